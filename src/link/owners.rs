//! Every output path has one owner. Before anything is rendered, the link stage lists
//! what the build will write and who writes it: each page, each page prepress makes (the
//! prep pages, a principle's page, the print page and its parts, search, the 404 page),
//! the course files (sitemap, question exports, template downloads, the question bank's
//! data, the search index), the theme's static
//! files and the course's own files copied from `content/`. Two owners of one path, or a
//! file where another owner needs a folder, is an error naming both and the path, so
//! nothing is overwritten or dropped without a word. The only override allowed is a
//! course theme's file over the embedded theme's, which the theme settles before this.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::CONTENT_DIR;
use crate::diagnostic::Diagnostic;
use crate::model::generated::{
    BANK_FOLDER, GRAPH_URL, PREVIEWS_FOLDER, PRINT_URL, SEARCH_INDEX_FOLDER, SEARCH_URL, TAGS_URL,
    UNRESOLVED_URL, download_path, output_path, part_url, printed_in_parts,
};
use crate::model::{Course, Kind, PageRef};

/// Who writes an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    /// A Markdown file's page.
    Page(PathBuf),
    /// A file of `content/` published as it is.
    Asset(PathBuf),
    /// A download made from a Markdown file (an answer template's Markdown).
    Download(PathBuf),
    /// A theme's static file.
    Theme(PathBuf),
    /// Something prepress makes of its own, described.
    Made(String),
}

impl Owner {
    /// The user's file behind it, when there is one.
    fn file(&self) -> Option<&Path> {
        match self {
            Owner::Page(file) | Owner::Asset(file) | Owner::Download(file) => Some(file),
            Owner::Theme(_) | Owner::Made(_) => None,
        }
    }

    /// How a message names it.
    fn describe(&self) -> String {
        match self {
            Owner::Page(file) => format!("the page of `{}`", file.display()),
            Owner::Asset(file) => format!("the file `{}`", file.display()),
            Owner::Download(file) => format!("the download made of `{}`", file.display()),
            Owner::Theme(file) => format!("the theme's file `{}`", file.display()),
            Owner::Made(what) => what.clone(),
        }
    }
}

/// Every output path with its owner, and the clashes found while listing them.
#[derive(Default)]
struct Outputs {
    owners: BTreeMap<String, Owner>,
    clashes: Vec<(String, Owner, Owner)>,
    /// The folder of the language's tree the pages are in (`ru/`, or `""`): the paths
    /// of pages and of what prepress makes are under it, the course's files and the
    /// theme's are at the site's root.
    tree: String,
}

impl Outputs {
    fn add(&mut self, path: String, owner: Owner) {
        let path = match owner {
            Owner::Asset(_) | Owner::Theme(_) => path,
            _ => format!("{}{path}", self.tree),
        };
        match self.owners.get(&path) {
            Some(first) if *first != owner => {
                self.clashes.push((path, first.clone(), owner));
            }
            Some(_) => {}
            None => {
                self.owners.insert(path, owner);
            }
        }
    }

    /// A folder all of whose files one owner makes (with names only it knows): anything
    /// else in it, or a file at its name, clashes with it.
    fn reserve(&mut self, folder: &str, owner: Owner) {
        let folder = &format!("{}{folder}", self.tree);
        let name = folder.trim_end_matches('/');
        let inside: Vec<(String, Owner)> = self
            .owners
            .range(name.to_string()..)
            .take_while(|(path, _)| path.starts_with(name))
            .filter(|(path, _)| path.as_str() == name || path.starts_with(folder))
            .map(|(path, other)| (path.clone(), other.clone()))
            .collect();
        for (path, other) in inside {
            self.clashes.push((path, owner.clone(), other));
        }
    }

    /// A path that is a file for one owner and a folder for another.
    fn file_folder_clashes(&mut self) {
        let mut found = Vec::new();
        for (path, owner) in &self.owners {
            let mut end = 0;
            while let Some(slash) = path[end..].find('/') {
                end += slash;
                if let Some(file_owner) = self.owners.get(&path[..end]) {
                    let clash = (path[..end].to_string(), file_owner.clone(), owner.clone());
                    // A page's folder holds its HTML and its Markdown copy: one clash.
                    if !found.contains(&clash) {
                        found.push(clash);
                    }
                }
                end += 1;
            }
        }
        self.clashes.extend(found);
    }
}

/// The output paths of two owners that would write the same path (or a file where a
/// folder must be), as errors. `theme_static` is the theme's static files (output path,
/// the file it comes from).
pub fn clashes(course: &Course, theme_static: &[(String, PathBuf)]) -> Vec<Diagnostic> {
    let mut outputs = Outputs {
        tree: course.tree().to_string(),
        ..Outputs::default()
    };
    let cards = course.config.draws_link_cards();
    for page in course.pages() {
        let file = course.page(page).file.clone();
        let owner = match (page, file.as_os_str().is_empty()) {
            (PageRef::Section(id), true) => Owner::Made(format!(
                "the page prepress makes for the folder `{}`",
                Path::new(CONTENT_DIR)
                    .join(&course.sections[id].folder)
                    .display()
            )),
            _ => Owner::Page(file),
        };
        let path = output_path(&course.root, &course.page(page).url);
        if course.config.llms_txt && matches!(owner, Owner::Page(_)) {
            outputs.add(format!("{path}.md"), owner.clone());
        }
        if cards {
            let folder = path.strip_suffix("index.html").unwrap_or(&path);
            outputs.add(format!("{folder}card.png"), owner.clone());
        }
        outputs.add(path, owner);
    }
    add_shared_files(course, &mut outputs);
    add_made_pages(course, &mut outputs);
    add_course_files(course, &mut outputs);
    for (path, origin) in theme_static {
        outputs.add(path.clone(), Owner::Theme(origin.clone()));
    }
    if course.tree().is_empty() {
        outputs.add(
            "static/highlight.css".to_string(),
            Owner::Made("the code highlighting stylesheet".to_string()),
        );
    }
    outputs.add(
        crate::model::generated::STRINGS_SCRIPT.to_string(),
        Owner::Made("the interface strings of the theme's scripts".to_string()),
    );
    for asset in &course.assets {
        outputs.add(
            asset.clone(),
            Owner::Asset(Path::new(CONTENT_DIR).join(asset)),
        );
    }
    if course.config.search {
        let what = format!("the search index ({SEARCH_INDEX_FOLDER})");
        outputs.reserve(SEARCH_INDEX_FOLDER, Owner::Made(what));
    }
    if !course.questions.is_empty() {
        let what = format!("the question bank's data ({BANK_FOLDER})");
        outputs.reserve(BANK_FOLDER, Owner::Made(what));
    }
    let what = format!("the link previews' data ({PREVIEWS_FOLDER})");
    outputs.reserve(PREVIEWS_FOLDER, Owner::Made(what));
    if !course.tags.is_empty() {
        let what = format!("the tag pages ({TAGS_URL})");
        outputs.reserve(TAGS_URL, Owner::Made(what));
    }
    outputs.file_folder_clashes();
    outputs
        .clashes
        .into_iter()
        .map(|(path, first, second)| clash_error(path, first, second))
        .collect()
}

/// The pages prepress makes of its own: the prep pages no section provides, the pages
/// of principles no file defines, the print page and its parts, search and 404.
fn add_made_pages(course: &Course, outputs: &mut Outputs) {
    for (prep, section) in course.prep_pages() {
        if section.is_none() {
            let what = format!("the {} page prepress makes", prep.folder());
            outputs.add(format!("{}/index.html", prep.folder()), Owner::Made(what));
        }
    }
    for principle in course.principles.iter().filter(|p| p.lecture.is_none()) {
        let what = format!(
            "the page prepress makes for the principle `{}`",
            principle.title
        );
        outputs.add(output_path(&course.root, &principle.url), Owner::Made(what));
    }
    if course.config.print != crate::config::Print::Off {
        let print = Owner::Made("the print page".to_string());
        outputs.add(format!("{PRINT_URL}index.html"), print);
    }
    if printed_in_parts(course) {
        for &section in course.top_sections() {
            let url = part_url(course, section);
            let what = format!(
                "the print page of the part `{}`",
                course.sections[section].page.title
            );
            outputs.add(output_path(&course.root, &url), Owner::Made(what));
        }
    }
    if course.config.search {
        let what = "the search page".to_string();
        outputs.add(format!("{SEARCH_URL}index.html"), Owner::Made(what));
    }
    if course.has_graph_page() {
        let what = "the course's graph".to_string();
        outputs.add(format!("{GRAPH_URL}index.html"), Owner::Made(what));
    }
    if course.has_unresolved_page() {
        let what = "the page of notes not written yet".to_string();
        outputs.add(format!("{UNRESOLVED_URL}index.html"), Owner::Made(what));
    }
    outputs.add(
        "404.html".to_string(),
        Owner::Made("the 404 page".to_string()),
    );
}

/// The files made of the whole course: the sitemap, the question exports, the Anki
/// deck and the answer templates' Markdown downloads.
fn add_course_files(course: &Course, outputs: &mut Outputs) {
    outputs.add(
        "sitemap.xml".to_string(),
        Owner::Made("the sitemap".to_string()),
    );
    if !course.questions.is_empty() {
        for export in ["questions.json", "questions.tsv"] {
            let what = format!("the question bank's download `{export}`");
            outputs.add(export.to_string(), Owner::Made(what));
        }
        if course.config.anki_deck {
            let what = "the Anki deck of the bank and the cards".to_string();
            outputs.add(crate::prep::anki::FILE_NAME.to_string(), Owner::Made(what));
        }
    }
    for lecture in course.lectures.iter().filter(|l| l.kind == Kind::Template) {
        let path = download_path(&course.root, &lecture.page.url);
        outputs.add(path, Owner::Download(lecture.page.file.clone()));
    }
}

/// What a course gives to be shared: its feeds, `llms.txt`, its redirects (each old
/// URL's page, and `_redirects` at the site's root), the offline files.
fn add_shared_files(course: &Course, outputs: &mut Outputs) {
    for (section, url) in crate::model::generated::feed_urls(course) {
        let what = format!("the feed of `{}`", course.sections[section].page.title);
        outputs.add(output_path(&course.root, &url), Owner::Made(what));
    }
    if course.config.llms_txt {
        outputs.add("llms.txt".to_string(), Owner::Made("llms.txt".to_string()));
    }
    if !course.redirects.is_empty() {
        let what = "the moved pages' keys for the learner's reading marks".to_string();
        outputs.add(
            crate::model::generated::MOVED_SCRIPT.to_string(),
            Owner::Made(what),
        );
    }
    for redirect in &course.redirects {
        let what = format!(
            "the redirect from {} to the page of `{}`",
            redirect.from,
            redirect.file.display()
        );
        outputs.add(output_path(&course.root, &redirect.from), Owner::Made(what));
    }
    if course.tree().is_empty() {
        let what = "the list of redirects for static hosts".to_string();
        outputs.add(
            crate::model::generated::REDIRECTS_FILE.to_string(),
            Owner::Made(what),
        );
        if course.config.offline {
            for (file, what) in crate::model::generated::OFFLINE_FILES {
                outputs.add(file.to_string(), Owner::Made(what.to_string()));
            }
        }
    }
}

/// The error for two owners of `path`, at the file to move: a content file copied as
/// it is before a page, the second before the first.
fn clash_error(path: String, first: Owner, second: Owner) -> Diagnostic {
    let file = [&second, &first]
        .into_iter()
        .find(|owner| matches!(owner, Owner::Asset(_)))
        .or([&second, &first]
            .into_iter()
            .find(|owner| owner.file().is_some()))
        .and_then(Owner::file)
        .map_or_else(|| PathBuf::from(CONTENT_DIR), Path::to_path_buf);
    let message = format!(
        "{} and {} would both be written to `{path}` in the site",
        first.describe(),
        second.describe()
    );
    Diagnostic::error(file, "output-clash", message).with_hint(
        "every file of the site has one owner: rename or move one of them (a page's URL \
         can also be changed with `slug` in its front matter)",
    )
}

#[cfg(test)]
mod tests;
