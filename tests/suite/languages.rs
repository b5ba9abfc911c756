//! A course in several languages (`[languages]`): a tree of pages per language under
//! its folder, translations beside the original (`name.ru.md`) or in a language folder
//! (`content/es/…`), a missing translation replaced by the default language's page and
//! marked, `lang`, `hreflang` alternates and a switcher on every page, alternates in
//! the sitemap, links, search and the question bank within each language, and in
//! Chromium: the switcher leads to the translation, and practice in the second
//! language keeps its own progress.

use fantoccini::Locator;

use crate::common::browser::{Browser, StaticServer, wait_for};
use crate::common::{Course, prepress, stderr};

/// The two-language fixture (English, Russian and Spanish), built.
fn built() -> (Course, String) {
    let course = Course::fixture("languages");
    let output = course.build_ok(&[]);
    (course, stderr(&output))
}

/// The `href` of the first `<a>`/`<link>` after `marker` in `html`.
fn href_after<'h>(html: &'h str, marker: &str) -> &'h str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let rest = &html[at..];
    let start = rest.find("href=\"").expect("an href") + 6;
    let end = rest[start..].find('"').unwrap();
    &rest[start..start + end]
}

#[test]
fn each_language_has_its_own_tree_with_translations_and_fallbacks() {
    let (course, log) = built();
    // Each language's pages under its folder; the default at the root.
    let english = course.output_file("basics/star/index.html");
    let russian = course.output_file("ru/basics/star/index.html");
    let spanish = course.output_file("es/basics/star/index.html");
    assert!(english.contains("<html lang=\"en\""));
    assert!(russian.contains("<html lang=\"ru\""));
    assert!(spanish.contains("<html lang=\"es\""));
    assert!(russian.contains("<h1>Метод STAR</h1>"), "the translation");
    assert!(
        spanish.contains("<h1>El método STAR</h1>"),
        "the translation from content/es/"
    );
    // The interface speaks each tree's language.
    assert!(russian.contains(">Перейти к содержимому</a>"));
    assert!(spanish.contains(">Saltar al contenido</a>"));
    assert!(
        course
            .output_file("ru/static/strings.js")
            .contains("ничего не найдено")
    );
    // The theme's files once, at the root.
    assert!(russian.contains("href=\"../../../static/style.css\""));
    assert!(!course.path("output/ru/static/style.css").exists());
    // Links resolve within the page's language: the Russian lecture leads to the
    // Russian tree's page (here a stand-in for the untranslated one).
    assert_eq!(href_after(&russian, "Дальше прочитайте"), "../rounds/");
    // A page missing in a language: the default's, marked, in its own language.
    let stand_in = course.output_file("ru/basics/rounds/index.html");
    assert!(stand_in.contains("<html lang=\"ru\""));
    assert!(stand_in.contains("<main id=\"main\" tabindex=\"-1\" lang=\"en\" dir=\"ltr\">"));
    assert!(
        stand_in.contains(
            "<p class=\"untranslated\" role=\"note\" lang=\"ru\" dir=\"ltr\">Эта страница ещё не переведена и показана на языке оригинала: English.</p>"
        ),
        "{stand_in}"
    );
    assert!(stand_in.contains("<h1>Behavioural rounds</h1>"));
    // No `hreflang` names a stand-in as the Russian page, in its head, the English
    // page's or the sitemap; the switcher still leads there.
    assert!(!stand_in.contains("hreflang=\"ru\" href="), "{stand_in}");
    let english_rounds = course.output_file("basics/rounds/index.html");
    assert!(
        !english_rounds.contains("<link rel=\"alternate\" hreflang=\"ru\""),
        "{english_rounds}"
    );
    assert!(
        english_rounds.contains("<a href=\"../../ru/basics/rounds/\" lang=\"ru\""),
        "{english_rounds}"
    );
    assert!(
        !course
            .output_file("sitemap.xml")
            .contains("hreflang=\"ru\" href=\"/ru/basics/rounds/\"")
    );
    assert!(
        !russian.contains("class=\"untranslated\""),
        "a translation is not marked"
    );
    assert!(!english.contains("class=\"untranslated\""));
    // A page only in Russian: in the Russian tree alone, reported.
    assert!(
        course
            .path("output/ru/basics/only-russian/index.html")
            .exists()
    );
    assert!(!course.path("output/basics/only-russian").exists());
    assert!(
        log.contains("translation-without-original")
            && log.contains("content/basics/03-only-russian.ru.md"),
        "{log}"
    );
    // Per-language search index and question bank.
    assert!(course.path("output/ru/search-index").is_dir());
    assert!(course.path("output/es/search-index").is_dir());
    let english_bank = course.output_file("questions.json");
    let russian_bank = course.output_file("ru/questions.json");
    assert!(english_bank.contains("conflict with a colleague"));
    assert!(!english_bank.contains("конфликте"));
    assert!(russian_bank.contains("конфликте с коллегой"));
    assert!(!russian_bank.contains("conflict with a colleague"));
}

#[test]
fn every_page_lists_its_translations_for_readers_and_search_engines() {
    let (course, _) = built();
    let russian = course.output_file("ru/basics/star/index.html");
    // hreflang alternates in the head, the default language also as x-default.
    for (language, href) in [
        ("en", "../../../basics/star/"),
        ("x-default", "../../../basics/star/"),
        ("ru", "./"),
        ("es", "../../../es/basics/star/"),
    ] {
        let link = format!("<link rel=\"alternate\" hreflang=\"{language}\" href=\"{href}\">");
        assert!(russian.contains(&link), "{link} in {russian}");
    }
    // The switcher: the same page in each language, the current one marked.
    assert!(russian.contains(
        "<li><a href=\"../../../basics/star/\" lang=\"en\" hreflang=\"en\">English</a></li>"
    ));
    assert!(russian.contains(
        "<li><a href=\"./\" lang=\"ru\" hreflang=\"ru\" aria-current=\"true\">Русский</a></li>"
    ));
    assert!(russian.contains(
        "<li><a href=\"../../../es/basics/star/\" lang=\"es\" hreflang=\"es\">Español</a></li>"
    ));
    // A page a language lacks: the switcher leads to that language's home, and no
    // alternate claims it.
    let only = course.output_file("ru/basics/only-russian/index.html");
    assert!(
        only.contains("<li><a href=\"../../../\" lang=\"en\" hreflang=\"en\">English</a></li>")
    );
    assert!(!only.contains("hreflang=\"en\" href="), "{only}");
    // Pages prepress makes have their versions too.
    let questions = course.output_file("ru/questions/index.html");
    assert!(
        questions.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../questions/\">")
    );
    // The sitemap lists each page's versions.
    let sitemap = course.output_file("ru/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry = sitemap
        .split("<url>")
        .find(|entry| entry.contains("<loc>/ru/basics/star/</loc>"))
        .unwrap_or_else(|| panic!("{sitemap}"));
    for alternate in [
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"/basics/star/\"/>",
        "<xhtml:link rel=\"alternate\" hreflang=\"ru\" href=\"/ru/basics/star/\"/>",
        "<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"/es/basics/star/\"/>",
    ] {
        assert!(entry.contains(alternate), "{alternate} in {entry}");
    }
    // With a site's address, the alternates are absolute, as search engines want them.
    let output = course.build(&["--base-url", "https://example.com/prep/"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let russian = course.output_file("ru/basics/star/index.html");
    assert!(russian.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/prep/basics/star/\">"
    ));
    assert!(russian.contains(
        "<link rel=\"alternate\" hreflang=\"ru\" href=\"https://example.com/prep/ru/basics/star/\">"
    ));
    let sitemap = course.output_file("sitemap.xml");
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://example.com/prep/es/basics/star/\"/>"
    ));
}

#[test]
fn a_translation_beside_the_original_wins_over_one_in_the_language_folder() {
    let course = Course::fixture("languages");
    course.write(
        "content/basics/01-star.es.md",
        "---\ntitle: El método STAR (al lado)\n---\nLa versión junto al original.\n",
    );
    let output = course.build_ok(&[]);
    let log = stderr(&output);
    assert!(
        log.contains("translation-twice") && log.contains("content/es/basics/01-star.md"),
        "{log}"
    );
    let spanish = course.output_file("es/basics/star/index.html");
    assert!(spanish.contains("El método STAR (al lado)"), "{spanish}");
}

#[test]
fn check_reports_a_translation_without_its_original() {
    let course = Course::fixture("languages");
    let output = prepress()
        .current_dir(course.root())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "translation-without-original")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(found["file"], "content/basics/03-only-russian.ru.md");
    assert_eq!(found["severity"], "warning");
}

#[test]
fn a_languages_table_that_does_not_read_is_an_error_naming_it() {
    for (toml, expected) in [
        (
            "title = \"T\"\nlanguage = \"ru\"\n[languages.en]\n[languages.ru]\n",
            "the first of `[languages]` is `en`",
        ),
        (
            "title = \"T\"\n[languages.en]\n[languages.\"r u\"]\n",
            "`r u` is not a language code",
        ),
        (
            "title = \"T\"\n[languages.en]\n[languages.EN]\n",
            "names `EN` twice",
        ),
        (
            "title = \"T\"\n[languages.en]\n[languages.ru]\ntitel = \"x\"\n",
            "titel",
        ),
    ] {
        let course = Course::fixture("languages");
        course.write("course.toml", toml);
        let output = course.build(&[]);
        assert!(!output.status.success(), "{toml}");
        let log = stderr(&output);
        assert!(
            log.contains(expected) && log.contains("course.toml"),
            "{toml}: {log}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_switcher_leads_to_the_translation_and_practice_keeps_each_language_apart() {
    let (course, _) = built();
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url("/ru/basics/star/")).await.unwrap();
    client
        .find(Locator::Css(".language-switcher a[hreflang=en]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the English page",
        "return location.pathname === '/basics/star/' && document.documentElement.lang === 'en' && document.querySelector('h1').textContent === 'The STAR method';",
    )
    .await;
    // Practice in Russian grades the Russian question and keeps it apart.
    client.goto(&server.url("/ru/practice/")).await.unwrap();
    wait_for(
        client,
        10,
        "the Russian question in practice",
        "return !!window.prepressStudy && document.getElementById('practice-question').textContent.includes('конфликте');",
    )
    .await;
    client
        .find(Locator::Css("[data-grade=good]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let keys = client
        .execute(
            "const ru = JSON.parse(localStorage.getItem(window.prepressStudy.KEY)); return [window.prepressStudy.KEY, Object.keys(ru.reviews).length, Object.keys(localStorage).filter(k => k.startsWith('prepress:v1:'))];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(keys[0], "prepress:v1:Interview Practice (ru)", "{keys}");
    assert_eq!(keys[1], 1, "one review in Russian: {keys}");
    client.goto(&server.url("/practice/")).await.unwrap();
    wait_for(
        client,
        10,
        "the English question, still new",
        "return !!window.prepressStudy && document.getElementById('practice-question').textContent.includes('conflict with a colleague') && document.querySelector('[data-due-count]').getAttribute('data-due-count') === '1';",
    )
    .await;
    let english = client
        .execute(
            "const d = localStorage.getItem(window.prepressStudy.KEY); return d === null ? 0 : Object.keys(JSON.parse(d).reviews).length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(english, 0, "the Russian review is not the English one's");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_rebuilds_every_language_after_a_save() {
    use crate::common::http::{eventually, get};
    let course = Course::fixture("languages");
    let server = crate::common::serve(&course).await;
    let address = server.address;
    let page = get(address, "/ru/basics/rounds/").await;
    assert!(
        page.body.contains("class=\"untranslated\""),
        "{}",
        page.body
    );
    // Translating the page replaces the stand-in, in the Russian tree alone.
    course.write(
        "content/basics/02-rounds.ru.md",
        "---\ntitle: Поведенческие раунды\n---\nРаунд, где спрашивают о прошлом опыте.\n",
    );
    eventually(10, "the translation is served", || async move {
        let page = get(address, "/ru/basics/rounds/").await;
        page.body.contains("<h1>Поведенческие раунды</h1>")
            && !page.body.contains("class=\"untranslated\"")
    })
    .await;
    let english = get(address, "/basics/rounds/").await;
    assert!(english.body.contains("<h1>Behavioural rounds</h1>"));
    // An edit of the original reaches the languages that show it in its place.
    course.write(
        "content/basics/02-rounds.md",
        "---\ntitle: Behavioural rounds, revised\n---\nEdited while serving.\n",
    );
    eventually(10, "the edit reaches the Spanish stand-in", || async move {
        get(address, "/es/basics/rounds/")
            .await
            .body
            .contains("Edited while serving.")
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_language_s_search_finds_a_word_by_another_of_its_forms() {
    let (course, _) = built();
    let output = course.path("output");
    let browser = Browser::start().await;
    let client = &browser.client;
    // Each query is a form the page does not hold (nor a beginning of one): found only
    // when the query and the index are stemmed alike.
    for (page, query, title) in [
        ("ru/search/index.html", "конфликтами", "Метод STAR"),
        ("search/index.html", "asking", "Behavioural rounds"),
        ("es/search/index.html", "historias", "El método STAR"),
    ] {
        let url = format!("file://{}/{page}?q={query}", output.display());
        client.goto(&url).await.unwrap();
        wait_for(
            client,
            15,
            &format!("`{query}` finds {title}"),
            &format!(
                "return [...document.querySelectorAll('.search-result-title')].some(a => a.textContent === '{title}');"
            ),
        )
        .await;
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_shows_a_bilingual_note_s_question_in_the_chosen_language_and_reveals_the_other() {
    let course = Course::fixture("languages");
    course.write(
        "content/basics/04-balancer.md",
        "---\ntitle: Load balancers\n---\n## Question (EN)\n\nWhat does a load balancer do?\n\n## Answer (EN)\n\nIt spreads requests over servers.\n\n## Вопрос\n\nЧто делает балансировщик нагрузки?\n\n## Ответ\n\nРаспределяет запросы между серверами.\n",
    );
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let client = &browser.client;
    // The learner chooses Russian: the Russian version is the card.
    client
        .goto(&server.url("/practice/?language=ru"))
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the Russian question, with its other language folded",
        "const q = document.getElementById('practice-question'); const box = document.getElementById('practice-translation'); return q.textContent === 'Что делает балансировщик нагрузки?' && q.lang === 'ru' && q.dir === 'auto' && !box.hidden && !box.open && document.getElementById('practice-translation-label').textContent === 'Show it in English';",
    )
    .await;
    client
        .find(Locator::Css("#practice-translation-label"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "the English version and its answer, marked English",
        "const body = document.querySelector('#practice-translation .translation-of'); return !!body && body.lang === 'en' && body.dir === 'auto' && body.textContent.includes('What does a load balancer do?') && body.textContent.includes('It spreads requests over servers.');",
    )
    .await;
    // Grading it reviews the Russian card alone.
    client
        .find(Locator::Css("[data-grade=good]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let reviews = client
        .execute(
            "return Object.keys(JSON.parse(localStorage.getItem(window.prepressStudy.KEY)).reviews).length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(reviews, 1);
    // A question without a translation shows no such box.
    client
        .goto(&server.url("/practice/?language="))
        .await
        .unwrap();
    wait_for(
        client,
        10,
        "a card of a note in one language, without the box",
        "const q = document.getElementById('practice-question').textContent; return q.includes('conflict with a colleague') ? document.getElementById('practice-translation').hidden : false;",
    )
    .await;
    browser.close().await;
}

#[test]
fn a_stand_in_keeps_its_own_direction_in_a_tree_of_the_other() {
    let course = Course {
        dir: tempfile::tempdir().unwrap(),
    };
    course.write(
        "course.toml",
        "title = \"دورة\"\n[languages.ar]\ntitle = \"دورة\"\n[languages.en]\ntitle = \"Course\"\n",
    );
    course.write("content/_index.md", "---\ntitle: الرئيسية\n---\nمرحبا.\n");
    course.write("content/_index.en.md", "---\ntitle: Home\n---\nHello.\n");
    course.write("content/a.md", "---\ntitle: صفحة\n---\nنص عربي فقط.\n");
    course.build_ok(&[]);
    let stand_in = course.output_file("en/a/index.html");
    assert!(
        stand_in.contains("<html lang=\"en\" dir=\"ltr\""),
        "{stand_in}"
    );
    assert!(
        stand_in.contains("<main id=\"main\" tabindex=\"-1\" lang=\"ar\" dir=\"rtl\">"),
        "{stand_in}"
    );
    assert!(stand_in.contains("class=\"untranslated\" role=\"note\" lang=\"en\" dir=\"ltr\""));
    let arabic = course.output_file("a/index.html");
    assert!(arabic.contains("<html lang=\"ar\" dir=\"rtl\""), "{arabic}");
}
