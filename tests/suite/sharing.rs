//! Sharing a course: Atom feeds (read by the real `feedparser`, which `tests/setup`
//! installs beside Anki in `target/anki/`), link cards, redirects for moved pages (front
//! matter and found by the build), edit links and dates from a git repository made in
//! the test, `llms.txt` and Markdown copies, and the service worker that reads a site
//! offline in headless Chromium.

use std::path::Path;
use std::process::Command;

use crate::common::browser::{Browser, StaticServer, wait_for};
use crate::common::{Course, stderr};

/// A course with three dated lectures in two sections, one undated, and a story.
fn dated_course(toml_extra: &str) -> Course {
    let course = Course {
        dir: tempfile::tempdir().unwrap(),
    };
    course.write(
        "course.toml",
        format!(
            "title = \"Feeds & Friends\"\ndescription = \"A course <to> follow\"\n{toml_extra}"
        ),
    );
    course.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    course.write(
        "content/design/_index.md",
        "---\ntitle: Design\ndescription: Systems\n---\n",
    );
    course.write(
        "content/design/01-cache.md",
        "---\ntitle: Caching <basics>\ndescription: Where caches live\ndate: 2025-03-01\ntags: [perf]\n---\nA cache keeps **copies**.\n",
    );
    course.write(
        "content/design/02-queue.md",
        "---\ntitle: Queues\ndate: 2025-05-10\n---\nA queue decouples. See [cache](01-cache.md).\n",
    );
    course.write("content/talk/_index.md", "---\ntitle: Talk\n---\n");
    course.write(
        "content/talk/01-star.md",
        "---\ntitle: STAR\ndate: 2024-12-24\n---\nSituation first.\n",
    );
    course.write(
        "content/talk/02-undated.md",
        "---\ntitle: Undated\n---\nNo date.\n",
    );
    course
}

/// What feedparser reads of a feed: whether it found it malformed, its title, and each
/// entry's title, link, id and dates.
fn parsed(feed: &Path) -> serde_json::Value {
    let script = r#"
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": d.bozo, "version": d.version, "title": d.feed.get("title"),
  "id": d.feed.get("id"), "updated": d.feed.get("updated"),
  "self": [l.href for l in d.feed.get("links", []) if l.rel == "self"],
  "entries": [{"title": e.title, "link": e.link, "id": e.id, "published": e.published,
               "updated": e.updated, "summary": e.get("summary"),
               "content": e.content[0].value if e.get("content") else None,
               "tags": [t.term for t in e.get("tags", [])]} for e in d.entries]}))
"#;
    let output = Command::new(crate::common::setup_python("feedparser"))
        .args(["-c", script])
        .arg(feed)
        .output()
        .expect("run feedparser");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn feeds_list_dated_lectures_newest_first_and_read_as_valid_atom() {
    let course = dated_course("base_url = \"https://example.org/prep/\"\n");
    course.build_ok(&[]);
    let feed = parsed(&course.path("output/atom.xml"));
    assert_eq!(feed["bozo"], false, "{feed}");
    assert_eq!(feed["version"], "atom10");
    assert_eq!(feed["title"], "Feeds & Friends");
    assert_eq!(feed["self"][0], "https://example.org/prep/atom.xml");
    let titles: Vec<&str> = feed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Queues", "Caching <basics>", "STAR"], "{feed}");
    let cache = &feed["entries"][1];
    assert_eq!(cache["link"], "https://example.org/prep/design/cache/");
    assert_eq!(cache["id"], "https://example.org/prep/design/cache/");
    assert_eq!(cache["published"], "2025-03-01T00:00:00Z");
    assert_eq!(cache["summary"], "Where caches live");
    assert_eq!(cache["tags"][0], "perf");
    assert!(
        cache["content"]
            .as_str()
            .unwrap()
            .contains("<strong>copies</strong>"),
        "{cache}"
    );
    // The section's feed: its own lectures only.
    let design = parsed(&course.path("output/design/atom.xml"));
    assert_eq!(design["bozo"], false);
    assert_eq!(design["entries"].as_array().unwrap().len(), 2, "{design}");
    assert!(!course.path("output/talk/../design/cache/atom.xml").exists());
    // Required elements, by a schema's list: feed id, title, updated, author; each
    // entry's id, title, updated.
    let xml = course.output_file("atom.xml");
    for element in ["<id>", "<title>", "<updated>", "<author><name>"] {
        assert!(xml.contains(element), "{element} missing");
    }
    assert_eq!(xml.matches("<entry>").count(), 3);
    assert_eq!(
        xml.matches("<entry>").count(),
        xml.matches("    <updated>").count()
    );
    // Every page's head links the course's feed; a section's page its own too.
    let page = course.output_file("design/queue/index.html");
    assert!(
        page.contains(r#"<link rel="alternate" type="application/atom+xml" title="Feed: Feeds &amp; Friends" href="../../atom.xml">"#),
        "{page}"
    );
    let section = course.output_file("design/index.html");
    assert!(section.contains(r#"href="atom.xml""#), "{section}");
}

#[test]
fn feeds_have_stable_ids_without_a_full_base_url_and_none_without_dates_or_when_off() {
    let course = dated_course("");
    course.build_ok(&[]);
    let feed = parsed(&course.path("output/atom.xml"));
    assert_eq!(feed["bozo"], false, "{feed}");
    let id = feed["entries"][0]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
    course.build_ok(&[]);
    assert_eq!(
        parsed(&course.path("output/atom.xml"))["entries"][0]["id"],
        id
    );

    let off = dated_course("feeds = false\n");
    off.build_ok(&[]);
    assert!(!off.path("output/atom.xml").exists());
    assert!(
        !off.output_file("index.html")
            .contains("application/atom+xml")
    );

    let undated = Course {
        dir: tempfile::tempdir().unwrap(),
    };
    undated.write("course.toml", "title = \"T\"\n");
    undated.write("content/a.md", "---\ntitle: A\n---\nNo date.\n");
    undated.build_ok(&[]);
    assert!(!undated.path("output/atom.xml").exists());
}

#[test]
fn pages_carry_link_cards_with_full_urls_when_base_url_is_one() {
    let course = dated_course("base_url = \"https://example.org/prep/\"\n");
    course.build_ok(&[]);
    let page = course.output_file("design/cache/index.html");
    for meta in [
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:title" content="Caching &lt;basics&gt;">"#,
        r#"<meta property="og:description" content="Where caches live">"#,
        r#"<meta property="og:url" content="https://example.org/prep/design/cache/">"#,
        r#"<link rel="canonical" href="https://example.org/prep/design/cache/">"#,
        r#"<meta property="og:site_name" content="Feeds &amp; Friends">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
    ] {
        assert!(page.contains(meta), "{meta} missing");
    }
    let bare = dated_course("");
    bare.build_ok(&[]);
    let page = bare.output_file("design/cache/index.html");
    assert!(
        page.contains("og:title") && !page.contains("og:url"),
        "{page}"
    );
}

#[test]
fn redirect_from_writes_a_page_at_each_old_url_and_the_hosts_list() {
    let course = dated_course("");
    course.write(
        "content/design/02-queue.md",
        "---\ntitle: Queues\nredirect_from: [/queues-old/, design/message-queues.html]\n---\nBody.\n",
    );
    course.build_ok(&[]);
    let old = course.output_file("queues-old/index.html");
    assert!(
        old.contains(r#"<meta http-equiv="refresh" content="0; url=../design/queue/">"#),
        "{old}"
    );
    assert!(old.contains(r#"<a href="../design/queue/">"#), "{old}");
    assert!(
        old.contains(r#"<link rel="canonical" href="/design/queue/">"#),
        "{old}"
    );
    let file = course.output_file("design/message-queues.html");
    assert!(file.contains("url=queue/"), "{file}");
    assert_eq!(
        course.output_file("_redirects"),
        "/queues-old/ /design/queue/ 301\n/design/message-queues.html /design/queue/ 301\n"
    );

    // An old URL another page has is an output clash, named.
    course.write(
        "content/design/02-queue.md",
        "---\ntitle: Queues\nredirect_from: [/design/cache/]\n---\nBody.\n",
    );
    let output = course.build(&[]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.contains("the redirect from /design/cache/") && said.contains("01-cache.md"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renamed_page_keeps_its_old_url_working_across_builds() {
    let course = dated_course("");
    course.build_ok(&[]);
    std::fs::rename(
        course.path("content/design/02-queue.md"),
        course.path("content/design/02-message-queues.md"),
    )
    .unwrap();
    let output = course.build_ok(&[]);
    let said = stderr(&output);
    assert!(
        said.contains("moved from /design/queue/") && said.contains("redirect_from: [/design/"),
        "{said}"
    );
    let old = course.output_file("design/queue/index.html");
    assert!(old.contains("url=../message-queues/"), "{old}");
    assert!(
        course
            .output_file("_redirects")
            .contains("/design/queue/ /design/message-queues/ 301")
    );

    // The next build keeps it, without saying it again.
    course.write(
        "content/design/01-cache.md",
        "---\ntitle: Caching\n---\nEdited.\n",
    );
    let output = course.build_ok(&[]);
    assert!(
        !stderr(&output).contains("moved from"),
        "{}",
        stderr(&output)
    );
    assert!(course.path("output/design/queue/index.html").exists());

    // A browser opening the old URL lands on the new page.
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url("/design/queue/")).await.unwrap();
    wait_for(
        client,
        10,
        "the redirect to land",
        "return location.pathname === '/design/message-queues/'",
    )
    .await;
    // A reading mark made on the page at its old URL follows it to the new one.
    wait_for(
        client,
        10,
        "the study script",
        "return window.prepressStudy !== undefined",
    )
    .await;
    client
        .execute(
            "localStorage.setItem(window.prepressStudy.KEY, JSON.stringify({ format: 'prepress-progress',
                version: 1, course: document.body.getAttribute('data-course') || '', created: Date.now(),
                exported: Date.now(), snoozed: 0, reviews: {}, stories: {}, last: null,
                lectures: { 'design/queue/': { done: true, at: Date.now() } } }));",
            vec![],
        )
        .await
        .unwrap();
    client.refresh().await.unwrap();
    wait_for(
        client,
        10,
        "the page to load",
        "return window.prepressStudy !== undefined",
    )
    .await;
    let marks = client
        .execute("return window.prepressStudy.load().lectures", vec![])
        .await
        .unwrap();
    assert_eq!(marks["design/message-queues/"]["done"], true, "{marks}");
    assert!(marks.get("design/queue/").is_none(), "{marks}");
    browser.close().await;
}

/// Makes `dir` a repository whose one commit, dated `date`, holds all its files.
fn commit_all(dir: &Path, date: &str) {
    git(dir, &["init", "-q", "-b", "main"], date);
    git(dir, &["add", "."], date);
    git(dir, &["commit", "-q", "-m", "first"], date);
}

/// Runs git in `dir` with fixed names and the committer date `date`.
fn git(dir: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn last_updated_and_edit_links_come_from_git() {
    let repository = tempfile::tempdir().unwrap();
    let course = dated_course("repository = \"https://github.com/me/prep\"\n");
    // The course in a folder of the repository, as a guide under docs/ is.
    let root = repository.path().join("docs");
    crate::common::copy_tree(course.root(), &root);
    commit_all(repository.path(), "2025-06-01T10:00:00+02:00");
    std::fs::write(
        root.join("content/design/01-cache.md"),
        "---\ntitle: Caching\ndate: 2025-03-01\n---\nChanged.\n",
    )
    .unwrap();
    git(
        repository.path(),
        &["commit", "-q", "-am", "second"],
        "2025-07-04T23:30:00-05:00",
    );
    // Edited since, not committed: its last commit still says when it changed.
    std::fs::write(
        root.join("content/talk/01-star.md"),
        "---\ntitle: STAR\n---\nNew.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/talk/03-new.md"),
        "---\ntitle: New\n---\nNot committed.\n",
    )
    .unwrap();

    let output = crate::common::prepress()
        .current_dir(&root)
        .arg("build")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let read = |path: &str| std::fs::read_to_string(root.join("output").join(path)).unwrap();
    let cache = read("design/cache/index.html");
    // The committer's own day (UTC would be the 5th).
    assert!(
        cache.contains(r#"Last updated <time datetime="2025-07-04">"#),
        "{cache}"
    );
    assert!(
        cache.contains(
            r#"href="https://github.com/me/prep/edit/main/docs/content/design/01-cache.md""#
        ),
        "{cache}"
    );
    assert!(read("design/queue/index.html").contains(r#"datetime="2025-06-01""#));
    assert!(read("talk/star/index.html").contains(r#"datetime="2025-06-01""#));
    // Never committed, no date in front matter: no date, and no error.
    assert!(!read("talk/new/index.html").contains("Last updated"));
    // Committing the edit changes no file, yet the next build shows the commit's date.
    git(
        repository.path(),
        &["commit", "-q", "-am", "third"],
        "2025-08-01T12:00:00Z",
    );
    let output = crate::common::prepress()
        .current_dir(&root)
        .arg("build")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(read("talk/star/index.html").contains(r#"datetime="2025-08-01""#));
    let sitemap = read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>/design/cache/</loc>\n    <lastmod>2025-07-04</lastmod>"),
        "{sitemap}"
    );
    // The feed's entry is updated by the commit, published on its date.
    let feed = read("atom.xml");
    assert!(feed.contains("<published>2025-03-01T00:00:00Z</published>\n    <updated>2025-07-04T00:00:00Z</updated>"), "{feed}");

    // Outside a repository: the front matter's date, and no error.
    let outside = dated_course(
        "repository = \"https://gitlab.com/me/prep\"\nrepository_folder = \"course\"\n",
    );
    outside.build_ok(&[]);
    let page = outside.output_file("design/cache/index.html");
    assert!(page.contains(r#"datetime="2025-03-01""#), "{page}");
    // The header shows that date already: "Last updated" does not say it again.
    assert!(!page.contains("Last updated"), "{page}");
    assert!(
        page.contains(
            r#"href="https://gitlab.com/me/prep/-/edit/main/course/content/design/01-cache.md""#
        ),
        "{page}"
    );
}

#[test]
fn an_unknown_forge_needs_its_edit_url() {
    let course = dated_course("repository = \"https://forge.example.org/me/prep\"\n");
    let output = course.build(&[]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.contains("course.toml") && said.contains("edit_url"),
        "{said}"
    );
    course.write(
        "course.toml",
        "title = \"T\"\nrepository = \"https://forge.example.org/me/prep\"\nedit_url = \"{repository}/src/{branch}/{path}?edit\"\nrepository_branch = \"trunk\"\n",
    );
    course.build_ok(&[]);
    assert!(
        course.output_file("talk/undated/index.html").contains(
            "https://forge.example.org/me/prep/src/trunk/content/talk/02-undated.md?edit"
        )
    );
}

#[test]
fn llms_txt_lists_every_page_and_each_has_its_markdown() {
    let course = dated_course("");
    course.build_ok(&[]);
    let llms = course.output_file("llms.txt");
    assert!(
        llms.starts_with("# Feeds & Friends\n\n> A course <to> follow\n\n"),
        "{llms}"
    );
    assert!(llms.contains("## Design\n\n- [Caching <basics>](/design/cache/index.html.md): Where caches live\n- [Queues](/design/queue/index.html.md)\n"), "{llms}");
    let copy = course.output_file("design/cache/index.html.md");
    assert_eq!(
        copy,
        "# Caching <basics>\n\n> Where caches live\n\nA cache keeps **copies**.\n"
    );
    assert!(course.path("output/index.html.md").exists());

    let off = dated_course("llms_txt = false\n");
    off.build_ok(&[]);
    assert!(!off.path("output/llms.txt").exists());
    assert!(!off.path("output/design/cache/index.html.md").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_site_reads_offline_after_a_visit_and_a_rebuild_replaces_kept_pages() {
    let course = dated_course("");
    course.build_ok(&[]);
    let site = course.path("output");
    assert!(course.output_file("sw.js").contains("static/style.css"));
    let browser = Browser::start().await;
    let client = &browser.client;
    let server = StaticServer::start(&site);
    let port = server.port;
    let page = server.url("/design/cache/");
    client.goto(&page).await.unwrap();
    wait_for(
        client,
        15,
        "the service worker to control the page",
        "return navigator.serviceWorker.controller !== null",
    )
    .await;
    // Visited under the worker: kept.
    client.goto(&page).await.unwrap();
    drop(server);

    client.goto(&page).await.unwrap();
    let text = client
        .execute("return document.querySelector('main').textContent", vec![])
        .await
        .unwrap();
    assert!(text.as_str().unwrap().contains("A cache keeps"), "{text}");
    let styled = client
        .execute(
            "return getComputedStyle(document.querySelector('.site-header')).display !== ''",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(styled, true);

    course.write(
        "content/design/01-cache.md",
        "---\ntitle: Caching\ndate: 2025-03-01\n---\nRebuilt text.\n",
    );
    course.build_ok(&[]);
    let server = StaticServer::start_on(&site, port);
    client.goto(&page).await.unwrap();
    drop(server);
    client.goto(&page).await.unwrap();
    let text = client
        .execute("return document.querySelector('main').textContent", vec![])
        .await
        .unwrap();
    assert!(text.as_str().unwrap().contains("Rebuilt text."), "{text}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_worker_from_serve_or_when_turned_off() {
    let course = dated_course("offline = false\n");
    course.build_ok(&[]);
    assert!(!course.path("output/sw.js").exists());
    assert!(!course.output_file("index.html").contains("offline.js"));

    let served = dated_course("");
    let running = crate::common::serve(&served).await;
    let home = crate::common::http::get(running.address, "/").await;
    assert_eq!(home.status, 200);
    assert!(
        !home.body.contains("offline.js") && !home.body.contains("manifest"),
        "{}",
        home.body
    );
    assert_eq!(
        crate::common::http::get(running.address, "/sw.js")
            .await
            .status,
        404
    );
    running.stop().await;
}

/// The width and height a PNG's header gives.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && &png[12..16] == b"IHDR",
        "not a PNG"
    );
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn pages_get_link_cards_drawn_the_same_every_build() {
    let course = dated_course("base_url = \"https://example.org/prep/\"\n");
    course.build_ok(&[]);
    let card = std::fs::read(course.path("output/design/cache/card.png")).unwrap();
    assert_eq!(png_size(&card), (1200, 630));
    assert!(card.len() > 5_000, "{} bytes", card.len());
    let page = course.output_file("design/cache/index.html");
    assert!(page.contains(
        r#"<meta property="og:image" content="https://example.org/prep/design/cache/card.png">"#
    ));
    assert!(page.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));
    // Another page, another card; the same page drawn again, the same bytes.
    let other = std::fs::read(course.path("output/design/queue/card.png")).unwrap();
    assert_ne!(card, other);
    std::fs::remove_dir_all(course.path(".prepress-cache")).unwrap();
    std::fs::remove_dir_all(course.path("output")).unwrap();
    course.build_ok(&[]);
    assert_eq!(
        std::fs::read(course.path("output/design/cache/card.png")).unwrap(),
        card
    );
    // Kept between builds, one per card; a new title draws a new one, the old goes.
    let kept = || {
        std::fs::read_dir(course.path(".prepress-cache/link-cards"))
            .unwrap()
            .count()
    };
    let before = kept();
    course.write(
        "content/design/01-cache.md",
        "---\ntitle: Caches\ndate: 2025-03-01\n---\nA cache.\n",
    );
    course.build_ok(&[]);
    assert_eq!(kept(), before);
    assert_ne!(
        std::fs::read(course.path("output/design/cache/card.png")).unwrap(),
        card
    );

    // A course's own template, from its theme folder.
    course.write(
        "themes/default/link-card.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="315"><rect width="600" height="315" fill="#123456"/><text x="10" y="50" font-size="30">{title}</text></svg>"##,
    );
    course.build_ok(&[]);
    let own = std::fs::read(course.path("output/design/cache/card.png")).unwrap();
    assert_eq!(png_size(&own), (600, 315));

    // Off, or without a full base_url: no cards, no og:image.
    let off = dated_course("base_url = \"https://example.org/\"\nlink_cards = false\n");
    off.build_ok(&[]);
    assert!(!off.path("output/design/cache/card.png").exists());
    assert!(
        !off.output_file("design/cache/index.html")
            .contains("og:image")
    );
    let bare = dated_course("");
    bare.build_ok(&[]);
    assert!(!bare.path("output/design/cache/card.png").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_shows_git_dates_and_keeps_them_after_a_save() {
    let course = dated_course("");
    commit_all(course.root(), "2025-06-01T10:00:00Z");
    let running = crate::common::serve(&course).await;
    let page = crate::common::http::get(running.address, "/talk/undated/").await;
    assert!(
        page.body.contains(r#"<time datetime="2025-06-01">"#),
        "{}",
        page.body
    );
    course.write(
        "content/talk/02-undated.md",
        "---\ntitle: Undated\n---\nSaved again.\n",
    );
    crate::common::http::eventually(10, "the save to show", || async {
        crate::common::http::get(running.address, "/talk/undated/")
            .await
            .body
            .contains("Saved again.")
    })
    .await;
    let page = crate::common::http::get(running.address, "/talk/undated/").await;
    assert!(
        page.body.contains(r#"<time datetime="2025-06-01">"#),
        "{}",
        page.body
    );
    running.stop().await;
}
