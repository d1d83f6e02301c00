//! Wrapping and measuring text by terminal cells without breaking Thai. Thai has no spaces
//! between words and stacks marks on its consonants, so two rules hold everywhere here: lines
//! break at word boundaries found by ICU's Thai word model (not at spaces), and no cut ever falls inside
//! a grapheme cluster (a span that starts with a combining mark loses the mark when drawn).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{LineSegmenter, LineSegmenterBorrowed};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub use super::cells::width;

fn segmenter() -> &'static LineSegmenterBorrowed<'static> {
    static SEG: OnceLock<LineSegmenterBorrowed<'static>> = OnceLock::new();
    SEG.get_or_init(|| LineSegmenter::new_lstm(LineBreakOptions::default()))
}

/// Places a line may break, as byte offsets from 0 to `text.len()` (UAX #14 with a Thai
/// word model: "ระดับ|ความ|น่า|เชื่อ|ถือ", spaces staying with the word before them). ICU's
/// LSTM model, not its dictionary: the dictionary cut "ผลกระทบ" as "ผลก|ระ|ทบ" and "น้อยหนึ่ง"
/// as "น้อยห|นึ่ง", so wrapped reasons broke inside words.
pub fn break_points(text: &str) -> Vec<usize> {
    let mut points: Vec<usize> = segmenter().segment_str(text).collect();
    if points.first() != Some(&0) {
        points.insert(0, 0);
    }
    if points.last() != Some(&text.len()) {
        points.push(text.len());
    }
    points
}

/// Splits `text` into lines of at most `width` cells. The lines are slices that together are
/// exactly `text`: a line keeps the spaces and the newline it ends with, which hang past the
/// edge and are not counted (draw them with [`display`] or `trim_end`). A word longer than a
/// line is cut between grapheme clusters; a single cluster wider than `width` gets a line of its
/// own rather than being split.
pub fn wrap(text: &str, width: usize) -> Vec<&str> {
    if text.is_empty() || width == 0 {
        return vec![text];
    }
    // Every frame wraps the same help texts and reasons again, and the word model is
    // the costliest part of drawing: remember the cuts of recent (text, width) pairs. Keyed by
    // a hash so a lookup allocates nothing; the text is kept to rule out a collision.
    type Cuts = HashMap<u64, (String, usize, Vec<Range<usize>>)>;
    thread_local! {
        static CUTS: RefCell<Cuts> = RefCell::new(HashMap::new());
    }
    const REMEMBERED: usize = 512;
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (text, width).hash(&mut h);
        h.finish()
    };
    if let Some(lines) = CUTS.with_borrow(|c| {
        c.get(&hash)
            .filter(|(t, w, _)| t == text && *w == width)
            .map(|(_, _, cuts)| cuts.iter().map(|r| &text[r.clone()]).collect())
    }) {
        return lines;
    }
    let mut lines = Vec::new();
    for para in text.split_inclusive('\n') {
        wrap_paragraph(para, width, &mut lines);
    }
    let base = text.as_ptr() as usize;
    let cuts = lines
        .iter()
        .map(|l| {
            let start = l.as_ptr() as usize - base;
            start..start + l.len()
        })
        .collect();
    CUTS.with_borrow_mut(|c| {
        if c.len() >= REMEMBERED {
            c.clear();
        }
        c.insert(hash, (text.to_string(), width, cuts));
    });
    lines
}

/// The lines of [`wrap`] as they are drawn: without the spaces and newline they end with.
pub fn display(text: &str, width: usize) -> Vec<&str> {
    wrap(text, width)
        .into_iter()
        .map(|l| l.trim_end_matches([' ', '\t', '\r', '\n']))
        .collect()
}

fn wrap_paragraph<'a>(para: &'a str, max: usize, out: &mut Vec<&'a str>) {
    let body = para.trim_end_matches(['\n', '\r']);
    // A paragraph that fits is one line: the word model (the costliest step) is not asked
    // where it could break, as for most names and short reasons.
    if width(body) <= max {
        out.push(para);
        return;
    }
    let points = break_points(body);
    let mut start = 0;
    let mut used = 0;
    for seg in points.windows(2) {
        let (s, e) = (seg[0], seg[1]);
        let piece = &body[s..e];
        let ink = width(piece.trim_end());
        if used + ink <= max {
            used += width(piece);
            continue;
        }
        if s > start {
            out.push(&body[start..s]);
            start = s;
            used = 0;
        }
        if ink <= max {
            used = width(piece);
            continue;
        }
        // A word wider than the line: cut it between clusters.
        for (i, g) in piece.grapheme_indices(true) {
            let gw = UnicodeWidthStr::width(g);
            let at = s + i;
            if used + gw > max && at > start && !g.trim().is_empty() {
                out.push(&body[start..at]);
                start = at;
                used = 0;
            }
            used += gw;
        }
    }
    // The last line carries the newline so the lines still add up to the text.
    out.push(&para[start..]);
}

/// Widens a byte range to the grapheme-cluster boundaries around it.
pub fn snap_to_graphemes(text: &str, range: Range<usize>) -> Range<usize> {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let bounds = text
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let mut s = 0;
    let mut e = text.len();
    for b in bounds {
        if b <= start {
            s = b;
        }
        if b >= end {
            e = b;
            break;
        }
    }
    if start == end {
        // An empty range stays empty, at a boundary.
        return s..s;
    }
    s..e
}

/// Byte ranges where `needle` occurs in `text`, ignoring case; a filter highlights these with
/// [`styled_spans`], which keeps Thai marks attached.
pub fn find_matches(text: &str, needle: &str) -> Vec<Range<usize>> {
    let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let hay: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < hay.len() {
        let mut k = 0;
        let mut j = i;
        while j < hay.len() && k < needle.len() {
            let lower: Vec<char> = hay[j].1.to_lowercase().collect();
            if needle.get(k..k + lower.len()) != Some(lower.as_slice()) {
                break;
            }
            k += lower.len();
            j += 1;
        }
        if k == needle.len() {
            let end = hay.get(j).map_or(text.len(), |(b, _)| *b);
            found.push(hay[i].0..end);
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const THAI: &str = "ระดับความน่าเชื่อถือของการพิสูจน์และยืนยันตัวตน";

    fn check(text: &str, w: usize) -> Vec<&str> {
        let lines = wrap(text, w);
        assert_eq!(lines.concat(), text, "lines add up to the text");
        for l in &lines {
            let ink = width(l.trim_end());
            let single_cluster = l.trim_end().graphemes(true).count() == 1;
            assert!(ink <= w || single_cluster, "{l:?} is {ink} cells > {w}");
        }
        lines
    }

    #[test]
    fn thai_breaks_between_words() {
        assert_eq!(
            break_points("ระดับความน่าเชื่อถือ")
                .windows(2)
                .map(|w| &"ระดับความน่าเชื่อถือ"[w[0]..w[1]])
                .collect::<Vec<_>>(),
            ["ระดับ", "ความ", "น่า", "เชื่อ", "ถือ"]
        );
        let lines = check(THAI, 12);
        for l in &lines {
            assert!(
                [
                    "ระดับ",
                    "ความ",
                    "น่า",
                    "เชื่อ",
                    "ถือ",
                    "ของ",
                    "การ",
                    "พิสูจน์",
                    "และ",
                    "ยืนยัน",
                    "ตัว",
                    "ตน"
                ]
                .iter()
                .any(|w| l.starts_with(w)),
                "{l:?} starts inside a word"
            );
        }
        assert_eq!(lines[0], "ระดับความน่า");
    }

    #[test]
    fn words_the_dictionary_used_to_cut_stay_whole() {
        let t = "ก่อผลกระทบระดับสูงอย่างน้อยหนึ่งด้าน";
        let parts: Vec<&str> = break_points(t).windows(2).map(|w| &t[w[0]..w[1]]).collect();
        for word in ["กระทบ", "น้อย", "หนึ่ง", "ระดับ"] {
            assert!(parts.contains(&word), "{word} cut: {parts:?}");
        }
    }

    #[test]
    fn words_that_fit_are_not_cut() {
        for w in 6..40 {
            let lines = check(THAI, w);
            let words = break_points(THAI);
            let mut at = 0;
            for l in lines {
                at += l.len();
                assert!(words.contains(&at), "cut inside a word at width {w}");
            }
        }
    }

    #[test]
    fn every_width_keeps_clusters_whole() {
        let text = "น้ำที่กิ๊ก ไม่ได้ใส่ใจ IAL2 and AAL2, “quoted” text\nบรรทัดใหม่ที่ยาวมากพอสมควร";
        for w in 1..50 {
            let lines = check(text, w);
            for l in lines {
                if let Some(c) = l.chars().next() {
                    assert!(
                        !matches!(c, '\u{0E31}' | '\u{0E33}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'),
                        "line starts with a mark at width {w}: {l:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn spaces_hang_and_newlines_break() {
        assert_eq!(wrap("hello world", 5), ["hello ", "world"]);
        assert_eq!(display("hello world", 5), ["hello", "world"]);
        assert_eq!(wrap("one\ntwo", 20), ["one\n", "two"]);
        assert_eq!(wrap("a\n\nb", 20), ["a\n", "\n", "b"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(check("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn sara_am_counts_two_cells() {
        assert_eq!(width("น้ำ"), 2);
        assert_eq!(width("ที่"), 1);
        assert_eq!(width("กิ๊ก"), 2);
        assert_eq!(check("น้ำน้ำน้ำ", 4), ["น้ำน้ำ", "น้ำ"]);
    }

    #[test]
    fn snapping_widens_to_whole_clusters() {
        let t = "กิ๊ก";
        // A range that starts at the tone mark covers the consonant it sits on.
        let mark = t.find('๊').unwrap();
        assert_eq!(snap_to_graphemes(t, mark..mark + 3), 0..9);
        assert_eq!(snap_to_graphemes("น้ำ", 3..6), 0..9);
        assert_eq!(snap_to_graphemes("abc", 1..2), 1..2);
        assert_eq!(snap_to_graphemes("abc", 2..2), 2..2);
    }
}
