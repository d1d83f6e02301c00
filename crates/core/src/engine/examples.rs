//! Running the worked examples a ruleset carries.

use super::{SetEvaluation, evaluate_set};
use crate::ruleset::{Example, Ruleset};

/// An example whose levels differ from what it expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub fn check_examples(rs: &Ruleset) -> Vec<ExampleFailure> {
    rs.examples
        .iter()
        .filter_map(|ex| {
            let problems = check_one(rs, ex);
            (!problems.is_empty()).then(|| ExampleFailure {
                name: ex.name.clone(),
                line: ex.line,
                column: ex.column,
                message: format!("example `{}` fails: {}", ex.name, problems.join("; ")),
            })
        })
        .collect()
}

fn check_one(rs: &Ruleset, ex: &Example) -> Vec<String> {
    let eval = evaluate_set(rs, &ex.answers);
    let mut problems = Vec::new();
    let expect_levels =
        |table: &toml::Table, got: &[String], problems: &mut Vec<String>, who: &str| {
            for (t, want) in rs.targets.iter().zip(got) {
                if let Some(w) = table.get(&t.id).and_then(|v| v.as_str())
                    && w != want
                {
                    problems.push(format!("{who}{} is {want}, expected {w}", t.id));
                }
            }
        };
    if let Some(c) = ex.expect.get("complete").and_then(|v| v.as_bool())
        && c != eval.complete()
    {
        problems.push(format!("complete is {}, expected {c}", eval.complete()));
    }
    match &eval {
        SetEvaluation::Single(e) => {
            let got: Vec<String> = e
                .targets
                .iter()
                .map(|t| rs.targets[t.target].levels[t.level].id.clone())
                .collect();
            expect_levels(&ex.expect, &got, &mut problems, "");
            expect_notes(rs, &ex.expect, &e.notes, &mut problems, "");
        }
        SetEvaluation::Groups(gs) => {
            let wanted = ex
                .expect
                .get("groups")
                .and_then(|g| g.as_array())
                .cloned()
                .unwrap_or_default();
            for w in wanted {
                let Some(w) = w.as_table() else { continue };
                let id = w.get("id").and_then(|v| v.as_str()).unwrap_or("");
                let Some(g) = gs.iter().find(|g| g.id == id) else {
                    problems.push(format!("no group `{id}`"));
                    continue;
                };
                let got: Vec<String> = g
                    .finals
                    .iter()
                    .map(|f| rs.targets[f.target].levels[f.final_level].id.clone())
                    .collect();
                let who = format!("group `{id}`: ");
                expect_levels(w, &got, &mut problems, &who);
                expect_notes(rs, w, &g.eval.notes, &mut problems, &who);
            }
        }
    }
    problems
}

/// `notes = ["id", …]` in an expectation: exactly these notes are shown, in any order. A note
/// is guidance that never moves a level, so only an example can say that it appears when it
/// should (and not when it should not).
fn expect_notes(
    rs: &Ruleset,
    table: &toml::Table,
    shown: &[usize],
    problems: &mut Vec<String>,
    who: &str,
) {
    let Some(want) = table.get("notes").and_then(|v| v.as_array()) else {
        return;
    };
    let mut want: Vec<&str> = want.iter().filter_map(|v| v.as_str()).collect();
    let mut got: Vec<&str> = shown.iter().map(|&n| rs.notes[n].id.as_str()).collect();
    want.sort_unstable();
    got.sort_unstable();
    if want != got {
        problems.push(format!(
            "{who}notes are [{}], expected [{}]",
            got.join(", "),
            want.join(", ")
        ));
    }
}
