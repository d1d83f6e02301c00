//! What the user's terminal can show, read from the environment (a program cannot ask a
//! terminal reliably over SSH): colours from `NO_COLOR`, `COLORTERM` and `TERM`; whether it
//! can run the interface at all (`TERM=dumb` cannot move the cursor). And the one rewrite
//! that holds every frame to the colours found: crossterm writes even the 16 named colours
//! as 256-colour codes (`ESC[38;5;6m`), which a vt100 or a Linux console misreads.

use crate::text::Lang;

/// How many colours the terminal shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColorDepth {
    /// No colour: `TERM=dumb`, a DEC VT (`vt100`, `vt220`, …), `NO_COLOR`, `--no-color`.
    None,
    /// The 16 ANSI colours (`SGR 30–37, 90–97`): linux, screen, ansi, plain xterm.
    Ansi16,
    /// `TERM=…-256color`.
    Ansi256,
    /// `COLORTERM=truecolor|24bit`; also what is assumed when nothing limits it.
    #[default]
    TrueColor,
}

/// The colour depth the environment says: `NO_COLOR` (set and not empty), `TERM=dumb` or a
/// DEC VT none; `COLORTERM=truecolor|24bit` full; a `TERM` ending in `256color` 256; any
/// other `TERM` (linux, xterm, screen, ansi) 16; no `TERM` at all, 16.
pub fn color_depth(term: Option<&str>, colorterm: Option<&str>, no_color: bool) -> ColorDepth {
    let term = term.unwrap_or("").trim();
    if no_color || term == "dumb" || is_dec_vt(Some(term)) {
        return ColorDepth::None;
    }
    if matches!(
        colorterm.map(str::to_ascii_lowercase).as_deref(),
        Some("truecolor" | "24bit")
    ) {
        return ColorDepth::TrueColor;
    }
    if term.ends_with("256color") || term.ends_with("-direct") {
        return ColorDepth::Ansi256;
    }
    ColorDepth::Ansi16
}

/// A terminal of the DEC VT family (`TERM=vt100`, `vt102`, `vt220`, …): what it says it is
/// shows neither colour nor Unicode box drawing, whatever emulator may be behind it, so the
/// interface draws it in ASCII, in black and white (bold and reverse video stay).
pub fn is_dec_vt(term: Option<&str>) -> bool {
    term.map(str::trim).is_some_and(|t| {
        t.strip_prefix("vt")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            && !t.contains("color")
    })
}

/// [`color_depth`] of this process's environment, with `--no-color`.
pub fn color_depth_env(no_color_flag: bool) -> ColorDepth {
    let var = |k: &str| std::env::var(k).ok();
    color_depth(
        var("TERM").as_deref(),
        var("COLORTERM").as_deref(),
        no_color_flag || no_color_env(),
    )
}

/// Why the interface cannot run on this terminal, in the user's language: `TERM=dumb` has no
/// cursor to move, so the screen would be a stream of garbage. The headless commands work
/// on any terminal.
pub fn unusable_terminal(term: Option<&str>, lang: Lang) -> Option<String> {
    if term.map(str::trim) != Some("dumb") {
        return None;
    }
    Some(match lang {
        Lang::Th => "เทอร์มินัลนี้ (TERM=dumb) ย้ายเคอร์เซอร์ไม่ได้ จึงแสดงหน้าจอของ xal ไม่ได้: \
                     ใช้คำสั่งแบบไม่มีหน้าจอแทน เช่น xal list, xal show ID, xal eval FILE \
                     (ดู xal --help) หรือตั้ง TERM ให้ตรงกับเทอร์มินัล เช่น TERM=xterm"
            .to_string(),
        Lang::En => "this terminal (TERM=dumb) cannot move the cursor, so it cannot show the \
                     interface: use the headless commands, e.g. xal list, xal show ID, \
                     xal eval FILE (see xal --help), or set TERM to your terminal, e.g. \
                     TERM=xterm"
            .to_string(),
    })
}

/// The 16 ANSI colours as xterm shows them, for finding the nearest to any other colour.
const ANSI16_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The xterm 256-colour palette entry `n` as RGB.
pub fn xterm_rgb(n: u8) -> (u8, u8, u8) {
    match n {
        0..=15 => ANSI16_RGB[n as usize],
        16..=231 => {
            let i = n - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        232..=255 => {
            let g = 8 + (n - 232) * 10;
            (g, g, g)
        }
    }
}

/// The ANSI colour (0–15) nearest to an RGB colour.
pub fn nearest_ansi16((r, g, b): (u8, u8, u8)) -> u8 {
    let d = |(x, y, z): (u8, u8, u8)| {
        let sq = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        sq(r, x) + sq(g, y) + sq(b, z)
    };
    (0..16u8)
        .min_by_key(|&i| d(ANSI16_RGB[i as usize]))
        .unwrap_or(7)
}

/// A frame's bytes held to `depth`: every SGR colour becomes a 16-colour one (`30–37`,
/// `90–97`, `40–47`, `100–107`), or goes when there is no colour; everything else — text,
/// cursor moves, bold, reverse — is left as it is. Full depth and 256 colours pass through.
pub fn hold_to_depth(bytes: &[u8], depth: ColorDepth) -> std::borrow::Cow<'_, [u8]> {
    if depth >= ColorDepth::Ansi256 || !bytes.contains(&0x1b) {
        return bytes.into();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            let start = i + 2;
            let mut j = start;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
                j += 1;
            }
            if bytes.get(j) == Some(&b'm') {
                let params = std::str::from_utf8(&bytes[start..j]).unwrap_or("");
                if let Some(p) = sgr(params, depth) {
                    out.extend_from_slice(b"\x1b[");
                    out.extend_from_slice(p.as_bytes());
                    out.push(b'm');
                }
                i = j + 1;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out.into()
}

/// One SGR parameter list held to `depth`; `None` when nothing is left of it (an empty
/// `ESC[m` would reset every attribute, so it is left out instead).
fn sgr(params: &str, depth: ColorDepth) -> Option<String> {
    if params.is_empty() {
        return Some(String::new());
    }
    let nums: Vec<u16> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < nums.len() {
        let p = nums[k];
        match p {
            38 | 48 | 58 => {
                let (colour, used) = match nums.get(k + 1) {
                    Some(5) => (nums.get(k + 2).map(|&n| xterm_rgb(n.min(255) as u8)), 3),
                    Some(2) => (
                        match (nums.get(k + 2), nums.get(k + 3), nums.get(k + 4)) {
                            (Some(&r), Some(&g), Some(&b)) => {
                                Some((r.min(255) as u8, g.min(255) as u8, b.min(255) as u8))
                            }
                            _ => None,
                        },
                        5,
                    ),
                    _ => (None, 1),
                };
                k += used;
                // Underline colours have no 16-colour form.
                if let (Some(rgb), ColorDepth::Ansi16, 38 | 48) = (colour, depth, p) {
                    let n = named(k - used, &nums, rgb);
                    let base = if p == 38 { 30 } else { 40 };
                    let code = if n < 8 { base + n } else { base + 60 + n - 8 };
                    out.push(code.to_string());
                }
                continue;
            }
            30..=37 | 40..=47 | 90..=97 | 100..=107 if depth == ColorDepth::None => {}
            _ => out.push(p.to_string()),
        }
        k += 1;
    }
    (!out.is_empty()).then(|| out.join(";"))
}

/// The ANSI colour for `38;5;N` with N below 16 is N itself (a theme's named colour, meant as
/// the terminal's own palette entry); any other colour is the nearest one.
fn named(at: usize, nums: &[u16], rgb: (u8, u8, u8)) -> u16 {
    match (nums.get(at + 1), nums.get(at + 2)) {
        (Some(5), Some(&n)) if n < 16 => n,
        _ => u16::from(nearest_ansi16(rgb)),
    }
}

/// True when `NO_COLOR` is set to anything but the empty string (no-color.org): what the
/// terminal is asked for, like its colour depth, so it lives with the capabilities.
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_follows_no_color_then_colorterm_then_term() {
        use ColorDepth as C;
        let d = |t: &str, c: &str, n: bool| {
            let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
            color_depth(opt(t).as_deref(), opt(c).as_deref(), n)
        };
        assert_eq!(d("dumb", "truecolor", false), C::None);
        assert_eq!(d("xterm-256color", "", true), C::None);
        assert_eq!(d("xterm-256color", "truecolor", false), C::TrueColor);
        assert_eq!(d("xterm-256color", "24bit", false), C::TrueColor);
        assert_eq!(d("tmux-256color", "", false), C::Ansi256);
        assert_eq!(d("vt100", "", false), C::None);
        assert_eq!(d("vt220", "", false), C::None);
        assert!(is_dec_vt(Some("vt102")) && !is_dec_vt(Some("vte-256color")));
        assert_eq!(d("linux", "", false), C::Ansi16);
        assert_eq!(d("xterm", "", false), C::Ansi16);
        assert_eq!(d("", "", false), C::Ansi16);
    }

    #[test]
    fn only_dumb_is_unusable_and_the_message_names_the_headless_commands() {
        assert!(unusable_terminal(Some("vt100"), Lang::En).is_none());
        assert!(unusable_terminal(None, Lang::En).is_none());
        let en = unusable_terminal(Some("dumb"), Lang::En).unwrap();
        assert!(en.contains("xal list") && en.contains("TERM=dumb"), "{en}");
        let th = unusable_terminal(Some("dumb"), Lang::Th).unwrap();
        assert!(
            th.contains("xal eval FILE") && th.contains("เทอร์มินัล"),
            "{th}"
        );
    }

    fn held(s: &str, d: ColorDepth) -> String {
        String::from_utf8(hold_to_depth(s.as_bytes(), d).into_owned()).unwrap()
    }

    #[test]
    fn sixteen_colours_turn_256_codes_into_classic_ones() {
        let sixteen = ColorDepth::Ansi16;
        // crossterm's cyan on the default background, as the issue saw it.
        assert_eq!(held("\x1b[38;5;6;49mx", sixteen), "\x1b[36;49mx");
        assert_eq!(
            held("\x1b[38;5;14m\x1b[48;5;0m", sixteen),
            "\x1b[96m\x1b[40m"
        );
        assert_eq!(held("\x1b[1;38;2;255;0;0m", sixteen), "\x1b[1;91m");
        assert_eq!(held("\x1b[38;5;196m", sixteen), "\x1b[91m");
        assert_eq!(held("\x1b[38;5;236m", sixteen), "\x1b[30m");
        // Cursor moves, resets and text are untouched.
        assert_eq!(
            held("\x1b[2;5H\x1b[0m\x1b[7mไทย", sixteen),
            "\x1b[2;5H\x1b[0m\x1b[7mไทย"
        );
        assert_eq!(held("\x1b[38;5;6m", ColorDepth::Ansi256), "\x1b[38;5;6m");
    }

    #[test]
    fn no_colour_keeps_attributes_and_drops_every_colour() {
        let none = ColorDepth::None;
        assert_eq!(held("\x1b[1;38;5;6;48;5;3mA", none), "\x1b[1mA");
        assert_eq!(held("\x1b[38;5;6;49mA\x1b[31m", none), "\x1b[49mA");
        assert_eq!(held("\x1b[7m\x1b[mB", none), "\x1b[7m\x1b[mB");
    }

    #[test]
    fn the_palette_and_the_nearest_colour() {
        assert_eq!(xterm_rgb(16), (0, 0, 0));
        assert_eq!(xterm_rgb(231), (255, 255, 255));
        assert_eq!(xterm_rgb(232), (8, 8, 8));
        assert_eq!(nearest_ansi16((250, 10, 10)), 9);
        assert_eq!(nearest_ansi16((0, 200, 200)), 6);
    }
}
