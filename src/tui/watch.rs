//! The data dir, watched: what another program changes (an editor, `git pull`, a colleague's
//! `xal sync` in another terminal) reaches the app as [`crate::app::Event::DiskChanged`], so
//! the list, the preview and the open assessment follow without a restart.
//!
//! inotify through `notify`, debounced: a burst of writes (a sync touching fifty files, an
//! editor's save-by-rename) arrives as one batch. No thread polls. Where the system gives no
//! watcher (no inotify, the limit of watchers reached), the interface works as before and the
//! log says why.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

/// How long a burst of changes is gathered before it is reported.
const QUIET: Duration = Duration::from_millis(250);

/// A watch in force; dropping it stops the watching.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher>,
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
    let mut debouncer = new_debouncer(QUIET, move |r: DebounceEventResult| {
        let Ok(events) = r else { return };
        let mut paths: Vec<PathBuf> = events
            .into_iter()
            .map(|e| e.path)
            .filter(|p| is_assessment(&folder, p) || *p == folder || *p == root)
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            changed(paths);
        }
    })
    .map_err(|e| e.to_string())?;
    let watcher = debouncer.watcher();
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
    Ok(Watch {
        _debouncer: debouncer,
    })
}

/// A file directly in `folder` named `*.toml` (the store's temporary files are `.tmp*`).
fn is_assessment(folder: &Path, p: &Path) -> bool {
    p.parent() == Some(folder) && p.extension().is_some_and(|e| e == "toml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

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
