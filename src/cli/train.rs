//! `xal train start|collect`, `xal reset`, `xal import`: thin glue over `crate::train`.

use std::io::{BufRead, IsTerminal, Write};

use super::lookup::{open_store, registry};
use super::{CollectFormat, Failure, Global, ImportArgs, ResetArgs, TrainCommand, out};
use crate::clock::now;
use crate::text::Lang;
use crate::train::{self, TrainError};

impl From<TrainError> for Failure {
    fn from(e: TrainError) -> Self {
        match e {
            TrainError::Input(s) => Failure::BadInput(s),
            TrainError::Io(s) => Failure::Internal(s),
        }
    }
}

pub fn run(global: &Global, cmd: &TrainCommand, _lang: Lang) -> Result<(), Failure> {
    match cmd {
        TrainCommand::Start { pack, hide_result } => {
            let pack = train::pack::load(pack)?;
            let store = open_store(global)?;
            let written = train::start::start(&pack, &store, *hide_result)?;
            out(&format!(
                "{} scenarios of `{}` copied to {}{}\n",
                written.len(),
                pack.id,
                store.assessments_dir().display(),
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
            let registry = registry();
            let pack = reference.as_deref().map(train::pack::load).transpose()?;
            let (subs, problems) = train::collect::read_dirs(dirs);
            for p in &problems {
                eprintln!("xal: skipped: {p}");
            }
            if subs.is_empty() {
                return Err(Failure::BadInput(
                    "no trainee's assessment found in the folders given".into(),
                ));
            }
            let tallies = train::collect::tally(&subs, &registry, pack.as_ref());
            match format {
                CollectFormat::Md => out(&train::collect::markdown(&tallies)),
                CollectFormat::Csv => out(&train::collect::csv(&tallies)),
                CollectFormat::Json => {
                    let s = serde_json::to_string_pretty(&train::collect::json(&tallies))
                        .map_err(|e| Failure::Internal(e.to_string()))?;
                    out(&(s + "\n"))
                }
            }
        }
    }
}

pub fn reset(global: &Global, args: &ResetArgs, _lang: Lang) -> Result<(), Failure> {
    let store = open_store(global)?;
    let dir = store.data_dir().to_path_buf();
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(Failure::BadInput(format!(
                "reset moves {} aside; confirm with --yes (standard input is not a terminal)",
                dir.display()
            )));
        }
        eprint!(
            "Move {} aside to a backup and start empty? [y/N] ",
            dir.display()
        );
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        if !matches!(line.trim().to_lowercase().as_str(), "y" | "yes" | "ใช่") {
            return Err(Failure::BadInput("not confirmed; nothing moved".into()));
        }
    }
    let moved = store
        .move_aside(now())
        .map_err(|e| Failure::Internal(e.to_string()))?;
    match moved {
        Some(backup) => out(&format!(
            "moved {} to {}; {} is now empty\n",
            dir.display(),
            backup.display(),
            dir.display()
        )),
        None => out(&format!(
            "{} did not exist; created it empty\n",
            dir.display()
        )),
    }
}

pub fn import(global: &Global, args: &ImportArgs, _lang: Lang) -> Result<(), Failure> {
    let store = open_store(global)?;
    let registry = registry();
    match train::import::import(&store, &registry, &args.files) {
        Ok(done) => {
            let mut s = String::new();
            for i in done {
                s.push_str(&format!(
                    "{}: imported as {}{}\n",
                    i.source.display(),
                    i.id,
                    i.renamed_from
                        .map(|old| format!(" (id {old} was taken)"))
                        .unwrap_or_default()
                ));
            }
            out(&s)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            Err(Failure::BadInput(format!(
                "{} of {} files refused; nothing imported",
                errors.len(),
                args.files.len()
            )))
        }
    }
}
