//! The course's structure: which folders are sections, the order of their pages, each
//! page's URL, and the previous/next chain in reading order. Drafts are left out here,
//! and two pages with one URL are reported.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::markdown::slug::{file_slug, number_prefix};
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
    pub(super) diagnostics: &'a mut Vec<Diagnostic>,
}

impl Builder<'_> {
    /// Section 0 is the home page; every folder with an `_index.md` is a section.
    pub(super) fn add_sections(&mut self, mut indexes: Vec<Source>, course_title: &str) {
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
    pub(super) fn order(&mut self) {
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
    pub(super) fn reject_duplicate_urls(&mut self) {
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
