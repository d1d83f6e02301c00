//! Assessment values and files for the store tests: the file-format spec's example, small and
//! big samples, and a look at what a folder holds.

use std::collections::BTreeMap;
use std::path::Path;

use super::choice;
use chrono::{DateTime, FixedOffset};
use xal::answers::{AnswerSet, AnswerValue, Answers};
use xal::store::{Assessment, RulesetRef, Service, Summary};

/// The example of the file-format spec, as a user would have it (its answers are the income-tax
/// case of `support/dgs.rs`).
pub const SPEC_EXAMPLE: &str = concat!(
    r#"schema = 1                         # format version of this file; bump with a migration
id = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA"  # unique, stable; sortable ids (ULID-like) are welcome

[service]
name = "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"
agency = "กรมสรรพากร"
description = "Personal income-tax e-filing with refunds"
owner = "assessor name or team"   # optional

[ruleset]
id = "dgs-1-2-2564"
version = "1.0.0"
sha256 = "…"                       # of the ruleset file the answers were given under

"#,
    super::dgs::income_tax_answers!(),
    r#"
[notes]                            # optional free-text note per question id
"impact.proofing" = "Refund fraud is the main risk; see audit report 2565."

[result]                           # written on save for readers without xal; recomputed on load
ial = "IAL2.1"
aal = "AAL2"
complete = true
evaluated = 2026-11-28T10:15:00+07:00

[meta]
created = 2026-11-28T09:02:11+07:00
updated = 2026-11-28T10:15:00+07:00
"#
);

pub const SPEC_ID: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA";

pub fn ts(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test timestamp")
}

/// A small single-set assessment with `n` extra answers (to make big and small versions).
pub fn sample(name: &str, extra: usize) -> Assessment {
    let mut answers = Answers::new();
    answers.insert("pi.needed".into(), choice("yes"));
    answers.insert(
        "impact.proofing".into(),
        AnswerValue::Matrix(BTreeMap::from([
            ("financial".to_string(), "moderate".to_string()),
            ("safety".to_string(), "none".to_string()),
        ])),
    );
    for i in 0..extra {
        answers.insert(
            format!("extra.q{i:05}"),
            choice("some answer text that takes room"),
        );
    }
    Assessment::new(
        Service {
            name: name.to_string(),
            agency: "กรมทดสอบ".into(),
            description: "test".into(),
            owner: None,
        },
        RulesetRef {
            id: "dgs-1-2-2564".into(),
            version: "1.0.0".into(),
            sha256: "abc".into(),
        },
        AnswerSet::Single(answers),
        ts("2026-11-28T09:02:11+07:00"),
    )
}

pub fn summarize(a: &Assessment) -> Summary {
    Summary::from_file(a)
}

/// The names in a folder, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|d| d.ok())
                .map(|d| d.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}
