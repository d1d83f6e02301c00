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

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, e: &Export, area: Rect) {
    let label = |f: &Format| {
        match f {
            Format::Markdown => "Markdown (.md)",
            Format::Html => "HTML (.html, A4)",
            Format::Json => "JSON (.json)",
            Format::Xlsx => "Excel (.xlsx)",
        }
        .to_string()
    };
    menu::draw(
        frame,
        cx,
        cx.t(Msg::ExportTitle).to_string(),
        &e.menu,
        label,
        area,
    );
}
