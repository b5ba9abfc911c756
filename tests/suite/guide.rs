//! The user guide in `docs/` is a prepress course, and it cannot drift from the code: it
//! builds with no diagnostic and no question, its command reference names every
//! subcommand and flag clap knows and no other, and its `course.toml` and front matter
//! references name every key the code reads and no other.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::browser::{Browser, StaticServer, wait_for};
use crate::common::{copy_tree, prepress, stderr};

fn guide() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

fn reference(page: &str) -> String {
    let path = guide().join("content/13-reference").join(page);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every text in backticks in the first cell of a table row of `page`.
fn first_cells(page: &str) -> BTreeSet<String> {
    page.lines()
        .filter_map(|line| line.trim_start().strip_prefix('|'))
        .filter_map(|row| row.split('|').next())
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The guide copied into a new folder, ready to build.
fn guide_copy() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    copy_tree(&guide().join("content"), &work.path().join("content"));
    std::fs::copy(guide().join("course.toml"), work.path().join("course.toml")).unwrap();
    work
}

#[test]
fn the_guide_builds_with_no_diagnostic_and_no_question() {
    let work = guide_copy();
    let output = prepress()
        .args(["build", "--root"])
        .arg(work.path())
        .output()
        .unwrap();
    let said = stderr(&output);
    assert!(output.status.success(), "{said}");
    let last = said.lines().last().unwrap_or_default();
    assert!(
        last.contains(" 0 questions, 0 warnings"),
        "the guide builds clean: {said}"
    );
    let check = prepress()
        .args(["check", "--format", "json", "--root"])
        .arg(work.path())
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(found, serde_json::json!([]), "check finds nothing");
    for page in ["index.html", "search/index.html", "print/index.html"] {
        assert!(work.path().join("output").join(page).is_file(), "{page}");
    }
}

/// Each subcommand's path (`build`, `export questions`) and its long flags, the global
/// ones included.
fn commands() -> Vec<(String, BTreeSet<String>)> {
    fn walk(
        command: &clap::Command,
        path: &str,
        global: &BTreeSet<String>,
        out: &mut Vec<(String, BTreeSet<String>)>,
    ) {
        for sub in command.get_subcommands() {
            let name = format!("{path}{}", sub.get_name()).trim().to_string();
            let mut flags: BTreeSet<String> = sub
                .get_arguments()
                .filter_map(|arg| arg.get_long())
                .map(|long| format!("--{long}"))
                .collect();
            flags.extend(global.iter().cloned());
            if sub.get_subcommands().next().is_some() {
                walk(sub, &format!("{name} "), global, out);
            }
            out.push((name, flags));
        }
    }
    let cli = prepress::cli::definition();
    let global: BTreeSet<String> = cli
        .get_arguments()
        .filter(|arg| arg.is_global_set())
        .filter_map(|arg| arg.get_long())
        .map(|long| format!("--{long}"))
        .collect();
    assert!(global.contains("--quiet"), "{global:?}");
    let mut out = Vec::new();
    walk(&cli, "", &global, &mut out);
    out
}

#[test]
fn the_command_reference_names_every_command_and_flag_and_no_other() {
    let page = reference("01-commands.md");
    let commands = commands();
    assert!(commands.len() >= 8, "{commands:?}");
    let mut known: BTreeSet<String> = ["--help", "--version"].map(String::from).into();
    for (name, flags) in &commands {
        let top = name.split(' ').next().unwrap();
        let heading = format!("## prepress {top}");
        let section = page
            .split("\n## ")
            .find(|part| format!("## {part}").starts_with(&heading))
            .unwrap_or_else(|| panic!("no `{heading}` in the command reference"));
        for flag in flags {
            assert!(
                section.contains(&format!("`{flag}")),
                "`prepress {name}`'s `{flag}` is not in its section of the command reference"
            );
        }
        known.extend(flags.iter().cloned());
    }
    let written: BTreeSet<String> = page
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|code| {
            code.split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|word| word.starts_with("--") && word.len() > 2)
        .map(|word| {
            word.split(['=', '[', ']', ','])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let unknown: Vec<&String> = written.difference(&known).collect();
    assert!(
        unknown.is_empty(),
        "the command reference names flags prepress does not have: {unknown:?}"
    );
}

/// Every key a `course.toml` can hold, nested ones as `table.key`.
fn config_keys() -> BTreeSet<String> {
    let config =
        prepress::config::CourseConfig::parse(Path::new("course.toml"), "title = \"T\"\n").unwrap();
    let value = serde_json::to_value(&config).unwrap();
    let mut keys = BTreeSet::new();
    for (key, value) in value.as_object().unwrap() {
        // `[languages.<code>]`: a row per key a language's table takes.
        if key == "languages" {
            let language = serde_json::to_value(prepress::config::Language::default()).unwrap();
            keys.extend(
                language
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|inner| format!("languages.<code>.{inner}")),
            );
            continue;
        }
        match value.as_object().filter(|table| !table.is_empty()) {
            // A table of the author's own keys (`strings`) is one row.
            Some(table) => keys.extend(table.keys().map(|inner| format!("{key}.{inner}"))),
            None => {
                keys.insert(key.clone());
            }
        }
    }
    keys
}

#[test]
fn the_course_toml_reference_names_every_key_and_no_other() {
    let written = first_cells(&reference("02-course-toml.md"));
    let keys = config_keys();
    assert!(keys.contains("highlight.light"), "{keys:?}");
    let missing: Vec<&String> = keys.difference(&written).collect();
    let unknown: Vec<&String> = written.difference(&keys).collect();
    assert!(
        missing.is_empty(),
        "course.toml keys without a row: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "rows for keys course.toml does not have: {unknown:?}"
    );
}

#[test]
fn the_front_matter_reference_names_every_key_and_no_other() {
    let written = first_cells(&reference("03-front-matter.md"));
    let keys: BTreeSet<String> = prepress::source::front_matter::KEYS
        .iter()
        .map(|key| key.name.to_string())
        .collect();
    let missing: Vec<&String> = keys.difference(&written).collect();
    let unknown: Vec<&String> = written.difference(&keys).collect();
    assert!(
        missing.is_empty(),
        "front matter keys without a row: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "rows for keys front matter does not have: {unknown:?}"
    );
}

/// The guide's home, a chapter, search and the print page, in Chromium.
async fn read_the_guide(client: &fantoccini::Client, url: impl Fn(&str) -> String) {
    client.goto(&url("")).await.unwrap();
    wait_for(
        client,
        10,
        "the guide's home",
        "return document.title.includes('prepress') && document.querySelectorAll('main a').length > 10;",
    )
    .await;
    client.goto(&url("reference/commands/")).await.unwrap();
    wait_for(
        client,
        10,
        "the command reference",
        "return document.querySelector('main h1')?.textContent === 'Commands' && !!document.getElementById('prepress-build');",
    )
    .await;
    client.goto(&url("search/?q=staging")).await.unwrap();
    wait_for(
        client,
        10,
        "search results",
        "return document.querySelectorAll('#search-results li').length > 0;",
    )
    .await;
    client.goto(&url("print/")).await.unwrap();
    wait_for(
        client,
        10,
        "the whole guide printed",
        "return document.body.classList.contains('kind-print') && document.querySelectorAll('main h1, main h2').length > 30;",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_guide_reads_over_http_and_from_disk() {
    let work = guide_copy();
    let built = prepress()
        .args(["build", "-q", "--root"])
        .arg(work.path())
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    let output = work.path().join("output");
    let server = StaticServer::start(&output);
    let browser = Browser::start().await;
    read_the_guide(&browser.client, |path| server.url(&format!("/{path}"))).await;
    let root = format!("file://{}/", output.display());
    read_the_guide(&browser.client, |path| {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        format!("{root}{path}index.html{query}")
    })
    .await;
    browser.close().await;
}
