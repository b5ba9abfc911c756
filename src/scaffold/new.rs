//! `prepress new`: a new lecture, principle, story, worksheet or answer template with the
//! right front matter, in the right folder, under a name that is not taken. It never
//! overwrites a file.

use std::path::{Path, PathBuf};

use crate::config::CONTENT_DIR;
use crate::markdown::slug::{number_prefix, url_slug};
use crate::scaffold::create::{capped_stem, create_folder_inside, create_new, inner_folder};

/// What kind of file to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Lecture,
    Principle,
    Story,
    Worksheet,
    Template,
}

/// Why nothing was written.
#[derive(Debug)]
pub struct NewError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Writes the new file under `root` and gives its path. A lecture goes into
/// `content/<section>/` with the next number prefix; the prep kinds go into their own
/// folders.
pub fn create(
    root: &Path,
    kind: NewKind,
    title: &str,
    section: Option<&str>,
) -> Result<PathBuf, NewError> {
    let slug = capped_stem(&url_slug(title));
    let section = section
        .map(|section| {
            inner_folder(section).ok_or_else(|| NewError {
                path: PathBuf::from(section),
                message: "--section must be a folder inside content/ (like `system-design` or \
                          `coding/graphs`), without `..` or a leading `/`"
                    .to_string(),
            })
        })
        .transpose()?;
    let folder = match (kind, section) {
        (_, Some(section)) => root.join(CONTENT_DIR).join(section),
        (NewKind::Lecture, None) => root.join(CONTENT_DIR),
        (NewKind::Principle, None) => root.join(CONTENT_DIR).join("principles"),
        (NewKind::Story, None) => root.join(CONTENT_DIR).join("stories"),
        (NewKind::Worksheet, None) => root.join(CONTENT_DIR).join("worksheets"),
        (NewKind::Template, None) => root.join(CONTENT_DIR).join("templates"),
    };
    let name = match kind {
        NewKind::Lecture => format!("{:02}-{slug}.md", next_number(&folder)),
        _ => format!("{slug}.md"),
    };
    let path = folder.join(name);
    let text = template(kind, title, next_number(&folder));
    create_folder_inside(root, &folder).map_err(|e| NewError {
        path: folder.clone(),
        message: e.to_string(),
    })?;
    write_new(&path, &text)?;
    Ok(path)
}

/// One more than the highest number prefix of the folder's files.
fn next_number(folder: &Path) -> u64 {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| number_prefix(&e.file_name().to_string_lossy()))
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
        + 1
}

fn write_new(path: &Path, text: &str) -> Result<(), NewError> {
    create_new(path, text.as_bytes()).map_err(|e| NewError {
        path: path.to_path_buf(),
        message: match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                "already exists; prepress new never overwrites a file".to_string()
            }
            _ => e.to_string(),
        },
    })
}

/// A YAML string, quoted.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The starting text of a new file of a kind.
fn template(kind: NewKind, title: &str, order: u64) -> String {
    let title = quoted(title);
    match kind {
        NewKind::Lecture => format!(
            "---\ntitle: {title}\ndescription: \"\"\ntags: []\nprinciples: []\n---\n\n## Overview\n\n## Practice Questions\n\n- \n"
        ),
        NewKind::Principle => format!(
            "---\ntitle: {title}\nkind: principle\norder: {order}\naliases: []\n---\n\n## What it means\n\n## What interviewers look for\n\n- \n\n## Questions\n\n- \n"
        ),
        NewKind::Story => format!(
            "---\ntitle: {title}\nkind: story\nprinciples: []\ntags: []\n---\n\n## Situation\n\n## Task\n\n## Action\n\n## Result\n\n## Learning\n"
        ),
        NewKind::Worksheet => format!(
            "---\ntitle: {title}\nkind: worksheet\nlayout: per-principle\ndescription: \"\"\n---\n\nInstructions for the worksheet. `layout` can be per-principle, matrix or story.\n"
        ),
        NewKind::Template => format!(
            "---\ntitle: {title}\nkind: template\ndescription: \"\"\n---\n\n## Situation\n\n## Task\n\n## Action\n\n## Result\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lectures_get_the_next_number_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/basics")).unwrap();
        std::fs::write(dir.path().join("content/basics/07-old.md"), "x").unwrap();
        let path = create(dir.path(), NewKind::Lecture, "Say \"Hi\"", Some("basics")).unwrap();
        assert_eq!(path, dir.path().join("content/basics/08-say-hi.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("---\ntitle: \"Say \\\"Hi\\\"\"\n"),
            "{text}"
        );
        let story = create(dir.path(), NewKind::Story, "Late Launch", None).unwrap();
        assert_eq!(story, dir.path().join("content/stories/late-launch.md"));
        std::fs::write(&story, "mine").unwrap();
        assert!(create(dir.path(), NewKind::Story, "Late Launch", None).is_err());
        assert_eq!(std::fs::read_to_string(&story).unwrap(), "mine");
    }

    #[test]
    fn sections_outside_content_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let course = dir.path().join("course");
        std::fs::create_dir_all(course.join("content")).unwrap();
        let absolute = dir.path().join("abs").to_string_lossy().into_owned();
        for section in ["../../x", "../x", absolute.as_str()] {
            let error = create(&course, NewKind::Lecture, "Escape", Some(section)).unwrap_err();
            assert!(error.message.contains("inside content/"), "{error}");
        }
        assert_eq!(walkdir::WalkDir::new(dir.path()).into_iter().count(), 3);
    }

    #[test]
    fn long_titles_make_names_any_file_system_takes() {
        let dir = tempfile::tempdir().unwrap();
        for title in ["Leadership ".repeat(30), "面试准备".repeat(24)] {
            let path = create(dir.path(), NewKind::Story, &title, None).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.len() <= 255, "{}", name.len());
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(title.trim()), "the title is kept whole");
        }
    }

    #[test]
    fn every_kind_loads_as_its_kind() {
        for (kind, expected) in [
            (NewKind::Lecture, crate::model::Kind::Lecture),
            (NewKind::Principle, crate::model::Kind::Principle),
            (NewKind::Story, crate::model::Kind::Story),
            (NewKind::Worksheet, crate::model::Kind::Worksheet),
            (NewKind::Template, crate::model::Kind::Template),
        ] {
            let text = template(kind, "T: a \"test\"", 3);
            let (source, problems) = crate::source::parse_source(
                "content/x.md".into(),
                "x.md".into(),
                text.into(),
                &crate::prep::questions::QuestionScanner::default(),
            );
            let source = source.unwrap_or_else(|| panic!("{kind:?}: {problems:?}"));
            assert_eq!(source.front_matter.kind, expected);
            assert_eq!(source.front_matter.title.as_deref(), Some("T: a \"test\""));
        }
    }
}
