//! The name of a user group, new or renamed (NIST 800-63-4 assesses each group on its own).

use super::{Ask, Popup, Reply};
use crate::app::action::Action;
use crate::app::text_input::TextInput;
use crate::app::{App, Say};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupName {
    pub field: TextInput,
    /// Renaming the group being answered, rather than adding one.
    pub rename: bool,
}

fn grouped(app: &App) -> bool {
    app.open
        .as_ref()
        .is_some_and(|o| o.session.ruleset.is_grouped())
}

/// A new group's name, where the ruleset has groups.
pub fn open(app: &App) -> Result<Popup, Say> {
    if grouped(app) {
        Ok(Popup::GroupName(GroupName::default()))
    } else {
        Err(Say::NoGroups)
    }
}

/// The name of the group being answered, to change.
pub fn open_rename(app: &App) -> Result<Popup, Say> {
    let name = app
        .open
        .as_ref()
        .and_then(|o| o.session.current_group())
        .map(|g| g.name.clone());
    match name {
        Some(name) if grouped(app) => Ok(Popup::GroupName(GroupName {
            field: TextInput::single_line().with_text(&name),
            rename: true,
        })),
        _ => Err(Say::NoGroups),
    }
}

pub(super) fn handle(mut p: GroupName, action: Action) -> Reply {
    match action {
        Action::Back => Reply::close(),
        Action::Choose => Reply::close().ask(Ask::NameGroup {
            name: p.field.text().to_string(),
            rename: p.rename,
        }),
        other => {
            p.field.apply(other);
            Reply::stay(Popup::GroupName(p))
        }
    }
}

impl App {
    /// Adds a group by this name, or renames the one being answered; an empty name does
    /// nothing.
    pub(crate) fn name_group(&mut self, name: &str, rename: bool) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let Some(o) = self.open.as_mut() else { return };
        let changed = if rename {
            o.session.rename_group(name)
        } else {
            o.session.add_group(name)
        };
        if changed {
            self.mark_changed();
        }
    }
}
