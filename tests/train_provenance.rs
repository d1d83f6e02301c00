//! Provenance: where an assessment came from (`[origin]`) is recorded by `train start`,
//! `import` and copy, survives saves and older files, is shown by `xal show`, and lets
//! `train collect` match a file whose id changed to its scenario.

use crate::support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::cli::{ok, xal};
use xal::answers::{AnswerSet, AnswerValue};
use xal::store::{Origin, Store, parse_assessment};

fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics")
}

const BARE: &str = r#"schema = 1
id = "abc"

[service]
name = "Tax"

[ruleset]
id = "dgs-1-2-2564"

[answers]

[meta]
created = 2026-01-05T09:00:00+07:00
updated = 2026-01-05T09:00:00+07:00
"#;

#[test]
fn a_file_without_origin_reads_as_none_and_saves_without_one() {
    let a = parse_assessment(Path::new("a.toml"), BARE).unwrap();
    assert_eq!(a.origin, None);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let loaded = store.create(&a).unwrap();
    let text = std::fs::read_to_string(&loaded.path).unwrap();
    assert!(!text.contains("[origin]"), "{text}");
}

#[test]
fn origin_survives_a_save_and_keeps_keys_this_xal_does_not_know() {
    let text = format!(
        "{BARE}\n[origin]\npack = \"th-gov-basics\"\nscenario = \"th-income-tax\"\nclassroom = \"B-204\" # by hand\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    std::fs::create_dir_all(store.assessments_dir()).unwrap();
    std::fs::write(store.path_of("abc").unwrap(), &text).unwrap();
    let mut loaded = store.load("abc").unwrap();
    let o = loaded.assessment.origin.clone().unwrap();
    assert_eq!(o.pack, "th-gov-basics");
    assert_eq!(o.scenario, "th-income-tax");
    assert_eq!(loaded.assessment.scenario(), Some("th-income-tax"));
    let mut a = loaded.assessment.clone();
    a.service.name = "Tax, renamed".into();
    store.save(&mut loaded, &a).unwrap();
    let after = std::fs::read_to_string(store.path_of("abc").unwrap()).unwrap();
    assert!(after.contains("classroom = \"B-204\" # by hand"), "{after}");
    assert!(after.contains("scenario = \"th-income-tax\""), "{after}");
    assert_eq!(
        store.load("abc").unwrap().assessment.origin.unwrap().pack,
        "th-gov-basics"
    );
}

#[test]
fn a_mistyped_origin_is_reported_at_its_line_and_column() {
    let text = format!("{BARE}\n[origin]\nscenario = 3\n");
    let e = parse_assessment(Path::new("a.toml"), &text).unwrap_err();
    let said = e.to_string();
    assert!(said.starts_with("a.toml:17:12:"), "{said}");
    assert!(
        said.contains("`origin.scenario` must be a string"),
        "{said}"
    );
    let top = BARE.replace("id = \"abc\"\n", "id = \"abc\"\norigin = 1\n");
    let e = parse_assessment(Path::new("a.toml"), &top).unwrap_err();
    assert!(e.to_string().contains("`origin` must be a table"), "{e}");
}

#[test]
fn train_start_records_the_pack_and_show_prints_it() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("somchai");
    ok(&xal(
        &dir,
        &["train", "start", pack_dir().to_str().unwrap()],
    ));
    let a = Store::open(&dir).load("th-income-tax").unwrap().assessment;
    assert_eq!(
        a.origin,
        Some(Origin {
            pack: "th-gov-basics".into(),
            pack_version: "1.0.0".into(),
            scenario: "th-income-tax".into(),
            ..Origin::default()
        })
    );
    let text = ok(&xal(&dir, &["show", "th-income-tax"]));
    assert!(
        text.contains("origin: pack th-gov-basics 1.0.0, scenario th-income-tax"),
        "{text}"
    );
    let th = ok(&xal(&dir, &["--lang", "th", "show", "th-income-tax"]));
    assert!(
        th.contains("ที่มา: ชุดฝึก th-gov-basics 1.0.0, สถานการณ์ th-income-tax"),
        "{th}"
    );
    let v: Value = serde_json::from_str(&ok(&xal(
        &dir,
        &["show", "th-income-tax", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(v["origin"]["scenario"], "th-income-tax");
    assert_eq!(v["origin"]["pack_version"], "1.0.0");
    // A JSON export says it too: `train collect` matches exports by it.
    let v: Value = serde_json::from_str(&ok(&xal(
        &dir,
        &["export", "th-income-tax", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(v["origin"]["pack"], "th-gov-basics");
    assert_eq!(v["origin"]["scenario"], "th-income-tax");
}

#[test]
fn an_import_under_a_new_id_is_still_collected_as_its_scenario() {
    let root = tempfile::tempdir().unwrap();
    let malee = root.path().join("malee");
    ok(&xal(
        &malee,
        &["train", "start", pack_dir().to_str().unwrap()],
    ));
    // malee answers the tax scenario as the reference does, but for one planted mistake.
    let store = Store::open(&malee);
    let mut loaded = store.load("th-income-tax").unwrap();
    let p = xal::train::pack::load(&pack_dir()).unwrap();
    let reference = p
        .scenario("th-income-tax")
        .unwrap()
        .reference
        .clone()
        .unwrap();
    let AnswerSet::Single(mut ans) = reference.answers else {
        panic!("one answer set")
    };
    if let Some(AnswerValue::Matrix(m)) = ans.get_mut("impact.proofing") {
        m.insert("financial".into(), "low".into());
    }
    let mut a = loaded.assessment.clone();
    a.answers = AnswerSet::Single(ans);
    store.save(&mut loaded, &a).unwrap();

    // The trainer imports her file into a data dir that already has that id.
    let trainer = root.path().join("trainer");
    ok(&xal(
        &trainer,
        &["train", "start", pack_dir().to_str().unwrap()],
    ));
    let file = malee.join("assessments/th-income-tax.toml");
    let out = ok(&xal(&trainer, &["import", file.to_str().unwrap()]));
    assert!(out.contains("(id th-income-tax was taken)"), "{out}");
    let new_id = out
        .split("imported as ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let imported = Store::open(&trainer).load(new_id).unwrap().assessment;
    let o = imported.origin.clone().unwrap();
    assert_eq!(o.scenario, "th-income-tax", "kept from the file");
    assert_eq!(o.pack, "th-gov-basics");
    assert_eq!(o.from_id, "th-income-tax");
    assert_eq!(o.source, file.display().to_string());
    let shown = ok(&xal(&trainer, &["show", new_id]));
    assert!(shown.contains("from id th-income-tax"), "{shown}");
    assert!(shown.contains("imported from "), "{shown}");

    // Renamed on disk too: only [origin] says which scenario it is.
    let handed = root.path().join("handed-in/malee");
    std::fs::create_dir_all(&handed).unwrap();
    std::fs::copy(
        Store::open(&trainer).path_of(new_id).unwrap(),
        handed.join("whatever.toml"),
    )
    .unwrap();
    let v: Value = serde_json::from_str(&ok(&xal(
        &trainer,
        &[
            "train",
            "collect",
            handed.to_str().unwrap(),
            "--reference",
            pack_dir().to_str().unwrap(),
            "--format",
            "json",
        ],
    )))
    .unwrap();
    let tax = v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scenario"] == "th-income-tax")
        .unwrap();
    assert_eq!(tax["submissions"], 1, "{tax}");
    let row = &tax["trainees"][0];
    assert_eq!(row["trainee"], "malee");
    assert_eq!(
        row["answers"]["impact.proofing.financial"]["correct"],
        false
    );
    assert_eq!(row["answers"]["impact.proofing.civil"]["correct"], true);
    assert!(
        !v["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["scenario"] == new_id),
        "no scenario named after the new id"
    );
}

#[test]
fn an_import_keeps_the_files_comments_and_unknown_keys() {
    let text = r#"# handed in by malee, row 3
schema = 1
id = "th-income-tax"
classroom = "B-204"

[service]
name = "Tax"

[ruleset]
id = "dgs-1-2-2564"

[answers]
"pi.needed" = "yes"
"service.group" = "transactional" # she was unsure here

[meta]
created = 2026-01-05T09:00:00+07:00
updated = 2026-01-05T09:00:00+07:00
"#;
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("malee.toml");
    std::fs::write(&file, text).unwrap();
    let dir = root.path().join("trainer");
    let out = ok(&xal(&dir, &["import", file.to_str().unwrap()]));
    assert!(out.contains("imported as th-income-tax"), "{out}");
    let written = std::fs::read_to_string(dir.join("assessments/th-income-tax.toml")).unwrap();
    for kept in [
        "# handed in by malee, row 3",
        "classroom = \"B-204\"",
        "# she was unsure here",
    ] {
        assert!(written.contains(kept), "{kept} in {written}");
    }
    let group = written.find("\"service.group\"").unwrap();
    let pi = written.find("\"pi.needed\"").unwrap();
    // In the ruleset's order, as every file xal writes (tests/record_order.rs), the comment
    // going with its answer.
    assert!(group < pi, "the answers in the ruleset's order: {written}");
    assert!(
        written.contains("\"service.group\" = \"transactional\" # she was unsure here"),
        "{written}"
    );
    assert!(written.contains("[origin]"), "{written}");
    assert!(written.contains("from_id = \"th-income-tax\""), "{written}");
}
