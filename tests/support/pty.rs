//! The one pseudo-terminal driver of the tests and benches: a program started in a pty of a
//! given size (`portable-pty`), its output parsed by a vt100 parser in a reader thread.
//!
//! The driver never sleeps a fixed time to let something happen: it looks at the parsed screen
//! each time the reader has parsed more output, until a predicate holds, with a generous
//! deadline, and prints the screen when the deadline passes. Nothing in it answers terminal queries (cursor position, colours, keyboard
//! protocol), so a program under test must not block on them.

use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::FromRawFd;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use super::{PATIENCE, Sandbox, xal_bin};

pub fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

/// The real program in a pseudo-terminal, its output parsed by vt100 in a reader thread.
pub struct Pty {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Notified by the reader each time it has parsed more output: a wait wakes as the screen
    /// changes, not on a clock (a benchmark's figures are not rounded up to a polling step).
    parsed: Arc<Condvar>,
    /// Every byte the program wrote, in order.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// `None` once [`Pty::hang_up`] closed it.
    writer: Option<Box<dyn Write + Send>>,
    /// `None` once [`Pty::hang_up`] closed it.
    master: Option<Box<dyn MasterPty + Send>>,
    stop_reading: Arc<AtomicBool>,
    reader: Option<thread::JoinHandle<()>>,
    child: Box<dyn Child + Send + Sync>,
    exited: Option<ExitStatus>,
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
        // The reader's own descriptor, polled, so that the thread can be told to stop and close
        // it: the terminal hangs up only once every master descriptor is closed.
        let master_fd = master.as_raw_fd().expect("a unix pty");
        // SAFETY: duplicating an open descriptor; the copy is owned by the File below.
        let fd = unsafe { libc::fcntl(master_fd, libc::F_DUPFD_CLOEXEC, 0) };
        assert!(fd >= 0, "dup of the pty master");
        // SAFETY: `fd` is a fresh descriptor nothing else owns.
        let mut file = unsafe { File::from_raw_fd(fd) };
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let stop_reading = Arc::new(AtomicBool::new(false));
        let parsed = Arc::new(Condvar::new());
        let reader = {
            let parser = Arc::clone(&parser);
            let parsed = Arc::clone(&parsed);
            let raw = Arc::clone(&raw);
            let stop = Arc::clone(&stop_reading);
            thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                while !stop.load(Ordering::SeqCst) {
                    let mut pfd = libc::pollfd {
                        fd,
                        events: libc::POLLIN,
                        revents: 0,
                    };
                    // SAFETY: one valid pollfd for the call.
                    let n = unsafe { libc::poll(&mut pfd, 1, 20) };
                    if n <= 0 || pfd.revents & libc::POLLIN == 0 {
                        // The child and its terminal are gone once nothing is left to read.
                        if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                            break;
                        }
                        continue;
                    }
                    match file.read(&mut buf) {
                        // EOF, or EIO once the child and its terminal are gone.
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            raw.lock().unwrap().extend_from_slice(&buf[..n]);
                            parser.lock().unwrap().process(&buf[..n]);
                            parsed.notify_all();
                        }
                    }
                }
            })
        };
        Pty {
            parser,
            parsed,
            raw,
            writer: Some(writer),
            master: Some(master),
            stop_reading,
            reader: Some(reader),
            child,
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

    /// Looks at the parsed screen each time more output is parsed until `pred` holds; on
    /// timeout the test fails with the screen printed.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        let mut parser = self.parser.lock().unwrap();
        loop {
            if pred(parser.screen()) {
                return;
            }
            let now = Instant::now();
            if now > deadline {
                drop(parser);
                let status = self.child.try_wait().ok().flatten();
                panic!(
                    "timed out waiting for {what}; child: {status:?}; screen:\n{}",
                    self.dump()
                );
            }
            // The timeout only bounds a wait on a program gone quiet.
            let step = (deadline - now).min(Duration::from_millis(100));
            parser = self.parsed.wait_timeout(parser, step).unwrap().0;
        }
    }

    /// Waits until `text` shows anywhere on the screen.
    pub fn wait_text(&mut self, text: &str) {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text));
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let w = self
            .writer
            .as_mut()
            .expect("the terminal was hung up: nothing can be typed");
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
    }

    pub fn send_str(&mut self, s: &str) {
        self.send(s.as_bytes());
    }

    /// Resizes the terminal (the kernel tells the program with SIGWINCH) and the parser.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
        self.master
            .as_ref()
            .expect("the terminal was hung up")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Closes every master descriptor (the reader's too, after it stopped): to the program, the
    /// terminal hung up, as when an SSH connection drops. The screen keeps what was read.
    pub fn hang_up(&mut self) {
        self.stop_reading.store(true, Ordering::SeqCst);
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        self.writer.take();
        self.master.take();
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
    pub fn exited_within(&mut self, within: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < within {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.finished(&status);
                return Some(status);
            }
            thread::sleep(Duration::from_millis(2));
        }
        None
    }

    /// Waits for the program to end; returns its status and how long that took.
    pub fn wait_exit(&mut self, within: Duration) -> (ExitStatus, Duration) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.finished(&status);
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
                // Where each thread waits, to tell a hang in the program from a slow machine.
                let mut tasks = String::new();
                if let Ok(rd) = std::fs::read_dir(format!("/proc/{}/task", self.pid())) {
                    for e in rd.flatten() {
                        let p = e.path();
                        let r = |n: &str| std::fs::read_to_string(p.join(n)).unwrap_or_default();
                        tasks.push_str(&format!(
                            "thread {:?} {}: wchan {}, syscall {}\n",
                            e.file_name(),
                            r("comm").trim(),
                            r("wchan"),
                            r("syscall").trim()
                        ));
                    }
                }
                eprintln!("its threads:\n{tasks}");
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

    /// The program ended: everything it wrote is read once the reader sees the end.
    fn finished(&mut self, status: &ExitStatus) {
        self.exited = Some(status.clone());
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }

    /// The terminal is back in cooked mode with echo (as the shell wants it).
    pub fn cooked(&self) -> bool {
        let Some(fd) = self.master.as_ref().and_then(|m| m.as_raw_fd()) else {
            return false;
        };
        // SAFETY: a zeroed termios is a valid out-parameter for tcgetattr.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: the master descriptor is open while `self.master` is.
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
        self.stop_reading.store(true, Ordering::SeqCst);
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
