//! The real interface in a pty on a git data dir: a conflicted answer shows both values, and
//! what was answered is committed on quit (`git.commit = "on-quit"`, the default) with a
//! message made of the answer delta.

use crate::git_common;
use crate::support;

use std::time::Duration;

use git_common::*;
use support::pty::Pty;

#[test]
fn a_conflict_shows_both_values_and_quitting_commits_the_answer() {
    let (w, a, b) = alice_and_bob();
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
        &pty_env(&w, &config),
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

fn spawn(w: &World, data: &std::path::Path, lang: &str, cols: u16, rows: u16) -> Pty {
    let config = w.root().join(format!("config-{lang}"));
    std::fs::create_dir_all(&config).unwrap();
    let data = data.display().to_string();
    Pty::spawn(
        std::path::Path::new(env!("CARGO_BIN_EXE_xal")),
        &["--data-dir", &data, "--lang", lang],
        &pty_env(w, &config),
        w.root(),
        cols,
        rows,
    )
}

#[test]
fn the_sync_key_brings_in_alices_answer_and_h_shows_who_changed_it() {
    let (w, a, b) = alice_and_bob();
    pi_needed_no(&a);
    ok(&w.xal(&a, &["sync"]));

    let mut pty = spawn(&w, &b, "en", 80, 24);
    pty.wait_text("Tax e-filing");
    // Counted in the background once the list is up; the footer offers the key.
    pty.wait_text("↑0 ↓0");
    pty.wait_text("S sync");
    pty.send(b"S");
    pty.wait_text("in: changed Tax e-filing [T1] (Alice <alice@example.org>)");
    pty.wait_text("pi.needed yes → no");
    pty.wait_text("out: nothing");
    pty.send(b"\x1b");
    pty.wait_for("the outcome closes", |s| {
        !s.contents().contains("out: nothing")
    });
    assert!(read(&b, "T1").contains("\"pi.needed\" = \"no\""));
    // The history of the highlighted assessment, read-only, scrollable.
    pty.send(b"H");
    pty.wait_text("History: Tax e-filing");
    pty.wait_for("Alice's change with its commit", |s| {
        let t = s.contents();
        t.contains("Alice <alice@example.org>") && t.contains("pi.needed yes → no")
    });
    pty.send(b"j");
    pty.send(b"q");
    pty.wait_for("the history closes", |s| {
        !s.contents().contains("History: Tax e-filing")
    });
    pty.send(b"q");
    let (status, _) = pty.wait_exit(Duration::from_secs(10));
    assert!(status.success());
    assert_eq!(w.git(&b, &["status", "--porcelain"]), "");
}

#[test]
fn the_sync_key_says_when_the_remote_is_gone_and_when_a_merge_is_in_progress() {
    let (w, _a, b) = alice_and_bob();
    std::fs::rename(w.remote(), w.root().join("remote.gone")).unwrap();

    let mut pty = spawn(&w, &b, "en", 80, 24);
    pty.wait_text("Tax e-filing");
    pty.send(b"S");
    pty.wait_text("Sync did not finish");
    pty.wait_text("the remote cannot be reached");
    pty.send(b"\x1b");
    pty.wait_for("the message closes", |s| {
        !s.contents().contains("Sync did not finish")
    });
    // A merge left in progress: sync refuses and says what to run, in Thai too.
    let head = w.git(&b, &["rev-parse", "HEAD"]);
    let merge_head = w.git(&b, &["rev-parse", "--git-path", "MERGE_HEAD"]);
    std::fs::write(b.join(merge_head.trim()), head).unwrap();
    pty.send(b"L");
    pty.send(b"S");
    pty.wait_text("ซิงก์ไม่สำเร็จ");
    pty.wait_text("git merge --abort");
    pty.send(b"q");
    pty.wait_for("the message closes", |s| {
        !s.contents().contains("ซิงก์ไม่สำเร็จ")
    });
    pty.send(b"q");
    let (status, _) = pty.wait_exit(Duration::from_secs(10));
    assert!(status.success());
    assert!(
        b.join(merge_head.trim()).exists(),
        "the merge in progress is left for the user"
    );
}

#[test]
fn outside_a_repository_the_interface_shows_no_sync_count_or_history() {
    let w = World::new();
    let d = w.root().join("plain");
    std::fs::create_dir_all(d.join("assessments")).unwrap();
    std::fs::write(
        d.join("assessments/T1.toml"),
        assessment("T1", "Tax e-filing", TAX),
    )
    .unwrap();
    let mut pty = spawn(&w, &d, "en", 80, 24);
    pty.wait_text("Tax e-filing");
    pty.wait_text("? help");
    let screen = pty.screen_text();
    assert!(!screen.contains("sync"), "{screen}");
    assert!(!screen.contains("history"), "{screen}");
    assert!(!screen.contains('↑'), "{screen}");
    pty.send(b"\r");
    pty.wait_text("Questions");
    let screen = pty.screen_text();
    assert!(!screen.contains("last changed"), "{screen}");
    assert!(!screen.contains("sync"), "{screen}");
    pty.send(b"H");
    pty.wait_text("The data dir is not");
    assert!(!pty.screen_text().contains("History:"));
    pty.send(b"q");
    let (status, _) = pty.wait_exit(Duration::from_secs(10));
    assert!(status.success());
    assert!(!d.join(".git").exists(), "nothing made it a repository");
}
