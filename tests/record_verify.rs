//! `xal verify`: a report of every format matches its file; each part tampered with in the
//! file is named; a JSON report edited after export is caught; a fingerprint typed from paper
//! (grouped, upper case) matches, and a wrong or malformed one is 1 or 2.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::cli::{DGS, NIST4, assert_ok, report_fixture, xal};

/// A data dir holding both report fixtures.
fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let assessments = dir.path().join("assessments");
    std::fs::create_dir_all(&assessments).unwrap();
    for id in [DGS, NIST4] {
        std::fs::copy(report_fixture(id), assessments.join(format!("{id}.toml"))).unwrap();
    }
    dir
}

fn file_of(dir: &Path, id: &str) -> PathBuf {
    dir.join("assessments").join(format!("{id}.toml"))
}

fn export(dir: &Path, id: &str, format: &str) -> PathBuf {
    let out = dir.join(format!("report-{id}.{format}"));
    let o = xal(
        dir,
        &[
            "export",
            id,
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    out
}

fn verify(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["verify"];
    all.extend_from_slice(args);
    xal(dir, &all)
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Replaces `from` by `to` in the assessment file (once; it must be there).
fn edit(dir: &Path, id: &str, from: &str, to: &str) {
    let path = file_of(dir, id);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn every_format_matches_its_file_with_or_without_naming_it() {
    let dir = data_dir();
    for id in [DGS, NIST4] {
        for format in ["json", "html", "md"] {
            let report = export(dir.path(), id, format);
            let r = report.to_str().unwrap();
            let o = verify(dir.path(), &[r]);
            assert_eq!(code(&o), 0, "{id} {format}: {}", stdout(&o));
            assert!(stdout(&o).starts_with("match:"), "{}", stdout(&o));
            let f = file_of(dir.path(), id);
            let o = verify(dir.path(), &[r, f.to_str().unwrap()]);
            assert_eq!(code(&o), 0, "{id} {format} with the file");
        }
    }
}

#[test]
fn each_part_changed_in_the_file_is_named_by_every_format() {
    // (what to change in the DGS file, the part it is in)
    let changes = [
        ("name = \"", "name = \"X", "service"),
        (
            "\"pi.needed\" = \"yes\"",
            "\"pi.needed\" = \"no\"",
            "answers",
        ),
        ("[notes]\n", "[notes]\n\"pi.needed\" = \"added\"\n", "notes"),
    ];
    for (from, to, part) in changes {
        let dir = data_dir();
        let reports: Vec<PathBuf> = ["json", "html", "md"]
            .iter()
            .map(|f| export(dir.path(), DGS, f))
            .collect();
        edit(dir.path(), DGS, from, to);
        for report in &reports {
            let o = verify(dir.path(), &[report.to_str().unwrap(), "--format", "json"]);
            assert_eq!(code(&o), 1, "{part} {}", report.display());
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["schema"], "xal.verify/1");
            assert_eq!(v["match"], false);
            let parts: Vec<&str> = v["differing_parts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            assert!(
                parts.contains(&part),
                "{part}: {parts:?} ({})",
                report.display()
            );
            assert!(!parts.contains(&"id"), "{parts:?}");
        }
    }
}

#[test]
fn an_answer_change_names_the_answer_and_changes_the_result() {
    let dir = data_dir();
    let report = export(dir.path(), DGS, "json");
    edit(
        dir.path(),
        DGS,
        "\"auth.needed\" = \"yes\"",
        "\"auth.needed\" = \"no\"",
    );
    let o = verify(dir.path(), &[report.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let text = stdout(&o);
    assert!(text.contains("answers (auth.needed)"), "{text}");
    assert!(text.contains("result"), "{text}");
}

#[test]
fn a_json_report_edited_after_export_is_caught() {
    let dir = data_dir();
    let report = export(dir.path(), DGS, "json");
    let text = std::fs::read_to_string(&report).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["record"]["service"]["name"] = serde_json::json!("Forged");
    std::fs::write(&report, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let o = verify(dir.path(), &[report.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("changed after it was made"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_fingerprint_from_paper_matches_grouped_and_in_capitals() {
    let dir = data_dir();
    let report = export(dir.path(), DGS, "json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let hex = v["fingerprints"]["record_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let typed: String = hex
        .to_uppercase()
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    let o = verify(dir.path(), &["--fingerprint", &typed, DGS]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // The Markdown report prints the same digits in its fixed-width block.
    let md = std::fs::read_to_string(export(dir.path(), DGS, "md")).unwrap();
    assert!(
        md.contains(&format!("```text\n{}\n", &typed.to_lowercase()[..39])),
        "{md}"
    );

    // The answers' fingerprint is not the record's: 1, and it says what it is.
    let answers = v["fingerprints"]["answers_sha256"].as_str().unwrap();
    let o = verify(dir.path(), &["--fingerprint", answers, DGS]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("answers' fingerprint"),
        "{}",
        stdout(&o)
    );

    // Once the service changes, the old paper copy no longer matches.
    edit(dir.path(), DGS, "name = \"", "name = \"X");
    let o = verify(dir.path(), &["--fingerprint", &typed, DGS]);
    assert_eq!(code(&o), 1);
}

#[test]
fn bad_input_is_two_with_one_line() {
    let dir = data_dir();
    let o = verify(dir.path(), &["--fingerprint", "abc", DGS]);
    assert_eq!(code(&o), 2);
    let plain = dir.path().join("plain.md");
    std::fs::write(&plain, "# nothing here\n").unwrap();
    let o = verify(dir.path(), &[plain.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with(plain.to_str().unwrap()), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"record\": [1,\n").unwrap();
    let o = verify(dir.path(), &[broken.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("broken.json:"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
