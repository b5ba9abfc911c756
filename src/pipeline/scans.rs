//! The pages' scans a good build made, kept for the build after an edit.
//!
//! The load stage's first pass over each page's Markdown (headings, links, tags, block
//! ids, questions and cards: [`Scanner`]) is most of its time, and a function of the
//! page's body and kind alone, once prepress and `course.toml` (which names the Q&A
//! heading words and whether highlights are clozes) are the same. So a good build keeps
//! every page's scan beside its record (`scans.jsonl`: a header naming the record and the
//! hash of the lines that follow, then one JSON line a page: the body's hash, its kind,
//! its scan and its questions), and the next build after an edit (`pipeline::incremental`,
//! which already requires the same prepress, `course.toml` and options) scans only the
//! bodies it has no kept scan of: the edited pages, as they are now. A file that does
//! not read back whole, or names another record, is not read at all: every page is then
//! scanned, as in any build.
//!
//! Scanning a page also draws its Mermaid diagrams (to know they draw), which marks
//! their drawings in the drawings cache as used; a page given its kept scan draws none
//! unless it is rendered. So a build given kept scans does not prune the drawings cache
//! (`pipeline::build`): a drawing of a page it did not render is still the site's.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::markdown::Scan;
use crate::markdown::slug::content_hash;
use crate::model::{Kind, RawQuestion};
use crate::pipeline::cache::hex;
use crate::site::write::{cache_dir, write_cached_with};
use crate::source::{Scanned, Scanner, Source};

/// The kept scans, in the cache folder.
const SCANS: &str = "scans.jsonl";
/// The layout of [`SCANS`]; a file of another is not read.
const FORMAT: u32 = 1;

/// The first line of [`SCANS`].
#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    /// The fingerprint of the build whose scans these are (its record's), in hex.
    inputs: String,
    /// The hash of everything after this line, in hex.
    lines: String,
}

/// A page's line in [`SCANS`]: its body's hash, its kind, and what the scanner found,
/// as read back ...
type Line = (u64, Kind, Scan, Vec<RawQuestion>);
/// ... and as written.
type LineWritten<'s> = (u64, Kind, &'s Scan, &'s Vec<RawQuestion>);

/// The scans of the pages a build loaded, as the lines of [`SCANS`], made as the load
/// stage ends (the linked course keeps no scan), kept when the build is recorded.
#[derive(Debug, Default)]
pub struct ScansMade(Vec<u8>);

impl ScansMade {
    /// The lines of `sources`' scans: a page given a kept scan has the line it was read
    /// from, the others are written.
    pub fn of(sources: &[Source], kept: Option<&KeptScans>) -> Self {
        let lines: Vec<Cow<[u8]>> = sources
            .par_iter()
            .filter_map(|source| {
                let body = content_hash(source.body().as_bytes());
                let kind = source.front_matter.kind;
                if let Some(line) = kept.and_then(|kept| kept.line(body, kind)) {
                    return Some(Cow::Borrowed(line));
                }
                let line: LineWritten = (body, kind, &source.scan, &source.questions);
                let mut line = serde_json::to_vec(&line).ok()?;
                line.push(b'\n');
                Some(Cow::Owned(line))
            })
            .collect();
        Self(lines.concat())
    }
}

/// Keeps a recorded build's scans, naming its record (`inputs`, in hex). A file that
/// cannot be written only means the next build scans every page.
pub fn keep(output: &Path, inputs: &str, made: &ScansMade) {
    let header = Header {
        format: FORMAT,
        inputs: inputs.to_string(),
        lines: hex(content_hash(&made.0)),
    };
    let Ok(header) = serde_json::to_vec(&header) else {
        return;
    };
    let _ = write_cached_with(output, SCANS, &mut |file| {
        file.write_all(&header)?;
        file.write_all(b"\n")?;
        file.write_all(&made.0)
    });
}

/// The scans the last build kept, by their body's hash and kind, with the lines they
/// were read from. Each is given once ([`KeptScans::take`]): pages with the same body
/// (empty section pages) had a line each, and each is given one.
#[derive(Debug)]
pub struct KeptScans {
    /// The lines of [`SCANS`] after its header.
    lines: Vec<u8>,
    scans: HashMap<(u64, Kind), Kept>,
    /// How many were given.
    taken: AtomicUsize,
}

/// The kept scans of one body and kind not given yet (one a page that had it), and
/// where the first one's line is in [`KeptScans::lines`] (with its newline).
#[derive(Debug)]
struct Kept {
    scans: Mutex<Vec<Scanned>>,
    line: Range<usize>,
}

impl KeptScans {
    /// The scans kept beside the record named `inputs` (in hex), when they read back
    /// whole.
    pub fn read(output: &Path, inputs: &str) -> Option<Self> {
        let mut lines = std::fs::read(cache_dir(output).join(SCANS)).ok()?;
        let end = memchr::memchr(b'\n', &lines)?;
        let header: Header = serde_json::from_slice(&lines[..end]).ok()?;
        lines.drain(..=end);
        let whole = header.format == FORMAT
            && header.inputs == inputs
            && header.lines == hex(content_hash(&lines));
        if !whole {
            return None;
        }
        let mut ranges = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &lines) {
            ranges.push(start..end + 1);
            start = end + 1;
        }
        let read: Option<Vec<(Line, Range<usize>)>> = ranges
            .into_par_iter()
            .map(|line| Some((serde_json::from_slice(&lines[line.clone()]).ok()?, line)))
            .collect();
        let mut scans: HashMap<(u64, Kind), Kept> = HashMap::new();
        for ((body, kind, scan, questions), line) in read? {
            let kept = scans.entry((body, kind)).or_insert_with(|| Kept {
                scans: Mutex::default(),
                line,
            });
            kept.scans.get_mut().ok()?.push((scan, questions));
        }
        Some(Self {
            scans,
            lines,
            taken: AtomicUsize::new(0),
        })
    }

    /// A kept scan of `body` as a page of `kind`, not given before.
    fn take(&self, body: &str, kind: Kind) -> Option<Scanned> {
        let kept = self.scans.get(&(content_hash(body.as_bytes()), kind))?;
        let found = kept.scans.lock().ok()?.pop()?;
        self.taken.fetch_add(1, Ordering::Relaxed);
        Some(found)
    }

    /// The line the scan of a body (by its hash) as a page of `kind` was read from.
    fn line(&self, body: u64, kind: Kind) -> Option<&[u8]> {
        let kept = self.scans.get(&(body, kind))?;
        Some(&self.lines[kept.line.clone()])
    }

    /// How many kept scans were given.
    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }
}

/// A scanner that gives a kept scan when there is one for the body, and scans it with
/// `scanner` when not.
pub struct ReusingKept<'a, S> {
    /// What scans a body with no kept scan.
    pub scanner: S,
    /// The kept scans, when the last build's are at hand.
    pub kept: Option<&'a KeptScans>,
}

impl<S: Scanner> Scanner for ReusingKept<'_, S> {
    fn scan(&self, body: &str, kind: Kind) -> Scanned {
        match self.kept.and_then(|kept| kept.take(body, kind)) {
            Some(found) => found,
            None => self.scanner.scan(body, kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prep::questions::QuestionScanner;
    use crate::source::parse_source;
    use std::sync::Arc;

    /// A page with something of everything a scan finds.
    const PAGE: &str = "---\ntitle: Caches\n---\n<head>\n  <title>Caches, kept</title>\n</head>\n\n\
        # Caches\n\nA formula that does not read: $\\undefinedcommand$.\n\n\
        See [[Queues#Back pressure|the queue]], \
        [the guide](../guide.md) and ![a chart](chart.png). #review\n\n\
        A paragraph with an id. ^first\n\n> [!wat] An unknown callout\n\n\
        ## Question\n\nWhat is a write-through cache?\n\n## Answer\n\nOne that writes both.\n\n\
        Interview questions:\n\n- Tell me about a time you chose a cache.\n\n\
        The {{c1::origin}} serves a miss.\n\nFront::Back\n";

    fn scanner() -> QuestionScanner {
        let config = crate::config::CourseConfig::parse(Path::new("course.toml"), "title = \"T\"");
        QuestionScanner::for_course(&config.unwrap())
    }

    fn source(text: &str, scanner: &dyn Scanner) -> Source {
        let path = std::path::PathBuf::from("content/a/caches.md");
        parse_source(path, "a/caches.md".to_string(), Arc::from(text), scanner)
            .0
            .expect("the page parses")
    }

    fn kept_and_read_back(output: &Path, sources: &[Source]) -> Option<KeptScans> {
        keep(output, "abc", &ScansMade::of(sources, None));
        KeptScans::read(output, "abc")
    }

    #[test]
    fn a_kept_scan_is_the_scan_made_again() {
        let scanner = scanner();
        let made = source(PAGE, &scanner);
        assert!(!made.scan.problems.is_empty() && made.questions.len() >= 3);
        assert!(!made.scan.blocks.is_empty() && !made.scan.tags.is_empty());
        assert!(made.scan.head_title.is_some());
        assert!(made.scan.problems.iter().any(|problem| problem.is_error));
        assert!(made.scan.problems.iter().any(|problem| !problem.is_error));
        let folder = tempfile::tempdir().unwrap();
        let output = folder.path().join("output");
        let kept =
            kept_and_read_back(&output, std::slice::from_ref(&made)).expect("the scans read back");
        let reusing = ReusingKept {
            scanner: (),
            kept: Some(&kept),
        };
        // `()` finds no questions: the questions come from the kept scan.
        let given = source(PAGE, &reusing);
        assert_eq!(kept.taken(), 1);
        assert_eq!(given.scan, made.scan);
        assert_eq!(given.questions, made.questions);
        // The lines kept again are those written from the scans.
        let sources = [given];
        let again = ScansMade::of(&sources, Some(&kept));
        assert_eq!(again.0, ScansMade::of(&sources, None).0);
        // Once: a second page with the same body is scanned.
        assert!(source(PAGE, &reusing).questions.is_empty());
        // Another body, or the same as another kind, is scanned.
        let other = PAGE.replace("chose", "picked");
        assert!(source(&other, &reusing).questions.is_empty());
        let principle = PAGE.replace("title: Caches", "title: Caches\nkind: principle");
        let kept = kept_and_read_back(&output, std::slice::from_ref(&made)).unwrap();
        let reusing = ReusingKept {
            scanner: (),
            kept: Some(&kept),
        };
        source(&principle, &reusing);
        assert_eq!(kept.taken(), 0);
    }

    #[test]
    fn pages_with_the_same_body_are_each_given_a_kept_scan() {
        let made = source(PAGE, &scanner());
        let folder = tempfile::tempdir().unwrap();
        let output = folder.path().join("output");
        let kept = kept_and_read_back(&output, &[made.clone(), made.clone()]).unwrap();
        let reusing = ReusingKept {
            scanner: (),
            kept: Some(&kept),
        };
        for _ in 0..3 {
            source(PAGE, &reusing);
        }
        assert_eq!(kept.taken(), 2);
    }

    #[test]
    fn scans_of_another_record_or_changed_are_not_read() {
        let scanner = scanner();
        let made = source(PAGE, &scanner);
        let folder = tempfile::tempdir().unwrap();
        let output = folder.path().join("output");
        assert!(kept_and_read_back(&output, std::slice::from_ref(&made)).is_some());
        assert!(
            KeptScans::read(&output, "abd").is_none(),
            "another record's"
        );
        let file = cache_dir(&output).join(SCANS);
        let whole = std::fs::read(&file).unwrap();
        // Still JSON, a heading's text changed.
        let text = String::from_utf8(whole.clone()).unwrap();
        std::fs::write(&file, text.replacen("\"Caches\"", "\"Cachez\"", 1)).unwrap();
        assert!(KeptScans::read(&output, "abc").is_none(), "changed");
        std::fs::write(&file, &whole[..whole.len() - 10]).unwrap();
        assert!(KeptScans::read(&output, "abc").is_none(), "cut short");
        std::fs::write(&file, &whole).unwrap();
        assert!(KeptScans::read(&output, "abc").is_some(), "whole again");
    }
}
