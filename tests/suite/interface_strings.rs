//! The theme speaks the course's language: its buttons, labels and messages come from
//! the table of the language `course.toml` names, a theme folder or `course.toml` can
//! change any of them, a language with no table reads English and `check` says so; the
//! study pages (practice, progress, the mock loop, worksheets, stories, print) are in
//! it too, and in Chromium the messages, counts and dates the scripts make are.

use crate::common::browser::{Browser, wait_for};
use crate::common::{Course, prepress, stderr};

/// The example course in `language`, with `more` added to its `course.toml`.
fn example_in(language: &str, more: &str) -> Course {
    let course = Course::example();
    let toml = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write(
        "course.toml",
        format!("{toml}\nlanguage = \"{language}\"\n{more}\n"),
    );
    course
}

#[test]
fn a_russian_course_reads_its_interface_in_russian() {
    let course = example_in("ru", "");
    course.build_ok(&[]);
    let lecture = course.output_file("behavioural/building-a-story-bank/index.html");
    assert!(lecture.contains("<html lang=\"ru\""));
    assert!(lecture.contains("Следующая"), "the pager");
    assert!(
        lecture.contains(">Перейти к содержимому</a>"),
        "the skip link"
    );
    assert!(!lecture.contains(">Next<"), "no English left in the pager");
    assert!(
        lecture.contains(">Вопросы</a>") && !lecture.contains(">Questions</a>"),
        "the prep pages' names"
    );
    let questions = course.output_file("questions/index.html");
    assert!(questions.contains("<title>Вопросы ·"), "and their titles");
    assert!(
        questions.contains("Остальные вопросы показываются с помощью JavaScript")
            && questions.contains("<a href=\"../questions.json\">questions.json</a>"),
        "the note for readers without JavaScript, its link kept"
    );
    // What Markdown names for screen readers: a task list's boxes, in a lecture.
    let lecture = course.output_file("behavioural/building-a-story-bank/index.html");
    assert!(
        lecture.contains("aria-label=\"Таблица\"") && !lecture.contains("aria-label=\"Table\""),
        "a table's box"
    );
    let n: u32 = questions
        .split("<span data-count>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.parse().ok())
        .expect("the count");
    let noun = if n % 10 == 1 && n % 100 != 11 {
        "вопрос"
    } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        "вопроса"
    } else {
        "вопросов"
    };
    assert!(
        questions.contains(&format!("<span data-count-noun>{noun}</span>")),
        "{n} {noun}"
    );
    // Counts take the form Russian uses for their number: 1 история, 4 лекции, 25 вопросов.
    let principles = course.output_file("principles/index.html");
    let counts: Vec<&str> = principles
        .split("principle-counts\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect();
    assert!(!counts.is_empty(), "{principles}");
    for line in &counts {
        for count in line.split(" · ") {
            let (n, noun) = count.split_once(' ').unwrap();
            let n: u32 = n.parse().unwrap();
            let forms = match (n % 10, n % 100) {
                (1, h) if h != 11 => ["вопрос", "история", "лекция"],
                (2..=4, h) if !(12..=14).contains(&h) => ["вопроса", "истории", "лекции"],
                _ => ["вопросов", "историй", "лекций"],
            };
            assert!(forms.contains(&noun), "{count} in {line}");
        }
    }
    let script = course.output_file("static/strings.js");
    assert!(script.contains("ничего не найдено"), "{script}");
    let not_found = course.output_file("404.html");
    assert!(not_found.contains("Страница не найдена"));
}

/// Asserts that `page` shows each of `russian` and none of `english`.
fn speaks_russian(name: &str, page: &str, russian: &[&str], english: &[&str]) {
    for text in russian {
        assert!(page.contains(text), "{name} lacks {text:?}");
    }
    for text in english {
        assert!(!page.contains(text), "{name} still says {text:?}");
    }
}

#[test]
fn the_study_pages_of_a_russian_course_read_russian() {
    let course = example_in("ru", "");
    course.build_ok(&[]);
    speaks_russian(
        "practice",
        &course.output_file("practice/index.html"),
        &[
            "<span id=\"practice-due-text\">на сегодня</span>",
            "Насколько хорошо вы ответили?",
            "aria-keyshortcuts=\"1\">Снова <span",
            "«Я» чаще, чем «мы»",
            "Ответ за две минуты",
            "data-timer-start>Старт</button>",
            ">Расскажите подробнее</button>",
            "Все вопросы есть в <a href=\"../questions/\">банке вопросов</a>.",
        ],
        &[
            "due today",
            "How well did you answer?",
            ">Again <",
            "Two-minute answer",
            ">Start</button>",
            "Tell me more",
            "Self-check",
            "Loading…",
            "question bank",
        ],
    );
    speaks_russian(
        "progress",
        &course.output_file("progress/index.html"),
        &[
            "К повторению сегодня: <strong data-due-count>0</strong>, в ближайшие семь дней: \
             <strong data-due-week>0</strong>. Отработано вопросов: <strong \
             data-reviewed-cards>0</strong> из <span data-card-total>0</span>.",
            "Готовность по принципам",
            ">Экспортировать прогресс</button>",
            "<th scope=\"row\">В результате есть число</th>",
        ],
        &[
            "questions due today",
            "Readiness per principle",
            "Export progress",
            "Your data",
            "A number in the result",
        ],
    );
    speaks_russian(
        "the mock loop",
        &course.output_file("loop/index.html"),
        &[
            "aria-label=\"Составить собеседование\"",
            ">Составить заново</button>",
            ">Напечатать листы интервьюеров</button>",
        ],
        &["Deal", "Seed", "Rounds", "Print interviewer sheets"],
    );
    speaks_russian(
        "a worksheet",
        &course.output_file("worksheets/coverage-matrix/index.html"),
        &[
            ">Очистить лист</button>",
            "Ваши ответы хранятся только в этом браузере.",
            "aria-label=\"Новая история 1\" placeholder=\"Новая история\"",
        ],
        &["Clear worksheet", "New story", "kept in this browser"],
    );
    speaks_russian(
        "the stories page",
        &course.output_file("stories/index.html"),
        &[
            "<h2>Покрытие</h2>",
            "<h2>Пробелы</h2>",
            "Принципы, у которых меньше двух историй:",
            "</a> — 0 историй</li>",
            "</a> — 1 история</li>",
        ],
        &[
            "Coverage",
            "Gaps",
            " stories</li>",
            " story</li>",
            ">covered<",
        ],
    );
    speaks_russian(
        "the printed course",
        &course.output_file("print/index.html"),
        &[" · весь курс</title>", "<h2>Содержание</h2>"],
        &["the whole course", ">Contents<"],
    );
}

#[test]
fn a_course_or_its_theme_folder_changes_any_string_and_a_typo_is_an_error() {
    let course = example_in(
        "ru",
        "[strings]\n\"pager.next\" = \"Дальше, к следующей\"\n",
    );
    course.write(
        "themes/default/i18n/ru.toml",
        "[pager]\nprevious = \"Раньше\"\n",
    );
    course.build_ok(&[]);
    let lecture = course.output_file("behavioural/building-a-story-bank/index.html");
    assert!(
        lecture.contains("Дальше, к следующей"),
        "course.toml's string"
    );
    assert!(lecture.contains("Раньше"), "the theme folder's string");
    assert!(
        lecture.contains("Перейти к содержимому"),
        "the rest from the built-in table"
    );
    let typo = example_in("en", "[strings]\n\"pager.nxet\" = \"Onward\"\n");
    let output = typo.build(&[]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.contains("`strings.pager.nxet` is not a string the theme shows"),
        "{said}"
    );
    assert!(said.contains("course.toml"), "{said}");
}

#[test]
fn a_language_without_a_table_reads_english_and_check_lists_what_is_missing() {
    let course = example_in("sv", "");
    course.build_ok(&[]);
    let lecture = course.output_file("behavioural/building-a-story-bank/index.html");
    assert!(lecture.contains("<html lang=\"sv\"") && lecture.contains("Next"));
    // `check`'s missing-string warnings, as JSON.
    let missing = |course: &Course| -> Vec<String> {
        let check = prepress()
            .args(["check", "--format", "json", "--root"])
            .arg(course.root())
            .output()
            .unwrap();
        let found: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        found
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "missing-string")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    let said = missing(&course);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("no interface strings in `sv`"), "{said:?}");
    // A table with gaps: each missing string is named, and only those.
    let partial = example_in("sv", "");
    partial.write("themes/default/i18n/sv.toml", "[pager]\nnext = \"Nästa\"\n");
    let said = missing(&partial);
    assert_eq!(said.len(), 1, "{said:?}");
    let (_, keys) = said[0]
        .split_once("shown in English: ")
        .expect("the keys listed");
    let keys: Vec<&str> = keys.split(", ").collect();
    assert!(
        keys.contains(&"pager.previous") && keys.contains(&"counts.pages"),
        "{keys:?}"
    );
    assert!(!keys.contains(&"pager.next"), "given: {keys:?}");
    assert!(
        missing(&Course::example()).is_empty(),
        "English has every string"
    );
}

#[test]
fn every_built_in_table_has_the_english_keys_and_placeholders() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let read = |name: &str| -> toml::Table {
        toml::from_str(&std::fs::read_to_string(folder.join(name)).unwrap()).unwrap()
    };
    fn flat(prefix: &str, table: &toml::Table, out: &mut Vec<(String, String)>) {
        for (name, value) in table {
            let key = format!("{prefix}{name}");
            match value {
                toml::Value::Table(inner) => flat(&format!("{key}."), inner, out),
                toml::Value::String(text) => out.push((key, text.clone())),
                other => panic!("{key} is {other}"),
            }
        }
    }
    let mut english = Vec::new();
    flat("", &read("en.toml"), &mut english);
    let plain: Vec<&(String, String)> = english
        .iter()
        .filter(|(key, _)| !key.starts_with("counts."))
        .collect();
    let placeholders = |text: &str| -> Vec<String> {
        let mut found: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        found.sort();
        found
    };
    let mut languages = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "en.toml" {
            continue;
        }
        languages += 1;
        let mut own = Vec::new();
        flat("", &read(&name), &mut own);
        for (key, text) in &plain {
            let translated = own.iter().find(|(k, _)| k == key);
            let (_, translated) = translated.unwrap_or_else(|| panic!("{name} lacks {key}"));
            assert_eq!(
                placeholders(translated),
                placeholders(text),
                "{name} {key}: {translated}"
            );
        }
        for (key, _) in own.iter().filter(|(key, _)| !key.starts_with("counts.")) {
            assert!(
                plain.iter().any(|(k, _)| k == key),
                "{name} has {key}, English has not"
            );
        }
        for (key, text) in english.iter().filter(|(key, _)| key.ends_with(".other")) {
            assert!(own.iter().any(|(k, _)| k == key), "{name} lacks {key}");
            let count = format!("{}.", key.trim_end_matches(".other"));
            for (form, form_text) in own.iter().filter(|(k, _)| k.starts_with(&count)) {
                assert_eq!(
                    placeholders(form_text),
                    placeholders(text),
                    "{name} {form}: {form_text}"
                );
            }
        }
    }
    assert!(
        languages >= 11,
        "the tables the guide promises: {languages}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_search_and_questions_pages_speak_the_course_s_language() {
    let course = example_in("ru", "");
    course.build_ok(&[]);
    let output = course.path("output");
    let browser = Browser::start().await;
    let client = &browser.client;
    let page = format!("file://{}/search/index.html?q=zzzqqq", output.display());
    client.goto(&page).await.unwrap();
    wait_for(
        client,
        15,
        "the search status in Russian",
        "return document.getElementById('search-status').textContent === 'По запросу «zzzqqq» ничего не найдено.';",
    )
    .await;
    // Cards the questions page's script makes speak Russian too.
    let page = format!("file://{}/questions/index.html?text=time", output.display());
    client.goto(&page).await.unwrap();
    wait_for(
        client,
        15,
        "cards made by the script, in Russian",
        "const sources = [...document.querySelectorAll('.question-card .question-source')]; return sources.length > 0 && sources.every(s => s.textContent === 'Где это было написано') && /^\\d+ вопрос(а|ов)?, показаны первые \\d+$/.test(document.querySelector('.question-count').textContent);",
    )
    .await;
    let page = format!("file://{}/search/index.html?q=story", output.display());
    client.goto(&page).await.unwrap();
    wait_for(
        client,
        15,
        "a count of results in Russian",
        "return /^\\d+ результат(а|ов)? по запросу «story»\\.$/.test(document.getElementById('search-status').textContent);",
    )
    .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_and_progress_speak_the_course_s_language_in_what_their_scripts_make() {
    let course = example_in("ru", "");
    course.build_ok(&[]);
    let output = course.path("output");
    let browser = Browser::start().await;
    let client = &browser.client;
    let page = |folder: &str| format!("file://{}/{folder}index.html", output.display());
    client.goto(&page("practice/")).await.unwrap();
    wait_for(
        client,
        15,
        "practice's due count and its grade buttons in Russian",
        "const due = document.getElementById('practice-due-text').textContent; \
         const again = document.querySelector('[data-grade=again]').textContent; \
         return /^на сегодня \\(повторить: 0, новых: 10\\)$/.test(due) \
           && /^Снова \\d+ дн\\.$/.test(again);",
    )
    .await;
    client
        .execute(
            "document.querySelector('[data-grade=good]').click();",
            vec![],
        )
        .await
        .unwrap();
    wait_for(
        client,
        5,
        "the grade's message in Russian",
        "return /^Оценка «хорошо»\\. Вопрос вернётся через \\d+ дн\\., осталось на сегодня: 9\\.$/ \
           .test(document.getElementById('practice-status').textContent);",
    )
    .await;
    client.goto(&page("progress/")).await.unwrap();
    wait_for(
        client,
        15,
        "progress's chart, self-checks and weakest principle in Russian",
        "const chart = document.querySelector('[data-review-chart] svg'); \
         if (!chart) return false; \
         const bar = chart.querySelector('rect:last-of-type title').textContent; \
         const labels = [...chart.querySelectorAll('text')].map((t) => t.textContent); \
         const check = document.querySelector('[data-rubric=star] td').textContent; \
         const weakest = document.querySelector('[data-weakest] a').textContent; \
         return chart.querySelector('title').textContent \
             === 'Повторения по дням за последние 30 дней: всего 1, не больше 1 в день.' \
           && /^\\d{1,2} [а-я]{3,5}\\.?: 1 повторение$/.test(bar) \
           && labels.includes('сегодня') && labels.includes('1 в день') \
           && check === '0 из 1' \
           && /^Потренировать «.+» — ваш самый слабый принцип \\(готовность 0\\s?%\\)$/.test(weakest);",
    )
    .await;
    // A page's date, written as ISO by the build, in the reader's language.
    client
        .goto(&page("behavioural/star-method/"))
        .await
        .unwrap();
    wait_for(
        client,
        15,
        "the page's date in Russian",
        "const time = document.querySelector('.page-meta time'); \
         return time.getAttribute('datetime') === '2025-03-01' && time.textContent === '1 марта 2025 г.';",
    )
    .await;
    browser.close().await;
}
