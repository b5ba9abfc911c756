//! Markdown to questions: the scan (headings, links, questions) of any text, as a lecture
//! and as a principle file. It must never panic, and questions must come out clean.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepress::model::Kind;
use prepress::prep::questions::QuestionScanner;
use prepress::source::Scanner;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in [Kind::Lecture, Kind::Principle] {
        let (scan, questions) = QuestionScanner.scan(text, kind);
        for question in &questions {
            assert!(!question.text.is_empty());
            assert_eq!(question.text.trim(), question.text);
            assert!(question.offset <= text.len());
            assert!(question.line >= 1);
        }
        for heading in &scan.headings {
            assert!(heading.offset <= heading.end && heading.end <= text.len());
        }
    }
});
