//! `prepress init`: writes the example course that is embedded in the binary
//! (`course.toml` and `content/`) into a new or empty folder, with a `.gitignore` for
//! what a build writes and a GitHub Pages workflow (`.github/workflows/publish.yml`). It
//! never overwrites a file.

use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

use crate::config::CONFIG_FILE;
use crate::config::CONTENT_DIR;

#[derive(RustEmbed)]
#[folder = "content/"]
struct ExampleContent;

const EXAMPLE_CONFIG: &str = include_str!("../../course.toml");

/// The GitHub Pages workflow a new course gets; the guide's "Publishing" runs the same
/// commands.
pub const PUBLISH_WORKFLOW: &str = include_str!("publish.yml");

/// What a build writes beside the content, which a course's repository does not keep.
const GITIGNORE: &str =
    "/output\n/.output.staging\n/.output.lock\n/.output.cache\n/.prepress-cache\n";

/// Why `init` wrote nothing.
#[derive(Debug)]
pub enum InitError {
    /// The folder already holds files; nothing was written.
    NotEmpty(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::NotEmpty(dir) => write!(
                f,
                "{} is not empty; `prepress init` only writes into a new or empty folder",
                dir.display()
            ),
            InitError::Io(path, error) => write!(f, "{}: {error}", path.display()),
        }
    }
}

/// Writes the example course into `dir`; gives the number of files written.
pub fn init(dir: &Path) -> Result<usize, InitError> {
    if dir.is_symlink() {
        let error =
            std::io::Error::other("is a symbolic link; prepress never writes through a link");
        return Err(InitError::Io(dir.to_path_buf(), error));
    }
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            PathBuf::from(CONFIG_FILE),
            EXAMPLE_CONFIG.as_bytes().to_vec(),
        ),
        (PathBuf::from(".gitignore"), GITIGNORE.as_bytes().to_vec()),
        (
            PathBuf::from(".github/workflows/publish.yml"),
            PUBLISH_WORKFLOW.as_bytes().to_vec(),
        ),
    ];
    for path in ExampleContent::iter() {
        if let Some(file) = ExampleContent::get(&path) {
            files.push((
                Path::new(CONTENT_DIR).join(path.as_ref()),
                file.data.into_owned(),
            ));
        }
    }
    for (relative, bytes) in &files {
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            crate::scaffold::create::create_folder_inside(dir, parent)
                .map_err(|e| InitError::Io(parent.to_path_buf(), e))?;
        }
        write_new(&target, bytes)?;
    }
    Ok(files.len())
}

/// Creates a file that must not exist yet.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), InitError> {
    crate::scaffold::create::create_new(path, bytes)
        .map_err(|e| InitError::Io(path.to_path_buf(), e))
}
