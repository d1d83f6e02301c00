//! `T`: deleted assessments, to put one back.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::menu;
use crate::app::popup::trash::{self, Trash};
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;

pub const CONTEXTS: &[Context] = menu::CONTEXTS;
pub const HINTS: &[Action] = menu::HINTS;

pub fn area(t: &Trash, screen: Rect) -> Rect {
    menu::area(t.menu.items.len(), screen)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, t: &Trash, area: Rect) -> Option<(usize, usize)> {
    menu::draw(
        frame,
        cx,
        cx.t(Msg::TrashTitle).to_string(),
        &t.menu,
        trash::label,
        area,
    )
}
