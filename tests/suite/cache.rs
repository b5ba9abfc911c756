//! The build cache: a course built again with nothing changed is left as it was, and
//! after any change (a template, a principle, a link's target, a code block, the syntax
//! theme) the output equals a clean build's, byte for byte. So it does after damage to a
//! cache that still parses (a highlighted block or a drawing edited, bits flipped, a file
//! cut short): the build says once what was damaged and makes it again.

use std::path::Path;

use crate::common::{Course, read_site, stderr};

const UNCHANGED: &str = "unchanged since the last build";

/// Builds into `output/` (which has its cache) and into a fresh folder with no cache
/// and no staging folder, and checks the two sites are the same. Gives what the first
/// build said.
fn assert_equals_a_clean_build(course: &Course, change: &str) -> String {
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
    stderr(&built)
}

/// Gives the course a theme of its own whose lecture template adds `mark` after the
/// article.
fn edit_the_lecture_template(course: &Course, mark: &str) {
    let lecture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/lecture.html"),
    )
    .unwrap();
    course.write(
        "themes/default/templates/lecture.html",
        lecture.replacen("</article>", &format!("</article>{mark}"), 1),
    );
}

/// How many pages a build after an edit rendered again, of how many, from what it said;
/// `None` for a build of every page.
fn rendered_again(said: &str) -> Option<(usize, usize)> {
    let line = said.lines().find(|line| line.starts_with("built "))?;
    let pages = line
        .strip_prefix("built ")?
        .split(' ')
        .next()?
        .parse()
        .ok()?;
    Some((number_before(line, " rendered again")?, pages))
}

/// How many pages a build after an edit scanned (the others were given the last build's
/// scans), from what it said; `None` when it did not say.
fn scanned(said: &str) -> Option<usize> {
    let line = said.lines().find(|line| line.starts_with("built "))?;
    number_before(line, " scanned")
}

/// The number before `what` in the "(after an edit: …)" part of a build's last line.
fn number_before(line: &str, what: &str) -> Option<usize> {
    let said = line.split("(after an edit: ").nth(1)?;
    let before = &said[..said.find(what)?];
    before.rsplit(' ').next()?.parse().ok()
}

#[test]
fn a_build_after_an_edit_renders_only_what_the_edit_changes_and_equals_a_clean_build() {
    let course = Course::example();
    // Printed in parts, one print page a section: an edit makes again only the parts
    // that print a page it changes.
    let config = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write("course.toml", format!("print = \"sections\"\n{config}"));
    course.build_ok(&[]);
    assert!(course.path("output/print/behavioural/index.html").is_file());
    let edit = |file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(course.path(file)).unwrap();
        assert!(text.contains(from), "{file} holds {from:?}");
        course.write(file, text.replacen(from, to, 1));
    };
    // Fewer pages than the course has; for a body, fewer than half of them (the page,
    // the pages it links to, which show the words around their backlinks, and the print
    // page). A title is shown on many pages of this small course: its section's, its
    // principles', the worksheets.
    let after_an_edit = |change: &str, share: usize| {
        let said = assert_equals_a_clean_build(&course, change);
        let (rendered, pages) = rendered_again(&said)
            .unwrap_or_else(|| panic!("{change}: every page was rendered again:\n{said}"));
        assert!(
            rendered * share < pages,
            "{change}: {rendered} of {pages} pages rendered again"
        );
        // One file edited: at most its body is scanned (not when only its front matter
        // changed), the others are given the last build's scans.
        let pages_scanned = scanned(&said);
        assert!(pages_scanned.is_some_and(|n| n <= 1), "{change}: {said}");
        pages_scanned
    };
    let lecture = "content/behavioural/05-failure-stories.md";

    edit(lecture, "## ", "A sentence of the edit.\n\n## ");
    assert_eq!(after_an_edit("a lecture's body", 2), Some(1));
    assert!(
        course
            .output_file("behavioural/failure-stories/index.html")
            .contains("A sentence of the edit.")
    );
    // The search index reads the edited page's text again (the others' texts come from
    // the last build's index).
    let indexed = std::fs::read_dir(course.path("output/search-index"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .any(|file| file.contains("A sentence of the edit."));
    assert!(indexed, "the edited text is in the search index");

    edit(
        lecture,
        "title: \"Telling Failure Stories\"",
        "title: \"Failure Stories, Told Well\"",
    );
    assert_eq!(after_an_edit("a lecture's title", 1), Some(0));

    edit(
        "content/behavioural/04-tell-me-more-follow-ups.md",
        "a time you simplified a complex system.",
        "a time you simplified a complicated system.",
    );
    after_an_edit("a question", 1);

    edit(
        "content/principles/02-ownership.md",
        "Behave as if",
        "Act as though",
    );
    after_an_edit("a principle's definition", 1);

    edit(
        "content/behavioural/04-tell-me-more-follow-ups.md",
        "## The three layers of detail",
        "## Three layers, deeper each time",
    );
    after_an_edit("a link target", 2);

    // A moved page's old URL: every page then loads the script that carries the
    // learner's reading marks over.
    edit(
        lecture,
        "weight: 5\n",
        "weight: 5\nredirect_from: [/behavioural/failures/]\n",
    );
    let said = assert_equals_a_clean_build(&course, "a redirect");
    assert!(
        rendered_again(&said).is_none(),
        "every page shows that pages moved:\n{said}"
    );

    // A template is the theme's: a build of every page.
    edit_the_lecture_template(&course, "<!-- edited -->");
    let said = assert_equals_a_clean_build(&course, "a template");
    assert_eq!(rendered_again(&said), None, "{said}");

    // After a build of every page, an edit is again a build of what it changes.
    edit(lecture, "A sentence of the edit.", "Another sentence.");
    after_an_edit("a lecture's body after a full build", 2);

    // The files the last build read, cut short or with a byte changed: a full build.
    let pack = course.path(".output.cache/sources.pack");
    let whole = std::fs::read(&pack).unwrap();
    let header = whole.iter().position(|&b| b == b'\n').unwrap();
    let at = whole[header..]
        .windows(b"Another sentence.".len())
        .position(|w| w == b"Another sentence.")
        .unwrap()
        + header;
    let mut flipped = whole.clone();
    flipped[at] ^= 1;
    for (damage, bytes) in [
        ("cut short", &whole[..at]),
        ("a byte changed", &flipped[..]),
    ] {
        std::fs::write(&pack, bytes).unwrap();
        edit(lecture, "Another sentence.", "Another sentence.!");
        let said = assert_equals_a_clean_build(&course, damage);
        assert_eq!(rendered_again(&said), None, "{damage}: {said}");
        edit(lecture, "Another sentence.!", "Another sentence.");
        after_an_edit(damage, 2);
    }

    // The pages' scans the last build kept, changed and still JSON (the text of another
    // page's first heading): not believed, so every page is scanned.
    let scans = course.path(".output.cache/scans.jsonl");
    let mut kept = std::fs::read(&scans).unwrap();
    let header = kept.iter().position(|&b| b == b'\n').unwrap();
    let text = kept[header..]
        .windows(8)
        .position(|w| w == b"\"text\":\"")
        .unwrap()
        + header
        + 8;
    assert!(kept[text].is_ascii_alphabetic());
    kept[text] ^= 0x20;
    std::fs::write(&scans, kept).unwrap();
    edit(lecture, "Another sentence.", "Another sentence, changed.");
    let said = assert_equals_a_clean_build(&course, "a scan changed in the cache");
    assert!(rendered_again(&said).is_some(), "{said}");
    assert_eq!(scanned(&said), None, "every page scanned: {said}");

    // The search index's counts, a byte among the words' postings changed: not believed,
    // so every document is counted again and the index is a clean build's.
    let counts = course.path(".output.cache/search.bin");
    let mut kept = std::fs::read(&counts).unwrap();
    let near_the_end = kept.len() - 40;
    kept[near_the_end] ^= 0x04;
    std::fs::write(&counts, kept).unwrap();
    edit(
        lecture,
        "Another sentence, changed.",
        "Another sentence, changed again.",
    );
    let said = assert_equals_a_clean_build(&course, "a search count changed in the cache");
    assert!(rendered_again(&said).is_some(), "{said}");
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

    // `SOURCE_DATE_EPOCH` caps the Anki deck's note dates: another one is another build.
    let dated = crate::common::prepress()
        .current_dir(course.root())
        .arg("build")
        .env("SOURCE_DATE_EPOCH", "86400")
        .output()
        .unwrap();
    assert!(dated.status.success());
    assert!(!stderr(&dated).contains(UNCHANGED), "{}", stderr(&dated));
    course.build_ok(&[]);

    // A template of the course's own theme.
    edit_the_lecture_template(&course, "<!-- the course's own -->");
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
    let colours = course.output_file("static/highlight.css");
    let config = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write(
        "course.toml",
        format!("{config}\n[highlight]\nlight = \"Solarized (light)\"\n"),
    );
    assert_equals_a_clean_build(&course, "the syntax theme");
    assert_ne!(
        course.output_file("static/highlight.css"),
        colours,
        "the new theme's colours"
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

/// What a build says when it found a cache damaged.
const DAMAGED: &str = "damaged";
/// The lecture the damage tests edit so that the build after the damage renders: it has
/// no code block and no diagram, so every cached block and drawing is used as it was.
const EDITED: &str = "content/behavioural/01-star-method.md";

/// The course as it stands (its own files; no output, no caches) copied into a fresh
/// folder and built there: the site a build that never had a cache makes.
fn a_clean_build_of(course: &Course) -> std::collections::BTreeMap<String, Vec<u8>> {
    let clean = Course {
        dir: tempfile::tempdir().unwrap(),
    };
    for entry in std::fs::read_dir(course.root()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "output" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            crate::common::copy_tree(&entry.path(), &clean.path(&name));
        } else {
            std::fs::copy(entry.path(), clean.path(&name)).unwrap();
        }
    }
    // The same file times too: the Anki deck dates each note by its file's.
    for entry in walkdir::WalkDir::new(course.path("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(course.root()).unwrap();
            let modified = entry.metadata().unwrap().modified().unwrap();
            let copy = std::fs::File::options()
                .write(true)
                .open(clean.path(&relative.to_string_lossy()));
            copy.unwrap().set_modified(modified).unwrap();
        }
    }
    clean.build_ok(&[]);
    read_site(&clean.path("output"))
}

/// Edits a lecture so that the next build renders the course again.
fn edit_a_lecture(course: &Course, note: &str) {
    let text = std::fs::read_to_string(course.path(EDITED)).unwrap();
    course.write(EDITED, format!("{text}\n{note}\n"));
}

/// Damages a cache (`cache` names its file or folder), edits a lecture so the next build
/// renders, and checks that this build says once what was damaged, that its site is a
/// clean build's byte for byte, and that the builds after it say nothing of the damage.
fn assert_damage_is_made_good(course: &Course, cache: &str, damage: &str, harm: impl FnOnce()) {
    harm();
    edit_a_lecture(course, &format!("After {damage}."));
    let said = stderr(&course.build_ok(&[]));
    assert!(!said.contains(UNCHANGED), "{damage}: {said}");
    let (built, clean) = (read_site(&course.path("output")), a_clean_build_of(course));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{damage}"
    );
    for (path, bytes) in &clean {
        assert!(built[path] == *bytes, "{damage}: {path} differs");
    }
    assert!(
        said.contains(cache) && said.matches(DAMAGED).count() == 1,
        "{damage}: the build says once that the cache was damaged:\n{said}"
    );
    let again = stderr(&course.build_ok(&[]));
    assert!(again.contains(UNCHANGED), "{damage}: {again}");
    assert!(!again.contains(DAMAGED), "{damage}: said again:\n{again}");
    edit_a_lecture(course, &format!("Later than {damage}."));
    let later = stderr(&course.build_ok(&[]));
    assert!(
        !later.contains(DAMAGED),
        "{damage}: not made good:\n{later}"
    );
}

/// The example course (code blocks, two Mermaid diagrams) built once, with its caches.
fn built_example() -> Course {
    let course = Course::example();
    course.build_ok(&[]);
    course
}

const HIGHLIGHTED: &str = ".output.cache/highlighted.json";

fn edit_bytes(course: &Course, relative: &str, edit: impl FnOnce(&mut Vec<u8>)) {
    let path = course.path(relative);
    let mut bytes = std::fs::read(&path).unwrap();
    edit(&mut bytes);
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn a_highlighted_block_edited_or_cut_off_in_the_cache_is_highlighted_again() {
    let course = built_example();
    assert_damage_is_made_good(&course, "highlighted.json", "an edited block", || {
        edit_bytes(&course, HIGHLIGHTED, |bytes| {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.contains("<span class=\\\"hl-"), "{}", &text[..200]);
            // Still JSON: one more class in one block's HTML.
            *bytes = text
                .replacen("<span class=\\\"hl-", "<span class=\\\"edited hl-", 1)
                .into_bytes();
        });
    });
    assert_damage_is_made_good(&course, "highlighted.json", "a file cut short", || {
        edit_bytes(&course, HIGHLIGHTED, |bytes| {
            bytes.truncate(bytes.len() * 2 / 3)
        });
    });
}

#[test]
fn bits_flipped_in_the_highlighted_blocks_are_caught() {
    let course = built_example();
    // Letters inside words, all through the file: the JSON still parses.
    assert_damage_is_made_good(&course, "highlighted.json", "flipped letters", || {
        edit_bytes(&course, HIGHLIGHTED, |bytes| {
            let in_a_word =
                |bytes: &[u8], at: usize| bytes[at - 1..=at + 1].iter().all(u8::is_ascii_lowercase);
            for eighth in 1..8 {
                let start = bytes.len() * eighth / 8;
                let at = (start..bytes.len() - 1)
                    .find(|&at| in_a_word(bytes, at))
                    .unwrap();
                bytes[at] ^= 0x01;
            }
        });
    });
    // A quote turned into `#`: the JSON around it no longer parses.
    assert_damage_is_made_good(&course, "highlighted.json", "a flipped quote", || {
        edit_bytes(&course, HIGHLIGHTED, |bytes| {
            let middle = bytes.len() / 2;
            let at = middle + bytes[middle..].iter().position(|&b| b == b'"').unwrap();
            bytes[at] ^= 0x01;
        });
    });
}

/// The drawings in the diagrams cache, the largest first.
fn drawings(course: &Course) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(course.path(".prepress-cache/diagrams"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "svg"))
        .collect();
    files.sort_by_key(|path| std::cmp::Reverse(std::fs::metadata(path).unwrap().len()));
    assert!(!files.is_empty(), "the example course draws diagrams");
    files
}

#[test]
fn a_truncated_drawing_is_drawn_again() {
    let course = built_example();
    let drawing = drawings(&course).remove(0);
    assert_damage_is_made_good(&course, "diagrams", "a truncated drawing", || {
        let bytes = std::fs::read(&drawing).unwrap();
        std::fs::write(&drawing, &bytes[..bytes.len() * 3 / 4]).unwrap();
    });
}

#[test]
fn a_drawing_edited_in_the_cache_is_drawn_again() {
    let course = built_example();
    let drawing = drawings(&course).remove(0);
    assert_damage_is_made_good(&course, "diagrams", "an edited drawing", || {
        let text = std::fs::read_to_string(&drawing).unwrap();
        let (header, svg) = text.split_once('\n').unwrap();
        assert!(svg.contains("</svg>"), "a header line, then the SVG");
        let svg = svg.replacen("</svg>", "<text>edited</text></svg>", 1);
        std::fs::write(&drawing, format!("{header}\n{svg}")).unwrap();
    });
}

#[test]
fn a_record_edited_and_still_json_is_not_believed() {
    let course = built_example();
    let first = stderr(&course.build_ok(&[]));
    assert!(first.contains(UNCHANGED), "{first}");
    let pages = |said: &str| {
        let built = said
            .lines()
            .find(|line| line.starts_with("built "))
            .unwrap();
        built.split(' ').nth(1).unwrap().to_string()
    };
    let counted = pages(&first);
    // The record's page count made another, in JSON that still parses.
    edit_bytes(&course, ".output.cache/build.json", |bytes| {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let key = text.find("pages").unwrap();
        let start = key + text[key..].find(|c: char| c.is_ascii_digit()).unwrap();
        let end = start + text[start..].find(|c: char| !c.is_ascii_digit()).unwrap();
        assert_eq!(text[start..end], counted);
        *bytes = format!("{}999{}", &text[..start], &text[end..]).into_bytes();
    });
    let said = stderr(&course.build_ok(&[]));
    assert_eq!(pages(&said), counted, "{said}");
    assert!(!said.contains(UNCHANGED), "{said}");
    let again = stderr(&course.build_ok(&[]));
    assert!(
        again.contains(UNCHANGED) && pages(&again) == counted,
        "{again}"
    );
}

#[test]
fn a_build_given_the_last_build_s_scans_keeps_a_draft_s_drawing() {
    let course = Course::example();
    course.write(
        "content/behavioural/90-draft-diagram.md",
        "---\ntitle: A draft with a diagram\ndraft: true\n---\n# A draft\n\n```mermaid\nflowchart LR\n  Draft --> Drawn\n```\n",
    );
    course.build_ok(&[]);
    let drawn = drawings(&course);
    // A redirect shows on every page: every page is rendered again, but the pages are
    // given the last build's scans, and the draft (not rendered) draws nothing.
    let lecture = course.path("content/behavioural/05-failure-stories.md");
    let text = std::fs::read_to_string(&lecture).unwrap();
    course.write(
        "content/behavioural/05-failure-stories.md",
        text.replacen(
            "weight: 5\n",
            "weight: 5\nredirect_from: [/behavioural/failures/]\n",
            1,
        ),
    );
    let said = stderr(&course.build_ok(&[]));
    assert!(scanned(&said).is_some(), "{said}");
    assert_eq!(drawings(&course), drawn, "the draft's drawing is kept");
}

#[test]
fn a_build_after_an_edit_keeps_the_highlighted_blocks_of_the_pages_it_kept() {
    let course = Course::example();
    // Printed in parts, and no feeds (which show whole lectures): an edit outside system
    // design renders none of its code blocks.
    let config = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write(
        "course.toml",
        format!("print = \"sections\"\nfeeds = false\n{config}"),
    );
    course.build_ok(&[]);
    let blocks = || {
        std::fs::read_to_string(course.path(".output.cache/highlighted.json"))
            .unwrap()
            .lines()
            .count()
    };
    let highlighted = blocks();
    assert!(highlighted > 5, "{highlighted} lines");
    let lecture = course.path("content/behavioural/05-failure-stories.md");
    let text = std::fs::read_to_string(&lecture).unwrap();
    course.write(
        "content/behavioural/05-failure-stories.md",
        text.replacen("## ", "A sentence of the edit.\n\n## ", 1),
    );
    let said = stderr(&course.build_ok(&[]));
    assert!(rendered_again(&said).is_some(), "{said}");
    assert_eq!(blocks(), highlighted, "{said}");
}

#[test]
fn the_kept_scans_and_search_counts_are_as_readable_as_the_rest_of_the_cache() {
    use std::os::unix::fs::PermissionsExt;
    let course = Course::example();
    course.build_ok(&[]);
    let mode = |name: &str| {
        std::fs::metadata(course.path(&format!(".output.cache/{name}")))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("scans.jsonl"), mode("build.json"));
    assert_eq!(mode("search.bin"), mode("build.json"));
}

/// A build killed before its end leaves the files it was making for the cache beside
/// the output; the next build of that output removes them, and leaves another output's.
#[test]
fn a_killed_build_s_files_for_the_cache_are_removed_by_the_next() {
    let course = Course::example();
    course.build_ok(&[]);
    let names = |prefix: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(course.path(""))
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(prefix))
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(".output.cache-"),
        Vec::<String>::new(),
        "a build removes its own"
    );
    course.write(".output.cache-scans-a1b2c3", "left by a killed build");
    course.write(".output.cache-search-d4e5f6", "left by a killed build");
    course.write(
        ".site.cache-scans-g7h8i9",
        "another output's build, still running",
    );
    course.build_ok(&[]);
    assert_eq!(names(".output.cache-"), Vec::<String>::new());
    assert_eq!(
        names(".site.cache-"),
        vec![".site.cache-scans-g7h8i9".to_string()]
    );
}
