//! `xal eval` as a script uses it: exit codes, one-line errors, both output formats.

use crate::support;

use std::process::Output;

use support::cli::{strings_of, xal_with_stdin};
use support::dgs;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The spec's income-tax answers with a plan, and one answer the ruleset does not know.
const TAX: &str = concat!(
    "\n",
    dgs::income_tax_answers!(),
    r#""plan.proofing" = "remote_face_authoritative"
"plan.authentication" = "password_sms_otp"
"old.question" = "kept"
"#
);

#[test]
fn json_has_the_contract_fields() {
    let o = xal_with_stdin(&["eval", "-", "--format", "json"], TAX);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ruleset"]["id"], "dgs-1-2-2564");
    assert_eq!(v["complete"], true);
    assert_eq!(v["missing"], serde_json::json!([]));
    assert_eq!(v["ial"], "IAL2.1");
    assert_eq!(v["ial_major"], 2);
    assert_eq!(v["aal"], "AAL2");
    let reasons = v["reasons"].as_array().unwrap();
    let ial = reasons.iter().find(|r| r["target"] == "ial").unwrap();
    assert_eq!(ial["rule"], "ial.moderate");
    assert!(
        ial["because"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("impact.proofing.financial = moderate"))
    );
    assert_eq!(v["plan"]["ial"], "IAL2.3");
    assert_eq!(v["plan"]["meets_ial"], true);
    assert_eq!(v["plan"]["aal"], "AAL2");
    assert_eq!(v["plan"]["meets_aal"], true);
    let ignored = v["ignored"].as_array().unwrap();
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0]["id"], "old.question");
    // The SMS plan that meets AAL2 carries NIST's restricted-authenticator note.
    assert!(
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["text"].as_str().unwrap().contains("SMS")),
        "{v}"
    );
}

#[test]
fn text_output_speaks_the_chosen_language() {
    let en = xal_with_stdin(&["eval", "-"], TAX);
    let en = String::from_utf8(en.stdout).unwrap();
    assert!(en.contains("IAL   IAL2.1"), "{en}");
    assert!(en.contains("Complete"), "{en}");
    let th = xal_with_stdin(&["--lang", "th", "eval", "-"], TAX);
    let th = String::from_utf8(th.stdout).unwrap();
    assert!(th.contains("ตอบครบแล้ว"), "{th}");
    assert!(th.contains("เหตุผล"), "{th}");
}

#[test]
fn incomplete_answers_exit_zero_with_the_missing_list() {
    let o = xal_with_stdin(
        &["eval", "-", "--format", "json"],
        "[answers]\n\"pi.needed\" = \"yes\"\n",
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["complete"], false);
    assert_eq!(
        v["missing"],
        serde_json::json!(["service.group", "pi.validated", "auth.needed"])
    );
}

#[test]
fn broken_input_is_one_line_with_place_and_exit_2() {
    let o = xal_with_stdin(&["eval", "-"], "[answers]\n\"pi.needed\" = yes\n");
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.starts_with("<stdin>:2:15: "), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(!e.contains("panicked"));
}

#[test]
fn unknown_ruleset_and_missing_file_are_bad_input() {
    let o = xal_with_stdin(&["eval", "-", "--ruleset", "no-such-ruleset"], TAX);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown ruleset `no-such-ruleset`"));
    let o = xal_with_stdin(&["eval", "/nonexistent/file.toml"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("/nonexistent/file.toml: cannot read"));
    let o = xal_with_stdin(&["--lang", "fr", "eval", "-"], TAX);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_near_miss_ruleset_id_gets_a_suggestion() {
    let o = xal_with_stdin(&["eval", "-", "--ruleset", "nist-800-63"], TAX);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(
        e,
        "xal: unknown ruleset `nist-800-63` (did you mean `nist-800-63-3`? available: \
         dgs-1-2-2564, nist-800-63-3, nist-800-63-4)\n"
    );
    let o = support::cli::xal_command()
        .args(["ruleset", "show", "dgs-1-2-2546"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `dgs-1-2-2564`?"),
        "{}",
        stderr(&o)
    );
    // Nothing close: the list alone.
    let o = xal_with_stdin(&["eval", "-", "--ruleset", "iso-29115"], TAX);
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
}

#[test]
fn a_grouped_ruleset_needs_groups() {
    let o = xal_with_stdin(&["eval", "-", "--ruleset", "nist-800-63-4"], TAX);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("[[groups]]"), "{}", stderr(&o));
}

#[test]
fn the_same_answers_under_another_ruleset() {
    let o = xal_with_stdin(
        &[
            "eval",
            "-",
            "--ruleset",
            "nist-800-63-3",
            "--format",
            "json",
        ],
        TAX,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ial"], "IAL2");
    assert_eq!(v["aal"], "AAL2");
    let ignored = strings_of(&v["ignored"], "id");
    for id in [
        "service.group",
        "auth.needed",
        "plan.proofing",
        "old.question",
    ] {
        assert!(ignored.contains(&id), "{id} in {ignored:?}");
    }
}

#[test]
fn completions_are_printed() {
    let o = xal_with_stdin(&["completions", "bash"], "");
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("_xal"));
}
