//! The tag pages: `/tags/` lists every tag of the course with how many pages carry it
//! (nested tags indented under their parents), and `/tags/<tag>/` lists the pages
//! tagged with it, then, for each tag below it, that tag's pages (see `link::tags`).

use std::borrow::Cow;

use serde::Serialize;

use super::{Card, Link, PageBase, Rendered, Renderer, to_value};
use crate::diagnostic::Diagnostic;
use crate::model::Tag;
use crate::model::generated::TAGS_URL;

#[derive(Serialize)]
struct TagLink<'a> {
    name: &'a str,
    /// The whole tag, `android/gradle`.
    path: &'a str,
    url: &'a str,
    depth: usize,
    /// Pages with it or a tag below it.
    count: usize,
}

#[derive(Serialize)]
struct TagsPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    tags: Vec<TagLink<'a>>,
}

#[derive(Serialize)]
struct TagGroup<'a> {
    tag: TagLink<'a>,
    pages: Vec<Card<'a>>,
}

#[derive(Serialize)]
struct TagPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    tag: TagLink<'a>,
    pages: Vec<Card<'a>>,
    /// Each tag below it, at any depth, with its own pages.
    narrower: Vec<TagGroup<'a>>,
}

impl<'a> Renderer<'a> {
    fn tag_link(&self, tag: &'a Tag) -> TagLink<'a> {
        TagLink {
            name: &tag.name,
            path: &tag.shown,
            url: &tag.url,
            depth: tag.depth,
            count: tag.count(&self.course.tags),
        }
    }

    /// `/tags/`.
    pub(super) fn tags_page(&self) -> Result<Rendered<'a>, Diagnostic> {
        let url = format!("{}{TAGS_URL}", self.course.root);
        let context = TagsPage {
            base: self.made_page("tags", self.say("tags.title"), Cow::Owned(url.clone())),
            tags: self
                .course
                .tags
                .iter()
                .map(|tag| self.tag_link(tag))
                .collect(),
        };
        Ok(Rendered {
            template: "tags.html",
            url,
            page: to_value(&context)?,
            nav: self.nav(None, None, None),
        })
    }

    /// `/tags/<tag>/`.
    pub(super) fn tag_page(&self, at: usize) -> Result<Rendered<'a>, Diagnostic> {
        let tags = &self.course.tags;
        let tag = &tags[at];
        let cards = |tag: &'a Tag| {
            tag.pages
                .iter()
                .map(|&id| self.card(id))
                .collect::<Vec<_>>()
        };
        // The tags below it, depth first, each after its parent.
        let mut narrower = Vec::new();
        let mut below: Vec<usize> = tag.children.iter().rev().copied().collect();
        while let Some(child) = below.pop() {
            let child_tag = &tags[child];
            below.extend(child_tag.children.iter().rev().copied());
            narrower.push(TagGroup {
                tag: self.tag_link(child_tag),
                pages: cards(child_tag),
            });
        }
        let mut base = self.made_page("tags", &tag.shown, Cow::Owned(tag.url.clone()));
        base.kind = "tag";
        // Home, then the tags above it (the template links to all tags).
        let mut path = String::new();
        for level in tag.path.split('/').take(tag.depth) {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(level);
            if let Some(parent) = Tag::find(tags, &path).map(|at| &tags[at]) {
                base.breadcrumbs.push(Link {
                    title: &parent.name,
                    url: &parent.url,
                });
            }
        }
        let context = TagPage {
            base,
            tag: self.tag_link(tag),
            pages: cards(tag),
            narrower,
        };
        Ok(Rendered {
            template: "tag.html",
            url: tag.url.clone(),
            page: to_value(&context)?,
            nav: self.nav(None, None, None),
        })
    }
}
