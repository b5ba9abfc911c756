//! Math drawn at build time: LaTeX (`$…$` inline, `$$…$$` and fenced ```` ```math ````
//! blocks for display) becomes MathML Core, which browsers lay out without a script, by
//! the `pulldown-latex` crate. Invalid LaTeX is reported in prepress's words, with what
//! the parser said. Formulas are kept by their source for the life of the process: the
//! scan draws each one as it checks it, and the page and the print page take it from
//! there.

use std::sync::Arc;

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

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

fn draw(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(error) = events.iter().find_map(|event| event.as_ref().err()) {
        return Err(message(&error.to_string()));
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut mathml = String::with_capacity(latex.len() * 8);
    push_mathml(&mut mathml, events.into_iter(), config)
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
}
