//! The build cache: what the last build of an output folder was made from, so building a
//! course that has not changed since costs one read of its files instead of a render.
//!
//! A build's inputs are hashed into one fingerprint: prepress itself (its version and its
//! executable's size and time, so another prepress never trusts this one's record), the
//! options that change the site (`--drafts`, `--base-url`, and `SOURCE_DATE_EPOCH`, which
//! the Anki deck's dates heed), `course.toml`, every file the
//! load stage reads under `content/`, every file the theme is read from, and git's HEAD
//! (the pages' dates come from git). After a
//! good build the fingerprint is recorded in `.output.cache/build.json` beside the output,
//! with the hash of the manifest the output was written with, and the build's warnings.
//! The next build hashes its inputs again. When the fingerprint is the recorded one and
//! the output still holds exactly what its manifest lists (nothing added, removed or
//! edited since), the output already is this build's: it is left alone and the recorded
//! warnings are reported again. Anything else, a missing, damaged or foreign record
//! included, is a full build, so the cache is safe to delete. The record is written with
//! its hash, so one edited since (its pages, questions or warnings) is taken for damaged,
//! not for what the last build found. The inputs are hashed before a build and checked
//! after it (the Markdown files by the hash of the bytes the load stage read, as their
//! texts are kept, `pipeline::incremental`; the other files hashed again), and recorded
//! only when both agree, so a file saved during a build is never taken for the one the
//! build read.
//!
//! Beside the record, the cache keeps the code blocks the last build highlighted (by
//! their language and text, for the same prepress), so a build after an edit highlights
//! only the blocks that are new. Each block is kept with a hash of itself, and one that
//! no longer hashes so (an edit, a flipped bit, a cut-off file) is highlighted again: a
//! build that met such damage says so once, in a warning naming the cache file, and
//! makes the site a clean build would. It says so for the diagrams' drawings too, which
//! the course keeps in a cache of its own (see `markdown::diagram`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::{CONFIG_FILE, CONTENT_DIR, slash_path};
use crate::diagnostic::{Diagnostic, Severity, Snippet, interned_code};
use crate::markdown::diagram::take_damaged_drawings;
use crate::markdown::highlight::{KeptBlock, blocks_to_keep, remember};
use crate::markdown::slug::{content_hash, hex};
use crate::pipeline::{BuildOptions, Built, DRAWINGS_CACHE, Stage};
use crate::render::SiteFiles;
use crate::site::write::{cache_dir, intact, write_cached};
use crate::source::{is_markdown, read_config, read_text, walk_content};

/// The record's file in the cache folder.
const RECORD: &str = "build.json";
/// Where the last build put each page, in the cache folder.
const URLS: &str = "urls.json";
/// The highlighted code blocks' file in the cache folder.
const HIGHLIGHTED: &str = "highlighted.json";
/// The cache files' layout; a file of another layout is not read.
const FORMAT: u32 = 3;

/// The fingerprint of a build's inputs, whole and in parts: what a build after an edit
/// (`pipeline::incremental`) needs to tell which files changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// Everything: equal fingerprints make equal sites.
    pub(super) all: u64,
    /// Everything but `content/`: prepress, the options, `course.toml`, the theme, git.
    pub base: u64,
    /// Each file of `content/` (its path relative to it) with the hash of its bytes.
    pub content: Vec<(String, u64)>,
}

/// Hashes the build's inputs; `None` when one cannot be read (the build then reports
/// why) or prepress cannot tell which executable it is.
pub fn inputs(options: &BuildOptions) -> Option<Inputs> {
    hashed_inputs(options, true)
}

/// [`inputs`], the Markdown files of `content/` read and hashed only when `markdown`
/// (else their hash is 0, for a caller that checks them another way).
fn hashed_inputs(options: &BuildOptions, markdown: bool) -> Option<Inputs> {
    let root = &options.root;
    let mut walk_problems = Vec::new();
    let config = read_config(root).ok()?;
    let content = walk_content(root, &config, &mut walk_problems);
    // A link skipped or a loop is a warning the record gives again; a folder that
    // cannot be read leaves the course unknown.
    if walk_problems.iter().any(Diagnostic::is_error) {
        return None;
    }
    let theme = config.theme;
    let mut base_files: Vec<PathBuf> = vec![PathBuf::from(CONFIG_FILE)];
    // The theme folder as the build reads it, wherever its name leads.
    base_files.extend(crate::render::theme::files_read(root, &theme).ok()?);
    let hash_all = |paths: &[PathBuf]| -> Option<Vec<u64>> {
        paths
            .par_iter()
            .map(|path| {
                if !markdown && path.to_str().is_some_and(is_markdown) {
                    return Some(0);
                }
                std::fs::read(root.join(path))
                    .ok()
                    .map(|b| content_hash(&b))
            })
            .collect()
    };
    let content_paths: Vec<PathBuf> = content
        .iter()
        .map(|path| Path::new(CONTENT_DIR).join(path))
        .collect();
    let base_hashes = hash_all(&base_files)?;
    let content_hashes = hash_all(&content_paths)?;
    let mut hasher = std::hash::DefaultHasher::new();
    (FORMAT, prepress_itself()?).hash(&mut hasher);
    (options.drafts, &options.base_url).hash(&mut hasher);
    // The Anki deck dates no note after it (`prep::anki`).
    std::env::var_os("SOURCE_DATE_EPOCH").hash(&mut hasher);
    // The pages' "Last updated" dates come from git.
    crate::source::history::head(root).hash(&mut hasher);
    for (path, hash) in base_files.iter().zip(base_hashes) {
        (slash_path(path.strip_prefix(root).unwrap_or(path)), hash).hash(&mut hasher);
    }
    let base = hasher.finish();
    for (path, hash) in content_paths.iter().zip(&content_hashes) {
        (slash_path(path), hash).hash(&mut hasher);
    }
    Some(Inputs {
        all: hasher.finish(),
        base,
        content: content.into_iter().zip(content_hashes).collect(),
    })
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
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The inputs' fingerprint, in hex.
    pub(super) inputs: String,
    /// The fingerprint of the inputs but `content/`, in hex.
    pub(super) base: String,
    /// The hash of the output's manifest, in hex.
    pub(super) output: String,
    pages: usize,
    questions: usize,
    warnings: Vec<Warning>,
    /// The output's files that pages were rendered into, and those of the print pages
    /// (a build after an edit keeps those it does not render again).
    pub(super) page_files: Vec<String>,
    pub(super) print_files: Vec<String>,
}

/// A warning as the record keeps it: its snippet's text is read again from its file,
/// and given only when it hashes as it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// The build already in `output`, when its record says it was made from `inputs` and
/// the output is as that build left it.
pub fn unchanged(options: &BuildOptions, last: &LastBuild, inputs: &Inputs) -> Option<Built> {
    let started = Instant::now();
    let (record, _) = last;
    if record.inputs != hex(inputs.all) {
        return None;
    }
    let warnings = given_again(&options.root, record.warnings.clone());
    let elapsed = started.elapsed();
    Some(Built {
        files: SiteFiles::new(),
        pages: record.pages,
        questions: record.questions,
        warnings,
        elapsed,
        stages: vec![Stage::ended(UNCHANGED, elapsed)],
        unchanged: true,
        urls: crate::model::EarlierUrls::default(),
        rendered: None,
        page_files: record.page_files.clone(),
        print_files: record.print_files.clone(),
        texts_read: super::incremental::TextsRead::default(),
        scans_made: super::scans::ScansMade::default(),
        search_counts: crate::site::search::CountsMade::default(),
        scanned: None,
    })
}

/// The record of the last good build of an output, and the manifest it wrote.
pub type LastBuild = (Record, String);

/// The last good build of `output`, when its record is whole and the output still as
/// that build left it: read once, for [`unchanged`] and `incremental::earlier`.
pub fn last_build(output: &Path) -> Option<LastBuild> {
    let bytes = std::fs::read(cache_dir(output).join(RECORD)).ok()?;
    let record = read_record(&bytes)?;
    let manifest = intact(output)?;
    (record.output == hex(content_hash(manifest.as_bytes()))).then_some((record, manifest))
}

/// Where the last build of `output` put each page (`None` when it left no record or
/// one that does not read): a build keeps a moved page's old URL alive from it.
pub fn earlier_urls(output: &Path) -> Option<crate::model::EarlierUrls> {
    let bytes = std::fs::read(cache_dir(output).join(URLS)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Keeps where this build put each page, for the next one; a warning when it cannot.
pub fn keep_urls(output: &Path, urls: &crate::model::EarlierUrls) -> Option<Diagnostic> {
    let bytes = serde_json::to_vec(urls).ok()?;
    let error = write_cached(output, URLS, &bytes).err()?;
    Some(
        Diagnostic::warning(&error.path, "cache", error.message)
            .with_hint("the next build cannot tell which pages moved; remove this path to let prepress keep its cache there"),
    )
}

/// The stage an unchanged build reports.
pub const UNCHANGED: &str = "unchanged since the last build";

/// Records a good build made from `inputs` into an output written with `manifest`
/// (the next build checks the output still holds it), when its inputs still hash the
/// same. The cache is only a head start, so failing to write it fails nothing: it is a
/// warning saying why the next build will not have it.
pub fn record(
    options: &BuildOptions,
    output: &Path,
    inputs: &Inputs,
    manifest: &str,
    built: &Built,
) -> Option<Diagnostic> {
    // The inputs but the Markdown files, hashed again; the Markdown files' texts the
    // build read are checked against their hashes as they are kept, below.
    let now = hashed_inputs(options, false)?;
    let same = now.base == inputs.base
        && now.content.len() == inputs.content.len()
        && now
            .content
            .iter()
            .zip(&inputs.content)
            .all(|((path, now), (was_path, was))| {
                path == was_path && (is_markdown(path) || now == was)
            });
    if !same {
        return None;
    }
    let record = Record {
        inputs: hex(inputs.all),
        base: hex(inputs.base),
        output: hex(content_hash(manifest.as_bytes())),
        pages: built.pages,
        questions: built.questions,
        warnings: {
            let mut hashes = TextHashes::new();
            built
                .warnings
                .iter()
                .filter_map(|warning| kept_warning(warning, &mut hashes))
                .collect()
        },
        page_files: built.page_files.clone(),
        print_files: built.print_files.clone(),
    };
    if record.warnings.len() != built.warnings.len() {
        return None;
    }
    // Before the record: the sources name the record they go with.
    if !super::incremental::keep_sources(options, output, inputs, &built.texts_read) {
        return None;
    }
    super::scans::keep(output, &record.inputs, &built.scans_made);
    crate::site::search::keep_counts(output, &record.inputs, &built.search_counts);
    let error = write_cached(output, RECORD, &record_file(&record)?).err()?;
    Some(
        Diagnostic::warning(&error.path, "cache", error.message)
            .with_hint("the next build renders everything again; remove this path to let prepress keep its cache there"),
    )
}

/// The record as its file keeps it: the record's JSON, in a string beside its hash.
#[derive(Serialize, Deserialize)]
struct SealedRecord {
    format: u32,
    /// The hash of `record`, in hex.
    hash: String,
    record: String,
}

/// The record's file.
fn record_file(record: &Record) -> Option<Vec<u8>> {
    let record = serde_json::to_string(record).ok()?;
    let sealed = SealedRecord {
        format: FORMAT,
        hash: hex(content_hash(record.as_bytes())),
        record,
    };
    serde_json::to_vec(&sealed).ok()
}

/// The record a record's file holds, when it is of this layout and hashes as it did
/// when written: a record damaged since would report pages, questions and warnings
/// that are not the build's.
fn read_record(bytes: &[u8]) -> Option<Record> {
    let sealed: SealedRecord = serde_json::from_slice(bytes).ok()?;
    let whole =
        sealed.format == FORMAT && sealed.hash == hex(content_hash(sealed.record.as_bytes()));
    if !whole {
        return None;
    }
    serde_json::from_str(&sealed.record).ok()
}

/// The hash of each text warnings point into, by the text's address: a file with many
/// warnings is hashed once, not once a warning.
type TextHashes = HashMap<*const u8, String>;

/// A warning as the record keeps it; `None` for an error (a good build has none).
fn kept_warning(diagnostic: &Diagnostic, hashes: &mut TextHashes) -> Option<Warning> {
    (diagnostic.severity == Severity::Warning).then(|| Warning {
        file: diagnostic.file.clone(),
        line: diagnostic.line,
        column: diagnostic.column,
        code: diagnostic.code.to_string(),
        message: diagnostic.message.clone(),
        hint: diagnostic.hint.clone(),
        snippet: diagnostic.snippet.as_ref().map(|snippet| {
            let hash = hashes
                .entry(snippet.source.as_ptr())
                .or_insert_with(|| hex(content_hash(snippet.source.as_bytes())));
            (snippet.offset, snippet.len, hash.clone())
        }),
    })
}

/// The recorded warnings as diagnostics, with their snippets' text read again.
fn given_again(root: &Path, warnings: Vec<Warning>) -> Vec<Diagnostic> {
    // Each file read and hashed once, however many warnings it has.
    let mut texts: HashMap<PathBuf, Option<(Arc<str>, String)>> = HashMap::new();
    warnings
        .into_iter()
        .map(|warning| {
            let snippet = warning.snippet.and_then(|(offset, len, hash)| {
                let (source, read_hash) = texts
                    .entry(warning.file.clone())
                    .or_insert_with(|| {
                        let text: Arc<str> = Arc::from(read_text(root, &warning.file)?);
                        let hash = hex(content_hash(text.as_bytes()));
                        Some((text, hash))
                    })
                    .clone()?;
                let fits = read_hash == hash
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
                code: interned_code(warning.code),
                message: warning.message,
                hint: warning.hint,
                snippet,
            }
        })
        .collect()
}

/// The layout of a cache file, read first: a file of another layout is not read on.
#[derive(Deserialize)]
struct Layout {
    format: u32,
}

/// The first line of the highlighted code blocks' file; one block a line follows it.
#[derive(Serialize, Deserialize)]
struct HighlightedHeader {
    format: u32,
    /// The prepress that highlighted them ([`prepress_itself`]): another may highlight
    /// differently.
    prepress: String,
    /// How many blocks follow, so that a file cut off between two is seen to be.
    blocks: usize,
}

/// A highlighted block as its file keeps it: the hash of the block ([`block_hash`]), in
/// hex, then the block.
#[derive(Serialize, Deserialize)]
struct SealedBlock(String, KeptBlock);

/// The hash a kept block is checked against: of its language, code and HTML, each with
/// its length, so no text can pass for another's.
fn block_hash((language, code, html): &KeptBlock) -> u64 {
    let mut bytes = Vec::with_capacity(24 + language.len() + code.len() + html.len());
    for text in [language, code, html] {
        bytes.extend_from_slice(&(text.len() as u64).to_le_bytes());
        bytes.extend_from_slice(text.as_bytes());
    }
    content_hash(&bytes)
}

/// What a highlighted blocks' file gave: the blocks that are whole, and how many
/// entries (a line each, the header included) were damaged.
#[derive(Debug, Default, PartialEq)]
struct ReadBlocks {
    blocks: Vec<KeptBlock>,
    damaged: usize,
}

/// The blocks kept in a highlighted blocks' file made by `prepress`; `None` for a file
/// of another layout or another prepress, which is no damage, only not ours to use.
fn read_blocks(bytes: &[u8], prepress: &str) -> Option<ReadBlocks> {
    let mut lines = bytes.split(|&byte| byte == b'\n');
    let header = lines.next().unwrap_or_default();
    let layout = serde_json::from_slice::<Layout>(header);
    if layout.is_ok_and(|layout| layout.format != FORMAT) {
        return None;
    }
    let Ok(header) = serde_json::from_slice::<HighlightedHeader>(header) else {
        // Its blocks may be whole, but whose they are cannot be told.
        let damaged = 1 + lines.filter(|line| !line.is_empty()).count();
        return Some(ReadBlocks {
            blocks: Vec::new(),
            damaged,
        });
    };
    if header.prepress != prepress {
        return None;
    }
    let mut read = ReadBlocks::default();
    let mut lines_read = 0;
    for line in lines.filter(|line| !line.is_empty()) {
        lines_read += 1;
        match serde_json::from_slice::<SealedBlock>(line) {
            Ok(SealedBlock(hash, block)) if hash == hex(block_hash(&block)) => {
                read.blocks.push(block);
            }
            _ => read.damaged += 1,
        }
    }
    read.damaged += header.blocks.saturating_sub(lines_read);
    Some(read)
}

/// The highlighted blocks' file for `blocks` highlighted by `prepress`.
fn blocks_file(blocks: Vec<KeptBlock>, prepress: String) -> Option<Vec<u8>> {
    let header = HighlightedHeader {
        format: FORMAT,
        prepress,
        blocks: blocks.len(),
    };
    let mut bytes = serde_json::to_vec(&header).ok()?;
    for block in blocks {
        bytes.push(b'\n');
        let hash = hex(block_hash(&block));
        serde_json::to_writer(&mut bytes, &SealedBlock(hash, block)).ok()?;
    }
    bytes.push(b'\n');
    Some(bytes)
}

/// Gives the highlighter the code blocks the last build of this output highlighted,
/// when the same prepress highlighted them. Highlighting is a function of a block's
/// language and text alone (the colours are in the stylesheet, made afresh by every
/// build), so a block found here is the block a clean build would make. A block that
/// fails its hash is left out, to be highlighted again; the warning says how many were.
pub fn remember_highlighted(options: &BuildOptions, output: &Path) -> Option<Diagnostic> {
    let file = cache_dir(output).join(HIGHLIGHTED);
    let bytes = std::fs::read(&file).ok()?;
    let read = read_blocks(&bytes, &prepress_itself()?)?;
    remember(read.blocks);
    (read.damaged > 0).then(|| damage(options, &file, read.damaged))
}

/// Keeps the code blocks this build highlighted or found again for the next build: no
/// others after a build of every page, so the file follows the course; after a build
/// that rendered only what an edit changed, the last build's too (the pages it kept
/// show them).
pub fn keep_highlighted(output: &Path, every_page: bool) {
    let Some(prepress) = prepress_itself() else {
        return;
    };
    if let Some(bytes) = blocks_file(blocks_to_keep(!every_page), prepress) {
        let _ = write_cached(output, HIGHLIGHTED, &bytes);
    }
}

/// The warning for the drawings found damaged in the diagrams' cache while this build
/// drew, each drawn again; it names the drawing's file when only one was.
pub fn damaged_drawings(options: &BuildOptions) -> Option<Diagnostic> {
    let damaged = take_damaged_drawings();
    let folder = options.root.join(DRAWINGS_CACHE);
    match damaged.as_slice() {
        [] => None,
        [one] => Some(damage(options, &folder.join(one), 1)),
        several => Some(damage(options, &folder, several.len())),
    }
}

/// The warning for a cache file (or folder) found damaged: how many of its entries
/// were, left out and made again. It is given by the build that met the damage and not
/// recorded: that build made the cache whole again.
fn damage(options: &BuildOptions, file: &Path, entries: usize) -> Diagnostic {
    let file = file.strip_prefix(&options.root).unwrap_or(file);
    let entries = match entries {
        1 => "1 damaged entry in this build cache was".to_string(),
        n => format!("{n} damaged entries in this build cache were"),
    };
    Diagnostic::warning(file, "cache", format!("{entries} left out and made again")).with_hint(
        "the site is what a clean build makes; damage that keeps coming back may be a failing disk",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREPRESS: &str = "prepress under test";

    fn blocks() -> Vec<KeptBlock> {
        ["rust", "python", "sql"]
            .into_iter()
            .map(|language| {
                let code = format!("{language} code\n");
                let html = format!("<pre class=\"hl\">{language} \"html\"\n</pre>\n");
                (language.to_string(), code, html)
            })
            .collect()
    }

    fn kept() -> Vec<u8> {
        blocks_file(blocks(), PREPRESS.to_string()).unwrap()
    }

    fn read(bytes: &[u8]) -> ReadBlocks {
        read_blocks(bytes, PREPRESS).expect("a file of this prepress")
    }

    #[test]
    fn kept_blocks_read_back_whole() {
        let read = read(&kept());
        assert_eq!(read.blocks, blocks());
        assert_eq!(read.damaged, 0);
    }

    #[test]
    fn a_block_edited_and_still_json_is_left_out() {
        let text = String::from_utf8(kept()).unwrap();
        let edited = text.replacen("python \\\"html", "python \\\"HTML", 1);
        assert_ne!(edited, text);
        let read = read(edited.as_bytes());
        assert_eq!(read.damaged, 1);
        assert_eq!(read.blocks.len(), 2);
        assert!(
            read.blocks
                .iter()
                .all(|(language, ..)| language != "python")
        );
    }

    #[test]
    fn every_flipped_bit_in_a_block_is_caught() {
        let whole = kept();
        let header = whole.iter().position(|&byte| byte == b'\n').unwrap() + 1;
        for at in header..whole.len() - 1 {
            for bit in 0..8 {
                let mut bytes = whole.clone();
                bytes[at] ^= 1 << bit;
                let read = read(&bytes);
                assert!(read.damaged >= 1, "byte {at}, bit {bit}");
                assert!(
                    read.blocks.iter().all(|block| blocks().contains(block)),
                    "byte {at}, bit {bit}: a damaged block was given"
                );
            }
        }
    }

    #[test]
    fn a_cut_off_file_gives_only_whole_blocks() {
        let whole = kept();
        for len in 0..whole.len() - 1 {
            let read = read_blocks(&whole[..len], PREPRESS).unwrap();
            assert!(
                read.blocks.iter().all(|block| blocks().contains(block)),
                "cut at {len}"
            );
            assert!(read.damaged >= 1, "cut at {len}");
        }
    }

    #[test]
    fn a_damaged_header_drops_every_block() {
        let mut bytes = kept();
        bytes[0] = b'[';
        assert_eq!(
            read(&bytes),
            ReadBlocks {
                blocks: Vec::new(),
                damaged: 4
            }
        );
    }

    #[test]
    fn a_file_saved_during_a_build_keeps_the_build_from_being_recorded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title = \"T\"\n").unwrap();
        let section = dir.path().join(CONTENT_DIR).join("s");
        std::fs::create_dir_all(&section).unwrap();
        std::fs::write(section.join("_index.md"), "---\ntitle: S\n---\n").unwrap();
        let lecture = section.join("a.md");
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let output = options.output_dir();
        let recorded = cache_dir(&output).join(RECORD);
        let manifest = || crate::site::write::intact(&output).unwrap();
        // The texts a build reads (a build lets go of its own once it has kept them).
        let read_now = || {
            let loaded = crate::source::load(
                &options.root,
                crate::prep::questions::QuestionScanner::for_course,
            );
            super::super::incremental::TextsRead::of(&loaded.unwrap())
        };
        // A build that read the lecture saved between its inputs' hashing and its load
        // stage: its texts are not those the inputs were hashed from.
        for saved in [
            "---\ntitle: A\n---\nSaved meanwhile.\n",
            "---\ntitle: A\n---\nText!\n",
        ] {
            std::fs::write(&lecture, saved).unwrap();
            let mut built = crate::pipeline::build(&options).unwrap();
            built.texts_read = read_now();
            std::fs::write(&lecture, "---\ntitle: A\n---\nText.\n").unwrap();
            let hashed = inputs(&options).unwrap();
            std::fs::remove_file(&recorded).unwrap();
            assert!(super::record(&options, &output, &hashed, &manifest(), &built).is_none());
            assert!(
                !recorded.exists(),
                "{saved:?} was taken for what the inputs were hashed from"
            );
        }
        // A save after the load stage read the file: the build is still the one of the
        // text it read, which is what the record and the kept texts say.
        let mut built = crate::pipeline::build(&options).unwrap();
        built.texts_read = read_now();
        let hashed = inputs(&options).unwrap();
        std::fs::remove_file(&recorded).unwrap();
        std::fs::write(&lecture, "---\ntitle: A\n---\nSaved after.\n").unwrap();
        assert!(super::record(&options, &output, &hashed, &manifest(), &built).is_none());
        assert!(recorded.is_file(), "the file as the build read it");
        let earlier = super::super::incremental::earlier(
            &output,
            last_build(&output).unwrap(),
            &inputs(&options).unwrap(),
        )
        .expect("a build after an edit");
        assert_eq!(
            earlier.edited["s/a.md"], b"---\ntitle: A\n---\nText.\n",
            "the text the build read, not the file saved after"
        );
    }

    fn record() -> Record {
        Record {
            inputs: hex(1),
            base: hex(4),
            output: hex(2),
            pages: 52,
            questions: 125,
            warnings: vec![Warning {
                file: PathBuf::from("content/a.md"),
                line: 3,
                column: 7,
                code: "weak-story".to_string(),
                message: "the Action says \"we\"".to_string(),
                hint: None,
                snippet: Some((10, 4, hex(3))),
            }],
            page_files: vec!["index.html".to_string(), "a/index.html".to_string()],
            print_files: vec!["print/index.html".to_string()],
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        assert_eq!(
            read_record(&record_file(&record()).unwrap()),
            Some(record())
        );
    }

    #[test]
    fn a_record_edited_and_still_json_is_not_believed() {
        let text = String::from_utf8(record_file(&record()).unwrap()).unwrap();
        let edits = [
            ("pages\\\":52", "pages\\\":53"),
            ("questions\\\":125", "questions\\\":120"),
            ("says", "said"),
        ];
        for (from, to) in edits {
            let edited = text.replacen(from, to, 1);
            assert_ne!(edited, text);
            assert_eq!(read_record(edited.as_bytes()), None, "{from} -> {to}");
        }
    }

    #[test]
    fn every_flipped_bit_in_a_record_is_caught() {
        let whole = record_file(&record()).unwrap();
        for at in 0..whole.len() {
            for bit in 0..8 {
                let mut bytes = whole.clone();
                bytes[at] ^= 1 << bit;
                assert_eq!(read_record(&bytes), None, "byte {at}, bit {bit}");
            }
        }
    }

    #[test]
    fn another_layout_or_prepress_is_not_damage() {
        assert_eq!(read_blocks(&kept(), "another prepress"), None);
        let first = br#"{"format":1,"prepress":"prepress under test","blocks":[["rust","x","y"]]}"#;
        assert_eq!(read_blocks(first, PREPRESS), None);
    }
}
