//! The Anki package (`.apkg`) of a course's question bank and cards (issue 31).
