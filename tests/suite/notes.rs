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
        "<a href=\"../binary-search-trees/\">ordered trees</a>",
        "<a href=\"../../system-design/caching/#eviction\">Caching &gt; Eviction</a>",
        "<a href=\"#collisions\">Collisions</a>",
        "<code>[[not a link]]</code>",
    ] {
        assert!(body.contains(link), "{link} in {body}");
    }
    assert!(
        maps.contains("<li><a href=\"../../tags/difficulty/easy/\">difficulty/easy</a></li>"),
        "tags without #, linked to their pages"
    );
    assert!(
        maps.contains("datetime=\"2025-03-01\""),
        "created gives the date"
    );

    let trees = vault.output_file("data-structures/binary-search-trees/index.html");
    let body = content(&trees);
    assert!(
        body.contains("<a href=\"../hash-maps/\">dictionary</a>"),
        "an alias, any case: {body}"
    );
    assert!(
        body.contains("<img src=\"../../attachments/tree-diagram.png\""),
        "an embed by name: {body}"
    );
    assert!(
        body.contains("<a href=\"../hash-maps/\">Hash Maps</a>"),
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
    assert!(section.contains("href=\"key-components/\""), "{section}");
    assert!(section.contains("href=\"caching/\""), "{section}");
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

#[test]
fn obsidian_callouts_fold_nest_and_keep_their_questions() {
    let vault = Course::fixture("obsidian");
    let output = vault.build_ok(&[]);
    assert!(
        stderr(&output).contains("Interview Tips.md:12:1: unknown callout type"),
        "{}",
        stderr(&output)
    );
    let page = vault.output_file("system-design/interview-tips/index.html");
    let body = content_whole(&page);
    for needle in [
        "<details class=\"callout callout-tip\" data-callout=\"tip\">\n<summary class=\"callout-title\">Before you draw anything</summary>",
        "<div class=\"callout callout-warning\" data-callout=\"warning\">\n<p class=\"callout-title\">Nested</p>",
        "<details class=\"callout callout-tip\" data-callout=\"tip\" open>\n<summary class=\"callout-title\">Open by default</summary>",
        "<div class=\"callout callout-note\" data-callout=\"note\">\n<p class=\"callout-title\">Odd type</p>",
        "<div class=\"callout callout-question\" data-callout=\"question\">\n<p class=\"callout-title\">Faq</p>",
    ] {
        assert!(body.contains(needle), "{needle} in {body}");
    }
    assert!(!body.contains("[!"), "{body}");
    let bank = vault.output_file("questions/index.html");
    assert!(
        !bank.contains("id=\"filter-company\"") && !bank.contains("id=\"filter-level\""),
        "a filter with nothing to choose is left out"
    );
    assert!(
        bank.contains("How would you shard a table of user sessions?"),
        "a question in a callout reaches the bank"
    );
}

#[test]
fn docusaurus_github_and_mkdocs_pages_read_as_their_authors_meant() {
    let course = Course::fixture("other-tools");
    let output = course.build_ok(&[]);
    let log = stderr(&output);
    assert!(
        log.contains("sharding.md:4:1: an MDX import or export line"),
        "{log}"
    );
    assert!(
        log.contains("sharding.md:28:1: the MDX component <InDocAd>"),
        "{log}"
    );
    assert_eq!(log.matches("mdx-import").count(), 1, "once per file: {log}");

    let sharding = course.output_file("docusaurus/sharding/index.html");
    assert!(
        sharding.contains("<title>Sharding in one page"),
        "the <head> title"
    );
    let body = content_whole(&sharding);
    for needle in [
        "<div class=\"callout callout-tip\" data-callout=\"tip\">\n<p class=\"callout-title\">Pick the key first</p>",
        "<p class=\"callout-title\">Rebalancing</p>",
        "<div class=\"callout callout-warning\" data-callout=\"warning\">\n<p class=\"callout-title\">Warning</p>",
        "<a href=\"#watching-lag\">replication lag</a>",
        "<p class=\"tab-label\">SQL</p>\n<p>Query the replica's delay view.</p>",
        ":::tip stays code",
    ] {
        assert!(body.contains(needle), "{needle} in {body}");
    }
    let outside_code = body.split("<pre").next().unwrap_or("");
    for literal in [
        ":::", "import ", "<head>", "<title>", "InDocAd", "Tabs", "TabItem",
    ] {
        assert!(
            !outside_code.contains(literal),
            "{literal} in {outside_code}"
        );
    }

    let readme = course.output_file("github/readme/index.html");
    let readme = content_whole(&readme);
    for (kind, title) in [
        ("note", "Note"),
        ("tip", "Important"),
        ("warning", "Caution"),
    ] {
        let needle = format!(
            "callout-{kind}\" data-callout=\"{kind}\">\n<p class=\"callout-title\">{title}</p>"
        );
        assert!(readme.contains(&needle), "{needle} in {readme}");
    }
    assert!(!readme.contains("[!"), "{readme}");

    let estimation = course.output_file("mkdocs/estimation/index.html");
    let estimation = content_whole(&estimation);
    for needle in [
        "<p class=\"callout-title\">Round early</p>",
        "<li>a day has about 10^5 seconds</li>",
        "<details class=\"callout callout-question\" data-callout=\"question\">\n<summary class=\"callout-title\">How many requests per second?</summary>",
        "<details class=\"callout callout-example\" data-callout=\"example\" open>",
        "</details>\n<p>Back to the main text.</p>",
    ] {
        assert!(estimation.contains(needle), "{needle} in {estimation}");
    }
    for literal in ["!!!", "???", "[!"] {
        assert!(!estimation.contains(literal), "{literal} in {estimation}");
    }
}

/// A page's content block, callouts and all (up to the pager).
fn content_whole(page: &str) -> &str {
    let start = page
        .find("<div class=\"content\">")
        .expect("a content block");
    let end = page[start..]
        .find("<nav class=\"pager\"")
        .map_or(page.len(), |end| start + end);
    &page[start..end]
}

#[test]
fn qa_notes_give_bank_questions_with_answers_in_every_export() {
    let vault = Course::fixture("obsidian");
    vault.build_ok(&[]);
    let bank = vault.output_file("questions/index.html");
    let card = bank
        .split("<article class=\"question-card\"")
        .find(|card| card.contains("Why do caches use consistent hashing?"))
        .expect("the English question is in the bank");
    assert!(card.contains("data-language=\"en\""), "{card}");
    assert!(
        card.contains("<details class=\"answer\">\n    <summary>Show answer</summary>"),
        "{card}"
    );
    assert!(
        card.contains("most cached\nentries stay where they are."),
        "{card}"
    );
    assert!(
        bank.contains("Pourquoi les caches utilisent-ils le hachage cohérent ?"),
        "one question per language"
    );
    assert!(
        bank.contains("<strong>numbers</strong> before boxes."),
        "a front matter answer, as HTML"
    );

    let json: serde_json::Value =
        serde_json::from_str(&vault.output_file("questions.json")).unwrap();
    let english = json
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"] == "Why do caches use consistent hashing?")
        .unwrap();
    assert_eq!(english["language"], "en");
    assert!(
        english["answer"]
            .as_str()
            .unwrap()
            .ends_with("See [[Caching]]."),
        "Markdown kept: {english}"
    );

    let export = |format: &str| {
        let output = prepress()
            .args(["export", "questions", "--format", format, "--root"])
            .arg(vault.root())
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let csv = export("csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",answer,language,topic,difficulty"),
        "{csv}"
    );
    assert!(
        csv.contains("Who uses it and how much; **numbers** before boxes."),
        "{csv}"
    );
    let tsv = export("tsv");
    let anki = tsv
        .lines()
        .find(|line| line.contains("first thing you ask"))
        .unwrap();
    assert!(anki.contains("<div class=\"answer\"><p>Who uses it and how much; <strong>numbers</strong> before boxes.</p></div>"), "{anki}");
}
