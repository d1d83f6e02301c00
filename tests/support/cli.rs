//! The real `xal` binary as a script runs it, in a fixed environment (no config file, no data
//! dir or language from the environment, an English UTF-8 locale), and the checks every such
//! test makes on what it printed.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;

/// The DGS income-tax assessment of `tests/data/reports/`.
pub const DGS: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA";
/// The 800-63-4 income-tax assessment (two groups) of `tests/data/reports/`.
pub const NIST4: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RB";

/// A report fixture of `tests/data/reports/` by id.
pub fn report_fixture(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/reports/{id}.toml"))
}

/// `xal` with no config file, no data dir and no language from the environment, in an English
/// UTF-8 locale; add arguments and run it.
pub fn xal_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xal"));
    cmd.env("XAL_CONFIG_DIR", "/nonexistent-xal-config")
        .env_remove("XAL_LANG")
        .env_remove("XAL_DATA_DIR")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        // Reports print when they were made: a fixed moment keeps golden files stable.
        .env("SOURCE_DATE_EPOCH", "1796094000");
    cmd
}

/// `xal --data-dir DATA_DIR ARGS` with stdin closed, its output captured.
pub fn xal(data_dir: &Path, args: &[&str]) -> Output {
    xal_command()
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run xal")
}

/// `xal ARGS` with `input` on its stdin, its output captured.
///
/// The input is written from a thread while the output is read, and a broken pipe is not an
/// error: a run that fails before it reads its input (a bad flag, an unknown ruleset) closes the
/// pipe early, and what the test checks is the exit status and the output.
pub fn xal_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = xal_command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run xal");
    let mut stdin = child.stdin.take().expect("a piped stdin");
    let input = input.to_owned();
    // The pipe closes when the thread ends, so the child sees the end of its input.
    let writer = thread::spawn(move || match stdin.write_all(input.as_bytes()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other,
    });
    let out = child.wait_with_output().expect("wait for xal");
    writer
        .join()
        .expect("the stdin writer")
        .expect("write xal's stdin");
    out
}

/// Asserts that the run exited 0, showing its stderr when it did not.
pub fn assert_ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The stdout of a run that exited 0, as text.
pub fn ok(o: &Output) -> String {
    assert_ok(o);
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The stdout of a run that exited 0, as JSON.
pub fn ok_json(o: &Output) -> serde_json::Value {
    assert_ok(o);
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

/// The items of a JSON array of strings.
pub fn strings(array: &serde_json::Value) -> Vec<&str> {
    array
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

/// The string `field` of each object of a JSON array.
pub fn strings_of<'a>(array: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    array
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x[field].as_str().unwrap())
        .collect()
}
