//! The brief: the service an assessment is about (name, agency, description), to read and
//! scroll, never to change. A trainee's scenario opens it in place of the edit form, so the
//! case handed out stays the one the trainer's reference answers.

use std::sync::Arc;

use super::Popup;
use super::reader::Reader;
use crate::app::App;
use crate::app::load::Then;
use crate::app::preview::Shown;
use crate::app::say::{Say, Title};
use crate::ruleset::Ruleset;
use crate::store::{Assessment, ScanEntry};

/// The lines of the brief: data only (the words around it are the title's, in `tui::i18n`).
/// A pack's description holds the English then ` | ` then the Thai: each its own paragraph.
pub fn lines(a: &Assessment) -> String {
    let mut out = vec![a.service.name.clone()];
    if !a.service.agency.trim().is_empty() {
        out.push(a.service.agency.clone());
    }
    for part in a.service.description.split(" | ") {
        if !part.trim().is_empty() {
            out.push(String::new());
            out.push(part.trim().to_string());
        }
    }
    out.join("\n")
}

/// The brief of what the focus is on: the open assessment, else the list's highlight (when
/// its file has been read).
pub fn open(app: &mut App) {
    let id = match app.shown() {
        Shown::Open(o) => Some(o.loaded.assessment.id.clone()),
        _ => match app.list.selected_entry() {
            Some(ScanEntry::Ok(s)) => Some(s.id.clone()),
            Some(ScanEntry::Broken { .. }) => {
                app.status = Some(Say::BrokenFile);
                return;
            }
            None => None,
        },
    };
    let Some(id) = id else {
        app.status = Some(Say::OpenFirst);
        return;
    };
    app.with_subject(&id, Then::Brief);
}

/// The assessment the brief was asked for, or why there is none.
pub(crate) fn with(app: &mut App, found: Result<(Assessment, Arc<Ruleset>), Say>) {
    match found {
        Ok((a, _)) => show(app, &a),
        Err(say) => app.status = Some(say),
    }
}

/// The brief on top (or next, when a dialog came meanwhile).
pub(crate) fn show(app: &mut App, a: &Assessment) {
    app.show(popup(a));
}

/// The brief's dialog.
pub fn popup(a: &Assessment) -> Popup {
    let title = Title::Brief {
        scenario: a.scenario().map(str::to_string),
    };
    Popup::Reader(Reader::new(title, &lines(a)))
}

impl App {
    /// Whether this assessment's service must not change here: in a trainee's data dir, a
    /// scenario handed out by `xal train start` (its `[origin]` names one).
    pub fn brief_locked(&self, a: &Assessment) -> bool {
        self.trainee && a.scenario().is_some()
    }
}
