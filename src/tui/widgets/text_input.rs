//! Drawing a [`TextInput`]: the text as it fits the area, and the terminal's real cursor after
//! the cluster before it. Nothing in the text is restyled for a cursor, so no Thai mark is
//! hidden, and nothing is remembered between frames: the view shows the part around the cursor.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::wrap;
use crate::app::text_input::TextInput;

/// Draws the field in `area`; when focused the terminal's cursor goes where typing goes.
pub fn render(field: &TextInput, frame: &mut Frame<'_>, area: Rect, style: Style, focused: bool) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if !focused && !field.is_multiline() {
        // A field not being typed in shows its start (a name is read from its first word),
        // cut with "…" where it does not fit; the part around the cursor is for typing.
        let shown = super::truncate(field.text(), usize::from(area.width));
        frame.render_widget(Lines::new(Line::from(shown)).style(style), area);
        return;
    }
    let (lines, pos) = layout(field, area);
    frame.render_widget(Lines::new(lines).style(style), area);
    if focused {
        frame.set_cursor_position(pos);
    }
}

/// Where the cursor goes when the field is drawn in `area`.
pub fn cursor_position(field: &TextInput, area: Rect) -> Position {
    layout(field, area).1
}

fn layout(field: &TextInput, area: Rect) -> (Vec<Line<'_>>, Position) {
    let width = usize::from(area.width);
    let text = field.text();
    if !field.is_multiline() {
        let col = wrap::width(&text[..field.cursor()]);
        // The cursor stays in the last column while the text before it is longer.
        let scroll = (col + 1).saturating_sub(width);
        let line = Line::from(visible_slice(text, scroll, width));
        return (
            vec![line],
            Position::new(area.x + (col - scroll) as u16, area.y),
        );
    }
    // One cell is kept free so the cursor after a full row stays inside the field.
    let rows = field.rows(width.saturating_sub(1).max(1));
    let (row, col) = field.locate(&rows);
    let height = usize::from(area.height);
    let scroll = (row + 1).saturating_sub(height);
    let lines = rows
        .iter()
        .skip(scroll)
        .take(height)
        .map(|r| Line::from(text[r.clone()].trim_end_matches([' ', '\n'])))
        .collect();
    let x = col.min(width.saturating_sub(1));
    (
        lines,
        Position::new(area.x + x as u16, area.y + (row - scroll) as u16),
    )
}

/// The clusters of `text` that fall in cells `[from, from + width)`; a wide cluster cut by the
/// left edge becomes a space so the rest keeps its place.
fn visible_slice(text: &str, from: usize, width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for g in text.graphemes(true) {
        let w = UnicodeWidthStr::width(g);
        if col + w <= from {
            col += w;
            continue;
        }
        if col < from {
            out.push(' ');
            col += w;
            continue;
        }
        if col + w > from + width {
            break;
        }
        out.push_str(g);
        col += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::Action;

    fn draw(f: &TextInput, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|fr| render(f, fr, fr.area(), Style::new(), true))
            .unwrap();
        t
    }

    #[test]
    fn the_real_cursor_sits_after_the_cluster_and_marks_stay_drawn() {
        let mut f = TextInput::single_line().with_text("กิ๊กน้ำ");
        f.apply(Action::Left);
        let mut t = draw(&f, 20, 1);
        // กิ๊ (1 cell) ก (1 cell): the cursor is at cell 2, before น้ำ.
        t.backend_mut().assert_cursor_position(Position::new(2, 0));
        let buf = t.backend().buffer();
        assert_eq!(buf[(0, 0)].symbol(), "กิ๊");
        assert_eq!(buf[(1, 0)].symbol(), "ก");
        assert_eq!(buf[(2, 0)].symbol(), "น้ำ");
    }

    #[test]
    fn a_long_line_shows_the_part_around_the_cursor() {
        let mut f = TextInput::single_line().with_text("abcdefghijklmnop");
        let mut t = draw(&f, 5, 1);
        t.backend_mut().assert_cursor_position(Position::new(4, 0));
        assert_eq!(t.backend().buffer()[(0, 0)].symbol(), "m");
        f.apply(Action::LineStart);
        let mut t = draw(&f, 5, 1);
        t.backend_mut().assert_cursor_position(Position::new(0, 0));
        assert_eq!(t.backend().buffer()[(0, 0)].symbol(), "a");
    }

    #[test]
    fn several_lines_wrap_thai_and_keep_the_cursor_row_in_view() {
        let f = TextInput::multi_line().with_text("ระดับความน่าเชื่อถือ\nของ");
        // Rows at 10 cells: "ระดับความน่า" | "เชื่อถือ" | "ของ".
        assert_eq!(
            cursor_position(&f, Rect::new(0, 0, 11, 5)),
            Position::new(3, 2)
        );
        // Two rows of room: the cursor's row is the last one shown.
        let t = draw(&f, 11, 2);
        assert_eq!(t.backend().buffer()[(0, 1)].symbol(), "ข");
        assert_eq!(t.backend().buffer()[(0, 0)].symbol(), "เ");
    }

    #[test]
    fn the_cursor_sits_where_rows_break() {
        let area = Rect::new(0, 0, 6, 4);
        // "hello " wraps before "world" at five cells: its start is row 1, column 0.
        let mut g = TextInput::multi_line().with_text("hello world");
        g.apply(Action::LineStart);
        for _ in 0..6 {
            g.apply(Action::Right);
        }
        assert_eq!(cursor_position(&g, area), Position::new(0, 1));
    }
}
