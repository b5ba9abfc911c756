//! `prepress check` and `prepress import` on fixtures: located diagnostics (golden JSON),
//! exit codes, the story lint, and imports that build and feed the question bank.

use crate::common::{Course, prepress, stderr};

fn fixture_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

#[test]
fn check_reports_every_problem_with_its_place() {
    let course = Course::fixture("check");
    let output = prepress()
        .current_dir(course.root())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a broken link is an error in check"
    );
    let json = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!("check_json", json);
    assert!(!course.path("output").exists(), "check writes nothing");
}

#[test]
fn check_passes_once_the_errors_are_fixed() {
    let course = Course::fixture("check");
    course.write(
        "content/_index.md",
        "---\ntitle: Home\n---\nSee [the notes](notes/01-notes.md).\n",
    );
    course.write(
        "content/notes/01-notes.md",
        "---\ntitle: Notes\nprinciples: [Ownership]\n---\n## Notes\n\nIt works.\n",
    );
    let output = prepress()
        .current_dir(course.root())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("0 error(s)"));
}

#[test]
fn import_goldens() {
    let course = Course::example();
    for name in [
        "leadership-article.txt",
        "note-export.md",
        "mojibake.md",
        "legacy-1252.txt",
        "utf16.txt",
    ] {
        let output = prepress()
            .current_dir(course.root())
            .args(["import", "--section", "imported"])
            .arg(fixture_file(name))
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let report = stderr(&output);
        let written = report
            .split(" -> ")
            .nth(1)
            .and_then(|rest| rest.split(" (").next())
            .unwrap_or_else(|| panic!("{name}: {report}"));
        let markdown = std::fs::read_to_string(course.root().join(written)).unwrap();
        insta::assert_snapshot!(format!("import_{name}"), markdown);
    }
}

#[test]
fn an_imported_article_builds_and_feeds_the_question_bank() {
    let course = Course::example();
    let output = prepress()
        .current_dir(course.root())
        .arg("import")
        .arg(fixture_file("leadership-article.txt"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("4 questions"),
        "{}",
        stderr(&output)
    );
    course.build_ok(&[]);
    let bank: serde_json::Value =
        serde_json::from_str(&course.output_file("questions.json")).unwrap();
    let question = bank
        .as_array()
        .unwrap()
        .iter()
        .find(|q| {
            q["text"] == "When did you push back on a feature request because it would hurt users?"
        })
        .expect("the imported question is in the bank");
    assert_eq!(
        question["principles"][0], "customer-obsession",
        "tagged by its numbered heading"
    );
    assert_eq!(
        question["source"],
        "content/imported/how-i-prepared-for-the-amazon-loop.md"
    );
}

#[test]
fn import_never_overwrites_unless_forced() {
    let course = Course::example();
    let import = |extra: &[&str]| {
        let output = prepress()
            .current_dir(course.root())
            .arg("import")
            .args(extra)
            .arg(fixture_file("note-export.md"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    };
    import(&[]);
    std::fs::write(
        course.path("content/imported/rate-limiter-notes.md"),
        "mine",
    )
    .unwrap();
    import(&[]);
    assert_eq!(
        std::fs::read_to_string(course.path("content/imported/rate-limiter-notes.md")).unwrap(),
        "mine"
    );
    assert!(
        course
            .path("content/imported/rate-limiter-notes-2.md")
            .exists(),
        "a new name instead"
    );
    import(&["--force"]);
    assert_ne!(
        std::fs::read_to_string(course.path("content/imported/rate-limiter-notes.md")).unwrap(),
        "mine"
    );
}

#[test]
fn import_outside_a_course_needs_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let output = prepress()
        .current_dir(dir.path())
        .arg("import")
        .arg(fixture_file("utf16.txt"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("prepress init"));
    let to = dir.path().join("notes");
    let output = prepress()
        .current_dir(dir.path())
        .args(["import", "--to"])
        .arg(&to)
        .arg(fixture_file("utf16.txt"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(to.join("utf-16-notes.md").exists());
}
