//! The Anki package, tested with Anki itself: `prepress export cards --format apkg` on
//! the `anki` fixture, imported by the official `anki` Python package (installed by
//! `tests/setup` into `target/anki/`) into a fresh collection; notes and cards counted
//! per note type, a card of each type rendered, an answer changed and the newer export
//! imported again (the note updated, nothing duplicated), the image an answer shows
//! found in the collection's media. And the build: `course.apkg` offered on
//! `/practice/`, unless `anki_deck = false`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{Course, prepress, stderr};

/// Imports a package into a collection (made when missing) and describes what the
/// collection then holds, as JSON: the import's log, the notes and cards of each note
/// type, the first card of each template rendered, every note's fields and tags by GUID,
/// and the media files.
const IMPORT: &str = r#"
import json, os, re, sys
from anki.collection import Collection, ImportAnkiPackageRequest, ImportAnkiPackageOptions

collection_path, package = sys.argv[1], sys.argv[2]
col = Collection(collection_path)
log = col.import_anki_package(ImportAnkiPackageRequest(
    package_path=package, options=ImportAnkiPackageOptions(with_scheduling=False))).log

def text(html):
    html = re.sub(r"(?s)<style>.*?</style>", "", html)
    return html

types, rendered, notes = {}, {}, {}
for model in col.models.all_names_and_ids():
    nids = col.models.nids(model.id)
    if not nids:
        continue
    cids = [cid for nid in nids for cid in col.get_note(nid).card_ids()]
    types[model.name] = {"notes": len(nids), "cards": len(cids)}
    for cid in cids:
        card = col.get_card(cid)
        key = f"{model.name}/{card.ord}"
        if key not in rendered:
            rendered[key] = {"question": text(card.question()), "answer": text(card.answer())}
for nid in col.find_notes(""):
    note = col.get_note(nid)
    notes[note.guid] = {"fields": list(note.fields), "tags": note.tags,
                        "deck": col.decks.name(note.cards()[0].did)}
media = sorted(os.listdir(col.media.dir()))
print(json.dumps({
    "log": {"new": len(log.new), "updated": len(log.updated), "duplicate": len(log.duplicate),
            "conflicting": len(log.conflicting)},
    "notes": col.note_count(), "cards": col.card_count(),
    "types": types, "rendered": rendered, "by_guid": notes, "media": media,
}))
col.close()
"#;

/// Imports `package` into the collection at `collection` with Anki; what it then holds.
fn import(python: &Path, collection: &Path, package: &Path) -> Value {
    let output = Command::new(python)
        .args(["-c", IMPORT])
        .arg(collection)
        .arg(package)
        .output()
        .expect("run the anki package's Python");
    assert!(
        output.status.success(),
        "Anki could not import {}:\n{}",
        package.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the import script's JSON")
}

/// `prepress export cards` of the course into `file`.
fn export(course: &Course, file: &Path) -> Vec<u8> {
    let output = prepress()
        .args(["export", "cards", "--format", "apkg", "--root"])
        .arg(course.root())
        .arg("-o")
        .arg(file)
        .output()
        .expect("run prepress");
    assert!(
        output.status.success(),
        "export failed: {}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("wrote an Anki deck"),
        "{}",
        stderr(&output)
    );
    std::fs::read(file).expect("the package")
}

/// What a bank of the course should turn into, per note type: (notes, cards).
fn expected_types(bank: &[Value]) -> Vec<(&'static str, usize, usize)> {
    let kind = |q: &Value| q["card"]["kind"].as_str().map(str::to_string);
    let count = |k: Option<&str>| bank.iter().filter(|q| kind(q).as_deref() == k).count();
    let notes_of = |k: &str| {
        let mut ids: Vec<&str> = bank
            .iter()
            .filter(|q| kind(q).as_deref() == Some(k))
            .filter_map(|q| q["card"]["note_id"].as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let basic = count(None) + count(Some("basic"));
    let mut types = vec![("prepress Basic", basic, basic)];
    if count(Some("reversed")) > 0 {
        types.push((
            "prepress Basic (and reversed card)",
            notes_of("reversed"),
            count(Some("reversed")),
        ));
    }
    if count(Some("cloze")) > 0 {
        types.push(("prepress Cloze", notes_of("cloze"), count(Some("cloze"))));
    }
    types
}

#[test]
fn anki_imports_the_package_and_a_newer_one_updates_its_notes() {
    let python = crate::common::setup_python("anki.collection");
    let course = Course::fixture("anki");
    let work = tempfile::tempdir().unwrap();
    let collection = work.path().join("collection.anki2");

    let first = export(&course, &work.path().join("first.apkg"));
    let again = export(&course, &work.path().join("again.apkg"));
    assert!(first == again, "two exports of one course differ");

    let bank_output = prepress()
        .args(["export", "questions", "--root"])
        .arg(course.root())
        .output()
        .unwrap();
    let bank: Vec<Value> = serde_json::from_slice(&bank_output.stdout).unwrap();
    let questions = bank.iter().filter(|q| q["card"].is_null()).count();
    assert!(questions >= 3, "the fixture's questions: {bank:?}");

    let imported = import(&python, &collection, &work.path().join("first.apkg"));
    let expected = expected_types(&bank);
    // The fixture's notes and cards by type, written out: a regression that turned its
    // clozes or reversed cards into basic ones would change both sides of the above.
    assert_eq!(
        expected,
        [
            ("prepress Basic", 4, 4),
            ("prepress Basic (and reversed card)", 1, 2),
            ("prepress Cloze", 1, 2),
        ]
    );
    let total_notes: usize = expected.iter().map(|t| t.1).sum();
    let total_cards: usize = expected.iter().map(|t| t.2).sum();
    assert_eq!(imported["notes"], total_notes, "{imported:#}");
    assert_eq!(imported["cards"], total_cards, "{imported:#}");
    assert_eq!(imported["log"]["new"], total_notes, "{imported:#}");
    for (name, notes, cards) in &expected {
        let got = &imported["types"][name];
        assert_eq!(
            (&got["notes"], &got["cards"]),
            (&Value::from(*notes), &Value::from(*cards)),
            "{name}: {imported:#}"
        );
    }
    assert_eq!(
        imported["types"].as_object().unwrap().len(),
        expected.len(),
        "only the note types the bank uses: {imported:#}"
    );

    // A card of each type, rendered by Anki.
    let rendered = &imported["rendered"];
    let basic = &rendered["prepress Basic/0"];
    let cache_question = "What does a cache in front of a database buy you?";
    let basic_question = basic["question"].as_str().unwrap();
    assert!(
        basic_question.contains(cache_question)
            || bank
                .iter()
                .any(|q| basic_question.contains(q["text"].as_str().unwrap())),
        "{basic:#}"
    );
    assert!(
        basic["answer"]
            .as_str()
            .unwrap()
            .contains("<hr id=\"answer\">"),
        "{basic:#}"
    );
    let by_guid = &imported["by_guid"];
    let cache = bank.iter().find(|q| q["text"] == cache_question).unwrap();
    let cache_id = cache["id"].as_str().unwrap();
    let cache_note = &by_guid[cache_id];
    let back = cache_note["fields"][1].as_str().unwrap();
    assert!(
        back.contains("Fewer reads reach the <strong>database</strong>"),
        "{cache_note:#}"
    );
    assert!(
        back.contains("src=\"ring.png\""),
        "the image, by its media name: {back}"
    );
    let source = cache_note["fields"][2].as_str().unwrap();
    assert!(
        source.contains("https://prep.example.org/design/caching/#question")
            && source.contains("content/design/01-caching.md:"),
        "{source}"
    );
    assert_eq!(cache_note["fields"][3], "Dive Deep");
    let tags: Vec<&str> = cache_note["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for tag in ["dive-deep", "performance", "read_path", "System_design"] {
        assert!(tags.contains(&tag), "{tag} in {tags:?}");
    }
    assert_eq!(cache_note["deck"], "Anki Fixture: Systems");
    assert_eq!(imported["media"], serde_json::json!(["ring.png"]));
    {
        let cloze = &rendered["prepress Cloze/0"];
        let question = cloze["question"].as_str().unwrap();
        assert!(
            question.contains("[...]") && question.contains("spreads"),
            "{cloze:#}"
        );
        assert!(
            cloze["answer"].as_str().unwrap().contains("load balancer"),
            "{cloze:#}"
        );
        assert!(rendered.get("prepress Cloze/1").is_some(), "{rendered:#}");
    }
    {
        let forward = &rendered["prepress Basic (and reversed card)/0"];
        let backward = &rendered["prepress Basic (and reversed card)/1"];
        assert!(
            forward["question"].as_str().unwrap().contains("TTL"),
            "{forward:#}"
        );
        assert!(
            backward["question"]
                .as_str()
                .unwrap()
                .contains("Time to live"),
            "{backward:#}"
        );
        assert!(
            backward["answer"].as_str().unwrap().contains("TTL"),
            "{backward:#}"
        );
    }

    // One answer changed: the newer export updates that note and adds nothing.
    let lecture = course.path("content/design/01-caching.md");
    let text = std::fs::read_to_string(&lecture).unwrap();
    std::fs::write(&lecture, text.replace("Fewer reads", "Far fewer reads")).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(120);
    std::fs::File::options()
        .write(true)
        .open(&lecture)
        .unwrap()
        .set_modified(later)
        .unwrap();
    export(&course, &work.path().join("second.apkg"));
    let again = import(&python, &collection, &work.path().join("second.apkg"));
    assert_eq!(again["notes"], total_notes, "no duplicates: {again:#}");
    assert_eq!(again["cards"], total_cards, "no duplicates: {again:#}");
    assert_eq!(again["log"]["new"], 0, "{again:#}");
    assert!(again["log"]["updated"].as_u64().unwrap() >= 1, "{again:#}");
    let back = again["by_guid"][cache_id]["fields"][1].as_str().unwrap();
    assert!(back.contains("Far fewer reads"), "the note updated: {back}");
    assert_eq!(again["media"], serde_json::json!(["ring.png"]));
}

#[test]
fn the_build_offers_the_deck_on_the_practice_page_unless_turned_off() {
    let course = Course::fixture("anki");
    course.build_ok(&[]);
    let package = std::fs::read(course.path("output/course.apkg")).expect("output/course.apkg");
    assert!(package.starts_with(b"PK"), "a zip");
    let exported = export(&course, &course.path("exported.apkg"));
    assert!(package == exported, "the build's deck is the export's");
    let practice = course.output_file("practice/index.html");
    assert!(
        practice.contains("href=\"../course.apkg\""),
        "the link: {practice}"
    );

    let toml = std::fs::read_to_string(course.path("course.toml")).unwrap();
    course.write("course.toml", format!("{toml}anki_deck = false\n"));
    course.build_ok(&[]);
    assert!(!course.path("output/course.apkg").exists());
    let practice = course.output_file("practice/index.html");
    assert!(!practice.contains("course.apkg"), "no link without a deck");
}
