//! Backlinks: for every page, the pages that link to it (Markdown links, wiki links and
//! embeds of notes alike), each with its title and the paragraph or list item around
//! the link as plain text, for the "Linked from" list a page shows. Made from the links
//! the link stage resolved, once per render; the words around a link are read when the
//! page that lists it renders. A page that links to another several times is listed
//! once, with the first place.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Course, Page};

/// The most characters of context a backlink shows.
const CONTEXT_CHARS: usize = 240;

/// A page that links to another.
#[derive(Debug, Clone, Serialize)]
pub struct Backlink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// The paragraph or list item the link is in, as text.
    pub context: String,
}

/// A page that links to another, and where: the words around the link are read only
/// when a page shows it ([`LinkFrom::backlink`]), so every page's backlinks, worked out
/// at once before the pages render, hold no text (at 100,000 lectures their words were
/// about 100 MB of the build's peak).
#[derive(Debug, Clone, Copy)]
pub struct LinkFrom<'a> {
    page: &'a Page,
    /// Where the link is in the page's body.
    offset: usize,
}

impl<'a> LinkFrom<'a> {
    /// The backlink as a page shows it, with the words around the link.
    pub fn backlink(self) -> Backlink<'a> {
        Backlink {
            title: &self.page.title,
            url: &self.page.url,
            context: context(self.page.body(), self.offset),
        }
    }
}

/// The backlinks of the one page at `url`: what [`all`] gives it, without working out
/// every other page's (for `serve`'s edited page).
pub fn to<'a>(course: &'a Course, url: &str) -> Vec<LinkFrom<'a>> {
    among(course.every_page(), url)
}

/// The backlinks of the page at `url` from `pages` (in course order): [`to`] when they
/// hold every page that links to it.
pub fn among<'a>(pages: impl IntoIterator<Item = &'a Page>, url: &str) -> Vec<LinkFrom<'a>> {
    let mut found = Vec::new();
    for page in pages.into_iter().filter(|p| p.url != url) {
        let first = page.link_refs.iter().find(|link| {
            page.links
                .get(&link.dest)
                .is_some_and(|to| to.split('#').next() == Some(url))
        });
        if let Some(link) = first {
            found.push(LinkFrom {
                page,
                offset: link.offset,
            });
        }
    }
    found
}

/// Every page's backlinks, by the linked page's URL, in course order of the linking pages.
pub fn all(course: &Course) -> HashMap<&str, Vec<LinkFrom<'_>>> {
    let pages: Vec<&Page> = course.every_page().collect();
    let urls: HashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    // Each page's links on all threads, then gathered by target in course order.
    let found: Vec<Vec<(&str, LinkFrom)>> = pages
        .par_iter()
        .map(|page| {
            let mut linked: HashSet<&str> = HashSet::new();
            let mut found = Vec::new();
            for link in &page.link_refs {
                let Some(url) = page.links.get(&link.dest) else {
                    continue;
                };
                let target = url.split('#').next().unwrap_or(url);
                let Some(&target) = urls.get(target) else {
                    continue; // a file, or a page prepress makes
                };
                if target == page.url || !linked.insert(target) {
                    continue;
                }
                found.push((
                    target,
                    LinkFrom {
                        page,
                        offset: link.offset,
                    },
                ));
            }
            found
        })
        .collect();
    let mut backlinks: HashMap<&str, Vec<LinkFrom>> = HashMap::new();
    for (target, backlink) in found.into_iter().flatten() {
        backlinks.entry(target).or_default().push(backlink);
    }
    backlinks
}

/// The list item or paragraph of `body` around `offset`, as plain text, at most
/// [`CONTEXT_CHARS`] characters.
fn context(body: &str, offset: usize) -> String {
    let offset = offset.min(body.len());
    let line_start = body[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line_end = body[offset..]
        .find('\n')
        .map_or(body.len(), |at| offset + at);
    let line = &body[line_start..line_end];
    let item = line.trim_start();
    let is_item = item.starts_with(['-', '*', '+'])
        || item
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let block = if is_item {
        // With the lines that carry the item on (indented, not an item of their own).
        let mut end = line_end;
        for next in body[line_end..].split_inclusive('\n').skip(1) {
            let rest = next.trim_start();
            if next.trim().is_empty()
                || !next.starts_with([' ', '\t'])
                || rest.starts_with(['-', '*', '+'])
            {
                break;
            }
            end += next.len();
        }
        &body[line_start..end.min(body.len())]
    } else {
        let start = body[..offset].rfind("\n\n").map_or(0, |at| at + 2);
        let end = body[offset..]
            .find("\n\n")
            .map_or(body.len(), |at| offset + at);
        &body[start..end]
    };
    // Only its start is shown: a long paragraph is read no further than that needs.
    let mut end = block.len().min(CONTEXT_CHARS * 4);
    while !block.is_char_boundary(end) {
        end -= 1;
    }
    let block = &block[..end];
    let mut text = String::new();
    for event in Parser::new_ext(block, crate::markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let text = without_callout_markers(&text);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::markdown::cut_at_word(&text, CONTEXT_CHARS)
}

/// The text without callout markers (`[!TIP]`, `[!note]-`), which are not words.
fn without_callout_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[!") {
        let Some(end) = rest[at..].find(']') else {
            break;
        };
        let marker = &rest[at + 2..at + end];
        if marker.is_empty() || !marker.chars().all(|c| c.is_alphanumeric() || c == '-') {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        }
        out.push_str(&rest[..at]);
        rest = rest[at + end + 1..].trim_start_matches(['-', '+']);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::course_of;

    #[test]
    fn a_page_lists_the_pages_linking_to_it_once_each_with_the_words_around() {
        let (course, _) = course_of(&[
            (
                "s/target.md",
                "---\ntitle: Target\n---\nThe target.\n\n## Part\n\nMore.\n",
            ),
            (
                "s/a.md",
                "---\ntitle: A\n---\nFirst see [[Target]] for the basics.\n\n- A list item [about it](target.md#part), **bold**.\n- Another line.\n",
            ),
            ("s/b.md", "---\ntitle: B\n---\nEmbedded:\n\n![[Target]]\n"),
            (
                "s/c.md",
                "---\ntitle: C\n---\nNo links, [out](https://example.com).\n",
            ),
        ]);
        let all = all(&course);
        let target = course
            .lectures
            .iter()
            .find(|l| l.page.title == "Target")
            .unwrap();
        let linked: Vec<Backlink> = all[target.page.url.as_str()]
            .iter()
            .map(|link| link.backlink())
            .collect();
        let titles: Vec<&str> = linked.iter().map(|b| b.title).collect();
        assert_eq!(titles, ["A", "B"], "{linked:?}");
        assert_eq!(linked[0].context, "First see Target for the basics.");
        assert_eq!(linked[1].context, "Target");
        assert!(!all.values().flatten().any(|link| link.page.title == "C"));
        assert!(
            !all.contains_key("https://example.com"),
            "only the course's pages"
        );
        let one: Vec<Backlink> = to(&course, &target.page.url)
            .into_iter()
            .map(LinkFrom::backlink)
            .collect();
        assert_eq!(
            format!("{one:?}"),
            format!("{linked:?}"),
            "one page's alone, the same"
        );
    }

    #[test]
    fn a_list_item_is_its_own_context_and_a_long_paragraph_is_cut_at_a_word() {
        let body = "Intro.\n\n- one [x](y)\n- two\n";
        assert_eq!(context(body, body.find('[').unwrap()), "one x");
        let wrapped = "- one [x](y) and\n  more of it\n- two\n";
        assert_eq!(context(wrapped, 6), "one x and more of it");
        let callout = "> [!TIP] Read\n> [this](y) first.\n";
        assert_eq!(
            context(callout, callout.find("[this").unwrap()),
            "Read this first."
        );
        let long = format!("{} [x](y) end", "word ".repeat(100));
        let text = context(&long, long.find('[').unwrap());
        assert!(text.ends_with("word…"), "{text}");
        assert!(text.chars().count() <= CONTEXT_CHARS + 1);
    }
}
