//! Colours and text attributes by role, read from TOML theme files: the built-in ones in
//! `themes/` and the user's own in `<config dir>/themes/`. A bad theme file is reported with its
//! place and the default theme is used instead, so a typo never keeps the program from starting.

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::Diagnostic;
use crate::store::ConfigDir;

/// The built-in themes (the store holds them, so that headless commands can name them too).
pub use crate::store::BUILTIN_THEMES as BUILTIN;
/// The names of every theme: built-in and the user's own.
pub use crate::store::theme_names as names;

/// The style of every role the interface draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    /// Base style of the whole screen.
    pub text: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub header: Style,
    pub footer: Style,
    /// Key names in the footer and help.
    pub key: Style,
    pub selection: Style,
    /// A decisive answer: the one that set the level.
    pub highlight: Style,
    /// The big IAL / AAL marks.
    pub level_badge: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub muted: Style,
    pub provisional: Style,
    /// Borders drawn with `+ - |` for terminals that cannot show box drawing characters.
    pub ascii: bool,
}

/// The 16 ANSI colours in palette order (0 black … 15 white).
const ANSI16: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

/// Role names as written in theme files.
pub const ROLES: &[&str] = &[
    "text",
    "border",
    "border_focused",
    "title",
    "header",
    "footer",
    "key",
    "selection",
    "highlight",
    "level_badge",
    "ok",
    "warn",
    "error",
    "muted",
    "provisional",
];

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Default for Theme {
    fn default() -> Self {
        Theme::builtin("default").expect("the default theme parses")
    }
}

impl Theme {
    fn blank(name: &str) -> Theme {
        let s = Style::new();
        Theme {
            name: name.to_string(),
            text: s,
            border: s,
            border_focused: s,
            title: s,
            header: s,
            footer: s,
            key: s,
            selection: s,
            highlight: s,
            level_badge: s,
            ok: s,
            warn: s,
            error: s,
            muted: s,
            provisional: s,
            ascii: false,
        }
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        let source = builtin_source(name)?;
        parse(&source, name, &mut |_, _| None).ok()
    }

    /// The theme for no colour at all (`NO_COLOR`, `--no-color`).
    pub fn monochrome() -> Theme {
        Theme::builtin("monochrome").expect("the monochrome theme parses")
    }

    pub fn role(&self, name: &str) -> Option<Style> {
        let t = self;
        Some(match name {
            "text" => t.text,
            "border" => t.border,
            "border_focused" => t.border_focused,
            "title" => t.title,
            "header" => t.header,
            "footer" => t.footer,
            "key" => t.key,
            "selection" => t.selection,
            "highlight" => t.highlight,
            "level_badge" => t.level_badge,
            "ok" => t.ok,
            "warn" => t.warn,
            "error" => t.error,
            "muted" => t.muted,
            "provisional" => t.provisional,
            _ => return None,
        })
    }

    fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
        let t = self;
        Some(match name {
            "text" => &mut t.text,
            "border" => &mut t.border,
            "border_focused" => &mut t.border_focused,
            "title" => &mut t.title,
            "header" => &mut t.header,
            "footer" => &mut t.footer,
            "key" => &mut t.key,
            "selection" => &mut t.selection,
            "highlight" => &mut t.highlight,
            "level_badge" => &mut t.level_badge,
            "ok" => &mut t.ok,
            "warn" => &mut t.warn,
            "error" => &mut t.error,
            "muted" => &mut t.muted,
            "provisional" => &mut t.provisional,
            _ => return None,
        })
    }

    /// The same theme with its borders drawn in ASCII.
    pub fn with_ascii(mut self, ascii: bool) -> Theme {
        self.ascii = ascii;
        self
    }

    pub fn border_set(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// A bordered pane. Focus shows in the border style and, so it never rests on colour
    /// alone, in a marked title.
    pub fn block<'a>(&self, title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
        let title: Line<'a> = title.into();
        let mark = match (focused, self.ascii) {
            (false, _) => " ",
            (true, false) => "▶",
            (true, true) => ">",
        };
        let mut spans = vec![mark.into()];
        spans.extend(title.spans);
        spans.push(" ".into());
        Block::new()
            .borders(Borders::ALL)
            .border_set(self.border_set())
            .border_style(if focused {
                self.border_focused
            } else {
                self.border
            })
            .title(Line::from(spans).style(self.title))
            .style(self.text)
    }

    /// The theme as a terminal of `depth` shows it: every colour beyond 16 becomes the
    /// nearest of the 16 (a named colour stays, meaning the terminal's own palette entry);
    /// none at all without colour. Attributes (bold, reversed) are kept, so what colour marked
    /// still stands out.
    pub fn for_depth(mut self, depth: super::caps::ColorDepth) -> Theme {
        use super::caps::{ColorDepth, nearest_ansi16, xterm_rgb};
        let map = |c: Option<Color>| -> Option<Color> {
            let c = c?;
            match (depth, c) {
                (ColorDepth::None, _) => None,
                (ColorDepth::Ansi16, Color::Indexed(n)) if n >= 16 => {
                    Some(ANSI16[nearest_ansi16(xterm_rgb(n)) as usize])
                }
                (ColorDepth::Ansi16, Color::Indexed(n)) => Some(ANSI16[n as usize]),
                (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => {
                    Some(ANSI16[nearest_ansi16((r, g, b)) as usize])
                }
                (_, c) => Some(c),
            }
        };
        for role in ROLES {
            if let Some(s) = self.role_mut(role) {
                s.fg = map(s.fg);
                s.bg = map(s.bg);
                s.underline_color = map(s.underline_color);
            }
        }
        self
    }

    /// Every style of the theme, for checks over all roles.
    pub fn styles(&self) -> Vec<(&'static str, Style)> {
        ROLES
            .iter()
            .map(|r| (*r, self.role(r).unwrap_or_default()))
            .collect()
    }
}

/// What picks the theme: `--theme` or the config's `theme`, colour switches, the border option.
#[derive(Clone, Debug, Default)]
pub struct ThemeChoice {
    pub name: Option<String>,
    /// `--no-color` given or `NO_COLOR` set.
    pub no_color: bool,
    pub ascii: bool,
    /// `<config dir>`, whose `themes/` folder holds the user's themes.
    pub config_dir: Option<PathBuf>,
}

/// The theme to draw with and the problems met on the way, to show the user.
pub fn resolve(choice: &ThemeChoice) -> (Theme, Vec<Diagnostic>) {
    if choice.no_color {
        return (Theme::monochrome().with_ascii(choice.ascii), Vec::new());
    }
    let name = choice.name.as_deref().unwrap_or("default");
    let (theme, diags) = load(name, choice.config_dir.as_deref());
    (theme.with_ascii(choice.ascii), diags)
}

/// Loads a theme by name, the user's file first (so a user may replace a built-in one). On any
/// problem the default theme comes back with the diagnostics.
pub fn load(name: &str, config_dir: Option<&Path>) -> (Theme, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut loader = |n: &str, builtin_only: bool| {
        if builtin_only {
            builtin_source(n)
        } else {
            find_source(n, config_dir, &mut diags)
        }
    };
    let Some(source) = loader(name, false) else {
        let known = names(config_dir).join(", ");
        let place = config_dir.map_or_else(
            || PathBuf::from("--theme"),
            |d| d.join("themes").join(format!("{name}.toml")),
        );
        diags.push(Diagnostic::whole_file(
            &place,
            format!("unknown theme `{name}` (available: {known})"),
        ));
        return (Theme::default(), diags);
    };
    match parse(&source, name, &mut loader) {
        Ok(t) => (t, diags),
        Err(mut errs) => {
            diags.append(&mut errs);
            (Theme::default(), diags)
        }
    }
}

/// A theme file's text and where it came from.
struct Source {
    path: PathBuf,
    text: String,
    /// Built-in files name every role; a user's file may name only some.
    builtin: bool,
}

fn builtin_source(name: &str) -> Option<Source> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, src)| Source {
            path: PathBuf::from(format!("themes/{n}.toml")),
            text: src.to_string(),
            builtin: true,
        })
}

fn find_source(
    name: &str,
    config_dir: Option<&Path>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Source> {
    if let Some(dir) = config_dir {
        match ConfigDir::open(dir).read_theme(name) {
            Ok(Some(file)) => {
                return Some(Source {
                    path: file.path,
                    text: file.text,
                    builtin: false,
                });
            }
            Ok(None) => {}
            Err(e) => diags.push(e.diagnostic()),
        }
    }
    builtin_source(name)
}

/// Finds a theme's source by name; `true` asks for the built-in one only (a user's `light.toml`
/// that says `extends = "light"` means the built-in light theme, not itself).
type Loader<'a> = dyn FnMut(&str, bool) -> Option<Source> + 'a;

/// Parses a theme file onto its base: `extends`, else the default theme (a built-in file starts
/// from nothing, since it names every role).
fn parse(source: &Source, name: &str, loader: &mut Loader<'_>) -> Result<Theme, Vec<Diagnostic>> {
    parse_depth(source, name, loader, 0)
}

fn parse_depth(
    source: &Source,
    name: &str,
    loader: &mut Loader<'_>,
    depth: usize,
) -> Result<Theme, Vec<Diagnostic>> {
    let (path, src) = (source.path.as_path(), source.text.as_str());
    let table = DeTable::parse(src).map_err(|e| vec![Diagnostic::from_toml(path, src, &e)])?;
    let table = table.get_ref();
    let at = |offset: usize, msg: String| Diagnostic::at_offset(path, src, offset, msg);
    let mut errors = Vec::new();

    let mut theme = match table.get("extends") {
        Some(v) => match v.get_ref().as_str() {
            Some(base) if depth >= 4 => {
                errors.push(at(
                    v.span().start,
                    format!("`extends = \"{base}\"` goes round in a circle"),
                ));
                Theme::blank(name)
            }
            Some(base) => match loader(base, base == name) {
                Some(b) => match parse_depth(&b, base, loader, depth + 1) {
                    Ok(t) => t,
                    Err(mut e) => {
                        errors.append(&mut e);
                        Theme::blank(name)
                    }
                },
                None => {
                    errors.push(at(
                        v.span().start,
                        format!("unknown theme `{base}` to extend"),
                    ));
                    Theme::blank(name)
                }
            },
            None => {
                errors.push(at(v.span().start, "`extends` must be a theme name".into()));
                Theme::blank(name)
            }
        },
        None if source.builtin => Theme::blank(name),
        None => Theme::default(),
    };
    theme.name = name.to_string();

    for (key, value) in table.iter() {
        let key_name: &str = key.get_ref();
        if key_name == "extends" || key_name == "description" {
            continue;
        }
        let Some(slot) = theme.role_mut(key_name) else {
            errors.push(at(
                key.span().start,
                format!("unknown role `{key_name}` (roles: {})", ROLES.join(", ")),
            ));
            continue;
        };
        match parse_style(value) {
            Ok(style) => *slot = style,
            Err((offset, msg)) => errors.push(at(offset, msg)),
        }
    }
    errors.sort_by_key(|d| (d.line, d.column));
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(errors)
    }
}

fn parse_style(value: &Spanned<DeValue<'_>>) -> Result<Style, (usize, String)> {
    let start = value.span().start;
    match value.get_ref() {
        DeValue::String(_) | DeValue::Integer(_) => Ok(Style::new().fg(parse_color(value)?)),
        DeValue::Table(t) => {
            let mut style = Style::new();
            for (k, v) in t.iter() {
                match k.get_ref().as_ref() {
                    "fg" => style = style.fg(parse_color(v)?),
                    "bg" => style = style.bg(parse_color(v)?),
                    "modifiers" => style = style.add_modifier(parse_modifiers(v)?),
                    other => {
                        return Err((
                            k.span().start,
                            format!("unknown style field `{other}` (fg, bg, modifiers)"),
                        ));
                    }
                }
            }
            Ok(style)
        }
        other => Err((
            start,
            format!(
                "a style is a colour name or a table such as {{ fg = \"cyan\", modifiers = [\"bold\"] }}, not {}",
                other.type_str()
            ),
        )),
    }
}

/// The 16 ANSI colours, by the names theme files use; their look comes from the terminal.
pub const ANSI_NAMES: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark_gray", Color::DarkGray),
    ("light_red", Color::LightRed),
    ("light_green", Color::LightGreen),
    ("light_yellow", Color::LightYellow),
    ("light_blue", Color::LightBlue),
    ("light_magenta", Color::LightMagenta),
    ("light_cyan", Color::LightCyan),
    ("white", Color::White),
];

fn parse_color(value: &Spanned<DeValue<'_>>) -> Result<Color, (usize, String)> {
    let start = value.span().start;
    match value.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .and_then(|n| u8::try_from(n).ok())
            .map(Color::Indexed)
            .ok_or((start, "a colour number is 0 to 255".into())),
        DeValue::String(s) => {
            let s = s.trim();
            if let Some(hex) = s.strip_prefix('#') {
                let rgb = (hex.len() == 6)
                    .then(|| u32::from_str_radix(hex, 16).ok())
                    .flatten();
                return rgb
                    .map(|v| Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
                    .ok_or((start, format!("`{s}` is not a colour like #1e90ff")));
            }
            if s == "reset" || s == "default" {
                return Ok(Color::Reset);
            }
            let norm = s.to_ascii_lowercase().replace(['-', ' '], "_");
            ANSI_NAMES
                .iter()
                .find(|(n, _)| *n == norm)
                .map(|(_, c)| *c)
                .ok_or_else(|| {
                    let names: Vec<&str> = ANSI_NAMES.iter().map(|(n, _)| *n).collect();
                    (
                        start,
                        format!(
                            "unknown colour `{s}` (use {}, reset, #rrggbb or 0-255)",
                            names.join(", ")
                        ),
                    )
                })
        }
        other => Err((
            start,
            format!("a colour is a name, not {}", other.type_str()),
        )),
    }
}

fn parse_modifiers(value: &Spanned<DeValue<'_>>) -> Result<Modifier, (usize, String)> {
    let Some(items) = value.get_ref().as_array() else {
        return Err((
            value.span().start,
            "modifiers is a list such as [\"bold\", \"underlined\"]".into(),
        ));
    };
    let mut m = Modifier::empty();
    for item in items.iter() {
        let name = item.get_ref().as_str().unwrap_or("");
        m |= match name {
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underlined" | "underline" => Modifier::UNDERLINED,
            "reversed" | "reverse" => Modifier::REVERSED,
            "crossed_out" => Modifier::CROSSED_OUT,
            _ => {
                return Err((
                    item.span().start,
                    format!(
                        "unknown modifier `{name}` (bold, dim, italic, underlined, reversed, crossed_out)"
                    ),
                ));
            }
        };
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colours(t: &Theme) -> Vec<Color> {
        t.styles()
            .into_iter()
            .flat_map(|(_, s)| [s.fg, s.bg])
            .flatten()
            .collect()
    }

    #[test]
    fn every_builtin_theme_parses_and_names_every_role() {
        for (name, src) in BUILTIN {
            let t = Theme::builtin(name).unwrap_or_else(|| panic!("{name} parses"));
            assert_eq!(t.name, *name);
            let table = DeTable::parse(src).unwrap();
            for role in ROLES {
                assert!(table.get_ref().contains_key(*role), "{name} lacks {role}");
            }
        }
    }

    #[test]
    fn the_default_theme_uses_only_the_16_ansi_names() {
        let ansi: Vec<Color> = ANSI_NAMES.iter().map(|(_, c)| *c).collect();
        for c in colours(&Theme::default()) {
            assert!(ansi.contains(&c), "{c:?} is not one of the 16 ANSI colours");
        }
    }

    #[test]
    fn monochrome_has_no_colour_at_all() {
        assert!(colours(&Theme::monochrome()).is_empty());
        let (t, d) = resolve(&ThemeChoice {
            name: Some("high-contrast".into()),
            no_color: true,
            ..ThemeChoice::default()
        });
        assert!(d.is_empty());
        assert!(colours(&t).is_empty());
    }

    #[test]
    fn roles_that_must_stand_out_do_so_without_colour() {
        for (name, _) in BUILTIN {
            let t = Theme::builtin(name).unwrap();
            for (role, s) in [
                ("selection", t.selection),
                ("highlight", t.highlight),
                ("level_badge", t.level_badge),
                ("provisional", t.provisional),
                ("error", t.error),
                ("border_focused", t.border_focused),
            ] {
                assert!(
                    !s.add_modifier.is_empty(),
                    "{name}.{role} relies on colour alone"
                );
            }
        }
    }

    #[test]
    fn a_broken_theme_says_where_and_falls_back_to_default() {
        let dir = tempfile::tempdir().unwrap();
        let themes = dir.path().join("themes");
        std::fs::create_dir(&themes).unwrap();
        std::fs::write(
            themes.join("bad.toml"),
            "border = \"cyan\"\nselection = { fg = \"purpel\" }\n",
        )
        .unwrap();
        std::fs::write(themes.join("syntax.toml"), "border = [\n").unwrap();
        std::fs::write(
            themes.join("mine.toml"),
            "extends = \"light\"\nborder = \"#102030\"\n",
        )
        .unwrap();

        let (t, d) = load("bad", Some(dir.path()));
        assert_eq!(t, Theme::default());
        assert_eq!(d.len(), 1);
        let msg = d[0].to_string();
        assert!(msg.ends_with("bad.toml:2:20: unknown colour `purpel` (use black, red, green, yellow, blue, magenta, cyan, gray, dark_gray, light_red, light_green, light_yellow, light_blue, light_magenta, light_cyan, white, reset, #rrggbb or 0-255)"), "{msg}");

        let (t, d) = load("syntax", Some(dir.path()));
        assert_eq!(t, Theme::default());
        assert_eq!(d.len(), 1);
        assert!(d[0].to_string().contains("syntax.toml:"), "{}", d[0]);
        assert!(d[0].line >= 1);

        let (t, d) = load("mine", Some(dir.path()));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.border.fg, Some(Color::Rgb(0x10, 0x20, 0x30)));
        assert_eq!(t.selection, Theme::builtin("light").unwrap().selection);

        let (t, d) = load("nope", Some(dir.path()));
        assert_eq!(t, Theme::default());
        assert!(d[0].message.contains("unknown theme `nope`"), "{}", d[0]);
        assert!(names(Some(dir.path())).contains(&"mine".to_string()));
    }

    #[test]
    fn unknown_roles_and_fields_are_named() {
        let src =
            "bordr = \"red\"\nok = { colour = \"red\" }\nwarn = { modifiers = [\"blink\"] }\n";
        let source = Source {
            path: PathBuf::from("t.toml"),
            text: src.to_string(),
            builtin: false,
        };
        let errs = parse(&source, "t", &mut |_, _| None).unwrap_err();
        let msgs: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(
            msgs[0].starts_with("t.toml:1:1: unknown role `bordr`"),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("t.toml:2:8: unknown style field `colour`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("t.toml:3:23: unknown modifier `blink`")),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_partial_user_theme_starts_from_default_and_may_extend_its_namesake() {
        let dir = tempfile::tempdir().unwrap();
        let themes = dir.path().join("themes");
        std::fs::create_dir(&themes).unwrap();
        std::fs::write(themes.join("default.toml"), "ok = \"blue\"\n").unwrap();
        std::fs::write(
            themes.join("light.toml"),
            "extends = \"light\"\nok = \"blue\"\n",
        )
        .unwrap();
        let (t, d) = load("default", Some(dir.path()));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.ok, Style::new().fg(Color::Blue));
        assert_eq!(t.selection, Theme::default().selection);
        let (t, d) = load("light", Some(dir.path()));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.ok, Style::new().fg(Color::Blue));
        assert_eq!(t.warn, Theme::builtin("light").unwrap().warn);
    }

    #[test]
    fn ascii_borders_use_plus_minus_bar() {
        let t = Theme::default().with_ascii(true);
        let set = t.border_set();
        assert_eq!(
            (set.top_left, set.horizontal_top, set.vertical_left),
            ("+", "-", "|")
        );
    }
}
