//! `xal sync`: commit what is pending (with a message made of the answer deltas), fetch,
//! merge with xal's driver, push (after a refused push: fetch, merge, push once more), and
//! say what came in and what went out.

use std::path::Path;

use super::delta::{Change, changes, subject};
use super::{Blocker, GitError, Repo, said};
use crate::store::{Assessment, parse_assessment_bytes};

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

/// Commit every change under `assessments/` with a message made of what changed.
pub fn commit_pending(repo: &Repo) -> Result<Option<String>, GitError> {
    if !repo.root().join("assessments").is_dir() {
        return Ok(None);
    }
    repo.ok(&["add", "-A", "--", "assessments"])?;
    let staged = repo.ok(&[
        "diff",
        "--cached",
        "--no-renames",
        "--name-status",
        "--",
        "assessments",
    ])?;
    let files: Vec<(char, String)> = staged
        .lines()
        .filter_map(|l| {
            let (s, p) = l.split_once('\t')?;
            Some((s.chars().next()?, p.to_string()))
        })
        .filter(|(_, p)| p.ends_with(".toml"))
        .collect();
    if files.is_empty() && staged.trim().is_empty() {
        return Ok(None);
    }
    let head = repo.head()?;
    let mut specs = Vec::new();
    for (_, p) in &files {
        specs.push(head.as_ref().map_or(String::new(), |h| format!("{h}:{p}")));
        specs.push(format!(":{p}"));
    }
    let blobs = repo.read_blobs(&specs)?;
    let mut lines = Vec::new();
    for (i, (status, p)) in files.iter().enumerate() {
        let shown = Path::new(p);
        let old = read(shown, blobs[2 * i].as_ref());
        let new = read(shown, blobs[2 * i + 1].as_ref());
        let name = new
            .as_ref()
            .or(old.as_ref())
            .map_or_else(|| id_of(p), |a| a.service.name.clone());
        let ch = changes(old.as_ref(), new.as_ref());
        lines.push(subject(&name, &ch, *status == 'A', *status == 'D'));
    }
    let (subj, body) = match lines.as_slice() {
        [] => ("xal: assessments saved".to_string(), String::new()),
        [one] => (one.clone(), String::new()),
        many => (
            format!("{} assessments changed", many.len()),
            many.join("\n"),
        ),
    };
    let mut args = vec!["commit", "-q", "-m", &subj];
    if !body.is_empty() {
        args.extend(["-m", &body]);
    }
    args.extend(["--", "assessments"]);
    repo.ok(&args)?;
    Ok(Some(subj))
}

fn refused(o: &super::Output) -> bool {
    let s = &o.stderr;
    s.contains("[rejected]") || s.contains("non-fast-forward") || s.contains("fetch first")
}

/// Register the driver when this clone has none yet (git does not copy a repository's config
/// when cloning).
pub fn ensure_driver(repo: &Repo, exe: &Path) -> Result<(), GitError> {
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

/// Fetch and merge `origin/<branch>`; what came in. `None` when the remote has no such branch.
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
    if before.as_deref() == Some(theirs.as_str()) {
        return Ok(Some(()));
    }
    let msg = format!("xal sync: merge {remote}");
    let o = super::run_in(
        repo.root(),
        // Two data dirs started apart (each with `repo init`) share no history yet: their
        // records still merge, file by file.
        &[
            "merge",
            "-q",
            "--no-edit",
            "--allow-unrelated-histories",
            "-m",
            &msg,
            &remote,
        ],
        &[("XAL_MERGE_THEIRS", &theirs)],
    )?;
    if !o.ok {
        let unmerged = repo.ok(&["diff", "--name-only", "--diff-filter=U"])?;
        let unmerged: Vec<String> = unmerged.lines().map(str::to_string).collect();
        if unmerged.is_empty() {
            // git refused before merging (a file it would overwrite): nothing changed.
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
            return Err(SyncError::LineConflicts(by_line));
        }
        repo.ok(&["commit", "-q", "--no-edit"])?;
    }
    let after = repo.head()?.unwrap_or_default();
    incoming(repo, before.as_deref(), &after, report)?;
    Ok(Some(()))
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
    if let Some(b) = repo.blocker()? {
        return Err(SyncError::Blocked(b));
    }
    let Some(branch) = repo.branch()? else {
        return Err(SyncError::Blocked(Blocker::Detached));
    };
    ensure_driver(repo, exe)?;
    let mut report = Report {
        committed: commit_pending(repo)?,
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
