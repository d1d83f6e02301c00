//! A text to read and scroll: a comparison, what would change the level, where an export went.

use super::Popup;
use crate::app::action::Action;
use crate::app::say::Title;
use crate::app::scroll::Scroll;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    pub title: Title,
    /// Already in the language shown when it opened (reports render their own words).
    pub lines: Vec<String>,
    pub scroll: Scroll,
}

impl Reader {
    pub fn new(title: Title, text: &str) -> Reader {
        Reader {
            title,
            lines: text.lines().map(str::to_string).collect(),
            scroll: Scroll::default(),
        }
    }
}

pub(super) fn handle(mut p: Reader, action: Action) -> Option<Popup> {
    if p.scroll.apply(action) {
        return Some(Popup::Reader(p));
    }
    match action {
        Action::Back | Action::Choose => None,
        _ => Some(Popup::Reader(p)),
    }
}
