//! Notes from other tools, built as they are: an Obsidian-style vault (names with spaces,
//! no `_index.md`, wiki links and embeds, aliases, a duplicate key, an unknown kind).

use crate::common::{Course, prepress, stderr};

/// The text of a page between its content markers, without the theme around it.
fn content(page: &str) -> &str {
    let start = page
        .find("<div class=\"content\">")
        .expect("a content block");
    let end = page[start..]
        .find("</div>")
        .map_or(page.len(), |end| start + end);
    &page[start..end]
}

#[test]
fn an_obsidian_vault_builds_with_its_links_between_notes() {
    let vault = Course::fixture("obsidian");
    let output = vault.build_ok(&[]);
    let log = stderr(&output);
    for warning in [
        "Binary Search Trees.md:3:7: unknown kind \"moc\"",
        "Binary Search Trees.md:5:1: `id` is given twice,",
        "Caching.md:8:36: `[[Queues That Do Not Exist]]`",
    ] {
        assert!(log.contains(warning), "{warning} in {log}");
    }

    let maps = vault.output_file("data-structures/hash-maps/index.html");
    let body = content(&maps);
    for link in [
        "<a href=\"/data-structures/binary-search-trees/\">ordered trees</a>",
        "<a href=\"/system-design/caching/#eviction\">Caching &gt; Eviction</a>",
        "<a href=\"#collisions\">Collisions</a>",
        "<code>[[not a link]]</code>",
    ] {
        assert!(body.contains(link), "{link} in {body}");
    }
    assert!(maps.contains("<li>difficulty/easy</li>"), "tags without #");
    assert!(
        maps.contains("datetime=\"2025-03-01\""),
        "created gives the date"
    );

    let trees = vault.output_file("data-structures/binary-search-trees/index.html");
    let body = content(&trees);
    assert!(
        body.contains("<a href=\"/data-structures/hash-maps/\">dictionary</a>"),
        "an alias, any case: {body}"
    );
    assert!(
        body.contains("<img src=\"/attachments/tree-diagram.png\""),
        "an embed by name: {body}"
    );
    assert!(
        body.contains("<a href=\"/data-structures/hash-maps/\">Hash Maps</a>"),
        "a note embed: {body}"
    );

    let caching = vault.output_file("system-design/caching/index.html");
    assert!(
        content(&caching)
            .contains("<span class=\"wiki-unresolved\">Queues That Do Not Exist</span>")
    );
    for page in [&maps, &trees, &caching] {
        let text = content(page).replace("<code>[[not a link]]</code>", "");
        let outside_code: String = text.split("<pre").next().unwrap_or("").to_string();
        assert!(
            !outside_code.contains("[["),
            "no literal wiki link: {outside_code}"
        );
    }

    let section = vault.output_file("system-design/index.html");
    assert!(
        section.contains("<h1>System Design</h1>"),
        "a folder is a section: {section}"
    );
    assert!(
        section.contains("href=\"/system-design/key-components/\""),
        "{section}"
    );
    assert!(
        section.contains("href=\"/system-design/caching/\""),
        "{section}"
    );
}

#[test]
fn check_reports_what_build_reports_for_wiki_links() {
    let vault = Course::fixture("obsidian");
    let output = prepress()
        .args(["check", "--format", "json", "--root"])
        .arg(vault.root())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    for code in ["unknown-kind", "duplicate-key", "broken-link"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}
