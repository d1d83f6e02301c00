//! `x`: which report to write.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::menu;
use crate::app::popup::export::{Export, Format};
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;

pub const CONTEXTS: &[Context] = menu::CONTEXTS;
pub const HINTS: &[Action] = menu::HINTS;

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, e: &Export, area: Rect) -> Option<(usize, usize)> {
    menu::draw(
        frame,
        cx,
        cx.t(Msg::ExportTitle).to_string(),
        &e.menu,
        |f: &Format| f.label().to_string(),
        area,
    )
}
