//! `xal list` and `xal show` over a data dir: summaries, broken files left alone, re-evaluation
//! under a newer ruleset.

mod support;

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
    assert_eq!(out.status.code(), Some(0));
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
    assert!(text.contains("BROKEN "), "{text}");
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
            "answered under dgs-1-2-2564 0.9.0, now evaluated under 1.0.0; ial IAL3 → IAL2.1"
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
