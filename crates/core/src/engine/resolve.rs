//! Turning stored answers (strings by id) into option and impact indices, once per evaluation.

use super::carry::{self, Carried};
use super::{Ignored, IgnoredWhy};
use crate::answers::{AnswerValue, Answers};
use crate::ruleset::{Kind, Ruleset};

/// Answers by question index: an option index for choices, one impact rank per matrix row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slots {
    choice: Vec<Option<usize>>,
    cells: Vec<Vec<Option<usize>>>,
    /// Per question: its value was read from an earlier version's answers (`[[carry]]`).
    carried: Vec<bool>,
}

impl Slots {
    pub fn empty(rs: &Ruleset) -> Slots {
        Slots {
            choice: vec![None; rs.questions.len()],
            cells: rs
                .questions
                .iter()
                .map(|q| vec![None; q.categories.len()])
                .collect(),
            carried: vec![false; rs.questions.len()],
        }
    }

    pub(crate) fn is_carried(&self, q: usize) -> bool {
        self.carried[q]
    }

    pub(super) fn set_carried(&mut self, q: usize) {
        self.carried[q] = true;
    }

    pub fn choice(&self, q: usize) -> Option<usize> {
        self.choice[q]
    }

    pub(crate) fn set_choice(&mut self, q: usize, v: Option<usize>) {
        self.choice[q] = v;
    }

    /// The impact rank of the matrix row at `pos` of question `q`.
    pub fn cell(&self, q: usize, pos: usize) -> Option<usize> {
        self.cells[q].get(pos).copied().flatten()
    }

    pub(crate) fn set_cell(&mut self, q: usize, pos: usize, v: Option<usize>) {
        if let Some(c) = self.cells[q].get_mut(pos) {
            *c = v;
        }
    }

    pub fn is_answered(&self, q: usize) -> bool {
        if self.cells[q].is_empty() {
            self.choice[q].is_some()
        } else {
            self.cells[q].iter().all(Option::is_some)
        }
    }

    pub(crate) fn has_any(&self, q: usize) -> bool {
        self.choice[q].is_some() || self.cells[q].iter().any(Option::is_some)
    }
}

/// The answers read against the ruleset.
pub(crate) struct Resolved {
    pub slots: Slots,
    /// What does not fit, or was read into another question (`[[carry]]`).
    pub ignored: Vec<Ignored>,
    /// Questions answered with what an earlier version of the ruleset recorded.
    pub carried: Vec<Carried>,
}

/// Reads the answers against the ruleset; what does not fit is reported, never dropped from
/// the file (the caller keeps the original answers).
pub fn resolve(rs: &Ruleset, answers: &Answers) -> Resolved {
    let mut slots = Slots::empty(rs);
    let mut ignored = Vec::new();
    for (id, value) in answers {
        let Some(qi) = rs.question_index(id) else {
            if carry::is_source(rs, id) {
                continue;
            }
            ignored.push(Ignored {
                id: id.clone(),
                why: IgnoredWhy::UnknownQuestion,
            });
            continue;
        };
        let q = &rs.questions[qi];
        match (q.kind, value) {
            (Kind::Impact, AnswerValue::Matrix(m)) => {
                for (key, level) in m {
                    // `financial/individuals` rates one impacted entity; the category takes
                    // the highest of its cells.
                    let (cat, entity) = crate::ruleset::cell_key(key);
                    let entity_known = entity.is_none_or(|e| {
                        rs.groups
                            .as_ref()
                            .is_some_and(|g| g.entity_index(e).is_some())
                    });
                    let pos = rs
                        .category_index(cat)
                        .and_then(|c| q.categories.iter().position(|&x| x == c))
                        .filter(|_| entity_known);
                    let Some(pos) = pos else {
                        ignored.push(Ignored {
                            id: format!("{id}.{key}"),
                            why: IgnoredWhy::UnknownCategory(key.clone()),
                        });
                        continue;
                    };
                    match rs.impact_index(level) {
                        Some(r) => {
                            let cell = &mut slots.cells[qi][pos];
                            *cell = Some(cell.map_or(r, |was| was.max(r)));
                        }
                        None => ignored.push(Ignored {
                            id: format!("{id}.{key}"),
                            why: IgnoredWhy::NotAnImpact {
                                category: key.clone(),
                                value: level.clone(),
                            },
                        }),
                    }
                }
            }
            (Kind::YesNo | Kind::Choice, AnswerValue::Choice(v)) => match q.option_index(v) {
                Some(o) => slots.choice[qi] = Some(o),
                None => ignored.push(Ignored {
                    id: id.clone(),
                    why: IgnoredWhy::NotAnOption(v.clone()),
                }),
            },
            _ => ignored.push(Ignored {
                id: id.clone(),
                why: IgnoredWhy::WrongShape,
            }),
        }
    }
    let carried = carry::apply(rs, answers, &mut slots, &mut ignored);
    Resolved {
        slots,
        ignored,
        carried,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::registry::Registry;

    fn matrix(cells: &[(&str, &str)]) -> Answers {
        let m = cells
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        [("impact".to_string(), AnswerValue::Matrix(m))].into()
    }

    #[test]
    fn a_category_rated_per_entity_takes_its_highest_cell() {
        let reg = Registry::builtin();
        let rs = reg.get("nist-800-63-4").unwrap();
        let q = rs.question_index("impact").unwrap();
        let fin = rs.questions[q]
            .categories
            .iter()
            .position(|&c| rs.categories[c].id == "financial")
            .unwrap();
        let r = resolve(
            rs,
            &matrix(&[
                ("financial", "low"),
                ("financial/individuals", "high"),
                ("financial/public", "moderate"),
            ]),
        );
        assert_eq!(r.slots.cells[q][fin], rs.impact_index("high"));
        assert!(r.ignored.is_empty(), "{:?}", r.ignored);

        // An entity the ruleset does not declare is reported and read as nothing.
        let r = resolve(rs, &matrix(&[("financial/aliens", "high")]));
        assert_eq!(r.slots.cells[q][fin], None);
        assert_eq!(r.ignored.len(), 1);
        assert_eq!(r.ignored[0].id, "impact.financial/aliens");
    }
}
