//! `xal import`: assessment files into the data dir. Every file is checked before any is
//! written, so that a batch with one bad file imports nothing; each write is atomic and never
//! replaces an existing file (a clashing id gets a fresh one). A file whose assessment is
//! already there, the same in every part a person wrote, is not imported a second time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::TrainError;
use crate::ruleset::registry::Registry;
use crate::store::{Assessment, SaveError, Store, new_id, parse_assessment_bytes};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub source: PathBuf,
    pub id: String,
    /// The id the file had, when it clashed and was replaced.
    pub renamed_from: Option<String>,
    pub path: PathBuf,
    /// Nothing was written: the data dir holds this assessment already, at `path`.
    pub already_there: bool,
}

/// The same assessment as far as a person wrote it: the service, the ruleset, the answers,
/// the notes and the sign-offs (not when or from where the file was written).
fn same_content(a: &Assessment, b: &Assessment) -> bool {
    a.service == b.service
        && a.ruleset.id == b.ruleset.id
        && a.answers == b.answers
        && a.notes == b.notes
        && a.signoffs == b.signoffs
}

/// Checks one file: readable, a valid assessment, under a ruleset this xal knows. Gives the
/// text too, so that the copy keeps what xal does not read (comments, unknown keys).
pub fn check(path: &Path, registry: &Registry) -> Result<(Assessment, String), String> {
    let bytes = crate::store::read_regular(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let a = parse_assessment_bytes(path, &bytes).map_err(|d| d.to_string())?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if registry.get(&a.ruleset.id).is_none() {
        return Err(format!(
            "{}: unknown ruleset `{}`",
            path.display(),
            a.ruleset.id
        ));
    }
    Ok((a, text))
}

/// Imports all of `files`, or none: the errors of every invalid file otherwise.
pub fn import(
    store: &Store,
    registry: &Registry,
    files: &[PathBuf],
) -> Result<Vec<Imported>, Vec<String>> {
    let mut checked = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        match check(f, registry) {
            Ok((a, text)) => checked.push((f.clone(), a, text)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut used = HashSet::new();
    let mut out = Vec::new();
    for (source, mut a, text) in checked {
        let original = a.id.clone();
        // Imported before (or the very file): said, and not made a second time.
        if let Ok(there) = store.load(&a.id)
            && same_content(&there.assessment, &a)
        {
            used.insert(a.id.clone());
            out.push(Imported {
                source,
                id: a.id.clone(),
                renamed_from: None,
                path: there.path,
                already_there: true,
            });
            continue;
        }
        // The file's own origin (a pack's scenario) stays; the import adds where it came from.
        let mut origin = a.origin.take().unwrap_or_default();
        origin.from_id = original.clone();
        origin.source = source.display().to_string();
        a.origin = Some(origin);
        let taken = |id: &str, used: &HashSet<String>| used.contains(id) || store.contains(id);
        if taken(&a.id, &used) {
            a.id = new_id();
        }
        let loaded = loop {
            match store.create_from_text(&source, &text, &a) {
                Ok(l) => break l,
                // Someone wrote that id meanwhile: take another, never overwrite.
                Err(SaveError::Exists { .. }) => a.id = new_id(),
                Err(e) => {
                    return Err(vec![format!(
                        "{}: {e} (imported before this: {})",
                        source.display(),
                        out.iter()
                            .map(|i: &Imported| i.id.clone())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )]);
                }
            }
        };
        used.insert(a.id.clone());
        out.push(Imported {
            source,
            renamed_from: (a.id != original).then_some(original),
            id: a.id.clone(),
            path: loaded.path,
            already_there: false,
        });
    }
    Ok(out)
}

/// Import needs an `Err` type for the result of a whole run too.
impl From<Vec<String>> for TrainError {
    fn from(v: Vec<String>) -> Self {
        TrainError::Input(v.join("\n"))
    }
}
