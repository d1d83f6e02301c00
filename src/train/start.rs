//! `xal train start`: the pack's scenarios, without reference answers, into a fresh data dir.

use std::path::{Path, PathBuf};

use super::TrainError;
use super::pack::Pack;
use crate::store::{Store, TrainSettings};

/// Must the result stay hidden from the trainee (levels, reasons, ★, what-if, in the
/// interface and in `list`, `show`, `export`)? True when `<data dir>/train.toml` says
/// `hide_result = true`, and when a `train.toml` is there but cannot be read: a damaged
/// setting must not reveal the answer (`xal train reveal` lifts it).
pub fn hide_result(data_dir: &Path) -> bool {
    match Store::open(data_dir).train_settings() {
        Ok(s) => s.is_some_and(|s| s.hide_result),
        Err(_) => true,
    }
}

/// `xal train reveal`: the trainer lifts the hiding; the pack and the trainee's name stay.
pub fn reveal(store: &Store) -> Result<bool, TrainError> {
    let was = match store.train_settings() {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(TrainError::Input(format!(
                "{}: not a trainee's data dir (no {})",
                store.data_dir().display(),
                crate::store::TRAIN_FILE
            )));
        }
        // A damaged file is replaced: what it said is unknown, and revealing is the intent.
        Err(_) => TrainSettings::default(),
    };
    let hid = was.hide_result || hide_result(store.data_dir());
    store
        .write_train_settings(&TrainSettings {
            hide_result: false,
            ..was
        })
        .map_err(|e| TrainError::Io(e.to_string()))?;
    Ok(hid)
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
        let mut a = s.assessment.clone();
        // What the pack's file said of its own origin (it may be a copy) stays beneath.
        let mut origin = a.origin.take().unwrap_or_default();
        origin.pack = pack.id.clone();
        origin.pack_version = pack.version.clone();
        origin.scenario = a.id.clone();
        a.origin = Some(origin);
        let loaded = store
            .create(&a)
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
