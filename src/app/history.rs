//! Undo and redo of the assessor's edits: answers and notes.

use super::wizard::AnswerEdit;

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
