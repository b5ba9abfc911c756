//! The dev server's HTTP side: serves the site from memory with the right
//! `Content-Type`, the theme's 404 page for anything missing, never anything from disk
//! and never a path that tries to climb out (`..`, `%2e%2e`, `%2f`, backslashes). HTML
//! responses get the live reload script; `/__prepress/events` streams reloads and build
//! problems to the open pages (server-sent events).
//!
//! Only the course's own pages and the person at the browser may read it: a request
//! whose `Host` is not this server (DNS rebinding) and a subresource request from
//! another site (`Sec-Fetch-Site`) get 403. A client gets [`HEADER_READ_TIMEOUT`] to
//! send its request header, and stopping the server takes at most [`SHUTDOWN_GRACE`]
//! whatever the clients do.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::site::{content_type, file_key};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::{broadcast, watch};

/// Where the live reload script is served.
pub const SCRIPT_PATH: &str = "/__prepress/live.js";
const EVENTS_PATH: &str = "/__prepress/events";
const STATUS_PATH: &str = "/__prepress/status";
const SCRIPT: &str = include_str!("live.js");

/// What the server shows: the site's files, and the current build problems as JSON.
#[derive(Default)]
pub struct Served {
    pub files: HashMap<String, Bytes>,
    /// The `problems` message for pages that connect now.
    pub problems: Arc<str>,
}

/// State shared by the request handlers and the rebuild loop.
pub struct Shared {
    pub served: RwLock<Served>,
    /// Messages (JSON) to every open page.
    pub messages: broadcast::Sender<Arc<str>>,
    pub shutdown: watch::Receiver<bool>,
    /// The port served, which a request's `Host` must name.
    pub port: u16,
}

/// How long a client has to send its request header before its connection is closed.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long open connections get to finish once the server is stopping.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(SCRIPT_PATH, get(script))
        .route(EVENTS_PATH, get(events))
        .route(STATUS_PATH, get(status))
        .fallback(get(page))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            guard,
        ))
        .with_state(shared)
}

/// Serves connections until `shutdown` turns true, then gives them [`SHUTDOWN_GRACE`]
/// to finish and drops the rest.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stopped(&mut shutdown) => break,
        };
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: wait a moment instead of spinning.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let mut stop = shutdown.clone();
        connections.spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = stopped(&mut stop) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(SHUTDOWN_GRACE, connection).await;
                }
            }
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE + Duration::from_millis(100), async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.abort_all();
}

/// Resolves once the server is told to stop.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// Refuses (403) what another site could ask for; see [`refusal`].
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    match refusal(request.headers(), shared.port) {
        Some(reason) => with_type(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            Bytes::from(format!("prepress serve refuses this request: {reason}\n")),
        ),
        None => next.run(request).await,
    }
}

/// Why a request must be refused, if it must: its `Host` is not this server (a name
/// other than `localhost`, which DNS rebinding would use, or another port), or it is a
/// subresource asked for by a page of another site (a script tag reading the search
/// index). Navigating to a page from anywhere is allowed.
pub fn refusal(headers: &HeaderMap, port: u16) -> Option<&'static str> {
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or("");
    if !is_this_server(host, port) {
        return Some("the Host header does not name this server");
    }
    let fetch = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    };
    let from_elsewhere = matches!(fetch("sec-fetch-site"), "cross-site" | "same-site");
    let navigation = fetch("sec-fetch-mode") == "navigate" && fetch("sec-fetch-dest") == "document";
    if from_elsewhere && !navigation {
        return Some("another site's page asked for it");
    }
    None
}

/// `localhost:PORT`, or an IP address with the port: the names a browser uses for a
/// server on this machine, and none that a DNS name could rebind.
fn is_this_server(host: &str, port: u16) -> bool {
    let Some((name, host_port)) = host.rsplit_once(':') else {
        return false;
    };
    if host_port.parse() != Ok(port) {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let bracketed = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
    match bracketed {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => name == "localhost" || name.parse::<std::net::Ipv4Addr>().is_ok(),
    }
}

async fn script() -> Response {
    with_type(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        Bytes::from_static(SCRIPT.as_bytes()),
    )
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let problems = shared
        .served
        .read()
        .map(|s| s.problems.to_string())
        .unwrap_or_default();
    with_type(StatusCode::OK, "application/json", Bytes::from(problems))
}

/// The stream of messages for one open page: the current problems first, then every
/// message until the server stops.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let first = shared
        .served
        .read()
        .map(|s| Arc::clone(&s.problems))
        .unwrap_or_else(|_| Arc::from(""));
    let receiver = shared.messages.subscribe();
    let shutdown = shared.shutdown.clone();
    let updates = stream::unfold((receiver, shutdown), next_message);
    let messages = stream::once(async move { first })
        .chain(updates)
        .map(|message| Ok(Event::default().data(message.as_ref())));
    Sse::new(messages).keep_alive(KeepAlive::default())
}

/// The next message for an open page; `None` ends its stream (the server stops).
async fn next_message(
    (mut receiver, mut shutdown): (broadcast::Receiver<Arc<str>>, watch::Receiver<bool>),
) -> Option<(
    Arc<str>,
    (broadcast::Receiver<Arc<str>>, watch::Receiver<bool>),
)> {
    if *shutdown.borrow() {
        return None;
    }
    let message = tokio::select! {
        message = receiver.recv() => message,
        _ = shutdown.changed() => return None,
    };
    match message {
        Ok(message) => Some((message, (receiver, shutdown))),
        // Messages were missed: reloading every page is always right.
        Err(broadcast::error::RecvError::Lagged(_)) => {
            let all: Arc<str> = Arc::from(r#"{"kind":"reload","all":true,"urls":[]}"#);
            Some((all, (receiver, shutdown)))
        }
        Err(broadcast::error::RecvError::Closed) => None,
    }
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let Some(key) = file_key(uri.path()) else {
        return with_type(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"bad path\n"),
        );
    };
    let served = match shared.served.read() {
        Ok(served) => served,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Some(bytes) = served.files.get(&key) {
        return respond(StatusCode::OK, &key, bytes.clone());
    }
    let folder_index = format!("{key}/index.html");
    if !key.ends_with("index.html") && served.files.contains_key(&folder_index) {
        let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(location) = HeaderValue::from_str(&format!("{}/", uri.path())) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    match served.files.get("404.html") {
        Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", bytes.clone()),
        None => with_type(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"not found\n"),
        ),
    }
}

/// A file's response; HTML gets the live reload script.
fn respond(status: StatusCode, key: &str, bytes: Bytes) -> Response {
    let kind = content_type(key);
    if kind.starts_with("text/html") {
        return with_type(status, kind, inject_script(&bytes));
    }
    with_type(status, kind, bytes)
}

fn with_type(status: StatusCode, kind: &'static str, bytes: Bytes) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page with the live reload script before `</body>` (or at the end).
pub fn inject_script(html: &[u8]) -> Bytes {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    let injected = match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]),
        None => format!("{text}{tag}"),
    };
    Bytes::from(injected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end() {
        let html = inject_script(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            std::str::from_utf8(&html).unwrap(),
            "<html><body><p>x</p><script src=\"/__prepress/live.js\"></script></body></html>"
        );
    }

    #[test]
    fn foreign_hosts_and_other_sites_are_refused() {
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, HeaderValue::from_str(value).unwrap());
            }
            map
        };
        for host in [
            "127.0.0.1:4000",
            "localhost:4000",
            "[::1]:4000",
            "192.168.1.9:4000",
        ] {
            assert_eq!(refusal(&headers(&[("host", host)]), 4000), None, "{host}");
        }
        for host in [
            "evil.example:4000",
            "127.0.0.1:4001",
            "127.0.0.1",
            "",
            "localhost.evil:4000",
        ] {
            assert!(
                refusal(&headers(&[("host", host)]), 4000).is_some(),
                "{host}"
            );
        }
        let host = ("host", "127.0.0.1:4000");
        let script = [
            host,
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-mode", "no-cors"),
            ("sec-fetch-dest", "script"),
        ];
        assert!(refusal(&headers(&script), 4000).is_some());
        let same_site = [
            host,
            ("sec-fetch-site", "same-site"),
            ("sec-fetch-mode", "cors"),
            ("sec-fetch-dest", "empty"),
        ];
        assert!(refusal(&headers(&same_site), 4000).is_some());
        let navigation = [
            host,
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-mode", "navigate"),
            ("sec-fetch-dest", "document"),
        ];
        assert_eq!(refusal(&headers(&navigation), 4000), None);
        let own = [
            host,
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-mode", "no-cors"),
            ("sec-fetch-dest", "script"),
        ];
        assert_eq!(refusal(&headers(&own), 4000), None);
    }
}
