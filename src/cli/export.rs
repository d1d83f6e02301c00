//! `xal export`: one assessment as a Markdown, HTML or JSON report, or assessments as CSV rows.

use std::path::Path;

use super::lookup::{load_assessment, open_store, registry, ruleset_of};
use super::{ExportArgs, ExportFormat, Failure, Global, out};
use crate::engine::{SetEvaluation, evaluate_set};
use crate::report;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::Assessment;
use crate::text::Lang;

pub fn run(global: &Global, args: &ExportArgs, lang: Lang) -> Result<(), Failure> {
    let registry = registry();
    let text = if args.all {
        if args.format != ExportFormat::Csv {
            return Err(Failure::BadInput(
                "--all writes one row per assessment: use it with --format csv".into(),
            ));
        }
        if args.target.is_some() {
            return Err(Failure::BadInput(
                "give either an assessment or --all, not both".into(),
            ));
        }
        all_csv(global, &registry, args.bom)?
    } else {
        let Some(target) = &args.target else {
            return Err(Failure::BadInput(
                "name an assessment (id or file) to export, or give --all".into(),
            ));
        };
        let (a, path) = load_assessment(global, target)?;
        let rs = ruleset_of(&registry, &a, &path)?;
        let eval = evaluate_set(&rs, &a.answers);
        render(&a, &rs, &eval, args.format, lang, args.bom)?
    };
    write_output(args.output.as_deref(), &text)
}

fn render(
    a: &Assessment,
    rs: &Ruleset,
    eval: &SetEvaluation,
    format: ExportFormat,
    lang: Lang,
    bom: bool,
) -> Result<String, Failure> {
    Ok(match format {
        ExportFormat::Md => report::markdown::render(&report::build::report(a, rs, eval, lang)),
        ExportFormat::Html => report::html::render(&report::build::report(a, rs, eval, lang), lang),
        ExportFormat::Json => {
            let v = report::json::report(a, rs, eval, lang);
            serde_json::to_string_pretty(&v)
                .map_err(|e| Failure::Internal(format!("cannot encode JSON: {e}")))?
                + "\n"
        }
        ExportFormat::Csv => report::csv::render(&[report::csv::row(a, Some(rs), Some(eval))], bom),
    })
}

/// Every assessment in the data dir, one CSV row each, sorted by id. Broken files are named
/// on stderr (they have no row); an empty data dir is an error, not an empty file.
fn all_csv(global: &Global, registry: &Registry, bom: bool) -> Result<String, Failure> {
    let store = open_store(global)?;
    let dir = store.assessments_dir();
    let mut rows = Vec::new();
    let mut broken = 0;
    let ids = store.ids().map_err(|e| Failure::Internal(e.to_string()))?;
    for id in ids {
        match store.load(&id) {
            Ok(l) => {
                let a = l.assessment;
                let rs = registry.get(&a.ruleset.id);
                let eval = rs.map(|rs| evaluate_set(rs, &a.answers));
                rows.push(report::csv::row(&a, rs.map(|r| &**r), eval.as_ref()));
            }
            Err(e) => {
                broken += 1;
                eprintln!("xal: skipped: {e}");
            }
        }
    }
    if rows.is_empty() {
        return Err(Failure::BadInput(format!(
            "no readable assessments in {}{}",
            dir.display(),
            if broken > 0 {
                format!(" ({broken} broken)")
            } else {
                String::new()
            }
        )));
    }
    Ok(report::csv::render(&rows, bom))
}

/// Stdout, or a file written atomically (temporary file in the same folder, then renamed).
/// A file that cannot be written is a failure that names it (exit 2), never a silent no-op.
pub(crate) fn write_output(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    if text.is_empty() {
        return Err(Failure::Internal(
            "refusing to write an empty report".into(),
        ));
    }
    let Some(path) = path else {
        return out(text);
    };
    let fail = |e: &dyn std::fmt::Display| {
        Failure::BadInput(format!("cannot write {}: {e}", path.display()))
    };
    crate::store::write_file_atomic(path, text.as_bytes()).map_err(|e| fail(&e))?;
    Ok(())
}
