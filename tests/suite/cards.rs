//! Cards written in lectures (issue 31): the fixture course `tests/fixtures/cards` writes
//! clozes (Anki's `{{c1::…}}` and, as the course turns them on, `==…==`), a reversed
//! one-line card, a multi-line card and near misses. Checked: the bank's entries (kind,
//! section, tags, principles, `file:line`, stable ids), the page's HTML, and in headless
//! Chromium a cloze card and a reversed card taken through `/practice/`, over HTTP and
//! from `file://`.

use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::common::Course;
use crate::common::browser::{Browser, StaticServer, run, wait_for};

/// The bank as `questions.json` exports it.
fn bank(course: &Course) -> Vec<Value> {
    let json: Value = serde_json::from_str(&course.output_file("questions.json")).unwrap();
    match json {
        Value::Array(list) => list,
        other => panic!("questions.json is not a list: {other}"),
    }
}

fn with_text<'a>(bank: &'a [Value], text: &str) -> &'a Value {
    bank.iter()
        .find(|q| q["text"] == text)
        .unwrap_or_else(|| panic!("no entry {text:?} in {bank:#?}"))
}

#[test]
fn cards_join_the_bank_with_their_kind_and_origin() {
    let course = Course::fixture("cards");
    course.build_ok(&[]);
    let bank = bank(&course);
    let cards: Vec<&Value> = bank.iter().filter(|q| q["card"].is_object()).collect();
    assert_eq!(cards.len(), 7, "{bank:#?}");

    let lru = with_text(
        &bank,
        "A […] cache drops the entry read longest ago, and a write-through cache writes to the store on every update.",
    );
    assert_eq!(lru["card"]["kind"], "cloze");
    assert_eq!(lru["card"]["number"], 1);
    assert_eq!(lru["source"], "content/systems/01-caching.md");
    assert_eq!(lru["line"], 13);
    assert_eq!(lru["section"], "Systems");
    assert_eq!(lru["tags"], serde_json::json!(["caching", "latency"]));
    assert_eq!(lru["principles"], serde_json::json!(["dive-deep"]));
    assert!(
        lru["url"]
            .as_str()
            .unwrap()
            .ends_with("/systems/caching/#eviction")
    );
    assert!(
        lru["answer"]
            .as_str()
            .unwrap()
            .contains("**least recently used**")
    );
    let policy = with_text(
        &bank,
        "A least recently used cache drops the entry read longest ago, and a [policy] cache writes to the store on every update.",
    );
    assert_eq!(policy["card"]["note_id"], lru["card"]["note_id"]);
    assert_ne!(policy["id"], lru["id"]);

    let ttl = with_text(&bank, "Time to live");
    let back = with_text(
        &bank,
        "how long an entry may be served before it is read again",
    );
    assert_eq!(ttl["card"]["kind"], "reversed");
    assert_eq!(back["answer"], "Time to live");
    assert_eq!(back["card"]["number"], 2);
    assert_eq!(ttl["line"], 16);

    let multi = with_text(
        &bank,
        "What goes wrong when many clients miss the same key at once?",
    );
    assert_eq!(multi["card"]["kind"], "basic");
    assert!(
        multi["answer"]
            .as_str()
            .unwrap()
            .contains("Request coalescing")
    );

    // `==` in math is no cloze; `==warm==` is, as the course turns highlight clozes on.
    let warm = with_text(
        &bank,
        "The cost is $O(1) == O(1)$ on average, and […] caches answer fastest.",
    );
    assert_eq!(warm["card"]["kind"], "cloze");
    // `::` in inline code, a URL and a code block made no card.
    assert!(
        !bank
            .iter()
            .any(|q| q["text"].as_str().unwrap().contains("HashMap")
                || q["text"].as_str().unwrap().contains("lookup")),
        "{bank:#?}"
    );

    // The bank's index says which entries are cards, for the kind filter.
    let index = course.output_file("question-bank/index.js");
    assert!(
        index.contains("\"kind\":{\"values\":[\"cloze\",\"card\"]"),
        "{index}"
    );
}

#[test]
fn card_ids_hold_when_the_rest_of_the_file_changes() {
    let course = Course::fixture("cards");
    course.build_ok(&[]);
    let ids = |course: &Course| -> Vec<(String, String)> {
        bank(course)
            .iter()
            .filter(|q| q["card"].is_object())
            .map(|q| {
                (
                    q["text"].as_str().unwrap().to_string(),
                    q["id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let before = ids(&course);
    // The fixture's seven cards: a test that found none would prove nothing.
    assert_eq!(before.len(), 7, "{before:?}");
    let path = "content/systems/01-caching.md";
    let text = std::fs::read_to_string(course.path(path)).unwrap();
    let edited = text
        .replace(
            "# Caching\n",
            "# Caching\n\nA new opening paragraph, with more words.\n",
        )
        .replace("## Near misses", "## Things that are not cards");
    course.write(path, edited);
    course.build_ok(&[]);
    let after = ids(&course);
    assert_eq!(before.len(), after.len());
    for (text, id) in &before {
        let kept = after.iter().find(|(t, _)| t == text).map(|(_, id)| id);
        assert_eq!(kept, Some(id), "{text}");
    }
}

#[test]
fn the_page_shows_clozes_as_text_and_cards_as_pairs() {
    let course = Course::fixture("cards");
    course.build_ok(&[]);
    let page = course.output_file("systems/caching/index.html");
    assert!(
        page.contains("<mark class=\"cloze\">least recently used</mark>"),
        "{page}"
    );
    assert!(page.contains("<mark class=\"cloze\" title=\"policy\">write-through</mark>"));
    assert!(!page.contains("{{c1::"), "no braces in the page");
    assert!(page.contains(
        "<dl class=\"card card-reversed\">\n<dt>Time to live</dt>\n<dd>how long an entry may be served before it is read again</dd>"
    ));
    assert!(page.contains("<dt>What goes wrong when many clients miss the same key at once?</dt>"));
    assert!(page.contains("<code>HashMap::get</code>"));
    assert!(page.contains("https://docs.example.org/cache::get"));
    assert!(page.contains("cache::lookup"));
    let queues = course.output_file("systems/queues/index.html");
    assert!(queues.contains("<dt>Back pressure</dt>"), "{queues}");
    // The questions page's cards, as the build writes them, say their kind.
    let questions = course.output_file("questions/index.html");
    assert!(questions.contains(" data-kind=\"cloze\""), "{questions}");
    assert!(questions.contains(" data-kind=\"card\""));
    // With `highlight_clozes` on, a highlight is a cloze in the page as in the bank.
    assert!(page.contains("<mark class=\"cloze\">warm</mark>"), "{page}");
    assert!(!page.contains("<mark>"));
}

// ---------- Practice in Chromium ----------

async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    wait_for(
        client,
        10,
        &format!("the practice scripts on {url}"),
        "return document.readyState === 'complete' && !!window.prepressStudy
            && !document.querySelector('[data-kind-filter]').hidden;",
    )
    .await;
}

async fn shown(client: &Client) -> String {
    let text = run(
        client,
        "return document.getElementById('practice-question').textContent;",
    )
    .await;
    text.as_str().unwrap().to_string()
}

async fn choose_kind(client: &Client, kind: &str) {
    let select = client.find(Locator::Id("filter-kind")).await.unwrap();
    select.select_by_value(kind).await.unwrap();
    wait_for(
        client,
        5,
        "the kind in the address",
        &format!("return location.search.includes('kind={kind}');"),
    )
    .await;
}

/// Opens the answer and waits for it; gives its HTML.
async fn reveal(client: &Client) -> String {
    client
        .find(Locator::Css("#practice-answer summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        5,
        "the answer",
        "const a = document.getElementById('practice-answer');
         return a.open && !a.hidden && document.getElementById('practice-answer-body').innerHTML.includes('<');",
    )
    .await;
    let html = run(
        client,
        "return document.getElementById('practice-answer-body').innerHTML;",
    )
    .await;
    html.as_str().unwrap().to_string()
}

async fn grade_good(client: &Client) {
    client
        .find(Locator::Css("[data-grade=good]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The ids the learner's data has reviews for.
async fn reviewed(client: &Client) -> Vec<String> {
    let value = run(
        client,
        "return Object.keys(JSON.parse(localStorage.getItem(window.prepressStudy.KEY) || '{\"reviews\":{}}').reviews);",
    )
    .await;
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

async fn a_cloze_and_a_reversed_card_through_practice(disk: bool) {
    let course = Course::fixture("cards");
    course.build_ok(&[]);
    let bank = bank(&course);
    let id_of = |text: &str| with_text(&bank, text)["id"].as_str().unwrap().to_string();
    let server;
    let url = if disk {
        format!(
            "file://{}/practice/index.html",
            course.path("output").display()
        )
    } else {
        server = StaticServer::start(&course.path("output"));
        server.url("/practice/")
    };
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &url).await;

    // A cloze: the sentence with its deletion hidden; the answer marks it.
    choose_kind(client, "cloze").await;
    let front = shown(client).await;
    assert!(
        front.contains("[…]") || front.contains("[policy]"),
        "{front}"
    );
    let hidden = run(
        client,
        "return document.getElementById('practice-rubric').hidden;",
    )
    .await;
    assert_eq!(hidden, true, "no STAR self-check for a card");
    let answer = reveal(client).await;
    assert!(answer.contains("<strong>"), "{answer}");
    assert!(!answer.contains("{{"), "{answer}");
    grade_good(client).await;
    let cloze_id = id_of(&front);
    assert_eq!(reviewed(client).await, std::slice::from_ref(&cloze_id));

    // A reversed pair: each side is a card; grade until the back-to-front side shows.
    choose_kind(client, "card").await;
    let back_side = "how long an entry may be served before it is read again";
    let mut seen = Vec::new();
    for _ in 0..4 {
        let front = shown(client).await;
        let answer = reveal(client).await;
        if front == back_side {
            assert!(answer.contains("Time to live"), "{answer}");
        }
        seen.push(front);
        grade_good(client).await;
        if seen.iter().any(|s| s == back_side) {
            break;
        }
    }
    assert!(seen.iter().any(|s| s == back_side), "{seen:?}");
    let ids = reviewed(client).await;
    assert!(ids.contains(&id_of(back_side)), "{ids:?}");
    assert!(ids.contains(&cloze_id));

    // It survives a reload: the graded cards are out of today's queue.
    open(client, &url).await;
    choose_kind(client, "cloze").await;
    assert_ne!(shown(client).await, front);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cloze_and_a_reversed_card_through_practice_over_http() {
    a_cloze_and_a_reversed_card_through_practice(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cloze_and_a_reversed_card_through_practice_from_disk() {
    a_cloze_and_a_reversed_card_through_practice(true).await;
}
