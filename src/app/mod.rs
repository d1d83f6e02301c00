//! The interface's model: the list of assessments, the one open in the wizard, the dialog on
//! top, and what every action does to them. No terminal, no drawing, no file, no thread, no
//! clock: events come in ([`Event`]), writes go out ([`Effect`]) for the main loop to carry out
//! through the store, and the view draws [`App`] as it is.
//!
//! Driving it without a terminal:
//!
//! ```no_run
//! # fn demo(init: xal::app::Init) {
//! use xal::app::{Action, App, Env, Event};
//! let mut app = App::new(init);
//! let env = Env { now: xal::clock::now() };
//! let effects = app.handle(Event::Action(Action::New), &env);
//! assert!(effects.is_empty(), "opening the form writes nothing");
//! # }
//! ```

pub mod action;
pub mod approval;
pub mod conflicts;
pub mod event;
pub mod git;
pub mod history;
pub mod list;
mod live;
pub mod load;
mod panes;
pub mod popup;
pub mod preview;
pub mod query;
pub mod say;
pub mod scroll;
pub mod session;
pub mod text_input;
pub mod wizard;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

pub use action::{Action, Context};
pub use event::{Effect, Env, Event, Measured, SaveJob};
pub use list::{List, Sort};
pub use load::Purpose;
pub use popup::Popup;
pub use say::{Say, Title};
pub use scroll::Scroll;

use crate::catalog::{self, Drift};
use popup::message::Message;
use session::{Doc, Session};

use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::{Assessment, LoadError, Loaded, SaveError, ScanEntry, Summary};
use crate::text::Lang;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Pane {
    #[default]
    List,
    Wizard,
    Result,
}

/// The assessment open in the wizard.
#[derive(Debug)]
pub struct Open {
    pub loaded: Loaded,
    pub session: Session,
    pub drift: Option<Drift>,
    /// The sign-off that held on the file when it was opened, until the user agrees to void
    /// it: the first change that would void it asks first ([`App::mark_changed`]).
    pub approval: Option<approval::Holding>,
}

/// What the app starts from.
#[derive(Debug, Default)]
pub struct Init {
    pub registry: Registry,
    /// Shown in the header.
    pub data_dir: PathBuf,
    pub lang: Lang,
    /// The ruleset a new assessment uses unless the user picks another.
    pub default_ruleset: String,
    /// Trainer mode: the result stays hidden until the trainer's `xal train reveal`.
    pub hide_result: bool,
    /// A trainee's data dir (`train.toml`, or one that cannot be read): scenarios' briefs are
    /// read-only.
    pub trainee: bool,
    /// The first listing (perhaps the quick one from the index).
    pub entries: Vec<ScanEntry>,
    /// A full scan is on its way and will arrive as [`Event::Scanned`].
    pub checking: bool,
    pub sort: Sort,
    /// Problems to show before anything else (settings, rulesets, the locale).
    pub problems: Vec<Say>,
    /// What the last run left: a form being typed, changes kept as a copy.
    pub pending: crate::store::Pending,
    /// How the last run's view was left: sort, filter, focus, the assessment open.
    pub view: crate::store::ViewState,
    /// The data dir is a git repository (then sync, ahead/behind and history are offered).
    pub repo: bool,
}

pub struct App {
    pub registry: Registry,
    pub data_dir: PathBuf,
    pub lang: Lang,
    pub default_ruleset: String,
    pub hide_result: bool,
    pub trainee: bool,
    pub focus: Pane,
    pub list: List,
    pub open: Option<Open>,
    pub popup: Option<Popup>,
    /// A quiet word in the header: "saved", "nothing to undo", …
    pub status: Option<Say>,
    pub result_scroll: Scroll,
    pub quit: bool,
    /// Columns and rows of the screen.
    pub viewport: (u16, u16),
    /// The background scan has not reported yet.
    pub checking: bool,
    /// The data dir as a git repository; `None` when it is not one.
    pub git: Option<git::GitView>,
    /// The open assessment as it will be written, until the loop takes it after the frame.
    unsaved: Option<Assessment>,
    /// Counts the changes to the open assessment: each [`App::mark_changed`] is one more.
    edits: u64,
    /// The change the save under way writes (handed to the loop by [`App::take_save`]).
    saving: Option<u64>,
    /// The change the last save that succeeded wrote: the header's "saved" is about it
    /// only ([`App::header_status`]).
    saved: Option<u64>,
    /// Dialogs waiting for the one on top to close.
    queued: Vec<Popup>,
    /// The open assessment as the event being handled found it, while a sign-off holds on it.
    before: Option<approval::Before>,
    /// A change that would void a sign-off, waiting for the user's yes.
    held: Option<approval::Held>,
    /// The highlighted assessment, when it is not the open one.
    preview: Option<preview::Preview>,
    /// The preview asked for and not come yet ([`load::Purpose::Preview`]).
    preview_wanted: Option<load::Purpose>,
    /// The list's revision the preview was last checked against (it is still listed).
    preview_checked: u64,
    /// The file (or the trash's listing) the user asked for and waits for.
    awaiting: Option<load::Awaited>,
    /// Keys typed while `awaiting`, for what it opens ([`App::handle`]).
    typed_ahead: std::collections::VecDeque<Event>,
    /// What the next start must offer; written whenever it changes.
    pending: crate::store::Pending,
    /// The program is stopping: nothing may wait for an answer from the user any more.
    stopping: bool,
    /// What the screen shows is out of date though no input came (see `take_redraw`).
    redraw: bool,
    /// The view as last remembered for the next start.
    remembered: crate::store::ViewState,
    effects: Vec<Effect>,
    now: DateTime<FixedOffset>,
    /// The last assessment moved to the trash from the list (where it lies there): `u` in
    /// the list brings it back.
    last_trashed: Option<PathBuf>,
}

impl App {
    pub fn new(init: Init) -> App {
        let sort = init
            .view
            .sort
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(init.sort);
        let mut list = List::new(init.entries, sort, &init.registry)
            .hiding_levels(init.hide_result, &init.registry);
        if !init.view.filter.is_empty() {
            let filter = init.view.filter.clone();
            list.edit_filter(&init.registry, |f| f.set_text(&filter));
        }
        let popup = (!init.problems.is_empty())
            .then(|| Popup::Message(Message::new(Title::SettingsProblems, init.problems)));
        App {
            queued: Vec::new(),
            before: None,
            held: None,
            preview: None,
            preview_wanted: None,
            preview_checked: 0,
            awaiting: None,
            typed_ahead: Default::default(),
            pending: init.pending,
            stopping: false,
            redraw: false,
            remembered: init.view,
            registry: init.registry,
            data_dir: init.data_dir,
            lang: init.lang,
            default_ruleset: init.default_ruleset,
            hide_result: init.hide_result,
            trainee: init.trainee,
            focus: Pane::List,
            list,
            open: None,
            popup,
            status: None,
            result_scroll: Scroll::default(),
            quit: false,
            viewport: (80, 24),
            checking: init.checking,
            git: init.repo.then(git::GitView::default),
            unsaved: None,
            edits: 0,
            saving: None,
            saved: None,
            effects: Vec::new(),
            now: DateTime::default(),
            last_trashed: None,
        }
    }

    /// Handles one event; returns the writes it asks for, in order.
    pub fn handle(&mut self, event: Event, env: &Env) -> Vec<Effect> {
        self.now = env.now;
        // Keys typed while a file the user asked for is being read are meant for what it
        // opens (the wizard, a dialog): they wait for it, then go there in order, as they did
        // when reads were immediate. Quitting never waits.
        let typed = matches!(event, Event::Action(_) | Event::Text(_) | Event::Focus(_))
            && !matches!(event, Event::Action(Action::Quit | Action::Suspend));
        if typed && (self.awaiting.is_some() || !self.typed_ahead.is_empty()) {
            self.typed_ahead.push_back(event);
            return std::mem::take(&mut self.effects);
        }
        self.apply(event);
        while self.awaiting.is_none()
            && let Some(next) = self.typed_ahead.pop_front()
        {
            self.apply(next);
        }
        std::mem::take(&mut self.effects)
    }

    /// One event, its effects added to `self.effects`.
    fn apply(&mut self, event: Event) {
        // While a sign-off holds, what the open assessment was before the event: a change that
        // would void the sign-off goes back to it while the user is asked.
        if !matches!(event, Event::Measured(_)) {
            self.before = self
                .open
                .as_ref()
                .filter(|o| o.approval.is_some())
                .map(approval::Before::of);
        }
        match event {
            Event::Action(Action::Statement)
                if self.popup.is_none()
                    && !self.list.filtering
                    && matches!(self.focus, Pane::Wizard | Pane::Result) =>
            {
                self.statement_action()
            }
            Event::Action(a) => self.on_action(a),
            Event::Text(t) => self.on_text(&t),
            Event::Say(say) => self.status = Some(say),
            Event::Focus(pane) => {
                if self.popup.is_none() && (pane == Pane::List || self.open.is_some()) {
                    self.focus = pane;
                }
            }
            Event::Resize { width, height } => {
                self.viewport = (width, height);
                self.popup_resized();
            }
            Event::Measured(m) => {
                let before = (self.result_scroll.offset(), self.popup_scroll());
                if let Some((content, view)) = m.result {
                    self.result_scroll.measure(content, view);
                }
                self.popup_measured(&m);
                // Ctrl-d past the end of the help: the offset comes back to its last page, so
                // Ctrl-u moves at once.
                if let (Some((lines, room)), Some(o)) = (m.help, self.open.as_mut()) {
                    let last = lines.saturating_sub(room);
                    o.session.cursor.help = o.session.cursor.help.min(last);
                }
                // An offset the frame did not show (a dialog placed at its section, a scroll
                // pulled back inside shorter content) needs another frame. The result pane's
                // length alone does not: the frame drew it (and a preview changes it at every
                // step of the highlight, which would draw every frame twice).
                self.redraw |= before != (self.result_scroll.offset(), self.popup_scroll());
            }
            Event::Scanned {
                listing,
                background,
            } => self.on_scanned(listing, background),
            Event::Saved(r) => self.on_saved(r),
            Event::Created(r) | Event::SavedOther(r) => self.on_form_written(r),
            Event::CopySaved(r) => self.on_copy_saved(r),
            Event::Trashed { path, result } => self.on_trashed(&path, result),
            Event::Exported(r) => self.on_exported(r),
            Event::Restored(r) => self.on_restored(r),
            Event::Loaded {
                id,
                purpose,
                result,
            } => self.on_loaded(id, purpose, result),
            Event::TrashListed(listing) => self.on_trash_listed(listing),
            Event::Edited { path, result } => self.on_edited(&path, result),
            Event::Started => self.on_started(),
            Event::GitState(state) => self.on_git_state(state),
            Event::History { id, entries } => self.on_history(id, entries),
            Event::Synced(r) => self.on_synced(*r),
            Event::Committed => self.on_committed(),
            Event::DiskChanged(paths) => self.on_disk_changed(&paths),
            Event::Flush => self.flush(),
        }
        self.before = None;
        self.sync_preview();
        self.remember_view();
    }

    // ----- what the view asks --------------------------------------------------------------

    /// The ruleset shown in the header: the open assessment's, else the default one.
    pub fn header_ruleset(&self) -> Option<&Arc<Ruleset>> {
        match &self.open {
            Some(o) => Some(&o.session.ruleset),
            None => self.registry.get(&self.default_ruleset),
        }
    }

    /// Whether the result must stay hidden (trainer mode, until `xal train reveal`): no
    /// level, reason, ★ or what-if for the trainee, complete or not.
    pub fn result_hidden(&self) -> bool {
        self.hide_result
    }

    /// When [`App::result_hidden`], the dialog that refuses what would show a level (a report,
    /// a comparison, the what-if planner), in `xal export`'s words; shown in its place.
    pub(crate) fn refusal_if_hidden(&self, title: say::Title, what: &'static str) -> Option<Popup> {
        self.result_hidden()
            .then(|| Popup::Message(Message::new(title, vec![Say::ResultHidden(what)])))
    }

    pub fn open_id(&self) -> Option<&str> {
        self.open.as_ref().map(|o| o.loaded.assessment.id.as_str())
    }

    /// Whether something changed that the last frame does not show yet.
    pub fn take_redraw(&mut self) -> bool {
        std::mem::take(&mut self.redraw)
    }

    /// Whether changes wait to be written.
    pub fn has_unsaved(&self) -> bool {
        self.unsaved.is_some()
    }

    /// The word the header shows. "saved" only while it confirms the change shown: the last
    /// change made is the one the last save wrote, and nothing waits to be written. A frame
    /// drawn between a change and its save (the moment a kill can take) shows no "saved".
    pub fn header_status(&self) -> Option<&Say> {
        match &self.status {
            Some(Say::Saved) if !self.saved_is_current() => None,
            s => s.as_ref(),
        }
    }

    fn saved_is_current(&self) -> bool {
        self.unsaved.is_none() && self.saving.is_none() && self.saved == Some(self.edits)
    }

    // ----- the open assessment and its saves -----------------------------------------------

    /// The open assessment's changes for the loop to write (after the frame that shows them);
    /// the outcome comes back as [`Event::Saved`].
    pub fn take_save(&mut self) -> Option<SaveJob> {
        let assessment = self.unsaved.take()?;
        let loaded = self.open.as_ref()?.loaded.clone();
        self.saving = Some(self.edits);
        Some(SaveJob { loaded, assessment })
    }

    /// The assessment as it would be saved now.
    /// The day the last event happened, for marks that depend on the date (a review due).
    pub fn today(&self) -> chrono::NaiveDate {
        self.now.date_naive()
    }

    fn current_assessment(open: &Open, now: DateTime<FixedOffset>) -> Assessment {
        let mut a = open.loaded.assessment.clone();
        a.answers = open.session.doc.answers.clone();
        a.notes = open.session.doc.notes.clone();
        a.conflicts = conflicts::standing(open);
        let s = &open.session;
        catalog::stamp_evaluated(&mut a, &s.ruleset, &s.eval, now);
        a
    }

    /// The open assessment changed: the list shows it at once, and the loop writes it right
    /// after the frame ([`App::take_save`]). Every change to it comes here: the first one that
    /// would void a sign-off that holds is taken back and waits for the user's yes instead
    /// (then this returns false).
    pub fn mark_changed(&mut self) -> bool {
        if self.hold_if_voiding() {
            return false;
        }
        let Some(open) = self.open.as_ref() else {
            return false;
        };
        let a = Self::current_assessment(open, self.now);
        // Just stamped with the session's evaluation: its `[result]` is the engine's.
        let summary = Summary {
            path: open.loaded.path.clone(),
            ..catalog::summarize(&self.registry, &a)
        };
        self.list.replace(summary, &self.registry);
        self.unsaved = Some(a);
        self.edits += 1;
        // An edit since: `u` is the edit's now, not the delete's.
        self.last_trashed = None;
        // A "saved" said of an earlier change is not said of this one.
        if self.status == Some(Say::Saved) {
            self.status = None;
        }
        true
    }

    /// Whether the change just made voids a sign-off that holds, and the user has not agreed
    /// to that yet: then the open assessment goes back to what it was before the event, the
    /// change is held, and a dialog asks. When the program is stopping nobody is left to
    /// ask: the change goes to a copy, and the file keeps its sign-off.
    fn hold_if_voiding(&mut self) -> bool {
        let Some(open) = self.open.as_ref() else {
            return false;
        };
        let Some(holding) = open.approval.clone() else {
            return false;
        };
        let content = approval::content(open);
        if approval::holding(&open.loaded.assessment.signoffs, &content).is_some() {
            return false;
        }
        if self.stopping {
            self.keep_open_as_copy();
            return true;
        }
        let Some(before) = self.before.take() else {
            // Every event takes what it found; without it nothing can be taken back.
            debug_assert!(false, "a change outside an event");
            return false;
        };
        let Some(open) = self.open.as_mut() else {
            return false;
        };
        let after = approval::Before {
            session: std::mem::replace(&mut open.session, before.session),
            service: std::mem::replace(&mut open.loaded.assessment.service, before.service),
        };
        self.held = Some(approval::Held {
            after,
            status: self.status.take(),
        });
        self.popup = Some(Popup::Confirm(popup::confirm::Confirm {
            about: popup::confirm::About::VoidApproval(holding),
        }));
        true
    }

    /// The user said yes: the change held is made, and later changes to this assessment do
    /// not ask again.
    pub(crate) fn apply_held(&mut self) {
        let Some(held) = self.held.take() else { return };
        let Some(open) = self.open.as_mut() else {
            return;
        };
        open.approval = None;
        let was_complete = open.session.eval.complete();
        open.session = held.after.session;
        open.loaded.assessment.service = held.after.service;
        self.status = held.status;
        self.mark_changed();
        self.open_done_if_completed(was_complete);
    }

    /// The last answer asked for was just given: the end summary, with what came of it and
    /// what next.
    fn open_done_if_completed(&mut self, was_complete: bool) {
        let complete = self
            .open
            .as_ref()
            .is_some_and(|o| o.session.eval.complete());
        if complete && !was_complete {
            self.popup = Some(popup::done::open(self));
        }
    }

    /// The user said no: the change held is dropped, the file stays as it is.
    pub(crate) fn drop_held(&mut self) {
        self.held = None;
    }

    /// The open assessment's row shows its state in memory (or, with nothing pending, its
    /// file's), whatever a scan said.
    fn refresh_open_entry(&mut self) {
        let Some(open) = &self.open else {
            return;
        };
        let a = self.unsaved.as_ref().unwrap_or(&open.loaded.assessment);
        let mut summary = catalog::summarize(&self.registry, a);
        summary.path = open.loaded.path.clone();
        self.list.replace(summary, &self.registry);
    }

    fn on_saved(&mut self, r: Result<Loaded, SaveError>) {
        let wrote = self.saving.take();
        match r {
            Ok(loaded) => {
                self.saved = wrote;
                if let Some(o) = self.open.as_mut()
                    && o.loaded.path == loaded.path
                {
                    o.loaded = loaded;
                }
                // A word an action left ("copied …") outlives the "saved".
                if self.status.is_none() {
                    self.status = Some(Say::Saved);
                }
            }
            Err(SaveError::Conflict { .. }) if self.stopping => {
                // Nobody is left to ask: the changes go to a copy, and the next start says so.
                self.keep_open_as_copy();
            }
            Err(e) => {
                // The list shows what the file holds, not the changes that were not written.
                self.refresh_open_entry();
                self.popup = Some(match e {
                    SaveError::Conflict { .. } => self.conflict(),
                    e => Popup::Message(Message::new(
                        Title::SaveFailed,
                        vec![Say::Problem(e.to_string())],
                    )),
                });
            }
        }
    }

    pub(crate) fn set_note(&mut self, text: String) {
        if let Some(o) = self.open.as_mut()
            && o.session.set_note(text)
        {
            self.mark_changed();
        }
    }

    /// Changes the acceptance statement of the group being answered as one undoable edit
    /// named `what` (see [`Session::edit_statement`]); saved like an answer, and held like one
    /// while a sign-off holds. Returns whether anything changed.
    pub(crate) fn edit_statement(
        &mut self,
        what: &str,
        change: impl FnOnce(&mut crate::answers::Tailoring),
    ) -> bool {
        let changed = self
            .open
            .as_mut()
            .is_some_and(|o| o.session.edit_statement(what, change));
        if changed {
            self.mark_changed();
        }
        changed
    }

    /// `D` in the wizard or the result pane: the group's acceptance statement.
    fn statement_action(&mut self) {
        if self.status != Some(Say::Saved) {
            self.status = None;
        }
        self.offer(popup::statement::open(self));
    }

    /// Everything not yet handed to the loop is made ready to write: the program must stop
    /// (quit, a hang-up, SIGTERM), and nothing typed may be lost. A note, a group name or a
    /// field of the acceptance statement being typed is kept as if confirmed; a form with a
    /// name is saved, one without is kept as a draft the next start offers back; changes
    /// waiting on a conflict go to a copy.
    fn flush(&mut self) {
        self.stopping = true;
        match self.popup.take() {
            Some(Popup::Note(p)) => self.set_note(p.field.text().to_string()),
            Some(Popup::Statement(p)) => {
                let asks = popup::statement::flush(self, p);
                self.grant_all(asks.into_iter().collect());
            }
            Some(Popup::GroupName(p)) => self.name_group(p.field.text(), p.rename),
            Some(Popup::Form(f)) if f.has_name() => {
                let reply = popup::form::submit(self, f);
                self.grant_all(reply.asks);
                if let Some(still) = reply.next {
                    self.popup = Some(still);
                }
            }
            Some(Popup::Form(f)) => {
                if f.has_text() {
                    self.pending.form = Some(f.to_draft(&self.registry));
                    self.effects
                        .push(Effect::WritePending(self.pending.clone()));
                }
            }
            Some(Popup::Conflict(_)) => self.keep_open_as_copy(),
            // A change waiting for a yes to void a sign-off: kept as a copy, the file as it is.
            Some(Popup::Confirm(c))
                if matches!(c.about, popup::confirm::About::VoidApproval(_)) =>
            {
                if let Some(held) = self.held.take()
                    && let Some(open) = self.open.as_mut()
                {
                    open.session = held.after.session;
                    open.loaded.assessment.service = held.after.service;
                    self.keep_open_as_copy();
                }
            }
            other => self.popup = other,
        }
    }

    /// What the last run left is shown: changes it kept as a copy, then the form it was
    /// typing. The copies are told once; the form stays offered until it is saved or dropped.
    fn on_started(&mut self) {
        if self.git.is_some() {
            self.effects.push(Effect::GitState);
        }
        // Back where the last run was left: the assessment open (when it has been read), the
        // pane in focus.
        if let Some(id) = self.remembered.open.clone()
            && self.list.select_id(&id)
        {
            let focus = match self.remembered.focus.as_deref() {
                Some("result") => Pane::Result,
                Some("wizard") => Pane::Wizard,
                _ => Pane::List,
            };
            self.open_by_id(&id, Some(focus));
        }
        let kept = std::mem::take(&mut self.pending.kept_copies);
        if !kept.is_empty() {
            let lines = kept
                .into_iter()
                .map(|k| Say::KeptCopy {
                    service: k.service,
                    copy: k.copy,
                })
                .collect();
            self.show(Popup::Message(Message::new(Title::KeptCopies, lines)));
            self.effects
                .push(Effect::WritePending(self.pending.clone()));
        }
        let form =
            self.pending.form.as_ref().and_then(|d| {
                popup::form::Form::from_draft(d, &self.registry, &self.default_ruleset)
            });
        if let Some(form) = form {
            self.show(Popup::Form(Box::new(form)));
            self.status = Some(Say::DraftRestored);
        }
    }

    /// The view as the next start should find it; written when it changes (not while the
    /// filter is being typed, letter by letter).
    fn remember_view(&mut self) {
        if self.list.filtering {
            return;
        }
        // Nor while a file to open is being read: the view is between two states (at start,
        // the one the last run left, on its way back).
        if matches!(
            &self.awaiting,
            Some(load::Awaited::File {
                purpose: load::Purpose::Open { .. },
                ..
            })
        ) {
            return;
        }
        let now = crate::store::ViewState {
            lang: Some(self.lang.code().to_string()),
            sort: Some(<&str>::from(self.list.sort()).to_string()),
            filter: self.list.filter().text().to_string(),
            focus: Some(
                match self.focus {
                    Pane::List => "list",
                    Pane::Wizard => "wizard",
                    Pane::Result => "result",
                }
                .to_string(),
            ),
            open: self.open_id().map(str::to_string),
        };
        if now != self.remembered {
            self.remembered = now.clone();
            self.effects.push(Effect::RememberView(now));
        }
    }

    /// Shows a dialog now, or when the one on top closes.
    fn show(&mut self, popup: Popup) {
        if self.popup.is_none() {
            self.popup = Some(popup);
        } else {
            self.queued.push(popup);
        }
    }

    /// The form's draft is no longer needed (the form was saved or dropped).
    pub(crate) fn forget_form_draft(&mut self) {
        if self.pending.form.take().is_some() {
            self.effects
                .push(Effect::WritePending(self.pending.clone()));
        }
    }

    fn on_edited(&mut self, path: &std::path::Path, r: Result<(), String>) {
        if let Err(e) = r {
            self.status = Some(Say::NoEditor(e));
            return;
        }
        // The file may say anything now: it is read and checked again like any other.
        if self.open.as_ref().is_some_and(|o| o.loaded.path == path) {
            self.reload_open(None);
        }
        self.effects.push(Effect::Rescan);
    }

    /// Opens the highlighted entry: a broken file shows its problem and is never opened.
    fn open_selected(&mut self) {
        match self.list.selected_entry().cloned() {
            Some(ScanEntry::Broken { diagnostic, .. }) => {
                self.popup = Some(Popup::Message(Message::new(
                    Title::File(diagnostic.file.clone()),
                    vec![Say::Problem(diagnostic.to_string())],
                )));
            }
            Some(ScanEntry::Ok(s)) => self.open_by_id(&s.id, None),
            None => {}
        }
    }

    /// Asks for the file; it opens when it has been read ([`App::opened`]), then the focus
    /// goes to `focus` (else the wizard).
    fn open_by_id(&mut self, id: &str, focus: Option<Pane>) {
        self.load(id, load::Purpose::Open { focus });
    }

    /// The file asked for by [`App::open_by_id`] has been read.
    fn opened(&mut self, id: &str, r: Result<Loaded, LoadError>, focus: Option<Pane>) {
        match r {
            Ok(loaded) => {
                self.open_loaded(loaded);
                if let Some(focus) = focus
                    && self.open_id() == Some(id)
                {
                    self.focus = focus;
                }
            }
            Err(e) => self.open_failed(e),
        }
    }

    /// A file that could not be opened: a broken one shows its problem (and the list is made
    /// again), anything else is said in the header.
    fn open_failed(&mut self, e: LoadError) {
        match e {
            LoadError::Broken(d) => {
                self.popup = Some(Popup::Message(Message::new(
                    Title::File(d.file.clone()),
                    vec![Say::Problem(d.to_string())],
                )));
                self.effects.push(Effect::Rescan);
            }
            e => self.status = Some(Say::Problem(e.to_string())),
        }
    }

    fn open_loaded(&mut self, loaded: Loaded) {
        let a = &loaded.assessment;
        let Some(rs) = self.registry.get(&a.ruleset.id).cloned() else {
            self.popup = Some(Popup::Message(Message::new(
                Title::File(loaded.path.clone()),
                vec![Say::UnknownRuleset {
                    path: Some(loaded.path.clone()),
                    id: a.ruleset.id.clone(),
                }],
            )));
            return;
        };
        let doc = Doc {
            answers: a.answers.clone(),
            notes: a.notes.clone(),
        };
        let session = Session::new(rs.clone(), doc);
        let drift = catalog::drift(&rs, a, &session.eval);
        let content = crate::record::Record::of(a, &rs, &session.eval).content_sha256();
        let approval = approval::holding(&a.signoffs, &content);
        // A change held for another opening of it is no longer asked about.
        self.held = None;
        if let Some(Popup::Confirm(c)) = &self.popup
            && matches!(c.about, popup::confirm::About::VoidApproval(_))
        {
            self.popup = None;
        }
        // The levels it changed are the levels: not said while the result is hidden.
        if let Some(d) = drift.as_ref().filter(|_| !self.result_hidden()) {
            self.status = Some(Say::RulesetChanged {
                ruleset: rs.id.clone(),
                recorded: d.recorded_version.clone(),
                current: d.current_version.clone(),
                changes: d.changes_shown(&rs, self.lang),
            });
        }
        let path = loaded.path.clone();
        // Who last changed each answer, read once in the background; and whether commits
        // came from elsewhere since (then it is read again).
        self.want_history(&a.id.clone());
        self.check_git_state();
        self.open = Some(Open {
            loaded,
            session,
            drift,
            approval,
        });
        self.list.select_path(&path);
        self.focus = Pane::Wizard;
        self.result_scroll.to_top();
    }

    /// The conflict's "reload": the file as it is on disk replaces what was changed here.
    /// Nothing of those changes is written meanwhile; the panes show them until the file
    /// comes ([`App::reloaded`]), then the focus goes to `focus` (else the wizard).
    fn reload_open(&mut self, focus: Option<Pane>) {
        let Some(id) = self.open_id().map(str::to_string) else {
            return;
        };
        self.unsaved = None;
        self.load(&id, load::Purpose::Reload { focus });
    }

    fn reloaded(&mut self, id: &str, r: Result<Loaded, LoadError>, focus: Option<Pane>) {
        match r {
            Ok(loaded) => {
                let mut summary = catalog::summarize(&self.registry, &loaded.assessment);
                summary.path = loaded.path.clone();
                self.list.replace(summary, &self.registry);
                self.open = None;
                self.unsaved = None;
                self.opened(id, Ok(loaded), focus);
            }
            Err(e) => {
                // Gone or broken: nothing is open, and the list is made again.
                self.open = None;
                self.unsaved = None;
                self.focus = Pane::List;
                self.effects.push(Effect::Rescan);
                self.open_failed(e);
            }
        }
    }

    /// The conflict dialog, at once; what differs between the open assessment in memory and
    /// its file on disk fills it when the file has been read.
    fn conflict(&mut self) -> Popup {
        if let Some(id) = self.open_id().map(str::to_string) {
            self.effects.push(Effect::Load {
                id,
                purpose: load::Purpose::Conflict,
            });
        }
        Popup::Conflict(popup::conflict::Conflict::default())
    }

    fn on_conflict_loaded(&mut self, id: &str, r: Result<Loaded, LoadError>) {
        let Ok(theirs) = r else { return };
        let Some(open) = self.open.as_ref().filter(|o| o.loaded.assessment.id == id) else {
            return;
        };
        let mine = Self::current_assessment(open, self.now);
        if let Some(Popup::Conflict(c)) = self.popup.as_mut() {
            c.differences = popup::conflict::differences(&mine, &theirs.assessment);
        }
    }

    /// The conflict's "overwrite" (after a second yes): mine is written over the file as it
    /// is on disk when it has been read ([`App::overwrite_with`]).
    fn overwrite_open(&mut self) {
        if let Some(id) = self.open_id().map(str::to_string) {
            self.load(&id, load::Purpose::Overwrite);
        }
    }

    fn overwrite_with(&mut self, id: &str, r: Result<Loaded, LoadError>) {
        let Some(open) = self.open.as_ref().filter(|o| o.loaded.assessment.id == id) else {
            return;
        };
        match r {
            Ok(theirs) => {
                let mine = Self::current_assessment(open, self.now);
                self.unsaved = None;
                self.effects.push(Effect::Save {
                    loaded: Box::new(theirs),
                    assessment: Box::new(mine),
                });
            }
            Err(e) => self.status = Some(Say::Problem(e.to_string())),
        }
    }

    /// The conflict's "keep mine": the changes go to a new file, named so the list tells
    /// the two apart; the other one is left as it is.
    fn keep_open_as_copy(&mut self) {
        let Some(open) = &self.open else { return };
        self.unsaved = None;
        let mut assessment = Self::current_assessment(open, self.now);
        assessment.service.name = format!(
            "{} {}",
            assessment.service.name,
            crate::text::my_copy(self.lang)
        );
        self.effects.push(Effect::SaveCopy {
            loaded: Box::new(open.loaded.clone()),
            assessment: Box::new(assessment),
        });
    }

    fn on_copy_saved(&mut self, r: Result<Loaded, SaveError>) {
        match r {
            Ok(copy) if self.stopping => {
                let original = self.open_id().unwrap_or_default().to_string();
                self.effects.push(Effect::Log(format!(
                    "stopping: the changes made here to {original} were kept as {} (the file had changed on disk, or a sign-off on it holds)",
                    copy.path.display()
                )));
                self.pending.kept_copies.push(crate::store::KeptCopy {
                    service: copy.assessment.service.name.clone(),
                    original,
                    copy: copy.assessment.id.clone(),
                    when: self.now,
                });
                self.effects
                    .push(Effect::WritePending(self.pending.clone()));
            }
            Ok(copy) => {
                // The original changed on disk: the next listing shows it as it is now.
                self.effects.push(Effect::Rescan);
                self.show_new_file(copy);
            }
            Err(e) => self.status = Some(Say::Problem(e.to_string())),
        }
    }

    /// A file just written (created, copied, edited) is listed, highlighted and opened.
    fn show_new_file(&mut self, loaded: Loaded) {
        let mut summary = catalog::summarize(&self.registry, &loaded.assessment);
        summary.path = loaded.path.clone();
        self.list.replace(summary, &self.registry);
        self.open_loaded(loaded);
    }

    /// The form's file was created or saved: the form closes and the file opens; a failure
    /// is shown in the form, which stays open with what was typed.
    fn on_form_written(&mut self, r: Result<Loaded, SaveError>) {
        match r {
            Ok(loaded) => {
                if matches!(self.popup, Some(Popup::Form(_))) {
                    self.popup = None;
                }
                self.forget_form_draft();
                self.show_new_file(loaded);
            }
            Err(e) if self.stopping => {
                // The form could not be written: it is kept for the next start.
                if let Some(Popup::Form(f)) = &self.popup {
                    self.pending.form = Some(f.to_draft(&self.registry));
                    self.effects
                        .push(Effect::WritePending(self.pending.clone()));
                }
                self.effects.push(Effect::Log(format!(
                    "stopping: the form was not saved: {e}"
                )));
            }
            Err(e) => match &mut self.popup {
                Some(Popup::Form(f)) => f.error = Some(Say::Problem(e.to_string())),
                _ => self.status = Some(Say::Problem(e.to_string())),
            },
        }
    }

    fn on_trashed(&mut self, path: &std::path::Path, r: Result<PathBuf, String>) {
        match r {
            Ok(in_trash) => {
                if self.open.as_ref().is_some_and(|o| o.loaded.path == path) {
                    self.open = None;
                    self.unsaved = None;
                    self.focus = Pane::List;
                }
                let name = self
                    .list
                    .entries()
                    .iter()
                    .find(|e| e.path() == path)
                    .map(|e| match e {
                        crate::store::ScanEntry::Ok(s) => s.service_name.clone(),
                        crate::store::ScanEntry::Broken { .. } => path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                    })
                    .unwrap_or_default();
                self.list.remove(path, &self.registry);
                // Said, and undoable: `u` in the list restores it.
                self.status = Some(Say::MovedToTrash { name });
                self.last_trashed = Some(in_trash);
            }
            Err(e) => self.status = Some(Say::Problem(e)),
        }
    }

    fn on_restored(&mut self, r: Result<PathBuf, String>) {
        // Whatever came back (by `u` or from `T`), the delete `u` would undo is settled.
        self.last_trashed = None;
        let path = match r {
            Ok(p) => p,
            Err(e) => {
                self.status = Some(Say::Problem(e));
                return;
            }
        };
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.load(&id, load::Purpose::Restored);
    }

    /// The file back from the trash has been read: listed, highlighted and said.
    fn restored(&mut self, r: Result<Loaded, LoadError>) {
        match r {
            Ok(loaded) => {
                let mut summary = catalog::summarize(&self.registry, &loaded.assessment);
                summary.path = loaded.path.clone();
                let name = summary.service_name.clone();
                self.list.replace(summary, &self.registry);
                self.list.select_path(&loaded.path);
                self.focus = Pane::List;
                self.status = Some(Say::Restored { name });
            }
            // Back, but not readable: the listing shows it as a problem.
            Err(_) => self.effects.push(Effect::Rescan),
        }
    }

    fn on_exported(&mut self, r: Result<PathBuf, String>) {
        self.popup = Some(match r {
            Ok(path) => Popup::Reader(popup::reader::Reader::new(
                Title::Exported,
                &path.display().to_string(),
            )),
            Err(e) => Popup::Message(Message::new(Title::ExportFailed, vec![Say::Problem(e)])),
        });
    }

    fn on_scanned(&mut self, listing: Result<Vec<ScanEntry>, String>, background: bool) {
        if background {
            self.checking = false;
        }
        match listing {
            Ok(entries) => {
                self.list.set_entries(entries, &self.registry);
                self.refresh_open_entry();
            }
            Err(e) => self.status = Some(Say::Problem(e)),
        }
    }

    // ----- what export, compare and the form act on -----------------------------------------

    /// The id these act on: the open assessment, else the highlighted one.
    pub(crate) fn subject_id(&self) -> Option<String> {
        if let Some(id) = self.open_id() {
            return Some(id.to_string());
        }
        match self.list.selected_entry() {
            Some(ScanEntry::Ok(s)) => Some(s.id.clone()),
            _ => None,
        }
    }

    fn subject_ruleset(&self, id: &str) -> Option<String> {
        if let Some(o) = self.open.as_ref().filter(|o| o.loaded.assessment.id == id) {
            return Some(o.session.ruleset.id.clone());
        }
        self.list.summary_of(id).map(|s| s.ruleset_id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The save the loop makes after a frame, its outcome handed back.
    fn save(app: &mut App, store: &Store, env: &Env) {
        let job = app.take_save().expect("a change to write");
        let mut loaded = job.loaded;
        store.save(&mut loaded, &job.assessment).unwrap();
        app.handle(Event::Saved(Ok(loaded)), env);
    }

    #[test]
    fn the_header_says_saved_only_of_the_change_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let (store, mut app, env, a) = load::testing::listing_one(dir.path(), "Tax e-filing");
        load::testing::handle(&mut app, &store, Event::Action(Action::Open), &env);
        assert_eq!(app.open_id(), Some(a.id.as_str()));
        app.focus = Pane::Wizard;

        // An answer, written: "saved".
        app.handle(Event::Action(Action::Pick1), &env);
        assert!(app.has_unsaved());
        assert_eq!(app.header_status(), None, "not written yet");
        save(&mut app, &store, &env);
        assert_eq!(app.header_status(), Some(&Say::Saved));

        // The next answer, shown in a frame before it is written (a kill may come now): the
        // "saved" of the one before is not said of it.
        app.handle(Event::Action(Action::Pick1), &env);
        assert!(app.has_unsaved());
        assert_ne!(app.status, Some(Say::Saved));
        assert_eq!(app.header_status(), None);
        save(&mut app, &store, &env);
        assert_eq!(app.header_status(), Some(&Say::Saved));

        // A save's outcome that comes after a newer change confirms the older one only.
        app.handle(Event::Action(Action::Pick1), &env);
        let job = app.take_save().unwrap();
        app.handle(Event::Action(Action::Pick1), &env);
        let mut loaded = job.loaded;
        store.save(&mut loaded, &job.assessment).unwrap();
        app.handle(Event::Saved(Ok(loaded)), &env);
        assert_eq!(
            app.header_status(),
            None,
            "the newest change is not on disk"
        );
        save(&mut app, &store, &env);
        assert_eq!(app.header_status(), Some(&Say::Saved));

        // Another word shows as it is, whatever the saves.
        app.handle(Event::Action(Action::Pick1), &env);
        app.status = Some(Say::NothingToUndo);
        assert_eq!(app.header_status(), Some(&Say::NothingToUndo));
    }
}
