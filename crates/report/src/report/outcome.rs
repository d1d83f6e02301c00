//! An evaluation flattened to what a comparison or a tally needs: per answer set (the whole
//! assessment, or each user group) the levels by target id, with their reasons.

use super::facts::facts;
use crate::engine::{Evaluation, GroupEvaluation, SetEvaluation};
use crate::ruleset::Ruleset;
use crate::text::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    pub target: String,
    pub initial: String,
    /// After tailoring (equal to `initial` without groups or tailoring).
    pub level: String,
    /// `level` as a person reads it: its label where the ruleset gives one.
    pub shown: String,
    /// What the level means in its ruleset.
    pub meaning: String,
    /// False while it is only a lower bound.
    pub final_: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// `(id, name)` of the user group, none for a single answer set.
    pub group: Option<(String, String)>,
    pub complete: bool,
    pub missing: Vec<String>,
    pub levels: Vec<Level>,
    pub reasons: Vec<String>,
}

impl Outcome {
    pub fn level(&self, target: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.target == target)
    }
}

pub fn outcomes(rs: &Ruleset, eval: &SetEvaluation, lang: Lang) -> Vec<Outcome> {
    match eval {
        SetEvaluation::Single(e) => vec![one(rs, e, None, lang)],
        SetEvaluation::Groups(gs) => gs.iter().map(|g| one(rs, &g.eval, Some(g), lang)).collect(),
    }
}

/// The outcome of one evaluation, labelled with a user group when it is one.
pub fn one(rs: &Ruleset, e: &Evaluation, g: Option<&GroupEvaluation>, lang: Lang) -> Outcome {
    let levels = e
        .targets
        .iter()
        .map(|t| {
            let target = &rs.targets[t.target];
            let fin = g
                .and_then(|g| g.finals.iter().find(|f| f.target == t.target))
                .map(|f| f.final_level)
                .unwrap_or(t.level);
            Level {
                target: target.id.clone(),
                initial: target.levels[t.level].id.clone(),
                level: target.levels[fin].id.clone(),
                shown: target.levels[fin].shown(lang).to_string(),
                meaning: target.levels[fin].name.get(lang).to_string(),
                final_: t.final_,
            }
        })
        .collect();
    Outcome {
        group: g.map(|g| (g.id.clone(), g.name.clone())),
        complete: e.complete,
        missing: e.missing.clone(),
        levels,
        reasons: reasons(rs, e, lang),
    }
}

/// "rule → level: why [answers]" for every rule and floor that set a level.
pub fn reasons(rs: &Ruleset, e: &Evaluation, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for t in &e.targets {
        let target = &rs.targets[t.target];
        if let Some(ri) = t.rule {
            let rule = &rs.rules[ri];
            let because = facts(rs, &t.because, lang);
            out.push(format!(
                "{} → {}: {}{}",
                rule.id,
                target.levels[rule.level].shown(lang),
                rule.reason.get(lang),
                if because.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", because.join(", "))
                }
            ));
        }
        for f in &t.floors {
            let floor = &rs.floors[f.floor];
            let because = facts(rs, &f.because, lang);
            out.push(format!(
                "{} → {}: {}{}",
                floor.id,
                target.levels[floor.min].shown(lang),
                floor.reason.get(lang),
                if because.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", because.join(", "))
                }
            ));
        }
    }
    out
}
