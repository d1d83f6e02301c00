//! The open file changed on disk: reload it, or keep mine as a copy.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::hint_line;
use crate::app::popup::conflict::Conflict;
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::centred;
use crate::tui::widgets::para;

pub const CONTEXTS: &[Context] = &[Context::Conflict, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Reload, Action::KeepCopy];

pub fn area(screen: Rect) -> Rect {
    centred(screen, 64, 8)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, _c: &Conflict, area: Rect) {
    let theme = cx.theme;
    let block = theme.block(cx.t(Msg::ConflictTitle).to_string(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut text = para(cx.t(Msg::ConflictBody), inner.width as usize, theme.warn);
    text.push(hint_line(cx, CONTEXTS, HINTS, inner.width).style(theme.key));
    frame.render_widget(Paragraph::new(text), inner);
}
