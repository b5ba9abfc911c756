//! The whole course for printing: a cover, a table of contents, then every section and
//! lecture in reading order. Each page's ids are prefixed with its own anchor so they
//! stay unique, and links between lectures point inside the printed course.
//!
//! A course whose Markdown exceeds
//! [`PRINT_PAGE_LIMIT`](crate::model::generated::PRINT_PAGE_LIMIT) is printed in parts,
//! one print page per top-level section (`print/<section>/`), and `print/` becomes the
//! cover and contents, linking into them: a single HTML file of a big course (116 MB at
//! 10,000 lectures) is more than a browser can lay out and print. Links between parts
//! lead from one part into the other.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use serde::Serialize;

use super::{PageBase, Renderer, to_value};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, PrintPlace, Targets};
use crate::model::Kind;
use crate::model::generated::{PRINT_URL, part_url, print_anchor, printed_in_parts};
use crate::model::{Page, SectionId};

/// Print pages rendered, and then written, side by side, per thread.
const PRINT_PAGES_A_THREAD: usize = 4;

#[derive(Serialize)]
struct Entry<'a> {
    /// Where the entry is printed, from this print page.
    href: String,
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
    /// On a part: the print page with the cover and the whole contents.
    contents_url: Option<String>,
    /// On the cover of a course printed in parts: how many parts.
    parts: usize,
}

/// One print page: the cover and contents (`section` None), or the part of one
/// top-level section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PrintFile {
    section: Option<SectionId>,
}

/// A page on a print page: the page, its depth in the contents, whether it is a section.
type Printed<'a> = (&'a Page, usize, bool);

/// Which page is printed where ([`Renderer::print_plan`]).
struct PrintPlan<'a> {
    /// The print pages: the one page, or the cover and one part per top-level section.
    files: Vec<PrintFile>,
    /// The sections and lectures printed, in reading order, with the print page each
    /// is on.
    printed: Vec<(PrintFile, Printed<'a>)>,
    /// Where each printed page is, by its URL.
    places: HashMap<String, PrintPlace>,
    /// Each print page's own pages, in reading order.
    own: HashMap<Option<SectionId>, Vec<Printed<'a>>>,
}

impl<'a> PrintPlan<'a> {
    fn own_pages(&self, file: PrintFile) -> &[Printed<'a>] {
        self.own.get(&file.section).map_or(&[], Vec::as_slice)
    }
}

/// The print pages made beside the pages, in a build of every page: the render stage
/// makes each printed page's print copy from the page's own parse
/// ([`markdown::render_page`]) and keeps it here until every page of its
/// print page is in; that print page is then made ([`Renderer::print_made_beside`]), so
/// the copies of about one part wait in memory, never the whole course's.
pub(super) struct PrintBeside<'a> {
    plan: PrintPlan<'a>,
    /// The print copies made and not yet printed, by page URL.
    copies: Mutex<HashMap<String, String>>,
    /// The print pages not made yet.
    waiting: Mutex<Vec<PrintFile>>,
}

impl PrintBeside<'_> {
    /// Where a page is printed, with the places of all the printed pages; `None` when it
    /// is not printed.
    pub(super) fn place_of(
        &self,
        url: &str,
    ) -> Option<(&PrintPlace, &HashMap<String, PrintPlace>)> {
        let places = &self.plan.places;
        Some((places.get(url)?, places))
    }

    /// Keeps a page's print copy until its print page is made.
    pub(super) fn keep(&self, url: &str, copy: String) {
        let mut copies = self.copies.lock().unwrap_or_else(PoisonError::into_inner);
        copies.insert(url.to_string(), copy);
    }
}

impl<'a> Renderer<'a> {
    /// The URL of the print page (the cover and contents, when printed in parts).
    pub(super) fn print_url(&self) -> String {
        format!("{}{}", self.course.root, PRINT_URL)
    }

    fn print_file_url(&self, file: PrintFile) -> String {
        match file.section {
            Some(section) => part_url(self.course, section),
            None => self.print_url(),
        }
    }

    /// The print pages: the one page, or the cover and one part per top-level section.
    fn print_files(&self) -> Vec<PrintFile> {
        let mut files = vec![PrintFile { section: None }];
        if printed_in_parts(self.course) {
            files.extend(self.course.top_sections().iter().map(|&section| PrintFile {
                section: Some(section),
            }));
        }
        files
    }

    /// The sections and lectures printed, in reading order, with the print page each
    /// is on.
    fn printed_pages(&self) -> Vec<(PrintFile, Printed<'a>)> {
        let in_parts = printed_in_parts(self.course);
        let mut pages = Vec::new();
        self.push_printed(SectionId::HOME, 0, &mut pages);
        pages
            .into_iter()
            .map(|(section, printed)| {
                let section = match in_parts {
                    true => self.course.top_section_of(section),
                    false => None,
                };
                (PrintFile { section }, printed)
            })
            .collect()
    }

    fn push_printed(
        &self,
        section: SectionId,
        depth: usize,
        pages: &mut Vec<(SectionId, Printed<'a>)>,
    ) {
        let course = self.course;
        let section_ref = &course.sections[section];
        if section != SectionId::HOME {
            pages.push((section, (&section_ref.page, depth, true)));
        }
        let inner = if section == SectionId::HOME {
            0
        } else {
            depth + 1
        };
        for &id in &section_ref.lectures {
            if course.lectures[id].kind == Kind::Lecture {
                pages.push((section, (&course.lectures[id].page, inner, false)));
            }
        }
        for &sub in &section_ref.subsections {
            self.push_printed(sub, inner, pages);
        }
    }

    /// Every print page, rendered: (output path, HTML).
    pub(super) fn print_pages(&self) -> Result<Vec<super::SiteFile>, Diagnostic> {
        let mut rendered = Vec::new();
        self.print_pages_each(None, &mut |files| {
            rendered.extend(files);
            true
        })?;
        Ok(rendered)
    }

    /// Every print page, rendered and handed to `each` a few at a time (a big course's
    /// parts together would be the biggest thing a build holds), until `each` says stop.
    /// With `only` (page URLs), only the print pages that print one of those pages: a
    /// part that prints one, the cover when it is the home page.
    pub(super) fn print_pages_each(
        &self,
        only: Option<&HashSet<&str>>,
        each: &mut dyn FnMut(super::SiteFiles) -> bool,
    ) -> Result<(), Diagnostic> {
        let plan = self.print_plan();
        let home = self.course.sections[SectionId::HOME].page.url.as_str();
        let files: Vec<PrintFile> = match only {
            None => plan.files.clone(),
            Some(urls) => plan
                .files
                .iter()
                .copied()
                .filter(|file| {
                    (file.section.is_none() && urls.contains(home))
                        || plan
                            .own_pages(*file)
                            .iter()
                            .any(|(page, _, _)| urls.contains(page.url.as_str()))
                })
                .collect(),
        };
        self.make_print_files(&plan, &files, None, each)
    }

    /// Which page is printed where: the print pages, each one's own pages, and every
    /// printed page's place.
    fn print_plan(&self) -> PrintPlan<'a> {
        let course = self.course;
        let printed = self.printed_pages();
        let places: HashMap<String, PrintPlace> = printed
            .iter()
            .map(|&(file, (page, _, _))| {
                let place = PrintPlace {
                    file: self.print_file_url(file),
                    anchor: print_anchor(&course.root, &page.url),
                };
                (page.url.clone(), place)
            })
            .collect();
        // Each print page's own pages, in reading order, found in one pass.
        let mut own: HashMap<Option<SectionId>, Vec<Printed<'a>>> = HashMap::new();
        for &(file, printed) in &printed {
            own.entry(file.section).or_default().push(printed);
        }
        PrintPlan {
            files: self.print_files(),
            printed,
            places,
            own,
        }
    }

    /// `files`, rendered and handed on a few at a time; a page's print copy is taken from
    /// `copies` when the render stage made it there.
    fn make_print_files(
        &self,
        plan: &PrintPlan<'a>,
        files: &[PrintFile],
        copies: Option<&Mutex<HashMap<String, String>>>,
        each: &mut dyn FnMut(super::SiteFiles) -> bool,
    ) -> Result<(), Diagnostic> {
        let parts = plan.files.len() - 1;
        // A few print pages at a time, side by side, handed on together so that they are
        // written side by side too: handed on one by one, each was written by one thread
        // while the others waited (at 100,000 lectures a third of the print pages' time).
        // Four a thread keep every core busy while only that many pages are in memory.
        for group in files.chunks(PRINT_PAGES_A_THREAD * rayon::current_num_threads().max(1)) {
            let rendered: Vec<Result<super::SiteFile, Diagnostic>> = group
                .par_iter()
                .map(|&file| {
                    let url = self.print_file_url(file);
                    let own = plan.own_pages(file);
                    let page = self.print_page(file, &url, own, plan, copies, parts)?;
                    let html =
                        self.render_template("print.html", page, &super::Nav::default(), &url)?;
                    let html = super::relative::relativize(&html, &self.course.site_root, &url);
                    Ok((
                        super::output_path(&self.course.root, &url),
                        html.into_bytes(),
                    ))
                })
                .collect();
            let rendered: super::SiteFiles = rendered.into_iter().collect::<Result<_, _>>()?;
            if !each(rendered) {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Makes the print pages beside the pages from now on ([`PrintBeside`]).
    pub(super) fn print_beside(&mut self) {
        let plan = self.print_plan();
        let waiting = Mutex::new(plan.files.clone());
        self.beside = Some(PrintBeside {
            plan,
            copies: Mutex::default(),
            waiting,
        });
    }

    /// The print pages made beside the pages whose every page has its print copy now
    /// (with `rest`, every one not made yet, a page without its copy parsed again),
    /// handed to `each` as [`Self::print_pages_each`] does.
    pub(super) fn print_made_beside(
        &self,
        rest: bool,
        each: &mut dyn FnMut(super::SiteFiles) -> bool,
    ) -> Result<(), Diagnostic> {
        let Some(beside) = &self.beside else {
            return Ok(());
        };
        let ready: Vec<PrintFile> = {
            // A lock is poisoned only by a render thread's panic, which rayon passes on.
            let copies = beside.copies.lock().unwrap_or_else(PoisonError::into_inner);
            let mut waiting = beside
                .waiting
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let (ready, still) = waiting.iter().partition(|&&file| {
                rest || beside
                    .plan
                    .own_pages(file)
                    .iter()
                    .all(|(page, _, _)| copies.contains_key(page.url.as_str()))
            });
            *waiting = still;
            ready
        };
        self.make_print_files(&beside.plan, &ready, Some(&beside.copies), each)
    }

    /// A printed page's chapter: its HTML with the print page's ids and links.
    fn print_copy(
        &self,
        page: &Page,
        prefix: &str,
        places: &HashMap<String, PrintPlace>,
        here: &str,
    ) -> String {
        let targets = Targets::Print {
            links: &page.links,
            prefix,
            pages: places,
            here,
        };
        self.marked_up(markdown::render_with(
            page.body(),
            &page.headings,
            &page.title,
            &targets,
        ))
    }

    /// One print page: `own` are the pages printed on it, `printed` all of them.
    fn print_page(
        &self,
        file: PrintFile,
        url: &str,
        own: &[Printed<'a>],
        plan: &PrintPlan<'a>,
        copies: Option<&Mutex<HashMap<String, String>>>,
        parts: usize,
    ) -> Result<tera::Value, Diagnostic> {
        let course = self.course;
        let home = &course.sections[0].page;
        let (printed, places) = (&plan.printed, &plan.places);
        let chapters = own
            .par_iter()
            .map(|&(page, depth, is_section)| {
                let prefix = print_anchor(&course.root, &page.url);
                let made_beside = copies.and_then(|copies| {
                    let mut copies = copies.lock().unwrap_or_else(PoisonError::into_inner);
                    copies.remove(page.url.as_str())
                });
                Chapter {
                    content: made_beside
                        .unwrap_or_else(|| self.print_copy(page, &prefix, places, url)),
                    anchor: prefix,
                    title: &page.title,
                    depth,
                    is_section,
                }
            })
            .collect();
        // The cover lists every page, or, when the course is in parts, its sections;
        // a part lists its own pages.
        let on_this_page: Vec<Printed<'a>> = match file.section {
            Some(_) => own.to_vec(),
            None => printed
                .iter()
                .filter(|&&(on, (_, _, is_section))| on == file || is_section)
                .map(|&(_, printed)| printed)
                .collect(),
        };
        let toc = on_this_page
            .iter()
            .map(|&(page, depth, is_section)| Entry {
                href: places[&page.url].href(url, ""),
                title: &page.title,
                depth,
                is_section,
            })
            .collect();
        let title = match file.section {
            Some(section) => &course.sections[section].page.title,
            None => &course.config.title,
        };
        let base = PageBase {
            kind: "print",
            title,
            description: if file.section.is_some() {
                ""
            } else if course.config.description.is_empty() {
                &home.description
            } else {
                &course.config.description
            },
            url: Cow::Owned(url.to_string()),
            content: match file.section {
                Some(_) => String::new(),
                None => self.theme.strings.name_markup(markdown::render_with(
                    home.body(),
                    &home.headings,
                    &home.title,
                    &Targets::Print {
                        links: &home.links,
                        prefix: "course",
                        pages: places,
                        here: url,
                    },
                )),
            },
            breadcrumbs: Vec::new(),
            backlinks: Vec::new(),
            local_graph: None,
            updated: None,
            edit_url: None,
        };
        to_value(&PrintPage {
            base,
            toc,
            chapters,
            contents_url: file.section.map(|_| self.print_url()),
            parts: if file.section.is_none() { parts } else { 0 },
        })
    }
}
