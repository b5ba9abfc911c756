//! The site in memory and on disk: the files a build made ([`SiteFiles`], their content
//! types and hashes), the [`write`] stage that puts them in the output folder
//! atomically, the client-side [`search`] index made from the linked course, and
//! [`pdf`], which prints rendered pages with Chromium before anything is written.
//!
//! A site is assembled the same way by `build` and by `serve`'s live site: the pages
//! (with the theme's static files) and the files made from the whole course at once
//! ([`CourseWide`]: the print pages, the sitemap, the downloads and the search index),
//! plus the course's assets as they are. `serve` keeps them in memory; `build` makes the
//! same pieces one after another and writes each as it comes (`pipeline::build`).

pub mod pdf;
pub mod search;
pub mod write;

use crate::diagnostic::Diagnostic;
use crate::markdown::slug::percent_decode;
use crate::model::Course;
use crate::render::theme::Theme;
use crate::render::{SiteFiles, render_course_files, render_print_each};

/// The files made from the whole course at once. Each takes long on a big course and
/// none is needed to show one edited page, so `serve` builds them in the background.
pub struct CourseWide {
    /// The print page, when it was asked for.
    pub print: Result<SiteFiles, Vec<Diagnostic>>,
    /// The sitemap and the downloads (question exports, template Markdown).
    pub course_files: SiteFiles,
    /// The search index and its page's data, when the course has search.
    pub search: Option<SiteFiles>,
}

/// Which print pages [`CourseWide::each`] makes.
#[derive(Debug, Clone, Copy)]
pub enum PrintPages<'a> {
    None,
    All,
    /// After an edit: those that print one of these pages (by URL; see
    /// `pipeline::incremental`).
    Printing(&'a std::collections::HashSet<&'a str>),
}

/// How [`CourseWide::each`] makes the search index, when the course has search.
pub enum SearchIndex<'a> {
    /// From the pages' Markdown.
    Whole,
    /// Finishes the index a build of every page made beside the pages.
    Finish(Box<search::Indexer<'a>>),
}

/// One piece of [`CourseWide`], as [`CourseWide::each`] hands it on.
pub enum Piece {
    /// One print page.
    Print(SiteFiles),
    /// The sitemap and the downloads.
    CourseFiles(SiteFiles),
    /// The search index.
    Search(SiteFiles),
    /// The search index's counts, written for the cache (see [`search::KeptCounts`]).
    SearchCounts(search::CountsMade),
}

impl CourseWide {
    /// Builds them one after the other (side by side, the print pages and the index
    /// would raise the peak memory); the print pages only when `print` is set. `root`
    /// is the course folder (the Anki deck reads its answers' images there).
    pub fn build(course: &Course, theme: &Theme, print: bool, root: &std::path::Path) -> Self {
        let mut wide = Self {
            print: Ok(SiteFiles::new()),
            course_files: SiteFiles::new(),
            search: None,
        };
        let print = if print {
            PrintPages::All
        } else {
            PrintPages::None
        };
        let search = SearchIndex::Whole;
        let made = Self::each(course, theme, (print, search), root, &mut |piece| {
            match piece {
                Piece::Print(files) => {
                    if let Ok(print) = &mut wide.print {
                        print.extend(files);
                    }
                }
                Piece::CourseFiles(files) => wide.course_files = files,
                Piece::Search(files) => wide.search.get_or_insert_default().extend(files),
                Piece::SearchCounts(_) => {}
            }
            true
        });
        if let Err(errors) = made {
            wide.print = Err(errors);
        }
        wide
    }

    /// Makes them a piece at a time and hands each to `each` as it is made (a big
    /// course's print pages together would be the biggest thing a build holds): the
    /// print pages `print` names, a few at a time, then the sitemap and downloads, then
    /// the search index as `search` says, until `each` says stop. The print pages reuse
    /// the code blocks the pages highlighted: make these after them. (A build of every
    /// page makes the print pages beside the pages, and most of the search index.)
    pub fn each(
        course: &Course,
        theme: &Theme,
        (print, search): (PrintPages, SearchIndex),
        root: &std::path::Path,
        each: &mut dyn FnMut(Piece) -> bool,
    ) -> Result<(), Vec<Diagnostic>> {
        let only = match print {
            PrintPages::None => None,
            PrintPages::All => Some(None),
            PrintPages::Printing(urls) => Some(Some(urls)),
        };
        if let Some(only) = only {
            let mut go_on = true;
            render_print_each(course, theme, only, &mut |files| {
                go_on = each(Piece::Print(files));
                go_on
            })
            .map_err(|error| vec![error])?;
            if !go_on {
                return Ok(());
            }
        }
        if each(Piece::CourseFiles(render_course_files(course, theme, root)))
            && course.config.search
        {
            let mut search_each = |files| each(Piece::Search(files));
            let counts = match search {
                SearchIndex::Whole => {
                    search::index_each(course, &mut search_each);
                    None
                }
                SearchIndex::Finish(indexer) => Some(indexer.finish(&mut search_each)),
            };
            if let Some(counts) = counts {
                each(Piece::SearchCounts(counts));
            }
        }
        Ok(())
    }
}

/// The site file a request path names, or `None` for a path that must be refused:
/// `..`, `.`, `%2e%2e`, an encoded `/` or `\`, a backslash, `//`, a NUL.
pub fn file_key(raw: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    if raw.contains('\\') || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
    {
        return None;
    }
    let decoded = percent_decode(raw)?;
    if !decoded.starts_with('/')
        || decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.contains("//")
    {
        return None;
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    let mut key = decoded.trim_start_matches('/').to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Some(key)
}

/// The `Content-Type` of a site file, from its extension.
pub fn content_type(key: &str) -> &'static str {
    match key
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("md") => "text/markdown; charset=utf-8",
        Some("tsv") => "text/tab-separated-values; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_files() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(file_key("/a/b/").as_deref(), Some("a/b/index.html"));
        assert_eq!(
            file_key("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(file_key("/caf%C3%A9/").as_deref(), Some("café/index.html"));
    }

    #[test]
    fn climbing_out_is_refused() {
        for path in [
            "/../course.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/course.toml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/a%2fb",
            "/a%5cb",
            "/..\\course.toml",
            "//etc/passwd",
            "/./index.html",
            "/a%00",
            "/%zz",
        ] {
            assert_eq!(file_key(path), None, "{path}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("questions.json"), "application/json");
        assert_eq!(
            content_type("templates/star.md"),
            "text/markdown; charset=utf-8"
        );
    }
}
