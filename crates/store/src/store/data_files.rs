//! The data dir's files other than assessments: exports, the log, a trainee's settings, and
//! moving the whole folder aside. Kept here so that every path under the data dir, and every
//! permission on it, is decided in one layer.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::fsio::create_private_dir;
use super::{Store, StoreError, store_io};
use crate::diag::Diagnostic;

/// The file in a data dir that marks it as a trainee's and says how the interface behaves.
pub const TRAIN_FILE: &str = "train.toml";

/// What `xal train start` records in a trainee's data dir.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainSettings {
    /// The id of the scenario pack handed out.
    pub pack: String,
    /// Hide the result pane until every question is answered.
    #[serde(default)]
    pub hide_result: bool,
    /// The trainee's name, as `train start --trainee` recorded it (collect shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainee: Option<String>,
}

/// `<data dir>.backup-YYYYmmdd-HHMMSS`, with `-2`, `-3`, … when that name is taken.
pub(crate) fn backup_path(data_dir: &Path, now: DateTime<FixedOffset>) -> PathBuf {
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

impl Store {
    pub fn exports_dir(&self) -> PathBuf {
        self.data_dir.join("exports")
    }

    pub fn log_path(&self) -> PathBuf {
        self.data_dir.join("xal.log")
    }

    pub fn train_settings_path(&self) -> PathBuf {
        self.data_dir.join(TRAIN_FILE)
    }

    /// The assessment files (`assessments/*.toml`, dotfiles and temporary files skipped),
    /// sorted by name. A missing folder holds none; nothing is created.
    pub fn assessment_files(&self) -> Result<Vec<PathBuf>, StoreError> {
        super::listed_files(self.confined(), &self.assessments_dir())
    }

    /// Is there a file for this id (valid, in the assessments folder, broken or not)?
    pub fn contains(&self, id: &str) -> bool {
        self.path_of(id).is_ok_and(|p| p.exists())
    }

    /// The ids of [`Store::assessment_files`], sorted: what `load` can be given.
    pub fn ids(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .assessment_files()?
            .iter()
            .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
            .collect())
    }

    /// Writes `<data dir>/exports/<file_name>` atomically: the folder is made 0700 and the
    /// file 0600 whatever the umask (a report holds the same answers as the assessment).
    /// `file_name` must be a plain name; an empty report is refused rather than written,
    /// since an empty file looks like a successful export.
    pub fn write_export(&self, file_name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        let plain = !file_name.is_empty()
            && !file_name.starts_with('.')
            && !file_name.contains(['/', '\\', '\0']);
        if !plain {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{file_name}` is not a plain file name"),
            ));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(io::Error::other("the report came out empty"));
        }
        let dir = self.exports_dir();
        self.confined().create_dir(&dir)?;
        let path = dir.join(file_name);
        self.confined().write_atomic(&path, bytes, false)?;
        Ok(path)
    }

    /// Appends one line, stamped with the local time, to `<data dir>/xal.log` (created 0600;
    /// the data dir 0700 if missing). Every control character of `line`, line breaks
    /// included, is shown as `\u{..}` (`text::safe::visible`): one call is one line of the
    /// log, and a service name that a collaborator chose cannot write a command or an escape
    /// sequence into it.
    pub fn append_log(&self, line: &str) -> io::Result<()> {
        create_private_dir(&self.data_dir)?;
        let clean = crate::text::safe::visible(line);
        let text = format!("{} {clean}\n", chrono::Local::now().to_rfc3339());
        // One write: appends of a line at a time from two processes do not interleave.
        self.confined().append(&self.log_path(), text.as_bytes())
    }

    /// The trainee's settings, or none when this is not a trainee's data dir.
    pub fn train_settings(&self) -> Result<Option<TrainSettings>, StoreError> {
        let path = self.train_settings_path();
        let text = match self.confined().read_text(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(store_io(&path, "read")(e)),
        };
        toml::from_str(&text)
            .map(Some)
            .map_err(|e| StoreError::Broken(Diagnostic::from_toml(&path, &text, &e)))
    }

    /// Writes `train.toml` atomically (0600, the data dir 0700 if missing). Serialized by
    /// `toml`, so any pack id reads back as it was written.
    pub fn write_train_settings(&self, settings: &TrainSettings) -> Result<PathBuf, StoreError> {
        let path = self.train_settings_path();
        let body = toml::to_string(settings).map_err(|e| StoreError::Io {
            path: path.clone(),
            action: "write",
            source: io::Error::other(e),
        })?;
        let text = format!("# Written by `xal train start`; read by the interface.\n{body}");
        create_private_dir(&self.data_dir).map_err(store_io(&self.data_dir, "create"))?;
        self.confined()
            .write_atomic(&path, text.as_bytes(), false)
            .map_err(store_io(&path, "write"))?;
        Ok(path)
    }

    /// Renames the data dir to its backup name ([`backup_path`]) and creates an empty one
    /// (0700). Returns the backup's path, or none when there was no data dir to move. Nothing
    /// is copied or deleted.
    pub fn move_aside(&self, now: DateTime<FixedOffset>) -> Result<Option<PathBuf>, StoreError> {
        let dir = &self.data_dir;
        let moved = if dir.exists() {
            let backup = backup_path(dir, now);
            // A rename within one parent folder: atomic, and no file is copied or lost.
            fs::rename(dir, &backup).map_err(store_io(dir, "move aside"))?;
            Some(backup)
        } else {
            None
        };
        create_private_dir(dir).map_err(store_io(dir, "create"))?;
        Ok(moved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_of_assessments_is_watched_only_when_it_is_a_real_folder() {
        use crate::store::{DataDirState, Store};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        assert_eq!(store.data_dir_state(), DataDirState::Folder);
        assert_eq!(store.assessments_folder(), None, "not there yet");
        std::fs::create_dir(store.assessments_dir()).unwrap();
        assert_eq!(store.assessments_folder(), Some(store.assessments_dir()));
        // A link in its place is not followed.
        std::fs::remove_dir(store.assessments_dir()).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), store.assessments_dir()).unwrap();
        assert_eq!(store.assessments_folder(), None);
        assert_eq!(
            Store::open(dir.path().join("nope")).data_dir_state(),
            DataDirState::Missing
        );
    }

    #[test]
    fn a_pack_id_with_a_newline_or_a_quote_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("data"));
        assert_eq!(store.train_settings().unwrap(), None);
        for pack in [
            "plain",
            "two\nlines",
            "say \"hi\"",
            "back\\slash",
            "''' \"\"\" ]",
        ] {
            let s = TrainSettings {
                pack: pack.into(),
                hide_result: true,
                trainee: None,
            };
            store.write_train_settings(&s).unwrap();
            assert_eq!(store.train_settings().unwrap(), Some(s), "{pack:?}");
        }
    }

    #[test]
    fn settings_written_by_hand_or_by_older_versions_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        fs::write(store.train_settings_path(), "pack = \"p\"\n").unwrap();
        assert_eq!(
            store.train_settings().unwrap(),
            Some(TrainSettings {
                pack: "p".into(),
                hide_result: false,
                trainee: None,
            })
        );
        fs::write(
            store.train_settings_path(),
            "pack = \"p\nhide_result = true\n",
        )
        .unwrap();
        let e = store.train_settings().unwrap_err().to_string();
        assert!(e.contains("train.toml:1:"), "{e}");
    }

    #[test]
    fn an_export_needs_a_plain_name_and_some_content() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        for bad in ["", "../x.md", "a/b.md", ".hidden"] {
            let e = store.write_export(bad, b"text").unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{bad:?}");
        }
        assert!(store.write_export("empty.md", b" \n").is_err());
        assert!(!store.exports_dir().join("empty.md").exists());
        let p = store.write_export("r.md", b"# report\n").unwrap();
        assert_eq!(p, store.exports_dir().join("r.md"));
        assert_eq!(fs::read(&p).unwrap(), b"# report\n");
    }

    #[test]
    fn the_log_keeps_one_line_per_call_with_controls_shown() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("fresh"));
        store.append_log("first").unwrap();
        store
            .append_log("second\nforged line; echo \u{1b}]0;PWNED\u{7}")
            .unwrap();
        let text = fs::read_to_string(store.log_path()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].ends_with(" first"));
        assert!(
            lines[1].ends_with(r" second\u{a}forged line; echo \u{1b}]0;PWNED\u{7}"),
            "{text}"
        );
    }

    #[test]
    fn assessment_files_skip_dotfiles_and_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        assert!(store.assessment_files().unwrap().is_empty());
        assert!(!store.assessments_dir().exists(), "listing creates nothing");
        fs::create_dir(store.assessments_dir()).unwrap();
        for n in ["B.toml", "A.toml", ".x.toml", ".xal-1.tmp", "notes.txt"] {
            fs::write(store.assessments_dir().join(n), "").unwrap();
        }
        assert_eq!(store.ids().unwrap(), ["A", "B"]);
    }
}
