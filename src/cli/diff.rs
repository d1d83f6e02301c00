//! `xal diff`: two assessments side by side, or one re-evaluated under another ruleset.
//! Exit codes as diff(1): `0` the same, `1` different, `2` trouble.

use super::input::pick_ruleset;
use super::lookup::{load_assessment, registry, ruleset_of};
use super::{DiffArgs, Failure, Format, Global, Term, Verdict};
use crate::report::diff::Comparison;
use crate::report::diff::{compare, reevaluate};
use crate::text::Lang;

pub fn run(t: &mut Term<'_>, global: &Global, args: &DiffArgs, lang: Lang) -> Result<(), Failure> {
    let registry = registry(t);
    let (a, a_path) = load_assessment(t, global, &args.a)?;
    let a_rs = ruleset_of(&registry, &a, &a_path)?;
    let cmp = match (&args.b, &args.ruleset) {
        (Some(b_arg), None) => {
            let (b, b_path) = load_assessment(t, global, b_arg)?;
            let b_rs = ruleset_of(&registry, &b, &b_path)?;
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
