//! "Are you sure?": what cannot be taken back with undo happens only on a yes.

use std::path::PathBuf;

use super::{Ask, Popup, Reply};
use crate::app::action::Action;
use crate::app::event::Effect;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum About {
    /// Move an assessment's file to the trash: the service's name, or the file's for one
    /// that does not parse.
    Delete { name: String, path: PathBuf },
    /// Remove the user group being answered, with its answers and notes.
    RemoveGroup { name: String },
    /// Write the open assessment over the file someone else changed.
    Overwrite { service: String },
    /// Change the open assessment, whose sign-off holds: the change waits for the yes, and
    /// voids the sign-off.
    VoidApproval(crate::app::approval::Holding),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub about: About,
}

pub fn ask(about: About) -> Popup {
    Popup::Confirm(Confirm { about })
}

pub(super) fn handle(p: Confirm, action: Action) -> Reply {
    match action {
        Action::Yes => Reply::close().ask(match p.about {
            About::Delete { path, .. } => Ask::Effect(Effect::Trash { path }),
            About::RemoveGroup { .. } => Ask::RemoveGroup,
            About::Overwrite { .. } => Ask::OverwriteOpen,
            About::VoidApproval(_) => Ask::ApplyHeld,
        }),
        Action::No | Action::Back if matches!(p.about, About::VoidApproval(_)) => {
            Reply::close().ask(Ask::DropHeld)
        }
        Action::No | Action::Back => Reply::close(),
        _ => Reply::stay(Popup::Confirm(p)),
    }
}
