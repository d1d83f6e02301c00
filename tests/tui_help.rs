//! The help popup and footer hints, drawn from the keymap, as the user sees them at 80×24.

mod support;

use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use xal::text::Lang;
use xal::tui::help::{HelpPopup, footer_line};
use xal::tui::keymap::{Action, Context, Key, KeyOverride, Keymap};
use xal::tui::theme::Theme;

fn help_screen(keymap: &Keymap, lang: Lang, theme: &Theme, scroll: usize) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| {
        f.render_widget(
            HelpPopup {
                keymap,
                lang,
                theme,
                scroll,
            },
            f.area(),
        )
    })
    .unwrap();
    t
}

#[test]
fn help_popup_in_english() {
    let t = help_screen(&Keymap::defaults(), Lang::En, &Theme::default(), 0);
    assert_snapshot!(t.backend());
}

#[test]
fn help_popup_in_thai() {
    let t = help_screen(&Keymap::defaults(), Lang::Th, &Theme::default(), 0);
    assert_snapshot!(t.backend());
}

#[test]
fn help_popup_scrolled_to_the_end_in_thai() {
    let t = help_screen(&Keymap::defaults(), Lang::Th, &Theme::default(), usize::MAX);
    assert_snapshot!(t.backend());
}

#[test]
fn help_popup_with_ascii_borders_and_user_keys() {
    let keymap = Keymap::with_overrides(&[
        KeyOverride {
            context: None,
            action: Action::Quit,
            keys: vec![Key::ctrl('q')],
        },
        KeyOverride {
            context: None,
            action: Action::Help,
            keys: vec![Key::parse("F2").unwrap()],
        },
    ]);
    let t = help_screen(&keymap, Lang::En, &Theme::monochrome().with_ascii(true), 0);
    assert_snapshot!(t.backend());
}

#[test]
fn help_keys_are_drawn_in_the_key_style() {
    let theme = Theme::default();
    let t = help_screen(&Keymap::defaults(), Lang::En, &theme, 0);
    let area = HelpPopup::area(Rect::new(0, 0, 80, 24));
    let buf = t.backend().buffer();
    // First row of the first section: " ?, F1".
    let cell = &buf[(area.x + 2, area.y + 2)];
    assert_eq!(cell.symbol(), "?");
    assert_eq!(cell.fg, theme.key.fg.unwrap());
    assert!(cell.modifier.contains(Modifier::BOLD));
}

#[test]
fn footers_at_80_columns() {
    let keymap = Keymap::defaults();
    let theme = Theme::default();
    let mut out = String::new();
    for lang in [Lang::En, Lang::Th] {
        for c in [
            Context::List,
            Context::Wizard,
            Context::Result,
            Context::Dialog,
        ] {
            let line = footer_line(&keymap, c, lang, &theme, 80);
            out.push_str(&format!("{lang:?} {c}: {line}\n"));
        }
    }
    assert_snapshot!(out);
}
