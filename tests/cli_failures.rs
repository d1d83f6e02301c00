//! Exit codes and messages as the README promises, over subcommands × ways to fail: bad
//! input is exit 2 with exactly one line, `FILE:LINE:COLUMN: message` (or `FILE: message`
//! when no place applies, or `xal: message` when no file is involved); a write or read the
//! system refuses — a full disk, a folder that is not there — is exit 1, one line naming it.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use support::cli::{DGS, report_fixture, xal_command};

const GONE: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9GN";
const BAD8: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9B8";
const AVAILABLE: &str = "(available: dgs-1-2-2564, nist-800-63-3, nist-800-63-4)";

/// A folder with a data dir holding one good, one non-UTF-8 and one unknown-ruleset
/// assessment, and loose files of each kind of bad input.
struct Scene {
    dir: tempfile::TempDir,
}

impl Scene {
    fn new() -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let s = Scene { dir };
        let a = s.path("data/assessments");
        std::fs::create_dir_all(&a).unwrap();
        let good = std::fs::read_to_string(report_fixture(DGS)).unwrap();
        std::fs::write(a.join(format!("{DGS}.toml")), &good).unwrap();
        let gone = good
            .replace(DGS, GONE)
            .replace("id = \"dgs-1-2-2564\"", "id = \"gone\"");
        std::fs::write(a.join(format!("{GONE}.toml")), &gone).unwrap();
        let mut bad8 = good.replace(DGS, BAD8).into_bytes();
        // Inside the agency's value on line 6: `agency = "` is ten characters.
        let at = find(&bad8, "กรมสรรพากร");
        bad8[at] = 0xff;
        std::fs::write(a.join(format!("{BAD8}.toml")), bad8).unwrap();
        std::fs::write(s.path("gone.toml"), &gone).unwrap();
        std::fs::write(s.path("bad8.toml"), b"a = 1\nname = \"ab\xff\"\n").unwrap();
        std::fs::write(s.path("broken.toml"), "[answers\n").unwrap();
        std::fs::create_dir_all(s.path("pack")).unwrap();
        std::fs::write(s.path("pack/pack.toml"), "id = [\n").unwrap();
        std::fs::create_dir_all(s.path("config")).unwrap();
        s
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// `xal --data-dir DATA ARGS` run from the scene's folder, so that relative names work.
    fn run(&self, args: &[&str], stdout: Stdio) -> Output {
        xal_command()
            .current_dir(self.dir.path())
            .env("XAL_CONFIG_DIR", self.path("config"))
            .arg("--data-dir")
            .arg(self.path("data"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(stdout)
            .output()
            .expect("run xal")
    }
}

fn find(hay: &[u8], needle: &str) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap()
}

/// Standard output on a full disk: `/dev/full`, opened without creating anything (were it
/// missing, nothing must be made in its place).
fn full_disk() -> Stdio {
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::metadata("/dev/full").expect("/dev/full");
    assert!(meta.file_type().is_char_device(), "/dev/full is a device");
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

struct Row {
    what: &'static str,
    args: Vec<String>,
    full_stdout: bool,
    code: i32,
    /// The one line on stderr; `{D}` is the scene's folder, `*` at the end means "and more".
    line: String,
}

fn row(what: &'static str, args: &[&str], code: i32, line: &str) -> Row {
    Row {
        what,
        args: args.iter().map(|s| s.to_string()).collect(),
        full_stdout: false,
        code,
        line: line.to_string(),
    }
}

fn on_full_disk(mut r: Row) -> Row {
    r.full_stdout = true;
    r
}

#[test]
fn every_failure_has_its_code_and_one_line_that_names_the_file() {
    let scene = Scene::new();
    let income = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/income-tax.toml")
        .display()
        .to_string();
    let failing = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/broken-rulesets/failing-example.toml")
        .display()
        .to_string();
    let not_utf8 = "not UTF-8 text (save the file as UTF-8)";
    let enoent = "No such file or directory (os error 2)";
    let full = "xal: cannot write output: No space left on device (os error 28)";
    let a = "{D}/data/assessments";
    let rows = vec![
        // eval
        row(
            "eval, no such file",
            &["eval", "missing.toml"],
            2,
            &format!("missing.toml: cannot read: {enoent}"),
        ),
        row(
            "eval, not UTF-8",
            &["eval", "bad8.toml"],
            2,
            &format!("bad8.toml:2:11: {not_utf8}"),
        ),
        row(
            "eval, bad TOML",
            &["eval", "broken.toml"],
            2,
            "broken.toml:1:9: unclosed table, expected `]`",
        ),
        row(
            "eval, unknown recorded ruleset",
            &["eval", "gone.toml"],
            2,
            &format!("gone.toml:11:6: unknown ruleset `gone` {AVAILABLE}"),
        ),
        row(
            "eval, unknown --ruleset id",
            &["eval", "--ruleset", "nope", &income],
            2,
            &format!("xal: unknown ruleset `nope` {AVAILABLE}"),
        ),
        row(
            "eval, --ruleset file missing",
            &["eval", "--ruleset", "missing.toml", &income],
            2,
            &format!("missing.toml: cannot read: {enoent}"),
        ),
        row(
            "eval, --ruleset file not UTF-8",
            &["eval", "--ruleset", "bad8.toml", &income],
            2,
            &format!("bad8.toml:2:11: {not_utf8}"),
        ),
        row(
            "eval, --ruleset whose example fails",
            &["eval", "--ruleset", &failing, &income],
            2,
            &format!("{failing}:83:1: example `high money` fails: ial is IAL2, expected IAL1"),
        ),
        row(
            "eval, answers of the wrong shape",
            &["eval", "--ruleset", "nist-800-63-4", &income],
            2,
            &format!(
                "{income}:2:1: ruleset `nist-800-63-4` expects [[groups]] of answers, one per \
                 user group"
            ),
        ),
        on_full_disk(row(
            "eval, stdout on a full disk",
            &["eval", &income],
            1,
            full,
        )),
        // show
        row(
            "show, unknown id",
            &["show", "NOPE"],
            2,
            &format!("xal: no assessment `NOPE` in {a}"),
        ),
        row(
            "show, not UTF-8",
            &["show", BAD8],
            2,
            &format!("{a}/{BAD8}.toml:6:11: {not_utf8}"),
        ),
        row(
            "show, unknown ruleset",
            &["show", GONE],
            2,
            &format!("{a}/{GONE}.toml:11:6: unknown ruleset `gone` {AVAILABLE}"),
        ),
        on_full_disk(row("show, stdout on a full disk", &["show", DGS], 1, full)),
        // list
        on_full_disk(row("list, stdout on a full disk", &["list"], 1, full)),
        on_full_disk(row(
            "list --format json, stdout on a full disk",
            &["list", "--format", "json"],
            1,
            full,
        )),
        // export
        row(
            "export, no such file",
            &["export", "missing.toml"],
            2,
            &format!("missing.toml: cannot read: {enoent}"),
        ),
        row(
            "export, unknown ruleset",
            &["export", "gone.toml"],
            2,
            &format!("gone.toml:11:6: unknown ruleset `gone` {AVAILABLE}"),
        ),
        row(
            "export -o into a folder that is not there",
            &["export", DGS, "-o", "no/such/dir/r.md"],
            1,
            &format!("no/such/dir/r.md: cannot write: {enoent}*"),
        ),
        row(
            "export -o under a file",
            &["export", DGS, "-o", "gone.toml/r.md"],
            1,
            "gone.toml/r.md: cannot write: Not a directory (os error 20)*",
        ),
        on_full_disk(row(
            "export, stdout on a full disk",
            &["export", DGS, "--format", "json"],
            1,
            full,
        )),
        // diff
        row(
            "diff, B does not parse",
            &["diff", DGS, "broken.toml"],
            2,
            "broken.toml:1:9: TOML syntax: unclosed table, expected `]`",
        ),
        row(
            "diff, unknown --ruleset",
            &["diff", DGS, "--ruleset", "nope"],
            2,
            &format!("xal: unknown ruleset `nope` {AVAILABLE}"),
        ),
        on_full_disk(row(
            "diff, stdout on a full disk",
            &["diff", DGS, DGS],
            1,
            full,
        )),
        // ruleset
        row(
            "ruleset check, no such file",
            &["ruleset", "check", "missing.toml"],
            2,
            &format!("missing.toml: cannot read: {enoent}"),
        ),
        row(
            "ruleset check, not UTF-8",
            &["ruleset", "check", "bad8.toml"],
            2,
            &format!("bad8.toml:2:11: {not_utf8}"),
        ),
        row(
            "ruleset check, a failing example",
            &["ruleset", "check", &failing],
            2,
            &format!("{failing}:83:1: example `high money` fails: ial is IAL2, expected IAL1"),
        ),
        row(
            "ruleset show, unknown id",
            &["ruleset", "show", "nope"],
            2,
            &format!("xal: unknown ruleset `nope` {AVAILABLE}"),
        ),
        on_full_disk(row(
            "ruleset list, stdout on a full disk",
            &["ruleset", "list"],
            1,
            full,
        )),
        // train and import
        row(
            "train start, no such pack",
            &["train", "start", "nopack"],
            2,
            &format!("nopack/pack.toml: cannot read: {enoent}"),
        ),
        row(
            "train start, pack.toml does not parse",
            &["train", "start", "pack"],
            2,
            "pack/pack.toml:1:7: unclosed array, expected `]` (not a valid pack.toml)",
        ),
        row(
            "train collect, nothing readable",
            &["train", "collect", "nodir"],
            2,
            &format!("nodir: cannot list: {enoent}"),
        ),
        row(
            "import, does not parse",
            &["import", "broken.toml"],
            2,
            "broken.toml:1:9: TOML syntax: unclosed table, expected `]`",
        ),
        row(
            "import, unknown ruleset",
            &["import", "gone.toml"],
            2,
            &format!("gone.toml:11:6: unknown ruleset `gone` {AVAILABLE}"),
        ),
        row(
            "import, not UTF-8",
            &["import", "bad8.toml"],
            2,
            &format!("bad8.toml:2:11: {not_utf8}"),
        ),
        // the command line itself
        row(
            "a missing argument",
            &["show"],
            2,
            "xal: the following required arguments were not provided: <ID> (usage: xal show \
             <ID>; see --help)",
        ),
        row(
            "a subcommand missing",
            &["train"],
            2,
            "xal: a subcommand is required (usage: xal train [OPTIONS] <COMMAND>; see --help)",
        ),
    ];
    let d = scene.dir.path().display().to_string();
    let mut failed = Vec::new();
    for r in &rows {
        let args: Vec<&str> = r.args.iter().map(String::as_str).collect();
        let out = if r.full_stdout {
            full_disk()
        } else {
            Stdio::piped()
        };
        let o = scene.run(&args, out);
        let err = String::from_utf8_lossy(&o.stderr);
        let want = r.line.replace("{D}", &d);
        let line_ok = match want.strip_suffix('*') {
            Some(start) => err.starts_with(start),
            None => err.trim_end_matches('\n') == want,
        };
        if o.status.code() != Some(r.code) || err.lines().count() != 1 || !line_ok {
            failed.push(format!(
                "{}: exit {:?} (want {}), stderr:\n{err}want: {want}",
                r.what,
                o.status.code(),
                r.code
            ));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n\n"));
}

/// `-o report.md`: a bare name is written in the current folder and the run succeeds (the
/// folder synced is ".", not the empty path).
#[test]
fn export_to_a_bare_file_name_writes_it_and_exits_0() {
    let scene = Scene::new();
    let o = scene.run(&["export", DGS, "-o", "report.md"], Stdio::piped());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.stderr, b"");
    let text = std::fs::read_to_string(scene.path("report.md")).unwrap();
    assert!(text.starts_with("# "), "{text}");
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(scene.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".xal-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `-o` over something that is not a regular file writes into it and never replaces it: a
/// rename would put a regular file where a device or a pipe was (as root, over /dev/null).
#[test]
fn export_into_a_named_pipe_writes_through_it() {
    let scene = Scene::new();
    let fifo = scene.path("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let o = scene.run(
        &["export", DGS, "--format", "json", "-o", "pipe"],
        Stdio::piped(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let got = reader.join().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&got).unwrap();
    assert_eq!(v["id"], DGS);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

/// A symbolic link to a report is followed: the link stays, its target gets the new text.
#[test]
fn export_over_a_symlink_replaces_its_target_and_keeps_the_link() {
    let scene = Scene::new();
    std::fs::write(scene.path("old.md"), "old").unwrap();
    std::os::unix::fs::symlink("old.md", scene.path("link.md")).unwrap();
    let o = scene.run(&["export", DGS, "-o", "link.md"], Stdio::piped());
    assert_eq!(o.status.code(), Some(0));
    assert!(
        std::fs::symlink_metadata(scene.path("link.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(scene.path("old.md"))
            .unwrap()
            .starts_with("# ")
    );
}

/// Writing where this user may not is an I/O failure (exit 1). Root may write anywhere, so
/// as root there is nothing to refuse; the exit code of EACCES itself is checked in
/// `cli::files`' unit tests.
#[test]
fn a_folder_without_write_permission_is_exit_1() {
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: running as root, which may write into a read-only folder");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let scene = Scene::new();
    let ro = scene.path("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
    let o = scene.run(&["export", DGS, "-o", "ro/r.md"], Stdio::piped());
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("ro/r.md: cannot write: Permission denied"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn a_data_dir_that_does_not_exist_is_exit_2_naming_it_and_import_makes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-dir");
    let missing_s = missing.display().to_string();
    let a_file = tmp.path().join("a-file");
    std::fs::write(&a_file, "not a folder").unwrap();
    for (dir, what) in [(&missing, "does not exist"), (&a_file, "is not a folder")] {
        for args in [
            &["list"][..],
            &["list", "--format", "json"],
            &["show", "T1"],
            &["export", "T1", "--format", "md"],
            &["trash", "list"],
            &["sync"],
        ] {
            let out = xal_command()
                .arg("--data-dir")
                .arg(dir)
                .args(args)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(out.stdout.is_empty(), "{args:?} printed a result");
            assert!(
                err.contains(&dir.display().to_string()) && err.contains(what),
                "{args:?}: {err}"
            );
        }
    }
    assert!(!missing.exists(), "a command that reads made the folder");
    // `import` makes the data dir it is given, on purpose.
    let out = xal_command()
        .args(["--data-dir", &missing_s, "import"])
        .arg(report_fixture("01JDQ4Y7V8KX0M5T3ZB2N6C9RA"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(missing.join("assessments").is_dir());
}
