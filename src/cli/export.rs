//! `xal export`: one assessment as a Markdown, HTML or JSON report, or assessments as CSV rows.

use std::path::Path;

use super::lookup::{load_assessment, open_store, registry, ruleset_of, store_failure};
use super::term::json_text;
use super::{ExportArgs, ExportFormat, Failure, Global, Term};
use crate::diag::Diagnostic;
use crate::engine::{SetEvaluation, evaluate_set};
use crate::report;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::Assessment;
use crate::text::Lang;

pub fn run(
    t: &mut Term<'_>,
    global: &Global,
    args: &ExportArgs,
    lang: Lang,
) -> Result<(), Failure> {
    super::train::refuse_if_hidden(global, lang, "export")?;
    let registry = registry(t);
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
        all_csv(t, global, &registry, args.bom)?
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
    write_output(t, args.output.as_deref(), &text)
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
        ExportFormat::Json => json_text(&report::json::report(a, rs, eval, lang))?,
        ExportFormat::Csv => report::csv::render(&[report::csv::row(a, Some(rs), Some(eval))], bom),
    })
}

/// Every assessment in the data dir, one CSV row each, sorted by id. Broken files are named
/// on stderr, one line each (they have no row); a data dir with no readable assessment is an
/// error, not an empty file: the broken files' problems when there are some.
fn all_csv(
    t: &mut Term<'_>,
    global: &Global,
    registry: &Registry,
    bom: bool,
) -> Result<String, Failure> {
    let store = open_store(global)?;
    let dir = store.assessments_dir();
    let mut rows = Vec::new();
    let mut broken = Vec::new();
    let ids = store.ids().map_err(store_failure)?;
    for id in ids {
        match store.load(&id) {
            Ok(l) => {
                let a = l.assessment;
                let rs = registry.get(&a.ruleset.id);
                let eval = rs.map(|rs| evaluate_set(rs, &a.answers));
                rows.push(report::csv::row(&a, rs.map(|r| &**r), eval.as_ref()));
            }
            Err(e) => broken.push(super::lookup::load_failure(e)),
        }
    }
    if rows.is_empty() {
        if broken.is_empty() {
            return Err(Failure::Input(vec![Diagnostic::whole_file(
                &dir,
                "no assessments to export",
            )]));
        }
        // Each broken file is the reason, at its place; a file the system could not read is
        // an I/O failure.
        let mut diags = Vec::new();
        for f in broken {
            match f {
                Failure::Input(d) => diags.extend(d),
                other => return Err(other),
            }
        }
        return Err(Failure::Input(diags));
    }
    for f in &broken {
        match f {
            Failure::Input(ds) => ds
                .iter()
                .for_each(|d| t.note(&format_args!("{d} (skipped)"))),
            Failure::InputLines(ls) => ls
                .iter()
                .for_each(|l| t.note(&format_args!("{l} (skipped)"))),
            Failure::Io(l) => t.note(&format_args!("{l} (skipped)")),
            Failure::BadInput(m) | Failure::Internal(m) => {
                t.note(&format_args!("xal: {m} (skipped)"))
            }
        }
    }
    Ok(report::csv::render(&rows, bom))
}

/// Stdout (through the terminal boundary: control characters shown), or the exact text to a
/// file (see `files::write_output`). A file that cannot be written is an I/O failure that
/// names it (exit 1), never a silent no-op.
pub(crate) fn write_output(
    t: &mut Term<'_>,
    path: Option<&Path>,
    text: &str,
) -> Result<(), Failure> {
    if text.is_empty() {
        return Err(Failure::Internal(
            "refusing to write an empty report".into(),
        ));
    }
    match path {
        None => t.text(text),
        Some(path) => super::files::write_output(path, text.as_bytes()),
    }
}
