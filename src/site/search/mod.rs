//! The client-side search index. It takes the linked course and gives the files under
//! `search-index/` that `static/search.js` reads: every lecture, principle and story page
//! and every question of the bank is a document; every word of at least two letters or
//! digits is a term with its postings (document, weight), weighed by BM25 with title and
//! headings counting more than the body. Terms are sharded by prefix, and a shard is split
//! by a longer prefix until it is small, so a browser downloads the manifest, the shards
//! of the words it looks for and the text of the results it shows, never the whole index.
//! Each file is a script that hands its data to `search.js`, which is why search works
//! from `file://` too, where browsers refuse `fetch`.
//!
//! pagefind and elasticlunr-rs were measured first on the 10,000-lecture corpus:
//! pagefind added 16 s and 1.4 GiB to a 5.7 s build; elasticlunr-rs writes one file of
//! 5 MiB gzipped that a browser must download whole. This index costs well under a
//! second there (see the guide's benchmarks).

use std::borrow::Cow;
use std::fmt::Write as _;

use foldhash::HashMap as FoldHashMap;
use rayon::prelude::*;
use rust_stemmers::Stemmer;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::Kind;
use crate::model::generated::SEARCH_INDEX_FOLDER;
use crate::model::{Course, Page};
use crate::render::SiteFiles;
use std::collections::HashSet;

mod kept;

pub use kept::{CountsMade, KeptCounts, keep as keep_counts};

/// A shard is split by a longer prefix once its terms take more bytes than this.
const SHARD_BYTES: usize = 24 * 1024;

/// Documents are grouped into files of about this many bytes of text.
const CHUNK_BYTES: usize = 32 * 1024;

/// How much a word counts in each part of a document, against 1 in the body. Whole
/// numbers: a term's weighted count in a document is kept as an integer.
const TITLE_WEIGHT: u32 = 5;
const HEADING_WEIGHT: u32 = 2;
const DESCRIPTION_WEIGHT: u32 = 2;

/// BM25's saturation and length-normalisation constants, the usual ones.
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;

/// One thing a search can find: a page or a question. A page's document borrows from
/// the course what it can: at 100,000 lectures copies of every URL, title and heading
/// took 66 MiB at the build's peak.
#[derive(Debug, Clone, PartialEq)]
struct Document<'a> {
    /// From the site's root (the search page puts its own way to the root in front).
    url: Cow<'a, str>,
    title: Cow<'a, str>,
    /// Where the result belongs, shown under its title.
    section: Cow<'a, str>,
    description: &'a str,
    headings: Vec<&'a str>,
    /// The text without markup (headings included), for the index and the snippets.
    text: String,
    /// A page's Markdown body, until [`Indexer`] reads `text` from it.
    markdown: Option<&'a str>,
    /// A page's URL (not from the root), by which its render hands on its text.
    page: Option<&'a str>,
}

impl Document<'_> {
    /// Reads a page's text from its Markdown, when it has not been read or taken yet.
    fn read_text(&mut self) {
        if let Some(body) = self.markdown.take() {
            self.text = crate::markdown::plain_text(body).trim().to_string();
        }
    }
}

/// The search index files (under [`SEARCH_INDEX_FOLDER`]) for a course, handed to `each` a few at a
/// time as they are made (see [`Indexer`]).
pub fn index_each(course: &Course, each: &mut dyn FnMut(SiteFiles) -> bool) {
    let stemmer = crate::markdown::stem::stemmer(&course.config.language);
    Indexer::new(course, stemmer.as_ref()).finish(each);
}

/// Every searchable page and question of a course, in course order. Cheap: the pages'
/// text is read from their Markdown later, by [`files_each`].
fn documents(course: &Course) -> Vec<Document<'_>> {
    let root = course.root.as_str();
    let mut documents: Vec<Document> = course
        .lectures
        .par_iter()
        .filter(|l| match l.kind {
            Kind::Lecture | Kind::Story => true,
            // A principle page exists only for principles the course lists.
            Kind::Principle => course.principles.iter().any(|p| p.url == l.page.url),
            _ => false,
        })
        .map(|l| {
            let section = match l.kind {
                Kind::Story => "Stories",
                Kind::Principle => "Principles",
                _ => &course.sections[l.section].page.title,
            };
            page_document(&l.page, from_root(&l.page.url, root), section)
        })
        .collect();
    documents.extend(course.questions.iter().map(|question| {
        let (page, anchor) = question.url.split_once('#').unwrap_or((&question.url, ""));
        let page = from_root(page, root);
        Document {
            url: Cow::Owned(format!("{page}?question={}#{anchor}", question.id)),
            title: Cow::Borrowed(&question.text),
            section: Cow::Owned(format!("Question · {}", question.section)),
            description: "",
            headings: Vec::new(),
            markdown: None,
            page: None,
            // The follow-ups, or else the question itself, for the snippet.
            text: if question.followups.is_empty() {
                question.text.clone()
            } else {
                question.followups.join("\n\n")
            },
        }
    }));
    documents
}

/// A URL from the site's root: `/prep/a/` is `a/` when the root is `/prep/`.
fn from_root<'a>(url: &'a str, root: &str) -> &'a str {
    url.strip_prefix(root).unwrap_or(url)
}

fn page_document<'a>(page: &'a Page, url: &'a str, section: &'a str) -> Document<'a> {
    Document {
        url: Cow::Borrowed(url),
        title: Cow::Borrowed(&page.title),
        section: Cow::Borrowed(section),
        description: &page.description,
        headings: page.headings.iter().map(|h| h.text.as_str()).collect(),
        text: String::new(),
        markdown: Some(page.body()),
        page: Some(&page.url),
    }
}

/// The course language's stemmer, and the stems each thread already worked out: a
/// course's words repeat, and stemming each anew took 1.6 s of the 7.7 s of CPU of a
/// 10,000-lecture build.
#[derive(Clone, Copy)]
struct Stemming<'s> {
    /// Its language: the stems a thread knows are of one language at a time.
    language: &'static str,
    stemmer: &'s Stemmer,
}

/// A thread's known stems are forgotten past this many words (some megabytes).
const KNOWN_STEMS: usize = 100_000;

thread_local! {
    /// Per thread: the language of the stems it knows, and each word's stem.
    static STEMS: std::cell::RefCell<(&'static str, FoldHashMap<String, String>)> =
        std::cell::RefCell::new(("", FoldHashMap::default()));
}

impl Stemming<'_> {
    /// Calls `found` with `word`'s stem (`word` lower-cased).
    fn stem(self, word: &str, found: impl FnOnce(&str)) {
        STEMS.with_borrow_mut(|(language, known)| {
            if *language != self.language || known.len() >= KNOWN_STEMS {
                known.clear();
                *language = self.language;
            }
            match known.get(word) {
                Some(stem) => found(stem),
                None => {
                    let stem = self.stemmer.stem(word).into_owned();
                    found(&stem);
                    known.insert(word.to_string(), stem);
                }
            }
        });
    }
}

/// Calls `found` with each term of `text` (see [`for_each_term`]).
#[cfg(test)]
fn for_each_word(text: &str, stemmer: Option<Stemming>, found: impl FnMut(&str)) {
    for_each_term(text, stemmer, &mut Found(found));
}

/// What [`for_each_term`] hands the terms of a text to.
trait Terms {
    /// A term.
    fn term(&mut self, term: &str);

    /// An ASCII word, lower-cased, before it is stemmed: whether the term it gives is
    /// known here already (and taken), so that it need not be stemmed again.
    fn known(&mut self, _word: &str) -> bool {
        false
    }

    /// An ASCII word, and the term its stem gives (`None` when the stem is too short).
    fn stemmed(&mut self, _word: &str, term: Option<&str>) {
        if let Some(term) = term {
            self.term(term);
        }
    }
}

/// A function given each term.
#[cfg(test)]
struct Found<F>(F);

#[cfg(test)]
impl<F: FnMut(&str)> Terms for Found<F> {
    fn term(&mut self, term: &str) {
        (self.0)(term);
    }
}

/// Hands `terms` each term of `text` (see [`for_each_unit`]), lower-cased, stemmed when
/// the course's language has a stemmer ([`super::stem`]), and without accents.
/// `search.js` splits a query the same way.
fn for_each_term(text: &str, stemmer: Option<Stemming>, terms: &mut impl Terms) {
    let mut lowered = String::new();
    // Marks stay in the word until it is folded, as in `search.js` (a Thai tone mark or
    // a Devanagari virama is no letter, but it is inside a word). An ASCII character
    // is no mark.
    let outside_words = |c: char| !(c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c)));
    for word in text.split(outside_words) {
        if word.is_ascii() {
            if word.len() < 2 {
                continue;
            }
            let word = if word.bytes().any(|b| b.is_ascii_uppercase()) {
                lowered.clear();
                lowered.push_str(word);
                lowered.make_ascii_lowercase();
                lowered.as_str()
            } else {
                word
            };
            match stemmer {
                Some(_) if terms.known(word) => {}
                Some(stemmer) => stemmer.stem(word, |stem| {
                    terms.stemmed(word, (stem.len() >= 2).then_some(stem));
                }),
                None => terms.term(word),
            }
        } else if let Some(stemmer) = stemmer {
            // The stemmer reads the word as written, accents and all (composed, as the
            // algorithms spell their suffixes), lower-cased; the accents go after. `ё` is
            // `е` first, as Snowball's Russian reads it now (rust-stemmers' older
            // revision would stem `ёлка` and `елка` apart).
            let composed: String = word.nfc().collect();
            let lowered = composed.to_lowercase().replace('ς', "σ").replace('ё', "е");
            stemmer.stem(&lowered, |stem| {
                let folded: String = stem.nfd().filter(|c| !is_combining_mark(*c)).collect();
                for part in folded.split(|c: char| !c.is_alphanumeric()) {
                    for_each_unit(part, &mut |term| terms.term(term));
                }
            });
        } else {
            // Accents go (`résumé` is found as `resume`): decompose, drop the marks, then
            // lower-case, and split again as `search.js` does (`İ` decomposes too). Final
            // sigma is sigma: lower-casing picks `ς` by what follows the word, which the
            // index and a query see differently (`ΛΟΓΟΣ.ΤΟΥ`).
            let folded: String = word.nfd().filter(|c| !is_combining_mark(*c)).collect();
            let lowered = folded.to_lowercase().replace('ς', "σ");
            for part in lowered.split(|c: char| !c.is_alphanumeric()) {
                for_each_unit(part, &mut |term| terms.term(term));
            }
        }
    }
}

/// The terms of one run of letters and digits: a stretch of a spaced script is a term
/// when it has two characters or more; a stretch of an unspaced one gives each pair of
/// neighbouring characters and its last character alone (`负载均衡` -> `负载`, `载均`,
/// `均衡`, `衡`), so a word inside a longer run is found without a dictionary and each
/// character begins a term (a query of one character finds the terms it begins).
fn for_each_unit(part: &str, found: &mut impl FnMut(&str)) {
    let mut rest = part;
    while let Some(first) = rest.chars().next() {
        let unspaced = crate::markdown::is_unspaced(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| crate::markdown::is_unspaced(c) != unspaced)
            .map_or(rest.len(), |(at, _)| at);
        let (stretch, after) = rest.split_at(end);
        rest = after;
        if !unspaced {
            if stretch.chars().nth(1).is_some() {
                found(stretch);
            }
            continue;
        }
        let mut starts = stretch.char_indices().map(|(at, _)| at);
        while let Some(start) = starts.next() {
            let end = starts.clone().nth(1).unwrap_or(stretch.len());
            found(&stretch[start..end]);
        }
    }
}

/// The terms counted so far by one thread: an id per term, and per id the postings.
#[derive(Default)]
struct Counter {
    ids: FoldHashMap<String, u32>,
    /// Each ASCII word met (lower-cased) and the id of the term its stem gives
    /// ([`NO_TERM`] for none): a course's words repeat, and one lookup of the word is
    /// half the work of looking up its stem and then the stem's term (a tenth of a
    /// build's CPU went to those two).
    words: FoldHashMap<String, u32>,
    postings: Vec<Postings>,
    /// Per id, the weighted count in the current document, and the ids it touched.
    counts: Vec<u32>,
    touched: Vec<u32>,
    /// (document, weighted length) of the documents counted.
    lengths: Vec<(u32, f32)>,
}

/// In [`Counter::words`]: a word whose stem is too short to be a term.
const NO_TERM: u32 = u32::MAX;

/// A counter taking the terms of one part of a document, each `weight` times.
struct Adding<'c> {
    counter: &'c mut Counter,
    weight: u32,
    /// The document's weighted length so far.
    length: &'c mut f32,
}

impl Adding<'_> {
    fn add(&mut self, id: u32) {
        let count = &mut self.counter.counts[id as usize];
        if *count == 0 {
            self.counter.touched.push(id);
        }
        *count += self.weight;
        *self.length += self.weight as f32;
    }
}

impl Terms for Adding<'_> {
    fn term(&mut self, term: &str) {
        let id = self.counter.id(term);
        self.add(id);
    }

    fn known(&mut self, word: &str) -> bool {
        match self.counter.words.get(word) {
            Some(&NO_TERM) => true,
            Some(&id) => {
                self.add(id);
                true
            }
            None => false,
        }
    }

    fn stemmed(&mut self, word: &str, term: Option<&str>) {
        let id = term.map_or(NO_TERM, |term| self.counter.id(term));
        self.counter.words.insert(word.to_string(), id);
        if id != NO_TERM {
            self.add(id);
        }
    }
}

impl Counter {
    /// A term's id, new when the term is.
    fn id(&mut self, term: &str) -> u32 {
        match self.ids.get(term) {
            Some(id) => *id,
            None => {
                let id = self.postings.len() as u32;
                self.ids.insert(term.to_string(), id);
                self.postings.push(Postings::default());
                self.counts.push(0);
                id
            }
        }
    }

    fn add_document(mut self, doc: u32, document: &Document, stemmer: Option<Stemming>) -> Self {
        let mut length = 0.0;
        let mut add = |text: &str, weight: u32| {
            let mut adding = Adding {
                counter: &mut self,
                weight,
                length: &mut length,
            };
            for_each_term(text, stemmer, &mut adding);
        };
        add(&document.title, TITLE_WEIGHT);
        add(document.description, DESCRIPTION_WEIGHT);
        for heading in &document.headings {
            // Heading text is in the body too: this adds what a heading counts above it.
            add(heading, HEADING_WEIGHT - 1);
        }
        add(&document.text, 1);
        for id in self.touched.drain(..) {
            let count = std::mem::take(&mut self.counts[id as usize]);
            self.postings[id as usize].push(doc, count);
        }
        self.lengths.push((doc, length));
        self
    }

    fn merge(mut self, other: Counter) -> Self {
        let mut other_postings: Vec<Option<Postings>> =
            other.postings.into_iter().map(Some).collect();
        for (term, other_id) in other.ids {
            let list = other_postings[other_id as usize].take().unwrap_or_default();
            match self.ids.get(&term) {
                Some(id) => self.postings[*id as usize].append(list),
                None => {
                    self.ids.insert(term, self.postings.len() as u32);
                    self.postings.push(list);
                }
            }
        }
        self.lengths.extend(other.lengths);
        // The words are a shortcut for counting documents: merged counters count none.
        self.words = FoldHashMap::default();
        self
    }
}

/// A term's postings, (document, weighted count) by document, packed: per posting the
/// gap from the document before and the count, as LEB128 numbers. That is two or three
/// bytes where a `(u32, f32)` takes eight, and the postings are what a big course's
/// build holds most of at its peak (about 250 MB of 2.1 GB at 100,000 lectures).
#[derive(Default, Debug, Clone, PartialEq)]
struct Postings {
    packed: Vec<u8>,
    /// The last document, which the next gap counts from.
    last: u32,
}

impl Postings {
    /// Adds a posting for a document after every one already there.
    fn push(&mut self, doc: u32, count: u32) {
        debug_assert!(self.packed.is_empty() || doc > self.last);
        let gap = if self.packed.is_empty() {
            doc
        } else {
            doc - self.last
        };
        push_number(&mut self.packed, gap);
        push_number(&mut self.packed, count);
        self.last = doc;
    }

    /// Adds another term list's postings: appended as they are when they come after
    /// these (as a build counts, documents in order), merged in order otherwise.
    fn append(&mut self, other: Postings) {
        if other.packed.is_empty() {
            return;
        }
        if self.packed.is_empty() {
            *self = other;
            return;
        }
        let (first, after_gap) = read_number(&other.packed, 0);
        if first > self.last {
            let (count, rest) = read_number(&other.packed, after_gap);
            self.push(first, count);
            self.packed.extend_from_slice(&other.packed[rest..]);
            self.last = other.last;
            return;
        }
        let mut all: Vec<(u32, u32)> = self.iter().chain(other.iter()).collect();
        all.sort_unstable_by_key(|&(doc, _)| doc);
        *self = Postings::default();
        for (doc, count) in all {
            self.push(doc, count);
        }
    }

    /// (document, weighted count), by document.
    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        packed_postings(&self.packed)
    }

    fn len(&self) -> usize {
        self.iter().count()
    }
}

/// (document, weighted count) of postings packed as [`Postings`] packs them.
fn packed_postings(packed: &[u8]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut at = 0;
    let mut doc = 0;
    std::iter::from_fn(move || {
        if at >= packed.len() {
            return None;
        }
        let (gap, next) = read_number(packed, at);
        let (count, next) = read_number(packed, next);
        at = next;
        doc += gap;
        Some((doc, count))
    })
}

/// Appends `number` as LEB128: seven bits a byte, low bits first, the top bit set on
/// every byte but the last.
fn push_number(packed: &mut Vec<u8>, mut number: u32) {
    while number >= 0x80 {
        packed.push((number as u8) | 0x80);
        number >>= 7;
    }
    packed.push(number as u8);
}

/// The LEB128 number at `at`, and where the next one starts.
fn read_number(packed: &[u8], mut at: usize) -> (u32, usize) {
    let mut number = 0u32;
    let mut shift = 0;
    loop {
        let byte = packed[at];
        at += 1;
        number |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return (number, at);
        }
        shift += 7;
    }
}

impl Counter {
    /// Every term with its postings, and each of the `documents` documents' weighted
    /// length.
    fn finish(self, documents: usize) -> (Vec<(String, Postings)>, Vec<f32>) {
        let mut lengths = vec![0.0; documents];
        for (doc, length) in self.lengths {
            lengths[doc as usize] = length;
        }
        let mut postings: Vec<Option<Postings>> = self.postings.into_iter().map(Some).collect();
        let terms = self
            .ids
            .into_iter()
            .map(|(term, id)| (term, postings[id as usize].take().unwrap_or_default()))
            // A build after an edit drops the postings of the documents it counts again:
            // a term only they had has none left.
            .filter(|(_, list)| !list.packed.is_empty())
            .collect();
        (terms, lengths)
    }
}

/// A term and its postings as its shard writes them, `"term":[doc gap, weight, …]`:
/// kept packed (per posting the gap as LEB128 and the weight, a byte) with the length
/// of their JSON, which is made only when the shard's file is. The whole index's JSON
/// at once took 107 MiB at 100,000 lectures, at the build's peak.
struct Entry {
    term: String,
    weighted: Vec<u8>,
    json_len: usize,
}

impl Entry {
    fn new(term: String, weighted: Vec<u8>) -> Self {
        let mut json_len = json_string(&term).len() + ":[]".len();
        for (i, (gap, weight)) in weighted_postings(&weighted).enumerate() {
            json_len += usize::from(i > 0) + digits(gap) + 1 + digits(u32::from(weight));
        }
        Self {
            term,
            weighted,
            json_len,
        }
    }

    /// Appends `"term":[gap,weight,…]`.
    fn write_json(&self, json: &mut String) {
        json.push_str(&json_string(&self.term));
        json.push_str(":[");
        for (i, (gap, weight)) in weighted_postings(&self.weighted).enumerate() {
            if i > 0 {
                json.push(',');
            }
            let _ = write!(json, "{gap},{weight}");
        }
        json.push(']');
    }
}

/// (gap, weight) of each posting packed by [`entries`].
fn weighted_postings(packed: &[u8]) -> impl Iterator<Item = (u32, u8)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= packed.len() {
            return None;
        }
        let (gap, next) = read_number(packed, at);
        at = next + 1;
        Some((gap, packed[next]))
    })
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

/// How many decimal digits `number` is written with.
fn digits(number: u32) -> usize {
    number.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Term shards made into files and handed on together.
const SHARDS_HANDED_ON_TOGETHER: usize = 256;

/// Documents whose text is read, counted and written out together: enough to keep
/// every core busy, few enough that a big course's text is never all in memory.
const TEXT_BATCH: usize = 2048;

/// The index files for these documents (`index.js`: the shard keys and where each file
/// of documents starts; `terms-N.js` and `docs-N.js`), handed to `each` as they are
/// made, until it says stop: the `docs-N.js` files `batch` documents at a time (each
/// document's text is read from its Markdown, counted, written out and dropped), then
/// the `terms-N.js` shards, then `index.js`, whose version is the hash of all of them.
/// The files are the same whatever the batch.
#[cfg(test)]
fn files_each(
    documents: Vec<Document>,
    stemmer: Option<Stemming>,
    batch: usize,
    each: &mut dyn FnMut(SiteFiles) -> bool,
) {
    let total = documents.len();
    let mut indexer = Indexer::of(documents, stemmer);
    while indexer.counted < total {
        let upto = (indexer.counted + batch.max(1)).min(total);
        if !indexer.count(upto, each) {
            return;
        }
    }
    indexer.finish(each);
}

/// The search index of a course, made as its documents' texts come: a build of every
/// page hands it the text each page's render made ([`Indexer::take_texts`]) after each
/// batch of pages, in course order, and the documents are counted and their files
/// handed on as soon as every document before them is in.
pub struct Indexer<'a> {
    documents: Vec<Document<'a>>,
    /// How many documents, from the first, are counted and in their files.
    counted: usize,
    stemmer: Option<Stemming<'a>>,
    counter: Counter,
    /// Each file handed on, with its hash (for `index.js`'s version).
    hashes: Vec<(String, u64)>,
    /// The documents of the file being filled, and where each file starts.
    chunk: DocsChunk<'a>,
    chunk_starts: Vec<usize>,
    /// Where the counts for the next build are written (the output folder whose cache
    /// keeps them), when they are; and each document as they keep it.
    keeping: Option<std::path::PathBuf>,
    kept_documents: Vec<kept::DocKept>,
    /// After an edit: the `docs-N.js` files made again, handed on first when it
    /// finishes, and those kept as the last build wrote them.
    made_again: SiteFiles,
    kept_files: Vec<String>,
}

impl<'a> Indexer<'a> {
    /// An index of the course's pages and questions, none counted yet.
    pub fn new(course: &'a Course, stemmer: Option<&'a Stemmer>) -> Self {
        let stemming = stemmer
            .zip(crate::markdown::stem::script_language(
                &course.config.language,
            ))
            .map(|(stemmer, language)| Stemming { language, stemmer });
        Self::of(documents(course), stemming)
    }

    fn of(documents: Vec<Document<'a>>, stemmer: Option<Stemming<'a>>) -> Self {
        Self {
            documents,
            counted: 0,
            stemmer,
            counter: Counter::default(),
            hashes: Vec::new(),
            chunk: DocsChunk::default(),
            chunk_starts: Vec::new(),
            keeping: None,
            kept_documents: Vec::new(),
            made_again: SiteFiles::new(),
            kept_files: Vec::new(),
        }
    }

    /// Writes its counts for the cache of `output` when it finishes ([`kept`]).
    pub fn keeping(mut self, output: &std::path::Path) -> Self {
        self.keeping = Some(output.to_path_buf());
        self
    }

    /// The index of a build after an edit, from the last build's counts (`kept`): the
    /// documents that are as they were (an unedited page showing the same, or an edited
    /// page or a question whose text and what it shows came out the same) take their
    /// counts from there; the others are counted, their text read from their Markdown
    /// (`edited` names the pages edited, by page URL). The `docs-N.js` files holding
    /// the same documents in the same places are kept ([`Indexer::kept_files`]); the
    /// others are made again and handed on first when it finishes.
    pub fn after_an_edit(mut self, kept: &KeptCounts, edited: &HashSet<&str>) -> Self {
        // Each document as it is now, and its place in the last build when it is the
        // same. An unedited page's text is the one it had (a page's text is its own
        // Markdown's): not read unless it shows something else now.
        let mut given: Vec<(kept::DocKept, Option<usize>)> = self
            .documents
            .par_iter_mut()
            .map(|document| {
                let before = kept.place(&document.url);
                let shown = kept::shown_hash(document);
                let unedited = document.page.is_some_and(|page| !edited.contains(page));
                if let (true, Some(before)) = (unedited, before) {
                    let was = &kept.documents[before];
                    if was.shown == shown {
                        return (was.clone(), Some(before));
                    }
                }
                document.read_text();
                let now = kept::DocKept::of(document);
                let same = before.filter(|&before| kept.documents[before] == now);
                (now, same)
            })
            .collect();
        // A kept document is given once: were two documents now at one URL, the second
        // is counted.
        let mut taken = vec![false; kept.documents.len()];
        for (document, (_, before)) in self.documents.iter_mut().zip(&mut given) {
            if let Some(place) = *before
                && std::mem::replace(&mut taken[place], true)
            {
                *before = None;
                document.read_text();
            }
        }
        // The counts of the documents that are the same, in their places now.
        let mut place_now = vec![u32::MAX; kept.documents.len()];
        let mut lengths = Vec::new();
        for (now, (_, before)) in given.iter().enumerate() {
            if let Some(before) = *before {
                place_now[before] = now as u32;
                lengths.push((now as u32, kept.lengths[before]));
            }
        }
        let terms: Vec<(&str, Postings)> = kept
            .terms
            .par_iter()
            .map(|(term, packed)| {
                let mut now: Vec<(u32, u32)> = packed_postings(packed)
                    .filter_map(|(doc, count)| {
                        let now = *place_now.get(doc as usize)?;
                        (now != u32::MAX).then_some((now, count))
                    })
                    .collect();
                if !now.is_sorted_by_key(|&(doc, _)| doc) {
                    now.sort_unstable_by_key(|&(doc, _)| doc);
                }
                let mut postings = Postings::default();
                for (doc, count) in now {
                    postings.push(doc, count);
                }
                (term.as_str(), postings)
            })
            .collect();
        let mut counter = Counter {
            lengths,
            ..Counter::default()
        };
        for (term, postings) in terms {
            counter
                .ids
                .insert(term.to_string(), counter.postings.len() as u32);
            counter.postings.push(postings);
        }
        // The others, counted.
        let stemmer = self.stemmer;
        let counted = (self.documents.par_iter().zip(&given).enumerate())
            .filter(|(_, (_, (_, before)))| before.is_none())
            .fold(Counter::default, |counter, (i, (document, _))| {
                counter.add_document(i as u32, document, stemmer)
            })
            .reduce(Counter::default, Counter::merge);
        self.counter = counter.merge(counted);
        // The `docs-N.js` files, laid out as a build of every page lays them out.
        let mut starts = Vec::new();
        let mut bytes = 0;
        for (i, (document, (now, _))) in self.documents.iter().zip(&given).enumerate() {
            if starts.is_empty() || bytes + now.text_len > CHUNK_BYTES {
                starts.push(i);
                bytes = 0;
            }
            bytes += now.text_len + document.title.len() + document.url.len();
        }
        let total = self.documents.len();
        let mut again = Vec::new();
        for (number, &start) in starts.iter().enumerate() {
            let end = starts.get(number + 1).copied().unwrap_or(total);
            let same = kept.file(number).filter(|(was, _)| {
                *was == (start..end) && (start..end).all(|i| given[i].1 == Some(i))
            });
            let path = file_path(&format!("docs-{number}"));
            match same {
                Some((_, hash)) => {
                    self.hashes.push((path.clone(), hash));
                    self.kept_files.push(path);
                }
                None => again.push((number, start..end)),
            }
        }
        let documents = &mut self.documents;
        let chunks: Vec<(usize, DocsChunk)> = again
            .into_iter()
            .map(|(number, range)| {
                let mut chunk = DocsChunk::starting_at(range.start);
                let documents = &mut documents[range];
                documents.par_iter_mut().for_each(Document::read_text);
                for document in documents {
                    chunk.add(document);
                }
                (number, chunk)
            })
            .collect();
        self.made_again = docs_files(chunks);
        self.chunk_starts = starts;
        self.counted = total;
        self.kept_documents = given.into_iter().map(|(now, _)| now).collect();
        self
    }

    /// The `docs-N.js` files a build after an edit keeps as the last build wrote them.
    pub fn kept_files(&self) -> &[String] {
        &self.kept_files
    }

    /// The URLs of the pages it searches, whose texts it takes.
    pub fn pages(&self) -> std::collections::HashSet<&'a str> {
        self.documents.iter().filter_map(|d| d.page).collect()
    }

    /// Takes the texts of the next documents from `texts` (by page URL, as
    /// [`crate::markdown::render_page`] makes them) and counts every document up to the
    /// first whose text is not in yet; hands on their files to `each`, and says whether
    /// it may go on.
    pub fn take_texts(
        &mut self,
        texts: &mut std::collections::HashMap<String, String>,
        each: &mut dyn FnMut(SiteFiles) -> bool,
    ) -> bool {
        let mut upto = self.counted;
        while let Some(document) = self.documents.get_mut(upto) {
            let Some(text) = document.page.and_then(|page| texts.remove(page)) else {
                break;
            };
            document.text = text;
            document.markdown = None;
            upto += 1;
        }
        upto == self.counted || self.count(upto, each)
    }

    /// Counts the documents up to `upto` (a document's text not taken yet is read from
    /// its Markdown) and hands on the `docs-N.js` files they fill.
    fn count(&mut self, upto: usize, each: &mut dyn FnMut(SiteFiles) -> bool) -> bool {
        let first = self.counted;
        let stemmer = self.stemmer;
        let documents = &mut self.documents[first..upto];
        documents.par_iter_mut().for_each(Document::read_text);
        let counted = documents
            .par_iter()
            .enumerate()
            .fold(Counter::default, |counter, (i, document)| {
                counter.add_document((first + i) as u32, document, stemmer)
            })
            .reduce(Counter::default, Counter::merge);
        self.counter = std::mem::take(&mut self.counter).merge(counted);
        if self.keeping.is_some() {
            self.kept_documents.par_extend(
                documents
                    .par_iter()
                    .map(|document| kept::DocKept::of(document)),
            );
        }
        let mut full = Vec::new();
        for (i, document) in documents.iter_mut().enumerate() {
            let chunk = &mut self.chunk;
            if !chunk.rows.is_empty() && chunk.bytes + document.text.len() > CHUNK_BYTES {
                let done = std::mem::replace(chunk, DocsChunk::starting_at(first + i));
                self.chunk_starts.push(done.start);
                full.push((self.chunk_starts.len() - 1, done));
            }
            chunk.add(document);
        }
        self.counted = upto;
        self.hand_on(docs_files(full), each)
    }

    fn hand_on(&mut self, files: SiteFiles, each: &mut dyn FnMut(SiteFiles) -> bool) -> bool {
        self.hashes.extend(
            files
                .par_iter()
                .map(|(path, bytes)| (path.clone(), version_hash(bytes)))
                .collect::<Vec<_>>(),
        );
        files.is_empty() || each(files)
    }

    /// Counts the documents left, a batch at a time, and hands on the last `docs-N.js`
    /// file, the `terms-N.js` shards and `index.js`.
    /// Gives the counts it wrote for the cache, when it was [`Indexer::keeping`] them.
    pub fn finish(mut self, each: &mut dyn FnMut(SiteFiles) -> bool) -> CountsMade {
        let stopped = CountsMade::default;
        let made_again = std::mem::take(&mut self.made_again);
        if !made_again.is_empty() && !self.hand_on(made_again, each) {
            return stopped();
        }
        let total = self.documents.len();
        while self.counted < total {
            let upto = (self.counted + TEXT_BATCH).min(total);
            if !self.count(upto, each) {
                return stopped();
            }
        }
        if !self.chunk.rows.is_empty() {
            let chunk = std::mem::take(&mut self.chunk);
            self.chunk_starts.push(chunk.start);
            let last = vec![(self.chunk_starts.len() - 1, chunk)];
            if !self.hand_on(docs_files(last), each) {
                return stopped();
            }
        }
        let counted = std::mem::take(&mut self.counter).finish(total);
        let counts_made = match &self.keeping {
            Some(output) => {
                let hashes: FoldHashMap<&str, u64> = self
                    .hashes
                    .iter()
                    .map(|(path, hash)| (path.as_str(), *hash))
                    .collect();
                let files: Vec<(usize, u64)> = (self.chunk_starts.iter().enumerate())
                    .map(|(number, &start)| {
                        let path = file_path(&format!("docs-{number}"));
                        (
                            start,
                            hashes.get(path.as_str()).copied().unwrap_or_default(),
                        )
                    })
                    .collect();
                let counts = kept::Counts {
                    terms: &counted.0,
                    documents: &self.kept_documents,
                    lengths: &counted.1,
                    files: &files,
                };
                kept::write(output, &counts)
            }
            None => CountsMade::default(),
        };
        let entries = entries(counted);
        let mut shards = Vec::new();
        partition(&entries, 0, SHARD_BYTES, &mut shards);
        let keys: Vec<String> = shards.iter().map(|shard| shard.key.clone()).collect();
        // A few hundred shards at a time, so their files and the terms are never both whole.
        for (group, shards) in shards.chunks(SHARDS_HANDED_ON_TOGETHER).enumerate() {
            let first = group * SHARDS_HANDED_ON_TOGETHER;
            let terms: SiteFiles = shards
                .par_iter()
                .enumerate()
                .map(|(i, shard)| {
                    let mut json = String::from("{");
                    for (i, entry) in shard.entries.iter().enumerate() {
                        if i > 0 {
                            json.push(',');
                        }
                        entry.write_json(&mut json);
                    }
                    json.push('}');
                    let name = format!("terms-{}", first + i);
                    (file_path(&name), script(&name, &json))
                })
                .collect();
            if !self.hand_on(terms, each) {
                return stopped();
            }
        }
        let mut hashes = self.hashes;
        hashes.sort_unstable();
        let version = hashes
            .iter()
            .fold(0u64, |hash, (_, file)| hash.rotate_left(5) ^ file);
        let manifest = serde_json::json!({
            "version": format!("{version:016x}"),
            "count": total,
            "keys": keys,
            "chunks": self.chunk_starts,
        });
        each(SiteFiles::from([(
            file_path("index"),
            script("index", &manifest.to_string()),
        )]));
        counts_made
    }
}

/// The documents of one `docs-N.js` file: about [`CHUNK_BYTES`] of text.
#[derive(Default)]
struct DocsChunk<'a> {
    /// The number of its first document.
    start: usize,
    /// url, title, section and text of each document.
    rows: Vec<[Cow<'a, str>; 4]>,
    bytes: usize,
}

impl<'a> DocsChunk<'a> {
    fn starting_at(start: usize) -> Self {
        Self {
            start,
            ..Self::default()
        }
    }

    fn add(&mut self, document: &mut Document<'a>) {
        self.bytes += document.text.len() + document.title.len() + document.url.len();
        self.rows.push([
            document.url.clone(),
            document.title.clone(),
            document.section.clone(),
            Cow::Owned(std::mem::take(&mut document.text)),
        ]);
    }
}

/// A file's part in `index.js`'s version: SipHash, as since the index was first made, so
/// the version of the same index stays the same.
fn version_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// The `docs-N.js` files of these chunks, numbered.
fn docs_files(chunks: Vec<(usize, DocsChunk)>) -> SiteFiles {
    chunks
        .into_par_iter()
        .map(|(number, chunk)| {
            let name = format!("docs-{number}");
            let json = serde_json::to_string(&chunk.rows).expect("strings serialise");
            (file_path(&name), script(&name, &json))
        })
        .collect()
}

fn file_path(name: &str) -> String {
    format!("{SEARCH_INDEX_FOLDER}{name}.js")
}

/// A data file: a script that hands `json` to `search.js` under `name`.
fn script(name: &str, json: &str) -> Vec<u8> {
    format!("prepressSearchData({name:?},{json});\n").into_bytes()
}

/// The JSON a data file [`script`] made hands on under `name`; `None` for anything else.
#[cfg(test)]
fn script_json<'s>(name: &str, script: &'s [u8]) -> Option<&'s [u8]> {
    let head = format!("prepressSearchData({name:?},");
    script.strip_prefix(head.as_bytes())?.strip_suffix(b");\n")
}

/// Every term with its postings, sorted by term, from the terms counted and the
/// documents' lengths.
fn entries((postings, lengths): (Vec<(String, Postings)>, Vec<f32>)) -> Vec<Entry> {
    let average_length = (lengths.iter().sum::<f32>() / lengths.len().max(1) as f32).max(1.0);
    let documents_count = lengths.len() as f32;
    let mut entries: Vec<Entry> = postings
        .into_par_iter()
        .map(|(term, list)| {
            let frequency = list.len() as f32;
            let idf = (1.0 + (documents_count - frequency + 0.5) / (frequency + 0.5)).ln();
            let mut weighted = Vec::with_capacity(list.packed.len());
            let mut previous = 0;
            for (doc, count) in list.iter() {
                let count = count as f32;
                let length = lengths[doc as usize];
                let saturation = count * (BM25_K1 + 1.0)
                    / (count + BM25_K1 * (1.0 - BM25_B + BM25_B * length / average_length));
                let weight = (idf * saturation * 8.0).round().clamp(1.0, 255.0) as u8;
                push_number(&mut weighted, doc - previous);
                weighted.push(weight);
                previous = doc;
            }
            Entry::new(term, weighted)
        })
        .collect();
    entries.par_sort_unstable_by(|a, b| a.term.cmp(&b.term));
    entries
}

/// A run of terms sharing the prefix `key`, written to one file.
struct Shard<'a> {
    key: String,
    entries: &'a [Entry],
}

/// Splits sorted terms sharing their first `prefix_chars` characters into shards of at
/// most `limit` bytes (a single term may be bigger). Every term lands in exactly one
/// shard, whose key is a prefix of the term; the keys come out sorted.
fn partition<'a>(
    entries: &'a [Entry],
    prefix_chars: usize,
    limit: usize,
    out: &mut Vec<Shard<'a>>,
) {
    let Some(first) = entries.first() else {
        return;
    };
    let bytes: usize = entries.iter().map(|e| e.json_len + 1).sum();
    if bytes <= limit || entries.len() == 1 {
        out.push(Shard {
            key: prefix(&first.term, prefix_chars).to_string(),
            entries,
        });
        return;
    }
    let mut start = 0;
    while start < entries.len() {
        let key = prefix(&entries[start].term, prefix_chars + 1);
        let end = start
            + entries[start..]
                .iter()
                .take_while(|e| prefix(&e.term, prefix_chars + 1) == key)
                .count();
        partition(&entries[start..end], prefix_chars + 1, limit, out);
        start = end;
    }
}

/// The first `chars` characters of `term` (all of it when shorter).
fn prefix(term: &str, chars: usize) -> &str {
    match term.char_indices().nth(chars) {
        Some((at, _)) => &term[..at],
        None => term,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// The index files for these documents, all at once.
    fn files(documents: Vec<Document>) -> SiteFiles {
        let mut files = SiteFiles::new();
        files_each(documents, None, TEXT_BATCH, &mut |batch| {
            files.extend(batch);
            true
        });
        files
    }

    /// The index made beside the pages, from the texts their render made a few pages at
    /// a time, is the index made from their Markdown after them.
    #[test]
    fn the_index_made_beside_the_pages_is_the_index_made_after() {
        let mut files = Vec::new();
        for n in 1..=9 {
            let text = format!(
                "---\ntitle: Lecture {n}\n---\n# Lecture {n}\n\nBuckets of tokens {n}, \
                 `code {n}`, $x^{n}$.\n\n```mermaid\npie\n  \"hidden\": 1\n```\n"
            );
            files.push((format!("s/l{n}.md"), text));
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let (course, _) = crate::link::testing::course_of(&files);
        let theme =
            crate::render::theme::Theme::load(std::path::Path::new("/nonexistent"), &course.config)
                .unwrap();
        let mut after = SiteFiles::new();
        index_each(&course, &mut |made| {
            after.extend(made);
            true
        });
        let stemmer = crate::markdown::stem::stemmer(&course.config.language);
        let mut indexer = Indexer::new(&course, stemmer.as_ref());
        let mut jobs = crate::render::all_jobs(&course);
        jobs.sort_unstable();
        let pages = crate::render::Pages::new(&course, &theme, jobs.len())
            .searching_beside(indexer.pages());
        let mut beside = SiteFiles::new();
        for chunk in jobs.chunks(4) {
            pages.render(chunk, None).unwrap();
            let mut texts = pages.take_search_texts();
            indexer.take_texts(&mut texts, &mut |made| {
                beside.extend(made);
                true
            });
            assert!(texts.is_empty(), "every text taken: {:?}", texts.keys());
        }
        assert_eq!(
            indexer.counted, 9,
            "every page counted from its render's text"
        );
        indexer.finish(&mut |made| {
            beside.extend(made);
            true
        });
        assert_eq!(
            beside.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &after {
            assert!(
                beside[path] == *bytes,
                "{path} differs: {} against {}",
                String::from_utf8_lossy(&beside[path]),
                String::from_utf8_lossy(bytes)
            );
        }
    }

    /// What a test does to a lecture's title and body (given its number), or `None` to
    /// leave it out.
    type Change = dyn Fn(usize, String, String) -> Option<(String, String)>;

    /// A course of 40 lectures (several `docs-N.js` files), as `change` leaves the
    /// title and body it is given for each (none: no such lecture).
    fn course_changed(change: &Change) -> Course {
        let files: Vec<(String, String)> = (1..=40)
            .filter_map(|n| {
                let body = format!("Tokens in buckets, lecture {n}. ").repeat(120);
                let (title, body) = change(n, format!("Lecture {n}"), body)?;
                let text = format!("---\ntitle: {title}\n---\n# {title}\n\n{body}\n");
                Some((format!("s/l{n:02}.md"), text))
            })
            .collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        crate::link::testing::course_of(&files).0
    }

    /// The index of `course` made from every page's Markdown, and its counts kept in the
    /// cache of `output` for the record `inputs`.
    fn index_keeping(course: &Course, output: &std::path::Path) -> SiteFiles {
        let stemmer = crate::markdown::stem::stemmer(&course.config.language);
        let mut files = SiteFiles::new();
        let made = Indexer::new(course, stemmer.as_ref())
            .keeping(output)
            .finish(&mut |made| {
                files.extend(made);
                true
            });
        keep_counts(output, "abc", &made);
        files
    }

    /// A build after an edit counts only the documents that changed and makes again only
    /// the `docs-N.js` files that hold them (or whose documents moved): with the files it
    /// keeps, the index is the one made from every page's Markdown, whatever the edit.
    #[test]
    fn an_index_after_an_edit_is_the_index_made_from_every_page() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let before = course_changed(&|_, title, body| Some((title, body)));
        let edits: [(&str, &Change); 6] = [
            ("a body", &|n, t, b| {
                Some((
                    t,
                    if n == 7 {
                        format!("{b} Queues of workers.")
                    } else {
                        b
                    },
                ))
            }),
            ("the last body", &|n, t, b| {
                Some((t, if n == 40 { "Short.".into() } else { b }))
            }),
            ("a title", &|n, t, b| {
                Some((if n == 12 { "Leaky buckets".into() } else { t }, b))
            }),
            ("nothing searched", &|_, t, b| Some((t, b))),
            ("a lecture removed", &|n, t, b| (n != 3).then_some((t, b))),
            ("a body and a lecture removed", &|n, t, b| match n {
                20 => None,
                30 => Some((t, "Tokens.".into())),
                _ => Some((t, b)),
            }),
        ];
        for (what, edit) in edits {
            let written = index_keeping(&before, &output);
            let after = course_changed(edit);
            let edited: HashSet<&str> = after
                .lectures
                .iter()
                .filter(|l| {
                    let was = before.lectures.iter().find(|b| b.page.url == l.page.url);
                    was.is_none_or(|was| {
                        was.page.body() != l.page.body() || was.page.title != l.page.title
                    })
                })
                .map(|l| l.page.url.as_str())
                .collect();
            let kept = KeptCounts::read(&output, "abc").expect("the counts read back");
            assert!(
                KeptCounts::read(&output, "abd").is_none(),
                "another record's"
            );
            let stemmer = crate::markdown::stem::stemmer(&after.config.language);
            let indexer = Indexer::new(&after, stemmer.as_ref()).after_an_edit(&kept, &edited);
            let mut files: SiteFiles = indexer
                .kept_files()
                .iter()
                .map(|path| (path.clone(), written[path].clone()))
                .collect();
            let kept_files = files.len();
            indexer.finish(&mut |made| {
                files.extend(made);
                true
            });
            let whole = index_keeping(&after, &output);
            assert_eq!(
                files.keys().collect::<Vec<_>>(),
                whole.keys().collect::<Vec<_>>(),
                "{what}"
            );
            for (path, bytes) in &whole {
                assert!(files[path] == *bytes, "{what}: {path} differs");
            }
            let docs_files = whole.keys().filter(|p| p.contains("docs-")).count();
            assert!(docs_files > 3, "{what}: {docs_files} docs files");
            match what {
                "nothing searched" => assert_eq!(kept_files, docs_files, "{what}"),
                "the last body" => assert_eq!(kept_files, docs_files - 1, "{what}"),
                "a lecture removed" => assert_eq!(kept_files, 0, "{what}: every file moved"),
                _ => assert!(kept_files > 0, "{what}: the files before the edit kept"),
            }
        }
        // Had the edited page been taken as it was, its new words would not be found.
        index_keeping(&before, &output);
        let kept = KeptCounts::read(&output, "abc").unwrap();
        let after = course_changed(&|n, t, b| Some((t, if n == 7 { "Queues.".into() } else { b })));
        let stemmer = crate::markdown::stem::stemmer(&after.config.language);
        let mut stale = SiteFiles::new();
        Indexer::new(&after, stemmer.as_ref())
            .after_an_edit(&kept, &HashSet::new())
            .finish(&mut |made| {
                stale.extend(made);
                true
            });
        let whole = index_keeping(&after, &output);
        assert!(
            stale
                .keys()
                .filter(|p| p.contains("terms-"))
                .any(|p| stale[p] != whole[p])
        );
    }

    /// Two documents at one URL (the same text, so both match the one kept): the kept
    /// counts go to one, the other is counted, and the index is the one made whole.
    #[test]
    fn two_documents_at_one_url_are_each_counted_once() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let documents = vec![
            document("Tokens", "tokens in buckets"),
            document("Queues", "queues of workers"),
            document("Queues", "queues of workers"),
        ];
        let made = |indexer: Indexer| {
            let mut files = SiteFiles::new();
            let counts = indexer.keeping(&output).finish(&mut |made| {
                files.extend(made);
                true
            });
            (files, counts)
        };
        let (whole, counts) = made(Indexer::of(documents.clone(), None));
        keep_counts(&output, "abc", &counts);
        let kept = KeptCounts::read(&output, "abc").unwrap();
        let indexer = Indexer::of(documents, None).after_an_edit(&kept, &HashSet::new());
        assert_eq!(made(indexer).0, whole);
    }

    /// Counts changed in the cache (a byte, or the file cut short) are not read.
    #[test]
    fn damaged_counts_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        index_keeping(&course_changed(&|_, t, b| Some((t, b))), &output);
        let file = crate::site::write::cache_dir(&output).join("search.bin");
        let bytes = std::fs::read(&file).unwrap();
        assert!(KeptCounts::read(&output, "abc").is_some());
        let mut changed = bytes.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        std::fs::write(&file, &changed).unwrap();
        assert!(KeptCounts::read(&output, "abc").is_none(), "a byte changed");
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert!(KeptCounts::read(&output, "abc").is_none(), "cut short");
    }

    #[test]
    fn the_files_are_the_same_whatever_the_batch() {
        // Enough text for several docs files, so files and batches end in other places.
        let documents: Vec<Document> = (0..40)
            .map(|i| {
                let text = format!("lecture {i} about tokens and buckets ").repeat(400 + i * 37);
                document(&format!("Lecture {i}"), &text)
            })
            .collect();
        let whole = files(documents.clone());
        assert!(whole.keys().filter(|p| p.contains("docs-")).count() > 3);
        for batch in [1, 3, 7] {
            let mut files = SiteFiles::new();
            files_each(documents.clone(), None, batch, &mut |made| {
                files.extend(made);
                true
            });
            assert!(files == whole, "batches of {batch}");
        }
    }

    fn document(title: &str, text: &str) -> Document<'static> {
        Document {
            url: format!("/{}/", crate::markdown::slug::url_slug(title)).into(),
            title: title.to_string().into(),
            section: "Section".into(),
            description: "",
            headings: Vec::new(),
            text: text.to_string(),
            markdown: None,
            page: None,
        }
    }

    /// The data a file hands to `search.js`.
    fn data(files: &SiteFiles, name: &str) -> serde_json::Value {
        serde_json::from_slice(script_json(name, &files[&file_path(name)]).unwrap()).unwrap()
    }

    /// term -> [(document, weight)] over every shard.
    fn postings(files: &SiteFiles) -> HashMap<String, Vec<(u64, u64)>> {
        let manifest = data(files, "index");
        let mut all = HashMap::new();
        for (number, key) in manifest["keys"].as_array().unwrap().iter().enumerate() {
            let shard = data(files, &format!("terms-{number}"));
            for (term, list) in shard.as_object().unwrap() {
                assert!(
                    term.starts_with(key.as_str().unwrap()),
                    "{term} under {key}"
                );
                let numbers: Vec<u64> = list
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_u64().unwrap())
                    .collect();
                let mut doc = 0;
                let decoded = numbers
                    .chunks(2)
                    .map(|pair| {
                        doc += pair[0];
                        (doc, pair[1])
                    })
                    .collect();
                assert!(all.insert(term.clone(), decoded).is_none(), "{term} twice");
            }
        }
        all
    }

    #[test]
    fn an_entry_knows_its_json_length_before_writing_it() {
        for term in ["a", "naïve", "quote\"d", "tab\there"] {
            let mut weighted = Vec::new();
            for (gap, weight) in [
                (0, 1),
                (9, 9),
                (10, 10),
                (99, 99),
                (100, 100),
                (4_000_000_000, 255),
            ] {
                push_number(&mut weighted, gap);
                weighted.push(weight);
            }
            let entry = Entry::new(term.to_string(), weighted);
            let mut json = String::new();
            entry.write_json(&mut json);
            assert_eq!(entry.json_len, json.len(), "{json}");
            let parsed: serde_json::Value = serde_json::from_str(&format!("{{{json}}}")).unwrap();
            assert_eq!(
                parsed[term],
                serde_json::json!([0, 1, 9, 9, 10, 10, 99, 99, 100, 100, 4_000_000_000u32, 255])
            );
        }
    }

    #[test]
    fn packed_postings_give_back_what_was_put_in_whatever_the_order_of_appends() {
        let lists = [
            vec![(0, 1), (5, 300), (127, 2)],
            vec![(128, 5), (20_000, 1), (4_000_000_000, 7)],
            vec![(3, 9), (200, 1)],
        ];
        let packed = |list: &[(u32, u32)]| {
            let mut postings = Postings::default();
            for &(doc, count) in list {
                postings.push(doc, count);
            }
            postings
        };
        let mut all = packed(&lists[0]);
        all.append(packed(&lists[1]));
        let in_order: Vec<(u32, u32)> = lists[0].iter().chain(&lists[1]).copied().collect();
        assert_eq!(all.iter().collect::<Vec<_>>(), in_order);
        // A list that reaches back among the documents already there is merged in order.
        all.append(packed(&lists[2]));
        let mut expected: Vec<(u32, u32)> = lists.concat();
        expected.sort_unstable();
        assert_eq!(all.iter().collect::<Vec<_>>(), expected);
        assert_eq!(all.len(), 8);
        assert!(
            packed(&lists[0]).packed.len() < 3 * 8,
            "smaller than (u32, f32) pairs"
        );
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_lowercased_without_accents() {
        let mut found = Vec::new();
        for_each_word(
            "Tell me about a time: O(n²) CAFÉ x2 — don't İstanbul",
            None,
            |word| found.push(word.to_string()),
        );
        assert_eq!(
            found,
            [
                "tell", "me", "about", "time", "n²", "cafe", "x2", "don", "istanbul"
            ]
        );
    }

    #[test]
    fn unspaced_scripts_are_found_by_pairs_of_characters_and_cyrillic_without_case() {
        let mut found = Vec::new();
        for_each_word(
            "负载均衡器 用Rust写 の ОТВЕТ Ёлка ไม่ใช่ प्रश्न",
            None,
            |word| found.push(word.to_string()),
        );
        assert_eq!(
            found,
            [
                "负载",
                "载均",
                "均衡",
                "衡器",
                "器",
                "用",
                "rust",
                "写",
                "の",
                "ответ",
                "елка",
                "ไม",
                "มใ",
                "ใช",
                "ช",
                "परशन"
            ]
        );
    }

    /// A word met again is counted from the counter's own memory of it as it was the
    /// first time, whatever its case, including a word whose stem is no term.
    #[test]
    fn a_counter_counts_a_word_met_again_as_the_first_time() {
        let stemmer = crate::markdown::stem::stemmer("en").unwrap();
        let stemming = Stemming {
            language: "en",
            stemmer: &stemmer,
        };
        let text = "Interviewing interviews, INTERVIEWING again: is is Is, a b, ab ab.";
        let counted = Counter::default().add_document(0, &document("Ab", text), Some(stemming));
        let counts: HashMap<String, u32> = counted
            .finish(1)
            .0
            .into_iter()
            .map(|(term, postings)| (term, postings.iter().map(|(_, count)| count).sum()))
            .collect();
        let mut expected: HashMap<String, u32> = HashMap::new();
        for (text, weight) in [("Ab", TITLE_WEIGHT), (text, 1)] {
            for_each_word(text, Some(stemming), |term| {
                *expected.entry(term.to_string()).or_default() += weight;
            });
        }
        assert_eq!(counts, expected);
        assert_eq!(counts["interview"], 3);
        assert_eq!(counts["ab"], TITLE_WEIGHT + 2);
    }

    #[test]
    fn a_stemmed_language_finds_a_word_s_forms_as_one_term() {
        let terms = |language: &str, text: &str| {
            let stemmer = crate::markdown::stem::stemmer(language);
            let stemming = stemmer.as_ref().map(|stemmer| Stemming {
                language: crate::markdown::stem::script_language(language).unwrap(),
                stemmer,
            });
            let mut found = Vec::new();
            for _ in 0..2 {
                // Twice: the second time from the stems the thread knows.
                found.clear();
                for_each_word(text, stemming, |word| found.push(word.to_string()));
            }
            found
        };
        assert_eq!(
            terms("en", "Interviewing interviews INTERVIEWED"),
            ["interview", "interview", "interview"]
        );
        assert_eq!(
            terms("ru-RU", "Собеседования собеседование собеседованиях"),
            ["собеседован", "собеседован", "собеседован"]
        );
        assert_eq!(terms("ru", "Ёлка елки"), ["елк", "елк"], "ё is е");
        // Stemmed with its accents, found without them.
        assert_eq!(terms("es", "Acción acciones"), ["accion", "accion"]);
        // A language without a stemmer keeps its words whole.
        assert_eq!(terms("uk", "співбесіди"), ["співбесіди"]);
    }

    #[test]
    fn every_word_of_every_document_is_found_once_with_its_documents() {
        let documents = vec![
            document("Rate limiter", "A token bucket refills tokens."),
            document("Caching", "A cache keeps tokens near the reader."),
        ];
        let postings = postings(&files(documents));
        let docs = |term: &str| -> Vec<u64> { postings[term].iter().map(|p| p.0).collect() };
        assert_eq!(docs("bucket"), [0]);
        assert_eq!(docs("tokens"), [0, 1]);
        assert_eq!(docs("caching"), [1]);
        assert!(!postings.contains_key("a"), "one-letter words are left out");
    }

    #[test]
    fn a_word_in_the_title_weighs_more_than_in_the_body() {
        let documents = vec![
            document("Sharding", "How to split a table."),
            document("Databases", "Sharding splits a table across machines."),
        ];
        let postings = postings(&files(documents));
        let sharding = &postings["sharding"];
        assert!(sharding[0].1 > sharding[1].1, "{sharding:?}");
    }

    proptest::proptest! {
        /// Whatever the terms and the limit, every term lands in exactly one shard, in
        /// order, under a key that is its prefix; the keys are sorted and distinct; a
        /// shard over the limit holds one term. `search.js` relies on all of it.
        #[test]
        fn shards_partition_the_terms_by_prefix(
            terms in proptest::collection::btree_map("[ab]{1,6}|é[ab]{0,3}", 1usize..300, 1..200),
            limit in 10usize..2000,
        ) {
            let entries: Vec<Entry> = terms
                .iter()
                .map(|(term, size)| Entry { term: term.clone(), weighted: Vec::new(), json_len: *size })
                .collect();
            let mut shards = Vec::new();
            partition(&entries, 0, limit, &mut shards);
            let placed: Vec<&str> = shards
                .iter()
                .flat_map(|shard| shard.entries.iter().map(|e| e.term.as_str()))
                .collect();
            let all: Vec<&str> = terms.keys().map(String::as_str).collect();
            proptest::prop_assert_eq!(placed, all);
            proptest::prop_assert!(shards.windows(2).all(|w| w[0].key < w[1].key));
            for shard in &shards {
                let bytes: usize = shard.entries.iter().map(|e| e.json_len + 1).sum();
                proptest::prop_assert!(bytes <= limit || shard.entries.len() == 1);
                for entry in shard.entries {
                    proptest::prop_assert!(entry.term.starts_with(&shard.key));
                }
            }
        }
    }

    #[test]
    fn big_indexes_are_split_into_small_shards_by_prefix() {
        // 400 documents, each with its own words, so the index cannot fit one shard.
        let documents: Vec<Document> = (0..400)
            .map(|i| {
                let text: Vec<String> = (0..40).map(|j| format!("w{i}x{j} common")).collect();
                document(&format!("Page {i}"), &text.join(" "))
            })
            .collect();
        let files = files(documents);
        let manifest = data(&files, "index");
        let keys: Vec<&str> = manifest["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert!(keys.len() > 4, "{keys:?}");
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "keys sorted and distinct"
        );
        for number in 0..keys.len() {
            let shard = &files[&file_path(&format!("terms-{number}"))];
            let one_term = data(&files, &format!("terms-{number}"))
                .as_object()
                .unwrap()
                .len()
                == 1;
            assert!(shard.len() <= SHARD_BYTES + 64 || one_term);
        }
        let postings = postings(&files);
        // w{i}x{j}, "common", "page", and the page numbers of two digits or more.
        assert_eq!(postings.len(), 400 * 40 + 2 + 390, "every term, once");
        assert_eq!(postings["common"].len(), 400);
        assert_eq!(postings["w399x39"], [(399, postings["w399x39"][0].1)]);
    }

    #[test]
    fn documents_are_grouped_into_files_in_order() {
        let long = "word ".repeat(CHUNK_BYTES / 10);
        let documents: Vec<Document> = (0..7)
            .map(|i| document(&format!("Page {i}"), &long))
            .collect();
        let files = files(documents);
        let manifest = data(&files, "index");
        let starts: Vec<u64> = manifest["chunks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect();
        assert_eq!(manifest["count"], 7);
        assert!(starts.len() > 1 && starts[0] == 0, "{starts:?}");
        let mut titles = Vec::new();
        for number in 0..starts.len() {
            for row in data(&files, &format!("docs-{number}")).as_array().unwrap() {
                titles.push(row[1].as_str().unwrap().to_string());
            }
        }
        let expected: Vec<String> = (0..7).map(|i| format!("Page {i}")).collect();
        assert_eq!(titles, expected);
    }

    #[test]
    fn the_same_documents_give_the_same_files() {
        let documents = vec![
            document("One", "alpha beta gamma"),
            document("Two", "beta gamma delta"),
        ];
        assert_eq!(files(documents.clone()), files(documents));
    }
}
