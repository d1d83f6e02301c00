//! Problems to read before going on: settings, rulesets, a broken file, a failed save.

use super::{Popup, Reply};
use crate::app::action::Action;
use crate::app::say::{Say, Title};
use crate::app::scroll::Scroll;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub title: Title,
    pub lines: Vec<Say>,
    pub scroll: Scroll,
}

impl Message {
    pub fn new(title: Title, lines: Vec<Say>) -> Message {
        Message {
            title,
            lines,
            scroll: Scroll::default(),
        }
    }
}

pub(super) fn handle(mut p: Message, action: Action) -> Reply {
    if p.scroll.apply(action) {
        return Reply::stay(Popup::Message(p));
    }
    match action {
        Action::Back | Action::Choose => Reply::close(),
        _ => Reply::stay(Popup::Message(p)),
    }
}
