//! What a key asks the interface to do. The names are the words a user writes in the `[keys]`
//! table of `config.toml`, so they are part of the configuration format: never rename one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Choose,
    /// The n-th option (1–9) of the current question, or of the current matrix row.
    Pick(u8),
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
    Sort,
    Back,
    Export,
    Whatif,
    Compare,
    ToggleList,
    Suspend,
    NextGroup,
    AddGroup,
}

const NAMED: &[(Action, &str)] = &[
    (Action::Quit, "quit"),
    (Action::Help, "help"),
    (Action::FocusNext, "focus_next"),
    (Action::FocusPrev, "focus_prev"),
    (Action::Up, "up"),
    (Action::Down, "down"),
    (Action::PageUp, "page_up"),
    (Action::PageDown, "page_down"),
    (Action::First, "first"),
    (Action::Last, "last"),
    (Action::Choose, "choose"),
    (Action::PrevQuestion, "prev_question"),
    (Action::NextQuestion, "next_question"),
    (Action::NextMissing, "next_missing"),
    (Action::CopyProofingToAuth, "copy_proofing_to_auth"),
    (Action::Note, "note"),
    (Action::Undo, "undo"),
    (Action::Redo, "redo"),
    (Action::ToggleLang, "toggle_lang"),
    (Action::Filter, "filter"),
    (Action::New, "new"),
    (Action::Edit, "edit"),
    (Action::Copy, "copy"),
    (Action::Delete, "delete"),
    (Action::Open, "open"),
    (Action::Sort, "sort"),
    (Action::Back, "back"),
    (Action::Export, "export"),
    (Action::Whatif, "whatif"),
    (Action::Compare, "compare"),
    (Action::ToggleList, "toggle_list"),
    (Action::Suspend, "suspend"),
    (Action::NextGroup, "next_group"),
    (Action::AddGroup, "add_group"),
];

impl Action {
    /// The name used in `config.toml`: `focus_next`, `pick_3`, …
    pub fn name(self) -> String {
        match self {
            Action::Pick(n) => format!("pick_{n}"),
            other => NAMED
                .iter()
                .find(|(a, _)| *a == other)
                .map(|(_, n)| (*n).to_string())
                .unwrap_or_default(),
        }
    }

    /// Every action, picks 1–9 included, in the order help lists them.
    pub fn all() -> Vec<Action> {
        let mut v: Vec<Action> = NAMED.iter().map(|(a, _)| *a).collect();
        let at = v
            .iter()
            .position(|a| *a == Action::Choose)
            .map_or(0, |i| i + 1);
        v.splice(at..at, (1..=9).map(Action::Pick));
        v
    }

    /// Every name a user may write, for "unknown action" messages.
    pub fn names() -> Vec<String> {
        Action::all().into_iter().map(Action::name).collect()
    }
}

impl FromStr for Action {
    type Err = String;

    fn from_str(s: &str) -> Result<Action, String> {
        if let Some(n) = s.strip_prefix("pick_") {
            return match n.parse::<u8>() {
                Ok(n @ 1..=9) => Ok(Action::Pick(n)),
                _ => Err(format!("unknown action `{s}` (pick_1 to pick_9)")),
            };
        }
        NAMED
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(a, _)| *a)
            .ok_or_else(|| format!("unknown action `{s}`"))
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Action, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let all = Action::all();
        assert_eq!(all.len(), NAMED.len() + 9);
        for a in all {
            assert_eq!(a.name().parse::<Action>(), Ok(a), "{a:?}");
        }
    }

    #[test]
    fn pick_names_are_bounded() {
        assert_eq!("pick_1".parse(), Ok(Action::Pick(1)));
        assert_eq!("pick_9".parse(), Ok(Action::Pick(9)));
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
            toml::to_string(&W { a: Action::Pick(4) }).unwrap().trim(),
            "a = \"pick_4\""
        );
    }
}
