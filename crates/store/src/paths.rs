//! Where xal keeps things: the data dir of assessments and the config dir of user files.

use std::path::PathBuf;

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "xal")
}

/// `--data-dir` (which clap also fills from a non-empty `XAL_DATA_DIR`, see `cli::Global`),
/// else the platform's data dir for xal.
pub fn data_dir(flag: Option<&std::path::Path>) -> Option<PathBuf> {
    if let Some(f) = flag {
        return Some(f.to_path_buf());
    }
    project().map(|p| p.data_dir().to_path_buf())
}

/// `XAL_CONFIG_DIR`, else the platform's config dir for xal.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(v) = std::env::var_os("XAL_CONFIG_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(v));
    }
    project().map(|p| p.config_dir().to_path_buf())
}
