//! The study pages (practice, progress and the mock loop): the bank's filters and the
//! version of its files, which their scripts read with the learner's reviews; on
//! practice, the stories to rehearse, each at the lengths it is told at.

use serde::Serialize;

use super::questions::Filters;
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::model::generated::PrepPage;
use crate::model::{Course, LectureId};
use crate::prep::story_lint;

use crate::render::{PageBase, Renderer, to_value};

/// Practice, progress and the mock loop: their data is the question bank's files
/// (`question-bank/`, see [`crate::render::bank`]), read by the page's script with the learner's reviews
/// from the browser's storage.
#[derive(Serialize)]
struct StudyPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    filters: Filters<'a>,
    /// The bank's version, for its files' URLs.
    bank_version: String,
    practice_url: String,
    /// On practice, the stories to rehearse ([`Rehearsal`]s) as JSON for its script;
    /// none when the course has no stories.
    rehearse: Option<String>,
    /// On practice, whether the build offers the Anki deck (`course.apkg`): on in
    /// `course.toml` and a bank that is not empty.
    anki_deck: bool,
}

/// A story to rehearse: what is shown while the learner tells it, and its text at each
/// length, which the page keeps hidden until asked.
#[derive(Serialize)]
struct Rehearsal<'a> {
    /// The story's page under the course root, as the learner's data names pages.
    key: &'a str,
    title: &'a str,
    principles: Vec<&'a str>,
    /// Shortest first; the full story last.
    versions: Vec<Telling>,
}

/// The story told at one length.
#[derive(Serialize)]
struct Telling {
    /// How long it should take: a version's length, or for the full story the story
    /// lint's longest.
    seconds: u32,
    full: bool,
    /// Its text without markup, paragraph by paragraph.
    paragraphs: Vec<Paragraph>,
}

/// A paragraph of a story's text, or the heading of one of its parts.
#[derive(Serialize)]
struct Paragraph {
    text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    heading: bool,
}

/// What practice, progress and the mock loop show, to tell when `serve` must render them
/// again: their filters and the bank's version, which is made of what this compares
/// (compared here rather than hashed: `serve` asks after every edit).
pub(in crate::render) fn shows(course: &Course) -> impl PartialEq + '_ {
    let questions: Vec<_> = course
        .questions
        .iter()
        .map(|q| {
            let facets = (
                &q.section,
                &q.company,
                &q.level,
                &q.topic,
                &q.difficulty,
                &q.language,
            );
            (
                &q.id,
                &q.text,
                &q.url,
                &q.answer,
                &q.followups,
                &q.principles,
                facets,
            )
        })
        .collect();
    let principles: Vec<_> = course
        .principles
        .iter()
        .map(|p| {
            (
                &p.slug,
                &p.title,
                &p.url,
                &p.stories,
                p.questions.is_empty(),
            )
        })
        .collect();
    let stories: Vec<_> = course
        .stories
        .iter()
        .map(|&id| {
            let lecture = &course.lectures[id];
            // Rehearsal shows the story's text and principles.
            (
                &lecture.page.url,
                &lecture.page.title,
                &lecture.page.text,
                &lecture.principles,
            )
        })
        .collect();
    (questions, principles, stories)
}

impl<'a> Renderer<'a> {
    /// Practice, progress or the mock loop: the filters; the questions come from the
    /// bank's files.
    pub(in crate::render) fn study_page(
        &self,
        base: PageBase<'a>,
    ) -> Result<tera::Value, Diagnostic> {
        let rehearse = (base.kind == PrepPage::Practice.folder()
            && !self.course.stories.is_empty())
        .then(|| {
            let stories: Vec<Rehearsal> = self
                .course
                .stories
                .iter()
                .map(|&id| self.rehearsal(id))
                .collect();
            super::stories::script_json(&stories)
        });
        let anki_deck = base.kind == PrepPage::Practice.folder()
            && self.course.config.anki_deck
            && !self.course.questions.is_empty();
        to_value(&StudyPage {
            anki_deck,
            base,
            rehearse,
            filters: self.filters(),
            bank_version: crate::render::bank::version(self.course),
            practice_url: self.prep_url(PrepPage::Practice),
        })
    }
}

impl<'a> Renderer<'a> {
    /// A story as practice rehearses it.
    fn rehearsal(&self, id: LectureId) -> Rehearsal<'a> {
        let lecture = &self.course.lectures[id];
        let page = &lecture.page;
        let text = &page.text;
        let mut versions: Vec<Telling> =
            story_lint::versions(text, page.body_offset, &page.headings)
                .into_iter()
                .map(|v| Telling {
                    seconds: v.seconds,
                    full: false,
                    paragraphs: paragraphs(&text[v.start..v.end], &[]),
                })
                .collect();
        versions.sort_by_key(|v| v.seconds);
        let headings: Vec<&str> = page.headings.iter().map(|h| h.text.as_str()).collect();
        let full: Vec<Paragraph> = story_lint::full_story(text, page.body_offset, &page.headings)
            .flat_map(|(start, end)| paragraphs(&text[start..end], &headings))
            .collect();
        versions.push(Telling {
            seconds: (self.course.config.stories.max_minutes * 60.0)
                .round()
                .max(1.0) as u32,
            full: true,
            paragraphs: full,
        });
        Rehearsal {
            key: self.page_key(&page.url),
            title: &page.title,
            principles: lecture
                .principles
                .iter()
                .map(|&p| self.principle_link(p).title)
                .collect(),
            versions,
        }
    }
}

/// Markdown as plain paragraphs, their spaces collapsed; those that read as one of
/// `headings` are marked as headings.
fn paragraphs(markdown: &str, headings: &[&str]) -> Vec<Paragraph> {
    markdown::plain_text(markdown)
        .split("\n\n")
        .map(|block| block.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|block| !block.is_empty())
        .map(|text| Paragraph {
            heading: headings.contains(&text.as_str()),
            text,
        })
        .collect()
}
