//! `xal ruleset check | list | show`.

use std::fmt::Write;
use std::path::Path;

use super::files::read_text;
use super::lookup::example_failures;
use super::{Failure, RulesetCommand, Term};
use crate::diag::Diagnostic;
use crate::ruleset::load_ruleset;
use crate::ruleset::registry::Origin;
use crate::text::{Lang, visible};

pub fn run(t: &mut Term<'_>, cmd: &RulesetCommand, lang: Lang) -> Result<(), Failure> {
    match cmd {
        RulesetCommand::Check { paths, strict } => check(t, paths, *strict),
        RulesetCommand::List => list(t, lang),
        RulesetCommand::Show { id } => show(t, id),
    }
}

/// Every problem of a file, then the worked examples if it loaded, and how many it has. A
/// file that cannot be read is one problem; a read the system fails is an I/O failure.
pub fn check_file(path: &Path) -> Result<(Vec<Diagnostic>, usize), Failure> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(Failure::Input(d)) => return Ok((d, 0)),
        Err(other) => return Err(other),
    };
    let outcome = load_ruleset(path, &text);
    let mut diags = outcome.diagnostics;
    let mut examples = 0;
    if let Some(rs) = outcome.ruleset {
        examples = rs.examples.len();
        diags.extend(example_failures(path, &rs));
    }
    Ok((diags, examples))
}

/// What may be meant but is worth a look: a file whose id is a built-in ruleset's would be
/// used instead of it from the config dir (the registry says so on every run).
fn warnings(path: &Path) -> Vec<Diagnostic> {
    let Ok(text) = read_text(path) else {
        return Vec::new();
    };
    let Some(rs) = load_ruleset(path, &text).ruleset else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let builtin = crate::ruleset::registry::Registry::builtin();
    // The built-in file itself (or an exact copy) overrides nothing.
    let same_id = builtin.entries.iter().find(|e| e.ruleset.id == rs.id);
    if same_id.is_some_and(|e| *e.text != *text) {
        out.push(Diagnostic::at_key(
            path,
            &text,
            &["id"],
            format!(
                "warning: `{}` is a built-in ruleset's id; in the config dir this file would be \
                 used instead of the built-in one",
                rs.id
            ),
        ));
    }
    out.extend(search_warning(path, &rs));
    out
}

/// Problems make the check fail (exit 2); warnings are said on standard error and fail it
/// only with `--strict`.
fn check(t: &mut Term<'_>, paths: &[std::path::PathBuf], strict: bool) -> Result<(), Failure> {
    let mut all = Vec::new();
    let mut report = String::new();
    for p in paths {
        let (mut diags, examples) = check_file(p)?;
        let warned = warnings(p);
        if strict {
            diags.extend(warned);
        } else {
            warned.iter().for_each(|w| t.note(w));
        }
        if diags.is_empty() {
            let _ = writeln!(
                report,
                "{}: ok ({examples} examples pass)",
                visible(&p.display().to_string())
            );
        }
        all.extend(diags);
    }
    t.text(&report)?;
    if all.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(all))
    }
}

/// A warning when the lower bound of an incomplete assessment cannot be searched to the end
/// within the engine's budget: the level shown while answers are missing is then only the
/// bound the answers given so far prove, not the lowest the missing answers could still give.
fn search_warning(path: &Path, rs: &crate::ruleset::Ruleset) -> Option<Diagnostic> {
    let steps = crate::engine::lower_bound_steps(rs);
    (steps >= crate::engine::STEP_BUDGET).then(|| {
        Diagnostic::whole_file(
            path,
            format!(
                "warning: the lowest level still reachable while answers are missing takes \
                 more than {} steps to find with nothing answered; until enough gates are \
                 answered, incomplete assessments show a looser \"at least\" level. Fewer \
                 yes/no gates deciding the same target, or gates asked only after others, keep \
                 the search short.",
                crate::engine::STEP_BUDGET
            ),
        )
    })
}

fn list(t: &mut Term<'_>, lang: Lang) -> Result<(), Failure> {
    // The listing says which files are unusable and which override: nothing on stderr.
    let reg = super::lookup::registry_quiet();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<16} {:<8} {:<12} {:<10} TITLE",
        "ID", "VERSION", "STATUS", "FROM"
    );
    for e in &reg.entries {
        let from = match &e.origin {
            Origin::Builtin => "built-in".to_string(),
            Origin::User(p) => visible(&p.display().to_string()).into_owned(),
            Origin::Override(p) => format!("{} (override)", visible(&p.display().to_string())),
        };
        let _ = writeln!(
            s,
            "{:<16} {:<8} {:<12} {:<10} {}",
            visible(&e.ruleset.id),
            visible(&e.ruleset.version),
            e.ruleset.status.as_str(),
            from,
            visible(e.ruleset.title.get(lang))
        );
    }
    for p in &reg.problems {
        let _ = writeln!(s, "unusable: {}", visible(&p.to_string()));
    }
    t.text(&s)
}

fn show(t: &mut Term<'_>, id: &str) -> Result<(), Failure> {
    let reg = super::lookup::registry(t);
    let entry = reg
        .entries
        .iter()
        .find(|e| e.ruleset.id == id)
        .ok_or_else(|| super::lookup::unknown_ruleset(&reg, id))?;
    t.text(&entry.text)
}
