//! Story lint: the known ways a STAR story fails in an interview, found in `kind: story`
//! files with the line where each shows. A STAR part missing; a Result with no number
//! in it; an Action that says "we" more than "I" (the target is at least 80% "I"); an
//! answer far from the target speaking time; a principle's title said out loud.

use std::path::Path;
use std::sync::Arc;

use crate::config::StoryTargets;
use crate::diagnostic::{Diagnostic, line_and_column};
use crate::model::Heading;

/// The parts of a STAR(L) answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
    Learning,
}

impl Part {
    const STAR: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];

    fn name(self) -> &'static str {
        match self {
            Part::Situation => "Situation",
            Part::Task => "Task",
            Part::Action => "Action",
            Part::Result => "Result",
            Part::Learning => "Learning",
        }
    }

    /// The part a heading or label names: it starts with the part's name.
    fn named(label: &str) -> Option<Part> {
        let words: String = label
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
            .to_lowercase();
        [
            ("situation", Part::Situation),
            ("task", Part::Task),
            ("action", Part::Action),
            ("result", Part::Result),
            ("learning", Part::Learning),
            ("lesson", Part::Learning),
        ]
        .into_iter()
        .find(|(name, _)| words.starts_with(name))
        .map(|(_, part)| part)
    }
}

/// One part of the story: where its text is in the file.
#[derive(Debug, Clone)]
struct Section {
    part: Part,
    /// Byte offset in the file where the part's heading or label is.
    label: usize,
    /// The part's text.
    start: usize,
    end: usize,
}

/// What the lint needs to know about a story.
pub struct Story<'a> {
    pub file: &'a Path,
    pub text: &'a Arc<str>,
    pub body_offset: usize,
    pub headings: &'a [Heading],
    /// The titles of the course's principles.
    pub principles: &'a [String],
}

/// Every warning for one story.
pub fn lint(story: &Story, targets: &StoryTargets) -> Vec<Diagnostic> {
    let sections = sections(story);
    let mut warnings = Vec::new();
    let body_line = line_and_column(story.text, story.body_offset).0;
    let missing: Vec<&str> = Part::STAR
        .iter()
        .filter(|part| !sections.iter().any(|s| s.part == **part))
        .map(|part| part.name())
        .collect();
    if !missing.is_empty() {
        let message = format!("the story has no {} part", join_names(&missing));
        warnings.push(
            Diagnostic::warning(story.file, "story-part-missing", message)
                .at_line(body_line, 1)
                .with_hint("give each part a heading: ## Situation, ## Task, ## Action, ## Result"),
        );
    }
    if let Some(result) = sections.iter().find(|s| s.part == Part::Result)
        && !has_number(&story.text[result.start..result.end])
    {
        warnings.push(
            warning_at(
                story,
                result.label,
                "story-result-number",
                "the Result has no number in it",
            )
            .with_hint("say how much, how many, how fast: a percentage, an amount, a time saved"),
        );
    }
    if let Some(action) = sections.iter().find(|s| s.part == Part::Action) {
        let (i, we) = pronouns(&story.text[action.start..action.end]);
        let share = if i + we == 0 {
            1.0
        } else {
            i as f64 / (i + we) as f64
        };
        if we > 0 && share < 0.8 {
            let message = format!(
                "the Action says \"we\" {} and \"I\" {} ({:.0}% \"I\")",
                times(we),
                times(i),
                share * 100.0
            );
            warnings.push(
                warning_at(story, action.label, "story-we", message)
                    .with_hint("say what you did yourself: aim for at least 80% \"I\""),
            );
        }
    }
    warnings.extend(length_warning(story, &sections, targets, body_line));
    warnings.extend(named_principles(story));
    warnings
}

fn warning_at(
    story: &Story,
    offset: usize,
    code: &'static str,
    message: impl Into<String>,
) -> Diagnostic {
    let len = story.text[offset..].lines().next().map_or(0, str::len);
    Diagnostic::warning(story.file, code, message).at(story.text, offset, len)
}

fn times(count: usize) -> String {
    if count == 1 {
        "once".to_string()
    } else {
        format!("{count} times")
    }
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The story's parts, from headings (`## Action`) or, without them, from labels at the
/// start of a line (`**Action:**`, `> **Action**:`).
fn sections(story: &Story) -> Vec<Section> {
    let body_end = story.text.len();
    let from_headings: Vec<(Option<Part>, usize, usize)> = story
        .headings
        .iter()
        .map(|h| {
            (
                Part::named(&h.text),
                story.body_offset + h.offset,
                story.body_offset + h.end,
            )
        })
        .collect();
    let mut sections = Vec::new();
    for (index, &(part, label, start)) in from_headings.iter().enumerate() {
        let Some(part) = part else { continue };
        let end = from_headings
            .get(index + 1)
            .map_or(body_end, |&(_, next, _)| next);
        sections.push(Section {
            part,
            label,
            start,
            end,
        });
    }
    if !sections.is_empty() {
        return sections;
    }
    let labels: Vec<(Part, usize, usize)> = line_offsets(story.text, story.body_offset)
        .filter_map(|(offset, line)| {
            let stripped = line.trim_start_matches(['>', ' ', '*', '_', '-']);
            let (label, _) = stripped.split_once(':')?;
            let label = label.trim_end_matches(['*', '_']).trim();
            let part = Part::named(label).filter(|_| label.split_whitespace().count() <= 2)?;
            let after_colon = offset + line.find(':')? + 1;
            Some((part, offset, after_colon))
        })
        .collect();
    for (index, &(part, label, start)) in labels.iter().enumerate() {
        let end = labels.get(index + 1).map_or(body_end, |&(_, next, _)| next);
        sections.push(Section {
            part,
            label,
            start,
            end,
        });
    }
    sections
}

/// Each line of the text from `from` on, with its byte offset.
fn line_offsets(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = from;
    text[from..].split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line.trim_end_matches(['\n', '\r']))
    })
}

/// Words that count as a number in a Result.
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "half",
    "halved",
    "doubled",
    "tripled",
    "quadrupled",
    "twice",
    "thrice",
    "dozen",
    "dozens",
];

/// Whether a text states a number: digits, %, currency, multipliers, or number words.
pub fn has_number(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '%' | '$' | '€' | '£' | '¥'))
        || words(text).any(|word| NUMBER_WORDS.contains(&word.as_str()))
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
}

/// How often a text says "I" (I, me, my, mine, myself) and "we" (we, us, our, ours,
/// ourselves), contractions included.
pub fn pronouns(text: &str) -> (usize, usize) {
    let (mut i, mut we) = (0, 0);
    for word in words(text) {
        let base = word.split('\'').next().unwrap_or("");
        match base {
            "i" | "me" | "my" | "mine" | "myself" => i += 1,
            "we" | "us" | "our" | "ours" | "ourselves" => we += 1,
            _ => {}
        }
    }
    (i, we)
}

/// The answer's spoken length, when it is outside the target.
fn length_warning(
    story: &Story,
    sections: &[Section],
    targets: &StoryTargets,
    body_line: usize,
) -> Option<Diagnostic> {
    let words: usize = if sections.is_empty() {
        words(&story.text[story.body_offset..]).count()
    } else {
        sections
            .iter()
            .map(|s| words(&story.text[s.start..s.end]).count())
            .sum()
    };
    let minutes = words as f64 / targets.words_per_minute.max(1.0);
    if (targets.min_minutes..=targets.max_minutes).contains(&minutes) {
        return None;
    }
    let advice = if minutes < targets.min_minutes {
        "add the detail an interviewer will ask for: the numbers, your decisions, the outcome"
    } else {
        "cut the Situation to two sentences and keep the Action to your own steps"
    };
    let message = format!(
        "about {minutes:.1} minutes spoken ({words} words at {} words a minute); the target is {}–{} minutes",
        targets.words_per_minute, targets.min_minutes, targets.max_minutes
    );
    Some(
        Diagnostic::warning(story.file, "story-length", message)
            .at_line(body_line, 1)
            .with_hint(advice),
    )
}

/// A principle's title said out loud in the answer (headings aside).
fn named_principles(story: &Story) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (offset, line) in line_offsets(story.text, story.body_offset) {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let lower = line.to_lowercase();
        for title in story.principles {
            let needle = title.to_lowercase();
            if let Some(at) = find_phrase(&lower, &needle) {
                let message = format!("the answer names the principle \"{title}\"");
                warnings.push(
                    Diagnostic::warning(story.file, "story-names-principle", message)
                        .at(story.text, offset + at, title.len())
                        .with_hint("show the principle through what you did; do not name it"),
                );
            }
        }
    }
    warnings
}

/// Where a phrase occurs as whole words.
fn find_phrase(haystack: &str, needle: &str) -> Option<usize> {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    haystack
        .match_indices(needle)
        .map(|(at, _)| at)
        .find(|&at| {
            !is_word(haystack[..at].chars().next_back())
                && !is_word(haystack[at + needle.len()..].chars().next())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::scan;

    fn lint_text(text: &str) -> Vec<Diagnostic> {
        let source: Arc<str> = Arc::from(text);
        let body_offset = text.find("\n---\n").map_or(0, |i| i + 5);
        let headings = scan(&text[body_offset..], &mut ()).headings;
        let principles = vec!["Bias for Action".to_string(), "Ownership".to_string()];
        let story = Story {
            file: Path::new("content/stories/s.md"),
            text: &source,
            body_offset,
            headings: &headings,
            principles: &principles,
        };
        lint(&story, &StoryTargets::default())
    }

    fn codes(diagnostics: &[Diagnostic]) -> Vec<(&str, usize)> {
        diagnostics.iter().map(|d| (d.code, d.line)).collect()
    }

    const FILLER: &str = "I looked at the logs, I wrote the plan, and I checked each step with the owners of the service before I changed anything in production. ";

    #[test]
    fn a_strong_story_has_no_warnings() {
        let text = format!(
            "---\ntitle: S\n---\n## Situation\n{}\n## Task\n{}\n## Action\n{}\n## Result\nLatency fell by 40% and we saved $2,000 a month.\n",
            FILLER.repeat(2),
            FILLER,
            FILLER.repeat(3)
        );
        assert!(lint_text(&text).is_empty(), "{:?}", lint_text(&text));
    }

    #[test]
    fn every_weakness_is_found_with_its_line() {
        let text = "---\ntitle: W\n---\n## Situation\nThe migration was late.\n## Action\nWe planned. We built it. We shipped it. I helped. Our team did well.\nThis shows my Bias for Action.\n## Result\nIt went much better.\n";
        assert_eq!(
            codes(&lint_text(text)),
            [
                ("story-part-missing", 4),
                ("story-result-number", 9),
                ("story-we", 6),
                ("story-length", 4),
                ("story-names-principle", 8),
            ]
        );
        let we = &lint_text(text)[2];
        assert!(
            we.message.contains("\"we\" 4 times and \"I\" 2 times"),
            "{}",
            we.message
        );
        assert_eq!(times(1), "once");
    }

    #[test]
    fn labels_work_without_headings() {
        let text = "---\ntitle: L\n---\n> **Situation:** a.\n>\n> **Task:** b.\n>\n> **Action:** I did it.\n>\n> **Result:** nothing measurable.\n";
        let warnings = lint_text(text);
        let found = codes(&warnings);
        assert!(found.contains(&("story-result-number", 10)), "{found:?}");
        assert!(
            !found.iter().any(|(code, _)| *code == "story-part-missing"),
            "{found:?}"
        );
    }

    #[test]
    fn numbers_and_pronouns() {
        assert!(has_number("cut costs by half"));
        assert!(has_number("3x faster"));
        assert!(!has_number("it went well"));
        assert_eq!(
            pronouns("I'm sure we'd agree; my plan, our plan, me"),
            (3, 2)
        );
    }

    #[test]
    fn principle_names_need_whole_words() {
        assert_eq!(find_phrase("true ownership matters", "ownership"), Some(5));
        assert_eq!(find_phrase("stakeholdership", "ownership"), None);
    }
}
