//! `/progress/`'s year of reviews in headless Chromium, over HTTP and from `file://`: the
//! heatmap's squares (the right count on the right day, the week starting on the
//! locale's first day), the current and longest streaks (with a gap), the forecast of
//! due cards for cards whose due days are known, retention achieved per kind and per
//! principle against the desired retention, and the page with no reviews and with data
//! written before any of this existed. The learner's data is put into localStorage, its
//! review times made in the page from local days before today, so the tests hold in any
//! time zone.

use fantoccini::Client;
use serde_json::{Value, json};

use crate::common::Course;
use crate::common::browser::{Browser, built_example, run, wait_for};

/// Opens the progress page and waits until it has drawn the learner's data.
async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    wait_for(
        client,
        15,
        "the progress page drawn",
        "return document.readyState === 'complete' && !!window.prepressStudy \
           && !!document.querySelector('[data-forecast] svg') \
           && !!document.querySelector('[data-heatmap] svg');",
    )
    .await;
}

/// The first `n` questions of the bank: their ids, principles and kinds.
async fn questions(client: &Client, n: usize) -> Vec<Value> {
    let found = client
        .execute_async(
            "const [n, done] = arguments;
             (async () => {
               const data = await window.prepressBank.load();
               const out = [];
               for (const q of data.questions.slice(0, n)) {
                 await window.prepressBank.fill(q);
                 out.push({ id: q.id, principles: q.principles, kind: q.kind || 'question' });
               }
               done(out);
             })();",
            vec![n.into()],
        )
        .await
        .unwrap();
    found.as_array().unwrap().clone()
}

/// Stores learner data whose reviews are `[question index, days before today, grade]`
/// (each at noon of its local day), with `settings` when given, and reloads the page.
/// The data has only the fields prepress's first study layer wrote.
async fn store(client: &Client, url: &str, ids: &[Value], reviews: Value, settings: Value) {
    client
        .execute(
            "const [ids, reviews, settings] = arguments;
             const study = window.prepressStudy;
             const now = Date.now();
             const data = {
               format: 'prepress-progress',
               version: 1,
               course: document.body.getAttribute('data-course') || '',
               created: now,
               reviews: {},
             };
             for (const [index, daysAgo, grade] of reviews) {
               const at = study.dayStart(now, -daysAgo) + 12 * 3600 * 1000;
               (data.reviews[ids[index].id] ||= []).push({ at, grade });
             }
             for (const list of Object.values(data.reviews)) list.sort((a, b) => a.at - b.at);
             if (settings) data.settings = settings;
             localStorage.setItem(study.KEY, JSON.stringify(data));",
            vec![json!(ids), reviews, settings],
        )
        .await
        .unwrap();
    open(client, url).await;
}

/// What the page shows: the heatmap's squares, the streaks, the forecast's bars, the
/// retention rows and the desired retention.
async fn report(client: &Client) -> Value {
    run(
        client,
        "const study = window.prepressStudy;
         const now = Date.now();
         const cells = [...document.querySelectorAll('[data-heatmap] svg rect')];
         const byDate = Object.fromEntries(cells.map((c) => [c.getAttribute('data-date'), Number(c.getAttribute('data-count'))]));
         const ago = (k) => byDate[study.localDate(study.dayStart(now, -k))];
         const rows = (selector, attribute) => Object.fromEntries(
           [...document.querySelectorAll(selector + ' tr')].map((tr) => [tr.getAttribute(attribute), {
             counted: Number(tr.getAttribute('data-counted')),
             recalled: Number(tr.getAttribute('data-recalled')),
             achieved: tr.getAttribute('data-achieved'),
             against: tr.lastElementChild.textContent,
           }]));
         const svg = document.querySelector('[data-heatmap] svg');
         const last = cells[cells.length - 1];
         return {
           cells: cells.length,
           last: last.getAttribute('data-date'),
           today: study.localDate(now),
           lastRow: Number(last.getAttribute('data-row')),
           weekdays: [...new Set(cells.filter((c) => c.getAttribute('data-row') === '0').map((c) => new Date(c.getAttribute('data-date') + 'T12:00').getDay()))],
           ago: [0, 1, 2, 3, 10, 21, 22, 23, 24, 25, 26, 30, 200].map(ago),
           total: Number(svg.getAttribute('data-total')),
           days: Number(svg.getAttribute('data-days')),
           named: cells.every((c) => c.getAttribute('role') === 'img' && c.querySelector('title').textContent.length > 0),
           todayName: last.querySelector('title').textContent,
           svgRole: svg.getAttribute('role'),
           svgLabel: svg.getAttribute('aria-label'),
           current: Number(document.querySelector('[data-streak=current]').getAttribute('data-days')),
           longest: Number(document.querySelector('[data-streak=longest]').getAttribute('data-days')),
           currentText: document.querySelector('[data-streak=current]').textContent,
           forecast: [...document.querySelectorAll('[data-forecast] svg rect')].map((r) => Number(r.getAttribute('data-count'))),
           forecastFirst: document.querySelector('[data-forecast] svg rect').getAttribute('data-day'),
           forecastLabel: document.querySelector('[data-forecast] svg title').textContent,
           kinds: rows('[data-retention-kinds]', 'data-kind'),
           principles: rows('[data-retention-principles]', 'data-principle'),
           noRetention: !document.querySelector('[data-retention-none]').hidden,
           tablesShown: !document.querySelector('[data-retention]').hidden,
           desired: document.querySelector('[data-desired]').textContent,
         };",
    )
    .await
}

async fn the_year_of_reviews(disk: bool) {
    let (_course, site) = built_example(disk);
    let url = site.url("progress/");
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &url).await;

    // No reviews: an empty year, no streak, nothing due, no retention yet.
    let empty = report(client).await;
    assert_eq!(empty["total"], 0, "{empty}");
    assert_eq!(empty["current"], 0, "{empty}");
    assert_eq!(empty["longest"], 0, "{empty}");
    assert_eq!(empty["currentText"], "Current streak: 0 days", "{empty}");
    assert!(
        empty["forecast"].as_array().unwrap().iter().all(|n| n == 0),
        "{empty}"
    );
    assert_eq!(empty["noRetention"], true, "{empty}");
    assert_eq!(empty["tablesShown"], false, "{empty}");
    assert_eq!(empty["desired"], "90%", "{empty}");

    let ids = questions(client, 5).await;
    // Two reviews today, one yesterday, two the day before, none three days ago (the
    // gap), then one 10 days ago, five days running 25 to 21 days ago, two 30 days ago,
    // one 200 days ago and one 400 days ago (before the year shown).
    let reviews = json!([
        [0, 30, 3],
        [0, 10, 1],
        [0, 2, 3],
        [0, 0, 4],
        [1, 30, 3],
        [1, 2, 3],
        [1, 1, 1],
        [1, 0, 3],
        [2, 25, 3],
        [2, 24, 3],
        [2, 23, 3],
        [2, 22, 3],
        [2, 21, 1],
        [3, 400, 3],
        [4, 200, 2],
    ]);
    // Old data: no settings, stories or lectures, as the first study layer wrote it.
    store(client, &url, &ids, reviews.clone(), Value::Null).await;
    let year = report(client).await;

    // The heatmap: 52 full weeks and today's, today last, each week from the locale's
    // first day (English: Sunday).
    assert_eq!(year["last"], year["today"], "{year}");
    let row = year["lastRow"].as_u64().unwrap();
    assert_eq!(year["cells"], 7 * 52 + row + 1, "{year}");
    assert_eq!(year["weekdays"], json!([0]), "{year}");
    assert_eq!(
        year["ago"],
        json!([2, 1, 2, 0, 1, 1, 1, 1, 1, 1, 0, 2, 1]),
        "{year}"
    );
    assert_eq!(
        year["total"], 14,
        "the review of 400 days ago is not shown: {year}"
    );
    assert_eq!(year["days"], 11, "{year}");
    assert_eq!(year["named"], true, "{year}");
    assert!(
        year["todayName"].as_str().unwrap().ends_with(": 2 reviews"),
        "{year}"
    );
    assert_eq!(year["svgRole"], "group", "{year}");
    assert_eq!(
        year["svgLabel"], "Reviews per day over the last year: 14 reviews in all, on 11 days.",
        "{year}"
    );

    // Streaks: today, yesterday and the day before; the longest, five days.
    assert_eq!(year["current"], 3, "{year}");
    assert_eq!(year["longest"], 5, "{year}");
    assert_eq!(year["currentText"], "Current streak: 3 days", "{year}");

    // Retention: every review of a card but its first; "again" is not recalled.
    let all = &year["kinds"]["all"];
    assert_eq!(all["counted"], 10, "{year}");
    assert_eq!(all["recalled"], 7, "{year}");
    assert_eq!(all["achieved"], "0.700", "{year}");
    assert_eq!(all["against"], "below", "{year}");
    assert_eq!(year["noRetention"], false, "{year}");
    // Per principle and per kind: the sum over the questions that carry it.
    let per_card = [(0, 3, 2), (1, 3, 2), (2, 4, 3)];
    let mut expected: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    let mut kinds: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for (index, counted, recalled) in per_card {
        for slug in ids[index]["principles"].as_array().unwrap() {
            let tally = expected
                .entry(slug.as_str().unwrap().to_string())
                .or_default();
            tally.0 += counted;
            tally.1 += recalled;
        }
        let tally = kinds
            .entry(ids[index]["kind"].as_str().unwrap().to_string())
            .or_default();
        tally.0 += counted;
        tally.1 += recalled;
    }
    assert!(!expected.is_empty(), "the first questions have principles");
    let shown = year["principles"].as_object().unwrap();
    assert_eq!(shown.len(), expected.len(), "{year}");
    for (slug, (counted, recalled)) in &expected {
        let row = &shown[slug];
        assert_eq!(row["counted"], *counted, "{slug}: {year}");
        assert_eq!(row["recalled"], *recalled, "{slug}: {year}");
        assert_eq!(
            row["achieved"],
            format!("{:.3}", *recalled as f64 / *counted as f64),
            "{slug}: {year}"
        );
    }
    for (kind, (counted, recalled)) in &kinds {
        assert_eq!(year["kinds"][kind]["counted"], *counted, "{kind}: {year}");
        assert_eq!(year["kinds"][kind]["recalled"], *recalled, "{kind}: {year}");
    }

    // A desired retention the learner chose is what the achieved one is held against.
    let settings = json!({ "newPerDay": 10, "autoDone": false, "at": 1, "retention": 0.7 });
    store(client, &url, &ids, reviews, settings).await;
    let chosen = report(client).await;
    assert_eq!(chosen["desired"], "70%", "{chosen}");
    assert_eq!(chosen["kinds"]["all"]["against"], "on target", "{chosen}");

    // The forecast: again today is due tomorrow, good in two days, easy in eight; cards
    // last seen 60 and 100 days ago are overdue, counted today.
    let due = json!([[0, 0, 1], [1, 0, 3], [2, 0, 4], [3, 60, 3], [4, 100, 4]]);
    store(client, &url, &ids, due, Value::Null).await;
    let ahead = report(client).await;
    let mut expected = vec![0; 30];
    expected[0] = 2;
    expected[1] = 1;
    expected[2] = 1;
    expected[8] = 1;
    assert_eq!(ahead["forecast"], json!(expected), "{ahead}");
    assert_eq!(ahead["forecastFirst"], ahead["today"], "{ahead}");
    assert_eq!(
        ahead["forecastLabel"],
        "Cards due per day over the next 30 days: 5 in all, 2 today with the overdue ones.",
        "{ahead}"
    );
    assert_eq!(ahead["current"], 1, "{ahead}");

    // A streak that ended yesterday is still current; the longest is earlier.
    let gap = json!([
        [0, 1, 3],
        [0, 2, 3],
        [1, 5, 3],
        [1, 6, 3],
        [1, 7, 3],
        [1, 8, 3]
    ]);
    store(client, &url, &ids, gap, Value::Null).await;
    let streak = report(client).await;
    assert_eq!(streak["current"], 2, "{streak}");
    assert_eq!(streak["longest"], 4, "{streak}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_year_of_reviews_over_http() {
    the_year_of_reviews(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_year_of_reviews_from_disk() {
    the_year_of_reviews(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_year_of_five_thousand_reviews_draws_quickly() {
    let (_course, site) = built_example(true);
    let url = site.url("progress/");
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &url).await;
    let ids = questions(client, 125).await;
    let reviews: Vec<Value> = (0..5000)
        .map(|i| json!([i % ids.len(), 360 - i / 14, 1 + i % 4]))
        .collect();
    store(client, &url, &ids, Value::Array(reviews), Value::Null).await;
    // Drawn again, as when another tab changes the data: timed in the page.
    let took = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const box = document.querySelector('[data-forecast]');
             const start = performance.now();
             new MutationObserver((_, observer) => {
               observer.disconnect();
               done(performance.now() - start);
             }).observe(box, { childList: true });
             window.dispatchEvent(new StorageEvent('storage', { key: window.prepressStudy.KEY }));",
            vec![],
        )
        .await
        .unwrap();
    let year = report(client).await;
    assert_eq!(year["total"], 5000, "{year}");
    assert!(
        took.as_f64().unwrap() < 1000.0,
        "drawing 5,000 reviews took {took} ms"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_arabic_the_year_starts_on_saturday_and_runs_right_to_left() {
    let course = Course::example();
    let toml = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write("course.toml", format!("{toml}\nlanguage = \"ar\"\n"));
    course.build_ok(&[]);
    let url = format!(
        "file://{}/progress/index.html",
        course.path("output").display()
    );
    let browser = Browser::start().await;
    let client = &browser.client;
    open(client, &url).await;
    let ids = questions(client, 2).await;
    store(
        client,
        &url,
        &ids,
        json!([[0, 0, 3], [1, 1, 3]]),
        Value::Null,
    )
    .await;
    let year = report(client).await;
    assert_eq!(year["weekdays"], json!([6]), "{year}");
    assert_eq!(year["current"], 2, "{year}");
    let x = run(
        client,
        "const xs = (selector) => [...document.querySelectorAll(selector)].map((r) => Number(r.getAttribute('x')));
         const [cells, ahead, past] = ['[data-heatmap] svg rect', '[data-forecast] svg rect', '[data-review-chart] svg rect'].map(xs);
         return {
           dir: document.documentElement.dir,
           cells: cells[0] > cells[cells.length - 1],
           ahead: ahead[0] > ahead[ahead.length - 1],
           past: past[0] > past[past.length - 1],
           name: document.querySelector('[data-heatmap] svg rect:last-of-type title').textContent,
         };",
    )
    .await;
    assert_eq!(x["dir"], "rtl", "{x}");
    assert_eq!(x["cells"], true, "the oldest week on the right: {x}");
    assert_eq!(x["ahead"], true, "today on the right: {x}");
    assert_eq!(x["past"], true, "today on the left: {x}");
    assert!(!x["name"].as_str().unwrap().contains("review"), "{x}");
    browser.close().await;
}
