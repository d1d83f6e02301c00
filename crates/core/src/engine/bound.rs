//! The lower bound of an incomplete assessment, found in bounded time.
//!
//! Trying every combination of the missing gates is exponential in their number, and the bound
//! is computed on every keystroke and for every file of a scan. This search walks the same tree
//! of combinations, one target at a time, but first evaluates each partial combination in
//! three-valued logic (true, false, not known yet): the lowest level any completion of it could
//! give. A branch that cannot go below the best level found is skipped, a branch whose level
//! no missing answer can change is settled without walking it, and a branch alike in everything
//! that decides the levels below it to one already walked (see `Search::key`) is skipped too. Since the walk visits the
//! combinations in the same order as the exhaustive one and keeps only strict improvements,
//! it finds the same combination, so the same reasons are shown.
//!
//! A ruleset built to defeat the pruning can still need many steps: after [`STEP_BUDGET`]
//! steps the search stops and reports the three-valued bound of the unanswered assessment,
//! which is always true, only less tight. `xal ruleset check` warns when a ruleset gets there.

use std::collections::HashSet;

use foldhash::fast::FixedState;

use super::{Ctx, TargetResult, asked, run};
use crate::engine::resolve::Slots;
use crate::ruleset::condition::Cond;
use crate::ruleset::{Kind, Ruleset};

/// Partial combinations evaluated at most per evaluation, all targets together. One step
/// costs about one pass over the rules (about 1.6 µs on a 30-gate ruleset), so one evaluation
/// stays under a millisecond; past it the bound shown is looser and `ruleset check` says so.
pub const STEP_BUDGET: usize = 400;

/// The outcome for one target: its lowest reachable level and, unless the budget ran out,
/// the combination of assumed answers that reaches it.
pub(super) struct Lowest {
    pub level: usize,
    /// `None` when the budget ran out before the bound was proved.
    pub witness: Option<(Slots, Vec<bool>)>,
}

/// The lowest level each target can reach from `slots`, and how many steps it took.
pub(super) fn lowest_levels(rs: &Ruleset, slots: &Slots) -> (Vec<Lowest>, usize) {
    let mut steps = 0;
    let out = (0..rs.targets.len())
        .map(|t| {
            let mut s = Search {
                rs,
                target: t,
                slots: slots.clone(),
                assumed: vec![false; rs.questions.len()],
                best: None,
                floor: 0,
                steps: &mut steps,
                out_of_steps: false,
                seen: HashSet::default(),
                scratch: Scratch::default(),
            };
            s.floor = s.bound().lo;
            s.walk();
            match s.best {
                Some((level, slots, assumed)) if !s.out_of_steps || level == s.floor => Lowest {
                    level,
                    witness: Some((slots, assumed)),
                },
                _ => Lowest {
                    level: s.floor,
                    witness: None,
                },
            }
        })
        .collect();
    (out, steps)
}

/// A three-valued truth: `None` is "depends on answers still missing".
type Tri = Option<bool>;

fn not(v: Tri) -> Tri {
    v.map(|b| !b)
}

/// What a partial combination says about the target searched.
struct Bound {
    /// No completion gives a lower level.
    lo: usize,
    /// Every completion gives this level.
    exact: Option<usize>,
}

struct Search<'a, 's> {
    rs: &'a Ruleset,
    target: usize,
    slots: Slots,
    assumed: Vec<bool>,
    best: Option<(usize, Slots, Vec<bool>)>,
    /// The three-valued bound with nothing assumed: nothing can go lower.
    floor: usize,
    steps: &'s mut usize,
    out_of_steps: bool,
    /// Branches walked to the end, by what decides everything below them (see `key`): a
    /// branch met again is skipped, since it cannot beat the best found since.
    /// (A fast fixed hasher: the keys are the search's own, and SipHash was a tenth of it.)
    seen: HashSet<Vec<u16>, FixedState>,
    /// What one step works with, kept from step to step: a step is done with it before the
    /// steps below it start, and allocating it afresh each time was a sixth of the search.
    scratch: Scratch,
}

/// The buffers of one step of the search (see [`Search::bound`]).
#[derive(Default)]
struct Scratch {
    asked3: Vec<Tri>,
    lo_asked: Vec<bool>,
    hi_asked: Vec<bool>,
    levels: Vec<Option<usize>>,
    trace: Trace,
    asked: Vec<bool>,
}

impl Search<'_, '_> {
    fn done(&self) -> bool {
        self.out_of_steps || self.best.as_ref().is_some_and(|b| b.0 <= self.floor)
    }

    fn walk(&mut self) {
        if self.done() {
            return;
        }
        if *self.steps >= STEP_BUDGET {
            self.out_of_steps = true;
            return;
        }
        *self.steps += 1;
        let b = self.bound();
        if self.best.as_ref().is_some_and(|best| b.lo >= best.0) {
            return;
        }
        // Every question before the first open gate is settled, so whether that gate is asked
        // is known; with no open gate left, whether each question is asked is known.
        let mut asked = std::mem::take(&mut self.scratch.asked);
        asked.clear();
        asked.extend(self.scratch.asked3.iter().map(|a| *a == Some(true)));
        let gate = open_gate(self.rs, &self.slots, &asked);
        match gate {
            Some(qi) if b.exact.is_none() => {
                self.scratch.asked = asked;
                let key = self.key(qi);
                if self.seen.contains(&key) {
                    return;
                }
                self.assumed[qi] = true;
                // Last options first, as the exhaustive search goes: "no" comes after "yes"
                // and tends to reach the bottom sooner.
                for o in (0..self.rs.questions[qi].options.len()).rev() {
                    self.slots.set_choice(qi, Some(o));
                    self.walk();
                    if self.done() {
                        break;
                    }
                }
                self.slots.set_choice(qi, None);
                self.assumed[qi] = false;
                if !self.out_of_steps {
                    self.seen.insert(key);
                }
            }
            Some(_) => {
                self.scratch.asked = asked;
                self.settle();
            }
            None => {
                self.leaf(&asked);
                self.scratch.asked = asked;
            }
        }
    }

    /// Every completion of this branch gives the same level: take the one the exhaustive
    /// search would meet first (each remaining gate at its last option), so that the reasons
    /// shown are the same.
    fn settle(&mut self) {
        let mut filled = Vec::new();
        let asked = loop {
            let asked = asked(self.rs, &self.slots);
            let Some(qi) = open_gate(self.rs, &self.slots, &asked) else {
                break asked;
            };
            let last = self.rs.questions[qi].options.len().checked_sub(1);
            self.slots.set_choice(qi, last);
            self.assumed[qi] = true;
            filled.push(qi);
        };
        self.leaf(&asked);
        for qi in filled {
            self.slots.set_choice(qi, None);
            self.assumed[qi] = false;
        }
    }

    fn leaf(&mut self, asked: &[bool]) {
        let level = run(self.rs, &self.slots, asked, &self.assumed, false)[self.target].level;
        if self.best.as_ref().is_none_or(|b| level < b.0) {
            self.best = Some((level, self.slots.clone(), self.assumed.clone()));
        }
    }

    /// The three-valued evaluation of the branch, up to the target searched (a level
    /// condition reads only targets before it, or its own).
    /// Leaves in the scratch whether each question is asked (`asked3`) and the trace.
    fn bound(&mut self) -> Bound {
        let rs = self.rs;
        let mut sc = std::mem::take(&mut self.scratch);
        partial_asked(rs, &self.slots, &mut sc);
        sc.levels.clear();
        sc.trace.values.clear();
        sc.trace.open.clear();
        let mut p = Partial {
            rs,
            slots: &self.slots,
            asked3: &sc.asked3,
            lo_asked: &sc.lo_asked,
            hi_asked: &sc.hi_asked,
            levels: std::mem::take(&mut sc.levels),
            trace: std::mem::take(&mut sc.trace),
        };
        let mut last = Bound { lo: 0, exact: None };
        for t in 0..=self.target {
            last = p.target(t);
            p.levels.push(last.exact);
        }
        sc.levels = p.levels;
        sc.trace = p.trace;
        self.scratch = sc;
        last
    }

    /// What decides the level of every combination below a branch about to try gate `qi`:
    /// whether each question is asked, the three-valued value of each rule and floor read,
    /// and the assumed answers that the conditions still open read. Two branches alike in
    /// these have the same lowest level, whatever the other assumed answers.
    fn key(&mut self, qi: usize) -> Vec<u16> {
        let Scratch { asked3, trace, .. } = &mut self.scratch;
        let code = |v: Tri| match v {
            Some(false) => 0,
            Some(true) => 1,
            None => 2,
        };
        let mut key = Vec::with_capacity(asked3.len() + trace.values.len() + 8);
        key.push(qi as u16);
        key.extend(asked3.iter().map(|&a| code(a)));
        key.extend(trace.values.iter().map(|&v| code(v)));
        for (q, a) in asked3.iter().enumerate() {
            if a.is_none() {
                self.rs.questions[q].when.questions(&mut trace.open);
            }
        }
        trace.open.sort_unstable();
        trace.open.dedup();
        for &q in &trace.open {
            if self.assumed[q] {
                key.push(u16::MAX);
                key.push(q as u16);
                key.push(self.slots.choice(q).map_or(u16::MAX - 1, |o| o as u16));
            }
        }
        key
    }
}

/// The first question the search must still assume: asked, deciding a level, not optional,
/// not a matrix (a missing matrix cell counts as the lowest impact), unanswered.
fn open_gate(rs: &Ruleset, slots: &Slots, asked: &[bool]) -> Option<usize> {
    (0..rs.questions.len()).find(|&qi| asked[qi] && is_gate(rs, qi) && slots.choice(qi).is_none())
}

fn is_gate(rs: &Ruleset, qi: usize) -> bool {
    let q = &rs.questions[qi];
    rs.level_relevant[qi] && !q.optional && q.kind != Kind::Impact
}

/// Whether each question is asked, where known (`asked3`), and the two extremes of it
/// (`lo_asked`: surely, `hi_asked`: perhaps). A `when` reads only earlier questions.
fn partial_asked(rs: &Ruleset, slots: &Slots, sc: &mut Scratch) {
    let Scratch {
        asked3,
        lo_asked: lo,
        hi_asked: hi,
        ..
    } = sc;
    asked3.clear();
    lo.clear();
    hi.clear();
    for q in &rs.questions {
        let v = Partial {
            rs,
            slots,
            asked3,
            lo_asked: lo,
            hi_asked: hi,
            levels: Vec::new(),
            trace: Trace::default(),
        }
        .holds(&q.when);
        asked3.push(v);
        lo.push(v == Some(true));
        hi.push(v != Some(false));
    }
}

/// A branch of the search seen in three-valued logic.
struct Partial<'a> {
    rs: &'a Ruleset,
    slots: &'a Slots,
    asked3: &'a [Tri],
    /// Asked for sure / perhaps asked: the two extremes a matrix condition is read under.
    lo_asked: &'a [bool],
    hi_asked: &'a [bool],
    /// The levels found so far; `None` where they depend on missing answers.
    levels: Vec<Option<usize>>,
    trace: Trace,
}

/// The rules and floors a branch read, in order: their three-valued values, and the questions
/// those still open read.
#[derive(Default)]
struct Trace {
    values: Vec<Tri>,
    open: Vec<usize>,
}

impl Trace {
    fn read(&mut self, c: &Cond, v: Tri) -> Tri {
        self.values.push(v);
        if v.is_none() {
            c.questions(&mut self.open);
        }
        v
    }
}

impl Partial<'_> {
    fn target(&mut self, t: usize) -> Bound {
        let rs = self.rs;
        // The rules before the first that surely holds may each be the one that matches.
        let mut lo = usize::MAX;
        let mut exact = true;
        let mut hit = None;
        for r in rs.rules.iter().filter(|r| r.target == t) {
            let v = self.holds(&r.when);
            match self.trace.read(&r.when, v) {
                Some(true) => {
                    hit = Some(r.level);
                    break;
                }
                Some(false) => {}
                None => {
                    lo = lo.min(r.level);
                    exact = false;
                }
            }
        }
        let base = hit.unwrap_or(0);
        lo = lo.min(base);
        let mut level = exact.then_some(base);
        // A floor that surely applies raises every completion; one that may not, none for sure.
        self.levels.push(level);
        for f in rs.floors.iter().filter(|f| f.target == t) {
            if level.is_some_and(|l| l >= f.min) {
                continue;
            }
            let v = self.holds(&f.when);
            match self.trace.read(&f.when, v) {
                Some(true) => {
                    lo = lo.max(f.min);
                    level = level.map(|l| l.max(f.min));
                }
                Some(false) => {}
                None => level = None,
            }
            self.levels[t] = level;
        }
        self.levels.pop();
        Bound { lo, exact: level }
    }

    fn gate_open(&self, q: usize) -> bool {
        is_gate(self.rs, q) && self.slots.choice(q).is_none()
    }

    fn holds(&self, c: &Cond) -> Tri {
        match c {
            Cond::Always => Some(true),
            Cond::Not(c) => not(self.holds(c)),
            Cond::And(cs) => {
                let mut out = Some(true);
                for c in cs {
                    match self.holds(c) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => out = None,
                    }
                }
                out
            }
            Cond::Or(cs) => {
                let mut out = Some(false);
                for c in cs {
                    match self.holds(c) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => out = None,
                    }
                }
                out
            }
            Cond::Choice {
                question,
                op,
                options,
            } => {
                let q = *question;
                let when_asked = match self.slots.choice(q) {
                    Some(v) => Some(op.test(v as i64, options)),
                    None if self.gate_open(q) => None,
                    None => Some(false),
                };
                // A question after the one being placed is not asked yet, as in a full pass.
                match self.asked3.get(q).copied().unwrap_or(Some(false)) {
                    Some(true) => when_asked,
                    Some(false) => Some(false),
                    None => (when_asked == Some(false)).then_some(false),
                }
            }
            Cond::Cell { question, .. }
            | Cond::Cells { question, .. }
            | Cond::Combined { question, .. } => {
                // Matrix cells are never assumed: only whether the matrix is asked can be open.
                let read = |asked: &[bool]| {
                    Ctx {
                        rs: self.rs,
                        slots: self.slots,
                        asked,
                        assumed: &[],
                        levels: &[],
                    }
                    .holds(c)
                };
                if *question >= self.asked3.len() {
                    return Some(false);
                }
                let (a, b) = (read(self.lo_asked), read(self.hi_asked));
                (a == b).then_some(a)
            }
            Cond::Level { target, .. } | Cond::Major { target, .. } => {
                match self.levels.get(*target) {
                    // Not found yet: the exhaustive pass reads it as false too.
                    None => Some(false),
                    Some(None) => None,
                    Some(Some(l)) => {
                        let levels: Vec<usize> =
                            self.levels.iter().map(|l| l.unwrap_or(0)).collect();
                        debug_assert_eq!(levels[*target], *l);
                        Some(
                            Ctx {
                                rs: self.rs,
                                slots: self.slots,
                                asked: &[],
                                assumed: &[],
                                levels: &levels,
                            }
                            .holds(c),
                        )
                    }
                }
            }
            Cond::Answered { question } => {
                let q = *question;
                // An open gate is answered by the search exactly where it is asked.
                if self.slots.is_answered(q) {
                    Some(true)
                } else if self.gate_open(q) {
                    self.asked3.get(q).copied().flatten()
                } else {
                    Some(false)
                }
            }
        }
    }
}

/// The lower bound's result for a target, with reasons when the search proved its witness.
pub(super) fn result_of(rs: &Ruleset, t: usize, lowest: Lowest) -> TargetResult {
    match lowest.witness {
        Some((s, assumed)) => {
            let asked = asked(rs, &s);
            run(rs, &s, &asked, &assumed, true).swap_remove(t)
        }
        None => TargetResult {
            target: t,
            level: lowest.level,
            final_: false,
            rule: None,
            because: Vec::new(),
            floors: Vec::new(),
        },
    }
}
