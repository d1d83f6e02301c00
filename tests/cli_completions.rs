//! Completions that know the data: the dynamic engine (`COMPLETE=fish xal -- xal …`, as the
//! registered script calls it) offers the assessment ids of the data dir named on the line,
//! ruleset ids, themes, languages and formats; `xal completions SHELL` prints a script that
//! asks the binary.

use crate::support;

use std::path::Path;

use support::cli::xal_command;

/// What the engine offers for the last word of `words` (fish's format: a value per line,
/// then its help after a tab), values only.
fn offered(words: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    let mut cmd = xal_command();
    cmd.env("COMPLETE", "fish").arg("--").arg("xal").args(words);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run xal");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect()
}

fn data_dir(ids: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("assessments");
    std::fs::create_dir_all(&a).unwrap();
    let src =
        std::fs::read_to_string("tests/data/assessments/01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml").unwrap();
    for id in ids {
        let text = src.replace("01JDQ4Y7V8KX0M5T3ZB2N6C9RA", id);
        std::fs::write(a.join(format!("{id}.toml")), text).unwrap();
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn assessment_ids_come_from_the_data_dir_on_the_line_or_in_the_environment() {
    let dir = data_dir(&["01JAAAAAAAAAAAAAAAAAAAAAAA", "01JBBBBBBBBBBBBBBBBBBBBBBB"]);
    let d = s(dir.path());
    assert_eq!(
        offered(&["--data-dir", d, "show", "01JA"], &[]),
        ["01JAAAAAAAAAAAAAAAAAAAAAAA"]
    );
    // With nothing typed, every id first (the flags follow).
    let both = offered(&["--data-dir", d, "show", ""], &[]);
    assert_eq!(
        both[..2],
        ["01JAAAAAAAAAAAAAAAAAAAAAAA", "01JBBBBBBBBBBBBBBBBBBBBBBB"]
    );
    assert!(both[2..].iter().all(|w| w.starts_with("--")), "{both:?}");
    // diff's second side and export's target too, from XAL_DATA_DIR.
    let env = [("XAL_DATA_DIR", d)];
    assert_eq!(
        offered(&["diff", "01JAAAAAAAAAAAAAAAAAAAAAAA", "01JB"], &env),
        ["01JBBBBBBBBBBBBBBBBBBBBBBB"]
    );
    assert!(offered(&["export", "01J"], &env).contains(&"01JBBBBBBBBBBBBBBBBBBBBBBB".into()));
    // An empty data dir offers no id.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        offered(&["--data-dir", s(empty.path()), "show", "01"], &[]),
        Vec::<String>::new()
    );
}

#[test]
fn rulesets_themes_languages_and_formats_are_offered_by_name() {
    assert_eq!(
        offered(&["eval", "--ruleset", "nist"], &[]),
        ["nist-800-63-3", "nist-800-63-4"]
    );
    assert_eq!(offered(&["ruleset", "show", "dg"], &[]), ["dgs-1-2-2564"]);
    assert_eq!(
        offered(&["--theme", ""], &[]),
        ["default", "high-contrast", "light", "monochrome"]
    );
    assert_eq!(offered(&["--lang", ""], &[]), ["th", "en"]);
    assert_eq!(
        offered(&["export", "x.toml", "--format", ""], &[]),
        ["md", "html", "json", "csv", "xlsx"]
    );
    assert_eq!(offered(&["list", "--format", "j"], &[]), ["json"]);
}

#[test]
fn the_printed_script_asks_the_binary() {
    for (shell, needle) in [
        ("bash", "COMPLETE=\"bash\""),
        ("zsh", "COMPLETE=\"zsh\""),
        ("fish", "COMPLETE=fish"),
    ] {
        let o = xal_command().args(["completions", shell]).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(o.stdout).unwrap();
        assert!(script.contains(needle), "{shell}:\n{script}");
        assert!(script.contains("xal"), "{shell}");
    }
}
