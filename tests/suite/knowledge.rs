//! A vault as a knowledge site: every page lists the pages that link to it ("Linked
//! from"), and tags (front matter and inline `#tags`, nested ones under their parents)
//! have pages of their own; in Chromium, a backlink and a tag lead where they say.

use fantoccini::Locator;

use crate::common::Course;
use crate::common::browser::{Browser, StaticServer, wait_for};

fn vault() -> Course {
    let course = Course::fixture("prep");
    course.write(
        "content/notes/gradle-cache.md",
        "---\ntitle: Gradle build cache\ntags: [android/gradle]\n---\n\
         How the build cache works. #performance\n\n```kotlin\nval tag = \"#not-a-tag\"\n```\n",
    );
    course.write(
        "content/notes/android-basics.md",
        "---\ntitle: Android basics\ntags: [Android]\n---\n\
         Start here, then read [[Gradle build cache]] for faster builds.\n\n\
         - A list item about [the cache](gradle-cache.md) too.\n\nIssue #123 is no tag, nor is C#.\n",
    );
    course.build_ok(&[]);
    course
}

#[test]
fn tags_have_pages_nested_under_their_parents_and_pages_link_to_them() {
    let course = vault();
    let all = course.output_file("tags/index.html").to_lowercase();
    for tag in ["#android", "#gradle", "#performance"] {
        assert!(all.contains(&format!(">{tag}</a>")), "{tag} in {all}");
    }
    assert!(!all.contains("not-a-tag"), "a tag in code is no tag");
    assert!(!all.contains("#123"), "digits alone are no tag");
    let android = course.output_file("tags/android/index.html");
    assert!(android.contains("Android basics"), "its own page");
    assert!(
        android.contains("Gradle build cache")
            && android.to_lowercase().contains("#android/gradle"),
        "the narrower tag's pages under it"
    );
    let gradle = course.output_file("tags/android/gradle/index.html");
    assert!(gradle.contains("Gradle build cache"));
    assert!(!gradle.contains(">Android basics<"));
    let note = course.output_file("notes/gradle-cache/index.html");
    assert!(
        note.contains("<li><a href=\"../../tags/android/gradle/\">android/gradle</a></li>"),
        "the page's tag links to its page"
    );
    assert!(
        note.contains("<li><a href=\"../../tags/performance/\">performance</a></li>"),
        "an inline tag too"
    );
}

#[test]
fn a_page_lists_the_pages_linking_to_it() {
    let course = vault();
    let note = course.output_file("notes/gradle-cache/index.html");
    let linked = note
        .split("<section class=\"backlinks\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a Linked from list");
    assert!(linked.contains("<a href=\"../android-basics/\">Android basics</a>"));
    assert!(
        linked.contains("Start here, then read Gradle build cache for faster builds."),
        "the words around the first link: {linked}"
    );
    assert_eq!(
        linked.matches("Android basics").count(),
        1,
        "one entry for two links"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backlink_and_a_tag_lead_where_they_say() {
    let course = vault();
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/notes/gradle-cache/"))
        .await
        .unwrap();
    client
        .find(Locator::Css(".backlinks a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the linking page",
        "return document.querySelector('main h1')?.textContent === 'Android basics';",
    )
    .await;
    client
        .find(Locator::Css(".tags a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the tag's page",
        "return document.body.classList.contains('kind-tag') && document.querySelector('main h1').textContent.toLowerCase() === '#android';",
    )
    .await;
    browser.close().await;
}

/// A vault shaped as people keep them: no `_index.md` but a `Home.md`, a note templates
/// folder named in `.obsidian/templates.json`, folders and notes whose URLs differ only
/// by a number prefix, and files `ignore` leaves out.
fn vault_as_kept() -> Course {
    let course = Course::fixture("obsidian");
    std::fs::remove_file(course.path("content/_index.md")).ok();
    course.write(
        "course.toml",
        "title = \"Kept vault\"\nignore = [\"drafts/**\", \"*.excalidraw.md\"]\n",
    );
    course.write(
        "content/Home.md",
        "# Welcome to the vault\n\nStart anywhere.\n",
    );
    course.write(
        "content/.obsidian/templates.json",
        "{\"folder\": \"_templates\"}",
    );
    course.write(
        "content/_templates/question.md",
        "# {{title}}\n\nA template.\n",
    );
    course.write("content/60-CompSci/graphs.md", "# Graphs\n\nNodes.\n");
    course.write("content/compsci/trees.md", "# Trees\n\nBranches.\n");
    course.write(
        "content/compsci/01-intro.md",
        "# Numbered intro\n\nFirst.\n",
    );
    course.write("content/compsci/intro.md", "# Plain intro\n\nSecond.\n");
    course.write("content/drafts/wip.md", "# Work in progress\n");
    course.write("content/compsci/board.excalidraw.md", "# Drawing\n");
    course
}

#[test]
fn a_vault_builds_as_it_is_kept() {
    let course = vault_as_kept();
    let output = course.build_ok(&[]);
    let said = crate::common::stderr(&output);
    assert_eq!(said.matches("number-prefix-kept").count(), 2, "{said}");
    assert!(said.contains("60-CompSci"), "{said}");
    let home = course.output_file("index.html");
    assert!(home.contains("Start anywhere."), "Home.md is the home page");
    assert!(
        course
            .output_file("60-compsci/graphs/index.html")
            .contains("Nodes.")
    );
    assert!(
        course
            .output_file("compsci/trees/index.html")
            .contains("Branches.")
    );
    assert!(
        course
            .output_file("compsci/01-intro/index.html")
            .contains("First.")
    );
    assert!(
        course
            .output_file("compsci/intro/index.html")
            .contains("Second.")
    );
    for left_out in [
        "templates/question/index.html",
        "drafts/wip/index.html",
        "compsci/board.excalidraw/index.html",
        "home/index.html",
    ] {
        assert!(
            !course.path("output").join(left_out).exists(),
            "{left_out} is not a page"
        );
    }
    let bad = Course::fixture("prep");
    bad.write("course.toml", "title = \"T\"\nignore = [\"a/[\"]\n");
    let failed = bad.build(&[]);
    assert!(!failed.status.success());
    assert!(
        crate::common::stderr(&failed).contains("`ignore` pattern `a/[`"),
        "{}",
        crate::common::stderr(&failed)
    );
}

#[test]
fn notes_not_written_yet_are_listed_with_the_pages_that_want_them() {
    let course = vault();
    course.write(
        "content/notes/wishes.md",
        "---\ntitle: Wishes\n---\nSee [[Coroutines]] and [[Flows#Cold]], and [[coroutines]] again.\n",
    );
    course.write(
        "content/notes/more.md",
        "---\ntitle: More\n---\nAlso [[Coroutines]].\n",
    );
    course.build_ok(&[]);
    let page = course.output_file("unresolved/index.html");
    assert!(
        page.contains("Coroutines</span>, linked from <a href=\"../notes/more/\">More</a>, <a href=\"../notes/wishes/\">Wishes</a>"),
        "{page}"
    );
    assert!(page.contains(">Flows</span>"), "{page}");
    assert_eq!(
        page.matches("wiki-unresolved\">").count(),
        2,
        "one entry a note"
    );
    let wishes = course.output_file("notes/wishes/index.html");
    assert!(
        wishes.contains("<span class=\"wiki-unresolved\">Coroutines</span>"),
        "the link keeps its plain-text look"
    );
    course.write(
        "course.toml",
        format!(
            "{}\nunresolved_page = false\n",
            std::fs::read_to_string(course.path("course.toml")).unwrap()
        ),
    );
    course.build_ok(&[]);
    assert!(!course.path("output/unresolved/index.html").exists());
}

#[test]
fn an_embedded_note_shows_its_text_and_a_cycle_stays_a_link() {
    let course = Course::fixture("prep");
    course.write(
        "content/notes/host.md",
        "---\ntitle: Host\n---\n## Intro\n\nBefore.\n\n![[Guest]]\n\n![[Guest#Second part]]\n\nAfter.\n",
    );
    course.write(
        "content/notes/guest.md",
        "---\ntitle: Guest\n---\nThe guest's own words.\n\n## Intro\n\nGuest intro.\n\n## Second part\n\nOnly this part.\n\n![[Inner]]\n",
    );
    course.write(
        "content/notes/inner.md",
        "---\ntitle: Inner\n---\nInner text, and back: ![[Guest]]\n",
    );
    let output = course.build_ok(&[]);
    let said = crate::common::stderr(&output);
    assert!(said.contains("embed-cycle"), "{said}");
    let host = course.output_file("notes/host/index.html");
    let main = host.split("<main").nth(1).unwrap();
    assert_eq!(
        main.matches("<figure class=\"embed\">").count(),
        4,
        "{main}"
    );
    assert!(main.contains("The guest's own words."));
    assert!(main.contains("Only this part."));
    assert!(main.contains("Inner text, and back:"), "nested");
    assert_eq!(
        main.matches("The guest's own words.").count(),
        1,
        "the section alone, and the cycle a link: {main}"
    );
    let ids: Vec<&str> = main
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids unique on the page: {ids:?}");
}

/// Hovering a link shows its page's preview, Escape closes it, and focus shows it too.
async fn preview_by_hover_and_focus(client: &fantoccini::Client, url: &str) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction};
    client.goto(url).await.unwrap();
    wait_for(
        client,
        10,
        "the page",
        "return document.readyState === 'complete';",
    )
    .await;
    let link = client
        .find(Locator::Css("main .content a[href*='gradle-cache']"))
        .await
        .unwrap();
    let hover = MouseActions::new("mouse".to_string()).then(PointerAction::MoveToElement {
        element: link,
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    client.perform_actions(hover).await.unwrap();
    let shown = "const card = document.getElementById('link-preview'); return !!card && !card.hidden && card.querySelector('.link-preview-title')?.textContent === 'Gradle build cache' && card.textContent.includes('How the build cache works.');";
    wait_for(client, 10, "the preview by hover", shown).await;
    let escape = fantoccini::actions::KeyActions::new("keys".to_string())
        .then(fantoccini::actions::KeyAction::Down { value: '\u{E00C}' })
        .then(fantoccini::actions::KeyAction::Up { value: '\u{E00C}' });
    client.perform_actions(escape).await.unwrap();
    wait_for(
        client,
        10,
        "the preview closed",
        "return document.getElementById('link-preview').hidden;",
    )
    .await;
    let away = MouseActions::new("mouse".to_string()).then(PointerAction::MoveTo {
        duration: None,
        x: 1.0,
        y: 1.0,
    });
    client.perform_actions(away).await.unwrap();
    client
        .execute(
            "document.querySelector(\"main .content a[href*='gradle-cache']\").focus();",
            vec![],
        )
        .await
        .unwrap();
    wait_for(client, 10, "the preview by focus", shown).await;
    let described = client
        .execute(
            "return document.activeElement.getAttribute('aria-describedby');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(described, "link-preview");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_previews_its_page_over_http_and_from_disk() {
    let course = vault();
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    preview_by_hover_and_focus(&browser.client, &server.url("/notes/android-basics/")).await;
    let from_disk = format!(
        "file://{}/notes/android-basics/index.html",
        course.path("output").display()
    );
    preview_by_hover_and_focus(&browser.client, &from_disk).await;
    browser.close().await;
}

#[test]
fn pages_draw_their_link_graph_and_the_course_its_whole_graph_the_same_every_time() {
    let course = vault();
    let note = course.output_file("notes/gradle-cache/index.html");
    let graph = note
        .split("<section class=\"local-graph\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a local graph");
    assert!(graph.contains("<svg class=\"link-graph\""));
    assert!(
        graph.contains("href=\"../android-basics/\"") && graph.contains(">Android basics</text>"),
        "the linking page is a node that links to it: {graph}"
    );
    assert!(graph.contains("<line "), "an edge");
    assert!(!graph.contains("<script"), "no script");
    let whole = course.output_file("graph/index.html");
    assert!(whole.contains("graph-section"), "sections are labelled");
    assert!(whole.len() < 1024 * 1024);
    let first = (note.clone(), whole.clone());
    std::fs::remove_dir_all(course.path("output")).unwrap();
    std::fs::remove_dir_all(course.path(".output.cache")).ok();
    course.build_ok(&[]);
    assert_eq!(
        (
            course.output_file("notes/gradle-cache/index.html"),
            course.output_file("graph/index.html")
        ),
        first,
        "the same SVG from the same course"
    );
}

#[test]
fn a_course_can_turn_backlinks_previews_graphs_and_tag_pages_off_one_by_one() {
    let course = vault();
    let note = || course.output_file("notes/gradle-cache/index.html");
    let (has_backlinks, has_graph) = (
        |page: &str| page.contains("<section class=\"backlinks\""),
        |page: &str| page.contains("<section class=\"local-graph\""),
    );
    let has_previews = |page: &str| page.contains("static/preview.js");
    let on = note();
    assert!(has_backlinks(&on) && has_graph(&on) && has_previews(&on));
    assert!(on.contains("The whole course’s graph"));
    assert!(course.path("output/link-previews/0.js").exists());
    assert!(course.path("output/graph/index.html").exists());
    let original = std::fs::read_to_string(course.path("course.toml")).unwrap();
    let with = |line: &str| {
        course.write("course.toml", format!("{original}\n{line}\n"));
        course.build_ok(&[]);
        note()
    };
    let page = with("backlinks = false");
    assert!(!has_backlinks(&page) && has_graph(&page) && has_previews(&page));
    let page = with("link_previews = false");
    assert!(has_backlinks(&page) && !has_previews(&page));
    assert!(
        !course.path("output/link-previews").exists(),
        "no preview data"
    );
    let page = with("local_graph = false");
    assert!(has_backlinks(&page) && !has_graph(&page));
    let page = with("graph_page = false");
    assert!(has_graph(&page), "the local graph stays");
    assert!(
        !page.contains("The whole course’s graph"),
        "and leads to no missing page"
    );
    assert!(!course.path("output/graph/index.html").exists());
    let page = with("tag_pages = false");
    assert!(
        page.contains("<li>android/gradle</li>") && page.contains("<li>performance</li>"),
        "the tags as text"
    );
    assert!(!course.path("output/tags").exists());
}

#[test]
fn a_block_id_is_an_anchor_a_link_lands_on_and_an_embed_shows() {
    let course = Course::fixture("prep");
    course.write(
        "content/notes/facts.md",
        "---\ntitle: Facts\n---\nIntro.\n\nA key fact worth citing. ^fact1\n\nThe power x ^2\nis text, and so is [a link ^x](#intro).\n\n- Step one\n- Step two ^step2\n\n```\nlet code = 1; ^in-code\n```\n\n1. Ordered one\n2. Ordered two ^ordered2\n",
    );
    course.write(
        "content/notes/citing.md",
        "---\ntitle: Citing\n---\nAs [[Facts#^fact1]] says, not [[Facts#^in-code|the code]] nor [[Facts#^2|a power]].\n\n![[Facts#^step2]]\n\n![[Facts#^ordered2]]\n",
    );
    course.build_ok(&[]);
    let facts = course.output_file("notes/facts/index.html");
    assert!(
        facts.contains("A key fact worth citing.<span class=\"block-id\" id=\"^fact1\"></span>"),
        "{facts}"
    );
    assert!(!facts.contains("^step2</"), "the marker is not text");
    assert!(
        facts.contains("The power x ^2\nis text") && facts.contains("a link ^x</a>"),
        "a ^word that ends no paragraph or item stays text: {facts}"
    );
    let citing = course.output_file("notes/citing/index.html");
    assert!(citing.contains("href=\"../facts/#^fact1\""), "{citing}");
    assert!(
        !citing.contains("#^in-code") && !citing.contains("#^2"),
        "a ^word in code or mid-paragraph marks no block the page has: {citing}"
    );
    let embeds: Vec<&str> = citing
        .split("<figure class=\"embed\">")
        .skip(1)
        .filter_map(|rest| rest.split("</figure>").next())
        .collect();
    assert_eq!(embeds.len(), 2, "{citing}");
    assert!(embeds[0].contains("Step two"), "{}", embeds[0]);
    assert!(
        !embeds[0].contains("Step one") && !embeds[0].contains("key fact"),
        "{}",
        embeds[0]
    );
    assert!(
        embeds[1].contains("Ordered two") && !embeds[1].contains("Ordered one"),
        "a numbered item alone: {}",
        embeds[1]
    );
}
