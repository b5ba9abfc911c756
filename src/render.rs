//! The render stage: a [`Course`] in, the site's files in memory out (output path ->
//! bytes). Each page's Markdown becomes HTML and goes through its Tera template with only
//! the data that page needs: the navigation is a bounded window around the page, so a
//! page's size does not grow with the course. Pages render in parallel.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::front_matter::Kind;
use crate::highlight;
use crate::markdown::{self, TocEntry};
use crate::model::{Course, LectureId, Page, SectionId};
use crate::theme::Theme;

/// Lectures shown on each side of the current one in the section navigation.
const LECTURE_WINDOW: usize = 5;
/// Top-level sections shown on each side of the current one.
const SECTION_WINDOW: usize = 6;

/// The built site: output path (relative, `/`-separated) -> bytes.
pub type SiteFiles = BTreeMap<String, Vec<u8>>;

/// Renders every page, the theme's static files, `404.html` and `sitemap.xml`.
pub fn render(course: &Course, theme: &Theme) -> Result<SiteFiles, Vec<Diagnostic>> {
    let renderer = Renderer::new(course, theme);
    let mut jobs: Vec<Job> = (0..course.sections.len()).map(Job::Section).collect();
    jobs.extend(
        course
            .sections
            .iter()
            .flat_map(|s| s.lectures.iter())
            .map(|&id| Job::Lecture(id)),
    );
    jobs.push(Job::NotFound);
    let results: Vec<Result<(String, Vec<u8>), Diagnostic>> = jobs
        .par_iter()
        .map(|job| renderer.render_job(*job))
        .collect();
    let mut files = SiteFiles::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((path, bytes)) => {
                files.insert(path, bytes);
            }
            Err(error) => {
                if !errors
                    .iter()
                    .any(|e: &Diagnostic| e.message == error.message)
                {
                    errors.push(error);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (path, bytes) in &theme.static_files {
        files.insert(path.clone(), bytes.clone());
    }
    files.insert(
        "static/highlight.css".into(),
        highlight::stylesheet().into_bytes(),
    );
    files.insert("sitemap.xml".into(), sitemap(course).into_bytes());
    Ok(files)
}

/// One output page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Section(SectionId),
    Lecture(LectureId),
    NotFound,
}

struct Renderer<'a> {
    course: &'a Course,
    theme: &'a Theme,
    site: SiteContext<'a>,
    /// Principle title or alias, lower-cased -> the principle's page URL.
    principle_urls: HashMap<String, &'a str>,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    root: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: &'a str,
    current: bool,
}

/// The bounded navigation every page carries.
#[derive(Serialize, Default)]
struct Nav<'a> {
    sections: Vec<NavItem<'a>>,
    sections_hidden_before: usize,
    sections_hidden_after: usize,
    section: Option<Link<'a>>,
    lectures: Vec<NavItem<'a>>,
    hidden_before: usize,
    hidden_after: usize,
}

#[derive(Serialize)]
struct PrincipleLink<'a> {
    title: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct LecturePage<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: &'a str,
    content: String,
    breadcrumbs: Vec<Link<'a>>,
    toc: Vec<TocEntry>,
    prev: Option<Link<'a>>,
    next: Option<Link<'a>>,
    date: Option<&'a str>,
    tags: &'a [String],
    principles: Vec<PrincipleLink<'a>>,
    section: Link<'a>,
    extra: &'a BTreeMap<String, Value>,
}

#[derive(Serialize)]
struct Card<'a> {
    title: &'a str,
    url: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct SubsectionCard<'a> {
    title: &'a str,
    url: &'a str,
    description: &'a str,
    lecture_count: usize,
}

#[derive(Serialize)]
struct SectionPage<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: &'a str,
    content: String,
    breadcrumbs: Vec<Link<'a>>,
    subsections: Vec<SubsectionCard<'a>>,
    lectures: Vec<Card<'a>>,
    extra: &'a BTreeMap<String, Value>,
}

#[derive(Serialize)]
struct ContentsItem<'a> {
    title: &'a str,
    url: &'a str,
    depth: usize,
    is_section: bool,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: &'a str,
    content: String,
    breadcrumbs: Vec<Link<'a>>,
    contents: Vec<ContentsItem<'a>>,
    extra: &'a BTreeMap<String, Value>,
}

#[derive(Serialize)]
struct NotFoundPage<'a> {
    kind: &'static str,
    title: &'static str,
    description: &'static str,
    url: String,
    content: &'static str,
    breadcrumbs: Vec<Link<'a>>,
}

impl<'a> Renderer<'a> {
    fn new(course: &'a Course, theme: &'a Theme) -> Self {
        let config = &course.config;
        let mut principle_urls = HashMap::new();
        for lecture in course.lectures.iter().filter(|l| l.kind == Kind::Principle) {
            for name in std::iter::once(&lecture.page.title).chain(&lecture.aliases) {
                principle_urls.insert(name.to_lowercase(), lecture.page.url.as_str());
            }
        }
        Self {
            course,
            theme,
            site: SiteContext {
                title: &config.title,
                description: &config.description,
                language: &config.language,
                root: &course.root,
                base_url: &config.base_url,
            },
            principle_urls,
        }
    }

    fn render_job(&self, job: Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let (template, url, page_context, nav) = match job {
            Job::Section(0) => (
                "index.html",
                self.course.root.clone(),
                self.index_page()?,
                self.nav(None, None),
            ),
            Job::Section(id) => {
                let url = self.course.sections[id].page.url.clone();
                (
                    "section.html",
                    url,
                    self.section_page(id)?,
                    self.nav(Some(id), None),
                )
            }
            Job::Lecture(id) => {
                let lecture = &self.course.lectures[id];
                let nav = self.nav(Some(lecture.section), Some(id));
                (
                    "lecture.html",
                    lecture.page.url.clone(),
                    self.lecture_page(id)?,
                    nav,
                )
            }
            Job::NotFound => {
                let page = NotFoundPage {
                    kind: "404",
                    title: "Page not found",
                    description: "",
                    url: format!("{}404.html", self.course.root),
                    content: "",
                    breadcrumbs: Vec::new(),
                };
                let html =
                    self.render_template("404.html", to_value(&page)?, &self.nav(None, None))?;
                return Ok(("404.html".to_string(), html.into_bytes()));
            }
        };
        let html = self.render_template(template, page_context, &nav)?;
        Ok((output_path(&self.course.root, &url), html.into_bytes()))
    }

    fn render_template(
        &self,
        template: &str,
        page: Value,
        nav: &Nav,
    ) -> Result<String, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("site", &self.site);
        context.insert("nav", nav);
        context.insert("page", &page);
        self.theme.render(template, &context)
    }

    fn content_html(&self, page: &Page) -> String {
        markdown::render(page.body(), &page.headings, &page.links, &page.title)
    }

    fn breadcrumbs(&self, section: SectionId, include_self: bool) -> Vec<Link<'a>> {
        let section_ref = &self.course.sections[section];
        let mut chain: Vec<SectionId> = section_ref.ancestors.clone();
        if include_self {
            chain.push(section);
        }
        chain
            .into_iter()
            .map(|id| self.link_to_section(id))
            .collect()
    }

    fn link_to_section(&self, id: SectionId) -> Link<'a> {
        let page = &self.course.sections[id].page;
        Link {
            title: &page.title,
            url: &page.url,
        }
    }

    fn link_to_lecture(&self, id: LectureId) -> Link<'a> {
        let page = &self.course.lectures[id].page;
        Link {
            title: &page.title,
            url: &page.url,
        }
    }

    fn lecture_page(&self, id: LectureId) -> Result<Value, Diagnostic> {
        let lecture = &self.course.lectures[id];
        let page = &lecture.page;
        let principles = lecture
            .principles
            .iter()
            .map(|name| PrincipleLink {
                title: name,
                url: self.principle_urls.get(&name.to_lowercase()).copied(),
            })
            .collect();
        let context = LecturePage {
            kind: "lecture",
            title: &page.title,
            description: &page.description,
            url: &page.url,
            content: self.content_html(page),
            breadcrumbs: self.breadcrumbs(lecture.section, true),
            toc: markdown::table_of_contents(&page.headings),
            prev: lecture.prev.map(|id| self.link_to_lecture(id)),
            next: lecture.next.map(|id| self.link_to_lecture(id)),
            date: page.date.as_deref(),
            tags: &page.tags,
            principles,
            section: self.link_to_section(lecture.section),
            extra: &page.extra,
        };
        to_value(&context)
    }

    fn section_page(&self, id: SectionId) -> Result<Value, Diagnostic> {
        let section = &self.course.sections[id];
        let page = &section.page;
        let context = SectionPage {
            kind: "section",
            title: &page.title,
            description: &page.description,
            url: &page.url,
            content: self.content_html(page),
            breadcrumbs: self.breadcrumbs(id, false),
            subsections: section
                .subsections
                .iter()
                .map(|&sub| {
                    let sub_ref = &self.course.sections[sub];
                    SubsectionCard {
                        title: &sub_ref.page.title,
                        url: &sub_ref.page.url,
                        description: &sub_ref.page.description,
                        lecture_count: sub_ref.lectures.len(),
                    }
                })
                .collect(),
            lectures: section
                .lectures
                .iter()
                .map(|&lecture| {
                    let page = &self.course.lectures[lecture].page;
                    Card {
                        title: &page.title,
                        url: &page.url,
                        description: &page.description,
                    }
                })
                .collect(),
            extra: &page.extra,
        };
        to_value(&context)
    }

    fn index_page(&self) -> Result<Value, Diagnostic> {
        let home = &self.course.sections[0];
        let mut contents = Vec::new();
        for &lecture in &home.lectures {
            contents.push(self.contents_lecture(lecture, 0));
        }
        for &section in &home.subsections {
            self.push_contents(section, 0, &mut contents);
        }
        let context = IndexPage {
            kind: "index",
            title: &home.page.title,
            description: &home.page.description,
            url: &home.page.url,
            content: self.content_html(&home.page),
            breadcrumbs: Vec::new(),
            contents,
            extra: &home.page.extra,
        };
        to_value(&context)
    }

    fn contents_lecture(&self, id: LectureId, depth: usize) -> ContentsItem<'a> {
        let page = &self.course.lectures[id].page;
        ContentsItem {
            title: &page.title,
            url: &page.url,
            depth,
            is_section: false,
        }
    }

    /// A section and everything under it, in reading order, for the home page.
    fn push_contents(&self, id: SectionId, depth: usize, contents: &mut Vec<ContentsItem<'a>>) {
        let section = &self.course.sections[id];
        contents.push(ContentsItem {
            title: &section.page.title,
            url: &section.page.url,
            depth,
            is_section: true,
        });
        for &lecture in &section.lectures {
            contents.push(self.contents_lecture(lecture, depth + 1));
        }
        for &sub in &section.subsections {
            self.push_contents(sub, depth + 1, contents);
        }
    }

    /// The navigation of a page in `section` (and on `lecture`, when it is one).
    fn nav(&self, section: Option<SectionId>, lecture: Option<LectureId>) -> Nav<'a> {
        let course = self.course;
        let top_sections = course.top_sections();
        let current_top = section.and_then(|s| course.top_section_of(s));
        let top_index = current_top
            .and_then(|top| top_sections.iter().position(|&s| s == top))
            .unwrap_or(0);
        let (start, end) = window(top_sections.len(), top_index, SECTION_WINDOW);
        let mut nav = Nav {
            sections: top_sections[start..end]
                .iter()
                .map(|&id| {
                    let page = &course.sections[id].page;
                    NavItem {
                        title: &page.title,
                        url: &page.url,
                        current: Some(id) == current_top,
                    }
                })
                .collect(),
            sections_hidden_before: start,
            sections_hidden_after: top_sections.len() - end,
            ..Nav::default()
        };
        let Some(section) = section.filter(|&s| s != 0) else {
            return nav;
        };
        let lectures = &course.sections[section].lectures;
        let position = lecture
            .and_then(|id| lectures.iter().position(|&l| l == id))
            .unwrap_or(0);
        let (start, end) = window(lectures.len(), position, LECTURE_WINDOW);
        nav.section = Some(self.link_to_section(section));
        nav.lectures = lectures[start..end]
            .iter()
            .map(|&id| {
                let page = &course.lectures[id].page;
                NavItem {
                    title: &page.title,
                    url: &page.url,
                    current: Some(id) == lecture,
                }
            })
            .collect();
        nav.hidden_before = start;
        nav.hidden_after = lectures.len() - end;
        nav
    }
}

/// The range of at most `2 * radius + 1` items around `center`, kept inside `0..len`.
fn window(len: usize, center: usize, radius: usize) -> (usize, usize) {
    let size = (2 * radius + 1).min(len);
    let start = center.saturating_sub(radius).min(len - size);
    (start, start + size)
}

fn to_value<T: Serialize>(context: &T) -> Result<Value, Diagnostic> {
    serde_json::to_value(context)
        .map_err(|error| Diagnostic::error("", "render", format!("cannot prepare a page: {error}")))
}

/// The file a URL is written to: `/prep/a/b/` under root `/prep/` -> `a/b/index.html`.
pub fn output_path(root: &str, url: &str) -> String {
    let relative = url
        .strip_prefix(root)
        .unwrap_or(url)
        .trim_start_matches('/');
    format!("{relative}index.html")
}

/// `sitemap.xml`: every page's absolute URL, in a stable order.
fn sitemap(course: &Course) -> String {
    let base = course.config.absolute_base();
    let mut entries: Vec<(&str, Option<&str>)> = course
        .sections
        .iter()
        .map(|s| (s.page.url.as_str(), s.page.date.as_deref()))
        .collect();
    entries.extend(
        course
            .sections
            .iter()
            .flat_map(|s| s.lectures.iter())
            .map(|&id| {
                let page = &course.lectures[id].page;
                (page.url.as_str(), page.date.as_deref())
            }),
    );
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, date) in entries {
        let relative = url.strip_prefix(course.root.as_str()).unwrap_or(url);
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_xml(&format!("{base}{relative}")));
        xml.push_str("</loc>\n");
        if let Some(date) = date {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_stays_in_bounds() {
        assert_eq!(window(3, 1, 5), (0, 3));
        assert_eq!(window(100, 0, 5), (0, 11));
        assert_eq!(window(100, 50, 5), (45, 56));
        assert_eq!(window(100, 99, 5), (89, 100));
        assert_eq!(window(0, 0, 5), (0, 0));
    }

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/", "/"), "index.html");
        assert_eq!(output_path("/", "/a/b/"), "a/b/index.html");
        assert_eq!(output_path("/prep/", "/prep/a/"), "a/index.html");
    }
}
