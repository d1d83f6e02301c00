//! Comparisons: two assessments side by side, or one assessment re-evaluated under another
//! ruleset. Levels are always shown with their ruleset: IAL1 of NIST SP 800-63-4 is not IAL1
//! of 800-63-3, so two levels of different rulesets are never called equal.

use std::collections::{BTreeMap, BTreeSet};

use super::facts::ignored;
use super::outcome::{Outcome, one, outcomes};
use super::output::{
    self, AnswerChange, Diff, DiffLevel, DiffOutcome, DiffRuleset, DiffSide, LevelChange,
};
use super::tr;
use crate::answers::{
    AnswerSet, AnswerValue, Answers, ControlPart, Group, StatementText, Tailoring,
};
use crate::engine::{IgnoredWhy, evaluate, evaluate_set};
use crate::ruleset::Ruleset;
use crate::text::Lang;

/// One side of a comparison.
#[derive(Clone, Debug)]
pub struct Side {
    /// The file or id it came from, as given.
    pub label: String,
    pub service: String,
    pub ruleset_id: String,
    pub ruleset_version: String,
    pub outcomes: Vec<Outcome>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerDiff {
    pub answer: String,
    pub a: Option<String>,
    pub b: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelDiff {
    /// The user group, when the sides are per group.
    pub group: Option<String>,
    pub target: String,
    pub a: Option<String>,
    pub b: Option<String>,
    /// `a` and `b` as a person reads them (a level's label where it has one).
    pub a_shown: Option<String>,
    pub b_shown: Option<String>,
    pub a_meaning: String,
    pub b_meaning: String,
    /// Same ruleset and a different level; or different rulesets (never equal by name).
    pub changed: bool,
}

#[derive(Clone, Debug)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    pub rulesets_differ: bool,
    pub answers: Vec<AnswerDiff>,
    pub levels: Vec<LevelDiff>,
    /// Answers of A that the other ruleset has no question, option or category for (only for
    /// a re-evaluation).
    pub no_counterpart: Vec<String>,
    /// Questions the other ruleset asks that A's answers do not answer (re-evaluation only).
    pub unanswered: Vec<String>,
    /// Answers the other ruleset reads from A's old answers (`[[carry]]`), in words
    /// (re-evaluation only).
    pub carried: Vec<String>,
}

/// Every answer as `question` → value, matrix cells as `question.category`; per group
/// prefixed `group/`, with the group's tailoring as `group/tailoring.<key>`.
pub fn flatten(set: &AnswerSet) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    match set {
        AnswerSet::Single(a) => flatten_into(a, "", &mut out),
        AnswerSet::Groups(gs) => {
            for g in gs {
                let prefix = format!("{}/", g.id);
                flatten_into(&g.answers, &prefix, &mut out);
                if let Some(t) = &g.tailoring {
                    flatten_statement(t, &format!("{prefix}tailoring."), &mut out);
                }
            }
        }
    }
    out
}

/// A group's acceptance statement: final levels, each text field, each control's parts
/// (`compensating.1.why`, counted from 1 as people count).
fn flatten_statement(t: &Tailoring, prefix: &str, out: &mut BTreeMap<String, String>) {
    for (k, v) in &t.levels {
        out.insert(format!("{prefix}{k}"), v.clone());
    }
    for f in StatementText::ALL {
        let v = t.text(f);
        if !v.is_empty() {
            out.insert(format!("{prefix}{}", f.key()), v.to_string());
        }
    }
    for (kind, controls, parts) in [
        (
            "compensating",
            &t.compensating,
            &ControlPart::COMPENSATING[..],
        ),
        (
            "supplemental",
            &t.supplemental,
            &ControlPart::SUPPLEMENTAL[..],
        ),
    ] {
        for (n, c) in controls.iter().enumerate() {
            for p in parts {
                let v = c.part(*p);
                if !v.is_empty() {
                    out.insert(
                        format!("{prefix}{kind}.{}.{}", n + 1, p.key()),
                        v.to_string(),
                    );
                }
            }
        }
    }
}

fn flatten_into(a: &Answers, prefix: &str, out: &mut BTreeMap<String, String>) {
    for (k, v) in a {
        match v {
            AnswerValue::Choice(c) => {
                out.insert(format!("{prefix}{k}"), c.clone());
            }
            AnswerValue::Matrix(m) => {
                for (cat, l) in m {
                    out.insert(format!("{prefix}{k}.{cat}"), l.clone());
                }
            }
            AnswerValue::Other(t) => {
                out.insert(format!("{prefix}{k}"), t.to_string());
            }
        }
    }
}

fn answer_diffs(a: &AnswerSet, b: &AnswerSet) -> Vec<AnswerDiff> {
    let (fa, fb) = (flatten(a), flatten(b));
    let keys: BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
    keys.into_iter()
        .filter(|k| fa.get(*k) != fb.get(*k))
        .map(|k| AnswerDiff {
            answer: k.clone(),
            a: fa.get(k).cloned(),
            b: fb.get(k).cloned(),
        })
        .collect()
}

fn level_diffs(a: &Side, b: &Side, rulesets_differ: bool) -> Vec<LevelDiff> {
    let mut out = Vec::new();
    // Pair outcomes by group id; a single answer set pairs with a single one, or with the
    // only group of the other side.
    let key = |o: &Outcome| o.group.as_ref().map(|g| g.0.clone());
    let mut pairs: Vec<(Option<&Outcome>, Option<&Outcome>)> = Vec::new();
    if a.outcomes.len() == 1 && b.outcomes.len() == 1 {
        pairs.push((a.outcomes.first(), b.outcomes.first()));
    } else {
        for oa in &a.outcomes {
            pairs.push((Some(oa), b.outcomes.iter().find(|ob| key(ob) == key(oa))));
        }
        for ob in &b.outcomes {
            if !a.outcomes.iter().any(|oa| key(oa) == key(ob)) {
                pairs.push((None, Some(ob)));
            }
        }
    }
    for (oa, ob) in pairs {
        let group = oa.or(ob).and_then(key);
        let mut targets: Vec<String> = Vec::new();
        for o in [oa, ob].into_iter().flatten() {
            for l in &o.levels {
                if !targets.contains(&l.target) {
                    targets.push(l.target.clone());
                }
            }
        }
        for t in targets {
            let la = oa.and_then(|o| o.level(&t));
            let lb = ob.and_then(|o| o.level(&t));
            let show = |l: Option<&super::outcome::Level>, label: bool| {
                l.map(|l| {
                    let v = if label { &l.shown } else { &l.level };
                    if l.final_ {
                        v.clone()
                    } else {
                        format!("≥{v}")
                    }
                })
            };
            let (va, vb) = (show(la, false), show(lb, false));
            out.push(LevelDiff {
                group: group.clone(),
                target: t,
                changed: rulesets_differ || va != vb,
                a: va,
                b: vb,
                a_shown: show(la, true),
                b_shown: show(lb, true),
                a_meaning: la.map(|l| l.meaning.clone()).unwrap_or_default(),
                b_meaning: lb.map(|l| l.meaning.clone()).unwrap_or_default(),
            });
        }
    }
    out
}

/// Two assessments side by side.
#[allow(clippy::too_many_arguments)]
pub fn compare(
    a_label: &str,
    a_service: &str,
    a_rs: &Ruleset,
    a_set: &AnswerSet,
    b_label: &str,
    b_service: &str,
    b_rs: &Ruleset,
    b_set: &AnswerSet,
    lang: Lang,
) -> Comparison {
    let side = |label: &str, service: &str, rs: &Ruleset, set: &AnswerSet| Side {
        label: label.to_string(),
        service: service.to_string(),
        ruleset_id: rs.id.clone(),
        ruleset_version: rs.version.clone(),
        outcomes: outcomes(rs, &evaluate_set(rs, set), lang),
    };
    let a = side(a_label, a_service, a_rs, a_set);
    let b = side(b_label, b_service, b_rs, b_set);
    let rulesets_differ = a_rs.id != b_rs.id;
    Comparison {
        answers: answer_diffs(a_set, b_set),
        levels: level_diffs(&a, &b, rulesets_differ),
        a,
        b,
        rulesets_differ,
        no_counterpart: Vec::new(),
        unanswered: Vec::new(),
        carried: Vec::new(),
    }
}

/// One assessment's answers under its own ruleset (A) and under `other` (B). Answers are
/// reshaped when one ruleset is per user group and the other is not: a single answer set
/// becomes one group `all`; each group is evaluated on its own under a single-set ruleset.
pub fn reevaluate(
    label: &str,
    service: &str,
    own: &Ruleset,
    set: &AnswerSet,
    other: &Ruleset,
    lang: Lang,
) -> Comparison {
    let a = Side {
        label: label.to_string(),
        service: service.to_string(),
        ruleset_id: own.id.clone(),
        ruleset_version: own.version.clone(),
        outcomes: outcomes(own, &evaluate_set(own, set), lang),
    };
    let mut no_counterpart = BTreeSet::new();
    let mut unanswered = BTreeSet::new();
    let mut carried = Vec::new();
    let per_set: Vec<(Option<Group>, Answers)> = match set {
        AnswerSet::Single(ans) => vec![(None, ans.clone())],
        AnswerSet::Groups(gs) => gs
            .iter()
            .map(|g| (Some(g.clone()), g.answers.clone()))
            .collect(),
    };
    let mut b_outcomes = Vec::new();
    for (group, ans) in per_set {
        let prefix = group
            .as_ref()
            .map(|g| format!("{}/", g.id))
            .unwrap_or_default();
        let e = evaluate(other, &ans);
        for i in &e.ignored {
            // Old answers read into a question (`[[carry]]`) are said below, as moved.
            if !matches!(
                i.why,
                IgnoredWhy::NotAsked | IgnoredWhy::CarriedInto(_) | IgnoredWhy::Superseded(_)
            ) {
                no_counterpart.insert(format!("{prefix}{} ({})", i.id, ignored(i, lang)));
            }
        }
        carried.extend(
            e.carried
                .iter()
                .map(|c| format!("{prefix}{}", super::facts::carried(other, c, lang))),
        );
        for m in &e.missing {
            unanswered.insert(format!("{prefix}{m}"));
        }
        let outcome = if other.is_grouped() {
            let g = group.clone().unwrap_or(Group {
                id: "all".into(),
                name: service.to_string(),
                answers: ans.clone(),
                tailoring: None,
            });
            let ge = crate::engine::evaluate_group(other, &g);
            one(other, &ge.eval, Some(&ge), lang)
        } else {
            let mut o = one(other, &e, None, lang);
            o.group = group.map(|g| (g.id, g.name));
            o
        };
        b_outcomes.push(outcome);
    }
    let b = Side {
        label: label.to_string(),
        service: service.to_string(),
        ruleset_id: other.id.clone(),
        ruleset_version: other.version.clone(),
        outcomes: b_outcomes,
    };
    let rulesets_differ = own.id != other.id;
    Comparison {
        answers: Vec::new(),
        levels: level_diffs(&a, &b, rulesets_differ),
        a,
        b,
        rulesets_differ,
        no_counterpart: no_counterpart.into_iter().collect(),
        unanswered: unanswered.into_iter().collect(),
        carried,
    }
}

impl Comparison {
    /// The warning shown whenever the two sides use different rulesets.
    pub(crate) fn ruleset_note(&self, lang: Lang) -> Option<String> {
        self.rulesets_differ.then(|| {
            format!(
                "{} ({} / {}). {}",
                tr(lang, "ใช้ชุดเกณฑ์ต่างกัน", "The rulesets differ"),
                self.a.ruleset_id,
                self.b.ruleset_id,
                tr(
                    lang,
                    "ระดับที่ชื่อเหมือนกันไม่ได้มีความหมายเหมือนกัน เช่น IAL1 ของ NIST SP 800-63-4 ต้องพิสูจน์ตัวตนด้วยหลักฐานจริง แต่ IAL1 ของ 800-63-3 ไม่มีการพิสูจน์ตัวตน จึงแสดงทุกระดับพร้อมชื่อชุดเกณฑ์และความหมาย",
                    "Levels with the same name do not mean the same: e.g. IAL1 of NIST SP 800-63-4 requires real identity evidence, while IAL1 of 800-63-3 has no proofing. Every level is shown with its ruleset and meaning."
                )
            )
        })
    }

    pub fn text(&self, lang: Lang) -> String {
        let mut s = String::new();
        for (tag, side) in [("A", &self.a), ("B", &self.b)] {
            s.push_str(&format!(
                "{tag}: {} — {} — {} {}\n",
                side.label, side.service, side.ruleset_id, side.ruleset_version
            ));
        }
        if let Some(n) = self.ruleset_note(lang) {
            s.push_str(&format!("{}: {n}\n", tr(lang, "หมายเหตุ", "Note")));
        }
        s.push_str(&format!("\n{}:\n", tr(lang, "ระดับ", "Levels")));
        for l in &self.levels {
            let group = l
                .group
                .as_ref()
                .map(|g| format!("[{g}] "))
                .unwrap_or_default();
            let mark = if !l.changed {
                tr(lang, "เหมือนเดิม", "same")
            } else if self.rulesets_differ {
                tr(
                    lang,
                    "ต่างชุดเกณฑ์ เทียบตามความหมาย",
                    "different rulesets: compare meanings",
                )
            } else {
                tr(lang, "ต่างกัน", "differs")
            };
            let none = "-".to_string();
            s.push_str(&format!(
                "  {group}{}: A {}:{} | B {}:{}  ({mark})\n",
                l.target.to_uppercase(),
                self.a.ruleset_id,
                l.a_shown.as_ref().unwrap_or(&none),
                self.b.ruleset_id,
                l.b_shown.as_ref().unwrap_or(&none),
            ));
            if self.rulesets_differ {
                s.push_str(&format!(
                    "      A: {}\n      B: {}\n",
                    l.a_meaning, l.b_meaning
                ));
            }
        }
        if !self.answers.is_empty()
            || self.no_counterpart.is_empty()
                && self.unanswered.is_empty()
                && self.carried.is_empty()
        {
            s.push_str(&format!(
                "\n{}:\n",
                tr(lang, "คำตอบที่ต่างกัน", "Answers that differ")
            ));
            if self.answers.is_empty() {
                s.push_str(&format!("  {}\n", tr(lang, "ไม่มี", "none")));
            }
            for d in &self.answers {
                s.push_str(&format!(
                    "  {}: A {} | B {}\n",
                    d.answer,
                    d.a.as_deref().unwrap_or("-"),
                    d.b.as_deref().unwrap_or("-")
                ));
            }
        }
        if !self.carried.is_empty() {
            s.push_str(&format!(
                "\n{} {}:\n",
                tr(
                    lang,
                    "คำตอบเดิมที่ยกมาเป็นคำตอบของคำถามใน",
                    "Old answers carried over into the questions of"
                ),
                self.b.ruleset_id
            ));
            for x in &self.carried {
                s.push_str(&format!("  {x}\n"));
            }
        }
        if !self.no_counterpart.is_empty() {
            s.push_str(&format!(
                "\n{} {}:\n",
                tr(lang, "คำตอบที่ไม่มีคู่เทียบใน", "Answers with no counterpart in"),
                self.b.ruleset_id
            ));
            for x in &self.no_counterpart {
                s.push_str(&format!("  {x}\n"));
            }
        }
        if !self.unanswered.is_empty() {
            s.push_str(&format!(
                "\n{} {}:\n",
                tr(
                    lang,
                    "คำถามที่ยังไม่มีคำตอบภายใต้",
                    "Questions left unanswered under"
                ),
                self.b.ruleset_id
            ));
            for x in &self.unanswered {
                s.push_str(&format!("  {x}\n"));
            }
        }
        for (tag, side) in [("A", &self.a), ("B", &self.b)] {
            s.push_str(&format!(
                "\n{} {tag} ({}):\n",
                tr(lang, "เหตุผล", "Reasons"),
                side.ruleset_id
            ));
            for o in &side.outcomes {
                if let Some((id, _)) = &o.group {
                    s.push_str(&format!("  [{id}]\n"));
                }
                for r in &o.reasons {
                    s.push_str(&format!("  {r}\n"));
                }
            }
        }
        s
    }

    /// `xal diff --format json`.
    pub fn output(&self, lang: Lang) -> Diff {
        let side = |s: &Side| DiffSide {
            label: s.label.clone(),
            service: s.service.clone(),
            ruleset: DiffRuleset {
                id: s.ruleset_id.clone(),
                version: s.ruleset_version.clone(),
            },
            groups: s
                .outcomes
                .iter()
                .map(|o| DiffOutcome {
                    group: o.group.as_ref().map(|g| g.0.clone()),
                    complete: o.complete,
                    missing: o.missing.clone(),
                    levels: o
                        .levels
                        .iter()
                        .map(|l| DiffLevel {
                            target: l.target.clone(),
                            level: format!("{}:{}", s.ruleset_id, l.level),
                            final_: l.final_,
                            meaning: l.meaning.clone(),
                        })
                        .collect(),
                    reasons: o.reasons.clone(),
                })
                .collect(),
        };
        Diff {
            schema: output::DIFF,
            a: side(&self.a),
            b: side(&self.b),
            rulesets_differ: self.rulesets_differ,
            note: self.ruleset_note(lang),
            levels: self
                .levels
                .iter()
                .map(|l| LevelChange {
                    group: l.group.clone(),
                    target: l.target.clone(),
                    a: l.a.as_ref().map(|v| format!("{}:{v}", self.a.ruleset_id)),
                    b: l.b.as_ref().map(|v| format!("{}:{v}", self.b.ruleset_id)),
                    changed: l.changed,
                })
                .collect(),
            answers: self
                .answers
                .iter()
                .map(|d| AnswerChange {
                    answer: d.answer.clone(),
                    a: d.a.clone(),
                    b: d.b.clone(),
                })
                .collect(),
            no_counterpart: self.no_counterpart.clone(),
            unanswered: self.unanswered.clone(),
            carried: (!self.carried.is_empty()).then(|| self.carried.clone()),
        }
    }
}
