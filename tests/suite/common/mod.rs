//! Helpers shared by the end-to-end tests: copy a fixture course into a temporary folder,
//! run the `prepress` binary on it, and read what it wrote.

pub mod browser;
pub mod http;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A course copied into a temporary folder, removed when dropped.
pub struct Course {
    pub dir: tempfile::TempDir,
}

impl Course {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Self {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_tree(&source, dir.path());
        Self { dir }
    }

    /// The example course of the repository (course.toml and content/).
    pub fn example() -> Self {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::copy(repo.join("course.toml"), dir.path().join("course.toml")).unwrap();
        copy_tree(&repo.join("content"), &dir.path().join("content"));
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `prepress build` in the course with extra arguments.
    pub fn build(&self, args: &[&str]) -> Output {
        prepress()
            .current_dir(self.root())
            .arg("build")
            .args(args)
            .output()
            .expect("run prepress")
    }

    /// Builds and fails the test with the output when the build fails.
    pub fn build_ok(&self, args: &[&str]) -> Output {
        let output = self.build(args);
        assert!(
            output.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// A file of `output/` as text.
    pub fn output_file(&self, relative: &str) -> String {
        let path = self.path("output").join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// `prepress serve` on the course, in this process, on a free loopback port.
pub async fn serve(course: &Course) -> prepress::serve::Running {
    prepress::serve::start(prepress::serve::ServeOptions {
        build: prepress::pipeline::BuildOptions {
            root: course.root().to_path_buf(),
            ..prepress::pipeline::BuildOptions::default()
        },
        bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        port: 0,
        verbose: false,
    })
    .await
    .expect("the dev server starts")
}

pub fn prepress() -> Command {
    Command::cargo_bin("prepress").expect("the prepress binary")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative path -> bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The files of a built site, without the write stage's marker (its times differ from
/// build to build).
pub fn read_site(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = read_tree(dir);
    files.remove(prepress::config::MARKER);
    files
}

/// The Python of the virtual environment `tests/setup` makes in `target/anki/` (Anki and
/// feedparser), or `PREPRESS_ANKI_PYTHON`; fails the test, saying how to get it, when
/// that Python cannot import `module`.
pub fn setup_python(module: &str) -> PathBuf {
    let python = std::env::var_os("PREPRESS_ANKI_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/anki/bin/python"));
    let found = std::process::Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        found,
        "`{module}` cannot be imported by {}: run tests/setup (the README's test command \
         does), or point PREPRESS_ANKI_PYTHON at a Python that has it.",
        python.display()
    );
    python
}
