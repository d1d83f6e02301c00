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
        include_str!("../../../../rulesets/dgs-1-2-2564.toml"),
    ),
    (
        "rulesets/nist-800-63-3.toml",
        include_str!("../../../../rulesets/nist-800-63-3.toml"),
    ),
    (
        "rulesets/nist-800-63-4.toml",
        include_str!("../../../../rulesets/nist-800-63-4.toml"),
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
    pub(crate) fn describe(&self) -> String {
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
    /// The text the ruleset was loaded from: `xal ruleset show` prints what was evaluated,
    /// not what the file may say by now.
    pub text: Arc<str>,
}

/// Every usable ruleset, plus the problems of the files that could not be used.
///
/// Built from texts only: reading the user's files is the store's work
/// (`store::ConfigDir::registry`), so this layer never touches the disk.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub entries: Vec<Entry>,
    pub problems: Vec<Diagnostic>,
}

impl Registry {
    /// Only the built-in rulesets.
    pub fn builtin() -> Registry {
        let mut reg = Registry::default();
        // Compiled side by side: every start of the interface and every command waits for
        // them, and they share nothing.
        let outcomes: Vec<_> = std::thread::scope(|scope| {
            let compiling: Vec<_> = BUILTIN
                .iter()
                .map(|(path, text)| scope.spawn(move || load_ruleset(Path::new(path), text)))
                .collect();
            compiling
                .into_iter()
                .map(|c| c.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for ((_, text), outcome) in BUILTIN.iter().zip(outcomes) {
            reg.problems.extend(outcome.diagnostics);
            if let Some(r) = outcome.ruleset {
                reg.entries.push(Entry {
                    ruleset: Arc::new(r),
                    origin: Origin::Builtin,
                    text: Arc::from(*text),
                });
            }
        }
        reg
    }

    /// The built-in ruleset `id` alone, when there is one: for a caller that needs only it and
    /// has no files of the user's that could override it (the merge driver, which runs once
    /// per merged file and would otherwise compile every built-in ruleset each time).
    pub fn builtin_only(id: &str) -> Option<Registry> {
        let (path, text) = BUILTIN
            .iter()
            .find(|(p, _)| Path::new(p).file_stem().and_then(|s| s.to_str()) == Some(id))?;
        let outcome = load_ruleset(Path::new(path), text);
        let r = outcome.ruleset.filter(|r| r.id == id)?;
        let mut reg = Registry::default();
        reg.problems.extend(outcome.diagnostics);
        reg.entries.push(Entry {
            ruleset: Arc::new(r),
            origin: Origin::Builtin,
            text: Arc::from(*text),
        });
        Some(reg)
    }

    /// Built-in rulesets plus the user's files, given as (path, text) in the order they are
    /// to be added (a later file with an id already taken by a user file is skipped).
    #[cfg(test)]
    pub(crate) fn with_user_files(files: impl IntoIterator<Item = (PathBuf, String)>) -> Registry {
        let mut reg = Registry::builtin();
        for (path, text) in files {
            reg.add_file(&path, &text);
        }
        reg
    }

    /// Adds one user file: a broken file is reported in `problems` and skipped, the rest
    /// keeps working. A file with a built-in id replaces that ruleset and is listed as such.
    pub fn add_file(&mut self, path: &Path, text: &str) {
        let outcome = load_ruleset(path, text);
        self.add_outcome(path, text, outcome);
    }

    fn add_outcome(&mut self, path: &Path, text: &str, outcome: super::LoadOutcome) {
        self.problems.extend(outcome.diagnostics);
        let Some(r) = outcome.ruleset else { return };
        let id = r.id.clone();
        let entry = |origin| Entry {
            ruleset: Arc::new(r),
            origin,
            text: Arc::from(text),
        };
        match self.entries.iter().position(|e| e.ruleset.id == id) {
            Some(i) if self.entries[i].origin == Origin::Builtin => {
                self.entries[i] = entry(Origin::Override(path.to_path_buf()));
            }
            Some(i) => self.problems.push(Diagnostic::whole_file(
                path,
                format!(
                    "ruleset id `{id}` is already used by {}; this file is skipped",
                    self.entries[i].origin.describe()
                ),
            )),
            None => self.entries.push(entry(Origin::User(path.to_path_buf()))),
        }
    }

    /// [`Registry::add_file`] for a file that must also pass its own worked examples:
    /// `examples` runs them (the engine does, `engine::check_examples`; this layer cannot
    /// evaluate, so the caller passes it) and returns one diagnostic per failing example. A
    /// ruleset whose examples fail says its rules do not do what its author meant: it is
    /// refused like a broken file, each failing example named in `problems`, and a built-in
    /// it would have overridden stays in use.
    pub fn add_file_checked(
        &mut self,
        path: &Path,
        text: &str,
        examples: &dyn Fn(&Path, &Ruleset) -> Vec<Diagnostic>,
    ) {
        let outcome = load_ruleset(path, text);
        if let Some(r) = &outcome.ruleset {
            let failed = examples(path, r);
            if !failed.is_empty() {
                let instead = if self.builtin_id(&r.id) {
                    format!("the built-in `{}` is used instead", r.id)
                } else {
                    "it is not used".to_string()
                };
                self.problems.extend(outcome.diagnostics);
                self.problems.extend(failed.into_iter().map(|mut d| {
                    d.message = format!("{}; ruleset `{}`: {instead}", d.message, r.id);
                    d
                }));
                return;
            }
        }
        self.add_outcome(path, text, outcome);
    }

    /// [`Registry::with_user_files`] with every file checked by [`Registry::add_file_checked`].
    #[cfg(test)]
    pub(crate) fn with_user_files_checked(
        files: impl IntoIterator<Item = (PathBuf, String)>,
        examples: &dyn Fn(&Path, &Ruleset) -> Vec<Diagnostic>,
    ) -> Registry {
        let mut reg = Registry::builtin();
        for (path, text) in files {
            reg.add_file_checked(&path, &text, examples);
        }
        reg
    }

    fn builtin_id(&self, id: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.ruleset.id == id && e.origin == Origin::Builtin)
    }

    /// The user files in use instead of a built-in ruleset, each with its ruleset's id.
    pub fn overrides(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.entries.iter().filter_map(|e| match &e.origin {
            Origin::Override(p) => Some((p.as_path(), e.ruleset.id.as_str())),
            _ => None,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../../../tests/data/mini-ruleset.toml");

    #[test]
    fn builtin_only_is_the_same_ruleset_as_the_whole_registry_has() {
        let all = Registry::builtin();
        for e in &all.entries {
            let one = Registry::builtin_only(&e.ruleset.id).expect("a built-in id");
            assert_eq!(one.entries.len(), 1);
            assert_eq!(one.entries[0].ruleset.id, e.ruleset.id);
            assert_eq!(one.entries[0].ruleset.version, e.ruleset.version);
            assert_eq!(&*one.entries[0].text, &*e.text);
        }
        assert!(Registry::builtin_only("no-such-ruleset").is_none());
        assert!(Registry::builtin_only("../rulesets/dgs-1-2-2564").is_none());
    }

    /// The built-in default ruleset's version, whatever it is today.
    fn builtin_version() -> String {
        Registry::builtin()
            .get(DEFAULT_RULESET)
            .unwrap()
            .version
            .clone()
    }

    /// A ruleset's text with another version line.
    fn with_version(text: &str, version: &str) -> String {
        let old = format!("version = \"{}\"", builtin_version());
        assert!(text.contains(&old), "no {old} in the built-in text");
        text.replacen(&old, &format!("version = \"{version}\""), 1)
    }

    #[test]
    fn user_files_are_taken_from_the_texts_given() {
        let dgs = with_version(BUILTIN[0].1, "9.9.9");
        let reg = Registry::with_user_files([
            (PathBuf::from("/not/read/mini.toml"), MINI.to_string()),
            (PathBuf::from("/not/read/dgs.toml"), dgs.clone()),
            (PathBuf::from("/not/read/again.toml"), MINI.to_string()),
            (PathBuf::from("/not/read/bad.toml"), "id = [\n".to_string()),
        ]);
        let mini = reg.entries.iter().find(|e| e.ruleset.id == "mini").unwrap();
        assert_eq!(mini.origin, Origin::User("/not/read/mini.toml".into()));
        assert_eq!(&*mini.text, MINI);
        let over = reg
            .entries
            .iter()
            .find(|e| e.ruleset.id == DEFAULT_RULESET)
            .unwrap();
        assert_eq!(over.origin, Origin::Override("/not/read/dgs.toml".into()));
        assert_eq!(over.ruleset.version, "9.9.9");
        assert_eq!(&*over.text, dgs);
        let problems: Vec<String> = reg.problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("/not/read/again.toml: ruleset id `mini` is already used"));
        assert!(problems[1].starts_with("/not/read/bad.toml:"));
        // Built-in ones keep their own text, for `xal ruleset show`.
        let b = Registry::builtin();
        assert_eq!(&*b.entries[1].text, BUILTIN[1].1);
    }

    /// A stand-in for the engine's example runner: fails every ruleset whose version is
    /// 6.6.6, at line 2, naming the example.
    fn fails_666(path: &Path, r: &Ruleset) -> Vec<Diagnostic> {
        if r.version == "6.6.6" {
            vec![Diagnostic {
                file: path.to_path_buf(),
                line: 2,
                column: 1,
                message: "example `refund` fails: ial is IAL1, expected IAL2".into(),
            }]
        } else {
            Vec::new()
        }
    }

    #[test]
    fn a_ruleset_whose_examples_fail_is_refused_and_the_built_in_stays() {
        let bad = |s: &str| s.replace("version = \"0.1.0\"", "version = \"6.6.6\"");
        let dgs = with_version(BUILTIN[0].1, "6.6.6");
        let reg = Registry::with_user_files_checked(
            [
                (PathBuf::from("/u/a-mini.toml"), bad(MINI)),
                (PathBuf::from("/u/b-mini.toml"), MINI.to_string()),
                (PathBuf::from("/u/dgs.toml"), dgs),
            ],
            &fails_666,
        );
        // The failing `mini` is refused, so the next file with that id is the one used.
        let mini = reg.entries.iter().find(|e| e.ruleset.id == "mini").unwrap();
        assert_eq!(mini.origin, Origin::User("/u/b-mini.toml".into()));
        let d = reg.get(DEFAULT_RULESET).unwrap();
        assert_eq!(d.version, builtin_version(), "the built-in one stays");
        assert_eq!(reg.overrides().count(), 0);
        let problems: Vec<String> = reg.problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            problems,
            [
                "/u/a-mini.toml:2:1: example `refund` fails: ial is IAL1, expected IAL2; \
                 ruleset `mini`: it is not used",
                "/u/dgs.toml:2:1: example `refund` fails: ial is IAL1, expected IAL2; \
                 ruleset `dgs-1-2-2564`: the built-in `dgs-1-2-2564` is used instead",
            ]
        );
        // One that passes overrides as before, and is listed as an override.
        let ok = BUILTIN[0]
            .1
            .replace("version = \"1.1.0\"", "version = \"9.9.9\"");
        let reg = Registry::with_user_files_checked([(PathBuf::from("/u/d.toml"), ok)], &fails_666);
        assert_eq!(
            reg.overrides().collect::<Vec<_>>(),
            [(Path::new("/u/d.toml"), DEFAULT_RULESET)]
        );
        assert!(reg.problems.is_empty());
    }
}
