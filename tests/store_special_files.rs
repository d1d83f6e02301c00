//! Only regular files are read, never blocking and never past the size cap: a FIFO, a link to
//! a device, a folder or a dangling link named `*.toml` in `assessments/` is listed as a
//! problem saying what it is, and left alone; and the temporary files a killed xal leaves
//! are swept at the next start.
#![cfg(unix)]

use crate::support;

use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, Instant};

use support::store::{sample, summarize};
use xal::store::{MAX_FILE_BYTES, ScanEntry, Store, read_regular};

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

fn problem_of(store: &Store, name: &str) -> String {
    let scan = store.scan(&summarize, "").unwrap();
    let e = scan
        .entries
        .iter()
        .find(|e| e.path().file_name().unwrap() == name)
        .unwrap_or_else(|| panic!("{name} not listed"));
    match e {
        ScanEntry::Broken { diagnostic, .. } => diagnostic.to_string(),
        ScanEntry::Ok(_) => panic!("{name} listed as an assessment"),
    }
}

#[test]
fn special_files_are_listed_as_problems_and_reading_them_never_blocks() {
    let d = tempfile::tempdir().unwrap();
    let store = Store::open(d.path());
    let good = store.create(&sample("good", 0)).unwrap();
    let dir = store.assessments_dir();
    mkfifo(&dir.join("pipe.toml"));
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.toml")).unwrap();
    std::os::unix::fs::symlink(dir.join("gone"), dir.join("dangling.toml")).unwrap();
    fs::create_dir(dir.join("folder.toml")).unwrap();

    let started = Instant::now();
    assert!(problem_of(&store, "pipe.toml").contains("a named pipe (FIFO), not a regular file"));
    // A link is never followed, whatever it points to (a device, nothing at all).
    assert!(problem_of(&store, "zero.toml").contains("`zero.toml` is a symbolic link"));
    assert!(problem_of(&store, "dangling.toml").contains("`dangling.toml` is a symbolic link"));
    assert!(problem_of(&store, "folder.toml").contains("a folder, not a regular file"));
    // Blocking on the FIFO or reading /dev/zero would take forever, not seconds.
    assert!(started.elapsed() < Duration::from_secs(20));

    // Each problem names its file, and the good assessment is still listed.
    let msg = problem_of(&store, "pipe.toml");
    assert!(
        msg.starts_with(&dir.join("pipe.toml").display().to_string()),
        "{msg}"
    );
    let scan = store.scan(&summarize, "").unwrap();
    assert!(scan.entries.iter().any(|e| e.path() == good.path));
    assert_eq!(scan.entries.len(), 5);
    // Left alone: all still there, as they were.
    assert!(
        fs::symlink_metadata(dir.join("zero.toml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(dir.join("folder.toml").is_dir());

    for name in ["pipe", "zero", "folder"] {
        assert!(store.load(name).is_err(), "{name} loaded");
    }
}

#[test]
fn files_over_the_cap_are_refused_with_their_size() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("big.toml");
    let cap = MAX_FILE_BYTES as usize;
    fs::write(&path, vec![b'#'; cap]).unwrap();
    assert_eq!(read_regular(&path).unwrap().len(), cap);
    fs::write(&path, vec![b'#'; cap + 1]).unwrap();
    let e = read_regular(&path).unwrap_err().to_string();
    assert!(
        e.contains(&format!("{} bytes, more than the 4 MB", cap + 1)),
        "{e}"
    );
}

fn set_age(path: &Path, age: Duration) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::SystemTime::now() - age).unwrap();
}

#[test]
fn temp_files_of_dead_writers_and_old_ones_are_swept_by_the_next_scan() {
    let d = tempfile::tempdir().unwrap();
    let store = Store::open(d.path());
    store.create(&sample("kept", 0)).unwrap();
    let dir = store.assessments_dir();

    // A process that has exited: its id names a writer that is gone.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let mine = std::process::id();

    let dead_young = dir.join(format!(".xal-{dead}-abc.tmp"));
    let live_young = dir.join(format!(".xal-{mine}-abc.tmp"));
    let live_old = d.path().join(format!(".xal-{mine}-old.tmp"));
    let unnamed_old = dir.join(".xal-XYZ.tmp");
    let unnamed_young = dir.join(".xal-QRS.tmp");
    let not_ours = dir.join(".other.tmp");
    for p in [
        &dead_young,
        &live_young,
        &live_old,
        &unnamed_old,
        &unnamed_young,
        &not_ours,
    ] {
        fs::write(p, "half a file").unwrap();
    }
    set_age(&live_old, Duration::from_secs(600));
    set_age(&unnamed_old, Duration::from_secs(600));
    set_age(&not_ours, Duration::from_secs(600));

    store.scan(&summarize, "").unwrap();
    assert!(!dead_young.exists(), "a dead writer's file survived");
    assert!(
        !live_old.exists() && !unnamed_old.exists(),
        "an old file survived"
    );
    assert!(live_young.exists(), "a live writer's file was removed");
    assert!(unnamed_young.exists() && not_ours.exists());
    assert_eq!(store.ids().unwrap().len(), 1);
}
