//! Export and compare from the interface, as a person does it: the real binary in a
//! pseudo-terminal, keys typed, the screen read through a vt100 parser.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Screen {
    fn start(data_dir: &Path, config_dir: &Path) -> Screen {
        let (rows, cols) = (30u16, 100u16);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_xal"));
        cmd.arg("--data-dir");
        cmd.arg(data_dir);
        cmd.env("XAL_CONFIG_DIR", config_dir);
        cmd.env("HOME", config_dir);
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("XAL_LANG");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let p = Arc::clone(&parser);
        thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        Screen {
            parser,
            writer,
            child,
        }
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Polls the screen until it shows `what`; prints the screen when it never does.
    fn wait_for(&self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.text().contains(what) {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
        panic!("timed out waiting for {what:?}; screen:\n{}", self.text());
    }

    fn keys(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Closes a reading box with Enter and waits until its title is gone.
fn close(s: &mut Screen, title: &str) {
    s.keys(b"\r");
    let deadline = Instant::now() + Duration::from_secs(20);
    while s.text().contains(title) {
        assert!(
            Instant::now() < deadline,
            "{title} stays open:\n{}",
            s.text()
        );
        thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn export_and_compare_from_the_interface() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let assessments = dir.path().join("assessments");
    std::fs::create_dir_all(&assessments).unwrap();
    std::fs::copy(
        "tests/data/assessments/01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml",
        assessments.join("01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml"),
    )
    .unwrap();
    let mut s = Screen::start(dir.path(), config.path());
    s.wait_for("Services (1)");
    s.keys(b"\r");
    s.wait_for("Questions");
    s.keys(b"\t");
    s.wait_for("Result");

    // Export: `x`, the format by its number, and the path written is on the screen.
    s.keys(b"x");
    s.wait_for("Export a report");
    s.keys(b"1");
    s.wait_for("Exported");
    let path = dir.path().join("exports/01JDQ4Y7V8KX0M5T3ZB2N6C9RA-en.md");
    s.wait_for("01JDQ4Y7V8KX0M5T3ZB2N6C9RA-en.md");
    let report = std::fs::read_to_string(&path).unwrap();
    assert!(report.contains("ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"), "{report}");
    assert!(report.contains("IAL2.1"), "{report}");
    close(&mut s, "Exported");

    // Compare: re-evaluate under NIST 800-63-3; levels are labelled with their ruleset.
    s.keys(b"C");
    s.wait_for("Compare with");
    let screen = s.text();
    let line = screen
        .lines()
        .position(|l| l.contains("re-evaluate under nist-800-63-3"))
        .expect("a re-evaluation choice");
    let first = screen
        .lines()
        .position(|l| l.contains("re-evaluate under"))
        .unwrap();
    for _ in first..line {
        s.keys(b"j");
    }
    s.keys(b"\r");
    s.wait_for("Re-evaluation");
    s.wait_for("nist-800-63-3:IAL2");
    s.wait_for("dgs-1-2-2564:IAL2.1");
    close(&mut s, "Re-evaluation");

    // What would change the level.
    s.keys(b"w");
    s.wait_for("What would change the level");
    s.wait_for("would raise IAL to IAL3");
    close(&mut s, "What would change the level");
    s.keys(b"q");
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "xal did not quit");
        thread::sleep(Duration::from_millis(5));
    }
}
