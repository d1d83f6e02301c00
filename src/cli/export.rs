//! `xal export`: one assessment as a Markdown, HTML or JSON report, or assessments as CSV rows.

use std::path::{Path, PathBuf};

use super::assessments::open_store;
use super::{ExportArgs, ExportFormat, Failure, Global, out};
use crate::engine::{SetEvaluation, evaluate_set};
use crate::paths;
use crate::report;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::{Assessment, LoadError, parse_assessment_bytes};
use crate::text::Lang;

pub fn run(global: &Global, args: &ExportArgs, lang: Lang) -> Result<(), Failure> {
    let registry = Registry::load(paths::config_dir().as_deref());
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
    for id in ids_in(&dir) {
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

/// The ids of the `*.toml` files of an assessments folder, sorted.
pub(crate) fn ids_in(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| !n.starts_with('.'))
                .filter_map(|n| n.strip_suffix(".toml").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// An assessment named by a file path, or by id (or a unique prefix) in the data dir.
pub(crate) fn load_assessment(
    global: &Global,
    given: &str,
) -> Result<(Assessment, PathBuf), Failure> {
    let as_path = Path::new(given);
    if as_path.is_file() {
        let bytes = std::fs::read(as_path)
            .map_err(|e| Failure::BadInput(format!("{}: cannot read: {e}", as_path.display())))?;
        let a = parse_assessment_bytes(as_path, &bytes)?;
        return Ok((a, as_path.to_path_buf()));
    }
    let store = open_store(global)?;
    let id = super::assessments::resolve_id(&store, given)?;
    let loaded = store.load(&id).map_err(|e| match e {
        LoadError::Broken(d) => Failure::Input(vec![d]),
        LoadError::Io { .. } => Failure::Internal(e.to_string()),
        _ => Failure::BadInput(e.to_string()),
    })?;
    Ok((loaded.assessment, loaded.path))
}

pub(crate) fn ruleset_of(
    registry: &Registry,
    a: &Assessment,
    path: &Path,
) -> Result<std::sync::Arc<Ruleset>, Failure> {
    registry.get(&a.ruleset.id).cloned().ok_or_else(|| {
        Failure::BadInput(format!(
            "{}: unknown ruleset `{}`",
            path.display(),
            a.ruleset.id
        ))
    })
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
