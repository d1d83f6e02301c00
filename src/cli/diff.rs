//! `xal diff`: two assessments side by side, or one re-evaluated under another ruleset.
//! Exit codes as diff(1): `0` the same, `1` different, `2` trouble. In a trainee's data dir
//! whose result is hidden (the one given, or one a file given lies in) it is refused until
//! `xal train reveal`, as `xal export` is: a comparison shows the levels.

use std::path::Path;
use std::sync::Arc;

use super::input::pick_ruleset;
use super::lookup::{load_assessment, registry, ruleset_of};
use super::{DiffArgs, Failure, Format, Global, Term, Verdict};
use crate::answers::AnswerSet;
use crate::report::diff::Comparison;
use crate::report::diff::{compare, reevaluate};
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::{Service, parse_assessment_bytes};
use crate::text::Lang;

/// One side of a diff: an assessment (a file or a saved id), or a file of answers only — a
/// scenario pack's `reference/<id>.toml`, or an input of `xal eval`.
struct Side {
    service: Service,
    answers: AnswerSet,
}

fn side(
    t: &mut Term<'_>,
    global: &Global,
    registry: &Registry,
    given: &str,
    lang: Lang,
) -> Result<(Side, Arc<Ruleset>), Failure> {
    let (a, p) = load_assessment(t, global, given)?;
    super::eval::refuse_if_in_hidden(&p, lang, "diff")?;
    let rs = ruleset_of(registry, &a, &p)?;
    let service = pack_scenario_service(&p).unwrap_or(a.service);
    let s = Side {
        service,
        answers: a.answers,
    };
    Ok((s, rs))
}

/// A pack's reference file holds answers only and is named after its scenario, whose service
/// it stands for: `<pack>/reference/<id>.toml` ↔ `<pack>/assessments/<id>.toml`.
fn pack_scenario_service(path: &Path) -> Option<Service> {
    let dir = path.parent()?;
    if dir.file_name()? != "reference" {
        return None;
    }
    let scenario = dir.parent()?.join("assessments").join(path.file_name()?);
    let bytes = crate::store::read_regular(&scenario).ok()?;
    parse_assessment_bytes(&scenario, &bytes)
        .ok()
        .map(|a| a.service)
}

pub fn run(t: &mut Term<'_>, global: &Global, args: &DiffArgs, lang: Lang) -> Result<(), Failure> {
    if let Some(dir) = crate::paths::data_dir(global.data_dir.as_deref()) {
        super::eval::refuse_if_in_hidden(&dir, lang, "diff")?;
    }
    let registry = registry(t);
    let (a, a_rs) = side(t, global, &registry, &args.a, lang)?;
    let cmp = match (&args.b, &args.ruleset) {
        (Some(b_arg), None) => {
            let (b, b_rs) = side(t, global, &registry, b_arg, lang)?;
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
        Format::Json => t.json(&cmp.output(lang))?,
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
