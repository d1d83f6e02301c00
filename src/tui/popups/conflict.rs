//! The open file changed on disk: what differs, then reload, keep mine as a copy, or write
//! mine over theirs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::hint_line;
use crate::app::popup::conflict::Conflict;
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::{centred, para, truncate};

pub const CONTEXTS: &[Context] = &[Context::Conflict, Context::Reader, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Reload, Action::KeepCopy, Action::Overwrite];

pub fn area(c: &Conflict, screen: Rect) -> Rect {
    centred(screen, 76, c.differences.len() as u16 * 2 + 8)
}

pub fn draw(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    c: &Conflict,
    area: Rect,
) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let block = theme.block(cx.t(Msg::ConflictTitle).to_string(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines = para(cx.t(Msg::ConflictBody), w, theme.warn);
    let none = cx.t(Msg::NoValue);
    for d in &c.differences {
        lines.push(Line::styled(truncate(&d.what, w), theme.title));
        let side = |label: Msg, value: &Option<String>| {
            Line::from(vec![
                Span::styled(format!("  {} ", cx.t(label)), theme.muted),
                Span::raw(truncate(
                    value.as_deref().unwrap_or(none),
                    w.saturating_sub(12),
                )),
            ])
        };
        lines.push(side(Msg::Mine, &d.mine));
        lines.push(side(Msg::OnDisk, &d.theirs));
    }
    let [body, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let view = usize::from(body.height);
    let content = lines.len();
    let scroll = c.scroll.offset().min(content.saturating_sub(view));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), body);
    frame.render_widget(
        Paragraph::new(hint_line(cx, CONTEXTS, HINTS, hint.width).style(theme.key)),
        hint,
    );
    Some((content, view))
}
