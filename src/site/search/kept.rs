//! The search index's counts, kept for the build after an edit.
//!
//! An index is a function of every document: a term's weight in a document depends on
//! how many documents have the term and on the documents' average length, so one edited
//! page can change every weight. What one page does not change is what the index counts
//! in each of the others: its terms and how often each comes (weighted by where), and its
//! length. So a build that keeps its record keeps those too (`search.bin` in the cache,
//! with `search.json` naming the record and sealing the file), per term its postings as
//! counts, per document what it shows (a hash of its URL, title, section, description
//! and headings, and a hash of its text, with the text's length) and per `docs-N.js`
//! file where it starts and the hash it gives `index.js`'s version. The build after an
//! edit ([`super::Indexer::after_an_edit`]) then counts only the documents whose text or
//! what they show changed (the edited pages, the questions whose text changed), takes
//! the others' counts from here, weighs every posting again, and writes only the
//! `docs-N.js` files whose documents changed or moved; the rest it keeps as they are.
//! The index equals the one a build of every page makes.
//!
//! The file is a run of blocks (each its length, then its bytes: the documents, the
//! files, then the terms a few thousand at a time), numbers as LEB128, hashes as eight
//! bytes. The seal is the hash of the blocks' hashes, so they are hashed side by side; a
//! file that does not read back whole, or whose seal differs, is not read at all.

use std::io::Write as _;
use std::path::Path;

use foldhash::HashMap as FoldHashMap;
use rayon::prelude::*;

use super::{Document, Postings, push_number, read_number};
use crate::markdown::slug::content_hash;
use crate::site::write::{MadeForCache, keep_sealed, make_for_cache, read_sealed, seal};

/// The counts in the cache folder ...
const COUNTS: &str = "search.bin";
/// ... and what names their record and seals them.
const SEAL: &str = "search.json";
/// The layout of [`COUNTS`]; a file of another is not read.
const FORMAT: u32 = 1;

/// Terms written in one block ...
const TERMS_A_BLOCK: usize = 4096;
/// ... and blocks made side by side before they are written.
const BLOCKS_AT_ONCE: usize = 8;

/// A document as the counts keep it: enough to tell whether it is still the same.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DocKept {
    pub url: String,
    /// The hash of what it shows beside its text ([`shown_hash`]).
    pub shown: u64,
    /// The hash of its text, and the text's length in bytes.
    pub text: u64,
    pub text_len: usize,
}

impl DocKept {
    /// What `document` is now, its text read.
    pub fn of(document: &Document) -> Self {
        Self {
            url: document.url.to_string(),
            shown: shown_hash(document),
            text: content_hash(document.text.as_bytes()),
            text_len: document.text.len(),
        }
    }
}

/// The hash of what a document shows and counts beside its text: URL, title, section,
/// description and headings.
pub(super) fn shown_hash(document: &Document) -> u64 {
    let mut bytes = Vec::with_capacity(256);
    let parts = [
        document.url.as_ref(),
        document.title.as_ref(),
        document.section.as_ref(),
        document.description,
    ];
    for part in parts.into_iter().chain(document.headings.iter().copied()) {
        push_number(&mut bytes, part.len() as u32);
        bytes.extend_from_slice(part.as_bytes());
    }
    content_hash(&bytes)
}

/// The counts an index wrote for the cache, to keep when its build is recorded; `None`
/// when they could not be written (or the build keeps none).
#[derive(Debug, Default)]
pub struct CountsMade(Option<MadeForCache>);

/// Keeps the counts a recorded build's index wrote beside its record (`inputs`, in hex),
/// in the cache of `output`. What cannot be kept only means the next build counts every
/// document.
pub fn keep(output: &Path, inputs: &str, made: &CountsMade) {
    if let Some(made) = &made.0 {
        keep_sealed(output, (COUNTS, SEAL), FORMAT, inputs, made);
    }
}

/// What [`write`] writes: every term's postings (document, weighted count), each
/// document with its weighted length, and each `docs-N.js` file's first document and
/// hash.
pub(super) struct Counts<'a> {
    pub terms: &'a [(String, Postings)],
    pub documents: &'a [DocKept],
    pub lengths: &'a [f32],
    pub files: &'a [(usize, u64)],
}

/// Writes `counts` for the cache of `output`, a block at a time.
pub(super) fn write(output: &Path, counts: &Counts) -> CountsMade {
    let made = make_for_cache(output, "search", |file| {
        let mut hashes = Vec::new();
        let mut put = |block: Vec<u8>| -> std::io::Result<()> {
            let mut length = Vec::new();
            push_number(&mut length, block.len() as u32);
            file.write_all(&length)?;
            file.write_all(&block)?;
            hashes.push(content_hash(&block));
            Ok(())
        };
        let mut block = Vec::new();
        push_number(&mut block, counts.documents.len() as u32);
        for (document, length) in counts.documents.iter().zip(counts.lengths) {
            push_text(&mut block, &document.url);
            block.extend_from_slice(&document.shown.to_le_bytes());
            block.extend_from_slice(&document.text.to_le_bytes());
            push_number(&mut block, document.text_len as u32);
            block.extend_from_slice(&length.to_bits().to_le_bytes());
        }
        put(block)?;
        let mut block = Vec::new();
        push_number(&mut block, counts.files.len() as u32);
        for &(start, hash) in counts.files {
            push_number(&mut block, start as u32);
            block.extend_from_slice(&hash.to_le_bytes());
        }
        put(block)?;
        // A few blocks made side by side, then written: at 100,000 lectures the terms'
        // blocks are some 70 MB, which all at once raised the build's peak.
        for terms in counts.terms.chunks(TERMS_A_BLOCK * BLOCKS_AT_ONCE) {
            let blocks: Vec<Vec<u8>> = terms
                .par_chunks(TERMS_A_BLOCK)
                .map(|terms| {
                    let mut block = Vec::new();
                    push_number(&mut block, terms.len() as u32);
                    for (term, postings) in terms {
                        push_text(&mut block, term);
                        push_number(&mut block, postings.packed.len() as u32);
                        block.extend_from_slice(&postings.packed);
                    }
                    block
                })
                .collect();
            for block in blocks {
                put(block)?;
            }
        }
        Ok(seal(&hashes))
    });
    CountsMade(made.ok())
}

fn push_text(bytes: &mut Vec<u8>, text: &str) {
    push_number(bytes, text.len() as u32);
    bytes.extend_from_slice(text.as_bytes());
}

/// The counts the last build kept.
#[derive(Debug)]
pub struct KeptCounts {
    pub(super) documents: Vec<DocKept>,
    pub(super) lengths: Vec<f32>,
    /// Each document's place, by URL.
    by_url: FoldHashMap<String, u32>,
    /// Each `docs-N.js` file's first document and hash.
    pub(super) files: Vec<(usize, u64)>,
    /// Each term and its postings, packed as [`Postings`] packs them.
    pub(super) terms: Vec<(String, Vec<u8>)>,
}

impl KeptCounts {
    /// The counts kept beside the record named `inputs` (in hex), when they read back
    /// whole.
    pub fn read(output: &Path, inputs: &str) -> Option<Self> {
        let (bytes, sealed) = read_sealed(output, (COUNTS, SEAL), FORMAT, inputs)?;
        let mut blocks = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let (length, start) = read_number_checked(&bytes, at)?;
            let end = start.checked_add(length as usize)?;
            blocks.push(bytes.get(start..end)?);
            at = end;
        }
        let hashes: Vec<u64> = blocks.par_iter().map(|block| content_hash(block)).collect();
        if seal(&hashes) != sealed || blocks.len() < 2 {
            return None;
        }
        let mut reader = Reader::new(blocks[0]);
        let count = reader.number()?;
        let mut documents = Vec::with_capacity(count);
        let mut lengths = Vec::with_capacity(count);
        for _ in 0..count {
            documents.push(DocKept {
                url: reader.text()?.to_string(),
                shown: reader.u64()?,
                text: reader.u64()?,
                text_len: reader.number()?,
            });
            lengths.push(f32::from_bits(u32::from_le_bytes(
                reader.bytes(4)?.try_into().ok()?,
            )));
        }
        let mut reader = Reader::new(blocks[1]);
        let files = (0..reader.number()?)
            .map(|_| Some((reader.number()?, reader.u64()?)))
            .collect::<Option<Vec<_>>>()?;
        let terms: Vec<Vec<(String, Vec<u8>)>> = blocks[2..]
            .par_iter()
            .map(|block| {
                let mut reader = Reader::new(block);
                (0..reader.number()?)
                    .map(|_| {
                        let term = reader.text()?.to_string();
                        let length = reader.number()?;
                        Some((term, reader.bytes(length)?.to_vec()))
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .collect::<Option<_>>()?;
        let by_url = documents
            .iter()
            .enumerate()
            .map(|(i, document)| (document.url.clone(), i as u32))
            .collect();
        Some(Self {
            documents,
            lengths,
            by_url,
            files,
            terms: terms.into_iter().flatten().collect(),
        })
    }

    /// Where the document at `url` was.
    pub(super) fn place(&self, url: &str) -> Option<usize> {
        self.by_url.get(url).map(|&place| place as usize)
    }

    /// Where the `number`th `docs-N.js` file's documents were, when there was one.
    pub(super) fn file(&self, number: usize) -> Option<(std::ops::Range<usize>, u64)> {
        let &(start, hash) = self.files.get(number)?;
        let end = self
            .files
            .get(number + 1)
            .map_or(self.documents.len(), |&(start, _)| start);
        Some((start..end, hash))
    }
}

/// [`read_number`] that says `None` past the end, for bytes read from a file.
fn read_number_checked(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    let last = bytes.get(at..)?.iter().position(|byte| byte & 0x80 == 0)?;
    (last < 5).then(|| read_number(bytes, at))
}

/// Reads a block from its start.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    fn number(&mut self) -> Option<usize> {
        let (number, next) = read_number_checked(self.bytes, self.at)?;
        self.at = next;
        Some(number as usize)
    }

    fn bytes(&mut self, length: usize) -> Option<&'b [u8]> {
        let bytes = self.bytes.get(self.at..self.at.checked_add(length)?)?;
        self.at += length;
        Some(bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<&'b str> {
        let length = self.number()?;
        std::str::from_utf8(self.bytes(length)?).ok()
    }
}
