//! The footer's key hints and the `?` help popup, both read from the keymap in force, so they
//! show the keys that actually work — the user's own bindings included.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::i18n::{self, Msg};
use super::keymap::{Action, Context, Key, Keymap};
use super::theme::Theme;
use super::wrap;
use crate::text::Lang;

/// The actions the footer offers per context, most useful first.
fn footer_actions(context: Context) -> &'static [Action] {
    use Action as A;
    match context {
        Context::List => &[
            A::Open,
            A::Filter,
            A::New,
            A::Edit,
            A::Copy,
            A::Delete,
            A::Sort,
            A::FocusNext,
            A::ToggleLang,
            A::Help,
            A::Quit,
        ],
        Context::Wizard => &[
            A::Choose,
            A::Pick(1),
            A::NextQuestion,
            A::PrevQuestion,
            A::NextMissing,
            A::Note,
            A::CopyProofingToAuth,
            A::Undo,
            A::FocusNext,
            A::ToggleLang,
            A::Help,
            A::Quit,
        ],
        Context::Result => &[
            A::Whatif,
            A::Compare,
            A::Export,
            A::FocusNext,
            A::ToggleLang,
            A::Help,
            A::Quit,
        ],
        Context::Dialog => &[A::Choose, A::Back, A::FocusNext],
        Context::Global => &[A::Help, A::Quit],
    }
}

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

/// True when picks 1–9 are bound to exactly their digits here, so help can say "1-9" once.
fn digits_are_picks(keymap: &Keymap, context: Context) -> bool {
    (1..=9u8)
        .all(|n| keymap.keys_for(context, Action::Pick(n)) == [Key::char(char::from(b'0' + n))])
}

/// The footer's hints for a context: actions with no key left are skipped.
pub fn footer_hints(keymap: &Keymap, context: Context, lang: Lang) -> Vec<Hint> {
    footer_actions(context)
        .iter()
        .filter_map(|&action| {
            if action == Action::Pick(1) && digits_are_picks(keymap, context) {
                return Some(Hint {
                    action,
                    key: "1-9".into(),
                    label: Cow::Borrowed(match lang {
                        Lang::Th => "เลือกข้อ",
                        Lang::En => "pick",
                    }),
                });
            }
            let key = keymap.keys_for(context, action).first()?.to_string();
            Some(Hint {
                action,
                key,
                label: i18n::action_hint(action, lang),
            })
        })
        .collect()
}

const GAP: usize = 2;

/// Hints that stay however narrow the footer: the way to every other key, the way out, and
/// the other language for a reader of the other language.
fn always_shown(a: Action) -> bool {
    matches!(a, Action::Help | Action::Quit | Action::ToggleLang)
}

/// The footer line fitted to `width` cells: when not all hints fit, later ones go first, but
/// help, quit and the language switch always stay.
pub fn footer_line(
    keymap: &Keymap,
    context: Context,
    lang: Lang,
    theme: &Theme,
    width: usize,
) -> Line<'static> {
    let mut hints = footer_hints(keymap, context, lang);
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
        spans.push(Span::styled(h.key, theme.key));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(h.label));
    }
    Line::from(spans).style(theme.footer)
}

/// One row of the help popup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub text: Cow<'static, str>,
}

/// Every binding, context by context, in table order.
pub fn help_sections(keymap: &Keymap, lang: Lang) -> Vec<(Context, Vec<HelpRow>)> {
    Context::ALL
        .into_iter()
        .map(|c| {
            let merged_picks = digits_are_picks(keymap, c);
            let mut rows = Vec::new();
            for b in keymap.bindings(c) {
                if let Action::Pick(n) = b.action
                    && merged_picks
                {
                    if n == 1 {
                        rows.push(HelpRow {
                            keys: "1-9".into(),
                            text: Cow::Borrowed(i18n::pick_range_help(lang)),
                        });
                    }
                    continue;
                }
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .filter(|k| keymap.lookup(c, **k) == Some(b.action))
                    .map(Key::to_string)
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                rows.push(HelpRow {
                    keys: keys.join(", "),
                    text: i18n::action_help(b.action, lang),
                });
            }
            (c, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

/// The `?` popup: a centred box listing every key, scrolled by `scroll` lines.
pub struct HelpPopup<'a> {
    pub keymap: &'a Keymap,
    pub lang: Lang,
    pub theme: &'a Theme,
    pub scroll: usize,
}

impl HelpPopup<'_> {
    /// Where the popup goes inside the screen.
    pub fn area(screen: Rect) -> Rect {
        let w = screen.width.saturating_sub(4).min(76);
        let h = screen.height.saturating_sub(2);
        Rect::new(
            screen.x + (screen.width - w) / 2,
            screen.y + (screen.height - h) / 2,
            w,
            h,
        )
    }

    /// The largest useful `scroll` on a screen of this size.
    pub fn max_scroll(&self, screen: Rect) -> usize {
        let area = HelpPopup::area(screen);
        let inner_w = usize::from(area.width.saturating_sub(2));
        let inner_h = usize::from(area.height.saturating_sub(2));
        self.lines(inner_w).len().saturating_sub(inner_h)
    }

    /// The content lines for an inner width, for drawing and for the scroll limit.
    pub fn lines(&self, inner_width: usize) -> Vec<Line<'static>> {
        let sections = help_sections(self.keymap, self.lang);
        let key_col = sections
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|r| wrap::width(&r.keys)))
            .max()
            .unwrap_or(0)
            .min(18);
        let text_width = inner_width.saturating_sub(key_col + 3).max(8);
        let mut lines = Vec::new();
        for (i, (context, rows)) in sections.iter().enumerate() {
            if i > 0 {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(
                i18n::context_name(*context, self.lang),
                self.theme.title,
            ));
            for row in rows {
                let pad = key_col.saturating_sub(wrap::width(&row.keys));
                for (j, piece) in wrap::display(&row.text, text_width).into_iter().enumerate() {
                    let keys = if j == 0 {
                        Span::styled(format!(" {}{}", row.keys, " ".repeat(pad)), self.theme.key)
                    } else {
                        Span::raw(" ".repeat(key_col + 1))
                    };
                    lines.push(Line::from(vec![
                        keys,
                        Span::raw("  "),
                        Span::raw(piece.to_string()),
                    ]));
                }
            }
        }
        lines
    }
}

impl Widget for HelpPopup<'_> {
    fn render(self, screen: Rect, buf: &mut Buffer) {
        let area = HelpPopup::area(screen);
        if area.width < 3 || area.height < 3 {
            return;
        }
        Clear.render(area, buf);
        let closers: Vec<String> = [
            (Context::Dialog, Action::Back),
            (Context::Global, Action::Help),
        ]
        .iter()
        .filter_map(|(c, a)| self.keymap.keys_for(*c, *a).first().map(Key::to_string))
        .collect();
        let dash = if self.theme.ascii { "-" } else { "—" };
        let title = format!(
            "{} {dash} {}",
            Msg::HelpTitle.text(self.lang),
            i18n::close_with(&closers, self.lang)
        );
        let block = self.theme.block(title, true);
        let inner = block.inner(area);
        let lines = self.lines(usize::from(inner.width));
        let height = usize::from(inner.height);
        let scroll = self.scroll.min(lines.len().saturating_sub(height));
        let more = lines.len() > scroll + height;
        let block = if more {
            block.title_bottom(
                Line::styled(
                    format!(" {} ", Msg::HelpMore.text(self.lang)),
                    self.theme.muted,
                )
                .right_aligned(),
            )
        } else {
            block
        };
        let shown: Vec<Line<'static>> = lines.into_iter().skip(scroll).take(height).collect();
        Paragraph::new(shown)
            .style(Style::new().patch(self.theme.text))
            .block(block)
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::KeyOverride;

    #[test]
    fn footer_hints_follow_user_bindings() {
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
        let hints = footer_hints(&map, Context::List, Lang::En);
        let filter = hints.iter().find(|h| h.action == Action::Filter).unwrap();
        assert_eq!(filter.key, "f");
        assert!(hints.iter().all(|h| h.action != Action::New));
    }

    #[test]
    fn footer_keeps_help_and_quit_when_narrow() {
        let map = Keymap::defaults();
        let theme = Theme::default();
        for width in [10, 30, 50, 80, 200] {
            let line = footer_line(&map, Context::Wizard, Lang::Th, &theme, width);
            let text = line.to_string();
            assert!(text.contains("? "), "{width}: {text}");
            assert!(text.contains("q "), "{width}: {text}");
            if width >= 30 {
                assert!(wrap::width(&text) <= width, "{width}: {text}");
            }
        }
        let wide = footer_line(&map, Context::Wizard, Lang::En, &theme, 200).to_string();
        assert!(wide.starts_with("Enter choose  1-9 pick  ] next"), "{wide}");
    }

    #[test]
    fn help_merges_digit_picks_and_lists_every_binding() {
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
    }

    #[test]
    fn scrolling_stops_at_the_last_page() {
        let map = Keymap::defaults();
        let theme = Theme::default();
        let popup = HelpPopup {
            keymap: &map,
            lang: Lang::Th,
            theme: &theme,
            scroll: 0,
        };
        let screen = Rect::new(0, 0, 80, 24);
        let max = popup.max_scroll(screen);
        assert!(max > 0);
        assert_eq!(popup.lines(74).len() - max, 20);
        assert_eq!(
            HelpPopup { scroll: 0, ..popup }.max_scroll(Rect::new(0, 0, 80, 200)),
            0
        );
    }

    #[test]
    fn help_shows_a_rebound_key_and_not_the_old_one() {
        let map = Keymap::with_overrides(&[KeyOverride {
            context: Some(Context::Wizard),
            action: Action::Pick(3),
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
