//! Character bigrams (prepress's search index) against dictionary segmenters, on a
//! Chinese course made by `bench/gen_language_corpus.py --language zh`.
//!
//!     segmenter-bench CORPUS QUERIES [--methods bigram,jieba,jieba-search,charabia]
//!                     [--repeat 3] [--dump DIR] [--per-query]
//!
//! For each method it reports the distinct terms, the (term, document) postings, the
//! bytes of the index as prepress's `terms-N.js` shards would hold it, the CPU time spent
//! segmenting the corpus (median of `--repeat` runs), and the recall and precision of
//! every query of QUERIES (one a line) against substring matching of the documents' text.
//!
//! Methods:
//! * `bigram`: prepress's rule (`for_each_word` in src/site/search.rs): a run of an
//!   unspaced script gives each pair of neighbouring characters and its last character.
//! * `jieba`: jieba-rs precise mode with HMM (`cut(text, true)`) on each unspaced run;
//!   the words are the terms.
//! * `jieba-nohmm`, `jieba-search-nohmm`: the same without the HMM (dictionary words
//!   only, unknown stretches left as single characters).
//! * `jieba-search`: jieba-rs search mode (`cut_for_search(text, true)`): the words plus
//!   the dictionary words of two and three characters inside longer ones; queries are
//!   cut in precise mode.
//! * `charabia`: charabia's `Tokenize` (feature `charabia`) on the field's text, the
//!   lemmas of its word tokens.
//!
//! `segmenter-bench --cut TEXT…` prints how jieba-rs cuts each TEXT (precise and search
//! mode, with and without the HMM).
//!
//! Every method keeps prepress's treatment of everything else (words of spaced scripts,
//! lower-casing, accents), and every method's query side is prepress's `search.js`: the
//! query is split as the index was, each query word must match a term of the document
//! exactly or as the term's prefix (a word of 3+ characters or of an unspaced script
//! finds the longer terms it begins), and a document is found when every word matches.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// prepress's `SHARD_BYTES`: a shard is split by a longer prefix when over this.
const SHARD_BYTES: usize = 24 * 1024;

/// How much a word counts in each part of a document, as prepress weighs them.
const TITLE_WEIGHT: u32 = 5;
const HEADING_WEIGHT: u32 = 2;
const DESCRIPTION_WEIGHT: u32 = 2;
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;

/// One lecture as the index sees it.
struct Document {
    title: String,
    description: String,
    headings: Vec<String>,
    /// The body without markup, headings included.
    text: String,
}

impl Document {
    /// All the text that a query's substring is looked for in, normalised as terms are.
    fn haystack(&self) -> String {
        let mut all = String::new();
        for part in [&self.title, &self.description, &self.text] {
            all.push_str(&normalise(part));
            all.push('\n');
        }
        all
    }
}

/// Lower case, without accents, as prepress folds a word (`résumé` -> `resume`).
fn normalise(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// prepress's `markdown::is_unspaced`.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// prepress's `for_each_word`, with what becomes of a run of an unspaced script left to
/// `unspaced` (prepress's own rule is [`bigrams`]).
fn for_each_word(text: &str, unspaced: &mut dyn FnMut(&str, &mut dyn FnMut(&str)), found: &mut dyn FnMut(&str)) {
    for word in text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c))) {
        if word.is_ascii() {
            if word.len() >= 2 {
                found(&word.to_ascii_lowercase());
            }
            continue;
        }
        let folded: String = word.nfd().filter(|c| !is_combining_mark(*c)).collect();
        let lowered = folded.to_lowercase().replace('ς', "σ");
        for part in lowered.split(|c: char| !c.is_alphanumeric()) {
            let mut rest = part;
            while let Some(first) = rest.chars().next() {
                let is = is_unspaced(first);
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| is_unspaced(c) != is)
                    .map_or(rest.len(), |(at, _)| at);
                let (stretch, after) = rest.split_at(end);
                rest = after;
                if is {
                    unspaced(stretch, found);
                } else if stretch.chars().nth(1).is_some() {
                    found(stretch);
                }
            }
        }
    }
}

/// prepress's rule for a run of an unspaced script: each pair of neighbouring characters
/// and the last character alone.
fn bigrams(stretch: &str, found: &mut dyn FnMut(&str)) {
    let mut starts = stretch.char_indices().map(|(at, _)| at);
    while let Some(start) = starts.next() {
        let end = starts.clone().nth(1).unwrap_or(stretch.len());
        found(&stretch[start..end]);
    }
}

/// A way of making terms of text.
enum Method {
    Bigram,
    /// Precise mode; with the HMM for words not in the dictionary or without.
    Jieba(jieba_rs::Jieba, bool),
    JiebaSearch(jieba_rs::Jieba, bool),
    #[cfg(feature = "charabia")]
    Charabia,
}

impl Method {
    fn name(&self) -> &'static str {
        match self {
            Method::Bigram => "bigram",
            Method::Jieba(_, true) => "jieba",
            Method::Jieba(_, false) => "jieba-nohmm",
            Method::JiebaSearch(_, true) => "jieba-search",
            Method::JiebaSearch(_, false) => "jieba-search-nohmm",
            #[cfg(feature = "charabia")]
            Method::Charabia => "charabia",
        }
    }

    /// The terms of `text` as the index makes them.
    fn index_terms(&self, text: &str, found: &mut dyn FnMut(&str)) {
        match self {
            Method::Bigram => for_each_word(text, &mut |s, f| bigrams(s, f), found),
            Method::Jieba(jieba, hmm) => for_each_word(
                text,
                &mut |s, f| jieba.cut(s, *hmm).iter().for_each(|t| f(t.word)),
                found,
            ),
            Method::JiebaSearch(jieba, hmm) => for_each_word(
                text,
                &mut |s, f| jieba.cut_for_search(s, *hmm).iter().for_each(|t| f(t.word)),
                found,
            ),
            #[cfg(feature = "charabia")]
            Method::Charabia => {
                use charabia::Tokenize;
                for token in text.tokenize() {
                    if token.is_word() {
                        found(token.lemma());
                    }
                }
            }
        }
    }

    /// The words of a query: as the index, but precise mode for `jieba-search`.
    fn query_words(&self, query: &str) -> Vec<String> {
        let mut words = Vec::new();
        match self {
            Method::JiebaSearch(jieba, hmm) => for_each_word(
                query,
                &mut |s, f| jieba.cut(s, *hmm).iter().for_each(|t| f(t.word)),
                &mut |w| words.push(w.to_string()),
            ),
            _ => self.index_terms(query, &mut |w| words.push(w.to_string())),
        }
        words
    }
}

/// Reads the lectures of a course folder: `content/<section>/<lecture>.md`, leaving out
/// `_index.md` files. In file-name order, so document numbers are stable.
fn read_course(root: &Path) -> Vec<Document> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let content = root.join("content");
    let mut sections: Vec<PathBuf> = std::fs::read_dir(&content)
        .unwrap_or_else(|e| panic!("{}: {e}", content.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sections.sort();
    for section in sections {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&section)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
            .collect();
        files.sort();
        paths.extend(files);
    }
    paths
        .iter()
        .map(|p| parse_lecture(&std::fs::read_to_string(p).unwrap()))
        .collect()
}

/// Front matter `title:`/`description:` and a plain-text body: headings, list markers,
/// emphasis and link targets taken out (the generator's Markdown uses nothing else).
fn parse_lecture(markdown: &str) -> Document {
    let mut doc = Document {
        title: String::new(),
        description: String::new(),
        headings: Vec::new(),
        text: String::new(),
    };
    let mut lines = markdown.lines();
    let mut body_start = false;
    if markdown.starts_with("---") {
        lines.next();
        for line in lines.by_ref() {
            if line == "---" {
                body_start = true;
                break;
            }
            let unquote = |v: &str| v.trim().trim_matches('"').replace("\\\"", "\"");
            if let Some(v) = line.strip_prefix("title:") {
                doc.title = unquote(v);
            } else if let Some(v) = line.strip_prefix("description:") {
                doc.description = unquote(v);
            }
        }
    }
    assert!(body_start || !markdown.starts_with("---"));
    for line in lines {
        let mut line = line.trim();
        if let Some(heading) = line.strip_prefix('#') {
            let heading = heading.trim_start_matches('#').trim();
            doc.headings.push(heading.to_string());
            line = heading;
        } else if let Some(item) = line.strip_prefix("- ") {
            line = item;
        } else if let Some((number, item)) = line.split_once(". ") {
            if number.chars().all(|c| c.is_ascii_digit()) && !number.is_empty() {
                line = item;
            }
        }
        let mut plain = line.replace("**", "");
        // [text](target) -> text
        while let Some(open) = plain.find("](") {
            let close = plain[open..].find(')').map_or(plain.len(), |c| open + c + 1);
            plain.replace_range(open..close, "");
            if let Some(bracket) = plain[..open].rfind('[') {
                plain.remove(bracket);
            }
        }
        if !plain.is_empty() {
            doc.text.push_str(&plain);
            doc.text.push('\n');
        }
    }
    doc
}

/// User CPU seconds of this process so far (Linux: /proc/self/stat, in clock ticks).
fn user_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let ticks: f64 = after.split(' ').nth(11).unwrap().parse().unwrap();
    ticks / 100.0
}

/// Per document, its terms with their weighted counts, as prepress counts them.
type Counted = Vec<HashMap<String, u32>>;

fn segment(method: &Method, documents: &[Document]) -> Counted {
    documents
        .iter()
        .map(|doc| {
            let mut counts: HashMap<String, u32> = HashMap::new();
            let mut add = |text: &str, weight: u32| {
                method.index_terms(text, &mut |term| {
                    *counts.entry(term.to_string()).or_default() += weight;
                });
            };
            add(&doc.title, TITLE_WEIGHT);
            add(&doc.description, DESCRIPTION_WEIGHT);
            for heading in &doc.headings {
                add(heading, HEADING_WEIGHT - 1);
            }
            add(&doc.text, 1);
            counts
        })
        .collect()
}

/// Only the segmenting, for timing: the number of terms made.
fn segment_only(method: &Method, documents: &[Document]) -> usize {
    let mut n = 0usize;
    for doc in documents {
        for text in [&doc.title, &doc.description, &doc.text] {
            method.index_terms(text, &mut |_| n += 1);
        }
        for heading in &doc.headings {
            method.index_terms(heading, &mut |_| n += 1);
        }
    }
    n
}

fn digits(number: u32) -> usize {
    number.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// The index: term -> (document, BM25 weight as prepress quantises it), terms sorted.
struct Index {
    terms: Vec<(String, Vec<(u32, u8)>)>,
}

impl Index {
    fn build(counted: &Counted) -> Index {
        let mut postings: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
        let mut lengths = Vec::with_capacity(counted.len());
        for (doc, counts) in counted.iter().enumerate() {
            let mut sorted: Vec<(&String, &u32)> = counts.iter().collect();
            sorted.sort();
            for (term, count) in sorted {
                postings.entry(term).or_default().push((doc as u32, *count));
            }
            lengths.push(counts.values().sum::<u32>() as f32);
        }
        let average = (lengths.iter().sum::<f32>() / lengths.len().max(1) as f32).max(1.0);
        let n = lengths.len() as f32;
        let mut terms: Vec<(String, Vec<(u32, u8)>)> = postings
            .into_iter()
            .map(|(term, list)| {
                let frequency = list.len() as f32;
                let idf = (1.0 + (n - frequency + 0.5) / (frequency + 0.5)).ln();
                let weighted = list
                    .into_iter()
                    .map(|(doc, count)| {
                        let count = count as f32;
                        let length = lengths[doc as usize];
                        let saturation = count * (BM25_K1 + 1.0)
                            / (count + BM25_K1 * (1.0 - BM25_B + BM25_B * length / average));
                        (doc, (idf * saturation * 8.0).round().clamp(1.0, 255.0) as u8)
                    })
                    .collect();
                (term.to_string(), weighted)
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Index { terms }
    }

    /// Each term's bytes in its shard, `"term":[…]` and the comma after it.
    fn entry_bytes(&self) -> Vec<usize> {
        self.terms
            .iter()
            .map(|(term, postings)| {
                let quoted = term.len() + 2 + term.chars().filter(|c| matches!(c, '"' | '\\')).count();
                let mut previous = 0;
                let mut bytes = quoted + ":[]".len() + 1;
                for (i, (doc, weight)) in postings.iter().enumerate() {
                    bytes += usize::from(i > 0) + digits(doc - previous) + 1 + digits(u32::from(*weight));
                    previous = *doc;
                }
                bytes
            })
            .collect()
    }

    /// prepress's `partition`: (key, bytes) of each `terms-N.js` shard, a run of sorted
    /// terms sharing a prefix, split by a longer prefix while over [`SHARD_BYTES`].
    fn shards(&self) -> Vec<(String, usize)> {
        fn prefix(term: &str, chars: usize) -> &str {
            term.char_indices().nth(chars).map_or(term, |(at, _)| &term[..at])
        }
        fn partition(terms: &[&str], bytes: &[usize], chars: usize, out: &mut Vec<(String, usize)>) {
            let Some(first) = terms.first() else { return };
            let total: usize = bytes.iter().sum();
            if total <= SHARD_BYTES || terms.len() == 1 {
                // prepressSearchData("terms-N",{…});\n around the entries.
                out.push((prefix(first, chars).to_string(), total + 40));
                return;
            }
            let mut start = 0;
            while start < terms.len() {
                let key = prefix(terms[start], chars + 1);
                let end = start + terms[start..].iter().take_while(|t| prefix(t, chars + 1) == key).count();
                partition(&terms[start..end], &bytes[start..end], chars + 1, out);
                start = end;
            }
        }
        let terms: Vec<&str> = self.terms.iter().map(|(t, _)| t.as_str()).collect();
        let mut out = Vec::new();
        partition(&terms, &self.entry_bytes(), 0, &mut out);
        out
    }

    fn postings(&self) -> usize {
        self.terms.iter().map(|(_, p)| p.len()).sum()
    }

    /// The bytes of `"term":[gap,weight,…]` for every term, joined by commas: what
    /// prepress's `terms-N.js` shards hold, less each file's few bytes of wrapping.
    fn json_bytes(&self) -> usize {
        self.entry_bytes().iter().sum()
    }

    /// The index as one JSON object (for gzip to measure).
    fn json(&self) -> String {
        let mut json = String::from("{");
        for (i, (term, postings)) in self.terms.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let _ = write!(json, "{term:?}:[");
            let mut previous = 0;
            for (j, (doc, weight)) in postings.iter().enumerate() {
                if j > 0 {
                    json.push(',');
                }
                let _ = write!(json, "{},{}", doc - previous, weight);
                previous = *doc;
            }
            json.push(']');
        }
        json.push('}');
        json
    }

    /// The documents in which `word` matches a term as `search.js` matches: the same
    /// term, or a longer one it begins when it has 3+ characters or is unspaced.
    fn documents_matching(&self, word: &str) -> Vec<u32> {
        let finds_longer = word.chars().count() >= 3 || word.chars().any(is_unspaced);
        let start = self.terms.partition_point(|(t, _)| t.as_str() < word);
        let mut docs = Vec::new();
        for (term, postings) in &self.terms[start..] {
            if term == word || (finds_longer && term.starts_with(word)) {
                docs.extend(postings.iter().map(|(d, _)| *d));
            } else {
                break;
            }
        }
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    /// Documents matching every word (none for a query without words).
    fn search(&self, words: &[String]) -> Vec<u32> {
        let mut found: Option<Vec<u32>> = None;
        for word in words {
            let docs = self.documents_matching(word);
            found = Some(match found {
                None => docs,
                Some(before) => before.into_iter().filter(|d| docs.binary_search(d).is_ok()).collect(),
            });
        }
        found.unwrap_or_default()
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    if std::env::args().nth(1).as_deref() == Some("--cut") {
        // How jieba cuts some text, precise and search mode, with and without the HMM.
        let jieba = jieba_rs::Jieba::new();
        for text in std::env::args().skip(2) {
            for hmm in [true, false] {
                let cut: Vec<&str> = jieba.cut(&text, hmm).iter().map(|t| t.word).collect();
                let search: Vec<&str> = jieba.cut_for_search(&text, hmm).iter().map(|t| t.word).collect();
                println!("{text} hmm={hmm}: cut {} | search {}", cut.join("/"), search.join("/"));
            }
        }
        return;
    }
    let corpus = PathBuf::from(args.next().expect("usage: segmenter-bench CORPUS QUERIES [options]"));
    let queries_path = PathBuf::from(args.next().expect("usage: segmenter-bench CORPUS QUERIES [options]"));
    let mut methods = "bigram,jieba,jieba-nohmm,jieba-search,jieba-search-nohmm".to_string();
    if cfg!(feature = "charabia") {
        methods.push_str(",charabia");
    }
    let mut repeat = 3;
    let mut dump: Option<PathBuf> = None;
    let mut per_query = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--methods" => methods = args.next().unwrap(),
            "--repeat" => repeat = args.next().unwrap().parse().unwrap(),
            "--dump" => dump = Some(PathBuf::from(args.next().unwrap())),
            "--per-query" => per_query = true,
            other => panic!("unknown option {other}"),
        }
    }

    let started = Instant::now();
    let documents = read_course(&corpus);
    let markdown_chars: usize = documents.iter().map(|d| d.text.chars().count()).sum();
    eprintln!(
        "{} lectures, {} characters of text, read in {:.2} s",
        documents.len(),
        markdown_chars,
        started.elapsed().as_secs_f64()
    );
    let queries: Vec<String> = std::fs::read_to_string(&queries_path)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let haystacks: Vec<String> = documents.iter().map(Document::haystack).collect();
    let truth: Vec<Vec<u32>> = queries
        .iter()
        .map(|q| {
            let q = normalise(q);
            (0..documents.len() as u32)
                .filter(|&d| haystacks[d as usize].contains(&q))
                .collect()
        })
        .collect();

    println!(
        "| method | setup s | segment CPU s (median of {repeat}) | wall s | distinct terms | postings | index JSON bytes | micro recall | macro recall | queries < full recall | precision | false hits |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut per_query_rows: Vec<(String, Vec<(usize, usize, usize, usize)>)> = Vec::new();
    let mut fetch_rows = Vec::new();
    for name in methods.split(',') {
        let setup_cpu = user_cpu_seconds();
        let setup_wall = Instant::now();
        let method = match name {
            "bigram" => Method::Bigram,
            "jieba" => Method::Jieba(jieba_rs::Jieba::new(), true),
            "jieba-nohmm" => Method::Jieba(jieba_rs::Jieba::new(), false),
            "jieba-search" => Method::JiebaSearch(jieba_rs::Jieba::new(), true),
            "jieba-search-nohmm" => Method::JiebaSearch(jieba_rs::Jieba::new(), false),
            #[cfg(feature = "charabia")]
            "charabia" => {
                use charabia::Tokenize;
                // Its segmenters and dictionaries are made on first use.
                let _ = "预热".tokenize().count();
                Method::Charabia
            }
            other => panic!("unknown method {other}"),
        };
        let setup = user_cpu_seconds() - setup_cpu;
        let _ = setup_wall;
        let mut cpu = Vec::new();
        let mut wall = Vec::new();
        for _ in 0..repeat {
            let c = user_cpu_seconds();
            let w = Instant::now();
            std::hint::black_box(segment_only(&method, &documents));
            cpu.push(user_cpu_seconds() - c);
            wall.push(w.elapsed().as_secs_f64());
        }
        let index = Index::build(&segment(&method, &documents));
        if let Some(dir) = &dump {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("{}.json", method.name())), index.json()).unwrap();
        }
        let shards = index.shards();
        let manifest_bytes: usize = shards.iter().map(|(k, _)| k.len() + 3).sum::<usize>() + 120;
        let mut fetched = Vec::new();
        let (mut hits, mut wanted, mut found_all, mut false_hits) = (0usize, 0usize, 0usize, 0usize);
        let mut recalls = Vec::new();
        let mut short = 0;
        let mut rows = Vec::new();
        for (query, truth) in queries.iter().zip(&truth) {
            let words = method.query_words(query);
            let found = index.search(&words);
            // The shards search.js loads for these words: keys that begin the word, or
            // that a word finding longer terms begins.
            let bytes: usize = shards
                .iter()
                .filter(|(key, _)| {
                    words.iter().any(|w| {
                        let longer = w.chars().count() >= 3 || w.chars().any(is_unspaced);
                        w.starts_with(key.as_str()) || (longer && key.starts_with(w.as_str()))
                    })
                })
                .map(|(_, b)| b)
                .sum();
            fetched.push(bytes as f64);
            let hit = found.iter().filter(|d| truth.binary_search(d).is_ok()).count();
            hits += hit;
            wanted += truth.len();
            found_all += found.len();
            false_hits += found.len() - hit;
            if !truth.is_empty() {
                recalls.push(hit as f64 / truth.len() as f64);
                if hit < truth.len() {
                    short += 1;
                }
            }
            rows.push((truth.len(), hit, found.len(), bytes));
        }
        println!(
            "| {} | {:.2} | {:.2} | {:.2} | {} | {} | {} | {:.4} | {:.4} | {} of {} | {:.4} | {} |",
            method.name(),
            setup,
            median(cpu),
            median(wall),
            index.terms.len(),
            index.postings(),
            index.json_bytes(),
            hits as f64 / wanted.max(1) as f64,
            recalls.iter().sum::<f64>() / recalls.len().max(1) as f64,
            short,
            recalls.len(),
            (found_all - false_hits) as f64 / found_all.max(1) as f64,
            false_hits,
        );
        let total: f64 = fetched.iter().sum();
        let mean = total / fetched.len().max(1) as f64;
        let max = fetched.iter().cloned().fold(0.0, f64::max);
        fetch_rows.push(format!(
            "| {} | {} | {} | {:.0} | {:.0} | {:.0} |",
            method.name(),
            shards.len(),
            manifest_bytes,
            median(fetched),
            mean,
            max
        ));
        per_query_rows.push((method.name().to_string(), rows));
    }
    println!();
    println!("| method | shards | manifest keys bytes | median shard bytes a query loads | mean | max |");
    println!("|---|---|---|---|---|---|");
    for row in fetch_rows {
        println!("{row}");
    }
    if per_query {
        println!();
        let mut header = "| query | containing |".to_string();
        for (name, _) in &per_query_rows {
            let _ = write!(header, " {name} found (true) KB |");
        }
        println!("{header}");
        println!("|---|---|{}", "---|".repeat(per_query_rows.len()));
        for (i, query) in queries.iter().enumerate() {
            let mut line = format!("| {query} | {} |", truth[i].len());
            for (_, rows) in &per_query_rows {
                let (_, hit, found, bytes) = rows[i];
                let _ = write!(line, " {found} ({hit}) {:.0} |", bytes as f64 / 1024.0);
            }
            println!("{line}");
        }
    }
}
