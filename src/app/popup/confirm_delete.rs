//! "Delete this service?": the file moves to the trash only on a yes.

use std::path::PathBuf;

use super::Popup;
use crate::app::App;
use crate::app::action::Action;
use crate::app::event::Effect;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmDelete {
    /// The service's name, or the file's for a file that does not parse.
    pub name: String,
    pub path: PathBuf,
}

pub(super) fn handle(app: &mut App, p: ConfirmDelete, action: Action) -> Option<Popup> {
    match action {
        Action::Yes => {
            app.effects.push(Effect::Trash { path: p.path });
            None
        }
        Action::No | Action::Back => None,
        _ => Some(Popup::ConfirmDelete(p)),
    }
}
