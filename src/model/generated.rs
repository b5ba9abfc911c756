//! The pages and files prepress makes beyond the course's own, at fixed URLs under the
//! course root: the prep pages (`practice/`, `questions/`, ...), the print page and its
//! parts, the search page and the downloads. The link stage checks links against them
//! and the render stage makes them, so both read them here.

use super::{Course, Kind, Lecture, SectionId};
use crate::config::Print;

/// The print page's URL under the course root, which is also the folder of the print
/// pages of a course printed in parts.
pub const PRINT_URL: &str = "print/";

/// The search page's URL under the course root, when the course has search.
pub const SEARCH_URL: &str = "search/";

/// The whole course's link graph.
pub const GRAPH_URL: &str = "graph/";

/// The link previews' data files (`render::previews`).
pub const PREVIEWS_FOLDER: &str = "link-previews/";

/// The theme's interface strings for its scripts (`render::strings`).
pub const STRINGS_SCRIPT: &str = "static/strings.js";

/// The page of the notes wiki links name that do not exist yet.
pub const UNRESOLVED_URL: &str = "unresolved/";

/// The tag pages' folder: `/tags/` lists every tag, `/tags/<tag>/` one tag's pages.
pub const TAGS_URL: &str = "tags/";

/// The folder the question bank's data is written into, all of it the bank's.
pub const BANK_FOLDER: &str = "question-bank/";

/// The folder the search index is written into, all of it the index's.
pub const SEARCH_INDEX_FOLDER: &str = "search-index/";

/// The Markdown a single print page holds at most before the course is printed in
/// parts: about 300 lectures of the usual length, 800 printed pages and 5 MB of HTML,
/// which Chromium lays out and prints in seconds. One top-level section bigger than
/// this is still one part.
pub const PRINT_PAGE_LIMIT: usize = 2 * 1024 * 1024;

/// The prep pages at fixed URLs under the course root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrepPage {
    Principles,
    Questions,
    Practice,
    Templates,
    Worksheets,
    Stories,
    /// The learner's reviews, due cards and readiness, from the browser's storage.
    Progress,
    /// A mock interview loop dealt from the question bank.
    Loop,
}

impl PrepPage {
    pub const ALL: [PrepPage; 8] = [
        PrepPage::Principles,
        PrepPage::Questions,
        PrepPage::Practice,
        PrepPage::Progress,
        PrepPage::Loop,
        PrepPage::Templates,
        PrepPage::Worksheets,
        PrepPage::Stories,
    ];

    /// The URL folder, which is also the page kind the templates see.
    pub fn folder(self) -> &'static str {
        match self {
            PrepPage::Principles => "principles",
            PrepPage::Questions => "questions",
            PrepPage::Practice => "practice",
            PrepPage::Templates => "templates",
            PrepPage::Worksheets => "worksheets",
            PrepPage::Stories => "stories",
            PrepPage::Progress => "progress",
            PrepPage::Loop => "loop",
        }
    }

    /// The key of the page's title, and its link's text in the header, among the
    /// theme's interface strings (`render::strings`).
    pub fn title_key(self) -> &'static str {
        match self {
            PrepPage::Principles => "prep.principles",
            PrepPage::Questions => "prep.questions",
            PrepPage::Practice => "prep.practice",
            PrepPage::Templates => "prep.templates",
            PrepPage::Worksheets => "prep.worksheets",
            PrepPage::Stories => "prep.stories",
            PrepPage::Progress => "prep.progress",
            PrepPage::Loop => "prep.loop",
        }
    }
}

impl Course {
    /// The prep pages this course has, and the section that provides each, if any.
    pub fn prep_pages(&self) -> Vec<(PrepPage, Option<SectionId>)> {
        let has_kind = |kind: Kind| self.lectures.iter().any(|l| l.kind == kind);
        PrepPage::ALL
            .into_iter()
            .filter(|prep| match prep {
                PrepPage::Principles | PrepPage::Stories => {
                    !self.principles.is_empty() || has_kind(Kind::Story)
                }
                PrepPage::Questions | PrepPage::Practice | PrepPage::Progress | PrepPage::Loop => {
                    !self.questions.is_empty()
                }
                PrepPage::Templates => has_kind(Kind::Template),
                PrepPage::Worksheets => has_kind(Kind::Worksheet),
            })
            .map(|prep| {
                let url = format!("{}{}/", self.root, prep.folder());
                let section = self
                    .sections
                    .iter()
                    .position(|s| s.page.url == url)
                    .map(SectionId);
                (prep, section)
            })
            .collect()
    }

    /// The page or file prepress makes of its own at `path` (under the course root,
    /// without its leading `/`), as its URL under the root: `practice/` for `practice`,
    /// `practice/` or `practice/index.html`, `questions.json` for `questions.json`. A
    /// prep page, a generated principle's page, the print page or one of its parts, the
    /// search page, or a download; `None` when it makes nothing there. Asked once the
    /// principles and questions are known.
    pub fn generated_path(&self, path: &str) -> Option<String> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let folder = format!("{}/", path.trim_end_matches('/'));
        let is_folder = |url: &str| url.strip_prefix(self.root.as_str()) == Some(folder.as_str());
        // Each case is looked into only when the path could be it: a course's lectures
        // are many, and a link that resolves to nothing else asks this.
        let made = match path {
            "" | "/" => false,
            "sitemap.xml" | "404.html" => return Some(path.to_string()),
            "questions.json" | "questions.tsv" if !self.questions.is_empty() => {
                return Some(path.to_string());
            }
            "questions.json" | "questions.tsv" => false,
            _ if folder == PRINT_URL => true,
            _ if folder == SEARCH_URL => self.config.search,
            _ if folder.starts_with(PRINT_URL) => {
                printed_in_parts(self)
                    && self
                        .top_sections()
                        .iter()
                        .any(|&section| is_folder(&part_url(self, section)))
            }
            _ if self.principles.iter().any(|p| is_folder(&p.url)) => true,
            _ => PrepPage::ALL
                .into_iter()
                .find(|prep| folder == format!("{}/", prep.folder()))
                .is_some_and(|prep| self.prep_pages().iter().any(|&(s, _)| s == prep)),
        };
        made.then_some(folder)
    }
}

/// A feed lists this many of its newest lectures.
pub const FEED_ENTRIES: usize = 50;

/// A feed's file name, in the course's root folder and in each section's.
pub const FEED_FILE: &str = "atom.xml";

/// The Markdown copy of a page, beside its `index.html` (llmstxt.org's convention).
pub const MARKDOWN_COPY: &str = "index.html.md";

/// The lectures a section's feed lists, newest first: the section's own and its
/// subsections', with a date.
pub fn feed_lectures(course: &Course, section: SectionId) -> Vec<&Lecture> {
    let mut lectures: Vec<&Lecture> = course
        .lectures
        .iter()
        .filter(|lecture| in_feeds(lecture))
        .filter(|lecture| {
            section == SectionId::HOME
                || lecture.section == section
                || course.sections[lecture.section]
                    .ancestors
                    .contains(&section)
        })
        .collect();
    lectures.sort_by(|a, b| {
        (feed_date(b), &b.page.updated, &a.page.url).cmp(&(
            feed_date(a),
            &a.page.updated,
            &b.page.url,
        ))
    });
    lectures.truncate(FEED_ENTRIES);
    lectures
}

/// Whether a feed lists the lecture: a lecture (not a principle, story or template)
/// written in its tree's language, with a date.
fn in_feeds(lecture: &Lecture) -> bool {
    lecture.kind == Kind::Lecture
        && lecture.page.fallback_from.is_none()
        && feed_date(lecture).is_some()
}

/// The date a lecture is listed under: its `date`, else when it was last committed.
pub fn feed_date(lecture: &Lecture) -> Option<&str> {
    lecture
        .page
        .date
        .as_deref()
        .or(lecture.page.updated.as_deref())
}

/// The sections that have a feed (the course's home included), with their feed's URL:
/// those with a dated lecture in them or their subsections, unless `feeds = false`.
pub fn feed_urls(course: &Course) -> Vec<(SectionId, String)> {
    if !course.config.feeds {
        return Vec::new();
    }
    let mut has_feed = vec![false; course.sections.len()];
    for lecture in course.lectures.iter().filter(|lecture| in_feeds(lecture)) {
        has_feed[SectionId::HOME.0] = true;
        has_feed[lecture.section.0] = true;
        for ancestor in &course.sections[lecture.section].ancestors {
            has_feed[ancestor.0] = true;
        }
    }
    course
        .sections
        .iter()
        .enumerate()
        .filter(|&(at, _)| has_feed[at])
        .map(|(at, section)| (SectionId(at), format!("{}{FEED_FILE}", section.page.url)))
        .collect()
}

/// The moved pages' old and new keys, in each language tree with redirects, for the
/// learner's reading marks to follow them.
pub const MOVED_SCRIPT: &str = "moved.js";

/// The list of redirects static hosts read (Netlify's and Cloudflare Pages' format).
pub const REDIRECTS_FILE: &str = "_redirects";

/// The files that let the site be installed and read offline, at the site's root.
pub const OFFLINE_FILES: [(&str, &str); 2] = [
    (
        "sw.js",
        "the service worker that keeps pages for reading offline",
    ),
    ("manifest.webmanifest", "the web app manifest"),
];

/// The file a URL is written to: `/prep/a/b/` under root `/prep/` -> `a/b/index.html`,
/// `/prep/atom.xml` -> `atom.xml`.
pub fn output_path(root: &str, url: &str) -> String {
    let relative = url
        .strip_prefix(root)
        .unwrap_or(url)
        .trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    }
}

/// The file an answer template's Markdown download is written to: `/templates/star/`
/// -> `templates/star.md`.
pub fn download_path(root: &str, url: &str) -> String {
    let path = output_path(root, url);
    path.trim_end_matches("/index.html").to_string() + ".md"
}

/// Whether the course is printed in parts: when `print = "sections"`, or unset and
/// the course is large (see [`PRINT_PAGE_LIMIT`]).
pub fn printed_in_parts(course: &Course) -> bool {
    match course.config.print {
        Print::Sections => return !course.top_sections().is_empty(),
        Print::Course | Print::Off => return false,
        Print::Auto => {}
    }
    let markdown: usize = course
        .lectures
        .iter()
        .filter(|l| l.kind == Kind::Lecture)
        .map(|l| l.page.body().len())
        .sum();
    markdown > PRINT_PAGE_LIMIT && !course.top_sections().is_empty()
}

/// The URL of the print page of a top-level section, when printed in parts.
pub fn part_url(course: &Course, section: SectionId) -> String {
    format!(
        "{}{}{}/",
        course.root,
        PRINT_URL,
        print_anchor(&course.root, &course.sections[section].page.url)
    )
}

/// The anchor of a page on the print page, from its URL (`/a/b/` -> `a-b`).
pub fn print_anchor(root: &str, url: &str) -> String {
    let path = url.strip_prefix(root).unwrap_or(url).trim_matches('/');
    if path.is_empty() {
        "course".to_string()
    } else {
        path.replace('/', "-")
    }
}
