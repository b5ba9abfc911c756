//! Properties of the mojibake repair: it never changes text that has no mojibake, and it
//! undoes the damage of reading UTF-8 as Windows-1252.

use prepress::source::mojibake::{break_text, find, repair};
use proptest::prelude::*;

/// Text as people write it: words with accents, punctuation, symbols, emoji and CJK,
/// between spaces and line breaks.
fn written_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "interview",
        "Amazon",
        "café",
        "naïve",
        "São",
        "Paulo",
        "Ärger",
        "façade",
        "smørrebrød",
        "señor",
        "Straße",
        "ÀÉÎÕÜ",
        "Ãnd",
        "Âge",
        "âme",
        "ðe",
        "“quoted”",
        "‘single’",
        "it’s",
        "—",
        "–",
        "…",
        "→",
        "€50",
        "™",
        "©",
        "2025",
        "90°",
        "½",
        "3×",
        "🚫",
        "🚀",
        "日本語",
        "Жизнь",
        "ωμέγα",
        "Tell",
        "me?",
        "(notes)",
        "#tag",
        "**bold**",
        "`code`",
    ]);
    let separators = prop::sample::select(vec![" ", " ", " ", "\n", ", ", ". "]);
    prop::collection::vec((words, separators), 0..40)
        .prop_map(|pairs| pairs.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

proptest! {
    #[test]
    fn written_text_is_never_changed(text in written_text()) {
        prop_assert_eq!(repair(&text), (text.clone(), 0));
    }

    #[test]
    fn repair_undoes_windows_1252_mojibake(text in written_text()) {
        prop_assert_eq!(repair(&break_text(&text)).0, text);
    }

    #[test]
    fn any_text_without_a_broken_sequence_is_left_alone(text in any::<String>()) {
        prop_assume!(find(&text).is_empty());
        prop_assert_eq!(repair(&text).0, text);
    }
}
