//! The dependency map: which pages show which facts of the course. Given the course
//! before and after an edit, [`affected`] names the pages whose output can have changed,
//! so the dev server, and a build after an edit (`pipeline::incremental`), re-render
//! those and nothing else. The prep pages say themselves
//! what they show (`render::shows_a_change`, beside each page in `render/prep/`); the
//! rest is here:
//!
//! | fact that changed | pages that show it |
//! |---|---|
//! | a page's own text, links, date, tags, principles | that page |
//! | a lecture's title | itself, its previous and next lectures, every page of its section (navigation), its section, the home page (contents), the pages of its principles; a story's, the worksheets and the principle pages too |
//! | a lecture's description | its section page; a story's, the worksheets and the principle pages too |
//! | a lecture's principles | the pages of those principles (before and after) |
//! | a page's text, title or links | the pages it links to, before and after (their "Linked from" lists); the pages that embed it, and those that embed them |
//! | a page's title or links | the pages two links around it, before and after (their local graphs), and `/graph/` |
//! | the tags, or the title or description of a tagged page | the tag pages |
//! | a page's wiki links to notes that do not exist, or the title of a page with some | `/unresolved/` |
//! | the question bank | every principle page |
//! | a principle's definition, lectures, questions or stories | its page, the worksheets |
//! | the set of stories | the worksheets and the principle pages |
//! | a lecture's or section's text or title | the whole-course print page |
//! | anything structural: a page added, removed or moved, a URL, the order, a section's title, the set of principles, prep pages or tags | every page |
//! | what every page's head says of the site: its feeds, whether any page moved, how many link preview files it has | every page |
//!
//! The files that are not pages (sitemap, exports, the bank's files, static files) are
//! always rewritten.

use std::collections::{BTreeSet, HashSet};

use crate::model::Kind;
use crate::model::generated::PrepPage;
use crate::model::{Course, LectureId, Page, PrincipleId, SectionId};
use crate::render::graph::Links;
use crate::render::{Job, all_jobs, prep_job, shows_a_change};

/// The pages to render again after an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affected {
    /// Something structural changed: render everything.
    All,
    /// Only these pages.
    Pages(BTreeSet<Job>),
}

/// Which pages of `new` can differ from the same pages rendered from `old`.
pub fn affected(old: &Course, new: &Course) -> Affected {
    if structure_changed(old, new) {
        return Affected::All;
    }
    let mut pages = Pages {
        course: new,
        jobs: BTreeSet::new(),
    };
    for (id, (before, after)) in old.sections.iter().zip(&new.sections).enumerate() {
        let id = SectionId(id);
        if before.page.text != after.page.text || before.page.links != after.page.links {
            pages.add(Job::Section(id));
            pages.add(Job::Print);
        }
        if before.page.description != after.page.description {
            pages.add(
                after
                    .parent
                    .map_or(Job::Section(SectionId::HOME), Job::Section),
            );
            pages.add(Job::Section(SectionId::HOME));
        }
    }
    for (id, (before, after)) in old.lectures.iter().zip(&new.lectures).enumerate() {
        lecture_changes(&mut pages, old, LectureId(id), before, after);
    }
    link_changes(&mut pages, old, new);
    let tagged_card_changed = old.lectures.iter().zip(&new.lectures).any(|(a, b)| {
        !b.page.tags.is_empty()
            && (a.page.title != b.page.title || a.page.description != b.page.description)
    });
    let before = old.every_page();
    let after = new.every_page();
    let missing_changed = before.zip(after).any(|(a, b)| {
        a.missing_notes != b.missing_notes || (!b.missing_notes.is_empty() && a.title != b.title)
    });
    if missing_changed && new.has_unresolved_page() {
        pages.add(Job::Unresolved);
    }
    if old.tags != new.tags || tagged_card_changed {
        pages.add(Job::Tags);
        for at in 0..new.tags.len() {
            pages.add(Job::Tag(at));
        }
    }
    if old.questions != new.questions {
        // Each principle's page lists its questions.
        pages.principle_pages();
    }
    for (id, (before, after)) in old.principles.iter().zip(&new.principles).enumerate() {
        let id = PrincipleId(id);
        if before.definition != after.definition
            || before.lectures != after.lectures
            || before.questions != after.questions
            || before.stories != after.stories
            || before.aliases != after.aliases
        {
            pages.principle(id);
            pages.kind(Kind::Worksheet);
        }
        if before.stories != after.stories {
            // Every question of the principle offers its stories.
            pages.principle_pages();
        }
    }
    if old.stories != new.stories {
        pages.kind(Kind::Worksheet);
        pages.principle_pages();
    }
    // Each prep page knows what it shows (render::prep).
    for page in PrepPage::ALL {
        if shows_a_change(page, old, new) {
            pages.prep(page);
        }
    }
    Affected::Pages(pages.jobs)
}

/// Backlinks and embeds: a page lists the pages linking to it, with their titles and
/// the words around each link, so when a page's text, title or links change, the pages
/// it links to (before the edit and after) list it otherwise; and a page that embeds a
/// changed page shows it otherwise (and so on up the embeds).
fn link_changes(pages: &mut Pages, old: &Course, new: &Course) {
    let all: Vec<&Page> = new.every_page().collect();
    let jobs = SectionId::all(new.sections.len())
        .map(Job::Section)
        .chain(LectureId::all(new.lectures.len()).map(Job::Lecture));
    let job_at: foldhash::HashMap<&str, Job> =
        all.iter().map(|p| p.url.as_str()).zip(jobs).collect();
    let before = old.every_page();
    let mut changed: HashSet<&str> = HashSet::new();
    let mut relinked: Vec<&str> = Vec::new();
    for (before, &after) in before.zip(&all) {
        if before.text == after.text && before.title == after.title && before.links == after.links {
            continue;
        }
        changed.insert(&after.url);
        if before.title != after.title || before.links != after.links {
            relinked.push(&after.url);
        }
        for url in before.links.values().chain(after.links.values()) {
            if let Some(&job) = job_at.get(without_anchor(url)) {
                pages.add(job);
            }
        }
    }
    // Link graphs: a page's local graph shows the pages two links around it.
    if !relinked.is_empty() {
        let (old_links, new_links) = (Links::of(old), Links::of(new));
        for url in &relinked {
            for near in old_links.near(url).into_iter().chain(new_links.near(url)) {
                if let Some(&job) = job_at.get(near) {
                    pages.add(job);
                }
            }
        }
        if new.has_graph_page() {
            pages.add(Job::Graph);
        }
    }
    loop {
        let embedding: Vec<&str> = all
            .iter()
            .filter(|page| !changed.contains(page.url.as_str()))
            .filter(|page| {
                page.link_refs
                    .iter()
                    .filter(|l| l.wiki && l.is_image)
                    .filter_map(|l| page.links.get(&l.dest))
                    .any(|url| changed.contains(without_anchor(url)))
            })
            .map(|page| page.url.as_str())
            .collect();
        if embedding.is_empty() {
            break;
        }
        for url in embedding {
            if let Some(&job) = job_at.get(url) {
                pages.add(job);
            }
            changed.insert(url);
        }
    }
}

fn without_anchor(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// What one lecture's edit touches.
fn lecture_changes(
    pages: &mut Pages,
    old: &Course,
    id: LectureId,
    before: &crate::model::Lecture,
    after: &crate::model::Lecture,
) {
    let new = pages.course;
    let (b, a) = (&before.page, &after.page);
    let own = b.text != a.text
        || b.links != a.links
        || before.principles != after.principles
        || before.prev != after.prev
        || before.next != after.next;
    if own {
        pages.lecture(id);
    }
    if (own || b.title != a.title) && after.kind == Kind::Lecture {
        pages.add(Job::Print);
    }
    if b.title != a.title {
        pages.lecture(id);
        for neighbour in [after.prev, after.next].into_iter().flatten() {
            pages.lecture(neighbour);
        }
        let section = &new.sections[after.section];
        pages.add(Job::Section(after.section));
        for &lecture in &section.lectures {
            pages.lecture(lecture);
        }
        pages.add(Job::Section(SectionId::HOME));
        for &principle in before.principles.iter().chain(&after.principles) {
            pages.principle(principle);
        }
        pages.by_kind_of(after.kind);
    }
    if b.description != a.description {
        pages.add(Job::Section(after.section));
        pages.by_kind_of(after.kind);
    }
    if before.principles != after.principles {
        for &principle in before.principles.iter().chain(&after.principles) {
            pages.principle(principle);
        }
        pages.by_kind_of(after.kind);
    }
    let _ = old;
}

/// The set of pages being gathered.
struct Pages<'a> {
    course: &'a Course,
    jobs: BTreeSet<Job>,
}

impl Pages<'_> {
    fn add(&mut self, job: Job) {
        self.jobs.insert(job);
    }

    fn lecture(&mut self, id: LectureId) {
        let lecture = &self.course.lectures[id];
        if lecture.kind == Kind::Principle {
            // A principle file's page is rendered as its principle's page.
            if let Some(principle) = self.course.principle_defined_by(id) {
                self.principle(principle);
            }
        }
        self.jobs.insert(Job::Lecture(id));
    }

    fn principle(&mut self, id: PrincipleId) {
        match self.course.principles.get(id.0).map(|p| p.lecture) {
            Some(Some(lecture)) => {
                self.jobs.insert(Job::Lecture(lecture));
            }
            Some(None) => {
                self.jobs.insert(Job::GeneratedPrinciple(id));
            }
            None => {}
        }
    }

    /// Every principle's page: each lists its questions and the stories they offer.
    fn principle_pages(&mut self) {
        for id in PrincipleId::all(self.course.principles.len()) {
            self.principle(id);
        }
    }

    fn prep(&mut self, prep: PrepPage) {
        if let Some(job) = prep_job(self.course, prep) {
            self.jobs.insert(job);
        }
    }

    /// Every page of files of a kind (all worksheets, say).
    fn kind(&mut self, kind: Kind) {
        for (id, lecture) in self.course.lectures.iter().enumerate() {
            if lecture.kind == kind {
                self.jobs.insert(Job::Lecture(LectureId(id)));
            }
        }
    }

    /// The pages besides the prep pages that list files of this kind: a story shows on
    /// the worksheets and, offered to the questions, on the principle pages.
    fn by_kind_of(&mut self, kind: Kind) {
        if kind == Kind::Story {
            self.kind(Kind::Worksheet);
            self.principle_pages();
        }
    }
}

/// Pages added, removed, moved or reordered; sections renamed; principles or prep pages
/// appearing or going: every page can show it.
fn structure_changed(old: &Course, new: &Course) -> bool {
    old.config.title != new.config.title
        || old.root != new.root
        || old.sections.len() != new.sections.len()
        || old.lectures.len() != new.lectures.len()
        || old.reading_order != new.reading_order
        || old.assets != new.assets
        || old.sections.iter().zip(&new.sections).any(|(a, b)| {
            a.page.url != b.page.url
                || a.page.title != b.page.title
                || a.lectures != b.lectures
                || a.subsections != b.subsections
        })
        || old.lectures.iter().zip(&new.lectures).any(|(a, b)| {
            a.page.url != b.page.url
                || a.kind != b.kind
                || a.section != b.section
                || a.layout != b.layout
        })
        || old.principles.len() != new.principles.len()
        || old
            .principles
            .iter()
            .zip(&new.principles)
            .any(|(a, b)| a.title != b.title || a.url != b.url || a.slug != b.slug)
        || all_jobs(old) != all_jobs(new)
        // A tag page added or removed is a file added or removed.
        || old.tags.iter().map(|t| &t.url).ne(new.tags.iter().map(|t| &t.url))
        || site_wide_facts_changed(old, new)
}

/// What every page's head says of the whole site: the feeds it links, whether it loads
/// the moved pages' script, how many link preview files there are.
fn site_wide_facts_changed(old: &Course, new: &Course) -> bool {
    crate::model::generated::feed_urls(old) != crate::model::generated::feed_urls(new)
        || old.redirects.is_empty() != new.redirects.is_empty()
        || crate::render::previews::file_count(old) != crate::render::previews::file_count(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::course_of;

    const SECTION: (&str, &str) = ("s/_index.md", "---\ntitle: S\n---\n");

    fn pages_of(before: &[(&str, &str)], after: &[(&str, &str)]) -> Affected {
        let (old, _) = course_of(before);
        let (new, _) = course_of(after);
        affected(&old, &new)
    }

    fn lectures(a: &str, b: &str, c: &str) -> Vec<(&'static str, String)> {
        vec![
            ("s/1-a.md", format!("---\ntitle: A\n---\n{a}\n")),
            ("s/2-b.md", format!("---\ntitle: {b}\n---\nB\n")),
            ("s/3-c.md", format!("---\ntitle: C\n---\n{c}\n")),
        ]
    }

    fn files<'a>(lectures: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
        let mut files = vec![SECTION];
        files.extend(lectures.iter().map(|(p, t)| (*p, t.as_str())));
        files
    }

    #[test]
    fn an_edited_text_renders_its_page_and_the_print_page_only() {
        let before = lectures("old", "B", "C");
        let after = lectures("new", "B", "C");
        let Affected::Pages(jobs) = pages_of(&files(&before), &files(&after)) else {
            panic!("a text edit is not structural");
        };
        assert_eq!(
            jobs.into_iter().collect::<Vec<_>>(),
            [Job::Lecture(LectureId(0)), Job::Print]
        );
    }

    #[test]
    fn the_first_moved_page_or_a_first_date_renders_every_page() {
        // Every page then loads the moved pages' script, or links the course's feed.
        let before = lectures("A", "B", "C");
        let mut moved = lectures("A", "B", "C");
        moved[0].1 = "---\ntitle: A\nredirect_from: [/old-a/]\n---\nA\n".to_string();
        assert_eq!(pages_of(&files(&before), &files(&moved)), Affected::All);
        let mut dated = lectures("A", "B", "C");
        dated[0].1 = "---\ntitle: A\ndate: 2026-01-02\n---\nA\n".to_string();
        assert_eq!(pages_of(&files(&before), &files(&dated)), Affected::All);
    }

    #[test]
    fn a_new_title_renders_the_neighbours_and_the_section() {
        let before = lectures("A", "B", "C");
        let after = lectures("A", "Bee", "C");
        let Affected::Pages(jobs) = pages_of(&files(&before), &files(&after)) else {
            panic!("a title is not structural");
        };
        for job in [
            Job::Lecture(LectureId(0)),
            Job::Lecture(LectureId(1)),
            Job::Lecture(LectureId(2)),
            Job::Section(SectionId(1)),
            Job::Section(SectionId::HOME),
        ] {
            assert!(jobs.contains(&job), "{job:?} in {jobs:?}");
        }
    }

    fn text(files: &[(String, String)]) -> Vec<(&str, &str)> {
        files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect()
    }

    #[test]
    fn a_retitled_note_renders_the_pages_whose_wiki_links_it_changes() {
        // A and B are in different sections, with pages between them: only the wiki
        // link ties them.
        let page = |title: &str| format!("---\ntitle: {title}\n---\n");
        let files = |b_title: &str| {
            vec![
                ("s/_index.md".to_string(), page("S")),
                ("s/1-a.md".to_string(), "See [[Bee]].\n".to_string()),
                ("s/2-x.md".to_string(), page("X")),
                ("t/_index.md".to_string(), page("T")),
                // A link between two other pages, so that /graph/ is there before and
                // after.
                ("t/1-y.md".to_string(), format!("{}See [[X]].\n", page("Y"))),
                ("t/2-b.md".to_string(), page(b_title)),
                // A note not written yet, so that /unresolved/ is there before and after.
                ("t/3-z.md".to_string(), "See [[Nothing]].\n".to_string()),
            ]
        };
        let (before, after) = (files("Bee"), files("Wasp"));
        let (before, after) = (text(&before), text(&after));
        let Affected::Pages(jobs) = pages_of(&before, &after) else {
            panic!("a title is not structural");
        };
        assert!(jobs.contains(&Job::Lecture(LectureId(0))), "{jobs:?}");
    }

    #[test]
    fn a_new_page_is_structural() {
        let before = lectures("A", "B", "C");
        let mut after = files(&before);
        after.push(("s/4-d.md", "---\ntitle: D\n---\n"));
        assert_eq!(pages_of(&files(&before), &after), Affected::All);
    }

    #[test]
    fn a_new_question_renders_the_question_pages() {
        let before = lectures("## Questions\n\n- Why did it fail?", "B", "C");
        let after = lectures(
            "## Questions\n\n- Why did it fail?\n- Who helped?",
            "B",
            "C",
        );
        let Affected::Pages(jobs) = pages_of(&files(&before), &files(&after)) else {
            panic!("a question is not structural");
        };
        let (new, _) = course_of(&files(&after));
        for prep in [
            PrepPage::Questions,
            PrepPage::Practice,
            PrepPage::Progress,
            PrepPage::Loop,
        ] {
            let job = prep_job(&new, prep).unwrap();
            assert!(jobs.contains(&job), "{prep:?}");
        }
    }

    #[test]
    fn a_question_moved_down_a_line_renders_the_bank_but_not_the_study_pages() {
        let before = lectures("## Questions\n\n- Why did it fail?", "B", "C");
        let after = lectures(
            "One more line.\n\n## Questions\n\n- Why did it fail?",
            "B",
            "C",
        );
        let Affected::Pages(jobs) = pages_of(&files(&before), &files(&after)) else {
            panic!("a text edit is not structural");
        };
        let (new, _) = course_of(&files(&after));
        let job = |prep| prep_job(&new, prep).unwrap();
        assert!(jobs.contains(&job(PrepPage::Questions)), "{jobs:?}");
        for prep in [PrepPage::Progress, PrepPage::Loop] {
            assert!(!jobs.contains(&job(prep)), "{prep:?} in {jobs:?}");
        }
    }

    #[test]
    fn a_retitled_story_renders_the_questions_that_offer_it() {
        let files = |story_title: &str| {
            vec![
                SECTION,
                (
                    "s/1-a.md",
                    "---\ntitle: A\nprinciples: [ownership]\n---\n## Questions\n\n- Why did it fail?\n",
                ),
                (
                    "s/2-story.md",
                    if story_title == "Old" {
                        "---\ntitle: Old\nkind: story\nprinciples: [ownership]\n---\nS\n"
                    } else {
                        "---\ntitle: New\nkind: story\nprinciples: [ownership]\n---\nS\n"
                    },
                ),
            ]
        };
        let Affected::Pages(jobs) = pages_of(&files("Old"), &files("New")) else {
            panic!("a title is not structural");
        };
        let (new, _) = course_of(&files("New"));
        assert_eq!(new.stories.len(), 1, "the fixture has a story");
        for prep in [PrepPage::Questions, PrepPage::Practice, PrepPage::Stories] {
            let job = prep_job(&new, prep).unwrap();
            assert!(jobs.contains(&job), "{prep:?} in {jobs:?}");
        }
    }
}
