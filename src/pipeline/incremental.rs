//! The build after an edit: `prepress build` over the output of the last build renders
//! only the pages the edit can change and keeps the others as that build wrote them,
//! with the same result, byte for byte, as a build from nothing.
//!
//! It works as `serve` does between two saves, with what the last build left in the
//! cache instead of a course kept in memory. Beside its record (`pipeline::cache`), a
//! good build keeps the Markdown files it read (`sources.pack`: a JSON line naming
//! each file of `content/` with the hash of its bytes, then the Markdown files' bytes
//! one after another). The next build, when only Markdown files changed (the same files,
//! the same `course.toml`, theme, prepress, options and git HEAD, and an output as the
//! last build left it), loads the edited files twice: as they are now and as the last
//! build read them. It links both courses, asks the
//! [dependency map](crate::pipeline::depend) which pages can differ, renders those, and
//! keeps the files of the rest ([`Earlier::page_files`], [`Earlier::print_files`]). The
//! files made from the whole course (search index, sitemap, downloads, feeds) are made
//! again as in any build. Anything else (a file added, removed or renamed, an asset
//! changed, another language, a missing or damaged cache, an output edited by hand)
//! is a full build, so the cache stays safe to delete.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::CONTENT_DIR;
use crate::markdown::slug::content_hash;
use crate::pipeline::BuildOptions;
use crate::pipeline::cache::{Inputs, LastBuild, hex};
use crate::site::write::{Manifest, cache_dir, parse_manifest, write_cached_with};
use crate::source::{Loaded, Scanner, is_markdown, load_bytes};

/// The Markdown files the last build read, in the cache folder.
const SOURCES: &str = "sources.pack";
/// The layout of [`SOURCES`]; a file of another is not read.
const FORMAT: u32 = 1;

/// What the last build of an output left for a build after an edit.
#[derive(Debug)]
pub struct Earlier {
    /// The output's manifest, as the last build wrote it (and the folder still is).
    pub output: Manifest,
    /// The output's files that pages were rendered into.
    pub page_files: Vec<String>,
    /// The output's files of the print pages.
    pub print_files: Vec<String>,
    /// The Markdown files edited since (paths relative to `content/`), with their bytes
    /// as the last build read them.
    pub edited: BTreeMap<String, Vec<u8>>,
}

/// The first line of [`SOURCES`].
#[derive(Serialize, Deserialize)]
struct PackHeader {
    format: u32,
    /// The fingerprint of the build whose files these are (its record's), in hex.
    inputs: String,
    /// Each file of `content/`: its path, the hash of its bytes in hex, and for a
    /// Markdown file the number of its bytes that follow (in this order).
    files: Vec<(String, String, Option<u64>)>,
}

/// Keeps the Markdown files a good build read, beside its record, when each still
/// hashes as the build read it; `false` when one does not (it was saved during the
/// build: the build is not to be recorded). The files are read and written a batch at a
/// time, so the course's text is never in memory whole. A cache that cannot be written
/// only means the next build renders everything, as the record's own warning says.
pub fn keep_sources(options: &BuildOptions, output: &Path, inputs: &Inputs) -> bool {
    let root = options.root.join(CONTENT_DIR);
    let read = |path: &String| std::fs::read(root.join(path)).ok();
    // The lengths first, for the header; each file is read again to be written, and
    // must then still be as long and hash as the build read it.
    let lengths: Vec<Option<u64>> = inputs
        .content
        .par_iter()
        .map(|(path, _)| {
            is_markdown(path)
                .then(|| std::fs::metadata(root.join(path)).ok().map(|m| m.len()))
                .flatten()
        })
        .collect();
    let header = PackHeader {
        format: FORMAT,
        inputs: hex(inputs.all),
        files: inputs
            .content
            .iter()
            .zip(&lengths)
            .map(|((path, hash), len)| (path.clone(), hex(*hash), *len))
            .collect(),
    };
    let Ok(header) = serde_json::to_vec(&header) else {
        return true;
    };
    let markdown: Vec<(&(String, u64), u64)> = inputs
        .content
        .iter()
        .zip(&lengths)
        .filter_map(|(file, len)| len.map(|len| (file, len)))
        .collect();
    let mut changed = false;
    let _ = write_cached_with(output, SOURCES, &mut |pack| {
        pack.write_all(&header)?;
        pack.write_all(b"\n")?;
        for batch in markdown.chunks(256) {
            let read: Vec<Option<Vec<u8>>> = batch
                .par_iter()
                .map(|((path, hash), len)| {
                    read(path).filter(|b| b.len() as u64 == *len && content_hash(b) == *hash)
                })
                .collect();
            for bytes in read {
                let Some(bytes) = bytes else {
                    changed = true;
                    return Err(std::io::Error::other("changed since the build read it"));
                };
                pack.write_all(&bytes)?;
            }
        }
        Ok(())
    });
    !changed
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
    for ((path, hash, len), (_, now)) in header.files.iter().zip(&inputs.content) {
        let changed = *hash != hex(*now);
        match len {
            // An asset changed: the pages that show it are not known.
            None if changed => return None,
            None => {}
            Some(len) if changed => {
                pack.seek(SeekFrom::Start(offset)).ok()?;
                let mut bytes = vec![0; usize::try_from(*len).ok()?];
                pack.read_exact(&mut bytes).ok()?;
                if hex(content_hash(&bytes)) != *hash {
                    return None;
                }
                edited.insert(path.clone(), bytes);
                offset += len;
            }
            Some(len) => offset += len,
        }
    }
    if edited.is_empty() {
        return None;
    }
    Some(Earlier {
        output: parse_manifest(&manifest_text)?,
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
        let (Some(mut before), _) = load_bytes(&source.content_path, bytes, scanner) else {
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
