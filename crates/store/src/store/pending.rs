//! What the interface keeps for its next start when it had to stop in the middle of something:
//! a form being typed that could not be saved as it was, and changes that had to go to a copy
//! because the file had changed on disk. `<data dir>/.pending.toml`, written atomically;
//! absent when there is nothing to offer.

use std::io;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::fsio::create_private_dir;
use super::{Store, StoreError, store_io};
use crate::diag::Diagnostic;

/// The form as it was when the program stopped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDraft {
    /// `new`, `edit` or `copy`.
    pub mode: String,
    /// The assessment edited or copied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub description: String,
    /// The ruleset chosen for a new assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<String>,
}

/// Changes kept as a copy because the original changed on disk while the program stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptCopy {
    pub service: String,
    /// The id of the file that changed on disk.
    pub original: String,
    /// The id of the copy that holds the changes.
    pub copy: String,
    pub when: DateTime<FixedOffset>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FormDraft>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept_copies: Vec<KeptCopy>,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.form.is_none() && self.kept_copies.is_empty()
    }
}

impl Store {
    pub fn pending_path(&self) -> PathBuf {
        self.data_dir.join(".pending.toml")
    }

    /// What the last run left for this one; nothing when there is no file.
    pub fn pending(&self) -> Result<Pending, StoreError> {
        let path = self.pending_path();
        let text = match self.confined().read_text(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Pending::default()),
            Err(e) => return Err(store_io(&path, "read")(e)),
        };
        toml::from_str(&text)
            .map_err(|e| StoreError::Broken(Diagnostic::from_toml(&path, &text, &e)))
    }

    /// Records what the next start must offer (atomically, 0600); an empty one removes the
    /// file.
    pub fn write_pending(&self, pending: &Pending) -> Result<(), StoreError> {
        let path = self.pending_path();
        if pending.is_empty() {
            return match self.confined().remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(store_io(&path, "remove")(e)),
                _ => Ok(()),
            };
        }
        let body = toml::to_string(pending).map_err(|e| StoreError::Io {
            path: path.clone(),
            action: "write",
            source: io::Error::other(e),
        })?;
        let text = format!("# Kept by xal when it had to stop; offered at the next start.\n{body}");
        create_private_dir(&self.data_dir).map_err(store_io(&self.data_dir, "create"))?;
        self.confined()
            .write_atomic(&path, text.as_bytes(), false)
            .map_err(store_io(&path, "write"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_round_trips_and_an_empty_one_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        assert_eq!(store.pending().unwrap(), Pending::default());
        let p = Pending {
            form: Some(FormDraft {
                mode: "new".into(),
                name: "ยื่นภาษี \"ออนไลน์\"\nบรรทัดสอง".into(),
                ruleset: Some("nist-800-63-3".into()),
                ..FormDraft::default()
            }),
            kept_copies: vec![KeptCopy {
                service: "Tax".into(),
                original: "A".into(),
                copy: "B".into(),
                when: DateTime::parse_from_rfc3339("2026-01-01T09:00:00+07:00").unwrap(),
            }],
        };
        store.write_pending(&p).unwrap();
        assert_eq!(store.pending().unwrap(), p);
        store.write_pending(&Pending::default()).unwrap();
        assert!(!store.pending_path().exists());
    }
}
