//! `xal export --format xlsx`: the written workbook reopened with calamine and read cell by
//! cell (Thai text, levels, dates as dates, one row per user group, the answers sheet), its
//! sheet XML read for the frozen header and the filter, and the refusal to write it to a
//! terminal.

use crate::support;

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook};
use support::cli::{DGS, NIST4, assert_ok, report_fixture, xal};
use support::{Pty, Sandbox};

/// A data dir holding the DGS and the two-group 800-63-4 fixtures.
fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("assessments");
    std::fs::create_dir_all(&a).unwrap();
    for id in [DGS, NIST4] {
        std::fs::copy(report_fixture(id), a.join(format!("{id}.toml"))).unwrap();
    }
    dir
}

/// A sandbox (data and config dirs) whose data dir holds the DGS fixture.
fn sandbox_with_dgs() -> Sandbox {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.assessments_dir()).unwrap();
    std::fs::copy(
        report_fixture(DGS),
        sb.assessments_dir().join(format!("{DGS}.toml")),
    )
    .unwrap();
    sb
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("calamine opens the workbook");
    wb.worksheet_range(name).expect("the sheet")
}

/// The header row's column of `name`.
fn col(range: &Range<Data>, name: &str) -> usize {
    (0..range.width())
        .find(|&c| range.get((0, c)) == Some(&Data::String(name.into())))
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn text(range: &Range<Data>, row: usize, name: &str) -> String {
    match range.get((row, col(range, name))) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("{name} at row {row}: {other:?}"),
    }
}

/// The XML of one part of the workbook (`xl/worksheets/sheet1.xml`).
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn export_all_as_xlsx_reads_back_cell_by_cell() {
    let dir = data_dir();
    let out = dir.path().join("all.xlsx");
    let o = xal(
        dir.path(),
        &[
            "export",
            "--all",
            "--format",
            "xlsx",
            "--lang",
            "th",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    assert!(
        o.stdout.is_empty(),
        "a file was asked for: nothing on stdout"
    );

    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), vec!["assessments", "answers"]);
    let rows = sheet(&out, "assessments");
    // The header, the DGS row, and one row per user group of the 800-63-4 one.
    assert_eq!(rows.height(), 4);
    let heads: Vec<String> = (0..rows.width())
        .map(|c| match rows.get((0, c)) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    // The CSV's columns, in its order.
    let csv = xal(
        dir.path(),
        &["export", "--all", "--format", "csv", "--no-bom"],
    );
    assert_ok(&csv);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(heads.join(","), csv.lines().next().unwrap());

    assert_eq!(text(&rows, 1, "id"), DGS);
    assert_eq!(text(&rows, 1, "service"), "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์");
    assert_eq!(text(&rows, 1, "agency"), "กรมสรรพากร");
    assert_eq!(text(&rows, 1, "IAL"), "IAL2.1");
    assert_eq!(text(&rows, 1, "AAL"), "AAL2");
    assert_eq!(text(&rows, 1, "status"), "complete");
    assert_eq!(
        rows.get((1, col(&rows, "complete"))),
        Some(&Data::Bool(true))
    );
    assert_eq!(text(&rows, 1, "record_sha256").len(), 64);

    // A date is a date, at the time the file wrote (its own offset), with a date format.
    let created = rows.get((1, col(&rows, "created"))).unwrap();
    assert!(created.is_datetime(), "{created:?}");
    assert_eq!(
        created.as_datetime().unwrap().to_string(),
        "2026-11-28 09:02:11"
    );
    let updated = rows.get((1, col(&rows, "updated"))).unwrap();
    assert!(updated.is_datetime(), "{updated:?}");

    // Each group with its own levels (as `xal eval` gives them).
    for (r, group, name, ial) in [
        (2, "citizens", "ประชาชนที่ยื่นแบบของตนเอง", "IAL2"),
        (3, "agents", "ตัวแทนยื่นภาษีแทนลูกค้า", "IAL3"),
    ] {
        assert_eq!(text(&rows, r, "id"), NIST4);
        assert_eq!(text(&rows, r, "user_group"), group);
        assert_eq!(text(&rows, r, "user_group_name"), name);
        assert_eq!(text(&rows, r, "IAL"), ial, "{group}");
        assert_eq!(text(&rows, r, "ruleset"), "nist-800-63-4");
    }
    // The tailored level of the agents group is in its own row only.
    assert_eq!(text(&rows, 3, "FAL"), "FAL3");
    assert_ne!(text(&rows, 2, "FAL"), "FAL3");

    let answers = sheet(&out, "answers");
    let heads: Vec<String> = (0..answers.width())
        .map(|c| answers.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        heads,
        ["id", "user_group", "question", "cell", "value", "label"]
    );
    let found = |id: &str, group: &str, q: &str, cell: &str| -> (String, String) {
        (1..answers.height())
            .find(|&r| {
                text(&answers, r, "id") == id
                    && text(&answers, r, "user_group") == group
                    && text(&answers, r, "question") == q
                    && text(&answers, r, "cell") == cell
            })
            .map(|r| (text(&answers, r, "value"), text(&answers, r, "label")))
            .unwrap_or_else(|| panic!("no answer {id} {group} {q} {cell}"))
    };
    let (value, label) = found(DGS, "", "pi.needed", "");
    assert_eq!(value, "yes");
    assert!(!label.is_empty());
    let (value, label) = found(NIST4, "agents", "impact", "trust");
    assert_eq!(value, "high");
    assert!(
        !label.is_empty() && !label.is_ascii(),
        "a Thai label: {label}"
    );
    assert_eq!(found(NIST4, "citizens", "impact", "trust").0, "moderate");
    // Matrix cells in the ruleset's category order, not alphabetical.
    let cells: Vec<String> = (1..answers.height())
        .filter(|&r| {
            text(&answers, r, "id") == NIST4
                && text(&answers, r, "user_group") == "citizens"
                && text(&answers, r, "question") == "impact"
        })
        .map(|r| text(&answers, r, "cell"))
        .collect();
    assert_eq!(
        cells,
        ["mission", "trust", "information", "financial", "safety"]
    );

    // What calamine does not read: the frozen header row, and a filter over every column
    // and row, on both sheets.
    let last = |r: &Range<Data>| format!("{}{}", (b'A' + r.width() as u8 - 1) as char, r.height());
    for (n, range) in [(1, &rows), (2, &answers)] {
        let xml = part(&out, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "sheet{n}: {xml:.600}"
        );
        let filter = format!(r#"<autoFilter ref="A1:{}"/>"#, last(range));
        assert!(xml.contains(&filter), "sheet{n}: no {filter}");
        assert!(
            xml.contains("customWidth=\"1\""),
            "sheet{n}: column widths set"
        );
    }
    let styles = part(&out, "xl/styles.xml");
    assert!(styles.contains("yyyy-mm-dd hh:mm"), "{styles:.800}");
}

#[test]
fn one_assessment_as_xlsx_and_to_a_pipe() {
    let dir = data_dir();
    // Standard output that is not a terminal gets the workbook itself.
    let o = xal(dir.path(), &["export", NIST4, "--format", "xlsx"]);
    assert_ok(&o);
    assert!(o.stdout.starts_with(b"PK"), "a zip file");
    let path = dir.path().join("piped.xlsx");
    std::fs::write(&path, &o.stdout).unwrap();
    let rows = sheet(&path, "assessments");
    assert_eq!(rows.height(), 3, "the header and one row per user group");
    assert_eq!(text(&rows, 1, "service"), "ระบบยื่นภาษีสำหรับประชาชนและตัวแทน");
    // Without a review date the cell is empty, not a date of zero.
    assert_eq!(text(&rows, 1, "review_due"), "");
}

#[test]
fn a_signed_assessment_has_its_review_date_as_a_date() {
    let dir = data_dir();
    let o = xal(
        dir.path(),
        &[
            "approve",
            DGS,
            "--no-sign",
            "--by",
            "สมชาย ใจดี",
            "--role",
            "CIO",
        ],
    );
    assert_ok(&o);
    let out = dir.path().join("one.xlsx");
    assert_ok(&xal(
        dir.path(),
        &[
            "export",
            DGS,
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
    ));
    let rows = sheet(&out, "assessments");
    assert_eq!(text(&rows, 1, "status"), "approved");
    assert_eq!(text(&rows, 1, "approved_by"), "สมชาย ใจดี");
    for name in ["review_due", "approved_on"] {
        let cell = rows.get((1, col(&rows, name))).unwrap();
        assert!(cell.is_datetime(), "{name}: {cell:?}");
    }
    let due = rows.get((1, col(&rows, "review_due"))).unwrap();
    let on = rows.get((1, col(&rows, "approved_on"))).unwrap();
    // A year after the approval, by default.
    let days = (due.as_date().unwrap() - on.as_date().unwrap()).num_days();
    assert!((365..=366).contains(&days), "{days} days");
}

#[test]
fn a_formula_in_a_service_name_is_text() {
    let dir = data_dir();
    let file = dir.path().join(format!("assessments/{DGS}.toml"));
    let t = std::fs::read_to_string(&file).unwrap().replacen(
        "name = \"ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์\"",
        "name = \"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\"",
        1,
    );
    std::fs::write(&file, t).unwrap();
    let out = dir.path().join("f.xlsx");
    assert_ok(&xal(
        dir.path(),
        &[
            "export",
            DGS,
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
    ));
    let rows = sheet(&out, "assessments");
    assert_eq!(
        text(&rows, 1, "service"),
        "=HYPERLINK(\"http://evil\",\"x\")"
    );
    assert!(!part(&out, "xl/worksheets/sheet1.xml").contains("<f>"));
}

#[test]
fn xlsx_is_refused_on_a_terminal_and_other_formats_with_all_too() {
    let sb = sandbox_with_dgs();
    let mut pty = Pty::xal(&sb, &["export", DGS, "--format", "xlsx"], &[], 200, 10);
    let (status, _) = pty.wait_exit(Duration::from_secs(20));
    assert_eq!(status.exit_code(), 2);
    let raw = pty.raw_bytes();
    assert!(!raw.windows(2).any(|w| w == b"PK"), "no workbook bytes");
    let screen = pty.screen_text();
    assert!(screen.contains("xlsx workbook is binary"), "{screen}");
    assert!(screen.contains("-o FILE.xlsx"), "{screen}");

    let o = xal(&sb.data_dir(), &["export", "--all", "--format", "md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--format csv or xlsx"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_broken_file_is_skipped_and_named_and_an_empty_data_dir_writes_nothing() {
    let dir = data_dir();
    std::fs::write(dir.path().join("assessments/broken.toml"), "[service\n").unwrap();
    let out = dir.path().join("all.xlsx");
    let o = xal(
        dir.path(),
        &[
            "export",
            "--all",
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("broken.toml:1:") && err.contains("(skipped)"),
        "{err}"
    );
    assert_eq!(sheet(&out, "assessments").height(), 4);

    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(empty.path().join("assessments")).unwrap();
    let out = empty.path().join("none.xlsx");
    let o = xal(
        empty.path(),
        &[
            "export",
            "--all",
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no assessments to export"));
    assert!(!out.exists(), "no empty workbook left behind");
}

#[test]
fn the_interface_exports_the_same_workbook_as_the_command_line() {
    let sb = sandbox_with_dgs();
    let mut pty = Pty::xal(&sb, &[], &[], 100, 30);
    pty.wait_text("Services 1/1");
    pty.send_str("x");
    pty.wait_text("Excel (.xlsx)");
    // The export picker filters as it is typed: the format by its name, then Enter.
    pty.send_str("excel");
    pty.wait_text("› excel");
    pty.send_str("\r");
    pty.wait_text("Exported");
    // Named by the service, the id's end keeping it one file per assessment.
    let name = "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์-N6C9RA-en.xlsx";
    pty.wait_text("N6C9RA-en.xlsx");
    pty.send_str("\r");
    pty.wait_for("the message to close", |s| {
        !s.contents().contains("Exported")
    });
    pty.send_str("q");
    let (status, _) = pty.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");

    let from_tui = sb.data_dir().join("exports").join(name);
    let from_cli = sb.data_dir().join("cli.xlsx");
    let o = xal(
        &sb.data_dir(),
        &[
            "export",
            DGS,
            "--format",
            "xlsx",
            "--lang",
            "en",
            "-o",
            from_cli.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    for name in ["assessments", "answers"] {
        let (a, b) = (sheet(&from_tui, name), sheet(&from_cli, name));
        assert!(a.height() > 1, "{name} has rows");
        assert_eq!(a, b, "sheet {name}");
    }
    let rows = sheet(&from_tui, "assessments");
    assert_eq!(text(&rows, 1, "service"), "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์");
    assert_eq!(text(&rows, 1, "IAL"), "IAL2.1");
}
