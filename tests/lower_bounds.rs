//! The live lower bound while answers are missing (dgs-1-2-2564), and a property test that it
//! never exceeds the level of any way of completing the answers.

use crate::support;

use proptest::prelude::*;
use support::dgs::CATEGORIES as CATS;
use support::{IMPACTS, answers, choice, matrix};
use xal::answers::Answers;
use xal::engine::{Evaluation, evaluate};
use xal::ruleset::Ruleset;
use xal::ruleset::registry::Registry;

fn dgs() -> std::sync::Arc<Ruleset> {
    static DGS: std::sync::LazyLock<std::sync::Arc<Ruleset>> =
        std::sync::LazyLock::new(|| Registry::builtin().get("dgs-1-2-2564").unwrap().clone());
    DGS.clone()
}

fn level<'a>(rs: &'a Ruleset, e: &Evaluation, target: &str) -> (&'a str, bool) {
    let t = rs.target_index(target).unwrap();
    let r = &e.targets[t];
    (rs.targets[t].levels[r.level].id.as_str(), r.final_)
}

#[test]
fn nothing_answered_gives_the_bottom_of_each_scale_not_final() {
    let rs = dgs();
    let e = evaluate(&rs, &Answers::new());
    assert!(!e.complete);
    assert_eq!(e.missing, ["service.group", "pi.needed", "auth.needed"]);
    assert_eq!(level(&rs, &e, "ial"), ("IAL1.1", false));
    assert_eq!(level(&rs, &e, "aal"), ("none", false));
}

#[test]
fn missing_matrix_cells_count_as_none_and_are_listed() {
    let rs = dgs();
    let a = answers(&[
        ("pi.needed", choice("yes")),
        ("pi.validated", choice("yes")),
        ("impact.proofing", matrix(&["financial"], &["moderate"])),
    ]);
    let e = evaluate(&rs, &a);
    assert_eq!(level(&rs, &e, "ial"), ("IAL2.1", false));
    for c in ["reputation", "programs", "sensitive", "safety", "civil"] {
        assert!(
            e.missing.contains(&format!("impact.proofing.{c}")),
            "{:?}",
            e.missing
        );
    }
    assert!(!e.missing.contains(&"impact.proofing.financial".to_string()));
}

#[test]
fn a_high_impact_is_final_even_with_other_answers_missing() {
    let rs = dgs();
    let a = answers(&[
        ("pi.needed", choice("yes")),
        ("pi.validated", choice("yes")),
        ("impact.proofing", matrix(&["safety"], &["high"])),
        ("auth.needed", choice("yes")),
        ("impact.auth", matrix(&["financial"], &["high"])),
    ]);
    let e = evaluate(&rs, &a);
    assert!(!e.complete);
    assert_eq!(level(&rs, &e, "ial"), ("IAL3", true));
    assert_eq!(level(&rs, &e, "aal"), ("AAL3", true));
}

#[test]
fn a_missing_gate_takes_the_answer_that_gives_the_lower_level() {
    let rs = dgs();
    // pi.validated unanswered: "no" would make proofing irrelevant, so IAL1.1 is the bound.
    let a = answers(&[
        ("pi.needed", choice("yes")),
        ("impact.proofing", matrix(&CATS, &["high"; 6])),
    ]);
    let e = evaluate(&rs, &a);
    assert_eq!(level(&rs, &e, "ial"), ("IAL1.1", false));
    assert!(e.missing.contains(&"pi.validated".to_string()));
    // The reason says which answer was assumed.
    let ial = &e.targets[rs.target_index("ial").unwrap()];
    let because = xal::report::facts::facts(&rs, &ial.because, xal::text::Lang::En);
    assert_eq!(because, ["pi.validated = no (assumed)"]);
}

#[test]
fn the_floor_applies_to_the_lower_bound_too() {
    let rs = dgs();
    let a = answers(&[
        ("service.group", choice("transactional")),
        ("pi.needed", choice("yes")),
        ("pi.validated", choice("yes")),
        (
            "impact.proofing",
            matrix(&CATS, &["none", "moderate", "none", "none", "none", "none"]),
        ),
        ("auth.needed", choice("yes")),
        ("impact.auth", matrix(&CATS, &["none"; 6])),
    ]);
    let e = evaluate(&rs, &a);
    assert_eq!(e.missing, ["pi.accessible"]);
    assert_eq!(level(&rs, &e, "ial"), ("IAL2.1", true));
    assert_eq!(level(&rs, &e, "aal"), ("AAL2", false));
}

#[test]
fn a_level_whose_questions_are_all_answered_is_final() {
    let rs = dgs();
    let a = answers(&[("pi.needed", choice("no")), ("auth.needed", choice("no"))]);
    let e = evaluate(&rs, &a);
    assert_eq!(e.missing, ["service.group"]);
    assert_eq!(level(&rs, &e, "ial"), ("IAL1.1", true));
    assert_eq!(level(&rs, &e, "aal"), ("none", true));
}

/// A full set of answers, then some of them removed.
fn full_and_partial() -> impl Strategy<Value = (Answers, Answers)> {
    let gate = |opts: &'static [&'static str]| proptest::sample::select(opts);
    (
        gate(&["emerging", "enhanced", "transactional", "connected"]),
        gate(&["yes", "no"]),
        gate(&["yes", "no", "unknown"]),
        proptest::collection::vec(0usize..4, 6),
        gate(&["yes", "no"]),
        proptest::collection::vec(0usize..4, 6),
        gate(&["yes", "no"]),
        proptest::collection::vec(any::<bool>(), 19),
    )
        .prop_map(|(g, pn, pv, ip, an, ia, pa, keep)| {
            let ip_l: Vec<&str> = ip.iter().map(|&i| IMPACTS[i]).collect();
            let ia_l: Vec<&str> = ia.iter().map(|&i| IMPACTS[i]).collect();
            let full = answers(&[
                ("service.group", choice(g)),
                ("pi.needed", choice(pn)),
                ("pi.validated", choice(pv)),
                ("impact.proofing", matrix(&CATS, &ip_l)),
                ("auth.needed", choice(an)),
                ("impact.auth", matrix(&CATS, &ia_l)),
                ("pi.accessible", choice(pa)),
            ]);
            let mut partial = Answers::new();
            let mut k = keep.into_iter();
            let mut next = || k.next().unwrap_or(true);
            for (id, v) in &full {
                match v {
                    xal::answers::AnswerValue::Matrix(m) => {
                        let kept: std::collections::BTreeMap<_, _> = m
                            .iter()
                            .filter(|_| next())
                            .map(|(a, b)| (a.clone(), b.clone()))
                            .collect();
                        if !kept.is_empty() {
                            partial.insert(id.clone(), xal::answers::AnswerValue::Matrix(kept));
                        }
                    }
                    _ => {
                        if next() {
                            partial.insert(id.clone(), v.clone());
                        }
                    }
                }
            }
            (full, partial)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_lower_bound_never_exceeds_a_completion((full, partial) in full_and_partial()) {
        let rs = dgs();
        let done = evaluate(&rs, &full);
        let part = evaluate(&rs, &partial);
        prop_assert!(done.complete);
        for t in 0..rs.targets.len() {
            prop_assert!(part.targets[t].level <= done.targets[t].level,
                "target {} bound {} above completion {}", rs.targets[t].id,
                part.targets[t].level, done.targets[t].level);
            if part.targets[t].final_ {
                prop_assert_eq!(part.targets[t].level, done.targets[t].level,
                    "a final level must not change: {}", rs.targets[t].id);
            }
        }
    }
}

/// `finals_of` per target of a grouped 800-63-4 assessment, as (ial, aal, fal).
fn grouped_finals(groups: Vec<xal::answers::Group>) -> (String, Vec<bool>) {
    let rs = Registry::builtin().get("nist-800-63-4").unwrap().clone();
    let eval = xal::engine::evaluate_set(&rs, &xal::answers::AnswerSet::Groups(groups));
    let levels = xal::engine::levels_of(&rs, &eval);
    (levels[0].1.clone(), xal::engine::finals_of(&rs, &eval))
}

fn tailored(id: &str, ial: &str) -> xal::answers::Group {
    let mut t = xal::answers::Tailoring {
        rationale: "kiosk only".into(),
        ..Default::default()
    };
    t.levels.insert("ial".into(), ial.into());
    xal::answers::Group {
        tailoring: Some(t),
        ..support::group(id, id, Answers::new())
    }
}

#[test]
fn a_single_assessment_s_finals_are_the_engine_s_per_target() {
    let rs = dgs();
    let a = answers(&[
        ("pi.needed", choice("yes")),
        ("pi.validated", choice("yes")),
        ("impact.proofing", matrix(&["safety"], &["high"])),
    ]);
    let eval = xal::engine::evaluate_set(&rs, &xal::answers::AnswerSet::Single(a));
    // IAL3 is the top: final; AAL's gate is unanswered: a lower bound; FAL's questions are
    // optional, none of them can change it while unanswered.
    assert_eq!(xal::engine::finals_of(&rs, &eval), [true, false, true]);
}

#[test]
fn a_grouped_level_is_final_when_no_group_can_still_raise_it() {
    // Nothing answered: every level a lower bound.
    let (ial, finals) = grouped_finals(vec![support::group("a", "A", Answers::new())]);
    assert_eq!((ial.as_str(), finals), ("IAL0", vec![false, false, false]));
    // A group tailored to the top holds the highest IAL whatever the other answers: final,
    // while AAL and FAL, untailored and unanswered, stay lower bounds.
    let (ial, finals) = grouped_finals(vec![
        support::group("a", "A", Answers::new()),
        tailored("b", "IAL3"),
    ]);
    assert_eq!((ial.as_str(), finals), ("IAL3", vec![true, false, false]));
    // Tailored below the top: the unanswered group may still rise above it.
    let (ial, finals) = grouped_finals(vec![
        support::group("a", "A", Answers::new()),
        tailored("b", "IAL2"),
    ]);
    assert_eq!((ial.as_str(), finals), ("IAL2", vec![false, false, false]));
    // Every group tailored: their levels are the assessor's, no answer changes the highest.
    let (ial, finals) = grouped_finals(vec![tailored("a", "IAL1"), tailored("b", "IAL2")]);
    assert_eq!((ial.as_str(), finals), ("IAL2", vec![true, false, false]));
    // No group at all: nothing is settled.
    let (_, finals) = grouped_finals(Vec::new());
    assert_eq!(finals, [false, false, false]);
}
