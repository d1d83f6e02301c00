//! The merge driver's rules, on texts: answers (and matrix cells), notes, groups and tables
//! xal does not know merge on their own; conflicts are recorded in a file that still parses.

use crate::git_common;

use std::path::Path;

use proptest::prelude::*;
use xal::answers::{AnswerSet, AnswerValue};
use xal::store::merge::{Side, Sides, merge_texts};
use xal::store::{Store, parse_assessment};

fn sides() -> Sides {
    Sides {
        ours: Side {
            who: "Ours <o@example.org>".into(),
            when: "2026-12-01T10:00:00+07:00".into(),
        },
        theirs: Side {
            who: "Theirs <t@example.org>".into(),
            when: "2026-12-01T11:00:00+07:00".into(),
        },
    }
}

fn file(answers: &str, extra: &str) -> String {
    format!(
        "schema = 1\nid = \"M1\"\n\n[service]\nname = \"Tax e-filing\"\n\n[ruleset]\nid = \"dgs-1-2-2564\"\n\n\
         [answers]\n{answers}\n{extra}[meta]\ncreated = 2026-11-28T09:02:11+07:00\nupdated = 2026-11-28T10:15:00+07:00\n"
    )
}

fn parse(text: &str) -> xal::store::Assessment {
    parse_assessment(Path::new("M1.toml"), text).unwrap_or_else(|d| panic!("{d}\n{text}"))
}

#[test]
fn comments_and_the_order_of_questions_are_kept() {
    let base = file("\"a\" = \"1\"\n\"c\" = \"1\"\n", "");
    let ours = file(
        "# why a\n\"a\" = \"2\" # after a\n# why c\n\"c\" = \"1\"\n",
        "",
    );
    let theirs = file("\"a\" = \"1\"\n\"b\" = \"new\"\n\"c\" = \"3\"\n", "");
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty());
    assert!(
        m.text.contains("# why a\n\"a\" = \"2\" # after a\n"),
        "{}",
        m.text
    );
    assert!(m.text.contains("# why c\n\"c\" = \"3\""), "{}", m.text);
    // A question new from theirs stands after the one before it there.
    let a = m.text.find("\"a\" =").unwrap();
    let b = m.text.find("= \"new\"").unwrap();
    let c = m.text.find("\"c\" =").unwrap();
    assert!(a < b && b < c, "{}", m.text);
    parse(&m.text);
}

#[test]
fn the_same_cell_changed_two_ways_is_recorded_and_the_file_parses() {
    let m = |fin: &str, rep: &str| {
        format!("\"impact.auth\" = {{ financial = \"{fin}\", reputation = \"{rep}\" }}\n")
    };
    let base = file(&m("moderate", "moderate"), "");
    let ours = file(&m("high", "moderate"), "");
    let theirs = file(&m("low", "high"), "");
    let merged = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].key(), "answers/impact.auth/financial");
    let a = parse(&merged.text);
    // Ours stands where both differ; theirs' other cell came in.
    let AnswerSet::Single(ans) = &a.answers else {
        panic!()
    };
    let AnswerValue::Matrix(cells) = &ans["impact.auth"] else {
        panic!()
    };
    assert_eq!(cells["financial"], "high");
    assert_eq!(cells["reputation"], "high");
    let c = &a.conflicts["answers/impact.auth/financial"];
    assert_eq!(c.path, ["answers", "impact.auth", "financial"]);
    assert_eq!(c.ours, Some(toml::Value::String("high".into())));
    assert_eq!(c.theirs, Some(toml::Value::String("low".into())));
    assert_eq!(c.base, Some(toml::Value::String("moderate".into())));
    assert_eq!(c.theirs_by, "Theirs <t@example.org>");
    assert_eq!(c.question(), Some("impact.auth"));
}

#[test]
fn a_table_xal_does_not_know_merges_as_one_unit() {
    let base = file("\"a\" = \"1\"\n", "");
    let review = |by: &str| format!("[review]\nby = \"{by}\"\nwhen = \"2026-12-01\"\n\n");
    // Added on one side: it comes in whole.
    let theirs = file("\"a\" = \"1\"\n", &review("Somchai"));
    let m = merge_texts(&base, &base, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty());
    assert!(m.text.contains("[review]\nby = \"Somchai\""), "{}", m.text);
    parse(&m.text);
    // Changed differently on both sides: one conflict for the whole table.
    let ours = file("\"a\" = \"1\"\n", &review("Malee"));
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].path, ["review"]);
    let a = parse(&m.text);
    assert!(a.conflicts.contains_key("review"));
    assert!(m.text.contains("by = \"Malee\""), "{}", m.text);
}

fn signed(by: &str) -> String {
    // A whole sign-off as the record's `xal approve` writes it.
    format!(
        "[[signoff]]\nby = \"{by}\"\nrole = \"security officer\"\nstep = \"reviewed\"\n\
         at = 2026-12-01T10:00:00+07:00\nrecord = \"{}\"\n\n",
        "0".repeat(64)
    )
}

#[test]
fn sign_offs_from_both_sides_are_all_kept() {
    let base = file("\"a\" = \"1\"\n", "");
    // Added on one side: it comes in whole.
    let theirs = file("\"a\" = \"1\"\n", &signed("Somchai"));
    let m = merge_texts(&base, &base, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty());
    assert!(
        m.text.contains("[[signoff]]\nby = \"Somchai\""),
        "{}",
        m.text
    );
    parse(&m.text);
    // Each side signed: both steps stand, ours first, and nothing is in conflict.
    let ours = file("\"a\" = \"1\"\n", &signed("Malee"));
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let a = parse(&m.text);
    let by: Vec<&str> = a.signoffs.iter().map(|s| s.by.as_str()).collect();
    assert_eq!(by, ["Malee", "Somchai"], "{}", m.text);
    // The same step on both sides is kept once.
    let m = merge_texts(&base, &theirs, &theirs, &sides()).unwrap();
    assert_eq!(m.text.matches("[[signoff]]").count(), 1, "{}", m.text);
    // A step one side removed from the base (by hand) stays removed; the other's new one
    // comes in.
    let base = file("\"a\" = \"1\"\n", &signed("Old"));
    let ours = file("\"a\" = \"1\"\n", "");
    let theirs = file(
        "\"a\" = \"1\"\n",
        &format!("{}{}", signed("Old"), signed("Somchai")),
    );
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty());
    let a = parse(&m.text);
    let by: Vec<&str> = a.signoffs.iter().map(|s| s.by.as_str()).collect();
    assert_eq!(by, ["Somchai"], "{}", m.text);
}

#[test]
fn notes_and_service_fields_merge_each_on_its_own() {
    let base = file("\"a\" = \"1\"\n", "[notes]\n\"a\" = \"x\"\n\n");
    let ours = file("\"a\" = \"1\"\n", "[notes]\n\"a\" = \"ours\"\n\n").replace(
        "name = \"Tax e-filing\"",
        "name = \"Tax e-filing\"\nagency = \"Revenue\"",
    );
    let theirs = file(
        "\"a\" = \"1\"\n",
        "[notes]\n\"a\" = \"x\"\n\"b\" = \"theirs\"\n\n",
    )
    .replace("name = \"Tax e-filing\"", "name = \"Personal tax\"");
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let a = parse(&m.text);
    assert_eq!(a.service.name, "Personal tax");
    assert_eq!(a.service.agency, "Revenue");
    assert_eq!(a.notes["a"], "ours");
    assert_eq!(a.notes["b"], "theirs");
}

fn groups(public: &str, staff: Option<&str>) -> String {
    let mut s = format!(
        "schema = 1\nid = \"G1\"\n\n[service]\nname = \"Portal\"\n\n[ruleset]\nid = \"nist-800-63-4\"\n\n\
         [[groups]]\nid = \"public\"\nname = \"Public\"\n\n[groups.answers]\n{public}\n"
    );
    if let Some(st) = staff {
        s.push_str(&format!(
            "[[groups]]\nid = \"staff\"\nname = \"Staff\"\n\n[groups.answers]\n{st}\n"
        ));
    }
    s.push_str(
        "[meta]\ncreated = 2026-11-28T09:02:11+07:00\nupdated = 2026-11-28T10:15:00+07:00\n",
    );
    s
}

#[test]
fn groups_merge_by_id_and_a_group_added_on_one_side_arrives() {
    let base = groups("\"x\" = \"1\"\n\"y\" = \"1\"\n", None);
    let ours = groups("\"x\" = \"2\"\n\"y\" = \"1\"\n", None);
    let theirs = groups("\"x\" = \"1\"\n\"y\" = \"3\"\n", Some("\"x\" = \"9\"\n"));
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let a = parse_assessment(Path::new("G1.toml"), &m.text)
        .unwrap_or_else(|d| panic!("{d}\n{}", m.text));
    let AnswerSet::Groups(gs) = &a.answers else {
        panic!()
    };
    assert_eq!(gs.len(), 2, "{}", m.text);
    assert_eq!(gs[0].answers["x"], AnswerValue::Choice("2".into()));
    assert_eq!(gs[0].answers["y"], AnswerValue::Choice("3".into()));
    assert_eq!(gs[1].id, "staff");
}

#[test]
fn the_acceptance_statement_merges_field_by_field() {
    let with = |statement: &str| {
        groups("\"proofing.needed\" = \"yes\"\n", None).replace(
            "[meta]",
            &format!("[groups.tailoring]\n{statement}\n[meta]"),
        )
    };
    let base = with("ial = \"IAL2\"\nrationale = \"first draft\"\n");
    // One assessor writes the privacy area and a compensating control, the other the
    // rationale and the redress note.
    let ours = with(
        "ial = \"IAL2\"\nrationale = \"first draft\"\nprivacy = \"no biometrics kept\"\n\
         compensating = [{ control = \"call-back\", replaces = \"remote proofing\" }]\n",
    );
    let theirs =
        with("ial = \"IAL2\"\nrationale = \"agreed by the board\"\nredress = \"desk 3\"\n");
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty(), "{:?}\n{}", m.conflicts, m.text);
    let a = parse_assessment(Path::new("G1.toml"), &m.text)
        .unwrap_or_else(|d| panic!("{d}\n{}", m.text));
    let AnswerSet::Groups(gs) = &a.answers else {
        panic!()
    };
    let t = gs[0].tailoring.as_ref().expect("statement kept");
    assert_eq!(t.rationale, "agreed by the board");
    assert_eq!(t.privacy, "no biometrics kept");
    assert_eq!(t.redress, "desk 3");
    assert_eq!(t.compensating[0].replaces, "remote proofing");
    assert_eq!(t.levels["ial"], "IAL2");

    // The same field changed both ways is a conflict, recorded, not lost.
    let ours = with("ial = \"IAL2\"\nrationale = \"ours\"\n");
    let theirs = with("ial = \"IAL2\"\nrationale = \"theirs\"\n");
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert_eq!(m.conflicts.len(), 1, "{}", m.text);
    assert!(
        m.conflicts[0]
            .path
            .join(".")
            .ends_with("tailoring.rationale"),
        "{:?}",
        m.conflicts[0].path
    );
    let a = parse_assessment(Path::new("G1.toml"), &m.text)
        .unwrap_or_else(|d| panic!("{d}\n{}", m.text));
    assert_eq!(a.conflicts.len(), 1, "{}", m.text);
}

#[test]
fn meta_updated_takes_the_later_time_without_a_conflict() {
    let base = file("\"a\" = \"1\"\n", "");
    let ours = base.replace(
        "updated = 2026-11-28T10:15:00+07:00",
        "updated = 2026-11-29T10:00:00+07:00",
    );
    let theirs = base.replace(
        "updated = 2026-11-28T10:15:00+07:00",
        "updated = 2026-11-30T10:00:00+07:00",
    );
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    assert!(m.conflicts.is_empty());
    assert!(
        m.text.contains("updated = 2026-11-30T10:00:00+07:00"),
        "{}",
        m.text
    );
}

#[test]
fn a_side_that_is_not_toml_is_not_merged_by_meaning() {
    let base = file("\"a\" = \"1\"\n", "");
    assert!(merge_texts(&base, "[broken", &base, &sides()).is_err());
}

#[test]
fn resolving_a_conflict_through_the_store_removes_its_entry() {
    let base = file("\"a\" = \"1\"\n", "");
    let ours = file("\"a\" = \"2\"\n", "");
    let theirs = file("\"a\" = \"3\"\n", "");
    let m = merge_texts(&base, &ours, &theirs, &sides()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("assessments")).unwrap();
    std::fs::write(dir.path().join("assessments/M1.toml"), &m.text).unwrap();
    let store = Store::open(dir.path());
    let mut loaded = store.load("M1").unwrap();
    let mut a = loaded.assessment.clone();
    assert_eq!(a.conflicts.len(), 1);
    a.conflicts.clear();
    store.save(&mut loaded, &a).unwrap();
    let text = std::fs::read_to_string(dir.path().join("assessments/M1.toml")).unwrap();
    assert!(!text.contains("conflicts"), "{text}");
    assert!(text.contains("\"a\" = \"2\""), "{text}");
}

/// A side's change to one unit: a choice question set (or removed), or a matrix cell set.
#[derive(Clone, Debug)]
enum Unit {
    Choice(usize),
    Cell(usize, usize),
}

const CHOICES: usize = 6;
const MATRICES: usize = 2;
const CELLS: usize = 4;
const VALUES: [&str; 3] = ["low", "moderate", "high"];

#[derive(Clone, Debug)]
struct State {
    choices: Vec<Option<usize>>,
    cells: Vec<Vec<usize>>,
}

impl State {
    fn apply(&mut self, unit: &Unit, v: Option<usize>) {
        match *unit {
            Unit::Choice(i) => self.choices[i] = v,
            Unit::Cell(m, c) => self.cells[m][c] = v.unwrap_or(0),
        }
    }

    fn text(&self, comment: bool) -> String {
        let mut s = String::new();
        for (i, v) in self.choices.iter().enumerate() {
            if comment {
                s.push_str(&format!("# about q{i}\n"));
            }
            if let Some(v) = v {
                s.push_str(&format!("\"q{i}\" = \"{}\"\n", VALUES[*v]));
            }
        }
        for (m, cells) in self.cells.iter().enumerate() {
            let inner: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(c, v)| format!("c{c} = \"{}\"", VALUES[*v]))
                .collect();
            s.push_str(&format!("\"m{m}\" = {{ {} }}\n", inner.join(", ")));
        }
        file(&s, "")
    }
}

fn units() -> Vec<Unit> {
    let mut u: Vec<Unit> = (0..CHOICES).map(Unit::Choice).collect();
    for m in 0..MATRICES {
        for c in 0..CELLS {
            u.push(Unit::Cell(m, c));
        }
    }
    u
}

fn state() -> impl Strategy<Value = State> {
    (
        proptest::collection::vec(proptest::option::of(0..3usize), CHOICES),
        proptest::collection::vec(proptest::collection::vec(0..3usize, CELLS), MATRICES),
    )
        .prop_map(|(choices, cells)| State { choices, cells })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Sides that change different answers (or cells) merge to what applying both gives,
    /// with no conflict, whatever the values.
    #[test]
    fn different_answers_on_each_side_equal_applying_both(
        base in state(),
        split in proptest::collection::vec(0..3u8, CHOICES + MATRICES * CELLS),
        values in proptest::collection::vec(proptest::option::of(0..3usize), CHOICES + MATRICES * CELLS),
        comment in any::<bool>(),
    ) {
        let all = units();
        let (mut ours, mut theirs, mut both) = (base.clone(), base.clone(), base.clone());
        for (i, unit) in all.iter().enumerate() {
            match split[i] {
                1 => { ours.apply(unit, values[i]); both.apply(unit, values[i]); }
                2 => { theirs.apply(unit, values[i]); both.apply(unit, values[i]); }
                _ => {}
            }
        }
        let m = merge_texts(&base.text(false), &ours.text(comment), &theirs.text(false), &sides()).unwrap();
        prop_assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let got = parse(&m.text);
        let want = parse(&both.text(false));
        prop_assert_eq!(got.answers, want.answers, "{}", m.text);
        // A comment above an answer that stays stays with it.
        if comment {
            for i in 0..CHOICES {
                if ours.choices[i].is_some() && both.choices[i].is_some() {
                    let kept = format!("# about q{i}\n\"q{i}\" = ");
                    prop_assert!(m.text.contains(&kept), "{}", m.text);
                }
            }
        }
    }
}

/// `xal merge-file BASE OURS THEIRS` as git runs it: the result written over OURS.
fn driver(base: &str, ours: &str, theirs: &str) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("base"), base).unwrap();
    std::fs::write(p("ours"), ours).unwrap();
    std::fs::write(p("theirs"), theirs).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_xal"))
        .env("XAL_CONFIG_DIR", "/nonexistent-xal-config")
        .env("LANG", "C.UTF-8")
        .env_remove("XAL_LANG")
        .current_dir(dir.path())
        .args([
            "merge-file",
            "base",
            "ours",
            "theirs",
            "--path",
            "assessments/M1.toml",
        ])
        .output()
        .unwrap();
    (
        o.status.code(),
        std::fs::read_to_string(p("ours")).unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_driver_exits_0_when_merged_and_1_when_conflicts_are_recorded() {
    let base = file("\"a\" = \"1\"\n\"b\" = \"1\"\n", "");
    let ours = file("\"a\" = \"2\"\n\"b\" = \"1\"\n", "");
    let theirs = file("\"a\" = \"1\"\n\"b\" = \"3\"\n", "");
    let (code, text, _) = driver(&base, &ours, &theirs);
    assert_eq!(code, Some(0));
    assert!(
        text.contains("\"a\" = \"2\"") && text.contains("\"b\" = \"3\""),
        "{text}"
    );

    let theirs = file("\"a\" = \"9\"\n\"b\" = \"1\"\n", "");
    let (code, text, stderr) = driver(&base, &ours, &theirs);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("assessments/M1.toml: 1 conflict(s) recorded"),
        "{stderr}"
    );
    let a = parse(&text);
    assert!(a.conflicts.contains_key("answers/a"));
}

#[test]
fn a_side_that_does_not_parse_is_merged_by_lines_and_nothing_is_lost() {
    let base = file("\"a\" = \"1\"\n", "");
    let ours = base.replace("\"a\" = \"1\"", "\"a\" = \"2\" [broken");
    let theirs = base.replace("\"a\" = \"1\"", "\"a\" = \"3\"");
    let (code, text, stderr) = driver(&base, &ours, &theirs);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cannot merge by meaning"), "{stderr}");
    assert!(text.contains("<<<<<<< ours"), "{text}");
    assert!(
        text.contains("\"a\" = \"2\" [broken") && text.contains("\"a\" = \"3\""),
        "{text}"
    );
}

#[test]
fn the_driver_writes_the_result_of_the_merged_answers() {
    let base = git_common::assessment("M1", "Tax e-filing", git_common::TAX);
    // Ours: no personal information (IAL1.1 at most); theirs: another service group. The
    // merged answers are neither side's, and so is the level they give.
    let ours = base.replace("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\"");
    let theirs = base.replace(
        "\"service.group\" = \"transactional\"",
        "\"service.group\" = \"enhanced\"",
    );
    let (code, text, stderr) = driver(&base, &ours, &theirs);
    assert_eq!(code, Some(0), "{stderr}");
    let a = parse(&text);
    let reg = xal::ruleset::registry::Registry::builtin();
    let want = xal::catalog::summarize(&reg, &a);
    let got = a.result.as_ref().expect("a [result] written");
    let written: Vec<(&str, &str)> = got.levels.iter().map(|(t, l)| (&**t, &**l)).collect();
    let summarized: Vec<(&str, &str)> = want.levels.iter().map(|(t, l)| (&**t, &**l)).collect();
    assert_eq!(written, summarized, "{text}");
    assert_eq!(got.complete, want.complete);
    assert!(text.contains("\"service.group\" = \"enhanced\""), "{text}");
    assert!(text.contains("\"pi.needed\" = \"no\""), "{text}");
}
