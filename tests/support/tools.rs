//! Programs outside Rust that some tests need: tmux (an independent terminal), Chromium and
//! pdftotext (the PDF check of the HTML report).
//!
//! A test asks for them with [`require`]. When one is missing, the test fails under CI (the
//! `CI` environment variable is set; `.ci/run` sets it), because a CI run that skips the only
//! check of a feature proves nothing. Anywhere else the test is skipped, and says so on stderr,
//! past the test harness's capture, so that the skip shows in a passing run.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The Debian package that brings each program (what `.ci/run` installs).
const PACKAGES: &[(&str, &str)] = &[
    ("tmux", "tmux"),
    ("chromium", "chromium"),
    ("chromium-browser", "chromium"),
    ("pdftotext", "poppler-utils"),
];

/// Whether this is a CI run: `CI` is set to anything but an empty string, `0`, `false` or `no`.
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| ci_value_means_yes(&v))
}

/// Whether a value of `CI` makes a CI run.
pub fn ci_value_means_yes(v: &OsStr) -> bool {
    let v = v.to_string_lossy().trim().to_ascii_lowercase();
    !matches!(v.as_str(), "" | "0" | "false" | "no")
}

/// The first of `names` that is an executable file in one of the folders of `path` (a value
/// of `PATH`).
pub fn find_in(path: &OsStr, names: &[&str]) -> Option<PathBuf> {
    names.iter().find_map(|name| {
        std::env::split_paths(path)
            .map(|dir| dir.join(name))
            .find(|p| is_executable(p))
    })
}

/// The first of `names` that is an executable file on `PATH`.
pub fn find(names: &[&str]) -> Option<PathBuf> {
    find_in(&std::env::var_os("PATH").unwrap_or_default(), names)
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The programs a test needs, in the order asked. Each entry lists the names one program may
/// have (`&["chromium", "chromium-browser"]`); the first found on `PATH` is taken.
///
/// When any is missing: under CI the test fails here, naming every missing program and its
/// package; otherwise this writes `SKIPPED <test>: …` to stderr and returns `None`, and the
/// test returns:
///
/// ```ignore
/// let Some([tmux]) = tools::require([&["tmux"]]) else { return };
/// ```
#[track_caller]
pub fn require<const N: usize>(needs: [&[&str]; N]) -> Option<[PathBuf; N]> {
    match locate(&std::env::var_os("PATH").unwrap_or_default(), needs) {
        Ok(found) => Some(found),
        Err(missing) => {
            // Straight to stderr, not eprintln!: the test harness captures that and shows it
            // only for a failing test, and a skip must be seen in a passing run too.
            skip_or_fail(under_ci(), &missing, &mut std::io::stderr().lock());
            None
        }
    }
}

/// The programs of `needs` found in the folders of `path`, or what is missing, as
/// "tmux, not found on PATH (apt-get install tmux)".
pub fn locate<const N: usize>(path: &OsStr, needs: [&[&str]; N]) -> Result<[PathBuf; N], String> {
    let found: Vec<Option<PathBuf>> = needs.iter().map(|names| find_in(path, names)).collect();
    let missing: Vec<&[&str]> = needs
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(names, _)| *names)
        .collect();
    if !missing.is_empty() {
        return Err(missing_report(&missing));
    }
    let found: Vec<PathBuf> = found.into_iter().map(Option::unwrap).collect();
    Ok(found.try_into().unwrap())
}

/// What a test does without a program it needs: under CI it fails (panics) with `missing`;
/// otherwise it writes `SKIPPED <test>: needs <missing> …` to `out`.
#[track_caller]
pub fn skip_or_fail(ci: bool, missing: &str, out: &mut dyn Write) {
    let test = std::thread::current()
        .name()
        .filter(|n| *n != "main")
        .unwrap_or("this test")
        .to_string();
    if ci {
        panic!(
            "{test} needs {missing}; CI is set, so a missing program fails the test instead of \
             skipping it (.ci/run installs them)"
        );
    }
    let _ = writeln!(
        out,
        "SKIPPED {test}: needs {missing} (set CI=1 to make this a failure)"
    );
}

/// "tmux, not found on PATH (apt-get install tmux)", several programs joined with "and".
fn missing_report(missing: &[&[&str]]) -> String {
    let mut packages: Vec<&str> = missing
        .iter()
        .flat_map(|names| names.iter())
        .filter_map(|n| PACKAGES.iter().find(|(p, _)| p == n).map(|(_, pkg)| *pkg))
        .collect();
    packages.dedup();
    let programs: Vec<String> = missing.iter().map(|names| names.join(" or ")).collect();
    let install = if packages.is_empty() {
        String::new()
    } else {
        format!(" (apt-get install {})", packages.join(" "))
    };
    format!("{}, not found on PATH{install}", programs.join(" and "))
}
