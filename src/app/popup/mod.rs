//! The dialogs, as state: one module each, holding what the dialog shows and what each action
//! does in it. Drawing, key contexts and hints are the view's (`tui::popups`, one module each
//! under the same name).
//!
//! A dialog's handler takes the dialog by value and the app read-only, and returns a
//! [`Reply`]: what the dialog becomes (itself, another one, or closed) and what it asks of the
//! app ([`Ask`]). `App::popup_action` alone applies replies, in order.

pub mod brief;
pub mod compare;
pub mod confirm;
pub mod conflict;
pub mod done;
pub mod export;
pub mod form;
pub mod group_name;
pub mod help;
pub mod index;
pub mod menu;
pub mod message;
pub mod note;
pub mod reader;
pub mod statement;
pub mod trash;
pub mod whatif;

use super::App;
use super::action::Action;
use super::event::{Effect, Measured};
use super::load::{Purpose, Then};
use super::say::Say;
use super::scroll::Scroll;
use crate::store::Service;

/// The dialog on top of the panes; it has every key until it closes.
#[derive(Debug)]
pub enum Popup {
    Help(help::Help),
    Message(message::Message),
    Reader(reader::Reader),
    Export(export::Export),
    Compare(compare::Compare),
    Confirm(confirm::Confirm),
    Conflict(conflict::Conflict),
    Note(note::Note),
    GroupName(group_name::GroupName),
    Form(Box<form::Form>),
    QuestionIndex(index::QuestionIndex),
    Done(done::Done),
    Trash(trash::Trash),
    Whatif(whatif::Whatif),
    Statement(statement::Statement),
}

impl Popup {
    /// Whether printable keys are typed into it.
    pub fn takes_text(&self) -> bool {
        match self {
            Popup::Note(_) | Popup::GroupName(_) => true,
            // Pickers: what is typed filters them.
            Popup::Export(_)
            | Popup::Compare(_)
            | Popup::QuestionIndex(_)
            | Popup::Trash(_)
            | Popup::Whatif(_) => true,
            Popup::Statement(s) => s.editing.is_some(),
            Popup::Form(f) => f.focus_is_text(),
            _ => false,
        }
    }

    /// The text it scrolls, for a dialog that scrolls one: the one place that says so, for
    /// the frame's measure and the scroll position alike.
    pub fn scroll_mut(&mut self) -> Option<&mut Scroll> {
        match self {
            Popup::Help(p) => Some(&mut p.scroll),
            Popup::Reader(p) => Some(&mut p.scroll),
            Popup::Message(p) => Some(&mut p.scroll),
            Popup::Conflict(p) => Some(&mut p.scroll),
            Popup::Done(p) => Some(&mut p.scroll),
            _ => None,
        }
    }

    /// The rows a picker has in view, which a page moves by; false for other dialogs.
    fn set_page(&mut self, rows: usize) -> bool {
        let page = match self {
            Popup::Export(p) => &mut p.menu.page,
            Popup::Compare(p) => &mut p.menu.page,
            Popup::QuestionIndex(p) => &mut p.menu.page,
            Popup::Trash(p) => &mut p.menu.page,
            Popup::Whatif(p) => &mut p.menu.page,
            Popup::Form(f) => match f.picker.as_mut() {
                Some(m) => &mut m.page,
                None => return false,
            },
            _ => return false,
        };
        *page = rows;
        true
    }

    /// Whether `action` does something in the dialog as it stands (its hint shows as
    /// unavailable otherwise): worked out from the same state the handler reads.
    pub fn applies(&self, app: &App, action: Action) -> bool {
        match self {
            Popup::Statement(p) => statement::applies(app, p, action),
            _ => true,
        }
    }

    /// What the app's state after the reply changes in the dialog it keeps: the statement's
    /// rows follow the statement its edits changed.
    fn settle(&mut self, app: &App) {
        if let Popup::Statement(p) = self {
            statement::settle(app, p);
        }
    }
}

/// What a dialog's handler returns for a key: what the dialog becomes and what it asks of the
/// app. Handlers read the app and change nothing; `App::popup_action` applies the reply.
#[derive(Debug)]
#[must_use]
pub struct Reply {
    /// The dialog on top after the key: itself in its new state, another one in its place,
    /// or none (it closed).
    pub next: Option<Popup>,
    /// What the app is asked to do, in this order.
    pub asks: Vec<Ask>,
}

impl Reply {
    /// The dialog stays, as `p`.
    pub fn stay(p: Popup) -> Reply {
        Reply {
            next: Some(p),
            asks: Vec::new(),
        }
    }

    /// The dialog closes.
    pub fn close() -> Reply {
        Reply {
            next: None,
            asks: Vec::new(),
        }
    }

    /// One more thing asked of the app, after those already asked.
    pub fn ask(mut self, ask: Ask) -> Reply {
        self.asks.push(ask);
        self
    }

    /// Several more, in order.
    pub fn asks(mut self, asks: impl IntoIterator<Item = Ask>) -> Reply {
        self.asks.extend(asks);
        self
    }
}

/// One thing a dialog asks of the app (one variant per kind of request dialogs make).
#[derive(Debug)]
pub enum Ask {
    /// A word in the header.
    Say(Say),
    /// A write (or a read) for the loop.
    Effect(Effect),
    /// Another dialog, over whatever is on top: it wins over the one the reply keeps.
    Open(Popup),
    /// Something done with an assessment once it is at hand (its file read, unless open).
    WithSubject {
        id: String,
        then: Then,
    },
    /// A file read for a purpose.
    Load {
        id: String,
        purpose: Purpose,
    },
    /// The note on the current question.
    SetNote(String),
    /// A group added by this name, or the one being answered renamed.
    NameGroup {
        name: String,
        rename: bool,
    },
    /// The group being answered removed.
    RemoveGroup,
    /// The open assessment's service, as a form says.
    SetService(Service),
    /// The wizard at this question.
    GoToQuestion(usize),
    /// One undoable change to the acceptance statement, named `what` in the history.
    EditStatement {
        what: String,
        change: statement::Change,
    },
    Undo,
    Redo,
    /// The open assessment written over the file someone else changed.
    OverwriteOpen,
    /// The change held for a yes to void a sign-off is made; or dropped.
    ApplyHeld,
    DropHeld,
    /// The open assessment's changes kept as a copy; or the file read again.
    KeepOpenAsCopy,
    ReloadOpen,
    /// The next assessment with questions to answer opened.
    OpenNextIncomplete,
    /// The form's draft kept for a later start is no longer needed.
    ForgetFormDraft,
}

impl App {
    /// One action for the dialog on top: its module's handler says what comes of it, and this
    /// is the one place that does it, in order.
    pub(super) fn popup_action(&mut self, popup: Popup, action: Action) {
        if action == Action::Quit {
            // Ctrl-c in a dialog: what it holds is kept, then the program ends.
            self.popup = Some(popup);
            self.flush();
            self.quit = true;
            return;
        }
        if action == Action::Suspend {
            self.popup = Some(popup);
            self.effects.push(super::event::Effect::Suspend);
            return;
        }
        let reply = match popup {
            Popup::Help(p) => help::handle(p, action),
            Popup::Message(p) => message::handle(p, action),
            Popup::Reader(p) => reader::handle(p, action),
            Popup::Export(p) => export::handle(p, action),
            Popup::Compare(p) => compare::handle(p, action),
            Popup::Confirm(p) => confirm::handle(p, action),
            Popup::Conflict(p) => conflict::handle(self, p, action),
            Popup::Note(p) => note::handle(p, action),
            Popup::GroupName(p) => group_name::handle(p, action),
            Popup::Form(p) => form::handle(self, p, action),
            Popup::QuestionIndex(p) => index::handle(self, p, action),
            Popup::Done(p) => done::handle(self, p, action),
            Popup::Trash(p) => trash::handle(p, action),
            Popup::Whatif(p) => whatif::handle(self, p, action),
            Popup::Statement(p) => statement::handle(self, p, action),
        };
        let Reply { mut next, asks } = reply;
        self.grant_all(asks);
        if let Some(p) = next.as_mut() {
            p.settle(self);
        }
        // A dialog opened by what was asked (an export's result, a confirmation) wins. The
        // acceptance statement comes back after it (a change to a signed-off assessment asks
        // first).
        if self.popup.is_none() {
            self.popup = next;
        } else if let Some(p @ Popup::Statement(_)) = next {
            self.queued.insert(0, p);
        }
        // One closed: the next one waiting comes up.
        if self.popup.is_none() && !self.queued.is_empty() {
            self.popup = Some(self.queued.remove(0));
        }
    }

    /// A dialog an opener made, on top; or, when it could not open, the word why.
    pub(super) fn offer(&mut self, opened: Result<Popup, Say>) {
        match opened {
            Ok(p) => self.popup = Some(p),
            Err(say) => self.status = Some(say),
        }
    }

    /// What a dialog asked, in order.
    pub(super) fn grant_all(&mut self, asks: Vec<Ask>) {
        for ask in asks {
            self.grant(ask);
        }
    }

    fn grant(&mut self, ask: Ask) {
        match ask {
            Ask::Say(say) => self.status = Some(say),
            Ask::Effect(e) => self.effects.push(e),
            Ask::Open(p) => self.popup = Some(p),
            Ask::WithSubject { id, then } => self.with_subject(&id, then),
            Ask::Load { id, purpose } => self.load(&id, purpose),
            Ask::SetNote(text) => self.set_note(text),
            Ask::NameGroup { name, rename } => self.name_group(&name, rename),
            Ask::RemoveGroup => {
                if let Some(o) = self.open.as_mut()
                    && o.session.remove_group()
                {
                    self.mark_changed();
                }
            }
            Ask::SetService(service) => {
                if let Some(o) = self.open.as_mut() {
                    o.loaded.assessment.service = service;
                }
                self.mark_changed();
            }
            Ask::GoToQuestion(q) => {
                if let Some(o) = self.open.as_mut() {
                    let s = &mut o.session;
                    s.cursor = super::wizard::at_question(&s.ruleset, s.answers(), q);
                }
            }
            Ask::EditStatement { what, change } => {
                self.edit_statement(&what, |t| change.apply(t));
            }
            Ask::Undo => self.undo_redo(false),
            Ask::Redo => self.undo_redo(true),
            Ask::OverwriteOpen => self.overwrite_open(),
            Ask::ApplyHeld => self.apply_held(),
            Ask::DropHeld => self.drop_held(),
            Ask::KeepOpenAsCopy => self.keep_open_as_copy(),
            Ask::ReloadOpen => self.reload_open(None),
            Ask::OpenNextIncomplete => self.open_next_incomplete(),
            Ask::ForgetFormDraft => self.forget_form_draft(),
        }
    }

    /// Text typed into the dialog's field.
    pub(super) fn popup_text(&mut self, text: &str) {
        match &mut self.popup {
            Some(Popup::Note(p)) => p.field.insert_str(text),
            Some(Popup::GroupName(p)) => p.field.insert_str(text),
            Some(Popup::Form(p)) => p.type_text(text),
            Some(Popup::Statement(p)) => {
                if let Some(e) = p.editing.as_mut() {
                    e.field.insert_str(text);
                }
            }
            Some(Popup::Export(p)) => p.menu.type_text(text),
            Some(Popup::Compare(p)) => p.menu.type_text(text),
            Some(Popup::QuestionIndex(p)) => p.menu.type_text(text),
            Some(Popup::Trash(p)) => p.menu.type_text(text),
            Some(Popup::Whatif(p)) => p.menu.type_text(text),
            _ => {}
        }
    }

    pub(super) fn popup_measured(&mut self, m: &Measured) {
        let Some((content, view)) = m.popup else {
            return;
        };
        match &mut self.popup {
            Some(Popup::Help(p)) if !p.placed => {
                p.scroll.measure(content, view);
                // Opened at the pane's section, from the first frame's measure.
                p.placed = true;
                if let Some(anchor) = m.popup_anchor {
                    p.scroll.set(anchor);
                }
            }
            Some(Popup::Statement(p)) => p.measure(view),
            Some(p) => {
                if p.set_page(view) {
                    return;
                }
                if let Some(scroll) = p.scroll_mut() {
                    scroll.measure(content, view);
                }
            }
            None => {}
        }
    }

    /// The scroll position of the dialog on top, if it scrolls.
    pub(super) fn popup_scroll(&mut self) -> Option<Scroll> {
        self.popup.as_mut().and_then(Popup::scroll_mut).map(|s| *s)
    }

    pub(super) fn popup_resized(&mut self) {
        let width = self.viewport.0;
        match &mut self.popup {
            Some(Popup::Note(p)) => p.field.set_wrap_width(note::field_width(width)),
            Some(Popup::Statement(p)) => {
                if let Some(e) = p.editing.as_mut() {
                    e.field.set_wrap_width(statement::editor_width(width));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    //! Handlers are functions of (dialog, action) and a read-only app: called directly, their
    //! reply says everything that would happen.

    use std::path::PathBuf;

    use super::*;
    use crate::app::Init;
    use crate::app::say::Title;
    use crate::app::text_input::TextInput;

    fn app() -> App {
        App::new(Init::default())
    }

    #[test]
    fn yes_to_a_delete_asks_for_the_trash_and_closes() {
        let p = confirm::Confirm {
            about: confirm::About::Delete {
                name: "Portal".into(),
                path: PathBuf::from("a.toml"),
            },
        };
        let reply = confirm::handle(p, Action::Yes);
        assert!(reply.next.is_none());
        assert!(
            matches!(
                reply.asks.as_slice(),
                [Ask::Effect(Effect::Trash { path })] if path == &PathBuf::from("a.toml")
            ),
            "{reply:?}"
        );
    }

    #[test]
    fn no_to_a_delete_closes_asking_nothing_and_other_keys_keep_it() {
        let p = || confirm::Confirm {
            about: confirm::About::RemoveGroup {
                name: "Users".into(),
            },
        };
        let reply = confirm::handle(p(), Action::No);
        assert!(reply.next.is_none() && reply.asks.is_empty());
        let reply = confirm::handle(p(), Action::Down);
        assert!(matches!(reply.next, Some(Popup::Confirm(c)) if c == p()));
        assert!(reply.asks.is_empty());
        let reply = confirm::handle(p(), Action::Yes);
        assert!(matches!(reply.asks.as_slice(), [Ask::RemoveGroup]));
    }

    #[test]
    fn a_note_chosen_asks_for_its_text() {
        let p = note::Note {
            field: TextInput::multi_line().with_text("Checked\nby phone"),
            question: "q1".into(),
        };
        let reply = note::handle(p, Action::Choose);
        assert!(reply.next.is_none());
        assert!(
            matches!(reply.asks.as_slice(), [Ask::SetNote(t)] if t == "Checked\nby phone"),
            "{reply:?}"
        );
    }

    #[test]
    fn a_scroll_key_keeps_the_dialog_and_asks_nothing() {
        let mut m = message::Message::new(Title::SettingsProblems, vec![Say::NoGroups]);
        m.scroll.measure(30, 10);
        let reply = message::handle(m, Action::Down);
        assert!(reply.asks.is_empty());
        let Some(mut p) = reply.next else {
            panic!("closed")
        };
        assert_eq!(p.scroll_mut().map(|s| s.offset()), Some(1));
        let reply = message::handle(
            message::Message::new(Title::SettingsProblems, vec![]),
            Action::Back,
        );
        assert!(reply.next.is_none() && reply.asks.is_empty());
    }

    #[test]
    fn a_conflict_asks_and_leaves_the_app_as_it_was() {
        let app = app();
        let reply = conflict::handle(&app, conflict::Conflict::default(), Action::Back);
        assert!(reply.next.is_none());
        assert!(matches!(
            reply.asks.as_slice(),
            [Ask::Say(Say::ConflictPending)]
        ));
        let reply = conflict::handle(&app, conflict::Conflict::default(), Action::Overwrite);
        assert!(
            matches!(
                reply.asks.as_slice(),
                [Ask::Open(Popup::Confirm(confirm::Confirm {
                    about: confirm::About::Overwrite { .. }
                }))]
            ),
            "{reply:?}"
        );
        assert!(app.status.is_none() && app.popup.is_none());
    }

    #[test]
    fn the_done_summary_says_why_there_is_no_statement_and_stays() {
        let app = app();
        let reply = done::handle(&app, done::Done::default(), Action::Statement);
        assert!(matches!(reply.next, Some(Popup::Done(_))));
        assert!(matches!(reply.asks.as_slice(), [Ask::Say(Say::OpenFirst)]));
        let reply = done::handle(&app, done::Done::default(), Action::NextIncomplete);
        assert!(reply.next.is_none());
        assert!(matches!(reply.asks.as_slice(), [Ask::OpenNextIncomplete]));
    }

    #[test]
    fn the_queue_applies_a_reply_in_order() {
        let mut app = app();
        app.popup_action(Popup::Conflict(conflict::Conflict::default()), Action::Back);
        assert!(app.popup.is_none());
        assert_eq!(app.status, Some(Say::ConflictPending));
        // A dialog asked for wins over the one the reply keeps, which is dropped.
        app.popup_action(
            Popup::Conflict(conflict::Conflict::default()),
            Action::Overwrite,
        );
        assert!(matches!(app.popup, Some(Popup::Confirm(_))));
    }
}
