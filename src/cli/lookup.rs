//! Finding what a command names: the data dir, the rulesets, an assessment by id, prefix or
//! file. Shared by the subcommands so that none of them imports another, and so that an
//! unknown name gets the same "did you mean" everywhere.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Failure, Global};
use crate::paths;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::{Assessment, LoadError, Store, parse_assessment_bytes};

pub(crate) fn open_store(global: &Global) -> Result<Store, Failure> {
    let dir = paths::data_dir(global.data_dir.as_deref()).ok_or_else(|| {
        Failure::BadInput("no data directory: give --data-dir DIR or set XAL_DATA_DIR".into())
    })?;
    Ok(Store::open(dir))
}

/// The built-in rulesets and the user's own from the config dir.
pub(crate) fn registry() -> Registry {
    crate::store::load_registry(paths::config_dir().as_deref())
}

/// The candidate a mistyped name most likely meant: close in spelling (Jaro-Winkler, which
/// favours a shared start, as in `nist-800-63` for `nist-800-63-3`). On a tie the first
/// candidate wins, so the answer follows the order the candidates are listed in.
pub(crate) fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let given = given.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&given, &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "unknown ruleset `x` (did you mean `y`? available: …)".
pub(crate) fn unknown_ruleset(registry: &Registry, id: &str, place: Option<&Path>) -> Failure {
    let known: Vec<&str> = registry
        .entries
        .iter()
        .map(|e| e.ruleset.id.as_str())
        .collect();
    let hint = did_you_mean(id, known.iter().copied())
        .map(|m| format!("did you mean `{m}`? "))
        .unwrap_or_default();
    let place = place
        .map(|p| format!("{}: ", p.display()))
        .unwrap_or_default();
    Failure::BadInput(format!(
        "{place}unknown ruleset `{id}` ({hint}available: {})",
        known.join(", ")
    ))
}

/// A full id, or a prefix that names exactly one file.
pub(crate) fn resolve_id(store: &Store, given: &str) -> Result<String, Failure> {
    if store.contains(given) {
        return Ok(given.to_string());
    }
    let ids = store.ids().map_err(|e| Failure::Internal(e.to_string()))?;
    let matches: Vec<&String> = ids.iter().filter(|n| n.starts_with(given)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Failure::BadInput(format!(
            "no assessment `{given}` in {}{}",
            store.assessments_dir().display(),
            near_id(&ids, given)
                .map(|m| format!("; did you mean `{m}`?"))
                .unwrap_or_default()
        ))),
        _ => Err(Failure::BadInput(format!(
            "`{given}` names {} assessments; give more of the id",
            matches.len()
        ))),
    }
}

/// The one id whose start differs from `given` by a single typo (or only in case). Ids are
/// random letters, so a short prefix, or one that several ids are as near to, suggests
/// nothing rather than a guess.
fn near_id<'a>(ids: &'a [String], given: &str) -> Option<&'a str> {
    if given.chars().count() < 4 {
        return None;
    }
    let given = given.to_uppercase();
    let near: Vec<&String> = ids
        .iter()
        .filter(|id| {
            let start: String = id.chars().take(given.chars().count()).collect();
            strsim::damerau_levenshtein(&given, &start.to_uppercase()) <= 1
        })
        .collect();
    match near.as_slice() {
        [one] => Some(one.as_str()),
        _ => None,
    }
}

/// An assessment named by a file path, or by id (or a unique prefix) in the data dir.
pub(crate) fn load_assessment(
    global: &Global,
    given: &str,
) -> Result<(Assessment, PathBuf), Failure> {
    let as_path = Path::new(given);
    if as_path.is_file() {
        let bytes = std::fs::read(as_path)
            .map_err(|e| Failure::BadInput(format!("{}: cannot read: {e}", as_path.display())))?;
        let a = parse_assessment_bytes(as_path, &bytes)?;
        return Ok((a, as_path.to_path_buf()));
    }
    let store = open_store(global)?;
    let id = resolve_id(&store, given)?;
    let loaded = store.load(&id).map_err(|e| match e {
        LoadError::Broken(d) => Failure::Input(vec![d]),
        LoadError::Io { .. } => Failure::Internal(e.to_string()),
        _ => Failure::BadInput(e.to_string()),
    })?;
    Ok((loaded.assessment, loaded.path))
}

/// The ruleset an assessment names; unknown is bad input that says which file names it.
pub(crate) fn ruleset_of(
    registry: &Registry,
    a: &Assessment,
    path: &Path,
) -> Result<Arc<Ruleset>, Failure> {
    registry
        .get(&a.ruleset.id)
        .cloned()
        .ok_or_else(|| unknown_ruleset(registry, &a.ruleset.id, Some(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_short_ruleset_id_suggests_the_first_full_one() {
        let ids = ["dgs-1-2-2564", "nist-800-63-3", "nist-800-63-4"];
        assert_eq!(did_you_mean("nist-800-63", ids), Some("nist-800-63-3"));
        assert_eq!(did_you_mean("nist-800-63-5", ids), Some("nist-800-63-3"));
        assert_eq!(did_you_mean("DGS-1-2-2564", ids), Some("dgs-1-2-2564"));
        assert_eq!(did_you_mean("dgs", ids), Some("dgs-1-2-2564"));
        assert_eq!(did_you_mean("iso-29115", ids), None);
    }

    #[test]
    fn an_id_prefix_with_one_typo_suggests_the_one_id_it_fits() {
        let ids = vec![
            "01JDQ4Y7V8KX0M5T3ZB2N6C9RA".to_string(),
            "01JEZZZZZZKX0M5T3ZB2N6C9RB".to_string(),
        ];
        assert_eq!(near_id(&ids, "01JDQ4Y7V9"), Some(ids[0].as_str()));
        assert_eq!(near_id(&ids, "01jdq4y7v8kx"), Some(ids[0].as_str()));
        // "01JD" fits both as nearly as one: no guess.
        assert_eq!(near_id(&ids, "01JF"), None);
        assert_eq!(near_id(&ids, "01"), None);
        assert_eq!(near_id(&ids, "XXXXXXXX"), None);
    }
}
