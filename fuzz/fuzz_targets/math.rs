//! Formulas of LaTeX mixed with HTML: whatever the parser makes of them, the MathML a page
//! gets must hold no markup but a formula's own. Every `<` must open a tag of a MathML
//! element with known attributes and plain quoted values, the tags must nest under one
//! `<math>`, and every `>` and `&` outside a tag must be a character reference. The check
//! is written here, apart from the code it checks. A panic inside pulldown-latex is left
//! to prepress, which makes it the formula's error; any other panic is a finding.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use prepress::markdown::math::to_mathml;

/// Pieces of LaTeX and of HTML, chosen by the fuzzer's bytes at or above 0x80.
const PIECES: &[&str] = &[
    r"\operatorname{",
    r"\operatorname ",
    r"\mathop{",
    r"\text{",
    r"\mathrm{",
    r"\mathbb{",
    r"\frac{",
    r"\sqrt[",
    r"\color{red}{",
    r"\colorbox{blue}{",
    r"\left(",
    r"\middle|",
    r"\right)",
    r"\big(",
    r"\begin{pmatrix}",
    r"\end{pmatrix}",
    r"\begin{array}{c|c}",
    r"\end{array}",
    r"\begin{cases}",
    r"\end{cases}",
    r"\\",
    r"\hline",
    r"\def\f{",
    r"\f",
    r"\newcommand{\g}[1]{",
    "#1",
    r"\g{",
    r"\hspace{1em}",
    r"\not",
    r"\sum",
    r"\lim",
    r"\limits",
    r"\,",
    r"\ ",
    "{",
    "}",
    "^",
    "_",
    "&",
    "<",
    ">",
    "</",
    "/>",
    "<svg/onload=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<math>",
    "</math>",
    "<mi>",
    "</mi>",
    "<mrow>",
    "</mrow>",
    "<mi onclick=\"alert(1)\">",
    "<mi style=\"x\">",
    "<mi class=x>",
    "<mspace width=\"1em\" />",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&#60;",
    "&#x3C;",
    "&lt",
    "\"",
    "'",
    "=",
    "é",
    "\u{2061}",
];

/// The elements a formula's MathML may hold.
const ELEMENTS: &[&str] = &[
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
const ATTRIBUTES: &[&str] = &[
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

/// Printable ASCII as itself, any other byte as a piece.
fn formula(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&byte| match byte {
            b' '..=b'~' => char::from(byte).to_string(),
            _ => PIECES[usize::from(byte) % PIECES.len()].to_string(),
        })
        .collect()
}

/// Fails unless the MathML holds only a formula's own markup (see the module's words).
fn assert_only_mathml(mathml: &str, latex: &str) {
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = mathml;
    while let Some(at) = rest.find(['<', '>', '&']) {
        let from = &rest[at..];
        if from.starts_with('&') {
            let len = reference_len(from)
                .unwrap_or_else(|| panic!("a bare & in {mathml:?}, from {latex:?}"));
            rest = &from[len..];
            continue;
        }
        assert!(
            from.starts_with('<'),
            "a bare > in {mathml:?}, from {latex:?}"
        );
        let end = from
            .find('>')
            .unwrap_or_else(|| panic!("an unclosed < in {mathml:?}, from {latex:?}"));
        let tag = &from[1..end];
        if open.is_empty() {
            roots += 1;
            assert!(
                roots == 1 && tag.starts_with("math"),
                "markup outside the one <math> in {mathml:?}, from {latex:?}"
            );
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                open.pop(),
                Some(name),
                "</{name}> closes nothing open in {mathml:?}, from {latex:?}"
            );
        } else {
            let (empty, tag) = match tag.strip_suffix('/') {
                Some(tag) => (true, tag),
                None => (false, tag),
            };
            let name = element(tag, mathml, latex);
            if !empty {
                open.push(name);
            }
        }
        rest = &from[end + 1..];
    }
    assert!(
        open.is_empty(),
        "unclosed {open:?} in {mathml:?}, from {latex:?}"
    );
}

/// The name of a start tag's element, failing unless it and its attributes are allowed.
fn element<'a>(tag: &'a str, mathml: &str, latex: &str) -> &'a str {
    let name_end = tag
        .find(|c: char| !c.is_ascii_lowercase())
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    assert!(
        ELEMENTS.contains(&name),
        "<{tag}> in {mathml:?}, from {latex:?}"
    );
    let mut attributes = &tag[name_end..];
    loop {
        attributes = attributes.trim_start_matches(' ');
        if attributes.is_empty() {
            return name;
        }
        let (attribute, after) = attributes
            .split_once("=\"")
            .unwrap_or_else(|| panic!("<{tag}> in {mathml:?}, from {latex:?}"));
        let (value, after) = after
            .split_once('"')
            .unwrap_or_else(|| panic!("<{tag}> in {mathml:?}, from {latex:?}"));
        let plain = value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" #%(),-./:;".contains(&b));
        assert!(
            ATTRIBUTES.contains(&attribute) && plain,
            "{attribute}=\"{value}\" in {mathml:?}, from {latex:?}"
        );
        attributes = after;
    }
}

/// The length of the character reference at the start of `text`, if it is one.
fn reference_len(text: &str) -> Option<usize> {
    let semicolon = 1 + text[1..].find(|c: char| !c.is_ascii_alphanumeric() && c != '#')?;
    if !text[semicolon..].starts_with(';') {
        return None;
    }
    let body = &text[1..semicolon];
    let named = body.starts_with(|c: char| c.is_ascii_alphabetic())
        && body.bytes().all(|b| b.is_ascii_alphanumeric());
    let decimal = body
        .strip_prefix('#')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    let hex = body
        .strip_prefix("#x")
        .or_else(|| body.strip_prefix("#X"))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit()));
    (named || decimal || hex).then_some(semicolon + 1)
}

/// libfuzzer-sys aborts on every panic, even one prepress catches: this lets a panic
/// inside pulldown-latex unwind to prepress, and aborts on the others as before.
fn let_prepress_catch_the_parser() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_parser = info
                .location()
                .is_some_and(|at| at.file().contains("/pulldown-latex-"));
            if !in_parser {
                abort(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    let_prepress_catch_the_parser();
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let display = first & 1 == 1;
    let mut formulas = vec![formula(rest)];
    if let Ok(text) = std::str::from_utf8(rest) {
        formulas.push(text.to_string());
    }
    for latex in formulas {
        if let Ok(mathml) = to_mathml(&latex, display).as_ref() {
            assert_only_mathml(mathml, &latex);
        }
    }
});
