//! The questions page: every question of the bank, under its first principle, its first
//! page in the HTML and the rest paged and filtered by its script from the bank's files;
//! the question cards and filters the principle and study pages share.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::Course;

use crate::model::{LectureId, PrincipleId, Question, QuestionId};
use crate::render::{PageBase, PrincipleLink, Renderer, to_value};

/// Questions in the questions page's HTML; its script shows the others, as many at a time.
const QUESTIONS_PAGE: usize = 50;

/// The answers the questions page's HTML holds at most, in bytes of HTML: those of its
/// first questions, so a small course's page reads whole without JavaScript; the
/// others' load when opened (or, without JavaScript, are a link to their page).
const QUESTIONS_PAGE_ANSWER_BYTES: usize = 32 * 1024;

#[derive(Serialize)]
pub(in crate::render) struct QuestionCard<'a> {
    id: &'a str,
    /// Its position in the bank's files (`question-bank/`), for the page's script.
    at: usize,
    text: &'a str,
    principles: Vec<PrincipleLink<'a>>,
    followups: &'a [String],
    source: &'a str,
    line: usize,
    url: &'a str,
    section: &'a str,
    company: Option<&'a str>,
    level: Option<&'a str>,
    tags: &'a [String],
    /// The answer as HTML, when one was written.
    answer_html: Option<String>,
    /// The question has an answer the page does not hold: its script loads it.
    answer_later: bool,
    language: Option<&'a str>,
    /// `cloze` or `card` for a card a page wrote; none for a question.
    kind: Option<&'static str>,
    topic: Option<&'a str>,
    difficulty: Option<&'a str>,
    /// The author's stories that cover the question's principles: the learner picks one
    /// as their answer.
    stories: Vec<StoryOption<'a>>,
}

/// A story the learner can choose as their answer to a question.
#[derive(Serialize)]
struct StoryOption<'a> {
    /// The story page's path under the course root: how the learner's data names it.
    key: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct QuestionGroup<'a> {
    principle: Option<PrincipleLink<'a>>,
    questions: Vec<QuestionCard<'a>>,
}

#[derive(Serialize)]
pub(in crate::render) struct Filters<'a> {
    principles: Vec<PrincipleLink<'a>>,
    sections: Vec<&'a str>,
    companies: Vec<&'a str>,
    levels: Vec<&'a str>,
    topics: Vec<&'a str>,
    difficulties: Vec<&'a str>,
    /// Only when the bank has questions in more than one language.
    languages: Vec<&'a str>,
    /// A free-text field too (the questions page's, which needs JavaScript).
    text: bool,
}

/// The questions page: its first [`QUESTIONS_PAGE`] questions are in the HTML, so it
/// reads without JavaScript; its script pages and filters through the whole bank from
/// the bank's files.
#[derive(Serialize)]
struct QuestionsPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    total: usize,
    /// How many questions the HTML holds.
    shown: usize,
    groups: Vec<QuestionGroup<'a>>,
    filters: Filters<'a>,
    /// The bank's version, for its files' URLs.
    bank_version: String,
}

/// What the questions page shows, to tell when `serve` must render it again: every
/// question whole (its source line too), the principles it is grouped and filtered by,
/// and the stories each question offers.
pub(in crate::render) fn shows(course: &Course) -> impl PartialEq + '_ {
    let principles: Vec<_> = course
        .principles
        .iter()
        .map(|p| (&p.slug, &p.title, &p.url, &p.stories))
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
    (&course.questions, principles, stories)
}

impl<'a> Renderer<'a> {
    pub(in crate::render) fn question_card(&self, at: QuestionId) -> QuestionCard<'a> {
        let question = &self.course.questions[at];
        QuestionCard {
            id: &question.id,
            at: at.0,
            text: &question.text,
            principles: question
                .principles
                .iter()
                .filter_map(|slug| self.principle_by_slug(slug))
                .map(|id| self.principle_link(id))
                .collect(),
            followups: &question.followups,
            source: &question.source,
            line: question.line,
            url: &question.url,
            section: &question.section,
            company: question.company.as_deref(),
            level: question.level.as_deref(),
            tags: &question.tags,
            answer_html: crate::render::bank::answer_html(question),
            answer_later: false,
            language: question.language.as_deref(),
            kind: question.card.as_ref().map(|card| match card.kind {
                crate::model::CardKind::Cloze => "cloze",
                crate::model::CardKind::Basic | crate::model::CardKind::Reversed => "card",
            }),
            topic: question.topic.as_deref(),
            difficulty: question.difficulty.as_deref(),
            stories: self
                .covering_stories(question)
                .into_iter()
                .map(|(_, id)| StoryOption {
                    key: self.page_key(&self.course.lectures[id].page.url),
                    title: &self.course.lectures[id].page.title,
                })
                .collect(),
        }
    }

    /// The stories that cover any of the question's principles, in story order: each
    /// with its place in the course's list of stories.
    pub(in crate::render) fn covering_stories(
        &self,
        question: &Question,
    ) -> Vec<(usize, LectureId)> {
        let covering: Vec<PrincipleId> = question
            .principles
            .iter()
            .filter_map(|slug| self.principle_by_slug(slug))
            .collect();
        self.course
            .stories
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, id)| {
                covering
                    .iter()
                    .any(|&p| self.course.principles[p].stories.contains(id))
            })
            .collect()
    }

    /// Every question once, grouped under its first principle (principle order), then
    /// those with no principle; the filters find a question by any of its principles.
    pub(in crate::render) fn questions_index(
        &self,
        base: PageBase<'a>,
    ) -> Result<tera::Value, Diagnostic> {
        let course = self.course;
        let group_of = |question: &Question| {
            question
                .principles
                .first()
                .and_then(|slug| self.principle_by_slug(slug))
        };
        let mut order: Vec<QuestionId> = QuestionId::all(course.questions.len()).collect();
        order.sort_by_key(|&q| group_of(&course.questions[q]).map_or(usize::MAX, |id| id.0));
        let mut groups: Vec<QuestionGroup> = Vec::new();
        let mut answers = 0;
        for at in order.into_iter().take(QUESTIONS_PAGE) {
            let question = &course.questions[at];
            let mut card = self.question_card(at);
            // The page's answers stay few: those past the budget load when opened.
            answers += card.answer_html.as_ref().map_or(0, String::len);
            if answers > QUESTIONS_PAGE_ANSWER_BYTES {
                card.answer_html = None;
                card.answer_later = question.answer.is_some();
            }
            let principle = group_of(question).map(|id| self.principle_link(id));
            match groups.last_mut() {
                Some(group)
                    if group.principle.as_ref().map(|p| p.slug)
                        == principle.as_ref().map(|p| p.slug) =>
                {
                    group.questions.push(card);
                }
                _ => groups.push(QuestionGroup {
                    principle,
                    questions: vec![card],
                }),
            }
        }
        let shown = groups.iter().map(|g| g.questions.len()).sum();
        to_value(&QuestionsPage {
            base,
            total: course.questions.len(),
            shown,
            groups,
            filters: Filters {
                text: true,
                ..self.filters()
            },
            bank_version: crate::render::bank::version(course),
        })
    }

    /// The values the question bank can be filtered by.
    pub(in crate::render) fn filters(&self) -> Filters<'a> {
        let course = self.course;
        Filters {
            principles: course
                .principles
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.questions.is_empty())
                .map(|(id, _)| self.principle_link(PrincipleId(id)))
                .collect(),
            sections: distinct(course.questions.iter().map(|q| q.section.as_str())),
            companies: distinct(course.questions.iter().filter_map(|q| q.company.as_deref())),
            levels: distinct(course.questions.iter().filter_map(|q| q.level.as_deref())),
            topics: distinct(course.questions.iter().filter_map(|q| q.topic.as_deref())),
            difficulties: distinct(
                course
                    .questions
                    .iter()
                    .filter_map(|q| q.difficulty.as_deref()),
            ),
            languages: Some(distinct(
                course
                    .questions
                    .iter()
                    .filter_map(|q| q.language.as_deref()),
            ))
            .filter(|languages| languages.len() > 1)
            .unwrap_or_default(),
            text: false,
        }
    }
}

/// The distinct values, sorted.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut values: Vec<&str> = values.filter(|v| !v.is_empty()).collect();
    values.sort_unstable();
    values.dedup();
    values
}
