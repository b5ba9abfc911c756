//! The site works wherever it is opened: every URL in a page is relative to it, so the
//! output resolves from disk, under a nested path of a server, and after a move.

use std::collections::{BTreeSet, VecDeque};
use std::net::SocketAddr;
use std::path::Path;

use crate::common::browser::StaticServer;
use crate::common::http::{Response, get};
use crate::common::{Course, copy_tree, read_tree};

/// The URLs in a page's `href`, `src` and `action` attributes.
fn urls(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\"", " action=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            found.push(&rest[..rest.find('"').unwrap_or(rest.len())]);
        }
    }
    found
}

/// Whether a URL leaves the site (or stays on the page).
fn is_external(url: &str) -> bool {
    url.starts_with('#')
        || url.starts_with("//")
        || [
            "http:",
            "https:",
            "mailto:",
            "data:",
            "blob:",
            "javascript:",
        ]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// `url` seen from the page at `page` (a path from the site's root, like `a/b/index.html`):
/// the file it names, from the root, or `None` when it climbs above the root.
fn resolve(page: &str, url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut file = parts.join("/");
    if path.is_empty() || path.ends_with('/') {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(file)
}

/// Every internal URL of every page that does not lead to a file, as "page: url".
fn broken_links(output: &Path) -> (usize, Vec<String>) {
    let files = read_tree(output);
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, bytes) in &files {
        let page = page.replace('\\', "/");
        // A server shows the 404 page at any path: its URLs are from the root.
        if !page.ends_with(".html") || page == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for url in urls(&html) {
            if is_external(url) {
                continue;
            }
            checked += 1;
            if url.starts_with('/') {
                broken.push(format!("{page}: {url} is from the server's root"));
                continue;
            }
            match resolve(&page, url) {
                Some(file) if files.contains_key(&file) => {}
                _ => broken.push(format!("{page}: {url}")),
            }
        }
    }
    (checked, broken)
}

#[test]
fn every_url_in_the_output_leads_to_a_file_relative_to_its_page() {
    for course in [
        Course::example(),
        Course::fixture("obsidian"),
        Course::fixture("nested"),
    ] {
        course.build_ok(&[]);
        let (checked, broken) = broken_links(&course.path("output"));
        assert!(checked > 100, "{checked} URLs checked");
        assert!(
            broken.is_empty(),
            "{} broken of {checked}: {broken:#?}",
            broken.len()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_output_moved_under_a_nested_path_has_no_broken_link() {
    let course = Course::example();
    course.build_ok(&[]);
    let host = tempfile::tempdir().unwrap();
    let nested = host.path().join("a/b/prep");
    std::fs::create_dir_all(&nested).unwrap();
    copy_tree(&course.path("output"), &nested);
    let server = StaticServer::start(host.path());

    // Follow every internal link from the home page, as a visitor would.
    let mut queue = VecDeque::from(["a/b/prep/index.html".to_string()]);
    let mut seen = BTreeSet::from(["a/b/prep/index.html".to_string()]);
    let mut broken = Vec::new();
    while let Some(file) = queue.pop_front() {
        let address = SocketAddr::from(([127, 0, 0, 1], server.port));
        let Response { status, body, .. } = get(address, &format!("/{file}")).await;
        if status != 200 {
            broken.push(file);
            continue;
        }
        if !file.ends_with(".html") {
            continue;
        }
        for url in urls(&body) {
            if is_external(url) {
                continue;
            }
            match resolve(&file, url) {
                Some(target) if target.starts_with("a/b/prep/") => {
                    if seen.insert(target.clone()) {
                        queue.push_back(target);
                    }
                }
                _ => broken.push(format!("{file}: {url} leaves the site's folder")),
            }
        }
    }
    assert!(seen.len() > 60, "pages and files reached: {}", seen.len());
    assert!(
        seen.contains("a/b/prep/static/style.css") && seen.contains("a/b/prep/templates/star.md"),
        "{seen:?}"
    );
    assert!(broken.is_empty(), "broken: {broken:#?}");
}

/// A course with more Markdown than one print page holds: three sections of eight
/// lectures, about 110 KB each, the first linking into the second's third lecture.
fn big_course() -> Course {
    let course = Course::fixture("nested");
    std::fs::remove_dir_all(course.path("content")).unwrap();
    course.write(
        "content/_index.md",
        "---\ntitle: Big\n---\nA long course.\n",
    );
    let paragraph =
        "A sentence about queues, caches and the trade-offs between them, written out. ".repeat(14);
    for section in ["alpha", "beta", "gamma"] {
        course.write(
            &format!("content/{section}/_index.md"),
            format!("---\ntitle: {section}\n---\n"),
        );
        for n in 1..=8 {
            let link = if section == "alpha" && n == 1 {
                "See [the detail](../beta/03-lecture-3.md#detail).\n\n"
            } else {
                ""
            };
            let body: String = (0..100).map(|_| format!("{paragraph}\n\n")).collect();
            course.write(
                &format!("content/{section}/0{n}-lecture-{n}.md"),
                format!("---\ntitle: {section} {n}\n---\n{link}{body}## Detail\n\nThe end.\n"),
            );
        }
    }
    course
}

#[test]
fn a_big_course_prints_in_parts_that_link_into_each_other() {
    let course = big_course();
    course.build_ok(&[]);
    let output = course.path("output");
    let cover = course.output_file("print/index.html");
    for part in ["alpha", "beta", "gamma"] {
        assert!(
            cover.contains(&format!("href=\"{part}/#{part}\"")),
            "the cover links to the {part} part: {cover}"
        );
        let printed = course.output_file(&format!("print/{part}/index.html"));
        for n in 1..=8 {
            assert!(
                printed.contains(&format!("id=\"{part}-lecture-{n}\"")),
                "{part} {n} is in its part"
            );
        }
        let others = ["alpha", "beta", "gamma"]
            .into_iter()
            .filter(|&p| p != part);
        for other in others {
            assert!(
                !printed.contains(&format!("id=\"{other}-lecture-1\"")),
                "{other} is not in the {part} part"
            );
        }
    }
    // The link from alpha 1 leads into the beta part, to the heading.
    let alpha = course.output_file("print/alpha/index.html");
    assert!(
        alpha.contains("href=\"../beta/#beta-lecture-3--detail\""),
        "a link into the other part"
    );
    let beta = course.output_file("print/beta/index.html");
    assert!(beta.contains("id=\"beta-lecture-3--detail\""));
    // No print page holds the whole course: the biggest part is a third of it.
    let sizes: Vec<u64> = ["print/index.html", "print/alpha/index.html"]
        .iter()
        .map(|p| std::fs::metadata(output.join(p)).unwrap().len())
        .collect();
    assert!(sizes[0] < 20_000, "the cover is contents only: {sizes:?}");
    assert!(sizes[1] < 1_500_000, "a part is one section: {sizes:?}");
    let (checked, broken) = broken_links(&output);
    assert!(checked > 50 && broken.is_empty(), "{broken:#?}");
}
