//! Interface strings: the words a theme shows that are not the course's own (navigation,
//! buttons, labels, its scripts' messages) come from a table per language,
//! `i18n/<language>.toml` in the theme, so a course in Russian reads "Далее" where one in
//! English reads "Next". The default theme brings tables for a dozen languages; a
//! course's theme folder can add a language or change any string of one
//! (`themes/<name>/i18n/<language>.toml`, string by string), and `course.toml`'s
//! `[strings]` changes any string for the course's own language. A string with no text
//! in the language is shown in English, and `check` lists those.
//!
//! Templates read the strings as `t` (`{{ t.pager.next }}`); scripts read the `script`
//! table from `static/strings.js`, which sets `window.prepressStrings`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;

/// The language every string has a text in: the table that names the keys.
pub const FALLBACK: &str = "en";

/// What `static/strings.js` gives the scripts besides the strings: `prepressText(key,
/// {name: value})` and `prepressCount(key, n, {name: value})`, which picks a count's form
/// with the page language's plural rules, as [`Strings::count`] does.
const SCRIPT_HELPERS: &str = r#"window.prepressText = (key, values = {}) => {
  let text = window.prepressStrings[key] ?? key;
  for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(value);
  return text;
};
window.prepressCount = (key, n, values = {}) => {
  const form = new Intl.PluralRules(document.documentElement.lang || "en").select(n);
  const strings = window.prepressStrings;
  const text = strings[`counts.${key}.${form}`] ?? strings[`counts.${key}.other`] ?? key;
  return Object.entries({ n, ...values })
    .reduce((out, [name, value]) => out.split(`{${name}}`).join(value), text);
};
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
    /// The table the course's language was found as (`pt` for `pt-BR`), if any.
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
        match primary(table).as_str() {
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
    /// The strings for `language`, with `overrides` (course.toml's `[strings]`) on top.
    /// A table that does not read, or an override of a string no table has, is an error.
    pub fn load(
        tables: &Tables,
        language: &str,
        overrides: &toml::Table,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut read = |table: Option<&Table>| -> BTreeMap<String, String> {
            table.map_or_else(BTreeMap::new, |table| match flat(table) {
                Ok(texts) => texts,
                Err(error) => {
                    errors.push(error);
                    BTreeMap::new()
                }
            })
        };
        let english = read(tables.built_in.get(FALLBACK));
        let english_here = read(tables.course.get(FALLBACK));
        let table = table_for(language, tables);
        let (own, own_here) = match &table {
            Some(name) => (
                read(tables.built_in.get(name)),
                read(tables.course.get(name)),
            ),
            None => (BTreeMap::new(), BTreeMap::new()),
        };
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
        let mut texts = english;
        texts.extend(english_here);
        let known = texts.clone();
        let mut missing = Vec::new();
        for key in known.keys() {
            // A count's forms are one string: a language has the forms it needs.
            let translated = match plural_group(key) {
                Some(group) => [&own, &own_here, &overridden]
                    .iter()
                    .any(|texts| texts.keys().any(|k| plural_group(k) == Some(group))),
                None => {
                    own.contains_key(key)
                        || own_here.contains_key(key)
                        || overridden.contains_key(key)
                }
            };
            if !translated && table.as_deref() != Some(FALLBACK) {
                missing.push(key.clone());
            }
        }
        texts.extend(own);
        texts.extend(own_here);
        for (key, text) in overridden {
            if known.contains_key(&key) || texts.contains_key(&key) {
                texts.insert(key, text);
            } else {
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
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        missing.dedup_by(|a, b| plural_group(a).is_some() && plural_group(a) == plural_group(b));
        let missing = missing
            .into_iter()
            .map(|key| plural_group(&key).map_or(key.clone(), str::to_string))
            .collect();
        Ok(Self {
            texts,
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

    /// `static/strings.js`: the `script` table and the counts (`counts.results.one`),
    /// for the theme's scripts, with the language their forms are chosen by.
    pub fn script(&self) -> String {
        let script: BTreeMap<&str, &str> = self
            .texts
            .iter()
            .filter_map(|(key, text)| {
                let name = key
                    .strip_prefix("script.")
                    .or_else(|| key.starts_with("counts.").then_some(key.as_str()))?;
                Some((name, text.as_str()))
            })
            .collect();
        let json = serde_json::to_string(&script).unwrap_or_else(|_| "{}".to_string());
        format!("window.prepressStrings = {json};\n{SCRIPT_HELPERS}")
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
                    primary(language)
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

/// The table a language's strings are in: its whole tag (`pt-br`), else its primary
/// language (`pt`), but never simplified Chinese for traditional (`zh-Hant`, `zh-TW`).
fn table_for(language: &str, tables: &Tables) -> Option<String> {
    let has = |name: &str| tables.built_in.contains_key(name) || tables.course.contains_key(name);
    let whole = language.trim().to_ascii_lowercase().replace('_', "-");
    if has(&whole) {
        return Some(whole);
    }
    let traditional = ["zh-hant", "zh-tw", "zh-hk", "zh-mo"]
        .iter()
        .any(|tag| whole.starts_with(tag));
    let primary = primary(&whole);
    (!traditional && has(&primary)).then_some(primary)
}

/// A language tag's primary language, lower case (`pt` of `pt-BR`).
fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or(language)
        .trim()
        .to_ascii_lowercase()
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
        assert_eq!(
            load("ar").count("counts.pages", 2),
            "2 صفحة",
            "`other` when a form is not given"
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
    fn scripts_get_the_script_table_and_templates_every_table() {
        let tables = tables(
            &[(
                "en",
                "[script]\nno_results = \"No results\"\n[pager]\nnext = \"Next\"\n",
            )],
            &[],
        );
        let strings = Strings::load(&tables, "en", &toml::Table::new()).unwrap();
        assert!(
            strings
                .script()
                .starts_with("window.prepressStrings = {\"no_results\":\"No results\"};\n")
        );
        assert_eq!(strings.count("counts.x", 2), "counts.x", "no such count");
        assert_eq!(strings.for_templates()["pager"]["next"], "Next");
    }
}
