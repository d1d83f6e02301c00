//! One key press as the keymap sees it: parsed from the config file, shown in hints, and matched
//! against crossterm's events.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key with the modifiers that matter for bindings (Ctrl and Alt; Shift is folded into the
/// character or into `BackTab`, because terminals disagree on reporting it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// The binding a terminal event stands for; `None` for key releases, which only terminals
    /// with the kitty protocol report and which must not fire an action twice.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let shift = ev.modifiers.contains(KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::Tab if shift => KeyCode::BackTab,
            // Ctrl-letters arrive as lowercase from most terminals but uppercase from some.
            KeyCode::Char(c) if ctrl && c.is_ascii_uppercase() && !shift => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            // Terminals with the kitty protocol report Shift with the unshifted letter.
            KeyCode::Char(c) if shift && !ctrl && c.is_ascii_lowercase() => {
                KeyCode::Char(c.to_ascii_uppercase())
            }
            other => other,
        };
        Some(Key { code, ctrl, alt })
    }

    /// The same physical key on a US layout when the user types with the Thai Kedmanee layout
    /// on, so `j`, `k`, `?` and the digits work without switching layouts.
    pub fn latin_equivalent(self) -> Option<Key> {
        match self.code {
            KeyCode::Char(c) => thai_to_latin(c).map(|l| Key {
                code: KeyCode::Char(l),
                ..self
            }),
            _ => None,
        }
    }

    /// Parses `j`, `G`, `?`, `ctrl-r`, `C-r`, `alt+x`, `shift-tab`, `F1`, `PgUp`, `Space`, …
    pub fn parse(s: &str) -> Result<Key, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("empty key".into());
        }
        if s.chars().count() == 1 {
            return Ok(Key::char(s.chars().next().unwrap_or(' ')));
        }
        let (mods, name) = split_modifiers(s);
        let mut key = Key::plain(KeyCode::Null);
        let mut shift = false;
        for m in mods {
            match m.to_ascii_lowercase().as_str() {
                "ctrl" | "control" | "c" => key.ctrl = true,
                "alt" | "meta" | "m" | "a" => key.alt = true,
                "shift" | "s" => shift = true,
                other => return Err(format!("unknown modifier `{other}` in key `{s}`")),
            }
        }
        key.code = parse_code(name).ok_or_else(|| format!("unknown key `{s}`"))?;
        if shift {
            key.code = match key.code {
                KeyCode::Tab => KeyCode::BackTab,
                KeyCode::Char(c) if c.is_ascii_lowercase() => KeyCode::Char(c.to_ascii_uppercase()),
                KeyCode::Char(c) => {
                    return Err(format!(
                        "`shift-{c}`: write the character shift produces instead"
                    ));
                }
                _ => return Err(format!("shift is not supported with `{name}` in `{s}`")),
            };
        }
        if key.ctrl
            && let KeyCode::Char(c) = key.code
        {
            key.code = KeyCode::Char(c.to_ascii_lowercase());
        }
        Ok(key)
    }
}

fn split_modifiers(s: &str) -> (Vec<&str>, &str) {
    let mut mods = Vec::new();
    let mut rest = s;
    // A trailing `-` or `+` is the key itself (`ctrl--`), so split only before the last char.
    while let Some(i) =
        rest[..rest.len() - rest.chars().last().map_or(0, char::len_utf8)].find(['-', '+'])
    {
        mods.push(&rest[..i]);
        rest = &rest[i + 1..];
    }
    (mods, rest)
}

fn parse_code(name: &str) -> Option<KeyCode> {
    if name.chars().count() == 1 {
        return name.chars().next().map(KeyCode::Char);
    }
    let lower = name.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" | "ret" | "cr" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" | "spc" => KeyCode::Char(' '),
        "backspace" | "bs" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "minus" => KeyCode::Char('-'),
        "plus" => KeyCode::Char('+'),
        f if f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            if !(1..=24).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
        _ => return None,
    };
    Some(code)
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The Thai Kedmanee layout, unshifted then shifted, against the US keys in the same places;
/// Thai digits map to the digits they mean rather than to their key.
fn thai_to_latin(c: char) -> Option<char> {
    const PAIRS: &[(char, char)] = &[
        ('ๅ', '1'),
        ('ภ', '4'),
        ('ถ', '5'),
        ('ุ', '6'),
        ('ึ', '7'),
        ('ค', '8'),
        ('ต', '9'),
        ('จ', '0'),
        ('ข', '-'),
        ('ช', '='),
        ('ๆ', 'q'),
        ('ไ', 'w'),
        ('ำ', 'e'),
        ('พ', 'r'),
        ('ะ', 't'),
        ('ั', 'y'),
        ('ี', 'u'),
        ('ร', 'i'),
        ('น', 'o'),
        ('ย', 'p'),
        ('บ', '['),
        ('ล', ']'),
        ('ฃ', '\\'),
        ('ฟ', 'a'),
        ('ห', 's'),
        ('ก', 'd'),
        ('ด', 'f'),
        ('เ', 'g'),
        ('้', 'h'),
        ('่', 'j'),
        ('า', 'k'),
        ('ส', 'l'),
        ('ว', ';'),
        ('ง', '\''),
        ('ผ', 'z'),
        ('ป', 'x'),
        ('แ', 'c'),
        ('อ', 'v'),
        ('ิ', 'b'),
        ('ื', 'n'),
        ('ท', 'm'),
        ('ม', ','),
        ('ใ', '.'),
        ('ฝ', '/'),
        ('๐', '0'),
        ('๑', '1'),
        ('๒', '2'),
        ('๓', '3'),
        ('๔', '4'),
        ('๕', '5'),
        ('๖', '6'),
        ('๗', '7'),
        ('๘', '8'),
        ('๙', '9'),
        ('ู', '^'),
        ('฿', '&'),
        ('ฎ', 'E'),
        ('ฑ', 'R'),
        ('ธ', 'T'),
        ('ํ', 'Y'),
        ('๊', 'U'),
        ('ณ', 'I'),
        ('ฯ', 'O'),
        ('ญ', 'P'),
        ('ฐ', '{'),
        ('ฅ', '|'),
        ('ฤ', 'A'),
        ('ฆ', 'S'),
        ('ฏ', 'D'),
        ('โ', 'F'),
        ('ฌ', 'G'),
        ('็', 'H'),
        ('๋', 'J'),
        ('ษ', 'K'),
        ('ศ', 'L'),
        ('ซ', ':'),
        ('ฉ', 'C'),
        ('ฮ', 'V'),
        ('ฺ', 'B'),
        ('์', 'N'),
        ('ฒ', '<'),
        ('ฬ', '>'),
        ('ฦ', '?'),
    ];
    PAIRS.iter().find(|(t, _)| *t == c).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn parses_plain_named_and_modified_keys() {
        assert_eq!(Key::parse("j"), Ok(Key::char('j')));
        assert_eq!(Key::parse("G"), Ok(Key::char('G')));
        assert_eq!(Key::parse("?"), Ok(Key::char('?')));
        assert_eq!(Key::parse("-"), Ok(Key::char('-')));
        assert_eq!(Key::parse("ctrl-r"), Ok(Key::ctrl('r')));
        assert_eq!(Key::parse("C-R"), Ok(Key::ctrl('r')));
        assert_eq!(Key::parse("Ctrl+c"), Ok(Key::ctrl('c')));
        assert_eq!(Key::parse("ctrl--"), Ok(Key::ctrl('-')));
        assert_eq!(Key::parse("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("shift-g"), Ok(Key::char('G')));
        assert_eq!(Key::parse("F1"), Ok(Key::plain(KeyCode::F(1))));
        assert_eq!(Key::parse("PgDn"), Ok(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("space"), Ok(Key::char(' ')));
        let alt_x = Key::parse("alt-x").unwrap();
        assert!(alt_x.alt && !alt_x.ctrl);
        assert_eq!(Key::parse("ก"), Ok(Key::char('ก')));
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        assert!(Key::parse("").is_err());
        assert!(Key::parse("hyper-x").unwrap_err().contains("modifier"));
        assert!(Key::parse("pagedn2").unwrap_err().contains("unknown key"));
        assert!(Key::parse("F99").is_err());
        assert!(Key::parse("shift-1").is_err());
    }

    #[test]
    fn display_round_trips_through_parse() {
        for s in [
            "j",
            "G",
            "?",
            "Ctrl-r",
            "Shift-Tab",
            "F1",
            "PgUp",
            "PgDn",
            "Space",
            "Enter",
            "Esc",
            "Home",
            "End",
            "Up",
            "Down",
            "[",
            "]",
            "/",
        ] {
            let k = Key::parse(s).unwrap();
            assert_eq!(k.to_string(), s);
            assert_eq!(Key::parse(&k.to_string()), Ok(k));
        }
    }

    #[test]
    fn events_fold_shift_and_case() {
        let shifted_g = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shifted_g), Some(Key::char('G')));
        let kitty_g = ev(KeyCode::Char('g'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&kitty_g), Some(Key::char('G')));
        let back = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&back).unwrap().code, KeyCode::BackTab);
        let shift_tab = ev(KeyCode::Tab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shift_tab).unwrap().code, KeyCode::BackTab);
        let ctrl_r = ev(KeyCode::Char('R'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&ctrl_r), Some(Key::ctrl('r')));
        let mut release = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(Key::from_event(&release), None);
    }

    #[test]
    fn thai_layout_reaches_the_latin_bindings() {
        assert_eq!(Key::char('่').latin_equivalent(), Some(Key::char('j')));
        assert_eq!(Key::char('า').latin_equivalent(), Some(Key::char('k')));
        assert_eq!(Key::char('ฦ').latin_equivalent(), Some(Key::char('?')));
        assert_eq!(Key::char('๓').latin_equivalent(), Some(Key::char('3')));
        assert_eq!(Key::char('j').latin_equivalent(), None);
    }
}
