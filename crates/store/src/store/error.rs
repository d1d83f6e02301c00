//! What can go wrong in the store, each naming the file.

use std::io;
use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Finding folders, listing, trashing.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no data directory: give --data-dir DIR or set XAL_DATA_DIR (no home directory found)")]
    NoDataDir,
    #[error("`{id}` is not a valid assessment id (1 to 100 letters, digits, `-` or `_`)")]
    InvalidId { id: String },
    #[error("{}: no such assessment", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
    /// A file of xal's own (e.g. `train.toml`) that does not parse.
    #[error("{0}")]
    Broken(Diagnostic),
}

/// Opening one assessment.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("`{id}` is not a valid assessment id (1 to 100 letters, digits, `-` or `_`)")]
    InvalidId { id: String },
    #[error("{}: no such assessment", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
    /// The file does not parse (or its id does not match its name). It is left as it is.
    #[error("{0}")]
    Broken(Diagnostic),
}

/// Writing one assessment. In every case but `Io` during the final rename, nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("`{id}` is not a valid assessment id (1 to 100 letters, digits, `-` or `_`)")]
    InvalidId { id: String },
    /// Someone else (another xal, an editor) changed the file since it was read.
    #[error("{}: changed on disk since it was opened (by another xal or an editor); not overwritten", path.display())]
    Conflict { path: PathBuf },
    /// The file was deleted or moved since it was read.
    #[error("{}: deleted or moved since it was opened; not written", path.display())]
    Vanished { path: PathBuf },
    /// The file on disk does not parse: xal never overwrites such a file.
    #[error("{}: does not parse, so xal will not overwrite it ({diagnostic})", path.display())]
    Broken {
        path: PathBuf,
        diagnostic: Diagnostic,
    },
    /// `create` or `save_copy` found a file with that id already.
    #[error("{}: already exists", path.display())]
    Exists { path: PathBuf },
    /// `save` was given an assessment with another id than the one loaded; use `save_copy`.
    #[error("{}: cannot save assessment `{new}` over `{old}`", path.display())]
    IdChanged {
        path: PathBuf,
        old: String,
        new: String,
    },
    /// The text xal would write does not read back as the same assessment (a bug in xal, or a
    /// value TOML cannot hold). Nothing was written.
    #[error("{}: not saved: the file would not read back the same ({detail})", path.display())]
    WouldNotReadBack { path: PathBuf, detail: String },
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
}

impl SaveError {
    /// The file changed or vanished under us: offer "keep mine as a copy" / "reload".
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            SaveError::Conflict { .. } | SaveError::Vanished { .. }
        )
    }
}
