//! The class grid written out: Markdown and HTML (one document, the reports' style), CSV
//! (one row per trainee and answer) and JSON. Every heading in Thai or English.

use crate::report::output::{
    self, Collect, Graded, MissedBy, MostMissed, Ordered, Scenario, ScenarioReference, TraineeRow,
    TraineeStatus, count,
};

use super::collect::Handed;
use super::grid::{Grid, Row, Status};
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

/// Trainees who handed in no file at all (an unreadable file is a file).
pub fn submitted_nothing(h: &Handed) -> Vec<String> {
    h.trainees
        .iter()
        .filter(|t| !h.submissions.iter().any(|s| &s.trainee == *t))
        .filter(|t| !h.unreadable.iter().any(|u| &u.trainee == *t))
        .cloned()
        .collect()
}

/// A status in words, for Markdown, HTML and the debrief pages.
pub(crate) fn status_words(s: &Status, lang: Lang) -> String {
    let w = W(lang);
    match s {
        Status::Answered => w.t("answered", "ตอบครบ").into(),
        Status::Partly { answered, of } => match lang {
            Lang::En => format!("partly answered ({answered} of {of})"),
            Lang::Th => format!("ตอบบางส่วน ({answered} จาก {of})"),
        },
        Status::Untouched => w.t("untouched", "ยังไม่ได้ตอบ").into(),
        Status::NoFile => w.t("no file", "ไม่มีไฟล์").into(),
        Status::Unreadable { place, .. } => {
            format!("{} ({place})", w.t("unreadable file", "ไฟล์อ่านไม่ได้"))
        }
        Status::OtherRuleset(o) => {
            format!("{} ({o})", w.t("other ruleset", "ชุดเกณฑ์อื่น"))
        }
    }
}

/// What each status means, said once under the grid.
fn legend(w: &W) -> Vec<String> {
    vec![
        w.t(
            "answered: every question answered; graded",
            "ตอบครบ: ตอบทุกข้อ ตรวจให้คะแนน",
        )
        .into(),
        w.t(
            "partly answered (n of m): n of the m questions answered; the answered ones graded, the others neither right nor wrong",
            "ตอบบางส่วน (n จาก m): ตอบ n จาก m ข้อ ตรวจเฉพาะข้อที่ตอบ ข้อที่ไม่ตอบไม่นับว่าผิด",
        )
        .into(),
        w.t(
            "untouched: the file as handed out; not counted",
            "ยังไม่ได้ตอบ: ไฟล์เหมือนตอนที่แจก ไม่นับ",
        )
        .into(),
        w.t("no file: nothing handed in for this scenario; not counted", "ไม่มีไฟล์: ไม่ได้ส่งไฟล์ของสถานการณ์นี้ ไม่นับ").into(),
        w.t(
            "unreadable file (file:line:col): a file that could not be read, at the place said; not counted",
            "ไฟล์อ่านไม่ได้ (ไฟล์:บรรทัด:คอลัมน์): อ่านไฟล์ไม่ได้ ณ ตำแหน่งที่ระบุ ไม่นับ",
        )
        .into(),
        w.t(
            "other ruleset: answered under another ruleset than the scenario's; shown, not counted",
            "ชุดเกณฑ์อื่น: ตอบด้วยชุดเกณฑ์อื่นที่ไม่ใช่ของสถานการณ์ แสดงไว้แต่ไม่นับ",
        )
        .into(),
    ]
}

/// Markdown and HTML say the same: this is their one document.
pub fn doc(h: &Handed, grids: &[Grid], lang: Lang) -> Doc {
    doc_in(h, grids, lang, true)
}

/// `md`: code in backticks, as Markdown shows it; HTML gets the words without them.
fn doc_in(h: &Handed, grids: &[Grid], lang: Lang, md: bool) -> Doc {
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
    d.list(
        h.notes
            .iter()
            .map(|n| {
                let s = n.say(lang);
                if md { s } else { s.replace('`', "") }
            })
            .collect(),
    );
    d.h3(w.t(
        "Each trainee's status in a scenario",
        "สถานะของผู้เข้าอบรมในแต่ละสถานการณ์",
    ));
    d.list(legend(&w));
    for g in grids {
        scenario(&mut d, g, &w, md);
    }
    d
}

fn scenario(d: &mut Doc, g: &Grid, w: &W, md: bool) {
    let code = |s: &str| if md { format!("`{s}`") } else { s.to_string() };
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
            .map(|(t, l)| format!("{} {}", t.to_uppercase(), g.level(t, l, w.0)))
            .collect();
        f.push((
            w.t("Reference levels", "ระดับตามเฉลย").into(),
            want.join(", "),
        ));
        let matched = g.counted().filter(|r| g.matched(r)).count();
        f.push((
            w.t("Reached the reference levels", "ได้ระดับตรงกับเฉลย")
                .into(),
            format!("{matched} / {}", g.counted().count()),
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
    let unreadable: Vec<String> = g
        .statuses
        .iter()
        .filter_map(|(t, s)| match s {
            Status::Unreadable { place, .. } => Some(format!("{t} ({place})")),
            _ => None,
        })
        .collect();
    if !unreadable.is_empty() {
        f.push((
            w.t("Unreadable file (not counted)", "ไฟล์อ่านไม่ได้ (ไม่นับ)")
                .into(),
            unreadable.join(", "),
        ));
    }
    d.fields(f);
    let others: Vec<String> = g
        .rows
        .iter()
        .filter_map(|r| {
            r.other_ruleset.as_ref().map(|o| {
                format!(
                    "{}: {} {} ({} {})",
                    r.trainee,
                    w.t("used the ruleset", "ใช้ชุดเกณฑ์"),
                    code(o),
                    w.t("the scenario's is", "ของสถานการณ์คือ"),
                    code(&g.ruleset)
                )
            })
        })
        .collect();
    d.list(others);
    if g.statuses.is_empty() {
        return;
    }
    let th = w.0 == Lang::Th;
    let mut head = vec![w.t("Question", "คำถาม").to_string()];
    if th {
        head.push("รหัส".into());
    }
    head.push(w.t("Reference", "เฉลย").to_string());
    head.extend(g.statuses.iter().map(|(t, _)| t.clone()));
    let row_of = |t: &str| g.rows.iter().find(|r| r.trainee == t);
    let mut rows = Vec::new();
    let lead = |title: String, id: &str, reference: String| {
        let mut r = vec![title];
        if th {
            r.push(id.to_string());
        }
        r.push(reference);
        r
    };
    let mut st = lead(w.t("Status", "สถานะ").to_string(), "", String::new());
    st.extend(g.statuses.iter().map(|(_, s)| status_words(s, w.0)));
    rows.push(st);
    for t in targets(g) {
        let want = g.reference_levels.iter().find(|(x, _)| *x == t);
        let mut r = lead(
            t.to_uppercase(),
            &t,
            want.map(|(_, l)| g.level(&t, l, w.0))
                .unwrap_or_else(|| "—".into()),
        );
        for (name, _) in &g.statuses {
            r.push(match row_of(name) {
                Some(row) => {
                    // A level as a person reads it: its label, not an id such as IAL0.
                    let shown = level_of(row, &t).map(|l| g.level(&t, l, w.0));
                    let mut c = cell(shown.as_ref(), g.level_ok(row, &t));
                    if !row.complete {
                        c.push_str(w.t(" (incomplete)", " (ยังไม่ครบ)"));
                    }
                    c
                }
                None => String::new(),
            });
        }
        rows.push(r);
    }
    let shown = |q: &str, v: Option<&String>| -> Option<String> {
        v.map(|v| if th { g.label(q, v, w.0) } else { v.clone() })
    };
    for q in &g.questions {
        let title = if th { g.title(q, w.0) } else { q.clone() };
        let mut r = lead(
            title,
            q,
            shown(q, g.reference.get(q)).unwrap_or_else(|| "—".into()),
        );
        for (name, _) in &g.statuses {
            r.push(match row_of(name) {
                Some(row) => cell(shown(q, row.answers.get(q)).as_ref(), g.answer_ok(row, q)),
                None => String::new(),
            });
        }
        rows.push(r);
    }
    if g.rows.is_empty() {
        // Nobody's answers to show: the statuses say it all.
        rows.truncate(1);
    }
    d.table(head, rows);
    if g.has_reference() {
        d.h3(w.t("Most missed", "ข้อที่ผิดบ่อยที่สุด"));
        if g.misses.is_empty() {
            d.para(w.t(
                "No counted trainee gave an answer other than the reference's.",
                "ผู้เข้าอบรมที่นับไม่มีใครตอบต่างจากเฉลย",
            ));
        }
        let items = g
            .misses
            .iter()
            .map(|m| {
                let q = &m.question;
                let who: Vec<String> =
                    m.by.iter()
                        .map(|(t, v)| format!("{t}: {}", shown(q, Some(v)).unwrap_or_default()))
                        .collect();
                let title = if th {
                    format!("{} ({q})", g.title(q, w.0))
                } else {
                    q.clone()
                };
                let mut s = format!(
                    "{title} — {} {} / {} ({}) — {} {}",
                    w.t("missed by", "ผิด"),
                    m.by.len(),
                    g.counted().count(),
                    who.join(", "),
                    w.t("reference:", "เฉลย:"),
                    shown(q, Some(&m.reference)).unwrap_or_default()
                );
                if let Some(r) = &m.rationale {
                    s.push_str(&format!(" — {} {r}", w.t("why:", "เหตุผล:")));
                }
                s
            })
            .collect();
        d.list(items);
        let others: Vec<&String> = g
            .statuses
            .iter()
            .filter(|(_, s)| matches!(s, Status::OtherRuleset(_)))
            .map(|(t, _)| t)
            .collect();
        if !others.is_empty() {
            d.para(format!(
                "{}: {}",
                w.t(
                    "Not counted here (another ruleset)",
                    "ไม่นับในส่วนนี้ (ใช้ชุดเกณฑ์อื่น)"
                ),
                others
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
}

pub fn markdown(h: &Handed, grids: &[Grid], lang: Lang) -> String {
    crate::report::markdown::render(&doc(h, grids, lang))
}

/// The class grid prints on landscape A4: a class of 20 trainees fits the page's width
/// (fixed columns, small type, words broken where they must), and a ✗ cell is shaded.
const GRID_STYLE: &str = "
@page { size: A4 landscape; margin: 10mm 10mm 12mm 10mm; }
body { max-width: 277mm; }
table { table-layout: fixed; width: 100%; }
th, td { font-size: 7.5pt; line-height: 1.25; padding: 0.4mm 0.8mm; overflow-wrap: anywhere; }
th:first-child, td:first-child { width: 38mm; }
td.miss { background: #d9d9d9; font-weight: bold; }
@media print { td.miss { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
";

/// A cell holding ✗ gets `class="miss"` (shaded); `extra` is added to the page's style.
fn shade(html: &str, extra: &str) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(i) = rest.find("<td>") {
        out.push_str(&rest[..i]);
        let cell = &rest[i + 4..];
        let end = cell.find("</td>").unwrap_or(cell.len());
        if cell[..end].contains(WRONG) {
            out.push_str("<td class=\"miss\">");
        } else {
            out.push_str("<td>");
        }
        rest = cell;
    }
    out.push_str(rest);
    match out.find("</style>") {
        Some(i) if !extra.is_empty() => format!("{}{extra}{}", &out[..i], &out[i..]),
        _ => out,
    }
}

pub fn html(h: &Handed, grids: &[Grid], lang: Lang) -> String {
    let page = crate::report::html::render(&doc_in(h, grids, lang, false), lang);
    shade(&page, GRID_STYLE)
}

/// One row per trainee and answer or level, plus one per trainee not counted; `correct` is
/// 1 or 0 against the reference, empty where there is nothing to grade against.
/// `bom`: start with a byte-order mark, as `xal export --format csv` does by default, so that
/// spreadsheet programs read the Thai.
pub fn csv(h: &Handed, grids: &[Grid], bom: bool) -> String {
    // The one CSV field rule of xal, formula neutralising included: names and answers come
    // from trainees' files.
    let field = crate::report::csv::field;
    let mut s = String::from(if bom { "\u{feff}" } else { "" });
    s.push_str("scenario,trainee,kind,key,given,reference,correct,rationale\r\n");
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
        for (t, st) in &g.statuses {
            let detail = match st {
                Status::Partly { answered, of } => format!("{answered}/{of}"),
                Status::Unreadable { place, .. } => place.clone(),
                Status::OtherRuleset(o) => o.clone(),
                _ => String::new(),
            };
            s.push_str(&format!(
                "{sc},{},status,{},{},,,\r\n",
                field(t),
                st.kind(),
                field(&detail)
            ));
        }
        for t in &g.untouched {
            s.push_str(&format!("{sc},{},untouched,,,,,\r\n", field(t)));
        }
        for t in &g.missing {
            s.push_str(&format!("{sc},{},missing,,,,,\r\n", field(t)));
        }
        for (t, st) in &g.statuses {
            if let Status::Unreadable { place, .. } = st {
                s.push_str(&format!(
                    "{sc},{},unreadable,,{},,,\r\n",
                    field(t),
                    field(place)
                ));
            }
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

/// `xal train collect --format json`.
pub fn json(h: &Handed, grids: &[Grid]) -> Collect {
    let scenarios = grids
        .iter()
        .map(|g| {
            // Every trainee, each with their one status; levels and answers for those whose
            // file was read (empty for the others).
            let trainees = g
                .statuses
                .iter()
                .map(|(name, st)| {
                    let mut v = match g.rows.iter().find(|r| &r.trainee == name) {
                        Some(row) => row_json(g, row, st),
                        None => TraineeRow {
                            trainee: name.clone(),
                            source: match st {
                                Status::Unreadable { place, .. } => Some(place.clone()),
                                _ => None,
                            },
                            complete: false,
                            matched: false,
                            other_ruleset: None,
                            levels: Ordered::default(),
                            answers: Ordered::default(),
                            status: trainee_status(st),
                            answered: None,
                            of: None,
                            place: None,
                            message: None,
                        },
                    };
                    match st {
                        Status::Partly { answered, of } => {
                            v.answered = Some(count(*answered));
                            v.of = Some(count(*of));
                        }
                        Status::Unreadable { place, message } => {
                            v.place = Some(place.clone());
                            v.message = Some(message.clone());
                        }
                        _ => {}
                    }
                    v
                })
                .collect();
            let most_missed = g
                .misses
                .iter()
                .map(|m| MostMissed {
                    question: m.question.clone(),
                    reference: m.reference.clone(),
                    count: count(m.by.len()),
                    of: count(g.counted().count()),
                    missed_by: m
                        .by
                        .iter()
                        .map(|(t, v)| MissedBy {
                            trainee: t.clone(),
                            given: v.clone(),
                        })
                        .collect(),
                    rationale: m.rationale.clone(),
                })
                .collect();
            Scenario {
                scenario: g.scenario.clone(),
                service: g.service.clone(),
                ruleset: g.ruleset.clone(),
                submissions: count(g.rows.len()),
                complete: count(g.rows.iter().filter(|r| r.complete).count()),
                matched: count(g.counted().filter(|r| g.matched(r)).count()),
                reference: ScenarioReference {
                    levels: g.reference_levels.iter().cloned().collect(),
                    answers: g.reference.clone(),
                },
                trainees,
                untouched: g.untouched.clone(),
                missing: g.missing.clone(),
                most_missed,
            }
        })
        .collect();
    Collect {
        schema: output::COLLECT,
        trainees: h.trainees.clone(),
        submitted_nothing: submitted_nothing(h),
        // Stable words for programs, whatever language the run is in.
        notes: h
            .notes
            .iter()
            .map(|n| n.say(Lang::En))
            .chain(
                h.unreadable
                    .iter()
                    .map(|u| format!("{} (unreadable, not counted)", u.message)),
            )
            .collect(),
        scenarios,
    }
}

/// The stable word of a trainee's status.
fn trainee_status(st: &Status) -> TraineeStatus {
    match st {
        Status::Answered => TraineeStatus::Answered,
        Status::Partly { .. } => TraineeStatus::PartlyAnswered,
        Status::Untouched => TraineeStatus::Untouched,
        Status::NoFile => TraineeStatus::NoFile,
        Status::Unreadable { .. } => TraineeStatus::Unreadable,
        Status::OtherRuleset(_) => TraineeStatus::OtherRuleset,
    }
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

/// One trainee's debrief page: per scenario its brief, the trainee's status (the grid's),
/// the levels reached against the reference's and every question with the reason beside
/// each miss; in Thai, question titles and option labels with the ids beside.
pub fn debrief(h: &Handed, grids: &[Grid], trainee: &str, lang: Lang) -> Doc {
    let w = W(lang);
    let th = lang == Lang::Th;
    let mut d = Doc {
        title: format!("{} — {trainee}", w.t("Debrief", "สรุปผลรายบุคคล")),
        blocks: Vec::new(),
        draft: None,
    };
    if submitted_nothing(h).iter().any(|n| n == trainee) {
        d.para(w.t("No answers were handed in.", "ไม่ได้ส่งคำตอบ"));
        return d;
    }
    for g in grids {
        d.h2(if g.service.is_empty() {
            g.scenario.clone()
        } else {
            format!("{} — {}", g.scenario, g.service)
        });
        for part in g.brief.split(" | ").filter(|p| !p.trim().is_empty()) {
            d.para(part.trim());
        }
        let status = g.status_of(trainee);
        let mut fields = vec![(
            w.t("Status", "สถานะ").to_string(),
            status.map(|s| status_words(s, lang)).unwrap_or_default(),
        )];
        let Some(row) = g.rows.iter().find(|r| r.trainee == trainee) else {
            d.fields(fields);
            let why = match status {
                Some(Status::Untouched) => w.t(
                    "Left as handed out: not answered.",
                    "ยังไม่ได้ตอบ (เหมือนตอนที่แจก)",
                ),
                Some(Status::Unreadable { .. }) => w.t(
                    "The file could not be read at the place said: nothing in it was graded.",
                    "อ่านไฟล์ไม่ได้ ณ ตำแหน่งที่ระบุ จึงไม่ได้ตรวจคำตอบในไฟล์",
                ),
                _ => w.t("No file for this scenario.", "ไม่มีไฟล์ของสถานการณ์นี้"),
            };
            d.para(why);
            continue;
        };
        for (target, level) in &row.levels {
            let want = g
                .reference_levels
                .iter()
                .find(|(x, _)| x == target)
                .map(|(_, l)| {
                    format!(
                        " ({} {})",
                        w.t("reference", "เฉลย"),
                        g.level(target, l, lang)
                    )
                })
                .unwrap_or_default();
            let mut v = format!(
                "{} {}{want}",
                g.level(target, level, lang),
                mark(g.level_ok(row, target))
            );
            if !row.complete {
                v.push_str(w.t(" — incomplete", " — ยังตอบไม่ครบ"));
            }
            fields.push((target.to_uppercase(), v.replace("  ", " ")));
        }
        if let Some(o) = &row.other_ruleset {
            fields.push((
                w.t("Ruleset", "ชุดเกณฑ์").into(),
                format!(
                    "{o} ({} {}; {})",
                    w.t("the scenario's is", "ของสถานการณ์คือ"),
                    g.ruleset,
                    w.t("not graded", "ไม่ได้ตรวจ")
                ),
            ));
        }
        d.fields(fields);
        let mut head = vec![w.t("Question", "คำถาม").to_string()];
        if th {
            head.push("รหัส".into());
        }
        head.extend([
            w.t("Your answer", "คำตอบของคุณ").to_string(),
            w.t("Reference", "เฉลย").to_string(),
            String::new(),
            w.t("Why", "เหตุผล").to_string(),
        ]);
        let shown = |q: &str, v: Option<&String>| -> String {
            match v {
                Some(v) if th => g.label(q, v, lang),
                Some(v) => v.clone(),
                None => "—".into(),
            }
        };
        let rows = g
            .questions
            .iter()
            .map(|q| {
                let ok = g.answer_ok(row, q);
                let why = if ok == Some(false) {
                    g.misses
                        .iter()
                        .find(|m| &m.question == q)
                        .and_then(|m| m.rationale.clone())
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                let mut r = vec![if th { g.title(q, lang) } else { q.clone() }];
                if th {
                    r.push(q.clone());
                }
                r.extend([
                    shown(q, row.answers.get(q)),
                    shown(q, g.reference.get(q)),
                    mark(ok).to_string(),
                    why,
                ]);
                r
            })
            .collect();
        d.table(head, rows);
    }
    d
}

/// Writes `<name>.debrief.md` and `<name>.debrief.html` per trainee into `dir` (made 0700
/// when missing), each atomically and 0600; two names that give one file name are told
/// apart by `-2`, `-3`. Only files of that name are replaced. Returns the files written.
pub fn write_debriefs(
    dir: &std::path::Path,
    h: &Handed,
    grids: &[Grid],
    lang: Lang,
) -> Result<Vec<std::path::PathBuf>, super::TrainError> {
    let io = |p: &std::path::Path, e: std::io::Error| {
        super::TrainError::Io(format!("{}: {e}", p.display()))
    };
    crate::store::create_private_dir(dir).map_err(|e| io(dir, e))?;
    let mut used = std::collections::HashSet::new();
    let mut written = Vec::new();
    for trainee in &h.trainees {
        let base = super::handout::file_stem(trainee);
        let mut stem = base.clone();
        let mut n = 1;
        while !used.insert(stem.to_lowercase()) {
            n += 1;
            stem = format!("{base}-{n}");
        }
        let page = debrief(h, grids, trainee, lang);
        for (ext, text) in [
            ("md", crate::report::markdown::render(&page)),
            (
                "html",
                shade(
                    &crate::report::html::render(&page, lang),
                    "td.miss { background: #d9d9d9; font-weight: bold; }\n",
                ),
            ),
        ] {
            let path = dir.join(format!("{stem}.debrief.{ext}"));
            super::handout::write_private(&path, text.as_bytes()).map_err(|e| io(&path, e))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// A trainee's levels and answers beside the reference's.
fn row_json(g: &Grid, row: &Row, st: &Status) -> TraineeRow {
    let levels = targets(g)
        .into_iter()
        .map(|t| {
            let want = g.reference_levels.iter().find(|(x, _)| *x == t);
            let v = Graded {
                given: level_of(row, &t).cloned(),
                reference: want.map(|(_, l)| l.clone()),
                correct: g.level_ok(row, &t),
            };
            (t, v)
        })
        .collect();
    let answers = g
        .questions
        .iter()
        .map(|q| {
            let v = Graded {
                given: row.answers.get(q).cloned(),
                reference: g.reference.get(q).cloned(),
                correct: g.answer_ok(row, q),
            };
            (q.clone(), v)
        })
        .collect();
    TraineeRow {
        trainee: row.trainee.clone(),
        source: Some(row.source.clone()),
        complete: row.complete,
        matched: g.matched(row),
        other_ruleset: row.other_ruleset.clone(),
        levels,
        answers,
        status: trainee_status(st),
        answered: None,
        of: None,
        place: None,
        message: None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_cell_with_a_cross_is_shaded_and_the_style_goes_in_the_head() {
        let page =
            "<style>a{}</style><table><tr><td>low ✗</td><td>moderate ✓</td><td>✗</td></tr></table>";
        let out = super::shade(page, "td.miss{}");
        assert_eq!(
            out,
            "<style>a{}td.miss{}</style><table><tr><td class=\"miss\">low ✗</td><td>moderate ✓</td><td class=\"miss\">✗</td></tr></table>"
        );
    }
}
