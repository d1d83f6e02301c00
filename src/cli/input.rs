//! Reading what `xal eval` is given: an assessment file, or just its answers.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Failure;
use super::lookup::unknown_ruleset;
use crate::answers::{AnswerSet, Answers, Group};
use crate::diag::Diagnostic;
use crate::ruleset::registry::{DEFAULT_RULESET, Registry};
use crate::ruleset::{Ruleset, load_ruleset};

/// The answers of an eval input, and the ruleset id the file records, if any.
pub struct EvalInput {
    pub recorded_ruleset: Option<String>,
    pub answers: AnswerSet,
}

pub fn read_source(file: &str) -> Result<(PathBuf, String), Failure> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::BadInput(format!("<stdin>: cannot read: {e}")))?;
        return Ok((PathBuf::from("<stdin>"), s));
    }
    let path = PathBuf::from(file);
    let bytes = std::fs::read(&path)
        .map_err(|e| Diagnostic::whole_file(&path, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Diagnostic::whole_file(&path, format!("not UTF-8 text: {e}")))?;
    Ok((path, text))
}

pub fn parse_eval_input(path: &Path, text: &str) -> Result<EvalInput, Diagnostic> {
    let doc: toml::Spanned<toml::Table> =
        toml::from_str(text).map_err(|e| Diagnostic::from_toml(path, text, &e))?;
    let table = doc.get_ref();
    let recorded_ruleset = table
        .get("ruleset")
        .and_then(|r| r.get("id"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let place = |key: &str| -> usize {
        // Point at the table the problem is in; toml::Table keeps no spans of its own.
        text.find(&format!("[{key}"))
            .or_else(|| text.find(key))
            .unwrap_or(0)
    };
    let answers = match (table.get("answers"), table.get("groups")) {
        (Some(a), None) => AnswerSet::Single(a.clone().try_into::<Answers>().map_err(|e| {
            Diagnostic::at_offset(
                path,
                text,
                place("answers"),
                format!("[answers]: {}", e.message()),
            )
        })?),
        (None, Some(g)) => AnswerSet::Groups(g.clone().try_into::<Vec<Group>>().map_err(|e| {
            Diagnostic::at_offset(
                path,
                text,
                place("groups"),
                format!("[[groups]]: {}", e.message()),
            )
        })?),
        (Some(_), Some(_)) => {
            return Err(Diagnostic::at_offset(
                path,
                text,
                place("groups"),
                "a file has either [answers] or [[groups]], not both",
            ));
        }
        (None, None) => {
            return Err(Diagnostic::at_offset(
                path,
                text,
                0,
                "no [answers] table and no [[groups]]: nothing to evaluate",
            ));
        }
    };
    Ok(EvalInput {
        recorded_ruleset,
        answers,
    })
}

/// `--ruleset` names a built-in or user ruleset by id, or a file by path.
pub fn pick_ruleset(
    registry: &Registry,
    flag: Option<&str>,
    recorded: Option<&str>,
) -> Result<Arc<Ruleset>, Failure> {
    if let Some(f) = flag {
        if let Some(r) = registry.get(f) {
            return Ok(r.clone());
        }
        let path = Path::new(f);
        if path.exists() || f.ends_with(".toml") || f.contains('/') {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Diagnostic::whole_file(path, format!("cannot read ruleset: {e}")))?;
            let outcome = load_ruleset(path, &text);
            return match outcome.ruleset {
                Some(r) => Ok(Arc::new(r)),
                None => Err(Failure::Input(outcome.diagnostics)),
            };
        }
        return Err(unknown_ruleset(registry, f, None));
    }
    let id = recorded.unwrap_or(DEFAULT_RULESET);
    registry
        .get(id)
        .cloned()
        .ok_or_else(|| unknown_ruleset(registry, id, None))
}
