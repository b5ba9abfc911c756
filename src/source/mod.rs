//! The load stage: files on disk in, [`Source`] pages out. Walks `content/`, reads every
//! Markdown file (in parallel), strips a BOM, splits and parses the front matter and scans
//! the Markdown. Problems become located diagnostics; a file that cannot be read as a
//! page is left out, so one bad file never hides the others' problems.

pub mod front_matter;
pub mod history;
pub mod mojibake;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{CONFIG_FILE, CourseConfig};
use crate::config::{CONTENT_DIR, is_ignored, slash_path};
use crate::diagnostic::{Diagnostic, line_and_column, relative_to};
use crate::markdown::slug::content_hash;
use crate::markdown::{self, Scan};
use crate::model::{Kind, RawQuestion};
use crate::source::front_matter::FrontMatter;

/// One Markdown file, read and parsed, before it is linked into the course.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the course root, for messages (`content/a/01-b.md`).
    pub path: PathBuf,
    /// Path relative to `content/`, with `/` separators (`a/01-b.md`).
    pub content_path: String,
    /// The file's text, without a BOM.
    pub text: Arc<str>,
    /// The hash of the bytes `text` was read from ([`content_hash`]), when it was read
    /// from a file: the build cache keeps `text` as that file's (`pipeline::incremental`).
    pub read_hash: Option<u64>,
    pub front_matter: FrontMatter,
    /// Where the Markdown body starts in `text`.
    pub body_offset: usize,
    pub scan: Scan,
    /// Interview questions found in the page, before the link stage places them.
    pub questions: Vec<RawQuestion>,
    /// For a page of the default language standing in for a missing translation: the
    /// default language's code (`link::languages`).
    pub fallback_from: Option<String>,
    /// The date of the last commit that changed the file, when the course is in a git
    /// repository ([`history`]).
    pub updated: Option<String>,
}

impl Source {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Whether this file is a folder's `_index.md` (a section page).
    pub fn is_section_index(&self) -> bool {
        self.content_path == "_index.md" || self.content_path.ends_with("/_index.md")
    }

    /// The file name without `.md`.
    pub fn stem(&self) -> &str {
        let name = self.content_path.rsplit('/').next().unwrap_or("");
        name.strip_suffix(".md").unwrap_or(name)
    }

    /// The folder the file is in, relative to `content/` (`""` for the top).
    pub fn folder(&self) -> &str {
        self.content_path
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
    }
}

/// Everything the load stage found.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: CourseConfig,
    pub sources: Vec<Source>,
    /// Files in `content/` that are not Markdown (images, PDFs), relative to `content/`.
    pub assets: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a command could not start on a folder at all.
#[derive(Debug)]
pub enum NotACourse {
    /// The folder has no `course.toml`.
    Missing(PathBuf),
    /// `course.toml` exists but cannot be read or parsed.
    Invalid(Box<Diagnostic>),
}

/// Reads and checks `ROOT/course.toml`.
pub fn read_config(root: &Path) -> Result<CourseConfig, NotACourse> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(NotACourse::Missing(root.to_path_buf()));
        }
        Err(error) => {
            let diagnostic = Diagnostic::error(CONFIG_FILE, "config", error.to_string());
            return Err(NotACourse::Invalid(Box::new(diagnostic)));
        }
    };
    let text = decode(Path::new(CONFIG_FILE), &text)
        .map_err(|diagnostic| NotACourse::Invalid(Box::new(diagnostic)))?;
    CourseConfig::parse(Path::new(CONFIG_FILE), &text)
        .map_err(|diagnostic| NotACourse::Invalid(Box::new(diagnostic)))
}

/// What a [`Scanner`] finds in a page's body: its scan, and its questions and cards.
pub type Scanned = (Scan, Vec<RawQuestion>);

/// The domain's share of the load stage's one pass over each page's Markdown: finding
/// its questions (the prep domain supplies it, so the load stage needs none of it).
pub trait Scanner: Sync {
    /// Scans a page's body; `kind` is its front matter's kind.
    fn scan(&self, body: &str, kind: Kind) -> Scanned;
}

/// Finds no questions.
impl Scanner for () {
    fn scan(&self, body: &str, _: Kind) -> Scanned {
        (markdown::scan(body, &mut ()), Vec::new())
    }
}

/// Whether a file of `content/` is Markdown (a page), by its name; else it is an asset.
pub fn is_markdown(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".markdown")
}

/// Loads the course at `root`: its config and every Markdown file under `content/`.
pub fn load<S: Scanner>(
    root: &Path,
    scanner_for: impl FnOnce(&CourseConfig) -> S,
) -> Result<Loaded, NotACourse> {
    let config = read_config(root)?;
    let scanner = &scanner_for(&config);
    let mut diagnostics = Vec::new();
    let files = walk_content(root, &config, &mut diagnostics);
    let (markdown, assets): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|file| is_markdown(file));
    let (results, history): (Vec<_>, _) = rayon::join(
        || {
            markdown
                .par_iter()
                .map(|content_path| load_file(root, content_path, scanner))
                .collect()
        },
        || history::History::read(root),
    );
    let mut sources = Vec::with_capacity(results.len());
    for (source, file_diagnostics) in results {
        sources.extend(source);
        diagnostics.extend(file_diagnostics);
    }
    let mut config = config;
    if let Some(history) = history {
        for source in &mut sources {
            source.updated = history.dates.get(&slash_path(&source.path)).cloned();
        }
        config.repository_folder.get_or_insert(history.folder);
    }
    Ok(Loaded {
        root: root.to_path_buf(),
        config,
        sources,
        assets,
        diagnostics,
    })
}

/// Every file under `content/` worth reading, relative to it, sorted, less what
/// `course.toml`'s `ignore` names and the note templates folder an Obsidian vault names
/// in `.obsidian/templates.json`. Symbolic links are followed while they lead inside the
/// course folder; one that leads outside it is skipped with a warning unless
/// `follow_links_outside` is set.
pub fn walk_content(
    root: &Path,
    config: &crate::config::CourseConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let follow_outside = config.follow_links_outside;
    // Checked when course.toml was read.
    let ignored =
        crate::config::ignore_set(&config.ignore).unwrap_or_else(|_| globset::GlobSet::empty());
    let templates = obsidian_templates_folder(&root.join(CONTENT_DIR));
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::warning(CONTENT_DIR, "content", "there is no `content/` folder")
                .with_hint("write Markdown files into content/, or run `prepress init`"),
        );
        return Vec::new();
    }
    let course = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut outside = Vec::new();
    let mut files = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            if is_ignored(&entry.file_name().to_string_lossy()) || is_site_folder(entry) {
                return false;
            }
            let relative = entry
                .path()
                .strip_prefix(&content)
                .map(slash_path)
                .unwrap_or_default();
            if ignored.is_match(&relative) || templates.as_deref() == Some(relative.as_str()) {
                return false;
            }
            let leaves =
                !follow_outside && entry.path_is_symlink() && leads_outside(entry, &course);
            if leaves {
                outside.push(relative_to(root, entry.path()));
            }
            !leaves
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(&content).unwrap_or(entry.path());
                files.push(slash_path(relative));
            }
            Ok(_) => {}
            Err(error) => diagnostics.push(walk_problem(root, &error)),
        }
    }
    diagnostics.extend(outside.into_iter().map(|link| {
        Diagnostic::warning(
            link,
            "link-outside",
            "symbolic link to a place outside the course folder; skipped, so nothing from \
             elsewhere is published",
        )
        .with_hint(
            "move what it links to into the course, or set `follow_links_outside = true` \
             in course.toml to publish it",
        )
    }));
    files
}

/// The folder of note templates an Obsidian vault names in `.obsidian/templates.json`
/// (`{"folder": "_templates"}`), relative to `content/`: its notes are for Obsidian to
/// copy, not pages.
fn obsidian_templates_folder(content: &Path) -> Option<String> {
    let text = std::fs::read_to_string(content.join(".obsidian/templates.json")).ok()?;
    let settings: serde_json::Value = serde_json::from_str(&text).ok()?;
    let folder = settings.get("folder")?.as_str()?.trim_matches('/');
    (!folder.is_empty()).then(|| folder.to_string())
}

/// Whether a symbolic link's target lies outside `course` (a canonical path). A link to
/// nothing does not: the walk reports it as such.
fn leads_outside(entry: &walkdir::DirEntry, course: &Path) -> bool {
    std::fs::canonicalize(entry.path()).is_ok_and(|target| !target.starts_with(course))
}

/// A folder prepress built a site into (it carries the write stage's marker): an output
/// or staging folder reached through a link, never content.
fn is_site_folder(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && entry.path().join(crate::config::MARKER).exists()
}

/// A folder or file the walk could not read is an error (its pages would be missing); a
/// link loop or a link to nothing is a warning.
fn walk_problem(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map_or_else(|| PathBuf::from(CONTENT_DIR), |p| relative_to(root, p));
    if error.loop_ancestor().is_some() {
        return Diagnostic::warning(path, "walk", "symbolic link loop; not followed");
    }
    let dangling = error
        .path()
        .is_some_and(|p| p.is_symlink() && std::fs::metadata(p).is_err());
    if dangling {
        return Diagnostic::warning(path, "walk", "symbolic link to nothing; skipped");
    }
    let reason = error
        .io_error()
        .map_or_else(|| error.to_string(), ToString::to_string);
    Diagnostic::error(path, "read", format!("cannot read: {reason}")).with_hint(
        "its pages would be missing from the site: make it readable, or move it out of content/",
    )
}

/// Reads one Markdown file; gives the page (when it is one) and its diagnostics.
pub fn load_file(
    root: &Path,
    content_path: &str,
    scanner: &dyn Scanner,
) -> (Option<Source>, Vec<Diagnostic>) {
    let path = Path::new(CONTENT_DIR).join(content_path);
    match std::fs::read(root.join(&path)) {
        Ok(bytes) => load_bytes(content_path, &bytes, scanner),
        Err(error) => {
            let diagnostic = Diagnostic::error(&path, "read", format!("cannot read: {error}"));
            (None, vec![diagnostic])
        }
    }
}

/// [`load_file`] for a file's bytes read before (a build after an edit loads the
/// edited files as the last build read them, from its cache).
pub fn load_bytes(
    content_path: &str,
    bytes: &[u8],
    scanner: &dyn Scanner,
) -> (Option<Source>, Vec<Diagnostic>) {
    let path = Path::new(CONTENT_DIR).join(content_path);
    let text = match decode(&path, bytes) {
        Ok(text) => text,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let (text, nul_warning) = replace_nul(&path, text);
    let (mut source, mut diagnostics) =
        parse_source(path, content_path.to_string(), Arc::from(text), scanner);
    if let Some(source) = &mut source {
        source.read_hash = Some(content_hash(bytes));
    }
    diagnostics.extend(nul_warning);
    (source, diagnostics)
}

/// A file's text as the load stage reads it (UTF-8 without a BOM, NULs replaced), for
/// a diagnostic's snippet given again without loading the course; `None` when it
/// cannot be read.
pub fn read_text(root: &Path, path: &Path) -> Option<String> {
    let bytes = std::fs::read(root.join(path)).ok()?;
    let text = decode(path, &bytes).ok()?;
    Some(replace_nul(path, text).0)
}

/// NUL characters become U+FFFD, as CommonMark says, with a warning at the first one.
fn replace_nul(path: &Path, text: String) -> (String, Option<Diagnostic>) {
    let Some(first) = text.find('\0') else {
        return (text, None);
    };
    let count = text.matches('\0').count();
    let (line, column) = line_and_column(&text, first);
    let warning = Diagnostic::warning(
        path,
        "encoding",
        format!("{count} NUL character(s), shown as \u{FFFD}"),
    )
    .at_line(line, column)
    .with_hint("the file may be binary, or saved with the wrong encoding");
    (text.replace('\0', "\u{FFFD}"), Some(warning))
}

/// UTF-8 text without a BOM, or an error with the byte offset and line of the first bad byte.
fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => {
            let offset = error.valid_up_to();
            let before = std::str::from_utf8(&bytes[..offset]).unwrap_or("");
            let (line, column) = line_and_column(before, offset);
            let message = format!("invalid UTF-8 at byte {offset}");
            Err(Diagnostic::error(path, "encoding", message)
                .at_line(line, column)
                .with_hint("save the file as UTF-8"))
        }
    }
}

/// Splits, parses and scans one file's text.
pub fn parse_source(
    path: PathBuf,
    content_path: String,
    text: Arc<str>,
    scanner: &dyn Scanner,
) -> (Option<Source>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let split = match front_matter::split(&text) {
        Ok(split) => split,
        Err(offset) => {
            let diagnostic =
                Diagnostic::error(&path, "front-matter", "front matter is never closed")
                    .at(&text, offset, 3)
                    .with_hint(
                        "end the front matter with a line holding only `---` (or `+++` for TOML)",
                    );
            return (None, vec![diagnostic]);
        }
    };
    let mut front_matter = match split.front_matter {
        Some((format, block, offset)) => {
            match front_matter::parse(&path, &text, format, block, offset) {
                Ok(front_matter) => front_matter,
                Err(errors) => return (None, errors),
            }
        }
        None => FrontMatter::default(),
    };
    diagnostics.append(&mut front_matter.warnings);
    let body_offset = split.body_offset;
    if text.trim().is_empty() {
        diagnostics.push(Diagnostic::warning(&path, "empty", "the file is empty"));
    } else if text[body_offset..].trim().is_empty() && !content_path.ends_with("_index.md") {
        diagnostics.push(
            Diagnostic::warning(
                &path,
                "empty",
                "the page has nothing after its front matter",
            )
            .at_line(crate::diagnostic::line_and_column(&text, body_offset).0, 1),
        );
    }
    diagnostics.extend(mojibake_warnings(&path, &text));
    let (scan, questions) = scanner.scan(&text[body_offset..], front_matter.kind);
    for problem in &scan.problems {
        let mut diagnostic = match problem.is_error {
            true => Diagnostic::error(&path, problem.code, problem.message.clone()),
            false => Diagnostic::warning(&path, problem.code, problem.message.clone()),
        }
        .at(&text, body_offset + problem.offset, problem.len);
        if let Some(hint) = &problem.hint {
            diagnostic = diagnostic.with_hint(hint.clone());
        }
        diagnostics.push(diagnostic);
    }
    let source = Source {
        path,
        content_path,
        text,
        read_hash: None,
        front_matter,
        body_offset,
        scan,
        questions,
        fallback_from: None,
        updated: None,
    };
    (Some(source), diagnostics)
}

/// One warning per line that holds mojibake, with the repaired line as the hint.
fn mojibake_warnings(path: &Path, text: &Arc<str>) -> Vec<Diagnostic> {
    let runs = crate::source::mojibake::find(text);
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut last_line = 0;
    let lines = crate::diagnostic::LineIndex::of(text);
    for run in runs {
        let (line, _) = lines.line_and_column(text, run.start);
        if line == last_line {
            continue;
        }
        last_line = line;
        let line_start = lines.line_start(text, line);
        let line_text = text[line_start..].lines().next().unwrap_or("");
        let broken = &text[run.start..run.end];
        let (repaired, _) = crate::source::mojibake::repair(line_text);
        let message = format!(
            "`{broken}` looks like mojibake: UTF-8 read as Windows-1252 (it was `{}`)",
            run.repaired
        );
        warnings.push(
            Diagnostic::warning(path, "mojibake", message)
                .at(text, run.start, broken.len())
                .with_hint(format!("repaired, the line reads: {}", repaired.trim())),
        );
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_hidden_and_editor_files() {
        for name in [".hidden.md", ".#lock.md", "notes.md~", "x.md.swp", "#auto#"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("01-star.md"));
    }

    #[test]
    fn invalid_utf8_names_the_byte_and_line() {
        let error = decode(Path::new("x.md"), b"ok\nfine \xFF bad").unwrap_err();
        assert!(error.message.contains("byte 8"), "{}", error.message);
        assert_eq!(error.line, 2);
    }

    #[test]
    fn bom_is_stripped() {
        assert_eq!(
            decode(Path::new("x"), b"\xEF\xBB\xBF---\n").unwrap(),
            "---\n"
        );
    }

    #[test]
    fn empty_file_is_a_page_with_a_warning() {
        let (source, diagnostics) =
            parse_source("content/e.md".into(), "e.md".into(), Arc::from(""), &());
        assert!(source.is_some());
        assert_eq!(diagnostics.len(), 1);
    }
}
