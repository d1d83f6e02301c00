//! The trainer's workflow end to end: start a pack for trainees, let generated trainees
//! answer, collect; and `reset` and `import`, which must never lose a file.

use crate::support;

use std::path::{Path, PathBuf};

use support::cli::{ok, xal};
use xal::answers::{AnswerSet, AnswerValue};
use xal::store::Store;
use xal::train::pack;

fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics")
}

/// A trainee who answers every scenario: like the reference, or with every impact one step
/// lower ("optimistic"), or not at all.
fn answer(dir: &Path, style: &str) {
    let p = pack::load(&pack_dir()).unwrap();
    let store = Store::open(dir);
    for s in &p.scenarios {
        let mut loaded = store.load(&s.assessment.id).unwrap();
        let mut a = loaded.assessment.clone();
        let AnswerSet::Single(mut ans) = s.reference.as_ref().unwrap().answers.clone() else {
            panic!("DGS scenarios have one answer set");
        };
        match style {
            "reference" => {}
            "optimistic" => {
                for v in ans.values_mut() {
                    if let AnswerValue::Matrix(m) = v {
                        for l in m.values_mut() {
                            *l = match l.as_str() {
                                "high" => "moderate",
                                "moderate" => "low",
                                _ => "none",
                            }
                            .to_string();
                        }
                    }
                }
            }
            _ => ans.clear(),
        }
        a.answers = AnswerSet::Single(ans);
        store.save(&mut loaded, &a).unwrap();
    }
}

#[test]
fn start_copies_every_scenario_without_reference_and_records_hide_result() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("trainee");
    let out = ok(&xal(
        &dir,
        &[
            "train",
            "start",
            pack_dir().to_str().unwrap(),
            "--hide-result",
        ],
    ));
    assert!(out.contains("8 scenarios"), "{out}");
    let files: Vec<_> = std::fs::read_dir(dir.join("assessments"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 8);
    assert!(!dir.join("reference").exists());
    for f in files {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        assert!(!text.contains("impact.proofing"), "no answers handed out");
    }
    assert!(xal::train::hide_result(&dir));

    let plain = root.path().join("plain");
    ok(&xal(
        &plain,
        &["train", "start", pack_dir().to_str().unwrap()],
    ));
    assert!(!xal::train::hide_result(&plain));
    assert!(
        !xal::train::hide_result(root.path()),
        "no train.toml: false"
    );

    // A second start into the same dir refuses and changes nothing.
    let before = std::fs::read_dir(dir.join("assessments")).unwrap().count();
    let o = xal(&dir, &["train", "start", pack_dir().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_dir(dir.join("assessments")).unwrap().count(),
        before
    );
}

#[test]
fn collect_grades_data_dirs_and_json_exports_and_leaves_blank_answers_uncounted() {
    let root = tempfile::tempdir().unwrap();
    let styles = ["reference", "reference", "optimistic", "blank"];
    let mut dirs = Vec::new();
    for (i, style) in styles.iter().enumerate() {
        let d = root.path().join(format!("trainee{i}"));
        ok(&xal(&d, &["train", "start", pack_dir().to_str().unwrap()]));
        answer(&d, style);
        dirs.push(d);
    }
    // One trainee hands in JSON exports instead of a data dir.
    let exports = root.path().join("exports-of-trainee0");
    std::fs::create_dir(&exports).unwrap();
    for id in ["th-income-tax", "th-land-records"] {
        let out = exports.join(format!("{id}.json"));
        ok(&xal(
            &dirs[0],
            &[
                "export",
                id,
                "--format",
                "json",
                "-o",
                out.to_str().unwrap(),
            ],
        ));
    }
    let mut args: Vec<String> = vec!["train".into(), "collect".into()];
    args.extend(dirs.iter().map(|d| d.to_str().unwrap().to_string()));
    args.push(exports.to_str().unwrap().into());
    args.extend([
        "--reference".into(),
        pack_dir().to_str().unwrap().into(),
        "--format".into(),
        "json".into(),
    ]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let v: serde_json::Value = serde_json::from_str(&ok(&xal(root.path(), &argv))).unwrap();
    let all = v["scenarios"].as_array().unwrap();
    assert_eq!(all.len(), 8);
    let tax = all
        .iter()
        .find(|t| t["scenario"] == "th-income-tax")
        .unwrap();
    // The blank trainee left it untouched: shown, not counted.
    assert_eq!(tax["submissions"], 4);
    assert_eq!(tax["untouched"], serde_json::json!(["trainee3"]));
    assert_eq!(tax["complete"], 4);
    // With every moderate lowered to low, programmes/sensitive/civil at low still require
    // IAL2.1 and AAL2: the optimistic trainee matches the levels, not the answers.
    assert_eq!(tax["matched"], 4);
    assert_eq!(tax["reference"]["levels"]["ial"], "IAL2.1");
    let t2 = tax["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trainee"] == "trainee2")
        .unwrap();
    assert_eq!(t2["answers"]["impact.proofing.financial"]["given"], "low");
    assert_eq!(t2["answers"]["impact.proofing.financial"]["correct"], false);
    assert_eq!(t2["answers"]["pi.needed"]["correct"], true);
    assert_eq!(t2["levels"]["ial"]["correct"], true);
    let land = all
        .iter()
        .find(|t| t["scenario"] == "th-land-records")
        .unwrap();
    assert_eq!(
        land["matched"], 3,
        "optimistic lowers high to moderate: IAL2.1, not IAL3"
    );
    let info = all
        .iter()
        .find(|t| t["scenario"] == "th-info-portal")
        .unwrap();
    // With no impact to lower, the optimistic trainee still matches; the export folder
    // handed in only two scenarios, so it has no file for this one.
    assert_eq!(info["matched"], 3);
    assert_eq!(info["missing"], serde_json::json!(["exports-of-trainee0"]));

    let csv = ok(&xal(
        root.path(),
        &[
            "train",
            "collect",
            dirs[0].to_str().unwrap(),
            "--format",
            "csv",
        ],
    ));
    // A byte-order mark first, as `export --format csv` writes.
    assert!(
        csv.starts_with("\u{feff}scenario,trainee,kind,key,given,reference,correct,rationale\r\n")
    );
    assert!(
        csv.contains("th-income-tax,trainee0,answer,pi.needed,yes,,,\r\n"),
        "without a reference nothing is graded: {csv}"
    );
}

#[test]
fn collect_with_nothing_to_read_is_an_error() {
    let root = tempfile::tempdir().unwrap();
    let o = xal(
        root.path(),
        &["train", "collect", root.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
}

fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn reset_moves_the_data_dir_aside_and_loses_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    ok(&xal(
        &dir,
        &["train", "start", pack_dir().to_str().unwrap()],
    ));
    answer(&dir, "reference");
    let before = tree(&dir);

    // Not a terminal and no --yes: refused, nothing moved.
    let o = xal(&dir, &["reset"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(tree(&dir), before);

    let o = xal(&dir, &["reset", "--yes"]);
    let out = ok(&o);
    let root_b = root.path().join(".xal-backups");
    // The backup is last class's work on the lab machine: said, with where and how to purge.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: the backup")
            && err.contains(".xal-backups")
            && err.contains("revealed results")
            && err.contains("xal reset --purge"),
        "{err}"
    );
    let backups: Vec<PathBuf> = std::fs::read_dir(&root_b)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1, "{out}");
    let name = backups[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(name.len(), "data-YYYYmmdd-HHMMSS".len(), "{name}");
    assert!(name.starts_with("data-"), "{name}");
    assert_eq!(
        tree(&backups[0]),
        before,
        "the backup holds every file unchanged"
    );
    assert!(dir.is_dir());
    assert!(tree(&dir).is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&root_b).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "backups readable by the user only");
    }

    // An empty data dir needs no backup.
    let out = ok(&xal(&dir, &["reset", "--yes"]));
    assert!(out.contains("nothing to back up"), "{out}");
    assert_eq!(std::fs::read_dir(&root_b).unwrap().count(), 1);

    // `train start --reset` hands the pack out again in one step: into the empty dir (no
    // backup), then over the answered one (its backup, a new name in the same second).
    for _ in 0..2 {
        ok(&xal(
            &dir,
            &["train", "start", "--reset", pack_dir().to_str().unwrap()],
        ));
        assert_eq!(
            std::fs::read_dir(dir.join("assessments")).unwrap().count(),
            8
        );
        answer(&dir, "reference");
    }
    assert_eq!(
        std::fs::read_dir(&root_b).unwrap().count(),
        2,
        "two backups"
    );
    // The only entries beside the data dir: it and the backup folder.
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 2);

    // Purge: refused without a terminal or --yes, in either language; then done.
    let o = xal(&dir, &["reset", "--purge"]);
    assert_eq!(o.status.code(), Some(2));
    let o = xal(&dir, &["--lang", "th", "reset", "--purge"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("ยืนยันด้วย --purge --yes"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read_dir(&root_b).unwrap().count(), 2);
    let out = ok(&xal(&dir, &["reset", "--purge", "--yes"]));
    assert!(out.contains("deleted 2 backups"), "{out}");
    assert_eq!(std::fs::read_dir(&root_b).unwrap().count(), 0);
    assert_eq!(
        std::fs::read_dir(dir.join("assessments")).unwrap().count(),
        8,
        "purge leaves the data dir alone"
    );
}

const VALID: &str = r#"schema = 1
id = "IMPORTME"

[service]
name = "บริการทดสอบ"

[ruleset]
id = "dgs-1-2-2564"

[answers]
"pi.needed" = "no"

[meta]
created = 2026-01-01T00:00:00+07:00
updated = 2026-01-01T00:00:00+07:00
"#;

#[test]
fn import_gives_a_fresh_id_on_clash_and_refuses_invalid_files_whole() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let a = root.path().join("a.toml");
    std::fs::write(&a, VALID).unwrap();
    let out = ok(&xal(&dir, &["import", a.to_str().unwrap()]));
    assert!(out.contains("imported as IMPORTME"), "{out}");
    let first = std::fs::read(dir.join("assessments/IMPORTME.toml")).unwrap();

    // The same file again: already there, nothing written (no silent duplicate).
    let before = tree(&dir);
    let out = ok(&xal(&dir, &["import", a.to_str().unwrap()]));
    assert!(
        out.contains("already there as IMPORTME (the same assessment); nothing imported"),
        "{out}"
    );
    assert_eq!(tree(&dir), before, "nothing written");

    // Another assessment under the same id: a fresh id, and the first copy is untouched.
    let other = root.path().join("other.toml");
    std::fs::write(&other, VALID.replacen("\"no\"", "\"yes\"", 1)).unwrap();
    assert_ne!(std::fs::read(&other).unwrap(), VALID.as_bytes());
    let out = ok(&xal(&dir, &["import", other.to_str().unwrap()]));
    assert!(out.contains("(id IMPORTME was taken)"), "{out}");
    assert_eq!(
        std::fs::read(dir.join("assessments/IMPORTME.toml")).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read_dir(dir.join("assessments")).unwrap().count(),
        2
    );

    // A batch with an invalid file imports nothing and names the bad file.
    let before = tree(&dir);
    let bad = root.path().join("bad.toml");
    std::fs::write(&bad, "schema = 1\nid = \"X\"\n[service]\n").unwrap();
    let unknown = root.path().join("unknown.toml");
    std::fs::write(&unknown, VALID.replace("dgs-1-2-2564", "no-such-ruleset")).unwrap();
    let o = xal(
        &dir,
        &[
            "import",
            a.to_str().unwrap(),
            bad.to_str().unwrap(),
            unknown.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.toml"), "{err}");
    assert!(err.contains("no-such-ruleset"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
    assert_eq!(tree(&dir), before, "nothing written");
}

#[test]
fn start_with_handout_writes_the_briefs_in_thai_and_english_without_the_reference() {
    let root = tempfile::tempdir().unwrap();
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics");
    let out = root.path().join("handout");
    let o = xal(
        &root.path().join("somchai"),
        &[
            "train",
            "start",
            pack.to_str().unwrap(),
            "--handout",
            out.to_str().unwrap(),
        ],
    );
    ok(&o);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("wrote the class handout (4 files)"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        root.path()
            .join("somchai/assessments/th-income-tax.toml")
            .is_file(),
        "the data dir is started as well"
    );
    let en = std::fs::read_to_string(out.join("briefs.en.md")).unwrap();
    let th = std::fs::read_to_string(out.join("briefs.th.md")).unwrap();
    assert!(
        en.starts_with("# Thai government services: the basics"),
        "{en}"
    );
    assert!(th.starts_with("# พื้นฐานการประเมินบริการภาครัฐไทย"), "{th}");
    let p = xal::train::pack::load(&pack).unwrap();
    for s in &p.scenarios {
        let a = &s.assessment;
        for doc in [&en, &th] {
            assert!(doc.contains(&a.service.name), "{} in the handout", a.id);
            assert!(doc.contains(&a.id), "{}", a.id);
        }
        // Nothing of the reference: no level it expects, no rationale.
        let r = s.reference.as_ref().unwrap();
        for why in r.rationale.values() {
            let head: String = why.chars().take(30).collect();
            assert!(!en.contains(&head) && !th.contains(&head), "{head}");
        }
    }
    for doc in [&en, &th] {
        for level in ["IAL2.1", "IAL3", "AAL2", "AAL3"] {
            assert!(!doc.contains(level), "{level} would give the answer away");
        }
    }
    // Thai first in the Thai handout, English first in the English one.
    let tax_th = &th[th.find("ยื่นแบบภาษีเงินได้").unwrap()..];
    assert!(tax_th.find("ยื่นแบบแสดงรายการ").unwrap() < tax_th.find("Personal income-tax").unwrap());
    let tax_en = &en[en.find("ยื่นแบบภาษีเงินได้").unwrap()..];
    assert!(tax_en.find("Personal income-tax").unwrap() < tax_en.find("ยื่นแบบแสดงรายการ").unwrap());
    let html = std::fs::read_to_string(out.join("briefs.th.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("@page { size: A4"));
}
