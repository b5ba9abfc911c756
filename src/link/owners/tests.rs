//! Tests of [`super::clashes`]: every kind of owner against the others.

use std::path::PathBuf;

use super::clashes;
use crate::link::testing::course_of;

const PAGE: &str = "---\ntitle: Page\n---\nText.\n";

/// The clash errors of a course made of `files`, as `(file, message)`.
fn clash_messages(files: &[(&str, &str)], assets: &[&str]) -> Vec<(PathBuf, String)> {
    let (mut course, _) = course_of(files);
    course.assets = assets.iter().map(|a| a.to_string()).collect();
    let theme = vec![(
        "static/style.css".to_string(),
        PathBuf::from("themes/default (built in)/static/style.css"),
    )];
    clashes(&course, &theme)
        .into_iter()
        .inspect(|d| assert_eq!(d.code, "output-clash"))
        .map(|d| (d.file, d.message))
        .collect()
}

#[test]
fn a_course_without_clashes_has_no_error() {
    let found = clash_messages(
        &[("s/01-l1.md", PAGE), ("s/02-l2.md", PAGE)],
        &["s/diagram.png", "static/logo.png"],
    );
    assert_eq!(found, []);
}

#[test]
fn a_content_file_at_a_page_or_a_made_file_is_an_error_naming_both() {
    for (asset, path, other) in [
        ("s/l1/index.html", "s/l1/index.html", "content/s/01-l1.md"),
        ("sitemap.xml", "sitemap.xml", "the sitemap"),
        ("404.html", "404.html", "the 404 page"),
        ("static/style.css", "static/style.css", "static/style.css"),
        (
            "static/highlight.css",
            "static/highlight.css",
            "highlighting",
        ),
        ("print/index.html", "print/index.html", "the print page"),
    ] {
        let found = clash_messages(&[("s/01-l1.md", PAGE)], &[asset]);
        assert_eq!(found.len(), 1, "{asset}: {found:?}");
        let (file, message) = &found[0];
        assert_eq!(file, &PathBuf::from("content").join(asset));
        assert!(message.contains(&format!("`{path}`")), "{message}");
        assert!(message.contains(other), "{asset}: {message}");
    }
}

#[test]
fn a_file_where_a_page_needs_a_folder_is_an_error() {
    let found = clash_messages(&[("s/01-l1.md", PAGE)], &["s/l1"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, PathBuf::from("content/s/l1"));
    assert!(found[0].1.contains("content/s/01-l1.md"), "{}", found[0].1);
}

#[test]
fn a_page_at_a_url_prepress_makes_is_an_error() {
    let question = "---\ntitle: Q\nquestions: [Why us?]\n---\n";
    for (slug, made) in [
        ("print", "the print page"),
        ("questions", "the questions page"),
        ("practice", "the practice page"),
        ("progress", "the progress page"),
    ] {
        let page = format!("---\ntitle: X\nslug: {slug}\n---\nText.\n");
        let found = clash_messages(&[("l/q.md", question), ("01-x.md", &page)], &[]);
        assert_eq!(found.len(), 1, "{slug}: {found:?}");
        assert_eq!(found[0].0, PathBuf::from("content/01-x.md"));
        assert!(found[0].1.contains(made), "{slug}: {}", found[0].1);
    }
}

#[test]
fn a_search_folder_clashes_with_the_search_page_and_index() {
    let (course, _) = course_of(&[("search/01-a.md", PAGE)]);
    assert!(course.config.search, "search is on by default");
    let found = clashes(&course, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("the search page"), "{found:?}");
    let found = clash_messages(&[("s/01-l1.md", PAGE)], &["search-index/index.js"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("the search index"), "{found:?}");
}

#[test]
fn a_lecture_at_a_made_principle_page_is_an_error() {
    let naming = "---\ntitle: Talk\nprinciples: [Zeta Thing]\n---\nText.\n";
    let lecture = "---\ntitle: About zeta\n---\nText.\n";
    let (course, diagnostics) = course_of(&[
        ("l/01-talk.md", naming),
        ("principles/01-zeta-thing.md", lecture),
    ]);
    assert!(
        course.principles.iter().any(|p| p.lecture.is_none()),
        "a principle with a made page: {diagnostics:?}"
    );
    let clash: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "output-clash")
        .collect();
    assert_eq!(clash.len(), 1, "{diagnostics:?}");
    assert!(
        clash[0]
            .message
            .contains("`principles/zeta-thing/index.html`"),
        "{}",
        clash[0].message
    );
    assert_eq!(
        clash[0].file,
        PathBuf::from("content/principles/01-zeta-thing.md")
    );
}
