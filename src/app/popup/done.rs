//! The clear end: when the last asked question is answered, what came of it and what to do
//! next (export, compare, the next assessment still open).

use super::{Ask, Popup, Reply};
use crate::app::action::Action;
use crate::app::{App, Pane};
use crate::store::ScanEntry;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Done {
    pub scroll: crate::app::Scroll,
    /// [`App::result_hidden`] when it opened: the count answered instead of the result, and
    /// no export or comparison offered.
    pub hidden: bool,
    /// The ruleset has an acceptance statement to write next (`D`).
    pub statement: bool,
}

pub fn open(app: &App) -> Popup {
    let hidden = app.result_hidden();
    Popup::Done(Done {
        hidden,
        statement: !hidden && super::statement::offered(app),
        ..Done::default()
    })
}

pub(super) fn handle(app: &App, mut p: Done, action: Action) -> Reply {
    if p.scroll.apply(action) {
        return Reply::stay(Popup::Done(p));
    }
    match action {
        Action::Back | Action::Choose => Reply::close(),
        // The summary gives way to the export or the comparison (or nothing, with nothing
        // to export).
        Action::Export => Reply::close().asks(super::export::open(app).map(Ask::Open)),
        Action::Compare => Reply::close().asks(super::compare::open(app).map(Ask::Open)),
        Action::NextIncomplete => Reply::close().ask(Ask::OpenNextIncomplete),
        // The summary gives way to the statement; when there is none, it says why and stays.
        Action::Statement => match super::statement::open(app) {
            Ok(statement) => Reply::close().ask(Ask::Open(statement)),
            Err(say) => Reply::stay(Popup::Done(p)).ask(Ask::Say(say)),
        },
        _ => Reply::stay(Popup::Done(p)),
    }
}

impl App {
    /// Opens the next assessment in the list (after the highlighted one, wrapping) that still
    /// has questions to answer; says so when there is none.
    pub(crate) fn open_next_incomplete(&mut self) {
        let n = self.list.len();
        let from = self.list.selected();
        let next = (1..=n)
            .map(|k| (from + k) % n.max(1))
            .find(|&i| matches!(self.list.get(i), Some(ScanEntry::Ok(s)) if !s.complete));
        match next {
            Some(i) => {
                self.list.select(i);
                self.open_selected();
            }
            None => {
                self.focus = Pane::List;
                self.status = Some(crate::app::Say::NoneIncomplete);
            }
        }
    }
}
