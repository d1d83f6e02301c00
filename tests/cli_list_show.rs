//! `xal list` and `xal show` over a data dir: summaries, broken files left alone, re-evaluation
//! under a newer ruleset.

use crate::support;

use std::process::Command;

use support::cli::xal;

fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("assessments");
    std::fs::create_dir_all(&target).unwrap();
    for e in std::fs::read_dir("tests/data/assessments").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), target.join(e.file_name())).unwrap();
    }
    dir
}

#[test]
fn list_shows_levels_from_the_current_ruleset_and_broken_files_with_their_place() {
    let dir = data_dir();
    let broken = dir.path().join("assessments/BROKEN.toml");
    let before = std::fs::read(&broken).unwrap();
    let out = xal(dir.path(), &["list", "--format", "json"]);
    // A broken file is bad input: exit 2, said on stderr, and an entry with its error.
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.trim_end()
            .ends_with("BROKEN.toml:3:9: TOML syntax: unclosed table, expected `]`"),
        "{err}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let ok = rows
        .iter()
        .find(|r| r["id"] == "01JDQ4Y7V8KX0M5T3ZB2N6C9RA")
        .unwrap();
    // The file recorded IAL3 under 0.9.0; today's ruleset gives IAL2.1.
    assert_eq!(ok["levels"]["ial"], "IAL2.1");
    assert_eq!(ok["levels"]["aal"], "AAL2");
    assert_eq!(ok["complete"], true);
    assert_eq!(ok["group"], "transactional");
    let bad = rows.iter().find(|r| r["broken"] == true).unwrap();
    assert!(
        bad["error"]
            .as_str()
            .unwrap()
            .ends_with("BROKEN.toml:3:9: TOML syntax: unclosed table, expected `]`"),
        "{bad}"
    );

    let table = xal(dir.path(), &["list"]);
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"), "{text}");
    // The table is data only; the broken file is on stderr.
    assert!(!text.contains("BROKEN"), "{text}");
    assert_eq!(table.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(table.stderr).unwrap().lines().count(),
        1,
        "one line for the one broken file"
    );
    // Listing twice (the second from the index) never touches the broken file.
    xal(dir.path(), &["list"]);
    assert_eq!(std::fs::read(&broken).unwrap(), before);
    let show = xal(dir.path(), &["show", "BROKEN"]);
    assert_eq!(show.status.code(), Some(2));
    assert_eq!(std::fs::read(&broken).unwrap(), before);
}

#[test]
fn show_reports_the_level_change_under_a_newer_ruleset() {
    let dir = data_dir();
    let file = dir
        .path()
        .join("assessments/01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml");
    let before = std::fs::read(&file).unwrap();
    let out = xal(dir.path(), &["show", "01JDQ"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "answered under dgs-1-2-2564 0.9.0, now evaluated under 1.2.0; ial IAL3 → IAL2.1"
        ),
        "{text}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before, "show writes nothing");
    let json = xal(
        dir.path(),
        &["show", "01JDQ4Y7V8KX0M5T3ZB2N6C9RA", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["ial"], "IAL2.1");
    assert_eq!(v["service"]["agency"], "กรมสรรพากร");
}

#[test]
fn an_unknown_id_is_bad_input() {
    let dir = data_dir();
    let out = xal(dir.path(), &["show", "NOPE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no assessment `NOPE`"));
}

#[test]
fn a_prefix_with_a_typo_suggests_the_assessment_it_is_near() {
    let dir = data_dir();
    let out = xal(dir.path(), &["show", "01JDQ4Y7V9"]);
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("no assessment `01JDQ4Y7V9`")
            && e.contains("did you mean `01JDQ4Y7V8KX0M5T3ZB2N6C9RA`?"),
        "{e}"
    );
    // Lower case finds it by the same hint; the export of it works by its real id.
    let out = xal(dir.path(), &["export", "01jdq4y7v8", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean `01JDQ4Y7V8KX0M5T3ZB2N6C9RA`?")
    );
}

/// A user ruleset whose targets are not called ial or aal gets columns of its own.
#[test]
fn columns_follow_the_targets_of_a_user_ruleset() {
    let dir = data_dir();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("rulesets")).unwrap();
    let other = std::fs::read_to_string("tests/data/mini-ruleset.toml")
        .unwrap()
        .replace("id = \"mini\"", "id = \"other\"")
        .replace("\"ial\"", "\"proof\"")
        .replace("major(ial)", "major(proof)")
        .replace("\"aal\"", "\"sign\"");
    std::fs::write(config.join("rulesets/other.toml"), other).unwrap();
    std::fs::write(
        dir.path().join("assessments/OTHER1.toml"),
        "schema = 1\nid = \"OTHER1\"\n[service]\nname = \"Library\"\nagency = \"City\"\n\
         [ruleset]\nid = \"other\"\nversion = \"0.1.0\"\n[answers]\n\"pi.needed\" = \"no\"\n\
         [meta]\ncreated = 2026-01-01T00:00:00+07:00\nupdated = 2026-01-02T00:00:00+07:00\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xal"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("XAL_CONFIG_DIR", &config)
            .env("LANG", "C.UTF-8")
            .env_remove("XAL_LANG")
            .output()
            .unwrap()
    };
    let table = String::from_utf8(run(&["list"]).stdout).unwrap();
    let head = table.lines().next().unwrap();
    let cols: Vec<&str> = head.split_whitespace().collect();
    assert_eq!(
        cols,
        [
            "ID", "SERVICE", "AGENCY", "GROUP", "IAL", "AAL", "FAL", "PROOF", "SIGN", "STATE",
            "UPDATED"
        ],
        "{table}"
    );
    let row = table.lines().find(|l| l.starts_with("OTHER1")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[4..9], ["-", "-", "-", "IAL1", "AAL1"], "{table}");

    let csv = run(&["export", "--all", "--format", "csv"]);
    assert_eq!(
        csv.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.starts_with(
            "\u{feff}id,service,agency,group,user_group,user_group_name,ruleset,version,status,\
             complete,assessor,created,IAL,AAL,FAL,PROOF,SIGN,lower_bounds,"
        ),
        "{csv}"
    );
}

#[test]
fn show_json_carries_the_answers_and_notes_as_export_does() {
    // The report fixture: answers, plan answers and a note.
    let dir = tempfile::tempdir().unwrap();
    let id = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA";
    std::fs::create_dir(dir.path().join("assessments")).unwrap();
    std::fs::copy(
        support::cli::report_fixture(id),
        dir.path().join("assessments").join(format!("{id}.toml")),
    )
    .unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = xal(dir.path(), args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let show = json(&["show", id, "--format", "json"]);
    let export = json(&["export", id, "--format", "json"]);
    assert_eq!(show["answers"], export["answers"]);
    assert_eq!(show["answers"]["pi.needed"], "yes");
    assert_eq!(show["assessor_notes"], export["assessor_notes"]);
    assert!(
        show["assessor_notes"]
            .as_object()
            .is_some_and(|n| !n.is_empty()),
        "{show}"
    );
}

#[test]
fn list_speaks_thai_in_its_headers_too() {
    let dir = data_dir();
    // (The broken file in it makes the exit status 1; the table is printed all the same.)
    let out = xal(dir.path(), &["--lang", "th", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let head: Vec<&str> = text.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        head,
        [
            "รหัส",
            "บริการ",
            "หน่วยงาน",
            "กลุ่ม",
            "IAL",
            "AAL",
            "FAL",
            "สถานะ",
            "แก้ไขล่าสุด"
        ]
    );
}

/// `final` beside `levels`: an incomplete assessment's level already at the top of its scale
/// is final, the one whose question is unanswered a lower bound; all final once complete.
#[test]
fn list_json_says_which_levels_are_final() {
    use support::{answers, at, choice, dgs, income_tax, matrix};
    let dir = tempfile::tempdir().unwrap();
    let store = xal::store::Store::open(dir.path());
    let registry = xal::ruleset::registry::Registry::builtin();
    let open = dgs(
        &store,
        &registry,
        "Water queue",
        "Waterworks",
        answers(&[
            ("pi.needed", choice("yes")),
            ("pi.validated", choice("yes")),
            ("impact.proofing", matrix(&["safety"], &["high"])),
        ]),
        at(1),
    );
    let done = dgs(&store, &registry, "Tax", "Revenue", income_tax(), at(2));
    let out = xal(dir.path(), &["list", "--format", "json"]);
    assert!(out.status.success(), "{out:?}");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let open = row(&open.assessment.id);
    assert_eq!(open["complete"], false);
    assert_eq!(open["levels"]["ial"], "IAL3");
    assert_eq!(
        open["final"],
        serde_json::json!({"ial": true, "aal": false, "fal": true})
    );
    let done = row(&done.assessment.id);
    assert_eq!(
        done["final"],
        serde_json::json!({"ial": true, "aal": true, "fal": true})
    );
}
