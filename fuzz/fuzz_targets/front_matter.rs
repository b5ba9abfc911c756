//! Splits and parses any text as a content file: front matter (YAML or TOML), typed
//! keys, the Markdown scan. It must never panic, and every diagnostic must point inside
//! the file.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    let (_, diagnostics) = prepress::source::parse_source(
        "content/fuzz.md".into(),
        "fuzz.md".to_string(),
        Arc::from(text),
        &prepress::prep::questions::QuestionScanner,
    );
    for diagnostic in diagnostics {
        assert!(diagnostic.line <= lines + 1, "line {} of {lines}", diagnostic.line);
    }
});
