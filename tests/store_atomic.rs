//! Saves are atomic: a reader never sees half a file, and a kill at any moment leaves the old
//! file or the new one, whole.

mod support;

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

#[test]
fn a_reader_never_sees_a_torn_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let first = sample("small", SMALL);
    let mut loaded = store.create(&first).unwrap();
    let [small, big] = versions(&first);
    let path = loaded.path.clone();
    let done = Arc::new(AtomicBool::new(false));

    let reader = {
        let done = done.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let mut reads = 0;
            let mut seen = [0usize; 2];
            while !done.load(Ordering::Relaxed) || reads < 200 {
                let bytes = fs::read(&path).expect("the file is always there");
                let a = parse_assessment_bytes(&path, &bytes)
                    .unwrap_or_else(|d| panic!("torn read after {reads} reads: {d}"));
                check_version(&a);
                seen[usize::from(a.service.name == "big")] += 1;
                reads += 1;
            }
            (reads, seen)
        })
    };
    for i in 0..200 {
        let next = if i % 2 == 0 { &big } else { &small };
        store.save(&mut loaded, next).unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let (reads, seen) = reader.join().unwrap();
    assert!(reads >= 200);
    println!("{reads} reads, small/big seen {seen:?}");
    let leftovers: Vec<String> = names(&store.assessments_dir())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Not a test on its own: the child process of `a_kill_at_any_moment_leaves_a_whole_file`,
/// which saves in a tight loop until it is killed.
#[test]
#[ignore]
fn crash_helper_saves_forever() {
    let Some(dir) = std::env::var_os("XAL_STORE_CRASH_DIR") else {
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
    let mut x = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
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
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let first = sample("small", SMALL);
    let path = store.create(&first).unwrap().path;
    let mut next = rng();
    let mut versions_seen = [0usize; 2];
    for round in 0..30 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "crash_helper_saves_forever",
                "--ignored",
                "--nocapture",
            ])
            .env("XAL_STORE_CRASH_DIR", dir.path())
            .env("XAL_STORE_CRASH_ID", &first.id)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until it is saving, then kill it (SIGKILL) after a random 0–150 ms.
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("saving") {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("helper exited early: {:?}", child.wait());
            }
        }
        std::thread::sleep(Duration::from_micros(next() % 150_000));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: the helper was killed");

        let bytes = fs::read(&path).unwrap();
        let a = parse_assessment_bytes(&path, &bytes)
            .unwrap_or_else(|d| panic!("round {round}: a torn file after a kill: {d}"));
        check_version(&a);
        versions_seen[usize::from(a.service.name == "big")] += 1;
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
}
