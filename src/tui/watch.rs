//! The data dir, watched: what another program changes (an editor, `git pull`, a colleague's
//! `xal sync` in another terminal) reaches the app as [`crate::app::Event::DiskChanged`], so
//! the list, the preview and the open assessment follow without a restart.
//!
//! inotify through `notify`, debounced: a burst of writes (a sync touching fifty files, an
//! editor's save-by-rename) arrives as one batch. No thread polls. Where the system gives no
//! watcher (no inotify, the limit of watchers reached), the interface works as before and the
//! log says why.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long a burst of changes is gathered before it is reported.
const QUIET: Duration = Duration::from_millis(250);
/// A burst that goes on (a long sync) is still reported this often.
const AT_MOST: Duration = Duration::from_secs(1);

/// A watch in force; dropping it stops the watching (and the thread that gathers bursts).
pub struct Watch {
    _watcher: RecommendedWatcher,
}

/// Watches `data_dir` and its folder of assessments, `assessments` when it is there as a
/// real folder (`Store::assessments_folder`: a link in its place is not followed). Neither
/// recursively: `.git` and the trash are not watched. `changed` gets the assessment files
/// (`*.toml` directly in that folder) that changed in each burst; the data dir itself is
/// watched so that a folder made or replaced later (a `git pull` into an empty repository) is
/// seen.
pub fn start(
    data_dir: &Path,
    assessments: Option<&Path>,
    changed: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<Watch, String> {
    let root = data_dir.to_path_buf();
    let folder = data_dir.join("assessments");
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |r: notify::Result<notify::Event>| {
        let Ok(event) = r else { return };
        // Reading is not changing. The app's own scan opens these very folders, and inotify
        // reports each open: taken for a change, every scan asked for the next one, for as
        // long as the program ran.
        if is_only_read(&event.kind) {
            return;
        }
        for p in event.paths {
            if is_assessment(&folder, &p) || p == folder || p == root {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| e.to_string())?;
    watcher
        .watch(data_dir, RecursiveMode::NonRecursive)
        .map_err(|e| e.to_string())?;
    // Not there yet in a new data dir: the data dir's own events say when it comes, and the
    // next start watches it.
    if let Some(assessments) = assessments {
        watcher
            .watch(assessments, RecursiveMode::NonRecursive)
            .map_err(|e| e.to_string())?;
    }
    std::thread::Builder::new()
        .name("xal-watch".into())
        .spawn(move || gather(&rx, QUIET, AT_MOST, changed))
        .map_err(|e| e.to_string())?;
    Ok(Watch { _watcher: watcher })
}

/// An event that only says a file was opened, read or closed unchanged.
fn is_only_read(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(a) if *a != AccessKind::Close(AccessMode::Write))
}

/// Hands on the paths of each burst: once nothing came for `quiet`, or `at_most` after the
/// burst began. Ends when the watcher is dropped.
fn gather(
    rx: &Receiver<PathBuf>,
    quiet: Duration,
    at_most: Duration,
    changed: impl Fn(Vec<PathBuf>),
) {
    while let Ok(first) = rx.recv() {
        let began = Instant::now();
        let mut paths = vec![first];
        let ended = loop {
            let wait = quiet.min(at_most.saturating_sub(began.elapsed()));
            match rx.recv_timeout(wait) {
                Ok(p) => paths.push(p),
                Err(RecvTimeoutError::Timeout) => break false,
                Err(RecvTimeoutError::Disconnected) => break true,
            }
        };
        paths.sort();
        paths.dedup();
        changed(paths);
        if ended {
            return;
        }
    }
}

/// A file directly in `folder` named `*.toml` (the store's temporary files are `.tmp*`).
fn is_assessment(folder: &Path, p: &Path) -> bool {
    p.parent() == Some(folder) && p.extension().is_some_and(|e| e == "toml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// The app's own scan lists both folders and reads files: were that reported, every scan
    /// would ask for the next one, for as long as the program runs.
    #[test]
    fn reading_the_folders_and_their_files_is_not_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("assessments");
        std::fs::create_dir(&folder).unwrap();
        let file = folder.join("01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml");
        std::fs::write(&file, "# before the watch\n").unwrap();
        let (tx, rx) = mpsc::channel();
        let _w = start(dir.path(), Some(&folder), move |paths| {
            tx.send(paths).unwrap()
        })
        .unwrap();
        // The app's own scan, through the store: both folders listed, the file and the index
        // read (and the index written, next to the folder, where it is no assessment).
        let store = crate::store::Store::open(dir.path());
        let registry = crate::ruleset::registry::Registry::builtin();
        for _ in 0..3 {
            let listing = store
                .scan(&|a| crate::catalog::summarize(&registry, a), "")
                .unwrap();
            assert_eq!(listing.entries.len(), 1, "the one file is listed");
        }
        assert_eq!(
            rx.recv_timeout(QUIET * 4),
            Err(mpsc::RecvTimeoutError::Timeout)
        );
        // A change after all that is still seen.
        std::fs::write(&file, "# changed\n").unwrap();
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(10)).unwrap(),
            vec![file]
        );
    }

    #[test]
    fn a_burst_that_goes_on_is_reported_while_it_lasts() {
        let (tx, rx) = mpsc::channel();
        let (out, got) = mpsc::channel();
        let gathering = std::thread::spawn(move || {
            gather(
                &rx,
                Duration::from_millis(200),
                Duration::from_millis(300),
                move |p| out.send(p).unwrap(),
            )
        });
        // A change every 50 ms for 1.5 s never leaves 200 ms of quiet.
        let begun = std::time::Instant::now();
        for i in 0..30 {
            tx.send(PathBuf::from(format!("f{}", i % 3))).unwrap();
            std::thread::sleep(Duration::from_millis(50));
        }
        let first = got.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(!first.is_empty() && first.len() <= 3, "{first:?}");
        assert!(
            got.try_iter().count() >= 1,
            "reported more than once over {:?}",
            begun.elapsed()
        );
        drop(tx);
        gathering.join().unwrap();
    }

    #[test]
    fn a_file_written_by_another_program_is_reported_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("assessments");
        std::fs::create_dir(&folder).unwrap();
        let (tx, rx) = mpsc::channel();
        let _w = start(dir.path(), Some(&folder), move |paths| {
            tx.send(paths).unwrap()
        })
        .unwrap();
        let file = folder.join("01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml");
        for i in 0..5 {
            std::fs::write(&file, format!("# {i}\n")).unwrap();
        }
        // Neither a temporary file nor a file elsewhere counts.
        std::fs::write(folder.join(".tmpabc"), "x").unwrap();
        let got = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(got, vec![file.clone()]);
        // What else that burst brings (a loaded machine may split it) names that file only.
        while let Ok(more) = rx.recv_timeout(QUIET * 4) {
            assert_eq!(more, vec![file.clone()]);
        }
        std::fs::remove_file(&file).unwrap();
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(10)).unwrap(),
            vec![file]
        );
    }
}
