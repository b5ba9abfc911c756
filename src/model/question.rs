//! Questions as plain data: as found in one file ([`RawQuestion`]), and as entries of
//! the linked question bank ([`Question`]) with every place each was written.

use serde::{Deserialize, Serialize};

/// A question as found in one file, before the link stage places it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawQuestion {
    pub text: String,
    pub followups: Vec<String>,
    /// Byte offset in the body.
    pub offset: usize,
    /// 1-based line in the body.
    pub line: usize,
    /// Indexes of the enclosing headings in the page's headings, outermost first.
    pub headings: Vec<usize>,
    /// The label paragraph that introduced the list, when there was one.
    pub label: Option<String>,
    /// The answer written under an `Answer` heading of a Q&A note, in Markdown.
    pub answer: Option<String>,
    /// The language tag of a Q&A note's `Question (EN)` heading, lower-case.
    pub language: Option<String>,
    /// When the page wrote a card rather than a question: the card, whose front as
    /// practice shows it is `text` and whose back is `answer`.
    pub card: Option<Card>,
}

/// A place a question was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The file, relative to the course root.
    pub source: String,
    pub line: usize,
    /// The page's URL and the nearest heading's id.
    pub url: String,
}

/// One entry of the question bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Stable across builds: from the normalised text.
    pub id: String,
    pub text: String,
    /// Principle slugs.
    pub principles: Vec<String>,
    pub followups: Vec<String>,
    pub source: String,
    pub line: usize,
    pub url: String,
    /// The title of the section the question's page is in.
    pub section: String,
    pub tags: Vec<String>,
    pub company: Option<String>,
    pub level: Option<String>,
    /// Other places the same question was written.
    pub also: Vec<SourceRef>,
    /// The answer, in Markdown, when one was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The language of a Q&A note's question, when it was tagged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Its page's `topic` and `difficulty`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// The ids of the same question in the other languages its note asks it in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<String>,
    /// When a page wrote it as a card rather than as a question: what kind, and the note
    /// it belongs to. Its `text` is then the card's front as practice shows it, and its
    /// `answer` the back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
}

/// The kinds of cards a page can write, as Anki's note types name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// A cloze deletion: `{{c1::hidden}}` (or `==hidden==` when the course turns
    /// highlight clozes on).
    Cloze,
    /// `Front::Back`, or a front and a back with a line `?` between them.
    Basic,
    /// `Front:::Back`, or `??` between them: a card each way.
    Reversed,
}

/// A card written in a page: the bank entry it makes is one card of one note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub kind: CardKind,
    /// The note as written: the whole cloze sentence with its `{{cN::…}}` marks, or the
    /// front (of a reversed pair: its first side).
    pub note: String,
    /// The note's back as written (empty for a cloze note).
    pub back: String,
    /// Which card of the note: a cloze's number (`c2`: 2); a reversed pair's back-to-front
    /// card: 2; else 1.
    pub number: u32,
    /// Shared by the cards of one note (a sentence's clozes, a reversed pair's two
    /// cards), stable as the entry's own id is.
    pub note_id: String,
}
