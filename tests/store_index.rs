//! The list index: a scan parses only what changed.

#[path = "store_util.rs"]
mod util;

use std::cell::Cell;
use std::fs;
use std::time::{Duration, Instant, SystemTime};

use util::*;
use xal::store::*;

fn store_with(n: usize) -> (tempfile::TempDir, Store, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let ids = (0..n)
        .map(|i| {
            store
                .create(&sample(&format!("svc {i}"), i % 3))
                .unwrap()
                .assessment
                .id
        })
        .collect();
    (dir, store, ids)
}

#[test]
fn a_second_scan_parses_nothing_and_one_change_parses_one() {
    let (_d, store, ids) = store_with(20);
    let calls = Cell::new(0);
    let count = |a: &Assessment| {
        calls.set(calls.get() + 1);
        summarize(a)
    };
    let first = store.scan(&count, "rules-v1").unwrap();
    assert_eq!(first.parsed, 20);
    assert_eq!(calls.get(), 20);
    assert!(first.index_written);
    assert!(store.index_path().exists());

    let second = store.scan(&count, "rules-v1").unwrap();
    assert_eq!(second.parsed, 0);
    assert_eq!(calls.get(), 20, "summaries come from the index");
    assert_eq!(second.entries, first.entries);

    // Touch one file: exactly that one is parsed again.
    let path = store.path_of(&ids[7]).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
    let third = store.scan(&count, "rules-v1").unwrap();
    assert_eq!(third.parsed, 1);
    assert_eq!(third.entries, first.entries);

    // Save one through the store: one parse, and the new name shows.
    let mut l = store.load(&ids[3]).unwrap();
    let mut a = l.assessment.clone();
    a.service.name = "renamed".into();
    store.save(&mut l, &a).unwrap();
    let fourth = store.scan(&count, "rules-v1").unwrap();
    assert_eq!(fourth.parsed, 1);
    let names: Vec<String> = fourth
        .entries
        .iter()
        .map(|e| match e {
            ScanEntry::Ok(s) => s.service_name.clone(),
            ScanEntry::Broken { diagnostic, .. } => panic!("{diagnostic}"),
        })
        .collect();
    assert!(names.contains(&"renamed".to_string()));

    // A new ruleset (another salt) recomputes every summary.
    let fifth = store.scan(&count, "rules-v2").unwrap();
    assert_eq!(fifth.parsed, 20);
    assert_eq!(store.scan(&count, "rules-v2").unwrap().parsed, 0);

    // A vanished file is dropped; a new one is parsed alone.
    store.trash(&ids[0]).unwrap();
    store.create(&sample("new", 0)).unwrap();
    let sixth = store.scan(&count, "rules-v2").unwrap();
    assert_eq!(sixth.parsed, 1);
    assert_eq!(sixth.entries.len(), 20);
    assert!(
        sixth
            .entries
            .iter()
            .all(|e| !e.path().ends_with(format!("{}.toml", ids[0])))
    );
}

#[test]
fn an_edit_in_place_that_keeps_size_and_mtime_is_still_seen() {
    let (_d, store, ids) = store_with(3);
    let path = store.path_of(&ids[1]).unwrap();
    store.scan(&summarize, "").unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    // Same length, written in place (same inode), mtime put back.
    let edited = text.replace("svc 1", "svc X");
    assert_eq!(edited.len(), text.len());
    fs::write(&path, &edited).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let scan = store.scan(&summarize, "").unwrap();
    assert_eq!(scan.parsed, 1);
    assert!(
        scan.entries
            .iter()
            .any(|e| matches!(e, ScanEntry::Ok(s) if s.service_name == "svc X"))
    );
}

#[test]
fn a_garbage_or_foreign_index_is_rebuilt_not_an_error() {
    let (_d, store, _) = store_with(5);
    let good = store.scan(&summarize, "").unwrap();
    for garbage in [
        &b"\x00\x01 not json"[..],
        b"{\"format\": 99, \"salt\": \"\", \"entries\": {}}",
        b"{\"format\": 1, \"salt\": \"\", \"entries\": {\"x.toml\": 5}}",
        b"",
    ] {
        fs::write(store.index_path(), garbage).unwrap();
        let scan = store.scan(&summarize, "").unwrap();
        assert_eq!(scan.parsed, 5);
        assert!(scan.index_written);
        assert_eq!(scan.entries, good.entries);
        assert_eq!(store.scan(&summarize, "").unwrap().parsed, 0);
    }
    // An index that cannot be read at all (a folder in its place) is ignored too.
    fs::remove_file(store.index_path()).unwrap();
    fs::create_dir(store.index_path()).unwrap();
    let scan = store.scan(&summarize, "").unwrap();
    assert_eq!(scan.entries, good.entries);
    assert!(!scan.index_written);
    assert!(scan.index_problem.is_some());
}

#[test]
fn an_unchanged_folder_does_not_rewrite_the_index() {
    let (_d, store, _) = store_with(4);
    store.scan(&summarize, "").unwrap();
    // Recently written files are re-hashed until they are a few seconds old, which may rewrite
    // the index once; after that, scans leave it alone.
    let mut quiet = 0;
    for _ in 0..3 {
        let s = store.scan(&summarize, "").unwrap();
        assert_eq!(s.parsed, 0);
        if !s.index_written {
            quiet += 1;
        }
    }
    assert!(quiet >= 2);
}

#[test]
fn summaries_serialize_with_levels_as_an_object() {
    let mut a = sample("json", 0);
    a.result = Some(ResultSummary {
        levels: vec![("ial".into(), "IAL2".into()), ("aal".into(), "AAL1".into())],
        complete: true,
        evaluated: None,
        groups: vec![],
    });
    let s = Summary::from_file(&a);
    let json = serde_json::to_string(&s).unwrap();
    assert!(
        json.contains("\"levels\":{\"ial\":\"IAL2\",\"aal\":\"AAL1\"}"),
        "{json}"
    );
    let back: Summary = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
}

/// `cargo test --release --test store_index -- --ignored --nocapture`
#[test]
#[ignore]
fn scale_10000_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let n = 10_000;
    let t = Instant::now();
    fs::create_dir_all(store.assessments_dir()).unwrap();
    for i in 0..n {
        let a = sample(&format!("service {i}"), i % 20);
        fs::write(store.path_of(&a.id).unwrap(), render_new(&a)).unwrap();
    }
    println!("wrote {n} files in {:?}", t.elapsed());
    let t = Instant::now();
    let cold = store.scan(&summarize, "s").unwrap();
    let cold_t = t.elapsed();
    assert_eq!(cold.parsed, n);
    assert_eq!(cold.entries.len(), n);
    let index_len = fs::metadata(store.index_path()).unwrap().len();
    let t = Instant::now();
    let warm = store.scan(&summarize, "s").unwrap();
    let warm_t = t.elapsed();
    assert_eq!(warm.parsed, 0);
    std::thread::sleep(Duration::from_secs(4));
    let t = Instant::now();
    let settled = store.scan(&summarize, "s").unwrap();
    let settled_t = t.elapsed();
    let t = Instant::now();
    let quiet = store.scan(&summarize, "s").unwrap();
    let quiet_t = t.elapsed();
    assert!(!quiet.index_written);
    println!(
        "cold {cold_t:?} (parsed {}), warm within 3 s of writing {warm_t:?} (re-hashed {}), \
         first after settling {settled_t:?} (index rewritten: {}), steady {quiet_t:?}; \
         index {index_len} bytes",
        cold.parsed, warm.rehashed, settled.index_written
    );
}
