//! The only code that touches the data directory and the config directory.
//!
//! Layout of `<data dir>` (see [`resolve_data_dir`]):
//!
//! ```text
//! assessments/<id>.toml   one assessment per file (docs/spec: assessment-file.md)
//! trash/<id>[.N].toml     trashed assessments, moved here, never deleted by xal
//! exports/                reports written by the interface (`Store::write_export`)
//! xal.log                 the interface's log (`Store::append_log`)
//! train.toml              a trainee's settings (`Store::train_settings`)
//! .index.bin              cache of list summaries (safe to delete; see `index.rs`)
//! .lock                   taken by a writer while it checks and replaces a file
//! ```
//!
//! `<config dir>` is read, as text only, through [`ConfigDir`].
//!
//! Rules kept here: loading never writes; saving is atomic (temp file in the same folder,
//! flushed, renamed, folder flushed) and refuses to overwrite a file that changed since it was
//! read ([`SaveError::Conflict`]) or that does not parse ([`SaveError::Broken`]); folders are
//! created 0700 and files 0600; a save patches the parsed document so a person's comments,
//! ordering and unknown keys survive.

mod config_dir;
mod confined;
mod conflicts;
mod convert;
mod data_files;
mod error;
mod fsio;
mod index;
mod layout;
pub mod merge;
mod migrate;
mod model;
mod order;
mod parse;
mod pending;
mod view_state;
mod write;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

pub use config_dir::{BUILTIN_THEMES, ConfigDir, ReadError, UserFile, load_registry, theme_names};
pub use data_files::{TRAIN_FILE, TrainSettings};
pub use error::{LoadError, SaveError, StoreError};

pub(crate) use fsio::Stamp;
pub use fsio::{MAX_FILE_BYTES, read_no_link, read_regular, read_text};
/// For the trainer's folders, which are the trainer's own (not a shared data dir): a folder
/// made 0700 whatever the umask, a folder's names flushed, whether a process still runs.
pub use fsio::{create_private_dir, process_alive, sync_dir};
pub use index::{CachedListing, ScanEntry, ScanResult};
pub use migrate::migrate;
pub use model::{
    Assessment, CURRENT_SCHEMA, GroupResult, Meta, Origin, ResultSummary, RulesetRef, Service,
    SignMark, SignOff, Summary, Word, new_id, valid_id,
};
/// Writes any file xal produces (a report, a trainer's settings) the way assessments are
/// written: a temporary file in the same folder, synced, then renamed over the target.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fsio::write_atomic(path, bytes, false).map(|_| ())
}

/// Reads `path`, a file below the untrusted folder `root` (a data dir, a trainee's folder),
/// refusing a symbolic link anywhere below `root` (see `confined.rs`).
pub fn read_within(root: &Path, path: &Path) -> io::Result<Vec<u8>> {
    Confined::new(root).read(path)
}

/// Writes `path` below the untrusted folder `root` atomically (0600), refusing a symbolic
/// link anywhere below `root`, the target included: a link is never replaced.
pub fn write_within(root: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    Confined::new(root)
        .write_atomic(path, bytes, false)
        .map(|_| ())
}

/// A scratch file replaced whole (a reader never sees half of it) but not flushed to disk:
/// only for files that another program reads at once and does not keep (the merge driver's
/// output, which git copies into its own objects).
pub fn replace_scratch_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fsio::replace_unsynced(path, bytes)
}

pub use order::{AnswerOrders, orders as answer_orders};
pub use parse::{parse_answers_only, parse_assessment, parse_assessment_bytes};
pub use pending::{FormDraft, KeptCopy, Pending};
pub use view_state::ViewState;

use crate::diag::Diagnostic;
use confined::Confined;
use fsio::WriterLock;

/// `--data-dir` (or a non-empty `XAL_DATA_DIR`, which the command line reads into it), else
/// the platform's data directory for xal (on Linux `$XDG_DATA_HOME/xal`, usually
/// `~/.local/share/xal`).
pub fn resolve_data_dir(cli: Option<&Path>) -> Result<PathBuf, StoreError> {
    crate::paths::data_dir(cli).ok_or(StoreError::NoDataDir)
}

/// One file in the trash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrashItem {
    pub path: PathBuf,
    /// The service's name, when the file parses.
    pub service: Option<String>,
    /// When it was moved there (seconds since the epoch).
    pub deleted: i64,
}

/// What [`Store::data_dir_state`] found at the data dir's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataDirState {
    Missing,
    NotAFolder,
    Folder,
}

/// An opened assessment: what it says, what the file was when read, and the parsed document
/// that a save patches.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub assessment: Assessment,
    pub stamp: Stamp,
    pub path: PathBuf,
    /// The schema the file is written in, when older than [`CURRENT_SCHEMA`]: it was upgraded
    /// in memory, and the next save writes the current schema.
    pub migrated_from: Option<u32>,
    doc: DocumentMut,
}

impl Loaded {
    /// The text a save of `a` would write (for previews and diffs); touches nothing.
    pub fn render(&self, a: &Assessment) -> String {
        let mut doc = self.doc.clone();
        write::apply(&mut doc, a);
        doc.to_string()
    }
}

/// The text of a new file for `a`, in the layout of the spec's example.
pub fn render_new(a: &Assessment) -> String {
    write::new_document(a).to_string()
}

/// The assessments under one data directory.
#[derive(Clone, Debug)]
pub struct Store {
    data_dir: PathBuf,
    /// Each ruleset's question and category order, for writing answers in it.
    order: std::sync::Arc<AnswerOrders>,
}

impl Store {
    /// Nothing is created until something is saved.
    pub fn open(data_dir: impl Into<PathBuf>) -> Store {
        Store {
            data_dir: data_dir.into(),
            order: Default::default(),
        }
    }

    /// Writes answers in each ruleset's order of questions and categories (see
    /// `order.rs`); without it, new answers are appended in id order.
    pub fn with_answer_order(mut self, orders: AnswerOrders) -> Store {
        self.order = std::sync::Arc::new(orders);
        self
    }

    /// `write::apply`, then the answers in the ruleset's order.
    fn apply(&self, doc: &mut DocumentMut, a: &Assessment) {
        let before = order::answer_keys(doc);
        write::apply(doc, a);
        if let Some(o) = self.order.get(&a.ruleset.id) {
            order::order_answers(doc, o, &before);
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// What is at the data dir's own path: the folder the user named (a link there is the
    /// user's own choice and is followed), for commands that need it to exist.
    pub fn data_dir_state(&self) -> DataDirState {
        match fs::metadata(&self.data_dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => DataDirState::Missing,
            Ok(m) if !m.is_dir() => DataDirState::NotAFolder,
            // Unreadable and the like: the command's own reads say what is wrong.
            _ => DataDirState::Folder,
        }
    }

    /// The folder of assessments when it is there as a real folder, no link on the way or in
    /// its place (what a collaborator committed is never followed): what may be watched.
    pub fn assessments_folder(&self) -> Option<PathBuf> {
        let dir = self.assessments_dir();
        self.confined().is_folder(&dir).then_some(dir)
    }

    /// The data dir as untrusted ground: every file under it is reached through this.
    fn confined(&self) -> Confined<'_> {
        Confined::new(&self.data_dir)
    }

    /// Whether `path`, a file of the data dir, may be handed to an editor: no link on the way
    /// or at the file (an editor would follow it), and a regular file if it exists.
    pub fn editable(&self, path: &Path) -> io::Result<()> {
        self.confined().check_file(path)
    }

    /// What every write of a file below the data dir starts with: its folder made (0700),
    /// then the writers' lock taken; held until dropped.
    fn ready_to_write(&self, dir: &Path) -> Result<WriterLock, IoAt> {
        self.confined()
            .create_dir(dir)
            .map_err(|e| IoAt(dir.to_path_buf(), "create the folder", e))?;
        self.confined()
            .lock(&self.data_dir.join(".lock"))
            .map_err(|e| IoAt(self.data_dir.clone(), "lock", e))
    }

    pub fn assessments_dir(&self) -> PathBuf {
        self.data_dir.join("assessments")
    }

    pub fn trash_dir(&self) -> PathBuf {
        self.data_dir.join("trash")
    }

    pub fn index_path(&self) -> PathBuf {
        self.data_dir.join(".index.bin")
    }

    /// `<data dir>/assessments/<id>.toml`, for a valid id only.
    pub fn path_of(&self, id: &str) -> Result<PathBuf, StoreError> {
        if !valid_id(id) {
            return Err(StoreError::InvalidId { id: id.to_string() });
        }
        Ok(self.assessments_dir().join(format!("{id}.toml")))
    }

    /// Every `*.toml` in the assessments folder (dotfiles and `*.tmp` skipped), each as a
    /// summary or as broken with its diagnostic. Only files new or changed since the last scan
    /// (or all, when `salt` differs from last time) are parsed; `summarize` is called for each
    /// parsed one. A missing folder lists nothing and creates nothing. Files that cannot be
    /// read are listed as broken and read again by every scan. Safe to run on another thread
    /// (on a clone of the store) while this one carries on.
    pub fn scan(
        &self,
        summarize: &dyn Fn(&Assessment) -> Summary,
        salt: &str,
    ) -> Result<ScanResult, StoreError> {
        self.sweep_stale_temp_files();
        let dir = self.assessments_dir();
        index::scan(
            self.confined(),
            &dir,
            &self.index_path(),
            summarize,
            salt,
            &parse_stored,
        )
        .map_err(|source| StoreError::Io {
            path: dir,
            action: "list the folder",
            source,
        })
    }

    /// Removes the `.xal-*.tmp` files that a killed xal left behind (in the data dir, the
    /// assessments, the exports and the trash) and returns how many: those whose writer, named
    /// in the file name, is no longer running, and any untouched for [`STALE_TEMP_AGE`] (a
    /// live xal writes and renames its temporary file within milliseconds, so an older one
    /// belongs to nobody, even one from another machine sharing the folder). Run by every
    /// scan, hence at every start.
    pub fn sweep_stale_temp_files(&self) -> usize {
        let now = std::time::SystemTime::now();
        let dirs = [
            self.data_dir.clone(),
            self.assessments_dir(),
            self.exports_dir(),
            self.trash_dir(),
        ];
        let mut removed = 0;
        for dir in dirs {
            let Ok(rd) = self.confined().read_dir(&dir) else {
                continue;
            };
            for dent in rd.flatten() {
                let name = dent.file_name();
                let Some(name) = name.to_str() else { continue };
                if !(name.starts_with(".xal-") && name.ends_with(".tmp")) {
                    continue;
                }
                // The entry itself, never what a link points to.
                let Ok(meta) = dent.metadata() else { continue };
                let age = meta
                    .modified()
                    .ok()
                    .and_then(|m| now.duration_since(m).ok());
                let stale = age.is_some_and(|a| a >= STALE_TEMP_AGE)
                    || fsio::temp_writer(name).is_some_and(|pid| !fsio::process_alive(pid));
                if meta.is_file() && stale && fs::remove_file(dent.path()).is_ok() {
                    removed += 1;
                }
            }
        }
        removed
    }

    /// The listing as the index recorded it at the end of the last [`Store::scan`] made under
    /// `salt`: the same entries, in the same order, with the same paths, summaries and
    /// diagnostics that `scan` returns when nothing changed on disk since. Reads the index
    /// alone: no assessment file is read or even stat'ed, so it is quick (about 10 ms for
    /// 10,000 files, against 40 ms or more for a scan) but may be out of date; show it, then
    /// run [`Store::scan`] (the source of truth; `Store` is `Clone + Send + Sync`, so a clone
    /// can run it on another thread) and replace the list with its result. Files that could
    /// not be read at the last scan are in it, as the scan listed them.
    ///
    /// `None` when there is no usable index: missing, unreadable, corrupt, of another format,
    /// or made under another `salt`. Never writes anything.
    pub fn scan_cached(&self, salt: &str) -> Option<Vec<ScanEntry>> {
        index::cached_listing(&self.assessments_dir(), &self.index_path(), salt)
    }

    /// [`Store::scan_cached`] before the salt is known: the interface reads the index while
    /// the rulesets compile, and checks the salt when they are done.
    pub fn any_cached_listing(&self) -> Option<CachedListing> {
        index::any_cached_listing(&self.assessments_dir(), &self.index_path())
    }

    /// Read and parse one assessment. Never writes anything.
    pub fn load(&self, id: &str) -> Result<Loaded, LoadError> {
        let path = self
            .path_of(id)
            .map_err(|_| LoadError::InvalidId { id: id.to_string() })?;
        let (bytes, stamp) = self.confined().read_stamped(&path).map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                LoadError::NotFound { path: path.clone() }
            } else {
                LoadError::Io {
                    path: path.clone(),
                    action: "read",
                    source,
                }
            }
        })?;
        let text = parse::utf8(&path, &bytes).map_err(LoadError::Broken)?;
        let parsed = parse::parse_document(&path, text).map_err(LoadError::Broken)?;
        check_name(&path, text, &parsed.assessment).map_err(LoadError::Broken)?;
        Ok(Loaded {
            assessment: parsed.assessment,
            stamp,
            path,
            migrated_from: parsed.migrated_from,
            doc: parsed.doc,
        })
    }

    /// Has the file changed (or gone) since `loaded` was read?
    pub fn changed_on_disk(&self, loaded: &Loaded) -> Result<bool, StoreError> {
        match self.confined().read_stamped(&loaded.path) {
            Ok((_, s)) => Ok(s.sha256 != loaded.stamp.sha256),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
            Err(source) => Err(StoreError::Io {
                path: loaded.path.clone(),
                action: "read",
                source,
            }),
        }
    }

    /// Write `a` over the file `loaded` came from, if the file is still what was read.
    /// On success `loaded` describes the new file.
    pub fn save(&self, loaded: &mut Loaded, a: &Assessment) -> Result<(), SaveError> {
        let path = loaded.path.clone();
        if a.id != loaded.assessment.id {
            return Err(SaveError::IdChanged {
                path,
                old: loaded.assessment.id.clone(),
                new: a.id.clone(),
            });
        }
        // Sign-off steps the file holds are never dropped, whatever `a` says (an older copy
        // of the assessment being written over the one just approved).
        let kept = with_kept_signoffs(&loaded.assessment, a);
        let a = kept.as_ref().unwrap_or(a);
        let mut doc = loaded.doc.clone();
        self.apply(&mut doc, a);
        let text = doc.to_string();
        let parsed = read_back(&path, &text, a)?;
        let dir = self.assessments_dir();
        let _lock = self.ready_to_write(&dir).map_err(IoAt::save)?;
        match self.confined().read_stamped(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(SaveError::Vanished { path });
            }
            Err(source) => {
                return Err(SaveError::Io {
                    path,
                    action: "read",
                    source,
                });
            }
            Ok((bytes, now)) if now.sha256 != loaded.stamp.sha256 => {
                return Err(match parse_stored(&path, &bytes) {
                    Err(diagnostic) => SaveError::Broken { path, diagnostic },
                    Ok(_) => SaveError::Conflict { path },
                });
            }
            Ok(_) => {}
        }
        let stamp = self
            .confined()
            .write_atomic(&path, text.as_bytes(), false)
            .map_err(io_err(&path, "write"))?;
        loaded.assessment = parsed.assessment;
        loaded.doc = parsed.doc;
        loaded.stamp = stamp;
        loaded.migrated_from = None;
        Ok(())
    }

    /// Write a new assessment file; fails if one with the same id exists.
    pub fn create(&self, a: &Assessment) -> Result<Loaded, SaveError> {
        let path = self
            .path_of(&a.id)
            .map_err(|_| SaveError::InvalidId { id: a.id.clone() })?;
        let mut doc = DocumentMut::new();
        self.apply(&mut doc, a);
        self.write_new(path, doc.to_string(), a)
    }

    /// `xal import`: `a` (read from `text`, the imported file's own text, perhaps with a fresh
    /// id and its origin) as a new file that keeps the comments and unknown keys of that text.
    /// Its answers go in the ruleset's order, as every file xal writes anew (a script's sorted
    /// keys are nobody's arrangement). Never replaces a file.
    pub fn create_from_text(
        &self,
        source: &Path,
        text: &str,
        a: &Assessment,
    ) -> Result<Loaded, SaveError> {
        let path = self
            .path_of(&a.id)
            .map_err(|_| SaveError::InvalidId { id: a.id.clone() })?;
        // The text was checked before; should it not parse now, the file is written anew.
        let mut doc = parse::parse_document(source, text)
            .map(|p| p.doc)
            .unwrap_or_default();
        write::apply(&mut doc, a);
        if let Some(o) = self.order.get(&a.ruleset.id) {
            order::order_answers(&mut doc, o, &[]);
        }
        self.write_new(path, doc.to_string(), a)
    }

    /// "Keep mine as a copy": write `a` under a fresh id, keeping the comments and unknown keys
    /// of the document `loaded` came from. The original file is not touched.
    pub fn save_copy(&self, loaded: &Loaded, a: &Assessment) -> Result<Loaded, SaveError> {
        let mut copy = a.clone();
        copy.id = new_id();
        let path = self.path_of(&copy.id).map_err(|_| SaveError::InvalidId {
            id: copy.id.clone(),
        })?;
        let mut doc = loaded.doc.clone();
        self.apply(&mut doc, &copy);
        self.write_new(path, doc.to_string(), &copy)
    }

    fn write_new(&self, path: PathBuf, text: String, a: &Assessment) -> Result<Loaded, SaveError> {
        let parsed = read_back(&path, &text, a)?;
        let dir = self.assessments_dir();
        let _lock = self.ready_to_write(&dir).map_err(IoAt::save)?;
        let stamp = match self.confined().write_atomic(&path, text.as_bytes(), true) {
            Ok(s) => s,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(SaveError::Exists { path });
            }
            Err(e) => return Err(io_err(&path, "write")(e)),
        };
        Ok(Loaded {
            assessment: parsed.assessment,
            stamp,
            path,
            migrated_from: None,
            doc: parsed.doc,
        })
    }

    /// Move `<id>.toml` into `<data dir>/trash/` (as `<id>.toml`, or `<id>.N.toml` when that
    /// name is taken). Returns where it went. Nothing is ever deleted.
    pub fn trash(&self, id: &str) -> Result<PathBuf, StoreError> {
        self.trash_file(&self.path_of(id)?)
    }

    /// Moves a file of the assessments folder into the trash, whatever its name: a file that
    /// does not parse (and has no id to go by) can be put away too. Nothing else is accepted.
    pub fn trash_file(&self, path: &Path) -> Result<PathBuf, StoreError> {
        let dir = self.assessments_dir();
        let name = match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) if parent == dir => name.to_owned(),
            _ => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    action: "move to the trash",
                    source: io::Error::other("not a file of the assessments folder"),
                });
            }
        };
        let trash = self.trash_dir();
        let _lock = self.ready_to_write(&trash).map_err(IoAt::store)?;
        if !path.exists() && !path.is_symlink() {
            return Err(StoreError::NotFound {
                path: path.to_path_buf(),
            });
        }
        let name = name.to_string_lossy().into_owned();
        let stem = name.strip_suffix(".toml").unwrap_or(&name);
        let mut target = trash.join(&name);
        let mut n = 1;
        while target.exists() || target.is_symlink() {
            target = trash.join(format!("{stem}.{n}.toml"));
            n += 1;
        }
        self.confined()
            .rename(path, &target)
            .map_err(store_io(path, "move to the trash"))?;
        sync_dir(&trash).map_err(store_io(&trash, "flush"))?;
        sync_dir(&dir).map_err(store_io(&dir, "flush"))?;
        Ok(target)
    }

    /// Puts a file of the trash back among the assessments as `<id>.toml` (the id being its
    /// name up to the first dot). Refused when an assessment with that id is there already:
    /// nothing is ever written over.
    pub fn restore_from_trash(&self, path: &Path) -> Result<PathBuf, StoreError> {
        let trash = self.trash_dir();
        let name = match (path.parent(), path.file_name().and_then(|n| n.to_str())) {
            (Some(parent), Some(name)) if parent == trash => name.to_string(),
            _ => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    action: "restore",
                    source: io::Error::other("not a file of the trash"),
                });
            }
        };
        let id = name.split('.').next().unwrap_or_default();
        let target = self.path_of(id)?;
        let dir = self.assessments_dir();
        let _lock = self.ready_to_write(&dir).map_err(IoAt::store)?;
        if target.exists() || target.is_symlink() {
            return Err(StoreError::Io {
                path: target,
                action: "restore",
                source: io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "an assessment with this id is there already",
                ),
            });
        }
        self.confined()
            .rename(path, &target)
            .map_err(store_io(path, "restore"))?;
        sync_dir(&dir).map_err(store_io(&dir, "flush"))?;
        sync_dir(&trash).map_err(store_io(&trash, "flush"))?;
        Ok(target)
    }

    /// The trash, newest first, each file with its service's name when it parses.
    pub fn trash_listing(&self) -> Result<Vec<TrashItem>, StoreError> {
        let mut items: Vec<TrashItem> = self
            .list_trash()?
            .into_iter()
            .map(|path| {
                let bytes = self.confined().read(&path).ok();
                let service = bytes
                    .and_then(|b| parse_assessment_bytes(&path, &b).ok())
                    .map(|a| a.service.name);
                // A rename into the trash changes the file's ctime, not its mtime: the ctime
                // says when it was deleted.
                let deleted = fs::symlink_metadata(&path)
                    .map(|m| {
                        use std::os::unix::fs::MetadataExt;
                        m.ctime()
                    })
                    .unwrap_or(0);
                TrashItem {
                    path,
                    service,
                    deleted,
                }
            })
            .collect();
        items.sort_by(|a, b| b.deleted.cmp(&a.deleted).then(a.path.cmp(&b.path)));
        Ok(items)
    }

    /// The files in the trash, sorted by name.
    pub fn list_trash(&self) -> Result<Vec<PathBuf>, StoreError> {
        listed_files(self.confined(), &self.trash_dir())
    }
}

/// The files of a folder the list would show (dotfiles and temporary files skipped), sorted
/// by name. A missing folder holds none; nothing is created.
/// How old a temporary file must be to be taken for one a killed xal left.
pub(crate) const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(5 * 60);

fn listed_files(within: Confined, dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let rd = match within.read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(store_io(dir, "list the folder")(e)),
    };
    let mut out: Vec<PathBuf> = rd
        .filter_map(|d| d.ok())
        .filter(|d| d.file_name().to_str().is_some_and(index::listed_name))
        .map(|d| d.path())
        .collect();
    out.sort();
    Ok(out)
}

/// A failed file operation: where, what was being done, and why.
struct IoAt(PathBuf, &'static str, io::Error);

impl IoAt {
    fn save(self) -> SaveError {
        SaveError::Io {
            path: self.0,
            action: self.1,
            source: self.2,
        }
    }

    fn store(self) -> StoreError {
        StoreError::Io {
            path: self.0,
            action: self.1,
            source: self.2,
        }
    }
}

fn io_err(path: &Path, action: &'static str) -> impl FnOnce(io::Error) -> SaveError {
    let path = path.to_path_buf();
    move |source| SaveError::Io {
        path,
        action,
        source,
    }
}

fn store_io(path: &Path, action: &'static str) -> impl FnOnce(io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        path,
        action,
        source,
    }
}

/// Parse bytes of a file in the assessments folder, including the check that the id inside
/// matches the file name.
fn parse_stored(path: &Path, bytes: &[u8]) -> Result<Assessment, Diagnostic> {
    let text = parse::utf8(path, bytes)?;
    let a = parse::parse_document(path, text)?.assessment;
    check_name(path, text, &a)?;
    Ok(a)
}

/// The file name is the id: a file copied to another name (or an id edited by hand) would make
/// two files claim one id, so it is listed as broken until the two agree.
fn check_name(path: &Path, text: &str, a: &Assessment) -> Result<(), Diagnostic> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem == a.id {
        return Ok(());
    }
    let offset = id_offset(text);
    let msg = if valid_id(stem) {
        format!(
            "the id `{}` does not match the file name `{stem}.toml`: set `id = \"{stem}\"` \
             or rename the file to `{}.toml`",
            a.id, a.id
        )
    } else {
        format!(
            "the file name `{}` is not `<id>.toml` for a valid id; rename it to `{}.toml`",
            path.file_name().and_then(|s| s.to_str()).unwrap_or(""),
            a.id
        )
    };
    Err(Diagnostic::at_offset(path, text, offset, msg))
}

/// Where the top-level `id = ` is, for pointing at it (0 if not found).
fn id_offset(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            break;
        }
        if let Some(rest) = t.strip_prefix("id")
            && rest.trim_start().starts_with('=')
        {
            return offset + (line.len() - t.len());
        }
        offset += line.len();
    }
    0
}

/// Parse what is about to be written and check it says what `a` says; refuse otherwise.
/// `a` with the sign-off steps of `on_file` that it lacks, in the order the writer leaves them
/// (the file's, then `a`'s new ones); `None` when `a` already has them all.
fn with_kept_signoffs(on_file: &Assessment, a: &Assessment) -> Option<Assessment> {
    if on_file.signoffs.iter().all(|s| a.signoffs.contains(s)) {
        return None;
    }
    let mut merged = on_file.signoffs.clone();
    merged.extend(
        a.signoffs
            .iter()
            .filter(|s| !on_file.signoffs.contains(s))
            .cloned(),
    );
    Some(Assessment {
        signoffs: merged,
        ..a.clone()
    })
}

fn read_back(path: &Path, text: &str, a: &Assessment) -> Result<parse::Parsed, SaveError> {
    let parsed = parse::parse_document(path, text).map_err(|d| SaveError::WouldNotReadBack {
        path: path.to_path_buf(),
        detail: d.to_string(),
    })?;
    let want = normalized(a);
    // Debug text compares NaN floats as equal, which `==` would not.
    if format!("{:?}", parsed.assessment) != format!("{want:?}") {
        return Err(SaveError::WouldNotReadBack {
            path: path.to_path_buf(),
            detail: "a value reads back differently".into(),
        });
    }
    Ok(parsed)
}

/// `a` as it reads back: current schema, answers in the form the parser gives them.
fn normalized(a: &Assessment) -> Assessment {
    use crate::answers::AnswerSet;
    let norm = |ans: &crate::answers::Answers| -> crate::answers::Answers {
        ans.iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    convert::toml_to_answer(convert::answer_to_toml(v)),
                )
            })
            .collect()
    };
    let mut out = a.clone();
    out.schema = CURRENT_SCHEMA;
    out.answers = match &a.answers {
        AnswerSet::Single(ans) => AnswerSet::Single(norm(ans)),
        AnswerSet::Groups(gs) => AnswerSet::Groups(
            gs.iter()
                .map(|g| crate::answers::Group {
                    answers: norm(&g.answers),
                    ..g.clone()
                })
                .collect(),
        ),
    };
    out
}
