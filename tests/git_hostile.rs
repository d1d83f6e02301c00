//! A hostile collaborator with push access commits symbolic links and a service name made to
//! be run by a shell; the victim gets them with a plain `git clone` (no `xal sync` to check
//! them on the way in). Whatever the victim then does, in every headless command and in the
//! interface, nothing outside the data dir is read, created or changed, every link is left
//! where it is, and what xal writes into git and its log is one inert line.

use crate::git_common;
use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use git_common::*;
use support::pty::Pty;

const HOSTILE_NAME: &str = "y; echo PWNED > proof #";

/// Every entry below `dir` with its content (a link as its target): "unchanged" means equal.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let t = e.file_type().unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if t.is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(rel, format!("-> {}", target.display()));
            } else if t.is_dir() {
                out.insert(rel, "<dir>".into());
                stack.push(p);
            } else {
                out.insert(
                    rel,
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into(),
                );
            }
        }
    }
    out
}

/// The folder the attacker's links point into, with a victim's files that must not change.
fn outside(w: &World) -> PathBuf {
    let o = w.root().join("outside");
    std::fs::create_dir_all(o.join("exports-dir")).unwrap();
    std::fs::create_dir_all(o.join("trash-dir")).unwrap();
    std::fs::write(o.join("bashrc"), "# the victim's shell start-up\n").unwrap();
    std::fs::write(
        o.join("secret.toml"),
        assessment("L1", "Outside secret", TAX),
    )
    .unwrap();
    o
}

/// The shared record Alice started with T1, and the folder outside it.
fn shared_and_outside() -> (World, PathBuf) {
    let w = World::new();
    let out = outside(&w);
    w.first("alice", "Alice", &[("T1", &tax())]);
    (w, out)
}

/// The attacker's clone commits `links` (name in the data dir → target) and pushes, with git
/// alone, as a person with push access can.
fn attack(w: &World, links: &[(&str, &str)], files: &[(&str, String)]) {
    let m = w.clone("mallory", "Mallory");
    for (name, text) in files {
        std::fs::write(m.join(name), text).unwrap();
    }
    for (name, target) in links {
        std::os::unix::fs::symlink(target, m.join(name)).unwrap();
    }
    // Forced: xal's `.gitignore` lists the local files (`xal.log`, `.lock` …), and an
    // attacker is not stopped by it.
    w.git(&m, &["add", "-A", "-f", "--", "."]);
    w.git(&m, &["commit", "-q", "-m", "tidy up"]);
    w.git(&m, &["push", "-q", "origin", "main"]);
}

/// The victim's data dir: a plain clone of the shared repository, made a data dir.
fn victim(w: &World) -> PathBuf {
    let remote = w.remote();
    w.git(
        w.root(),
        &["clone", "-q", remote.to_str().unwrap(), "victim"],
    );
    let v = w.root().join("victim");
    w.author(&v, "Victor");
    v
}

/// The pty environment, with an editor that appends to what it is given as `VISUAL`.
fn env(w: &World) -> Vec<(String, String)> {
    let config = w.root().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let mut env = pty_env(w, &config);
    env.push(("VISUAL".into(), editor(w).display().to_string()));
    env
}

/// An "editor" that appends a line to the file it is given.
fn editor(w: &World) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = w.root().join("editor.sh");
    std::fs::write(&p, "#!/bin/sh\necho EDITED >> \"$1\"\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// Opens the interface on `data`, opens the first assessment, answers its first question
/// the question it opens on with its second option, and quits; the screen as it was just before quitting.
/// `first` are keys sent on the list before that, each followed by a pause.
fn answer_once_in_the_interface(w: &World, data: &Path, first: &[&[u8]]) -> String {
    let data = data.display().to_string();
    let mut pty = Pty::spawn(
        Path::new(env!("CARGO_BIN_EXE_xal")),
        &["--data-dir", &data, "--lang", "en"],
        &env(w),
        w.root(),
        100,
        30,
    );
    pty.wait_text("Tax e-filing");
    for keys in first {
        pty.send(keys);
        std::thread::sleep(Duration::from_millis(400));
    }
    pty.send(b"\r");
    pty.wait_text("Questions ·");
    // The open question's second option, whatever it is.
    pty.send(b"2");
    // The save's outcome, "saved" or "not saved", however long a loaded machine takes.
    pty.wait_for("the save's outcome", |s| s.contents().contains("saved"));
    let screen = pty.screen_text();
    if screen.contains("not saved") {
        // A refused save says why in a dialog; q closes it, the next q quits.
        pty.send(b"q");
        std::thread::sleep(Duration::from_millis(400));
    }
    pty.send(b"q");
    let (status, _) = pty.wait_exit(Duration::from_secs(15));
    assert!(status.success(), "{status:?}\n{screen}");
    screen
}

fn assert_links_kept(v: &Path, names: &[&str]) {
    for n in names {
        let m = std::fs::symlink_metadata(v.join(n)).unwrap();
        assert!(m.file_type().is_symlink(), "{n} is no longer the link");
    }
}

#[test]
fn a_committed_log_link_and_a_name_made_for_a_shell_run_nothing() {
    let (w, out) = shared_and_outside();
    attack(
        &w,
        &[("xal.log", "../outside/bashrc")],
        &[(
            "assessments/T1.toml",
            assessment("T1", &format!("Tax e-filing {HOSTILE_NAME}"), TAX),
        )],
    );
    let v = victim(&w);
    ok(&w.xal(&v, &["repo", "init"]));
    let before = snapshot(&out);
    let head = w.git(&v, &["rev-parse", "HEAD"]);

    answer_once_in_the_interface(&w, &v, &[]);

    assert_eq!(
        snapshot(&out),
        before,
        "a file outside the data dir changed"
    );
    assert!(!w.root().join("proof").exists() && !v.join("proof").exists());
    assert_links_kept(&v, &["xal.log"]);
    // The answer was saved and committed on quit, under a one-line subject.
    assert_ne!(
        w.git(&v, &["rev-parse", "HEAD"]),
        head,
        "nothing was committed"
    );
    let subject = w.git(&v, &["log", "-1", "--format=%B"]);
    assert_eq!(subject.trim_end().lines().count(), 1, "{subject:?}");
    assert!(subject.contains(HOSTILE_NAME), "{subject}");
    assert!(!subject.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn committed_links_are_listed_and_left_alone_by_every_command() {
    let (w, out) = shared_and_outside();
    let links = [
        ("xal.log", "../outside/bashrc"),
        (".lock", "../outside/created-by-lock"),
        ("exports", "../outside/exports-dir"),
        ("trash", "../outside/trash-dir"),
        (".index.bin", "/dev/zero"),
        (".pending.toml", "/dev/tty"),
        ("train.toml", "../outside/bashrc"),
        ("assessments/L1.toml", "../../outside/secret.toml"),
    ];
    attack(&w, &links, &[]);
    let v = victim(&w);
    let names: Vec<&str> = links.iter().map(|(n, _)| *n).collect();
    let before = snapshot(&out);
    let other = snapshot(w.root().join("alice").as_path());

    // The listing shows the link as a problem, by name, and nothing of what it points to.
    let list = w.xal(&v, &["list"]);
    let shown = format!("{}{}", out_of(&list), err(&list));
    assert!(shown.contains("Tax e-filing"), "{shown}");
    assert!(shown.contains("L1.toml"), "{shown}");
    assert!(shown.contains("symbolic link"), "{shown}");
    assert!(!shown.contains("Outside secret"), "{shown}");
    let show = w.xal(&v, &["show", "L1"]);
    assert_ne!(show.status.code(), Some(0));
    assert!(err(&show).contains("symbolic link"), "{}", err(&show));
    assert!(!out_of(&show).contains("Outside secret"));

    // Every other command, read-only or writing, on the good assessment and the linked one.
    let report = w.root().join("report.md");
    let report = report.to_str().unwrap();
    let import = w.root().join("import.toml");
    std::fs::write(&import, assessment("I1", "Imported", TAX)).unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["list", "--format", "json"],
        vec!["show", "T1"],
        vec!["show", "T1", "--format", "json"],
        vec!["export", "T1", "--format", "md", "-o", report],
        vec!["export", "L1", "--format", "md"],
        vec!["diff", "T1", "L1"],
        vec!["history", "T1"],
        vec!["trash", "list"],
        vec![
            "approve",
            "T1",
            "--by",
            "Victor",
            "--step",
            "reviewed",
            "--no-sign",
        ],
        vec!["import", import.to_str().unwrap()],
        vec!["repo", "init"],
        vec!["sync"],
    ];
    for args in &runs {
        let o = w.xal(&v, args);
        let said = format!("{}{}", out_of(&o), err(&o));
        assert!(!said.contains("Outside secret"), "{args:?}: {said}");
        assert_eq!(snapshot(&out), before, "{args:?} changed a file outside");
        assert_links_kept(&v, &names);
    }
    // A save needs the writers' lock: its link is named, not followed.
    let o = w.xal(
        &v,
        &[
            "approve",
            "T1",
            "--by",
            "Victor",
            "--step",
            "reviewed",
            "--no-sign",
        ],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(
        err(&o).contains("`.lock` is a symbolic link"),
        "{}",
        err(&o)
    );

    // `E` on the linked file would hand the link to an editor, which follows it: this
    // editor appends to whatever it is given, so a followed link would show outside.
    // The start names the linked `.pending.toml` in a dialog first; Enter closes it.
    let screen = answer_once_in_the_interface(&w, &v, &[b"\r", b"E", b"j"]);
    assert!(!screen.contains("Outside secret"), "{screen}");
    assert!(screen.contains("`.lock` is a symbolic link"), "{screen}");
    assert_eq!(
        snapshot(&out),
        before,
        "the interface changed a file outside"
    );
    assert_links_kept(&v, &names);
    assert!(!out.join("created-by-lock").exists());
    // The collaborator's own data dir is untouched too (no push reached it).
    assert_eq!(snapshot(w.root().join("alice").as_path()), other);
}

fn out_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
