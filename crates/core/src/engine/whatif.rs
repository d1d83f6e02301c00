//! "What would change the level": for the current answers, the smallest single-answer changes
//! that raise or lower a target's level. Pure, like the rest of the engine, so the command line
//! and the interface show the same list (worded by `report::whatif`).
//!
//! Only answers that are given and asked are varied: a change to an unanswered question is
//! "answering it", which the missing list already covers, and which the planner (`plan`) tries.
//! A change that makes a new question asked (e.g. `pi.needed` no → yes) may give only a lower
//! bound (`final_ = false`) until the questions it opens are answered (`opens`); a change may
//! also give a lower bound because other answers are still missing.

pub mod plan;

use crate::answers::{AnswerSet, AnswerValue, Answers};
use crate::ruleset::{Kind, Ruleset};

use super::{Evaluation, evaluate};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    Raise,
    Lower,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Raise => "raise",
            Direction::Lower => "lower",
        }
    }
}

/// One single-answer change and the level of one target it leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub target: usize,
    pub direction: Direction,
    pub question: usize,
    /// For an impact matrix: the category (index into `Ruleset::categories`) of the cell.
    pub category: Option<usize>,
    /// Option index, or impact rank for a cell.
    pub from: usize,
    pub to: usize,
    /// The target's level after the change.
    pub level: usize,
    /// The new level is final; false when it is a lower bound (answers still missing).
    pub final_: bool,
    /// The change makes questions asked that are not answered.
    pub opens: bool,
}

impl Change {
    /// `impact.proofing.financial` or `pi.needed`.
    pub fn answer_id(&self, rs: &Ruleset) -> String {
        let q = &rs.questions[self.question];
        match self.category {
            Some(c) => format!("{}.{}", q.id, rs.categories[c].id),
            None => q.id.clone(),
        }
    }

    /// The ids of the old and new values (`moderate`, `low`; `yes`, `no`).
    pub fn values(&self, rs: &Ruleset) -> (String, String) {
        let q = &rs.questions[self.question];
        if self.category.is_some() {
            (
                rs.impact[self.from].id.clone(),
                rs.impact[self.to].id.clone(),
            )
        } else {
            (
                q.options[self.from].id.clone(),
                q.options[self.to].id.clone(),
            )
        }
    }
}

/// The changes for one answer set, ordered by target, then raise before lower, then question
/// and category order.
pub fn what_would_change(rs: &Ruleset, answers: &Answers) -> Vec<Change> {
    // A carried answer (`[[carry]]`) is varied like one given: it is what the assessor said.
    let answers = &*super::with_carried(rs, answers);
    let base = evaluate(rs, answers);
    let mut found: Vec<Change> = Vec::new();
    for (qi, q) in rs.questions.iter().enumerate() {
        // Plans and guidance-only questions never move a level; unasked ones are ignored.
        if !base.asked[qi] || !rs.level_relevant[qi] || q.plan.is_some() {
            continue;
        }
        let Some(value) = answers.get(&q.id) else {
            continue;
        };
        match (q.kind, value) {
            (Kind::Impact, AnswerValue::Matrix(cells)) => {
                for &c in &q.categories {
                    let cat = &rs.categories[c].id;
                    let Some(cur) = cells.get(cat).and_then(|v| rs.impact_index(v)) else {
                        continue;
                    };
                    // Nearest values first, so that the first hit per direction is the smallest.
                    let mut tries: Vec<usize> =
                        (0..rs.impact.len()).filter(|&v| v != cur).collect();
                    tries.sort_by_key(|&v| v.abs_diff(cur));
                    for to in tries {
                        let mut changed = answers.clone();
                        let mut m = cells.clone();
                        m.insert(cat.clone(), rs.impact[to].id.clone());
                        changed.insert(q.id.clone(), AnswerValue::Matrix(m));
                        let after = evaluate(rs, &changed);
                        record(rs, &base, &after, qi, Some(c), cur, to, true, &mut found);
                    }
                }
            }
            (Kind::YesNo | Kind::Choice, AnswerValue::Choice(v)) => {
                let Some(cur) = q.option_index(v) else {
                    continue;
                };
                for to in (0..q.options.len()).filter(|&o| o != cur) {
                    let mut changed = answers.clone();
                    changed.insert(q.id.clone(), AnswerValue::Choice(q.options[to].id.clone()));
                    let after = evaluate(rs, &changed);
                    record(rs, &base, &after, qi, None, cur, to, false, &mut found);
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|c| {
        (
            c.target,
            c.direction,
            c.question,
            rs.questions[c.question]
                .categories
                .iter()
                .position(|&x| Some(x) == c.category),
            c.to,
        )
    });
    found
}

/// Adds the target changes of one tried answer. For a matrix cell only the nearest value per
/// target and direction is kept (`tries` come nearest first): "moderate → low lowers" says
/// more than "moderate → none lowers too".
#[allow(clippy::too_many_arguments)]
fn record(
    rs: &Ruleset,
    base: &Evaluation,
    after: &Evaluation,
    question: usize,
    category: Option<usize>,
    from: usize,
    to: usize,
    nearest_only: bool,
    found: &mut Vec<Change>,
) {
    let opens = !opened(rs, base, after).is_empty();
    for (b, a) in base.targets.iter().zip(&after.targets) {
        if a.level == b.level {
            continue;
        }
        let direction = if a.level > b.level {
            Direction::Raise
        } else {
            Direction::Lower
        };
        let seen = found.iter().any(|c| {
            c.target == b.target
                && c.direction == direction
                && c.question == question
                && c.category == category
        });
        if nearest_only && seen {
            continue;
        }
        found.push(Change {
            target: b.target,
            direction,
            question,
            category,
            from,
            to,
            level: a.level,
            final_: a.final_,
            opens,
        });
    }
}

/// The questions asked after a change and not before that are still unanswered.
pub(crate) fn opened(rs: &Ruleset, base: &Evaluation, after: &Evaluation) -> Vec<usize> {
    (0..rs.questions.len())
        .filter(|&q| {
            let id = &rs.questions[q].id;
            !base.asked[q]
                && after.asked[q]
                && after.missing.iter().any(|m| {
                    m == id
                        || m.strip_prefix(id.as_str())
                            .is_some_and(|r| r.starts_with('.'))
                })
        })
        .collect()
}

/// The changes per answer set of an assessment: one entry for a single set, one per group
/// (with its id) otherwise. Groups are varied on their initial levels: tailoring is the
/// assessor's decision, not an answer.
pub fn what_would_change_set(rs: &Ruleset, set: &AnswerSet) -> Vec<(Option<String>, Vec<Change>)> {
    match set {
        AnswerSet::Single(a) => vec![(None, what_would_change(rs, a))],
        AnswerSet::Groups(gs) => gs
            .iter()
            .map(|g| (Some(g.id.clone()), what_would_change(rs, &g.answers)))
            .collect(),
    }
}
