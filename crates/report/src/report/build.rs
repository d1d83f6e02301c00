//! The content of a Markdown or HTML report of one assessment, in one language.

use super::doc::Doc;
use super::facts::{
    carried, combine_name, ignored, impact_summary, level_shown, tailoring_problem,
};
use super::outcome::reasons;
use super::tr;
use crate::answers::{AnswerValue, Answers, Control, ControlPart, Group, StatementText, Tailoring};
use crate::engine::{Evaluation, GroupEvaluation, SetEvaluation, TargetResult};
use crate::record::fingerprint::answers_sha256;
use crate::ruleset::{Kind, Ruleset, Status};
use crate::store::Assessment;
use crate::text::Lang;
use chrono::{DateTime, FixedOffset};

/// Everything a report of one assessment says.
/// `generated` is when the report is made (printed on it; `xal export` honours
/// `SOURCE_DATE_EPOCH` for reproducible files).
pub fn report(
    a: &Assessment,
    rs: &Ruleset,
    eval: &SetEvaluation,
    lang: Lang,
    generated: DateTime<FixedOffset>,
) -> Doc {
    let complete = eval.complete();
    // Marked on every page until it is approved: a draft while answers are missing, then
    // NOT APPROVED until an approval holds (signed, when the agency has signers).
    let draft = if !complete {
        Some(tr(lang, "ฉบับร่าง · DRAFT", "DRAFT · ฉบับร่าง").to_string())
    } else if !approval_holds(a, rs, eval) {
        Some(
            tr(
                lang,
                "ยังไม่ได้รับอนุมัติ · NOT APPROVED",
                "NOT APPROVED · ยังไม่ได้รับอนุมัติ",
            )
            .to_string(),
        )
    } else {
        None
    };
    let mut d = Doc {
        title: format!(
            "{}{}: {}",
            if complete {
                ""
            } else {
                tr(lang, "ฉบับร่าง — ", "DRAFT — ")
            },
            tr(lang, "รายงานการประเมินระดับดิจิทัลไอดี", "Digital ID assessment"),
            a.service.name
        ),
        blocks: Vec::new(),
        draft,
    };
    if !complete {
        d.para(tr(
            lang,
            "ฉบับร่าง: ยังตอบคำถามไม่ครบ ระดับในรายงานนี้เป็นเพียงระดับขั้นต่ำ (อาจสูงขึ้นเมื่อตอบครบ) ไม่ใช่ผลการประเมิน",
            "DRAFT: not every question is answered. The levels in this report are lower bounds (they may rise once every answer is given), not the result of the assessment.",
        ));
    }
    let to_confirm = match eval {
        SetEvaluation::Single(e) => e.carried.iter().any(|c| c.confirm),
        SetEvaluation::Groups(gs) => gs.iter().any(|g| g.eval.carried.iter().any(|c| c.confirm)),
    };
    if to_confirm {
        d.para(tr(
            lang,
            "คำตอบบางข้อยกมาจากรุ่นก่อนของชุดเกณฑ์ และผู้ประเมินยังไม่ได้ยืนยัน (ดูหัวข้อ \"ยกมาจากรุ่นก่อน\" ด้านล่าง)",
            "Some answers are carried over from an earlier version of the ruleset and not yet confirmed by the assessor (see \"Carried over\" below).",
        ));
    }
    document(&mut d, a, rs, eval, lang, generated);
    service(&mut d, a, lang);
    ruleset(&mut d, a, rs, lang);
    match eval {
        SetEvaluation::Single(e) => {
            d.h2(tr(lang, "ผลการประเมิน", "Result"));
            levels(&mut d, rs, e, tr(lang, "ผล", "Result"), lang);
            explain(&mut d, rs, e, lang);
            d.h2(tr(lang, "คำตอบ", "Answers"));
            if let crate::answers::AnswerSet::Single(ans) = &a.answers {
                answers(&mut d, rs, e, ans, lang);
            }
        }
        SetEvaluation::Groups(gs) => {
            d.h2(tr(
                lang,
                "คำแถลงการยอมรับดิจิทัลไอดี (Digital Identity Acceptance Statement)",
                "Digital Identity Acceptance Statement",
            ));
            let groups: &[Group] = match &a.answers {
                crate::answers::AnswerSet::Groups(g) => g,
                crate::answers::AnswerSet::Single(_) => &[],
            };
            for (g, ge) in groups.iter().zip(gs) {
                d.h3(format!(
                    "{}: {} ({})",
                    tr(lang, "กลุ่มผู้ใช้", "User group"),
                    ge.name,
                    ge.id
                ));
                statement(&mut d, rs, g, ge, lang);
                d.h4(tr(
                    lang,
                    "ที่มาของระดับและคำตอบ",
                    "How the levels were found, and the answers",
                ));
                explain(&mut d, rs, &ge.eval, lang);
                d.para(format!("{} — {}", tr(lang, "คำตอบ", "Answers"), ge.name));
                answers(&mut d, rs, &ge.eval, &g.answers, lang);
            }
        }
    }
    notes(&mut d, a, rs, lang);
    whatif(&mut d, a, rs, lang);
    let rec = crate::record::Record::of(a, rs, eval);
    signoffs(&mut d, a, &rec, lang);
    signatures(&mut d, a, &rec, lang);
    record(&mut d, a, rs, &rec, lang);
    d
}

/// Whether some approval of `a` holds now ([`crate::record::standing`]).
fn approval_holds(a: &Assessment, rs: &Ruleset, eval: &SetEvaluation) -> bool {
    let content = crate::record::Record::of(a, rs, eval).content_sha256();
    super::signoff::holding_approval(&a.signoffs, &content).is_some()
}

/// The steps of sign-off, each saying whether it still holds.
fn signoffs(d: &mut Doc, a: &Assessment, rec: &crate::record::Record, lang: Lang) {
    d.h2(tr(lang, "การลงนาม", "Sign-off"));
    if a.signoffs.is_empty() {
        d.para(tr(
            lang,
            "ยังไม่มีผู้ตรวจทานหรืออนุมัติ",
            "Not yet reviewed or approved.",
        ));
        return;
    }
    let content = rec.content_sha256();
    let mut items = Vec::new();
    for s in &a.signoffs {
        let mut line = super::signoff::line(s, &content, lang);
        if !s.note.is_empty() {
            line.push_str(&format!(" — {}", s.note));
        }
        items.push(line);
    }
    d.list(items);
    // A review date belongs to an approval that holds (the latest that does); none before.
    if let Some(due) = super::signoff::review_due(&a.signoffs, &content) {
        d.fields(vec![(
            tr(lang, "กำหนดทบทวน", "Review due").into(),
            super::dates::date(due, lang),
        )]);
    }
}

fn service(d: &mut Doc, a: &Assessment, lang: Lang) {
    d.h2(tr(lang, "บริการ", "Service"));
    let mut f = vec![
        (tr(lang, "ชื่อบริการ", "Name").into(), a.service.name.clone()),
        (
            tr(lang, "หน่วยงาน", "Agency").into(),
            a.service.agency.clone(),
        ),
    ];
    if !a.service.description.is_empty() {
        f.push((
            tr(lang, "คำอธิบาย", "Description").into(),
            a.service.description.clone(),
        ));
    }
    if let Some(o) = &a.service.owner {
        f.push((tr(lang, "ผู้ประเมิน", "Assessor").into(), o.clone()));
    }
    f.push((
        tr(lang, "รหัสการประเมิน", "Assessment id").into(),
        a.id.clone(),
    ));
    d.fields(f);
}

fn ruleset(d: &mut Doc, a: &Assessment, rs: &Ruleset, lang: Lang) {
    d.h2(tr(lang, "ชุดเกณฑ์", "Ruleset"));
    let status = match rs.status {
        Status::Final => tr(lang, "ฉบับสมบูรณ์ (final)", "final"),
        Status::Provisional => tr(lang, "ชั่วคราว (provisional)", "provisional"),
        Status::Draft => tr(lang, "ร่าง (draft)", "draft"),
    };
    let mut f = vec![
        (
            tr(lang, "ชุดเกณฑ์", "Ruleset").into(),
            rs.title.get(lang).to_string(),
        ),
        ("id".into(), rs.id.clone()),
        (tr(lang, "รุ่น", "Version").into(), rs.version.clone()),
        (tr(lang, "สถานะ", "Status").into(), status.into()),
        (
            tr(lang, "ผู้ออก", "Issuer").into(),
            rs.issuer.get(lang).to_string(),
        ),
    ];
    if let Some(n) = &rs.status_note {
        f.push((
            tr(lang, "หมายเหตุสถานะ", "Status note").into(),
            n.get(lang).into(),
        ));
    }
    if a.ruleset.version != rs.version && !a.ruleset.version.is_empty() {
        f.push((
            tr(lang, "ตอบไว้ภายใต้รุ่น", "Answered under version").into(),
            a.ruleset.version.clone(),
        ));
    }
    d.fields(f);
}

/// The level of one target as the evaluation found it: the level itself when final, else
/// worded as the lower bound it is.
fn initial_text(rs: &Ruleset, t: &TargetResult, lang: Lang) -> String {
    let id = level_shown(rs, t.target, t.level, lang);
    // A lower bound is worded as one; at the lowest level "at least none" says nothing,
    // so it says the level is not known yet.
    if t.final_ {
        id.to_string()
    } else if t.level == 0 {
        match lang {
            Lang::Th => format!("ยังไม่ทราบ (ขั้นต่ำขณะนี้ {id})"),
            Lang::En => format!("not known yet (so far {id})"),
        }
    } else {
        match lang {
            Lang::Th => format!("อย่างน้อย {id} (ขั้นต่ำ)"),
            Lang::En => format!("at least {id} (lower bound)"),
        }
    }
}

/// The level found, short: "IAL2", "at least IAL2", "not known yet".
fn bound_text(rs: &Ruleset, t: &TargetResult, lang: Lang) -> String {
    let id = level_shown(rs, t.target, t.level, lang);
    if t.final_ {
        id.to_string()
    } else if t.level == 0 {
        tr(lang, "ยังไม่ทราบ", "not known yet").to_string()
    } else {
        match lang {
            Lang::Th => format!("อย่างน้อย {id}"),
            Lang::En => format!("at least {id}"),
        }
    }
}

/// What a level means, said to be a lower bound while it is one.
fn meaning(rs: &Ruleset, t: &TargetResult, level: usize, lang: Lang) -> String {
    let m = rs.targets[t.target].levels[level].name.get(lang);
    if t.final_ {
        m.to_string()
    } else {
        format!(
            "{}{m}",
            tr(lang, "ระดับขั้นต่ำ ยังไม่ใช่ผล: ", "lower bound, not the result: ")
        )
    }
}

/// The evaluated level of each target with what it means (the result of a single answer set,
/// or a group's initially assessed levels under `head`), then whether every answer is given.
fn levels(d: &mut Doc, rs: &Ruleset, e: &Evaluation, head: &str, lang: Lang) {
    let rows = e
        .targets
        .iter()
        .map(|t| {
            vec![
                rs.targets[t.target].name.get(lang).to_string(),
                initial_text(rs, t, lang),
                meaning(rs, t, t.level, lang),
            ]
        })
        .collect();
    d.table(
        vec![
            tr(lang, "ระดับ", "Level").into(),
            head.into(),
            tr(lang, "ความหมาย", "Meaning").into(),
        ],
        rows,
    );
    completeness(d, rs, e, lang);
}

/// Whether every question is answered, and the answers carried over from an earlier version.
fn completeness(d: &mut Doc, rs: &Ruleset, e: &Evaluation, lang: Lang) {
    if e.complete {
        d.para(tr(lang, "ตอบครบทุกข้อแล้ว", "Every question is answered."));
    } else {
        d.para(format!(
            "{} ({}): {}",
            tr(
                lang,
                "ยังตอบไม่ครบ ผลข้างต้นเป็นระดับขั้นต่ำ",
                "Incomplete: the levels above are lower bounds"
            ),
            e.missing.len(),
            e.missing.join(", ")
        ));
    }
    if !e.carried.is_empty() {
        d.para(format!(
            "{}:",
            tr(
                lang,
                "ยกมาจากรุ่นก่อน (คำตอบตามรุ่นก่อนของชุดเกณฑ์ ใช้คำนวณระดับข้างต้น)",
                "Carried over (answers of an earlier version of the ruleset, used for the levels above)"
            )
        ));
        d.list(e.carried.iter().map(|c| carried(rs, c, lang)).collect());
    }
}

/// A part of the statement nobody wrote: said so, so that the statement reads whole.
fn or_not_recorded(text: &str, lang: Lang) -> String {
    let t = text.trim();
    if t.is_empty() {
        tr(lang, "ไม่ได้บันทึก", "not recorded").into()
    } else {
        t.into()
    }
}

fn part_label(p: ControlPart, lang: Lang) -> &'static str {
    match p {
        ControlPart::Control => tr(lang, "มาตรการ", "Control"),
        ControlPart::Replaces => tr(lang, "มาตรการพื้นฐานที่ทดแทน", "Baseline control replaced"),
        ControlPart::Why => tr(lang, "เหตุผล", "Why"),
        ControlPart::Comparability => tr(lang, "ความเทียบเท่ากับมาตรการพื้นฐาน", "Comparability"),
        ControlPart::Residual => tr(lang, "ความเสี่ยงที่เหลืออยู่", "Residual risk"),
        ControlPart::Privacy => tr(lang, "ความเป็นส่วนตัว", "Privacy"),
        ControlPart::Experience => tr(lang, "ประสบการณ์ของผู้ใช้บริการ", "Customer experience"),
        ControlPart::Threats => tr(lang, "การต้านทานภัยคุกคาม", "Threat resistance"),
    }
}

/// Each control as one list item, a part a line, after `lead` when given; "none" when there
/// is none.
fn controls(d: &mut Doc, lead: Option<String>, cs: &[Control], parts: &[ControlPart], lang: Lang) {
    let none = tr(lang, "ไม่มี", "none");
    match (lead, cs.is_empty()) {
        (Some(l), true) => d.para(format!("{l}: {none}")),
        (None, true) => d.para(none),
        (Some(l), false) => d.para(format!("{l}:")),
        (None, false) => {}
    }
    d.list(
        cs.iter()
            .map(|c| {
                parts
                    .iter()
                    .map(|&p| {
                        format!(
                            "{}: {}",
                            part_label(p, lang),
                            or_not_recorded(c.part(p), lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect(),
    );
}

/// One user group's Digital Identity Acceptance Statement (800-63-4 §3.4.4): the parts the
/// statement SHALL hold at a minimum, (a) to (d), then what else it records. A part with
/// nothing in it says so rather than going missing.
fn statement(d: &mut Doc, rs: &Ruleset, g: &Group, ge: &GroupEvaluation, lang: Lang) {
    let empty = Tailoring::default();
    let t = g.tailoring.as_ref().unwrap_or(&empty);
    let e = &ge.eval;

    // (a) The initial impact assessment.
    d.h4(tr(
        lang,
        "(ก) ผลการประเมินผลกระทบเบื้องต้น [DIAS-3a, IA-1, CIL-1]",
        "(a) Initial impact assessment [DIAS-3a, IA-1, CIL-1]",
    ));
    impact(d, rs, e, &g.answers, lang);

    // (b) The initially assessed levels.
    d.h4(tr(
        lang,
        "(ข) ระดับที่ประเมินได้เบื้องต้น [DIAS-3b, IIAL-1b, IAAL-1b, IFAL-1b]",
        "(b) Initially assessed xALs [DIAS-3b, IIAL-1b, IAAL-1b, IFAL-1b]",
    ));
    levels(d, rs, e, tr(lang, "ระดับเบื้องต้น", "Initial"), lang);

    // (c) The final levels, why they differ, the tailoring areas, compensating controls.
    d.h4(tr(
        lang,
        "(ค) ระดับหลังการปรับ เหตุผล และมาตรการชดเชย [DIAS-3c, TAL, ICC]",
        "(c) Tailored xALs, rationale and compensating controls [DIAS-3c, TAL, ICC]",
    ));
    let mut rows = Vec::new();
    for target in &e.targets {
        let Some(f) = ge.finals.iter().find(|f| f.target == target.target) else {
            continue;
        };
        let tailored = match f.final_level.cmp(&f.initial) {
            std::cmp::Ordering::Greater => tr(lang, "ปรับขึ้น", "raised"),
            std::cmp::Ordering::Less => tr(lang, "ปรับลง", "lowered"),
            std::cmp::Ordering::Equal => tr(lang, "ไม่ได้ปรับ", "not tailored"),
        };
        // A level the assessor set is theirs, final even while answers are missing; one not
        // tailored is the initial level, a lower bound while it is one.
        let (fin, meant) = if f.final_level != f.initial {
            (
                level_shown(rs, f.target, f.final_level, lang).to_string(),
                rs.targets[f.target].levels[f.final_level]
                    .name
                    .get(lang)
                    .to_string(),
            )
        } else {
            (
                bound_text(rs, target, lang),
                meaning(rs, target, f.final_level, lang),
            )
        };
        rows.push(vec![
            rs.targets[f.target].name.get(lang).to_string(),
            format!(
                "{fin} ({} {})",
                tr(lang, "ระดับเบื้องต้น", "initial"),
                bound_text(rs, target, lang)
            ),
            tailored.to_string(),
            meant,
        ]);
    }
    d.table(
        vec![
            tr(lang, "ระดับ", "Level").into(),
            tr(lang, "ระดับสุดท้าย", "Final").into(),
            tr(lang, "การปรับระดับ", "Tailoring").into(),
            tr(lang, "ความหมาย", "Meaning").into(),
        ],
        rows,
    );
    let mut warn: Vec<String> = ge
        .finals
        .iter()
        .filter(|f| f.needs_rationale)
        .map(|f| {
            format!(
                "{}: {}",
                tr(
                    lang,
                    "ปรับระดับโดยยังไม่ได้เขียนเหตุผล",
                    "final level differs without a written rationale"
                ),
                rs.targets[f.target].id
            )
        })
        .collect();
    warn.extend(
        ge.bad_tailoring
            .iter()
            .map(|p| tailoring_problem(rs, p, lang)),
    );
    d.list(warn);
    let text = |f: StatementText| or_not_recorded(t.text(f), lang);
    d.fields(vec![
        (
            tr(lang, "เหตุผลของการปรับระดับ", "Rationale").into(),
            text(StatementText::Rationale),
        ),
        (
            tr(lang, "ด้านความเป็นส่วนตัว", "Privacy").into(),
            text(StatementText::Privacy),
        ),
        (
            tr(lang, "ด้านประสบการณ์ของผู้ใช้บริการ", "Customer experience").into(),
            text(StatementText::Experience),
        ),
        (
            tr(lang, "ด้านการต้านทานภัยคุกคาม", "Threat resistance").into(),
            text(StatementText::Threats),
        ),
    ]);
    controls(
        d,
        Some(format!(
            "{} [ICC]",
            tr(lang, "มาตรการชดเชย", "Compensating controls")
        )),
        &t.compensating,
        &ControlPart::COMPENSATING,
        lang,
    );

    // (d) Supplemental controls, each weighed against the three areas.
    d.h4(tr(
        lang,
        "(ง) มาตรการเสริม [DIAS-3d, ISC-1, ISC-2]",
        "(d) Supplemental controls [DIAS-3d, ISC-1, ISC-2]",
    ));
    controls(d, None, &t.supplemental, &ControlPart::SUPPLEMENTAL, lang);

    // What else the statement records.
    d.h4(tr(
        lang,
        "การตัดสินใจด้านค่าใช้จ่ายที่เปลี่ยนระดับ [PCT-4]",
        "Decisions on cost [PCT-4]",
    ));
    d.para(text(StatementText::Cost));
    d.h4(tr(
        lang,
        "ผู้ให้บริการพิสูจน์และยืนยันตัวตน (CSP/IdP) ภายนอกและคำแถลงการยอมรับของผู้ให้บริการนั้น [DIAS-2]",
        "Outside CSP/IdP and its DIAS [DIAS-2]",
    ));
    d.fields(vec![
        (
            tr(lang, "ผู้ให้บริการภายนอกที่ใช้", "Outside CSP/IdP relied on").into(),
            text(StatementText::Provider),
        ),
        (
            tr(
                lang,
                "คำแถลงการยอมรับของผู้ให้บริการนั้น: สิ่งที่ทบทวนและนำมารวม",
                "Its DIAS: what was reviewed and incorporated",
            )
            .into(),
            text(StatementText::ProviderDias),
        ),
    ]);
    d.h4(tr(
        lang,
        "การประเมินอย่างต่อเนื่อง (§3.5)",
        "Continuous evaluation (§3.5)",
    ));
    d.para(text(StatementText::Evaluation));
    d.h4(tr(lang, "การเยียวยาแก้ไข (§3.6)", "Redress (§3.6)"));
    d.para(text(StatementText::Redress));
}

/// Part (a): each category's rating (and each entity's, where rated per entity), the overall
/// impact level and how it was combined, the scale.
fn impact(d: &mut Doc, rs: &Ruleset, e: &Evaluation, ans: &Answers, lang: Lang) {
    let Some(s) = impact_summary(rs, e, ans) else {
        d.para(tr(
            lang,
            "ชุดเกณฑ์นี้ไม่มีคำถามประเมินผลกระทบ",
            "This ruleset has no impact question.",
        ));
        return;
    };
    let q = &rs.questions[s.question];
    let impact_name = |r: usize| rs.impact[r].name.get(lang).to_string();
    let entities = rs
        .groups
        .as_ref()
        .map_or(&[][..], |g| g.entities.as_slice());
    if !s.asked {
        d.para(format!(
            "{} ({})",
            tr(
                lang,
                "ไม่ได้ประเมิน: คำตอบของกลุ่มนี้ไม่ต้องการการพิสูจน์ตัวตน การยืนยันตัวตน หรือการยืนยันตัวตนแบบสหพันธ์ จึงไม่ถามคำถามผลกระทบ",
                "Not assessed: under this group's answers there is no identity proofing, authentication or federation, so the impact question is not asked",
            ),
            q.id
        ));
    } else {
        let not_rated = tr(lang, "— (ยังไม่ได้ประเมิน)", "— (not rated)");
        let meaning = |cat: &crate::ruleset::Category, r: Option<usize>| {
            r.and_then(|r| cat.levels.get(r).and_then(|t| t.as_ref()))
                .map(|t| t.get(lang).to_string())
                .unwrap_or_default()
        };
        let mut rows = Vec::new();
        for (&(c, r), per_entity) in s.cells.iter().zip(&s.entities) {
            let cat = &rs.categories[c];
            rows.push(vec![
                format!("{} ({}.{})", cat.name.get(lang), q.id, cat.id),
                r.map_or_else(|| not_rated.to_string(), impact_name),
                meaning(cat, r),
            ]);
            // Rated per entity: each entity's rating under its category [IC-3].
            for &(e, er) in per_entity {
                rows.push(vec![
                    format!(
                        "  ↳ {} ({}/{})",
                        entities[e].name.get(lang),
                        cat.id,
                        entities[e].id
                    ),
                    impact_name(er),
                    meaning(cat, Some(er)),
                ]);
            }
        }
        d.table(
            vec![
                tr(lang, "ด้านผลกระทบ", "Impact category").into(),
                tr(lang, "ระดับผลกระทบ", "Rating").into(),
                tr(lang, "ความหมาย", "Meaning").into(),
            ],
            rows,
        );
        if s.carried {
            d.para(tr(
                lang,
                "ระดับผลกระทบข้างต้นยกมาจากรุ่นก่อนของชุดเกณฑ์",
                "The ratings above are carried over from an earlier version of the ruleset.",
            ));
        }
    }
    let overall = match (s.asked, s.overall) {
        (false, _) => tr(lang, "ไม่ได้ประเมิน", "not assessed").to_string(),
        (true, Some(r)) => impact_name(r),
        (true, None) => match lang {
            Lang::Th => format!(
                "อย่างน้อย {} (ขั้นต่ำ: ยังประเมินไม่ครบทุกด้าน)",
                impact_name(s.lower)
            ),
            Lang::En => format!(
                "at least {} (lower bound: not every category is rated)",
                impact_name(s.lower)
            ),
        },
    };
    let mut f = vec![
        (
            tr(lang, "ระดับผลกระทบรวม", "Overall impact level").into(),
            overall,
        ),
        (
            tr(lang, "วิธีรวมผลกระทบ", "Combined by").into(),
            combine_name(s.combine, lang).into(),
        ),
        (
            tr(lang, "ผู้ได้รับผลกระทบ", "Impacted entities").into(),
            {
                let names: Vec<&str> = entities.iter().map(|e| e.name.get(lang)).collect();
                let rated = s.entities.iter().any(|e| !e.is_empty());
                match (lang, rated) {
                    (Lang::Th, false) => format!(
                        "{} [IC-3]: แต่ละด้านให้ระดับเดียว คือระดับที่เลวร้ายที่สุดในบรรดาผู้ได้รับผลกระทบ",
                        names.join(", ")
                    ),
                    (Lang::Th, true) => format!(
                        "{} [IC-3]: ด้านที่ประเมินแยกตามผู้ได้รับผลกระทบ (↳) ใช้ระดับสูงสุดของผู้ได้รับผลกระทบ",
                        names.join(", ")
                    ),
                    (Lang::En, false) => format!(
                        "{} [IC-3]: each category rated once, the worst over the entities",
                        names.join(", ")
                    ),
                    (Lang::En, true) => format!(
                        "{} [IC-3]: a category rated per entity (↳) takes the highest of its entities",
                        names.join(", ")
                    ),
                }
            },
        ),
    ];
    if let Some((sq, chosen)) = s.scale {
        let scale_q = &rs.questions[sq];
        f.push((
            format!("{} ({})", tr(lang, "ขนาดของผลกระทบ", "Scale"), scale_q.id),
            chosen.map_or_else(
                || tr(lang, "ไม่ได้บันทึก", "not recorded").to_string(),
                |o| scale_q.options[o].label.get(lang).to_string(),
            ),
        ));
    }
    d.fields(f);
}

fn explain(d: &mut Doc, rs: &Ruleset, e: &Evaluation, lang: Lang) {
    d.para(format!("{}:", tr(lang, "เหตุผล", "Reasons")));
    d.list(reasons(rs, e, lang));
    if !e.plans.is_empty() {
        d.para(format!(
            "{}:",
            tr(lang, "การตรวจสอบแผนการดำเนินการ", "Plan check")
        ));
        let plans = e
            .plans
            .iter()
            .map(|p| {
                let t = &rs.targets[p.target];
                format!(
                    "{}: {} {} ({} {}) — {}",
                    t.id.to_uppercase(),
                    tr(lang, "แผนที่วางไว้ได้ระดับ", "the planned method reaches"),
                    t.levels[p.achieves].shown(lang),
                    tr(lang, "ต้องการ", "required"),
                    t.levels[e.targets[p.target].level].shown(lang),
                    if p.meets {
                        tr(lang, "เป็นไปตามข้อกำหนด", "meets the requirement")
                    } else {
                        tr(lang, "ไม่เป็นไปตามข้อกำหนด", "does NOT meet the requirement")
                    }
                )
            })
            .collect();
        d.list(plans);
    }
    let notes: Vec<String> = e
        .notes
        .iter()
        .map(|&n| rs.notes[n].text.get(lang).to_string())
        .collect();
    if !notes.is_empty() {
        d.para(format!(
            "{}:",
            tr(lang, "ข้อสังเกตจากชุดเกณฑ์", "Guidance notes")
        ));
        d.list(notes);
    }
    if !e.ignored.is_empty() {
        d.para(format!(
            "{}:",
            tr(lang, "คำตอบที่ไม่นำมาใช้", "Answers not used")
        ));
        d.list(
            e.ignored
                .iter()
                .map(|i| format!("{}: {}", i.id, ignored(i, lang)))
                .collect(),
        );
    }
}

fn answers(d: &mut Doc, rs: &Ruleset, e: &Evaluation, ans: &Answers, lang: Lang) {
    let not_answered = tr(lang, "— (ยังไม่ได้ตอบ)", "— (not answered)");
    let mut rows = Vec::new();
    for (qi, q) in rs.questions.iter().enumerate() {
        if !e.asked[qi] {
            continue;
        }
        // A carried answer (`[[carry]]`) is shown with its values, marked as such.
        let carried_value = e
            .carried_of(qi)
            .and_then(|_| crate::engine::carried_answer(rs, ans, qi))
            .map(|(v, c)| (v, c.confirm));
        let mark = match &carried_value {
            Some((_, true)) => tr(
                lang,
                " (ยกมาจากรุ่นก่อน — ยังไม่ได้ยืนยัน)",
                " (carried over — not yet confirmed)",
            ),
            Some((_, false)) => tr(lang, " (ยกมาจากรุ่นก่อน)", " (carried over)"),
            None => "",
        };
        let given = ans.get(&q.id).or(carried_value.as_ref().map(|(v, _)| v));
        if q.kind == Kind::Impact {
            let cells = given.and_then(AnswerValue::as_matrix);
            rows.push(vec![
                format!("{} ({}){mark}", q.text.get(lang), q.id),
                String::new(),
                String::new(),
            ]);
            for &c in &q.categories {
                let cat = &rs.categories[c];
                let rank = cells
                    .and_then(|m| m.get(&cat.id))
                    .and_then(|v| rs.impact_index(v));
                let (value, meaning) = match rank {
                    Some(r) => (
                        rs.impact[r].name.get(lang).to_string(),
                        cat.levels
                            .get(r)
                            .and_then(|t| t.as_ref())
                            .map(|t| t.get(lang).to_string())
                            .unwrap_or_default(),
                    ),
                    None => (not_answered.to_string(), String::new()),
                };
                rows.push(vec![
                    format!("· {} ({}.{})", cat.name.get(lang), q.id, cat.id),
                    value,
                    meaning,
                ]);
            }
        } else {
            let value = given
                .and_then(AnswerValue::as_choice)
                .and_then(|v| q.option_index(v))
                .map(|o| q.options[o].label.get(lang).to_string())
                .unwrap_or_else(|| {
                    if q.optional {
                        tr(lang, "— (ไม่ระบุ)", "— (not given)").to_string()
                    } else {
                        not_answered.to_string()
                    }
                });
            rows.push(vec![
                format!("{} ({})", q.text.get(lang), q.id),
                format!("{value}{mark}"),
                String::new(),
            ]);
        }
    }
    d.table(
        vec![
            tr(lang, "คำถาม", "Question").into(),
            tr(lang, "คำตอบ", "Answer").into(),
            tr(
                lang,
                "ความหมายของระดับผลกระทบ",
                "Meaning of the impact level",
            )
            .into(),
        ],
        rows,
    );
}

fn notes(d: &mut Doc, a: &Assessment, rs: &Ruleset, lang: Lang) {
    if a.notes.is_empty() {
        return;
    }
    d.h2(tr(lang, "บันทึกของผู้ประเมิน", "Assessor's notes"));
    let items = a
        .notes
        .iter()
        .map(|(k, v)| {
            // Group notes are keyed "<group>/<question>".
            let qid = k.rsplit('/').next().unwrap_or(k);
            match rs.question_index(qid) {
                Some(q) => format!("{} ({k}): {v}", rs.questions[q].text.get(lang)),
                None => format!("{k}: {v}"),
            }
        })
        .collect();
    d.list(items);
}

fn record(d: &mut Doc, a: &Assessment, rs: &Ruleset, rec: &crate::record::Record, lang: Lang) {
    d.h2(tr(lang, "ข้อมูลสำหรับตรวจสอบ", "Record"));
    let mut f = vec![
        (
            tr(lang, "สร้างเมื่อ", "Created").into(),
            super::dates::date_time(&a.meta.created, lang),
        ),
        (
            tr(lang, "แก้ไขล่าสุด", "Updated").into(),
            super::dates::date_time(&a.meta.updated, lang),
        ),
    ];
    if !a.ruleset.sha256.is_empty() && a.ruleset.sha256 != rs.sha256 {
        f.push((
            tr(
                lang,
                "SHA-256 ของชุดเกณฑ์ที่บันทึกไว้ในไฟล์ (ต่างจากที่ใช้ประเมิน)",
                "SHA-256 of the ruleset recorded in the file (differs)",
            )
            .into(),
            a.ruleset.sha256.clone(),
        ));
    }
    d.fields(f);
    d.fingerprint(
        tr(
            lang,
            "ลายนิ้วมือของบันทึก (SHA-256 ของทั้งบันทึก)",
            "Record fingerprint (SHA-256 of the whole record)",
        ),
        rec.sha256(),
    );
    d.fingerprint(
        tr(lang, "SHA-256 ของคำตอบ", "SHA-256 of the answers"),
        answers_sha256(&a.answers),
    );
    d.fingerprint(
        tr(lang, "SHA-256 ของชุดเกณฑ์", "SHA-256 of the ruleset"),
        rs.sha256.clone(),
    );
    d.para(tr(
        lang,
        "ตรวจสอบสำเนานี้กับไฟล์ได้ด้วย: xal verify รายงาน [ไฟล์] หรือ xal verify --fingerprint ลายนิ้วมือ ไฟล์ (ดู docs/record.md)",
        "Check this copy against the file with: xal verify REPORT [FILE], or xal verify --fingerprint HEX FILE (see docs/record.md)",
    ));
    d.marker(marker(a, rec));
}

/// The line `xal verify` reads back from a Markdown or HTML report.
pub fn marker(a: &Assessment, rec: &crate::record::Record) -> String {
    let mut m = format!(
        "xal-record/1 assessment={} record={} content={}",
        a.id,
        rec.sha256(),
        rec.content_sha256()
    );
    for (p, h) in rec.part_hashes() {
        m.push_str(&format!(" part.{p}={h}"));
    }
    m
}

/// What the copy is: when and by which xal it was made, how far the assessment is, the
/// ruleset's status, and whether an approval holds.
fn document(
    d: &mut Doc,
    a: &Assessment,
    rs: &Ruleset,
    eval: &SetEvaluation,
    lang: Lang,
    generated: DateTime<FixedOffset>,
) {
    let state = if eval.complete() {
        tr(lang, "ตอบครบทุกข้อ", "every question answered")
    } else {
        tr(
            lang,
            "ฉบับร่าง: ยังตอบไม่ครบ (ระดับเป็นระดับขั้นต่ำ)",
            "draft: incomplete (levels are lower bounds)",
        )
    };
    let rec = crate::record::Record::of(a, rs, eval);
    let content = rec.content_sha256();
    let approval = a
        .signoffs
        .iter()
        .rev()
        .find(|s| s.step == "approved")
        .map(|s| super::signoff::line(s, &content, lang))
        .unwrap_or_else(|| tr(lang, "ยังไม่ได้อนุมัติ", "not approved").to_string());
    d.fields(vec![
        (
            tr(lang, "จัดทำเมื่อ", "Generated").into(),
            super::dates::date_time(&generated, lang),
        ),
        (
            tr(lang, "โปรแกรม", "Made with").into(),
            format!("xal {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            tr(lang, "สถานะการประเมิน", "Assessment").into(),
            state.into(),
        ),
        (
            tr(lang, "สถานะชุดเกณฑ์", "Ruleset status").into(),
            format!("{} {} — {}", rs.id, rs.version, status_word(rs, lang)),
        ),
        (tr(lang, "การอนุมัติ", "Approval").into(), approval),
    ]);
}

/// The ruleset's status in a sentence: in Thai with the file's word beside it.
pub fn status_word(rs: &Ruleset, lang: Lang) -> &'static str {
    match rs.status {
        Status::Final => tr(lang, "ฉบับสมบูรณ์ (final)", "final"),
        Status::Provisional => tr(lang, "ชั่วคราว (provisional)", "provisional"),
        Status::Draft => tr(lang, "ร่าง (draft)", "draft"),
    }
}

/// The single answers that would change a level (the planner's own wording).
fn whatif(d: &mut Doc, a: &Assessment, rs: &Ruleset, lang: Lang) {
    let sets = crate::engine::whatif::what_would_change_set(rs, &a.answers);
    d.h2(tr(
        lang,
        "คำตอบที่หากเปลี่ยนแล้วระดับจะเปลี่ยน",
        "What would change the level",
    ));
    for (group, changes) in &sets {
        if let Some(g) = group {
            d.para(format!("{}: {g}", tr(lang, "กลุ่มผู้ใช้", "User group")));
        }
        if changes.is_empty() {
            d.para(tr(
                lang,
                "ไม่มีคำตอบข้อใดข้อเดียวที่เปลี่ยนระดับได้",
                "No single answer changes a level.",
            ));
        }
        d.list(
            changes
                .iter()
                .map(|c| super::whatif::change(rs, c, lang))
                .collect(),
        );
    }
}

/// Lines to sign: one for each sign-off that holds, and a blank one for the approval when
/// none holds.
fn signatures(d: &mut Doc, a: &Assessment, rec: &crate::record::Record, lang: Lang) {
    use super::doc::{Block, Signature};
    let content = rec.content_sha256();
    let step_word = |step: &str| -> String {
        match step {
            "approved" => tr(lang, "ผู้อนุมัติ", "Approved by").into(),
            "reviewed" => tr(lang, "ผู้ตรวจทาน", "Reviewed by").into(),
            other => other.into(),
        }
    };
    let mut sigs: Vec<Signature> = a
        .signoffs
        .iter()
        .filter(|s| crate::record::standing(s, &content) == crate::record::Standing::Holds)
        .map(|s| Signature {
            step: step_word(&s.step),
            // One line each: a name written by hand with a line break would forge a row.
            name: crate::text::safe::visible(&s.by).into_owned(),
            // Who signed it with which key, when it is signed.
            role: {
                let role = crate::text::safe::visible(&s.role).into_owned();
                if s.signature.trim().is_empty() {
                    role
                } else {
                    let signed = format!(
                        "{} {} ({})",
                        tr(lang, "ลงนามด้วยกุญแจของ", "signed by"),
                        crate::text::safe::visible(&s.signer),
                        crate::text::safe::visible(&s.key)
                    );
                    if role.is_empty() {
                        signed
                    } else {
                        format!("{role} · {signed}")
                    }
                }
            },
            date: super::dates::date(s.at.date_naive(), lang),
        })
        .collect();
    if !sigs.iter().any(|s| s.step == step_word("approved")) {
        sigs.push(Signature {
            step: step_word("approved"),
            name: String::new(),
            role: String::new(),
            date: String::new(),
        });
    }
    d.h2(tr(lang, "ลายมือชื่อ", "Signatures"));
    d.blocks.push(Block::Signatures(sigs));
}
