//! Whatever is in a file, reading it never panics; whatever an assessment holds, a new file of
//! it reads back the same.

use crate::support;

use std::path::Path;

use proptest::prelude::*;
use support::store::*;
use xal::answers::{AnswerSet, AnswerValue, Group};
use xal::store::*;

fn toml_ish() -> impl Strategy<Value = String> {
    // Pieces of real files, shuffled and cut, reach further into the parser than noise.
    let pieces: Vec<String> = SPEC_EXAMPLE
        .split_inclusive(['\n', '=', '"', '{', '}', '[', ']', ','])
        .map(str::to_string)
        .collect();
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(pieces),
            1 => ".*",
            1 => Just("schema = 0\n".to_string()),
            1 => Just("[[groups]]\nid = \"a\"\n".to_string()),
            1 => Just("tailoring = { ial = 3 }\n".to_string()),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

/// A diagnostic of a file's text: it names the file and a place inside the text.
fn check_place(p: &Path, lines: usize, d: &xal::diag::Diagnostic) -> Result<(), TestCaseError> {
    prop_assert_eq!(&d.file, p, "{}", d);
    prop_assert!(
        (1..=lines + 1).contains(&d.line) && d.column >= 1,
        "{} outside the {} lines of the text",
        d,
        lines
    );
    Ok(())
}

/// What reading any bytes must give: an assessment that writes and reads back the same, or a
/// message with a place inside the bytes.
fn check_read(bytes: &[u8]) -> Result<(), TestCaseError> {
    let p = Path::new("f.toml");
    let lines = bytes.split(|&b| b == b'\n').count();
    match parse_assessment_bytes(p, bytes) {
        Ok(a) => {
            let again = parse_assessment(p, &render_new(&a));
            prop_assert_eq!(again, Ok(a));
        }
        Err(d) => check_place(p, lines, &d)?,
    }
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Err(d) = parse_answers_only(p, text)
    {
        check_place(p, lines, &d)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_read(&bytes)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".*") {
        check_read(text.as_bytes())?;
    }

    #[test]
    fn toml_like_text_never_panics_and_errors_have_a_place(text in toml_ish()) {
        check_read(text.as_bytes())?;
    }
}

/// The check on known input: a valid file writes and reads back, a broken one has its place,
/// and a place outside the text is caught.
#[test]
fn the_check_on_a_good_a_broken_and_a_misplaced_file() {
    let p = Path::new("f.toml");
    check_read(SPEC_EXAMPLE.as_bytes()).unwrap();
    let broken = "schema = 1\n[service\n";
    check_read(broken.as_bytes()).unwrap();
    let d = parse_assessment(p, broken).unwrap_err();
    assert_eq!((d.line, d.column), (2, 9), "{d}");
    let outside = xal::diag::Diagnostic { line: 9, ..d };
    assert!(check_place(p, 3, &outside).is_err());
}

fn any_answer() -> impl Strategy<Value = AnswerValue> {
    prop_oneof![
        ".*".prop_map(AnswerValue::Choice),
        prop::collection::btree_map(".*", ".*", 0..4).prop_map(AnswerValue::Matrix),
        any::<i64>().prop_map(|i| AnswerValue::Other(toml::Value::Integer(i))),
        any::<bool>().prop_map(|b| AnswerValue::Other(toml::Value::Boolean(b))),
        prop::collection::vec(".*", 0..3).prop_map(|v| AnswerValue::Other(toml::Value::Array(
            v.into_iter().map(toml::Value::String).collect()
        ))),
    ]
}

fn any_assessment() -> impl Strategy<Value = Assessment> {
    (
        ".*",
        ".*",
        prop::option::of(".*"),
        prop::collection::btree_map(".*", any_answer(), 0..6),
        prop::collection::btree_map(".*", ".*", 0..3),
        prop::option::of(prop::collection::vec(("[a-z]{1,8}", ".*"), 1..3)),
        0i64..4_000_000_000,
        -720i32..840,
    )
        .prop_map(
            |(name, agency, owner, answers, notes, groups, secs, offset_min)| {
                let mut a = sample("x", 0);
                a.service.name = name;
                a.service.agency = agency;
                a.service.owner = owner;
                a.answers = match groups {
                    None => AnswerSet::Single(answers),
                    Some(gs) => {
                        let mut seen = std::collections::BTreeSet::new();
                        AnswerSet::Groups(
                            gs.into_iter()
                                .filter(|(id, _)| seen.insert(id.clone()))
                                .map(|(id, name)| Group {
                                    id,
                                    name,
                                    answers: answers.clone(),
                                    tailoring: None,
                                })
                                .collect(),
                        )
                    }
                };
                a.notes = notes;
                let tz = chrono::FixedOffset::east_opt(offset_min * 60).unwrap();
                let t = chrono::DateTime::from_timestamp(secs, 0)
                    .unwrap()
                    .with_timezone(&tz);
                a.meta.created = t;
                a.meta.updated = t;
                a.result = Some(ResultSummary {
                    levels: vec![("ial".into(), "IAL1".into())],
                    complete: false,
                    evaluated: Some(t),
                    groups: vec![],
                });
                a
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_assessment_round_trips_through_a_new_file(a in any_assessment()) {
        let text = render_new(&a);
        let back = parse_assessment(Path::new("f.toml"), &text);
        prop_assert!(back.is_ok(), "{:?}\n{}", back, text);
        prop_assert_eq!(back.unwrap(), a);
    }

    #[test]
    fn any_change_saves_and_reads_back(a in any_assessment(), b in any_assessment()) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        let mut loaded = store.create(&a).unwrap();
        let mut b = b;
        b.id = a.id.clone();
        store.save(&mut loaded, &b).unwrap();
        prop_assert_eq!(&store.load(&a.id).unwrap().assessment, &b);
    }
}
