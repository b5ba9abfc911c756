//! The client-side search index: the pagefind library (behind the `search` cargo
//! feature, on by default) indexes the rendered lecture, principle and story pages (the
//! part marked `data-pagefind-body`) and every question of the bank, and writes a sharded
//! index under `pagefind/`, so a browser downloads only the pieces a query needs. The
//! `/search/` page and `static/search.js` query it.

use crate::model::Course;
use crate::render::SiteFiles;

/// The search index files (under `pagefind/`) for a rendered site.
#[cfg(feature = "search")]
pub fn index(course: &Course, pages: &SiteFiles) -> Result<SiteFiles, String> {
    use std::collections::BTreeMap;

    use crate::front_matter::Kind;
    use crate::render::output_path;
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let mut indexed_urls: Vec<&str> = course
        .lectures
        .iter()
        .filter(|l| matches!(l.kind, Kind::Lecture | Kind::Story))
        .map(|l| l.page.url.as_str())
        .collect();
    indexed_urls.extend(course.principles.iter().map(|p| p.url.as_str()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(course.config.language.clone())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for url in indexed_urls {
            let Some(html) = pages.get(&output_path(&course.root, url)) else {
                continue;
            };
            let html = String::from_utf8_lossy(html).into_owned();
            index
                .add_html_file(None, Some(url.to_string()), html)
                .await
                .map_err(|e| format!("cannot index {url}: {e}"))?;
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

/// Without the `search` feature there is no index; the search page says so.
#[cfg(not(feature = "search"))]
pub fn index(_course: &Course, _pages: &SiteFiles) -> Result<SiteFiles, String> {
    Ok(SiteFiles::new())
}
