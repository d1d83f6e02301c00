//! Listing the assessments folder fast: a cache of summaries keyed by file identity.
//!
//! `<data dir>/.index.bin` records, for each listed file name, what `stat` said about it (size,
//! mtime, ctime, inode) and the summary (or the parse error, or why it could not be read)
//! computed from it. A scan stats every file and parses only those whose stat changed.
//! Summaries also depend on the rulesets, so the caller passes a `salt` (e.g. a hash of the
//! loaded rulesets): when it changes, every summary is recomputed; parse errors do not depend
//! on it and are kept. Files that could not be read are recorded only so that
//! [`cached_listing`] shows what the last scan showed: a scan never trusts them and reads them
//! again every time.
//!
//! A file changed twice within one tick of the file system's clock could keep its size and
//! times. Entries whose file changed less than [`RACY_WINDOW_NS`] before they were indexed
//! therefore also record the file's SHA-256, and are re-hashed (not re-parsed) until they are
//! older than that.
//!
//! The file is [`MAGIC`], [`INDEX_FORMAT`] as 4 little-endian bytes, then the salt and the
//! entries sorted by file name in [postcard](https://docs.rs/postcard) encoding: compact
//! (about 250 bytes a file) and read back without a parser's work, so that
//! [`cached_listing`] can show 10,000 files before a scan has stat'ed any. A missing,
//! unreadable or corrupt index, or one of another format, is ignored and rebuilt; it is
//! rewritten (atomically) only when its content changes. The JSON index of earlier versions
//! (`.index.json`, format 1) is ignored, and removed once the new one is written.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::confined::Confined;
use super::fsio::{read_no_link, sha256};
use super::model::{Assessment, Summary, Word};
use crate::diag::Diagnostic;

/// The first bytes of an index file.
const MAGIC: &[u8; 8] = b"xalindex";
/// Bumped whenever the encoding of [`Entry`] (or anything in it, such as [`Summary`]'s
/// fields) changes: an index of another format is ignored and rebuilt.
const INDEX_FORMAT: u32 = 6;
const RACY_WINDOW_NS: u64 = 3_000_000_000;

/// The index of earlier versions, removed when a new index is written.
const LEGACY_INDEX_NAME: &str = ".index.json";

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

/// What `stat` says about a file: size, mtime and ctime in nanoseconds, inode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileKey(u64, u64, u64, u64);

/// One file in the index, generic over its strings: `String` for a scan, which keeps entries,
/// `&str` (borrowed from the index's bytes) for [`cached_listing`], which only copies them
/// into the listing. One definition, so both read the same encoding, which is not
/// self-describing: no `skip_serializing_if`, no `default`, no `deserialize_any` in here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Entry<S> {
    /// The file's name in the assessments folder.
    name: S,
    key: FileKey,
    /// Set while the file is "racily clean" (see the module docs).
    sha256: Option<[u8; 32]>,
    state: State<S>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum State<S> {
    Ok(Cached<S>),
    Broken {
        line: usize,
        column: usize,
        message: S,
    },
    /// Could not be read: recorded for [`cached_listing`], never trusted by a scan.
    Unreadable {
        message: S,
    },
}

/// A [`Summary`] without its path (the folder's plus the entry's name), kept apart from
/// `Summary`'s own (JSON) serde so that nothing done to that can break the index. The short
/// ids are read as the summary keeps them ([`Word`], encoded as any string): a list of them
/// read otherwise would be made twice, once to read and once to keep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Cached<S> {
    id: S,
    service_name: S,
    agency: S,
    group: Option<Word>,
    levels: Vec<(Word, Word)>,
    complete: bool,
    lower_bounds: Vec<Word>,
    updated: Time,
    ruleset_id: Word,
    /// Step, by, at, holds, status, signer, key.
    signoff: Option<(S, S, Time, bool, S, S, S)>,
    /// Days since 1 January of year 1.
    review_due: Option<i32>,
    conflicts: u32,
}

impl Cached<String> {
    fn new(s: Summary) -> Self {
        // Exhaustive on purpose: a new field in `Summary` must be added here (and
        // `INDEX_FORMAT` bumped).
        let Summary {
            id,
            path: _,
            service_name,
            agency,
            group,
            levels,
            complete,
            lower_bounds,
            updated,
            ruleset_id,
            signoff,
            review_due,
            conflicts,
        } = s;
        Cached {
            id,
            service_name,
            agency,
            group,
            levels,
            complete,
            lower_bounds,
            updated: Time(updated),
            ruleset_id,
            signoff: signoff
                .map(|m| (m.step, m.by, Time(m.at), m.holds, m.status, m.signer, m.key)),
            review_due: review_due.map(|d| chrono::Datelike::num_days_from_ce(&d)),
            conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
        }
    }
}

impl<S: Into<String>> Cached<S> {
    fn summary(self, path: PathBuf) -> Summary {
        let Cached {
            id,
            service_name,
            agency,
            group,
            levels,
            complete,
            lower_bounds,
            updated,
            ruleset_id,
            signoff,
            review_due,
            conflicts,
        } = self;
        Summary {
            id: id.into(),
            path,
            service_name: service_name.into(),
            agency: agency.into(),
            group,
            levels,
            complete,
            lower_bounds,
            updated: updated.0,
            ruleset_id,
            signoff: signoff.map(|(step, by, at, holds, status, signer, key)| {
                Box::new(crate::store::SignMark {
                    step: step.into(),
                    by: by.into(),
                    at: at.0,
                    holds,
                    status: status.into(),
                    signer: signer.into(),
                    key: key.into(),
                })
            }),
            review_due: review_due.and_then(chrono::NaiveDate::from_num_days_from_ce_opt),
            conflicts: conflicts as usize,
        }
    }
}

/// A timestamp as seconds since the epoch, nanoseconds and UTC offset in seconds: exact, and
/// much quicker to read back than RFC 3339 text. One that does not convert back makes the
/// whole index unreadable (so it is rebuilt).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "(i64, u32, i32)", try_from = "(i64, u32, i32)")]
struct Time(DateTime<FixedOffset>);

impl From<Time> for (i64, u32, i32) {
    fn from(t: Time) -> Self {
        (
            t.0.timestamp(),
            t.0.timestamp_subsec_nanos(),
            t.0.offset().local_minus_utc(),
        )
    }
}

impl TryFrom<(i64, u32, i32)> for Time {
    type Error = &'static str;
    fn try_from((secs, nanos, offset): (i64, u32, i32)) -> Result<Self, Self::Error> {
        let offset = FixedOffset::east_opt(offset).ok_or("UTC offset out of range")?;
        let utc = DateTime::from_timestamp(secs, nanos).ok_or("timestamp out of range")?;
        Ok(Time(utc.with_timezone(&offset)))
    }
}

impl<S: AsRef<str> + Into<String>> Entry<S> {
    fn into_scan_entry(self, dir: &Path) -> ScanEntry {
        let path = join(dir, self.name.as_ref());
        match self.state {
            State::Ok(c) => ScanEntry::Ok(c.summary(path)),
            State::Broken {
                line,
                column,
                message,
            } => ScanEntry::Broken {
                diagnostic: Diagnostic {
                    file: path.clone(),
                    line,
                    column,
                    message: message.into(),
                },
                path,
            },
            State::Unreadable { message } => ScanEntry::Broken {
                diagnostic: Diagnostic::whole_file(&path, message),
                path,
            },
        }
    }
}

/// `dir.join(name)` in one allocation (`join` makes two).
fn join(dir: &Path, name: &str) -> PathBuf {
    let mut path = PathBuf::with_capacity(dir.as_os_str().len() + 1 + name.len());
    path.push(dir);
    path.push(name);
    path
}

impl Entry<String> {
    /// Equal apart from the name.
    fn same_as(&self, other: &Self) -> bool {
        self.key == other.key && self.sha256 == other.sha256 && self.state == other.state
    }
}

/// Reads the index's list of entries straight into a listing (no list of entries in between).
struct ListingSeed<'d> {
    dir: &'d Path,
}

impl<'de> serde::de::DeserializeSeed<'de> for ListingSeed<'_> {
    type Value = Vec<ScanEntry>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ListingSeed<'_> {
    type Value = Vec<ScanEntry>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of index entries")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // The length comes from the file: trust it only so far.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        let mut last: Option<&str> = None;
        while let Some(e) = seq.next_element::<Entry<&'de str>>()? {
            // Not as a scan writes it (sorted, each name once): not a listing a scan returns.
            if last.is_some_and(|last| last >= e.name) {
                return Err(serde::de::Error::custom("names out of order"));
            }
            last = Some(e.name);
            out.push(e.into_scan_entry(self.dir));
        }
        Ok(out)
    }
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

/// Names the scan skips: dotfiles (such as the `.xal-*.tmp` temporaries of atomic writes),
/// `*.tmp`, and anything that is not `*.toml`.
pub(crate) fn listed_name(name: &str) -> bool {
    !name.starts_with('.') && !name.ends_with(".tmp") && name.ends_with(".toml")
}

/// The index's bytes after the header, if it is an index of this format.
fn body(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (format, rest) = rest.split_first_chunk::<4>()?;
    (u32::from_le_bytes(*format) == INDEX_FORMAT).then_some(rest)
}

/// The salt and the entries of the index at `path`, if it can be read.
fn read_index(path: &Path) -> Option<(String, Vec<Entry<String>>)> {
    let bytes = read_no_link(path).ok()?;
    match postcard::take_from_bytes(body(&bytes)?) {
        Ok((index, [])) => Some(index),
        _ => None,
    }
}

fn encode_index(salt: &str, entries: &[Entry<String>]) -> postcard::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64 + entries.len() * 256);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&INDEX_FORMAT.to_le_bytes());
    postcard::to_extend(&(salt, entries), out)
}

/// The listing the index at `index_path` records for the folder `dir`, made under `salt`:
/// what [`scan`] returned last time, without looking at any file of the folder. `None` when the
/// index is missing, unreadable, corrupt, of another format, or made under another salt.
pub(crate) fn cached_listing(dir: &Path, index_path: &Path, salt: &str) -> Option<Vec<ScanEntry>> {
    let bytes = read_no_link(index_path).ok()?;
    let (old_salt, rest) = postcard::take_from_bytes::<&str>(body(&bytes)?).ok()?;
    if old_salt != salt {
        return None;
    }
    decode_listing(dir, rest)
}

/// The listing the index at `index_path` records, and the salt it was made under, whatever
/// that is: read before the salt is known (while the rulesets it depends on are compiled).
pub(crate) fn any_cached_listing(dir: &Path, index_path: &Path) -> Option<CachedListing> {
    let bytes = read_no_link(index_path).ok()?;
    let (salt, rest) = postcard::take_from_bytes::<&str>(body(&bytes)?).ok()?;
    Some(CachedListing {
        salt: salt.to_string(),
        entries: decode_listing(dir, rest)?,
    })
}

fn decode_listing(dir: &Path, rest: &[u8]) -> Option<Vec<ScanEntry>> {
    use serde::de::DeserializeSeed;
    let mut de = postcard::Deserializer::from_bytes(rest);
    let listing = ListingSeed { dir }.deserialize(&mut de).ok()?;
    de.finalize().ok()?.is_empty().then_some(listing)
}

/// What the index recorded at the last scan, with the salt it was made under.
#[derive(Debug)]
pub struct CachedListing {
    salt: String,
    entries: Vec<ScanEntry>,
}

impl CachedListing {
    /// The entries, if the index was made under `salt` (the rulesets that made its summaries
    /// are the ones in use now).
    pub fn under(self, salt: &str) -> Option<Vec<ScanEntry>> {
        (self.salt == salt).then_some(self.entries)
    }
}

/// A listed entry: a regular file, or something to report as not one.
struct Listed {
    name: String,
    dent: fs::DirEntry,
    key: FileKey,
}

/// The entries of the folder with listed names, and their stat.
fn list_files(rd: fs::ReadDir) -> Vec<Listed> {
    let mut out = Vec::new();
    for dent in rd {
        let Ok(dent) = dent else { continue };
        let Ok(name) = dent.file_name().into_string() else {
            continue;
        };
        if !listed_name(&name) {
            continue;
        }
        // Anything else named `*.toml` (a FIFO, a device, a folder, a dangling link) is listed
        // too: reading it then says what it is, and the user sees it as a problem.
        // A link is never followed, not even to stat what it names (a link to a device
        // would be opened): its own metadata keys it, and reading it says what it is.
        if let Ok(meta) = dent.metadata() {
            out.push(Listed {
                name,
                key: file_key(&meta),
                dent,
            });
        }
    }
    out
}

/// The last index, ready for lookups.
struct OldIndex {
    /// `None` when there is no usable index.
    salt: Option<String>,
    /// In the index's order (sorted by name). Their names are moved into `by_name`; those kept
    /// get theirs back, and stay in place so that the final sort has little to do.
    entries: Vec<Entry<String>>,
    /// Where each name is in `entries`.
    by_name: HashMap<String, usize>,
    /// Whether the names were in strictly increasing order, as a scan writes them.
    sorted: bool,
}

impl OldIndex {
    fn read(index_path: &Path) -> OldIndex {
        let Some((salt, mut entries)) = read_index(index_path) else {
            return OldIndex {
                salt: None,
                entries: Vec::new(),
                by_name: HashMap::new(),
                sorted: true,
            };
        };
        let sorted = entries.windows(2).all(|w| w[0].name < w[1].name);
        let mut by_name = HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter_mut().enumerate() {
            by_name.insert(std::mem::take(&mut e.name), i);
        }
        OldIndex {
            salt: Some(salt),
            entries,
            by_name,
            sorted,
        }
    }
}

/// How a file's bytes become an assessment (the store adds its file-name check).
pub(crate) type ParseFile = dyn Fn(&Path, &[u8]) -> Result<Assessment, Diagnostic> + Sync;

struct Job {
    name: String,
    path: PathBuf,
    key: FileKey,
    /// Where the index had this name, to tell whether the outcome changes the index.
    old: Option<usize>,
}

enum Outcome {
    Parsed(Box<Assessment>),
    Broken(Diagnostic),
    /// Could not be read (vanished, permissions): listed, never trusted from the index.
    Unreadable(Diagnostic),
    Gone,
}

pub(crate) fn scan(
    within: Confined,
    dir: &Path,
    index_path: &Path,
    summarize: &dyn Fn(&Assessment) -> Summary,
    salt: &str,
    parse_file: &ParseFile,
) -> io::Result<ScanResult> {
    let rd = match within.read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(ScanResult::default()),
        Err(e) => return Err(e),
    };
    let now_ns = nanos(Some(SystemTime::now()));
    // Reading the index and stat'ing every file take about as long: both at once.
    let (old, files) = std::thread::scope(|s| {
        let reader = std::thread::Builder::new()
            .name("xal-index".into())
            .spawn_scoped(s, || OldIndex::read(index_path));
        let files = list_files(rd);
        let old = match reader {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => OldIndex::read(index_path),
        };
        (old, files)
    });
    let OldIndex {
        salt: old_salt,
        mut entries,
        mut by_name,
        sorted,
    } = old;
    let salt_ok = old_salt.is_some_and(|old_salt| old_salt == salt);
    // Whether the index must be rewritten; also when its names are out of order or twice in
    // it (not written by a scan), so that the cached listing is what the scan returns.
    let mut changed = !salt_ok || !sorted;
    // The entries of the old index that are still right; they stay where they are.
    let mut keep = vec![false; entries.len()];
    let mut jobs: Vec<Job> = Vec::new();
    let mut rehashed = 0;

    for Listed { name, dent, key } in files {
        let at = by_name.remove(&name);
        let usable = at.is_some_and(|i| {
            let e = &entries[i];
            e.key == key
                && match e.state {
                    State::Ok(_) => salt_ok,
                    State::Broken { .. } => true,
                    State::Unreadable { .. } => false,
                }
        });
        let Some(i) = at.filter(|_| usable) else {
            jobs.push(Job {
                name,
                path: dent.path(),
                key,
                old: at,
            });
            continue;
        };
        let e = &mut entries[i];
        if let Some(h) = &e.sha256 {
            rehashed += 1;
            let path = dent.path();
            match read_no_link(&path) {
                Ok(bytes) if sha256(&bytes) == *h => {
                    if !key.racy(now_ns) {
                        e.sha256 = None;
                        changed = true;
                    }
                }
                _ => {
                    jobs.push(Job {
                        name,
                        path,
                        key,
                        old: Some(i),
                    });
                    continue;
                }
            }
        }
        e.name = name;
        keep[i] = true;
    }
    // Files that vanished change the index.
    changed |= !by_name.is_empty();
    drop(by_name);

    let parsed = jobs.len();
    let outcomes = parse_all(&jobs, parse_file);
    let mut fresh: Vec<Entry<String>> = Vec::with_capacity(jobs.len());
    for (job, (outcome, hash)) in jobs.into_iter().zip(outcomes) {
        let state = match outcome {
            Outcome::Gone => {
                changed |= job.old.is_some();
                continue;
            }
            Outcome::Unreadable(d) => State::Unreadable { message: d.message },
            Outcome::Broken(d) => State::Broken {
                line: d.line,
                column: d.column,
                message: d.message,
            },
            Outcome::Parsed(a) => State::Ok(Cached::new(summarize(&a))),
        };
        let racy = job.key.racy(now_ns) && !matches!(state, State::Unreadable { .. });
        let e = Entry {
            name: job.name,
            key: job.key,
            sha256: racy.then_some(hash),
            state,
        };
        // A file still unreadable, in the same way, leaves the index as it was.
        changed |= !job.old.is_some_and(|i| entries[i].same_as(&e));
        fresh.push(e);
    }
    let mut at = 0;
    entries.retain(|_| {
        at += 1;
        keep[at - 1]
    });
    entries.append(&mut fresh);
    // Stable sort: the entries kept are one sorted run already, the parsed ones follow.
    entries.sort_by(|a, b| a.name.cmp(&b.name));

    let mut result = ScanResult {
        parsed,
        rehashed,
        ..ScanResult::default()
    };
    if changed {
        match encode_index(salt, &entries)
            .map_err(io::Error::other)
            .and_then(|bytes| within.write_atomic(index_path, &bytes, false))
        {
            Ok(_) => {
                result.index_written = true;
                if let Some(data_dir) = index_path.parent() {
                    let _ = within.remove_file(&data_dir.join(LEGACY_INDEX_NAME));
                }
            }
            Err(e) => {
                result.index_problem = Some(format!("{}: cannot write: {e}", index_path.display()))
            }
        }
    }
    result.entries = entries
        .into_iter()
        .map(|e| e.into_scan_entry(dir))
        .collect();
    Ok(result)
}

fn parse_one(job: &Job, parse_file: &ParseFile) -> (Outcome, [u8; 32]) {
    match read_no_link(&job.path) {
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
    if jobs.len() < 64 {
        return jobs.iter().map(|j| parse_one(j, parse_file)).collect();
    }
    // Not asked for a few jobs: on Linux it reads the cgroup's files.
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads < 2 {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a test's index bytes as the store writes any file (atomically, no link followed).
    fn put(path: &Path, bytes: impl AsRef<[u8]>) -> io::Result<()> {
        super::super::fsio::write_atomic(path, bytes.as_ref(), false).map(drop)
    }

    #[test]
    fn timestamps_come_back_exactly_with_their_offset() {
        for text in [
            "2026-11-28T10:15:00+07:00",
            "2026-11-28T10:15:00.123456789-03:30",
            "1969-12-31T23:59:59.999999999Z",
            "2016-12-31T23:59:60.5Z",
            "9999-12-31T23:59:59+14:00",
        ] {
            let t = DateTime::parse_from_rfc3339(text).unwrap();
            let bytes = postcard::to_stdvec(&Time(t)).unwrap();
            let back: Time = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back.0.to_rfc3339(), t.to_rfc3339(), "{text}");
            assert_eq!(back.0.offset(), t.offset(), "{text}");
        }
        let bad = postcard::to_stdvec(&(0i64, 0u32, 86_400i32)).unwrap();
        assert!(postcard::from_bytes::<Time>(&bad).is_err());
    }

    #[test]
    fn borrowed_and_owned_entries_read_the_same_bytes() {
        let t = DateTime::parse_from_rfc3339("2026-11-28T10:15:00+07:00").unwrap();
        let entries = vec![
            Entry {
                name: "A.toml".to_string(),
                key: FileKey(1, 2, 3, 4),
                sha256: Some([7; 32]),
                state: State::Ok(Cached {
                    id: "A".into(),
                    service_name: "บริการ".into(),
                    agency: String::new(),
                    group: None,
                    levels: vec![("ial".into(), "IAL2".into()), ("aal".into(), "AAL1".into())],
                    complete: false,
                    lower_bounds: vec!["aal".into()],
                    updated: Time(t),
                    ruleset_id: "r".into(),
                    signoff: Some((
                        "approved".into(),
                        "ผู้อนุมัติ".into(),
                        Time(t),
                        false,
                        "void".into(),
                        String::new(),
                        String::new(),
                    )),
                    review_due: Some(739_000),
                    conflicts: 2,
                }),
            },
            Entry {
                name: "B.toml".to_string(),
                key: FileKey(u64::MAX, 0, 0, 0),
                sha256: None,
                state: State::Broken {
                    line: 3,
                    column: 9,
                    message: "bad".into(),
                },
            },
            Entry {
                name: "C.toml".to_string(),
                key: FileKey(0, 0, 0, 0),
                sha256: None,
                state: State::Unreadable {
                    message: "cannot read: denied".into(),
                },
            },
        ];
        let bytes = encode_index("salt", &entries).unwrap();
        let dir = Path::new("/data/assessments");
        let index = Path::new("/nonexistent/index");
        assert!(cached_listing(dir, index, "salt").is_none());
        let (salt, owned): (String, Vec<Entry<String>>) =
            postcard::from_bytes(body(&bytes).unwrap()).unwrap();
        assert_eq!(salt, "salt");
        assert_eq!(owned, entries);
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("index");
        put(&path, &bytes).unwrap();
        let listing = cached_listing(dir, &path, "salt").unwrap();
        let expected: Vec<ScanEntry> = entries
            .into_iter()
            .map(|e| e.into_scan_entry(dir))
            .collect();
        assert_eq!(listing, expected);
        assert_eq!(listing[0].path(), Path::new("/data/assessments/A.toml"));
        match &listing[2] {
            ScanEntry::Broken { diagnostic, .. } => {
                assert_eq!((diagnostic.line, diagnostic.column), (0, 0));
                assert_eq!(diagnostic.file, Path::new("/data/assessments/C.toml"));
            }
            other => panic!("{other:?}"),
        }
        assert!(OldIndex::read(&path).sorted);

        // A string that is not UTF-8 makes the whole index unreadable, read either way.
        let mut bad = bytes.clone();
        let thai = "บริการ".as_bytes();
        let at = bad.windows(thai.len()).position(|w| w == thai).unwrap();
        bad[at + 1] = 0xFF;
        put(&path, &bad).unwrap();
        assert!(cached_listing(dir, &path, "salt").is_none());
        assert!(read_index(&path).is_none());

        // Not as a scan writes it: out of order, or a name twice.
        for names in [["B.toml", "A.toml"], ["A.toml", "A.toml"]] {
            let mut odd = owned[..2].to_vec();
            odd[0].name = names[0].into();
            odd[1].name = names[1].into();
            put(&path, encode_index("salt", &odd).unwrap()).unwrap();
            assert!(cached_listing(dir, &path, "salt").is_none(), "{names:?}");
            assert!(!OldIndex::read(&path).sorted, "{names:?}");
        }
    }

    /// The entries of format 5, the one before `lower_bounds`: what an index written by the
    /// previous version holds, byte for byte.
    mod format5 {
        use super::{FileKey, Serialize, Time};

        #[derive(Serialize)]
        pub struct Entry {
            pub name: String,
            pub key: FileKey,
            pub sha256: Option<[u8; 32]>,
            pub state: State,
        }

        #[derive(Serialize)]
        pub enum State {
            Ok(Cached),
        }

        #[derive(Serialize)]
        pub struct Cached {
            pub id: String,
            pub service_name: String,
            pub agency: String,
            pub group: Option<String>,
            pub levels: Vec<(String, String)>,
            pub complete: bool,
            pub updated: Time,
            pub ruleset_id: String,
            pub signoff: Option<(String, String, Time, bool, String, String, String)>,
            pub review_due: Option<i32>,
            pub conflicts: u32,
        }
    }

    #[test]
    fn an_index_of_the_previous_format_is_rebuilt_not_misread() {
        use crate::answers::AnswerSet;
        use crate::store::{RulesetRef, Service, Store};

        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path());
        let now = DateTime::parse_from_rfc3339("2026-11-28T10:15:00+07:00").unwrap();
        let a = Assessment::new(
            Service {
                name: "Tax".into(),
                ..Service::default()
            },
            RulesetRef {
                id: "r".into(),
                ..RulesetRef::default()
            },
            AnswerSet::Single(Default::default()),
            now,
        );
        let loaded = store.create(&a).unwrap();
        let path = loaded.path.clone();
        // As an engine would say: IAL is settled, AAL still a lower bound.
        let summarize = |a: &Assessment| Summary {
            levels: vec![("ial".into(), "IAL2".into()), ("aal".into(), "AAL1".into())],
            complete: false,
            lower_bounds: vec!["aal".into()],
            ..Summary::from_file(a)
        };
        // The previous version's index of this very file, under the same salt, its stat
        // unchanged: were it read, the scan would trust it and parse nothing.
        let old = vec![format5::Entry {
            name: path.file_name().unwrap().to_str().unwrap().into(),
            key: file_key(&fs::symlink_metadata(&path).unwrap()),
            sha256: None,
            state: format5::State::Ok(format5::Cached {
                id: a.id.clone(),
                service_name: "Tax".into(),
                agency: String::new(),
                group: None,
                levels: vec![("ial".into(), "IAL2".into()), ("aal".into(), "AAL1".into())],
                complete: false,
                updated: Time(now),
                ruleset_id: "r".into(),
                signoff: None,
                review_due: None,
                conflicts: 0,
            }),
        }];
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&5u32.to_le_bytes());
        bytes.extend(postcard::to_stdvec(&("salt", &old)).unwrap());
        put(&store.index_path(), &bytes).unwrap();

        assert!(
            store.scan_cached("salt").is_none(),
            "format 5 is not listed"
        );
        let scan = store.scan(&summarize, "salt").unwrap();
        assert_eq!(scan.parsed, 1, "the file is read again");
        assert!(scan.index_written);
        let expected = summarize(&a);
        match &scan.entries[..] {
            [ScanEntry::Ok(s)] => {
                assert_eq!(s.lower_bounds, ["aal"]);
                assert_eq!(s.levels, expected.levels);
            }
            other => panic!("{other:?}"),
        }
        // Rewritten in this format: the cached listing and the next scan trust it.
        assert_eq!(store.scan_cached("salt").unwrap(), scan.entries);
        let again = store.scan(&summarize, "salt").unwrap();
        assert_eq!((again.parsed, again.index_written), (0, false));
        assert_eq!(again.entries, scan.entries);
    }

    #[test]
    fn a_long_index_is_read_whole_and_in_order_and_refused_when_out_of_order() {
        let t = DateTime::parse_from_rfc3339("2026-11-28T10:15:00+07:00").unwrap();
        let entry = |i: usize| Entry {
            name: format!("{i:05}.toml"),
            key: FileKey(i as u64, 2, 3, 4),
            sha256: None,
            state: State::Ok(Cached::new(Summary {
                id: format!("{i:05}"),
                path: PathBuf::new(),
                service_name: format!("บริการที่ {i}"),
                agency: "กรม".into(),
                group: None,
                levels: vec![("ial".into(), "IAL2".into())],
                complete: i.is_multiple_of(2),
                lower_bounds: Vec::new(),
                updated: t,
                ruleset_id: "r".into(),
                signoff: None,
                review_due: None,
                conflicts: 0,
            })),
        };
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let mut entries: Vec<Entry<String>> = (0..2501).map(entry).collect();
        put(&index, encode_index("s", &entries).unwrap()).unwrap();
        let listing = cached_listing(dir.path(), &index, "s").expect("read");
        let names: Vec<String> = listing
            .iter()
            .map(|e| match e {
                ScanEntry::Ok(s) => s.id.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        let expected: Vec<String> = (0..2501).map(|i| format!("{i:05}")).collect();
        assert_eq!(names, expected);
        match &listing[2000] {
            ScanEntry::Ok(s) => {
                assert_eq!(s.service_name, "บริการที่ 2000");
                assert_eq!(s.path, dir.path().join("02000.toml"));
                assert!(s.complete);
            }
            other => panic!("{other:?}"),
        }

        entries.swap(2000, 2001);
        put(&index, encode_index("s", &entries).unwrap()).unwrap();
        assert!(
            cached_listing(dir.path(), &index, "s").is_none(),
            "out of order"
        );
    }

    #[test]
    fn the_encoding_of_an_entry_is_pinned_to_its_format() {
        // When this fails, the bytes of the index changed: bump INDEX_FORMAT (an index of
        // the old format would be misread otherwise), then update the bytes here.
        let t = DateTime::parse_from_rfc3339("2026-11-28T10:15:00+07:00").unwrap();
        let entry = Entry {
            name: "A.toml".to_string(),
            key: FileKey(1, 2, 3, 4),
            sha256: None,
            state: State::Ok(Cached::new(Summary {
                id: "A".into(),
                path: PathBuf::new(),
                service_name: "S".into(),
                agency: String::new(),
                group: None,
                levels: vec![("ial".into(), "IAL2".into())],
                complete: false,
                lower_bounds: vec!["ial".into()],
                updated: t,
                ruleset_id: "r".into(),
                signoff: None,
                review_due: None,
                conflicts: 0,
            })),
        };
        let hex: String = encode_index("s", &[entry])
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "78616c696e6465780600000001730106412e746f6d6c010203040000014101530000010369616c0449414c3200010369616ce89cd2b00d00e089030172000000"
        );
    }
}
