//! Links between pages: every destination written in a page (a relative `.md` path,
//! `@/section/page.md`, a site URL, `#anchor`, a wiki link `[[Note#Heading]]`) resolved
//! to the URL of its target, and those that lead nowhere reported with their
//! file:line:col.
//!
//! A wiki link names a note the way Obsidian does: by file name without `.md` (spaces
//! and all, or a path ending in it), else by title, else by alias, ignoring case; of
//! several, the one nearest the linking file (the most folders in common) wins, and a
//! tie is a warning naming the candidates. Its anchor is a heading's text (or id). An
//! embed (`![[diagram.png]]`) names a file of `content/` by its name.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

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
    /// The whole site's root, where the course's files are (`root` but for a language's
    /// tree).
    site_root: String,
    /// The language's tree's folder (`ru/`), or `""`.
    tree: String,
    by_file: HashMap<String, PageRef>,
    by_url: HashMap<String, PageRef>,
    /// Each section's page by its folder, relative to `content/` (`""`: the home page).
    by_folder: HashMap<String, PageRef>,
    assets: HashSet<String>,
    /// Files of `content/` (relative to it) that could not be read: a link to one is
    /// not reported, its own error says what is wrong.
    unreadable: HashSet<String>,
    /// The names wiki links use, made at the first wiki link: relinking one page
    /// without any (in `serve`) need not make them.
    wiki: OnceLock<WikiNames>,
}

/// The names wiki links use, lower-case: file name or path without `.md`, title, alias;
/// and asset file names.
struct WikiNames {
    by_name: HashMap<String, Vec<(PageRef, String)>>,
    by_title: HashMap<String, Vec<(PageRef, String)>>,
    by_alias: HashMap<String, Vec<(PageRef, String)>>,
    /// Asset file names and paths -> their paths under `content/`.
    assets: HashMap<String, Vec<String>>,
}

/// The path of a page's file relative to `content/` (none for a generated page).
fn content_path(page: &Page) -> Option<String> {
    (!page.content_path.is_empty()).then(|| page.content_path.clone())
}

/// Adds a candidate under a lower-cased name.
fn add_name(
    names: &mut HashMap<String, Vec<(PageRef, String)>>,
    name: &str,
    page: PageRef,
    path: &str,
) {
    let entry = names.entry(name.trim().to_lowercase()).or_default();
    if !entry.iter().any(|(p, _)| *p == page) {
        entry.push((page, path.to_string()));
    }
}

impl WikiNames {
    fn new(course: &Course) -> Self {
        let mut names = Self {
            by_name: HashMap::new(),
            by_title: HashMap::new(),
            by_alias: HashMap::new(),
            assets: HashMap::new(),
        };
        for page_ref in course.pages() {
            let page = course.page(page_ref);
            let Some(path) = content_path(page) else {
                continue;
            };
            let without_md = path.strip_suffix(".md").unwrap_or(&path);
            let stem = without_md.rsplit('/').next().unwrap_or(without_md);
            if stem != "_index" {
                add_name(&mut names.by_name, stem, page_ref, &path);
                add_name(&mut names.by_name, without_md, page_ref, &path);
            }
            add_name(&mut names.by_title, &page.title, page_ref, &path);
            if let PageRef::Lecture(id) = page_ref {
                for alias in &course.lectures[id].aliases {
                    add_name(&mut names.by_alias, alias, page_ref, &path);
                }
            }
        }
        for asset in &course.assets {
            let name = asset.rsplit('/').next().unwrap_or(asset);
            for key in [name.to_lowercase(), asset.to_lowercase()] {
                names.assets.entry(key).or_default().push(asset.clone());
            }
        }
        names
    }

    /// The note a wiki link names, from a file in `folder`: by file name, title, then
    /// alias; the nearest of several. Gives the candidates when the nearest is a tie.
    fn wiki_page(&self, name: &str, folder: &str) -> Option<(PageRef, Vec<String>)> {
        let key = name
            .trim()
            .strip_suffix(".md")
            .unwrap_or(name.trim())
            .to_lowercase();
        let candidates = [&self.by_name, &self.by_title, &self.by_alias]
            .into_iter()
            .find_map(|names| names.get(&key))?;
        let (&(page, _), tied) = nearest(candidates, |(_, path)| path, folder)?;
        let tie = match tied {
            true => candidates.iter().map(|(_, path)| path.clone()).collect(),
            false => Vec::new(),
        };
        Some((page, tie))
    }
}

impl Index {
    fn new(course: &Course) -> Self {
        let mut by_file = HashMap::new();
        let mut by_url = HashMap::new();
        for page_ref in course.pages() {
            let page = course.page(page_ref);
            if let Some(path) = content_path(page) {
                by_file.insert(path, page_ref);
            }
            by_url.insert(page.url.clone(), page_ref);
        }
        let by_folder = SectionId::all(course.sections.len())
            .map(|id| (course.sections[id].folder.clone(), PageRef::Section(id)))
            .collect();
        Self {
            root: course.root.clone(),
            site_root: course.site_root.clone(),
            tree: course.tree().to_string(),
            by_file,
            by_url,
            by_folder,
            assets: course.assets.iter().cloned().collect(),
            unreadable: HashSet::new(),
            wiki: OnceLock::new(),
        }
    }

    fn wiki(&self, course: &Course) -> &WikiNames {
        self.wiki.get_or_init(|| WikiNames::new(course))
    }

    /// A site URL path (`/practice/`, or `/prep/practice/` under root `/prep/`) under the
    /// course root, without its leading `/`.
    fn under_root<'p>(&self, path: &'p str) -> &'p str {
        path.strip_prefix(self.root.as_str())
            .unwrap_or(path)
            .trim_start_matches('/')
    }

    /// The course file at `path` (relative to `content/`), as its language's tree
    /// sees it: the language's own (`ru/img.png`) before the one all languages share.
    fn asset(&self, path: &str) -> Option<String> {
        let own = format!("{}{path}", self.tree);
        if !self.tree.is_empty() && self.assets.contains(&own) {
            return Some(own);
        }
        self.assets.contains(path).then(|| path.to_string())
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

/// The candidate whose file (`path_of` it) shares the most folders with `folder`, then
/// the first by path; and whether another shares as many.
fn nearest<'a, T>(
    candidates: &'a [T],
    path_of: impl Fn(&T) -> &str,
    folder: &str,
) -> Option<(&'a T, bool)> {
    let shared = |path: &str| {
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        dir.split('/')
            .zip(folder.split('/'))
            .take_while(|(a, b)| a == b && !a.is_empty())
            .count()
    };
    let mut ranked: Vec<(usize, &str, &T)> = candidates
        .iter()
        .map(|candidate| (shared(path_of(candidate)), path_of(candidate), candidate))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let (best, _, candidate) = *ranked.first()?;
    let tied = ranked.get(1).is_some_and(|second| second.0 == best);
    Some((candidate, tied))
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
    let resolved: Vec<Resolved> = page_refs
        .par_iter()
        .map(|&page_ref| resolve_page(course, &index, page_ref))
        .collect();
    for (page_ref, resolved) in page_refs.into_iter().zip(resolved) {
        diagnostics.extend(resolved.diagnostics);
        let page = course.page_mut(page_ref);
        page.links = resolved.links;
        page.missing_notes = resolved.missing_notes;
    }
}

/// What links resolve against: the course's pages by file and URL, and its assets.
/// It holds for a course until pages are added, removed, moved or renamed, so `serve`
/// keeps one for the relinks of pages whose text alone changed.
pub struct LinkIndex(Index);

impl LinkIndex {
    pub fn new(course: &Course) -> Self {
        Self(Index::new(course))
    }
}

/// Resolves the links of one page again (after its text alone changed, so `index`
/// still holds); gives its diagnostics.
pub fn relink_page(course: &mut Course, index: &LinkIndex, page_ref: PageRef) -> Vec<Diagnostic> {
    let resolved = resolve_page(course, &index.0, page_ref);
    let page = course.page_mut(page_ref);
    page.links = resolved.links;
    page.missing_notes = resolved.missing_notes;
    resolved.diagnostics
}

/// One page's links resolved.
struct Resolved {
    /// Destination as written -> URL.
    links: HashMap<String, String>,
    /// The notes its wiki links name that do not exist.
    missing_notes: Vec<String>,
    /// The broken ones.
    diagnostics: Vec<Diagnostic>,
}

/// One page's links: destination as written -> URL, and the broken ones.
fn resolve_page(course: &Course, index: &Index, page_ref: PageRef) -> Resolved {
    let severity = match course.config.links {
        LinkPolicy::Warn => Severity::Warning,
        LinkPolicy::Error => Severity::Error,
    };
    let page = course.page(page_ref);
    let mut links = HashMap::new();
    let mut missing_notes: Vec<String> = Vec::new();
    let mut diagnostics = Vec::new();
    for link in &page.link_refs {
        let resolved = match link.wiki {
            true => resolve_wiki(course, index, page, link, &mut diagnostics),
            false => resolve_one(course, index, page, link),
        };
        match resolved {
            Ok(Some(url)) => {
                links.insert(link.dest.clone(), url);
            }
            Ok(None) => {}
            Err((code, message)) => {
                if link.wiki && !link.is_image && code == "broken-link" {
                    let name = link.dest.split('#').next().unwrap_or_default().trim();
                    if !missing_notes.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                        missing_notes.push(name.to_string());
                    }
                }
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
    Resolved {
        links,
        missing_notes,
        diagnostics,
    }
}

/// The folder of a page's file, relative to `content/`.
fn folder_of(page: &Page) -> String {
    page.content_path
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder)
        .to_string()
}

/// The URL a wiki link or embed resolves to, or why it is broken; an ambiguous name is
/// a warning in `diagnostics`.
fn resolve_wiki(
    course: &Course,
    index: &Index,
    page: &Page,
    link: &LinkRef,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<String>, (&'static str, String)> {
    let folder = folder_of(page);
    let dest = link.dest.as_str();
    let (name, anchor) = dest.split_once('#').unwrap_or((dest, ""));
    let names = index.wiki(course);
    if link.is_image {
        let key = name.trim().to_lowercase();
        let assets = names.assets.get(&key).map_or(&[][..], Vec::as_slice);
        if let Some((path, _)) = nearest(assets, String::as_str, &folder) {
            return Ok(Some(format!("{}{path}", index.site_root)));
        }
    }
    let target =
        match name.trim() {
            "" => None,
            name => match names.wiki_page(name, &folder) {
                Some((target, candidates)) => {
                    if !candidates.is_empty() {
                        let message = format!(
                            "`[[{name}]]` could be any of {}: it links to the first",
                            candidates.join(", ")
                        );
                        let hint = "write the note's path, as in [[folder/Note]]";
                        let diagnostic = Diagnostic::warning(&page.file, "ambiguous-link", message)
                            .at(&page.text, page.body_offset + link.offset, link.len);
                        diagnostics.push(diagnostic.with_hint(hint));
                    }
                    Some(target)
                }
                None if link.is_image => {
                    return Err((
                        "missing-image",
                        format!("`![[{dest}]]`: no file or note of that name in content/"),
                    ));
                }
                None => {
                    return Err((
                        "broken-link",
                        format!("`[[{dest}]]`: no note with that file name, title or alias"),
                    ));
                }
            },
        };
    let target_page = target.map_or(page, |t| course.page(t));
    let anchor = anchor.trim();
    if anchor.is_empty() {
        return Ok(Some(target_page.url.clone()));
    }
    // A block reference (`#^id`) leads to the block's anchor when the note marks one.
    if let Some(id) = anchor.strip_prefix('^') {
        let marked = target_page.blocks.iter().any(|block| block.id == id);
        return Ok(Some(match marked {
            true => format!("{}#^{id}", target_page.url),
            false => target_page.url.clone(),
        }));
    }
    let slug = crate::markdown::slug::github_slug(anchor);
    let heading = target_page
        .headings
        .iter()
        .find(|h| h.text.eq_ignore_ascii_case(anchor) || h.id == anchor || h.id == slug);
    match heading {
        Some(heading) if target.is_none() => Ok(Some(format!("#{}", heading.id))),
        Some(heading) => Ok(Some(format!("{}#{}", target_page.url, heading.id))),
        None => Err((
            "broken-anchor",
            format!(
                "`[[{dest}]]`: `{}` has no heading `{anchor}`",
                target_page.title
            ),
        )),
    }
}

/// The URL one link resolves to (`None`: leave it as written), or why it is broken.
fn resolve_one(
    course: &Course,
    index: &Index,
    page: &Page,
    link: &LinkRef,
) -> Result<Option<String>, (&'static str, String)> {
    let folder = folder_of(page);
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
            None if course.generated_path(index.under_root(&path)).is_some() => return Ok(None),
            None => {
                return Err((
                    "broken-link",
                    format!("link to `{dest}`: no page at that URL"),
                ));
            }
        },
        Target::Asset(path) => {
            if let Some(asset) = index.asset(&path) {
                return Ok(Some(format!("{}{asset}", index.site_root)));
            }
            if link.is_image {
                return Err((
                    "missing-image",
                    format!("image `{dest}` not found in content/"),
                ));
            }
            // A folder, as the reader sees it from the file (`../system-design/`): its
            // section's page, or a page prepress makes there (`../practice/`).
            let anchor = dest.split_once('#').map(|(_, anchor)| anchor.to_string());
            if let Some(&section) = index.by_folder.get(&path) {
                (section, anchor)
            } else if let Some(generated) = course.generated_path(&path) {
                return Ok(Some(format!("{}{generated}", index.root)));
            } else if dest
                .split(['#', '?'])
                .next()
                .is_some_and(|p| p.ends_with('/'))
            {
                return Err((
                    "broken-link",
                    format!("link to `{dest}`: no folder content/{path}/ and no page there"),
                ));
            } else {
                return Ok(None);
            }
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
