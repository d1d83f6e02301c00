//! `xal diff`: two assessments side by side, or one re-evaluated under another ruleset.

use super::input::pick_ruleset;
use super::lookup::{load_assessment, registry, ruleset_of};
use super::{DiffArgs, Failure, Format, Global, out};
use crate::report::diff::{compare, reevaluate};
use crate::text::Lang;

pub fn run(global: &Global, args: &DiffArgs, lang: Lang) -> Result<(), Failure> {
    let registry = registry();
    let (a, a_path) = load_assessment(global, &args.a)?;
    let a_rs = ruleset_of(&registry, &a, &a_path)?;
    let cmp = match (&args.b, &args.ruleset) {
        (Some(b_arg), None) => {
            let (b, b_path) = load_assessment(global, b_arg)?;
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
        Format::Text => out(&cmp.text(lang)),
        Format::Json => {
            let s = serde_json::to_string_pretty(&cmp.json(lang))
                .map_err(|e| Failure::Internal(format!("cannot encode JSON: {e}")))?;
            out(&(s + "\n"))
        }
    }
}
