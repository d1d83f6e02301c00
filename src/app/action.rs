//! What the user can ask for, and where. The names are the words a user writes in the `[keys]`
//! table of `config.toml`, so they are part of the configuration format: never rename one.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::{EnumIter, EnumString, IntoEnumIterator, IntoStaticStr};

/// Every action a key can be bound to. The same vocabulary the keymap binds, help lists and
/// the app's update function understands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumString, IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    First,
    Last,
    Choose,
    #[strum(serialize = "pick_1")]
    Pick1,
    #[strum(serialize = "pick_2")]
    Pick2,
    #[strum(serialize = "pick_3")]
    Pick3,
    #[strum(serialize = "pick_4")]
    Pick4,
    #[strum(serialize = "pick_5")]
    Pick5,
    #[strum(serialize = "pick_6")]
    Pick6,
    #[strum(serialize = "pick_7")]
    Pick7,
    #[strum(serialize = "pick_8")]
    Pick8,
    #[strum(serialize = "pick_9")]
    Pick9,
    PrevQuestion,
    NextQuestion,
    NextMissing,
    CopyProofingToAuth,
    Note,
    Undo,
    Redo,
    ToggleLang,
    Filter,
    New,
    Edit,
    Copy,
    Delete,
    Open,
    /// Open the highlighted file in the user's editor.
    EditFile,
    Sort,
    Back,
    Export,
    Whatif,
    /// The service's brief, read-only.
    Brief,
    Compare,
    ToggleList,
    Suspend,
    NextGroup,
    PrevGroup,
    AddGroup,
    RenameGroup,
    RemoveGroup,
    /// Every question of the ruleset with its state, to jump to one.
    QuestionIndex,
    /// The next assessment in the list that still has questions to answer.
    NextIncomplete,
    /// Deleted assessments, to restore one.
    Trash,
    /// The highlighted assessment's id and levels to the terminal's clipboard.
    CopyId,
    /// Commit, fetch, merge, push: `xal sync` (in a git data dir).
    Sync,
    /// The assessment's history, answer by answer (in a git data dir).
    History,
    /// The user group's acceptance statement (800-63-4's DIAS): final levels, rationale,
    /// controls.
    Statement,
    /// In the acceptance statement: a new compensating control, named first.
    AddCompensating,
    /// In the acceptance statement: a new supplemental control, named first.
    AddSupplemental,
    /// The question's help, scrolled down and up (when it is longer than its room).
    HelpDown,
    HelpUp,
    /// Confirmation dialogs.
    Yes,
    No,
    /// The conflict dialog.
    Reload,
    KeepCopy,
    /// Write mine over the file changed elsewhere (after a second yes).
    Overwrite,
    /// Editing a text field.
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteWordBack,
    DeleteToStart,
    DeleteToEnd,
    NewLine,
}

const PICKS: [Action; 9] = [
    Action::Pick1,
    Action::Pick2,
    Action::Pick3,
    Action::Pick4,
    Action::Pick5,
    Action::Pick6,
    Action::Pick7,
    Action::Pick8,
    Action::Pick9,
];

impl Action {
    /// The name used in `config.toml`: `focus_next`, `pick_3`, …
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Every action, in the order help lists them.
    pub fn all() -> impl Iterator<Item = Action> {
        Action::iter()
    }

    /// Every name a user may write, for "unknown action" messages.
    pub fn names() -> Vec<&'static str> {
        Action::all().map(Action::name).collect()
    }

    /// `pick_n` for n in 1–9.
    pub fn pick(n: usize) -> Option<Action> {
        PICKS.get(n.checked_sub(1)?).copied()
    }

    /// The option a pick action chooses, counted from 0.
    pub fn pick_index(self) -> Option<usize> {
        PICKS.iter().position(|&a| a == self)
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Action, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom(format!("unknown action `{s}`")))
    }
}

/// Where keys are looked up. A pane falls back to `Global`; every dialog falls back to
/// `Dialog` (never to `Global`, so typing a name never quits); a text field's keys are in
/// `Text`, and a printable key none of its contexts binds is typed.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumString, IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Context {
    Global,
    List,
    Wizard,
    Result,
    /// Every dialog: confirm, cancel, and the ways out of the program.
    Dialog,
    Help,
    /// A text to read and scroll: messages, comparisons, what-if.
    Reader,
    /// A short list to choose from: export formats, what to compare with.
    Pick,
    /// "Delete this?"
    Confirm,
    Conflict,
    /// The new/edit service form.
    Form,
    /// A choice among values, moved left and right (the form's ruleset).
    Select,
    /// Editing text: the form's fields, notes, group names, the filter.
    Text,
    /// Typing the list's filter.
    Filter,
    /// The summary shown when the last question is answered.
    Done,
    /// The acceptance statement of a user group, row by row.
    Statement,
}

impl Context {
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn all() -> impl Iterator<Item = Context> {
        Context::iter()
    }

    /// Every name a user may write after `[keys.`.
    pub fn names() -> Vec<&'static str> {
        Context::all().map(Context::name).collect()
    }
}

impl std::fmt::Display for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::all() {
            assert!(seen.insert(a.name()), "{a:?} shares its name");
            assert_eq!(a.name().parse::<Action>(), Ok(a), "{a:?}");
        }
        for c in Context::all() {
            assert_eq!(c.name().parse::<Context>(), Ok(c));
        }
    }

    #[test]
    fn the_names_in_existing_config_files_still_parse() {
        // Written by users of earlier versions: each must keep meaning the same action.
        for (name, action) in [
            ("quit", Action::Quit),
            ("focus_next", Action::FocusNext),
            ("page_down", Action::PageDown),
            ("pick_1", Action::Pick1),
            ("pick_9", Action::Pick9),
            ("prev_question", Action::PrevQuestion),
            ("next_missing", Action::NextMissing),
            ("copy_proofing_to_auth", Action::CopyProofingToAuth),
            ("toggle_lang", Action::ToggleLang),
            ("whatif", Action::Whatif),
            ("toggle_list", Action::ToggleList),
            ("add_group", Action::AddGroup),
            ("statement", Action::Statement),
        ] {
            assert_eq!(name.parse::<Action>(), Ok(action), "{name}");
        }
        for (name, context) in [
            ("global", Context::Global),
            ("list", Context::List),
            ("wizard", Context::Wizard),
            ("result", Context::Result),
            ("dialog", Context::Dialog),
        ] {
            assert_eq!(name.parse::<Context>(), Ok(context), "{name}");
        }
    }

    #[test]
    fn picks_are_bounded() {
        assert_eq!(Action::pick(1), Some(Action::Pick1));
        assert_eq!(Action::pick(9), Some(Action::Pick9));
        assert_eq!(Action::pick(0), None);
        assert_eq!(Action::pick(10), None);
        assert_eq!(Action::Pick4.pick_index(), Some(3));
        assert_eq!(Action::Note.pick_index(), None);
        assert!("pick_0".parse::<Action>().is_err());
        assert!("pick_10".parse::<Action>().is_err());
        assert!("Quit".parse::<Action>().is_err());
    }

    #[test]
    fn serde_uses_the_config_names() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct W {
            a: Action,
        }
        let w: W = toml::from_str("a = \"copy_proofing_to_auth\"").unwrap();
        assert_eq!(w.a, Action::CopyProofingToAuth);
        assert_eq!(
            toml::to_string(&W { a: Action::Pick4 }).unwrap().trim(),
            "a = \"pick_4\""
        );
        assert!(toml::from_str::<W>("a = \"nosuch\"").is_err());
    }
}
