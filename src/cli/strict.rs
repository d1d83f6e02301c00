//! `--strict`: what a command would otherwise pass over — an answer the evaluation ignores, a
//! key xal does not know, a user ruleset it cannot use — becomes bad input (exit 2), one
//! `FILE:LINE:COLUMN: message` line each. A command takes the flag by flattening
//! [`StrictArg`] into its arguments and asks [`StrictArg::enforce`] about what it found, so
//! every command that has the flag means the same by it.

use std::path::Path;

use clap::Args;
use toml_edit::{Document, Item, Table};

use super::Failure;
use crate::diag::{Diagnostic, LineIndex};
use crate::engine::SetEvaluation;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::text::Lang;

#[derive(Args, Debug, Clone, Copy, Default)]
pub struct StrictArg {
    /// Fail (exit 2) on anything ignored or unknown: answers outside the ruleset, unknown
    /// keys, user rulesets that cannot be used
    #[arg(long)]
    pub strict: bool,
}

impl StrictArg {
    /// Without `--strict`, nothing: the command says what it ignores in its own output.
    /// With it, every finding is an error at its place.
    pub fn enforce(self, findings: Vec<Diagnostic>) -> Result<(), Failure> {
        if self.strict && !findings.is_empty() {
            Err(Failure::Input(findings))
        } else {
            Ok(())
        }
    }

    /// The user rulesets that cannot be used: in strict mode the command stops at them
    /// rather than running on without them.
    pub fn registry(self, registry: &Registry) -> Result<(), Failure> {
        self.enforce(registry.problems.clone())
    }
}

fn say(lang: Lang, th: String, en: String) -> String {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

/// Everything in an assessment (or answers) file at `path` that the evaluation `eval` under
/// `rs` passes over: answers it ignores, tailoring it cannot apply, keys xal does not read.
pub fn findings(
    path: &Path,
    text: &str,
    rs: &Ruleset,
    eval: &SetEvaluation,
    lang: Lang,
) -> Vec<Diagnostic> {
    let doc = Document::parse(text).ok();
    let root = doc.as_ref().map(|d| d.as_table());
    // One index of the lines for every finding: a file may hold tens of thousands.
    let text = &LineIndex::new(text);
    let mut out = unknown_keys(path, text, root, lang);
    let ignored =
        |out: &mut Vec<Diagnostic>, table: Option<&Item>, e: &crate::engine::Evaluation| {
            for i in &e.ignored {
                let why = crate::report::facts::ignored(i, lang);
                let message = say(
                    lang,
                    format!("ไม่นำคำตอบ `{}` มาใช้: {why} (--strict)", i.id),
                    format!("answer `{}` ignored: {why} (--strict)", i.id),
                );
                out.push(at(path, text, answer_place(table, &i.id, &i.why), message));
            }
        };
    match eval {
        SetEvaluation::Single(e) => ignored(&mut out, root.and_then(|r| r.get("answers")), e),
        SetEvaluation::Groups(gs) => {
            let groups = root
                .and_then(|r| r.get("groups"))
                .and_then(Item::as_array_of_tables);
            for (n, g) in gs.iter().enumerate() {
                let table = groups.and_then(|a| a.get(n));
                ignored(&mut out, table.and_then(|t| t.get("answers")), &g.eval);
                for p in &g.bad_tailoring {
                    let why = crate::report::facts::tailoring_problem(rs, p, lang);
                    let span = table
                        .and_then(|t| t.get("tailoring"))
                        .and_then(Item::span)
                        .or_else(|| table.and_then(Table::span));
                    out.push(at(
                        path,
                        text,
                        span.map(|s| s.start),
                        say(
                            lang,
                            format!("กลุ่ม `{}`: {why} (--strict)", g.id),
                            format!("group `{}`: {why} (--strict)", g.id),
                        ),
                    ));
                }
            }
        }
    }
    // In the order of the file, as an editor walks it.
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// The keys an assessment file may have, per table; any other is read by nobody.
const KNOWN: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "schema", "id", "service", "ruleset", "answers", "groups", "notes", "result", "meta",
        ],
    ),
    ("service", &["name", "agency", "description", "owner"]),
    ("ruleset", &["id", "version", "sha256"]),
    ("meta", &["created", "updated"]),
];

const GROUP_KEYS: &[&str] = &["id", "name", "answers", "tailoring"];

fn unknown_keys(
    path: &Path,
    text: &LineIndex<'_>,
    root: Option<&Table>,
    lang: Lang,
) -> Vec<Diagnostic> {
    let Some(root) = root else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut check = |table: &Table, name: &str, known: &[&str]| {
        for (key, _) in table.iter() {
            if known.contains(&key) {
                continue;
            }
            let offset = table.key(key).and_then(|k| k.span()).map(|s| s.start);
            let (th, en) = if name.is_empty() {
                (format!("`{key}`"), format!("`{key}`"))
            } else {
                (
                    format!("`{key}` ใน [{name}]"),
                    format!("`{key}` in [{name}]"),
                )
            };
            let message = say(
                lang,
                format!("ไม่รู้จักคีย์ {th} xal ไม่ได้อ่านค่านี้ (--strict)"),
                format!("unknown key {en}, not read by xal (--strict)"),
            );
            out.push(at(path, text, offset, message));
        }
    };
    for (name, known) in KNOWN {
        let table = if name.is_empty() {
            Some(root)
        } else {
            root.get(name).and_then(Item::as_table)
        };
        if let Some(t) = table {
            check(t, name, known);
        }
    }
    if let Some(groups) = root.get("groups").and_then(Item::as_array_of_tables) {
        for g in groups.iter() {
            check(g, "groups", GROUP_KEYS);
        }
    }
    out
}

/// Where an ignored answer is written: its value (a matrix cell's value for a category), or
/// the answers table when it cannot be found.
fn answer_place(table: Option<&Item>, id: &str, why: &crate::engine::IgnoredWhy) -> Option<usize> {
    use crate::engine::IgnoredWhy;
    let table = table?;
    let category = match why {
        IgnoredWhy::UnknownCategory(c) | IgnoredWhy::NotAnImpact { category: c, .. } => Some(c),
        _ => None,
    };
    // A matrix cell is reported as `question.category`.
    let id = category
        .and_then(|c| id.strip_suffix(c.as_str())?.strip_suffix('.'))
        .unwrap_or(id);
    let value = table.get(id);
    let cell = category.and_then(|c| value?.get(c.as_str()));
    // An inline table's values carry no span of their own in toml_edit; its key does.
    let cell_key =
        category.and_then(|c| value?.as_table_like()?.get_key_value(c.as_str())?.0.span());
    cell.and_then(Item::span)
        .or(cell_key)
        .or_else(|| value.and_then(Item::span))
        .or_else(|| table.as_table_like()?.get_key_value(id)?.0.span())
        .or_else(|| table.span())
        .map(|s| s.start)
}

/// The finding `message` at `offset` of the text `lines` indexes.
fn at(path: &Path, lines: &LineIndex<'_>, offset: Option<usize>, message: String) -> Diagnostic {
    match offset {
        // A value's span may start at the blank before it.
        Some(o) => {
            let blank = lines
                .source()
                .get(o..)
                .map_or(0, |r| r.len() - r.trim_start_matches([' ', '\t']).len());
            Diagnostic::at_index(path, lines, o + blank, message)
        }
        None => Diagnostic::whole_file(path, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::registry::{DEFAULT_RULESET, Registry};

    fn run(text: &str) -> Vec<String> {
        let reg = Registry::builtin();
        let rs = reg.get(DEFAULT_RULESET).unwrap();
        let path = Path::new("a.toml");
        let input = crate::cli::input::parse_eval_input(path, text).unwrap();
        let eval = crate::engine::evaluate_set(rs, &input.answers);
        findings(path, text, rs, &eval, Lang::En)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn an_answer_outside_the_options_is_placed_at_its_value() {
        let found =
            run("[answers]\n\"service.group\" = \"transactional\"\n\"pi.needed\" = \"maybe\"\n");
        assert_eq!(
            found,
            [
                "a.toml:3:15: answer `pi.needed` ignored: `maybe` is not one of the question's options (--strict)"
            ]
        );
    }

    #[test]
    fn an_impact_that_is_no_level_is_placed_at_its_category() {
        let found = run(
            "[answers]\n\"impact.proofing\" = { reputation = \"huge\", financial = \"low\" }\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("a.toml:2:")
                && found[0].contains("`huge` for `reputation` is not an impact level"),
            "{found:?}"
        );
        // The value of the category, not the question.
        assert!(found[0].starts_with("a.toml:2:36: "), "{found:?}");
    }

    #[test]
    fn unknown_keys_are_named_with_their_table() {
        let found = run("servce = 1\n[service]\nname = \"x\"\nnmae = \"y\"\n[answers]\n");
        assert_eq!(
            found,
            [
                "a.toml:1:1: unknown key `servce`, not read by xal (--strict)",
                "a.toml:4:1: unknown key `nmae` in [service], not read by xal (--strict)",
            ]
        );
    }

    #[test]
    fn nothing_is_found_in_a_clean_file_and_nothing_fails_without_the_flag() {
        assert!(run("[answers]\n\"service.group\" = \"emerging\"\n").is_empty());
        let d = Diagnostic::whole_file(Path::new("a.toml"), "x");
        assert!(StrictArg { strict: false }.enforce(vec![d.clone()]).is_ok());
        assert!(matches!(
            StrictArg { strict: true }.enforce(vec![d]),
            Err(Failure::Input(v)) if v.len() == 1
        ));
    }
}
