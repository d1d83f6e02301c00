//! Key hints, read from the keymap in force so they show the keys that actually work — the
//! user's own bindings included: the footer line, a dialog's own hint line, and the sections
//! of the `?` help popup.

use std::borrow::Cow;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::i18n;
use super::keys::key::Key;
use super::keys::keymap::{Keymap, chain};
use super::widgets::wrap;
use crate::app::{Action, Context};
use crate::text::Lang;

/// One hint: the key to press and what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub action: Action,
    pub key: String,
    pub label: Cow<'static, str>,
}

impl Hint {
    fn width(&self) -> usize {
        wrap::width(&self.key) + 1 + wrap::width(&self.label)
    }
}

/// True when picks 1–9 are bound to exactly their digits here, so a hint can say "1-9" once.
fn digits_are_picks(keymap: &Keymap, contexts: &[Context]) -> bool {
    (1..=9u8).all(|n| {
        Action::pick(usize::from(n))
            .is_some_and(|a| keymap.keys_for(contexts, a) == [Key::char(char::from(b'0' + n))])
    })
}

/// The hints for `actions` where `contexts` apply; actions with no key left are skipped.
pub fn hints(keymap: &Keymap, contexts: &[Context], actions: &[Action], lang: Lang) -> Vec<Hint> {
    let here = contexts.first().copied().unwrap_or(Context::Global);
    actions
        .iter()
        .filter_map(|&action| {
            if action == Action::Pick1 && digits_are_picks(keymap, contexts) {
                return Some(Hint {
                    action,
                    key: "1-9".into(),
                    label: Cow::Borrowed(i18n::pick_range_hint(lang)),
                });
            }
            let key = keymap.keys_for(contexts, action).first()?.to_string();
            Some(Hint {
                action,
                key,
                label: i18n::action_hint(action, here, lang),
            })
        })
        .collect()
}

const GAP: usize = 2;

/// Hints that stay however narrow the line: the way to every other key, the way out, and the
/// other language for a reader of the other language.
fn always_shown(a: Action) -> bool {
    matches!(
        a,
        Action::Help | Action::Quit | Action::ToggleLang | Action::Back
    )
}

/// The hints fitted to `width` cells: when not all fit, later ones go first, but help, quit,
/// back and the language switch stay.
pub fn line(hints: Vec<Hint>, key_style: Style, width: usize) -> Line<'static> {
    line_where(hints, key_style, width, |_| true)
}

/// [`line()`], where the keys of actions that do not apply now (`applies` false) are not in
/// the key style but dimmed: shown as unavailable, the line the same width.
pub fn line_where(
    mut hints: Vec<Hint>,
    key_style: Style,
    width: usize,
    applies: impl Fn(Action) -> bool,
) -> Line<'static> {
    let total = |h: &[Hint]| -> usize {
        h.iter().map(Hint::width).sum::<usize>() + GAP * h.len().saturating_sub(1)
    };
    while total(&hints) > width {
        let Some(i) = hints.iter().rposition(|h| !always_shown(h.action)) else {
            break;
        };
        hints.remove(i);
    }
    let mut spans = Vec::new();
    for (i, h) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" ".repeat(GAP)));
        }
        let style = if applies(h.action) {
            key_style
        } else {
            Style::default().add_modifier(Modifier::DIM)
        };
        spans.push(Span::styled(h.key, style));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(h.label));
    }
    Line::from(spans)
}

/// Actions that only mean something when the data dir is a git repository.
pub fn needs_repo(a: Action) -> bool {
    matches!(a, Action::Sync | Action::History)
}

/// One row of the help popup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRow {
    pub action: Action,
    pub keys: String,
    pub text: Cow<'static, str>,
}

/// Every binding, context by context, in table order.
pub fn help_sections(keymap: &Keymap, lang: Lang) -> Vec<(Context, Vec<HelpRow>)> {
    Context::all()
        .map(|c| {
            let contexts = chain(c);
            let merged_picks = digits_are_picks(keymap, contexts);
            let mut rows = Vec::new();
            for b in keymap.bindings(c) {
                if let Some(i) = b.action.pick_index()
                    && merged_picks
                {
                    if i == 0 {
                        rows.push(HelpRow {
                            action: b.action,
                            keys: "1-9".into(),
                            text: Cow::Borrowed(i18n::pick_range_help(c, lang)),
                        });
                    }
                    continue;
                }
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .filter(|k| keymap.lookup(contexts, **k) == Some(b.action))
                    .map(Key::to_string)
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                rows.push(HelpRow {
                    action: b.action,
                    keys: keys.join(", "),
                    text: i18n::action_help(b.action, c, lang),
                });
            }
            (c, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::KeyOverride;

    const LIST: &[Action] = &[Action::Open, Action::Filter, Action::New, Action::Help];

    #[test]
    fn hints_follow_user_bindings() {
        let map = Keymap::with_overrides(&[
            KeyOverride {
                context: None,
                action: Action::Filter,
                keys: vec![Key::char('f')],
            },
            KeyOverride {
                context: None,
                action: Action::New,
                keys: vec![],
            },
        ]);
        let hints = hints(&map, chain(Context::List), LIST, Lang::En);
        let filter = hints.iter().find(|h| h.action == Action::Filter).unwrap();
        assert_eq!(filter.key, "f");
        assert!(hints.iter().all(|h| h.action != Action::New));
    }

    #[test]
    fn a_narrow_line_keeps_help_and_quit() {
        let map = Keymap::defaults();
        let all = [
            Action::Choose,
            Action::Pick1,
            Action::NextQuestion,
            Action::Note,
            Action::ToggleLang,
            Action::Help,
            Action::Quit,
        ];
        for width in [10, 30, 50, 80, 200] {
            let h = hints(&map, chain(Context::Wizard), &all, Lang::Th);
            let text = line(h, Style::new(), width).to_string();
            assert!(text.contains("? "), "{width}: {text}");
            assert!(text.contains("q "), "{width}: {text}");
            if width >= 30 {
                assert!(wrap::width(&text) <= width, "{width}: {text}");
            }
        }
        let h = hints(&map, chain(Context::Wizard), &all, Lang::En);
        let wide = line(h, Style::new(), 200).to_string();
        assert!(wide.starts_with("Enter choose  1-9 pick  ] next"), "{wide}");
    }

    #[test]
    fn the_same_action_is_named_for_where_it_is() {
        let map = Keymap::defaults();
        let pane = hints(&map, chain(Context::List), &[Action::FocusNext], Lang::En);
        let form = hints(&map, chain(Context::Form), &[Action::FocusNext], Lang::En);
        assert_eq!(pane[0].label, "next pane");
        assert_eq!(form[0].label, "next field");
    }

    #[test]
    fn help_merges_digit_picks_and_lists_every_context() {
        let map = Keymap::defaults();
        let sections = help_sections(&map, Lang::En);
        let wizard = &sections
            .iter()
            .find(|(c, _)| *c == Context::Wizard)
            .unwrap()
            .1;
        assert_eq!(wizard.iter().filter(|r| r.keys == "1-9").count(), 1);
        assert!(wizard.iter().any(|r| r.keys == "k, Up"));
        let global = &sections[0].1;
        assert_eq!(global[0].keys, "?, F1");
        assert_eq!(global[1].keys, "q, Ctrl-c");
        let confirm = &sections
            .iter()
            .find(|(c, _)| *c == Context::Confirm)
            .unwrap()
            .1;
        assert_eq!(confirm[0].keys, "y, Y");
    }

    #[test]
    fn help_shows_a_rebound_key_and_not_the_old_one() {
        let map = Keymap::with_overrides(&[KeyOverride {
            context: Some(Context::Wizard),
            action: Action::Pick3,
            keys: vec![Key::char('x')],
        }]);
        let sections = help_sections(&map, Lang::En);
        let wizard = &sections
            .iter()
            .find(|(c, _)| *c == Context::Wizard)
            .unwrap()
            .1;
        assert!(wizard.iter().all(|r| r.keys != "1-9"));
        assert!(
            wizard
                .iter()
                .any(|r| r.keys == "x" && r.text == "Pick option 3")
        );
    }
}
