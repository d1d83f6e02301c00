//! A text to read and scroll: a comparison, what would change the level, where an export went.

use super::{Popup, Reply};
use crate::app::action::Action;
use crate::app::say::Title;
use crate::app::scroll::Scroll;
use crate::git::history::Entry;
use crate::git::sync::{Report, SyncError};

#[derive(Debug)]
pub struct Reader {
    pub title: Title,
    pub body: Body,
    pub scroll: Scroll,
}

/// What the reader shows: a text already made, or what git found, which the view puts into
/// words (the same as `xal history` and `xal sync` say).
#[derive(Debug)]
pub enum Body {
    /// Already in the language shown when it opened (reports render their own words).
    Lines(Vec<String>),
    /// An assessment's history, newest first (empty before its first commit).
    History { id: String, entries: Vec<Entry> },
    /// What a sync did, or why it failed.
    Sync(Result<Report, SyncError>),
}

impl Reader {
    pub fn new(title: Title, text: &str) -> Reader {
        Reader::of(
            title,
            Body::Lines(text.lines().map(str::to_string).collect()),
        )
    }

    pub fn of(title: Title, body: Body) -> Reader {
        Reader {
            title,
            body,
            scroll: Scroll::default(),
        }
    }
}

pub(super) fn handle(mut p: Reader, action: Action) -> Reply {
    if p.scroll.apply(action) {
        return Reply::stay(Popup::Reader(p));
    }
    match action {
        Action::Back | Action::Choose => Reply::close(),
        _ => Reply::stay(Popup::Reader(p)),
    }
}
