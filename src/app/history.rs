//! Undo and redo of the assessor's edits: answers, notes and a group's acceptance statement.

use super::wizard::AnswerEdit;
use crate::answers::Tailoring;

/// One undoable change, in the group it was made in (0 for a single answer set).
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Answer {
        group: usize,
        edit: AnswerEdit,
    },
    Note {
        group: usize,
        question: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// One field of a group's acceptance statement; the whole statement is kept either side,
    /// so an undo puts back exactly what was there. `what` names the field
    /// (`statement.rationale`, `statement.compensating.1.why`, `statement.ial`).
    Statement {
        group: usize,
        what: String,
        before: Option<Box<Tailoring>>,
        after: Option<Box<Tailoring>>,
    },
}

/// One answer (or matrix cell, or note) as an edit changed it: the words an undo says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    /// `impact.auth.financial`, `pi.needed`, or the question a note is on.
    pub what: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub note: bool,
}

impl Edit {
    /// What this edit changed, answer by answer (a matrix edit, cell by cell), as seen going
    /// from `before` to `after`; `backwards` reads it the other way (an undo).
    pub fn changed(&self, backwards: bool) -> Vec<Changed> {
        let flip = |a: Option<String>, b: Option<String>| if backwards { (b, a) } else { (a, b) };
        match self {
            Edit::Note {
                question,
                before,
                after,
                ..
            } => {
                let (from, to) = flip(before.clone(), after.clone());
                vec![Changed {
                    what: question.clone(),
                    from,
                    to,
                    note: true,
                }]
            }
            Edit::Statement { what, .. } => vec![Changed {
                what: what.clone(),
                from: None,
                to: None,
                note: false,
            }],
            Edit::Answer { edit, .. } => {
                use crate::answers::AnswerValue;
                let cells = |v: &Option<AnswerValue>| -> Option<std::collections::BTreeMap<String, String>> {
                    v.as_ref().and_then(|v| v.as_matrix().cloned())
                };
                let plain = |v: &Option<AnswerValue>| -> Option<String> {
                    match v {
                        Some(AnswerValue::Choice(c)) => Some(c.clone()),
                        Some(AnswerValue::Matrix(_)) | None => None,
                        Some(AnswerValue::Other(o)) => Some(o.to_string()),
                    }
                };
                let (b, a) = (cells(&edit.before), cells(&edit.after));
                if b.is_none() && a.is_none() {
                    let (from, to) = flip(plain(&edit.before), plain(&edit.after));
                    return vec![Changed {
                        what: edit.question.clone(),
                        from,
                        to,
                        note: false,
                    }];
                }
                let (b, a) = (b.unwrap_or_default(), a.unwrap_or_default());
                let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
                keys.sort();
                keys.dedup();
                keys.into_iter()
                    .filter(|k| b.get(*k) != a.get(*k))
                    .map(|k| {
                        let (from, to) = flip(b.get(k).cloned(), a.get(k).cloned());
                        Changed {
                            what: format!("{}.{k}", edit.question),
                            from,
                            to,
                            note: false,
                        }
                    })
                    .collect()
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct History {
    done: Vec<Edit>,
    undone: Vec<Edit>,
}

impl History {
    /// Records a change just made; a new change forgets what was undone.
    pub fn record(&mut self, e: Edit) {
        self.done.push(e);
        self.undone.clear();
    }

    /// The change to revert, moved to the redo stack.
    pub fn undo(&mut self) -> Option<Edit> {
        let e = self.done.pop()?;
        self.undone.push(e.clone());
        Some(e)
    }

    /// The change to apply again, moved back to the undo stack.
    pub fn redo(&mut self) -> Option<Edit> {
        let e = self.undone.pop()?;
        self.done.push(e.clone());
        Some(e)
    }

    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(after: &str) -> Edit {
        Edit::Note {
            group: 0,
            question: "q".into(),
            before: None,
            after: Some(after.into()),
        }
    }

    #[test]
    fn an_edit_says_what_it_changed_cell_by_cell() {
        use crate::answers::AnswerValue;
        let m = |pairs: &[(&str, &str)]| {
            Some(AnswerValue::Matrix(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ))
        };
        let e = Edit::Answer {
            group: 0,
            edit: super::super::wizard::AnswerEdit {
                question: "impact.auth".into(),
                before: m(&[("financial", "high"), ("safety", "low")]),
                after: m(&[("financial", "moderate"), ("safety", "low")]),
            },
        };
        let undone = e.changed(true);
        assert_eq!(
            undone,
            [Changed {
                what: "impact.auth.financial".into(),
                from: Some("moderate".into()),
                to: Some("high".into()),
                note: false,
            }]
        );
        let choice = Edit::Answer {
            group: 0,
            edit: super::super::wizard::AnswerEdit {
                question: "pi.needed".into(),
                before: None,
                after: Some(AnswerValue::Choice("yes".into())),
            },
        };
        assert_eq!(choice.changed(false)[0].to.as_deref(), Some("yes"));
        assert_eq!(choice.changed(true)[0].to, None);
    }

    #[test]
    fn undo_then_redo_returns_the_same_edit_and_new_edits_drop_redo() {
        let mut h = History::default();
        h.record(note("a"));
        h.record(note("b"));
        assert_eq!(h.undo(), Some(note("b")));
        assert_eq!(h.redo(), Some(note("b")));
        assert_eq!(h.redo(), None);
        assert_eq!(h.undo(), Some(note("b")));
        h.record(note("c"));
        assert_eq!(h.redo(), None);
        assert_eq!(h.undo(), Some(note("c")));
        assert_eq!(h.undo(), Some(note("a")));
        assert_eq!(h.undo(), None);
    }
}
