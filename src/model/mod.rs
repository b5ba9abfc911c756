//! The course model: plain serde data that the link stage builds and the render stage
//! reads. Sections and lectures refer to each other by index into [`Course::sections`]
//! and [`Course::lectures`]; nothing here knows about templates or the disk.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

pub mod generated;
pub mod page;
pub mod question;
pub mod translations;

pub use page::{Block, FrontMatterQuestion, Heading, Kind, Layout, LinkRef};
pub use question::{Card, CardKind, Question, RawQuestion, SourceRef};

use crate::config::CourseConfig;

/// An index type for one of the course's lists: a lecture's index cannot be passed
/// where a section's is meant, and the list indexes by it directly.
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident => $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub usize);

        impl $name {
            /// Every index of a list of that many items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> {
                (0..len).map($name)
            }
        }

        impl std::ops::Index<$name> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }

        impl std::ops::IndexMut<$name> for Vec<$item> {
            fn index_mut(&mut self, id: $name) -> &mut $item {
                &mut self[id.0]
            }
        }
    };
}

index_type!(
    /// Index of a section in [`Course::sections`]; the home page is [`SectionId::HOME`].
    SectionId => Section
);
index_type!(
    /// Index of a lecture in [`Course::lectures`].
    LectureId => Lecture
);
index_type!(
    /// Index of a principle in [`Course::principles`].
    PrincipleId => Principle
);
index_type!(
    /// Index of a question in [`Course::questions`].
    QuestionId => Question
);

impl SectionId {
    /// The home page's section (`content/_index.md`).
    pub const HOME: SectionId = SectionId(0);
}

/// The whole course, linked.
#[derive(Debug, Clone, Serialize)]
pub struct Course {
    pub config: CourseConfig,
    /// The URL path prefix every internal URL starts with (`/` or `/prep/`; `/ru/` for
    /// the Russian tree of a course in several languages).
    pub root: String,
    /// The root of the whole site, where the theme's files and the course's assets are:
    /// `root`, or the folder above it for a language's tree.
    pub site_root: String,
    /// Its language's place in `[languages]` (0: the default, or the only one).
    pub language: usize,
    /// Where every page's translations are, for a course in several languages.
    #[serde(skip)]
    pub translations: Option<Arc<crate::model::translations::Translations>>,
    /// Section 0 is the home page (`content/_index.md`).
    pub sections: Vec<Section>,
    pub lectures: Vec<Lecture>,
    /// Lectures (kind `lecture`) in reading order: the previous/next chain.
    pub reading_order: Vec<LectureId>,
    /// Files to copy as they are, relative to `content/`.
    pub assets: Vec<String>,
    /// Every principle: from principle files, in framework order, then the names that
    /// pages refer to without a file.
    pub principles: Vec<Principle>,
    /// The question bank, in course order, one entry per distinct question.
    pub questions: Vec<Question>,
    /// The story files (kind `story`), in course order.
    pub stories: Vec<LectureId>,
    /// Every tag of the pages, parents before their children (`link::tags`).
    pub tags: Vec<Tag>,
    /// The old URLs that lead to moved pages.
    pub redirects: Vec<Redirect>,
}

/// An old URL of a page that moved, written as a small page that leads to the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// The old URL, under the course root like a page's (`/old-name/`, `/a.html`).
    pub from: String,
    /// The page's URL now.
    pub to: String,
    /// The page's file, relative to the course root.
    pub file: PathBuf,
    /// Found by the build (the page was at `from` in the build before), not written in
    /// front matter.
    pub automatic: bool,
}

/// Where each page was in an earlier build of the same output, per language tree (by
/// its root, `/` or `/ru/`): so a build can keep a renamed page's old URL working.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EarlierUrls {
    pub trees: BTreeMap<String, EarlierTree>,
}

/// One language tree's pages in an earlier build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EarlierTree {
    /// Each page's URL and text, by its file (relative to the course root).
    pub pages: BTreeMap<String, EarlierPage>,
    /// The redirects the build found by itself, old URL -> the file of the page that
    /// moved: they are kept while that page lives elsewhere.
    pub moved: BTreeMap<String, String>,
}

/// A page in an earlier build: its URL, and a hash of its file's text (a file renamed
/// with its text unchanged is the same page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EarlierPage {
    pub url: String,
    pub text: String,
}

/// A tag of the course's pages, with the pages that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// The tag as compared: lower case, without `#`, `/` between levels.
    pub path: String,
    /// The whole tag as first written (`Android/Gradle`).
    pub shown: String,
    /// Its last level as first written (`Gradle`).
    pub name: String,
    pub url: String,
    /// How many levels are above it.
    pub depth: usize,
    /// The pages tagged with exactly this tag, in course order.
    pub pages: Vec<LectureId>,
    /// The tags one level below it (indices into the course's tags).
    pub children: Vec<usize>,
}

impl Course {
    /// The folder its language's tree is in, with a trailing `/` (`ru/`), or `""` for
    /// the default language's, at the site's root.
    pub fn tree(&self) -> &str {
        self.root
            .strip_prefix(self.site_root.as_str())
            .unwrap_or("")
    }
}

impl Tag {
    /// The tag of `path` among `tags`, which are sorted by path level by level, as the
    /// link stage gives them.
    pub fn find(tags: &[Tag], path: &str) -> Option<usize> {
        tags.binary_search_by(|tag| tag.path.split('/').cmp(path.split('/')))
            .ok()
    }

    /// How many pages carry it or a tag below it.
    pub fn count(&self, tags: &[Tag]) -> usize {
        self.pages.len()
            + self
                .children
                .iter()
                .map(|&child| tags[child].count(tags))
                .sum::<usize>()
    }
}

/// A principle (Amazon's "Ownership"), with everything that refers to it.
#[derive(Debug, Clone, Serialize)]
pub struct Principle {
    pub slug: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub framework: Option<String>,
    pub order: Option<i64>,
    pub url: String,
    /// The principle file; `None` for a name that pages use without a file.
    pub lecture: Option<LectureId>,
    /// A one-line definition: the file's description, else its first paragraph.
    pub definition: String,
    /// Lectures (kind `lecture`) that touch it, in course order.
    pub lectures: Vec<LectureId>,
    pub questions: Vec<QuestionId>,
    /// Story files that cover it.
    pub stories: Vec<LectureId>,
}

/// What sections and lectures have in common: a page with a URL and Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub title: String,
    pub description: String,
    /// The page's URL path, starting with the course root and ending with `/`.
    pub url: String,
    /// The source file, relative to the course root (empty for generated pages).
    pub file: PathBuf,
    /// The file's path under `content/` without its language (`a/b.md` for
    /// `content/a/b.ru.md` or `content/ru/a/b.md`): what links and wiki names find it
    /// by, and what its translations share. Empty for generated pages.
    pub content_path: String,
    /// For a page shown in a language it is not written in, because that language has
    /// no translation of it: the language it is written in.
    pub fallback_from: Option<String>,
    pub headings: Vec<Heading>,
    /// The blocks its block ids mark, in order.
    #[serde(skip)]
    pub blocks: Vec<Block>,
    /// The links as written, with their positions in the body.
    #[serde(skip)]
    pub link_refs: Vec<LinkRef>,
    /// Destination as written -> the URL it resolves to.
    #[serde(skip)]
    pub links: HashMap<String, String>,
    /// The notes its wiki links name that do not exist, as written, in order.
    #[serde(skip)]
    pub missing_notes: Vec<String>,
    /// The file's text (front matter included) and where the body starts.
    #[serde(skip)]
    pub text: Arc<str>,
    #[serde(skip)]
    pub body_offset: usize,
    pub date: Option<String>,
    /// Its former URLs as front matter `redirect_from` lists them, and that key's line.
    #[serde(skip)]
    pub redirect_from: Vec<String>,
    #[serde(skip)]
    pub redirect_from_line: usize,
    /// When the page last changed: its file's last commit, else its `date`.
    pub updated: Option<String>,
    pub tags: Vec<String>,
    pub extra: BTreeMap<String, Value>,
    /// Principle names from front matter `principles:`, as written, and their line.
    pub principle_names: Vec<String>,
    #[serde(skip)]
    pub principles_line: usize,
    pub company: Option<String>,
    pub level: Option<String>,
    pub topic: Option<String>,
    pub difficulty: Option<String>,
    /// Questions written in front matter, and the line where their list starts.
    #[serde(skip)]
    pub front_matter_questions: Vec<FrontMatterQuestion>,
    #[serde(skip)]
    pub questions_line: usize,
    /// Questions found in the Markdown, before they are placed in the bank.
    #[serde(skip)]
    pub raw_questions: Vec<RawQuestion>,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The ids of the page's headings, for anchor checks.
    pub fn anchors(&self) -> HashSet<&str> {
        self.headings.iter().map(|h| h.id.as_str()).collect()
    }
}

/// A folder of lectures, with its `_index.md` as its page.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub page: Page,
    /// The folder, relative to `content/` (`""` for the home page).
    pub folder: String,
    pub parent: Option<SectionId>,
    /// Sections above this one, from the home page down (this one excluded).
    pub ancestors: Vec<SectionId>,
    pub subsections: Vec<SectionId>,
    /// This section's pages, in order.
    pub lectures: Vec<LectureId>,
    pub weight: Option<i64>,
}

/// One page of content inside a section.
#[derive(Debug, Clone, Serialize)]
pub struct Lecture {
    pub page: Page,
    pub kind: Kind,
    pub slug: String,
    pub section: SectionId,
    pub weight: Option<i64>,
    /// The principles it touches: front matter first, then those its headings name.
    pub principles: Vec<PrincipleId>,
    pub aliases: Vec<String>,
    pub framework: Option<String>,
    pub order: Option<i64>,
    /// A worksheet's layout.
    pub layout: Option<Layout>,
    pub prev: Option<LectureId>,
    pub next: Option<LectureId>,
}

/// A page of the course: a section's page or a lecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRef {
    Section(SectionId),
    Lecture(LectureId),
}

impl Course {
    /// The title of the principle named by `slug`, or the slug itself when the course
    /// has no such principle (as the exports name a question's principles).
    pub fn principle_title<'a>(&'a self, slug: &'a str) -> &'a str {
        self.principles
            .iter()
            .find(|p| p.slug == slug)
            .map_or(slug, |p| p.title.as_str())
    }
    /// Every page made from a file or a folder: the sections' pages in id order, then the
    /// lectures' (the order `sections` and `lectures` index).
    pub fn every_page(&self) -> impl Iterator<Item = &Page> {
        self.sections
            .iter()
            .map(|s| &s.page)
            .chain(self.lectures.iter().map(|l| &l.page))
    }

    /// Whether the course makes `/unresolved/`: it has wiki links to notes that do not
    /// exist and `course.toml` does not turn the page off.
    pub fn has_unresolved_page(&self) -> bool {
        self.config.unresolved_page && self.every_page().any(|p| !p.missing_notes.is_empty())
    }

    /// Whether the course makes `/graph/`: some page links to another, and `course.toml`
    /// does not turn it off.
    pub fn has_graph_page(&self) -> bool {
        if !self.config.graph_page {
            return false;
        }
        let pages = || self.every_page();
        let urls: foldhash::HashSet<&str> = pages().map(|p| p.url.as_str()).collect();
        pages().any(|page| {
            page.links.values().any(|url| {
                let path = url.split('#').next().unwrap_or(url);
                path != page.url && urls.contains(path)
            })
        })
    }

    /// The page behind a reference.
    pub fn page(&self, page: PageRef) -> &Page {
        match page {
            PageRef::Section(id) => &self.sections[id].page,
            PageRef::Lecture(id) => &self.lectures[id].page,
        }
    }

    /// The page behind a reference, to change.
    pub fn page_mut(&mut self, page: PageRef) -> &mut Page {
        match page {
            PageRef::Section(id) => &mut self.sections[id].page,
            PageRef::Lecture(id) => &mut self.lectures[id].page,
        }
    }

    /// Every page in course order: each section's page, its lectures, then its
    /// subsections.
    pub fn pages(&self) -> Vec<PageRef> {
        let mut pages = Vec::with_capacity(self.sections.len() + self.lectures.len());
        let mut stack = vec![SectionId::HOME];
        while let Some(section) = stack.pop() {
            pages.push(PageRef::Section(section));
            let section_ref = &self.sections[section];
            pages.extend(section_ref.lectures.iter().map(|&id| PageRef::Lecture(id)));
            stack.extend(section_ref.subsections.iter().rev().copied());
        }
        pages
    }

    /// The principle a principle file defines.
    pub fn principle_defined_by(&self, lecture: LectureId) -> Option<PrincipleId> {
        self.principles
            .iter()
            .position(|p| p.lecture == Some(lecture))
            .map(PrincipleId)
    }

    /// The top-level sections (children of the home page).
    pub fn top_sections(&self) -> &[SectionId] {
        &self.sections[SectionId::HOME].subsections
    }

    /// The top-level section a section belongs to (itself when it is one).
    pub fn top_section_of(&self, section: SectionId) -> Option<SectionId> {
        let section_ref = &self.sections[section];
        match section_ref.ancestors.get(1) {
            Some(&top) => Some(top),
            None if section != SectionId::HOME => Some(section),
            None => None,
        }
    }
}
