//! An assessment's history: each commit that touched its file, read through the store and
//! compared with the version before, as answer deltas with author and date.

use std::path::Path;

use super::delta::{Change, changes};
use super::{CommitInfo, GitError, Repo, assessment_path};
use crate::store::{Assessment, parse_assessment_bytes};

/// One commit's changes to the assessment.
#[derive(Clone, Debug)]
pub struct Entry {
    pub commit: CommitInfo,
    /// What differs from the version before (for the first version, everything it set).
    pub changes: Vec<Change>,
    pub created: bool,
    pub removed: bool,
    /// The version here did not parse: its error (file:line:column), and no changes.
    pub broken: Option<String>,
}

/// Every commit of the current branch that touched assessment `id`, newest first.
pub fn history(repo: &Repo, id: &str) -> Result<Vec<Entry>, GitError> {
    let path = assessment_path(id);
    let commits = repo.log("HEAD", &path)?;
    // Each commit against its own parent: on a history with branches, the next older commit
    // in the log may be on another branch, and comparing with it would credit one person
    // with another's answers.
    let mut specs = Vec::with_capacity(commits.len() * 2);
    for c in &commits {
        specs.push(format!("{}:{path}", c.hash));
        specs.push(format!("{}^:{path}", c.hash));
    }
    let blobs = repo.read_blobs(&specs)?;
    let shown = Path::new(&path);
    let read = |b: &Option<Vec<u8>>| -> Result<Option<Assessment>, String> {
        match b {
            None => Ok(None),
            Some(bytes) => parse_assessment_bytes(shown, bytes)
                .map(Some)
                .map_err(|d| d.to_string()),
        }
    };
    let mut out = Vec::with_capacity(commits.len());
    for (i, c) in commits.iter().enumerate() {
        let here = read(&blobs[2 * i]);
        let before = read(&blobs[2 * i + 1]);
        let old = before.as_ref().ok().and_then(Option::as_ref);
        let (changes, broken) = match &here {
            Ok(new) => (changes(old, new.as_ref()), None),
            Err(e) => (Vec::new(), Some(e.clone())),
        };
        out.push(Entry {
            commit: c.clone(),
            changes,
            created: matches!(before, Ok(None)) && matches!(here, Ok(Some(_))),
            removed: matches!(here, Ok(None)),
            broken,
        });
    }
    Ok(out)
}

/// Who last changed question `q` of assessment `id`, and when (for the interface).
pub fn last_change_of(entries: &[Entry], q: &str) -> Option<(String, String)> {
    entries
        .iter()
        .find(|e| e.changes.iter().any(|c| c.is_about(q)))
        .map(|e| (e.commit.author.clone(), e.commit.date.clone()))
}
