//! The HTML report prints to PDF in headless Chromium with every Thai character present.
//! Runs when `chromium` and `pdftotext` are installed (.ci/run installs them); otherwise it
//! says why it was skipped. Chromium gets no network-facing features and its own profile.

use std::path::Path;
use std::process::Command;

fn found(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn html_report_prints_to_pdf_with_all_its_thai_text() {
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| found(c));
    let (Some(chromium), true) = (chromium, found("pdftotext")) else {
        eprintln!("skipped: needs chromium and pdftotext (apt-get install chromium poppler-utils)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/reports/01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml");
    let html = dir.path().join("report.html");
    let o = Command::new(env!("CARGO_BIN_EXE_xal"))
        .args(["--data-dir", dir.path().to_str().unwrap(), "export"])
        .arg(&fixture)
        .args([
            "--format",
            "html",
            "--lang",
            "th",
            "-o",
            html.to_str().unwrap(),
        ])
        .env("XAL_CONFIG_DIR", "/nonexistent-xal-config")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
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
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&text.stdout).into_owned();
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
