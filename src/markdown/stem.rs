//! Stemming for search: a word's inflected forms share one term (`interviewing` and
//! `interviews` are `interview`; `собеседования` and `собеседование` are `собеседован`),
//! by the Snowball algorithm of the course's language, applied to the index here and to
//! the query by the theme's port of the same algorithm (`static/stem-<language>.js`),
//! which a test compares with this one word by word.
//!
//! A word is stemmed lower-cased and with its accents, before they are dropped: the
//! algorithms read them (Spanish `-ación`, French `-ément`).

use rust_stemmers::{Algorithm, Stemmer};

/// The languages whose words are stemmed, by primary language tag, with their
/// algorithms: those of the theme's twelve that Snowball has a stemmer for.
const ALGORITHMS: [(&str, Algorithm); 7] = [
    ("ar", Algorithm::Arabic),
    ("de", Algorithm::German),
    ("en", Algorithm::English),
    ("es", Algorithm::Spanish),
    ("fr", Algorithm::French),
    ("pt", Algorithm::Portuguese),
    ("ru", Algorithm::Russian),
];

/// The stemmer of a language tag's language (`pt-BR`: Portuguese), if it has one.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    let primary = crate::config::primary_language(language);
    ALGORITHMS
        .iter()
        .find(|(code, _)| *code == primary)
        .map(|&(_, algorithm)| Stemmer::create(algorithm))
}

/// The code of the theme's stemmer script for a language tag (`ru` for `ru-RU`), when
/// its language is stemmed.
pub fn script_language(language: &str) -> Option<&'static str> {
    let primary = crate::config::primary_language(language);
    ALGORITHMS
        .iter()
        .find(|(code, _)| *code == primary)
        .map(|&(code, _)| code)
}

/// Every stemmed language's code.
pub fn languages() -> impl Iterator<Item = &'static str> {
    ALGORITHMS.iter().map(|&(code, _)| code)
}
