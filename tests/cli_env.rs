//! The global options' variables: `XAL_DATA_DIR` and `XAL_LANG` are read by the command line
//! parser itself, a wrong language is bad input, and a variable set but empty counts as unset.

use crate::support;

use std::process::Output;

use support::cli;
use support::cli::xal_command;

fn run(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = xal_command();
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args).output().expect("run xal")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn xal_lang_picks_the_language_and_a_wrong_one_is_bad_input() {
    let th = run(&[("XAL_LANG", "th")], &["ruleset", "list"]);
    assert_eq!(th.status.code(), Some(0), "{}", stderr(&th));
    assert!(stdout(&th).contains("มรด. 1-2:2564"), "{}", stdout(&th));

    // The flag wins over the variable.
    let en = run(&[("XAL_LANG", "th")], &["--lang", "en", "ruleset", "list"]);
    assert!(stdout(&en).contains("DGS 1-2:2564"), "{}", stdout(&en));

    let bad = run(&[("XAL_LANG", "xx")], &["ruleset", "list"]);
    assert_eq!(bad.status.code(), Some(2));
    let e = stderr(&bad);
    assert!(e.contains("invalid value 'xx' for '--lang <LANG>'"), "{e}");
    assert!(e.contains("[possible values: th, en]"), "{e}");
    assert!(stdout(&bad).is_empty());
}

#[test]
fn an_empty_xal_lang_falls_back_to_the_locale() {
    let o = run(
        &[("XAL_LANG", ""), ("LANG", "th_TH.UTF-8")],
        &["ruleset", "list"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("มรด. 1-2:2564"), "{}", stdout(&o));
    let o = run(&[("XAL_LANG", "")], &["ruleset", "list"]);
    assert!(stdout(&o).contains("DGS 1-2:2564"), "{}", stdout(&o));
}

#[test]
fn xal_data_dir_names_the_data_dir_and_empty_means_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("from-env");
    std::fs::create_dir_all(data.join("assessments")).unwrap();
    std::fs::copy(
        cli::report_fixture(cli::DGS),
        data.join("assessments").join(format!("{}.toml", cli::DGS)),
    )
    .unwrap();
    let o = run(
        &[("XAL_DATA_DIR", data.to_str().unwrap())],
        &["list", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(cli::DGS), "{}", stdout(&o));

    // Empty: the platform's data dir, here under XDG_DATA_HOME.
    let xdg = dir.path().join("xdg");
    let o = run(
        &[
            ("XAL_DATA_DIR", ""),
            ("XDG_DATA_HOME", xdg.to_str().unwrap()),
            ("HOME", dir.path().to_str().unwrap()),
        ],
        &["export", "--all", "--format", "csv"],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    let want = xdg.join("xal");
    assert!(
        e.contains(&format!("the data dir {} does not exist", want.display())),
        "{e}"
    );
}
