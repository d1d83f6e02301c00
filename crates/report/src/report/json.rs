//! The JSON shapes: the evaluation of `xal eval --format json`, and the report of
//! `xal export --format json` (the evaluation plus the service, the answers, notes, times and
//! fingerprints), built as the types of [`super::output`].

use super::facts::{
    carried, carried_from, combine_name, facts, ignored, impact_summary, tailoring_problem,
};
use super::output::{
    self, CarriedAnswer, CombineMethod, CompensatingControl, Date, DateTime, Evaluation, Export,
    ExportGroup, Exported, Fingerprints, GroupOutcome, Grouped, Ignored, ImpactAssessment,
    LevelRef, Levels, Ordered, Outcome, PlanValue, Reason, RulesetNote, RulesetRef, Service,
    SignOff, Single, Statement, StatementLevel, Status, SupplementalControl, TargetValue,
};
use crate::answers::{AnswerSet, Answers, ControlPart, Group, Tailoring};
use crate::engine::{Evaluation as EngineEvaluation, GroupEvaluation, SetEvaluation, TargetResult};
use crate::record::fingerprint::{answers_sha256, answers_value};
use crate::ruleset::{Combine, Ruleset};
use crate::store::Assessment;
use crate::text::Lang;

/// `xal export --format json` of `a`.
pub fn report(a: &Assessment, rs: &Ruleset, eval: &SetEvaluation, lang: Lang) -> Export {
    // Each user group's acceptance statement and impact assessment, beside its evaluation.
    let none = Group::default();
    let groups = match &a.answers {
        AnswerSet::Groups(groups) => groups.as_slice(),
        AnswerSet::Single(_) => &[],
    };
    let evaluation = evaluation_with(rs, eval, lang, |i, ge, outcome| {
        // An evaluation of groups is made of the file's groups, one for one.
        let g = groups.get(i).unwrap_or(&none);
        ExportGroup {
            outcome,
            statement: statement(rs, g, ge, lang),
            impact: impact(rs, &ge.eval, &g.answers, lang),
        }
    });
    let record = crate::record::Record::of(a, rs, eval);
    let content = record.content_sha256();
    let tail = Exported {
        id: a.id.clone(),
        service: service(a),
        answers: answers_value(&a.answers),
        assessor_notes: a.notes.clone(),
        created: DateTime(a.meta.created.to_rfc3339()),
        updated: DateTime(a.meta.updated.to_rfc3339()),
        signoff: signoffs(a, &content),
        // Only while an approval holds: a void, forged or unsigned approval sets no date.
        review_due: review_due(a, &content),
        // Where it came from, so that `train collect` matches an export to its scenario even
        // when the assessment's id changed on the way.
        origin: output::Origin::of(a.origin.as_ref()),
        // Said in words as well as by `complete`: a draft's levels are lower bounds.
        // … and an approval that does not hold by its status (`void`, `unsigned`, …).
        status: Status::of_word(
            super::signoff::approval_state(&a.signoffs, &content, eval.complete()).0,
        ),
        lower_bounds: lower_bounds(rs, eval),
        fingerprints: Fingerprints {
            record_sha256: record.sha256(),
            content_sha256: content,
            parts: record
                .part_hashes()
                .into_iter()
                .map(|(k, h)| (k.to_string(), h))
                .collect(),
            answers_sha256: answers_sha256(&a.answers),
            ruleset_sha256: rs.sha256.clone(),
            recorded_ruleset_sha256: a.ruleset.sha256.clone(),
        },
        record: record.value,
    };
    evaluation.with(output::EXPORT, tail)
}

/// The assessment's `service`, as `show` and `export` print it.
pub fn service(a: &Assessment) -> Service {
    Service {
        name: a.service.name.clone(),
        agency: a.service.agency.clone(),
        description: a.service.description.clone(),
        owner: a.service.owner.clone(),
    }
}

/// Every sign-off step, and whether it holds on the record's content `content`.
pub fn signoffs(a: &Assessment, content: &str) -> Vec<SignOff> {
    a.signoffs
        .iter()
        .map(|s| SignOff {
            step: s.step.clone(),
            by: s.by.clone(),
            role: s.role.clone(),
            note: s.note.clone(),
            at: DateTime(s.at.to_rfc3339()),
            record: s.record.clone(),
            holds: crate::record::standing(s, content) == crate::record::Standing::Holds,
            status: crate::record::signoff::status(s, content).into(),
            signer: s.signer.clone(),
            key: s.key.clone(),
        })
        .collect()
}

/// The review date of the latest approval that holds.
pub fn review_due(a: &Assessment, content: &str) -> Option<Date> {
    super::signoff::review_due(&a.signoffs, content).map(|d| Date(d.to_string()))
}

/// A level by its id, with its label when it has one (`{"id": "IAL0", "label": "No identity
/// proofing"}` — the label in the report's language).
fn level_ref(rs: &Ruleset, target: usize, level: usize, lang: Lang) -> LevelRef {
    let l = &rs.targets[target].levels[level];
    LevelRef {
        id: l.id.clone(),
        label: l.label.as_ref().map(|label| label.get(lang).to_string()),
    }
}

/// One user group's Digital Identity Acceptance Statement (800-63-4 §3.4.4) as written in
/// its `tailoring` table, with the final level of each target beside its initial one. Every
/// member is present; an empty string or list is a part nobody wrote.
fn statement(rs: &Ruleset, g: &Group, ge: &GroupEvaluation, lang: Lang) -> Statement {
    let empty = Tailoring::default();
    let t = g.tailoring.as_ref().unwrap_or(&empty);
    let levels = ge
        .finals
        .iter()
        .map(|f| {
            let lower_bound = ge
                .eval
                .targets
                .iter()
                .find(|r| r.target == f.target)
                .is_some_and(|r| !r.final_);
            (
                rs.targets[f.target].id.clone(),
                StatementLevel {
                    final_: level_ref(rs, f.target, f.final_level, lang),
                    initial: level_ref(rs, f.target, f.initial, lang),
                    tailored: f.final_level != f.initial,
                    needs_rationale: f.needs_rationale,
                    lower_bound,
                },
            )
        })
        .collect();
    let part = |c: &crate::answers::Control, p| c.part(p).to_string();
    Statement {
        levels,
        rationale: t.rationale.clone(),
        privacy: t.privacy.clone(),
        experience: t.experience.clone(),
        threats: t.threats.clone(),
        cost: t.cost.clone(),
        provider: t.provider.clone(),
        provider_dias: t.provider_dias.clone(),
        evaluation: t.evaluation.clone(),
        redress: t.redress.clone(),
        compensating: t
            .compensating
            .iter()
            .map(|c| CompensatingControl {
                control: part(c, ControlPart::Control),
                replaces: part(c, ControlPart::Replaces),
                why: part(c, ControlPart::Why),
                comparability: part(c, ControlPart::Comparability),
                residual_risk: part(c, ControlPart::Residual),
            })
            .collect(),
        supplemental: t
            .supplemental
            .iter()
            .map(|c| SupplementalControl {
                control: part(c, ControlPart::Control),
                privacy: part(c, ControlPart::Privacy),
                experience: part(c, ControlPart::Experience),
                threats: part(c, ControlPart::Threats),
            })
            .collect(),
    }
}

/// The group's initial impact assessment [IA-1, CIL-1]: each category's rating by id (null
/// while unrated), the overall impact level (null until every category is rated, or when the
/// question is not asked) and the method that combined them.
fn impact(
    rs: &Ruleset,
    e: &EngineEvaluation,
    ans: &Answers,
    lang: Lang,
) -> Option<ImpactAssessment> {
    let s = impact_summary(rs, e, ans)?;
    let categories = s
        .cells
        .iter()
        .map(|&(c, r)| {
            (
                rs.categories[c].id.clone(),
                r.map(|r| rs.impact[r].id.clone()),
            )
        })
        .collect();
    let entity_ids = rs
        .groups
        .as_ref()
        .map(|g| g.entities.as_slice())
        .unwrap_or(&[]);
    let entities = s
        .cells
        .iter()
        .zip(&s.entities)
        .filter(|(_, per)| !per.is_empty())
        .map(|(&(c, _), per)| {
            let by: Ordered<String> = per
                .iter()
                .map(|&(e, r)| (entity_ids[e].id.clone(), rs.impact[r].id.clone()))
                .collect();
            (rs.categories[c].id.clone(), by)
        })
        .collect();
    Some(ImpactAssessment {
        question: rs.questions[s.question].id.clone(),
        asked: s.asked,
        categories,
        entities,
        overall: s.overall.map(|r| rs.impact[r].id.clone()),
        lower_bound: s.asked.then(|| rs.impact[s.lower].id.clone()),
        method: match s.combine {
            Combine::HighWater => CombineMethod::HighWater,
            Combine::Average => CombineMethod::Average,
        },
        method_text: combine_name(s.combine, lang).to_string(),
        carried: s.carried,
        scale: s
            .scale
            .and_then(|(sq, o)| o.map(|o| rs.questions[sq].options[o].id.clone())),
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

/// The evaluation of `xal eval --format json` (schema: docs/schema/eval.json): the stable
/// machine-readable shape that scripts, exports and tests share. Ids and flags are the same in
/// both languages; only the `text`, `because` and `reason` strings follow `lang`.
pub fn evaluation(rs: &Ruleset, eval: &SetEvaluation, lang: Lang) -> Evaluation {
    evaluation_with(rs, eval, lang, |_, _, outcome| outcome)
}

/// [`evaluation`], each user group made a `G` by `each` (from its index, its evaluation and
/// what [`evaluation`] gives of it).
fn evaluation_with<G>(
    rs: &Ruleset,
    eval: &SetEvaluation,
    lang: Lang,
    mut each: impl FnMut(usize, &GroupEvaluation, GroupOutcome) -> G,
) -> Evaluation<G> {
    let ruleset = RulesetRef {
        id: rs.id.clone(),
        version: rs.version.clone(),
        status: rs.status.as_str().to_string(),
    };
    match eval {
        SetEvaluation::Single(e) => {
            let levels: Vec<usize> = e.targets.iter().map(|t| t.level).collect();
            Evaluation::Single(Single {
                ruleset,
                outcome: outcome(rs, e, lang),
                by_target: by_target(rs, &levels),
                levels: levels_object(rs, &levels),
                final_: finality(rs, &e.targets),
            })
        }
        SetEvaluation::Groups(gs) => Evaluation::Grouped(Grouped {
            ruleset,
            complete: eval.complete(),
            groups: gs
                .iter()
                .enumerate()
                .map(|(i, g)| each(i, g, group(rs, g, lang)))
                .collect(),
        }),
    }
}

fn group(rs: &Ruleset, g: &GroupEvaluation, lang: Lang) -> GroupOutcome {
    let finals: Vec<usize> = g.finals.iter().map(|f| f.final_level).collect();
    let initial: Vec<usize> = g.eval.targets.iter().map(|t| t.level).collect();
    GroupOutcome {
        id: g.id.clone(),
        name: g.name.clone(),
        outcome: outcome(rs, &g.eval, lang),
        by_target: by_target(rs, &finals),
        levels: levels_object(rs, &finals),
        initial: by_target(rs, &initial),
        final_: finality(rs, &g.eval.targets),
        needs_rationale: g
            .finals
            .iter()
            .filter(|f| f.needs_rationale)
            .map(|f| rs.targets[f.target].id.clone())
            .collect(),
        tailoring_problems: g
            .bad_tailoring
            .iter()
            .map(|p| tailoring_problem(rs, p, lang))
            .collect(),
    }
}

/// `levels`: level id by target id, the member of that name in every JSON xal prints
/// (`list`, `export`, the record).
fn levels_object(rs: &Ruleset, levels: &[usize]) -> Levels {
    rs.targets
        .iter()
        .zip(levels)
        .map(|(t, &l)| (t.id.clone(), t.levels[l].id.clone()))
        .collect()
}

/// `ial`, `ial_major` (when the scale has majors), `aal`, … by target id.
fn by_target(rs: &Ruleset, levels: &[usize]) -> Ordered<TargetValue> {
    let mut out = Vec::new();
    for (t, &l) in rs.targets.iter().zip(levels) {
        out.push((t.id.clone(), TargetValue::Level(t.levels[l].id.clone())));
        if let Some(m) = t.levels[l].major {
            out.push((format!("{}_major", t.id), TargetValue::Major(m)));
        }
    }
    Ordered(out)
}

fn finality(rs: &Ruleset, targets: &[TargetResult]) -> Ordered<bool> {
    targets
        .iter()
        .map(|t| (rs.targets[t.target].id.clone(), t.final_))
        .collect()
}

fn outcome(rs: &Ruleset, e: &EngineEvaluation, lang: Lang) -> Outcome {
    let mut reasons = Vec::new();
    for t in &e.targets {
        let target = &rs.targets[t.target].id;
        if let Some(ri) = t.rule {
            let rule = &rs.rules[ri];
            reasons.push(Reason {
                target: target.clone(),
                rule: rule.id.clone(),
                floor: None,
                level: rs.targets[t.target].levels[rule.level].id.clone(),
                because: facts(rs, &t.because, lang),
                text: rule.reason.get(lang).to_string(),
            });
        }
        for f in &t.floors {
            let floor = &rs.floors[f.floor];
            reasons.push(Reason {
                target: target.clone(),
                rule: floor.id.clone(),
                floor: Some(true),
                level: rs.targets[t.target].levels[floor.min].id.clone(),
                because: facts(rs, &f.because, lang),
                text: floor.reason.get(lang).to_string(),
            });
        }
    }
    let plan = (!e.plans.is_empty()).then(|| {
        let mut plan = Vec::new();
        for p in &e.plans {
            let t = &rs.targets[p.target];
            plan.push((
                t.id.clone(),
                PlanValue::Level(t.levels[p.achieves].id.clone()),
            ));
            plan.push((format!("meets_{}", t.id), PlanValue::Meets(p.meets)));
        }
        Ordered(plan)
    });
    // Answers read from an earlier version of the ruleset (`[[carry]]`): only when there are.
    let carried_answers = (!e.carried.is_empty()).then(|| {
        e.carried
            .iter()
            .map(|c| CarriedAnswer {
                question: rs.questions[c.question].id.clone(),
                from: c.from.clone(),
                confirm: c.confirm,
                confirmed: false,
                since: rs.carry_into(c.question).and_then(|k| k.since.clone()),
                origin: rs.carry_into(c.question).map(|k| carried_from(k, lang)),
                text: carried(rs, c, lang),
            })
            .collect()
    });
    Outcome {
        complete: e.complete,
        missing: e.missing.clone(),
        reasons,
        notes: e
            .notes
            .iter()
            .map(|&n| RulesetNote {
                id: rs.notes[n].id.clone(),
                text: rs.notes[n].text.get(lang).to_string(),
            })
            .collect(),
        plan,
        ignored: e
            .ignored
            .iter()
            .map(|i| Ignored {
                id: i.id.clone(),
                reason: ignored(i, lang),
            })
            .collect(),
        carried: carried_answers,
    }
}
