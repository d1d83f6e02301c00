//! The saved assessment as xal sees it, and the one-line summary the list view shows.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::answers::AnswerSet;

/// The format version this xal writes. Older files are migrated in memory when read
/// (see [`super::migrate`]); newer ones are refused and never overwritten.
pub const CURRENT_SCHEMA: u32 = 1;

/// One saved assessment: everything in `<data dir>/assessments/<id>.toml` that xal understands.
///
/// What it does not understand (unknown top-level keys, unknown keys inside `[service]`,
/// `[ruleset]`, `[meta]` and `[[groups]]`, comments, key order) is kept in the parsed document
/// of a [`super::Loaded`] and written back unchanged on save.
///
/// Notes: one `[notes]` table keyed by question id. In a multi-group assessment a note about
/// one group's answer is keyed `"<group id>/<question id>"` (e.g. `"public/impact.proofing"`);
/// the store does not interpret the keys, it only keeps them.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// Always [`CURRENT_SCHEMA`] once read (older files are migrated); save writes
    /// [`CURRENT_SCHEMA`] whatever this says.
    pub schema: u32,
    /// `[0-9A-Za-z_-]{1,100}`; the file is `<id>.toml`. See [`valid_id`] and [`new_id`].
    pub id: String,
    pub service: Service,
    pub ruleset: RulesetRef,
    pub answers: AnswerSet,
    pub notes: BTreeMap<String, String>,
    /// The `[result]` table: a summary for readers without xal. Read leniently (a malformed
    /// `[result]` reads as `None` rather than making the file broken); the caller recomputes it
    /// and sets it before saving.
    pub result: Option<ResultSummary>,
    pub meta: Meta,
    /// `[[signoff]]`: who reviewed or accepted which version of the record, oldest first.
    /// Never dropped by a save (see `write::sync_signoffs`); a person removes one by hand.
    pub signoffs: Vec<SignOff>,
    /// The `[conflicts]` table a merge wrote, by key (see [`super::merge`]): while one stands
    /// the result is not final. Resolving one removes it.
    pub conflicts: BTreeMap<String, super::conflicts::ConflictRecord>,
    /// `[origin]`: where this assessment came from. Kept through every save, copy and import,
    /// so that `xal train collect` can tell a trainee's file's scenario after its id changed.
    pub origin: Option<Origin>,
}

/// Where an assessment came from: a pack's scenario, another assessment (copied or imported),
/// a file. Each part is `""` when not known (then it is not written); a copy of a copy keeps
/// the pack and scenario of the first and names the assessment it was made from.
/// Keys of `[origin]` this xal does not know are kept in the document, like everywhere else.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The pack's `id`, for a scenario handed out by `xal train start`.
    pub pack: String,
    /// The pack's `version` (its `pack.toml`), when it has one.
    pub pack_version: String,
    /// The scenario's id in the pack (the file name of `assessments/<id>.toml` there).
    pub scenario: String,
    /// The id of the assessment this one was copied or imported from.
    pub from_id: String,
    /// The file it was imported from, as given to `xal import`.
    pub source: String,
}

impl Origin {
    pub fn is_empty(&self) -> bool {
        self == &Origin::default()
    }
}

/// One step of sign-off: a person said "reviewed" or "approved" of the record whose content
/// fingerprint is `record` (see docs/record.md). It holds while the content still has that
/// fingerprint; after a change it is kept and shown as void.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    /// `reviewed` or `approved` (others are kept and shown as written).
    pub step: String,
    pub by: String,
    /// `""` when not given (then none is written).
    pub role: String,
    /// `""` when not given; may hold several lines.
    pub note: String,
    pub at: DateTime<FixedOffset>,
    /// Hex SHA-256 of the record's content (without sign-off) that was accepted.
    pub record: String,
    /// When the assessment is next due for review (approved steps).
    pub review_due: Option<chrono::NaiveDate>,
    /// Who signed it with an SSH key, as named in the agency's `allowed_signers` (`""` when
    /// unsigned; then none is written).
    pub signer: String,
    /// The signing key's fingerprint, `SHA256:…` (`""` when unsigned).
    pub key: String,
    /// The armored SSHSIG signature over the canonical sign-off
    /// ([`crate::record::signed::canonical`]); `""` when unsigned.
    pub signature: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Required in the file.
    pub name: String,
    /// `""` when the file has no `agency` (then none is written either).
    pub agency: String,
    /// `""` when the file has no `description` (then none is written either).
    pub description: String,
    pub owner: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesetRef {
    /// Required in the file.
    pub id: String,
    /// `""` when not recorded.
    pub version: String,
    /// Hex SHA-256 of the ruleset file; `""` when not recorded.
    pub sha256: String,
}

/// `[result]`: levels by target id in the order given (e.g. `ial = "IAL2.1"`, `aal = "AAL2"`),
/// `complete`, `evaluated`, and for multi-group assessments `[result.groups.<group id>]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResultSummary {
    pub levels: Vec<(String, String)>,
    pub complete: bool,
    pub evaluated: Option<DateTime<FixedOffset>>,
    pub groups: Vec<(String, GroupResult)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupResult {
    pub levels: Vec<(String, String)>,
    pub complete: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    pub created: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
}

impl Assessment {
    /// A new, unsaved assessment with a fresh id, created and updated `now`.
    pub fn new(
        service: Service,
        ruleset: RulesetRef,
        answers: AnswerSet,
        now: DateTime<FixedOffset>,
    ) -> Self {
        Assessment {
            schema: CURRENT_SCHEMA,
            id: new_id(),
            service,
            ruleset,
            answers,
            notes: BTreeMap::new(),
            result: None,
            meta: Meta {
                created: now,
                updated: now,
            },
            signoffs: Vec::new(),
            conflicts: BTreeMap::new(),
            origin: None,
        }
    }

    /// The pack scenario this assessment stands for, when it came from one.
    pub fn scenario(&self) -> Option<&str> {
        self.origin
            .as_ref()
            .map(|o| o.scenario.as_str())
            .filter(|s| !s.is_empty())
    }

    /// The `service.group` answer of a single-set assessment, if it is a plain choice.
    pub fn service_group(&self) -> Option<&str> {
        match &self.answers {
            AnswerSet::Single(a) => a.get("service.group").and_then(|v| v.as_choice()),
            AnswerSet::Groups(_) => None,
        }
    }
}

/// A fresh ULID, e.g. `01JDQ4Y7V8KX0M5T3ZB2N6C9RA`.
pub fn new_id() -> String {
    ulid::Ulid::generate().to_string()
}

/// Ids name files, so they are restricted to `[0-9A-Za-z_-]`, 1 to 100 characters: a typed id
/// can never reach outside the assessments folder, nor be a dotfile.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An id a summary holds (a target, a level, a ruleset, a service group): these are short, so
/// they live inside the value rather than in an allocation of their own. A list holds
/// thousands of summaries, each with half a dozen such ids, all read from the index before the
/// first frame.
pub type Word = compact_str::CompactString;

/// What the list of assessments shows for one file. Computed by a closure the caller gives to
/// [`super::Store::scan`] (the engine lives elsewhere), cached in the index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    /// Set by the store to the file's current path.
    pub path: PathBuf,
    pub service_name: String,
    pub agency: String,
    /// The `service.group` answer, when present. Only an answer id; not interpreted here.
    pub group: Option<Word>,
    /// Target id → level, in the caller's order; serialized as a JSON object.
    #[serde(with = "ordered_pairs")]
    pub levels: Vec<(Word, Word)>,
    pub complete: bool,
    /// The target ids (of `levels`) whose level is not final, in `levels`' order: a missing
    /// answer may still raise it, so it is a lower bound (shown after `≥`); while a merge's
    /// conflict stands, every level. Empty when complete. Set by the `summarize` closure, which
    /// knows the engine; read from a file alone, every level of an incomplete result.
    #[serde(default)]
    pub lower_bounds: Vec<Word>,
    pub updated: DateTime<FixedOffset>,
    pub ruleset_id: Word,
    /// The latest sign-off step, for the list's mark; set by the `summarize` closure, which
    /// knows whether it still holds (the file alone does not say).
    /// Boxed: most listed files have none, and a list holds thousands of summaries.
    pub signoff: Option<Box<SignMark>>,
    /// The review date of the latest approval.
    pub review_due: Option<chrono::NaiveDate>,
    /// Entries a merge left in `[conflicts]`: kept in the index with the rest, so that a list
    /// marks them without asking git.
    pub conflicts: usize,
}

/// The latest sign-off step of an assessment, as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignMark {
    pub step: String,
    pub by: String,
    pub at: DateTime<FixedOffset>,
    /// False once anything it covered changed.
    pub holds: bool,
    /// Its status word (`signed`, `void`, `unsigned`, `unknown signer`, `bad signature`).
    pub status: String,
    /// Who signed it, with which key (`SHA256:…`); empty when unsigned.
    pub signer: String,
    pub key: String,
}

impl Summary {
    /// The summary an assessment's own file gives, without re-evaluating: levels and
    /// completeness from its `[result]` table. A `summarize` closure can start from this and
    /// replace `levels`, `complete` and `lower_bounds` with the engine's.
    pub fn from_file(a: &Assessment) -> Summary {
        let (levels, complete) = match &a.result {
            Some(r) => (
                r.levels
                    .iter()
                    .map(|(t, l)| (Word::from(t.as_str()), Word::from(l.as_str())))
                    .collect(),
                r.complete,
            ),
            None => (Vec::new(), false),
        };
        // `[result]` does not say which levels are final: all are bounds until complete.
        let lower_bounds = if complete {
            Vec::new()
        } else {
            levels.iter().map(|(t, _)| t.clone()).collect()
        };
        Summary {
            id: a.id.clone(),
            path: PathBuf::new(),
            service_name: a.service.name.clone(),
            agency: a.service.agency.clone(),
            group: a.service_group().map(Word::from),
            levels,
            complete,
            lower_bounds,
            updated: a.meta.updated,
            ruleset_id: Word::from(a.ruleset.id.as_str()),
            signoff: None,
            review_due: None,
            conflicts: a.conflicts.len(),
        }
    }
}

/// `Vec<(Word, Word)>` as a map that keeps its order.
mod ordered_pairs {
    use super::Word;
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(v: &[(Word, Word)], s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(v.len()))?;
        for (k, val) in v {
            m.serialize_entry(k, val)?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(Word, Word)>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<(Word, Word)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of target id to level")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Word, Word>()? {
                    out.push((k, v));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}
