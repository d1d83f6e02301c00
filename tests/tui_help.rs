//! The help popup and the hint lines, drawn from the keymap through the real app and view, as
//! the user sees them at 80×24.

use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use xal::app::{Action, App, Env, Event, Init, Pane};
use xal::ruleset::registry::Registry;
use xal::text::Lang;
use xal::tui::keys::{Key, KeyOverride, Keymap};
use xal::tui::layout;
use xal::tui::theme::Theme;
use xal::tui::view::{View, footer_actions};

struct Screen {
    app: App,
    view: View,
    term: Terminal<TestBackend>,
}

impl Screen {
    fn new(keymap: Keymap, lang: Lang, theme: Theme) -> Screen {
        let app = App::new(Init {
            registry: Registry::builtin(),
            data_dir: "/data".into(),
            lang,
            default_ruleset: "dgs-1-2-2564".into(),
            ..Init::default()
        });
        Screen {
            app,
            view: View::new(theme, keymap),
            term: Terminal::new(TestBackend::new(80, 24)).unwrap(),
        }
    }

    fn act(&mut self, event: Event) {
        let env = Env {
            now: xal::clock::now(),
        };
        let effects = self.app.handle(event, &env);
        // Help writes nothing but the view remembered for the next start.
        assert!(
            effects
                .iter()
                .all(|e| matches!(e, xal::app::Effect::RememberView(_))),
            "{effects:?}"
        );
    }

    /// Draws, and hands the app what the frame measured, as the main loop does.
    fn draw(&mut self) {
        loop {
            let (app, view) = (&self.app, &mut self.view);
            let mut m = Default::default();
            self.term.draw(|f| m = view.draw(f, app)).unwrap();
            self.act(Event::Measured(m));
            if !self.app.take_redraw() {
                break;
            }
        }
    }

    fn help(keymap: Keymap, lang: Lang, theme: Theme) -> Screen {
        let mut s = Screen::new(keymap, lang, theme);
        s.act(Event::Action(Action::Help));
        s.draw();
        s
    }
}

#[test]
fn help_popup_in_english() {
    let s = Screen::help(Keymap::defaults(), Lang::En, Theme::default());
    assert_snapshot!(s.term.backend());
}

#[test]
fn help_popup_in_thai() {
    let s = Screen::help(Keymap::defaults(), Lang::Th, Theme::default());
    assert_snapshot!(s.term.backend());
}

#[test]
fn help_popup_scrolled_to_the_end_in_thai() {
    let mut s = Screen::help(Keymap::defaults(), Lang::Th, Theme::default());
    s.act(Event::Action(Action::Last));
    s.draw();
    assert_snapshot!(s.term.backend());
    // At the end, one key back up moves at once: nothing was scrolled past the end.
    let xal::app::Popup::Help(h) = s.app.popup.as_ref().unwrap() else {
        panic!("help closed")
    };
    let end = h.scroll.offset();
    assert!(end > 0);
    for _ in 0..5 {
        s.act(Event::Action(Action::Down));
    }
    s.act(Event::Action(Action::Up));
    let xal::app::Popup::Help(h) = s.app.popup.as_ref().unwrap() else {
        panic!("help closed")
    };
    assert_eq!(h.scroll.offset(), end - 1);
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
    let s = Screen::help(keymap, Lang::En, Theme::monochrome().with_ascii(true));
    assert_snapshot!(s.term.backend());
}

#[test]
fn help_keys_are_drawn_in_the_key_style() {
    let theme = Theme::default();
    let s = Screen::help(Keymap::defaults(), Lang::En, theme.clone());
    let area = layout::areas(&s.app, ratatui::layout::Rect::new(0, 0, 80, 24))
        .popup
        .expect("help is open");
    let buf = s.term.backend().buffer();
    // Opened from the list, at its section: the first row is " Enter".
    let cell = &buf[(area.x + 2, area.y + 2)];
    assert_eq!(cell.symbol(), "E");
    assert_eq!(cell.fg, theme.key.fg.unwrap());
    assert!(cell.modifier.contains(Modifier::BOLD));
}

#[test]
fn help_opens_at_the_section_of_the_pane_it_was_asked_from() {
    let row = |s: &Screen, y: u16| -> String {
        let buf = s.term.backend().buffer();
        (0..80).map(|x| buf[(x, y)].symbol()).collect()
    };
    let mut s = Screen::new(Keymap::defaults(), Lang::En, Theme::default());
    s.act(Event::Action(Action::Help));
    s.draw();
    assert!(row(&s, 2).contains("Service list"), "{}", row(&s, 2));
    // Scrolling up from there reaches the keys of every pane.
    s.act(Event::Action(Action::First));
    s.draw();
    assert!(row(&s, 2).contains("In every pane"), "{}", row(&s, 2));
    s.act(Event::Action(Action::Back));
    s.app.focus = Pane::Result;
    s.act(Event::Action(Action::Help));
    s.draw();
    assert!(row(&s, 2).contains("Result"), "{}", row(&s, 2));
}

#[test]
fn footers_at_80_columns() {
    let mut out = String::new();
    for lang in [Lang::En, Lang::Th] {
        let mut s = Screen::new(Keymap::defaults(), lang, Theme::default());
        for (name, pane) in [
            ("list", Pane::List),
            ("wizard", Pane::Wizard),
            ("result", Pane::Result),
        ] {
            s.app.focus = pane;
            s.draw();
            let buf = s.term.backend().buffer();
            let footer: String = (0..80).map(|x| buf[(x, 23)].symbol()).collect();
            out.push_str(&format!("{lang:?} {name}: {}\n", footer.trim_end()));
            assert!(!footer_actions(&s.app).is_empty());
        }
        s.app.focus = Pane::List;
        for (name, action) in [("new", Action::New), ("help", Action::Help)] {
            s.act(Event::Action(action));
            s.draw();
            let buf = s.term.backend().buffer();
            let footer: String = (0..80).map(|x| buf[(x, 23)].symbol()).collect();
            out.push_str(&format!("{lang:?} {name}: {}\n", footer.trim_end()));
            s.act(Event::Action(Action::Back));
        }
    }
    assert_snapshot!(out);
}
