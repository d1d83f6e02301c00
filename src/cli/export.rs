//! `xal export`: one assessment as a Markdown, HTML or JSON report, or assessments as CSV
//! rows or an xlsx workbook.

use std::path::Path;

use super::lookup::{load_assessment, open_store, registry, ruleset_of, store_failure};
use super::term::json_text;
use super::{ExportArgs, ExportFormat, Failure, Global, Term};
use crate::diag::Diagnostic;
use crate::engine::{SetEvaluation, evaluate_set};
use crate::report;
use crate::report::csv::Row;
use crate::report::xlsx::AnswerRow;
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
    let xlsx = args.format == ExportFormat::Xlsx;
    // Said before any file is read: a workbook of 10,000 assessments must not be made only to
    // be refused.
    if xlsx && args.output.is_none() && t.out_is_terminal() {
        return Err(Failure::BadInput(
            "an xlsx workbook is binary and would garble the terminal: write it to a file \
             with -o FILE.xlsx, or redirect standard output"
                .into(),
        ));
    }
    let registry = registry(t);
    args.strict.registry(&registry)?;
    if args.all {
        if !matches!(args.format, ExportFormat::Csv | ExportFormat::Xlsx) {
            return Err(Failure::BadInput(
                "--all writes one row per assessment: use it with --format csv or xlsx".into(),
            ));
        }
        if args.target.is_some() {
            return Err(Failure::BadInput(
                "give either an assessment or --all, not both".into(),
            ));
        }
        let (rows, answers) = all_rows(t, global, &registry, args, lang)?;
        return if xlsx {
            let bytes = report::xlsx::render(&rows, &answers).map_err(Failure::Internal)?;
            write_binary(t, args.output.as_deref(), &bytes)
        } else {
            let text = report::csv::render(&rows, !args.no_bom);
            write_output(t, args.output.as_deref(), &text)
        };
    }
    let Some(target) = &args.target else {
        return Err(Failure::BadInput(
            "name an assessment (id or file) to export, or give --all".into(),
        ));
    };
    let (a, path) = load_assessment(t, global, target)?;
    let rs = ruleset_of(&registry, &a, &path)?;
    let eval = evaluate_set(&rs, &a.answers);
    if args.strict.strict {
        let text = super::lookup::text_of(&path);
        args.strict
            .enforce(super::strict::findings(&path, &text, &rs, &eval, lang))?;
    }
    if xlsx {
        let bytes = report::xlsx::one(&a, &rs, &eval, lang).map_err(Failure::Internal)?;
        return write_binary(t, args.output.as_deref(), &bytes);
    }
    let text = render(&a, &rs, &eval, args.format, lang, !args.no_bom)?;
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
        ExportFormat::Md => {
            report::markdown::render(&report::build::report(a, rs, eval, lang, generated_at()))
        }
        ExportFormat::Html => report::html::render(
            &report::build::report(a, rs, eval, lang, generated_at()),
            lang,
        ),
        ExportFormat::Json => json_text(&report::json::report(a, rs, eval, lang))?,
        ExportFormat::Csv => report::csv::render(&report::csv::rows(a, Some(rs), Some(eval)), bom),
        ExportFormat::Xlsx => {
            return Err(Failure::Internal("xlsx is not a text report".into()));
        }
    })
}

/// Every assessment in the data dir, its CSV rows (one per user group) sorted by id, and for
/// a workbook its answers. Broken files are named on stderr, one line each (they have no
/// row); a data dir with no readable assessment is an error, not an empty file: the broken
/// files' problems when there are some.
fn all_rows(
    t: &mut Term<'_>,
    global: &Global,
    registry: &Registry,
    args: &ExportArgs,
    lang: Lang,
) -> Result<(Vec<Row>, Vec<AnswerRow>), Failure> {
    let with_answers = args.format == ExportFormat::Xlsx;
    let mut answers = Vec::new();
    // With --strict, every file's findings, and every broken file, stop the export.
    let mut findings = Vec::new();
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
                if let (true, Some(rs), Some(eval)) = (args.strict.strict, rs, &eval) {
                    let text = super::lookup::text_of(&l.path);
                    findings.extend(super::strict::findings(&l.path, &text, rs, eval, lang));
                }
                let mut these = report::csv::rows(&a, rs.map(|r| &**r), eval.as_ref());
                if with_answers {
                    // The workbook (people read it) shows level labels; the CSV keeps ids.
                    if let Some(rs) = rs {
                        report::xlsx::show_levels(&mut these, rs, lang);
                    }
                    answers.extend(report::xlsx::answer_rows(&a, rs.map(|r| &**r), lang));
                }
                rows.extend(these);
            }
            Err(e) => broken.push(super::lookup::load_failure(e)),
        }
    }
    if args.strict.strict {
        for f in &broken {
            if let Failure::Input(d) = f {
                findings.extend(d.iter().cloned());
            }
        }
        args.strict.enforce(findings)?;
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
            Failure::Status(_, ls) => ls
                .iter()
                .for_each(|l| t.note(&format_args!("{l} (skipped)"))),
        }
    }
    Ok((rows, answers))
}

/// When the report is made: now, or `SOURCE_DATE_EPOCH` (seconds, UTC) when set, the usual
/// way of asking for a file that is the same at every run (tests, archives).
fn generated_at() -> chrono::DateTime<chrono::FixedOffset> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.fixed_offset())
        .unwrap_or_else(crate::clock::now)
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

/// A binary file (a workbook) to `-o PATH` as [`write_output`] does, or its exact bytes to a
/// standard output that is not a terminal (`run` has refused a terminal).
fn write_binary(t: &mut Term<'_>, path: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    match path {
        None => t.binary(bytes),
        Some(path) => super::files::write_output(path, bytes),
    }
}
