//! Stories at several lengths (issue 31): a story's shorter versions under headings that
//! name their length (`## In 30 seconds`), the story lint's warning for a version that
//! does not fit its length (with its file and line), the lengths on the story page, and
//! rehearsing a story on `/practice/` in headless Chromium, over HTTP and from `file://`:
//! a story and its 30-second version chosen, the timer at 0:30 counting down, the text
//! hidden until asked for.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::common::browser::{Browser, StaticServer, run, wait_for};
use crate::common::{Course, stderr};

const CHECKOUT: &str = "Cutting checkout latency before the holiday peak";

/// A story whose 30-second version would take about a minute to say.
const LONG_VERSION: &str = "---
title: \"Too long for thirty seconds\"
kind: story
principles: [Ownership]
---

## Situation

Our nightly export failed twice a week and nobody owned it.

## Task

I took it on.

## Action

I rewrote the export and added an alert.

## Result

It has not failed in 90 days.

## 30 seconds

I rewrote the nightly export that failed twice a week. I looked at every failure for a month,
found that the job ran out of memory whenever a customer uploaded a very large file, changed it
to stream the rows instead of loading them, added an alert that pages the team when the export
is late, wrote a runbook for the person on call, showed the new design to the two teams that read
the export, and moved the job to a quieter hour. It has not failed once in the ninety days since.

## 90 seconds

I fixed the export.
";

#[test]
fn a_version_off_its_length_is_warned_at_its_heading() {
    let course = Course::example();
    course.write("content/stories/too-long.md", LONG_VERSION);
    let output = course.build_ok(&[]);
    let text = stderr(&output);
    let warnings: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("content/stories/too-long.md:") && line.contains('⚠'))
        .collect();
    assert_eq!(warnings.len(), 3, "{text}");
    assert!(
        warnings[0].contains("too-long.md:6:1") && warnings[0].contains("(30 words"),
        "the full story is short, its versions left out of its count:\n{text}"
    );
    assert!(
        warnings[1].contains("too-long.md:23:1")
            && text.contains("the 30-second version takes about 43"),
        "{text}"
    );
    assert!(
        warnings[2].contains("too-long.md:31:1")
            && text.contains("the 90-second version takes about 2"),
        "{text}"
    );
    assert!(text.contains("story-version-length"), "{text}");
    assert!(
        !text.contains("checkout-latency.md"),
        "the example's versions fit their lengths:\n{text}"
    );
}

#[test]
fn the_story_page_links_its_lengths_and_practice_has_them() {
    let course = Course::example();
    course.build_ok(&[]);
    let page = course.output_file("stories/checkout-latency/index.html");
    let thirty = page.find("href=\"#in-30-seconds\">30 s</a>").expect(&page);
    let ninety = page.find("href=\"#in-90-seconds\">90 s</a>").expect(&page);
    assert!(thirty < ninety, "shortest first");
    assert!(page.contains("<h2 id=\"in-30-seconds\">In 30 seconds</h2>"));
    assert!(page.contains(
        "href=\"../../practice/?story=stories/checkout-latency/#rehearse\">Rehearse it</a>"
    ));
    let bank = course.output_file("stories/index.html");
    assert!(
        bank.contains("<a class=\"pill\" href=\"checkout-latency/#in-90-seconds\">90 s</a>"),
        "the story bank lists each story's lengths"
    );
    let other = course.output_file("stories/cutover-date/index.html");
    assert!(
        !other.contains("story-lengths-label"),
        "no versions, no lengths"
    );

    let practice = course.output_file("practice/index.html");
    let json = practice
        .split("<script type=\"application/json\" id=\"rehearse-stories\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the stories to rehearse");
    let stories: Value = serde_json::from_str(json).unwrap();
    let checkout = stories
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == CHECKOUT)
        .unwrap();
    let lengths: Vec<(u64, bool)> = checkout["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["seconds"].as_u64().unwrap(), v["full"].as_bool().unwrap()))
        .collect();
    assert_eq!(lengths, [(30, false), (90, false), (180, true)]);
    let full = checkout["versions"][2]["paragraphs"].to_string();
    assert!(
        full.contains("Situation") && !full.contains("In 30 seconds"),
        "{full}"
    );
    assert!(
        !course
            .output_file("progress/index.html")
            .contains("rehearse-stories")
    );
}

// ---------- In Chromium ----------

const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';

/// Presses a key where the keyboard's focus is.
async fn press(client: &Client, key: char) {
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await.unwrap();
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn choose(client: &Client, css: &str, label: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .select_by_label(label)
        .await
        .unwrap_or_else(|e| panic!("{css} {label}: {e}"));
}

/// Rehearsing on the practice page of the built example course, over HTTP or from disk.
async fn rehearse_a_story(disk: bool) {
    let course = Course::example();
    course.build_ok(&[]);
    let output = course.path("output");
    let server = (!disk).then(|| StaticServer::start(&output));
    let practice = match &server {
        Some(server) => server.url("/practice/"),
        None => format!("file://{}/practice/index.html", output.display()),
    };
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&practice).await.unwrap();
    wait_for(
        client,
        10,
        "the stories to rehearse",
        "return document.querySelectorAll('#rehearse-story option').length > 0 && document.getElementById('rehearse-title').textContent !== '';",
    )
    .await;

    choose(client, "#rehearse-story", CHECKOUT).await;
    let lengths = run(
        client,
        "return [...document.querySelectorAll('#rehearse-version option')].map(o => o.textContent);",
    )
    .await;
    assert_eq!(
        lengths,
        serde_json::json!(["30 s", "90 s", "Full story (up to 3:00)"])
    );
    choose(client, "#rehearse-version", "Full story (up to 3:00)").await;
    assert_eq!(text_of(client, "#rehearse-timer").await, "3:00");
    choose(client, "#rehearse-version", "30 s").await;
    assert_eq!(text_of(client, "#rehearse-title").await, CHECKOUT);
    let principles = text_of(client, "#rehearse-principles").await;
    assert!(principles.contains("Dive Deep"), "{principles}");
    assert_eq!(text_of(client, "#rehearse-timer").await, "0:30");

    // The text is there, but hidden until asked for.
    let hidden = "return document.getElementById('rehearse-text').hidden && document.getElementById('rehearse-text').offsetHeight === 0;";
    assert_eq!(run(client, hidden).await, true);
    assert_eq!(
        run(
            client,
            "return document.getElementById('rehearse-show').getAttribute('aria-expanded');"
        )
        .await,
        "false"
    );

    // By keyboard: from the length, Tab reaches Start, and Enter starts.
    run(
        client,
        "document.getElementById('rehearse-version').focus();",
    )
    .await;
    press(client, TAB).await;
    assert_eq!(
        run(client, "return document.activeElement.id;").await,
        "rehearse-start"
    );
    press(client, ENTER).await;
    wait_for(
        client,
        5,
        "the rehearsal timer counting down",
        "const t = document.getElementById('rehearse-timer'); return t.dataset.state === 'running' && /^0:2[0-9]$/.test(t.textContent);",
    )
    .await;
    assert_eq!(
        text_of(client, "#practice-timer").await,
        "2:00",
        "practice's own timer is left alone"
    );

    run(client, "document.getElementById('rehearse-show').focus();").await;
    press(client, ENTER).await;
    let shown = text_of(client, "#rehearse-text").await;
    assert!(shown.starts_with("Before our holiday peak"), "{shown}");
    assert_eq!(
        run(
            client,
            "return document.getElementById('rehearse-show').getAttribute('aria-expanded');"
        )
        .await,
        "true"
    );
    click(client, "#rehearse-pause").await;
    assert_eq!(
        run(
            client,
            "return document.getElementById('rehearse-timer').dataset.state;"
        )
        .await,
        "paused"
    );

    // Another length: the timer is set to it and the text hides again.
    choose(client, "#rehearse-version", "Full story (up to 3:00)").await;
    assert_eq!(text_of(client, "#rehearse-timer").await, "3:00");
    assert_eq!(run(client, hidden).await, true);

    // The story page's "Rehearse it" opens practice with that story chosen, at the
    // lengths it has: this one has no shorter version.
    let story_page = match &server {
        Some(server) => server.url("/stories/cutover-date/"),
        None => format!(
            "file://{}/stories/cutover-date/index.html",
            output.display()
        ),
    };
    client.goto(&story_page).await.unwrap();
    click(client, "a.story-rehearse").await;
    wait_for(
        client,
        10,
        "the linked story chosen",
        "return document.getElementById('rehearse-title').textContent === 'Pushing back on a migration cutover date';",
    )
    .await;
    let lengths = run(
        client,
        "return [...document.querySelectorAll('#rehearse-version option')].map(o => o.textContent);",
    )
    .await;
    assert_eq!(lengths, serde_json::json!(["Full story (up to 3:00)"]));
    assert_eq!(text_of(client, "#rehearse-timer").await, "3:00");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rehearse_a_story_over_http() {
    rehearse_a_story(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rehearse_a_story_from_disk() {
    rehearse_a_story(true).await;
}
