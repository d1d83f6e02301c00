//! `?`: every key in force, scrolled.

use super::{Popup, Reply};
use crate::app::action::Action;
use crate::app::scroll::Scroll;
use crate::app::{App, Pane};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Help {
    pub scroll: Scroll,
    /// The pane that had the focus when help was asked for.
    pub from: Pane,
    /// Opened at that pane's section (done once, from the first frame's measure).
    pub placed: bool,
}

pub fn open(app: &App) -> Popup {
    Popup::Help(Help {
        scroll: Scroll::default(),
        from: app.focus,
        placed: false,
    })
}

pub(super) fn handle(mut p: Help, action: Action) -> Reply {
    if p.scroll.apply(action) {
        return Reply::stay(Popup::Help(p));
    }
    match action {
        Action::Back | Action::Choose | Action::Help => Reply::close(),
        _ => Reply::stay(Popup::Help(p)),
    }
}
