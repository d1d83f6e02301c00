//! Listing the assessments folder fast: a cache of summaries keyed by file identity.
//!
//! `<data dir>/.index.json` maps each file name to what `stat` said about it (size, mtime,
//! ctime, inode) and the summary (or the parse error) computed from it. A scan stats every
//! file and parses only those whose stat changed. Summaries also depend on the rulesets, so the
//! caller passes a `salt` (e.g. a hash of the loaded rulesets): when it changes, every summary
//! is recomputed; parse errors do not depend on it and are kept.
//!
//! A file changed twice within one tick of the file system's clock could keep its size and
//! times. Entries whose file changed less than [`RACY_WINDOW_NS`] before they were indexed
//! therefore also record the file's SHA-256, and are re-hashed (not re-parsed) until they are
//! older than that.
//!
//! A missing, unreadable or corrupt index is ignored and rebuilt; it is rewritten (atomically)
//! only when its content changes.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::fsio::{hex, sha256, write_atomic};
use super::model::{Assessment, Summary};
use crate::diag::Diagnostic;

const INDEX_FORMAT: u32 = 1;
const RACY_WINDOW_NS: u64 = 3_000_000_000;

/// One listed file: its summary, or why it cannot be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum ScanEntry {
    Ok(Summary),
    Broken {
        path: PathBuf,
        diagnostic: Diagnostic,
    },
}

impl ScanEntry {
    pub fn path(&self) -> &Path {
        match self {
            ScanEntry::Ok(s) => &s.path,
            ScanEntry::Broken { path, .. } => path,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ScanResult {
    /// Sorted by file name (for ULID ids: by creation time).
    pub entries: Vec<ScanEntry>,
    /// How many files were read and parsed this time (the rest came from the index).
    pub parsed: usize,
    /// How many index entries were checked by hashing the file (recently changed files).
    pub rehashed: usize,
    pub index_written: bool,
    /// Why the index could not be written, if it could not (the listing is still right).
    pub index_problem: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct IndexFile {
    format: u32,
    salt: String,
    entries: BTreeMap<String, Entry>,
}

/// What `stat` says about a file: size, mtime and ctime in nanoseconds, inode (an array in
/// the index, to keep it small).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileKey(u64, u64, u64, u64);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    key: FileKey,
    /// Set while the file is "racily clean" (see the module docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    state: State,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum State {
    Ok(Summary),
    Broken {
        line: usize,
        column: usize,
        message: String,
    },
}

fn nanos(t: Option<SystemTime>) -> u64 {
    t.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos().min(u128::from(u64::MAX)) as u64)
        .unwrap_or(0)
}

pub(crate) fn file_key(meta: &fs::Metadata) -> FileKey {
    #[cfg(unix)]
    let (ctime_ns, ino) = {
        use std::os::unix::fs::MetadataExt;
        let c = (meta.ctime().max(0) as u64)
            .saturating_mul(1_000_000_000)
            .saturating_add(meta.ctime_nsec().max(0) as u64);
        (c, meta.ino())
    };
    #[cfg(not(unix))]
    let (ctime_ns, ino) = (0, 0);
    FileKey(meta.len(), nanos(meta.modified().ok()), ctime_ns, ino)
}

impl FileKey {
    fn racy(&self, now_ns: u64) -> bool {
        self.1.max(self.2).saturating_add(RACY_WINDOW_NS) > now_ns
    }
}

/// Names the scan skips: dotfiles (the index, the lock, temporaries), `*.tmp`, and anything
/// that is not `*.toml`.
pub(crate) fn listed_name(name: &str) -> bool {
    !name.starts_with('.') && !name.ends_with(".tmp") && name.ends_with(".toml")
}

fn read_index(path: &Path) -> Option<IndexFile> {
    let bytes = fs::read(path).ok()?;
    let idx: IndexFile = serde_json::from_slice(&bytes).ok()?;
    (idx.format == INDEX_FORMAT).then_some(idx)
}

/// How a file's bytes become an assessment (the store adds its file-name check).
pub(crate) type ParseFile = dyn Fn(&Path, &[u8]) -> Result<Assessment, Diagnostic> + Sync;

struct Job {
    name: String,
    path: PathBuf,
    key: FileKey,
}

enum Outcome {
    Parsed(Box<Assessment>),
    Broken(Diagnostic),
    /// Could not be read (vanished, permissions): listed, never cached.
    Unreadable(Diagnostic),
    Gone,
}

pub(crate) fn scan(
    dir: &Path,
    index_path: &Path,
    summarize: &dyn Fn(&Assessment) -> Summary,
    salt: &str,
    parse_file: &ParseFile,
) -> io::Result<ScanResult> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(ScanResult::default()),
        Err(e) => return Err(e),
    };
    let old = read_index(index_path);
    let now_ns = nanos(Some(SystemTime::now()));
    let salt_ok = old.as_ref().is_some_and(|o| o.salt == salt);
    // Whether the index must be rewritten; entries are moved out of the old index, not cloned.
    let mut changed = !salt_ok;
    let mut old_entries = old.map(|o| o.entries).unwrap_or_default();

    let mut new_entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut uncached: Vec<(String, ScanEntry)> = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();
    let mut rehashed = 0;

    for dent in rd {
        let Ok(dent) = dent else { continue };
        let Some(name) = dent.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !listed_name(&name) {
            continue;
        }
        let path = dent.path();
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let key = file_key(&meta);
        let cached = old_entries
            .remove(&name)
            .filter(|e| e.key == key)
            .filter(|e| salt_ok || matches!(e.state, State::Broken { .. }));
        let Some(mut e) = cached else {
            jobs.push(Job { name, path, key });
            continue;
        };
        if let Some(h) = &e.sha256 {
            rehashed += 1;
            match fs::read(&path) {
                Ok(bytes) if hex(&sha256(&bytes)) == *h => {
                    if !key.racy(now_ns) {
                        e.sha256 = None;
                        changed = true;
                    }
                }
                _ => {
                    jobs.push(Job { name, path, key });
                    continue;
                }
            }
        }
        new_entries.insert(name, e);
    }
    // Files that vanished, and files to parse, change the index.
    changed |= !old_entries.is_empty() || !jobs.is_empty();

    let parsed = jobs.len();
    let outcomes = parse_all(&jobs, parse_file);
    for (job, (outcome, hash)) in jobs.into_iter().zip(outcomes) {
        let sha = (job.key.racy(now_ns)).then(|| hex(&hash));
        let state = match outcome {
            Outcome::Gone => continue,
            Outcome::Unreadable(d) => {
                uncached.push((
                    job.name,
                    ScanEntry::Broken {
                        path: job.path,
                        diagnostic: d,
                    },
                ));
                continue;
            }
            Outcome::Broken(d) => State::Broken {
                line: d.line,
                column: d.column,
                message: d.message,
            },
            Outcome::Parsed(a) => {
                let mut s = summarize(&a);
                // The path is the folder's plus the name: not stored in the index.
                s.path = PathBuf::new();
                State::Ok(s)
            }
        };
        new_entries.insert(
            job.name,
            Entry {
                key: job.key,
                sha256: sha,
                state,
            },
        );
    }

    let mut result = ScanResult {
        parsed,
        rehashed,
        ..ScanResult::default()
    };
    let index = IndexFile {
        format: INDEX_FORMAT,
        salt: salt.to_string(),
        entries: new_entries,
    };
    if changed {
        match serde_json::to_vec(&index)
            .map_err(io::Error::other)
            .and_then(|bytes| write_atomic(index_path, &bytes, false))
        {
            Ok(_) => result.index_written = true,
            Err(e) => {
                result.index_problem = Some(format!("{}: cannot write: {e}", index_path.display()))
            }
        }
    }

    let mut listed: Vec<(String, ScanEntry)> = index
        .entries
        .into_iter()
        .map(|(name, e)| {
            let path = dir.join(&name);
            let entry = match e.state {
                State::Ok(s) => ScanEntry::Ok(Summary { path, ..s }),
                State::Broken {
                    line,
                    column,
                    message,
                } => ScanEntry::Broken {
                    diagnostic: Diagnostic {
                        file: path.clone(),
                        line,
                        column,
                        message,
                    },
                    path,
                },
            };
            (name, entry)
        })
        .collect();
    listed.extend(uncached);
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    result.entries = listed.into_iter().map(|(_, e)| e).collect();
    Ok(result)
}

fn parse_one(job: &Job, parse_file: &ParseFile) -> (Outcome, [u8; 32]) {
    match fs::read(&job.path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => (Outcome::Gone, [0; 32]),
        Err(e) => (
            Outcome::Unreadable(Diagnostic::whole_file(
                &job.path,
                format!("cannot read: {e}"),
            )),
            [0; 32],
        ),
        Ok(bytes) => {
            let hash = sha256(&bytes);
            match parse_file(&job.path, &bytes) {
                Ok(a) => (Outcome::Parsed(Box::new(a)), hash),
                Err(d) => (Outcome::Broken(d), hash),
            }
        }
    }
}

/// Parse on several threads when there is enough to do; results in job order.
fn parse_all(jobs: &[Job], parse_file: &ParseFile) -> Vec<(Outcome, [u8; 32])> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if jobs.len() < 64 || threads < 2 {
        return jobs.iter().map(|j| parse_one(j, parse_file)).collect();
    }
    let chunk = jobs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    c.iter()
                        .map(|j| parse_one(j, parse_file))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(p) => std::panic::resume_unwind(p),
            })
            .collect()
    })
}
