//! The prep layer of the link stage: principles, the question bank and the story bank.
//! Takes a linked [`Course`] (pages, URLs, order) and fills in its principles (from
//! principle files, then from names pages use without a file), which principles each
//! lecture touches (front matter and headings), every question with its principles and
//! the place it was written, and the stories.

pub mod anki;
pub mod cards;
pub mod export;
pub mod principles;
pub mod questions;
pub mod story_lint;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, line_and_column};
use crate::markdown;
use crate::markdown::slug::url_slug;
use crate::model::Kind;
use crate::model::{Course, LectureId, Page, PageRef, Principle, PrincipleId, QuestionId};
use crate::model::{Question, RawQuestion, SourceRef};
use crate::prep::principles::Matcher;
use crate::prep::questions::{normalize, question_id};

/// Fills in the course's principles, question bank and stories.
/// Gives the problems found: principle names without a file (when the course has
/// principle files) and the story lint's warnings.
pub fn link_prep(course: &mut Course) -> Vec<Diagnostic> {
    let mut principles = Principles::from_files(course);
    let mut diagnostics = Vec::new();
    let has_files = !principles.list.is_empty();
    let pages = course.pages();
    for page_ref in &pages {
        let page = course.page(*page_ref);
        let names = page
            .principle_names
            .iter()
            .map(|name| (name, page.principles_line))
            .chain(
                page.front_matter_questions
                    .iter()
                    .flat_map(|q| q.principles.iter())
                    .map(|name| (name, page.questions_line)),
            );
        for (name, line) in names {
            let known = principles.list.len();
            principles.find_or_add(name, &course.root);
            if has_files && principles.list.len() > known {
                let message = format!("principle `{name}` matches no principle file");
                diagnostics.push(
                    Diagnostic::warning(&page.file, "unknown-principle", message)
                        .at_line(line, 0)
                        .with_hint(principles.closest_title(name)),
                );
            }
        }
    }
    for id in LectureId::all(course.lectures.len()) {
        course.lectures[id].principles = principles.of_lecture(course, id);
    }
    let questions = question_bank(course, &pages, &mut principles);
    course.principles = principles.list;
    course.questions = questions;
    course.stories = pages
        .iter()
        .filter_map(|page| match page {
            PageRef::Lecture(id) if course.lectures[*id].kind == Kind::Story => Some(*id),
            _ => None,
        })
        .collect();
    cross_reference(course, &pages);
    diagnostics.extend(lint_stories(course));
    diagnostics
}

/// The story lint over every story file.
fn lint_stories(course: &Course) -> Vec<Diagnostic> {
    let titles: Vec<String> = course
        .principles
        .iter()
        .filter(|p| p.lecture.is_some())
        .map(|p| p.title.clone())
        .collect();
    course
        .stories
        .iter()
        .flat_map(|&id| {
            let page = &course.lectures[id].page;
            let story = story_lint::Story {
                file: &page.file,
                text: &page.text,
                body_offset: page.body_offset,
                headings: &page.headings,
                principles: &titles,
            };
            story_lint::lint(&story, &course.config.stories)
        })
        .collect()
}

/// The principles being gathered, and how to find them by name.
struct Principles {
    list: Vec<Principle>,
    matcher: Matcher,
    /// Heading text -> the principles it names; the same headings recur on many pages.
    headings: RefCell<HashMap<String, Vec<PrincipleId>>>,
    /// Front matter name -> its principle.
    names: RefCell<HashMap<String, Option<PrincipleId>>>,
}

impl Principles {
    /// The principles that have a file, by framework, then order, then title.
    fn from_files(course: &Course) -> Self {
        let mut files: Vec<LectureId> = LectureId::all(course.lectures.len())
            .filter(|&id| course.lectures[id].kind == Kind::Principle)
            .filter(|&id| {
                course.sections[course.lectures[id].section]
                    .lectures
                    .contains(&id)
            })
            .collect();
        files.sort_by_cached_key(|&id| {
            let lecture = &course.lectures[id];
            (
                lecture.framework.clone().unwrap_or_default(),
                lecture.order.unwrap_or(i64::MAX),
                lecture.page.title.to_lowercase(),
            )
        });
        let mut principles = Self {
            list: Vec::new(),
            matcher: Matcher::default(),
            headings: RefCell::default(),
            names: RefCell::default(),
        };
        for id in files {
            let lecture = &course.lectures[id];
            let definition = match lecture.page.description.trim() {
                "" => markdown::first_paragraph(lecture.page.body()),
                description => description.to_string(),
            };
            principles.push(Principle {
                slug: lecture.slug.clone(),
                title: lecture.page.title.clone(),
                aliases: lecture.aliases.clone(),
                framework: lecture.framework.clone(),
                order: lecture.order,
                url: lecture.page.url.clone(),
                lecture: Some(id),
                definition,
                lectures: Vec::new(),
                questions: Vec::new(),
                stories: Vec::new(),
            });
        }
        principles
    }

    /// A hint naming the principle whose title is closest to a name.
    fn closest_title(&self, name: &str) -> String {
        let lower = name.to_lowercase();
        let closest = self
            .list
            .iter()
            .filter(|p| p.lecture.is_some())
            .map(|p| {
                (
                    crate::source::front_matter::edit_distance(&lower, &p.title.to_lowercase()),
                    &p.title,
                )
            })
            .min();
        match closest {
            Some((distance, title)) if distance <= lower.len() / 3 + 1 => {
                format!("did you mean `{title}`? A name without a file gets a generated page")
            }
            _ => "add a file with `kind: principle` for it, or an alias to an existing one"
                .to_string(),
        }
    }

    fn push(&mut self, principle: Principle) -> PrincipleId {
        let id = PrincipleId(self.list.len());
        self.headings.borrow_mut().clear();
        self.names.borrow_mut().clear();
        self.matcher.add(id, &principle.title, &principle.aliases);
        self.list.push(principle);
        id
    }

    /// The principle a name refers to; a name without a file gets a generated page.
    fn find_or_add(&mut self, name: &str, root: &str) -> Option<PrincipleId> {
        if name.trim().is_empty() {
            return None;
        }
        if let Some(id) = self.by_name(name) {
            return Some(id);
        }
        let mut slug = url_slug(name);
        while self.list.iter().any(|p| p.slug == slug) {
            slug.push_str("-1");
        }
        Some(self.push(Principle {
            url: format!("{root}principles/{slug}/"),
            slug,
            title: name.trim().to_string(),
            aliases: Vec::new(),
            framework: None,
            order: None,
            lecture: None,
            definition: String::new(),
            lectures: Vec::new(),
            questions: Vec::new(),
            stories: Vec::new(),
        }))
    }

    fn by_name(&self, name: &str) -> Option<PrincipleId> {
        if let Some(&found) = self.names.borrow().get(name) {
            return found;
        }
        let found = self.matcher.by_name(name);
        self.names.borrow_mut().insert(name.to_string(), found);
        found
    }

    /// The principles a heading (or label) names.
    fn in_heading(&self, heading: &str) -> Vec<PrincipleId> {
        if let Some(found) = self.headings.borrow().get(heading) {
            return found.clone();
        }
        let found = self.matcher.in_heading(heading);
        self.headings
            .borrow_mut()
            .insert(heading.to_string(), found.clone());
        found
    }

    fn named(&self, names: &[String]) -> Vec<PrincipleId> {
        let mut ids = Vec::new();
        for name in names {
            if let Some(id) = self.by_name(name) {
                push_unique(&mut ids, id);
            }
        }
        ids
    }

    /// A lecture's principles: its front matter, then those its headings name; a
    /// principle file is about itself.
    fn of_lecture(&self, course: &Course, id: LectureId) -> Vec<PrincipleId> {
        let lecture = &course.lectures[id];
        let mut ids = Vec::new();
        if lecture.kind == Kind::Principle
            && let Some(own) = self
                .list
                .iter()
                .position(|p| p.lecture == Some(id))
                .map(PrincipleId)
        {
            ids.push(own);
        }
        for principle in self.named(&lecture.page.principle_names) {
            push_unique(&mut ids, principle);
        }
        if matches!(lecture.kind, Kind::Lecture) {
            for heading in &lecture.page.headings {
                for principle in self.in_heading(&heading.text) {
                    push_unique(&mut ids, principle);
                }
            }
        }
        ids
    }

    /// The principles of a question found in the Markdown: those its label and headings
    /// name, innermost first; else the page's own.
    fn of_raw_question(
        &self,
        page: &Page,
        raw: &RawQuestion,
        page_principles: &[PrincipleId],
    ) -> Vec<PrincipleId> {
        let mut ids = Vec::new();
        if let Some(label) = &raw.label {
            ids.extend(self.in_heading(label));
        }
        for &heading in raw.headings.iter().rev() {
            for principle in self.in_heading(&page.headings[heading].text) {
                push_unique(&mut ids, principle);
            }
        }
        if ids.is_empty() {
            ids = page_principles.to_vec();
        }
        ids
    }
}

impl Principles {
    /// The principles of a card: those its headings name, innermost first; else the
    /// page's own; as slugs.
    fn of_raw_card(
        &self,
        page: &Page,
        raw: &RawQuestion,
        page_principles: &[PrincipleId],
    ) -> Vec<String> {
        let headings_only = RawQuestion {
            label: None,
            ..raw.clone()
        };
        self.of_raw_question(page, &headings_only, page_principles)
            .into_iter()
            .map(|id| self.list[id].slug.clone())
            .collect()
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Every question of every page, in course order, identical ones merged.
fn question_bank(course: &Course, pages: &[PageRef], principles: &mut Principles) -> Vec<Question> {
    let mut bank: Vec<Question> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for &page_ref in pages {
        let page = course.page(page_ref);
        let (section_title, page_principles) = match page_ref {
            PageRef::Section(id) => (
                &course.sections[id].page.title,
                principles.named(&page.principle_names),
            ),
            PageRef::Lecture(id) => {
                let lecture = &course.lectures[id];
                let mut own = principles.named(&page.principle_names);
                if lecture.kind == Kind::Principle {
                    own = lecture
                        .principles
                        .iter()
                        .take(1)
                        .copied()
                        .chain(own)
                        .collect();
                    own.dedup();
                }
                (&course.sections[lecture.section].page.title, own)
            }
        };
        let source = page.file.to_string_lossy().replace('\\', "/");
        let body_line = line_and_column(&page.text, page.body_offset).0;
        let mut found: Vec<Found> = Vec::new();
        for question in &page.front_matter_questions {
            let mut ids = principles.named(&question.principles);
            if ids.is_empty() {
                ids = page_principles.clone();
            }
            found.push(Found {
                text: crate::prep::questions::clean(&question.text),
                principles: ids,
                followups: &question.followups,
                line: page.questions_line,
                anchor: None,
                company: question.company.as_deref().or(page.company.as_deref()),
                level: question.level.as_deref().or(page.level.as_deref()),
                answer: question.answer.as_deref(),
                language: None,
                qa: false,
            });
        }
        let (cards, raw_questions): (Vec<&RawQuestion>, Vec<&RawQuestion>) = page
            .raw_questions
            .iter()
            .partition(|raw| cards::is_card(raw));
        for raw in raw_questions {
            found.push(Found {
                text: raw.text.clone(),
                principles: principles.of_raw_question(page, raw, &page_principles),
                followups: &raw.followups,
                line: body_line + raw.line - 1,
                anchor: raw.headings.last().map(|&h| page.headings[h].id.as_str()),
                company: page.company.as_deref(),
                level: page.level.as_deref(),
                answer: raw.answer.as_deref(),
                language: raw.language.as_deref(),
                qa: raw.language.is_some() || raw.answer.is_some(),
            });
        }
        // The page's Q&A questions with their languages (one without a tag is in the
        // course's language), by bank index.
        let mut in_languages: Vec<(&str, usize)> = Vec::new();
        let course_language = course.config.language.as_str();
        for question in found {
            let key = normalize(&question.text);
            if key.is_empty() {
                continue;
            }
            if question.qa {
                let language = question.language.unwrap_or(course_language);
                let index = by_text.get(&key).copied().unwrap_or(bank.len());
                in_languages.push((language, index));
            }
            let url = match question.anchor {
                Some(anchor) => format!("{}#{anchor}", page.url),
                None => page.url.clone(),
            };
            let slugs = question
                .principles
                .iter()
                .map(|&id| &principles.list[id].slug);
            if let Some(&index) = by_text.get(&key) {
                let into: &mut Question = &mut bank[index];
                for slug in slugs {
                    if !into.principles.contains(slug) {
                        into.principles.push(slug.clone());
                    }
                }
                for followup in question.followups {
                    if !into.followups.contains(followup) {
                        into.followups.push(followup.clone());
                    }
                }
                for tag in &page.tags {
                    if !into.tags.contains(tag) {
                        into.tags.push(tag.clone());
                    }
                }
                if into.company.is_none() {
                    into.company = question.company.map(str::to_string);
                }
                if into.level.is_none() {
                    into.level = question.level.map(str::to_string);
                }
                if into.answer.is_none() {
                    into.answer = question.answer.map(str::to_string);
                }
                if into.topic.is_none() {
                    into.topic = page.topic.clone();
                }
                if into.difficulty.is_none() {
                    into.difficulty = page.difficulty.clone();
                }
                into.also.push(SourceRef {
                    source: source.clone(),
                    line: question.line,
                    url,
                });
                continue;
            }
            by_text.insert(key.clone(), bank.len());
            bank.push(Question {
                id: question_id(&key),
                text: question.text,
                principles: slugs.cloned().collect(),
                followups: question.followups.to_vec(),
                source: source.clone(),
                line: question.line,
                url,
                section: section_title.clone(),
                tags: page.tags.clone(),
                company: question.company.map(str::to_string),
                level: question.level.map(str::to_string),
                also: Vec::new(),
                answer: question.answer.map(str::to_string),
                language: question.language.map(str::to_string),
                topic: page.topic.clone(),
                difficulty: page.difficulty.clone(),
                translations: Vec::new(),
                card: None,
            });
        }
        for raw in cards {
            let Some(card) = cards::from_raw_question(raw) else {
                continue;
            };
            let place = CardPlace {
                principles: principles.of_raw_card(page, raw, &page_principles),
                source: &source,
                line: body_line + raw.line - 1,
                url: match raw.headings.last() {
                    Some(&h) => format!("{}#{}", page.url, page.headings[h].id),
                    None => page.url.clone(),
                },
            };
            add_card(&mut bank, &mut by_text, page, section_title, card, place);
        }
        // A note asking one question in several languages, each once: each is the
        // others' translation. Two in one language (`en` and `en-GB` too) are two
        // questions, not translations.
        let one_each = || {
            let languages: HashSet<String> = in_languages
                .iter()
                .map(|(l, _)| crate::config::primary_language(l))
                .collect();
            languages.len() == in_languages.len()
        };
        if in_languages.len() > 1 && one_each() {
            for &(_, index) in &in_languages {
                for &(_, at) in in_languages.iter().filter(|&&(_, at)| at != index) {
                    let id = bank[at].id.clone();
                    push_unique(&mut bank[index].translations, id);
                }
            }
        }
    }
    bank
}

/// Where a card was written, and the principles it is about.
struct CardPlace<'a> {
    principles: Vec<String>,
    source: &'a str,
    line: usize,
    url: String,
}

/// A card's bank entry (one per cloze number, one per side of a reversed pair); a card
/// written twice is one entry, its other places in `also`.
fn add_card(
    bank: &mut Vec<Question>,
    by_key: &mut HashMap<String, usize>,
    page: &Page,
    section: &str,
    card: cards::RawCard,
    place: CardPlace,
) {
    let id = card.id();
    let key = format!("\u{0}card {id}");
    if let Some(&index) = by_key.get(&key) {
        bank[index].also.push(SourceRef {
            source: place.source.to_string(),
            line: place.line,
            url: place.url,
        });
        return;
    }
    by_key.insert(key, bank.len());
    bank.push(Question {
        id,
        text: card.front_shown.clone(),
        principles: place.principles,
        followups: Vec::new(),
        source: place.source.to_string(),
        line: place.line,
        url: place.url,
        section: section.to_string(),
        tags: page.tags.clone(),
        company: page.company.clone(),
        level: page.level.clone(),
        also: Vec::new(),
        answer: Some(card.back_shown.clone()).filter(|a| !a.is_empty()),
        language: None,
        topic: page.topic.clone(),
        difficulty: page.difficulty.clone(),
        translations: Vec::new(),
        card: Some(card.card()),
    });
}

/// A question as found on one page, before it joins the bank.
struct Found<'a> {
    text: String,
    principles: Vec<PrincipleId>,
    followups: &'a [String],
    line: usize,
    anchor: Option<&'a str>,
    company: Option<&'a str>,
    level: Option<&'a str>,
    answer: Option<&'a str>,
    language: Option<&'a str>,
    /// Whether it is a Q&A note's question (under a `Question` heading).
    qa: bool,
}

/// Each principle's lectures, questions and stories.
fn cross_reference(course: &mut Course, pages: &[PageRef]) {
    let slugs: HashMap<String, PrincipleId> = course
        .principles
        .iter()
        .enumerate()
        .map(|(id, p)| (p.slug.clone(), PrincipleId(id)))
        .collect();
    for (index, question) in course.questions.iter().enumerate() {
        for slug in &question.principles {
            if let Some(&id) = slugs.get(slug) {
                course.principles[id].questions.push(QuestionId(index));
            }
        }
    }
    for page in pages {
        let PageRef::Lecture(id) = *page else {
            continue;
        };
        let lecture = &course.lectures[id];
        for &principle in &lecture.principles {
            match lecture.kind {
                Kind::Lecture => course.principles[principle].lectures.push(id),
                Kind::Story => course.principles[principle].stories.push(id),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::link::testing::course_of;
    use crate::model::{LectureId, PrincipleId};

    const OWNERSHIP: (&str, &str) = (
        "principles/ownership.md",
        "---\nkind: principle\ntitle: Ownership\naliases: [Owner]\n---\nActing for the long term.\n",
    );

    #[test]
    fn a_note_asking_in_two_languages_gives_a_question_each_linked_as_translations() {
        let (course, _) = course_of(&[
            (
                "cards/balancer.md",
                "## Question\n\nWhat does a load balancer do?\n\n## Answer\n\nIt spreads requests.\n\n## Вопрос\n\nЧто делает балансировщик?\n\n## Ответ\n\nРаспределяет запросы.\n",
            ),
            (
                "cards/cache.md",
                "## Question\n\nWhy cache?\n\n## Answer\n\nTo avoid work.\n",
            ),
            (
                "cards/two-english.md",
                "## Question (EN)\n\nWhat is a queue?\n\n## Answer (EN)\n\nA line.\n\n## Question (en-GB)\n\nWhat is a queue, mate?\n\n## Answer (en-GB)\n\nA line, mate.\n\n## Вопрос\n\nЧто такое очередь?\n",
            ),
        ]);
        let [english, russian, alone, rest @ ..] = &course.questions[..] else {
            panic!("{:?}", course.questions);
        };
        assert_eq!(rest.len(), 3);
        assert!(
            rest.iter().all(|q| q.translations.is_empty()),
            "two in one language: not one question in several"
        );
        assert_eq!(russian.language.as_deref(), Some("ru"));
        assert_eq!(
            english.language, None,
            "the course's own language, untagged"
        );
        assert_eq!(english.translations, std::slice::from_ref(&russian.id));
        assert_eq!(russian.translations, std::slice::from_ref(&english.id));
        assert!(alone.translations.is_empty());
    }

    #[test]
    fn cards_join_the_bank_beside_questions_without_changing_them() {
        let questions = "# Talk\n\n## Owner questions\n\n- Tell me about a time you fixed what was not yours.\n";
        let (plain, _) = course_of(&[OWNERSHIP, ("l/talk.md", questions)]);
        let with_cards = format!(
            "{questions}\n## Ownership\n\nOwner:::acts for the whole company\n\nOwners {{{{c1::think long term}}}}.\n"
        );
        let (course, _) = course_of(&[OWNERSHIP, ("l/talk.md", &with_cards)]);
        assert_eq!(
            course.questions[0], plain.questions[0],
            "the question is as it was"
        );
        assert_eq!(course.questions.len(), 4, "{:#?}", course.questions);
        let pair = &course.questions[1..3];
        assert_eq!(pair[0].text, "Owner");
        assert_eq!(pair[1].text, "acts for the whole company");
        assert_eq!(pair[1].answer.as_deref(), Some("Owner"));
        let cloze = &course.questions[3];
        assert_eq!(cloze.text, "Owners […].");
        assert_eq!(cloze.line, 11);
        for card in &course.questions[1..] {
            assert_eq!(card.principles, ["ownership"], "from its heading");
            assert!(card.url.ends_with("#ownership"), "{}", card.url);
            assert!(card.card.is_some());
        }
        let principle = &course.principles[PrincipleId(0)];
        assert_eq!(principle.questions.len(), 4);
    }

    #[test]
    fn a_heading_that_names_a_principle_tags_its_questions() {
        let (course, _) = course_of(&[
            OWNERSHIP,
            (
                "l/talk.md",
                "# Talk\n\n## Owner questions\n\n- Tell me about a time you fixed what was not yours.\n  - What did it cost you?\n\n## Other questions\n\n- Why this team?\n",
            ),
        ]);
        let owned = &course.questions[0];
        assert_eq!(owned.principles, ["ownership"]);
        assert_eq!(owned.followups, ["What did it cost you?"]);
        assert!(course.questions[1].principles.is_empty());
        let principle = &course.principles[PrincipleId(0)];
        assert_eq!(principle.questions.len(), 1);
        assert_eq!(principle.definition, "Acting for the long term.");
    }

    #[test]
    fn questions_inside_a_callout_keep_their_headings_principles() {
        let (course, _) = course_of(&[
            OWNERSHIP,
            (
                "l/talk.md",
                "# Talk\n\n## Ownership\n\n> [!faq]- Practice questions\n> - Tell me about a time you owned an outage.\n\n:::tip\nExample questions:\n\n- When did you fix what was not yours?\n:::\n",
            ),
        ]);
        let texts: Vec<(&str, &[String])> = course
            .questions
            .iter()
            .map(|q| (q.text.as_str(), q.principles.as_slice()))
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        for (_, principles) in texts {
            assert_eq!(principles, ["ownership"]);
        }
    }

    #[test]
    fn one_question_written_twice_is_one_bank_entry() {
        let question = "---\nquestions: [Why do you want this job?]\n---\n";
        let (course, _) = course_of(&[("l/a.md", question), ("l/b.md", question)]);
        assert_eq!(course.questions.len(), 1);
        assert_eq!(course.questions[0].also.len(), 1);
    }

    #[test]
    fn stories_cover_the_principles_they_name() {
        let (course, _) = course_of(&[
            OWNERSHIP,
            (
                "stories/outage.md",
                "---\nkind: story\ntitle: The outage\nprinciples: [Ownership]\n---\n## Situation\n\nI was on call.\n",
            ),
        ]);
        assert_eq!(course.stories.len(), 1);
        let story: LectureId = course.stories[0];
        assert_eq!(course.principles[PrincipleId(0)].stories, [story]);
    }

    #[test]
    fn an_unknown_principle_name_is_a_warning_when_there_are_principle_files() {
        let (_, diagnostics) =
            course_of(&[OWNERSHIP, ("l/a.md", "---\nprinciples: [Frugality]\n---\n")]);
        let warning = diagnostics
            .iter()
            .find(|d| d.code == "unknown-principle")
            .expect("a warning");
        assert_eq!(warning.line, 2);
    }
}
