//! prepress: a static site generator for interview-preparation courses.
//!
//! A build is four stages: [`source`] (files on disk -> source pages), [`link`] (source
//! pages -> the [`model::Course`], with the [`prep`] domain: principles, questions,
//! stories), [`render`] (course -> files in memory, through the theme) and
//! [`site::write`] (files -> `output/`, atomically). [`pipeline`] drives them for
//! `build` and `check`; [`serve`] keeps them in memory and re-runs what a change
//! touches; [`import`] and [`scaffold`] write files for the user. `main.rs` parses the
//! command line and hands off to [`cli`].
//!
//! The modules are layered, each using only those below it (a test holds this):
//! the command line -> `pipeline`, `serve`, `import`, `scaffold` -> `site` -> `render`
//! -> `link` -> `prep` -> `source`, `markdown` -> `model` -> `diagnostic`, `config`.

// The command line.
pub mod cli;

// What the commands drive.
pub mod import;
pub mod pipeline;
pub mod scaffold;
pub mod serve;

// The stages, top down.
pub mod link;
pub mod render;
pub mod site;

// The prep domain, the sources and their Markdown.
pub mod markdown;
pub mod prep;
pub mod source;

// Plain data and what everything reports with.
pub mod config;
pub mod diagnostic;
pub mod model;

#[cfg(test)]
mod layers {
    //! The layering above, checked: no module's code (its tests aside) names a module
    //! of a higher layer, and modules of one layer do not name each other.

    /// Each top-level module's layer, lowest first.
    const LAYERS: &[(&str, u8)] = &[
        ("diagnostic", 0),
        ("config", 1),
        ("model", 2),
        ("markdown", 3),
        ("source", 4),
        ("prep", 5),
        ("link", 6),
        ("render", 7),
        ("site", 8),
        ("scaffold", 9),
        ("import", 10),
        ("pipeline", 10),
        ("serve", 11),
        ("cli", 12),
    ];

    /// Uses that would be allowed by layer but cross inside one: (from, to).
    const FORBIDDEN: &[(&str, &str)] =
        &[("site::search", "site::write"), ("render::theme", "source")];

    fn layer(module: &str) -> u8 {
        LAYERS
            .iter()
            .find(|(name, _)| *name == module)
            .unwrap_or_else(|| panic!("module `{module}` has no layer in LAYERS"))
            .1
    }

    /// `src/site/write.rs` -> `site::write`; `src/site/mod.rs` -> `site`.
    fn module_path(file: &std::path::Path, src: &std::path::Path) -> String {
        let relative = file.strip_prefix(src).unwrap().with_extension("");
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .filter(|part| part != "mod")
            .collect();
        parts.join("::")
    }

    #[test]
    fn no_module_uses_one_above_it() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut problems = Vec::new();
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let module = module_path(path, &src);
            if module == "lib" || module == "main" {
                continue;
            }
            let top = module.split("::").next().unwrap().to_string();
            let text = std::fs::read_to_string(path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for used in crate_paths(code) {
                let used_top = used.split("::").next().unwrap();
                if used_top == top {
                    continue;
                }
                if layer(used_top) >= layer(&top) {
                    problems.push(format!("{module} uses {used}"));
                }
            }
            for (from, to) in FORBIDDEN {
                if module == *from && crate_paths(code).iter().any(|u| u.starts_with(to)) {
                    problems.push(format!("{module} uses {to}"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Every `crate::a::b` path named in some code, as `a::b`.
    fn crate_paths(code: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let path = path.trim_end_matches(':').to_string();
            if !path.is_empty() && path.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                found.push(path);
            }
        }
        found
    }
}
