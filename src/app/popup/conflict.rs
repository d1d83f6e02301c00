//! Another program changed the open file since it was read: nothing is written until the user
//! chooses to reload it or to keep their version as a copy.

use super::Popup;
use crate::app::App;
use crate::app::action::Action;
use crate::app::event::Env;
use crate::app::say::Say;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conflict;

pub(super) fn handle(app: &mut App, p: Conflict, action: Action, env: &Env) -> Option<Popup> {
    match action {
        Action::Reload => {
            app.reload_open(env);
            None
        }
        Action::KeepCopy => {
            app.keep_open_as_copy();
            None
        }
        // Closed without a choice: nothing is written, and the next change asks again.
        Action::Back => {
            app.status = Some(Say::ConflictPending);
            None
        }
        _ => Some(Popup::Conflict(p)),
    }
}
