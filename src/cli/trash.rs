//! `xal trash list` and `xal trash restore ID`: the interface's trash, for scripts.

use super::lookup::open_store;
use super::{Failure, Global, ListFormat, Term, TrashCommand};
use crate::report::output;
use crate::store::TrashItem;

/// The id a trashed file goes back under: its name up to the first dot.
fn id_of(item: &TrashItem) -> String {
    item.path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('.').next())
        .unwrap_or_default()
        .to_string()
}

pub fn run(t: &mut Term<'_>, global: &Global, cmd: &TrashCommand) -> Result<(), Failure> {
    let store = open_store(global)?;
    let items = store
        .trash_listing()
        .map_err(|e| Failure::Io(e.to_string()))?;
    match cmd {
        TrashCommand::List { format } => {
            let rows: Vec<(String, String, String, String)> = items
                .iter()
                .map(|i| {
                    let when = chrono::DateTime::from_timestamp(i.deleted, 0)
                        .map(|d| {
                            d.with_timezone(&chrono::Local)
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_default();
                    let file = i
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (id_of(i), when, i.service.clone().unwrap_or_default(), file)
                })
                .collect();
            match format {
                ListFormat::Json => {
                    let trash = rows
                        .iter()
                        .map(|(id, when, service, file)| output::Trashed {
                            id: id.clone(),
                            deleted: when.clone(),
                            service: service.clone(),
                            file: file.clone(),
                            readable: !service.is_empty(),
                        })
                        .collect();
                    t.json(&output::Trash {
                        schema: output::TRASH,
                        trash,
                    })
                }
                ListFormat::Table => {
                    let mut out = String::new();
                    for (id, when, service, file) in &rows {
                        let what = if service.is_empty() {
                            format!("! {file} (does not parse)")
                        } else {
                            service.clone()
                        };
                        out.push_str(&format!("{id:<26}  {when}  {what}\n"));
                    }
                    t.text(&out)
                }
            }
        }
        TrashCommand::Restore { id } => {
            let matching: Vec<&TrashItem> = items
                .iter()
                .filter(|i| id_of(i).starts_with(id.as_str()))
                .collect();
            let item = match matching.as_slice() {
                [one] => *one,
                [] => {
                    return Err(Failure::BadInput(format!(
                        "no assessment `{id}` in the trash (`xal trash list` shows them)"
                    )));
                }
                several => {
                    // The newest comes first: several copies of one id were deleted in turn.
                    let ids: Vec<String> = several.iter().map(|i| id_of(i)).collect();
                    if ids.iter().all(|i| *i == ids[0]) {
                        several[0]
                    } else {
                        return Err(Failure::BadInput(format!(
                            "`{id}` matches several: {}",
                            ids.join(", ")
                        )));
                    }
                }
            };
            match store.restore_from_trash(&item.path) {
                Ok(path) => t.text(&format!("restored {}\n", path.display())),
                Err(e) => Err(Failure::BadInput(e.to_string())),
            }
        }
    }
}
