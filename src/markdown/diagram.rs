//! Mermaid diagrams drawn at build time: a fenced ```` ```mermaid ```` block becomes
//! inline SVG, drawn by the `merman` crate (a Rust implementation of Mermaid) in
//! Mermaid's light theme, with the stylesheet of its dark theme added under
//! `prefers-color-scheme: dark` (on screens only: print is always light). Drawings are kept
//! by their source, in this process (so `serve` redraws only a diagram that changed and
//! the print page reuses the site's) and in the course's `.prepress-cache/` (so a build
//! draws only the diagrams that changed since the last one). A drawing kept on disk is
//! checked against the hash written with it; one that fails (cut short, edited) is drawn
//! again and noted, for the build to say so ([`take_damaged_drawings`]). A diagram that
//! does not parse is reported in prepress's words, at its line when merman says where.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use merman::{
    Engine, MermaidConfig, OperationControl, RenderError, RenderOutput, RenderRequest, Renderer,
    SvgRequest,
};

use crate::markdown::highlight::escape;
use crate::markdown::memo::Memo;
use crate::markdown::slug::stable_hash;

/// The diagram kinds prepress is built with (merman's cargo features), for messages.
pub const KINDS: &str = "flowchart, sequence, class, state, ER, gantt, mindmap and pie";

/// Whether a fenced code block holds a Mermaid diagram (```` ```mermaid ````).
pub fn is_fence(language: &str) -> bool {
    language.split_whitespace().next() == Some("mermaid")
}

/// A diagram drawn in both themes, with a placeholder for its ids ([`PLACEHOLDER_ID`]).
#[derive(Debug)]
pub struct Drawing {
    /// The light drawing, with the dark theme's stylesheet for dark screens.
    svg: String,
    /// The accessible name: the diagram's `accTitle`, else its kind and its labels.
    name: String,
    /// The diagram's `accDescr`, when it has one.
    description: Option<String>,
}

/// Why a diagram could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    /// Where in the diagram's source, in bytes, when merman says.
    pub offset: Option<usize>,
    pub hint: Option<String>,
}

/// The id merman draws with; each use on a page replaces it with the page's own id, so
/// one cached drawing serves every page and two diagrams on a page never share ids.
const PLACEHOLDER_ID: &str = "prepress-diagram-0d1a";

#[derive(Clone, Copy)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn mermaid_name(self) -> &'static str {
        match self {
            Theme::Light => "default",
            Theme::Dark => "dark",
        }
    }

    fn renderer(self) -> &'static Renderer {
        static RENDERERS: OnceLock<[Renderer; 2]> = OnceLock::new();
        let renderers = RENDERERS.get_or_init(|| {
            [Theme::Light, Theme::Dark].map(|theme| {
                let config = serde_json::json!({ "theme": theme.mermaid_name() });
                Renderer::new()
                    .with_engine(Engine::new().with_site_config(MermaidConfig::from_value(config)))
            })
        });
        &renderers[self as usize]
    }
}

type Drawn = Arc<Result<Drawing, Failure>>;

/// Diagrams already drawn in this process, by their source.
static DRAWN: Memo<Box<str>, Drawn> = Memo::new(8192);

/// The diagram `source` drawn, or why it cannot be: from the cache when this process
/// drew the same source before, or from the disk cache when a build did.
pub fn draw(source: &str) -> Drawn {
    if let Some(drawn) = DRAWN.get(source) {
        // Still in use: a build must not prune its file.
        DiskCache::path(source);
        return drawn;
    }
    let drawn = Arc::new(match DiskCache::read(source) {
        Some(drawing) => Ok(drawing),
        None => {
            let drawn = draw_both(source);
            if let Ok(drawing) = &drawn {
                DiskCache::write(source, drawing);
            }
            drawn
        }
    });
    DRAWN.insert(source.into(), drawn.clone());
    drawn
}

/// Drawings kept on disk between builds: one file per diagram, named by a hash of its
/// source: a line of JSON ([`CachedDrawing`]: the format, the source, which must match,
/// the name and description, the drawing's hash), then the SVG as it is. A build
/// removes the drawings it did not use ([`prune_unused_drawings`]).
struct DiskCache {
    dir: PathBuf,
    /// The files this process read or wrote.
    used: HashSet<String>,
    /// The files found damaged since the build last asked ([`take_damaged_drawings`]).
    damaged: Vec<String>,
}

/// The layout of the cache's files; part of their names, so files of another layout
/// are never read, only pruned.
const DISK_LAYOUT: u32 = 2;

/// The cache's files change when their format, or the drawing, would.
/// So does a new merman that draws differently: the format holds a hash of a small
/// drawing made by this binary, which any change in merman's output changes.
fn disk_format() -> &'static str {
    static FORMAT: OnceLock<String> = OnceLock::new();
    FORMAT.get_or_init(|| {
        let probe = "flowchart LR\n  A[Probe] --> B{Probe?}\n";
        let drawn = svg(probe, Theme::Light).unwrap_or_default()
            + &svg(probe, Theme::Dark).unwrap_or_default();
        format!(
            "prepress {}, layout {DISK_LAYOUT}, drawing {:016x}",
            env!("CARGO_PKG_VERSION"),
            stable_hash(drawn.bytes())
        )
    })
}

/// The first line of a drawing's file.
#[derive(serde::Serialize, serde::Deserialize)]
struct CachedDrawing {
    format: String,
    source: String,
    name: String,
    description: Option<String>,
    /// The drawing's hash ([`drawing_hash`]), in hex.
    hash: String,
}

/// The hash a kept drawing is checked against: of its SVG, name and description, each
/// with its length, so no text can pass for another's.
fn drawing_hash(drawing: &Drawing) -> String {
    let parts = [
        Some(drawing.svg.as_str()),
        Some(drawing.name.as_str()),
        drawing.description.as_deref(),
    ];
    let bytes = parts.into_iter().flat_map(|part| {
        let (there, text) = part.map_or((0, ""), |text| (1, text));
        std::iter::once(there)
            .chain((text.len() as u64).to_le_bytes())
            .chain(text.bytes())
    });
    format!("{:016x}", stable_hash(bytes))
}

/// A drawing's file: its header line, then its SVG.
fn drawing_file(source: &str, drawing: &Drawing) -> Option<String> {
    let header = CachedDrawing {
        format: disk_format().to_string(),
        source: source.to_string(),
        name: drawing.name.clone(),
        description: drawing.description.clone(),
        hash: drawing_hash(drawing),
    };
    let header = serde_json::to_string(&header).ok()?;
    Some(format!("{header}\n{}", drawing.svg))
}

/// The drawing of `source` a drawing's file holds, when the file is whole: made by this
/// prepress, for this source, and hashing as its header says.
fn kept_drawing(bytes: &[u8], source: &str) -> Option<Drawing> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (header, svg) = text.split_once('\n')?;
    let cached: CachedDrawing = serde_json::from_str(header).ok()?;
    let drawing = Drawing {
        svg: svg.to_string(),
        name: cached.name,
        description: cached.description,
    };
    let whole = cached.format == disk_format()
        && cached.source == source
        && cached.hash == drawing_hash(&drawing);
    whole.then_some(drawing)
}

fn disk_cache() -> &'static Mutex<Option<DiskCache>> {
    static DISK: Mutex<Option<DiskCache>> = Mutex::new(None);
    &DISK
}

/// Keep drawings in `dir` between builds (made when first needed). A `dir` that is a
/// symbolic link is not used: prepress writes nothing through one.
pub fn keep_drawings_in(dir: &Path) {
    let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    if let Ok(mut disk) = disk_cache().lock() {
        let same = disk.as_ref().is_some_and(|disk| disk.dir == dir);
        if !same {
            *disk = (!is_link).then(|| DiskCache {
                dir: dir.to_path_buf(),
                used: HashSet::new(),
                damaged: Vec::new(),
            });
        }
    }
}

/// The drawings found damaged on disk (their file names) since this was last asked;
/// each was drawn again.
pub fn take_damaged_drawings() -> Vec<String> {
    let Ok(mut disk) = disk_cache().lock() else {
        return Vec::new();
    };
    disk.as_mut()
        .map(|disk| std::mem::take(&mut disk.damaged))
        .unwrap_or_default()
}

/// Removes the drawings on disk that this process did not use: after a whole build,
/// the diagrams the course no longer has.
pub fn prune_unused_drawings() {
    let Ok(disk) = disk_cache().lock() else {
        return;
    };
    let Some(disk) = disk.as_ref() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(&disk.dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".svg") && !disk.used.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl DiskCache {
    fn file_name(source: &str) -> String {
        let hash = stable_hash(disk_format().bytes().chain([0]).chain(source.bytes()));
        format!("{hash:016x}.svg")
    }

    /// Where the drawing of `source` is kept, noted as used; `None` without a cache.
    fn path(source: &str) -> Option<PathBuf> {
        let mut disk = disk_cache().lock().ok()?;
        let disk = disk.as_mut()?;
        let name = Self::file_name(source);
        let path = disk.dir.join(&name);
        disk.used.insert(name);
        Some(path)
    }

    /// The kept drawing of `source`, if there is one; a file there that is not whole
    /// is noted as damaged.
    fn read(source: &str) -> Option<Drawing> {
        let path = Self::path(source)?;
        let bytes = std::fs::read(&path).ok()?;
        let drawing = kept_drawing(&bytes, source);
        if drawing.is_none() {
            Self::damaged(&path);
        }
        drawing
    }

    /// Notes the drawing's file at `path` as found damaged.
    fn damaged(path: &Path) {
        let name = path.file_name().map(|name| name.to_string_lossy());
        if let (Ok(mut disk), Some(name)) = (disk_cache().lock(), name)
            && let Some(disk) = disk.as_mut()
        {
            disk.damaged.push(name.into_owned());
        }
    }

    /// Best effort: a cache that cannot be written only costs time.
    fn write(source: &str, drawing: &Drawing) {
        let Some(path) = Self::path(source) else {
            return;
        };
        let Some(dir) = path.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Some(text) = drawing_file(source, drawing) else {
            return;
        };
        if let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) {
            use std::io::Write;
            if file.write_all(text.as_bytes()).is_ok() {
                let _ = file.persist(&path);
            }
        }
    }
}

fn draw_both(source: &str) -> Result<Drawing, Failure> {
    // A panic in merman on some input is that diagram's error, not the build's end.
    std::panic::catch_unwind(|| draw_both_themes(source)).unwrap_or_else(|_| {
        Err(Failure {
            message: "the Mermaid diagram could not be drawn (merman stopped on it)".to_string(),
            offset: None,
            hint: Some("simplify the diagram, or show it as a code block (```text)".to_string()),
        })
    })
}

fn draw_both_themes(source: &str) -> Result<Drawing, Failure> {
    let light = svg(source, Theme::Light)?;
    let dark = svg(source, Theme::Dark)?;
    let name = tag_text(&light, "<title").unwrap_or_else(|| derived_name(&light));
    let description = tag_text(&light, "<desc");
    Ok(Drawing {
        svg: with_dark_style(light, &dark),
        name,
        description,
    })
}

fn svg(source: &str, theme: Theme) -> Result<String, Failure> {
    let mut request = SvgRequest::default();
    request.options.diagram_id = Some(PLACEHOLDER_ID.to_string());
    let request = RenderRequest::svg(source, OperationControl::new(), request);
    match theme.renderer().render(request) {
        Ok(RenderOutput::Svg(Some(svg))) => Ok(own_ids(svg.svg())),
        Ok(_) | Err(RenderError::NoDiagram) => Err(Failure {
            message: "this mermaid block does not start with a diagram kind".to_string(),
            offset: None,
            hint: Some(format!(
                "start it with the diagram's kind, such as `flowchart TD`; prepress draws {KINDS} diagrams"
            )),
        }),
        Err(error) => Err(failure(&error)),
    }
}

/// The light drawing with the dark one's stylesheet after its own, for dark screens: the
/// two themes draw the same shapes and differ in their stylesheets, and the dark one's
/// rules (the same selectors, later) win where it applies. Mermaid's dark theme writes
/// edge labels in #ccc on #585858, a contrast of 4.4:1, under WCAG AA's 4.5; their box
/// is made darker (#4a4a4a, 5.5:1).
fn with_dark_style(mut light: String, dark: &str) -> String {
    let dark_style = dark
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(style, _)| style);
    if let (Some(style), Some(end)) = (dark_style, light.find("</style>")) {
        // Every rule of the drawing's stylesheet starts with its id.
        let id = style
            .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()
            .filter(|id| id.starts_with('#'))
            .unwrap_or("");
        let labels = format!(
            "{id} .edgeLabel,{id} .edgeLabel p,{id} .labelBkg{{background-color:#4a4a4a}}\
             {id} .edgeLabel rect{{fill:#4a4a4a}}"
        );
        let at = end + "</style>".len();
        light.insert_str(
            at,
            &format!(
                "<style>@media screen and (prefers-color-scheme: dark){{{style}{labels}}}</style>"
            ),
        );
    }
    light
}

/// The drawing with every id its own: merman leaves a few ids without the diagram's
/// (a sequence diagram's `actor0`), which two diagrams on a page would share, and gives
/// some twice within one drawing (a mind map's nodes). The first kind gets the
/// placeholder in front, with the references to it; a repeat gets a number after.
fn own_ids(svg: &str) -> String {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut foreign: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(svg.len() + 256);
    let mut rest = svg;
    while let Some(at) = rest.find(" id=\"") {
        let (before, after) = rest.split_at(at + 5);
        out.push_str(before);
        let Some(end) = after.find('"') else {
            rest = after;
            break;
        };
        let id = &after[..end];
        let count = seen.entry(id).or_insert(0);
        *count += 1;
        // merman's own ids hold the diagram's id somewhere (`chart-title-<id>`, which
        // `aria-labelledby` names without a `#`): those are ours already.
        if !id.contains(PLACEHOLDER_ID) {
            out.push_str(PLACEHOLDER_ID);
            out.push('-');
            if *count == 1 {
                foreign.push(id);
            }
        }
        out.push_str(id);
        if *count > 1 {
            out.push_str(&format!("-{count}"));
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    for id in foreign {
        for (old, new) in [
            (format!("#{id}\""), format!("#{PLACEHOLDER_ID}-{id}\"")),
            (format!("#{id})"), format!("#{PLACEHOLDER_ID}-{id})")),
        ] {
            out = out.replace(&old, &new);
        }
    }
    out
}

/// merman's error in prepress's words.
fn failure(error: &RenderError) -> Failure {
    let (text, offset) = match error {
        RenderError::Parse(diagnostic) => (
            diagnostic.terminal_safe_message(),
            diagnostic
                .terminal_diagnostic_details()
                .span
                .map(|span| span.start),
        ),
        other => (other.to_string(), None),
    };
    let what = text.lines().next().unwrap_or(&text);
    // "Diagram parse error (flowchart-v2): Unterminated node label" -> the part after ": "
    let what = match what.strip_prefix("Diagram parse error") {
        Some(rest) => rest.split_once("): ").map_or(rest, |(_, why)| why),
        None => what,
    };
    if text.contains("diagram type detected") {
        return Failure {
            message: "this mermaid block does not start with a diagram kind".to_string(),
            offset: None,
            hint: Some(format!(
                "start it with one, such as `flowchart TD`; prepress draws {KINDS} diagrams"
            )),
        };
    }
    // "unsupported diagram type: gitGraph; enable the `diagram-git-graph` ... feature":
    // merman's advice is for whoever builds prepress, not for the author.
    let lowered = lower_first(what);
    if let Some(rest) = lowered.strip_prefix("unsupported diagram type: ") {
        let kind = rest.split(';').next().unwrap_or(rest).trim();
        return Failure {
            message: format!("prepress does not draw `{kind}` diagrams"),
            offset: None,
            hint: Some(format!("prepress draws {KINDS} diagrams")),
        };
    }
    Failure {
        message: format!(
            "the Mermaid diagram does not parse: {}",
            lower_first(what.trim())
        ),
        offset,
        hint: None,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of the first element opened by `open` (`<title`), unescaped.
fn tag_text(svg: &str, open: &str) -> Option<String> {
    let opened = &svg[svg.find(open)?..];
    let inside = &opened[opened.find('>')? + 1..];
    let text = unescape(inside[..inside.find("</")?].trim());
    (!text.is_empty()).then_some(text)
}

/// A name for a diagram without `accTitle`: its kind and the first of its labels,
/// "Flowchart: Ask, Clear?, Estimate".
fn derived_name(svg: &str) -> String {
    let role = svg
        .split_once("aria-roledescription=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("", |(role, _)| role);
    let kind = match role {
        r if r.starts_with("flowchart") => "Flowchart",
        r if r.starts_with("sequence") => "Sequence diagram",
        r if r.starts_with("class") => "Class diagram",
        r if r.starts_with("state") => "State diagram",
        r if r.starts_with("er") => "Entity relationship diagram",
        r if r.starts_with("gantt") => "Gantt chart",
        r if r.starts_with("mindmap") => "Mind map",
        r if r.starts_with("pie") => "Pie chart",
        _ => "Diagram",
    };
    let labels = labels(svg, 8);
    match labels.is_empty() {
        true => kind.to_string(),
        false => format!("{kind}: {}", labels.join(", ")),
    }
}

/// Up to `most` distinct texts shown in a drawing, in order, unescaped.
fn labels(svg: &str, most: usize) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let text = unescape(rest[..open].trim());
        if !text.is_empty() && !found.contains(&text) {
            found.push(text);
            if found.len() == most {
                break;
            }
        }
        rest = &rest[open..];
        // Skip what is not shown: the stylesheet, the title and description.
        let skipped = ["<style", "<title", "<desc"]
            .iter()
            .find(|tag| rest.starts_with(**tag))
            .and_then(|tag| rest.find(&format!("</{}>", &tag[1..])));
        rest = match skipped {
            Some(end) => &rest[end..],
            None => &rest[1..],
        };
        rest = rest.find('>').map_or("", |close| &rest[close + 1..]);
    }
    found
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The figure for a diagram drawn with the id `id`, named for assistive technology as
/// one image.
pub fn figure(drawing: &Drawing, id: &str) -> String {
    let description = drawing
        .description
        .as_ref()
        .map(|text| format!(" aria-description=\"{}\"", escape(text)))
        .unwrap_or_default();
    format!(
        "<figure class=\"diagram\" role=\"img\" aria-label=\"{name}\"{description}>{svg}</figure>\n",
        name = escape(&drawing.name),
        svg = drawing.svg.replace(PLACEHOLDER_ID, id),
    )
}

/// The id of a page's `index`th diagram with this source: its source's hash keeps
/// diagrams from different pages apart where several are shown on one page (answers on
/// the question bank), the index keeps a page's own apart.
pub fn id_for(source: &str, index: usize) -> String {
    let hash = stable_hash(source.bytes());
    format!("diagram-{:08x}-{index}", hash as u32)
}

/// A diagram that did not draw (the scan reported it, so a build stops): its source.
pub fn failed(source: &str) -> String {
    format!(
        "<pre class=\"diagram-error\"><code class=\"language-mermaid\">{}</code></pre>\n",
        escape(source)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOW: &str = "flowchart TD\n  A[Ask] --> B{Clear?}\n  B -->|yes| C[Estimate]\n";

    #[test]
    fn only_mermaid_fences_are_diagrams() {
        assert!(is_fence("mermaid"));
        assert!(is_fence("mermaid title=x"));
        assert!(!is_fence("mermaidjs"));
        assert!(!is_fence("rust"));
        assert!(!is_fence(""));
    }

    #[test]
    fn a_flowchart_draws_in_both_themes_with_its_ids_placed() {
        let drawn = draw(FLOW);
        let drawing = drawn.as_ref().as_ref().unwrap();
        let styles: Vec<_> = drawing.svg.match_indices("<style>").collect();
        assert_eq!(styles.len(), 2, "light, then dark");
        assert!(drawing.svg[styles[1].0..].starts_with(
            "<style>@media screen and (prefers-color-scheme: dark){#prepress-diagram-0d1a{"
        ));
        let html = figure(drawing, "diagram-1");
        assert!(!html.contains(PLACEHOLDER_ID), "{html}");
        assert!(html.contains("id=\"diagram-1\""));
        assert!(
            html.contains("aria-label=\"Flowchart: yes, Ask, Clear?, Estimate\""),
            "{}",
            &html[..300]
        );
    }

    #[test]
    fn acc_title_and_description_name_the_figure() {
        let source = "flowchart LR\n  accTitle: Request path\n  accDescr: From the client to the cache\n  A --> B\n";
        let drawn = draw(source);
        let html = figure(drawn.as_ref().as_ref().unwrap(), "d");
        assert!(html.contains("aria-label=\"Request path\""), "{html}");
        assert!(
            html.contains("aria-labelledby=\"chart-title-d\"")
                && html.contains("id=\"chart-title-d\""),
            "the SVG's own name still resolves: {html}"
        );
        assert!(html.contains("aria-description=\"From the client to the cache\""));
    }

    #[test]
    fn drawing_is_deterministic_and_cached() {
        let first = draw(FLOW);
        let again = draw(FLOW);
        assert!(Arc::ptr_eq(&first, &again));
        let fresh = draw_both(FLOW).unwrap();
        assert_eq!(fresh.svg, first.as_ref().as_ref().unwrap().svg);
    }

    #[test]
    fn a_broken_diagram_says_where() {
        let source = "flowchart TD\n  A[Ask] --> B{Clear?\n  B --> C\n";
        let failure = draw(source).as_ref().as_ref().unwrap_err().clone();
        assert!(
            failure
                .message
                .starts_with("the Mermaid diagram does not parse: "),
            "{failure:?}"
        );
        let offset = failure.offset.expect("merman gives a span");
        assert_eq!(source[..offset].matches('\n').count(), 1, "on line 2");
    }

    #[test]
    fn an_unknown_kind_names_the_kinds_there_are() {
        let failure = draw("gitGraph\n  commit\n")
            .as_ref()
            .as_ref()
            .unwrap_err()
            .clone();
        assert_eq!(
            failure.message,
            "prepress does not draw `gitGraph` diagrams"
        );
        assert!(failure.hint.unwrap_or_default().contains("flowchart"));
        let empty = draw("%% only a comment\n")
            .as_ref()
            .as_ref()
            .unwrap_err()
            .clone();
        assert!(empty.message.contains("diagram kind"), "{empty:?}");
    }

    #[test]
    fn every_id_in_a_drawing_is_its_own_and_once() {
        let svg = "<svg id=\"prepress-diagram-0d1a\"><line id=\"actor0\"/><use href=\"#actor0\"/>\
                   <g id=\"prepress-diagram-0d1a-node_1\"><path id=\"prepress-diagram-0d1a-node_1\"/></g></svg>";
        assert_eq!(
            own_ids(svg),
            "<svg id=\"prepress-diagram-0d1a\"><line id=\"prepress-diagram-0d1a-actor0\"/><use href=\"#prepress-diagram-0d1a-actor0\"/>\
             <g id=\"prepress-diagram-0d1a-node_1\"><path id=\"prepress-diagram-0d1a-node_1-2\"/></g></svg>"
        );
    }

    #[test]
    fn an_element_text_is_read_after_its_opening_tag() {
        // "</" inside an attribute, before the tag's end, used to slice backwards.
        let odd = tag_text("<svg><title a=\"</b>\">Name</title></svg>", "<title");
        assert!(odd.is_some_and(|text| text.ends_with("Name")), "no panic");
        assert_eq!(
            tag_text(
                "<svg><title id=\"t\">Name &amp; more</title></svg>",
                "<title"
            )
            .as_deref(),
            Some("Name & more")
        );
        assert_eq!(
            tag_text("<svg><title id=\"t\"></title></svg>", "<title"),
            None
        );
    }

    const KEPT: &str = "flowchart LR\n  accTitle: Kept\n  accDescr: Kept on disk\n  A --> B\n";

    /// The file the disk cache keeps for [`KEPT`], and the drawing.
    fn kept_file() -> (String, Drawing) {
        let drawing = draw_both(KEPT).unwrap();
        (drawing_file(KEPT, &drawing).unwrap(), drawing)
    }

    #[test]
    fn a_kept_drawing_reads_back_whole() {
        let (file, drawing) = kept_file();
        let read = kept_drawing(file.as_bytes(), KEPT).expect("whole");
        assert_eq!(read.svg, drawing.svg);
        assert_eq!(read.name, "Kept");
        assert_eq!(read.description.as_deref(), Some("Kept on disk"));
        assert!(
            kept_drawing(file.as_bytes(), FLOW).is_none(),
            "another source"
        );
    }

    #[test]
    fn a_kept_drawing_cut_short_or_edited_is_not_given() {
        let (file, _) = kept_file();
        let read = |text: &[u8]| kept_drawing(text, KEPT);
        for len in (0..file.len()).step_by(7) {
            assert!(read(&file.as_bytes()[..len]).is_none(), "cut at {len}");
        }
        let (header, svg) = file.split_once('\n').unwrap();
        let edits = [
            format!(
                "{header}\n{}",
                svg.replacen("</svg>", "<text>x</text></svg>", 1)
            ),
            format!("{header}\n{}", svg.replacen("<g", "<g ", 1)),
            format!("{}\n{svg}", header.replacen("\"Kept\"", "\"Kepd\"", 1)),
            format!(
                "{}\n{svg}",
                header.replacen("Kept on disk", "Kept on disc", 1)
            ),
            format!("{}\n{svg}", header.replacen("\"Kept on disk\"", "null", 1)),
        ];
        for edited in edits {
            assert_ne!(edited, file);
            assert!(read(edited.as_bytes()).is_none(), "{}", &edited[..200]);
        }
        let mut flipped = file.clone().into_bytes();
        let middle = header.len() + svg.len() / 2;
        flipped[middle] ^= 0x01;
        assert!(read(&flipped).is_none(), "a flipped bit");
    }

    #[test]
    fn ids_differ_by_source_and_position() {
        assert_ne!(id_for(FLOW, 0), id_for(FLOW, 1));
        assert_ne!(id_for(FLOW, 0), id_for("pie\n  \"a\": 1\n", 0));
        assert_eq!(id_for(FLOW, 0), id_for(FLOW, 0));
    }
}
