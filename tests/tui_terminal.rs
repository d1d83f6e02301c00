//! The terminal is always given back: after `q`, SIGTERM, a panic, and when the terminal itself
//! goes away. Each test runs this test binary again as a child in a pseudo-terminal (the child
//! is the `child_process` test, which does nothing unless `XAL_TUI_CHILD` is set) and reads the
//! screen through a vt100 parser.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use xal::app::{Action, Context};
use xal::tui::keys::{Keymap, chain};
use xal::tui::terminal::{Input, Options, Tui};
use xal::tui::theme::Theme;
use xal::tui::widgets::wrap;

const MARKER: &str = "XAL_TUI_CHILD";
const IGNORE_HUP: &str = "XAL_TUI_CHILD_IGNORE_HUP";

/// The program under test: a minimal loop on the real `Tui`.
#[test]
fn child_process() {
    let Ok(marker) = std::env::var(MARKER) else {
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
                    Line::from("ภาษาไทย น้ำ ที่ กิ๊ก"),
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

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// Only one child at a time: a pty master leaking into a sibling's child would keep it from
/// ever hanging up.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Option<Box<dyn Write + Send>>,
    master: Option<Box<dyn MasterPty + Send>>,
    stop_reading: Arc<AtomicBool>,
    reader: Option<thread::JoinHandle<()>>,
    child: Box<dyn Child + Send + Sync>,
    master_fd: i32,
    marker: PathBuf,
    _dir: tempfile::TempDir,
}

impl Session {
    fn start(envs: &[(&str, &str)]) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("marker");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(std::env::current_exe().unwrap());
        cmd.args([
            "child_process",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ]);
        cmd.env(MARKER, &marker);
        cmd.env("TERM", "xterm-256color");
        cmd.env("RUST_BACKTRACE", "0");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let master = pair.master;
        let master_fd = master.as_raw_fd().unwrap();
        let writer = master.take_writer().unwrap();
        // Our own descriptor for reading, so that every master descriptor can be closed to
        // make the terminal hang up.
        // SAFETY: duplicating an open descriptor; the copy is owned by the File below.
        let fd = unsafe { libc::fcntl(master_fd, libc::F_DUPFD_CLOEXEC, 0) };
        assert!(fd >= 0);
        // SAFETY: `fd` is a fresh descriptor nothing else owns.
        let mut file = unsafe { File::from_raw_fd(fd) };
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let stop_reading = Arc::new(AtomicBool::new(false));
        let reader = {
            let parser = Arc::clone(&parser);
            let stop = Arc::clone(&stop_reading);
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while !stop.load(Ordering::SeqCst) {
                    let mut pfd = libc::pollfd {
                        fd,
                        events: libc::POLLIN,
                        revents: 0,
                    };
                    // SAFETY: one valid pollfd for the call.
                    let n = unsafe { libc::poll(&mut pfd, 1, 20) };
                    if n <= 0 || pfd.revents & libc::POLLIN == 0 {
                        if pfd.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                            break;
                        }
                        continue;
                    }
                    match file.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => parser.lock().unwrap().process(&buf[..n]),
                    }
                }
            })
        };
        Session {
            parser,
            writer: Some(writer),
            master: Some(master),
            stop_reading,
            reader: Some(reader),
            child,
            master_fd,
            marker,
            _dir: dir,
        }
    }

    fn screen_text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Polls the parsed screen until `pred` holds; prints the screen when it never does.
    fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if pred(self.parser.lock().unwrap().screen()) {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
        panic!(
            "timed out waiting for {what}; screen:\n{}\nmarker: {:?}",
            self.screen_text(),
            std::fs::read_to_string(&self.marker).ok()
        );
    }

    fn ready(&self) {
        self.wait_for("the first frame", |s| {
            s.alternate_screen() && s.contents().contains("xal child: presses 0")
        });
    }

    fn send(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().unwrap();
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    fn pid(&self) -> i32 {
        self.child.process_id().unwrap() as i32
    }

    fn wait_exit(&mut self, within: Duration) -> (portable_pty::ExitStatus, Duration) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, start.elapsed());
            }
            if start.elapsed() > within {
                let _ = self.child.kill();
                panic!(
                    "the child still runs after {within:?}; screen:\n{}",
                    self.screen_text()
                );
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    fn marker(&self) -> String {
        std::fs::read_to_string(&self.marker).unwrap_or_default()
    }

    /// The terminal is back in cooked mode with echo.
    fn cooked(&self) -> bool {
        // SAFETY: a zeroed termios is a valid out-parameter for tcgetattr.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: the master descriptor is open while the session lives.
        let ok = unsafe { libc::tcgetattr(self.master_fd, &mut t) } == 0;
        ok && t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    fn assert_restored(&self) {
        self.wait_for("the main screen back", |s| {
            !s.alternate_screen() && !s.hide_cursor()
        });
        assert!(self.cooked(), "the terminal is still in raw mode");
    }

    /// Closes every master descriptor: to the child, the terminal hung up.
    fn hang_up(&mut self) {
        self.stop_reading.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        self.writer.take();
        self.master.take();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
        }
        self.stop_reading.store(true, Ordering::SeqCst);
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
    s.wait_for("Thai drawn", |sc| sc.contents().contains("ภาษาไทย น้ำ ที่ กิ๊ก"));
    s.wait_for("the right border straight down the last column", |sc| {
        (1..23).all(|r| sc.cell(r, 79).is_some_and(|c| c.contents() == "│"))
    });
    s.send(b"j");
    s.wait_for("the key counted", |sc| sc.contents().contains("presses 1"));
    s.send(b"q");
    let (status, _) = s.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    s.wait_for("the goodbye on the main screen", |sc| {
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
    unsafe { libc::kill(s.pid(), libc::SIGTERM) };
    let (status, _) = s.wait_exit(Duration::from_secs(10));
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
    unsafe { libc::kill(s.pid(), libc::SIGHUP) };
    let (status, _) = s.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    assert_eq!(s.marker(), "stop HangUp\n");
}

#[test]
fn a_vanished_terminal_ends_the_program_within_a_second() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.hang_up();
    let (status, took) = s.wait_exit(Duration::from_secs(10));
    eprintln!("exited {took:?} after the hang-up: {:?}", s.marker());
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert!(status.success(), "{status:?}");
    assert!(s.marker().starts_with("stop HangUp"), "{:?}", s.marker());
}

#[test]
fn a_vanished_terminal_is_seen_even_without_sighup() {
    let _one = lock();
    let mut s = Session::start(&[(IGNORE_HUP, "1")]);
    s.ready();
    s.hang_up();
    let (status, took) = s.wait_exit(Duration::from_secs(10));
    eprintln!("exited {took:?} after the hang-up: {:?}", s.marker());
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(status.success(), "{status:?}");
    assert!(s.marker().starts_with("stop HangUp"), "{:?}", s.marker());
}

#[test]
fn a_panic_restores_the_terminal_before_the_message() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.send(b"?");
    let (status, _) = s.wait_exit(Duration::from_secs(10));
    assert!(!status.success());
    s.assert_restored();
    s.wait_for("the panic message on the main screen", |sc| {
        sc.contents().contains("the child panics on purpose")
    });
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.wait_for("the first size", |sc| sc.contents().contains("size 80x24"));
    s.parser.lock().unwrap().set_size(nz(30), nz(100));
    s.master
        .as_ref()
        .unwrap()
        .resize(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.wait_for("the new size", |sc| sc.contents().contains("size 100x30"));
    s.send(b"q");
    s.wait_exit(Duration::from_secs(10));
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_takes_it_again() {
    let _one = lock();
    let mut s = Session::start(&[]);
    s.ready();
    s.send(b"j");
    s.wait_for("a key", |sc| sc.contents().contains("presses 1"));
    // Without a job-control shell the kernel ignores the stop (the child's process group is
    // orphaned), so the child comes straight back: it must have left and re-entered.
    s.send(b"\x1a");
    s.wait_for("the screen redrawn after the suspend", |sc| {
        sc.alternate_screen() && sc.contents().contains("presses 2")
    });
    assert_eq!(s.marker(), "resumed\n");
    s.send(b"q");
    let (status, _) = s.wait_exit(Duration::from_secs(10));
    assert!(status.success());
    s.assert_restored();
}

/// A tmux server of our own: an independent terminal that measures Thai with wcwidth.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Option<String> {
        let out = std::process::Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn thai_and_borders_line_up_in_tmux() {
    if std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("note: tmux is not installed; the tmux screen test did not run");
        return;
    }
    let _one = lock();
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("marker");
    let tmux = Tmux {
        socket: format!("xal-test-{}", std::process::id()),
    };
    let command = format!(
        "env {MARKER}={} RUST_BACKTRACE=0 {} child_process --exact --nocapture --test-threads=1",
        marker.display(),
        std::env::current_exe().unwrap().display()
    );
    tmux.run(&["new-session", "-d", "-x", "80", "-y", "24", &command])
        .expect("tmux starts");
    let screen = || tmux.run(&["capture-pane", "-p"]).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !screen().contains("ภาษาไทย น้ำ ที่ กิ๊ก") {
        assert!(Instant::now() < deadline, "never drawn:\n{}", screen());
        thread::sleep(Duration::from_millis(5));
    }
    let shown = screen();
    let rows: Vec<&str> = shown.lines().collect();
    assert_eq!(rows.len(), 24, "{shown}");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(wrap::width(row), 80, "row {i} is not 80 cells: {row:?}");
        let last = row.chars().last().unwrap();
        assert!(
            matches!(last, '│' | '┐' | '┘'),
            "row {i} ends with {last:?}"
        );
    }
    tmux.run(&["send-keys", "q"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(&marker).unwrap_or_default() != "quit\n" {
        assert!(Instant::now() < deadline, "did not quit: {}", screen());
        thread::sleep(Duration::from_millis(5));
    }
}
