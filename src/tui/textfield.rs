//! A small text field that edits by grapheme cluster. Thai stacks vowels and tone marks on a
//! consonant ("กิ๊", "น้ำ"); moving or deleting by code point would leave a mark without its
//! consonant, and drawing a fake cursor by styling a cell hides the marks of that cell. So the
//! cursor moves over whole clusters and is the terminal's real cursor.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::wrap;

#[derive(Clone, Debug, Default)]
pub struct TextField {
    text: String,
    /// Byte offset, always on a grapheme-cluster boundary.
    cursor: usize,
    multiline: bool,
    /// First visible cell (one line) or first visible row (several), kept by `render` so the
    /// cursor stays in view.
    scroll: Cell<usize>,
    /// The width last drawn at, so Up and Down move by the rows the user sees.
    last_width: Cell<usize>,
}

impl TextField {
    pub fn single_line() -> TextField {
        TextField::default()
    }

    pub fn multi_line() -> TextField {
        TextField {
            multiline: true,
            ..TextField::default()
        }
    }

    /// The field holding `text`, with the cursor at its end.
    pub fn with_text(mut self, text: &str) -> TextField {
        self.set_text(text);
        self
    }

    pub fn set_text(&mut self, text: &str) {
        self.text = self.clean(text);
        self.cursor = self.text.len();
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn clean(&self, s: &str) -> String {
        s.chars()
            .filter_map(|c| match c {
                '\n' if self.multiline => Some('\n'),
                '\n' | '\t' => Some(' '),
                '\r' => None,
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect()
    }

    pub fn insert_char(&mut self, c: char) {
        let mut buf = [0; 4];
        self.insert_str(c.encode_utf8(&mut buf));
    }

    /// Inserts typed or pasted text at the cursor. A mark typed after a consonant joins its
    /// cluster, and the cursor stays after the whole cluster.
    pub fn insert_str(&mut self, s: &str) {
        let s = self.clean(s);
        if s.is_empty() {
            return;
        }
        self.text.insert_str(self.cursor, &s);
        self.cursor += s.len();
        self.cursor = self.boundary_at_or_after(self.cursor);
    }

    pub fn insert_newline(&mut self) {
        if self.multiline {
            self.insert_str("\n");
        }
    }

    fn boundary_at_or_after(&self, at: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(i, g)| (i, i + g.len()))
            .find(|(s, e)| *s < at && at < *e)
            .map_or(at, |(_, e)| e)
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    pub fn left(&mut self) {
        self.cursor = self.prev_boundary();
    }

    pub fn right(&mut self) {
        self.cursor = self.next_boundary();
    }

    /// Deletes the cluster before the cursor: a consonant with all its marks.
    pub fn backspace(&mut self) {
        let start = self.prev_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Deletes the cluster after the cursor.
    pub fn delete(&mut self) {
        let end = self.next_boundary();
        self.text.replace_range(self.cursor..end, "");
    }

    /// Deletes back to the previous word start (Thai words found by dictionary).
    pub fn delete_word_back(&mut self) {
        let line_start = self.line_start();
        let before = &self.text[line_start..self.cursor];
        let trimmed = before.trim_end().len();
        let start = wrap::break_points(&before[..trimmed])
            .into_iter()
            .rev()
            .find(|&p| p < trimmed)
            .unwrap_or(0);
        self.text.replace_range(line_start + start..self.cursor, "");
        self.cursor = line_start + start;
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }

    pub fn home(&mut self) {
        self.cursor = self.line_start();
    }

    pub fn end(&mut self) {
        self.cursor = self.line_end();
    }

    pub fn delete_to_start(&mut self) {
        let s = self.line_start();
        self.text.replace_range(s..self.cursor, "");
        self.cursor = s;
    }

    pub fn delete_to_end(&mut self) {
        let e = self.line_end();
        self.text.replace_range(self.cursor..e, "");
    }

    /// Moves to the row above as drawn, keeping the column as near as clusters allow.
    pub fn up(&mut self) {
        self.move_rows(-1);
    }

    pub fn down(&mut self) {
        self.move_rows(1);
    }

    fn move_rows(&mut self, by: isize) {
        if !self.multiline {
            return;
        }
        let rows = self.rows(self.wrap_width());
        let (row, col) = locate(&rows, &self.text, self.cursor);
        let Some(target) = row.checked_add_signed(by).filter(|r| *r < rows.len()) else {
            return;
        };
        let r = rows[target].clone();
        let content = self.text[r.clone()].trim_end_matches('\n');
        let mut at = r.start;
        let mut used = 0;
        for g in content.graphemes(true) {
            let w = UnicodeWidthStr::width(g);
            if used + w > col {
                break;
            }
            used += w;
            at += g.len();
        }
        self.cursor = at;
    }

    fn wrap_width(&self) -> usize {
        match self.last_width.get() {
            // Not drawn yet: rows are the lines as typed.
            0 => usize::MAX,
            // One cell is kept free so the cursor after a full row stays inside the field.
            w => w.saturating_sub(1).max(1),
        }
    }

    /// Byte ranges of the rows as drawn at `width`; text ending in a newline gets an empty last
    /// row for the cursor to sit on.
    fn rows(&self, width: usize) -> Vec<std::ops::Range<usize>> {
        let mut rows = Vec::new();
        let mut at = 0;
        for piece in wrap::wrap(&self.text, width) {
            rows.push(at..at + piece.len());
            at += piece.len();
        }
        if self.text.ends_with('\n') {
            rows.push(self.text.len()..self.text.len());
        }
        rows
    }

    /// Applies an editing key; false when the key is not the field's (Enter, Esc, Tab, …), so
    /// the dialog can act on it.
    pub fn handle_key(&mut self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match ev.code {
            KeyCode::Char('a') if ctrl => self.home(),
            KeyCode::Char('e') if ctrl => self.end(),
            KeyCode::Char('b') if ctrl => self.left(),
            KeyCode::Char('f') if ctrl => self.right(),
            KeyCode::Char('u') if ctrl => self.delete_to_start(),
            KeyCode::Char('k') if ctrl => self.delete_to_end(),
            KeyCode::Char('w') if ctrl => self.delete_word_back(),
            KeyCode::Char('j') if ctrl && self.multiline => self.insert_newline(),
            KeyCode::Char(_) if ctrl || alt => return false,
            KeyCode::Char(c) => self.insert_char(c),
            KeyCode::Enter if alt && self.multiline => self.insert_newline(),
            KeyCode::Backspace if alt => self.delete_word_back(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            KeyCode::Up if self.multiline => self.up(),
            KeyCode::Down if self.multiline => self.down(),
            _ => return false,
        }
        true
    }

    /// Draws the field and, when focused, puts the terminal's cursor after the cluster before
    /// it. Nothing in the text is restyled, so no mark is hidden.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, style: Style, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let pos = self.render_lines(area, style, |p, r| frame.render_widget(p, r));
        if focused {
            frame.set_cursor_position(pos);
        }
    }

    /// Where the cursor goes when the field is drawn in `area`.
    pub fn cursor_position(&self, area: Rect) -> Position {
        self.render_lines(area, Style::new(), |_, _| {})
    }

    fn render_lines(
        &self,
        area: Rect,
        style: Style,
        mut draw: impl FnMut(Paragraph<'_>, Rect),
    ) -> Position {
        let width = usize::from(area.width);
        self.last_width.set(width);
        if !self.multiline {
            let col = wrap::width(&self.text[..self.cursor]);
            let mut scroll = self.scroll.get();
            if col < scroll {
                scroll = col;
            } else if col >= scroll + width {
                scroll = col + 1 - width;
            }
            self.scroll.set(scroll);
            draw(
                Paragraph::new(Line::from(visible_slice(&self.text, scroll, width))).style(style),
                area,
            );
            return Position::new(area.x + (col - scroll) as u16, area.y);
        }
        let rows = self.rows(self.wrap_width());
        let (row, col) = locate(&rows, &self.text, self.cursor);
        let height = usize::from(area.height);
        let mut scroll = self.scroll.get();
        if row < scroll {
            scroll = row;
        } else if row >= scroll + height {
            scroll = row + 1 - height;
        }
        self.scroll.set(scroll);
        let lines: Vec<Line<'_>> = rows
            .iter()
            .skip(scroll)
            .take(height)
            .map(|r| Line::from(self.text[r.clone()].trim_end_matches([' ', '\n'])))
            .collect();
        draw(Paragraph::new(lines).style(style), area);
        let x = col.min(width.saturating_sub(1));
        Position::new(area.x + x as u16, area.y + (row - scroll) as u16)
    }
}

/// The row holding a byte offset and the cells before it on that row. An offset where a row
/// wraps belongs to the row it starts; the end of the text, to the last row.
fn locate(rows: &[std::ops::Range<usize>], text: &str, at: usize) -> (usize, usize) {
    let row = rows
        .iter()
        .position(|r| r.start <= at && at < r.end)
        .unwrap_or(rows.len().saturating_sub(1));
    let start = rows.get(row).map_or(0, |r| r.start);
    (row, wrap::width(&text[start..at]))
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

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(s: &str) -> TextField {
        let mut f = TextField::single_line();
        for c in s.chars() {
            assert!(f.handle_key(&key(KeyCode::Char(c))));
        }
        f
    }

    #[test]
    fn sara_am_and_its_tone_mark_are_one_step() {
        let mut f = typed("น้ำ");
        assert_eq!(f.text(), "น้ำ");
        assert_eq!(f.cursor(), "น้ำ".len());
        f.left();
        assert_eq!(f.cursor(), 0);
        f.right();
        assert_eq!(f.cursor(), 9);
        f.backspace();
        assert_eq!(f.text(), "");
    }

    #[test]
    fn stacked_marks_move_and_delete_with_their_consonant() {
        let mut f = TextField::single_line().with_text("ที่กิ๊ก");
        // Clusters: ที่ | กิ๊ | ก
        f.left();
        assert_eq!(&f.text()[f.cursor()..], "ก");
        f.left();
        assert_eq!(&f.text()[f.cursor()..], "กิ๊ก");
        f.backspace();
        assert_eq!(f.text(), "กิ๊ก");
        assert_eq!(f.cursor(), 0);
        f.delete();
        assert_eq!(f.text(), "ก");
        f.end();
        f.home();
        assert_eq!(f.cursor(), 0);
    }

    #[test]
    fn a_mark_typed_after_a_consonant_joins_it() {
        let mut f = typed("ก");
        f.insert_char('\u{0E34}');
        f.insert_char('\u{0E4A}');
        assert_eq!(f.text(), "กิ๊");
        assert_eq!(f.cursor(), f.text().len());
        f.left();
        assert_eq!(f.cursor(), 0);
    }

    #[test]
    fn inserting_in_the_middle_keeps_the_cursor_on_a_boundary() {
        let mut f = TextField::single_line().with_text("น้ำที่");
        f.home();
        f.right();
        f.insert_str("ก");
        assert_eq!(f.text(), "น้ำกที่");
        assert_eq!(&f.text()[f.cursor()..], "ที่");
    }

    #[test]
    fn one_line_fields_turn_newlines_into_spaces() {
        let mut f = TextField::single_line();
        f.insert_str("a\nb\tc\r");
        assert_eq!(f.text(), "a b c");
        let mut m = TextField::multi_line();
        m.insert_str("a\r\nb");
        assert_eq!(m.text(), "a\nb");
    }

    #[test]
    fn keys_the_field_does_not_own_go_back_to_the_dialog() {
        let mut f = TextField::single_line();
        assert!(!f.handle_key(&key(KeyCode::Enter)));
        assert!(!f.handle_key(&key(KeyCode::Esc)));
        assert!(!f.handle_key(&key(KeyCode::Tab)));
        let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert!(!f.handle_key(&ctrl_r));
        assert!(f.handle_key(&key(KeyCode::Char('x'))));
    }

    #[test]
    fn delete_word_back_removes_a_thai_word() {
        let mut f = TextField::single_line().with_text("ระดับความน่าเชื่อถือ");
        f.delete_word_back();
        assert_eq!(f.text(), "ระดับความน่าเชื่อ");
        let mut g = TextField::single_line().with_text("hello world ");
        g.delete_word_back();
        assert_eq!(g.text(), "hello ");
    }

    fn draw(f: &TextField, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|fr| f.render(fr, fr.area(), Style::new(), true))
            .unwrap();
        t
    }

    #[test]
    fn the_real_cursor_sits_after_the_cluster_and_marks_stay_drawn() {
        let mut f = TextField::single_line().with_text("กิ๊กน้ำ");
        f.left();
        let mut t = draw(&f, 20, 1);
        // กิ๊ (1 cell) ก (1 cell): the cursor is at cell 2, before น้ำ.
        t.backend_mut().assert_cursor_position(Position::new(2, 0));
        let buf = t.backend().buffer();
        assert_eq!(buf[(0, 0)].symbol(), "กิ๊");
        assert_eq!(buf[(1, 0)].symbol(), "ก");
        assert_eq!(buf[(2, 0)].symbol(), "น้ำ");
    }

    #[test]
    fn a_long_line_scrolls_to_keep_the_cursor_in_view() {
        let f = TextField::single_line().with_text("abcdefghijklmnop");
        let mut t = draw(&f, 5, 1);
        t.backend_mut().assert_cursor_position(Position::new(4, 0));
        assert_eq!(t.backend().buffer()[(0, 0)].symbol(), "m");
        let mut f = f;
        f.home();
        let mut t = draw(&f, 5, 1);
        t.backend_mut().assert_cursor_position(Position::new(0, 0));
        assert_eq!(t.backend().buffer()[(0, 0)].symbol(), "a");
    }

    #[test]
    fn multi_line_wraps_thai_and_moves_by_rows() {
        let mut f = TextField::multi_line().with_text("ระดับความน่าเชื่อถือ\nของ");
        let area = Rect::new(0, 0, 11, 5);
        let pos = f.cursor_position(area);
        // Rows at 10 cells: "ระดับความน่า" | "เชื่อถือ" | "ของ".
        assert_eq!(pos, Position::new(3, 2));
        f.up();
        // Row 1 is "เชื่อถือ"; three cells in is the start of "ถือ".
        assert_eq!(&f.text()[f.cursor()..f.cursor() + 3], "ถ");
        f.up();
        f.up();
        assert_eq!(f.cursor_position(area).y, 0);
        f.down();
        f.down();
        f.end();
        assert_eq!(f.cursor_position(area), Position::new(3, 2));
    }

    #[test]
    fn the_cursor_sits_where_rows_break() {
        let area = Rect::new(0, 0, 6, 4);
        let mut f = TextField::multi_line().with_text("ab\ncd");
        f.cursor_position(area);
        f.home();
        f.up();
        f.end();
        assert_eq!(f.cursor(), 2);
        assert_eq!(f.cursor_position(area), Position::new(2, 0));
        f.right();
        assert_eq!(f.cursor_position(area), Position::new(0, 1));
        // "hello " wraps before "world" at five cells: its start is row 1, column 0.
        let mut g = TextField::multi_line().with_text("hello world");
        g.cursor_position(area);
        g.home();
        for _ in 0..6 {
            g.right();
        }
        assert_eq!(g.cursor_position(area), Position::new(0, 1));
    }

    #[test]
    fn a_trailing_newline_gives_an_empty_row_for_the_cursor() {
        let mut f = TextField::multi_line();
        f.insert_str("ab");
        f.insert_newline();
        assert_eq!(
            f.cursor_position(Rect::new(0, 0, 10, 3)),
            Position::new(0, 1)
        );
    }
}
