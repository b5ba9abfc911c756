//! The theme's stemmers (`themes/default/static/stem-<language>.js`, which stem a search
//! query) give the same stem as the build's (rust-stemmers, which stems the index), word
//! by word, for every word of `tests/fixtures/stemmers/<language>.txt`. Run with Node.js,
//! which `tests/setup` installs with npm.

use std::path::Path;
use std::process::Command;

/// The stems the script at `script` gives for `words`, one per line, through Node.
fn stems_in_javascript(script: &Path, words: &[&str]) -> Vec<String> {
    let runner = r#"
const fs = require("fs");
const vm = require("vm");
const [script, list] = process.argv.slice(2);
const context = { window: {} };
context.globalThis = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(script, "utf8"), context);
const stem = context.window.prepressStem;
if (typeof stem !== "function") throw new Error("the script sets no window.prepressStem");
const words = fs.readFileSync(list, "utf8").split("\n").filter((w) => w.length > 0);
process.stdout.write(words.map((w) => stem(w)).join("\n") + "\n");
"#;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("words.txt");
    std::fs::write(&list, words.join("\n")).unwrap();
    let runner_path = dir.path().join("run.js");
    std::fs::write(&runner_path, runner).unwrap();
    let output = Command::new("node")
        .arg(&runner_path)
        .arg(script)
        .arg(&list)
        .output()
        .expect("Node.js (tests/setup installs it with npm)");
    assert!(
        output.status.success(),
        "{}: {}",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn each_theme_stemmer_stems_as_the_index_does() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut compared = 0;
    for language in prepress::markdown::stem::languages() {
        let script = repo.join(format!("themes/default/static/stem-{language}.js"));
        let list = repo.join(format!("tests/fixtures/stemmers/{language}.txt"));
        assert!(script.is_file(), "no stemmer script for `{language}`");
        let text =
            std::fs::read_to_string(&list).unwrap_or_else(|e| panic!("{}: {e}", list.display()));
        // One word a line, lower case, as the search splits them.
        let words: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
            .collect();
        assert!(words.len() >= 200, "{language}: only {} words", words.len());
        let stemmer = prepress::markdown::stem::stemmer(language).unwrap();
        let expected: Vec<String> = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();
        let got = stems_in_javascript(&script, &words);
        assert_eq!(got.len(), words.len(), "{language}: one stem a word");
        let wrong: Vec<String> = words
            .iter()
            .zip(expected.iter().zip(&got))
            .filter(|(_, (e, g))| e != g)
            .map(|(w, (e, g))| format!("{w}: index {e}, query {g}"))
            .collect();
        assert!(
            wrong.is_empty(),
            "{language}: {} of {} words stem apart:\n{}",
            wrong.len(),
            words.len(),
            wrong.join("\n")
        );
        // The words change: a stemmer that gave words back whole would pass otherwise.
        let changed = words.iter().zip(&expected).filter(|(w, e)| *w != e).count();
        assert!(
            changed * 3 >= words.len(),
            "{language}: only {changed} words change"
        );
        compared += words.len();
    }
    assert!(compared > 0);
}
