//! Properties of the terminal sanitizer (`xal::text::safe`): printable Thai and English pass
//! unchanged, and whatever a file holds, what is shown holds no character a terminal would
//! act on.

use std::borrow::Cow;

use proptest::prelude::*;
use xal::text::{is_unsafe, json_escaped, visible, visible_lines};

/// Printable text as assessors type it: ASCII letters, digits, punctuation and spaces; the
/// Thai block with its vowel and tone marks (combining, U+0E31, U+0E34–U+0E3A, U+0E47–U+0E4E),
/// its digits and signs; plus a few other printable letters, dashes and an emoji with a joiner.
fn printable() -> impl Strategy<Value = String> {
    let ascii = (0x20u32..0x7f).prop_map(|c| char::from_u32(c).unwrap());
    let thai = (0x0e01u32..=0x0e5b)
        .prop_filter_map("assigned", char::from_u32)
        .prop_filter("assigned", |c| !('\u{0e3b}'..='\u{0e3e}').contains(c));
    let other = prop::sample::select(vec!['—', '–', '…', '€', 'ñ', 'ü', '·', '\u{200d}', '👩']);
    prop::collection::vec(prop_oneof![4 => ascii, 6 => thai, 1 => other], 0..80)
        .prop_map(|v| v.into_iter().collect())
}

/// Any text, weighted towards what attacks a terminal: escapes, C1, DEL, bidi controls,
/// carriage returns and line ends among Thai and ASCII.
fn hostile() -> impl Strategy<Value = String> {
    let nasty = prop::sample::select(vec![
        '\u{1b}', '\u{7}', '\u{8}', '\r', '\n', '\t', '\0', '\u{7f}', '\u{9b}', '\u{9d}', '\u{85}',
        '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200f}', '\u{2028}',
    ]);
    prop::collection::vec(
        prop_oneof![
            3 => any::<char>(),
            3 => nasty,
            2 => (0x0e01u32..=0x0e5b).prop_filter_map("assigned", char::from_u32),
            2 => (0x20u32..0x7f).prop_map(|c| char::from_u32(c).unwrap()),
        ],
        0..80,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn printable_thai_and_english_pass_unchanged_and_uncopied(s in printable()) {
        prop_assert!(matches!(visible(&s), Cow::Borrowed(b) if b == s));
        prop_assert!(matches!(visible_lines(&s), Cow::Borrowed(b) if b == s));
    }

    #[test]
    fn printable_lines_keep_their_breaks_and_tabs(
        lines in prop::collection::vec(printable(), 1..6),
        crlf in any::<bool>(),
    ) {
        let s = lines.join(if crlf { "\r\n" } else { "\n\t" });
        prop_assert_eq!(visible_lines(&s), s.as_str());
    }

    #[test]
    fn one_line_never_holds_a_control_character(s in hostile()) {
        let shown = visible(&s);
        prop_assert!(!shown.chars().any(is_unsafe), "{:?} -> {:?}", s, shown);
        prop_assert!(!shown.contains(['\n', '\r']));
    }

    #[test]
    fn lines_hold_no_control_character_but_breaks_tabs_and_crlf(s in hostile()) {
        let shown = visible_lines(&s);
        let mut chars = shown.chars().peekable();
        while let Some(c) = chars.next() {
            let kept = matches!(c, '\n' | '\t') || (c == '\r' && chars.peek() == Some(&'\n'));
            prop_assert!(kept || !is_unsafe(c), "U+{:04X} in {:?}", c as u32, shown);
        }
    }

    #[test]
    fn only_unsafe_characters_change(s in hostile()) {
        // Taking each `\u{..}` back out gives the text again: nothing printable is lost,
        // dropped or reordered.
        let shown = visible(&s).into_owned();
        let mut back = String::new();
        let mut rest = shown.as_str();
        let mut original = s.chars();
        while !rest.is_empty() {
            let next = original.next().expect("no more shown than given");
            if is_unsafe(next) {
                let esc = format!("\\u{{{:x}}}", next as u32);
                prop_assert!(rest.starts_with(&esc), "{:?} at {:?}", esc, rest);
                rest = &rest[esc.len()..];
            } else {
                prop_assert!(rest.starts_with(next));
                rest = &rest[next.len_utf8()..];
            }
            back.push(next);
        }
        prop_assert_eq!(back, s);
    }

    #[test]
    fn json_escaped_is_the_same_value_and_inert(s in hostile(), pretty in any::<bool>()) {
        let v = serde_json::json!({ "name": s, "list": [s.clone(), "ไทย"] });
        let json = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        };
        let safe = json_escaped(&json);
        prop_assert!(!safe.chars().any(|c| is_unsafe(c) && c != '\n'), "{}", safe);
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        prop_assert_eq!(back, v);
    }
}
