//! Interface strings: the words a theme shows that are not the course's own (navigation,
//! buttons, labels, its scripts' messages) come from a table per language,
//! `i18n/<language>.toml` in the theme, so a course in Russian reads "Далее" where one in
//! English reads "Next". The default theme brings tables for a dozen languages; a
//! course's theme folder can add a language or change any string of one
//! (`themes/<name>/i18n/<language>.toml`, string by string), and `course.toml`'s
//! `[strings]` changes any string for the course's own language. A string with no text
//! in the language is shown in English, and `check` lists those.
//!
//! Templates read the strings as `t` (`{{ t.pager.next }}`); scripts read every string by
//! its key from `static/strings.js`, which sets `window.prepressStrings` and the table's
//! language, `window.prepressLocale`, for `Intl`'s dates and numbers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::primary_language;
use crate::diagnostic::Diagnostic;

/// The language every string has a text in: the table that names the keys.
pub const FALLBACK: &str = "en";

/// What `static/strings.js` gives the scripts besides the strings: `prepressText(key,
/// {name: value})` and `prepressCount(key, n, {name: value})`, which picks a count's form
/// by the plural rules of the table the strings came from (`prepressLocale`), as
/// [`Strings::count`] does. A table named by no language `Intl` knows reads as English's
/// locale, so a script may hand `prepressLocale` to `Intl` as it is.
const SCRIPT_HELPERS: &str = r#"try { Intl.getCanonicalLocales(window.prepressLocale); } catch { window.prepressLocale = "en"; }
window.prepressText = (key, values = {}) =>
  Object.entries(values).reduce(
    (text, [name, value]) => text.split(`{${name}}`).join(value),
    window.prepressStrings[key] ?? key);
(() => {
  let rules;
  try { rules = new Intl.PluralRules(window.prepressLocale); } catch { rules = new Intl.PluralRules("en"); }
  window.prepressCount = (key, n, values = {}) => {
    const form = `counts.${key}.${rules.select(n)}`;
    return window.prepressText(form in window.prepressStrings ? form : `counts.${key}.other`, { n, ...values });
  };
})();
"#;

/// One language's table as a theme holds it, and the file it came from.
#[derive(Debug, Clone)]
pub struct Table {
    pub origin: PathBuf,
    pub text: String,
}

/// The tables a theme holds: the built-in ones, and the course's theme folder's, which
/// change the built-in ones string by string. By language, as the file names it.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub built_in: BTreeMap<String, Table>,
    pub course: BTreeMap<String, Table>,
}

/// The strings of one course, in its language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// `table.key` -> the text the course shows.
    texts: BTreeMap<String, String>,
    /// The keys with no text in the course's language, shown in English.
    pub missing: Vec<String>,
    /// The narrowest table of the course's language (`pt` for `pt-BR`, `pt-br` when there
    /// is one), if any.
    pub table: Option<String>,
    /// How the language chooses the form of a count.
    plural: PluralRule,
}

/// The plural forms a count's string has, by Unicode CLDR's names.
const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The count a key is a form of: `counts.lectures` of `counts.lectures.few`.
fn plural_group(key: &str) -> Option<&str> {
    let (group, form) = key.rsplit_once('.')?;
    (group.starts_with("counts.") && PLURAL_FORMS.contains(&form)).then_some(group)
}

/// How a language picks the form of a whole number, after Unicode CLDR's plural rules
/// for the languages the default theme speaks (as `Intl.PluralRules` does in scripts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum PluralRule {
    /// `one` for 1, else `other` (English, German, Spanish and most others).
    #[default]
    OneOther,
    /// `one` for 0 and 1 (French, Portuguese, Hindi).
    ZeroOneOther,
    /// `one`, `few`, `many` by the last digits (Russian, Ukrainian).
    EastSlavic,
    /// `zero`, `one`, `two`, `few`, `many`, `other` (Arabic).
    Arabic,
    /// `other` only (Chinese, Japanese, Korean).
    Other,
}

impl PluralRule {
    fn of(table: &str) -> Self {
        match primary_language(table).as_str() {
            "fr" | "pt" | "hi" => Self::ZeroOneOther,
            "ru" | "uk" | "be" => Self::EastSlavic,
            "ar" => Self::Arabic,
            "zh" | "ja" | "ko" | "th" | "vi" | "id" => Self::Other,
            _ => Self::OneOther,
        }
    }

    fn form(self, n: i64) -> &'static str {
        let n = n.unsigned_abs();
        let (ten, hundred) = (n % 10, n % 100);
        match self {
            Self::OneOther if n == 1 => "one",
            Self::ZeroOneOther if n <= 1 => "one",
            Self::EastSlavic if ten == 1 && hundred != 11 => "one",
            Self::EastSlavic if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) => "few",
            Self::EastSlavic => "many",
            Self::Arabic => match (n, hundred) {
                (0, _) => "zero",
                (1, _) => "one",
                (2, _) => "two",
                (_, 3..=10) => "few",
                (_, 11..=99) => "many",
                _ => "other",
            },
            _ => "other",
        }
    }
}

impl Strings {
    /// The strings for `language`: English, then the language's own tables from the
    /// broadest to the narrowest (`pt`, then `pt-br`), each the built-in one then the
    /// course's theme folder's, then `overrides` (course.toml's `[strings]`). A layer
    /// that gives a count's forms replaces every form of it in another language, so a
    /// count never mixes two. A table that does not read, a count left without its
    /// `other` form, or an override of a string no table has, is an error.
    pub fn load(
        tables: &Tables,
        language: &str,
        overrides: &toml::Table,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let chain = tables_for(language, tables);
        let in_english = chain.is_empty() && primary_language(language) == FALLBACK
            || chain.first().is_some_and(|name| name == FALLBACK);
        // Each layer: its strings, where they come from, and whether they are in the
        // course's language.
        let mut layers: Vec<(BTreeMap<String, String>, PathBuf, bool)> = Vec::new();
        let english = std::iter::once(FALLBACK).chain(chain.iter().map(String::as_str));
        for (n, name) in english.enumerate() {
            if n > 0 && name == FALLBACK {
                continue;
            }
            for table in [tables.built_in.get(name), tables.course.get(name)]
                .into_iter()
                .flatten()
            {
                match flat(table) {
                    Ok(texts) => layers.push((texts, table.origin.clone(), n > 0 || in_english)),
                    Err(error) => errors.push(error),
                }
            }
        }
        let mut overridden = BTreeMap::new();
        flatten_into("", overrides, &mut overridden, &mut |key| {
            errors.push(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    "config",
                    format!("`strings.{key}` is not text: an interface string is a string"),
                )
                .with_hint("write it in quotes, as `key = \"text\"`"),
            );
        });
        // key -> (text, in the course's language)
        let mut texts: BTreeMap<String, (String, bool)> = BTreeMap::new();
        let merge = |texts: &mut BTreeMap<String, (String, bool)>,
                     layer: BTreeMap<String, String>,
                     own: bool| {
            let counts: BTreeSet<String> = layer
                .keys()
                .filter_map(|key| plural_group(key).map(str::to_string))
                .collect();
            texts.retain(|key, (_, was_own)| {
                *was_own == own || plural_group(key).is_none_or(|group| !counts.contains(group))
            });
            texts.extend(layer.into_iter().map(|(key, text)| (key, (text, own))));
        };
        // Each count and the file that last gave a form of it, to name in an error.
        let mut count_origins: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut note_counts = |layer: &BTreeMap<String, String>, origin: &Path| {
            for group in layer.keys().filter_map(|key| plural_group(key)) {
                count_origins.insert(group.to_string(), origin.to_path_buf());
            }
        };
        for (layer, origin, own) in layers {
            note_counts(&layer, &origin);
            merge(&mut texts, layer, own);
        }
        let known: BTreeSet<String> = texts.keys().cloned().collect();
        let counts: BTreeSet<&str> = known.iter().filter_map(|k| plural_group(k)).collect();
        let (accepted, unknown): (BTreeMap<String, String>, BTreeMap<String, String>) =
            overridden.into_iter().partition(|(key, _)| {
                known.contains(key) || plural_group(key).is_some_and(|group| counts.contains(group))
            });
        for key in unknown.keys() {
            errors.push(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    "config",
                    format!("`strings.{key}` is not a string the theme shows"),
                )
                .with_hint(format!(
                    "the theme's strings and their keys are in its i18n/{FALLBACK}.toml"
                )),
            );
        }
        note_counts(&accepted, Path::new(crate::config::CONFIG_FILE));
        merge(&mut texts, accepted, true);
        for (group, origin) in count_origins {
            if !texts.contains_key(&format!("{group}.other")) {
                errors.push(Diagnostic::error(
                    origin,
                    "theme",
                    format!("`{group}` has no `other` form: every count needs one"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut missing: Vec<String> = texts
            .iter()
            .filter(|(_, (_, own))| !own)
            .map(|(key, _)| plural_group(key).unwrap_or(key).to_string())
            .collect();
        missing.dedup();
        let table = chain.last().cloned();
        Ok(Self {
            texts: texts
                .into_iter()
                .map(|(key, (text, _))| (key, text))
                .collect(),
            missing,
            plural: PluralRule::of(table.as_deref().unwrap_or(FALLBACK)),
            table,
        })
    }

    /// `n` counted with the count `key` (`counts.lectures`): the form the language uses
    /// for `n` (`{n} лекции`), else its `other` form, with `{n}` made the number.
    pub fn count(&self, key: &str, n: i64) -> String {
        let form = self.plural.form(n);
        let text = self
            .texts
            .get(&format!("{key}.{form}"))
            .or_else(|| self.texts.get(&format!("{key}.other")))
            .map_or(key, String::as_str);
        text.replace("{n}", &n.to_string())
    }

    /// The text of `key` (`pager.next`), or the key itself when no table has it.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// `html` from the Markdown stage, whose names for screen readers (a table's box, a
    /// task's box, a diagram's kind) it writes in English, with those names in the
    /// course's language. The Markdown stage knows no theme; these are its markup,
    /// written in `markdown::render` and `markdown::diagram`.
    pub fn name_markup(&self, html: String) -> String {
        const NAMES: [(&str, &str, &str); 12] = [
            ("role=\"region\" aria-label=\"", "Table", "markdown.table"),
            ("disabled checked aria-label=\"", "Done", "markdown.task"),
            ("disabled aria-label=\"", "Done", "markdown.task"),
            (
                "role=\"img\" aria-label=\"",
                "Flowchart",
                "markdown.flowchart",
            ),
            (
                "role=\"img\" aria-label=\"",
                "Sequence diagram",
                "markdown.sequence_diagram",
            ),
            (
                "role=\"img\" aria-label=\"",
                "Class diagram",
                "markdown.class_diagram",
            ),
            (
                "role=\"img\" aria-label=\"",
                "State diagram",
                "markdown.state_diagram",
            ),
            (
                "role=\"img\" aria-label=\"",
                "Entity relationship diagram",
                "markdown.er_diagram",
            ),
            (
                "role=\"img\" aria-label=\"",
                "Gantt chart",
                "markdown.gantt_chart",
            ),
            (
                "role=\"img\" aria-label=\"",
                "Mind map",
                "markdown.mind_map",
            ),
            (
                "role=\"img\" aria-label=\"",
                "Pie chart",
                "markdown.pie_chart",
            ),
            ("role=\"img\" aria-label=\"", "Diagram", "markdown.diagram"),
        ];
        if !html.contains("aria-label=\"") {
            return html;
        }
        let mut html = html;
        for (before, english, key) in NAMES {
            let own = self.get(key);
            if own == english {
                continue;
            }
            // The name whole (`…="Table"`) or as a diagram's kind (`…="Flowchart: Ask"`).
            for after in ["\"", ": "] {
                let from = format!("{before}{english}{after}");
                if html.contains(&from) {
                    let to = format!("{before}{}{after}", super::escape_xml(own));
                    html = html.replace(&from, &to);
                }
            }
        }
        html
    }

    /// The strings as templates read them: one map per table (`t.pager.next`).
    pub fn for_templates(&self) -> BTreeMap<&str, BTreeMap<&str, &str>> {
        let mut nested: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
        for (key, text) in &self.texts {
            if let Some((table, name)) = key.split_once('.') {
                nested.entry(table).or_default().insert(name, text);
            }
        }
        nested
    }

    /// `static/strings.js`: every string by its key (`script.search_none`,
    /// `counts.results.one`), for the theme's scripts, and the table whose language
    /// picks a count's form.
    pub fn script(&self) -> String {
        let script = &self.texts;
        let json = serde_json::to_string(&script).unwrap_or_else(|_| "{}".to_string());
        let locale = self.table.as_deref().unwrap_or(FALLBACK);
        format!(
            "window.prepressStrings = {json};\nwindow.prepressLocale = \"{}\";\n{SCRIPT_HELPERS}",
            locale.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "")
        )
    }

    /// The warning `check` gives when strings have no text in the course's language.
    pub fn gaps(&self, language: &str) -> Option<Diagnostic> {
        if self.missing.is_empty() {
            return None;
        }
        let (message, hint) = match &self.table {
            None => (
                format!(
                    "the theme has no interface strings in `{language}`: pages show its {} \
                     buttons, labels and messages in English",
                    self.missing.len()
                ),
                format!(
                    "add themes/<theme>/i18n/{}.toml with the keys of the theme's \
                     i18n/{FALLBACK}.toml, or give them in course.toml under [strings]",
                    primary_language(language)
                ),
            ),
            Some(table) => (
                format!(
                    "{} interface strings have no `{table}` text and are shown in English: {}",
                    self.missing.len(),
                    self.missing.join(", ")
                ),
                format!(
                    "give them in themes/<theme>/i18n/{table}.toml or in course.toml under \
                     [strings]"
                ),
            ),
        };
        Some(
            Diagnostic::warning(crate::config::CONFIG_FILE, "missing-string", message)
                .with_hint(hint),
        )
    }
}

/// The tables a language's strings are in, broadest first: its primary language's
/// (`pt`) and its whole tag's (`pt-br`), those that exist; traditional Chinese (`zh-Hant`,
/// `zh-TW`) never reads simplified Chinese's `zh`.
fn tables_for(language: &str, tables: &Tables) -> Vec<String> {
    let has = |name: &str| tables.built_in.contains_key(name) || tables.course.contains_key(name);
    let whole = language.trim().to_ascii_lowercase().replace('_', "-");
    let traditional = ["zh-hant", "zh-tw", "zh-hk", "zh-mo"]
        .iter()
        .any(|tag| whole.starts_with(tag));
    let primary = primary_language(&whole);
    let mut chain = Vec::new();
    if !traditional && has(&primary) {
        chain.push(primary.clone());
    }
    if whole != primary && has(&whole) {
        chain.push(whole);
    }
    chain
}

/// A table's strings by `table.key`.
fn flat(table: &Table) -> Result<BTreeMap<String, String>, Diagnostic> {
    let parsed: toml::Table = toml::from_str(&table.text).map_err(|error| {
        let source: Arc<str> = Arc::from(table.text.as_str());
        let diagnostic = Diagnostic::error(&table.origin, "theme", error.message().to_string());
        match error.span() {
            Some(span) => diagnostic.at(&source, span.start, span.len()),
            None => diagnostic,
        }
    })?;
    let mut texts = BTreeMap::new();
    let mut wrong = None;
    flatten_into("", &parsed, &mut texts, &mut |key| {
        wrong.get_or_insert_with(|| key.to_string());
    });
    match wrong {
        Some(key) => Err(Diagnostic::error(
            &table.origin,
            "theme",
            format!("`{key}` is not text: an interface string is a string"),
        )),
        None => Ok(texts),
    }
}

/// `table`'s strings into `texts` by their dotted keys under `prefix`; `not_text` is told
/// of any value that is neither a string nor a table.
fn flatten_into(
    prefix: &str,
    table: &toml::Table,
    texts: &mut BTreeMap<String, String>,
    not_text: &mut dyn FnMut(&str),
) {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::String(text) => {
                texts.insert(key, text.clone());
            }
            toml::Value::Table(inner) => flatten_into(&key, inner, texts, not_text),
            _ => not_text(&key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table {
            origin: PathBuf::from("i18n/x.toml"),
            text: text.to_string(),
        }
    }

    fn tables(built_in: &[(&str, &str)], course: &[(&str, &str)]) -> Tables {
        let map = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(name, text)| (name.to_string(), table(text)))
                .collect()
        };
        Tables {
            built_in: map(built_in),
            course: map(course),
        }
    }

    #[test]
    fn a_string_comes_from_the_course_then_its_theme_then_the_built_in_table_then_english() {
        let tables = tables(
            &[
                (
                    "en",
                    "[pager]\nnext = \"Next\"\nprevious = \"Previous\"\n[menu]\nopen = \"Menu\"\n",
                ),
                ("ru", "[pager]\nnext = \"Далее\"\nprevious = \"Назад\"\n"),
            ],
            &[("ru", "[pager]\nprevious = \"Раньше\"\n")],
        );
        let overrides: toml::Table = toml::from_str("\"pager.next\" = \"Вперёд\"").unwrap();
        let strings = Strings::load(&tables, "ru-RU", &overrides).unwrap();
        assert_eq!(strings.get("pager.next"), "Вперёд", "course.toml first");
        assert_eq!(
            strings.get("pager.previous"),
            "Раньше",
            "then the theme folder"
        );
        assert_eq!(strings.get("menu.open"), "Menu", "English when none has it");
        assert_eq!(strings.missing, ["menu.open"]);
        assert_eq!(strings.table.as_deref(), Some("ru"));
        let gaps = strings.gaps("ru-RU").unwrap();
        assert!(gaps.message.contains("menu.open"), "{}", gaps.message);
        let english = Strings::load(&tables, "en-GB", &toml::Table::new()).unwrap();
        assert!(english.missing.is_empty() && english.gaps("en-GB").is_none());
    }

    #[test]
    fn a_count_takes_the_form_its_language_uses_for_the_number() {
        let tables = tables(
            &[
                (
                    "en",
                    "[counts.pages]\none = \"{n} page\"\nother = \"{n} pages\"\n",
                ),
                (
                    "ru",
                    "[counts.pages]\none = \"{n} страница\"\nfew = \"{n} страницы\"\nmany = \"{n} страниц\"\nother = \"{n} страницы\"\n",
                ),
                ("zh", "[counts.pages]\nother = \"{n} 页\"\n"),
                ("ar", "[counts.pages]\nother = \"{n} صفحة\"\n"),
            ],
            &[],
        );
        let none = toml::Table::new();
        let load = |language| Strings::load(&tables, language, &none).unwrap();
        let english = load("en");
        assert_eq!(english.count("counts.pages", 1), "1 page");
        assert_eq!(english.count("counts.pages", 0), "0 pages");
        let russian = load("ru");
        let forms: Vec<String> = [1, 3, 5, 11, 21, 22, 112]
            .iter()
            .map(|&n| russian.count("counts.pages", n))
            .collect();
        assert_eq!(
            forms,
            [
                "1 страница",
                "3 страницы",
                "5 страниц",
                "11 страниц",
                "21 страница",
                "22 страницы",
                "112 страниц"
            ]
        );
        assert!(russian.missing.is_empty(), "{:?}", russian.missing);
        let chinese = load("zh");
        assert_eq!(
            chinese.count("counts.pages", 1),
            "1 页",
            "one form for every number"
        );
        assert!(chinese.missing.is_empty(), "{:?}", chinese.missing);
        let arabic = load("ar");
        assert_eq!(
            arabic.count("counts.pages", 2),
            "2 صفحة",
            "`other` when a form is not given"
        );
        assert_eq!(
            arabic.count("counts.pages", 1),
            "1 صفحة",
            "never English's `one` beside Arabic's `other`"
        );
    }

    #[test]
    fn a_regional_table_changes_its_language_s_table_and_a_count_needs_its_other_form() {
        let tables = tables(
            &[
                (
                    "en",
                    "[a]\nb = \"B\"\nc = \"C\"\n[counts.x]\none = \"{n} x\"\nother = \"{n} xs\"\n",
                ),
                (
                    "pt",
                    "[a]\nb = \"Bê\"\nc = \"Cê\"\n[counts.x]\nother = \"{n} xis\"\n",
                ),
            ],
            &[
                ("pt-br", "[a]\nc = \"Cê do Brasil\"\n"),
                ("en-gb", "[a]\nb = \"Bee\"\n"),
            ],
        );
        let none = toml::Table::new();
        let brazil = Strings::load(&tables, "pt-BR", &none).unwrap();
        assert_eq!(
            brazil.get("a.b"),
            "Bê",
            "the language's table under the region's"
        );
        assert_eq!(brazil.get("a.c"), "Cê do Brasil");
        assert!(brazil.missing.is_empty(), "{:?}", brazil.missing);
        assert_eq!(brazil.table.as_deref(), Some("pt-br"));
        let british = Strings::load(&tables, "en-GB", &none).unwrap();
        assert_eq!(british.get("a.b"), "Bee");
        assert!(
            british.missing.is_empty(),
            "English is English: {:?}",
            british.missing
        );
        let no_other: toml::Table = toml::from_str("\"counts.x.one\" = \"{n} coisa\"").unwrap();
        let portugal = Strings::load(&tables, "pt", &no_other).unwrap();
        assert_eq!(
            portugal.count("counts.x", 1),
            "1 coisa",
            "a form the table lacks"
        );
        let swedish = toml::from_str("\"counts.x.one\" = \"{n} sak\"").unwrap();
        let errors = Strings::load(&tables, "sv", &swedish).unwrap_err();
        assert!(
            errors[0].message.contains("`counts.x` has no `other` form"),
            "{errors:?}"
        );
    }

    #[test]
    fn traditional_chinese_does_not_read_the_simplified_table() {
        let tables = tables(
            &[("en", "[a]\nb = \"B\"\n"), ("zh", "[a]\nb = \"乙\"\n")],
            &[],
        );
        let none = toml::Table::new();
        let simplified = Strings::load(&tables, "zh-CN", &none).unwrap();
        assert_eq!(simplified.get("a.b"), "乙");
        let traditional = Strings::load(&tables, "zh-Hant-TW", &none).unwrap();
        assert_eq!(traditional.get("a.b"), "B");
        assert!(traditional.table.is_none());
        let gaps = traditional.gaps("zh-Hant-TW").unwrap();
        assert!(
            gaps.message
                .contains("no interface strings in `zh-Hant-TW`")
        );
    }

    #[test]
    fn an_unknown_or_non_text_string_is_an_error_naming_it() {
        let tables = tables(&[("en", "[a]\nb = \"B\"\n")], &[("fr", "[a]\nb = 3\n")]);
        let typo: toml::Table = toml::from_str("[a]\nc = \"C\"\n").unwrap();
        let errors = Strings::load(&tables, "en", &typo).unwrap_err();
        assert!(errors[0].message.contains("`strings.a.c`"), "{errors:?}");
        let errors = Strings::load(&tables, "fr", &toml::Table::new()).unwrap_err();
        assert!(
            errors[0].message.contains("`a.b` is not text"),
            "{errors:?}"
        );
    }

    #[test]
    fn the_names_markdown_gives_screen_readers_are_in_the_course_s_language() {
        let tables = tables(
            &[
                (
                    "en",
                    "[markdown]\ntable = \"Table\"\ntask = \"Done\"\nflowchart = \"Flowchart\"\n",
                ),
                (
                    "ru",
                    "[markdown]\ntable = \"Таблица\"\ntask = \"Выполнено\"\nflowchart = \"Блок-схема\"\n",
                ),
            ],
            &[],
        );
        let none = toml::Table::new();
        let body = "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] one\n- [ ] two\n";
        let html = crate::markdown::render(body, &[], &Default::default(), "");
        let html = format!(
            "{html}<figure class=\"diagram\" role=\"img\" aria-label=\"Flowchart: Ask, Table\">"
        );
        let russian = Strings::load(&tables, "ru", &none)
            .unwrap()
            .name_markup(html.clone());
        assert!(
            russian.contains("role=\"region\" aria-label=\"Таблица\""),
            "{russian}"
        );
        assert!(russian.contains("disabled checked aria-label=\"Выполнено\""));
        assert!(russian.contains("disabled aria-label=\"Выполнено\""));
        assert!(
            russian.contains("aria-label=\"Блок-схема: Ask, Table\""),
            "the kind, not the labels: {russian}"
        );
        assert!(!russian.contains("\"Table\"") && !russian.contains("\"Done\""));
        let english = Strings::load(&tables, "en", &none)
            .unwrap()
            .name_markup(html.clone());
        assert_eq!(english, html);
    }

    #[test]
    fn scripts_and_templates_get_every_string() {
        let tables = tables(
            &[(
                "en",
                "[script]\nno_results = \"No results\"\n[pager]\nnext = \"Next\"\n",
            )],
            &[],
        );
        let strings = Strings::load(&tables, "en", &toml::Table::new()).unwrap();
        assert!(
            strings.script().starts_with(
                "window.prepressStrings = {\"pager.next\":\"Next\",\"script.no_results\":\"No results\"};\n"
            ),
            "{}",
            strings.script()
        );
        assert_eq!(strings.count("counts.x", 2), "counts.x", "no such count");
        assert_eq!(strings.for_templates()["pager"]["next"], "Next");
    }
}
