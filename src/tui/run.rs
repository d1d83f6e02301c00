//! The main loop: draw when something changed, wait for input, hand it to the app, carry out
//! what it asks, and on a signal or a vanished terminal keep what was typed and leave.

use std::path::PathBuf;
use std::time::Duration;

use ratatui::backend::Backend;
use ratatui::layout::Rect;

use super::effects::{After, Runner};
use super::input;
use super::layout;
use super::settings::{self, Flags, Settings};
use super::terminal::{HANGUP_CHECK, Input, Options, StopReason, Tui};
use super::view::View;
use crate::app::{Action, App, Event, Init, Measured, Say};
use crate::ruleset::registry::DEFAULT_RULESET;
use crate::store::Store;

/// What the interface is started with: plain values, read from the command line and the
/// environment by the caller.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    pub data_dir: PathBuf,
    pub config_dir: Option<PathBuf>,
    pub flags: Flags,
    /// LANG/LC_ALL/LC_CTYPE say UTF-8.
    pub utf8_locale: bool,
}

/// The interface, ready to draw: the app, what carries out its writes, and the view.
pub struct Started {
    pub app: App,
    pub runner: Runner,
    pub view: View,
    pub settings: Settings,
}

impl Started {
    /// One key press, handed to the app as the main loop does.
    pub fn press(&mut self, ev: &crossterm::event::KeyEvent) -> super::effects::After {
        match input::event_for(&self.app, &self.view.keymap, ev) {
            Some(event) => self.runner.dispatch(&mut self.app, event),
            None => Default::default(),
        }
    }

    /// Draws one frame on `term` and hands the app what it measured, as the main loop does.
    pub fn draw<B: Backend>(&mut self, term: &mut ratatui::Terminal<B>) -> Result<(), B::Error> {
        loop {
            let (app, view) = (&self.app, &mut self.view);
            let mut m = Measured::default();
            term.draw(|f| m = view.draw(f, app))?;
            self.runner.release_check();
            self.runner.dispatch(&mut self.app, Event::Measured(m));
            if !self.app.take_redraw() {
                return Ok(());
            }
        }
    }

    /// The write the main loop makes right after a frame, and every read and write asked for
    /// before it: sent to the worker and waited for, each outcome handed to the app (in-process
    /// tests; the loop itself never waits). The same as [`Started::settle`].
    pub fn save_pending(&mut self) -> bool {
        self.runner.save_pending(&mut self.app)
    }

    /// Every read and write asked for so far is carried out and its outcome handed to the app,
    /// and so on until nothing is left: a key that opens a file has opened it (in-process
    /// tests and benches; the loop itself never waits, it hands each outcome over as it
    /// comes). True when the screen must show something new.
    pub fn settle(&mut self) -> bool {
        self.runner.save_pending(&mut self.app)
    }

    /// The write the main loop makes right after a frame, sent to the worker without waiting.
    pub fn queue_save(&mut self) {
        self.runner.queue_save(&mut self.app);
    }
}

/// Builds everything the interface starts with, as `xal` does before the first frame.
pub fn start(opts: &StartOptions) -> Started {
    start_with(opts, |_, _| ()).0
}

/// [`start`], with `meanwhile` run once the runner exists and while the index is still being
/// read: what needs neither the listing nor the app (the watcher, the terminal) is done then,
/// not after it.
pub fn start_with<T>(
    opts: &StartOptions,
    meanwhile: impl FnOnce(&mut Runner, &Settings) -> T,
) -> (Started, T) {
    // The index is most of a start with many assessments, and needs nothing of what follows
    // but the rulesets' fingerprint, checked once they are compiled: it is read meanwhile.
    let index = {
        let store = Store::open(&opts.data_dir);
        std::thread::Builder::new()
            .name("xal-index-read".into())
            .spawn(move || store.any_cached_listing())
    };
    let settings = settings::resolve(&opts.flags, opts.config_dir.as_deref());
    let registry = crate::store::load_registry(opts.config_dir.as_deref());
    let store = Store::open(&opts.data_dir).with_answer_order(crate::store::answer_orders(
        registry.entries.iter().map(|e| &*e.ruleset),
    ));
    let mut problems: Vec<Say> = settings
        .problems
        .iter()
        .chain(&registry.problems)
        .map(|d| Say::Problem(d.to_string()))
        .collect();
    let default_ruleset = settings
        .ruleset
        .clone()
        .unwrap_or_else(|| DEFAULT_RULESET.to_string());
    if registry.get(&default_ruleset).is_none() {
        problems.push(Say::UnknownRuleset {
            path: None,
            id: default_ruleset.clone(),
        });
    }
    let pending = store.pending().unwrap_or_else(|e| {
        problems.push(Say::Problem(e.to_string()));
        Default::default()
    });
    let config = opts.config_dir.as_ref().map(crate::store::ConfigDir::open);
    let view = config.as_ref().map(|c| c.view_state()).unwrap_or_default();
    // The language chosen last time with L, unless this run asked for one.
    let lang = match view.lang.as_deref().and_then(crate::text::Lang::parse) {
        Some(l) if !opts.flags.lang_explicit => l,
        _ => settings.lang,
    };
    let mut runner = Runner::new(store, registry.clone()).with_config(config);
    let done_meanwhile = meanwhile(&mut runner, &settings);
    let cached = index.ok().and_then(|h| h.join().ok()).flatten();
    let (listing, checking) = runner.first_listing(cached);
    let (entries, listing_problem) = match listing {
        Ok(e) => (e, None),
        Err(e) => (Vec::new(), Some(Say::Problem(e))),
    };
    let mut app = App::new(Init {
        registry,
        data_dir: opts.data_dir.clone(),
        lang,
        default_ruleset,
        hide_result: runner
            .store
            .train_settings()
            .ok()
            .flatten()
            .is_some_and(|t| t.hide_result),
        trainee: runner.store.train_settings().map_or(true, |t| t.is_some()),
        entries,
        checking,
        sort: Default::default(),
        problems,
        pending,
        view,
        repo: crate::git::Repo::at(&opts.data_dir).is_some(),
    });
    runner.dispatch(&mut app, Event::Started);
    // Said where the status goes, not in a dialog to close at every start: on a server whose
    // locale is C it would be every start.
    if !opts.utf8_locale && app.status.is_none() {
        app.status = Some(Say::NotUtf8Locale);
    }
    if listing_problem.is_some() {
        app.status = listing_problem;
    }
    let view = View::new(settings.theme.clone(), settings.keymap.clone());
    let started = Started {
        app,
        runner,
        view,
        settings,
    };
    (started, done_meanwhile)
}

/// `xal` without a subcommand. The error is the reason there is no interface; after a signal
/// or a hang-up, the exit status to give (128 + the signal, as a shell reports it).
pub fn run(opts: &StartOptions) -> Result<Option<i32>, String> {
    let (
        Started {
            mut app,
            mut runner,
            mut view,
            settings,
        },
        tui,
    ) = start_with(opts, |runner, settings| {
        // What other programs change shows as it happens; without a watcher, after a restart.
        if let Err(why) = runner.watch_data_dir() {
            log(&runner.store, &format!("not watching the data dir: {why}"));
        }
        Tui::start_feeding(
            Options {
                mouse: settings.mouse,
                depth: opts.flags.depth,
            },
            runner.inbox(),
        )
    });
    let mut tui = tui.map_err(|e| {
        format!(
            "the interface needs a terminal ({e}); the headless commands are listed by `xal --help`"
        )
    })?;
    runner.commit_each_save = settings.git_commit == crate::git::CommitWhen::EachSave
        && crate::git::Repo::at(&opts.data_dir).is_some();
    let reason = event_loop(&mut tui, &mut app, &mut runner, &mut view);
    let signal = tui.shutdown().signal();
    drop(tui);
    // A sync stopped half way would leave a merge for the user to finish: after `q` it is
    // let finish (git gives up on an unreachable remote by itself); a hang-up must end
    // within a second, and a merge left in progress is said by the next sync. A commit of
    // the last saves (`git.commit = "each-save"`) takes tens of milliseconds: it is waited
    // for either way, so that git's index lock is not left behind.
    if runner.git_busy() {
        let syncing = app.git.as_ref().is_some_and(|g| g.syncing);
        let wait = match (reason, syncing) {
            (None, true) => {
                eprintln!("xal: letting the sync finish…");
                Duration::from_secs(120)
            }
            (None, false) => Duration::from_secs(5),
            (Some(_), _) => Duration::from_millis(400),
        };
        runner.settle_git(&mut app, wait);
    }
    // Everything is saved; only the index may still be being written. A hang-up must end
    // within a second, so the wait is short.
    runner.wait_for_background(Duration::from_millis(500));
    log(&runner.store, &format!("stopped: {reason:?}"));
    // `git.commit = "on-quit"` (the default in a repository): what was saved is committed,
    // unless the tree is in the middle of something (then it is said in the log, and
    // `xal sync` says what to run).
    if settings.git_commit == crate::git::CommitWhen::OnQuit {
        match crate::words::git::commit_for_interface(&opts.data_dir) {
            Ok(Some(msg)) => log(&runner.store, &format!("committed: {msg}")),
            Ok(None) => {}
            Err(e) => log(&runner.store, &format!("not committed: {e}")),
        }
    }
    Ok(reason.map(|r| exit_status(r, signal)))
}

/// How a stop shows in the exit status: 128 + the signal; a terminal that vanished without
/// a signal counts as a hang-up.
pub fn exit_status(reason: StopReason, signal: Option<i32>) -> i32 {
    match (reason, signal) {
        (_, Some(sig)) => 128 + sig,
        (StopReason::HangUp, None) => 128 + signal_hook::consts::SIGHUP,
        (StopReason::Terminate, None) => 128 + signal_hook::consts::SIGTERM,
    }
}

/// Runs until quit, a signal or a hang-up; returns why it stopped.
///
/// One channel feeds it: keys, pastes, the mouse and signals (from `tui`, started with
/// [`Tui::start_feeding`] on [`Runner::inbox`]), and what the runner's threads report (the
/// worker's writes, the background scan, git). It blocks on that channel, hands each thing to
/// the app, draws, and sends the writes asked for to the worker; it never waits for a disk.
pub fn event_loop<B: Backend>(
    tui: &mut Tui<B>,
    app: &mut App,
    runner: &mut Runner,
    view: &mut View,
) -> Option<StopReason> {
    tell_size(tui, runner, app);
    let mut dirty = true;
    let mut measured = Measured::default();
    loop {
        if dirty {
            let mut m = Measured::default();
            if let Err(reason) = tui.draw(|f| m = view.draw(f, app)) {
                runner.flush(app);
                return Some(reason);
            }
            runner.release_check();
            dirty = false;
            // Scroll positions stay inside what the frame had to show.
            if m != measured {
                measured = m;
                runner.dispatch(app, Event::Measured(m));
                if app.take_redraw() {
                    dirty = true;
                    continue;
                }
            }
        }
        // The frame is out: its changes go to the worker, and their outcome comes back here.
        runner.queue_save(app);
        // A report of the runner's threads is handed over even when a stop is asked for:
        // the stop comes next turn, and the flush then waits for nothing that was dropped.
        let input = match runner.recv(HANGUP_CHECK) {
            Some(Input::Outcome(o)) => Input::Outcome(o),
            other => tui.accept(other),
        };
        match input {
            Input::Outcome(o) => {
                if let Some(after) = runner.deliver(app, o) {
                    carry_out(tui, app, runner, after);
                    dirty = true;
                }
            }
            Input::Key(ev) => {
                panic_if_asked();
                if let Some(event) = input::event_for(app, &view.keymap, &ev) {
                    let after = runner.dispatch(app, event);
                    carry_out(tui, app, runner, after);
                }
                dirty = true;
            }
            Input::Paste(text) => {
                if input::typing(app) {
                    runner.dispatch(app, Event::Text(text));
                }
                dirty = true;
            }
            Input::Redraw | Input::Resumed => {
                tui.redraw_all();
                tell_size(tui, runner, app);
                dirty = true;
            }
            Input::Mouse(ev) => {
                let size = tui.size();
                if let Some(event) = mouse(app, &ev, Rect::new(0, 0, size.width, size.height)) {
                    runner.dispatch(app, event);
                    dirty = true;
                }
            }
            Input::Tick => {}
            Input::Stop(reason) => {
                runner.flush(app);
                return Some(reason);
            }
        }
        if app.quit {
            runner.flush(app);
            return None;
        }
    }
}

/// What only the loop can do for the app: it owns the terminal.
fn carry_out<B: Backend>(tui: &mut Tui<B>, app: &mut App, runner: &mut Runner, after: After) {
    if after.suspend {
        let _ = tui.suspend();
    }
    if let Some(text) = &after.clipboard {
        tui.copy_to_clipboard(text);
    }
    if let Some(path) = after.editor {
        // The editor sees the file as the screen shows it: every write is waited for.
        runner.save_pending(app);
        // An editor follows links: a linked file is refused before it runs.
        let result = match runner.store.editable(&path) {
            Err(e) => Err(e.to_string()),
            Ok(()) => tui
                .run_outside(|| edit_file(&path))
                .map_err(|e| e.to_string())
                .and_then(|r| r),
        };
        let after = runner.edited(app, path, result);
        // Whatever the editor's outcome asks of the terminal, once (no second editor).
        if after.suspend {
            let _ = tui.suspend();
        }
        if let Some(text) = &after.clipboard {
            tui.copy_to_clipboard(text);
        }
    }
}

/// The app learns the screen's size (a dialog's text wraps at the width it will be drawn).
fn tell_size<B: Backend>(tui: &Tui<B>, runner: &mut Runner, app: &mut App) {
    let size = tui.size();
    runner.dispatch(
        app,
        Event::Resize {
            width: size.width,
            height: size.height,
        },
    );
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on `path` and waits for it.
fn edit_file(path: &std::path::Path) -> Result<(), String> {
    let command = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|c| !c.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    // `code -w` and the like: the program, then its own arguments.
    let mut words = command.split_whitespace();
    let program = words.next().unwrap_or("vi");
    std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .map_err(|e| format!("{program}: {e}"))
        .map(|_| ())
}

/// Test hook: with `XAL_TEST_PANIC=1` in the environment the first key panics, so that
/// tests/tui_e2e.rs can check that a panic of the real program gives the terminal back.
fn panic_if_asked() {
    static ASKED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ASKED.get_or_init(|| std::env::var_os("XAL_TEST_PANIC").is_some_and(|v| v == "1")) {
        panic!("XAL_TEST_PANIC=1: panicking on a key, as asked");
    }
}

/// The mouse (only with `--mouse`): the wheel moves like `j`/`k`, a click focuses a pane.
fn mouse(app: &App, ev: &crossterm::event::MouseEvent, screen: Rect) -> Option<Event> {
    use crossterm::event::{MouseButton, MouseEventKind};
    if app.popup.is_some() {
        return None;
    }
    match ev.kind {
        MouseEventKind::ScrollDown => Some(Event::Action(Action::Down)),
        MouseEventKind::ScrollUp => Some(Event::Action(Action::Up)),
        MouseEventKind::Down(MouseButton::Left) => layout::areas(app, screen)
            .pane_at(ev.column, ev.row)
            .map(Event::Focus),
        _ => None,
    }
}

/// A line in `<data dir>/xal.log`: the screen belongs to the interface, and a log that
/// cannot be written is no reason to fail.
fn log(store: &Store, line: &str) {
    let _ = store.append_log(line);
}
