//! Every page kind has no axe-core violation of the WCAG 2.1 A and AA rules, light and
//! dark, on a 1280×900 screen and a 390×844 phone, in Chromium; so has a course in two
//! languages with its switcher and its stand-in pages. Each page is opened once per
//! colour scheme and checked at both widths: the theme adapts to a resize as it does to a
//! load (the folding menu follows the width), which is what a phone turned on its side
//! does. These are the suite's longest tests; their module's name sorts them first, so
//! the test threads do not wait on them at the end of the run.

use std::path::PathBuf;

use fantoccini::Client;

use crate::common::Course;
use crate::common::browser::{Browser, StaticServer, open, resize, run};
use crate::screens::{PAGES, served_example};

/// The widths each page is checked at: a wide screen, then a phone.
const SCREENS: [(u32, u32); 2] = [(1280, 900), (390, 844)];

/// axe-core's script, as `tests/setup` installs it.
fn axe_script() -> String {
    let path = std::env::var_os("PREPRESS_AXE").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/npm/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "axe-core is not installed at {}: the accessibility test needs it. \
             Run tests/setup (the README's test command does), or point PREPRESS_AXE at axe.min.js.",
            path.display()
        )
    })
}

/// Opens the page at `path` on a wide screen and checks it there, then on a phone's
/// width; returns every violation axe finds, one line each (where, rule, impact,
/// elements).
async fn violations_wide_and_narrow(
    client: &Client,
    axe: &str,
    server: &StaticServer,
    (path, ready): (&str, &str),
    scheme: &str,
) -> Vec<String> {
    let url = server.url(path);
    let (width, height) = SCREENS[0];
    resize(client, width, height).await;
    open(client, &url, ready).await;
    run(client, axe).await;
    let mut report = Vec::new();
    for (width, height) in SCREENS {
        resize(client, width, height).await;
        let found = client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)),
                         e => done([`axe failed: ${e}`]));",
                vec![],
            )
            .await
            .unwrap();
        report.extend(found.as_array().unwrap().iter().map(|violation| {
            format!(
                "{path} ({scheme}, {width} px): {}",
                violation.as_str().unwrap()
            )
        }));
    }
    report
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_kind_passes_axe_light_and_dark_wide_and_narrow() {
    let axe = axe_script();
    let (_course, server) = served_example();
    let mut report = Vec::new();
    for dark in [false, true] {
        let browser = if dark {
            Browser::start_dark().await
        } else {
            Browser::start().await
        };
        let client = &browser.client;
        let scheme = if dark { "dark" } else { "light" };
        for &page in PAGES {
            report.extend(violations_wide_and_narrow(client, &axe, &server, page, scheme).await);
        }
        browser.close().await;
    }
    assert_no_violations(&report);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_course_in_several_languages_passes_axe_with_its_switcher_and_stand_ins() {
    let axe = axe_script();
    let course = Course::fixture("languages");
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    let mut report = Vec::new();
    // A translation, a page standing in for one, and practice in the second language.
    for page in [
        (
            "/ru/basics/star/",
            "return !!document.querySelector('.language-switcher');",
        ),
        (
            "/ru/basics/rounds/",
            "return !!document.querySelector('.untranslated');",
        ),
        (
            "/ru/practice/",
            "return document.getElementById('practice-question').textContent.includes('конфликте');",
        ),
    ] {
        report.extend(violations_wide_and_narrow(client, &axe, &server, page, "light").await);
    }
    browser.close().await;
    assert_no_violations(&report);
}

/// Fails with every violation found, one a line.
fn assert_no_violations(report: &[String]) {
    assert!(
        report.is_empty(),
        "axe-core found {} violations:\n{}",
        report.len(),
        report.join("\n")
    );
}
