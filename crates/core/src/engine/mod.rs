//! The evaluation engine: a pure function from (ruleset, answers) to levels, reasons and what is
//! still missing. No I/O, no clock, and no knowledge of any particular standard.

mod bound;
mod carry;
mod examples;
mod resolve;
pub mod whatif;

use crate::answers::{AnswerSet, Answers, Group};
use crate::ruleset::condition::{Cond, Quant};
use crate::ruleset::{Kind, Ruleset};

pub use bound::STEP_BUDGET;
pub(crate) use carry::with_carried;
pub use carry::{Carried, carried_answer};
pub use examples::check_examples;
pub(crate) use resolve::Slots;

/// One answer that took part in a decision, e.g. `impact.proofing.financial = moderate`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    Choice {
        question: usize,
        option: usize,
        /// Not answered yet: the value the lower bound assumed.
        assumed: bool,
        /// Read from an earlier version's answers (`[[carry]]`), not answered here yet.
        carried: bool,
    },
    Cell {
        question: usize,
        category: usize,
        impact: usize,
        assumed: bool,
        carried: bool,
    },
    Level {
        target: usize,
        level: usize,
    },
}

/// A floor that raised a level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FloorHit {
    pub floor: usize,
    pub from: usize,
    pub because: Vec<Fact>,
}

/// The level found for one target, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetResult {
    pub target: usize,
    /// Rank in the target's scale. While incomplete, a lower bound unless `final_`.
    pub level: usize,
    /// No answer still missing can change this level.
    pub final_: bool,
    /// The first rule that matched (none only when a ruleset has no catch-all rule).
    pub rule: Option<usize>,
    pub because: Vec<Fact>,
    pub floors: Vec<FloorHit>,
}

/// What a planned implementation reaches against the requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanCheck {
    pub question: usize,
    pub target: usize,
    /// The level the planned method reaches.
    pub achieves: usize,
    /// The level the assessment requires of the target (what `achieves` is checked against).
    pub required: usize,
    pub meets: bool,
}

/// Why an answer in the file took no part in the evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IgnoredWhy {
    UnknownQuestion,
    NotAsked,
    NotAnOption(String),
    UnknownCategory(String),
    NotAnImpact {
        category: String,
        value: String,
    },
    WrongShape,
    /// An earlier version's answer, read into this question (`[[carry]]`) while it is
    /// unanswered.
    CarriedInto(String),
    /// An earlier version's answer whose question (named) is answered now.
    Superseded(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    pub id: String,
    pub why: IgnoredWhy,
}

/// The evaluation of one set of answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub complete: bool,
    /// Ids of asked questions still unanswered; matrix rows as `question.category`.
    pub missing: Vec<String>,
    /// Per question: asked under the current answers.
    pub asked: Vec<bool>,
    pub targets: Vec<TargetResult>,
    /// Indices of the notes whose condition holds.
    pub notes: Vec<usize>,
    pub plans: Vec<PlanCheck>,
    pub ignored: Vec<Ignored>,
    /// Questions answered, for now, with what an earlier version of the ruleset recorded
    /// (`[[carry]]`); those to confirm are also in `missing`, by the question's id.
    pub carried: Vec<Carried>,
}

impl Evaluation {
    /// The carried answer of question `q`, if it has one.
    pub fn carried_of(&self, q: usize) -> Option<&Carried> {
        self.carried.iter().find(|c| c.question == q)
    }

    /// Whether question `q` holds a carried answer still to be confirmed.
    pub fn to_confirm(&self, q: usize) -> bool {
        self.carried_of(q).is_some_and(|c| c.confirm)
    }
}

impl Evaluation {
    pub fn level(&self, target: usize) -> usize {
        self.targets[target].level
    }
}

/// The assessor's final level for one target of one group (800-63-4 tailoring).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinalLevel {
    pub target: usize,
    pub initial: usize,
    pub final_level: usize,
    /// The final level differs and no rationale is written.
    pub needs_rationale: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupEvaluation {
    pub id: String,
    pub name: String,
    pub eval: Evaluation,
    pub finals: Vec<FinalLevel>,
    /// Tailored levels that name no level of their target, or a target that cannot be tailored.
    pub bad_tailoring: Vec<TailoringProblem>,
}

/// Why a group's tailored level was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TailoringProblem {
    /// The ruleset lets the assessor tailor other targets, not this one.
    NotTailorable { target: usize },
    /// The file names a level the target does not have.
    UnknownLevel { target: usize, level: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetEvaluation {
    Single(Evaluation),
    Groups(Vec<GroupEvaluation>),
}

impl SetEvaluation {
    pub fn complete(&self) -> bool {
        match self {
            SetEvaluation::Single(e) => e.complete,
            SetEvaluation::Groups(gs) => !gs.is_empty() && gs.iter().all(|g| g.eval.complete),
        }
    }
}

/// Levels per target id. For a grouped assessment the list shows, per target, the highest
/// final level over its groups: the service must satisfy its most demanding group.
pub fn levels_of(rs: &Ruleset, eval: &SetEvaluation) -> Vec<(String, String)> {
    rs.targets
        .iter()
        .enumerate()
        .map(|(t, target)| {
            let rank = match eval {
                SetEvaluation::Single(e) => e.targets[t].level,
                SetEvaluation::Groups(gs) => gs
                    .iter()
                    .map(|g| g.finals[t].final_level)
                    .max()
                    .unwrap_or(0),
            };
            (target.id.clone(), target.levels[rank].id.clone())
        })
        .collect()
}

/// Whether each level of [`levels_of`] is final, in the same order: no missing answer can
/// change it. A level that is not is a lower bound. For a grouped assessment the highest
/// level over the groups is final when every group's is, or when a group's final level is
/// already the target's top (no other group can raise it); a level the assessor tailored
/// away from the initial one is theirs, so no answer changes it. Without any group nothing
/// is final: a group to come sets the levels.
pub fn finals_of(rs: &Ruleset, eval: &SetEvaluation) -> Vec<bool> {
    rs.targets
        .iter()
        .enumerate()
        .map(|(t, target)| match eval {
            SetEvaluation::Single(e) => e.targets[t].final_,
            SetEvaluation::Groups(gs) => {
                let group_final = |g: &GroupEvaluation| {
                    g.finals[t].final_level != g.eval.targets[t].level || g.eval.targets[t].final_
                };
                !gs.is_empty() && gs.iter().all(group_final)
                    || gs
                        .iter()
                        .any(|g| group_final(g) && g.finals[t].final_level == target.top())
            }
        })
        .collect()
}

/// A group's final levels by target id, in the ruleset's order.
pub fn group_levels(rs: &Ruleset, g: &GroupEvaluation) -> Vec<(String, String)> {
    g.finals
        .iter()
        .map(|f| {
            let t = &rs.targets[f.target];
            (t.id.clone(), t.levels[f.final_level].id.clone())
        })
        .collect()
}

/// Evaluates a whole assessment: one answer set, or each user group.
pub fn evaluate_set(rs: &Ruleset, set: &AnswerSet) -> SetEvaluation {
    match set {
        AnswerSet::Single(a) => SetEvaluation::Single(evaluate(rs, a)),
        AnswerSet::Groups(gs) => {
            SetEvaluation::Groups(gs.iter().map(|g| evaluate_group(rs, g)).collect())
        }
    }
}

pub fn evaluate_group(rs: &Ruleset, g: &Group) -> GroupEvaluation {
    let eval = evaluate(rs, &g.answers);
    let mut bad = Vec::new();
    let tailorable = rs
        .groups
        .as_ref()
        .map(|s| s.tailoring.clone())
        .unwrap_or_default();
    let rationale_given = g
        .tailoring
        .as_ref()
        .is_some_and(|t| !t.rationale.trim().is_empty());
    let mut finals = Vec::new();
    for tr in &eval.targets {
        let target = &rs.targets[tr.target];
        let chosen = g
            .tailoring
            .as_ref()
            .and_then(|t| t.levels.get(&target.id))
            .and_then(|want| {
                if !tailorable.contains(&tr.target) {
                    bad.push(TailoringProblem::NotTailorable { target: tr.target });
                    return None;
                }
                let found = target.level_index(want);
                if found.is_none() {
                    bad.push(TailoringProblem::UnknownLevel {
                        target: tr.target,
                        level: want.clone(),
                    });
                }
                found
            });
        let final_level = chosen.unwrap_or(tr.level);
        finals.push(FinalLevel {
            target: tr.target,
            initial: tr.level,
            final_level,
            needs_rationale: final_level != tr.level && !rationale_given,
        });
    }
    GroupEvaluation {
        id: g.id.clone(),
        name: g.name.clone(),
        eval,
        finals,
        bad_tailoring: bad,
    }
}

/// Evaluates one set of answers.
pub fn evaluate(rs: &Ruleset, answers: &Answers) -> Evaluation {
    evaluate_by(rs, answers, Search::Quick)
}

/// How the lower bound of an incomplete assessment is searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Search {
    /// A few combinations tried outright, then the pruned search if they do not settle it.
    Quick,
    /// Bounded in time: see `bound`.
    Pruned,
    /// Every combination of the missing gates: the definition the pruned search must match.
    Exhaustive,
}

/// [`evaluate`] with the lower bound found by trying every combination of the missing
/// answers. Exponential: only for tests that check the bounded search against it.
#[doc(hidden)]
pub fn evaluate_exhaustive(rs: &Ruleset, answers: &Answers) -> Evaluation {
    evaluate_by(rs, answers, Search::Exhaustive)
}

/// [`evaluate`] with the lower bound always found by the pruned search, never by trying a few
/// combinations first: for tests that check the pruned search on small cases too.
#[doc(hidden)]
pub fn evaluate_pruned(rs: &Ruleset, answers: &Answers) -> Evaluation {
    evaluate_by(rs, answers, Search::Pruned)
}

/// How many steps the bounded search takes for an assessment with nothing answered, the
/// widest search a ruleset asks for. At [`STEP_BUDGET`] the bound shown is looser than it
/// could be; `xal ruleset check` says so.
pub fn lower_bound_steps(rs: &Ruleset) -> usize {
    bound::lowest_levels(rs, &Slots::empty(rs)).1
}

fn evaluate_by(rs: &Ruleset, answers: &Answers, search: Search) -> Evaluation {
    let resolve::Resolved {
        slots,
        mut ignored,
        mut carried,
    } = resolve::resolve(rs, answers);
    let asked = asked(rs, &slots);

    // What is missing, and which questions are unresolved (unanswered, or maybe asked).
    let mut missing = Vec::new();
    let mut unresolved = vec![false; rs.questions.len()];
    for (qi, q) in rs.questions.iter().enumerate() {
        let answered = slots.is_answered(qi);
        let maybe_asked = asked[qi] || rs.when_deps[qi].iter().any(|&d| unresolved[d]);
        unresolved[qi] = !answered && maybe_asked;
        let to_confirm = carried.iter().any(|c| c.question == qi && c.confirm);
        if asked[qi] && !q.optional && to_confirm {
            // A carried answer is the assessor's earlier word, not yet their answer here.
            missing.push(q.id.clone());
        }
        if asked[qi] && !q.optional && !answered {
            if q.is_matrix() {
                for (pos, &c) in q.categories.iter().enumerate() {
                    if slots.cell(qi, pos).is_none() {
                        missing.push(format!("{}.{}", q.id, rs.categories[c].id));
                    }
                }
            } else {
                missing.push(q.id.clone());
            }
        }
    }
    for (qi, q) in rs.questions.iter().enumerate() {
        let known_not_asked = !asked[qi] && !rs.when_deps[qi].iter().any(|&d| unresolved[d]);
        if !(known_not_asked && slots.has_any(qi)) {
            continue;
        }
        if let Some(at) = carried.iter().position(|c| c.question == qi) {
            // Nothing of it is in the file: the old answers it was read from are not asked.
            carried.remove(at);
            for i in &mut ignored {
                if i.why == IgnoredWhy::CarriedInto(q.id.clone()) {
                    i.why = IgnoredWhy::NotAsked;
                }
            }
        } else {
            ignored.push(Ignored {
                id: q.id.clone(),
                why: IgnoredWhy::NotAsked,
            });
        }
    }
    let complete = missing.is_empty();

    let targets = if complete {
        run(rs, &slots, &asked, &vec![false; rs.questions.len()], true)
    } else {
        lower_bound(rs, &slots, &unresolved, search)
    };

    let levels: Vec<usize> = targets.iter().map(|t| t.level).collect();
    let ctx = Ctx {
        rs,
        slots: &slots,
        asked: &asked,
        assumed: &[],
        levels: &levels,
    };
    let notes = rs
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| ctx.holds(&n.when))
        .map(|(i, _)| i)
        .collect();
    let plans = rs
        .questions
        .iter()
        .enumerate()
        .filter_map(|(qi, q)| {
            let target = q.plan?;
            if !asked[qi] {
                return None;
            }
            let achieves = q.options[slots.choice(qi)?].achieves?;
            Some(PlanCheck {
                question: qi,
                target,
                achieves,
                required: levels[target],
                meets: achieves >= levels[target],
            })
        })
        .collect();

    Evaluation {
        complete,
        missing,
        asked,
        targets,
        notes,
        plans,
        ignored,
        carried,
    }
}

/// Which questions are asked under these answers. A `when` reads only earlier questions, so
/// one pass in order suffices.
fn asked(rs: &Ruleset, slots: &Slots) -> Vec<bool> {
    let mut asked = vec![false; rs.questions.len()];
    for (qi, q) in rs.questions.iter().enumerate() {
        let ctx = Ctx {
            rs,
            slots,
            asked: &asked,
            assumed: &[],
            levels: &[],
        };
        asked[qi] = ctx.holds(&q.when);
    }
    asked
}

/// The lowest level each target can still reach: every missing gate tried with each of its
/// options, missing matrix cells at the lowest impact.
fn lower_bound(
    rs: &Ruleset,
    slots: &Slots,
    unresolved: &[bool],
    search: Search,
) -> Vec<TargetResult> {
    let results: Vec<TargetResult> = match search {
        // Most incomplete assessments reach the bottom, or run out of gates, within a few
        // combinations: trying them outright is then cheaper than the pruned search's
        // three-valued passes, and is the definition that search matches.
        Search::Quick => {
            exhaustive_bound(rs, slots, QUICK_LEAVES).unwrap_or_else(|| pruned_bound(rs, slots))
        }
        Search::Pruned => pruned_bound(rs, slots),
        Search::Exhaustive => {
            exhaustive_bound(rs, slots, usize::MAX).expect("an unbounded search ends")
        }
    };
    results
        .into_iter()
        .map(|mut tr| {
            let t = tr.target;
            let depends_on_open = rs.target_deps[t]
                .iter()
                .any(|&q| unresolved[q] && !rs.questions[q].optional);
            tr.final_ = tr.level == rs.targets[t].top() || !depends_on_open;
            tr
        })
        .collect()
}

fn pruned_bound(rs: &Ruleset, slots: &Slots) -> Vec<TargetResult> {
    bound::lowest_levels(rs, slots)
        .0
        .into_iter()
        .enumerate()
        .map(|(t, lowest)| bound::result_of(rs, t, lowest))
        .collect()
}

/// Combinations tried outright before the pruned search takes over.
const QUICK_LEAVES: usize = 8;

/// Every combination of the missing gates, or `None` when that takes more than `max_leaves`.
fn exhaustive_bound(rs: &Ruleset, slots: &Slots, max_leaves: usize) -> Option<Vec<TargetResult>> {
    // First only the levels of every branch; then the reasons of the lowest, once per target.
    let mut best: Best = vec![None; rs.targets.len()];
    let mut assumed = vec![false; rs.questions.len()];
    let mut work = slots.clone();
    let mut leaves = max_leaves;
    if !branch(rs, &mut work, &mut assumed, &mut best, &mut leaves) {
        return None;
    }
    let results = best
        .into_iter()
        .enumerate()
        .map(|(t, b)| {
            let (_, s, assumed) =
                b.unwrap_or_else(|| (0, slots.clone(), vec![false; rs.questions.len()]));
            let asked = asked(rs, &s);
            run(rs, &s, &asked, &assumed, true).swap_remove(t)
        })
        .collect();
    Some(results)
}

type Best = Vec<Option<(usize, Slots, Vec<bool>)>>;

/// Walks the branches below `slots`; false when `leaves` ran out first.
fn branch(
    rs: &Ruleset,
    slots: &mut Slots,
    assumed: &mut Vec<bool>,
    best: &mut Best,
    leaves: &mut usize,
) -> bool {
    // Once every target sits at the bottom of its scale no other branch can go lower.
    if best
        .iter()
        .all(|b| b.as_ref().is_some_and(|(level, _, _)| *level == 0))
    {
        return true;
    }
    let asked = asked(rs, slots);
    let open = rs.questions.iter().enumerate().position(|(qi, q)| {
        asked[qi]
            && rs.level_relevant[qi]
            && !q.optional
            && q.kind != Kind::Impact
            && slots.choice(qi).is_none()
    });
    match open {
        Some(qi) => {
            assumed[qi] = true;
            // Last options first: "no" comes after "yes" and tends to reach the bottom sooner,
            // which the check above then uses to stop early. Any order gives the same result.
            let mut finished = true;
            for o in (0..rs.questions[qi].options.len()).rev() {
                slots.set_choice(qi, Some(o));
                if !branch(rs, slots, assumed, best, leaves) {
                    finished = false;
                    break;
                }
            }
            slots.set_choice(qi, None);
            assumed[qi] = false;
            finished
        }
        None => {
            if *leaves == 0 {
                return false;
            }
            *leaves -= 1;
            let result = run(rs, slots, &asked, assumed, false);
            for (cur, new) in best.iter_mut().zip(result) {
                if cur.as_ref().is_none_or(|(level, _, _)| new.level < *level) {
                    *cur = Some((new.level, slots.clone(), assumed.clone()));
                }
            }
            true
        }
    }
}

/// One pass of rules and floors over fully known (or assumed) answers.
/// With `explain` false the reasons are left empty (the lower bound's branches need levels only).
fn run(
    rs: &Ruleset,
    slots: &Slots,
    asked: &[bool],
    assumed: &[bool],
    explain: bool,
) -> Vec<TargetResult> {
    let mut levels: Vec<usize> = Vec::with_capacity(rs.targets.len());
    let mut out = Vec::with_capacity(rs.targets.len());
    for t in 0..rs.targets.len() {
        let ctx = Ctx {
            rs,
            slots,
            asked,
            assumed,
            levels: &levels,
        };
        let hit = rs
            .rules
            .iter()
            .enumerate()
            .find(|(_, r)| r.target == t && ctx.holds(&r.when));
        let (mut level, rule, because) = match hit {
            Some((ri, r)) if explain => (r.level, Some(ri), ctx.explain(&r.when)),
            Some((ri, r)) => (r.level, Some(ri), Vec::new()),
            None => (0, None, Vec::new()),
        };
        let mut floors = Vec::new();
        // A floor may read this target's own level: it stands last in `levels` meanwhile.
        levels.push(level);
        for (fi, f) in rs.floors.iter().enumerate().filter(|(_, f)| f.target == t) {
            let ctx = Ctx {
                rs,
                slots,
                asked,
                assumed,
                levels: &levels,
            };
            if level < f.min && ctx.holds(&f.when) {
                floors.push(FloorHit {
                    floor: fi,
                    from: level,
                    because: if explain {
                        ctx.explain(&f.when)
                    } else {
                        Vec::new()
                    },
                });
                level = f.min;
                levels[t] = level;
            }
        }
        out.push(TargetResult {
            target: t,
            level,
            final_: true,
            rule,
            because,
            floors,
        });
    }
    out
}

/// What a condition is evaluated against.
struct Ctx<'a> {
    rs: &'a Ruleset,
    slots: &'a Slots,
    asked: &'a [bool],
    /// Questions whose answer the lower bound assumed; empty means none.
    assumed: &'a [bool],
    /// Levels of the targets found so far.
    levels: &'a [usize],
}

impl Ctx<'_> {
    fn choice(&self, q: usize) -> Option<usize> {
        if !self.asked.get(q).copied().unwrap_or(false) {
            return None;
        }
        self.slots.choice(q)
    }

    /// The impact rank of a matrix cell; a missing cell of an asked matrix counts as the
    /// lowest impact (it only matters for lower bounds: a complete evaluation has none).
    fn cell(&self, q: usize, pos: usize) -> Option<usize> {
        if !self.asked.get(q).copied().unwrap_or(false) {
            return None;
        }
        Some(self.slots.cell(q, pos).unwrap_or(0))
    }

    fn cell_positions(&self, q: usize, cats: &[usize]) -> Vec<usize> {
        let qcats = &self.rs.questions[q].categories;
        if cats.is_empty() {
            (0..qcats.len()).collect()
        } else {
            cats.iter()
                .filter_map(|c| qcats.iter().position(|x| x == c))
                .collect()
        }
    }

    fn combined(&self, q: usize) -> Option<usize> {
        let n = self.rs.questions[q].categories.len();
        let cells: Option<Vec<u8>> = (0..n).map(|p| self.cell(q, p).map(|v| v as u8)).collect();
        let combine = self
            .rs
            .groups
            .as_ref()
            .map(|g| g.combine)
            .unwrap_or(crate::ruleset::Combine::HighWater);
        cells.map(|c| combine.fold(c.into_iter()) as usize)
    }

    fn holds(&self, c: &Cond) -> bool {
        match c {
            Cond::Always => true,
            Cond::Not(c) => !self.holds(c),
            Cond::And(cs) => cs.iter().all(|c| self.holds(c)),
            Cond::Or(cs) => cs.iter().any(|c| self.holds(c)),
            Cond::Choice {
                question,
                op,
                options,
            } => self
                .choice(*question)
                .is_some_and(|v| op.test(v as i64, options)),
            Cond::Cell {
                question,
                category,
                op,
                values,
            } => {
                let pos = self.cell_positions(*question, std::slice::from_ref(category));
                pos.first()
                    .and_then(|&p| self.cell(*question, p))
                    .is_some_and(|v| op.test(v as i64, values))
            }
            Cond::Cells {
                quant,
                question,
                categories,
                op,
                values,
            } => {
                let mut cells = self
                    .cell_positions(*question, categories)
                    .into_iter()
                    .map(|p| self.cell(*question, p));
                match quant {
                    Quant::Any => cells.any(|v| v.is_some_and(|v| op.test(v as i64, values))),
                    Quant::All => {
                        self.asked[*question]
                            && cells.all(|v| v.is_some_and(|v| op.test(v as i64, values)))
                    }
                }
            }
            Cond::Combined {
                question,
                op,
                values,
            } => self
                .combined(*question)
                .is_some_and(|v| op.test(v as i64, values)),
            Cond::Level { target, op, values } => self
                .levels
                .get(*target)
                .is_some_and(|&l| op.test(l as i64, values)),
            Cond::Major { target, op, values } => self.levels.get(*target).is_some_and(|&l| {
                let major = self.rs.targets[*target].levels[l].major.unwrap_or(0);
                op.test(major, values)
            }),
            Cond::Answered { question } => self.slots.is_answered(*question),
        }
    }

    fn is_assumed(&self, q: usize) -> bool {
        self.assumed.get(q).copied().unwrap_or(false)
    }

    fn choice_fact(&self, q: usize) -> Option<Fact> {
        self.choice(q).map(|option| Fact::Choice {
            question: q,
            option,
            assumed: self.is_assumed(q),
            carried: self.slots.is_carried(q),
        })
    }

    fn cell_fact(&self, q: usize, pos: usize) -> Option<Fact> {
        let impact = self.cell(q, pos)?;
        Some(Fact::Cell {
            question: q,
            category: self.rs.questions[q].categories[pos],
            impact,
            assumed: self.slots.cell(q, pos).is_none(),
            carried: self.slots.is_carried(q) && self.slots.cell(q, pos).is_some(),
        })
    }

    /// The answers that make a true condition true.
    fn explain(&self, c: &Cond) -> Vec<Fact> {
        let mut out = Vec::new();
        self.explain_into(c, &mut out);
        out.dedup();
        out
    }

    fn explain_into(&self, c: &Cond, out: &mut Vec<Fact>) {
        match c {
            Cond::Always | Cond::Answered { .. } => {}
            Cond::And(cs) => cs.iter().for_each(|c| self.explain_into(c, out)),
            Cond::Or(cs) => {
                if let Some(c) = cs.iter().find(|c| self.holds(c)) {
                    self.explain_into(c, out);
                }
            }
            Cond::Not(inner) => {
                // A negation holds because of what the answers are, not what they are not.
                let mut qs = Vec::new();
                inner.questions(&mut qs);
                for q in qs {
                    if self.rs.questions[q].is_matrix() {
                        let n = self.rs.questions[q].categories.len();
                        out.extend((0..n).filter_map(|p| self.cell_fact(q, p)));
                    } else {
                        out.extend(self.choice_fact(q));
                    }
                }
                let mut ts = Vec::new();
                inner.targets(&mut ts);
                for t in ts {
                    if let Some(&level) = self.levels.get(t) {
                        out.push(Fact::Level { target: t, level });
                    }
                }
            }
            Cond::Choice { question, .. } => out.extend(self.choice_fact(*question)),
            Cond::Cell {
                question, category, ..
            } => {
                let pos = self.cell_positions(*question, std::slice::from_ref(category));
                out.extend(pos.first().and_then(|&p| self.cell_fact(*question, p)));
            }
            Cond::Cells {
                quant,
                question,
                categories,
                op,
                values,
            } => {
                for p in self.cell_positions(*question, categories) {
                    let hit = self
                        .cell(*question, p)
                        .is_some_and(|v| op.test(v as i64, values));
                    if hit || *quant == Quant::All {
                        out.extend(self.cell_fact(*question, p));
                    }
                }
            }
            Cond::Combined { question, .. } => {
                let Some(top) = self.combined(*question) else {
                    return;
                };
                let n = self.rs.questions[*question].categories.len();
                for p in 0..n {
                    if self.cell(*question, p) == Some(top) {
                        out.extend(self.cell_fact(*question, p));
                    }
                }
            }
            Cond::Level { target, .. } | Cond::Major { target, .. } => {
                if let Some(&level) = self.levels.get(*target) {
                    out.push(Fact::Level {
                        target: *target,
                        level,
                    });
                }
            }
        }
    }
}
