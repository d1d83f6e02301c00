//! Every write keeps the ruleset's question and category order: a new file (copy as new),
//! an import of a file written in id order, and an answer added to a file (`c`, copy the
//! proofing impacts) all put answers where the ruleset has them; a hand arrangement stays.

use crate::support;

use std::path::Path;

use support::cli::{DGS, assert_ok, report_fixture, xal};
use xal::ruleset::registry::Registry;
use xal::store::{Store, answer_orders};

/// The answer lines of a file's `[answers]` table, keys only.
fn answer_keys(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| *l != "[answers]")
        .skip(1)
        .take_while(|l| !l.is_empty() && !l.starts_with('['))
        .map(|l| l.split(" = ").next().unwrap().trim_matches('"').to_string())
        .collect()
}

const RULESET_ORDER: [&str; 9] = [
    "service.group",
    "pi.needed",
    "pi.validated",
    "impact.proofing",
    "auth.needed",
    "impact.auth",
    "pi.accessible",
    "plan.proofing",
    "plan.authentication",
];

fn store(dir: &Path) -> Store {
    let reg = Registry::builtin();
    Store::open(dir).with_answer_order(answer_orders(reg.entries.iter().map(|e| &*e.ruleset)))
}

fn fixture_text() -> String {
    std::fs::read_to_string(report_fixture(DGS)).unwrap()
}

#[test]
fn the_fixture_is_in_ruleset_order() {
    assert_eq!(answer_keys(&fixture_text()), RULESET_ORDER);
}

#[test]
fn a_new_file_has_the_ruleset_order_of_questions_and_categories() {
    let dir = tempfile::tempdir().unwrap();
    let a = xal::store::parse_assessment(Path::new("x.toml"), &fixture_text()).unwrap();
    let mut copy = a.clone();
    copy.id = xal::store::new_id();
    let loaded = store(dir.path()).create(&copy).unwrap();
    let text = std::fs::read_to_string(&loaded.path).unwrap();
    assert_eq!(answer_keys(&text), RULESET_ORDER, "{text}");
    assert!(
        text.contains("\"impact.auth\" = { reputation = \"moderate\", financial = \"moderate\", programs = \"low\", sensitive = \"moderate\", safety = \"none\", civil = \"moderate\" }"),
        "{text}"
    );
}

#[test]
fn import_writes_an_id_ordered_file_in_ruleset_order() {
    let dir = tempfile::tempdir().unwrap();
    // The same answers as a script might write them: keys and cells sorted.
    let mut lines: Vec<&str> = Vec::new();
    let text = fixture_text();
    let mut answers: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "[answers]")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    answers.sort();
    for l in text.lines() {
        lines.push(l);
        if l == "[answers]" {
            break;
        }
    }
    let mut sorted = lines.join("\n");
    sorted.push('\n');
    for a in &answers {
        sorted.push_str(a);
        sorted.push('\n');
    }
    sorted.push_str(
        "\n[meta]\ncreated = 2026-11-28T09:02:11+07:00\nupdated = 2026-11-28T10:15:00+07:00\n",
    );
    assert_ne!(answer_keys(&sorted), RULESET_ORDER);
    let src = dir.path().join("sorted.toml");
    std::fs::write(&src, &sorted).unwrap();
    let data = dir.path().join("data");
    assert_ok(&xal(&data, &["import", src.to_str().unwrap()]));
    let written = std::fs::read_dir(data.join("assessments"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
        .unwrap();
    let out = std::fs::read_to_string(written).unwrap();
    assert_eq!(answer_keys(&out), RULESET_ORDER, "{out}");
}

#[test]
fn an_answer_added_to_a_file_goes_to_its_place_and_a_hand_order_stays() {
    let dir = tempfile::tempdir().unwrap();
    let assessments = dir.path().join("assessments");
    std::fs::create_dir_all(&assessments).unwrap();
    let path = assessments.join(format!("{DGS}.toml"));
    let without: String = fixture_text()
        .lines()
        .filter(|l| !l.starts_with("\"impact.auth\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, &without).unwrap();
    let s = store(dir.path());
    let mut loaded = s.load(DGS).unwrap();
    let mut a = loaded.assessment.clone();
    // `c`: the proofing impacts copied into the authentication impacts.
    let proofing = match &a.answers {
        xal::answers::AnswerSet::Single(m) => m["impact.proofing"].clone(),
        _ => unreachable!(),
    };
    if let xal::answers::AnswerSet::Single(m) = &mut a.answers {
        m.insert("impact.auth".into(), proofing);
    }
    s.save(&mut loaded, &a).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(answer_keys(&text), RULESET_ORDER, "{text}");

    // A file someone arranged otherwise keeps its arrangement.
    let mut hand: Vec<String> = fixture_text().lines().map(str::to_string).collect();
    let i = hand
        .iter()
        .position(|l| l.starts_with("\"pi.needed\""))
        .unwrap();
    let j = hand
        .iter()
        .position(|l| l.starts_with("\"plan.authentication\""))
        .unwrap();
    hand.swap(i, j);
    std::fs::write(&path, hand.join("\n") + "\n").unwrap();
    let mut loaded = s.load(DGS).unwrap();
    let mut a = loaded.assessment.clone();
    a.service.name = "renamed".into();
    s.save(&mut loaded, &a).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let keys = answer_keys(&text);
    assert_eq!(keys[1], "plan.authentication", "{text}");
}
