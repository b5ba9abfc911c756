//! The build cache: a course built again with nothing changed is left as it was, and
//! after any change (a template, a principle, a link's target, a code block, the syntax
//! theme) the output equals a clean build's, byte for byte.

use std::path::Path;

use crate::common::{Course, read_site, stderr};

const UNCHANGED: &str = "unchanged since the last build";

/// Builds into `output/` (which has its cache) and into a fresh folder with no cache
/// and no staging folder, and checks the two sites are the same.
fn assert_equals_a_clean_build(course: &Course, change: &str) {
    let built = course.build_ok(&[]);
    assert!(
        !stderr(&built).contains(UNCHANGED),
        "{change}: the build after it was taken from the cache:\n{}",
        stderr(&built)
    );
    let clean = tempfile::tempdir().unwrap();
    let clean_output = clean.path().join("site");
    course.build_ok(&["--output", clean_output.to_str().unwrap()]);
    let (cached, fresh) = (read_site(&course.path("output")), read_site(&clean_output));
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "{change}"
    );
    for (path, bytes) in &fresh {
        assert!(cached[path] == *bytes, "{change}: {path} differs");
    }
    let again = course.build_ok(&[]);
    assert!(stderr(&again).contains(UNCHANGED), "{change}");
}

#[test]
fn an_unchanged_course_is_left_as_it_was_and_every_change_rebuilds_it() {
    let course = Course::example();
    let first = course.build_ok(&[]);
    assert!(!stderr(&first).contains(UNCHANGED));
    let marker = course.path("output").join(prepress::config::MARKER);
    let written = std::fs::metadata(&marker).unwrap().modified().unwrap();
    let before = read_site(&course.path("output"));

    let second = course.build_ok(&[]);
    let said = stderr(&second);
    assert!(said.contains(UNCHANGED), "{said}");
    let warnings = |text: &str| {
        text.lines()
            .find(|line| line.starts_with("built "))
            .and_then(|line| line.split(", ").nth(2))
            .and_then(|part| part.split(" in ").next())
            .map(str::to_string)
    };
    assert_eq!(
        warnings(&said),
        warnings(&stderr(&first)),
        "the warnings are given again"
    );
    assert!(
        said.contains("weak-example-migration.md:37:60") && said.contains("╰── here"),
        "a warning comes back with its snippet:\n{said}"
    );
    assert_eq!(
        std::fs::metadata(&marker).unwrap().modified().unwrap(),
        written,
        "the output was not written again"
    );
    assert!(read_site(&course.path("output")) == before);

    // A template of the course's own theme.
    let lecture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/lecture.html"),
    )
    .unwrap();
    course.write(
        "themes/default/templates/lecture.html",
        lecture.replacen("</article>", "</article><!-- the course's own -->", 1),
    );
    assert_equals_a_clean_build(&course, "a template");
    assert!(
        course
            .output_file("behavioural/star-method/index.html")
            .contains("the course's own")
    );

    // A principle's definition, which its page and the pages naming it show.
    let principle = std::fs::read_to_string(course.path("content/principles/02-ownership.md"))
        .unwrap()
        .replacen("Behave as if", "Act as though", 1);
    course.write("content/principles/02-ownership.md", principle);
    assert_equals_a_clean_build(&course, "a principle");

    // The heading another lecture's link points at.
    let target = "content/behavioural/04-tell-me-more-follow-ups.md";
    let text = std::fs::read_to_string(course.path(target))
        .unwrap()
        .replacen(
            "## The three layers of detail",
            "## Three layers, deeper each time",
            1,
        );
    course.write(target, text);
    assert_equals_a_clean_build(&course, "a link target");

    // A code block, highlighted again while the others come from the cache.
    let lecture = "content/system-design/02-rate-limiter.md";
    let text = std::fs::read_to_string(course.path(lecture))
        .unwrap()
        .replacen("import threading\n", "import threading\nimport random\n", 1);
    course.write(lecture, text);
    assert!(course.path(".output.cache/highlighted.json").is_file());
    assert_equals_a_clean_build(&course, "a code block");
    assert!(
        course
            .output_file("system-design/rate-limiter/index.html")
            .contains("random")
    );

    // The syntax theme.
    let config = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write(
        "course.toml",
        format!("{config}\n[highlight]\nlight = \"Solarized (light)\"\n"),
    );
    assert_equals_a_clean_build(&course, "the syntax theme");
    assert!(
        course
            .output_file("static/highlight.css")
            .contains("#fdf6e3")
    );
}

#[test]
fn the_cache_is_safe_to_delete_or_damage_and_never_written_through_a_link_or_into_a_folder_not_its_own()
 {
    let course = Course::example();
    course.build_ok(&[]);
    let record = course.path(".output.cache/build.json");
    assert!(record.is_file());

    std::fs::write(&record, "{ not json").unwrap();
    assert!(
        !stderr(&course.build_ok(&[])).contains(UNCHANGED),
        "damaged"
    );
    assert!(
        stderr(&course.build_ok(&[])).contains(UNCHANGED),
        "written again"
    );

    std::fs::remove_dir_all(course.path(".output.cache")).unwrap();
    assert!(
        !stderr(&course.build_ok(&[])).contains(UNCHANGED),
        "deleted"
    );

    // A hand edit in the output is undone, even with nothing else changed.
    std::fs::write(course.path("output/index.html"), "tampered\n").unwrap();
    assert!(
        !stderr(&course.build_ok(&[])).contains(UNCHANGED),
        "edited output"
    );
    assert!(course.output_file("index.html").contains("<html"));

    // A folder at the cache's path that prepress did not make is left as it was.
    std::fs::remove_dir_all(course.path(".output.cache")).unwrap();
    course.write(".output.cache/build.json", "my own notes\n");
    let said = stderr(&course.build_ok(&[]));
    assert!(
        said.contains("not made by prepress"),
        "the build says why:\n{said}"
    );
    assert!(
        !stderr(&course.build_ok(&[])).contains(UNCHANGED),
        "not ours"
    );
    assert_eq!(
        std::fs::read_to_string(course.path(".output.cache/build.json")).unwrap(),
        "my own notes\n"
    );
    assert_eq!(
        std::fs::read_dir(course.path(".output.cache"))
            .unwrap()
            .count(),
        1
    );

    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(course.path(".output.cache")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), course.path(".output.cache")).unwrap();
    course.build_ok(&[]);
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none(),
        "nothing written through the link"
    );
    assert!(!stderr(&course.build_ok(&[])).contains(UNCHANGED));
}

#[test]
fn a_theme_read_from_outside_the_course_is_part_of_the_fingerprint() {
    let course = Course::example();
    let shared = tempfile::tempdir().unwrap();
    let templates = shared.path().join("house/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let lecture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/lecture.html"),
    )
    .unwrap();
    let with_mark = |mark: &str| lecture.replacen("</article>", &format!("</article>{mark}"), 1);
    std::fs::write(templates.join("lecture.html"), with_mark("<!-- first -->")).unwrap();
    // The theme's name leads out of the course: `themes/` + an absolute path.
    let config = std::fs::read_to_string(course.path("course.toml")).unwrap();
    let house = shared.path().join("house");
    course.write(
        "course.toml",
        format!("theme = {:?}\n{config}", house.to_str().unwrap()),
    );
    course.build_ok(&[]);
    let page = "behavioural/star-method/index.html";
    assert!(course.output_file(page).contains("<!-- first -->"));
    std::fs::write(templates.join("lecture.html"), with_mark("<!-- second -->")).unwrap();
    let built = course.build_ok(&[]);
    assert!(!stderr(&built).contains(UNCHANGED), "{}", stderr(&built));
    assert!(course.output_file(page).contains("<!-- second -->"));
}
