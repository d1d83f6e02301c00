//! `T`: the deleted assessments, newest first, to put one back.

use super::menu::{Menu, Moved};
use super::{Ask, Popup, Reply};
use crate::app::action::Action;
use crate::app::event::Effect;
use crate::app::{App, Say};
use crate::store::TrashItem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trash {
    pub menu: Menu<TrashItem>,
}

/// Asks for the trash's listing: the dialog opens when it comes ([`listed`]).
pub fn open(app: &mut App) {
    app.list_trash();
}

/// The trash as the store listed it: the dialog, or a word when there is nothing to show.
pub(crate) fn listed(app: &mut App, listing: Result<Vec<TrashItem>, String>) {
    match listing {
        Ok(items) if items.is_empty() => app.status = Some(Say::TrashEmpty),
        Ok(items) => app.show(Popup::Trash(Trash {
            menu: Menu::new(items, label),
        })),
        Err(e) => app.status = Some(Say::Problem(e)),
    }
}

/// The words the picker shows for a deleted file, which are also what its filter finds it by:
/// the service's name, or the file's for one that does not parse.
pub fn label(item: &TrashItem) -> String {
    match &item.service {
        Some(name) => name.clone(),
        None => {
            let file = item
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("! {file}")
        }
    }
}

pub(super) fn handle(mut p: Trash, action: Action) -> Reply {
    match p.menu.apply(action) {
        Moved::Chosen(item) => Reply::close().ask(Ask::Effect(Effect::Restore { path: item.path })),
        Moved::Stay if action == Action::Back => Reply::close(),
        Moved::Stay => Reply::stay(Popup::Trash(p)),
    }
}
