//! Sign-off: `xal approve` records steps in `[[signoff]]`; show, list and every report say
//! "approved by … on …" while it holds and "approval void" once an answer changed; a save by
//! an older copy never drops a step; `list --due` marks overdue and soon-due reviews.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::cli::{DGS, NIST4, assert_ok, ok, ok_json, report_fixture, xal};
use xal::store::Store;

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

fn approve(dir: &Path, more: &[&str]) -> Output {
    let mut args = vec!["approve", DGS, "--no-sign"];
    args.extend_from_slice(more);
    xal(dir, &args)
}

fn change_an_answer(dir: &Path) {
    let path = file_of(dir, DGS);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text.replacen("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\"", 1);
    assert_ne!(text, changed);
    std::fs::write(&path, changed).unwrap();
}

#[test]
fn two_steps_are_recorded_as_their_own_tables_on_the_content_fingerprint() {
    let dir = data_dir();
    let before = ok_json(&xal(dir.path(), &["export", DGS, "--format", "json"]));
    assert_ok(&approve(
        dir.path(),
        &[
            "--by",
            "สมชาย ใจดี",
            "--role",
            "ผู้ตรวจสอบ",
            "--step",
            "reviewed",
        ],
    ));
    let o = approve(
        dir.path(),
        &[
            "--by",
            "Jane Roe",
            "--role",
            "CIO",
            "--note",
            "first line\nsecond line",
        ],
    );
    assert!(
        ok(&o).starts_with("approved by Jane Roe (CIO) on "),
        "{}",
        ok(&o)
    );
    let text = std::fs::read_to_string(file_of(dir.path(), DGS)).unwrap();
    assert_eq!(text.matches("[[signoff]]").count(), 2, "{text}");
    let content = before["fingerprints"]["content_sha256"].as_str().unwrap();
    assert_eq!(text.matches(content).count(), 2, "{text}");
    assert!(text.contains("review_due = "), "{text}");

    let after = ok_json(&xal(dir.path(), &["export", DGS, "--format", "json"]));
    // Sign-off changes the record, not the content it signed.
    assert_eq!(after["fingerprints"]["content_sha256"], content);
    assert_ne!(
        after["fingerprints"]["record_sha256"],
        before["fingerprints"]["record_sha256"]
    );
    let steps = after["signoff"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["step"], "reviewed");
    assert_eq!(steps[1]["note"], "first line\nsecond line");
    assert!(steps.iter().all(|s| s["holds"] == true));
}

#[test]
fn show_list_and_reports_say_approved_then_void_after_a_change() {
    let dir = data_dir();
    assert_ok(&approve(dir.path(), &["--by", "Jane Roe"]));
    let show = ok(&xal(dir.path(), &["show", DGS]));
    assert!(show.contains("approved by Jane Roe on "), "{show}");
    let list = ok(&xal(dir.path(), &["list"]));
    assert!(
        list.contains("SIGN-OFF") && list.contains("✓ approved"),
        "{list}"
    );
    for (format, lang, want) in [
        ("md", "en", "approved by Jane Roe on "),
        ("html", "en", "approved by Jane Roe on "),
        ("md", "th", "อนุมัติโดย Jane Roe เมื่อ "),
    ] {
        let r = ok(&xal(
            dir.path(),
            &["export", DGS, "--format", format, "--lang", lang],
        ));
        assert!(r.contains(want), "{format} {lang}: {r}");
        assert!(
            !r.contains("approval void") && !r.contains("สิ้นผล"),
            "{format} {lang}"
        );
    }

    change_an_answer(dir.path());
    let show = ok(&xal(dir.path(), &["show", DGS]));
    assert!(
        show.contains("approval void: answers changed since (approved by Jane Roe"),
        "{show}"
    );
    let list = ok(&xal(dir.path(), &["list"]));
    assert!(list.contains("✗ void"), "{list}");
    let th = ok(&xal(
        dir.path(),
        &["export", DGS, "--format", "html", "--lang", "th"],
    ));
    assert!(th.contains("การอนุมัติสิ้นผล: คำตอบเปลี่ยนไปหลังจากนั้น"), "{th}");
    let json = ok_json(&xal(dir.path(), &["show", DGS, "--format", "json"]));
    assert_eq!(json["signoff"][0]["holds"], false);
    // Changing it back makes the approval hold again: it is about the content, not the time.
    let path = file_of(dir.path(), DGS);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("\"pi.needed\" = \"no\"", "\"pi.needed\" = \"yes\"", 1),
    )
    .unwrap();
    let json = ok_json(&xal(dir.path(), &["show", DGS, "--format", "json"]));
    assert_eq!(json["signoff"][0]["holds"], true);
}

#[test]
fn a_save_from_an_older_copy_keeps_the_sign_off() {
    let dir = data_dir();
    let store = Store::open(dir.path());
    // The interface holds the assessment as it was before the approval …
    let before = store.load(DGS).unwrap();
    assert_ok(&approve(dir.path(), &["--by", "Jane Roe"]));
    // … and, after the conflict is resolved by writing over, saves its own version.
    let mut now = store.load(DGS).unwrap();
    assert_eq!(now.assessment.signoffs.len(), 1);
    let mut mine = before.assessment.clone();
    mine.service.name = "renamed by the interface".into();
    assert!(mine.signoffs.is_empty());
    store.save(&mut now, &mine).unwrap();
    let after = store.load(DGS).unwrap();
    assert_eq!(after.assessment.service.name, "renamed by the interface");
    assert_eq!(after.assessment.signoffs.len(), 1);
    assert_eq!(after.assessment.signoffs[0].by, "Jane Roe");
}

#[test]
fn bad_approvals_are_refused_and_write_nothing() {
    let dir = data_dir();
    let before = std::fs::read(file_of(dir.path(), DGS)).unwrap();
    for args in [&["--by", "  "][..], &["--by", "Jane", "--step", "signed"]] {
        let o = approve(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&o.stderr).lines().count(), 1);
    }
    assert_eq!(std::fs::read(file_of(dir.path(), DGS)).unwrap(), before);
}

#[test]
fn an_incomplete_assessment_can_be_reviewed_but_not_approved() {
    let dir = data_dir();
    let path = file_of(dir.path(), DGS);
    let text = std::fs::read_to_string(&path).unwrap();
    let cut: String = text
        .lines()
        .filter(|l| !l.starts_with("\"pi.accessible\""))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(cut, text);
    std::fs::write(&path, &cut).unwrap();
    let o = approve(dir.path(), &["--by", "Jane"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("incomplete"));
    assert_ok(&approve(
        dir.path(),
        &["--by", "Jane", "--step", "reviewed"],
    ));
}

#[test]
fn list_due_shows_overdue_and_soon_due_reviews_only() {
    let dir = data_dir();
    // An approval long ago (that still holds: on the current content, and the data dir has
    // no allowed_signers) is overdue …
    let content = ok_json(&xal(dir.path(), &["export", NIST4, "--format", "json"]))["fingerprints"]
        ["content_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    let path = file_of(dir.path(), NIST4);
    let mut text = std::fs::read_to_string(&path).unwrap();
    let approval = format!(
        "\n[[signoff]]\nstep = \"approved\"\nby = \"Old Approver\"\nat = 2024-01-10T09:00:00+07:00\nrecord = \"{content}\"\n",
    );
    // (A void one sets no review date: it is not listed.)
    std::fs::write(&path, format!("{text}{}", approval.replace(&content, "00"))).unwrap();
    let none = ok(&xal(dir.path(), &["list", "--due"]));
    assert!(!none.contains(NIST4), "{none}");
    text.push_str(&approval);
    std::fs::write(&path, text).unwrap();
    let all = ok(&xal(dir.path(), &["list", "--due"]));
    assert!(
        all.contains(NIST4) && all.contains("2025-01-10 ! overdue"),
        "{all}"
    );
    assert!(!all.contains(DGS), "{all}");
    // … one due today is soon, and one due in a year is not listed.
    assert_ok(&approve(dir.path(), &["--by", "Jane"]));
    // (An interval is at least a month: the date is moved to today by hand.)
    let path = file_of(dir.path(), DGS);
    let text = std::fs::read_to_string(&path).unwrap();
    let (on, due) = recorded_review(dir.path());
    let text = text.replacen(
        &format!("review_due = {due}"),
        &format!("review_due = {on}"),
        1,
    );
    std::fs::write(&path, text).unwrap();
    let due = ok_json(&xal(dir.path(), &["list", "--due", "--format", "json"]));
    let rows = due.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{due}");
    let of = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(of(NIST4)["due"], "overdue");
    assert_eq!(of(DGS)["due"], "soon");
    assert_ok(&approve(dir.path(), &["--by", "Jane"]));
    let due = ok(&xal(dir.path(), &["list", "--due"]));
    assert!(!due.contains(DGS), "{due}");
}

/// `xal approve` with `config.toml` holding `config` (in a config dir of its own).
fn approve_with_config(dir: &Path, config: &str, more: &[&str]) -> Output {
    let cfg = dir.join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("config.toml"), config).unwrap();
    support::cli::xal_command()
        .env("XAL_CONFIG_DIR", &cfg)
        .arg("--data-dir")
        .arg(dir)
        .args(["approve", DGS, "--no-sign", "--by", "Jane Roe"])
        .args(more)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// The review date the file's latest approval recorded, and the day it was made.
fn recorded_review(dir: &Path) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let a = Store::open(dir).load(DGS).unwrap().assessment;
    let s = a.signoffs.last().unwrap();
    (s.at.date_naive(), s.review_due.unwrap())
}

#[test]
fn the_review_interval_comes_from_the_config_unless_given() {
    use chrono::Months;
    let dir = data_dir();
    assert_ok(&approve_with_config(
        dir.path(),
        "theme = \"light\"\n\n[record]\nreview_months = 6\n",
        &[],
    ));
    let (on, due) = recorded_review(dir.path());
    assert_eq!(due, on.checked_add_months(Months::new(6)).unwrap());
    // The flag wins over the setting.
    assert_ok(&approve_with_config(
        dir.path(),
        "[record]\nreview_months = 6\n",
        &["--review-months", "24"],
    ));
    let (on, due) = recorded_review(dir.path());
    assert_eq!(due, on.checked_add_months(Months::new(24)).unwrap());
    // No setting: a year.
    assert_ok(&approve_with_config(dir.path(), "", &[]));
    let (on, due) = recorded_review(dir.path());
    assert_eq!(due, on.checked_add_months(Months::new(12)).unwrap());
}

#[test]
fn a_bad_review_interval_is_refused_at_its_place_and_nothing_is_signed() {
    let dir = data_dir();
    let before = std::fs::read(file_of(dir.path(), DGS)).unwrap();
    let cfg = dir.path().join("config").join("config.toml");
    for (config, at, says) in [
        ("[record]\nreview_months = 0\n", ":2:17: ", "from 1 to 120"),
        (
            "[record]\nreview_months = 121\n",
            ":2:17: ",
            "from 1 to 120",
        ),
        (
            "[record]\nreview_months = \"a year\"\n",
            ":2:17: ",
            "such as 12",
        ),
        (
            "[record]\nreveiw_months = 6\n",
            ":2:1: ",
            "unknown setting `record.reveiw_months`",
        ),
        ("[record\n", ":1:", ""),
    ] {
        let o = approve_with_config(dir.path(), config, &[]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{config}: {err}");
        assert!(
            err.starts_with(&format!("{}{at}", cfg.display())) && err.contains(says),
            "{config}: {err}"
        );
        assert_eq!(std::fs::read(file_of(dir.path(), DGS)).unwrap(), before);
    }
    let o = approve(dir.path(), &["--by", "Jane Roe", "--review-months", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--review-months 0: give 1 to 120"));
    assert_eq!(std::fs::read(file_of(dir.path(), DGS)).unwrap(), before);
}
