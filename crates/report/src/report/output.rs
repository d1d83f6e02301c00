//! The JSON contract: one Rust type per kind of JSON that xal prints (`"schema":
//! "xal.<kind>/1"`). Every `--format json` output is built as one of these types and
//! serialised as it is (serde_json keeps the fields' order), and the JSON Schema files in
//! `docs/schema/` are generated from the same types: the struct that prints is the struct that
//! describes.
//!
//! The unit test at the end of this file checks that the checked-in files are what the types
//! generate (`UPDATE_SCHEMA=1 cargo test --lib schemas` rewrites them), and
//! `tests/json_schema.rs` checks that every command's real output validates against its
//! schema. A change of shape is therefore a change here, in the docs and in the tests at once.
//!
//! The same thing has the same name everywhere: `id`, `service`, `ruleset`, `complete`,
//! `levels` (level id by target id), `signoff`, `review_due` (`YYYY-MM-DD` or null),
//! `updated`/`created`/`at` (RFC 3339).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// The kinds, each with a schema file `docs/schema/<kind>.json` (`$id` `xal.<kind>/1`).
pub const KINDS: [&str; 9] = [
    "eval", "show", "list", "export", "diff", "collect", "history", "verify", "trash",
];

/// `"xal.<kind>/1"` (pinned to a constant in each schema).
pub(crate) type SchemaName = &'static str;
pub const EVAL: SchemaName = "xal.eval/1";
pub const SHOW: SchemaName = "xal.show/1";
pub const LIST: SchemaName = "xal.list/1";
pub(crate) const EXPORT: SchemaName = "xal.export/1";
pub(crate) const DIFF: SchemaName = "xal.diff/1";
pub const COLLECT: SchemaName = "xal.collect/1";
pub const HISTORY: SchemaName = "xal.history/1";
pub const VERIFY: SchemaName = "xal.verify/1";
pub const TRASH: SchemaName = "xal.trash/1";

/// RFC 3339, with its offset.
#[derive(Clone, Debug, Serialize)]
pub struct DateTime(pub String);

/// `YYYY-MM-DD`.
#[derive(Clone, Debug, Serialize)]
pub struct Date(pub String);

/// A JSON object whose members keep the order they were given in (a ruleset's targets, a
/// group's categories): described as a map of `V` by id.
#[derive(Clone, Debug)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<V> FromIterator<(String, V)> for Ordered<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        Ordered(iter.into_iter().collect())
    }
}

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Level id by target id (`{"ial": "IAL2.1", "aal": "AAL2"}`), in the ruleset's order.
pub type Levels = Ordered<String>;

// ---------------------------------------------------------------- the evaluation

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RulesetRef {
    pub id: String,
    pub version: String,
    /// `final`, `provisional`, `draft`, …
    pub status: String,
}

/// Why a target has its level: the rule (or floor) that set it and the answers behind it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reason {
    pub target: String,
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<bool>,
    pub level: String,
    pub because: Vec<String>,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RulesetNote {
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Ignored {
    pub id: String,
    pub reason: String,
}

/// A question answered, for now, with what an earlier version of the ruleset recorded
/// (`[[carry]]` in the ruleset): the file still holds only the old answers.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CarriedAnswer {
    /// The question of this ruleset.
    pub question: String,
    /// The earlier version's answer ids it was read from.
    pub from: Vec<String>,
    /// The ruleset asks the assessor to confirm it: until then the evaluation is incomplete
    /// and `missing` names the question.
    pub confirm: bool,
    /// Always false: once the assessor answers the question nothing is carried.
    pub confirmed: bool,
    /// The version of the ruleset that changed the question, when it says.
    pub since: Option<String>,
    /// "carried over from 1.x", in the chosen language.
    pub origin: Option<String>,
    /// The whole sentence, in the chosen language.
    pub text: String,
}

/// `<target>`: the level the plan reaches; `meets_<target>`: whether that is enough.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum PlanValue {
    Level(String),
    Meets(bool),
}

/// A top-level member named by a target: `ial` (its level id) or `ial_major` (a number). Kept
/// beside `levels` for scripts written before it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum TargetValue {
    Level(String),
    Major(i64),
}

/// What one answer set gives (`xal eval` of a ruleset without user groups, or one group),
/// before its levels.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Outcome {
    pub complete: bool,
    /// Question ids still to answer.
    pub missing: Vec<String>,
    pub reasons: Vec<Reason>,
    pub notes: Vec<RulesetNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Ordered<PlanValue>>,
    pub ignored: Vec<Ignored>,
    /// Answers carried over from an earlier version of the ruleset; present when there are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried: Option<Vec<CarriedAnswer>>,
}

/// The evaluation of a ruleset without user groups.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Single {
    pub ruleset: RulesetRef,
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(flatten)]
    pub by_target: Ordered<TargetValue>,
    pub levels: Levels,
    /// Whether each target's level is final (false: a lower bound).
    #[serde(rename = "final")]
    pub final_: Ordered<bool>,
}

/// One user group (800-63-4): its final (tailored) levels, and the initial ones.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct GroupOutcome {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(flatten)]
    pub by_target: Ordered<TargetValue>,
    pub levels: Levels,
    pub initial: Ordered<TargetValue>,
    /// Whether each target's level is final (false: a lower bound).
    #[serde(rename = "final")]
    pub final_: Ordered<bool>,
    pub needs_rationale: Vec<String>,
    pub tailoring_problems: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Grouped<G = GroupOutcome> {
    pub ruleset: RulesetRef,
    pub complete: bool,
    pub groups: Vec<G>,
}

/// An evaluation, of a ruleset with user groups (each group a `G`) or without.
#[derive(Clone, Debug)]
pub enum Evaluation<G = GroupOutcome> {
    Single(Single),
    Grouped(Grouped<G>),
}

impl<G> Evaluation<G> {
    /// `schema`, the evaluation, then the members of `tail`: one object.
    pub fn with<H>(self, schema: SchemaName, tail: H) -> WithEvaluation<H, G> {
        match self {
            Evaluation::Single(single) => WithEvaluation::Single(WithSingle {
                schema,
                single,
                tail,
            }),
            Evaluation::Grouped(grouped) => WithEvaluation::Grouped(WithGrouped {
                schema,
                grouped,
                tail,
            }),
        }
    }
}

/// An evaluation with the members `H` adds to it. Each branch is one object (the members of
/// `H` beside the evaluation's), so that a member of `H` is never taken for a target's level.
// `G` is what each user group holds (`export` adds the acceptance statement); a comment, not
// a doc comment, so that the schemas' description stays as it was.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum WithEvaluation<H, G = GroupOutcome> {
    Single(WithSingle<H>),
    Grouped(WithGrouped<H, G>),
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct WithSingle<H> {
    pub schema: SchemaName,
    #[serde(flatten)]
    pub single: Single,
    #[serde(flatten)]
    pub tail: H,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WithGrouped<H, G = GroupOutcome> {
    pub schema: SchemaName,
    #[serde(flatten)]
    pub grouped: Grouped<G>,
    #[serde(flatten)]
    pub tail: H,
}

/// `xal eval --format json`.
pub type Eval = WithEvaluation<EvalTail>;

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct EvalTail {
    /// With `--explain`: the single-answer changes that would move a level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what_would_change: Option<Vec<WouldChange>>,
    /// With `--explain`: the planner's routes to each other level, per target (and group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whatif: Option<Vec<WhatifTarget>>,
}

/// One answer whose change alone would move a target's level.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WouldChange {
    pub target: String,
    /// `raise` or `lower`.
    pub direction: String,
    /// The question id (`question.category` for an impact cell).
    pub answer: String,
    pub from: String,
    pub to: String,
    pub level: String,
    #[serde(rename = "final")]
    pub final_: bool,
    /// The sentence, in the chosen language.
    pub text: String,
    /// The user group, for a ruleset with user groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatifTarget {
    pub target: String,
    /// The level now.
    pub level: String,
    #[serde(rename = "final")]
    pub final_: bool,
    pub goals: Vec<WhatifGoal>,
    /// The user group, for a ruleset with user groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// One other level, and the sets of up to two answer changes that reach it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatifGoal {
    pub level: String,
    /// `raise` or `lower`.
    pub direction: String,
    pub routes: Vec<WhatifRoute>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatifRoute {
    pub steps: Vec<WhatifStep>,
    pub level: String,
    #[serde(rename = "final")]
    pub final_: bool,
    /// The sentence, in the chosen language.
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatifStep {
    /// The question id (`question.category` for an impact cell).
    pub answer: String,
    /// The option (or impact) id now; `null` when unanswered.
    pub from: Option<String>,
    pub to: String,
}

// ---------------------------------------------------------------- one assessment

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    pub agency: String,
    pub description: String,
    /// The assessor or owner, when given.
    pub owner: Option<String>,
}

/// One sign-off step as recorded, and whether it still holds.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    pub step: String,
    pub by: String,
    pub role: String,
    pub note: String,
    pub at: DateTime,
    /// The content fingerprint it accepted.
    pub record: String,
    pub holds: bool,
    pub status: SignStatus,
    /// The principal that signed it with an SSH key (`""` when unsigned).
    pub signer: String,
    /// The signing key's fingerprint, `SHA256:…` (`""` when unsigned).
    pub key: String,
}

/// A sign-off's one status (docs/record.md, "Signed sign-offs").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub enum SignStatus {
    #[serde(rename = "signed")]
    Signed,
    #[serde(rename = "void")]
    Void,
    #[serde(rename = "unsigned")]
    Unsigned,
    #[serde(rename = "unknown signer")]
    UnknownSigner,
    #[serde(rename = "bad signature")]
    BadSignature,
}

impl From<crate::record::signed::Status> for SignStatus {
    fn from(s: crate::record::signed::Status) -> Self {
        use crate::record::signed::Status as S;
        match s {
            S::Signed => SignStatus::Signed,
            S::Void => SignStatus::Void,
            S::Unsigned => SignStatus::Unsigned,
            S::UnknownSigner => SignStatus::UnknownSigner,
            S::BadSignature => SignStatus::BadSignature,
        }
    }
}

impl SignStatus {
    /// The status of its word (`Status::word`), as the list's index keeps it. A word this
    /// xal does not write (none is) counts as `void`: it cannot hold.
    pub fn of_word(w: &str) -> SignStatus {
        match w {
            "signed" => SignStatus::Signed,
            "unsigned" => SignStatus::Unsigned,
            "unknown signer" => SignStatus::UnknownSigner,
            "bad signature" => SignStatus::BadSignature,
            _ => SignStatus::Void,
        }
    }
}

/// The assessment's state: `approved` while an approval holds; when none holds, the status
/// of the latest approval (`void`, `unsigned`, `unknown signer`, `bad signature`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub enum Status {
    #[serde(rename = "draft")]
    Draft,
    #[serde(rename = "complete")]
    Complete,
    #[serde(rename = "approved")]
    Approved,
    #[serde(rename = "void")]
    Void,
    #[serde(rename = "unsigned")]
    Unsigned,
    #[serde(rename = "unknown signer")]
    UnknownSigner,
    #[serde(rename = "bad signature")]
    BadSignature,
}

impl Status {
    /// The state of its word (`report::signoff::approval_state`).
    pub fn of_word(w: &str) -> Status {
        match w {
            "draft" => Status::Draft,
            "complete" => Status::Complete,
            "approved" => Status::Approved,
            other => match SignStatus::of_word(other) {
                SignStatus::Signed => Status::Approved,
                SignStatus::Void => Status::Void,
                SignStatus::Unsigned => Status::Unsigned,
                SignStatus::UnknownSigner => Status::UnknownSigner,
                SignStatus::BadSignature => Status::BadSignature,
            },
        }
    }
}

/// `xal show ID --format json`.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
// One value per run, printed and dropped: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Show {
    Shown(WithEvaluation<Shown>),
    /// In a trainee's data dir whose results are hidden (`train start --hide-result`).
    Hidden(HiddenShow),
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Shown {
    pub id: String,
    pub service: Service,
    /// By question id (impact answers by category), or for user groups an array of
    /// `{id, name, answers, tailoring}`: the same `answers` as `xal export --format json`.
    pub answers: Value,
    /// The assessor's notes by question id, as `xal export --format json` gives them.
    pub assessor_notes: BTreeMap<String, String>,
    pub signoff: Vec<SignOff>,
    /// The review date of the latest approval that holds; null while none holds.
    pub review_due: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HiddenShow {
    pub schema: SchemaName,
    pub id: String,
    pub service: Service,
    /// The trainee's own answers and notes: they say nothing of the result.
    pub answers: Value,
    pub assessor_notes: BTreeMap<String, String>,
    pub complete: bool,
    pub hidden: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// Where the file came from (its `[origin]` table), when it says: a pack's scenario, the
/// assessment it was copied or imported from, the file imported.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Origin {
    pub pack: String,
    pub pack_version: String,
    pub scenario: String,
    pub from_id: String,
    pub source: String,
}

impl Origin {
    /// The file's `[origin]`, when it has one that says something.
    pub fn of(o: Option<&crate::store::Origin>) -> Option<Origin> {
        o.filter(|o| !o.is_empty()).map(|o| Origin {
            pack: o.pack.clone(),
            pack_version: o.pack_version.clone(),
            scenario: o.scenario.clone(),
            from_id: o.from_id.clone(),
            source: o.source.clone(),
        })
    }
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Fingerprints {
    pub record_sha256: String,
    pub content_sha256: String,
    /// By part of the record (`part.service`, …).
    pub parts: Ordered<String>,
    pub answers_sha256: String,
    pub ruleset_sha256: String,
    /// What the file recorded of its ruleset (`""` when it did not).
    pub recorded_ruleset_sha256: String,
}

/// `xal export ID --format json`: the evaluation and everything of the record; each user
/// group with its acceptance statement.
pub type Export = WithEvaluation<Exported, ExportGroup>;

/// One user group of an export: its evaluation, its Digital Identity Acceptance Statement
/// and its initial impact assessment (800-63-4 §3.4.4).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ExportGroup {
    #[serde(flatten)]
    pub outcome: GroupOutcome,
    pub statement: Statement,
    /// Null when the ruleset has no impact question.
    pub impact: Option<ImpactAssessment>,
}

/// A level by its id, with its label where the ruleset gives one (800-63-4's `IAL0` is "No
/// identity proofing"), in the chosen language.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A target's final level beside its initial one.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StatementLevel {
    #[serde(rename = "final")]
    pub final_: LevelRef,
    pub initial: LevelRef,
    /// The final level differs from the initial one.
    pub tailored: bool,
    /// It differs and no rationale is written.
    pub needs_rationale: bool,
    /// The initial level is only a lower bound (answers are missing).
    pub lower_bound: bool,
}

/// A compensating control [ICC].
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CompensatingControl {
    pub control: String,
    /// The baseline control it replaces.
    pub replaces: String,
    pub why: String,
    pub comparability: String,
    pub residual_risk: String,
}

/// A supplemental control, weighed against the three tailoring areas [ISC-1, ISC-2].
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SupplementalControl {
    pub control: String,
    pub privacy: String,
    pub experience: String,
    pub threats: String,
}

/// A user group's Digital Identity Acceptance Statement as the assessor wrote it (its
/// `tailoring` table). Every member is present: `""` or `[]` is a part nobody wrote.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// By target id.
    pub levels: Ordered<StatementLevel>,
    pub rationale: String,
    /// The three tailoring areas (§3.4.1).
    pub privacy: String,
    pub experience: String,
    pub threats: String,
    /// Decisions on cost that changed a level [PCT-4].
    pub cost: String,
    /// The outside CSP or IdP relied on [DIAS-2], and what of its statement was reviewed.
    pub provider: String,
    pub provider_dias: String,
    /// Continuous evaluation (§3.5) and redress (§3.6).
    pub evaluation: String,
    pub redress: String,
    pub compensating: Vec<CompensatingControl>,
    pub supplemental: Vec<SupplementalControl>,
}

/// How an impact matrix's ratings combine (the ruleset's `combine`).
#[derive(Clone, Copy, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub enum CombineMethod {
    #[serde(rename = "high-water")]
    HighWater,
    #[serde(rename = "average")]
    Average,
}

/// The group's initial impact assessment [IA-1, CIL-1]: a rating per category, and per entity
/// where the assessor rated a category per entity.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImpactAssessment {
    /// The impact question's id.
    pub question: String,
    /// Whether it is asked under the group's other answers.
    pub asked: bool,
    /// Impact id by category id; null while unrated. A category rated per entity holds the
    /// highest of its entities.
    pub categories: Ordered<Option<String>>,
    /// The per-entity ratings of the categories rated per entity: impact id by entity id, by
    /// category id (empty when every category is rated as a whole) [IC-3].
    pub entities: Ordered<Ordered<String>>,
    /// The overall impact level; null until every category is rated, or when not asked.
    pub overall: Option<String>,
    /// The overall level with unrated categories at the lowest impact; null when not asked.
    pub lower_bound: Option<String>,
    pub method: CombineMethod,
    /// The method in words, in the chosen language.
    pub method_text: String,
    /// The ratings were carried over from an earlier version of the ruleset.
    pub carried: bool,
    /// The scale answer's option id (the ruleset's `[groups] scale` question), null when not
    /// given.
    pub scale: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Exported {
    pub id: String,
    pub service: Service,
    /// By question id (impact answers by category), or for user groups an array of
    /// `{id, name, answers, tailoring}`: the record's `answers`.
    pub answers: Value,
    /// The assessor's notes by question id.
    pub assessor_notes: BTreeMap<String, String>,
    pub created: DateTime,
    pub updated: DateTime,
    pub signoff: Vec<SignOff>,
    /// The review date of the latest approval that holds; null while none holds.
    pub review_due: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    pub status: Status,
    /// The targets whose level is a lower bound (`group/target` for user groups).
    pub lower_bounds: Vec<String>,
    pub fingerprints: Fingerprints,
    /// The canonical record (docs/record.md).
    pub record: Value,
}

// ---------------------------------------------------------------- many assessments

/// The latest sign-off step, as a list shows it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SignMark {
    pub step: String,
    pub by: String,
    pub at: DateTime,
    pub holds: bool,
    pub status: SignStatus,
    pub signer: String,
    pub key: String,
}

#[derive(Clone, Copy, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DueState {
    Overdue,
    Soon,
    Later,
}

/// One assessment of `xal list --format json`.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ListRow {
    pub schema: SchemaName,
    pub id: String,
    /// The service's name (the list has no room for the rest of `service`).
    pub service: String,
    pub agency: String,
    /// The DGS service group, when answered.
    pub group: Option<String>,
    /// The ruleset's id.
    pub ruleset: String,
    pub ruleset_known: bool,
    pub levels: Levels,
    pub complete: bool,
    /// Whether each level is final, by target (false: a lower bound, as `xal eval` says).
    #[serde(rename = "final")]
    pub final_: Ordered<bool>,
    pub updated: DateTime,
    pub path: String,
    pub signoff: Option<SignMark>,
    /// The review date of the latest approval that holds; null while none holds.
    pub review_due: Option<Date>,
    pub due: Option<DueState>,
    /// Entries of its `[conflicts]` table (0 outside a git repository).
    pub conflicts: u32,
}

/// A file of the data dir that does not parse.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BrokenRow {
    pub schema: SchemaName,
    pub path: String,
    pub broken: bool,
    /// `FILE:LINE:COLUMN: message`.
    pub error: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum ListEntry {
    Assessment(Box<ListRow>),
    Broken(BrokenRow),
}

/// `xal list --format json`: an array (as documented since the first release), each entry
/// carrying `schema`.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct List(pub Vec<ListEntry>);

// ---------------------------------------------------------------- comparisons

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DiffLevel {
    pub target: String,
    /// `ruleset:level`: levels of two rulesets are never the same thing.
    pub level: String,
    #[serde(rename = "final")]
    pub final_: bool,
    pub meaning: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DiffOutcome {
    pub group: Option<String>,
    pub complete: bool,
    pub missing: Vec<String>,
    /// One entry per target (a comparison needs each level's meaning beside it).
    pub levels: Vec<DiffLevel>,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DiffRuleset {
    pub id: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DiffSide {
    pub label: String,
    pub service: String,
    pub ruleset: DiffRuleset,
    pub groups: Vec<DiffOutcome>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelChange {
    pub group: Option<String>,
    pub target: String,
    pub a: Option<String>,
    pub b: Option<String>,
    pub changed: bool,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerChange {
    pub answer: String,
    pub a: Option<String>,
    pub b: Option<String>,
}

/// `xal diff --format json`.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Diff {
    pub schema: SchemaName,
    pub a: DiffSide,
    pub b: DiffSide,
    pub rulesets_differ: bool,
    pub note: Option<String>,
    pub levels: Vec<LevelChange>,
    pub answers: Vec<AnswerChange>,
    pub no_counterpart: Vec<String>,
    pub unanswered: Vec<String>,
    /// Re-evaluation: answers the other ruleset reads from the old ones (`[[carry]]`), in
    /// words; present when there are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried: Option<Vec<String>>,
}

// ---------------------------------------------------------------- training, git, verify

/// `xal train collect --format json`: per scenario, each trainee's levels and answers beside
/// the reference.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Collect {
    pub schema: SchemaName,
    pub trainees: Vec<String>,
    pub submitted_nothing: Vec<String>,
    pub notes: Vec<String>,
    pub scenarios: Vec<Scenario>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub scenario: String,
    pub service: String,
    pub ruleset: String,
    pub submissions: u32,
    pub complete: u32,
    pub matched: u32,
    pub reference: ScenarioReference,
    pub trainees: Vec<TraineeRow>,
    pub untouched: Vec<String>,
    pub missing: Vec<String>,
    pub most_missed: Vec<MostMissed>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScenarioReference {
    pub levels: BTreeMap<String, String>,
    pub answers: BTreeMap<String, String>,
}

/// Where one trainee stands on a scenario: exactly one of these.
#[derive(Clone, Copy, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TraineeStatus {
    Answered,
    PartlyAnswered,
    Untouched,
    NoFile,
    Unreadable,
    OtherRuleset,
}

/// A trainee's level (or answer) beside the reference's.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Graded {
    pub given: Option<String>,
    pub reference: Option<String>,
    /// Null when there is nothing to grade against, or the answer is not graded.
    pub correct: Option<bool>,
}

/// One trainee on one scenario: levels and answers for those whose file was read (empty
/// for the others).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TraineeRow {
    pub trainee: String,
    /// The file read, or the place of the one that could not be read.
    pub source: Option<String>,
    pub complete: bool,
    pub matched: bool,
    pub other_ruleset: Option<String>,
    /// By target id.
    pub levels: Ordered<Graded>,
    /// By question id.
    pub answers: Ordered<Graded>,
    pub status: TraineeStatus,
    /// `partly_answered`: how many of how many questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<u32>,
    /// `unreadable`: where, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MissedBy {
    pub trainee: String,
    pub given: String,
}

/// A question many trainees answered otherwise than the reference.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MostMissed {
    pub question: String,
    pub reference: String,
    pub count: u32,
    pub of: u32,
    pub missed_by: Vec<MissedBy>,
    pub rationale: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryChange {
    /// `impact.auth.financial`, `service.name`, `note impact.proofing`, `public/pi.needed`.
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    pub commit: String,
    /// `Name <email>`.
    pub author: String,
    pub date: DateTime,
    pub subject: String,
    pub created: bool,
    pub removed: bool,
    /// The version did not parse: its error.
    pub broken: Option<String>,
    pub changes: Vec<HistoryChange>,
}

/// `xal history ID --format json`: newest first.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct History {
    pub schema: SchemaName,
    pub id: String,
    pub entries: Vec<HistoryEntry>,
}

/// `xal verify --format json`.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Verify {
    pub schema: SchemaName,
    /// The assessment file checked.
    pub file: String,
    #[serde(rename = "match")]
    pub matches: bool,
    pub record_sha256: String,
    /// The fingerprint the report or the paper gave.
    pub claimed_sha256: String,
    pub differing_parts: Vec<String>,
    pub differing_answers: Vec<String>,
    /// The report's own content no longer matches the fingerprint it carries.
    pub report_changed: bool,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Trashed {
    pub id: String,
    /// `YYYY-MM-DD HH:MM`, local time.
    pub deleted: String,
    pub service: String,
    pub file: String,
    pub readable: bool,
}

/// `xal trash list --format json`: newest first.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Trash {
    pub schema: SchemaName,
    pub trash: Vec<Trashed>,
}

/// `n` as the `u32` of the contract (a count never near its end).
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod schemas {
    //! The JSON Schemas of `docs/schema/`, generated from the types above: the checked-in
    //! files must be what they generate. `UPDATE_SCHEMA=1 cargo test --lib schemas`
    //! rewrites them; review the diff.

    use std::path::{Path, PathBuf};

    use schemars::{JsonSchema, Schema, SchemaGenerator, schema_for};
    use serde_json::Value;

    use super::*;

    impl JsonSchema for DateTime {
        fn schema_name() -> std::borrow::Cow<'static, str> {
            "DateTime".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            schemars::json_schema!({ "type": "string", "format": "date-time" })
        }
    }

    impl JsonSchema for Date {
        fn schema_name() -> std::borrow::Cow<'static, str> {
            "Date".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            schemars::json_schema!({ "type": "string", "format": "date" })
        }
    }

    /// Described as the map it is.
    impl<V: JsonSchema> JsonSchema for Ordered<V> {
        fn inline_schema() -> bool {
            <BTreeMap<String, V>>::inline_schema()
        }
        fn schema_name() -> std::borrow::Cow<'static, str> {
            <BTreeMap<String, V>>::schema_name()
        }
        fn schema_id() -> std::borrow::Cow<'static, str> {
            <BTreeMap<String, V>>::schema_id()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            <BTreeMap<String, V>>::json_schema(g)
        }
    }

    /// Every kind, with its schema (`$id` `xal.<kind>/1`).
    pub fn all() -> Vec<(&'static str, Value)> {
        vec![
            ("eval", finish("eval", schema_for!(Eval))),
            ("show", finish("show", schema_for!(Show))),
            ("list", finish("list", schema_for!(List))),
            ("export", finish("export", schema_for!(Export))),
            ("diff", finish("diff", schema_for!(Diff))),
            ("collect", finish("collect", schema_for!(Collect))),
            ("history", finish("history", schema_for!(History))),
            ("verify", finish("verify", schema_for!(Verify))),
            ("trash", finish("trash", schema_for!(Trash))),
        ]
    }

    /// The schema with its `$id` and title, and `schema` pinned to `xal.<kind>/1` wherever an
    /// object has that member (each row of `list`, the object elsewhere).
    fn finish(kind: &str, s: Schema) -> Value {
        let mut v = s.to_value();
        let name = format!("xal.{kind}/1");
        if let Value::Object(m) = &mut v {
            m.insert("$id".into(), Value::String(name.clone()));
            m.insert(
                "title".into(),
                Value::String(format!("xal {kind} --format json ({name})")),
            );
        }
        pin(&mut v, &name);
        v
    }

    fn pin(v: &mut Value, name: &str) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Object(props)) = m.get_mut("properties")
                    && props.contains_key("schema")
                {
                    props.insert("schema".into(), serde_json::json!({ "const": name }));
                }
                for x in m.values_mut() {
                    pin(x, name);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| pin(x, name)),
            _ => {}
        }
    }

    fn schema_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema")
    }

    #[test]
    fn the_checked_in_schemas_are_the_generated_ones() {
        let kinds: Vec<&str> = all().into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, KINDS, "KINDS names every kind");
        let mut stale = Vec::new();
        for (kind, schema) in all() {
            let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
            let path = schema_dir().join(format!("{kind}.json"));
            if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
                continue;
            }
            if std::env::var_os("UPDATE_SCHEMA").is_some() {
                std::fs::create_dir_all(schema_dir()).unwrap();
                std::fs::write(&path, &text).unwrap();
            }
            stale.push(path.display().to_string());
        }
        assert!(
            stale.is_empty(),
            "out of date (UPDATE_SCHEMA=1 cargo test --lib schemas rewrites them): {stale:?}"
        );
    }
}
