//! `xal export`: golden files of every format in both languages, for a DGS and an 800-63-4
//! assessment; CSV over a data dir; loud failure when the output cannot be written.
//!
//! Regenerate the golden files after a deliberate change with `UPDATE_GOLDEN=1 cargo test
//! --test suite report_export::` (each rewritten file fails its test once) and review the diff.

use crate::support;

use std::path::Path;
use std::process::Output;

use support::cli::{DGS, NIST4, assert_ok, report_fixture, xal};

fn golden(name: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let want = std::fs::read(&path);
    if want.as_deref().is_ok_and(|w| w == actual) {
        return;
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        // A run that rewrites a golden file fails, so it never passes by construction.
        std::fs::write(&path, actual).unwrap();
        panic!(
            "{} rewritten (UPDATE_GOLDEN is set): review the diff, then run again without it",
            path.display()
        );
    }
    match want {
        Err(e) => panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()),
        Ok(_) => panic!(
            "{} differs from the output:\n{}",
            path.display(),
            String::from_utf8_lossy(actual)
        ),
    }
}

/// `xal export FILE --format FORMAT MORE…`.
fn export(dir: &Path, file: &Path, format: &str, more: &[&str]) -> Output {
    let mut args = vec!["export", file.to_str().unwrap(), "--format", format];
    args.extend_from_slice(more);
    xal(dir, &args)
}

/// Both fixture assessments exported in `format` in both languages, each against its golden
/// file `<stem>.<lang>.<format>`.
fn check(format: &str) {
    for (id, stem) in [(DGS, "dgs-income-tax"), (NIST4, "nist4-income-tax")] {
        let dir = tempfile::tempdir().unwrap();
        for lang in ["th", "en"] {
            let file = report_fixture(id);
            let o = export(dir.path(), &file, format, &["--lang", lang]);
            assert_ok(&o);
            assert!(!o.stdout.is_empty());
            golden(&format!("{stem}.{lang}.{format}"), &o.stdout);
        }
    }
}

#[test]
fn markdown_reports_match_the_golden_files() {
    check("md");
}

#[test]
fn html_reports_match_the_golden_files() {
    check("html");
}

#[test]
fn json_reports_match_the_golden_files() {
    check("json");
}

#[test]
fn csv_rows_match_the_golden_files() {
    check("csv");
}

#[test]
fn html_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), &report_fixture(DGS), "html", &[]);
    let html = String::from_utf8(o.stdout).unwrap();
    for banned in ["<script", "http://", "https://", "<link", "@import", "url("] {
        assert!(!html.contains(banned), "HTML contains {banned}");
    }
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("Sarabun"));
}

#[test]
fn json_report_is_the_eval_object_plus_service_details() {
    let dir = tempfile::tempdir().unwrap();
    let file = report_fixture(DGS);
    let report = export(dir.path(), &file, "json", &[]);
    let eval = xal(
        dir.path(),
        &["eval", file.to_str().unwrap(), "--format", "json"],
    );
    assert_ok(&report);
    assert_ok(&eval);
    let r: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let e: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
    assert_eq!(e["ial"], "IAL2.1", "{e}");
    // Each says its own shape; every other field of eval is in the export, unchanged.
    assert_eq!(e["schema"], "xal.eval/1");
    assert_eq!(r["schema"], "xal.export/1");
    for (k, v) in e.as_object().unwrap() {
        if k != "schema" {
            assert_eq!(&r[k], v, "field {k}");
        }
    }
    assert_eq!(r["service"]["agency"], "กรมสรรพากร");
    assert_eq!(r["id"], DGS);
}

/// The fingerprints of the two fixtures, computed outside xal with the recipe the reports print
/// (`xal export ID --format json | jq -cSj .answers | sha256sum`).
const ANSWERS_SHA256: [(&str, &str); 2] = [
    (
        DGS,
        "29540d98b6e488ce86eab1fb41b16cf597b6331ba211d9d99505c685ebc252f5",
    ),
    (
        NIST4,
        "dbb6664dda7c518fda882c22ace84fe063c95412f65ae4ac25d568ab38bcdbe3",
    ),
];

#[test]
fn answers_fingerprint_is_the_sha256_of_the_canonical_answers() {
    let dir = tempfile::tempdir().unwrap();
    for (id, want) in ANSWERS_SHA256 {
        let file = report_fixture(id);
        let o = export(dir.path(), &file, "json", &[]);
        assert_ok(&o);
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(r["fingerprints"]["answers_sha256"], want, "{id}");
        // The Markdown and HTML reports print the same fingerprint.
        for format in ["md", "html"] {
            let report = export(dir.path(), &file, format, &[]);
            assert_ok(&report);
            let text = String::from_utf8(report.stdout).unwrap();
            // Printed for reading aloud: groups of four, eight groups a line.
            let grouped = want
                .as_bytes()
                .chunks(4)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .chunks(8)
                .map(|l| l.join(" "))
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                text.contains(&grouped),
                "{id}: the {format} report lacks {grouped}"
            );
        }
    }
}

#[test]
fn all_as_csv_has_one_row_per_assessment_and_group_and_a_bom_unless_refused() {
    let dir = tempfile::tempdir().unwrap();
    let assessments = dir.path().join("assessments");
    std::fs::create_dir_all(&assessments).unwrap();
    for id in [DGS, NIST4] {
        std::fs::copy(report_fixture(id), assessments.join(format!("{id}.toml"))).unwrap();
    }
    let o = xal(dir.path(), &["export", "--all", "--format", "csv"]);
    assert_ok(&o);
    golden("all.csv", &o.stdout);
    assert!(o.stdout.starts_with("\u{feff}".as_bytes()));
    let plain = xal(
        dir.path(),
        &["export", "--all", "--format", "csv", "--no-bom"],
    );
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(
        plain.starts_with(
            "id,service,agency,group,user_group,user_group_name,ruleset,version,status,complete,\
             assessor,created,IAL,AAL,FAL,lower_bounds,updated,review_due,approved_by,\
             approved_on,record_sha256,signer,key\r\n"
        ),
        "{plain}"
    );
    // The DGS assessment is one row; the 800-63-4 one a row per user group.
    assert_eq!(plain.lines().count(), 4, "{plain}");
    assert_eq!(plain.lines().filter(|l| l.starts_with(NIST4)).count(), 2);
}

#[test]
fn empty_data_dir_is_an_error_not_an_empty_csv() {
    let dir = tempfile::tempdir().unwrap();
    let o = xal(dir.path(), &["export", "--all", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "{}: no assessments to export\n",
            dir.path().join("assessments").display()
        )
    );
}

#[test]
fn export_by_id_from_the_data_dir_and_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let assessments = dir.path().join("assessments");
    std::fs::create_dir_all(&assessments).unwrap();
    std::fs::copy(report_fixture(DGS), assessments.join(format!("{DGS}.toml"))).unwrap();
    let out = dir.path().join("report.md");
    let o = xal(
        dir.path(),
        &[
            "export",
            "01JDQ4Y7",
            "--format",
            "md",
            "--lang",
            "en",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    assert!(o.stdout.is_empty());
    let written = std::fs::read(&out).unwrap();
    golden("dgs-income-tax.en.md", &written);
}

#[test]
fn an_output_that_cannot_be_written_fails_loudly_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("no/such/folder/report.html");
    let o = export(
        dir.path(),
        &report_fixture(DGS),
        "html",
        &["-o", bad.to_str().unwrap()],
    );
    // A write that fails is an I/O failure (exit 1), whatever the reason, in one line that
    // names the file.
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(&format!("{}: cannot write: ", bad.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!bad.exists());
}
