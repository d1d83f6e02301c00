//! The user's config dir: `config.toml`, `rulesets/*.toml`, `themes/*.toml`. Only read, and
//! only as text: parsing stays with whoever knows the format (config, ruleset, tui), so that
//! a problem is reported with the same file, line and column whichever part reads it.

use std::io;
use std::path::{Path, PathBuf};

use super::confined::Confined;
use crate::diag::Diagnostic;
use crate::ruleset::registry::Registry;

/// A file read from the config dir.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserFile {
    pub path: PathBuf,
    pub text: String,
}

/// A file or folder of the config dir that exists but could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot read: {source}", path.display())]
pub struct ReadError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl ReadError {
    /// The error as the diagnostics the interface and the command line show.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::whole_file(&self.path, format!("cannot read: {}", self.source))
    }
}

/// `<config dir>`: by default `~/.config/xal` (see `paths::config_dir`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigDir {
    dir: PathBuf,
}

impl ConfigDir {
    /// Nothing is read or created until asked.
    pub fn open(dir: impl Into<PathBuf>) -> ConfigDir {
        ConfigDir { dir: dir.into() }
    }

    /// The config dir as untrusted ground: a file copied in may be a link.
    fn confined(&self) -> Confined<'_> {
        Confined::new(&self.dir)
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.join("config.toml")
    }

    pub(crate) fn rulesets_dir(&self) -> PathBuf {
        self.dir.join("rulesets")
    }

    pub(crate) fn themes_dir(&self) -> PathBuf {
        self.dir.join("themes")
    }

    /// `config.toml`, or none when there is no such file (no problem: the defaults apply).
    pub fn read_config(&self) -> Result<Option<UserFile>, ReadError> {
        read_if_there(self.confined(), self.config_path())
    }

    /// Every `rulesets/*.toml` (dotfiles skipped), sorted by path, each read or its error. A
    /// missing folder holds none; a folder that cannot be listed is one error.
    pub fn rulesets(&self) -> Vec<Result<UserFile, ReadError>> {
        let dir = self.rulesets_dir();
        let paths = match toml_files(self.confined(), &dir) {
            Ok(p) => p,
            Err(e) => return vec![Err(e)],
        };
        paths
            .into_iter()
            .map(|path| match self.confined().read_text(&path) {
                Ok(text) => Ok(UserFile { path, text }),
                Err(source) => Err(ReadError { path, source }),
            })
            .collect()
    }

    /// The built-in rulesets plus the user's own; files that cannot be read or used are in
    /// the registry's `problems`, and the rest keeps working.
    pub fn registry(&self) -> Registry {
        let mut reg = Registry::builtin();
        for file in self.rulesets() {
            match file {
                Ok(f) => reg.add_file(&f.path, &f.text),
                Err(e) => reg.problems.push(e.diagnostic()),
            }
        }
        reg
    }

    /// `themes/<name>.toml`, or none when there is no such theme file. A name that is not a
    /// plain file name (`../x`, `.hidden`) names no file: a theme never comes from outside
    /// the folder.
    pub fn read_theme(&self, name: &str) -> Result<Option<UserFile>, ReadError> {
        if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\', '\0']) {
            return Ok(None);
        }
        read_if_there(
            self.confined(),
            self.themes_dir().join(format!("{name}.toml")),
        )
    }

    /// The names of the user's theme files (`themes/*.toml` without the extension, dotfiles
    /// skipped), sorted. An unreadable or missing folder has none.
    pub fn theme_names(&self) -> Vec<String> {
        toml_files(self.confined(), &self.themes_dir())
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
            .collect()
    }
}

/// The built-in themes, embedded so the binary needs no files beside it: name and TOML text.
pub const BUILTIN_THEMES: &[(&str, &str)] = &[
    ("default", include_str!("../../../../themes/default.toml")),
    ("light", include_str!("../../../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../../../themes/high-contrast.toml"),
    ),
    (
        "monochrome",
        include_str!("../../../../themes/monochrome.toml"),
    ),
];

/// The names of every theme, built-in and the user's own (in `config_dir`), sorted.
pub fn theme_names(config_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = BUILTIN_THEMES.iter().map(|(n, _)| n.to_string()).collect();
    if let Some(dir) = config_dir {
        for n in ConfigDir::open(dir).theme_names() {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names.sort();
    names
}

/// [`ConfigDir::registry`] when there is a config dir, else the built-in rulesets alone.
pub fn load_registry(config_dir: Option<&Path>) -> Registry {
    match config_dir {
        Some(d) => ConfigDir::open(d).registry(),
        None => Registry::builtin(),
    }
}

fn read_if_there(within: Confined, path: PathBuf) -> Result<Option<UserFile>, ReadError> {
    match within.read_text(&path) {
        Ok(text) => Ok(Some(UserFile { path, text })),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ReadError { path, source }),
    }
}

/// The `*.toml` files of a folder, dotfiles skipped, sorted; none when it does not exist.
fn toml_files(within: Confined, dir: &Path) -> Result<Vec<PathBuf>, ReadError> {
    let rd = match within.read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(ReadError {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut paths: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name.ends_with(".toml") && !p.is_dir()
        })
        .collect();
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::registry::Origin;
    use std::fs;

    const MINI: &str = include_str!("../../../../tests/data/mini-ruleset.toml");

    fn config() -> (tempfile::TempDir, ConfigDir) {
        let dir = tempfile::tempdir().unwrap();
        let c = ConfigDir::open(dir.path());
        (dir, c)
    }

    #[test]
    fn a_missing_config_dir_reads_as_empty() {
        let c = ConfigDir::open("/nonexistent/xal-config");
        assert!(c.read_config().unwrap().is_none());
        assert!(c.rulesets().is_empty());
        assert!(c.theme_names().is_empty());
        assert!(c.read_theme("light").unwrap().is_none());
        let reg = c.registry();
        assert!(reg.problems.is_empty(), "{:?}", reg.problems);
        assert_eq!(reg.entries.len(), Registry::builtin().entries.len());
    }

    #[test]
    fn rulesets_are_read_in_order_without_dotfiles() {
        let (_d, c) = config();
        fs::create_dir(c.rulesets_dir()).unwrap();
        for (n, t) in [
            ("b.toml", "b"),
            ("a.toml", "a"),
            (".hidden.toml", "h"),
            ("x.txt", "x"),
        ] {
            fs::write(c.rulesets_dir().join(n), t).unwrap();
        }
        let got: Vec<(String, String)> = c
            .rulesets()
            .into_iter()
            .map(|r| {
                let f = r.unwrap();
                (
                    f.path.file_name().unwrap().to_string_lossy().into_owned(),
                    f.text,
                )
            })
            .collect();
        assert_eq!(
            got,
            [("a.toml".into(), "a".into()), ("b.toml".into(), "b".into())]
        );
    }

    #[test]
    fn the_registry_takes_the_user_s_files_and_reports_the_broken_ones() {
        let (_d, c) = config();
        fs::create_dir(c.rulesets_dir()).unwrap();
        fs::write(c.rulesets_dir().join("mini.toml"), MINI).unwrap();
        fs::write(c.rulesets_dir().join("mini-again.toml"), MINI).unwrap();
        fs::write(c.rulesets_dir().join("broken.toml"), "id = [\n").unwrap();
        let reg = c.registry();
        let mini = reg.entries.iter().find(|e| e.ruleset.id == "mini").unwrap();
        assert_eq!(
            mini.origin,
            Origin::User(c.rulesets_dir().join("mini-again.toml")),
            "sorted: mini-again.toml comes first"
        );
        assert_eq!(&*mini.text, MINI);
        let problems: Vec<String> = reg.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("broken.toml:")));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("mini.toml") && p.contains("already used")),
            "{problems:?}"
        );
    }

    #[test]
    fn themes_are_found_by_plain_name_only() {
        let (_d, c) = config();
        fs::create_dir(c.themes_dir()).unwrap();
        fs::write(c.themes_dir().join("mine.toml"), "border = \"red\"\n").unwrap();
        fs::write(c.themes_dir().join(".swap.toml"), "").unwrap();
        fs::write(c.path().join("outside.toml"), "").unwrap();
        assert_eq!(c.theme_names(), ["mine"]);
        let t = c.read_theme("mine").unwrap().unwrap();
        assert_eq!(t.path, c.themes_dir().join("mine.toml"));
        assert_eq!(t.text, "border = \"red\"\n");
        assert!(c.read_theme("../outside").unwrap().is_none());
        assert!(c.read_theme("nope").unwrap().is_none());
    }

    #[test]
    fn config_toml_comes_back_with_its_path() {
        let (_d, c) = config();
        fs::write(c.config_path(), "lang = \"th\"\n").unwrap();
        let f = c.read_config().unwrap().unwrap();
        assert_eq!(f.path, c.config_path());
        assert_eq!(f.text, "lang = \"th\"\n");
    }
}
