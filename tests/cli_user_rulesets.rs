//! The user's own rulesets in headless commands: one that cannot be used, or that is used
//! instead of a built-in, is said on stderr (one line each, `FILE:LINE:COLUMN: message`)
//! by `eval`, `list`, `show` and the rest, while stdout stays the same clean data; one whose
//! worked examples fail is refused at load, the failing example named.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::cli::{DGS, report_fixture, xal_command};

const BUILTIN_DGS: &str = include_str!("../rulesets/dgs-1-2-2564.toml");
const MINI: &str = include_str!("data/mini-ruleset.toml");

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    /// A data dir with the DGS income-tax assessment, and a config dir with `rulesets`.
    fn new(rulesets: &[(&str, String)]) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("data/assessments");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::copy(report_fixture(DGS), a.join(format!("{DGS}.toml"))).unwrap();
        let r = dir.path().join("config/rulesets");
        std::fs::create_dir_all(&r).unwrap();
        for (name, text) in rulesets {
            std::fs::write(r.join(name), text).unwrap();
        }
        Setup { dir }
    }

    fn ruleset(&self, name: &str) -> PathBuf {
        self.dir.path().join("config/rulesets").join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        xal_command()
            .env("XAL_CONFIG_DIR", self.dir.path().join("config"))
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(["--lang", "en"])
            .args(args)
            .output()
            .unwrap()
    }
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap()
}

fn income_tax() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/income-tax.toml")
        .display()
        .to_string()
}

/// The commands each test runs: what an assessor runs most.
fn commands() -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        s(&["eval", &income_tax()]),
        s(&["eval", &income_tax(), "--format", "json"]),
        s(&["list"]),
        s(&["show", DGS]),
        s(&["export", DGS, "--format", "md"]),
        s(&["diff", DGS, DGS]),
    ]
}

#[test]
fn a_broken_override_is_said_on_stderr_and_stdout_stays_the_built_in_result() {
    let clean = Setup::new(&[]);
    let broken = BUILTIN_DGS.replace("status = \"provisional\"", "status = \"bogus\"");
    let with = Setup::new(&[("dgs.toml", broken)]);
    let line = format!(
        "{}:16:10: unknown status `bogus` (use final, provisional or draft)\n",
        with.ruleset("dgs.toml").display()
    );
    for args in commands() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (a, b) = (clean.run(&args), with.run(&args));
        assert_eq!(b.status.code(), Some(0), "{args:?}: {}", text(&b.stderr));
        assert_eq!(text(&b.stderr), line, "{args:?}");
        // The same data as with no user ruleset at all (list paths differ by the folder).
        let same = |o: &Output, s: &Setup| {
            text(&o.stdout).replace(&s.dir.path().display().to_string(), "D")
        };
        assert_eq!(same(&b, &with), same(&a, &clean), "{args:?}");
        assert_eq!(a.stderr, b"", "{args:?}");
    }
}

#[test]
fn an_override_in_use_is_said_on_stderr_at_its_id() {
    let newer = BUILTIN_DGS.replace("version = \"1.2.0\"", "version = \"9.9.9\"");
    let s = Setup::new(&[("dgs.toml", newer)]);
    let line = format!(
        "{}:14:6: ruleset `dgs-1-2-2564` overrides the built-in one and is used instead\n",
        s.ruleset("dgs.toml").display()
    );
    for args in commands() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = s.run(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        assert_eq!(text(&o.stderr), line, "{args:?}");
    }
    // And it is what is used.
    let o = s.run(&["eval", &income_tax()]);
    assert!(
        text(&o.stdout).starts_with("Ruleset: dgs-1-2-2564 9.9.9 "),
        "{}",
        text(&o.stdout)
    );
    // `ruleset list` lists it as an override on stdout and says nothing more.
    let o = s.run(&["ruleset", "list"]);
    assert_eq!(o.stderr, b"");
    assert!(text(&o.stdout).contains("dgs.toml (override)"));
}

#[test]
fn a_ruleset_whose_examples_fail_is_refused_and_named_with_the_failing_example() {
    let failing = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken-rulesets/failing-example.toml"),
    )
    .unwrap();
    let s = Setup::new(&[("mini.toml", failing)]);
    let note = format!(
        "{}:83:1: example `high money` fails: ial is IAL2, expected IAL1; ruleset `mini`: it \
         is not used",
        s.ruleset("mini.toml").display()
    );
    // Asked for by id, it is not there: the refusal, then the failure.
    let o = s.run(&["eval", &income_tax(), "--ruleset", "mini"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(o.stdout, b"");
    let err: Vec<&str> = text(&o.stderr).lines().collect();
    assert_eq!(err.len(), 2, "{err:?}");
    assert_eq!(err[0], note);
    assert!(
        err[1].starts_with("xal: unknown ruleset `mini` ("),
        "{}",
        err[1]
    );
    // Other commands say it and run on.
    let o = s.run(&["list"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stderr), format!("{note}\n"));
    // `ruleset list` shows it as unusable.
    let o = s.run(&["ruleset", "list"]);
    assert!(!text(&o.stdout).lines().any(|l| l.starts_with("mini ")));
    assert!(text(&o.stdout).contains(&format!("unusable: {note}")));
}

#[test]
fn an_override_whose_examples_fail_leaves_the_built_in_in_use() {
    let fails = BUILTIN_DGS
        .replacen(
            "ial = \"IAL1.1\"\naal = \"none\"\ncomplete = true",
            "ial = \"IAL1.1\"\naal = \"AAL3\"\ncomplete = true",
            1,
        )
        .replace("version = \"1.2.0\"", "version = \"6.6.6\"");
    let s = Setup::new(&[("dgs.toml", fails)]);
    let o = s.run(&["eval", &income_tax()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stderr),
        format!(
            "{}:655:1: example `public information website, no accounts` fails: aal is none, \
             expected AAL3; ruleset `dgs-1-2-2564`: the built-in `dgs-1-2-2564` is used instead\n",
            s.ruleset("dgs.toml").display()
        )
    );
    assert!(text(&o.stdout).starts_with("Ruleset: dgs-1-2-2564 1.2.0 "));
}

#[test]
fn user_rulesets_that_are_fine_say_nothing() {
    let s = Setup::new(&[("mini.toml", MINI.to_string())]);
    for args in commands() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = s.run(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert_eq!(o.stderr, b"", "{args:?}: {}", text(&o.stderr));
    }
}

#[test]
fn a_user_ruleset_that_is_not_utf8_is_placed_by_line_and_column() {
    let mut bytes = MINI.as_bytes().to_vec();
    let at = MINI.find("Test").unwrap();
    bytes[at] = 0xff;
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("rulesets");
    std::fs::create_dir_all(&r).unwrap();
    std::fs::write(r.join("mini.toml"), &bytes).unwrap();
    let before = &MINI[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    let o = xal_command()
        .env("XAL_CONFIG_DIR", dir.path())
        .args(["eval", &income_tax()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stderr),
        format!(
            "{}:{line}:{column}: not UTF-8 text (save the file as UTF-8)\n",
            r.join("mini.toml").display()
        )
    );
}
