//! Math drawn at build time: `$…$`, `$$…$$` and ```` ```math ```` blocks become MathML in
//! the page, anywhere Markdown goes; invalid LaTeX is a located error. Markup written
//! into a formula stays text in headless Chromium, whatever command carries it, in a
//! page, a question's answer, an imported file and the print page.

use std::fmt::Write as _;

use fantoccini::Client;
use serde_json::Value;

use crate::common::browser::{Browser, StaticServer, wait_for};
use crate::common::{Course, prepress, read_tree, stderr};

#[test]
fn formulas_become_mathml_wherever_markdown_goes() {
    let course = Course::fixture("math");
    course.build_ok(&[]);
    let page = course.output_file("notes/complexity/index.html");
    assert_eq!(
        page.matches("<math display=\"block\"").count(),
        2,
        "$$ and ```math"
    );
    assert!(page.contains("<mfrac>"), "the fraction");
    assert!(page.contains("<mtable"), "the matrix");
    assert!(
        page.contains("A price of $5 and $10 stays text."),
        "dollars in prose"
    );
    assert!(
        page.contains("<code>$x$</code>"),
        "math-looking code stays code"
    );
    let table = &page[page.find("<table>").unwrap()..page.find("</table>").unwrap()];
    assert_eq!(table.matches("<math").count(), 2, "in a table: {table}");
    let callout = &page[page.find("callout-tip").unwrap()..];
    assert!(
        callout[..callout.find("</div>\n</div>").unwrap()].contains("<math"),
        "in a callout"
    );
    assert!(
        !page.contains("$$") && !page.contains("\\frac"),
        "no LaTeX left"
    );

    let bank = course.output_file("questions/index.html");
    let question = &bank[bank.find("Why is binary search").unwrap()..];
    assert!(
        question.starts_with("Why is binary search $O(\\log n)$?"),
        "the formula kept as source"
    );

    let search = read_tree(&course.path("output/search-index"));
    let text: String = search
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(
        text.contains("\\\\sum_{i=1}^{n}") || text.contains("\\sum_{i=1}^{n}"),
        "the index has the source"
    );
    assert!(!text.contains("<mfrac>"), "not the MathML");
}

#[test]
fn invalid_latex_fails_the_build_at_its_line_and_keeps_the_site() {
    let course = Course::fixture("math");
    course.build_ok(&[]);
    let before = read_tree(&course.path("output"));
    course.write(
        "content/notes/broken.md",
        "# Broken\n\nFine so far.\n\nThen $\\notacommand{x}$ goes wrong.\n",
    );
    let output = prepress()
        .arg("build")
        .arg("--root")
        .arg(course.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log = stderr(&output);
    assert!(
        log.contains("content/notes/broken.md:5:6: invalid LaTeX"),
        "{log}"
    );
    assert_eq!(
        read_tree(&course.path("output")),
        before,
        "the previous site is untouched"
    );
    let check = prepress()
        .arg("check")
        .arg("--root")
        .arg(course.root())
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn two_builds_draw_the_same_bytes() {
    let course = Course::fixture("math");
    course.build_ok(&[]);
    let first = course.output_file("notes/complexity/index.html");
    std::fs::remove_dir_all(course.path("output")).unwrap();
    course.build_ok(&[]);
    assert_eq!(course.output_file("notes/complexity/index.html"), first);
}

/// Markup that runs script when it reaches a page as markup: an image that fails to load,
/// and an SVG that loads. Without `_`, a subscript in LaTeX: most formulas would not read.
const IMG: &str = r#"<img src=x onerror="window.pwned=1">"#;
const SVG: &str = "<svg/onload=window.pwned=1>";

/// The elements a formula may hold, as the page's DOM names them.
const MATHML: [&str; 26] = [
    "annotation",
    "math",
    "menclose",
    "merror",
    "mfrac",
    "mi",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mroot",
    "mrow",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "semantics",
];

/// Formulas for what takes more than one plain argument (colours, sizes, delimiters,
/// macros), `IMG` and `SVG` standing for the payloads.
const WRITTEN: [&str; 16] = [
    r"\left( IMG \right)",
    r"\left( \operatorname{IMG} \middle| SVG \right)",
    r"\big( IMG \Bigg)",
    r"\color{red}{\operatorname{IMG}}",
    r"\textcolor{red}{IMG}",
    r"\colorbox{red}{IMG}",
    r"\fcolorbox{red}{blue}{IMG}",
    r"\hspace{1em} \operatorname{IMG} \kern1em SVG",
    r"\genfrac(){0pt}{0}{IMG}{\mathop{SVG}}",
    r"\def\f{\operatorname{IMG}}\f",
    r"\newcommand{\f}[1]{\mathop{#1}}\f{SVG}",
    r"\let\f\operatorname \f{IMG}",
    r"\begingroup \operatorname{IMG} \endgroup",
    r"\operatorname{IMG}_{\mathop{SVG}}^{\operatorname{IMG}}",
    r"\sqrt[\operatorname{IMG}]{\mathop{SVG}}",
    r"\frac{\operatorname{</math><script>window.pwned=1</script>}}{\mathop{<mi onclick=window.pwned=1>}}",
];

/// The control sequences pulldown-latex 0.8.0 knows, one a line without the backslash
/// (`commands.txt`), and its environments (`environments.txt`). Made from its source:
/// the string patterns of the outer `match` of `handle_primitive` in
/// `src/parser/primitives.rs` (the arms indented 12 spaces, outside the `"begin"` arm),
/// the keys of `control_sequence_delimiter_map` in `src/parser/tables.rs`, and the
/// environment names matched in the `"begin"` arm; Rust escapes undone, sorted, without
/// repeats. Control space (`\ `, matched by a guard, not a name) is left out.
fn names(list: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/math-payloads")
        .join(list);
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines().map(str::to_string).collect()
}

/// Each command and environment with the payloads as its arguments, in every form it
/// may take them, and the written formulas: (what carries the payload, the LaTeX).
fn payload_formulas() -> Vec<(String, String)> {
    let payloads = |form: &str| form.replace("IMG", IMG).replace("SVG", SVG);
    let mut formulas = Vec::new();
    for command in names("commands.txt") {
        for form in [r"\CMD{IMG}", r"\CMD SVG", r"\CMD{IMG}{SVG}"] {
            formulas.push((command.clone(), payloads(&form.replace("CMD", &command))));
        }
    }
    for environment in names("environments.txt") {
        for form in [
            r"\begin{ENV}IMG\end{ENV}",
            r"\begin{ENV}{c}IMG\end{ENV}",
            r"\begin{ENV}{1}\operatorname{IMG}\end{ENV}",
        ] {
            let latex = payloads(&form.replace("ENV", &environment));
            formulas.push((format!("begin{{{environment}}}"), latex));
        }
    }
    for form in WRITTEN {
        formulas.push((form.to_string(), payloads(form)));
    }
    formulas
}

/// The formulas prepress accepts, inline and displayed: the others would stop the build.
fn accepted(formulas: Vec<(String, String)>) -> Vec<(String, String)> {
    use prepress::markdown::math::check;
    formulas
        .into_iter()
        .filter(|(_, latex)| check(latex, false).is_ok() && check(latex, true).is_ok())
        .collect()
}

/// What a page did with its formulas: its `<math>` elements, the names of elements under
/// them that are not MathML's, and what the payloads and the control set.
#[derive(Debug)]
struct Seen {
    formulas: u64,
    strangers: Vec<String>,
    pwned: Value,
    control: Value,
}

/// Opens a page, waits until it has loaded (every image loaded or failed), and looks.
async fn look(client: &Client, url: &str) -> Seen {
    client.goto(url).await.unwrap();
    wait_for(
        client,
        60,
        &format!("{url} loaded"),
        "return document.readyState === 'complete';",
    )
    .await;
    let script = "const allowed = new Set(arguments[0]);
        const strangers = [...document.querySelectorAll('math *')]
            .map(element => element.localName)
            .filter(name => !allowed.has(name));
        return {
            formulas: document.querySelectorAll('math').length,
            strangers: [...new Set(strangers)],
            pwned: window.pwned === undefined ? null : window.pwned,
            control: window.control === undefined ? null : window.control,
        };";
    let seen = client
        .execute(script, vec![serde_json::json!(MATHML)])
        .await
        .unwrap();
    Seen {
        formulas: seen["formulas"].as_u64().unwrap(),
        strangers: serde_json::from_value(seen["strangers"].clone()).unwrap(),
        pwned: seen["pwned"].clone(),
        control: seen["control"].clone(),
    }
}

/// Fails unless the page drew formulas, none carried an element out of MathML, and no
/// payload ran.
fn assert_inert(seen: &Seen, page: &str) {
    assert!(seen.formulas > 0, "{page} has formulas: {seen:?}");
    assert!(
        seen.strangers.is_empty() && seen.pwned.is_null(),
        "{page}: elements in MathML that are not MathML's: {:?}; what a payload set: {}",
        seen.strangers,
        seen.pwned
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_command_carries_markup_into_the_page() {
    let formulas = accepted(payload_formulas());
    let carriers: std::collections::BTreeSet<&str> =
        formulas.iter().map(|(name, _)| name.as_str()).collect();
    let commands = names("commands.txt");
    let kept = commands
        .iter()
        .filter(|name| carriers.contains(name.as_str()))
        .count();
    assert!(
        kept * 10 >= commands.len() * 9,
        "only {kept} of {} commands take a payload",
        commands.len()
    );
    for command in ["operatorname", "mathop", "frac", "text", "mathrm", "sqrt"] {
        assert!(carriers.contains(command), "\\{command} is tried");
    }
    assert!(
        WRITTEN.iter().all(|written| carriers.contains(written)),
        "every written formula reads"
    );

    let course = Course::fixture("math-payloads");
    // A control: markup the author wrote runs, so the page would show a payload that ran.
    let control = "<img src=x onerror=\"window.control=1\">\n\n";
    let mut inline = format!("# Inline\n\n{control}");
    let mut display = format!("# Display\n\n{control}");
    for (_, latex) in &formulas {
        writeln!(inline, "Formula ${latex}$ here.\n").unwrap();
        writeln!(display, "```math\n{latex}\n```\n").unwrap();
    }
    course.write("content/commands/inline.md", inline);
    course.write("content/commands/display.md", display);
    course.build_ok(&[]);

    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    for page in ["/commands/inline/", "/commands/display/"] {
        let seen = look(&browser.client, &server.url(page)).await;
        assert_eq!(seen.control, 1, "{page}: the control ran");
        assert_inert(&seen, page);
        assert_eq!(
            seen.formulas as usize,
            formulas.len(),
            "{page}: every formula drawn"
        );
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_a_question_answer_stays_text_in_the_bank() {
    let course = Course::fixture("math-payloads");
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    let seen = look(&browser.client, &server.url("/questions/")).await;
    assert_inert(&seen, "/questions/");
    assert_eq!(seen.formulas, 2, "the answer's two formulas");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_an_imported_formula_stays_text_in_the_page_and_in_print() {
    let course = Course::fixture("math-payloads");
    let import = prepress()
        .current_dir(course.root())
        .arg("import")
        .arg("note.txt")
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    let imported = std::fs::read_to_string(course.path("content/imported/formulas.md")).unwrap();
    assert!(imported.contains("Math $\\operatorname{"), "{imported}");
    course.build_ok(&[]);
    let server = StaticServer::start(&course.path("output"));
    let browser = Browser::start().await;
    for page in ["/imported/formulas/", "/print/"] {
        let seen = look(&browser.client, &server.url(page)).await;
        assert_inert(&seen, page);
    }
    browser.close().await;
}
