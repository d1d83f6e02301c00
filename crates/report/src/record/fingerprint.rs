//! SHA-256 fingerprints that let a reader match a printed report to the file and the ruleset.
//!
//! The answers' fingerprint is the SHA-256 of their canonical JSON: the `answers` value of
//! `xal export --format json`, compact, object keys sorted, no trailing newline. Anyone can
//! recompute it with `jq -cSj .answers report.json | sha256sum`.

use serde_json::{Map, Value};

use crate::answers::AnswerSet;

/// The answers as canonical JSON: an object by question id, or for user groups an array of
/// `{id, name, answers, tailoring}` in file order.
pub fn answers_value(set: &AnswerSet) -> Value {
    let v = match set {
        AnswerSet::Single(a) => serde_json::to_value(a),
        AnswerSet::Groups(gs) => serde_json::to_value(gs),
    };
    sorted(v.unwrap_or(Value::Null))
}

pub fn answers_sha256(set: &AnswerSet) -> String {
    let text = serde_json::to_string(&answers_value(set)).unwrap_or_default();
    crate::digest::sha256_hex(text.as_bytes())
}

/// Object keys sorted at every depth (serde_json here keeps insertion order).
pub fn sorted(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut pairs: Vec<(String, Value)> = m.into_iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k, sorted(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sorted).collect()),
        other => other,
    }
}
