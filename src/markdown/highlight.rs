//! Code highlighting: syntect (with two-face's extra syntaxes: TypeScript, TOML, Kotlin...)
//! parses a fenced code block, and each run of text is given one of a few token kinds
//! ([`KINDS`]: comment, string, keyword, function...) from the scopes it is in, written as
//! one flat `<span class="hl-k">` per run: a grammar's full scope names, one span each,
//! made code blocks fourteen times the size of their text. [`stylesheet`] colours the
//! kinds from the course's light and dark syntect themes, each colour moved as little as
//! needed to be readable (WCAG contrast 4.5:1) on the code background. The syntaxes load
//! once, on first use.
//! syntect runs on the Oniguruma regex engine: measured on the 10,000-lecture corpus, the
//! build takes about three quarters of the time it takes with `fancy-regex`. A block's
//! HTML depends on its language and text alone, so blocks are kept by them: in this
//! process, and, through `pipeline::cache`, from one build to the next. Below the block,
//! lines are kept too: code repeats lines (a closing brace, `return result`, an import),
//! and a line's HTML depends only on the line and the parser's and scopes' states it
//! starts in, so a line met again in the same states is not parsed again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use syntect::highlighting::{Color, FontStyle, Highlighter};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

use crate::config::{HighlightThemes, syntax_theme};
use crate::markdown::memo::Memo;

/// Blocks larger than this are shown without highlighting: syntect's time and memory
/// grow far faster than the text on very large blocks (a 23 MB block took 27 s and 2.2 GB).
pub const MAX_HIGHLIGHTED_BYTES: usize = 64 * 1024;
/// Nor is a block with a line longer than this highlighted (a 5.5 MB line took 7.5 s).
pub const MAX_HIGHLIGHTED_LINE: usize = 4 * 1024;

/// Whether a block is too large to highlight (see [`MAX_HIGHLIGHTED_BYTES`]).
pub fn too_large(code: &str) -> bool {
    code.len() > MAX_HIGHLIGHTED_BYTES
        || code.len() > MAX_HIGHLIGHTED_LINE
            && code
                .split('\n')
                .any(|line| line.len() > MAX_HIGHLIGHTED_LINE)
}

/// The token kinds: each a class (`hl-` and a letter, so it never clashes with the
/// theme's own), the scope prefixes that give it, and the scope its colour is taken from
/// in a syntect theme. A run of text takes the kind of the innermost of its scopes that
/// one of these prefixes matches, earlier rows first; text no row matches stays plain.
const KINDS: &[(&str, &[&str], &str)] = &[
    ("c", &["comment"], "comment.line"),
    (
        "e",
        &["constant.character.escape"],
        "constant.character.escape",
    ),
    ("r", &["string.regexp"], "string.regexp"),
    ("s", &["string"], "string.quoted.double"),
    ("n", &["constant.numeric"], "constant.numeric"),
    (
        "b",
        &["constant", "variable.language", "support.constant"],
        "constant.language",
    ),
    ("o", &["keyword.operator"], "keyword.operator"),
    ("k", &["keyword", "storage"], "keyword.control"),
    (
        "f",
        &[
            "entity.name.function",
            "support.function",
            "variable.function",
        ],
        "entity.name.function",
    ),
    ("g", &["entity.name.tag"], "entity.name.tag"),
    (
        "a",
        &["entity.other.attribute-name"],
        "entity.other.attribute-name",
    ),
    (
        "t",
        &[
            "entity.name",
            "support.type",
            "support.class",
            "entity.other.inherited-class",
        ],
        "entity.name.type",
    ),
    ("p", &["variable.parameter"], "variable.parameter"),
    ("h", &["markup.heading"], "markup.heading"),
    ("i", &["markup.inserted"], "markup.inserted"),
    ("d", &["markup.deleted"], "markup.deleted"),
    ("m", &["markup.changed"], "markup.changed"),
    ("x", &["invalid"], "invalid"),
];

/// [`KINDS`]' prefixes as scopes, each with its kind's class.
fn kind_prefixes() -> &'static [(Scope, &'static str)] {
    static PREFIXES: OnceLock<Vec<(Scope, &'static str)>> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        KINDS
            .iter()
            .flat_map(|&(class, prefixes, _)| {
                prefixes
                    .iter()
                    .filter_map(move |prefix| Some((Scope::new(prefix).ok()?, class)))
            })
            .collect()
    })
}

/// The class of text in `scopes`: the kind of its innermost scope that has one.
fn kind_of(scopes: &ScopeStack) -> Option<&'static str> {
    scopes.as_slice().iter().rev().find_map(|&scope| {
        kind_prefixes()
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(scope))
            .map(|&(_, class)| class)
    })
}

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

/// Code blocks already highlighted in this process (the print page shows every block a
/// second time), or given back from an earlier build's cache ([`remember`]).
static HIGHLIGHTED: Memo<(String, String), Arc<Highlighted>> = Memo::new(65_536);

/// A code block's HTML, and whether this process asked for it.
struct Highlighted {
    html: String,
    asked: AtomicBool,
}

/// A code block as `<pre><code>` HTML; highlighted when the language is known.
pub fn code_block(language: &str, code: &str) -> String {
    if too_large(code) {
        return plain(language, code);
    }
    let key = (language.to_string(), code.to_string());
    if let Some(known) = HIGHLIGHTED.get(&key) {
        known.asked.store(true, Ordering::Relaxed);
        return known.html.clone();
    }
    let html = highlight(language, code);
    HIGHLIGHTED.insert(
        key,
        Arc::new(Highlighted {
            html: html.clone(),
            asked: AtomicBool::new(true),
        }),
    );
    html
}

/// A highlighted block as a build cache keeps it: language, code, HTML.
pub type KeptBlock = (String, String, String);

/// Takes blocks an earlier build of the same prepress highlighted, to give them again
/// without highlighting them again.
pub fn remember(blocks: Vec<KeptBlock>) {
    for (language, code, html) in blocks {
        let highlighted = Highlighted {
            html,
            asked: AtomicBool::new(false),
        };
        HIGHLIGHTED.insert((language, code), Arc::new(highlighted));
    }
}

/// The blocks this process highlighted or gave again, for the next build; with `every`,
/// also those it was given ([`remember`]) and did not use.
pub fn blocks_to_keep(every: bool) -> Vec<KeptBlock> {
    HIGHLIGHTED
        .all()
        .into_iter()
        .filter(|(_, known)| every || known.asked.load(Ordering::Relaxed))
        .map(|((language, code), known)| (language, code, known.html.clone()))
        .collect()
}

fn highlight(language: &str, code: &str) -> String {
    let language = language.split([' ', ',', '{']).next().unwrap_or("").trim();
    let escaped_language = escape(language);
    let syntaxes = syntaxes();
    let syntax = (!language.is_empty())
        .then(|| syntaxes.find_syntax_by_token(language))
        .flatten();
    let Some(syntax) = syntax else {
        return plain(language, code);
    };
    let mut state = LineState {
        parse: ParseState::new(syntax),
        scopes: ScopeStack::new(),
    };
    let mut html = String::with_capacity(code.len() * 2);
    for line in LinesWithEndings::from(code) {
        let Some(kept) = highlight_line(syntax, line, &mut state) else {
            return format!(
                "<pre tabindex=\"0\"><code class=\"language-{escaped_language}\">{}</code></pre>\n",
                escape(code)
            );
        };
        html.push_str(&kept.html);
    }
    format!(
        "<pre class=\"hl\" tabindex=\"0\"><code class=\"language-{escaped_language}\">{html}</code></pre>\n"
    )
}

/// Where the parser and the open scopes stand at the start of a line.
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    parse: ParseState,
    scopes: ScopeStack,
}

/// One line as highlighting it from one state gave it: its HTML (whose spans all close
/// on the line) and the state the next line starts in.
struct KeptLine {
    before: LineState,
    after: LineState,
    html: String,
}

/// The most lines a thread keeps before it starts over (see [`Memo`]): each is its HTML
/// and two parser states, well under a kilobyte, so under 16 MB a thread in `serve`'s
/// hours as in a build.
const LINES_KEPT: usize = 16_384;
/// The most states one line's text is kept for.
const STATES_PER_LINE: usize = 8;

/// A line's states and what each gave, by syntax name and line text.
type KeptLines = HashMap<(&'static str, String), Vec<Rc<KeptLine>>>;

thread_local! {
    /// Lines this thread already highlighted, by syntax and text; each with the states it
    /// was met in (a few: the same text inside a string or a comment is another line).
    /// Each thread keeps its own: a parser state may hold a match of Oniguruma's, which
    /// cannot cross threads.
    static LINES: RefCell<KeptLines> = RefCell::default();
}

/// One line (with its newline) highlighted from `state`, which moves on past it; `None`
/// when syntect fails on it.
fn highlight_line(
    syntax: &'static SyntaxReference,
    line: &str,
    state: &mut LineState,
) -> Option<Rc<KeptLine>> {
    let key = (syntax.name.as_str(), line.to_string());
    let known = LINES.with_borrow(|lines| {
        lines
            .get(&key)
            .and_then(|kept| kept.iter().find(|kept| kept.before == *state).cloned())
    });
    if let Some(kept) = known {
        state.clone_from(&kept.after);
        return Some(kept);
    }
    let before = state.clone();
    let ops = state.parse.parse_line(line, syntaxes()).ok()?;
    let mut html = String::with_capacity(line.len() * 2);
    let mut run = String::new();
    let mut run_kind = None;
    let mut start = 0;
    let mut text = |end: usize, html: &mut String, run: &mut String, scopes: &ScopeStack| {
        let piece = line.get(start..end).unwrap_or("");
        start = end;
        if piece.is_empty() {
            return;
        }
        // Whitespace joins the run it is in, whatever its scopes say.
        let kind = if piece.trim().is_empty() {
            run_kind
        } else {
            kind_of(scopes)
        };
        if kind != run_kind {
            push_run(html, run, run_kind);
            run_kind = kind;
        }
        run.push_str(piece);
    };
    for (at, op) in &ops {
        text(*at, &mut html, &mut run, &state.scopes);
        state.scopes.apply(op).ok()?;
    }
    text(line.len(), &mut html, &mut run, &state.scopes);
    push_run(&mut html, &mut run, run_kind);
    let kept = Rc::new(KeptLine {
        before,
        after: state.clone(),
        html,
    });
    LINES.with_borrow_mut(|lines| {
        if lines.len() >= LINES_KEPT {
            lines.clear();
        }
        let states = lines.entry(key).or_default();
        if states.len() < STATES_PER_LINE {
            states.push(Rc::clone(&kept));
        }
    });
    Some(kept)
}

/// Writes a run of text of one kind (plain for none) to `html`, and empties it.
fn push_run(html: &mut String, run: &mut String, kind: Option<&str>) {
    if run.is_empty() {
        return;
    }
    match kind {
        Some(class) => {
            html.push_str("<span class=\"hl-");
            html.push_str(class);
            html.push_str("\">");
            html.push_str(&escape(run));
            html.push_str("</span>");
        }
        None => html.push_str(&escape(run)),
    }
    run.clear();
}

/// A block shown as it is, escaped, with its language as a class. (Every block takes
/// keyboard focus, `tabindex="0"`, so one wider than the page can be scrolled by keys.)
fn plain(language: &str, code: &str) -> String {
    let language = language.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(language))
    };
    format!(
        "<pre tabindex=\"0\"><code{class}>{}</code></pre>\n",
        escape(code)
    )
}

/// The code background of the default theme's light and dark schemes (`--color-code-bg`
/// in `static/style.css`): the highlight stylesheet sets it on highlighted blocks, so the
/// contrast it checks is the contrast a reader gets.
const CODE_BACKGROUND: [Color; 2] = [rgb(0xf3, 0xf5, 0xf7), rgb(0x1b, 0x22, 0x2a)];

/// The contrast every colour of highlighted code keeps against its background (WCAG AA
/// for normal text).
pub const MIN_CONTRAST: f64 = 4.5;

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

/// The stylesheet for highlighted code: the light theme's colours, and the dark one's
/// under `prefers-color-scheme: dark` (the course's `[highlight]`, checked when it is
/// read).
pub fn stylesheet(themes: &HighlightThemes) -> String {
    let scheme = |name: &str, background: Color| {
        let mut css = String::new();
        let code = |color: Color| format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b);
        let (text, kinds) = palette(name, background);
        css.push_str(&format!(
            ".hl {{ color: {}; background: {}; }}\n",
            code(text),
            code(background)
        ));
        // Every kind in both schemes, every property set: the dark scheme's rules
        // replace the light one's whole.
        for (class, color, font) in kinds {
            let italic = if font.contains(FontStyle::ITALIC) {
                "italic"
            } else {
                "normal"
            };
            let weight = if font.contains(FontStyle::BOLD) {
                700
            } else {
                400
            };
            css.push_str(&format!(
                ".hl-{class} {{ color: {}; font-style: {italic}; font-weight: {weight}; }}\n",
                code(color)
            ));
        }
        css
    };
    format!(
        "/* Generated by prepress: code highlighting, light then dark. */\n{}@media (prefers-color-scheme: dark) {{\n{}}}\n",
        scheme(&themes.light, CODE_BACKGROUND[0]),
        scheme(&themes.dark, CODE_BACKGROUND[1])
    )
}

/// A theme's colours on `background`: its text colour, and each token kind's colour and
/// font style (the text's when the theme gives the kind none of its own), each made
/// readable on the background.
fn palette(name: &str, background: Color) -> (Color, Vec<(&'static str, Color, FontStyle)>) {
    let set = two_face::theme::extra();
    let theme = set.get(syntax_theme(name).unwrap_or(EmbeddedThemeName::InspiredGithub));
    let highlighter = Highlighter::new(theme);
    let default = highlighter.get_default();
    let text = readable(default.foreground, background);
    let kinds = KINDS
        .iter()
        .filter_map(|&(class, _, scope)| {
            let scope = Scope::new(scope).ok()?;
            let style = highlighter.style_mod_for_stack(&[scope]);
            let color = style.foreground.map_or(text, |c| readable(c, background));
            Some((class, color, style.font_style.unwrap_or(FontStyle::empty())))
        })
        .collect();
    (text, kinds)
}

/// `color` (its alpha laid over `background`), moved towards black or white, whichever
/// is further from the background, just far enough to reach [`MIN_CONTRAST`].
fn readable(color: Color, background: Color) -> Color {
    let over = |c: u8, b: u8| {
        let alpha = f64::from(color.a) / 255.0;
        (f64::from(c) * alpha + f64::from(b) * (1.0 - alpha)).round() as u8
    };
    let color = rgb(
        over(color.r, background.r),
        over(color.g, background.g),
        over(color.b, background.b),
    );
    let toward = if luminance(background) > 0.18 {
        0.0
    } else {
        255.0
    };
    let mix = |c: u8, share: f64| (f64::from(c) + (toward - f64::from(c)) * share).round() as u8;
    (0..=20)
        .map(|step| {
            let share = f64::from(step) / 20.0;
            rgb(
                mix(color.r, share),
                mix(color.g, share),
                mix(color.b, share),
            )
        })
        .find(|&moved| contrast(moved, background) >= MIN_CONTRAST)
        .unwrap_or(rgb(toward as u8, toward as u8, toward as u8))
}

/// WCAG relative luminance.
fn luminance(color: Color) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)
}

/// WCAG contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Text made safe to put in HTML.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut escaped, text).expect("writing to a String");
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = code_block("rust", "fn main() {}\n");
        assert!(html.contains("hl-"), "{html}");
        assert!(html.contains("language-rust"));
    }

    /// The same block highlighted on a new thread, whose line memo is empty.
    fn highlighted_afresh(language: &str, code: &str) -> String {
        let (language, code) = (language.to_string(), code.to_string());
        std::thread::spawn(move || highlight(&language, &code))
            .join()
            .unwrap()
    }

    #[test]
    fn a_line_met_again_in_another_state_is_highlighted_for_that_state() {
        // `total = 1` is code, then text inside a string, then code again; and the kept
        // lines from this block serve the second block.
        let code = "total = 1\nnote = \"\"\"\ntotal = 1\n\"\"\"\ntotal = 1\n";
        let expected = highlighted_afresh("python", code);
        let inside = "s = '''\ntotal = 1\n'''\n";
        assert_eq!(
            highlight("python", inside),
            highlighted_afresh("python", inside)
        );
        assert_eq!(highlight("python", code), expected);
        // The same text inside the string and after it: the memo must not give one for
        // the other (lines 2 and 4; line 0 starts with the block's own tags).
        let lines: Vec<&str> = expected.split('\n').collect();
        // (Each line's newline ends the run it is in: a line of the string starts by
        // closing the span the line before left open on its newline.)
        assert_eq!(lines[2], "</span><span class=\"hl-s\">total = 1");
        assert_eq!(
            lines[4],
            "</span>total <span class=\"hl-o\">= </span><span class=\"hl-n\">1"
        );
    }

    #[test]
    fn runs_take_the_kind_of_their_innermost_scope_and_spans_are_flat() {
        let html = highlight("python", "def f(x):  # note\n    return \"a\\n\" + 1\n");
        assert_eq!(
            html,
            "<pre class=\"hl\" tabindex=\"0\"><code class=\"language-python\">\
             <span class=\"hl-k\">def </span><span class=\"hl-f\">f</span>(<span class=\"hl-p\">x</span>):  \
             <span class=\"hl-c\"># note\n</span>    <span class=\"hl-k\">return </span>\
             <span class=\"hl-s\">&quot;a</span><span class=\"hl-e\">\\n</span><span class=\"hl-s\">&quot; </span>\
             <span class=\"hl-o\">+ </span><span class=\"hl-n\">1\n</span></code></pre>\n"
        );
        let code = "<b class=\"x\">&amp;</b>\n";
        let html = highlight("html", code);
        assert!(!html.contains("<b "), "escaped: {html}");
        assert!(html.contains("<span class=\"hl-g\">b</span>"), "{html}");
    }

    #[test]
    fn two_face_syntaxes_are_there() {
        for (language, comment) in [("typescript", "//"), ("toml", "#"), ("kotlin", "//")] {
            let html = code_block(language, &format!("{comment} a comment\n"));
            assert!(html.contains("hl-c"), "{language}: {html}");
        }
    }

    #[test]
    fn unknown_language_is_escaped_plain() {
        let html = code_block("nope", "<b>\n");
        assert_eq!(
            html,
            "<pre tabindex=\"0\"><code class=\"language-nope\">&lt;b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn very_large_blocks_are_shown_plain_and_quickly() {
        let long_line = format!("let x = \"{}\";\n", "a<".repeat(3 * 1024 * 1024));
        let many_lines = "fn f() { let y = [1, 2, 3]; }\n".repeat(100_000);
        for code in [long_line, many_lines] {
            let started = std::time::Instant::now();
            let html = code_block("rust", &code);
            assert!(started.elapsed() < std::time::Duration::from_secs(2));
            assert!(!html.contains("hl-"), "not highlighted");
            assert!(html.starts_with("<pre tabindex=\"0\"><code class=\"language-rust\">"));
            assert!(!html.contains("a<a"), "escaped");
        }
        assert!(code_block("rust", "fn f() {}\n").contains("hl-"));
    }

    #[test]
    fn stylesheet_has_light_and_dark() {
        let css = stylesheet(&HighlightThemes::default());
        assert!(css.contains(".hl-k {"), "{css}");
        assert!(css.contains(".hl { color: "), "{css}");
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn every_themes_colours_are_readable_on_both_backgrounds() {
        // Kinds whose colour is not the text's: the themes' own colours reached the palette.
        let mut own = 0;
        for name in two_face::theme::EmbeddedLazyThemeSet::theme_names() {
            for background in CODE_BACKGROUND {
                let (text, kinds) = palette(name.as_name(), background);
                for color in std::iter::once(text).chain(kinds.iter().map(|k| k.1)) {
                    let ratio = contrast(color, background);
                    assert!(ratio >= MIN_CONTRAST, "{name:?}: {color:?} at {ratio:.2}");
                }
                own += kinds.iter().filter(|kind| kind.1 != text).count();
            }
        }
        assert!(own > 100, "the themes give colours: {own}");
        // A colour already readable is kept as it is.
        let black = rgb(0, 0, 0);
        assert_eq!(readable(black, CODE_BACKGROUND[0]), black);
        let pale = rgb(0xcc, 0xcc, 0xcc);
        let fixed = readable(pale, CODE_BACKGROUND[0]);
        assert!(fixed.r < pale.r && contrast(fixed, CODE_BACKGROUND[0]) < MIN_CONTRAST + 1.0);
    }
}
