//! The terminal is always given back: after `q`, SIGTERM, a panic, and when the terminal itself
//! goes away. Each test runs this test binary again as a child in a pseudo-terminal (the child
//! is the ignored `child_process` test, which only the tests here start, with `XAL_TUI_CHILD`
//! set) through the shared driver of `tests/support/pty.rs`, and reads the screen through its
//! vt100 parser; one test reads it through tmux instead.

use crate::support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use support::tmux::{BORDERS, Tmux, boxes_line_up, c_width, env_command};
use support::{Pty, Sandbox};
use xal::app::{Action, Context};
use xal::tui::keys::{Keymap, chain};
use xal::tui::terminal::{Input, Options, Tui};
use xal::tui::theme::Theme;

const MARKER: &str = "XAL_TUI_CHILD";
const IGNORE_HUP: &str = "XAL_TUI_CHILD_IGNORE_HUP";
/// How the child is started: this test binary, running only the ignored `child_process`.
const CHILD_ARGS: [&str; 5] = [
    "tui_terminal::child_process",
    "--exact",
    "--ignored",
    "--nocapture",
    "--test-threads=1",
];
/// The Thai line the child draws: SARA AM, marks above and below, a tone mark on a vowel.
const THAI: &str = "ภาษาไทย น้ำ ที่ กิ๊ก";

/// The program under test: a minimal loop on the real `Tui`.
#[test]
#[ignore = "the child process of the other tests here, which start it with XAL_TUI_CHILD set"]
fn child_process() {
    let Ok(marker) = std::env::var(MARKER) else {
        eprintln!("not a test: the other tests of tui_terminal run this as their child");
        return;
    };
    run_child(Path::new(&marker));
}

fn run_child(marker: &Path) {
    let note = |s: &str| {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(marker)
            .unwrap();
        writeln!(f, "{s}").unwrap();
    };
    let mut tui = Tui::start(Options::default()).expect("a terminal");
    if std::env::var_os(IGNORE_HUP).is_some() {
        // Leaves only the tty itself to tell of the hang-up, as when the tty is not the
        // controlling terminal.
        // SAFETY: replacing a signal disposition; nothing else runs in this child yet.
        unsafe { libc::signal(libc::SIGHUP, libc::SIG_IGN) };
    }
    let keymap = Keymap::defaults();
    let theme = Theme::default();
    let mut presses = 0;
    let mut dirty = true;
    loop {
        if dirty {
            let drawn = tui.draw(|f| {
                let a = f.area();
                let lines = vec![
                    Line::from(format!("xal child: presses {presses}")),
                    Line::from(format!("size {}x{}", a.width, a.height)),
                    Line::from(THAI),
                ];
                let block = theme.block("ผลการประเมิน", true);
                f.render_widget(Paragraph::new(lines).block(block), a);
            });
            if drawn.is_err() {
                note("stop HangUp (write)");
                break;
            }
            dirty = false;
        }
        match tui.next_input(Duration::from_secs(30)) {
            Input::Key(k) => {
                match keymap.action(chain(Context::List), &k, true) {
                    Some(Action::Quit) => {
                        note("quit");
                        break;
                    }
                    Some(Action::Suspend) => {
                        tui.suspend().unwrap();
                        note("resumed");
                    }
                    Some(Action::Help) => panic!("the child panics on purpose"),
                    _ => {}
                }
                presses += 1;
                dirty = true;
            }
            Input::Stop(r) => {
                note(&format!("stop {r:?}"));
                break;
            }
            Input::Redraw => dirty = true,
            _ => {}
        }
    }
    drop(tui);
    // Not println!: it panics when the terminal is gone.
    let _ = writeln!(std::io::stdout(), "child left the screen");
    // Straight out: the test harness would print its report to a terminal that may be gone.
    std::process::exit(0);
}

/// Only one child at a time: a pty master leaking into a sibling's child would keep it from
/// ever hanging up.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The child in a pseudo-terminal of 80×24, in a sandbox of its own.
struct Session {
    pty: Pty,
    marker: PathBuf,
    _sandbox: Sandbox,
}

/// The child's environment: the sandbox's, the marker file, and `extra`.
fn child_env(sb: &Sandbox, marker: &Path, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env = sb.child_env("C.UTF-8");
    env.push((MARKER.into(), marker.display().to_string()));
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    env
}

impl Session {
    fn start(extra: &[(&str, &str)]) -> Session {
        let sb = Sandbox::new();
        let marker = sb.root.path().join("marker");
        let env = child_env(&sb, &marker, extra);
        let exe = std::env::current_exe().unwrap();
        let pty = Pty::spawn(&exe, &CHILD_ARGS, &env, sb.root.path(), 80, 24);
        Session {
            pty,
            marker,
            _sandbox: sb,
        }
    }

    fn ready(&mut self) {
        self.pty.wait_for("the first frame", |s| {
            s.alternate_screen() && s.contents().contains("xal child: presses 0")
        });
    }

    /// What the child noted: how its loop ended.
    fn marker(&self) -> String {
        std::fs::read_to_string(&self.marker).unwrap_or_default()
    }

    fn assert_restored(&mut self) {
        self.pty.wait_for("the main screen back", |s| {
            !s.alternate_screen() && !s.hide_cursor()
        });
        assert!(self.pty.cooked(), "the terminal is still in raw mode");
    }
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn q_quits_and_gives_the_terminal_back() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.pty
        .wait_for("Thai drawn", |sc| sc.contents().contains("ภาษาไทย น้ำ ที่ กิ๊ก"));
    s.pty
        .wait_for("the right border straight down the last column", |sc| {
            (1..23).all(|r| sc.cell(r, 79).is_some_and(|c| c.contents() == "│"))
        });
    s.pty.send(b"j");
    s.pty
        .wait_for("the key counted", |sc| sc.contents().contains("presses 1"));
    s.pty.send(b"q");
    let (status, _) = s.pty.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    s.pty.wait_for("the goodbye on the main screen", |sc| {
        sc.contents().contains("child left the screen")
    });
    assert_eq!(s.marker(), "quit\n");
}

#[test]
fn sigterm_stops_the_loop_and_restores() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    // SAFETY: sending a signal to our own child.
    unsafe { libc::kill(s.pty.pid(), libc::SIGTERM) };
    let (status, _) = s.pty.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    assert_eq!(s.marker(), "stop Terminate\n");
}

#[test]
fn sighup_stops_the_loop() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    // SAFETY: sending a signal to our own child.
    unsafe { libc::kill(s.pty.pid(), libc::SIGHUP) };
    let (status, _) = s.pty.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    assert_eq!(s.marker(), "stop HangUp\n");
}

#[test]
fn a_vanished_terminal_ends_the_program() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.pty.hang_up();
    let (status, took) = s.pty.wait_exit(Duration::from_secs(10));
    eprintln!("exited {took:?} after the hang-up: {:?}", s.marker());
    assert!(status.success(), "{status:?}");
    assert!(s.marker().starts_with("stop HangUp"), "{:?}", s.marker());
}

#[test]
fn a_vanished_terminal_is_seen_even_without_sighup() {
    let _one = lock();
    let mut s = Session::start(&[(IGNORE_HUP, "1")]);
    s.ready();
    s.pty.hang_up();
    let (status, took) = s.pty.wait_exit(Duration::from_secs(10));
    eprintln!("exited {took:?} after the hang-up: {:?}", s.marker());
    assert!(status.success(), "{status:?}");
    assert!(s.marker().starts_with("stop HangUp"), "{:?}", s.marker());
}

#[test]
fn a_panic_restores_the_terminal_before_the_message() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.pty.send(b"?");
    let (status, _) = s.pty.wait_exit(Duration::from_secs(10));
    assert!(!status.success());
    s.assert_restored();
    s.pty
        .wait_for("the panic message on the main screen", |sc| {
            sc.contents().contains("the child panics on purpose")
        });
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.pty
        .wait_for("the first size", |sc| sc.contents().contains("size 80x24"));
    s.pty.resize(100, 30);
    s.pty
        .wait_for("the new size", |sc| sc.contents().contains("size 100x30"));
    s.pty.send(b"q");
    s.pty.wait_exit(Duration::from_secs(10));
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_takes_it_again() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.pty.send(b"j");
    s.pty
        .wait_for("a key", |sc| sc.contents().contains("presses 1"));
    // Without a job-control shell the kernel ignores the stop (the child's process group is
    // orphaned), so the child comes straight back: it must have left and re-entered.
    s.pty.send(b"\x1a");
    s.pty
        .wait_for("the screen redrawn after the suspend", |sc| {
            sc.alternate_screen() && sc.contents().contains("presses 2")
        });
    assert_eq!(s.marker(), "resumed\n");
    s.pty.send(b"q");
    let (status, _) = s.pty.wait_exit(Duration::from_secs(10));
    assert!(status.success());
    s.assert_restored();
}

/// tmux, an independent terminal that measures Thai with the C library's `wcwidth`: the box
/// stands straight where tmux itself holds its cells, and the Thai row is laid out as `wcwidth`
/// lays it out (xal and ratatui measure with `unicode-width`; a disagreement moves a word).
#[test]
fn thai_and_borders_line_up_in_tmux() {
    let _one = lock();
    let sb = Sandbox::new();
    let marker = sb.root.path().join("marker");
    let mut env = child_env(&sb, &marker, &[]);
    env.retain(|(k, _)| k != "TERM");
    env.push(("TERM".into(), "tmux-256color".into()));
    let command = env_command(&env, &std::env::current_exe().unwrap(), &CHILD_ARGS);
    let Some(tmux) = Tmux::start(sb.root.path(), 80, 24, &command) else {
        return;
    };
    tmux.wait_for("the Thai line", |s| s.contains(THAI));
    let grid = tmux.cells(&BORDERS);
    let screen = tmux.capture();
    let edges = boxes_line_up(&grid, 80, 0, 23).unwrap_or_else(|e| panic!("{e}\n{screen}"));
    assert_eq!(edges, [0, 79], "one box over the whole screen:\n{screen}");
    let rows: Vec<&str> = screen.lines().collect();
    assert_eq!(rows.len(), 24, "{screen}");
    let thai_row = format!("│{THAI}{}│", " ".repeat(78 - c_width(THAI)));
    assert_eq!(rows[3], thai_row, "the Thai row as wcwidth lays it out");
    tmux.send_keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(&marker).unwrap_or_default() != "quit\n" {
        assert!(
            Instant::now() < deadline,
            "did not quit: {}",
            tmux.capture()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    tmux.wait_ended("the child");
}
