//! Front matter: splitting a file into its front matter (YAML between `---`, TOML between
//! `+++`) and its Markdown body, and reading the front matter into typed keys plus `extra`.
//! Every error is located in the *file* (the front matter's offset is added), never in the
//! front matter block alone.

use crate::model::{FrontMatterQuestion, Kind, Layout};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, line_start_offset};

/// The language a front matter block is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// A file cut into front matter and body; offsets are bytes into the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter block and where it starts, when the file has one.
    pub front_matter: Option<(Format, &'a str, usize)>,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Cuts `text` (already without a BOM) into front matter and body.
///
/// Fails with the byte offset of the opening fence when the block is never closed.
pub fn split(text: &str) -> Result<Split<'_>, usize> {
    let (format, fence) = if fence_line(text, "---") {
        (Format::Yaml, "---")
    } else if fence_line(text, "+++") {
        (Format::Toml, "+++")
    } else {
        return Ok(Split {
            front_matter: None,
            body: text,
            body_offset: 0,
        });
    };
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..line_end].trim_end();
        if line == fence || (format == Format::Yaml && line == "...") {
            return Ok(Split {
                front_matter: Some((format, &text[start..offset], start)),
                body: &text[line_end..],
                body_offset: line_end,
            });
        }
        offset = line_end;
    }
    Err(0)
}

/// Whether the first line of `text` is exactly the fence (trailing spaces and `\r` allowed).
fn fence_line(text: &str, fence: &str) -> bool {
    let first = text.split('\n').next().unwrap_or("");
    first.trim_end() == fence
}

/// The keys prepress knows, typed; every other key is kept in `extra`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    /// A calendar date, normalised to `YYYY-MM-DD`.
    pub date: Option<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub tags: Vec<String>,
    pub principles: Vec<String>,
    pub kind: Kind,
    pub aliases: Vec<String>,
    /// The page's former URLs, each kept alive by a redirect page.
    pub redirect_from: Vec<String>,
    pub order: Option<i64>,
    pub framework: Option<String>,
    pub company: Option<String>,
    pub level: Option<String>,
    /// What a page's questions are about (`topic: caching`), a question filter.
    pub topic: Option<String>,
    /// How hard they are (`difficulty: medium`), a question filter.
    pub difficulty: Option<String>,
    /// A worksheet's layout: `per-principle`, `matrix` or `story`.
    pub layout: Option<Layout>,
    pub questions: Vec<FrontMatterQuestion>,
    /// The line of the `questions` key, for questions' positions.
    pub questions_line: usize,
    /// The line of each key's value in the file.
    pub key_lines: BTreeMap<String, usize>,
    /// Problems that do not stop the page: a key that looks like a typo.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    pub extra: BTreeMap<String, Value>,
}

/// How far a change to a key reaches: only the page itself (it is re-rendered alone
/// while `serve` relinks the course), or other pages too (navigation, URLs, the question
/// bank, the principles), so the whole course must be linked again first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Page,
    Course,
}

/// A typed key: its name, how far a change to it reaches, a valid example value (YAML)
/// for the tests, how its value is read into [`FrontMatter`], and whether two front
/// matters hold the same value. Adding a key is one entry here and one field.
pub struct Key {
    pub name: &'static str,
    pub reach: Reach,
    pub example: &'static str,
    read: fn(&mut FrontMatter, &mut Field<'_>, Value),
    same: fn(&FrontMatter, &FrontMatter) -> bool,
}

const A_STRING: &str = "a string";
const A_NUMBER: &str = "a whole number";

/// Every key prepress knows; every other key is kept in `extra`.
pub const KEYS: &[Key] = &[
    Key {
        name: "title",
        reach: Reach::Course,
        example: "A title",
        read: |fm, field, value| fm.title = field.read(value, A_STRING),
        same: |a, b| a.title == b.title,
    },
    Key {
        name: "description",
        reach: Reach::Course,
        example: "What it is about",
        read: |fm, field, value| fm.description = field.read(value, A_STRING),
        same: |a, b| a.description == b.description,
    },
    Key {
        name: "weight",
        reach: Reach::Course,
        example: "3",
        read: |fm, field, value| fm.weight = field.read(value, A_NUMBER),
        same: |a, b| a.weight == b.weight,
    },
    Key {
        name: "date",
        reach: Reach::Page,
        example: "2025-08-07",
        read: |fm, field, value| fm.date = field.date(value),
        same: |a, b| a.date == b.date,
    },
    Key {
        name: "draft",
        reach: Reach::Course,
        example: "true",
        read: |fm, field, value| fm.draft = field.read(value, "true or false").unwrap_or(false),
        same: |a, b| a.draft == b.draft,
    },
    Key {
        name: "slug",
        reach: Reach::Course,
        example: "a-slug",
        read: |fm, field, value| fm.slug = field.read(value, A_STRING),
        same: |a, b| a.slug == b.slug,
    },
    Key {
        name: "tags",
        reach: Reach::Page,
        example: "[a, b]",
        read: |fm, field, value| fm.tags = field.list(value),
        same: |a, b| a.tags == b.tags,
    },
    Key {
        name: "principles",
        reach: Reach::Course,
        example: "[Ownership]",
        read: |fm, field, value| fm.principles = field.list(value),
        same: |a, b| a.principles == b.principles,
    },
    Key {
        name: "kind",
        reach: Reach::Course,
        example: "story",
        read: |fm, field, value| match field.kind(&value) {
            Some(kind) => fm.kind = kind,
            None => {
                fm.extra.insert("kind".to_string(), value);
            }
        },
        same: |a, b| a.kind == b.kind,
    },
    Key {
        name: "aliases",
        reach: Reach::Course,
        example: "[Another name]",
        read: |fm, field, value| fm.aliases = field.list(value),
        same: |a, b| a.aliases == b.aliases,
    },
    Key {
        name: "redirect_from",
        reach: Reach::Course,
        example: "[/old/url/]",
        read: |fm, field, value| fm.redirect_from = field.list(value),
        same: |a, b| a.redirect_from == b.redirect_from,
    },
    Key {
        name: "order",
        reach: Reach::Course,
        example: "2",
        read: |fm, field, value| fm.order = field.read(value, A_NUMBER),
        same: |a, b| a.order == b.order,
    },
    Key {
        name: "framework",
        reach: Reach::Course,
        example: "Amazon",
        read: |fm, field, value| fm.framework = field.read(value, A_STRING),
        same: |a, b| a.framework == b.framework,
    },
    Key {
        name: "company",
        reach: Reach::Course,
        example: "Acme",
        read: |fm, field, value| fm.company = field.read(value, A_STRING),
        same: |a, b| a.company == b.company,
    },
    Key {
        name: "level",
        reach: Reach::Course,
        example: "L6",
        read: |fm, field, value| fm.level = field.scalar_text(value),
        same: |a, b| a.level == b.level,
    },
    Key {
        name: "topic",
        reach: Reach::Course,
        example: "caching",
        read: |fm, field, value| fm.topic = field.scalar_text(value),
        same: |a, b| a.topic == b.topic,
    },
    Key {
        name: "difficulty",
        reach: Reach::Course,
        example: "medium",
        read: |fm, field, value| fm.difficulty = field.scalar_text(value),
        same: |a, b| a.difficulty == b.difficulty,
    },
    Key {
        name: "layout",
        reach: Reach::Course,
        example: "matrix",
        read: |fm, field, value| {
            fm.layout = field.read(value, "one of per-principle, matrix, story")
        },
        same: |a, b| a.layout == b.layout,
    },
    Key {
        name: "questions",
        reach: Reach::Course,
        example: "[Why?]",
        read: |fm, field, value| {
            fm.questions_line = crate::diagnostic::line_and_column(field.source, field.at).0;
            fm.questions = field.questions(value);
        },
        same: |a, b| a.questions == b.questions,
    },
];

/// The key of that name, if prepress knows it.
pub fn known_key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|key| key.name == name)
}

impl FrontMatter {
    /// Whether every key whose change reaches other pages holds the same value.
    pub fn same_for_the_course(&self, other: &FrontMatter) -> bool {
        KEYS.iter()
            .filter(|key| key.reach == Reach::Course)
            .all(|key| (key.same)(self, other))
    }
}

/// One key's value and the byte offset of the value in the file.
type Located = (Value, usize);

/// Reads a front matter block into typed keys. `offset` is where the block starts in
/// `source`, the whole file's text, so that errors carry the file's line.
pub fn parse(
    file: &Path,
    source: &Arc<str>,
    format: Format,
    block: &str,
    offset: usize,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let keys = match format {
        Format::Yaml => parse_yaml(file, source, &obsidian_tags(block), offset),
        Format::Toml => parse_toml(file, source, block, offset),
    }
    .map_err(|diagnostic| vec![diagnostic])?;
    let mut front_matter = typed(file, source, keys)?;
    if format == Format::Yaml {
        for (key, first, again) in duplicate_keys(block) {
            let (line, _) = crate::diagnostic::line_and_column(source, offset + first);
            let message =
                format!("`{key}` is given twice, on line {line} and here: the later value is used");
            let diagnostic = Diagnostic::warning(file, "duplicate-key", message).at(
                source,
                offset + again,
                key.len(),
            );
            front_matter.warnings.push(diagnostic);
        }
    }
    Ok(front_matter)
}

/// The block with Obsidian's tag habit made YAML: in `tags: [#a, #b]` and in `- #a`
/// items under `tags:`, a `#` before a tag would start a comment, so it becomes a space
/// (the block keeps its length, so positions stay right).
fn obsidian_tags(block: &str) -> std::borrow::Cow<'_, str> {
    if !block.contains("#") {
        return std::borrow::Cow::Borrowed(block);
    }
    let mut out = String::with_capacity(block.len());
    let mut in_tags = false;
    for line in block.split_inclusive('\n') {
        let top_level = !line.starts_with([' ', '\t', '-']);
        if top_level {
            in_tags = line.starts_with("tags:");
        }
        let rest = line.strip_prefix("tags:").unwrap_or(line);
        let flow = line.starts_with("tags:") && rest.trim_start().starts_with('[');
        let item = in_tags && !top_level && line.trim_start().starts_with("- #");
        if !(flow || item) {
            out.push_str(line);
            continue;
        }
        let mut after_separator = false;
        for c in line.chars() {
            if c == '#' && after_separator {
                out.push(' ');
                continue;
            }
            if matches!(c, '[' | ',' | '-') {
                after_separator = true;
            } else if !c.is_whitespace() {
                after_separator = false;
            }
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Top-level keys given more than once: the key, where it first was and where it is
/// again (byte offsets in the block).
fn duplicate_keys(block: &str) -> Vec<(String, usize, usize)> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut duplicates = Vec::new();
    let mut offset = 0;
    for line in block.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        if line.starts_with([' ', '\t', '-', '#', '[', '{', '"', '\'']) {
            continue;
        }
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim_end();
        if key.is_empty() {
            continue;
        }
        match seen.get(key) {
            Some(&first) => duplicates.push((key.to_string(), first, at)),
            None => {
                seen.insert(key, at);
            }
        }
    }
    duplicates
}

fn parse_yaml(
    file: &Path,
    source: &Arc<str>,
    block: &str,
    offset: usize,
) -> Result<BTreeMap<String, Located>, Diagnostic> {
    type Map = BTreeMap<String, serde_saphyr::Spanned<Value>>;
    if block.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
    };
    let map: Option<Map> =
        serde_saphyr::from_str_with_options(block, options).map_err(|error| {
            let message = yaml_message(&error);
            let diagnostic = Diagnostic::error(file, "front-matter", message);
            match error.location() {
                Some(location) => {
                    let at = offset + yaml_offset(block, location.line(), location.column());
                    diagnostic.at(source, at, 1)
                }
                None => diagnostic.at(source, offset, 0),
            }
        })?;
    Ok(map
        .unwrap_or_default()
        .into_iter()
        .map(|(key, spanned)| {
            let at = offset
                + yaml_offset(
                    block,
                    spanned.referenced.line(),
                    spanned.referenced.column(),
                );
            (key, (spanned.value, at))
        })
        .collect())
}

/// The first line of serde-saphyr's message, without its own location and snippet.
fn yaml_message(error: &serde_saphyr::Error) -> String {
    let rendered = error.to_string();
    let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
    let without_prefix = first.strip_prefix("error:").unwrap_or(first).trim_start();
    let without_position = match without_prefix.find(": ") {
        Some(i) if without_prefix.starts_with("line ") => &without_prefix[i + 2..],
        _ => without_prefix,
    };
    let message = match without_position.find(" at line ") {
        Some(i) => &without_position[..i],
        None => without_position,
    };
    let message = without_library_advice(message);
    if message.starts_with("budget breached") {
        return "the YAML front matter is too large or too deeply nested".to_string();
    }
    format!("invalid YAML front matter: {message}")
}

/// A YAML message without the library's advice, which names its own options and means
/// nothing to an author ("…, set DuplicateKeyPolicy in Options if acceptable").
fn without_library_advice(message: &str) -> &str {
    let Some(i) = message.find(" in Options") else {
        return message;
    };
    let clause = message[..i]
        .rfind(", set ")
        .or_else(|| message[..i].rfind(". If"));
    message[..clause.unwrap_or(i)].trim_end_matches([',', '.'])
}

/// Byte offset in `block` of a 1-based line and column (in characters).
fn yaml_offset(block: &str, line: u64, column: u64) -> usize {
    let line_start = line_start_offset(block, line as usize);
    let rest = &block[line_start..];
    let skip = column.saturating_sub(1) as usize;
    line_start + rest.char_indices().nth(skip).map_or(rest.len(), |(i, _)| i)
}

fn parse_toml(
    file: &Path,
    source: &Arc<str>,
    block: &str,
    offset: usize,
) -> Result<BTreeMap<String, Located>, Diagnostic> {
    type Map = BTreeMap<String, toml::Spanned<toml::Value>>;
    let map: Map = toml::from_str(block).map_err(|error| {
        let message = format!("invalid TOML front matter: {}", error.message().trim());
        let diagnostic = Diagnostic::error(file, "front-matter", message);
        match error.span() {
            Some(span) => diagnostic.at(source, offset + span.start, span.len()),
            None => diagnostic.at(source, offset, 0),
        }
    })?;
    Ok(map
        .into_iter()
        .map(|(key, spanned)| {
            let at = offset + spanned.span().start;
            (key, (toml_to_json(spanned.into_inner()), at))
        })
        .collect())
}

/// TOML values as JSON values; dates and times become their TOML text.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Moves the known keys into their typed fields, collecting every type error.
fn typed(
    file: &Path,
    source: &Arc<str>,
    keys: BTreeMap<String, Located>,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let mut front_matter = FrontMatter::default();
    let mut errors = Vec::new();
    let mut front_matter_warnings = Vec::new();
    for (key, (value, at)) in keys {
        front_matter.key_lines.insert(
            key.clone(),
            crate::diagnostic::line_and_column(source, at).0,
        );
        if value.is_null() {
            continue;
        }
        let mut field = Field {
            file,
            source,
            key: &key,
            at,
            errors: &mut errors,
            warnings: &mut front_matter_warnings,
        };
        match known_key(&key) {
            Some(known) => (known.read)(&mut front_matter, &mut field, value),
            None => {
                if let Some(known) = near_known_key(&key) {
                    let message = format!("unknown key `{key}`: did you mean `{known}`?");
                    let diagnostic = Diagnostic::warning(file, "unknown-key", message)
                        .at(source, at, value_len(source, at))
                        .with_hint(format!(
                            "rename it to `{known}`; unknown keys go to the templates as `extra`"
                        ));
                    front_matter.warnings.push(diagnostic);
                }
                front_matter.extra.insert(key, value);
            }
        }
    }
    front_matter.warnings.extend(front_matter_warnings);
    if front_matter.date.is_none() {
        front_matter.date = front_matter.extra.get("created").and_then(date_of);
    }
    if errors.is_empty() {
        Ok(front_matter)
    } else {
        Err(errors)
    }
}

/// The known key an unknown key is probably a typo of (at most two edits away).
fn near_known_key(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    KEYS.iter()
        .map(|known| (edit_distance(&lower, known.name), known.name))
        .filter(|&(distance, known)| distance <= 2 && distance < known.len() / 2 + 1)
        .min()
        .map(|(_, known)| known)
}

/// Levenshtein distance between two words.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// One key's value being read, and where type errors go.
pub struct Field<'a> {
    file: &'a Path,
    source: &'a Arc<str>,
    key: &'a str,
    at: usize,
    errors: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Field<'_> {
    /// The value as `T`; a value of another type that reads safely as one (`weight:
    /// "3"`, `title: 2024`, `draft: "yes"`) is taken with a warning, anything else is an
    /// error.
    fn read<T: DeserializeOwned>(&mut self, value: Value, expected: &str) -> Option<T> {
        if let Ok(typed) = serde_json::from_value::<T>(value.clone()) {
            return Some(typed);
        }
        let found = describe(&value);
        let safe = safe_reading(&value).and_then(|v| serde_json::from_value::<T>(v).ok());
        if safe.is_some() {
            self.warn(
                "front-matter-type",
                format!(
                    "`{}` should be {expected}, found {found}: read as that",
                    self.key
                ),
            );
        } else {
            self.fail(format!("`{}` must be {expected}, found {found}", self.key));
        }
        safe
    }

    /// A page kind; a name prepress does not know is a warning (the page is a lecture,
    /// and the value stays in `extra.kind` for the templates).
    fn kind(&mut self, value: &Value) -> Option<Kind> {
        const KNOWN: &str = "lecture, principle, template, worksheet, story";
        let Value::String(name) = value else {
            let found = describe(value);
            self.fail(format!("`kind` must be one of {KNOWN}, found {found}"));
            return Some(Kind::Lecture);
        };
        let lower = Value::String(name.trim().to_lowercase());
        if let Ok(kind) = serde_json::from_value::<Kind>(lower) {
            return Some(kind);
        }
        self.warn(
            "unknown-kind",
            format!("unknown kind \"{name}\": the page is a lecture (known kinds: {KNOWN})"),
        );
        None
    }

    /// A string, or a number or boolean kept as its text (`level: 6`).
    fn scalar_text(&mut self, value: Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                let found = describe(&other);
                self.fail(format!("`{}` must be a string, found {found}", self.key));
                None
            }
        }
    }

    /// `questions:` items: strings, or maps with text, principles, followups, level, company.
    fn questions(&mut self, value: Value) -> Vec<FrontMatterQuestion> {
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        let mut questions = Vec::new();
        for item in items {
            match item {
                Value::String(text) => questions.push(FrontMatterQuestion {
                    text,
                    ..Default::default()
                }),
                Value::Object(_) => match serde_json::from_value::<FrontMatterQuestion>(item) {
                    Ok(question) => questions.push(question),
                    Err(error) => self.fail(format!(
                        "a question in `questions` must have `text` and may have principles, followups, level, company: {error}"
                    )),
                },
                Value::Null => {}
                other => {
                    let found = describe(&other);
                    self.fail(format!("`questions` must be a list of questions, found {found}"));
                }
            }
        }
        questions
    }

    /// A list of strings; a single string is a list of one, numbers are kept as text.
    fn list(&mut self, value: Value) -> Vec<String> {
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        let mut list = Vec::new();
        for item in items {
            match item {
                Value::String(s) if self.key == "tags" => {
                    list.push(s.trim().trim_start_matches('#').to_string())
                }
                Value::String(s) => list.push(s),
                Value::Number(n) => list.push(n.to_string()),
                Value::Bool(b) => list.push(b.to_string()),
                Value::Null => {}
                other => {
                    let found = describe(&other);
                    self.fail(format!(
                        "`{}` must be a list of strings, found {found}",
                        self.key
                    ));
                }
            }
        }
        list
    }

    /// A date `YYYY-MM-DD`, or a date-time whose date part is taken.
    fn date(&mut self, value: Value) -> Option<String> {
        let text = match &value {
            Value::String(s) => s.trim().to_string(),
            other => {
                let found = describe(other);
                self.fail(format!(
                    "`date` must be a date like 2025-08-07, found {found}"
                ));
                return None;
            }
        };
        let date_part = text.get(..10).unwrap_or(&text);
        match date_part.parse::<jiff::civil::Date>() {
            Ok(date) => Some(date.to_string()),
            Err(_) => {
                self.fail(format!(
                    "`date` must be a date like 2025-08-07, found \"{text}\""
                ));
                None
            }
        }
    }

    fn warn(&mut self, code: &'static str, message: String) {
        let diagnostic = Diagnostic::warning(self.file, code, message).at(
            self.source,
            self.at,
            value_len(self.source, self.at),
        );
        self.warnings.push(diagnostic);
    }

    fn fail(&mut self, message: String) {
        let diagnostic = Diagnostic::error(self.file, "front-matter", message).at(
            self.source,
            self.at,
            value_len(self.source, self.at),
        );
        self.errors.push(diagnostic);
    }
}

/// The length of the value's text on its line, for underlining.
fn value_len(source: &str, at: usize) -> usize {
    source
        .get(at..)
        .and_then(|rest| rest.lines().next())
        .map_or(0, |line| line.trim_end().len())
}

/// The calendar date a note app's `created: '2025-03-01T23:53:39.817Z'` holds.
fn date_of(value: &Value) -> Option<String> {
    let text = value.as_str()?.trim();
    let date = text.get(..10)?.parse::<jiff::civil::Date>().ok()?;
    Some(date.to_string())
}

/// The value as another scalar type that reads the same: a number or boolean as its
/// text, a text as the whole number or the yes/no it spells.
fn safe_reading(value: &Value) -> Option<Value> {
    match value {
        Value::Number(n) => Some(Value::String(n.to_string())),
        Value::Bool(b) => Some(Value::String(b.to_string())),
        Value::String(s) => {
            let s = s.trim();
            if let Ok(number) = s.parse::<i64>() {
                return Some(Value::from(number));
            }
            match s.to_lowercase().as_str() {
                "true" | "yes" => Some(Value::Bool(true)),
                "false" | "no" => Some(Value::Bool(false)),
                _ => None,
            }
        }
        _ => None,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_string(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a map".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_file(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let source: Arc<str> = Arc::from(text);
        let split = split(text).expect("closed");
        let (format, block, offset) = split.front_matter.expect("has front matter");
        parse(Path::new("x.md"), &source, format, block, offset)
    }

    /// Adding a field means adding its key to `KEYS`: every typed field has a key whose
    /// example sets it, and whose comparison sees the change.
    #[test]
    fn every_field_is_one_key() {
        let bookkeeping = ["questions_line", "key_lines", "extra"];
        let fields = serde_json::to_value(FrontMatter::default()).unwrap();
        for field in fields.as_object().unwrap().keys() {
            let declared = known_key(field).is_some() || bookkeeping.contains(&field.as_str());
            assert!(declared, "front matter field `{field}` is not in KEYS");
        }
        for key in KEYS {
            let text = format!("---\n{}: {}\n---\n", key.name, key.example);
            let parsed = parse_file(&text).unwrap_or_else(|e| panic!("{}: {e:?}", key.name));
            assert!(parsed.extra.is_empty(), "{} went to extra", key.name);
            assert!(
                !(key.same)(&parsed, &FrontMatter::default()),
                "{}: the example is read, and the comparison sees it",
                key.name
            );
            let course_wide = !parsed.same_for_the_course(&FrontMatter::default());
            assert_eq!(course_wide, key.reach == Reach::Course, "{}", key.name);
        }
    }

    #[test]
    fn an_unknown_kind_is_a_warning_and_kept_in_extra() {
        let fm = parse_file("---\ntitle: Map\nkind: moc\n---\n").unwrap();
        assert_eq!(fm.kind, Kind::Lecture);
        assert_eq!(fm.extra["kind"], "moc");
        let warning = &fm.warnings[0];
        assert_eq!((warning.code, warning.line), ("unknown-kind", 3));
        assert!(
            warning.message.contains("lecture, principle"),
            "{}",
            warning.message
        );
        assert_eq!(
            parse_file("---\nkind: Story\n---\n").unwrap().kind,
            Kind::Story
        );
    }

    #[test]
    fn a_value_that_reads_safely_as_the_type_is_a_warning() {
        let fm = parse_file("---\ntitle: 2024\nweight: \"3\"\ndraft: \"yes\"\n---\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("2024"));
        assert_eq!(fm.weight, Some(3));
        assert!(fm.draft);
        assert_eq!(fm.warnings.len(), 3, "{:?}", fm.warnings);
        assert!(fm.warnings.iter().all(|w| w.code == "front-matter-type"));
        let errors = parse_file("---\nweight: heavy\n---\n").unwrap_err();
        assert_eq!(errors[0].line, 2, "no safe reading: still an error");
    }

    #[test]
    fn a_duplicate_key_is_a_warning_naming_both_lines_and_the_later_wins() {
        let fm = parse_file("---\nid: 1\ntitle: A\nid: 2\n---\n").unwrap();
        assert_eq!(fm.extra["id"], 2);
        let warning = &fm.warnings[0];
        assert_eq!((warning.code, warning.line), ("duplicate-key", 4));
        assert!(warning.message.contains("line 2"), "{}", warning.message);
        assert!(!warning.message.contains("Options"), "{}", warning.message);
    }

    #[test]
    fn obsidian_tags_and_created_dates_load() {
        let fm = parse_file(
            "---\ntags: [#graphs, #difficulty/medium]\naliases: [DFS]\ncreated: '2025-03-01T23:53:39.817Z'\n---\n",
        )
        .unwrap();
        assert_eq!(fm.tags, ["graphs", "difficulty/medium"]);
        assert_eq!(fm.aliases, ["DFS"]);
        assert_eq!(fm.date.as_deref(), Some("2025-03-01"));
        let listed = parse_file("---\ntags:\n  - #a\n  - b\nnote: '# not a tag'\n---\n").unwrap();
        assert_eq!(listed.tags, ["a", "b"]);
        assert_eq!(listed.extra["note"], "# not a tag");
    }

    #[test]
    fn yaml_messages_never_name_the_library_options() {
        let advice = "duplicate mapping key: id, set DuplicateKeyPolicy in Options if acceptable";
        assert_eq!(without_library_advice(advice), "duplicate mapping key: id");
        let plain = "did not find expected key";
        assert_eq!(without_library_advice(plain), plain);
    }

    #[test]
    fn splits_yaml_and_body() {
        let split = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(split.front_matter, Some((Format::Yaml, "title: A\n", 4)));
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.body_offset, 17);
    }

    #[test]
    fn splits_toml() {
        let split = split("+++\ntitle = \"A\"\n+++\nbody").unwrap();
        assert_eq!(split.front_matter.unwrap().0, Format::Toml);
        assert_eq!(split.body, "body");
    }

    #[test]
    fn splits_crlf() {
        let split = split("---\r\ntitle: A\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(split.front_matter.unwrap().1, "title: A\r\n");
        assert_eq!(split.body, "body\r\n");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let split = split("# Title\n---\n").unwrap();
        assert_eq!(split.front_matter, None);
        assert_eq!(split.body_offset, 0);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split("---\ntitle: A\n"), Err(0));
    }

    #[test]
    fn only_front_matter() {
        let split = split("---\ntitle: A\n---").unwrap();
        assert_eq!(split.body, "");
    }

    #[test]
    fn real_world_yaml_loads() {
        let fm = parse_file(
            "---\ntitle: Real\ntags: [a, b]\ndate: 2025-08-07\ncreated: '2025-03-01T23:53:39.817Z'\nprinciples: [\n  Ownership,\n  Dive Deep,\n]\ncategory: notes\n---\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("Real"));
        assert_eq!(fm.tags, ["a", "b"]);
        assert_eq!(fm.date.as_deref(), Some("2025-08-07"));
        assert_eq!(fm.principles, ["Ownership", "Dive Deep"]);
        assert_eq!(fm.extra["category"], "notes");
        assert_eq!(fm.extra["created"], "2025-03-01T23:53:39.817Z");
    }

    #[test]
    fn toml_dates_and_extra() {
        let fm =
            parse_file("+++\ntitle = \"T\"\ndate = 2025-08-07\nweight = 3\n[extra]\nx = 1\n+++\n")
                .unwrap();
        assert_eq!(fm.date.as_deref(), Some("2025-08-07"));
        assert_eq!(fm.weight, Some(3));
        assert_eq!(fm.extra["extra"]["x"], 1);
    }

    #[test]
    fn questions_as_strings_and_maps() {
        let fm = parse_file(
            "---\ntitle: Q\nquestions:\n  - Why us?\n  - text: Tell me about a conflict.\n    principles: [Earn Trust]\n    followups: [What changed?]\n    level: L6\nlayout: per-principle\n---\n",
        )
        .unwrap();
        assert_eq!(fm.questions.len(), 2);
        assert_eq!(fm.questions[0].text, "Why us?");
        assert_eq!(fm.questions[1].principles, ["Earn Trust"]);
        assert_eq!(fm.questions[1].level.as_deref(), Some("L6"));
        assert_eq!(fm.questions_line, 4, "the line where the list starts");
        assert_eq!(fm.layout, Some(Layout::PerPrinciple));
    }

    #[test]
    fn bad_question_and_layout_are_located() {
        let errors = parse_file("---\nquestions:\n  - txt: typo\nlayout: grid\n---\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        let question = errors
            .iter()
            .find(|e| e.message.contains("`text`"))
            .unwrap();
        assert_eq!(question.line, 3);
        let layout = errors
            .iter()
            .find(|e| e.message.contains("layout"))
            .unwrap();
        assert_eq!(layout.line, 4);
    }

    #[test]
    fn near_misses_get_a_did_you_mean() {
        let fm =
            parse_file("---\ntitel: T\ntags: [a]\ncategory: notes\nprinciple: [Ownership]\n---\n")
                .unwrap();
        let messages: Vec<&str> = fm.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `principle`: did you mean `principles`?",
                "unknown key `titel`: did you mean `title`?"
            ]
        );
        assert_eq!(fm.warnings[1].line, 2);
        assert_eq!(fm.key_lines["category"], 4);
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("tags", "tags"), 0);
        assert_eq!(near_known_key("created"), None);
        assert_eq!(near_known_key("descripton"), Some("description"));
    }

    #[test]
    fn type_error_names_the_file_line() {
        let errors = parse_file("---\ntitle: T\nweight: \"abc\"\n---\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert!(
            errors[0].message.contains("weight"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn yaml_syntax_error_names_the_file_line() {
        let errors = parse_file("---\ntitle: T\ntags: [a, b\nweight: 2\n---\nbody\n").unwrap_err();
        assert!((3..=4).contains(&errors[0].line), "{errors:?}");
        assert!(!errors[0].message.contains("line"), "{}", errors[0].message);
        assert!(
            errors[0].message.starts_with("invalid YAML"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn toml_syntax_error_names_the_file_line() {
        let errors = parse_file("+++\ntitle = \"T\"\nweight = = 2\n+++\n").unwrap_err();
        assert_eq!(errors[0].line, 3);
    }

    #[test]
    fn every_type_error_is_collected() {
        let errors = parse_file("---\nweight: abc\ndraft: maybe\n---\n").unwrap_err();
        assert_eq!(errors.len(), 2);
    }
}
