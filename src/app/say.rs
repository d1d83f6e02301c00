//! What the interface tells the user, as values: the view puts each in the language shown, so
//! switching language changes every word on screen, and nothing here holds translated text.

use std::path::PathBuf;

use super::list::Sort;

/// A status word in the header or a line in a dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Say {
    Saved,
    SortedBy(Sort),
    NothingToUndo,
    NothingToRedo,
    /// What an undo or a redo changed, in the service named.
    Undone {
        redo: bool,
        service: String,
        changes: Vec<super::history::Changed>,
    },
    /// Undo and redo act on the open assessment, and the list highlights another.
    UndoIsForOpen {
        service: String,
    },
    /// `m` found nothing left to answer.
    AllAnswered,
    CopiedImpacts,
    /// An assessment went to the trash: `u` (in the list) or `T` brings it back.
    MovedToTrash {
        name: String,
    },
    /// `D` under a ruleset without an acceptance statement.
    NoStatement,
    /// `c` in a ruleset with one impact matrix per group: the previous group's ratings.
    CopiedGroupImpacts {
        group: String,
    },
    /// The conflict dialog was closed without a choice: nothing is written until it is made.
    ConflictPending,
    /// The file was answered under another version of its ruleset.
    RulesetChanged {
        ruleset: String,
        recorded: String,
        current: String,
        /// (target, level recorded, level now).
        changes: Vec<(String, String, String)>,
    },
    /// The file names a ruleset this run does not have.
    UnknownRuleset {
        path: Option<PathBuf>,
        id: String,
    },
    /// A report came out empty and was not written.
    ReportEmpty,
    /// A report could not be made (the workbook writer's error).
    ReportFailed(String),
    /// The form was submitted without a service name.
    NameMissing,
    /// LANG/LC_ALL do not say UTF-8.
    NotUtf8Locale,
    /// The highlighted file does not parse: what can still be done with it.
    BrokenFile,
    /// The form that was being typed when the program stopped, offered back.
    DraftRestored,
    /// Changes kept as a copy because the file changed on disk while the program stopped.
    KeptCopy {
        service: String,
        copy: String,
    },
    /// The user's editor could not be started.
    NoEditor(String),
    /// `E` in a trainee's data dir: the file holds the hidden levels (`hidden`), or it is a
    /// scenario whose brief is the trainer's.
    EditorRefused {
        hidden: bool,
    },
    /// A trainee's result is hidden until the trainer's `xal train reveal`: what was asked
    /// for (`export`, `compare`, `what-if`) is refused, in the words `xal export` uses.
    ResultHidden(&'static str),
    /// The ruleset has no user groups.
    NoGroups,
    /// A question not asked under the current answers was chosen in the index.
    NotAsked {
        question: String,
    },
    /// Every assessment in the list is complete.
    NoneIncomplete,
    TrashEmpty,
    Restored {
        name: String,
    },
    /// The open assessment was changed by another program and is shown as it is now.
    ChangedElsewhere {
        name: String,
    },
    /// The open assessment's file was removed by another program; what is shown is kept in
    /// memory (a change saves it again).
    RemovedElsewhere {
        name: String,
    },
    /// Sent to the terminal's clipboard.
    Copied(String),
    /// This key does something in another pane, not here.
    KeyElsewhere {
        key: String,
        action: super::Action,
        context: super::Context,
    },
    /// `c` on a question that is not an impact matrix with an earlier one to copy.
    NothingToCopy,
    /// An action needs an open assessment.
    OpenFirst,
    /// Sync and history need the data dir to be a git repository.
    NotARepo,
    /// A sync runs in the background (the header's word while it does).
    SyncRunning,
    /// The history asked for is being read.
    ReadingHistory,
    /// A message from elsewhere (a store error, a diagnostic with its place), shown as it is.
    Problem(String),
}

/// The title of a dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Title {
    SettingsProblems,
    SaveFailed,
    /// A file's path: a broken file's message.
    File(PathBuf),
    Exported,
    ExportFailed,
    Comparison,
    Reevaluation,
    Whatif,
    KeptCopies,
    /// The service an assessment is about, read-only; the pack scenario it stands for.
    Brief {
        scenario: Option<String>,
    },
    /// The history of the service named.
    History(String),
    Synced,
    SyncFailed,
}
