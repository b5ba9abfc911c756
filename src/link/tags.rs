//! Tags: a page's tags (front matter `tags:` and inline `#tags` in its text, as
//! Obsidian reads them) each have a page at `/tags/<tag>/` listing the pages that carry
//! it, and `/tags/` lists them all. A nested tag (`android/gradle`) is listed under its
//! parent: `/tags/android/` shows its own pages and those of each tag below it. Tags are
//! compared without regard to case; a tag is shown as it was first written.

use std::collections::BTreeMap;

use crate::markdown::slug::url_slug;
use crate::model::generated::TAGS_URL;
use crate::model::{Course, LectureId, Tag};

/// A tag as compared, or `None` for one with nothing in it: each level as its URL
/// writes it, so two tags share a page exactly when they share a URL (`Machine
/// Learning` and `machine-learning` are one tag; `C`, `C#` and `C++` stay three, as
/// `c`, `c-sharp` and `c-plus-plus`).
pub fn normalize(tag: &str) -> Option<String> {
    let levels: Vec<String> = tag
        .trim()
        .trim_start_matches('#')
        .split('/')
        .map(|level| level.trim().replace('#', " sharp").replace('+', " plus"))
        // A level of no letters or digits (`🚀`, `---`) has no URL of its own: `url_slug`
        // would name it `page`, one page for all of them.
        .filter(|level| level.chars().any(char::is_alphanumeric))
        .map(|level| url_slug(&level))
        .collect();
    (!levels.is_empty()).then(|| levels.join("/"))
}

/// The URL of a tag's page, from its path as [`normalize`] gives it.
pub fn url(root: &str, path: &str) -> String {
    format!("{root}{TAGS_URL}{path}/")
}

/// Every tag of the course, parents before their children, each level sorted by name.
pub fn all(course: &Course) -> Vec<Tag> {
    // path -> (the whole tag and its last level as first written, own pages)
    let mut found: BTreeMap<String, (String, String, Vec<LectureId>)> = BTreeMap::new();
    let lectures = course
        .sections
        .iter()
        .flat_map(|s| s.lectures.iter().copied());
    for id in lectures {
        for written in &course.lectures[id].page.tags {
            let Some(path) = normalize(written) else {
                continue;
            };
            let shown: Vec<&str> = written
                .trim()
                .trim_start_matches('#')
                .split('/')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // Its parents exist as tags too.
            let levels: Vec<&str> = path.split('/').collect();
            for depth in 1..=levels.len() {
                let prefix = levels[..depth].join("/");
                let whole = if shown.len() == levels.len() {
                    shown[..depth].join("/")
                } else {
                    prefix.clone()
                };
                let name = whole.rsplit('/').next().unwrap_or_default().to_string();
                let entry = found
                    .entry(prefix)
                    .or_insert_with(|| (whole, name, Vec::new()));
                // A page's tags are read together: a page tagged twice is last.
                if depth == levels.len() && entry.2.last() != Some(&id) {
                    entry.2.push(id);
                }
            }
        }
    }
    let mut tags: Vec<Tag> = found
        .into_iter()
        .map(|(path, (shown, name, pages))| Tag {
            url: url(&course.root, &path),
            depth: path.matches('/').count(),
            path,
            shown,
            name,
            pages,
            children: Vec::new(),
        })
        .collect();
    // Sorted by path, a parent comes right before its children ("a" < "a/b" < "ab").
    tags.sort_by(|a, b| a.path.split('/').cmp(b.path.split('/')));
    for at in 0..tags.len() {
        if let Some((parent, _)) = tags[at].path.rsplit_once('/')
            && let Some(parent) = Tag::find(&tags, parent)
        {
            tags[parent].children.push(at);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::course_of;

    #[test]
    fn nested_tags_list_under_their_parents_and_case_does_not_split_a_tag() {
        let (course, _) = course_of(&[
            (
                "s/a.md",
                "---\ntitle: A\ntags: [Android/Gradle, kotlin]\n---\nText.\n",
            ),
            (
                "s/b.md",
                "---\ntitle: B\ntags: [android]\n---\nText with #android/gradle inline.\n",
            ),
            (
                "s/c.md",
                "---\ntitle: C\n---\nNo tags, `#not-in-code`, issue #123, C# here, [[#Setup]], [#not-this](#x).\n\n## Setup\n",
            ),
            (
                "s/d.md",
                "---\ntitle: D\ntags: [kotlin, Kotlin]\n---\nAlso #kotlin here.\n",
            ),
        ]);
        let tags = &course.tags;
        let paths: Vec<&str> = tags.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["android", "android/gradle", "kotlin"]);
        let android = &tags[0];
        assert_eq!(android.name, "Android");
        assert_eq!(android.pages.len(), 1, "B alone is tagged android itself");
        assert_eq!(android.children, [1]);
        assert_eq!(android.count(tags), 3, "B, and A and B under gradle");
        assert_eq!(tags[1].name, "Gradle");
        assert_eq!(tags[1].shown, "Android/Gradle");
        assert_eq!(tags[1].url, "/tags/android/gradle/");
        assert_eq!(tags[1].depth, 1);
        assert_eq!(tags[2].pages.len(), 2, "A, and D once however often");
        assert_eq!(Tag::find(tags, "android/gradle"), Some(1));
        assert_eq!(Tag::find(tags, "kotlin"), Some(2));
        assert_eq!(Tag::find(tags, "android/maven"), None);
    }

    #[test]
    fn a_tag_is_compared_without_hash_case_or_empty_levels() {
        assert_eq!(
            normalize("#Android//Gradle/").as_deref(),
            Some("android/gradle")
        );
        assert_eq!(normalize("  "), None);
        assert_eq!(normalize("#"), None);
        assert_eq!(normalize("🚀"), None, "not the tag `page`");
        assert_eq!(
            normalize("projects/🚀/page").as_deref(),
            Some("projects/page")
        );
    }

    #[test]
    fn tags_that_would_share_a_url_are_one_tag_and_others_keep_theirs() {
        let (course, _) = course_of(&[
            (
                "s/a.md",
                "---\ntitle: A\ntags: [Machine Learning, C, C#]\n---\nText.\n",
            ),
            (
                "s/b.md",
                "---\ntitle: B\ntags: [machine-learning, C++]\n---\nText.\n",
            ),
        ]);
        let urls: Vec<(&str, usize)> = course
            .tags
            .iter()
            .map(|t| (t.url.as_str(), t.pages.len()))
            .collect();
        assert_eq!(
            urls,
            [
                ("/tags/c/", 1),
                ("/tags/c-plus-plus/", 1),
                ("/tags/c-sharp/", 1),
                ("/tags/machine-learning/", 2)
            ]
        );
        assert_eq!(course.tags[3].shown, "Machine Learning", "as first written");
    }
}
