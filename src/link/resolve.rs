//! Links between pages: every destination written in a page (a relative `.md` path,
//! `@/section/page.md`, a site URL, `#anchor`) resolved to the URL of its target, and
//! those that lead nowhere reported with their file:line:col.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::LinkPolicy;
use crate::config::{CONTENT_DIR, slash_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::LinkRef;
use crate::model::{Course, Page, PageRef, SectionId};

/// Where a link written in a page points, before it is looked up.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// Another site, a mail address: left alone.
    External,
    /// `#anchor` on the same page.
    SamePage(String),
    /// A Markdown file, relative to `content/`, and an anchor.
    ContentFile(String, Option<String>),
    /// A site URL path (`/section/page/`) and an anchor.
    SiteUrl(String, Option<String>),
    /// Another file relative to the page's folder (an image, a PDF), relative to `content/`.
    Asset(String),
    /// A relative path that leaves `content/`.
    OutsideContent,
}

/// Classifies a destination written in a file in `folder` (relative to `content/`).
pub(super) fn classify(dest: &str, folder: &str) -> Target {
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if has_scheme(dest) || dest.starts_with("//") {
        return Target::External;
    }
    if path.is_empty() {
        return match anchor {
            Some(anchor) if !anchor.is_empty() => Target::SamePage(anchor),
            _ => Target::External,
        };
    }
    let path = crate::markdown::slug::percent_decode(path).unwrap_or_else(|| path.to_string());
    if let Some(rest) = path.strip_prefix("@/") {
        return match normalize(rest, "") {
            Some(path) => Target::ContentFile(path, anchor),
            None => Target::OutsideContent,
        };
    }
    if path.starts_with('/') {
        return Target::SiteUrl(path, anchor);
    }
    match normalize(&path, folder) {
        Some(path) if path.ends_with(".md") => Target::ContentFile(path, anchor),
        Some(path) => Target::Asset(path),
        None => Target::OutsideContent,
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it climbs out.
pub(super) fn normalize(path: &str, folder: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Every page's URL, file and headings, for looking links up.
struct Index {
    root: String,
    by_file: HashMap<String, PageRef>,
    by_url: HashMap<String, PageRef>,
    assets: HashSet<String>,
    /// Files of `content/` (relative to it) that could not be read: a link to one is
    /// not reported, its own error says what is wrong.
    unreadable: HashSet<String>,
}

impl Index {
    fn new(course: &Course) -> Self {
        let mut by_file = HashMap::new();
        let mut by_url = HashMap::new();
        let pages = course
            .sections
            .iter()
            .enumerate()
            .map(|(id, s)| (PageRef::Section(SectionId(id)), &s.page))
            .chain(
                course
                    .sections
                    .iter()
                    .flat_map(|s| s.lectures.iter())
                    .map(|&id| (PageRef::Lecture(id), &course.lectures[id].page)),
            );
        for (page_ref, page) in pages {
            if let Ok(relative) = page.file.strip_prefix(CONTENT_DIR) {
                by_file.insert(slash_path(relative), page_ref);
            }
            by_url.insert(page.url.clone(), page_ref);
        }
        Self {
            root: course.root.clone(),
            by_file,
            by_url,
            assets: course.assets.iter().cloned().collect(),
            unreadable: HashSet::new(),
        }
    }

    /// A site URL path, with or without the course root and the trailing `/`.
    fn page_at_url(&self, path: &str) -> Option<PageRef> {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let with_slash = if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        let under_root = format!("{}{}", self.root, with_slash.trim_start_matches('/'));
        self.by_url
            .get(&with_slash)
            .or_else(|| self.by_url.get(&under_root))
            .copied()
    }
}

/// Resolves every page's links, filling in `Page::links` and reporting broken ones.
pub(super) fn resolve_links(course: &mut Course, diagnostics: &mut Vec<Diagnostic>) {
    let mut index = Index::new(course);
    index.unreadable = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.strip_prefix(CONTENT_DIR).ok())
        .map(slash_path)
        .collect();
    let page_refs = course.pages();
    let resolved: Vec<(HashMap<String, String>, Vec<Diagnostic>)> = page_refs
        .par_iter()
        .map(|&page_ref| resolve_page(course, &index, page_ref))
        .collect();
    for (page_ref, (links, page_diagnostics)) in page_refs.into_iter().zip(resolved) {
        diagnostics.extend(page_diagnostics);
        course.page_mut(page_ref).links = links;
    }
}

/// Resolves the links of one page again (after its text changed); gives its diagnostics.
pub fn relink_page(course: &mut Course, page_ref: PageRef) -> Vec<Diagnostic> {
    let index = Index::new(course);
    let (links, diagnostics) = resolve_page(course, &index, page_ref);
    course.page_mut(page_ref).links = links;
    diagnostics
}

/// One page's links: destination as written -> URL, and the broken ones.
fn resolve_page(
    course: &Course,
    index: &Index,
    page_ref: PageRef,
) -> (HashMap<String, String>, Vec<Diagnostic>) {
    let severity = match course.config.links {
        LinkPolicy::Warn => Severity::Warning,
        LinkPolicy::Error => Severity::Error,
    };
    let page = course.page(page_ref);
    let mut links = HashMap::new();
    let mut diagnostics = Vec::new();
    for link in &page.link_refs {
        match resolve_one(course, index, page, link) {
            Ok(Some(url)) => {
                links.insert(link.dest.clone(), url);
            }
            Ok(None) => {}
            Err((code, message)) => {
                let mut diagnostic = Diagnostic::error(&page.file, code, message).at(
                    &page.text,
                    page.body_offset + link.offset,
                    link.len,
                );
                diagnostic.severity = severity;
                diagnostics.push(diagnostic);
            }
        }
    }
    (links, diagnostics)
}

/// The URL one link resolves to (`None`: leave it as written), or why it is broken.
fn resolve_one(
    course: &Course,
    index: &Index,
    page: &Page,
    link: &LinkRef,
) -> Result<Option<String>, (&'static str, String)> {
    let folder = page
        .file
        .strip_prefix(CONTENT_DIR)
        .ok()
        .and_then(|p| p.parent())
        .map(slash_path)
        .unwrap_or_default();
    let dest = &link.dest;
    let (target, anchor) = match classify(dest, &folder) {
        Target::External => return Ok(None),
        Target::SamePage(anchor) => {
            return if page.anchors().contains(anchor.as_str()) {
                Ok(None)
            } else {
                Err((
                    "broken-anchor",
                    format!("no heading with id `#{anchor}` on this page"),
                ))
            };
        }
        Target::ContentFile(path, anchor) => match index.by_file.get(&path) {
            Some(&target) => (target, anchor),
            None if index.unreadable.contains(&path) => return Ok(None),
            None => {
                return Err((
                    "broken-link",
                    format!("link to `{dest}`: no page content/{path}"),
                ));
            }
        },
        Target::SiteUrl(path, anchor) => match index.page_at_url(&path) {
            Some(target) => (target, anchor),
            None if index.assets.contains(path.trim_start_matches('/')) => return Ok(None),
            None => {
                return Err((
                    "broken-link",
                    format!("link to `{dest}`: no page at that URL"),
                ));
            }
        },
        Target::Asset(path) => {
            if index.assets.contains(&path) {
                return Ok(Some(format!("{}{path}", index.root)));
            }
            if link.is_image {
                return Err((
                    "missing-image",
                    format!("image `{dest}` not found in content/"),
                ));
            }
            return Ok(None);
        }
        Target::OutsideContent => {
            return Err((
                "broken-link",
                format!("link to `{dest}` leads outside content/"),
            ));
        }
    };
    let target_page = course.page(target);
    let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
        return Ok(Some(target_page.url.clone()));
    };
    if target_page.anchors().contains(anchor.as_str()) {
        Ok(Some(format!("{}#{anchor}", target_page.url)))
    } else {
        Err((
            "broken-anchor",
            format!(
                "link to `{dest}`: `{}` has no heading with id `#{anchor}`",
                target_page.file.display()
            ),
        ))
    }
}
