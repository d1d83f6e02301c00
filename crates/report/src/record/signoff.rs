//! Whether each sign-off still holds, decided here alone: it holds while the record's content
//! fingerprint is the one it accepted and its signature (docs/record.md, "Signed sign-offs")
//! is as the data dir's trust asks — signed by an allowed signer once the data dir has an
//! `allowed_signers` list or requires a signature.

use super::signed::{self, Status};
use crate::store::SignOff;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Holds,
    /// It does not hold: something it covered (answers, service, notes, result, ruleset)
    /// changed since, or its signature is missing, bad or by a signer not allowed
    /// ([`status`] says which).
    Void,
}

/// Whether `s` holds under the process's trust ([`signed::current`]).
pub fn standing(s: &SignOff, content_sha256: &str) -> Standing {
    let trust = signed::current();
    if trust.holds(trust.status(s, content_sha256)) {
        Standing::Holds
    } else {
        Standing::Void
    }
}

/// The one status of `s` under the process's trust.
pub fn status(s: &SignOff, content_sha256: &str) -> Status {
    signed::current().status(s, content_sha256)
}

/// The steps a person may record, as `xal approve --step` takes them.
pub const STEPS: [&str; 2] = ["reviewed", "approved"];

/// The first character that may not stand in a sign-off's one-line fields (who signed,
/// their role): a line break or any other control character, or a bidi control — any of them
/// could make a listing show a line that is not in the file. `None` when `s` is one line.
pub fn not_one_line(s: &str) -> Option<char> {
    s.chars().find(|&c| crate::text::is_unsafe(c))
}

#[cfg(test)]
mod tests {
    use super::not_one_line;

    #[test]
    fn a_name_or_role_is_one_line_of_printable_text() {
        assert_eq!(not_one_line("สมชาย ใจดี"), None);
        assert_eq!(not_one_line("Jane O'Neil (CIO) — ผอ."), None);
        assert_eq!(not_one_line("A\nB"), Some('\n'));
        assert_eq!(not_one_line("A\r"), Some('\r'));
        assert_eq!(not_one_line("A\tB"), Some('\t'));
        assert_eq!(not_one_line("\u{1b}[2J"), Some('\u{1b}'));
        assert_eq!(not_one_line("x\u{2028}y"), Some('\u{2028}'));
        assert_eq!(not_one_line("\u{202e}evil"), Some('\u{202e}'));
    }
}
