//! "Are you sure?": delete, remove a group, write over the other version.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::hint_line;
use crate::app::popup::confirm::{About, Confirm};
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::{centred, para};

pub const CONTEXTS: &[Context] = &[Context::Confirm, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Yes, Action::No];

pub fn area(screen: Rect) -> Rect {
    centred(screen, 60, 7)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, c: &Confirm, area: Rect) {
    let theme = cx.theme;
    let (title, body, name) = match &c.about {
        About::Delete { name, .. } => (Msg::ConfirmDeleteTitle, Msg::ConfirmDeleteBody, name),
        About::RemoveGroup { name } => (Msg::RemoveGroupTitle, Msg::RemoveGroupBody, name),
        About::Overwrite { service } => (Msg::OverwriteTitle, Msg::OverwriteBody, service),
    };
    let block = theme.block(cx.t(title).to_string(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut text = para(
        &format!("{} «{name}»", cx.t(body)),
        inner.width as usize,
        theme.text,
    );
    text.push(hint_line(cx, CONTEXTS, HINTS, inner.width).style(theme.key));
    frame.render_widget(Paragraph::new(text), inner);
}
