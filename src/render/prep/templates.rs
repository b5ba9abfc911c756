//! An answer template's page (STAR, STARL), whose Markdown is also a download.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::model::LectureId;
use crate::model::generated::PrepPage;
use crate::render::{PageBase, Rendered, Renderer, to_value};

#[derive(Serialize)]
struct TemplatePage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    download_url: String,
    download_name: String,
}

impl<'a> Renderer<'a> {
    pub(in crate::render) fn template_page(
        &self,
        id: LectureId,
    ) -> Result<Rendered<'a>, Diagnostic> {
        let lecture = &self.course.lectures[id];
        let page = TemplatePage {
            base: self.base(
                "template",
                &lecture.page,
                self.breadcrumbs(lecture.section, true),
            ),
            download_url: format!("{}templates/{}.md", self.course.root, lecture.slug),
            download_name: format!("{}.md", lecture.slug),
        };
        Ok(Rendered {
            template: "template.html",
            url: lecture.page.url.clone(),
            page: to_value(&page)?,
            nav: self.nav(Some(lecture.section), Some(id), Some(PrepPage::Templates)),
        })
    }
}
