//! Whether each sign-off still holds: it holds while the record's content fingerprint is the
//! one it accepted.

use crate::store::SignOff;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Holds,
    /// Something it covered (answers, service, notes, result, ruleset) changed since.
    Void,
}

pub fn standing(s: &SignOff, content_sha256: &str) -> Standing {
    if s.record.eq_ignore_ascii_case(content_sha256) {
        Standing::Holds
    } else {
        Standing::Void
    }
}

/// The steps a person may record, as `xal approve --step` takes them.
pub const STEPS: [&str; 2] = ["reviewed", "approved"];
