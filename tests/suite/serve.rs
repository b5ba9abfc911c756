//! `prepress serve` over loopback: pages and types, refused paths, edits, new and
//! deleted files, broken files, many clients and bursts of saves, and Ctrl-C; what it
//! refuses to other sites and foreign hosts, and clients that send their requests slowly.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use crate::common::http::{eventually, get, get_with};
use crate::common::{Course, prepress, serve};
use tokio::io::AsyncReadExt;

#[tokio::test(flavor = "multi_thread")]
async fn serves_pages_with_their_types_and_the_theme_404() {
    let course = Course::fixture("nested");
    let server = serve(&course).await;
    let home = get(server.address, "/").await;
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body
            .contains("<script src=\"/__prepress/live.js\"></script></body>")
    );
    let css = get(server.address, "/static/style.css").await;
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    let script = get(server.address, "/__prepress/live.js").await;
    assert!(script.body.contains("EventSource"));
    let index = get(server.address, "/search-index/index.js").await;
    assert_eq!(
        (index.status, index.header("content-type")),
        (200, Some("text/javascript; charset=utf-8")),
        "the search index is served"
    );
    assert!(index.body.starts_with("prepressSearchData(\"index\","));
    let missing = get(server.address, "/no/such/page/").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the theme's 404 page"
    );
    let folder = get(server.address, "/basics").await;
    assert_eq!(
        (folder.status, folder.header("location")),
        (301, Some("/basics/"))
    );
    server.stop().await;
    assert!(
        !course.path("output").exists(),
        "serve builds into memory and writes nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn paths_that_climb_out_are_refused() {
    let course = Course::fixture("nested");
    let server = serve(&course).await;
    for path in [
        "/../course.toml",
        "/basics/../../course.toml",
        "/%2e%2e/course.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/basics%2f..%2f..%2fcourse.toml",
        "/..\\course.toml",
        "/%5c..%5ccourse.toml",
        "//etc/passwd",
    ] {
        let response = get(server.address, path).await;
        assert_eq!(response.status, 400, "{path}");
        assert!(!response.body.contains("Nested Course\""), "{path}");
    }
    let absolute = get(server.address, "http://127.0.0.1/../course.toml").await;
    assert!(
        absolute.status == 400 || absolute.status == 404,
        "{}",
        absolute.status
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn edits_new_files_and_deleted_files() {
    let course = Course::fixture("nested");
    let server = serve(&course).await;
    let address = server.address;
    course.write(
        "content/basics/02-second.md",
        "+++\ntitle = \"Second Lecture\"\n+++\n## The End\n\nEdited while serving.\n",
    );
    eventually(10, "the edit is served", || async move {
        get(address, "/basics/second/")
            .await
            .body
            .contains("Edited while serving.")
    })
    .await;

    course.write(
        "content/basics/04-fresh.md",
        "---\ntitle: Fresh Page\n---\nBrand new.\n",
    );
    eventually(10, "the new page is served", || async move {
        let page = get(address, "/basics/fresh/").await;
        page.status == 200 && page.body.contains("Brand new.")
    })
    .await;
    let section = get(address, "/basics/").await;
    assert!(
        section.body.contains("Fresh Page"),
        "the section lists the new page"
    );

    std::fs::remove_file(course.path("content/basics/04-fresh.md")).unwrap();
    eventually(10, "the deleted page is a 404", || async move {
        get(address, "/basics/fresh/").await.status == 404
    })
    .await;

    std::fs::rename(
        course.path("content/notes"),
        course.path("content/jottings"),
    )
    .unwrap();
    eventually(10, "a renamed section moves", || async move {
        get(address, "/jottings/windows/").await.status == 200
            && get(address, "/notes/windows/").await.status == 404
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_file_keeps_the_last_good_page_and_is_reported() {
    let course = Course::fixture("nested");
    let server = serve(&course).await;
    let address = server.address;
    let before = get(address, "/basics/second/").await.body;
    course.write(
        "content/basics/02-second.md",
        "+++\ntitle = \"Second Lecture\"\nweight = = 2\n+++\nBroken.\n",
    );
    eventually(10, "the problem is reported", || async move {
        let status = get(address, "/__prepress/status").await.body;
        status.contains("content/basics/02-second.md:3") && status.contains("invalid TOML")
    })
    .await;
    assert_eq!(
        get(address, "/basics/second/").await.body,
        before,
        "the last good page"
    );
    course.write(
        "content/basics/02-second.md",
        "+++\ntitle = \"Second Lecture\"\n+++\nFixed.\n",
    );
    eventually(10, "fixing clears the report", || async move {
        get(address, "/__prepress/status")
            .await
            .body
            .contains("\"problems\":[]")
            && get(address, "/basics/second/")
                .await
                .body
                .contains("Fixed.")
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_clients_and_ten_saves_in_a_second() {
    let course = Course::fixture("nested");
    let server = serve(&course).await;
    let address = server.address;
    let mut clients = Vec::new();
    for _ in 0..200 {
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        let request = format!("GET /__prepress/events HTTP/1.1\r\nHost: {address}\r\n\r\n");
        tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes())
            .await
            .unwrap();
        clients.push(stream);
    }
    for save in 0..10 {
        course.write(
            "content/basics/02-second.md",
            format!("+++\ntitle = \"Second Lecture\"\n+++\nSave number {save}.\n"),
        );
        tokio::time::sleep(Duration::from_millis(90)).await;
    }
    eventually(10, "the last save is served", || async move {
        get(address, "/basics/second/")
            .await
            .body
            .contains("Save number 9.")
    })
    .await;
    let mut reloaded = 0;
    for client in &mut clients {
        let mut buffer = vec![0; 64 * 1024];
        let mut seen = String::new();
        while !seen.contains("\"kind\":\"reload\"") {
            match tokio::time::timeout(Duration::from_secs(5), client.read(&mut buffer)).await {
                Ok(Ok(n)) if n > 0 => seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
                _ => break,
            }
        }
        if seen.contains("/basics/second/") {
            reloaded += 1;
        }
    }
    assert_eq!(reloaded, 200, "every client is told to reload the page");
    server.stop().await;
    for client in &mut clients {
        let mut buffer = vec![0; 64 * 1024];
        let closed = loop {
            match tokio::time::timeout(Duration::from_secs(5), client.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) => break true,
                Ok(Ok(_)) => continue,
                Err(_) => break false,
            }
        };
        assert!(closed, "stopping the server closes every event stream");
    }
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let course = Course::fixture("nested");
    let mut child = std::process::Command::new(prepress().get_program())
        .current_dir(course.root())
        .args(["serve", "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("serving ")
                .map(|rest| rest.split_whitespace().next().unwrap_or("").to_string())
        })
        .expect("the server says where it serves");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    // A client holding half a request must not hold the server up.
    let address = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut held = std::net::TcpStream::connect(&address).unwrap();
    std::io::Write::write_all(&mut held, b"GET / HTTP/1.1\r\nHost: ").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let interrupted = std::time::Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            interrupted.elapsed() < Duration::from_secs(1),
            "the server did not stop within a second of Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    drop(held);
}

#[test]
fn no_course_suggests_init() {
    let dir = tempfile::tempdir().unwrap();
    let output = prepress()
        .current_dir(dir.path())
        .args(["serve", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("prepress init"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_themes_folder_made_while_serving_is_watched() {
    let course = Course::fixture("nested");
    assert!(!course.path("themes").exists());
    let server = serve(&course).await;
    let address = server.address;
    course.write(
        "themes/default/static/style.css",
        "body { color: rebeccapurple; }\n",
    );
    eventually(10, "the new stylesheet is served", || async move {
        get(address, "/static/style.css")
            .await
            .body
            .contains("rebeccapurple")
    })
    .await;
    // A later edit inside the new folder is seen too.
    course.write(
        "themes/default/static/style.css",
        "body { color: papayawhip; }\n",
    );
    eventually(10, "the edited stylesheet is served", || async move {
        get(address, "/static/style.css")
            .await
            .body
            .contains("papayawhip")
    })
    .await;
    server.stop().await;
}

/// The first search index file the server holds.
async fn a_search_index_file(address: std::net::SocketAddr) -> String {
    let manifest = get(address, "/search-index/docs-0.js").await;
    assert_eq!(manifest.status, 200, "{}", manifest.body);
    "/search-index/docs-0.js".to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn foreign_hosts_and_other_sites_pages_are_refused() {
    let course = Course::fixture("nested");
    let running = serve(&course).await;
    let address = running.address;
    let port = address.port();
    let index = a_search_index_file(address).await;
    let own = format!("127.0.0.1:{port}");
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("rebound.attacker.test:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        for path in ["/", index.as_str(), "/__prepress/status"] {
            let response = get_with(address, path, &[("Host", &host)]).await;
            assert_eq!(response.status, 403, "Host {host}, {path}");
            assert!(
                !response.body.contains("nested"),
                "nothing of the course leaks"
            );
        }
    }
    for host in [own.clone(), format!("localhost:{port}")] {
        assert_eq!(
            get_with(address, "/", &[("Host", &host)]).await.status,
            200,
            "{host}"
        );
    }
    let from = |site: &'static str, mode: &'static str, dest: &'static str| {
        [
            ("Host", own.as_str()),
            ("Sec-Fetch-Site", site),
            ("Sec-Fetch-Mode", mode),
            ("Sec-Fetch-Dest", dest),
        ]
    };
    let script_elsewhere =
        get_with(address, &index, &from("cross-site", "no-cors", "script")).await;
    assert_eq!(script_elsewhere.status, 403);
    assert!(
        !script_elsewhere.body.contains("prepressSearchData"),
        "{}",
        script_elsewhere.body
    );
    let fetch_same_site = get_with(address, &index, &from("same-site", "cors", "empty")).await;
    assert_eq!(fetch_same_site.status, 403);
    let link_followed = get_with(address, "/", &from("cross-site", "navigate", "document")).await;
    assert_eq!(
        link_followed.status, 200,
        "a link from elsewhere still opens the page"
    );
    let own_script = get_with(address, &index, &from("same-origin", "no-cors", "script")).await;
    assert_eq!(own_script.status, 200);
    running.stop().await;
}

/// Opens a connection and sends half a request header.
async fn half_a_request(address: std::net::SocketAddr) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let half = format!("GET / HTTP/1.1\r\nHost: {address}\r\nX-Slow: ");
    stream.write_all(half.as_bytes()).await.unwrap();
    stream
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_clients_are_closed_after_the_header_timeout() {
    let course = Course::fixture("nested");
    let running = serve(&course).await;
    let mut slow = Vec::new();
    for _ in 0..200 {
        slow.push(half_a_request(running.address).await);
    }
    let started = std::time::Instant::now();
    let limit = prepress::serve::HEADER_READ_TIMEOUT + Duration::from_secs(3);
    for mut stream in slow {
        let mut buffer = [0u8; 256];
        let left = limit.saturating_sub(started.elapsed());
        let read = tokio::time::timeout(left, stream.read(&mut buffer)).await;
        assert!(
            matches!(read, Ok(Ok(_)) | Ok(Err(_))),
            "a client that never finishes its header is closed within {limit:?}"
        );
    }
    assert_eq!(
        get(running.address, "/").await.status,
        200,
        "the server still serves"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn stopping_takes_under_a_second_whatever_clients_do() {
    let course = Course::fixture("nested");
    let running = serve(&course).await;
    let address = running.address;
    let mut held = Vec::new();
    for _ in 0..50 {
        held.push(half_a_request(address).await);
    }
    let events = tokio::net::TcpStream::connect(address).await.unwrap();
    held.push(events);
    let started = std::time::Instant::now();
    running.stop().await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "stopping took {:?}",
        started.elapsed()
    );
    assert!(
        tokio::net::TcpStream::connect(address).await.is_err(),
        "no longer listening"
    );
    drop(held);
}
