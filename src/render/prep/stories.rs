//! The story bank: each story's page, and the stories page with the principle × story
//! coverage grid, the gaps and the questions each story was chosen for. A story page
//! lists the lengths the story is told at (its shorter versions, see
//! [`crate::prep::story_lint::versions`]) with a link to rehearse it in practice.

use serde::Serialize;

use super::worksheets::MatrixRow;
use crate::diagnostic::Diagnostic;
use crate::model::Course;
use crate::model::generated::PrepPage;
use crate::model::{LectureId, Page};
use crate::prep::story_lint;
use crate::render::{Link, PageBase, PrincipleLink, Rendered, Renderer, to_value};

#[derive(Serialize)]
struct StoryPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    principles: Vec<PrincipleLink<'a>>,
    tags: &'a [String],
    /// The story's shorter versions, shortest first; empty when it has none.
    versions: Vec<VersionLink<'a>>,
    /// Practice, with this story chosen for rehearsing, when the course has practice.
    rehearse_url: Option<String>,
}

/// One of a story's shorter versions, as its page links to it.
#[derive(Serialize, PartialEq)]
struct VersionLink<'a> {
    seconds: u32,
    /// The id of its heading.
    id: &'a str,
}

#[derive(Serialize)]
struct StorySummary<'a> {
    key: &'a str,
    title: &'a str,
    url: &'a str,
    description: &'a str,
    principles: Vec<PrincipleLink<'a>>,
    /// Its shorter versions, shortest first.
    versions: Vec<VersionLink<'a>>,
}

#[derive(Serialize)]
struct Grid<'a> {
    stories: Vec<Link<'a>>,
    rows: Vec<MatrixRow<'a>>,
}

#[derive(Serialize)]
struct Gap<'a> {
    title: &'a str,
    url: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct StoriesPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    stories: Vec<StorySummary<'a>>,
    grid: Grid<'a>,
    gaps: Vec<Gap<'a>>,
    /// The questions a story covers, as JSON: the learner's chosen stories are shown
    /// against them.
    questions_json: String,
    /// Whether any question can be answered with a story.
    answerable: bool,
}

/// A question some story covers, for the stories page's script.
#[derive(Serialize)]
struct CoveredQuestion<'a> {
    id: &'a str,
    text: &'a str,
    /// Relative to the stories page.
    url: String,
}

/// What the stories page shows, to tell when `serve` must render it again: each story's
/// name, link, summary and principles, the principles with the stories that cover
/// them, and the questions those stories can answer.
pub(in crate::render) fn shows(course: &Course) -> impl PartialEq + '_ {
    let stories: Vec<_> = course
        .stories
        .iter()
        .map(|&id| {
            let lecture = &course.lectures[id];
            let page = &lecture.page;
            (
                &page.url,
                &page.title,
                &page.description,
                &lecture.principles,
                versions(&lecture.page),
            )
        })
        .collect();
    let principles: Vec<_> = course
        .principles
        .iter()
        .map(|p| (&p.slug, &p.title, &p.url, &p.stories))
        .collect();
    let questions: Vec<_> = course
        .questions
        .iter()
        .map(|q| (&q.id, &q.text, &q.url, &q.principles))
        .collect();
    (stories, principles, questions)
}

impl<'a> Renderer<'a> {
    pub(in crate::render) fn story_page(&self, id: LectureId) -> Result<Rendered<'a>, Diagnostic> {
        let lecture = &self.course.lectures[id];
        let story = &lecture.page;
        let has_practice = self
            .prep_pages_made
            .iter()
            .any(|&(prep, _)| prep == PrepPage::Practice);
        let rehearse_url = has_practice.then(|| {
            format!(
                "{}?story={}#rehearse",
                self.prep_url(PrepPage::Practice),
                self.page_key(&story.url)
            )
        });
        let page = StoryPage {
            base: self.base(
                "story",
                &lecture.page,
                self.breadcrumbs(lecture.section, true),
            ),
            principles: lecture
                .principles
                .iter()
                .map(|&p| self.principle_link(p))
                .collect(),
            tags: &lecture.page.tags,
            versions: versions(story),
            rehearse_url,
        };
        Ok(Rendered {
            template: "story.html",
            url: lecture.page.url.clone(),
            page: to_value(&page)?,
            nav: self.nav(Some(lecture.section), Some(id), Some(PrepPage::Stories)),
        })
    }

    pub(in crate::render) fn stories_index(
        &self,
        base: PageBase<'a>,
    ) -> Result<tera::Value, Diagnostic> {
        let course = self.course;
        let stories = course
            .stories
            .iter()
            .map(|&id| {
                let lecture = &course.lectures[id];
                StorySummary {
                    key: self.page_key(&lecture.page.url),
                    title: &lecture.page.title,
                    url: &lecture.page.url,
                    description: &lecture.page.description,
                    principles: lecture
                        .principles
                        .iter()
                        .map(|&p| self.principle_link(p))
                        .collect(),
                    versions: versions(&lecture.page),
                }
            })
            .collect();
        let rows = self.coverage_rows();
        let gaps = rows
            .iter()
            .filter(|row| row.count < 2)
            .map(|row| Gap {
                title: row.principle.title,
                url: row.principle.url,
                count: row.count,
            })
            .collect();
        let grid = Grid {
            stories: course
                .stories
                .iter()
                .map(|&s| self.link_to_lecture(s))
                .collect(),
            rows,
        };
        let here = self.prep_url(PrepPage::Stories);
        let covered: Vec<CoveredQuestion> = course
            .questions
            .iter()
            .filter(|q| !self.covering_stories(q).is_empty())
            .map(|q| CoveredQuestion {
                id: &q.id,
                text: &q.text,
                url: crate::render::relative::relative(&here, &q.url),
            })
            .collect();
        to_value(&StoriesPage {
            base,
            stories,
            grid,
            gaps,
            answerable: !covered.is_empty(),
            questions_json: script_json(&covered),
        })
    }
}

/// A story's shorter versions, shortest first.
fn versions(page: &Page) -> Vec<VersionLink<'_>> {
    let mut versions: Vec<VersionLink> =
        story_lint::versions(&page.text, page.body_offset, &page.headings)
            .into_iter()
            .map(|v| VersionLink {
                seconds: v.seconds,
                id: &page.headings[v.heading].id,
            })
            .collect();
    versions.sort_by_key(|v| v.seconds);
    versions
}

/// JSON safe to put inside a `<script>` element.
pub(super) fn script_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "[]".to_string())
        .replace('<', "\\u003c")
}
