//! `xal diff`: two assessments side by side, and one re-evaluated under another ruleset.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xal(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xal"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("XAL_CONFIG_DIR", "/nonexistent-xal-config")
        .env_remove("XAL_LANG")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run xal")
}

fn fixture(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/reports/{id}.toml"))
}

const DGS: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA";
const NIST4: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RB";

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn two_assessments_show_the_answers_that_differ_and_both_levels() {
    let dir = tempfile::tempdir().unwrap();
    let a = fixture(DGS);
    let text = std::fs::read_to_string(&a).unwrap().replace(
        "reputation = \"moderate\", financial = \"moderate\", programs = \"low\", sensitive = \"moderate\", safety = \"none\", civil = \"low\" }",
        "reputation = \"low\", financial = \"low\", programs = \"none\", sensitive = \"none\", safety = \"none\", civil = \"none\" }",
    );
    let b = dir.path().join("b.toml");
    std::fs::write(&b, text).unwrap();
    let v = json(&xal(
        dir.path(),
        &[
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["rulesets_differ"], false);
    let answers: Vec<&str> = v["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["answer"].as_str().unwrap())
        .collect();
    assert!(
        answers.contains(&"impact.proofing.financial"),
        "{answers:?}"
    );
    assert!(!answers.contains(&"impact.auth.financial"));
    let ial = v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["target"] == "ial")
        .unwrap();
    assert_eq!(ial["a"], "dgs-1-2-2564:IAL2.1");
    assert_eq!(ial["b"], "dgs-1-2-2564:IAL1.1");
    assert_eq!(ial["changed"], true);
    let aal = v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["target"] == "aal")
        .unwrap();
    assert_eq!(aal["changed"], false);
    let text = String::from_utf8(
        xal(
            dir.path(),
            &["diff", a.to_str().unwrap(), b.to_str().unwrap()],
        )
        .stdout,
    )
    .unwrap();
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
"impact.proofing" = { mission = "low", trust = "low", information = "none", financial = "low", safety = "none" }
"auth.needed" = "yes"
"impact.auth" = { mission = "low", trust = "low", information = "none", financial = "none", safety = "none" }
"pi.accessible" = "no"
"federation.used" = "no"
[meta]
created = 2026-01-01T00:00:00+07:00
updated = 2026-01-01T00:00:00+07:00
"#,
    )
    .unwrap();
    let v = json(&xal(
        dir.path(),
        &[
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["rulesets_differ"], true);
    assert!(v["note"].as_str().unwrap().contains("800-63-4"));
    let ial = v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["target"] == "ial")
        .unwrap();
    assert_eq!(ial["a"], "nist-800-63-3:IAL1");
    assert_eq!(ial["b"], "nist-800-63-4:IAL1");
    assert_eq!(
        ial["changed"], true,
        "IAL1 of the two rulesets must not count as equal"
    );
    let text = String::from_utf8(
        xal(
            dir.path(),
            &[
                "diff",
                a.to_str().unwrap(),
                b.to_str().unwrap(),
                "--lang",
                "en",
            ],
        )
        .stdout,
    )
    .unwrap();
    assert!(text.contains("The rulesets differ"), "{text}");
    assert!(!text.contains("(same)"), "{text}");
}

#[test]
fn reevaluation_shows_level_changes_and_answers_without_counterpart() {
    let dir = tempfile::tempdir().unwrap();
    let a = fixture(DGS);
    let v = json(&xal(
        dir.path(),
        &[
            "diff",
            a.to_str().unwrap(),
            "--ruleset",
            "nist-800-63-3",
            "--format",
            "json",
        ],
    ));
    let ial = v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["target"] == "ial")
        .unwrap();
    assert_eq!(ial["a"], "dgs-1-2-2564:IAL2.1");
    assert_eq!(ial["b"], "nist-800-63-3:IAL2");
    let none: Vec<String> = v["no_counterpart"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    assert!(
        none.iter().any(|x| x.starts_with("service.group")),
        "{none:?}"
    );
    assert!(none.iter().any(|x| x.starts_with("auth.needed")));
    assert!(!none.iter().any(|x| x.starts_with("impact.proofing")));

    // Into the per-group ruleset: the answers become one group, and most have no counterpart.
    let v = json(&xal(
        dir.path(),
        &[
            "diff",
            a.to_str().unwrap(),
            "--ruleset",
            "nist-800-63-4",
            "--format",
            "json",
        ],
    ));
    assert!(
        v["no_counterpart"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x.as_str().unwrap().starts_with("pi.needed"))
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
    let v = json(&xal(
        dir.path(),
        &[
            "diff",
            fixture(NIST4).to_str().unwrap(),
            "--ruleset",
            "dgs-1-2-2564",
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["b"]["groups"].as_array().unwrap().len(), 2);
}

#[test]
fn diff_needs_two_assessments_or_a_ruleset() {
    let dir = tempfile::tempdir().unwrap();
    let o = xal(dir.path(), &["diff", fixture(DGS).to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = xal(
        dir.path(),
        &["diff", fixture(DGS).to_str().unwrap(), "--ruleset", "nope"],
    );
    assert_eq!(o.status.code(), Some(2));
}
