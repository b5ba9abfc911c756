//! Browser test support: a static file server on 127.0.0.1 for a built site, and headless
//! Chromium driven over WebDriver (chromedriver + fantoccini). Both stop when dropped.
//! A missing Chromium or chromedriver fails the test with a message saying how to
//! install them.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::Value;

/// Serves the files of a folder over HTTP on 127.0.0.1, until dropped.
pub struct StaticServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> Self {
        Self::start_on(root, 0)
    }

    /// Serves on `port` (0: any free one), as a server started again at the same
    /// address after the first stopped (a service worker's origin is its port's).
    pub fn start_on(root: &Path, port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let root = root.clone();
                    std::thread::spawn(move || serve(&root, stream));
                }
            }
        });
        Self {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(root: &Path, mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file: PathBuf = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file.push("index.html");
    }
    let body = if path.contains("..") {
        None
    } else {
        std::fs::read(&file).ok()
    };
    let (status, body, kind) = match body {
        Some(body) => ("200 OK", body, content_type(&file)),
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("md") => "text/markdown; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("webmanifest") => "application/manifest+json",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Where a built site is opened from: over HTTP from a [`StaticServer`], or from disk.
pub enum Opened {
    Http(StaticServer),
    Disk(String),
}

impl Opened {
    /// The site at `output`, served over loopback or opened from disk.
    pub fn site(output: &Path, disk: bool) -> Self {
        if disk {
            Opened::Disk(format!("file://{}/", output.display()))
        } else {
            Opened::Http(StaticServer::start(output))
        }
    }

    /// The URL of a page given by its folder (`practice/`), with an optional query.
    pub fn url(&self, folder: &str) -> String {
        let (folder, query) = folder.split_once('?').unwrap_or((folder, ""));
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        match self {
            Opened::Http(server) => server.url(&format!("/{folder}{query}")),
            Opened::Disk(root) => format!("{root}{folder}index.html{query}"),
        }
    }
}

/// The example course, built, opened over HTTP or from disk.
pub fn built_example(disk: bool) -> (crate::common::Course, Opened) {
    let course = crate::common::Course::example();
    course.build_ok(&[]);
    let opened = Opened::site(&course.path("output"), disk);
    (course, opened)
}

/// The Chromium binary, or a failure that says how to get one.
pub fn chromium() -> PathBuf {
    find_program(&["chromium", "chromium-browser", "google-chrome"]).unwrap_or_else(|| {
        panic!(
            "Chromium is not installed: the browser tests need it. \
             On Debian: apt-get install chromium chromium-driver (.ci/run does this)."
        )
    })
}

fn chromedriver() -> PathBuf {
    find_program(&["chromedriver"]).unwrap_or_else(|| {
        panic!(
            "chromedriver is not installed: the browser tests need it. \
             On Debian: apt-get install chromium chromium-driver (.ci/run does this)."
        )
    })
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// The flags Chromium needs to run headless on a machine with no network.
pub fn chromium_flags(profile: &Path) -> Vec<String> {
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ]
    .iter()
    .map(|flag| flag.to_string())
    .chain(std::iter::once(format!(
        "--user-data-dir={}",
        profile.display()
    )))
    .collect()
}

/// Headless Chromium under chromedriver, with a WebDriver session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// A browser whose pages see `prefers-color-scheme: dark`.
    pub async fn start_dark() -> Self {
        Self::start_with(&[
            "--blink-settings=preferredColorScheme=0",
            "--force-dark-mode",
        ])
        .await
    }

    pub async fn start_with(extra_flags: &[&str]) -> Self {
        let chromium = chromium();
        let driver_path = chromedriver();
        let port = free_port();
        let mut command = Command::new(driver_path);
        command
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = command.spawn().expect("start chromedriver");
        wait_for_port(port);
        let profile = tempfile::tempdir().unwrap();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_string(),
            serde_json::json!({
                "binary": chromium,
                "args": chromium_flags(profile.path())
                    .into_iter()
                    .chain(extra_flags.iter().map(|flag| flag.to_string()))
                    .collect::<Vec<_>>(),
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with headless Chromium");
        Self {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Ends the session (Chromium quits) and stops chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .arg("--")
                .arg(format!("-{}", self.driver.id()))
                .status();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs a script in the page until it returns true, or fails after `seconds`.
pub async fn wait_for(client: &Client, seconds: u64, what: &str, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let value = client.execute(script, vec![]).await.unwrap();
        if value.as_bool() == Some(true) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Keeps every file the page offers for download (every blob it makes a URL of) in
/// the page, so a test can read it back with [`downloaded_text`] instead of looking in
/// a downloads folder.
pub async fn keep_downloads(client: &Client) {
    client
        .execute(
            "window.__saved = []; const make = URL.createObjectURL.bind(URL); URL.createObjectURL = function (blob) { window.__saved.push(blob); return make(blob); };",
            vec![],
        )
        .await
        .unwrap();
}

/// The text of the first file kept by [`keep_downloads`].
pub async fn downloaded_text(client: &Client) -> String {
    let text = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__saved[0].text().then(done);",
            vec![],
        )
        .await
        .unwrap();
    text.as_str().expect("a downloaded file's text").to_string()
}

/// Prints a page to `pdf` with headless Chromium (no header or footer), as a reader's
/// browser would; fails the test when Chromium does not.
pub fn print_to_pdf(url: &str, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(chromium())
        .args(chromium_flags(profile.path()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "Chromium printed {url}");
}

/// The page count of a PDF, by `pdfinfo`.
pub fn pdf_pages(pdf: &Path) -> usize {
    let info = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (Debian: apt-get install poppler-utils; .ci/run does this)");
    let info = String::from_utf8_lossy(&info.stdout);
    info.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count for {}: {info}", pdf.display()))
}

/// Runs a script in the page and returns its value.
pub async fn run(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

/// Opens `url` and waits until it has loaded and `ready` (a script, when not empty)
/// returns true.
pub async fn open(client: &Client, url: &str, ready: &str) {
    client.goto(url).await.unwrap();
    wait_for(
        client,
        10,
        &format!("{url} to load"),
        "return document.readyState === 'complete';",
    )
    .await;
    if !ready.is_empty() {
        wait_for(client, 10, &format!("{url} to be ready"), ready).await;
    }
}

/// Sets the window's size and checks that the page sees the width asked for.
pub async fn resize(client: &Client, width: u32, height: u32) {
    client.set_window_size(width, height).await.unwrap();
    let inner = run(client, "return [window.innerWidth, window.innerHeight];").await;
    assert_eq!(inner[0], width, "the viewport's width: {inner}");
}
