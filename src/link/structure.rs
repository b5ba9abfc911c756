//! The course's structure: which folders are sections, the order of their pages, each
//! page's URL, and the previous/next chain in reading order. Drafts are left out here,
//! and two pages with one URL are reported.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::config::CONTENT_DIR;
use crate::diagnostic::Diagnostic;
use crate::markdown::slug::{file_slug, number_prefix, url_slug};
use crate::model::Kind;
use crate::model::{Lecture, LectureId, Page, Section, SectionId};
use crate::source::Source;

/// Leaves out drafts, and every page under a draft section.
pub(super) fn without_drafts(sources: Vec<Source>, keep_drafts: bool) -> Vec<Source> {
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

pub(super) struct Builder<'a> {
    pub(super) root: String,
    pub(super) sections: Vec<Section>,
    pub(super) lectures: Vec<Lecture>,
    /// Folder relative to `content/` -> the section it is.
    pub(super) folder_sections: HashMap<String, SectionId>,
    /// The URL of each lecture placed so far -> the first lecture with it.
    pub(super) lecture_urls: HashMap<String, LectureId>,
    pub(super) diagnostics: &'a mut Vec<Diagnostic>,
}

impl Builder<'_> {
    /// Section 0 is the home page; every folder with an `_index.md` is a section, and so
    /// is every folder that holds lectures without one (its page is generated: its title
    /// from the folder's name, listing its pages and subfolders).
    pub(super) fn add_sections(
        &mut self,
        indexes: Vec<Source>,
        lectures: &[Source],
        course_title: &str,
    ) {
        let mut sections: Vec<(String, Option<Source>)> = generated_folders(&indexes, lectures)
            .into_iter()
            .map(|folder| (folder, None))
            .chain(
                indexes
                    .into_iter()
                    .map(|s| (s.folder().to_string(), Some(s))),
            )
            .collect();
        sections.sort_by_key(|(folder, _)| depth(folder));
        if sections
            .first()
            .is_none_or(|(folder, _)| !folder.is_empty())
        {
            self.sections
                .push(generated_section(course_title, &self.root, String::new()));
            self.folder_sections.insert(String::new(), SectionId::HOME);
        }
        for (folder, source) in sections {
            let parent = (!folder.is_empty()).then(|| self.section_above(&folder));
            let own_slug = source.as_ref().and_then(|s| s.front_matter.slug.clone());
            let url = match parent {
                None => self.root.clone(),
                Some(parent) => {
                    let parent_section = &self.sections[parent];
                    let between = folder_between(&parent_section.folder, &folder);
                    let url = format!(
                        "{}{}",
                        parent_section.page.url,
                        url_segments(&between, own_slug.clone())
                    );
                    match own_slug {
                        Some(_) => url,
                        None => self.section_url_apart(url, parent, &folder),
                    }
                }
            };
            let name = folder.rsplit('/').next().unwrap_or("");
            let fallback = || match name {
                "" => course_title.to_string(),
                name => folder_title(name),
            };
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
            let mut section = match source {
                Some(source) => {
                    let title = page_title(&source, fallback);
                    let weight = source.front_matter.weight;
                    let mut section = generated_section(&title, &url, folder.clone());
                    section.page = page_from(source, title, url);
                    section.weight = weight;
                    section
                }
                None => generated_section(&fallback(), &url, folder.clone()),
            };
            section.parent = parent;
            section.ancestors = ancestors;
            self.sections.push(section);
            self.folder_sections.insert(folder, id);
        }
    }

    /// `url` for the section of `folder`, unless another section has it only because a
    /// number prefix was dropped from a name (`60-CompSci/` and `compsci/` both give
    /// `/compsci/`): then the one whose name has the number keeps it (`/60-compsci/`),
    /// with a warning. Two that collide by name alone stay for `reject_duplicate_urls`.
    fn section_url_apart(&mut self, url: String, parent: SectionId, folder: &str) -> String {
        let Some(other) = self.sections.iter().position(|s| s.page.url == url) else {
            return url;
        };
        let numbered = |folder: &str| {
            let name = folder.rsplit('/').next().unwrap_or(folder);
            (file_slug(name) != url_slug(name)).then(|| url_slug(name))
        };
        let parent_url = self.sections[parent].page.url.clone();
        let (own_url, renamed, kept) = if let Some(slug) = numbered(folder) {
            let kept = format!("{parent_url}{slug}/");
            (kept.clone(), folder.to_string(), kept)
        } else if let Some(slug) = numbered(&self.sections[other].folder) {
            // The other one yields; its pages are not placed yet (sections come by depth).
            let kept = format!("{parent_url}{slug}/");
            self.sections[other].page.url = kept.clone();
            (url.clone(), self.sections[other].folder.clone(), kept)
        } else {
            return url;
        };
        let name = renamed.rsplit('/').next().unwrap_or(&renamed);
        let message = format!(
            "two folders would both have the URL {url}, because a number prefix is \
             dropped from URLs; `{name}` keeps its number: {kept}"
        );
        self.diagnostics.push(
            Diagnostic::warning(
                PathBuf::from(CONTENT_DIR).join(&renamed),
                "number-prefix-kept",
                message,
            )
            .with_hint("rename one of the folders, or give its _index.md a `slug`"),
        );
        own_url
    }

    /// `url` for the note `stem`, unless another note has it only because a number prefix
    /// was dropped (`01-intro.md` and `intro.md`): then the one whose name has the number
    /// keeps it, with a warning, as [`Self::section_url_apart`] does for folders.
    fn lecture_url_apart(&mut self, url: String, stem: &str, file: &std::path::Path) -> String {
        let Some(&LectureId(other)) = self.lecture_urls.get(&url) else {
            return url;
        };
        let numbered = |stem: &str| (file_slug(stem) != url_slug(stem)).then(|| url_slug(stem));
        let base = url.trim_end_matches('/');
        let base = &base[..base.rfind('/').map_or(0, |at| at + 1)];
        let other_stem = content_stem(&self.lectures[other].page.content_path);
        let (own_url, renamed, kept) = if let Some(slug) = numbered(stem) {
            let kept = format!("{base}{slug}/");
            (kept.clone(), file.to_path_buf(), kept)
        } else if let Some(slug) = numbered(&other_stem) {
            let kept = format!("{base}{slug}/");
            let lecture = &mut self.lectures[other];
            lecture.page.url = kept.clone();
            lecture.slug = slug;
            self.lecture_urls.remove(&url);
            self.lecture_urls.insert(kept.clone(), LectureId(other));
            (url.clone(), lecture.page.file.clone(), kept)
        } else {
            return url;
        };
        let message = format!(
            "two notes would both have the URL {url}, because a number prefix is dropped \
             from URLs; this one keeps its number: {kept}"
        );
        self.diagnostics.push(
            Diagnostic::warning(renamed, "number-prefix-kept", message)
                .with_hint("rename one of the files, or give one a `slug`"),
        );
        own_url
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

    pub(super) fn add_lectures(&mut self, pages: Vec<Source>) {
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
            let url = match source.front_matter.slug {
                Some(_) => url,
                None => self.lecture_url_apart(url, source.stem(), &source.path),
            };
            let slug = url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(&slug)
                .to_string();
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
                page: page_from(source, title, url.clone()),
            };
            self.lecture_urls.entry(url).or_insert(id);
            self.lectures.push(lecture);
            self.sections[section].lectures.push(id);
        }
    }

    /// Orders each section's lectures and subsections: weight, number prefix, title.
    pub(super) fn order(&mut self) {
        let lectures = &self.lectures;
        let sections = &self.sections;
        let lecture_key = |&id: &LectureId| {
            let lecture = &lectures[id];
            order_key(
                lecture.weight,
                content_stem(&lecture.page.content_path),
                &lecture.page,
            )
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
    pub(super) fn reject_duplicate_urls(&mut self) {
        let mut seen: HashMap<String, PathBuf> = HashMap::new();
        for section in &self.sections {
            let source = match section.page.file.as_os_str().is_empty() {
                true => PathBuf::from(CONTENT_DIR).join(&section.folder),
                false => section.page.file.clone(),
            };
            if let Some(first) = seen.get(&section.page.url) {
                let message = format!(
                    "`{}` and `{}` both have the URL {}",
                    first.display(),
                    source.display(),
                    section.page.url
                );
                let hint = "rename one of the folders, or give its _index.md a `slug`";
                let diagnostic = Diagnostic::error(&source, "duplicate-url", message);
                self.diagnostics.push(diagnostic.with_hint(hint));
                continue;
            }
            seen.insert(section.page.url.clone(), source);
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
    pub(super) fn chain_reading_order(&mut self) -> Vec<LectureId> {
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

/// The folders that hold lectures (kind `lecture`, in them or below) but no `_index.md`.
fn generated_folders(indexes: &[Source], lectures: &[Source]) -> Vec<String> {
    let with_index: HashSet<&str> = indexes.iter().map(Source::folder).collect();
    let mut folders: HashSet<&str> = HashSet::new();
    for source in lectures
        .iter()
        .filter(|s| s.front_matter.kind == Kind::Lecture)
    {
        let mut folder = source.folder();
        while !folder.is_empty() && folders.insert(folder) {
            folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
    let mut generated: Vec<String> = folders
        .into_iter()
        .filter(|folder| !with_index.contains(folder))
        .map(str::to_string)
        .collect();
    generated.sort();
    generated
}

/// How deep a folder is under `content/` (`""` is 0).
fn depth(folder: &str) -> usize {
    match folder {
        "" => 0,
        folder => folder.matches('/').count() + 1,
    }
}

/// A section's title from its folder's name: `03-data-structures` reads "Data
/// structures"; a name with spaces (`Data Structures`) is kept as it is.
fn folder_title(name: &str) -> String {
    let without_number = match name.find(|c: char| !c.is_ascii_digit()) {
        Some(i) if i > 0 && matches!(&name[i..i + 1], "-" | "_" | " ") => name[i + 1..].trim(),
        _ => name,
    };
    if without_number.contains(' ') || without_number.is_empty() {
        return without_number.to_string();
    }
    let spaced = without_number.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// A section whose page no file provides (the home page, a folder without `_index.md`).
fn generated_section(title: &str, url: &str, folder: String) -> Section {
    Section {
        page: Page {
            title: title.to_string(),
            description: String::new(),
            url: url.to_string(),
            file: PathBuf::new(),
            content_path: String::new(),
            fallback_from: None,
            headings: Vec::new(),
            blocks: Vec::new(),
            link_refs: Vec::new(),
            links: HashMap::new(),
            missing_notes: Vec::new(),
            text: "".into(),
            body_offset: 0,
            date: None,
            updated: None,
            redirect_from: Vec::new(),
            redirect_from_line: 0,
            tags: Vec::new(),
            extra: Default::default(),
            principle_names: Vec::new(),
            principles_line: 0,
            company: None,
            level: None,
            topic: None,
            difficulty: None,
            front_matter_questions: Vec::new(),
            questions_line: 0,
            raw_questions: Vec::new(),
        },
        folder,
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
        .or_else(|| source.scan.title().map(str::to_string))
        .unwrap_or_else(fallback)
}

/// The front matter's tags, then the text's inline ones that are not among them.
fn with_inline_tags(mut tags: Vec<String>, inline: Vec<String>) -> Vec<String> {
    for tag in inline {
        let same = super::tags::normalize(&tag);
        if !tags.iter().any(|t| super::tags::normalize(t) == same) {
            tags.push(tag);
        }
    }
    tags
}

/// The page a loaded source becomes, under the title and URL linking gave it.
pub fn page_from(source: Source, title: String, url: String) -> Page {
    let front_matter = source.front_matter;
    Page {
        title,
        description: front_matter.description.unwrap_or_default(),
        url,
        file: source.path,
        content_path: source.content_path,
        fallback_from: source.fallback_from,
        headings: source.scan.headings,
        blocks: source.scan.blocks,
        link_refs: source.scan.links,
        links: HashMap::new(),
        missing_notes: Vec::new(),
        text: source.text,
        body_offset: source.body_offset,
        updated: source.updated.or_else(|| front_matter.date.clone()),
        redirect_from_line: front_matter
            .key_lines
            .get("redirect_from")
            .copied()
            .unwrap_or(0),
        redirect_from: front_matter.redirect_from,
        date: front_matter.date,
        tags: with_inline_tags(front_matter.tags, source.scan.tags),
        extra: front_matter.extra,
        principles_line: front_matter
            .key_lines
            .get("principles")
            .copied()
            .unwrap_or(0),
        principle_names: front_matter.principles,
        company: front_matter.company,
        level: front_matter.level,
        topic: front_matter.topic,
        difficulty: front_matter.difficulty,
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

/// A page's file name without `.md` (and without its language).
fn content_stem(content_path: &str) -> String {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    name.strip_suffix(".md").unwrap_or(name).to_string()
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
