//! Shell completion that knows the data: the shell asks the binary itself (clap_complete's
//! dynamic engine, `COMPLETE=<shell> xal -- <words>`), so assessment ids, ruleset ids and
//! theme names come from the data dir and the config dir as they are now, and languages and
//! formats from the same value lists the parser checks. `xal completions SHELL` prints the
//! few lines a shell needs to ask it.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap_complete::engine::{
    ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter,
};
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

/// The variable that asks the binary to complete instead of running.
pub const VAR: &str = "COMPLETE";

/// Answers the shell and exits when it asked (`COMPLETE` set); otherwise returns at once.
pub fn from_env() {
    clap_complete::CompleteEnv::with_factory(<super::Cli as clap::CommandFactory>::command)
        .var(VAR)
        .complete();
}

/// The script that makes `shell` ask xal for completions.
pub fn registration(shell: clap_complete::Shell) -> Result<String, std::io::Error> {
    let adapter: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Zsh => &Zsh,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::Elvish => &Elvish,
        clap_complete::Shell::PowerShell => &Powershell,
        _ => &Bash,
    };
    let mut buf = Vec::new();
    adapter.write_registration(VAR, "xal", "xal", "xal", &mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The data dir the command line being completed names (`--data-dir DIR` among its words),
/// else `XAL_DATA_DIR`, else the default.
fn data_dir() -> Option<PathBuf> {
    let words: Vec<String> = std::env::args().collect();
    let named = words.windows(2).rev().find_map(|w| {
        (w[0] == "--data-dir")
            .then(|| PathBuf::from(&w[1]))
            .or_else(|| w[1].strip_prefix("--data-dir=").map(PathBuf::from))
    });
    let env = std::env::var_os("XAL_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    named.or(env).or_else(|| crate::paths::data_dir(None))
}

fn starting(current: &OsStr, all: impl IntoIterator<Item = String>) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    all.into_iter()
        .filter(|c| c.starts_with(current.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// Assessment ids in the data dir.
pub fn ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(dir) = data_dir() else {
        return Vec::new();
    };
    let ids = crate::store::Store::open(dir).ids().unwrap_or_default();
    starting(current, ids)
}

/// Ruleset ids, built-in and the user's own.
pub fn rulesets(current: &OsStr) -> Vec<CompletionCandidate> {
    let reg = super::lookup::registry_quiet();
    starting(current, reg.entries.iter().map(|e| e.ruleset.id.clone()))
}

/// Theme names, built-in and the user's own.
pub fn themes(current: &OsStr) -> Vec<CompletionCandidate> {
    let config = crate::paths::config_dir();
    starting(current, crate::store::theme_names(config.as_deref()))
}

/// What a name may be besides an id: a file, once the word looks like a path.
fn or_files(mut found: Vec<CompletionCandidate>, current: &OsStr) -> Vec<CompletionCandidate> {
    let word = current.to_string_lossy();
    if found.is_empty() || word.contains(['/', '.']) {
        found.extend(PathCompleter::file().complete(current));
    }
    found
}

pub fn id_or_file() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| or_files(ids(c), c))
}

pub fn ruleset_or_file() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| or_files(rulesets(c), c))
}

pub fn id() -> ArgValueCompleter {
    ArgValueCompleter::new(ids)
}

pub fn ruleset() -> ArgValueCompleter {
    ArgValueCompleter::new(rulesets)
}

pub fn theme() -> ArgValueCompleter {
    ArgValueCompleter::new(themes)
}
