//! Browser behaviour of the prep pages, in headless Chromium over WebDriver: worksheet
//! storage, the practice timer, question filters, and the per-principle worksheet's
//! print layout.

use std::process::Command;
use std::time::Duration;

use crate::common::browser::{
    Browser, StaticServer, chromium, downloaded_text, keep_downloads, pdf_pages, print_to_pdf,
    wait_for,
};
use crate::common::{Course, serve};
use fantoccini::Locator;

/// The example course, built, and served on loopback.
fn served_example() -> (Course, StaticServer) {
    let course = Course::example();
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    (course, server)
}

#[tokio::test(flavor = "multi_thread")]
async fn worksheet_field_keeps_its_value_across_a_reload() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/worksheets/principle-stories/"))
        .await
        .unwrap();
    let field = client
        .find(Locator::Css("textarea[data-field='ownership.situation']"))
        .await
        .expect("an Ownership situation field");
    field
        .send_keys("The nightly export kept failing.")
        .await
        .unwrap();
    client.refresh().await.unwrap();
    let field = client
        .find(Locator::Css("textarea[data-field='ownership.situation']"))
        .await
        .unwrap();
    let value = field.prop("value").await.unwrap();
    assert_eq!(value.as_deref(), Some("The nightly export kept failing."));
    let other = client
        .find(Locator::Css("textarea[data-field='ownership.task']"))
        .await
        .unwrap();
    assert_eq!(other.prop("value").await.unwrap().as_deref(), Some(""));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_timer_counts_down_and_pauses() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url("/practice/")).await.unwrap();
    let timer = client.find(Locator::Id("practice-timer")).await.unwrap();
    assert_eq!(timer.text().await.unwrap().trim(), "2:00");
    let question = client.find(Locator::Id("practice-question")).await.unwrap();
    assert!(
        !question.text().await.unwrap().trim().is_empty(),
        "a question is shown"
    );
    client
        .find(Locator::Id("timer-start"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(2300)).await;
    let running = timer.text().await.unwrap();
    assert!(
        ["1:58", "1:57"].contains(&running.trim()),
        "after about 2 s: {running}"
    );
    client
        .find(Locator::Id("timer-pause"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let paused = timer.text().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        timer.text().await.unwrap(),
        paused,
        "paused timer stands still"
    );
    client
        .find(Locator::Id("timer-reset"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(timer.text().await.unwrap().trim(), "2:00");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn question_filter_shows_only_one_principle() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/questions/?principle=frugality"))
        .await
        .unwrap();
    // The filters' script has read the bank and shown the filter's questions.
    wait_for(
        client,
        10,
        "the filtered questions",
        "const cards = [...document.querySelectorAll('.question-card')]; return /\\(\\d+\\)$/.test(document.querySelector('.question-filters option')?.textContent || '') && cards.length > 0 && cards.every(c => c.dataset.principles.split(' ').includes('frugality'));",
    )
    .await;
    let visible: Vec<String> = client
        .execute(
            "return [...document.querySelectorAll('.question-card')]
                .filter(card => card.offsetParent !== null)
                .map(card => card.dataset.principles);",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect();
    assert!(!visible.is_empty(), "some Frugality questions are shown");
    assert!(
        visible
            .iter()
            .all(|principles| principles.split(' ').any(|p| p == "frugality")),
        "{visible:?}"
    );
    let count = client
        .find(Locator::Css("[data-count]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(count.trim(), visible.len().to_string());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_a_lecture_by_a_word_only_in_it() {
    let course = Course::example();
    course.write(
        "content/behavioural/07-rare-word.md",
        "---\ntitle: Handling Silence\n---\n## Pauses\n\nA long pause is fine; think of it as a zanzibarquux moment.\n\nThe Zanzibärqüüx-Résumé is another.\n",
    );
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    open_search(
        client,
        &server.url("/search/?q=zanzibarquux"),
        "a search result",
    )
    .await;
    let results = client
        .execute(
            "return [...document.querySelectorAll('.search-result')].map(r => [r.querySelector('a').getAttribute('href'), r.querySelector('a').textContent, r.innerHTML.includes('<mark>')]);",
            vec![],
        )
        .await
        .unwrap();
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0][0], "../behavioural/rare-word/");
    assert_eq!(results[0][1], "Handling Silence");
    assert_eq!(results[0][2], true, "the snippet marks the match");

    // Accents and case do not matter, either way round.
    open_search(
        client,
        &server.url("/search/?q=zanzibarquux%20resume"),
        "a result for the word without its accents",
    )
    .await;
    let marked = client
        .execute(
            "return [...document.querySelectorAll('.search-result mark')].map(m => m.textContent);",
            vec![],
        )
        .await
        .unwrap();
    let marked: Vec<&str> = marked
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(marked.contains(&"Résumé"), "{marked:?}");
    assert!(marked.contains(&"Zanzibärqüüx"), "{marked:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_search_box_on_a_lecture_leads_to_results() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/behavioural/star-method/"))
        .await
        .unwrap();
    let search_box = client
        .find(Locator::Id("site-search-q"))
        .await
        .expect("a search box in the header");
    search_box.send_keys("bucket").await.unwrap();
    search_box.send_keys("\u{E007}").await.unwrap();
    wait_for(client, 15, "the results page", "return location.pathname === '/search/' && document.querySelectorAll('.search-result').length > 0;").await;
    let query = client
        .execute(
            "return new URLSearchParams(location.search).get('q');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(query.as_str(), Some("bucket"));
    let urls = client
        .execute("return [...document.querySelectorAll('.search-result a')].map(a => a.getAttribute('href'));", vec![])
        .await
        .unwrap();
    assert!(
        urls.as_array()
            .unwrap()
            .iter()
            .any(|u| u == "../system-design/rate-limiter/"),
        "the rate limiter lecture is found: {urls:?}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_works_from_file_urls_and_finds_questions_by_a_word_beginning() {
    let course = Course::example();
    // No base_url for the folder: the output works from wherever it is.
    let output = course.path("output");
    course.write(
        "content/behavioural/07-rare-word.md",
        "---\ntitle: Handling Silence\n---\n## Questions\n\n- How did you handle a quuxophone outage?\n",
    );
    course.build_ok(&[]);
    let browser = Browser::start().await;
    let client = &browser.client;
    let page = format!("file://{}/search/index.html?q=Quuxoph", output.display());
    open_search(client, &page, "a search result from file://").await;
    let results = client
        .execute(
            "return [...document.querySelectorAll('.search-result')].map(r => [r.querySelector('a').getAttribute('href'), r.querySelector('.search-result-section').textContent, r.querySelector('mark') && r.querySelector('mark').textContent]);",
            vec![],
        )
        .await
        .unwrap();
    let results = results.as_array().unwrap();
    let question = results
        .iter()
        .find(|r| r[1].as_str().unwrap_or("").starts_with("Question"))
        .unwrap_or_else(|| panic!("a question among the results: {results:?}"));
    let href = question[0].as_str().unwrap();
    assert!(
        href.starts_with("../behavioural/rare-word/?question="),
        "relative to the search page: {href}"
    );
    let lecture = results
        .iter()
        .find(|r| r[1] == "Behavioural Interviews")
        .unwrap_or_else(|| panic!("the lecture among the results: {results:?}"));
    assert_eq!(lecture[2], "quuxophone", "the whole word is marked");
    // Followed from disk, the link opens the page, not its folder.
    client
        .execute(
            "[...document.querySelectorAll('.search-result a')].find(a => a.getAttribute('href').includes('?question=')).click();",
            vec![],
        )
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the question's page",
        "return location.pathname.endsWith('/behavioural/rare-word/index.html') && location.search.startsWith('?question=');",
    )
    .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_site_opened_from_disk_has_its_styles_links_practice_and_search() {
    let course = Course::example();
    course.build_ok(&[]);
    let output = course.path("output");
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&format!("file://{}/index.html", output.display()))
        .await
        .unwrap();
    let styled = client
        .execute(
            "return getComputedStyle(document.documentElement).getPropertyValue('--color-bg').trim();",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(styled, "", "the stylesheet is loaded from disk");

    // A link to a page opens the page, not its folder.
    client
        .execute(
            "document.querySelector('a[href$=\"system-design/\"]').click();",
            vec![],
        )
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the section's page",
        "return location.pathname.endsWith('/system-design/index.html') && document.querySelector('h1') !== null;",
    )
    .await;

    // Practice mode: a question, and the link to where it was written.
    client
        .goto(&format!("file://{}/practice/index.html", output.display()))
        .await
        .unwrap();
    client
        .find(Locator::Id("practice-next"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "a practice question",
        "return !document.getElementById('practice-source').hidden;",
    )
    .await;
    client
        .execute(
            "document.querySelector('#practice-source a').click();",
            vec![],
        )
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the question's page",
        "return location.protocol === 'file:' && location.pathname.endsWith('/index.html') && !location.pathname.endsWith('/practice/index.html');",
    )
    .await;

    // The header's search box leads to results.
    client
        .execute(
            "const box = document.getElementById('site-search-q'); box.value = 'bucket'; box.form.requestSubmit();",
            vec![],
        )
        .await
        .unwrap();
    wait_for(
        client,
        15,
        "search results from disk",
        "return location.pathname.endsWith('/search/index.html') && document.querySelectorAll('.search-result').length > 0;",
    )
    .await;
    browser.close().await;
}

/// The example course built, and the `file://` URL of a page of its output.
fn from_disk() -> (Course, impl Fn(&str) -> String) {
    let course = Course::example();
    course.build_ok(&[]);
    let folder = format!("file://{}/", course.path("output").display());
    (course, move |page: &str| format!("{folder}{page}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn worksheets_filters_stories_and_print_work_from_disk() {
    let (_course, page) = from_disk();
    let browser = Browser::start().await;
    let client = &browser.client;

    // Worksheet storage survives a reload.
    client
        .goto(&page("worksheets/principle-stories/index.html"))
        .await
        .unwrap();
    let field = Locator::Css("textarea[data-field='ownership.situation']");
    client
        .find(field)
        .await
        .unwrap()
        .send_keys("Kept on disk.")
        .await
        .unwrap();
    client.refresh().await.unwrap();
    let value = client
        .find(field)
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("Kept on disk."));

    // "Save as story" gives a story file.
    client
        .goto(&page("worksheets/single-story/index.html"))
        .await
        .unwrap();
    keep_downloads(client).await;
    client
        .find(Locator::Css(".worksheet-form [data-field]"))
        .await
        .unwrap()
        .send_keys("A story from disk")
        .await
        .unwrap();
    client
        .find(Locator::Css(".worksheet-form .save-story"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let story = downloaded_text(client).await;
    assert!(
        story.starts_with("---\n") && story.contains("A story from disk"),
        "{story}"
    );

    // The question filter from the query string.
    client
        .goto(&page("questions/index.html?principle=frugality"))
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the filtered questions",
        "const cards = [...document.querySelectorAll('.question-card')]; return cards.length > 0 && cards.every(c => c.dataset.principles.split(' ').includes('frugality'));",
    )
    .await;
    let shown = client
        .execute(
            "return [...document.querySelectorAll('.question-card')].filter(c => c.offsetParent !== null).map(c => c.dataset.principles);",
            vec![],
        )
        .await
        .unwrap();
    let shown = shown.as_array().unwrap();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|p| p.as_str().unwrap().split(' ').any(|p| p == "frugality")),
        "{shown:?}"
    );

    // A story page and the print page, styled.
    for styled in ["stories/checkout-latency/index.html", "print/index.html"] {
        client.goto(&page(styled)).await.unwrap();
        let background = client
            .execute(
                "return getComputedStyle(document.documentElement).getPropertyValue('--color-bg').trim();",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(background, "#ffffff", "{styled} has its stylesheet");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dark_mode_works_from_disk() {
    let (_course, page) = from_disk();
    let browser = Browser::start_dark().await;
    let client = &browser.client;
    client.goto(&page("index.html")).await.unwrap();
    let background = client
        .execute(
            "return getComputedStyle(document.body).backgroundColor;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(background, "rgb(15, 20, 25)", "the theme's dark background");
    browser.close().await;
}

#[test]
fn a_worksheet_printed_from_disk_has_one_page_per_principle() {
    let (course, page) = from_disk();
    let pdf = course.path("principles.pdf");
    print_to_pdf(&page("worksheets/principle-stories/index.html"), &pdf);
    assert_eq!(pdf_pages(&pdf), 16, "print.css is found from disk");
}

#[tokio::test(flavor = "multi_thread")]
async fn fsrs_matches_the_reference() {
    let root = env!("CARGO_MANIFEST_DIR");
    let source = std::fs::read_to_string(format!("{root}/themes/default/static/fsrs.js")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/tests/fixtures/fsrs/reference.json")).unwrap(),
    )
    .unwrap();
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto("about:blank").await.unwrap();
    let replayed = client
        .execute(
            "const [source, table] = arguments;
            (0, eval)(source);
            const fsrs = window.prepressFsrs;
            return [fsrs.PARAMETERS, table.map(({ reviews }) => {
                let card = {};
                let now = Date.UTC(2026, 0, 5, 9, 0);
                return reviews.map(([days, grade]) => {
                    now += days * fsrs.DAY;
                    card = fsrs.review(card, grade, now);
                    return [card.interval, card.stability, card.difficulty];
                });
            })];",
            vec![source.into(), reference["table"].clone()],
        )
        .await
        .unwrap();
    browser.close().await;
    assert_eq!(
        replayed[0], reference["parameters"],
        "the default parameters"
    );
    let table = reference["table"].as_array().unwrap();
    assert!(table.len() >= 30);
    for (sequence, ours) in table.iter().zip(replayed[1].as_array().unwrap()) {
        for (expected, got) in sequence["expected"]
            .as_array()
            .unwrap()
            .iter()
            .zip(ours.as_array().unwrap())
        {
            let what = format!("{} -> {got} (reference {expected})", sequence["reviews"]);
            assert_eq!(got[0], expected[0], "interval: {what}");
            for at in [1, 2] {
                let (a, b) = (got[at].as_f64().unwrap(), expected[at].as_f64().unwrap());
                assert!((a - b).abs() < 1e-6, "{what}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_page_asks_for_anything_outside_its_folder() {
    // Over loopback, where the browser reports every resource a page asked for (from
    // file:// it reports none): each one must come from the site's own folder.
    let (_course, server) = served_example();
    let folder = server.url("/");
    let browser = Browser::start().await;
    let client = &browser.client;
    for page in [
        "index.html",
        "system-design/url-shortener/index.html",
        "principles/ownership/index.html",
        "principles/index.html",
        "questions/index.html",
        "practice/index.html",
        "search/index.html?q=cache",
        "stories/checkout-latency/index.html",
        "worksheets/principle-stories/index.html",
        "templates/star/index.html",
        "print/index.html",
    ] {
        client.goto(&format!("{folder}{page}")).await.unwrap();
        // Let deferred scripts and the search index's scripts load.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let requested = client
            .execute(
                "return performance.getEntriesByType('resource').map(e => e.name);",
                vec![],
            )
            .await
            .unwrap();
        let requested: Vec<&str> = requested
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|url| url.as_str())
            .collect();
        assert!(
            !requested.is_empty(),
            "{page} loads its stylesheet at least"
        );
        let outside: Vec<&&str> = requested
            .iter()
            .filter(|url| !url.starts_with(&folder))
            .collect();
        assert!(outside.is_empty(), "{page} asked for {outside:?}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_shows_ten_results_and_more_on_request() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/search/?q=tell%20me%20about"))
        .await
        .unwrap();
    wait_for(
        client,
        15,
        "ten results",
        "return document.querySelectorAll('.search-result').length === 10;",
    )
    .await;
    let more = client
        .find(Locator::Id("search-more"))
        .await
        .expect("a More results button");
    assert!(more.is_displayed().await.unwrap(), "more results to show");
    more.click().await.unwrap();
    wait_for(
        client,
        15,
        "twenty results",
        "return document.querySelectorAll('.search-result').length === 20;",
    )
    .await;
    let titles = client
        .execute("return [...document.querySelectorAll('.search-result-title')].map(a => a.textContent);", vec![])
        .await
        .unwrap();
    let titles: Vec<&str> = titles
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let unique: std::collections::BTreeSet<&&str> = titles.iter().collect();
    assert_eq!(unique.len(), titles.len(), "no result twice: {titles:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_results_follow_the_typing() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    open_search(
        client,
        &server.url("/search/?q=conflict"),
        "results for the first query",
    )
    .await;
    let search_box = client.find(Locator::Id("search-q")).await.unwrap();
    search_box.clear().await.unwrap();
    search_box.send_keys("bucket").await.unwrap();
    wait_for(
        client,
        15,
        "results for the typed query, without submitting",
        "return new URLSearchParams(location.search).get('q') === 'bucket' && [...document.querySelectorAll('.search-result a')].some(a => a.getAttribute('href') === '../system-design/rate-limiter/');",
    )
    .await;
    let status = client
        .find(Locator::Id("search-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(status.contains("“bucket”"), "{status}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn slash_goes_to_the_search_box_but_not_from_a_form_field() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/behavioural/star-method/"))
        .await
        .unwrap();
    let active = "return document.activeElement && document.activeElement.id;";
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    wait_for(
        client,
        5,
        "the search box has the cursor",
        "return document.activeElement && document.activeElement.id === 'site-search-q';",
    )
    .await;
    let typed = client
        .execute(
            "return document.getElementById('site-search-q').value;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(typed, "", "the slash itself is not typed into the box");

    client
        .goto(&server.url("/worksheets/principle-stories/"))
        .await
        .unwrap();
    let field = client
        .find(Locator::Css("textarea[data-field='ownership.situation']"))
        .await
        .unwrap();
    field.send_keys("either/or").await.unwrap();
    let focused = client.execute(active, vec![]).await.unwrap();
    assert_ne!(focused, "site-search-q", "typing in a field stays there");
    assert_eq!(
        field.prop("value").await.unwrap().as_deref(),
        Some("either/or")
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_a_chinese_word_inside_a_longer_run_and_russian_without_case() {
    let course = Course::example();
    let output = course.path("output");
    course.write(
        "content/behavioural/08-chinese.md",
        "---\ntitle: 系统设计\n---\n讨论负载均衡器如何分配请求。\n",
    );
    course.write(
        "content/behavioural/09-other-chinese.md",
        "---\ntitle: 数据库\n---\n讨论索引。\n",
    );
    course.write(
        "content/behavioural/13-korean.md",
        "---\ntitle: 한국어\n---\n면접에서 받은 질문을 정리합니다.\n",
    );
    course.write(
        "content/behavioural/11-thai.md",
        "---\ntitle: ภาษาไทย\n---\nนี่ไม่ใช่คำตอบ\n",
    );
    course.write(
        "content/behavioural/12-greek.md",
        "---\ntitle: Ελληνικά\n---\nΟ ΛΟΓΟΣ ΤΟΥ ΣΥΣΤΗΜΑΤΟΣ.\n",
    );
    course.write(
        "content/behavioural/10-russian.md",
        "---\ntitle: Собеседование\n---\nОТВЕТ на вопрос о Ёлке.\n",
    );
    course.build_ok(&[]);
    let browser = Browser::start().await;
    let client = &browser.client;
    let titles = "return [...document.querySelectorAll('.search-result')].map(r => [r.querySelector('a').textContent, r.querySelector('mark') && r.querySelector('mark').textContent]);";
    // 均衡 is inside the run 讨论负载均衡器如何分配请求, which has no spaces.
    let page = format!("file://{}/search/index.html?q=均衡", output.display());
    open_search(client, &page, "a result for 均衡").await;
    let results = client.execute(titles, vec![]).await.unwrap();
    assert_eq!(
        results,
        serde_json::json!([["系统设计", "讨论负载均衡器如何分配请求"]]),
        "only the page with the word, its run marked"
    );
    // A query of several characters is looked up by its pairs alone: its last character
    // would fetch every shard of the terms it begins (146 for 衡 at 10,000 lectures).
    let page = format!("file://{}/search/index.html?q=负载均衡", output.display());
    open_search(client, &page, "a result for 负载均衡").await;
    let terms = client
        .execute(
            "return document.getElementById('search-results').dataset.terms;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(terms, "负载 载均 均衡");
    // One character finds it too: the first of a pair (器 of 器如), and the last of
    // the run (求), which begins no pair and is indexed alone.
    let page = format!("file://{}/search/index.html?q=器", output.display());
    open_search(client, &page, "a result for 器").await;
    let results = client.execute(titles, vec![]).await.unwrap();
    assert_eq!(results[0][0], "系统设计", "{results:?}");
    let page = format!("file://{}/search/index.html?q=求", output.display());
    open_search(client, &page, "a result for 求").await;
    let results = client.execute(titles, vec![]).await.unwrap();
    assert_eq!(results[0][0], "系统设计", "{results:?}");
    // Korean writes its particles onto the word: a noun of two syllables finds it.
    let page = format!("file://{}/search/index.html?q=면접", output.display());
    open_search(client, &page, "a result for 면접").await;
    let results = client.execute(titles, vec![]).await.unwrap();
    assert_eq!(results[0][0], "한국어", "{results:?}");
    // A Thai word with tone marks, as the index split it.
    let page = format!("file://{}/search/index.html?q=ไม่ใช่", output.display());
    open_search(client, &page, "a result for ไม่ใช่").await;
    let results = client.execute(titles, vec![]).await.unwrap();
    assert_eq!(results[0][0], "ภาษาไทย", "{results:?}");
    // Final sigma is sigma: the query lower-cases ΛΟΓΟΣ before `.ΤΟΥ` as λογοσ, the
    // index the word alone as λογος.
    let page = format!("file://{}/search/index.html?q=ΛΟΓΟΣ.ΤΟΥ", output.display());
    open_search(client, &page, "a result for ΛΟΓΟΣ.ΤΟΥ").await;
    let results = client.execute(titles, vec![]).await.unwrap();
    assert_eq!(results[0][0], "Ελληνικά", "{results:?}");
    let page = format!("file://{}/search/index.html?q=ответ+ёлке", output.display());
    open_search(client, &page, "a result for ответ ёлке").await;
    let results = client.execute(titles, vec![]).await.unwrap();
    assert_eq!(results[0][0], "Собеседование", "{results:?}");
    browser.close().await;
}

/// Opens a search page and waits until it shows results.
async fn open_search(client: &fantoccini::Client, url: &str, what: &str) {
    client.goto(url).await.unwrap();
    wait_for(
        client,
        15,
        what,
        "return document.querySelectorAll('.search-result').length > 0;",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_reloads_the_open_page_and_shows_errors_over_it() {
    let course = Course::fixture("nested");
    let server = serve(&course).await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&format!("{}basics/second/", server.url()))
        .await
        .unwrap();
    client
        .execute(
            "window.scrollTo(0, 40); window.notReloadedYet = true;",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    course.write(
        "content/basics/02-second.md",
        "+++\ntitle = \"Second Lecture\"\n+++\n## The End\n\nWritten while the page was open.\n",
    );
    wait_for(
        client,
        10,
        "the open page shows the edit",
        "return document.body.innerText.includes('Written while the page was open.');",
    )
    .await;
    let reloaded = client
        .execute("return window.notReloadedYet === undefined;", vec![])
        .await
        .unwrap();
    assert_eq!(reloaded.as_bool(), Some(true), "the page reloaded itself");

    course.write(
        "content/basics/02-second.md",
        "+++\ntitle = \"Second Lecture\"\nweight = = 2\n+++\nBroken.\n",
    );
    wait_for(
        client,
        10,
        "the overlay names the file and line",
        "const o = document.getElementById('prepress-overlay'); return !!o && o.innerText.includes('content/basics/02-second.md:3');",
    )
    .await;
    let text = client
        .execute("return document.body.innerText;", vec![])
        .await
        .unwrap();
    assert!(
        text.as_str()
            .unwrap()
            .contains("Written while the page was open."),
        "the last good page stays under the overlay"
    );

    course.write(
        "content/basics/02-second.md",
        "+++\ntitle = \"Second Lecture\"\n+++\nFixed now.\n",
    );
    wait_for(
        client,
        10,
        "the overlay goes and the fix shows",
        "return !document.getElementById('prepress-overlay') && document.body.innerText.includes('Fixed now.');",
    )
    .await;
    browser.close().await;
    server.stop().await;
}

#[test]
fn pdf_build_prints_the_course_and_one_page_per_principle() {
    let course = Course::example();
    course.build_ok(&["--pdf", "--chromium", chromium().to_str().unwrap()]);
    let principles = std::fs::read_dir(course.path("content/principles"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "_index.md")
        .count();
    assert_eq!(principles, 16);
    let output = course.path("output");
    assert_eq!(
        pdf_pages(&output.join("worksheets/principle-stories.pdf")),
        principles,
        "one page per principle"
    );
    assert_eq!(pdf_pages(&output.join("worksheets/single-story.pdf")), 1);
    assert_eq!(pdf_pages(&output.join("worksheets/coverage-matrix.pdf")), 1);
    let print = course.output_file("print/index.html");
    let chapters = print.matches("class=\"print-chapter ").count();
    assert!(
        pdf_pages(&output.join("print.pdf")) >= chapters + 2,
        "a cover, contents, then a page break before each chapter"
    );
}

#[test]
fn pdf_without_chromium_fails_clearly_and_writes_nothing() {
    let course = Course::example();
    let output = course.build(&["--pdf", "--chromium", "/no/such/chromium"]);
    assert_eq!(output.status.code(), Some(1));
    let message = crate::common::stderr(&output);
    assert!(message.contains("--pdf needs Chromium"), "{message}");
    assert!(!course.path("output").exists());
    let empty_path = crate::common::prepress()
        .current_dir(course.root())
        .env("PATH", "")
        .arg("build")
        .output()
        .unwrap();
    assert!(
        empty_path.status.success(),
        "a build without --pdf never needs Chromium"
    );
    let no_chromium = crate::common::prepress()
        .current_dir(course.root())
        .env("PATH", "")
        .args(["build", "--pdf"])
        .output()
        .unwrap();
    assert_eq!(no_chromium.status.code(), Some(1));
    assert!(crate::common::stderr(&no_chromium).contains("apt-get install chromium"));
}

/// Typed into every worksheet field: HTML that would run, and Markdown that would make
/// structure, all of which must come back as the text typed.
const HOSTILE_TYPING: &str = "<img src=x onerror=\"window.__pwned=1\"> </script><script>window.__pwned=2</script>\n## Result\n- not a list\n    not code\n[a link](javascript:window.__pwned=3) *not bold* `not code` | a | b |";

#[tokio::test(flavor = "multi_thread")]
async fn save_as_story_keeps_what_was_typed_as_text() {
    let (course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/worksheets/single-story/"))
        .await
        .unwrap();
    keep_downloads(client).await;
    let fields = client
        .find_all(Locator::Css(".worksheet-form [data-field]"))
        .await
        .unwrap();
    assert!(fields.len() >= 6, "title, principles and the five parts");
    for field in fields {
        field.send_keys(HOSTILE_TYPING).await.unwrap();
    }
    client
        .find(Locator::Css(".worksheet-form .save-story"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let story = downloaded_text(client).await;
    course.write("content/stories/typed.md", &story);
    course.build_ok(&[]);

    client.goto(&server.url("/stories/typed/")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let report = client
        .execute(
            "return {
                pwned: window.__pwned === undefined ? null : window.__pwned,
                images: document.querySelectorAll('.story-content img').length,
                inline_scripts: Array.from(document.scripts).filter(s => s.textContent.includes('__pwned')).length,
                javascript_links: document.querySelectorAll('a[href^=\"javascript\"]').length,
                result_headings: Array.from(document.querySelectorAll('h2')).filter(h => h.textContent.trim() === 'Result').length,
                lists: document.querySelectorAll('.story-content li').length,
                code: document.querySelectorAll('.story-content code, .story-content pre').length,
                text: document.querySelector('.story-content').innerText,
            };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(report["pwned"], serde_json::Value::Null, "{story}");
    assert_eq!(report["images"], 0, "{story}");
    assert_eq!(report["inline_scripts"], 0, "{story}");
    assert_eq!(report["javascript_links"], 0, "{story}");
    assert_eq!(
        report["result_headings"], 1,
        "only the real Result heading: {story}"
    );
    assert_eq!(report["lists"], 0, "{story}");
    assert_eq!(report["code"], 0, "{story}");
    let text = report["text"].as_str().unwrap();
    for typed in [
        "<img src=x onerror=\"window.__pwned=1\"> </script><script>window.__pwned=2</script>",
        "## Result",
        "- not a list",
        "[a link](javascript:window.__pwned=3) *not bold* `not code` | a | b |",
    ] {
        assert!(text.contains(typed), "reads as typed: {typed}\n{text}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_shows_an_answer_only_when_asked() {
    let vault = Course::fixture("obsidian");
    vault.build_ok(&[]);
    let server = StaticServer::start(&vault.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url("/practice/")).await.unwrap();
    let answer = client.find(Locator::Id("practice-answer")).await.unwrap();
    let next = client.find(Locator::Id("practice-next")).await.unwrap();
    // Questions are dealt at random; the vault has answers for three of its five.
    let mut shown = false;
    for _ in 0..40 {
        if answer.is_displayed().await.unwrap() {
            shown = true;
            break;
        }
        next.click().await.unwrap();
    }
    assert!(shown, "a question with an answer offers it");
    let body = client
        .find(Locator::Id("practice-answer-body"))
        .await
        .unwrap();
    assert!(!body.is_displayed().await.unwrap(), "folded until asked");
    answer
        .find(Locator::Css("summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(body.is_displayed().await.unwrap(), "shown when asked");
    assert!(!body.text().await.unwrap().trim().is_empty());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn questions_filter_by_language_and_difficulty() {
    let vault = Course::fixture("obsidian");
    vault.build_ok(&[]);
    let server = StaticServer::start(&vault.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    let visible_texts = |query: &'static str| {
        let url = server.url(&format!("/questions/{query}"));
        async move {
            client.goto(&url).await.unwrap();
            // The filters' script has read the bank and applied the address's filter: the
            // options' counts come first, the matching cards once their shard is read.
            wait_for(
                client,
                10,
                "the filters",
                "return /\\(\\d+\\)$/.test(document.querySelector('.question-filters option')?.textContent || '')
                    && document.querySelector('.question-card') !== null;",
            )
            .await;
            let texts = client
                .execute(
                    "return [...document.querySelectorAll('.question-card')]
                        .filter(card => card.offsetParent !== null)
                        .map(card => card.querySelector('.question-text').textContent);",
                    vec![],
                )
                .await
                .unwrap();
            let texts: Vec<String> = texts
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect();
            texts
        }
    };
    let french = visible_texts("?language=fr").await;
    assert_eq!(
        french,
        ["Pourquoi les caches utilisent-ils le hachage cohérent ?"]
    );
    // A question in another language than the page's keeps its own direction.
    let marked = client
        .execute(
            "const card = [...document.querySelectorAll('.question-card')].find(c => c.offsetParent !== null);
            return [card.lang, card.dir];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(marked, serde_json::json!(["fr", "auto"]));
    let medium = visible_texts("?difficulty=medium").await;
    assert_eq!(medium.len(), 2, "both languages of the card: {medium:?}");
    let everything = visible_texts("").await;
    assert!(everything.len() > 2, "{everything:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn math_lays_out_without_a_script() {
    let course = Course::fixture("math");
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .goto(&server.url("/notes/complexity/"))
        .await
        .unwrap();
    let sizes = client
        .execute(
            "return [...document.querySelectorAll('math')].map(m => {
                const box = m.getBoundingClientRect();
                return [m.getAttribute('display'), box.width, box.height];
            });",
            vec![],
        )
        .await
        .unwrap();
    let sizes = sizes.as_array().unwrap();
    assert!(sizes.len() >= 6, "{sizes:?}");
    for size in sizes {
        let (width, height) = (size[1].as_f64().unwrap(), size[2].as_f64().unwrap());
        assert!(
            width > 0.0 && height > 0.0,
            "every formula takes room: {size:?}"
        );
    }
    let fraction: f64 = client
        .execute(
            "const f = document.querySelector('math[display=\"block\"] mfrac'); return f.getBoundingClientRect().height;",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    let line: f64 = client
        .execute(
            "return document.querySelector('p').getBoundingClientRect().height / 2;",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(
        fraction > line,
        "a displayed fraction stands taller than a line of text ({fraction} vs {line})"
    );
    browser.close().await;
}

/// Each diagram figure's drawing: its text colour, its box, and its labels with a box.
const DIAGRAM_BOXES: &str =
    "return [...document.querySelectorAll('figure.diagram')].map(figure => {
    const svg = figure.querySelector('svg');
    const box = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('text, foreignObject span')]
        .map(label => [label.textContent.trim(), label.getBoundingClientRect().width])
        .filter(([text, width]) => text && width > 0);
    return [getComputedStyle(svg).fill, box.width, box.height, labels.map(([text]) => text)];
});";

#[tokio::test(flavor = "multi_thread")]
async fn diagrams_take_room_and_show_their_labels_light_and_dark() {
    let course = Course::fixture("diagrams");
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    let mut colours = Vec::new();
    for dark in [false, true] {
        let browser = match dark {
            false => Browser::start().await,
            true => Browser::start_dark().await,
        };
        let client = &browser.client;
        client.goto(&server.url("/design/diagrams/")).await.unwrap();
        let figures = client.execute(DIAGRAM_BOXES, vec![]).await.unwrap();
        let figures = figures.as_array().unwrap().clone();
        assert_eq!(figures.len(), 9, "{figures:?}");
        for figure in &figures {
            let (width, height) = (figure[1].as_f64().unwrap(), figure[2].as_f64().unwrap());
            assert!(width > 20.0 && height > 20.0, "it takes room: {figure:?}");
            assert!(
                !figure[3].as_array().unwrap().is_empty(),
                "its labels are shown: {figure:?}"
            );
        }
        colours.push(figures[0][0].clone());
        // Labels run past their boxes rather than being cut where the reader's font is
        // wider than the one merman measured with.
        let clipped = client
            .execute(
                "return [...document.querySelectorAll('.diagram foreignObject')].filter(f => getComputedStyle(f).overflow !== 'visible').length;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(clipped, 0, "no label is clipped");
        let labels = figures[0][3].to_string();
        assert!(labels.contains("Load balancer"), "{labels}");
        let page_width: f64 = client
            .execute("return document.querySelector('main, article, body').getBoundingClientRect().width;", vec![])
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        for figure in &figures {
            assert!(
                figure[1].as_f64().unwrap() <= page_width,
                "it fits the page: {figure:?}"
            );
        }
        browser.close().await;
    }
    assert_ne!(
        colours[0], colours[1],
        "dark screens get the dark theme's colours"
    );
}

#[test]
fn diagrams_print_as_text_not_pictures() {
    let course = Course::fixture("diagrams");
    course.build_ok(&["--pdf", "--chromium", chromium().to_str().unwrap()]);
    let text = Command::new("pdftotext")
        .arg(course.path("output/print.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for label in [
        "Load balancer",
        "Tell me about a conflict",
        "Practised",
        "Where an hour of practice goes",
    ] {
        assert!(
            text.contains(label),
            "{label} is in the PDF as text: {text}"
        );
    }
}

#[test]
fn a_folded_callout_prints_open() {
    let vault = Course::fixture("obsidian");
    vault.build_ok(&["--pdf", "--chromium", chromium().to_str().unwrap()]);
    let text = Command::new("pdftotext")
        .arg(vault.path("output/print.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (Debian: apt-get install poppler-utils; .ci/run does this)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Before you draw anything"), "the title");
    assert!(
        text.contains("Ask how many users there are and what they do most."),
        "the body of a callout folded closed is printed: {text}"
    );
}
