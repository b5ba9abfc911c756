//! Embeds that would show themselves: `![[Note]]` in a note that the embedded note
//! embeds in turn (directly or through others) is a cycle. The page shows such an embed
//! as a link (`render::embeds`); here each is a warning at its `file:line:col`.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::model::{Course, Page};

/// A warning for every embed of a note that leads back to the page embedding it.
pub fn cycles(course: &Course) -> Vec<Diagnostic> {
    let pages: Vec<&Page> = course.every_page().collect();
    let at: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(n, p)| (p.url.as_str(), n))
        .collect();
    // Each page's note embeds: (the embedded page, the embed as written).
    let embeds: Vec<Vec<(usize, &crate::model::LinkRef)>> = pages
        .iter()
        .map(|page| {
            page.link_refs
                .iter()
                .filter(|l| l.wiki && l.is_image)
                .filter_map(|l| {
                    let url = page.links.get(&l.dest)?;
                    let path = url.split('#').next().unwrap_or(url);
                    Some((*at.get(path)?, l))
                })
                .collect()
        })
        .collect();
    let reaches = |from: usize, to: usize| {
        let mut seen = HashSet::new();
        let mut stack = vec![from];
        while let Some(page) = stack.pop() {
            if page == to {
                return true;
            }
            if seen.insert(page) {
                stack.extend(embeds[page].iter().map(|&(next, _)| next));
            }
        }
        false
    };
    let mut warnings = Vec::new();
    for (from, list) in embeds.iter().enumerate() {
        for &(to, link) in list {
            if reaches(to, from) {
                let page = pages[from];
                let message = format!(
                    "`![[{}]]` embeds a note that embeds this page again; shown as a link",
                    link.dest
                );
                warnings.push(
                    Diagnostic::warning(&page.file, "embed-cycle", message)
                        .at(&page.text, page.body_offset + link.offset, link.len)
                        .with_hint("embed one of the two notes in the other, not both ways"),
                );
            }
        }
    }
    warnings
}
