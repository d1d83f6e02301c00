//! `xal history ID [--answer QUESTION]`: every change of an assessment, as answer deltas
//! with author, date and commit, computed by reading each version through the store.

use crate::report::output;

use super::lookup::{open_store, resolve_id};
use super::{Failure, Format, HistoryArgs, Term};
use crate::git::{self, Repo};
use crate::store::valid_id;
use crate::text::Lang;

pub(crate) fn not_a_repo(dir: &std::path::Path, lang: Lang) -> Failure {
    Failure::BadInput(match lang {
        Lang::Th => format!(
            "{} ไม่ใช่ git repository: สั่ง xal repo init เพื่อเริ่มแบ่งปันและเก็บประวัติ",
            dir.display()
        ),
        Lang::En => format!(
            "{} is not a git repository: run xal repo init to share it and keep its history",
            dir.display()
        ),
    })
}

pub fn run(
    t: &mut Term<'_>,
    global: &super::Global,
    args: &HistoryArgs,
    lang: Lang,
) -> Result<(), Failure> {
    let store = open_store(global)?;
    let Some(repo) = Repo::at(store.data_dir()) else {
        return Err(not_a_repo(store.data_dir(), lang));
    };
    // A removed assessment still has a history: a full id is taken as given.
    let id = match resolve_id(&store, &args.id) {
        Ok(id) => id,
        Err(_) if valid_id(&args.id) => args.id.clone(),
        Err(e) => return Err(e),
    };
    let mut entries =
        git::history::history(&repo, &id).map_err(|e| Failure::Internal(e.to_string()))?;
    if entries.is_empty() {
        return Err(Failure::BadInput(crate::words::git::no_commit_yet(
            &id, lang,
        )));
    }
    if let Some(q) = &args.answer {
        for e in &mut entries {
            e.changes.retain(|c| c.is_about(q));
        }
        entries.retain(|e| !e.changes.is_empty());
    }
    match args.format {
        Format::Json => {
            let entries = entries
                .iter()
                .map(|e| output::HistoryEntry {
                    commit: e.commit.hash.clone(),
                    author: e.commit.author.clone(),
                    date: output::DateTime(e.commit.date.clone()),
                    subject: e.commit.subject.clone(),
                    created: e.created,
                    removed: e.removed,
                    broken: e.broken.clone(),
                    changes: e
                        .changes
                        .iter()
                        .map(|c| output::HistoryChange {
                            key: c.key.clone(),
                            old: c.old.clone(),
                            new: c.new.clone(),
                        })
                        .collect(),
                })
                .collect();
            t.json(&output::History {
                schema: output::HISTORY,
                id,
                entries,
            })
        }
        Format::Text => {
            // The answers' values by their names in Thai, under the assessment's ruleset
            // (none for a removed one: its values as the file had them).
            let registry = super::lookup::registry_quiet();
            let rs = store
                .load(&id)
                .ok()
                .and_then(|l| registry.get(&l.assessment.ruleset.id).cloned());
            t.text(&crate::words::git::history_text(
                &entries,
                rs.as_deref(),
                lang,
            ))
        }
    }
}
