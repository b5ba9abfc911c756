//! Names every system takes: a course is a folder of files that must check out on
//! Windows as well as on Linux and macOS. A file or folder under `content/` whose name
//! Windows refuses (a device name such as `con.md` or `nul`, a name ending in a dot or a
//! space, `<>:"\|?*`) is a warning naming it, once per name.

use std::collections::BTreeSet;
use std::path::Path;

use crate::config::CONTENT_DIR;
use crate::diagnostic::Diagnostic;
use crate::markdown::slug::windows_refuses;

/// A warning for each file or folder among `content_paths` (relative to `content/`,
/// `/`-separated) whose name Windows refuses.
pub fn windows_name_warnings<'a>(
    content_paths: impl IntoIterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let mut refused = BTreeSet::new();
    for path in content_paths {
        let mut end = 0;
        for name in path.split('/') {
            end += name.len();
            if windows_refuses(name).is_some() {
                refused.insert(&path[..end]);
            }
            end += 1;
        }
    }
    refused
        .into_iter()
        .map(|path| {
            let name = path.rsplit('/').next().unwrap_or(path);
            let why = windows_refuses(name).unwrap_or_default();
            Diagnostic::warning(
                Path::new(CONTENT_DIR).join(path),
                "windows-name",
                format!("Windows cannot check out `{name}`: {why}"),
            )
            .with_hint("rename it so the course can be cloned and built on every system")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refused_name_is_named_once() {
        let found = windows_name_warnings([
            "con/01-a.md",
            "con/02-b.md",
            "s/nul.png",
            "s/notes..md",
            "s/fine.md",
            "aux /x.md",
        ]);
        let files: Vec<String> = found
            .iter()
            .map(|d| d.file.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            files,
            ["content/aux ", "content/con", "content/s/nul.png"],
            "{found:?}"
        );
        assert!(found.iter().all(|d| d.code == "windows-name"));
        assert!(found[1].message.contains("device"), "{}", found[1].message);
    }
}
