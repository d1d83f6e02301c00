//! What changed between two versions of an assessment, by meaning: each answer (each cell of
//! a matrix), note and service field, as `key old → new`. Used for history, commit messages
//! and what `xal sync` brought in.

use std::collections::BTreeMap;

use crate::answers::{AnswerSet, AnswerValue, Answers};
use crate::store::Assessment;

/// One field that differs: `None` where a version has no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `impact.auth.financial`, `service.name`, `note impact.proofing`, `public/pi.needed`.
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Change {
    /// `impact.auth.financial moderate → high` (`–` for no value).
    pub fn line(&self) -> String {
        let v = |x: &Option<String>| x.clone().unwrap_or_else(|| "–".into());
        format!("{} {} → {}", self.key, v(&self.old), v(&self.new))
    }

    /// Whether it is about question `q` (the answer, a cell of it, or a group's answer).
    pub fn is_about(&self, q: &str) -> bool {
        let key = self
            .key
            .rsplit_once('/')
            .map_or(self.key.as_str(), |(_, k)| k);
        let key = key.strip_prefix("note ").unwrap_or(key);
        key == q
            || key
                .strip_prefix(q)
                .is_some_and(|rest| rest.starts_with('.'))
    }
}

fn answer_fields(prefix: &str, answers: &Answers, out: &mut BTreeMap<String, String>) {
    for (q, v) in answers {
        match v {
            AnswerValue::Choice(c) => {
                out.insert(format!("{prefix}{q}"), c.clone());
            }
            AnswerValue::Matrix(m) => {
                for (cell, l) in m {
                    out.insert(format!("{prefix}{q}.{cell}"), l.clone());
                }
            }
            AnswerValue::Other(v) => {
                out.insert(format!("{prefix}{q}"), v.to_string());
            }
        }
    }
}

/// Every field of `a` a person answers or writes, by key.
pub fn fields(a: &Assessment) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("service.name".into(), a.service.name.clone());
    for (k, v) in [
        ("service.agency", &a.service.agency),
        ("service.description", &a.service.description),
    ] {
        if !v.is_empty() {
            out.insert(k.into(), v.clone());
        }
    }
    if let Some(o) = &a.service.owner {
        out.insert("service.owner".into(), o.clone());
    }
    out.insert("ruleset".into(), a.ruleset.id.clone());
    match &a.answers {
        AnswerSet::Single(ans) => answer_fields("", ans, &mut out),
        AnswerSet::Groups(groups) => {
            for g in groups {
                out.insert(format!("{}/name", g.id), g.name.clone());
                answer_fields(&format!("{}/", g.id), &g.answers, &mut out);
            }
        }
    }
    for (k, v) in &a.notes {
        out.insert(format!("note {k}"), v.clone());
    }
    for k in a.conflicts.keys() {
        out.insert(format!("conflict {k}"), "open".into());
    }
    for (i, so) in a.signoffs.iter().enumerate() {
        out.insert(format!("signoff {}", i + 1), signoff_words(so));
    }
    out
}

/// A sign-off step as a commit says it: `approved by Jane Roe (CIO), signed by SHA256:…`
/// (or `, unsigned`).
pub(crate) fn signoff_words(so: &crate::store::SignOff) -> String {
    let mut s = format!("{} by {}", so.step, so.by);
    if !so.role.is_empty() {
        s.push_str(&format!(" ({})", so.role));
    }
    if so.signature.trim().is_empty() {
        s.push_str(", unsigned");
    } else {
        s.push_str(&format!(", signed by {}", so.key));
    }
    s
}

/// What differs from `old` (none: a new assessment) to `new` (none: removed).
pub fn changes(old: Option<&Assessment>, new: Option<&Assessment>) -> Vec<Change> {
    let a = old.map(fields).unwrap_or_default();
    let b = new.map(fields).unwrap_or_default();
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| Change {
            key: k.clone(),
            old: a.get(k).cloned(),
            new: b.get(k).cloned(),
        })
        .collect()
}

/// A commit subject for one assessment's changes:
/// `Tax e-filing: impact.auth.financial moderate → high; pi.needed yes → no and 3 more`.
///
/// Everything in it came from files a collaborator may have written, so the result is one
/// line with every control and bidi character shown as `\u{..}` (`text::safe::visible`),
/// and the name is cut to [`SUBJECT_NAME_CHARS`] characters: what xal writes into git and
/// into its log is never raw repository text.
pub fn subject(name: &str, changes: &[Change], created: bool, removed: bool) -> String {
    crate::text::safe::visible(&raw_subject(&short_name(name), changes, created, removed))
        .into_owned()
}

/// The most characters of a service name that a commit subject carries.
pub(crate) const SUBJECT_NAME_CHARS: usize = 80;

fn short_name(name: &str) -> String {
    let mut chars = name.chars();
    let head: String = chars.by_ref().take(SUBJECT_NAME_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn raw_subject(name: &str, changes: &[Change], created: bool, removed: bool) -> String {
    if created {
        return format!("{name}: new assessment");
    }
    if removed {
        return format!("{name}: removed");
    }
    if changes.is_empty() {
        return format!("{name}: saved (no answer changed)");
    }
    // A sign-off recorded is what the commit is about: said first, in words.
    let (signed, others): (Vec<&Change>, Vec<&Change>) =
        changes.iter().partition(|c| c.key.starts_with("signoff "));
    let added: Vec<&str> = signed
        .iter()
        .filter(|c| c.old.is_none())
        .filter_map(|c| c.new.as_deref())
        .collect();
    if let Some(first) = added.first() {
        let mut s = format!("{name}: {first}");
        let more = added.len() - 1 + others.len();
        if more > 0 {
            s.push_str(&format!(" and {more} more"));
        }
        return s;
    }
    let shown: Vec<String> = changes.iter().take(2).map(Change::line).collect();
    let mut s = format!("{name}: {}", shown.join("; "));
    if changes.len() > 2 {
        s.push_str(&format!(" and {} more", changes.len() - 2));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_one_inert_line_whatever_the_name_holds() {
        let name = "y; echo PWNED > /tmp/proof #\nforged: line\u{1b}]0;t\u{7}\u{202e}";
        let s = subject(name, &[], true, false);
        assert_eq!(s.lines().count(), 1, "{s}");
        assert!(!s.chars().any(crate::text::safe::is_unsafe), "{s}");
        assert!(
            s.starts_with(r"y; echo PWNED > /tmp/proof #\u{a}forged: line\u{1b}"),
            "{s}"
        );
        assert!(s.ends_with(": new assessment"), "{s}");
        let so = crate::store::SignOff {
            step: "approved".into(),
            by: "Jane\nRoe".into(),
            role: "CIO".into(),
            note: String::new(),
            at: chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00+07:00").unwrap(),
            record: "ab".repeat(32),
            review_due: None,
            signer: "jane".into(),
            key: "SHA256:abc".into(),
            signature: "sig".into(),
        };
        let added = Change {
            key: "signoff 1".into(),
            old: None,
            new: Some(signoff_words(&so)),
        };
        assert_eq!(
            subject("Tax", std::slice::from_ref(&added), false, false),
            r"Tax: approved by Jane\u{a}Roe (CIO), signed by SHA256:abc"
        );
        let long = "ก".repeat(500);
        let s = subject(&long, &[], false, true);
        assert_eq!(s, format!("{}…: removed", "ก".repeat(SUBJECT_NAME_CHARS)));
    }
}
