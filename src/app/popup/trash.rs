//! `T`: the deleted assessments, newest first, to put one back.

use std::path::PathBuf;

use super::Popup;
use super::menu::{Menu, Moved};
use crate::app::action::Action;
use crate::app::event::{Effect, Env};
use crate::app::{App, Say};

/// One file in the trash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trashed {
    pub path: PathBuf,
    /// The service's name, when the file parses.
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trash {
    pub menu: Menu<Trashed>,
}

pub fn open(app: &mut App, env: &Env) {
    match env.files.trash() {
        Ok(items) if items.is_empty() => app.status = Some(Say::TrashEmpty),
        Ok(items) => {
            app.popup = Some(Popup::Trash(Trash {
                menu: Menu::new(items),
            }))
        }
        Err(e) => app.status = Some(Say::Problem(e)),
    }
}

pub(super) fn handle(app: &mut App, mut p: Trash, action: Action) -> Option<Popup> {
    match p.menu.apply(action) {
        Moved::Chosen(item) => {
            app.effects.push(Effect::Restore { path: item.path });
            None
        }
        Moved::Stay if action == Action::Back => None,
        Moved::Stay => Some(Popup::Trash(p)),
    }
}
