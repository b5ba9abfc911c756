//! `prepress build`: drives the four stages (load, link, render, write) over a course
//! folder. [`build_in_memory`] stops before writing, for callers that keep the site in
//! memory; [`build`] writes it to the output folder atomically.

pub mod check;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::CONTENT_DIR;
use crate::diagnostic::Diagnostic;
use crate::link::{LinkOptions, link};
use crate::model::Course;
use crate::prep::questions::QuestionScanner;
use crate::render::theme::Theme;
use crate::render::{SiteFiles, all_jobs};
use crate::site::CourseWide;
use crate::site::write::{WriteError, lock, write};
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
}

impl BuildOptions {
    /// What the command line changes in `course.toml`'s settings: `--base-url`.
    pub fn apply_to(&self, config: &mut crate::config::CourseConfig) {
        if let Some(base_url) = &self.base_url {
            config.base_url = base_url.clone();
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
    pub files: SiteFiles,
    pub pages: usize,
    pub questions: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How long each stage took.
    pub stages: Vec<(&'static str, Duration)>,
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

/// Load and link the course: the model and every diagnostic found, sorted.
pub fn link_course(options: &BuildOptions) -> Result<(Course, Vec<Diagnostic>), BuildError> {
    crate::markdown::diagram::keep_drawings_in(&options.root.join(DRAWINGS_CACHE));
    let mut loaded = load(&options.root, &QuestionScanner).map_err(BuildError::NotACourse)?;
    options.apply_to(&mut loaded.config);
    let (course, mut diagnostics) = link(
        loaded,
        LinkOptions {
            drafts: options.drafts,
        },
    );
    crate::diagnostic::sort(&mut diagnostics);
    Ok((course, diagnostics))
}

/// Load, link and render the course; the site stays in memory.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    let (course, mut diagnostics) = link_course(options)?;
    let linked = started.elapsed();
    let theme_name = course.config.theme.clone();
    let assets = course.assets.clone();
    let theme = match Theme::load(&options.root, &theme_name) {
        Ok(theme) => Some(theme),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let theme = match theme {
        Some(theme) if !diagnostics.iter().any(Diagnostic::is_error) => theme,
        _ => return Err(BuildError::Failed(diagnostics)),
    };
    let progress = Progress::new(
        options.progress,
        started,
        course.lectures.len() + course.sections.len(),
    );
    let pages = crate::site::pages(
        &course,
        &theme,
        &all_jobs(&course),
        Some(&|| progress.inc()),
    );
    progress.finish();
    let rendered = started.elapsed();
    let course_wide = CourseWide::build(&course, &theme, true).into_files();
    let mut files = match (pages, course_wide) {
        (Ok(mut pages), Ok(course_wide)) => {
            pages.extend(course_wide);
            pages
        }
        (pages, course_wide) => {
            diagnostics.extend(pages.err().into_iter().flatten());
            diagnostics.extend(course_wide.err().into_iter().flatten());
            return Err(BuildError::Failed(diagnostics));
        }
    };
    match read_assets(&options.root, &assets) {
        Ok(asset_files) => files.extend(asset_files),
        Err(error) => {
            diagnostics.push(error);
            return Err(BuildError::Failed(diagnostics));
        }
    }
    let mut stages = vec![
        ("load and link", linked),
        ("render pages", rendered - linked),
        (
            "print page, sitemap, downloads, search index",
            started.elapsed() - rendered,
        ),
    ];
    let pages = files.keys().filter(|path| path.ends_with(".html")).count();
    if options.pdf {
        let printing = Instant::now();
        let chromium = crate::site::pdf::find_chromium(options.chromium.as_deref())
            .map_err(BuildError::Pdf)?;
        crate::site::pdf::add_pdfs(&mut files, &pdf_targets(&course), &chromium)
            .map_err(BuildError::Pdf)?;
        stages.push(("pdf", printing.elapsed()));
    }
    Ok(Built {
        stages,
        files,
        pages,
        questions: course.questions.len(),
        warnings: diagnostics,
        elapsed: started.elapsed(),
    })
}

/// Builds the course and writes it to the output folder; on any error the previous
/// output is left as it was. One build at a time writes an output folder: a second one
/// waits for the first, and says so on stderr.
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
    let mut built = build_in_memory(options)?;
    let writing = Instant::now();
    write(&output, &built.files).map_err(BuildError::Write)?;
    crate::markdown::diagram::prune_unused_drawings();
    built.stages.push(("write", writing.elapsed()));
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
    let mut targets = vec![crate::site::pdf::Target {
        page: crate::render::PRINT_URL.to_string(),
        pdf: "print.pdf".to_string(),
    }];
    if crate::render::printed_in_parts(course) {
        for &section in course.top_sections() {
            let page = relative(&crate::render::part_url(course, section));
            let name = page
                .trim_start_matches(crate::render::PRINT_URL)
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
