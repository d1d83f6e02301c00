//! Reading what `xal eval` is given: an assessment file, or just its answers.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Failure;
use super::files::{read_failure, read_text};
use super::lookup::{unknown_ruleset, unknown_ruleset_in};
use crate::answers::{AnswerSet, Answers, Group};
use crate::diag::Diagnostic;
use crate::ruleset::registry::{DEFAULT_RULESET, Registry};
use crate::ruleset::{Ruleset, load_ruleset};

/// The answers of an eval input, and the ruleset id the file records, if any.
pub struct EvalInput {
    pub recorded_ruleset: Option<String>,
    pub answers: AnswerSet,
}

/// The path (`<stdin>` for `-`) and text of what `xal eval` is given.
pub fn read_source(file: &str) -> Result<(PathBuf, String), Failure> {
    if file == "-" {
        let path = PathBuf::from("<stdin>");
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| read_failure(&path, "cannot read", &e))?;
        crate::diag::utf8(&path, &bytes)?;
        return Ok((path, String::from_utf8(bytes).unwrap_or_default()));
    }
    let path = PathBuf::from(file);
    let text = read_text(&path)?;
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

/// `--ruleset` names a built-in or user ruleset by id, or a file by path; without it, the
/// ruleset the input records (at its `[ruleset] id` when unknown), else the default.
pub fn pick_ruleset(
    registry: &Registry,
    flag: Option<&str>,
    recorded: Option<(&str, &Path, &str)>,
) -> Result<Arc<Ruleset>, Failure> {
    if let Some(f) = flag {
        if let Some(r) = registry.get(f) {
            return Ok(r.clone());
        }
        let path = Path::new(f);
        if path.exists() || f.ends_with(".toml") || f.contains('/') {
            let text = read_text(path)?;
            let outcome = load_ruleset(path, &text);
            let Some(r) = outcome.ruleset else {
                return Err(Failure::Input(outcome.diagnostics));
            };
            // The same rule as for the user's own rulesets: one whose worked examples fail
            // is not used.
            let failed = super::lookup::example_failures(path, &r);
            if !failed.is_empty() {
                return Err(Failure::Input(failed));
            }
            return Ok(Arc::new(r));
        }
        return Err(unknown_ruleset(registry, f));
    }
    match recorded {
        Some((id, path, text)) => registry
            .get(id)
            .cloned()
            .ok_or_else(|| unknown_ruleset_in(registry, id, path, text)),
        None => registry
            .get(DEFAULT_RULESET)
            .cloned()
            .ok_or_else(|| unknown_ruleset(registry, DEFAULT_RULESET)),
    }
}
