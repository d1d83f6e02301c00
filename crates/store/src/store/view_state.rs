//! What the interface remembers of how it was left — language, sort, filter, the pane in
//! focus and the assessment open — in `<config dir>/state.toml`: the user's, not the data's,
//! so a shared data dir never carries one person's view to another. Written atomically; a
//! broken file is only a fresh start.
//! Not flushed to disk: the worker writes it on every Tab, sort or open.

use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::config_dir::ConfigDir;
use super::confined::Confined;
use super::fsio::{create_private_dir, replace_unsynced};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub filter: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    /// The assessment open, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
}

impl ConfigDir {
    pub(crate) fn state_path(&self) -> PathBuf {
        self.path().join("state.toml")
    }

    /// The view as the last run left it; nothing when there is no file or it does not parse.
    pub fn view_state(&self) -> ViewState {
        Confined::new(self.path())
            .read_text(&self.state_path())
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn write_view_state(&self, state: &ViewState) -> io::Result<()> {
        let body = toml::to_string(state).map_err(io::Error::other)?;
        let text = format!("# How xal's interface was left; safe to delete.\n{body}");
        create_private_dir(self.path())?;
        // Only how the view was left: replaced whole (a reader sees the old file or the new
        // one), but not flushed to disk; a crash at worst forgets a Tab or a sort.
        let path = self.state_path();
        Confined::new(self.path()).check_file(&path)?;
        replace_unsynced(&path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_view_round_trips_and_a_broken_file_is_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let c = ConfigDir::open(dir.path().join("xal"));
        assert_eq!(c.view_state(), ViewState::default());
        let v = ViewState {
            lang: Some("th".into()),
            sort: Some("name".into()),
            filter: "ภาษี \"x\"".into(),
            focus: Some("wizard".into()),
            open: Some("01ABC".into()),
        };
        c.write_view_state(&v).unwrap();
        assert_eq!(c.view_state(), v);
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(c.state_path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        fs::write(c.state_path(), "lang = [").unwrap();
        assert_eq!(c.view_state(), ViewState::default());
    }
}
