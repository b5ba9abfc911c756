//! Link previews' data: for every page, its title, description and first paragraph as
//! text, in `previews/N.js` files that `static/preview.js` reads when a reader hovers
//! or focuses a link to the page. A page's file is chosen by a hash of its URL (relative
//! to the course root), so a page fetches the one small file its link needs. They are
//! scripts, like the search index, so they load from `file://` too.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::SiteFiles;
use crate::model::generated::PREVIEWS_FOLDER;
use crate::model::{Course, Page};

/// About how many pages a file holds.
const PAGES_PER_FILE: usize = 64;

/// The most characters of a page's first paragraph a preview shows.
const TEXT_CHARS: usize = 280;

/// How many preview files a course has: a power of two, so the page's script and this
/// agree on the file of a URL.
pub fn file_count(course: &Course) -> usize {
    let pages = course.sections.len() + course.lectures.len();
    (pages / PAGES_PER_FILE).max(1).next_power_of_two()
}

/// The file a URL's preview is in (FNV-1a over its bytes, as `preview.js` computes it).
pub fn file_of(path: &str, files: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in path.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % files
}

/// The preview files.
pub fn files(course: &Course) -> SiteFiles {
    let count = file_count(course);
    let mut shards: Vec<BTreeMap<&str, (&str, &str, String)>> = vec![BTreeMap::new(); count];
    let pages = course.every_page();
    // Each page's first paragraph, on all threads (reading it is the cost).
    let pages: Vec<&Page> = pages.collect();
    let read: Vec<(&str, (&str, &str, String))> = pages
        .par_iter()
        .map(|page| {
            let path = page
                .url
                .strip_prefix(course.root.as_str())
                .unwrap_or(&page.url);
            (
                path,
                (
                    page.title.as_str(),
                    page.description.as_str(),
                    first_paragraph(page),
                ),
            )
        })
        .collect();
    for (path, preview) in read {
        shards[file_of(path, count)].insert(path, preview);
    }
    shards
        .into_par_iter()
        .enumerate()
        .map(|(number, shard)| {
            let json = serde_json::to_string(&shard).unwrap_or_else(|_| "{}".to_string());
            (
                format!("{PREVIEWS_FOLDER}{number}.js"),
                format!("prepressPreviews({number},{json});\n").into_bytes(),
            )
        })
        .collect()
}

/// Where [`first_paragraph`] first looks: the blank line at or after this many bytes.
const OPENING_BYTES: usize = 1024;

/// The page's first paragraph as text, cut at a word past [`TEXT_CHARS`].
fn first_paragraph(page: &Page) -> String {
    // The parser reads a whole text's blocks before its first event, so the opening
    // is read first. A paragraph there is the same as in the whole text unless it
    // uses a reference defined further on, which leaves brackets in its text.
    let body = page.body();
    let opening = body
        .get(OPENING_BYTES..)
        .and_then(|rest| rest.find("\n\n"))
        .map_or(body, |at| &body[..OPENING_BYTES + at]);
    let text = crate::markdown::first_paragraph(opening);
    let text = if opening.len() == body.len() || !(text.is_empty() || text.contains('[')) {
        text
    } else {
        crate::markdown::first_paragraph(body)
    };
    crate::markdown::cut_at_word(&text, TEXT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::course_of;

    fn data(bytes: &[u8], number: usize) -> serde_json::Value {
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text
            .strip_prefix(&format!("prepressPreviews({number},"))
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_page_is_in_the_file_its_url_hashes_to() {
        let (course, _) = course_of(&[
            (
                "s/a.md",
                "---\ntitle: A\ndescription: About A\n---\n# A\n\nFirst *words* of A.\n\nSecond.\n",
            ),
            ("s/b.md", "---\ntitle: B\n---\n> [!NOTE] x\n\nB's text.\n"),
        ]);
        let files = files(&course);
        let count = file_count(&course);
        assert_eq!(files.len(), count);
        let url = course
            .lectures
            .iter()
            .find(|l| l.page.title == "A")
            .unwrap()
            .page
            .url
            .clone();
        let path = url.trim_start_matches('/');
        let number = file_of(path, count);
        let shard = data(&files[&format!("link-previews/{number}.js")], number);
        assert_eq!(shard[path][0], "A");
        assert_eq!(shard[path][1], "About A");
        assert_eq!(shard[path][2], "First words of A.");
        let b = "s/b/";
        let shard = data(
            &files[&format!("link-previews/{}.js", file_of(b, count))],
            file_of(b, count),
        );
        assert_eq!(
            shard[b][2], "B's text.",
            "no callout marker, the first text: {shard}"
        );
        // The same hash as the page's script: FNV-1a of "a/", 32 bits.
        assert_eq!(file_of("a/", 1 << 31), 0x0224_8fb9);
    }

    #[test]
    fn the_first_paragraph_is_the_whole_text_s_past_a_long_opening() {
        let filler = "Filler line.\n\n".repeat(400);
        let late = format!("```\n{filler}```\n\nAfter the code.\n");
        let defined_late =
            format!("See [the guide][g] first.\n\n{filler}[g]: https://example.com\n");
        let (course, _) = course_of(&[
            ("s/late.md", &format!("---\ntitle: Late\n---\n{late}")),
            ("s/ref.md", &format!("---\ntitle: Ref\n---\n{defined_late}")),
        ]);
        let first = |title: &str| {
            let page = &course
                .lectures
                .iter()
                .find(|l| l.page.title == title)
                .unwrap()
                .page;
            first_paragraph(page)
        };
        assert_eq!(first("Late"), "After the code.");
        assert_eq!(first("Ref"), "See the guide first.");
    }
}
