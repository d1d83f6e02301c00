//! `i`: every question of the ruleset in order, with its state, to jump straight to one.

use super::Popup;
use super::menu::{Menu, Moved};
use crate::app::action::Action;
use crate::app::{App, Say, wizard};
use crate::text::Lang;

/// Where a question stands under the current answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Answered,
    /// Asked, some rows of a matrix answered: (answered, rows).
    Partly(usize, usize),
    /// Asked, required, not answered yet.
    Missing,
    /// Asked, optional, not answered.
    Optional,
    /// Not asked under the current answers.
    NotAsked,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionIndex {
    /// Question indices in ruleset order.
    pub menu: Menu<usize>,
    /// Each question's row: its state, its id and its answer, in the language it was opened
    /// in. Made once, as the answers cannot change while the dialog has the keys.
    pub labels: Vec<String>,
}

pub fn open(app: &mut App) {
    let Some(o) = &app.open else { return };
    let n = o.session.ruleset.questions.len();
    let labels: Vec<String> = (0..n).map(|i| label(app, i)).collect();
    let mut menu = Menu::with_texts((0..n).collect(), labels.clone());
    menu.selected = o.session.cursor.question;
    app.popup = Some(Popup::QuestionIndex(QuestionIndex { menu, labels }));
}

/// Question `q`'s row: the words the picker shows, which are also what its filter finds it by.
fn label(app: &App, q: usize) -> String {
    let Some(o) = &app.open else {
        return String::new();
    };
    let s = &o.session;
    let rs = &s.ruleset;
    let question = &rs.questions[q];
    let lang = app.lang;
    let word = |th: &str, en: &str| match lang {
        Lang::Th => th.to_string(),
        Lang::En => en.to_string(),
    };
    let (mark, value) = match state(app, q) {
        State::Answered => {
            let value = match question.kind {
                crate::ruleset::Kind::Impact => {
                    let rows = question.categories.len();
                    format!("{rows}/{rows}")
                }
                _ => wizard::current_answer(rs, s.answers(), q, 0)
                    .map(|o| question.options[o].label.get(lang).to_string())
                    .unwrap_or_default(),
            };
            ("●", value)
        }
        // A matrix begun: how far, not "missing".
        State::Partly(answered, rows) => ("○", format!("{answered}/{rows}")),
        State::Missing => ("○", word("ยังไม่ได้ตอบ", "missing")),
        State::Optional => ("◌", word("ไม่บังคับ", "optional")),
        State::NotAsked => ("–", word("ไม่ถูกถาม", "not asked")),
    };
    let star = if s.decisive().iter().any(|(dq, _)| *dq == q) {
        "★"
    } else {
        " "
    };
    format!("{mark}{star} {}  {value}", question.id)
}

/// The state of question `q` in the open assessment (the group being answered).
pub fn state(app: &App, q: usize) -> State {
    let Some(o) = &app.open else {
        return State::NotAsked;
    };
    let s = &o.session;
    let Some(e) = s.current_eval() else {
        return State::NotAsked;
    };
    let (answered, rows) = wizard::answered_rows(&s.ruleset, s.answers(), q);
    if !e.asked.get(q).copied().unwrap_or(false) {
        State::NotAsked
    } else if answered == rows {
        State::Answered
    } else if answered > 0 {
        State::Partly(answered, rows)
    } else if s.ruleset.questions[q].optional {
        State::Optional
    } else {
        State::Missing
    }
}

pub(super) fn handle(app: &App, mut p: QuestionIndex, action: Action) -> super::Reply {
    use super::{Ask, Reply};
    match p.menu.apply(action) {
        Moved::Chosen(q) if state(app, q) == State::NotAsked => {
            let id = app
                .open
                .as_ref()
                .map(|o| o.session.ruleset.questions[q].id.clone())
                .unwrap_or_default();
            Reply::stay(Popup::QuestionIndex(p)).ask(Ask::Say(Say::NotAsked { question: id }))
        }
        Moved::Chosen(q) => Reply::close().ask(Ask::GoToQuestion(q)),
        Moved::Stay if action == Action::Back => Reply::close(),
        Moved::Stay => Reply::stay(Popup::QuestionIndex(p)),
    }
}
