//! `C`: what to compare the assessment with.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::menu;
use crate::app::popup::compare::Compare;
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;

pub const CONTEXTS: &[Context] = menu::CONTEXTS;
pub const HINTS: &[Action] = menu::HINTS;

pub fn draw(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    c: &Compare,
    area: Rect,
) -> Option<(usize, usize)> {
    menu::draw(
        frame,
        cx,
        cx.t(Msg::CompareWith).to_string(),
        &c.menu,
        |t| t.label(c.lang),
        area,
    )
}
