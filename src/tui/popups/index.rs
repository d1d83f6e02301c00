//! `i`: every question with its state, to jump to one.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::menu;
use crate::app::popup::index::QuestionIndex;
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;

pub const CONTEXTS: &[Context] = menu::CONTEXTS;
pub const HINTS: &[Action] = menu::HINTS;

pub fn area(q: &QuestionIndex, screen: Rect) -> Rect {
    menu::area(q.menu.items.len(), screen)
}

pub fn draw(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    q: &QuestionIndex,
    area: Rect,
) -> Option<(usize, usize)> {
    menu::draw(
        frame,
        cx,
        cx.t(Msg::AllQuestions).to_string(),
        &q.menu,
        |&i| q.labels.get(i).cloned().unwrap_or_default(),
        area,
    )
}
