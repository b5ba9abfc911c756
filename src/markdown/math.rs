//! Math drawn at build time: LaTeX (`$…$` inline, `$$…$$` and fenced ```` ```math ````
//! blocks for display) becomes MathML Core, which browsers lay out without a script, by
//! the `pulldown-latex` crate. Its MathML is trusted no further than its tags: every
//! tag that is not a formula's own is escaped as text (the crate writes the argument of
//! `\operatorname` and `\mathop` as it stands, markup and all). Invalid LaTeX is
//! reported in prepress's words, with what the parser said. Formulas are kept by their
//! source for the life of the process: the scan draws each one as it checks it, and the
//! page and the print page take it from there.

use std::sync::Arc;

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, ParserError, RenderConfig, Storage, push_mathml};

use crate::markdown::memo::Memo;

type Drawn = Arc<Result<String, String>>;
/// A formula's LaTeX, trimmed, and whether it is display math.
type Key = (Box<str>, bool);

/// Formulas already drawn in this process.
static DRAWN: Memo<Key, Drawn> = Memo::new(65_536);

/// LaTeX (trimmed) as MathML: `<math>`, or `<math display="block">` for display math;
/// from the cache when this process drew the same formula before.
pub fn to_mathml(latex: &str, display: bool) -> Drawn {
    let key = (Box::from(latex.trim()), display);
    if let Some(drawn) = DRAWN.get(&key) {
        return drawn;
    }
    let drawn = Arc::new(draw(&key.0, display));
    DRAWN.insert(key, drawn.clone());
    drawn
}

/// The LaTeX as MathML fit for a page.
fn draw(latex: &str, display: bool) -> Result<String, String> {
    // A panic in pulldown-latex on some input is that formula's error, not the build's end.
    let typeset = std::panic::catch_unwind(|| typeset(latex, display)).unwrap_or_else(|_| {
        Err("invalid LaTeX: the formula could not be read (pulldown-latex stopped on it)".into())
    });
    typeset.map(|mathml| sanitise(&mathml))
}

/// The MathML `pulldown-latex` writes for the LaTeX, as it writes it.
fn typeset(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    // Up to the first error only: past it, each event can be another error that quotes the
    // macro expansions around it, and a few hundred bytes asked for gigabytes.
    let events: Vec<_> = Parser::new(latex, &storage)
        .collect::<Result<_, _>>()
        .map_err(|error| message(&error.to_string()))?;
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut mathml = String::with_capacity(latex.len() * 8);
    push_mathml(
        &mut mathml,
        events.into_iter().map(Ok::<_, ParserError>),
        config,
    )
    .map_err(|error| message(&error.to_string()))?;
    Ok(mathml)
}

/// Whether the LaTeX reads, and if not, why (drawing it for the page on the way).
pub fn check(latex: &str, display: bool) -> Result<(), String> {
    to_mathml(latex, display)
        .as_ref()
        .as_ref()
        .map(|_| ())
        .map_err(Clone::clone)
}

/// The parser's message without its own prefix, on one line.
fn message(error: &str) -> String {
    let first = error.lines().next().unwrap_or(error);
    let what = first
        .strip_prefix("parsing error: ")
        .unwrap_or(first)
        .trim();
    format!("invalid LaTeX: {what}")
}

/// The MathML elements a formula may hold: those `pulldown-latex` writes, and a few
/// harmless ones of MathML Core.
const ELEMENTS: [&str; 26] = [
    "annotation",
    "math",
    "menclose",
    "merror",
    "mfrac",
    "mi",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mroot",
    "mrow",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "semantics",
];

/// The attributes those elements may carry.
const ATTRIBUTES: [&str; 21] = [
    "accent",
    "class",
    "depth",
    "display",
    "displaystyle",
    "encoding",
    "height",
    "largeop",
    "linethickness",
    "lspace",
    "mathvariant",
    "maxsize",
    "minsize",
    "movablelimits",
    "rspace",
    "scriptlevel",
    "stretchy",
    "style",
    "symmetric",
    "width",
    "xmlns",
];

/// The properties a formula's `style` may set: those `pulldown-latex` writes (colours,
/// a box's border, a space's width and height).
const STYLES: [&str; 6] = [
    "background-color",
    "border",
    "border-color",
    "color",
    "height",
    "margin-left",
];

/// The property a CSS declaration (`color: red`) sets.
fn property(rule: &str) -> &str {
    rule.split(':').next().unwrap_or_default().trim()
}

/// The MathML namespace, the one `xmlns` a formula may declare.
const NAMESPACE: &str = "http://www.w3.org/1998/Math/MathML";

/// MathML with its own tags kept, one tree under one `<math>`, and the rest as text.
fn sanitise(mathml: &str) -> String {
    let mut clean = String::with_capacity(mathml.len() + 16);
    let mut open = Vec::new();
    let mut rest = mathml;
    while let Some(special) = rest.find(['<', '>', '&']) {
        clean.push_str(&rest[..special]);
        rest = &rest[special..];
        let at = mathml.len() - rest.len();
        let kept = match rest.as_bytes()[0] {
            b'<' => Tag::read(rest)
                .filter(|tag| tag.nests(&mut open, at, mathml.len()))
                .map(|tag| tag.len),
            b'&' => reference(rest),
            _ => None,
        };
        let (text, len) = match kept {
            Some(len) => (&rest[..len], len),
            None => (as_text(rest.as_bytes()[0]), 1),
        };
        clean.push_str(text);
        rest = &rest[len..];
    }
    clean.push_str(rest);
    for name in open.iter().rev() {
        clean.push_str("</");
        clean.push_str(name);
        clean.push('>');
    }
    clean
}

/// `<`, `>` or `&` as text.
fn as_text(special: u8) -> &'static str {
    match special {
        b'<' => "&lt;",
        b'>' => "&gt;",
        _ => "&amp;",
    }
}

/// A tag of a formula's own: an allowed element with allowed attributes only.
struct Tag<'a> {
    name: &'a str,
    kind: TagKind,
    /// Its length in bytes, `<` to `>`.
    len: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
    /// `<mspace … />`
    Empty,
}

impl<'a> Tag<'a> {
    /// The tag `text` starts with, when it is a formula's own.
    fn read(text: &'a str) -> Option<Self> {
        let inside = text.strip_prefix('<')?;
        let (name, kind, end) = match inside.strip_prefix('/') {
            Some(closing) => {
                let (name, after) = element(closing)?;
                (name, TagKind::End, after.strip_prefix('>')?)
            }
            None => {
                let (name, attributes) = element(inside)?;
                let (kind, end) = attributes_end(attributes)?;
                (name, kind, end)
            }
        };
        Some(Self {
            name,
            kind,
            len: text.len() - end.len(),
        })
    }

    /// Whether the tag, at byte `at` of MathML `len` bytes long, keeps one tree: the
    /// root `<math>` opens the text and closes it, an end tag closes the innermost
    /// element; and if so, the tag is taken into `open`.
    fn nests(&self, open: &mut Vec<&'a str>, at: usize, len: usize) -> bool {
        let fits = match (self.kind, open.last()) {
            (TagKind::Start, None) => at == 0 && self.name == "math",
            (TagKind::Start | TagKind::Empty, Some(_)) => true,
            (TagKind::End, Some(&innermost)) => {
                innermost == self.name && (open.len() > 1 || at + self.len == len)
            }
            (TagKind::Empty | TagKind::End, None) => false,
        };
        match self.kind {
            TagKind::Start if fits => open.push(self.name),
            TagKind::End if fits => {
                open.pop();
            }
            _ => {}
        }
        fits
    }
}

/// Past a start tag's allowed attributes and its `>` or `/>`: which it was, and what
/// follows.
fn attributes_end(mut text: &str) -> Option<(TagKind, &str)> {
    loop {
        text = text.trim_start_matches(' ');
        if let Some(end) = text.strip_prefix('>') {
            return Some((TagKind::Start, end));
        }
        if let Some(end) = text.strip_prefix("/>") {
            return Some((TagKind::Empty, end));
        }
        text = attribute(text)?;
    }
}

/// The allowed element `text` starts with, and what follows its name.
fn element(text: &str) -> Option<(&str, &str)> {
    let (name, rest) = word(text);
    ELEMENTS.contains(&name).then_some((name, rest))
}

/// What follows the allowed attribute (`name="value"`) `text` starts with.
fn attribute(text: &str) -> Option<&str> {
    let (name, rest) = word(text);
    let quoted = rest.strip_prefix("=\"")?;
    let (value, rest) = quoted.split_at(quoted.find(['"', '<', '>', '&'])?);
    let rest = rest.strip_prefix('"')?;
    let plain = value
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || b" #%(),-.:;".contains(&byte));
    let safe = match name {
        "xmlns" => value == NAMESPACE,
        // Only the styles and classes the renderer writes: markup typed into a formula
        // may not lay out the page around it.
        "style" => {
            plain
                && value
                    .split(';')
                    .all(|rule| STYLES.contains(&property(rule)))
        }
        "class" => {
            plain
                && value
                    .split(' ')
                    .all(|class| class.starts_with("menv-") || class.starts_with("cell-"))
        }
        _ => plain,
    };
    (ATTRIBUTES.contains(&name) && safe).then_some(rest)
}

/// The lowercase ASCII letters `text` starts with, and the rest.
fn word(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_lowercase())
        .unwrap_or(text.len());
    text.split_at(end)
}

/// The length of the character reference (`&amp;`, `&#60;`, `&#x3C;`) `text` starts
/// with.
fn reference(text: &str) -> Option<usize> {
    let inside = text.strip_prefix('&')?;
    let (digits, radix) = match inside.strip_prefix('#') {
        Some(number) => match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        },
        None => (inside, 0),
    };
    let run = digits
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(digits.len());
    let (name, after) = digits.split_at(run);
    let well_formed = match radix {
        0 => name.starts_with(|c: char| c.is_ascii_alphabetic()),
        _ => (1..=8).contains(&name.len()) && name.chars().all(|c| c.is_digit(radix)),
    };
    (well_formed && after.starts_with(';')).then(|| text.len() - after.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_display_math_become_mathml() {
        let inline = draw(r"O(n \log n)", false).unwrap();
        assert!(inline.starts_with("<math"), "{inline}");
        assert!(!inline.contains("display=\"block\""), "{inline}");
        assert!(inline.contains("<mi>n</mi>"), "{inline}");
        let display = to_mathml(r" \sum_{i=1}^{n} i = \frac{n(n+1)}{2}", true);
        let display = display.as_ref().as_ref().unwrap();
        assert!(display.starts_with("<math display=\"block\""), "{display}");
        assert!(display.contains("<mfrac>"), "{display}");
    }

    #[test]
    fn invalid_latex_is_an_error_in_our_words() {
        let error = draw(r"\frac{1}{", true).unwrap_err();
        assert!(error.starts_with("invalid LaTeX: "), "{error}");
        assert!(!error.contains('\n'), "{error}");
        assert!(check(r"\undefinedcommand", false).is_err());
        assert!(check(r"a^2 + b^2 = c^2", true).is_ok());
        assert!(Arc::ptr_eq(
            &to_mathml("a^2 + b^2 = c^2 ", true),
            &to_mathml("a^2 + b^2 = c^2", true)
        ));
    }

    #[test]
    fn the_parse_stops_at_the_first_error() {
        // A macro that calls itself: read to the end, every step is another error quoting
        // the expansions, 475 MB of messages and seconds from 31 bytes (found by fuzz/math).
        let started = std::time::Instant::now();
        let error = draw(r"\newcommand{\g}[1]{{\g<\g>}}\g}", false).unwrap_err();
        assert!(error.starts_with("invalid LaTeX: "), "{error}");
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
    }

    #[test]
    fn a_formula_the_parser_panics_on_is_an_error() {
        // pulldown-latex 0.8.0 fails an assertion on this macro (found by fuzz/math).
        let error = draw(r"\def\f{}{\f{_}_}\f", false).unwrap_err();
        assert!(error.starts_with("invalid LaTeX: "), "{error}");
    }

    /// The inline MathML drawn for the LaTeX.
    fn inline(latex: &str) -> String {
        draw(latex, false).unwrap()
    }

    #[test]
    fn markup_in_an_operator_name_stays_text() {
        let cases = [
            (
                r"\operatorname{<svg/onload=alert(1)>}",
                "<math display=\"inline\"><mi>&lt;svg/onload=alert(1)&gt;</mi></math>",
            ),
            (
                r"\mathop{<img src=x onerror=alert(1)>}",
                "<math display=\"inline\"><mi>&lt;img src=x onerror=alert(1)&gt;</mi></math>",
            ),
            (
                r"\operatorname{</math><script>alert(1)</script>}",
                "<math display=\"inline\"><mi>&lt;/math&gt;&lt;script&gt;alert(1)&lt;/script&gt;</mi></math>",
            ),
            (
                r"\operatorname{<mi onclick=alert(1)>}",
                "<math display=\"inline\"><mi>&lt;mi onclick=alert(1)&gt;</mi></math>",
            ),
            (
                r#"\operatorname{<mi style="x" onclick="alert(1)">}"#,
                "<math display=\"inline\"><mi>&lt;mi style=\"x\" onclick=\"alert(1)\"&gt;</mi></math>",
            ),
            (
                r#"\operatorname{"a" & b &amp; &#60; &x}"#,
                "<math display=\"inline\"><mi>\"a\" &amp; b &amp; &#60; &amp;x</mi></math>",
            ),
        ];
        for (latex, expected) in cases {
            assert_eq!(inline(latex), expected, "{latex}");
        }
    }

    #[test]
    fn ordinary_formulas_keep_every_byte() {
        for latex in [
            r"\frac{a}{b}",
            r"\sum_{i=1}^n i",
            r"\begin{pmatrix}1&2\\3&4\end{pmatrix}",
            r"\operatorname{argmax}_x f(x)",
            r"\color{red}{x} + \colorbox{yellow}{y}",
            r"\big( \sqrt[3]{x} \hspace{1em} \overbrace{x}^{2} \big)",
            r"\begin{array}{c|c}1&2\\\hline 3&4\end{array}",
            r"\text{a & b} \mathbf{v} \displaystyle\int_0^1 \mathcal{O}(n)",
        ] {
            for display in [false, true] {
                let typeset = typeset(latex, display).unwrap();
                assert!(typeset.matches('<').count() > 4, "{typeset}");
                assert_eq!(draw(latex, display).unwrap(), typeset, "{latex}");
            }
        }
    }

    #[test]
    fn markup_may_not_lay_out_the_page_through_a_style_or_class() {
        for latex in [
            r#"\operatorname{<mi style="position: fixed; top: 0">}x"#,
            r#"\operatorname{<mi class="site-header">}x"#,
        ] {
            let mathml = inline(latex);
            assert!(
                !mathml.contains("<mi style") && !mathml.contains("<mi class"),
                "{mathml}"
            );
        }
        for kept in [
            r"\color{red}{x}",
            r"\colorbox{yellow}{x}",
            r"\begin{array}{lr}a&b\end{array}",
            r"a\hspace{1em}b",
        ] {
            let mathml = inline(kept);
            let raw = {
                let storage = Storage::new();
                let mut raw = String::new();
                let config = RenderConfig::default();
                push_mathml(&mut raw, Parser::new(kept, &storage), config).unwrap();
                raw
            };
            assert_eq!(mathml, raw, "{kept}");
        }
    }

    #[test]
    fn a_comparison_becomes_its_reference() {
        assert_eq!(
            inline("a < b > c"),
            "<math display=\"inline\"><mi>a</mi><mo>&lt;</mo><mi>b</mi><mo>&gt;</mo><mi>c</mi></math>"
        );
    }

    #[test]
    fn only_allowed_tags_and_attributes_are_kept() {
        let cases = [
            ("<math><mi>x</mi></math>", "<math><mi>x</mi></math>"),
            (
                "<math><mspace width=\"1em\" /><mo stretchy=\"true\"minsize=\"1.2em\">(</mo></math>",
                "<math><mspace width=\"1em\" /><mo stretchy=\"true\"minsize=\"1.2em\">(</mo></math>",
            ),
            (
                "<math><SCRIPT>x</SCRIPT><style>",
                "<math>&lt;SCRIPT&gt;x&lt;/SCRIPT&gt;&lt;style&gt;</math>",
            ),
            (
                "<math><mi onclick=\"a\">x</mi>",
                "<math>&lt;mi onclick=\"a\"&gt;x&lt;/mi&gt;</math>",
            ),
            (
                "<math><mi class=a><mi style=\"url(/x)\"><mi class='a'>",
                "<math>&lt;mi class=a&gt;&lt;mi style=\"url(/x)\"&gt;&lt;mi class='a'&gt;</math>",
            ),
            (
                "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mrow xmlns=\"http://x\">",
                "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">&lt;mrow xmlns=\"http://x\"&gt;</math>",
            ),
            (
                "<math><mi\tclass=\"a\">",
                "<math>&lt;mi\tclass=\"a\"&gt;</math>",
            ),
        ];
        for (mathml, expected) in cases {
            assert_eq!(sanitise(mathml), expected, "{mathml}");
        }
    }

    #[test]
    fn the_elements_stay_one_tree_under_the_math() {
        let cases = [
            ("x<math><mi>", "x&lt;math&gt;&lt;mi&gt;"),
            ("<mi>x</mi>", "&lt;mi&gt;x&lt;/mi&gt;"),
            (
                "<math><mrow><mi>a</mrow></mi></math>",
                "<math><mrow><mi>a&lt;/mrow&gt;</mi>&lt;/math&gt;</mrow></math>",
            ),
            (
                "<math><mi></mi></math><mi>b</mi></math>",
                "<math><mi></mi>&lt;/math&gt;<mi>b</mi></math>",
            ),
            (
                "<math><mtable><mtr><mtd>",
                "<math><mtable><mtr><mtd></mtd></mtr></mtable></math>",
            ),
        ];
        for (mathml, expected) in cases {
            assert_eq!(sanitise(mathml), expected, "{mathml}");
        }
    }

    #[test]
    fn only_well_formed_references_are_kept() {
        let cases = [
            (
                "&nbsp;&amp;&#60;&#x3C;&#X3c;",
                "&nbsp;&amp;&#60;&#x3C;&#X3c;",
            ),
            (
                "&;&#;&#x;&#xZZ;&#123456789;&1a;",
                "&amp;;&amp;#;&amp;#x;&amp;#xZZ;&amp;#123456789;&amp;1a;",
            ),
            ("&lt &amp", "&amp;lt &amp;amp"),
        ];
        for (text, expected) in cases {
            let mathml = format!("<math><mtext>{text}</mtext></math>");
            let kept = format!("<math><mtext>{expected}</mtext></math>");
            assert_eq!(sanitise(&mathml), kept, "{text}");
        }
    }
}
