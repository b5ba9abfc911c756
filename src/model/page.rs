//! What a source page is made of, as the load stage finds it and the later stages read
//! it: its kind and worksheet layout (from front matter), the questions its front
//! matter lists, and the headings and links of its Markdown.

use serde::Serialize;

/// The kind of a content file, from front matter `kind`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Lecture,
    Principle,
    Template,
    Worksheet,
    Story,
}

/// How a worksheet lays out its forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// One STAR(L) form per principle.
    PerPrinciple,
    /// Principles x stories grid.
    Matrix,
    /// One blank story form.
    Story,
}

/// A question written in front matter `questions:`, as a string or a map.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatterQuestion {
    pub text: String,
    #[serde(default)]
    pub principles: Vec<String>,
    #[serde(default)]
    pub followups: Vec<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    /// The answer, in Markdown.
    #[serde(default)]
    pub answer: Option<String>,
}

/// A heading of the page, with its unique id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    /// Byte offset in the body.
    pub offset: usize,
    /// Byte offset just after the heading.
    pub end: usize,
}

/// A block an Obsidian block id marks (`^id` ending a paragraph or list item): the
/// id, and the paragraph's or item's place in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Block {
    pub id: String,
    /// Byte offsets in the body: where the block starts, and just after it.
    pub start: usize,
    pub end: usize,
}

/// A link or image destination as written, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LinkRef {
    pub dest: String,
    /// Byte offset in the body.
    pub offset: usize,
    pub len: usize,
    pub is_image: bool,
    /// Written as a wiki link (`[[Note#Heading|text]]`, `![[image.png]]`): the target is
    /// a note's name, title or alias, and the anchor a heading's text.
    pub wiki: bool,
}
