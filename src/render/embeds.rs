//! Embeds (transclusion): `![[Note]]` shows the note's body in the page and
//! `![[Note#Heading]]` that heading's section, each in a frame that names and links its
//! source. Embeds nest up to [`EMBED_DEPTH`] notes deep; an embed of a note already
//! being shown (a cycle, which `link::embeds` reports) and one past the depth stay
//! links. The ids inside an embed get a prefix of their own, so they stay unique on the
//! page that shows it.

use std::collections::HashMap;

use super::Renderer;
use crate::markdown::{self, Targets};
use crate::model::{Heading, Page};

/// How many notes deep embeds nest.
pub const EMBED_DEPTH: usize = 3;

impl<'a> Renderer<'a> {
    /// A page's Markdown as HTML, with the notes it embeds shown in it.
    pub(super) fn content_html(&self, page: &Page) -> String {
        let mut chain = vec![page.url.clone()];
        let mut count = 0;
        let embeds = self.embeds_of(page, &mut chain, &mut count);
        let site = Targets::Site(&page.links);
        let printed = self.beside.as_ref().and_then(|beside| {
            let (place, places) = beside.place_of(&page.url)?;
            Some((beside, place, places))
        });
        let print = printed.map(|(_, place, places)| Targets::Print {
            links: &page.links,
            prefix: &place.anchor,
            pages: places,
            here: &place.file,
        });
        let searched = self
            .search_texts
            .as_ref()
            .filter(|search| search.pages.contains(page.url.as_str()));
        // Its print copy and its search text, when made beside it, come from its parse.
        let rendered = markdown::render_page(
            page.body(),
            &page.headings,
            &page.title,
            (&site, &embeds),
            print.as_ref(),
            searched.is_some(),
        );
        if let (Some((beside, _, _)), Some(copy)) = (printed, rendered.print) {
            beside.keep(&page.url, self.marked_up(copy));
        }
        if let (Some(search), Some(text)) = (searched, rendered.text) {
            let mut texts = search
                .texts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            texts.insert(page.url.clone(), text);
        }
        self.marked_up(rendered.html)
    }

    /// A page's HTML with its clozes marked ([`Self::marked_clozes`]) and the course's
    /// name written as the theme writes it.
    pub(super) fn marked_up(&self, html: String) -> String {
        self.theme.strings.name_markup(self.marked_clozes(html))
    }

    /// `html` with its highlights (`==text==`) marked as the clozes they are when the
    /// course reads highlights as clozes (`highlight_clozes`): the Markdown stage, which
    /// knows no course, writes them as highlights. Its only `<mark>`s are those.
    fn marked_clozes(&self, html: String) -> String {
        if self.course.config.highlight_clozes && html.contains("<mark>") {
            html.replace("<mark>", "<mark class=\"cloze\">")
        } else {
            html
        }
    }

    /// The page at a URL, for embeds.
    pub(super) fn page_at(&self, url: &str) -> Option<&'a Page> {
        self.pages_by_url
            .get_or_init(|| {
                let course = self.course;
                course.every_page().map(|p| (p.url.as_str(), p)).collect()
            })
            .get(url)
            .copied()
    }

    /// The framed HTML of each note `page` embeds, by the embed's destination as
    /// written. `chain` holds the pages being shown, outermost first; `count` numbers
    /// the embeds of the outermost page, for their ids.
    fn embeds_of(
        &self,
        page: &Page,
        chain: &mut Vec<String>,
        count: &mut usize,
    ) -> HashMap<String, String> {
        let mut embeds = HashMap::new();
        for link in page.link_refs.iter().filter(|l| l.wiki && l.is_image) {
            if embeds.contains_key(&link.dest) {
                continue;
            }
            let Some(url) = page.links.get(&link.dest) else {
                continue;
            };
            let (path, anchor) = url.split_once('#').unwrap_or((url, ""));
            let Some(target) = self.page_at(path) else {
                continue; // an image or a file, not a note
            };
            if chain.len() > EMBED_DEPTH || chain.contains(&target.url) {
                continue; // a cycle or too deep: it stays a link
            }
            let Some((body, headings)) = part(target, anchor) else {
                continue;
            };
            chain.push(target.url.clone());
            let inner = self.embeds_of(target, chain, count);
            chain.pop();
            *count += 1;
            let html = markdown::render_embedding(
                body,
                &headings,
                if anchor.is_empty() { &target.title } else { "" },
                &Targets::Site(&target.links),
                &inner,
            );
            let html = with_ids_apart(&html, &format!("embed-{count}-"));
            let title = markdown::highlight::escape(&target.title);
            let href = markdown::highlight::escape(url);
            embeds.insert(
                link.dest.clone(),
                format!(
                    "<figure class=\"embed\"><figcaption><a href=\"{href}\">{title}</a></figcaption>\n<div class=\"embed-body\">\n{html}</div></figure>\n"
                ),
            );
        }
        embeds
    }
}

/// The part of a note an embed shows: the whole body, the section of the heading whose
/// id is `anchor` (up to the next heading of its level or above), or the block `^id`
/// marks (its paragraph or list item); `None` for a heading or block the note does not
/// have.
fn part<'p>(page: &'p Page, anchor: &str) -> Option<(&'p str, Vec<Heading>)> {
    let body = page.body();
    if anchor.is_empty() {
        return Some((body, page.headings.clone()));
    }
    if let Some(id) = anchor.strip_prefix('^') {
        let block = page.blocks.iter().find(|block| block.id == id)?;
        return Some((body.get(block.start..block.end)?, Vec::new()));
    }
    let at = page.headings.iter().position(|h| h.id == anchor)?;
    let level = page.headings[at].level;
    let end = page.headings[at + 1..]
        .iter()
        .position(|h| h.level <= level)
        .map_or(page.headings.len(), |n| at + 1 + n);
    let start = page.headings[at].offset;
    let stop = page.headings.get(end).map_or(body.len(), |h| h.offset);
    // The section's headings, their places counted from its start.
    let headings = page.headings[at..end]
        .iter()
        .map(|h| Heading {
            offset: h.offset - start,
            end: h.end - start,
            ..h.clone()
        })
        .collect();
    Some((body.get(start..stop)?, headings))
}

/// The HTML with every `id` it gives and every `#anchor` it links to prefixed.
fn with_ids_apart(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace(" href=\"#", &format!(" href=\"#{prefix}"))
}
