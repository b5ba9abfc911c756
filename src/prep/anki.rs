//! The Anki package (`.apkg`) of a course's question bank and cards (issue 31). Takes a
//! linked [`Course`] and the course's folder on disk (for the images answers show and
//! the times their files were changed); gives the bytes of a package that Anki, old and
//! new, imports: a zip of `collection.anki2` (an SQLite collection in Anki's schema 11),
//! the media files named `0`, `1`, … and `media`, the JSON that maps those numbers to
//! file names.
//!
//! Each bank entry becomes a note: a question a note of the type "prepress Basic", a
//! card written in a page a note of its kind (cloze deletions, one note per sentence with
//! a card per `{{cN::…}}`; a reversed pair, one note with a card each way). A note's GUID
//! is its entry's id (a card's note id), the same GUID the TSV export writes, so
//! importing a newer export updates the notes instead of adding them again; its time is
//! when its source file last changed, so Anki's "update if newer" takes exactly the
//! notes whose files changed. Everything else is fixed, so one course gives the same
//! bytes every time.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{Value, json};
use sha1::{Digest, Sha1};

use crate::config::CONTENT_DIR;
use crate::markdown;
use crate::markdown::highlight::escape;
use crate::model::{CardKind, Course, Question};

/// The file name a course's package has, in the built site and by default.
pub const FILE_NAME: &str = "course.apkg";

/// The note types, each with an id of its own that never changes, so a newer export
/// finds the note type an older one brought.
const NOTE_TYPES: [NoteType; 3] = [
    NoteType {
        kind: NoteKind::Basic,
        id: 1_733_500_000_001,
        name: "prepress Basic",
    },
    NoteType {
        kind: NoteKind::Reversed,
        id: 1_733_500_000_002,
        name: "prepress Basic (and reversed card)",
    },
    NoteType {
        kind: NoteKind::Cloze,
        id: 1_733_500_000_003,
        name: "prepress Cloze",
    },
];

/// The time written wherever Anki wants one and the course gives none (seconds since
/// 1970: 2024-12-06): fixed, so two exports of one course are the same bytes.
const FIXED_TIME: i64 = 1_733_500_000;

/// Anki's field separator.
const FIELD_SEPARATOR: char = '\u{1f}';

/// What can go wrong making a package (a bug or a full disk, never the course).
#[derive(Debug)]
pub struct AnkiError(String);

impl std::fmt::Display for AnkiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot make the Anki package: {}", self.0)
    }
}

impl std::error::Error for AnkiError {}

impl From<rusqlite::Error> for AnkiError {
    fn from(error: rusqlite::Error) -> Self {
        Self(format!("SQLite: {error}"))
    }
}

impl From<zip::result::ZipError> for AnkiError {
    fn from(error: zip::result::ZipError) -> Self {
        Self(format!("zip: {error}"))
    }
}

impl From<std::io::Error> for AnkiError {
    fn from(error: std::io::Error) -> Self {
        Self(error.to_string())
    }
}

/// The package of the course's bank, reading images and file times under `root` (the
/// course folder).
pub fn package(course: &Course, root: &Path) -> Result<Vec<u8>, AnkiError> {
    let mut media = Media::new(course, root);
    let mut db = rusqlite::Connection::open_in_memory()?;
    collection(&mut db, course, &mut media, root)?;
    let data = db.serialize(rusqlite::MAIN_DB)?;
    zip_package(&data, &media)
}

/// Notes made (their answers rendered) at once: a big bank's notes are never all in
/// memory beside the collection.
const NOTES_AT_ONCE: usize = 512;

/// The three kinds of note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    Basic,
    Reversed,
    Cloze,
}

/// A note type as the package declares it.
struct NoteType {
    kind: NoteKind,
    id: i64,
    name: &'static str,
}

impl NoteKind {
    fn of(question: &Question) -> Self {
        match question.card.as_ref().map(|card| card.kind) {
            None | Some(CardKind::Basic) => NoteKind::Basic,
            Some(CardKind::Reversed) => NoteKind::Reversed,
            Some(CardKind::Cloze) => NoteKind::Cloze,
        }
    }

    fn note_type(self) -> &'static NoteType {
        NOTE_TYPES
            .iter()
            .find(|t| t.kind == self)
            .expect("every kind has a note type")
    }
}

/// One note, ready for the collection.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Note {
    kind: NoteKind,
    guid: String,
    /// Front (or Text), Back (or Back Extra), Source, Principles.
    fields: [String; 4],
    tags: Vec<String>,
    /// The card numbers (0-based template or cloze ordinals).
    cards: Vec<u32>,
    /// Seconds since 1970 when its source last changed.
    modified: i64,
}

/// The entries of one note: its GUID, its kind, its first entry and its cards' ordinals.
type Group<'a> = (String, NoteKind, &'a Question, Vec<u32>);

/// The bank's entries grouped into notes, in bank order.
fn note_groups(course: &Course) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_guid: HashMap<String, usize> = HashMap::new();
    for question in &course.questions {
        let kind = NoteKind::of(question);
        let (guid, ordinal) = match (&question.card, kind) {
            (Some(card), NoteKind::Basic) => (card.note_id.clone(), 0),
            (Some(card), _) => (card.note_id.clone(), card.number.max(1) - 1),
            (None, _) => (question.id.clone(), 0),
        };
        match by_guid.get(&guid) {
            Some(&at) => {
                let cards = &mut groups[at].3;
                if !cards.contains(&ordinal) {
                    cards.push(ordinal);
                    cards.sort_unstable();
                }
            }
            None => {
                by_guid.insert(guid.clone(), groups.len());
                groups.push((guid, kind, question, vec![ordinal]));
            }
        }
    }
    groups
}

/// The notes of some groups, their images added to `media`; `times` keeps the files'
/// times already read.
fn notes<'a>(
    course: &Course,
    groups: &[Group<'a>],
    media: &mut Media,
    root: &Path,
    times: &mut HashMap<&'a str, i64>,
) -> Vec<Note> {
    // Their fields side by side: each answer is Markdown to render.
    let base = course.config.absolute_base();
    let fields: Vec<[String; 4]> = groups
        .par_iter()
        .map(|(_, _, question, _)| fields(course, question, &base))
        .collect();
    groups
        .iter()
        .zip(fields)
        .map(|((guid, kind, question, cards), mut fields)| {
            for field in &mut fields[..2] {
                *field = media.take_images(field, question);
            }
            let modified = std::iter::once(question.source.as_str())
                .chain(question.also.iter().map(|s| s.source.as_str()))
                .map(|source| {
                    *times
                        .entry(source)
                        .or_insert_with(|| modified_time(root, source))
                })
                .max()
                .unwrap_or(FIXED_TIME);
            Note {
                kind: *kind,
                guid: guid.clone(),
                fields,
                tags: tags(question),
                cards: cards.clone(),
                modified,
            }
        })
        .collect()
}

/// When a file under the course folder last changed, in whole seconds since 1970, but
/// never after `SOURCE_DATE_EPOCH` when that is set (the reproducible-builds convention:
/// a build from a fresh clone, whose files are all as new as the clone, then dates every
/// note by the last commit, the same on every machine).
fn modified_time(root: &Path, source: &str) -> i64 {
    let modified = std::fs::metadata(root.join(source))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|since| i64::try_from(since.as_secs()).ok())
        .unwrap_or(FIXED_TIME);
    match std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|epoch| epoch.trim().parse::<i64>().ok())
    {
        Some(epoch) => modified.min(epoch),
        None => modified,
    }
}

/// A note's four fields: front, back, the link to where it was written, principles.
fn fields(course: &Course, question: &Question, base: &str) -> [String; 4] {
    let (front, back) = match &question.card {
        Some(card) => {
            // A cloze note's back is its Back Extra, empty unless the page wrote one.
            let back = html(&card.back);
            let front = match card.kind {
                CardKind::Cloze => cloze_html(&card.note),
                _ => html(&card.note),
            };
            (front, back)
        }
        None => (escape(&question.text), question_back(question)),
    };
    let relative = question
        .url
        .strip_prefix(course.root.as_str())
        .unwrap_or(&question.url);
    let source = format!(
        "<a href=\"{}\">{}:{}</a>",
        escape(&format!("{base}{relative}")),
        escape(&question.source),
        question.line
    );
    let principles: Vec<String> = question
        .principles
        .iter()
        .map(|slug| escape(course.principle_title(slug)))
        .collect();
    [front, back, source, principles.join(", ")]
}

/// A question's back: its answer, then its follow-ups.
fn question_back(question: &Question) -> String {
    let mut back = question.answer.as_deref().map(html).unwrap_or_default();
    if !question.followups.is_empty() {
        back.push_str("<ul class=\"followups\">");
        for followup in &question.followups {
            back.push_str(&format!("<li>{}</li>", escape(followup)));
        }
        back.push_str("</ul>");
    }
    back
}

/// Markdown as HTML, as the bank's pages show an answer.
fn html(markdown_text: &str) -> String {
    let scan = markdown::scan(markdown_text, &mut ());
    let html = markdown::render(markdown_text, &scan.headings, &Default::default(), "");
    let html = html.trim_end();
    // One paragraph is shown as its text, as Anki's own editor writes a field.
    match html
        .strip_prefix("<p>")
        .and_then(|inner| inner.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html.to_string(),
    }
}

/// A cloze sentence as HTML with its `{{cN::…}}` marks kept for Anki (the site's
/// renderer turns them into highlighted text): hidden from the Markdown, then put back.
fn cloze_html(markdown_text: &str) -> String {
    const OPEN: char = '\u{e000}';
    const CLOSE: char = '\u{e001}';
    const SEPARATOR: char = '\u{e002}';
    let hidden = markdown_text
        .replace([OPEN, CLOSE, SEPARATOR], "")
        .replace("{{c", &format!("{OPEN}c"))
        .replace("}}", &CLOSE.to_string())
        .replace("::", &SEPARATOR.to_string());
    html(&hidden)
        .replace(OPEN, "{{")
        .replace(CLOSE, "}}")
        .replace(SEPARATOR, "::")
}

/// A note's tags: its principles, its page's tags and its section, with Anki's rules (no
/// spaces), sorted and each once.
fn tags(question: &Question) -> Vec<String> {
    let mut tags: Vec<String> = question
        .principles
        .iter()
        .chain(&question.tags)
        .chain(std::iter::once(&question.section))
        .map(|tag| anki_tag(tag))
        .filter(|tag| !tag.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// A tag as Anki can hold it: spaces (and the quotes Anki's search treats apart) to
/// underscores.
fn anki_tag(tag: &str) -> String {
    tag.split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .replace(['"', '\u{1f}'], "_")
}

/// The images the notes show: each course file once, under a flat name of its own.
struct Media<'a> {
    root: &'a Path,
    assets: HashSet<&'a str>,
    site_root: &'a str,
    /// The asset path (under `content/`) -> its name in the package.
    names: BTreeMap<String, String>,
    /// In the order added: its name in the package and its bytes.
    files: Vec<(String, Vec<u8>)>,
}

impl<'a> Media<'a> {
    fn new(course: &'a Course, root: &'a Path) -> Self {
        Self {
            root,
            assets: course.assets.iter().map(String::as_str).collect(),
            site_root: &course.site_root,
            names: BTreeMap::new(),
            files: Vec::new(),
        }
    }

    /// The field with each `<img src>` that names a course file pointed at that file in
    /// the package instead, the file added.
    fn take_images(&mut self, field: &str, question: &Question) -> String {
        let mut out = String::with_capacity(field.len());
        let mut rest = field;
        while let Some(at) = rest.find("<img ") {
            let Some(src_at) = rest[at..].find(" src=\"").map(|i| at + i + " src=\"".len()) else {
                break;
            };
            let Some(end) = rest[src_at..].find('"').map(|i| src_at + i) else {
                break;
            };
            out.push_str(&rest[..src_at]);
            let src = &rest[src_at..end];
            match self.add(src, question) {
                Some(name) => out.push_str(&escape(&name)),
                None => out.push_str(src),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// Adds the course file an image's `src` names, seen from where the question was
    /// written; its name in the package.
    fn add(&mut self, src: &str, question: &Question) -> Option<String> {
        let src = percent_decode(&src.replace("&amp;", "&"));
        if src.contains("://") || src.starts_with("data:") || src.starts_with("//") {
            return None;
        }
        let src = src.split(['?', '#']).next().unwrap_or_default();
        let asset = std::iter::once(question.source.as_str())
            .chain(question.also.iter().map(|s| s.source.as_str()))
            .find_map(|source| self.asset_of(src, source))?;
        if let Some(name) = self.names.get(&asset) {
            return Some(name.clone());
        }
        let bytes = std::fs::read(self.root.join(CONTENT_DIR).join(&asset)).ok()?;
        let file_name = asset.rsplit('/').next().unwrap_or(&asset);
        let name = if self.files.iter().any(|(n, _)| n == file_name) {
            format!("{}-{file_name}", &hex_sha1(asset.as_bytes())[..8])
        } else {
            file_name.to_string()
        };
        self.names.insert(asset, name.clone());
        self.files.push((name.clone(), bytes));
        Some(name)
    }

    /// The course file (a path under `content/`) that `src` names, written in `source`.
    fn asset_of(&self, src: &str, source: &str) -> Option<String> {
        let path = match src.strip_prefix(self.site_root) {
            Some(absolute) if src.starts_with('/') => absolute.to_string(),
            _ if src.starts_with('/') => src.trim_start_matches('/').to_string(),
            _ => {
                let in_content = source
                    .strip_prefix(CONTENT_DIR)
                    .map(|s| s.trim_start_matches('/'))
                    .unwrap_or(source);
                let folder = in_content.rsplit_once('/').map_or("", |(folder, _)| folder);
                format!("{folder}/{src}")
            }
        };
        let mut parts: Vec<&str> = Vec::new();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                part => parts.push(part),
            }
        }
        let path = parts.join("/");
        self.assets.contains(path.as_str()).then_some(path)
    }
}

/// `%20` and the like decoded; anything malformed left as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[at] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(at + 1).copied().and_then(hex),
                bytes.get(at + 2).copied().and_then(hex),
            )
        {
            out.push((high * 16 + low) as u8);
            at += 3;
            continue;
        }
        out.push(bytes[at]);
        at += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex_sha1(bytes: &[u8]) -> String {
    Sha1::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A number from a name, the same every time: an id for a note, a card or a deck. Kept
/// under 2^53 (Anki's JavaScript reads ids as numbers) and above Anki's own early ids.
fn stable_id(name: &str) -> i64 {
    let digest = Sha1::digest(name.as_bytes());
    let mut high = [0u8; 8];
    high[2..].copy_from_slice(&digest[..6]);
    1_000_000_000_000 + (u64::from_be_bytes(high) % 8_000_000_000_000) as i64
}

/// An id from a name not yet in `used`.
fn unique_id(name: &str, used: &mut HashSet<i64>) -> i64 {
    let mut id = stable_id(name);
    while !used.insert(id) {
        id += 1;
    }
    id
}

/// A field's text without its markup, as Anki sorts and checksums it.
fn plain_text(field: &str) -> String {
    let mut text = String::with_capacity(field.len());
    let mut in_tag = false;
    for c in field.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// Anki's checksum of a note's first field: the first 8 hex digits of its SHA-1.
fn field_checksum(plain: &str) -> i64 {
    let digest = Sha1::digest(plain.as_bytes());
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

/// Schema 11, as Anki 2.1 writes `collection.anki2`.
const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
    scm integer not null, ver integer not null, dty integer not null, usn integer not null,
    ls integer not null, conf text not null, models text not null, decks text not null,
    dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
    mod integer not null, usn integer not null, tags text not null, flds text not null,
    sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
    ord integer not null, mod integer not null, usn integer not null, type integer not null,
    queue integer not null, due integer not null, ivl integer not null, factor integer not null,
    reps integer not null, lapses integer not null, left integer not null, odue integer not null,
    odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
    ease integer not null, ivl integer not null, lastIvl integer not null,
    factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

/// The collection, in `db`: the deck, the note types, the notes and their new cards.
fn collection(
    db: &mut rusqlite::Connection,
    course: &Course,
    media: &mut Media,
    root: &Path,
) -> Result<(), AnkiError> {
    db.execute_batch("PRAGMA page_size = 4096; PRAGMA journal_mode = OFF;")?;
    db.execute_batch(SCHEMA)?;
    let deck_id = stable_id(&format!("deck:{}", course.config.title));
    db.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        rusqlite::params![
            FIXED_TIME,
            FIXED_TIME * 1000,
            conf_json(deck_id).to_string(),
            models_json(deck_id).to_string(),
            decks_json(deck_id, &course.config.title).to_string(),
            deck_config_json().to_string(),
        ],
    )?;
    let transaction = db.transaction()?;
    {
        let mut add_note = transaction
            .prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
        let mut add_card = transaction.prepare(
            "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        )?;
        let mut used = HashSet::new();
        let mut due = 0i64;
        let mut times = HashMap::new();
        let groups = note_groups(course);
        for chunk in groups.chunks(NOTES_AT_ONCE) {
            for note in notes(course, chunk, media, root, &mut times) {
                let note_id = unique_id(&format!("note:{}", note.guid), &mut used);
                let sort_field = plain_text(&note.fields[0]);
                let flds: Vec<&str> = note.fields.iter().map(String::as_str).collect();
                let tags = if note.tags.is_empty() {
                    String::new()
                } else {
                    format!(" {} ", note.tags.join(" "))
                };
                add_note.execute(rusqlite::params![
                    note_id,
                    note.guid,
                    note.kind.note_type().id,
                    note.modified,
                    tags,
                    flds.join(&FIELD_SEPARATOR.to_string()),
                    sort_field,
                    field_checksum(&sort_field),
                ])?;
                due += 1;
                for &ordinal in &note.cards {
                    let card_id = unique_id(&format!("card:{}:{ordinal}", note.guid), &mut used);
                    add_card.execute(rusqlite::params![
                        card_id,
                        note_id,
                        deck_id,
                        ordinal,
                        note.modified,
                        due,
                    ])?;
                }
            }
        }
    }
    transaction.commit()?;
    Ok(())
}

/// The collection's settings: the course's deck is the current one.
fn conf_json(deck_id: i64) -> Value {
    json!({
        "activeDecks": [deck_id],
        "addToCur": true,
        "collapseTime": 1200,
        "curDeck": deck_id,
        "curModel": NOTE_TYPES[0].id.to_string(),
        "dueCounts": true,
        "estTimes": true,
        "newBury": true,
        "newSpread": 0,
        "nextPos": 1,
        "sortBackwards": false,
        "sortType": "noteFld",
        "timeLim": 0,
    })
}

/// The stylesheet every card of the package has.
const CARD_CSS: &str = ".card { font-family: system-ui, sans-serif; font-size: 20px; \
line-height: 1.45; text-align: left; color: black; background-color: white; }\n\
.cloze { font-weight: bold; color: #1d4ed8; }\n\
.nightMode .cloze { color: #93c5fd; }\n\
.prepress-meta { margin-top: 1.5em; font-size: 0.75em; opacity: 0.8; }\n\
img { max-width: 100%; height: auto; }\n";

/// What every card's back ends with: the principles and the link to the page.
const META: &str = "<div class=\"prepress-meta\">{{#Principles}}<p class=\"principles\">{{Principles}}</p>{{/Principles}}\
{{#Source}}<p class=\"source\">{{Source}}</p>{{/Source}}</div>";

/// The three note types, by id.
fn models_json(deck_id: i64) -> Value {
    let mut models = serde_json::Map::new();
    for note_type in &NOTE_TYPES {
        let (first, second) = match note_type.kind {
            NoteKind::Cloze => ("Text", "Back Extra"),
            _ => ("Front", "Back"),
        };
        let field = |name: &str, ord: usize| {
            json!({"name": name, "ord": ord, "sticky": false, "rtl": false,
                   "font": "Arial", "size": 20, "media": []})
        };
        let template = |name: &str, ord: usize, front: String, back: String| {
            json!({"name": name, "ord": ord, "qfmt": front, "afmt": back,
                   "bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0})
        };
        let (templates, required, kind) = match note_type.kind {
            NoteKind::Cloze => (
                vec![template(
                    "Cloze",
                    0,
                    "{{cloze:Text}}".to_string(),
                    format!(
                        "{{{{cloze:Text}}}}{{{{#Back Extra}}}}<br>{{{{Back Extra}}}}{{{{/Back Extra}}}}{META}"
                    ),
                )],
                json!([[0, "any", [0]]]),
                1,
            ),
            kind => {
                let mut templates = vec![template(
                    "Card 1",
                    0,
                    "{{Front}}".to_string(),
                    format!("{{{{FrontSide}}}}<hr id=\"answer\">{{{{Back}}}}{META}"),
                )];
                let mut required = vec![json!([0, "any", [0]])];
                if kind == NoteKind::Reversed {
                    templates.push(template(
                        "Card 2",
                        1,
                        "{{Back}}".to_string(),
                        format!("{{{{FrontSide}}}}<hr id=\"answer\">{{{{Front}}}}{META}"),
                    ));
                    required.push(json!([1, "any", [1]]));
                }
                (templates, Value::Array(required), 0)
            }
        };
        models.insert(
            note_type.id.to_string(),
            json!({
                "id": note_type.id,
                "name": note_type.name,
                "type": kind,
                "mod": FIXED_TIME,
                "usn": -1,
                "sortf": 0,
                "did": deck_id,
                "tmpls": templates,
                "flds": [field(first, 0), field(second, 1), field("Source", 2), field("Principles", 3)],
                "css": CARD_CSS,
                "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
                "latexPost": "\\end{document}",
                "latexsvg": false,
                "req": required,
                "tags": [],
                "vers": [],
            }),
        );
    }
    Value::Object(models)
}

/// The default deck (Anki expects it) and the course's deck.
fn decks_json(deck_id: i64, title: &str) -> Value {
    let deck = |id: i64, name: &str| {
        json!({
            "id": id, "name": name, "desc": "", "mod": FIXED_TIME, "usn": -1,
            "collapsed": false, "browserCollapsed": false, "dyn": 0, "conf": 1,
            "extendNew": 10, "extendRev": 50,
            "newToday": [0, 0], "revToday": [0, 0], "lrnToday": [0, 0], "timeToday": [0, 0],
        })
    };
    let name = match title.trim() {
        "" => "prepress",
        title => title,
    };
    json!({ "1": deck(1, "Default"), deck_id.to_string(): deck(deck_id, name) })
}

/// Anki's default deck options, in full (older versions read every key).
fn deck_config_json() -> Value {
    json!({"1": {
        "id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": true,
        "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": true, "delays": [1.0, 10.0], "initialFactor": 2500,
                "ints": [1, 4, 7], "order": 1, "perDay": 20, "separate": true},
        "rev": {"bury": true, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1.0,
                "maxIvl": 36500, "minSpace": 1, "perDay": 200, "hardFactor": 1.2},
        "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8,
                  "minInt": 1, "mult": 0.0},
    }})
}

/// The zip: the collection, the media files by number, and `media`, deflated, with the
/// fixed time zip gives (1980-01-01).
fn zip_package(collection: &[u8], media: &Media) -> Result<Vec<u8>, AnkiError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("collection.anki2", options)?;
    zip.write_all(collection)?;
    let mut map = serde_json::Map::new();
    for (number, (name, bytes)) in media.files.iter().enumerate() {
        zip.start_file(number.to_string(), options)?;
        zip.write_all(bytes)?;
        map.insert(number.to_string(), Value::String(name.clone()));
    }
    zip.start_file("media", options)?;
    zip.write_all(Value::Object(map).to_string().as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Card;

    fn entry(id: &str, text: &str, card: Option<Card>) -> Question {
        Question {
            id: id.to_string(),
            text: text.to_string(),
            principles: vec!["ownership".to_string()],
            followups: Vec::new(),
            source: "content/l/talk.md".to_string(),
            line: 3,
            url: "/l/talk/".to_string(),
            section: "System design".to_string(),
            tags: vec!["load balancing".to_string()],
            company: None,
            level: None,
            also: Vec::new(),
            answer: None,
            language: None,
            topic: None,
            difficulty: None,
            translations: Vec::new(),
            card,
        }
    }

    fn card(kind: CardKind, note: &str, back: &str, number: u32, note_id: &str) -> Option<Card> {
        Some(Card {
            kind,
            note: note.to_string(),
            back: back.to_string(),
            number,
            note_id: note_id.to_string(),
        })
    }

    /// A course with one question, a cloze sentence of two cards, a reversed pair and
    /// a basic card.
    fn course() -> Course {
        let (mut course, _) = crate::link::testing::course_of(&[("l/talk.md", "# Talk\n")]);
        let cloze = "A {{c1::load balancer}} spreads {{c2::requests}}.";
        let mut question = entry("q1", "What does a <b>cache</b> do?", None);
        question.answer = Some("It **saves** work.".to_string());
        question.followups = vec!["And when it is stale?".to_string()];
        course.questions = vec![
            question,
            entry("c1", "", card(CardKind::Cloze, cloze, "", 1, "n-cloze")),
            entry("c2", "", card(CardKind::Cloze, cloze, "", 2, "n-cloze")),
            entry(
                "r1",
                "",
                card(CardKind::Reversed, "TTL", "Time to live", 1, "n-rev"),
            ),
            entry(
                "r2",
                "",
                card(CardKind::Reversed, "TTL", "Time to live", 2, "n-rev"),
            ),
            entry(
                "b1",
                "",
                card(CardKind::Basic, "CAP", "Pick two", 1, "n-basic"),
            ),
        ];
        course
    }

    #[test]
    fn entries_of_one_note_make_one_note_with_a_card_each() {
        let course = course();
        let dir = tempfile::tempdir().unwrap();
        let mut media = Media::new(&course, dir.path());
        let groups = note_groups(&course);
        let notes = notes(
            &course,
            &groups,
            &mut media,
            dir.path(),
            &mut HashMap::new(),
        );
        let summary: Vec<(NoteKind, &str, &[u32])> = notes
            .iter()
            .map(|n| (n.kind, n.guid.as_str(), n.cards.as_slice()))
            .collect();
        assert_eq!(
            summary,
            [
                (NoteKind::Basic, "q1", &[0][..]),
                (NoteKind::Cloze, "n-cloze", &[0, 1][..]),
                (NoteKind::Reversed, "n-rev", &[0, 1][..]),
                (NoteKind::Basic, "n-basic", &[0][..]),
            ]
        );
        let [front, back, source, principles] = &notes[0].fields;
        assert_eq!(front, "What does a &lt;b&gt;cache&lt;/b&gt; do?");
        assert!(back.contains("<strong>saves</strong>"), "{back}");
        assert!(back.contains("<li>And when it is stale?</li>"), "{back}");
        assert!(source.contains("content/l/talk.md:3</a>"), "{source}");
        assert_eq!(principles, "ownership");
        assert!(
            notes[1].fields[0].contains("{{c1::load balancer}}"),
            "{}",
            notes[1].fields[0]
        );
        assert_eq!(
            notes[1].tags,
            ["System_design", "load_balancing", "ownership"]
        );
        assert_eq!(notes[1].modified, FIXED_TIME, "no file: the fixed time");
    }

    #[test]
    fn the_collection_holds_every_note_and_card_and_is_the_same_bytes_twice() {
        let course = course();
        let dir = tempfile::tempdir().unwrap();
        let first = package(&course, dir.path()).unwrap();
        assert_eq!(first, package(&course, dir.path()).unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
        let mut collection = Vec::new();
        std::io::Read::read_to_end(
            &mut archive.by_name("collection.anki2").unwrap(),
            &mut collection,
        )
        .unwrap();
        let file = dir.path().join("c.anki2");
        std::fs::write(&file, collection).unwrap();
        let db = rusqlite::Connection::open(&file).unwrap();
        let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(count("SELECT count(*) FROM notes"), 4);
        assert_eq!(count("SELECT count(*) FROM cards"), 6);
        assert_eq!(
            count("SELECT count(*) FROM cards WHERE ord = 1"),
            2,
            "the second cloze and the reversed card"
        );
        let guid: String = db
            .query_row("SELECT guid FROM notes ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(["q1", "n-cloze", "n-rev", "n-basic"].contains(&guid.as_str()));
        let mut media = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("media").unwrap(), &mut media).unwrap();
        assert_eq!(media, "{}");
    }

    #[test]
    fn an_answer_image_goes_into_the_package_under_its_name() {
        let (mut course, _) = crate::link::testing::course_of(&[("l/talk.md", "# Talk\n")]);
        course.assets = vec!["l/img/ring.png".to_string(), "other/ring.png".to_string()];
        let dir = tempfile::tempdir().unwrap();
        for asset in &course.assets {
            let path = dir.path().join(CONTENT_DIR).join(asset);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, asset.as_bytes()).unwrap();
        }
        let mut question = entry("q1", "Draw the ring", None);
        question.answer = Some(
            "![ring](img/ring.png) and ![again](/other/ring.png) ![web](https://x.org/a.png)"
                .to_string(),
        );
        course.questions = vec![question];
        let mut media = Media::new(&course, dir.path());
        let groups = note_groups(&course);
        let notes = notes(
            &course,
            &groups,
            &mut media,
            dir.path(),
            &mut HashMap::new(),
        );
        let back = &notes[0].fields[1];
        let names: Vec<&str> = media.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(names[0], "ring.png");
        assert!(
            names[1].ends_with("-ring.png"),
            "two files of one name: {names:?}"
        );
        assert!(back.contains("src=\"ring.png\""), "{back}");
        assert!(back.contains(&format!("src=\"{}\"", names[1])), "{back}");
        assert!(back.contains("https://x.org/a.png"), "{back}");
        assert_eq!(media.files[1].1, b"other/ring.png");
    }

    #[test]
    fn tags_hold_no_spaces_and_ids_are_stable() {
        assert_eq!(anki_tag("Customer  Obsession"), "Customer_Obsession");
        assert_eq!(stable_id("note:a"), stable_id("note:a"));
        assert_ne!(stable_id("note:a"), stable_id("note:b"));
        assert!(stable_id("x") < 1 << 53);
        let mut used = HashSet::new();
        assert_ne!(unique_id("a", &mut used), unique_id("a", &mut used));
        assert_eq!(plain_text("<b>A</b> &amp; B"), "A & B");
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
        assert_eq!(
            cloze_html("A {{c1::load balancer::a box}} spreads **requests**"),
            "A {{c1::load balancer::a box}} spreads <strong>requests</strong>"
        );
    }
}
