//! Story lint: the known ways a STAR story fails in an interview, found in `kind: story`
//! files with the line where each shows. A STAR part missing; a Result with no number
//! in it; an Action that says "we" more than "I" (the target is at least 80% "I"); an
//! answer far from the target speaking time; a principle's title said out loud.
//!
//! A story may also be told shorter, under a heading that names the length in seconds
//! (`## 30 seconds`, `## 90-second version`, `## За 30 секунд`, `## 30秒`): [`versions`]
//! finds them, for the story page and for rehearsing in practice, and the lint checks
//! that each one fits its length. The full story is the text outside the versions.

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
    warnings.extend(version_warnings(story, targets));
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
/// start of a line (`**Action:**`, `> **Action**:`); the parts of the full story only, a
/// shorter version's text left out.
fn sections(story: &Story) -> Vec<Section> {
    let versions = versions(story.text, story.body_offset, story.headings);
    let in_full_story = |sections: Vec<Section>| -> Vec<Section> {
        let mut sections: Vec<Section> = sections
            .into_iter()
            .filter(|s| !versions.iter().any(|v| (v.label..v.end).contains(&s.label)))
            .collect();
        for section in &mut sections {
            if let Some(version) = versions.iter().find(|v| v.label >= section.start) {
                section.end = section.end.min(version.label);
            }
        }
        sections
    };
    let from_headings = in_full_story(heading_sections(story));
    if !from_headings.is_empty() {
        return from_headings;
    }
    in_full_story(label_sections(story))
}

/// The parts headings start, each up to the next heading.
fn heading_sections(story: &Story) -> Vec<Section> {
    let starts: Vec<(Option<Part>, usize, usize)> = story
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
    let body_end = story.text.len();
    starts
        .iter()
        .enumerate()
        .filter_map(|(index, &(part, label, start))| {
            let end = starts.get(index + 1).map_or(body_end, |&(_, next, _)| next);
            Some(Section {
                part: part?,
                label,
                start,
                end,
            })
        })
        .collect()
}

/// The parts labels at the start of a line start, each up to the next label.
fn label_sections(story: &Story) -> Vec<Section> {
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
    let body_end = story.text.len();
    labels
        .iter()
        .enumerate()
        .map(|(index, &(part, label, start))| Section {
            part,
            label,
            start,
            end: labels.get(index + 1).map_or(body_end, |&(_, next, _)| next),
        })
        .collect()
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
        full_story_words(story.text, story.body_offset, story.headings)
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

/// A shorter telling of the story, under a heading that names its length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The length it is meant to take, in seconds.
    pub seconds: u32,
    /// Its heading, as an index into the page's headings.
    pub heading: usize,
    /// Byte offsets in the file: its heading, and its text (up to the next heading of
    /// the same or a higher level).
    pub label: usize,
    pub start: usize,
    pub end: usize,
    /// How many words it has.
    pub words: usize,
}

/// The lengths a version's heading may name, in seconds.
const VERSION_SECONDS: std::ops::RangeInclusive<u32> = 10..=300;

/// How far a version's spoken length may be from its target: a quarter either way.
pub const VERSION_TOLERANCE: f64 = 0.25;

/// Words meaning seconds, in the languages the default theme speaks. The unit must end
/// the word (`30 s`, not `30 seasons`), save the ones written without a space after.
const SECOND_WORDS: &[&str] = &[
    "seconds",
    "second",
    "secs",
    "sec",
    "s",
    "segundos",
    "segundo",
    "secondes",
    "seconde",
    "sekunden",
    "sekunde",
    "sek",
    "секунды",
    "секунда",
    "секунд",
    "сек",
    "с",
    "秒",
    "초",
    "सेकेंड",
    "सेकंड",
    "ثوانٍ",
    "ثوان",
    "ثانية",
    "ثانيه",
    "ث",
];

/// Words meaning minutes, likewise: a version may be named `## 1 minute` (60 seconds).
const MINUTE_WORDS: &[&str] = &[
    "minutes",
    "minute",
    "mins",
    "min",
    "minutos",
    "minuto",
    "minuten",
    "минуты",
    "минуту",
    "минута",
    "минут",
    "мин",
    "хвилини",
    "хвилину",
    "хвилина",
    "хвилин",
    "分钟",
    "分間",
    "分",
    "분",
    "मिनट",
    "دقائق",
    "دقيقتين",
    "دقيقة",
];

/// Words a version's heading may have besides its length ("In 30 seconds", "The
/// 90-second version", "30秒版").
const VERSION_WORDS: &[&str] = &[
    "in",
    "the",
    "a",
    "an",
    "version",
    "cut",
    "en",
    "em",
    "de",
    "una",
    "um",
    "uma",
    "une",
    "versión",
    "versão",
    "fassung",
    "im",
    "за",
    "версия",
    "версія",
    "варіант",
    "вариант",
    "في",
    "نسخة",
    "में",
    "संस्करण",
    "版",
    "版本",
    "バージョン",
    "버전",
];

/// The length in seconds a heading names, when the heading is only that: a number of
/// seconds with at most a few words like "in" or "version" around it.
pub fn version_seconds(heading: &str) -> Option<u32> {
    let text = heading.trim().to_lowercase();
    let digits = text.find(|c: char| c.is_ascii_digit())?;
    let digits_end = text[digits..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |n| digits + n);
    let number: u32 = text[digits..digits_end].parse().ok()?;
    let after = text[digits_end..].trim_start_matches([' ', '-', '‑', '\u{a0}']);
    let units = SECOND_WORDS
        .iter()
        .map(|unit| (*unit, 1))
        .chain(MINUTE_WORDS.iter().map(|unit| (*unit, 60)));
    let (unit, factor) = units.into_iter().find(|(unit, _)| {
        after.strip_prefix(*unit).is_some_and(|rest| {
            // Chinese, Japanese and Korean write "version" straight after the unit.
            let joins = matches!(*unit, "秒" | "초" | "分钟" | "分間" | "分" | "분");
            joins || rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        })
    })?;
    let seconds = number.checked_mul(factor)?;
    let rest = format!("{} {}", &text[..digits], &after[unit.len()..]);
    let others_allowed = rest
        .split(|c: char| c.is_whitespace() || c == '-' || c == '‑')
        .map(|word| {
            word.trim_matches(|c: char| c.is_ascii_punctuation() || "«»“”„：:—–·".contains(c))
        })
        .filter(|word| !word.is_empty())
        .all(|word| VERSION_WORDS.contains(&word));
    (others_allowed && VERSION_SECONDS.contains(&seconds)).then_some(seconds)
}

/// The story's shorter versions, in the order they are written.
pub fn versions(text: &str, body_offset: usize, headings: &[Heading]) -> Vec<Version> {
    headings
        .iter()
        .enumerate()
        .filter_map(|(index, heading)| {
            let seconds = version_seconds(&heading.text)?;
            let end = headings[index + 1..]
                .iter()
                .find(|next| next.level <= heading.level)
                .map_or(text.len(), |next| body_offset + next.offset);
            let start = (body_offset + heading.end).min(end);
            Some(Version {
                seconds,
                heading: index,
                label: body_offset + heading.offset,
                start,
                end,
                words: words(&text[start..end]).count(),
            })
        })
        .collect()
}

/// The full story: the stretches of the body outside its versions, as byte ranges of
/// the file.
pub fn full_story(
    text: &str,
    body_offset: usize,
    headings: &[Heading],
) -> impl Iterator<Item = (usize, usize)> {
    let mut stretches = Vec::new();
    let mut from = body_offset;
    for version in versions(text, body_offset, headings) {
        if version.label > from {
            stretches.push((from, version.label));
        }
        from = from.max(version.end);
    }
    if from < text.len() {
        stretches.push((from, text.len()));
    }
    stretches.into_iter()
}

/// How many words the full story has.
pub fn full_story_words(text: &str, body_offset: usize, headings: &[Heading]) -> usize {
    full_story(text, body_offset, headings)
        .map(|(start, end)| words(&text[start..end]).count())
        .sum()
}

/// The seconds `words` take to say.
pub fn spoken_seconds(words: usize, targets: &StoryTargets) -> f64 {
    words as f64 * 60.0 / targets.words_per_minute.max(1.0)
}

/// A version that takes too long or too little to say for its length.
fn version_warnings(story: &Story, targets: &StoryTargets) -> Vec<Diagnostic> {
    versions(story.text, story.body_offset, story.headings)
        .into_iter()
        .filter_map(|version| {
            let target = f64::from(version.seconds);
            let (low, high) = (
                target * (1.0 - VERSION_TOLERANCE),
                target * (1.0 + VERSION_TOLERANCE),
            );
            let spoken = spoken_seconds(version.words, targets);
            if (low..=high).contains(&spoken) {
                return None;
            }
            let message = format!(
                "the {}-second version takes about {spoken:.0} seconds to say ({} words at {} words a minute); the target is {}–{} seconds",
                version.seconds,
                version.words,
                targets.words_per_minute,
                trimmed(low),
                trimmed(high)
            );
            let hint = if spoken < low {
                "say what you did and what came of it, with the number that shows it"
            } else {
                "keep one sentence of Situation, your key decision and the result's number"
            };
            Some(
                warning_at(story, version.label, "story-version-length", message).with_hint(hint),
            )
        })
        .collect()
}

/// A number of seconds with a decimal only when it has one: `22.5`, `60`.
fn trimmed(seconds: f64) -> String {
    let text = format!("{seconds:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
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

    #[test]
    fn a_version_heading_is_a_length_in_seconds() {
        for (heading, seconds) in [
            ("30 seconds", Some(30)),
            ("90-second version", Some(90)),
            ("In 30 seconds", Some(30)),
            ("The 90 s version", Some(90)),
            ("30s", Some(30)),
            ("За 30 секунд", Some(30)),
            ("Versión de 90 segundos", Some(90)),
            ("30秒版", Some(30)),
            ("90초 버전", Some(90)),
            ("في 30 ثانية", Some(30)),
            ("The 30 s outage", None),
            ("30 seconds of silence", None),
            ("30 seasons", None),
            ("1 minute", Some(60)),
            ("The 2-minute version", Some(120)),
            ("За 1 минуту", Some(60)),
            ("1分钟版本", Some(60)),
            ("2분 버전", Some(120)),
            ("10 minutes", None),
            ("5 minutes of fame", None),
            ("5 seconds", None),
            ("Result", None),
            ("2019", None),
        ] {
            assert_eq!(version_seconds(heading), seconds, "{heading}");
        }
    }

    /// A story with full STAR parts, and `versions` after it.
    fn story_with(versions: &str) -> String {
        format!(
            "---\ntitle: S\n---\n## Situation\n{}\n## Task\n{}\n## Action\n{}\n## Result\nLatency fell by 40% and we saved $2,000 a month.\n{versions}",
            FILLER.repeat(2),
            FILLER,
            FILLER.repeat(3)
        )
    }

    #[test]
    fn versions_are_found_and_left_out_of_the_full_story() {
        let text = story_with(&format!(
            "\n## 90 seconds\n\n{}\n\n## 30 seconds\n\n{}Latency fell by 40%.\n",
            FILLER.repeat(7),
            FILLER.repeat(2)
        ));
        let body_offset = text.find("\n---\n").unwrap() + 5;
        let headings = scan(&text[body_offset..], &mut ()).headings;
        let found = versions(&text, body_offset, &headings);
        assert_eq!(
            found
                .iter()
                .map(|v| (v.seconds, v.words))
                .collect::<Vec<_>>(),
            [(90, 182), (30, 56)]
        );
        assert!(text[found[1].start..found[1].end].trim().ends_with("40%."));
        let full = full_story_words(&text, body_offset, &headings);
        assert_eq!(
            full,
            26 * 6 + 11 + 4,
            "the STAR parts and their headings only"
        );
        assert!(lint_text(&text).is_empty(), "{:?}", lint_text(&text));
    }

    #[test]
    fn a_version_too_long_or_too_short_is_named_at_its_heading() {
        let text = story_with(&format!(
            "\n## 30 seconds\n\n{}\n\n## 90-second version\n\nI fixed it.\n",
            FILLER.repeat(4)
        ));
        let warnings = lint_text(&text);
        assert_eq!(
            codes(&warnings),
            [("story-version-length", 13), ("story-version-length", 17)]
        );
        assert!(
            warnings[0]
                .message
                .contains("the 30-second version takes about 48 seconds to say (104 words"),
            "{}",
            warnings[0].message
        );
        assert!(
            warnings[0]
                .message
                .contains("the target is 22.5–37.5 seconds")
        );
        assert!(
            warnings[1].message.contains("about 1 seconds"),
            "{}",
            warnings[1].message
        );
    }

    #[test]
    fn a_version_told_in_star_parts_leaves_the_full_story_alone() {
        let text = format!(
            "---\ntitle: V\n---\n**Situation:** {}\n\n**Task:** {}\n\n**Action:** {}\n\n**Result:** Latency fell by 40%.\n\n## 30 seconds\n\n### Situation\n\nWe were slow.\n\n### Result\n\n{}It went well.\n",
            FILLER.repeat(2),
            FILLER,
            FILLER.repeat(3),
            FILLER.repeat(2)
        );
        let warnings = lint_text(&text);
        assert!(warnings.is_empty(), "{:?}", codes(&warnings));
    }
}
