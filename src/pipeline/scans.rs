//! The pages' scans a good build made, kept for the build after an edit.
//!
//! The load stage's first pass over each page's Markdown (headings, links, tags, block
//! ids, questions and cards: [`Scanner`]) is most of its time, and a function of the
//! page's body and kind alone, once prepress and `course.toml` (which names the Q&A
//! heading words and whether highlights are clozes) are the same. So a build writes
//! every page's scan down as its load stage ends (one JSON line a page: the body's hash,
//! its kind, its scan and its questions), into a temporary file beside the cache folder
//! a few pages at a time rather than held for the end (at 100,000 pages they are a quarter of a gigabyte), and
//! a good build keeps them beside its record (`scans.jsonl`, and `scans.json` naming the record and
//! sealing the lines with a hash). The next build after an edit (`pipeline::incremental`,
//! which already requires the same prepress, `course.toml` and options) scans only the
//! bodies it has no kept scan of: the edited pages, as they are now. Lines that do not
//! read back whole, or name another record, are not read at all: every page is then
//! scanned, as in any build.
//!
//! Scanning a page also draws its Mermaid diagrams (to know they draw), which marks
//! their drawings in the drawings cache as used; a page given its kept scan draws none
//! unless it is rendered. So a build given kept scans does not prune the drawings cache
//! (`pipeline::build`): a drawing of a page it did not render is still the site's.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::markdown::Scan;
use crate::markdown::slug::content_hash;
use crate::model::{Kind, RawQuestion};
use crate::site::write::{MadeForCache, keep_sealed, make_for_cache, read_sealed, seal};
use crate::source::{Scanned, Scanner, Source};

/// The kept scans' lines, in the cache folder ...
const SCANS: &str = "scans.jsonl";
/// ... and what names their record and seals them.
const SEAL: &str = "scans.json";
/// The layout of [`SCANS`] and [`SEAL`]; files of another are not read.
const FORMAT: u32 = 3;

/// A page's line in [`SCANS`]: its body's hash, its kind, and what the scanner found,
/// as read back ...
type Line = (u64, Kind, Scan, Vec<RawQuestion>);
/// ... and as written.
type LineWritten<'s> = (u64, Kind, &'s Scan, &'s Vec<RawQuestion>);

/// Pages whose lines are made together and written before the next: both cores busy,
/// little in memory.
const LINES_AT_ONCE: usize = 512;

/// The scans a build wrote as its load stage ended (the linked course keeps none), to
/// keep when the build is recorded, sealed by the hash of their lines' hashes. `None`
/// when they could not be written.
#[derive(Debug, Default)]
pub struct ScansMade(Option<MadeForCache>);

impl ScansMade {
    /// Writes the lines of `sources`' scans, for the cache of `output`: a page given a
    /// kept scan has the line it was read from, the others are written.
    pub fn write(output: &Path, sources: &[Source], kept: Option<&KeptScans>) -> Self {
        let made = make_for_cache(output, "scans", |file| {
            let mut hashes = Vec::with_capacity(sources.len());
            for pages in sources.chunks(LINES_AT_ONCE) {
                let made: Vec<Cow<[u8]>> = pages
                    .par_iter()
                    .map(|source| line(source, kept))
                    .collect::<std::io::Result<_>>()?;
                for line in made {
                    hashes.push(content_hash(&line));
                    file.write_all(&line)?;
                }
            }
            Ok(seal(&hashes))
        });
        Self(made.ok())
    }
}

/// A page's line: the one its kept scan was read from, or its scan written.
fn line<'k>(source: &Source, kept: Option<&'k KeptScans>) -> std::io::Result<Cow<'k, [u8]>> {
    let body = content_hash(source.body().as_bytes());
    let kind = source.front_matter.kind;
    if let Some(line) = kept.and_then(|kept| kept.line(body, kind)) {
        return Ok(Cow::Borrowed(line));
    }
    let line: LineWritten = (body, kind, &source.scan, &source.questions);
    let mut line = serde_json::to_vec(&line)?;
    line.push(b'\n');
    Ok(Cow::Owned(line))
}

/// Keeps the scans a recorded build wrote beside its record (`inputs`, in hex), in the
/// cache of `output`. What cannot be kept only means the next build scans every page.
pub fn keep(output: &Path, inputs: &str, made: &ScansMade) {
    if let Some(made) = &made.0 {
        keep_sealed(output, (SCANS, SEAL), FORMAT, inputs, made);
    }
}

/// The scans the last build kept, by their body's hash and kind, with the lines they
/// were read from. Each is given once ([`KeptScans::take`]): pages with the same body
/// (empty section pages) had a line each, and each is given one.
#[derive(Debug)]
pub struct KeptScans {
    /// The lines of [`SCANS`].
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
        let (lines, sealed) = read_sealed(output, (SCANS, SEAL), FORMAT, inputs)?;
        let mut ranges = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &lines) {
            ranges.push(start..end + 1);
            start = end + 1;
        }
        if start != lines.len() {
            return None;
        }
        let read: Vec<(u64, Option<Line>, Range<usize>)> = ranges
            .into_par_iter()
            .map(|range| {
                let line = &lines[range.clone()];
                (content_hash(line), serde_json::from_slice(line).ok(), range)
            })
            .collect();
        let hashes: Vec<u64> = read.iter().map(|(hash, _, _)| *hash).collect();
        if seal(&hashes) != sealed {
            return None;
        }
        let mut scans: HashMap<(u64, Kind), Kept> = HashMap::new();
        for (_, line, range) in read {
            let (body, kind, scan, questions) = line?;
            let kept = scans.entry((body, kind)).or_insert_with(|| Kept {
                scans: Mutex::default(),
                line: range,
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
        keep(output, "abc", &ScansMade::write(output, sources, None));
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
        let seal = |made: ScansMade| made.0.map(|made| made.seal);
        let again = seal(ScansMade::write(&output, &sources, Some(&kept)));
        assert!(again.is_some());
        assert_eq!(again, seal(ScansMade::write(&output, &sources, None)));
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
        let file = crate::site::write::cache_dir(&output).join(SCANS);
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
