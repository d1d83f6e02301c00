//! `xal train start`: the pack's scenarios, without reference answers, into a fresh data dir.

use std::path::{Path, PathBuf};

use super::TrainError;
use super::pack::Pack;
use crate::store::{Store, TrainSettings};

/// Should the interface hide the result pane until every question is answered? True only
/// when `<data dir>/train.toml` says `hide_result = true`; anything unreadable means false,
/// since a trainee who sees the result can still learn, and one who cannot start cannot.
pub fn hide_result(data_dir: &Path) -> bool {
    Store::open(data_dir)
        .train_settings()
        .ok()
        .flatten()
        .is_some_and(|s| s.hide_result)
}

/// Copies every scenario into `store` (same ids, so that collected answers match their
/// scenario) and writes `train.toml`. Refuses a data dir that already holds assessments:
/// a trainee's work is never mixed with, or written over, someone else's.
pub fn start(
    pack: &Pack,
    store: &Store,
    hide_result: bool,
    trainee: Option<&str>,
) -> Result<Vec<PathBuf>, TrainError> {
    let existing = store
        .assessment_files()
        .map_err(|e| TrainError::Io(e.to_string()))?;
    if !existing.is_empty() {
        return Err(TrainError::Input(format!(
            "{}: already holds assessments; use an empty --data-dir, or `xal reset` first",
            store.data_dir().display()
        )));
    }
    let mut written = Vec::new();
    for s in &pack.scenarios {
        let loaded = store
            .create(&s.assessment)
            .map_err(|e| TrainError::Io(e.to_string()))?;
        written.push(loaded.path);
    }
    store
        .write_train_settings(&TrainSettings {
            pack: pack.id.clone(),
            hide_result,
            trainee: trainee.map(str::to_string),
        })
        .map_err(|e| TrainError::Io(e.to_string()))?;
    Ok(written)
}
