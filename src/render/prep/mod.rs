//! The prep pages, one file each: the principles ([`principles`]), the question bank
//! ([`questions`]), practice, progress and the mock loop ([`study`]), answer templates
//! ([`templates`]), worksheets ([`worksheets`]) and the story bank ([`stories`]). Each
//! holds its page's view structs and the method that fills them; ordering, grouping and
//! counting happen there, so the templates only lay things out. Here: which page a prep
//! page is, its URL and header link, and the downloads.

mod principles;
mod questions;
mod stories;
mod study;
mod templates;
mod worksheets;

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::model::Course;
use crate::model::generated::PrepPage;
use crate::model::{Kind, LectureId, PrincipleId, SectionId};
use crate::render::{PageBase, PrepLink, Rendered, Renderer, SiteFiles, to_value};

use crate::model::generated::download_path;
use crate::prep::export;

/// Whether `serve` must render the prep page `page` again after `old` became `new`: what
/// it shows changed. Each page's file says what it shows; the lists of answer templates
/// and worksheets show each file's name, link and summary.
pub fn shows_a_change(page: PrepPage, old: &Course, new: &Course) -> bool {
    match page {
        PrepPage::Principles => principles::shows(old) != principles::shows(new),
        PrepPage::Questions => questions::shows(old) != questions::shows(new),
        PrepPage::Practice | PrepPage::Progress | PrepPage::Loop => {
            study::shows(old) != study::shows(new)
        }
        PrepPage::Stories => stories::shows(old) != stories::shows(new),
        PrepPage::Templates => listed(old, Kind::Template) != listed(new, Kind::Template),
        PrepPage::Worksheets => listed(old, Kind::Worksheet) != listed(new, Kind::Worksheet),
    }
}

/// The name, link and summary of each file of a kind, as its list page shows them.
fn listed(course: &Course, kind: Kind) -> Vec<(&str, &str, &str)> {
    course
        .lectures
        .iter()
        .filter(|lecture| lecture.kind == kind)
        .map(|l| {
            (
                l.page.url.as_str(),
                l.page.title.as_str(),
                l.page.description.as_str(),
            )
        })
        .collect()
}

impl<'a> Renderer<'a> {
    /// The URL of a prep page.
    pub(in crate::render) fn prep_url(&self, prep: PrepPage) -> String {
        format!("{}{}/", self.course.root, prep.folder())
    }

    /// Links to the prep pages this course has, for the header.
    pub(in crate::render) fn prep_links(&self, current: Option<PrepPage>) -> Vec<PrepLink<'a>> {
        self.prep_pages_made
            .iter()
            .map(|&(prep, _)| PrepLink {
                title: self.say(prep.title_key()),
                url: self.prep_url(prep),
                current: Some(prep) == current,
            })
            .collect()
    }

    /// A prep page, with the section that provides it (for its intro), if any.
    pub(in crate::render) fn prep_page(
        &self,
        prep: PrepPage,
        section: Option<SectionId>,
    ) -> Result<Rendered<'a>, Diagnostic> {
        let url = self.prep_url(prep);
        let base = match section {
            Some(id) => {
                let page = &self.course.sections[id].page;
                let mut base = self.base(prep.folder(), page, self.breadcrumbs(id, false));
                base.kind = prep.folder();
                base
            }
            None => self.made_page(
                prep.folder(),
                self.say(prep.title_key()),
                Cow::Owned(self.prep_url(prep)),
            ),
        };
        let (template, page) = match prep {
            PrepPage::Principles => ("principles.html", self.principles_index(base)?),
            PrepPage::Questions => ("questions.html", self.questions_index(base)?),
            PrepPage::Practice => ("practice.html", self.study_page(base)?),
            PrepPage::Progress => ("progress.html", self.study_page(base)?),
            PrepPage::Loop => ("loop.html", self.study_page(base)?),
            PrepPage::Stories => ("stories.html", self.stories_index(base)?),
            PrepPage::Templates => ("section.html", self.kind_list(base, Kind::Template)?),
            PrepPage::Worksheets => ("section.html", self.kind_list(base, Kind::Worksheet)?),
        };
        Ok(Rendered {
            template,
            url,
            page,
            nav: self.nav(section, None, Some(prep)),
        })
    }

    /// A page's path under the course root (`/prep/stories/launch/` -> `stories/launch/`):
    /// how the learner's data names pages, wherever the site is opened from.
    pub(in crate::render) fn page_key<'u>(&self, url: &'u str) -> &'u str {
        url.strip_prefix(self.course.root.as_str()).unwrap_or(url)
    }

    pub(in crate::render) fn principle_by_slug(&self, slug: &str) -> Option<PrincipleId> {
        self.course
            .principles
            .iter()
            .position(|p| p.slug == slug)
            .map(PrincipleId)
    }

    /// A generated list page of the files of one kind (templates, worksheets).
    pub(in crate::render) fn kind_list(
        &self,
        base: PageBase<'a>,
        kind: Kind,
    ) -> Result<tera::Value, Diagnostic> {
        let lectures = self
            .course
            .lectures
            .iter()
            .enumerate()
            .map(|(id, lecture)| (LectureId(id), lecture))
            .filter(|(id, l)| {
                l.kind == kind && self.course.sections[l.section].lectures.contains(id)
            })
            .map(|(id, _)| self.card(id))
            .collect();
        to_value(&super::SectionPage {
            base,
            subsections: Vec::new(),
            lectures,
            extra: None,
        })
    }

    /// Files that are not pages: each template's Markdown and the question bank exports.
    pub(in crate::render) fn downloads(&self) -> SiteFiles {
        let course = self.course;
        let mut files = SiteFiles::new();
        for lecture in course.lectures.iter().filter(|l| l.kind == Kind::Template) {
            let markdown = format!(
                "# {}\n\n{}",
                lecture.page.title,
                lecture.page.body().trim_start()
            );
            let path = download_path(&course.root, &lecture.page.url);
            files.insert(path, markdown.into_bytes());
        }
        if !course.questions.is_empty() {
            let (json, tsv) = rayon::join(
                || export::json(&course.questions),
                || export::anki_tsv(course),
            );
            files.insert("questions.json".into(), json.into_bytes());
            files.insert("questions.tsv".into(), tsv.into_bytes());
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::course_of;

    const TEMPLATE: &str = "---\ntitle: STAR\nkind: template\ndescription: Four parts.\n---\nS\n";
    const LECTURE: &str =
        "---\ntitle: L\nprinciples: [Ownership]\n---\n## Questions\n\n- Why did it fail?\n";

    /// The prep pages that must be rendered again after the files change.
    fn stale(before: &[(&str, &str)], after: &[(&str, &str)]) -> Vec<PrepPage> {
        let (old, _) = course_of(before);
        let (new, _) = course_of(after);
        PrepPage::ALL
            .into_iter()
            .filter(|&page| shows_a_change(page, &old, &new))
            .collect()
    }

    #[test]
    fn a_prep_page_is_stale_exactly_when_what_it_shows_changed() {
        let before = [("templates/star.md", TEMPLATE), ("s/l.md", LECTURE)];
        assert_eq!(stale(&before, &before), []);
        let described = TEMPLATE.replace("Four parts.", "Four steps.");
        assert_eq!(
            stale(
                &before,
                &[("templates/star.md", &described), ("s/l.md", LECTURE)]
            ),
            [PrepPage::Templates]
        );
        let asked = LECTURE.replace("Why did it fail?", "Why did it work?");
        let pages = stale(
            &before,
            &[("templates/star.md", TEMPLATE), ("s/l.md", &asked)],
        );
        for page in [
            PrepPage::Questions,
            PrepPage::Practice,
            PrepPage::Progress,
            PrepPage::Loop,
        ] {
            assert!(pages.contains(&page), "{page:?} in {pages:?}");
        }
        assert!(!pages.contains(&PrepPage::Templates), "{pages:?}");
        assert!(
            !pages.contains(&PrepPage::Principles),
            "the counts are the same: {pages:?}"
        );
    }
}
