//! `xal diff`: two assessments side by side, and one re-evaluated under another ruleset.

use crate::support;

use std::path::Path;

use serde_json::Value;
use support::cli::{DGS, NIST4, report_fixture, strings, strings_of, xal};

/// `xal diff ARGS --format json`, which must succeed: exit 1 when a level or an answer
/// differs, 0 when nothing does (as diff(1)).
fn diff_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let o = xal(dir, &all);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    let differ = v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["changed"] == true)
        || !v["answers"].as_array().unwrap().is_empty();
    assert_eq!(o.status.code(), Some(i32::from(differ)), "{v}");
    v
}

/// `xal diff ARGS` as text.
fn diff_text(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    String::from_utf8(xal(dir, &all).stdout).unwrap()
}

/// The entry of the JSON `levels` for one target.
fn level<'a>(v: &'a Value, target: &str) -> &'a Value {
    v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["target"] == target)
        .unwrap()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn two_assessments_show_the_answers_that_differ_and_both_levels() {
    let dir = tempfile::tempdir().unwrap();
    let a = report_fixture(DGS);
    let text = std::fs::read_to_string(&a).unwrap().replace(
        "reputation = \"moderate\", financial = \"moderate\", programs = \"low\", sensitive = \"moderate\", safety = \"none\", civil = \"low\" }",
        "reputation = \"low\", financial = \"low\", programs = \"none\", sensitive = \"none\", safety = \"none\", civil = \"none\" }",
    );
    let b = dir.path().join("b.toml");
    std::fs::write(&b, text).unwrap();
    let v = diff_json(dir.path(), &[arg(&a), arg(&b)]);
    assert_eq!(v["rulesets_differ"], false);
    let answers = strings_of(&v["answers"], "answer");
    assert!(
        answers.contains(&"impact.proofing.financial"),
        "{answers:?}"
    );
    assert!(!answers.contains(&"impact.auth.financial"));
    let ial = level(&v, "ial");
    assert_eq!(ial["a"], "dgs-1-2-2564:IAL2.1");
    assert_eq!(ial["b"], "dgs-1-2-2564:IAL1.1");
    assert_eq!(ial["changed"], true);
    assert_eq!(level(&v, "aal")["changed"], false);
    let text = diff_text(dir.path(), &[arg(&a), arg(&b)]);
    assert!(
        text.contains("impact.proofing.financial: A moderate | B low"),
        "{text}"
    );
    assert!(text.contains("Reasons A"));
}

#[test]
fn ial1_of_800_63_3_and_800_63_4_are_never_shown_as_equal() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    std::fs::write(
        &a,
        r#"schema = 1
id = "A1"
[service]
name = "ข้อมูลข่าวสาร"
[ruleset]
id = "nist-800-63-3"
[answers]
"pi.needed" = "yes"
"pi.validated" = "yes"
"impact.proofing" = { reputation = "low", financial = "low", programs = "none", sensitive = "none", safety = "none", civil = "none" }
"impact.auth" = { reputation = "low", financial = "none", programs = "none", sensitive = "none", safety = "none", civil = "none" }
"pi.accessible" = "no"
[meta]
created = 2026-01-01T00:00:00+07:00
updated = 2026-01-01T00:00:00+07:00
"#,
    )
    .unwrap();
    let b = dir.path().join("b.toml");
    std::fs::write(
        &b,
        r#"schema = 1
id = "B1"
[service]
name = "ข้อมูลข่าวสาร"
[ruleset]
id = "nist-800-63-4"
[[groups]]
id = "public"
name = "ประชาชน"
[groups.answers]
"proofing.needed" = "yes"
"auth.needed" = "yes"
"federation.used" = "no"
"impact" = { mission = "low", trust = "low", information = "none", financial = "low", safety = "none" }
"pi.accessible" = "no"
[meta]
created = 2026-01-01T00:00:00+07:00
updated = 2026-01-01T00:00:00+07:00
"#,
    )
    .unwrap();
    let v = diff_json(dir.path(), &[arg(&a), arg(&b)]);
    assert_eq!(v["rulesets_differ"], true);
    assert!(v["note"].as_str().unwrap().contains("800-63-4"));
    let ial = level(&v, "ial");
    assert_eq!(ial["a"], "nist-800-63-3:IAL1");
    assert_eq!(ial["b"], "nist-800-63-4:IAL1");
    assert_eq!(
        ial["changed"], true,
        "IAL1 of the two rulesets must not count as equal"
    );
    let text = diff_text(dir.path(), &[arg(&a), arg(&b), "--lang", "en"]);
    assert!(text.contains("The rulesets differ"), "{text}");
    assert!(!text.contains("(same)"), "{text}");
}

#[test]
fn reevaluation_shows_level_changes_and_answers_without_counterpart() {
    let dir = tempfile::tempdir().unwrap();
    let a = report_fixture(DGS);
    let v = diff_json(dir.path(), &[arg(&a), "--ruleset", "nist-800-63-3"]);
    let ial = level(&v, "ial");
    assert_eq!(ial["a"], "dgs-1-2-2564:IAL2.1");
    assert_eq!(ial["b"], "nist-800-63-3:IAL2");
    let none = strings(&v["no_counterpart"]);
    assert!(
        none.iter().any(|x| x.starts_with("service.group")),
        "{none:?}"
    );
    assert!(none.iter().any(|x| x.starts_with("auth.needed")));
    assert!(!none.iter().any(|x| x.starts_with("impact.proofing")));

    // Into the per-group ruleset: the answers become one group, and most have no counterpart.
    let v = diff_json(dir.path(), &[arg(&a), "--ruleset", "nist-800-63-4"]);
    assert!(
        strings(&v["no_counterpart"])
            .iter()
            .any(|x| x.starts_with("pi.needed"))
    );
    assert!(
        v["unanswered"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "proofing.needed")
    );
    assert_eq!(v["b"]["groups"][0]["group"], "all");

    // And back: each group of an 800-63-4 assessment under the DGS ruleset.
    let nist4 = report_fixture(NIST4);
    let v = diff_json(dir.path(), &[arg(&nist4), "--ruleset", "dgs-1-2-2564"]);
    assert_eq!(v["b"]["groups"].as_array().unwrap().len(), 2);
}

#[test]
fn diff_needs_two_assessments_or_a_ruleset() {
    let dir = tempfile::tempdir().unwrap();
    let a = report_fixture(DGS);
    let o = xal(dir.path(), &["diff", arg(&a)]);
    assert_eq!(o.status.code(), Some(2));
    let o = xal(dir.path(), &["diff", arg(&a), "--ruleset", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_statement_is_compared_field_by_field() {
    use xal::answers::{AnswerSet, Control, Group, Tailoring};
    let mut t = Tailoring {
        rationale: "kiosk only".into(),
        redress: "desk 3".into(),
        ..Tailoring::default()
    };
    t.levels.insert("ial".into(), "IAL3".into());
    t.compensating.push(Control {
        why: "no camera at home".into(),
        ..Control::named("kiosk")
    });
    t.supplemental.push(Control::bare("device binding"));
    let set = AnswerSet::Groups(vec![Group {
        tailoring: Some(t),
        ..Group::first("Public")
    }]);
    let flat = xal::report::diff::flatten(&set);
    for (key, value) in [
        ("users/tailoring.ial", "IAL3"),
        ("users/tailoring.rationale", "kiosk only"),
        ("users/tailoring.redress", "desk 3"),
        ("users/tailoring.compensating.1.control", "kiosk"),
        ("users/tailoring.compensating.1.why", "no camera at home"),
        ("users/tailoring.supplemental.1.control", "device binding"),
    ] {
        assert_eq!(flat.get(key).map(String::as_str), Some(value), "{flat:?}");
    }
    assert!(!flat.contains_key("users/tailoring.privacy"), "{flat:?}");
}
