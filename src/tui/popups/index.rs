//! `i`: every question with its state, to jump to one.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::menu;
use crate::app::popup::index::{QuestionIndex, State, state};
use crate::app::{Action, Context, wizard};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;

pub const CONTEXTS: &[Context] = menu::CONTEXTS;
pub const HINTS: &[Action] = &[Action::Choose, Action::Back];

pub fn area(q: &QuestionIndex, screen: Rect) -> Rect {
    menu::area(q.menu.items.len(), screen)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, q: &QuestionIndex, area: Rect) {
    let app = cx.app;
    let Some(open) = &app.open else { return };
    let s = &open.session;
    let rs = &s.ruleset;
    let decisive = s.decisive();
    let label = |&i: &usize| {
        let question = &rs.questions[i];
        let (mark, value) = match state(app, i) {
            State::Answered => {
                let value = match question.kind {
                    crate::ruleset::Kind::Impact => {
                        let rows = question.categories.len();
                        format!("{rows}/{rows}")
                    }
                    _ => wizard::current_answer(rs, s.answers(), i, 0)
                        .map(|o| question.options[o].label.get(cx.lang).to_string())
                        .unwrap_or_default(),
                };
                ("●", value)
            }
            // A matrix begun: how far, not "missing".
            State::Partly(answered, rows) => ("○", format!("{answered}/{rows}")),
            State::Missing => ("○", cx.t(Msg::Missing).to_string()),
            State::Optional => ("◌", cx.t(Msg::Optional).to_string()),
            State::NotAsked => ("–", cx.t(Msg::NotAsked).to_string()),
        };
        let star = if decisive.iter().any(|(dq, _)| *dq == i) {
            "★"
        } else {
            " "
        };
        format!("{mark}{star} {}  {value}", question.id)
    };
    menu::draw_with(
        frame,
        cx,
        cx.t(Msg::AllQuestions).to_string(),
        &q.menu,
        label,
        HINTS,
        area,
    );
}
