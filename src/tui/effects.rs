//! The main loop's hands: it gives the app its events and hands the reads and writes the app
//! asks for to a worker thread that owns the store's writes, one after another in the order
//! asked (a file read after a save finds what the save left); each outcome comes back through
//! the loop's one channel as an [`Input::Outcome`] and is handed to the app as the event the
//! effect names. The scan that checks the first listing and the git jobs report through the
//! same channel.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::terminal::Input;
use crate::app::{App, Effect, Env, Event};
use crate::catalog;
use crate::clock;
use crate::ruleset::registry::Registry;
use crate::store::{CachedListing, ScanEntry, Store};

type Listing = Result<Vec<ScanEntry>, String>;

/// A git job: what it has to tell the app, if anything.
type GitJob = Box<dyn FnOnce() -> Option<Event> + Send>;

/// A read or a write for the worker: what it has to tell the app, if anything.
type Job = Box<dyn FnOnce(&Store) -> Option<Event> + Send>;

/// One job on its way to the worker; `save` when it writes the open assessment.
struct Work {
    job: Job,
    save: bool,
}

/// What one of the runner's threads reported, on its way through the loop's channel. Taken
/// once ([`Runner::deliver`]); two are equal only when they are the same message.
#[derive(Clone, Debug)]
pub struct Outcome(Arc<Mutex<Option<Reply>>>);

impl PartialEq for Outcome {
    fn eq(&self, other: &Outcome) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Outcome {}

impl Outcome {
    fn input(reply: Reply) -> Input {
        Input::Outcome(Outcome(Arc::new(Mutex::new(Some(reply)))))
    }

    fn take(&self) -> Option<Reply> {
        self.0.lock().ok().and_then(|mut r| r.take())
    }
}

#[derive(Debug)]
enum Reply {
    /// A job of the worker's is done.
    Worker { event: Option<Event>, save: bool },
    /// A git job is done.
    Git(Option<Event>),
    /// The background check of the first listing (or of the listing asked for last).
    Scan { generation: u64, listing: Listing },
    /// Another program changed these files of the data dir ([`super::watch`]).
    Disk(Vec<PathBuf>),
}

pub struct Runner {
    /// For what the loop itself needs (the first listing, whether a file may go to the
    /// editor) and for tests; the app's reads and writes go through the worker's copy.
    pub store: Store,
    /// Where the view is remembered; none without a config dir.
    config: Option<crate::store::ConfigDir>,
    /// A clock that stands still, for tests that draw what a save stamps.
    fixed_time: Option<chrono::DateTime<chrono::FixedOffset>>,
    registry: Registry,
    /// `git.commit = "each-save"` in a git data dir: commit after every save.
    pub commit_each_save: bool,
    /// The loop's one channel: input and signals (see [`Runner::inbox`]), the worker, the
    /// scan and the git jobs send into it; the loop blocks on `rx`.
    tx: Sender<Input>,
    rx: Receiver<Input>,
    /// The thread that reads and writes for the app: store jobs, in the order they were
    /// asked for.
    worker: Option<Sender<Work>>,
    /// Store jobs sent to the worker and not reported yet.
    jobs: usize,
    /// The open assessment's save is with the worker: the next one waits for its outcome
    /// (it starts from the file that save leaves), and changes meanwhile go into one write.
    saving: bool,
    /// The background scan being waited for, by its number; a newer listing drops it.
    scan: Option<u64>,
    generation: u64,
    /// Holds the background check back until the first frame is drawn (or someone waits for
    /// it): on two cores it would otherwise take half the machine from the first frame.
    hold_check: Option<Sender<()>>,
    /// Git jobs started and not reported yet.
    git_jobs: usize,
    /// The one thread that writes to the repository (commits and syncs), started on first
    /// use: jobs that take git's index lock run one after another, never at once.
    writer: Option<Sender<GitJob>>,
    /// A commit is queued on the writer and has not started: a save meanwhile needs no other.
    commit_queued: Arc<AtomicBool>,
    /// Test knob: microseconds the worker sleeps before each job (a slow file system).
    slow_disk: Arc<AtomicU64>,
    /// The data dir watched for other programs' changes, while the interface runs.
    watch: Option<super::watch::Watch>,
}

/// What the loop must do after an event, beyond drawing again: what needs the terminal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct After {
    /// Give the terminal back to the shell (Ctrl-z).
    pub suspend: bool,
    /// Lend the terminal to the user's editor on this file, then tell the app
    /// ([`Runner::edited`]).
    pub editor: Option<PathBuf>,
    /// Text for the terminal's clipboard.
    pub clipboard: Option<String>,
}

impl Runner {
    pub fn new(store: Store, registry: Registry) -> Runner {
        let (tx, rx) = mpsc::channel();
        let slow_disk = Arc::new(AtomicU64::new(0));
        let worker = spawn_worker(store.clone(), tx.clone(), slow_disk.clone());
        Runner {
            tx,
            rx,
            worker,
            jobs: 0,
            saving: false,
            scan: None,
            generation: 0,
            hold_check: None,
            git_jobs: 0,
            writer: None,
            commit_queued: Arc::new(AtomicBool::new(false)),
            watch: None,
            store,
            config: None,
            fixed_time: None,
            registry,
            commit_each_save: false,
            slow_disk,
        }
    }

    /// Every event happens at `t` (tests: a screen that shows a save's time stays the same).
    pub fn at_fixed_time(&mut self, t: chrono::DateTime<chrono::FixedOffset>) {
        self.fixed_time = Some(t);
    }

    /// Remembers the view in this config dir.
    pub fn with_config(mut self, config: Option<crate::store::ConfigDir>) -> Runner {
        self.config = config;
        self
    }

    /// Test knob, never set by the program: every job of the worker's takes `delay` more, as
    /// on a slow network home folder (the benchmark and tests/one_writer.rs).
    pub fn slow_disk_for_tests(&mut self, delay: Duration) {
        let micros = u64::try_from(delay.as_micros()).unwrap_or(u64::MAX);
        self.slow_disk.store(micros, Ordering::SeqCst);
    }

    /// The sending side of the loop's channel, for the terminal's input and signal threads.
    /// Watches the data dir: what other programs change comes to the app as
    /// [`Event::DiskChanged`] through the loop's channel. Without a watcher the interface works
    /// as before; why is returned for the log.
    pub fn watch_data_dir(&mut self) -> Result<(), String> {
        let tx = self.tx.clone();
        let folder = self.store.assessments_folder();
        let watch = super::watch::start(self.store.data_dir(), folder.as_deref(), move |paths| {
            let _ = tx.send(Outcome::input(Reply::Disk(paths)));
        })?;
        self.watch = Some(watch);
        Ok(())
    }

    pub fn inbox(&self) -> Sender<Input> {
        self.tx.clone()
    }

    /// The next input, waiting at most `timeout`; `None` when nothing came.
    pub fn recv(&self, timeout: Duration) -> Option<Input> {
        self.rx.recv_timeout(timeout).ok()
    }

    fn scan(store: &Store, registry: &Registry) -> Listing {
        store
            .scan(
                &|a| catalog::summarize(registry, a),
                &format!(
                    "{}{}",
                    registry.fingerprint(),
                    crate::record::signed::salt()
                ),
            )
            .map(|r| r.entries)
            .map_err(|e| e.to_string())
    }

    /// The first listing: from the index alone when it is there (no file is read or even
    /// stat'ed, so the first frame comes at once), with a full scan started in the background
    /// to check it (`true`); otherwise a full scan now. An error is the listing's.
    ///
    /// `cached` is the index as read beforehand ([`Store::any_cached_listing`], on another
    /// thread while the rulesets compiled); it is used only if it was made under the rulesets
    /// now in use.
    pub fn first_listing(&mut self, cached: Option<CachedListing>) -> (Listing, bool) {
        let salt = format!(
            "{}{}",
            self.registry.fingerprint(),
            crate::record::signed::salt()
        );
        let Some(entries) = cached.and_then(|c| c.under(&salt)) else {
            return (Self::scan(&self.store, &self.registry), false);
        };
        let tx = self.tx.clone();
        let store = self.store.clone();
        let registry = self.registry.clone();
        self.generation += 1;
        let generation = self.generation;
        let (hold, held) = mpsc::channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("xal-scan".into())
            .spawn(move || {
                // Returns when the runner lets go (or is gone).
                let _ = held.recv();
                let listing = Self::scan(&store, &registry);
                let _ = tx.send(Outcome::input(Reply::Scan {
                    generation,
                    listing,
                }));
            });
        match spawned {
            Ok(_) => {
                self.scan = Some(generation);
                self.hold_check = Some(hold);
                (Ok(entries), true)
            }
            Err(_) => (Self::scan(&self.store, &self.registry), false),
        }
    }

    /// Hands `event` to the app and sends the reads and writes it asks for to the worker
    /// (their outcomes come back through the channel). What needs the terminal is returned.
    pub fn dispatch(&mut self, app: &mut App, event: Event) -> After {
        let mut after = After::default();
        let env = Env {
            now: self.fixed_time.unwrap_or_else(clock::now),
        };
        for effect in app.handle(event, &env) {
            match effect {
                Effect::OpenEditor(path) => after.editor = Some(path),
                Effect::Clipboard(text) => after.clipboard = Some(text),
                Effect::Suspend => after.suspend = true,
                effect => self.perform(effect),
            }
        }
        after
    }

    /// Hands a job to the worker, behind those already there. Without a worker it runs here,
    /// and its outcome still comes through the channel.
    fn on_worker(
        &mut self,
        save: bool,
        job: impl FnOnce(&Store) -> Option<Event> + Send + 'static,
    ) {
        self.jobs += 1;
        let work = Work {
            job: Box::new(job),
            save,
        };
        let work = match &self.worker {
            Some(w) => match w.send(work) {
                Ok(()) => return,
                Err(mpsc::SendError(work)) => work,
            },
            None => work,
        };
        self.worker = None;
        let event = (work.job)(&self.store);
        let _ = self.tx.send(Outcome::input(Reply::Worker { event, save }));
    }

    /// One read or write, for the worker.
    fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::Load { id, purpose } => self.on_worker(false, move |s| {
                Some(Event::Loaded {
                    result: s.load(&id),
                    id,
                    purpose,
                })
            }),
            Effect::ListTrash => self.on_worker(false, move |s| {
                Some(Event::TrashListed(
                    s.trash_listing().map_err(|e| e.to_string()),
                ))
            }),
            Effect::Create(a) => self.on_worker(false, move |s| Some(Event::Created(s.create(&a)))),
            Effect::Save {
                mut loaded,
                assessment,
            } => self.on_worker(false, move |s| {
                Some(Event::SavedOther(
                    s.save(&mut loaded, &assessment).map(|()| *loaded),
                ))
            }),
            Effect::SaveCopy { loaded, assessment } => self.on_worker(false, move |s| {
                Some(Event::CopySaved(s.save_copy(&loaded, &assessment)))
            }),
            Effect::Trash { path } => self.on_worker(false, move |s| {
                Some(Event::Trashed {
                    result: s.trash_file(&path).map_err(|e| e.to_string()),
                    path,
                })
            }),
            Effect::WritePending(pending) => self.on_worker(false, move |s| {
                // Kept for the next start; when it cannot be, the log says so.
                if let Err(e) = s.write_pending(&pending) {
                    let _ = s.append_log(&format!("cannot keep for the next start: {e}"));
                }
                None
            }),
            Effect::RememberView(view) => {
                let Some(config) = self.config.clone() else {
                    return;
                };
                self.on_worker(false, move |s| {
                    if let Err(e) = config.write_view_state(&view) {
                        let _ = s.append_log(&format!("cannot remember the view: {e}"));
                    }
                    None
                });
            }
            Effect::Log(line) => self.on_worker(false, move |s| {
                let _ = s.append_log(&line);
                None
            }),
            Effect::Export { file_name, bytes } => self.on_worker(false, move |s| {
                Some(Event::Exported(s.write_export(&file_name, &bytes).map_err(
                    |e| {
                        let path = s.exports_dir().join(&file_name);
                        format!("{}: {e}", path.display())
                    },
                )))
            }),
            Effect::Rescan => {
                // This listing is newer than any still being made in the background.
                self.scan = None;
                let registry = self.registry.clone();
                self.on_worker(false, move |s| {
                    Some(Event::Scanned {
                        listing: Self::scan(s, &registry),
                        background: false,
                    })
                });
            }
            Effect::Restore { path } => self.on_worker(false, move |s| {
                Some(Event::Restored(
                    s.restore_from_trash(&path).map_err(|e| e.to_string()),
                ))
            }),
            Effect::Sync => {
                let dir = self.store.data_dir().to_path_buf();
                self.on_writer(move || {
                    let result = match crate::git::Repo::at(&dir) {
                        Some(repo) => match std::env::current_exe() {
                            Ok(exe) => crate::git::sync::sync(&repo.batch(), &exe),
                            Err(e) => Err(crate::git::sync::SyncError::Git(
                                crate::git::GitError::Missing(format!("where is xal itself: {e}")),
                            )),
                        },
                        None => Err(crate::git::sync::SyncError::Git(
                            crate::git::GitError::Missing("not a git repository".into()),
                        )),
                    };
                    Some(Event::Synced(Box::new(result)))
                });
            }
            Effect::GitState => {
                let dir = self.store.data_dir().to_path_buf();
                self.on_git_thread(move || {
                    Some(Event::GitState(
                        crate::git::Repo::at(&dir).map(|r| crate::git::sync::state(&r)),
                    ))
                });
            }
            Effect::ReadHistory(id) => {
                let dir = self.store.data_dir().to_path_buf();
                self.on_git_thread(move || {
                    let entries = match crate::git::Repo::at(&dir) {
                        Some(repo) => {
                            crate::git::history::history(&repo, &id).map_err(|e| e.to_string())
                        }
                        None => Ok(Vec::new()),
                    };
                    Some(Event::History { id, entries })
                });
            }
            // The loop's (it owns the terminal): taken out in `dispatch`.
            Effect::Suspend | Effect::OpenEditor(_) | Effect::Clipboard(_) => {}
        }
    }

    /// Runs a git job that only reads on a thread of its own; what it gives comes back
    /// through the channel. A thread that cannot start runs the job here instead.
    fn on_git_thread(&mut self, job: impl FnOnce() -> Option<Event> + Send + 'static) {
        let tx = self.tx.clone();
        let job = Arc::new(Mutex::new(Some(job)));
        let on_thread = job.clone();
        let spawned = std::thread::Builder::new()
            .name("xal-git".into())
            .spawn(move || {
                if let Some(job) = on_thread.lock().ok().and_then(|mut j| j.take()) {
                    let _ = tx.send(Outcome::input(Reply::Git(job())));
                }
            });
        if spawned.is_err()
            && let Some(job) = job.lock().ok().and_then(|mut j| j.take())
        {
            let _ = self.tx.send(Outcome::input(Reply::Git(job())));
        }
        self.git_jobs += 1;
    }

    /// Queues a job that writes to the repository on the writer thread, behind the ones
    /// already there. Without a thread it runs here.
    fn on_writer(&mut self, job: impl FnOnce() -> Option<Event> + Send + 'static) {
        self.git_jobs += 1;
        let job: GitJob = Box::new(job);
        let job = match &self.writer {
            Some(writer) => match writer.send(job) {
                Ok(()) => return,
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        let (tx, rx) = mpsc::channel::<GitJob>();
        let out = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name("xal-git-writer".into())
            .spawn(move || {
                for job in rx {
                    let _ = out.send(Outcome::input(Reply::Git(job())));
                }
            });
        match spawned {
            Ok(_) => {
                let _ = tx.send(job);
                self.writer = Some(tx);
            }
            Err(_) => {
                let _ = self.tx.send(Outcome::input(Reply::Git(job())));
            }
        }
    }

    /// `git.commit = "each-save"`: commits what was saved, on the writer, so that the next
    /// key is not kept waiting. A refusal (a merge in progress…) is logged, and the save
    /// stands.
    fn commit_saved(&mut self) {
        if self.commit_queued.swap(true, Ordering::SeqCst) {
            return;
        }
        let queued = self.commit_queued.clone();
        let store = self.store.clone();
        self.on_writer(move || {
            // From here on a save needs a commit of its own.
            queued.store(false, Ordering::SeqCst);
            match crate::words::git::commit_for_interface(store.data_dir()) {
                Ok(Some(_)) => Some(Event::Committed),
                Ok(None) => None,
                Err(e) => {
                    let _ = store.append_log(&format!("not committed: {e}"));
                    None
                }
            }
        });
    }

    /// Whether a git job (a commit, a sync, a count, a history) has not reported yet.
    pub fn git_busy(&self) -> bool {
        self.git_jobs > 0
    }

    /// Whether a write is with the worker or waits to be sent.
    pub fn writing(&self, app: &App) -> bool {
        self.jobs > 0 || self.saving || app.has_unsaved()
    }

    /// Hands the app what one of the runner's threads reported. `Some` when the screen must
    /// show something new, with what the loop must do for it.
    pub fn deliver(&mut self, app: &mut App, outcome: Outcome) -> Option<After> {
        match outcome.take()? {
            Reply::Worker { event, save } => {
                self.jobs = self.jobs.saturating_sub(1);
                self.saving &= !save;
                let event = event?;
                if !save {
                    return Some(self.dispatch(app, event));
                }
                if matches!(event, Event::Saved(Ok(_))) && self.commit_each_save {
                    self.commit_saved();
                }
                // A save whose outcome the screen does not show (the header's word is the
                // same, no dialog came or went) needs no frame.
                let header = app.header_status().cloned();
                let popup = app.popup.is_some();
                let after = self.dispatch(app, event);
                let shown = app.header_status() != header.as_ref() || app.popup.is_some() != popup;
                (shown || after != After::default()).then_some(after)
            }
            Reply::Git(event) => {
                self.git_jobs = self.git_jobs.saturating_sub(1);
                Some(self.dispatch(app, event?))
            }
            Reply::Disk(paths) => Some(self.dispatch(app, Event::DiskChanged(paths))),
            Reply::Scan {
                generation,
                listing,
            } => {
                if self.scan != Some(generation) {
                    return None;
                }
                self.scan = None;
                if matches!(&listing, Ok(entries) if entries.as_slice() == app.list.entries()) {
                    // Nothing changed on disk: the frame on screen is still right.
                    app.checking = false;
                    return None;
                }
                Some(self.dispatch(
                    app,
                    Event::Scanned {
                        listing,
                        background: true,
                    },
                ))
            }
        }
    }

    /// Waits at most `timeout` for one report of the runner's threads and hands it to the
    /// app (tests, and the waits at the end); input that comes meanwhile is dropped. True
    /// when the screen must show something new.
    pub fn pump(&mut self, app: &mut App, timeout: Duration) -> bool {
        self.release_check();
        match self.recv(timeout) {
            Some(Input::Outcome(o)) => self.deliver(app, o).is_some(),
            _ => false,
        }
    }

    /// Sends the open assessment's changes to the worker, if there are any and no save of
    /// it is with the worker already: called right after the frame that shows them. The
    /// outcome comes back as [`Event::Saved`].
    pub fn queue_save(&mut self, app: &mut App) {
        if self.saving {
            return;
        }
        let Some(job) = app.take_save() else {
            return;
        };
        self.saving = true;
        self.on_worker(true, move |s| {
            let mut loaded = job.loaded;
            Some(Event::Saved(
                s.save(&mut loaded, &job.assessment).map(|()| loaded),
            ))
        });
    }

    /// Writes everything asked for and waits until it is on disk, handing each outcome to
    /// the app (and carrying out what those outcomes ask for, files to read included, until
    /// nothing is left): before the editor reads a file, when the program stops, and in
    /// tests. True when the screen must show something new.
    pub fn save_pending(&mut self, app: &mut App) -> bool {
        let mut changed = false;
        loop {
            self.queue_save(app);
            if self.jobs == 0 && !self.saving {
                return changed;
            }
            match self.rx.recv() {
                Ok(Input::Outcome(o)) => changed |= self.deliver(app, o).is_some(),
                Ok(_) => {}
                // The runner holds a sender: never.
                Err(_) => return changed,
            }
        }
    }

    /// Waits, at most `at_most`, for every git job to report, handing each to the app (tests,
    /// and a quit that must not leave a sync half done).
    pub fn settle_git(&mut self, app: &mut App, at_most: Duration) {
        let end = Instant::now() + at_most;
        while self.git_jobs > 0 {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            self.pump(app, left);
        }
    }

    /// The editor closed on `path` (or could not start): the app reads the file again.
    pub fn edited(&mut self, app: &mut App, path: PathBuf, result: Result<(), String>) -> After {
        self.dispatch(app, Event::Edited { path, result })
    }

    /// Everything typed is kept and written: the program stops now. Returns when the worker
    /// has written the last of it.
    pub fn flush(&mut self, app: &mut App) {
        self.dispatch(app, Event::Flush);
        self.save_pending(app);
    }

    /// Whether the background check is still running.
    /// Lets the background check of the first listing start: the first frame is on screen,
    /// or someone is about to wait for the check.
    pub fn release_check(&mut self) {
        self.hold_check = None;
    }

    pub fn checking(&self) -> bool {
        self.scan.is_some()
    }

    /// Lets the background scan finish (it may be writing the index) before the program
    /// ends, waiting at most `at_most`; what else comes meanwhile is dropped.
    pub fn wait_for_background(&mut self, at_most: Duration) {
        self.release_check();
        let end = Instant::now() + at_most;
        while self.scan.is_some() {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            if let Some(Input::Outcome(o)) = self.recv(left)
                && let Some(Reply::Scan { .. }) = o.take()
            {
                self.scan = None;
            }
        }
    }
}

/// The worker: owns a copy of the store and carries out its jobs one after another, each
/// outcome sent into the loop's channel. A job that panics reports nothing to the app, but
/// still reports, so that nobody waits for it.
fn spawn_worker(store: Store, out: Sender<Input>, slow: Arc<AtomicU64>) -> Option<Sender<Work>> {
    let (tx, rx) = mpsc::channel::<Work>();
    std::thread::Builder::new()
        .name("xal-worker".into())
        .spawn(move || {
            for Work { job, save } in rx {
                let delay = slow.load(Ordering::Relaxed);
                if delay > 0 {
                    std::thread::sleep(Duration::from_micros(delay));
                }
                let event = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&store)))
                    .ok()
                    .flatten();
                if out
                    .send(Outcome::input(Reply::Worker { event, save }))
                    .is_err()
                {
                    return;
                }
            }
        })
        .ok()
        .map(|_| tx)
}
