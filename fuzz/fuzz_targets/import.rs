//! Import of any bytes, as plain text and as Markdown. It must never panic, and what it
//! writes must load as a page again.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["notes.txt", "notes.md"] {
        if let Ok(converted) = prepress::import::convert(name, data) {
            let (source, _) = prepress::load::parse_source(
                "content/imported/notes.md".into(),
                "imported/notes.md".to_string(),
                Arc::from(converted.markdown.as_str()),
            );
            assert!(source.is_some(), "an import that does not load:\n{}", converted.markdown);
        }
    }
});
