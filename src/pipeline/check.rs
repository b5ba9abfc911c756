//! `prepress check`: every diagnostic of the load and link stages and of the theme
//! (templates that do not parse, interface strings the course's language lacks), without
//! rendering or writing anything. In a check, a link, anchor or image that leads nowhere is an error
//! (a build only warns, unless `links = "error"`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::{BuildError, BuildOptions, link_course};

/// The codes of problems that a check treats as errors whatever `links` says.
const LINK_CODES: &[&str] = &["broken-link", "broken-anchor", "missing-image"];

/// Every problem in the course, sorted by file and position.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, BuildError> {
    let (courses, mut diagnostics) = link_course(options)?;
    // The theme too: its templates and string tables, and the strings each of the
    // course's languages has no text for.
    for course in &courses {
        match crate::render::theme::Theme::load(&options.root, &course.config) {
            Ok(theme) => diagnostics.extend(theme.strings.gaps(&course.config.language)),
            Err(errors) => {
                for error in errors {
                    if !diagnostics.iter().any(|d| d.message == error.message) {
                        diagnostics.push(error);
                    }
                }
            }
        }
    }
    super::let_go(courses);
    for diagnostic in &mut diagnostics {
        if LINK_CODES.contains(&diagnostic.code) {
            diagnostic.severity = Severity::Error;
        }
    }
    Ok(diagnostics)
}

/// The diagnostics as a JSON array of `{severity, file, line, column, code, message, hint}`.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    let mut json = serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".to_string());
    json.push('\n');
    json
}
