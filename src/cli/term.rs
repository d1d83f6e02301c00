//! The one way out of a headless command: every byte a subcommand prints goes through
//! [`Term`], so no service name, note, answer, ruleset title or file name reaches a terminal
//! raw (see `crate::text::safe`).
//!
//! - standard output: [`Term::text`] shows control characters visibly and keeps line breaks
//!   and tabs; [`Term::json`] first writes the characters JSON leaves raw as `\uXXXX`, which
//!   decode to the same value, so a JSON reader gets the exact text and a terminal sees no
//!   control character.
//! - standard error: [`Term::note`] and the failure a command ends with, one line each,
//!   every control character (a newline included) shown visibly, so one problem is one line.
//!
//! Subcommands are handed a `Term` and never open stdout or stderr themselves
//! (`tests/cli_output.rs` checks the sources for it).

use std::fmt::Display;
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use super::Failure;
use crate::text::{json_escaped, visible, visible_lines};

/// Standard output and standard error of a headless command.
pub struct Term<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    verdict: Verdict,
    /// Whether standard output is a terminal: binary output is refused there.
    out_tty: bool,
}

/// What a command that compares tells by its exit code alone when it succeeds, as diff(1)
/// and cmp(1) do: `0` same, `1` different. A command that finds a difference calls
/// [`Term::verdict`]; trouble is a [`Failure`] (exit 2, or 1 for I/O) whatever was found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verdict {
    #[default]
    Same,
    Differs,
    /// Conflicts left for the user (`xal sync`): exit 3.
    Conflicts,
}

impl Verdict {
    pub fn code(self) -> ExitCode {
        ExitCode::from(match self {
            Verdict::Same => 0,
            Verdict::Differs => 1,
            Verdict::Conflicts => 3,
        })
    }
}

impl<'a> Term<'a> {
    /// Over any two writers: the process's own (see [`with_stdio`]) or buffers in a test.
    pub fn new(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Term<'a> {
        Term {
            out,
            err,
            verdict: Verdict::Same,
            out_tty: false,
        }
    }

    /// Says that standard output is a terminal (see [`with_stdio`]; a test's buffer is not).
    pub fn with_terminal_out(mut self, tty: bool) -> Term<'a> {
        self.out_tty = tty;
        self
    }

    /// Whether standard output is a terminal, where bytes that are not text would garble
    /// the screen (and could drive it).
    pub fn out_is_terminal(&self) -> bool {
        self.out_tty
    }

    /// Bytes that are not text (a workbook), exactly, to a standard output that is not a
    /// terminal; on a terminal they are refused, never written.
    pub fn binary(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if self.out_tty {
            return Err(Failure::BadInput(
                "refusing to write binary output to a terminal: use -o FILE or a redirect".into(),
            ));
        }
        match self.out.write_all(bytes).and_then(|_| self.out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(Failure::Internal(format!("cannot write output: {e}"))),
        }
    }

    /// Says how a comparison came out; the exit code of a command that ends well.
    pub fn verdict(&mut self, v: Verdict) {
        self.verdict = v;
    }

    /// The exit code of a command that ended without a failure.
    pub fn done(&self) -> ExitCode {
        self.verdict.code()
    }

    /// Text for a person (a table, a report, a CSV): control characters shown as `\u{…}`,
    /// newlines, tabs and CRLF line ends kept. A closed pipe (`xal list | head`) ends the
    /// output quietly; any other failure (a full disk behind `> file`) is an I/O failure.
    pub fn text(&mut self, s: &str) -> Result<(), Failure> {
        let safe = visible_lines(s);
        match self
            .out
            .write_all(safe.as_bytes())
            .and_then(|_| self.out.flush())
        {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(Failure::Internal(format!("cannot write output: {e}"))),
        }
    }

    /// A JSON value, pretty-printed, with a final newline (see [`json_text`]).
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Failure> {
        self.text(&json_text(v)?)
    }

    /// One line on standard error: a warning, a file skipped. Control characters, newlines
    /// included, are shown visibly so that the line stays one line.
    pub fn note(&mut self, line: &dyn Display) {
        let line = line.to_string();
        let _ = writeln!(self.err, "{}", visible(&line));
    }

    /// A question on standard error, the answer to be typed after it on the same line.
    pub fn ask(&mut self, question: &dyn Display) {
        let q = question.to_string();
        let _ = write!(self.err, "{}", visible(&q));
        let _ = self.err.flush();
    }

    /// The failure a command ended with, on standard error, and the exit code it means: `2`
    /// for bad input, each problem one line (`FILE:LINE:COLUMN: message`, `FILE: message`,
    /// or `xal: message` when no file is involved); `1` for an internal or I/O failure.
    pub fn report(&mut self, f: Failure) -> ExitCode {
        match f {
            Failure::Input(diags) => {
                for d in &diags {
                    self.note(d);
                }
                if diags.is_empty() {
                    // Never an exit 2 that says nothing.
                    self.note(&"xal: bad input");
                }
                ExitCode::from(2)
            }
            Failure::InputLines(lines) => {
                for l in &lines {
                    self.note(l);
                }
                if lines.is_empty() {
                    self.note(&"xal: bad input");
                }
                ExitCode::from(2)
            }
            Failure::BadInput(msg) => {
                self.note(&format_args!("xal: {msg}"));
                ExitCode::from(2)
            }
            Failure::Io(line) => {
                self.note(&line);
                ExitCode::from(1)
            }
            Failure::Internal(msg) => {
                self.note(&format_args!("xal: {msg}"));
                ExitCode::from(1)
            }
            Failure::Status(code, lines) => {
                for l in &lines {
                    self.note(l);
                }
                ExitCode::from(code)
            }
        }
    }
}

/// The JSON xal prints or writes: pretty, a final newline, and every character a terminal
/// could act on as a `\uXXXX` escape (the same value for any reader; see
/// `crate::text::json_escaped`).
pub fn json_text<T: serde::Serialize + ?Sized>(v: &T) -> Result<String, Failure> {
    let s = serde_json::to_string_pretty(v)
        .map_err(|e| Failure::Internal(format!("cannot encode JSON: {e}")))?;
    Ok(json_escaped(&s).into_owned() + "\n")
}

/// Runs `f` with the process's standard output and error. The only place a headless command
/// gets them.
pub fn with_stdio<R>(f: impl FnOnce(&mut Term<'_>) -> R) -> R {
    use std::io::IsTerminal;
    let mut out = std::io::stdout();
    let tty = out.is_terminal();
    let mut err = std::io::stderr();
    f(&mut Term::new(&mut out, &mut err).with_terminal_out(tty))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use std::path::Path;

    fn run(f: impl FnOnce(&mut Term<'_>)) -> (String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        f(&mut Term::new(&mut out, &mut err));
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn text_shows_escapes_and_keeps_lines() {
        let (out, err) = run(|t| t.text("a\u{1b}[2J\tb\r\nไทย\n").unwrap());
        assert_eq!(out, "a\\u{1b}[2J\tb\r\nไทย\n");
        assert_eq!(err, "");
    }

    #[test]
    fn json_is_exact_for_a_reader_and_has_no_control_character() {
        let v = serde_json::json!({ "name": "x\u{1b}]0;T\u{7}\u{9b}\u{202e}ไทย" });
        let (out, _) = run(|t| t.json(&v).unwrap());
        assert!(!out.contains(|c: char| crate::text::is_unsafe(c) && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn every_failure_is_one_line_per_problem_with_its_code() {
        let d = Diagnostic {
            file: "evil\u{1b}]0;X\u{7}.toml".into(),
            line: 3,
            column: 7,
            message: "bad\nsecond line".into(),
        };
        let mut code = None;
        let (_, err) = run(|t| code = Some(t.report(Failure::Input(vec![d]))));
        assert_eq!(code, Some(ExitCode::from(2)));
        assert_eq!(
            err,
            "evil\\u{1b}]0;X\\u{7}.toml:3:7: bad\\u{a}second line\n"
        );
        let (_, err) = run(|t| {
            code = Some(
                t.report(Failure::Io(
                    Diagnostic::whole_file(
                        Path::new("out.md"),
                        "cannot write: No space left on device (os error 28)",
                    )
                    .to_string(),
                )),
            )
        });
        assert_eq!(code, Some(ExitCode::from(1)));
        assert_eq!(
            err,
            "out.md: cannot write: No space left on device (os error 28)\n"
        );
        let (_, err) = run(|t| code = Some(t.report(Failure::Input(vec![]))));
        assert_eq!(
            (code, err.as_str()),
            (Some(ExitCode::from(2)), "xal: bad input\n")
        );
    }

    #[test]
    fn binary_output_is_exact_to_a_pipe_and_refused_on_a_terminal() {
        let bytes = b"PK\x03\x04\x1b[2J\xff\x00";
        let (mut out, mut err) = (Vec::new(), Vec::new());
        Term::new(&mut out, &mut err).binary(bytes).unwrap();
        assert_eq!(out, bytes);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut t = Term::new(&mut out, &mut err).with_terminal_out(true);
        assert!(t.out_is_terminal());
        let f = t.binary(bytes).unwrap_err();
        assert!(
            matches!(&f, Failure::BadInput(m) if m.contains("-o FILE")),
            "{f:?}"
        );
        assert!(out.is_empty());
    }

    #[test]
    fn a_full_disk_behind_stdout_is_an_io_failure() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from_raw_os_error(libc::ENOSPC))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut err = Vec::new();
        let mut full = Full;
        let mut t = Term::new(&mut full, &mut err);
        let f = t.text("x").unwrap_err();
        assert!(matches!(&f, Failure::Internal(m) if m.contains("No space left")));
        assert_eq!(t.report(f), ExitCode::from(1));
    }
}
