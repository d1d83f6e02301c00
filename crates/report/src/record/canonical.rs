//! The canonical form of a record and its fingerprints (docs/record.md).
//!
//! The record is one JSON object of seven parts; it is written compact, with object keys
//! sorted at every depth and no trailing newline, and its SHA-256 is the record fingerprint.
//! The content fingerprint is the same without the `signoff` part: it is what a sign-off
//! accepts, so that a sign-off does not change what it signed.

use serde_json::{Map, Value, json};

use crate::engine::{SetEvaluation, TargetResult};
use crate::record::fingerprint::{answers_value, sorted};
use crate::ruleset::Ruleset;
use crate::store::Assessment;

/// The parts, in the order reports list them.
pub const PARTS: [&str; 7] = [
    "id", "service", "ruleset", "answers", "notes", "result", "signoff",
];

/// One assessment's record: every part as canonical JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The whole canonical object (keys sorted).
    pub value: Value,
}

impl Record {
    /// The record of `a` evaluated as `eval` under `rs` (the ruleset actually used: its id,
    /// version and content hash are what the levels depend on).
    pub fn of(a: &Assessment, rs: &Ruleset, eval: &SetEvaluation) -> Record {
        let signoff: Vec<Value> = a
            .signoffs
            .iter()
            .map(|s| {
                json!({
                    "step": s.step,
                    "by": s.by,
                    "role": s.role,
                    "note": s.note,
                    "at": s.at.to_rfc3339(),
                    "record": s.record,
                    "review_due": s.review_due.map(|d| d.to_string()),
                })
            })
            .collect();
        let value = json!({
            "format": "xal.record/1",
            "id": a.id,
            "service": {
                "name": a.service.name,
                "agency": a.service.agency,
                "description": a.service.description,
                "owner": a.service.owner,
            },
            "ruleset": { "id": rs.id, "version": rs.version, "sha256": rs.sha256 },
            "answers": answers_value(&a.answers),
            "notes": a.notes,
            "result": result(rs, eval),
            "signoff": signoff,
        });
        Record {
            value: sorted(value),
        }
    }

    /// A record read back from a JSON report's `record` object.
    pub fn from_value(v: &Value) -> Record {
        Record {
            value: sorted(v.clone()),
        }
    }

    pub fn part(&self, name: &str) -> &Value {
        self.value.get(name).unwrap_or(&Value::Null)
    }

    /// The record fingerprint: SHA-256 of the canonical text of the whole object.
    pub fn sha256(&self) -> String {
        hash(&self.value)
    }

    /// The content fingerprint: the record without its `signoff` part.
    pub fn content_sha256(&self) -> String {
        let mut v = self.value.clone();
        if let Value::Object(m) = &mut v {
            m.remove("signoff");
        }
        hash(&v)
    }

    /// The SHA-256 of one part's canonical text.
    pub fn part_sha256(&self, name: &str) -> String {
        hash(self.part(name))
    }

    /// Each part's fingerprint, by name, in [`PARTS`] order.
    pub(crate) fn part_hashes(&self) -> Vec<(&'static str, String)> {
        PARTS.iter().map(|p| (*p, self.part_sha256(p))).collect()
    }

    /// The parts whose value differs from `other`'s, in [`PARTS`] order.
    pub fn differing_parts(&self, other: &Record) -> Vec<&'static str> {
        PARTS
            .iter()
            .copied()
            .filter(|p| self.part(p) != other.part(p))
            .collect()
    }
}

/// Compact JSON of a value whose keys are already sorted.
pub(crate) fn canonical_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn hash(v: &Value) -> String {
    crate::digest::sha256_hex(canonical_text(v).as_bytes())
}

/// `result`: `complete` and `levels` by target id; for user groups, one entry per group with
/// its initial and final levels.
fn result(rs: &Ruleset, eval: &SetEvaluation) -> Value {
    let levels = |targets: &[TargetResult]| -> Value {
        let mut m = Map::new();
        for t in targets {
            let target = &rs.targets[t.target];
            m.insert(target.id.clone(), json!(target.levels[t.level].id));
        }
        Value::Object(m)
    };
    match eval {
        SetEvaluation::Single(e) => json!({
            "complete": e.complete,
            "levels": levels(&e.targets),
        }),
        SetEvaluation::Groups(gs) => {
            let groups: Vec<Value> = gs
                .iter()
                .map(|g| {
                    let mut finals = Map::new();
                    for f in &g.finals {
                        let target = &rs.targets[f.target];
                        finals.insert(target.id.clone(), json!(target.levels[f.final_level].id));
                    }
                    json!({
                        "id": g.id,
                        "complete": g.eval.complete,
                        "initial": levels(&g.eval.targets),
                        "levels": Value::Object(finals),
                    })
                })
                .collect();
            json!({ "complete": eval.complete(), "groups": groups })
        }
    }
}

/// A fingerprint as people read it aloud: groups of four, eight groups a line
/// (`cd78 bc38 …`).
pub fn grouped(hex: &str) -> String {
    let groups: Vec<&str> = hex
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    groups
        .chunks(8)
        .map(|line| line.join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A fingerprint typed from paper: spaces, newlines, `-` and `:` between groups are dropped,
/// letters may be upper case. `None` unless 64 hex digits remain.
pub fn parse_typed(s: &str) -> Option<String> {
    let hex: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_in_fours_eight_a_line_and_typed_back() {
        let hex: String = "0123456789abcdef".repeat(4);
        let g = grouped(&hex);
        assert_eq!(
            g,
            "0123 4567 89ab cdef 0123 4567 89ab cdef\n0123 4567 89ab cdef 0123 4567 89ab cdef"
        );
        assert_eq!(parse_typed(&g.to_uppercase()), Some(hex.clone()));
        assert_eq!(parse_typed(&hex[..63]), None);
        assert_eq!(parse_typed(&format!("{}zz", &hex[..62])), None);
    }
}
