//! A moved page's old URLs. An author lists them in front matter `redirect_from` (not
//! `aliases`, which are other names of a note for wiki links); the build also finds them
//! by itself: a page whose file was at another URL in the build before (the same file
//! renamed into another slug, moved to another folder, given a `slug`) keeps that URL as
//! a redirect, said in a note, and keeps it in later builds while the page lives
//! elsewhere. An old URL another page owns now is that page's: a written one is an
//! output clash (`link::owners`), a found one is dropped.

use std::collections::{HashMap, HashSet};

use crate::config::slash_path;
use crate::diagnostic::Diagnostic;
use crate::markdown::slug::content_hash;
use crate::model::{Course, EarlierPage, EarlierTree, EarlierUrls, Redirect};

/// The course's redirects: those its pages' front matter lists, then those found from
/// `earlier`, the same tree in the build before (when there was one). Diagnostics for
/// old URLs that cannot be one and for each redirect found.
pub fn all(course: &Course, earlier: Option<&EarlierTree>) -> (Vec<Redirect>, Vec<Diagnostic>) {
    let mut redirects = Vec::new();
    let mut diagnostics = Vec::new();
    let pages: Vec<&crate::model::Page> = course
        .every_page()
        .filter(|page| page.fallback_from.is_none() && !page.file.as_os_str().is_empty())
        .collect();
    for page in &pages {
        for written in &page.redirect_from {
            match old_url(&course.root, written) {
                Some(from) if from == page.url => {}
                Some(from) => redirects.push(Redirect {
                    from,
                    to: page.url.clone(),
                    file: page.file.clone(),
                    automatic: false,
                }),
                None => diagnostics.push(
                    Diagnostic::warning(
                        &page.file,
                        "redirect-from",
                        format!(
                            "`redirect_from` holds `{written}`, which is not a path on this site"
                        ),
                    )
                    .at_line(page.redirect_from_line, 1)
                    .with_hint("write the old URL's path, such as /old-name/ or /section/old.html"),
                ),
            }
        }
    }
    let Some(earlier) = earlier else {
        return (redirects, diagnostics);
    };
    let taken: HashSet<&str> = pages
        .iter()
        .map(|page| page.url.as_str())
        .chain(redirects.iter().map(|redirect| redirect.from.as_str()))
        .collect();
    let by_file: HashMap<String, &crate::model::Page> = pages
        .iter()
        .map(|page| (slash_path(&page.file), *page))
        .collect();
    // A file renamed with its text unchanged: the page whose text hashes the same, when
    // one page alone does and its file is new.
    let mut by_text: HashMap<String, Option<&crate::model::Page>> = HashMap::new();
    for page in &pages {
        if !earlier.pages.contains_key(&slash_path(&page.file)) {
            let text = format!("{:016x}", content_hash(page.text.as_bytes()));
            by_text
                .entry(text)
                .and_modify(|found| *found = None)
                .or_insert(Some(*page));
        }
    }
    let mut found: Vec<Redirect> = Vec::new();
    let moved = earlier
        .pages
        .iter()
        .map(|(file, place)| (&place.url, file, Some(&place.text)))
        .chain(earlier.moved.iter().map(|(url, file)| (url, file, None)));
    for (from, file, text) in moved {
        let page = by_file.get(file.as_str()).copied().or_else(|| {
            let text = text?;
            by_text.get(text).copied().flatten()
        });
        let Some(page) = page else {
            continue;
        };
        let new = text.is_some();
        if page.url == *from
            || taken.contains(from.as_str())
            || found.iter().any(|redirect| redirect.from == *from)
            || !from.starts_with(course.root.as_str())
        {
            continue;
        }
        if new {
            diagnostics.push(
                Diagnostic::warning(
                    &page.file,
                    "page-moved",
                    format!(
                        "this page moved from {from} to {}: a redirect keeps the old URL working",
                        page.url
                    ),
                )
                .with_hint(format!(
                    "to keep it in builds that start clean, add `redirect_from: [/{}]` to its front matter",
                    from.strip_prefix(course.root.as_str()).unwrap_or(from)
                )),
            );
        }
        found.push(Redirect {
            from: from.clone(),
            to: page.url.clone(),
            file: page.file.clone(),
            automatic: true,
        });
    }
    found.sort_by(|a, b| a.from.cmp(&b.from));
    redirects.extend(found);
    (redirects, diagnostics)
}

/// The URL an old path names under the course root `root` (`old`, `/old/` and `old/`
/// name `/old/`; `a.html` stays a file), or `None` for what cannot be a path here: a
/// full URL, a query or fragment, `..`, or nothing at all.
fn old_url(root: &str, written: &str) -> Option<String> {
    let path = written.trim().trim_start_matches('/');
    if path.is_empty()
        || path.contains("://")
        || path.contains(['?', '#', '\\', '"', '<', '>'])
        || path.split('/').any(|part| part == ".." || part == ".")
    {
        return None;
    }
    let path = path
        .strip_prefix(root.trim_start_matches('/'))
        .unwrap_or(path);
    let url = if path.ends_with('/') || path.ends_with(".html") {
        format!("{root}{path}")
    } else {
        format!("{root}{path}/")
    };
    Some(url)
}

/// Where the pages of `courses` (one per language) are, for the build after.
pub fn earlier_urls_of(courses: &[Course]) -> EarlierUrls {
    let trees = courses
        .iter()
        .map(|course| {
            let pages = course
                .every_page()
                .filter(|page| page.fallback_from.is_none() && !page.file.as_os_str().is_empty())
                .map(|page| {
                    let place = EarlierPage {
                        url: page.url.clone(),
                        text: format!("{:016x}", content_hash(page.text.as_bytes())),
                    };
                    (crate::config::slash_path(&page.file), place)
                })
                .collect();
            let moved = course
                .redirects
                .iter()
                .filter(|redirect| redirect.automatic)
                .map(|redirect| {
                    (
                        redirect.from.clone(),
                        crate::config::slash_path(&redirect.file),
                    )
                })
                .collect();
            (course.root.clone(), EarlierTree { pages, moved })
        })
        .collect();
    EarlierUrls { trees }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_paths_read_as_urls_under_the_root() {
        assert_eq!(old_url("/", "/old-name/").as_deref(), Some("/old-name/"));
        assert_eq!(old_url("/", "old-name").as_deref(), Some("/old-name/"));
        assert_eq!(old_url("/", "a/b.html").as_deref(), Some("/a/b.html"));
        assert_eq!(
            old_url("/course/", "/old/").as_deref(),
            Some("/course/old/")
        );
        assert_eq!(
            old_url("/course/", "/course/old/").as_deref(),
            Some("/course/old/")
        );
        for bad in [
            "",
            "/",
            "https://x.io/a/",
            "a/../b",
            "a?b",
            "a#b",
            "\"/><script>",
        ] {
            assert_eq!(old_url("/", bad), None, "{bad}");
        }
    }
}
