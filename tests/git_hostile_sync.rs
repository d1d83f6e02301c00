//! `xal sync` against a collaborator with push access who commits what must never land in
//! another assessor's data dir: links (to files outside it), a submodule, git attributes that
//! ask for a filter, files outside xal's layout, an oversized file, an assessment that does
//! not parse, a line merge that does not parse. Each is refused before git merges (exit 4) or,
//! for the merge, undone as a conflict (exit 3); the victim's branch, files and the files
//! outside the data dir stay exactly as they were, and nothing of the victim's is sent with
//! it. Then what a killed sync leaves behind (git's `index.lock`, the merge driver's temporary
//! files, a merge git finished after xal was killed).

use crate::git_common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use git_common::*;

/// The exit status of a sync that refuses what the remote brings in (README, exit codes).
const REFUSED: i32 = 4;
const MALLORY: &str = "Mallory <mallory@example.org>";

struct Scene {
    w: World,
    /// The attacker's clone.
    m: PathBuf,
    /// The victim's data dir.
    v: PathBuf,
    /// A folder outside every data dir, with a file the links point at.
    outside: PathBuf,
    canary: PathBuf,
    /// The victim's own commit, not sent yet.
    own: String,
}

/// The shared record, the attacker's and the victim's clones, a canary outside both, and an
/// answer the victim changed and committed but has not sent yet.
fn scene() -> Scene {
    let w = World::new();
    let m = w.first("m", "Mallory", &[("T1", &tax())]);
    let v = w.clone("v", "Victor");
    let outside = w.root().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let canary = outside.join("canary.txt");
    std::fs::write(&canary, "the canary: nothing writes here\n").unwrap();
    financial_high(&v);
    w.git(&v, &["commit", "-qam", "Victor: financial high"]);
    let own = w.git(&v, &["rev-parse", "HEAD"]).trim().to_string();
    Scene {
        w,
        m,
        v,
        outside,
        canary,
        own,
    }
}

/// The attacker commits `paths` as they are in the work tree (ignored or not) and pushes.
fn push_attack(s: &Scene, paths: &[&str], msg: &str) {
    let mut add = vec!["add", "-A", "-f", "--"];
    add.extend_from_slice(paths);
    s.w.git(&s.m, &add);
    s.w.git(&s.m, &["commit", "-q", "-m", msg]);
    s.w.git(&s.m, &["push", "-q", "origin", "main"]);
}

/// Every file under `dir` (not `.git`): its bytes, or where a link points.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if p.file_name().is_some_and(|n| n == ".git") && d == dir {
                continue;
            }
            let t = e.file_type().unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if t.is_symlink() {
                let mut v = b"link:".to_vec();
                v.extend(std::fs::read_link(&p).unwrap().to_string_lossy().bytes());
                out.insert(rel, v);
            } else if t.is_dir() {
                todo.push(p);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    head: String,
    branch: String,
    work_tree: BTreeMap<PathBuf, Vec<u8>>,
    outside: BTreeMap<PathBuf, Vec<u8>>,
    /// The names at the top of the temporary world (a file made next to the data dirs shows).
    world: BTreeSet<String>,
}

fn snapshot(s: &Scene) -> Snapshot {
    Snapshot {
        head: s.w.git(&s.v, &["rev-parse", "HEAD"]),
        branch: s.w.git(&s.v, &["symbolic-ref", "HEAD"]),
        work_tree: files(&s.v),
        outside: files(&s.outside),
        world: std::fs::read_dir(s.w.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
    }
}

/// Whether the bare remote's `main` holds `commit`.
fn remote_has(s: &Scene, commit: &str) -> bool {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(s.w.remote())
        .args(["merge-base", "--is-ancestor", commit, "main"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    git_env(&mut c, s.w.root());
    c.status().unwrap().success()
}

/// The names of the files on the bare remote's `main`, a line each.
fn remote_files(s: &Scene) -> String {
    s.w.git(&s.w.remote(), &["ls-tree", "-r", "--name-only", "main"])
}

/// Every assessment on the bare remote's `main` parses.
fn remote_assessments_parse(s: &Scene) {
    let names = s.w.git(
        &s.w.remote(),
        &["ls-tree", "-r", "--name-only", "main", "--", "assessments"],
    );
    for name in names.lines().filter(|n| n.ends_with(".toml")) {
        let text = s.w.git(&s.w.remote(), &["show", &format!("main:{name}")]);
        xal::store::parse_assessment(Path::new(name), &text)
            .unwrap_or_else(|e| panic!("{name} on the remote does not parse: {e}"));
    }
}

/// The sync refused: its code and words, and nothing changed anywhere.
fn assert_refused(s: &Scene, before: &Snapshot, o: &Output, code: i32, says: &[&str]) {
    let e = err(o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout: {}\nstderr: {e}",
        out(o)
    );
    for w in says {
        assert!(e.contains(w), "{w:?} in:\n{e}");
    }
    assert_eq!(&snapshot(s), before, "stderr: {e}");
    assert!(
        !s.v.join(".git/MERGE_HEAD").exists(),
        "no merge in progress"
    );
    assert!(!s.v.join(".git/index.lock").exists());
    assert_eq!(s.w.git(&s.v, &["status", "--porcelain"]), "");
    // The victim's answer is still there, committed, and was not sent with the attack.
    assert!(read(&s.v, "T1").contains("financial = \"high\""));
    assert_eq!(s.w.git(&s.v, &["rev-parse", "HEAD"]).trim(), s.own);
    assert!(!remote_has(s, &s.own), "the victim's commit was not pushed");
    // Nothing is written through a link, nor made outside the data dir.
    assert_eq!(
        std::fs::read_to_string(&s.canary).unwrap(),
        "the canary: nothing writes here\n"
    );
}

/// The victim's sync exits `code`, and what it says on stderr holds `says`.
fn victim_sync_fails(s: &Scene, code: i32, says: &str) -> Output {
    let o = s.w.xal(&s.v, &["sync"]);
    assert_eq!(o.status.code(), Some(code), "{}", err(&o));
    assert!(err(&o).contains(says), "{}", err(&o));
    o
}

/// Each line of stderr that names `path` also names the attacker.
fn blamed(o: &Output, path: &str) {
    let e = err(o);
    let line = e
        .lines()
        .find(|l| l.starts_with(&format!("{path}: ")))
        .unwrap_or_else(|| panic!("a line for {path} in:\n{e}"));
    assert!(line.contains(MALLORY), "{line}");
    assert!(line.contains("last changed in commit"), "{line}");
}

fn sync_refused(s: &Scene, path: &str, says: &[&str]) -> Output {
    let before = snapshot(s);
    let o = s.w.xal(&s.v, &["sync"]);
    let mut all = vec![path];
    all.extend_from_slice(says);
    all.push("nothing was merged");
    assert_refused(s, &before, &o, REFUSED, &all);
    blamed(&o, path);
    // And once more: the refusal is not a one-off, nothing was half taken in.
    let again = s.w.xal(&s.v, &["sync"]);
    assert_refused(s, &before, &again, REFUSED, &all);
    o
}

fn link(s: &Scene, path: &str, target: &Path) {
    let p = s.m.join(path);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let _ = std::fs::remove_file(&p);
    std::os::unix::fs::symlink(target, &p).unwrap();
}

/// The attacker pushes `path` as it is, committed with `msg`; the victim's sync refuses it.
fn attack_refused(s: &Scene, path: &str, msg: &str, says: &[&str]) -> Output {
    push_attack(s, &[path], msg);
    sync_refused(s, path, says)
}

/// A scene in which the attacker has written `files` (path, text) and pushed them, committed
/// with `msg`.
fn attacked(files: &[(&str, &str)], msg: &str) -> Scene {
    let s = scene();
    for (path, text) in files {
        let p = s.m.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let paths: Vec<&str> = files.iter().map(|(p, _)| *p).collect();
    push_attack(&s, &paths, msg);
    s
}

/// A scene in which the attacker has pushed a link at `path` to `target` (a place of the
/// scene), committed with `msg`.
fn link_pushed(path: &str, target: fn(&Scene) -> PathBuf, msg: &str) -> Scene {
    let s = scene();
    link(&s, path, &target(&s));
    push_attack(&s, &[path], msg);
    s
}

/// As `link_pushed`, and the victim's sync refuses the link, saying `says`.
fn link_refused(path: &str, target: fn(&Scene) -> PathBuf, msg: &str, says: &[&str]) -> Scene {
    let s = link_pushed(path, target, msg);
    sync_refused(&s, path, says);
    s
}

#[test]
fn a_link_named_xal_log_is_refused_and_the_file_it_points_at_is_untouched() {
    link_refused(
        "xal.log",
        |s| s.canary.clone(),
        "a log",
        &["symbolic link", "canary.txt"],
    );
}

#[test]
fn a_link_named_lock_is_refused_and_no_file_is_made_where_it_points() {
    let s = link_refused(
        ".lock",
        |s| s.w.root().join("made-by-the-link"),
        "a lock",
        &["symbolic link"],
    );
    assert!(!s.w.root().join("made-by-the-link").exists());
}

#[test]
fn a_link_named_exports_to_a_folder_outside_is_refused() {
    let s = link_refused(
        "exports",
        |s| s.outside.clone(),
        "exports",
        &["symbolic link"],
    );
    assert!(!s.v.join("exports").exists());
}

#[test]
fn an_assessment_that_is_a_link_to_a_file_outside_is_refused() {
    link_refused(
        "assessments/T1.toml",
        |s| s.canary.clone(),
        "T1 elsewhere",
        &["symbolic link", "canary.txt"],
    );
}

#[test]
fn git_attributes_that_ask_for_a_filter_are_refused() {
    let s = scene();
    let attrs = s.m.join(".gitattributes");
    let mut text = std::fs::read_to_string(&attrs).unwrap();
    text.push_str("* filter=evil\n");
    std::fs::write(&attrs, text).unwrap();
    // The attacker's own config (never shared by a clone) is what would run.
    let pwned = s.w.root().join("pwned");
    s.w.git(
        &s.m,
        &[
            "config",
            "filter.evil.smudge",
            &format!("touch {}; cat", pwned.display()),
        ],
    );
    s.w.git(&s.m, &["config", "filter.evil.clean", "cat"]);
    attack_refused(
        &s,
        ".gitattributes",
        "attributes",
        &["* filter=evil", "only `assessments/*.toml merge=xal`"],
    );
    assert!(!pwned.exists());
}

#[test]
fn a_merge_driver_of_another_name_in_the_attributes_is_refused() {
    let attrs = "assessments/*.toml merge=xal\nassessments/*.toml merge=evil diff=evil\n";
    let s = attacked(&[(".gitattributes", attrs)], "attributes");
    sync_refused(&s, ".gitattributes", &["merge=evil"]);
}

#[test]
fn a_submodule_is_refused() {
    let s = scene();
    let sha = s.w.git(&s.m, &["rev-parse", "HEAD"]).trim().to_string();
    s.w.git(
        &s.m,
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("160000,{sha},sub"),
        ],
    );
    s.w.git(&s.m, &["commit", "-q", "-m", "a submodule"]);
    s.w.git(&s.m, &["push", "-q", "origin", "main"]);
    sync_refused(&s, "sub", &["submodule"]);
    assert!(!s.v.join("sub").exists());
}

#[test]
fn an_assessment_broken_on_a_line_the_victim_did_not_touch_is_refused() {
    let s = scene();
    // The victim changed `financial`; this breaks `[service]`, lines away.
    edit(&s.m, "T1", "[service]", "[service");
    attack_refused(
        &s,
        "assessments/T1.toml",
        "T1: a slip",
        &["is not an assessment xal reads", "line 4"],
    );
}

#[test]
fn a_file_over_the_size_cap_is_refused() {
    let mut big = assessment("BIG", "Big", TAX);
    let pad = format!("# {}\n", "x".repeat(1022));
    while big.len() <= 4 * 1024 * 1024 {
        big.push_str(&pad);
    }
    let s = attacked(&[("assessments/BIG.toml", &big)], "a big one");
    sync_refused(&s, "assessments/BIG.toml", &["bytes, over the limit"]);
}

#[test]
fn files_outside_xal_s_layout_are_each_refused() {
    let sub = assessment("x", "Sub", TAX);
    let s = attacked(
        &[
            ("run.sh", "#!/bin/sh\necho hi\n"),
            ("assessments/sub/x.toml", &sub),
        ],
        "strays",
    );
    let o = sync_refused(&s, "run.sh", &["not a file of xal's layout"]);
    blamed(&o, "assessments/sub/x.toml");
}

#[test]
fn an_id_that_is_not_the_file_name_is_refused() {
    let s = attacked(&[("assessments/T2.toml", &tax())], "a copy");
    sync_refused(&s, "assessments/T2.toml", &["which is not its file name"]);
}

#[test]
fn names_from_the_repository_are_shown_without_their_control_characters() {
    let s = scene();
    std::fs::write(s.m.join("evil\u{1b}[2Jname"), "x").unwrap();
    s.w.git(&s.m, &["config", "user.name", "Mal\u{202e}lory"]);
    push_attack(&s, &[":(literal)evil\u{1b}[2Jname"], "escapes");
    let o = s.w.xal(&s.v, &["sync"]);
    assert_eq!(o.status.code(), Some(REFUSED), "{}", err(&o));
    let e = err(&o);
    assert!(!e.contains('\u{1b}') && !e.contains('\u{202e}'), "{e:?}");
    assert!(e.contains("evil\\u{1b}[2Jname"), "{e}");
    assert!(e.contains("Mal\\u{202e}lory"), "{e}");
}

#[test]
fn the_refusal_is_said_in_thai_too() {
    let s = link_pushed("xal.log", |s| s.canary.clone(), "a log");
    let o = s.w.xal(&s.v, &["--lang", "th", "sync"]);
    assert_eq!(o.status.code(), Some(REFUSED), "{}", err(&o));
    assert!(
        err(&o).contains("xal.log: เป็น symbolic link"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("ไม่มีการรวมใด ๆ"), "{}", err(&o));
}

#[test]
fn a_clean_sync_after_the_attack_is_removed_goes_through() {
    let s = link_pushed("xal.log", |s| s.canary.clone(), "a log");
    assert_eq!(s.w.xal(&s.v, &["sync"]).status.code(), Some(REFUSED));
    s.w.git(&s.m, &["rm", "-q", "--cached", "xal.log"]);
    s.w.git(&s.m, &["commit", "-q", "-m", "sorry"]);
    s.w.git(&s.m, &["push", "-q", "origin", "main"]);
    let o = s.w.xal(&s.v, &["sync"]);
    ok(&o);
    assert!(remote_has(&s, &s.own));
    assert!(!s.v.join("xal.log").is_symlink());
}

/// A line merge (the collaborator's attributes dropped xal's driver, which is allowed) of
/// two versions that each parse gives one that does not: a conflict, undone, nothing sent.
#[test]
fn a_line_merge_that_does_not_parse_is_a_conflict_undone_and_not_sent() {
    let s = attacked(&[(".gitattributes", "# merged by lines\n")], "no driver");
    // The victim takes that in (nothing wrong with it), then both add a `[review]` table on
    // lines far apart: each file parses, the two merged by lines do not.
    ok(&s.w.xal(&s.v, &["sync"]));
    s.w.git(&s.m, &["pull", "-q", "--ff-only", "origin", "main"]);
    edit(
        &s.m,
        "T1",
        "[ruleset]",
        "[review]\ndue = \"2027-01-01\"\n\n[ruleset]",
    );
    push_attack(&s, &["assessments/T1.toml"], "T1: a review date");
    let p = s.v.join("assessments/T1.toml");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("\n[review]\nby = \"Victor\"\n");
    std::fs::write(&p, text).unwrap();
    s.w.git(&s.v, &["commit", "-qam", "Victor: review by"]);
    let own = s.w.git(&s.v, &["rev-parse", "HEAD"]).trim().to_string();
    let s = Scene { own, ..s };
    let before = snapshot(&s);
    let o = s.w.xal(&s.v, &["sync"]);
    assert_refused(
        &s,
        &before,
        &o,
        3,
        &[
            "conflict: merging with origin/main gives assessments/T1.toml",
            "is not an assessment xal reads",
            MALLORY,
            "the merge was undone",
        ],
    );
    remote_assessments_parse(&s);
}

/// The victim's own edit that breaks a file is not committed nor sent; the rest is.
#[test]
fn an_assessment_of_one_s_own_that_does_not_parse_is_left_out_of_the_commit() {
    let s = scene();
    std::fs::write(
        s.v.join("assessments/A2.toml"),
        assessment("A2", "Land registry", TAX),
    )
    .unwrap();
    edit(&s.v, "T1", "[service]", "[service");
    let o = victim_sync_fails(&s, 2, "assessments/T1.toml: is not an assessment xal reads");
    assert!(err(&o).contains("not committed or sent"), "{}", err(&o));
    assert!(out(&o).contains("Land registry"), "{}", out(&o));
    // Left as it is, uncommitted; the good file and the earlier commit went out.
    assert!(read(&s.v, "T1").contains("[service\n"));
    assert_eq!(
        s.w.git(&s.v, &["status", "--porcelain"]),
        " M assessments/T1.toml\n"
    );
    assert!(remote_has(&s, &s.own));
    remote_assessments_parse(&s);
    let on_remote = remote_files(&s);
    assert!(on_remote.contains("assessments/A2.toml"), "{on_remote}");
}

/// A link made in one's own `assessments/` is not committed either.
#[test]
fn a_link_of_one_s_own_in_assessments_is_not_committed() {
    let s = scene();
    std::os::unix::fs::symlink(&s.canary, s.v.join("assessments/L.toml")).unwrap();
    victim_sync_fails(&s, 2, "assessments/L.toml: is a symbolic link");
    let on_remote = remote_files(&s);
    assert!(!on_remote.contains("L.toml"), "{on_remote}");
}

/// A file committed by hand that another xal would refuse is not sent.
#[test]
fn what_another_xal_would_refuse_is_not_sent() {
    let s = scene();
    std::fs::write(s.v.join("notes.txt"), "mine\n").unwrap();
    s.w.git(&s.v, &["add", "notes.txt"]);
    s.w.git(&s.v, &["commit", "-qm", "notes"]);
    let head = s.w.git(&s.v, &["rev-parse", "HEAD"]).trim().to_string();
    let o = victim_sync_fails(&s, REFUSED, "notes.txt: is not a file of xal's layout");
    assert!(
        err(&o).contains("Victor <victor@example.org>"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("nothing was sent"), "{}", err(&o));
    assert!(!remote_has(&s, &head));
}

// ---- What a killed sync leaves behind ----

/// `xal args` in `data`, its output dropped: to be started and killed.
fn xal_command(w: &World, data: &Path, args: &[&str]) -> Command {
    let mut c = w.xal_command(data, args);
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "waited for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid …`; comm may hold spaces.
    let after = &stat[stat.rfind(')')? + 2..];
    after.split_whitespace().nth(1)?.parse().ok()
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn kill9(pid: u32) {
    let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
}

/// Two clones that changed different answers of T1, Alice's sent: Bob's next sync merges,
/// and git runs the merge driver. Bob's driver is `script` (it writes its process id to the
/// returned file first).
fn merging_world(script: &str) -> (World, PathBuf, PathBuf) {
    let (w, a, b) = alice_and_bob();
    pi_needed_no(&a);
    ok(&w.xal(&a, &["sync"]));
    financial_high(&b);
    let pid_file = w.root().join("driver.pid");
    let driver = w.root().join("driver.sh");
    std::fs::write(
        &driver,
        format!(
            "#!/bin/sh\necho $$ > '{}.tmp'; mv '{0}.tmp' '{0}'\n{script}\n",
            pid_file.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&driver, std::fs::Permissions::from_mode(0o755)).unwrap();
    w.git(
        &b,
        &[
            "config",
            "merge.xal.driver",
            &format!("'{}' %A", driver.display()),
        ],
    );
    (w, b, pid_file)
}

fn driver_pid(pid_file: &Path) -> u32 {
    wait_until("the merge driver to start", || pid_file.exists());
    std::fs::read_to_string(pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// The git that runs the driver `pid`.
fn git_above(pid: u32) -> u32 {
    let mut p = pid;
    for _ in 0..5 {
        p = parent_of(p).expect("a parent");
        if comm(p) == "git" {
            return p;
        }
    }
    panic!("no git above the driver {pid}");
}

fn merge_temp_files(d: &Path) -> Vec<String> {
    std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".merge_file_"))
        .collect()
}

/// Bob's sync in `merging_world(script)`, killed (kill -9) once git runs the merge driver:
/// the world, Bob's data dir, and the ids of the driver and of the git that runs it.
fn sync_killed_in_merge(script: &str) -> (World, PathBuf, u32, u32) {
    let (w, b, pid_file) = merging_world(script);
    let mut xal = xal_command(&w, &b, &["sync"]).spawn().unwrap();
    let driver = driver_pid(&pid_file);
    let git = git_above(driver);
    xal.kill().unwrap();
    let _ = xal.wait();
    (w, b, driver, git)
}

/// Waits until process `pid` is gone (or a zombie).
fn wait_gone(what: &str, pid: u32) {
    wait_until(what, || {
        !Path::new(&format!("/proc/{pid}")).exists() || comm(pid).is_empty()
    });
}

#[test]
fn a_sync_killed_with_git_in_its_merge_is_cleared_up_by_the_next_one() {
    let (w, b, driver, git) = sync_killed_in_merge("exec sleep 60");
    // kill -9 of xal, and of the git merge it ran: what a killed terminal can leave.
    kill9(git);
    wait_gone("git to die", git);
    kill9(driver);
    let lock = b.join(".git/index.lock");
    assert!(lock.exists(), "git's lock is left");
    assert!(
        !merge_temp_files(&b).is_empty(),
        "the driver's files are left"
    );
    assert!(!b.join(".git/MERGE_HEAD").exists());
    // Bob's driver back to xal's (sync registers it when there is none).
    w.git(&b, &["config", "--unset", "merge.xal.driver"]);

    // A lock made a moment ago is not taken as stale: it could be a git starting.
    let young = w.xal(&b, &["sync"]);
    assert_eq!(young.status.code(), Some(1), "{}", err(&young));
    assert!(
        err(&young).contains(&format!("rm {}", lock.display())),
        "{}",
        err(&young)
    );
    assert!(lock.exists());

    let old = SystemTime::now() - Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let s = w.xal(&b, &["sync"]);
    ok(&s);
    assert!(out(&s).contains("cleared: removed"), "{}", out(&s));
    assert!(out(&s).contains("index.lock"), "{}", out(&s));
    assert!(out(&s).contains("temporary file(s)"), "{}", out(&s));
    assert!(out(&s).contains("pi.needed yes → no"), "{}", out(&s));
    assert!(!lock.exists());
    assert!(merge_temp_files(&b).is_empty());
    assert_both_changes(&b);
    assert_eq!(w.git(&b, &["status", "--porcelain"]), "");
}

/// A sync killed after git merged and before xal checked and committed the merge (git runs
/// on when it has nothing left to print): the merge stands uncommitted, with the mark xal
/// keeps while its merge runs. Made here by hand, as that moment cannot be hit on purpose.
#[test]
fn a_merge_left_by_a_killed_sync_is_named_with_the_command_that_undoes_it() {
    let (w, a, b) = alice_and_bob();
    pi_needed_no(&a);
    ok(&w.xal(&a, &["sync"]));
    financial_high(&b);
    w.git(&b, &["commit", "-qam", "Bob: financial high"]);
    let head = w.git(&b, &["rev-parse", "HEAD"]);
    w.git(&b, &["fetch", "-q", "origin"]);
    w.git(
        &b,
        &[
            "merge",
            "-q",
            "--no-ff",
            "--no-commit",
            "-m",
            "xal sync: merge origin/main",
            "origin/main",
        ],
    );
    std::fs::write(b.join(".git/xal-sync-merge"), &head).unwrap();

    for (lang, says) in [
        ("en", "stopped in the middle of its merge"),
        ("th", "ถูกหยุดกลางการรวม"),
    ] {
        let s = w.xal(&b, &["--lang", lang, "sync"]);
        assert_eq!(s.status.code(), Some(1), "{}", err(&s));
        assert!(err(&s).contains(says), "{}", err(&s));
        assert!(
            err(&s).contains(&format!("git -C {} merge --abort", b.display())),
            "{}",
            err(&s)
        );
        assert_eq!(w.git(&b, &["rev-parse", "HEAD"]), head, "nothing committed");
        assert!(b.join(".git/MERGE_HEAD").exists());
    }
    // The command it offers, then a sync that merges afresh.
    w.git(&b, &["merge", "--abort"]);
    ok(&w.xal(&b, &["sync"]));
    assert_both_changes(&b);
    assert!(!b.join(".git/xal-sync-merge").exists());
}

/// A sync killed while the merge driver runs, git living on: git stops at its next word to
/// the gone sync (and removes its lock); the next sync sees the mark of a merge that never
/// got anywhere, and merges afresh.
#[test]
fn a_sync_killed_in_its_merge_with_git_left_running_merges_afresh_next_time() {
    let (w, b, _, git) = sync_killed_in_merge("sleep 1; exit 0");
    wait_gone("git to stop", git);
    w.git(&b, &["config", "--unset", "merge.xal.driver"]);
    ok(&w.xal(&b, &["sync"]));
    assert_both_changes(&b);
}

#[test]
fn leftover_driver_files_alone_are_removed_and_said() {
    let w = World::new();
    let a = w.first("a", "Alice", &[("T1", &tax())]);
    std::fs::write(a.join(".merge_file_AbC123"), "left").unwrap();
    std::fs::write(a.join(".merge_file_zz9"), "left").unwrap();
    sync_says(&w, &a, "cleared: removed 2 temporary file(s)");
    assert!(merge_temp_files(&a).is_empty());
}
