//! Themes: the default theme is embedded in the binary; a course's
//! `themes/<name>/templates/...` and `themes/<name>/static/...` override any one of its
//! files. Takes the course root and theme name, gives a ready Tera instance and the
//! static files to publish. A template error names the template file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_embed::RustEmbed;
use walkdir::WalkDir;

use super::strings::{Strings, Table, Tables};
use crate::config::{CourseConfig, is_ignored};
use crate::diagnostic::Diagnostic;
use crate::model::generated::STRINGS_SCRIPT;

#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// Where messages say an embedded theme file comes from.
const EMBEDDED_ORIGIN: &str = "themes/default (built in)";

/// One theme file and where it came from (for messages).
#[derive(Debug, Clone)]
struct ThemeFile {
    origin: PathBuf,
    bytes: Vec<u8>,
}

/// The templates, ready to render, and the static files of the theme.
pub struct Theme {
    pub tera: tera::Tera,
    /// Output path (under `static/`) -> bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Template name -> the file it came from.
    origins: BTreeMap<String, PathBuf>,
    /// The interface strings in the course's language (the `count` filter shares them).
    pub strings: Arc<Strings>,
    /// The template of the pages' link cards (`link-card.svg`), when the theme has one.
    pub link_card: Option<String>,
}

impl Theme {
    /// Loads the embedded default theme with the course's overrides on top, speaking the
    /// course's language ([`strings`](super::strings)).
    pub fn load(root: &Path, config: &CourseConfig) -> Result<Self, Vec<Diagnostic>> {
        let name = config.theme.as_str();
        let mut files = embedded_files();
        let mut tables = Tables {
            built_in: string_tables(&files)?,
            course: BTreeMap::new(),
        };
        let theme_dir = theme_folder(name);
        let on_disk = root.join(&theme_dir);
        if on_disk.is_dir() {
            let mut course_files = BTreeMap::new();
            overlay_files(&on_disk, &theme_dir, &mut course_files)?;
            tables.course = string_tables(&course_files)?;
            files.extend(course_files);
        } else if name != "default" {
            let message = format!(
                "theme `{name}` not found: there is no folder {}",
                theme_dir.display()
            );
            return Err(vec![
                Diagnostic::error("course.toml", "theme", message)
                    .with_hint("remove `theme` from course.toml to use the default theme"),
            ]);
        }
        let mut templates = Vec::new();
        let mut origins = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        let mut link_card = None;
        let mut errors = Vec::new();
        for (path, file) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(file.bytes) {
                    Ok(text) => templates.push((name.to_string(), text)),
                    Err(_) => errors.push(Diagnostic::error(
                        &file.origin,
                        "template",
                        "template is not UTF-8",
                    )),
                }
                origins.insert(name.to_string(), file.origin);
            } else if path.starts_with("static/") {
                static_files.insert(path, file.bytes);
            } else if path == super::link_cards::TEMPLATE_FILE {
                link_card = String::from_utf8(file.bytes).ok();
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let strings = Strings::load(&tables, &config.language, &config.strings)?;
        static_files.insert(STRINGS_SCRIPT.to_string(), strings.script().into_bytes());
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.global_context().insert("t", &strings.for_templates());
        let strings = Arc::new(strings);
        let counted = Arc::clone(&strings);
        tera.register_filter(
            "count",
            move |n: i64, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
                let of = kwargs.must_get::<&str>("of")?;
                Ok(counted.count(&format!("counts.{of}"), n))
            },
        );
        let theme = Self {
            tera: tera::Tera::new(),
            static_files,
            origins,
            strings: Arc::default(),
            link_card,
        };
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|error| vec![theme.template_error(&error)])?;
        Ok(Self {
            tera,
            strings,
            ..theme
        })
    }

    /// Renders a template with a context, or a diagnostic naming the template file.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|error| self.template_error(&error))
    }

    /// A Tera error as a diagnostic at the template's file and line.
    pub fn template_error(&self, error: &tera::Error) -> Diagnostic {
        let report = match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                Some(report)
            }
            _ => None,
        };
        let Some(report) = report else {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            return Diagnostic::error(crate::config::THEMES_DIR, "template", message);
        };
        let file = self
            .origins
            .get(report.filename())
            .cloned()
            .unwrap_or_else(|| PathBuf::from(report.filename()));
        let span = report.span();
        Diagnostic::error(file, "template", report.message().to_string())
            .at_line(span.start_line, span.start_col + 1)
    }
}

/// The string tables (`i18n/<language>.toml`) among a theme's files, by language; one
/// that is not UTF-8 is an error, as a template is.
fn string_tables(
    files: &BTreeMap<String, ThemeFile>,
) -> Result<BTreeMap<String, Table>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let tables = files
        .iter()
        .filter_map(|(path, file)| {
            let language = path.strip_prefix("i18n/")?.strip_suffix(".toml")?;
            let Ok(text) = String::from_utf8(file.bytes.clone()) else {
                errors.push(Diagnostic::error(
                    &file.origin,
                    "theme",
                    "string table is not UTF-8",
                ));
                return None;
            };
            let origin = file.origin.clone();
            Some((language.to_ascii_lowercase(), Table { origin, text }))
        })
        .collect();
    if errors.is_empty() {
        Ok(tables)
    } else {
        Err(errors)
    }
}

/// The embedded default theme, path within the theme -> file.
fn embedded_files() -> BTreeMap<String, ThemeFile> {
    DefaultTheme::iter()
        .filter_map(|path| {
            let file = DefaultTheme::get(&path)?;
            let origin = Path::new(EMBEDDED_ORIGIN).join(path.as_ref());
            Some((
                path.to_string(),
                ThemeFile {
                    origin,
                    bytes: file.data.into_owned(),
                },
            ))
        })
        .collect()
}

/// The folder the course's theme `name` is read from, relative to the course root
/// (`themes/<name>`).
fn theme_folder(name: &str) -> PathBuf {
    Path::new(crate::config::THEMES_DIR).join(name)
}

/// What a theme folder holds, as it is read: links followed, sorted, without hidden
/// files and editor leftovers below the folder itself.
fn walk(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
}

/// Every file [`Theme::load`] reads from the course's folder for the theme `name` (none
/// for a course without one), for the build cache's fingerprint.
pub fn files_read(root: &Path, name: &str) -> walkdir::Result<Vec<PathBuf>> {
    let dir = root.join(theme_folder(name));
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    walk(&dir)
        .filter_map(|entry| match entry {
            Ok(entry) if entry.file_type().is_file() => Some(Ok(entry.into_path())),
            Ok(_) => None,
            Err(error) => Some(Err(error)),
        })
        .collect()
}

/// The static files of the theme `name` as [`Theme::load`] would publish them: output
/// path (under `static/`) and the file it comes from, the course's over the embedded.
/// A folder that cannot be read lists what could be (`Theme::load` reports the rest).
pub fn static_origins(root: &Path, name: &str) -> Vec<(String, PathBuf)> {
    let mut origins: BTreeMap<String, PathBuf> = DefaultTheme::iter()
        .filter(|path| path.starts_with("static/"))
        .map(|path| {
            let origin = Path::new(EMBEDDED_ORIGIN).join(path.as_ref());
            (path.to_string(), origin)
        })
        .collect();
    let shown_as = theme_folder(name);
    let dir = root.join(&shown_as);
    if dir.is_dir() {
        for entry in walk(&dir).flatten() {
            let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let key = crate::config::slash_path(relative);
            if entry.file_type().is_file() && key.starts_with("static/") {
                origins.insert(key, shown_as.join(relative));
            }
        }
    }
    origins.into_iter().collect()
}

/// Puts the course's own theme files over the embedded ones.
fn overlay_files(
    dir: &Path,
    shown_as: &Path,
    files: &mut BTreeMap<String, ThemeFile>,
) -> Result<(), Vec<Diagnostic>> {
    for entry in walk(dir) {
        let entry = entry.map_err(|error| {
            vec![Diagnostic::error(
                shown_as,
                "theme",
                format!("cannot read the theme: {error}"),
            )]
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let key = crate::config::slash_path(relative);
        let origin = shown_as.join(relative);
        let bytes = std::fs::read(entry.path()).map_err(|error| {
            vec![Diagnostic::error(
                &origin,
                "theme",
                format!("cannot read: {error}"),
            )]
        })?;
        files.insert(key, ThemeFile { origin, bytes });
    }
    Ok(())
}
