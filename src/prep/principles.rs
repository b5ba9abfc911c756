//! Principle names: recognising a principle (Amazon's "Ownership", "Hire and Develop the
//! Best") by its title or an alias in front matter and in headings. A heading names a
//! principle when, ignoring case, punctuation, a leading number ("3.") and a trailing
//! parenthesis ("(Critical for L6+)"), it contains the title or an alias, or it is the
//! leading part of exactly one principle's multi-word title.

use crate::model::PrincipleId;

/// Words of a name, for comparing: lower-case, no punctuation, no leading number, no
/// trailing parenthesis.
pub fn name_words(text: &str) -> Vec<String> {
    let text = strip_trailing_parenthesis(text.trim());
    let words: Vec<String> = text
        .to_lowercase()
        .replace(['\'', '’'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    match words.first() {
        Some(first) if first.chars().all(|c| c.is_ascii_digit()) && words.len() > 1 => {
            words[1..].to_vec()
        }
        _ => words,
    }
}

fn strip_trailing_parenthesis(text: &str) -> &str {
    match (text.ends_with(')'), text.rfind('(')) {
        (true, Some(open)) if open > 0 => text[..open].trim_end(),
        _ => text,
    }
}

/// Finds principles by name; built from each principle's title and aliases.
#[derive(Debug, Default, Clone)]
pub struct Matcher {
    /// (words of a title or alias, principle index)
    names: Vec<(Vec<String>, PrincipleId)>,
    /// (words of a title, principle index), for leading-part matches.
    titles: Vec<(Vec<String>, PrincipleId)>,
}

impl Matcher {
    /// Adds principle `index` with its title and aliases.
    pub fn add(&mut self, index: PrincipleId, title: &str, aliases: &[String]) {
        let title_words = name_words(title);
        if title_words.is_empty() {
            return;
        }
        self.titles.push((title_words.clone(), index));
        self.names.push((title_words, index));
        for alias in aliases {
            let words = name_words(alias);
            if !words.is_empty() {
                self.names.push((words, index));
            }
        }
    }

    /// The principle a name in front matter `principles:` refers to: its title or an
    /// alias, or the leading part of exactly one multi-word title.
    pub fn by_name(&self, name: &str) -> Option<PrincipleId> {
        let words = name_words(name);
        self.names
            .iter()
            .find(|(names, _)| *names == words)
            .map(|&(_, index)| index)
            .or_else(|| self.leading_part(&words))
    }

    /// The one principle whose multi-word title starts with these (two or more) words.
    fn leading_part(&self, words: &[String]) -> Option<PrincipleId> {
        if words.len() < 2 {
            return None;
        }
        let mut leading = self
            .titles
            .iter()
            .filter(|(title, _)| title.len() > words.len() && title.starts_with(words));
        match (leading.next(), leading.next()) {
            (Some(&(_, index)), None) => Some(index),
            _ => None,
        }
    }

    /// The principles a heading names, in the order they appear in it.
    pub fn in_heading(&self, heading: &str) -> Vec<PrincipleId> {
        let words = name_words(heading);
        if words.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(usize, PrincipleId)> = Vec::new();
        for (name, index) in &self.names {
            if let Some(position) = find_words(&words, name)
                && !found.iter().any(|&(_, i)| i == *index)
            {
                found.push((position, *index));
            }
        }
        if found.is_empty() {
            return self.leading_part(&words).into_iter().collect();
        }
        found.sort();
        found.into_iter().map(|(_, index)| index).collect()
    }
}

/// Where `needle` occurs in `haystack` as whole words.
fn find_words(haystack: &[String], needle: &[String]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amazon() -> Matcher {
        let mut matcher = Matcher::default();
        let principles: &[(&str, &[&str])] = &[
            ("Customer Obsession", &[]),
            ("Ownership", &[]),
            ("Hire and Develop the Best", &[]),
            (
                "Have Backbone; Disagree and Commit",
                &["Disagree and Commit", "Have Backbone"],
            ),
            ("Are Right, A Lot", &[]),
            ("Dive Deep", &[]),
            ("Deliver Results", &[]),
            ("Learn and Be Curious", &["Be Curious"]),
        ];
        for (index, (title, aliases)) in principles.iter().enumerate() {
            let aliases: Vec<String> = aliases.iter().map(|a| a.to_string()).collect();
            matcher.add(PrincipleId(index), title, &aliases);
        }
        matcher
    }

    /// The indexes of the principles a heading names.
    fn heading(matcher: &Matcher, text: &str) -> Vec<usize> {
        matcher
            .in_heading(text)
            .into_iter()
            .map(|id| id.0)
            .collect()
    }

    #[test]
    fn names_ignore_case_punctuation_numbers_and_notes() {
        assert_eq!(
            name_words("3. Are Right, A Lot (Senior)"),
            ["are", "right", "a", "lot"]
        );
        assert_eq!(
            name_words("Earth's Best Employer"),
            ["earths", "best", "employer"]
        );
    }

    #[test]
    fn front_matter_names_match_titles_and_aliases() {
        let matcher = amazon();
        assert_eq!(matcher.by_name("ownership").map(|id| id.0), Some(1));
        assert_eq!(
            matcher.by_name("Disagree and Commit").map(|id| id.0),
            Some(3)
        );
        assert_eq!(matcher.by_name("Are Right A Lot").map(|id| id.0), Some(4));
        assert_eq!(matcher.by_name("Frugality").map(|id| id.0), None);
        assert_eq!(
            matcher.by_name("Hire and Develop").map(|id| id.0),
            Some(2),
            "leading part of one title"
        );
    }

    #[test]
    fn headings_name_principles() {
        let matcher = amazon();
        assert_eq!(heading(&matcher, "1. Ownership (Critical for L6+)"), [1]);
        assert_eq!(heading(&matcher, "## Example: Dive Deep questions"), [5]);
        assert_eq!(heading(&matcher, "Ownership and Deliver Results"), [1, 6]);
        assert_eq!(heading(&matcher, "Have Backbone; Disagree and Commit"), [3]);
        assert_eq!(heading(&matcher, "How to be curious"), [7]);
        assert!(heading(&matcher, "Practice Questions").is_empty());
        assert!(
            heading(&matcher, "Stakeholdership").is_empty(),
            "whole words only"
        );
    }

    #[test]
    fn leading_part_of_exactly_one_title() {
        let matcher = amazon();
        assert_eq!(heading(&matcher, "Hire and Develop"), [2]);
        assert_eq!(heading(&matcher, "4. Hire and Develop (L7)"), [2]);
        assert!(
            heading(&matcher, "Customer").is_empty(),
            "one word is too little"
        );
        let mut ambiguous = amazon();
        ambiguous.add(PrincipleId(8), "Hire and Develop Leaders", &[]);
        assert!(heading(&ambiguous, "Hire and Develop").is_empty());
    }
}
