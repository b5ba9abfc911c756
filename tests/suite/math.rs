//! Math drawn at build time: `$…$`, `$$…$$` and ```` ```math ```` blocks become MathML in
//! the page, anywhere Markdown goes; invalid LaTeX is a located error.

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
