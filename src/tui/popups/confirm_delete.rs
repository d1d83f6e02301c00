//! "Delete this service?"

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::hint_line;
use crate::app::popup::confirm_delete::ConfirmDelete;
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::centred;
use crate::tui::widgets::para;

pub const CONTEXTS: &[Context] = &[Context::Confirm, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Yes, Action::No];

pub fn area(screen: Rect) -> Rect {
    centred(screen, 60, 7)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, d: &ConfirmDelete, area: Rect) {
    let theme = cx.theme;
    let block = theme.block(cx.t(Msg::ConfirmDeleteTitle).to_string(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut text = para(
        &format!("{} «{}»", cx.t(Msg::ConfirmDeleteBody), d.name),
        inner.width as usize,
        theme.text,
    );
    text.push(hint_line(cx, CONTEXTS, HINTS, inner.width).style(theme.key));
    frame.render_widget(Paragraph::new(text), inner);
}
