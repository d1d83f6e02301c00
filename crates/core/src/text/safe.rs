//! The output boundary's rule: text from files never reaches a terminal as raw control
//! characters.
//!
//! Service names, notes, answer values, ruleset titles and file names come from files that
//! other people write (`xal import`, `xal train collect`, a shared ruleset). A terminal acts on
//! some characters instead of showing them: ESC starts sequences that clear the screen, set the
//! window title or write the clipboard (OSC 52); C1 controls (U+0080–U+009F) do the same on
//! terminals that honour them; a carriage return or backspace writes over what was shown; the
//! Unicode bidi controls reorder what is shown so that the text read is not the text there
//! ("Trojan Source", CVE-2021-42574). Each such character is shown instead as `\u{1b}` — the
//! way Rust writes it — so an assessor sees that something odd is in the file, and nothing
//! else changes: Thai with its combining marks, emoji and every other printable character pass
//! as they are.
//!
//! A backslash is printable and passes unchanged, so `\u{1b}` typed literally in a file looks
//! the same as an escaped ESC. That is a choice: escaping backslashes would change Windows
//! paths and every regular expression a note quotes, and the point here is that the terminal
//! is safe, not that the text can be recovered from what is shown (JSON and `-o` files keep
//! it exactly).

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a terminal could act on `c` rather than show it: every control character (C0,
/// DEL, C1 — Unicode's `Cc`), the bidi embedding, override and isolate controls (U+202A–U+202E,
/// U+2066–U+2069), the bidi marks (U+200E, U+200F, U+061C) and the line and paragraph
/// separators (U+2028, U+2029), which some programs take as line ends.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `s` for one line of a terminal: every unsafe character, newline and tab included, shown as
/// `\u{…}`. Borrowed when there is nothing to change (the common case costs one scan).
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, |_, _| false)
}

/// `s` for a text of several lines: like [`visible`], but a newline, a tab and the carriage
/// return of a CRLF line end (as in CSV) are kept, since they only move to the next line or
/// column. A carriage return alone is shown: it would let the rest of a line overwrite its
/// start.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    escape(s, |c, next| match c {
        '\n' | '\t' => true,
        '\r' => next == Some('\n'),
        _ => false,
    })
}

/// The escaping both variants share; `keep(c, next)` says which unsafe characters stay.
fn escape(s: &str, keep: impl Fn(char, Option<char>) -> bool) -> Cow<'_, str> {
    let mut chars = s.char_indices().peekable();
    let mut first_bad = None;
    while let Some((i, c)) = chars.next() {
        if is_unsafe(c) && !keep(c, chars.peek().map(|&(_, n)| n)) {
            first_bad = Some(i);
            break;
        }
    }
    let Some(start) = first_bad else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..start]);
    let mut chars = s[start..].chars().peekable();
    while let Some(c) = chars.next() {
        if is_unsafe(c) && !keep(c, chars.peek().copied()) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with every unsafe character that JSON leaves raw (DEL, C1, the bidi controls,
/// U+2028/U+2029) written as a `\uXXXX` escape. serde_json already escapes C0; the rest
/// would reach a terminal that shows the JSON. Any JSON reader decodes the escape to the same
/// character, so the value is exactly the same: this is the one form that is both exact for
/// machines and safe for a terminal. Only valid inside JSON text: outside strings JSON is
/// ASCII, so the characters changed can only be in strings, where `\uXXXX` means them.
pub fn json_escaped(json: &str) -> Cow<'_, str> {
    // Raw tab, newline and carriage return can only be JSON's own whitespace between tokens
    // (inside strings serde_json escapes them), and there `\u000a` would not be JSON.
    let raw_in_string = |c: char| is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r');
    if !json.chars().any(raw_in_string) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw_in_string(c) {
            // Every unsafe character is in the Basic Multilingual Plane: one escape, no
            // surrogate pair.
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_of_the_issue_is_shown_not_obeyed() {
        let name = "SVC\u{1b}[2J\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}]0;TITLEPWN\u{7}END";
        assert_eq!(
            visible(name),
            "SVC\\u{1b}[2J\\u{1b}]52;c;SGVsbG8=\\u{7}\\u{1b}]0;TITLEPWN\\u{7}END"
        );
    }

    #[test]
    fn c1_del_and_bidi_controls_are_shown() {
        assert_eq!(visible("a\u{9b}2Jb"), "a\\u{9b}2Jb");
        assert_eq!(visible("a\u{7f}b"), "a\\u{7f}b");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(visible("a\u{200f}b\u{2028}c"), "a\\u{200f}b\\u{2028}c");
    }

    #[test]
    fn thai_with_its_marks_and_other_printable_text_is_borrowed_unchanged() {
        for s in [
            "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์",
            "ผู้ใช้ — กรมสรรพากร",
            "C:\\Users\\x  ¡ñ € 👩‍💻 \u{200d}",
            "",
        ] {
            assert!(matches!(visible(s), Cow::Borrowed(b) if b == s), "{s}");
            assert!(
                matches!(visible_lines(s), Cow::Borrowed(b) if b == s),
                "{s}"
            );
        }
    }

    #[test]
    fn lines_keep_newlines_tabs_and_crlf_but_not_a_lone_carriage_return() {
        assert_eq!(visible_lines("a\tb\nc\r\nd"), "a\tb\nc\r\nd");
        assert_eq!(visible_lines("paid\rFREE"), "paid\\u{d}FREE");
        assert_eq!(visible_lines("end\r"), "end\\u{d}");
        assert_eq!(visible_lines("x\u{8}y"), "x\\u{8}y");
        assert_eq!(visible("a\tb\nc\r\n"), "a\\u{9}b\\u{a}c\\u{d}\\u{a}");
    }

    #[test]
    fn json_escapes_decode_to_the_same_value() {
        let v = serde_json::json!({ "name": "a\u{1b}b\u{9b}c\u{7f}d\u{202e}e\u{2028}ไทย" });
        let raw = serde_json::to_string(&v).unwrap();
        // What serde_json leaves raw, and what this adds.
        assert!(raw.contains('\u{9b}') && !raw.contains('\u{1b}'));
        let safe = json_escaped(&raw);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        assert!(safe.contains("\\u009b") && safe.contains("\\u202e") && safe.contains("ไทย"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
        // Pretty JSON keeps its own line breaks and indentation.
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let safe = json_escaped(&pretty);
        assert!(
            safe.starts_with("{\n  \"name\": \"a\\u001bb\\u009bc"),
            "{safe}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), v);
        assert!(matches!(json_escaped("{\n  \"a\": 1\n}"), Cow::Borrowed(_)));
    }
}
