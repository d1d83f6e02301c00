//! Pieces the views are drawn with: Thai-safe wrapping of styled text, the text field.

pub mod lines;
pub mod text_input;
pub mod wrap;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use lines::Lines;

/// Wrapped paragraph lines in one style. Text from files passes the one sanitizer first: a
/// control character shows as `\u{1b}` rather than reaching the terminal (or vanishing).
pub fn para(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let text = crate::text::visible_lines(text);
    wrap::display(&text, width.max(1))
        .into_iter()
        .map(|s| Line::styled(s.to_string(), style))
        .collect()
}

/// Cuts a string to `width` cells at a grapheme boundary; a cut shows as "…" in the last
/// cell, so a reader knows there is more.
pub fn truncate(s: &str, width: usize) -> String {
    let s = crate::text::visible(s);
    let s = s.as_ref();
    let (cut, _) = crate::text::cut_to_width(s, width);
    if cut.len() == s.len() || width == 0 {
        return cut.to_string();
    }
    let (room, _) = crate::text::cut_to_width(s, width - 1);
    format!("{}…", room.trim_end())
}

/// `lines` in `body`, the scrolling part of the pane `area` (with its border), from line
/// `first`; the pane's scrollbar runs along `body`'s rows when they do not all fit.
pub fn scrolled_body(
    frame: &mut ratatui::Frame<'_>,
    area: Rect,
    body: Rect,
    lines: Vec<Line<'static>>,
    first: usize,
    ascii: bool,
) {
    let total = lines.len();
    frame.render_widget(Lines::new(lines).first(first), body);
    scrollbar(
        frame,
        Rect::new(
            area.x,
            body.y.saturating_sub(1),
            area.width,
            body.height + 2,
        ),
        total,
        first,
        usize::from(body.height),
        ascii,
    );
}

/// A scrollbar on the right edge of `area` (a pane with its border) when `total` lines do not
/// fit in `visible`; `first` is the first line shown.
pub fn scrollbar(
    frame: &mut ratatui::Frame<'_>,
    area: Rect,
    total: usize,
    first: usize,
    visible: usize,
    ascii: bool,
) {
    use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};
    if total <= visible || area.height < 3 {
        return;
    }
    let mut state = ScrollbarState::new(total.saturating_sub(visible))
        .position(first)
        .viewport_content_length(visible);
    let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_symbol(Some(if ascii { "|" } else { "│" }))
        .thumb_symbol(if ascii { "#" } else { "┃" });
    frame.render_stateful_widget(
        bar,
        area.inner(ratatui::layout::Margin {
            horizontal: 0,
            vertical: 1,
        }),
        &mut state,
    );
}

/// Centres a box of at most `w`×`h` cells on the screen, a cell from its edges.
pub fn centred(screen: Rect, w: u16, h: u16) -> Rect {
    let w = w
        .min(screen.width.saturating_sub(2))
        .max(10)
        .min(screen.width);
    let h = h
        .min(screen.height.saturating_sub(2))
        .max(3)
        .min(screen.height);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_says_so_and_keeps_thai_whole() {
        assert_eq!(truncate("Revenue Department", 10), "Revenue D…");
        assert_eq!(truncate("Revenue Department", 8), "Revenue…");
        assert_eq!(truncate("Revenue", 10), "Revenue");
        assert_eq!(truncate("กรมสรรพากร", 6), "กรมสร…");
        assert_eq!(crate::text::wrap::width(&truncate("ผู้ใช้บริการ", 4)), 4);
    }

    #[test]
    fn a_centred_box_stays_on_screen() {
        let s = Rect::new(0, 0, 40, 12);
        let b = centred(s, 76, 30);
        assert_eq!((b.width, b.height), (38, 10));
        assert_eq!((b.x, b.y), (1, 1));
        let tiny = centred(Rect::new(0, 0, 8, 2), 76, 30);
        assert!(tiny.width <= 8 && tiny.height <= 2);
    }
}
