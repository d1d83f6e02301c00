//! `xal verify`: does a report (JSON, HTML or Markdown), or a fingerprint typed from paper,
//! belong to the assessment file as it is now? Says which parts of the record differ.
//! Exit 0 match, 1 differs, 2 bad input.

use std::fmt::Write;
use std::path::Path;

use serde_json::Value;

use super::files::read_text;
use super::lookup::{load_assessment, registry, ruleset_of};
use super::{Failure, Format, Global, Term, VerifyArgs};
use crate::diag::Diagnostic;
use crate::engine::evaluate_set;
use crate::record::canonical::parse_typed;
use crate::record::fingerprint::answers_sha256;
use crate::record::{PARTS, Record, grouped};
use crate::report::dates::date_time;
use crate::report::output;
use crate::report::tr;
use crate::store::Assessment;
use crate::text::Lang;

/// What a report says of the record it was made from.
struct Claim {
    assessment: Option<String>,
    record: String,
    /// Part fingerprints (HTML, Markdown) or the parts themselves (JSON), to name what differs.
    parts: Parts,
}

enum Parts {
    Hashes(Vec<(String, String)>),
    Values(Record),
    /// A fingerprint from paper says nothing of its parts.
    None,
}

/// The outcome, for both text and JSON.
struct Outcome {
    matches: bool,
    record_now: String,
    claimed: String,
    differing: Vec<&'static str>,
    /// Answer ids whose values differ (from a JSON report).
    answers: Vec<String>,
    /// Sentences on what a paper fingerprint does match instead.
    hints: Vec<String>,
    /// The report contradicts its own fingerprint (edited after it was made).
    self_inconsistent: bool,
}

/// `Ok(true)` when the report or fingerprint matches the file.
pub fn run(
    t: &mut Term<'_>,
    global: &Global,
    args: &VerifyArgs,
    lang: Lang,
) -> Result<bool, Failure> {
    if args.signoffs {
        return signoffs(t, global, args, lang);
    }
    let (claim, file_arg) = match (&args.fingerprint, args.args.as_slice()) {
        (Some(hex), [file]) => {
            let record = parse_typed(hex).ok_or_else(|| {
                Failure::BadInput(format!(
                    "--fingerprint {hex:?}: give the 64 hexadecimal digits of the record fingerprint (spaces between groups are fine)"
                ))
            })?;
            (
                Claim {
                    assessment: None,
                    record,
                    parts: Parts::None,
                },
                file.clone(),
            )
        }
        (Some(_), _) => {
            return Err(Failure::BadInput(
                "with --fingerprint HEX give the assessment (id or file) to check it against"
                    .into(),
            ));
        }
        (None, [report]) | (None, [report, _]) => {
            let path = Path::new(report);
            let text = read_text(path)?;
            let claim = read_claim(path, &text)?;
            let file = match args.args.get(1) {
                Some(f) => f.clone(),
                None => claim.assessment.clone().ok_or_else(|| {
                    Failure::from(Diagnostic::whole_file(
                        path,
                        "the report does not name its assessment: give the file to check it against",
                    ))
                })?,
            };
            (claim, file)
        }
        (None, _) => {
            return Err(Failure::BadInput(
                "give a report and optionally its assessment (xal verify REPORT [FILE]), or --fingerprint HEX FILE"
                    .into(),
            ));
        }
    };
    let registry = registry(t);
    let (a, path) = load_assessment(t, global, &file_arg)?;
    let rs = ruleset_of(&registry, &a, &path)?;
    let eval = evaluate_set(&rs, &a.answers);
    let now = Record::of(&a, &rs, &eval);
    let mut outcome = compare(&claim, &now, &a, lang);
    if outcome.matches {
        // The report is the file's record; its sign-offs on the current content must hold
        // as well (a hand-written or forged one is in the file too).
        let content = now.content_sha256();
        for (i, so) in a.signoffs.iter().enumerate() {
            let status = crate::record::signoff::status(so, &content);
            if status != crate::record::signed::Status::Void
                && crate::record::standing(so, &content) != crate::record::Standing::Holds
            {
                outcome.matches = false;
                outcome.differing.push("signoff");
                outcome.hints.push(format!(
                    "{} {}: {}",
                    tr(lang, "การลงนามที่", "sign-off"),
                    i + 1,
                    crate::report::signoff::line(so, &content, lang)
                ));
            }
        }
        outcome.differing.dedup();
    }
    match args.format {
        Format::Json => t.json(&outcome_json(&outcome, &path))?,
        Format::Text => t.text(&outcome_text(&outcome, &path, lang))?,
    }
    Ok(outcome.matches)
}

/// `xal verify --signoffs FILE`: each sign-off's status, `Ok(true)` when every one holds
/// (and there is one). A list of signers that does not read is bad input (exit 2).
fn signoffs(
    t: &mut Term<'_>,
    global: &Global,
    args: &VerifyArgs,
    lang: Lang,
) -> Result<bool, Failure> {
    use crate::record::signed::{self, Status};
    let [file] = args.args.as_slice() else {
        return Err(Failure::BadInput(
            "with --signoffs give one assessment (id or file)".into(),
        ));
    };
    if args.format == Format::Json {
        return Err(Failure::BadInput(
            "--signoffs prints text: one line per sign-off".into(),
        ));
    }
    let trust = signed::current();
    if let Some(p) = &trust.problem {
        return Err(Failure::Input(vec![p.clone()]));
    }
    let registry = registry(t);
    let (a, path) = load_assessment(t, global, file)?;
    if let Some(n) = args.print_canonical.or(args.print_signature) {
        let so = n
            .checked_sub(1)
            .and_then(|i| a.signoffs.get(i))
            .ok_or_else(|| {
                Failure::BadInput(format!(
                    "{}: no sign-off {n} (it has {})",
                    path.display(),
                    a.signoffs.len()
                ))
            })?;
        let bytes = if args.print_canonical.is_some() {
            signed::canonical(so)
        } else {
            format!("{}\n", so.signature.trim())
        };
        if t.out_is_terminal() {
            t.text(&bytes)?;
        } else {
            t.binary(bytes.as_bytes())?;
        }
        return Ok(true);
    }
    let rs = ruleset_of(&registry, &a, &path)?;
    let eval = evaluate_set(&rs, &a.answers);
    let content = Record::of(&a, &rs, &eval).content_sha256();
    let mut s = String::new();
    let mut all = !a.signoffs.is_empty();
    if a.signoffs.is_empty() {
        let _ = writeln!(
            s,
            "{} {}",
            path.display(),
            tr(lang, "ยังไม่มีการลงนาม", "has no sign-off")
        );
    }
    for (i, so) in a.signoffs.iter().enumerate() {
        let status = trust.status(so, &content);
        let holds = trust.holds(status);
        all &= holds;
        let why = match status {
            Status::Signed => String::new(),
            Status::Void => tr(lang, "เนื้อหาเปลี่ยนไปหลังการลงนาม", "the content changed since").into(),
            Status::Unsigned => tr(lang, "ไม่มีลายมือชื่อดิจิทัล", "no signature").into(),
            Status::UnknownSigner => match &trust.list {
                Some(_) => format!(
                    "{} {} ({})",
                    tr(
                        lang,
                        "allowed_signers ไม่ได้ให้กุญแจนี้แก่",
                        "allowed_signers does not give this key, at that time, to"
                    ),
                    crate::text::safe::visible(&so.signer),
                    so.key
                ),
                None => tr(
                    lang,
                    "ไม่มี allowed_signers ให้ตรวจผู้ลงนาม",
                    "no allowed_signers to check the signer against",
                )
                .into(),
            },
            Status::BadSignature => tr(
                lang,
                "ลายมือชื่อไม่ใช่ของข้อความที่ลงนามนี้หรือของกุญแจที่ระบุ",
                "the signature is not over this sign-off's fields by the key it names",
            )
            .into(),
        };
        let _ = writeln!(
            s,
            "{}. {} — {}{}{}",
            i + 1,
            status.word(),
            crate::report::signoff::line(so, &content, lang),
            if holds {
                ""
            } else {
                tr(lang, " — ไม่มีผล", " — does not hold")
            },
            if why.is_empty() || holds {
                String::new()
            } else {
                format!(": {why}")
            }
        );
    }
    t.text(&s)?;
    Ok(all)
}

fn read_claim(path: &Path, text: &str) -> Result<Claim, Failure> {
    if text.trim_start().starts_with('{') {
        return json_claim(path, text);
    }
    let line = text
        .lines()
        .find_map(|l| l.split("xal-record/1 ").nth(1))
        .ok_or_else(|| {
            Failure::from(Diagnostic::whole_file(
                path,
                "no record fingerprint of xal in this file (export a report with xal export)",
            ))
        })?;
    let mut assessment = None;
    let mut record = None;
    let mut hashes = Vec::new();
    for token in line.trim_end_matches("-->").split_whitespace() {
        let Some((k, v)) = token.split_once('=') else {
            continue;
        };
        match k {
            "assessment" => assessment = Some(v.to_string()),
            "record" => record = Some(v.to_string()),
            _ => {
                if let Some(p) = k.strip_prefix("part.") {
                    hashes.push((p.to_string(), v.to_string()));
                }
            }
        }
    }
    let record = record.and_then(|r| parse_typed(&r)).ok_or_else(|| {
        Failure::from(Diagnostic::whole_file(
            path,
            "the record fingerprint in this report is damaged",
        ))
    })?;
    Ok(Claim {
        assessment,
        record,
        parts: Parts::Hashes(hashes),
    })
}

fn json_claim(path: &Path, text: &str) -> Result<Claim, Failure> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        let offset = line_col_offset(text, e.line(), e.column());
        Failure::from(Diagnostic::at_offset(
            path,
            text,
            offset,
            format!("not JSON: {e}"),
        ))
    })?;
    let record = v.get("record").filter(|r| r.is_object()).ok_or_else(|| {
        Failure::from(Diagnostic::whole_file(
            path,
            "no `record` in this JSON: export it with this xal (xal export ID --format json)",
        ))
    })?;
    let claimed = v
        .pointer("/fingerprints/record_sha256")
        .and_then(Value::as_str)
        .and_then(parse_typed)
        .ok_or_else(|| {
            Failure::from(Diagnostic::whole_file(
                path,
                "no `fingerprints.record_sha256` in this JSON report",
            ))
        })?;
    Ok(Claim {
        assessment: v.get("id").and_then(Value::as_str).map(str::to_string),
        record: claimed,
        parts: Parts::Values(Record::from_value(record)),
    })
}

/// serde_json's line and column (1-based) as a byte offset.
fn line_col_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn compare(claim: &Claim, now: &Record, a: &Assessment, lang: Lang) -> Outcome {
    let record_now = now.sha256();
    let mut out = Outcome {
        matches: claim.record == record_now,
        record_now: record_now.clone(),
        claimed: claim.record.clone(),
        differing: Vec::new(),
        answers: Vec::new(),
        hints: Vec::new(),
        self_inconsistent: false,
    };
    match &claim.parts {
        Parts::Values(then) => {
            if then.sha256() != claim.record {
                out.self_inconsistent = true;
                out.matches = false;
            }
            out.differing = then.differing_parts(now);
            out.answers = differing_answers(then.part("answers"), now.part("answers"));
            if !out.differing.is_empty() {
                out.matches = false;
            }
        }
        Parts::Hashes(hashes) => {
            out.differing = PARTS
                .iter()
                .copied()
                .filter(|p| {
                    hashes
                        .iter()
                        .find(|(k, _)| k == p)
                        .is_none_or(|(_, h)| *h != now.part_sha256(p))
                })
                .collect();
            if !out.differing.is_empty() {
                out.matches = false;
            }
        }
        Parts::None if !out.matches => {
            let content = now.content_sha256();
            if claim.record == content {
                out.hints.push(
                    tr(
                        lang,
                        "ตรงกับเนื้อหาของบันทึกก่อนการลงนาม: ต่างกันเพียงการลงนาม",
                        "it is the record's content without its sign-off: only the sign-off differs",
                    )
                    .to_string(),
                );
                out.differing = vec!["signoff"];
            } else if claim.record == answers_sha256(&a.answers) {
                out.hints.push(
                    tr(
                        lang,
                        "เป็นลายนิ้วมือของคำตอบ และคำตอบตรงกัน แต่ลายนิ้วมือนี้ไม่ครอบคลุมส่วนอื่นของบันทึก",
                        "it is the answers' fingerprint, and the answers match; it does not cover the rest of the record",
                    )
                    .to_string(),
                );
            }
            for s in &a.signoffs {
                if s.record.eq_ignore_ascii_case(&claim.record) {
                    out.hints.push(format!(
                        "{} {} {}",
                        tr(lang, "ตรงกับเนื้อหาที่ลงนามโดย", "it is the content signed by"),
                        crate::text::safe::visible(&s.by),
                        date_time(&s.at, lang)
                    ));
                }
            }
        }
        Parts::None => {}
    }
    out
}

/// Answer ids (group answers as `group/question`) whose values differ between two `answers`
/// parts.
fn differing_answers(then: &Value, now: &Value) -> Vec<String> {
    fn flat(v: &Value) -> Vec<(String, Value)> {
        match v {
            Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Value::Array(groups) => groups
                .iter()
                .flat_map(|g| {
                    let gid = g
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    let answers = g.get("answers").cloned().unwrap_or(Value::Null);
                    let mut out: Vec<(String, Value)> = match answers {
                        Value::Object(m) => m
                            .into_iter()
                            .map(|(k, v)| (format!("{gid}/{k}"), v))
                            .collect(),
                        _ => Vec::new(),
                    };
                    for key in ["name", "tailoring"] {
                        out.push((
                            format!("{gid}/{key}"),
                            g.get(key).cloned().unwrap_or(Value::Null),
                        ));
                    }
                    out
                })
                .collect(),
            _ => Vec::new(),
        }
    }
    let a = flat(then);
    let b = flat(now);
    let mut keys: Vec<String> = a.iter().chain(&b).map(|(k, _)| k.clone()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| {
            let x = a.iter().find(|(q, _)| q == k).map(|(_, v)| v);
            let y = b.iter().find(|(q, _)| q == k).map(|(_, v)| v);
            x != y
        })
        .collect()
}

fn part_name(p: &str, lang: Lang) -> &'static str {
    match p {
        "id" => tr(lang, "รหัสการประเมิน", "id"),
        "service" => tr(lang, "บริการ", "service"),
        "ruleset" => tr(lang, "ชุดเกณฑ์", "ruleset"),
        "answers" => tr(lang, "คำตอบ", "answers"),
        "notes" => tr(lang, "บันทึก", "notes"),
        "result" => tr(lang, "ผลการประเมิน", "result"),
        _ => tr(lang, "การลงนาม", "sign-off"),
    }
}

fn outcome_text(o: &Outcome, file: &Path, lang: Lang) -> String {
    let mut s = String::new();
    let file = file.display();
    if o.matches {
        let _ = writeln!(
            s,
            "{} {file}",
            tr(
                lang,
                "ตรงกัน: สำเนานี้เป็นบันทึกปัจจุบันของ",
                "match: this is the current record of"
            )
        );
    } else {
        let _ = writeln!(
            s,
            "{} {file}",
            tr(
                lang,
                "ไม่ตรงกัน: สำเนานี้ไม่ใช่บันทึกปัจจุบันของ",
                "differs: this is not the current record of"
            )
        );
        if o.self_inconsistent {
            let _ = writeln!(
                s,
                "{}",
                tr(
                    lang,
                    "  รายงานถูกแก้ไขหลังจากสร้าง: เนื้อหาไม่ตรงกับลายนิ้วมือของตัวเอง",
                    "  the report was changed after it was made: its content does not match its own fingerprint"
                )
            );
        }
        if !o.differing.is_empty() {
            let names: Vec<String> = o
                .differing
                .iter()
                .map(|p| {
                    if *p == "answers" && !o.answers.is_empty() {
                        format!("{} ({})", part_name(p, lang), o.answers.join(", "))
                    } else {
                        part_name(p, lang).to_string()
                    }
                })
                .collect();
            let _ = writeln!(
                s,
                "  {}: {}",
                tr(lang, "ส่วนที่ต่างกัน", "parts that differ"),
                names.join(", ")
            );
            let same: Vec<&str> = PARTS
                .iter()
                .filter(|p| !o.differing.contains(p))
                .map(|p| part_name(p, lang))
                .collect();
            if !same.is_empty() {
                let _ = writeln!(
                    s,
                    "  {}: {}",
                    tr(lang, "ส่วนที่ตรงกัน", "parts that match"),
                    same.join(", ")
                );
            }
        }
        for h in &o.hints {
            let _ = writeln!(s, "  {h}");
        }
        let _ = writeln!(
            s,
            "{}\n{}",
            tr(lang, "ลายนิ้วมือที่ให้มา:", "fingerprint given:"),
            indent(&grouped(&o.claimed))
        );
    }
    let _ = writeln!(
        s,
        "{}\n{}",
        tr(
            lang,
            "ลายนิ้วมือของบันทึกในไฟล์ขณะนี้:",
            "record fingerprint of the file now:"
        ),
        indent(&grouped(&o.record_now))
    );
    s
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn outcome_json(o: &Outcome, file: &Path) -> output::Verify {
    output::Verify {
        schema: output::VERIFY,
        file: file.to_string_lossy().into_owned(),
        matches: o.matches,
        record_sha256: o.record_now.clone(),
        claimed_sha256: o.claimed.clone(),
        differing_parts: o.differing.iter().map(|p| p.to_string()).collect(),
        differing_answers: o.answers.clone(),
        report_changed: o.self_inconsistent,
    }
}
