//! `xal diff`: two assessments side by side, or one re-evaluated under another ruleset.
//! Exit codes as diff(1): `0` the same, `1` different, `2` trouble.

use std::path::Path;
use std::sync::Arc;

use super::files::read_bytes;
use super::input::pick_ruleset;
use super::lookup::{load_assessment, registry, ruleset_of, unknown_ruleset_in};
use super::{DiffArgs, Failure, Format, Global, Term, Verdict};
use crate::answers::AnswerSet;
use crate::report::diff::Comparison;
use crate::report::diff::{compare, reevaluate};
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::{Service, parse_answers_only, parse_assessment_bytes};
use crate::text::Lang;

/// One side of a diff: an assessment (a file or a saved id), or a file of answers only with
/// its `[ruleset] id` — a scenario pack's `reference/<id>.toml`, or an input of `xal eval`.
struct Side {
    service: Service,
    answers: AnswerSet,
}

fn side(
    t: &mut Term<'_>,
    global: &Global,
    registry: &Registry,
    given: &str,
) -> Result<(Side, Arc<Ruleset>), Failure> {
    let path = Path::new(given);
    let answers_only = path.is_file() && {
        let text = String::from_utf8_lossy(&read_bytes(path)?).into_owned();
        text.parse::<toml::Table>()
            .is_ok_and(|t| !t.contains_key("id") && !t.contains_key("schema"))
    };
    if !answers_only {
        let (a, p) = load_assessment(t, global, given)?;
        let rs = ruleset_of(registry, &a, &p)?;
        let s = Side {
            service: a.service,
            answers: a.answers,
        };
        return Ok((s, rs));
    }
    let bytes = read_bytes(path)?;
    let text = crate::diag::utf8(path, &bytes)?;
    let only = parse_answers_only(path, text)?;
    let id = only.ruleset_id.ok_or_else(|| {
        Failure::BadInput(format!(
            "{given}: a file of answers only needs its `[ruleset] id` to be compared"
        ))
    })?;
    let rs = registry
        .get(&id)
        .cloned()
        .ok_or_else(|| unknown_ruleset_in(registry, &id, path, text))?;
    // A pack's reference is named after its scenario, whose service it stands for.
    let scenario = path
        .parent()
        .and_then(Path::parent)
        .zip(path.file_name())
        .map(|(pack, name)| pack.join("assessments").join(name));
    let service = scenario
        .and_then(|p| crate::store::read_regular(&p).ok().map(|b| (p, b)))
        .and_then(|(p, b)| parse_assessment_bytes(&p, &b).ok())
        .map(|a| a.service)
        .unwrap_or_default();
    let s = Side {
        service,
        answers: only.answers,
    };
    Ok((s, rs))
}

pub fn run(t: &mut Term<'_>, global: &Global, args: &DiffArgs, lang: Lang) -> Result<(), Failure> {
    let registry = registry(t);
    let (a, a_rs) = side(t, global, &registry, &args.a)?;
    let cmp = match (&args.b, &args.ruleset) {
        (Some(b_arg), None) => {
            let (b, b_rs) = side(t, global, &registry, b_arg)?;
            compare(
                &args.a,
                &a.service.name,
                &a_rs,
                &a.answers,
                b_arg,
                &b.service.name,
                &b_rs,
                &b.answers,
                lang,
            )
        }
        (None, Some(other)) => {
            let other = pick_ruleset(&registry, Some(other), None)?;
            reevaluate(&args.a, &a.service.name, &a_rs, &a.answers, &other, lang)
        }
        _ => {
            return Err(Failure::BadInput(
                "give two assessments (xal diff A B) or one and a ruleset (xal diff A --ruleset ID)"
                    .into(),
            ));
        }
    };
    match args.format {
        Format::Text => t.text(&cmp.text(lang))?,
        Format::Json => t.json(&crate::report::json::with_schema("diff", cmp.json(lang)))?,
    }
    if differs(&cmp) {
        t.verdict(Verdict::Differs);
    }
    Ok(())
}

/// The two differ when an answer or a level does; levels under two rulesets are never the
/// same level, whatever they are called (as the report shows them).
fn differs(cmp: &Comparison) -> bool {
    cmp.levels.iter().any(|l| l.changed) || !cmp.answers.is_empty()
}
