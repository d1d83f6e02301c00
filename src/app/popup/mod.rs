//! The dialogs, as state: one module each, holding what the dialog shows and what each action
//! does in it. Drawing, key contexts and hints are the view's (`tui::popups`, one module each
//! under the same name).

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
use super::event::Measured;

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
            Popup::Statement(s) => s.editing.is_some(),
            Popup::Form(f) => f.focus_is_text(),
            _ => false,
        }
    }
}

impl App {
    /// One action for the dialog on top. Each dialog's module decides; the dialog it returns
    /// stays open (it may be another one).
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
        let next = match popup {
            Popup::Help(p) => help::handle(self, p, action),
            Popup::Message(p) => message::handle(p, action),
            Popup::Reader(p) => reader::handle(p, action),
            Popup::Export(p) => export::handle(self, p, action),
            Popup::Compare(p) => compare::handle(self, p, action),
            Popup::Confirm(p) => confirm::handle(self, p, action),
            Popup::Conflict(p) => conflict::handle(self, p, action),
            Popup::Note(p) => note::handle(self, p, action),
            Popup::GroupName(p) => group_name::handle(self, p, action),
            Popup::Form(p) => form::handle(self, p, action),
            Popup::QuestionIndex(p) => index::handle(self, p, action),
            Popup::Done(p) => done::handle(self, p, action),
            Popup::Trash(p) => trash::handle(self, p, action),
            Popup::Whatif(p) => whatif::handle(self, p, action),
            Popup::Statement(p) => statement::handle(self, p, action),
        };
        // A dialog may have opened another one (an export's result); that one wins. The
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
            _ => {}
        }
    }

    pub(super) fn popup_measured(&mut self, m: &Measured) {
        let Some((content, view)) = m.popup else {
            return;
        };
        match &mut self.popup {
            Some(Popup::Help(p)) => {
                p.scroll.measure(content, view);
                if !p.placed {
                    p.placed = true;
                    if let Some(anchor) = m.popup_anchor {
                        p.scroll.set(anchor);
                    }
                }
            }
            Some(Popup::Reader(p)) => p.scroll.measure(content, view),
            Some(Popup::Message(p)) => p.scroll.measure(content, view),
            Some(Popup::Conflict(p)) => p.scroll.measure(content, view),
            Some(Popup::Done(p)) => p.scroll.measure(content, view),
            Some(Popup::Statement(p)) => p.measure(view),
            _ => {}
        }
    }

    /// The scroll position of the dialog on top, if it scrolls.
    pub(super) fn popup_scroll(&self) -> Option<super::Scroll> {
        match &self.popup {
            Some(Popup::Help(p)) => Some(p.scroll),
            Some(Popup::Reader(p)) => Some(p.scroll),
            Some(Popup::Message(p)) => Some(p.scroll),
            Some(Popup::Conflict(p)) => Some(p.scroll),
            Some(Popup::Done(p)) => Some(p.scroll),
            _ => None,
        }
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
