//! Pieces the views are drawn with: Thai-safe wrapping of styled text, the text field.

pub mod text_input;
pub mod wrap;

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
