//! The Thai screen read back through an independent terminal: tmux, which measures characters
//! with the C library's `wcwidth`. Every captured line must be exactly the terminal's width in
//! display cells (trailing blanks kept with `capture-pane -N`), and the pane borders must stand
//! in the same columns on every row. Skipped, with a printed reason, when tmux is missing.
//!
//! tmux runs its own server (`-L <unique>`, `-f /dev/null`, its socket under the test's
//! sandbox through `TMUX_TMPDIR`), killed at the end.

mod support;

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use support::*;
use unicode_width::UnicodeWidthStr;
use xal::ruleset::registry::Registry;

const W: usize = 80;
const H: usize = 24;

struct Tmux {
    socket: String,
    tmpdir: std::path::PathBuf,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"])
            .env("TMUX_TMPDIR", &self.tmpdir)
            .env("LC_ALL", "C.UTF-8")
            .env("LANG", "C.UTF-8")
            .env_remove("TMUX");
        c
    }

    fn run(&self, args: &[&str]) -> Option<String> {
        let out = self.cmd().args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn capture(&self) -> String {
        self.run(&["capture-pane", "-p", "-N"]).unwrap_or_default()
    }

    /// Polls the captured screen every 5 ms until `pred` holds.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
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
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The command line tmux runs: `env -i` with the sandbox's environment, then xal.
fn command(sb: &Sandbox, bin: &Path) -> String {
    let mut parts = vec!["env".to_string(), "-i".to_string()];
    for (k, v) in sb.child_env("C.UTF-8") {
        if k == "TERM" {
            continue; // tmux sets its own
        }
        parts.push(shell_quote(&format!("{k}={v}")));
    }
    parts.push("TERM=tmux-256color".into());
    parts.push(shell_quote(&bin.display().to_string()));
    for a in ["--lang", "th", "--data-dir"] {
        parts.push(a.into());
    }
    parts.push(shell_quote(&sb.data_dir().display().to_string()));
    parts.join(" ")
}

#[test]
fn a_thai_screen_is_exactly_as_wide_as_the_terminal_in_tmux() {
    if !tmux_available() {
        eprintln!("skipped: tmux is not installed, so the tmux screen test did not run");
        return;
    }
    let sb = Sandbox::new();
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "จองคิวขอใช้น้ำประปาที่บ้านผู้สูงอายุ",
        "การประปานครหลวง",
        at_proofing(matrix_rows(&[
            ("reputation", "moderate"),
            ("financial", "low"),
            ("programs", "high"),
        ])),
        at(0),
    );
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let tmux = Tmux {
        socket: format!("xal-test-{}-{nanos}", std::process::id()),
        tmpdir: sb.root.path().to_path_buf(),
    };
    let cmd = command(&sb, &xal_bin());
    tmux.run(&[
        "new-session",
        "-d",
        "-x",
        &W.to_string(),
        "-y",
        &H.to_string(),
        &cmd,
    ])
    .expect("tmux starts a session");
    tmux.wait_for("the list", |s| s.contains("การประปานครหลวง"));
    tmux.run(&["send-keys", "Enter"]).unwrap();
    // The wizard on the proofing matrix, the result beside it, the last cell drawn.
    let screen = tmux.wait_for("the wizard on the matrix", |s| {
        s.contains("impact.proofing") && s.contains("ผลการประเมิน") && s.contains("q ออก")
    });

    // Blank cells the program never wrote (a diffing renderer skips cells that are already
    // blank) are not captured even with -N: a shorter line counts once padded with blanks; a
    // longer one is the failure this test is for.
    let rows: Vec<String> = screen
        .lines()
        .map(|l| {
            let w = UnicodeWidthStr::width(l);
            assert!(w <= W, "a row wider than {W} cells ({w}): {l:?}\n{screen}");
            format!("{l}{}", " ".repeat(W - w))
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    assert_eq!(rows.len(), H, "{screen}");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            UnicodeWidthStr::width(*row),
            W,
            "row {i} is not {W} cells wide: {row:?}\n{screen}"
        );
    }
    // Row 1 is the top border, rows 2..=21 the panes' insides, row 22 the bottom border.
    assert!(
        rows[1].starts_with('┌') && rows[1].ends_with('┐'),
        "{}",
        rows[1]
    );
    assert!(
        rows[22].starts_with('└') && rows[22].ends_with('┘'),
        "{}",
        rows[22]
    );
    let bars = |row: &str| -> Vec<usize> {
        let mut col = 0;
        let mut at = Vec::new();
        for c in row.chars() {
            if c == '│' {
                at.push(col);
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        at
    };
    let expected = bars(rows[2]);
    assert!(
        expected.first() == Some(&0) && expected.last() == Some(&(W - 1)) && expected.len() == 4,
        "the borders of row 2 stand at {expected:?}: {}",
        rows[2]
    );
    for (i, row) in rows.iter().enumerate().take(22).skip(2) {
        assert_eq!(
            bars(row),
            expected,
            "row {i}: the borders moved: {row:?}\n{screen}"
        );
    }
    // Thai with SARA AM and stacked marks is on the screen.
    for word in ["ประปา", "ผลกระทบ", "ที่", "ผู้"] {
        assert!(screen.contains(word), "{word} not shown:\n{screen}");
    }
    tmux.run(&["send-keys", "q"]).unwrap();
    let deadline = Instant::now() + PATIENCE;
    while tmux.run(&["list-panes", "-F", "#{pane_dead}"]).is_some() {
        if Instant::now() > deadline {
            panic!("xal did not quit:\n{}", tmux.capture());
        }
        thread::sleep(Duration::from_millis(5));
    }
}
