//! The build cache: what the last build of an output folder was made from, so building a
//! course that has not changed since costs one read of its files instead of a render.
//!
//! A build's inputs are hashed into one fingerprint: prepress itself (its version and its
//! executable's size and time, so another prepress never trusts this one's record), the
//! options that change the site (`--drafts`, `--base-url`), `course.toml`, every file the
//! load stage reads under `content/`, and every file the theme is read from. After a
//! good build the fingerprint is recorded in `.output.cache/build.json` beside the output,
//! with the hash of the manifest the output was written with, and the build's warnings.
//! The next build hashes its inputs again. When the fingerprint is the recorded one and
//! the output still holds exactly what its manifest lists (nothing added, removed or
//! edited since), the output already is this build's: it is left alone and the recorded
//! warnings are reported again. Anything else, a missing, damaged or foreign record
//! included, is a full build, so the cache is safe to delete. The inputs are hashed
//! before and after a build and recorded only when both agree, so a file saved during a
//! build is never taken for the one the build read.
//!
//! Beside the record, the cache keeps the code blocks the last build highlighted (by
//! their language and text, for the same prepress), so a build after an edit highlights
//! only the blocks that are new.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::{CONFIG_FILE, CONTENT_DIR, slash_path};
use crate::diagnostic::{Diagnostic, Severity, Snippet};
use crate::markdown::highlight::{KeptBlock, asked_for, remember};
use crate::pipeline::{BuildOptions, Built, Stage};
use crate::render::SiteFiles;
use crate::site::content_hash;
use crate::site::write::{cache_dir, intact, write_cached};
use crate::source::{read_config, read_text, walk_content};

/// The record's file in the cache folder.
const RECORD: &str = "build.json";
/// The highlighted code blocks' file in the cache folder.
const HIGHLIGHTED: &str = "highlighted.json";
/// The record's layout; a record of another layout is not read.
const FORMAT: u32 = 1;

/// The fingerprint of a build's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inputs(u64);

/// Hashes the build's inputs; `None` when one cannot be read (the build then reports
/// why) or prepress cannot tell which executable it is.
pub fn inputs(options: &BuildOptions) -> Option<Inputs> {
    let root = &options.root;
    let mut walk_problems = Vec::new();
    let config = read_config(root).ok()?;
    let content = walk_content(root, config.follow_links_outside, &mut walk_problems);
    if !walk_problems.is_empty() {
        return None;
    }
    let theme = config.theme;
    let mut files: Vec<PathBuf> = vec![PathBuf::from(CONFIG_FILE)];
    files.extend(content.iter().map(|path| Path::new(CONTENT_DIR).join(path)));
    // The theme folder as the build reads it, wherever its name leads.
    files.extend(crate::render::theme::files_read(root, &theme).ok()?);
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|path| {
            std::fs::read(root.join(path))
                .ok()
                .map(|b| content_hash(&b))
        })
        .collect::<Option<_>>()?;
    let mut hasher = std::hash::DefaultHasher::new();
    (FORMAT, prepress_itself()?).hash(&mut hasher);
    (options.drafts, &options.base_url).hash(&mut hasher);
    for (path, hash) in files.iter().zip(hashes) {
        (slash_path(path.strip_prefix(root).unwrap_or(path)), hash).hash(&mut hasher);
    }
    Some(Inputs(hasher.finish()))
}

/// This prepress: its version and its executable's size and time, so that no other
/// build of prepress trusts what this one cached. `None` when it cannot tell.
fn prepress_itself() -> Option<String> {
    let executable = std::env::current_exe().ok()?.metadata().ok()?;
    let modified = executable
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "prepress {}, {} bytes, {}",
        env!("CARGO_PKG_VERSION"),
        executable.len(),
        modified.as_nanos()
    ))
}

/// What a good build left in the cache folder.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    format: u32,
    /// The inputs' fingerprint, in hex.
    inputs: String,
    /// The hash of the output's manifest, in hex.
    output: String,
    pages: usize,
    questions: usize,
    warnings: Vec<Warning>,
}

/// A warning as the record keeps it: its snippet's text is read again from its file,
/// and given only when it hashes as it did.
#[derive(Debug, Serialize, Deserialize)]
struct Warning {
    file: PathBuf,
    line: usize,
    column: usize,
    code: String,
    message: String,
    hint: Option<String>,
    /// Byte offset, length, and the hash of the text pointed into, in hex.
    snippet: Option<(usize, usize, String)>,
}

fn hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// The build already in `output`, when its record says it was made from `inputs` and
/// the output is as that build left it.
pub fn unchanged(options: &BuildOptions, output: &Path, inputs: Inputs) -> Option<Built> {
    let started = Instant::now();
    let text = std::fs::read_to_string(cache_dir(output).join(RECORD)).ok()?;
    let record: Record = serde_json::from_str(&text).ok()?;
    if record.format != FORMAT || record.inputs != hex(inputs.0) {
        return None;
    }
    let manifest = intact(output)?;
    if record.output != hex(content_hash(manifest.as_bytes())) {
        return None;
    }
    let warnings = given_again(&options.root, record.warnings);
    let elapsed = started.elapsed();
    Some(Built {
        files: SiteFiles::new(),
        pages: record.pages,
        questions: record.questions,
        warnings,
        elapsed,
        stages: vec![Stage::ended(UNCHANGED, elapsed)],
        unchanged: true,
    })
}

/// The stage an unchanged build reports.
pub const UNCHANGED: &str = "unchanged since the last build";

/// Records a good build made from `inputs`, when its inputs still hash the same. The
/// cache is only a head start, so failing to write it fails nothing: it is a warning
/// saying why the next build will not have it.
pub fn record(
    options: &BuildOptions,
    output: &Path,
    inputs: Inputs,
    built: &Built,
) -> Option<Diagnostic> {
    if self::inputs(options) != Some(inputs) {
        return None;
    }
    let manifest = intact(output)?;
    let record = Record {
        format: FORMAT,
        inputs: hex(inputs.0),
        output: hex(content_hash(manifest.as_bytes())),
        pages: built.pages,
        questions: built.questions,
        warnings: built.warnings.iter().filter_map(kept_warning).collect(),
    };
    if record.warnings.len() != built.warnings.len() {
        return None;
    }
    let json = serde_json::to_vec(&record).ok()?;
    let error = write_cached(output, RECORD, &json).err()?;
    Some(
        Diagnostic::warning(&error.path, "cache", error.message)
            .with_hint("the next build renders everything again; remove this path to let prepress keep its cache there"),
    )
}

/// A warning as the record keeps it; `None` for an error (a good build has none).
fn kept_warning(diagnostic: &Diagnostic) -> Option<Warning> {
    (diagnostic.severity == Severity::Warning).then(|| Warning {
        file: diagnostic.file.clone(),
        line: diagnostic.line,
        column: diagnostic.column,
        code: diagnostic.code.to_string(),
        message: diagnostic.message.clone(),
        hint: diagnostic.hint.clone(),
        snippet: diagnostic.snippet.as_ref().map(|snippet| {
            let hash = content_hash(snippet.source.as_bytes());
            (snippet.offset, snippet.len, hex(hash))
        }),
    })
}

/// The recorded warnings as diagnostics, with their snippets' text read again.
fn given_again(root: &Path, warnings: Vec<Warning>) -> Vec<Diagnostic> {
    let mut texts: HashMap<PathBuf, Option<Arc<str>>> = HashMap::new();
    warnings
        .into_iter()
        .map(|warning| {
            let snippet = warning.snippet.and_then(|(offset, len, hash)| {
                let source = texts
                    .entry(warning.file.clone())
                    .or_insert_with(|| read_text(root, &warning.file).map(Arc::from))
                    .clone()?;
                let fits = hex(content_hash(source.as_bytes())) == hash
                    && offset
                        .checked_add(len)
                        .is_some_and(|end| source.get(offset..end).is_some());
                fits.then(|| {
                    Box::new(Snippet {
                        source,
                        offset,
                        len,
                    })
                })
            });
            Diagnostic {
                severity: Severity::Warning,
                file: warning.file,
                line: warning.line,
                column: warning.column,
                code: interned(warning.code),
                message: warning.message,
                hint: warning.hint,
                snippet,
            }
        })
        .collect()
}

/// A diagnostic's code, which is `'static`: the codes are a small fixed vocabulary, so
/// each is kept once for the life of the process.
fn interned(code: String) -> &'static str {
    static CODES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let Ok(mut codes) = CODES.lock() else {
        return "warning";
    };
    if let Some(&known) = codes.get(code.as_str()) {
        return known;
    }
    let code: &'static str = Box::leak(code.into_boxed_str());
    codes.insert(code);
    code
}

/// The code blocks a build highlighted, kept for the next one.
#[derive(Serialize, Deserialize)]
struct HighlightedBlocks {
    format: u32,
    /// The prepress that highlighted them ([`prepress_itself`]): another may highlight
    /// differently.
    prepress: String,
    blocks: Vec<KeptBlock>,
}

/// Gives the highlighter the code blocks the last build of this output highlighted,
/// when the same prepress highlighted them. Highlighting is a function of a block's
/// language and text alone (the colours are in the stylesheet, made afresh by every
/// build), so a block found here is the block a clean build would make.
pub fn remember_highlighted(output: &Path) {
    let Ok(text) = std::fs::read(cache_dir(output).join(HIGHLIGHTED)) else {
        return;
    };
    let Ok(kept) = serde_json::from_slice::<HighlightedBlocks>(&text) else {
        return;
    };
    if kept.format == FORMAT && Some(kept.prepress) == prepress_itself() {
        remember(kept.blocks);
    }
}

/// Keeps the code blocks this build highlighted or found again (and no others, so the
/// file follows the course) for the next build.
pub fn keep_highlighted(output: &Path) {
    let Some(prepress) = prepress_itself() else {
        return;
    };
    let kept = HighlightedBlocks {
        format: FORMAT,
        prepress,
        blocks: asked_for(),
    };
    if let Ok(json) = serde_json::to_vec(&kept) {
        let _ = write_cached(output, HIGHLIGHTED, &json);
    }
}
