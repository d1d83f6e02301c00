//! Styled text by terminal cells without breaking Thai: spans cut only between grapheme
//! clusters, styled lines wrapped at the dictionary's word boundaries (`crate::text::wrap`).

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub use crate::text::wrap::{break_points, display, find_matches, snap_to_graphemes, width, wrap};

/// Spans of `text` in `base` style with `marks` (byte ranges, each with the style patched on
/// top) cut only at grapheme-cluster boundaries: a mark that starts or ends inside a cluster
/// grows to cover the whole cluster. Overlapping marks apply in order.
pub fn styled_spans<'a>(
    text: &'a str,
    base: Style,
    marks: &[(Range<usize>, Style)],
) -> Vec<Span<'a>> {
    let marks: Vec<(Range<usize>, Style)> = marks
        .iter()
        .map(|(r, st)| (snap_to_graphemes(text, r.clone()), *st))
        .filter(|(r, _)| !r.is_empty())
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (r, _) in &marks {
        cuts.push(r.start);
        cuts.push(r.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans: Vec<Span<'a>> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s == e {
            continue;
        }
        let style = marks
            .iter()
            .filter(|(r, _)| r.start <= s && e <= r.end)
            .fold(base, |acc, (_, st)| acc.patch(*st));
        match spans.last_mut() {
            Some(last) if last.style == style => {
                let joined = format!("{}{}", last.content, &text[s..e]);
                last.content = joined.into();
            }
            _ => spans.push(Span::styled(&text[s..e], style)),
        }
    }
    spans
}

/// Wraps a styled line to `width` cells, keeping each piece's style; the spaces a line ends
/// with are dropped.
pub fn wrap_line(line: &Line<'_>, width: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut bounds = Vec::with_capacity(line.spans.len());
    let mut at = 0;
    for s in &line.spans {
        bounds.push((at..at + s.content.len(), s.style));
        at += s.content.len();
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for piece in wrap(&text, width) {
        let shown = piece.trim_end_matches([' ', '\t', '\r', '\n']);
        let range = offset..offset + shown.len();
        offset += piece.len();
        let spans: Vec<Span<'static>> = bounds
            .iter()
            .filter_map(|(r, st)| {
                let s = r.start.max(range.start);
                let e = r.end.min(range.end);
                (s < e).then(|| Span::styled(text[s..e].to_string(), *st))
            })
            .collect();
        out.push(Line::from(spans).style(line.style));
    }
    out
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier};

    use super::*;

    #[test]
    fn styled_spans_never_start_with_a_mark() {
        let t = "ที่น้ำกิ๊ก";
        let hl = Style::new().add_modifier(Modifier::REVERSED);
        for s in 0..t.len() {
            for e in s..=t.len() {
                if !t.is_char_boundary(s) || !t.is_char_boundary(e) {
                    continue;
                }
                let spans = styled_spans(t, Style::new(), &[(s..e, hl)]);
                let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
                assert_eq!(joined, t);
                for sp in &spans {
                    let first = sp.content.chars().next().unwrap();
                    assert!(
                        !matches!(first, '\u{0E31}' | '\u{0E33}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'),
                        "{s}..{e}: {spans:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn find_matches_ignores_case_and_handles_thai() {
        assert_eq!(find_matches("Bank BANK bank", "bank"), [0..4, 5..9, 10..14]);
        let t = "กรมการปกครอง";
        let at = t.find("การ").unwrap();
        assert_eq!(find_matches(t, "การ"), vec![at..at + 9]);
        assert!(find_matches("abc", "").is_empty());
        let spans = styled_spans(
            "Bank",
            Style::new(),
            &[(0..2, Style::new().fg(Color::Yellow))],
        );
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn wrap_line_keeps_styles() {
        let red = Style::new().fg(Color::Red);
        let line = Line::from(vec![Span::raw("ระดับความ"), Span::styled("น่าเชื่อถือ", red)]);
        let lines = wrap_line(&line, 9);
        let texts: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(texts, ["ระดับความ", "น่าเชื่อถือ"]);
        assert_eq!(lines[1].spans.len(), 1);
        assert_eq!(lines[1].spans[0].style, red);
        let split = wrap_line(&line, 11);
        assert_eq!(split[0].to_string(), "ระดับความน่า");
        assert_eq!(split[0].spans[1].style, red);
        assert_eq!(split[1].to_string(), "เชื่อถือ");
    }
}
