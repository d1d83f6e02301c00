//! The JSON contract: one Rust type per kind of JSON that xal prints (`"schema":
//! "xal.<kind>/1"`), from which the JSON Schema files in `docs/schema/` are generated.
//!
//! The outputs are built as `serde_json` values where they are made (so that a member
//! follows the ruleset's targets); these types say what those values are, and
//! `tests/json_schema.rs` checks both ways: every command's real output validates against its
//! schema, and the checked-in files are what [`all`] generates (`UPDATE_SCHEMA=1` rewrites
//! them). A change of shape is therefore a change here, in the docs and in the tests at once.
//!
//! The same thing has the same name everywhere: `id`, `service`, `ruleset`, `complete`,
//! `levels` (level id by target id), `signoff`, `review_due` (`YYYY-MM-DD` or null),
//! `updated`/`created`/`at` (RFC 3339).

// The types are never built: only their derived schemas are used, so neither unread fields
// nor the size of a variant matter.
#![allow(dead_code, clippy::large_enum_variant)]

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, schema_for};
use serde::Serialize;
use serde_json::Value;

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

/// `"xal.<kind>/1"`, pinned by [`finish`].
type SchemaName = String;
/// RFC 3339, with its offset.
#[derive(Serialize)]
struct DateTime(String);
impl JsonSchema for DateTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateTime".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}
/// `YYYY-MM-DD`.
#[derive(Serialize)]
struct Date(String);
impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

/// Level id by target id (`{"ial": "IAL2.1", "aal": "AAL2"}`), in the ruleset's order.
type Levels = BTreeMap<String, String>;

// ---------------------------------------------------------------- the evaluation

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RulesetRef {
    id: String,
    version: String,
    /// `final`, `provisional`, `draft`, …
    status: String,
}

/// Why a target has its level: the rule (or floor) that set it and the answers behind it.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Reason {
    target: String,
    rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    floor: Option<bool>,
    level: String,
    because: Vec<String>,
    text: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RulesetNote {
    id: String,
    text: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Ignored {
    id: String,
    reason: String,
}

/// A question answered, for now, with what an earlier version of the ruleset recorded
/// (`[[carry]]` in the ruleset): the file still holds only the old answers.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct CarriedAnswer {
    /// The question of this ruleset.
    question: String,
    /// The earlier version's answer ids it was read from.
    from: Vec<String>,
    /// The ruleset asks the assessor to confirm it: until then the evaluation is incomplete
    /// and `missing` names the question.
    confirm: bool,
    /// Always false: once the assessor answers the question nothing is carried.
    confirmed: bool,
    /// The version of the ruleset that changed the question, when it says.
    since: Option<String>,
    /// "carried over from 1.x", in the chosen language.
    origin: Option<String>,
    /// The whole sentence, in the chosen language.
    text: String,
}

/// `<target>`: the level the plan reaches; `meets_<target>`: whether that is enough.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum PlanValue {
    Level(String),
    Meets(bool),
}

/// A top-level member named by a target: `ial` (its level id) or `ial_major` (a number). Kept
/// beside `levels` for scripts written before it.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum TargetValue {
    Level(String),
    Major(i64),
}

/// What one answer set gives (`xal eval` of a ruleset without user groups, or one group).
#[derive(Serialize, JsonSchema)]
struct Outcome {
    complete: bool,
    /// Question ids still to answer.
    missing: Vec<String>,
    reasons: Vec<Reason>,
    notes: Vec<RulesetNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plan: Option<BTreeMap<String, PlanValue>>,
    ignored: Vec<Ignored>,
    /// Answers carried over from an earlier version of the ruleset; present when there are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    carried: Option<Vec<CarriedAnswer>>,
    /// Whether each target's level is final (false: a lower bound).
    #[serde(rename = "final")]
    final_: BTreeMap<String, bool>,
    levels: Levels,
}

#[derive(Serialize, JsonSchema)]
struct Single {
    ruleset: RulesetRef,
    #[serde(flatten)]
    outcome: Outcome,
    #[serde(flatten)]
    by_target: BTreeMap<String, TargetValue>,
}

/// One user group (800-63-4): its final (tailored) levels, and the initial ones.
#[derive(Serialize, JsonSchema)]
struct GroupOutcome {
    id: String,
    name: String,
    #[serde(flatten)]
    outcome: Outcome,
    initial: BTreeMap<String, TargetValue>,
    needs_rationale: Vec<String>,
    tailoring_problems: Vec<String>,
    #[serde(flatten)]
    by_target: BTreeMap<String, TargetValue>,
}

#[derive(Serialize, JsonSchema)]
struct Grouped<G = GroupOutcome> {
    ruleset: RulesetRef,
    complete: bool,
    groups: Vec<G>,
}

/// An evaluation with the members `H` adds to it. Each branch is one object (the members of
/// `H` beside the evaluation's), so that a member of `H` is never taken for a target's level.
// `G` is what each user group holds (`export` adds the acceptance statement); a comment, not
// a doc comment, so that the schemas' description stays as it was.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum WithEvaluation<H, G = GroupOutcome> {
    Single(WithSingle<H>),
    Grouped(WithGrouped<H, G>),
}

#[derive(Serialize, JsonSchema)]
struct WithSingle<H> {
    #[serde(flatten)]
    head: H,
    #[serde(flatten)]
    single: Single,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct WithGrouped<H, G = GroupOutcome> {
    #[serde(flatten)]
    head: H,
    #[serde(flatten)]
    grouped: Grouped<G>,
}

/// `xal eval --format json`.
type Eval = WithEvaluation<EvalHead>;

#[derive(Serialize, JsonSchema)]
struct EvalHead {
    schema: SchemaName,
    /// With `--explain`: the single-answer changes that would move a level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    what_would_change: Option<Value>,
    /// With `--explain`: the planner's routes to each other level, per target (and group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    whatif: Option<Vec<WhatifTarget>>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct WhatifTarget {
    /// The user group, for a ruleset with user groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    target: String,
    /// The level now.
    level: String,
    #[serde(rename = "final")]
    final_: bool,
    goals: Vec<WhatifGoal>,
}

/// One other level, and the sets of up to two answer changes that reach it.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct WhatifGoal {
    level: String,
    /// `raise` or `lower`.
    direction: String,
    routes: Vec<WhatifRoute>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct WhatifRoute {
    steps: Vec<WhatifStep>,
    level: String,
    #[serde(rename = "final")]
    final_: bool,
    /// The sentence, in the chosen language.
    text: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct WhatifStep {
    /// The question id (`question.category` for an impact cell).
    answer: String,
    /// The option (or impact) id now; `null` when unanswered.
    from: Option<String>,
    to: String,
}

// ---------------------------------------------------------------- one assessment

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Service {
    name: String,
    agency: String,
    description: String,
    /// The assessor or owner, when given.
    owner: Option<String>,
}

/// One sign-off step as recorded, and whether it still holds.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SignOff {
    step: String,
    by: String,
    role: String,
    note: String,
    at: DateTime,
    /// The content fingerprint it accepted.
    record: String,
    holds: bool,
    status: SignStatus,
    /// The principal that signed it with an SSH key (`""` when unsigned).
    signer: String,
    /// The signing key's fingerprint, `SHA256:…` (`""` when unsigned).
    key: String,
}

/// A sign-off's one status (docs/record.md, "Signed sign-offs").
#[derive(Serialize, JsonSchema)]
enum SignStatus {
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

/// The assessment's state: `approved` while an approval holds; when none holds, the status
/// of the latest approval (`void`, `unsigned`, `unknown signer`, `bad signature`).
#[derive(Serialize, JsonSchema)]
enum Status {
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

/// `xal show ID --format json`.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum Show {
    Shown(WithEvaluation<Shown>),
    /// In a trainee's data dir whose results are hidden (`train start --hide-result`).
    Hidden(HiddenShow),
}

#[derive(Serialize, JsonSchema)]
struct Shown {
    schema: SchemaName,
    id: String,
    service: Service,
    signoff: Vec<SignOff>,
    /// The review date of the latest approval that holds; null while none holds.
    review_due: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<Origin>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct HiddenShow {
    schema: SchemaName,
    id: String,
    service: Service,
    complete: bool,
    hidden: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<Origin>,
}

/// Where the file came from (its `[origin]` table), when it says: a pack's scenario, the
/// assessment it was copied or imported from, the file imported.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Origin {
    pack: String,
    pack_version: String,
    scenario: String,
    from_id: String,
    source: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Fingerprints {
    record_sha256: String,
    content_sha256: String,
    /// By part of the record (`part.service`, …).
    parts: BTreeMap<String, String>,
    answers_sha256: String,
    ruleset_sha256: String,
    /// What the file recorded of its ruleset, when it did.
    recorded_ruleset_sha256: Option<String>,
}

/// `xal export ID --format json`: the evaluation and everything of the record; each user
/// group with its acceptance statement.
type Export = WithEvaluation<ExportHead, ExportGroup>;

/// One user group of an export: its evaluation, its Digital Identity Acceptance Statement
/// and its initial impact assessment (800-63-4 §3.4.4).
#[derive(Serialize, JsonSchema)]
struct ExportGroup {
    #[serde(flatten)]
    outcome: GroupOutcome,
    statement: Statement,
    /// Null when the ruleset has no impact question.
    impact: Option<ImpactAssessment>,
}

/// A level by its id, with its label where the ruleset gives one (800-63-4's `IAL0` is "No
/// identity proofing"), in the chosen language.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct LevelRef {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
}

/// A target's final level beside its initial one.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct StatementLevel {
    #[serde(rename = "final")]
    final_: LevelRef,
    initial: LevelRef,
    /// The final level differs from the initial one.
    tailored: bool,
    /// It differs and no rationale is written.
    needs_rationale: bool,
    /// The initial level is only a lower bound (answers are missing).
    lower_bound: bool,
}

/// A compensating control [ICC].
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct CompensatingControl {
    control: String,
    /// The baseline control it replaces.
    replaces: String,
    why: String,
    comparability: String,
    residual_risk: String,
}

/// A supplemental control, weighed against the three tailoring areas [ISC-1, ISC-2].
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SupplementalControl {
    control: String,
    privacy: String,
    experience: String,
    threats: String,
}

/// A user group's Digital Identity Acceptance Statement as the assessor wrote it (its
/// `tailoring` table). Every member is present: `""` or `[]` is a part nobody wrote.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Statement {
    /// By target id.
    levels: BTreeMap<String, StatementLevel>,
    rationale: String,
    /// The three tailoring areas (§3.4.1).
    privacy: String,
    experience: String,
    threats: String,
    /// Decisions on cost that changed a level [PCT-4].
    cost: String,
    /// The outside CSP or IdP relied on [DIAS-2], and what of its statement was reviewed.
    provider: String,
    provider_dias: String,
    /// Continuous evaluation (§3.5) and redress (§3.6).
    evaluation: String,
    redress: String,
    compensating: Vec<CompensatingControl>,
    supplemental: Vec<SupplementalControl>,
}

/// How an impact matrix's ratings combine (the ruleset's `combine`).
#[derive(Serialize, JsonSchema)]
enum CombineMethod {
    #[serde(rename = "high-water")]
    HighWater,
    #[serde(rename = "average")]
    Average,
}

/// The group's initial impact assessment [IA-1, CIL-1]: a rating per category, and per entity
/// where the assessor rated a category per entity.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ImpactAssessment {
    /// The impact question's id.
    question: String,
    /// Whether it is asked under the group's other answers.
    asked: bool,
    /// Impact id by category id; null while unrated. A category rated per entity holds the
    /// highest of its entities.
    categories: BTreeMap<String, Option<String>>,
    /// The per-entity ratings of the categories rated per entity: impact id by entity id, by
    /// category id (empty when every category is rated as a whole) [IC-3].
    entities: BTreeMap<String, BTreeMap<String, String>>,
    /// The overall impact level; null until every category is rated, or when not asked.
    overall: Option<String>,
    /// The overall level with unrated categories at the lowest impact; null when not asked.
    lower_bound: Option<String>,
    method: CombineMethod,
    /// The method in words, in the chosen language.
    method_text: String,
    /// The ratings were carried over from an earlier version of the ruleset.
    carried: bool,
    /// The scale answer's option id (the ruleset's `[groups] scale` question), null when not
    /// given.
    scale: Option<String>,
}

#[derive(Serialize, JsonSchema)]
struct ExportHead {
    schema: SchemaName,
    id: String,
    service: Service,
    /// By question id (impact answers by category), or for user groups an array of
    /// `{id, name, answers, tailoring}`: the record's `answers`.
    answers: Value,
    /// The assessor's notes by question id.
    assessor_notes: BTreeMap<String, String>,
    created: DateTime,
    updated: DateTime,
    signoff: Vec<SignOff>,
    /// The review date of the latest approval that holds; null while none holds.
    review_due: Option<Date>,
    status: Status,
    /// The targets whose level is a lower bound (`group/target` for user groups).
    lower_bounds: Vec<String>,
    fingerprints: Fingerprints,
    /// The canonical record (docs/record.md).
    record: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<Origin>,
}

// ---------------------------------------------------------------- many assessments

/// The latest sign-off step, as a list shows it.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SignMark {
    step: String,
    by: String,
    at: DateTime,
    holds: bool,
    status: SignStatus,
    signer: String,
    key: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum DueState {
    Overdue,
    Soon,
    Later,
}

/// One assessment of `xal list --format json`.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ListRow {
    schema: SchemaName,
    id: String,
    /// The service's name (the list has no room for the rest of `service`).
    service: String,
    agency: String,
    /// The DGS service group, when answered.
    group: Option<String>,
    /// The ruleset's id.
    ruleset: String,
    ruleset_known: bool,
    levels: Levels,
    complete: bool,
    updated: DateTime,
    path: String,
    signoff: Option<SignMark>,
    /// The review date of the latest approval that holds; null while none holds.
    review_due: Option<Date>,
    due: Option<DueState>,
    /// Entries of its `[conflicts]` table (0 outside a git repository).
    conflicts: u32,
}

/// A file of the data dir that does not parse.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct BrokenRow {
    schema: SchemaName,
    path: String,
    broken: bool,
    /// `FILE:LINE:COLUMN: message`.
    error: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum ListEntry {
    Assessment(ListRow),
    Broken(BrokenRow),
}

/// `xal list --format json`: an array (as documented since the first release), each entry
/// carrying `schema`.
#[derive(Serialize, JsonSchema)]
struct List(Vec<ListEntry>);

// ---------------------------------------------------------------- comparisons

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DiffLevel {
    target: String,
    /// `ruleset:level`: levels of two rulesets are never the same thing.
    level: String,
    #[serde(rename = "final")]
    final_: bool,
    meaning: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DiffOutcome {
    group: Option<String>,
    complete: bool,
    missing: Vec<String>,
    /// One entry per target (a comparison needs each level's meaning beside it).
    levels: Vec<DiffLevel>,
    reasons: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DiffRuleset {
    id: String,
    version: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DiffSide {
    label: String,
    service: String,
    ruleset: DiffRuleset,
    groups: Vec<DiffOutcome>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct LevelChange {
    group: Option<String>,
    target: String,
    a: Option<String>,
    b: Option<String>,
    changed: bool,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AnswerChange {
    answer: String,
    a: Option<String>,
    b: Option<String>,
}

/// `xal diff --format json`.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Diff {
    schema: SchemaName,
    a: DiffSide,
    b: DiffSide,
    rulesets_differ: bool,
    note: Option<String>,
    levels: Vec<LevelChange>,
    answers: Vec<AnswerChange>,
    no_counterpart: Vec<String>,
    unanswered: Vec<String>,
    /// Re-evaluation: answers the other ruleset reads from the old ones (`[[carry]]`), in
    /// words; present when there are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    carried: Option<Vec<String>>,
}

// ---------------------------------------------------------------- training, git, verify

/// `xal train collect --format json`: per scenario, each trainee's levels and answers beside
/// the reference.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Collect {
    schema: SchemaName,
    trainees: Vec<String>,
    submitted_nothing: Vec<String>,
    notes: Vec<String>,
    scenarios: Vec<Scenario>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Scenario {
    scenario: String,
    service: String,
    ruleset: String,
    submissions: u32,
    complete: u32,
    matched: u32,
    reference: ScenarioReference,
    trainees: Vec<Value>,
    untouched: Vec<String>,
    missing: Vec<String>,
    most_missed: Vec<Value>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ScenarioReference {
    levels: Levels,
    answers: BTreeMap<String, String>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct HistoryChange {
    /// `impact.auth.financial`, `service.name`, `note impact.proofing`, `public/pi.needed`.
    key: String,
    old: Option<String>,
    new: Option<String>,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct HistoryEntry {
    commit: String,
    /// `Name <email>`.
    author: String,
    date: DateTime,
    subject: String,
    created: bool,
    removed: bool,
    /// The version did not parse: its error.
    broken: Option<String>,
    changes: Vec<HistoryChange>,
}

/// `xal history ID --format json`: newest first.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct History {
    schema: SchemaName,
    id: String,
    entries: Vec<HistoryEntry>,
}

/// `xal verify --format json`.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Verify {
    schema: SchemaName,
    /// The assessment file checked.
    file: String,
    #[serde(rename = "match")]
    matches: bool,
    record_sha256: String,
    /// The fingerprint the report or the paper gave.
    claimed_sha256: String,
    differing_parts: Vec<String>,
    differing_answers: Vec<String>,
    /// The report's own content no longer matches the fingerprint it carries.
    report_changed: bool,
}

#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Trashed {
    id: String,
    /// `YYYY-MM-DD HH:MM`, local time.
    deleted: String,
    service: String,
    file: String,
    readable: bool,
}

/// `xal trash list --format json`: newest first.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Trash {
    schema: SchemaName,
    trash: Vec<Trashed>,
}
