//! The link stage: [`Source`] pages in, a [`Course`] out. Finds the sections, puts
//! lectures in order, gives every page its URL, chains previous/next in reading order,
//! and resolves every internal link and `#anchor` to a URL, reporting those that lead
//! nowhere with their file:line:col.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::model::Course;
use crate::source::{Loaded, Source};

mod embeds;
pub mod languages;
mod names;
mod owners;
mod redirects;
pub use redirects::earlier_urls_of;
mod resolve;
mod structure;
pub mod tags;

use resolve::resolve_links;
pub use resolve::{LinkIndex, relink_page};
use structure::{Builder, without_drafts};
pub use structure::{page_from, prep_folder};

/// Choices that change what the course holds, and what else the site will hold.
#[derive(Debug, Clone, Default)]
pub struct LinkOptions {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
    /// The theme's static files: output path and the file each comes from, so a course
    /// file at one of their paths is reported.
    pub theme_static: Vec<(String, std::path::PathBuf)>,
    /// Where the pages were in the build before, to keep a moved page's old URL.
    pub earlier: Option<std::sync::Arc<crate::model::EarlierUrls>>,
}

/// Builds the course from the loaded sources, one course per language of a course in
/// several (`[languages]`, the default first), each knowing where its pages'
/// translations are; diagnostics are added to `loaded`'s, each once.
pub fn link_languages(loaded: Loaded, options: LinkOptions) -> (Vec<Course>, Vec<Diagnostic>) {
    let mut courses = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut said = std::collections::HashSet::new();
    for (index, loaded) in languages::split(loaded).into_iter().enumerate() {
        // The theme's files are the default language's tree's, at the site's root.
        let options = LinkOptions {
            theme_static: if index == 0 {
                options.theme_static.clone()
            } else {
                Vec::new()
            },
            ..options.clone()
        };
        let (mut course, found) = link(loaded, options);
        course.language = index;
        courses.push(course);
        // A page standing in for a missing translation is linked in each tree: its
        // problems are said once.
        for diagnostic in found {
            let key = (
                diagnostic.file.clone(),
                diagnostic.line,
                diagnostic.column,
                diagnostic.message.clone(),
            );
            if said.insert(key) {
                diagnostics.push(diagnostic);
            }
        }
    }
    if courses.len() > 1 {
        let translations =
            std::sync::Arc::new(crate::model::translations::Translations::of(&courses));
        for course in &mut courses {
            course.translations = Some(translations.clone());
        }
    }
    (courses, diagnostics)
}

/// Builds the course from the loaded sources; diagnostics are added to `loaded`'s.
pub fn link(loaded: Loaded, options: LinkOptions) -> (Course, Vec<Diagnostic>) {
    let Loaded {
        config,
        sources,
        assets,
        mut diagnostics,
        ..
    } = loaded;
    diagnostics.extend(names::windows_name_warnings(
        sources
            .iter()
            .map(|s| s.content_path.as_str())
            .chain(assets.iter().map(String::as_str)),
    ));
    let sources = without_drafts(sources, options.drafts);
    let root = config.root_path();
    let mut builder = Builder {
        root,
        sections: Vec::new(),
        lectures: Vec::new(),
        folder_sections: HashMap::new(),
        lecture_urls: HashMap::new(),
        diagnostics: &mut diagnostics,
    };
    let (mut indexes, mut pages): (Vec<Source>, Vec<Source>) =
        sources.into_iter().partition(Source::is_section_index);
    // A vault without `_index.md` has its home page under another name.
    if !indexes.iter().any(|s| s.content_path == "_index.md")
        && let Some(at) = HOME_NAMES.iter().find_map(|name| {
            pages
                .iter()
                .position(|p| p.content_path.eq_ignore_ascii_case(name))
        })
    {
        indexes.push(pages.remove(at));
    }
    builder.add_sections(indexes, &pages, &config.title);
    builder.add_lectures(pages);
    builder.order();
    builder.reject_duplicate_urls();
    let reading_order = builder.chain_reading_order();
    let Builder {
        sections, lectures, ..
    } = builder;
    let mut course = Course {
        root: config.root_path(),
        site_root: config.site_root_path(),
        language: 0,
        translations: None,
        config,
        sections,
        lectures,
        reading_order,
        assets,
        principles: Vec::new(),
        questions: Vec::new(),
        stories: Vec::new(),
        tags: Vec::new(),
        redirects: Vec::new(),
    };
    if course.config.tag_pages {
        course.tags = tags::all(&course);
    }
    // The principles and questions first: links may lead to the pages made of them
    // (`/practice/`, a principle's page). Their diagnostics still come after the links'.
    let prep = crate::prep::link_prep(&mut course);
    resolve_links(&mut course, &mut diagnostics);
    diagnostics.extend(embeds::cycles(&course));
    diagnostics.extend(prep);
    let earlier = options.earlier.as_deref();
    let (redirects, found) = redirects::all(
        &course,
        earlier.and_then(|earlier| earlier.trees.get(&course.root)),
    );
    course.redirects = redirects;
    diagnostics.extend(found);
    diagnostics.extend(owners::clashes(&course, &options.theme_static));
    (course, diagnostics)
}

/// The notes at the root of `content/` that are its home page when there is no
/// `_index.md`, in order of preference (as vaults name them).
const HOME_NAMES: [&str; 4] = ["index.md", "Home.md", "Homepage.md", "README.md"];

/// A course linked from files given as text, for the unit tests of the stages above.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::config::{CONTENT_DIR, CourseConfig};
    use crate::source::parse_source;

    /// Links a course made of `(path under content/, text)` files.
    pub(crate) fn course_of(files: &[(&str, &str)]) -> (Course, Vec<Diagnostic>) {
        let sources = files
            .iter()
            .filter_map(|(path, text)| {
                let file = Path::new(CONTENT_DIR).join(path);
                parse_source(
                    file,
                    path.to_string(),
                    Arc::from(*text),
                    &crate::prep::questions::QuestionScanner::default(),
                )
                .0
            })
            .collect();
        let config = CourseConfig::parse(Path::new("course.toml"), "title = \"T\"").unwrap();
        let loaded = Loaded {
            root: PathBuf::new(),
            config,
            sources,
            assets: vec!["s/diagram.png".to_string()],
            diagnostics: Vec::new(),
        };
        link(loaded, LinkOptions::default())
    }
}

#[cfg(test)]
mod tests {
    use super::testing::course_of;

    use super::resolve::{Target, classify, normalize};
    use super::*;

    use crate::diagnostic::Severity;
    use crate::model::SectionId;

    fn lecture_titled<'c>(course: &'c Course, title: &str) -> &'c crate::model::Lecture {
        course
            .lectures
            .iter()
            .find(|l| l.page.title == title)
            .unwrap_or_else(|| panic!("no lecture titled {title}"))
    }

    fn titles(course: &Course, section: SectionId) -> Vec<&str> {
        course.sections[section]
            .lectures
            .iter()
            .map(|&id| course.lectures[id].page.title.as_str())
            .collect()
    }

    #[test]
    fn orders_by_weight_then_number_then_title() {
        let (course, _) = course_of(&[
            ("s/_index.md", "---\ntitle: S\n---\n"),
            ("s/b.md", "---\ntitle: Beta\n---\n"),
            ("s/a.md", "---\ntitle: Alpha\n---\n"),
            ("s/10-ten.md", "---\ntitle: Ten\n---\n"),
            ("s/9-nine.md", "---\ntitle: Nine\n---\n"),
            ("s/heavy.md", "---\ntitle: Heavy\nweight: 1\n---\n"),
        ]);
        assert_eq!(
            titles(&course, SectionId(1)),
            ["Heavy", "Nine", "Ten", "Alpha", "Beta"]
        );
    }

    #[test]
    fn a_folder_without_an_index_is_a_section_of_its_own() {
        let (course, diagnostics) = course_of(&[
            (
                "System Design/Key Components/Load Balancers.md",
                "Spread the load.\n",
            ),
            ("System Design/Caching.md", "Keep it near.\n"),
            ("03-data-structures/What's a Heap.md", "# Heaps\n"),
            ("stories/outage.md", "---\nkind: story\n---\n"),
        ]);
        assert!(!diagnostics.iter().any(|d| d.is_error()), "{diagnostics:?}");
        let sections: Vec<(&str, &str)> = course
            .sections
            .iter()
            .map(|s| (s.page.title.as_str(), s.page.url.as_str()))
            .collect();
        assert_eq!(
            sections,
            [
                ("T", "/"),
                ("Data structures", "/data-structures/"),
                ("System Design", "/system-design/"),
                ("Key Components", "/system-design/key-components/"),
            ],
            "a folder of stories alone is no section"
        );
        let urls: Vec<&str> = course
            .lectures
            .iter()
            .map(|l| l.page.url.as_str())
            .collect();
        assert!(
            urls.contains(&"/system-design/key-components/load-balancers/"),
            "{urls:?}"
        );
        assert!(urls.contains(&"/data-structures/whats-a-heap/"), "{urls:?}");
        let system_design = &course.sections[SectionId(2)];
        assert_eq!(system_design.subsections, [SectionId(3)]);
        assert_eq!(system_design.lectures.len(), 1);
    }

    #[test]
    fn two_folders_with_one_slug_are_an_error_naming_both() {
        let (_, diagnostics) = course_of(&[
            ("Data Structures/a.md", "A\n"),
            ("data-structures/b.md", "B\n"),
        ]);
        let error = diagnostics
            .iter()
            .find(|d| d.code == "duplicate-url")
            .expect("an error");
        assert!(
            error.message.contains("content/Data Structures"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("content/data-structures"),
            "{}",
            error.message
        );
    }

    #[test]
    fn wiki_links_resolve_by_name_title_and_alias_nearest_first() {
        let (course, diagnostics) = course_of(&[
            (
                "Graphs/Depth-First Search.md",
                "# Depth-First Search\n\n## Recursive version\n",
            ),
            ("Graphs/Notes.md", "x\n"),
            ("Trees/Notes.md", "x\n"),
            (
                "Trees/Binary Heap.md",
                "---\ntitle: Heaps\naliases: [Priority Queue]\n---\n",
            ),
            (
                "Trees/links.md",
                "[[depth-first search#Recursive Version]] [[Heaps]] [[priority queue|pq]] [[Notes]] [[#Here]] ![[diagram.png]]\n\n## Here\n",
            ),
            (
                "Graphs/broken.md",
                "[[Nowhere]] [[Depth-First Search#No such part]] [[Notes]]\n",
            ),
            ("Other/far.md", "[[Notes]]\n"),
        ]);
        let page = |name: &str| {
            &course
                .lectures
                .iter()
                .find(|l| l.page.file.ends_with(name))
                .unwrap()
                .page
        };
        let links = &page("Trees/links.md").links;
        assert_eq!(
            links["depth-first search#Recursive Version"],
            "/graphs/depth-first-search/#recursive-version"
        );
        assert_eq!(links["Heaps"], "/trees/binary-heap/");
        assert_eq!(links["priority queue"], "/trees/binary-heap/");
        assert_eq!(links["Notes"], "/trees/notes/", "the nearest of two");
        assert_eq!(links["#Here"], "#here");
        assert_eq!(
            links["diagram.png"], "/s/diagram.png",
            "an embed by file name"
        );
        assert_eq!(page("Graphs/broken.md").links["Notes"], "/graphs/notes/");
        let codes: Vec<(&str, usize)> = diagnostics.iter().map(|d| (d.code, d.column)).collect();
        assert!(codes.contains(&("broken-link", 1)), "{codes:?}");
        assert!(codes.contains(&("broken-anchor", 13)), "{codes:?}");
        let ambiguous: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.code == "ambiguous-link")
            .collect();
        assert_eq!(
            ambiguous.len(),
            1,
            "only the link from a third folder: {ambiguous:?}"
        );
        assert!(ambiguous[0].file.ends_with("Other/far.md"));
        assert!(
            ambiguous[0]
                .message
                .contains("Graphs/Notes.md, Trees/Notes.md"),
            "{}",
            ambiguous[0].message
        );
    }

    #[test]
    fn urls_sections_and_reading_order() {
        let (course, _) = course_of(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("02-second/_index.md", "---\ntitle: Second\n---\n"),
            ("02-second/01-x.md", "# X\n"),
            ("01-first/_index.md", "---\ntitle: First\n---\n"),
            ("01-first/02-b.md", "# B\n"),
            ("01-first/01-a.md", "---\nslug: custom\n---\n# A\n"),
            ("01-first/sub/_index.md", "---\ntitle: Sub\n---\n"),
            ("01-first/sub/01-c.md", "# C\n"),
        ]);
        let order: Vec<(&str, &str)> = course
            .reading_order
            .iter()
            .map(|&id| {
                (
                    course.lectures[id].page.title.as_str(),
                    course.lectures[id].page.url.as_str(),
                )
            })
            .collect();
        assert_eq!(
            order,
            [
                ("A", "/first/custom/"),
                ("B", "/first/b/"),
                ("C", "/first/sub/c/"),
                ("X", "/second/x/"),
            ]
        );
        let c = course.reading_order[2];
        assert_eq!(course.lectures[c].prev, Some(course.reading_order[1]));
        assert_eq!(course.lectures[c].next, Some(course.reading_order[3]));
        let sub = course.lectures[c].section;
        assert_eq!(course.sections[sub].ancestors.len(), 2);
    }

    #[test]
    fn resolves_every_kind_of_internal_link() {
        let (course, diagnostics) = course_of(&[
            ("s/_index.md", "---\ntitle: S\n---\n"),
            ("s/01-a.md", "# A\n\n## Part One\n"),
            (
                "s/02-b.md",
                "# B\n\n[r](01-a.md#part-one) [at](@/s/01-a.md) [abs](/s/a/) [sec](_index.md) [img](diagram.png) [top](#b) [web](https://x.org/a.md)\n",
            ),
        ]);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let b = lecture_titled(&course, "B");
        assert_eq!(b.page.links["01-a.md#part-one"], "/s/a/#part-one");
        assert_eq!(b.page.links["@/s/01-a.md"], "/s/a/");
        assert_eq!(b.page.links["/s/a/"], "/s/a/");
        assert_eq!(b.page.links["_index.md"], "/s/");
        assert_eq!(b.page.links["diagram.png"], "/s/diagram.png");
        assert!(!b.page.links.contains_key("https://x.org/a.md"));
    }

    #[test]
    fn broken_links_and_anchors_are_located() {
        let (_, diagnostics) = course_of(&[
            ("a.md", "# A\n\n## Real\n"),
            (
                "b.md",
                "---\ntitle: B\n---\nfirst line\n\nsee [x](a.md#unreal) and [y](missing.md)\n![p](nope.png)\n",
            ),
        ]);
        let found: Vec<(usize, usize, &str)> = diagnostics
            .iter()
            .map(|d| (d.line, d.column, d.code))
            .collect();
        assert_eq!(
            found,
            [
                (6, 5, "broken-anchor"),
                (6, 26, "broken-link"),
                (7, 1, "missing-image")
            ]
        );
        assert!(diagnostics.iter().all(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn links_to_the_pages_prepress_makes_resolve_when_the_course_has_them() {
        let links = "[p](/practice/) [q](/questions/index.html) [l](/loop/) [pr](/print/) \
                     [s](/search/) [j](/questions.json) [own](/principles/ownership/#top) \
                     [gone](/nowhere/)";
        let with_questions = format!(
            "---\ntitle: A\nprinciples: [Ownership]\n---\n{links}\n\n## Practice Questions\n\n1. Tell me about a time you owned an outage.\n"
        );
        let (_, diagnostics) = course_of(&[("a.md", &with_questions)]);
        let broken: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(broken, ["link to `/nowhere/`: no page at that URL"]);

        // Without questions or principles there is no practice page and no principle's
        // page to lead to.
        let (_, diagnostics) = course_of(&[("a.md", &format!("# A\n\n{links}\n"))]);
        let broken: Vec<&str> = diagnostics
            .iter()
            .filter_map(|d| d.message.strip_prefix("link to `"))
            .filter_map(|m| m.split_once('`').map(|(dest, _)| dest))
            .collect();
        assert_eq!(
            broken,
            [
                "/practice/",
                "/questions/index.html",
                "/loop/",
                "/questions.json",
                "/principles/ownership/#top",
                "/nowhere/"
            ]
        );
    }

    #[test]
    fn links_to_the_print_parts_of_a_big_course_resolve() {
        // Two top-level sections, each a little over half the limit: printed in parts.
        let words = crate::model::generated::PRINT_PAGE_LIMIT / 2 / "word ".len() + 1;
        let long = format!("# Long\n\n{}\n", "word ".repeat(words));
        let (_, diagnostics) = course_of(&[
            ("a/x.md", &long),
            ("b/y.md", &long),
            (
                "c/z.md",
                "# Z\n\n[part](/print/a/) [no part](/print/nope/)\n",
            ),
        ]);
        let broken: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(broken, ["link to `/print/nope/`: no page at that URL"]);
    }

    #[test]
    fn a_folder_written_from_the_file_leads_to_its_section_or_to_a_page_prepress_makes() {
        let (course, diagnostics) = course_of(&[
            ("01-tools/_index.md", "---\ntitle: Tools\n---\n"),
            ("01-tools/hammer.md", "# Hammer\n"),
            (
                "talks/a.md",
                "# A\n\n[t](../01-tools/#hammer-time) [tools](../01-tools) [h](../) [p](../practice/) [j](../questions.json) \
                 [gone](../nowhere/) [file](notes)\n\n## Practice Questions\n\n1. Why this team?\n",
            ),
        ]);
        let broken: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            broken,
            [
                "link to `../01-tools/#hammer-time`: `content/01-tools/_index.md` has no heading with id `#hammer-time`",
                "link to `../nowhere/`: no folder content/nowhere/ and no page there"
            ]
        );
        let a = lecture_titled(&course, "A");
        assert_eq!(a.page.links["../01-tools"], "/tools/");
        assert_eq!(a.page.links["../"], "/");
        assert_eq!(a.page.links["../practice/"], "/practice/");
        assert_eq!(a.page.links["../questions.json"], "/questions.json");
        assert!(!a.page.links.contains_key("notes"));
    }

    #[test]
    fn duplicate_urls_name_both_files() {
        let (course, diagnostics) = course_of(&[
            ("a.md", "# A\n"),
            ("b.md", "---\nslug: a\n---\n# A again\n"),
        ]);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("content/a.md"));
        assert!(diagnostics[0].message.contains("content/b.md"));
        assert_eq!(course.sections[0].lectures.len(), 1);
    }

    #[test]
    fn a_dropped_number_prefix_is_kept_where_it_would_make_a_duplicate() {
        let (course, diagnostics) = course_of(&[("01-a.md", "# A\n"), ("a.md", "# A again\n")]);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, "number-prefix-kept");
        assert!(!diagnostics[0].is_error());
        let urls: Vec<&str> = course
            .lectures
            .iter()
            .map(|l| l.page.url.as_str())
            .collect();
        assert_eq!(urls, ["/01-a/", "/a/"]);
    }

    #[test]
    fn classifies_destinations() {
        assert_eq!(classify("https://x.com/a.md", "s"), Target::External);
        assert_eq!(classify("mailto:me@x.com", "s"), Target::External);
        assert_eq!(classify("#top", "s"), Target::SamePage("top".into()));
        assert_eq!(
            classify("../other/02-b.md#x", "s/sub"),
            Target::ContentFile("s/other/02-b.md".into(), Some("x".into()))
        );
        assert_eq!(
            classify("@/s/01-a.md", "elsewhere"),
            Target::ContentFile("s/01-a.md".into(), None)
        );
        assert_eq!(
            classify("/s/a/#h", "x"),
            Target::SiteUrl("/s/a/".into(), Some("h".into()))
        );
        assert_eq!(
            classify("img/p.png", "s"),
            Target::Asset("s/img/p.png".into())
        );
        assert_eq!(classify("../../x.md", "s"), Target::OutsideContent);
        assert_eq!(
            classify("My%20Note.md", ""),
            Target::ContentFile("My Note.md".into(), None)
        );
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("./a/../b.md", "s").as_deref(), Some("s/b.md"));
        assert_eq!(normalize("../b.md", ""), None);
    }
}
