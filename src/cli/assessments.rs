//! `xal list` and `xal show`: the saved assessments, headless.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::eval::render_text;
use super::lookup::{load_failure, open_store, registry, resolve_id, ruleset_of, store_failure};
use super::{Failure, Format, Global, ListArgs, ListFormat, ShowArgs, Term};
use crate::catalog;
use crate::engine::evaluate_set;
use crate::record::due::{Due, due_state};
use crate::report::json;
use crate::report::output::{self, BrokenRow, DueState, ListEntry, ListRow, Ordered};
use crate::report::tr;
use crate::store::{ScanEntry, Summary};
use crate::text::{Lang, visible};

/// Pads to a width in terminal cells (Thai marks take none), cutting what does not fit. A
/// cell is one line: a control character in it (a newline, an ESC from a file someone sent)
/// is shown visibly, and measured as shown.
fn cell(s: &str, width: usize) -> String {
    let s = visible(s);
    let (fits, used) = crate::text::cut_to_width(&s, width);
    format!("{fits}{}", " ".repeat(width - used))
}

/// The widest a level column of `xal list` grows: "No identity proofing" (20 cells) fits,
/// a longer label is cut with "…".
const LEVEL_WIDTH: usize = 20;

/// [`cell`], but what does not fit is cut with "…" in its last cell, so that a cut label
/// is seen to be cut.
fn cut_cell(s: &str, width: usize) -> String {
    let shown = visible(s);
    if shown.width() <= width || width == 0 {
        return cell(s, width);
    }
    let (fits, used) = crate::text::cut_to_width(&shown, width - 1);
    format!("{fits}…{}", " ".repeat(width - 1 - used))
}

/// The level of target `t`, or `-` when the ruleset has no such target.
fn level<'a>(levels: &'a [(String, String)], t: &str) -> &'a str {
    levels
        .iter()
        .find(|(id, _)| id == t)
        .map_or("-", |(_, l)| l.as_str())
}

/// The target ids of the listed assessments' rulesets, each once, in the order they first
/// appear: columns for whatever targets the rulesets define.
fn level_targets<'a>(summaries: &[&'a Summary]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for x in summaries {
        for (t, _) in &x.levels {
            if !out.contains(&t.as_str()) {
                out.push(t);
            }
        }
    }
    out
}

pub fn list(t: &mut Term<'_>, global: &Global, args: &ListArgs, lang: Lang) -> Result<(), Failure> {
    let store = open_store(global)?;
    let registry = registry(t);
    let mut scan = store
        .scan(
            &|a| catalog::summarize(&registry, a),
            &format!(
                "{}{}",
                registry.fingerprint(),
                crate::record::signed::salt()
            ),
        )
        .map_err(store_failure)?;
    let today = crate::clock::now().date_naive();
    if args.due {
        // Only what needs a review now or soon: approved, with a date overdue or near.
        scan.entries.retain(|e| match e {
            ScanEntry::Ok(s) => s
                .review_due
                .is_some_and(|d| due_state(d, today) != Due::Later),
            ScanEntry::Broken { .. } => false,
        });
    }
    let hidden = crate::train::hide_result(store.data_dir());
    if hidden {
        for e in &mut scan.entries {
            if let ScanEntry::Ok(x) = e {
                for (_, l) in &mut x.levels {
                    *l = super::train::hidden_word(lang).into();
                }
            }
        }
    }
    match args.format {
        ListFormat::Json => {
            let rows: Vec<ListEntry> = scan
                .entries
                .iter()
                .map(|e| match e {
                    ScanEntry::Ok(s) => ListEntry::Assessment(Box::new(ListRow {
                        schema: output::LIST,
                        id: s.id.clone(),
                        service: s.service_name.clone(),
                        agency: s.agency.clone(),
                        group: s.group.as_deref().map(str::to_string),
                        ruleset: s.ruleset_id.to_string(),
                        ruleset_known: registry.get(&s.ruleset_id).is_some(),
                        levels: s
                            .levels
                            .iter()
                            .map(|(t, l)| (t.to_string(), l.to_string()))
                            .collect(),
                        complete: s.complete,
                        // Hidden with the levels: which are final tells of them.
                        final_: if hidden {
                            Ordered::default()
                        } else {
                            s.levels
                                .iter()
                                .map(|(t, _)| (t.to_string(), !s.lower_bounds.contains(t)))
                                .collect()
                        },
                        updated: output::DateTime(s.updated.to_rfc3339()),
                        path: s.path.to_string_lossy().into_owned(),
                        signoff: s.signoff.as_deref().map(|m| output::SignMark {
                            step: m.step.clone(),
                            by: m.by.clone(),
                            // As chrono writes a time (`Z` for UTC), as this list always has.
                            at: output::DateTime(
                                m.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                            ),
                            holds: m.holds,
                            status: output::SignStatus::of_word(&m.status),
                            signer: m.signer.clone(),
                            key: m.key.clone(),
                        }),
                        review_due: s.review_due.map(|d| output::Date(d.to_string())),
                        due: s.review_due.map(|d| match due_state(d, today) {
                            Due::Overdue => DueState::Overdue,
                            Due::Soon => DueState::Soon,
                            Due::Later => DueState::Later,
                        }),
                        conflicts: output::count(s.conflicts),
                    })),
                    ScanEntry::Broken { path, diagnostic } => ListEntry::Broken(BrokenRow {
                        schema: output::LIST,
                        path: path.to_string_lossy().into_owned(),
                        broken: true,
                        error: diagnostic.to_string(),
                    }),
                })
                .collect();
            t.json(&output::List(rows))?;
        }
        ListFormat::Table => {
            let mut s = String::new();
            let (done, todo) = match lang {
                Lang::Th => ("ครบ", "ยังไม่ครบ"),
                Lang::En => ("complete", "incomplete"),
            };
            let summaries: Vec<&Summary> = scan
                .entries
                .iter()
                .filter_map(|e| match e {
                    ScanEntry::Ok(x) => Some(x),
                    ScanEntry::Broken { .. } => None,
                })
                .collect();
            // The levels as a person reads them (a level's label, not its id), by file.
            let shown: Vec<Vec<(String, String)>> = summaries
                .iter()
                .map(|x| {
                    let rs = registry.get(&x.ruleset_id).map(|r| &**r);
                    catalog::shown_levels(rs, &x.levels, lang)
                })
                .collect();
            // One column per target of the rulesets listed, as wide as its widest level, up
            // to LEVEL_WIDTH: a longer label is cut with "…".
            let columns: Vec<(&str, String, usize)> = level_targets(&summaries)
                .into_iter()
                .map(|t| {
                    let head = t.to_uppercase();
                    let width = shown
                        .iter()
                        .map(|x| level(x, t).width().min(LEVEL_WIDTH))
                        .chain([head.width()])
                        .max()
                        .unwrap_or(0);
                    (t, head, width)
                })
                .collect();
            // Headers in the language of the rows (scripts read --format json or csv).
            let _ = write!(
                s,
                "{} {} {} {} ",
                cell(tr(lang, "รหัส", "ID"), 26),
                cell(tr(lang, "บริการ", "SERVICE"), 30),
                cell(tr(lang, "หน่วยงาน", "AGENCY"), 20),
                cell(tr(lang, "กลุ่ม", "GROUP"), 13),
            );
            for (_, head, width) in &columns {
                let _ = write!(s, "{} ", cell(head, *width));
            }
            // Sign-off and review columns only when some listed assessment has them, so a
            // list without sign-off reads as before.
            let signed = summaries.iter().any(|x| x.signoff.is_some());
            let reviewed = summaries.iter().any(|x| x.review_due.is_some());
            let _ = write!(s, "{} ", cell(tr(lang, "สถานะ", "STATE"), 10));
            if signed {
                let _ = write!(s, "{} ", cell(tr(lang, "การอนุมัติ", "SIGN-OFF"), 18));
            }
            if reviewed {
                let _ = write!(s, "{} ", cell(tr(lang, "ทบทวน", "REVIEW"), 22));
            }
            let _ = writeln!(s, "{}", tr(lang, "แก้ไขล่าสุด", "UPDATED"));
            let mut shown = shown.iter();
            for e in &scan.entries {
                match e {
                    ScanEntry::Ok(x) => {
                        let levels = shown.next().map_or(&[][..], Vec::as_slice);
                        let state = if x.conflicts > 0 {
                            tr(lang, "ขัดแย้ง", "conflict")
                        } else if registry.get(&x.ruleset_id).is_none() {
                            tr(lang, "ไม่รู้จักชุดเกณฑ์", "unknown ruleset")
                        } else if x.complete {
                            done
                        } else {
                            todo
                        };
                        let _ = write!(
                            s,
                            "{} {} {} {} ",
                            cell(&x.id, 26),
                            // A name, an agency or a group cut is seen to be cut.
                            cut_cell(&x.service_name, 30),
                            cut_cell(&x.agency, 20),
                            cut_cell(
                                &x.group.as_deref().map_or("-".to_string(), |g| {
                                    catalog::shown_group(
                                        registry.get(&x.ruleset_id).map(|r| &**r),
                                        g,
                                        lang,
                                    )
                                }),
                                13
                            ),
                        );
                        for (t, _, width) in &columns {
                            let _ = write!(s, "{} ", cut_cell(level(levels, t), *width));
                        }
                        let _ = write!(s, "{} ", cell(state, 10));
                        if signed {
                            // The status of a latest step that does not hold.
                            let status = x
                                .signoff
                                .as_ref()
                                .filter(|m| !m.holds)
                                .map(|m| m.status.as_str());
                            let _ = write!(s, "{} ", cell(&sign_cell(x, status, lang), 18));
                        }
                        if reviewed {
                            let _ = write!(s, "{} ", cell(&review_cell(x, today, lang), 22));
                        }
                        let _ = writeln!(s, "{}", x.updated.format("%Y-%m-%d %H:%M"));
                    }
                    // Said on standard error below: the table stays data.
                    ScanEntry::Broken { .. } => {}
                }
            }
            t.text(&s)?;
        }
    }
    broken_files(&scan.entries)
}

/// Files that do not parse: listed after the data, each one line on standard error at its
/// place, and exit 2, so that a script sees them without reading the table.
fn broken_files(entries: &[ScanEntry]) -> Result<(), Failure> {
    let broken: Vec<crate::diag::Diagnostic> = entries
        .iter()
        .filter_map(|e| match e {
            ScanEntry::Broken { diagnostic, .. } => Some(diagnostic.clone()),
            ScanEntry::Ok(_) => None,
        })
        .collect();
    if broken.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(broken))
    }
}

/// `✓ approved`, `✓ reviewed`; once it does not hold, `✗` and its status (`status`, from
/// the file read again): `✗ void` once what it signed changed, `✗ unsigned`, `✗ unknown
/// signer`, `✗ bad signature`.
fn sign_cell(x: &Summary, status: Option<&str>, lang: Lang) -> String {
    match &x.signoff {
        None => "-".into(),
        Some(m) if !m.holds => format!(
            "✗ {}",
            match status.unwrap_or("void") {
                "void" => tr(lang, "สิ้นผล", "void"),
                "unsigned" => tr(lang, "ไม่ได้ลงนาม", "unsigned"),
                "unknown signer" => tr(lang, "ผู้ลงนามที่ไม่รู้จัก", "unknown signer"),
                "bad signature" => tr(lang, "ลายมือชื่อไม่ถูกต้อง", "bad signature"),
                other => other,
            }
        ),
        Some(m) => match m.step.as_str() {
            "approved" => format!("✓ {}", tr(lang, "อนุมัติแล้ว", "approved")),
            "reviewed" => format!("✓ {}", tr(lang, "ตรวจทานแล้ว", "reviewed")),
            other => format!("✓ {other}"),
        },
    }
}

/// The review date, marked `! overdue` or `soon` (within 30 days).
fn review_cell(x: &Summary, today: chrono::NaiveDate, lang: Lang) -> String {
    let Some(d) = x.review_due else {
        return "-".into();
    };
    let mark = match due_state(d, today) {
        Due::Overdue => tr(lang, " ! เลยกำหนด", " ! overdue"),
        Due::Soon => tr(lang, " ใกล้ถึงกำหนด", " soon"),
        Due::Later => "",
    };
    format!("{}{mark}", d.format("%Y-%m-%d"))
}

/// Where the assessment came from, in one line: pack and scenario, the assessment it was
/// copied or imported from, the file.
pub(crate) fn origin_line(o: Option<&crate::store::Origin>, lang: Lang) -> Option<String> {
    let o = o.filter(|o| !o.is_empty())?;
    let mut parts = Vec::new();
    if !o.pack.is_empty() || !o.scenario.is_empty() {
        let version = if o.pack_version.is_empty() {
            String::new()
        } else {
            format!(" {}", visible(&o.pack_version))
        };
        parts.push(format!(
            "{} {}{version}, {} {}",
            tr(lang, "ชุดฝึก", "pack"),
            visible(&o.pack),
            tr(lang, "สถานการณ์", "scenario"),
            visible(&o.scenario)
        ));
    }
    if !o.from_id.is_empty() {
        parts.push(format!(
            "{} {}",
            tr(lang, "จากรหัส", "from id"),
            visible(&o.from_id)
        ));
    }
    if !o.source.is_empty() {
        parts.push(format!(
            "{} {}",
            tr(lang, "นำเข้าจาก", "imported from"),
            visible(&o.source)
        ));
    }
    Some(format!(
        "{}: {}",
        tr(lang, "ที่มา", "origin"),
        parts.join("; ")
    ))
}

pub fn show(t: &mut Term<'_>, global: &Global, args: &ShowArgs, lang: Lang) -> Result<(), Failure> {
    let store = open_store(global)?;
    let registry = registry(t);
    args.strict.registry(&registry)?;
    let id = resolve_id(&store, &args.id)?;
    let loaded = store.load(&id).map_err(load_failure)?;
    let a = &loaded.assessment;
    let rs = &ruleset_of(&registry, a, &loaded.path)?;
    let eval = evaluate_set(rs, &a.answers);
    if args.strict.strict {
        let text = super::lookup::text_of(&loaded.path);
        args.strict.enforce(super::strict::findings(
            &loaded.path,
            &text,
            rs,
            &eval,
            lang,
        ))?;
    }
    let hidden = crate::train::hide_result(store.data_dir());
    match args.format {
        Format::Json if hidden => t.json(&output::Show::Hidden(output::HiddenShow {
            schema: output::SHOW,
            id: a.id.clone(),
            service: json::service(a),
            answers: crate::record::fingerprint::answers_value(&a.answers),
            assessor_notes: a.notes.clone(),
            complete: eval.complete(),
            hidden: true,
            // Only when the file records one, so the output of older files stays as it was.
            origin: output::Origin::of(a.origin.as_ref()),
        })),
        Format::Json => {
            let content = crate::record::Record::of(a, rs, &eval).content_sha256();
            let shown = output::Shown {
                id: a.id.clone(),
                service: json::service(a),
                answers: crate::record::fingerprint::answers_value(&a.answers),
                assessor_notes: a.notes.clone(),
                signoff: json::signoffs(a, &content),
                // Only while an approval holds.
                review_due: json::review_due(a, &content),
                origin: output::Origin::of(a.origin.as_ref()),
            };
            t.json(&output::Show::Shown(
                json::evaluation(rs, &eval, lang).with(output::SHOW, shown),
            ))
        }
        Format::Text => {
            let mut s = String::new();
            let _ = writeln!(
                s,
                "{} — {}",
                visible(&a.service.name),
                visible(&a.service.agency)
            );
            if !a.service.description.is_empty() {
                let _ = writeln!(s, "{}", a.service.description);
            }
            let _ = writeln!(
                s,
                "{} {}  ({})",
                tr(lang, "รหัส", "id"),
                a.id,
                visible(&loaded.path.display().to_string())
            );
            if let Some(line) = origin_line(a.origin.as_ref(), lang) {
                let _ = writeln!(s, "{line}");
            }
            if hidden {
                let _ = writeln!(
                    s,
                    "{}",
                    tr(
                        lang,
                        "ผลการประเมินถูกซ่อนไว้จนกว่าผู้สอนจะสั่ง `xal train reveal`",
                        "the result is hidden until the trainer runs `xal train reveal`"
                    )
                );
                return t.text(&s);
            }
            if let Some(d) = catalog::drift(rs, a, &eval) {
                let _ = writeln!(
                    s,
                    "{} {} {}, {} {}{}",
                    tr(lang, "ตอบไว้ภายใต้", "answered under"),
                    rs.id,
                    d.recorded_version,
                    tr(lang, "ขณะนี้ประเมินด้วยรุ่น", "now evaluated under"),
                    d.current_version,
                    if d.changes.is_empty() {
                        tr(lang, ": ไม่มีระดับใดเปลี่ยน", ": no level changed").to_string()
                    } else {
                        d.changes_shown(rs, lang)
                            .iter()
                            .map(|(t, o, n)| format!("; {t} {o} → {n}"))
                            .collect()
                    }
                );
            }
            s.push_str(&render_text(rs, &eval, lang));
            // A note may hold several lines: they stay lines (the output keeps newlines and
            // shows every other control character).
            for (q, note) in &a.notes {
                let _ = writeln!(s, "{} {}: {note}", tr(lang, "บันทึก", "note"), visible(q));
            }
            let content = crate::record::Record::of(a, rs, &eval).content_sha256();
            for so in &a.signoffs {
                let _ = writeln!(s, "{}", crate::report::signoff::line(so, &content, lang));
            }
            if let Some(d) = crate::report::signoff::review_due(&a.signoffs, &content) {
                let _ = writeln!(
                    s,
                    "{} {}",
                    tr(lang, "กำหนดทบทวน", "review due"),
                    crate::report::dates::date(d, lang)
                );
            }
            t.text(&s)
        }
    }
}
