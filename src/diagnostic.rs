//! Diagnostics: every problem prepress finds in a user's files, located by file, line and
//! column. The stages collect them instead of stopping at the first one; the caller prints
//! them together (as miette reports with a snippet) and decides whether the command fails.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

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
    pub fn at(mut self, source: &Arc<str>, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let len = len.min(source.len() - offset);
        let (line, column) = line_and_column(source, offset);
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
        snippet
            .source
            .lines()
            .enumerate()
            .map(|(i, text)| (i + 1, text))
            .skip(first - 1)
            .take(self.line + around + 1 - first)
            .map(|(line, text)| (line, text.to_string()))
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
            .with_source_code(miette::NamedSource::new(name, snippet.source.to_string()))
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

/// 1-based line and column (in characters) of a byte offset.
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

/// Prints every diagnostic to stderr, errors and warnings alike, with snippets.
pub fn print_all(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{:?}", diagnostic.to_report());
    }
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
