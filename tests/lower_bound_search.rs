//! The bounded lower-bound search gives what trying every combination gives: the same levels,
//! the same finality and the same reasons, on the built-in rulesets and on generated ones with
//! nested gates, choices and floors; and on a ruleset too large to try every combination, its
//! bound is never above the level of any way of completing the answers.

use crate::support;

use proptest::prelude::*;
use support::gen_ruleset::{Rng, Shape, partial_answers, ruleset};
use xal::answers::{AnswerValue, Answers};
use xal::engine::{STEP_BUDGET, evaluate, evaluate_exhaustive, evaluate_pruned, lower_bound_steps};
use xal::ruleset::Ruleset;
use xal::ruleset::registry::Registry;

/// Both ways the interface may take (a few combinations outright, or the pruned search from
/// the start) give what trying every combination gives.
fn same_as_exhaustive(rs: &Ruleset, answers: &Answers) -> Result<(), TestCaseError> {
    let slow = evaluate_exhaustive(rs, answers);
    for fast in [evaluate(rs, answers), evaluate_pruned(rs, answers)] {
        prop_assert_eq!(&fast.targets, &slow.targets, "answers {:?}", answers);
        prop_assert_eq!(fast.complete, slow.complete);
        prop_assert_eq!(&fast.notes, &slow.notes);
    }
    Ok(())
}

/// Every open question of `rs` that the answers ask given a value, at random, on top of
/// `answers` (a question not asked stays unanswered, as in the interface).
fn completed(rs: &Ruleset, answers: &Answers, rng: &mut Rng) -> Answers {
    let mut full = answers.clone();
    for q in &rs.questions {
        if q.categories.is_empty() {
            if !full.contains_key(&q.id) {
                let o = &q.options[rng.below(q.options.len())];
                full.insert(q.id.clone(), AnswerValue::Choice(o.id.clone()));
            }
            continue;
        }
        // A matrix: its missing cells.
        let mut cells = match full.remove(&q.id) {
            Some(AnswerValue::Matrix(m)) => m,
            _ => Default::default(),
        };
        for &c in &q.categories {
            let id = rs.categories[c].id.clone();
            let i = &rs.impact[rng.below(rs.impact.len())].id;
            cells.entry(id).or_insert_with(|| i.clone());
        }
        full.insert(q.id.clone(), AnswerValue::Matrix(cells));
    }
    // Whether a question is asked reads only the answers of asked questions: one evaluation
    // says which of the added answers to take back.
    let asked = evaluate(rs, &full).asked;
    for (qi, q) in rs.questions.iter().enumerate() {
        if !asked[qi] && !answers.contains_key(&q.id) {
            full.remove(&q.id);
        }
    }
    full
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]
    #[test]
    fn generated_rulesets_match_the_exhaustive_search(seed in any::<u64>(), answered in 0u64..90) {
        let rs = ruleset(seed, Shape::small());
        let mut rng = Rng::new(seed ^ 0x5eed);
        let a = partial_answers(&rs, &mut rng, answered);
        same_as_exhaustive(&rs, &a)?;
    }

}

/// Twelve gates: enough for branches to meet again (the search's memo), few enough to try
/// every combination. Where the search ran out of steps its result has no reasons and must
/// still be a true bound; everywhere else it is the same.
#[test]
fn twelve_gates_match_the_exhaustive_search_or_give_a_true_bound_at_the_budget() {
    let shape = Shape {
        gates: 12,
        rules_per_target: 8,
        nested: 25,
        matrix: true,
    };
    let mut same = 0;
    let cases = 120;
    for seed in 0..cases {
        let rs = ruleset(seed, shape);
        let mut rng = Rng::new(seed);
        let a = partial_answers(&rs, &mut rng, 15);
        let fast = evaluate_pruned(&rs, &a);
        let slow = evaluate_exhaustive(&rs, &a);
        if fast.targets == slow.targets {
            same += 1;
            continue;
        }
        for (f, s) in fast.targets.iter().zip(&slow.targets) {
            assert!(
                f.level <= s.level,
                "seed {seed}: {} above {}",
                f.level,
                s.level
            );
            if f != s {
                assert!(
                    f.rule.is_none() && f.because.is_empty(),
                    "seed {seed}: {f:?} vs {s:?}"
                );
            }
        }
    }
    println!("{same} of {cases} the same as trying every combination");
    assert!(same >= cases * 9 / 10, "only {same} of {cases} the same");
}

proptest! {
    // Trying every combination of a built-in ruleset is slow: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn built_in_rulesets_match_the_exhaustive_search(seed in any::<u64>(), answered in 0u64..90) {
        let reg = Registry::builtin();
        for e in &reg.entries {
            let mut rng = Rng::new(seed);
            let a = partial_answers(&e.ruleset, &mut rng, answered);
            same_as_exhaustive(&e.ruleset, &a)?;
        }
    }
}

#[test]
fn thirty_gates_stay_within_the_budget_and_below_every_completion() {
    for seed in 0..40 {
        let rs = ruleset(seed, Shape::thirty_gates());
        assert!(lower_bound_steps(&rs) <= STEP_BUDGET);
        let mut rng = Rng::new(seed);
        for _ in 0..5 {
            let a = partial_answers(&rs, &mut rng, 20);
            let bound = evaluate(&rs, &a);
            for _ in 0..40 {
                let full = evaluate(&rs, &completed(&rs, &a, &mut rng));
                assert!(full.complete, "seed {seed}: {:?}", full.missing);
                for (lo, got) in bound.targets.iter().zip(&full.targets) {
                    assert!(
                        lo.level <= got.level,
                        "seed {seed}: bound {} above a completion's {}",
                        lo.level,
                        got.level
                    );
                    if lo.final_ {
                        assert_eq!(lo.level, got.level, "seed {seed}: final but changed");
                    }
                }
            }
        }
    }
}
