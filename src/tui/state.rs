//! The interface's state: the list of assessments, the one open in the wizard, the dialog on
//! top, and every action a key can ask for. Drawing reads this; nothing here draws.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::i18n::Msg;
use super::keymap::{Action, Context};
use super::settings::Settings;
use super::textfield::TextField;
use crate::answers::{AnswerSet, Answers};
use crate::app::catalog::{self, Drift};
use crate::app::session::{Doc, Session};
use crate::diag::Diagnostic;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::{DEFAULT_RULESET, Registry};
use crate::store::{
    Assessment, LoadError, Loaded, RulesetRef, SaveError, ScanEntry, Service, Store, Summary,
};
use crate::text::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    List,
    Wizard,
    Result,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Updated,
    Name,
    Level,
}

/// What the new/edit/copy form is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormMode {
    New,
    Edit(String),
    Copy(String),
}

#[derive(Debug)]
pub struct Form {
    pub mode: FormMode,
    /// Name, agency, description.
    pub fields: [TextField; 3],
    /// Index into the registry's rulesets (only for a new assessment).
    pub ruleset: usize,
    /// 0–2 the text fields, 3 the ruleset.
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Debug)]
pub enum Dialog {
    Help {
        scroll: usize,
    },
    Form(Form),
    ConfirmDelete {
        id: String,
        name: String,
    },
    Note(TextField),
    /// The name of a new user group.
    GroupName(TextField),
    Conflict,
    /// Problems to read before going on (settings, rulesets, a failed save).
    Message {
        title: String,
        lines: Vec<String>,
    },
    /// A choice from a short list (export format, what to compare with).
    Pick {
        title: String,
        items: Vec<(String, super::extras::Pick)>,
        selected: usize,
    },
    /// A text to read and scroll: a comparison, the what-if list, where an export went.
    Text {
        title: String,
        lines: Vec<String>,
        scroll: usize,
    },
}

/// The assessment open in the wizard.
#[derive(Debug)]
pub struct Open {
    pub loaded: Loaded,
    pub session: Session,
    pub drift: Option<Drift>,
}

pub struct App {
    pub store: Store,
    pub registry: Registry,
    pub settings: Settings,
    pub lang: Lang,
    pub focus: Pane,
    /// Every listed file; changed only through methods that also forget `visible_rows`.
    entries: Vec<ScanEntry>,
    /// Bumped on every change to `entries`.
    entries_gen: u64,
    /// The last `visible()` as indices into `entries`, with what it was computed from: the
    /// list is drawn on every frame, and filtering and sorting 10,000 entries each time would
    /// put milliseconds on every keystroke.
    visible_rows: RefCell<Option<(VisibleKey, Rc<Vec<usize>>)>>,
    /// Where the open assessment's entry was last found in `entries`.
    open_entry_hint: usize,
    /// Changes of the open assessment not written yet. The main loop writes them just after
    /// the frame that shows them, and every key writes what is left before it acts, so a
    /// keystroke's frame does not wait for the disk.
    unsaved: Option<Assessment>,
    /// The footer's key hints for a context, language and width: built from the keymap,
    /// which does not change while the program runs.
    footer: RefCell<Option<(FooterKey, ratatui::text::Line<'static>)>>,
    /// The full scan that checks, file by file, a listing first taken from the index.
    background_scan: Option<Receiver<Result<Vec<ScanEntry>, String>>>,
    pub filter: TextField,
    pub filtering: bool,
    pub sort: Sort,
    /// Index into `visible()`.
    pub selected: usize,
    pub open: Option<Open>,
    pub dialog: Option<Dialog>,
    /// A quiet word in the header: "saved", "nothing to undo", …
    pub flash: Option<String>,
    /// On narrow screens the list replaces the wizard while it has the focus.
    pub result_scroll: u16,
    pub quit: bool,
    /// Trainer mode: keep the result hidden until every question is answered.
    pub hide_result: bool,
}

fn sort_name(e: &ScanEntry) -> String {
    match e {
        ScanEntry::Ok(s) => s.service_name.to_lowercase(),
        ScanEntry::Broken { path, .. } => path.display().to_string(),
    }
}

/// The list's rows in order, as indices into the entries (no 10,000-element copy per frame).
pub struct Visible<'a> {
    rows: Rc<Vec<usize>>,
    entries: &'a [ScanEntry],
}

impl<'a> Visible<'a> {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&'a ScanEntry> {
        self.rows.get(i).map(|&r| &self.entries[r])
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a ScanEntry> + '_ {
        self.rows.iter().map(|&r| &self.entries[r])
    }
}

/// What the footer's hints depend on (the keymap and theme do not change while running).
type FooterKey = (Context, Lang, u16);

/// What a computed `visible()` depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct VisibleKey {
    filter: String,
    sort: Sort,
    entries_gen: u64,
}

impl App {
    pub fn new(store: Store, registry: Registry, settings: Settings) -> App {
        let lang = settings.lang;
        let mut app = App {
            store,
            registry,
            settings,
            lang,
            focus: Pane::List,
            entries: Vec::new(),
            entries_gen: 0,
            visible_rows: RefCell::new(None),
            open_entry_hint: 0,
            unsaved: None,
            background_scan: None,
            footer: RefCell::new(None),
            filter: TextField::single_line(),
            filtering: false,
            sort: Sort::Updated,
            selected: 0,
            open: None,
            dialog: None,
            flash: None,
            result_scroll: 0,
            quit: false,
            hide_result: false,
        };
        app.start_listing();
        let mut problems: Vec<String> = app
            .settings
            .problems
            .iter()
            .chain(&app.registry.problems)
            .map(Diagnostic::to_string)
            .collect();
        if !super::terminal::locale_is_utf8() {
            problems.push(
                "LANG/LC_ALL do not say UTF-8: Thai may show wrongly; --ascii draws plain borders"
                    .into(),
            );
        }
        if !problems.is_empty() {
            app.dialog = Some(Dialog::Message {
                title: Msg::SettingsProblems.text(lang).to_string(),
                lines: problems,
            });
        }
        app
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }

    /// The first listing: from the index alone when it is there (no file is read or even
    /// stat'ed, so the first frame comes at once), checked by a full scan in the background;
    /// otherwise a full scan now.
    fn start_listing(&mut self) {
        let salt = self.registry.fingerprint();
        let Some(entries) = self.store.scan_cached(&salt) else {
            self.rescan();
            return;
        };
        self.set_entries(entries);
        self.clamp_selection();
        let (tx, rx) = mpsc::channel();
        let store = self.store.clone();
        let registry = self.registry.clone();
        let spawned = std::thread::Builder::new()
            .name("xal-scan".into())
            .spawn(move || {
                let listing = store
                    .scan(&|a| catalog::summarize(&registry, a), &salt)
                    .map(|r| r.entries)
                    .map_err(|e| e.to_string());
                let _ = tx.send(listing);
            });
        match spawned {
            Ok(_) => self.background_scan = Some(rx),
            Err(_) => self.rescan(),
        }
    }

    /// Lets a background scan finish (it may be writing the index) before the program ends,
    /// waiting at most `at_most`.
    pub fn wait_for_background_scan(&mut self, at_most: std::time::Duration) {
        if let Some(rx) = self.background_scan.take() {
            let _ = rx.recv_timeout(at_most);
        }
    }

    /// The footer line for the focused context at `width` cells.
    pub fn footer_line(&self, width: u16) -> ratatui::text::Line<'static> {
        let key = (self.context(), self.lang, width);
        let mut cache = self.footer.borrow_mut();
        if let Some((k, line)) = cache.as_ref()
            && *k == key
        {
            return line.clone();
        }
        let line = super::help::footer_line(
            &self.settings.keymap,
            key.0,
            key.1,
            &self.settings.theme,
            usize::from(width),
        );
        *cache = Some((key, line.clone()));
        line
    }

    /// Whether the listing is still being checked in the background.
    pub fn scanning(&self) -> bool {
        self.background_scan.is_some()
    }

    /// Takes the background scan's listing once it is ready. Returns true when the screen
    /// changed.
    pub fn poll_background_scan(&mut self) -> bool {
        let Some(rx) = &self.background_scan else {
            return false;
        };
        let listing = match rx.try_recv() {
            Ok(listing) => listing,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => {
                self.background_scan = None;
                return false;
            }
        };
        self.background_scan = None;
        match listing {
            Ok(entries) if entries == self.entries => false,
            Ok(entries) => {
                let selected = self.selected_entry().map(|e| e.path().to_path_buf());
                self.set_entries(entries);
                self.refresh_open_entry();
                let found = selected
                    .and_then(|p| self.visible().iter().position(|e| e.path() == p.as_path()));
                if let Some(i) = found {
                    self.selected = i;
                }
                self.clamp_selection();
                true
            }
            Err(e) => {
                self.flash = Some(e);
                true
            }
        }
    }

    /// The open assessment's row shows its state in memory (or, with nothing pending, its
    /// file's), whatever the scan said.
    fn refresh_open_entry(&mut self) {
        let Some(open) = &self.open else {
            return;
        };
        let a = self.unsaved.as_ref().unwrap_or(&open.loaded.assessment);
        let mut summary = catalog::summarize(&self.registry, a);
        summary.path = open.loaded.path.clone();
        self.replace_entry(summary);
    }

    pub fn rescan(&mut self) {
        // This listing is newer than any still being made in the background.
        self.background_scan = None;
        let registry = &self.registry;
        match self.store.scan(
            &|a| catalog::summarize(registry, a),
            &registry.fingerprint(),
        ) {
            Ok(r) => self.set_entries(r.entries),
            Err(e) => self.flash = Some(e.to_string()),
        }
        self.clamp_selection();
    }

    pub fn entries(&self) -> &[ScanEntry] {
        &self.entries
    }

    pub fn set_entries(&mut self, entries: Vec<ScanEntry>) {
        self.entries = entries;
        self.entries_gen += 1;
    }

    /// Puts `summary` in place of the listed entry with the same file.
    fn replace_entry(&mut self, summary: Summary) {
        // Comparing the raw bytes: `Path` equality walks components, 10,000 times.
        let path = summary.path.as_os_str();
        let at = |i: usize| {
            self.entries
                .get(i)
                .is_some_and(|e| e.path().as_os_str() == path)
        };
        let hint = self.open_entry_hint;
        let Some(i) = at(hint)
            .then_some(hint)
            .or_else(|| (0..self.entries.len()).find(|&i| at(i)))
        else {
            return;
        };
        self.open_entry_hint = i;
        self.entries[i] = ScanEntry::Ok(summary);
        self.entries_gen += 1;
        // Move the one row in the cached order instead of sorting 10,000 again.
        let mut cache = self.visible_rows.borrow_mut();
        if let Some((key, rows)) = cache.as_mut()
            && key.entries_gen + 1 == self.entries_gen
        {
            key.entries_gen = self.entries_gen;
            let rows = Rc::make_mut(rows);
            rows.retain(|&r| r != i);
            if self.passes_filter(&self.entries[i], &key.filter.to_lowercase()) {
                let at = rows.partition_point(|&r| self.row_order(r, i).is_lt());
                rows.insert(at, i);
            }
        }
    }

    /// The rows shown: filtered (case-insensitive, Thai included) and sorted.
    pub fn visible(&self) -> Visible<'_> {
        let mut cache = self.visible_rows.borrow_mut();
        let rows = match cache.as_ref() {
            Some((k, rows))
                if k.filter == self.filter.text()
                    && k.sort == self.sort
                    && k.entries_gen == self.entries_gen =>
            {
                Rc::clone(rows)
            }
            _ => {
                let key = VisibleKey {
                    filter: self.filter.text().to_string(),
                    sort: self.sort,
                    entries_gen: self.entries_gen,
                };
                let rows = Rc::new(self.compute_visible());
                *cache = Some((key, Rc::clone(&rows)));
                rows
            }
        };
        Visible {
            rows,
            entries: &self.entries,
        }
    }

    fn compute_visible(&self) -> Vec<usize> {
        let needle = self.filter.text().to_lowercase();
        let mut rows: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.passes_filter(&self.entries[i], &needle))
            .collect();
        match self.sort {
            Sort::Name => rows.sort_by_cached_key(|&i| (sort_name(&self.entries[i]), i)),
            Sort::Updated => rows.sort_by(|&a, &b| self.row_order(a, b)),
            Sort::Level => rows.sort_by_cached_key(|&i| (self.level_key(&self.entries[i]), i)),
        }
        rows
    }

    /// Whether an entry shows under the filter `needle` (already lower-cased).
    fn passes_filter(&self, e: &ScanEntry, needle: &str) -> bool {
        needle.is_empty()
            || match e {
                ScanEntry::Ok(s) => [&s.service_name, &s.agency, &s.id]
                    .iter()
                    .chain(s.group.as_ref().iter())
                    .any(|f| f.to_lowercase().contains(needle)),
                ScanEntry::Broken { path, .. } => {
                    path.display().to_string().to_lowercase().contains(needle)
                }
            }
    }

    /// The order of two entries (by index) in the list: the sort key, then the index, so the
    /// order is total and one row can be put back in place by a binary search.
    fn row_order(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let (x, y) = (&self.entries[a], &self.entries[b]);
        let by_key = match self.sort {
            Sort::Name => sort_name(x).cmp(&sort_name(y)),
            Sort::Updated => match (x, y) {
                (ScanEntry::Ok(x), ScanEntry::Ok(y)) => y.updated.cmp(&x.updated),
                (ScanEntry::Broken { .. }, ScanEntry::Ok(_)) => std::cmp::Ordering::Less,
                (ScanEntry::Ok(_), ScanEntry::Broken { .. }) => std::cmp::Ordering::Greater,
                (x, y) => sort_name(x).cmp(&sort_name(y)),
            },
            Sort::Level => self.level_key(x).cmp(&self.level_key(y)),
        };
        by_key.then(a.cmp(&b))
    }

    fn level_key(&self, e: &ScanEntry) -> std::cmp::Reverse<(usize, usize)> {
        match e {
            ScanEntry::Ok(s) => std::cmp::Reverse(self.level_rank(s)),
            ScanEntry::Broken { .. } => std::cmp::Reverse((usize::MAX, usize::MAX)),
        }
    }

    fn level_rank(&self, s: &Summary) -> (usize, usize) {
        let Some(rs) = self.registry.get(&s.ruleset_id) else {
            return (0, 0);
        };
        let rank = |t: usize| {
            rs.targets
                .get(t)
                .and_then(|target| {
                    let (_, l) = s.levels.iter().find(|(id, _)| *id == target.id)?;
                    target.level_index(l)
                })
                .unwrap_or(0)
        };
        (rank(0), rank(1))
    }

    pub fn selected_entry(&self) -> Option<&ScanEntry> {
        self.visible().get(self.selected)
    }

    fn clamp_selection(&mut self) {
        let n = self.visible().len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    /// The ruleset shown in the header: the open assessment's, else the default.
    pub fn header_ruleset(&self) -> Option<&Arc<Ruleset>> {
        match &self.open {
            Some(o) => Some(&o.session.ruleset),
            None => self.registry.get(DEFAULT_RULESET),
        }
    }

    pub fn context(&self) -> Context {
        if self.dialog.is_some() {
            return Context::Dialog;
        }
        match self.focus {
            Pane::List => Context::List,
            Pane::Wizard => Context::Wizard,
            Pane::Result => Context::Result,
        }
    }

    /// Whether the result pane must stay hidden (trainer mode, answers still missing).
    pub fn result_hidden(&self) -> bool {
        self.hide_result
            && self
                .open
                .as_ref()
                .is_some_and(|o| !o.session.eval.complete())
    }

    // ----- actions -------------------------------------------------------------------------

    /// Carries out one action of the focused pane (dialogs are handled by `update`).
    pub fn act(&mut self, action: Action) {
        if self.save_pending() && self.dialog.is_some() {
            // The save needs an answer first (a conflict, a failure).
            return;
        }
        // "saved" stays until another word replaces it: it is still true, and blanking it on
        // every key would only send bytes.
        if self.flash.as_deref() != Some(self.t(Msg::Saved)) {
            self.flash = None;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.dialog = Some(Dialog::Help { scroll: 0 }),
            Action::ToggleLang => self.lang = self.lang.toggled(),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::ToggleList => {
                self.focus = if self.focus == Pane::List && self.open.is_some() {
                    Pane::Wizard
                } else {
                    Pane::List
                }
            }
            Action::Undo => self.undo_redo(false),
            Action::Redo => self.undo_redo(true),
            Action::Back => {
                if !self.filter.is_empty() {
                    self.filter.set_text("");
                    self.clamp_selection();
                } else if self.focus != Pane::List {
                    self.focus = Pane::List;
                }
            }
            _ => match self.focus {
                Pane::List => self.list_action(action),
                Pane::Wizard => self.wizard_action(action),
                Pane::Result => self.result_action(action),
            },
        }
    }

    fn cycle_focus(&mut self, delta: i32) {
        let panes: Vec<Pane> = if self.open.is_some() {
            vec![Pane::List, Pane::Wizard, Pane::Result]
        } else {
            vec![Pane::List]
        };
        let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0) as i32;
        let n = panes.len() as i32;
        self.focus = panes[(i + delta).rem_euclid(n) as usize];
    }

    fn list_action(&mut self, action: Action) {
        let n = self.visible().len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            Action::First => self.selected = 0,
            Action::Last => self.selected = n.saturating_sub(1),
            Action::Filter => self.filtering = true,
            Action::Sort => {
                self.sort = match self.sort {
                    Sort::Updated => Sort::Name,
                    Sort::Name => Sort::Level,
                    Sort::Level => Sort::Updated,
                };
                self.flash = Some(
                    match self.sort {
                        Sort::Updated => self.t(Msg::SortByUpdated),
                        Sort::Name => self.t(Msg::SortByName),
                        Sort::Level => self.t(Msg::SortByLevel),
                    }
                    .to_string(),
                );
            }
            Action::New => self.open_form(FormMode::New),
            Action::Edit | Action::Copy => {
                if let Some(ScanEntry::Ok(s)) = self.selected_entry() {
                    let id = s.id.clone();
                    self.open_form(if action == Action::Edit {
                        FormMode::Edit(id)
                    } else {
                        FormMode::Copy(id)
                    });
                }
            }
            Action::Delete => {
                if let Some(ScanEntry::Ok(s)) = self.selected_entry() {
                    self.dialog = Some(Dialog::ConfirmDelete {
                        id: s.id.clone(),
                        name: s.service_name.clone(),
                    });
                }
            }
            Action::Open | Action::Choose => self.open_selected(),
            Action::Export => super::extras::open_export(self),
            Action::Compare => super::extras::open_compare(self),
            _ => {}
        }
    }

    fn wizard_action(&mut self, action: Action) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let s = &mut open.session;
        let changed = match action {
            Action::Up => {
                if s.cursor.option == 0 {
                    if s.move_row(-1) {
                        s.cursor.option =
                            super::super::app::wizard::option_count(&s.ruleset, s.cursor.question)
                                .saturating_sub(1);
                    }
                } else {
                    s.move_option(-1);
                }
                false
            }
            Action::Down => {
                let n = super::super::app::wizard::option_count(&s.ruleset, s.cursor.question);
                if s.cursor.option + 1 >= n {
                    s.move_row(1);
                } else {
                    s.move_option(1);
                }
                false
            }
            Action::First => {
                s.cursor.option = 0;
                false
            }
            Action::Last => {
                s.move_option(i32::MAX / 2);
                false
            }
            Action::Choose | Action::Open => s.choose(s.cursor.option),
            Action::Pick(n) => s.choose(n as usize - 1),
            Action::PrevQuestion => {
                s.step(-1);
                false
            }
            Action::NextQuestion => {
                s.step(1);
                false
            }
            Action::NextMissing => {
                if !s.next_missing() {
                    self.flash = Some(self.t(Msg::Complete).to_string());
                }
                false
            }
            Action::CopyProofingToAuth => {
                let done = s.copy_previous_matrix();
                if done {
                    self.flash = Some(Msg::CopiedImpacts.text(self.lang).to_string());
                }
                done
            }
            Action::Note => {
                let text = s.note(s.cursor.question).unwrap_or("").to_string();
                self.dialog = Some(Dialog::Note(TextField::multi_line().with_text(&text)));
                false
            }
            Action::Whatif => {
                super::extras::open_whatif(self);
                false
            }
            Action::NextGroup => {
                s.switch_group(1);
                false
            }
            Action::AddGroup => {
                if s.ruleset.is_grouped() {
                    self.dialog = Some(Dialog::GroupName(TextField::single_line()));
                }
                false
            }
            _ => false,
        };
        if changed {
            self.mark_changed();
        }
    }

    fn result_action(&mut self, action: Action) {
        match action {
            Action::Up => self.result_scroll = self.result_scroll.saturating_sub(1),
            Action::Down => self.result_scroll = self.result_scroll.saturating_add(1),
            Action::PageUp => self.result_scroll = self.result_scroll.saturating_sub(10),
            Action::PageDown => self.result_scroll = self.result_scroll.saturating_add(10),
            Action::First => self.result_scroll = 0,
            Action::Export => super::extras::open_export(self),
            Action::Whatif => super::extras::open_whatif(self),
            Action::Compare => super::extras::open_compare(self),
            _ => {}
        }
    }

    fn undo_redo(&mut self, redo: bool) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if open.session.undo_redo(redo) {
            self.mark_changed();
        } else {
            self.flash = Some(
                self.t(if redo {
                    Msg::NothingToRedo
                } else {
                    Msg::NothingToUndo
                })
                .to_string(),
            );
        }
    }

    // ----- opening and saving --------------------------------------------------------------

    pub fn open_selected(&mut self) {
        let Some(entry) = self.selected_entry().cloned() else {
            return;
        };
        match entry {
            ScanEntry::Broken { diagnostic, .. } => {
                // A broken file is shown, never opened for editing.
                self.dialog = Some(Dialog::Message {
                    title: diagnostic.file.display().to_string(),
                    lines: vec![diagnostic.to_string()],
                });
            }
            ScanEntry::Ok(s) => self.open_id(&s.id),
        }
    }

    pub fn open_id(&mut self, id: &str) {
        match self.store.load(id) {
            Ok(loaded) => self.open_loaded(loaded),
            Err(LoadError::Broken(d)) => {
                self.dialog = Some(Dialog::Message {
                    title: d.file.display().to_string(),
                    lines: vec![d.to_string()],
                });
                self.rescan();
            }
            Err(e) => self.flash = Some(e.to_string()),
        }
    }

    fn open_loaded(&mut self, loaded: Loaded) {
        let a = &loaded.assessment;
        let Some(rs) = self.registry.get(&a.ruleset.id).cloned() else {
            self.dialog = Some(Dialog::Message {
                title: loaded.path.display().to_string(),
                lines: vec![format!(
                    "{}: unknown ruleset `{}`; the file is left as it is",
                    loaded.path.display(),
                    a.ruleset.id
                )],
            });
            return;
        };
        let doc = Doc {
            answers: a.answers.clone(),
            notes: a.notes.clone(),
        };
        let session = Session::new(rs.clone(), doc);
        let drift = catalog::drift(&rs, a, &session.eval);
        if let Some(d) = &drift {
            let mut lines = vec![format!(
                "{} {} → {}",
                rs.id, d.recorded_version, d.current_version
            )];
            lines.extend(
                d.changes
                    .iter()
                    .map(|(t, old, new)| format!("{t}: {old} → {new}")),
            );
            self.flash = Some(lines.join("; "));
        }
        self.open = Some(Open {
            loaded,
            session,
            drift,
        });
        self.focus = Pane::Wizard;
        self.result_scroll = 0;
    }

    /// The assessment as it would be saved now.
    fn current_assessment(open: &Open) -> Assessment {
        let mut a = open.loaded.assessment.clone();
        a.answers = open.session.doc.answers.clone();
        a.notes = open.session.doc.notes.clone();
        let s = &open.session;
        catalog::stamp_evaluated(&mut a, &s.ruleset, &s.eval, catalog::now());
        a
    }

    /// The open assessment changed: the list shows it at once, and the file is written by
    /// [`App::save_pending`] (right after the frame, or before the next action).
    pub fn mark_changed(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let a = Self::current_assessment(open);
        // Just stamped with the session's evaluation: its `[result]` is the engine's.
        let summary = Summary {
            path: open.loaded.path.clone(),
            ..Summary::from_file(&a)
        };
        self.replace_entry(summary);
        self.unsaved = Some(a);
    }

    /// Saves the open assessment now.
    pub fn save(&mut self) {
        self.mark_changed();
        self.save_pending();
    }

    /// Whether changes wait to be written.
    pub fn has_unsaved(&self) -> bool {
        self.unsaved.is_some()
    }

    /// Writes the open assessment's changes through the store, if there are any; a conflict
    /// asks the user and never overwrites. Returns true when the screen must show something
    /// new (a word in the header, a dialog).
    pub fn save_pending(&mut self) -> bool {
        let Some(a) = self.unsaved.take() else {
            return false;
        };
        let Some(open) = self.open.as_mut() else {
            return false;
        };
        let saved = self.store.save(&mut open.loaded, &a);
        if saved.is_err() {
            // The list shows what the file holds, not the changes that could not be written.
            self.refresh_open_entry();
        }
        match saved {
            Ok(()) => {
                // A word an action left ("copied …") outlives the "saved".
                if self.flash.is_none() {
                    self.flash = Some(Msg::Saved.text(self.lang).to_string());
                    return true;
                }
                false
            }
            Err(SaveError::Conflict { .. }) => {
                self.dialog = Some(Dialog::Conflict);
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: Msg::SaveFailed.text(self.lang).to_string(),
                    lines: vec![e.to_string()],
                });
                true
            }
        }
    }

    pub fn resolve_conflict(&mut self, keep_copy: bool) {
        self.dialog = None;
        let Some(open) = self.open.take() else {
            return;
        };
        if keep_copy {
            let a = Self::current_assessment(&open);
            match self.store.save_copy(&open.loaded, &a) {
                Ok(copy) => {
                    self.rescan();
                    self.open_loaded(copy);
                }
                Err(e) => {
                    self.open = Some(open);
                    self.flash = Some(e.to_string());
                }
            }
        } else {
            let id = open.loaded.assessment.id.clone();
            self.rescan();
            self.open_id(&id);
        }
    }

    fn open_form(&mut self, mode: FormMode) {
        let mut fields = [
            TextField::single_line(),
            TextField::single_line(),
            TextField::single_line(),
        ];
        let source = match &mode {
            FormMode::Edit(id) | FormMode::Copy(id) => self.store.load(id).ok(),
            FormMode::New => None,
        };
        if let Some(l) = &source {
            let s = &l.assessment.service;
            fields[0].set_text(&s.name);
            fields[1].set_text(&s.agency);
            fields[2].set_text(&s.description);
        }
        let ruleset = self
            .registry
            .entries
            .iter()
            .position(|e| e.ruleset.id == DEFAULT_RULESET)
            .unwrap_or(0);
        self.dialog = Some(Dialog::Form(Form {
            mode,
            fields,
            ruleset,
            focus: 0,
            error: None,
        }));
    }

    /// Creates, edits or copies as the form says. Returns false (and keeps the form) when the
    /// service name is empty.
    pub fn submit_form(&mut self, form: &mut Form) -> bool {
        let name = form.fields[0].text().trim().to_string();
        if name.is_empty() {
            form.error = Some(format!("{}?", self.t(Msg::FieldName)));
            return false;
        }
        let service = Service {
            name,
            agency: form.fields[1].text().trim().to_string(),
            description: form.fields[2].text().trim().to_string(),
            owner: None,
        };
        let now = catalog::now();
        let result = match &form.mode {
            FormMode::New => {
                let Some(entry) = self.registry.entries.get(form.ruleset) else {
                    return false;
                };
                let rs = entry.ruleset.clone();
                let answers = if rs.is_grouped() {
                    AnswerSet::Groups(Vec::new())
                } else {
                    AnswerSet::Single(Answers::new())
                };
                let mut a = Assessment::new(
                    service,
                    RulesetRef {
                        id: rs.id.clone(),
                        version: rs.version.clone(),
                        sha256: rs.sha256.clone(),
                    },
                    answers,
                    now,
                );
                if let AnswerSet::Groups(gs) = &mut a.answers {
                    // A grouped assessment starts with one group, renamed in the file if needed.
                    gs.push(crate::answers::Group {
                        id: "users".into(),
                        name: a.service.name.clone(),
                        ..Default::default()
                    });
                }
                catalog::stamp(&mut a, &rs, now);
                self.store.create(&a)
            }
            FormMode::Copy(id) => match self.store.load(id) {
                Ok(l) => {
                    let mut a = l.assessment.clone();
                    a.id = crate::store::new_id();
                    a.service = service;
                    a.meta.created = now;
                    if let Some(rs) = self.registry.get(&a.ruleset.id).cloned() {
                        catalog::stamp(&mut a, &rs, now);
                    }
                    self.store.create(&a)
                }
                Err(e) => {
                    form.error = Some(e.to_string());
                    return false;
                }
            },
            FormMode::Edit(id) => {
                let open_same = self
                    .open
                    .as_ref()
                    .is_some_and(|o| o.loaded.assessment.id == *id);
                if open_same {
                    if let Some(o) = self.open.as_mut() {
                        o.loaded.assessment.service = service;
                    }
                    self.save();
                    self.rescan();
                    return true;
                }
                match self.store.load(id) {
                    Ok(mut l) => {
                        let mut a = l.assessment.clone();
                        a.service = service;
                        a.meta.updated = now;
                        match self.store.save(&mut l, &a) {
                            Ok(()) => Ok(l),
                            Err(e) => Err(e),
                        }
                    }
                    Err(e) => {
                        form.error = Some(e.to_string());
                        return false;
                    }
                }
            }
        };
        match result {
            Ok(loaded) => {
                self.rescan();
                let id = loaded.assessment.id.clone();
                let found = self.visible().iter().position(|e| match e {
                    ScanEntry::Ok(s) => s.id == id,
                    _ => false,
                });
                if let Some(i) = found {
                    self.selected = i;
                }
                self.open_loaded(loaded);
                true
            }
            Err(e) => {
                form.error = Some(e.to_string());
                false
            }
        }
    }

    pub fn delete(&mut self, id: &str) {
        match self.store.trash(id) {
            Ok(_) => {
                if self
                    .open
                    .as_ref()
                    .is_some_and(|o| o.loaded.assessment.id == id)
                {
                    self.open = None;
                    self.focus = Pane::List;
                }
                self.rescan();
            }
            Err(e) => self.flash = Some(e.to_string()),
        }
    }

    /// Everything not yet on disk is written when the program must stop (quit, hang-up,
    /// SIGTERM), the note being typed included.
    pub fn flush_pending(&mut self) {
        if let Some(Dialog::Note(field)) = &self.dialog {
            let text = field.text().to_string();
            if let Some(o) = self.open.as_mut()
                && o.session.set_note(text)
            {
                self.mark_changed();
            }
        }
        self.save_pending();
    }
}
