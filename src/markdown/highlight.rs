//! Code highlighting: syntect (with two-face's extra syntaxes: TypeScript, TOML, Kotlin...)
//! turns a fenced code block into HTML with CSS classes, and [`stylesheet`] gives the one
//! stylesheet for those classes, light and dark. The syntaxes load once, on first use.
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

use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
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

/// Class names carry this prefix so they never clash with the theme's own.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

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

/// The blocks this process highlighted or gave again, for the next build.
pub fn asked_for() -> Vec<KeptBlock> {
    HIGHLIGHTED
        .all()
        .into_iter()
        .filter(|(_, known)| known.asked.load(Ordering::Relaxed))
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
    let mut html = String::with_capacity(code.len() * 3);
    let mut open_spans = 0;
    for line in LinesWithEndings::from(code) {
        let Some(kept) = highlight_line(syntax, line, &mut state) else {
            return format!(
                "<pre><code class=\"language-{escaped_language}\">{}</code></pre>\n",
                escape(code)
            );
        };
        html.push_str(&kept.html);
        open_spans += kept.span_delta;
    }
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    format!("<pre class=\"hl\"><code class=\"language-{escaped_language}\">{html}</code></pre>\n")
}

/// Where the parser and the open scopes stand at the start of a line.
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    parse: ParseState,
    scopes: ScopeStack,
}

/// One line as highlighting it from one state gave it: its HTML, the spans it opened
/// (less those it closed), and the state the next line starts in.
struct KeptLine {
    before: LineState,
    after: LineState,
    html: String,
    span_delta: isize,
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
    let (html, span_delta) =
        line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut state.scopes).ok()?;
    let kept = Rc::new(KeptLine {
        before,
        after: state.clone(),
        html,
        span_delta,
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

/// A block shown as it is, escaped, with its language as a class.
fn plain(language: &str, code: &str) -> String {
    let language = language.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(language))
    };
    format!("<pre><code{class}>{}</code></pre>\n", escape(code))
}

/// The stylesheet for highlighted code: the light theme, and the dark one under
/// `prefers-color-scheme: dark` (the course's `[highlight]`, checked when it is read).
pub fn stylesheet(themes: &HighlightThemes) -> String {
    let set = two_face::theme::extra();
    let css = |name: &str| {
        let theme = syntax_theme(name).unwrap_or(EmbeddedThemeName::InspiredGithub);
        css_for_theme_with_class_style(set.get(theme), CLASS_STYLE).unwrap_or_default()
    };
    format!(
        "/* Generated by prepress: code highlighting, light then dark. */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css(&themes.light),
        css(&themes.dark)
    )
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

    /// The same block highlighted by syntect's own generator, line by line from scratch.
    fn highlighted_by_syntect(language: &str, code: &str) -> String {
        let syntax = syntaxes().find_syntax_by_token(language).unwrap();
        let mut generator = syntect::html::ClassedHTMLGenerator::new_with_class_style(
            syntax,
            syntaxes(),
            CLASS_STYLE,
        );
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        format!(
            "<pre class=\"hl\"><code class=\"language-{language}\">{}</code></pre>\n",
            generator.finalize()
        )
    }

    #[test]
    fn a_line_met_again_in_another_state_is_highlighted_for_that_state() {
        // `total = 1` is code, then text inside a string, then code again; and the kept
        // lines from this block serve the second block.
        let code = "total = 1\nnote = \"\"\"\ntotal = 1\n\"\"\"\ntotal = 1\n";
        let expected = highlighted_by_syntect("python", code);
        assert_eq!(highlight("python", code), expected);
        let inside = "s = '''\ntotal = 1\n'''\n";
        assert_eq!(
            highlight("python", inside),
            highlighted_by_syntect("python", inside)
        );
        // The same text inside the string and after it: the memo must not give one for
        // the other (lines 2 and 4; line 0 starts with the block's own tags).
        let lines: Vec<&str> = expected.split('\n').collect();
        assert_ne!(
            lines[2], lines[4],
            "the string's line is highlighted otherwise"
        );
    }

    #[test]
    fn two_face_syntaxes_are_there() {
        for language in ["typescript", "toml", "kotlin"] {
            assert!(code_block(language, "x\n").contains("hl-"), "{language}");
        }
    }

    #[test]
    fn unknown_language_is_escaped_plain() {
        let html = code_block("nope", "<b>\n");
        assert_eq!(
            html,
            "<pre><code class=\"language-nope\">&lt;b&gt;\n</code></pre>\n"
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
            assert!(html.starts_with("<pre><code class=\"language-rust\">"));
            assert!(!html.contains("a<a"), "escaped");
        }
        assert!(code_block("rust", "fn f() {}\n").contains("hl-"));
    }

    #[test]
    fn stylesheet_has_light_and_dark() {
        let css = stylesheet(&HighlightThemes::default());
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
