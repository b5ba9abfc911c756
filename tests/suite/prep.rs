//! End-to-end tests of the prep layer on the `prep` fixture: the question bank and its
//! exports (golden files), principle pages, stories, templates and worksheets.

use crate::common::{Course, prepress, stderr};

fn built() -> Course {
    let course = Course::fixture("prep");
    course.build_ok(&[]);
    course
}

#[test]
fn question_bank_json_is_golden() {
    let course = built();
    insta::assert_snapshot!("questions_json", course.output_file("questions.json"));
}

#[test]
fn question_bank_anki_tsv_is_golden() {
    let course = built();
    insta::assert_snapshot!("questions_tsv", course.output_file("questions.tsv"));
}

#[test]
fn export_command_writes_every_format() {
    let course = Course::fixture("prep");
    for format in ["json", "tsv", "csv"] {
        let output = prepress()
            .current_dir(course.root())
            .args(["export", "questions", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let text = String::from_utf8(output.stdout).unwrap();
        if format == "csv" {
            insta::assert_snapshot!("questions_csv", text);
        } else {
            course.build_ok(&[]);
            assert_eq!(
                text,
                course.output_file(&format!("questions.{format}")),
                "{format}"
            );
        }
    }
    let file = course.path("bank.tsv");
    prepress()
        .current_dir(course.root())
        .args(["export", "questions", "--format", "tsv", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(file)
            .unwrap()
            .starts_with("#separator:tab\n")
    );
}

#[test]
fn principle_pages_gather_what_refers_to_them() {
    let course = built();
    let ownership = course.output_file("principles/ownership/index.html");
    assert!(
        ownership.contains("Also called: Act Like an Owner"),
        "aliases shown"
    );
    assert!(
        ownership.contains("href=\"../../lessons/mixed/\""),
        "the lecture that touches it"
    );
    assert!(
        ownership.contains("href=\"../../stories/export/\""),
        "the story that covers it (by alias)"
    );
    assert!(ownership.contains("Tell me about a time you owned a problem nobody else would."));
    assert!(
        ownership.contains("href=\"../../worksheets/per/\""),
        "a link to its worksheet"
    );
    let generated = course.output_file("principles/customer-delight/index.html");
    assert!(
        generated.contains("href=\"../../lessons/mixed/\""),
        "{generated}"
    );
    assert!(generated.contains("generated-note"));
    let index = course.output_file("principles/index.html");
    let first = index.find("Ownership").unwrap();
    let second = index.find("Hire and Develop the Best").unwrap();
    assert!(first < second, "principles in order");
    assert!(
        index.contains("You raise the bar with every hire"),
        "definition from description"
    );
}

#[test]
fn lectures_link_their_principles() {
    let course = built();
    let lecture = course.output_file("lessons/mixed/index.html");
    for url in [
        "../../principles/ownership/",
        "../../principles/customer-delight/",
        "../../principles/hire-and-develop-the-best/",
    ] {
        assert!(
            lecture.contains(&format!("href=\"{url}\"")),
            "{url} linked from the lecture"
        );
    }
}

#[test]
fn story_bank_shows_coverage_and_gaps() {
    let course = built();
    let stories = course.output_file("stories/index.html");
    assert!(stories.contains("Fixing the nightly export"));
    let gaps = &stories[stories.find("id=\"gaps\"").expect("gaps section")..];
    for principle in ["Ownership", "Hire and Develop the Best", "Customer Delight"] {
        assert!(
            gaps.contains(principle),
            "{principle} has fewer than two stories"
        );
    }
}

#[test]
fn templates_are_pages_and_downloads() {
    let course = built();
    let page = course.output_file("templates/star/index.html");
    assert!(page.contains("href=\"../star.md\""));
    let markdown = course.output_file("templates/star.md");
    assert!(markdown.starts_with("# STAR\n\n## Situation"), "{markdown}");
}

#[test]
fn worksheets_have_forms_and_a_matrix() {
    let course = built();
    let per = course.output_file("worksheets/per/index.html");
    // Ownership, Hire and Develop the Best, and Customer Delight (named, without a file).
    assert_eq!(
        per.matches("class=\"worksheet-form").count(),
        3,
        "one form per principle"
    );
    assert!(per.contains("data-field=\"ownership.situation\""));
    let matrix = course.output_file("worksheets/matrix/index.html");
    assert!(
        matrix.contains("Fixing the nightly export"),
        "stories are columns"
    );
    assert!(
        matrix.contains("is-covered"),
        "a mark where a story covers a principle"
    );
}

#[test]
fn the_study_pages_read_the_bank_from_its_files_not_from_the_page() {
    let course = built();
    let practice = course.output_file("practice/index.html");
    assert!(
        !practice.contains("Walk me through your biggest launch."),
        "no question inline"
    );
    assert!(practice.contains("static/bank.js\" data-version=\""));
    let index = course.output_file("question-bank/index.js");
    assert!(index.starts_with("prepressBankIndex({"));
    assert!(
        index.contains("What exactly was your part in it"),
        "the probes"
    );
    let shards: String = (0..)
        .map(|n| course.path(&format!("output/question-bank/texts-{n}.js")))
        .take_while(|path| path.is_file())
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    assert!(shards.contains("Walk me through your biggest launch."));
    assert!(
        shards.contains("What would you do differently?"),
        "its follow-up"
    );
    let questions: serde_json::Value =
        serde_json::from_str(&course.output_file("questions.json")).unwrap();
    for question in questions.as_array().unwrap() {
        let id = question["id"].as_str().unwrap();
        assert_eq!(
            shards.matches(&format!("[\"{id}\",")).count(),
            1,
            "{id} once in the texts"
        );
    }
}
