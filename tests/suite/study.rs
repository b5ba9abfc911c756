//! The study layer in headless Chromium: the spaced-repetition queue in practice, the
//! self-check, story choices, recording with a fake microphone (and its refusal),
//! `/progress/`, export and import of the learner's data between two browser profiles,
//! the backup reminder, the mock loop's seeded deal and printed sheets, and reading
//! progress. Each behaviour is checked over HTTP (loopback) and from `file://`.

use std::process::Command;
use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::common::browser::{
    Browser, built_example, downloaded_text, keep_downloads, pdf_pages, print_to_pdf, run, wait_for,
};

/// Opens a page and waits until its scripts have run (the study data is there).
async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    wait_for(
        client,
        10,
        &format!("the study scripts on {url}"),
        "return document.readyState === 'complete' && !!window.prepressStudy;",
    )
    .await;
}

async fn due_count(client: &Client) -> u64 {
    let value = run(
        client,
        "return document.querySelector('[data-due-count]').getAttribute('data-due-count');",
    )
    .await;
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a due count: {value}"))
}

async fn shown_question(client: &Client) -> String {
    run(
        client,
        "return document.getElementById('practice-question').textContent;",
    )
    .await
    .as_str()
    .unwrap()
    .to_string()
}

/// The learner's stored data, parsed.
async fn stored(client: &Client) -> Value {
    let text = run(
        client,
        "return localStorage.getItem(window.prepressStudy.KEY);",
    )
    .await;
    match text.as_str() {
        Some(text) => serde_json::from_str(text).unwrap(),
        None => Value::Null,
    }
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

// ---------- Spaced repetition, self-check, progress ----------

async fn grading_moves_cards_out_of_today(disk: bool) {
    let (_course, site) = built_example(disk);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("practice/")).await;
    assert_eq!(
        due_count(client).await,
        10,
        "ten new questions a day at first"
    );
    let first = shown_question(client).await;

    // A behavioural card: tick two checks, then grade with the button.
    let rubric_shown = run(
        client,
        "return !document.getElementById('practice-rubric').hidden;",
    )
    .await;
    assert_eq!(rubric_shown, true, "the first question has principles");
    click(client, "#practice-rubric input[value=star]").await;
    click(client, "#practice-rubric input[value=number]").await;
    click(client, "[data-grade=good]").await;
    assert_eq!(due_count(client).await, 9);
    assert_ne!(
        shown_question(client).await,
        first,
        "the next card is shown"
    );

    // Keys 1-4 grade too.
    let skip = client.find(Locator::Id("practice-next")).await.unwrap();
    skip.send_keys("4").await.unwrap();
    assert_eq!(due_count(client).await, 8);

    let data = stored(client).await;
    let reviews: Vec<&Value> = data["reviews"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|list| list.as_array().unwrap())
        .collect();
    assert_eq!(reviews.len(), 2, "{data}");
    let mut grades: Vec<u64> = reviews
        .iter()
        .map(|r| r["grade"].as_u64().unwrap())
        .collect();
    grades.sort();
    assert_eq!(grades, [3, 4]);
    let ticked = reviews.iter().find(|r| r["grade"] == 3).unwrap();
    assert_eq!(ticked["rubric"], serde_json::json!(["star", "number"]));

    // It all survives a reload.
    open(client, &site.url("practice/")).await;
    assert_eq!(due_count(client).await, 8, "after a reload");
    assert_ne!(shown_question(client).await, first);

    // The daily limit of new cards is the learner's.
    let limit = client
        .find(Locator::Id("practice-new-limit"))
        .await
        .unwrap();
    limit.clear().await.unwrap();
    // Typed, then Tab: the browser's change event.
    limit.send_keys("5\u{E004}").await.unwrap();
    assert_eq!(due_count(client).await, 3, "five a day, two seen today");

    // Filters narrow the queue.
    let select = client.find(Locator::Id("filter-principle")).await.unwrap();
    select.select_by_value("bias-for-action").await.unwrap();
    wait_for(
        client,
        5,
        "the filter in the address",
        "return location.search.includes('principle=bias-for-action');",
    )
    .await;
    let text = run(
        client,
        "return document.getElementById('practice-principles').textContent;",
    )
    .await;
    assert!(text.as_str().unwrap().contains("Bias for Action"), "{text}");

    // Progress: nothing due today, both cards within the week, two reviews today.
    open(client, &site.url("progress/")).await;
    assert_eq!(due_count(client).await, 0);
    let report = run(
        client,
        "return {
            week: document.querySelector('[data-due-week]').textContent,
            svg: document.querySelectorAll('[data-review-chart] svg rect').length,
            today: document.querySelector('[data-review-chart] svg rect:last-of-type').getAttribute('data-count'),
            star: document.querySelector('[data-rubric=star]').getAttribute('data-ticked'),
            i: document.querySelector('[data-rubric=i]').getAttribute('data-ticked'),
            rows: document.querySelectorAll('[data-readiness] tr').length,
            weakest: document.querySelector('[data-weakest] a').href,
        };",
    )
    .await;
    assert_eq!(
        report["week"], "1",
        "the good card is due in two days: {report}"
    );
    assert_eq!(report["svg"], 30, "{report}");
    assert_eq!(report["today"], "2", "{report}");
    assert_eq!(report["star"], "1", "{report}");
    assert_eq!(report["i"], "0", "{report}");
    assert!(report["rows"].as_u64().unwrap() >= 10, "{report}");
    assert!(
        report["weakest"].as_str().unwrap().contains("practice/")
            && report["weakest"].as_str().unwrap().contains("?principle="),
        "{report}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn grading_moves_cards_out_of_today_over_http() {
    grading_moves_cards_out_of_today(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn grading_moves_cards_out_of_today_from_disk() {
    grading_moves_cards_out_of_today(true).await;
}

// ---------- The learner's data: export, import, the reminder ----------

async fn import_file(client: &Client, path: &std::path::Path) -> String {
    let input = client
        .find(Locator::Css("input[data-progress-import]"))
        .await
        .unwrap();
    input.send_keys(&path.display().to_string()).await.unwrap();
    wait_for(
        client,
        10,
        "the import's message",
        "return document.querySelector('[data-progress-message]').textContent.length > 0;",
    )
    .await;
    let message = run(client, "const m = document.querySelector('[data-progress-message]'); const t = m.textContent; m.textContent = ''; return t;").await;
    message.as_str().unwrap().to_string()
}

async fn export_and_import_restore_the_due_counts(disk: bool) {
    let (course, site) = built_example(disk);
    let exported = {
        let browser = Browser::start().await;
        let client = &browser.client;
        open(client, &site.url("practice/")).await;
        for grade in ["again", "good", "easy"] {
            click(client, &format!("[data-grade={grade}]")).await;
        }
        assert_eq!(due_count(client).await, 7);
        open(client, &site.url("progress/")).await;
        keep_downloads(client).await;
        click(client, "[data-progress-export]").await;
        let text = downloaded_text(client).await;
        browser.close().await;
        text
    };
    let file = course.path("progress.json");
    std::fs::write(&file, &exported).unwrap();

    // A fresh profile: nothing yet.
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("progress/")).await;
    let week = "return document.querySelector('[data-due-week]').textContent;";
    assert_eq!(run(client, week).await, "0");

    // Bad files change nothing.
    let before = run(
        client,
        "return localStorage.getItem(window.prepressStudy.KEY);",
    )
    .await;
    let mut foreign: Value = serde_json::from_str(&exported).unwrap();
    foreign["course"] = "Some other course".into();
    let mut wrong_grade: Value = serde_json::from_str(&exported).unwrap();
    let first_card = wrong_grade["reviews"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    wrong_grade["reviews"][&first_card][0]["grade"] = 7.into();
    for (name, text) in [
        ("not-json.json", "{ this is not json".to_string()),
        (
            "other.json",
            r#"{"format": "something-else", "version": 1}"#.to_string(),
        ),
        ("foreign.json", foreign.to_string()),
        ("bad-grade.json", wrong_grade.to_string()),
    ] {
        let path = course.path(name);
        std::fs::write(&path, text).unwrap();
        let message = import_file(client, &path).await;
        assert!(
            message.starts_with("Nothing was imported"),
            "{name}: {message}"
        );
        let after = run(
            client,
            "return localStorage.getItem(window.prepressStudy.KEY);",
        )
        .await;
        assert_eq!(after, before, "{name} changed the stored data");
    }

    let message = import_file(client, &file).await;
    assert!(message.starts_with("Imported 3 reviews"), "{message}");
    // Again: one day; good: two days; easy: eight.
    assert_eq!(run(client, week).await, "2");
    open(client, &site.url("practice/")).await;
    assert_eq!(
        due_count(client).await,
        7,
        "the same queue as the exporting browser"
    );

    // Importing the same file again doubles nothing.
    open(client, &site.url("progress/")).await;
    import_file(client, &file).await;
    let data = stored(client).await;
    let reviews: usize = data["reviews"]
        .as_object()
        .unwrap()
        .values()
        .map(|list| list.as_array().unwrap().len())
        .sum();
    assert_eq!(reviews, 3, "{data}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_and_import_restore_the_due_counts_over_http() {
    export_and_import_restore_the_due_counts(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_and_import_restore_the_due_counts_from_disk() {
    export_and_import_restore_the_due_counts(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_week_without_an_export_shows_a_reminder_until_one() {
    let (_course, site) = built_example(true);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("")).await;
    let banner = "return !!document.querySelector('[data-backup-banner]:not([hidden])');";
    assert_eq!(run(client, banner).await, false, "no progress, no reminder");
    // Progress made eight days ago, never exported.
    run(
        client,
        "const eight = Date.now() - 8 * 86400000;
         window.prepressStudy.update((d) => {
           d.created = eight;
           d.reviews['x'] = [{ at: eight, grade: 3 }];
         });",
    )
    .await;
    open(client, &site.url("behavioural/")).await;
    assert_eq!(run(client, banner).await, true, "a reminder after a week");
    keep_downloads(client).await;
    click(client, "[data-backup-banner] [data-progress-export]").await;
    assert_eq!(run(client, banner).await, false, "gone once exported");
    open(client, &site.url("behavioural/")).await;
    assert_eq!(run(client, banner).await, false, "and after a reload");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reworded_question_keeps_its_history_while_its_id_holds() {
    let (course, site) = built_example(false);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("practice/")).await;
    let first = shown_question(client).await;
    assert_eq!(
        first,
        "Tell me about a time you delivered something under a tight deadline."
    );
    click(client, "[data-grade=good]").await;
    assert_eq!(due_count(client).await, 9);

    let file = "content/behavioural/01-star-method.md";
    let source = std::fs::read_to_string(course.path(file)).unwrap();
    // Case and punctuation are not part of a question's id.
    course.write(
        file,
        source.replace(
            "Tell me about a time you delivered something under a tight deadline.",
            "Tell me about a time you delivered something under a TIGHT deadline!",
        ),
    );
    course.build_ok(&[]);
    open(client, &site.url("practice/")).await;
    assert_eq!(due_count(client).await, 9, "the review still counts");
    assert!(!shown_question(client).await.contains("TIGHT"));
    open(client, &site.url("progress/")).await;
    let practised = "return document.querySelector('[data-reviewed-cards]').textContent;";
    assert_eq!(run(client, practised).await, "1");

    // A new word is a new question, with no history.
    course.write(
        file,
        source.replace(
            "Tell me about a time you delivered something under a tight deadline.",
            "Tell me about a time you delivered something under a very tight deadline.",
        ),
    );
    course.build_ok(&[]);
    open(client, &site.url("progress/")).await;
    assert_eq!(run(client, practised).await, "0");
    open(client, &site.url("practice/")).await;
    // The day's allowance still counts the card seen today.
    assert_eq!(due_count(client).await, 9);
    assert!(shown_question(client).await.contains("very tight"));
    browser.close().await;
}

// ---------- Stories that answer ----------

async fn a_chosen_story_persists_and_shows_on_the_stories_page(disk: bool) {
    let (_course, site) = built_example(disk);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("questions/")).await;
    let (id, question, story) = {
        let picked = run(
            client,
            "const s = document.querySelector('select[data-story-choice]');
             return [s.getAttribute('data-question'), s.closest('.question-card').querySelector('.question-text').textContent, s.options[2].value, s.options.length];",
        )
        .await;
        assert!(
            picked[3].as_u64().unwrap() >= 3,
            "stories offered: {picked}"
        );
        (
            picked[0].as_str().unwrap().to_string(),
            picked[1].as_str().unwrap().to_string(),
            picked[2].as_str().unwrap().to_string(),
        )
    };
    let select = client
        .find(Locator::Css(&format!("select[data-question='{id}']")))
        .await
        .unwrap();
    select.select_by_value(&story).await.unwrap();

    open(client, &site.url("questions/")).await;
    let value = run(
        client,
        &format!("return document.querySelector(\"select[data-question='{id}']\").value;"),
    )
    .await;
    assert_eq!(value, story.as_str(), "the choice survives a reload");

    open(client, &site.url("stories/")).await;
    let report = run(
        client,
        &format!(
            "return {{
                answers: Array.from(document.querySelectorAll(\"[data-story-questions='{story}'] li\")).map(li => li.textContent),
                others: document.querySelectorAll('[data-story-questions] li').length,
                open: Array.from(document.querySelectorAll('[data-unanswered] li')).map(li => li.textContent),
            }};"
        ),
    )
    .await;
    assert_eq!(report["answers"], serde_json::json!([question]), "{report}");
    assert_eq!(report["others"], 1, "{report}");
    let open_list = report["open"].as_array().unwrap();
    assert!(!open_list.is_empty(), "{report}");
    assert!(
        !open_list.iter().any(|q| q == question.as_str()),
        "{report}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chosen_story_persists_and_shows_on_the_stories_page_over_http() {
    a_chosen_story_persists_and_shows_on_the_stories_page(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chosen_story_persists_and_shows_on_the_stories_page_from_disk() {
    a_chosen_story_persists_and_shows_on_the_stories_page(true).await;
}

// ---------- Recording ----------

const FAKE_MICROPHONE: &[&str] = &[
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
];

async fn recording(disk: bool) {
    let (_course, site) = built_example(disk);
    let browser = Browser::start_with(FAKE_MICROPHONE).await;
    let client = &browser.client;
    open(client, &site.url("practice/")).await;
    click(client, "[data-record]").await;
    wait_for(
        client,
        10,
        "recording",
        "return document.querySelector('[data-record]').getAttribute('aria-pressed') === 'true';",
    )
    .await;
    let timer = run(
        client,
        "return document.getElementById('practice-timer').getAttribute('data-state');",
    )
    .await;
    assert_eq!(timer, "running", "recording runs the timer");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    click(client, "[data-record]").await;
    wait_for(
        client,
        10,
        "a recording",
        "return !document.querySelector('[data-recording]').hidden;",
    )
    .await;
    let report = run(
        client,
        "return {
            audio: document.querySelector('[data-recording-audio]').src,
            download: document.querySelector('[data-recording-download]').href,
            name: document.querySelector('[data-recording-download]').download,
            status: document.querySelector('[data-record-status]').textContent,
        };",
    )
    .await;
    assert!(
        report["audio"].as_str().unwrap().starts_with("blob:"),
        "{report}"
    );
    assert_eq!(report["audio"], report["download"], "{report}");
    assert!(
        report["name"].as_str().unwrap().starts_with("answer-"),
        "{report}"
    );
    assert!(
        report["status"].as_str().unwrap().starts_with("Recorded"),
        "{report}"
    );
    let size = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; fetch(document.querySelector('[data-recording-audio]').src).then(r => r.blob()).then(b => done(b.size));",
            vec![],
        )
        .await
        .unwrap();
    assert!(size.as_u64().unwrap() > 1000, "audio was captured: {size}");
    click(client, "[data-recording-discard]").await;
    let hidden = run(client, "return document.querySelector('[data-recording]').hidden && !document.querySelector('[data-recording-audio]').src;").await;
    assert_eq!(hidden, true);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recording_with_a_fake_microphone_over_http() {
    recording(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recording_with_a_fake_microphone_from_disk() {
    recording(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_microphone_is_explained_and_practice_goes_on() {
    let (_course, site) = built_example(false);
    // A microphone, but headless Chromium refuses the permission prompt.
    let browser = Browser::start_with(&["--use-fake-device-for-media-stream"]).await;
    let client = &browser.client;
    open(client, &site.url("practice/")).await;
    click(client, "[data-record]").await;
    wait_for(
        client,
        10,
        "the refusal",
        "return document.querySelector('[data-record]').hasAttribute('data-record-refused');",
    )
    .await;
    let report = run(
        client,
        "return {
            refused: document.querySelector('[data-record]').getAttribute('data-record-refused'),
            status: document.querySelector('[data-record-status]').textContent,
            pressed: document.querySelector('[data-record]').getAttribute('aria-pressed'),
        };",
    )
    .await;
    assert_eq!(report["refused"], "NotAllowedError", "{report}");
    assert!(
        report["status"].as_str().unwrap().contains("refused"),
        "{report}"
    );
    assert_eq!(report["pressed"], "false", "{report}");
    let before = due_count(client).await;
    click(client, "[data-grade=good]").await;
    assert_eq!(due_count(client).await, before - 1, "practice goes on");
    browser.close().await;
}

// ---------- The mock loop ----------

async fn loop_rounds(client: &Client) -> Value {
    run(
        client,
        "return Array.from(document.querySelectorAll('.loop-round')).map(r => ({
            principles: r.querySelectorAll('.score-grid tbody tr').length,
            titles: Array.from(r.querySelectorAll('.score-grid tbody th')).map(t => t.textContent),
            questions: Array.from(r.querySelectorAll('[data-question]')).map(q => q.getAttribute('data-question')),
        }));",
    )
    .await
}

async fn the_same_seed_deals_the_same_loop(disk: bool) {
    let (_course, site) = built_example(disk);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("loop/?seed=interview1")).await;
    let seed = run(
        client,
        "return document.querySelector('[data-loop-seed]').textContent;",
    )
    .await;
    assert_eq!(seed, "interview1");
    let first = loop_rounds(client).await;
    let rounds = first.as_array().unwrap();
    assert_eq!(rounds.len(), 4, "{first}");
    let mut principles = Vec::new();
    let mut questions = Vec::new();
    for round in rounds {
        assert_eq!(round["principles"], 2, "{first}");
        let asked = round["questions"].as_array().unwrap();
        assert!((2..=4).contains(&asked.len()), "{first}");
        principles.extend(round["titles"].as_array().unwrap().iter().cloned());
        questions.extend(asked.iter().cloned());
    }
    let distinct = |list: &Vec<Value>| list.iter().collect::<std::collections::HashSet<_>>().len();
    assert_eq!(
        distinct(&principles),
        principles.len(),
        "no principle twice: {first}"
    );
    assert_eq!(
        distinct(&questions),
        questions.len(),
        "no question twice: {first}"
    );

    open(client, &site.url("loop/?seed=interview1")).await;
    assert_eq!(
        loop_rounds(client).await,
        first,
        "the same seed, the same loop"
    );
    open(client, &site.url("loop/?seed=interview2")).await;
    assert_ne!(
        loop_rounds(client).await,
        first,
        "another seed, another loop"
    );

    click(client, "[data-loop-deal]").await;
    let address = run(
        client,
        "return [location.search, document.querySelector('[data-loop-seed]').textContent];",
    )
    .await;
    let new_seed = address[1].as_str().unwrap();
    assert_ne!(new_seed, "interview2");
    assert_eq!(address[0], format!("?seed={new_seed}").as_str());
    // Each round has a timer of its own.
    click(client, ".loop-round[data-round='2'] [data-timer-start]").await;
    let states = run(client, "return Array.from(document.querySelectorAll('.loop-round [data-timer]')).map(t => t.getAttribute('data-state'));").await;
    assert_eq!(
        states,
        serde_json::json!(["idle", "running", "idle", "idle"])
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_seed_deals_the_same_loop_over_http() {
    the_same_seed_deals_the_same_loop(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_seed_deals_the_same_loop_from_disk() {
    the_same_seed_deals_the_same_loop(true).await;
}

#[test]
fn the_loop_prints_one_round_per_page_from_disk() {
    let (course, site) = built_example(true);
    let pdf = course.path("loop.pdf");
    print_to_pdf(&site.url("loop/?seed=print5&rounds=5"), &pdf);
    for round in 1..=5 {
        let text = Command::new("pdftotext")
            .args(["-f", &round.to_string(), "-l", &round.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (Debian: apt-get install poppler-utils)");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains(&format!("Round {round}")),
            "page {round}: {text}"
        );
        assert!(
            !text.contains(&format!("Round {}", round + 1)),
            "page {round}: {text}"
        );
        assert!(
            text.contains("Strong yes"),
            "a score grid on page {round}: {text}"
        );
        assert!(!text.contains("Deal again"), "no controls on paper: {text}");
    }
    assert_eq!(pdf_pages(&pdf), 5, "one page per round");
}

// ---------- Reading progress ----------

async fn reading_progress(disk: bool) {
    let (_course, site) = built_example(disk);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("behavioural/star-method/")).await;
    let button = "[data-mark-done]";
    let pressed =
        format!("return document.querySelector('{button}').getAttribute('aria-pressed');");
    assert_eq!(run(client, &pressed).await, "false");
    let focused = client.find(Locator::Css(button)).await.unwrap();
    focused.send_keys(" ").await.unwrap();
    assert_eq!(
        run(client, &pressed).await,
        "true",
        "the keyboard marks it done"
    );

    open(client, &site.url("behavioural/failure-stories/")).await;
    let sidebar = run(
        client,
        "return {
            done: Array.from(document.querySelectorAll('.nav-lectures li[data-done]')).map(li => li.querySelector('a').textContent),
            count: document.querySelector('.nav-sections .is-current .done-count')?.textContent,
        };",
    )
    .await;
    assert_eq!(
        sidebar["done"],
        serde_json::json!(["The STAR Method"]),
        "{sidebar}"
    );
    assert_eq!(sidebar["count"], " 1/6 done", "{sidebar}");

    open(client, &site.url("")).await;
    let home = run(
        client,
        "return {
            next: document.querySelector('[data-continue] a').textContent,
            done: document.querySelectorAll('.contents-list li[data-done]').length,
        };",
    )
    .await;
    // The last lecture opened was "Telling Failure Stories", not done.
    assert!(
        home["next"]
            .as_str()
            .unwrap()
            .ends_with("Telling Failure Stories"),
        "{home}"
    );
    assert_eq!(home["done"], 1, "{home}");
    click(client, "[data-continue] a").await;
    wait_for(
        client,
        10,
        "the lecture",
        "return location.pathname.includes('failure-stories');",
    )
    .await;

    // Undone again: the marks go.
    open(client, &site.url("behavioural/star-method/")).await;
    click(client, button).await;
    assert_eq!(run(client, &pressed).await, "false");
    open(client, &site.url("")).await;
    let done = run(
        client,
        "return document.querySelectorAll('[data-done]').length;",
    )
    .await;
    assert_eq!(done, 0);
    // The last lecture opened is the one just undone, so the home page offers it.
    let next = run(
        client,
        "return document.querySelector('[data-continue] a').textContent;",
    )
    .await;
    assert!(
        next.as_str().unwrap().ends_with("The STAR Method"),
        "{next}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn marking_a_lecture_done_shows_in_the_sidebar_and_home_over_http() {
    reading_progress(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn marking_a_lecture_done_shows_in_the_sidebar_and_home_from_disk() {
    reading_progress(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reaching_the_end_marks_a_lecture_done_when_the_learner_asks() {
    let (_course, site) = built_example(false);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("behavioural/star-method/")).await;
    let pressed = "return document.querySelector('[data-mark-done]').getAttribute('aria-pressed');";
    run(
        client,
        "document.querySelector('[data-mark-done]').scrollIntoView();",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        run(client, pressed).await,
        "false",
        "not without the option"
    );
    click(client, "[data-auto-done]").await;
    open(client, &site.url("behavioural/building-a-story-bank/")).await;
    assert_eq!(run(client, pressed).await, "false", "not before the end");
    run(
        client,
        "document.querySelector('[data-mark-done]').scrollIntoView();",
    )
    .await;
    wait_for(client, 5, "the automatic mark", "return document.querySelector('[data-mark-done]').getAttribute('aria-pressed') === 'true';").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_or_hostile_data_loses_nothing_and_stays_text() {
    let (course, site) = built_example(false);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("practice/")).await;
    // Stored by a newer prepress, say: set aside, never written over.
    let newer = r#"{"format":"prepress-progress","version":2,"reviews":{}}"#;
    client
        .execute(
            "localStorage.setItem(window.prepressStudy.KEY, arguments[0]);",
            vec![newer.into()],
        )
        .await
        .unwrap();
    open(client, &site.url("practice/")).await;
    click(client, "[data-grade=good]").await;
    let kept = run(
        client,
        "return localStorage.getItem(window.prepressStudy.KEY + ':unreadable');",
    )
    .await;
    assert_eq!(kept, newer);
    let data = stored(client).await;
    assert_eq!(data["reviews"].as_object().unwrap().len(), 1, "{data}");

    // An imported file's text is text, and its links stay in the course.
    let name = run(client, "return document.body.getAttribute('data-course');").await;
    let hostile = serde_json::json!({
        "format": "prepress-progress",
        "version": 1,
        "course": name,
        "created": 1,
        "last": {
            "key": "//example.com/../x/",
            "title": "<img src=x onerror=\"window.__pwned=1\">",
            "at": 9_999_999_999_999u64,
        },
    });
    let file = course.path("hostile.json");
    std::fs::write(&file, hostile.to_string()).unwrap();
    open(client, &site.url("progress/")).await;
    let message = import_file(client, &file).await;
    assert!(message.starts_with("Imported 0 reviews"), "{message}");
    open(client, &site.url("")).await;
    let report = run(
        client,
        "const link = document.querySelector('[data-continue] a');
         return {
            href: link.href,
            text: link.textContent,
            images: document.querySelectorAll('[data-continue] img').length,
            pwned: window.__pwned === undefined ? null : window.__pwned,
         };",
    )
    .await;
    // Inside the course: a missing page at worst, never another site.
    assert_eq!(
        report["href"],
        site.url("example.com/x/").as_str(),
        "{report}"
    );
    assert!(
        report["text"].as_str().unwrap().contains("<img src=x"),
        "{report}"
    );
    assert_eq!(report["images"], 0, "{report}");
    assert_eq!(report["pwned"], Value::Null, "{report}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_scheduler_counts_the_learners_calendar_days() {
    let (_course, site) = built_example(true);
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &site.url("practice/")).await;
    // Again late one evening, Good early the next morning: nine hours apart, but a day
    // apart on the calendar, as a day-granular scheduler sees practice.
    let report = run(
        client,
        "const fsrs = window.prepressFsrs, study = window.prepressStudy, DAY = fsrs.DAY;
         const evening = new Date(2026, 2, 7, 23, 0).getTime();
         const morning = new Date(2026, 2, 8, 8, 0).getTime();
         const card = study.card([{ at: evening, grade: 1 }, { at: morning, grade: 3 }]);
         const dayApart = fsrs.review(fsrs.review({}, 1, 0), 3, DAY);
         const sameDay = fsrs.review(fsrs.review({}, 1, 0), 3, 9 * 3600 * 1000);
         return {
            stability: card.stability,
            dayApart: dayApart.stability,
            sameDay: sameDay.stability,
            dueDay: card.dueDay,
            expected: study.dayNumber(morning) + dayApart.interval,
         };",
    )
    .await;
    assert_ne!(report["dayApart"], report["sameDay"], "{report}");
    assert_eq!(report["stability"], report["dayApart"], "{report}");
    assert_eq!(report["dueDay"], report["expected"], "{report}");
    browser.close().await;
}
