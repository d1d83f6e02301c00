//! Which key does what, where. One table drives key handling, the footer hints and the help
//! popup, so a hint can never name a key that does something else.

use crossterm::event::{KeyCode, KeyEvent};

use super::key::Key;
use crate::app::{Action, Context};

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

/// Where text is typed: a printable key no context of the chain binds is typed, so an
/// override that names no context leaves these contexts their letters.
pub const TYPING: [Context; 4] = [Context::Text, Context::Filter, Context::Form, Context::Pick];

/// The context of a pane's keys.
pub fn pane_context(pane: crate::app::Pane) -> Context {
    use crate::app::Pane;
    match pane {
        Pane::List => Context::List,
        Pane::Wizard => Context::Wizard,
        Pane::Result => Context::Result,
    }
}

/// Where a context's keys are looked up, in order: its own, then what it falls back to.
pub fn chain(context: Context) -> &'static [Context] {
    use Context as C;
    match context {
        C::Global => &[C::Global],
        C::List => &[C::List, C::Global],
        C::Wizard => &[C::Wizard, C::Global],
        C::Result => &[C::Result, C::Global],
        C::Dialog => &[C::Dialog],
        C::Help => &[C::Help, C::Dialog],
        C::Reader => &[C::Reader, C::Dialog],
        C::Pick => &[C::Pick, C::Dialog],
        C::Confirm => &[C::Confirm, C::Dialog],
        C::Conflict => &[C::Conflict, C::Dialog],
        C::Form => &[C::Form, C::Text, C::Dialog],
        C::Select => &[C::Select, C::Form, C::Dialog],
        C::Text => &[C::Text, C::Dialog],
        C::Filter => &[C::Filter, C::Text, C::Dialog],
        C::Done => &[C::Done, C::Dialog],
        C::Statement => &[C::Statement, C::Dialog],
    }
}

/// The default bindings: vim keys and arrows side by side.
fn default_table() -> Vec<(Context, Action, Vec<&'static str>)> {
    use Action as A;
    use Context as C;
    const DIGITS: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let picks = |c: Context| {
        (1..=9)
            .zip(DIGITS)
            .filter_map(move |(n, d)| Some((c, A::pick(n)?, vec![d])))
    };
    let scrolling = |c: Context| {
        [
            (c, A::Up, vec!["k", "up"]),
            (c, A::Down, vec!["j", "down"]),
            (c, A::PageUp, vec!["pgup"]),
            (c, A::PageDown, vec!["pgdn", "space"]),
            (c, A::First, vec!["g", "home"]),
            (c, A::Last, vec!["G", "end"]),
        ]
    };
    let mut t = vec![
        (C::Global, A::Help, vec!["?", "F1"]),
        (C::Global, A::Quit, vec!["q", "ctrl-c"]),
        (C::Global, A::FocusNext, vec!["tab", "l"]),
        (C::Global, A::FocusPrev, vec!["backtab", "h"]),
        (C::Global, A::Undo, vec!["u"]),
        (C::Global, A::Redo, vec!["ctrl-r"]),
        (C::Global, A::ToggleLang, vec!["L"]),
        (C::Global, A::ToggleList, vec!["\\"]),
        (C::Global, A::EditFile, vec!["E"]),
        (C::Global, A::CopyId, vec!["y"]),
        (C::Global, A::Sync, vec!["S"]),
        (C::Global, A::History, vec!["H"]),
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
        (C::List, A::Trash, vec!["T"]),
        (C::List, A::Brief, vec!["b"]),
        (C::Wizard, A::Choose, vec!["enter", "space"]),
        (C::Wizard, A::Up, vec!["k", "up"]),
        (C::Wizard, A::Down, vec!["j", "down"]),
        (C::Wizard, A::First, vec!["g", "home"]),
        (C::Wizard, A::Last, vec!["G", "end"]),
    ];
    t.extend(picks(C::Wizard));
    t.extend([
        (C::Wizard, A::PrevQuestion, vec!["[", "pgup"]),
        (C::Wizard, A::NextQuestion, vec!["]", "pgdn"]),
        (C::Wizard, A::NextMissing, vec!["m"]),
        (C::Wizard, A::CopyProofingToAuth, vec!["c"]),
        (C::Wizard, A::Note, vec!["N"]),
        (C::Wizard, A::HelpDown, vec!["ctrl-d"]),
        (C::Wizard, A::HelpUp, vec!["ctrl-u"]),
        (C::Wizard, A::NextGroup, vec![">"]),
        (C::Wizard, A::PrevGroup, vec!["<"]),
        (C::Wizard, A::RenameGroup, vec!["R"]),
        (C::Wizard, A::RemoveGroup, vec!["-"]),
        (C::Wizard, A::QuestionIndex, vec!["i"]),
        (C::Wizard, A::Export, vec!["x"]),
        (C::Wizard, A::Compare, vec!["C"]),
        (C::Wizard, A::Whatif, vec!["w"]),
        (C::Wizard, A::Brief, vec!["b"]),
        (C::Wizard, A::AddGroup, vec!["+"]),
        (C::Wizard, A::Statement, vec!["D"]),
        (C::Result, A::Up, vec!["k", "up"]),
        (C::Result, A::Down, vec!["j", "down"]),
        (C::Result, A::PageUp, vec!["pgup", "["]),
        (C::Result, A::PageDown, vec!["pgdn", "]"]),
        (C::Result, A::First, vec!["g", "home"]),
        (C::Result, A::Last, vec!["G", "end"]),
        (C::Result, A::Whatif, vec!["w"]),
        (C::Result, A::Brief, vec!["b"]),
        (C::Result, A::Compare, vec!["C"]),
        (C::Result, A::Export, vec!["x"]),
        (C::Result, A::Statement, vec!["D"]),
        (C::Dialog, A::Choose, vec!["enter"]),
        (C::Dialog, A::Back, vec!["esc"]),
        (C::Dialog, A::Quit, vec!["ctrl-c"]),
        (C::Dialog, A::Suspend, vec!["ctrl-z"]),
    ]);
    t.extend(scrolling(C::Help));
    t.extend([
        (C::Help, A::Back, vec!["q"]),
        (C::Help, A::Help, vec!["?", "F1"]),
    ]);
    t.extend(scrolling(C::Reader));
    t.push((C::Reader, A::Back, vec!["q"]));
    // A picker filters as it is typed: every letter and digit is the filter's, so it moves
    // by keys that type nothing (arrows, and the Ctrl keys of readline and vim alike), and
    // Esc, from the dialog's keys, closes it.
    t.extend([
        (C::Pick, A::Up, vec!["up", "ctrl-p", "ctrl-k"]),
        (C::Pick, A::Down, vec!["down", "ctrl-n", "ctrl-j"]),
        (C::Pick, A::PageUp, vec!["pgup"]),
        (C::Pick, A::PageDown, vec!["pgdn"]),
        (C::Pick, A::First, vec!["home"]),
        (C::Pick, A::Last, vec!["end"]),
        (C::Pick, A::DeleteBack, vec!["backspace"]),
        (C::Pick, A::DeleteWordBack, vec!["ctrl-w", "alt-backspace"]),
        (C::Pick, A::DeleteToStart, vec!["ctrl-u"]),
    ]);
    t.extend([
        (C::Confirm, A::Yes, vec!["y", "Y"]),
        (C::Confirm, A::No, vec!["n", "N"]),
        (C::Conflict, A::Reload, vec!["r", "R"]),
        (C::Conflict, A::KeepCopy, vec!["k", "K", "c"]),
        (C::Conflict, A::Overwrite, vec!["o", "O"]),
        (C::Done, A::Export, vec!["x"]),
        (C::Done, A::Compare, vec!["C"]),
        (C::Done, A::NextIncomplete, vec!["n", "]"]),
        (C::Done, A::Statement, vec!["D"]),
        (C::Done, A::Back, vec!["q"]),
        (C::Form, A::FocusNext, vec!["tab", "down"]),
        (C::Form, A::FocusPrev, vec!["backtab", "up"]),
        (C::Select, A::Left, vec!["left", "h"]),
        (C::Select, A::Right, vec!["right", "l", "space"]),
        (C::Select, A::Filter, vec!["/"]),
        (C::Text, A::Left, vec!["left", "ctrl-b"]),
        (C::Text, A::Right, vec!["right", "ctrl-f"]),
        (C::Text, A::Up, vec!["up"]),
        (C::Text, A::Down, vec!["down"]),
        (C::Text, A::LineStart, vec!["home", "ctrl-a"]),
        (C::Text, A::LineEnd, vec!["end", "ctrl-e"]),
        (C::Text, A::DeleteBack, vec!["backspace"]),
        (C::Text, A::DeleteForward, vec!["delete"]),
        (C::Text, A::DeleteWordBack, vec!["ctrl-w", "alt-backspace"]),
        (C::Text, A::DeleteToStart, vec!["ctrl-u"]),
        (C::Text, A::DeleteToEnd, vec!["ctrl-k"]),
        (C::Text, A::NewLine, vec!["alt-enter", "ctrl-j"]),
        (C::Statement, A::Up, vec!["k", "up"]),
        (C::Statement, A::Down, vec!["j", "down"]),
        (C::Statement, A::PageUp, vec!["pgup"]),
        (C::Statement, A::PageDown, vec!["pgdn"]),
        (C::Statement, A::First, vec!["g", "home"]),
        (C::Statement, A::Last, vec!["G", "end"]),
        (C::Statement, A::Left, vec!["h", "left"]),
        (C::Statement, A::Right, vec!["l", "right"]),
        (C::Statement, A::AddCompensating, vec!["c"]),
        (C::Statement, A::AddSupplemental, vec!["s"]),
        (C::Statement, A::Delete, vec!["d"]),
        (C::Statement, A::Undo, vec!["u"]),
        (C::Statement, A::Redo, vec!["ctrl-r"]),
        (C::Statement, A::Back, vec!["q"]),
        (C::Filter, A::Up, vec!["up"]),
        (C::Filter, A::Down, vec!["down"]),
        (C::Filter, A::FocusNext, vec!["tab"]),
    ]);
    t
}

fn is_printable(k: &Key) -> bool {
    matches!(k.code, KeyCode::Char(_)) && !k.ctrl && !k.alt
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
            // `down = ["j", "down"]` must not take the letter j from every text field.
            let keys: Vec<Key> = o
                .keys
                .iter()
                .copied()
                .filter(|k| o.context.is_some() || !TYPING.contains(&c) || !is_printable(k))
                .collect();
            // A key does one thing per context: the user's new binding takes it from the old.
            for b in self.bindings.iter_mut().filter(|b| b.context == c) {
                b.keys.retain(|k| !keys.contains(k));
            }
            match self
                .bindings
                .iter_mut()
                .find(|b| b.context == c && b.action == o.action)
            {
                Some(b) => b.keys = keys,
                None => self.bindings.push(Binding {
                    context: c,
                    action: o.action,
                    keys,
                }),
            }
        }
    }

    /// The action a key press asks for where the contexts of `chain` apply (first match
    /// wins). A key typed on the Thai layout finds the binding of the same key on a US layout,
    /// except where text is typed (`latin`: false), as a Thai letter is then a letter.
    pub fn action(&self, chain: &[Context], ev: &KeyEvent, latin: bool) -> Option<Action> {
        let key = Key::from_event(ev)?;
        self.lookup(chain, key).or_else(|| {
            if latin {
                self.lookup(chain, key.latin_equivalent()?)
            } else {
                None
            }
        })
    }

    /// The action bound to a key in the first context of `chain` that binds it.
    pub fn lookup(&self, chain: &[Context], key: Key) -> Option<Action> {
        chain.iter().find_map(|&c| {
            self.bindings
                .iter()
                .find(|b| b.context == c && b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    /// The keys that trigger an action where `chain` applies, as the user would press them:
    /// the first context of the chain that binds the action, less any key an earlier context
    /// takes for something else.
    pub fn keys_for(&self, chain: &[Context], action: Action) -> Vec<Key> {
        let keys = chain
            .iter()
            .find_map(|&c| {
                self.bindings
                    .iter()
                    .find(|b| b.context == c && b.action == action && !b.keys.is_empty())
                    .map(|b| b.keys.clone())
            })
            .unwrap_or_default();
        keys.into_iter()
            .filter(|k| self.lookup(chain, *k) == Some(action))
            .collect()
    }

    /// The ways out a keymap must keep, as (context, action) pairs that have no key left:
    /// quit and help in every pane, and in every dialog a way to close it and to quit.
    pub fn missing_ways_out(&self) -> Vec<(Context, Action)> {
        use Context as C;
        let panes = [C::List, C::Wizard, C::Result]
            .into_iter()
            .flat_map(|c| [(c, Action::Quit), (c, Action::Help)]);
        let dialogs = [
            C::Help,
            C::Reader,
            C::Pick,
            C::Confirm,
            C::Conflict,
            C::Form,
            C::Select,
            C::Text,
            C::Filter,
            C::Statement,
        ]
        .into_iter()
        .flat_map(|c| [(c, Action::Back), (c, Action::Quit)]);
        panes
            .chain(dialogs)
            .filter(|(c, a)| self.keys_for(chain(*c), *a).is_empty())
            .collect()
    }

    /// The bindings of one context (without those it falls back to), in table order,
    /// skipping actions the user unbound.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings
            .iter()
            .filter(move |b| b.context == context && !b.keys.is_empty())
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

    fn act(map: &Keymap, c: Context, ev: &KeyEvent) -> Option<Action> {
        map.action(chain(c), ev, true)
    }

    #[test]
    fn every_action_has_a_default_key() {
        let map = Keymap::defaults();
        for a in Action::all() {
            assert!(
                Context::all().any(|c| !map.keys_for(chain(c), a).is_empty()),
                "{a} has no default key"
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_where_it_is_pressed() {
        let map = Keymap::defaults();
        for c in Context::all() {
            let mut seen = HashSet::new();
            for b in map.bindings(c) {
                for k in &b.keys {
                    assert!(seen.insert(*k), "{k} bound twice in {c}");
                }
            }
        }
        // A pane never hides a global key by accident.
        for c in [Context::List, Context::Wizard, Context::Result] {
            let own: HashSet<Key> = map.bindings(c).flat_map(|b| b.keys.clone()).collect();
            for b in map.bindings(Context::Global) {
                for k in &b.keys {
                    assert!(!own.contains(k), "{k} in {c} shadows global {}", b.action);
                }
            }
        }
    }

    #[test]
    fn text_contexts_bind_no_printable_key() {
        let map = Keymap::defaults();
        for c in TYPING {
            for &ctx in chain(c) {
                if ctx == Context::Select {
                    continue;
                }
                for b in map.bindings(ctx) {
                    assert!(
                        b.keys.iter().all(|k| !is_printable(k)),
                        "{ctx} binds a letter to {}: it could not be typed",
                        b.action
                    );
                }
            }
        }
    }

    #[test]
    fn every_dialog_can_be_left_and_the_program_quit() {
        let map = Keymap::defaults();
        let esc = press(KeyCode::Esc);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for c in [
            Context::Help,
            Context::Reader,
            Context::Pick,
            Context::Confirm,
            Context::Conflict,
            Context::Form,
            Context::Select,
            Context::Text,
            Context::Filter,
            Context::Statement,
        ] {
            assert_eq!(act(&map, c, &esc), Some(Action::Back), "{c}");
            assert_eq!(act(&map, c, &ctrl_c), Some(Action::Quit), "{c}");
        }
    }

    #[test]
    fn vim_keys_and_arrows_both_work() {
        let map = Keymap::defaults();
        for c in [Context::List, Context::Wizard, Context::Result] {
            assert_eq!(act(&map, c, &ch('j')), Some(Action::Down));
            assert_eq!(act(&map, c, &press(KeyCode::Down)), Some(Action::Down));
            assert_eq!(act(&map, c, &ch('k')), Some(Action::Up));
            assert_eq!(act(&map, c, &press(KeyCode::Up)), Some(Action::Up));
            assert_eq!(act(&map, c, &ch('g')), Some(Action::First));
            assert_eq!(act(&map, c, &press(KeyCode::End)), Some(Action::Last));
            assert_eq!(act(&map, c, &ch('q')), Some(Action::Quit));
            assert_eq!(act(&map, c, &ch('?')), Some(Action::Help));
            assert_eq!(act(&map, c, &press(KeyCode::F(1))), Some(Action::Help));
        }
        assert_eq!(act(&map, Context::Wizard, &ch('3')), Some(Action::Pick3));
        // In a picker, letters and digits are its filter's; it moves by keys that type nothing.
        let typed = |c: char| map.action(chain(Context::Pick), &ch(c), false);
        for c in ['j', 'k', 'q', 'g', 'G', '3', ' ', 'ก'] {
            assert_eq!(typed(c), None, "{c:?} is typed in a picker");
        }
        let ctrl = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        for (ev, a) in [
            (ctrl('n'), Action::Down),
            (ctrl('j'), Action::Down),
            (press(KeyCode::Down), Action::Down),
            (ctrl('p'), Action::Up),
            (ctrl('k'), Action::Up),
            (press(KeyCode::PageDown), Action::PageDown),
            (press(KeyCode::Home), Action::First),
            (press(KeyCode::End), Action::Last),
            (press(KeyCode::Backspace), Action::DeleteBack),
            (ctrl('u'), Action::DeleteToStart),
            (press(KeyCode::Enter), Action::Choose),
            (press(KeyCode::Esc), Action::Back),
            (ctrl('c'), Action::Quit),
        ] {
            assert_eq!(
                map.action(chain(Context::Pick), &ev, false),
                Some(a),
                "{ev:?}"
            );
        }
        assert_eq!(
            act(&map, Context::Wizard, &press(KeyCode::PageDown)),
            Some(Action::NextQuestion)
        );
        assert_eq!(act(&map, Context::List, &ch('c')), Some(Action::Copy));
        assert_eq!(
            act(&map, Context::Wizard, &ch('c')),
            Some(Action::CopyProofingToAuth)
        );
        assert_eq!(
            act(&map, Context::Conflict, &ch('c')),
            Some(Action::KeepCopy)
        );
        assert_eq!(act(&map, Context::Confirm, &ch('y')), Some(Action::Yes));
    }

    #[test]
    fn the_acceptance_statement_keys() {
        let map = Keymap::defaults();
        for c in [Context::Wizard, Context::Result, Context::Done] {
            assert_eq!(act(&map, c, &ch('D')), Some(Action::Statement), "{c}");
        }
        let c = Context::Statement;
        assert_eq!(act(&map, c, &ch('j')), Some(Action::Down));
        assert_eq!(act(&map, c, &press(KeyCode::Up)), Some(Action::Up));
        assert_eq!(act(&map, c, &ch('G')), Some(Action::Last));
        assert_eq!(act(&map, c, &ch('h')), Some(Action::Left));
        assert_eq!(act(&map, c, &press(KeyCode::Right)), Some(Action::Right));
        assert_eq!(act(&map, c, &ch('c')), Some(Action::AddCompensating));
        assert_eq!(act(&map, c, &ch('s')), Some(Action::AddSupplemental));
        assert_eq!(act(&map, c, &ch('d')), Some(Action::Delete));
        assert_eq!(act(&map, c, &ch('u')), Some(Action::Undo));
        assert_eq!(act(&map, c, &ch('q')), Some(Action::Back));
        assert_eq!(act(&map, c, &press(KeyCode::Enter)), Some(Action::Choose));
        // While a field is typed, the letters are text.
        assert_eq!(map.action(chain(Context::Text), &ch('c'), false), None);
    }

    #[test]
    fn dialogs_do_not_fall_back_to_global_keys() {
        let map = Keymap::defaults();
        assert_eq!(act(&map, Context::Text, &ch('q')), None);
        assert_eq!(act(&map, Context::Confirm, &ch('u')), None);
        assert_eq!(act(&map, Context::Help, &ch('q')), Some(Action::Back));
    }

    #[test]
    fn thai_layout_keys_reach_latin_bindings_but_not_in_text() {
        let map = Keymap::defaults();
        assert_eq!(act(&map, Context::Wizard, &ch('่')), Some(Action::Down));
        assert_eq!(act(&map, Context::Wizard, &ch('๒')), Some(Action::Pick2));
        // ั is y on a US layout: in the delete confirmation it says yes, in a field it is typed.
        assert_eq!(act(&map, Context::Confirm, &ch('ั')), Some(Action::Yes));
        assert_eq!(map.action(chain(Context::Text), &ch('ั'), false), None);
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
            assert_eq!(act(&map, c, &ch('J')), Some(Action::Down));
            assert_eq!(act(&map, c, &ch('j')), None);
            assert_eq!(act(&map, c, &ch('q')), None);
        }
        // In a text field J is still a letter, and the arrow still moves.
        assert_eq!(act(&map, Context::Text, &ch('J')), None);
        assert_eq!(
            act(&map, Context::Text, &press(KeyCode::Down)),
            Some(Action::Down)
        );
        assert_eq!(act(&map, Context::Wizard, &ch('t')), Some(Action::Note));
        assert_eq!(act(&map, Context::Wizard, &ch('N')), None);
        assert!(
            map.keys_for(chain(Context::Wizard), Action::Quit)
                .is_empty()
        );
    }

    #[test]
    fn a_rebound_key_leaves_its_old_action() {
        let map = Keymap::with_overrides(&[KeyOverride {
            context: Some(Context::List),
            action: Action::Sort,
            keys: vec![Key::char('d')],
        }]);
        assert_eq!(act(&map, Context::List, &ch('d')), Some(Action::Sort));
        assert!(
            map.keys_for(chain(Context::List), Action::Delete)
                .is_empty()
        );
    }

    #[test]
    fn dialog_keys_are_remappable() {
        let map = Keymap::with_overrides(&[KeyOverride {
            context: Some(Context::Confirm),
            action: Action::Yes,
            keys: vec![Key::char('j')],
        }]);
        assert_eq!(act(&map, Context::Confirm, &ch('j')), Some(Action::Yes));
        assert_eq!(act(&map, Context::Confirm, &ch('y')), None);
        assert_eq!(
            map.keys_for(chain(Context::Confirm), Action::Yes),
            vec![Key::char('j')]
        );
    }

    #[test]
    fn keys_for_hides_shadowed_fallback_keys() {
        let map = Keymap::with_overrides(&[KeyOverride {
            context: Some(Context::Wizard),
            action: Action::Note,
            keys: vec![Key::char('q')],
        }]);
        assert_eq!(
            map.keys_for(chain(Context::Wizard), Action::Quit),
            vec![Key::ctrl('c')]
        );
        assert_eq!(
            map.keys_for(chain(Context::List), Action::Quit),
            vec![Key::char('q'), Key::ctrl('c')]
        );
    }
}
