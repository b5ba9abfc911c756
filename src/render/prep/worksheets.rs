//! A worksheet's printable page: one form per principle, the principle × story matrix, or
//! a single story's form.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::generated::PrepPage;
use crate::model::{Layout, LectureId, PrincipleId};
use crate::render::{Link, PageBase, PrincipleLink, Rendered, Renderer, to_value};

/// Empty columns a printed matrix gets for stories still to write.
const BLANK_MATRIX_COLUMNS: usize = 3;

#[derive(Serialize)]
struct WorksheetPrinciple<'a> {
    slug: &'a str,
    title: &'a str,
    definition: &'a str,
}

#[derive(Serialize)]
pub(in crate::render) struct MatrixRow<'a> {
    pub(in crate::render) principle: PrincipleLink<'a>,
    cells: Vec<bool>,
    pub(in crate::render) count: usize,
}

#[derive(Serialize)]
struct WorksheetPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    slug: &'a str,
    layout: &'static str,
    principles: Vec<WorksheetPrinciple<'a>>,
    stories: Vec<Link<'a>>,
    rows: Vec<MatrixRow<'a>>,
    blank_columns: usize,
}

impl<'a> Renderer<'a> {
    pub(in crate::render) fn worksheet_page(
        &self,
        id: LectureId,
    ) -> Result<Rendered<'a>, Diagnostic> {
        let course = self.course;
        let lecture = &course.lectures[id];
        let layout = match lecture.layout {
            Some(Layout::Matrix) => "matrix",
            Some(Layout::Story) => "story",
            Some(Layout::PerPrinciple) | None => "per-principle",
        };
        let page = WorksheetPage {
            base: self.base(
                "worksheet",
                &lecture.page,
                self.breadcrumbs(lecture.section, true),
            ),
            slug: &lecture.slug,
            layout,
            principles: course
                .principles
                .iter()
                .map(|p| WorksheetPrinciple {
                    slug: &p.slug,
                    title: &p.title,
                    definition: &p.definition,
                })
                .collect(),
            stories: course
                .stories
                .iter()
                .map(|&s| self.link_to_lecture(s))
                .collect(),
            rows: self.coverage_rows(),
            blank_columns: BLANK_MATRIX_COLUMNS,
        };
        Ok(Rendered {
            template: "worksheet.html",
            url: lecture.page.url.clone(),
            page: to_value(&page)?,
            nav: self.nav(Some(lecture.section), Some(id), Some(PrepPage::Worksheets)),
        })
    }

    /// One row per principle, one cell per story: whether the story covers it.
    pub(in crate::render) fn coverage_rows(&self) -> Vec<MatrixRow<'a>> {
        let course = self.course;
        course
            .principles
            .iter()
            .enumerate()
            .map(|(id, principle)| {
                let cells: Vec<bool> = course
                    .stories
                    .iter()
                    .map(|s| principle.stories.contains(s))
                    .collect();
                MatrixRow {
                    principle: self.principle_link(PrincipleId(id)),
                    count: cells.iter().filter(|&&c| c).count(),
                    cells,
                }
            })
            .collect()
    }
}
