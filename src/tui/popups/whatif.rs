//! `w`: which level to plan for (every level first).

use ratatui::Frame;
use ratatui::layout::Rect;

use super::menu;
use crate::app::popup::whatif::Whatif;
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;

pub const CONTEXTS: &[Context] = menu::CONTEXTS;
pub const HINTS: &[Action] = menu::HINTS;

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, w: &Whatif, area: Rect) -> Option<(usize, usize)> {
    menu::draw(
        frame,
        cx,
        cx.t(Msg::WhatifChoose).to_string(),
        &w.menu,
        |c| w.label(c),
        area,
    )
}
