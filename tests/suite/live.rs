//! The live site of `prepress serve`: after every kind of edit, the site it keeps in
//! memory must be byte for byte what a full build of the same files gives.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::common::Course;
use prepress::pipeline::{BuildOptions, build_in_memory};
use prepress::serve::live::{LiveSite, Step};

fn options(course: &Course) -> BuildOptions {
    BuildOptions {
        root: course.root().to_path_buf(),
        ..BuildOptions::default()
    }
}

/// Applies an edit to the live site and checks it against a full build.
fn check(course: &Course, site: &mut LiveSite, changed: &[&str], what: &str) -> Vec<Step> {
    let paths: Vec<PathBuf> = changed.iter().map(|p| course.path(p)).collect();
    let mut steps = Vec::new();
    site.apply(&paths, &mut |_, step, _| steps.push(step));
    site.finish_background(&mut |_, _, _| {});
    assert!(site.errors.is_empty(), "{what}: {:?}", site.errors);
    let full = build_in_memory(&options(course)).unwrap_or_else(|e| panic!("{what}: {e:?}"));
    let live_paths: Vec<&String> = site.files.keys().collect();
    let full_paths: Vec<&String> = full.files.keys().collect();
    assert_eq!(live_paths, full_paths, "{what}: the same files");
    for (path, bytes) in &full.files {
        assert!(
            site.files[path] == *bytes,
            "{what}: {path} differs from a full build"
        );
    }
    steps
}

#[test]
fn every_kind_of_edit_gives_what_a_full_build_gives() {
    let course = Course::example();
    let mut site = LiveSite::open(options(&course)).unwrap();
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    let star = "content/behavioural/01-star-method.md";
    let text = std::fs::read_to_string(course.path(star)).unwrap();

    // The first edit after opening: the print page and the search index hold the text too.
    course.write(star, format!("{text}\nOne more sentence.\n"));
    let steps = check(&course, &mut site, &[star], "a sentence added");
    assert_eq!(steps, [Step::EditedPage, Step::Rest]);

    course.write(star, text.replace("## ", "## Edited: "));
    let steps = check(&course, &mut site, &[star], "body edit");
    assert_eq!(
        steps,
        [Step::EditedPage, Step::Rest],
        "the edited page first"
    );

    course.write(star, text.replacen("title:", "title: Renamed", 1));
    check(&course, &mut site, &[star], "title edit");

    course.write("content/behavioural/07-new.md", "---\ntitle: A New Lecture\nprinciples: [Ownership]\n---\n## Practice Questions\n\n- Tell me about a brand new thing?\n");
    check(
        &course,
        &mut site,
        &["content/behavioural/07-new.md"],
        "new lecture with a question",
    );

    course.write("content/behavioural/07-new.md", "---\ntitle: A New Lecture\nprinciples: [Frugality, Made Up Principle]\n---\nNo questions now.\n");
    check(
        &course,
        &mut site,
        &["content/behavioural/07-new.md"],
        "principles and questions changed",
    );

    std::fs::remove_file(course.path("content/behavioural/07-new.md")).unwrap();
    check(
        &course,
        &mut site,
        &["content/behavioural/07-new.md"],
        "lecture deleted",
    );

    let principle = "content/principles/02-ownership.md";
    let principle_text = std::fs::read_to_string(course.path(principle)).unwrap();
    course.write(
        principle,
        principle_text.replace(
            "## What it means\n\n",
            "## What it means\n\nA new first sentence. ",
        ),
    );
    check(&course, &mut site, &[principle], "principle definition");

    let story = "content/stories/checkout-latency.md";
    let story_text = std::fs::read_to_string(course.path(story)).unwrap();
    course.write(
        story,
        story_text.replace("principles:", "principles:\n  - Frugality"),
    );
    check(&course, &mut site, &[story], "story principles");

    let template = "content/templates/follow-up-prep.md";
    let template_text = std::fs::read_to_string(course.path(template)).unwrap();
    std::fs::remove_file(course.path(template)).unwrap();
    check(&course, &mut site, &[template], "template deleted");
    assert!(!site.files.keys().any(|p| p.contains("follow-up-prep")));
    course.write(template, template_text);
    check(&course, &mut site, &[template], "template back");

    let section = "content/system-design/_index.md";
    let section_text = std::fs::read_to_string(course.path(section)).unwrap();
    course.write(
        section,
        section_text.replacen("title:", "title: Renamed", 1),
    );
    check(&course, &mut site, &[section], "section title");

    std::fs::rename(
        course.path("content/system-design/deep-dives"),
        course.path("content/system-design/deeper"),
    )
    .unwrap();
    check(
        &course,
        &mut site,
        &[
            "content/system-design/deep-dives",
            "content/system-design/deeper",
        ],
        "folder renamed",
    );

    course.write(
        "themes/default/templates/partials/pager.html",
        "<nav class=\"pager\">{{ page.title }}</nav>\n",
    );
    check(
        &course,
        &mut site,
        &["themes/default/templates/partials/pager.html"],
        "theme template",
    );

    let config = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write(
        "course.toml",
        config.replacen("title = \"", "title = \"New: ", 1),
    );
    check(&course, &mut site, &["course.toml"], "course.toml");

    course.write("course.toml", format!("{config}search = false\n"));
    check(&course, &mut site, &["course.toml"], "search turned off");
    assert!(!site.files.keys().any(|p| p.starts_with("search")));
    course.write("course.toml", &config);
    check(&course, &mut site, &["course.toml"], "search turned on");
    assert!(site.files.contains_key("search-index/index.js"));
}

#[test]
fn a_broken_file_keeps_the_last_good_site_until_fixed() {
    let course = Course::example();
    let mut site = LiveSite::open(options(&course)).unwrap();
    let before = site.files.clone();
    let file = "content/behavioural/02-building-a-story-bank.md";
    let text = std::fs::read_to_string(course.path(file)).unwrap();
    assert!(text.contains("\nweight: 2\n"));
    course.write(
        file,
        text.replacen("\nweight: 2\n", "\nweight: \"abc\"\n", 1),
    );
    site.apply(&[course.path(file)], &mut |_, _, _| {});
    assert_eq!(site.errors.len(), 1, "{:?}", site.errors);
    assert_eq!(site.errors[0].file, PathBuf::from(file));
    assert_eq!(site.errors[0].line, 4);
    assert!(site.files == before, "the last good site is kept");
    course.write(file, text.replace("## ", "## Fixed: "));
    check(&course, &mut site, &[file], "fixed");
    assert!(site.errors.is_empty());
}

#[test]
fn background_files_made_out_of_date_by_a_later_edit_are_dropped() {
    let course = Course::example();
    let mut site = LiveSite::open(options(&course)).unwrap();
    let file = "content/behavioural/01-star-method.md";
    let text = std::fs::read_to_string(course.path(file)).unwrap();
    let index_text = |site: &LiveSite| -> String {
        site.files
            .iter()
            .filter(|(path, _)| path.starts_with("search-index/docs-"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect()
    };

    course.write(file, format!("{text}\nThe quuxword one.\n"));
    site.apply(&[course.path(file)], &mut |_, _, _| {});
    let first = site.take_background_work().expect("background work to do");
    course.write(file, format!("{text}\nThe quuxword two.\n"));
    site.apply(&[course.path(file)], &mut |_, _, _| {});

    let mut steps = Vec::new();
    site.apply_background(first.run(), &mut |_, step, _| steps.push(step));
    assert!(steps.is_empty(), "the older files are dropped");
    assert!(!index_text(&site).contains("quuxword"));
    let print =
        |site: &LiveSite| String::from_utf8_lossy(&site.files["print/index.html"]).into_owned();
    assert!(!print(&site).contains("quuxword"));
    site.finish_background(&mut |_, step, _| steps.push(step));
    assert_eq!(steps, [Step::Background]);
    let index = index_text(&site);
    assert!(
        index.contains("The quuxword two."),
        "the newer index is kept"
    );
    assert!(!index.contains("The quuxword one."));
    assert!(
        print(&site).contains("The quuxword two."),
        "the print page too"
    );
}

#[test]
fn a_second_step_that_yields_to_a_newer_save_leaves_nothing_undone() {
    let course = Course::example();
    let mut site = LiveSite::open(options(&course)).unwrap();
    let newer_waiting = Arc::new(AtomicBool::new(true));
    site.yield_to_newer_updates(Arc::clone(&newer_waiting));
    let star = "content/behavioural/01-star-method.md";
    let text = std::fs::read_to_string(course.path(star)).unwrap();
    course.write(
        star,
        format!("{text}\nA sentence the print page must get.\n"),
    );
    let mut steps = Vec::new();
    site.apply(&[course.path(star)], &mut |_, step, _| steps.push(step));
    assert_eq!(steps, [Step::EditedPage], "the second step yielded");
    assert!(!site.has_background_work());

    newer_waiting.store(false, Ordering::Release);
    let other = "content/behavioural/02-building-a-story-bank.md";
    let other_text = std::fs::read_to_string(course.path(other)).unwrap();
    course.write(other, other_text.replacen("title:", "title: Renamed", 1));
    check(
        &course,
        &mut site,
        &[other],
        "the save after a yielded step",
    );
}

#[test]
fn wiki_links_and_callouts_in_serve_are_what_a_build_gives() {
    let vault = Course::fixture("obsidian");
    let mut site = LiveSite::open(options(&vault)).unwrap();
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    let caching = "content/System Design/Caching.md";
    let text = std::fs::read_to_string(vault.path(caching)).unwrap();

    vault.write(
        caching,
        format!("{text}\n> [!tip]- Also\n> See [[Hash Maps#Collisions]] and [[Dictionary]].\n"),
    );
    check(
        &vault,
        &mut site,
        &[caching],
        "a callout with wiki links added",
    );

    // The note a wiki link names by title is retitled: the linking page changes.
    let balancers = "content/System Design/Key Components/Load Balancers.md";
    vault.write(
        balancers,
        "---\ntitle: Balancers\n---\nThey spread requests.\n",
    );
    check(&vault, &mut site, &[balancers], "a linked note retitled");
    let page = String::from_utf8(site.files["system-design/caching/index.html"].to_vec()).unwrap();
    assert!(
        page.contains("href=\"../key-components/load-balancers/\""),
        "still found by file name"
    );
}

#[test]
fn edits_that_move_questions_between_the_banks_shards_give_what_a_full_build_gives() {
    let course = Course::fixture("prep");
    let answer = "An answer with enough words to fill a shard quickly. ".repeat(150);
    let note = |i: usize, answer: &str| {
        format!(
            "---\ntitle: Note {i}\n---\n# Question\n\nWhat is topic {i}?\n\n## Answer\n\n{answer}\n"
        )
    };
    for i in 0..40 {
        course.write(&format!("content/notes/note-{i:02}.md"), note(i, &answer));
    }
    let mut site = LiveSite::open(options(&course)).unwrap();
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    let shards = |site: &LiveSite| {
        site.files
            .keys()
            .filter(|path| path.starts_with("question-bank/answers-"))
            .count()
    };
    let before = shards(&site);
    assert!(before >= 4, "{before} shards");

    let first = "content/notes/note-00.md";
    course.write(first, note(0, &answer.repeat(6)));
    check(
        &course,
        &mut site,
        &[first],
        "an early answer grown past a shard",
    );
    course.write(first, note(0, "Short now."));
    check(&course, &mut site, &[first], "an early answer cut short");
    course.write("content/notes/note-000.md", note(100, &answer));
    check(
        &course,
        &mut site,
        &["content/notes/note-000.md"],
        "a question added before the others",
    );
    std::fs::remove_file(course.path("content/notes/note-05.md")).unwrap();
    check(
        &course,
        &mut site,
        &["content/notes/note-05.md"],
        "a question removed",
    );
    assert_ne!(shards(&site), 0);
}

#[test]
fn a_link_added_or_removed_in_one_page_changes_the_backlinks_of_the_other() {
    let course = Course::fixture("prep");
    course.write(
        "content/notes/target.md",
        "---\ntitle: Target note\n---\nThe note linked to.\n",
    );
    course.write(
        "content/notes/source.md",
        "---\ntitle: Source note\n---\nNothing yet.\n",
    );
    let mut site = LiveSite::open(options(&course)).unwrap();
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    let target_page = "notes/target/index.html";
    let backlinks = |site: &LiveSite| {
        let html = String::from_utf8_lossy(&site.files[target_page]).to_string();
        html.contains("Linked from") && html.contains("Source note")
    };
    assert!(!backlinks(&site));

    let source = "content/notes/source.md";
    course.write(
        source,
        "---\ntitle: Source note\n---\nSee [[Target note]] for the details.\n",
    );
    check(&course, &mut site, &[source], "a wiki link added");
    assert!(backlinks(&site), "the target lists the source");

    course.write(
        source,
        "---\ntitle: Source note\n---\nSee [[Target note]] for other details.\n",
    );
    check(&course, &mut site, &[source], "the words around the link");

    course.write(
        source,
        "---\ntitle: Renamed source\n---\nSee [[Target note]] for other details.\n",
    );
    check(&course, &mut site, &[source], "the linking page renamed");

    course.write(source, "---\ntitle: Renamed source\n---\nNo link now.\n");
    check(&course, &mut site, &[source], "the link removed");
    assert!(!backlinks(&site), "the backlink gone");
}

#[test]
fn tag_pages_follow_the_tags_and_titles_of_their_pages() {
    let course = Course::fixture("prep");
    let note = "content/notes/tagged.md";
    course.write(note, "---\ntitle: Tagged\ntags: [alpha]\n---\nText.\n");
    let mut site = LiveSite::open(options(&course)).unwrap();
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    course.write(note, "---\ntitle: Tagged\ntags: [beta]\n---\nText.\n");
    check(&course, &mut site, &[note], "a tag renamed");
    course.write(note, "---\ntitle: Retitled\ntags: [beta]\n---\nText.\n");
    check(&course, &mut site, &[note], "a tagged page retitled");
    course.write(
        note,
        "---\ntitle: Retitled\ntags: [beta/gamma]\n---\nText #delta.\n",
    );
    check(&course, &mut site, &[note], "a nested and an inline tag");
    assert!(site.files.contains_key("tags/beta/gamma/index.html"));
}

#[test]
fn the_notes_to_write_follow_the_wiki_links() {
    let course = Course::fixture("prep");
    let note = "content/notes/wishes.md";
    course.write(note, "---\ntitle: Wishes\n---\nNothing yet.\n");
    let mut site = LiveSite::open(options(&course)).unwrap();
    course.write(note, "---\ntitle: Wishes\n---\nSee [[Coroutines]].\n");
    check(&course, &mut site, &[note], "a link to a note not written");
    assert!(site.files.contains_key("unresolved/index.html"));
    course.write(
        note,
        "---\ntitle: Wishes\n---\nSee [[Coroutines]] and [[Flows]].\n",
    );
    check(&course, &mut site, &[note], "another");
    course.write(
        note,
        "---\ntitle: Renamed\n---\nSee [[Coroutines]] and [[Flows]].\n",
    );
    check(&course, &mut site, &[note], "the linking page renamed");
    course.write(note, "---\ntitle: Renamed\n---\nNo links.\n");
    check(&course, &mut site, &[note], "no link left");
    assert!(!site.files.contains_key("unresolved/index.html"));
}

#[test]
fn a_page_that_embeds_a_note_shows_its_edits() {
    let course = Course::fixture("prep");
    course.write(
        "content/notes/host.md",
        "---\ntitle: Host\n---\nHere:\n\n![[Guest]]\n",
    );
    course.write(
        "content/notes/outer.md",
        "---\ntitle: Outer\n---\n![[Host]]\n",
    );
    let guest = "content/notes/guest.md";
    course.write(guest, "---\ntitle: Guest\n---\nFirst words.\n");
    let mut site = LiveSite::open(options(&course)).unwrap();
    course.write(guest, "---\ntitle: Guest\n---\nEdited words.\n");
    check(&course, &mut site, &[guest], "the embedded note edited");
    let outer = String::from_utf8_lossy(&site.files["notes/outer/index.html"]).to_string();
    assert!(outer.contains("Edited words."), "two embeds up");
}

#[test]
fn local_graphs_follow_a_new_link_two_pages_away() {
    let course = Course::fixture("prep");
    course.write("content/notes/a.md", "---\ntitle: A\n---\nSee [[B]].\n");
    course.write("content/notes/b.md", "---\ntitle: B\n---\nAlone.\n");
    let c = "content/notes/c.md";
    course.write(c, "---\ntitle: C\n---\nNothing.\n");
    let mut site = LiveSite::open(options(&course)).unwrap();
    course.write(c, "---\ntitle: C\n---\nNow [[B]].\n");
    check(
        &course,
        &mut site,
        &[c],
        "a link that puts C two links from A",
    );
    let a = String::from_utf8_lossy(&site.files["notes/a/index.html"]).to_string();
    assert!(a.contains(">C</text>"), "A's graph shows C");
    course.write(c, "---\ntitle: See\n---\nNow [[B]].\n");
    check(&course, &mut site, &[c], "C renamed");
}
