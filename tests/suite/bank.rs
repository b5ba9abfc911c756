//! The question bank at size: a bank of a few hundred questions with long answers is
//! split into an index, texts and answers shards and id keys (`question-bank/`); the
//! questions page holds its first page of questions in the HTML and pages and filters
//! (by facet and by words) through the rest, and practice, progress and the mock loop
//! start from the index, over HTTP and from `file://`, in Chromium.

use fantoccini::Client;
use serde_json::Value;

use crate::common::Course;
use crate::common::browser::{Browser, StaticServer, run, wait_for};

/// Questions in the bank: one Q&A note each.
const QUESTIONS: usize = 240;
/// The bank's last notes, in a later shard than the first page's, are the only ones with
/// their value of each filter: principle Delta, section and company Zeta, level L7, topic
/// zeta-topic, difficulty hard, language fr.
const ZETA_FROM: usize = 230;

/// A course of `QUESTIONS` Q&A notes with answers of about 6 KB, under three principles,
/// and the last ones (from `ZETA_FROM`) under a fourth, in a section of their own.
fn bank_course() -> Course {
    let course = Course::fixture("prep");
    for principle in ["Alpha", "Beta", "Gamma", "Delta"] {
        course.write(
            &format!("content/principles/{}.md", principle.to_lowercase()),
            format!("---\nkind: principle\ntitle: {principle}\n---\nWhat {principle} means.\n"),
        );
    }
    let filler = "The answer goes on with detail worth reading. ".repeat(130);
    for i in 0..QUESTIONS {
        let (folder, facets, language) = if i >= ZETA_FROM {
            let facets = "principles: [Delta]\ncompany: Zeta\nlevel: L7\ntopic: zeta-topic\ndifficulty: hard";
            ("zeta", facets.to_string(), "FR")
        } else {
            let principle = ["Alpha", "Beta", "Gamma"][i % 3];
            let facets = format!(
                "principles: [{principle}]\ncompany: Acme\nlevel: L5\ntopic: general\ndifficulty: easy"
            );
            ("notes", facets, "EN")
        };
        course.write(
            &format!("content/{folder}/note-{i:03}.md"),
            format!(
                "---\ntitle: Note {i}\n{facets}\n---\n\
                 # Question ({language})\n\nWhat is topic {i}?\n\n## Answer ({language})\n\nAnswer {i}: {filler}\n"
            ),
        );
    }
    course.build_ok(&[]);
    course
}

async fn number(client: &Client, script: &str) -> u64 {
    let value = run(client, script).await;
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
        .unwrap_or_else(|| panic!("a number from {script}: {value}"))
}

const CARDS: &str = "return document.querySelectorAll('.question-card').length;";

#[test]
fn the_questions_page_holds_its_first_page_and_the_bank_is_in_shards() {
    let course = bank_course();
    let page = course.output_file("questions/index.html");
    assert_eq!(page.matches("<article class=\"question-card\"").count(), 50);
    assert!(page.contains(&format!("<span data-count>{}</span>", QUESTIONS + 9)));
    assert!(
        page.contains("data-answer-later"),
        "answers past the budget load later"
    );
    assert!(page.len() < 1024 * 1024, "{} bytes", page.len());
    let shards = |name: &str| {
        (0..)
            .take_while(|n| {
                course
                    .path(&format!("output/question-bank/{name}-{n}.js"))
                    .is_file()
            })
            .count()
    };
    assert!(
        shards("answers") >= 10,
        "{} answers shards",
        shards("answers")
    );
    assert!(shards("texts") >= 1);
    let index = course.output_file("question-bank/index.js");
    assert!(
        index.len() < 4 * 1024,
        "a few bytes a question: {} bytes",
        index.len()
    );
    assert!(!index.contains("What is topic"), "no text in the index");
    let practice = course.output_file("practice/index.html");
    assert!(
        !practice.contains("What is topic"),
        "no question in the practice page"
    );
    // The home page lists a section of hundreds of notes in part, and links to the rest.
    let home = course.output_file("index.html");
    assert_eq!(home.matches("notes/note-").count(), 20, "{home}");
    assert!(
        home.contains(&format!(
            "<li class=\"is-more\" style=\"--depth: 1\"><a href=\"notes/\">{} more in Notes</a></li>",
            ZETA_FROM - 20
        )),
        "{home}"
    );
}

/// Every check of the questions page and the study pages on one opened site.
async fn check_bank(client: &Client, url: impl Fn(&str) -> String) {
    let total = QUESTIONS as u64 + 9;
    client.goto(&url("questions/")).await.unwrap();
    wait_for(
        client,
        10,
        "the filters' counts",
        "return [...document.querySelectorAll('#filter-company option')].every(o => /\\(\\d+\\)$/.test(o.textContent));",
    )
    .await;
    // Paging reaches the last question.
    for _ in 0..10 {
        let before = number(client, CARDS).await;
        let more = run(client, "const b = document.querySelector('[data-more]'); if (b.hidden) return false; b.click(); return true;").await;
        if more != Value::Bool(true) {
            break;
        }
        wait_for(
            client,
            10,
            "more questions",
            &format!("return document.querySelectorAll('.question-card').length > {before};"),
        )
        .await;
    }
    assert_eq!(number(client, CARDS).await, total);
    let last = format!("What is topic {}?", QUESTIONS - 1);
    assert_eq!(
        run(client, &format!("return [...document.querySelectorAll('.question-text')].some(p => p.textContent === {last:?});")).await,
        Value::Bool(true)
    );

    // Each filter has a value whose questions are all in the last shard.
    let zeta = (QUESTIONS - ZETA_FROM) as u64;
    for (name, label) in [
        ("principle", "Delta"),
        ("section", "Zeta"),
        ("company", "Zeta"),
        ("level", "L7"),
        ("topic", "zeta-topic"),
        ("difficulty", "hard"),
        ("language", "fr"),
    ] {
        run(
            client,
            &format!(
                "const form = document.querySelector('.question-filters'); form.reset();
                 const s = document.getElementById('filter-{name}');
                 s.value = [...s.options].find(o => o.textContent.startsWith({label:?})).value;
                 s.dispatchEvent(new Event('change', {{bubbles: true}}));"
            ),
        )
        .await;
        wait_for(
            client,
            10,
            &format!("the {label} questions by {name}"),
            &format!(
                "const cards = [...document.querySelectorAll('.question-card')];
                 return document.querySelector('[data-count]').textContent === '{zeta}' && cards.length === {zeta}
                   && cards.every(c => Number(c.querySelector('.question-text').textContent.match(/\\d+/)[0]) >= {ZETA_FROM});"
            ),
        )
        .await;
    }

    // A filter whose questions are all in the last shard.
    run(
        client,
        "const s = document.getElementById('filter-company'); s.value = 'Zeta'; s.dispatchEvent(new Event('change', {bubbles: true}));",
    )
    .await;
    wait_for(
        client,
        10,
        "the Zeta questions",
        &format!("return document.querySelectorAll('.question-card').length === {zeta} && [...document.querySelectorAll('.question-card')].every(c => c.dataset.company === 'Zeta');"),
    )
    .await;
    assert_eq!(
        number(
            client,
            "return document.querySelector('[data-count]').textContent;"
        )
        .await,
        zeta
    );
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("company=Zeta")
    );
    // An answer opens.
    run(
        client,
        "document.querySelector('.question-card details.answer').open = true;",
    )
    .await;
    wait_for(
        client,
        10,
        "the answer from its shard",
        "return document.querySelector('.question-card details.answer .answer-body').textContent.startsWith('Answer 23');",
    )
    .await;

    // Words typed find a question in the last texts shard, and stay in the address.
    run(
        client,
        "document.querySelector('.question-filters').reset();",
    )
    .await;
    wait_for(
        client,
        10,
        "every question again",
        &format!("return document.querySelector('[data-count]').textContent === '{total}';"),
    )
    .await;
    run(
        client,
        "const t = document.getElementById('filter-text'); t.value = 'TOPIC  239'; t.dispatchEvent(new Event('input', {bubbles: true}));",
    )
    .await;
    wait_for(
        client,
        10,
        "the one question with those words",
        "const cards = document.querySelectorAll('.question-card'); return document.querySelector('[data-count]').textContent === '1' && cards.length === 1 && cards[0].querySelector('.question-text').textContent === 'What is topic 239?';",
    )
    .await;
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("text=TOPIC"),
    );
    // Leaving the words field (its change event) does not render the list again: an
    // answer opened stays open.
    run(
        client,
        "document.querySelector('.question-card details.answer').open = true;",
    )
    .await;
    wait_for(
        client,
        10,
        "the answer opened",
        "return !!document.querySelector('.question-card details.answer[open] .answer-body');",
    )
    .await;
    run(
        client,
        "document.getElementById('filter-text').dispatchEvent(new Event('change', {bubbles: true}));",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(
        run(
            client,
            "return !!document.querySelector('.question-card details.answer[open]');"
        )
        .await,
        serde_json::Value::Bool(true),
        "the list was not rendered again"
    );

    // An answer the page's HTML left out loads when opened.
    client.goto(&url("questions/")).await.unwrap();
    wait_for(client, 10, "the bank", "return !!document.querySelector('#filter-company option[value=\"Zeta\"]') && /\\(\\d+\\)$/.test(document.querySelector('#filter-company option').textContent);").await;
    run(
        client,
        "document.querySelector('details[data-answer-later]').open = true;",
    )
    .await;
    wait_for(
        client,
        10,
        "the answer left out",
        "const b = document.querySelector('details.answer[open] .answer-body'); return !!b && b.textContent.startsWith('Answer ');",
    )
    .await;

    // Practice grades a card from the last shard, and the due count drops.
    client.goto(&url("practice/?company=Zeta")).await.unwrap();
    wait_for(
        client,
        10,
        "a Zeta card",
        &format!("return document.getElementById('practice-question').textContent === 'What is topic {ZETA_FROM}?';"),
    )
    .await;
    let due = number(
        client,
        "return document.querySelector('[data-due-count]').getAttribute('data-due-count');",
    )
    .await;
    assert_eq!(due, 10, "ten new a day");
    run(
        client,
        "document.querySelector('[data-grade=good]').click();",
    )
    .await;
    wait_for(
        client,
        10,
        "the next card",
        &format!("return document.getElementById('practice-question').textContent === 'What is topic {}?';", ZETA_FROM + 1),
    )
    .await;
    assert_eq!(
        number(
            client,
            "return document.querySelector('[data-due-count]').getAttribute('data-due-count');"
        )
        .await,
        due - 1
    );

    // Progress counts the whole bank; the loop deals questions with their texts.
    client.goto(&url("progress/")).await.unwrap();
    wait_for(
        client,
        10,
        "progress",
        &format!("return document.querySelector('[data-card-total]')?.textContent === '{total}';"),
    )
    .await;
    client.goto(&url("loop/?seed=bank")).await.unwrap();
    wait_for(
        client,
        10,
        "a dealt loop",
        "const t = [...document.querySelectorAll('.loop-question-text')]; return t.length > 0 && t.every(p => p.textContent.length > 0);",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_bank_is_reached_over_http_and_from_disk() {
    let course = bank_course();
    let output = course.path("output");
    let server = StaticServer::start(&output);
    let browser = Browser::start().await;
    check_bank(&browser.client, |folder| server.url(&format!("/{folder}"))).await;
    browser.close().await;
    let browser = Browser::start().await;
    let root = format!("file://{}/", output.display());
    check_bank(&browser.client, |folder| {
        let (folder, query) = folder.split_once('?').unwrap_or((folder, ""));
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        format!("{root}{folder}index.html{query}")
    })
    .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_learners_stored_reviews_count_after_the_bank_moved_to_files() {
    let course = bank_course();
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url("/practice/")).await.unwrap();
    wait_for(
        client,
        10,
        "practice",
        "return document.getElementById('practice-question').textContent.endsWith('?');",
    )
    .await;
    // A store as the build before the bank's files wrote it: reviews by question id,
    // three of them ten days old and due again, and one of a question no longer in the
    // bank, which counts for nothing.
    let questions: Value = serde_json::from_str(&course.output_file("questions.json")).unwrap();
    let ids: Vec<&str> = questions
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .take(3)
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    let store = format!(
        "const course = document.body.dataset.course; const at = Date.now() - 10 * 86400000;
         const reviews = {{}}; for (const id of {ids:?}) reviews[id] = [{{at, grade: 3}}];
         reviews['0123456789abcdef'] = [{{at, grade: 1}}];
         localStorage.setItem(`prepress:v1:${{course}}`, JSON.stringify({{format: 'prepress-progress', version: 1, course, created: at, exported: Date.now(), snoozed: 0, reviews, stories: {{}}, lectures: {{}}, last: null, settings: {{newPerDay: 10, autoDone: false, at: 0}}}}));"
    );
    run(client, &store).await;
    client.goto(&server.url("/practice/")).await.unwrap();
    wait_for(
        client,
        10,
        "the due count with the stored reviews",
        "return document.querySelector('[data-due-count]').getAttribute('data-due-count') === '13';",
    )
    .await;
    client.goto(&server.url("/progress/")).await.unwrap();
    wait_for(
        client,
        10,
        "progress with the stored reviews",
        "return document.querySelector('[data-reviewed-cards]')?.textContent === '3' && document.querySelector('[data-due-count]').textContent === '3';",
    )
    .await;
    browser.close().await;
}
