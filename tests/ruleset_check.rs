//! `xal ruleset check` on the built-in rulesets and on one broken file per mistake.

use crate::support;

use support::cli::xal_command;

fn check(path: &str) -> (i32, String, String) {
    let out = xal_command()
        .args(["ruleset", "check", path])
        .output()
        .expect("run xal");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn builtin_rulesets_pass_with_their_examples() {
    for id in ["dgs-1-2-2564", "nist-800-63-3", "nist-800-63-4"] {
        let path = format!("rulesets/{id}.toml");
        let (code, stdout, stderr) = check(&path);
        assert_eq!(code, 0, "{path}: {stderr}");
        assert!(stdout.contains("ok ("), "{stdout}");
        assert!(stderr.is_empty(), "{stderr}");
    }
}

#[test]
fn each_broken_ruleset_gets_its_exact_message() {
    let cases = [
        ("bad-toml", "23:13: invalid basic string, expected `\"`"),
        ("unknown-question", "55:9: unknown question `pi.neded`"),
        (
            "unknown-option",
            "55:21: `maybe` is not an option of this question (options: yes, no)",
        ),
        (
            "unknown-level",
            "56:9: unknown level `IAL9` of target `ial` (levels: IAL1, IAL2)",
        ),
        (
            "missing-thai",
            "45:8: missing Thai text (`th`) in question `pi.needed`",
        ),
        (
            "shadowed-rule",
            "64:1: rule `ial.high` can never match: rule `ial.low` before it always matches",
        ),
        ("unknown-category", "61:33: unknown category `health`"),
        ("unknown-impact", "61:25: unknown impact level `severe`"),
        (
            "condition-syntax",
            "79:28: expected a condition, found the end of the condition",
        ),
        (
            "failing-example",
            "83:1: example `high money` fails: ial is IAL2, expected IAL1",
        ),
        (
            "unknown-field",
            "45:1: unknown field `when_asked`, expected one of `id`, `kind`, `text`, `help`, `when`, `optional`, `plan`, `categories`, `option`",
        ),
    ];
    let dir = std::fs::read_dir("tests/broken-rulesets").expect("folder");
    assert_eq!(
        dir.count(),
        cases.len(),
        "every broken file has its expected message here"
    );
    for (name, expected) in cases {
        let path = format!("tests/broken-rulesets/{name}.toml");
        let (code, stdout, stderr) = check(&path);
        assert_eq!(code, 2, "{path} must exit 2");
        assert_eq!(stderr, format!("{path}:{expected}\n"), "{path}");
        assert!(stdout.is_empty(), "{path}: nothing on stdout, got {stdout}");
    }
}

#[test]
fn the_valid_base_of_the_broken_files_passes() {
    let (code, _, stderr) = check("tests/data/mini-ruleset.toml");
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_missing_file_is_bad_input() {
    let (code, _, stderr) = check("tests/broken-rulesets/does-not-exist.toml");
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("tests/broken-rulesets/does-not-exist.toml: cannot read"),
        "{stderr}"
    );
}

#[test]
fn an_example_that_expects_other_notes_fails_at_its_line() {
    let text = std::fs::read_to_string("rulesets/nist-800-63-3.toml").unwrap();
    let wrong = text.replacen(
        "notes = [\"note.validated-attribute\"]",
        "notes = [\"note.sms-restricted\"]",
        1,
    );
    assert_ne!(wrong, text, "the example with the note is there");
    let line = text[..text.find("name = \"library card renewal").unwrap()]
        .lines()
        .count();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    std::fs::write(&path, wrong).unwrap();
    let (code, stdout, stderr) = check(path.to_str().unwrap());
    assert_ne!(code, 0, "{stdout}");
    assert!(
        stderr.contains(&format!(
            ":{line}:1: example `library card renewal: one validated attribute, level 1` fails: \
             notes are [note.validated-attribute], expected [note.sms-restricted]"
        )),
        "{stderr}"
    );
}
