//! `prepress serve`: builds the course into memory, serves it on loopback, watches
//! `content/`, `themes/` and `course.toml`, and after every save brings the site up to
//! date through [`LiveSite`] and tells the open pages what to reload. Errors show in the
//! page and in the terminal; the server keeps serving the last good site and never
//! exits on a content or template error. Ctrl-C stops it.

pub mod live;

mod http;

pub use http::{HEADER_READ_TIMEOUT, SHUTDOWN_GRACE};

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use serde::Serialize;
use tokio::sync::{broadcast, watch};

use crate::config::CONFIG_FILE;
use crate::config::{CONTENT_DIR, THEMES_DIR, is_ignored};
use crate::diagnostic::{Diagnostic, print_all};
use crate::pipeline::BuildOptions;
use crate::serve::live::{BackgroundFiles, BackgroundWork, Changes, LiveSite, Step};
use crate::source::NotACourse;

/// How long the watcher waits for an editor's burst of writes to end.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// What `prepress serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Print each rebuild to the terminal.
    pub verbose: bool,
}

/// Why the server did not start.
#[derive(Debug)]
pub enum ServeError {
    NotACourse(NotACourse),
    Bind(SocketAddr, std::io::Error),
    Watch(notify::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::NotACourse(_) => write!(f, "not a course"),
            ServeError::Bind(address, error) => write!(f, "cannot listen on {address}: {error}"),
            ServeError::Watch(error) => write!(f, "cannot watch the course for changes: {error}"),
        }
    }
}

/// A running dev server; [`Running::stop`] ends it.
pub struct Running {
    pub address: SocketAddr,
    shutdown: watch::Sender<bool>,
    server: tokio::task::JoinHandle<()>,
    watcher: Arc<Mutex<Watcher>>,
    rebuilder: std::thread::JoinHandle<()>,
}

impl Running {
    /// The URL of the site.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Stops watching, closes every connection and waits for the server to end.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        drop(self.watcher);
        let _ = self.server.await;
        let _ = tokio::task::spawn_blocking(move || self.rebuilder.join()).await;
    }
}

/// Builds the course, starts serving and watching. Must run inside a Tokio runtime.
pub async fn start(options: ServeOptions) -> Result<Running, ServeError> {
    let requested = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(requested)
        .await
        .map_err(|e| ServeError::Bind(requested, e))?;
    let address = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(requested, e))?;
    let mut build = options.build.clone();
    build.base_url = Some(format!("http://{address}/"));
    build.serving = true;
    // The watcher reports absolute paths; compare them with an absolute root.
    if let Ok(root) = std::fs::canonicalize(&build.root) {
        build.root = root;
    }
    let started = Instant::now();
    let mut site = tokio::task::spawn_blocking(move || LiveSite::open(build))
        .await
        .expect("the initial build does not panic")
        .map_err(ServeError::NotACourse)?;
    report_build(&site, started.elapsed(), None);

    let (shutdown, shutdown_signal) = watch::channel(false);
    let (messages, _) = broadcast::channel(64);
    let shared = Arc::new(http::Shared {
        served: RwLock::new(http::Served {
            files: site
                .files
                .iter()
                .map(|(path, bytes)| (path.clone(), bytes.clone()))
                .collect(),
            problems: problems_message(&site.errors),
        }),
        messages,
        shutdown: shutdown_signal.clone(),
        port: address.port(),
    });

    let (changes, changed) = mpsc::channel::<Vec<PathBuf>>();
    let waiting = Arc::new(AtomicBool::new(false));
    let watcher = Arc::new(Mutex::new(watch_course(
        site.root(),
        changes,
        Arc::clone(&waiting),
    )?));
    site.yield_to_newer_updates(Arc::clone(&waiting));
    let rebuilder = {
        let shared = Arc::clone(&shared);
        let verbose = options.verbose;
        // Weak: dropping the watcher on stop must close the channel that ends the loop.
        let watcher = Arc::downgrade(&watcher);
        std::thread::spawn(move || {
            rebuild_loop(site, changed, &waiting, &watcher, &shared, verbose)
        })
    };

    let router = http::router(Arc::clone(&shared));
    let server = tokio::spawn(http::serve(listener, router, shutdown_signal));
    Ok(Running {
        address,
        shutdown,
        server,
        watcher,
        rebuilder,
    })
}

/// Runs the server until Ctrl-C.
pub fn run(options: ServeOptions, open_browser: bool) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async move {
        if !options.bind.is_loopback() {
            eprintln!(
                "warning: listening on {}, beyond this machine: anyone on your network can read the course",
                options.bind
            );
        }
        let running = start(options).await?;
        let interrupted = interrupt_signal();
        eprintln!("serving {} (Ctrl-C to stop)", running.url());
        if open_browser {
            open_in_browser(&running.url());
        }
        interrupted.await;
        eprintln!("stopping");
        running.stop().await;
        Ok(())
    })
}

/// The file watcher of `serve`.
type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// The folders watched whole, when they exist.
const WATCHED_FOLDERS: [&str; 2] = [CONTENT_DIR, THEMES_DIR];

/// Watches `content/`, `themes/` and `course.toml`, sending the changed paths and
/// setting `waiting` before each send.
fn watch_course(
    root: &Path,
    changes: mpsc::Sender<Vec<PathBuf>>,
    waiting: Arc<AtomicBool>,
) -> Result<Watcher, ServeError> {
    let root_for_filter = root.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|event| changes_content(&event.kind))
            .flat_map(|event| event.paths.iter())
            .filter(|path| is_course_file(&root_for_filter, path))
            .cloned()
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            waiting.store(true, Ordering::Release);
            let _ = changes.send(paths);
        }
    })
    .map_err(ServeError::Watch)?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(ServeError::Watch)?;
    for folder in WATCHED_FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(ServeError::Watch)?;
        }
    }
    Ok(debouncer)
}

/// Watches whole each of `content/` and `themes/` that `paths` show was created (or
/// made again) after `serve` started.
fn watch_new_folders(root: &Path, paths: &[PathBuf], watcher: &Weak<Mutex<Watcher>>) {
    for folder in WATCHED_FOLDERS {
        let path = root.join(folder);
        if paths.contains(&path)
            && path.is_dir()
            && let Some(watcher) = watcher.upgrade()
            && let Ok(mut watcher) = watcher.lock()
        {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }
}

/// Events that can change a file's content or existence; reading a file (which the
/// rebuild itself does) is not one of them.
fn changes_content(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Any
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
    )
}

/// A path whose change can change the site: under `content/` or `themes/`, or
/// `course.toml`; never hidden files, editor leftovers or the output.
fn is_course_file(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy());
    let first = components.next();
    let known = match first.as_deref() {
        Some(CONFIG_FILE) => relative.components().count() == 1,
        Some(CONTENT_DIR | THEMES_DIR) => true,
        _ => false,
    };
    known
        && !relative
            .components()
            .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
}

/// Applies each batch of changes (and whatever arrived meanwhile) to the site, and
/// builds the files made from the whole course (print page, search index, sitemap,
/// downloads) on a thread of their own once the saves pause, so a save never waits.
fn rebuild_loop(
    mut site: LiveSite,
    changed: mpsc::Receiver<Vec<PathBuf>>,
    waiting: &AtomicBool,
    watcher: &Weak<Mutex<Watcher>>,
    shared: &http::Shared,
    verbose: bool,
) {
    let mut background: Option<Background> = None;
    let mut last_change = Instant::now();
    loop {
        let next = if background.is_some() || site.has_background_work() {
            changed.recv_timeout(BACKGROUND_POLL)
        } else {
            changed.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        let started = Instant::now();
        let mut publish = |site: &LiveSite, step: Step, changes: &Changes| {
            publish(shared, site, step, changes);
            if verbose {
                eprintln!(
                    "{step:?}: {} files in {} ms",
                    changes.written.len(),
                    started.elapsed().as_millis()
                );
            }
        };
        if let Some(files) = background.as_ref().and_then(Background::finished) {
            background = None;
            if let Ok(files) = files {
                site.apply_background(files, &mut publish);
            }
        }
        match next {
            Ok(mut paths) => {
                // Cleared before taking what waits: a save sent after this sets it again.
                waiting.store(false, Ordering::Release);
                while let Ok(more) = changed.try_recv() {
                    paths.extend(more);
                }
                paths.sort();
                paths.dedup();
                watch_new_folders(site.root(), &paths, watcher);
                site.apply(&paths, &mut publish);
                report_build(&site, started.elapsed(), Some(&paths));
                last_change = Instant::now();
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // While saves keep coming, the whole-course files wait for a pause.
        if background.is_none() && last_change.elapsed() >= QUIET_BEFORE_BACKGROUND {
            background = site.take_background_work().map(Background::start);
        }
    }
    if let Some(background) = background {
        let _ = background.thread.join();
    }
}

/// How often the rebuild loop looks whether the background work is due or done.
const BACKGROUND_POLL: Duration = Duration::from_millis(20);

/// How long the saves must pause before the print page and the search index are built:
/// building them copies the course, which the next save would otherwise have to do too.
const QUIET_BEFORE_BACKGROUND: Duration = Duration::from_millis(300);

/// The files made from the whole course, being built on a thread of their own.
struct Background {
    done: mpsc::Receiver<BackgroundFiles>,
    thread: std::thread::JoinHandle<()>,
}

impl Background {
    /// Runs `work` on one thread of low priority, apart from the threads that render
    /// the next save, so that the edited page never waits behind it.
    fn start(work: BackgroundWork) -> Self {
        let (send, done) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .start_handler(|_| lower_priority())
                .build();
            let files = match pool {
                Ok(pool) => pool.install(|| work.run()),
                Err(_) => work.run(),
            };
            let _ = send.send(files);
        });
        Self { done, thread }
    }

    /// The files once the thread is done; an error if it ended without them.
    fn finished(&self) -> Option<Result<BackgroundFiles, ()>> {
        match self.done.try_recv() {
            Ok(index) => Some(Ok(index)),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(())),
        }
    }
}

/// Gives the calling thread the lowest scheduling priority short of idle.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; on Linux, `who = 0` is this thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 15);
    }
}

/// Puts what changed into the served files and tells the open pages.
fn publish(shared: &http::Shared, site: &LiveSite, _step: Step, changes: &Changes) {
    if changes.is_empty() {
        return;
    }
    let problems = problems_message(&site.errors);
    if let Ok(mut served) = shared.served.write() {
        for path in &changes.removed {
            served.files.remove(path);
        }
        for path in &changes.written {
            if let Some(bytes) = site.files.get(path) {
                served.files.insert(path.clone(), bytes.clone());
            }
        }
        served.problems = Arc::clone(&problems);
    }
    if changes.problems {
        let _ = shared.messages.send(problems);
    }
    if !changes.written.is_empty() || !changes.removed.is_empty() {
        let _ = shared.messages.send(reload_message(changes));
    }
}

/// `{"kind":"reload","all":…,"urls":[…]}`: the pages to reload; all of them when a
/// stylesheet or script changed.
fn reload_message(changes: &Changes) -> Arc<str> {
    #[derive(Serialize)]
    struct Reload {
        kind: &'static str,
        all: bool,
        urls: Vec<String>,
    }
    let paths = changes.written.iter().chain(&changes.removed);
    let all = paths.clone().any(|p| p.starts_with("static/"));
    let urls = paths
        .filter(|p| p.ends_with(".html"))
        .map(|p| format!("/{}", p.strip_suffix("index.html").unwrap_or(p)))
        .collect();
    let message = Reload {
        kind: "reload",
        all,
        urls,
    };
    Arc::from(serde_json::to_string(&message).unwrap_or_default())
}

/// `{"kind":"problems","problems":[…]}`: what the overlay shows.
fn problems_message(errors: &[Diagnostic]) -> Arc<str> {
    #[derive(Serialize)]
    struct Line {
        line: usize,
        text: String,
    }
    #[derive(Serialize)]
    struct Problem<'a> {
        #[serde(flatten)]
        diagnostic: &'a Diagnostic,
        location: String,
        snippet: Vec<Line>,
    }
    #[derive(Serialize)]
    struct Problems<'a> {
        kind: &'static str,
        /// How many there are; only the first of each kind in a file are in `problems`.
        total: usize,
        problems: Vec<Problem<'a>>,
        /// How many more of each kind in a file there are.
        more: Vec<String>,
    }
    let (shown, more) = crate::diagnostic::shown(errors);
    let message = Problems {
        kind: "problems",
        total: errors.len(),
        more,
        problems: shown
            .into_iter()
            .map(|diagnostic| Problem {
                diagnostic,
                location: diagnostic.location(),
                snippet: diagnostic
                    .context_lines(2)
                    .into_iter()
                    .map(|(line, text)| Line { line, text })
                    .collect(),
            })
            .collect(),
    };
    Arc::from(serde_json::to_string(&message).unwrap_or_default())
}

/// One line per rebuild; the problems in full when there are any.
fn report_build(site: &LiveSite, elapsed: Duration, paths: Option<&[PathBuf]>) {
    if !site.errors.is_empty() {
        print_all(&site.errors);
        eprintln!(
            "{} error(s); still serving the last good build",
            site.errors.len()
        );
        return;
    }
    let what = match paths {
        Some(paths) => format!("rebuilt after {} change(s)", paths.len()),
        None => format!("built {} files", site.files.len()),
    };
    eprintln!("{what} in {} ms", elapsed.as_millis());
}

/// Resolves on Ctrl-C; the handler is in place as soon as this returns.
fn interrupt_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

fn open_in_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("could not open a browser; visit {url}");
    }
}
