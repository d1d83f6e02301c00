//! Pieces the views are drawn with: Thai-safe wrapping of styled text, the text field.

pub mod text_input;
pub mod wrap;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

/// Wrapped paragraph lines in one style.
pub fn para(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap::display(text, width.max(1))
        .into_iter()
        .map(|s| Line::styled(s.to_string(), style))
        .collect()
}

/// Cuts a string to `width` cells at a grapheme boundary.
pub fn truncate(s: &str, width: usize) -> String {
    crate::text::cut_to_width(s, width).0.to_string()
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
    fn a_centred_box_stays_on_screen() {
        let s = Rect::new(0, 0, 40, 12);
        let b = centred(s, 76, 30);
        assert_eq!((b.width, b.height), (38, 10));
        assert_eq!((b.x, b.y), (1, 1));
        let tiny = centred(Rect::new(0, 0, 8, 2), 76, 30);
        assert!(tiny.width <= 8 && tiny.height <= 2);
    }
}
