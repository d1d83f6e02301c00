//! What a shared data dir may hold, checked on the trees git is about to land or send: xal's
//! layout and nothing else (`assessments/<id>.toml`, `.gitattributes`, `.gitignore`,
//! `allowed_signers`), no symbolic links or submodules, every file under the size cap, every
//! assessment one xal reads, and a `.gitattributes` that asks git for xal's merge driver only.
//!
//! A collaborator with push access could otherwise put a link to a file outside the data dir
//! where xal writes (`xal.log`, an assessment), a filter that runs a command on checkout, or a
//! file no xal can read into every other assessor's data dir with one `xal sync`.

use std::collections::HashMap;
use std::path::Path;

use super::{ATTRIBUTE, GitError, Repo};
use crate::store::{MAX_FILE_BYTES, parse_assessment_bytes, valid_id};

/// The files of xal's layout besides the assessments.
pub(crate) const OWN_FILES: &[&str] = &[".gitattributes", ".gitignore", "allowed_signers"];

/// What is wrong with one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// A symbolic link, and what it points at.
    Symlink { target: String },
    /// A gitlink: a submodule, another repository inside this one.
    Submodule,
    /// Not a file of xal's layout (another name, a subfolder, a folder where a file goes).
    Stray,
    /// Over [`MAX_FILE_BYTES`].
    TooBig { bytes: u64 },
    /// An assessment that does not parse: where (line and column from 1; 0 where no place
    /// applies) and why.
    Unparsable {
        line: usize,
        column: usize,
        message: String,
    },
    /// An assessment whose id is not its file name (two files could claim one id): its id.
    OtherId(String),
    /// A `.gitattributes` line that asks git for more than xal's merge driver.
    Attributes(String),
    /// git could not give its content.
    Unreadable,
}

/// The commit that last changed a file, and who wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Touch {
    /// Abbreviated hash.
    pub commit: String,
    /// `Name <email>`.
    pub author: String,
}

/// One file refused, as git names it (untrusted: shown through `crate::text::visible`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub fault: Fault,
    pub last: Option<Touch>,
}

/// Which rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every rule: what another assessor's commits bring in, what this one sends.
    Everything,
    /// Only that every assessment parses: the result of merging two trees that were each
    /// checked already.
    Assessments,
}

/// One entry of `git ls-tree -r -l`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    mode: String,
    kind: String,
    object: String,
    size: Option<u64>,
    path: String,
}

fn ls_tree(repo: &Repo, treeish: &str) -> Result<Vec<Entry>, GitError> {
    let out = repo.ok(&["ls-tree", "-r", "-z", "--full-tree", "-l", treeish])?;
    Ok(out
        .split('\0')
        .filter(|r| !r.is_empty())
        .filter_map(|r| {
            let (meta, path) = r.split_once('\t')?;
            let mut f = meta.split_whitespace();
            Some(Entry {
                mode: f.next()?.to_string(),
                kind: f.next()?.to_string(),
                object: f.next()?.to_string(),
                size: f.next().and_then(|s| s.parse().ok()),
                path: path.to_string(),
            })
        })
        .collect())
}

/// `assessments/<id>.toml` for a valid id, no subfolder.
pub(crate) fn is_assessment_path(path: &str) -> bool {
    path.strip_prefix("assessments/")
        .and_then(|rest| rest.strip_suffix(".toml"))
        .is_some_and(valid_id)
}

/// Whether `path` is a file of xal's layout.
pub(crate) fn in_layout(path: &str) -> bool {
    OWN_FILES.contains(&path) || is_assessment_path(path)
}

/// Whether the bytes of `path` (an `assessments/<id>.toml`) are an assessment xal reads, with
/// the id its name says; what is wrong if not.
pub(crate) fn check_assessment(path: &str, bytes: &[u8]) -> Result<(), Fault> {
    let p = Path::new(path);
    let a = parse_assessment_bytes(p, bytes).map_err(|d| Fault::Unparsable {
        line: d.line,
        column: d.column,
        message: d.message,
    })?;
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if a.id != stem {
        return Err(Fault::OtherId(a.id));
    }
    Ok(())
}

/// The first line of a `.gitattributes` that asks for anything but xal's own attribute
/// (blank lines and `#` comments are fine).
pub(crate) fn foreign_attribute(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let own: Vec<&str> = ATTRIBUTE.split_whitespace().collect();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .find(|l| l.split_whitespace().collect::<Vec<_>>() != own)
        .map(|l| l.chars().take(120).collect())
}

/// What is wrong with a regular file of the layout, given its bytes.
fn content_fault(path: &str, bytes: Option<&Vec<u8>>, scope: Scope) -> Option<Fault> {
    let Some(bytes) = bytes else {
        return Some(Fault::Unreadable);
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Some(Fault::TooBig {
            bytes: bytes.len() as u64,
        });
    }
    if is_assessment_path(path) {
        return check_assessment(path, bytes).err();
    }
    if scope == Scope::Everything && path == ".gitattributes" {
        return foreign_attribute(bytes).map(Fault::Attributes);
    }
    None
}

/// The problems of the files of `tree` (a commit or a tree) that are not the same in `base`
/// (what is already here is not brought in again), in the order git lists them.
pub fn inspect(
    repo: &Repo,
    tree: &str,
    base: Option<&str>,
    scope: Scope,
) -> Result<Vec<Problem>, GitError> {
    let have: HashMap<String, (String, String)> = match base {
        Some(b) => ls_tree(repo, b)?
            .into_iter()
            .map(|e| (e.path, (e.mode, e.object)))
            .collect(),
        None => HashMap::new(),
    };
    let mut found: Vec<(String, Fault)> = Vec::new();
    let mut to_read: Vec<(usize, String)> = Vec::new();
    let mut reads: Vec<String> = Vec::new();
    for e in ls_tree(repo, tree)? {
        if have
            .get(&e.path)
            .is_some_and(|(m, o)| *m == e.mode && *o == e.object)
        {
            continue;
        }
        if scope == Scope::Assessments && !is_assessment_path(&e.path) {
            continue;
        }
        let fault = match (e.mode.as_str(), e.kind.as_str()) {
            ("160000", _) | (_, "commit") => Some(Fault::Submodule),
            ("120000", _) => {
                // The target is read below, to be named.
                to_read.push((found.len(), e.object.clone()));
                Some(Fault::Symlink {
                    target: String::new(),
                })
            }
            (_, "blob") if !in_layout(&e.path) => Some(Fault::Stray),
            (_, "blob") if e.size.is_some_and(|s| s > MAX_FILE_BYTES) => Some(Fault::TooBig {
                bytes: e.size.unwrap_or(0),
            }),
            (_, "blob") => {
                reads.push(e.object.clone());
                found.push((e.path.clone(), Fault::Unreadable));
                continue;
            }
            _ => Some(Fault::Stray),
        };
        if let Some(f) = fault {
            found.push((e.path, f));
        }
    }
    // One `cat-file --batch` for every content and link target.
    let mut specs: Vec<String> = reads.clone();
    specs.extend(to_read.iter().map(|(_, o)| o.clone()));
    let blobs = repo.read_blobs(&specs)?;
    let mut contents = blobs.iter();
    let mut problems = Vec::new();
    let mut targets: HashMap<usize, String> = to_read
        .iter()
        .zip(blobs.iter().skip(reads.len()))
        .map(|((i, _), b)| {
            let t = b
                .as_ref()
                .map(|b| String::from_utf8_lossy(b).chars().take(200).collect())
                .unwrap_or_default();
            (*i, t)
        })
        .collect();
    for (i, (path, fault)) in found.into_iter().enumerate() {
        let fault = match fault {
            // A placeholder for a file whose content decides.
            Fault::Unreadable => {
                let bytes = contents.next().and_then(Option::as_ref);
                match content_fault(&path, bytes, scope) {
                    Some(f) => f,
                    None => continue,
                }
            }
            Fault::Symlink { .. } => Fault::Symlink {
                target: targets.remove(&i).unwrap_or_default(),
            },
            f => f,
        };
        problems.push(Problem {
            path,
            fault,
            last: None,
        });
    }
    Ok(problems)
}

/// How many problems get their last commit looked up (and are shown one per line).
pub const SHOWN: usize = 20;

/// The commit reachable from `rev` that last touched each problem's file, and its author
/// (for the first [`SHOWN`]).
pub(crate) fn blame(repo: &Repo, rev: &str, problems: &mut [Problem]) {
    for p in problems.iter_mut().take(SHOWN) {
        let out = repo.ok(&[
            "--literal-pathspecs",
            "log",
            "-1",
            "--format=%h%x1f%an <%ae>",
            rev,
            "--",
            &p.path,
        ]);
        p.last = out.ok().and_then(|o| {
            let (commit, author) = o.trim_end_matches('\n').split_once('\u{1f}')?;
            Some(Touch {
                commit: commit.to_string(),
                author: author.to_string(),
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_assessments_by_id_and_three_files_of_git() {
        for ok in [
            "assessments/T1.toml",
            "assessments/a-b_c.toml",
            ".gitattributes",
            ".gitignore",
            "allowed_signers",
        ] {
            assert!(in_layout(ok), "{ok}");
        }
        for stray in [
            "run.sh",
            "xal.log",
            ".lock",
            "exports",
            "exports/x.md",
            "assessments/sub/x.toml",
            "assessments/x.txt",
            "assessments/.toml",
            "assessments/a b.toml",
            "assessments/../x.toml",
            "assessments/.gitattributes",
            "sub/.gitignore",
            ".gitmodules",
            "Assessments/T1.toml",
        ] {
            assert!(!in_layout(stray), "{stray}");
        }
    }

    #[test]
    fn only_xal_s_own_attribute_line_is_allowed() {
        assert_eq!(foreign_attribute(b"assessments/*.toml merge=xal\n"), None);
        assert_eq!(
            foreign_attribute(b"# shared\n\n  assessments/*.toml   merge=xal  \n"),
            None
        );
        assert_eq!(foreign_attribute(b""), None);
        for evil in [
            "* filter=evil",
            "assessments/*.toml merge=xal filter=evil",
            "assessments/*.toml merge=other",
            "*.toml diff=x",
            "* text eol=crlf",
            "[attr]binary -diff",
        ] {
            let text = format!("assessments/*.toml merge=xal\n{evil}\n");
            assert_eq!(
                foreign_attribute(text.as_bytes()).as_deref(),
                Some(evil),
                "{evil}"
            );
        }
    }
}
