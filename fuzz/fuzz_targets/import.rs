//! Import of any bytes, as plain text and as Markdown. It must never panic, what it
//! writes must load as a page again, and plain text must never come out as HTML.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Parser};

fuzz_target!(|data: &[u8]| {
    for name in ["notes.txt", "notes.md"] {
        for strip_html in [false, true] {
            let Ok(converted) = prepress::import::convert(name, data, strip_html) else {
                continue;
            };
            let (source, _) = prepress::source::parse_source(
                "content/imported/notes.md".into(),
                "imported/notes.md".to_string(),
                Arc::from(converted.markdown.as_str()),
                &prepress::prep::questions::QuestionScanner,
            );
            let source = source.unwrap_or_else(|| {
                panic!("an import that does not load:\n{}", converted.markdown)
            });
            if converted.report.kind == "text" || strip_html {
                // Read as prepress reads it: `$…$` is a formula (drawn as MathML, its
                // markup text), not HTML.
                let html = Parser::new_ext(source.body(), prepress::markdown::options())
                    .any(|event| matches!(event, Event::Html(_) | Event::InlineHtml(_)));
                assert!(!html, "raw HTML in an import:\n{}", converted.markdown);
            }
        }
    }
});
