//! The name of a new user group.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::hint_line;
use crate::app::popup::group_name::GroupName;
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::centred;
use crate::tui::widgets::text_input;

pub const CONTEXTS: &[Context] = &[Context::Text, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Choose, Action::Back];

pub fn area(screen: Rect) -> Rect {
    centred(screen, 60, 5)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, g: &GroupName, area: Rect) {
    let theme = cx.theme;
    let block = theme.block(
        format!("{} · {}", cx.t(Msg::UserGroup), cx.t(Msg::NewGroupName)),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [text_area, hint] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    text_input::render(&g.field, frame, text_area, theme.selection, true);
    frame.render_widget(Lines::new(hint_line(cx, CONTEXTS, HINTS, hint.width)), hint);
}
