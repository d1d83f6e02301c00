//! Lines the views have already wrapped, put into the buffer cell for cell as ratatui's
//! `Paragraph` (without wrapping) and `Buffer::set_stringn` put them, but cut into clusters by
//! `text::cells`. ratatui segments every line with the general grapheme tables, on every
//! frame; for the ASCII and Thai that fill xal's panes that was most of a frame's time.
//! A property test holds both to ratatui's own output.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Text;
use ratatui::widgets::Widget;

use crate::text::cells;

/// Lines drawn from the top of an area, each cut at the area's right edge; `Paragraph`
/// without `wrap`, for lines that were wrapped to fit already.
#[derive(Clone, Debug, Default)]
pub struct Lines<'a> {
    text: Text<'a>,
    style: Style,
    first: usize,
}

impl<'a> Lines<'a> {
    pub fn new<T: Into<Text<'a>>>(text: T) -> Self {
        Self {
            text: text.into(),
            style: Style::default(),
            first: 0,
        }
    }

    /// The style of the whole area, under the lines' own.
    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    /// Starts with line `first` (the ones before are scrolled off the top).
    pub fn first(mut self, first: usize) -> Self {
        self.first = first;
        self
    }
}

impl Widget for Lines<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        // The default style changes no cell: most lines are drawn without one.
        if self.style != Style::default() {
            buf.set_style(area, self.style);
        }
        if area.is_empty() {
            return;
        }
        let default_alignment = self.text.alignment.unwrap_or(Alignment::Left);
        let max = area.width;
        let mut glyphs: Vec<(&str, Style, u16)> = Vec::new();
        let shown = self.text.lines.iter().skip(self.first);
        for (y, line) in (area.top()..area.bottom()).zip(shown) {
            let line_style = self.text.style.patch(line.style);
            glyphs.clear();
            let mut used = 0u16;
            'spans: for span in &line.spans {
                let style = line_style.patch(span.style);
                for g in cells::clusters(&span.content) {
                    if g.contains(char::is_control) {
                        continue;
                    }
                    let w = cluster_cells(g);
                    if w > max {
                        continue;
                    }
                    if used + w > max {
                        break 'spans;
                    }
                    used += w;
                    glyphs.push((g, style, w));
                }
            }
            let mut x = area.left()
                + match line.alignment.unwrap_or(default_alignment) {
                    Alignment::Center => (max / 2).saturating_sub(used / 2),
                    Alignment::Right => max.saturating_sub(used),
                    Alignment::Left => 0,
                };
            for &(g, style, w) in &glyphs {
                if w == 0 {
                    continue;
                }
                buf[(x, y)].set_symbol(g).set_style(style);
                x += w;
            }
        }
    }
}

/// `Buffer::set_stringn`: `text` from (`x`, `y`) in at most `max` cells, the cells hidden
/// under a wide character reset. Returns the column after the text.
pub fn put_str(buf: &mut Buffer, x: u16, y: u16, text: &str, max: usize, style: Style) -> u16 {
    let mut room = buf
        .area
        .right()
        .saturating_sub(x)
        .min(u16::try_from(max).unwrap_or(u16::MAX));
    let mut x = x;
    for g in cells::clusters(text) {
        if g.contains(char::is_control) {
            continue;
        }
        let w = cluster_cells(g);
        if w == 0 {
            continue;
        }
        let Some(left) = room.checked_sub(w) else {
            break;
        };
        room = left;
        buf[(x, y)].set_symbol(g).set_style(style);
        let next = x + w;
        x += 1;
        while x < next {
            buf[(x, y)].reset();
            x += 1;
        }
    }
    x
}

fn cluster_cells(g: &str) -> u16 {
    if g.len() == 1 {
        return 1;
    }
    g.cell_width()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::{Line, Span};
    use ratatui::widgets::Paragraph;

    use super::*;

    const STYLES: [Style; 4] = [
        Style::new(),
        Style::new().fg(Color::Red),
        Style::new().bg(Color::Blue),
        Style::new().add_modifier(Modifier::BOLD),
    ];

    fn word() -> impl Strategy<Value = String> {
        "[ -~\u{0E01}-\u{0E3A}\u{0E3F}-\u{0E5B}é\u{0300}中😀\u{0007}\t≥]{0,12}"
    }

    fn line() -> impl Strategy<Value = Line<'static>> {
        (
            prop::collection::vec((word(), 0usize..4), 0..4),
            0usize..4,
            0usize..4,
        )
            .prop_map(|(spans, line_style, align)| {
                let spans: Vec<Span<'static>> = spans
                    .into_iter()
                    .map(|(t, s)| Span::styled(t, STYLES[s]))
                    .collect();
                let line = Line::from(spans).style(STYLES[line_style]);
                match align {
                    1 => line.centered(),
                    2 => line.right_aligned(),
                    3 => line.left_aligned(),
                    _ => line,
                }
            })
    }

    /// A screen that is not blank, so cells the painters leave alone show.
    fn screen(area: Rect) -> Buffer {
        let mut b = Buffer::empty(area);
        for y in 0..area.height {
            b.set_string(0, y, "x中ก่".repeat(20), Style::new().fg(Color::Green));
        }
        b
    }

    proptest! {
        #[test]
        fn lines_paint_as_a_paragraph_does(
            lines in prop::collection::vec(line(), 0..6),
            width in 1u16..30,
            height in 1u16..6,
            first in 0usize..3,
            style in 0usize..4,
        ) {
            let whole = Rect::new(0, 0, 32, 8);
            let area = Rect::new(1, 1, width, height);
            let mut ours = screen(whole);
            let mut theirs = screen(whole);
            Lines::new(lines.clone()).style(STYLES[style]).first(first).render(area, &mut ours);
            Paragraph::new(lines)
                .style(STYLES[style])
                .scroll((first as u16, 0))
                .render(area, &mut theirs);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn put_str_paints_as_set_stringn_does(
            text in word(),
            x in 0u16..20,
            max in 0usize..20,
            style in 0usize..4,
        ) {
            let whole = Rect::new(0, 0, 24, 1);
            let mut ours = screen(whole);
            let mut theirs = screen(whole);
            let a = put_str(&mut ours, x, 0, &text, max, STYLES[style]);
            let (b, _) = theirs.set_stringn(x, 0, &text, max, STYLES[style]);
            prop_assert_eq!(a, b);
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn thai_and_a_wide_character_are_cut_whole() {
        let mut b = Buffer::empty(Rect::new(0, 0, 6, 1));
        Lines::new(Line::from("ผู้ใช้中x")).render(b.area, &mut b);
        assert_eq!(b.content[0].symbol(), "ผู้");
        assert_eq!(b.content[2].symbol(), "ช้");
        assert_eq!(b.content[3].symbol(), "中");
        assert_eq!(b.content[5].symbol(), "x");
    }
}
