//! `xal export --format json`: the evaluation object of `xal eval --format json`, plus the
//! service, the answers, notes, times and fingerprints.

use serde_json::{Value, json};

use super::fingerprint::{answers_sha256, answers_value};
use crate::engine::SetEvaluation;
use crate::engine::json::evaluation_json;
use crate::ruleset::Ruleset;
use crate::store::Assessment;
use crate::text::Lang;

pub fn report(a: &Assessment, rs: &Ruleset, eval: &SetEvaluation, lang: Lang) -> Value {
    let mut v = evaluation_json(rs, eval, lang);
    v["id"] = json!(a.id);
    v["service"] = json!({
        "name": a.service.name,
        "agency": a.service.agency,
        "description": a.service.description,
        "owner": a.service.owner,
    });
    v["answers"] = answers_value(&a.answers);
    v["assessor_notes"] = json!(a.notes);
    v["created"] = json!(a.meta.created.to_rfc3339());
    v["updated"] = json!(a.meta.updated.to_rfc3339());
    v["fingerprints"] = json!({
        "answers_sha256": answers_sha256(&a.answers),
        "ruleset_sha256": rs.sha256,
        "recorded_ruleset_sha256": a.ruleset.sha256,
    });
    v
}
