//! The class grid written out: Markdown and HTML (one document, the reports' style), CSV
//! (one row per trainee and answer) and JSON. Every heading in Thai or English.

use serde_json::{Value, json};

use super::collect::Handed;
use super::grid::{Grid, Row};
use crate::report::doc::Doc;
use crate::text::Lang;

const OK: &str = "✓";
const WRONG: &str = "✗";

/// The words of the class report.
#[derive(Clone, Copy)]
struct W(Lang);

impl W {
    fn t(&self, en: &'static str, th: &'static str) -> &'static str {
        match self.0 {
            Lang::Th => th,
            Lang::En => en,
        }
    }
}

fn mark(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => OK,
        Some(false) => WRONG,
        None => "",
    }
}

fn cell(value: Option<&String>, ok: Option<bool>) -> String {
    let v = value.map(String::as_str).unwrap_or("—");
    let m = mark(ok);
    if m.is_empty() {
        v.to_string()
    } else {
        format!("{v} {m}")
    }
}

fn level_of<'a>(row: &'a Row, target: &str) -> Option<&'a String> {
    row.levels.iter().find(|(t, _)| t == target).map(|(_, l)| l)
}

fn targets(g: &Grid) -> Vec<String> {
    let mut v: Vec<String> = g.reference_levels.iter().map(|(t, _)| t.clone()).collect();
    for r in &g.rows {
        for (t, _) in &r.levels {
            if !v.contains(t) {
                v.push(t.clone());
            }
        }
    }
    v
}

/// Trainees who handed in no file at all.
pub fn submitted_nothing(h: &Handed) -> Vec<String> {
    h.trainees
        .iter()
        .filter(|t| !h.submissions.iter().any(|s| &s.trainee == *t))
        .cloned()
        .collect()
}

/// Markdown and HTML say the same: this is their one document.
pub fn doc(h: &Handed, grids: &[Grid], lang: Lang) -> Doc {
    let w = W(lang);
    let mut d = Doc {
        title: w.t("Training results", "ผลการฝึกอบรม").into(),
        blocks: Vec::new(),
        draft: None,
    };
    let nothing = submitted_nothing(h);
    d.fields(vec![
        (
            w.t("Trainees", "ผู้เข้าอบรม").into(),
            format!("{} ({})", h.trainees.len(), h.trainees.join(", ")),
        ),
        (w.t("Scenarios", "สถานการณ์").into(), grids.len().to_string()),
        (
            w.t("Submitted nothing", "ไม่ได้ส่งคำตอบ").into(),
            if nothing.is_empty() {
                "—".into()
            } else {
                nothing.join(", ")
            },
        ),
    ]);
    d.list(h.notes.iter().map(|n| n.say(lang)).collect());
    for g in grids {
        scenario(&mut d, g, &w);
    }
    d
}

fn scenario(d: &mut Doc, g: &Grid, w: &W) {
    d.h2(if g.service.is_empty() {
        g.scenario.clone()
    } else {
        format!("{} — {}", g.scenario, g.service)
    });
    let mut f = Vec::new();
    if g.has_reference() {
        let want: Vec<String> = g
            .reference_levels
            .iter()
            .map(|(t, l)| format!("{} {l}", t.to_uppercase()))
            .collect();
        f.push((
            w.t("Reference levels", "ระดับตามเฉลย").into(),
            want.join(", "),
        ));
        let matched = g.rows.iter().filter(|r| g.matched(r)).count();
        f.push((
            w.t("Reached the reference levels", "ได้ระดับตรงกับเฉลย")
                .into(),
            format!("{matched} / {}", g.rows.len()),
        ));
    }
    let none = |v: &[String]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(", ")
        }
    };
    f.push((
        w.t("Untouched (not counted)", "ไม่ได้ตอบ (ไม่นับ)").into(),
        none(&g.untouched),
    ));
    f.push((
        w.t("No file (not counted)", "ไม่มีไฟล์ (ไม่นับ)").into(),
        none(&g.missing),
    ));
    d.fields(f);
    let others: Vec<String> = g
        .rows
        .iter()
        .filter_map(|r| {
            r.other_ruleset.as_ref().map(|o| {
                format!(
                    "{}: {} `{o}` ({} `{}`)",
                    r.trainee,
                    w.t("used the ruleset", "ใช้ชุดเกณฑ์"),
                    w.t("the scenario's is", "ของสถานการณ์คือ"),
                    g.ruleset
                )
            })
        })
        .collect();
    d.list(others);
    if g.rows.is_empty() {
        return;
    }
    let mut head = vec![
        w.t("Question", "คำถาม").to_string(),
        w.t("Reference", "เฉลย").to_string(),
    ];
    head.extend(g.rows.iter().map(|r| r.trainee.clone()));
    let mut rows = Vec::new();
    for t in targets(g) {
        let want = g.reference_levels.iter().find(|(x, _)| *x == t);
        let mut r = vec![
            t.to_uppercase(),
            want.map(|(_, l)| l.clone()).unwrap_or_else(|| "—".into()),
        ];
        for row in &g.rows {
            let mut c = cell(level_of(row, &t), g.level_ok(row, &t));
            if !row.complete {
                c.push_str(w.t(" (incomplete)", " (ยังไม่ครบ)"));
            }
            r.push(c);
        }
        rows.push(r);
    }
    for q in &g.questions {
        let mut r = vec![
            q.clone(),
            g.reference.get(q).cloned().unwrap_or_else(|| "—".into()),
        ];
        for row in &g.rows {
            r.push(cell(row.answers.get(q), g.answer_ok(row, q)));
        }
        rows.push(r);
    }
    d.table(head, rows);
    if g.has_reference() {
        d.h3(w.t("Most missed", "ข้อที่ผิดบ่อยที่สุด"));
        if g.misses.is_empty() {
            d.para(w.t(
                "Every counted trainee gave the reference's answers.",
                "ผู้เข้าอบรมที่นับทุกคนตอบตรงกับเฉลย",
            ));
        }
        let items = g
            .misses
            .iter()
            .map(|m| {
                let who: Vec<String> =
                    m.by.iter()
                        .map(|(t, v)| format!("{t}: {}", v.as_deref().unwrap_or("—")))
                        .collect();
                let mut s = format!(
                    "{} — {} {} / {} ({}) — {} {}",
                    m.question,
                    w.t("missed by", "ผิด"),
                    m.by.len(),
                    g.rows.len(),
                    who.join(", "),
                    w.t("reference:", "เฉลย:"),
                    m.reference
                );
                if let Some(r) = &m.rationale {
                    s.push_str(&format!(" — {} {r}", w.t("why:", "เหตุผล:")));
                }
                s
            })
            .collect();
        d.list(items);
    }
}

pub fn markdown(h: &Handed, grids: &[Grid], lang: Lang) -> String {
    crate::report::markdown::render(&doc(h, grids, lang))
}

pub fn html(h: &Handed, grids: &[Grid], lang: Lang) -> String {
    crate::report::html::render(&doc(h, grids, lang), lang)
}

/// One row per trainee and answer or level, plus one per trainee not counted; `correct` is
/// 1 or 0 against the reference, empty where there is nothing to grade against.
pub fn csv(h: &Handed, grids: &[Grid]) -> String {
    // The one CSV field rule of xal, formula neutralising included: names and answers come
    // from trainees' files.
    let field = crate::report::csv::field;
    let mut s = String::from("scenario,trainee,kind,key,given,reference,correct,rationale\r\n");
    let ok = |o: Option<bool>| match o {
        Some(true) => "1",
        Some(false) => "0",
        None => "",
    };
    for t in submitted_nothing(h) {
        s.push_str(&format!(",{},submitted_nothing,,,,,\r\n", field(&t)));
    }
    for g in grids {
        let sc = field(&g.scenario);
        for t in &g.untouched {
            s.push_str(&format!("{sc},{},untouched,,,,,\r\n", field(t)));
        }
        for t in &g.missing {
            s.push_str(&format!("{sc},{},missing,,,,,\r\n", field(t)));
        }
        for row in &g.rows {
            let tr = field(&row.trainee);
            if let Some(o) = &row.other_ruleset {
                s.push_str(&format!(
                    "{sc},{tr},other_ruleset,,{},{},0,\r\n",
                    field(o),
                    field(&g.ruleset)
                ));
            }
            for t in targets(g) {
                let want = g.reference_levels.iter().find(|(x, _)| *x == t);
                s.push_str(&format!(
                    "{sc},{tr},level,{},{},{},{},\r\n",
                    field(&t),
                    field(level_of(row, &t).map(String::as_str).unwrap_or("")),
                    field(want.map(|(_, l)| l.as_str()).unwrap_or("")),
                    ok(g.level_ok(row, &t))
                ));
            }
            for q in &g.questions {
                let right = g.answer_ok(row, q);
                let why = if right == Some(false) {
                    g.misses
                        .iter()
                        .find(|m| &m.question == q)
                        .and_then(|m| m.rationale.as_deref())
                        .unwrap_or("")
                } else {
                    ""
                };
                s.push_str(&format!(
                    "{sc},{tr},answer,{},{},{},{},{}\r\n",
                    field(q),
                    field(row.answers.get(q).map(String::as_str).unwrap_or("")),
                    field(g.reference.get(q).map(String::as_str).unwrap_or("")),
                    ok(right),
                    field(why)
                ));
            }
        }
    }
    s
}

pub fn json(h: &Handed, grids: &[Grid]) -> Value {
    let scenarios: Vec<Value> = grids
        .iter()
        .map(|g| {
            let trainees: Vec<Value> = g
                .rows
                .iter()
                .map(|row| {
                    let levels: serde_json::Map<String, Value> = targets(g)
                        .into_iter()
                        .map(|t| {
                            let want = g.reference_levels.iter().find(|(x, _)| *x == t);
                            let v = json!({
                                "given": level_of(row, &t),
                                "reference": want.map(|(_, l)| l),
                                "correct": g.level_ok(row, &t),
                            });
                            (t, v)
                        })
                        .collect();
                    let answers: serde_json::Map<String, Value> = g
                        .questions
                        .iter()
                        .map(|q| {
                            let v = json!({
                                "given": row.answers.get(q),
                                "reference": g.reference.get(q),
                                "correct": g.answer_ok(row, q),
                            });
                            (q.clone(), v)
                        })
                        .collect();
                    json!({
                        "trainee": row.trainee,
                        "source": row.source,
                        "complete": row.complete,
                        "matched": g.matched(row),
                        "other_ruleset": row.other_ruleset,
                        "levels": levels,
                        "answers": answers,
                    })
                })
                .collect();
            let misses: Vec<Value> = g
                .misses
                .iter()
                .map(|m| {
                    json!({
                        "question": m.question,
                        "reference": m.reference,
                        "missed_by": m.by.iter().map(|(t, v)| json!({"trainee": t, "given": v})).collect::<Vec<_>>(),
                        "rationale": m.rationale,
                    })
                })
                .collect();
            json!({
                "scenario": g.scenario,
                "service": g.service,
                "ruleset": g.ruleset,
                "submissions": g.rows.len(),
                "complete": g.rows.iter().filter(|r| r.complete).count(),
                "matched": g.rows.iter().filter(|r| g.matched(r)).count(),
                "reference": {
                    "levels": g.reference_levels.iter().cloned().collect::<std::collections::BTreeMap<_, _>>(),
                    "answers": g.reference,
                },
                "trainees": trainees,
                "untouched": g.untouched,
                "missing": g.missing,
                "most_missed": misses,
            })
        })
        .collect();
    json!({
        "trainees": h.trainees,
        "submitted_nothing": submitted_nothing(h),
        // Stable words for programs, whatever language the run is in.
        "notes": h.notes.iter().map(|n| n.say(Lang::En)).collect::<Vec<_>>(),
        "scenarios": scenarios,
    })
}

/// One line per trainee who answered a scenario under another ruleset than its own: their
/// levels are not the scenario's, so the trainer is told, beside the grid's mark.
pub fn ruleset_warnings(grids: &[Grid], lang: Lang) -> Vec<String> {
    let w = W(lang);
    grids
        .iter()
        .flat_map(|g| {
            g.rows.iter().filter_map(move |r| {
                r.other_ruleset.as_ref().map(|o| {
                    format!(
                        "{}: {} {} `{o}`, {} `{}`",
                        r.source,
                        r.trainee,
                        w.t("used the ruleset", "ใช้ชุดเกณฑ์"),
                        w.t("the scenario's is", "ของสถานการณ์คือ"),
                        g.ruleset
                    )
                })
            })
        })
        .collect()
}
