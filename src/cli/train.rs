//! `xal train start|collect`, `xal reset`, `xal import`: thin glue over `crate::train`.

use std::io::{BufRead, IsTerminal};

use super::files::read_bytes;
use super::lookup::{open_store, registry, store_failure, unknown_ruleset_in};
use super::{CollectFormat, Failure, Global, ImportArgs, ResetArgs, Term, TrainCommand};
use crate::clock::now;
use crate::ruleset::registry::Registry;
use crate::store::parse_assessment_bytes;
use crate::text::{Lang, visible};
use crate::train::{self, TrainError};

impl From<TrainError> for Failure {
    fn from(e: TrainError) -> Self {
        match e {
            // `crate::train` says its problems as whole lines, each naming the file.
            TrainError::Input(s) => Failure::InputLines(s.lines().map(str::to_string).collect()),
            TrainError::Io(s) => Failure::Io(s),
        }
    }
}

pub fn run(
    t: &mut Term<'_>,
    global: &Global,
    cmd: &TrainCommand,
    lang: Lang,
) -> Result<(), Failure> {
    match cmd {
        TrainCommand::Start {
            pack,
            hide_result,
            trainee,
        } => {
            let pack = train::pack::load(pack)?;
            let store = open_store(global)?;
            let written = train::start::start(&pack, &store, *hide_result, trainee.as_deref())?;
            t.text(&format!(
                "{} scenarios of `{}` copied to {}{}\n",
                written.len(),
                visible(&pack.id),
                visible(&store.assessments_dir().display().to_string()),
                if *hide_result {
                    " (results hidden until every question is answered)"
                } else {
                    ""
                }
            ))
        }
        TrainCommand::Collect {
            dirs,
            reference,
            format,
        } => {
            let registry = registry(t);
            let pack = reference.as_deref().map(train::pack::load).transpose()?;
            let (handed, problems) = train::collect::read_class(dirs);
            if handed.submissions.is_empty() {
                // The files that could not be read are the reason, each at its place.
                return Err(if problems.is_empty() {
                    Failure::BadInput("no trainee's assessment found in the folders given".into())
                } else {
                    Failure::InputLines(problems)
                });
            }
            for p in &problems {
                t.note(&format_args!("{p} (skipped)"));
            }
            for n in &handed.notes {
                t.note(n);
            }
            let grids = train::grid::grids(&handed, &registry, pack.as_ref());
            use train::class_report as out;
            match format {
                CollectFormat::Md => t.text(&out::markdown(&handed, &grids, lang)),
                CollectFormat::Html => t.text(&out::html(&handed, &grids, lang)),
                CollectFormat::Csv => t.text(&out::csv(&handed, &grids)),
                CollectFormat::Json => t.json(&out::json(&handed, &grids)),
            }
        }
    }
}

pub fn reset(
    t: &mut Term<'_>,
    global: &Global,
    args: &ResetArgs,
    _lang: Lang,
) -> Result<(), Failure> {
    let store = open_store(global)?;
    let dir = store.data_dir().to_path_buf();
    let shown = visible(&dir.display().to_string()).into_owned();
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(Failure::BadInput(format!(
                "reset moves {shown} aside; confirm with --yes (standard input is not a terminal)"
            )));
        }
        t.ask(&format_args!(
            "Move {shown} aside to a backup and start empty? [y/N] "
        ));
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        if !matches!(line.trim().to_lowercase().as_str(), "y" | "yes" | "ใช่") {
            return Err(Failure::BadInput("not confirmed; nothing moved".into()));
        }
    }
    let moved = store.move_aside(now()).map_err(store_failure)?;
    match moved {
        Some(backup) => t.text(&format!(
            "moved {shown} to {}; {shown} is now empty\n",
            visible(&backup.display().to_string()),
        )),
        None => t.text(&format!("{shown} did not exist; created it empty\n")),
    }
}

/// What `train::import::check` checks (readable, a valid assessment, a ruleset this xal
/// knows), each refusal one line at its place: an unknown ruleset at the file's
/// `[ruleset] id`, with the ids that are known.
fn check_import(path: &std::path::Path, registry: &Registry) -> Result<(), Failure> {
    let bytes = read_bytes(path)?;
    let a = parse_assessment_bytes(path, &bytes)?;
    if registry.get(&a.ruleset.id).is_none() {
        let text = String::from_utf8_lossy(&bytes);
        return Err(unknown_ruleset_in(registry, &a.ruleset.id, path, &text));
    }
    Ok(())
}

/// Every file is checked first, so that a refused file is bad input (exit 2) with its
/// place; what fails after that is the writing (exit 1).
pub fn import(
    t: &mut Term<'_>,
    global: &Global,
    args: &ImportArgs,
    _lang: Lang,
) -> Result<(), Failure> {
    let store = open_store(global)?;
    let registry = registry(t);
    let (mut lines, mut n) = (Vec::new(), 0);
    for f in &args.files {
        match check_import(f, &registry) {
            Ok(()) => continue,
            Err(Failure::Input(d)) => lines.extend(d.iter().map(|d| d.to_string())),
            Err(Failure::InputLines(l)) => lines.extend(l),
            // A read the system failed is no verdict on the file.
            Err(other) => return Err(other),
        }
        n += 1;
    }
    if !lines.is_empty() {
        if args.files.len() > 1 {
            // With one file its problem says it all; with more, say that none was imported.
            lines.push(format!(
                "xal: {n} of {} files refused; nothing imported",
                args.files.len()
            ));
        }
        return Err(Failure::InputLines(lines));
    }
    match train::import::import(&store, &registry, &args.files) {
        Ok(done) => {
            let mut s = String::new();
            for i in done {
                s.push_str(&format!(
                    "{}: imported as {}{}\n",
                    visible(&i.source.display().to_string()),
                    i.id,
                    i.renamed_from
                        .map(|old| format!(" (id {} was taken)", visible(&old)))
                        .unwrap_or_default()
                ));
            }
            t.text(&s)
        }
        Err(errors) => Err(Failure::Io(errors.join("; "))),
    }
}
