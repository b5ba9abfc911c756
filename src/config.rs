//! `course.toml`: the course's settings. Takes the file's text, gives a checked
//! [`CourseConfig`] or a diagnostic naming the line of the bad key.

use std::path::Path;
use std::sync::Arc;

/// The folder under the course root that holds the Markdown.
pub const CONTENT_DIR: &str = "content";

/// The folder under the course root that holds the course's themes, one folder each.
pub const THEMES_DIR: &str = "themes";

/// The folder under the course root the site is built into, unless told otherwise.
pub const OUTPUT_DIR: &str = "output";

/// The marker and manifest file in every folder prepress writes.
pub const MARKER: &str = ".prepress-output";

/// Hidden files and the temporary files editors leave behind.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// A relative path with `/` between its parts, whatever the platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The name of the file that marks a folder as a course.
pub const CONFIG_FILE: &str = "course.toml";

/// What `course.toml` says. Only `title` is required.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CourseConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub links: LinkPolicy,
    /// Targets for the story lint.
    #[serde(default)]
    pub stories: StoryTargets,
    /// Build the client-side search index and the `/search/` page (on unless `false`).
    #[serde(default = "default_true")]
    pub search: bool,
    /// The colours of highlighted code.
    #[serde(default)]
    pub highlight: HighlightThemes,
    /// Follow symbolic links in `content/` that lead outside the course folder (off:
    /// such a link is skipped with a warning, so nothing from elsewhere is published).
    #[serde(default)]
    pub follow_links_outside: bool,
    /// Files and folders under `content/` to leave out, as globs relative to it
    /// (`_templates/**`, `*.excalidraw.md`; a pattern without `/` matches a name at any
    /// depth).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Make `/unresolved/`, the notes wiki links name that do not exist yet, with the
    /// pages that link to each (when there are any; on unless `false`).
    #[serde(default = "default_true")]
    pub unresolved_page: bool,
    /// More words that head a Q&A note's question and answer, beside the built-in ones
    /// of the languages the default theme speaks.
    #[serde(default)]
    pub qa_headings: QaHeadings,
    /// Each page lists the pages that link to it, under "Linked from" (on unless `false`).
    #[serde(default = "default_true")]
    pub backlinks: bool,
    /// Hovering or focusing a link to another page shows a card of it (on unless `false`).
    #[serde(default = "default_true")]
    pub link_previews: bool,
    /// Each page shows the pages linked with it as a small graph (on unless `false`).
    #[serde(default = "default_true")]
    pub local_graph: bool,
    /// Give each tag a page at `/tags/<tag>/`, and `/tags/` (on unless `false`; off, a
    /// page's tags are shown as text).
    #[serde(default = "default_true")]
    pub tag_pages: bool,
    /// The theme's interface strings changed for this course (`"pager.next" = "Onward"`,
    /// or `[strings.pager]` and `next = "Onward"`), in the course's language.
    #[serde(default)]
    pub strings: toml::Table,
    /// Make `/graph/`, the whole course's link graph (on unless `false`).
    #[serde(default = "default_true")]
    pub graph_page: bool,
    /// Read `==text==` as a cloze deletion, as the Obsidian Spaced Repetition plugin can
    /// (off unless `true`: `==` is also plain highlighting).
    #[serde(default)]
    pub highlight_clozes: bool,
    /// Offer the bank and the cards as an Anki deck (`course.apkg`) on `/practice/` (on
    /// unless `false`).
    #[serde(default = "default_true")]
    pub anki_deck: bool,
    /// Write an Atom feed of the dated lectures at the root (`atom.xml`) and one per
    /// section, linked from every page's head (on unless `false`).
    #[serde(default = "default_true")]
    pub feeds: bool,
    /// Write `llms.txt` at the root and a Markdown copy of each page beside its HTML
    /// (`index.html.md`), for AI tools (on unless `false`).
    #[serde(default = "default_true")]
    pub llms_txt: bool,
    /// Draw each page's link card (`card.png`, the picture shown beside a shared link)
    /// when `base_url` is a full URL (on unless `false`).
    #[serde(default = "default_true")]
    pub link_cards: bool,
    /// The print pages: `"sections"` (a print page per top-level section), `"course"`
    /// (the whole course on one), or `false` (none); unset, one page unless the course
    /// is large, then one per section.
    #[serde(default)]
    pub print: Print,
    /// Over HTTP(S), let the site be installed and read offline after a first visit: a
    /// web app manifest and a service worker (on unless `false`).
    #[serde(default = "default_true")]
    pub offline: bool,
    /// Where the course's files live on a forge (`https://github.com/me/course`): each
    /// page then links to its file under "Edit this page".
    #[serde(default)]
    pub repository: Option<String>,
    /// The branch the edit links open (`main` unless said).
    #[serde(default = "default_branch")]
    pub repository_branch: String,
    /// The course folder's path inside the repository (found from git when the course
    /// is in a checkout, else the repository's root).
    #[serde(default)]
    pub repository_folder: Option<String>,
    /// The edit link of a forge prepress does not know, with `{repository}`,
    /// `{branch}` and `{path}` in it (GitHub, GitLab, Codeberg, Gitea and Forgejo,
    /// Bitbucket are known).
    #[serde(default)]
    pub edit_url: Option<String>,
    /// The languages the course is written in, `[languages.ru]` and so on, in the
    /// order written: the first is the default, at the site's root; each other one has
    /// its own tree of URLs under its code (`/ru/…`). Empty for a course in one
    /// language (`language`).
    #[serde(default)]
    pub languages: Languages,
    /// For one language's copy of a course in several: the `base_url` of the whole
    /// site (this copy's `base_url` ends in its language's folder).
    #[serde(skip)]
    pub site_base_url: Option<String>,
}

/// `[languages.CODE]`: one language of a course in several, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Languages(pub Vec<(String, Language)>);

/// One language of a course in several.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Language {
    /// The course's title in this language (else the top-level `title`).
    pub title: Option<String>,
    /// Its description in this language (else the top-level `description`).
    pub description: Option<String>,
    /// What the language switcher calls it (else the theme's name for it, in itself).
    pub name: Option<String>,
    /// Interface strings changed for this language, as the top-level `[strings]` does
    /// for the default one.
    pub strings: toml::Table,
}

impl<'de> Deserialize<'de> for Languages {
    /// A table read in the order it is written: the first language is the default.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> serde::de::Visitor<'de> for InOrder {
            type Value = Languages;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of languages, `[languages.ru]` with `title = \"…\"`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Languages, A::Error> {
                let mut languages = Vec::new();
                while let Some((code, language)) = map.next_entry::<String, Language>()? {
                    languages.push((code, language));
                }
                Ok(Languages(languages))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// Whether `code` reads as a language tag prepress can make a folder of: two or three
/// letters, then subtags of letters and digits after `-` (`ru`, `pt-BR`, `zh-Hant`).
fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// `print` in `course.toml`: how the course is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Print {
    /// One page, or one per top-level section when the course is large.
    #[default]
    Auto,
    /// One page per top-level section.
    Sections,
    /// The whole course on one page.
    Course,
    /// No print pages.
    Off,
}

impl<'de> Deserialize<'de> for Print {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Choice;
        impl serde::de::Visitor<'_> for Choice {
            type Value = Print;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"sections\", \"course\" or false")
            }
            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Print, E> {
                Ok(if on { Print::Auto } else { Print::Off })
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Print, E> {
                match value {
                    "sections" => Ok(Print::Sections),
                    "course" => Ok(Print::Course),
                    other => Err(E::custom(format!(
                        "`print` is \"sections\", \"course\" or false, not \"{other}\""
                    ))),
                }
            }
        }
        deserializer.deserialize_any(Choice)
    }
}

/// `[qa_headings]`: words a Q&A note's headings use for its question and its answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct QaHeadings {
    pub question: Vec<String>,
    pub answer: Vec<String>,
}

/// The syntax themes highlighted code is coloured with: one for light pages, one under
/// `prefers-color-scheme: dark`, by the names two-face gives its embedded themes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HighlightThemes {
    pub light: String,
    pub dark: String,
}

impl Default for HighlightThemes {
    fn default() -> Self {
        Self {
            light: "InspiredGitHub".to_string(),
            dark: "Nord".to_string(),
        }
    }
}

/// The syntax theme of that name (names are compared without regard to case).
pub fn syntax_theme(name: &str) -> Option<two_face::theme::EmbeddedThemeName> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|theme| theme.as_name().eq_ignore_ascii_case(name))
}

/// A language tag's primary language, lower case: `pt` of `pt-BR`, `zh` of `zh_Hans`.
pub fn primary_language(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// How long a spoken STAR answer should be, for the story lint.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoryTargets {
    pub words_per_minute: f64,
    pub min_minutes: f64,
    pub max_minutes: f64,
}

impl Default for StoryTargets {
    fn default() -> Self {
        Self {
            words_per_minute: 130.0,
            min_minutes: 1.0,
            max_minutes: 3.0,
        }
    }
}

/// Whether a broken internal link fails the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    #[default]
    Warn,
    Error,
}

fn default_true() -> bool {
    true
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_branch() -> String {
    "main".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_language() -> String {
    "en".to_string()
}

/// The matcher of `course.toml`'s `ignore` globs: `*` stays within one folder, `**`
/// crosses them, and a pattern without `/` matches a file or folder name at any depth.
pub fn ignore_set(patterns: &[String]) -> Result<globset::GlobSet, String> {
    let mut set = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let anywhere = if pattern.contains('/') {
            pattern.trim_start_matches('/').to_string()
        } else {
            format!("**/{pattern}")
        };
        let glob = globset::GlobBuilder::new(&anywhere)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("`ignore` pattern `{pattern}` does not read: {e}"))?;
        set.add(glob);
    }
    set.build()
        .map_err(|e| format!("`ignore` does not read: {e}"))
}

impl CourseConfig {
    /// Parses `course.toml`'s text; `file` names it in the diagnostic.
    pub fn parse(file: &Path, text: &str) -> Result<Self, Diagnostic> {
        let config: CourseConfig = toml::from_str(text).map_err(|error| {
            let source: Arc<str> = Arc::from(text);
            let message = error.message().to_string();
            let diagnostic = Diagnostic::error(file, "config", message);
            match error.span() {
                Some(span) => diagnostic.at(&source, span.start, span.len()),
                None => diagnostic,
            }
        })?;
        for name in [&config.highlight.light, &config.highlight.dark] {
            if syntax_theme(name).is_none() {
                let names: Vec<&str> = two_face::theme::EmbeddedLazyThemeSet::theme_names()
                    .iter()
                    .map(|theme| theme.as_name())
                    .collect();
                let source: Arc<str> = Arc::from(text);
                let diagnostic = Diagnostic::error(
                    file,
                    "config",
                    format!("unknown syntax theme `{name}` in [highlight]"),
                )
                .with_hint(format!("choose one of: {}", names.join(", ")));
                // The value as written under [highlight], in either kind of quotes.
                let table = text.find("[highlight]").unwrap_or(0);
                let found = [format!("\"{name}\""), format!("'{name}'")]
                    .into_iter()
                    .find_map(|quoted| {
                        let at = text[table..].find(&quoted)?;
                        Some((table + at, quoted.len()))
                    });
                return Err(match found {
                    Some((offset, len)) => diagnostic.at(&source, offset, len),
                    None => diagnostic,
                });
            }
        }
        if let Err(error) = ignore_set(&config.ignore) {
            return Err(Diagnostic::error(file, "config", error).with_hint(
                "`ignore` takes globs such as \"_templates/**\" or \"*.excalidraw.md\"",
            ));
        }
        let QaHeadings { question, answer } = &config.qa_headings;
        if question
            .iter()
            .chain(answer)
            .any(|word| word.trim().is_empty())
        {
            return Err(Diagnostic::error(
                file,
                "config",
                "`qa_headings` holds an empty word: it would make every heading a question or an answer",
            ));
        }
        if config.title.trim().is_empty() {
            return Err(Diagnostic::error(
                file,
                "config",
                "`title` must not be empty",
            ));
        }
        if config.repository.is_some() && config.edit_pattern().is_none() {
            let source: Arc<str> = Arc::from(text);
            let at = text.find("repository").unwrap_or(0);
            return Err(Diagnostic::error(
                file,
                "config",
                "prepress does not know how this forge links to a file's editor",
            )
            .at(&source, at, "repository".len())
            .with_hint(
                "add `edit_url = \"https://forge.example/{repository}/edit/{branch}/{path}\"` \
                 with the forge's own pattern",
            ));
        }
        let mut config = config;
        config.check_languages(file, text)?;
        Ok(config)
    }

    /// Whether pages get link cards: on, and with a full `base_url` for `og:image` to
    /// name them by (`render::link_cards`).
    pub fn draws_link_cards(&self) -> bool {
        self.link_cards && self.base_url.contains("://")
    }

    /// The edit link's pattern, with `{repository}`, `{branch}` and `{path}` to fill:
    /// `edit_url` when given, else the known forge's, else `None`.
    pub fn edit_pattern(&self) -> Option<String> {
        if let Some(pattern) = &self.edit_url {
            return Some(pattern.clone());
        }
        let repository = self.repository.as_deref()?;
        let host = repository
            .split("://")
            .nth(1)?
            .split('/')
            .next()?
            .to_ascii_lowercase();
        let pattern = if host == "github.com" {
            "{repository}/edit/{branch}/{path}"
        } else if host.starts_with("gitlab.") {
            "{repository}/-/edit/{branch}/{path}"
        } else if host == "codeberg.org"
            || host.starts_with("gitea.")
            || host.starts_with("forgejo.")
        {
            "{repository}/_edit/{branch}/{path}"
        } else if host == "bitbucket.org" {
            "{repository}/src/{branch}/{path}?mode=edit"
        } else {
            return None;
        };
        Some(pattern.to_string())
    }

    /// The link that edits the file at `path` (relative to the course folder), when the
    /// course names its repository.
    pub fn edit_link(&self, path: &str) -> Option<String> {
        let pattern = self.edit_pattern()?;
        let repository = self.repository.as_deref().unwrap_or_default();
        let folder = self.repository_folder.as_deref().unwrap_or_default();
        let path = match folder.trim_matches('/') {
            "" => path.to_string(),
            folder => format!("{folder}/{path}"),
        };
        // Each byte a URL path cannot hold as it is, percent-encoded (`a b.md`, `é`).
        let mut encoded = String::with_capacity(path.len());
        for byte in path.bytes() {
            if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
                encoded.push(byte as char);
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        Some(
            pattern
                .replace("{repository}", repository.trim_end_matches('/'))
                .replace("{branch}", &self.repository_branch)
                .replace("{path}", &encoded),
        )
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn root_path(&self) -> String {
        root_path_of(&self.base_url)
    }

    /// `base_url` with exactly one trailing `/`, for absolute URLs (sitemap).
    pub fn absolute_base(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The path of the whole site's root: [`root_path`](Self::root_path), or for one
    /// language's copy of a course in several, the root above its language's folder.
    pub fn site_root_path(&self) -> String {
        root_path_of(self.site_base_url.as_deref().unwrap_or(&self.base_url))
    }

    /// `[languages]` read: codes that make folders, no code twice (in any case), and
    /// `language`, when written too, naming the first. Sets `language` to the first.
    fn check_languages(&mut self, file: &Path, text: &str) -> Result<(), Diagnostic> {
        let Some((first, _)) = self.languages.0.first() else {
            return Ok(());
        };
        let error = |message: String| Diagnostic::error(file, "config", message);
        let mut seen: Vec<String> = Vec::new();
        for (code, _) in &self.languages.0 {
            if !is_language_code(code) {
                return Err(error(format!(
                    "`[languages.{code}]`: `{code}` is not a language code"
                ))
                .with_hint("use a code such as `en`, `ru`, `pt-BR` or `zh-Hant`"));
            }
            let folder = code.to_ascii_lowercase();
            if seen.contains(&folder) {
                return Err(error(format!("`[languages]` names `{code}` twice")));
            }
            seen.push(folder);
        }
        let written = toml::from_str::<toml::Table>(text).ok().and_then(|table| {
            table
                .get("language")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        });
        if let Some(language) = written
            && !language.eq_ignore_ascii_case(first)
        {
            return Err(error(format!(
                "`language = \"{language}\"` but the first of `[languages]` is `{first}`: the first language is the default one"
            ))
            .with_hint("remove `language`, or list its table first"));
        }
        self.language = first.clone();
        Ok(())
    }

    /// The codes of a course in several languages, the default first (empty for one).
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.0.iter().map(|(code, _)| code.as_str())
    }

    /// The copy of this config for one of its languages (not the default): its title,
    /// description and strings, and a `base_url` under the language's folder.
    pub fn for_language(&self, code: &str) -> Self {
        let language = self
            .languages
            .0
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        let mut copy = self.clone();
        copy.site_base_url = Some(self.base_url.clone());
        copy.base_url = format!("{}{}/", self.absolute_base(), language_folder(code));
        copy.language = code.to_string();
        copy.title = language.title.unwrap_or_else(|| self.title.clone());
        copy.description = language
            .description
            .unwrap_or_else(|| self.description.clone());
        copy.strings = language.strings;
        copy
    }

    /// The default language's own settings, where `[languages]` gives them.
    pub fn for_default_language(&self) -> Self {
        let mut copy = self.clone();
        if let Some((_, language)) = self.languages.0.first() {
            if let Some(title) = &language.title {
                copy.title = title.clone();
            }
            if let Some(description) = &language.description {
                copy.description = description.clone();
            }
            for (key, value) in &language.strings {
                copy.strings.insert(key.clone(), value.clone());
            }
            copy.site_base_url = Some(self.base_url.clone());
        }
        copy
    }
}

/// The path part of a `base_url`, always starting and ending with `/`.
fn root_path_of(base_url: &str) -> String {
    let after_scheme = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
    };
    let trimmed = after_scheme.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// The folder (and URL segment) of a language's pages: its code in lower case (`pt-br`).
pub fn language_folder(code: &str) -> String {
    code.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_title_is_required() {
        let config = CourseConfig::parse(Path::new("course.toml"), "title = \"X\"\n").unwrap();
        assert_eq!(config.base_url, "/");
        assert_eq!(config.theme, "default");
        assert_eq!(config.links, LinkPolicy::Warn);
    }

    #[test]
    fn an_empty_qa_heading_word_is_an_error() {
        let error = CourseConfig::parse(
            Path::new("course.toml"),
            "title = \"X\"\n[qa_headings]\nquestion = [\"Q\", \" \"]\n",
        )
        .unwrap_err();
        assert!(
            error.message.contains("`qa_headings` holds an empty word"),
            "{error:?}"
        );
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let text = "title = \"X\"\ntitel = \"Y\"\n";
        let error = CourseConfig::parse(Path::new("course.toml"), text).unwrap_err();
        assert!(error.message.contains("titel"), "{}", error.message);
        assert_eq!(error.line, 2);
    }

    #[test]
    fn story_targets_are_configurable() {
        let text = "title = \"X\"\n[stories]\nmax_minutes = 2.5\n";
        let config = CourseConfig::parse(Path::new("course.toml"), text).unwrap();
        assert_eq!(config.stories.max_minutes, 2.5);
        assert_eq!(config.stories.words_per_minute, 130.0);
    }

    #[test]
    fn syntax_themes_are_checked_by_name() {
        let text = "title = \"X\"\n[highlight]\ndark = \"dracula\"\n";
        let config = CourseConfig::parse(Path::new("course.toml"), text).unwrap();
        assert_eq!(config.highlight.light, "InspiredGitHub");
        assert!(syntax_theme(&config.highlight.dark).is_some());
        let text = "title = \"Sunset\"\n[highlight]\nlight = 'Sunset'\n";
        let error = CourseConfig::parse(Path::new("course.toml"), text).unwrap_err();
        assert!(error.message.contains("`Sunset`"), "{}", error.message);
        assert_eq!(error.line, 3, "the value under [highlight], not the title");
        assert!(error.hint.unwrap().contains("Solarized (light)"));
    }

    #[test]
    fn root_path_from_base_url() {
        let mut config = CourseConfig::parse(Path::new("c"), "title = \"X\"").unwrap();
        for (base, root) in [
            ("/", "/"),
            ("https://example.com", "/"),
            ("https://example.com/prep/", "/prep/"),
            ("/prep", "/prep/"),
        ] {
            config.base_url = base.to_string();
            assert_eq!(config.root_path(), root, "{base}");
        }
    }
}
