//! The one table of the symbols the interface draws and what stands for each on a terminal
//! that cannot show them (a non-UTF-8 locale, `--ascii`, `ascii_borders = true`).
//!
//! The fallback is applied to the finished frame ([`to_ascii`]), not at each place a symbol
//! is drawn: a symbol that comes from a shared sentence (a reason's "→", a cut's "…") is then
//! caught too, and a new symbol needs one line here. Every fallback is one cell wide, as its
//! symbol is, so the layout does not move.

use ratatui::buffer::Buffer;

/// Each symbol and its ASCII stand-in, one cell each.
pub const TABLE: &[(&str, &str)] = &[
    // marks in lists and questions
    ("✓", "+"),
    ("…", "~"),
    ("●", "*"),
    ("○", "o"),
    ("◌", "."),
    ("★", "!"),
    ("›", ">"),
    ("▸", ">"),
    ("▶", ">"),
    ("◂", "<"),
    ("•", "*"),
    ("·", "-"),
    ("→", ">"),
    ("←", "<"),
    ("↑", "^"),
    ("↓", "v"),
    ("⇄", "="),
    ("–", "-"),
    ("—", "-"),
    ("≥", ">"),
    ("≤", "<"),
    ("“", "\""),
    ("”", "\""),
    ("‘", "'"),
    ("’", "'"),
    // borders and scrollbars
    ("─", "-"),
    ("━", "-"),
    ("│", "|"),
    ("┃", "#"),
    ("┌", "+"),
    ("┐", "+"),
    ("└", "+"),
    ("┘", "+"),
    ("├", "+"),
    ("┤", "+"),
    ("┬", "+"),
    ("┴", "+"),
    ("┼", "+"),
    ("█", "#"),
    ("░", ":"),
    ("▲", "^"),
    ("▼", "v"),
];

/// The stand-in for one cell's symbol, if it has one.
pub fn fallback(symbol: &str) -> Option<&'static str> {
    TABLE.iter().find(|(s, _)| *s == symbol).map(|(_, a)| *a)
}

/// Replaces every symbol of [`TABLE`] in a drawn frame by its stand-in. Text from files and
/// Thai words are not symbols and stay as they are.
pub fn to_ascii(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        let sym = cell.symbol();
        if sym.is_ascii() {
            continue;
        }
        if let Some(a) = fallback(sym) {
            cell.set_symbol(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn every_stand_in_is_one_ascii_cell_like_its_symbol() {
        for (s, a) in TABLE {
            assert!(a.is_ascii() && a.width() == 1, "{a:?}");
            assert_eq!(s.width(), 1, "{s:?}");
        }
        let mut seen = std::collections::HashSet::new();
        assert!(
            TABLE.iter().all(|(s, _)| seen.insert(*s)),
            "each symbol once"
        );
    }

    #[test]
    fn a_frame_keeps_its_text_and_loses_its_symbols() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "›● ไทย → a…", ratatui::style::Style::new());
        to_ascii(&mut buf);
        let row: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(row, ">* ไทย > a~ ");
    }
}
