//! Problems to read before going on.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::hint_line;
use crate::app::popup::message::Message;
use crate::app::{Action, Context};
use crate::tui::i18n;
use crate::tui::paint::Ctx;
use crate::tui::widgets::centred;
use crate::tui::widgets::para;

pub const CONTEXTS: &[Context] = &[Context::Reader, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Choose, Action::Back];

pub fn area(m: &Message, screen: Rect) -> Rect {
    centred(screen, 76, (m.lines.len() as u16 + 4).max(6))
}

pub fn draw(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    m: &Message,
    area: Rect,
) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let block = theme.block(i18n::title(&m.title, cx.lang), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut text: Vec<Line> = Vec::new();
    for say in &m.lines {
        text.extend(para(
            &i18n::say(say, cx.lang),
            inner.width as usize,
            theme.error,
        ));
    }
    let view = usize::from(inner.height.saturating_sub(1));
    let content = text.len();
    let scroll = m.scroll.offset().min(content.saturating_sub(view));
    let mut shown: Vec<Line> = text.into_iter().skip(scroll).take(view).collect();
    shown.push(hint_line(cx, CONTEXTS, HINTS, inner.width));
    frame.render_widget(Lines::new(shown), inner);
    Some((content, view))
}
