//! Reading and writing assessment files: round trips, what a save keeps, the layout of a new
//! file, schema migration, ids.

use crate::support;

use std::fs;
use std::path::Path;

use support::choice;
use support::store::*;
use xal::answers::{AnswerSet, AnswerValue, Control, Group, Tailoring};
use xal::store::*;

fn store_with(text: &str, id: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    fs::create_dir_all(store.assessments_dir()).unwrap();
    fs::write(store.path_of(id).unwrap(), text).unwrap();
    (dir, store)
}

fn single(a: &mut Assessment) -> &mut xal::answers::Answers {
    match &mut a.answers {
        AnswerSet::Single(ans) => ans,
        AnswerSet::Groups(_) => panic!("expected [answers]"),
    }
}

#[test]
fn spec_example_reads_as_written() {
    let a = parse_assessment(Path::new("x.toml"), SPEC_EXAMPLE).unwrap();
    assert_eq!(a.schema, 1);
    assert_eq!(a.id, SPEC_ID);
    assert_eq!(a.service.agency, "กรมสรรพากร");
    assert_eq!(a.service.owner.as_deref(), Some("assessor name or team"));
    assert_eq!(a.ruleset.id, "dgs-1-2-2564");
    assert_eq!(a.service_group(), Some("transactional"));
    let AnswerSet::Single(ans) = &a.answers else {
        panic!()
    };
    assert_eq!(ans.len(), 7);
    assert_eq!(
        ans["impact.proofing"].as_matrix().unwrap()["safety"],
        "none"
    );
    let r = a.result.as_ref().unwrap();
    assert_eq!(
        r.levels,
        vec![
            ("ial".to_string(), "IAL2.1".to_string()),
            ("aal".to_string(), "AAL2".to_string())
        ]
    );
    assert!(r.complete);
    assert_eq!(r.evaluated, Some(ts("2026-11-28T10:15:00+07:00")));
    assert_eq!(a.meta.created, ts("2026-11-28T09:02:11+07:00"));
    assert_eq!(a.notes.len(), 1);
}

#[test]
fn parse_save_parse_is_equal_and_an_unchanged_save_keeps_every_byte() {
    let (_d, store) = store_with(SPEC_EXAMPLE, SPEC_ID);
    let mut loaded = store.load(SPEC_ID).unwrap();
    let a = loaded.assessment.clone();
    store.save(&mut loaded, &a).unwrap();
    let text = fs::read_to_string(&loaded.path).unwrap();
    assert_eq!(text, SPEC_EXAMPLE, "saving what was read changes nothing");
    assert_eq!(parse_assessment(&loaded.path, &text).unwrap(), a);

    // And a brand-new file of the same assessment reads back equal.
    let fresh = render_new(&a);
    assert_eq!(parse_assessment(Path::new("n.toml"), &fresh).unwrap(), a);
}

#[test]
fn a_save_keeps_comments_unknown_keys_and_unknown_answers() {
    let text = format!(
        "# Reviewed by the DPO, 2026-11-20.\n{}\n[audit]   # a table xal does not know\nticket = \"DGA-1234\"\nreviewers = [\"a\", \"b\"]\n",
        SPEC_EXAMPLE
            .replace(
                "\"pi.accessible\" = \"yes\"\n",
                "\"pi.accessible\" = \"yes\"\n\"legacy.question\" = \"kept\"   # from ruleset 0.9\n\"odd.answer\" = 42\n",
            )
            .replace("[service]\n", "[service]\nlegacy_code = \"RD-07\"\n")
    );
    let (_d, store) = store_with(&text, SPEC_ID);
    let mut loaded = store.load(SPEC_ID).unwrap();
    let mut a = loaded.assessment.clone();
    {
        let ans = single(&mut a);
        assert_eq!(ans["legacy.question"], choice("kept"));
        assert_eq!(
            ans["odd.answer"],
            AnswerValue::Other(toml::Value::Integer(42))
        );
        ans.insert("pi.validated".into(), choice("no"));
        if let Some(AnswerValue::Matrix(m)) = ans.get_mut("impact.auth") {
            m.insert("safety".into(), "low".into());
        }
    }
    a.meta.updated = ts("2026-12-01T08:00:00+07:00");
    store.save(&mut loaded, &a).unwrap();

    let saved = fs::read_to_string(&loaded.path).unwrap();
    for kept in [
        "# Reviewed by the DPO, 2026-11-20.\n",
        "schema = 1                         # format version of this file; bump with a migration\n",
        "[audit]   # a table xal does not know\nticket = \"DGA-1234\"\nreviewers = [\"a\", \"b\"]\n",
        "legacy_code = \"RD-07\"\n",
        "\"legacy.question\" = \"kept\"   # from ruleset 0.9\n",
        "\"odd.answer\" = 42\n",
        "owner = \"assessor name or team\"   # optional\n",
        "[notes]                            # optional free-text note per question id\n",
        // The changed matrix keeps its key order; only the value changed.
        "\"impact.auth\" = { reputation = \"moderate\", financial = \"moderate\", programs = \"moderate\", sensitive = \"moderate\", safety = \"low\", civil = \"moderate\" }\n",
        "\"pi.validated\" = \"no\"\n",
        "updated = 2026-12-01T08:00:00+07:00\n",
    ] {
        assert!(saved.contains(kept), "lost {kept:?} in:\n{saved}");
    }
    // Exactly the three changed lines differ.
    let before: Vec<&str> = text.lines().collect();
    let after: Vec<&str> = saved.lines().collect();
    assert_eq!(before.len(), after.len());
    let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    assert_eq!(changed, 3, "{saved}");
    assert_eq!(parse_assessment(&loaded.path, &saved).unwrap(), a);
}

#[test]
fn a_new_file_has_the_layout_of_the_spec_example() {
    let a = parse_assessment(Path::new("x.toml"), SPEC_EXAMPLE).unwrap();
    let expected = r#"schema = 1
id = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA"

[service]
name = "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"
agency = "กรมสรรพากร"
description = "Personal income-tax e-filing with refunds"
owner = "assessor name or team"

[ruleset]
id = "dgs-1-2-2564"
version = "1.0.0"
sha256 = "…"

[answers]
"auth.needed" = "yes"
"impact.auth" = { civil = "moderate", financial = "moderate", programs = "moderate", reputation = "moderate", safety = "none", sensitive = "moderate" }
"impact.proofing" = { civil = "moderate", financial = "moderate", programs = "moderate", reputation = "moderate", safety = "none", sensitive = "moderate" }
"pi.accessible" = "yes"
"pi.needed" = "yes"
"pi.validated" = "yes"
"service.group" = "transactional"

[notes]
"impact.proofing" = "Refund fraud is the main risk; see audit report 2565."

[result]
ial = "IAL2.1"
aal = "AAL2"
complete = true
evaluated = 2026-11-28T10:15:00+07:00

[meta]
created = 2026-11-28T09:02:11+07:00
updated = 2026-11-28T10:15:00+07:00
"#;
    assert_eq!(render_new(&a), expected);

    // Same shape as the spec: the same top-level keys and tables in the same order.
    let shape = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with('[') || l.starts_with("schema") || l.starts_with("id"))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(shape(expected), shape(SPEC_EXAMPLE));
}

fn groups_assessment() -> Assessment {
    let mut a = sample("หลายกลุ่ม", 0);
    a.ruleset.id = "nist-800-63-4".into();
    let mut t = Tailoring::default();
    t.levels.insert("ial".into(), "IAL2".into());
    t.rationale = "remote proofing is the only channel".into();
    t.compensating = vec![
        Control::bare("call-back"),
        Control {
            note: "residual: moderate".into(),
            ..Control::named("manual review")
        },
    ];
    t.supplemental = vec![
        Control::bare("device binding"),
        Control {
            privacy: "no new data kept".into(),
            experience: "one more tap".into(),
            threats: "stops replay".into(),
            ..Control::named("risk scoring")
        },
    ];
    t.compensating.push(Control {
        replaces: "remote unattended proofing".into(),
        why: "no camera on kiosks".into(),
        comparability: "same evidence, checked by staff".into(),
        note: "staff collusion".into(),
        ..Control::named("attended kiosk")
    });
    t.privacy = "ตรวจบัตรโดยไม่เก็บภาพ".into();
    t.experience = "one visit".into();
    t.threats = "deepfakes".into();
    t.cost = "IAL3 kiosks too costly for 2567".into();
    t.provider = "ThaID".into();
    t.provider_dias = "its DIAS of 2025, sections a-d".into();
    t.evaluation = "quarterly fraud review".into();
    t.redress = "call centre 1111".into();
    a.answers = AnswerSet::Groups(vec![
        Group {
            id: "public".into(),
            name: "ประชาชน".into(),
            answers: [("pi.needed".to_string(), choice("yes"))].into(),
            tailoring: Some(t),
        },
        Group {
            id: "staff".into(),
            name: "Staff".into(),
            answers: Default::default(),
            tailoring: None,
        },
    ]);
    a.notes
        .insert("public/pi.needed".into(), "needed for refunds".into());
    a.result = Some(ResultSummary {
        levels: vec![],
        complete: false,
        evaluated: Some(ts("2026-11-28T10:00:00+07:00")),
        groups: vec![
            (
                "public".into(),
                GroupResult {
                    levels: vec![("ial".into(), "IAL2".into()), ("aal".into(), "AAL2".into())],
                    complete: true,
                },
            ),
            ("staff".into(), GroupResult::default()),
        ],
    });
    a
}

#[test]
fn groups_round_trip_through_create_load_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let a = groups_assessment();
    let text = render_new(&a);
    assert!(text.contains("[[groups]]\nid = \"public\"\nname = \"ประชาชน\"\n\n[groups.answers]\n"));
    assert!(text.contains("[groups.tailoring]\nial = \"IAL2\"\nrationale ="));
    assert!(
        text.contains("[result.groups.public]\nial = \"IAL2\"\naal = \"AAL2\"\ncomplete = true\n")
    );
    assert!(text.contains("\"public/pi.needed\" = \"needed for refunds\""));

    let created = store.create(&a).unwrap();
    let mut loaded = store.load(&a.id).unwrap();
    assert_eq!(loaded.assessment, a);
    assert_eq!(created.assessment, a);

    // A hand-added key inside a group survives; a new group lands among the groups.
    let path = loaded.path.clone();
    let edited = fs::read_to_string(&path).unwrap().replace(
        "id = \"staff\"\n",
        "id = \"staff\"\ncontact = \"hr@example.go.th\"\n",
    );
    fs::write(&path, edited).unwrap();
    loaded = store.load(&a.id).unwrap();
    let mut b = loaded.assessment.clone();
    if let AnswerSet::Groups(gs) = &mut b.answers {
        gs[1].answers.insert("auth.needed".into(), choice("yes"));
        gs.push(Group {
            id: "partners".into(),
            name: "Partners".into(),
            answers: [("pi.needed".to_string(), choice("no"))].into(),
            tailoring: None,
        });
    }
    store.save(&mut loaded, &b).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert!(saved.contains("contact = \"hr@example.go.th\""));
    let partners = saved.find("id = \"partners\"").unwrap();
    assert!(partners < saved.find("[notes]").unwrap(), "{saved}");
    assert_eq!(store.load(&a.id).unwrap().assessment, b);
}

#[test]
fn answers_only_input_is_accepted_for_eval() {
    let p = Path::new("in.toml");
    let only = parse_answers_only(p, "[answers]\n\"pi.needed\" = \"yes\"\n").unwrap();
    assert_eq!(only.ruleset_id, None);
    assert!(matches!(only.answers, AnswerSet::Single(ref a) if a.len() == 1));

    let g = parse_answers_only(
        p,
        "[ruleset]\nid = \"nist-800-63-4\"\n[[groups]]\nid = \"a\"\n[groups.answers]\nx = \"y\"\n",
    )
    .unwrap();
    assert_eq!(g.ruleset_id.as_deref(), Some("nist-800-63-4"));
    assert!(matches!(g.answers, AnswerSet::Groups(ref v) if v.len() == 1));

    // A full file is fine too.
    assert!(parse_answers_only(p, SPEC_EXAMPLE).is_ok());
    // Neither is an error with a place.
    let e = parse_answers_only(p, "[service]\nname = \"x\"\n").unwrap_err();
    assert!(e.message.contains("no [answers]"), "{e}");
    let e = parse_answers_only(p, "[answers]\nx = \"y\"\n[[groups]]\nid = \"a\"\n").unwrap_err();
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn shape_errors_have_line_and_column() {
    let p = Path::new("bad.toml");
    let cases: &[(&str, &str, usize, usize, &str)] = &[
        (
            "name is a number",
            "name = \"ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์\"",
            5,
            8,
            "`service.name` must be a string",
        ),
        (
            "bad date",
            "created = 2026-11-28T09:02:11+07:00",
            34,
            11,
            "`meta.created` must be a date and time",
        ),
        (
            "a note",
            "\"impact.proofing\" = \"Refund fraud is the main risk; see audit report 2565.\"",
            25,
            21,
            "must be a string",
        ),
    ];
    let replacement = [
        "name = 5",
        "created = 2026-11-28",
        "\"impact.proofing\" = 3",
    ];
    for ((what, from, line, col, msg), to) in cases.iter().zip(replacement) {
        let text = SPEC_EXAMPLE.replace(from, to);
        let d = parse_assessment(p, &text).unwrap_err();
        assert_eq!((d.line, d.column), (*line, *col), "{what}: {d}");
        assert!(d.message.contains(msg), "{what}: {d}");
        assert!(
            d.to_string()
                .starts_with(&format!("bad.toml:{line}:{col}: ")),
            "{d}"
        );
    }
    // Syntax.
    let d = parse_assessment(p, "schema = 1\nid = \"x\"\n[service\nname = 1\n").unwrap_err();
    assert_eq!(d.line, 3, "{d}");
    assert!(d.message.starts_with("TOML syntax"), "{d}");
    // Missing table.
    let d = parse_assessment(p, &SPEC_EXAMPLE.replace("[meta]", "[meta2]")).unwrap_err();
    assert!(d.message.contains("missing the [meta] table"), "{d}");
    // Not UTF-8.
    let mut bytes = b"schema = 1\nid = \"".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    let d = parse_assessment_bytes(p, &bytes).unwrap_err();
    assert_eq!((d.line, d.column), (2, 7), "{d}");
}

#[test]
fn ids_can_never_leave_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    for bad in [
        "../escape",
        "a/b",
        "",
        ".hidden",
        "x.toml",
        "ก",
        "a b",
        "..",
        "/etc/passwd",
    ] {
        assert!(!valid_id(bad), "{bad:?}");
        assert!(matches!(
            store.path_of(bad),
            Err(StoreError::InvalidId { .. })
        ));
        assert!(matches!(store.load(bad), Err(LoadError::InvalidId { .. })));
        assert!(matches!(
            store.trash(bad),
            Err(StoreError::InvalidId { .. })
        ));
        let mut a = sample("x", 0);
        a.id = bad.to_string();
        assert!(matches!(store.create(&a), Err(SaveError::InvalidId { .. })));
    }
    assert!(valid_id(&new_id()));
    assert!(valid_id("my-service_2"));
    // An id in a file is checked too.
    let d = parse_assessment(
        Path::new("x.toml"),
        &SPEC_EXAMPLE.replace(SPEC_ID, "../../x"),
    )
    .unwrap_err();
    assert_eq!((d.line, d.column), (2, 6), "{d}");
    assert!(
        !dir.path().join("assessments").exists(),
        "nothing was created"
    );
}

#[test]
fn a_file_whose_id_is_not_its_name_is_broken() {
    let (_d, store) = store_with(SPEC_EXAMPLE, "COPY1");
    match store.load("COPY1") {
        Err(LoadError::Broken(d)) => {
            assert_eq!((d.line, d.column), (2, 1), "{d}");
            assert!(d.message.contains("does not match the file name"), "{d}");
        }
        other => panic!("{other:?}"),
    }
}

const SCHEMA0: &str = "# written before the schema key existed\nid = \"OLD0\"\n\n[service]\ntitle = \"Old service\"   # the name, in schema 0\nagency = \"กรม\"\n\n[ruleset]\nid = \"dgs-1-2-2564\"\n\n[answers]\n\"pi.needed\" = \"no\"\n\n[meta]\ncreated = 2025-01-02T03:04:05Z\nupdated = 2025-01-02T03:04:05Z\n";

#[test]
fn a_schema_0_file_is_migrated_in_memory_and_left_alone_until_saved() {
    let (_d, store) = store_with(SCHEMA0, "OLD0");
    let path = store.path_of("OLD0").unwrap();
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();

    let mut loaded = store.load("OLD0").unwrap();
    assert_eq!(loaded.migrated_from, Some(0));
    assert_eq!(loaded.assessment.schema, CURRENT_SCHEMA);
    assert_eq!(loaded.assessment.service.name, "Old service");
    let _ = store.scan(&summarize, "s").unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        SCHEMA0,
        "loading never writes"
    );
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    assert_eq!(names(&store.assessments_dir()), vec!["OLD0.toml"]);

    let a = loaded.assessment.clone();
    store.save(&mut loaded, &a).unwrap();
    assert_eq!(loaded.migrated_from, None);
    let saved = fs::read_to_string(&path).unwrap();
    assert!(
        saved.starts_with("schema = 1\n# written before the schema key existed\nid = \"OLD0\""),
        "{saved}"
    );
    assert!(
        saved.contains("name = \"Old service\"   # the name, in schema 0\n"),
        "{saved}"
    );
    assert!(!saved.contains("title"));
    assert_eq!(store.load("OLD0").unwrap().migrated_from, None);

    // The step table on its own.
    let mut doc: toml_edit::DocumentMut = SCHEMA0.parse().unwrap();
    migrate(&mut doc, 0).unwrap();
    assert_eq!(doc["schema"].as_integer(), Some(1));
    assert_eq!(doc["service"]["name"].as_str(), Some("Old service"));
    assert!(migrate(&mut doc, CURRENT_SCHEMA + 1).is_err());
}

#[test]
fn a_file_from_a_newer_xal_is_refused_and_never_overwritten() {
    let text = SPEC_EXAMPLE.replacen("schema = 1", "schema = 7", 1);
    let (_d, store) = store_with(&text, SPEC_ID);
    let path = store.path_of(SPEC_ID).unwrap();
    match store.load(SPEC_ID) {
        Err(LoadError::Broken(d)) => {
            assert_eq!((d.line, d.column), (1, 10), "{d}");
            assert!(
                d.message.contains("written by a newer xal (schema 7)"),
                "{d}"
            );
        }
        other => panic!("{other:?}"),
    }
    let scan = store.scan(&summarize, "s").unwrap();
    assert!(matches!(&scan.entries[..], [ScanEntry::Broken { .. }]));
    let a = parse_assessment(Path::new("x.toml"), SPEC_EXAMPLE).unwrap();
    assert!(matches!(store.create(&a), Err(SaveError::Exists { .. })));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn save_copy_writes_a_new_id_and_leaves_the_original() {
    let (_d, store) = store_with(SPEC_EXAMPLE, SPEC_ID);
    let loaded = store.load(SPEC_ID).unwrap();
    let mut mine = loaded.assessment.clone();
    mine.service.name = "my version".into();
    let copy = store.save_copy(&loaded, &mine).unwrap();
    assert_ne!(copy.assessment.id, SPEC_ID);
    assert_eq!(copy.assessment.service.name, "my version");
    assert_eq!(fs::read_to_string(&loaded.path).unwrap(), SPEC_EXAMPLE);
    let text = fs::read_to_string(&copy.path).unwrap();
    assert!(
        text.contains("# unique, stable;"),
        "the copy keeps the comments"
    );
    assert_eq!(
        store.load(&copy.assessment.id).unwrap().assessment,
        copy.assessment
    );
}

#[test]
fn trash_moves_and_never_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let a = sample("one", 0);
    let first = store.create(&a).unwrap();
    let bytes1 = fs::read(&first.path).unwrap();
    let t1 = store.trash(&a.id).unwrap();
    assert_eq!(t1, store.trash_dir().join(format!("{}.toml", a.id)));
    assert!(!first.path.exists());
    assert_eq!(fs::read(&t1).unwrap(), bytes1);
    assert!(matches!(
        store.trash(&a.id),
        Err(StoreError::NotFound { .. })
    ));

    // Same id again (e.g. restored by hand and trashed again): a suffix, nothing replaced.
    store.create(&a).unwrap();
    let t2 = store.trash(&a.id).unwrap();
    assert_eq!(t2, store.trash_dir().join(format!("{}.1.toml", a.id)));
    let mut both = vec![t1.clone(), t2];
    both.sort();
    assert_eq!(store.list_trash().unwrap(), both);
    assert!(store.scan(&summarize, "").unwrap().entries.is_empty());
    assert_eq!(fs::read(&t1).unwrap(), bytes1);
}

#[test]
fn data_dir_resolution_prefers_the_flag() {
    let p = Path::new("/some/where");
    assert_eq!(resolve_data_dir(Some(p)).unwrap(), p);
}
