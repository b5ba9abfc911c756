//! Nothing lost, nobody in: the real `prepress` binary against concurrent builds, hand
//! edits, odd output and staging paths, unreadable and linked content, a full disk,
//! hostile imports, paths that climb out, long names, NUL bytes and huge code blocks.
//! The concurrency tests run two real processes in loops bounded in count and time.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Course, prepress, read_site, read_tree, stderr};

/// A course of `lectures` lectures, each saying which `version` it is.
fn generated_course(root: &Path, lectures: usize, version: &str) {
    std::fs::create_dir_all(root.join("content/part")).unwrap();
    std::fs::write(
        root.join("course.toml"),
        "title = \"Generated\"\ndescription = \"A course made by a test.\"\nbase_url = \"https://prep.example.com/\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: Home\n---\n\nHello.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/part/_index.md"),
        "---\ntitle: Part\n---\n\nThe part.\n",
    )
    .unwrap();
    write_version(root, lectures, version);
}

fn write_version(root: &Path, lectures: usize, version: &str) {
    for n in 1..=lectures {
        let text = format!(
            "---\ntitle: Lecture {n}\n---\n\nThis is version {version} of lecture {n}.\n\n## Practice Questions\n\n- Tell me about a time you shipped lecture {n}?\n"
        );
        std::fs::write(
            root.join(format!("content/part/{n:03}-lecture-{n}.md")),
            text,
        )
        .unwrap();
    }
}

fn spawn_build(root: &Path, args: &[&str]) -> Child {
    std::process::Command::new(prepress().get_program())
        .current_dir(root)
        .arg("build")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run prepress")
}

fn finish(child: Child) {
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "a build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The output's manifest names exactly the files on disk, with their sizes.
fn assert_manifest_matches_disk(output: &Path) {
    let text = std::fs::read_to_string(output.join(prepress::config::MARKER)).unwrap();
    let manifest = prepress::site::write::parse_manifest(&text).expect("a complete manifest");
    let on_disk = read_site(output);
    assert_eq!(
        manifest.keys().collect::<Vec<_>>(),
        on_disk.keys().collect::<Vec<_>>(),
        "the manifest lists exactly the files on disk"
    );
    for (path, entry) in &manifest {
        assert_eq!(entry.len, on_disk[path].len() as u64, "{path}");
    }
}

#[test]
fn two_builds_of_one_course_at_once_leave_the_newer_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let lectures = 60;
    generated_course(root, lectures, "v0");
    let deadline = Instant::now() + Duration::from_secs(90);
    for round in 0..8u64 {
        if Instant::now() > deadline {
            break;
        }
        let older = spawn_build(root, &[]);
        std::thread::sleep(Duration::from_millis(round * 60));
        let version = format!("v{}", round + 1);
        write_version(root, lectures, &version);
        let newer = spawn_build(root, &[]);
        finish(older);
        finish(newer);
        for n in 1..=lectures {
            let page =
                std::fs::read_to_string(root.join(format!("output/part/lecture-{n}/index.html")))
                    .unwrap();
            assert!(
                page.contains(&format!("This is version {version} of lecture {n}.")),
                "round {round}: lecture {n} is not the newer version"
            );
        }
        assert_manifest_matches_disk(&root.join("output"));
    }
}

#[test]
fn two_courses_building_into_one_output_leave_one_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    generated_course(&first, 50, "first");
    generated_course(&second, 30, "second");
    std::fs::write(second.join("content/extra.md"), "# Only in the second\n").unwrap();
    finish(spawn_build(&first, &[]));
    finish(spawn_build(&second, &[]));
    let (first_site, second_site) = (
        read_site(&first.join("output")),
        read_site(&second.join("output")),
    );
    let shared = dir.path().join("shared/out");
    let shared_arg = shared.to_string_lossy().into_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    for round in 0..6 {
        if Instant::now() > deadline {
            break;
        }
        let a = spawn_build(&first, &["--output", &shared_arg]);
        let b = spawn_build(&second, &["--output", &shared_arg]);
        finish(a);
        finish(b);
        let built = read_site(&shared);
        assert!(
            built == first_site || built == second_site,
            "round {round}: the output is neither course's whole site"
        );
        assert_manifest_matches_disk(&shared);
    }
    finish(spawn_build(&first, &["--output", &shared_arg]));
    assert_eq!(read_site(&shared), first_site);
    assert!(shared.join("sitemap.xml").exists());
}

#[test]
fn a_second_build_waits_for_the_first_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    generated_course(dir.path(), 3, "v1");
    let output = dir.path().join("output");
    let held = prepress::site::write::lock(&output, |_| panic!("nobody holds it")).unwrap();
    let mut child = spawn_build(dir.path(), &[]);
    let (lines, said) = std::sync::mpsc::channel();
    let reader = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let waiting = said
        .recv_timeout(Duration::from_secs(30))
        .expect("a line on stderr");
    assert!(
        waiting.contains("waiting for another build of")
            && waiting.contains(&format!("process {}", std::process::id())),
        "{waiting}"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "it waits while the lock is held"
    );
    assert!(!output.exists(), "nothing written while waiting");
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(output.join("index.html").exists());
}

#[test]
fn hand_edits_in_the_output_are_undone_by_every_rebuild() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    course.build_ok(&[]);
    let expected = read_site(&course.path("output"));
    let page = expected
        .keys()
        .find(|path| path.ends_with("/index.html"))
        .unwrap()
        .clone();
    std::fs::write(course.path("output").join(&page), "tampered\n").unwrap();
    std::fs::remove_file(course.path("output/404.html")).unwrap();
    for build in 0..3 {
        course.build_ok(&[]);
        assert!(
            read_site(&course.path("output")) == expected,
            "build {build}"
        );
    }
}

#[test]
fn an_output_that_is_a_file_is_refused() {
    let course = Course::fixture("nested");
    course.write("notes.txt", "my notes\n");
    let output = course.build(&["--output", "notes.txt"]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.contains("notes.txt") && said.contains("is a file"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(course.path("notes.txt")).unwrap(),
        "my notes\n"
    );
    assert!(!course.path(".notes.txt.staging").exists());
    assert!(!course.path(".notes.txt.lock").exists());
}

#[test]
fn a_folder_at_the_staging_path_that_prepress_did_not_make_is_kept() {
    let course = Course::fixture("nested");
    course.write(".output.staging/mine.txt", "keep me\n");
    let output = course.build(&[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("not made by prepress"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(course.path(".output.staging/mine.txt")).unwrap(),
        "keep me\n"
    );
}

#[cfg(unix)]
#[test]
fn a_link_at_the_staging_path_is_refused() {
    let course = Course::fixture("nested");
    course.write("elsewhere/precious.txt", "x\n");
    std::os::unix::fs::symlink(course.path("elsewhere"), course.path(".output.staging")).unwrap();
    let output = course.build(&[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        read_tree(&course.path("elsewhere")).len(),
        1,
        "the link's target is untouched"
    );
}

/// Whether the tests run as root, who reads everything whatever its permissions.
#[cfg(unix)]
fn is_root() -> bool {
    // SAFETY: geteuid only reads the process's user id.
    unsafe { libc::geteuid() == 0 }
}

/// Lets an unprivileged user read and write the whole course (for tests run as root).
#[cfg(unix)]
fn open_to_everyone(course: &Course) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(course.root()).into_iter().flatten() {
        let mode = if entry.file_type().is_dir() {
            0o777
        } else {
            0o666
        };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// Runs `prepress build` where an unreadable folder or file stops it: as an unprivileged
/// user when the tests run as root.
#[cfg(unix)]
fn build_without_privileges(course: &Course, args: &[&str]) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut command = std::process::Command::new(prepress().get_program());
    command.current_dir(course.root()).arg("build").args(args);
    if is_root() {
        command.uid(65534).gid(65534);
    }
    command.output().expect("run prepress")
}

#[cfg(unix)]
#[test]
fn unreadable_folders_and_files_fail_the_build() {
    use std::os::unix::fs::PermissionsExt;
    for (what, path) in [("folder", "content/locked"), ("file", "content/locked.md")] {
        let course = Course::fixture("nested");
        if what == "folder" {
            course.write("content/locked/01-secret.md", "# Secret\n\nText.\n");
        } else {
            course.write("content/locked.md", "# Secret\n\nText.\n");
        }
        if is_root() {
            open_to_everyone(&course);
        }
        let output = build_without_privileges(&course, &[]);
        assert!(
            output.status.success(),
            "readable, it builds: {}",
            stderr(&output)
        );
        std::fs::set_permissions(course.path(path), std::fs::Permissions::from_mode(0o000))
            .unwrap();
        let before = read_site(&course.path("output"));
        for quiet in [false, true] {
            let args: &[&str] = if quiet { &["--quiet"] } else { &[] };
            let output = build_without_privileges(&course, args);
            let said = stderr(&output);
            assert!(!output.status.success(), "{what}, quiet {quiet}: {said}");
            assert!(
                said.contains(path) && said.contains("cannot read"),
                "{what}: {said}"
            );
        }
        assert!(
            read_site(&course.path("output")) == before,
            "the output is as it was"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_cleanly_and_leaves_no_staging_behind() {
    use std::os::unix::process::CommandExt;
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    let before = read_site(&course.path("output"));
    course.write(
        "content/big.md",
        format!("# Big\n\n{}\n", "A long paragraph of words. ".repeat(4000)),
    );
    let mut command = std::process::Command::new(prepress().get_program());
    command.current_dir(course.root()).arg("build");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            // No file may grow past 64 KiB: the disk is "full" for the big page.
            let limit = libc::rlimit {
                rlim_cur: 64 * 1024,
                rlim_max: 64 * 1024,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let output = command.output().unwrap();
    let said = stderr(&output);
    assert!(!output.status.success(), "{said}");
    assert!(said.contains("cannot write the site"), "{said}");
    assert!(
        read_site(&course.path("output")) == before,
        "the output is as it was"
    );
    assert!(
        !course.path(".output.staging").exists(),
        "staging was removed"
    );
}

#[cfg(unix)]
#[test]
fn content_linked_to_the_course_folder_never_reads_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("course.toml"),
        "title = \"Flat\"\ndescription = \"Notes in the course folder itself.\"\nbase_url = \"https://prep.example.com/\"\n",
    )
    .unwrap();
    std::fs::write(root.join("_index.md"), "---\ntitle: Home\n---\n\nHello.\n").unwrap();
    std::fs::write(root.join("notes.md"), "# Notes\n\nSome notes.\n").unwrap();
    std::os::unix::fs::symlink(".", root.join("content")).unwrap();
    let mut counts = Vec::new();
    for _ in 0..3 {
        let output = prepress().current_dir(root).arg("build").output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            !root.join("output/output").exists(),
            "the output was read as content"
        );
        counts.push(read_site(&root.join("output")).len());
    }
    assert!(counts.windows(2).all(|w| w[0] == w[1]), "{counts:?}");
}

#[test]
fn a_nul_byte_becomes_a_replacement_character_with_a_warning() {
    let course = Course::fixture("nested");
    course.write("content/nul-byte.md", "# Nul\n\nBefore\0after.\n");
    let output = course.build_ok(&[]);
    let said = stderr(&output);
    assert!(
        said.contains("content/nul-byte.md:3") && said.contains("NUL"),
        "{said}"
    );
    let page = std::fs::read(course.path("output/nul-byte/index.html")).unwrap();
    assert!(!page.contains(&0), "no NUL in the page");
    assert!(
        String::from_utf8(page)
            .unwrap()
            .contains("Before\u{FFFD}after.")
    );
}

#[test]
fn a_huge_code_block_is_shown_plain_with_a_warning() {
    let course = Course::fixture("nested");
    let code = "let x = vec![1, 2, 3]; // <tag>\n".repeat(20_000);
    course.write(
        "content/huge.md",
        format!("# Huge\n\nText.\n\n```rust\n{code}```\n"),
    );
    let started = Instant::now();
    let output = course.build_ok(&[]);
    assert!(started.elapsed() < Duration::from_secs(30));
    let said = stderr(&output);
    assert!(
        said.contains("content/huge.md:5") && said.contains("too large to highlight"),
        "{said}"
    );
    let page = course.output_file("huge/index.html");
    assert!(page.contains("// &lt;tag&gt;"), "escaped, unhighlighted");
}

/// Text copied from a web page, saved as a plain-text file.
const COPIED_TEXT: &str = "Interview Notes\n\nPART 1: <img src=x onerror=alert(1)>\n\nSome prose about <b>things</b> to prepare.\n\nExample questions:\n- Tell me about a time <img src=y onerror=alert(2)>?\n<script>alert(3)</script>\n";

#[test]
fn imported_plain_text_never_runs_as_html_on_its_page_or_the_print_page() {
    let course = Course::fixture("nested");
    course.write("copied.txt", COPIED_TEXT);
    let output = prepress()
        .current_dir(course.root())
        .args(["import", "copied.txt"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    course.build_ok(&[]);
    for page in ["imported/interview-notes/index.html", "print/index.html"] {
        let html = course.output_file(page);
        for live in ["<img src=x", "<img src=y", "<script>alert", "<b>things"] {
            assert!(!html.contains(live), "{page} has live `{live}`");
        }
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{page} shows it as text"
        );
    }
}

#[test]
fn imported_markdown_reports_the_raw_html_it_keeps_or_drops_it() {
    let course = Course::fixture("nested");
    course.write(
        "page.md",
        "---\ntitle: Raw\n---\n\nText <img src=x onerror=alert(1)> here.\n",
    );
    let output = prepress()
        .current_dir(course.root())
        .args(["import", "page.md"])
        .output()
        .unwrap();
    let said = stderr(&output);
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("content/imported/raw.md:") && said.contains("raw HTML"),
        "{said}"
    );
    let output = prepress()
        .current_dir(course.root())
        .args(["import", "--strip-html", "page.md"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stripped = std::fs::read_to_string(course.path("content/imported/raw-2.md")).unwrap();
    assert!(!stripped.contains("<img"), "{stripped}");
}

#[cfg(unix)]
#[test]
fn import_force_never_writes_through_a_link() {
    let course = Course::fixture("nested");
    course.write("outside.md", "precious\n");
    course.write("notes.txt", "Notes\n\nSome text.\n");
    std::fs::create_dir_all(course.path("content/imported")).unwrap();
    std::os::unix::fs::symlink(
        course.path("outside.md"),
        course.path("content/imported/notes.md"),
    )
    .unwrap();
    let output = prepress()
        .current_dir(course.root())
        .args(["import", "--force", "notes.txt"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(course.path("outside.md")).unwrap(),
        "precious\n"
    );
}

#[test]
fn import_into_a_built_site_is_refused() {
    let course = Course::fixture("nested");
    course.build_ok(&[]);
    course.build_ok(&[]);
    course.write("notes.txt", "Notes\n\nSome text.\n");
    for target in ["output", "output/deeper", ".output.staging", "fresh-output"] {
        if target == "fresh-output" {
            // Not built yet, but where the default output goes.
            std::fs::remove_dir_all(course.path("output")).unwrap();
        }
        let to = if target == "fresh-output" {
            "output"
        } else {
            target
        };
        let output = prepress()
            .current_dir(course.root())
            .args(["import", "--to", to, "notes.txt"])
            .output()
            .unwrap();
        assert!(!output.status.success(), "{target}");
        assert!(
            stderr(&output).contains("inside a built site"),
            "{}",
            stderr(&output)
        );
        assert!(!course.path(to).join("notes.md").exists(), "{target}");
    }
}

#[test]
fn new_refuses_sections_outside_content() {
    let course = Course::fixture("nested");
    let before = read_tree(course.root());
    let absolute = course.path("elsewhere").to_string_lossy().into_owned();
    for section in ["../../x", "../x", absolute.as_str()] {
        let output = prepress()
            .current_dir(course.root())
            .args(["new", "lecture", "Escape", "--section", section])
            .output()
            .unwrap();
        assert!(!output.status.success(), "{section}");
        assert!(
            stderr(&output).contains("inside content/"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(read_tree(course.root()), before, "nothing was written");
    assert!(!course.path("elsewhere").exists());
}

#[test]
fn long_titles_make_short_unique_file_names() {
    let course = Course::fixture("nested");
    let latin = "Tell me about the time ".repeat(14);
    let cjk = "请描述一次你克服困难的经历".repeat(8);
    for title in [&latin, &cjk] {
        let output = prepress()
            .current_dir(course.root())
            .args(["new", "story", title])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let stories: Vec<_> = std::fs::read_dir(course.path("content/stories"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(stories.len(), 2, "{stories:?}");
    assert!(stories.iter().all(|name| name.len() <= 255));
    course.write("long.txt", format!("{latin}\n\nSome text.\n"));
    for _ in 0..2 {
        let output = prepress()
            .current_dir(course.root())
            .args(["import", "long.txt"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let imported: Vec<_> = std::fs::read_dir(course.path("content/imported"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(imported.len(), 2, "two names: {imported:?}");
    assert!(imported.iter().all(|name| name.len() <= 255));
    course.build_ok(&[]);
}

/// Pages a test build renders and writes together: far fewer than the 1,000 of a real
/// build, so a small course reaches the disk in several batches.
const TEST_BATCH: usize = 20;

/// More lectures than two batches hold: the last one is rendered in the third batch.
const LECTURES: usize = 50;

/// `build` (as the command line runs it) in this process, writing [`TEST_BATCH`] pages at
/// a time.
fn build_in_batches(root: &Path) -> Result<prepress::pipeline::Built, String> {
    let options = prepress::pipeline::BuildOptions {
        root: root.to_path_buf(),
        write_batch: Some(TEST_BATCH),
        ..Default::default()
    };
    prepress::pipeline::build(&options).map_err(|error| format!("{error:?}"))
}

#[test]
fn a_site_written_in_batches_is_the_site_a_build_holds_in_memory() {
    let course = Course::fixture("nested");
    let root = course.root().join("generated");
    generated_course(&root, LECTURES, "one");
    let output = root.join("output");
    build_in_batches(&root).unwrap();
    // A rebuild over it with fewer lectures and new words: kept, rewritten and stale files.
    for n in 41..=LECTURES {
        std::fs::remove_file(root.join(format!("content/part/{n:03}-lecture-{n}.md"))).unwrap();
    }
    write_version(&root, 20, "two");
    build_in_batches(&root).unwrap();
    build_in_batches(&root).unwrap();
    let options = prepress::pipeline::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let in_memory = prepress::pipeline::build_in_memory(&options).unwrap().files;
    let on_disk = read_site(&output);
    assert_eq!(
        on_disk.keys().collect::<Vec<_>>(),
        in_memory.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &in_memory {
        assert!(on_disk[path] == *bytes, "{path} differs");
    }
    assert!(on_disk.contains_key("part/lecture-40/index.html"));
    assert!(!on_disk.contains_key("part/lecture-41/index.html"));
    assert_manifest_matches_disk(&output);
}

#[test]
fn a_template_error_in_a_later_batch_leaves_the_output_as_it_was() {
    let course = Course::fixture("nested");
    let root = course.root().join("generated");
    generated_course(&root, LECTURES, "one");
    build_in_batches(&root).unwrap();
    let before = read_site(&root.join("output"));
    // The last lecture, rendered in the last batch, breaks its template.
    let theme = root.join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    let lecture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/lecture.html"),
    )
    .unwrap();
    std::fs::write(
        theme.join("lecture.html"),
        lecture.replace(
            "{% block content %}",
            &format!("{{% block content %}}{{% if page.title == \"Lecture {LECTURES}\" %}}{{{{ page.missing.field }}}}{{% endif %}}"),
        ),
    )
    .unwrap();
    write_version(&root, LECTURES, "two");
    let error = build_in_batches(&root).unwrap_err();
    assert!(error.contains("lecture.html"), "{error}");
    assert_eq!(
        read_site(&root.join("output")),
        before,
        "the output is as it was"
    );
    assert!(
        !root.join(".output.staging").exists(),
        "the half-written staging folder is gone"
    );
}
