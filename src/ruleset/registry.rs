//! The rulesets available to a run: those built into the binary and the user's own files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Ruleset, load_ruleset};
use crate::diag::Diagnostic;

/// The ruleset a new assessment uses when nobody chooses another.
pub const DEFAULT_RULESET: &str = "dgs-1-2-2564";

/// The files in `rulesets/`, embedded so that xal works from any folder.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rulesets/dgs-1-2-2564.toml",
        include_str!("../../rulesets/dgs-1-2-2564.toml"),
    ),
    (
        "rulesets/nist-800-63-3.toml",
        include_str!("../../rulesets/nist-800-63-3.toml"),
    ),
    (
        "rulesets/nist-800-63-4.toml",
        include_str!("../../rulesets/nist-800-63-4.toml"),
    ),
];

/// Where a ruleset came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    User(PathBuf),
    /// A user file with the id of a built-in ruleset: it is used instead, and listed as such.
    Override(PathBuf),
}

impl Origin {
    pub fn describe(&self) -> String {
        match self {
            Origin::Builtin => "built-in".to_string(),
            Origin::User(p) => p.display().to_string(),
            Origin::Override(p) => format!("{} (overrides the built-in one)", p.display()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub ruleset: Arc<Ruleset>,
    pub origin: Origin,
}

/// Every usable ruleset, plus the problems of the files that could not be used.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub entries: Vec<Entry>,
    pub problems: Vec<Diagnostic>,
}

impl Registry {
    /// Only the built-in rulesets.
    pub fn builtin() -> Registry {
        let mut reg = Registry::default();
        for (path, text) in BUILTIN {
            let outcome = load_ruleset(Path::new(path), text);
            reg.problems.extend(outcome.diagnostics);
            if let Some(r) = outcome.ruleset {
                reg.entries.push(Entry {
                    ruleset: Arc::new(r),
                    origin: Origin::Builtin,
                });
            }
        }
        reg
    }

    /// Built-in rulesets plus `<config dir>/rulesets/*.toml`. A broken user file is reported
    /// and skipped; the rest keeps working.
    pub fn load(config_dir: Option<&Path>) -> Registry {
        let mut reg = Registry::builtin();
        let Some(dir) = config_dir.map(|d| d.join("rulesets")) else {
            return reg;
        };
        let Ok(read) = std::fs::read_dir(&dir) else {
            return reg;
        };
        let mut paths: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "toml")
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        paths.sort();
        for path in paths {
            match std::fs::read_to_string(&path) {
                Ok(text) => reg.add_file(&path, &text),
                Err(e) => reg
                    .problems
                    .push(Diagnostic::whole_file(&path, format!("cannot read: {e}"))),
            }
        }
        reg
    }

    fn add_file(&mut self, path: &Path, text: &str) {
        let outcome = load_ruleset(path, text);
        self.problems.extend(outcome.diagnostics);
        let Some(r) = outcome.ruleset else { return };
        match self.entries.iter().position(|e| e.ruleset.id == r.id) {
            Some(i) if self.entries[i].origin == Origin::Builtin => {
                self.entries[i] = Entry {
                    ruleset: Arc::new(r),
                    origin: Origin::Override(path.to_path_buf()),
                };
            }
            Some(i) => self.problems.push(Diagnostic::whole_file(
                path,
                format!(
                    "ruleset id `{}` is already used by {}; this file is skipped",
                    r.id,
                    self.entries[i].origin.describe()
                ),
            )),
            None => self.entries.push(Entry {
                ruleset: Arc::new(r),
                origin: Origin::User(path.to_path_buf()),
            }),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Ruleset>> {
        self.entries
            .iter()
            .find(|e| e.ruleset.id == id)
            .map(|e| &e.ruleset)
    }

    /// A short fingerprint of every ruleset in use, so caches made under others are dropped.
    pub fn fingerprint(&self) -> String {
        let joined: Vec<String> = self
            .entries
            .iter()
            .map(|e| format!("{}={}", e.ruleset.id, e.ruleset.sha256))
            .collect();
        crate::digest::sha256_hex(joined.join(";").as_bytes())[..16].to_string()
    }
}
