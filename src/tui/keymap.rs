//! Which key does what, where. One table drives key handling, the footer hints and the help
//! popup, so a hint can never name a key that does something else.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent};
use serde::{Deserialize, Serialize};

pub use super::action::Action;
pub use super::key::Key;

/// Where the focus is. A pane looks in its own bindings, then in `Global`; a dialog is modal and
/// looks only in its own, so typing a name never quits the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Global,
    List,
    Wizard,
    Result,
    Dialog,
}

impl Context {
    pub const ALL: [Context; 5] = [
        Context::Global,
        Context::List,
        Context::Wizard,
        Context::Result,
        Context::Dialog,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Wizard => "wizard",
            Context::Result => "result",
            Context::Dialog => "dialog",
        }
    }

    fn falls_back_to_global(self) -> bool {
        matches!(self, Context::List | Context::Wizard | Context::Result)
    }
}

impl FromStr for Context {
    type Err = String;

    fn from_str(s: &str) -> Result<Context, String> {
        Context::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| format!("unknown context `{s}` (global, list, wizard, result, dialog)"))
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The keys of one action in one context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub action: Action,
    pub keys: Vec<Key>,
}

/// A user's change to the defaults, as read from `config.toml`. No context means every context
/// where the action is bound by default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyOverride {
    pub context: Option<Context>,
    pub action: Action,
    pub keys: Vec<Key>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::defaults()
    }
}

const DIGITS: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// The default bindings: vim keys and arrows side by side.
fn default_table() -> Vec<(Context, Action, Vec<&'static str>)> {
    use Action as A;
    use Context as C;
    let mut t = vec![
        (C::Global, A::Help, vec!["?", "F1"]),
        (C::Global, A::Quit, vec!["q", "ctrl-c"]),
        (C::Global, A::FocusNext, vec!["tab"]),
        (C::Global, A::FocusPrev, vec!["backtab"]),
        (C::Global, A::Undo, vec!["u"]),
        (C::Global, A::Redo, vec!["ctrl-r"]),
        (C::Global, A::ToggleLang, vec!["L"]),
        (C::Global, A::ToggleList, vec!["l"]),
        (C::Global, A::Back, vec!["esc"]),
        (C::Global, A::Suspend, vec!["ctrl-z"]),
        (C::List, A::Open, vec!["enter"]),
        (C::List, A::Up, vec!["k", "up"]),
        (C::List, A::Down, vec!["j", "down"]),
        (C::List, A::PageUp, vec!["pgup", "["]),
        (C::List, A::PageDown, vec!["pgdn", "]"]),
        (C::List, A::First, vec!["g", "home"]),
        (C::List, A::Last, vec!["G", "end"]),
        (C::List, A::Filter, vec!["/"]),
        (C::List, A::New, vec!["n"]),
        (C::List, A::Edit, vec!["e"]),
        (C::List, A::Copy, vec!["c"]),
        (C::List, A::Delete, vec!["d"]),
        (C::List, A::Sort, vec!["s"]),
        (C::List, A::Export, vec!["x"]),
        (C::Wizard, A::Choose, vec!["enter", "space"]),
        (C::Wizard, A::Up, vec!["k", "up"]),
        (C::Wizard, A::Down, vec!["j", "down"]),
        (C::Wizard, A::First, vec!["g", "home"]),
        (C::Wizard, A::Last, vec!["G", "end"]),
    ];
    for (n, d) in (1..=9).zip(DIGITS) {
        t.push((C::Wizard, A::Pick(n), vec![d]));
    }
    t.extend([
        (C::Wizard, A::PrevQuestion, vec!["[", "pgup"]),
        (C::Wizard, A::NextQuestion, vec!["]", "pgdn"]),
        (C::Wizard, A::NextMissing, vec!["m"]),
        (C::Wizard, A::CopyProofingToAuth, vec!["c"]),
        (C::Wizard, A::Note, vec!["N"]),
        (C::Wizard, A::NextGroup, vec![">"]),
        (C::Wizard, A::Whatif, vec!["w"]),
        (C::Wizard, A::AddGroup, vec!["+"]),
        (C::Result, A::Up, vec!["k", "up"]),
        (C::Result, A::Down, vec!["j", "down"]),
        (C::Result, A::PageUp, vec!["pgup", "["]),
        (C::Result, A::PageDown, vec!["pgdn", "]"]),
        (C::Result, A::First, vec!["g", "home"]),
        (C::Result, A::Last, vec!["G", "end"]),
        (C::Result, A::Whatif, vec!["w"]),
        (C::Result, A::Compare, vec!["C"]),
        (C::Result, A::Export, vec!["x"]),
        (C::Dialog, A::Choose, vec!["enter"]),
        (C::Dialog, A::Back, vec!["esc"]),
        (C::Dialog, A::Up, vec!["up"]),
        (C::Dialog, A::Down, vec!["down"]),
        (C::Dialog, A::FocusNext, vec!["tab"]),
        (C::Dialog, A::FocusPrev, vec!["backtab"]),
        (C::Dialog, A::Quit, vec!["ctrl-c"]),
        (C::Dialog, A::Suspend, vec!["ctrl-z"]),
    ]);
    t
}

impl Keymap {
    pub fn defaults() -> Keymap {
        let bindings = default_table()
            .into_iter()
            .map(|(context, action, keys)| Binding {
                context,
                action,
                keys: keys
                    .into_iter()
                    .map(|k| Key::parse(k).expect("default keys parse"))
                    .collect(),
            })
            .collect();
        Keymap { bindings }
    }

    /// The defaults patched by the user's overrides, later ones winning.
    pub fn with_overrides(overrides: &[KeyOverride]) -> Keymap {
        let mut map = Keymap::defaults();
        for o in overrides {
            map.apply(o);
        }
        map
    }

    fn apply(&mut self, o: &KeyOverride) {
        let contexts: Vec<Context> = match o.context {
            Some(c) => vec![c],
            None => {
                let mut cs: Vec<Context> = self
                    .bindings
                    .iter()
                    .filter(|b| b.action == o.action)
                    .map(|b| b.context)
                    .collect();
                if cs.is_empty() {
                    cs.push(Context::Global);
                }
                cs
            }
        };
        for c in contexts {
            // A key does one thing per context: the user's new binding takes it from the old.
            for b in self.bindings.iter_mut().filter(|b| b.context == c) {
                b.keys.retain(|k| !o.keys.contains(k));
            }
            match self
                .bindings
                .iter_mut()
                .find(|b| b.context == c && b.action == o.action)
            {
                Some(b) => b.keys = o.keys.clone(),
                None => self.bindings.push(Binding {
                    context: c,
                    action: o.action,
                    keys: o.keys.clone(),
                }),
            }
        }
    }

    /// The action a key press asks for in a context, if any.
    pub fn action(&self, context: Context, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev)?;
        self.lookup(context, key)
            .or_else(|| self.lookup(context, key.latin_equivalent()?))
    }

    /// The action bound to a key in a context (then in `Global` for a pane).
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        let find = |c: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == c && b.keys.contains(&key))
                .map(|b| b.action)
        };
        find(context).or_else(|| {
            if context.falls_back_to_global() {
                find(Context::Global)
            } else {
                None
            }
        })
    }

    /// The keys that trigger an action in a context, as the user would press them there.
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<Key> {
        let own = |c: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == c && b.action == action)
                .map(|b| b.keys.clone())
        };
        let keys = own(context)
            .filter(|k| !k.is_empty())
            .or_else(|| {
                if context.falls_back_to_global() {
                    own(Context::Global)
                } else {
                    None
                }
            })
            .unwrap_or_default();
        // A key shadowed by the pane's own bindings does not reach a global action.
        keys.into_iter()
            .filter(|k| self.lookup(context, *k) == Some(action))
            .collect()
    }

    /// The bindings of one context (without the global ones), in table order, skipping
    /// actions the user unbound.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings
            .iter()
            .filter(move |b| b.context == context && !b.keys.is_empty())
    }

    /// True when this key in this context is a printable character no binding claims, so a
    /// text field may take it.
    pub fn is_free_char(&self, context: Context, ev: &KeyEvent) -> bool {
        matches!(ev.code, KeyCode::Char(_)) && self.action(context, ev).is_none()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crossterm::event::{KeyEvent, KeyModifiers};

    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ch(c: char) -> KeyEvent {
        press(KeyCode::Char(c))
    }

    #[test]
    fn every_action_has_a_default_key() {
        let map = Keymap::defaults();
        for a in Action::all() {
            assert!(
                Context::ALL.iter().any(|c| !map.keys_for(*c, a).is_empty()),
                "{a} has no default key"
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_where_it_is_pressed() {
        let map = Keymap::defaults();
        for c in Context::ALL {
            let mut seen = HashSet::new();
            for b in map.bindings(c) {
                for k in &b.keys {
                    assert!(seen.insert(*k), "{k} bound twice in {c}");
                }
            }
            if c.falls_back_to_global() {
                for b in map.bindings(Context::Global) {
                    for k in &b.keys {
                        assert!(!seen.contains(k), "{k} in {c} shadows global {}", b.action);
                    }
                }
            }
        }
    }

    #[test]
    fn vim_keys_and_arrows_both_work() {
        let map = Keymap::defaults();
        for c in [Context::List, Context::Wizard, Context::Result] {
            assert_eq!(map.action(c, &ch('j')), Some(Action::Down));
            assert_eq!(map.action(c, &press(KeyCode::Down)), Some(Action::Down));
            assert_eq!(map.action(c, &ch('k')), Some(Action::Up));
            assert_eq!(map.action(c, &press(KeyCode::Up)), Some(Action::Up));
            assert_eq!(map.action(c, &ch('g')), Some(Action::First));
            assert_eq!(map.action(c, &press(KeyCode::End)), Some(Action::Last));
            assert_eq!(map.action(c, &ch('q')), Some(Action::Quit));
            assert_eq!(map.action(c, &ch('?')), Some(Action::Help));
            assert_eq!(map.action(c, &press(KeyCode::F(1))), Some(Action::Help));
        }
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Context::Wizard, &ctrl_c), Some(Action::Quit));
        assert_eq!(map.action(Context::Dialog, &ctrl_c), Some(Action::Quit));
        assert_eq!(map.action(Context::Wizard, &ch('3')), Some(Action::Pick(3)));
        assert_eq!(
            map.action(Context::Wizard, &press(KeyCode::PageDown)),
            Some(Action::NextQuestion)
        );
        assert_eq!(map.action(Context::List, &ch('c')), Some(Action::Copy));
        assert_eq!(
            map.action(Context::Wizard, &ch('c')),
            Some(Action::CopyProofingToAuth)
        );
    }

    #[test]
    fn dialogs_do_not_fall_back_to_global_keys() {
        let map = Keymap::defaults();
        assert_eq!(map.action(Context::Dialog, &ch('q')), None);
        assert!(map.is_free_char(Context::Dialog, &ch('q')));
        assert_eq!(
            map.action(Context::Dialog, &press(KeyCode::Esc)),
            Some(Action::Back)
        );
    }

    #[test]
    fn thai_layout_keys_reach_latin_bindings() {
        let map = Keymap::defaults();
        assert_eq!(map.action(Context::Wizard, &ch('่')), Some(Action::Down));
        assert_eq!(map.action(Context::Wizard, &ch('๒')), Some(Action::Pick(2)));
    }

    #[test]
    fn overrides_patch_the_defaults() {
        let map = Keymap::with_overrides(&[
            KeyOverride {
                context: None,
                action: Action::Down,
                keys: vec![Key::char('J'), Key::plain(KeyCode::Down)],
            },
            KeyOverride {
                context: Some(Context::Wizard),
                action: Action::Note,
                keys: vec![Key::char('t')],
            },
            KeyOverride {
                context: None,
                action: Action::Quit,
                keys: vec![],
            },
        ]);
        for c in [Context::List, Context::Wizard, Context::Result] {
            assert_eq!(map.action(c, &ch('J')), Some(Action::Down));
            assert_eq!(map.action(c, &ch('j')), None);
            assert_eq!(map.action(c, &ch('q')), None);
        }
        assert_eq!(map.action(Context::Wizard, &ch('t')), Some(Action::Note));
        assert_eq!(map.action(Context::Wizard, &ch('N')), None);
        assert!(map.keys_for(Context::Wizard, Action::Quit).is_empty());
    }

    #[test]
    fn a_rebound_key_leaves_its_old_action() {
        let map = Keymap::with_overrides(&[KeyOverride {
            context: Some(Context::List),
            action: Action::Sort,
            keys: vec![Key::char('d')],
        }]);
        assert_eq!(map.action(Context::List, &ch('d')), Some(Action::Sort));
        assert!(map.keys_for(Context::List, Action::Delete).is_empty());
    }

    #[test]
    fn keys_for_hides_shadowed_global_keys() {
        let map = Keymap::with_overrides(&[KeyOverride {
            context: Some(Context::Wizard),
            action: Action::Note,
            keys: vec![Key::char('q')],
        }]);
        assert_eq!(
            map.keys_for(Context::Wizard, Action::Quit),
            vec![Key::ctrl('c')]
        );
        assert_eq!(
            map.keys_for(Context::List, Action::Quit),
            vec![Key::char('q'), Key::ctrl('c')]
        );
    }
}
