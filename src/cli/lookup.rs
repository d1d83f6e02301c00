//! Finding what a command names: the data dir, the rulesets, an assessment by id, prefix or
//! file. Shared by the subcommands so that none of them imports another, and so that an
//! unknown name gets the same "did you mean" everywhere.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::read_bytes;
use super::{Failure, Global, Term};
use crate::diag::Diagnostic;
use crate::paths;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::{Origin, Registry};
use crate::store::{
    Assessment, ConfigDir, DataDirState, LoadError, Store, StoreError, parse_assessment_bytes,
};
use crate::text::visible;

/// The data dir of a command that reads it. One that does not exist is an error: a mistyped
/// `--data-dir` would otherwise read as an empty record (a list with no levels, nothing to
/// verify) and exit 0.
pub(crate) fn open_store(global: &Global) -> Result<Store, Failure> {
    let store = store_at(global)?;
    check_data_dir(&store)?;
    Ok(store)
}

/// Whether the store's data dir can serve a command that reads it: a folder that exists.
pub(crate) fn check_data_dir(store: &Store) -> Result<(), Failure> {
    let problem = match store.data_dir_state() {
        DataDirState::Folder => return Ok(()),
        DataDirState::Missing => "does not exist",
        DataDirState::NotAFolder => "is not a folder",
    };
    Err(Failure::BadInput(format!(
        "the data dir {} {problem}: check --data-dir or XAL_DATA_DIR (xal makes it when the \
         interface starts, or with `xal repo init`, `xal import` or `xal train start`)",
        visible(&store.data_dir().display().to_string())
    )))
}

/// The data dir of a command that makes it when it is not there yet (`repo init`, `import`,
/// `train start`), or that only asks whether it holds something (`refuse_if_hidden`).
pub(crate) fn store_at(global: &Global) -> Result<Store, Failure> {
    let dir = paths::data_dir(global.data_dir.as_deref()).ok_or_else(|| {
        Failure::BadInput("no data directory: give --data-dir DIR or set XAL_DATA_DIR".into())
    })?;
    // Answers are written in their ruleset's order (approve, import, trash restore).
    let reg = registry_quiet();
    Ok(
        Store::open(dir).with_answer_order(crate::store::answer_orders(
            reg.entries.iter().map(|e| &*e.ruleset),
        )),
    )
}

/// The built-in rulesets and the user's own from the config dir, for a command that uses
/// them: every user file that cannot be used, and every one used instead of a built-in
/// ruleset, is said on standard error, one line each (`FILE:LINE:COLUMN: message`), so that
/// a result is never silently made under another ruleset than the one expected. Standard
/// output stays the command's data.
pub(crate) fn registry(t: &mut Term<'_>) -> Registry {
    let reg = registry_quiet();
    for d in &reg.problems {
        t.note(d);
    }
    for e in &reg.entries {
        if let Origin::Override(path) = &e.origin {
            t.note(&Diagnostic::at_key(
                path,
                &e.text,
                &["id"],
                format!(
                    "ruleset `{}` overrides the built-in one and is used instead",
                    e.ruleset.id
                ),
            ));
        }
    }
    reg
}

/// [`registry`] without a word on standard error, for `xal ruleset list`, whose output lists
/// the same problems and overrides.
///
/// Each user file must pass its own worked examples (`Registry::add_file_checked`): a
/// ruleset whose examples fail is refused with the failing example named.
pub(crate) fn registry_quiet() -> Registry {
    let mut reg = Registry::builtin();
    let Some(dir) = paths::config_dir() else {
        return reg;
    };
    for file in ConfigDir::open(&dir).rulesets() {
        match file {
            Ok(f) => reg.add_file_checked(&f.path, &f.text, &example_failures),
            // The store reads the file as a string, and an error then has no place; read the
            // bytes to say where they stop being UTF-8.
            Err(e) if e.source.kind() == std::io::ErrorKind::InvalidData => {
                let d = crate::store::read_within(&dir, &e.path)
                    .ok()
                    .and_then(|b| crate::diag::utf8(&e.path, &b).err())
                    .unwrap_or_else(|| e.diagnostic());
                reg.problems.push(d);
            }
            Err(e) => reg.problems.push(e.diagnostic()),
        }
    }
    reg
}

/// The worked examples of `rs` (from `path`) that fail, one diagnostic each at the example.
pub(crate) fn example_failures(path: &Path, rs: &Ruleset) -> Vec<Diagnostic> {
    crate::engine::check_examples(rs)
        .into_iter()
        .map(|f| Diagnostic {
            file: path.to_path_buf(),
            line: f.line,
            column: f.column,
            message: f.message,
        })
        .collect()
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
fn unknown_message(registry: &Registry, id: &str) -> String {
    let known: Vec<&str> = registry
        .entries
        .iter()
        .map(|e| e.ruleset.id.as_str())
        .collect();
    let hint = did_you_mean(id, known.iter().copied())
        .map(|m| format!("did you mean `{m}`? "))
        .unwrap_or_default();
    format!(
        "unknown ruleset `{id}` ({hint}available: {})",
        known.join(", ")
    )
}

/// An unknown ruleset named on the command line (`--ruleset`, `ruleset show ID`).
pub(crate) fn unknown_ruleset(registry: &Registry, id: &str) -> Failure {
    Failure::BadInput(unknown_message(registry, id))
}

/// An unknown ruleset named by a file: at its `[ruleset] id` (`FILE:LINE:COLUMN: …`).
/// `text` is the file's text as read (a file read from standard input cannot be read again).
pub(crate) fn unknown_ruleset_in(
    registry: &Registry,
    id: &str,
    path: &Path,
    text: &str,
) -> Failure {
    Failure::Input(vec![Diagnostic::at_key(
        path,
        text,
        &["ruleset", "id"],
        unknown_message(registry, id),
    )])
}

/// A full id, or a prefix that names exactly one file.
pub(crate) fn resolve_id(store: &Store, given: &str) -> Result<String, Failure> {
    if store.contains(given) {
        return Ok(given.to_string());
    }
    let ids = store.ids().map_err(store_failure)?;
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

/// How a store failure is reported: a file of xal's own that does not parse is bad input at
/// its place, a read or write the system refused is an I/O failure naming the file.
pub(crate) fn store_failure(e: StoreError) -> Failure {
    match e {
        StoreError::Broken(d) => Failure::Input(vec![d]),
        StoreError::NotFound { ref path } => {
            Failure::Input(vec![Diagnostic::whole_file(path, "no such assessment")])
        }
        StoreError::NoDataDir | StoreError::InvalidId { .. } => Failure::BadInput(e.to_string()),
        StoreError::Io {
            ref path,
            action,
            ref source,
        } => Failure::Io(
            Diagnostic::whole_file(path, format!("cannot {action}: {source}")).to_string(),
        ),
    }
}

/// How a failed load of a file in the data dir is reported: a file that does not parse is
/// bad input at its place; one that cannot be read is as any file a command is given
/// ([`super::files::read_failure`]): not readable by this user, a folder, a pipe is bad input
/// (exit 2), a read the system fails an I/O failure (exit 1), each naming the file.
pub(crate) fn load_failure(e: LoadError) -> Failure {
    match e {
        LoadError::Broken(d) => Failure::Input(vec![d]),
        LoadError::NotFound { ref path } => {
            Failure::Input(vec![Diagnostic::whole_file(path, "no such assessment")])
        }
        LoadError::InvalidId { .. } => Failure::BadInput(e.to_string()),
        LoadError::Io {
            ref path,
            action,
            ref source,
        } => super::files::read_failure(path, &format!("cannot {action}"), source),
    }
}

/// An assessment named by a file path, or by id (or a unique prefix) in the data dir. A file
/// may hold only answers (as `xal eval` takes): it is then named after the file, and what it
/// lacks is said on standard error.
pub(crate) fn load_assessment(
    t: &mut Term<'_>,
    global: &Global,
    given: &str,
) -> Result<(Assessment, PathBuf), Failure> {
    let as_path = Path::new(given);
    // An id is letters, digits, `-` and `_`: a name with a dot or a slash is a file, and one
    // that cannot be read is said as such rather than as an unknown id.
    if as_path.is_file() || given.contains(['/', '.']) {
        let bytes = read_bytes(as_path)?;
        let a = match parse_assessment_bytes(as_path, &bytes) {
            Ok(a) => a,
            Err(d) => match answers_file(as_path, &bytes)? {
                Some(a) => {
                    t.note(&Diagnostic::whole_file(
                        as_path,
                        format!(
                            "no `id` and no [service]: read as answers only, the service \
                             named `{}`",
                            a.service.name
                        ),
                    ));
                    a
                }
                None => return Err(d.into()),
            },
        };
        return Ok((a, as_path.to_path_buf()));
    }
    let store = open_store(global)?;
    let id = resolve_id(&store, given)?;
    let loaded = store.load(&id).map_err(load_failure)?;
    Ok((loaded.assessment, loaded.path))
}

/// A file with answers and nothing that makes it an assessment (no `id`, no `[service]`), as
/// an assessment named after the file; `None` when it has either, so that a broken
/// assessment's own error is the one reported. A file with neither answers nor an
/// assessment's keys is told what it lacks.
fn answers_file(path: &Path, bytes: &[u8]) -> Result<Option<Assessment>, Failure> {
    let text = crate::diag::utf8(path, bytes)?;
    let Ok(doc) = text.parse::<toml_edit::DocumentMut>() else {
        return Ok(None);
    };
    let has = |k: &str| doc.as_table().contains_key(k);
    if has("id") || has("service") {
        return Ok(None);
    }
    if !has("answers") && !has("groups") {
        return Err(Diagnostic::whole_file(
            path,
            "neither an assessment (no `id`, no [service]) nor an answers file (no [answers] \
             table, no [[groups]]): nothing to read",
        )
        .into());
    }
    let input = crate::store::parse_answers_only(path, text)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let ruleset = crate::store::RulesetRef {
        id: input
            .ruleset_id
            .unwrap_or_else(|| crate::ruleset::registry::DEFAULT_RULESET.to_string()),
        ..Default::default()
    };
    let service = crate::store::Service {
        name,
        ..Default::default()
    };
    let mut a = Assessment::new(service, ruleset, input.answers, crate::clock::now());
    a.id = a.service.name.clone();
    a.notes = input.notes;
    Ok(Some(a))
}

/// The ruleset an assessment names; unknown is bad input at the file's `[ruleset] id`.
pub(crate) fn ruleset_of(
    registry: &Registry,
    a: &Assessment,
    path: &Path,
) -> Result<Arc<Ruleset>, Failure> {
    registry
        .get(&a.ruleset.id)
        .cloned()
        .ok_or_else(|| unknown_ruleset_in(registry, &a.ruleset.id, path, &text_of(path)))
}

/// The text of a file already loaded, for placing a problem in it; empty (the problem then
/// names the whole file) when it cannot be read again.
pub(crate) fn text_of(path: &Path) -> String {
    crate::store::read_regular(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assessment_this_user_cannot_read_is_bad_input_and_a_failing_disk_io() {
        let io = |errno| LoadError::Io {
            path: PathBuf::from("data/assessments/A.toml"),
            action: "read",
            source: std::io::Error::from_raw_os_error(errno),
        };
        for errno in [libc::EACCES, libc::EISDIR] {
            match load_failure(io(errno)) {
                Failure::Input(d) => {
                    assert!(
                        d[0].to_string()
                            .starts_with("data/assessments/A.toml: cannot read")
                    )
                }
                other => panic!("{errno}: {other:?}"),
            }
        }
        assert!(matches!(load_failure(io(libc::EIO)), Failure::Io(_)));
    }

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
