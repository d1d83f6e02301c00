//! The HTML report prints to PDF in headless Chromium with every Thai character present.
//! Needs `chromium` and `pdftotext` (`.ci/run` installs them): under CI a missing one fails the
//! test, elsewhere the test says it was skipped. Chromium gets no network-facing features and
//! its own profile.

use crate::support;

use std::process::Command;

use support::cli::{DGS, assert_ok, report_fixture, xal};
use support::tools;

#[test]
fn html_report_prints_to_pdf_with_all_its_thai_text() {
    let Some([chromium, pdftotext]) =
        tools::require([&["chromium", "chromium-browser"], &["pdftotext"]])
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let fixture = report_fixture(DGS);
    assert_ok(&xal(
        dir.path(),
        &[
            "export",
            fixture.to_str().unwrap(),
            "--format",
            "html",
            "--lang",
            "th",
            "-o",
            html.to_str().unwrap(),
        ],
    ));
    let pdf = dir.path().join("report.pdf");
    let profile = dir.path().join("profile");
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
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        o.status.success() && pdf.metadata().is_ok_and(|m| m.len() > 0),
        "no PDF ({:?}): {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    let text = Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        text.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&text.stderr)
    );
    let text = String::from_utf8(text.stdout).expect("UTF-8 text from pdftotext");
    let source = std::fs::read_to_string(&html).unwrap();
    // Every Thai character of the report is in the PDF's text (each distinct one; layout and
    // line breaks may differ, characters may not go missing as tofu).
    let thai = |s: &str| -> std::collections::BTreeSet<char> {
        s.chars()
            .filter(|c| ('\u{0E01}'..='\u{0E5B}').contains(c))
            .collect()
    };
    let want = thai(&source);
    let got = thai(&text);
    let missing: Vec<char> = want.difference(&got).copied().collect();
    assert!(!want.is_empty());
    assert!(
        missing.is_empty(),
        "Thai characters missing from the PDF: {missing:?}"
    );
    for phrase in ["ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์", "กรมสรรพากร"]
    {
        let squashed: String = text.split_whitespace().collect();
        assert!(squashed.contains(phrase), "{phrase} not in the PDF text");
    }
}
