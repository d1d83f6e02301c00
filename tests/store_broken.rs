//! Files xal must not damage: broken ones, ones changed by another writer, and the files it
//! must not even list.

use crate::support;

use std::fs;
use std::time::{Duration, SystemTime};

use support::store::*;
use xal::store::*;

const CORRUPT: &str =
    "schema = 1\nid = \"BROKEN1\"\n\n[service]\nname = \"half-edited\nagency = \"x\"\n";

#[test]
fn a_corrupt_file_is_listed_with_its_place_and_never_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let good = store.create(&sample("good", 0)).unwrap();
    let path = store.assessments_dir().join("BROKEN1.toml");
    fs::write(&path, CORRUPT).unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();

    let scan = store.scan(&summarize, "salt").unwrap();
    assert_eq!(scan.entries.len(), 2);
    let broken: Vec<_> = scan
        .entries
        .iter()
        .filter_map(|e| match e {
            ScanEntry::Broken { path, diagnostic } => Some((path.clone(), diagnostic.clone())),
            ScanEntry::Ok(_) => None,
        })
        .collect();
    assert_eq!(broken.len(), 1);
    let (bpath, d) = &broken[0];
    assert_eq!(bpath, &path);
    assert_eq!(d.file, path);
    assert_eq!(d.line, 5, "{d}");
    assert!(d.column > 0, "{d}");
    assert!(d.to_string().contains("BROKEN1.toml:5:"), "{d}");

    // Scanning again (from the index), loading, creating over it, saving over it: refused.
    let again = store.scan(&summarize, "salt").unwrap();
    assert_eq!(again.entries, scan.entries);
    assert_eq!(again.parsed, 0, "broken files are remembered too");
    for _ in 0..3 {
        assert!(matches!(store.load("BROKEN1"), Err(LoadError::Broken(_))));
    }
    let mut a = sample("over", 0);
    a.id = "BROKEN1".into();
    assert!(matches!(store.create(&a), Err(SaveError::Exists { .. })));
    assert!(store.save_copy(&good, &a).is_ok(), "a copy goes elsewhere");

    // A file that broke after it was opened: the save is refused as Broken.
    let mut stale = store.load(&good.assessment.id).unwrap();
    fs::write(&stale.path, CORRUPT.replace("BROKEN1", &good.assessment.id)).unwrap();
    let before = fs::read(&stale.path).unwrap();
    let b = stale.assessment.clone();
    match store.save(&mut stale, &b) {
        Err(SaveError::Broken { diagnostic, .. }) => assert_eq!(diagnostic.line, 5),
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read(&stale.path).unwrap(), before);

    assert_eq!(fs::read_to_string(&path).unwrap(), CORRUPT);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);
}

#[test]
fn a_save_over_another_writers_change_is_a_conflict_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let a = sample("mine", 0);
    store.create(&a).unwrap();
    let mut loaded = store.load(&a.id).unwrap();

    // Another xal (second SSH session) saves first.
    let mut other = store.load(&a.id).unwrap();
    let mut theirs = other.assessment.clone();
    theirs.service.name = "theirs".into();
    store.save(&mut other, &theirs).unwrap();
    let on_disk = fs::read(&loaded.path).unwrap();
    assert!(store.changed_on_disk(&loaded).unwrap());

    let mut mine = loaded.assessment.clone();
    mine.service.name = "mine, changed".into();
    let err = store.save(&mut loaded, &mine).unwrap_err();
    assert!(matches!(err, SaveError::Conflict { .. }), "{err}");
    assert!(err.is_conflict());
    assert!(err.to_string().contains(&format!("{}.toml", a.id)), "{err}");
    assert_eq!(fs::read(&loaded.path).unwrap(), on_disk, "theirs is kept");

    // An editor's change counts the same; "keep mine as a copy" works after a conflict.
    let copy = store.save_copy(&loaded, &mine).unwrap();
    assert_eq!(
        store
            .load(&copy.assessment.id)
            .unwrap()
            .assessment
            .service
            .name,
        "mine, changed"
    );
    assert_eq!(fs::read(&loaded.path).unwrap(), on_disk);

    // Deleted under us.
    let mut fresh = store.load(&a.id).unwrap();
    fs::remove_file(&fresh.path).unwrap();
    let err = store.save(&mut fresh, &mine).unwrap_err();
    assert!(matches!(err, SaveError::Vanished { .. }), "{err}");
    assert!(!fresh.path.exists());

    // The id cannot change through save.
    let mut l = store.load(&copy.assessment.id).unwrap();
    let mut other_id = l.assessment.clone();
    other_id.id = "SOMETHING-ELSE".into();
    assert!(matches!(
        store.save(&mut l, &other_id),
        Err(SaveError::IdChanged { .. })
    ));
}

#[test]
fn a_successful_save_updates_the_stamp_so_the_next_save_works() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let mut loaded = store.create(&sample("s", 0)).unwrap();
    for i in 0..5 {
        let mut a = loaded.assessment.clone();
        a.service.name = format!("v{i}");
        store.save(&mut loaded, &a).unwrap();
        assert!(!store.changed_on_disk(&loaded).unwrap());
        assert_eq!(loaded.stamp.len, fs::metadata(&loaded.path).unwrap().len());
    }
    assert_eq!(
        store
            .load(&loaded.assessment.id)
            .unwrap()
            .assessment
            .service
            .name,
        "v4"
    );
}

#[test]
fn dotfiles_tmp_files_and_other_names_are_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let a = sample("real", 0);
    store.create(&a).unwrap();
    let real = fs::read_to_string(store.path_of(&a.id).unwrap()).unwrap();
    let d = store.assessments_dir();
    fs::write(d.join(".hidden.toml"), &real).unwrap();
    fs::write(d.join(".xal-abc123.tmp"), "half a fi").unwrap();
    fs::write(d.join(format!("{}.toml.tmp", a.id)), &real).unwrap();
    fs::write(d.join("crash.tmp"), "x").unwrap();
    fs::write(d.join("README.md"), "notes").unwrap();
    fs::write(d.join("backup.toml~"), &real).unwrap();
    // A folder named `*.toml` is listed, as a problem: tests/store_special_files.rs.

    let scan = store.scan(&summarize, "").unwrap();
    assert_eq!(scan.entries.len(), 1, "{:?}", scan.entries);
    match &scan.entries[0] {
        ScanEntry::Ok(s) => {
            assert_eq!(s.id, a.id);
            assert_eq!(s.service_name, "real");
            assert_eq!(s.path, store.path_of(&a.id).unwrap());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_data_dir_lists_nothing_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("not-yet");
    let store = Store::open(&data);
    let scan = store.scan(&summarize, "").unwrap();
    assert!(scan.entries.is_empty());
    assert!(matches!(store.load("ABC"), Err(LoadError::NotFound { .. })));
    assert!(store.list_trash().unwrap().is_empty());
    assert!(!data.exists());
}
