//! `xal reset`: move the data dir aside and start empty. Nothing is ever deleted.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::TrainError;

/// `<data dir>.backup-YYYYmmdd-HHMMSS`, with `-2`, `-3`, … when that name is taken.
pub fn backup_path(data_dir: &Path, now: DateTime<FixedOffset>) -> PathBuf {
    let base = format!(
        "{}.backup-{}",
        data_dir.as_os_str().to_string_lossy().trim_end_matches('/'),
        now.format("%Y%m%d-%H%M%S")
    );
    let mut p = PathBuf::from(&base);
    let mut n = 2;
    while p.exists() || p.is_symlink() {
        p = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    p
}

/// Renames the data dir to its backup name and creates an empty one (0700). Returns the
/// backup's path, or none when there was no data dir to move.
pub fn reset(data_dir: &Path, now: DateTime<FixedOffset>) -> Result<Option<PathBuf>, TrainError> {
    let io = |what: &str, p: &Path, e: std::io::Error| {
        TrainError::Io(format!("{}: cannot {what}: {e}", p.display()))
    };
    let moved = if data_dir.exists() {
        let backup = backup_path(data_dir, now);
        // A rename within one parent folder: atomic, and no file is copied or lost.
        std::fs::rename(data_dir, &backup).map_err(|e| io("move aside", data_dir, e))?;
        Some(backup)
    } else {
        None
    };
    create_private(data_dir).map_err(|e| io("create", data_dir, e))?;
    Ok(moved)
}

fn create_private(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}
