//! Issue 23: "hide means hidden on every surface until `train reveal`". A trainee's data dir
//! made with `train start --hide-result`, every scenario answered: no level id of any of its
//! rulesets' targets leaves xal — not from a command that reads the data dir (on stdout,
//! stderr or in a file), nor on the interface's screen at the end summary, `x`, `C`, `w`
//! and `y`.

use crate::support;

use std::path::{Path, PathBuf};

use support::cli::{ok, xal};
use support::*;
use xal::answers::AnswerSet;
use xal::ruleset::registry::Registry;
use xal::train::pack;

fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics")
}

/// The level ids of every target of every ruleset the pack's scenarios use.
fn level_ids(p: &pack::Pack) -> Vec<String> {
    let reg = Registry::builtin();
    let mut ids: Vec<String> = p
        .scenarios
        .iter()
        .flat_map(|s| {
            let rs = reg
                .get(&s.assessment.ruleset.id)
                .expect("a built-in ruleset");
            rs.targets
                .iter()
                .flat_map(|t| t.levels.iter().map(|l| l.id.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    // A level with no number (`none`) is a word found in any text: the numbered ones tell.
    ids.retain(|l| l.chars().any(|c| c.is_ascii_digit()));
    ids.sort();
    ids.dedup();
    assert!(ids.iter().any(|l| l == "IAL2.1"), "{ids:?}");
    ids
}

fn leak<'a>(levels: &'a [String], s: &str) -> Option<&'a str> {
    levels
        .iter()
        .find(|l| s.contains(l.as_str()))
        .map(String::as_str)
}

/// A trainee's hidden data dir with every scenario answered as the reference, except that
/// `pi.accessible` is left for `last` (a one-answer-set scenario), to answer in the interface.
fn trainee(sb: &Sandbox, last: Option<&str>) -> pack::Pack {
    let dir = pack_dir();
    ok(&xal(
        &sb.data_dir(),
        &["train", "start", dir.to_str().unwrap(), "--hide-result"],
    ));
    let p = pack::load(&dir).unwrap();
    let store = sb.store();
    for s in &p.scenarios {
        let mut loaded = store.load(&s.assessment.id).unwrap();
        let mut a = loaded.assessment.clone();
        a.answers = s.reference.as_ref().unwrap().answers.clone();
        if Some(s.assessment.id.as_str()) == last
            && let AnswerSet::Single(answers) = &mut a.answers
        {
            assert!(answers.remove("pi.accessible").is_some());
        }
        store.save(&mut loaded, &a).unwrap();
    }
    p
}

fn all_output(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every file under `dir` but the assessments themselves (which hold the levels by design).
fn written_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            // The assessments, and the list's cache of them, hold the levels by design.
            if p.file_name().is_some_and(|n| n != "assessments") {
                written_files(&p, out);
            }
        } else if p.file_name().is_some_and(|n| n != ".index.bin") {
            out.push(p);
        }
    }
}

#[test]
fn every_command_that_reads_the_data_dir_shows_no_level() {
    let sb = Sandbox::new();
    let p = trainee(&sb, None);
    let levels = level_ids(&p);
    let dir = sb.data_dir();
    let a = "th-income-tax";
    let b = p
        .scenarios
        .iter()
        .map(|s| s.assessment.id.as_str())
        .find(|&id| id != a)
        .unwrap();
    let own_ruleset = p.scenario(a).unwrap().assessment.ruleset.id.clone();
    let other = Registry::builtin()
        .entries
        .iter()
        .map(|e| e.ruleset.id.clone())
        .find(|id| *id != own_ruleset)
        .unwrap();
    let file = dir.join("assessments").join(format!("{a}.toml"));
    let file = file.to_str().unwrap();
    let reference = pack_dir().join("reference");
    let ref_a = reference.join(format!("{a}.toml"));
    let ref_b = reference.join(format!("{b}.toml"));
    let elsewhere = sb.root.path().join("elsewhere");

    let runs: Vec<(Vec<String>, Option<bool>)> = [
        (vec!["list"], Some(true)),
        (vec!["list", "--format", "json"], Some(true)),
        (vec!["--lang", "th", "list"], Some(true)),
        (vec!["show", a], Some(true)),
        (vec!["show", a, "--format", "json"], Some(true)),
        (vec!["export", a, "--format", "md"], Some(false)),
        (vec!["export", a, "--format", "html"], Some(false)),
        (vec!["export", a, "--format", "json"], Some(false)),
        (vec!["export", a, "--format", "csv"], Some(false)),
        (vec!["export", a, "--format", "xlsx"], Some(false)),
        (vec!["export", "--all"], Some(false)),
        (vec!["diff", a, b], Some(false)),
        (vec!["diff", a, "--ruleset", other.as_str()], Some(false)),
        (vec!["diff", a, b, "--format", "json"], Some(false)),
        // Files from outside, compared while the data dir is a hidden trainee's.
        (
            vec!["diff", ref_a.to_str().unwrap(), ref_b.to_str().unwrap()],
            Some(false),
        ),
        (vec!["eval", file], Some(false)),
        (
            vec!["eval", file, "--format", "json", "--explain"],
            Some(false),
        ),
        // `--data-dir` elsewhere: the file is still in a hidden trainee's data dir.
        (
            vec!["--data-dir", elsewhere.to_str().unwrap(), "eval", file],
            Some(false),
        ),
        (
            vec!["--data-dir", elsewhere.to_str().unwrap(), "diff", file, b],
            Some(false),
        ),
        // Not a git data dir: the history refuses for that; either way, no level.
        (vec!["history", a], None),
    ]
    .into_iter()
    .map(|(args, succeeds)| (args.into_iter().map(String::from).collect(), succeeds))
    .collect();
    for (args, succeeds) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // A run that names its own data dir gets it instead of the trainee's.
        let o = match args.as_slice() {
            ["--data-dir", other, rest @ ..] => xal(Path::new(other), rest),
            _ => xal(&dir, &args),
        };
        let said = all_output(&o);
        assert_eq!(leak(&levels, &said), None, "xal {args:?}: {said}");
        match succeeds {
            Some(true) => assert!(o.status.success(), "xal {args:?}: {said}"),
            Some(false) => {
                assert_eq!(o.status.code(), Some(2), "xal {args:?}: {said}");
                assert!(said.contains("xal train reveal"), "xal {args:?}: {said}");
            }
            None => {}
        }
    }
    // Nothing written beside the assessments holds a level (no report in `exports/`).
    assert!(!dir.join("exports").exists() || written_files_in(&dir.join("exports")) == 0);
    let mut files = Vec::new();
    written_files(&dir, &mut files);
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        assert_eq!(
            leak(&levels, &String::from_utf8_lossy(&bytes)),
            None,
            "{}",
            f.display()
        );
    }
    // A file outside any data dir evaluates as ever; after `train reveal` the levels show.
    let out = ok(&xal(&dir, &["eval", ref_a.to_str().unwrap()]));
    assert!(leak(&levels, &out).is_some(), "{out}");
    ok(&xal(&dir, &["train", "reveal"]));
    let out = ok(&xal(&dir, &["eval", file]));
    assert!(out.contains("IAL2.1"), "{out}");
    let o = xal(&dir, &["diff", a, b]);
    assert!(
        leak(&levels, &all_output(&o)).is_some(),
        "{}",
        all_output(&o)
    );
}

fn written_files_in(dir: &Path) -> usize {
    let mut v = Vec::new();
    written_files(dir, &mut v);
    v.len()
}

#[test]
fn the_interface_shows_no_level_from_the_last_answer_on() {
    let sb = Sandbox::new();
    let last = "th-income-tax";
    let p = trainee(&sb, Some(last));
    let levels = level_ids(&p);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 120, 40);
    pty.wait_text("กรมสรรพากร");
    let no_leak = |pty: &Pty, step: &str| {
        assert_eq!(
            leak(&levels, &pty.screen_text()),
            None,
            "{step}: {}",
            pty.dump()
        );
    };
    // A key opens a dialog saying `shown`; no level is on the screen; Esc closes it.
    let dialog = |pty: &mut Pty, key: &str, shown: &str| {
        pty.send_str(key);
        pty.wait_text(shown);
        no_leak(pty, key);
        pty.send_str("\x1b");
        pty.wait_for("the dialog closed", |s| !s.contents().contains(shown));
    };
    no_leak(&pty, "the list");
    // Every dialog the list pane opens, before any assessment is open (C and w work in the
    // Questions pane: below).
    dialog(&mut pty, "?", "Keys");
    dialog(&mut pty, "x", "export: the result is hidden");
    // E says so on the status line (the file itself holds the levels).
    pty.send_str("E");
    pty.wait_text("The file holds the hidden levels");
    no_leak(&pty, "E on the list");
    // The one scenario with a question left: filter the list to it and open it.
    // Enter in the filter opens the match (a second Enter would answer its first question).
    pty.send_str("/");
    pty.send_str("income");
    pty.send_str("\r");
    pty.wait_text("The result is hidden");
    no_leak(&pty, "opened");
    pty.send_str("m");
    pty.wait_text("pi.accessible");
    pty.send_str("1");
    // The end summary: how many are answered, the result at the debrief, no level.
    pty.wait_text("Every question is answered");
    pty.wait_text("Questions answered: 7/7");
    assert!(!pty.screen_text().contains("x export"), "{}", pty.dump());
    pty.wait_text("The result comes at the debrief");
    no_leak(&pty, "the end summary");
    assert!(!pty.screen_text().contains("Plan check"), "{}", pty.dump());
    // `x` from the summary: refused in `xal export`'s words, nothing written.
    dialog(
        &mut pty,
        "x",
        "export: the result is hidden in this trainee's data dir",
    );
    assert!(
        !sb.data_dir().join("exports").exists()
            || written_files_in(&sb.data_dir().join("exports")) == 0,
        "a report was written"
    );
    dialog(&mut pty, "C", "compare: the result is hidden");
    dialog(&mut pty, "w", "what-if: the result is hidden");
    // `y` copies the id only.
    pty.send_str("y");
    pty.wait_text("Copied");
    no_leak(&pty, "y");
    pty.send_str("q");
    let (status, _) = pty.wait_exit(std::time::Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
}
