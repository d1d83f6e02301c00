//! The data dir as a git work tree, through the `git` command (never a reimplementation).
//!
//! Every call runs `git -C <data dir>` with the variables that would point git elsewhere
//! removed (a merge driver is started by git with some of them set), and with messages in
//! the C locale so that they can be recognised.
#![forbid(unsafe_code)]

pub mod delta;
pub mod history;
pub mod init;
pub mod inspect;
pub mod sync;

use xal_core::{answers, text};
use xal_store::store;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The pattern `.gitattributes` gives xal's merge driver.
pub const ATTRIBUTE: &str = "assessments/*.toml merge=xal";

/// What went wrong running git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// The `git` program could not be started.
    Missing(String),
    /// git ran and refused: its arguments and the first lines it said.
    Failed { args: String, message: String },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing(e) => write!(f, "cannot run git ({e}); install git"),
            GitError::Failed { args, message } => write!(f, "git {args}: {message}"),
        }
    }
}

/// What a command's run of git gave back.
pub struct Output {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

/// A data dir that is the top of a git work tree.
#[derive(Clone, Debug)]
pub struct Repo {
    root: PathBuf,
    /// ssh must never ask for a password (see [`Repo::batch`]).
    batch: bool,
}

/// Where the work tree stands, for the refusals that keep work safe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    Merging,
    Rebasing,
    CherryPicking,
    Detached,
    Unmerged(Vec<String>),
    /// An earlier `xal sync` was stopped (killed) after git had merged but before xal had
    /// checked and committed the merge: the data dir it is in, for the command to run.
    Interrupted(String),
    /// A git process works in the data dir now (it holds `index.lock`): its id.
    GitRunning(u32),
    /// `index.lock` is there, no git is seen working in the data dir, but it is too recent
    /// (or this system cannot tell) to be removed: its path.
    IndexLocked(String),
}

impl Blocker {
    /// What is going on and what to run, in English and Thai.
    pub fn say(&self, th: bool) -> String {
        match (self, th) {
            (Blocker::Merging, false) => "a git merge is in progress in the data dir: finish it \
                 (git add the files, then git commit) or undo it (git merge --abort), then run \
                 xal sync again"
                .into(),
            (Blocker::Merging, true) => "โฟลเดอร์ข้อมูลกำลังอยู่ระหว่าง git merge: ทำให้เสร็จ (git add แล้ว git commit) \
                 หรือยกเลิก (git merge --abort) แล้วสั่ง xal sync อีกครั้ง"
                .into(),
            (Blocker::Rebasing, false) => "a git rebase is in progress in the data dir: finish it \
                 (git rebase --continue) or undo it (git rebase --abort)"
                .into(),
            (Blocker::Rebasing, true) => "โฟลเดอร์ข้อมูลกำลังอยู่ระหว่าง git rebase: ทำต่อ (git rebase --continue) \
                 หรือยกเลิก (git rebase --abort)"
                .into(),
            (Blocker::CherryPicking, false) => "a git cherry-pick or revert is in progress in the \
                 data dir: finish it (git cherry-pick --continue) or undo it (git cherry-pick --abort)"
                .into(),
            (Blocker::CherryPicking, true) => "โฟลเดอร์ข้อมูลกำลังอยู่ระหว่าง git cherry-pick: ทำต่อ \
                 (git cherry-pick --continue) หรือยกเลิก (git cherry-pick --abort)"
                .into(),
            (Blocker::Detached, false) => "the data dir is on a detached HEAD (no branch): switch \
                 to a branch first (git switch main, or git switch -c NAME to keep these commits)"
                .into(),
            (Blocker::Detached, true) => "โฟลเดอร์ข้อมูลไม่ได้อยู่บน branch (detached HEAD): สลับไปที่ branch ก่อน \
                 (git switch main หรือ git switch -c NAME เพื่อเก็บ commit เหล่านี้)"
                .into(),
            (Blocker::Unmerged(files), false) => format!(
                "files left unmerged by git: {}; fix them, git add them and git commit",
                files.join(", ")
            ),
            (Blocker::Unmerged(files), true) => format!(
                "ไฟล์ที่ git ยัง merge ไม่เสร็จ: {}; แก้ไข แล้ว git add และ git commit",
                files.join(", ")
            ),
            (Blocker::Interrupted(dir), false) => format!(
                "an earlier xal sync was stopped in the middle of its merge; nothing of that \
                 merge was committed or sent: undo it with git -C {dir} merge --abort, then run \
                 xal sync again"
            ),
            (Blocker::Interrupted(dir), true) => format!(
                "xal sync ครั้งก่อนถูกหยุดกลางการรวม ยังไม่มีส่วนใดของการรวมนั้นถูก commit หรือส่งออก: \
                 ยกเลิกด้วย git -C {dir} merge --abort แล้วสั่ง xal sync อีกครั้ง"
            ),
            (Blocker::GitRunning(pid), false) => format!(
                "another git (process {pid}) is working in the data dir: wait for it to finish, \
                 then run xal sync again"
            ),
            (Blocker::GitRunning(pid), true) => format!(
                "มี git อีกตัว (process {pid}) กำลังทำงานในโฟลเดอร์ข้อมูล: รอให้เสร็จ \
                 แล้วสั่ง xal sync อีกครั้ง"
            ),
            (Blocker::IndexLocked(path), false) => format!(
                "git's lock {path} is there but no git is seen working in the data dir (a git \
                 that was stopped leaves it): if no git is running, remove it with rm {path}, \
                 then run xal sync again"
            ),
            (Blocker::IndexLocked(path), true) => format!(
                "มีไฟล์ล็อกของ git {path} ค้างอยู่ แต่ไม่เห็น git ทำงานในโฟลเดอร์ข้อมูล (git ที่ถูกหยุดกลางคันทิ้งไว้): \
                 ถ้าไม่มี git ทำงานอยู่ ลบด้วย rm {path} แล้วสั่ง xal sync อีกครั้ง"
            ),
        }
    }
}

/// The file (under the git dir) `xal sync` keeps while its own merge is not yet checked and
/// committed: the commit HEAD was before it. Left behind, it says a sync was stopped there.
pub(crate) const SYNC_MERGE: &str = "xal-sync-merge";

/// `s` as one word for a POSIX shell: as it is when it is plain, else in single quotes.
pub(crate) fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+:@,=".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Whether a git process works in a data dir.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GitAtWork {
    /// This one does: its process id.
    Yes(u32),
    No,
    /// This system does not show processes (no `/proc`).
    CannotTell,
}

/// A process named git whose working folder is `root` or inside it (Linux: `/proc`).
/// Processes of other users that cannot be read are not seen.
fn git_working_in(root: &Path) -> GitAtWork {
    let proc_ = Path::new("/proc");
    if !proc_.join("self/cwd").exists() {
        return GitAtWork::CannotTell;
    }
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let Ok(dir) = std::fs::read_dir(proc_) else {
        return GitAtWork::CannotTell;
    };
    for e in dir.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let is_git = std::fs::read_to_string(e.path().join("comm"))
            .is_ok_and(|c| c.trim() == "git" || c.trim().starts_with("git-"));
        if !is_git {
            continue;
        }
        if std::fs::read_link(e.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(&root)) {
            return GitAtWork::Yes(pid);
        }
    }
    GitAtWork::No
}

/// One commit as `git log` gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitInfo {
    pub hash: String,
    /// `Name <email>`.
    pub author: String,
    /// ISO 8601, with the author's offset.
    pub date: String,
    pub subject: String,
}

fn git_command(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir);
    c.args(["-c", "core.quotepath=off"]);
    for v in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_PREFIX",
    ] {
        c.env_remove(v);
    }
    c.env("LC_ALL", "C").env("GIT_TERMINAL_PROMPT", "0");
    c.stdin(Stdio::null());
    c
}

/// Run git in `dir` and collect what it says.
pub fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Output, GitError> {
    let mut c = git_command(dir);
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().map_err(|e| GitError::Missing(e.to_string()))?;
    Ok(Output {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// The first lines git said on failure, joined, for a one-line message.
pub fn said(o: &Output) -> String {
    let text = if o.stderr.trim().is_empty() {
        &o.stdout
    } else {
        &o.stderr
    };
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .take(3)
        .collect();
    lines.join(" ")
}

impl Repo {
    /// The repository whose work tree top is `dir`, if it is one. A folder inside another
    /// repository is not one: xal shares a data dir, not a folder of some other project.
    pub fn at(dir: &Path) -> Option<Repo> {
        dir.join(".git").exists().then(|| Repo {
            root: dir.to_path_buf(),
            batch: false,
        })
    }

    /// The same repository, for a caller that owns the terminal (the interface): ssh gets
    /// `BatchMode=yes`, since a password prompt on the tty would write over the screen and
    /// wait for keys the interface is reading. A remote that needs one is then unreachable,
    /// which sync says. The user's own ssh command is kept.
    pub fn batch(&self) -> Repo {
        let own = ["GIT_SSH_COMMAND", "GIT_SSH"]
            .iter()
            .any(|v| std::env::var_os(v).is_some())
            || self.config("core.sshCommand").is_some();
        Repo {
            root: self.root.clone(),
            batch: !own,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn run(&self, args: &[&str]) -> Result<Output, GitError> {
        if self.batch {
            run_in(
                &self.root,
                args,
                &[("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")],
            )
        } else {
            run_in(&self.root, args, &[])
        }
    }

    /// Run git and require success; its standard output.
    pub fn ok(&self, args: &[&str]) -> Result<String, GitError> {
        let o = self.run(args)?;
        if o.ok {
            Ok(o.stdout)
        } else {
            Err(GitError::Failed {
                args: args.join(" "),
                message: said(&o),
            })
        }
    }

    /// Where git keeps `name` of this repository (`git rev-parse --git-path NAME`).
    pub(crate) fn git_path(&self, name: &str) -> Result<PathBuf, GitError> {
        let p = PathBuf::from(self.ok(&["rev-parse", "--git-path", name])?.trim());
        Ok(if p.is_absolute() {
            p
        } else {
            self.root.join(p)
        })
    }

    /// `git rev-parse --git-path NAME` exists: a marker of an operation in progress.
    fn marker(&self, name: &str) -> bool {
        self.git_path(name).map(|p| p.exists()).unwrap_or(false)
    }

    /// Whether a git process works in this data dir now (its working folder is in it).
    pub(crate) fn git_working(&self) -> GitAtWork {
        git_working_in(&self.root)
    }

    /// Why writing commits now could lose or tangle someone's work, if it could.
    pub(crate) fn blocker(&self) -> Result<Option<Blocker>, GitError> {
        let lock = self.git_path("index.lock")?;
        if lock.exists() {
            return Ok(Some(match self.git_working() {
                GitAtWork::Yes(pid) => Blocker::GitRunning(pid),
                _ => Blocker::IndexLocked(shell_word(&lock.to_string_lossy())),
            }));
        }
        if self.marker("MERGE_HEAD") {
            if self.marker(SYNC_MERGE) {
                return Ok(Some(Blocker::Interrupted(shell_word(
                    &self.root.to_string_lossy(),
                ))));
            }
            return Ok(Some(Blocker::Merging));
        }
        if self.marker("rebase-merge") || self.marker("rebase-apply") {
            return Ok(Some(Blocker::Rebasing));
        }
        if self.marker("CHERRY_PICK_HEAD") || self.marker("REVERT_HEAD") {
            return Ok(Some(Blocker::CherryPicking));
        }
        let unmerged = self.ok(&["diff", "--name-only", "--diff-filter=U"])?;
        let unmerged: Vec<String> = unmerged.lines().map(str::to_string).collect();
        if !unmerged.is_empty() {
            return Ok(Some(Blocker::Unmerged(unmerged)));
        }
        if self.branch()?.is_none() && self.head()?.is_some() {
            return Ok(Some(Blocker::Detached));
        }
        Ok(None)
    }

    /// The branch checked out (also before its first commit); `None` on a detached head.
    pub fn branch(&self) -> Result<Option<String>, GitError> {
        let o = self.run(&["symbolic-ref", "-q", "--short", "HEAD"])?;
        Ok(o.ok.then(|| o.stdout.trim().to_string()))
    }

    /// The commit checked out; `None` before the first commit.
    pub fn head(&self) -> Result<Option<String>, GitError> {
        self.rev("HEAD")
    }

    pub fn rev(&self, name: &str) -> Result<Option<String>, GitError> {
        let spec = format!("{name}^{{commit}}");
        let o = self.run(&["rev-parse", "-q", "--verify", &spec])?;
        Ok(o.ok.then(|| o.stdout.trim().to_string()))
    }

    /// A setting from git's own config (e.g. `user.name`).
    pub fn config(&self, key: &str) -> Option<String> {
        self.run(&["config", "--get", key])
            .ok()
            .filter(|o| o.ok)
            .map(|o| o.stdout.trim().to_string())
    }

    /// The commits that touched `path` within `range` (newest first).
    pub fn log(&self, range: &str, path: &str) -> Result<Vec<CommitInfo>, GitError> {
        let out = self.ok(&[
            "log",
            "--no-merges",
            "--format=%H%x1f%an <%ae>%x1f%aI%x1f%s",
            range,
            "--",
            path,
        ])?;
        Ok(out.lines().filter_map(parse_commit_line).collect())
    }

    /// The bytes of each `REV:PATH`, read by one `git cat-file --batch` (`None` where there
    /// is none): one process for any number of versions.
    pub(crate) fn read_blobs(&self, specs: &[String]) -> Result<Vec<Option<Vec<u8>>>, GitError> {
        let mut c = git_command(&self.root);
        c.args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = c.spawn().map_err(|e| GitError::Missing(e.to_string()))?;
        let mut input = String::new();
        for s in specs {
            input.push_str(s);
            input.push('\n');
        }
        let mut stdin = child.stdin.take().expect("piped");
        // Written from a thread: git answers while it reads, and a pipe holds little.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut bytes = Vec::new();
        child
            .stdout
            .take()
            .expect("piped")
            .read_to_end(&mut bytes)
            .map_err(|e| GitError::Missing(e.to_string()))?;
        let _ = writer.join();
        let _ = child.wait();
        let mut out = Vec::with_capacity(specs.len());
        let mut at = 0;
        for _ in specs {
            let Some(nl) = bytes[at..].iter().position(|&b| b == b'\n') else {
                out.push(None);
                continue;
            };
            let header = String::from_utf8_lossy(&bytes[at..at + nl]).into_owned();
            at += nl + 1;
            let parts: Vec<&str> = header.split(' ').collect();
            match parts.as_slice() {
                [_, "blob", size] => {
                    let size: usize = size.parse().unwrap_or(0);
                    let end = (at + size).min(bytes.len());
                    out.push(Some(bytes[at..end].to_vec()));
                    at = end + 1;
                }
                [_, _, size] => {
                    // Not a blob: skip its content.
                    at += size.parse::<usize>().unwrap_or(0) + 1;
                    out.push(None);
                }
                _ => out.push(None),
            }
        }
        Ok(out)
    }
}

fn parse_commit_line(l: &str) -> Option<CommitInfo> {
    let mut f = l.split('\u{1f}');
    Some(CommitInfo {
        hash: f.next()?.to_string(),
        author: f.next()?.to_string(),
        date: f.next()?.to_string(),
        subject: f.next().unwrap_or("").to_string(),
    })
}

/// The path of an assessment in the repository.
pub(crate) fn assessment_path(id: &str) -> String {
    format!("assessments/{id}.toml")
}

/// When the interface commits in a repository (`git.commit` in config.toml).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CommitWhen {
    /// After every save of an assessment.
    EachSave,
    /// When the interface quits (or stops on a signal), what was saved is committed.
    #[default]
    OnQuit,
    /// Never by itself: `xal sync` commits what is pending.
    Manual,
}

impl CommitWhen {
    pub fn parse(s: &str) -> Option<CommitWhen> {
        match s {
            "each-save" => Some(CommitWhen::EachSave),
            "on-quit" => Some(CommitWhen::OnQuit),
            "manual" => Some(CommitWhen::Manual),
            _ => None,
        }
    }
}

/// What the interface commits: the pending changes under `assessments/`, unless the tree is
/// in a state where a commit could tangle someone's work (then nothing, and why). `None` when
/// the data dir is not a repository; the files [`sync::commit_pending`] left out are in the
/// [`sync::Pending`] (`crate::words::git` in the application says what they are).
pub fn commit_for_interface(data_dir: &Path) -> Result<Option<sync::Pending>, String> {
    let Some(repo) = Repo::at(data_dir) else {
        return Ok(None);
    };
    match repo.blocker() {
        Ok(Some(b)) => return Err(b.say(false)),
        Err(e) => return Err(e.to_string()),
        Ok(None) => {}
    }
    sync::commit_pending(&repo)
        .map(Some)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_when_reads_the_three_words_and_nothing_else() {
        assert_eq!(CommitWhen::parse("each-save"), Some(CommitWhen::EachSave));
        assert_eq!(CommitWhen::parse("on-quit"), Some(CommitWhen::OnQuit));
        assert_eq!(CommitWhen::parse("manual"), Some(CommitWhen::Manual));
        assert_eq!(CommitWhen::parse("always"), None);
        assert_eq!(CommitWhen::default(), CommitWhen::OnQuit);
    }

    #[test]
    fn the_driver_command_quotes_the_program() {
        assert_eq!(
            init::driver_command(Path::new("/opt/it's/xal")),
            "'/opt/it'\\''s/xal' merge-file %O %A %B --path %P"
        );
    }
}
