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
    /// `m` found nothing left to answer.
    AllAnswered,
    CopiedImpacts,
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
}
