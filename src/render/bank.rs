//! The question bank as data files for the pages that show it, split the way the search
//! index is, so that a page fetches only what it shows:
//!
//! - `question-bank/index.js`: what every study page needs of every question, a few bytes
//!   each: its principles, facets and whether it has an answer, as columns ([`Column`]),
//!   and where the shards start;
//! - `question-bank/texts-N.js`: about [`SHARD_BYTES`] of question rows (id, text,
//!   follow-ups, link), fetched for the questions a page shows and, all of them, by the
//!   questions page's free-text filter;
//! - `question-bank/answers-N.js`: about [`SHARD_BYTES`] of answers as HTML, fetched when
//!   an answer is shown;
//! - `question-bank/ids.js`: a short key for each question's id ([`id_keys`]), fetched
//!   only by a learner whose stored reviews or stories name questions, to find them.
//!
//! They are scripts, not JSON, so they load from `file://` as well as from any server;
//! `static/bank.js` reads them. Every URL in them is relative to the course root, which
//! the script resolves against the page's.
//!
//! The bank's order is the course's question order (`Course::questions`), the order
//! practice offers new questions in and the mock loop deals from.

use std::collections::HashMap;
use std::hash::Hash;

use serde::Serialize;

use super::SiteFiles;
use crate::markdown;
use crate::markdown::slug::content_hash;
use crate::model::generated::BANK_FOLDER;
use crate::model::{Course, Question};

/// A shard is closed once its JSON is this long (a long answer may make it longer): a page
/// showing one question waits for about this much.
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

/// The characters of a [`Column`] written as one character per question: the value
/// `v` is `COLUMN_DIGITS[v + 1]`, so `-` is none.
const COLUMN_DIGITS: &[u8; 64] =
    b"-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";

/// The digits of an id key ([`id_keys`]), base 64 as in URLs.
const KEY_DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One value per question (an index, `-1` for none), written the shorter of two ways:
/// a string of one [`COLUMN_DIGITS`] character per question, when every value has one;
/// or runs, `[value, how many, value, how many, …]`, short where neighbours agree (the
/// questions of one note share its section, topic and difficulty).
#[derive(Serialize)]
#[serde(untagged)]
enum Column {
    Digits(String),
    Runs(Vec<i64>),
}

impl Column {
    fn of(values: &[i64]) -> Column {
        let mut runs: Vec<i64> = Vec::new();
        for &value in values {
            match runs.as_mut_slice() {
                [.., last, count] if *last == value => *count += 1,
                _ => runs.extend([value, 1]),
            }
        }
        let digits: Option<String> = values
            .iter()
            .map(|&v| {
                usize::try_from(v + 1)
                    .ok()
                    .and_then(|at| COLUMN_DIGITS.get(at))
                    .map(|&c| char::from(c))
            })
            .collect();
        let runs_length: usize = runs.iter().map(|v| v.to_string().len() + 1).sum();
        match digits {
            Some(digits) if digits.len() < runs_length => Column::Digits(digits),
            _ => Column::Runs(runs),
        }
    }
}

/// The values one facet takes, in order of first use, and each question's (its index
/// into them) as a column.
#[derive(Serialize)]
struct Facet<T> {
    values: Vec<T>,
    column: Column,
}

impl<T: Eq + Hash + Clone> Facet<T> {
    /// The facet of `values` in bank order (`None` for a question without one).
    fn of(values: impl Iterator<Item = Option<T>>) -> Facet<T> {
        let mut distinct: Vec<T> = Vec::new();
        let mut seen: HashMap<T, i64> = HashMap::new();
        let at: Vec<i64> = values
            .map(|value| {
                let Some(value) = value else { return -1 };
                *seen.entry(value).or_insert_with_key(|value| {
                    distinct.push(value.clone());
                    distinct.len() as i64 - 1
                })
            })
            .collect();
        Facet {
            values: distinct,
            column: Column::of(&at),
        }
    }
}

/// The facets the bank is filtered by.
#[derive(Serialize)]
struct Facets<'a> {
    section: Facet<&'a str>,
    company: Facet<&'a str>,
    level: Facet<&'a str>,
    topic: Facet<&'a str>,
    difficulty: Facet<&'a str>,
    language: Facet<&'a str>,
    /// Each question's principles, as indices into `principles`.
    principles: Facet<Vec<usize>>,
    /// `0` for a question without an answer, `1` with one.
    answered: Column,
    /// What kind of entry each is: `cloze` or `card` for a card written in a page, none
    /// for a question.
    kind: Facet<&'a str>,
}

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
    /// Changes with the bank: scripts ask for `texts-N.js?v=VERSION`.
    version: String,
    /// How many questions the bank holds.
    count: usize,
    /// The position in the bank of each texts shard's first question.
    texts: Vec<usize>,
    /// The same for the answers shards.
    answers: Vec<usize>,
    principles: Vec<IndexPrinciple<'a>>,
    stories: Vec<IndexStory<'a>>,
    probes: &'static [&'static str],
    facets: Facets<'a>,
    /// The questions a bilingual note asks in two languages or more, each as the bank
    /// positions of its versions (`[[3, 4]]`: questions 3 and 4 translate each other).
    translations: Vec<Vec<usize>>,
}

/// One question in a texts shard: `[id, text, [follow-up...], url]`.
#[derive(Serialize)]
struct TextRow<'a>(&'a str, &'a str, &'a [String], &'a str);

/// The bank's files (none for a course without questions).
pub fn files(course: &Course) -> SiteFiles {
    let mut files = SiteFiles::new();
    if course.questions.is_empty() {
        return files;
    }
    let root = course.root.as_str();
    let questions = &course.questions;
    let texts = questions.iter().map(|q| {
        let url = q.url.strip_prefix(root).unwrap_or(&q.url);
        json(&TextRow(&q.id, &q.text, &q.followups, url))
    });
    let answers = questions.iter().map(|q| {
        let answer =
            answer_html(q).map(|html| super::relative::relativize(&html, &course.site_root, root));
        json(&answer)
    });
    let text_starts = write_shards(&mut files, "texts", texts);
    let answer_starts = write_shards(&mut files, "answers", answers);
    let index = index(course, text_starts, answer_starts, version(course));
    files.insert(
        format!("{BANK_FOLDER}index.js"),
        format!("prepressBankIndex({});\n", json(&index)).into_bytes(),
    );
    let (digits, keys) = id_keys(questions.iter().map(|q| q.id.as_str()));
    files.insert(
        format!("{BANK_FOLDER}ids.js"),
        format!("prepressBankIds({digits},{});\n", json(&keys)).into_bytes(),
    );
    files
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// Writes `rows` (JSON, in bank order) as `question-bank/NAME-N.js` files of about
/// [`SHARD_BYTES`] each; returns the position of each file's first row.
fn write_shards(
    files: &mut SiteFiles,
    name: &str,
    rows: impl Iterator<Item = String>,
) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut json = String::new();
    let mut close = |json: &mut String, starts: &mut Vec<usize>| {
        let number = starts.len() - 1;
        let text = format!("prepressBankShard(\"{name}\",{number},{json}]);\n");
        files.insert(
            format!("{BANK_FOLDER}{name}-{number}.js"),
            text.into_bytes(),
        );
        json.clear();
    };
    for (at, row) in rows.enumerate() {
        if json.is_empty() {
            starts.push(at);
            json.push('[');
        } else {
            json.push(',');
        }
        json.push_str(&row);
        if json.len() >= SHARD_BYTES {
            close(&mut json, &mut starts);
        }
    }
    if !json.is_empty() {
        close(&mut json, &mut starts);
    }
    starts
}

/// Each id (a 64-bit hash in hex) shortened to its first few base-64 digits, six bits
/// each from the top: the fewest (at least five) that tell every id apart. A learner's
/// stored data names questions by their whole id; the page shortens it the same way to
/// find the question. Returns the number of digits and the keys, run together.
pub fn id_keys<'a>(ids: impl Iterator<Item = &'a str>) -> (usize, String) {
    let hashes: Vec<u64> = ids
        .map(|id| u64::from_str_radix(id, 16).unwrap_or(0))
        .collect();
    let key = |hash: u64, digits: usize| -> String {
        (0..digits)
            .map(|digit| {
                // Ten whole digits, then the last four bits.
                let bits = if digit < 10 {
                    hash >> (58 - 6 * digit)
                } else {
                    hash << 2
                };
                char::from(KEY_DIGITS[(bits & 63) as usize])
            })
            .collect()
    };
    let mut digits = 5;
    while digits < 11 {
        let mut keys: Vec<u64> = hashes.iter().map(|h| h >> (64 - 6 * digits)).collect();
        keys.sort_unstable();
        if keys.windows(2).all(|pair| pair[0] != pair[1]) {
            break;
        }
        digits += 1;
    }
    let keys = hashes.iter().map(|&hash| key(hash, digits)).collect();
    (digits, keys)
}

/// A card's kind as the bank's filter names it: `cloze`, or `card` for a front and a
/// back (one way or reversed).
pub fn kind_of(card: &crate::model::Card) -> &'static str {
    match card.kind {
        crate::model::CardKind::Cloze => "cloze",
        crate::model::CardKind::Basic | crate::model::CardKind::Reversed => "card",
    }
}

/// The index of the bank, whose shards start at `texts` and `answers`.
fn index<'a>(
    course: &'a Course,
    texts: Vec<usize>,
    answers: Vec<usize>,
    version: String,
) -> Index<'a> {
    let root = course.root.as_str();
    let under_root = |url: &'a str| url.strip_prefix(root).unwrap_or(url);
    let questions = &course.questions;
    let principle_of = |slug: &str| course.principles.iter().position(|p| p.slug == slug);
    let facet = |value: fn(&Question) -> Option<&str>| {
        Facet::of(questions.iter().map(|q| value(q).filter(|v| !v.is_empty())))
    };
    let facets = Facets {
        section: facet(|q| Some(&q.section)),
        company: facet(|q| q.company.as_deref()),
        level: facet(|q| q.level.as_deref()),
        topic: facet(|q| q.topic.as_deref()),
        difficulty: facet(|q| q.difficulty.as_deref()),
        language: facet(|q| q.language.as_deref()),
        principles: Facet::of(questions.iter().map(|q| {
            let own: Vec<usize> = q
                .principles
                .iter()
                .filter_map(|s| principle_of(s))
                .collect();
            Some(own).filter(|own| !own.is_empty())
        })),
        answered: Column::of(
            &questions
                .iter()
                .map(|q| i64::from(q.answer.is_some()))
                .collect::<Vec<_>>(),
        ),
        kind: Facet::of(questions.iter().map(|q| q.card.as_ref().map(kind_of))),
    };
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
    let position: HashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .map(|(at, q)| (q.id.as_str(), at))
        .collect();
    let translations = questions
        .iter()
        .enumerate()
        .filter(|(at, q)| {
            // Each group once, by its first question.
            !q.translations.is_empty()
                && q.translations
                    .iter()
                    .all(|id| position.get(id.as_str()).is_none_or(|other| other > at))
        })
        .map(|(at, q)| {
            std::iter::once(at)
                .chain(
                    q.translations
                        .iter()
                        .filter_map(|id| position.get(id.as_str()).copied()),
                )
                .collect()
        })
        .collect();
    Index {
        version,
        count: questions.len(),
        texts,
        answers,
        principles,
        stories,
        translations,
        probes: PROBES,
        facets,
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

    /// A column read back as the page reads it.
    fn expand(column: &serde_json::Value, count: usize) -> Vec<i64> {
        let values: Vec<i64> = match column {
            serde_json::Value::String(digits) => digits
                .bytes()
                .map(|c| COLUMN_DIGITS.iter().position(|&d| d == c).unwrap() as i64 - 1)
                .collect(),
            serde_json::Value::Array(runs) => runs
                .chunks(2)
                .flat_map(|run| {
                    std::iter::repeat_n(run[0].as_i64().unwrap(), run[1].as_u64().unwrap() as usize)
                })
                .collect(),
            other => panic!("not a column: {other}"),
        };
        assert_eq!(values.len(), count);
        values
    }

    /// Every row of every `NAME-N.js` shard, in bank order, each with its position.
    fn shard_rows(
        files: &SiteFiles,
        name: &str,
        starts: &serde_json::Value,
    ) -> Vec<serde_json::Value> {
        let mut rows = Vec::new();
        for (number, start) in starts.as_array().unwrap().iter().enumerate() {
            assert_eq!(
                start.as_u64().unwrap() as usize,
                rows.len(),
                "{name} {number}"
            );
            let call = format!("prepressBankShard(\"{name}\",{number},");
            let file = &files[&format!("question-bank/{name}-{number}.js")];
            rows.extend(script_json(file, &call).as_array().unwrap().iter().cloned());
        }
        rows
    }

    #[test]
    fn a_bilingual_note_s_questions_are_listed_as_each_other_s_translations() {
        let (course, _) = course_of(&[
            (
                "cards/balancer.md",
                "## Question\n\nWhat does a load balancer do?\n\n## Answer\n\nIt spreads requests.\n\n## Вопрос\n\nЧто делает балансировщик?\n\n## Ответ\n\nРаспределяет запросы.\n",
            ),
            ("cards/cache.md", "## Question\n\nWhy cache?\n"),
        ]);
        let files = files(&course);
        let index = script_json(&files["question-bank/index.js"], "prepressBankIndex(");
        let english = course
            .questions
            .iter()
            .position(|q| q.text.starts_with("What does"))
            .unwrap();
        let russian = course
            .questions
            .iter()
            .position(|q| q.text.starts_with("Что"))
            .unwrap();
        assert_eq!(
            index["translations"],
            serde_json::json!([[english, russian]])
        );
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
        let other = "---\ntitle: Q\ndifficulty: hard\n---\n# Question\n\nWhat is E?\n";
        let (course, _) = course_of(&[("s/p.md", &page), ("s/q.md", other)]);
        assert_eq!(course.questions.len(), 5, "{:?}", course.questions);
        let files = files(&course);
        let index = script_json(&files["question-bank/index.js"], "prepressBankIndex(");
        assert_eq!(index["count"], 5);
        let texts = shard_rows(&files, "texts", &index["texts"]);
        let answers = shard_rows(&files, "answers", &index["answers"]);
        assert!(
            index["answers"].as_array().unwrap().len() >= 2,
            "split by size"
        );
        assert_eq!(texts.len(), 5);
        assert_eq!(answers.len(), 5);
        for (at, question) in course.questions.iter().enumerate() {
            assert_eq!(texts[at][0], question.id.as_str());
            assert_eq!(texts[at][1], question.text.as_str());
            assert_eq!(answers[at].is_null(), question.answer.is_none());
        }
        assert!(
            answers[3].as_str().unwrap().contains("href=\"s/p/\""),
            "relative to the root: {}",
            answers[3]
        );
        let facets = &index["facets"];
        let company = expand(&facets["company"]["column"], 5);
        assert_eq!(company[..4], [0, 0, 0, 0]);
        assert_eq!(company[4], -1);
        assert_eq!(facets["company"]["values"][0], "Acme");
        let difficulty = expand(&facets["difficulty"]["column"], 5);
        assert_eq!(difficulty, [-1, -1, -1, -1, 0]);
        let principles = expand(&facets["principles"]["column"], 5);
        assert_eq!(principles, [0, 0, 0, 0, -1]);
        let ownership = facets["principles"]["values"][0][0].as_u64().unwrap() as usize;
        assert_eq!(index["principles"][ownership]["slug"], "ownership");
        assert_eq!(expand(&facets["answered"], 5), [1, 1, 1, 1, 0]);
    }

    #[test]
    fn a_column_is_written_the_shorter_way_and_reads_back() {
        let same = vec![3; 1000];
        let Column::Runs(runs) = Column::of(&same) else {
            panic!("one run is shorter than 1,000 digits")
        };
        assert_eq!(runs, [3, 1000]);
        let alternating: Vec<i64> = (0..1000).map(|i| i % 2 - 1).collect();
        let Column::Digits(digits) = Column::of(&alternating) else {
            panic!("a digit each is shorter than 1,000 runs")
        };
        assert!(digits.starts_with("-0-0"), "{digits}");
        let wide: Vec<i64> = (0..200).collect();
        assert!(
            matches!(Column::of(&wide), Column::Runs(_)),
            "more values than digits"
        );
    }

    #[test]
    fn id_keys_are_the_shortest_prefixes_that_differ() {
        let ids = ["0123456789abcdef", "fedcba9876543210", "0123456789abcd00"];
        let (digits, keys) = id_keys(ids.iter().copied());
        // The first and third agree on their first 56 bits: ten digits are 60 bits.
        assert_eq!(digits, 10);
        assert_eq!(keys.len(), 30);
        // 0x012345… from the top, six bits a digit: 000000 010010 001101 000101 …
        assert!(keys.starts_with("ASNF"), "{keys}");
        let (digits, keys) = id_keys(["0123456789abcdef", "fedcba9876543210"].into_iter());
        assert_eq!((digits, keys.len()), (5, 10));
        let (digits, _) = id_keys(["0123456789abcdef", "0123456789abcdee"].into_iter());
        assert_eq!(digits, 11, "only the last bits differ");
    }
}
