//! Cards written in lectures and notes (issue 31): cloze deletions, one-line and
//! reversed cards, and multi-line cards, found in a page's Markdown and placed in the
//! question bank beside its questions.
