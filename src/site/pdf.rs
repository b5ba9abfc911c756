//! `prepress build --pdf`: PDFs of the whole-course print page and of every worksheet,
//! printed by a local Chromium in headless mode. The built site is served from memory on
//! 127.0.0.1 for the few seconds this takes (nothing is fetched from elsewhere), and the
//! PDFs join the site before it is written, so a failure leaves `output/` untouched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::render::SiteFiles;
use crate::site::{content_type, file_key};

/// Why no PDFs were made.
#[derive(Debug)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A page to print: its path on the site and the PDF's path in the output.
#[derive(Debug, Clone)]
pub struct Target {
    pub page: String,
    pub pdf: String,
}

/// The Chromium to print with: the one given, else the first on PATH.
pub fn find_chromium(given: Option<&Path>) -> Result<PathBuf, PdfError> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(PdfError(format!(
                "--pdf needs Chromium, and {} is not a file",
                path.display()
            )))
        };
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
                .find(|candidate| candidate.is_file())
        })
        .ok_or_else(|| {
            PdfError(
                "--pdf needs Chromium and none was found on PATH: install it \
                 (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) \
                 or pass --chromium PATH"
                    .to_string(),
            )
        })
}

/// Prints each target to PDF and adds the PDFs to `files`.
pub fn add_pdfs(
    files: &mut SiteFiles,
    targets: &[Target],
    chromium: &Path,
) -> Result<(), PdfError> {
    let served: Arc<HashMap<String, Bytes>> = Arc::new(
        files
            .iter()
            .map(|(path, bytes)| (path.clone(), Bytes::from(bytes.clone())))
            .collect(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| PdfError(format!("cannot start the print server: {e}")))?;
    let pdfs = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| PdfError(format!("cannot listen on 127.0.0.1: {e}")))?;
        let address = listener.local_addr().map_err(|e| PdfError(e.to_string()))?;
        let router = Router::new().fallback(file).with_state(served);
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        let chromium = chromium.to_path_buf();
        let targets = targets.to_vec();
        let printed = tokio::task::spawn_blocking(move || {
            targets
                .iter()
                .map(|target| {
                    let url = format!("http://{address}/{}", target.page.trim_start_matches('/'));
                    print(&chromium, &url).map(|pdf| (target.pdf.clone(), pdf))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| PdfError(format!("printing stopped: {e}")));
        server.abort();
        printed?
    })?;
    files.extend(pdfs);
    Ok(())
}

/// The site's files, for Chromium; nothing else.
async fn file(State(files): State<Arc<HashMap<String, Bytes>>>, uri: Uri) -> Response {
    let Some(key) = file_key(uri.path()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match files.get(&key) {
        Some(bytes) => {
            let mut response = Response::new(Body::from(bytes.clone()));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&key)),
            );
            response
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// One page printed by headless Chromium.
fn print(chromium: &Path, url: &str) -> Result<Vec<u8>, PdfError> {
    let scratch =
        tempfile::tempdir().map_err(|e| PdfError(format!("cannot make a scratch folder: {e}")))?;
    let pdf = scratch.path().join("page.pdf");
    let mut command = Command::new(chromium);
    command.args([
        "--headless=new",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
    ]);
    if running_as_root() {
        command.arg("--no-sandbox");
    }
    let output = command
        .arg(format!(
            "--user-data-dir={}",
            scratch.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .output()
        .map_err(|e| PdfError(format!("cannot run {}: {e}", chromium.display())))?;
    std::fs::read(&pdf).map_err(|_| {
        PdfError(format!(
            "{} printed no PDF of {url}: {}",
            chromium.display(),
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ))
    })
}

/// Chromium's sandbox refuses to run as root.
fn running_as_root() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}
