//! `prepress build`: drives the four stages (load, link, render, write) over a course
//! folder. [`build_in_memory`] stops before writing, for callers that keep the site in
//! memory; [`build`] writes it to the output folder atomically.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::link::{LinkOptions, link};
use crate::load::{CONTENT_DIR, NotACourse, load};
use crate::model::Course;
use crate::render::{SiteFiles, render};
use crate::theme::Theme;
use crate::write::{WriteError, write};

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
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
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
}

/// Load and link the course: the model and every diagnostic found, sorted.
pub fn link_course(options: &BuildOptions) -> Result<(Course, Vec<Diagnostic>), BuildError> {
    let mut loaded = load(&options.root).map_err(BuildError::NotACourse)?;
    if let Some(base_url) = &options.base_url {
        loaded.config.base_url = base_url.clone();
    }
    let (course, mut diagnostics) = link(
        loaded,
        LinkOptions {
            drafts: options.drafts,
        },
    );
    sort(&mut diagnostics);
    Ok((course, diagnostics))
}

/// Load, link and render the course; the site stays in memory.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    let (course, mut diagnostics) = link_course(options)?;
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
    let mut files = match render(&course, &theme) {
        Ok(files) => files,
        Err(errors) => {
            diagnostics.extend(errors);
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
    let pages = files.keys().filter(|path| path.ends_with(".html")).count();
    Ok(Built {
        files,
        pages,
        questions: course.questions.len(),
        warnings: diagnostics,
        elapsed: started.elapsed(),
    })
}

/// Builds the course and writes it to the output folder; on any error the previous
/// output is left as it was.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let mut built = build_in_memory(options)?;
    write(&options.output_dir(), &built.files).map_err(BuildError::Write)?;
    built.elapsed = built.elapsed.max(Duration::ZERO);
    Ok(built)
}

/// Orders diagnostics by file and position, so reports read top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
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
