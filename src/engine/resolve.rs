//! Turning stored answers (strings by id) into option and impact indices, once per evaluation.

use super::carry::{self, Carried};
use super::{Ignored, IgnoredWhy};
use crate::answers::{AnswerValue, Answers};
use crate::ruleset::{Kind, Ruleset};

/// Answers by question index: an option index for choices, one impact rank per matrix row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slots {
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

    pub fn is_carried(&self, q: usize) -> bool {
        self.carried[q]
    }

    pub(super) fn set_carried(&mut self, q: usize) {
        self.carried[q] = true;
    }

    pub fn choice(&self, q: usize) -> Option<usize> {
        self.choice[q]
    }

    pub fn set_choice(&mut self, q: usize, v: Option<usize>) {
        self.choice[q] = v;
    }

    /// The impact rank of the matrix row at `pos` of question `q`.
    pub fn cell(&self, q: usize, pos: usize) -> Option<usize> {
        self.cells[q].get(pos).copied().flatten()
    }

    pub fn set_cell(&mut self, q: usize, pos: usize, v: Option<usize>) {
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

    pub fn has_any(&self, q: usize) -> bool {
        self.choice[q].is_some() || self.cells[q].iter().any(Option::is_some)
    }
}

/// The answers read against the ruleset.
pub struct Resolved {
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
                for (cat, level) in m {
                    let pos = rs
                        .category_index(cat)
                        .and_then(|c| q.categories.iter().position(|&x| x == c));
                    let Some(pos) = pos else {
                        ignored.push(Ignored {
                            id: format!("{id}.{cat}"),
                            why: IgnoredWhy::UnknownCategory(cat.clone()),
                        });
                        continue;
                    };
                    match rs.impact_index(level) {
                        Some(r) => slots.cells[qi][pos] = Some(r),
                        None => ignored.push(Ignored {
                            id: format!("{id}.{cat}"),
                            why: IgnoredWhy::NotAnImpact {
                                category: cat.clone(),
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
