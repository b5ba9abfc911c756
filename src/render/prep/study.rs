//! The study pages (practice, progress and the mock loop): the bank's filters and the
//! version of its files, which their scripts read with the learner's reviews.

use serde::Serialize;

use super::questions::Filters;
use crate::diagnostic::Diagnostic;
use crate::model::Course;
use crate::model::generated::PrepPage;

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
            (
                &course.lectures[id].page.url,
                &course.lectures[id].page.title,
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
        to_value(&StudyPage {
            base,
            filters: self.filters(),
            bank_version: crate::render::bank::version(self.course),
            practice_url: self.prep_url(PrepPage::Practice),
        })
    }
}
