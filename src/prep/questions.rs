//! Question extraction: finds interview questions in a page's Markdown while the load
//! stage scans it. Questions come from list items under a heading about questions, from
//! list items after a label paragraph ("Example questions:"), from `Question: …` lines,
//! and, in principle files, from every list item that reads as a question. Nested items
//! are follow-ups. Lists under "questions to ask" are the candidate's own questions and
//! are left out. The link stage later gives each question its principles and URL. The
//! same pass finds the cards written in the page ([`crate::prep::cards`]).
//!
//! A Q&A note (one question and its answer per note, as flashcard vaults keep them) is
//! a heading `Question` (any level; `Question (EN)` tags a language) over the question,
//! a paragraph or a `>` quote, and a heading `Answer` (the same tag) over the answer:
//! one bank question whose answer is the Markdown under that heading. The headings may
//! be in any language the default theme speaks (`Вопрос`/`Ответ`, `问题`/`答案`, …;
//! such a word names the question's language when no tag does) or words `course.toml`
//! adds under `[qa_headings]`. A list between the question and its answer holds its
//! follow-ups.

use crate::config::{CourseConfig, QaHeadings};
use crate::markdown;
use crate::model::{Kind, RawQuestion};
use crate::prep::cards::CardFinder;
use pulldown_cmark::{Event, Tag, TagEnd};

/// What kind of list is open.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ListKind {
    /// Its items are bank questions; the label that introduced it, if any.
    Questions(Option<String>),
    /// Its items are follow-ups of the enclosing question item.
    Followups,
    /// Its items are follow-ups of the Q&A note's question above it.
    QaFollowups,
    /// An ordinary list.
    Other,
}

/// A label paragraph that was just read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    Questions(String),
    /// "Questions to ask your interviewer:" — the next list is not for the bank.
    Ask,
}

#[derive(Debug)]
struct Item {
    offset: usize,
    /// Whether the item is in a list of questions or follow-ups, so its text matters.
    collects: bool,
    text: String,
    followups: Vec<String>,
}

/// The load stage's question finding: scans a page with a [`QuestionFinder`].
#[derive(Debug, Default)]
pub struct QuestionScanner {
    /// The Q&A heading words the course adds, lower case.
    added: QaHeadings,
    /// Whether `==text==` is a cloze deletion (`highlight_clozes`).
    highlight_clozes: bool,
}

impl QuestionScanner {
    /// A scanner that also knows the Q&A heading words `course.toml` adds.
    pub fn for_course(config: &CourseConfig) -> Self {
        let lower = |words: &[String]| words.iter().map(|w| w.trim().to_lowercase()).collect();
        Self {
            added: QaHeadings {
                question: lower(&config.qa_headings.question),
                answer: lower(&config.qa_headings.answer),
            },
            highlight_clozes: config.highlight_clozes,
        }
    }
}

impl crate::source::Scanner for QuestionScanner {
    fn scan(&self, body: &str, kind: Kind) -> crate::source::Scanned {
        let mut finder = QuestionFinder::new(kind == Kind::Principle, &self.added);
        let mut cards = CardFinder::new(self.highlight_clozes);
        let scan = markdown::scan(body, &mut (&mut finder, &mut cards));
        let mut found = finder.finish(body);
        found.extend(cards.finish(body));
        (scan, found)
    }
}

/// Questions and cards found in one pass.
impl markdown::Visitor for (&mut QuestionFinder<'_>, &mut CardFinder) {
    fn event(&mut self, event: &Event<'_>, offset: usize) {
        self.0.event(event, offset);
        self.1.event(event, offset);
    }

    fn heading(&mut self, level: u8, index: usize, text: &str) {
        self.0.heading(level, index, text);
        self.1.heading(level, index);
    }
}

impl markdown::Visitor for QuestionFinder<'_> {
    fn event(&mut self, event: &Event<'_>, offset: usize) {
        QuestionFinder::event(self, event, offset);
    }

    fn heading(&mut self, level: u8, index: usize, text: &str) {
        QuestionFinder::heading(self, level, index, text);
    }
}

/// Watches a page's Markdown events and collects its questions.
#[derive(Debug)]
pub struct QuestionFinder<'w> {
    principle_file: bool,
    /// The course's own Q&A heading words, lower case.
    added: &'w QaHeadings,
    questions: Vec<RawQuestion>,
    /// (level, heading index) of the enclosing headings.
    headings: Vec<(u8, usize)>,
    in_heading: bool,
    question_context: Option<u8>,
    ask_context: Option<u8>,
    label: Option<Label>,
    paragraph: Option<(usize, String)>,
    lists: Vec<ListKind>,
    items: Vec<Item>,
    qa: Qa,
    /// Each answer read: its question's index and its byte range in the body.
    answers: Vec<(usize, std::ops::Range<usize>)>,
}

/// Where a Q&A note is being read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
enum Qa {
    #[default]
    None,
    /// After a `Question` heading (its tag, and the language it names): the next
    /// paragraph is the question.
    Question {
        tag: Option<String>,
        language: Option<String>,
    },
    /// The question was read (its index in `questions`); waiting for the `Answer` with
    /// the same tag. A list before it holds the question's follow-ups.
    Asked {
        index: usize,
        tag: Option<String>,
        /// Until another heading: a list here holds its follow-ups.
        followups: bool,
    },
    /// After its `Answer` heading (of this level): the answer starts at the next block.
    Answer {
        index: usize,
        level: u8,
        start: Option<usize>,
    },
}

/// The words that head a Q&A note's question, lower case, each with the language it
/// names (none where several languages share it, as English and French do).
const QUESTION_WORDS: &[(&str, Option<&str>)] = &[
    ("question", None),
    ("pregunta", Some("es")),
    ("pergunta", Some("pt")),
    ("frage", Some("de")),
    ("вопрос", Some("ru")),
    ("питання", Some("uk")),
    ("प्रश्न", Some("hi")),
    ("सवाल", Some("hi")),
    ("问题", Some("zh")),
    ("問題", Some("ja")),
    ("質問", Some("ja")),
    ("질문", Some("ko")),
    ("سؤال", Some("ar")),
    ("السؤال", Some("ar")),
];

/// The words that head a Q&A note's answer, lower case.
const ANSWER_WORDS: &[&str] = &[
    "answer",
    "réponse",
    "respuesta",
    "resposta",
    "antwort",
    "ответ",
    "відповідь",
    "उत्तर",
    "जवाब",
    "答案",
    "回答",
    "答え",
    "답변",
    "답",
    "جواب",
    "إجابة",
    "الإجابة",
];

/// What a Q&A note's heading is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum QaHeading {
    /// `Question (EN)`: the tag as written (lower case), and the language the heading
    /// names, by its tag or else its word.
    Question {
        tag: Option<String>,
        language: Option<String>,
    },
    /// `Answer (EN)`: its tag.
    Answer { tag: Option<String> },
}

/// `Question`, `Вопрос (RU)`, `答案：`, or one of `added`'s words, alone or with a
/// language tag in brackets.
fn qa_heading(text: &str, added: &QaHeadings) -> Option<QaHeading> {
    let lower = text
        .trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_lowercase();
    // The tag, if the heading is `word` and nothing else but one.
    let tagged = |word: &str| -> Option<Option<String>> {
        let rest = lower.strip_prefix(word)?.trim();
        if rest.is_empty() {
            return Some(None);
        }
        let tag = rest
            .strip_prefix(['(', '（'])?
            .strip_suffix([')', '）'])?
            .trim();
        let valid = !tag.is_empty()
            && tag.len() <= 12
            && tag.chars().all(|c| c.is_alphanumeric() || c == '-');
        valid.then(|| Some(tag.to_string()))
    };
    let question = QUESTION_WORDS
        .iter()
        .copied()
        .chain(added.question.iter().map(|w| (w.as_str(), None)))
        .find_map(|(word, language)| Some((tagged(word)?, language)));
    if let Some((tag, language)) = question {
        let language = tag.clone().or(language.map(str::to_string));
        return Some(QaHeading::Question { tag, language });
    }
    ANSWER_WORDS
        .iter()
        .copied()
        .chain(added.answer.iter().map(String::as_str))
        .find_map(tagged)
        .map(|tag| QaHeading::Answer { tag })
}

/// Whether a heading or label speaks of questions, in any language the Q&A headings
/// know (`Interview questions`, `Вопросы`, `Preguntas frecuentes`, `面试问题`): a
/// built-in word starting a word, with any ending; a course's word as a whole word
/// (`Q` is not in `SQL` nor in `Queues`). In scripts written without spaces a word is
/// found anywhere.
fn speaks_of_questions(lower: &str, added: &QaHeadings) -> bool {
    let found = |word: &str, whole: bool| {
        let unspaced = word.chars().next().is_some_and(markdown::is_unspaced);
        lower.match_indices(word).any(|(at, _)| {
            let letter_before = lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let letter_after = lower[at + word.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            unspaced || !(letter_before || whole && letter_after)
        })
    };
    QUESTION_WORDS.iter().any(|&(word, _)| found(word, false))
        || added.question.iter().any(|word| found(word, true))
}

impl<'w> QuestionFinder<'w> {
    /// A finder for one page; `principle_file` turns on rule 5 (every question-like item);
    /// `added` holds the course's own Q&A heading words.
    pub fn new(principle_file: bool, added: &'w QaHeadings) -> Self {
        Self {
            principle_file,
            added,
            questions: Vec::new(),
            headings: Vec::new(),
            in_heading: false,
            question_context: None,
            ask_context: None,
            label: None,
            paragraph: None,
            lists: Vec::new(),
            items: Vec::new(),
            qa: Qa::None,
            answers: Vec::new(),
        }
    }

    /// The questions found, with their lines in `body`, the text the events came from.
    pub fn finish(mut self, body: &str) -> Vec<RawQuestion> {
        self.end_answer(body.len());
        for (index, range) in std::mem::take(&mut self.answers) {
            let answer = body.get(range).unwrap_or("").trim();
            if let Some(question) = self.questions.get_mut(index)
                && !answer.is_empty()
            {
                question.answer = Some(answer.to_string());
            }
        }
        let mut questions = self.questions;
        let mut order: Vec<usize> = (0..questions.len()).collect();
        order.sort_by_key(|&i| questions[i].offset);
        let (mut line, mut position) = (1, 0);
        for i in order {
            let offset = questions[i].offset.min(body.len());
            line += body.as_bytes()[position..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            position = offset;
            questions[i].line = line;
        }
        questions
    }

    /// A heading has ended: its level, index among the page's headings, and text.
    pub fn heading(&mut self, level: u8, index: usize, text: &str) {
        self.in_heading = false;
        match (qa_heading(text, self.added), &self.qa) {
            (Some(QaHeading::Question { tag, language }), _) => {
                self.qa = Qa::Question { tag, language }
            }
            (
                Some(QaHeading::Answer { tag }),
                Qa::Asked {
                    index, tag: asked, ..
                },
            ) if tag == *asked => {
                self.qa = Qa::Answer {
                    index: *index,
                    level,
                    start: None,
                }
            }
            // A `Question` heading with no paragraph under it asked nothing.
            (_, Qa::Question { .. }) => self.qa = Qa::None,
            _ => {}
        }
        // Past another heading, a list is the page's own again.
        if let Qa::Asked { followups, .. } = &mut self.qa {
            *followups = false;
        }
        while self.headings.last().is_some_and(|&(l, _)| l >= level) {
            self.headings.pop();
        }
        self.headings.push((level, index));
        if self.question_context.is_some_and(|l| l >= level) {
            self.question_context = None;
        }
        if self.ask_context.is_some_and(|l| l >= level) {
            self.ask_context = None;
        }
        let lower = text.to_lowercase();
        if speaks_of_questions(&lower, self.added) {
            if is_ask(&lower) {
                self.ask_context = Some(level);
            } else if self.ask_context.is_none() {
                self.question_context = Some(level);
            }
        }
    }

    /// Every event of the page, with its byte range start.
    pub fn event(&mut self, event: &Event<'_>, offset: usize) {
        if let Qa::Answer {
            start: start @ None,
            ..
        } = &mut self.qa
            && matches!(event, Event::Start(_) | Event::Html(_) | Event::Rule)
        {
            *start = Some(offset);
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.in_heading = true;
                self.label = None;
                if matches!(self.qa, Qa::Answer { level: open, .. } if *level as u8 <= open) {
                    self.end_answer(offset);
                }
            }
            Event::Start(Tag::Paragraph) => self.paragraph = Some((offset, String::new())),
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::Start(Tag::List(_)) => self.start_list(),
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Item) => self.items.push(Item {
                offset,
                collects: matches!(
                    self.lists.last(),
                    Some(ListKind::Questions(_) | ListKind::Followups | ListKind::QaFollowups)
                ),
                text: String::new(),
                followups: Vec::new(),
            }),
            Event::End(TagEnd::Item) => self.end_item(),
            Event::Start(
                Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::HtmlBlock,
            ) => self.label = None,
            Event::Text(text) | Event::Code(text) => self.text(text),
            // A formula in a question keeps its source, between dollars.
            Event::InlineMath(latex) => self.text(&format!("${latex}$")),
            Event::Html(html) => {
                // A callout's title labels what it holds, as a label paragraph would.
                if let Some(title) = markdown::callout::title_in(html) {
                    self.read_label(title);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, paragraph)) = self.paragraph.as_mut() {
                    paragraph.push('\n');
                }
                if let Some(item) = self.items.last_mut().filter(|item| item.collects) {
                    item.text.push(' ');
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_heading {
            return;
        }
        if let Some((_, paragraph)) = self.paragraph.as_mut() {
            paragraph.push_str(text);
        }
        if let Some(item) = self.items.last_mut().filter(|item| item.collects) {
            item.text.push_str(text);
        }
    }

    fn end_paragraph(&mut self) {
        let Some((offset, text)) = self.paragraph.take() else {
            return;
        };
        if let Qa::Question { tag, language } = &self.qa {
            let language = language.clone();
            let text = clean(&text.replace('\n', " "));
            if !text.is_empty() {
                self.qa = Qa::Asked {
                    index: self.questions.len(),
                    tag: tag.clone(),
                    followups: true,
                };
                self.questions.push(RawQuestion {
                    text,
                    followups: Vec::new(),
                    offset,
                    line: 0,
                    headings: self.heading_path(),
                    label: None,
                    answer: None,
                    language,
                    card: None,
                });
                return;
            }
        }
        let first_line = text.lines().next().unwrap_or("").trim();
        let lower = first_line.to_lowercase();
        self.label = None;
        if let Some(rest) = question_line(first_line) {
            let text = clean(rest);
            if !text.is_empty() && self.ask_context.is_none() {
                self.questions.push(RawQuestion {
                    text,
                    followups: Vec::new(),
                    offset,
                    line: 0,
                    headings: self.heading_path(),
                    label: None,
                    answer: None,
                    language: None,
                    card: None,
                });
            }
        } else if lower.ends_with(':') {
            self.read_label(first_line);
        }
    }

    /// A label ("Example questions:", a callout titled "Practice questions"): the next
    /// list holds questions, unless they are the candidate's own to ask.
    fn read_label(&mut self, text: &str) {
        let lower = text.to_lowercase();
        if !speaks_of_questions(&lower, self.added) {
            return;
        }
        self.label = Some(if is_ask(&lower) {
            Label::Ask
        } else {
            Label::Questions(text.trim_end_matches(':').trim().to_string())
        });
    }

    fn start_list(&mut self) {
        let parent_is_question = self.items.last().is_some_and(|item| {
            matches!(self.lists.last(), Some(ListKind::Questions(_)))
                && reads_as_question(&clean(&item.text))
        });
        let kind = if parent_is_question {
            ListKind::Followups
        } else if matches!(
            self.qa,
            Qa::Asked {
                followups: true,
                ..
            }
        ) && self.lists.is_empty()
        {
            ListKind::QaFollowups
        } else {
            match self.label.take() {
                Some(Label::Questions(label)) => ListKind::Questions(Some(label)),
                Some(Label::Ask) => ListKind::Other,
                None if self.ask_context.is_some() => ListKind::Other,
                None if self.question_context.is_some() || self.principle_file => {
                    ListKind::Questions(None)
                }
                None => ListKind::Other,
            }
        };
        self.lists.push(kind);
    }

    fn end_item(&mut self) {
        let Some(item) = self.items.pop().filter(|item| item.collects) else {
            return;
        };
        let text = clean(&item.text);
        match self.lists.last() {
            Some(ListKind::Questions(label)) if reads_as_question(&text) => {
                let label = label.clone();
                self.questions.push(RawQuestion {
                    text,
                    followups: item.followups,
                    offset: item.offset,
                    line: 0,
                    headings: self.heading_path(),
                    label,
                    answer: None,
                    language: None,
                    card: None,
                });
            }
            Some(ListKind::Followups) if !text.is_empty() => {
                if let Some(parent) = self.items.last_mut() {
                    parent.followups.push(text);
                }
            }
            Some(ListKind::QaFollowups) if !text.is_empty() => {
                if let Qa::Asked { index, .. } = self.qa
                    && let Some(question) = self.questions.get_mut(index)
                {
                    question.followups.push(text);
                }
            }
            _ => {}
        }
    }

    /// An answer being read ends at `offset`: a heading of its level or above starts
    /// there, or the body ends.
    fn end_answer(&mut self, offset: usize) {
        if let Qa::Answer { index, start, .. } = self.qa {
            let start = start.unwrap_or(offset).min(offset);
            self.answers.push((index, start..offset));
            self.qa = Qa::None;
        }
    }

    fn heading_path(&self) -> Vec<usize> {
        self.headings.iter().map(|&(_, index)| index).collect()
    }
}

/// Whether a heading or label is about the candidate's own questions for the interviewer.
fn is_ask(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| matches!(word, "ask" | "asking" | "reverse"))
}

/// The rest of a `Question: …` line.
fn question_line(line: &str) -> Option<&str> {
    let lower = line.to_lowercase();
    let rest_start = if lower.starts_with("question:") {
        "question:".len()
    } else if lower.starts_with("question :") {
        "question :".len()
    } else {
        return None;
    };
    Some(&line[rest_start..])
}

/// Phrases that open an interview question.
const PROMPTS: &[&str] = &[
    "tell me",
    "tell us",
    "describe",
    "give me",
    "give an example",
    "give us",
    "walk me through",
    "walk us through",
    "how ",
    "what ",
    "what's",
    "why ",
    "when ",
    "which ",
    "who ",
    "where ",
    "have you",
    "can you",
    "could you",
    "would you",
    "do you",
    "did you",
    "share a",
    "talk about",
    "talk me through",
    "explain",
    "design ",
];

/// Whether an item reads as an interview question: ends with `?` or opens with a prompt.
pub fn reads_as_question(text: &str) -> bool {
    let lower = text.to_lowercase();
    !text.is_empty()
        && (lower.ends_with(['?', '？', '؟'])
            || PROMPTS.iter().any(|prompt| lower.starts_with(prompt)))
}

/// The question without surrounding quotes or a trailing note like "(30 seconds)".
pub fn clean(text: &str) -> String {
    let mut text = collapse_spaces(text);
    loop {
        let before = text.clone();
        let trimmed = text.trim();
        let trimmed = strip_trailing_note(trimmed);
        let trimmed = strip_quotes(trimmed.trim());
        text = trimmed.trim().to_string();
        if text == before {
            return text;
        }
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes a final parenthesised note, when something is left before it.
fn strip_trailing_note(text: &str) -> &str {
    if !text.ends_with(')') {
        return text;
    }
    let mut depth = 0;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let before = text[..i].trim_end();
                    return if before.is_empty() { text } else { before };
                }
            }
            _ => {}
        }
    }
    text
}

fn strip_quotes(text: &str) -> &str {
    for (open, close) in [('"', '"'), ('“', '”'), ('\'', '\''), ('‘', '’'), ('«', '»')] {
        if let Some(inner) = text
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            return inner;
        }
    }
    text
}

/// The text used to decide that two questions are the same: lower-case words only.
pub fn normalize(text: &str) -> String {
    if !text.is_ascii() {
        return normalize_unicode(text);
    }
    // The same as `normalize_unicode`, in one pass, for the usual case.
    let mut normal = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !normal.is_empty() {
            normal.push(' ');
        }
        normal.push_str(word);
    }
    normal.make_ascii_lowercase();
    normal
}

/// [`normalize`] for any text: Unicode lower-casing depends on context (a final sigma),
/// so it is done to the whole text first.
fn normalize_unicode(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stable id for a question, from its normalised text (FNV-1a, 64 bits, in hex).
pub fn question_id(text: &str) -> String {
    let hash = crate::markdown::slug::stable_hash(normalize(text).bytes());
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_speaks_of_questions_by_a_word_not_by_letters_inside_one() {
        let none = QaHeadings::default();
        let q = QaHeadings {
            question: vec!["q".to_string()],
            answer: Vec::new(),
        };
        let speaks = |heading: &str, added: &QaHeadings| speaks_of_questions(heading, added);
        assert!(speaks("interview questions", &none));
        assert!(speaks("вопросы на собеседовании", &none), "an ending");
        assert!(speaks("häufige fragen", &none));
        assert!(
            !speaks("abfragen optimieren", &none),
            "`frage` inside a word"
        );
        assert!(speaks("面试问题", &none), "no spaces in Chinese");
        assert!(
            speaks("q", &q) && speaks("q & a", &q),
            "a course's word, whole"
        );
        assert!(
            !speaks("sql joins", &q) && !speaks("queues", &q),
            "not inside a word"
        );
    }

    struct Scanned {
        questions: Vec<RawQuestion>,
    }

    /// The questions of a page, found as the load stage finds them.
    fn scan(markdown: &str, principle_file: bool) -> Scanned {
        let kind = if principle_file {
            Kind::Principle
        } else {
            Kind::Lecture
        };
        let (_, questions) =
            crate::source::Scanner::scan(&QuestionScanner::default(), markdown, kind);
        Scanned { questions }
    }

    #[test]
    fn a_qa_note_is_one_question_with_its_answer_per_language() {
        let note = "# Card 12\n\n## Question (EN)\n\n> What does a load balancer do?\n\n## Answer (EN)\n\nIt spreads requests:\n\n- round robin\n- least connections\n\n### Detail\n\nHealth checks remove bad servers.\n\n## Question (DE)\n\nWas macht ein Load Balancer?\n\n## Answer (DE)\n\nEr verteilt Anfragen.\n";
        let questions = scan(note, false).questions;
        assert_eq!(questions.len(), 2, "{questions:?}");
        assert_eq!(questions[0].text, "What does a load balancer do?");
        assert_eq!(questions[0].language.as_deref(), Some("en"));
        let answer = questions[0].answer.as_deref().unwrap();
        assert!(answer.starts_with("It spreads requests:"), "{answer}");
        assert!(
            answer.contains("- least connections")
                && answer.ends_with("Health checks remove bad servers."),
            "{answer}"
        );
        assert_eq!(questions[1].text, "Was macht ein Load Balancer?");
        assert_eq!(
            questions[1].answer.as_deref(),
            Some("Er verteilt Anfragen.")
        );
        assert_eq!(questions[1].language.as_deref(), Some("de"));
    }

    #[test]
    fn qa_headings_in_other_languages_name_the_language_and_a_list_holds_follow_ups() {
        let russian = "# Вопрос\n\nЧто делает балансировщик нагрузки?\n\n- А если сервер упал?\n\n# Ответ\n\nРаспределяет запросы.\n";
        let questions = scan(russian, false).questions;
        assert_eq!(questions.len(), 1, "{questions:?}");
        assert_eq!(questions[0].text, "Что делает балансировщик нагрузки?");
        assert_eq!(questions[0].language.as_deref(), Some("ru"));
        assert_eq!(questions[0].followups, ["А если сервер упал?"]);
        assert_eq!(
            questions[0].answer.as_deref(),
            Some("Распределяет запросы.")
        );
        let chinese = "## 问题\n\n负载均衡器做什么？\n\n## 答案：\n\n分发请求。\n";
        let questions = scan(chinese, false).questions;
        assert_eq!(questions[0].language.as_deref(), Some("zh"));
        assert_eq!(questions[0].answer.as_deref(), Some("分发请求。"));
        let tagged = "## Вопрос (RU)\n\nЗачем нужен кэш?\n\n## Ответ (EN)\n\nWrong tag.\n\n## Ответ (RU)\n\nЧтобы не считать дважды.\n";
        let questions = scan(tagged, false).questions;
        assert_eq!(questions[0].language.as_deref(), Some("ru"));
        assert_eq!(
            questions[0].answer.as_deref(),
            Some("Чтобы не считать дважды.")
        );
        let list = scan("## Вопросы\n\n- Почему мы?\n", false).questions;
        assert_eq!(list[0].text, "Почему мы?", "a heading about questions");
        let marks = scan("## 问题\n\n- 为什么选择我们？\n- لماذا نحن؟\n", false).questions;
        assert_eq!(
            marks.len(),
            2,
            "full-width and Arabic question marks: {marks:?}"
        );
        let later = "## Question\n\nWhy now?\n\n## Interview questions\n\n- Why us?\n";
        let later = scan(later, false).questions;
        let texts: Vec<&str> = later.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Why now?", "Why us?"],
            "past a heading, no follow-ups"
        );
        assert!(later[0].followups.is_empty());
    }

    #[test]
    fn a_course_adds_its_own_qa_words() {
        let config = CourseConfig::parse(
            std::path::Path::new("course.toml"),
            "title = \"T\"\n[qa_headings]\nquestion = [\"Soru\"]\nanswer = [\"Cevap\"]\n",
        )
        .unwrap();
        let note = "## Soru\n\nYük dengeleyici ne yapar?\n\n## Cevap\n\nİstekleri dağıtır.\n";
        let (_, questions) = crate::source::Scanner::scan(
            &QuestionScanner::for_course(&config),
            note,
            Kind::Lecture,
        );
        assert_eq!(questions[0].answer.as_deref(), Some("İstekleri dağıtır."));
        assert_eq!(
            questions[0].language, None,
            "an added word names no language"
        );
        let unknown = scan(note, false).questions;
        assert!(unknown.iter().all(|q| q.answer.is_none()), "{unknown:?}");
    }

    #[test]
    fn headings_that_only_look_like_qa_are_not() {
        let questions = scan(
            "## Questions\n\n- Why us?\n\n## Answers in general\n\nText.\n",
            false,
        )
        .questions;
        assert_eq!(questions.len(), 1);
        assert_eq!(questions[0].answer, None);
        let no_paragraph = scan(
            "## Question\n\n- Why us?\n\n## Notes\n\nJust text.\n",
            false,
        );
        let texts: Vec<&str> = no_paragraph
            .questions
            .iter()
            .map(|q| q.text.as_str())
            .collect();
        assert_eq!(texts, ["Why us?"], "a later paragraph is no question");
        let unanswered = scan("## Question\n\nWhy now?\n", false).questions;
        assert_eq!(unanswered[0].text, "Why now?");
        assert_eq!(unanswered[0].answer, None);
    }

    proptest::proptest! {
        #[test]
        fn ascii_normalizing_follows_the_unicode_rules(text in "[ -~]{0,60}") {
            proptest::prop_assert_eq!(normalize(&text), normalize_unicode(&text));
        }
    }

    fn found(markdown: &str) -> Vec<String> {
        scan(markdown, false)
            .questions
            .into_iter()
            .map(|q| q.text)
            .collect()
    }

    fn found_in_principle(markdown: &str) -> Vec<String> {
        scan(markdown, true)
            .questions
            .into_iter()
            .map(|q| q.text)
            .collect()
    }

    #[test]
    fn list_under_a_question_heading() {
        let md = "## Practice Questions\n\n- Tell me about a time you failed.\n- Why Amazon?\n\n## Tips\n\n- Why not practise daily?\n";
        assert_eq!(
            found(md),
            ["Tell me about a time you failed.", "Why Amazon?"]
        );
    }

    #[test]
    fn question_heading_reaches_down_to_the_next_same_level_heading() {
        let md = "## Questions Bank\n\n### Ownership\n\n1. What did you own end to end?\n\n## Next\n\n- What is next?\n";
        assert_eq!(found(md), ["What did you own end to end?"]);
    }

    #[test]
    fn list_after_a_label_paragraph() {
        let md = "Some text.\n\n**Interview Questions**:\n\n- Describe a hard trade-off.\n\nExample \"Dive Deep\" questions:\n\n* How did you find the root cause?\n";
        let questions = scan(md, false).questions;
        assert_eq!(questions.len(), 2);
        assert_eq!(
            questions[1].label.as_deref(),
            Some("Example \"Dive Deep\" questions")
        );
    }

    #[test]
    fn question_lines() {
        let md = "**Question**: \"Tell me about a conflict with a peer.\"\n**Answer**: I...\n\nQuestion: Why do you want this role?\n";
        assert_eq!(
            found(md),
            [
                "Tell me about a conflict with a peer.",
                "Why do you want this role?"
            ]
        );
    }

    #[test]
    fn principle_files_take_question_like_items_anywhere() {
        let md = "## What interviewers look for\n\n- Evidence you own outcomes.\n\n## Prompts\n\n- Tell me about a time you took on something outside your role.\n- Give me an example of a long-term bet\n";
        assert_eq!(
            found_in_principle(md),
            [
                "Tell me about a time you took on something outside your role.",
                "Give me an example of a long-term bet"
            ]
        );
        assert!(
            found(md).is_empty(),
            "not a principle file: no question context"
        );
    }

    #[test]
    fn nested_items_are_followups() {
        let md = "## Questions\n\n- Tell me about a failure.\n  - What did you learn?\n  - What would you change?\n- Why us?\n";
        let questions = scan(md, false).questions;
        assert_eq!(
            questions[0].followups,
            ["What did you learn?", "What would you change?"]
        );
        assert!(questions[1].followups.is_empty());
        assert_eq!(questions.len(), 2);
    }

    #[test]
    fn quotes_and_trailing_notes_are_not_text() {
        assert_eq!(
            clean("\"Tell me about a time you failed.\" (30 seconds)"),
            "Tell me about a time you failed."
        );
        assert_eq!(clean("“Why this team?”"), "Why this team?");
        assert_eq!(clean("(aside)"), "(aside)");
    }

    #[test]
    fn questions_to_ask_are_not_bank_questions() {
        let md = "## Questions to Ask Your Interviewer\n\n- What does success look like in six months?\n\n### Team\n\n- How is on-call shared?\n\nGood questions to ask:\n\n- What keeps you here?\n";
        assert!(found(md).is_empty(), "{:?}", found(md));
        let label = "## Wrap-up\n\nQuestions you might ask them:\n\n- What is the roadmap?\n";
        assert!(found(label).is_empty());
    }

    #[test]
    fn ordinary_lists_are_not_questions() {
        let tips = "## Tips\n\n- Keep it under two minutes.\n- Use numbers.\n";
        let metrics = "## Metrics that impress\n\n- Latency down 40%\n- $2M saved per year\n";
        let anti = "## Anti-patterns\n\n- Saying we instead of I\n- Blaming others\n";
        for md in [tips, metrics, anti] {
            assert!(found(md).is_empty(), "{md}");
        }
        let tips_under_question_heading =
            "## Answering Tricky Questions\n\n- Pause before you answer.\n- Keep it short.\n";
        assert!(found(tips_under_question_heading).is_empty());
    }

    #[test]
    fn questions_know_their_lines() {
        let md = "## Questions\n\n- Why us?\n\ntext\n\nQuestion: What next?\n";
        let lines: Vec<usize> = scan(md, false).questions.iter().map(|q| q.line).collect();
        assert_eq!(lines, [3, 7]);
    }

    #[test]
    fn questions_remember_their_headings() {
        let md = "# T\n\n## Practice Questions\n\n### Earn Trust\n\n- Tell me about a time you rebuilt trust.\n";
        let questions = scan(md, false).questions;
        assert_eq!(questions[0].headings, [0, 1, 2]);
    }

    #[test]
    fn ids_are_stable_and_ignore_case_and_punctuation() {
        assert_eq!(question_id("Why Amazon?"), question_id("why amazon"));
        assert_ne!(question_id("Why Amazon?"), question_id("Why Google?"));
        assert_eq!(question_id("Why Amazon?").len(), 16);
    }
}
