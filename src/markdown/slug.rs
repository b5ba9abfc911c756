//! Heading ids by GitHub's rules, so the tables of contents that real Markdown files carry
//! (`[1. Ownership (Critical for L6+)](#1-ownership-critical-for-l6)`) keep working; and
//! the URL slug of a file name (`09-tailoring-for-amazon.md` -> `tailoring-for-amazon`),
//! which is also the name of every file prepress makes from a title, so it is the same
//! for every Unicode spelling of a name and never a name Windows refuses; what Windows
//! refuses in a file name ([`windows_refuses`]); and [`stable_hash`], for ids and file
//! names made from text.

use std::collections::{HashMap, HashSet};

/// FNV-1a, 64 bits: the same in every build and on every machine, unlike the standard
/// library's hasher, so ids and cache file names made from it stay put.
pub fn stable_hash(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A hash of a file's bytes, the same for the same bytes and the same prepress: what the
/// output's manifest and the build cache compare. foldhash, which reads 32 bytes a step:
/// SipHash over every byte of a 10,000-lecture site's 400 MB was 2–3% of its build.
pub fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher as _;
    foldhash::quality::FixedState::with_seed(0).hash_one(bytes)
}

/// A hash as the cache writes it: 16 hex digits.
pub fn hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// GitHub's heading slug: lower-case, punctuation dropped (except `-` and `_`), Unicode
/// letters and digits kept, each space turned into `-`.
pub fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c.is_alphanumeric() || c == '-' || c == '_' || is_combining_mark(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

/// Combining marks (accents written as separate code points) are part of a word.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Hands out unique heading ids within one page: a repeated slug gets `-1`, `-2`, ...
#[derive(Debug, Default)]
pub struct Slugger {
    used: HashSet<String>,
    repeats: HashMap<String, usize>,
}

impl Slugger {
    /// A unique id for a heading's text.
    pub fn slug(&mut self, text: &str) -> String {
        self.unique(github_slug(text))
    }

    /// Makes `id` unique on the page (an explicit `{#id}` goes through here too).
    pub fn unique(&mut self, id: String) -> String {
        if self.used.insert(id.clone()) {
            return id;
        }
        let count = self.repeats.entry(id.clone()).or_insert(0);
        loop {
            *count += 1;
            let candidate = format!("{id}-{count}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// The URL slug of a file stem: a leading `NN-` or `NN_` number is removed, the rest is
/// made URL-safe (lower-case, runs of anything but letters and digits become one `-`).
pub fn file_slug(stem: &str) -> String {
    let without_number = match stem.find(|c: char| !c.is_ascii_digit()) {
        Some(i) if i > 0 && stem[i..].starts_with(['-', '_']) && stem.len() > i + 1 => {
            &stem[i + 1..]
        }
        _ => stem,
    };
    url_slug(without_number)
}

/// Lower-case letters and digits, with `-` between words (apostrophes dropped); never
/// empty.
///
/// The text is put in Unicode's composed form first, so `Café` typed with one `é` and
/// with `e` and an accent give one slug; a slug that is a name Windows keeps for a
/// device (`con`, `nul`, `com1`, ...) gets `-page` after it.
pub fn url_slug(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let composed: String;
    let text = if text.is_ascii() {
        text
    } else {
        composed = text.nfc().collect();
        &composed
    };
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
            // An apostrophe joins its word: "What's new" -> "whats-new".
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "page".to_string()
    } else if is_device_name(&slug) {
        format!("{slug}-page")
    } else {
        slug
    }
}

/// Whether `stem` (a name before its first `.`) is one Windows keeps for a device: `CON`,
/// `PRN`, `AUX`, `NUL`, `COM0`-`COM9` and `LPT0`-`LPT9` (with `¹²³` too), in any case,
/// with trailing spaces.
fn is_device_name(stem: &str) -> bool {
    let upper = stem.trim_end_matches(' ').to_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let port = upper
                .strip_prefix("COM")
                .or_else(|| upper.strip_prefix("LPT"));
            let mut digit = port.into_iter().flat_map(str::chars);
            matches!(
                (digit.next(), digit.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        }
    }
}

/// Why Windows refuses `name` as a file or folder name, or `None` when it takes it: a
/// device name (with any extension: `nul.md`), a name ending in a dot or a space, or
/// one of `<>:"\|?*` or a control character in it.
pub fn windows_refuses(name: &str) -> Option<&'static str> {
    let stem = name.split('.').next().unwrap_or(name);
    if is_device_name(stem) {
        Some("it is a name Windows keeps for a device")
    } else if name.ends_with(['.', ' ']) {
        Some("it ends in a dot or a space")
    } else if name
        .chars()
        .any(|c| matches!(c, '<' | '>' | ':' | '"' | '\\' | '|' | '?' | '*') || c.is_control())
    {
        Some("it holds one of < > : \" \\ | ? * or a control character")
    } else {
        None
    }
}

/// The numeric prefix of a file stem (`09-foo` -> 9), used for ordering.
pub fn number_prefix(stem: &str) -> Option<u64> {
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() == stem.len() {
        return None;
    }
    digits.parse().ok()
}

/// `%20` and friends decoded; `None` for a `%` not followed by two hex digits, or bytes
/// that are not UTF-8.
pub fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_punctuation_rules() {
        assert_eq!(
            github_slug("1. Ownership (Critical for L6+)"),
            "1-ownership-critical-for-l6"
        );
        assert_eq!(github_slug("What's new?"), "whats-new");
        assert_eq!(
            github_slug("snake_case & kebab-case"),
            "snake_case--kebab-case"
        );
        assert_eq!(github_slug("  Trimmed  "), "trimmed");
        assert_eq!(github_slug("A  B"), "a--b");
    }

    #[test]
    fn github_keeps_unicode_letters() {
        assert_eq!(github_slug("Café Über"), "café-über");
        assert_eq!(github_slug("日本語 テスト"), "日本語-テスト");
        assert_eq!(github_slug("Emoji 🚀 rocket"), "emoji--rocket");
    }

    #[test]
    fn repeats_get_numbers() {
        let mut slugger = Slugger::default();
        assert_eq!(slugger.slug("Example"), "example");
        assert_eq!(slugger.slug("Example"), "example-1");
        assert_eq!(slugger.slug("Example"), "example-2");
        assert_eq!(slugger.slug("Example 1"), "example-1-1");
    }

    #[test]
    fn one_name_in_any_unicode_spelling_has_one_slug() {
        assert_eq!(url_slug("Caf\u{e9}"), "café");
        assert_eq!(url_slug("Cafe\u{301}"), "café");
        assert_eq!(
            file_slug("01-Cafe\u{301} Notes"),
            file_slug("Caf\u{e9} Notes")
        );
    }

    #[test]
    fn slugs_are_never_windows_device_names() {
        for name in ["CON", "nul", "com1", "LPT9", "Aux", "prn", "COM¹"] {
            let slug = url_slug(name);
            assert!(slug.ends_with("-page"), "{name} -> {slug}");
            assert_eq!(windows_refuses(&format!("{slug}.md")), None, "{slug}");
        }
        for fine in ["console", "com10", "lpt", "nullable", "con-game"] {
            assert!(!url_slug(fine).ends_with("-page"), "{fine}");
        }
    }

    #[test]
    fn names_windows_refuses() {
        for bad in [
            "CON",
            "con.md",
            "nul.tar.gz",
            "com1.png",
            "LPT9",
            "aux ",
            "notes.",
            "a b ",
            "a:b.md",
            "what?.md",
            "x|y",
            "tab\there",
        ] {
            assert!(windows_refuses(bad).is_some(), "{bad}");
        }
        for fine in [
            "console.md",
            "com10.md",
            "01-intro.md",
            "notes.md",
            ".hidden",
            "café.md",
        ] {
            assert_eq!(windows_refuses(fine), None, "{fine}");
        }
    }

    #[test]
    fn file_slugs_drop_number_prefix() {
        assert_eq!(file_slug("09-tailoring-for-amazon"), "tailoring-for-amazon");
        assert_eq!(file_slug("01_star"), "star");
        assert_eq!(file_slug("2024"), "2024");
        assert_eq!(
            file_slug("01é"),
            "01é",
            "a letter of two bytes after the number"
        );
        assert_eq!(file_slug("Intro Notes"), "intro-notes");
        assert_eq!(number_prefix("09-foo"), Some(9));
        assert_eq!(number_prefix("foo"), None);
    }
}
