//! Link graphs drawn when the site is built, as inline SVG with no script: each page's
//! local graph (the page, the pages it links to and those linking to it, then theirs,
//! [`LOCAL_NODES`] at most) laid out in rings around it, and `/graph/`, the whole
//! course, each section a cluster of its pages placed on a circle. Every node is a link
//! to its page. The layout is a function of the course alone: the same course gives the
//! same SVG.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::f64::consts::TAU;
use std::fmt::Write;
use std::sync::OnceLock;

use crate::markdown::highlight::escape;
use crate::model::{Course, Page};

/// The most pages a local graph shows, the page itself included.
pub const LOCAL_NODES: usize = 16;

/// The most pages `/graph/` draws one by one; a bigger course is drawn by section.
pub const WHOLE_PAGES: usize = 2_000;

/// Which pages link to each page, by the pages' numbers in course order: what
/// [`Links::around`] needs to find a page's neighbourhood without reading every page.
/// `serve` makes one after each relink, off the path of the next save, for that save's
/// first step.
pub struct LinkedFrom {
    at: HashMap<String, usize>,
    /// For each page, the pages that link to it, in course order.
    from: Vec<Vec<usize>>,
}

impl LinkedFrom {
    pub fn of(course: &Course) -> Self {
        let at: HashMap<String, usize> = course
            .every_page()
            .enumerate()
            .map(|(number, page)| (page.url.clone(), number))
            .collect();
        let mut from: Vec<Vec<usize>> = vec![Vec::new(); at.len()];
        for (number, page) in course.every_page().enumerate() {
            for url in page.links.values() {
                if let Some(&to) = at.get(url.split('#').next().unwrap_or(url))
                    && to != number
                    && from[to].last() != Some(&number)
                {
                    from[to].push(number);
                }
            }
        }
        Self { at, from }
    }

    /// The pages that link to the page at `url`, in course order.
    pub fn pages_linking_to<'a>(&self, course: &'a Course, url: &str) -> Vec<&'a Page> {
        self.at.get(url).map_or_else(Vec::new, |&to| {
            self.from[to]
                .iter()
                .map(|&number| self.page(course, number))
                .collect()
        })
    }

    /// The page at `url`.
    pub fn page_at<'a>(&self, course: &'a Course, url: &str) -> Option<&'a Page> {
        self.at.get(url).map(|&number| self.page(course, number))
    }

    /// The page numbered `number` in course order.
    fn page<'a>(&self, course: &'a Course, number: usize) -> &'a Page {
        match number.checked_sub(course.sections.len()) {
            None => &course.sections[crate::model::SectionId(number)].page,
            Some(lecture) => &course.lectures[crate::model::LectureId(lecture)].page,
        }
    }
}

/// The course's pages and who links with whom, both ways.
pub struct Links<'a> {
    pages: Vec<&'a Page>,
    /// Each page's neighbours (indices into `pages`) sorted by title, worked out for a
    /// page when a graph first needs them (serve's edited page needs a few).
    by_title: Vec<OnceLock<Vec<usize>>>,
    /// The same, sorted by index, to ask whether two pages link.
    linked: Vec<Vec<usize>>,
    at: foldhash::HashMap<&'a str, usize>,
    /// Each page's section (an index into the course's sections).
    section: Vec<usize>,
    /// The sections' titles.
    section_titles: Vec<&'a str>,
    /// Each page's title as a node shows it and its URL, escaped, made once, when a
    /// graph first draws the page.
    labels: Vec<OnceLock<(String, String)>>,
}

impl<'a> Links<'a> {
    pub fn of(course: &'a Course) -> Self {
        Self::of_some(course, |_| true)
    }

    /// The graph of the pages around the page at `url`, all those its local graph can
    /// show (within two links of it), with every link between them: its local graph is
    /// the one [`Self::of`] gives, without reading every page's links. `linked_from` was
    /// made from this course, or from one that differs only in this page's text.
    pub fn around(course: &'a Course, url: &str, linked_from: &LinkedFrom) -> Self {
        let Some(&center) = linked_from.at.get(url) else {
            return Self::of_some(course, |_| false);
        };
        let neighbours = |page: usize| {
            let mut found: Vec<usize> = linked_from.from[page].clone();
            found.extend(
                linked_from
                    .page(course, page)
                    .links
                    .values()
                    .filter_map(|url| linked_from.at.get(url.split('#').next().unwrap_or(url)))
                    .copied(),
            );
            found.retain(|&other| other != page);
            found
        };
        let mut near: BTreeSet<usize> = BTreeSet::from([center]);
        for first in neighbours(center) {
            near.insert(first);
            near.extend(neighbours(first));
        }
        Self::of_some(course, |page| near.contains(&page))
    }

    /// The graph of the pages `keep` keeps (by their number in course order, as
    /// [`Course::every_page`] gives them), with the links between them.
    fn of_some(course: &'a Course, keep: impl Fn(usize) -> bool) -> Self {
        let every_section =
            (0..course.sections.len()).chain(course.lectures.iter().map(|l| l.section.0));
        let (pages, section): (Vec<&Page>, Vec<usize>) = course
            .every_page()
            .zip(every_section)
            .enumerate()
            .filter(|&(number, _)| keep(number))
            .map(|(_, kept)| kept)
            .unzip();
        let mut at: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
        at.reserve(pages.len());
        at.extend(pages.iter().enumerate().map(|(n, p)| (p.url.as_str(), n)));
        let mut linked: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
        for (from, page) in pages.iter().enumerate() {
            for url in page.links.values() {
                let path = url.split('#').next().unwrap_or(url);
                if let Some(&to) = at.get(path)
                    && to != from
                {
                    linked[from].push(to);
                    linked[to].push(from);
                }
            }
        }
        for list in &mut linked {
            list.sort_unstable();
            list.dedup();
        }
        let by_title = linked.iter().map(|_| OnceLock::new()).collect();
        let labels = pages.iter().map(|_| OnceLock::new()).collect();
        Self {
            pages,
            by_title,
            linked,
            at,
            section,
            section_titles: course
                .sections
                .iter()
                .map(|s| s.page.title.as_str())
                .collect(),
            labels,
        }
    }

    /// A page's neighbours, sorted by title.
    fn neighbours(&self, page: usize) -> &[usize] {
        self.by_title[page].get_or_init(|| {
            let mut list = self.linked[page].clone();
            let pages = &self.pages;
            list.sort_by(|&a, &b| pages[a].title.cmp(&pages[b].title).then(a.cmp(&b)));
            list
        })
    }

    /// A page's title as a node shows it, and its URL, escaped.
    fn label(&self, page: usize) -> &(String, String) {
        self.labels[page].get_or_init(|| {
            let node = self.pages[page];
            let short: String = node.title.chars().take(28).collect();
            let short = if short.len() < node.title.len() {
                format!("{short}…")
            } else {
                short
            };
            (escape(&short), escape(&node.url))
        })
    }

    /// The pages within two links of the page at `url` (itself included): those whose
    /// local graphs show it.
    pub fn near(&self, url: &str) -> Vec<&'a str> {
        let Some(&center) = self.at.get(url) else {
            return Vec::new();
        };
        let mut near: BTreeSet<usize> = BTreeSet::from([center]);
        for &first in self.neighbours(center) {
            near.insert(first);
            near.extend(self.neighbours(first));
        }
        near.into_iter()
            .map(|p| self.pages[p].url.as_str())
            .collect()
    }

    /// The local graph of the page at `url` as SVG, named `label` for screen readers;
    /// `None` when nothing links with it.
    pub fn local(&self, url: &str, label: &str) -> Option<String> {
        let &center = self.at.get(url)?;
        let first: Vec<usize> = self
            .neighbours(center)
            .iter()
            .copied()
            .take(LOCAL_NODES - 1)
            .collect();
        if first.is_empty() {
            return None;
        }
        let mut shown: Vec<usize> = vec![center];
        shown.extend(&first);
        // The second ring: each near the first-ring page it comes through.
        let mut second: Vec<(usize, usize)> = Vec::new();
        for (slot, &page) in first.iter().enumerate() {
            for &next in self.neighbours(page) {
                if shown.len() + second.len() >= LOCAL_NODES {
                    break;
                }
                if !shown.contains(&next) && !second.iter().any(|&(_, p)| p == next) {
                    second.push((slot, next));
                }
            }
        }
        let mut places: Vec<(usize, f64, f64)> = vec![(center, 0.0, 0.0)];
        let step = TAU / first.len() as f64;
        for (slot, &page) in first.iter().enumerate() {
            let angle = step * slot as f64 - TAU / 4.0;
            places.push((page, 110.0 * angle.cos(), 110.0 * angle.sin()));
        }
        // The second ring evenly around, in the order of the pages they come through, so
        // each sits near its own and no two labels meet.
        let step2 = TAU / second.len().max(1) as f64;
        let offset = if second.is_empty() {
            0.0
        } else {
            step * second[0].0 as f64
        };
        for (n, &(_, page)) in second.iter().enumerate() {
            let angle = offset + step2 * (n as f64 + 0.5) - TAU / 4.0;
            places.push((page, 230.0 * angle.cos(), 230.0 * angle.sin()));
        }
        Some(self.svg(&places, Some(center), 700.0, 540.0, label))
    }

    /// The whole course's graph: each section's pages in a cluster, the clusters on a
    /// circle in section order; past [`WHOLE_PAGES`] pages, the sections alone (see
    /// [`Self::sections_only`]). Screen readers name it `labels`: the one for pages, the
    /// one for sections.
    pub fn whole(&self, labels: (&str, &str)) -> String {
        let (pages_label, sections_label) = labels;
        if self.pages.len() > WHOLE_PAGES {
            return self.sections_only(sections_label);
        }
        let sections: Vec<usize> = {
            let mut list: Vec<usize> = self.section.clone();
            list.sort_unstable();
            list.dedup();
            list
        };
        let members: Vec<Vec<usize>> = sections
            .iter()
            .map(|&section| {
                (0..self.pages.len())
                    .filter(|&p| self.section[p] == section)
                    .collect()
            })
            .collect();
        // Each cluster's radius; the circle they sit on, long enough to hold them all.
        let spacing = 14.0;
        let sizes: Vec<f64> = members
            .iter()
            .map(|m| spacing * (m.len() as f64).sqrt() + 20.0)
            .collect();
        let radius = if sections.len() == 1 {
            0.0
        } else {
            sizes.iter().map(|r| 2.0 * r + 40.0).sum::<f64>() / TAU
        };
        let mut angle = -TAU / 4.0;
        let mut places = Vec::new();
        let mut labels = String::new();
        for (cluster, list) in members.iter().enumerate() {
            let share = (2.0 * sizes[cluster] + 40.0) / (TAU * radius.max(1.0)) * TAU;
            let middle = angle + share / 2.0;
            angle += share;
            let (cx, cy) = (radius * middle.cos(), radius * middle.sin());
            let _ = write!(
                labels,
                "<text class=\"graph-section\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                cy - sizes[cluster] - 6.0,
                escape(self.section_titles[sections[cluster]])
            );
            // A sunflower spiral: even, and the same every time.
            for (n, &page) in list.iter().enumerate() {
                let r = spacing * (n as f64).sqrt();
                let a = n as f64 * 2.399_963;
                places.push((page, cx + r * a.cos(), cy + r * a.sin()));
            }
        }
        let radius = radius + sizes.iter().copied().fold(0.0, f64::max);
        let size = 2.0 * radius + 120.0;
        let svg = self.svg(&places, None, size, size, pages_label);
        let body = svg.strip_suffix("</svg>").unwrap_or(&svg);
        format!("{body}{labels}</svg>")
    }

    /// The course's sections as nodes on a circle, each as large as it has pages and a
    /// link to its page, and one line between two sections whose pages link, as thick as
    /// they have links.
    fn sections_only(&self, label: &str) -> String {
        let mut sizes: Vec<usize> = vec![0; self.section_titles.len()];
        for &section in &self.section {
            sizes[section] += 1;
        }
        let shown: Vec<usize> = (0..sizes.len()).filter(|&s| sizes[s] > 1).collect();
        let count = shown.len().max(1) as f64;
        let radius = 60.0 * count.sqrt() + 120.0;
        let place = |n: usize| {
            let angle = TAU * n as f64 / count - TAU / 4.0;
            (radius * angle.cos(), radius * angle.sin())
        };
        let slot: HashMap<usize, usize> = shown.iter().enumerate().map(|(n, &s)| (s, n)).collect();
        let mut between: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (page, list) in self.linked.iter().enumerate() {
            for &next in list.iter().filter(|&&next| next > page) {
                let (a, b) = (self.section[page], self.section[next]);
                if a != b && slot.contains_key(&a) && slot.contains_key(&b) {
                    *between.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
        }
        let size = 2.0 * radius + 260.0;
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<svg class=\"link-graph\" viewBox=\"{:.0} {:.0} {size:.0} {size:.0}\" role=\"group\" aria-label=\"{}\"><g class=\"graph-edges\">",
            -size / 2.0,
            -size / 2.0,
            escape(label)
        );
        for (&(a, b), &links) in &between {
            let ((x, y), (nx, ny)) = (place(slot[&a]), place(slot[&b]));
            let width = 1.0 + (links as f64).ln();
            let _ = write!(
                svg,
                "<line x1=\"{x:.0}\" y1=\"{y:.0}\" x2=\"{nx:.0}\" y2=\"{ny:.0}\" stroke-width=\"{width:.1}\"/>"
            );
        }
        svg.push_str("</g>");
        for &section in &shown {
            let (x, y) = place(slot[&section]);
            let r = 4.0 + (sizes[section] as f64).sqrt();
            let title = escape(self.section_titles[section]);
            let url = escape(&self.pages[section].url);
            let _ = write!(
                svg,
                "<a class=\"graph-node section-{}\" href=\"{url}\"><circle cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"{r:.0}\"/><text x=\"{x:.0}\" y=\"{:.0}\" text-anchor=\"middle\">{title} ({})</text></a>",
                section % 8,
                y + r + 13.0,
                sizes[section]
            );
        }
        svg.push_str("</svg>");
        svg
    }

    /// The SVG of `places` (page, x, y around the origin) and the links among them,
    /// named `label` for screen readers.
    fn svg(
        &self,
        places: &[(usize, f64, f64)],
        center: Option<usize>,
        width: f64,
        height: f64,
        label: &str,
    ) -> String {
        // Whole numbers are all a reader can tell apart, and much quicker to write.
        let places: Vec<(usize, i64, i64)> = places
            .iter()
            .map(|&(page, x, y)| (page, x.round() as i64, y.round() as i64))
            .collect();
        let labels = places.len() <= LOCAL_NODES;
        let mut svg = String::with_capacity(places.len() * 400);
        let _ = write!(
            svg,
            "<svg class=\"link-graph\" viewBox=\"{:.0} {:.0} {width:.0} {height:.0}\" role=\"group\" aria-label=\"{}\">",
            -width / 2.0,
            -height / 2.0,
            escape(label)
        );
        svg.push_str("<g class=\"graph-edges\">");
        // The edges among the pages drawn: a local graph asks each pair (a page linked
        // with thousands never walks them all); the whole graph walks every page's links.
        let edge = |svg: &mut String, (x, y): (i64, i64), (nx, ny): (i64, i64)| {
            push_numbers(
                svg,
                &["<line x1=\"", "\" y1=\"", "\" x2=\"", "\" y2=\""],
                &[x, y, nx, ny],
            );
            svg.push_str("\"/>");
        };
        if labels {
            for (n, &(page, x, y)) in places.iter().enumerate() {
                for &(next, nx, ny) in &places[n + 1..] {
                    if self.linked[page].binary_search(&next).is_ok() {
                        edge(&mut svg, (x, y), (nx, ny));
                    }
                }
            }
        } else {
            let index: HashMap<usize, (i64, i64)> =
                places.iter().map(|&(p, x, y)| (p, (x, y))).collect();
            for &(page, x, y) in &places {
                for &next in self.linked[page].iter().filter(|&&next| next > page) {
                    if let Some(&to) = index.get(&next) {
                        edge(&mut svg, (x, y), to);
                    }
                }
            }
        }
        svg.push_str("</g>");
        for &(page, x, y) in &places {
            let node = self.pages[page];
            let class = if Some(page) == center {
                "graph-node is-current"
            } else {
                "graph-node"
            };
            let radius = if Some(page) == center {
                8
            } else if labels {
                5
            } else {
                3
            };
            let (short, url) = self.label(page);
            svg.push_str("<a class=\"");
            svg.push_str(class);
            push_numbers(&mut svg, &[" section-"], &[(self.section[page] % 8) as i64]);
            svg.push_str("\" href=\"");
            svg.push_str(url);
            push_numbers(
                &mut svg,
                &["\"><circle cx=\"", "\" cy=\"", "\" r=\""],
                &[x, y, radius],
            );
            svg.push_str("\"/>");
            if labels {
                push_numbers(&mut svg, &["<text x=\"", "\" y=\""], &[x, y + radius + 13]);
                svg.push_str("\">");
                svg.push_str(short);
                svg.push_str("</text>");
            } else {
                svg.push_str("<title>");
                svg.push_str(&escape(&node.title));
                svg.push_str("</title>");
            }
            svg.push_str("</a>");
        }
        svg.push_str("</svg>");
        svg
    }
}

/// `out` with each of `texts` followed by the number in the same place of `numbers`: the
/// SVG's attributes, written without the formatting machinery (a local graph on every
/// page is some 60 numbers).
fn push_numbers(out: &mut String, texts: &[&str], numbers: &[i64]) {
    let mut buffer = itoa::Buffer::new();
    for (text, &number) in texts.iter().zip(numbers) {
        out.push_str(text);
        out.push_str(buffer.format(number));
    }
}

mod page {
    use std::borrow::Cow;

    use serde::Serialize;

    use super::super::{PageBase, Rendered, Renderer, to_value};
    use crate::diagnostic::Diagnostic;
    use crate::model::generated::GRAPH_URL;

    #[derive(Serialize)]
    struct GraphPage<'a> {
        #[serde(flatten)]
        base: PageBase<'a>,
        svg: String,
    }

    impl<'a> Renderer<'a> {
        /// `/graph/`.
        pub(in crate::render) fn graph_page(&self) -> Result<Rendered<'a>, Diagnostic> {
            let url = format!("{}{GRAPH_URL}", self.course.root);
            let context = GraphPage {
                base: self.made_page("graph", self.say("graph.title"), Cow::Owned(url.clone())),
                svg: self.link_graph().whole((
                    self.say("graph.pages_label"),
                    self.say("graph.sections_label"),
                )),
            };
            Ok(Rendered {
                template: "graph.html",
                url,
                page: to_value(&context)?,
                nav: self.nav(None, None, None),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::course_of;

    #[test]
    fn a_hub_s_local_graph_is_capped_and_a_big_course_is_drawn_by_section() {
        let mut files: Vec<(String, String)> = (0..WHOLE_PAGES + 10)
            .map(|n| {
                let folder = ["a", "b", "c"][n % 3];
                (
                    format!("{folder}/n{n}.md"),
                    format!("---\ntitle: N{n}\n---\nSee [hub](/a/hub/).\n"),
                )
            })
            .collect();
        files.push((
            "a/hub.md".into(),
            "---\ntitle: Hub\n---\nEveryone links here.\n".into(),
        ));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let (course, _) = course_of(&refs);
        let links = Links::of(&course);
        let local = links
            .local("/a/hub/", "Pages linked with this one")
            .unwrap();
        assert_eq!(local.matches("<circle").count(), LOCAL_NODES);
        let whole = links.whole(("Pages", "Sections"));
        assert!(whole.contains("aria-label=\"Sections\""), "by section");
        assert_eq!(whole.matches("<circle").count(), 3, "one node a section");
        assert!(whole.len() < 10_000, "{} bytes", whole.len());
    }
}
