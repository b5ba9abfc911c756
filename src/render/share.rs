//! What a course gives to be shared and followed, beside its pages: Atom feeds of its
//! dated lectures (one for the course, one per section), `llms.txt` and each page's
//! Markdown for AI tools, and the redirect pages that keep a moved page's old URLs
//! working (with `_redirects` for hosts that read it).
//!
//! A feed lists a section's lectures (its subsections' included) that have a date, the
//! front matter's `date` else the day their file was last committed, newest first, at
//! most [`FEED_ENTRIES`]. Atom wants absolute ids: with an absolute `base_url` they are
//! the pages' URLs; with a bare path (the default `/`) they are `urn:uuid:`s made from
//! the course's title and the page's path, which stay the same from build to build.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::markdown::slug::content_hash;
use crate::model::generated::{MARKDOWN_COPY, feed_date, feed_lectures, feed_urls, output_path};
use crate::model::{Course, Lecture, SectionId};
use crate::render::{Renderer, SiteFiles, escape_xml as escape};

impl Renderer<'_> {
    /// Every feed of the course, by output path.
    pub(super) fn feeds(&self) -> SiteFiles {
        let course = self.course;
        feed_urls(course)
            .into_par_iter()
            .map(|(section, url)| {
                let xml = self.feed(section, &url);
                (output_path(&course.root, &url), xml.into_bytes())
            })
            .collect()
    }

    fn feed(&self, section: SectionId, feed_url: &str) -> String {
        let course = self.course;
        let config = &course.config;
        let absolute = config.base_url.contains("://");
        let base = config.absolute_base();
        let to_absolute = |url: &str| -> String {
            let relative = url.strip_prefix(course.root.as_str()).unwrap_or(url);
            format!("{base}{relative}")
        };
        let id_of = |url: &str| -> String {
            if absolute {
                to_absolute(url)
            } else {
                uuid_urn(&config.title, url)
            }
        };
        let lectures = feed_lectures(course, section);
        let updated = lectures
            .iter()
            .filter_map(|lecture| lecture.page.updated.as_deref().or(feed_date(lecture)))
            .max()
            .unwrap_or("1970-01-01");
        let home = &course.sections[section].page;
        let title = if section == SectionId::HOME {
            config.title.clone()
        } else {
            format!("{} · {}", home.title, config.title)
        };
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"");
        if absolute {
            xml.push_str(&format!(" xml:base=\"{}\"", escape(&base)));
        }
        xml.push_str(&format!(" xml:lang=\"{}\">\n", escape(&config.language)));
        xml.push_str(&format!("  <title>{}</title>\n", escape(&title)));
        let subtitle = if section == SectionId::HOME {
            config.description.as_str()
        } else {
            home.description.as_str()
        };
        if !subtitle.is_empty() {
            xml.push_str(&format!("  <subtitle>{}</subtitle>\n", escape(subtitle)));
        }
        xml.push_str(&format!("  <id>{}</id>\n", escape(&id_of(feed_url))));
        let (self_href, home_href) = if absolute {
            (to_absolute(feed_url), to_absolute(&home.url))
        } else {
            (feed_url.to_string(), home.url.clone())
        };
        xml.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(&self_href)
        ));
        xml.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&home_href)
        ));
        xml.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n  <generator>prepress</generator>\n",
            escape(&config.title)
        ));
        for lecture in lectures {
            let page = &lecture.page;
            let href = if absolute {
                to_absolute(&page.url)
            } else {
                page.url.clone()
            };
            let published = feed_date(lecture).unwrap_or("1970-01-01");
            let updated = page.updated.as_deref().unwrap_or(published).max(published);
            xml.push_str("  <entry>\n");
            xml.push_str(&format!("    <title>{}</title>\n", escape(&page.title)));
            xml.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(&href)
            ));
            xml.push_str(&format!("    <id>{}</id>\n", escape(&id_of(&page.url))));
            xml.push_str(&format!(
                "    <published>{}</published>\n",
                timestamp(published)
            ));
            xml.push_str(&format!("    <updated>{}</updated>\n", timestamp(updated)));
            if !page.description.is_empty() {
                xml.push_str(&format!(
                    "    <summary>{}</summary>\n",
                    escape(&page.description)
                ));
            }
            for tag in &page.tags {
                xml.push_str(&format!(
                    "    <category term=\"{}\"/>\n",
                    escape(tag.trim_start_matches('#'))
                ));
            }
            xml.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                escape(&self.content_html(page))
            ));
            xml.push_str("  </entry>\n");
        }
        xml.push_str("</feed>\n");
        xml
    }

    /// `llms.txt`: the course's title, its description, and each section's pages with
    /// one line each, linking their Markdown copies.
    pub(super) fn llms_txt(&self) -> String {
        let course = self.course;
        let config = &course.config;
        let mut text = format!("# {}\n\n", one_line(&config.title));
        if !config.description.is_empty() {
            text.push_str(&format!("> {}\n\n", one_line(&config.description)));
        }
        let mut by_section: BTreeMap<usize, Vec<&Lecture>> = BTreeMap::new();
        for &id in &course.reading_order {
            let lecture = &course.lectures[id];
            by_section
                .entry(lecture.section.0)
                .or_default()
                .push(lecture);
        }
        for (section, lectures) in by_section {
            let section = &course.sections[section].page;
            text.push_str(&format!("## {}\n\n", one_line(&section.title)));
            for lecture in lectures {
                let page = &lecture.page;
                text.push_str(&format!(
                    "- [{}]({}{MARKDOWN_COPY})",
                    one_line(&page.title).replace(['[', ']'], ""),
                    page.url
                ));
                if !page.description.is_empty() {
                    text.push_str(&format!(": {}", one_line(&page.description)));
                }
                text.push('\n');
            }
            text.push('\n');
        }
        text
    }
}

impl Renderer<'_> {
    /// Each redirect's page at its old URL (it leads on at once, and says where to, for
    /// a reader whose browser does not), and at the site's root `_redirects`, which
    /// Netlify and Cloudflare Pages answer with a 301 before any page is read.
    pub(super) fn redirects(&self) -> SiteFiles {
        let course = self.course;
        let mut files = SiteFiles::new();
        let base = course.config.absolute_base();
        let mut list = String::new();
        for redirect in &course.redirects {
            let from_dir = &redirect.from[..redirect.from.rfind('/').map_or(0, |slash| slash + 1)];
            let to_relative = match super::relative::relative(from_dir, &redirect.to) {
                to if to.is_empty() => "./".to_string(),
                to => to,
            };
            let canonical = format!(
                "{base}{}",
                redirect
                    .to
                    .strip_prefix(course.root.as_str())
                    .unwrap_or(&redirect.to)
            );
            let mut context = tera::Context::new();
            context.insert("site", &self.site);
            context.insert(
                "redirect",
                &serde_json::json!({ "to": to_relative, "canonical": canonical }),
            );
            match self.theme.render("redirect.html", &context) {
                Ok(html) => {
                    files.insert(output_path(&course.root, &redirect.from), html.into_bytes());
                }
                Err(error) => eprintln!("warning: {}", error.message),
            }
            list.push_str(&format!("{} {} 301\n", redirect.from, redirect.to));
        }
        if course.language == 0 {
            let mut every = list;
            if let Some(translations) = &course.translations {
                every = translations.redirects.clone();
            }
            if !every.is_empty() {
                files.insert(
                    crate::model::generated::REDIRECTS_FILE.into(),
                    every.into_bytes(),
                );
            }
        }
        files
    }
}

/// The files that let the site be installed and read offline, made from the theme's
/// static files (`assets`, by output path): the web app manifest, its icon, and the
/// service worker. The worker keeps the theme's stylesheets and scripts from its install
/// on, and each page as it is visited; it asks the network first, so a new build's page
/// replaces the kept one on the next visit online, and answers from what it kept when
/// the network fails. Its cache of assets is named by their hash: a build that changes
/// them installs a new worker, which drops the old assets (the pages stay).
pub fn offline_files(course: &Course, assets: &SiteFiles) -> SiteFiles {
    let config = &course.config;
    let mut files = SiteFiles::new();
    let kept: Vec<&String> = assets
        .keys()
        .filter(|path| path.ends_with(".css") || path.ends_with(".js"))
        .collect();
    let mut hashed = Vec::new();
    for path in &kept {
        hashed.extend_from_slice(path.as_bytes());
        hashed.extend_from_slice(&assets[*path]);
    }
    let version = format!("{:016x}", content_hash(&hashed));
    let list = serde_json::to_string(&kept).unwrap_or_else(|_| "[]".to_string());
    let worker = OFFLINE_WORKER
        .replace("\"{version}\"", &format!("\"{version}\""))
        .replace("[/* assets */]", &list);
    files.insert("sw.js".into(), worker.into_bytes());
    let short: String = config.title.chars().take(12).collect();
    let manifest = serde_json::json!({
        "name": config.title,
        "short_name": short.trim(),
        "description": config.description,
        "lang": config.language,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cad",
        "icons": [{ "src": "static/icon.svg", "sizes": "any", "type": "image/svg+xml" }],
    });
    files.insert(
        "manifest.webmanifest".into(),
        serde_json::to_vec_pretty(&manifest).unwrap_or_default(),
    );
    files
}

/// The service worker; `offline_files` fills in its version and its assets.
const OFFLINE_WORKER: &str = r#"// Made by prepress: keeps this site's pages for reading offline. The theme's
// stylesheets and scripts are kept when the worker installs, each page when it is
// visited; the network is asked first, so a rebuilt page replaces the kept one.
const VERSION = "{version}";
const ASSETS = [/* assets */];
const SCOPE = self.registration.scope;
const ASSET_CACHE = `prepress-assets-${VERSION}-${SCOPE}`;
const PAGE_CACHE = `prepress-pages-${SCOPE}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(ASSET_CACHE)
      .then((cache) => cache.addAll(ASSETS.map((path) => new URL(path, SCOPE).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("prepress-assets-") && name.endsWith(SCOPE) && name !== ASSET_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === "basic") {
          const copy = response.clone();
          const name = ASSETS.some((path) => new URL(path, SCOPE).href === request.url) ? ASSET_CACHE : PAGE_CACHE;
          event.waitUntil(caches.open(name).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(() =>
        caches.match(request, { ignoreSearch: true }).then((kept) => kept || Response.error()),
      ),
  );
});
"#;

/// `moved.js`: each moved page's old key and new key (their paths under the tree's
/// root), for study.js to carry the learner's reading marks over; `None` when no page
/// moved.
pub fn moved_script(course: &Course) -> Option<String> {
    if course.redirects.is_empty() {
        return None;
    }
    let key = |url: &str| {
        url.strip_prefix(course.root.as_str())
            .unwrap_or(url)
            .to_string()
    };
    let moved: BTreeMap<String, String> = course
        .redirects
        .iter()
        .map(|redirect| (key(&redirect.from), key(&redirect.to)))
        .collect();
    let json = serde_json::to_string(&moved).unwrap_or_else(|_| "{}".to_string());
    Some(format!(
        "// Made by prepress: the pages that moved, old key -> new key.\nwindow.prepressMoved = {json};\n"
    ))
}

/// A page's Markdown copy: its title as a heading, its description, its body as
/// written (front matter left out).
pub fn markdown_copy(page: &crate::model::Page) -> Vec<u8> {
    let mut text = format!("# {}\n\n", one_line(&page.title));
    if !page.description.is_empty() {
        text.push_str(&format!("> {}\n\n", one_line(&page.description)));
    }
    text.push_str(page.body().trim_start_matches(['\n', '\r']));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.into_bytes()
}

/// A `urn:uuid:` that names `url` in the course titled `title`, the same every build.
fn uuid_urn(title: &str, url: &str) -> String {
    let first = content_hash(format!("{title}\u{0}{url}").as_bytes());
    let second = content_hash(format!("{url}\u{0}{title}").as_bytes());
    let hex = format!("{first:016x}{second:016x}");
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A day as an Atom date: its midnight in UTC.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
