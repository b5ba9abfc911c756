//! Mermaid diagrams drawn at build time: every ```` ```mermaid ```` block becomes inline
//! SVG, light and dark, named for assistive technology; a broken one is a located error
//! in `build`, `check` and `serve`.

use crate::common::{Course, prepress, read_tree, stderr};
use prepress::pipeline::BuildOptions;
use prepress::serve::live::LiveSite;

const PAGE: &str = "design/diagrams/index.html";

#[test]
fn every_kind_of_diagram_becomes_svg() {
    let course = Course::fixture("diagrams");
    course.build_ok(&[]);
    let page = course.output_file(PAGE);
    let figures = page
        .matches("<figure class=\"diagram\" role=\"img\"")
        .count();
    assert_eq!(figures, 9, "eight kinds and one in a callout");
    for kind in [
        "flowchart",
        "sequence",
        "classDiagram",
        "stateDiagram",
        "er",
        "gantt",
        "mindmap",
        "pie",
    ] {
        assert!(
            page.contains(&format!("aria-roledescription=\"{kind}")),
            "{kind} is drawn"
        );
    }
    // One drawing each, with the dark theme's stylesheet for dark screens.
    assert_eq!(page.matches("role=\"img\" aria-label=").count(), 9);
    assert_eq!(
        page.matches("<style>@media screen and (prefers-color-scheme: dark){#diagram-")
            .count(),
        9
    );
    // The labels are there as text, not left in a code block.
    assert!(page.contains("Load balancer") && page.contains("Tell me about a conflict"));
    assert!(
        !page.contains("language-mermaid"),
        "no diagram left as code"
    );
    assert!(
        page.contains("aria-label=\"How a request reaches the database\""),
        "accTitle names the figure"
    );
    assert!(
        page.contains("aria-label=\"Sequence diagram: "),
        "a diagram without accTitle gets a derived name"
    );
    let callout = &page[page.find("callout-tip").unwrap()..];
    assert!(
        callout[..callout
            .find("</details>")
            .or(callout.find("</div>\n</div>"))
            .unwrap()]
            .contains("<figure class=\"diagram\""),
        "in a callout"
    );
    assert!(
        page.contains("<code class=\"language-text\">flowchart TD"),
        "a text block that looks like a diagram stays code"
    );

    // No id is used twice on the page.
    let mut ids: Vec<&str> = page
        .match_indices(" id=\"")
        .map(|(at, found)| {
            let rest = &page[at + found.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "every id is unique");

    // The search index has the page's prose, not the diagram's source.
    let search = read_tree(&course.path("output/search-index"));
    let text: String = search
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(text.contains("Code that only looks like a diagram"));
    assert!(!text.contains("sequenceDiagram"), "no diagram source");
    assert!(!text.contains("<svg"), "no SVG");

    // The print page has them too, with ids of its own.
    let print = course.output_file("print/index.html");
    assert_eq!(print.matches("<figure class=\"diagram\"").count(), 9);
}

#[test]
fn two_builds_draw_the_same_bytes() {
    let course = Course::fixture("diagrams");
    course.build_ok(&[]);
    let first = course.output_file(PAGE);
    std::fs::remove_dir_all(course.path("output")).unwrap();
    course.build_ok(&[]);
    assert!(course.output_file(PAGE) == first, "byte-identical");
}

#[test]
fn hostile_labels_and_directives_stay_harmless() {
    let course = Course::fixture("diagrams");
    course.write(
        "content/design/hostile.md",
        "# Hostile\n\n```mermaid\n%%{init: {\"securityLevel\": \"loose\"}}%%\nflowchart TD\n  A[\"<img src=x onerror=alert(1)>\"] --> B[\"<script>alert(2)</script>\"]\n  B --> C[\"<a href='javascript:alert(3)'>x</a>\"]\n  click A \"javascript:alert(4)\"\n```\n",
    );
    course.build_ok(&[]);
    let page = course.output_file("design/hostile/index.html");
    let figure = &page[page.find("<figure").unwrap()..page.find("</figure>").unwrap()];
    for bad in ["onerror", "<script", "javascript:"] {
        assert!(!figure.contains(bad), "{bad} in {figure}");
    }
}

#[test]
fn a_broken_diagram_fails_the_build_at_its_line_and_keeps_the_site() {
    let course = Course::fixture("diagrams");
    course.build_ok(&[]);
    let before = read_tree(&course.path("output"));
    let broken = "# Broken\n\nFine so far.\n\n```mermaid\nflowchart TD\n  A[Ask] --> B{Clear?\n  B --> C\n```\n";
    course.write("content/design/broken.md", broken);
    let output = prepress()
        .arg("build")
        .arg("--root")
        .arg(course.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log = stderr(&output);
    assert!(
        log.contains("content/design/broken.md:7:15: the Mermaid diagram does not parse"),
        "at the line inside the diagram: {log}"
    );
    assert!(!log.contains("panicked"), "{log}");
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
    assert!(stderr(&check).contains("broken.md:7"));

    // serve keeps the last good page and reports the error until it is fixed.
    std::fs::remove_file(course.path("content/design/broken.md")).unwrap();
    let options = BuildOptions {
        root: course.root().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut site = LiveSite::open(options).unwrap();
    let good = site.files.clone();
    course.write(
        "content/design/diagrams.md",
        std::fs::read_to_string(course.path("content/design/diagrams.md"))
            .unwrap()
            .replacen(
                "Client --> LB[Load balancer]",
                "Client --> LB{Load balancer",
                1,
            ),
    );
    site.apply(
        &[course.path("content/design/diagrams.md")],
        &mut |_, _, _| {},
    );
    assert_eq!(site.errors.len(), 1, "{:?}", site.errors);
    assert_eq!(site.errors[0].line, 11, "{:?}", site.errors[0]);
    assert!(site.files == good, "the last good site is kept");
}

#[test]
fn drawings_are_kept_between_builds_and_pruned() {
    let course = Course::fixture("diagrams");
    course.build_ok(&[]);
    let cache = course.path(".prepress-cache/diagrams");
    let files = || {
        let mut names: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        names.sort();
        names
    };
    assert_eq!(files().len(), 9, "one drawing per diagram");

    // The next build takes the drawing from the cache: its file is read, not drawn again.
    let flowchart = files()
        .into_iter()
        .find(|path| {
            std::fs::read_to_string(path)
                .unwrap()
                .contains("Load balancer")
        })
        .unwrap();
    let kept = std::fs::read_to_string(&flowchart).unwrap();
    let written = || std::fs::metadata(&flowchart).unwrap().modified().unwrap();
    let first = written();
    // Without its record, the build cache cannot leave the unchanged course's output as
    // it was: the pages are rendered again, with the drawings from their cache.
    let forget_the_build = || std::fs::remove_dir_all(course.path(".output.cache")).unwrap();
    forget_the_build();
    course.build_ok(&[]);
    assert_eq!(written(), first, "the drawing was taken from its file");

    // A mark put in a drawing is damage: it is drawn again, and the build says so.
    let marked = kept.replace("Load balancer</", "Balancer from the cache</");
    assert_ne!(marked, kept);
    std::fs::write(&flowchart, &marked).unwrap();
    forget_the_build();
    let said = stderr(&course.build_ok(&[]));
    assert!(said.contains("damaged"), "{said}");
    assert!(!course.output_file(PAGE).contains("Balancer from the cache"));
    assert_eq!(std::fs::read_to_string(&flowchart).unwrap(), kept);

    // A drawing whose source does not match its file is drawn again.
    std::fs::write(
        &flowchart,
        kept.replace("LB[Load balancer]", "LB[Something else]"),
    )
    .unwrap();
    forget_the_build();
    course.build_ok(&[]);
    assert_eq!(std::fs::read_to_string(&flowchart).unwrap(), kept);

    // An edited diagram's old drawing is removed by the next build of every page. A
    // build after an edit renders some pages only, so it cannot tell which drawings the
    // others use: it keeps them all.
    let page = std::fs::read_to_string(course.path("content/design/diagrams.md")).unwrap();
    course.write(
        "content/design/diagrams.md",
        page.replace("Ask --> Answer", "Ask --> Listen --> Answer"),
    );
    let before = files();
    let said = stderr(&course.build_ok(&[]));
    assert!(said.contains("after an edit"), "{said}");
    assert_eq!(files().len(), 10, "the new drawing beside the old");
    forget_the_build();
    course.build_ok(&[]);
    let after = files();
    assert_eq!(after.len(), 9, "{after:?}");
    assert_eq!(
        before.iter().filter(|path| !after.contains(path)).count(),
        1,
        "the old drawing is gone"
    );
}
