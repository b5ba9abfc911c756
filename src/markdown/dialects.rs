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
}
