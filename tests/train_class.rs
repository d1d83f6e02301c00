//! A class of five simulated trainees, end to end: folders made by `xal train start`, answers
//! written through the store, collected by the trainer against the bundled pack's reference.

use crate::support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::cli::{ok, xal};
use xal::answers::{AnswerSet, AnswerValue};
use xal::store::Store;
use xal::train::pack;

fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics")
}

/// Answers every scenario as the reference does, then applies `wrong`: (scenario, question,
/// category or "", value) — the planted mistakes.
fn answer(dir: &Path, wrong: &[(&str, &str, &str, &str)]) {
    let p = pack::load(&pack_dir()).unwrap();
    let store = Store::open(dir);
    for s in &p.scenarios {
        let mut loaded = store.load(&s.assessment.id).unwrap();
        let mut a = loaded.assessment.clone();
        let AnswerSet::Single(mut ans) = s.reference.as_ref().unwrap().answers.clone() else {
            panic!("DGS scenarios have one answer set");
        };
        for (scenario, q, cat, value) in wrong {
            if *scenario != s.assessment.id {
                continue;
            }
            match ans.get_mut(*q) {
                Some(AnswerValue::Matrix(m)) => {
                    m.insert(cat.to_string(), value.to_string());
                }
                _ => {
                    ans.insert(q.to_string(), AnswerValue::Choice(value.to_string()));
                }
            }
        }
        a.answers = AnswerSet::Single(ans);
        store.save(&mut loaded, &a).unwrap();
    }
}

struct Class {
    _root: tempfile::TempDir,
    dir: PathBuf,
}

/// somchai and malee (who plants two mistakes) answer all; a third is named at start; wichai
/// started and touched nothing; pim's folder is empty. A backup of a previous class lies next
/// to them.
fn class() -> Class {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("class1");
    let pack = pack_dir();
    let pack = pack.to_str().unwrap();
    for who in ["somchai", "malee", "wichai"] {
        ok(&xal(&dir.join(who), &["train", "start", pack]));
    }
    ok(&xal(
        &dir.join("lab-03"),
        &["train", "start", pack, "--trainee", "Anan K."],
    ));
    std::fs::create_dir(dir.join("pim")).unwrap();
    answer(&dir.join("somchai"), &[]);
    answer(
        &dir.join("malee"),
        &[
            ("th-income-tax", "impact.proofing", "financial", "low"),
            ("th-income-tax", "impact.auth", "financial", "low"),
            (
                "th-health-record",
                "impact.proofing",
                "sensitive",
                "moderate",
            ),
            (
                "th-health-record",
                "impact.proofing",
                "reputation",
                "moderate",
            ),
        ],
    );
    answer(
        &dir.join("lab-03"),
        &[("th-income-tax", "impact.proofing", "financial", "low")],
    );
    // Last class's somchai, as an older `reset` left it.
    ok(&xal(
        &dir.join("somchai.backup-20260101-090000"),
        &["train", "start", pack],
    ));
    answer(
        &dir.join("somchai.backup-20260101-090000"),
        &[("th-income-tax", "pi.needed", "", "no")],
    );
    Class { _root: root, dir }
}

/// What the shell gives for `class1/*`, plus somchai's folder once more.
fn glob_and_dup(c: &Class) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(&c.dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .collect();
    v.sort();
    v.push(format!("{}/", c.dir.join("somchai").display()));
    v
}

fn collect(c: &Class, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["train".to_string(), "collect".to_string()];
    args.extend(glob_and_dup(c));
    args.extend(["--reference".into(), pack_dir().to_str().unwrap().into()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    xal(&c.dir, &argv)
}

fn scenario<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scenario"] == id)
        .unwrap()
}

fn trainee<'a>(s: &'a Value, name: &str) -> &'a Value {
    s["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trainee"] == name)
        .unwrap_or_else(|| panic!("{name} not in {s}"))
}

#[test]
fn the_grid_names_every_trainee_marks_planted_mistakes_and_skips_the_backup() {
    let c = class();
    let o = collect(&c, &["--format", "json"]);
    let v: Value = serde_json::from_slice(&ok(&o).into_bytes()).unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("backup"), "the skipped backup is noted: {err}");
    assert!(err.contains("given twice"), "{err}");

    let mut names: Vec<&str> = v["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Anan K.", "malee", "pim", "somchai", "wichai"]);
    assert_eq!(v["submitted_nothing"], serde_json::json!(["pim"]));

    let tax = scenario(&v, "th-income-tax");
    // somchai once (the duplicate and the backup are not counted), malee, Anan K.
    assert_eq!(tax["submissions"], 3, "{tax}");
    assert_eq!(tax["untouched"], serde_json::json!(["wichai"]));
    assert_eq!(tax["missing"], serde_json::json!(["pim"]));
    let s = trainee(tax, "somchai");
    assert_eq!(
        s["answers"]["pi.needed"]["given"], "yes",
        "not the backup's"
    );
    assert_eq!(s["matched"], true);
    let m = trainee(tax, "malee");
    assert_eq!(m["answers"]["impact.proofing.financial"]["correct"], false);
    assert_eq!(m["answers"]["impact.proofing.civil"]["correct"], true);
    // Lower financial impact alone keeps IAL2.1 (the other moderates decide).
    assert_eq!(m["levels"]["ial"]["correct"], true);

    // Ranked: financial proofing was missed by two, financial auth by one.
    let missed = tax["most_missed"].as_array().unwrap();
    assert_eq!(missed[0]["question"], "impact.proofing.financial");
    assert_eq!(missed[0]["missed_by"].as_array().unwrap().len(), 2);
    assert!(
        missed[0]["rationale"]
            .as_str()
            .unwrap()
            .contains("divert a refund"),
        "{}",
        missed[0]
    );
    assert_eq!(missed[1]["question"], "impact.auth.financial");
    assert_eq!(missed.len(), 2);

    // A mistake that changes the level is marked on the level too.
    let health = scenario(&v, "th-health-record");
    let m = trainee(health, "malee");
    assert_eq!(m["answers"]["impact.proofing.sensitive"]["correct"], false);
    assert_eq!(m["levels"]["ial"]["given"], "IAL2.1");
    assert_eq!(m["levels"]["ial"]["correct"], false);
    assert_eq!(m["levels"]["aal"]["correct"], true);
    assert_eq!(m["matched"], false);
    assert_eq!(trainee(health, "somchai")["matched"], true);
}

#[test]
fn markdown_and_html_show_the_grid_marks_and_rationale_in_either_language() {
    let c = class();
    let md = ok(&collect(&c, &[]));
    let tax = &md[md.find("## th-income-tax").unwrap()..];
    let tax = &tax[..tax[3..].find("\n## ").map(|i| i + 3).unwrap_or(tax.len())];
    assert!(
        tax.contains("| Question | Reference | Anan K. | malee | pim | somchai | wichai |"),
        "every trainee has a column: {tax}"
    );
    assert!(
        tax.contains("| Status |  | answered | answered | no file | answered | untouched |"),
        "{tax}"
    );
    assert!(
        tax.contains("| impact.proofing.financial | moderate | low ✗ | low ✗ |  | moderate ✓ |  |"),
        "{tax}"
    );
    assert!(
        tax.contains("| IAL | IAL2.1 | IAL2.1 ✓ | IAL2.1 ✓ |  | IAL2.1 ✓ |  |"),
        "{tax}"
    );
    assert!(tax.contains("Untouched (not counted):** wichai"), "{tax}");
    assert!(tax.contains("No file (not counted):** pim"), "{tax}");
    assert!(
        tax.contains("divert a refund"),
        "the rationale beside the miss"
    );
    assert!(md.contains("Submitted nothing:** pim"), "{md}");
    assert!(!md.contains("| somchai.backup"), "{md}");

    let th = ok(&collect(&c, &["--lang", "th"]));
    for w in [
        "ผลการฝึกอบรม",
        "ข้อที่ผิดบ่อยที่สุด",
        "เฉลย",
        "ไม่ได้ส่งคำตอบ",
        "เหตุผล:",
    ] {
        assert!(th.contains(w), "{w} in {th}");
    }
    assert!(!th.contains("Most missed"), "{th}");

    let html = ok(&collect(&c, &["--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("@page { size: A4"),
        "the reports' print style"
    );
    assert!(
        html.contains("<td class=\"miss\">low ✗</td>"),
        "shaded: {html}"
    );
    assert!(html.contains("<th>Anan K.</th>"));

    let csv = ok(&collect(&c, &["--format", "csv"]));
    assert!(csv.contains(",pim,submitted_nothing,"), "{csv}");
    assert!(csv.contains("th-income-tax,wichai,untouched,"), "{csv}");
    assert!(
        csv.contains("th-income-tax,malee,answer,impact.proofing.financial,low,moderate,0,"),
        "{csv}"
    );
    assert!(!csv.contains("somchai.backup"), "{csv}");
}

#[test]
fn a_toml_and_its_json_export_in_one_folder_count_once() {
    let c = class();
    let folder = c.dir.join("handed-in");
    std::fs::create_dir(&folder).unwrap();
    let src = c.dir.join("malee/assessments/th-income-tax.toml");
    std::fs::copy(&src, folder.join("th-income-tax.toml")).unwrap();
    ok(&xal(
        &c.dir.join("malee"),
        &[
            "export",
            "th-income-tax",
            "--format",
            "json",
            "-o",
            folder.join("th-income-tax.json").to_str().unwrap(),
        ],
    ));
    let out = ok(&xal(
        &c.dir,
        &[
            "train",
            "collect",
            folder.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(scenario(&v, "th-income-tax")["submissions"], 1);
}

#[test]
fn after_a_reset_the_next_collect_of_the_class_reads_no_backup() {
    let c = class();
    let somchai = c.dir.join("somchai");
    ok(&xal(
        &somchai,
        &["train", "start", "--reset", pack_dir().to_str().unwrap()],
    ));
    assert!(c.dir.join(".xal-backups").is_dir());
    // Every entry of the folder, the hidden one too, as `class1/* class1/.*` would give.
    let o = collect(&c, &["--format", "json"]);
    let v: Value = serde_json::from_str(&ok(&o)).unwrap();
    let names = v["trainees"].as_array().unwrap();
    assert_eq!(names.len(), 5, "{names:?}");
    let tax = scenario(&v, "th-income-tax");
    let untouched: Vec<&str> = tax["untouched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(
        untouched,
        ["somchai", "wichai"],
        "the new somchai has not answered yet"
    );
    assert_eq!(tax["submissions"], 2);
}

#[test]
fn collect_takes_files_names_their_trainee_and_warns_of_another_ruleset() {
    let c = class();
    let malee = c.dir.join("malee/assessments/th-income-tax.toml");
    // Anan switched the scenario to another ruleset.
    let anan = c.dir.join("lab-03/assessments/th-income-tax.toml");
    let text = std::fs::read_to_string(&anan).unwrap();
    assert!(text.contains("id = \"dgs-1-2-2564\""));
    std::fs::write(
        &anan,
        text.replace("id = \"dgs-1-2-2564\"", "id = \"nist-800-63-3\""),
    )
    .unwrap();
    let o = xal(
        &c.dir,
        &[
            "train",
            "collect",
            malee.to_str().unwrap(),
            anan.to_str().unwrap(),
            "--reference",
            pack_dir().to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&ok(&o)).unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning:") && err.contains("Anan K. used the ruleset `nist-800-63-3`"),
        "{err}"
    );
    assert_eq!(v["trainees"], serde_json::json!(["malee", "Anan K."]));
    let tax = scenario(&v, "th-income-tax");
    assert_eq!(tax["submissions"], 2);
    let a = trainee(tax, "Anan K.");
    assert_eq!(a["other_ruleset"], "nist-800-63-3");
    assert_eq!(
        a["levels"]["ial"]["correct"], false,
        "not the scenario's levels"
    );
    assert_eq!(trainee(tax, "malee")["other_ruleset"], Value::Null);
}

#[test]
fn diff_compares_a_trainee_file_with_the_packs_reference() {
    let c = class();
    let malee = c.dir.join("malee/assessments/th-income-tax.toml");
    let reference = pack_dir().join("reference/th-income-tax.toml");
    let o = xal(
        &c.dir,
        &["diff", malee.to_str().unwrap(), reference.to_str().unwrap()],
    );
    // They differ, so diff says so as diff(1) does.
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains("impact.proofing.financial: A low | B moderate"),
        "{out}"
    );
    assert!(
        !out.contains("impact.proofing.civil:"),
        "only what differs: {out}"
    );
    assert!(
        out.contains("ยื่นแบบภาษีเงินได้"),
        "the scenario's service: {out}"
    );
}

#[test]
fn handout_writes_one_debrief_page_per_trainee_with_misses_and_reasons() {
    let c = class();
    let out = c.dir.parent().unwrap().join("debrief");
    let o = collect(&c, &["--handout", out.to_str().unwrap()]);
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("wrote 5 debrief pages into"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Anan-K.debrief.html",
            "Anan-K.debrief.md",
            "malee.debrief.html",
            "malee.debrief.md",
            "pim.debrief.html",
            "pim.debrief.md",
            "somchai.debrief.html",
            "somchai.debrief.md",
            "wichai.debrief.html",
            "wichai.debrief.md",
        ]
    );
    let malee = std::fs::read_to_string(out.join("malee.debrief.md")).unwrap();
    assert!(malee.starts_with("# Debrief — malee"), "{malee}");
    let tax = &malee[malee.find("## th-income-tax").unwrap()..];
    let tax = &tax[..tax[3..].find("\n## ").map(|i| i + 3).unwrap()];
    assert!(
        tax.contains("Personal income-tax e-filing"),
        "the brief: {tax}"
    );
    assert!(
        tax.contains("| Question | Your answer | Reference |"),
        "{tax}"
    );
    let miss = tax
        .lines()
        .find(|l| l.starts_with("| impact.proofing.financial |"))
        .unwrap();
    assert!(miss.contains("| low | moderate | ✗ |"), "{miss}");
    assert!(
        miss.contains("divert a refund"),
        "the reason beside the miss: {miss}"
    );
    let right = tax
        .lines()
        .find(|l| l.starts_with("| impact.proofing.civil |"))
        .unwrap();
    assert!(right.contains("| ✓ |"), "{right}");
    assert!(tax.contains("IAL2.1 ✓ (reference IAL2.1)"), "{tax}");
    // Her level is wrong where her mistakes decide it.
    let health = &malee[malee.find("## th-health-record").unwrap()..];
    assert!(health.contains("IAL2.1 ✗ (reference IAL3)"), "{health}");
    // One page for each, never another trainee's answers.
    let somchai = std::fs::read_to_string(out.join("somchai.debrief.md")).unwrap();
    assert!(
        !somchai.contains("✗"),
        "somchai matched the reference: {somchai}"
    );
    let pim = std::fs::read_to_string(out.join("pim.debrief.md")).unwrap();
    assert!(pim.contains("No answers were handed in."), "{pim}");
    let wichai = std::fs::read_to_string(out.join("wichai.debrief.md")).unwrap();
    assert!(wichai.contains("Left as handed out"), "{wichai}");
    let html = std::fs::read_to_string(out.join("Anan-K.debrief.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("@page { size: A4"));
    assert!(
        html.contains("Debrief — Anan K."),
        "named as given at start"
    );

    let th_dir = c.dir.parent().unwrap().join("debrief-th");
    ok(&collect(
        &c,
        &["--lang", "th", "--handout", th_dir.to_str().unwrap()],
    ));
    let th = std::fs::read_to_string(th_dir.join("malee.debrief.md")).unwrap();
    for w in [
        "สรุปผลรายบุคคล",
        "คำตอบของคุณ",
        "เฉลย",
        "เหตุผล",
        "ยื่นแบบแสดงรายการภาษี",
    ] {
        assert!(th.contains(w), "{w} in {th}");
    }
    assert!(!th.contains("Your answer"), "{th}");
}

#[test]
fn collects_notes_follow_the_language() {
    let c = class();
    let o = collect(&c, &["--lang", "th", "--format", "json"]);
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ข้อมูลสำรองของ `xal reset` ไม่ใช่ผู้เข้าอบรม (ข้าม)"),
        "{err}"
    );
    assert!(err.contains("ระบุซ้ำ (นับครั้งเดียว)"), "{err}");
    assert!(!err.contains("given twice"), "{err}");
    // JSON keeps stable English words for programs.
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().unwrap().contains("given twice")),
        "{}",
        v["notes"]
    );
    let empty = c.dir.join("pim");
    let o = xal(
        &c.dir,
        &["--lang", "th", "train", "collect", empty.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("ไม่พบการประเมินของผู้เข้าอบรม"), "{err}");
}
