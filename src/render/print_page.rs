//! The whole course on one page, for printing: a cover, a table of contents, then every
//! section and lecture in reading order. Each page's ids are prefixed with its own anchor
//! so they stay unique, and links between lectures point inside the page.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{PageBase, Renderer, to_value};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Targets};
use crate::model::Kind;
use crate::model::{Page, SectionId};

#[derive(Serialize)]
struct Entry<'a> {
    anchor: String,
    title: &'a str,
    depth: usize,
    is_section: bool,
}

#[derive(Serialize)]
struct Chapter<'a> {
    anchor: String,
    title: &'a str,
    depth: usize,
    is_section: bool,
    content: String,
}

#[derive(Serialize)]
struct PrintPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    toc: Vec<Entry<'a>>,
    chapters: Vec<Chapter<'a>>,
}

/// The anchor of a page on the print page, from its URL (`/a/b/` -> `a-b`).
fn anchor(root: &str, url: &str) -> String {
    let path = url.strip_prefix(root).unwrap_or(url).trim_matches('/');
    if path.is_empty() {
        "course".to_string()
    } else {
        path.replace('/', "-")
    }
}

impl<'a> Renderer<'a> {
    /// The URL of the print page.
    pub(super) fn print_url(&self) -> String {
        format!("{}{}", self.course.root, super::PRINT_URL)
    }

    /// The sections and lectures of the print page, in reading order, with their depth.
    fn printed_pages(&self) -> Vec<(&'a Page, usize, bool)> {
        let mut pages = Vec::new();
        self.push_printed(SectionId::HOME, 0, &mut pages);
        pages
    }

    fn push_printed(
        &self,
        section: SectionId,
        depth: usize,
        pages: &mut Vec<(&'a Page, usize, bool)>,
    ) {
        let course = self.course;
        let section_ref = &course.sections[section];
        if section != SectionId::HOME {
            pages.push((&section_ref.page, depth, true));
        }
        let lecture_depth = if section == SectionId::HOME {
            0
        } else {
            depth + 1
        };
        for &id in &section_ref.lectures {
            if course.lectures[id].kind == Kind::Lecture {
                pages.push((&course.lectures[id].page, lecture_depth, false));
            }
        }
        for &sub in &section_ref.subsections {
            self.push_printed(
                sub,
                if section == SectionId::HOME {
                    0
                } else {
                    depth + 1
                },
                pages,
            );
        }
    }

    pub(super) fn print_page(&self) -> Result<tera::Value, Diagnostic> {
        let course = self.course;
        let printed = self.printed_pages();
        let anchors: HashMap<String, String> = printed
            .iter()
            .map(|(page, _, _)| (page.url.clone(), anchor(&course.root, &page.url)))
            .collect();
        let home = &course.sections[0].page;
        let chapters = printed
            .par_iter()
            .map(|&(page, depth, is_section)| {
                let prefix = anchor(&course.root, &page.url);
                let targets = Targets::Print {
                    links: &page.links,
                    prefix: &prefix,
                    pages: &anchors,
                };
                Chapter {
                    content: markdown::render_with(
                        page.body(),
                        &page.headings,
                        &page.title,
                        &targets,
                    ),
                    anchor: prefix,
                    title: &page.title,
                    depth,
                    is_section,
                }
            })
            .collect();
        let toc = printed
            .iter()
            .map(|&(page, depth, is_section)| Entry {
                anchor: anchor(&course.root, &page.url),
                title: &page.title,
                depth,
                is_section,
            })
            .collect();
        let base = PageBase {
            kind: "print",
            title: &course.config.title,
            description: if course.config.description.is_empty() {
                &home.description
            } else {
                &course.config.description
            },
            url: Cow::Owned(self.print_url()),
            content: markdown::render_with(
                home.body(),
                &home.headings,
                &home.title,
                &Targets::Print {
                    links: &home.links,
                    prefix: "course",
                    pages: &anchors,
                },
            ),
            breadcrumbs: Vec::new(),
        };
        to_value(&PrintPage {
            base,
            toc,
            chapters,
        })
    }
}
