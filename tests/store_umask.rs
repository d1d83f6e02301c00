//! Every file xal makes under the data dir is private even when the user's umask would let
//! everyone read and write it. The umask is the process's, so this binary holds one test
//! only: no other test runs beside it while the umask is 000.
#![cfg(unix)]

mod support;

use support::store as util;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use xal::store::{Store, TrainSettings};

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn under_umask_000_folders_are_0700_and_files_0600() {
    // SAFETY: umask has no preconditions; this binary runs no other test at the same time.
    let old = unsafe { libc::umask(0) };
    let root = tempfile::tempdir().unwrap();

    // A file created outside the store does get the open mode: the umask really is 000.
    let probe = root.path().join("probe");
    fs::write(&probe, "").unwrap();
    assert_eq!(mode(&probe), 0o666, "umask not in effect");

    let data = root.path().join("log-first");
    let store = Store::open(&data);
    store.append_log("started").unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&store.log_path()), 0o600);
    store.append_log("again").unwrap();
    assert_eq!(mode(&store.log_path()), 0o600);

    let data = root.path().join("export-first");
    let store = Store::open(&data);
    let path = store.write_export("r-th.md", b"# report\n").unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&store.exports_dir()), 0o700);
    assert_eq!(mode(&path), 0o600);
    // Written again (replaced by rename): still private.
    store.write_export("r-th.md", b"# report 2\n").unwrap();
    assert_eq!(mode(&path), 0o600);

    let settings = TrainSettings {
        pack: "th-gov-basics".into(),
        hide_result: true,
        ..Default::default()
    };
    let path = store.write_train_settings(&settings).unwrap();
    assert_eq!(mode(&path), 0o600);

    let a = util::sample("private", 0);
    let loaded = store.create(&a).unwrap();
    assert_eq!(mode(&store.assessments_dir()), 0o700);
    assert_eq!(mode(&loaded.path), 0o600);
    assert_eq!(mode(&data.join(".lock")), 0o600);
    store.scan(&util::summarize, "").unwrap();
    assert_eq!(mode(&store.index_path()), 0o600);

    let now = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05+07:00").unwrap();
    let backup = store.move_aside(now).unwrap().unwrap();
    assert_eq!(mode(&data), 0o700, "the new, empty data dir");
    assert_eq!(mode(&backup), 0o700, "the moved one keeps its mode");
    let name = loaded.path.file_name().unwrap();
    assert!(backup.join("assessments").join(name).exists());

    unsafe { libc::umask(old) };
}
