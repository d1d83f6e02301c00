//! The main loop's hands: it gives the app its events and carries out the writes the app asks
//! for, through the store, feeding each outcome back as an event. The scan that checks the
//! first listing runs on a thread of its own here, never in the app.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::time::Duration;

use crate::app::catalog;
use crate::app::popup::trash::Trashed;
use crate::app::{App, Effect, Env, Event, Files};
use crate::clock;
use crate::ruleset::registry::Registry;
use crate::store::{LoadError, Loaded, ScanEntry, Store};

impl Files for Store {
    fn load(&self, id: &str) -> Result<Loaded, LoadError> {
        Store::load(self, id)
    }

    fn trash(&self) -> Result<Vec<Trashed>, String> {
        Ok(self
            .trash_listing()
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|t| Trashed {
                path: t.path,
                name: t.service,
            })
            .collect())
    }
}

type Listing = Result<Vec<ScanEntry>, String>;

/// A git job: what it has to tell the app, if anything.
type GitJob = Box<dyn FnOnce() -> Option<Event> + Send>;

pub struct Runner {
    pub store: Store,
    /// Where the view is remembered; none without a config dir.
    config: Option<crate::store::ConfigDir>,
    /// A clock that stands still, for tests that draw what a save stamps.
    fixed_time: Option<chrono::DateTime<chrono::FixedOffset>>,
    registry: Registry,
    background: Option<Receiver<Listing>>,
    /// `git.commit = "each-save"` in a git data dir: commit after every save.
    pub commit_each_save: bool,
    /// What git jobs running on threads of their own send back (commits, syncs, counts,
    /// histories); one message per job.
    git_tx: Sender<Option<Event>>,
    git_rx: Receiver<Option<Event>>,
    /// Git jobs started and not reported yet.
    git_jobs: usize,
    /// The one thread that writes to the repository (commits and syncs), started on first
    /// use: jobs that take git's index lock run one after another, never at once.
    writer: Option<Sender<GitJob>>,
    /// A commit is queued on the writer and has not started: a save meanwhile needs no other.
    commit_queued: Arc<AtomicBool>,
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

/// What carrying out one effect gave.
enum Done {
    /// An outcome for the app.
    Event(Box<Event>),
    /// Nothing to tell.
    Quiet,
    /// Something only the loop can do (it owns the terminal).
    Loop(Effect),
}

impl Runner {
    pub fn new(store: Store, registry: Registry) -> Runner {
        let (git_tx, git_rx) = mpsc::channel();
        Runner {
            git_tx,
            git_rx,
            git_jobs: 0,
            writer: None,
            commit_queued: Arc::new(AtomicBool::new(false)),
            store,
            config: None,
            fixed_time: None,
            registry,
            background: None,
            commit_each_save: false,
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
    pub fn first_listing(&mut self) -> (Listing, bool) {
        let salt = format!(
            "{}{}",
            self.registry.fingerprint(),
            crate::record::signed::salt()
        );
        let Some(entries) = self.store.scan_cached(&salt) else {
            return (Self::scan(&self.store, &self.registry), false);
        };
        let (tx, rx) = mpsc::channel();
        let store = self.store.clone();
        let registry = self.registry.clone();
        let spawned = std::thread::Builder::new()
            .name("xal-scan".into())
            .spawn(move || {
                let _ = tx.send(Self::scan(&store, &registry));
            });
        match spawned {
            Ok(_) => {
                self.background = Some(rx);
                (Ok(entries), true)
            }
            Err(_) => (Self::scan(&self.store, &self.registry), false),
        }
    }

    /// Hands `event` to the app, then carries out every write it asks for, feeding the
    /// outcomes back, until nothing is left to do.
    pub fn dispatch(&mut self, app: &mut App, event: Event) -> After {
        let mut after = After::default();
        let mut queue = std::collections::VecDeque::from([event]);
        while let Some(event) = queue.pop_front() {
            let env = Env {
                files: &self.store,
                now: self.fixed_time.unwrap_or_else(clock::now),
            };
            for effect in app.handle(event, &env) {
                match self.perform(effect) {
                    Done::Event(outcome) => queue.push_back(*outcome),
                    Done::Quiet => {}
                    Done::Loop(Effect::OpenEditor(path)) => after.editor = Some(path),
                    Done::Loop(Effect::Clipboard(text)) => after.clipboard = Some(text),
                    Done::Loop(_) => after.suspend = true,
                }
            }
        }
        after
    }

    /// One write, through the store.
    fn perform(&mut self, effect: Effect) -> Done {
        Done::Event(Box::new(match effect {
            Effect::Create(a) => Event::Created(self.store.create(&a)),
            Effect::Save {
                mut loaded,
                assessment,
            } => Event::SavedOther(self.store.save(&mut loaded, &assessment).map(|()| *loaded)),
            Effect::SaveCopy { loaded, assessment } => {
                Event::CopySaved(self.store.save_copy(&loaded, &assessment))
            }
            Effect::Trash { path } => Event::Trashed {
                result: self.store.trash_file(&path).map_err(|e| e.to_string()),
                path,
            },
            Effect::WritePending(pending) => {
                // Kept for the next start; when it cannot be, the log says so.
                if let Err(e) = self.store.write_pending(&pending) {
                    let _ = self
                        .store
                        .append_log(&format!("cannot keep for the next start: {e}"));
                }
                return Done::Quiet;
            }
            Effect::RememberView(view) => {
                if let Some(c) = &self.config
                    && let Err(e) = c.write_view_state(&view)
                {
                    let _ = self
                        .store
                        .append_log(&format!("cannot remember the view: {e}"));
                }
                return Done::Quiet;
            }
            Effect::Log(line) => {
                let _ = self.store.append_log(&line);
                return Done::Quiet;
            }
            Effect::Export { file_name, bytes } => {
                Event::Exported(self.store.write_export(&file_name, &bytes).map_err(|e| {
                    let path = self.store.exports_dir().join(&file_name);
                    format!("{}: {e}", path.display())
                }))
            }
            Effect::Rescan => {
                // This listing is newer than any still being made in the background.
                self.background = None;
                Event::Scanned {
                    listing: Self::scan(&self.store, &self.registry),
                    background: false,
                }
            }
            Effect::Restore { path } => Event::Restored(
                self.store
                    .restore_from_trash(&path)
                    .map_err(|e| e.to_string()),
            ),
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
                return Done::Quiet;
            }
            Effect::GitState => {
                let dir = self.store.data_dir().to_path_buf();
                self.on_git_thread(move || {
                    Some(Event::GitState(
                        crate::git::Repo::at(&dir).map(|r| crate::git::sync::state(&r)),
                    ))
                });
                return Done::Quiet;
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
                return Done::Quiet;
            }
            Effect::Suspend | Effect::OpenEditor(_) | Effect::Clipboard(_) => {
                return Done::Loop(effect);
            }
        }))
    }

    /// Runs a git job that only reads on a thread of its own; what it gives comes back
    /// through [`Runner::poll_git`]. A thread that cannot start runs the job here instead.
    fn on_git_thread(&mut self, job: impl FnOnce() -> Option<Event> + Send + 'static) {
        let tx = self.git_tx.clone();
        let job = Arc::new(std::sync::Mutex::new(Some(job)));
        let on_thread = job.clone();
        let spawned = std::thread::Builder::new()
            .name("xal-git".into())
            .spawn(move || {
                if let Some(job) = on_thread.lock().ok().and_then(|mut j| j.take()) {
                    let _ = tx.send(job());
                }
            });
        if spawned.is_err()
            && let Some(job) = job.lock().ok().and_then(|mut j| j.take())
        {
            let _ = self.git_tx.send(job());
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
        let out = self.git_tx.clone();
        let spawned = std::thread::Builder::new()
            .name("xal-git-writer".into())
            .spawn(move || {
                for job in rx {
                    let _ = out.send(job());
                }
            });
        match spawned {
            Ok(_) => {
                let _ = tx.send(job);
                self.writer = Some(tx);
            }
            Err(_) => {
                let _ = self.git_tx.send(job());
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
            match crate::git::commit_for_interface(store.data_dir()) {
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

    /// Hands the app what git jobs have reported since. True when something arrived.
    pub fn poll_git(&mut self, app: &mut App) -> bool {
        let mut any = false;
        while let Ok(event) = self.git_rx.try_recv() {
            self.git_jobs = self.git_jobs.saturating_sub(1);
            if let Some(event) = event {
                self.dispatch(app, event);
                any = true;
            }
        }
        any
    }

    /// Waits, at most `at_most`, for every git job to report, handing each to the app (tests,
    /// and a quit that must not leave a sync half done).
    pub fn settle_git(&mut self, app: &mut App, at_most: Duration) {
        let end = std::time::Instant::now() + at_most;
        while self.git_jobs > 0 {
            let left = end.saturating_duration_since(std::time::Instant::now());
            match self.git_rx.recv_timeout(left) {
                Ok(event) => {
                    self.git_jobs -= 1;
                    if let Some(event) = event {
                        self.dispatch(app, event);
                    }
                }
                Err(_) => return,
            }
        }
    }

    /// The editor closed on `path` (or could not start): the app reads the file again.
    pub fn edited(&mut self, app: &mut App, path: PathBuf, result: Result<(), String>) {
        self.dispatch(app, Event::Edited { path, result });
    }

    /// Writes the open assessment's changes, if there are any: called right after the frame
    /// that shows them. True when the screen must show something new.
    pub fn save_pending(&mut self, app: &mut App) -> bool {
        let Some(mut job) = app.take_save() else {
            return false;
        };
        let saved = self.store.save(&mut job.loaded, &job.assessment);
        if saved.is_ok() && self.commit_each_save {
            self.commit_saved();
        }
        let status = app.status.clone();
        let popup = app.popup.is_some();
        self.dispatch(app, Event::Saved(saved.map(|()| job.loaded)));
        app.status != status || app.popup.is_some() != popup
    }

    /// Everything typed is kept and written: the program stops now.
    pub fn flush(&mut self, app: &mut App) {
        self.dispatch(app, Event::Flush);
        while app.has_unsaved() {
            self.save_pending(app);
        }
    }

    /// Whether the background check is still running.
    pub fn checking(&self) -> bool {
        self.background.is_some()
    }

    /// Hands over the background check's listing once it is ready. True when it arrived.
    pub fn poll_background(&mut self, app: &mut App) -> bool {
        let Some(rx) = &self.background else {
            return false;
        };
        let listing = match rx.try_recv() {
            Ok(listing) => listing,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("the background scan stopped".to_string()),
        };
        self.background = None;
        if matches!(&listing, Ok(entries) if entries.as_slice() == app.list.entries()) {
            // Nothing changed on disk: the frame on screen is still right.
            app.checking = false;
            return false;
        }
        self.dispatch(
            app,
            Event::Scanned {
                listing,
                background: true,
            },
        );
        true
    }

    /// Lets the background scan finish (it may be writing the index) before the program
    /// ends, waiting at most `at_most`.
    pub fn wait_for_background(&mut self, at_most: Duration) {
        if let Some(rx) = self.background.take() {
            let _ = rx.recv_timeout(at_most);
        }
    }
}
