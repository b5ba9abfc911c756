//! A course in several languages (`[languages]` in `course.toml`): the loaded files
//! sorted into one set per language, each linked as a course of its own under its
//! language's folder (`/ru/…`), and [`Translations`], which tells every page where its
//! translations are.
//!
//! A page's translation is `name.ru.md` beside `name.md`, or `ru/name.md` in the
//! language's folder under `content/`; when both exist, the one beside the original wins
//! and the other is reported. Every file is given its language-neutral path
//! (`name.md`), which is what a page's translations share. A language that lacks a
//! page of the default language gets the default one in its place, marked as such
//! (`Page::fallback_from`); a translation whose original does not exist is reported and
//! kept.

use std::collections::HashMap;

use crate::config::{CONTENT_DIR, language_folder};
use crate::diagnostic::Diagnostic;
use crate::source::{Loaded, Source};

/// Where a file stands among the languages.
struct Placed {
    /// The index of its language in `[languages]`.
    language: usize,
    /// Its path relative to `content/`, without the language (`a/b.md`).
    neutral: String,
    /// How it names its language: beside the original (`b.ru.md`) comes before a
    /// language folder (`ru/a/b.md`); the default language's unmarked file before both.
    rank: u8,
}

/// Where a file written at `content_path` stands, given the languages' codes.
fn place(content_path: &str, codes: &[String]) -> Placed {
    let (folder, name) = content_path.rsplit_once('/').unwrap_or(("", content_path));
    if let Some(stem) = name.strip_suffix(".md")
        && let Some((base, marker)) = stem.rsplit_once('.')
        && !base.is_empty()
        && let Some(language) = codes.iter().position(|c| c.eq_ignore_ascii_case(marker))
    {
        let neutral = if folder.is_empty() {
            format!("{base}.md")
        } else {
            format!("{folder}/{base}.md")
        };
        let inner = place(&neutral, codes);
        // `ru/b.ru.md`: the folder's language and the marker's agree, or the marker wins.
        let neutral = if inner.language == language {
            inner.neutral
        } else {
            neutral
        };
        return Placed {
            language,
            neutral,
            rank: 1,
        };
    }
    if let Some((first, rest)) = content_path.split_once('/')
        && let Some(language) = codes
            .iter()
            .position(|c| language_folder(c) == first.to_ascii_lowercase())
    {
        return Placed {
            language,
            neutral: rest.to_string(),
            rank: 2,
        };
    }
    Placed {
        language: 0,
        neutral: content_path.to_string(),
        rank: 0,
    }
}

/// The files of a course in several languages, one [`Loaded`] per language in
/// `[languages]` order (the default first), each with its own settings
/// ([`CourseConfig::for_language`](crate::config::CourseConfig::for_language)). The
/// problems of placing files go with the first; a course in one language comes back
/// whole.
pub fn split(loaded: Loaded) -> Vec<Loaded> {
    let codes: Vec<String> = loaded.config.language_codes().map(str::to_string).collect();
    if codes.len() < 2 {
        let mut loaded = loaded;
        if !codes.is_empty() {
            loaded.config = loaded.config.for_default_language();
        }
        return vec![loaded];
    }
    let Loaded {
        root,
        config,
        sources,
        assets,
        mut diagnostics,
    } = loaded;
    // Per language: neutral path -> (rank, the source).
    let mut by_language: Vec<HashMap<String, (u8, Source)>> = vec![HashMap::new(); codes.len()];
    let mut sources = sources;
    // In path order, so which file is reported when two claim one place never varies.
    sources.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    for mut source in sources {
        let placed = place(&source.content_path, &codes);
        source.content_path = placed.neutral.clone();
        let slot = &mut by_language[placed.language];
        match slot.get(&placed.neutral) {
            Some((rank, kept)) => {
                let (kept_path, dropped) = if *rank <= placed.rank {
                    (kept.path.clone(), source)
                } else {
                    let kept_path = source.path.clone();
                    let (_, old) = slot
                        .insert(placed.neutral.clone(), (placed.rank, source))
                        .expect("it was there");
                    (kept_path, old)
                };
                diagnostics.push(
                    Diagnostic::warning(
                        &dropped.path,
                        "translation-twice",
                        format!(
                            "this is a second {} version of `{}`: {} is used, this file is not",
                            codes[placed.language],
                            placed.neutral,
                            kept_path.display()
                        ),
                    )
                    .with_hint("keep one of the two files"),
                );
            }
            None => {
                slot.insert(placed.neutral.clone(), (placed.rank, source));
            }
        }
    }
    let originals: Vec<(String, Source)> = {
        let mut all: Vec<(String, Source)> = by_language[0]
            .drain()
            .map(|(neutral, (_, source))| (neutral, source))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    };
    let mut sites = Vec::with_capacity(codes.len());
    for (index, code) in codes.iter().enumerate().skip(1) {
        let mut own: Vec<(String, Source)> = by_language[index]
            .drain()
            .map(|(neutral, (_, source))| (neutral, source))
            .collect();
        own.sort_by(|a, b| a.0.cmp(&b.0));
        for (neutral, source) in &own {
            let has_original = originals
                .binary_search_by(|(n, _)| n.as_str().cmp(neutral))
                .is_ok();
            if !has_original && !source.is_section_index() {
                diagnostics.push(
                    Diagnostic::warning(
                        &source.path,
                        "translation-without-original",
                        format!(
                            "this {code} page translates `{CONTENT_DIR}/{neutral}`, which does not exist: it is in the {code} site only"
                        ),
                    )
                    .with_hint(format!(
                        "write `{CONTENT_DIR}/{neutral}`, or check the file's name"
                    )),
                );
            }
        }
        let mut sources: Vec<Source> = Vec::with_capacity(originals.len() + own.len());
        let mut own = own.into_iter().peekable();
        for (neutral, original) in &originals {
            while own.peek().is_some_and(|(n, _)| n < neutral) {
                sources.extend(own.next().map(|(_, source)| source));
            }
            if own.peek().is_some_and(|(n, _)| n == neutral) {
                sources.extend(own.next().map(|(_, source)| source));
            } else {
                let mut stand_in = original.clone();
                stand_in.fallback_from = Some(codes[0].clone());
                sources.push(stand_in);
            }
        }
        sources.extend(own.map(|(_, source)| source));
        sites.push(Loaded {
            root: root.clone(),
            config: config.for_language(code),
            sources,
            assets: assets.clone(),
            diagnostics: Vec::new(),
        });
    }
    let default = Loaded {
        root,
        config: config.for_default_language(),
        sources: originals.into_iter().map(|(_, source)| source).collect(),
        assets,
        diagnostics,
    };
    let mut all = vec![default];
    all.extend(sites);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes() -> Vec<String> {
        ["en", "ru", "pt-BR"].map(String::from).to_vec()
    }

    #[test]
    fn a_file_names_its_language_beside_the_original_or_by_its_folder() {
        let codes = codes();
        let cases = [
            ("a/b.md", 0, "a/b.md", 0),
            ("a/b.ru.md", 1, "a/b.md", 1),
            ("a/b.RU.md", 1, "a/b.md", 1),
            ("a/b.en.md", 0, "a/b.md", 1),
            ("ru/a/b.md", 1, "a/b.md", 2),
            ("pt-br/b.md", 2, "b.md", 2),
            ("ru/b.ru.md", 1, "b.md", 1),
            ("a/_index.ru.md", 1, "a/_index.md", 1),
            // Not a language: kept as written.
            ("a/b.v2.md", 0, "a/b.v2.md", 0),
            ("a/.ru.md", 0, "a/.ru.md", 0),
            ("en/b.md", 0, "b.md", 2),
            ("russian/b.md", 0, "russian/b.md", 0),
        ];
        for (path, language, neutral, rank) in cases {
            let placed = place(path, &codes);
            assert_eq!(
                (placed.language, placed.neutral.as_str(), placed.rank),
                (language, neutral, rank),
                "{path}"
            );
        }
    }
}
