//! The what-if planner: for every level of every target other than the current one, the
//! smallest sets of answer changes (one, or else two) that reach it, unanswered questions
//! included; and, per level, the planned methods (plan questions' options) that would meet it.
//!
//! A set reaches a level when the target's level after the changes is exactly that level (a
//! lower bound if answers are still missing: then it reads "at least"). Single changes are
//! listed when any reaches the level; pairs only when none does, so every pair listed is
//! minimal. Among changes of the same matrix cells, only the nearest values are kept: "moderate
//! → low" says more than "moderate → none" when both give the same level.

use crate::answers::{AnswerSet, AnswerValue, Answers};
use crate::engine::{Evaluation, evaluate};
use crate::ruleset::{Cond, Kind, Ruleset};

use super::Direction;

/// The most changes a route may combine.
pub(crate) const MAX_STEPS: usize = 2;

/// The most pairs evaluated for one answer set. The built-in rulesets need a few thousand at
/// most; a user ruleset with hundreds of answers would otherwise keep the interface waiting.
pub(crate) const PAIR_BUDGET: usize = 20_000;

/// One answer set to a value: a question's option, or one cell of an impact matrix.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Step {
    pub question: usize,
    /// For an impact matrix: the category (index into `Ruleset::categories`).
    pub category: Option<usize>,
    /// Option index or impact rank now; `None` when unanswered.
    pub from: Option<usize>,
    pub to: usize,
}

impl Step {
    fn slot(&self) -> (usize, Option<usize>) {
        (self.question, self.category)
    }

    /// How far a cell moves, for keeping the nearest; options are not ordered, so `None`.
    fn distance(&self) -> Option<usize> {
        self.category
            .map(|_| self.to.abs_diff(self.from.unwrap_or(0)))
    }

    /// `impact.proofing.financial` or `pi.needed`.
    pub fn answer_id(&self, rs: &Ruleset) -> String {
        let q = &rs.questions[self.question];
        match self.category {
            Some(c) => format!("{}.{}", q.id, rs.categories[c].id),
            None => q.id.clone(),
        }
    }

    fn apply(&self, rs: &Ruleset, answers: &Answers) -> Answers {
        let q = &rs.questions[self.question];
        let mut out = answers.clone();
        match self.category {
            Some(c) => {
                let mut cells = match answers.get(&q.id) {
                    Some(AnswerValue::Matrix(m)) => m.clone(),
                    _ => Default::default(),
                };
                cells.insert(rs.categories[c].id.clone(), rs.impact[self.to].id.clone());
                out.insert(q.id.clone(), AnswerValue::Matrix(cells));
            }
            None => {
                out.insert(
                    q.id.clone(),
                    AnswerValue::Choice(q.options[self.to].id.clone()),
                );
            }
        }
        out
    }
}

/// A set of changes and what the target reaches with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// One or two steps, in question order.
    pub steps: Vec<Step>,
    pub level: usize,
    /// The level is final; false when answers are still missing (a lower bound).
    pub final_: bool,
    /// Questions the steps make asked that are still unanswered.
    pub opens: Vec<usize>,
}

/// The plan questions' options that reach at least a level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Methods {
    pub question: usize,
    pub options: Vec<usize>,
}

/// How to reach one level of a target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub level: usize,
    pub direction: Direction,
    /// Empty when no set of up to `MAX_STEPS` changes reaches the level (if `searched`).
    pub routes: Vec<Route>,
    /// Every set of up to `MAX_STEPS` changes that could be needed was tried; false when the
    /// pairs were cut short by `PAIR_BUDGET`.
    pub searched: bool,
    pub methods: Vec<Methods>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetPlan {
    pub target: usize,
    pub level: usize,
    pub final_: bool,
    /// The methods that meet the current level.
    pub methods: Vec<Methods>,
    /// Every other level the target can have (`levels_given`), lowest first.
    pub goals: Vec<Goal>,
}

/// Every single change from these answers: asked questions that can move a level, plan
/// questions excepted (a plan is what meets a level, not what sets it).
pub fn steps(rs: &Ruleset, answers: &Answers, eval: &Evaluation) -> Vec<Step> {
    let mut out = Vec::new();
    for (qi, q) in rs.questions.iter().enumerate() {
        if !eval.asked[qi] || !rs.level_relevant[qi] || q.plan.is_some() {
            continue;
        }
        match q.kind {
            Kind::Impact => {
                let cells = match answers.get(&q.id) {
                    Some(AnswerValue::Matrix(m)) => Some(m),
                    _ => None,
                };
                for &c in &q.categories {
                    let from = cells
                        .and_then(|m| m.get(&rs.categories[c].id))
                        .and_then(|v| rs.impact_index(v));
                    for to in (0..rs.impact.len()).filter(|&v| Some(v) != from) {
                        out.push(Step {
                            question: qi,
                            category: Some(c),
                            from,
                            to,
                        });
                    }
                }
            }
            Kind::YesNo | Kind::Choice => {
                let from = match answers.get(&q.id) {
                    Some(AnswerValue::Choice(v)) => q.option_index(v),
                    _ => None,
                };
                for to in (0..q.options.len()).filter(|&o| Some(o) != from) {
                    out.push(Step {
                        question: qi,
                        category: None,
                        from,
                        to,
                    });
                }
            }
        }
    }
    out
}

/// One tried set of steps and the evaluation it gives.
struct Tried {
    steps: Vec<Step>,
    eval: Evaluation,
}

fn route(rs: &Ruleset, base: &Evaluation, t: &Tried, target: usize) -> Route {
    let tr = &t.eval.targets[target];
    Route {
        steps: t.steps.clone(),
        level: tr.level,
        final_: tr.final_,
        opens: super::opened(rs, base, &t.eval),
    }
}

/// `a` is at least as near as `b` on every cell and differs: `b` says nothing more.
fn dominates(a: &[Step], b: &[Step]) -> bool {
    a != b
        && a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.slot() == y.slot()
                && match (x.distance(), y.distance()) {
                    (Some(dx), Some(dy)) => dx <= dy,
                    _ => x.to == y.to,
                }
        })
}

fn keep_nearest(routes: Vec<Route>) -> Vec<Route> {
    let kept: Vec<bool> = routes
        .iter()
        .map(|r| !routes.iter().any(|o| dominates(&o.steps, &r.steps)))
        .collect();
    routes
        .into_iter()
        .zip(kept)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

/// The methods of every plan question for `target` that reach at least `level`. The bottom of
/// a scale asks for nothing, so it has none.
pub fn methods(rs: &Ruleset, target: usize, level: usize) -> Vec<Methods> {
    if level == 0 {
        return Vec::new();
    }
    rs.questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.plan == Some(target))
        .map(|(qi, q)| Methods {
            question: qi,
            options: (0..q.options.len())
                .filter(|&o| q.options[o].achieves.is_some_and(|a| a >= level))
                .collect(),
        })
        .collect()
}

/// The plan for one answer set.
pub fn plan(rs: &Ruleset, answers: &Answers) -> Vec<TargetPlan> {
    plan_within(rs, answers, PAIR_BUDGET)
}

/// [`plan`] evaluating at most `budget` pairs.
pub fn plan_within(rs: &Ruleset, answers: &Answers, budget: usize) -> Vec<TargetPlan> {
    // Carried answers (`[[carry]]`) are varied from their carried values, so that changing one
    // cell keeps the others.
    let answers = &*crate::engine::with_carried(rs, answers);
    let base = evaluate(rs, answers);
    let singles: Vec<Tried> = steps(rs, answers, &base)
        .into_iter()
        .map(|s| {
            let changed = s.apply(rs, answers);
            Tried {
                eval: evaluate(rs, &changed),
                steps: vec![s],
            }
        })
        .collect();
    // Pairs cost a square; they are tried only if some goal has no single route.
    let mut pairs: Option<(Vec<Tried>, bool)> = None;
    let mut out = Vec::new();
    for (t, target) in rs.targets.iter().enumerate() {
        let now = base.targets[t].level;
        let mut goals = Vec::new();
        let given = levels_given(rs, t);
        for level in (0..target.levels.len()).filter(|&l| l != now && given[l]) {
            let reach = |tried: &[Tried]| -> Vec<Route> {
                keep_nearest(
                    tried
                        .iter()
                        .filter(|x| x.eval.targets[t].level == level)
                        .map(|x| route(rs, &base, x, t))
                        .collect(),
                )
            };
            let mut routes = reach(&singles);
            let mut searched = true;
            if routes.is_empty() && MAX_STEPS >= 2 {
                let (all, complete) =
                    pairs.get_or_insert_with(|| two_steps(rs, answers, &singles, budget));
                routes = reach(all);
                searched = *complete;
            }
            goals.push(Goal {
                level,
                direction: if level > now {
                    Direction::Raise
                } else {
                    Direction::Lower
                },
                routes,
                searched,
                methods: methods(rs, t, level),
            });
        }
        out.push(TargetPlan {
            target: t,
            level: now,
            final_: base.targets[t].final_,
            methods: methods(rs, t, now),
            goals,
        });
    }
    out
}

/// The levels a target can have at all: those its rules and floors give, and the bottom when no
/// rule always matches (then none may). A sub-level no rule gives (IAL1.2, say) is met by a
/// method, never required by answers, so it is no goal.
pub(crate) fn levels_given(rs: &Ruleset, target: usize) -> Vec<bool> {
    let mut given = vec![false; rs.targets[target].levels.len()];
    for r in rs.rules.iter().filter(|r| r.target == target) {
        given[r.level] = true;
    }
    for f in rs.floors.iter().filter(|f| f.target == target) {
        given[f.min] = true;
    }
    let catch_all = rs
        .rules
        .iter()
        .any(|r| r.target == target && matches!(r.when, Cond::Always));
    if !catch_all {
        given[0] = true;
    }
    given
}

/// Every pair of steps on two different answers, each pair once. The second step is chosen
/// from the questions asked after the first, so a pair may answer a question the first opens.
/// At most `budget` are evaluated; the flag says whether all were.
fn two_steps(
    rs: &Ruleset,
    answers: &Answers,
    singles: &[Tried],
    budget: usize,
) -> (Vec<Tried>, bool) {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for first in singles {
        let s1 = &first.steps[0];
        let a1 = s1.apply(rs, answers);
        for s2 in steps(rs, &a1, &first.eval) {
            if s2.slot() == s1.slot() {
                continue;
            }
            let mut pair = vec![s1.clone(), s2.clone()];
            pair.sort();
            if !seen.insert(pair.clone()) {
                continue;
            }
            if out.len() == budget {
                return (out, false);
            }
            let a2 = s2.apply(rs, &a1);
            out.push(Tried {
                eval: evaluate(rs, &a2),
                steps: pair,
            });
        }
    }
    (out, true)
}

/// The plan per answer set of an assessment: one entry for a single set, one per group (with
/// its id) otherwise. Groups are planned on their initial levels: tailoring is the assessor's
/// decision, not an answer.
pub fn plan_set(rs: &Ruleset, set: &AnswerSet) -> Vec<(Option<String>, Vec<TargetPlan>)> {
    match set {
        AnswerSet::Single(a) => vec![(None, plan(rs, a))],
        AnswerSet::Groups(gs) => gs
            .iter()
            .map(|g| (Some(g.id.clone()), plan(rs, &g.answers)))
            .collect(),
    }
}
