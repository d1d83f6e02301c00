//! The real interface in a pty on a git data dir: a conflicted answer shows both values, and
//! what was answered is committed on quit (`git.commit = "on-quit"`, the default) with a
//! message made of the answer delta.

mod git_common;
mod support;

use std::time::Duration;

use git_common::*;
use support::pty::Pty;

fn env(w: &World, config: &std::path::Path) -> Vec<(String, String)> {
    let mut env = vec![
        ("HOME".to_string(), w.root().display().to_string()),
        (
            "GIT_CONFIG_GLOBAL".into(),
            w.root().join("gitconfig").display().to_string(),
        ),
        ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
        ("XAL_CONFIG_DIR".into(), config.display().to_string()),
        ("LANG".into(), "C.UTF-8".into()),
        ("TERM".into(), "xterm-256color".into()),
    ];
    if let Ok(path) = std::env::var("PATH") {
        env.push(("PATH".into(), path));
    }
    env
}

#[test]
fn a_conflict_shows_both_values_and_quitting_commits_the_answer() {
    let w = World::new();
    let a = w.first(
        "a",
        "Alice",
        &[("T1", &assessment("T1", "Tax e-filing", TAX))],
    );
    let b = w.clone("b", "Bob");
    edit(
        &a,
        "T1",
        "\"service.group\" = \"transactional\"",
        "\"service.group\" = \"informational\"",
    );
    edit(
        &b,
        "T1",
        "\"service.group\" = \"transactional\"",
        "\"service.group\" = \"interactive\"",
    );
    ok(&w.xal(&a, &["sync"]));
    let s = w.xal(&b, &["sync"]);
    assert_eq!(s.status.code(), Some(3), "{}", err(&s));
    let head = w.git(&b, &["rev-parse", "HEAD"]);

    let config = w.root().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let data = b.display().to_string();
    let mut pty = Pty::spawn(
        std::path::Path::new(env!("CARGO_BIN_EXE_xal")),
        &["--data-dir", &data, "--lang", "en"],
        &env(&w, &config),
        w.root(),
        120,
        40,
    );
    pty.wait_text("Tax e-filing");
    pty.send(b"\r");
    // service.group is the first question: the conflict stands at its top with both values.
    pty.wait_text("conflict: here interactive (Bob");
    pty.wait_text("other side informational");
    pty.wait_text("(Alice <alice@example.org>)");
    // Choose the highlighted option, then quit.
    pty.send(b" ");
    pty.wait_for("the conflict line goes", |s| {
        !s.contents().contains("conflict: here")
    });
    pty.send(b"q");
    let (status, _) = pty.wait_exit(Duration::from_secs(10));
    assert!(status.success());
    assert_ne!(
        w.git(&b, &["rev-parse", "HEAD"]),
        head,
        "a commit was made on quit"
    );
    assert_eq!(w.git(&b, &["status", "--porcelain"]), "");
    let text = read(&b, "T1");
    assert!(!text.contains("[conflicts"), "{text}");
    let subject = w.git(&b, &["log", "-1", "--format=%an: %s"]);
    assert!(subject.starts_with("Bob: Tax e-filing: "), "{subject}");
    assert!(
        subject.contains("conflict answers/service.group open → –"),
        "{subject}"
    );
}
