//! `xal ruleset check | list | show`.

use std::fmt::Write;
use std::path::Path;

use super::{Failure, RulesetCommand, out};
use crate::diag::Diagnostic;
use crate::engine::check_examples;
use crate::ruleset::load_ruleset;
use crate::ruleset::registry::Origin;
use crate::text::Lang;

pub fn run(cmd: &RulesetCommand, lang: Lang) -> Result<(), Failure> {
    match cmd {
        RulesetCommand::Check { paths } => check(paths),
        RulesetCommand::List => list(lang),
        RulesetCommand::Show { id } => show(id),
    }
}

/// Every problem of every file, then the worked examples of the files that loaded.
pub fn check_file(path: &Path) -> (Vec<Diagnostic>, usize) {
    let text = match std::fs::read(path) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(e) => {
                return (
                    vec![Diagnostic::whole_file(path, format!("not UTF-8 text: {e}"))],
                    0,
                );
            }
        },
        Err(e) => {
            return (
                vec![Diagnostic::whole_file(path, format!("cannot read: {e}"))],
                0,
            );
        }
    };
    let outcome = load_ruleset(path, &text);
    let mut diags = outcome.diagnostics;
    let mut examples = 0;
    if let Some(rs) = outcome.ruleset {
        examples = rs.examples.len();
        for f in check_examples(&rs) {
            diags.push(Diagnostic {
                file: path.to_path_buf(),
                line: f.line,
                column: f.column,
                message: f.message,
            });
        }
    }
    (diags, examples)
}

fn check(paths: &[std::path::PathBuf]) -> Result<(), Failure> {
    let mut all = Vec::new();
    let mut report = String::new();
    for p in paths {
        let (diags, examples) = check_file(p);
        if diags.is_empty() {
            let _ = writeln!(report, "{}: ok ({examples} examples pass)", p.display());
        }
        all.extend(diags);
    }
    out(&report)?;
    if all.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(all))
    }
}

fn list(lang: Lang) -> Result<(), Failure> {
    let reg = super::lookup::registry();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<16} {:<8} {:<12} {:<10} TITLE",
        "ID", "VERSION", "STATUS", "FROM"
    );
    for e in &reg.entries {
        let from = match &e.origin {
            Origin::Builtin => "built-in".to_string(),
            Origin::User(p) => p.display().to_string(),
            Origin::Override(p) => format!("{} (override)", p.display()),
        };
        let _ = writeln!(
            s,
            "{:<16} {:<8} {:<12} {:<10} {}",
            e.ruleset.id,
            e.ruleset.version,
            e.ruleset.status.as_str(),
            from,
            e.ruleset.title.get(lang)
        );
    }
    for p in &reg.problems {
        let _ = writeln!(s, "unusable: {p}");
    }
    out(&s)
}

fn show(id: &str) -> Result<(), Failure> {
    let reg = super::lookup::registry();
    let entry = reg
        .entries
        .iter()
        .find(|e| e.ruleset.id == id)
        .ok_or_else(|| super::lookup::unknown_ruleset(&reg, id, None))?;
    out(&entry.text)
}
