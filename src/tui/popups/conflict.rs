//! The open file changed on disk: what differs, then reload, keep mine as a copy, or write
//! mine over theirs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

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
    // The open assessment's ruleset names the answers' values (in Thai, `no (ไม่ใช่)`).
    let rs = cx.app.open.as_ref().map(|o| &o.session.ruleset);
    for d in &c.differences {
        lines.push(Line::styled(truncate(&d.what, w), theme.title));
        let side = |label: Msg, value: &Option<String>| {
            let shown = match (value, rs) {
                (Some(v), Some(rs)) => crate::report::facts::named_value(rs, &d.what, v, cx.lang),
                (Some(v), None) => v.clone(),
                (None, _) => none.to_string(),
            };
            Line::from(vec![
                Span::styled(format!("  {} ", cx.t(label)), theme.muted),
                Span::raw(truncate(&shown, w.saturating_sub(12))),
            ])
        };
        lines.push(side(Msg::Mine, &d.mine));
        lines.push(side(Msg::OnDisk, &d.theirs));
    }
    super::scrolled_with_hints(
        frame,
        cx,
        lines,
        &c.scroll,
        (area, inner),
        (CONTEXTS, HINTS),
        theme.key,
    )
}
