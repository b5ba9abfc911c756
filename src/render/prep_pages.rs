//! The prep pages' data: principles, the question bank and practice mode, answer
//! templates (with their Markdown download), worksheets, stories and the story bank.
//! Ordering, grouping and counting happen here, so the templates only lay things out.

use serde::Serialize;

use std::borrow::Cow;

use super::{
    Link, PageBase, PrepLink, PrincipleLink, Rendered, Renderer, SiteFiles, Special, to_value,
};
use crate::diagnostic::Diagnostic;
use crate::model::Question;
use crate::model::generated::download_path;
use crate::model::{Kind, Layout};
use crate::model::{LectureId, PrincipleId, SectionId};
use crate::prep::export;

/// Questions in the questions page's HTML; its script shows the others, as many at a time.
const QUESTIONS_PAGE: usize = 50;

/// The answers the questions page's HTML holds at most, in bytes of HTML: those of its
/// first questions; the others' load when opened.
const QUESTIONS_PAGE_ANSWER_BYTES: usize = 256 * 1024;

/// Questions shown on a principle's page; the rest are a link away on the questions page.
const PRINCIPLE_PAGE_QUESTIONS: usize = 100;

/// Empty columns a printed matrix gets for stories still to write.
const BLANK_MATRIX_COLUMNS: usize = 3;

#[derive(Serialize)]
struct QuestionCard<'a> {
    id: &'a str,
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

#[derive(Serialize)]
struct QuestionGroup<'a> {
    principle: Option<PrincipleLink<'a>>,
    questions: Vec<QuestionCard<'a>>,
}

#[derive(Serialize)]
struct Filters<'a> {
    principles: Vec<PrincipleLink<'a>>,
    sections: Vec<&'a str>,
    companies: Vec<&'a str>,
    levels: Vec<&'a str>,
    topics: Vec<&'a str>,
    difficulties: Vec<&'a str>,
    /// Only when the bank has questions in more than one language.
    languages: Vec<&'a str>,
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

/// Practice, progress and the mock loop: their data is the question bank's files
/// (`question-bank/`, see [`super::bank`]), read by the page's script with the learner's reviews
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

#[derive(Serialize)]
struct TemplatePage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    download_url: String,
    download_name: String,
}

#[derive(Serialize)]
struct WorksheetPrinciple<'a> {
    slug: &'a str,
    title: &'a str,
    definition: &'a str,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    principle: PrincipleLink<'a>,
    cells: Vec<bool>,
    count: usize,
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

#[derive(Serialize)]
struct StoryPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    principles: Vec<PrincipleLink<'a>>,
    tags: &'a [String],
}

#[derive(Serialize)]
struct StorySummary<'a> {
    key: &'a str,
    title: &'a str,
    url: &'a str,
    description: &'a str,
    principles: Vec<PrincipleLink<'a>>,
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

impl<'a> Renderer<'a> {
    /// The URL of a prep page.
    pub(super) fn special_url(&self, special: Special) -> String {
        format!("{}{}/", self.course.root, special.folder())
    }

    /// Links to the prep pages this course has, for the header.
    pub(super) fn prep_links(&self, current: Option<Special>) -> Vec<PrepLink> {
        self.specials
            .iter()
            .map(|&(special, _)| PrepLink {
                title: special.title(),
                url: self.special_url(special),
                current: Some(special) == current,
            })
            .collect()
    }

    /// A prep page, with the section that provides it (for its intro), if any.
    pub(super) fn special_page(
        &self,
        special: Special,
        section: Option<SectionId>,
    ) -> Result<Rendered<'a>, Diagnostic> {
        let url = self.special_url(special);
        let base = match section {
            Some(id) => {
                let page = &self.course.sections[id].page;
                let mut base = self.base(special.folder(), page, self.breadcrumbs(id, false));
                base.kind = special.folder();
                base
            }
            None => PageBase {
                kind: special.folder(),
                title: special.title(),
                description: "",
                url: Cow::Owned(self.special_url(special)),
                content: String::new(),
                breadcrumbs: vec![self.link_to_section(SectionId::HOME)],
            },
        };
        let (template, page) = match special {
            Special::Principles => ("principles.html", self.principles_index(base)?),
            Special::Questions => ("questions.html", self.questions_index(base)?),
            Special::Practice => ("practice.html", self.study_page(base)?),
            Special::Progress => ("progress.html", self.study_page(base)?),
            Special::Loop => ("loop.html", self.study_page(base)?),
            Special::Stories => ("stories.html", self.stories_index(base)?),
            Special::Templates => ("section.html", self.kind_list(base, Kind::Template)?),
            Special::Worksheets => ("section.html", self.kind_list(base, Kind::Worksheet)?),
        };
        Ok(Rendered {
            template,
            url,
            page,
            nav: self.nav(section, None, Some(special)),
        })
    }

    fn question_card(&self, question: &'a Question) -> QuestionCard<'a> {
        QuestionCard {
            id: &question.id,
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
            answer_html: super::bank::answer_html(question),
            answer_later: false,
            language: question.language.as_deref(),
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
    fn covering_stories(&self, question: &Question) -> Vec<(usize, LectureId)> {
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

    /// A page's path under the course root (`/prep/stories/launch/` -> `stories/launch/`):
    /// how the learner's data names pages, wherever the site is opened from.
    fn page_key<'u>(&self, url: &'u str) -> &'u str {
        url.strip_prefix(self.course.root.as_str()).unwrap_or(url)
    }

    fn principle_by_slug(&self, slug: &str) -> Option<PrincipleId> {
        self.course
            .principles
            .iter()
            .position(|p| p.slug == slug)
            .map(PrincipleId)
    }

    fn principles_index(&self, base: PageBase<'a>) -> Result<tera::Value, Diagnostic> {
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
    pub(super) fn principle_page(&self, id: PrincipleId) -> Result<Rendered<'a>, Diagnostic> {
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
                PageBase {
                    kind: "principle",
                    title: &principle.title,
                    description: "",
                    url: Cow::Borrowed(&principle.url),
                    content: String::new(),
                    breadcrumbs: vec![self.link_to_section(SectionId::HOME)],
                },
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
                .map(|&q| self.question_card(&course.questions[q]))
                .collect(),
            questions_total: principle.questions.len(),
            questions_url: format!(
                "{}?principle={}",
                self.special_url(Special::Questions),
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
            nav: self.nav(section, principle.lecture, Some(Special::Principles)),
        })
    }

    /// Every question once, grouped under its first principle (principle order), then
    /// those with no principle; the filters find a question by any of its principles.
    fn questions_index(&self, base: PageBase<'a>) -> Result<tera::Value, Diagnostic> {
        let course = self.course;
        let group_of = |question: &Question| {
            question
                .principles
                .first()
                .and_then(|slug| self.principle_by_slug(slug))
        };
        let mut order: Vec<&Question> = course.questions.iter().collect();
        order.sort_by_key(|&q| group_of(q).map_or(usize::MAX, |id| id.0));
        let mut groups: Vec<QuestionGroup> = Vec::new();
        let mut answers = 0;
        for question in order.into_iter().take(QUESTIONS_PAGE) {
            let mut card = self.question_card(question);
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
            filters: self.filters(),
            bank_version: super::bank::version(course),
        })
    }

    /// Practice, progress or the mock loop: the filters; the questions come from the
    /// bank's files.
    fn study_page(&self, base: PageBase<'a>) -> Result<tera::Value, Diagnostic> {
        to_value(&StudyPage {
            base,
            filters: self.filters(),
            bank_version: super::bank::version(self.course),
            practice_url: self.special_url(Special::Practice),
        })
    }

    /// The values the question bank can be filtered by.
    fn filters(&self) -> Filters<'a> {
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
        }
    }

    /// A generated list page of the files of one kind (templates, worksheets).
    fn kind_list(&self, base: PageBase<'a>, kind: Kind) -> Result<tera::Value, Diagnostic> {
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

    pub(super) fn template_page(&self, id: LectureId) -> Result<Rendered<'a>, Diagnostic> {
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
            nav: self.nav(Some(lecture.section), Some(id), Some(Special::Templates)),
        })
    }

    pub(super) fn worksheet_page(&self, id: LectureId) -> Result<Rendered<'a>, Diagnostic> {
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
            nav: self.nav(Some(lecture.section), Some(id), Some(Special::Worksheets)),
        })
    }

    /// One row per principle, one cell per story: whether the story covers it.
    fn coverage_rows(&self) -> Vec<MatrixRow<'a>> {
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

    pub(super) fn story_page(&self, id: LectureId) -> Result<Rendered<'a>, Diagnostic> {
        let lecture = &self.course.lectures[id];
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
        };
        Ok(Rendered {
            template: "story.html",
            url: lecture.page.url.clone(),
            page: to_value(&page)?,
            nav: self.nav(Some(lecture.section), Some(id), Some(Special::Stories)),
        })
    }

    fn stories_index(&self, base: PageBase<'a>) -> Result<tera::Value, Diagnostic> {
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
        let here = self.special_url(Special::Stories);
        let covered: Vec<CoveredQuestion> = course
            .questions
            .iter()
            .filter(|q| !self.covering_stories(q).is_empty())
            .map(|q| CoveredQuestion {
                id: &q.id,
                text: &q.text,
                url: super::relative::relative(&here, &q.url),
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

    /// Files that are not pages: each template's Markdown and the question bank exports.
    pub(super) fn downloads(&self) -> SiteFiles {
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

/// "amazon" -> "Amazon"; no framework -> "Principles".
fn framework_title(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Principles".to_string(),
    }
}

/// The distinct values, sorted.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut values: Vec<&str> = values.filter(|v| !v.is_empty()).collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// JSON safe to put inside a `<script>` element.
fn script_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "[]".to_string())
        .replace('<', "\\u003c")
}
