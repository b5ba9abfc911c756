//! The link stage: [`Source`] pages in, a [`Course`] out. Finds the sections, puts
//! lectures in order, gives every page its URL, chains previous/next in reading order,
//! and resolves every internal link and `#anchor` to a URL, reporting those that lead
//! nowhere with their file:line:col.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::LinkPolicy;
use crate::config::{CONTENT_DIR, slash_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::slug::{file_slug, number_prefix};
use crate::model::Kind;
use crate::model::LinkRef;
use crate::model::{Course, Lecture, LectureId, Page, PageRef, Section, SectionId};
use crate::source::{Loaded, Source};

/// Choices that change what the course holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkOptions {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
}

/// Builds the course from the loaded sources; diagnostics are added to `loaded`'s.
pub fn link(loaded: Loaded, options: LinkOptions) -> (Course, Vec<Diagnostic>) {
    let Loaded {
        config,
        sources,
        assets,
        mut diagnostics,
        ..
    } = loaded;
    let sources = without_drafts(sources, options.drafts);
    let root = config.root_path();
    let mut builder = Builder {
        root,
        sections: Vec::new(),
        lectures: Vec::new(),
        folder_sections: HashMap::new(),
        diagnostics: &mut diagnostics,
    };
    let (indexes, pages): (Vec<Source>, Vec<Source>) =
        sources.into_iter().partition(Source::is_section_index);
    builder.add_sections(indexes, &config.title);
    builder.add_lectures(pages);
    builder.order();
    builder.reject_duplicate_urls();
    let reading_order = builder.chain_reading_order();
    let Builder {
        sections, lectures, ..
    } = builder;
    let mut course = Course {
        root: config.root_path(),
        config,
        sections,
        lectures,
        reading_order,
        assets,
        principles: Vec::new(),
        questions: Vec::new(),
        stories: Vec::new(),
    };
    resolve_links(&mut course, &mut diagnostics);
    diagnostics.extend(crate::prep::link_prep(&mut course));
    (course, diagnostics)
}

/// Leaves out drafts, and every page under a draft section.
fn without_drafts(sources: Vec<Source>, keep_drafts: bool) -> Vec<Source> {
    if keep_drafts {
        return sources;
    }
    let draft_folders: Vec<String> = sources
        .iter()
        .filter(|s| s.is_section_index() && s.front_matter.draft && !s.folder().is_empty())
        .map(|s| format!("{}/", s.folder()))
        .collect();
    sources
        .into_iter()
        .filter(|s| !s.front_matter.draft)
        .filter(|s| {
            let path = &s.content_path;
            !draft_folders
                .iter()
                .any(|folder| path.starts_with(folder.as_str()))
        })
        .collect()
}

struct Builder<'a> {
    root: String,
    sections: Vec<Section>,
    lectures: Vec<Lecture>,
    /// Folder relative to `content/` -> the section it is.
    folder_sections: HashMap<String, SectionId>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Builder<'_> {
    /// Section 0 is the home page; every folder with an `_index.md` is a section.
    fn add_sections(&mut self, mut indexes: Vec<Source>, course_title: &str) {
        indexes
            .sort_by_key(|s| s.folder().matches('/').count() + usize::from(!s.folder().is_empty()));
        if indexes.first().is_none_or(|s| !s.folder().is_empty()) {
            self.sections.push(generated_home(course_title, &self.root));
            self.folder_sections.insert(String::new(), SectionId::HOME);
        }
        for source in indexes {
            let folder = source.folder().to_string();
            let parent = (!folder.is_empty()).then(|| self.section_above(&folder));
            let url = match parent {
                None => self.root.clone(),
                Some(parent) => {
                    let parent_section = &self.sections[parent];
                    let between = folder_between(&parent_section.folder, &folder);
                    let own = source.front_matter.slug.clone();
                    format!("{}{}", parent_section.page.url, url_segments(&between, own))
                }
            };
            let title = page_title(&source, || match folder.rsplit('/').next() {
                Some(name) if !name.is_empty() => name.to_string(),
                _ => course_title.to_string(),
            });
            let id = SectionId(self.sections.len());
            let ancestors = match parent {
                Some(parent) => {
                    let mut chain = self.sections[parent].ancestors.clone();
                    chain.push(parent);
                    self.sections[parent].subsections.push(id);
                    chain
                }
                None => Vec::new(),
            };
            let weight = source.front_matter.weight;
            self.sections.push(Section {
                page: page_from(source, title, url),
                folder: folder.clone(),
                parent,
                ancestors,
                subsections: Vec::new(),
                lectures: Vec::new(),
                weight,
            });
            self.folder_sections.insert(folder, id);
        }
    }

    /// The nearest section at or above a folder (the home page at the latest).
    fn section_above(&self, folder: &str) -> SectionId {
        let mut current = folder;
        while let Some((parent, _)) = current.rsplit_once('/') {
            if let Some(&id) = self.folder_sections.get(parent) {
                return id;
            }
            current = parent;
        }
        SectionId::HOME
    }

    /// The section a file's own folder belongs to.
    fn section_of_folder(&self, folder: &str) -> SectionId {
        match self.folder_sections.get(folder) {
            Some(&id) => id,
            None => self.section_above(folder),
        }
    }

    fn add_lectures(&mut self, pages: Vec<Source>) {
        for source in pages {
            let section = self.section_of_folder(source.folder());
            let section_ref = &self.sections[section];
            let between = folder_between(&section_ref.folder, source.folder());
            let slug = match &source.front_matter.slug {
                Some(slug) => file_slug(slug),
                None => file_slug(source.stem()),
            };
            let url = match prep_folder(source.front_matter.kind) {
                Some(folder) => format!("{}{folder}/{slug}/", self.root),
                None => {
                    let mut url = section_ref.page.url.clone();
                    if !between.is_empty() {
                        url.push_str(&url_segments(&between, None));
                    }
                    format!("{url}{slug}/")
                }
            };
            let title = page_title(&source, || source.stem().to_string());
            let front_matter = &source.front_matter;
            let id = LectureId(self.lectures.len());
            let lecture = Lecture {
                kind: front_matter.kind,
                slug,
                section,
                weight: front_matter.weight.or(front_matter.order),
                principles: Vec::new(),
                aliases: front_matter.aliases.clone(),
                framework: front_matter.framework.clone(),
                order: front_matter.order,
                layout: front_matter.layout,
                prev: None,
                next: None,
                page: page_from(source, title, url),
            };
            self.lectures.push(lecture);
            self.sections[section].lectures.push(id);
        }
    }

    /// Orders each section's lectures and subsections: weight, number prefix, title.
    fn order(&mut self) {
        let lectures = &self.lectures;
        let sections = &self.sections;
        let lecture_key = |&id: &LectureId| {
            let lecture = &lectures[id];
            order_key(lecture.weight, file_stem(&lecture.page.file), &lecture.page)
        };
        let section_key = |&id: &SectionId| {
            let section = &sections[id];
            let name = section.folder.rsplit('/').next().unwrap_or("");
            order_key(section.weight, name.to_string(), &section.page)
        };
        let mut orders = Vec::with_capacity(sections.len());
        for section in sections {
            let mut lecture_order = section.lectures.clone();
            lecture_order.sort_by_cached_key(lecture_key);
            let mut subsection_order = section.subsections.clone();
            subsection_order.sort_by_cached_key(section_key);
            orders.push((lecture_order, subsection_order));
        }
        for (section, (lectures, subsections)) in self.sections.iter_mut().zip(orders) {
            section.lectures = lectures;
            section.subsections = subsections;
        }
    }

    /// Two pages with one URL: an error naming both files; the second is left out.
    fn reject_duplicate_urls(&mut self) {
        let mut seen: HashMap<String, PathBuf> = HashMap::new();
        for section in &self.sections {
            seen.insert(section.page.url.clone(), section.page.file.clone());
        }
        let mut dropped = HashSet::new();
        let mut by_path: Vec<LectureId> = LectureId::all(self.lectures.len()).collect();
        by_path.sort_by(|&a, &b| self.lectures[a].page.file.cmp(&self.lectures[b].page.file));
        for id in by_path {
            let page = &self.lectures[id].page;
            if let Some(first) = seen.get(&page.url) {
                let message = format!(
                    "`{}` and `{}` both have the URL {}",
                    first.display(),
                    page.file.display(),
                    page.url
                );
                self.diagnostics.push(
                    Diagnostic::error(&page.file, "duplicate-url", message)
                        .with_hint("give one of them another file name or a `slug`"),
                );
                dropped.insert(id);
            } else {
                seen.insert(page.url.clone(), page.file.clone());
            }
        }
        for section in &mut self.sections {
            section.lectures.retain(|id| !dropped.contains(id));
        }
    }

    /// Lectures of kind `lecture` in reading order (a section's lectures, then its
    /// subsections), each linked to its neighbours.
    fn chain_reading_order(&mut self) -> Vec<LectureId> {
        let mut order = Vec::new();
        let mut stack = vec![SectionId::HOME];
        while let Some(section) = stack.pop() {
            let section_ref = &self.sections[section];
            order.extend(
                section_ref
                    .lectures
                    .iter()
                    .copied()
                    .filter(|&id| self.lectures[id].kind == Kind::Lecture),
            );
            stack.extend(section_ref.subsections.iter().rev().copied());
        }
        for pair in order.windows(2) {
            self.lectures[pair[0]].next = Some(pair[1]);
            self.lectures[pair[1]].prev = Some(pair[0]);
        }
        order
    }
}

/// The URL folder of the prep kinds: a principle is always at `/principles/<slug>/`,
/// wherever its file is.
pub fn prep_folder(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Lecture => None,
        Kind::Principle => Some("principles"),
        Kind::Template => Some("templates"),
        Kind::Worksheet => Some("worksheets"),
        Kind::Story => Some("stories"),
    }
}

fn generated_home(course_title: &str, root: &str) -> Section {
    Section {
        page: Page {
            title: course_title.to_string(),
            description: String::new(),
            url: root.to_string(),
            file: PathBuf::new(),
            headings: Vec::new(),
            link_refs: Vec::new(),
            links: HashMap::new(),
            text: "".into(),
            body_offset: 0,
            date: None,
            tags: Vec::new(),
            extra: Default::default(),
            principle_names: Vec::new(),
            principles_line: 0,
            company: None,
            level: None,
            front_matter_questions: Vec::new(),
            questions_line: 0,
            raw_questions: Vec::new(),
        },
        folder: String::new(),
        parent: None,
        ancestors: Vec::new(),
        subsections: Vec::new(),
        lectures: Vec::new(),
        weight: None,
    }
}

/// Front matter title, else the first `#` heading, else `fallback`.
fn page_title(source: &Source, fallback: impl FnOnce() -> String) -> String {
    source
        .front_matter
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| source.scan.first_title().map(str::to_string))
        .unwrap_or_else(fallback)
}

/// The page a loaded source becomes, under the title and URL linking gave it.
pub fn page_from(source: Source, title: String, url: String) -> Page {
    let front_matter = source.front_matter;
    Page {
        title,
        description: front_matter.description.unwrap_or_default(),
        url,
        file: source.path,
        headings: source.scan.headings,
        link_refs: source.scan.links,
        links: HashMap::new(),
        text: source.text,
        body_offset: source.body_offset,
        date: front_matter.date,
        tags: front_matter.tags,
        extra: front_matter.extra,
        principles_line: front_matter
            .key_lines
            .get("principles")
            .copied()
            .unwrap_or(0),
        principle_names: front_matter.principles,
        company: front_matter.company,
        level: front_matter.level,
        front_matter_questions: front_matter.questions,
        questions_line: front_matter.questions_line,
        raw_questions: source.questions,
    }
}

/// The folders between an ancestor folder and a folder, relative (`"a/b"`, or `""`).
fn folder_between(ancestor: &str, folder: &str) -> String {
    let rest = if ancestor.is_empty() {
        folder
    } else {
        folder.strip_prefix(ancestor).unwrap_or(folder)
    };
    rest.trim_start_matches('/').to_string()
}

/// URL segments for folders (each slugged, ending in `/`); `own` replaces the last one.
fn url_segments(folders: &str, own: Option<String>) -> String {
    let mut names: Vec<String> = folders
        .split('/')
        .filter(|s| !s.is_empty())
        .map(file_slug)
        .collect();
    if let (Some(own), Some(last)) = (own, names.last_mut()) {
        *last = file_slug(&own);
    }
    names.iter().map(|n| format!("{n}/")).collect()
}

fn file_stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Sort key: weight first (pages without one after), then number prefix, then title.
fn order_key(weight: Option<i64>, stem: String, page: &Page) -> (i64, u64, String, String) {
    (
        weight.unwrap_or(i64::MAX),
        number_prefix(&stem).unwrap_or(u64::MAX),
        page.title.to_lowercase(),
        page.url.clone(),
    )
}

/// Where a link written in a page points, before it is looked up.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Another site, a mail address: left alone.
    External,
    /// `#anchor` on the same page.
    SamePage(String),
    /// A Markdown file, relative to `content/`, and an anchor.
    ContentFile(String, Option<String>),
    /// A site URL path (`/section/page/`) and an anchor.
    SiteUrl(String, Option<String>),
    /// Another file relative to the page's folder (an image, a PDF), relative to `content/`.
    Asset(String),
    /// A relative path that leaves `content/`.
    OutsideContent,
}

/// Classifies a destination written in a file in `folder` (relative to `content/`).
fn classify(dest: &str, folder: &str) -> Target {
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if has_scheme(dest) || dest.starts_with("//") {
        return Target::External;
    }
    if path.is_empty() {
        return match anchor {
            Some(anchor) if !anchor.is_empty() => Target::SamePage(anchor),
            _ => Target::External,
        };
    }
    let path = crate::markdown::slug::percent_decode(path).unwrap_or_else(|| path.to_string());
    if let Some(rest) = path.strip_prefix("@/") {
        return match normalize(rest, "") {
            Some(path) => Target::ContentFile(path, anchor),
            None => Target::OutsideContent,
        };
    }
    if path.starts_with('/') {
        return Target::SiteUrl(path, anchor);
    }
    match normalize(&path, folder) {
        Some(path) if path.ends_with(".md") => Target::ContentFile(path, anchor),
        Some(path) => Target::Asset(path),
        None => Target::OutsideContent,
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it climbs out.
fn normalize(path: &str, folder: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Every page's URL, file and headings, for looking links up.
struct Index {
    root: String,
    by_file: HashMap<String, PageRef>,
    by_url: HashMap<String, PageRef>,
    assets: HashSet<String>,
    /// Files of `content/` (relative to it) that could not be read: a link to one is
    /// not reported, its own error says what is wrong.
    unreadable: HashSet<String>,
}

impl Index {
    fn new(course: &Course) -> Self {
        let mut by_file = HashMap::new();
        let mut by_url = HashMap::new();
        let pages = course
            .sections
            .iter()
            .enumerate()
            .map(|(id, s)| (PageRef::Section(SectionId(id)), &s.page))
            .chain(
                course
                    .sections
                    .iter()
                    .flat_map(|s| s.lectures.iter())
                    .map(|&id| (PageRef::Lecture(id), &course.lectures[id].page)),
            );
        for (page_ref, page) in pages {
            if let Ok(relative) = page.file.strip_prefix(CONTENT_DIR) {
                by_file.insert(slash_path(relative), page_ref);
            }
            by_url.insert(page.url.clone(), page_ref);
        }
        Self {
            root: course.root.clone(),
            by_file,
            by_url,
            assets: course.assets.iter().cloned().collect(),
            unreadable: HashSet::new(),
        }
    }

    /// A site URL path, with or without the course root and the trailing `/`.
    fn page_at_url(&self, path: &str) -> Option<PageRef> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let with_slash = if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        let under_root = format!("{}{}", self.root, with_slash.trim_start_matches('/'));
        self.by_url
            .get(&with_slash)
            .or_else(|| self.by_url.get(&under_root))
            .copied()
    }
}

/// Resolves every page's links, filling in `Page::links` and reporting broken ones.
fn resolve_links(course: &mut Course, diagnostics: &mut Vec<Diagnostic>) {
    let mut index = Index::new(course);
    index.unreadable = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.strip_prefix(CONTENT_DIR).ok())
        .map(slash_path)
        .collect();
    let page_refs = course.pages();
    let resolved: Vec<(HashMap<String, String>, Vec<Diagnostic>)> = page_refs
        .par_iter()
        .map(|&page_ref| resolve_page(course, &index, page_ref))
        .collect();
    for (page_ref, (links, page_diagnostics)) in page_refs.into_iter().zip(resolved) {
        diagnostics.extend(page_diagnostics);
        course.page_mut(page_ref).links = links;
    }
}

/// Resolves the links of one page again (after its text changed); gives its diagnostics.
pub fn relink_page(course: &mut Course, page_ref: PageRef) -> Vec<Diagnostic> {
    let index = Index::new(course);
    let (links, diagnostics) = resolve_page(course, &index, page_ref);
    course.page_mut(page_ref).links = links;
    diagnostics
}

/// One page's links: destination as written -> URL, and the broken ones.
fn resolve_page(
    course: &Course,
    index: &Index,
    page_ref: PageRef,
) -> (HashMap<String, String>, Vec<Diagnostic>) {
    let severity = match course.config.links {
        LinkPolicy::Warn => Severity::Warning,
        LinkPolicy::Error => Severity::Error,
    };
    let page = course.page(page_ref);
    let mut links = HashMap::new();
    let mut diagnostics = Vec::new();
    for link in &page.link_refs {
        match resolve_one(course, index, page, link) {
            Ok(Some(url)) => {
                links.insert(link.dest.clone(), url);
            }
            Ok(None) => {}
            Err((code, message)) => {
                let mut diagnostic = Diagnostic::error(&page.file, code, message).at(
                    &page.text,
                    page.body_offset + link.offset,
                    link.len,
                );
                diagnostic.severity = severity;
                diagnostics.push(diagnostic);
            }
        }
    }
    (links, diagnostics)
}

/// The URL one link resolves to (`None`: leave it as written), or why it is broken.
fn resolve_one(
    course: &Course,
    index: &Index,
    page: &Page,
    link: &LinkRef,
) -> Result<Option<String>, (&'static str, String)> {
    let folder = page
        .file
        .strip_prefix(CONTENT_DIR)
        .ok()
        .and_then(|p| p.parent())
        .map(slash_path)
        .unwrap_or_default();
    let dest = &link.dest;
    let (target, anchor) = match classify(dest, &folder) {
        Target::External => return Ok(None),
        Target::SamePage(anchor) => {
            return if page.anchors().contains(anchor.as_str()) {
                Ok(None)
            } else {
                Err((
                    "broken-anchor",
                    format!("no heading with id `#{anchor}` on this page"),
                ))
            };
        }
        Target::ContentFile(path, anchor) => match index.by_file.get(&path) {
            Some(&target) => (target, anchor),
            None if index.unreadable.contains(&path) => return Ok(None),
            None => {
                return Err((
                    "broken-link",
                    format!("link to `{dest}`: no page content/{path}"),
                ));
            }
        },
        Target::SiteUrl(path, anchor) => match index.page_at_url(&path) {
            Some(target) => (target, anchor),
            None if index.assets.contains(path.trim_start_matches('/')) => return Ok(None),
            None => {
                return Err((
                    "broken-link",
                    format!("link to `{dest}`: no page at that URL"),
                ));
            }
        },
        Target::Asset(path) => {
            if index.assets.contains(&path) {
                return Ok(Some(format!("{}{path}", index.root)));
            }
            if link.is_image {
                return Err((
                    "missing-image",
                    format!("image `{dest}` not found in content/"),
                ));
            }
            return Ok(None);
        }
        Target::OutsideContent => {
            return Err((
                "broken-link",
                format!("link to `{dest}` leads outside content/"),
            ));
        }
    };
    let target_page = course.page(target);
    let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
        return Ok(Some(target_page.url.clone()));
    };
    if target_page.anchors().contains(anchor.as_str()) {
        Ok(Some(format!("{}#{anchor}", target_page.url)))
    } else {
        Err((
            "broken-anchor",
            format!(
                "link to `{dest}`: `{}` has no heading with id `#{anchor}`",
                target_page.file.display()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CourseConfig;
    use crate::source::parse_source;
    use std::path::Path;
    use std::sync::Arc;

    /// Links a course made of `(path under content/, text)` files.
    fn course_of(files: &[(&str, &str)]) -> (Course, Vec<Diagnostic>) {
        let sources = files
            .iter()
            .filter_map(|(path, text)| {
                let file = Path::new(CONTENT_DIR).join(path);
                parse_source(
                    file,
                    path.to_string(),
                    Arc::from(*text),
                    &crate::prep::questions::QuestionScanner,
                )
                .0
            })
            .collect();
        let config = CourseConfig::parse(Path::new("course.toml"), "title = \"T\"").unwrap();
        let loaded = Loaded {
            root: PathBuf::new(),
            config,
            sources,
            assets: vec!["s/diagram.png".to_string()],
            diagnostics: Vec::new(),
        };
        link(loaded, LinkOptions::default())
    }

    fn titles(course: &Course, section: SectionId) -> Vec<&str> {
        course.sections[section]
            .lectures
            .iter()
            .map(|&id| course.lectures[id].page.title.as_str())
            .collect()
    }

    #[test]
    fn orders_by_weight_then_number_then_title() {
        let (course, _) = course_of(&[
            ("s/_index.md", "---\ntitle: S\n---\n"),
            ("s/b.md", "---\ntitle: Beta\n---\n"),
            ("s/a.md", "---\ntitle: Alpha\n---\n"),
            ("s/10-ten.md", "---\ntitle: Ten\n---\n"),
            ("s/9-nine.md", "---\ntitle: Nine\n---\n"),
            ("s/heavy.md", "---\ntitle: Heavy\nweight: 1\n---\n"),
        ]);
        assert_eq!(
            titles(&course, SectionId(1)),
            ["Heavy", "Nine", "Ten", "Alpha", "Beta"]
        );
    }

    #[test]
    fn urls_sections_and_reading_order() {
        let (course, _) = course_of(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("02-second/_index.md", "---\ntitle: Second\n---\n"),
            ("02-second/01-x.md", "# X\n"),
            ("01-first/_index.md", "---\ntitle: First\n---\n"),
            ("01-first/02-b.md", "# B\n"),
            ("01-first/01-a.md", "---\nslug: custom\n---\n# A\n"),
            ("01-first/sub/_index.md", "---\ntitle: Sub\n---\n"),
            ("01-first/sub/01-c.md", "# C\n"),
        ]);
        let order: Vec<(&str, &str)> = course
            .reading_order
            .iter()
            .map(|&id| {
                (
                    course.lectures[id].page.title.as_str(),
                    course.lectures[id].page.url.as_str(),
                )
            })
            .collect();
        assert_eq!(
            order,
            [
                ("A", "/first/custom/"),
                ("B", "/first/b/"),
                ("C", "/first/sub/c/"),
                ("X", "/second/x/"),
            ]
        );
        let c = course.reading_order[2];
        assert_eq!(course.lectures[c].prev, Some(course.reading_order[1]));
        assert_eq!(course.lectures[c].next, Some(course.reading_order[3]));
        let sub = course.lectures[c].section;
        assert_eq!(course.sections[sub].ancestors.len(), 2);
    }

    #[test]
    fn resolves_every_kind_of_internal_link() {
        let (course, diagnostics) = course_of(&[
            ("s/_index.md", "---\ntitle: S\n---\n"),
            ("s/01-a.md", "# A\n\n## Part One\n"),
            (
                "s/02-b.md",
                "# B\n\n[r](01-a.md#part-one) [at](@/s/01-a.md) [abs](/s/a/) [sec](_index.md) [img](diagram.png) [top](#b) [web](https://x.org/a.md)\n",
            ),
        ]);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let b = course
            .lectures
            .iter()
            .find(|l| l.page.title == "B")
            .unwrap();
        assert_eq!(b.page.links["01-a.md#part-one"], "/s/a/#part-one");
        assert_eq!(b.page.links["@/s/01-a.md"], "/s/a/");
        assert_eq!(b.page.links["/s/a/"], "/s/a/");
        assert_eq!(b.page.links["_index.md"], "/s/");
        assert_eq!(b.page.links["diagram.png"], "/s/diagram.png");
        assert!(!b.page.links.contains_key("https://x.org/a.md"));
    }

    #[test]
    fn broken_links_and_anchors_are_located() {
        let (_, diagnostics) = course_of(&[
            ("a.md", "# A\n\n## Real\n"),
            (
                "b.md",
                "---\ntitle: B\n---\nfirst line\n\nsee [x](a.md#unreal) and [y](missing.md)\n![p](nope.png)\n",
            ),
        ]);
        let found: Vec<(usize, usize, &str)> = diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.code))
            .collect();
        assert_eq!(
            found,
            [
                (6, 5, "broken-anchor"),
                (6, 26, "broken-link"),
                (7, 1, "missing-image")
            ]
        );
        assert!(diagnostics.iter().all(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn duplicate_urls_name_both_files() {
        let (course, diagnostics) = course_of(&[("01-a.md", "# A\n"), ("a.md", "# A again\n")]);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("content/01-a.md"));
        assert!(diagnostics[0].message.contains("content/a.md"));
        assert_eq!(course.sections[0].lectures.len(), 1);
    }

    #[test]
    fn classifies_destinations() {
        assert_eq!(classify("https://x.com/a.md", "s"), Target::External);
        assert_eq!(classify("mailto:me@x.com", "s"), Target::External);
        assert_eq!(classify("#top", "s"), Target::SamePage("top".into()));
        assert_eq!(
            classify("../other/02-b.md#x", "s/sub"),
            Target::ContentFile("s/other/02-b.md".into(), Some("x".into()))
        );
        assert_eq!(
            classify("@/s/01-a.md", "elsewhere"),
            Target::ContentFile("s/01-a.md".into(), None)
        );
        assert_eq!(
            classify("/s/a/#h", "x"),
            Target::SiteUrl("/s/a/".into(), Some("h".into()))
        );
        assert_eq!(
            classify("img/p.png", "s"),
            Target::Asset("s/img/p.png".into())
        );
        assert_eq!(classify("../../x.md", "s"), Target::OutsideContent);
        assert_eq!(
            classify("My%20Note.md", ""),
            Target::ContentFile("My Note.md".into(), None)
        );
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("./a/../b.md", "s").as_deref(), Some("s/b.md"));
        assert_eq!(normalize("../b.md", ""), None);
    }
}
