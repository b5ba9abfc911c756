//! Cards written in lectures and notes (issue 31): cloze deletions (`{{c1::text}}`,
//! `{{c1::text::hint}}`, and `==text==` when `course.toml` sets `highlight_clozes`),
//! one-line cards (`Front::Back`, reversed `Front:::Back`) and multi-line cards (a line
//! `?`, reversed `??`, between front and back), found in a page's paragraphs while the
//! load stage scans it ([`CardFinder`] is a scan visitor), and made bank entries by the
//! link stage ([`entries`]): one per cloze number, two for a reversed pair.
//!
//! Where a card starts and ends follows the Obsidian Spaced Repetition plugin, read by
//! Markdown blocks: a card is one paragraph (a blank line ends it); a paragraph with a
//! cloze is one cloze note; else a paragraph with a line `?`/`??` is one multi-line card
//! (the lines above are the front, the lines below the back); else each of its lines
//! holding `::`/`:::` with text on both sides is a one-line card. Code, math, diagrams,
//! HTML, link text, URLs (`https://a::b`), headings, tables and list items are never
//! read as card syntax.
//!
//! A card travels from the load stage to the link stage as a [`RawQuestion`] carrying
//! its [`Card`] ([`is_card`]): its `text` the front as practice shows it, its `answer`
//! the back.

use crate::markdown::dialects::{CardSyntax, Inline};
use crate::markdown::{self, slug::stable_hash};
use crate::model::{Card, CardKind, RawQuestion};
use crate::prep::questions::normalize;
use pulldown_cmark::{Event, Tag, TagEnd};

/// One card of a note, as found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCard {
    pub kind: CardKind,
    /// The note as Markdown (a cloze sentence with its marks, or the front).
    pub note: String,
    /// The note's back, as Markdown (empty for a cloze note).
    pub back: String,
    pub number: u32,
    /// The front as practice shows it, and the back (Markdown).
    pub front_shown: String,
    pub back_shown: String,
    /// Byte offset in the body.
    pub offset: usize,
}

impl RawCard {
    /// Its bank id: from the normalised note, its back, kind and number, so that an edit
    /// elsewhere in the file keeps it.
    pub fn id(&self) -> String {
        format!("{:016x}", stable_hash(self.key(Some(self.number)).bytes()))
    }

    /// The id shared by the cards of its note.
    pub fn note_id(&self) -> String {
        format!("{:016x}", stable_hash(self.key(None).bytes()))
    }

    fn key(&self, number: Option<u32>) -> String {
        let kind = match self.kind {
            CardKind::Cloze => "cloze",
            CardKind::Basic => "basic",
            CardKind::Reversed => "reversed",
        };
        let number = number.map(|n| n.to_string()).unwrap_or_default();
        format!(
            "card\u{1f}{kind}\u{1f}{}\u{1f}{}\u{1f}{number}",
            normalize(&self.note),
            normalize(&self.back)
        )
    }

    /// The model's card for this entry.
    pub fn card(&self) -> Card {
        Card {
            kind: self.kind,
            note: self.note.clone(),
            back: self.back.clone(),
            number: self.number,
            note_id: self.note_id(),
        }
    }

    /// The card as a [`RawQuestion`], to travel to the link stage.
    fn into_raw_question(self, headings: Vec<usize>) -> RawQuestion {
        let card = self.card();
        RawQuestion {
            text: self.front_shown,
            followups: Vec::new(),
            offset: self.offset,
            line: 0,
            headings,
            label: None,
            answer: Some(self.back_shown),
            language: None,
            card: Some(card),
        }
    }
}

/// Whether a raw question is a card travelling to the link stage.
pub fn is_card(raw: &RawQuestion) -> bool {
    raw.card.is_some()
}

/// The card a raw question carries, if it carries one.
pub fn from_raw_question(raw: &RawQuestion) -> Option<RawCard> {
    let card = raw.card.as_ref()?;
    Some(RawCard {
        kind: card.kind,
        number: card.number,
        note: card.note.clone(),
        back: card.back.clone(),
        front_shown: raw.text.clone(),
        back_shown: raw.answer.clone().unwrap_or_default(),
        offset: raw.offset,
    })
}

/// An event of an open paragraph: its range in the paragraph's text, its body offset.
type Placed = (std::ops::Range<usize>, usize);

/// Watches a page's Markdown events and collects the cards in its paragraphs.
#[derive(Debug, Default)]
pub struct CardFinder {
    highlight_clozes: bool,
    /// The open paragraph's text, and each event's range in it and offset in the body.
    paragraph: Option<(Inline, Vec<Placed>)>,
    /// (level, heading index) of the enclosing headings.
    headings: Vec<(u8, usize)>,
    /// How many list items are open: no card is read in one.
    items: usize,
    cards: Vec<RawQuestion>,
}

impl CardFinder {
    /// A finder; `highlight_clozes` reads `==text==` as a cloze.
    pub fn new(highlight_clozes: bool) -> Self {
        Self {
            highlight_clozes,
            ..Self::default()
        }
    }

    /// An event of the scan, with its offset in the body.
    pub fn event(&mut self, event: &Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::Item) => self.items += 1,
            Event::End(TagEnd::Item) => self.items = self.items.saturating_sub(1),
            _ => {}
        }
        match (&mut self.paragraph, event) {
            (None, Event::Start(Tag::Paragraph)) if self.items == 0 => {
                self.paragraph = Some(Default::default())
            }
            (Some(_), Event::End(TagEnd::Paragraph)) => {
                let (inline, ranges) = self.paragraph.take().unwrap_or_default();
                self.paragraph_closed(inline, ranges);
            }
            (Some((inline, ranges)), event) => {
                let range = inline.push_event(event);
                ranges.push((range, offset));
            }
            (None, _) => {}
        }
    }

    /// A heading closed.
    pub fn heading(&mut self, level: u8, index: usize) {
        while self.headings.last().is_some_and(|&(l, _)| l >= level) {
            self.headings.pop();
        }
        self.headings.push((level, index));
    }

    fn paragraph_closed(&mut self, inline: Inline, ranges: Vec<Placed>) {
        let (inline, syntax) = inline.card_syntax(self.highlight_clozes);
        // The ranges are in order: the first ending after `at` holds it.
        let offset_of = |at: usize| {
            let first = ranges.partition_point(|(range, _)| range.end <= at);
            ranges
                .get(first)
                .or(ranges.first())
                .map_or(0, |&(_, offset)| offset)
        };
        let found = cards_of(&inline, &syntax, offset_of);
        let headings: Vec<usize> = self.headings.iter().map(|&(_, i)| i).collect();
        self.cards.extend(
            found
                .into_iter()
                .map(|card| card.into_raw_question(headings.clone())),
        );
    }

    /// The cards found, each with its line in `body`.
    pub fn finish(self, body: &str) -> Vec<RawQuestion> {
        let mut cards = self.cards;
        for card in &mut cards {
            let offset = card.offset.min(body.len());
            card.line = 1 + body.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        }
        cards
    }
}

impl markdown::Visitor for CardFinder {
    fn event(&mut self, event: &Event<'_>, offset: usize) {
        CardFinder::event(self, event, offset);
    }

    fn heading(&mut self, level: u8, index: usize, _: &str) {
        CardFinder::heading(self, level, index);
    }
}

/// The cards a paragraph's syntax makes; `offset_of` gives a position's body offset.
fn cards_of(
    inline: &Inline,
    syntax: &CardSyntax,
    offset_of: impl Fn(usize) -> usize,
) -> Vec<RawCard> {
    // Each side as practice shows a question (plain text) and as the bank, practice's
    // answer and the Anki deck render it again (Markdown).
    let side = |range: &std::ops::Range<usize>| Side {
        text: inline.text[range.clone()].trim().to_string(),
        markdown: inline.markdown(range.clone()).trim().to_string(),
    };
    match syntax {
        CardSyntax::None => Vec::new(),
        CardSyntax::Clozes(clozes) => {
            let mut numbers: Vec<u32> = clozes.iter().map(|c| c.number).collect();
            numbers.sort_unstable();
            numbers.dedup();
            // A sentence's soft line breaks are spaces.
            let note = inline
                .markdown(0..inline.text.len())
                .trim()
                .replace('\n', " ");
            let offset = offset_of(clozes[0].range.start);
            numbers
                .into_iter()
                .map(|number| RawCard {
                    kind: CardKind::Cloze,
                    note: note.clone(),
                    back: String::new(),
                    number,
                    front_shown: cloze_text(inline, clozes, number),
                    back_shown: cloze_answer(inline, clozes, number),
                    offset,
                })
                .collect()
        }
        CardSyntax::MultiLine {
            front,
            back,
            reversed,
            ..
        } => pair(side(front), side(back), *reversed, offset_of(front.start)),
        CardSyntax::Lines(lines) => lines
            .iter()
            .flat_map(|line| {
                pair(
                    side(&line.front),
                    side(&line.back),
                    line.reversed,
                    offset_of(line.line.start),
                )
            })
            .collect(),
    }
}

/// One side of a card: as plain text, and as Markdown.
struct Side {
    text: String,
    markdown: String,
}

/// A front/back card, or a reversed pair's two cards: each shows its front as text
/// and its back as Markdown; the note keeps both sides as Markdown.
fn pair(front: Side, back: Side, reversed: bool, offset: usize) -> Vec<RawCard> {
    let kind = match reversed {
        true => CardKind::Reversed,
        false => CardKind::Basic,
    };
    let card = RawCard {
        kind,
        note: front.markdown.clone(),
        back: back.markdown.clone(),
        number: 1,
        front_shown: front.text,
        back_shown: back.markdown,
        offset,
    };
    if !reversed {
        return vec![card];
    }
    let other = RawCard {
        number: 2,
        front_shown: back.text,
        back_shown: front.markdown,
        ..card.clone()
    };
    vec![card, other]
}

/// A cloze sentence as practice shows it: deletion `hidden` as `[…]` (or `[hint]`), the
/// others as their text.
fn cloze_text(inline: &Inline, clozes: &[markdown::dialects::Cloze], hidden: u32) -> String {
    let mut shown = String::with_capacity(inline.text.len());
    let mut at = 0;
    for cloze in clozes {
        shown.push_str(&inline.text[at..cloze.range.start]);
        if cloze.number == hidden {
            match &cloze.hint {
                Some(hint) => {
                    shown.push('[');
                    shown.push_str(inline.text[hint.clone()].trim());
                    shown.push(']');
                }
                None => shown.push_str("[…]"),
            }
        } else {
            shown.push_str(&inline.text[cloze.answer.clone()]);
        }
        at = cloze.range.end;
    }
    shown.push_str(&inline.text[at..]);
    shown.trim().replace('\n', " ")
}

/// A cloze sentence as its answer: whole, deletion `number`'s text in bold.
fn cloze_answer(inline: &Inline, clozes: &[markdown::dialects::Cloze], number: u32) -> String {
    let mut shown = String::with_capacity(inline.text.len() + 8);
    let mut at = 0;
    for cloze in clozes {
        shown.push_str(&inline.markdown(at..cloze.range.start));
        let answer = inline.markdown(cloze.answer.clone());
        if cloze.number == number {
            shown.push_str("**");
            shown.push_str(answer.trim());
            shown.push_str("**");
        } else {
            shown.push_str(answer.trim());
        }
        at = cloze.range.end;
    }
    shown.push_str(&inline.markdown(at..inline.text.len()));
    shown.trim().replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cards of a body, as the load stage finds them.
    fn cards(body: &str, highlight_clozes: bool) -> Vec<RawCard> {
        let mut finder = CardFinder::new(highlight_clozes);
        markdown::scan(body, &mut finder);
        finder
            .finish(body)
            .iter()
            .map(|raw| from_raw_question(raw).expect("a card"))
            .collect()
    }

    fn fronts(body: &str) -> Vec<(CardKind, String, String)> {
        cards(body, false)
            .into_iter()
            .map(|c| (c.kind, c.front_shown, c.back_shown))
            .collect()
    }

    #[test]
    fn an_anki_cloze_makes_a_card_per_number() {
        let found = cards(
            "A {{c1::hash map}} gives {{c2::O(1)::cost}} lookups and {{c1::no order}}.\n",
            false,
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].kind, CardKind::Cloze);
        assert_eq!(found[0].front_shown, "A […] gives O(1) lookups and […].");
        assert_eq!(
            found[0].back_shown,
            "A **hash map** gives O(1) lookups and **no order**."
        );
        assert_eq!(found[1].number, 2);
        assert_eq!(
            found[1].front_shown,
            "A hash map gives [cost] lookups and no order."
        );
        assert_eq!(found[0].note_id(), found[1].note_id());
        assert_ne!(found[0].id(), found[1].id());
        assert_eq!(found[0].id().len(), 16);
        assert!(found[0].note.contains("{{c2::O(1)::cost}}"));
    }

    #[test]
    fn one_line_cards_and_reversed_pairs() {
        assert_eq!(
            fronts("CAP theorem::pick two of three\n"),
            [(
                CardKind::Basic,
                "CAP theorem".to_string(),
                "pick two of three".to_string()
            )]
        );
        let pair = fronts("Idempotent:::same result when repeated\n");
        assert_eq!(pair.len(), 2);
        assert_eq!(pair[0].0, CardKind::Reversed);
        assert_eq!(pair[1].1, "same result when repeated");
        assert_eq!(pair[1].2, "Idempotent");
    }

    #[test]
    fn each_line_of_a_paragraph_is_its_own_one_line_card() {
        let found = fronts("Intro line.\nTCP::reliable\nUDP::fast\n");
        let fronts: Vec<&str> = found.iter().map(|c| c.1.as_str()).collect();
        assert_eq!(fronts, ["TCP", "UDP"]);
    }

    #[test]
    fn multi_line_cards_split_at_a_question_mark_line() {
        let found = fronts("What does a load balancer do?\n?\nSpreads requests\nover servers.\n");
        assert_eq!(
            found,
            [(
                CardKind::Basic,
                "What does a load balancer do?".to_string(),
                "Spreads requests\nover servers.".to_string()
            )]
        );
        let reversed = fronts("Front side\n??\nBack side\n");
        assert_eq!(reversed.len(), 2);
        assert_eq!(reversed[1].1, "Back side");
    }

    #[test]
    fn near_misses_are_not_cards() {
        for body in [
            "Call `std::mem::take` here.\n",
            "```rust\nlet a = b::c;\n```\n",
            "See https://example.com/a::b for more.\n",
            "See <https://example.com/a::b>.\n",
            ":: nothing before it\n",
            "nothing after it ::\n",
            "Math $a::b$ inline.\n",
            "```mermaid\ngraph TD\n  A::B\n```\n",
            "A line\n?\n",
            "Not a {{c1::}} cloze, nor {{cx::this}}.\n",
            "`{{c1::in code}}`\n",
            "Plain ==highlight== text.\n",
            "$$x == y$$\n",
            "[link::text](x.md)\n",
            "# Heading::with colons\n",
            "- item::in a list\n",
            "- loose item::in a list\n\n- another::one\n",
            "| a::b | c |\n|---|---|\n| d::e | f |\n",
        ] {
            assert!(cards(body, false).is_empty(), "{body:?} made a card");
        }
    }

    #[test]
    fn highlights_are_clozes_only_when_the_course_says_so() {
        let body = "The ==leader== takes writes; ==followers== read.\n";
        assert!(cards(body, false).is_empty());
        let found = cards(body, true);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].front_shown,
            "The […] takes writes; followers read."
        );
        assert!(cards("Inline `a ==b== c` and $x ==y== z$.\n", true).is_empty());
    }

    #[test]
    fn escaped_text_stays_text_on_the_back_and_in_the_note() {
        // Decoded, `&lt;table&gt;` is `<table>`: rendered again it must stay text.
        let found = cards(
            "tabular data::the &lt;table&gt; element, \\*not em\\* and `a<b`\n\nA {{c1::&lt;script&gt;x&lt;/script&gt;}} cloze.\n",
            false,
        );
        assert_eq!(found[0].front_shown, "tabular data");
        assert_eq!(
            found[0].back_shown,
            "the \\<table\\> element, \\*not em\\* and `a<b`"
        );
        assert_eq!(found[0].back, found[0].back_shown);
        assert_eq!(found[1].front_shown, "A […] cloze.");
        assert_eq!(
            found[1].back_shown,
            "A **\\<script\\>x\\</script\\>** cloze."
        );
        assert_eq!(found[1].note, "A {{c1::\\<script\\>x\\</script\\>}} cloze.");
        let html = markdown::render(&found[1].back_shown, &[], &Default::default(), "");
        assert!(
            html.contains("&lt;script&gt;") && !html.contains("<script>"),
            "{html}"
        );
    }

    #[test]
    fn a_spaced_repetition_schedule_comment_is_no_part_of_the_card() {
        let fresh = cards("Raft::a consensus protocol\n", false);
        let reviewed = cards(
            "Raft::a consensus protocol <!--SR:!2025-05-01,3,250-->\n",
            false,
        );
        assert_eq!(reviewed[0].back_shown, "a consensus protocol");
        assert_eq!(reviewed[0].id(), fresh[0].id());
    }

    #[test]
    fn a_huge_cloze_number_beside_highlights_does_not_overflow() {
        // The numbers stop at the largest: the highlights share it with the cloze.
        let found = cards("{{c4294967295::a}} and ==b== and ==c==.\n", true);
        let numbers: Vec<u32> = found.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [u32::MAX]);
    }

    #[test]
    fn ids_stay_when_the_rest_of_the_file_changes() {
        let before = "# Notes\n\nTCP::reliable\n\nA {{c1::cache}} hides latency.\n";
        let after = "# Notes, renamed\n\nA new paragraph first.\n\nMore text.\n\nTCP::reliable\n\nA {{c1::cache}}  hides latency.\n";
        let ids = |body| {
            cards(body, false)
                .iter()
                .map(RawCard::id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(before), ids(after));
        let edited = "TCP::reliable, ordered\n\nA {{c1::cache}} hides latency.\n";
        assert_ne!(
            ids(before)[0],
            ids(edited)[0],
            "an edited card is a new card"
        );
        assert_eq!(ids(before)[1], ids(edited)[1]);
    }

    #[test]
    fn a_card_knows_its_line_and_headings() {
        let mut finder = CardFinder::new(false);
        let body = "# Top\n\n## Part\n\nIntro.\nTCP::reliable\n";
        markdown::scan(body, &mut finder);
        let raw = finder.finish(body);
        assert_eq!(raw.len(), 1);
        assert_eq!(raw[0].line, 6);
        assert_eq!(raw[0].headings, [0, 1]);
        assert!(is_card(&raw[0]));
    }
}
