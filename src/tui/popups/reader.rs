//! A text to read and scroll.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::popup::reader::Reader;
use crate::app::{Action, Context};
use crate::tui::i18n;
use crate::tui::paint::Ctx;
use crate::tui::widgets::centred;
use crate::tui::widgets::para;

pub const CONTEXTS: &[Context] = &[Context::Reader, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Down, Action::Up, Action::Back];

pub fn area(r: &Reader, screen: Rect) -> Rect {
    let h = (r.lines.len() as u16 + 3).min(screen.height.saturating_sub(2));
    centred(screen, screen.width.saturating_sub(4), h)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, r: &Reader, area: Rect) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let block = theme.block(i18n::title(&r.title, cx.lang), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut text: Vec<Line> = Vec::new();
    for m in &r.lines {
        text.extend(para(m, w, theme.text));
    }
    super::scrolled_with_hints(
        frame,
        cx,
        text,
        &r.scroll,
        (area, inner),
        (CONTEXTS, HINTS),
        ratatui::style::Style::new(),
    )
}
