//! A user's config.toml from the file to the keys that work and the hints shown, and each kind
//! of mistake with the exact message a person sees.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use xal::app::{Action, Context};
use xal::text::Lang;
use xal::tui::config;
use xal::tui::hints::{help_sections, hints};
use xal::tui::keys::{Keymap, chain};

fn ch(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn user_keys_work_and_show_in_hints_and_help() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "lang = \"th\"\n[keys]\nfilter = [\"f\", \"/\"]\n[keys.wizard]\nnext_missing = \"M\"\n",
    )
    .unwrap();
    let loaded = config::load(Some(dir.path()));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.config.lang, Some(Lang::Th));
    let keymap = Keymap::with_overrides(&loaded.config.keys);

    assert_eq!(
        keymap.action(chain(Context::List), &ch('f'), true),
        Some(Action::Filter)
    );
    assert_eq!(
        keymap.action(chain(Context::Wizard), &ch('M'), true),
        Some(Action::NextMissing)
    );
    assert_eq!(keymap.action(chain(Context::Wizard), &ch('m'), true), None);

    let hints = hints(&keymap, chain(Context::List), &[Action::Filter], Lang::Th);
    let filter = hints.iter().find(|h| h.action == Action::Filter).unwrap();
    assert_eq!(filter.key, "f");
    let wizard_hints = xal::tui::hints::hints(
        &keymap,
        chain(Context::Wizard),
        &[Action::NextMissing],
        Lang::Th,
    );
    assert_eq!(
        wizard_hints
            .iter()
            .find(|h| h.action == Action::NextMissing)
            .unwrap()
            .key,
        "M"
    );
    let sections = help_sections(&keymap, Lang::En);
    let list = &sections
        .iter()
        .find(|(c, _)| *c == Context::List)
        .unwrap()
        .1;
    assert!(list.iter().any(|r| r.keys == "f, /"));
}

/// One file per mistake, each with the one whole message it must give: file, line, column and
/// text.
#[test]
fn each_mistake_names_its_place() {
    let cases: &[(&str, usize, usize, &str)] = &[
        // The TOML parser's own words: an unquoted value that starts with `t` reads as a boolean.
        ("lang = th\n", 1, 8, "invalid boolean, expected `true`"),
        (
            "theme = 3\n",
            1,
            9,
            "theme is the name of a theme, such as \"light\"",
        ),
        ("mouse = \"on\"\n", 1, 9, "mouse is true or false"),
        (
            "[record]\nreview_months = 200\n",
            2,
            17,
            "record.review_months is a whole number of months from 1 to 120",
        ),
        (
            "colour = true\n",
            1,
            1,
            "unknown setting `colour` (settings: lang, theme, mouse, ascii_borders, ruleset, keys, git, record)",
        ),
        (
            "[keys]\nhelpp = \"h\"\n",
            2,
            1,
            "unknown action `helpp` (did you mean `help`?)",
        ),
        (
            "[keys]\nhelp = \"ctl-h\"\n",
            2,
            8,
            "unknown modifier `ctl` in key `ctl-h`",
        ),
        ("[keys]\nhelp = \"F0\"\n", 2, 8, "unknown key `F0`"),
        (
            "[keys.popup]\nhelp = \"h\"\n",
            1,
            7,
            "unknown context `popup` (global, list, wizard, result, dialog, help, reader, pick, confirm, conflict, form, select, text, filter, done, statement)",
        ),
        (
            "[keys]\npick_0 = \"0\"\n",
            2,
            1,
            "unknown action `pick_0` (did you mean `pick_1`?)",
        ),
    ];
    for &(src, line, column, message) in cases {
        let (cfg, diags) = config::parse(Path::new("config.toml"), src);
        let got: Vec<(PathBuf, usize, usize, &str)> = diags
            .iter()
            .map(|d| (d.file.clone(), d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [(PathBuf::from("config.toml"), line, column, message)],
            "{src:?}"
        );
        assert_eq!(
            diags[0].to_string(),
            format!("config.toml:{line}:{column}: {message}"),
            "{src:?}: the line a person reads"
        );
        assert!(cfg.keys.is_empty(), "{src:?}: no key bound from a mistake");
    }
}

#[test]
fn the_interface_reads_the_record_settings_xal_approve_reads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "theme = \"light\"\n[record]\nreview_months = 24\n",
    )
    .unwrap();
    let loaded = config::load(Some(dir.path()));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.config.record.review_months, 24);
    assert_eq!(loaded.config.theme.as_deref(), Some("light"));
    assert_eq!(
        xal::record::settings::load(Some(dir.path())).0,
        loaded.config.record
    );
}
