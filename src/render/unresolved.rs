//! `/unresolved/`: the notes the course's wiki links name that do not exist yet, each
//! with the pages that link to it, which is what a vault owner wants to see: the notes
//! still to write. Made only when there are some, unless `unresolved_page = false`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::{Link, PageBase, Rendered, Renderer, to_value};
use crate::diagnostic::Diagnostic;
use crate::model::generated::UNRESOLVED_URL;

#[derive(Serialize)]
struct MissingNote<'a> {
    /// The name as the first link wrote it.
    name: &'a str,
    linked_from: Vec<Link<'a>>,
}

#[derive(Serialize)]
struct UnresolvedPage<'a> {
    #[serde(flatten)]
    base: PageBase<'a>,
    notes: Vec<MissingNote<'a>>,
}

impl<'a> Renderer<'a> {
    pub(super) fn unresolved_page(&self) -> Result<Rendered<'a>, Diagnostic> {
        let course = self.course;
        // By name without regard to case, sorted; pages in course order.
        let mut notes: BTreeMap<String, MissingNote<'a>> = BTreeMap::new();
        let pages = course.every_page();
        for page in pages {
            for name in &page.missing_notes {
                let note = notes
                    .entry(name.to_lowercase())
                    .or_insert_with(|| MissingNote {
                        name,
                        linked_from: Vec::new(),
                    });
                note.linked_from.push(Link {
                    title: &page.title,
                    url: &page.url,
                });
            }
        }
        let url = format!("{}{UNRESOLVED_URL}", course.root);
        let context = UnresolvedPage {
            base: self.made_page(
                "unresolved",
                self.say("unresolved.title"),
                Cow::Owned(url.clone()),
            ),
            notes: notes.into_values().collect(),
        };
        Ok(Rendered {
            template: "unresolved.html",
            url,
            page: to_value(&context)?,
            nav: self.nav(None, None, None),
        })
    }
}
