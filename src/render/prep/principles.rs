//! The principles page (each framework's principles with what touches them) and each
//! principle's page: its definition, lectures, questions and stories.

use std::borrow::Cow;

use serde::Serialize;

use super::questions::QuestionCard;
use crate::diagnostic::Diagnostic;
use crate::model::Course;
use crate::model::generated::PrepPage;
use crate::model::{Kind, Layout, PrincipleId};
use crate::render::{Link, PageBase, Rendered, Renderer, to_value};

/// Questions shown on a principle's page; the rest are a link away on the questions page.
const PRINCIPLE_PAGE_QUESTIONS: usize = 100;

#[derive(Serialize)]
struct PrincipleSummary<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
    definition: &'a str,
    lecture_count: usize,
    question_count: usize,
    story_count: usize,
}

#[derive(Serialize)]
struct Framework<'a> {
    name: String,
    title: String,
    principles: Vec<PrincipleSummary<'a>>,
}

#[derive(Serialize)]
struct PrinciplesPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    frameworks: Vec<Framework<'a>>,
}

#[derive(Serialize)]
struct PrinciplePage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    aliases: &'a [String],
    framework: Option<&'a str>,
    generated: bool,
    lectures: Vec<Link<'a>>,
    questions: Vec<QuestionCard<'a>>,
    /// How many questions the principle has, and where they are all listed.
    questions_total: usize,
    questions_url: String,
    stories: Vec<Link<'a>>,
    worksheet: Option<Link<'a>>,
}

/// What the principles page shows, to tell when `serve` must render it again: each
/// principle's name, link, definition, framework and place, and how many lectures,
/// questions and stories touch it.
pub(in crate::render) fn shows(course: &Course) -> impl PartialEq + '_ {
    course
        .principles
        .iter()
        .map(|p| {
            let counts = (p.lectures.len(), p.questions.len(), p.stories.len());
            (
                &p.slug,
                &p.title,
                &p.url,
                &p.definition,
                &p.framework,
                p.order,
                counts,
            )
        })
        .collect::<Vec<_>>()
}

impl<'a> Renderer<'a> {
    pub(in crate::render) fn principles_index(
        &self,
        base: PageBase<'a>,
    ) -> Result<tera::Value, Diagnostic> {
        let mut frameworks: Vec<Framework> = Vec::new();
        for (id, principle) in self.course.principles.iter().enumerate() {
            let name = principle.framework.clone().unwrap_or_default();
            let summary = PrincipleSummary {
                slug: &principle.slug,
                title: &principle.title,
                url: &principle.url,
                definition: &principle.definition,
                lecture_count: principle.lectures.len(),
                question_count: principle.questions.len(),
                story_count: principle.stories.len(),
            };
            let _ = id;
            match frameworks.iter_mut().find(|f| f.name == name) {
                Some(framework) => framework.principles.push(summary),
                None => frameworks.push(Framework {
                    title: framework_title(&name),
                    name,
                    principles: vec![summary],
                }),
            }
        }
        to_value(&PrinciplesPage { base, frameworks })
    }

    /// A principle's page: its file's, or a generated one for a name without a file.
    pub(in crate::render) fn principle_page(
        &self,
        id: PrincipleId,
    ) -> Result<Rendered<'a>, Diagnostic> {
        let course = self.course;
        let principle = &course.principles[id];
        let (base, section) = match principle.lecture {
            Some(lecture) => {
                let lecture_ref = &course.lectures[lecture];
                let crumbs = self.breadcrumbs(lecture_ref.section, true);
                (
                    self.base("principle", &lecture_ref.page, crumbs),
                    Some(lecture_ref.section),
                )
            }
            None => (
                self.made_page("principle", &principle.title, Cow::Borrowed(&principle.url)),
                None,
            ),
        };
        let worksheet = course
            .lectures
            .iter()
            .find(|l| l.kind == Kind::Worksheet && l.layout == Some(Layout::PerPrinciple));
        let page = PrinciplePage {
            base,
            aliases: &principle.aliases,
            framework: principle.framework.as_deref(),
            generated: principle.lecture.is_none(),
            lectures: principle
                .lectures
                .iter()
                .map(|&l| self.link_to_lecture(l))
                .collect(),
            questions: principle
                .questions
                .iter()
                .take(PRINCIPLE_PAGE_QUESTIONS)
                .map(|&q| self.question_card(q))
                .collect(),
            questions_total: principle.questions.len(),
            questions_url: format!(
                "{}?principle={}",
                self.prep_url(PrepPage::Questions),
                principle.slug
            ),
            stories: principle
                .stories
                .iter()
                .map(|&s| self.link_to_lecture(s))
                .collect(),
            worksheet: worksheet.map(|w| Link {
                title: &w.page.title,
                url: &w.page.url,
            }),
        };
        Ok(Rendered {
            template: "principle.html",
            url: principle.url.clone(),
            page: to_value(&page)?,
            nav: self.nav(section, principle.lecture, Some(PrepPage::Principles)),
        })
    }
}

/// "amazon" -> "Amazon"; no framework -> "Principles".
fn framework_title(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Principles".to_string(),
    }
}
