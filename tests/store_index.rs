//! The list index: a scan parses only what changed.

use crate::support;

use std::cell::Cell;
use std::fs;
use std::time::{Duration, Instant, SystemTime};

use support::store::*;
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

/// `cargo test --release --test suite store_index:: -- --ignored --nocapture`
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

/// A summary with everything set (levels, group), as the application's would be.
fn full_summary(a: &Assessment) -> Summary {
    let mut s = summarize(a);
    s.levels = vec![
        ("ial".into(), "IAL2.1".into()),
        ("aal".into(), "AAL2".into()),
    ];
    s.group = Some("enhanced".into());
    s.complete = true;
    s
}

/// An hour ago: outside the window in which a file counts as recently changed.
fn age(path: &std::path::Path) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

#[test]
fn the_store_can_be_scanned_from_another_thread() {
    fn usable_anywhere<T: Clone + Send + Sync + 'static>() {}
    usable_anywhere::<Store>();
    usable_anywhere::<ScanEntry>();
    let (_d, store, _) = store_with(3);
    let s = store.clone();
    let listing = std::thread::spawn(move || s.scan(&summarize, "x").unwrap().entries)
        .join()
        .unwrap();
    assert_eq!(listing.len(), 3);
    assert_eq!(store.scan_cached("x"), Some(listing));
}

#[test]
fn the_cached_listing_is_what_the_last_scan_returned() {
    let (_d, store, ids) = store_with(6);
    assert_eq!(store.scan_cached("s"), None, "no index yet");
    let broken = store.assessments_dir().join("BROKEN1.toml");
    fs::write(&broken, "schema = 1\nid = \"BROKEN1\"\n[service\n").unwrap();
    // Listed under another name than its id: broken too, with the place of the id.
    let copy = store.assessments_dir().join("COPY1.toml");
    fs::copy(store.path_of(&ids[2]).unwrap(), &copy).unwrap();
    for f in [&broken, &copy] {
        age(f);
    }

    let scan = store.scan(&full_summary, "s").unwrap();
    assert_eq!(scan.entries.len(), 8);
    let broken_entries: Vec<&ScanEntry> = scan
        .entries
        .iter()
        .filter(|e| matches!(e, ScanEntry::Broken { .. }))
        .collect();
    assert_eq!(broken_entries.len(), 2);
    let cached = store.scan_cached("s").expect("an index");
    assert_eq!(cached, scan.entries);
    // `DateTime` equality ignores the UTC offset: compare the text too.
    let text = |entries: &[ScanEntry]| format!("{entries:?}");
    assert_eq!(text(&cached), text(&scan.entries));
    assert!(text(&cached).contains("+07:00"));
    for (c, s) in cached.iter().zip(&scan.entries) {
        assert_eq!(c.path(), s.path());
        if let (ScanEntry::Broken { diagnostic: a, .. }, ScanEntry::Broken { diagnostic: b, .. }) =
            (c, s)
        {
            assert_eq!(a.to_string(), b.to_string());
            assert!(a.line > 0, "{a}");
        }
    }

    // After a change on disk, the cached listing still says what the last scan said, until
    // the next scan.
    store.trash(&ids[0]).unwrap();
    assert_eq!(store.scan_cached("s"), Some(scan.entries.clone()));
    let after = store.scan(&full_summary, "s").unwrap();
    assert_eq!(after.entries.len(), 7);
    assert_eq!(store.scan_cached("s"), Some(after.entries));
}

#[test]
fn the_index_read_before_its_salt_is_known_is_used_only_under_that_salt() {
    let (_d, store, _) = store_with(4);
    assert!(store.any_cached_listing().is_none(), "no index yet");
    let scan = store.scan(&summarize, "salt").unwrap();
    let read = || store.any_cached_listing().expect("an index");
    assert_eq!(read().under("salt"), Some(scan.entries.clone()));
    assert_eq!(read().under("other salt"), None);
    assert_eq!(read().under(""), None);
    let mut cut = fs::read(store.index_path()).unwrap();
    cut.truncate(cut.len() - 3);
    fs::write(store.index_path(), cut).unwrap();
    assert!(
        store.any_cached_listing().is_none(),
        "a cut index is not read"
    );
}

#[test]
fn there_is_no_cached_listing_without_a_usable_index() {
    let (_d, store, _) = store_with(4);
    assert_eq!(store.scan_cached(""), None, "missing");
    let scan = store.scan(&summarize, "salt").unwrap();
    assert_eq!(store.scan_cached("salt"), Some(scan.entries.clone()));
    assert_eq!(store.scan_cached("other salt"), None, "another salt");
    assert_eq!(store.scan_cached(""), None, "another salt");

    let good = fs::read(store.index_path()).unwrap();
    let mut other_format = good.clone();
    other_format[8] = other_format[8].wrapping_add(1);
    let mut trailing = good.clone();
    trailing.push(0);
    let mut flipped_magic = good.clone();
    flipped_magic[0] ^= 0x20;
    for (what, bytes) in [
        ("empty", Vec::new()),
        ("truncated", good[..good.len() - 7].to_vec()),
        ("header only", good[..12].to_vec()),
        ("trailing bytes", trailing),
        ("another format", other_format),
        ("another magic", flipped_magic),
        (
            "JSON",
            br#"{"format":2,"salt":"salt","entries":{}}"#.to_vec(),
        ),
    ] {
        fs::write(store.index_path(), &bytes).unwrap();
        assert_eq!(store.scan_cached("salt"), None, "{what}");
        // A scan rebuilds it.
        let again = store.scan(&summarize, "salt").unwrap();
        assert_eq!(again.parsed, 4, "{what}");
        assert!(again.index_written, "{what}");
        assert_eq!(again.entries, scan.entries, "{what}");
        assert_eq!(
            store.scan_cached("salt"),
            Some(scan.entries.clone()),
            "{what}"
        );
    }

    // Unreadable (a folder in its place).
    fs::remove_file(store.index_path()).unwrap();
    fs::create_dir(store.index_path()).unwrap();
    assert_eq!(store.scan_cached("salt"), None);
}

#[test]
fn an_index_of_an_earlier_version_is_ignored_and_replaced() {
    let (_d, store, ids) = store_with(3);
    // What xal wrote before the binary index: JSON, format 1, at `.index.json`.
    let legacy = store.data_dir().join(".index.json");
    let mut entries = String::new();
    for (i, id) in ids.iter().enumerate() {
        let meta = fs::metadata(store.path_of(id).unwrap()).unwrap();
        if i > 0 {
            entries.push(',');
        }
        entries.push_str(&format!(
            r#""{id}.toml":{{"key":[{},0,0,0],"state":{{"ok":{{"id":"{id}","path":"",
            "service_name":"stale","agency":"","group":null,"levels":{{}},"complete":false,
            "updated":"2026-11-28T09:02:11+07:00","ruleset_id":"x"}}}}}}"#,
            meta.len()
        ));
    }
    fs::write(
        &legacy,
        format!(r#"{{"format":1,"salt":"s","entries":{{{entries}}}}}"#),
    )
    .unwrap();
    assert!(!store.index_path().exists());
    assert_eq!(store.scan_cached("s"), None);

    let scan = store.scan(&summarize, "s").unwrap();
    assert_eq!(scan.parsed, 3, "nothing is taken from the old index");
    assert!(scan.index_written);
    assert!(scan.entries.iter().all(|e| match e {
        ScanEntry::Ok(s) => s.service_name != "stale",
        ScanEntry::Broken { .. } => false,
    }));
    assert!(store.index_path().exists());
    assert!(!legacy.exists(), "the old index is removed once replaced");
    assert_eq!(store.scan(&summarize, "s").unwrap().parsed, 0);

    // The new index's own earlier format: ignored and rebuilt too.
    let mut bytes = fs::read(store.index_path()).unwrap();
    bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
    fs::write(store.index_path(), &bytes).unwrap();
    assert_eq!(store.scan_cached("s"), None);
    let rebuilt = store.scan(&summarize, "s").unwrap();
    assert_eq!(rebuilt.parsed, 3);
    assert_eq!(rebuilt.entries, scan.entries);
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_is_listed_as_a_problem_and_never_followed() {
    let (d, store, ids) = store_with(2);
    // The real file lives elsewhere; the folder has a link named after its id.
    let elsewhere = d.path().join("elsewhere.toml");
    let link = store.assessments_dir().join("LINKED1.toml");
    let text = fs::read_to_string(store.path_of(&ids[0]).unwrap())
        .unwrap()
        .replace(&ids[0], "LINKED1");
    fs::write(&elsewhere, &text).unwrap();
    age(&elsewhere);
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let problem = |entries: &[ScanEntry]| {
        entries.iter().find_map(|e| match e {
            ScanEntry::Broken { diagnostic, .. } if diagnostic.file == link => {
                Some(diagnostic.to_string())
            }
            ScanEntry::Ok(s) if s.id == "LINKED1" => panic!("the link was followed: {s:?}"),
            _ => None,
        })
    };
    let scan = store.scan(&summarize, "").unwrap();
    assert_eq!(scan.entries.len(), 3);
    let said = problem(&scan.entries).expect("the link is listed");
    assert!(said.contains("`LINKED1.toml` is a symbolic link"), "{said}");
    assert_eq!(store.scan_cached(""), Some(scan.entries));
    assert!(store.load("LINKED1").is_err());

    // The target changes: still a problem, still not read.
    fs::write(&elsewhere, text.replace("svc 0", "svc L")).unwrap();
    age(&elsewhere);
    let again = store.scan(&summarize, "").unwrap();
    assert!(problem(&again.entries).is_some());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// A file in the folder that cannot be read, or `None` where none can be made.
#[cfg(unix)]
fn unreadable_file(store: &Store) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = store.assessments_dir().join("UNREADABLE1.toml");
    fs::write(&path, "schema = 1\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_err() {
        return Some(path);
    }
    // Root reads anything: a link to a file whose reading fails instead.
    fs::remove_file(&path).unwrap();
    let proc_mem = std::path::Path::new("/proc/self/mem");
    if fs::metadata(proc_mem).is_ok_and(|m| m.is_file()) && fs::read(proc_mem).is_err() {
        std::os::unix::fs::symlink(proc_mem, &path).unwrap();
        return Some(path);
    }
    None
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_listed_never_trusted_and_does_not_churn_the_index() {
    let (_d, store, _) = store_with(2);
    let Some(path) = unreadable_file(&store) else {
        eprintln!("skipped: no way to make an unreadable file here");
        return;
    };
    let scan = store.scan(&summarize, "").unwrap();
    assert_eq!(scan.entries.len(), 3);
    let diag = scan
        .entries
        .iter()
        .find_map(|e| match e {
            ScanEntry::Broken {
                path: p,
                diagnostic,
            } if *p == path => Some(diagnostic.clone()),
            _ => None,
        })
        .expect("listed as broken");
    assert!(diag.message.starts_with("cannot read"), "{diag}");
    assert_eq!((diag.line, diag.column), (0, 0));
    assert_eq!(store.scan_cached(""), Some(scan.entries.clone()));

    // Read again on every scan; once the other files are settled, the index stays as it is.
    std::thread::sleep(Duration::from_millis(3100));
    store.scan(&summarize, "").unwrap();
    let again = store.scan(&summarize, "").unwrap();
    assert_eq!(again.parsed, 1, "the unreadable file is tried again");
    assert!(!again.index_written);
    assert_eq!(again.entries, scan.entries);
}
