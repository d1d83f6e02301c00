//! `xal approve ID --by NAME [--role ROLE] [--note TEXT] [--step reviewed|approved]`: records
//! one sign-off step in the assessment's file, on its current content fingerprint.

use std::fmt::Write;

use super::lookup::{load_failure, open_store, registry, resolve_id, ruleset_of};
use super::{ApproveArgs, Failure, Global, Term};
use crate::engine::evaluate_set;
use crate::record::due::due_after;
use crate::record::signoff::{STEPS, not_one_line};
use crate::record::{Record, grouped};
use crate::report::dates::date;
use crate::report::tr;
use crate::store::{SaveError, SignOff};
use crate::text::{Lang, visible};

pub fn run(
    t: &mut Term<'_>,
    global: &Global,
    args: &ApproveArgs,
    lang: Lang,
) -> Result<(), Failure> {
    let by = args.by.trim();
    if by.is_empty() {
        return Err(Failure::BadInput(
            "--by needs the name of the person signing off".into(),
        ));
    }
    // Who signed and their role are one line each (a line break would let a listing show a
    // line that is not there); the note may hold several.
    for (flag, what, value) in [
        ("--by", "name", Some(by)),
        ("--role", "role", args.role.as_deref()),
    ] {
        if let Some(c) = value.and_then(not_one_line) {
            return Err(Failure::BadInput(format!(
                "{flag}: a sign-off's {what} is one line; it may not hold a line break or a control character (U+{:04X})",
                u32::from(c)
            )));
        }
    }
    if !STEPS.contains(&args.step.as_str()) {
        return Err(Failure::BadInput(format!(
            "--step {:?}: use reviewed or approved",
            args.step
        )));
    }
    let months = review_months(args)?;
    let store = open_store(global)?;
    let registry = registry(t);
    let id = resolve_id(&store, &args.id)?;
    let mut loaded = store.load(&id).map_err(load_failure)?;
    let mut a = loaded.assessment.clone();
    let rs = ruleset_of(&registry, &a, &loaded.path)?;
    let eval = evaluate_set(&rs, &a.answers);
    if args.step == "approved" && !eval.complete() {
        return Err(Failure::BadInput(format!(
            "{} is incomplete (its levels are lower bounds): answer every question before approving; --step reviewed records a review",
            a.id
        )));
    }
    let content = Record::of(&a, &rs, &eval).content_sha256();
    let now = crate::clock::now();
    let review_due = (args.step == "approved").then(|| due_after(now.date_naive(), months));
    a.signoffs.push(SignOff {
        step: args.step.clone(),
        by: by.to_string(),
        role: args.role.clone().unwrap_or_default().trim().to_string(),
        note: args.note.clone().unwrap_or_default(),
        at: now,
        record: content.clone(),
        review_due,
    });
    store.save(&mut loaded, &a).map_err(save_failure)?;
    let signed = loaded.assessment.signoffs.last().cloned();
    let mut s = String::new();
    if let Some(signed) = signed {
        let _ = writeln!(
            s,
            "{}",
            visible(&crate::report::signoff::line(&signed, &content, lang))
        );
        if let Some(d) = signed.review_due {
            let _ = writeln!(
                s,
                "{} {}",
                tr(lang, "กำหนดทบทวน", "review due"),
                date(d, lang)
            );
        }
    }
    let _ = writeln!(
        s,
        "{}\n{}",
        tr(
            lang,
            "ลายนิ้วมือของเนื้อหาที่ลงนาม:",
            "content fingerprint signed:"
        ),
        grouped(&content)
    );
    t.text(&s)
}

/// `--review-months`, else `[record] review_months` of config.toml, else a year. A problem in
/// that setting (or a config file that does not parse) stops the approval: the date is
/// recorded in the signed file, and a typo must not quietly become a year.
fn review_months(args: &ApproveArgs) -> Result<u32, Failure> {
    use crate::record::settings::{self, MAX_REVIEW_MONTHS};
    if let Some(n) = args.review_months {
        if !(1..=MAX_REVIEW_MONTHS).contains(&n) {
            return Err(Failure::BadInput(format!(
                "--review-months {n}: give 1 to {MAX_REVIEW_MONTHS} months"
            )));
        }
        return Ok(n);
    }
    let (s, problems) = settings::load(crate::paths::config_dir().as_deref());
    if !problems.is_empty() {
        return Err(Failure::Input(problems));
    }
    Ok(s.review_months)
}

fn save_failure(e: SaveError) -> Failure {
    match e {
        SaveError::Broken { diagnostic, .. } => Failure::Input(vec![diagnostic]),
        other => Failure::Io(other.to_string()),
    }
}
