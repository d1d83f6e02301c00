//! Everything the interface starts with, from the command line, the environment and
//! `config.toml`, with one order of precedence: flag, then environment, then config, then the
//! default. Problems found on the way are collected for the interface to show, never printed
//! over its screen.

use std::path::{Path, PathBuf};

use super::config;
use super::keys::Keymap;
use super::theme::{self, Theme, ThemeChoice};
use crate::diag::Diagnostic;
use crate::text::Lang;

/// What the command line and the environment ask of the interface.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// The language chosen for this run, and whether it was asked for explicitly (`--lang` or
    /// `XAL_LANG`) rather than read from the locale.
    pub lang: Lang,
    pub lang_explicit: bool,
    pub theme: Option<String>,
    /// `--no-color` given or `NO_COLOR` set.
    pub no_color: bool,
    pub ascii: bool,
    pub mouse: bool,
    /// The colours the terminal shows (`tui::caps`); the theme is mapped down to them.
    pub depth: super::caps::ColorDepth,
    /// `--ruleset`: the ruleset a new assessment starts with.
    pub ruleset: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub mouse: bool,
    /// The ruleset a new assessment starts with, if the user chose one.
    pub ruleset: Option<String>,
    pub config_dir: Option<PathBuf>,
    /// Problems in config.toml and theme files, each with its place.
    pub problems: Vec<Diagnostic>,
    /// When the interface commits in a git data dir.
    pub git_commit: crate::git::CommitWhen,
}

/// Reads `<config_dir>/config.toml` and the theme it names, under the flags.
pub fn resolve(flags: &Flags, config_dir: Option<&Path>) -> Settings {
    let loaded = config::load(config_dir);
    let cfg = loaded.config;
    let mut problems = loaded.diagnostics;
    let (theme, mut theme_problems) = theme::resolve(&ThemeChoice {
        name: flags.theme.clone().or(cfg.theme.clone()),
        no_color: flags.no_color || flags.depth == super::caps::ColorDepth::None,
        ascii: flags.ascii || cfg.ascii_borders,
        config_dir: config_dir.map(Path::to_path_buf),
    });
    let theme = theme.for_depth(flags.depth);
    problems.append(&mut theme_problems);
    let lang = if flags.lang_explicit {
        flags.lang
    } else {
        cfg.lang.unwrap_or(flags.lang)
    };
    Settings {
        lang,
        theme,
        keymap: Keymap::with_overrides(&cfg.keys),
        mouse: flags.mouse || cfg.mouse,
        ruleset: flags.ruleset.clone().or(cfg.ruleset.clone()),
        config_dir: config_dir.map(Path::to_path_buf),
        problems,
        git_commit: cfg.git_commit.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Context};
    use crate::tui::keys::{Key, chain};

    fn with_config(src: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), src).unwrap();
        dir
    }

    #[test]
    fn flags_beat_config_and_config_beats_locale() {
        let dir = with_config("lang = \"th\"\ntheme = \"light\"\nmouse = true\n");
        let locale_en = Flags::default();
        let s = resolve(&locale_en, Some(dir.path()));
        assert_eq!(s.lang, Lang::Th);
        assert_eq!(s.theme.name, "light");
        assert!(s.mouse);

        let explicit = Flags {
            lang: Lang::En,
            lang_explicit: true,
            theme: Some("high-contrast".into()),
            ascii: true,
            ..Flags::default()
        };
        let s = resolve(&explicit, Some(dir.path()));
        assert_eq!(s.lang, Lang::En);
        assert_eq!(s.theme.name, "high-contrast");
        assert!(s.theme.ascii);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn no_color_wins_over_every_theme() {
        let dir = with_config("theme = \"high-contrast\"\n");
        let s = resolve(
            &Flags {
                no_color: true,
                ..Flags::default()
            },
            Some(dir.path()),
        );
        assert_eq!(s.theme.name, "monochrome");
    }

    #[test]
    fn problems_from_config_and_theme_are_collected() {
        let dir = with_config("theme = \"nosuch\"\n[keys]\nquit = \"ctrl-q\"\nflter = \"f\"\n");
        let s = resolve(&Flags::default(), Some(dir.path()));
        assert_eq!(s.problems.len(), 2, "{:?}", s.problems);
        assert_eq!(
            s.keymap.keys_for(chain(Context::List), Action::Quit),
            vec![Key::ctrl('q')]
        );
        assert_eq!(s.theme, Theme::default());
    }

    #[test]
    fn no_config_dir_means_defaults() {
        let s = resolve(&Flags::default(), None);
        assert_eq!(s.keymap, Keymap::defaults());
        assert!(s.problems.is_empty());
    }
}
