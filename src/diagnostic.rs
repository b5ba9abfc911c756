//! Diagnostics: every problem prepress finds in a user's files, located by file, line and
//! column. The stages collect them instead of stopping at the first one; the caller prints
//! them together (as miette reports with a snippet) and decides whether the command fails.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex, Weak};

use serde::Serialize;

/// A diagnostic's code (`front-matter`). Named, so a serialisable type can hold one:
/// serde's derive takes a field written `&str` to borrow from the input it reads.
pub type Code = &'static str;

/// A diagnostic's code read back from a cache, which must be `'static`: the codes are a
/// small fixed vocabulary, so each is kept once for the life of the process.
pub fn interned_code(code: String) -> &'static str {
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

/// Reads a diagnostic's code (`#[serde(deserialize_with)]`): see [`interned_code`].
pub fn deserialize_code<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Code, D::Error> {
    <String as serde::Deserialize>::deserialize(deserializer).map(interned_code)
}

/// How serious a diagnostic is: errors fail the command, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, with its position when there is one.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the course root where possible.
    pub file: PathBuf,
    /// 1-based line in the file; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown.
    pub column: usize,
    /// A short stable name for the kind of problem, e.g. `front-matter`.
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    /// The file's text and the byte range to underline, for the snippet.
    #[serde(skip)]
    pub snippet: Option<Box<Snippet>>,
}

/// The text a diagnostic points into and the byte range it points at.
#[derive(Debug, Clone)]
pub struct Snippet {
    pub source: Arc<str>,
    pub offset: usize,
    pub len: usize,
}

impl Diagnostic {
    /// An error about a whole file (no position).
    pub fn error(file: impl Into<PathBuf>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            code,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    /// A warning about a whole file (no position).
    pub fn warning(
        file: impl Into<PathBuf>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, code, message)
        }
    }

    /// Points the diagnostic at a byte offset of `source`, filling in line and column.
    /// Many diagnostics in one text cost a line index of it, made once (see
    /// [`LineIndex::of`]), not a count from its start each.
    pub fn at(mut self, source: &Arc<str>, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let len = len.min(source.len() - offset);
        let (line, column) = LineIndex::of(source).line_and_column(source, offset);
        self.line = line;
        self.column = column;
        self.snippet = Some(Box::new(Snippet {
            source: Arc::clone(source),
            offset,
            len,
        }));
        self
    }

    /// Sets the position without a snippet (for files whose text is not at hand).
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Adds a hint: what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, leaving out what is unknown.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }

    /// The lines around the problem (line number, text), for the dev server's overlay.
    pub fn context_lines(&self, around: usize) -> Vec<(usize, String)> {
        let Some(snippet) = &self.snippet else {
            return Vec::new();
        };
        let first = self.line.saturating_sub(around).max(1);
        let start = LineIndex::of(&snippet.source).line_start(&snippet.source, first);
        snippet.source[start..]
            .lines()
            .zip(first..)
            .take(self.line + around + 1 - first)
            .map(|(text, line)| (line, text.to_string()))
            .collect()
    }

    /// A miette report for the terminal: the message, the location and a snippet.
    pub fn to_report(&self) -> miette::Report {
        let severity = match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let mut diagnostic =
            miette::MietteDiagnostic::new(format!("{}: {}", self.location(), self.message))
                .with_severity(severity)
                .with_code(self.code);
        if let Some(hint) = &self.hint {
            diagnostic = diagnostic.with_help(hint.clone());
        }
        let Some(snippet) = &self.snippet else {
            return miette::Report::new(diagnostic);
        };
        diagnostic = diagnostic.with_label(miette::LabeledSpan::at(
            snippet.offset..snippet.offset + snippet.len,
            "here",
        ));
        let name = self.file.display().to_string();
        miette::Report::new(diagnostic)
            .with_source_code(miette::NamedSource::new(name, Arc::clone(&snippet.source)))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Where each line of a text starts: the line and column of any offset in the time it
/// takes to find the line (a binary search) and count the characters before it on its
/// line, counted on from the last offset asked for when that was earlier on the line.
#[derive(Debug)]
pub struct LineIndex {
    /// The byte offset of each line's start; the first is 0.
    starts: Vec<usize>,
    /// The last offset asked for and its column.
    last: Cell<(usize, usize)>,
}

impl LineIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self {
            starts,
            last: Cell::new((0, 1)),
        }
    }

    /// The index of `source`, shared by every diagnostic this thread points into it in a
    /// row (the last text's index is kept, by the address of its `Arc`, which cannot be
    /// reused while the kept `Weak` lives).
    pub fn of(source: &Arc<str>) -> Rc<LineIndex> {
        thread_local! {
            static LAST: RefCell<Option<(Weak<str>, Rc<LineIndex>)>> = const { RefCell::new(None) };
        }
        LAST.with_borrow_mut(|last| match last {
            Some((text, index)) if text.ptr_eq(&Arc::downgrade(source)) => Rc::clone(index),
            _ => {
                let index = Rc::new(LineIndex::new(source));
                *last = Some((Arc::downgrade(source), Rc::clone(&index)));
                index
            }
        })
    }

    /// 1-based line and column (in characters) of a byte offset of `text`, the text this
    /// index was made of.
    pub fn line_and_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let column = if (line_start..=offset).contains(&last_offset) {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[line_start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        (line, column)
    }

    /// Byte offset of the start of a 1-based line (the text's end when past the last
    /// line).
    pub fn line_start(&self, text: &str, line: usize) -> usize {
        self.starts
            .get(line.max(1) - 1)
            .copied()
            .unwrap_or(text.len())
    }
}

/// 1-based line and column (in characters) of a byte offset; for one offset of a text
/// (many use a [`LineIndex`]).
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset.min(text.len()))];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of the start of a 1-based line (the text's end when past the last line).
pub fn line_start_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The path of `file` relative to `root`, for messages.
pub fn relative_to(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root).unwrap_or(file).to_path_buf()
}

/// How many diagnostics of one code in one file are printed; the rest are counted in
/// one line (`check --format json` lists them all).
pub const PRINTED_PER_FILE_AND_CODE: usize = 20;

/// Prints the diagnostics to stderr, errors and warnings alike, with snippets: the first
/// [`PRINTED_PER_FILE_AND_CODE`] of each code in each file, then how many more there are.
pub fn print_all(diagnostics: &[Diagnostic]) {
    for line in printed(diagnostics) {
        eprintln!("{line}");
    }
}

/// The lines [`print_all`] prints.
fn printed(diagnostics: &[Diagnostic]) -> Vec<String> {
    let (shown, more) = shown(diagnostics);
    let mut lines: Vec<String> = shown
        .into_iter()
        .map(|diagnostic| format!("{:?}", diagnostic.to_report()))
        .collect();
    lines.extend(more.into_iter().map(|more| format!("  ... {more}")));
    lines
}

/// What is shown of many diagnostics, in the terminal and in `serve`'s overlay: the
/// first [`PRINTED_PER_FILE_AND_CODE`] of each code in each file, in order, and for each
/// code and file with more, a line saying how many more.
pub fn shown(diagnostics: &[Diagnostic]) -> (Vec<&Diagnostic>, Vec<String>) {
    let mut seen: HashMap<(&Path, &str), usize> = HashMap::new();
    let mut over: Vec<(&Path, &str)> = Vec::new();
    let mut shown = Vec::new();
    for diagnostic in diagnostics {
        let key = (diagnostic.file.as_path(), diagnostic.code);
        let count = seen.entry(key).or_insert(0);
        *count += 1;
        if *count <= PRINTED_PER_FILE_AND_CODE {
            shown.push(diagnostic);
        } else if *count == PRINTED_PER_FILE_AND_CODE + 1 {
            over.push(key);
        }
    }
    let more = over
        .into_iter()
        .map(|(file, code)| {
            let left = seen[&(file, code)] - PRINTED_PER_FILE_AND_CODE;
            format!(
                "and {left} more `{code}` in {} (`prepress check --format json` lists every one)",
                file.display()
            )
        })
        .collect();
    (shown, more)
}

/// Orders diagnostics by file and position, so reports read top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\nçd\nx";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 3), (2, 1));
        assert_eq!(line_and_column(text, 5), (2, 2));
        assert_eq!(line_and_column(text, 7), (3, 1));
    }

    #[test]
    fn a_line_index_agrees_with_counting_from_the_start() {
        let text = "ab\nçd é\n\nx\r\nlast line ü";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).collect();
        for &offset in offsets.iter().chain(offsets.iter().rev()) {
            assert_eq!(
                index.line_and_column(text, offset),
                line_and_column(text, offset),
                "{offset}"
            );
        }
        for line in 0..8 {
            assert_eq!(index.line_start(text, line), line_start_offset(text, line));
        }
    }

    #[test]
    fn many_diagnostics_in_one_text_share_its_index() {
        let source: Arc<str> = Arc::from("x\n".repeat(1000));
        let first = LineIndex::of(&source);
        let diagnostic = Diagnostic::error("f.md", "x", "m").at(&source, 1500, 1);
        assert_eq!((diagnostic.line, diagnostic.column), (751, 1));
        assert!(Rc::ptr_eq(&first, &LineIndex::of(&source)));
        let other: Arc<str> = Arc::from("x\n".repeat(1000));
        assert!(!Rc::ptr_eq(&first, &LineIndex::of(&other)));
    }

    #[test]
    fn many_of_a_kind_in_a_file_are_counted_after_the_first_ones() {
        let source: Arc<str> = Arc::from("x\n".repeat(100));
        let mut diagnostics: Vec<Diagnostic> = (0..50)
            .map(|i| Diagnostic::warning("a.md", "mojibake", format!("m{i}")).at(&source, i * 2, 1))
            .collect();
        diagnostics
            .extend((0..3).map(|i| Diagnostic::warning("a.md", "broken-anchor", format!("b{i}"))));
        diagnostics.extend((0..25).map(|i| Diagnostic::error("b.md", "mojibake", format!("c{i}"))));
        let lines = printed(&diagnostics);
        assert_eq!(lines.len(), 20 + 3 + 20 + 2, "{lines:#?}");
        assert!(lines[19].contains("m19") && !lines.iter().any(|l| l.contains("m20")));
        assert!(
            lines[43].contains("and 30 more `mojibake` in a.md"),
            "{}",
            lines[43]
        );
        assert!(
            lines[44].contains("and 5 more `mojibake` in b.md"),
            "{}",
            lines[44]
        );
    }

    #[test]
    fn context_lines_surround_the_problem() {
        let source: Arc<str> = Arc::from("one\ntwo\nthree\nfour\nfive\n");
        let diagnostic = Diagnostic::error("f.md", "x", "m").at(&source, 8, 1);
        assert_eq!(diagnostic.line, 3);
        let lines: Vec<usize> = diagnostic
            .context_lines(1)
            .iter()
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(lines, [2, 3, 4]);
        assert_eq!(diagnostic.context_lines(1)[1].1, "three");
    }

    #[test]
    fn line_start_offsets() {
        let text = "a\nbb\nccc";
        assert_eq!(line_start_offset(text, 1), 0);
        assert_eq!(line_start_offset(text, 2), 2);
        assert_eq!(line_start_offset(text, 3), 5);
        assert_eq!(line_start_offset(text, 9), text.len());
    }
}
