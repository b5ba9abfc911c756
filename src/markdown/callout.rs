//! Callouts: a block quote whose first line is `[!type]`, optionally folded (`-` closed,
//! `+` open) and titled (`> [!tip]- Read this first`), as GitHub and Obsidian write
//! them; Docusaurus and MkDocs containers are rewritten into this form first
//! ([`super::dialects`]). [`Callouts`] turns pulldown-cmark's events of such a quote
//! into one HTML structure, the contract themes and tests rely on:
//!
//! ```html
//! <div class="callout callout-tip" data-callout="tip">
//!   <p class="callout-title">Title</p><div class="callout-body">…</div></div>
//! <details class="callout callout-tip" data-callout="tip" open>
//!   <summary class="callout-title">Title</summary><div class="callout-body">…</div></details>
//! ```
//!
//! The type is canonical (aliases resolved: `hint` is `tip`, `faq` is `question`); an
//! unknown type is a `note`, and is reported. The body stays Markdown.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The canonical callout types, and the names that mean each (Obsidian's, GitHub's,
/// Docusaurus's and MkDocs's).
const TYPES: &[(&str, &[&str])] = &[
    ("note", &["note", "seealso"]),
    ("abstract", &["abstract", "summary", "tldr"]),
    ("info", &["info"]),
    ("todo", &["todo"]),
    ("tip", &["tip", "hint", "important"]),
    ("success", &["success", "check", "done"]),
    ("question", &["question", "help", "faq"]),
    ("warning", &["warning", "caution", "attention"]),
    ("failure", &["failure", "fail", "missing"]),
    ("danger", &["danger", "error"]),
    ("bug", &["bug"]),
    ("example", &["example"]),
    ("quote", &["quote", "cite"]),
];

/// The canonical type a callout type name means, ignoring case.
pub fn canonical_type(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    TYPES
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map(|(canonical, _)| *canonical)
}

/// Whether a callout folds, and how it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// `[!type]-`: folded, closed at first.
    Closed,
    /// `[!type]+`: folded, open at first.
    Open,
}

/// The first line of a callout: `[!type]`, the fold sign, the title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The type as written.
    pub name: String,
    pub fold: Option<Fold>,
    pub title: Option<String>,
}

/// Reads `[!type]± Title` from the text after a quote's `>`.
pub fn marker(line: &str) -> Option<Marker> {
    let rest = line.trim_start().strip_prefix("[!")?;
    let (name, rest) = rest.split_once(']')?;
    let name = name.trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let (fold, rest) = match rest.chars().next() {
        Some('-') => (Some(Fold::Closed), &rest[1..]),
        Some('+') => (Some(Fold::Open), &rest[1..]),
        _ => (None, rest),
    };
    let title = rest.trim();
    Some(Marker {
        name: name.to_string(),
        fold,
        title: (!title.is_empty()).then(|| title.to_string()),
    })
}

/// The opening and closing HTML of a callout.
fn html(marker: &Marker, canonical: &str) -> (String, &'static str) {
    let title = match &marker.title {
        Some(title) => title.clone(),
        None => {
            let mut chars = marker.name.chars();
            chars.next().map_or(String::new(), |first| {
                first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        }
    };
    let title = crate::markdown::highlight::escape(&title);
    let class = format!("class=\"callout callout-{canonical}\" data-callout=\"{canonical}\"");
    match marker.fold {
        None => (
            format!(
                "<div {class}>\n<p class=\"callout-title\">{title}</p>\n<div class=\"callout-body\">\n"
            ),
            "</div>\n</div>\n",
        ),
        Some(fold) => {
            let open = if fold == Fold::Open { " open" } else { "" };
            (
                format!(
                    "<details {class}{open}>\n<summary class=\"callout-title\">{title}</summary>\n<div class=\"callout-body\">\n"
                ),
                "</div>\n</details>\n",
            )
        }
    }
}

/// The title of a callout from the HTML that opens it (as [`Callouts`] writes it), for
/// those who read the events: a callout titled "Practice questions" labels its list.
pub fn title_in(html: &str) -> Option<&str> {
    if !(html.starts_with("<div class=\"callout ") || html.starts_with("<details class=\"callout "))
    {
        return None;
    }
    let start = html.find("class=\"callout-title\">")? + "class=\"callout-title\">".len();
    let end = start + html[start..].find("</")?;
    Some(&html[start..end])
}

/// What the first paragraph of a callout is doing while its marker line is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstParagraph {
    /// Not inside a callout's first lines.
    Done,
    /// Dropping the events of the marker line, which ends at this offset.
    Marker(usize),
    /// The marker line is dropped; the paragraph continues on the next line and must be
    /// opened again before its next event.
    Reopen,
}

/// pulldown-cmark's events with offsets, callouts turned into their HTML.
pub struct Callouts<'a, I> {
    events: I,
    text: &'a str,
    /// For each open block quote, the HTML that closes it (`None`: a plain quote).
    open: Vec<Option<&'static str>>,
    first: FirstParagraph,
    /// An event held back while a paragraph is opened again before it.
    held: Option<(Event<'a>, Range<usize>)>,
    /// Callouts of a type prepress does not know: their offset and the type as written.
    pub unknown: Vec<(usize, String)>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Callouts<'a, I> {
    /// Wraps the events of `text` (with their offsets in it).
    pub fn new(events: I, text: &'a str) -> Self {
        Self {
            events,
            text,
            open: Vec::new(),
            first: FirstParagraph::Done,
            held: None,
            unknown: Vec::new(),
        }
    }

    /// The marker of a quote that starts at `start`, if it is a callout.
    fn marker_at(&self, start: usize) -> Option<(Marker, usize)> {
        let rest = self.text.get(start..)?;
        let line = rest.split('\n').next().unwrap_or(rest);
        let after = line.trim_start().strip_prefix('>')?;
        let found = marker(after)?;
        Some((found, start + line.len()))
    }

    fn open_quote(&mut self, range: &Range<usize>) -> Option<Event<'a>> {
        let (marker, end) = self.marker_at(range.start)?;
        let canonical = canonical_type(&marker.name).unwrap_or_else(|| {
            self.unknown.push((range.start, marker.name.clone()));
            "note"
        });
        let (open, close) = html(&marker, canonical);
        self.open.push(Some(close));
        self.first = FirstParagraph::Marker(end);
        Some(Event::Html(CowStr::from(open)))
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Callouts<'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(held) = self.held.take() {
            return Some(held);
        }
        loop {
            let (event, range) = self.events.next()?;
            if let FirstParagraph::Marker(end) = self.first {
                let is_break = matches!(event, Event::SoftBreak | Event::HardBreak);
                if range.start < end || (is_break && range.start <= end) {
                    if matches!(event, Event::End(TagEnd::Paragraph)) {
                        self.first = FirstParagraph::Done;
                    }
                    continue;
                }
                self.first = FirstParagraph::Reopen;
            }
            if self.first == FirstParagraph::Reopen {
                self.first = FirstParagraph::Done;
                // The paragraph went on past the marker line: what comes is inside it.
                if matches!(event, Event::End(TagEnd::Paragraph)) {
                    continue;
                }
                let start = range.start;
                self.held = Some((event, range));
                return Some((Event::Start(Tag::Paragraph), start..start));
            }
            match event {
                Event::Start(Tag::BlockQuote(_)) => match self.open_quote(&range) {
                    Some(html) => return Some((html, range)),
                    None => {
                        self.open.push(None);
                        return Some((event, range));
                    }
                },
                Event::End(TagEnd::BlockQuote(_)) => match self.open.pop().flatten() {
                    Some(close) => return Some((Event::Html(CowStr::from(close)), range)),
                    None => return Some((event, range)),
                },
                event => return Some((event, range)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_read_type_fold_and_title() {
        assert_eq!(
            marker(" [!tip]- Read this first"),
            Some(Marker {
                name: "tip".into(),
                fold: Some(Fold::Closed),
                title: Some("Read this first".into())
            })
        );
        assert_eq!(marker("[!NOTE]").unwrap().title, None);
        assert_eq!(marker("[!faq]+").unwrap().fold, Some(Fold::Open));
        assert_eq!(marker("[link](x)"), None);
        assert_eq!(marker("[!not a type]"), None);
        assert_eq!(marker("text [!tip]"), None);
    }

    #[test]
    fn aliases_become_their_canonical_type() {
        assert_eq!(canonical_type("HINT"), Some("tip"));
        assert_eq!(canonical_type("important"), Some("tip"));
        assert_eq!(canonical_type("faq"), Some("question"));
        assert_eq!(canonical_type("caution"), Some("warning"));
        assert_eq!(canonical_type("error"), Some("danger"));
        assert_eq!(canonical_type("cite"), Some("quote"));
        assert_eq!(canonical_type("galaxy"), None);
    }
}
