//! What other tools write that is not CommonMark, made Markdown before parsing:
//!
//! - Docusaurus/VitePress containers (`:::tip Title` … `:::`, `:::note[Title]`, nested
//!   by longer fences) and MkDocs admonitions (`!!! note "Title"` with an indented body,
//!   `??? note` folded and closed, `???+ note` folded and open) become the callout form
//!   GitHub and Obsidian use (`> [!tip] Title`, each body line quoted), so that one
//!   parser ([`super::callout`]) reads them all;
//! - what MDX leaves behind: top-level `import … from '…'` and `export …` lines and a
//!   `<head>…</head>` block are dropped (its `<title>` is kept for the page title),
//!   `<Tabs>` go and each `<TabItem label="A">` becomes a labelled part with its body
//!   un-indented, and a line that is only another component (`<InDocAd />`) is dropped,
//!   each reported.
//!
//! Cards other tools write inside notes (Anki's `{{c1::cloze}}`, the Obsidian Spaced
//! Repetition plugin's `Front::Back`, `Front:::Back` and `?` cards, `==highlights==`) are
//! read per paragraph from the parsed events instead ([`Inline::card_syntax`]), so code,
//! math and links keep theirs, and [`render_cards`] shows them in the page.
//!
//! Lines inside code blocks are left alone. [`Rewritten::original`] maps an offset in
//! the rewritten text back to the file, so diagnostics point at what the author wrote.

use std::borrow::Cow;

/// A body with its containers rewritten, and how its lines moved.
#[derive(Debug)]
pub struct Rewritten<'a> {
    pub text: Cow<'a, str>,
    /// For each rewritten line: where it starts now and in the original, and how many
    /// bytes of prefix were removed and added at its start.
    lines: Vec<Line>,
    /// The `<title>` of a `<head>` block.
    pub head_title: Option<String>,
    /// What was dropped, for warnings: offset in the original body, code, message.
    pub dropped: Vec<(usize, &'static str, String)>,
    /// How many containers became callouts.
    pub containers: usize,
}

/// How a Docusaurus tab's label is written: for the page (HTML with a class the theme
/// styles) or for a Markdown file (`prepress import`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labels {
    Html,
    Markdown,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    original: usize,
    /// Where the original line ends (its line end included): no offset maps past it.
    original_end: usize,
    removed: usize,
    added: usize,
    /// The line was replaced whole (an opening or closing fence).
    replaced: bool,
}

impl Rewritten<'_> {
    /// The offset in the original body of an offset in the rewritten one.
    pub fn original(&self, offset: usize) -> usize {
        if self.lines.is_empty() {
            return offset;
        }
        let index = self
            .lines
            .partition_point(|line| line.start <= offset)
            .saturating_sub(1);
        let line = self.lines[index];
        if line.replaced {
            return line.original;
        }
        let into = offset.saturating_sub(line.start).saturating_sub(line.added);
        (line.original + line.removed + into).min(line.original_end)
    }
}

/// An open container.
#[derive(Debug, Clone, Copy)]
enum Open {
    /// `:::` with this many colons.
    Fence(usize),
    /// `!!!`/`???` whose body is indented at least this many columns.
    Indented(usize),
}

/// Rewrites the containers of a body for the page; borrows it when it has none.
pub fn rewrite(body: &str) -> Rewritten<'_> {
    rewrite_with(body, Labels::Html)
}

/// Rewrites the containers of a body, its tab labels written as `labels` says.
pub fn rewrite_with(body: &str, labels: Labels) -> Rewritten<'_> {
    let has_any = body.lines().any(|line| {
        let trimmed = line.trim_start();
        trimmed.starts_with(":::")
            || trimmed.starts_with("!!! ")
            || trimmed.starts_with("???")
            || line.starts_with("import ")
            || line.starts_with("export ")
            || trimmed.starts_with("<head")
            || (trimmed.starts_with('<')
                && trimmed[1..]
                    .trim_start_matches('/')
                    .starts_with(|c: char| c.is_ascii_uppercase()))
    });
    if !has_any {
        return Rewritten {
            text: Cow::Borrowed(body),
            lines: Vec::new(),
            head_title: None,
            dropped: Vec::new(),
            containers: 0,
        };
    }
    let mut containers = 0;
    let mut mdx = Mdx::default();
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut lines = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut code_fence: Option<(char, usize)> = None;
    let mut original = 0;
    for raw in body.split_inclusive('\n') {
        let ending = if raw.ends_with('\n') { "\n" } else { "" };
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line_start = original;
        original += raw.len();
        // Indented containers end at the first line, not blank, indented less.
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut closed = false;
        if code_fence.is_none() && !line.trim().is_empty() {
            while let Some(Open::Indented(needed)) = open.last() {
                if indent >= *needed {
                    break;
                }
                open.pop();
                closed = true;
            }
        }
        // After a container closes, a line that ends the quote keeps what follows out of
        // it (the next line may open a callout of its own).
        let separator = match closed {
            true => format!("{}\n", "> ".repeat(open.len()).trim_end()),
            false => String::new(),
        };
        let removed = match open.last() {
            Some(Open::Indented(needed)) => indent.min(*needed),
            _ => 0,
        };
        let inner = &line[removed..];
        let quote = "> ".repeat(open.len());
        let mut push = |out: &mut String, text: &str, added: usize, removed: usize, replaced| {
            lines.push(Line {
                start: out.len(),
                original: line_start,
                original_end: original,
                removed,
                added: added + separator.len(),
                replaced,
            });
            out.push_str(&separator);
            out.push_str(text);
            out.push_str(ending);
        };
        // Code is left alone, quoted like the lines around it.
        let in_code = match code_fence {
            Some((fence, length)) => {
                if closes_code(inner, fence, length) {
                    code_fence = None;
                }
                true
            }
            None => {
                code_fence = opens_code(inner);
                code_fence.is_some()
            }
        };
        if in_code {
            let text = format!("{quote}{inner}");
            push(&mut out, &text, quote.len(), removed, false);
            continue;
        }
        match mdx.line(inner, line_start + removed, open.is_empty() && removed == 0) {
            MdxLine::Keep => {}
            MdxLine::Drop => {
                push(&mut out, quote.trim_end(), 0, line.len(), true);
                continue;
            }
            MdxLine::Label(label) => {
                let html = match labels {
                    Labels::Html => {
                        format!(
                            "<p class=\"tab-label\">{}</p>\n",
                            super::highlight::escape(&label)
                        )
                    }
                    Labels::Markdown => format!("**{}**\n", markdown_escape(&label)),
                };
                push(
                    &mut out,
                    &format!("{quote}{html}{}", quote.trim_end()),
                    0,
                    line.len(),
                    true,
                );
                continue;
            }
            MdxLine::Dedent(by) => {
                let by = by.min(inner.len() - inner.trim_start_matches(' ').len());
                let inner = &inner[by..];
                push(
                    &mut out,
                    &format!("{quote}{inner}"),
                    quote.len(),
                    removed + by,
                    false,
                );
                continue;
            }
        }
        if let Some((colons, name, title)) = fence_opening(inner) {
            let marker = marker_line(&quote, name, None, title);
            push(&mut out, &marker, 0, 0, true);
            open.push(Open::Fence(colons));
            containers += 1;
            continue;
        }
        if let Some(colons) = fence_closing(inner)
            && open.iter().any(|o| matches!(o, Open::Fence(_)))
        {
            while let Some(last) = open.pop() {
                if matches!(last, Open::Fence(n) if n <= colons) {
                    break;
                }
            }
            let outer = "> ".repeat(open.len());
            push(&mut out, outer.trim_end(), 0, 0, true);
            continue;
        }
        if let Some((fold, name, title)) = admonition_opening(inner) {
            let marker = marker_line(&quote, name, fold, title);
            push(&mut out, &marker, 0, 0, true);
            let own_indent = inner.len() - inner.trim_start_matches(' ').len();
            open.push(Open::Indented(removed + own_indent + 4));
            containers += 1;
            continue;
        }
        if inner.trim().is_empty() {
            push(&mut out, quote.trim_end(), 0, line.len(), false);
        } else {
            push(
                &mut out,
                &format!("{quote}{inner}"),
                quote.len(),
                removed,
                false,
            );
        }
    }
    Rewritten {
        text: Cow::Owned(out),
        lines,
        head_title: mdx.head_title,
        dropped: mdx.dropped,
        containers,
    }
}

/// Text as Markdown text: every ASCII punctuation character escaped.
fn markdown_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// What MDX handling does with a line.
enum MdxLine {
    Keep,
    Drop,
    /// A tab's label, shown as a labelled part.
    Label(String),
    /// A line of a tab's body, un-indented by this much.
    Dedent(usize),
}

/// The MDX state of a rewrite.
#[derive(Default)]
struct Mdx {
    in_head: bool,
    head_title: Option<String>,
    /// For each open `<TabItem>`, how far its body is un-indented (once known).
    tabs: Vec<Option<usize>>,
    imports_reported: bool,
    dropped: Vec<(usize, &'static str, String)>,
}

impl Mdx {
    /// Decides what becomes of a line (outside code) starting at `offset`.
    fn line(&mut self, line: &str, offset: usize, top_level: bool) -> MdxLine {
        let trimmed = line.trim();
        if self.in_head {
            self.take_title(trimmed);
            self.in_head = !trimmed.contains("</head>");
            return MdxLine::Drop;
        }
        if trimmed.starts_with("<head>") || trimmed.starts_with("<head ") {
            self.take_title(trimmed);
            self.in_head = !trimmed.contains("</head>");
            return MdxLine::Drop;
        }
        if top_level && is_module_line(line) {
            if !self.imports_reported {
                self.imports_reported = true;
                let message = "an MDX import or export line is left out of the page".to_string();
                self.dropped.push((offset, "mdx-import", message));
            }
            return MdxLine::Drop;
        }
        if let Some((closing, name, attributes)) = component_tag(trimmed) {
            return self.component(closing, name, attributes, offset);
        }
        match self.tabs.last_mut() {
            Some(dedent) if !trimmed.is_empty() => {
                let indent = line.len() - line.trim_start_matches(' ').len();
                MdxLine::Dedent(*dedent.get_or_insert(indent))
            }
            _ => MdxLine::Keep,
        }
    }

    fn component(&mut self, closing: bool, name: &str, attributes: &str, offset: usize) -> MdxLine {
        match (name, closing) {
            ("Tabs", _) => MdxLine::Drop,
            ("TabItem", false) => {
                self.tabs.push(None);
                let label =
                    attribute(attributes, "label").or_else(|| attribute(attributes, "value"));
                label.map_or(MdxLine::Drop, |label| MdxLine::Label(label.to_string()))
            }
            ("TabItem", true) => {
                self.tabs.pop();
                MdxLine::Drop
            }
            (name, false) => {
                let message = format!("the MDX component <{name}> is left out of the page");
                self.dropped.push((offset, "mdx-component", message));
                MdxLine::Drop
            }
            (_, true) => MdxLine::Drop,
        }
    }

    fn take_title(&mut self, line: &str) {
        if let Some(start) = line.find("<title>") {
            let rest = &line[start + "<title>".len()..];
            let title = rest.split("</title>").next().unwrap_or(rest).trim();
            if !title.is_empty() {
                self.head_title = Some(title.to_string());
            }
        }
    }
}

/// An ES module line MDX runs and Markdown would show: `import X from './x'`,
/// `import './style.css'`, `export const meta = …`.
fn is_module_line(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix("import ") {
        let rest = rest.trim_end().trim_end_matches(';');
        let quoted = |s: &str| {
            (s.starts_with('\'') && s.ends_with('\'')) || (s.starts_with('"') && s.ends_with('"'))
        };
        return match rest.rsplit_once(" from ") {
            Some((_, from)) => quoted(from.trim()),
            None => quoted(rest.trim()) && rest.trim().len() > 1,
        };
    }
    let Some(rest) = line.strip_prefix("export ") else {
        return false;
    };
    [
        "const ",
        "let ",
        "var ",
        "function ",
        "default ",
        "{",
        "async function ",
    ]
    .iter()
    .any(|start| rest.starts_with(start))
}

/// A line that is one JSX component tag (`<Tabs>`, `</TabItem>`, `<InDocAd />`): whether
/// it closes, the component's name and its attributes.
fn component_tag(line: &str) -> Option<(bool, &str, &str)> {
    let inner = line.strip_prefix('<')?.strip_suffix('>')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    let component = name.starts_with(|c: char| c.is_ascii_uppercase());
    let single = !inner.contains("</") && !inner.contains("><");
    (component && single).then(|| (closing, name, &inner[name_end..]))
}

/// The component an inline tag opens or closes (`<Highlight color="x">`, `</Highlight>`):
/// a name in PascalCase, which no HTML element has (`<DIV>` is HTML).
pub fn inline_component(html: &str) -> Option<&str> {
    let rest = html.strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.contains(|c: char| c.is_ascii_lowercase());
    pascal.then_some(name)
}

/// The value of `name="…"` (or `'…'`) among a tag's attributes.
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attributes;
    while let Some(at) = rest.find(name) {
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            return value[1..].split(quote).next();
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// `> [!type]± Title` at the current depth.
fn marker_line(quote: &str, name: &str, fold: Option<char>, title: &str) -> String {
    let fold = fold.map(String::from).unwrap_or_default();
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" {title}")
    };
    format!("{quote}> [!{name}]{fold}{title}")
}

/// `:::tip Title`, `:::note[Title]`: the colons, the type, the title.
fn fence_opening(line: &str) -> Option<(usize, &str, &str)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let colons = trimmed.len() - trimmed.trim_start_matches(':').len();
    if colons < 3 {
        return None;
    }
    let rest = trimmed[colons..].trim_start();
    let name_end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let (name, rest) = rest.split_at(name_end);
    if name.is_empty() {
        return None;
    }
    let title = match rest.strip_prefix('[') {
        Some(label) => label.split(']').next().unwrap_or(""),
        None => rest,
    };
    Some((colons, name, title.trim()))
}

/// A line of colons only (three or more): how many.
fn fence_closing(line: &str) -> Option<usize> {
    let trimmed = line.trim();
    (trimmed.len() >= 3 && trimmed.chars().all(|c| c == ':')).then_some(trimmed.len())
}

/// `!!! note "Title"`, `??? note`, `???+ note`: the fold sign, the type, the title.
fn admonition_opening(line: &str) -> Option<(Option<char>, &str, &str)> {
    let trimmed = line.trim_start();
    let (fold, rest) = if let Some(rest) = trimmed.strip_prefix("???+") {
        (Some('+'), rest)
    } else if let Some(rest) = trimmed.strip_prefix("???") {
        (Some('-'), rest)
    } else {
        (None, trimmed.strip_prefix("!!!")?)
    };
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim();
    let (name, title) = rest.split_once(' ').unwrap_or((rest, ""));
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return None;
    }
    let title = title.trim();
    let title = title
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(title);
    Some((fold, name, title))
}

/// A code fence opening (```` ``` ```` or `~~~`, three or more): its character and length.
fn opens_code(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let fence = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.len() - trimmed.trim_start_matches(fence).len();
    (length >= 3).then_some((fence, length))
}

fn closes_code(line: &str, fence: char, length: usize) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= length && trimmed.chars().all(|c| c == fence)
}

// ---------- Cards: Anki's clozes and the Obsidian Spaced Repetition plugin's cards ----------

/// A paragraph's inline text as one string, with the parts no card syntax is read in
/// (code, math, HTML, link text, URLs) marked dead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    /// Byte ranges of `text` that are shown as written and never read as card syntax.
    dead: Vec<std::ops::Range<usize>>,
    /// Byte ranges of `text` that are Markdown as written (code, math, HTML): the rest
    /// is text as shown, its escapes and entities decoded.
    markup: Vec<std::ops::Range<usize>>,
    /// How many links or images the next event is inside.
    in_links: usize,
}

/// A cloze deletion in an [`Inline`]: `{{c2::text::hint}}`, or `==text==` read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cloze {
    /// The whole mark, braces included.
    pub range: std::ops::Range<usize>,
    pub number: u32,
    /// The deleted text.
    pub answer: std::ops::Range<usize>,
    pub hint: Option<std::ops::Range<usize>>,
}

/// A one-line card's line: its front, its separator (`::`, `:::` reversed), its back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardLine {
    pub line: std::ops::Range<usize>,
    pub front: std::ops::Range<usize>,
    pub separator: std::ops::Range<usize>,
    pub back: std::ops::Range<usize>,
    pub reversed: bool,
}

/// What card syntax a paragraph holds, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardSyntax {
    None,
    /// A sentence with cloze deletions: one note, a card per number.
    Clozes(Vec<Cloze>),
    /// Lines above a line `?` (`??` reversed) and lines below it.
    MultiLine {
        front: std::ops::Range<usize>,
        /// From the end of the front to the start of the back: the `?` line.
        separator: std::ops::Range<usize>,
        back: std::ops::Range<usize>,
        reversed: bool,
    },
    /// Lines `Front::Back` (each a card) among the paragraph's other lines.
    Lines(Vec<CardLine>),
}

impl Inline {
    /// Text that may hold card syntax.
    pub fn push_live(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Markdown shown as written (code, math, HTML): dead, and kept as Markdown.
    fn push_markup(&mut self, text: &str) {
        let start = self.text.len();
        self.push_dead(text);
        if !text.is_empty() {
            self.markup.push(start..self.text.len());
        }
    }

    /// The range of `text` as Markdown that shows it again: text as shown with every
    /// character Markdown or HTML would read escaped (`&lt;table&gt;` was decoded to
    /// `<table>`, which must stay text), code, math and HTML as written.
    pub fn markdown(&self, range: std::ops::Range<usize>) -> String {
        let mut out = String::with_capacity(range.len() + 8);
        let mut at = range.start;
        let first = self
            .markup
            .partition_point(|markup| markup.end <= range.start);
        for markup in &self.markup[first..] {
            if markup.start >= range.end {
                break;
            }
            let start = markup.start.max(at);
            escape_markdown(&self.text[at..start], &mut out);
            let end = markup.end.min(range.end);
            out.push_str(&self.text[start..end]);
            at = end;
        }
        escape_markdown(&self.text[at..range.end.max(at)], &mut out);
        out
    }

    /// Text shown as written (code, math, HTML, link text).
    pub fn push_dead(&mut self, text: &str) {
        let start = self.text.len();
        self.text.push_str(text);
        if !text.is_empty() {
            self.dead.push(start..self.text.len());
        }
    }

    /// Whether the byte range is all live text.
    fn live(&self, range: std::ops::Range<usize>) -> bool {
        // `dead` is sorted and without overlaps (see `kill_urls`).
        let first = self.dead.partition_point(|dead| dead.end <= range.start);
        self.dead
            .get(first)
            .is_none_or(|dead| dead.start >= range.end)
    }

    /// Marks the URLs written as plain text (`https://a::b`) dead, and reads the syntax
    /// (`==text==` as clozes when `highlight_clozes`).
    pub fn card_syntax(mut self, highlight_clozes: bool) -> (Inline, CardSyntax) {
        let text = &self.text;
        let may_hold = text.contains("::") || text.contains('?') || text.contains("==");
        if !may_hold {
            return (self, CardSyntax::None);
        }
        self.kill_urls();
        let syntax = self.read_syntax(highlight_clozes);
        (self, syntax)
    }

    fn kill_urls(&mut self) {
        let mut urls: Vec<std::ops::Range<usize>> = Vec::new();
        for (at, _) in self.text.match_indices("://") {
            // Inside the URL before (`a://b://c`): already dead. Each byte is read once.
            if urls.last().is_some_and(|url| at < url.end) {
                continue;
            }
            let scheme = &self.text[..at];
            let start = scheme
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || "+.-".contains(c)))
                .map_or(0, |before| before + 1);
            if start == at {
                continue;
            }
            let end = self.text[at..]
                .find(char::is_whitespace)
                .map_or(self.text.len(), |len| at + len);
            urls.push(start..end);
        }
        self.dead.extend(urls);
        self.dead.sort_by_key(|dead| dead.start);
        let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(self.dead.len());
        for dead in self.dead.drain(..) {
            match merged.last_mut() {
                Some(last) if dead.start <= last.end => last.end = last.end.max(dead.end),
                _ => merged.push(dead),
            }
        }
        self.dead = merged;
    }

    fn read_syntax(&self, highlight_clozes: bool) -> CardSyntax {
        let mut clozes = self.anki_clozes();
        if highlight_clozes {
            let first = clozes.iter().map(|c| c.number).max().unwrap_or(0);
            clozes.extend(
                self.highlights()
                    .into_iter()
                    .enumerate()
                    .map(|(at, range)| Cloze {
                        answer: range.start + 2..range.end - 2,
                        range,
                        // A huge `{{c4294967295::…}}` before: the numbers stop there.
                        number: first
                            .saturating_add(1)
                            .saturating_add(u32::try_from(at).unwrap_or(u32::MAX)),
                        hint: None,
                    }),
            );
            clozes.sort_by_key(|c| c.range.start);
        }
        if !clozes.is_empty() {
            return CardSyntax::Clozes(clozes);
        }
        if let Some(multi) = self.multi_line() {
            return multi;
        }
        let lines: Vec<CardLine> = self.lines().filter_map(|l| self.card_line(l)).collect();
        match lines.is_empty() {
            true => CardSyntax::None,
            false => CardSyntax::Lines(lines),
        }
    }

    /// Each line's range (without its `\n`).
    pub fn lines(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let mut start = 0;
        self.text.split('\n').map(move |line| {
            let range = start..start + line.len();
            start = range.end + 1;
            range
        })
    }

    /// `{{cN::text}}` and `{{cN::text::hint}}`, in live text.
    fn anki_clozes(&self) -> Vec<Cloze> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = self.text[from..].find("{{c").map(|at| from + at) {
            from = at + 3;
            let digits = self.text[from..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let open_end = from + digits + 2;
            let Ok(number) = self.text[from..from + digits].parse::<u32>() else {
                continue;
            };
            if number == 0
                || !self.text[from + digits..].starts_with("::")
                || !self.live(at..open_end)
            {
                continue;
            }
            // With no `}}` after it, no later mark closes either.
            let Some(close) = self.live_find("}}", open_end) else {
                break;
            };
            let inner = open_end..close;
            let hint = self.live_find("::", inner.start).filter(|&h| h < close);
            let answer = inner.start..hint.unwrap_or(close);
            if self.text[answer.clone()].trim().is_empty() {
                continue;
            }
            found.push(Cloze {
                range: at..close + 2,
                number,
                answer,
                hint: hint.map(|h| h + 2..close),
            });
            from = close + 2;
        }
        found
    }

    /// The first live `needle` at or after `from`.
    fn live_find(&self, needle: &str, from: usize) -> Option<usize> {
        self.text[from..]
            .match_indices(needle)
            .map(|(at, _)| from + at)
            .find(|&at| self.live(at..at + needle.len()))
    }

    /// `==text==` marks in live text: no space inside either mark, on one line.
    pub fn highlights(&self) -> Vec<std::ops::Range<usize>> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(open) = self.live_find("==", from) {
            from = open + 2;
            let after = self.text[from..].chars().next();
            let before = self.text[..open].chars().next_back();
            if after.is_none_or(|c| c.is_whitespace() || c == '=') || before == Some('=') {
                continue;
            }
            let Some(close) = self.live_find("==", from) else {
                break;
            };
            let inside = &self.text[from..close];
            if inside.contains('\n') || inside.ends_with(char::is_whitespace) {
                continue;
            }
            found.push(open..close + 2);
            from = close + 2;
        }
        found
    }

    /// A paragraph split by a line `?` or `??`, with lines above and below it.
    fn multi_line(&self) -> Option<CardSyntax> {
        let lines: Vec<_> = self.lines().collect();
        let at = lines.iter().position(|line| {
            matches!(self.text[line.clone()].trim(), "?" | "??") && self.live(line.clone())
        })?;
        let front = lines[0].start..lines[..at].last()?.end;
        let back = lines.get(at + 1)?.start..lines.last()?.end;
        let blank = |range: &std::ops::Range<usize>| self.text[range.clone()].trim().is_empty();
        if blank(&front) || blank(&back) {
            return None;
        }
        Some(CardSyntax::MultiLine {
            separator: front.end..back.start,
            reversed: self.text[lines[at].clone()].trim() == "??",
            front,
            back,
        })
    }

    /// A line `Front::Back` or `Front:::Back`: the first live run of two or three colons,
    /// outside double braces, with text on both sides.
    fn card_line(&self, line: std::ops::Range<usize>) -> Option<CardLine> {
        let text = &self.text[line.clone()];
        let mut from = 0;
        // How many `{{` are open before `from`: inside them (`{{c1::…}}`, a broken
        // cloze) is no separator.
        let mut braces = 0usize;
        while let Some(at) = text[from..].find("::").map(|at| from + at) {
            let before = &text[from..at];
            braces = (braces + before.matches("{{").count())
                .saturating_sub(before.matches("}}").count());
            let run = text[at..].bytes().take_while(|&b| b == b':').count();
            from = at + run;
            let separator = line.start + at..line.start + at + run;
            if run > 3 || braces > 0 || !self.live(separator.clone()) {
                continue;
            }
            let front = line.start..separator.start;
            let back = separator.end..line.end;
            if self.text[front.clone()].trim().is_empty()
                || self.text[back.clone()].trim().is_empty()
            {
                return None;
            }
            return Some(CardLine {
                line,
                front,
                reversed: run == 3,
                separator,
                back,
            });
        }
        None
    }
}

/// Rewrites a page's events so cards read well: a cloze shows its text in a subtle
/// mark, a `Front::Back` line or a `?` card a front/back pair, `==text==` a highlight.
/// Paragraphs in list items, and everything else, pass as they were.
pub fn render_cards<'a>(
    events: impl Iterator<Item = pulldown_cmark::Event<'a>>,
) -> Vec<pulldown_cmark::Event<'a>> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut out = Vec::new();
    let mut paragraph: Option<Vec<Event<'a>>> = None;
    // Inside a list item no card is read (a tight item has no paragraph to read).
    let mut items = 0usize;
    for event in events {
        match &event {
            Event::Start(Tag::Item) => items += 1,
            Event::End(TagEnd::Item) => items = items.saturating_sub(1),
            _ => {}
        }
        match (&mut paragraph, event) {
            (None, Event::Start(Tag::Paragraph)) if items == 0 => paragraph = Some(Vec::new()),
            (None, event) => out.push(event),
            (Some(inside), Event::End(TagEnd::Paragraph)) => {
                let inside = std::mem::take(inside);
                paragraph = None;
                render_paragraph(inside, &mut out);
            }
            (Some(inside), event) => inside.push(event),
        }
    }
    if let Some(inside) = paragraph {
        out.push(Event::Start(Tag::Paragraph));
        out.extend(inside);
    }
    out
}

/// A paragraph's events as [`Inline`] text: each event's range in it.
pub fn inline_of(events: &[pulldown_cmark::Event<'_>]) -> (Inline, Vec<std::ops::Range<usize>>) {
    let mut inline = Inline::default();
    let ranges = events
        .iter()
        .map(|event| inline.push_event(event))
        .collect();
    (inline, ranges)
}

impl Inline {
    /// The next event of a paragraph, added: its range in the text.
    pub fn push_event(&mut self, event: &pulldown_cmark::Event<'_>) -> std::ops::Range<usize> {
        use pulldown_cmark::{Event, Tag, TagEnd};
        let start = self.text.len();
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.in_links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.in_links = self.in_links.saturating_sub(1)
            }
            Event::Text(text) if self.in_links == 0 => self.push_live(text),
            Event::SoftBreak | Event::HardBreak => self.push_live("\n"),
            Event::Text(text) => self.push_dead(text),
            Event::Code(code) => self.push_markup(&code_span(code)),
            Event::InlineMath(latex) => self.push_markup(&format!("${latex}$")),
            Event::DisplayMath(latex) => self.push_markup(&format!("$${latex}$$")),
            // A comment shows nothing, and the Obsidian Spaced Repetition plugin writes
            // its schedule in one after a card (`<!--SR:!2025-05-01,3,250-->`): it is
            // no part of the card, or its id would change at each review.
            Event::InlineHtml(html) | Event::Html(html)
                if html.trim_start().starts_with("<!--") => {}
            Event::InlineHtml(html) | Event::Html(html) => self.push_markup(html),
            _ => {}
        }
        start..self.text.len()
    }
}

/// `code` as a code span that shows it: fenced by one more backtick than its longest run,
/// with spaces when it starts or ends with one.
fn code_span(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if code.starts_with('`') || code.ends_with('`') {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

/// `text` onto `out` with a backslash before each character Markdown or HTML could
/// read as syntax.
fn escape_markdown(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '$' | '~' | '|' | '!' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// One paragraph, its card syntax rendered.
fn render_paragraph<'a>(
    events: Vec<pulldown_cmark::Event<'a>>,
    out: &mut Vec<pulldown_cmark::Event<'a>>,
) {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let worth_reading = events.iter().any(|event| match event {
        Event::Text(text) => text.contains("::") || text.contains("==") || text.contains('?'),
        _ => false,
    });
    if !worth_reading {
        out.push(Event::Start(Tag::Paragraph));
        out.extend(events);
        out.push(Event::End(TagEnd::Paragraph));
        return;
    }
    let (inline, ranges) = inline_of(&events);
    let (inline, syntax) = inline.card_syntax(false);
    let html = |s: &str| Event::Html(pulldown_cmark::CowStr::from(s.to_string()));
    let mut cuts: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let (open, close) = match &syntax {
        CardSyntax::Clozes(clozes) => {
            for cloze in clozes {
                cuts.push((
                    cloze.range.start..cloze.answer.start,
                    cloze_open(&inline, cloze),
                ));
                cuts.push((cloze.answer.end..cloze.range.end, "</mark>".to_string()));
            }
            ("<p>".to_string(), "</p>\n".to_string())
        }
        CardSyntax::MultiLine {
            separator,
            reversed,
            ..
        } => {
            cuts.push((separator.clone(), "</dt>\n<dd>".to_string()));
            (card_open(*reversed), "</dd>\n</dl>\n".to_string())
        }
        CardSyntax::Lines(cards) => {
            let lines: Vec<_> = inline.lines().collect();
            // Both are in order: a line's card is found by its start.
            let card_of = |line: &std::ops::Range<usize>| {
                let at = cards.partition_point(|c| c.line.start < line.start);
                cards.get(at).filter(|c| c.line == *line)
            };
            let opening = |line| match card_of(line) {
                Some(card) => card_open(card.reversed),
                None => "<p>".to_string(),
            };
            let closing = |line| match card_of(line) {
                Some(_) => "</dd>\n</dl>\n".to_string(),
                None => "</p>\n".to_string(),
            };
            for pair in lines.windows(2) {
                let between = pair[0].end..pair[1].start;
                cuts.push((between, closing(&pair[0]) + &opening(&pair[1])));
            }
            for card in cards {
                cuts.push((card.separator.clone(), "</dt>\n<dd>".to_string()));
            }
            (opening(&lines[0]), closing(&lines[lines.len() - 1]))
        }
        CardSyntax::None => ("<p>".to_string(), "</p>\n".to_string()),
    };
    let mut highlight_cuts = Vec::new();
    if !matches!(syntax, CardSyntax::Clozes(_)) {
        for mark in inline.highlights() {
            highlight_cuts.push((mark.start..mark.start + 2, "<mark>".to_string()));
            highlight_cuts.push((mark.end - 2..mark.end, "</mark>".to_string()));
        }
    }
    cuts.extend(highlight_cuts);
    cuts.sort_by_key(|(range, _)| range.start);
    if cuts.is_empty() && matches!(syntax, CardSyntax::None) {
        out.push(Event::Start(Tag::Paragraph));
        out.extend(events);
        out.push(Event::End(TagEnd::Paragraph));
        return;
    }
    out.push(html(&open));
    let mut next_cut = 0;
    for (event, range) in events.into_iter().zip(ranges) {
        let live = matches!(event, Event::Text(_) | Event::SoftBreak | Event::HardBreak);
        // The cuts are in order and apart: only the first not yet passed can touch it.
        while next_cut < cuts.len() && cuts[next_cut].0.end <= range.start {
            next_cut += 1;
        }
        let cut = cuts.get(next_cut).map(|(cut, _)| cut);
        let touched = cut.is_some_and(|cut| cut.start < range.end);
        let cut_out = cut.is_some_and(|cut| cut.start <= range.start && range.end <= cut.end);
        if !live && touched && cut_out && !range.is_empty() {
            // Code or HTML inside a cloze's hint goes with it.
            continue;
        }
        if !live || !touched {
            out.push(event);
            continue;
        }
        // The event's text outside the cuts stays text; each cut starting in it is
        // replaced by its HTML.
        let mut at = range.start;
        while at < range.end {
            while next_cut < cuts.len() && cuts[next_cut].0.end <= at {
                next_cut += 1;
            }
            match cuts.get(next_cut) {
                Some((cut, replacement)) if cut.start <= at => {
                    if cut.start >= range.start {
                        out.push(html(replacement));
                    }
                    at = cut.end.min(range.end);
                    if cut.end <= range.end {
                        next_cut += 1;
                    }
                }
                next => {
                    let end = next.map_or(range.end, |(cut, _)| cut.start.min(range.end));
                    let piece = &inline.text[at..end];
                    out.push(match event {
                        Event::Text(_) => {
                            Event::Text(pulldown_cmark::CowStr::from(piece.to_string()))
                        }
                        _ => event.clone(),
                    });
                    at = end;
                }
            }
        }
    }
    out.push(html(&close));
}

/// The opening of a cloze's mark, its hint as its title.
fn cloze_open(inline: &Inline, cloze: &Cloze) -> String {
    match &cloze.hint {
        Some(hint) => format!(
            "<mark class=\"cloze\" title=\"{}\">",
            super::highlight::escape(inline.text[hint.clone()].trim())
        ),
        None => "<mark class=\"cloze\">".to_string(),
    }
}

/// The opening of a front/back pair.
fn card_open(reversed: bool) -> String {
    match reversed {
        true => "<dl class=\"card card-reversed\">\n<dt>".to_string(),
        false => "<dl class=\"card\">\n<dt>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docusaurus_containers_become_quoted_callouts() {
        let body = "Before\n\n:::tip Keep it short\nBody **text**\n\n- item\n:::\n\nAfter\n";
        let rewritten = rewrite(body);
        assert_eq!(
            rewritten.text,
            "Before\n\n> [!tip] Keep it short\n> Body **text**\n>\n> - item\n\n\nAfter\n"
        );
        assert_eq!(
            rewritten.text.lines().count(),
            body.lines().count(),
            "lines kept"
        );
        let at = rewritten.text.find("**text**").unwrap();
        assert_eq!(&body[rewritten.original(at)..][..8], "**text**");
    }

    #[test]
    fn longer_fences_nest_and_labels_are_titles() {
        let body = "::::note[Outer]\n:::warning\nInner\n:::\nOuter again\n::::\n";
        assert_eq!(
            rewrite(body).text,
            "> [!note] Outer\n> > [!warning]\n> > Inner\n>\n> Outer again\n\n"
        );
    }

    #[test]
    fn mkdocs_admonitions_end_at_the_first_line_indented_less() {
        let body = "!!! note \"Read me\"\n    First\n\n    Second\n\nOutside\n???+ tip\n    Open\n??? faq\n    Closed\n";
        assert_eq!(
            rewrite(body).text,
            "> [!note] Read me\n> First\n>\n> Second\n>\n\nOutside\n> [!tip]+\n> Open\n\n> [!faq]-\n> Closed\n"
        );
        let rewritten = rewrite(body);
        let at = rewritten.text.find("Second").unwrap();
        assert_eq!(&body[rewritten.original(at)..][..6], "Second");
    }

    #[test]
    fn code_blocks_and_plain_text_are_left_alone() {
        let body = "```\n:::tip not a container\n!!! note\n```\n\nText with ::: inside.\n";
        assert_eq!(rewrite(body).text, body);
        let plain = "Nothing here.\n";
        assert!(matches!(rewrite(plain).text, Cow::Borrowed(_)));
        assert_eq!(rewrite(plain).original(5), 5);
    }

    #[test]
    fn mdx_imports_head_and_components_are_left_out() {
        let body = "import InDocAd from './_components/InDocAd';\nimport Tabs from '@theme/Tabs';\n\n<head>\n  <title>Sharding, explained</title>\n</head>\n\nText.\n\n<InDocAd />\n\n<Tabs>\n  <TabItem value=\"py\" label=\"Python <3\">\n\n    Use a dict.\n\n  </TabItem>\n</Tabs>\n\nimport is a word here.\n";
        let rewritten = rewrite(body);
        let text = rewritten.text.as_ref();
        assert!(
            !text.contains("import InDocAd")
                && !text.contains("<head>")
                && !text.contains("<InDocAd"),
            "{text}"
        );
        assert!(
            !text.contains("Tabs>") && !text.contains("TabItem"),
            "{text}"
        );
        assert!(
            text.contains("<p class=\"tab-label\">Python &lt;3</p>\n\n"),
            "{text}"
        );
        assert!(
            text.contains("\nUse a dict.\n"),
            "the body is no code block: {text}"
        );
        assert!(
            text.contains("import is a word here."),
            "prose stays: {text}"
        );
        assert_eq!(rewritten.head_title.as_deref(), Some("Sharding, explained"));
        let codes: Vec<&str> = rewritten.dropped.iter().map(|d| d.1).collect();
        assert_eq!(
            codes,
            ["mdx-import", "mdx-component"],
            "imports once per file"
        );
        let component = rewritten.dropped[1].0;
        assert!(body[component..].starts_with("<InDocAd />"));
    }

    #[test]
    fn mdx_in_code_stays() {
        let body = "```jsx\nimport X from './x';\n<Tabs>\n```\n";
        assert_eq!(rewrite(body).text, body);
    }

    #[test]
    fn a_closing_fence_without_an_open_container_is_text() {
        assert_eq!(rewrite(":::\n").text, ":::\n");
    }

    /// A body's HTML with its card syntax rendered.
    fn html(body: &str) -> String {
        crate::markdown::render(body, &[], &std::collections::HashMap::new(), "")
    }

    #[test]
    fn a_cloze_reads_as_text_in_a_subtle_mark() {
        let page = html("A {{c1::hash map}} gives {{c2::O(1)::cost <x>}} lookups.\n");
        assert_eq!(
            page,
            "<p>A <mark class=\"cloze\">hash map</mark> gives \
             <mark class=\"cloze\" title=\"cost &lt;x&gt;\">O(1)</mark> lookups.</p>\n"
        );
    }

    #[test]
    fn one_line_cards_render_as_front_back_pairs() {
        let page = html("Intro & more.\nTCP::<i>reliable</i>\nA:::B\n");
        assert!(page.starts_with("<p>Intro &amp; more.</p>\n"), "{page}");
        assert!(
            page.contains("<dl class=\"card\">\n<dt>TCP</dt>\n<dd><i>reliable</i></dd>\n</dl>"),
            "{page}"
        );
        assert!(page.contains("<dl class=\"card card-reversed\">\n<dt>A</dt>\n<dd>B</dd>"));
    }

    #[test]
    fn a_multi_line_card_renders_as_one_pair() {
        let page = html("Why *shard*?\n?\nTo scale\nwrites.\n");
        assert_eq!(
            page,
            "<dl class=\"card\">\n<dt>Why <em>shard</em>?</dt>\n<dd>To scale\nwrites.</dd>\n</dl>\n"
        );
    }

    #[test]
    fn card_syntax_in_code_math_and_urls_stays_as_written() {
        let page = html("Use `a::b` and https://x.io/a::b here.\n\n```\nx::y\n```\n");
        assert!(!page.contains("<dl"), "{page}");
        assert!(page.contains("<code>a::b</code>"));
        assert!(page.contains("https://x.io/a::b"));
    }

    #[test]
    fn double_equals_is_a_highlight() {
        assert_eq!(
            html("A ==key== word.\n"),
            "<p>A <mark>key</mark> word.</p>\n"
        );
        assert_eq!(html("If a == b then.\n"), "<p>If a == b then.</p>\n");
    }

    #[test]
    fn many_open_marks_stay_fast_and_safe() {
        let body = "{{c1::".repeat(20_000) + &"`a::b` ==x ".repeat(20_000) + "\n";
        let started = std::time::Instant::now();
        let page = html(&body);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        assert!(!page.contains("<dl"));
        assert!(html("A ==\u{e9}t\u{e9}== \u{1F600}::b\n").contains("<dl"));
    }
}
