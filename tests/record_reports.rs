//! Reports as an agency files them: golden files of an incomplete (draft), an approved and a
//! void assessment in every report format and both languages; the draft mark, lower bounds
//! worded as such, the signature block, notes that keep their lines; and the printed PDF
//! read back with pdftotext (draft mark, page numbers, Buddhist-era date).
//!
//! Regenerate with `UPDATE_GOLDEN=1 cargo test --test suite record_reports::` and review the diff.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::cli::{DGS, assert_ok, ok, ok_json, report_fixture, xal};
use support::tools;

fn golden(name: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let want = std::fs::read(&path);
    if want.as_deref().is_ok_and(|w| w == actual) {
        return;
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        panic!(
            "{} rewritten (UPDATE_GOLDEN is set): review it, then run again",
            path.display()
        );
    }
    panic!(
        "{} differs from the output:\n{}",
        path.display(),
        String::from_utf8_lossy(actual)
    );
}

/// A data dir with the DGS fixture in the given state.
fn case(state: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let assessments = dir.path().join("assessments");
    std::fs::create_dir_all(&assessments).unwrap();
    let path = assessments.join(format!("{DGS}.toml"));
    let mut text = std::fs::read_to_string(report_fixture(DGS)).unwrap();
    // A note on two lines, as an assessor writes one.
    text = text.replacen(
        "\"impact.proofing\" = \"Refund fraud is the main risk; see audit report 2565.\"",
        "\"impact.proofing\" = \"\"\"\nRefund fraud is the main risk.\nSee audit report 2565.\"\"\"",
        1,
    );
    match state {
        "incomplete" => {
            text = text
                .lines()
                .filter(|l| !l.starts_with("\"auth.needed\"") && !l.starts_with("\"impact.auth\""))
                .map(|l| format!("{l}\n"))
                .collect();
        }
        "approved" | "void" => {}
        other => panic!("{other}"),
    }
    std::fs::write(&path, &text).unwrap();
    if state != "incomplete" {
        let v = ok_json(&xal(dir.path(), &["export", DGS, "--format", "json"]));
        let content = v["fingerprints"]["content_sha256"].as_str().unwrap();
        text.push_str(&format!(
            "\n[[signoff]]\nstep = \"reviewed\"\nby = \"สมชาย ใจดี\"\nrole = \"ผู้ตรวจสอบภายใน\"\nat = 2026-11-30T14:00:00+07:00\nrecord = \"{content}\"\n\n[[signoff]]\nstep = \"approved\"\nby = \"Jane Roe\"\nrole = \"CIO\"\nat = 2026-12-01T09:30:00+07:00\nrecord = \"{content}\"\nreview_due = 2027-12-01\n"
        ));
        if state == "void" {
            text = text.replacen("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\"", 1);
        }
        std::fs::write(&path, &text).unwrap();
    }
    (dir, path)
}

fn export(dir: &Path, format: &str, lang: &str) -> String {
    ok(&xal(
        dir,
        &["export", DGS, "--format", format, "--lang", lang],
    ))
}

#[test]
fn draft_approved_and_void_reports_match_the_golden_files() {
    for state in ["incomplete", "approved", "void"] {
        let (dir, _) = case(state);
        for lang in ["th", "en"] {
            for format in ["md", "html", "json", "csv"] {
                let out = export(dir.path(), format, lang);
                golden(&format!("record-{state}.{lang}.{format}"), out.as_bytes());
            }
        }
    }
}

#[test]
fn a_draft_is_marked_and_its_levels_are_lower_bounds_in_both_languages() {
    let (dir, _) = case("incomplete");
    let en = export(dir.path(), "html", "en");
    assert!(en.contains("class=\"watermark\""), "{en}");
    assert!(en.contains("<h1>DRAFT — "), "{en}");
    assert!(en.contains("@top-center"));
    assert!(en.contains("not known yet (so far none)"), "{en}");
    assert!(en.contains("lower bound, not the result"), "{en}");
    assert!(!en.contains("at least none"));
    let th = export(dir.path(), "md", "th");
    assert!(th.contains("ฉบับร่าง"), "{th}");
    assert!(th.contains("ยังไม่ทราบ (ขั้นต่ำขณะนี้"), "{th}");
    assert!(
        !th.contains("at least") && !th.contains("(assumed)"),
        "{th}"
    );
    let (dir, _) = case("approved");
    let done = export(dir.path(), "html", "en");
    assert!(
        !done.contains("watermark\"") && !done.contains("DRAFT"),
        "{done}"
    );
}

#[test]
fn csv_says_draft_lower_bounds_approval_and_void() {
    let csv = |state: &str| {
        let (dir, _) = case(state);
        let out = export(dir.path(), "csv", "en");
        out.lines().nth(1).unwrap().to_string()
    };
    let draft = csv("incomplete");
    assert!(draft.contains(",draft,false,"), "{draft}");
    assert!(draft.contains(",aal,"), "the AAL is a lower bound: {draft}");
    let approved = csv("approved");
    assert!(approved.contains(",approved,true,"), "{approved}");
    assert!(
        approved.contains(",2027-12-01,Jane Roe,2026-12-01T09:30:00+07:00,"),
        "{approved}"
    );
    let void = csv("void");
    assert!(void.contains(",void,true,"), "{void}");
    assert!(!void.contains("Jane Roe"), "{void}");
}

#[test]
fn json_says_draft_and_which_levels_are_lower_bounds() {
    let (dir, _) = case("incomplete");
    let v = ok_json(&xal(dir.path(), &["export", DGS, "--format", "json"]));
    assert_eq!(v["status"], "draft");
    assert_eq!(v["lower_bounds"], serde_json::json!(["aal"]));
    for (state, want) in [("approved", "approved"), ("void", "void")] {
        let (dir, _) = case(state);
        let v = ok_json(&xal(dir.path(), &["export", DGS, "--format", "json"]));
        assert_eq!(v["status"], want);
        assert_eq!(v["lower_bounds"], serde_json::json!([]));
    }
}

#[test]
fn notes_keep_their_lines_and_cells_never_split_a_word() {
    let (dir, _) = case("approved");
    let md = export(dir.path(), "md", "en");
    assert!(
        md.contains("Refund fraud is the main risk.\\\n  See audit report 2565."),
        "{md}"
    );
    let html = export(dir.path(), "html", "en");
    assert!(html.contains("Refund fraud is the main risk.\nSee audit report 2565."));
    assert!(html.contains("white-space: pre-line"));
    assert!(
        !html.contains("overflow-wrap: anywhere"),
        "cells may split words"
    );
    assert!(html.contains("counter(page)"), "page numbers");
}

#[test]
fn the_signature_block_names_who_signed_and_leaves_a_line_once_void() {
    let (dir, _) = case("approved");
    let html = export(dir.path(), "html", "en");
    let block = &html[html.find("class=\"signatures\"").expect("signature table")..];
    assert!(
        block.contains("<th>Approved by</th><td>Jane Roe</td><td>CIO</td><td>2026-12-01</td>"),
        "{block}"
    );
    assert!(
        block.contains("<th>Reviewed by</th><td>สมชาย ใจดี</td>"),
        "{block}"
    );
    let th = export(dir.path(), "html", "th");
    assert!(th.contains("<td>1 ธันวาคม พ.ศ. 2569</td>"), "{th}");
    let (dir, _) = case("void");
    let html = export(dir.path(), "html", "en");
    let block = &html[html.find("class=\"signatures\"").unwrap()..];
    assert!(
        !block.contains("Jane Roe"),
        "a void approval is no signature: {block}"
    );
    assert!(block.contains("<th>Approved by</th><td></td>"), "{block}");
}

#[test]
fn the_printed_draft_has_its_mark_page_numbers_and_a_buddhist_era_date() {
    let Some([chromium, pdftotext]) =
        tools::require([&["chromium", "chromium-browser"], &["pdftotext"]])
    else {
        return;
    };
    let (dir, _) = case("incomplete");
    let html = dir.path().join("report.html");
    assert_ok(&xal(
        dir.path(),
        &[
            "export",
            DGS,
            "--format",
            "html",
            "--lang",
            "th",
            "-o",
            html.to_str().unwrap(),
        ],
    ));
    let pdf = dir.path().join("report.pdf");
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let squashed: String = text.split_whitespace().collect();
    assert!(squashed.contains("ฉบับร่าง"), "{text}");
    assert!(squashed.contains("หน้า1/"), "no page number: {text}");
    assert!(squashed.contains("พ.ศ.2569"), "{text}");
    assert!(!text.contains("file://"), "{text}");
}
