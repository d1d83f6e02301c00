//! `xal sync`: commit what is pending (with a message made of the answer deltas), fetch,
//! merge with xal's driver, push (after a refused push: fetch, merge, push once more), and
//! say what came in and what went out.
//!
//! What a collaborator pushed is data to check, not a tree to take: before git merges, the
//! tree that would land is inspected ([`super::inspect`]) and anything outside the rules stops
//! the sync with HEAD and the work tree as they were; a merge is committed only once every
//! assessment it changed parses; nothing this branch sends breaks the same rules; and no file
//! xal cannot read is committed. Leftovers of a killed run are cleared first when that is safe
//! ([`clear_leftovers`]), else [`Repo::blocker`] says what to run.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::delta::{Change, changes, subject};
use super::inspect::{Fault, Problem, Scope, blame, check_assessment, in_layout, inspect};
use super::{Blocker, GitError, Repo, SYNC_MERGE, said};
use crate::store::{Assessment, MAX_FILE_BYTES, parse_assessment_bytes};

/// What came in for one assessment.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub id: String,
    pub name: String,
    pub added: bool,
    pub removed: bool,
    pub changes: Vec<Change>,
    /// The authors of the incoming commits that touched it, in the order git lists them.
    pub authors: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The subject of the commit made of pending work, if there was any.
    pub committed: Option<String>,
    pub incoming: Vec<Incoming>,
    /// Subjects of the commits sent.
    pub outgoing: Vec<String>,
    /// Assessment files that hold conflicts after the merge, with their keys.
    pub conflicts: Vec<(String, Vec<String>)>,
    /// The remote had nothing yet and now has this branch.
    pub published: bool,
    /// What an interrupted git or xal had left behind and this sync removed.
    pub cleared: Vec<Cleared>,
    /// Files under `assessments/` left out of the commit (not an assessment xal reads, a link,
    /// over the size cap, a name outside the layout): they stay as they are, not committed,
    /// not sent.
    pub uncommitted: Vec<Problem>,
}

/// A leftover of a stopped run, removed before syncing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cleared {
    /// git's `index.lock`, with no git working in the data dir: its path.
    StaleLock(PathBuf),
    /// The temporary files (`.merge_file_*`) a merge driver's run leaves when git is killed.
    MergeTemp(usize),
    /// The mark of a sync stopped before git had merged anything.
    StoppedMerge,
}

/// What the pending work gave: the commit's subject, and the files left out of it.
#[derive(Clone, Debug, Default)]
pub struct Pending {
    pub committed: Option<String>,
    pub uncommitted: Vec<Problem>,
}

#[derive(Debug)]
pub enum SyncError {
    Blocked(Blocker),
    /// The repository has no remote: nothing to sync with (work is committed).
    NoRemote {
        committed: Option<String>,
    },
    /// Fetch or push could not reach the remote; work stays committed here.
    Unreachable {
        message: String,
        committed: Option<String>,
        ahead: usize,
    },
    /// The push was refused again after fetching and merging once more.
    Refused {
        message: String,
    },
    /// git could not merge a file by meaning (it is not an assessment xal can read), so the
    /// merge is left for a person: which files.
    LineConflicts(Vec<String>),
    /// What `origin/<branch>` would bring in breaks the rules of a shared data dir
    /// ([`super::inspect`]): nothing was merged, HEAD and the work tree are as they were.
    Incoming {
        remote: String,
        problems: Vec<Problem>,
    },
    /// What this branch would send breaks the same rules (a commit made by hand): nothing
    /// was sent.
    Outgoing {
        problems: Vec<Problem>,
    },
    /// Merging gave assessments that do not parse (git merged lines where xal's driver was
    /// not used): a conflict; the merge was undone, nothing was committed or sent.
    BrokenMerge {
        remote: String,
        problems: Vec<Problem>,
    },
    /// A file left out of the commit because xal cannot read it is also changed by what
    /// comes in: nothing was merged.
    Uncommitted {
        remote: String,
        problems: Vec<Problem>,
    },
    Git(GitError),
}

impl From<GitError> for SyncError {
    fn from(e: GitError) -> Self {
        SyncError::Git(e)
    }
}

fn read(path: &Path, bytes: Option<&Vec<u8>>) -> Option<Assessment> {
    bytes.and_then(|b| parse_assessment_bytes(path, b).ok())
}

fn id_of(path: &str) -> String {
    path.trim_start_matches("assessments/")
        .trim_end_matches(".toml")
        .to_string()
}

/// One line of `git diff --raw -z`: the old and new mode and object, the status letter and
/// the path.
struct Raw {
    new_mode: String,
    old: String,
    new: String,
    status: char,
    path: String,
}

fn parse_raw(out: &str) -> Vec<Raw> {
    let mut fields = out.split('\0');
    let mut raws = Vec::new();
    while let Some(meta) = fields.next() {
        let Some(meta) = meta.strip_prefix(':') else {
            continue;
        };
        let Some(path) = fields.next() else { break };
        let f: Vec<&str> = meta.split_whitespace().collect();
        if let [_, new_mode, old, new, status, ..] = f.as_slice() {
            raws.push(Raw {
                new_mode: new_mode.to_string(),
                old: old.to_string(),
                new: new.to_string(),
                status: status.chars().next().unwrap_or('M'),
                path: path.to_string(),
            });
        }
    }
    raws
}

const NO_OBJECT: &str = "0000000000000000000000000000000000000000";

/// Commit every change under `assessments/` with a message made of what changed. A file xal
/// would refuse from another assessor is left out, as it is in the work tree, and said: one
/// that does not parse, a link, one over the size cap, a name outside the layout.
pub(crate) fn commit_pending(repo: &Repo) -> Result<Pending, GitError> {
    let mut pending = Pending::default();
    if !repo.root().join("assessments").is_dir() {
        return Ok(pending);
    }
    repo.ok(&["add", "-A", "--", "assessments"])?;
    let staged = repo.ok(&[
        "diff",
        "--cached",
        "--no-renames",
        "--raw",
        "-z",
        "--no-abbrev",
        "--",
        "assessments",
    ])?;
    let raws = parse_raw(&staged);
    if raws.is_empty() {
        return Ok(pending);
    }
    // What is there now, read from the objects git just stored (one process for them all),
    // except what is too big to read.
    let mut specs = Vec::new();
    for r in &raws {
        let big = std::fs::symlink_metadata(repo.root().join(&r.path))
            .is_ok_and(|m| m.len() > MAX_FILE_BYTES);
        specs.push(if r.old == NO_OBJECT {
            String::new()
        } else {
            r.old.clone()
        });
        specs.push(if r.new == NO_OBJECT || big {
            String::new()
        } else {
            r.new.clone()
        });
    }
    let blobs = repo.read_blobs(&specs)?;
    let mut lines = Vec::new();
    let mut left_out = Vec::new();
    for (i, r) in raws.iter().enumerate() {
        let removed = r.status == 'D';
        let fault = if removed {
            None
        } else if r.new_mode == "120000" {
            Some(Fault::Symlink {
                target: blobs[2 * i + 1]
                    .as_ref()
                    .map(|b| String::from_utf8_lossy(b).chars().take(200).collect())
                    .unwrap_or_default(),
            })
        } else if r.new_mode == "160000" {
            Some(Fault::Submodule)
        } else if !in_layout(&r.path) {
            Some(Fault::Stray)
        } else {
            match blobs[2 * i + 1].as_ref() {
                None => Some(Fault::TooBig {
                    bytes: std::fs::symlink_metadata(repo.root().join(&r.path))
                        .map(|m| m.len())
                        .unwrap_or(0),
                }),
                Some(b) if b.len() as u64 > MAX_FILE_BYTES => Some(Fault::TooBig {
                    bytes: b.len() as u64,
                }),
                Some(b) => check_assessment(&r.path, b).err(),
            }
        };
        if let Some(fault) = fault {
            left_out.push(r.path.clone());
            pending.uncommitted.push(Problem {
                path: r.path.clone(),
                fault,
                last: None,
            });
            continue;
        }
        let shown = Path::new(&r.path);
        let old = read(shown, blobs[2 * i].as_ref());
        let new = read(shown, blobs[2 * i + 1].as_ref());
        let name = new
            .as_ref()
            .or(old.as_ref())
            .map_or_else(|| id_of(&r.path), |a| a.service.name.clone());
        let ch = changes(old.as_ref(), new.as_ref());
        lines.push(subject(&name, &ch, r.status == 'A', removed));
    }
    // What is left out leaves the index too (it stays in the work tree), so that git's
    // merge and the next commit see it as a change not yet made.
    if !left_out.is_empty() {
        let mut unstage: Vec<&str> = if repo.head()?.is_some() {
            vec!["--literal-pathspecs", "reset", "-q", "--"]
        } else {
            vec!["--literal-pathspecs", "rm", "-q", "--cached", "--"]
        };
        unstage.extend(left_out.iter().map(String::as_str));
        repo.ok(&unstage)?;
    }
    if lines.is_empty() {
        return Ok(pending);
    }
    let (subj, body) = match lines.as_slice() {
        [one] => (one.clone(), String::new()),
        many => (
            format!("{} assessments changed", many.len()),
            many.join("\n"),
        ),
    };
    let excluded: Vec<String> = left_out
        .iter()
        .map(|p| format!(":(exclude,literal){p}"))
        .collect();
    let mut args = vec!["commit", "-q", "-m", &subj];
    if !body.is_empty() {
        args.extend(["-m", &body]);
    }
    args.extend(["--", "assessments"]);
    args.extend(excluded.iter().map(String::as_str));
    repo.ok(&args)?;
    pending.committed = Some(subj);
    Ok(pending)
}

fn refused(o: &super::Output) -> bool {
    let s = &o.stderr;
    s.contains("[rejected]") || s.contains("non-fast-forward") || s.contains("fetch first")
}

/// Register the driver when this clone has none yet (git does not copy a repository's config
/// when cloning).
pub(crate) fn ensure_driver(repo: &Repo, exe: &Path) -> Result<(), GitError> {
    if repo.config("merge.xal.driver").is_none() {
        repo.ok(&[
            "config",
            "--local",
            "merge.xal.driver",
            &super::init::driver_command(exe),
        ])?;
        repo.ok(&[
            "config",
            "--local",
            "merge.xal.name",
            "xal: assessments merged answer by answer",
        ])?;
    }
    Ok(())
}

/// Whether `a` is an ancestor of (or is) `b`.
fn is_ancestor(repo: &Repo, a: &str, b: &str) -> Result<bool, GitError> {
    Ok(repo.run(&["merge-base", "--is-ancestor", a, b])?.ok)
}

/// Fetch and merge `origin/<branch>`; what came in. `None` when the remote has no such branch.
///
/// What would land is checked first ([`inspect`]): a tree that breaks the rules stops the sync
/// before git merges anything. A merge that is not a fast-forward is made without a commit,
/// its result checked (every assessment it changed must parse), and only then committed; one
/// that does not parse is undone.
fn fetch_merge(repo: &Repo, branch: &str, report: &mut Report) -> Result<Option<()>, SyncError> {
    let o = repo.run(&["fetch", "-q", "origin"])?;
    if !o.ok {
        return Err(SyncError::Unreachable {
            message: said(&o),
            committed: report.committed.clone(),
            ahead: 0,
        });
    }
    let remote = format!("origin/{branch}");
    let Some(theirs) = repo.rev(&remote)? else {
        return Ok(None);
    };
    let before = repo.head()?;
    if let Some(b) = &before
        && is_ancestor(repo, &theirs, b)?
    {
        // Nothing there that is not here already.
        return Ok(Some(()));
    }
    let mut problems = inspect(repo, &theirs, before.as_deref(), Scope::Everything)?;
    if !problems.is_empty() {
        blame(repo, &theirs, &mut problems);
        return Err(SyncError::Incoming { remote, problems });
    }
    // A file left out of the commit that the merge would change: git would refuse, with
    // words about local changes; say why it was left out instead.
    if !report.uncommitted.is_empty() {
        let changed = match &before {
            Some(b) => repo.ok(&["diff", "--no-renames", "--name-only", "-z", b, &theirs])?,
            None => repo.ok(&["ls-tree", "-r", "-z", "--name-only", &theirs])?,
        };
        let changed: Vec<&str> = changed.split('\0').collect();
        let hit: Vec<Problem> = report
            .uncommitted
            .iter()
            .filter(|p| changed.contains(&p.path.as_str()))
            .cloned()
            .collect();
        if !hit.is_empty() {
            return Err(SyncError::Uncommitted {
                remote,
                problems: hit,
            });
        }
    }
    let fast_forward = match &before {
        None => true,
        Some(b) => is_ancestor(repo, b, &theirs)?,
    };
    if fast_forward {
        // What lands is the tree just checked.
        let o = repo.run(&["merge", "-q", "--ff-only", &remote])?;
        if !o.ok {
            return Err(SyncError::Git(GitError::Failed {
                args: format!("merge --ff-only {remote}"),
                message: said(&o),
            }));
        }
    } else {
        merge_checked(
            repo,
            before.as_deref().unwrap_or_default(),
            &theirs,
            &remote,
        )?;
    }
    let after = repo.head()?.unwrap_or_default();
    incoming(repo, before.as_deref(), &after, report)?;
    Ok(Some(()))
}

/// A merge of `remote` (commit `theirs`) into HEAD (`before`) that is committed only once every
/// assessment it changed parses. While it runs, [`SYNC_MERGE`] says so: a sync stopped here is
/// recognised by the next one.
fn merge_checked(repo: &Repo, before: &str, theirs: &str, remote: &str) -> Result<(), SyncError> {
    let mark = repo.git_path(SYNC_MERGE)?;
    // Below the data dir (its `.git`) never through a link; a git dir elsewhere (a linked
    // work tree) is git's own.
    let written = if mark.starts_with(repo.root()) {
        crate::store::write_within(repo.root(), &mark, format!("{before}\n").as_bytes())
    } else {
        crate::store::write_file_atomic(&mark, format!("{before}\n").as_bytes())
    };
    written.map_err(|e| {
        SyncError::Git(GitError::Failed {
            args: "merge".into(),
            message: format!("{}: {e}", mark.display()),
        })
    })?;
    let unmark = || {
        let _ = std::fs::remove_file(&mark);
    };
    let msg = format!("xal sync: merge {remote}");
    let o = super::run_in(
        repo.root(),
        // Two data dirs started apart (each with `repo init`) share no history yet: their
        // records still merge, file by file.
        &[
            "merge",
            "-q",
            "--no-ff",
            "--no-commit",
            "--allow-unrelated-histories",
            "-m",
            &msg,
            remote,
        ],
        &[("XAL_MERGE_THEIRS", theirs)],
    )?;
    if !o.ok {
        let unmerged = repo.ok(&["diff", "--name-only", "--diff-filter=U"])?;
        let unmerged: Vec<String> = unmerged.lines().map(str::to_string).collect();
        if unmerged.is_empty() && !repo.git_path("MERGE_HEAD")?.exists() {
            // git refused before merging (a file it would overwrite): nothing changed.
            unmark();
            return Err(SyncError::Git(GitError::Failed {
                args: format!("merge {remote}"),
                message: said(&o),
            }));
        }
        let mut by_line = Vec::new();
        for p in &unmerged {
            let bytes = std::fs::read(repo.root().join(p)).ok();
            let parsed = p
                .starts_with("assessments/")
                .then(|| read(Path::new(p), bytes.as_ref()))
                .flatten();
            match parsed {
                Some(_) => {
                    repo.ok(&["add", "--", p])?;
                }
                None => by_line.push(p.clone()),
            }
        }
        if !by_line.is_empty() {
            // Left for a person, with git's conflict markers: a merge in progress, not one
            // that was stopped.
            unmark();
            return Err(SyncError::LineConflicts(by_line));
        }
    }
    // The merged tree, before any commit: every assessment it changed must parse.
    let checked = repo
        .ok(&["write-tree"])
        .and_then(|tree| inspect(repo, tree.trim(), Some(before), Scope::Assessments));
    let mut problems = match checked {
        Ok(p) => p,
        Err(e) => {
            let _ = repo.run(&["merge", "--abort"]);
            unmark();
            return Err(SyncError::Git(e));
        }
    };
    if !problems.is_empty() {
        blame(repo, theirs, &mut problems);
        let o = repo.run(&["merge", "--abort"])?;
        if !o.ok {
            // Back to where it was, keeping what was not committed.
            repo.ok(&["reset", "-q", "--merge", before])?;
        }
        unmark();
        return Err(SyncError::BrokenMerge {
            remote: remote.to_string(),
            problems,
        });
    }
    let committed = repo.ok(&["commit", "-q", "--no-edit"]);
    unmark();
    committed?;
    Ok(())
}

/// How old a `index.lock` with no git working in the data dir must be to be taken as left by
/// a git that was stopped.
const STALE_LOCK: Duration = Duration::from_secs(5);

/// Remove what a stopped git or xal left behind when that is safe: a stale `index.lock` and
/// the driver's temporary files when no git works in the data dir, and the mark of a sync
/// stopped before git had merged anything. What cannot be removed safely is left for
/// [`Repo::blocker`] to say.
pub(crate) fn clear_leftovers(repo: &Repo) -> Result<Vec<Cleared>, GitError> {
    let mut cleared = Vec::new();
    // Only where processes can be seen, and none of git's works here.
    let idle = repo.git_working() == super::GitAtWork::No;
    let lock = repo.git_path("index.lock")?;
    if idle
        && let Ok(m) = std::fs::symlink_metadata(&lock)
        && m.modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_LOCK)
        && std::fs::remove_file(&lock).is_ok()
    {
        cleared.push(Cleared::StaleLock(lock.clone()));
    }
    // With a lock that stays (a git may be starting), everything stays for the blocker to say.
    if idle
        && !lock.exists()
        && let Ok(dir) = std::fs::read_dir(repo.root())
    {
        let mut n = 0;
        for e in dir.flatten() {
            let name = e.file_name();
            let is_temp = name
                .to_str()
                .and_then(|n| n.strip_prefix(".merge_file_"))
                .is_some_and(|rest| {
                    !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric())
                });
            if is_temp
                && e.file_type().is_ok_and(|t| t.is_file())
                && std::fs::remove_file(e.path()).is_ok()
            {
                n += 1;
            }
        }
        if n > 0 {
            cleared.push(Cleared::MergeTemp(n));
        }
    }
    let mark = repo.git_path(SYNC_MERGE)?;
    if mark.exists() && !lock.exists() && !repo.git_path("MERGE_HEAD")?.exists() {
        // git never got to the end of the merge: nothing of it was written.
        if std::fs::remove_file(&mark).is_ok() {
            cleared.push(Cleared::StoppedMerge);
        }
    }
    Ok(cleared)
}

/// Every assessment this branch would send that another assessor's xal would refuse
/// (commits made by hand): the files that differ from `origin/<branch>`.
fn check_outgoing(repo: &Repo, branch: &str) -> Result<(), SyncError> {
    let Some(head) = repo.head()? else {
        return Ok(());
    };
    let theirs = repo.rev(&format!("origin/{branch}"))?;
    let mut problems = inspect(repo, &head, theirs.as_deref(), Scope::Everything)?;
    if problems.is_empty() {
        return Ok(());
    }
    blame(repo, &head, &mut problems);
    Err(SyncError::Outgoing { problems })
}

/// What the merge from `before` to `after` brought in, by assessment.
fn incoming(
    repo: &Repo,
    before: Option<&str>,
    after: &str,
    report: &mut Report,
) -> Result<(), GitError> {
    let Some(before) = before else {
        return Ok(());
    };
    let diff = repo.ok(&[
        "diff",
        "--no-renames",
        "--name-status",
        before,
        after,
        "--",
        "assessments",
    ])?;
    let files: Vec<(char, String)> = diff
        .lines()
        .filter_map(|l| {
            let (s, p) = l.split_once('\t')?;
            Some((s.chars().next()?, p.to_string()))
        })
        .filter(|(_, p)| p.ends_with(".toml"))
        .collect();
    let range = format!("{before}..{after}");
    let log = repo.ok(&[
        "log",
        "--no-merges",
        "--format=%x1e%an <%ae>",
        "--name-only",
        &range,
        "--",
        "assessments",
    ])?;
    let mut authors: std::collections::HashMap<String, Vec<String>> = Default::default();
    for rec in log.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
        let mut lines = rec.lines();
        let who = lines.next().unwrap_or("").to_string();
        for p in lines.filter(|l| !l.trim().is_empty()) {
            let list = authors.entry(p.to_string()).or_default();
            if !list.contains(&who) {
                list.push(who.clone());
            }
        }
    }
    let mut specs = Vec::new();
    for (_, p) in &files {
        specs.push(format!("{before}:{p}"));
        specs.push(format!("{after}:{p}"));
    }
    let blobs = repo.read_blobs(&specs)?;
    for (i, (status, p)) in files.iter().enumerate() {
        let shown = Path::new(p);
        let old = read(shown, blobs[2 * i].as_ref());
        let new = read(shown, blobs[2 * i + 1].as_ref());
        if let Some(a) = &new
            && !a.conflicts.is_empty()
        {
            report
                .conflicts
                .push((p.clone(), a.conflicts.keys().cloned().collect()));
        }
        report.incoming.push(Incoming {
            id: id_of(p),
            name: new
                .as_ref()
                .or(old.as_ref())
                .map_or_else(|| id_of(p), |a| a.service.name.clone()),
            added: *status == 'A',
            removed: *status == 'D',
            changes: changes(old.as_ref(), new.as_ref()),
            authors: authors.remove(p).unwrap_or_default(),
        });
    }
    Ok(())
}

fn ahead(repo: &Repo, branch: &str) -> usize {
    let range = match repo.rev(&format!("origin/{branch}")) {
        Ok(Some(_)) => format!("origin/{branch}..HEAD"),
        _ => "HEAD".to_string(),
    };
    repo.ok(&["rev-list", "--count", &range])
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// What the interface's header and its cached histories go by: where HEAD is, and how far
/// ahead of and behind the upstream.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The commit HEAD names; `None` before the first commit.
    pub head: Option<String>,
    pub ahead_behind: Option<(usize, usize)>,
}

/// The repository's [`State`] now.
pub fn state(repo: &Repo) -> State {
    State {
        head: repo
            .ok(&["rev-parse", "-q", "--verify", "HEAD"])
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty()),
        ahead_behind: ahead_behind(repo),
    }
}

/// Ahead of and behind `origin/<branch>` as last fetched (for a header).
pub fn ahead_behind(repo: &Repo) -> Option<(usize, usize)> {
    let branch = repo.branch().ok()??;
    let range = format!("HEAD...origin/{branch}");
    let out = repo
        .ok(&["rev-list", "--left-right", "--count", &range])
        .ok()?;
    let mut it = out.split_whitespace().filter_map(|n| n.parse().ok());
    Some((it.next()?, it.next()?))
}

/// The whole of `xal sync`.
pub fn sync(repo: &Repo, exe: &Path) -> Result<Report, SyncError> {
    let cleared = clear_leftovers(repo)?;
    if let Some(b) = repo.blocker()? {
        return Err(SyncError::Blocked(b));
    }
    let Some(branch) = repo.branch()? else {
        return Err(SyncError::Blocked(Blocker::Detached));
    };
    ensure_driver(repo, exe)?;
    let pending = commit_pending(repo)?;
    let mut report = Report {
        committed: pending.committed,
        uncommitted: pending.uncommitted,
        cleared,
        ..Report::default()
    };
    if repo.config("remote.origin.url").is_none() {
        return Err(SyncError::NoRemote {
            committed: report.committed,
        });
    }
    let with_ahead = |e: SyncError, repo: &Repo| match e {
        SyncError::Unreachable {
            message, committed, ..
        } => SyncError::Unreachable {
            message,
            committed,
            ahead: ahead(repo, &branch),
        },
        other => other,
    };
    let had_remote_branch = fetch_merge(repo, &branch, &mut report)
        .map_err(|e| with_ahead(e, repo))?
        .is_some();
    // Never send what another assessor's xal would refuse to take in.
    check_outgoing(repo, &branch)?;
    for attempt in 0..2 {
        let range = if repo.rev(&format!("origin/{branch}"))?.is_some() {
            format!("origin/{branch}..HEAD")
        } else {
            "HEAD".into()
        };
        let sent = repo.ok(&["log", "--no-merges", "--format=%s", &range])?;
        let o = repo.run(&["push", "-q", "-u", "origin", &branch])?;
        if o.ok {
            report.outgoing = sent.lines().map(str::to_string).collect();
            report.published = !had_remote_branch;
            return Ok(report);
        }
        // A push that failed while the remote answers was refused (lost a race, a hook said
        // no); one that failed with the remote silent did not get there.
        let reachable = refused(&o) || repo.run(&["ls-remote", "-q", "origin"])?.ok;
        if !reachable {
            return Err(SyncError::Unreachable {
                message: said(&o),
                committed: report.committed,
                ahead: ahead(repo, &branch),
            });
        }
        if attempt == 1 {
            return Err(SyncError::Refused { message: said(&o) });
        }
        // Someone pushed in between: bring it in, then try once more.
        fetch_merge(repo, &branch, &mut report).map_err(|e| with_ahead(e, repo))?;
    }
    unreachable!("the loop returns on its second pass")
}
