//! A text being typed, edited by grapheme cluster. Thai stacks vowels and tone marks on a
//! consonant ("กิ๊", "น้ำ"); moving or deleting by code point would leave a mark without its
//! consonant. The view draws it and puts the terminal's real cursor where [`TextInput::locate`]
//! says (`tui::widgets::text_input`).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use crate::text::wrap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Byte offset, always on a grapheme-cluster boundary.
    cursor: usize,
    multiline: bool,
    /// The cells a row holds where the field is drawn, so Up and Down move by the rows the
    /// user sees. Set by whoever knows the layout (the dialog, on open and on resize); 0 means
    /// "the lines as typed".
    wrap_width: usize,
}

impl TextInput {
    pub fn single_line() -> TextInput {
        TextInput::default()
    }

    pub fn multi_line() -> TextInput {
        TextInput {
            multiline: true,
            ..TextInput::default()
        }
    }

    /// The field holding `text`, with the cursor at its end.
    pub fn with_text(mut self, text: &str) -> TextInput {
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

    /// The width of the area the field is drawn in; one cell stays free so the cursor after a
    /// full row is still inside the field.
    pub fn set_wrap_width(&mut self, area_width: usize) {
        self.wrap_width = area_width.saturating_sub(1).max(1);
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

    /// Carries out an editing action; false when the action is not an edit (the dialog
    /// handles it).
    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::Left => self.cursor = self.prev_boundary(),
            Action::Right => self.cursor = self.next_boundary(),
            Action::LineStart => self.cursor = self.line_start(),
            Action::LineEnd => self.cursor = self.line_end(),
            Action::DeleteBack => self.backspace(),
            Action::DeleteForward => self.delete(),
            Action::DeleteWordBack => self.delete_word_back(),
            Action::DeleteToStart => self.delete_to_start(),
            Action::DeleteToEnd => self.delete_to_end(),
            Action::NewLine if self.multiline => self.insert_str("\n"),
            Action::Up if self.multiline => self.move_rows(-1),
            Action::Down if self.multiline => self.move_rows(1),
            _ => return false,
        }
        true
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

    /// Deletes the cluster before the cursor: a consonant with all its marks.
    fn backspace(&mut self) {
        let start = self.prev_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    fn delete(&mut self) {
        let end = self.next_boundary();
        self.text.replace_range(self.cursor..end, "");
    }

    /// Deletes back to the previous word start (Thai words found by dictionary).
    fn delete_word_back(&mut self) {
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

    fn delete_to_start(&mut self) {
        let s = self.line_start();
        self.text.replace_range(s..self.cursor, "");
        self.cursor = s;
    }

    fn delete_to_end(&mut self) {
        let e = self.line_end();
        self.text.replace_range(self.cursor..e, "");
    }

    /// Moves to the row above or below as drawn, keeping the column as near as clusters allow.
    fn move_rows(&mut self, by: isize) {
        let width = match self.wrap_width {
            0 => usize::MAX,
            w => w,
        };
        let rows = self.rows(width);
        let (row, col) = self.locate(&rows);
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

    /// Byte ranges of the rows as drawn at `width` cells; text ending in a newline gets an
    /// empty last row for the cursor to sit on.
    pub fn rows(&self, width: usize) -> Vec<Range<usize>> {
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

    /// The row holding the cursor and the cells before it on that row. An offset where a row
    /// wraps belongs to the row it starts; the end of the text, to the last row.
    pub fn locate(&self, rows: &[Range<usize>]) -> (usize, usize) {
        let at = self.cursor;
        let row = rows
            .iter()
            .position(|r| r.start <= at && at < r.end)
            .unwrap_or(rows.len().saturating_sub(1));
        let start = rows.get(row).map_or(0, |r| r.start);
        (row, wrap::width(&self.text[start..at]))
    }

    /// The wrap width Up and Down use (0: the lines as typed).
    pub fn wrap_width(&self) -> usize {
        self.wrap_width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> TextInput {
        let mut f = TextInput::single_line();
        for c in s.chars() {
            f.insert_str(&c.to_string());
        }
        f
    }

    #[test]
    fn sara_am_and_its_tone_mark_are_one_step() {
        let mut f = typed("น้ำ");
        assert_eq!(f.text(), "น้ำ");
        assert_eq!(f.cursor(), "น้ำ".len());
        f.apply(Action::Left);
        assert_eq!(f.cursor(), 0);
        f.apply(Action::Right);
        assert_eq!(f.cursor(), 9);
        f.apply(Action::DeleteBack);
        assert_eq!(f.text(), "");
    }

    #[test]
    fn stacked_marks_move_and_delete_with_their_consonant() {
        let mut f = TextInput::single_line().with_text("ที่กิ๊ก");
        // Clusters: ที่ | กิ๊ | ก
        f.apply(Action::Left);
        assert_eq!(&f.text()[f.cursor()..], "ก");
        f.apply(Action::Left);
        assert_eq!(&f.text()[f.cursor()..], "กิ๊ก");
        f.apply(Action::DeleteBack);
        assert_eq!(f.text(), "กิ๊ก");
        assert_eq!(f.cursor(), 0);
        f.apply(Action::DeleteForward);
        assert_eq!(f.text(), "ก");
        f.apply(Action::LineEnd);
        f.apply(Action::LineStart);
        assert_eq!(f.cursor(), 0);
    }

    #[test]
    fn a_mark_typed_after_a_consonant_joins_it() {
        let mut f = typed("ก");
        f.insert_str("\u{0E34}");
        f.insert_str("\u{0E4A}");
        assert_eq!(f.text(), "กิ๊");
        assert_eq!(f.cursor(), f.text().len());
        f.apply(Action::Left);
        assert_eq!(f.cursor(), 0);
    }

    #[test]
    fn inserting_in_the_middle_keeps_the_cursor_on_a_boundary() {
        let mut f = TextInput::single_line().with_text("น้ำที่");
        f.apply(Action::LineStart);
        f.apply(Action::Right);
        f.insert_str("ก");
        assert_eq!(f.text(), "น้ำกที่");
        assert_eq!(&f.text()[f.cursor()..], "ที่");
    }

    #[test]
    fn one_line_fields_turn_newlines_into_spaces() {
        let mut f = TextInput::single_line();
        f.insert_str("a\nb\tc\r\u{1b}[2J");
        assert_eq!(f.text(), "a b c[2J");
        assert!(!f.apply(Action::NewLine));
        let mut m = TextInput::multi_line();
        m.insert_str("a\r\nb");
        assert_eq!(m.text(), "a\nb");
        assert!(m.apply(Action::NewLine));
        assert_eq!(m.text(), "a\nb\n");
    }

    #[test]
    fn actions_that_are_not_edits_go_back_to_the_dialog() {
        let mut f = TextInput::single_line();
        for a in [Action::Choose, Action::Back, Action::FocusNext, Action::Up] {
            assert!(!f.apply(a), "{a}");
        }
        assert!(f.apply(Action::Left));
    }

    #[test]
    fn delete_word_back_removes_a_thai_word() {
        let mut f = TextInput::single_line().with_text("ระดับความน่าเชื่อถือ");
        f.apply(Action::DeleteWordBack);
        assert_eq!(f.text(), "ระดับความน่าเชื่อ");
        let mut g = TextInput::single_line().with_text("hello world ");
        g.apply(Action::DeleteWordBack);
        assert_eq!(g.text(), "hello ");
        let mut h = TextInput::single_line().with_text("abc def");
        h.apply(Action::Left);
        h.apply(Action::DeleteToEnd);
        assert_eq!(h.text(), "abc de");
        h.apply(Action::DeleteToStart);
        assert_eq!(h.text(), "");
    }

    #[test]
    fn up_and_down_move_by_the_rows_drawn() {
        let mut f = TextInput::multi_line().with_text("ระดับความน่าเชื่อถือ\nของ");
        // Drawn 11 cells wide: rows of 10 are "ระดับความน่า" | "เชื่อถือ" | "ของ".
        f.set_wrap_width(11);
        let rows = f.rows(10);
        assert_eq!(f.locate(&rows), (2, 3));
        f.apply(Action::Up);
        // Row 1 is "เชื่อถือ"; three cells in is the start of "ถือ".
        assert_eq!(&f.text()[f.cursor()..f.cursor() + 3], "ถ");
        f.apply(Action::Up);
        f.apply(Action::Up);
        assert_eq!(f.locate(&rows).0, 0);
        f.apply(Action::Down);
        f.apply(Action::Down);
        f.apply(Action::LineEnd);
        assert_eq!(f.locate(&rows), (2, 3));
    }

    #[test]
    fn without_a_width_rows_are_the_lines_as_typed() {
        let mut f = TextInput::multi_line().with_text("ab\ncd");
        f.apply(Action::LineStart);
        f.apply(Action::Up);
        f.apply(Action::LineEnd);
        assert_eq!(f.cursor(), 2);
        f.apply(Action::Right);
        assert_eq!(f.locate(&f.rows(usize::MAX)), (1, 0));
    }

    #[test]
    fn a_trailing_newline_gives_an_empty_row_for_the_cursor() {
        let mut f = TextInput::multi_line();
        f.insert_str("ab");
        f.apply(Action::NewLine);
        assert_eq!(f.locate(&f.rows(9)), (1, 0));
    }
}
