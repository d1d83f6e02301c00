//! Assessments are private: folders 0700, files 0600.
#![cfg(unix)]

mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use support::store::*;
use xal::store::*;

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn folders_are_0700_and_files_0600() {
    // A permissive umask, whatever the caller's: a folder or file left to the umask would be
    // 0755 or 0644 and fail, while under a strict umask (077) it would pass by luck. The only
    // test of this binary, so no other thread creates files meanwhile.
    // SAFETY: umask only sets this process's file-creation mask.
    unsafe { libc::umask(0o022) };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("xal-data");
    let store = Store::open(&data);
    let a = sample("private", 0);
    let mut loaded = store.create(&a).unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&store.assessments_dir()), 0o700);
    assert_eq!(mode(&loaded.path), 0o600);
    assert_eq!(mode(&data.join(".lock")), 0o600);

    // A save replaces the file by a new one: still 0600.
    let mut b = loaded.assessment.clone();
    b.service.name = "changed".into();
    store.save(&mut loaded, &b).unwrap();
    assert_eq!(mode(&loaded.path), 0o600);

    let copy = store.save_copy(&loaded, &b).unwrap();
    assert_eq!(mode(&copy.path), 0o600);

    store.scan(&summarize, "").unwrap();
    assert_eq!(mode(&store.index_path()), 0o600);

    let trashed = store.trash(&a.id).unwrap();
    assert_eq!(mode(&store.trash_dir()), 0o700);
    assert_eq!(mode(&trashed), 0o600);
}
