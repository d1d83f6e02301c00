//! One assessment open in the wizard: its answers, the evaluation kept in step with them, the
//! wizard's cursor and the undo history. Saving is the caller's (the store's) business.

use std::sync::Arc;

use super::history::{Edit, History};
use super::wizard::{self, AnswerEdit, Cursor};
use crate::answers::{AnswerSet, Answers, Group, Tailoring};
use crate::engine::{Evaluation, GroupEvaluation, SetEvaluation, evaluate_group, evaluate_set};
use crate::ruleset::Ruleset;

/// Where `c` copied an impact matrix from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopiedFrom {
    /// An earlier matrix of the same group (DGS: proofing impacts into authentication).
    EarlierMatrix,
    /// The same matrix of the group before, by name.
    Group(String),
}

/// The editable part of an assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub answers: AnswerSet,
    /// Notes by question id; in a grouped assessment keyed `group-id/question-id`.
    pub notes: std::collections::BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub ruleset: Arc<Ruleset>,
    pub doc: Doc,
    pub eval: SetEvaluation,
    /// The user group being answered (0 when the ruleset has none).
    pub group: usize,
    pub cursor: Cursor,
    pub history: History,
    /// (group, question id) answered since the assessment was opened: a merge conflict on
    /// one of them is resolved by that choice, even when it kept the value in place.
    pub touched: std::collections::BTreeSet<(usize, String)>,
}

impl Session {
    pub fn new(ruleset: Arc<Ruleset>, mut doc: Doc) -> Session {
        if ruleset.is_grouped()
            && let AnswerSet::Groups(gs) = &mut doc.answers
            && gs.is_empty()
        {
            gs.push(Group::first("Users"));
        }
        let eval = evaluate_set(&ruleset, &doc.answers);
        let mut s = Session {
            ruleset,
            doc,
            eval,
            group: 0,
            cursor: Cursor::default(),
            history: History::default(),
            touched: Default::default(),
        };
        let start = s.current_eval().and_then(|e| {
            let steps = wizard::steps(e);
            steps
                .iter()
                .copied()
                .find(|&q| {
                    !s.ruleset.questions[q].optional
                        && !wizard::is_answered(&s.ruleset, s.answers(), q)
                })
                .or(steps.first().copied())
        });
        s.cursor = wizard::at_question(&s.ruleset, s.answers(), start.unwrap_or(0));
        s
    }

    /// The answers of the group being edited.
    pub fn answers(&self) -> &Answers {
        static EMPTY: std::sync::OnceLock<Answers> = std::sync::OnceLock::new();
        match &self.doc.answers {
            AnswerSet::Single(a) => a,
            AnswerSet::Groups(gs) => gs
                .get(self.group)
                .map(|g| &g.answers)
                .unwrap_or_else(|| EMPTY.get_or_init(Answers::new)),
        }
    }

    fn answers_mut(&mut self, group: usize) -> Option<&mut Answers> {
        match &mut self.doc.answers {
            AnswerSet::Single(a) => Some(a),
            AnswerSet::Groups(gs) => gs.get_mut(group).map(|g| &mut g.answers),
        }
    }

    /// The evaluation of the group being edited.
    pub fn current_eval(&self) -> Option<&Evaluation> {
        match &self.eval {
            SetEvaluation::Single(e) => Some(e),
            SetEvaluation::Groups(gs) => gs.get(self.group).map(|g| &g.eval),
        }
    }

    pub fn current_group(&self) -> Option<&GroupEvaluation> {
        match &self.eval {
            SetEvaluation::Groups(gs) => gs.get(self.group),
            SetEvaluation::Single(_) => None,
        }
    }

    pub fn group_count(&self) -> usize {
        match &self.doc.answers {
            AnswerSet::Single(_) => 1,
            AnswerSet::Groups(gs) => gs.len(),
        }
    }

    fn note_key(&self, group: usize, question: &str) -> String {
        match &self.doc.answers {
            AnswerSet::Groups(gs) => match gs.get(group) {
                Some(g) => format!("{}/{question}", g.id),
                None => question.to_string(),
            },
            AnswerSet::Single(_) => question.to_string(),
        }
    }

    pub fn note(&self, question: usize) -> Option<&str> {
        let key = self.note_key(self.group, &self.ruleset.questions[question].id);
        self.doc.notes.get(&key).map(String::as_str)
    }

    fn reevaluate(&mut self) {
        // Only the edited group changes; the others keep their evaluation.
        match (&mut self.eval, &self.doc.answers) {
            (SetEvaluation::Groups(evals), AnswerSet::Groups(gs)) if evals.len() == gs.len() => {
                if let (Some(e), Some(g)) = (evals.get_mut(self.group), gs.get(self.group)) {
                    *e = evaluate_group(&self.ruleset, g);
                }
            }
            _ => self.eval = evaluate_set(&self.ruleset, &self.doc.answers),
        }
        if let Some(e) = self.current_eval() {
            self.cursor = wizard::settle(&self.ruleset, self.answers(), e, &self.cursor);
        }
    }

    fn apply_answer(&mut self, group: usize, edit: &AnswerEdit, undo: bool) {
        if let Some(a) = self.answers_mut(group) {
            wizard::apply(a, edit, undo);
        }
    }

    /// Chooses option `option` on the current question (row), then moves on. Returns whether
    /// anything changed.
    pub fn choose(&mut self, option: usize) -> bool {
        let c = self.cursor.clone();
        if option >= wizard::option_count(&self.ruleset, c.question) {
            return false;
        }
        let edit = wizard::choose(&self.ruleset, self.answers(), c.question, c.row, option);
        let qid = self.ruleset.questions[c.question].id.clone();
        // Choosing resolves a merge conflict on the question, whatever was chosen.
        self.touched.insert((self.group, qid));
        let changed = edit.is_some();
        if let Some(edit) = edit {
            self.apply_answer(self.group, &edit, false);
            self.history.record(Edit::Answer {
                group: self.group,
                edit,
            });
            self.reevaluate();
        }
        self.cursor = wizard::advance(&self.ruleset, self.answers(), &c);
        if let Some(e) = self.current_eval() {
            self.cursor = wizard::settle(&self.ruleset, self.answers(), e, &self.cursor);
        }
        changed
    }

    /// Copies into the current impact matrix the earlier matrix of the same categories in
    /// this group, or else (a ruleset with one matrix per group) the same matrix of the group
    /// before: user groups often share most of their impacts. Returns where it came from.
    pub fn copy_previous_matrix(&mut self) -> Option<CopiedFrom> {
        let q = self.cursor.question;
        let (edit, from) = match wizard::copy_previous_matrix(&self.ruleset, self.answers(), q) {
            Some(e) => (e, CopiedFrom::EarlierMatrix),
            None => {
                let AnswerSet::Groups(gs) = &self.doc.answers else {
                    return None;
                };
                let prev = gs.get(self.group.checked_sub(1)?)?;
                let edit =
                    wizard::copy_matrix_from(&self.ruleset, &prev.answers, self.answers(), q)?;
                let name = if prev.name.is_empty() {
                    prev.id.clone()
                } else {
                    prev.name.clone()
                };
                (edit, CopiedFrom::Group(name))
            }
        };
        self.apply_answer(self.group, &edit, false);
        self.history.record(Edit::Answer {
            group: self.group,
            edit,
        });
        self.reevaluate();
        Some(from)
    }

    pub fn set_note(&mut self, text: String) -> bool {
        let qid = self.ruleset.questions[self.cursor.question].id.clone();
        let key = self.note_key(self.group, &qid);
        let before = self.doc.notes.get(&key).cloned();
        let after = (!text.trim().is_empty()).then_some(text);
        if before == after {
            return false;
        }
        self.put_note(&key, after.clone());
        self.history.record(Edit::Note {
            group: self.group,
            question: qid,
            before,
            after,
        });
        true
    }

    fn put_note(&mut self, key: &str, value: Option<String>) {
        match value {
            Some(v) => {
                self.doc.notes.insert(key.to_string(), v);
            }
            None => {
                self.doc.notes.remove(key);
            }
        }
    }

    /// Undoes (or with `redo`, redoes) the last change. Returns the change made, as the
    /// history recorded it (so the caller can say what it was).
    pub fn undo_redo(&mut self, redo: bool) -> Option<Edit> {
        let e = if redo {
            self.history.redo()
        } else {
            self.history.undo()
        };
        let e = e?;
        match &e {
            Edit::Answer { group, edit } => {
                self.group = (*group).min(self.group_count().saturating_sub(1));
                self.apply_answer(*group, edit, !redo);
                self.reevaluate();
                if let Some(q) = self.ruleset.question_index(&edit.question) {
                    self.cursor = wizard::at_question(&self.ruleset, self.answers(), q);
                    if let Some(ev) = self.current_eval() {
                        self.cursor =
                            wizard::settle(&self.ruleset, self.answers(), ev, &self.cursor);
                    }
                }
            }
            Edit::Note {
                group,
                question,
                before,
                after,
            } => {
                let key = self.note_key(*group, question);
                let value = if redo { after.clone() } else { before.clone() };
                self.put_note(&key, value);
            }
            Edit::Statement {
                group,
                before,
                after,
                ..
            } => {
                let value = if redo { after } else { before };
                self.put_statement(*group, value.as_deref().cloned());
            }
        }
        Some(e)
    }

    /// The acceptance statement of the group being answered, when it has one.
    pub fn statement(&self) -> Option<&Tailoring> {
        match &self.doc.answers {
            AnswerSet::Groups(gs) => gs.get(self.group).and_then(|g| g.tailoring.as_ref()),
            AnswerSet::Single(_) => None,
        }
    }

    /// Changes the statement of the group being answered: `change` edits a copy, and when
    /// the copy differs it replaces the statement (an empty one leaves the file) as one
    /// undoable edit named `what`. Returns whether anything changed.
    pub fn edit_statement(&mut self, what: &str, change: impl FnOnce(&mut Tailoring)) -> bool {
        if !matches!(self.doc.answers, AnswerSet::Groups(_)) {
            return false;
        }
        let before = self.statement().cloned();
        let mut next = before.clone().unwrap_or_default();
        change(&mut next);
        let after = (!next.is_empty()).then_some(next);
        if after == before {
            return false;
        }
        self.put_statement(self.group, after.clone());
        self.history.record(Edit::Statement {
            group: self.group,
            what: what.to_string(),
            before: before.map(Box::new),
            after: after.map(Box::new),
        });
        true
    }

    fn put_statement(&mut self, group: usize, value: Option<Tailoring>) {
        let AnswerSet::Groups(gs) = &mut self.doc.answers else {
            return;
        };
        let Some(g) = gs.get_mut(group) else { return };
        g.tailoring = value;
        let fresh = evaluate_group(&self.ruleset, g);
        if let SetEvaluation::Groups(evals) = &mut self.eval
            && let Some(e) = evals.get_mut(group)
        {
            *e = fresh;
        }
    }

    pub fn move_option(&mut self, delta: i32) {
        let n = wizard::option_count(&self.ruleset, self.cursor.question) as i32;
        if n > 0 {
            self.cursor.option = (self.cursor.option as i32 + delta).clamp(0, n - 1) as usize;
        }
    }

    pub fn move_row(&mut self, delta: i32) -> bool {
        let q = &self.ruleset.questions[self.cursor.question];
        let rows = q.categories.len() as i32;
        let row = self.cursor.row as i32 + delta;
        if rows == 0 || row < 0 || row >= rows {
            return false;
        }
        self.cursor.row = row as usize;
        self.cursor.option = wizard::shown_answer(
            &self.ruleset,
            self.answers(),
            self.cursor.question,
            self.cursor.row,
        )
        .unwrap_or(0);
        true
    }

    pub fn step(&mut self, delta: i32) {
        if let Some(e) = self.current_eval() {
            self.cursor = wizard::step(
                &self.ruleset,
                self.answers(),
                e,
                self.cursor.question,
                delta,
            );
        }
    }

    pub fn next_missing(&mut self) -> bool {
        let Some(e) = self.current_eval() else {
            return false;
        };
        match wizard::next_missing(&self.ruleset, self.answers(), e, self.cursor.question) {
            Some(q) => {
                self.cursor = wizard::at_question(&self.ruleset, self.answers(), q);
                true
            }
            None => false,
        }
    }

    /// Adds a user group named `name` and moves to it. Its id comes from the name's ASCII
    /// letters and digits, made unique.
    pub fn add_group(&mut self, name: &str) -> bool {
        let AnswerSet::Groups(gs) = &mut self.doc.answers else {
            return false;
        };
        let slug: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let base = if slug.is_empty() {
            "group".to_string()
        } else {
            slug
        };
        let mut id = base.clone();
        let mut n = 2;
        while gs.iter().any(|g| g.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        gs.push(Group {
            id,
            name: name.trim().to_string(),
            ..Group::default()
        });
        self.group = gs.len() - 1;
        self.eval = evaluate_set(&self.ruleset, &self.doc.answers);
        if let Some(e) = self.current_eval() {
            let first = wizard::steps(e).first().copied().unwrap_or(0);
            self.cursor = wizard::at_question(&self.ruleset, self.answers(), first);
        }
        true
    }

    /// Gives the group being answered a new name (its id, which the notes use, stays).
    pub fn rename_group(&mut self, name: &str) -> bool {
        let name = name.trim();
        let group = self.group;
        let AnswerSet::Groups(gs) = &mut self.doc.answers else {
            return false;
        };
        match gs.get_mut(group) {
            Some(g) if !name.is_empty() && g.name != name => {
                g.name = name.to_string();
                self.eval = evaluate_set(&self.ruleset, &self.doc.answers);
                true
            }
            _ => false,
        }
    }

    /// Removes the group being answered, with its notes; the last group stays. Not undoable
    /// (the dialog asks first).
    pub fn remove_group(&mut self) -> bool {
        let group = self.group;
        let AnswerSet::Groups(gs) = &mut self.doc.answers else {
            return false;
        };
        if gs.len() < 2 || group >= gs.len() {
            return false;
        }
        let removed = gs.remove(group);
        let prefix = format!("{}/", removed.id);
        self.doc.notes.retain(|k, _| !k.starts_with(&prefix));
        // Edits recorded for this group or those after it would now land on another group.
        self.history.clear();
        self.group = group.min(gs.len() - 1);
        self.eval = evaluate_set(&self.ruleset, &self.doc.answers);
        if let Some(e) = self.current_eval() {
            let first = wizard::steps(e).first().copied().unwrap_or(0);
            self.cursor = wizard::at_question(&self.ruleset, self.answers(), first);
        }
        true
    }

    pub fn switch_group(&mut self, delta: i32) {
        let n = self.group_count() as i32;
        if n > 1 {
            self.group = (self.group as i32 + delta).rem_euclid(n) as usize;
            if let Some(e) = self.current_eval() {
                let first = wizard::steps(e).first().copied().unwrap_or(0);
                self.cursor = wizard::at_question(&self.ruleset, self.answers(), first);
            }
        }
    }

    /// Answers that decided a level: (question index, matrix category if any).
    pub fn decisive(&self) -> Vec<(usize, Option<usize>)> {
        let Some(e) = self.current_eval() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for t in &e.targets {
            let facts = t
                .because
                .iter()
                .chain(t.floors.iter().flat_map(|f| &f.because));
            for f in facts {
                match *f {
                    crate::engine::Fact::Choice {
                        question,
                        assumed: false,
                        ..
                    } => out.push((question, None)),
                    crate::engine::Fact::Cell {
                        question,
                        category,
                        assumed: false,
                        ..
                    } => out.push((question, Some(category))),
                    _ => {}
                }
            }
        }
        out
    }
}
