//! `prepress build`: drives the four stages (load, link, render, write) over a course
//! folder. [`build_in_memory`] stops before writing, for callers that keep the site in
//! memory; [`build`] writes it to the output folder atomically, a batch of pages at a
//! time as they are rendered.

pub mod cache;
pub mod check;
pub mod depend;
pub mod incremental;
pub mod scans;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::CONTENT_DIR;
use crate::diagnostic::Diagnostic;
use crate::link::{LinkOptions, link_languages};
use crate::model::Course;
use crate::prep::questions::QuestionScanner;
use crate::render::theme::{Theme, static_origins};
use crate::render::{Job, Pages, SiteFiles, all_jobs, render_static};
use crate::site::search::Indexer;
use crate::site::write::{Staged, WriteError, lock, write};
use crate::site::{CourseWide, Piece, PrintPages, SearchIndex};
use crate::source::{NotACourse, load};

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The course folder (holds `course.toml` and `content/`).
    pub root: PathBuf,
    /// Where the site goes; `ROOT/output` when not given.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from `course.toml`.
    pub base_url: Option<String>,
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
    /// Show a progress bar on a terminal when the build takes more than a second.
    pub progress: bool,
    /// Also print the whole course and every worksheet to PDF with Chromium.
    pub pdf: bool,
    /// The Chromium to print with (else the first on PATH).
    pub chromium: Option<PathBuf>,
    /// For `serve`: no service worker (it would keep pages the next save replaces).
    pub serving: bool,
    /// Pages rendered and written to the staging folder together ([`WRITE_BATCH`] when
    /// not given). Not a command-line option: tests make it small, to write a small course
    /// in several batches.
    pub write_batch: Option<usize>,
}

impl BuildOptions {
    /// What the command line changes in `course.toml`'s settings: `--base-url`.
    pub fn apply_to(&self, config: &mut crate::config::CourseConfig) {
        if let Some(base_url) = &self.base_url {
            config.base_url = base_url.clone();
        }
        if self.serving {
            // A save shows at once: no worker keeping old pages, no cards to draw.
            config.offline = false;
            config.link_cards = false;
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join(crate::config::OUTPUT_DIR))
    }
}

/// A successful build: the site and what was found along the way (warnings only).
#[derive(Debug)]
pub struct Built {
    /// The site's files from [`build_in_memory`]; empty after [`build`], which wrote
    /// them as they came (unless `--pdf` had it hold them).
    pub files: SiteFiles,
    pub pages: usize,
    pub questions: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How long each stage took.
    pub stages: Vec<Stage>,
    /// The output was already this build's (see [`cache`]), and was left as it was.
    pub unchanged: bool,
    /// Where its pages are, for the next build to keep a moved page's old URL.
    pub urls: crate::model::EarlierUrls,
    /// After an edit ([`incremental`]): how many pages were rendered again, the others
    /// kept as the last build wrote them. `None` for a build of every page.
    pub rendered: Option<usize>,
    /// The output's files that pages were rendered into, and those of the print pages,
    /// for the next build after an edit.
    pub page_files: Vec<String>,
    pub print_files: Vec<String>,
    /// The Markdown files' texts as the build read them, for its cache to keep.
    pub texts_read: incremental::TextsRead,
    /// The pages' scans it wrote, for its cache to keep (none when it is not to be
    /// recorded).
    pub scans_made: scans::ScansMade,
    /// The search index's counts it wrote, to keep with its record.
    pub search_counts: crate::site::search::CountsMade,
    /// After an edit: how many pages were scanned, the others given the last build's
    /// scans ([`scans`]). `None` when they were not at hand.
    pub scanned: Option<usize>,
}

/// What a build hands on to where its files go.
enum Handed {
    Files(SiteFiles),
    /// Files of the last build's output that this build keeps as they are.
    Kept(Vec<String>),
}

/// One stage of a build, as `--verbose` reports it.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: &'static str,
    pub time: Duration,
    /// The process's peak resident memory so far, in MiB, where the system tells it.
    pub peak_mib: Option<u64>,
}

impl Stage {
    /// A stage that has just ended.
    pub fn ended(name: &'static str, time: Duration) -> Self {
        Self {
            name,
            time,
            peak_mib: peak_memory_mib(),
        }
    }
}

/// Asks glibc to give back the memory a stage freed, before a stage that allocates much
/// starts: without it the next stage starts from the last one's high-water mark (10,000
/// lectures: peak 320 → 300 MiB; 100,000: 2,161 → 2,124 MiB). Not after the last stage
/// that allocates: trimming takes time (50 ms of a 10,000-lecture build) and would
/// lower nothing. The `prepress` binary allocates with mimalloc, which gives freed
/// memory back by itself (glibc's heap is then all but empty, and trimming it costs
/// nothing); this is for a program that uses the library with glibc's allocator, as its
/// tests do.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(target_os = "linux")]
fn peak_memory_mib() -> Option<u64> {
    // SAFETY: getrusage only writes into the zeroed struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let status = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    (status == 0).then(|| u64::try_from(usage.ru_maxrss).unwrap_or(0) / 1024)
}

#[cfg(not(target_os = "linux"))]
fn peak_memory_mib() -> Option<u64> {
    None
}

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum BuildError {
    /// The folder is not a course, or its `course.toml` is broken.
    NotACourse(NotACourse),
    /// Errors in the content or the theme; every diagnostic found, warnings included.
    Failed(Vec<Diagnostic>),
    /// The output folder could not be written.
    Write(WriteError),
    /// `--pdf` could not print.
    Pdf(crate::site::pdf::PdfError),
}

/// Where a course keeps its diagrams' drawings between builds.
pub const DRAWINGS_CACHE: &str = ".prepress-cache/diagrams";

/// Load and link the course: the model (one per language of a course in several, the
/// default first) and every diagnostic found, sorted.
pub fn link_course(options: &BuildOptions) -> Result<(Vec<Course>, Vec<Diagnostic>), BuildError> {
    let linked = link_course_and_before(options, None, false)?;
    Ok((linked.courses, linked.diagnostics))
}

/// What [`link_course_and_before`] gives.
struct Linked {
    /// The linked course, one per language.
    courses: Vec<Course>,
    /// Every diagnostic, sorted.
    diagnostics: Vec<Diagnostic>,
    /// The course as the last build linked it, when asked for and known.
    before: Option<Course>,
    /// The texts the load stage read, for the build cache to keep.
    texts_read: incremental::TextsRead,
    /// The pages' scans written, for the build cache to keep, when asked for.
    scans_made: scans::ScansMade,
    /// How many pages were scanned, when the last build's scans were at hand (the rest
    /// were given them).
    scanned: Option<usize>,
}

/// [`link_course`], and with `earlier` (see [`incremental`]) the course as the last
/// build linked it, side by side (`None` for a course in several languages, or when an
/// edited file made no page then), each page scanned only when the last build's scan of
/// it is not at hand ([`scans`]). With `keep_scans`, the pages' scans are written down
/// for the record to keep.
fn link_course_and_before(
    options: &BuildOptions,
    earlier: Option<&incremental::Earlier>,
    keep_scans: bool,
) -> Result<Linked, BuildError> {
    crate::markdown::diagram::keep_drawings_in(&options.root.join(DRAWINGS_CACHE));
    crate::render::link_cards::keep_cards_in(
        &options.root.join(crate::render::link_cards::CARDS_CACHE),
    );
    let kept = earlier.and_then(|earlier| earlier.scans.as_ref());
    let scanner_for = |config: &crate::config::CourseConfig| scans::ReusingKept {
        scanner: QuestionScanner::for_course(config),
        kept,
    };
    let mut loaded = load(&options.root, scanner_for).map_err(BuildError::NotACourse)?;
    options.apply_to(&mut loaded.config);
    let scanned = kept.map(|kept| loaded.sources.len().saturating_sub(kept.taken()));
    let texts_read = incremental::TextsRead::of(&loaded);
    let scans_made = match keep_scans {
        true => scans::ScansMade::write(&options.output_dir(), &loaded.sources, kept),
        false => scans::ScansMade::default(),
    };
    let before = earlier
        .filter(|_| loaded.config.languages.0.is_empty())
        .and_then(|earlier| {
            let scanner = scanner_for(&loaded.config);
            incremental::loaded_before(&loaded, &earlier.edited, &scanner)
        });
    let theme = loaded.config.theme.clone();
    let link_options = LinkOptions {
        drafts: options.drafts,
        theme_static: static_origins(&options.root, &theme),
        earlier: crate::pipeline::cache::earlier_urls(&options.output_dir())
            .map(std::sync::Arc::new),
    };
    let ((courses, mut diagnostics), before) = rayon::join(
        || link_languages(loaded, link_options.clone()),
        || before.map(|before| crate::link::link(before, link_options.clone()).0),
    );
    crate::diagnostic::sort(&mut diagnostics);
    Ok(Linked {
        courses,
        diagnostics,
        before,
        texts_read,
        scans_made,
        scanned,
    })
}

/// Pages rendered and written together when a build writes as it renders: enough to keep
/// every core busy, few enough that the site is never all in memory at once.
const WRITE_BATCH: usize = 1000;

/// Load, link and render the course; the site stays in memory.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, BuildError> {
    let mut files = SiteFiles::new();
    let (mut built, pdfs) = build_into(options, None, false, usize::MAX, &mut |handed| {
        // Nothing is kept without an output to keep it from.
        if let Handed::Files(batch) = handed {
            files.extend(batch);
        }
        Ok(())
    })?;
    if options.pdf {
        let printing = Instant::now();
        let chromium = crate::site::pdf::find_chromium(options.chromium.as_deref())
            .map_err(BuildError::Pdf)?;
        crate::site::pdf::add_pdfs(&mut files, &pdfs, &chromium).map_err(BuildError::Pdf)?;
        built.stages.push(Stage::ended("pdf", printing.elapsed()));
    }
    built.files = files;
    Ok(built)
}

/// Load, link and render the course, handing the files to `sink` a batch of `batch`
/// pages at a time (then the course-wide files, then the assets). After a failed batch
/// the rest is still rendered, so every error is reported, but nothing more is handed
/// on. With `earlier`, only the pages an edit can change are rendered, and the others'
/// files handed on as kept. With `keep_scans`, the pages' scans are written down for
/// the record to keep. The `Built` it gives holds no files; with it come the
/// pages `--pdf` prints.
fn build_into(
    options: &BuildOptions,
    earlier: Option<&incremental::Earlier>,
    keep_scans: bool,
    batch: usize,
    sink: &mut dyn FnMut(Handed) -> Result<(), BuildError>,
) -> Result<(Built, Vec<crate::site::pdf::Target>), BuildError> {
    let started = Instant::now();
    let Linked {
        courses,
        mut diagnostics,
        before,
        texts_read,
        scans_made,
        scanned,
    } = link_course_and_before(options, earlier, keep_scans)?;
    let linked = started.elapsed();
    // The pages an edit can change, when the last build's are known; and whether it
    // changed a title or description, which every print page's contents may show.
    let again = match (earlier, &before, courses.as_slice()) {
        (Some(earlier), Some(before), [course]) => {
            match crate::pipeline::depend::affected(before, course) {
                crate::pipeline::depend::Affected::Pages(jobs) => Some(AfterAnEdit {
                    earlier,
                    retitled: before
                        .every_page()
                        .zip(course.every_page())
                        .any(|(a, b)| a.title != b.title || a.description != b.description),
                    jobs,
                }),
                crate::pipeline::depend::Affected::All => None,
            }
        }
        _ => None,
    };
    let linked_before = before.is_some();
    let_go(before);
    let mut stages = vec![Stage::ended(
        if linked_before {
            "load and link (and the course before the edit)"
        } else {
            "load and link"
        },
        linked,
    )];
    give_back_freed_memory();
    let mut themes = Vec::with_capacity(courses.len());
    for course in &courses {
        match Theme::load(&options.root, &course.config) {
            Ok(theme) => themes.push(theme),
            Err(errors) => {
                for error in errors {
                    if !diagnostics.iter().any(|d| d.message == error.message) {
                        diagnostics.push(error);
                    }
                }
            }
        }
    }
    if courses
        .first()
        .is_some_and(|course| course.config.draws_link_cards())
        && !crate::render::link_cards::have_fonts()
    {
        diagnostics.push(
            Diagnostic::warning(
                crate::config::CONFIG_FILE,
                "link-cards",
                "no font found on this machine: pages are shared without a link card",
            )
            .with_hint("install a font (Debian: fonts-dejavu-core), or set `link_cards = false`"),
        );
    }
    if themes.len() < courses.len() || diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BuildError::Failed(diagnostics));
    }
    let progress = Progress::new(
        options.progress,
        started,
        courses
            .iter()
            .map(|course| course.lectures.len() + course.sections.len())
            .sum(),
    );
    let mut pages = 0;
    let mut failed = false;
    let mut page_files: Vec<String> = Vec::new();
    let mut print_files: Vec<String> = Vec::new();
    let mut rendered_pages = 0;
    // How long the print pages and the search index made beside the pages took.
    let mut printed_beside = Duration::ZERO;
    let mut searched_beside = Duration::ZERO;
    // A build of every page makes the search index beside the pages, from their texts
    // as their render made them, in course order.
    let stemmers: Vec<_> = courses
        .iter()
        .map(|course| crate::markdown::stem::stemmer(&course.config.language))
        .collect();
    // Its counts are kept for the next build when the build keeps its scans (it is
    // recorded) and has one language (a build after an edit of several is a build of
    // every page).
    let output = options.output_dir();
    let keep_counts = keep_scans && courses.len() == 1;
    let mut indexers: Vec<Option<Indexer>> = courses
        .iter()
        .zip(&stemmers)
        .map(|(course, stemmer)| {
            (again.is_none() && course.config.search).then(|| {
                let indexer = Indexer::new(course, stemmer.as_ref());
                match keep_counts {
                    true => indexer.keeping(&output),
                    false => indexer,
                }
            })
        })
        .collect();
    let mut search_counts = crate::site::search::CountsMade::default();
    for ((course, theme), indexer) in courses.iter().zip(&themes).zip(&mut indexers) {
        let tree = course.tree();
        // The print pages are no page's job: made beside the pages in a build of every
        // page, else after them, below.
        let mut jobs: Vec<Job> = all_jobs(course)
            .into_iter()
            .filter(|&job| job != Job::Print)
            .filter(|job| again.as_ref().is_none_or(|again| again.jobs.contains(job)))
            .collect();
        // The lectures in the order of the course's files, the search index's order.
        jobs.sort_unstable();
        rendered_pages += jobs.len();
        let mut renderer = Pages::new(course, theme, jobs.len());
        // A build of every page makes the print pages beside the pages, each from the
        // pages' own parse, as soon as its pages are rendered.
        let beside = again.is_none() && course.config.print != crate::config::Print::Off;
        if beside {
            renderer = renderer.printing_beside();
        }
        if let Some(indexer) = indexer {
            renderer = renderer.searching_beside(indexer.pages());
        }
        for chunk in jobs.chunks(batch.max(1)) {
            let errors = match renderer.render(chunk, Some(&|| progress.inc())) {
                Ok(files) if !failed => {
                    hand_on(sink, files, tree, &mut pages, Some(&mut page_files))?;
                    if let Some(indexer) = indexer.as_mut() {
                        let took = &mut searched_beside;
                        hand_on_searched_beside(
                            &renderer,
                            indexer,
                            sink,
                            (tree, &mut pages),
                            took,
                        )?;
                    }
                    match beside {
                        true => hand_on_printed_beside(
                            &renderer,
                            false,
                            sink,
                            (tree, &mut pages, &mut print_files),
                            &mut printed_beside,
                        )?,
                        false => Vec::new(),
                    }
                }
                Ok(_) => Vec::new(),
                Err(errors) => errors,
            };
            failed |= keep_errors(errors, &mut diagnostics);
        }
        if beside && !failed {
            let errors = hand_on_printed_beside(
                &renderer,
                true,
                sink,
                (tree, &mut pages, &mut print_files),
                &mut printed_beside,
            )?;
            failed |= keep_errors(errors, &mut diagnostics);
        }
    }
    progress.finish();
    if failed {
        return Err(BuildError::Failed(diagnostics));
    }
    // The pages not rendered again, as the last build wrote them.
    if let Some(again) = &again {
        let kept = not_made_again(&again.earlier.page_files, &page_files);
        pages += kept.iter().filter(|path| path.ends_with(".html")).count();
        page_files.extend(kept.iter().cloned());
        sink(Handed::Kept(kept))?;
    }
    // The print pages: after an edit, those that print a page rendered again (every one
    // when a title or description changed), or none when the edit printed no page.
    let printed_again: std::collections::HashSet<&str> = match &again {
        Some(again) if !again.retitled && again.jobs.contains(&Job::Print) => courses
            .iter()
            .flat_map(|course| {
                again.jobs.iter().filter_map(move |&job| match job {
                    Job::Section(id) => Some(course.sections[id].page.url.as_str()),
                    Job::Lecture(id) => Some(course.lectures[id].page.url.as_str()),
                    _ => None,
                })
            })
            .collect(),
        _ => std::collections::HashSet::new(),
    };
    let print_pages = match &again {
        // Made beside the pages.
        None => PrintPages::None,
        Some(again) if again.retitled => PrintPages::All,
        Some(again) if again.jobs.contains(&Job::Print) => PrintPages::Printing(&printed_again),
        Some(_) => PrintPages::None,
    };
    for (course, theme) in courses.iter().zip(&themes) {
        let mut files = render_static(course, theme);
        if !course.tree().is_empty() {
            files.retain(|path, _| path == crate::model::generated::STRINGS_SCRIPT);
        }
        hand_on(sink, files, course.tree(), &mut pages, None)?;
    }
    let rendered = started.elapsed();
    stages.push(Stage::ended(
        "render pages",
        (rendered - linked).saturating_sub(printed_beside + searched_beside),
    ));
    give_back_freed_memory();
    // How long the print pages, the sitemap and downloads, and the search index took.
    let mut took = [Duration::ZERO; 3];
    for (((course, theme), indexer), stemmer) in
        courses.iter().zip(&themes).zip(indexers).zip(&stemmers)
    {
        let mut stopped = None;
        let print = match course.config.print {
            crate::config::Print::Off => PrintPages::None,
            _ => print_pages,
        };
        let reading = Instant::now();
        let search = match (indexer, &again) {
            (Some(indexer), _) => SearchIndex::Finish(Box::new(indexer)),
            (None, Some(again)) if course.config.search => {
                let indexer = index_after_an_edit(course, stemmer.as_ref(), again.earlier);
                let kept = indexer.kept_files().iter();
                let kept = kept
                    .map(|path| format!("{}{path}", course.tree()))
                    .collect();
                sink(Handed::Kept(kept))?;
                SearchIndex::Finish(Box::new(match keep_counts {
                    true => indexer.keeping(&output),
                    false => indexer,
                }))
            }
            (None, _) => SearchIndex::Whole,
        };
        took[2] += reading.elapsed();
        let mut since = Instant::now();
        let mut each = |piece| {
            let (files, owned, kind) = match piece {
                Piece::Print(files) => (files, Some(&mut print_files), 0),
                Piece::CourseFiles(files) => (files, None, 1),
                Piece::Search(files) => (files, None, 2),
                Piece::SearchCounts(counts) => {
                    search_counts = counts;
                    return true;
                }
            };
            let handed = hand_on(sink, files, course.tree(), &mut pages, owned);
            took[kind] += since.elapsed();
            since = Instant::now();
            match handed {
                Ok(()) => true,
                Err(error) => {
                    stopped = Some(error);
                    false
                }
            }
        };
        let made = CourseWide::each(course, theme, (print, search), &options.root, &mut each);
        if let Some(error) = stopped {
            return Err(error);
        }
        if let Err(errors) = made {
            diagnostics.extend(errors);
            return Err(BuildError::Failed(diagnostics));
        }
    }
    if let Some(again) = &again {
        let kept = not_made_again(&again.earlier.print_files, &print_files);
        pages += kept.iter().filter(|path| path.ends_with(".html")).count();
        print_files.extend(kept.iter().cloned());
        sink(Handed::Kept(kept))?;
    }
    let assets = courses
        .first()
        .map(|course| course.assets.clone())
        .unwrap_or_default();
    match read_assets(&options.root, &assets) {
        Ok(asset_files) => hand_on(sink, asset_files, "", &mut pages, None)?,
        Err(error) => {
            diagnostics.push(error);
            return Err(BuildError::Failed(diagnostics));
        }
    }
    let course_wide = started.elapsed() - rendered;
    stages.push(Stage::ended("print pages", took[0] + printed_beside));
    stages.push(Stage::ended("sitemap, downloads", took[1]));
    stages.push(Stage::ended("search index", took[2] + searched_beside));
    stages.push(Stage::ended(
        "assets",
        course_wide.saturating_sub(took.iter().sum()),
    ));
    let built = Built {
        stages,
        files: SiteFiles::new(),
        pages,
        questions: courses.iter().map(|course| course.questions.len()).sum(),
        warnings: diagnostics,
        elapsed: started.elapsed(),
        unchanged: false,
        urls: crate::link::earlier_urls_of(&courses),
        rendered: again.is_some().then_some(rendered_pages),
        page_files,
        print_files,
        texts_read,
        scans_made,
        scanned,
        search_counts,
    };
    let pdfs = courses.first().map(pdf_targets).unwrap_or_default();
    let_go(courses);
    Ok((built, pdfs))
}

/// Gives the search index the texts the last batch's render made, and hands on the index
/// files they complete. A text the index cannot count yet (a document before it has no
/// text: its page was not rendered) is let go; that document is read from its Markdown
/// in its turn. `took` adds the time it took; `tree` and `pages` are [`hand_on`]'s.
fn hand_on_searched_beside(
    renderer: &Pages,
    indexer: &mut Indexer,
    sink: &mut dyn FnMut(Handed) -> Result<(), BuildError>,
    (tree, pages): (&str, &mut usize),
    took: &mut Duration,
) -> Result<(), BuildError> {
    let since = Instant::now();
    let mut texts = renderer.take_search_texts();
    let mut stopped = None;
    indexer.take_texts(&mut texts, &mut |files| {
        let handed = hand_on(sink, files, tree, pages, None);
        handed.map_err(|error| stopped = Some(error)).is_ok()
    });
    *took += since.elapsed();
    stopped.map_or(Ok(()), Err)
}

/// Hands on the print pages made beside the pages that are ready
/// ([`Pages::print_pages_made_beside`]); their template errors, or the sink's error.
/// `took` adds the time it took; `tree`, `pages` and `print_files` are [`hand_on`]'s.
fn hand_on_printed_beside(
    renderer: &Pages,
    rest: bool,
    sink: &mut dyn FnMut(Handed) -> Result<(), BuildError>,
    (tree, pages, print_files): (&str, &mut usize, &mut Vec<String>),
    took: &mut Duration,
) -> Result<Vec<Diagnostic>, BuildError> {
    let since = Instant::now();
    let mut stopped = None;
    let made = renderer.print_pages_made_beside(rest, &mut |files| {
        let handed = hand_on(sink, files, tree, pages, Some(print_files));
        handed.map_err(|error| stopped = Some(error)).is_ok()
    });
    *took += since.elapsed();
    match stopped {
        Some(error) => Err(error),
        None => Ok(made.err().into_iter().collect()),
    }
}

/// Adds `errors` to `diagnostics`, each message once; whether there were any.
fn keep_errors(errors: Vec<Diagnostic>, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let any = !errors.is_empty();
    for error in errors {
        if !diagnostics.iter().any(|d| d.message == error.message) {
            diagnostics.push(error);
        }
    }
    any
}

/// A build after an edit: what the last build left, the pages the edit can change, and
/// whether it changed a page's title or description (every print page's contents show
/// them).
struct AfterAnEdit<'e> {
    earlier: &'e incremental::Earlier,
    jobs: std::collections::BTreeSet<Job>,
    retitled: bool,
}

/// The search index of a build after an edit: the documents that are as they were take
/// their counts from the last build's, the others (the edited pages' among them) are
/// counted; without the last build's counts, every page's text is read from its Markdown.
fn index_after_an_edit<'a>(
    course: &'a Course,
    stemmer: Option<&'a rust_stemmers::Stemmer>,
    earlier: &incremental::Earlier,
) -> Indexer<'a> {
    let edited_files: std::collections::HashSet<PathBuf> = earlier
        .edited
        .keys()
        .map(|path| Path::new(CONTENT_DIR).join(path))
        .collect();
    let edited: std::collections::HashSet<&str> = course
        .every_page()
        .filter(|page| edited_files.contains(&page.file))
        .map(|page| page.url.as_str())
        .collect();
    let indexer = Indexer::new(course, stemmer);
    match &earlier.search {
        Some(kept) => indexer.after_an_edit(kept, &edited),
        None => indexer,
    }
}

/// The files of the last build (`earlier`) that this one did not make again (`made`): it
/// keeps them as they are.
fn not_made_again(earlier: &[String], made: &[String]) -> Vec<String> {
    let made: std::collections::HashSet<&String> = made.iter().collect();
    earlier
        .iter()
        .filter(|path| !made.contains(path))
        .cloned()
        .collect()
}

/// Hands rendered files on to `sink`, counting the pages among them: a language's tree
/// under its folder (`tree`), the files noted in `owned` when it is given.
fn hand_on(
    sink: &mut dyn FnMut(Handed) -> Result<(), BuildError>,
    files: SiteFiles,
    tree: &str,
    pages: &mut usize,
    owned: Option<&mut Vec<String>>,
) -> Result<(), BuildError> {
    *pages += files.keys().filter(|path| path.ends_with(".html")).count();
    let files: SiteFiles = if tree.is_empty() {
        files
    } else {
        files
            .into_iter()
            .map(|(path, bytes)| (format!("{tree}{path}"), bytes))
            .collect()
    };
    if let Some(owned) = owned {
        owned.extend(files.keys().cloned());
    }
    sink(Handed::Files(files))
}

/// Drops `value` on a thread of its own. A large course is millions of small allocations
/// (100,000 lectures: 1.5 GB, half a second to free) that nothing waits for: the caller
/// goes on, and a command that ends first ends without freeing them one by one.
pub fn let_go<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("let-go".to_string())
        .spawn(move || drop(value));
    // When no thread can start, the value goes with the closure, here.
    drop(spawned);
}

/// Builds the course and writes it to the output folder; on any error the previous
/// output is left as it was. One build at a time writes an output folder: a second one
/// waits for the first, and says so on stderr. The pages are written into the staging
/// folder as they are rendered, a batch at a time, so the whole site is never in memory
/// at once; with `--pdf` it is, as Chromium prints from a site served from memory.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    let output = options.output_dir();
    let _lock = lock(&output, |holder| {
        let holder = holder.map_or_else(String::new, |pid| format!(" (process {pid})"));
        eprintln!(
            "waiting for another build of {} to finish{holder}",
            output.display()
        );
    })
    .map_err(BuildError::Write)?;
    crate::site::write::remove_left_for_cache(&output);
    // `--pdf` always prints: Chromium's PDFs are not the course's to fingerprint.
    let inputs = (!options.pdf).then(|| cache::inputs(options)).flatten();
    let last = inputs.as_ref().and_then(|_| cache::last_build(&output));
    if let (Some(inputs), Some(last)) = (&inputs, &last)
        && let Some(built) = cache::unchanged(options, last, inputs)
    {
        let mut built = built;
        built.elapsed = started.elapsed();
        return Ok(built);
    }
    let damaged_highlighted = cache::remember_highlighted(options, &output);
    // The manifest of the output written.
    let (mut built, manifest) = if options.pdf {
        let mut built = build_in_memory(options)?;
        let writing = Instant::now();
        let manifest = write(&output, &built.files).map_err(BuildError::Write)?;
        built.stages.push(Stage::ended("write", writing.elapsed()));
        (built, Some(manifest))
    } else {
        // The staging folder is claimed with the first batch: a build that fails before
        // it leaves the folder (and so the next build's head start) as it was.
        let mut staged: Option<Staged> = None;
        let earlier = inputs
            .as_ref()
            .zip(last)
            .and_then(|(inputs, last)| incremental::earlier(&output, last, inputs));
        let batch = options.write_batch.unwrap_or(WRITE_BATCH);
        let (mut built, _) = build_into(
            options,
            earlier.as_ref(),
            inputs.is_some(),
            batch,
            &mut |handed| {
                let staging = match &mut staged {
                    Some(staging) => staging,
                    None => staged.insert(Staged::begin(&output).map_err(BuildError::Write)?),
                };
                match (handed, &earlier) {
                    (Handed::Files(files), _) => staging.add(&files),
                    (Handed::Kept(paths), Some(earlier)) => staging.keep(&paths, &earlier.output),
                    (Handed::Kept(_), None) => Ok(()),
                }
                .map_err(BuildError::Write)
            },
        )?;
        let writing = Instant::now();
        let manifest = staged
            .map(Staged::finish)
            .transpose()
            .map_err(BuildError::Write)?;
        built
            .stages
            .push(Stage::ended("finish writing", writing.elapsed()));
        (built, manifest)
    };
    let recording = Instant::now();
    // A build after an edit used only the drawings and link cards of the pages it
    // rendered again: the others' are still the site's. So are the drawings of a draft's
    // diagrams, which only its scan draws, when the build was given the last build's
    // scans (`scans`).
    if built.rendered.is_none() {
        if built.scanned.is_none() {
            crate::markdown::diagram::prune_unused_drawings();
        }
        crate::render::link_cards::prune_unused_cards();
    }
    // Its highlighted blocks, likewise: the kept pages' are kept.
    cache::keep_highlighted(&output, built.rendered.is_none());
    if let Some(not_kept) = cache::keep_urls(&output, &built.urls) {
        built.warnings.push(not_kept);
    }
    if let (Some(inputs), Some(manifest)) = (&inputs, &manifest)
        && let Some(not_kept) = cache::record(options, &output, inputs, manifest, &built)
    {
        built.warnings.push(not_kept);
    }
    let_go(std::mem::take(&mut built.texts_read));
    let_go(std::mem::take(&mut built.scans_made));
    let_go(std::mem::take(&mut built.search_counts));
    built
        .stages
        .push(Stage::ended("keep the cache", recording.elapsed()));
    // After the record: the damage is made good, the builds after this have nothing to say.
    built.warnings.extend(damaged_highlighted);
    built.warnings.extend(cache::damaged_drawings(options));
    built.elapsed = started.elapsed();
    Ok(built)
}

/// A progress bar for the render stage, shown on a terminal once a build has taken more
/// than a second.
struct Progress {
    enabled: bool,
    started: Instant,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl Progress {
    fn new(wanted: bool, started: Instant, total: usize) -> Self {
        use std::io::IsTerminal;
        Self {
            enabled: wanted && std::io::stderr().is_terminal(),
            started,
            total,
            done: std::sync::atomic::AtomicUsize::new(0),
            bar: std::sync::OnceLock::new(),
        }
    }

    fn inc(&self) {
        if !self.enabled {
            return;
        }
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if self.started.elapsed() < Duration::from_secs(1) && self.bar.get().is_none() {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(self.total as u64);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("rendering {bar:40} {pos}/{len} pages")
            {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// The pages `--pdf` prints: the whole course (or, printed in parts, the cover and each
/// part), and each worksheet.
fn pdf_targets(course: &Course) -> Vec<crate::site::pdf::Target> {
    let relative = |url: &str| {
        url.strip_prefix(course.root.as_str())
            .unwrap_or(url)
            .to_string()
    };
    let mut targets = Vec::new();
    if course.config.print != crate::config::Print::Off {
        targets.push(crate::site::pdf::Target {
            page: crate::model::generated::PRINT_URL.to_string(),
            pdf: "print.pdf".to_string(),
        });
    }
    if crate::model::generated::printed_in_parts(course) {
        for &section in course.top_sections() {
            let page = relative(&crate::model::generated::part_url(course, section));
            let name = page
                .trim_start_matches(crate::model::generated::PRINT_URL)
                .trim_end_matches('/');
            targets.push(crate::site::pdf::Target {
                pdf: format!("print/{name}.pdf"),
                page,
            });
        }
    }
    for lecture in &course.lectures {
        if lecture.kind == crate::model::Kind::Worksheet {
            targets.push(crate::site::pdf::Target {
                page: relative(&lecture.page.url),
                pdf: format!("worksheets/{}.pdf", lecture.slug),
            });
        }
    }
    targets
}

/// The non-Markdown files of `content/`, to publish at the same paths.
fn read_assets(root: &Path, assets: &[String]) -> Result<SiteFiles, Diagnostic> {
    assets
        .par_iter()
        .map(|asset| {
            let path = Path::new(CONTENT_DIR).join(asset);
            std::fs::read(root.join(&path))
                .map(|bytes| (asset.clone(), bytes))
                .map_err(|e| Diagnostic::error(path, "read", format!("cannot read: {e}")))
        })
        .collect()
}
