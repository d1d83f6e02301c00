//! Drawing a pick list: numbered rows, the highlighted one marked, scrolled to stay in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::hint_line;
use crate::app::popup::menu::Menu;
use crate::app::{Action, Context};
use crate::tui::paint::Ctx;
use crate::tui::widgets::centred;
use crate::tui::widgets::truncate;

pub const CONTEXTS: &[Context] = &[Context::Pick, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Choose, Action::Pick1, Action::Back];

pub fn area(items: usize, screen: Rect) -> Rect {
    centred(screen, 70, items as u16 + 4)
}

pub fn draw<T>(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    title: String,
    menu: &Menu<T>,
    label: impl Fn(&T) -> String,
    area: Rect,
) {
    draw_with(frame, cx, title, menu, label, HINTS, area);
}

/// [`draw`] with the dialog's own hints.
pub fn draw_with<T>(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    title: String,
    menu: &Menu<T>,
    label: impl Fn(&T) -> String,
    hints: &[Action],
    area: Rect,
) {
    let theme = cx.theme;
    let block = theme.block(title, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let room = inner.height.saturating_sub(1) as usize;
    let first = menu.selected.saturating_sub(room.saturating_sub(1));
    let mut text: Vec<Line> = menu
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(room)
        .map(|(i, item)| {
            let mark = if i == menu.selected { "›" } else { " " };
            let n = if i < 9 {
                format!("{}", i + 1)
            } else {
                " ".into()
            };
            Line::styled(
                truncate(&format!("{mark}{n} {}", label(item)), w),
                if i == menu.selected {
                    theme.selection
                } else {
                    theme.text
                },
            )
        })
        .collect();
    text.push(hint_line(cx, CONTEXTS, hints, inner.width));
    frame.render_widget(Paragraph::new(text), inner);
    crate::tui::widgets::scrollbar(frame, area, menu.items.len(), first, room, theme.ascii);
}
