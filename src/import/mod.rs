//! `prepress import`: plain text or messy Markdown in, clean content files out.
//!
//! Text is decoded from UTF-8 (with or without a BOM), UTF-16 with a BOM, or, failing
//! those, Windows-1252, and its mojibake is repaired. Markdown keeps its body; its front
//! matter from other tools is normalised (`created` becomes `date`, `modified` becomes
//! `updated`, tags and other keys are kept). Plain text is given structure: short lines
//! followed by a paragraph and numbered section titles in a run ("1. Customer
//! Obsession" … "16. Earn Trust") become headings, "PART 1:" lines become parts, bullets
//! and numbers become lists, runs of question lines become question lists, quotations
//! become block quotes. An import never overwrites a file unless asked to.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

use crate::config::{CONTENT_DIR, OUTPUT_DIR};
use crate::markdown;
use crate::markdown::slug::url_slug;
use crate::scaffold::create::{create_folder_inside, create_unique};
use crate::source::front_matter::{self, Format};
use crate::source::mojibake;

mod structure;

use structure::structure_text;

/// What one import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `markdown` or `text`.
    pub kind: &'static str,
    pub encoding: &'static str,
    pub headings: usize,
    pub list_items: usize,
    pub questions: usize,
    /// Characters repaired from mojibake.
    pub repairs: usize,
    /// Raw HTML kept from imported Markdown: (line in the written file, the element).
    pub raw_html: Vec<(usize, String)>,
    /// Raw HTML elements dropped (`--strip-html`).
    pub stripped_html: usize,
    /// What other tools' syntax became: "line 4: …" for each MDX construct left out,
    /// and how many containers became callouts.
    pub changed: Vec<String>,
}

/// A converted file: its Markdown (front matter included), its title and the report.
#[derive(Debug, Clone)]
pub struct Converted {
    pub title: String,
    pub markdown: String,
    pub report: Report,
}

/// Why a file could not be imported.
#[derive(Debug)]
pub struct ImportError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Where imports go and whether they may replace files.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The folder the files are written to.
    pub to: PathBuf,
    /// Replace a file of the same name instead of picking a new name.
    pub force: bool,
    /// Drop the raw HTML of imported Markdown instead of keeping (and reporting) it.
    pub strip_html: bool,
}

impl ImportOptions {
    /// `--to`, else `content/<section>/`, else `content/imported/`, under `root`.
    pub fn new(root: &Path, to: Option<PathBuf>, section: Option<&str>, force: bool) -> Self {
        let to = to.unwrap_or_else(|| {
            root.join(CONTENT_DIR)
                .join(section.map_or("imported".to_string(), url_slug))
        });
        Self {
            to,
            force,
            strip_html: false,
        }
    }
}

/// Imports one file into the course at `root`; gives the path written and what was done.
pub fn import_file(
    root: &Path,
    input: &Path,
    options: &ImportOptions,
) -> Result<(PathBuf, Report), ImportError> {
    let fail = |message: String| ImportError {
        path: input.to_path_buf(),
        message,
    };
    refuse_site_folder(root, &options.to).map_err(|message| ImportError {
        path: options.to.clone(),
        message,
    })?;
    let bytes = std::fs::read(input).map_err(|e| fail(format!("cannot read: {e}")))?;
    let name = input.file_name().map_or_else(
        || "imported".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let converted = convert(&name, &bytes, options.strip_html).map_err(fail)?;
    create_folder_inside(root, &options.to)
        .map_err(|e| fail(format!("cannot create {}: {e}", options.to.display())))?;
    let stem = url_slug(&converted.title);
    let target = create_unique(
        &options.to,
        &stem,
        "md",
        converted.markdown.as_bytes(),
        options.force,
    )
    .map_err(|e| fail(format!("cannot write into {}: {e}", options.to.display())))?;
    Ok((target, converted.report))
}

/// One warning per raw HTML element an import kept, at its line in the written file.
pub fn raw_html_warnings(written: &Path, report: &Report) -> Vec<crate::diagnostic::Diagnostic> {
    report
        .raw_html
        .iter()
        .map(|(line, html)| {
            crate::diagnostic::Diagnostic::warning(
                written,
                "raw-html",
                format!("kept raw HTML `{html}`; it will run as HTML on the page"),
            )
            .at_line(*line, 1)
            .with_hint("import with --strip-html to drop it, or edit it out")
        })
        .collect()
}

/// Refuses a folder inside a built site (the output, its staging folder, any folder
/// carrying the write stage's marker): the next build would remove what was written.
fn refuse_site_folder(root: &Path, to: &Path) -> Result<(), String> {
    let absolute = |path: &Path| -> PathBuf {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let existing = path
            .ancestors()
            .find(|a| a.exists())
            .unwrap_or(Path::new("/"));
        let rest = path.strip_prefix(existing).unwrap_or(Path::new(""));
        std::fs::canonicalize(existing)
            .unwrap_or_else(|_| existing.to_path_buf())
            .join(rest)
    };
    let target = absolute(to);
    let output = absolute(&root.join(OUTPUT_DIR));
    let inside_output =
        target.starts_with(&output) || target.starts_with(crate::site::write::staging_dir(&output));
    let marked = target
        .ancestors()
        .any(|folder| folder.join(crate::config::MARKER).exists());
    if inside_output || marked {
        return Err(
            "is inside a built site; the next build would remove what is imported there: \
             import into content/ instead"
                .to_string(),
        );
    }
    Ok(())
}

/// Converts a file's bytes (its name tells Markdown from text) into a content file. Plain
/// text stays text (what Markdown would read as HTML is escaped); Markdown keeps its
/// raw HTML, reported, unless `strip_html`.
pub fn convert(name: &str, bytes: &[u8], strip_html: bool) -> Result<Converted, String> {
    let (text, encoding) = decode(bytes);
    let (text, repairs) = mojibake::repair(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    // A text file is read as Markdown when it opens with front matter that is closed.
    let has_front_matter =
        front_matter::split(&text).is_ok_and(|split| split.front_matter.is_some());
    let is_markdown = name.ends_with(".md") || name.ends_with(".markdown") || has_front_matter;
    let mut changed = Vec::new();
    let (keys, body, kind) = if is_markdown {
        let (mut keys, body) = markdown_parts(&text)?;
        let body_line = text.len().checked_sub(body.len()).map_or(1, |start| {
            text.get(..start)
                .map_or(1, |head| head.matches('\n').count() + 1)
        });
        let body = other_tools_as_markdown(&body, body_line, &mut keys, &mut changed);
        (keys, body, "markdown")
    } else {
        let (title, body) = structure_text(&text, stem);
        (
            vec![("title".to_string(), Value::String(title))],
            body,
            "text",
        )
    };
    let (body, stripped_html) = if strip_html {
        without_raw_html(body.trim())
    } else {
        (body.trim().to_string(), 0)
    };
    let (scan, questions) = crate::source::Scanner::scan(
        &crate::prep::questions::QuestionScanner::default(),
        &body,
        crate::model::Kind::Lecture,
    );
    let title = title_of(&keys, &scan, stem);
    let keys = with_title_and_description(keys, &title, &body);
    let mut report = Report {
        kind,
        encoding,
        headings: scan.headings.len(),
        list_items: count_list_items(&body),
        questions: questions.len(),
        repairs,
        raw_html: Vec::new(),
        stripped_html,
        changed,
    };
    if report.repairs == 0 && encoding == "windows-1252" {
        report.repairs = 0;
    }
    let front_matter = serde_saphyr::to_string(&Ordered(&keys))
        .map_err(|e| format!("cannot write front matter: {e}"))?;
    let head = format!("---\n{}---\n\n", ensure_newline(&front_matter));
    let first_body_line = head.matches('\n').count() + 1;
    report.raw_html = raw_html_elements(&body)
        .into_iter()
        .map(|(line, html)| (first_body_line + line - 1, html))
        .collect();
    let markdown = format!("{head}{body}\n");
    Ok(Converted {
        title,
        markdown,
        report,
    })
}

/// A Markdown body with other tools' syntax made Markdown that prepress, GitHub and
/// Obsidian read: Docusaurus and MkDocs containers become `> [!type]` callouts, MDX
/// imports, `<head>` and components go (a `<head>`'s title becomes the title when there
/// is none), tabs become labelled parts. Each change is described in `changed`, with
/// its line in the file (the body starts at `body_line`).
fn other_tools_as_markdown(
    body: &str,
    body_line: usize,
    keys: &mut Vec<(String, Value)>,
    changed: &mut Vec<String>,
) -> String {
    let rewritten = markdown::dialects::rewrite_with(body, markdown::dialects::Labels::Markdown);
    for (offset, _, message) in &rewritten.dropped {
        let line = body_line + body[..*offset].matches('\n').count();
        changed.push(format!("line {line}: {message}"));
    }
    if let Some(title) = &rewritten.head_title {
        if keys.iter().any(|(key, _)| key == "title") {
            changed.push("a <head> block is left out".to_string());
        } else {
            changed.push(format!(
                "a <head> block is left out; its title \"{title}\" is the title"
            ));
            keys.insert(0, ("title".to_string(), Value::String(title.clone())));
        }
    }
    if rewritten.containers > 0 {
        let n = rewritten.containers;
        changed.push(format!("{n} admonition(s) written as > [!type] callouts"));
    }
    rewritten.text.into_owned()
}

/// The raw HTML of a Markdown body: each block and each inline tag, by byte range.
fn raw_html_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new_ext(body, markdown::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_)))
        .map(|(_, range)| range)
        .collect()
}

/// Each raw HTML element of a body that can do something (comments and closing tags
/// aside): its line and its first line of text.
fn raw_html_elements(body: &str) -> Vec<(usize, String)> {
    raw_html_ranges(body)
        .into_iter()
        .filter(|range| {
            let html = body[range.clone()].trim_start();
            !html.starts_with("<!--") && !html.starts_with("</")
        })
        .map(|range| {
            let line = body[..range.start].matches('\n').count() + 1;
            let html = body[range].lines().next().unwrap_or("").trim();
            (line, shorten(html, 80))
        })
        .collect()
}

/// The body without its raw HTML, and how many elements were dropped. Dropping can join
/// text into new tags (`<<b>b>`), so it repeats until none is left.
fn without_raw_html(body: &str) -> (String, usize) {
    let mut body = body.trim().to_string();
    let mut dropped = 0;
    for _ in 0..16 {
        let ranges = raw_html_ranges(&body);
        if ranges.is_empty() {
            return (body, dropped);
        }
        dropped += ranges.len();
        for range in ranges.into_iter().rev() {
            body.replace_range(range, "");
        }
        // Trimmed before it is read again, as it will be written: a removal can leave
        // a line indented as code (`<J>\t<?x`), which trimmed reads as HTML.
        body = body.trim().to_string();
    }
    (escape_html_syntax(&body), dropped)
}

/// Plain text as Markdown text: `<`, `&` and backticks escaped, so nothing in it is read
/// as HTML, an entity or code; and a backslash before one of them (or before another
/// backslash) escaped too, so it cannot undo the escape that follows it (`\<img>` would
/// read `\\<img>`: a backslash, then live HTML).
pub fn escape_html_syntax(text: &str) -> String {
    let special = |c: char| matches!(c, '<' | '&' | '`' | '\\');
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let escape = match c {
            '\\' => chars.peek().is_some_and(|&next| special(next)),
            _ => special(c),
        };
        if escape {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn ensure_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    }
}

/// Text from bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = encoding.decode(bytes);
        let name = match encoding.name() {
            "UTF-8" => "utf-8 with a BOM",
            "UTF-16LE" => "utf-16le",
            _ => "utf-16be",
        };
        return (text.into_owned(), name);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "utf-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "windows-1252")
        }
    }
}

/// Front matter keys (normalised) and body of a Markdown file.
fn markdown_parts(text: &str) -> Result<(Vec<(String, Value)>, String), String> {
    let split =
        front_matter::split(text).map_err(|_| "its front matter is never closed".to_string())?;
    let Some((format, block, _)) = split.front_matter else {
        return Ok((Vec::new(), text.to_string()));
    };
    let map: serde_json::Map<String, Value> = match format {
        Format::Yaml if block.trim().is_empty() => serde_json::Map::new(),
        Format::Yaml => serde_saphyr::from_str::<Option<serde_json::Map<String, Value>>>(block)
            .map_err(|e| {
                format!(
                    "its YAML front matter cannot be read: {}",
                    first_line(&e.to_string())
                )
            })?
            .unwrap_or_default(),
        Format::Toml => {
            let table: toml::Table = toml::from_str(block)
                .map_err(|e| format!("its TOML front matter cannot be read: {}", e.message()))?;
            serde_json::to_value(table)
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default()
        }
    };
    Ok((normalize_keys(map), split.body.to_string()))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// Front matter from other tools, in prepress's words: `created` -> `date`, `modified`
/// -> `updated`, tags as a list; every other key kept.
fn normalize_keys(map: serde_json::Map<String, Value>) -> Vec<(String, Value)> {
    let mut keys: Vec<(String, Value)> = Vec::new();
    let mut push = |key: &str, value: Value| {
        if !keys.iter().any(|(k, _)| k == key) {
            keys.push((key.to_string(), value));
        }
    };
    for (key, value) in &map {
        match key.as_str() {
            "created" | "date" | "created_at" | "creation_date"
                if (!map.contains_key("date") || key == "date") && date_only(value).is_some() =>
            {
                push("date", date_only(value).unwrap_or_default());
            }
            "modified" | "updated" | "updated_at" | "last_modified" | "lastmod" => {
                push("updated", date_only(value).unwrap_or_else(|| value.clone()))
            }
            "tags" | "tag" | "keywords" | "categories" => push("tags", as_list(value)),
            "sidebar_position" if value.is_i64() => push("weight", value.clone()),
            _ => push(key, value.clone()),
        }
    }
    keys.into_iter().map(keep_if_readable).collect()
}

/// A known key whose value prepress cannot read (`weight: "abc"`, a date that is not
/// one) is kept under `original_<key>`, so the imported file still builds.
fn keep_if_readable((key, value): (String, Value)) -> (String, Value) {
    if front_matter::known_key(&key).is_none() {
        return (key, value);
    }
    let single = serde_json::Map::from_iter([(key.clone(), value.clone())]);
    let readable = serde_saphyr::to_string(&single).is_ok_and(|yaml| {
        let source: std::sync::Arc<str> = std::sync::Arc::from(yaml.as_str());
        front_matter::parse(Path::new("import"), &source, Format::Yaml, &yaml, 0).is_ok()
    });
    if readable {
        (key, value)
    } else {
        (format!("original_{key}"), value)
    }
}

/// `2025-03-01T23:53:39.817Z` -> `2025-03-01`; `None` when it is not a date.
fn date_only(value: &Value) -> Option<Value> {
    let text = value.as_str()?;
    let day = text.get(..10)?;
    day.parse::<jiff::civil::Date>()
        .is_ok()
        .then(|| Value::String(day.to_string()))
}

/// `"a, b"` or `"#a #b"` -> `["a", "b"]`; lists stay lists.
fn as_list(value: &Value) -> Value {
    match value {
        Value::String(text) => Value::Array(
            text.split([',', ' '])
                .map(|t| t.trim().trim_start_matches('#'))
                .filter(|t| !t.is_empty())
                .map(|t| Value::String(t.to_string()))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn title_of(keys: &[(String, Value)], scan: &markdown::Scan, stem: &str) -> String {
    keys.iter()
        .find(|(k, _)| k == "title")
        .and_then(|(_, v)| v.as_str().map(str::to_string))
        .filter(|t| !t.trim().is_empty())
        .or_else(|| scan.title().map(str::to_string))
        .unwrap_or_else(|| title_from_file_name(stem))
}

fn title_from_file_name(stem: &str) -> String {
    let words: Vec<String> = stem
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect();
    if words.is_empty() {
        "Imported".to_string()
    } else {
        words.join(" ")
    }
}

/// Puts `title` first and adds a `description` from the first paragraph when missing.
fn with_title_and_description(
    mut keys: Vec<(String, Value)>,
    title: &str,
    body: &str,
) -> Vec<(String, Value)> {
    keys.retain(|(k, _)| k != "title");
    keys.insert(0, ("title".to_string(), Value::String(title.to_string())));
    if !keys.iter().any(|(k, _)| k == "description") {
        let description = markdown::first_paragraph(body);
        if !description.is_empty() {
            keys.insert(
                1,
                (
                    "description".to_string(),
                    Value::String(shorten(&description, 200)),
                ),
            );
        }
    }
    keys
}

/// At most `limit` characters, cut at a word, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(limit).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// Keys in the order given, for the YAML writer.
struct Ordered<'a>(&'a [(String, Value)]);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

fn count_list_items(markdown: &str) -> usize {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(markdown)
        .filter(|event| matches!(event, Event::Start(Tag::Item)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_encoding() {
        assert_eq!(decode("héllo".as_bytes()), ("héllo".to_string(), "utf-8"));
        assert_eq!(decode(b"\xEF\xBB\xBFhi").0, "hi");
        assert_eq!(
            decode(b"\xFF\xFEh\x00i\x00"),
            ("hi".to_string(), "utf-16le")
        );
        assert_eq!(
            decode(b"\xFE\xFF\x00h\x00i"),
            ("hi".to_string(), "utf-16be")
        );
        assert_eq!(
            decode(b"caf\xE9 \x93q\x94"),
            ("café “q”".to_string(), "windows-1252")
        );
    }

    #[test]
    fn note_app_front_matter_is_normalised() {
        let text = "---\ncreated: '2025-03-01T23:53:39.817Z'\nmodified: 2025-04-02T10:00:00Z\ntags: 'star, amazon'\naliases: []\n---\n# My Notes\n\nSome text here.\n";
        let converted = convert("notes.md", text.as_bytes(), false).unwrap();
        let fm = converted.markdown.split("---\n").nth(1).unwrap();
        assert!(fm.starts_with("title: My Notes\n"), "{fm}");
        assert!(fm.contains("date: \"2025-03-01\""), "{fm}");
        assert!(fm.contains("updated: \"2025-04-02\""), "{fm}");
        assert!(fm.contains("- star") && fm.contains("- amazon"), "{fm}");
        assert!(fm.contains("aliases: []"), "{fm}");
    }

    #[test]
    fn plain_text_gets_headings_lists_and_questions() {
        let text = "Amazon Leadership Principles Guide\n\nThis guide covers the principles.\n\n1. Customer Obsession\nLeaders start with the customer and work backwards.\n\nExample questions:\n\"Tell me about a time you went above and beyond for a customer?\"\nWhen did you change a plan because of feedback?\n\n2. Ownership\nOwners think long term.\n\nTips\nKeep it short and be specific about numbers.\n\n* Use numbers\n* Say I, not we\n";
        let converted = convert("guide.txt", text.as_bytes(), false).unwrap();
        let md = &converted.markdown;
        assert!(
            md.contains("title: Amazon Leadership Principles Guide"),
            "{md}"
        );
        assert!(md.contains("## 1. Customer Obsession"), "{md}");
        assert!(md.contains("## 2. Ownership"), "{md}");
        assert!(md.contains("## Tips"), "{md}");
        assert!(
            md.contains("- When did you change a plan because of feedback?"),
            "{md}"
        );
        assert!(md.contains("- Use numbers"), "{md}");
        assert_eq!(converted.report.questions, 2, "{md}");
        assert_eq!(converted.report.headings, 3);
    }

    #[test]
    fn parts_and_numbered_lists() {
        let text = "Title Line\n\nPART 1: Basics\n\nIntro paragraph here.\n\n1. First step to take.\n2. Second step to take.\n";
        let md = convert("x.txt", text.as_bytes(), false).unwrap().markdown;
        assert!(md.contains("## PART 1: Basics"), "{md}");
        assert!(
            md.contains("1. First step to take.\n2. Second step to take."),
            "{md}"
        );
    }

    #[test]
    fn mojibake_is_repaired_and_counted() {
        let converted =
            convert("m.md", "# It doesnâ€™t\n\nA â†’ B ðŸš«\n".as_bytes(), false).unwrap();
        assert!(
            converted.markdown.contains("It doesn’t"),
            "{}",
            converted.markdown
        );
        assert!(converted.markdown.contains("A → B 🚫"));
        assert_eq!(converted.report.repairs, 3);
    }

    #[test]
    fn unreadable_known_keys_are_kept_aside() {
        let text =
            "---\ncreated: +'2025-03-01T23:53:39.817Z'\nweight: heavy\ntags: {a: 1}\n---\nBody.\n";
        let converted = convert("n.md", text.as_bytes(), false).unwrap();
        let (source, problems) = crate::source::parse_source(
            "content/n.md".into(),
            "n.md".into(),
            std::sync::Arc::from(converted.markdown.as_str()),
            &crate::prep::questions::QuestionScanner::default(),
        );
        assert!(source.is_some(), "{problems:?}\n{}", converted.markdown);
        assert!(
            converted.markdown.contains("original_weight: heavy"),
            "{}",
            converted.markdown
        );
        assert!(
            converted.markdown.contains("created:"),
            "{}",
            converted.markdown
        );
    }

    #[test]
    fn names_are_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = create_unique(dir.path(), "a", "md", b"1", false).unwrap();
        let second = create_unique(dir.path(), "a", "md", b"2", false).unwrap();
        assert_eq!(second.file_name().unwrap(), "a-2.md");
        assert_eq!(std::fs::read(&first).unwrap(), b"1");
        create_unique(dir.path(), "a", "md", b"3", true).unwrap();
        assert_eq!(std::fs::read(&first).unwrap(), b"3");
    }

    /// Every raw HTML event of the Markdown a conversion wrote.
    fn html_events(markdown: &str) -> Vec<String> {
        use pulldown_cmark::{Event, Parser};
        Parser::new_ext(markdown, markdown::options())
            .filter_map(|event| match event {
                Event::Html(html) | Event::InlineHtml(html) => Some(html.to_string()),
                _ => None,
            })
            .collect()
    }

    const HOSTILE_TEXT: &str = "Copied Page\n\nPART 1: <img src=x onerror=alert(1)>\n\nIntro with <b>bold</b> &amp; `<i>`.\n\n- Tell me about a time <img src=y onerror=alert(2)>?\n<script>alert(3)</script>\n\n<div onclick=alert(4)>\nblock\n</div>\n";

    #[test]
    fn plain_text_is_text_never_html() {
        let converted = convert("copied.txt", HOSTILE_TEXT.as_bytes(), false).unwrap();
        let body = converted.markdown.split("---\n").nth(2).unwrap();
        assert_eq!(html_events(body), Vec::<String>::new(), "{body}");
        let headings = markdown::scan(body, &mut ()).headings;
        let html = markdown::render(body, &headings, &Default::default(), "");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(3)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&amp;amp; `&lt;i&gt;`"),
            "reads as typed: {html}"
        );
        assert!(converted.report.raw_html.is_empty());
    }

    #[test]
    fn a_backslash_in_plain_text_cannot_undo_the_escape() {
        let text =
            "Notes\n\nA path \\<img src=x onerror=alert(1)> and \\\\<b>b</b>, C:\\dir\\`x`.\n";
        let converted = convert("notes.txt", text.as_bytes(), false).unwrap();
        let body = converted.markdown.split("---\n").nth(2).unwrap();
        assert_eq!(html_events(body), Vec::<String>::new(), "{body}");
        let html = markdown::render(body, &[], &Default::default(), "");
        assert!(
            html.contains("A path \\&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(html.contains("\\\\&lt;b&gt;b&lt;/b&gt;"), "{html}");
        assert!(html.contains("C:\\dir\\`x`"), "reads as typed: {html}");
    }

    #[test]
    fn markdown_keeps_its_raw_html_and_says_where() {
        let text = "---\ntitle: T\n---\n\nText <img src=x onerror=alert(1)> and <b>b</b>.\n\n<div onclick=alert(2)>\nblock\n</div>\n\n<!-- a comment -->\n";
        let kept = convert("page.md", text.as_bytes(), false).unwrap();
        let lines: Vec<&str> = kept.markdown.lines().collect();
        let reported: Vec<(usize, &str)> = kept
            .report
            .raw_html
            .iter()
            .map(|(line, html)| (*line, html.as_str()))
            .collect();
        assert_eq!(reported.len(), 3, "{reported:?}");
        for (line, html) in &reported {
            assert!(lines[line - 1].contains(html), "line {line}: {html}");
        }
        assert!(reported[0].1.starts_with("<img"));
        assert!(reported[2].1.starts_with("<div"));
        let stripped = convert("page.md", text.as_bytes(), true).unwrap();
        assert_eq!(html_events(&stripped.markdown), Vec::<String>::new());
        assert!(
            stripped.markdown.contains("Text  and b."),
            "{}",
            stripped.markdown
        );
        assert!(stripped.report.stripped_html >= 5);
        let nested = convert("n.md", b"a <<b>b> c\n", true).unwrap();
        assert_eq!(html_events(&nested.markdown), Vec::<String>::new());
        // Found by the import fuzz target: the tag removed, the tab before `<?` made the
        // rest a code block, which the body's trimming turned back into HTML.
        let indented = convert("n.md", b"<J>\t<?x<@", true).unwrap();
        assert_eq!(html_events(&indented.markdown), Vec::<String>::new());
    }

    #[test]
    fn docusaurus_markdown_is_made_plain_and_the_changes_said() {
        let text = "---\nsidebar_position: 2\n---\nimport Tabs from '@theme/Tabs';\n\n<head>\n  <title>Sharding</title>\n</head>\n\n:::tip Pick a key\nSpread the writes.\n:::\n\n<Tabs>\n  <TabItem value=\"a\" label=\"SQL *fast*\">\n\n    Query it.\n\n  </TabItem>\n</Tabs>\n\n<InDocAd />\n";
        let converted = convert("sharding.md", text.as_bytes(), false).unwrap();
        let markdown = &converted.markdown;
        assert!(markdown.contains("title: Sharding"), "{markdown}");
        assert!(
            markdown.contains("> [!tip] Pick a key\n> Spread the writes."),
            "{markdown}"
        );
        assert!(markdown.contains("**SQL \\*fast\\***\n\n"), "{markdown}");
        assert!(
            markdown.contains("\nQuery it."),
            "no longer indented: {markdown}"
        );
        for gone in [
            "import Tabs",
            "<head>",
            "<Tabs>",
            "TabItem",
            "InDocAd",
            ":::",
        ] {
            assert!(!markdown.contains(gone), "{gone} in {markdown}");
        }
        assert_eq!(
            converted.report.changed,
            [
                "line 4: an MDX import or export line is left out of the page",
                "line 22: the MDX component <InDocAd> is left out of the page",
                "a <head> block is left out; its title \"Sharding\" is the title",
                "1 admonition(s) written as > [!type] callouts",
            ]
        );
        assert!(
            converted.report.raw_html.is_empty(),
            "{:?}",
            converted.report.raw_html
        );
    }

    #[test]
    fn text_opening_with_a_rule_is_text() {
        let converted = convert("t.txt", b"---\nTell me about a time <b>\n", false).unwrap();
        assert!(
            converted.markdown.contains("\\<b>"),
            "{}",
            converted.markdown
        );
    }

    proptest::proptest! {
        #[test]
        fn no_plain_text_becomes_html(text in "[<>a-z &;/=\"'`!\\-\n\\\\]{0,200}") {
            let converted = convert("t.txt", text.as_bytes(), false).unwrap();
            let body = converted.markdown.split("---\n").nth(2).unwrap_or("");
            proptest::prop_assert!(html_events(body).is_empty(), "{}", body);
        }
    }
}
