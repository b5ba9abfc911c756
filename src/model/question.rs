//! Questions as plain data: as found in one file ([`RawQuestion`]), and as entries of
//! the linked question bank ([`Question`]) with every place each was written.

use serde::Serialize;

/// A question as found in one file, before the link stage places it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}
