//! The render stage: a [`Course`] in, the site's files in memory out (output path ->
//! bytes). Each page's Markdown becomes HTML and goes through its Tera template with only
//! the data that page needs: the navigation is a bounded window around the page, so a
//! page's size does not grow with the course. Pages render in parallel.

pub mod strings;
pub mod theme;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::markdown::highlight;
use crate::markdown::{self, TocEntry};
use crate::model::Kind;
pub use crate::model::generated::output_path;
use crate::model::generated::{PrepPage, SEARCH_URL};
use crate::model::{Course, LectureId, Page, PrincipleId, SectionId};
use crate::render::theme::Theme;

/// Lectures shown on each side of the current one in the section navigation.
const LECTURE_WINDOW: usize = 5;
/// Top-level sections shown on each side of the current one.
const SECTION_WINDOW: usize = 6;

/// The built site: output path (relative, `/`-separated) -> bytes.
pub type SiteFiles = BTreeMap<String, Vec<u8>>;

/// One file of the site: its output path and bytes.
type SiteFile = (String, Vec<u8>);

mod backlinks;
pub mod bank;
mod embeds;
pub mod graph;
pub(crate) mod previews;
mod tags;
mod unresolved;
use backlinks::{Backlink, LinkFrom};
mod prep;
pub use prep::shows_a_change;
mod print_page;

pub mod link_cards;
mod relative;
pub mod share;

/// Every page of the site.
pub fn all_jobs(course: &Course) -> Vec<Job> {
    let prep_pages_made = course.prep_pages();
    let mut jobs: Vec<Job> = SectionId::all(course.sections.len())
        .map(Job::Section)
        .collect();
    jobs.extend(
        course
            .sections
            .iter()
            .flat_map(|s| s.lectures.iter())
            .map(|&id| Job::Lecture(id)),
    );
    jobs.extend(
        course
            .principles
            .iter()
            .enumerate()
            .filter(|(_, p)| p.lecture.is_none())
            .map(|(id, _)| Job::GeneratedPrinciple(PrincipleId(id))),
    );
    jobs.extend(
        prep_pages_made
            .iter()
            .filter(|(_, section)| section.is_none())
            .map(|&(prep, _)| Job::PrepPage(prep)),
    );
    if course.config.print != crate::config::Print::Off {
        jobs.push(Job::Print);
    }
    if course.config.search {
        jobs.push(Job::Search);
    }
    if course.has_unresolved_page() {
        jobs.push(Job::Unresolved);
    }
    if course.has_graph_page() {
        jobs.push(Job::Graph);
    }
    if !course.tags.is_empty() {
        jobs.push(Job::Tags);
        jobs.extend((0..course.tags.len()).map(Job::Tag));
    }
    jobs.push(Job::NotFound);
    jobs
}

/// The page that shows a prep page: the section that provides it, or a generated one.
pub fn prep_job(course: &Course, prep: PrepPage) -> Option<Job> {
    course
        .prep_pages()
        .into_iter()
        .find(|&(s, _)| s == prep)
        .map(|(_, section)| section.map_or(Job::PrepPage(prep), Job::Section))
}

/// Renders the given pages, in parallel, calling `progress` after each; every template
/// error is reported once.
pub fn render(
    course: &Course,
    theme: &Theme,
    jobs: &[Job],
    progress: Option<&(dyn Fn() + Sync)>,
) -> Result<SiteFiles, Vec<Diagnostic>> {
    Pages::new(course, theme, jobs.len()).render(jobs, progress)
}

/// The one page `job` makes (`serve`'s edited page, at `url`), with its backlinks and its
/// local graph worked out from the pages near it ([`graph::LinkedFrom`], made from this
/// course or from one that differs only in this page's text) rather than from every
/// page: the same files [`render`] gives, in a time that does not grow with the course.
pub fn render_edited_page(
    course: &Course,
    theme: &Theme,
    job: Job,
    url: &str,
    linked_from: &graph::LinkedFrom,
) -> Result<SiteFiles, Vec<Diagnostic>> {
    let mut renderer = Renderer::new(course, theme);
    let linking = linked_from.pages_linking_to(course, url);
    if let Some(page) = linked_from.page_at(course, url) {
        renderer.many = true;
        let _ = renderer.backlinks.set(HashMap::from([(
            page.url.as_str(),
            backlinks::among(linking, url),
        )]));
    }
    if course.config.local_graph {
        let _ = renderer
            .links
            .set(graph::Links::around(course, url, linked_from));
    }
    Pages(renderer).render(&[job], None)
}

/// Up to this many pages to render (`serve`'s edited page and the pages it links to),
/// each page finds its own backlinks; more share every page's, worked out at once.
const EACH_FINDS_ITS_BACKLINKS: usize = 64;

/// `rtl` for a language written right to left (by its BCP 47 primary subtag: Arabic,
/// Hebrew, Persian, Urdu, Pashto, Sindhi, Uyghur, Kurdish (Sorani), Dhivehi, Yiddish),
/// else `ltr`.
fn direction(language: &str) -> &'static str {
    let rtl = [
        "ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "ckb", "dv", "yi",
    ];
    if rtl.contains(&crate::config::primary_language(language).as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// What renders a course's pages, kept across calls: what it works out once from the
/// whole course (the backlinks, the link graph, the pages by URL) serves every batch of
/// a build.
pub struct Pages<'a>(Renderer<'a>);

impl<'a> Pages<'a> {
    /// A renderer for `pages` pages, rendered in one call or in several.
    pub fn new(course: &'a Course, theme: &'a Theme, pages: usize) -> Self {
        let mut renderer = Renderer::new(course, theme);
        renderer.many = pages > EACH_FINDS_ITS_BACKLINKS;
        // Worked out here, before the pages, on all threads: inside a page's render one
        // thread would work them out while the others wait on it.
        if pages > 1 && course.config.local_graph {
            renderer.link_graph();
        }
        if renderer.many && course.config.backlinks {
            renderer.every_backlink();
        }
        Self(renderer)
    }

    /// Makes the print pages beside the pages, from the pages' own parse: for a build
    /// of every page, which then asks for them with [`Self::print_pages_made_beside`]
    /// after each batch and once at the end, instead of making them after the pages.
    pub fn printing_beside(mut self) -> Self {
        self.0.print_beside();
        self
    }

    /// Makes the search text of each of `pages` (by URL) beside its page, from the page's
    /// own parse, for the search index to take with [`Self::take_search_texts`].
    pub fn searching_beside(mut self, pages: HashSet<&'a str>) -> Self {
        self.0.search_texts = Some(SearchTexts {
            pages,
            texts: std::sync::Mutex::default(),
        });
        self
    }

    /// The search texts made since the last call, by page URL.
    pub fn take_search_texts(&self) -> HashMap<String, String> {
        match &self.0.search_texts {
            Some(search) => std::mem::take(
                &mut *search
                    .texts
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            ),
            None => HashMap::new(),
        }
    }

    /// The print pages whose every page is rendered now (with `rest`, every one not made
    /// yet), handed to `each` a few at a time until it says stop; the first template
    /// error ends it.
    pub fn print_pages_made_beside(
        &self,
        rest: bool,
        each: &mut dyn FnMut(SiteFiles) -> bool,
    ) -> Result<(), Diagnostic> {
        self.0.print_made_beside(rest, each)
    }

    /// [`render`], with what this renderer already worked out.
    pub fn render(
        &self,
        jobs: &[Job],
        progress: Option<&(dyn Fn() + Sync)>,
    ) -> Result<SiteFiles, Vec<Diagnostic>> {
        let renderer = &self.0;
        let render_one = |job: &Job| {
            let result = renderer.render_job(*job);
            if let Some(progress) = progress {
                progress();
            }
            result
        };
        // One page is rendered on the calling thread: `serve`'s edited page then never
        // waits for the thread pool, which other work may be keeping busy.
        let results: Vec<Result<Vec<SiteFile>, Diagnostic>> = match jobs {
            [job] => vec![render_one(job)],
            _ => jobs.par_iter().map(render_one).collect(),
        };
        let mut files = SiteFiles::new();
        let mut errors: Vec<Diagnostic> = Vec::new();
        for result in results {
            match result {
                Ok(rendered) => files.extend(rendered),
                Err(error) => {
                    if !errors.iter().any(|e| e.message == error.message) {
                        errors.push(error);
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(errors)
        }
    }
}

/// The print pages, handed to `each` a few at a time as they are rendered, until it says
/// stop; the first template error ends it. With `only` (page URLs), the print pages that
/// print one of those pages.
pub fn render_print_each(
    course: &Course,
    theme: &Theme,
    only: Option<&std::collections::HashSet<&str>>,
    each: &mut dyn FnMut(SiteFiles) -> bool,
) -> Result<(), Diagnostic> {
    Renderer::new(course, theme).print_pages_each(only, each)
}

/// The theme's static files and the highlighting stylesheet.
pub fn render_static(course: &Course, theme: &Theme) -> SiteFiles {
    let mut files = theme.static_files.clone();
    files.insert(
        "static/highlight.css".into(),
        highlight::stylesheet(&course.config.highlight).into_bytes(),
    );
    if course.config.offline {
        let offline = share::offline_files(course, &files);
        files.extend(offline);
    }
    files
}

/// The files made from the whole course that are not pages: `sitemap.xml`, the
/// downloads (question exports, template Markdown, the Anki deck, whose answers' images
/// are read under `root`, the course folder) and the question bank's data.
pub fn render_course_files(course: &Course, theme: &Theme, root: &std::path::Path) -> SiteFiles {
    let renderer = Renderer::new(course, theme);
    // Side by side: at 100,000 lectures each takes seconds.
    let (mut files, sitemap) = rayon::join(
        || renderer.downloads(),
        || sitemap(course, &all_jobs(course), &renderer),
    );
    files.insert("sitemap.xml".into(), sitemap.into_bytes());
    let ((bank, previews), deck) = rayon::join(
        || {
            rayon::join(
                || bank::files(course),
                || {
                    if course.config.link_previews {
                        previews::files(course)
                    } else {
                        SiteFiles::new()
                    }
                },
            )
        },
        || anki_deck(course, root),
    );
    files.extend(bank);
    files.extend(previews);
    files.extend(deck);
    if course.config.feeds {
        files.extend(renderer.feeds());
    }
    if course.config.llms_txt {
        files.insert("llms.txt".into(), renderer.llms_txt().into_bytes());
    }
    files.extend(renderer.redirects());
    if let Some(moved) = share::moved_script(course) {
        files.insert(
            crate::model::generated::MOVED_SCRIPT.into(),
            moved.into_bytes(),
        );
    }
    files
}

/// `course.apkg`, the Anki deck of the bank and the cards, unless the course turns it
/// off or has no bank. Making it fails only on a bug in prepress (the collection is
/// made in memory): the site is then made without it, with a line on standard error.
fn anki_deck(course: &Course, root: &std::path::Path) -> SiteFiles {
    let mut files = SiteFiles::new();
    if !course.config.anki_deck || course.questions.is_empty() {
        return files;
    }
    match crate::prep::anki::package(course, root) {
        Ok(bytes) => {
            files.insert(crate::prep::anki::FILE_NAME.into(), bytes);
        }
        Err(error) => eprintln!("warning: {error}"),
    }
    files
}

/// One output page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    Section(SectionId),
    Lecture(LectureId),
    /// The page of a principle that pages name but no file defines.
    GeneratedPrinciple(PrincipleId),
    /// A prep page that no section folder provides.
    PrepPage(PrepPage),
    /// The whole course for printing: one page, or a cover and parts
    /// (`print_page`).
    Print,
    /// The search page.
    Search,
    /// The notes wiki links name that do not exist yet, `/unresolved/`.
    Unresolved,
    /// The whole course's link graph, `/graph/`.
    Graph,
    /// The list of tags, `/tags/`.
    Tags,
    /// One tag's page (an index into the course's tags).
    Tag(usize),
    NotFound,
}

/// A page ready for its template.
struct Rendered<'a> {
    template: &'static str,
    url: String,
    page: tera::Value,
    nav: Nav<'a>,
}

struct Renderer<'a> {
    course: &'a Course,
    theme: &'a Theme,
    site: SiteContext<'a>,
    /// The prep pages this course has, and the section that provides each, if any.
    prep_pages_made: Vec<(PrepPage, Option<SectionId>)>,
    /// Per section, the lectures (pages of kind lecture) in it and its subsections.
    lecture_counts: Vec<usize>,
    /// Every page's backlinks, made before many pages are rendered (a few pages each
    /// find their own).
    backlinks: OnceLock<HashMap<&'a str, Vec<LinkFrom<'a>>>>,
    /// Whether it renders more than [`EACH_FINDS_ITS_BACKLINKS`] pages.
    many: bool,
    /// The pages by URL, made the first time a page embeds another.
    pages_by_url: OnceLock<HashMap<&'a str, &'a Page>>,
    /// Who links with whom, made before several pages are rendered or when one page
    /// first draws its graph.
    links: OnceLock<graph::Links<'a>>,
    /// The URLs of the course's feeds.
    feeds: HashSet<String>,
    /// The link cards' template, when pages get cards ([`link_cards`]).
    card_template: Option<&'a str>,
    /// The print pages made beside the pages, in a build of every page.
    beside: Option<print_page::PrintBeside<'a>>,
    /// The search texts made beside the pages, in a build of every page.
    search_texts: Option<SearchTexts<'a>>,
}

/// The search texts a build of every page makes beside the pages, from their own parse,
/// until the search index takes them (after each batch of pages).
struct SearchTexts<'a> {
    /// The pages the search index searches, by URL.
    pages: HashSet<&'a str>,
    texts: std::sync::Mutex<HashMap<String, String>>,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    /// Whether the course has a search page (and a search box on every page).
    search: bool,
    /// The language whose stemmer the search page loads (`static/stem-<it>.js`), when
    /// the course's language is stemmed ([`crate::markdown::stem`]).
    stemmer: Option<&'static str>,
    title: &'a str,
    description: &'a str,
    language: &'a str,
    /// `rtl` for a language written right to left, else `ltr` (`<html dir>`).
    direction: &'static str,
    root: &'a str,
    /// The whole site's root, where the theme's files are: `root`, but for a language's
    /// tree of a course in several, the folder above it.
    assets: &'a str,
    base_url: &'a str,
    /// Names the course in the learner's browser storage, so two courses never mix:
    /// its `base_url` when that names a site (`https://…`), else its title (a bare
    /// path such as the default `/` is shared by every course served from a root).
    /// Each language but the default adds its code, so progress in one language is
    /// its own.
    storage_name: String,
    /// How many link preview files the course has (`render::previews`); 0 when
    /// `course.toml` turns previews off.
    preview_files: usize,
    /// Whether `/graph/` is made wherever a page has a local graph to lead there.
    graph_page: bool,
    /// The course's feed, when it has one.
    feed: Option<String>,
    /// `base_url` when it is a full URL (`https://…/`), for link cards; else `None`.
    absolute_base: Option<String>,
    /// The language as link cards name it (`en_US`-like: `pt_BR`, `ru`).
    locale: String,
    /// Whether pages register the service worker that keeps them for reading offline.
    offline: bool,
    /// Whether the tree has `moved.js`, its moved pages' old and new keys.
    moved: bool,
}

/// What a page gives to be shared (`share` in templates).
#[derive(Serialize)]
struct Share {
    /// The page's full URL, when `base_url` is a full URL.
    url: Option<String>,
    /// The feed of the section whose page it is, when it has one.
    feed: Option<String>,
    /// The full URL of its link card, when it has one.
    image: Option<String>,
}

/// A page's place among the course's languages (`translation` in templates).
#[derive(Serialize, Default)]
struct Translation {
    alternates: Vec<crate::model::translations::Alternate>,
    /// The language the page is written in, when it stands in for a missing translation.
    fallback: Option<FallbackLanguage>,
}

#[derive(Serialize)]
struct FallbackLanguage {
    code: String,
    name: String,
    /// `rtl` or `ltr`: the page's text keeps its own direction in a tree of the other.
    direction: &'static str,
}

#[derive(Serialize, Clone, Copy)]
struct Link<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: &'a str,
    current: bool,
    /// For a section: how many lectures it holds, its subsections' included (the
    /// reading progress counts the done ones).
    lectures: Option<usize>,
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
    /// Links to the prep pages (principles, questions, practice, ...).
    prep: Vec<PrepLink<'a>>,
}

/// A link to a prep page in the header.
#[derive(Serialize)]
struct PrepLink<'a> {
    title: &'a str,
    url: String,
    current: bool,
}

/// What every page's context has.
#[derive(Serialize)]
struct PageBase<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: Cow<'a, str>,
    content: String,
    breadcrumbs: Vec<Link<'a>>,
    /// The pages that link to this one.
    backlinks: Vec<Backlink<'a>>,
    /// The page's local link graph as SVG, when other pages link with it.
    local_graph: Option<String>,
    /// When the page last changed (its file's last commit, else its `date`).
    updated: Option<&'a str>,
    /// The link that edits its file on the course's forge (`repository`).
    edit_url: Option<String>,
}

#[derive(Serialize)]
struct PrincipleLink<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct LecturePage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    toc: Vec<TocEntry>,
    prev: Option<Link<'a>>,
    next: Option<Link<'a>>,
    date: Option<&'a str>,
    tags: &'a [String],
    /// Each tag with the URL of its page.
    tag_links: Vec<Link<'a>>,
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
    #[serde(flatten)]
    base: PageBase<'a>,
    subsections: Vec<SubsectionCard<'a>>,
    lectures: Vec<Card<'a>>,
    extra: Option<&'a BTreeMap<String, Value>>,
}

#[derive(Serialize)]
struct ContentsItem<'a> {
    title: &'a str,
    url: &'a str,
    depth: usize,
    is_section: bool,
    /// For a section: how many lectures it holds, its subsections' included.
    lectures: Option<usize>,
    /// In place of a long section's other lectures: how many there are (the item links
    /// to the section's page, which lists them).
    more: Option<usize>,
}

/// A section on the home page lists its lectures whole up to this many; past that, the
/// first [`HOME_LECTURES_SHOWN`] and a link to the rest, so the home page of a vault of
/// thousands of notes stays small.
const HOME_LECTURES_WHOLE: usize = 25;
const HOME_LECTURES_SHOWN: usize = 20;

#[derive(Serialize)]
struct IndexPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    contents: Vec<ContentsItem<'a>>,
    extra: &'a BTreeMap<String, Value>,
}

impl<'a> Renderer<'a> {
    fn new(course: &'a Course, theme: &'a Theme) -> Self {
        let config = &course.config;
        let prep_pages_made = course.prep_pages();
        let feeds = crate::model::generated::feed_urls(course);
        Self {
            course,
            theme,
            site: SiteContext {
                search: config.search,
                stemmer: crate::markdown::stem::script_language(&config.language),
                title: &config.title,
                description: &config.description,
                language: &config.language,
                direction: direction(&config.language),
                root: &course.root,
                assets: &course.site_root,
                base_url: &config.base_url,
                preview_files: if config.link_previews {
                    previews::file_count(course)
                } else {
                    0
                },
                graph_page: config.graph_page,
                feed: feeds
                    .iter()
                    .find(|(section, _)| *section == SectionId::HOME)
                    .map(|(_, url)| url.clone()),
                absolute_base: config
                    .base_url
                    .contains("://")
                    .then(|| config.absolute_base()),
                locale: config.language.replace('-', "_"),
                offline: config.offline,
                moved: !course.redirects.is_empty(),
                storage_name: {
                    let site = config.site_base_url.as_deref().unwrap_or(&config.base_url);
                    let name = if site.contains("://") {
                        site.to_string()
                    } else {
                        // The default language's title names the course in every tree.
                        course
                            .translations
                            .as_ref()
                            .and_then(|t| t.languages.first())
                            .map_or_else(|| config.title.clone(), |tree| tree.title.clone())
                    };
                    match course.language {
                        0 => name,
                        _ => format!("{name} ({})", config.language),
                    }
                },
            },
            prep_pages_made,
            lecture_counts: Self::lecture_counts(course),
            backlinks: OnceLock::new(),
            many: false,
            pages_by_url: OnceLock::new(),
            links: OnceLock::new(),
            feeds: feeds.into_iter().map(|(_, url)| url).collect(),
            card_template: theme
                .link_card
                .as_deref()
                .filter(|_| config.draws_link_cards() && link_cards::have_fonts()),
            beside: None,
            search_texts: None,
        }
    }

    fn lecture_counts(course: &Course) -> Vec<usize> {
        let mut counts = vec![0; course.sections.len()];
        for lecture in course.lectures.iter().filter(|l| l.kind == Kind::Lecture) {
            let section = &course.sections[lecture.section];
            counts[lecture.section.0] += 1;
            for ancestor in &section.ancestors {
                counts[ancestor.0] += 1;
            }
        }
        counts
    }

    /// The prep page a section provides, if it is one.
    fn prep_page_of_section(&self, section: SectionId) -> Option<PrepPage> {
        self.prep_pages_made
            .iter()
            .find(|(_, s)| *s == Some(section))
            .map(|&(prep, _)| prep)
    }

    /// The file a job makes (the print job: one or more).
    fn render_job(&self, job: Job) -> Result<Vec<SiteFile>, Diagnostic> {
        let rendered = match job {
            Job::Section(SectionId::HOME) => Rendered {
                template: "index.html",
                url: self.course.root.clone(),
                page: self.index_page()?,
                nav: self.nav(None, None, None),
            },
            Job::Section(id) => match self.prep_page_of_section(id) {
                Some(prep) => self.prep_page(prep, Some(id))?,
                None => Rendered {
                    template: "section.html",
                    url: self.course.sections[id].page.url.clone(),
                    page: self.section_page(id)?,
                    nav: self.nav(Some(id), None, None),
                },
            },
            Job::Lecture(id) => self.lecture_job(id)?,
            Job::GeneratedPrinciple(id) => self.principle_page(id)?,
            Job::PrepPage(prep) => self.prep_page(prep, None)?,
            Job::Search => {
                let url = format!("{}{SEARCH_URL}", self.course.root);
                let base =
                    self.made_page("search", self.say("search.title"), Cow::Owned(url.clone()));
                Rendered {
                    template: "search.html",
                    url,
                    page: to_value(&base)?,
                    nav: self.nav(None, None, None),
                }
            }
            Job::Unresolved => self.unresolved_page()?,
            Job::Graph => self.graph_page()?,
            Job::Tags => self.tags_page()?,
            Job::Tag(at) => self.tag_page(at)?,
            // The print pages are one job: their links lead into each other.
            Job::Print => return self.print_pages(),
            // A server shows the 404 page at any path, so its URLs stay from the root.
            Job::NotFound => {
                let url = format!("{}404.html", self.course.root);
                let base = PageBase {
                    kind: "404",
                    title: "Page not found",
                    description: "",
                    url: Cow::Owned(url),
                    content: String::new(),
                    breadcrumbs: Vec::new(),
                    backlinks: Vec::new(),
                    local_graph: None,
                    updated: None,
                    edit_url: None,
                };
                let html = self.render_template(
                    "404.html",
                    to_value(&base)?,
                    &self.nav(None, None, None),
                    &base.url.clone(),
                )?;
                return Ok(vec![("404.html".to_string(), html.into_bytes())]);
            }
        };
        let html = self.render_template(
            rendered.template,
            rendered.page,
            &rendered.nav,
            &rendered.url,
        )?;
        let html = relative::relativize(&html, &self.course.site_root, &rendered.url);
        let path = output_path(&self.course.root, &rendered.url);
        let copy = match job {
            Job::Section(id) if self.course.config.llms_txt => Some(&self.course.sections[id].page),
            Job::Lecture(id) if self.course.config.llms_txt => Some(&self.course.lectures[id].page),
            _ => None,
        }
        .filter(|page| !page.file.as_os_str().is_empty())
        .map(|page| (format!("{path}.md"), share::markdown_copy(page)));
        let card = self.link_card(job).map(|png| {
            let folder = path.strip_suffix("index.html").unwrap_or(&path);
            (format!("{folder}{}", link_cards::CARD_FILE), png)
        });
        Ok(std::iter::once((path, html.into_bytes()))
            .chain(copy)
            .chain(card)
            .collect())
    }

    fn lecture_job(&self, id: LectureId) -> Result<Rendered<'a>, Diagnostic> {
        let lecture = &self.course.lectures[id];
        match lecture.kind {
            Kind::Lecture => Ok(Rendered {
                template: "lecture.html",
                url: lecture.page.url.clone(),
                page: self.lecture_page(id)?,
                nav: self.nav(Some(lecture.section), Some(id), None),
            }),
            Kind::Principle => match self.course.principle_defined_by(id) {
                Some(principle) => self.principle_page(principle),
                None => Err(Diagnostic::error(
                    &lecture.page.file,
                    "render",
                    "principle file without a principle",
                )),
            },
            Kind::Template => self.template_page(id),
            Kind::Worksheet => self.worksheet_page(id),
            Kind::Story => self.story_page(id),
        }
    }

    /// What a page at `url` shows of the course's other languages: its versions in
    /// each (for `hreflang` and the switcher), and the language it is written in when
    /// it stands in for a missing translation. Empty for a course in one language.
    fn translation(&self, url: &str) -> Translation {
        let Some(translations) = &self.course.translations else {
            return Translation::default();
        };
        let own = self.course.language;
        let fallback = translations.languages.get(own).and_then(|tree| {
            let original = tree.fallbacks.get(url)?;
            translations.languages.get(*original)
        });
        Translation {
            alternates: translations.alternates(own, url),
            fallback: fallback.map(|tree| FallbackLanguage {
                code: tree.code.clone(),
                name: tree.name.clone(),
                direction: direction(&tree.code),
            }),
        }
    }

    fn render_template(
        &self,
        template: &str,
        page: tera::Value,
        nav: &Nav,
        url: &str,
    ) -> Result<String, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("site", &self.site);
        context.insert("nav", nav);
        context.insert("translation", &self.translation(url));
        context.insert("share", &self.share(url));
        context.insert_value("page", page);
        self.theme.render(template, &context)
    }

    /// The common part of a page made from a file.
    fn base(&self, kind: &'static str, page: &'a Page, breadcrumbs: Vec<Link<'a>>) -> PageBase<'a> {
        PageBase {
            kind,
            title: &page.title,
            description: &page.description,
            url: Cow::Borrowed(&page.url),
            content: self.content_html(page),
            breadcrumbs,
            backlinks: self.backlinks_of(&page.url),
            updated: page.updated.as_deref(),
            edit_url: self.edit_url(page),
            local_graph: if self.course.config.local_graph {
                self.link_graph()
                    .local(&page.url, self.say("page.graph_label"))
            } else {
                None
            },
        }
    }

    /// What a page at `url` gives to be shared: its full URL when `base_url` is one,
    /// and its section's feed when it is a section's page that has one.
    fn share(&self, url: &str) -> Share {
        let feed = format!("{url}{}", crate::model::generated::FEED_FILE);
        let absolute = self.site.absolute_base.as_ref().map(|base| {
            format!(
                "{base}{}",
                url.strip_prefix(self.course.root.as_str()).unwrap_or(url)
            )
        });
        let carded = self.card_template.is_some() && self.page_at(url).is_some();
        Share {
            image: absolute
                .as_ref()
                .filter(|_| carded)
                .map(|url| format!("{url}{}", link_cards::CARD_FILE)),
            url: absolute,
            feed: self.feeds.contains(&feed).then_some(feed),
        }
    }

    /// The link card of a section's or a lecture's page, when pages get cards.
    fn link_card(&self, job: Job) -> Option<Vec<u8>> {
        let template = self.card_template?;
        let course = self.course;
        let (page, section) = match job {
            Job::Section(id) => (&course.sections[id].page, course.sections[id].parent),
            Job::Lecture(id) => (&course.lectures[id].page, Some(course.lectures[id].section)),
            _ => return None,
        };
        let section = section
            .filter(|&section| section != SectionId::HOME)
            .map_or("", |section| course.sections[section].page.title.as_str());
        link_cards::card(
            template,
            &link_cards::CardText {
                course: &course.config.title,
                section,
                title: &page.title,
            },
        )
    }

    /// The link that edits `page`'s file, when the course names its repository.
    fn edit_url(&self, page: &Page) -> Option<String> {
        if page.file.as_os_str().is_empty() {
            return None;
        }
        self.course
            .config
            .edit_link(&crate::config::slash_path(&page.file))
    }

    /// The theme's interface string `key` in the course's language.
    fn say(&self, key: &'a str) -> &'a str {
        self.theme.strings.get(key)
    }

    /// Who links with whom in the course.
    fn link_graph(&self) -> &graph::Links<'a> {
        self.links.get_or_init(|| graph::Links::of(self.course))
    }

    /// The common part of a page prepress makes of its own (no file behind it): under
    /// the home page, with no text, backlinks or graph of its own.
    fn made_page(&self, kind: &'static str, title: &'a str, url: Cow<'a, str>) -> PageBase<'a> {
        PageBase {
            kind,
            title,
            description: "",
            url,
            content: String::new(),
            breadcrumbs: vec![self.link_to_section(SectionId::HOME)],
            backlinks: Vec::new(),
            local_graph: None,
            updated: None,
            edit_url: None,
        }
    }

    /// Each of `tags` with its page's URL (a page's tags, as written).
    fn tag_links(&self, tags: &'a [String]) -> Vec<Link<'a>> {
        tags.iter()
            .filter_map(|written| {
                let path = crate::link::tags::normalize(written)?;
                let tag = &self.course.tags[crate::model::Tag::find(&self.course.tags, &path)?];
                Some(Link {
                    title: written.trim_start_matches('#'),
                    url: &tag.url,
                })
            })
            .collect()
    }

    /// The pages that link to the page at `url`.
    fn backlinks_of(&self, url: &str) -> Vec<Backlink<'a>> {
        if !self.course.config.backlinks {
            return Vec::new();
        }
        if self.many {
            let linking = self.every_backlink().get(url).into_iter().flatten();
            linking.map(|link| link.backlink()).collect()
        } else {
            let linking = backlinks::to(self.course, url).into_iter();
            linking.map(LinkFrom::backlink).collect()
        }
    }

    /// Every page's backlinks, by the linked page's URL.
    fn every_backlink(&self) -> &HashMap<&'a str, Vec<LinkFrom<'a>>> {
        self.backlinks.get_or_init(|| backlinks::all(self.course))
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

    fn principle_link(&self, id: PrincipleId) -> PrincipleLink<'a> {
        let principle = &self.course.principles[id];
        PrincipleLink {
            slug: &principle.slug,
            title: &principle.title,
            url: &principle.url,
        }
    }

    fn lecture_page(&self, id: LectureId) -> Result<tera::Value, Diagnostic> {
        let lecture = &self.course.lectures[id];
        let page = &lecture.page;
        let context = LecturePage {
            base: self.base("lecture", page, self.breadcrumbs(lecture.section, true)),
            toc: markdown::table_of_contents(&page.headings),
            prev: lecture.prev.map(|id| self.link_to_lecture(id)),
            next: lecture.next.map(|id| self.link_to_lecture(id)),
            date: page.date.as_deref(),
            tags: &page.tags,
            tag_links: self.tag_links(&page.tags),
            principles: lecture
                .principles
                .iter()
                .map(|&p| self.principle_link(p))
                .collect(),
            section: self.link_to_section(lecture.section),
            extra: &page.extra,
        };
        to_value(&context)
    }

    fn section_page(&self, id: SectionId) -> Result<tera::Value, Diagnostic> {
        let section = &self.course.sections[id];
        let context = SectionPage {
            base: self.base("section", &section.page, self.breadcrumbs(id, false)),
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
                .map(|&lecture| self.card(lecture))
                .collect(),
            extra: Some(&section.page.extra),
        };
        to_value(&context)
    }

    fn card(&self, lecture: LectureId) -> Card<'a> {
        let page = &self.course.lectures[lecture].page;
        Card {
            title: &page.title,
            url: &page.url,
            description: &page.description,
        }
    }

    fn index_page(&self) -> Result<tera::Value, Diagnostic> {
        let home = &self.course.sections[0];
        let mut contents = Vec::new();
        for &lecture in &home.lectures {
            contents.push(self.contents_lecture(lecture, 0));
        }
        for &section in &home.subsections {
            self.push_contents(section, 0, &mut contents);
        }
        let mut base = self.base("index", &home.page, Vec::new());
        if base.title.is_empty() {
            base.title = &self.course.config.title;
        }
        let context = IndexPage {
            base,
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
            lectures: None,
            more: None,
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
            lectures: Some(self.lecture_counts[id.0]),
            more: None,
        });
        let lectures = &section.lectures;
        let shown = if lectures.len() > HOME_LECTURES_WHOLE {
            HOME_LECTURES_SHOWN
        } else {
            lectures.len()
        };
        for &lecture in &lectures[..shown] {
            contents.push(self.contents_lecture(lecture, depth + 1));
        }
        if shown < lectures.len() {
            contents.push(ContentsItem {
                title: &section.page.title,
                url: &section.page.url,
                depth: depth + 1,
                is_section: false,
                lectures: None,
                more: Some(lectures.len() - shown),
            });
        }
        for &sub in &section.subsections {
            self.push_contents(sub, depth + 1, contents);
        }
    }

    /// The navigation of a page in `section` (and on `lecture`, when it is one);
    /// `prep` marks the current prep page.
    fn nav(
        &self,
        section: Option<SectionId>,
        lecture: Option<LectureId>,
        prep: Option<PrepPage>,
    ) -> Nav<'a> {
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
                        lectures: Some(self.lecture_counts[id.0]),
                    }
                })
                .collect(),
            sections_hidden_before: start,
            sections_hidden_after: top_sections.len() - end,
            prep: self.prep_links(prep),
            ..Nav::default()
        };
        let Some(section) = section.filter(|&s| s != SectionId::HOME) else {
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
                    lectures: None,
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

fn to_value<T: Serialize>(context: &T) -> Result<tera::Value, Diagnostic> {
    Ok(tera::Value::from_serializable(context))
}

/// `sitemap.xml`: every page's absolute URL, in a stable order.
fn sitemap(course: &Course, jobs: &[Job], renderer: &Renderer) -> String {
    let base = course.config.absolute_base();
    let mut entries: Vec<(String, Option<&str>)> = jobs
        .iter()
        .filter_map(|job| match *job {
            Job::Section(id) => Some((
                course.sections[id].page.url.clone(),
                course.sections[id].page.updated.as_deref(),
            )),
            Job::Lecture(id) => Some((
                course.lectures[id].page.url.clone(),
                course.lectures[id].page.updated.as_deref(),
            )),
            Job::GeneratedPrinciple(id) => Some((course.principles[id].url.clone(), None)),
            Job::PrepPage(prep) => Some((renderer.prep_url(prep), None)),
            Job::Print
            | Job::Search
            | Job::NotFound
            | Job::Tags
            | Job::Tag(_)
            | Job::Unresolved
            | Job::Graph => None,
        })
        .collect();
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if course.translations.is_some() {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for (url, date) in entries {
        let relative = url.strip_prefix(course.root.as_str()).unwrap_or(&url);
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_xml(&format!("{base}{relative}")));
        xml.push_str("</loc>\n");
        // A course in several languages: each page's versions, its own included.
        if let Some(translations) = &course.translations {
            for alternate in translations.alternates(course.language, &url) {
                if alternate.exists {
                    xml.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                        escape_xml(&alternate.code),
                        escape_xml(&alternate.from_base)
                    ));
                }
            }
        }
        if let Some(date) = date {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub(crate) fn escape_xml(text: &str) -> String {
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

    /// The example of a small course, rendered whole with the built-in theme.
    fn rendered(files: &[(&str, &str)]) -> SiteFiles {
        let (course, _) = crate::link::testing::course_of(files);
        let theme = Theme::load(std::path::Path::new("/nonexistent"), &course.config).unwrap();
        render(&course, &theme, &all_jobs(&course), None).unwrap()
    }

    fn page(files: &SiteFiles, path: &str) -> String {
        String::from_utf8(files[path].clone()).unwrap()
    }

    #[test]
    fn a_lecture_page_links_its_neighbours_and_escapes_its_title() {
        let files = rendered(&[
            ("s/_index.md", "---\ntitle: S\n---\n"),
            (
                "s/1-a.md",
                "---\ntitle: A <b>\n---\nText with a [link](2-b.md).\n",
            ),
            ("s/2-b.md", "---\ntitle: B\n---\n"),
        ]);
        let a = page(&files, "s/a/index.html");
        assert!(a.contains("<title>A &lt;b&gt;"), "{a}");
        assert_eq!(
            a.matches("href=\"../b/\"").count(),
            4,
            "the link, the sidebar, the next lecture and the link graph, relative to the page"
        );
        let b = page(&files, "s/b/index.html");
        assert!(b.contains("href=\"../a/\""), "the previous lecture");
    }

    #[test]
    fn every_job_has_its_own_file() {
        let files = rendered(&[("l/a.md", "---\nquestions: [Why?]\n---\n")]);
        for path in [
            "index.html",
            "l/a/index.html",
            "questions/index.html",
            "404.html",
        ] {
            assert!(files.contains_key(path), "{path} in {:?}", files.keys());
        }
    }

    /// The print pages made beside the pages, a few pages at a time, are the print pages
    /// made after them, and a part is made as soon as its pages are rendered.
    #[test]
    fn print_pages_made_beside_the_pages_equal_those_made_after() {
        let mut files = vec![
            (
                "a/_index.md".to_string(),
                "---\ntitle: A\n---\nSee [[b1]].\n".to_string(),
            ),
            (
                "b/_index.md".to_string(),
                "---\ntitle: B\n---\n".to_string(),
            ),
        ];
        for section in ["a", "b"] {
            for n in 1..=4 {
                let text = format!(
                    "---\ntitle: {section}{n}\n---\n## Part {n}\n\nOn [[a1#Part 1]], a note[^n].\n\n\
                     ```rust\nfn {section}() {{}}\n```\n\n![[b2]]\n\n[^n]: Said here.\n"
                );
                files.push((format!("{section}/{section}{n}.md"), text));
            }
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let (mut course, _) = crate::link::testing::course_of(&files);
        course.config.print = crate::config::Print::Sections;
        let theme = Theme::load(std::path::Path::new("/nonexistent"), &course.config).unwrap();
        let jobs: Vec<Job> = all_jobs(&course)
            .into_iter()
            .filter(|&job| job != Job::Print)
            .collect();
        let pages = Pages::new(&course, &theme, jobs.len()).printing_beside();
        let mut beside = SiteFiles::new();
        // The batch after which each print page came.
        let mut came_after = Vec::new();
        for (batch, chunk) in jobs.chunks(3).enumerate() {
            pages.render(chunk, None).unwrap();
            let collect = &mut |files: SiteFiles| {
                came_after.extend(files.keys().map(|path| (path.clone(), batch)));
                beside.extend(files);
                true
            };
            pages.print_pages_made_beside(false, collect).unwrap();
        }
        pages
            .print_pages_made_beside(true, &mut |files| {
                beside.extend(files);
                true
            })
            .unwrap();
        let mut after = SiteFiles::new();
        render_print_each(&course, &theme, None, &mut |files| {
            after.extend(files);
            true
        })
        .unwrap();
        assert_eq!(
            beside.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
        assert!(
            after.contains_key("print/a/index.html"),
            "{:?}",
            after.keys()
        );
        for (path, html) in &after {
            assert!(beside[path] == *html, "{path} differs");
        }
        let last = jobs.len().div_ceil(3) - 1;
        assert!(
            came_after.iter().any(|&(_, batch)| batch < last),
            "a part comes once its pages are rendered: {came_after:?}"
        );
    }

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/", "/"), "index.html");
        assert_eq!(output_path("/", "/a/b/"), "a/b/index.html");
        assert_eq!(output_path("/prep/", "/prep/a/"), "a/index.html");
    }
}
