//! Where every page of a course in several languages has its translations: each
//! language's tree of pages by language-neutral path (`a/b.md`), and a page's
//! [`Alternate`]s, which its head (`hreflang`), its language switcher and the sitemap
//! list. Made by the link stage once every language's course is linked.

use std::collections::HashMap;

/// Where every page's translations are: per language, in `[languages]` order, its
/// root and its pages by language-neutral path.
#[derive(Debug, Default)]
pub struct Translations {
    pub languages: Vec<LanguageTree>,
    /// Every tree's redirects, in `_redirects`' form (`/old/ /new/ 301`, a line each):
    /// the default tree writes them at the site's root, where hosts read them.
    pub redirects: String,
}

/// One language's tree of pages.
#[derive(Debug)]
pub struct LanguageTree {
    pub code: String,
    /// Its root URL path (`/ru/`).
    pub root: String,
    /// Its absolute base when the site has one (`https://example.com/ru/`).
    pub base: String,
    /// What the language switcher calls it.
    pub name: String,
    /// Language-neutral path -> the page's URL.
    pub urls: HashMap<String, String>,
    /// A page's URL -> its language-neutral path.
    pub paths: HashMap<String, String>,
    /// The pages standing in for a missing translation, by URL -> the index of the
    /// language they are written in.
    pub fallbacks: HashMap<String, usize>,
    /// The course's title in this language.
    pub title: String,
}

/// A page in another language (or in its own), as the page's head and switcher list it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Alternate {
    pub code: String,
    pub name: String,
    /// The page in that language, or that language's home page when it has none.
    pub url: String,
    /// `base_url`'s form of `url` when `base_url` names a site, for `hreflang`.
    pub absolute: Option<String>,
    /// `base_url`'s form of `url` whatever `base_url` is, as the sitemap writes URLs.
    pub from_base: String,
    /// Whether it is the page's own language.
    pub current: bool,
    /// Whether the page exists in that language, written in it (else `url` is its home
    /// page, or the default language's page standing in).
    pub exists: bool,
}

impl Translations {
    /// The trees of the courses of a course in several languages, in their order.
    pub fn of(courses: &[crate::model::Course]) -> Self {
        let languages = courses
            .iter()
            .map(|course| {
                let mut urls = HashMap::new();
                let mut paths = HashMap::new();
                let mut fallbacks = HashMap::new();
                for page in course.pages() {
                    let page = course.page(page);
                    if !page.content_path.is_empty() {
                        urls.insert(page.content_path.clone(), page.url.clone());
                        paths.insert(page.url.clone(), page.content_path.clone());
                    }
                    if let Some(original) = &page.fallback_from {
                        let index = courses
                            .iter()
                            .position(|c| c.config.language == *original)
                            .unwrap_or(0);
                        fallbacks.insert(page.url.clone(), index);
                    }
                }
                let config = &course.config;
                let name = config
                    .languages
                    .0
                    .iter()
                    .find(|(code, _)| *code == config.language)
                    .and_then(|(_, language)| language.name.clone())
                    .unwrap_or_else(|| own_name(&config.language).to_string());
                LanguageTree {
                    code: config.language.clone(),
                    root: course.root.clone(),
                    base: config.absolute_base(),
                    name,
                    urls,
                    paths,
                    fallbacks,
                    title: config.title.clone(),
                }
            })
            .collect();
        let redirects = courses
            .iter()
            .flat_map(|course| &course.redirects)
            .map(|redirect| format!("{} {} 301\n", redirect.from, redirect.to))
            .collect();
        Self {
            languages,
            redirects,
        }
    }

    /// The versions of the page at `url` in the tree of language `own`: a content page
    /// by its neutral path, a page prepress makes by its place under the root.
    pub fn alternates(&self, own: usize, url: &str) -> Vec<Alternate> {
        let Some(tree) = self.languages.get(own) else {
            return Vec::new();
        };
        let path = tree.paths.get(url);
        let under_root = url.strip_prefix(tree.root.as_str());
        self.languages
            .iter()
            .enumerate()
            .map(|(index, other)| {
                let found = match (path, under_root) {
                    (Some(path), _) => other.urls.get(path).cloned(),
                    (None, Some(rest)) => Some(format!("{}{rest}", other.root)),
                    (None, None) => None,
                };
                // A page standing in for a missing translation is not in that language:
                // no `hreflang` names it (the switcher still leads there).
                let exists = found
                    .as_ref()
                    .is_some_and(|url| !other.fallbacks.contains_key(url));
                let url = found.unwrap_or_else(|| other.root.clone());
                let from_base = format!(
                    "{}{}",
                    other.base,
                    url.strip_prefix(other.root.as_str()).unwrap_or(&url)
                );
                Alternate {
                    code: other.code.clone(),
                    name: other.name.clone(),
                    url,
                    absolute: other.base.contains("://").then(|| from_base.clone()),
                    from_base,
                    current: index == own,
                    exists,
                }
            })
            .collect()
    }
}

/// A language's name in itself, for the switcher: the theme's twelve and a few more;
/// else its code.
pub fn own_name(code: &str) -> &str {
    match crate::config::primary_language(code).as_str() {
        "en" => "English",
        "es" => "Español",
        "pt" => "Português",
        "fr" => "Français",
        "de" => "Deutsch",
        "ru" => "Русский",
        "uk" => "Українська",
        "hi" => "हिन्दी",
        "zh" => "中文",
        "ja" => "日本語",
        "ko" => "한국어",
        "ar" => "العربية",
        "he" => "עברית",
        "fa" => "فارسی",
        "it" => "Italiano",
        "pl" => "Polski",
        "tr" => "Türkçe",
        "nl" => "Nederlands",
        "sv" => "Svenska",
        _ => code,
    }
}
