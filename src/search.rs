//! The client-side search index, for courses with `search = true` in `course.toml`: the
//! pagefind library (behind the `search` cargo feature, on by default) indexes the text of every lecture, principle and story and
//! every question of the bank, and writes a sharded
//! index under `pagefind/`, so a browser downloads only the pieces a query needs. The
//! `/search/` page and `static/search.js` query it.

use crate::model::Course;
use crate::render::SiteFiles;

/// The search index files (under `pagefind/`) for a rendered site.
#[cfg(feature = "search")]
pub fn index(course: &Course, pages: &SiteFiles) -> Result<SiteFiles, String> {
    use std::collections::BTreeMap;

    use rayon::prelude::*;

    use crate::front_matter::Kind;
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let _ = pages;
    // (url, title, section, text) of every page to find.
    let mut records: Vec<(String, String, String, String)> = course
        .lectures
        .par_iter()
        .filter(|l| matches!(l.kind, Kind::Lecture | Kind::Story | Kind::Principle))
        .filter(|l| {
            l.kind != Kind::Principle || course.principles.iter().any(|p| p.url == l.page.url)
        })
        .map(|l| {
            let section = match l.kind {
                Kind::Story => "Stories".to_string(),
                Kind::Principle => "Principles".to_string(),
                _ => course.sections[l.section].page.title.clone(),
            };
            let text = searchable_text(&l.page);
            (l.page.url.clone(), l.page.title.clone(), section, text)
        })
        .collect();
    records.sort();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(course.config.language.clone())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for (url, title, section, text) in records {
            let meta = BTreeMap::from([
                ("title".to_string(), title),
                ("section".to_string(), section),
            ]);
            index
                .add_custom_record(
                    url,
                    text,
                    course.config.language.clone(),
                    Some(meta),
                    None,
                    None,
                )
                .await
                .map_err(|e| format!("cannot index a page: {e}"))?;
        }
        for question in &course.questions {
            let (page, anchor) = question.url.split_once('#').unwrap_or((&question.url, ""));
            let url = format!("{page}?question={}#{anchor}", question.id);
            let mut content = question.text.clone();
            for followup in &question.followups {
                content.push('\n');
                content.push_str(followup);
            }
            let meta = BTreeMap::from([
                ("title".to_string(), question.text.clone()),
                (
                    "section".to_string(),
                    format!("Question · {}", question.section),
                ),
            ]);
            index
                .add_custom_record(
                    url,
                    content,
                    course.config.language.clone(),
                    Some(meta),
                    None,
                    None,
                )
                .await
                .map_err(|e| format!("cannot index a question: {e}"))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                (format!("pagefind/{name}"), file.contents)
            })
            .collect())
    })
}

/// Words of a page's text kept in the index: the headings and the first part of the
/// text, so that the index stays small on big courses.
#[cfg(feature = "search")]
const INDEXED_WORDS: usize = 250;

/// What the index holds of a page: its description, its headings, and its first
/// [`INDEXED_WORDS`] words.
#[cfg(feature = "search")]
fn searchable_text(page: &crate::model::Page) -> String {
    let mut text = page.description.clone();
    for heading in &page.headings {
        text.push_str("\n\n");
        text.push_str(&heading.text);
    }
    let body = crate::markdown::plain_text(page.body());
    let words: Vec<&str> = body.split_whitespace().take(INDEXED_WORDS).collect();
    text.push_str("\n\n");
    text.push_str(&words.join(" "));
    text
}

/// Without the `search` feature there is no index; the search page says so.
#[cfg(not(feature = "search"))]
pub fn index(_course: &Course, _pages: &SiteFiles) -> Result<SiteFiles, String> {
    Ok(SiteFiles::new())
}
