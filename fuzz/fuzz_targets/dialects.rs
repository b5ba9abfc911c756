//! Callouts and other tools' syntax (GitHub alerts, Obsidian callouts, Docusaurus and
//! MkDocs containers, MDX leftovers) on any text: the scan and the HTML must never
//! panic, and every offset the scan reports must lie on a character boundary of the text
//! as written, so diagnostics can point at it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepress::markdown::{dialects, render, scan};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rewritten = dialects::rewrite(text);
    for offset in (0..=rewritten.text.len()).filter(|&o| rewritten.text.is_char_boundary(o)) {
        let original = rewritten.original(offset);
        assert!(original <= text.len() && text.is_char_boundary(original));
    }
    let found = scan(text, &mut ());
    for heading in &found.headings {
        assert!(heading.offset <= heading.end && heading.end <= text.len());
        assert!(text.is_char_boundary(heading.offset) && text.is_char_boundary(heading.end));
    }
    for link in &found.links {
        let end = link.offset + link.len;
        assert!(end <= text.len() && text.is_char_boundary(link.offset) && text.is_char_boundary(end));
    }
    for problem in &found.problems {
        assert!(problem.offset <= text.len() && text.is_char_boundary(problem.offset));
    }
    render(text, &found.headings, &Default::default(), "T");
});
