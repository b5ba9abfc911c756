//! The question bank as data files for the pages that show it, split the way the search
//! index is: `question-bank/index.js` holds what every study page needs of every question (its
//! id, principles and facets, a few dozen bytes each), and `question-bank/shard-N.js` files of
//! about [`SHARD_BYTES`] hold the texts, follow-ups, links and answers, fetched only for
//! the questions a page shows. They are scripts, not JSON, so they load from `file://`
//! as well as from any server; `static/bank.js` reads them. Every URL in them is
//! relative to the course root, which the script resolves against the page's.
//!
//! The bank's order is the course's question order (`Course::questions`), the order
//! practice offers new questions in and the mock loop deals from.

use serde::Serialize;

use super::SiteFiles;
use crate::markdown;
use crate::markdown::slug::content_hash;
use crate::model::generated::BANK_FOLDER;
use crate::model::{Course, Question, QuestionId};

/// A shard is closed once its JSON is this long (a question with a long answer may make
/// it longer): a page showing one question waits for about this much.
pub const SHARD_BYTES: usize = 64 * 1024;

/// General probes for a question without follow-ups of its own.
pub const PROBES: &[&str] = &[
    "What exactly was your part in it, as opposed to the team's?",
    "If you faced the same situation tomorrow, what would you do differently?",
    "How did you know it worked? What did you measure?",
    "What changed for good afterwards, for the team or the customer?",
    "What was the hardest decision along the way, and what were the alternatives?",
];

/// A question's answer, Markdown rendered to HTML (its links as written).
pub fn answer_html(question: &Question) -> Option<String> {
    let answer = question.answer.as_deref()?;
    let scan = markdown::scan(answer, &mut ());
    Some(markdown::render(
        answer,
        &scan.headings,
        &Default::default(),
        "",
    ))
}

/// A name for the bank's state, different whenever its files differ: the study pages
/// ask for `question-bank/index.js?v=VERSION`, so a browser never mixes an old index with new
/// shards. Made from what the files are made of, without making them.
pub fn version(course: &Course) -> String {
    let mut hash = 0u64;
    let mut add = |field: &str| hash = hash.rotate_left(5) ^ content_hash(field.as_bytes());
    for q in &course.questions {
        for field in [q.id.as_str(), &q.text, &q.url, &q.section] {
            add(field);
        }
        for field in [
            &q.answer,
            &q.company,
            &q.level,
            &q.topic,
            &q.difficulty,
            &q.language,
        ] {
            add(field.as_deref().unwrap_or("\u{0}"));
        }
        add(&q.followups.join("\n"));
        add(&q.principles.join("\n"));
    }
    for p in &course.principles {
        for field in [&p.slug, &p.title, &p.url] {
            add(field);
        }
        add(&format!("{:?}", p.stories));
    }
    for &story in &course.stories {
        let page = &course.lectures[story].page;
        add(&page.url);
        add(&page.title);
    }
    format!("{hash:016x}")
}

/// The values one facet takes, each question's as an index into them.
#[derive(Default, Serialize)]
struct Facet<'a> {
    values: Vec<&'a str>,
}

impl<'a> Facet<'a> {
    /// The index of `value` (`-1` for none), added when new.
    fn index(&mut self, value: Option<&'a str>) -> i64 {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            return -1;
        };
        let at = match self.values.iter().position(|&v| v == value) {
            Some(at) => at,
            None => {
                self.values.push(value);
                self.values.len() - 1
            }
        };
        at as i64
    }
}

/// The facets the bank is filtered by.
#[derive(Default, Serialize)]
struct Facets<'a> {
    section: Facet<'a>,
    company: Facet<'a>,
    level: Facet<'a>,
    topic: Facet<'a>,
    difficulty: Facet<'a>,
    language: Facet<'a>,
}

/// One question in the index: `[id, [principle...], section, company, level, topic,
/// difficulty, language, answered]`, the facets as indices (`-1` for none).
#[derive(Serialize)]
struct IndexQuestion<'a>(&'a str, Vec<usize>, i64, i64, i64, i64, i64, i64, u8);

#[derive(Serialize)]
struct IndexPrinciple<'a> {
    slug: &'a str,
    title: &'a str,
    /// Relative to the course root.
    url: &'a str,
}

#[derive(Serialize)]
struct IndexStory<'a> {
    key: &'a str,
    title: &'a str,
    /// Relative to the course root.
    url: &'a str,
    /// The principles the story covers (indices into `principles`).
    principles: Vec<usize>,
}

/// `question-bank/index.js`'s data.
#[derive(Serialize)]
struct Index<'a> {
    /// Changes with the bank: scripts ask for `shard-N.js?v=VERSION`.
    version: String,
    /// The position in the bank of each shard's first question.
    shards: Vec<usize>,
    principles: Vec<IndexPrinciple<'a>>,
    stories: Vec<IndexStory<'a>>,
    probes: &'static [&'static str],
    facets: Facets<'a>,
    questions: Vec<IndexQuestion<'a>>,
}

/// One question in a shard: `[text, [follow-up...], url, answer HTML or null]`.
#[derive(Serialize)]
struct ShardQuestion<'a>(&'a str, &'a [String], &'a str, Option<String>);

/// The bank's files (none for a course without questions).
pub fn files(course: &Course) -> SiteFiles {
    let mut files = SiteFiles::new();
    if course.questions.is_empty() {
        return files;
    }
    let order: Vec<QuestionId> = QuestionId::all(course.questions.len()).collect();
    let shards = shards(course, &order);
    let mut starts = Vec::with_capacity(shards.len());
    let mut start = 0;
    for (number, (count, json)) in shards.iter().enumerate() {
        starts.push(start);
        start += count;
        files.insert(
            format!("{BANK_FOLDER}shard-{number}.js"),
            format!("prepressBankShard({number},{json});\n").into_bytes(),
        );
    }
    let index = index(course, &order, starts, version(course));
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{}".to_string());
    files.insert(
        format!("{BANK_FOLDER}index.js"),
        format!("prepressBankIndex({json});\n").into_bytes(),
    );
    files
}

/// The shards, in bank order: how many questions each holds, and its JSON.
fn shards(course: &Course, order: &[QuestionId]) -> Vec<(usize, String)> {
    let root = course.root.as_str();
    let rows: Vec<String> = order
        .iter()
        .map(|&id| {
            let question = &course.questions[id];
            let answer =
                answer_html(question).map(|html| super::relative::relativize(&html, root, root));
            let row = ShardQuestion(
                &question.text,
                &question.followups,
                question.url.strip_prefix(root).unwrap_or(&question.url),
                answer,
            );
            serde_json::to_string(&row).unwrap_or_else(|_| "null".to_string())
        })
        .collect();
    let mut shards = Vec::new();
    let mut json = String::new();
    let mut count = 0;
    for row in rows {
        json.push(if count == 0 { '[' } else { ',' });
        json.push_str(&row);
        count += 1;
        if json.len() >= SHARD_BYTES {
            json.push(']');
            shards.push((count, std::mem::take(&mut json)));
            count = 0;
        }
    }
    if count > 0 {
        json.push(']');
        shards.push((count, json));
    }
    shards
}

/// The index of the bank in `order`, whose shards start at `starts`.
fn index<'a>(
    course: &'a Course,
    order: &[QuestionId],
    starts: Vec<usize>,
    version: String,
) -> Index<'a> {
    let root = course.root.as_str();
    let under_root = |url: &'a str| url.strip_prefix(root).unwrap_or(url);
    let principle_of = |slug: &str| course.principles.iter().position(|p| p.slug == slug);
    let mut facets = Facets::default();
    let questions = order
        .iter()
        .map(|&id| {
            let q = &course.questions[id];
            IndexQuestion(
                &q.id,
                q.principles
                    .iter()
                    .filter_map(|s| principle_of(s))
                    .collect(),
                facets.section.index(Some(&q.section)),
                facets.company.index(q.company.as_deref()),
                facets.level.index(q.level.as_deref()),
                facets.topic.index(q.topic.as_deref()),
                facets.difficulty.index(q.difficulty.as_deref()),
                facets.language.index(q.language.as_deref()),
                u8::from(q.answer.is_some()),
            )
        })
        .collect();
    let principles = course
        .principles
        .iter()
        .map(|p| IndexPrinciple {
            slug: &p.slug,
            title: &p.title,
            url: under_root(&p.url),
        })
        .collect();
    let stories = course
        .stories
        .iter()
        .map(|&id| {
            let page = &course.lectures[id].page;
            IndexStory {
                key: under_root(&page.url),
                title: &page.title,
                url: under_root(&page.url),
                principles: course
                    .principles
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.stories.contains(&id))
                    .map(|(at, _)| at)
                    .collect(),
            }
        })
        .collect();
    Index {
        version,
        shards: starts,
        principles,
        stories,
        probes: PROBES,
        facets,
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::course_of;

    fn script_json(bytes: &[u8], call: &str) -> serde_json::Value {
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text
            .strip_prefix(call)
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_index_and_shards_hold_every_question_once_in_bank_order() {
        let long = "x".repeat(SHARD_BYTES / 3);
        let page = format!(
            "---\ntitle: P\nprinciples: [Ownership]\ncompany: Acme\n---\n\
             # Question\n\nWhat is A?\n\n## Answer\n\n{long}\n\n\
             # Question\n\nWhat is B?\n\n## Answer\n\n{long}\n\n\
             # Question\n\nWhat is C?\n\n## Answer\n\n{long}\n\n\
             # Question\n\nWhat is D?\n\n## Answer\n\nShort, see [here](/s/p/).\n"
        );
        let (course, _) = course_of(&[("s/p.md", &page)]);
        assert_eq!(course.questions.len(), 4, "{:?}", course.questions);
        let files = files(&course);
        let index = script_json(&files["question-bank/index.js"], "prepressBankIndex(");
        let questions = index["questions"].as_array().unwrap();
        assert_eq!(questions.len(), 4);
        let starts: Vec<usize> = index["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(starts[0], 0);
        assert!(starts.len() >= 2, "split by size: {starts:?}");
        let mut texts = Vec::new();
        for (number, start) in starts.iter().enumerate() {
            let call = format!("prepressBankShard({number},");
            let shard = script_json(&files[&format!("question-bank/shard-{number}.js")], &call);
            for (offset, row) in shard.as_array().unwrap().iter().enumerate() {
                let question = &questions[start + offset];
                let original = course
                    .questions
                    .iter()
                    .find(|q| q.id == question[0])
                    .unwrap();
                assert_eq!(row[0], original.text.as_str());
                texts.push(row[0].as_str().unwrap().to_string());
            }
        }
        assert_eq!(texts.len(), 4);
        let company = &index["facets"]["company"]["values"];
        assert_eq!(company[questions[0][3].as_u64().unwrap() as usize], "Acme");
        let last = script_json(
            &files[&format!("question-bank/shard-{}.js", starts.len() - 1)],
            &format!("prepressBankShard({},", starts.len() - 1),
        );
        let answer = last.as_array().unwrap().last().unwrap()[3]
            .as_str()
            .unwrap();
        assert!(
            answer.contains("href=\"s/p/\""),
            "relative to the root: {answer}"
        );
    }
}
