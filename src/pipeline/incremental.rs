//! The build after an edit: `prepress build` over the output of the last build renders
//! only the pages the edit can change and keeps the others as that build wrote them,
//! with the same result, byte for byte, as a build from nothing.
//!
//! It works as `serve` does between two saves, with what the last build left in the
//! cache instead of a course kept in memory. Beside its record (`pipeline::cache`), a
//! good build keeps the Markdown files' texts as its load stage read them
//! (`sources.pack`: a JSON line naming each file of `content/` with the hash of its
//! bytes, then the Markdown files' texts one after another, taken from the loaded
//! course, not read again). The next build, when only Markdown files changed (the same files,
//! the same `course.toml`, theme, prepress, options and git HEAD, and an output as the
//! last build left it), loads the edited files twice: as they are now and as the last
//! build read them. It links both courses, asks the
//! [dependency map](crate::pipeline::depend) which pages can differ, renders those, and
//! keeps the files of the rest ([`Earlier::page_files`], [`Earlier::print_files`]). The
//! files made from the whole course (search index, sitemap, downloads, feeds) are made
//! again as in any build, the search index with the texts of the pages not edited
//! taken from the last build's. Anything else (a file added, removed or renamed, an asset
//! changed, another language, a missing or damaged cache, an output edited by hand)
//! is a full build, so the cache stays safe to delete.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::CONTENT_DIR;
use crate::markdown::slug::{content_hash, hex};
use crate::pipeline::BuildOptions;
use crate::pipeline::cache::{Inputs, LastBuild};
use crate::pipeline::scans::KeptScans;
use crate::site::write::{Manifest, cache_dir, parse_manifest, write_cached_with};
use crate::source::{Loaded, Scanner, is_markdown, parse_source};

/// The Markdown files the last build read, in the cache folder.
const SOURCES: &str = "sources.pack";
/// The layout of [`SOURCES`]; a file of another is not read.
const FORMAT: u32 = 2;

/// What the last build of an output left for a build after an edit.
#[derive(Debug)]
pub struct Earlier {
    /// The output's manifest, as the last build wrote it (and the folder still is).
    pub output: Manifest,
    /// The output's files that pages were rendered into.
    pub page_files: Vec<String>,
    /// The output's files of the print pages.
    pub print_files: Vec<String>,
    /// The Markdown files edited since (paths relative to `content/`), with their text
    /// as the last build read them.
    pub edited: BTreeMap<String, Vec<u8>>,
    /// The pages' scans the last build kept, when they read back whole.
    pub scans: Option<KeptScans>,
    /// The search index's counts the last build kept, when they read back whole.
    pub search: Option<crate::site::search::KeptCounts>,
}

/// The first line of [`SOURCES`].
#[derive(Serialize, Deserialize)]
struct PackHeader {
    format: u32,
    /// The fingerprint of the build whose files these are (its record's), in hex.
    inputs: String,
    /// Each file of `content/`, in this order.
    files: Vec<PackFile>,
}

/// A file in [`PackHeader`]: its path, the hash of its bytes in hex, and for a Markdown
/// file the text the build read from it, as it follows the header.
type PackFile = (String, String, Option<KeptText>);

/// A kept text's length in bytes and its hash in hex.
type KeptText = (u64, String);

/// The Markdown files' texts as the load stage read them (by path relative to
/// `content/`), each with the hash of the bytes it was read from: what a good build
/// keeps for the next build after an edit ([`keep_sources`]), without reading any file
/// again.
#[derive(Debug, Default)]
pub struct TextsRead(HashMap<String, (Arc<str>, u64)>);

impl TextsRead {
    /// The texts of the files `loaded` read (it shares them).
    pub fn of(loaded: &Loaded) -> Self {
        Self(
            loaded
                .sources
                .iter()
                .filter_map(|source| {
                    let read = source.read_hash?;
                    Some((source.content_path.clone(), (source.text.clone(), read)))
                })
                .collect(),
        )
    }
}

/// Keeps the Markdown files' texts a good build read, beside its record, when each was
/// read from the bytes its inputs were hashed from; `false` when one was not (it was
/// saved between the two: the build is not to be recorded). A file the load stage made
/// nothing of is read again, and must still hash as it did. A cache that cannot be
/// written only means the next build renders everything, as the record's own warning
/// says.
pub fn keep_sources(
    options: &BuildOptions,
    output: &Path,
    inputs: &Inputs,
    texts: &TextsRead,
) -> bool {
    let root = options.root.join(CONTENT_DIR);
    // Each file's kept text (none for a file that is not Markdown); none at all when
    // one was not read from the bytes the inputs were hashed from.
    let kept: Option<Vec<Option<Cow<[u8]>>>> = inputs
        .content
        .par_iter()
        .map(|(path, hash)| {
            if !is_markdown(path) {
                return Some(None);
            }
            let text = match texts.0.get(path) {
                Some((text, read)) => (read == hash).then_some(Cow::Borrowed(text.as_bytes())),
                None => std::fs::read(root.join(path))
                    .ok()
                    .filter(|bytes| content_hash(bytes) == *hash)
                    .map(Cow::Owned),
            };
            text.map(Some)
        })
        .collect();
    let Some(kept) = kept else {
        return false;
    };
    let kept_hashes: Vec<Option<u64>> = kept
        .par_iter()
        .map(|text| text.as_deref().map(content_hash))
        .collect();
    let header = PackHeader {
        format: FORMAT,
        inputs: hex(inputs.all),
        files: inputs
            .content
            .iter()
            .zip(kept.iter().zip(&kept_hashes))
            .map(|((path, hash), (text, text_hash))| {
                let kept = text
                    .as_deref()
                    .zip(*text_hash)
                    .map(|(text, text_hash)| (text.len() as u64, hex(text_hash)));
                (path.clone(), hex(*hash), kept)
            })
            .collect(),
    };
    let Ok(header) = serde_json::to_vec(&header) else {
        return true;
    };
    let _ = write_cached_with(output, SOURCES, &mut |pack| {
        pack.write_all(&header)?;
        pack.write_all(b"\n")?;
        for text in kept.iter().flatten() {
            pack.write_all(text)?;
        }
        Ok(())
    });
    true
}

/// What the last build left, when this build may start from it: only Markdown files
/// changed since, and the output is as that build wrote it.
pub fn earlier(output: &Path, last: LastBuild, inputs: &Inputs) -> Option<Earlier> {
    let (record, manifest_text) = last;
    if record.base != hex(inputs.base) {
        return None;
    }
    let file = std::fs::File::open(cache_dir(output).join(SOURCES)).ok()?;
    let mut pack = BufReader::new(file);
    let mut line = Vec::new();
    pack.read_until(b'\n', &mut line).ok()?;
    let header: PackHeader = serde_json::from_slice(&line).ok()?;
    let same_files = header.format == FORMAT
        && header.inputs == record.inputs
        && header.files.len() == inputs.content.len()
        && header
            .files
            .iter()
            .zip(&inputs.content)
            .all(|((before, _, _), (now, _))| before == now);
    if !same_files {
        return None;
    }
    let mut offset = line.len() as u64;
    let mut edited = BTreeMap::new();
    for ((path, hash, kept), (_, now)) in header.files.iter().zip(&inputs.content) {
        let changed = *hash != hex(*now);
        match kept {
            // An asset changed: the pages that show it are not known.
            None if changed => return None,
            None => {}
            Some((len, kept_hash)) if changed => {
                pack.seek(SeekFrom::Start(offset)).ok()?;
                let mut bytes = vec![0; usize::try_from(*len).ok()?];
                pack.read_exact(&mut bytes).ok()?;
                if hex(content_hash(&bytes)) != *kept_hash {
                    return None;
                }
                edited.insert(path.clone(), bytes);
                offset += len;
            }
            Some((len, _)) => offset += len,
        }
    }
    if edited.is_empty() {
        return None;
    }
    Some(Earlier {
        output: parse_manifest(&manifest_text)?,
        scans: KeptScans::read(output, &record.inputs),
        search: crate::site::search::KeptCounts::read(output, &record.inputs),
        page_files: record.page_files,
        print_files: record.print_files,
        edited,
    })
}

/// The course as the last build loaded it: `loaded` with each edited file as that build
/// read it. `None` when an edited file did not make a page then or does not now (the
/// pages are then not the same pages: a full build).
pub fn loaded_before(
    loaded: &Loaded,
    edited: &BTreeMap<String, Vec<u8>>,
    scanner: &dyn Scanner,
) -> Option<Loaded> {
    let mut sources = loaded.sources.clone();
    let mut found = 0;
    for source in &mut sources {
        let Some(bytes) = edited.get(&source.content_path) else {
            continue;
        };
        // The text as the last build read it, not decoded again: a second BOM the
        // load stripped one of stays, as it did then.
        let text = std::str::from_utf8(bytes).ok()?;
        let path = Path::new(CONTENT_DIR).join(&source.content_path);
        let (Some(mut before), _) =
            parse_source(path, source.content_path.clone(), Arc::from(text), scanner)
        else {
            return None;
        };
        // git's HEAD is the same: so are the dates.
        before.updated = source.updated.clone();
        *source = before;
        found += 1;
    }
    (found == edited.len()).then(|| Loaded {
        root: loaded.root.clone(),
        config: loaded.config.clone(),
        sources,
        assets: loaded.assets.clone(),
        diagnostics: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prep::questions::QuestionScanner;

    /// The course before an edit is the one the last build read: its kept text is not
    /// decoded again. A file saved with two BOMs kept one after the load stripped the
    /// first, so that build saw no front matter, and neither does the course before.
    #[test]
    fn the_course_before_an_edit_reads_the_kept_text_as_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(crate::config::CONFIG_FILE),
            "title = \"T\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join(CONTENT_DIR)).unwrap();
        let file = dir.path().join(CONTENT_DIR).join("a.md");
        let twice = "\u{FEFF}\u{FEFF}---\ntitle: A\n---\nText.\n";
        std::fs::write(&file, twice).unwrap();
        let read = crate::source::load(dir.path(), QuestionScanner::for_course).unwrap();
        let kept = read.sources[0].text.to_string();
        assert_eq!(read.sources[0].front_matter.title, None, "one BOM left");
        // The stray BOM removed: the title is read now, and was not before.
        std::fs::write(&file, "\u{FEFF}---\ntitle: A\n---\nText.\n").unwrap();
        let now = crate::source::load(dir.path(), QuestionScanner::for_course).unwrap();
        assert_eq!(now.sources[0].front_matter.title.as_deref(), Some("A"));
        let edited = BTreeMap::from([("a.md".to_string(), kept.into_bytes())]);
        let scanner = QuestionScanner::for_course(&now.config);
        let before = loaded_before(&now, &edited, &scanner).unwrap();
        assert_eq!(before.sources[0].text.as_ref(), &twice[3..]);
        assert_eq!(before.sources[0].front_matter.title, None);
    }
}
