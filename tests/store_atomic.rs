//! Saves are atomic: a reader never sees half a file, and a kill at any moment leaves the old
//! file or the new one, whole.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use support::store::*;
use xal::answers::AnswerSet;
use xal::store::*;

const SMALL: usize = 1;
const BIG: usize = 1000; // about 50 kB, so a write takes a while

fn answer_count(a: &Assessment) -> usize {
    match &a.answers {
        AnswerSet::Single(ans) => ans.len(),
        AnswerSet::Groups(_) => panic!(),
    }
}

/// The two versions a saver alternates between, with the same id.
fn versions(base: &Assessment) -> [Assessment; 2] {
    let mut small = sample("small", SMALL);
    small.id = base.id.clone();
    let mut big = sample("big", BIG);
    big.id = base.id.clone();
    [small, big]
}

fn check_version(a: &Assessment) {
    let n = answer_count(a);
    match a.service.name.as_str() {
        "small" => assert_eq!(n, SMALL + 2),
        "big" => assert_eq!(n, BIG + 2),
        other => panic!("unexpected version {other:?}"),
    }
}

/// The version a file on disk holds, read whole: `"small"` or `"big"`.
fn version_on_disk(path: &Path) -> String {
    let bytes = fs::read(path).expect("the file is always there");
    let a = parse_assessment_bytes(path, &bytes).unwrap_or_else(|d| panic!("a torn file: {d}"));
    check_version(&a);
    a.service.name
}

#[test]
fn a_reader_never_sees_a_torn_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let first = sample("small", SMALL);
    let mut loaded = store.create(&first).unwrap();
    let [small, big] = versions(&first);
    let path = loaded.path.clone();
    let done = Arc::new(AtomicBool::new(false));
    let (first_read, read_once) = mpsc::channel();

    let reader = {
        let done = done.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let mut reads = 0;
            let mut seen = [0usize; 2];
            loop {
                // Looked at before the read: a read that starts after the last save sees the
                // last version.
                let finished = done.load(Ordering::SeqCst);
                let version = version_on_disk(&path);
                seen[usize::from(version == "big")] += 1;
                reads += 1;
                if reads == 1 {
                    first_read.send(()).unwrap();
                }
                if finished && reads >= 200 {
                    return (reads, seen, version);
                }
            }
        })
    };
    // The reader has seen the old file before the first save.
    read_once.recv().unwrap();
    // 201 saves, big first and last: the small file turns into the big one and back, 100 times.
    for i in 0..201 {
        let next = if i % 2 == 0 { &big } else { &small };
        store.save(&mut loaded, next).unwrap();
    }
    done.store(true, Ordering::SeqCst);
    let (reads, seen, last) = reader.join().unwrap();
    println!("{reads} reads, small/big seen {seen:?}");
    assert!(seen[0] >= 1, "the old, small file was read whole: {seen:?}");
    assert!(seen[1] >= 1, "the new, big file was read whole: {seen:?}");
    assert_eq!(last, "big", "the last read sees the last save");

    // The big version is on disk, all of it, and loads as what was saved.
    let on_disk = store.load(&first.id).unwrap().assessment;
    assert_eq!(on_disk.service.name, "big");
    assert_eq!(answer_count(&on_disk), BIG + 2);
    assert_eq!(on_disk.answers, big.answers);
    assert!(
        fs::metadata(&path).unwrap().len() > 40_000,
        "about 50 kB on disk"
    );
    let leftovers: Vec<String> = names(&store.assessments_dir())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Not a test on its own: the child process of `a_kill_at_any_moment_leaves_a_whole_file`,
/// which saves in a tight loop until it is killed.
#[test]
#[ignore = "the child process of a_kill_at_any_moment_leaves_a_whole_file, which starts it"]
fn crash_helper_saves_forever() {
    let Some(dir) = std::env::var_os("XAL_STORE_CRASH_DIR") else {
        eprintln!("not a test: a_kill_at_any_moment_leaves_a_whole_file runs this as its child");
        return;
    };
    let id = std::env::var("XAL_STORE_CRASH_ID").unwrap();
    let store = Store::open(PathBuf::from(dir));
    let mut loaded = store.load(&id).unwrap();
    let [small, big] = versions(&loaded.assessment);
    println!("saving");
    for i in 0u64.. {
        let next = if i % 2 == 0 { &big } else { &small };
        store.save(&mut loaded, next).unwrap();
    }
}

/// A small xorshift so the kill moments vary without a random-number crate.
fn rng() -> impl FnMut() -> u64 {
    let mut x = support::seed("store_atomic") | 1;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

#[cfg(unix)]
#[test]
fn a_kill_at_any_moment_leaves_a_whole_file() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let first = sample("small", SMALL);
    let path = store.create(&first).unwrap().path;
    let mut next = rng();
    let mut versions_seen = [0usize; 2];
    let [small, _] = versions(&first);
    for round in 0..30 {
        // The small version, so that the big one on disk below is this round's save.
        fs::write(&path, render_new(&small)).unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "slow::store_atomic::crash_helper_saves_forever",
                "--ignored",
                "--nocapture",
            ])
            .env("XAL_STORE_CRASH_DIR", dir.path())
            .env("XAL_STORE_CRASH_ID", &first.id)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until it is saving and its first save (the big version) is on disk, then kill
        // it (SIGKILL) at a random moment 0–150 ms later, in the middle of its saves.
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("saving") {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("helper exited early: {:?}", child.wait());
            }
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while version_on_disk(&path) != "big" {
            assert!(
                Instant::now() < deadline,
                "round {round}: the helper never saved"
            );
            assert!(
                child.try_wait().unwrap().is_none(),
                "round {round}: the helper ended: {:?}",
                child.wait()
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_micros(next() % 150_000));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "round {round}: the helper was still saving when it was killed: {status:?}"
        );

        let a = version_on_disk(&path);
        versions_seen[usize::from(a == "big")] += 1;
        for name in names(&store.assessments_dir()) {
            assert!(
                name == format!("{}.toml", first.id)
                    || name.starts_with('.') && name.ends_with(".tmp"),
                "round {round}: stray file {name}"
            );
        }
    }
    println!("after 30 kills: small/big on disk {versions_seen:?}");
    // A leftover temporary from a kill is not listed.
    let scan = store.scan(&summarize, "").unwrap();
    assert_eq!(scan.entries.len(), 1);
    assert!(matches!(&scan.entries[0], ScanEntry::Ok(_)));
    // And the scan, run at every start, removed the temporaries of the killed writers.
    let left: Vec<String> = names(&store.assessments_dir())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
