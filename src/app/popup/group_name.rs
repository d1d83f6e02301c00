//! The name of a new user group (NIST 800-63-4 assesses each group on its own).

use super::Popup;
use crate::app::App;
use crate::app::action::Action;
use crate::app::text_input::TextInput;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupName {
    pub field: TextInput,
}

pub fn open(app: &mut App) {
    if app
        .open
        .as_ref()
        .is_some_and(|o| o.session.ruleset.is_grouped())
    {
        app.popup = Some(Popup::GroupName(GroupName::default()));
    }
}

pub(super) fn handle(app: &mut App, mut p: GroupName, action: Action) -> Option<Popup> {
    match action {
        Action::Back => None,
        Action::Choose => {
            let name = p.field.text().trim().to_string();
            if !name.is_empty()
                && let Some(o) = app.open.as_mut()
                && o.session.add_group(&name)
            {
                app.mark_changed();
            }
            None
        }
        other => {
            p.field.apply(other);
            Some(Popup::GroupName(p))
        }
    }
}
