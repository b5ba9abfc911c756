//! Wiki links on any text: a page of the fuzzer's Markdown links into a small vault
//! (names with spaces, titles, aliases, headings). Linking must never panic, every link
//! it resolves must lead to a page of the site or an anchor, and what it reports must
//! be located in the page.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use prepress::config::CourseConfig;
use prepress::link::{LinkOptions, link};
use prepress::prep::questions::QuestionScanner;
use prepress::source::{Loaded, parse_source};

const VAULT: &[(&str, &str)] = &[
    ("Graphs/Depth-First Search.md", "# Depth-First Search\n\n## Recursive version\n"),
    ("Trees/Binary Heap.md", "---\ntitle: Heaps\naliases: [Priority Queue]\n---\n## Sift down\n"),
    ("Trees/Notes.md", "x\n"),
    ("Graphs/Notes.md", "y\n"),
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = VAULT.iter().copied().chain([("Trees/fuzzed.md", text)]);
    let sources = files
        .filter_map(|(path, body)| {
            let file = Path::new("content").join(path);
            parse_source(file, path.to_string(), Arc::from(body), &QuestionScanner).0
        })
        .collect();
    let config = CourseConfig::parse(Path::new("course.toml"), "title = \"T\"").unwrap();
    let loaded = Loaded {
        root: PathBuf::new(),
        config,
        sources,
        assets: vec!["Trees/tree.png".to_string()],
        diagnostics: Vec::new(),
    };
    let (course, diagnostics) = link(loaded, LinkOptions::default());
    for lecture in &course.lectures {
        for url in lecture.page.links.values() {
            assert!(url.starts_with('/') || url.starts_with('#'), "{url}");
        }
    }
    for diagnostic in &diagnostics {
        assert!(diagnostic.line <= text.lines().count() + 20, "{diagnostic:?}");
    }
});
