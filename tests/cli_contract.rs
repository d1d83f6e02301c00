//! The contract scripts rely on: data on stdout and problems on stderr, exit codes (diff as
//! diff(1)), `--strict`, a minimal answers file wherever a FILE is taken, and `eval` on a
//! terminal with nothing to read.

use crate::support;

use std::process::Output;

use support::cli::{xal, xal_with_stdin};
use support::pty::Pty;
use support::{PATIENCE, Sandbox};

const ID: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The spec's income-tax answers, with `pi.needed` and one impact as given.
fn answers(pi_needed: &str, reputation: &str) -> String {
    format!(
        "[answers]\n\"service.group\" = \"transactional\"\n\"pi.needed\" = \"{pi_needed}\"\n\
         \"pi.validated\" = \"yes\"\n\"impact.proofing\" = {{ reputation = \"{reputation}\", \
         financial = \"moderate\", programs = \"moderate\", sensitive = \"moderate\", safety = \
         \"none\", civil = \"moderate\" }}\n\"auth.needed\" = \"yes\"\n\"impact.auth\" = {{ \
         reputation = \"moderate\", financial = \"moderate\", programs = \"moderate\", sensitive \
         = \"moderate\", safety = \"none\", civil = \"moderate\" }}\n\"pi.accessible\" = \"yes\"\n"
    )
}

/// A data dir with the fixture assessment, its answers replaced by `answers`.
fn data_dir_with(answers: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("assessments")).unwrap();
    let src = std::fs::read_to_string(format!("tests/data/assessments/{ID}.toml")).unwrap();
    let start = src.find("[answers]").unwrap();
    let end = src.find("[result]").unwrap();
    let text = format!("{}{answers}\n{}", &src[..start], &src[end..]);
    std::fs::write(dir.path().join(format!("assessments/{ID}.toml")), text).unwrap();
    dir
}

#[test]
fn eval_strict_refuses_what_it_would_ignore_each_at_its_place() {
    let bad = answers("maybe", "huge");
    let loose = xal_with_stdin(&["--lang", "en", "eval", "-"], &bad);
    assert_eq!(loose.status.code(), Some(0), "{}", stderr(&loose));
    assert!(stdout(&loose).contains("Ignored: pi.needed"));

    let strict = xal_with_stdin(&["--lang", "en", "eval", "-", "--strict"], &bad);
    assert_eq!(strict.status.code(), Some(2));
    assert_eq!(stdout(&strict), "", "no result from refused input");
    assert_eq!(
        stderr(&strict),
        "<stdin>:3:15: answer `pi.needed` ignored: `maybe` is not one of the question's \
         options (--strict)\n\
         <stdin>:5:21: answer `impact.proofing` ignored: not asked under the other answers \
         (--strict)\n\
         <stdin>:5:36: answer `impact.proofing.reputation` ignored: `huge` for `reputation` \
         is not an impact level (--strict)\n"
    );
    let good = xal_with_stdin(&["eval", "-", "--strict"], &answers("yes", "moderate"));
    assert_eq!(good.status.code(), Some(0), "{}", stderr(&good));
    assert_eq!(stderr(&good), "");
    let typo = xal_with_stdin(
        &["--lang", "en", "eval", "-", "--strict", "--format", "json"],
        &format!("servce = \"x\"\n{}", answers("yes", "moderate")),
    );
    assert_eq!(typo.status.code(), Some(2));
    assert_eq!(
        stderr(&typo),
        "<stdin>:1:1: unknown key `servce`, not read by xal (--strict)\n"
    );
    let th = xal_with_stdin(&["--lang", "th", "eval", "-", "--strict"], &bad);
    assert!(
        stderr(&th).contains("ไม่นำคำตอบ `pi.needed` มาใช้"),
        "{}",
        stderr(&th)
    );
}

#[test]
fn show_export_and_import_strict_refuse_the_same_file() {
    let dir = data_dir_with(&answers("maybe", "moderate"));
    let file = dir.path().join(format!("assessments/{ID}.toml"));
    let before = std::fs::read(&file).unwrap();
    let place = format!("{}:16:15: answer `pi.needed` ignored", file.display());
    let other = tempfile::tempdir().unwrap();
    for (args, data) in [
        (vec!["show", ID, "--strict"], dir.path()),
        (
            vec!["export", ID, "--format", "json", "--strict"],
            dir.path(),
        ),
        (
            vec!["export", "--all", "--format", "csv", "--strict"],
            dir.path(),
        ),
        (
            vec!["import", file.to_str().unwrap(), "--strict"],
            other.path(),
        ),
    ] {
        let o = xal(data, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(stderr(&o).starts_with(&place), "{args:?}: {}", stderr(&o));
        // Without --strict the same commands run.
        let loose: Vec<&str> = args.iter().copied().filter(|a| *a != "--strict").collect();
        let o = xal(data, &loose);
        assert_eq!(o.status.code(), Some(0), "{loose:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read(&file).unwrap(), before, "never changed");
}

#[test]
fn list_keeps_broken_files_off_the_table_and_in_the_json() {
    let dir = data_dir_with(&answers("yes", "moderate"));
    let broken = dir.path().join("assessments/BROKEN.toml");
    std::fs::write(&broken, "schema = 1\n[service\n").unwrap();
    let table = xal(dir.path(), &["list"]);
    assert_eq!(table.status.code(), Some(2));
    let out = stdout(&table);
    assert_eq!(
        out.lines().count(),
        2,
        "a header and the one good row: {out}"
    );
    assert!(out.contains(ID) && !out.contains("BROKEN"), "{out}");
    assert_eq!(
        stderr(&table),
        format!(
            "{}:2:9: TOML syntax: unclosed table, expected `]`\n",
            broken.display()
        )
    );
    let json = xal(dir.path(), &["list", "--format", "json"]);
    assert_eq!(json.status.code(), Some(2));
    assert_eq!(stderr(&json), stderr(&table));
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let errors: Vec<&serde_json::Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("error").is_some())
        .collect();
    assert_eq!(errors.len(), 1, "{rows}");
    assert!(
        errors[0]["error"]
            .as_str()
            .unwrap()
            .ends_with(":2:9: TOML syntax: unclosed table, expected `]`")
    );
    std::fs::remove_file(&broken).unwrap();
    let clean = xal(dir.path(), &["list"]);
    assert_eq!(
        (clean.status.code(), stderr(&clean).as_str()),
        (Some(0), "")
    );
}

#[test]
fn diff_exits_as_diff_does() {
    let tmp = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = tmp.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let a = write("a.toml", &answers("yes", "moderate"));
    let same = write("same.toml", &answers("yes", "moderate"));
    let other = write("b.toml", &answers("yes", "high"));
    let o = xal(tmp.path(), &["diff", &a, &same]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = xal(tmp.path(), &["diff", &a, &other]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("impact.proofing.reputation"),
        "{}",
        stdout(&o)
    );
    let o = xal(tmp.path(), &["diff", &a, &other, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("the JSON still");
    // Another ruleset that names the levels otherwise differs; trouble is 2.
    let o = xal(tmp.path(), &["diff", &a, "--ruleset", "nist-800-63-3"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = xal(tmp.path(), &["diff", &a, "--ruleset", "dgs-1-2-2564"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for args in [
        vec!["diff", a.as_str(), "missing.toml"],
        vec!["diff", a.as_str(), "--ruleset", "nope"],
        vec!["diff", a.as_str()],
    ] {
        let o = xal(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}");
    }
}

#[test]
fn a_minimal_answers_file_is_a_file_everywhere_and_what_it_lacks_is_said() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("tax.toml");
    std::fs::write(&file, answers("yes", "moderate")).unwrap();
    let f = file.to_str().unwrap();
    let o = xal(tmp.path(), &["--lang", "en", "export", f, "--format", "md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("IAL2.1"), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        format!("{f}: no `id` and no [service]: read as answers only, the service named `tax`\n")
    );
    let o = xal(tmp.path(), &["export", f, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["service"]["name"], "tax", "{v}");
    let empty = tmp.path().join("empty.toml");
    std::fs::write(&empty, "# nothing yet\n").unwrap();
    let o = xal(tmp.path(), &["export", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "{}: neither an assessment (no `id`, no [service]) nor an answers file (no \
             [answers] table, no [[groups]]): nothing to read\n",
            empty.display()
        )
    );
    // A half-written assessment keeps its own error rather than being read as answers.
    let half = tmp.path().join("half.toml");
    std::fs::write(&half, "schema = 1\n[service]\nname = \"x\"\n[answers]\n").unwrap();
    let o = xal(tmp.path(), &["export", half.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("answers only"), "{}", stderr(&o));
}

#[test]
fn eval_with_nothing_on_a_terminal_prints_its_usage_instead_of_waiting() {
    let sb = Sandbox::new();
    let mut pty = Pty::xal(&sb, &["--lang", "en", "eval"], &[], 100, 10);
    let (status, _) = pty.wait_exit(PATIENCE);
    assert_eq!(status.exit_code(), 2, "{}", pty.dump());
    let screen = pty.screen_text();
    assert!(
        screen.contains("xal: no answers given: name a file, or - to read standard input"),
        "{screen}"
    );
    assert!(
        screen.contains("usage: xal eval [OPTIONS] [FILE|-]"),
        "{screen}"
    );
    // Not on a terminal, an absent file still means standard input.
    let o = xal_with_stdin(&["eval"], &answers("yes", "moderate"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Every subcommand (and each of its own subcommands) by its path, from the clap definitions,
/// so that a new one is held to the same rules.
fn subcommand_paths() -> Vec<Vec<String>> {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            out.push(p.clone());
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(&xal::cli::Cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn every_subcommand_help_has_examples_and_no_interface_only_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let paths = subcommand_paths();
    assert!(paths.len() > 10, "{paths:?}");
    for path in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let o = xal(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let help = stdout(&o);
        for flag in ["--theme", "--mouse", "--ascii", "--no-color"] {
            assert!(!help.contains(flag), "{args:?} lists {flag}:\n{help}");
        }
        // A group (`ruleset`, `train`, `trash`) shows its examples; so does each leaf.
        assert!(help.contains("Examples:\n  xal "), "{args:?}:\n{help}");
    }
    let top = stdout(&xal(tmp.path(), &["--help"]));
    for flag in ["--theme", "--mouse", "--ascii", "--no-color"] {
        assert!(
            top.contains(flag),
            "the interface's {flag} on the top level"
        );
    }
}

#[test]
fn an_unknown_flag_suggests_only_a_likely_typo_and_keeps_the_real_usage() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--bogus"],
            "xal: unexpected argument '--bogus' (usage: xal [OPTIONS] [COMMAND]; see --help)\n",
        ),
        (
            &["eval", "--bogus"],
            "xal: unexpected argument '--bogus' (usage: xal eval [OPTIONS] [FILE|-]; see --help)\n",
        ),
        (
            &["eval", "x.toml", "--strct"],
            "xal: unexpected argument '--strct'; did you mean '--strict'? (usage: xal eval \
             [OPTIONS] [FILE|-]; see --help)\n",
        ),
        (
            &["list", "--mouse"],
            "xal: unexpected argument '--mouse' (usage: xal list [OPTIONS]; see --help)\n",
        ),
    ];
    for (args, want) in cases {
        let o = xal(tmp.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o), want, "{args:?}");
    }
}

#[test]
fn ruleset_check_strict_fails_on_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let builtin = std::fs::read_to_string("rulesets/nist-800-63-3.toml").unwrap();
    let mine = tmp.path().join("mine.toml");
    let changed = builtin.replacen("\nversion = \"", "\nversion = \"9", 1);
    assert_ne!(changed, builtin);
    std::fs::write(&mine, changed).unwrap();
    let m = mine.to_str().unwrap();
    let o = xal(tmp.path(), &["ruleset", "check", m]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("ok ("), "{}", stdout(&o));
    let warning = stderr(&o);
    assert!(
        warning.starts_with(&format!("{m}:"))
            && warning.contains("warning: `nist-800-63-3` is a built-in ruleset's id"),
        "{warning}"
    );
    let o = xal(tmp.path(), &["ruleset", "check", m, "--strict"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), warning);
    // The built-in file itself warns of nothing.
    let o = xal(
        tmp.path(),
        &[
            "ruleset",
            "check",
            "rulesets/nist-800-63-3.toml",
            "--strict",
        ],
    );
    assert_eq!((o.status.code(), stderr(&o).as_str()), (Some(0), ""));
}
