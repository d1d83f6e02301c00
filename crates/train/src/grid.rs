//! The class grid of `xal train collect`: per scenario, each trainee's answers and levels
//! marked against the reference, who handed in nothing or left the scenario untouched (shown,
//! never counted), and the questions most often missed with the reference's rationale.

use std::collections::BTreeMap;

use super::collect::{Handed, Submission};
use super::pack::Pack;
use crate::engine::{evaluate_set, levels_of};
use crate::report::diff::flatten;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::text::{Lang, Text};

/// One trainee's graded answers to one scenario.
#[derive(Clone, Debug)]
pub struct Row {
    pub trainee: String,
    pub source: String,
    /// Question (flattened answer id) → what the trainee answered.
    pub answers: BTreeMap<String, String>,
    /// Target id → level, as the trainee's answers give it.
    pub levels: Vec<(String, String)>,
    pub complete: bool,
    /// The ruleset the trainee's file names, when it is not the scenario's.
    pub other_ruleset: Option<String>,
}

/// A question the reference answers and some trainees answered otherwise (a question left
/// unanswered is no miss).
#[derive(Clone, Debug)]
pub struct Miss {
    pub question: String,
    pub reference: String,
    /// Who missed it, with what they answered.
    pub by: Vec<(String, String)>,
    pub rationale: Option<String>,
}

/// Where one trainee stands on one scenario: exactly one of these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every question answered (the evaluation is complete).
    Answered,
    /// `answered` of the `of` questions (the reference's, else the ruleset's).
    Partly { answered: usize, of: usize },
    /// The file is as it was handed out.
    Untouched,
    /// No file for this scenario.
    NoFile,
    /// A file that could not be read: `place` is `file:line:col` (or the file alone).
    Unreadable { place: String, message: String },
    /// Answered under another ruleset than the scenario's: shown, not counted.
    OtherRuleset(String),
}

impl Status {
    /// The stable word of CSV and JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::Partly { .. } => "partly_answered",
            Status::Untouched => "untouched",
            Status::NoFile => "no_file",
            Status::Unreadable { .. } => "unreadable",
            Status::OtherRuleset(_) => "other_ruleset",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Grid {
    pub scenario: String,
    pub service: String,
    /// The scenario's description as handed out (the pack's), `""` without a pack.
    pub brief: String,
    pub ruleset: String,
    /// Question → the reference's answer (empty without a reference).
    pub reference: BTreeMap<String, String>,
    pub reference_levels: Vec<(String, String)>,
    /// Every question shown: the reference's and any a trainee answered, sorted.
    pub questions: Vec<String>,
    /// The counted trainees, in the order they were given.
    pub rows: Vec<Row>,
    pub missing: Vec<String>,
    pub untouched: Vec<String>,
    /// Every trainee's status, in the order they were given.
    pub statuses: Vec<(String, Status)>,
    /// Most missed first.
    pub misses: Vec<Miss>,
    /// Question → its title in the scenario's ruleset (an impact cell: the question and the
    /// category), for reports in Thai.
    pub titles: BTreeMap<String, Text>,
    /// (question, answer) → the option's or impact level's name in the scenario's ruleset.
    pub value_labels: BTreeMap<(String, String), Text>,
    /// (target, level id) → the label the scenario's ruleset shows instead of the id
    /// (800-63-4's `IAL0` is "No identity proofing"); only levels that have one.
    pub level_labels: BTreeMap<(String, String), Text>,
}

impl Grid {
    pub(crate) fn has_reference(&self) -> bool {
        !self.reference.is_empty()
    }

    /// Did this trainee give the reference's answer? `None` when there is nothing to grade
    /// against (no reference, or a question the reference does not ask).
    /// A question left unanswered, or answered under another ruleset, is not graded.
    pub(crate) fn answer_ok(&self, row: &Row, q: &str) -> Option<bool> {
        let want = self.reference.get(q)?;
        if row.other_ruleset.is_some() {
            return None;
        }
        Some(row.answers.get(q).filter(|v| !v.is_empty())? == want)
    }

    /// The rows counted: those under the scenario's own ruleset.
    pub fn counted(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.other_ruleset.is_none())
    }

    /// The question's title in `lang`, or its id when the ruleset has none.
    pub fn title(&self, q: &str, lang: Lang) -> String {
        self.titles
            .get(q)
            .map(|t| t.get(lang).to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| q.to_string())
    }

    /// An answer's label in `lang` (the option's name), or the answer itself.
    pub fn label(&self, q: &str, v: &str, lang: Lang) -> String {
        self.value_labels
            .get(&(q.to_string(), v.to_string()))
            .map(|t| t.get(lang).to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| v.to_string())
    }

    /// A level as a person reads it in `lang`: its label, or else its id. The grid keeps
    /// ids (CSV and JSON write them); this is for the pages.
    pub fn level(&self, target: &str, id: &str, lang: Lang) -> String {
        self.level_labels
            .get(&(target.to_string(), id.to_string()))
            .map(|t| t.get(lang).to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| id.to_string())
    }

    pub(crate) fn status_of(&self, trainee: &str) -> Option<&Status> {
        self.statuses
            .iter()
            .find(|(t, _)| t == trainee)
            .map(|(_, s)| s)
    }

    /// Did this trainee reach the reference's level for `target`? Only a complete
    /// assessment under the scenario's own ruleset can.
    pub(crate) fn level_ok(&self, row: &Row, target: &str) -> Option<bool> {
        let want = self.reference_levels.iter().find(|(t, _)| t == target)?;
        let got = row.levels.iter().find(|(t, _)| t == target);
        Some(row.complete && row.other_ruleset.is_none() && got == Some(want))
    }

    /// Every level of this trainee matches the reference's.
    pub fn matched(&self, row: &Row) -> bool {
        !self.reference_levels.is_empty()
            && self
                .reference_levels
                .iter()
                .all(|(t, _)| self.level_ok(row, t) == Some(true))
    }
}

/// The reference's reason for a question: given for the whole question (`impact.proofing`)
/// or for the one answer (`impact.proofing.financial`), in a group or not.
pub(crate) fn rationale_for<'a>(
    rationale: &'a BTreeMap<String, String>,
    q: &str,
) -> Option<&'a str> {
    let plain = q.split_once('/').map(|(_, r)| r).unwrap_or(q);
    let mut candidates = vec![q, plain];
    if let Some((whole, _)) = plain.rsplit_once('.') {
        candidates.push(whole);
    }
    candidates
        .into_iter()
        .find_map(|k| rationale.get(k))
        .map(String::as_str)
}

/// The grids, one per scenario: the pack's scenarios in its order, then any other scenario
/// a trainee handed in.
pub fn grids(h: &Handed, registry: &Registry, pack: Option<&Pack>) -> Vec<Grid> {
    let mut out: Vec<Grid> = Vec::new();
    let mut handed_out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut rationales: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    if let Some(p) = pack {
        for s in &p.scenarios {
            let a = &s.assessment;
            let mut g = Grid {
                scenario: a.id.clone(),
                service: a.service.name.clone(),
                brief: a.service.description.clone(),
                ruleset: a.ruleset.id.clone(),
                ..Grid::default()
            };
            if let (Some(r), Some(rs)) = (&s.reference, registry.get(&a.ruleset.id)) {
                g.reference = flatten(&r.answers);
                g.reference_levels = levels_of(rs, &evaluate_set(rs, &r.answers));
                rationales.insert(a.id.clone(), r.rationale.clone());
            }
            handed_out.insert(a.id.clone(), flatten(&a.answers));
            out.push(g);
        }
    }
    for s in &h.submissions {
        if !out.iter().any(|g| g.scenario == s.scenario) {
            out.push(Grid {
                scenario: s.scenario.clone(),
                ruleset: s.ruleset.clone(),
                ..Grid::default()
            });
        }
    }
    for g in &mut out {
        let empty = BTreeMap::new();
        let start = handed_out.get(&g.scenario).unwrap_or(&empty);
        for t in &h.trainees {
            let sub = h
                .submissions
                .iter()
                .find(|s| &s.trainee == t && s.scenario == g.scenario);
            let bad = h
                .unreadable
                .iter()
                .find(|u| &u.trainee == t && u.scenario == g.scenario);
            let status = match (sub, bad) {
                (None, Some(u)) => Status::Unreadable {
                    place: u.place.clone(),
                    message: u.message.clone(),
                },
                (None, None) => {
                    g.missing.push(t.clone());
                    Status::NoFile
                }
                (Some(s), _) if flatten(&s.answers) == *start => {
                    g.untouched.push(t.clone());
                    Status::Untouched
                }
                (Some(s), _) => {
                    let r = row(s, &g.ruleset, registry);
                    let st = if let Some(o) = &r.other_ruleset {
                        Status::OtherRuleset(o.clone())
                    } else if r.complete {
                        Status::Answered
                    } else {
                        let of: Vec<&String> = if g.reference.is_empty() {
                            r.answers.keys().collect()
                        } else {
                            g.reference.keys().collect()
                        };
                        let answered = of
                            .iter()
                            .filter(|q| r.answers.get(q.as_str()).is_some_and(|v| !v.is_empty()))
                            .count();
                        Status::Partly {
                            answered,
                            of: of.len(),
                        }
                    };
                    g.rows.push(r);
                    st
                }
            };
            g.statuses.push((t.clone(), status));
        }
        let mut qs: Vec<String> = g.reference.keys().cloned().collect();
        // Another ruleset's questions are not this scenario's.
        for r in g.counted() {
            qs.extend(r.answers.keys().cloned());
        }
        qs.sort();
        qs.dedup();
        g.questions = qs;
        if let Some(rs) = registry.get(&g.ruleset) {
            label(g, rs);
        }
        let why = rationales.get(&g.scenario).cloned().unwrap_or_default();
        g.misses = misses(g, &why);
    }
    out
}

/// The titles and answer labels of every question shown, and the labels of its levels, from
/// the scenario's ruleset.
fn label(g: &mut Grid, rs: &Ruleset) {
    for t in &rs.targets {
        for l in &t.levels {
            if let Some(label) = &l.label {
                g.level_labels
                    .insert((t.id.clone(), l.id.clone()), label.clone());
            }
        }
    }
    let mut values: Vec<(String, String)> = g
        .reference
        .iter()
        .map(|(q, v)| (q.clone(), v.clone()))
        .collect();
    for r in &g.rows {
        values.extend(r.answers.iter().map(|(q, v)| (q.clone(), v.clone())));
    }
    for q in &g.questions {
        let plain = q.split_once('/').map(|(_, r)| r).unwrap_or(q);
        if let Some(i) = rs.question_index(plain) {
            g.titles.insert(q.clone(), rs.questions[i].text.clone());
        } else if let Some((whole, cat)) = plain.rsplit_once('.')
            && let (Some(i), Some(c)) = (rs.question_index(whole), rs.category_index(cat))
        {
            let (t, n) = (&rs.questions[i].text, &rs.categories[c].name);
            g.titles.insert(
                q.clone(),
                Text::new(
                    format!("{} — {}", t.th, n.th),
                    format!("{} — {}", t.en, n.en),
                ),
            );
        }
    }
    for (q, v) in values {
        let plain = q.split_once('/').map(|(_, r)| r).unwrap_or(&q);
        let name = if let Some(i) = rs.question_index(plain) {
            let qq = &rs.questions[i];
            qq.option_index(&v).map(|o| qq.options[o].label.clone())
        } else if rs
            .question_index(plain.rsplit_once('.').map(|(w, _)| w).unwrap_or(""))
            .is_some()
        {
            rs.impact_index(&v).map(|i| rs.impact[i].name.clone())
        } else {
            None
        };
        if let Some(n) = name {
            g.value_labels.insert((q, v), n);
        }
    }
}

fn row(s: &Submission, scenario_ruleset: &str, registry: &Registry) -> Row {
    let other_ruleset =
        (!scenario_ruleset.is_empty() && s.ruleset != scenario_ruleset).then(|| s.ruleset.clone());
    let (levels, complete) = match registry.get(&s.ruleset) {
        Some(rs) => {
            let e = evaluate_set(rs, &s.answers);
            (levels_of(rs, &e), e.complete())
        }
        None => (Vec::new(), false),
    };
    Row {
        trainee: s.trainee.clone(),
        source: s.source.display().to_string(),
        answers: flatten(&s.answers),
        levels,
        complete,
        other_ruleset,
    }
}

fn misses(g: &Grid, rationale: &BTreeMap<String, String>) -> Vec<Miss> {
    let mut v: Vec<Miss> = g
        .reference
        .iter()
        .filter_map(|(q, want)| {
            let by: Vec<(String, String)> = g
                .counted()
                .filter_map(|r| {
                    let given = r.answers.get(q).filter(|v| !v.is_empty())?;
                    (given != want).then(|| (r.trainee.clone(), given.clone()))
                })
                .collect();
            (!by.is_empty()).then(|| Miss {
                question: q.clone(),
                reference: want.clone(),
                by,
                rationale: rationale_for(rationale, q).map(str::to_string),
            })
        })
        .collect();
    v.sort_by(|a, b| {
        b.by.len()
            .cmp(&a.by.len())
            .then(a.question.cmp(&b.question))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rationale_is_found_for_the_question_or_the_answer() {
        let mut r = BTreeMap::new();
        r.insert("impact.proofing".to_string(), "why".to_string());
        r.insert("pi.needed".to_string(), "because".to_string());
        assert_eq!(rationale_for(&r, "impact.proofing.financial"), Some("why"));
        assert_eq!(rationale_for(&r, "g1/impact.proofing.civil"), Some("why"));
        assert_eq!(rationale_for(&r, "pi.needed"), Some("because"));
        assert_eq!(rationale_for(&r, "auth.needed"), None);
    }
}
