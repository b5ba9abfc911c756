//! Files prepress makes for the user (`init`, `new`, `import`). A new file is created
//! only where nothing is, not even a link, in folders none of which is a link below the
//! course; a file replaced on request (`import --force`)
//! is never a link, so nothing is written through one; and a file name made from a title
//! is capped in bytes, on a character boundary, so every file system takes it.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The longest file stem made from a title, in bytes: room for `-NN.md` under the 255
/// bytes most file systems allow, and short enough to read.
pub const MAX_STEM_BYTES: usize = 120;

/// A slug cut to at most [`MAX_STEM_BYTES`] bytes, on a character boundary, without a
/// trailing `-`.
pub fn capped_stem(slug: &str) -> String {
    if slug.len() <= MAX_STEM_BYTES {
        return slug.to_string();
    }
    let mut end = MAX_STEM_BYTES;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    slug[..end].trim_end_matches('-').to_string()
}

/// Creates `path` holding `bytes`; fails with `AlreadyExists` when anything is there, a
/// link to nothing included.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

/// Replaces (or creates) the file at `path`; refuses a link or anything but a file.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(std::io::Error::other(format!(
            "{} is a symbolic link; prepress never writes through a link",
            path.display()
        ))),
        Ok(metadata) if !metadata.is_file() => Err(std::io::Error::other(format!(
            "{} is not a file; not replacing it",
            path.display()
        ))),
        Ok(_) => {
            // Written beside it and renamed over it: a link made meanwhile is replaced,
            // never followed.
            let aside = path.with_extension("prepress-new");
            create_new(&aside, bytes)?;
            std::fs::rename(&aside, path).inspect_err(|_| {
                let _ = std::fs::remove_file(&aside);
            })
        }
        Err(e) if e.kind() == ErrorKind::NotFound => create_new(path, bytes),
        Err(e) => Err(e),
    }
}

/// Writes `<stem>.<extension>` in `dir`, or `<stem>-2.<extension>`, `-3`… when the name
/// is taken; with `replace_first`, the first name is replaced instead (see [`replace`]).
pub fn create_unique(
    dir: &Path,
    stem: &str,
    extension: &str,
    bytes: &[u8],
    replace_first: bool,
) -> std::io::Result<PathBuf> {
    let stem = capped_stem(stem);
    let first = dir.join(format!("{stem}.{extension}"));
    if replace_first {
        replace(&first, bytes)?;
        return Ok(first);
    }
    for attempt in 1u32.. {
        let path = if attempt == 1 {
            first.clone()
        } else {
            dir.join(format!("{stem}-{attempt}.{extension}"))
        };
        match create_new(&path, bytes) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("some name is free")
}

/// Makes `folder` and the folders above it up to `root` (`root` too, when it is new),
/// refusing a symbolic link at any of them below `root` (an existing one included): a
/// file made in it would be written outside the course. A `folder` outside `root` may
/// not be a link itself.
pub fn create_folder_inside(root: &Path, folder: &Path) -> std::io::Result<()> {
    let root = std::path::absolute(root)?;
    let folder = std::path::absolute(folder)?;
    let Ok(below) = folder.strip_prefix(&root) else {
        refuse_link(&folder)?;
        return std::fs::create_dir_all(&folder);
    };
    std::fs::create_dir_all(&root)?;
    let mut current = root.clone();
    for part in below.components() {
        current.push(part);
        refuse_link(&current)?;
        match std::fs::create_dir(&current) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists && current.is_dir() => {
                // Made by someone else meanwhile: look again that it is no link.
                refuse_link(&current)?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// An error when `path` is a symbolic link.
fn refuse_link(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(std::io::Error::other(format!(
            "{} is a symbolic link; prepress never writes through a link",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// A folder given on the command line, made safe to join under another: relative, with
/// no `..`, `.`-only or root parts. `None` when it would climb out.
pub fn inner_folder(folder: &str) -> Option<PathBuf> {
    let path = Path::new(folder);
    let inside = !folder.trim().is_empty()
        && path
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)));
    inside.then(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_stems_are_cut_on_a_character_boundary() {
        let latin = "a-".repeat(200);
        let capped = capped_stem(&latin);
        assert!(capped.len() <= MAX_STEM_BYTES && !capped.ends_with('-'));
        let cjk = "面试".repeat(48);
        let capped = capped_stem(&cjk);
        assert!(capped.len() <= MAX_STEM_BYTES, "{}", capped.len());
        assert!(cjk.starts_with(&capped));
        assert_eq!(capped_stem("short"), "short");
    }

    #[test]
    fn capped_names_stay_unique() {
        let dir = tempfile::tempdir().unwrap();
        let stem = "x".repeat(300);
        let first = create_unique(dir.path(), &stem, "md", b"1", false).unwrap();
        let second = create_unique(dir.path(), &stem, "md", b"2", false).unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read(&first).unwrap(), b"1");
        assert_eq!(std::fs::read(&second).unwrap(), b"2");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "keep").unwrap();
        let link = dir.path().join("note.md");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(replace(&link, b"new").is_err());
        assert!(create_new(&link, b"new").is_err());
        let dangling = dir.path().join("gone.md");
        std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
        assert!(create_new(&dangling, b"new").is_err());
        assert!(!dir.path().join("nothing").exists());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
        let plain = dir.path().join("plain.md");
        std::fs::write(&plain, "old").unwrap();
        replace(&plain, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&plain).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn folders_are_never_made_or_used_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("course");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("content/lnk")).unwrap();
        for folder in ["content/lnk", "content/lnk/deeper"] {
            let error = create_folder_inside(&root, &root.join(folder)).unwrap_err();
            assert!(
                error.to_string().contains("content/lnk is a symbolic link"),
                "{error}"
            );
        }
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
        create_folder_inside(&root, &root.join("content/a/b")).unwrap();
        assert!(root.join("content/a/b").is_dir());
        let error = create_folder_inside(&root, &root.join("content/a/b/../../lnk/x"));
        assert!(
            error.is_err(),
            "a link reached through `..` is still a link"
        );
    }

    #[test]
    fn folders_that_climb_out_are_refused() {
        for bad in ["../x", "../../x", "/abs", "a/../../b", "", "."] {
            assert_eq!(inner_folder(bad), None, "{bad}");
        }
        assert_eq!(inner_folder("a/b"), Some(PathBuf::from("a/b")));
    }
}
