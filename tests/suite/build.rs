//! End-to-end tests of `prepress build` and `prepress init` on fixture courses.

use crate::common::{Course, prepress, read_tree, stderr};

#[test]
fn nested_sections_yaml_and_toml() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    let first = course.output_file("basics/first/index.html");
    assert!(first.contains("<title>First Lecture"), "{first}");
    assert!(first.contains("id=\"1-ownership-critical-for-l6\""));
    assert!(first.contains("href=\"#1-ownership-critical-for-l6\""));
    assert!(
        first.contains("href=\"../second/#the-end\""),
        "relative .md link resolved, relative to the page"
    );
    assert!(
        first.contains("href=\"../advanced/deep/\""),
        "@/ link resolved"
    );
    assert!(first.contains("hl-"), "code highlighted");
    let second = course.output_file("basics/second/index.html");
    assert!(
        second.contains("<title>Second Lecture"),
        "TOML front matter title"
    );
    assert!(
        second.contains("href=\"../first/\""),
        "a site-absolute link, written relative to the page"
    );
    let deep = course.output_file("basics/advanced/deep/index.html");
    assert!(
        deep.contains("<title>Deep Dive Without Front Matter"),
        "title from first heading"
    );
    let plain = course.output_file("notes/plain/index.html");
    assert!(plain.contains("<title>plain"), "title from the file name");
    let windows = course.output_file("notes/windows/index.html");
    assert!(
        windows.contains("<title>BOM and CRLF"),
        "BOM and CRLF front matter"
    );
}

#[test]
fn order_prev_next_and_breadcrumbs() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    let section = course.output_file("basics/index.html");
    let positions: Vec<usize> = ["Weighted First", "First Lecture", "Second Lecture"]
        .iter()
        .map(|title| {
            section
                .find(title)
                .unwrap_or_else(|| panic!("{title} listed"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "weight, then number prefix: {positions:?}"
    );
    // Reading order: basics (weighted, first, second), then basics/advanced (deep), then notes.
    let second = course.output_file("basics/second/index.html");
    assert!(
        second.contains("rel=\"prev\" href=\"../first/\"")
            || second.contains("href=\"../first/\" rel=\"prev\""),
        "{second}"
    );
    assert!(
        second.contains("\"../advanced/deep/\" rel=\"next\"")
            || second.contains("rel=\"next\" href=\"../advanced/deep/\"")
    );
    let deep = course.output_file("basics/advanced/deep/index.html");
    let crumbs = &deep[deep.find("breadcrumbs").expect("breadcrumbs")..];
    let welcome = crumbs.find(">Welcome<").expect("home in breadcrumbs");
    let basics = crumbs.find(">Basics<").expect("section in breadcrumbs");
    let advanced = crumbs
        .find(">Advanced<")
        .expect("subsection in breadcrumbs");
    assert!(welcome < basics && basics < advanced);
}

#[test]
fn drafts_only_with_flag() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    assert!(!course.path("output/basics/draft").exists());
    course.build_ok(&["--drafts"]);
    assert!(course.path("output/basics/draft/index.html").exists());
}

#[test]
fn sitemap_and_404() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    let sitemap = course.output_file("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://prep.example.com/course/basics/first/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<lastmod>2025-08-07</lastmod>"));
    assert!(!sitemap.contains("draft"));
    assert!(course.output_file("404.html").contains("Page not found"));
    assert!(
        course
            .output_file("static/highlight.css")
            .contains("prefers-color-scheme: dark")
    );
}

#[test]
fn base_url_flag_overrides_config() {
    let course = Course::fixture("nested");
    course.build_ok(&["--base-url", "https://other.example.org/"]);
    let first = course.output_file("basics/first/index.html");
    assert!(
        first.contains("href=\"../second/#the-end\""),
        "links stay relative whatever the base URL: {first}"
    );
    assert!(
        course
            .output_file("sitemap.xml")
            .contains("https://other.example.org/basics/first/")
    );
}

#[test]
fn broken_front_matter_names_file_and_line() {
    let course = Course::fixture("broken-front-matter");
    let output = course.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(errors.contains("content/02-broken.md:3:9"), "{errors}");
    assert!(
        errors.contains("`weight` must be a whole number"),
        "{errors}"
    );
    assert!(
        !course.path("output").exists(),
        "no output from a failed build"
    );
}

#[test]
fn a_link_to_a_file_that_cannot_be_read_is_not_reported_as_well() {
    let course = Course::fixture("broken-front-matter");
    course.write(
        "content/01-fine.md",
        "---\ntitle: Fine\n---\nSee [the broken one](02-broken.md) and [a missing one](03-missing.md).\n",
    );
    let errors = stderr(&course.build(&[]));
    assert!(errors.contains("content/02-broken.md:3"), "{errors}");
    assert!(
        errors.contains("03-missing.md"),
        "a truly missing page still is: {errors}"
    );
    assert!(
        !errors.contains("link to `02-broken.md`"),
        "the broken file's own error is enough: {errors}"
    );
}

#[test]
fn every_broken_file_is_reported_together() {
    let course = Course::fixture("broken-front-matter");
    course.write("content/03-also-broken.md", "---\ntitle: [unclosed\n---\n");
    course.write("content/04-bad-bytes.md", b"fine\n\xFF\xFE\n".as_slice());
    let errors = stderr(&course.build(&[]));
    assert!(errors.contains("content/02-broken.md:3"), "{errors}");
    assert!(errors.contains("content/03-also-broken.md:2"), "{errors}");
    assert!(errors.contains("content/04-bad-bytes.md:2:1"), "{errors}");
    assert!(errors.contains("invalid UTF-8 at byte 5"), "{errors}");
    assert!(errors.contains("build failed with 3 error(s)"), "{errors}");
}

#[test]
fn broken_link_is_a_located_warning() {
    let course = Course::fixture("broken-link");
    let output = course.build_ok(&[]);
    let warnings = stderr(&output);
    assert!(warnings.contains("content/page.md:6:3"), "{warnings}");
    assert!(warnings.contains("nowhere.md"), "{warnings}");
    assert!(warnings.contains("content/page.md:7:3"), "{warnings}");
    assert!(warnings.contains("#not-here"), "{warnings}");
}

#[test]
fn broken_link_fails_when_links_are_errors() {
    let course = Course::fixture("broken-link");
    course.write("course.toml", "title = \"Links\"\nlinks = \"error\"\n");
    let output = course.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("content/page.md:6:3"));
}

#[test]
fn overridden_theme_file_wins() {
    let course = Course::fixture("theme-override");
    course.write("content/two.md", "---\ntitle: Two\n---\n");
    course.build_ok(&[]);
    assert!(
        course
            .output_file("one/index.html")
            .contains("OVERRIDDEN PAGER")
    );
    assert!(
        course
            .output_file("static/print.css")
            .contains("rebeccapurple")
    );
    let style = course.output_file("static/style.css");
    assert!(
        style.contains("prefers-color-scheme: dark"),
        "other files still come from the embedded theme"
    );
}

#[test]
fn template_error_names_the_template_and_line() {
    let course = Course::fixture("theme-override");
    course.write(
        "themes/default/templates/partials/pager.html",
        "<nav>\n{% if %}\n</nav>\n",
    );
    let output = course.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.contains("themes/default/templates/partials/pager.html:2"),
        "{errors}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let course = Course::example();
    course.build_ok(&["--output", "one"]);
    course.build_ok(&["--output", "two"]);
    // Every site file; the write stage's marker records the files' times, which differ.
    let site = |dir: &str| {
        let mut files = read_tree(&course.path(dir));
        assert!(files.remove(prepress::config::MARKER).is_some());
        files
    };
    let (one, two) = (site("one"), site("two"));
    assert!(one.len() > 30, "{} files", one.len());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(bytes == &two[path], "{path} differs between builds");
    }
}

#[test]
fn built_pages_carry_no_live_reload_script() {
    let course = Course::example();
    course.build_ok(&[]);
    for (path, bytes) in read_tree(&course.path("output")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__prepress"),
            "{path} mentions the dev server"
        );
    }
}

#[test]
fn failed_build_leaves_output_untouched() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    let before = read_tree(&course.path("output"));
    let cache_before = read_tree(&course.path(".output.cache"));
    course.write("content/basics/01-first.md", "---\ntitle: [broken\n---\n");
    let output = course.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(before, read_tree(&course.path("output")));
    // The good build's cache still describes the output, which is still that build's.
    assert_eq!(cache_before, read_tree(&course.path(".output.cache")));
    let leftovers: Vec<_> = std::fs::read_dir(course.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".output"))
        .filter(|name| {
            ![".output.staging", ".output.lock", ".output.cache"].contains(&name.as_str())
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rebuilds_reuse_unchanged_files_and_drop_removed_pages() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    course.build_ok(&[]);
    std::fs::remove_file(course.path("content/notes/plain.md")).unwrap();
    course.write(
        "content/basics/02-second.md",
        "+++\ntitle = \"Second, Renamed\"\n+++\n## The End\n",
    );
    course.build_ok(&[]);
    assert!(
        !course.path("output/notes/plain").exists(),
        "a removed page is gone"
    );
    assert!(
        course
            .output_file("basics/second/index.html")
            .contains("Second, Renamed")
    );
    assert!(
        course
            .output_file("basics/first/index.html")
            .contains("Second, Renamed"),
        "neighbour's link text"
    );
    let fresh = Course::fixture("nested");
    std::fs::remove_file(fresh.path("content/notes/plain.md")).unwrap();
    fresh.write(
        "content/basics/02-second.md",
        "+++\ntitle = \"Second, Renamed\"\n+++\n## The End\n",
    );
    fresh.build_ok(&[]);
    assert_eq!(
        read_tree(&course.path("output")).keys().collect::<Vec<_>>(),
        read_tree(&fresh.path("output")).keys().collect::<Vec<_>>()
    );
    for (path, bytes) in read_tree(&fresh.path("output")) {
        if path != ".prepress-output" {
            assert!(
                bytes == read_tree(&course.path("output"))[&path],
                "{path} differs from a fresh build"
            );
        }
    }
}

#[test]
fn a_folder_prepress_did_not_make_is_never_replaced() {
    let course = Course::fixture("nested");
    course.write("site/keep.txt", "mine");
    let output = course.build(&["--output", "site"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(course.path("site/keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn odd_files_are_located_never_a_panic() {
    let course = Course::fixture("nested");
    course.write("content/notes/empty.md", "");
    course.write(
        "content/notes/only-front-matter.md",
        "---\ntitle: Only Front Matter\n---\n",
    );
    course.write("content/notes/unclosed.md", "---\ntitle: Never closed\n");
    let big = "Lorem ipsum dolor sit amet, interview practice. ".repeat(110_000);
    course.write(
        "content/notes/big.md",
        format!("---\ntitle: Big\n---\n{big}"),
    );
    course.write("content/notes/dup-a.md", "---\nslug: same\n---\n");
    course.write("content/notes/dup-b.md", "---\nslug: same\n---\n");
    let output = course.build(&[]);
    let report = stderr(&output);
    assert!(!report.contains("panicked"), "{report}");
    assert!(report.contains("content/notes/empty.md"), "{report}");
    assert!(report.contains("content/notes/unclosed.md:1:1"), "{report}");
    assert!(report.contains("never closed"), "{report}");
    assert!(
        report.contains("content/notes/dup-a.md") && report.contains("content/notes/dup-b.md"),
        "{report}"
    );
    course.write("content/notes/unclosed.md", "---\ntitle: Now closed\n---\n");
    course.write("content/notes/dup-b.md", "---\nslug: other\n---\n");
    course.build_ok(&[]);
    assert!(
        course
            .output_file("notes/only-front-matter/index.html")
            .contains("Only Front Matter")
    );
    assert!(
        course
            .path("output/notes/big/index.html")
            .metadata()
            .unwrap()
            .len()
            > 5_000_000
    );
}

#[test]
fn no_course_suggests_init() {
    let dir = tempfile::tempdir().unwrap();
    let output = prepress()
        .current_dir(dir.path())
        .arg("build")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("no course.toml"), "{message}");
    assert!(message.contains("prepress init"), "{message}");
}

#[test]
fn unknown_course_toml_key_is_located() {
    let course = Course::fixture("nested");
    course.write("course.toml", "title = \"T\"\nbase_ulr = \"/\"\n");
    let output = course.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("course.toml:2"), "{message}");
    assert!(message.contains("base_ulr"), "{message}");
}

#[test]
fn init_writes_the_example_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-course");
    prepress().arg("init").arg(&target).assert().success();
    assert!(target.join("course.toml").exists());
    let gitignore = std::fs::read_to_string(target.join(".gitignore")).unwrap();
    assert!(gitignore.contains("/output\n") && gitignore.contains("/.prepress-cache\n"));
    assert!(target.join(".github/workflows/publish.yml").is_file());
    assert!(
        target
            .join("content/principles/01-customer-obsession.md")
            .exists()
    );
    let built = prepress()
        .current_dir(&target)
        .arg("build")
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    // Everything a build leaves beside the content is ignored by git.
    for entry in std::fs::read_dir(&target).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name != ".gitignore" && name != ".github" || name == "output" {
            assert!(
                gitignore.contains(&format!("/{name}\n")),
                "{name} not in {gitignore}"
            );
        }
    }

    std::fs::write(target.join("content/_index.md"), "mine").unwrap();
    let again = prepress().arg("init").arg(&target).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(target.join("content/_index.md")).unwrap(),
        "mine"
    );
}

#[test]
fn the_publish_workflow_runs_the_commands_the_guide_gives() {
    let guide = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/content/11-publishing/01-hosts.md"
    ))
    .unwrap();
    let block = &guide[guide.find("```sh\n").expect("the commands") + 6..];
    let guide_commands: Vec<&str> = block[..block.find("```").unwrap()].lines().collect();
    let workflow = prepress::scaffold::init::PUBLISH_WORKFLOW;
    let workflow_commands: Vec<&str> = workflow
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- run: "))
        .collect();
    assert_eq!(workflow_commands, guide_commands);
    assert!(workflow.contains("path: output"), "it publishes output/");
}

#[test]
fn lecture_page_snapshot() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    insta::assert_snapshot!(course.output_file("basics/second/index.html"));
}

#[test]
fn page_size_stays_flat_as_the_course_grows() {
    // 14 sections fill the navigation window; 28 must not make a page bigger.
    let small = synthetic_course(700);
    let large = synthetic_course(1_400);
    let small_size = page_size(&small, "s0007/lecture-0025");
    let large_size = page_size(&large, "s0007/lecture-0025");
    assert!(
        large_size <= small_size + 200,
        "a lecture page grew from {small_size} to {large_size} bytes with 10x the course"
    );
}

/// A course of `lectures` lectures, 50 per section, with same-length titles.
fn synthetic_course(lectures: usize) -> Course {
    let course = Course::fixture("broken-link");
    std::fs::remove_dir_all(course.path("content")).unwrap();
    course.write("content/_index.md", "---\ntitle: Home\n---\n");
    for i in 0..lectures {
        let section = i / 50;
        if i % 50 == 0 {
            course.write(
                &format!("content/s{section:04}/_index.md"),
                format!("---\ntitle: Section {section:04}\n---\n"),
            );
        }
        course.write(
            &format!("content/s{section:04}/{i:05}-lecture-{:04}.md", i % 50),
            format!("---\ntitle: Lecture {i:05}\n---\n## Part\n\nText.\n"),
        );
    }
    course.build_ok(&[]);
    course
}

fn page_size(course: &Course, page: &str) -> usize {
    course.output_file(&format!("{page}/index.html")).len()
}

#[test]
fn hidden_and_editor_files_are_skipped() {
    let course = Course::fixture("nested");
    let broken = "---\ntitle: [never closed\n---\n";
    for name in [
        ".hidden.md",
        ".#lock.md",
        "draft.md~",
        "page.md.swp",
        "#autosave#",
    ] {
        course.write(&format!("content/basics/{name}"), broken);
    }
    course.write("content/.obsidian/config.md", broken);
    course.build_ok(&[]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let course = Course::fixture("nested");
    std::os::unix::fs::symlink("..", course.path("content/basics/loop")).unwrap();
    let output = course.build_ok(&[]);
    let report = stderr(&output);
    assert!(report.contains("content/basics/loop"), "{report}");
    assert!(report.contains("symbolic link loop"), "{report}");
}

#[test]
fn print_page_has_the_whole_course_with_unique_ids_and_inner_links() {
    let course = Course::example();
    course.build_ok(&[]);
    let print = course.output_file("print/index.html");
    assert!(!print.contains("class=\"sidebar\""), "no site chrome");
    // ` id="`: a diagram's `data-id` attributes are not ids.
    let ids: Vec<&str> = print
        .match_indices(" id=\"")
        .map(|(at, _)| {
            let rest = &print[at + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "every id is unique");
    let order = [
        "The STAR Method",
        "Building a Story Bank",
        "Leadership Principles Deep Dive",
        "A Framework for System Design Interviews",
        "Caching in Depth",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|title| {
            print
                .find(&format!("<h1 class=\"print-chapter-title\">{title}</h1>"))
                .unwrap_or_else(|| panic!("{title}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "course order: {positions:?}"
    );
    let mut inner = 0;
    for (at, _) in print.match_indices("href=\"#") {
        let rest = &print[at + 7..];
        let target = &rest[..rest.find('"').unwrap()];
        assert!(
            unique.contains(&target),
            "link to #{target} has no target on the page"
        );
        inner += 1;
    }
    assert!(
        inner > 50,
        "links between lectures point inside the page ({inner})"
    );
    assert!(
        print.contains("href=\"#behavioural-tell-me-more-follow-ups--the-three-layers-of-detail\"")
    );
}

#[test]
fn search_is_built_unless_the_course_turns_it_off() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    assert!(course.path("output/search/index.html").exists());
    let manifest = course.output_file("search-index/index.js");
    assert!(
        manifest.starts_with("prepressSearchData(\"index\",{"),
        "{manifest}"
    );
    let documents = course.output_file("search-index/docs-0.js");
    for title in ["First Lecture", "Second Lecture", "BOM and CRLF"] {
        assert!(
            documents.contains(title),
            "{title} is searchable: {documents}"
        );
    }
    assert!(
        !documents.contains("Draft Lecture"),
        "drafts are not searchable"
    );
    assert!(course.output_file("index.html").contains("site-search"));
    course.write("course.toml", "title = \"Nested Course\"\nsearch = false\n");
    course.build_ok(&[]);
    assert!(!course.path("output/search").exists());
    assert!(!course.path("output/search-index").exists());
    assert!(!course.output_file("index.html").contains("site-search"));
}

#[test]
fn print_in_course_toml_chooses_one_page_a_page_per_section_or_none() {
    let course = Course::example();
    let toml = std::fs::read_to_string(course.path("course.toml")).unwrap();
    // The example course is small: one print page unless told.
    course.build_ok(&[]);
    assert!(course.path("output/print/index.html").exists());
    assert!(!course.path("output/print/behavioural/index.html").exists());

    course.write("course.toml", format!("{toml}print = \"sections\"\n"));
    course.build_ok(&[]);
    let contents = course.output_file("print/index.html");
    assert!(
        course.path("output/print/behavioural/index.html").exists(),
        "{contents}"
    );

    course.write("course.toml", format!("{toml}print = false\n"));
    course.build_ok(&[]);
    assert!(!course.path("output/print").exists());

    course.write("course.toml", format!("{toml}print = \"pages\"\n"));
    let output = course.build(&[]);
    assert!(!output.status.success());
    let said = crate::common::stderr(&output);
    assert!(
        said.contains("course.toml") && said.contains("\"sections\", \"course\" or false"),
        "{said}"
    );
}
