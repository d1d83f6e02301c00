//! The data dir as a shared git record, as the interface sees it: ahead/behind of the
//! upstream, a sync under way, and each assessment's history as last read. git itself runs in
//! the loop's background ([`Effect::Sync`], [`Effect::GitState`], [`Effect::ReadHistory`]);
//! what it found comes back as events, so no key ever waits for git.

use std::collections::HashMap;

use super::App;
use super::event::Effect;
use super::popup::Popup;
use super::popup::reader::{Body, Reader};
use super::say::{Say, Title};
use crate::git::history::{Entry, last_change_of};
use crate::git::sync::{Report, SyncError};

/// What is known of the repository (the app has one only when the data dir is one).
#[derive(Debug, Default)]
pub struct GitView {
    /// Commits ahead of and behind the upstream as last fetched; `None` without one.
    pub ahead_behind: Option<(usize, usize)>,
    /// A sync runs in the background.
    pub syncing: bool,
    /// The commit HEAD named when git was last asked: another one means commits came from
    /// elsewhere (another terminal, a `git pull`), and the histories read are out of date.
    /// (`None` until git was first asked; then `Some(None)` before the first commit.)
    head: Option<Option<String>>,
    /// Each assessment's history as last read, by id: read once, kept until a commit or a
    /// sync can have changed it, so drawing never asks git.
    histories: HashMap<String, Vec<Entry>>,
    /// Histories being read now.
    reading: Vec<String>,
    /// The history popup waits for this assessment's history.
    popup_for: Option<String>,
}

/// Who last changed an answer, and when, for the wizard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastChange {
    pub who: String,
    /// As git gives it (ISO 8601 with the author's offset).
    pub when: String,
}

impl GitView {
    /// The history of `id` as last read, if it was.
    pub fn history(&self, id: &str) -> Option<&[Entry]> {
        self.histories.get(id).map(Vec::as_slice)
    }
}

impl App {
    /// Who last changed the answer under the wizard's cursor (on an impact matrix, the row's
    /// cell), from the history already read: nothing outside a repository, or before the
    /// history came.
    pub fn last_change(&self) -> Option<LastChange> {
        let git = self.git.as_ref()?;
        let open = self.open.as_ref()?;
        let entries = git.history(&open.loaded.assessment.id)?;
        let s = &open.session;
        let q = s.ruleset.questions.get(s.cursor.question)?;
        let cell = (q.kind == crate::ruleset::Kind::Impact)
            .then(|| q.categories.get(s.cursor.row))
            .flatten()
            .and_then(|&c| s.ruleset.categories.get(c))
            .map(|c| format!("{}.{}", q.id, c.id));
        last_change_of(entries, cell.as_deref().unwrap_or(&q.id))
            .map(|(who, when)| LastChange { who, when })
    }

    /// Asks for `id`'s history unless it is known or on its way.
    pub(super) fn want_history(&mut self, id: &str) {
        let Some(git) = self.git.as_mut() else {
            return;
        };
        if git.histories.contains_key(id) || git.reading.iter().any(|r| r == id) {
            return;
        }
        git.reading.push(id.to_string());
        self.effects.push(Effect::ReadHistory(id.to_string()));
    }

    /// `S`: the same as `xal sync`, in the background.
    pub(super) fn start_sync(&mut self) {
        let Some(git) = self.git.as_mut() else {
            self.status = Some(Say::NotARepo);
            return;
        };
        // The header says "syncing…" for as long as it runs (a status word would go with
        // the next key): a second press starts nothing.
        if git.syncing {
            return;
        }
        git.syncing = true;
        self.effects.push(Effect::Sync);
    }

    /// `H`: the history of the open assessment, else the highlighted one.
    pub(super) fn open_history(&mut self) {
        if self.git.is_none() {
            self.status = Some(Say::NotARepo);
            return;
        }
        let Some(id) = self.subject_id() else {
            self.status = Some(Say::OpenFirst);
            return;
        };
        // Read again each time: the popup is asked for rarely and must hold every commit,
        // including those made from elsewhere since the last read.
        if let Some(git) = self.git.as_mut()
            && !git.reading.contains(&id)
        {
            git.histories.remove(&id);
        }
        self.want_history(&id);
        if let Some(git) = self.git.as_mut() {
            git.popup_for = Some(id);
        }
        self.status = Some(Say::ReadingHistory);
    }

    fn show_history(&mut self, id: &str) {
        let Some(entries) = self.git.as_ref().and_then(|g| g.history(id)) else {
            return;
        };
        let body = Body::History {
            id: id.to_string(),
            entries: entries.to_vec(),
        };
        let name = self.service_name(id);
        self.popup = Some(Popup::Reader(Reader::of(Title::History(name), body)));
    }

    fn service_name(&self, id: &str) -> String {
        self.list
            .summary_of(id)
            .map(|s| s.service_name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    pub(super) fn on_history(&mut self, id: String, r: Result<Vec<Entry>, String>) {
        let Some(git) = self.git.as_mut() else {
            return;
        };
        git.reading.retain(|x| *x != id);
        let wanted = git.popup_for.as_deref() == Some(id.as_str());
        match r {
            Ok(entries) => {
                git.histories.insert(id.clone(), entries);
                if wanted {
                    git.popup_for = None;
                    if self.status == Some(Say::ReadingHistory) {
                        self.status = None;
                    }
                    // The user may have opened something else meanwhile: that one stays.
                    if self.popup.is_none() {
                        self.show_history(&id);
                    }
                }
            }
            Err(e) => {
                if wanted {
                    git.popup_for = None;
                    self.status = Some(Say::Problem(e));
                }
            }
        }
    }

    pub(super) fn on_git_state(&mut self, state: Option<crate::git::sync::State>) {
        let Some(git) = self.git.as_mut() else {
            return;
        };
        let state = state.unwrap_or_default();
        git.ahead_behind = state.ahead_behind;
        let known = git.head.replace(state.head.clone());
        if known.as_ref() == Some(&state.head) {
            return;
        }
        // The first answer only sets where HEAD is: what was read meanwhile is of it.
        if known.is_some() {
            git.histories.clear();
            if let Some(id) = self.open.as_ref().map(|o| o.loaded.assessment.id.clone()) {
                self.want_history(&id);
            }
        }
    }

    /// Asks git where HEAD is now (a commit from another terminal shows then), in the
    /// background.
    pub(super) fn check_git_state(&mut self) {
        if self.git.is_some() {
            self.effects.push(Effect::GitState);
        }
    }

    /// A commit was made here (`git.commit = "each-save"`): the open assessment's history
    /// and the counts in the header are out of date.
    pub(super) fn on_committed(&mut self) {
        // HEAD has moved: the state that comes back says so, and the histories are read again.
        self.check_git_state();
    }

    pub(super) fn on_synced(&mut self, r: Result<Report, SyncError>) {
        let Some(git) = self.git.as_mut() else {
            return;
        };
        git.syncing = false;
        // Any history may have grown, by this machine's commit or by what came in.
        git.histories.clear();
        self.effects.push(Effect::GitState);
        if let Ok(report) = &r {
            // What came in is on disk now: the list shows it, and the open assessment is
            // read again unless it holds changes not yet written (then the save's own check
            // finds the file changed and asks).
            let touched = self
                .open_id()
                .is_some_and(|id| report.incoming.iter().any(|i| i.id == id));
            if touched && !self.has_unsaved() {
                self.reload_open(Some(self.focus));
            }
            // The highlighted one too: a merge may keep its date and its levels and still
            // change its answers and reasons.
            self.preview_changed(|p| match &p.of {
                super::preview::PreviewOf::Assessment { assessment, .. } => {
                    report.incoming.iter().any(|i| i.id == assessment.id)
                }
                _ => false,
            });
            self.effects.push(super::event::Effect::Rescan);
        }
        if let Some(id) = self.open_id().map(str::to_string) {
            self.want_history(&id);
        }
        let title = if r.is_ok() {
            Title::Synced
        } else {
            Title::SyncFailed
        };
        self.show(Popup::Reader(Reader::of(title, Body::Sync(r))));
    }
}
