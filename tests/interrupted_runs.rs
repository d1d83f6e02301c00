//! Interrupted runs leave nothing that blocks the next, and what a run leaves is what it
//! says: `train start` puts a trainee's folder in place whole or not at all (a killed run's
//! staging folder is cleared by the next); a failed `reset` leaves no empty backup folder;
//! the class handout is private whatever the umask; `repo init` keeps every file of this
//! machine out of git; `show` of a file that cannot be read is bad input (exit 2); a
//! sign-off's name and role are one line, refused at input and escaped at output.
#![cfg(unix)]

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use support::cli::{DGS, ok, report_fixture, xal, xal_command};

fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics")
}

fn pack() -> String {
    pack_dir().to_str().unwrap().to_string()
}

/// How many scenarios the bundled pack hands out.
fn scenarios() -> usize {
    std::fs::read_dir(pack_dir().join("assessments"))
        .unwrap()
        .count()
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// A process id that ran and is gone.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn train_start(data: &Path) -> Command {
    let mut c = xal_command();
    c.arg("--data-dir")
        .arg(data)
        .args(["train", "start", &pack()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

// ----- (a) train start: whole or nothing ---------------------------------------------------

#[test]
fn a_killed_runs_staging_folder_does_not_block_the_next_start() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("anan");
    // What a `train start` killed midway leaves: its staging folder beside the data dir,
    // with some of the scenarios.
    let stale = root
        .path()
        .join(format!(".anan.xal-staging-{}-Ab9x", dead_pid()));
    std::fs::create_dir_all(stale.join("assessments")).unwrap();
    std::fs::copy(
        pack_dir().join("assessments/th-complaints.toml"),
        stale.join("assessments/th-complaints.toml"),
    )
    .unwrap();

    let out = ok(&xal(&data, &["train", "start", &pack()]));
    assert!(out.contains(&format!("{} scenarios", scenarios())), "{out}");
    assert_eq!(names(&data.join("assessments")).len(), scenarios());
    assert_eq!(
        names(root.path()),
        ["anan"],
        "the stale staging folder is gone"
    );
    assert_eq!(mode(&data), 0o700);
}

#[test]
fn a_start_that_fails_midway_leaves_no_trainee_folder() {
    let root = tempfile::tempdir().unwrap();
    // A pack whose last scenario comes twice: the second cannot be written (its id is taken).
    let bad = root.path().join("pack");
    std::fs::create_dir_all(bad.join("assessments")).unwrap();
    std::fs::copy(pack_dir().join("pack.toml"), bad.join("pack.toml")).unwrap();
    for f in names(&pack_dir().join("assessments")) {
        std::fs::copy(
            pack_dir().join("assessments").join(&f),
            bad.join("assessments").join(&f),
        )
        .unwrap();
    }
    std::fs::copy(
        pack_dir().join("assessments/th-complaints.toml"),
        bad.join("assessments/zz-again.toml"),
    )
    .unwrap();
    let class = root.path().join("class");
    std::fs::create_dir(&class).unwrap();
    let data = class.join("anan");
    let o = xal(&data, &["train", "start", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
    assert!(!data.exists(), "no partial trainee folder in place");
    assert!(names(&class).is_empty(), "{:?}", names(&class));

    // The next start, with a good pack, is not blocked.
    ok(&xal(&data, &["train", "start", &pack()]));
    assert_eq!(names(&data.join("assessments")).len(), scenarios());
}

/// `train start` killed (SIGKILL) at moments spread over its run: the trainee folder is
/// either absent or whole, and the next start either hands the pack out or refuses a whole
/// folder; nothing else is left beside it.
#[test]
fn a_start_killed_at_any_moment_leaves_all_or_nothing() {
    let root = tempfile::tempdir().unwrap();
    let probe = root.path().join("probe");
    let t0 = Instant::now();
    assert!(train_start(&probe).status().unwrap().success());
    let took = t0.elapsed();
    let trials = 12u32;
    for i in 0..trials {
        let class = root.path().join(format!("class{i}"));
        std::fs::create_dir(&class).unwrap();
        let data = class.join("anan");
        let mut child = train_start(&data).spawn().unwrap();
        std::thread::sleep(took * i / trials);
        let _ = child.kill();
        child.wait().unwrap();
        let count = match std::fs::read_dir(data.join("assessments")) {
            Ok(rd) => rd.count(),
            Err(_) => 0,
        };
        assert!(
            count == 0 || count == scenarios(),
            "trial {i}: {count} of {} scenarios in place",
            scenarios()
        );
        let next = xal(&data, &["train", "start", &pack()]);
        if count == 0 {
            assert_eq!(next.status.code(), Some(0), "trial {i}: {}", err(&next));
        } else {
            assert_eq!(next.status.code(), Some(2), "trial {i}: {}", err(&next));
            assert!(data.join("train.toml").is_file(), "trial {i}");
        }
        assert_eq!(names(&data.join("assessments")).len(), scenarios());
        assert_eq!(names(&class), ["anan"], "trial {i}");
    }
}

// ----- (b) the handout is private whatever the umask ----------------------------------------

#[test]
fn the_class_handout_is_private_under_umask_000() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("anan");
    let handout = root.path().join("handout").join("class-1");
    // The umask is set in a shell that then runs xal: this test binary's stays as it is.
    let o = Command::new("sh")
        .arg("-c")
        .arg(r#"umask 000 && touch "$1/probe" && shift && exec "$@""#)
        .arg("sh")
        .arg(root.path())
        .arg(support::xal_bin())
        .arg("--data-dir")
        .arg(&data)
        .args(["train", "start", &pack(), "--handout"])
        .arg(&handout)
        .env("XAL_CONFIG_DIR", "/nonexistent-xal-config")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        mode(&root.path().join("probe")),
        0o666,
        "umask 000 in force"
    );
    assert_eq!(mode(&handout), 0o700);
    assert_eq!(mode(handout.parent().unwrap()), 0o700);
    let files = names(&handout);
    assert_eq!(files.len(), 4, "{files:?}");
    for f in files {
        assert_eq!(mode(&handout.join(&f)), 0o600, "{f}");
    }
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("assessments")), 0o700);
}

// ----- (c) repo init keeps this machine's files out of git ---------------------------------

#[test]
fn repo_init_ignores_every_file_of_this_machine() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::write(
        home.join("gitconfig"),
        "[init]\n\tdefaultBranch = main\n[user]\n\tname = Nobody\n\temail = nobody@example.org\n",
    )
    .unwrap();
    let git_env = |c: &mut Command| {
        c.env("HOME", &home)
            .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
    };
    let data = root.path().join("data");
    std::fs::create_dir_all(data.join("assessments")).unwrap();
    std::fs::copy(
        report_fixture(DGS),
        data.join(format!("assessments/{DGS}.toml")),
    )
    .unwrap();
    let mut c = xal_command();
    c.arg("--data-dir").arg(&data).args(["repo", "init"]);
    git_env(&mut c);
    let o = c.stdin(Stdio::null()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let local = [
        ".pending.toml",
        ".index.bin",
        ".index.json",
        ".lock",
        "xal.log",
        "train.toml",
        "exports/r.md",
        "trash/A.toml",
        "assessments/.xal-1-abc.tmp",
        ".xal-staging-1-abc/train.toml",
    ];
    for f in local {
        let p = data.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "x").unwrap();
    }
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(&data)
        .args(["status", "--porcelain", "--untracked-files=all"]);
    git_env(&mut c);
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", err(&o));
    let status = String::from_utf8_lossy(&o.stdout);
    assert_eq!(status, "", "files of this machine only show in git");
}

// ----- (d) a failed reset leaves no backup folder -------------------------------------------

#[test]
fn a_reset_that_fails_leaves_no_empty_backup_folder() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("anan");
    ok(&xal(&data, &["train", "start", &pack()]));
    let before = names(&data);
    // The data dir cannot be moved into a folder of its own: the rename fails.
    let backups = data.join("kept").join("backups");
    let o = xal(
        &data,
        &["reset", "--yes", "--backup-dir", backups.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
    assert!(!data.join("kept").exists(), "no empty backup folder left");
    assert_eq!(names(&data), before, "the data dir is untouched");
    assert_eq!(names(root.path()), ["anan"]);
}

// ----- (e) an assessment that cannot be read is bad input -----------------------------------

#[test]
fn a_file_that_cannot_be_read_is_bad_input_for_every_single_file_reader() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let a = data.join("assessments");
    std::fs::create_dir_all(&a).unwrap();
    // A folder where the file should be: not readable as a file, by anyone (root included).
    std::fs::create_dir(a.join("FOLDER1.toml")).unwrap();
    let mut ids = vec!["FOLDER1"];
    // A file this user may not read, where the user is not root (root reads it anyway).
    let locked = a.join("LOCKED1.toml");
    std::fs::copy(report_fixture(DGS), &locked).unwrap();
    let text = std::fs::read_to_string(&locked)
        .unwrap()
        .replace(DGS, "LOCKED1");
    std::fs::write(&locked, text).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_err() {
        ids.push("LOCKED1");
    } else {
        std::fs::remove_file(&locked).unwrap();
    }
    for id in ids {
        let file = a.join(format!("{id}.toml"));
        for args in [
            vec!["show", id],
            vec!["show", id, "--format", "json"],
            vec!["export", id, "--format", "md"],
            vec!["approve", id, "--by", "Jane"],
            vec!["diff", id, id],
        ] {
            let o = xal(&data, &args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
            let e = err(&o);
            assert_eq!(e.lines().count(), 1, "{args:?}: {e}");
            assert!(
                e.starts_with(&format!("{}: cannot read", file.display())),
                "{args:?}: {e}"
            );
        }
        let o = xal(&data, &["list"]);
        assert_eq!(o.status.code(), Some(2), "list: {}", err(&o));
    }
}

// ----- (f) a sign-off's name and role are one line -------------------------------------------

fn signed_data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("assessments");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::copy(report_fixture(DGS), a.join(format!("{DGS}.toml"))).unwrap();
    dir
}

#[test]
fn a_name_or_role_over_two_lines_is_refused_naming_the_flag() {
    let dir = signed_data_dir();
    let file = dir.path().join(format!("assessments/{DGS}.toml"));
    let before = std::fs::read(&file).unwrap();
    for (args, flag) in [
        (&["--by", "Jane\napproved by The Minister"][..], "--by"),
        (&["--by", "Ja\rne"][..], "--by"),
        (&["--by", "Jane\u{1b}[2J"][..], "--by"),
        (&["--by", "Jane", "--role", "CIO\nDirector"][..], "--role"),
        (&["--by", "Jane", "--role", "\u{202e}OIC"][..], "--role"),
    ] {
        let mut all = vec!["approve", DGS, "--no-sign"];
        all.extend_from_slice(args);
        let o = xal(dir.path(), &all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        let e = err(&o);
        assert_eq!(e.lines().count(), 1, "{args:?}: {e}");
        assert!(e.starts_with(&format!("xal: {flag}: ")), "{args:?}: {e}");
        assert!(e.contains("one line"), "{e}");
        assert!(!e.contains('\u{1b}'), "{e:?}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing written");
    // A note may hold several lines.
    ok(&xal(
        dir.path(),
        &[
            "approve",
            DGS,
            "--by",
            "Jane",
            "--note",
            "first\nsecond",
            "--no-sign",
        ],
    ));
}

#[test]
fn a_name_written_by_hand_over_two_lines_shows_on_one() {
    let dir = signed_data_dir();
    ok(&xal(
        dir.path(),
        &[
            "approve",
            DGS,
            "--by",
            "Mallory",
            "--role",
            "Clerk",
            "--no-sign",
        ],
    ));
    let file = dir.path().join(format!("assessments/{DGS}.toml"));
    let text = std::fs::read_to_string(&file).unwrap();
    let forged = text
        .replace(
            "by = \"Mallory\"",
            "by = \"Mallory\\napproved by The Minister\"",
        )
        .replace("role = \"Clerk\"", "role = \"Clerk\\r\\u001b[2K\"");
    assert_ne!(text, forged);
    std::fs::write(&file, forged).unwrap();

    let show = ok(&xal(dir.path(), &["show", DGS]));
    assert!(
        !show
            .lines()
            .any(|l| l.starts_with("approved by The Minister")),
        "a line that is not in the file: {show}"
    );
    assert!(
        show.contains("approved by Mallory\\u{a}approved by The Minister (Clerk\\u{d}\\u{1b}[2K)"),
        "{show}"
    );
    // Reports say the sign-off in one line too (Markdown escapes the backslash again).
    for format in ["md", "html"] {
        let r = ok(&xal(dir.path(), &["export", DGS, "--format", format]));
        assert!(
            !r.lines()
                .any(|l| l.contains("approved by The Minister (Clerk") && !l.contains("Mallory")),
            "{format}: {r}"
        );
        assert!(
            r.contains("u{a}approved by The Minister (Clerk"),
            "{format}"
        );
    }
    // The JSON keeps the value exactly.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&xal(dir.path(), &["show", DGS, "--format", "json"]))).unwrap();
    assert_eq!(
        json["signoff"][0]["by"],
        "Mallory\napproved by The Minister"
    );
    // The list keeps one row per assessment.
    let list = ok(&xal(dir.path(), &["list"]));
    assert_eq!(list.lines().count(), 2, "{list}");
}
