//! Markdown, in two passes over pulldown-cmark's events. [`scan`] (in the load stage)
//! finds what the link stage needs: the headings with their GitHub ids, the links with
//! their positions, the first `#` heading. [`render`] (in the render stage) writes the
//! HTML, with the heading ids from the scan, links rewritten to the URLs the link stage
//! resolved, code blocks highlighted, and cards written in the text (clozes, front/back
//! pairs: [`dialects::render_cards`]) shown as readable marks and pairs. A page that is
//! printed gets its print copy, and a searched page its text, from the same parse
//! ([`render_page`]).

pub mod callout;
pub mod diagram;
pub mod dialects;
pub mod highlight;
pub mod math;
pub mod memo;
pub mod slug;
pub mod stem;

use crate::model::{Block, Heading, LinkRef};
use std::collections::HashMap;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::markdown::callout::Callouts;
use crate::markdown::slug::Slugger;

/// The events of a body with their offsets in `text`, the body with its containers
/// rewritten ([`dialects::rewrite`]): callouts are already their HTML.
fn events(text: &str) -> Callouts<'_, pulldown_cmark::OffsetIter<'_>> {
    Callouts::new(Parser::new_ext(text, options()).into_offset_iter(), text)
}

/// The Markdown extensions prepress turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH
}

/// What a code block holds, by its fence's language.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fence {
    Code,
    /// Display math (```` ```math ````).
    Math,
    /// A Mermaid diagram (```` ```mermaid ````).
    Diagram,
}

impl Fence {
    fn of(kind: &CodeBlockKind) -> Fence {
        Fence::of_language(match kind {
            CodeBlockKind::Fenced(info) => info,
            CodeBlockKind::Indented => "",
        })
    }

    fn of_language(language: &str) -> Fence {
        match language.split_whitespace().next() {
            Some("math") => Fence::Math,
            _ if diagram::is_fence(language) => Fence::Diagram,
            _ => Fence::Code,
        }
    }
}

/// Whether a link or image was written as a wiki link (`[[Note]]`, `![[image.png]]`).
fn is_wiki(link_type: LinkType) -> bool {
    matches!(link_type, LinkType::WikiLink { .. })
}

/// Whether a resolved URL is a page's (`/s/note/`, `/s/note/#part`) rather than a file's:
/// a wiki embed of a note (`![[Note]]`) is shown as a link to it.
fn is_page_url(url: &str) -> bool {
    url.ends_with('/') || url.contains("/#")
}

/// What the first pass learns from a page's Markdown. Serialisable: a build keeps each
/// page's for the build after an edit (`pipeline::scans`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// What is worth a warning: a code block too large to highlight, a callout of an
    /// unknown type, MDX left out of the page.
    pub problems: Vec<Problem>,
    /// The `<title>` of an MDX `<head>` block.
    pub head_title: Option<String>,
    /// Inline `#tags` in the text (not in code or headings), as written, without `#`.
    pub tags: Vec<String>,
    /// The blocks block ids mark, found as the page renders them (see [`block_id`]).
    pub blocks: Vec<Block>,
}

/// Something in a page's Markdown worth a warning, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Byte offset in the body, and the length to underline.
    pub offset: usize,
    pub len: usize,
    #[serde(deserialize_with = "crate::diagnostic::deserialize_code")]
    pub code: crate::diagnostic::Code,
    pub message: String,
    pub hint: Option<String>,
    /// Whether it fails the build (invalid LaTeX) rather than warns.
    pub is_error: bool,
}

impl Scan {
    /// The title the body gives the page: an MDX `<head>`'s `<title>`, else the first
    /// level-1 heading.
    pub fn title(&self) -> Option<&str> {
        self.head_title.as_deref().or_else(|| self.first_title())
    }

    /// The text of the first level-1 heading.
    pub fn first_title(&self) -> Option<&str> {
        self.headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| h.text.as_str())
    }
}

/// What a caller learns from the first pass besides headings and links (the prep
/// domain's question finder): it sees every event, and each heading as it closes.
pub trait Visitor {
    /// An event of the pass, with its byte offset in the body.
    fn event(&mut self, event: &Event<'_>, offset: usize);
    /// A heading closed: its level, its index among the page's headings, its text.
    fn heading(&mut self, level: u8, index: usize, text: &str);
}

/// No visitor: the pass finds headings, links and large code blocks only.
impl Visitor for () {
    fn event(&mut self, _: &Event<'_>, _: usize) {}
    fn heading(&mut self, _: u8, _: usize, _: &str) {}
}

/// The first pass: headings (with ids by GitHub's rules), links and code blocks too
/// large to highlight, with `visitor` shown every event on the way.
pub fn scan(body: &str, visitor: &mut dyn Visitor) -> Scan {
    let mut scan = Scan::default();
    let mut slugger = Slugger::default();
    let finder = visitor;
    let mut open_heading: Option<(u8, Option<String>, usize, String)> = None;
    // An open code block: where its fence starts, where its text starts, its text.
    let mut open_code: Option<(usize, Option<usize>, String)> = None;
    let mut open_fence = Fence::Code;
    let rewritten = dialects::rewrite(body);
    let mut events = events(&rewritten.text);
    // How many links or images the text is inside: a `#` there is no tag (`[[#Setup]]`
    // shows "#Setup").
    let mut in_links = 0usize;
    // Where each open paragraph or list item starts, and the block id the text just
    // read ends with: it marks the block when the block ends right after it, as when
    // the page is rendered.
    let mut open_blocks: Vec<usize> = Vec::new();
    let mut ending_id: Option<String> = None;
    for (event, range) in events.by_ref() {
        let range = rewritten.original(range.start)..rewritten.original(range.end);
        finder.event(&event, range.start);
        match &event {
            Event::Start(Tag::Paragraph | Tag::Item) => open_blocks.push(range.start),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let start = open_blocks.pop().unwrap_or(range.start);
                if let Some(id) = ending_id.take() {
                    scan.blocks.push(Block {
                        id,
                        start,
                        end: range.end,
                    });
                }
            }
            _ => {}
        }
        ending_id = match &event {
            Event::Text(text) => block_id(text).map(|(_, id)| id.to_string()),
            _ => None,
        };
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => in_links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => in_links = in_links.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let explicit = id.map(|id| id.to_string());
                open_heading = Some((level_number(level), explicit, range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let end = range.end;
                if let Some((level, explicit, offset, text)) = open_heading.take() {
                    let text = text.trim().to_string();
                    let id = match explicit {
                        Some(id) => slugger.unique(id),
                        None => slugger.slug(&text),
                    };
                    finder.heading(level, scan.headings.len(), &text);
                    scan.headings.push(Heading {
                        level,
                        text,
                        id,
                        offset,
                        end,
                    });
                }
            }
            Event::Text(text) if open_code.is_some() => {
                if let Some((_, start, code)) = open_code.as_mut() {
                    start.get_or_insert(range.start);
                    code.push_str(&text);
                }
            }
            Event::Code(text) => {
                if let Some((_, _, _, heading_text)) = open_heading.as_mut() {
                    heading_text.push_str(&text);
                }
            }
            Event::Text(text) => match open_heading.as_mut() {
                Some((_, _, _, heading_text)) => heading_text.push_str(&text),
                None if in_links == 0 && text.contains('#') => {
                    scan.tags.extend(inline_tags(&text));
                }
                None => {}
            },
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => scan.links.push(LinkRef {
                dest: dest_url.to_string(),
                offset: range.start,
                len: range.len(),
                is_image: false,
                wiki: is_wiki(link_type),
            }),
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some(name) = dialects::inline_component(&html)
                    && !html.starts_with("</")
                {
                    scan.problems.push(Problem {
                        is_error: false,
                        offset: range.start,
                        len: html.len(),
                        code: "mdx-component",
                        message: format!("the MDX component <{name}> is left out of the page"),
                        hint: None,
                    });
                }
            }
            Event::InlineMath(latex) => {
                check_math(&mut scan, &latex, false, range.start, range.len());
            }
            Event::DisplayMath(latex) => {
                check_math(&mut scan, &latex, true, range.start, range.len());
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                open_fence = Fence::of(&kind);
                open_code = Some((range.start, None, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((fence, start, code)) = open_code.take() else {
                    continue;
                };
                match std::mem::replace(&mut open_fence, Fence::Code) {
                    Fence::Math => check_math(&mut scan, &code, true, fence, 3),
                    Fence::Diagram => check_diagram(&mut scan, body, &code, fence, start),
                    Fence::Code if highlight::too_large(&code) => scan.problems.push(Problem {
                        is_error: false,
                        offset: fence,
                        len: 3,
                        code: "large-code",
                        message: "this code block is too large to highlight; it is shown plain"
                            .to_string(),
                        hint: Some(format!(
                            "blocks over {} KiB, or with a line over {} KiB, are not highlighted",
                            highlight::MAX_HIGHLIGHTED_BYTES / 1024,
                            highlight::MAX_HIGHLIGHTED_LINE / 1024
                        )),
                    }),
                    Fence::Code => {}
                }
            }
            Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => scan.links.push(LinkRef {
                dest: dest_url.to_string(),
                offset: range.start,
                len: range.len(),
                is_image: true,
                wiki: is_wiki(link_type),
            }),
            _ => {}
        }
    }
    for (offset, code, message) in &rewritten.dropped {
        scan.problems.push(Problem {
            is_error: false,
            offset: *offset,
            len: 1,
            code,
            message: message.clone(),
            hint: Some(
                "prepress shows Markdown; write what the page needs as Markdown".to_string(),
            ),
        });
    }
    scan.head_title = rewritten.head_title.clone();
    for (offset, name) in std::mem::take(&mut events.unknown) {
        scan.problems.push(Problem {
                        is_error: false,
            offset: rewritten.original(offset),
            len: 1,
            code: "unknown-callout",
            message: format!("unknown callout type `{name}`: it is shown as a note"),
            hint: Some(
                "use note, abstract, info, todo, tip, success, question, warning, failure, danger, bug, example or quote"
                    .to_string(),
            ),
        });
    }
    scan
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// The heading that opens the body and repeats the page title, which the template
/// already shows: `# Title` as the first thing in the file.
pub fn title_heading<'a>(body: &str, headings: &'a [Heading], title: &str) -> Option<&'a Heading> {
    let first = headings.first()?;
    let opens_body = body[..first.offset].trim().is_empty();
    (first.level == 1 && opens_body && first.text == title.trim()).then_some(first)
}

/// The second pass: HTML, with the scan's heading ids, links rewritten by `links`
/// (destination as written -> URL) and code highlighted. A first `#` heading equal to
/// `title` is left out, since the page shows the title already.
pub fn render(
    body: &str,
    headings: &[Heading],
    links: &HashMap<String, String>,
    title: &str,
) -> String {
    render_with(body, headings, title, &Targets::Site(links))
}

/// Where links and ids point: on the site, or inside the whole-course print page.
pub enum Targets<'a> {
    /// Links as resolved for the site.
    Site(&'a HashMap<String, String>),
    /// Inside a print page (`here`, its URL): this page's ids get `prefix--`, and a link
    /// to a printed page (its URL -> where it is printed) becomes a link to its place:
    /// within this print page, or into the print page that holds it.
    Print {
        links: &'a HashMap<String, String>,
        prefix: &'a str,
        pages: &'a HashMap<String, PrintPlace>,
        here: &'a str,
    },
}

/// Where a page is printed: the print page's URL and the page's anchor in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintPlace {
    pub file: String,
    pub anchor: String,
}

impl PrintPlace {
    /// A link to `#anchor` of the printed page, from the print page `here`.
    pub fn href(&self, here: &str, anchor: &str) -> String {
        let within = if anchor.is_empty() {
            self.anchor.clone()
        } else {
            format!("{}--{anchor}", self.anchor)
        };
        if self.file == here {
            format!("#{within}")
        } else {
            format!("{}#{within}", self.file)
        }
    }
}

impl Targets<'_> {
    /// The URL a destination resolved to, placed for the site or the print page;
    /// `None` when it did not resolve.
    fn resolved(&self, dest: &str) -> Option<String> {
        let url = self.links().get(dest)?;
        Some(self.place(url))
    }

    fn links(&self) -> &HashMap<String, String> {
        match self {
            Targets::Site(links) | Targets::Print { links, .. } => links,
        }
    }

    fn id(&self, id: &str) -> String {
        match self {
            Targets::Site(_) => id.to_string(),
            Targets::Print { prefix, .. } => format!("{prefix}--{id}"),
        }
    }

    /// A destination as written, placed: a same-page anchor, or the URL it resolved to.
    fn url<'b>(&self, dest: CowStr<'b>) -> CowStr<'b> {
        if let Some(anchor) = dest.strip_prefix('#') {
            return CowStr::from(format!("#{}", self.id(anchor)));
        }
        match self.links().get(dest.as_ref()) {
            Some(url) => CowStr::from(self.place(url)),
            None => dest,
        }
    }

    /// A resolved URL on the site, or inside the print page when the page it leads to
    /// is printed there.
    fn place(&self, url: &str) -> String {
        let Targets::Print { pages, here, .. } = self else {
            return url.to_string();
        };
        if let Some(anchor) = url.strip_prefix('#') {
            return format!("#{}", self.id(anchor));
        }
        let (path, anchor) = url.split_once('#').unwrap_or((url, ""));
        match pages.get(path) {
            Some(place) => place.href(here, anchor),
            None => url.to_string(),
        }
    }
}

/// [`render`] with links and ids placed by `targets`.
pub fn render_with(body: &str, headings: &[Heading], title: &str, targets: &Targets) -> String {
    render_embedding(body, headings, title, targets, &HashMap::new())
}

/// [`render_with`], with the notes the page embeds (`![[Note]]`) shown in it: `embeds`
/// holds the HTML of each, by its destination as written; an embed not in it stays a
/// link to the note.
pub fn render_embedding(
    body: &str,
    headings: &[Heading],
    title: &str,
    targets: &Targets,
    embeds: &HashMap<String, String>,
) -> String {
    let (body, headings) = without_title_heading(body, headings, title);
    let rewritten = dialects::rewrite(body);
    let parsed = block_events(events(&rewritten.text).map(|(event, _)| event));
    write_html(parsed, headings, targets, embeds, body.len())
}

/// A page rendered once for everything made from its text: its HTML, and when asked,
/// its print copy and its search text.
pub struct PageRender {
    pub html: String,
    /// The page as a print page shows it.
    pub print: Option<String>,
    /// Its text without markup, trimmed, as [`plain_text`] gives it.
    pub text: Option<String>,
}

/// [`render_embedding`], and from the same parse the page as a print page shows it
/// (with `print`'s ids and links, its embeds left as links) and its search text, when
/// asked: the render stage makes them beside the page instead of parsing it again.
pub fn render_page(
    body: &str,
    headings: &[Heading],
    title: &str,
    (site, embeds): (&Targets, &HashMap<String, String>),
    print: Option<&Targets>,
    text: bool,
) -> PageRender {
    if print.is_none() && !text {
        let html = render_embedding(body, headings, title, site, embeds);
        return PageRender {
            html,
            print: None,
            text: None,
        };
    }
    let (rest, rest_headings) = without_title_heading(body, headings, title);
    let rewritten = dialects::rewrite(rest);
    let parsed: Vec<_> = block_events(events(&rewritten.text).map(|(event, _)| event)).collect();
    let text = text.then(|| {
        let mut plain = PlainText::default();
        if rest.len() < body.len() {
            // The title heading the HTML leaves out is text to search, as written.
            let head = plain_text(&body[..body.len() - rest.len()]);
            if head.trim() != headings[0].text {
                // Not the heading alone (a reference defined further down): the whole.
                return plain_text(body).trim().to_string();
            }
            plain.text = head;
        }
        for (event, _) in &parsed {
            plain.push(event);
        }
        plain.text.trim().to_string()
    });
    let print = print.map(|print| {
        let no_embeds = HashMap::new();
        write_html(
            parsed.iter().cloned(),
            rest_headings,
            print,
            &no_embeds,
            rest.len(),
        )
    });
    let html = write_html(parsed.into_iter(), rest_headings, site, embeds, rest.len());
    PageRender { html, print, text }
}

/// The body and its headings after a first `#` heading equal to `title`, which the page
/// shows already; else as they are.
fn without_title_heading<'b, 'h>(
    body: &'b str,
    headings: &'h [Heading],
    title: &str,
) -> (&'b str, &'h [Heading]) {
    match title_heading(body, headings, title) {
        Some(heading) => (&body[heading.end..], &headings[1..]),
        None => (body, headings),
    }
}

/// Each event, and whether it is the text that ends a paragraph or list item: only there
/// is a `^id` a block id (`x ^2` then a line break is text).
fn block_events<'e>(
    events: impl Iterator<Item = Event<'e>>,
) -> impl Iterator<Item = (Event<'e>, bool)> {
    let mut read = events.peekable();
    std::iter::from_fn(move || {
        let event = read.next()?;
        let ends_block = matches!(event, Event::Text(_))
            && matches!(
                read.peek(),
                Some(Event::End(TagEnd::Paragraph | TagEnd::Item))
            );
        Some((event, ends_block))
    })
}

/// What a table is put in: a box that scrolls sideways and takes keyboard focus.
const TABLE_BOX: &str =
    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n";

/// The HTML of a body's events ([`block_events`]), ids and links placed by `targets`,
/// `embeds` shown in it; `body_len` sizes the buffer.
fn write_html<'e>(
    events: impl Iterator<Item = (Event<'e>, bool)>,
    headings: &[Heading],
    targets: &Targets,
    embeds: &HashMap<String, String>,
    body_len: usize,
) -> String {
    let mut ids = headings.iter().map(|h| targets.id(&h.id));
    // Inside an embedded note's `![[…]]`: its text is the note's name, left out.
    let mut in_embed = false;
    let mut code: Option<(String, String)> = None;
    let mut diagrams = 0;
    // How each open link or image closes: a wiki embed of a note closes as a link, an
    // unresolved wiki link as the text it holds.
    let mut closes: Vec<Event> = Vec::new();
    // A wiki link without its own text shows its target as Obsidian does: "Note > Part".
    let mut target_as_text = false;
    let events = events
        .filter_map(|(event, ends_block)| match event {
            Event::Start(Tag::Image {
                link_type,
                ref dest_url,
                ..
            }) if is_wiki(link_type) && embeds.contains_key(dest_url.as_ref()) => {
                in_embed = true;
                Some(Event::Html(CowStr::from(embeds[dest_url.as_ref()].clone())))
            }
            Event::End(TagEnd::Image) if in_embed => {
                in_embed = false;
                None
            }
            _ if in_embed => None,
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = ids.next().map(CowStr::from);
                Some(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_wiki(link_type) => {
                target_as_text = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                wiki_link(
                    targets.resolved(&dest_url),
                    link_type,
                    title,
                    id,
                    &mut closes,
                )
            }
            Event::End(TagEnd::Link) => Some(closes.pop().unwrap_or(Event::End(TagEnd::Link))),
            Event::End(TagEnd::Image) => Some(closes.pop().unwrap_or(Event::End(TagEnd::Image))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                closes.push(Event::End(TagEnd::Link));
                let dest_url = targets.url(dest_url);
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match targets.resolved(&dest_url) {
                // A wiki embed of a note (`![[Note]]`) is a link to it.
                Some(url) if is_wiki(link_type) && is_page_url(&url) => {
                    closes.push(Event::End(TagEnd::Link));
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(url),
                        title,
                        id,
                    }))
                }
                resolved => {
                    closes.push(Event::End(TagEnd::Image));
                    Some(Event::Start(Tag::Image {
                        link_type,
                        dest_url: resolved.map_or(dest_url, CowStr::from),
                        title,
                        id,
                    }))
                }
            },
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new()));
                None
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buffer)) = code.as_mut() {
                    buffer.push_str(&text);
                }
                None
            }
            Event::InlineHtml(html) | Event::Html(html)
                if dialects::inline_component(&html).is_some() =>
            {
                None
            }
            // A block id (`^id` ending a paragraph or list item) is an anchor, not text.
            Event::Text(text) if ends_block && block_id(&text).is_some() => {
                let (before, id) = block_id(&text).unwrap_or((&text, ""));
                Some(Event::InlineHtml(CowStr::from(format!(
                    "{}<span class=\"block-id\" id=\"{}\"></span>",
                    highlight::escape(before),
                    targets.id(&format!("^{id}"))
                ))))
            }
            Event::Text(text) if target_as_text => {
                target_as_text = false;
                let shown = text.trim_start_matches('#').replace('#', " > ");
                Some(Event::Text(CowStr::from(shown)))
            }
            Event::FootnoteReference(name) => {
                Some(Event::FootnoteReference(CowStr::from(targets.id(&name))))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => Some(Event::Start(
                Tag::FootnoteDefinition(CowStr::from(targets.id(&name))),
            )),
            Event::End(TagEnd::CodeBlock) => code.take().map(|(language, buffer)| {
                let html = match Fence::of_language(&language) {
                    Fence::Math => math_html(&buffer, true),
                    Fence::Diagram => {
                        diagrams += 1;
                        diagram_html(&buffer, &targets.id(&diagram::id_for(&buffer, diagrams)))
                    }
                    Fence::Code => highlight::code_block(&language, &buffer),
                };
                Event::Html(html.into())
            }),
            Event::InlineMath(latex) => Some(Event::InlineHtml(math_html(&latex, false).into())),
            Event::DisplayMath(latex) => Some(Event::InlineHtml(math_html(&latex, true).into())),
            // A task's box is named, for screen readers (its state is its own).
            Event::TaskListMarker(done) => Some(Event::InlineHtml(CowStr::from(if done {
                "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"Done\"> "
            }))),
            other => Some(other),
        })
        // A table scrolls inside a box a keyboard can reach, never the page sideways.
        .flat_map(|event| {
            let (before, after) = match &event {
                Event::Start(Tag::Table(_)) => (Some(Event::Html(CowStr::from(TABLE_BOX))), None),
                Event::End(TagEnd::Table) => (None, Some(Event::Html(CowStr::from("</div>\n")))),
                _ => (None, None),
            };
            before
                .into_iter()
                .chain(std::iter::once(event))
                .chain(after)
        });
    let mut html = String::with_capacity(body_len * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, dialects::render_cards(events).into_iter());
    html
}

/// A run of text that ends with an Obsidian block id (` ^id`, letters, digits and `-`):
/// the text before it and the id.
pub fn block_id(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    // Read from the end, as far as the id's characters go: every run of text is asked,
    // and most end in a word with no `^` before it.
    let id_len = trimmed
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let caret = trimmed.len().checked_sub(id_len + 1)?;
    if id_len == 0 || trimmed.as_bytes()[caret] != b'^' {
        return None;
    }
    let (before, id) = (&trimmed[..caret], &trimmed[caret + 1..]);
    let marked = before.is_empty() || before.ends_with(char::is_whitespace);
    marked.then(|| (before.trim_end(), id))
}

/// Obsidian's inline tags in a run of text: a `#` at its start or after a space, then
/// letters, digits, `_`, `-` and `/`, at least one of them not a digit (`#123` is an
/// issue number, `C#` no tag).
pub fn inline_tags(text: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        if c == '#' && previous.is_none_or(char::is_whitespace) {
            let rest = &text[at + 1..];
            let len = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '/'))
                .unwrap_or(rest.len());
            let tag = rest[..len].trim_end_matches('/');
            if !tag.starts_with('/') && tag.chars().any(|c| !c.is_ascii_digit()) {
                tags.push(tag.to_string());
            }
        }
        previous = Some(c);
    }
    tags
}

/// The opening of a wiki link: a link to where it resolved, else a span that shows its
/// text as unresolved; `closes` gets what its end becomes.
fn wiki_link<'a>(
    resolved: Option<String>,
    link_type: LinkType,
    title: CowStr<'a>,
    id: CowStr<'a>,
    closes: &mut Vec<Event<'a>>,
) -> Option<Event<'a>> {
    match resolved {
        Some(url) => {
            closes.push(Event::End(TagEnd::Link));
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(url),
                title,
                id,
            }))
        }
        None => {
            closes.push(Event::Html(CowStr::from("</span>")));
            Some(Event::Html(CowStr::from(
                "<span class=\"wiki-unresolved\">",
            )))
        }
    }
}

/// A formula as MathML; LaTeX that does not read (the scan reported it, so a build
/// stops) is shown as its source.
fn math_html(latex: &str, display: bool) -> String {
    match math::to_mathml(latex, display).as_ref() {
        Ok(mathml) => mathml.clone(),
        Err(_) => format!(
            "<code class=\"math-error\">{}</code>",
            highlight::escape(latex)
        ),
    }
}

/// A diagram as its figure; one that does not draw (the scan reported it, so a build
/// stops) is shown as its source.
fn diagram_html(source: &str, id: &str) -> String {
    match diagram::draw(source).as_ref() {
        Ok(drawing) => diagram::figure(drawing, id),
        Err(_) => diagram::failed(source),
    }
}

/// A diagram that does not draw is an error at the line merman names, else at its fence.
/// `start` is where the diagram's text starts in `body`.
fn check_diagram(scan: &mut Scan, body: &str, source: &str, fence: usize, start: Option<usize>) {
    if let Err(failure) = diagram::draw(source).as_ref() {
        let (offset, len) = match (start, failure.offset) {
            (Some(start), Some(at)) => at_in_body(body, start, source, at),
            _ => (fence, 3),
        };
        scan.problems.push(Problem {
            is_error: true,
            offset,
            len,
            code: "diagram",
            message: failure.message.clone(),
            hint: failure.hint.clone(),
        });
    }
}

/// Where byte `at` of a code block's text (which starts at `start` in `body`) is in the
/// body, and how much of its line to underline. By lines: inside a list or a callout,
/// the block's lines are the body's without their indent or `>`.
fn at_in_body(body: &str, start: usize, source: &str, at: usize) -> (usize, usize) {
    // A parser that ran off the end names the end: the diagram's last line.
    let at = at.min(source.trim_end().len());
    let line = source[..at].matches('\n').count();
    let column = at - source[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let rest_of_line = source[at..].find('\n').unwrap_or(source.len() - at);
    let line_start = match line {
        0 => start,
        _ => body[start..]
            .match_indices('\n')
            .nth(line - 1)
            .map_or(start, |(newline, _)| start + newline + 1),
    };
    // The block's text has "\n" where the body may have "\r\n".
    let line_end = body[line_start..]
        .find('\n')
        .map_or(body.len(), |end| line_start + end);
    let line_end = match body[..line_end].ends_with('\r') {
        true => line_end - 1,
        false => line_end,
    };
    let offset = line_end
        .checked_sub(rest_of_line)
        .filter(|offset| *offset >= line_start)
        .unwrap_or(line_start + column.min(line_end - line_start));
    (offset, rest_of_line.max(1))
}

/// Invalid LaTeX is an error at the formula.
fn check_math(scan: &mut Scan, latex: &str, display: bool, offset: usize, len: usize) {
    if let Err(message) = math::check(latex, display) {
        scan.problems.push(Problem {
            is_error: true,
            offset,
            len,
            code: "math",
            message,
            hint: Some(format!("the formula: {}", latex.trim())),
        });
    }
}

/// A page's text without markup, blocks separated by blank lines (for the search index).
/// A formula is its LaTeX; a diagram's source is left out.
pub fn plain_text(body: &str) -> String {
    let mut plain = PlainText {
        text: String::with_capacity(body.len()),
        in_diagram: false,
    };
    let rewritten = dialects::rewrite(body);
    for (event, _) in events(&rewritten.text) {
        plain.push(&event);
    }
    plain.text
}

/// [`plain_text`], an event at a time.
#[derive(Default)]
struct PlainText {
    text: String,
    in_diagram: bool,
}

impl PlainText {
    fn push(&mut self, event: &Event) {
        let text = &mut self.text;
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_diagram = Fence::of(kind) == Fence::Diagram;
            }
            Event::End(TagEnd::CodeBlock) if std::mem::take(&mut self.in_diagram) => {}
            Event::Text(_) if self.in_diagram => {}
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => text.push_str("\n\n"),
            _ => {}
        }
    }
}

/// The plain text of the first paragraph with any text, its spaces collapsed, for
/// one-line definitions and link previews.
pub fn first_paragraph(body: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    let rewritten = dialects::rewrite(body);
    for (event, _) in events(&rewritten.text) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside && !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph) => inside = false,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as it is when it has at most `chars` characters, else cut at the last space
/// before that many, with `…` after.
pub fn cut_at_word(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        None => text.to_string(),
        Some((end, _)) => {
            let cut = &text[..end];
            let cut = cut.rsplit_once(' ').map_or(cut, |(head, _)| head);
            format!("{cut}…")
        }
    }
}

/// Whether a character is of a script written without spaces between words (Chinese,
/// Japanese kana, Thai), whose text is searched by pairs of characters. The same ranges
/// as `UNSPACED` in `search.js`; the search index and the Q&A headings ask it.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// One entry of a page's table of contents: an H2 and the H3s under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// The H2–H3 tree of a page's headings.
pub fn table_of_contents(headings: &[Heading]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for heading in headings {
        let entry = TocEntry {
            id: heading.id.clone(),
            title: heading.text.clone(),
            children: Vec::new(),
        };
        match (heading.level, toc.last_mut()) {
            (2, _) => toc.push(entry),
            (3, Some(parent)) => parent.children.push(entry),
            (3, None) => toc.push(entry),
            _ => {}
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_page(body: &str) -> Scan {
        scan(body, &mut ())
    }

    /// The search text and print copy [`render_page`] makes beside the page are what
    /// [`plain_text`] and [`render_with`] give, whatever the page opens with.
    #[test]
    fn a_page_rendered_once_gives_its_search_text_and_print_copy_as_parsed_apart() {
        let links = HashMap::from([("b.md".to_string(), "/s/b/".to_string())]);
        let places = HashMap::from([(
            "/s/b/".to_string(),
            PrintPlace {
                file: "/print/".to_string(),
                anchor: "s-b".to_string(),
            },
        )]);
        let print = Targets::Print {
            links: &links,
            prefix: "s-a",
            pages: &places,
            here: "/print/",
        };
        let site = Targets::Site(&links);
        for (title, body) in [
            ("T", "# T\n\nText and [b](b.md).\n"),
            ("T", "# T `code`\n\nText.\n"),
            ("T $x$", "# T $x$\n\nMath in the title.\n"),
            (
                "T",
                "# [T][r]\n\nA title through a reference.\n\n[r]: b.md\n",
            ),
            ("Other", "# T\n\nA first heading that is not the title.\n"),
            ("T", "Text first.\n\n# T\n"),
            (
                "T",
                "# T\n\n> [!note] Said\n> Inside, with a footnote[^1].\n\n\
                 ```mermaid\npie\n  \"slice\": 1\n```\n\n$$\na^2\n$$\n\n\
                 - item ^block\n\n[[b]] and ==marked==\n\n[^1]: The note.\n",
            ),
        ] {
            let headings = scan_page(body).headings;
            let rendered = render_page(
                body,
                &headings,
                title,
                (&site, &HashMap::new()),
                Some(&print),
                true,
            );
            let text = rendered.text.unwrap();
            assert_eq!(text, plain_text(body).trim(), "{body}");
            let alone = render_with(body, &headings, title, &print);
            assert_eq!(rendered.print.unwrap(), alone, "{body}");
            assert_eq!(
                rendered.html,
                render(body, &headings, &links, title),
                "{body}"
            );
        }
    }

    #[test]
    fn a_broken_diagram_is_an_error_at_its_place_even_indented() {
        for body in [
            "Text.\n\n```mermaid\nflowchart TD\n  A --> B{Open\n```\n",
            "- Item\n\n  ```mermaid\n  flowchart TD\n    A --> B{Open\n  ```\n",
            "> [!note]\n> ```mermaid\n> flowchart TD\n>   A --> B{Open\n> ```\n",
            "Text.\r\n\r\n```mermaid\r\nflowchart TD\r\n  A --> B{Open\r\n```\r\n",
        ] {
            let scan = scan_page(body);
            let problem = scan.problems.iter().find(|p| p.code == "diagram");
            let problem = problem.unwrap_or_else(|| panic!("{body}: {:?}", scan.problems));
            assert!(problem.is_error);
            assert!(
                body[problem.offset..].starts_with("{Open"),
                "{body:?} at {:?}",
                &body[problem.offset..]
            );
        }
    }

    #[test]
    fn only_a_mermaid_fence_is_drawn() {
        let html = render(
            "```mermaid\npie\n  \"a\": 1\n```\n\n```text\npie\n```\n\n    pie\n",
            &[],
            &HashMap::new(),
            "",
        );
        assert_eq!(
            html.matches("<figure class=\"diagram\"").count(),
            1,
            "{html}"
        );
        assert_eq!(html.matches("<pre").count(), 2, "{html}");
        assert!(
            scan_page("```text\nflowchart TD\n  A --> B{\n```\n")
                .problems
                .is_empty()
        );
        assert!(!plain_text("Words.\n\n```mermaid\npie\n  \"slice\": 1\n```\n").contains("slice"));
    }

    #[test]
    fn scan_finds_headings_with_github_ids() {
        let scan = scan_page(
            "# Title\n\n## 1. Ownership (Critical for L6+)\n\n## Intro\n\n## Intro\n\n### Custom {#mine}\n",
        );
        let ids: Vec<_> = scan.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "title",
                "1-ownership-critical-for-l6",
                "intro",
                "intro-1",
                "mine"
            ]
        );
        assert_eq!(scan.first_title(), Some("Title"));
    }

    #[test]
    fn heading_text_includes_code_and_link_text() {
        let scan = scan_page("## Use `Vec` with [serde](https://serde.rs)\n");
        assert_eq!(scan.headings[0].text, "Use Vec with serde");
        assert_eq!(scan.headings[0].id, "use-vec-with-serde");
    }

    #[test]
    fn scan_finds_links_with_offsets() {
        let body = "Intro\n\nSee [a](../a.md#x) and ![i](img.png).\n";
        let scan = scan_page(body);
        assert_eq!(scan.links.len(), 2);
        assert_eq!(scan.links[0].dest, "../a.md#x");
        assert_eq!(&body[scan.links[0].offset..scan.links[0].offset + 3], "[a]");
        assert!(scan.links[1].is_image);
    }

    #[test]
    fn wiki_links_are_found_outside_code_only() {
        let body = "See [[Depth-First Search|DFS]] and ![[tree.png]].\n\n`[[not a link]]`\n\n```\n[[nor this]]\n```\n";
        let scan = scan_page(body);
        let found: Vec<(&str, bool, bool)> = scan
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.wiki, l.is_image))
            .collect();
        assert_eq!(
            found,
            [
                ("Depth-First Search", true, false),
                ("tree.png", true, true)
            ]
        );
        let link = &scan.links[0];
        assert_eq!(
            &body[link.offset..link.offset + link.len],
            "[[Depth-First Search|DFS]]"
        );
    }

    #[test]
    fn wiki_links_render_resolved_unresolved_and_embedded() {
        let body = "[[A|the a]] [[Gone]] ![[A]] ![[p.png]]\n";
        let links = HashMap::from([
            ("A".to_string(), "/s/a/".to_string()),
            ("p.png".to_string(), "/s/p.png".to_string()),
        ]);
        let html = render(body, &[], &links, "T");
        assert!(html.contains("<a href=\"/s/a/\">the a</a>"), "{html}");
        assert!(
            html.contains("<span class=\"wiki-unresolved\">Gone</span>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"/s/a/\">A</a>"),
            "a note embed is a link: {html}"
        );
        assert!(html.contains("<img src=\"/s/p.png\""), "{html}");
        assert!(!html.contains("[["), "{html}");
        let shown = render("[[A#Part]] [[#Part]]\n", &[], &HashMap::new(), "T");
        assert!(
            shown.contains(">A &gt; Part</span>") && shown.contains(">Part</span>"),
            "{shown}"
        );
    }

    fn html_of(body: &str) -> String {
        render(body, &scan_page(body).headings, &HashMap::new(), "T")
    }

    #[test]
    fn every_callout_syntax_renders_one_structure() {
        let github = html_of("> [!NOTE]\n> Useful *context*.\n");
        assert!(
            github.starts_with("<div class=\"callout callout-note\" data-callout=\"note\">\n<p class=\"callout-title\">Note</p>\n<div class=\"callout-body\">\n<p>Useful <em>context</em>.</p>\n</div>\n</div>"),
            "{github}"
        );
        let folded = html_of("> [!faq]- Why **this**?\n> Because.\n");
        assert!(folded.contains("<details class=\"callout callout-question\" data-callout=\"question\">\n<summary class=\"callout-title\">Why **this**?</summary>"), "{folded}");
        assert!(
            folded.contains("<p>Because.</p>\n</div>\n</details>"),
            "{folded}"
        );
        assert!(html_of("> [!tip]+ Open\n> x\n").contains("data-callout=\"tip\" open>"));
        let docusaurus = html_of(":::tip[Short] \n\n- one\n- two\n\n:::\n");
        assert!(
            docusaurus.contains("<p class=\"callout-title\">Short</p>"),
            "{docusaurus}"
        );
        assert!(docusaurus.contains("<li>one</li>"), "{docusaurus}");
        let mkdocs = html_of("??? warning \"Careful\"\n    Body\n\nAfter\n");
        assert!(
            mkdocs.contains("<details class=\"callout callout-warning\""),
            "{mkdocs}"
        );
        assert!(
            mkdocs.contains("<p>Body</p>") && mkdocs.contains("<p>After</p>"),
            "{mkdocs}"
        );
        for text in [&github, &folded, &docusaurus, &mkdocs] {
            assert!(
                !text.contains("[!")
                    && !text.contains(":::")
                    && !text.contains("!!!")
                    && !text.contains("???"),
                "{text}"
            );
        }
    }

    #[test]
    fn callouts_nest_and_plain_quotes_stay_quotes() {
        let nested = html_of("> [!note] Outer\n> > [!bug] Inner\n> > deep\n>\n> shallow\n");
        assert_eq!(nested.matches("class=\"callout ").count(), 2, "{nested}");
        assert!(
            nested.contains("callout-bug") && nested.contains("<p>deep</p>"),
            "{nested}"
        );
        let quote = html_of("> A quote [!tip] in passing.\n");
        assert!(quote.starts_with("<blockquote>"), "{quote}");
    }

    #[test]
    fn an_unknown_callout_type_is_a_note_and_a_problem() {
        let body = "Text\n\n> [!galaxy] Far\n> away\n";
        let scan = scan_page(body);
        assert_eq!(scan.problems.len(), 1);
        assert_eq!(scan.problems[0].code, "unknown-callout");
        assert_eq!(&body[scan.problems[0].offset..][..1], ">");
        assert!(
            html_of(body).contains(
                "callout-note\" data-callout=\"note\">\n<p class=\"callout-title\">Far</p>"
            )
        );
    }

    #[test]
    fn links_inside_containers_keep_their_place_in_the_file() {
        let body = ":::note\nSee [a](a.md) and [[B]].\n:::\n";
        let scan = scan_page(body);
        let spans: Vec<&str> = scan
            .links
            .iter()
            .map(|l| &body[l.offset..l.offset + l.len])
            .collect();
        assert_eq!(spans, ["[a](a.md)", "[[B]]"]);
    }

    #[test]
    fn render_uses_ids_and_rewrites_links() {
        let body = "## Hello\n\n[a](other.md)\n";
        let scan = scan_page(body);
        let links = HashMap::from([("other.md".to_string(), "/s/other/".to_string())]);
        let html = render(body, &scan.headings, &links, "T");
        assert!(html.contains("<h2 id=\"hello\">Hello</h2>"), "{html}");
        assert!(html.contains("href=\"/s/other/\""), "{html}");
    }

    #[test]
    fn print_targets_prefix_ids_and_keep_links_inside() {
        let body = "## Part\n\n[same](#part) [other](b.md#x) [away](c.md) [web](https://x.org) note[^1]\n\n[^1]: foot\n";
        let links = HashMap::from([
            ("b.md#x".to_string(), "/s/b/#x".to_string()),
            ("c.md".to_string(), "/principles/c/".to_string()),
        ]);
        let place = |file: &str, anchor: &str| PrintPlace {
            file: file.to_string(),
            anchor: anchor.to_string(),
        };
        let pages = HashMap::from([
            ("/s/b/".to_string(), place("/print/", "s-b")),
            ("/t/d/".to_string(), place("/print/t/", "t-d")),
        ]);
        let body = body.replace("[web]", "[far](d.md#y) [web]");
        let body = body.as_str();
        let links: HashMap<String, String> = links
            .into_iter()
            .chain([("d.md#y".to_string(), "/t/d/#y".to_string())])
            .collect();
        let targets = Targets::Print {
            links: &links,
            prefix: "s-a",
            pages: &pages,
            here: "/print/",
        };
        let html = render_with(body, &scan_page(body).headings, "T", &targets);
        for needle in [
            "id=\"s-a--part\"",
            "href=\"#s-a--part\"",
            "href=\"#s-b--x\"",
            "href=\"/print/t/#t-d--y\"",
            "href=\"/principles/c/\"",
            "href=\"https://x.org\"",
            "href=\"#s-a--1\"",
        ] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
    }

    #[test]
    fn render_extensions() {
        let body = "| a |\n|---|\n| b |\n\n~~x~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot\n\n<div class=\"raw\">y</div>\n";
        let html = render(body, &scan_page(body).headings, &HashMap::new(), "T");
        for needle in [
            "<table>",
            "<del>x</del>",
            "checkbox",
            "footnote",
            "<div class=\"raw\">",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn render_highlights_code() {
        let body = "```python\nprint(1)\n```\n";
        let html = render(body, &[], &HashMap::new(), "T");
        assert!(html.contains("hl-"), "{html}");
    }

    #[test]
    fn leading_title_heading_is_not_repeated() {
        let body = "\n# My Title\n\nText\n\n## Part\n";
        let scan = scan_page(body);
        let html = render(body, &scan.headings, &HashMap::new(), "My Title");
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("<h2 id=\"part\">"), "{html}");
        let other = render(body, &scan.headings, &HashMap::new(), "Another Title");
        assert!(other.contains("<h1 id=\"my-title\">"), "{other}");
    }

    proptest::proptest! {
        /// Read from the end, a block id is what the rule says: the last `^` of the
        /// trimmed text, after a space or at the start, then letters, digits and `-`.
        #[test]
        fn a_block_id_is_the_text_after_its_last_caret(text in "[a ^é●\\-\n]{0,12}") {
            let trimmed = text.trim_end();
            let expected = trimmed.rsplit_once('^').and_then(|(before, id)| {
                let marked = before.is_empty() || before.ends_with(char::is_whitespace);
                let valid =
                    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                (marked && valid).then(|| (before.trim_end(), id))
            });
            proptest::prop_assert_eq!(block_id(&text), expected);
        }
    }

    #[test]
    fn a_block_id_ends_a_run_of_text_after_a_space() {
        assert_eq!(block_id("A fact. ^fact-1"), Some(("A fact.", "fact-1")));
        assert_eq!(block_id("^solo\n"), Some(("", "solo")));
        assert_eq!(block_id("x^notes"), None, "no space before it");
        assert_eq!(block_id("a ^"), None);
        assert_eq!(block_id("a ^b c"), None, "not at the end");
        assert_eq!(block_id("2 ^ 3 = 8"), None);
        assert_eq!(
            block_id("●"),
            None,
            "a character of several bytes at the end"
        );
        assert_eq!(block_id("é ^b"), Some(("é", "b")));
        assert_eq!(block_id("a^b ^c"), Some(("a^b", "c")));
    }

    #[test]
    fn a_block_is_the_paragraph_or_item_its_id_ends_and_nothing_else_is_one() {
        let body = "Intro paragraph. ^intro\n\n1. First item\n2. Second item ^second\n\n\
                    Mid ^not\nstill the same paragraph.\n\n```\ncode ^in-code\n```\n\n\
                    > Quoted ^quoted\n";
        let scan = scan_page(body);
        let blocks: Vec<(&str, &str)> = scan
            .blocks
            .iter()
            .map(|b| (b.id.as_str(), &body[b.start..b.end]))
            .collect();
        assert_eq!(
            blocks,
            [
                ("intro", "Intro paragraph. ^intro\n"),
                ("second", "2. Second item ^second\n\n"),
                ("quoted", "Quoted ^quoted\n"),
            ],
            "not mid-paragraph, not in code; an item alone, not the items above it"
        );
    }

    #[test]
    fn toc_nests_h3_under_h2() {
        let scan = scan_page("# T\n## A\n### A1\n### A2\n## B\n#### deep\n");
        let toc = table_of_contents(&scan.headings);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 2);
        assert_eq!(toc[1].children.len(), 0);
    }
}
