//! Limited terminals, in a real pty, byte for byte: `TERM=dumb` is told to use the headless
//! commands; `TERM=vt100` gets ASCII in black and white, `TERM=linux` 16-colour codes only;
//! `NO_COLOR` no colour at all; a non-UTF-8 locale (`LANG=C`) or `--ascii` not one byte
//! outside ASCII, symbols and the language key included.

use crate::support;

use std::time::Duration;

use support::pty::{is_colour_param, sgr_params};
use support::*;
use xal::ruleset::registry::Registry;

/// An assessment whose every word is ASCII, so that any other byte on screen is xal's own.
fn ascii_case(sb: &Sandbox) {
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "Tax e-filing",
        "Revenue Department",
        income_tax(),
        at(0),
    );
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "Agency news",
        "Revenue Department",
        answers(&[("service.group", choice("emerging"))]),
        at(1),
    );
}

/// The interface at 120×40 in `env`, its list and the opened case drawn (so that marks,
/// radio buttons, arrows and reasons have all been sent), then `q`.
fn session(env: &[(&str, &str)], args: &[&str]) -> Vec<u8> {
    let sb = Sandbox::new();
    ascii_case(&sb);
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    let mut pty = Pty::xal(&sb, &all, env, 120, 40);
    if env.contains(&("LANG", "C")) {
        // The start says why it draws in ASCII, where the status goes: no dialog to close.
        pty.wait_text("LANG/LC_ALL do not say UTF-8");
    }
    pty.wait_text("Agency news");
    pty.send_str("\r");
    // The wizard's title counts the answers once the case is open.
    pty.wait_text("answered");
    pty.send_str("q");
    let (status, _) = pty.wait_exit(Duration::from_secs(30));
    assert!(status.success(), "{status:?}\n{}", pty.dump());
    pty.raw_bytes()
}

fn colour_codes(raw: &[u8]) -> Vec<Vec<u16>> {
    sgr_params(raw)
        .into_iter()
        .filter(|p| p.iter().any(|&n| is_colour_param(n)))
        .collect()
}

#[test]
fn dumb_terminal_is_told_to_use_the_headless_commands() {
    let sb = Sandbox::new();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[("TERM", "dumb")], 100, 10);
    let (status, _) = pty.wait_exit(Duration::from_secs(30));
    assert_eq!(status.exit_code(), 2);
    // The one line, as the pty delivers it, and nothing else: no mode, no colour, no cursor.
    assert_eq!(
        String::from_utf8(pty.raw_bytes()).unwrap(),
        "xal: this terminal (TERM=dumb) cannot move the cursor, so it cannot show the \
         interface: use the headless commands, e.g. xal list, xal show ID, xal eval FILE (see \
         xal --help), or set TERM to your terminal, e.g. TERM=xterm\r\n"
    );
    // The headless commands still work there.
    let o = support::cli::xal_command()
        .env("TERM", "dumb")
        .args(["eval", "tests/data/income-tax.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn vt100_gets_ascii_in_black_and_white_and_linux_sixteen_colours() {
    // A DEC VT shows neither colour nor Unicode box drawing: ASCII, bold and reverse video.
    let raw = session(&[("TERM", "vt100")], &[]);
    assert_eq!(colour_codes(&raw), Vec::<Vec<u16>>::new());
    assert!(
        sgr_params(&raw).iter().any(|p| p.contains(&7)),
        "selection in reverse"
    );
    let text = String::from_utf8(raw).expect("whole characters");
    let bad: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    assert!(bad.is_empty(), "not ASCII: {bad:?}");
    assert!(text.contains('+') && text.contains('|'), "ASCII borders");
    // The Linux console: the 16 classic colours, never a 256-colour or RGB code.
    let raw = session(&[("TERM", "linux")], &[]);
    let codes = colour_codes(&raw);
    assert!(!codes.is_empty(), "the default theme still colours");
    for p in &codes {
        assert!(
            !p.contains(&38) && !p.contains(&48) && !p.contains(&58),
            "a 256-colour or RGB code: ESC[{p:?}m"
        );
        assert!(
            p.iter()
                .all(|&n| !is_colour_param(n)
                    || matches!(n, 30..=37 | 40..=47 | 90..=97 | 100..=107)),
            "{p:?}"
        );
    }
    // Under xterm-256color the same session uses crossterm's 256-colour codes as before.
    let full = session(&[("TERM", "xterm-256color")], &[]);
    assert!(colour_codes(&full).iter().any(|p| p.contains(&38)));
}

#[test]
fn no_color_sends_no_colour_and_keeps_reverse_video() {
    let raw = session(&[("NO_COLOR", "1")], &[]);
    assert_eq!(colour_codes(&raw), Vec::<Vec<u16>>::new());
    assert!(
        sgr_params(&raw).iter().any(|p| p.contains(&7)),
        "selection in reverse"
    );
}

#[test]
fn a_c_locale_or_ascii_sends_not_one_byte_outside_ascii() {
    for (env, args) in [
        (vec![("LANG", "C.UTF-8")], vec!["--ascii"]),
        (vec![("LANG", "C")], vec![]),
    ] {
        let raw = session(&env, &args);
        // Every character is ASCII, the language key's too (`L Thai`).
        let text = String::from_utf8(raw.clone()).expect("whole characters");
        let bad: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| !c.is_ascii()).collect();
        assert!(text.contains("Thai"), "the other language named in ASCII");
        assert!(bad.is_empty(), "{env:?} {args:?}: not ASCII: {bad:?}");
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains('+') && text.contains('|'), "ASCII borders");
    }
    // With a UTF-8 locale and no flag, the symbols are sent.
    let raw = session(&[("LANG", "C.UTF-8")], &[]);
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains('│') && text.contains('›'),
        "box drawing and marks"
    );
}
