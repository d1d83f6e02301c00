//! `xal train start`: the pack's scenarios, without reference answers, into a fresh data dir.

use std::path::{Path, PathBuf};

use super::TrainError;
use super::pack::Pack;
use crate::store::Store;

/// The file in a data dir that marks it as a trainee's and says how the interface behaves.
pub const TRAIN_FILE: &str = "train.toml";

/// Should the interface hide the result pane until every question is answered? True only
/// when `<data dir>/train.toml` says `hide_result = true`; anything unreadable means false.
pub fn hide_result(data_dir: &Path) -> bool {
    std::fs::read_to_string(data_dir.join(TRAIN_FILE))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("hide_result").and_then(|v| v.as_bool()))
        .unwrap_or(false)
}

/// Copies every scenario into `store` (same ids, so that collected answers match their
/// scenario) and writes `train.toml`. Refuses a data dir that already holds assessments:
/// a trainee's work is never mixed with, or written over, someone else's.
pub fn start(pack: &Pack, store: &Store, hide_result: bool) -> Result<Vec<PathBuf>, TrainError> {
    let existing = std::fs::read_dir(store.assessments_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().ends_with(".toml"))
        })
        .unwrap_or(false);
    if existing {
        return Err(TrainError::Input(format!(
            "{} already holds assessments; use an empty --data-dir, or `xal reset` first",
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
    let text = format!(
        "# Written by `xal train start`; read by the interface.\npack = \"{}\"\nhide_result = {hide_result}\n",
        pack.id.replace(['"', '\\'], "")
    );
    write_atomic(&store.data_dir().join(TRAIN_FILE), &text)?;
    Ok(written)
}

fn write_atomic(path: &Path, text: &str) -> Result<(), TrainError> {
    let fail = |e: &dyn std::fmt::Display| {
        TrainError::Io(format!("{}: cannot write: {e}", path.display()))
    };
    crate::store::write_file_atomic(path, text.as_bytes()).map_err(|e| fail(&e))?;
    Ok(())
}
