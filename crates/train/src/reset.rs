//! `xal reset` for the next class: the trainee's data dir is moved, whole, into a backup
//! folder that no `train collect class1/*` reads — `.xal-backups/` beside the data dir by
//! default (a hidden name, so a shell glob skips it, and the same file system, so the move is
//! one atomic rename), or `--backup-dir`. Readable by the user only. `--purge` deletes a data
//! dir's backups there.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

/// The folder beside a data dir that holds its backups.
pub(crate) const BACKUP_FOLDER: &str = ".xal-backups";

/// Where the backups of `data_dir` go unless told otherwise.
pub fn default_root(data_dir: &Path) -> PathBuf {
    let abs = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    abs.parent()
        .map(|p| p.join(BACKUP_FOLDER))
        .unwrap_or_else(|| PathBuf::from(BACKUP_FOLDER))
}

/// What a reset did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The data dir is now this backup; an empty one is in its place.
    Moved(PathBuf),
    /// Nothing in it: nothing to keep, so no backup.
    WasEmpty,
    /// There was none; it was created empty.
    Created,
}

fn name_of(data_dir: &Path) -> String {
    std::path::absolute(data_dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "data".into())
}

/// `<root>/<name>-YYYYmmdd-HHMMSS`, with `-2`, `-3`, … when that is taken.
fn backup_name(data_dir: &Path, root: &Path, now: DateTime<FixedOffset>) -> PathBuf {
    let base = format!("{}-{}", name_of(data_dir), now.format("%Y%m%d-%H%M%S"));
    let mut p = root.join(&base);
    let mut n = 2;
    while p.exists() || p.is_symlink() {
        p = root.join(format!("{base}-{n}"));
        n += 1;
    }
    p
}

/// Moves `data_dir` into `root` and leaves an empty data dir (0700). Nothing is copied or
/// deleted; an empty data dir is left as it is.
pub fn reset(data_dir: &Path, root: &Path, now: DateTime<FixedOffset>) -> io::Result<Outcome> {
    let empty = match fs::read_dir(data_dir) {
        Ok(mut rd) => rd.next().is_none(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            crate::store::create_private_dir(data_dir)?;
            return Ok(Outcome::Created);
        }
        Err(e) => return Err(e),
    };
    if empty {
        return Ok(Outcome::WasEmpty);
    }
    let made = missing_folders(root);
    crate::store::create_private_dir(root)?;
    let backup = backup_name(data_dir, root, now);
    // A rename: atomic, and no file is copied or lost. Across file systems it fails, and the
    // error says so; the data dir is then untouched, and so is what was there before: the
    // backup folders this run made are removed again while they hold nothing.
    if let Err(e) = fs::rename(data_dir, &backup) {
        for dir in &made {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
        return Err(e);
    }
    crate::store::create_private_dir(data_dir)?;
    Ok(Outcome::Moved(backup))
}

/// The folders that making `dir` would create: `dir` and its missing parents, innermost
/// first.
fn missing_folders(dir: &Path) -> Vec<PathBuf> {
    let mut made = Vec::new();
    let mut p = Some(dir);
    while let Some(d) = p.filter(|d| !d.as_os_str().is_empty()) {
        if d.exists() || d.is_symlink() {
            break;
        }
        made.push(d.to_path_buf());
        p = d.parent();
    }
    made
}

/// `YYYYmmdd-HHMMSS` or `YYYYmmdd-HHMMSS-N`: what follows `<name>-` in a backup's name.
fn is_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: &[u8]| !r.is_empty() && r.iter().all(u8::is_ascii_digit);
    b.len() >= 15
        && digits(&b[..8])
        && b[8] == b'-'
        && digits(&b[9..15])
        && (b.len() == 15 || (b[15] == b'-' && digits(&b[16..])))
}

/// The backups of `data_dir` in `root`, sorted (oldest first).
pub fn backups_of(data_dir: &Path, root: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}-", name_of(data_dir));
    let mut v: Vec<PathBuf> = fs::read_dir(root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .and_then(|n| n.strip_prefix(&prefix))
                        .is_some_and(is_stamp)
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Deletes the given backups; the first failure stops and is returned with what was removed.
pub fn purge(backups: &[PathBuf]) -> Result<usize, (usize, io::Error)> {
    for (i, b) in backups.iter().enumerate() {
        fs::remove_dir_all(b).map_err(|e| (i, e))?;
    }
    Ok(backups.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_reset_that_fails_leaves_no_backup_folder_it_made() {
        let t = tempfile::tempdir().unwrap();
        let data = t.path().join("somchai");
        fs::create_dir(&data).unwrap();
        fs::write(data.join("f"), "x").unwrap();
        // The backup folder cannot take the data dir: the rename into it fails (a folder
        // cannot be moved into itself).
        let root = data.join("inside").join(BACKUP_FOLDER);
        let e = reset(&data, &root, at("2026-01-01T09:00:00+07:00")).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::EINVAL), "{e}");
        assert!(!data.join("inside").exists(), "no empty backup folder left");
        assert_eq!(
            fs::read(data.join("f")).unwrap(),
            b"x",
            "the data dir is untouched"
        );

        // A backup folder that was there before stays, and so does what it holds.
        let root = data.join(BACKUP_FOLDER);
        fs::create_dir(&root).unwrap();
        reset(&data, &root, at("2026-01-01T09:00:00+07:00")).unwrap_err();
        assert!(root.is_dir(), "not made by this run: kept");
        let names: Vec<_> = fs::read_dir(&data).unwrap().flatten().collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn stamps_are_recognised_and_other_names_are_not() {
        assert!(is_stamp("20260101-090000"));
        assert!(is_stamp("20260101-090000-12"));
        assert!(!is_stamp("20260101-0900"));
        assert!(!is_stamp("2-20260101-090000"));
        assert!(!is_stamp("20260101-090000-"));
    }

    #[test]
    fn a_reset_moves_into_the_root_leaves_an_empty_dir_and_keeps_other_trainees_backups() {
        let t = tempfile::tempdir().unwrap();
        let data = t.path().join("somchai");
        let other = t.path().join("somchai-2");
        let root = default_root(&data);
        assert_eq!(root, t.path().join(BACKUP_FOLDER));
        assert_eq!(
            reset(&data, &root, at("2026-01-01T09:00:00+07:00")).unwrap(),
            Outcome::Created
        );
        assert_eq!(
            reset(&data, &root, at("2026-01-01T09:00:00+07:00")).unwrap(),
            Outcome::WasEmpty
        );
        assert!(!root.exists(), "no backup of an empty folder");
        for d in [&data, &other] {
            fs::write(d.join("f"), "x").unwrap_or_else(|_| {
                fs::create_dir(d).unwrap();
                fs::write(d.join("f"), "x").unwrap();
            });
        }
        let now = at("2026-01-01T09:00:00+07:00");
        let Outcome::Moved(b1) = reset(&data, &root, now).unwrap() else {
            panic!()
        };
        assert_eq!(b1, root.join("somchai-20260101-090000"));
        assert_eq!(fs::read(b1.join("f")).unwrap(), b"x");
        assert!(data.is_dir() && fs::read_dir(&data).unwrap().next().is_none());
        fs::write(data.join("f"), "y").unwrap();
        let Outcome::Moved(b2) = reset(&data, &root, now).unwrap() else {
            panic!()
        };
        assert_eq!(b2, root.join("somchai-20260101-090000-2"));
        reset(&other, &root, now).unwrap();
        assert_eq!(backups_of(&data, &root), vec![b1, b2]);
        assert_eq!(purge(&backups_of(&data, &root)).unwrap(), 2);
        assert_eq!(backups_of(&other, &root).len(), 1, "somchai-2's stays");
    }
}
