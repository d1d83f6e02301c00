//! tmux as an independent terminal: it measures characters with the C library's `wcwidth`, not
//! with the `unicode-width` tables that ratatui, vt100 and xal share, so a Thai cell that xal
//! measures differently from a real terminal shows up here and nowhere else.
//!
//! Each [`Tmux`] is a server of its own (`-L <unique>`, `-f /dev/null`, its socket under the
//! test's folder through `TMUX_TMPDIR`), killed when it is dropped. Positions are tmux's own:
//! [`Tmux::cells`] asks tmux where it holds each character ([`Grid`]), instead of re-measuring
//! the captured text, and [`boxes_line_up`] checks borders on those positions.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::{PATIENCE, tools};

/// A tmux server of the test's own, running one program in one window.
pub struct Tmux {
    bin: PathBuf,
    socket: String,
    tmpdir: PathBuf,
}

impl Tmux {
    /// Starts a server whose one session runs `command` (a shell command line, see
    /// [`env_command`]) in a detached `cols`×`rows` window, its socket under `tmpdir`.
    /// `None` when tmux is missing outside CI ([`tools::require`] said so); under CI a missing
    /// tmux fails the test.
    #[track_caller]
    pub fn start(tmpdir: &Path, cols: u16, rows: u16, command: &str) -> Option<Tmux> {
        let [bin] = tools::require([&["tmux"]])?;
        static SERVERS: AtomicUsize = AtomicUsize::new(0);
        let tmux = Tmux {
            bin,
            socket: format!(
                "xal-test-{}-{}",
                std::process::id(),
                SERVERS.fetch_add(1, Ordering::SeqCst)
            ),
            tmpdir: tmpdir.to_path_buf(),
        };
        let (cols, rows) = (cols.to_string(), rows.to_string());
        if let Err(e) = tmux.run(&["new-session", "-d", "-x", &cols, "-y", &rows, command]) {
            panic!("tmux does not start a session: {e}");
        }
        Some(tmux)
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new(&self.bin);
        c.args(["-L", &self.socket, "-f", "/dev/null"])
            .env("TMUX_TMPDIR", &self.tmpdir)
            .env("LC_ALL", "C.UTF-8")
            .env("LANG", "C.UTF-8")
            .env_remove("TMUX");
        c
    }

    /// One tmux command (or several, separated by `";"` arguments); its stdout, or its stderr
    /// when it fails.
    pub fn run<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Result<String, String> {
        let out = self
            .cmd()
            .args(args)
            .output()
            .map_err(|e| format!("tmux: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "tmux {:?}: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// The screen as tmux holds it, one line per row, trailing blanks kept (`capture-pane -N`)
    /// up to the last cell the program wrote on that row.
    pub fn capture(&self) -> String {
        self.run(&["capture-pane", "-p", "-N"]).unwrap_or_default()
    }

    /// Keys as `send-keys` names them (`"Enter"`, `"q"`).
    pub fn send_keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        if let Err(e) = self.run(&args) {
            panic!("send-keys {keys:?}: {e}");
        }
    }

    /// Polls the captured screen every 5 ms until `pred` holds; on timeout the test fails with
    /// the screen printed.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.capture();
            if pred(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the program in the window has ended (and with it the session and server).
    pub fn wait_ended(&self, what: &str) {
        let deadline = Instant::now() + PATIENCE;
        while self.run(&["list-panes", "-F", "#{pane_dead}"]) == Ok("0\n".into()) {
            assert!(
                Instant::now() < deadline,
                "{what} did not end:\n{}",
                self.capture()
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Where tmux holds each of `chars` on every row, in tmux's own columns. For every
    /// occurrence in a row tmux's copy mode jumps to it (`jump-forward`) and reports its cursor
    /// (`#{copy_cursor_x}`); a row's first character is in column 0. The screen is captured
    /// before and after, and measured again if it changed in between.
    pub fn cells(&self, chars: &[char]) -> Grid {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let before = self.capture();
            let grid = self.measure(&before, chars);
            if self.capture() == before {
                return grid;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never held still:\n{before}"
            );
        }
    }

    fn measure(&self, screen: &str, chars: &[char]) -> Grid {
        let lines: Vec<&str> = screen.lines().collect();
        let mut rows = vec![Vec::new(); lines.len()];
        let mut args: Vec<String> = Vec::new();
        let mut then = |cmd: &[&str]| {
            if !args.is_empty() {
                args.push(";".into());
            }
            args.extend(cmd.iter().map(|s| s.to_string()));
        };
        then(&["copy-mode"]);
        then(&["send", "-X", "top-line"]);
        for (y, line) in lines.iter().enumerate() {
            if y > 0 {
                then(&["send", "-X", "cursor-down"]);
            }
            for &c in chars {
                let mut jumps = line.chars().filter(|&x| x == c).count();
                if line.starts_with(c) {
                    rows[y].push((0, c));
                    jumps -= 1;
                }
                if jumps == 0 {
                    continue;
                }
                then(&["send", "-X", "start-of-line"]);
                let (c, report) = (
                    c.to_string(),
                    format!("{y} {c} #{{copy_cursor_y}} #{{copy_cursor_x}}"),
                );
                for _ in 0..jumps {
                    then(&["send", "-X", "jump-forward", &c]);
                    then(&["display-message", "-p", &report]);
                }
            }
        }
        then(&["send", "-X", "cancel"]);
        let out = self
            .run(&args)
            .unwrap_or_else(|e| panic!("measuring the screen in copy mode: {e}"));
        for report in out.lines() {
            let parts: Vec<&str> = report.split(' ').collect();
            let [y, c, cursor_y, x] = parts[..] else {
                panic!("unexpected report from tmux: {report:?}");
            };
            let y: usize = y.parse().unwrap();
            assert_eq!(cursor_y, y.to_string(), "tmux's copy cursor left row {y}");
            rows[y].push((x.parse().unwrap(), c.chars().next().unwrap()));
        }
        for r in &mut rows {
            r.sort();
        }
        Grid { rows }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Where a terminal holds some characters: for each row, `(column, character)` by column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<Vec<(usize, char)>>,
}

impl Grid {
    /// The grid a terminal would report for `lines` if every character took exactly one cell
    /// (true of box drawing and ASCII), keeping only `chars`. For checking the checks on
    /// screens made up in a test.
    pub fn one_cell_per_char(lines: &[&str], chars: &[char]) -> Grid {
        Grid {
            rows: lines
                .iter()
                .map(|l| {
                    l.chars()
                        .enumerate()
                        .filter(|(_, c)| chars.contains(c))
                        .collect()
                })
                .collect(),
        }
    }

    /// The columns of `c` on row `y`, left to right.
    pub fn columns(&self, y: usize, c: char) -> Vec<usize> {
        self.rows
            .get(y)
            .map(|r| {
                r.iter()
                    .filter(|(_, x)| *x == c)
                    .map(|(col, _)| *col)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The box-drawing characters [`boxes_line_up`] reads.
/// The border characters, and `┃`, a scrollbar's thumb drawn on a box's right edge.
pub const BORDERS: [char; 6] = ['┌', '┐', '└', '┘', '│', '┃'];

/// Checks that the boxes drawn side by side on rows `top..=bottom` of a `width`-column screen
/// stand straight: on the top row the corners `┌`/`┐` give each box's left and right column,
/// from column 0 to the last column; every row between holds `│` in exactly those columns and
/// nowhere else, and the bottom row `└`/`┘` in the same columns. A row with a cell too few or
/// too many before a border fails. Returns the border columns.
pub fn boxes_line_up(
    grid: &Grid,
    width: usize,
    top: usize,
    bottom: usize,
) -> Result<Vec<usize>, String> {
    if grid.rows.len() <= bottom {
        return Err(format!(
            "{} rows, the boxes end on row {bottom}",
            grid.rows.len()
        ));
    }
    let left = grid.columns(top, '┌');
    let right = grid.columns(top, '┐');
    if left.is_empty() || left.len() != right.len() {
        return Err(format!(
            "row {top}: ┌ in columns {left:?} and ┐ in {right:?}: not the tops of boxes"
        ));
    }
    if left[0] != 0 || right[right.len() - 1] != width - 1 {
        return Err(format!(
            "row {top}: the boxes span columns {} to {}, not 0 to {}",
            left[0],
            right[right.len() - 1],
            width - 1
        ));
    }
    for i in 0..left.len() {
        let next = left.get(i + 1).copied().unwrap_or(width);
        if !(left[i] < right[i] && right[i] < next) {
            return Err(format!(
                "row {top}: ┌ in columns {left:?} and ┐ in {right:?} do not pair up"
            ));
        }
    }
    let mut edges: Vec<usize> = left.iter().chain(&right).copied().collect();
    edges.sort();
    for y in top + 1..bottom {
        // A scrollbar's thumb stands in the right edge's column: an edge all the same.
        let mut bars = grid.columns(y, '│');
        bars.extend(grid.columns(y, '┃'));
        bars.sort();
        if bars != edges {
            return Err(format!(
                "row {y}: │ in columns {bars:?}, but the boxes' edges are {edges:?}"
            ));
        }
    }
    for (c, want) in [('└', &left), ('┘', &right)] {
        let got = grid.columns(bottom, c);
        if &got != want {
            return Err(format!(
                "row {bottom}: {c} in columns {got:?}, expected {want:?}"
            ));
        }
    }
    Ok(edges)
}

/// A shell command line that runs `program args` with exactly `env` (`env -i`), for tmux to
/// start.
pub fn env_command(env: &[(String, String)], program: &Path, args: &[&str]) -> String {
    let mut words = vec!["env".to_string(), "-i".to_string()];
    words.extend(env.iter().map(|(k, v)| shell_quote(&format!("{k}={v}"))));
    words.push(shell_quote(&program.display().to_string()));
    words.extend(args.iter().map(|a| shell_quote(a)));
    words.join(" ")
}

pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

unsafe extern "C" {
    fn wcwidth(c: libc::wchar_t) -> libc::c_int;
}

/// The width of `s` in terminal cells as the C library measures it in a UTF-8 locale (what
/// tmux uses), independent of the `unicode-width` tables of xal and ratatui. Panics on a
/// character the C library calls unprintable.
pub fn c_width(s: &str) -> usize {
    thread_local! {
        /// This thread's own UTF-8 locale for `wcwidth` (`uselocale` is per thread).
        static UTF8: () = {
            // SAFETY: a valid locale name and no base locale.
            let loc = unsafe {
                libc::newlocale(libc::LC_CTYPE_MASK, c"C.UTF-8".as_ptr(), std::ptr::null_mut())
            };
            assert!(!loc.is_null(), "no C.UTF-8 locale for wcwidth");
            // SAFETY: `loc` is a valid locale, kept for the life of the thread.
            unsafe { libc::uselocale(loc) };
        };
    }
    UTF8.with(|_| ());
    s.chars()
        .map(|c| {
            // SAFETY: wcwidth reads only its argument and the thread's locale.
            let w = unsafe { wcwidth(c as libc::wchar_t) };
            assert!(w >= 0, "wcwidth({c:?}) = {w}");
            w as usize
        })
        .sum()
}
