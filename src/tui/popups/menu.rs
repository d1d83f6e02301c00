//! Drawing a pick list: the filter typed at the top, then the rows it lets through, the
//! highlighted one marked and kept in view.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::hint_line;
use crate::app::popup::menu::Menu;
use crate::app::{Action, Context};
use crate::tui::i18n::{self, Msg};
use crate::tui::keys::keymap::chain;
use crate::tui::paint::Ctx;
use crate::tui::widgets::{centred, text_input, truncate, wrap};

pub const CONTEXTS: &[Context] = &[Context::Pick, Context::Dialog];
/// The arrows go without saying; the keys a picker has that other lists do not are named.
pub const HINTS: &[Action] = &[Action::Choose, Action::DeleteToStart, Action::Back];

/// Sized for every item, so the box stays put while the filter narrows it.
pub fn area(items: usize, screen: Rect) -> Rect {
    centred(screen, 70, items as u16 + 4)
}

/// Draws the menu; returns its rows of content and of view, for the page's size.
pub fn draw<T>(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    title: String,
    menu: &Menu<T>,
    label: impl Fn(&T) -> String,
    area: Rect,
) -> Option<(usize, usize)> {
    draw_with(frame, cx, title, menu, label, HINTS, area)
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
) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let block = theme.block(title, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return None;
    }
    let w = inner.width as usize;
    // The filter's line: a prompt, then the field with the terminal's cursor in it.
    let prompt = "› ";
    let pw = (wrap::width(prompt) as u16).min(inner.width);
    frame.render_widget(
        Lines::new(prompt).style(theme.key),
        Rect::new(inner.x, inner.y, pw, 1),
    );
    let field = Rect::new(inner.x + pw, inner.y, inner.width - pw, 1);
    if menu.query.is_empty() {
        frame.render_widget(
            Lines::new(cx.t(Msg::TypeToFilter)).style(theme.muted),
            field,
        );
        frame.set_cursor_position((field.x, field.y));
    } else {
        text_input::render(&menu.query, frame, field, theme.text, true);
    }
    let room = inner.height.saturating_sub(2) as usize;
    let shown = menu.shown();
    let at = menu
        .highlighted()
        .and_then(|h| shown.iter().position(|&i| i == h))
        .unwrap_or(0);
    let first = at.saturating_sub(room.saturating_sub(1));
    let mut text: Vec<Line> = if shown.is_empty() {
        let close = cx
            .keymap
            .keys_for(chain(Context::Pick), Action::Back)
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        let query = crate::text::visible(menu.query.text());
        vec![Line::styled(
            truncate(&i18n::no_match_for(&query, &close, cx.lang), w),
            theme.muted,
        )]
    } else {
        shown
            .iter()
            .enumerate()
            .skip(first)
            .take(room)
            .map(|(row, &i)| {
                let on = row == at;
                let mark = if on { "▸" } else { " " };
                Line::styled(
                    truncate(&format!("{mark} {}", label(&menu.items[i])), w),
                    if on { theme.selection } else { theme.text },
                )
            })
            .collect()
    };
    // The hints keep the last row whatever the number of rows shown.
    text.resize(room, Line::default());
    text.push(hint_line(cx, CONTEXTS, hints, inner.width));
    let body = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    frame.render_widget(Lines::new(text), body);
    crate::tui::widgets::scrollbar(frame, area, shown.len(), first, room, theme.ascii);
    Some((shown.len(), room))
}
