//! Terminal cells of text, counted per grapheme cluster as ratatui's buffer counts them.
//!
//! Nearly everything xal draws is printable ASCII and Thai, and for those the clusters are
//! plain: a Thai mark or SARA AM joins the letter before it, every other character begins a
//! cluster. Counting them by hand skips the general segmenter, whose tables were the costliest
//! part of drawing a frame (each cell of Thai went through them four times). Anything else
//! takes the general way; a property test holds the two to the same answers.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cells a string takes when drawn.
pub fn width(s: &str) -> usize {
    if is_plain(s) {
        return s.chars().map(plain_cells).sum();
    }
    width_by_graphemes(s)
}

/// The longest start of `s` that fits in `width` cells, cut between clusters, and its cells.
pub fn cut_to_width(s: &str, width: usize) -> (&str, usize) {
    if is_plain(s) {
        return plain_cut(s, width);
    }
    cut_by_graphemes(s, width)
}

/// The grapheme clusters of `s`, as ratatui's buffer takes them one per cell (or two).
pub fn clusters(s: &str) -> impl Iterator<Item = &str> {
    let mut general = (!is_plain(s)).then(|| s.graphemes(true));
    let mut rest = if general.is_some() { "" } else { s };
    std::iter::from_fn(move || {
        if let Some(g) = general.as_mut() {
            return g.next();
        }
        let mut chars = rest.char_indices();
        chars.next()?;
        let end = chars
            .find(|&(_, c)| !joins(c))
            .map_or(rest.len(), |(i, _)| i);
        let (cluster, tail) = rest.split_at(end);
        rest = tail;
        Some(cluster)
    })
}

/// The general way, for any text: what the plain way must agree with.
fn width_by_graphemes(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

fn cut_by_graphemes(s: &str, width: usize) -> (&str, usize) {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = g.width();
        if used + w > width {
            return (&s[..i], used);
        }
        used += w;
    }
    (s, used)
}

/// Printable ASCII, the assigned letters, vowels, marks and digits of the Thai block, and the
/// letters and symbols the interface draws with (Latin letters, dashes and quotes, `…`, `•`,
/// arrows, `≥`, box drawing, shapes such as `▸` and `●`, `✓`). Each of the others begins a
/// cluster of its own: none of them is a combining mark, a joiner or a control.
fn is_plain(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c,
            ' '..='~'
            | '\u{00A0}'..='\u{00AC}'
            | '\u{00AE}'..='\u{02FF}'
            | '\u{0E01}'..='\u{0E3A}'
            | '\u{0E3F}'..='\u{0E5B}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{2190}'..='\u{23FF}'
            | '\u{2500}'..='\u{27BF}'
        )
    })
}

/// A Thai vowel or tone mark written above or below, or SARA AM: part of the cluster before.
fn joins(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E33}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

fn plain_cells(c: char) -> usize {
    c.width().unwrap_or(0)
}

fn plain_cut(s: &str, width: usize) -> (&str, usize) {
    let (mut used, mut start, mut cells) = (0, 0, 0);
    for (i, c) in s.char_indices() {
        if i > 0 && !joins(c) {
            if used + cells > width {
                return (&s[..start], used);
            }
            used += cells;
            start = i;
            cells = 0;
        }
        cells += plain_cells(c);
    }
    if used + cells > width {
        return (&s[..start], used);
    }
    (s, used + cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thai_clusters_are_counted_as_the_segmenter_counts_them() {
        for s in ["ผู้ใช้", "น้ำ", "กำหนด", "ำก", "ั้ก", "a ก่ b", "IAL2.1 ≥"]
        {
            assert_eq!(width(s), width_by_graphemes(s), "{s}");
            for w in 0..8 {
                assert_eq!(cut_to_width(s, w), cut_by_graphemes(s, w), "{s} in {w}");
            }
        }
        assert!(
            is_plain("› ●✓ IAL2.1 ≥ — ▸ │"),
            "the interface's symbols are plain"
        );
        assert!(
            !is_plain("e\u{0301}"),
            "a combining mark takes the general way"
        );
    }

    /// The plain set, and characters just outside it (soft hyphen, combining marks, joiners,
    /// line separators, variation selectors, emoji, a control), which must take the general
    /// way.
    const PLAIN_AND_NEIGHBOURS: &str = "[ -~\u{00A0}-\u{02FF}\u{0300}\u{0E01}-\u{0E5B}\u{200B}-\u{2030}\u{205E}-\u{2070}\u{20D0}\u{2190}-\u{23FF}\u{2460}\u{2500}-\u{27C0}\u{FE0F}\u{1F600}\u{0007}]{0,40}";

    proptest! {
        #[test]
        fn plain_text_is_measured_and_cut_as_by_the_segmenter(
            s in PLAIN_AND_NEIGHBOURS,
            w in 0usize..50,
        ) {
            prop_assert_eq!(width(&s), width_by_graphemes(&s));
            prop_assert_eq!(cut_to_width(&s, w), cut_by_graphemes(&s, w));
        }

        #[test]
        fn clusters_are_the_segmenter_s(s in PLAIN_AND_NEIGHBOURS) {
            let ours: Vec<&str> = clusters(&s).collect();
            let theirs: Vec<&str> = s.graphemes(true).collect();
            prop_assert_eq!(ours, theirs);
        }
    }
}
