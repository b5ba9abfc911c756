//! The question bank for other tools: JSON (an array of questions), TSV in Anki's
//! text-import format (a stable GUID per question, so re-importing updates notes instead
//! of duplicating them), and CSV per RFC 4180.

use crate::model::Course;
use crate::model::Question;

/// The formats `prepress export questions` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Tsv,
    Csv,
}

/// The questions in a format.
pub fn questions(course: &Course, format: Format) -> String {
    match format {
        Format::Json => json(&course.questions),
        Format::Tsv => anki_tsv(course),
        Format::Csv => csv(course),
    }
}

/// A JSON array of the questions, one to a line, ending with a newline: a tool reads it
/// whole and a person can still read and grep it, while pretty-printing a bank of
/// answers made a quarter of the file indentation.
pub fn json(questions: &[Question]) -> String {
    let mut text = String::from("[");
    for (at, question) in questions.iter().enumerate() {
        text.push_str(if at == 0 { "\n" } else { ",\n" });
        text.push_str(&serde_json::to_string(question).unwrap_or_else(|_| "null".to_string()));
    }
    text.push_str("\n]\n");
    text
}

/// Anki's text import: header lines, then guid, front, back and tags per note.
pub fn anki_tsv(course: &Course) -> String {
    let mut tsv = String::new();
    tsv.push_str("#separator:tab\n#html:true\n#notetype:Basic\n");
    tsv.push_str(&format!("#deck:{}\n", one_line(&course.config.title)));
    tsv.push_str("#guid column:1\n#tags column:4\n");
    let base = course.config.absolute_base();
    for question in &course.questions {
        let front = crate::markdown::highlight::escape(&question.text);
        let back = anki_back(course, question, &base);
        let tags = question.principles.join(" ");
        tsv.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            question.id,
            one_line(&front),
            one_line(&back),
            tags
        ));
    }
    tsv
}

/// The back of a card: principles, follow-ups and a link to where it was written.
fn anki_back(course: &Course, question: &Question, base: &str) -> String {
    let mut back = String::new();
    if let Some(answer) = &question.answer {
        let html = crate::markdown::render(answer, &[], &Default::default(), "");
        back.push_str(&format!("<div class=\"answer\">{}</div>", html.trim_end()));
    }
    let titles: Vec<String> = question
        .principles
        .iter()
        .map(|slug| crate::markdown::highlight::escape(course.principle_title(slug)))
        .collect();
    if !titles.is_empty() {
        back.push_str(&format!("<p><b>Principles:</b> {}</p>", titles.join(", ")));
    }
    if !question.followups.is_empty() {
        back.push_str("<p><b>Follow-ups:</b></p><ul>");
        for followup in &question.followups {
            back.push_str(&format!(
                "<li>{}</li>",
                crate::markdown::highlight::escape(followup)
            ));
        }
        back.push_str("</ul>");
    }
    let relative = question
        .url
        .strip_prefix(course.root.as_str())
        .unwrap_or(&question.url);
    back.push_str(&format!(
        "<p><a href=\"{}\">{}:{}</a></p>",
        crate::markdown::highlight::escape(&format!("{base}{relative}")),
        crate::markdown::highlight::escape(&question.source),
        question.line
    ));
    back
}

/// CSV (RFC 4180): a header row, then one row per question, CRLF line ends.
pub fn csv(course: &Course) -> String {
    let header = [
        "id",
        "text",
        "principles",
        "followups",
        "source",
        "line",
        "url",
        "section",
        "tags",
        "company",
        "level",
        "answer",
        "language",
        "topic",
        "difficulty",
    ];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for q in &course.questions {
        rows.push(vec![
            q.id.clone(),
            q.text.clone(),
            q.principles.join(";"),
            q.followups.join("\n"),
            q.source.clone(),
            q.line.to_string(),
            q.url.clone(),
            q.section.clone(),
            q.tags.join(";"),
            q.company.clone().unwrap_or_default(),
            q.level.clone().unwrap_or_default(),
            q.answer.clone().unwrap_or_default(),
            q.language.clone().unwrap_or_default(),
            q.topic.clone().unwrap_or_default(),
            q.difficulty.clone().unwrap_or_default(),
        ]);
    }
    let mut text = String::new();
    for row in rows {
        let fields: Vec<String> = row.iter().map(|field| csv_field(field)).collect();
        text.push_str(&fields.join(","));
        text.push_str("\r\n");
    }
    text
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Tabs and line breaks would split a TSV record.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn json_is_an_array_with_a_question_to_a_line() {
        let (course, _) = crate::link::testing::course_of(&[(
            "s/p.md",
            "---\ntitle: P\n---\n# Question\n\nWhat is A?\n\n## Answer\n\nLine one.\n\nLine two.\n\n# Question\n\nWhat is B?\n",
        )]);
        let text = json(&course.questions);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[1].contains("What is A?") && lines[2].contains("What is B?"));
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[0]["answer"], "Line one.\n\nLine two.");
        assert_eq!(json(&[]), "[\n]\n");
        assert!(serde_json::from_str::<serde_json::Value>(&json(&[])).unwrap()[0].is_null());
    }

    #[test]
    fn tsv_fields_stay_on_one_line() {
        assert_eq!(one_line("a\tb\nc"), "a b c");
    }
}
