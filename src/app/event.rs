//! What goes into the app and what comes out. The app never touches a file, a thread or the
//! clock: it is told the time, and asks for every read and every write as an [`Effect`] that
//! the main loop carries out through the store; the outcome comes back as an [`Event`].

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use super::Pane;
use super::action::Action;
use super::load::Purpose;
use crate::store::{Assessment, LoadError, Loaded, SaveError, ScanEntry, TrashItem};

/// The outside world as one event sees it: the time only (files are read through
/// [`Effect::Load`]).
pub struct Env {
    /// Now, local time to the second: stamps saved files.
    pub now: DateTime<FixedOffset>,
}

/// Something that happened.
#[derive(Debug)]
pub enum Event {
    /// A key the keymap turned into an action.
    Action(Action),
    /// Printable text typed or pasted into the field being edited.
    Text(String),
    /// A click that focuses a pane.
    Focus(Pane),
    /// Something to tell the user that only the view knows (a key that works elsewhere).
    Say(super::Say),
    /// The screen's size, at start and on every change.
    Resize {
        width: u16,
        height: u16,
    },
    /// How much there was to scroll in the last frame.
    Measured(Measured),
    /// A listing of the data dir: `background` when it checks the quick one taken at start.
    Scanned {
        listing: Result<Vec<ScanEntry>, String>,
        background: bool,
    },
    /// The outcome of the save of the open assessment (see [`super::App::take_save`]).
    Saved(Result<Loaded, SaveError>),
    Created(Result<Loaded, SaveError>),
    /// An assessment that is not open was saved (its details edited).
    SavedOther(Result<Loaded, SaveError>),
    /// The open assessment was kept as a copy after a conflict.
    CopySaved(Result<Loaded, SaveError>),
    Trashed {
        path: PathBuf,
        result: Result<PathBuf, String>,
    },
    Exported(Result<PathBuf, String>),
    /// A file came back from the trash (where it now is).
    Restored(Result<PathBuf, String>),
    /// An assessment read for `purpose` ([`Effect::Load`]).
    Loaded {
        id: String,
        purpose: Purpose,
        result: Result<Loaded, LoadError>,
    },
    /// The files in the trash, newest first ([`Effect::ListTrash`]).
    TrashListed(Result<Vec<TrashItem>, String>),
    /// The user's editor has closed on this file.
    Edited {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// The first event: what the last run left is offered now.
    Started,
    /// Where HEAD is and how far ahead of and behind the upstream, as git said in the
    /// background; `None` when git could not tell.
    GitState(Option<crate::git::sync::State>),
    /// An assessment's history, read in the background.
    History {
        id: String,
        entries: Result<Vec<crate::git::history::Entry>, String>,
    },
    /// The background sync ended.
    Synced(Box<Result<crate::git::sync::Report, crate::git::sync::SyncError>>),
    /// The loop committed a save (`git.commit = "each-save"`).
    Committed,
    /// Another program changed these paths of the data dir (assessment files, or the
    /// `assessments/` folder itself): the list is made again and the open assessment read.
    DiskChanged(Vec<PathBuf>),
    /// The program must stop now (quit, a signal, a hang-up): keep everything typed.
    Flush,
}

/// Lines of content and lines of view of each scrollable thing in the last frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measured {
    pub result: Option<(usize, usize)>,
    pub popup: Option<(usize, usize)>,
    /// The question's help: its lines and the lines of its room, when it is cut.
    pub help: Option<(usize, usize)>,
    /// The line of the dialog's content that belongs at the top when it first shows (help:
    /// the section of the pane it was asked for from).
    pub popup_anchor: Option<usize>,
}

/// A read or a write the loop carries out through the store, answering with the event named.
#[derive(Debug)]
pub enum Effect {
    /// → [`Event::Loaded`]: read by the worker behind the writes asked for before it, so it
    /// finds what they left.
    Load { id: String, purpose: Purpose },
    /// → [`Event::TrashListed`]
    ListTrash,
    /// → [`Event::Created`]
    Create(Box<Assessment>),
    /// → [`Event::SavedOther`]
    Save {
        loaded: Box<Loaded>,
        assessment: Box<Assessment>,
    },
    /// → [`Event::CopySaved`]
    SaveCopy {
        loaded: Box<Loaded>,
        assessment: Box<Assessment>,
    },
    /// → [`Event::Trashed`]: any file of the assessments folder, a broken one too.
    Trash { path: PathBuf },
    /// → [`Event::Exported`]: `bytes` into `<data dir>/exports/<file_name>`.
    Export { file_name: String, bytes: Vec<u8> },
    /// → [`Event::Scanned`]
    Rescan,
    /// → [`Event::Restored`]: a file of the trash back among the assessments.
    Restore { path: PathBuf },
    /// The text to the terminal's clipboard (OSC 52), where the terminal allows it.
    Clipboard(String),
    /// Give the terminal back to the shell until the user resumes.
    Suspend,
    /// → [`Event::Edited`]: the terminal lent to the user's editor on this file.
    OpenEditor(PathBuf),
    /// What the next start must offer (an empty one clears it).
    WritePending(crate::store::Pending),
    /// A line for the log, for whoever looks after the program.
    Log(String),
    /// How the view is now, for the next start (the user's config dir, not the data dir).
    RememberView(crate::store::ViewState),
    /// → [`Event::Synced`], later: `xal sync`, off the keystroke path.
    Sync,
    /// → [`Event::GitState`], later.
    GitState,
    /// → [`Event::History`], later: the history of this assessment.
    ReadHistory(String),
}

/// The open assessment's changes, for the loop to write after the frame that shows them.
#[derive(Debug)]
pub struct SaveJob {
    pub loaded: Loaded,
    pub assessment: Assessment,
}
