//! Relative URLs: a rendered page links its stylesheets, scripts, images, downloads and
//! the other pages relative to itself (`../../static/style.css`, `../star-method/`), so
//! the output works opened from disk (`file://`), under any path of any host, and moved,
//! without `base_url`. Templates and the Markdown stage write URLs from the course root
//! (`/prep/star-method/`); this pass rewrites those in the attributes that hold URLs.
//! Full URLs (`https://…`, `base_url`'s canonical links) are left as they are.

/// The attributes whose values are URLs. `data-root` tells the theme's scripts where
/// the site's root is, relative to the page.
const URL_ATTRIBUTES: [&str; 5] = [
    "href=\"",
    "src=\"",
    "action=\"",
    "data-root=\"",
    "poster=\"",
];

/// `html`, the page at `page_url`, with every URL under `root` in a URL attribute made
/// relative to the page.
pub fn relativize(html: &str, root: &str, page_url: &str) -> String {
    let page_dir = &page_url[..page_url.rfind('/').map_or(0, |slash| slash + 1)];
    let from = folders(page_dir);
    // Only values that start with the root can change: look for those alone. The pass
    // reads every byte of every page (the print page is over 100 MB on a large course).
    let opening = format!("=\"{root}");
    let finder = memchr::memmem::Finder::new(&opening);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut done = 0;
    let mut from_byte = 0;
    while let Some(offset) = finder.find(&html.as_bytes()[from_byte..]) {
        let value_start = from_byte + offset + 2;
        from_byte = value_start;
        let before = &html[..value_start];
        // After whitespace, or after a namespace (`xlink:href`, in a diagram's links).
        let is_url = URL_ATTRIBUTES.iter().any(|attribute| {
            before.ends_with(attribute)
                && before[..before.len() - attribute.len()]
                    .ends_with(|c: char| c.is_ascii_whitespace() || c == ':')
        });
        let end = value_start
            + html[value_start..]
                .find('"')
                .unwrap_or(html.len() - value_start);
        let value = &html[value_start..end];
        if !is_url || value.starts_with("//") {
            continue;
        }
        out.push_str(&html[done..value_start]);
        push_relative(&mut out, &from, value);
        done = end;
        from_byte = end;
    }
    out.push_str(&html[done..]);
    out
}

/// The folders of a path: `/a/b/` -> `["a", "b"]`.
fn folders(path: &str) -> Vec<&str> {
    path.split('/').filter(|part| !part.is_empty()).collect()
}

/// `target` (a path from the site's root, with any `?query` or `#fragment`) as seen from
/// the folder `from` (a path ending in `/`).
pub fn relative(from: &str, target: &str) -> String {
    let mut out = String::new();
    push_relative(&mut out, &folders(from), target);
    out
}

/// [`relative`], from the folders `from`, onto `out`.
fn push_relative(out: &mut String, from: &[&str], target: &str) {
    let split = target.find(['?', '#']).unwrap_or(target.len());
    let (path, suffix) = target.split_at(split);
    let (folder, file) = path.split_at(path.rfind('/').map_or(0, |slash| slash + 1));
    let to = folder.split('/').filter(|part| !part.is_empty());
    let common = from
        .iter()
        .zip(to.clone())
        .take_while(|(a, b)| *a == b)
        .count();
    let start = out.len();
    for _ in common..from.len() {
        out.push_str("../");
    }
    for part in to.skip(common) {
        out.push_str(part);
        out.push('/');
    }
    out.push_str(file);
    if out.len() == start && !suffix.starts_with('#') {
        // The page itself, without a fragment: "./".
        out.push_str("./");
    } else if out[start..]
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        // "a:b.png" would read as a URL with the scheme "a:".
        out.insert_str(start, "./");
    }
    out.push_str(suffix);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_seen_from_the_page() {
        let cases = [
            ("/", "/static/style.css", "static/style.css"),
            ("/a/b/", "/static/style.css", "../../static/style.css"),
            ("/a/b/", "/a/c/", "../c/"),
            ("/a/b/", "/a/b/#part", "#part"),
            ("/a/b/", "/a/b/", "./"),
            ("/a/b/", "/a/b/?question=3#q", "./?question=3#q"),
            ("/a/", "/", "../"),
            ("/", "/", "./"),
            ("/a/", "/a/b/c/", "b/c/"),
            ("/prep/a/", "/prep/print/#x", "../print/#x"),
            ("/", "/404.html", "404.html"),
            ("/", "/a:b.png", "./a:b.png"),
            ("/x/", "/x/c:d/", "./c:d/"),
        ];
        for (from, target, expected) in cases {
            assert_eq!(relative(from, target), expected, "{target} from {from}");
        }
    }

    #[test]
    fn only_url_attributes_under_the_root_change() {
        let html = concat!(
            r#"<link rel="stylesheet" href="/prep/static/style.css">"#,
            r#"<link rel="canonical" href="https://example.com/prep/a/">"#,
            r#"<a href="/prep/b/">B</a><a href="/elsewhere/">E</a><a href="//cdn.example/x">C</a>"#,
            r#"<script src="/prep/static/search.js" data-root="/prep/"></script>"#,
            r#"<form action="/prep/search/"><p title="/prep/a/">/prep/a/ in text</p>"#,
            r#"<img alt="x" src="/prep/img/a.png"><a data-href="/prep/z/">z</a>"#,
            r#"<a xlink:href="/prep/b/">in a diagram</a>"#,
        );
        let page = relativize(html, "/prep/", "/prep/a/");
        assert_eq!(
            page,
            concat!(
                r#"<link rel="stylesheet" href="../static/style.css">"#,
                r#"<link rel="canonical" href="https://example.com/prep/a/">"#,
                r#"<a href="../b/">B</a><a href="/elsewhere/">E</a><a href="//cdn.example/x">C</a>"#,
                r#"<script src="../static/search.js" data-root="../"></script>"#,
                r#"<form action="../search/"><p title="/prep/a/">/prep/a/ in text</p>"#,
                r#"<img alt="x" src="../img/a.png"><a data-href="/prep/z/">z</a>"#,
                r#"<a xlink:href="../b/">in a diagram</a>"#,
            )
        );
    }
}
