//! `[[carry]]`: answers saved under an earlier version of a ruleset, read into a question of
//! this one while that question is unanswered. The file is never changed here: the old
//! answers stay as written, reported as ignored, and the carried value lives only in the
//! evaluation (and in the wizard, prefilled) until the assessor answers the question.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::resolve::{Slots, resolve};
use super::{Ignored, IgnoredWhy};
use crate::answers::{AnswerValue, Answers};
use crate::ruleset::{Carry, CarryHow, Ruleset};

/// A question answered, for now, with what an earlier version of the ruleset recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carried {
    pub question: usize,
    /// The ids of the earlier answers the value was read from, in the ruleset's order.
    pub from: Vec<String>,
    /// The carried answer counts as unanswered until the assessor answers the question.
    pub confirm: bool,
}

/// Whether `id` is an answer id some `[[carry]]` reads.
pub(super) fn is_source(rs: &Ruleset, id: &str) -> bool {
    rs.carries.iter().any(|c| c.from.iter().any(|f| f == id))
}

/// Reads every `[[carry]]` whose question the answers leave without any usable value into
/// `slots`; reports each old answer present in `ignored`.
pub(super) fn apply(
    rs: &Ruleset,
    answers: &Answers,
    slots: &mut Slots,
    ignored: &mut Vec<Ignored>,
) -> Vec<Carried> {
    let mut out = Vec::new();
    for c in &rs.carries {
        let to_id = &rs.questions[c.to].id;
        let present: Vec<(&String, &AnswerValue)> = c
            .from
            .iter()
            .filter_map(|f| answers.get_key_value(f))
            .collect();
        if present.is_empty() {
            continue;
        }
        if slots.has_any(c.to) {
            ignored.extend(present.iter().map(|(id, _)| Ignored {
                id: (*id).clone(),
                why: IgnoredWhy::Superseded(to_id.clone()),
            }));
            continue;
        }
        let mut problems = Vec::new();
        let mut whole_key_problem = Vec::new();
        let used = match c.how {
            CarryHow::Highest => highest(
                rs,
                c,
                &present,
                slots,
                &mut problems,
                &mut whole_key_problem,
            ),
            CarryHow::Same => same(
                rs,
                c,
                &present,
                slots,
                &mut problems,
                &mut whole_key_problem,
            ),
        };
        if !used.is_empty() {
            slots.set_carried(c.to);
            for (id, _) in &present {
                if !whole_key_problem.contains(*id) {
                    ignored.push(Ignored {
                        id: (*id).clone(),
                        why: IgnoredWhy::CarriedInto(to_id.clone()),
                    });
                }
            }
            out.push(Carried {
                question: c.to,
                from: used,
                confirm: c.confirm,
            });
        }
        ignored.extend(problems);
    }
    out
}

/// Per category of the question, the highest rating among the sources present.
fn highest(
    rs: &Ruleset,
    c: &Carry,
    present: &[(&String, &AnswerValue)],
    slots: &mut Slots,
    problems: &mut Vec<Ignored>,
    whole: &mut Vec<String>,
) -> Vec<String> {
    let q = &rs.questions[c.to];
    let mut cells: Vec<Option<usize>> = vec![None; q.categories.len()];
    let mut used = Vec::new();
    for (id, value) in present {
        let AnswerValue::Matrix(m) = value else {
            problems.push(Ignored {
                id: (*id).clone(),
                why: IgnoredWhy::WrongShape,
            });
            whole.push((*id).clone());
            continue;
        };
        let mut any = false;
        for (cat, level) in m {
            let pos = rs
                .category_index(cat)
                .and_then(|ci| q.categories.iter().position(|&x| x == ci));
            let Some(pos) = pos else {
                problems.push(Ignored {
                    id: format!("{id}.{cat}"),
                    why: IgnoredWhy::UnknownCategory(cat.clone()),
                });
                continue;
            };
            match rs.impact_index(level) {
                Some(r) => {
                    cells[pos] = Some(cells[pos].map_or(r, |old| old.max(r)));
                    any = true;
                }
                None => problems.push(Ignored {
                    id: format!("{id}.{cat}"),
                    why: IgnoredWhy::NotAnImpact {
                        category: cat.clone(),
                        value: level.clone(),
                    },
                }),
            }
        }
        if any {
            used.push((*id).clone());
        }
    }
    for (pos, v) in cells.into_iter().enumerate() {
        slots.set_cell(c.to, pos, v);
    }
    used
}

/// The first source present whose value is an option of the question.
fn same(
    rs: &Ruleset,
    c: &Carry,
    present: &[(&String, &AnswerValue)],
    slots: &mut Slots,
    problems: &mut Vec<Ignored>,
    whole: &mut Vec<String>,
) -> Vec<String> {
    let q = &rs.questions[c.to];
    let mut used = Vec::new();
    for (id, value) in present {
        let found = match value {
            AnswerValue::Choice(v) => match q.option_index(v) {
                Some(o) => Some(o),
                None => {
                    problems.push(Ignored {
                        id: (*id).clone(),
                        why: IgnoredWhy::NotAnOption(v.clone()),
                    });
                    whole.push((*id).clone());
                    None
                }
            },
            _ => {
                problems.push(Ignored {
                    id: (*id).clone(),
                    why: IgnoredWhy::WrongShape,
                });
                whole.push((*id).clone());
                None
            }
        };
        if let Some(o) = found
            && used.is_empty()
        {
            slots.set_choice(c.to, Some(o));
            used.push((*id).clone());
        }
    }
    used
}

/// The value carried into question `q`, as the assessor would save it (option id, or impact
/// id by category id); `None` when nothing is carried into it.
pub fn carried_answer(rs: &Ruleset, answers: &Answers, q: usize) -> Option<(AnswerValue, Carried)> {
    rs.carry_into(q)?;
    let r = resolve(rs, answers);
    let carried = r.carried.into_iter().find(|c| c.question == q)?;
    Some((value_of(rs, &r.slots, q), carried))
}

fn value_of(rs: &Ruleset, slots: &Slots, q: usize) -> AnswerValue {
    let question = &rs.questions[q];
    if question.is_matrix() {
        let m: BTreeMap<String, String> = question
            .categories
            .iter()
            .enumerate()
            .filter_map(|(pos, &c)| {
                let v = slots.cell(q, pos)?;
                Some((rs.categories[c].id.clone(), rs.impact[v].id.clone()))
            })
            .collect();
        AnswerValue::Matrix(m)
    } else {
        let o = slots.choice(q).unwrap_or(0);
        AnswerValue::Choice(question.options[o].id.clone())
    }
}

/// The answers with every carried value written in as if the assessor had answered it: what
/// the what-if planner varies, so that changing one carried cell keeps the others.
pub(crate) fn with_carried<'a>(rs: &Ruleset, answers: &'a Answers) -> Cow<'a, Answers> {
    if rs.carries.is_empty() {
        return Cow::Borrowed(answers);
    }
    let r = resolve(rs, answers);
    if r.carried.is_empty() {
        return Cow::Borrowed(answers);
    }
    let mut out = answers.clone();
    for c in &r.carried {
        out.insert(
            rs.questions[c.question].id.clone(),
            value_of(rs, &r.slots, c.question),
        );
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::whatif::plan::plan;
    use crate::engine::whatif::what_would_change;
    use crate::engine::{evaluate, evaluate_exhaustive, evaluate_pruned};
    use crate::ruleset::load_ruleset;

    fn rs() -> Ruleset {
        let src = include_str!("../../../../tests/data/carry-ruleset.toml");
        load_ruleset(std::path::Path::new("carry.toml"), src)
            .ruleset
            .unwrap()
    }

    fn matrix(cells: &[(&str, &str)]) -> AnswerValue {
        AnswerValue::Matrix(
            cells
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn choice(v: &str) -> AnswerValue {
        AnswerValue::Choice(v.into())
    }

    /// A group saved under 1.x: proofing money moderate, federation money high; safety rated
    /// only in one of them.
    fn old() -> Answers {
        let mut a = Answers::new();
        a.insert("proofing.needed".into(), choice("yes"));
        a.insert("federation.used".into(), choice("no"));
        a.insert(
            "impact.proofing".into(),
            matrix(&[("money", "moderate"), ("safety", "low")]),
        );
        a.insert("impact.federation".into(), matrix(&[("money", "low")]));
        a
    }

    fn level(rs: &Ruleset, e: &crate::engine::Evaluation, t: &str) -> String {
        let t = rs.target_index(t).unwrap();
        rs.targets[t].levels[e.targets[t].level].id.clone()
    }

    fn why(e: &crate::engine::Evaluation, id: &str) -> Option<IgnoredWhy> {
        e.ignored.iter().find(|i| i.id == id).map(|i| i.why.clone())
    }

    #[test]
    fn the_highest_rating_per_category_is_carried_and_waits_for_confirmation() {
        let rs = rs();
        let impact = rs.question_index("impact").unwrap();
        let e = evaluate(&rs, &old());
        assert_eq!(
            e.carried,
            [Carried {
                question: impact,
                from: vec!["impact.proofing".into(), "impact.federation".into()],
                confirm: true,
            }]
        );
        // The levels use the carried values; the question waits for the assessor.
        assert_eq!(level(&rs, &e, "ial"), "IAL2");
        assert!(!e.complete);
        assert_eq!(e.missing, ["impact"]);
        assert!(e.to_confirm(impact));
        for id in ["impact.proofing", "impact.federation"] {
            assert_eq!(why(&e, id), Some(IgnoredWhy::CarriedInto("impact".into())));
        }
        // The reasons say the values were carried.
        let ial = &e.targets[rs.target_index("ial").unwrap()];
        assert!(
            ial.because
                .iter()
                .all(|f| matches!(f, crate::engine::Fact::Cell { carried: true, .. })),
            "{:?}",
            ial.because
        );
        // The value as the assessor would save it.
        let (value, c) = carried_answer(&rs, &old(), impact).unwrap();
        assert_eq!(value, matrix(&[("money", "moderate"), ("safety", "low")]));
        assert!(c.confirm);
    }

    #[test]
    fn a_row_no_source_rates_stays_missing() {
        let rs = rs();
        let mut a = old();
        a.insert("impact.proofing".into(), matrix(&[("money", "high")]));
        let e = evaluate(&rs, &a);
        assert_eq!(e.missing, ["impact", "impact.safety"]);
        assert_eq!(level(&rs, &e, "ial"), "IAL3");
        let (value, _) = carried_answer(&rs, &a, rs.question_index("impact").unwrap()).unwrap();
        assert_eq!(value, matrix(&[("money", "high")]));
    }

    #[test]
    fn an_answer_to_the_question_wins_and_the_old_answers_are_superseded() {
        let rs = rs();
        let mut a = old();
        a.insert(
            "impact".into(),
            matrix(&[("money", "low"), ("safety", "none")]),
        );
        let e = evaluate(&rs, &a);
        assert!(e.carried.is_empty());
        assert!(e.complete, "{:?}", e.missing);
        assert_eq!(level(&rs, &e, "ial"), "IAL1");
        assert_eq!(
            why(&e, "impact.proofing"),
            Some(IgnoredWhy::Superseded("impact".into()))
        );
        assert!(carried_answer(&rs, &a, rs.question_index("impact").unwrap()).is_none());
        assert!(matches!(with_carried(&rs, &a), Cow::Borrowed(_)));
    }

    #[test]
    fn a_choice_is_carried_as_the_same_option_and_may_need_no_confirmation() {
        let rs = rs();
        let key = rs.question_index("federation.key").unwrap();
        let mut a = old();
        a.insert("federation.used".into(), choice("yes"));
        a.insert("impact.federation".into(), matrix(&[("money", "high")]));
        a.insert("federation.old-key".into(), choice("yes"));
        let e = evaluate(&rs, &a);
        let c = e.carried_of(key).unwrap();
        assert_eq!(
            (c.from.as_slice(), c.confirm),
            (&["federation.old-key".to_string()][..], false)
        );
        assert!(!e.missing.contains(&"federation.key".to_string()));
        assert_eq!(level(&rs, &e, "fal"), "FAL3");
        assert_eq!(
            why(&e, "federation.old-key"),
            Some(IgnoredWhy::CarriedInto("federation.key".into()))
        );
        // A value that is no option of the question is not carried, and said so.
        a.insert("federation.old-key".into(), choice("maybe"));
        let e = evaluate(&rs, &a);
        assert!(e.carried_of(key).is_none());
        assert_eq!(
            why(&e, "federation.old-key"),
            Some(IgnoredWhy::NotAnOption("maybe".into()))
        );
        assert!(e.missing.contains(&"federation.key".to_string()));
    }

    #[test]
    fn bad_old_cells_are_reported_and_the_rest_carried() {
        let rs = rs();
        let mut a = old();
        a.insert(
            "impact.federation".into(),
            matrix(&[("money", "huge"), ("pets", "high")]),
        );
        let e = evaluate(&rs, &a);
        assert_eq!(e.carried.len(), 1);
        assert_eq!(e.carried[0].from, ["impact.proofing"]);
        assert_eq!(
            why(&e, "impact.federation.money"),
            Some(IgnoredWhy::NotAnImpact {
                category: "money".into(),
                value: "huge".into()
            })
        );
        assert_eq!(
            why(&e, "impact.federation.pets"),
            Some(IgnoredWhy::UnknownCategory("pets".into()))
        );
        a.insert("impact.proofing".into(), choice("high"));
        a.remove("impact.federation");
        let e = evaluate(&rs, &a);
        assert!(e.carried.is_empty());
        assert_eq!(why(&e, "impact.proofing"), Some(IgnoredWhy::WrongShape));
        assert_eq!(e.missing, ["impact.money", "impact.safety"]);
    }

    #[test]
    fn a_carried_question_not_asked_is_neither_carried_nor_missing() {
        let rs = rs();
        let mut a = old();
        a.insert("proofing.needed".into(), choice("no"));
        let e = evaluate(&rs, &a);
        assert!(e.carried.is_empty());
        assert!(e.complete, "{:?}", e.missing);
        assert_eq!(why(&e, "impact.proofing"), Some(IgnoredWhy::NotAsked));
        assert!(why(&e, "impact").is_none(), "the file has no `impact`");
    }

    #[test]
    fn lower_bounds_agree_with_a_carried_answer_and_an_open_gate() {
        let rs = rs();
        let mut a = old();
        a.remove("federation.used");
        let quick = evaluate(&rs, &a);
        assert_eq!(quick, evaluate_exhaustive(&rs, &a));
        assert_eq!(quick, evaluate_pruned(&rs, &a));
        assert!(quick.missing.contains(&"impact".to_string()));
        assert!(quick.missing.contains(&"federation.used".to_string()));
    }

    #[test]
    fn the_planner_varies_carried_values_and_keeps_the_other_cells() {
        let rs = rs();
        let a = old();
        let changes = what_would_change(&rs, &a);
        let impact = rs.question_index("impact").unwrap();
        let money = rs.category_index("money").unwrap();
        // moderate → high raises the IAL; moderate → low lowers it, with safety still low.
        assert!(changes.iter().any(|c| c.question == impact
            && c.category == Some(money)
            && c.from == rs.impact_index("moderate").unwrap()));
        let p = plan(&rs, &a);
        let ial = &p[rs.target_index("ial").unwrap()];
        assert_eq!(rs.targets[ial.target].levels[ial.level].id, "IAL2");
        let to_ial1 = ial
            .goals
            .iter()
            .find(|g| rs.targets[ial.target].levels[g.level].id == "IAL1")
            .unwrap();
        assert!(
            to_ial1.routes.iter().any(|r| r.steps.len() == 1
                && r.steps[0].question == impact
                && r.steps[0].from == rs.impact_index("moderate")),
            "{:?}",
            to_ial1.routes
        );
        assert!(
            to_ial1.routes.iter().all(|r| r.final_),
            "the other carried cells stay: {:?}",
            to_ial1.routes
        );
    }
}
