//! Shared helpers of the interface tests (`tui_snapshots`, `tui_e2e`, `tui_tmux`) and of
//! `benches/tui.rs`: a sandbox of temporary folders so no test ever touches the real home,
//! assessment fixtures with fixed timestamps, and a pseudo-terminal driver that runs the real
//! `xal` binary and reads its screen through a vt100 parser.
//!
//! The driver never sleeps a fixed time to let something happen: it polls the parsed screen
//! every 5 ms until a predicate holds, with a generous deadline, and prints the screen when the
//! deadline passes.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use xal::answers::{AnswerSet, AnswerValue, Answers, Group};
use xal::app::catalog;
use xal::ruleset::registry::Registry;
use xal::store::{Assessment, Loaded, RulesetRef, Service, Store};

/// Facts of the DGS ruleset shared with the other tests and benches: its impact categories, the
/// spec's income-tax answers as file text.
#[path = "dgs.rs"]
pub mod dgs;

/// How long any wait may take before the test fails. Generous: the suite runs in parallel on two
/// loaded cores.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The `xal` binary cargo built for the integration tests.
pub fn xal_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_xal"))
}

// ----- a sandbox of folders ---------------------------------------------------------------------

/// A temporary root holding the data dir, an empty config dir and a fake home, all removed at
/// the end of the test.
pub struct Sandbox {
    pub root: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let root = tempfile::Builder::new()
            .prefix("xal-tui-")
            .tempdir()
            .unwrap();
        for d in [
            "data",
            "config",
            "home",
            "xdg-config",
            "xdg-data",
            "xdg-cache",
            "xdg-state",
        ] {
            std::fs::create_dir_all(root.path().join(d)).unwrap();
        }
        Sandbox { root }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.root.path().join("config")
    }

    pub fn assessments_dir(&self) -> PathBuf {
        self.data_dir().join("assessments")
    }

    pub fn store(&self) -> Store {
        Store::open(self.data_dir())
    }

    /// The environment of a child process: nothing inherited but `PATH`, every home and config
    /// variable pointing into the sandbox, a UTF-8 locale.
    pub fn child_env(&self, lang: &str) -> Vec<(String, String)> {
        let p = |d: &str| self.root.path().join(d).display().to_string();
        let mut env = vec![
            ("HOME".to_string(), p("home")),
            ("XDG_CONFIG_HOME".into(), p("xdg-config")),
            ("XDG_DATA_HOME".into(), p("xdg-data")),
            ("XDG_CACHE_HOME".into(), p("xdg-cache")),
            ("XDG_STATE_HOME".into(), p("xdg-state")),
            ("XAL_CONFIG_DIR".into(), p("config")),
            ("LANG".into(), lang.to_string()),
            ("TERM".into(), "xterm-256color".into()),
            ("RUST_BACKTRACE".into(), "0".into()),
        ];
        if let Ok(path) = std::env::var("PATH") {
            env.push(("PATH".into(), path));
        }
        env
    }
}

// ----- fixtures ---------------------------------------------------------------------------------

/// A fixed moment, `minute` minutes after 2026-03-01 09:00 +07:00, so every list is ordered the
/// same way and shows the same dates.
pub fn at(minute: i64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-01T09:00:00+07:00").unwrap()
        + chrono::Duration::minutes(minute)
}

pub fn choice(v: &str) -> AnswerValue {
    AnswerValue::Choice(v.to_string())
}

/// The six DGS categories in the ruleset's order, each given a level.
pub fn dgs_matrix(levels: [&str; 6]) -> AnswerValue {
    AnswerValue::Matrix(
        dgs::CATEGORIES
            .iter()
            .zip(levels)
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect(),
    )
}

pub fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// The spec's income-tax case (IAL2.1, AAL2), without the optional plan questions.
pub fn income_tax() -> Answers {
    let m = dgs_matrix([
        "moderate", "moderate", "moderate", "moderate", "none", "moderate",
    ]);
    answers(&[
        ("service.group", choice("transactional")),
        ("pi.needed", choice("yes")),
        ("pi.validated", choice("yes")),
        ("impact.proofing", m.clone()),
        ("auth.needed", choice("yes")),
        ("impact.auth", m),
        ("pi.accessible", choice("yes")),
    ])
}

/// Some rows of an impact matrix, by category id.
pub fn matrix_rows(rows: &[(&str, &str)]) -> AnswerValue {
    AnswerValue::Matrix(
        rows.iter()
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect(),
    )
}

/// A DGS case that has come as far as the proofing impacts: a transactional service that
/// needs and validates personal information, with `proofing` as the matrix so far.
pub fn at_proofing(proofing: AnswerValue) -> Answers {
    answers(&[
        ("service.group", choice("transactional")),
        ("pi.needed", choice("yes")),
        ("pi.validated", choice("yes")),
        ("impact.proofing", proofing),
    ])
}

/// Writes a new assessment through the store, stamped with its result at a fixed time.
pub fn create(
    store: &Store,
    registry: &Registry,
    ruleset: &str,
    name: &str,
    agency: &str,
    answers: AnswerSet,
    when: DateTime<FixedOffset>,
) -> Loaded {
    let rs = registry.get(ruleset).expect("a built-in ruleset").clone();
    let mut a = Assessment::new(
        Service {
            name: name.into(),
            agency: agency.into(),
            description: String::new(),
            owner: None,
        },
        RulesetRef {
            id: rs.id.clone(),
            version: rs.version.clone(),
            sha256: rs.sha256.clone(),
        },
        answers,
        when,
    );
    catalog::stamp(&mut a, &rs, when);
    store.create(&a).expect("the fixture is written")
}

pub fn dgs(
    store: &Store,
    registry: &Registry,
    name: &str,
    agency: &str,
    answers: Answers,
    when: DateTime<FixedOffset>,
) -> Loaded {
    create(
        store,
        registry,
        "dgs-1-2-2564",
        name,
        agency,
        AnswerSet::Single(answers),
        when,
    )
}

pub fn group(id: &str, name: &str, answers: Answers) -> Group {
    Group {
        id: id.into(),
        name: name.into(),
        answers,
        ..Group::default()
    }
}

/// A file that does not parse, with the error on line 3.
pub const BROKEN_TOML: &str = "schema = 1\nid = \"broken\"\n[service\nname = \"x\"\n";

pub fn write_broken(dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, BROKEN_TOML).unwrap();
    p
}

/// The assessment files on disk (no dotfiles, no temporaries).
pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "toml")
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

// ----- a pseudo-terminal ------------------------------------------------------------------------

pub fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

/// The real program in a pseudo-terminal, its output parsed by vt100 in a reader thread.
pub struct Pty {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, in order.
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<thread::JoinHandle<()>>,
    exited: Option<portable_pty::ExitStatus>,
}

impl Pty {
    /// Starts `bin args` at `cols`×`rows` with exactly `env` (nothing else is inherited) in `cwd`.
    pub fn spawn(
        bin: &Path,
        args: &[&str],
        env: &[(String, String)],
        cwd: &Path,
        cols: u16,
        rows: u16,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env_clear();
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(cwd);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let master = pair.master;
        let writer = master.take_writer().unwrap();
        let mut reader_end = master.try_clone_reader().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let parser = Arc::clone(&parser);
            let raw = Arc::clone(&raw);
            thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                loop {
                    match reader_end.read(&mut buf) {
                        // EOF, or EIO once the child and its terminal are gone.
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            raw.lock().unwrap().extend_from_slice(&buf[..n]);
                            parser.lock().unwrap().process(&buf[..n]);
                        }
                    }
                }
            })
        };
        Pty {
            parser,
            raw,
            writer,
            master,
            child,
            reader: Some(reader),
            exited: None,
        }
    }

    /// `xal --data-dir <sandbox data> [args]` at `cols`×`rows`, in the sandbox's environment.
    pub fn xal(
        sb: &Sandbox,
        args: &[&str],
        extra_env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let data = sb.data_dir().display().to_string();
        let mut all = vec!["--data-dir", data.as_str()];
        all.extend_from_slice(args);
        let mut env = sb.child_env("C.UTF-8");
        for (k, v) in extra_env {
            env.retain(|(ek, _)| ek != k);
            env.push((k.to_string(), v.to_string()));
        }
        Pty::spawn(&xal_bin(), &all, &env, sb.root.path(), cols, rows)
    }

    pub fn screen_text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The screen row by row, for failure messages.
    pub fn dump(&self) -> String {
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        let (_, cols) = s.size();
        s.rows(0, cols.get())
            .enumerate()
            .map(|(i, r)| format!("{i:2}|{r}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Polls the parsed screen every 5 ms until `pred` holds; on timeout the test fails with the
    /// screen printed.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if pred(self.parser.lock().unwrap().screen()) {
                return;
            }
            if Instant::now() > deadline {
                let status = self.child.try_wait().ok().flatten();
                panic!(
                    "timed out waiting for {what}; child: {status:?}; screen:\n{}",
                    self.dump()
                );
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until `text` shows anywhere on the screen.
    pub fn wait_text(&mut self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn send_str(&mut self, s: &str) {
        self.send(s.as_bytes());
    }

    /// Resizes the terminal (the kernel tells the program with SIGWINCH) and the parser.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().unwrap() as i32
    }

    pub fn signal(&self, sig: i32) {
        // SAFETY: sending a signal to our own child process.
        let rc = unsafe { libc::kill(self.pid(), sig) };
        assert_eq!(rc, 0, "kill failed");
    }

    /// The exit status if the program ends within `within` (polled every 2 ms), else `None`.
    pub fn exited_within(&mut self, within: Duration) -> Option<portable_pty::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < within {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.exited = Some(status.clone());
                if let Some(r) = self.reader.take() {
                    let _ = r.join();
                }
                return Some(status);
            }
            thread::sleep(Duration::from_millis(2));
        }
        None
    }

    /// Waits for the program to end; returns its status and how long that took.
    pub fn wait_exit(&mut self, within: Duration) -> (portable_pty::ExitStatus, Duration) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.exited = Some(status.clone());
                // Everything the program wrote is read once the reader sees the end.
                if let Some(r) = self.reader.take() {
                    let _ = r.join();
                }
                return (status, start.elapsed());
            }
            if start.elapsed() > within {
                let state = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
                    .unwrap_or_default()
                    .lines()
                    .find(|l| l.starts_with("State"))
                    .unwrap_or("")
                    .to_string();
                let raw = self.raw_bytes();
                let tail =
                    String::from_utf8_lossy(&raw[raw.len().saturating_sub(120)..]).into_owned();
                let _ = self.child.kill();
                eprintln!("still running: {state:?}; last bytes written: {tail:?}");
                panic!(
                    "the program still runs after {within:?}; screen:\n{}",
                    self.dump()
                );
            }
            thread::sleep(Duration::from_millis(2));
        }
    }

    /// The terminal is back in cooked mode with echo (as the shell wants it).
    pub fn cooked(&self) -> bool {
        let Some(fd) = self.master.as_raw_fd() else {
            return false;
        };
        // SAFETY: a zeroed termios is a valid out-parameter for tcgetattr.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: the master descriptor is open while `self` lives.
        let ok = unsafe { libc::tcgetattr(fd, &mut t) } == 0;
        ok && t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    pub fn raw_bytes(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.exited.is_none() && self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Where `needle` last occurs in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Every SGR (`ESC [ … m`) parameter list in a byte stream.
pub fn sgr_params(bytes: &[u8]) -> Vec<Vec<u16>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == 0x1b && bytes[i + 1] == b'[' {
            let start = i + 2;
            let mut j = start;
            while j < bytes.len()
                && (bytes[j].is_ascii_digit() || bytes[j] == b';' || bytes[j] == b':')
            {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'm' {
                let params = std::str::from_utf8(&bytes[start..j]).unwrap_or("");
                out.push(
                    params
                        .split([';', ':'])
                        .map(|p| p.parse().unwrap_or(0))
                        .collect(),
                );
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// An SGR parameter that sets a foreground or background colour.
pub fn is_colour_param(p: u16) -> bool {
    matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107)
}
