//! Structure for plain text: short lines followed by a paragraph and numbered section
//! titles in a run become headings, "PART 1:" lines parts, bullets and numbers lists,
//! runs of question lines question lists, quotations block quotes; what Markdown would
//! read as HTML stays text.

use super::{escape_html_syntax, title_from_file_name};

/// One line of plain text, classified.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Blank,
    Bullet(usize, String),
    Numbered(u32, String),
    Part(String),
    Text(String),
}

fn classify(line: &str) -> Line {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Line::Blank;
    }
    let indent = line.len() - line.trim_start().len();
    for bullet in ["* ", "- ", "• ", "– ", "+ ", "· ", "▪ "] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            return Line::Bullet(indent, rest.trim().to_string());
        }
    }
    let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 3 {
        let rest = &trimmed[digits.len()..];
        if let Some(after) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Line::Numbered(digits.parse().unwrap_or(0), after.trim().to_string());
        }
    }
    let upper = trimmed.to_uppercase();
    if ["PART ", "CHAPTER ", "SECTION "]
        .iter()
        .any(|p| upper.starts_with(p))
        && trimmed.split_whitespace().nth(1).is_some_and(|w| {
            w.trim_end_matches([':', '.', '-'])
                .chars()
                .all(|c| c.is_alphanumeric())
        })
        && trimmed.len() <= 80
    {
        return Line::Part(trimmed.to_string());
    }
    Line::Text(trimmed.to_string())
}

/// A short line that could be a heading: no final punctuation, not too long.
fn heading_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=10).contains(&words)
        && text.chars().count() <= 70
        && !text.ends_with(['.', ',', ';', ':', '?', '!', '"', '”'])
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn is_question(text: &str) -> bool {
    let unquoted = text.trim_end_matches(['"', '”', '\'', '’']).trim_end();
    unquoted.ends_with('?')
        || crate::prep::questions::reads_as_question(&crate::prep::questions::clean(text))
            && text.ends_with(['"', '”'])
}

fn is_quotation(text: &str) -> bool {
    (text.starts_with('"') || text.starts_with('“'))
        && (text.ends_with('"') || text.ends_with('”'))
        && text.chars().count() > 2
}

/// Plain text as Markdown: the title (first line, or the file name) and the body.
pub(super) fn structure_text(text: &str, stem: &str) -> (String, String) {
    let mut lines: Vec<Line> = text.lines().map(classify).collect();
    let first = lines.iter().position(|l| *l != Line::Blank);
    let title = match first.map(|i| (i, lines[i].clone())) {
        Some((i, Line::Text(t))) | Some((i, Line::Part(t)))
            if t.chars().count() <= 100 && !t.ends_with('.') =>
        {
            lines[i] = Line::Blank;
            t
        }
        _ => title_from_file_name(stem),
    };
    let numbered_titles = numbered_section_titles(&lines);
    let has_parts = lines.iter().any(|l| matches!(l, Line::Part(_)));
    let section_level = if has_parts { 3 } else { 2 };
    let mut out: Vec<String> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut in_list = false;
    // After a label about questions, or a question item: prompts without `?` count too.
    let mut question_context = false;
    // The level of the last part or numbered section heading.
    let mut structural_level = 1;
    let flush = |paragraph: &mut Vec<String>, out: &mut Vec<String>| {
        if !paragraph.is_empty() {
            out.push(paragraph.join(" "));
            out.push(String::new());
            paragraph.clear();
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let next_is_prose =
            next_content(&lines, i).is_some_and(|l| matches!(l, Line::Text(t) if !is_question(t)));
        let previous_blank = i == 0 || lines[i - 1] == Line::Blank;
        match line {
            Line::Blank => {
                flush(&mut paragraph, &mut out);
                if in_list {
                    out.push(String::new());
                    in_list = false;
                    question_context = false;
                }
            }
            Line::Part(text) => {
                flush(&mut paragraph, &mut out);
                out.push(format!("## {text}", text = escape_html_syntax(text)));
                out.push(String::new());
                structural_level = 2;
                question_context = false;
            }
            Line::Numbered(_, text) if numbered_titles.contains(&i) => {
                flush(&mut paragraph, &mut out);
                let number = match line {
                    Line::Numbered(n, _) => *n,
                    _ => 0,
                };
                out.push(format!(
                    "{} {number}. {text}",
                    "#".repeat(section_level),
                    text = escape_html_syntax(text)
                ));
                out.push(String::new());
                structural_level = section_level;
                question_context = false;
            }
            Line::Numbered(n, text) => {
                flush(&mut paragraph, &mut out);
                out.push(format!("{n}. {text}", text = escape_html_syntax(text)));
                in_list = true;
            }
            Line::Bullet(indent, text) => {
                flush(&mut paragraph, &mut out);
                let nesting = if *indent >= 2 { "  " } else { "" };
                out.push(format!(
                    "{nesting}- {text}",
                    text = escape_html_syntax(text)
                ));
                in_list = true;
            }
            Line::Text(text)
                if (is_question(text)
                    || question_context
                        && crate::prep::questions::reads_as_question(
                            &crate::prep::questions::clean(text),
                        ))
                    && (in_list || previous_blank || paragraph.is_empty()) =>
            {
                flush(&mut paragraph, &mut out);
                out.push(format!("- {text}", text = escape_html_syntax(text)));
                in_list = true;
                question_context = true;
            }
            Line::Text(text) if is_quotation(text) && paragraph.is_empty() => {
                out.push(format!("> {text}", text = escape_html_syntax(text)));
                out.push(String::new());
            }
            Line::Text(text)
                if paragraph.is_empty()
                    && previous_blank
                    && heading_like(text)
                    && next_is_prose =>
            {
                out.push(format!(
                    "{} {text}",
                    "#".repeat(structural_level + 1),
                    text = escape_html_syntax(text)
                ));
                out.push(String::new());
                question_context = false;
            }
            Line::Text(text) => {
                if in_list {
                    out.push(String::new());
                    in_list = false;
                }
                paragraph.push(escape_html_syntax(text));
                // A label ("Example questions:") introduces what follows on its own.
                if text.ends_with(':') && text.chars().count() <= 80 {
                    question_context = text.to_lowercase().contains("question");
                    flush(&mut paragraph, &mut out);
                }
            }
        }
    }
    flush(&mut paragraph, &mut out);
    (title, out.join("\n").trim().to_string())
}

/// The next line that is not blank.
fn next_content(lines: &[Line], i: usize) -> Option<&Line> {
    lines[i + 1..].iter().find(|l| **l != Line::Blank)
}

/// Indexes of numbered lines that are section titles: short, no final punctuation,
/// followed by prose, and numbered in a run (1, 2, 3...) with at least one other.
fn numbered_section_titles(lines: &[Line]) -> Vec<usize> {
    let candidates: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| match line {
            Line::Numbered(n, text)
                if heading_like(text)
                    && next_content(lines, i)
                        .is_some_and(|l| matches!(l, Line::Text(t) if !is_question(t))) =>
            {
                Some((i, *n))
            }
            _ => None,
        })
        .collect();
    let in_run = |&(_, n): &(usize, u32)| candidates.iter().any(|&(_, m)| m == n + 1 || m + 1 == n);
    candidates
        .iter()
        .filter(|c| in_run(c))
        .map(|&(i, _)| i)
        .collect()
}
