//! The default theme on every screen and for every reader, in Chromium: on a 390×844
//! phone the navigation folds behind the menu button (by click, Enter and Escape, and
//! without JavaScript), the lecture's title is on the first screen and no page scrolls
//! sideways; on a 1280×900 screen the navigation and the table of contents show; every
//! page kind has no axe-core violation of the WCAG 2.1 A and AA rules, light and dark;
//! and practice, the loop and the worksheets work by keyboard alone.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::common::Course;
use crate::common::browser::{Browser, StaticServer, open, resize, run, wait_for};

const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';
const ESCAPE: char = '\u{E00C}';

/// Presses a key where the keyboard's focus is, as a person would.
async fn press(client: &Client, key: char) {
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await.unwrap();
}

/// One page of each kind of the example course, and what to wait for (or do) once it
/// is open before it is looked at.
/// A Q&A note with an answer (the example course's questions have none), whose answer
/// holds a wide table and a long line of code.
/// Whether the element the selector finds is shown (not in a folded `<details>`, not
/// `display: none`).
async fn shown(client: &Client, selector: &str) -> bool {
    let script = format!(
        "const el = document.querySelector({selector:?}); return !!el && el.checkVisibility({{contentVisibilityAuto: true, visibilityProperty: true}});"
    );
    run(client, &script).await == Value::Bool(true)
}

const DRILL: &str = "---\ntitle: Cache eviction\n---\n# Question\n\n\
    Which entry should a full cache drop first?\n\n## Answer\n\n\
    It depends on the access pattern; compare the policies:\n\n\
    | Policy | Drops | Good when | Costs | Example systems that use it widely |\n\
    |---|---|---|---|---|\n\
    | LRU | the least recently used entry | recent use predicts reuse | a linked list and a map | page caches, CDNs |\n\
    | LFU | the least frequently used entry | popularity is stable over time | counters per entry | long-lived catalogues |\n\n\
    ```python\ncache = OrderedDict()  # the oldest entry comes first when the cache is full and must give one up\n```\n";

/// Every kind of page the default theme makes, with a script that says when the page is
/// ready (empty: when it has loaded).
pub(crate) const PAGES: &[(&str, &str)] = &[
    ("/", ""),
    ("/behavioural/", ""),
    ("/behavioural/star-method/", ""),
    (
        "/system-design/url-shortener/",
        "return !!document.querySelector('.diagram svg') && !!document.querySelector('math');",
    ),
    ("/principles/", ""),
    ("/principles/ownership/", ""),
    (
        "/questions/",
        "return /\\(\\d+\\)$/.test(document.querySelector('.question-filters option')?.textContent || '');",
    ),
    (
        "/practice/?section=Drills",
        "const d = document.getElementById('practice-answer'); if (!d || d.hidden) return false; d.open = true; return d.querySelector('.answer-body').textContent.length > 20;",
    ),
    ("/drills/cache-eviction/", ""),
    (
        "/progress/",
        "return document.querySelector('[data-card-total]')?.textContent !== '';",
    ),
    (
        "/loop/",
        "return document.querySelectorAll('.loop-question-text').length > 0;",
    ),
    ("/stories/", ""),
    ("/stories/checkout-latency/", ""),
    ("/worksheets/principle-stories/", ""),
    ("/templates/star/", ""),
    (
        "/search/?q=latency",
        "return document.querySelectorAll('.search-results li, [data-search-results] li').length > 0;",
    ),
    ("/tags/", ""),
    ("/tags/star/", ""),
    ("/graph/", ""),
    ("/404.html", ""),
];

/// The example course with a drill whose table and code are wider than a phone, built and
/// served over loopback.
pub(crate) fn served_example() -> (Course, StaticServer) {
    let course = Course::example();
    course.write("content/drills/cache-eviction.md", DRILL);
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    (course, server)
}

const MENU_OPEN: &str = "return document.getElementById('site-menu').open;";
const FOCUSED_MENU: &str =
    "return document.activeElement === document.querySelector('#site-menu > summary');";

#[tokio::test(flavor = "multi_thread")]
async fn a_course_in_arabic_lays_out_right_to_left() {
    let course = Course::fixture("nested");
    let config = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write("course.toml", format!("{config}language = \"ar\"\n"));
    course.write(
        "content/basics/01-first.md",
        "---\ntitle: المحاضرة الأولى\n---\n## مقدمة\n\nنص المحاضرة.\n\n> [!TIP] نصيحة\n> اقرأ السؤال مرتين.\n",
    );
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    resize(client, 1280, 900).await;
    open(client, &server.url("/basics/first/"), "").await;
    let layout = run(
        client,
        "const box = (s) => document.querySelector(s).getBoundingClientRect();
         const callout = getComputedStyle(document.querySelector('.callout'));
         return [document.documentElement.dir, document.documentElement.lang,
                 box('.sidebar').left > box('main').left,
                 callout.borderRightWidth, callout.borderLeftWidth,
                 callout.borderTopRightRadius === '0px', callout.borderTopLeftRadius !== '0px',
                 document.documentElement.scrollWidth <= document.documentElement.clientWidth];",
    )
    .await;
    assert_eq!(
        layout,
        serde_json::json!(["rtl", "ar", true, "4px", "0px", true, true, true]),
        "dir, lang, the navigation on the right, the callout's bar on its right with square corners there and round ones on its left, no sideways scroll"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_navigation_folds_and_nothing_scrolls_sideways() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    resize(client, 390, 844).await;

    let lecture = server.url("/behavioural/star-method/");
    open(client, &lecture, "").await;
    let top = run(
        client,
        "return document.querySelector('main h1').getBoundingClientRect().top;",
    )
    .await;
    assert!(
        top.as_f64().unwrap() <= 400.0,
        "the title starts {top} px down"
    );
    // The page's graph keeps its labels readable: its box scrolls instead.
    let label = run(
        client,
        "return document.querySelector('.local-graph text').getBoundingClientRect().height;",
    )
    .await;
    assert!(
        label.as_f64().unwrap() >= 10.0,
        "graph labels {label} px high"
    );
    assert!(
        shown(client, "#site-menu > summary").await,
        "the menu button"
    );
    assert_eq!(run(client, MENU_OPEN).await, Value::Bool(false));
    assert!(!shown(client, ".site-nav").await, "the sections folded");
    assert!(!shown(client, ".site-header .prep-nav").await);
    assert!(!shown(client, ".toc ol").await, "the contents folded");

    // Opened and closed by click; its links work.
    client
        .find(Locator::Css("#site-menu > summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(shown(client, ".site-nav").await, "the sections, opened");
    assert!(
        shown(client, ".site-menu .prep-nav").await,
        "the prep links"
    );
    client
        .find(Locator::Css("#site-menu > summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(run(client, MENU_OPEN).await, Value::Bool(false));

    // By keyboard: Enter opens it, Escape closes it and leaves the focus on its button.
    run(
        client,
        "document.querySelector('#site-menu > summary').focus();",
    )
    .await;
    press(client, ENTER).await;
    assert_eq!(run(client, MENU_OPEN).await, Value::Bool(true));
    press(client, ESCAPE).await;
    assert_eq!(run(client, MENU_OPEN).await, Value::Bool(false));
    assert_eq!(run(client, FOCUSED_MENU).await, Value::Bool(true));

    // A link in the menu leads there.
    client
        .find(Locator::Css("#site-menu > summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css(".site-menu .prep-nav a[href*='questions']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the questions page",
        "return document.body.classList.contains('kind-questions');",
    )
    .await;

    // The table of contents opens by click.
    open(client, &lecture, "").await;
    client
        .find(Locator::Css(".toc summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(shown(client, ".toc ol").await, "the contents, opened");

    // No page kind is wider than the screen.
    for (path, ready) in PAGES {
        open(client, &server.url(path), ready).await;
        let widths = run(
            client,
            "return [document.documentElement.scrollWidth, window.innerWidth];",
        )
        .await;
        assert!(
            widths[0].as_f64() <= widths[1].as_f64(),
            "{path} scrolls sideways: {widths}"
        );
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_the_menu_still_folds_and_wide_screens_show_it() {
    let (_course, server) = served_example();
    let browser = Browser::start_with(&["--blink-settings=scriptEnabled=false"]).await;
    let client = &browser.client;
    let lecture = server.url("/behavioural/star-method/");

    resize(client, 1280, 900).await;
    client.goto(&lecture).await.unwrap();
    assert!(
        !shown(client, "#site-menu > summary").await,
        "no menu button"
    );
    assert!(shown(client, ".site-nav").await, "the sections");
    assert!(shown(client, ".site-header .prep-nav").await);
    assert!(!shown(client, ".site-menu .prep-nav").await, "shown once");
    assert!(shown(client, ".toc ol").await, "the contents");

    resize(client, 390, 844).await;
    client.goto(&lecture).await.unwrap();
    assert!(!shown(client, ".site-nav").await, "folded");
    client
        .find(Locator::Css("#site-menu > summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(shown(client, ".site-nav").await, "opened without a script");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn where_there_is_room_the_contents_are_a_column_marking_the_heading_read() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    resize(client, 1500, 900).await;
    open(client, &server.url("/system-design/url-shortener/"), "").await;
    let beside = run(
        client,
        "const toc = document.querySelector('.toc').getBoundingClientRect(); const text = document.querySelector('.lecture .content').getBoundingClientRect(); return toc.left >= text.right && toc.top < text.top;",
    )
    .await;
    assert_eq!(beside, Value::Bool(true), "the contents beside the text");
    run(
        client,
        "document.getElementById('schema').scrollIntoView(); window.dispatchEvent(new Event('scroll'));",
    )
    .await;
    wait_for(
        client,
        10,
        "the heading read marked",
        "return JSON.stringify([...document.querySelectorAll('.toc a[aria-current]')].map(a => a.hash)) === '[\"#schema\"]';",
    )
    .await;
    let still = run(
        client,
        "const toc = document.querySelector('.toc').getBoundingClientRect(); return toc.top >= 0 && toc.top < 100;",
    )
    .await;
    assert_eq!(still, Value::Bool(true), "the contents stay in view");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wide_screens_show_the_navigation_and_the_contents() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;
    resize(client, 1280, 900).await;
    open(client, &server.url("/behavioural/star-method/"), "").await;
    assert!(!shown(client, "#site-menu > summary").await);
    assert!(shown(client, ".site-nav").await);
    assert!(shown(client, ".site-header .prep-nav").await);
    assert!(!shown(client, ".site-menu .prep-nav").await);
    assert!(shown(client, ".toc ol").await);
    assert_eq!(run(client, MENU_OPEN).await, Value::Bool(true));
    browser.close().await;
}

/// What has the keyboard's focus, in a few words.
const FOCUS: &str = "const el = document.activeElement; return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.dataset.grade ? '[' + el.dataset.grade + ']' : ''}`;";

/// Tabs until `wanted` has the focus, at most `limit` times; each element reached must
/// show that it has the focus (an outline).
async fn tab_to(client: &Client, wanted: &str, limit: usize) -> Vec<String> {
    let mut path = Vec::new();
    for _ in 0..limit {
        press(client, TAB).await;
        let here = run(client, FOCUS).await.as_str().unwrap().to_string();
        if here == "body" {
            // The first press moves the focus from the browser into the page.
            continue;
        }
        let outline = run(
            client,
            "const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;",
        )
        .await;
        assert_eq!(outline, Value::Bool(true), "no visible focus on {here}");
        let found = run(
            client,
            &format!("return document.activeElement.matches({wanted:?});"),
        )
        .await;
        path.push(here);
        if found == Value::Bool(true) {
            return path;
        }
    }
    panic!("{wanted} not reached by Tab: {path:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_the_loop_and_a_worksheet_work_by_keyboard_alone() {
    let (_course, server) = served_example();
    let browser = Browser::start().await;
    let client = &browser.client;

    // Practice: Tab to the answer, open it with Enter, grade with a key.
    open(
        client,
        &server.url("/practice/?section=Drills"),
        "const t = document.getElementById('practice-question').textContent; return t.length > 0 && !t.startsWith('Loading');",
    )
    .await;
    let question = run(
        client,
        "return document.getElementById('practice-question').textContent;",
    )
    .await;
    let due = run(
        client,
        "return document.querySelector('[data-due-count]').getAttribute('data-due-count');",
    )
    .await;
    tab_to(client, "#practice-answer > summary", 60).await;
    press(client, ENTER).await;
    assert_eq!(
        run(
            client,
            "return document.getElementById('practice-answer').open;"
        )
        .await,
        Value::Bool(true)
    );
    tab_to(client, "[data-grade]", 40).await;
    press(client, '3').await;
    wait_for(
        client,
        10,
        "the next card",
        &format!(
            "return document.getElementById('practice-question').textContent !== {question} \
             && document.querySelector('[data-due-count]').getAttribute('data-due-count') === String({due} - 1);"
        ),
    )
    .await;

    // The loop: Tab reaches a round's timer button.
    open(
        client,
        &server.url("/loop/?seed=keys"),
        "return document.querySelectorAll('.loop-question-text').length > 0;",
    )
    .await;
    tab_to(client, "[data-loop-deal]", 60).await;

    // A worksheet: Tab to a field and type into it.
    open(client, &server.url("/worksheets/principle-stories/"), "").await;
    tab_to(client, "textarea[data-field]", 80).await;
    for key in "Typed without a mouse.".chars() {
        press(client, key).await;
    }
    let value = run(client, "return document.activeElement.value;").await;
    assert_eq!(value, "Typed without a mouse.");
    browser.close().await;
}
