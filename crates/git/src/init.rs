//! `xal repo init`: make (or adopt) the data dir as a git repository with xal's merge driver.
//! Each step changes something only when it is not already so, so a second run is a no-op.

use std::path::{Path, PathBuf};

use super::{ATTRIBUTE, GitError, Repo, run_in};

/// What the data dir's own files for git say.
pub(crate) const IGNORE: &[&str] = &[
    "# xal: files of this machine only (the index, the log, exports, the trash, temp files)",
    "/.index.bin",
    "/.index.json",
    "/.lock",
    "/.pending.toml",
    "/xal.log",
    "/exports/",
    "/trash/",
    "/train.toml",
    ".xal-*.tmp",
    "*.tmp",
    "/.xal-staging-*/",
];

/// What `repo init` did, each a short English phrase (the command says them).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Done {
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Created,
    Attributes,
    Ignore,
    Driver,
    Remote(String),
    Commit(String),
}

/// Why `repo init` stopped.
#[derive(Debug)]
pub enum InitError {
    Git(GitError),
    Io(PathBuf, std::io::Error),
    /// The repository has another `origin`: the command names both and what to run.
    OtherRemote {
        has: String,
        given: String,
    },
    /// git needs a name and e-mail for the first commit.
    NoIdentity(String),
    Blocked(super::Blocker),
}

impl From<GitError> for InitError {
    fn from(e: GitError) -> Self {
        InitError::Git(e)
    }
}

/// The merge driver's command line as git runs it (`%O %A %B %P` are git's).
pub(crate) fn driver_command(exe: &Path) -> String {
    let exe = exe.to_string_lossy().replace('\'', "'\\''");
    format!("'{exe}' merge-file %O %A %B --path %P")
}

/// Lines of `text` plus those of `want` it lacks; `None` when nothing is missing.
fn with_lines(text: &str, want: &[&str]) -> Option<String> {
    let have: Vec<&str> = text.lines().map(str::trim).collect();
    let missing: Vec<&&str> = want.iter().filter(|w| !have.contains(w)).collect();
    if missing.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for m in missing {
        out.push_str(m);
        out.push('\n');
    }
    Some(out)
}

fn ensure_lines(data_dir: &Path, path: &Path, want: &[&str]) -> Result<bool, InitError> {
    let read = crate::store::read_within(data_dir, path)
        .and_then(|b| String::from_utf8(b).map_err(|_| std::io::Error::other("not UTF-8 text")));
    let text = match read {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(InitError::Io(path.to_path_buf(), e)),
    };
    match with_lines(&text, want) {
        None => Ok(false),
        Some(new) => {
            crate::store::write_within(data_dir, path, new.as_bytes())
                .map_err(|e| InitError::Io(path.to_path_buf(), e))?;
            Ok(true)
        }
    }
}

/// Make `data_dir` a shared record. `exe` is the xal that git will run as the merge driver.
pub fn init(data_dir: &Path, remote: Option<&str>, exe: &Path) -> Result<Done, InitError> {
    let mut done = Done::default();
    std::fs::create_dir_all(data_dir).map_err(|e| InitError::Io(data_dir.to_path_buf(), e))?;
    let repo = match Repo::at(data_dir) {
        Some(r) => r,
        None => {
            let o = run_in(data_dir, &["init", "-q"], &[])?;
            if !o.ok {
                return Err(InitError::Git(GitError::Failed {
                    args: "init".into(),
                    message: super::said(&o),
                }));
            }
            done.steps.push(Step::Created);
            Repo::at(data_dir).ok_or_else(|| {
                InitError::Git(GitError::Failed {
                    args: "init".into(),
                    message: "no .git folder after git init".into(),
                })
            })?
        }
    };
    if let Some(b) = repo.blocker()? {
        return Err(InitError::Blocked(b));
    }
    if ensure_lines(data_dir, &data_dir.join(".gitattributes"), &[ATTRIBUTE])? {
        done.steps.push(Step::Attributes);
    }
    if ensure_lines(data_dir, &data_dir.join(".gitignore"), IGNORE)? {
        done.steps.push(Step::Ignore);
    }
    let driver = driver_command(exe);
    let name = "xal: assessments merged answer by answer";
    let mut changed = false;
    for (k, v) in [
        ("merge.xal.name", name),
        ("merge.xal.driver", driver.as_str()),
    ] {
        if repo.config(k).as_deref() != Some(v) {
            repo.ok(&["config", "--local", k, v])?;
            changed = true;
        }
    }
    if changed {
        done.steps.push(Step::Driver);
    }
    if let Some(url) = remote {
        match repo.config("remote.origin.url") {
            Some(has) if has == url => {}
            Some(has) => {
                return Err(InitError::OtherRemote {
                    has,
                    given: url.to_string(),
                });
            }
            None => {
                repo.ok(&["remote", "add", "origin", url])?;
                done.steps.push(Step::Remote(url.to_string()));
            }
        }
    }
    // The first commit holds everything there is; later runs commit only xal's own files,
    // and only when this run changed them.
    let first = repo.head()?.is_none();
    let mut paths = vec![".gitattributes", ".gitignore"];
    if first && data_dir.join("assessments").is_dir() {
        paths.push("assessments");
    }
    let touched = done
        .steps
        .iter()
        .any(|s| matches!(s, Step::Attributes | Step::Ignore));
    if first || touched {
        let mut add = vec!["add", "--"];
        add.extend(&paths);
        repo.ok(&add)?;
        let msg = if first {
            "xal: start the shared record of assessments"
        } else {
            "xal: merge assessments answer by answer"
        };
        let mut commit = vec!["commit", "-q", "-m", msg, "--"];
        commit.extend(&paths);
        let o = repo.run(&commit)?;
        if !o.ok {
            let said = super::said(&o);
            if said.contains("identity") || said.contains("user.email") {
                return Err(InitError::NoIdentity(said));
            }
            return Err(InitError::Git(GitError::Failed {
                args: "commit".into(),
                message: said,
            }));
        }
        done.steps.push(Step::Commit(msg.to_string()));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::IGNORE;
    use crate::store::Store;

    /// Whether a line of [`IGNORE`] keeps `name` (a file or folder at the data dir's top)
    /// out of git: `/name`, `/name/` for a folder, or a pattern by its name alone.
    fn ignored(name: &str) -> bool {
        IGNORE.iter().any(|line| {
            let pattern = line.strip_prefix('/').unwrap_or(line);
            let pattern = pattern.strip_suffix('/').unwrap_or(pattern);
            match pattern.strip_prefix('*') {
                Some(suffix) => name.ends_with(suffix),
                None => match pattern.split_once('*') {
                    Some((start, end)) => name.starts_with(start) && name.ends_with(end),
                    None => pattern == name,
                },
            }
        })
    }

    #[test]
    fn every_file_of_this_machine_only_is_ignored() {
        let store = Store::open("/data");
        let local = [
            store.index_path(),
            store.pending_path(),
            store.log_path(),
            store.exports_dir(),
            store.trash_dir(),
            store.train_settings_path(),
            store.data_dir().join(".lock"),
            // The index of earlier versions, until a new one replaces it.
            store.data_dir().join(".index.json"),
            store.assessments_dir().join(".xal-123-abc.tmp"),
            // Where `xal train start` builds a data dir it cannot build beside.
            store.data_dir().join(".xal-staging-123-abc"),
        ];
        for path in local {
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(ignored(name), "{name} is not in .gitignore: {IGNORE:?}");
        }
        // What is shared is not ignored.
        for name in ["assessments", ".gitattributes", ".gitignore"] {
            assert!(!ignored(name), "{name}");
        }
    }
}
