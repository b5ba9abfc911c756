//! Link cards: the picture a chat or a social site shows beside a shared link. Each page
//! gets one, `card.png` beside its `index.html` (1200 × 630), drawn at build time from
//! the theme's `link-card.svg` with the course's title, the page's section and its title
//! filled in (a course gives its own by putting `link-card.svg` in its theme folder),
//! through resvg with the system's fonts.
//!
//! Cards are drawn only when they can be used: `og:image` must be a full URL, so a
//! course whose `base_url` is a bare path gets none, and `link_cards = false` turns them
//! off. With no font on the machine there is nothing to draw text with: the build says
//! so once and makes no cards. A drawn card is kept by a hash of what it shows and its
//! template in `.prepress-cache/link-cards/` in the course folder, so a build after an
//! edit draws only the cards that changed; the cards no build used are removed after it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::markdown::slug::content_hash;

/// A card's file name, in its page's folder.
pub const CARD_FILE: &str = "card.png";

/// Where a course keeps its drawn cards between builds, under its folder.
pub const CARDS_CACHE: &str = ".prepress-cache/link-cards";

/// The template of the default theme: placeholders `{course}`, `{section}`, `{title}`
/// and the title cut into lines, `{title_1}` to `{title_3}`.
pub const TEMPLATE_FILE: &str = "link-card.svg";

/// What a card shows.
pub struct CardText<'a> {
    pub course: &'a str,
    pub section: &'a str,
    pub title: &'a str,
}

/// The system's fonts, read once a process; `None` when there are none.
fn fonts() -> Option<Arc<usvg::fontdb::Database>> {
    static FONTS: OnceLock<Option<Arc<usvg::fontdb::Database>>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut fonts = usvg::fontdb::Database::new();
            fonts.load_system_fonts();
            (!fonts.is_empty()).then(|| Arc::new(fonts))
        })
        .clone()
}

/// Whether the machine has a font to draw cards with.
pub fn have_fonts() -> bool {
    fonts().is_some()
}

/// The cache folder and the cards this process used in it.
struct Kept {
    dir: PathBuf,
    used: HashSet<String>,
}

fn kept() -> &'static Mutex<Option<Kept>> {
    static KEPT: Mutex<Option<Kept>> = Mutex::new(None);
    &KEPT
}

/// Keep drawn cards in `dir` (made when first needed). A `dir` that is a symbolic link
/// is not used: prepress writes nothing through one.
pub fn keep_cards_in(dir: &Path) {
    let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    if let Ok(mut kept) = kept().lock() {
        if kept.as_ref().is_some_and(|kept| kept.dir == dir) {
            return;
        }
        *kept = (!is_link).then(|| Kept {
            dir: dir.to_path_buf(),
            used: HashSet::new(),
        });
    }
}

/// Removes the kept cards this process did not use (after a whole build: the pages
/// the course no longer has, or whose title changed).
pub fn prune_unused_cards() {
    let Ok(kept) = kept().lock() else { return };
    let Some(kept) = kept.as_ref() else { return };
    let Ok(entries) = std::fs::read_dir(&kept.dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".png") && !kept.used.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The card of `text` drawn from `template` as PNG bytes: the kept one when it is
/// there and whole, else drawn (and kept). `None` when there is no font or the template
/// does not read as SVG.
pub fn card(template: &str, text: &CardText) -> Option<Vec<u8>> {
    let svg = filled(template, text);
    let name = format!(
        "{:016x}-{}.png",
        content_hash(svg.as_bytes()),
        env!("CARGO_PKG_VERSION")
    );
    let dir = kept().lock().ok().and_then(|mut kept| {
        let kept = kept.as_mut()?;
        kept.used.insert(name.clone());
        Some(kept.dir.clone())
    });
    if let Some(dir) = &dir
        && let Ok(bytes) = std::fs::read(dir.join(&name))
        && is_whole_png(&bytes)
    {
        return Some(bytes);
    }
    let png = draw(&svg)?;
    if let Some(dir) = dir
        && std::fs::create_dir_all(&dir).is_ok()
    {
        // Written whole under another name first: a build cut short leaves no half card.
        let part = dir.join(format!("{name}.part"));
        if std::fs::write(&part, &png).is_ok() {
            let _ = std::fs::rename(&part, dir.join(&name));
        }
    }
    Some(png)
}

/// `template` with the placeholders filled, each value escaped for XML.
fn filled(template: &str, text: &CardText) -> String {
    let lines = title_lines(text.title, LINE_WIDTH, TITLE_LINES);
    let line = |at: usize| escape(lines.get(at).map_or("", String::as_str));
    // The course and the section take one line each.
    let one_line = |text: &str| {
        title_lines(text, 2 * LINE_WIDTH, 1)
            .pop()
            .unwrap_or_default()
    };
    template
        .replace("{course}", &escape(&one_line(text.course)))
        .replace("{section}", &escape(&one_line(text.section)))
        .replace("{title}", &escape(text.title))
        .replace("{title_1}", &line(0))
        .replace("{title_2}", &line(1))
        .replace("{title_3}", &line(2))
}

/// How wide a line of the title may be, in the widths of a Latin letter (a Chinese or
/// Japanese character counts two), and how many lines it may take.
const LINE_WIDTH: usize = 24;
const TITLE_LINES: usize = 3;

/// `title` cut into at most `count` lines of at most `width`, at spaces where it has
/// them, anywhere in a run of wide characters; the last line ends in `…` when the title
/// is longer.
fn title_lines(title: &str, width: usize, count: usize) -> Vec<String> {
    let wide = |c: char| (c as u32) >= 0x1100 && !c.is_whitespace();
    let measure = |text: &str| {
        text.chars()
            .map(|c| if wide(c) { 2 } else { 1 })
            .sum::<usize>()
    };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest: Vec<String> = Vec::new();
    for word in title.split_whitespace() {
        // A word too long for a line (or a run of wide characters) breaks anywhere.
        let mut pieces = Vec::new();
        let mut piece = String::new();
        for c in word.chars() {
            if measure(&piece) + measure(&c.to_string()) > width {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.push(c);
        }
        pieces.push(piece);
        for piece in pieces {
            let joined = if current.is_empty() {
                piece.clone()
            } else {
                format!("{current} {piece}")
            };
            if measure(&joined) <= width {
                current = joined;
            } else {
                if lines.len() == count {
                    rest.push(piece);
                    continue;
                }
                lines.push(std::mem::replace(&mut current, piece));
            }
        }
    }
    if !current.is_empty() {
        if lines.len() < count {
            lines.push(current);
        } else {
            rest.push(current);
        }
    }
    if lines.len() > count || !rest.is_empty() {
        lines.truncate(count);
        if let Some(last) = lines.last_mut() {
            while measure(last) + 1 > width {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// The SVG drawn into a PNG at its own size, with the system's fonts.
fn draw(svg: &str) -> Option<Vec<u8>> {
    let fonts = fonts()?;
    let options = usvg::Options {
        fontdb: fonts,
        // A card draws only what its template holds: no file or URL is read.
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).ok()?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().ok()
}

/// Whether `bytes` start as a PNG and end with its last chunk (a kept file cut short or
/// edited by hand is drawn again).
fn is_whole_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.ends_with(b"IEND\xae\x42\x60\x82")
}

fn escape(text: &str) -> String {
    crate::render::escape_xml(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_break_at_spaces_and_end_in_an_ellipsis_when_too_long() {
        assert_eq!(
            title_lines("Designing a Rate Limiter", 30, 3),
            ["Designing a Rate Limiter"]
        );
        assert_eq!(
            title_lines(
                "Designing a distributed rate limiter for a global API",
                20,
                3
            ),
            ["Designing a", "distributed rate", "limiter for a globa…"]
        );
        let long = title_lines(&"word ".repeat(40), 20, 3);
        assert_eq!(long.len(), 3);
        assert!(long[2].ends_with('…'));
        assert!(
            long.iter().all(|line| line.chars().count() <= 20),
            "{long:?}"
        );
        // Wide characters count two and break anywhere.
        let chinese = title_lines("设计一个分布式限流器以及它的缓存层和消息队列", 10, 3);
        assert_eq!(chinese[0], "设计一个分");
        assert!(
            chinese.len() == 3 && chinese[2].ends_with('…'),
            "{chinese:?}"
        );
    }

    #[test]
    fn text_is_escaped_into_the_template() {
        let svg = filled(
            "<text>{course}|{section}|{title_1}</text>",
            &CardText {
                course: "A & B",
                section: "<script>",
                title: "\"quoted\"",
            },
        );
        assert_eq!(
            svg,
            "<text>A &amp; B|&lt;script&gt;|&quot;quoted&quot;</text>"
        );
    }
}
