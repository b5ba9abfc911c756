//! Hostile input, second round: content files and pages that would write where the build
//! writes, links that lead out of the course, names Windows refuses, and files with
//! hundreds of thousands of problems. Each fails cleanly, in prepress's words, and
//! loses nothing.

use crate::common::{Course, prepress, read_tree, stderr};

/// Runs `prepress ARGS` in the course.
fn run(course: &Course, args: &[&str]) -> std::process::Output {
    prepress()
        .current_dir(course.root())
        .args(args)
        .output()
        .expect("run prepress")
}

#[test]
fn two_owners_of_one_output_path_fail_build_and_check_and_keep_the_site() {
    let clashes = [
        ("content/s/l1/index.html", "<p>mine</p>", "s/l1/index.html"),
        ("content/questions.json", "[]", "questions.json"),
        ("content/static/style.css", "body{}", "static/style.css"),
        ("content/sitemap.xml", "<urlset/>", "sitemap.xml"),
        ("content/404.html", "<p>lost</p>", "404.html"),
        (
            "content/search-index/index.js",
            "x",
            "search-index/index.js",
        ),
        ("content/s/l1", "a file", "s/l1"),
        ("content/print.md", "# Print\n", "print/index.html"),
        (
            "content/search/_index.md",
            "# Search\n",
            "search/index.html",
        ),
        (
            "content/02-q.md",
            "---\ntitle: Q\nslug: questions\n---\nText.\n",
            "questions/index.html",
        ),
        (
            "content/principles/01-zeta-thing.md",
            "# Zeta\n\nText.\n",
            "principles/zeta-thing/index.html",
        ),
    ];
    let course = Course::fixture("prep");
    course.write("content/s/01-l1.md", "---\ntitle: L1\n---\nText.\n");
    course.write(
        "content/s/03-zeta.md",
        "---\ntitle: Z\nprinciples: [Zeta Thing]\nquestions: [Why?]\n---\n",
    );
    course.build_ok(&[]);
    let before = read_tree(&course.path("output"));
    for (file, text, path) in clashes {
        course.write(file, text);
        let built = run(&course, &["build"]);
        let said = stderr(&built);
        assert_eq!(built.status.code(), Some(1), "{file}: {said}");
        assert!(said.contains("output-clash"), "{file}: {said}");
        let checked = run(&course, &["check", "--format", "json"]);
        assert_eq!(checked.status.code(), Some(1), "check, {file}");
        let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
        let clash = json
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "output-clash")
            .unwrap_or_else(|| panic!("check, {file}: {json}"));
        let message = clash["message"].as_str().unwrap();
        assert!(message.contains(&format!("`{path}`")), "{file}: {message}");
        let named = file.trim_start_matches("content/");
        assert!(
            message.contains(named) || clash["file"] == file,
            "{file} is named: {clash}"
        );
        assert_eq!(
            read_tree(&course.path("output")),
            before,
            "{file}: the site was touched"
        );
        std::fs::remove_file(course.path(file)).unwrap();
        // A folder made for the case goes with it (the fixture's own are not empty).
        let _ = std::fs::remove_dir(course.path(file).parent().unwrap());
    }
    course.build_ok(&[]);
}

#[test]
fn names_windows_refuses_are_never_made_and_are_reported() {
    let course = Course::fixture("prep");
    let notes = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for name in ["CON", "nul", "com1", "lpt9"] {
        let input = notes.path().join(format!("{name}.txt"));
        std::fs::write(&input, "Some notes worth keeping.\n").unwrap();
        inputs.push(input);
    }
    let imported = prepress()
        .current_dir(course.root())
        .arg("import")
        .args(&inputs)
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", stderr(&imported));
    let made = run(&course, &["new", "worksheet", "CON"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let mut written: Vec<String> = walkdir::WalkDir::new(course.path("content"))
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.retain(|name| name.ends_with("-page.md"));
    written.sort();
    assert_eq!(
        written,
        [
            "com1-page.md",
            "con-page.md",
            "con-page.md",
            "lpt9-page.md",
            "nul-page.md"
        ]
    );
    for name in &written {
        assert_eq!(prepress::markdown::slug::windows_refuses(name), None);
    }

    course.write("content/lessons/aux.md", "# Aux\n\nText.\n");
    course.write("content/lessons/chart.png.", "not a picture");
    let checked = run(&course, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    let mut refused: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "windows-name")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    refused.sort();
    assert_eq!(
        refused,
        ["content/lessons/aux.md", "content/lessons/chart.png."]
    );
    let built = course.build_ok(&[]);
    assert!(stderr(&built).contains("windows-name"));
    assert!(
        course.path("output/lessons/aux-page/index.html").is_file(),
        "the page's URL is safe too"
    );
}

#[test]
fn one_name_in_two_unicode_spellings_is_one_url_and_so_a_clash() {
    let course = Course::fixture("prep");
    course.write("content/lessons/Caf\u{e9}.md", "# One\n\nText.\n");
    let built = course.build_ok(&[]);
    assert!(stderr(&built).contains("built "));
    assert!(course.path("output/lessons/café/index.html").is_file());
    course.write("content/lessons/Cafe\u{301}.md", "# Two\n\nText.\n");
    let checked = run(&course, &["check", "--format", "json"]);
    assert_eq!(checked.status.code(), Some(1));
    let json = String::from_utf8_lossy(&checked.stdout);
    assert!(json.contains("duplicate-url"), "{json}");
}

#[test]
fn new_and_import_never_write_through_a_linked_folder() {
    let course = Course::fixture("prep");
    let outside = tempfile::tempdir().unwrap();
    let note = outside.path().join("note.txt");
    let target = tempfile::tempdir().unwrap();
    std::fs::write(&note, "A note.\n").unwrap();
    let link = |name: &str| {
        let path = course.path("content").join(name);
        let _ = std::fs::remove_dir_all(&path);
        std::os::unix::fs::symlink(target.path(), &path).unwrap();
    };
    link("lnk");
    let note = note.to_str().unwrap();
    let attempts: [&[&str]; 4] = [
        &["new", "lecture", "x", "--section", "lnk"],
        &["new", "lecture", "x", "--section", "lnk/deeper"],
        &["import", note, "--section", "lnk"],
        &["import", note, "--to", "content/lnk"],
    ];
    for args in attempts {
        let output = run(&course, args);
        assert!(!output.status.success(), "{args:?}");
        assert!(
            stderr(&output).contains("lnk is a symbolic link"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    link("principles");
    let output = run(&course, &["new", "principle", "Zeta"]);
    assert!(
        stderr(&output).contains("principles is a symbolic link"),
        "{}",
        stderr(&output)
    );
    link("imported");
    let output = run(&course, &["import", note]);
    assert!(
        stderr(&output).contains("imported is a symbolic link"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_dir(target.path()).unwrap().count(),
        0,
        "nothing was written outside the course"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_out_of_the_course_publish_nothing_unless_the_course_says_so() {
    let course = Course::fixture("prep");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("shadow"), "root:secret").unwrap();
    std::fs::write(elsewhere.path().join("note.md"), "# Elsewhere\n").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), course.path("content/etc")).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("shadow"),
        course.path("content/lessons/shadow.txt"),
    )
    .unwrap();
    course.write("shared/inside.md", "# Inside\n\nKept in the course.\n");
    std::os::unix::fs::symlink(course.path("shared"), course.path("content/shared")).unwrap();

    let built = course.build_ok(&[]);
    let said = stderr(&built);
    assert_eq!(said.matches("link-outside").count(), 2, "{said}");
    let site = read_tree(&course.path("output"));
    assert!(
        !site
            .keys()
            .any(|path| path.starts_with("etc") || path.contains("shadow")),
        "published from outside: {:?}",
        site.keys()
            .filter(|p| p.contains("etc") || p.contains("shadow"))
            .collect::<Vec<_>>()
    );
    assert!(
        site.contains_key("shared/inside/index.html"),
        "a link inside is followed"
    );
    let again = stderr(&course.build_ok(&[]));
    assert!(again.contains("unchanged since the last build"), "{again}");
    assert_eq!(
        again.matches("link-outside").count(),
        2,
        "the warnings again"
    );

    let server = crate::common::serve(&course).await;
    for path in ["/etc/shadow", "/lessons/shadow.txt", "/etc/note/"] {
        let response = crate::common::http::get(server.address, path).await;
        assert_eq!(response.status, 404, "{path}");
    }
    let inside = crate::common::http::get(server.address, "/shared/inside/").await;
    assert_eq!(inside.status, 200);
    server.stop().await;

    let config = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write(
        "course.toml",
        format!("{config}follow_links_outside = true\n"),
    );
    let built = course.build_ok(&[]);
    assert!(!stderr(&built).contains("link-outside"));
    assert_eq!(course.output_file("etc/shadow"), "root:secret");
    assert_eq!(course.output_file("lessons/shadow.txt"), "root:secret");
}

/// Runs `prepress ARGS` in the course, killed after `seconds`: `None` when it did not
/// finish in time. Its output is read as it comes, so a long one never blocks it.
fn run_within(course: &Course, args: &[&str], seconds: u64) -> Option<std::process::Output> {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_prepress"))
        .current_dir(course.root())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output().unwrap()));
    match receive.recv_timeout(std::time::Duration::from_secs(seconds)) {
        Ok(output) => Some(output),
        Err(_) => {
            std::process::Command::new("kill")
                .args(["-9", &pid])
                .status()
                .unwrap();
            None
        }
    }
}

#[test]
fn a_file_with_tens_of_thousands_of_problems_is_reported_in_linear_time_and_in_brief() {
    const EACH: usize = 30_000;
    let course = Course::fixture("prep");
    let mut text = String::from("# Many problems\n\n");
    for i in 0..EACH {
        text.push_str(&format!(
            "See [part {i}](#nowhere-{i}) at the cafÃ© â€” then.\n"
        ));
    }
    course.write("content/lessons/many.md", text);
    // Counted from the start of the file for each problem, this took minutes (5,000
    // took 45 s in a debug build); it takes about a second.
    let checked = run_within(&course, &["check"], 60).expect("check ended within a minute");
    let said = stderr(&checked);
    assert!(
        said.contains(&format!(
            "and {} more `broken-anchor` in content/lessons/many.md",
            EACH - 20
        )),
        "{}",
        &said[said.len().saturating_sub(2000)..]
    );
    assert!(said.contains(&format!("and {} more `mojibake`", EACH - 20)));
    assert!(
        said.lines().count() < 1_000,
        "{} lines",
        said.lines().count()
    );
    let json =
        run_within(&course, &["check", "--format", "json"], 60).expect("json within a minute");
    let all: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let count = |code: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code && d["file"] == "content/lessons/many.md")
            .count()
    };
    assert_eq!((count("broken-anchor"), count("mojibake")), (EACH, EACH));
    let last = all
        .as_array()
        .unwrap()
        .iter()
        .rfind(|d| d["code"] == "broken-anchor")
        .unwrap();
    assert_eq!(
        (last["line"].as_u64(), last["column"].as_u64()),
        (Some(EACH as u64 + 2), Some(5))
    );
    let built = run_within(&course, &["build"], 60).expect("build within a minute");
    assert!(built.status.success());
    assert!(stderr(&built).lines().count() < 1_000);
}

#[test]
fn raw_html_in_a_callout_body_passes_through_in_every_syntax_and_its_title_is_text() {
    let course = Course::fixture("prep");
    course.write(
        "content/lessons/callouts.md",
        "# Callouts\n\n\
         > [!tip] Obsidian <kbd>T</kbd>\n> Press <kbd>O</kbd>.\n\n\
         > [!NOTE]\n> Press <kbd>G</kbd>.\n\n\
         > [!tip]- Folded\n> <details><summary>More</summary>Press <kbd>F</kbd>.</details>\n\n\
         :::tip\nPress <kbd>D</kbd>.\n:::\n\n\
         !!! note\n    Press <kbd>M</kbd>.\n",
    );
    course.build_ok(&[]);
    let page = course.output_file("lessons/callouts/index.html");
    let bodies: Vec<&str> = page.split("<div class=\"callout-body\">").skip(1).collect();
    assert_eq!(bodies.len(), 5, "{page}");
    for (body, key) in bodies.iter().zip(["O", "G", "F", "D", "M"]) {
        assert!(
            body.contains(&format!("Press <kbd>{key}</kbd>")),
            "{key}: {body}"
        );
    }
    assert!(bodies[2].contains("<details><summary>More</summary>"));
    assert!(
        page.contains("Obsidian &lt;kbd&gt;T&lt;/kbd&gt;</p>"),
        "{page}"
    );
}
