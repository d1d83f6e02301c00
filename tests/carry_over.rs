//! Files saved under an earlier version of a ruleset, opened under one that moved their
//! questions (`[[carry]]`, docs/ruleset-format.md "Carrying answers from an earlier version"):
//! they evaluate with the old answers carried into the new questions, stay incomplete until
//! the assessor confirms, and keep every byte of what was written until the assessor changes
//! or confirms something — and the old answers even then.
//!
//! The ruleset is a fixture of its own (`tests/data/carry-ruleset.toml`, loaded from the
//! config dir), so these tests do not depend on the built-in rulesets.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::Value;
use support::cli::xal_command;
use support::{Pty, Sandbox};

const RULESET: &str = include_str!("data/carry-ruleset.toml");
const SAVED: &str = include_str!("data/carry-saved.toml");
const ID: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9CA";

/// The lines of the saved file that hold the 1.x answers, as written.
const OLD_LINES: [&str; 3] = [
    r#""impact.proofing" = { money = "moderate", safety = "low" }   # rated in 2025"#,
    r#""impact.federation" = { money = "high", safety = "none" }"#,
    r#""federation.old-key" = "yes""#,
];

/// A sandbox whose config dir has the fixture ruleset and whose data dir has the saved file.
fn sandbox() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let rulesets = sb.config_dir().join("rulesets");
    std::fs::create_dir_all(&rulesets).unwrap();
    std::fs::write(rulesets.join("carry-ruleset.toml"), RULESET).unwrap();
    std::fs::create_dir_all(sb.assessments_dir()).unwrap();
    let file = sb.assessments_dir().join(format!("{ID}.toml"));
    std::fs::write(&file, SAVED).unwrap();
    (sb, file)
}

fn run(sb: &Sandbox, args: &[&str]) -> Output {
    let out = xal_command()
        .env("XAL_CONFIG_DIR", sb.config_dir())
        .arg("--data-dir")
        .arg(sb.data_dir())
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "xal {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_saved_file_evaluates_with_the_old_answers_carried_and_waits_for_confirmation() {
    let (sb, file) = sandbox();
    let v = json(&run(&sb, &["eval", path(&file), "--format", "json"]));
    assert_eq!(v["ruleset"]["version"], "2.0.0");
    assert_eq!(v["complete"], false);
    let g = &v["groups"][0];
    // The levels come from the highest old ratings: money high (federation) → IAL3; the old
    // key answer is read as `federation.key` → FAL3.
    assert_eq!(g["levels"]["ial"], "IAL3", "{g:#}");
    assert_eq!(g["levels"]["fal"], "FAL3", "{g:#}");
    assert_eq!(g["missing"], serde_json::json!(["impact"]));
    let ignored: Vec<(String, String)> = g["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                i["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        ignored,
        [
            (
                "impact.proofing".into(),
                "read into `impact` (carried over)".into()
            ),
            (
                "impact.federation".into(),
                "read into `impact` (carried over)".into()
            ),
            (
                "federation.old-key".into(),
                "read into `federation.key` (carried over)".into()
            ),
        ]
    );
    let carried = g["carried"].as_array().unwrap();
    assert_eq!(carried.len(), 2, "{g:#}");
    assert_eq!(carried[0]["question"], "impact");
    assert_eq!(
        carried[0]["from"],
        serde_json::json!(["impact.proofing", "impact.federation"])
    );
    assert_eq!(carried[0]["confirm"], true);
    assert_eq!(carried[0]["confirmed"], false);
    assert_eq!(carried[0]["origin"], "carried over from 1.x");
    assert_eq!(carried[1]["question"], "federation.key");
    assert_eq!(carried[1]["confirm"], false);

    // In words, the same.
    let text = stdout(&run(&sb, &["eval", path(&file)]));
    assert!(text.contains("IAL   IAL3"), "{text}");
    assert!(text.contains("Incomplete (1): impact"), "{text}");
    assert!(
        text.contains(
            "Carried over: impact: carried over from 1.x (impact.proofing, impact.federation) — not yet confirmed"
        ),
        "{text}"
    );
    assert!(
        text.contains("Ignored: impact.proofing (read into `impact` (carried over))"),
        "{text}"
    );
    assert!(
        text.contains("impact.money = high (carried over)"),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SAVED);
}

#[test]
fn reading_listing_and_exporting_never_change_a_byte() {
    let (sb, file) = sandbox();
    let list = json(&run(&sb, &["list", "--format", "json"]));
    assert_eq!(list[0]["levels"]["ial"], "IAL3", "{list:#}");
    assert_eq!(list[0]["complete"], false, "{list:#}");
    run(&sb, &["list"]);
    let shown = stdout(&run(&sb, &["show", ID]));
    assert!(shown.contains("carried over"), "{shown}");
    run(&sb, &["show", ID, "--format", "json"]);

    let md = stdout(&run(&sb, &["export", ID, "--format", "md"]));
    assert!(md.contains("carried over — not yet confirmed"), "{md}");
    assert!(
        md.contains(
            "impact: carried over from 1.x (impact.proofing, impact.federation) — not yet confirmed"
        ),
        "{md}"
    );
    let html = stdout(&run(&sb, &["export", ID, "--format", "html"]));
    assert!(html.contains("carried over — not yet confirmed"), "{html}");
    let th = stdout(&run(&sb, &["export", ID, "--format", "md", "--lang", "th"]));
    assert!(th.contains("ยกมาจากรุ่น 1.x"), "{th}");
    let v = json(&run(&sb, &["export", ID, "--format", "json"]));
    assert_eq!(v["groups"][0]["carried"][0]["question"], "impact");
    assert_eq!(v["groups"][0]["carried"][0]["confirmed"], false);
    assert_eq!(v["status"], "draft");
    // The answers exported are the file's: the old keys, no `impact`.
    let answers = v["answers"].to_string();
    assert!(
        answers.contains("impact.proofing") && !answers.contains("\"impact\""),
        "{answers}"
    );
    run(&sb, &["export", "--all", "--format", "csv"]);
    run(&sb, &["diff", ID, ID]);

    assert_eq!(std::fs::read_to_string(&file).unwrap(), SAVED);
}

#[test]
fn confirming_in_the_interface_writes_the_answer_and_keeps_the_old_ones() {
    let (sb, file) = sandbox();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 140, 40);
    pty.wait_text("Old permit portal");
    pty.send_str("\r");
    // Prefilled with the carried values, marked, with the key that confirms.
    pty.wait_for("the carried line", |s| {
        let t = s.contents();
        t.contains("carried over from 1.x — check and confirm") && t.contains("(Enter)")
    });
    let screen = pty.screen_text();
    assert!(
        screen.contains("impact: carried over — confirm"),
        "{screen}"
    );
    assert!(
        screen.contains("▸ High"),
        "money shows the highest old rating:\n{screen}"
    );
    // Opening wrote nothing.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SAVED);

    // Enter on the carried value confirms it: the whole matrix becomes the answer.
    pty.send_str("\r");
    pty.wait_for("the answer saved", |_| {
        std::fs::read_to_string(&file)
            .unwrap()
            .contains(r#"impact = { money = "high", safety = "low" }"#)
    });
    pty.wait_for("complete", |s| {
        let t = s.contents();
        !t.contains("check and confirm") && t.contains("✓ complete")
    });
    let after = std::fs::read_to_string(&file).unwrap();
    for line in OLD_LINES {
        assert!(after.contains(line), "{line} kept as written:\n{after}");
    }
    assert!(after.contains(r#""users/impact.proofing" = "Fees are paid online.""#));

    // Undo takes the answer back out; the carried value shows again.
    pty.wait_text("Every question is answered");
    pty.send_str("q");
    pty.wait_for("the summary closed", |s| {
        !s.contents().contains("Every question is answered")
    });
    pty.send_str("u");
    pty.wait_for("the answer undone", |_| {
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains(r#"impact = { money"#)
    });
    pty.wait_text("check and confirm");
    let undone = std::fs::read_to_string(&file).unwrap();
    for line in OLD_LINES {
        assert!(undone.contains(line), "{line} kept as written:\n{undone}");
    }
    pty.send_str("q");
    let (status, _) = pty.wait_exit(Duration::from_secs(30));
    assert!(status.success(), "{status:?}");
}

// ----- the built-in nist-800-63-4: files saved under 1.x, read by 2.0.0 -------------------------

const NIST4_1X: &str = include_str!("data/carry-nist4-1x.toml");
const NIST4_1X_ID: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9CB";

/// Levels by target of one group of an evaluation's JSON.
fn group_levels(v: &Value, group: &str) -> (Value, Value) {
    let g = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == group)
        .unwrap_or_else(|| panic!("no group {group}: {v:#}"))
        .clone();
    (g["levels"].clone(), g)
}

#[test]
fn a_nist_800_63_4_file_saved_under_1x_opens_under_2_0_0_with_nothing_lost() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.assessments_dir()).unwrap();
    let file = sb.assessments_dir().join(format!("{NIST4_1X_ID}.toml"));
    std::fs::write(&file, NIST4_1X).unwrap();

    let v = json(&run(&sb, &["eval", path(&file), "--format", "json"]));
    assert_eq!(v["ruleset"]["id"], "nist-800-63-4");
    assert_eq!(v["ruleset"]["version"], "2.0.0");
    assert_eq!(v["complete"], false, "incomplete until confirmed");
    // Citizens: every old rating moderate → IAL2, AAL2.
    let (levels, g) = group_levels(&v, "citizens");
    assert_eq!(
        (levels["ial"].as_str(), levels["aal"].as_str()),
        (Some("IAL2"), Some("AAL2"))
    );
    assert_eq!(g["missing"], serde_json::json!(["impact"]));
    assert_eq!(g["carried"][0]["question"], "impact");
    assert_eq!(
        g["carried"][0]["from"],
        serde_json::json!(["impact.proofing", "impact.auth"])
    );
    assert_eq!(g["carried"][0]["origin"], "carried over from 1.x");
    // Agents: high in proofing and authentication → IAL3, AAL3; the overall impact is now
    // high, so the further assessment of a compromised IdP is asked (1.x did not ask it for a
    // moderate federation impact); the group keeps its tailored FAL3.
    let (levels, g) = group_levels(&v, "agents");
    assert_eq!(
        (levels["ial"].as_str(), levels["aal"].as_str()),
        (Some("IAL3"), Some("AAL3"))
    );
    assert_eq!(levels["fal"], "FAL3");
    assert_eq!(
        g["missing"],
        serde_json::json!(["impact", "federation.idp_compromise"])
    );
    // Partners: `federation.idp-risk = yes` is read as `federation.idp_compromise` → FAL3,
    // without asking for confirmation.
    let (levels, g) = group_levels(&v, "partners");
    assert_eq!(levels["fal"], "FAL3", "{g:#}");
    assert_eq!(levels["aal"], "AAL3", "{g:#}");
    let carried = g["carried"].as_array().unwrap();
    assert!(
        carried
            .iter()
            .any(|c| c["question"] == "federation.idp_compromise"
                && c["from"] == serde_json::json!(["federation.idp-risk"])
                && c["confirm"] == false)
    );
    assert!(
        g["ignored"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == "federation.idp-risk"
                && i["reason"] == "read into `federation.idp_compromise` (carried over)"),
        "{g:#}"
    );
    assert_eq!(g["missing"], serde_json::json!(["impact"]));

    // Reports say so.
    let md = stdout(&run(&sb, &["export", NIST4_1X_ID, "--format", "md"]));
    assert!(md.contains("carried over from 1.x"), "{md}");
    assert!(md.contains("carried over — not yet confirmed"), "{md}");
    let ex = json(&run(&sb, &["export", NIST4_1X_ID, "--format", "json"]));
    assert_eq!(ex["status"], "draft");
    assert_eq!(ex["groups"][0]["carried"][0]["confirmed"], false);
    assert!(ex.to_string().contains("carried over from 1.x"));

    // What moved, side by side.
    let diff = stdout(&run(
        &sb,
        &["diff", NIST4_1X_ID, "--ruleset", "nist-800-63-4"],
    ));
    assert!(
        diff.contains("Old answers carried over into the questions of nist-800-63-4"),
        "{diff}"
    );
    assert!(
        diff.contains(
            "agents/impact: carried over from 1.x (impact.proofing, impact.auth, impact.federation) — not yet confirmed"
        ),
        "{diff}"
    );
    assert!(
        diff.contains(
            "partners/federation.idp_compromise: carried over from 1.x (federation.idp-risk)"
        ),
        "{diff}"
    );
    assert!(!diff.contains("no counterpart"), "{diff}");
    let dj = json(&run(
        &sb,
        &[
            "diff",
            path(&file),
            "--ruleset",
            "nist-800-63-4",
            "--format",
            "json",
        ],
    ));
    assert_eq!(dj["carried"].as_array().map(Vec::len), Some(4), "{dj:#}");

    run(&sb, &["show", NIST4_1X_ID]);
    run(&sb, &["list"]);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        NIST4_1X,
        "not a byte changed"
    );
}
