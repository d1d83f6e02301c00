//! The user's settings: `<config dir>/config.toml`. Every problem is reported with its file,
//! line and column, and only the broken setting falls back to its default: one typo in `[keys]`
//! does not throw away the theme.
//!
//! ```toml
//! lang = "th"              # th or en; --lang and XAL_LANG win over it
//! theme = "light"          # default, light, high-contrast, monochrome, or <config dir>/themes/NAME.toml
//! mouse = false
//! ascii_borders = false
//! ruleset = "nist-800-63-3" # the ruleset a new assessment starts with
//!
//! [record]                 # read by crate::record::settings, for xal approve too
//! review_months = 12       # 1 to 120
//!
//! [keys]                   # action = key, or a list of keys; [] unbinds
//! down = ["j", "down", "ctrl-n"]
//! quit = "ctrl-q"
//!
//! [keys.wizard]            # only in one context: global, list, wizard, result, dialog
//! note = "t"
//! ```

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::keys::{Key, KeyOverride, Keymap, chain};
use crate::app::{Action, Context};
use crate::diag::Diagnostic;
use crate::store::ConfigDir;
use crate::text::Lang;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    pub lang: Option<Lang>,
    pub theme: Option<String>,
    pub mouse: bool,
    pub ascii_borders: bool,
    pub keys: Vec<KeyOverride>,
    /// The ruleset a new assessment starts with; `--ruleset` wins over it.
    pub ruleset: Option<String>,
    /// `[git] commit = "each-save" | "on-quit" | "manual"` (in a repository; default on-quit).
    pub git_commit: Option<crate::git::CommitWhen>,
    /// `[record]`, read by `crate::record::settings` (`xal approve` reads it too).
    pub record: crate::record::settings::RecordSettings,
}

/// A config as read, with where it came from and what was wrong in it.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

const SETTINGS: &str = "lang, theme, mouse, ascii_borders, ruleset, keys, git, record";

/// Reads `<dir>/config.toml` (through the store); no file is no problem, just the defaults.
pub fn load(dir: Option<&Path>) -> Loaded {
    let Some(dir) = dir else {
        return Loaded::default();
    };
    let config_dir = ConfigDir::open(dir);
    let path = config_dir.config_path();
    match config_dir.read_config() {
        Ok(Some(file)) => {
            let (config, diagnostics) = parse(&file.path, &file.text);
            Loaded {
                config,
                path: Some(file.path),
                diagnostics,
            }
        }
        Ok(None) => Loaded {
            path: Some(path),
            ..Loaded::default()
        },
        Err(e) => Loaded {
            diagnostics: vec![e.diagnostic()],
            path: Some(path),
            ..Loaded::default()
        },
    }
}

/// Parses the text of a config file named `path` (used in messages).
pub fn parse(path: &Path, src: &str) -> (Config, Vec<Diagnostic>) {
    let mut config = Config::default();
    let table = match DeTable::parse(src) {
        Ok(t) => t,
        Err(e) => return (config, vec![Diagnostic::from_toml(path, src, &e)]),
    };
    let mut diags = Vec::new();
    let mut err = |offset: usize, msg: String| {
        diags.push(Diagnostic::at_offset(path, src, offset, msg));
    };
    for (key, value) in table.get_ref().iter() {
        let at = value.span().start;
        match key.get_ref().as_ref() {
            "lang" => match value.get_ref().as_str().and_then(Lang::parse) {
                Some(l) => config.lang = Some(l),
                None => err(at, "lang is \"th\" or \"en\"".into()),
            },
            "theme" => match value.get_ref().as_str() {
                Some(t) if !t.trim().is_empty() => config.theme = Some(t.trim().to_string()),
                _ => err(at, "theme is the name of a theme, such as \"light\"".into()),
            },
            "mouse" => match value.get_ref().as_bool() {
                Some(b) => config.mouse = b,
                None => err(at, "mouse is true or false".into()),
            },
            "ascii_borders" => match value.get_ref().as_bool() {
                Some(b) => config.ascii_borders = b,
                None => err(at, "ascii_borders is true or false".into()),
            },
            "ruleset" => match value.get_ref().as_str() {
                Some(r) if !r.trim().is_empty() => config.ruleset = Some(r.trim().to_string()),
                _ => err(
                    at,
                    "ruleset is a ruleset id, such as \"dgs-1-2-2564\"".into(),
                ),
            },
            "git" => match value.get_ref().as_table() {
                Some(t) => {
                    for (k, v) in t.iter() {
                        let at = v.span().start;
                        match k.get_ref().as_ref() {
                            "commit" => {
                                match v.get_ref().as_str().and_then(crate::git::CommitWhen::parse) {
                                    Some(c) => config.git_commit = Some(c),
                                    None => err(
                                        at,
                                        "git.commit is \"each-save\", \"on-quit\" or \"manual\""
                                            .into(),
                                    ),
                                }
                            }
                            other => err(
                                k.span().start,
                                format!("unknown setting `git.{other}` (settings: git.commit)"),
                            ),
                        }
                    }
                }
                None => err(at, "git is a table: [git]".into()),
            },
            "record" => crate::record::settings::read(value, &mut config.record, &mut err),
            "keys" => match value.get_ref().as_table() {
                Some(t) => {
                    let mut placed = Vec::new();
                    read_keys(t, None, &mut placed, &mut err);
                    config.keys = keep_ways_out(placed, &mut err);
                }
                None => err(at, "keys is a table: [keys]".into()),
            },
            other => err(
                key.span().start,
                format!("unknown setting `{other}` (settings: {SETTINGS})"),
            ),
        }
    }
    diags.sort_by_key(|d| (d.line, d.column));
    (config, diags)
}

/// The overrides that leave a way to quit, to help and out of every dialog; each one that
/// would take the last such key away is refused with its place, and the default stays.
fn keep_ways_out(
    placed: Vec<(KeyOverride, usize)>,
    err: &mut impl FnMut(usize, String),
) -> Vec<KeyOverride> {
    let mut kept: Vec<KeyOverride> = Vec::new();
    for (o, at) in placed {
        let mut trial = kept.clone();
        trial.push(o.clone());
        match Keymap::with_overrides(&trial).missing_ways_out().first() {
            Some((context, action)) => err(
                at,
                format!(
                    "this leaves no key for `{action}` in `{context}`, so the binding is not used (keep one, e.g. {action} = [\"{}\"])",
                    Keymap::defaults()
                        .keys_for(chain(*context), *action)
                        .first()
                        .map(|k| k.to_string().to_lowercase())
                        .unwrap_or_default()
                ),
            ),
            None => kept.push(o),
        }
    }
    kept
}

fn read_keys(
    table: &DeTable<'_>,
    context: Option<Context>,
    out: &mut Vec<(KeyOverride, usize)>,
    err: &mut impl FnMut(usize, String),
) {
    for (name, value) in table.iter() {
        let name_str: &str = name.get_ref();
        if let (None, Some(inner)) = (context, value.get_ref().as_table()) {
            match name_str.parse::<Context>() {
                Ok(c) => read_keys(inner, Some(c), out, err),
                Err(_) => err(
                    name.span().start,
                    format!(
                        "unknown context `{name_str}` ({})",
                        Context::names().join(", ")
                    ),
                ),
            }
            continue;
        }
        let action = match name_str.parse::<Action>() {
            Ok(a) => a,
            Err(_) => {
                err(name.span().start, unknown_action(name_str));
                continue;
            }
        };
        if let Some(keys) = read_key_list(value, err) {
            let o = KeyOverride {
                context,
                action,
                keys,
            };
            out.push((o, name.span().start));
        }
    }
}

fn unknown_action(name: &str) -> String {
    let names = Action::names();
    let close_enough = (name.chars().count() / 3).max(1);
    // Optimal string alignment: a swap of neighbours (`qiut`) counts as one edit.
    match names.iter().min_by_key(|n| strsim::osa_distance(n, name)) {
        Some(near) if strsim::osa_distance(near, name) <= close_enough => {
            format!("unknown action `{name}` (did you mean `{near}`?)")
        }
        _ => format!("unknown action `{name}` (actions: {})", names.join(", ")),
    }
}

fn read_key_list(
    value: &Spanned<DeValue<'_>>,
    err: &mut impl FnMut(usize, String),
) -> Option<Vec<Key>> {
    let one = |v: &Spanned<DeValue<'_>>, err: &mut dyn FnMut(usize, String)| -> Option<Key> {
        match v.get_ref().as_str() {
            Some(s) => Key::parse(s).map_err(|e| err(v.span().start, e)).ok(),
            None => {
                err(
                    v.span().start,
                    "a key is a string such as \"ctrl-r\"".into(),
                );
                None
            }
        }
    };
    match value.get_ref() {
        DeValue::Array(items) => {
            let keys: Vec<Option<Key>> = items.iter().map(|v| one(v, err)).collect();
            // A list with one bad key is dropped whole, so the action keeps its default keys
            // rather than losing the one the user meant.
            keys.into_iter().collect()
        }
        _ => one(value, err).map(|k| vec![k]),
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;

    fn parsed(src: &str) -> (Config, Vec<String>) {
        let (c, d) = parse(Path::new("config.toml"), src);
        (c, d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_git_commit_and_says_where_a_wrong_one_is() {
        let (c, d) = parsed("[git]\ncommit = \"each-save\"\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.git_commit, Some(crate::git::CommitWhen::EachSave));
        let (c, d) = parsed("[git]\ncommit = \"always\"\n");
        assert_eq!(c.git_commit, None);
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("config.toml:2:10:"), "{d:?}");
    }

    #[test]
    fn reads_every_setting() {
        let (c, d) = parsed(
            "lang = \"th\"\ntheme = \"light\"\nmouse = true\nascii_borders = true\n\n[keys]\ndown = [\"j\", \"ctrl-n\"]\nquit = \"ctrl-q\"\n\n[keys.wizard]\nnote = \"t\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.lang, Some(Lang::Th));
        assert_eq!(c.theme.as_deref(), Some("light"));
        assert!(c.mouse && c.ascii_borders);
        assert_eq!(c.keys.len(), 3);
        let down = c.keys.iter().find(|k| k.action == Action::Down).unwrap();
        assert_eq!(down.context, None);
        assert_eq!(down.keys, vec![Key::char('j'), Key::ctrl('n')]);
        let note = c.keys.iter().find(|k| k.action == Action::Note).unwrap();
        assert_eq!(note.context, Some(Context::Wizard));
    }

    #[test]
    fn an_empty_list_unbinds() {
        let (c, d) = parsed("[keys]\nnew = []\n");
        assert!(d.is_empty());
        assert_eq!(c.keys[0].keys, Vec::<Key>::new());
    }

    #[test]
    fn no_config_can_take_away_the_last_way_out() {
        let (c, d) = parsed(
            "[keys]\nquit = []\nhelp = \"ctrl-h\"\n[keys.global]\nhelp = []\n[keys.dialog]\nback = []\nquit = \"ctrl-q\"\n",
        );
        assert_eq!(
            d,
            [
                "config.toml:2:1: this leaves no key for `quit` in `list`, so the binding is not used (keep one, e.g. quit = [\"q\"])",
                "config.toml:5:1: this leaves no key for `help` in `list`, so the binding is not used (keep one, e.g. help = [\"?\"])",
                "config.toml:7:1: this leaves no key for `back` in `pick`, so the binding is not used (keep one, e.g. back = [\"esc\"])",
            ]
        );
        // What is left works, and every way out is still there.
        let map = Keymap::with_overrides(&c.keys);
        assert!(
            map.missing_ways_out().is_empty(),
            "{:?}",
            map.missing_ways_out()
        );
        assert_eq!(
            map.keys_for(chain(Context::List), Action::Help),
            [Key::ctrl('h')]
        );
        assert_eq!(
            map.keys_for(chain(Context::Confirm), Action::Quit),
            [Key::ctrl('q')]
        );
    }

    #[test]
    fn syntax_errors_give_defaults_and_a_place() {
        let (c, d) = parsed("lang = \"th\"\nmouse = \n");
        assert_eq!(c, Config::default());
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("config.toml:2:"), "{d:?}");
    }

    #[test]
    fn each_bad_setting_is_named_and_the_rest_kept() {
        let (c, d) = parsed(
            "lang = \"fr\"\nthme = \"light\"\nmouse = \"yes\"\nascii_borders = true\n[keys]\njump = \"j\"\ndown = \"hyper-j\"\nup = [\"k\", 3]\nsort = \"S\"\nqiut = \"x\"\n[keys.sidebar]\nup = \"k\"\n",
        );
        for want in [
            "config.toml:1:8: lang is \"th\" or \"en\"",
            "config.toml:2:1: unknown setting `thme` (settings: lang, theme, mouse, ascii_borders, ruleset, keys, git, record)",
            "config.toml:3:9: mouse is true or false",
            "config.toml:7:8: unknown modifier `hyper` in key `hyper-j`",
            "config.toml:8:12: a key is a string such as \"ctrl-r\"",
            "config.toml:10:1: unknown action `qiut` (did you mean `quit`?)",
            "config.toml:11:7: unknown context `sidebar` (global, list, wizard, result, dialog, help, reader, pick, confirm, conflict, form, select, text, filter, done, statement)",
        ] {
            assert!(d.iter().any(|m| m == want), "missing {want:?} in {d:#?}");
        }
        assert!(
            d.iter()
                .any(|m| m
                    .starts_with("config.toml:6:1: unknown action `jump` (actions: quit, help,")),
            "{d:#?}"
        );
        assert_eq!(d.len(), 8, "{d:#?}");
        assert!(c.ascii_borders);
        assert_eq!(c.lang, None);
        assert_eq!(c.keys.len(), 1, "only sort survives: {:?}", c.keys);
        assert_eq!(c.keys[0].keys[0].code, KeyCode::Char('S'));
    }

    #[test]
    fn a_missing_file_is_no_problem() {
        let dir = tempfile::tempdir().unwrap();
        let l = load(Some(dir.path()));
        assert!(l.diagnostics.is_empty());
        assert_eq!(l.config, Config::default());
        std::fs::write(dir.path().join("config.toml"), "theme = \"light\"\n").unwrap();
        let l = load(Some(dir.path()));
        assert_eq!(l.config.theme.as_deref(), Some("light"));
        assert_eq!(l.path, Some(dir.path().join("config.toml")));
    }
}
