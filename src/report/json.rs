//! The JSON shapes: the evaluation object of `xal eval --format json`, and the report of
//! `xal export --format json` (that object plus the service, the answers, notes, times and
//! fingerprints).

use serde_json::{Map, Value, json};

use super::facts::{
    carried, carried_from, combine_id, combine_name, facts, ignored, impact_summary,
    tailoring_problem,
};
use super::fingerprint::{answers_sha256, answers_value};
use crate::answers::{AnswerSet, Answers, ControlPart, Group, StatementText, Tailoring};
use crate::engine::{Evaluation, GroupEvaluation, SetEvaluation, TargetResult};
use crate::ruleset::Ruleset;
use crate::store::Assessment;
use crate::text::Lang;

pub fn report(a: &Assessment, rs: &Ruleset, eval: &SetEvaluation, lang: Lang) -> Value {
    let mut v = evaluation_json(rs, eval, lang);
    // Each user group's acceptance statement, beside its evaluation.
    if let (SetEvaluation::Groups(gs), AnswerSet::Groups(groups), Some(Value::Array(out))) =
        (eval, &a.answers, v.get_mut("groups"))
    {
        for ((g, ge), o) in groups.iter().zip(gs).zip(out.iter_mut()) {
            o["statement"] = statement_json(rs, g, ge, lang);
            o["impact"] = impact_json(rs, &ge.eval, &g.answers, lang);
        }
    }
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
    let record = crate::record::Record::of(a, rs, eval);
    let content = record.content_sha256();
    v["signoff"] = Value::Array(
        a.signoffs
            .iter()
            .map(|s| {
                json!({
                    "step": s.step,
                    "by": s.by,
                    "role": s.role,
                    "note": s.note,
                    "at": s.at.to_rfc3339(),
                    "record": s.record,
                    "holds": crate::record::standing(s, &content) == crate::record::Standing::Holds,
                    "status": crate::record::signoff::status(s, &content).word(),
                    "signer": s.signer,
                    "key": s.key,
                })
            })
            .collect(),
    );
    // Only while an approval holds: a void, forged or unsigned approval sets no date.
    v["review_due"] =
        json!(super::signoff::review_due(&a.signoffs, &content).map(|d| d.to_string()));
    // Where it came from, so that `train collect` matches an export to its scenario even
    // when the assessment's id changed on the way.
    if let Some(o) = a.origin.as_ref().filter(|o| !o.is_empty()) {
        v["origin"] = json!(o);
    }
    // Said in words as well as by `complete`: a draft's levels are lower bounds.
    // … and an approval that does not hold by its status (`void`, `unsigned`, …).
    v["status"] = json!(super::signoff::approval_state(&a.signoffs, &content, eval.complete()).0);
    v["lower_bounds"] = json!(lower_bounds(rs, eval));
    v["fingerprints"] = json!({
        "record_sha256": record.sha256(),
        "content_sha256": content,
        "parts": record
            .part_hashes()
            .into_iter()
            .map(|(k, h)| (k.to_string(), Value::String(h)))
            .collect::<Map<String, Value>>(),
        "answers_sha256": answers_sha256(&a.answers),
        "ruleset_sha256": rs.sha256,
        "recorded_ruleset_sha256": a.ruleset.sha256,
    });
    v["record"] = record.value;
    with_schema("export", v)
}

/// A level by its id, with its label when it has one (`{"id": "IAL0", "label": "No identity
/// proofing"}` — the label in the report's language).
fn level_ref(rs: &Ruleset, target: usize, level: usize, lang: Lang) -> Value {
    let l = &rs.targets[target].levels[level];
    let mut m = Map::new();
    m.insert("id".into(), json!(l.id));
    if let Some(label) = &l.label {
        m.insert("label".into(), json!(label.get(lang)));
    }
    Value::Object(m)
}

/// One user group's Digital Identity Acceptance Statement (800-63-4 §3.4.4) as written in
/// its `tailoring` table, with the final level of each target beside its initial one. Every
/// member is present; an empty string or list is a part nobody wrote.
fn statement_json(rs: &Ruleset, g: &Group, ge: &GroupEvaluation, lang: Lang) -> Value {
    let empty = Tailoring::default();
    let t = g.tailoring.as_ref().unwrap_or(&empty);
    let mut levels = Map::new();
    for f in &ge.finals {
        let lower_bound = ge
            .eval
            .targets
            .iter()
            .find(|r| r.target == f.target)
            .is_some_and(|r| !r.final_);
        levels.insert(
            rs.targets[f.target].id.clone(),
            json!({
                "final": level_ref(rs, f.target, f.final_level, lang),
                "initial": level_ref(rs, f.target, f.initial, lang),
                "tailored": f.final_level != f.initial,
                "needs_rationale": f.needs_rationale,
                "lower_bound": lower_bound,
            }),
        );
    }
    let mut m = Map::new();
    m.insert("levels".into(), Value::Object(levels));
    for f in StatementText::ALL {
        m.insert(f.key().into(), json!(t.text(f)));
    }
    m.insert(
        "compensating".into(),
        Value::Array(
            t.compensating
                .iter()
                .map(|c| {
                    json!({
                        "control": c.part(ControlPart::Control),
                        "replaces": c.part(ControlPart::Replaces),
                        "why": c.part(ControlPart::Why),
                        "comparability": c.part(ControlPart::Comparability),
                        "residual_risk": c.part(ControlPart::Residual),
                    })
                })
                .collect(),
        ),
    );
    m.insert(
        "supplemental".into(),
        Value::Array(
            t.supplemental
                .iter()
                .map(|c| {
                    json!({
                        "control": c.part(ControlPart::Control),
                        "privacy": c.part(ControlPart::Privacy),
                        "experience": c.part(ControlPart::Experience),
                        "threats": c.part(ControlPart::Threats),
                    })
                })
                .collect(),
        ),
    );
    Value::Object(m)
}

/// The group's initial impact assessment [IA-1, CIL-1]: each category's rating by id (null
/// while unrated), the overall impact level (null until every category is rated, or when the
/// question is not asked) and the method that combined them.
fn impact_json(rs: &Ruleset, e: &Evaluation, ans: &Answers, lang: Lang) -> Value {
    let Some(s) = impact_summary(rs, e, ans) else {
        return Value::Null;
    };
    let categories: Map<String, Value> = s
        .cells
        .iter()
        .map(|&(c, r)| {
            (
                rs.categories[c].id.clone(),
                json!(r.map(|r| rs.impact[r].id.clone())),
            )
        })
        .collect();
    let entity_ids = rs
        .groups
        .as_ref()
        .map(|g| g.entities.as_slice())
        .unwrap_or(&[]);
    let entities: Map<String, Value> = s
        .cells
        .iter()
        .zip(&s.entities)
        .filter(|(_, per)| !per.is_empty())
        .map(|(&(c, _), per)| {
            let by: Map<String, Value> = per
                .iter()
                .map(|&(e, r)| (entity_ids[e].id.clone(), json!(rs.impact[r].id)))
                .collect();
            (rs.categories[c].id.clone(), Value::Object(by))
        })
        .collect();
    json!({
        "question": rs.questions[s.question].id,
        "asked": s.asked,
        "categories": categories,
        "entities": entities,
        "overall": s.overall.map(|r| rs.impact[r].id.clone()),
        "lower_bound": s.asked.then(|| rs.impact[s.lower].id.clone()),
        "method": combine_id(s.combine),
        "method_text": combine_name(s.combine, lang),
        "carried": s.carried,
        "scale": s.scale.and_then(|(sq, o)| o.map(|o| rs.questions[sq].options[o].id.clone())),
    })
}

/// The targets whose level is only a lower bound (`"group/target"` for user groups).
fn lower_bounds(rs: &Ruleset, eval: &SetEvaluation) -> Vec<String> {
    let of = |targets: &[TargetResult], prefix: &str| -> Vec<String> {
        targets
            .iter()
            .filter(|t| !t.final_)
            .map(|t| format!("{prefix}{}", rs.targets[t.target].id))
            .collect()
    };
    match eval {
        SetEvaluation::Single(e) => of(&e.targets, ""),
        SetEvaluation::Groups(gs) => gs
            .iter()
            .flat_map(|g| of(&g.eval.targets, &format!("{}/", g.id)))
            .collect(),
    }
}

/// `v` with `"schema": "xal.<kind>/1"` as its first member: every JSON object xal prints
/// says which shape it is (docs/record.md, "The JSON contract"; its schemas in docs/schema/).
pub fn with_schema(kind: &str, v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::with_capacity(m.len() + 1);
            out.insert("schema".into(), json!(format!("xal.{kind}/1")));
            out.extend(m.into_iter().filter(|(k, _)| k != "schema"));
            Value::Object(out)
        }
        other => other,
    }
}

/// The evaluation object of `xal eval --format json` (schema: docs/schema/eval.json): the stable
/// machine-readable shape that scripts, exports and tests share. Ids and flags are the same in
/// both languages; only the `text`, `because` and `reason` strings follow `lang`.
pub fn evaluation_json(rs: &Ruleset, eval: &SetEvaluation, lang: Lang) -> Value {
    let mut obj = Map::new();
    obj.insert(
        "ruleset".into(),
        json!({ "id": rs.id, "version": rs.version, "status": rs.status.as_str() }),
    );
    match eval {
        SetEvaluation::Single(e) => {
            body(rs, e, &mut obj, lang);
            let levels: Vec<usize> = e.targets.iter().map(|t| t.level).collect();
            insert_levels(rs, &levels, &mut obj);
            insert_levels_object(rs, &levels, &mut obj);
            obj.insert("final".into(), finality(rs, &e.targets));
        }
        SetEvaluation::Groups(gs) => {
            obj.insert("complete".into(), json!(eval.complete()));
            let groups: Vec<Value> = gs.iter().map(|g| group_json(rs, g, lang)).collect();
            obj.insert("groups".into(), Value::Array(groups));
        }
    }
    Value::Object(obj)
}

fn group_json(rs: &Ruleset, g: &GroupEvaluation, lang: Lang) -> Value {
    let mut obj = Map::new();
    obj.insert("id".into(), json!(g.id));
    obj.insert("name".into(), json!(g.name));
    body(rs, &g.eval, &mut obj, lang);
    let finals: Vec<usize> = g.finals.iter().map(|f| f.final_level).collect();
    insert_levels(rs, &finals, &mut obj);
    insert_levels_object(rs, &finals, &mut obj);
    let mut initial = Map::new();
    insert_levels(
        rs,
        &g.eval.targets.iter().map(|t| t.level).collect::<Vec<_>>(),
        &mut initial,
    );
    obj.insert("initial".into(), Value::Object(initial));
    obj.insert("final".into(), finality(rs, &g.eval.targets));
    let needs: Vec<&str> = g
        .finals
        .iter()
        .filter(|f| f.needs_rationale)
        .map(|f| rs.targets[f.target].id.as_str())
        .collect();
    obj.insert("needs_rationale".into(), json!(needs));
    let problems: Vec<String> = g
        .bad_tailoring
        .iter()
        .map(|p| tailoring_problem(rs, p, lang))
        .collect();
    obj.insert("tailoring_problems".into(), json!(problems));
    Value::Object(obj)
}

/// `levels`: level id by target id, the member of that name in every JSON xal prints
/// (`list`, `export`, the record).
fn insert_levels_object(rs: &Ruleset, levels: &[usize], obj: &mut Map<String, Value>) {
    let m: Map<String, Value> = rs
        .targets
        .iter()
        .zip(levels)
        .map(|(t, &l)| (t.id.clone(), json!(t.levels[l].id)))
        .collect();
    obj.insert("levels".into(), Value::Object(m));
}

/// `ial`, `ial_major` (when the scale has majors), `aal`, … by target id.
fn insert_levels(rs: &Ruleset, levels: &[usize], obj: &mut Map<String, Value>) {
    for (t, &l) in rs.targets.iter().zip(levels) {
        obj.insert(t.id.clone(), json!(t.levels[l].id));
        if let Some(m) = t.levels[l].major {
            obj.insert(format!("{}_major", t.id), json!(m));
        }
    }
}

fn finality(rs: &Ruleset, targets: &[TargetResult]) -> Value {
    let mut m = Map::new();
    for t in targets {
        m.insert(rs.targets[t.target].id.clone(), json!(t.final_));
    }
    Value::Object(m)
}

fn body(rs: &Ruleset, e: &Evaluation, obj: &mut Map<String, Value>, lang: Lang) {
    obj.insert("complete".into(), json!(e.complete));
    obj.insert("missing".into(), json!(e.missing));
    let mut reasons = Vec::new();
    for t in &e.targets {
        let target = &rs.targets[t.target].id;
        if let Some(ri) = t.rule {
            let rule = &rs.rules[ri];
            reasons.push(json!({
                "target": target,
                "rule": rule.id,
                "level": rs.targets[t.target].levels[rule.level].id,
                "because": facts(rs, &t.because, lang),
                "text": rule.reason.get(lang),
            }));
        }
        for f in &t.floors {
            let floor = &rs.floors[f.floor];
            reasons.push(json!({
                "target": target,
                "rule": floor.id,
                "floor": true,
                "level": rs.targets[t.target].levels[floor.min].id,
                "because": facts(rs, &f.because, lang),
                "text": floor.reason.get(lang),
            }));
        }
    }
    obj.insert("reasons".into(), Value::Array(reasons));
    let notes: Vec<Value> = e
        .notes
        .iter()
        .map(|&n| json!({ "id": rs.notes[n].id, "text": rs.notes[n].text.get(lang) }))
        .collect();
    obj.insert("notes".into(), Value::Array(notes));
    if !e.plans.is_empty() {
        let mut plan = Map::new();
        for p in &e.plans {
            let t = &rs.targets[p.target];
            plan.insert(t.id.clone(), json!(t.levels[p.achieves].id));
            plan.insert(format!("meets_{}", t.id), json!(p.meets));
        }
        obj.insert("plan".into(), Value::Object(plan));
    }
    let ignored: Vec<Value> = e
        .ignored
        .iter()
        .map(|i| json!({ "id": i.id, "reason": ignored(i, lang) }))
        .collect();
    obj.insert("ignored".into(), Value::Array(ignored));
    // Answers read from an earlier version of the ruleset (`[[carry]]`): only when there are.
    if !e.carried.is_empty() {
        let list: Vec<Value> = e
            .carried
            .iter()
            .map(|c| {
                json!({
                    "question": rs.questions[c.question].id,
                    "from": c.from,
                    "confirm": c.confirm,
                    "confirmed": false,
                    "since": rs.carry_into(c.question).and_then(|k| k.since.clone()),
                    "origin": rs.carry_into(c.question).map(|k| carried_from(k, lang)),
                    "text": carried(rs, c, lang),
                })
            })
            .collect();
        obj.insert("carried".into(), Value::Array(list));
    }
}
