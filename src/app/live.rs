//! Live from disk: what another program changes under the data dir shows without a restart.
//! The loop's watcher ([`crate::tui::watch`]) reports the paths; the list is made again
//! (the preview follows it), and the open assessment is read again: shown as it is now when
//! nothing typed here waits to be written, else the conflict dialog asks, as a save would.

use std::path::PathBuf;

use super::event::Effect;
use super::load::Purpose;
use super::popup::Popup;
use super::{App, Say};
use crate::store::{LoadError, Loaded};

impl App {
    pub(super) fn on_disk_changed(&mut self, paths: &[PathBuf]) {
        self.effects.push(Effect::Rescan);
        // A file changed by hand keeps its `updated` date: the preview is made again anyway,
        // also when the watcher names only the folder a file was renamed into.
        self.preview_changed(|p| {
            paths
                .iter()
                .any(|c| *c == p.path || p.path.parent() == Some(c.as_path()))
        });
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let folder = open.loaded.path.parent().map(PathBuf::from);
        if paths
            .iter()
            .any(|p| *p == open.loaded.path || Some(p) == folder.as_ref())
        {
            // Read behind any save already asked for: what this run wrote compares equal.
            self.effects.push(Effect::Load {
                id: open.loaded.assessment.id.clone(),
                purpose: Purpose::Changed,
            });
        }
    }

    /// The open assessment's file as it is now, read after another program touched it.
    pub(super) fn on_open_changed(&mut self, id: &str, r: Result<Loaded, LoadError>) {
        let Some(open) = self.open.as_ref().filter(|o| o.loaded.assessment.id == id) else {
            return;
        };
        let name = open.loaded.assessment.service.name.clone();
        let theirs = match r {
            Ok(theirs) => theirs,
            Err(LoadError::NotFound { .. }) => {
                self.status = Some(Say::RemovedElsewhere { name });
                return;
            }
            // A file left half-written by an editor is read again on its next change; the
            // save's own check still guards what is typed here.
            Err(_) => return,
        };
        // What this run wrote last (or nothing new): the watcher saw our own save.
        if theirs.stamp.sha256 == open.loaded.stamp.sha256 {
            return;
        }
        if self.has_unsaved() || self.saving.is_some() {
            if !matches!(self.popup, Some(Popup::Conflict(_))) {
                let conflict = self.conflict();
                self.show(conflict);
            }
            return;
        }
        let (group, cursor, focus) = (open.session.group, open.session.cursor.clone(), self.focus);
        let same_ruleset = open.session.ruleset.id == theirs.assessment.ruleset.id;
        self.reloaded(id, Ok(theirs), Some(focus));
        // Where the assessor was stays where it was, when that question is still there.
        if let Some(o) = self.open.as_mut().filter(|_| same_ruleset)
            && o.session.group_count().max(1) > group
            && cursor.question < o.session.ruleset.questions.len()
        {
            o.session.group = group;
            o.session.cursor = cursor;
        }
        self.status = Some(Say::ChangedElsewhere { name });
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::{Env, Event};
    use super::super::load::testing::{handle, listing_one};
    use super::super::{Action, Pane};
    use super::*;
    use crate::answers::{AnswerSet, AnswerValue};
    use crate::store::{Assessment, Store};

    /// An app with one assessment open in the wizard, its store and the environment.
    fn opened() -> (tempfile::TempDir, Store, App, Env, Assessment) {
        let dir = tempfile::tempdir().unwrap();
        let (store, mut app, env, a) = listing_one(dir.path(), "Tax e-filing");
        handle(&mut app, &store, Event::Action(Action::Open), &env);
        assert_eq!(app.open_id(), Some(a.id.as_str()));
        app.focus = Pane::Wizard;
        // The fixture names no ruleset version: what opening said of it is not the point.
        app.status = None;
        (dir, store, app, env, a)
    }

    /// Another program answers `service.group` in the file.
    fn changed_elsewhere(store: &Store, id: &str) -> std::path::PathBuf {
        let mut theirs = store.load(id).unwrap();
        let mut a = theirs.assessment.clone();
        if let AnswerSet::Single(answers) = &mut a.answers {
            answers.insert(
                "service.group".into(),
                AnswerValue::Choice("enhanced".into()),
            );
        }
        store.save(&mut theirs, &a).unwrap();
        theirs.path
    }

    #[test]
    fn our_own_save_seen_by_the_watcher_changes_nothing() {
        let (_dir, store, mut app, env, a) = opened();
        let path = app.open.as_ref().unwrap().loaded.path.clone();
        let rest = handle(&mut app, &store, Event::DiskChanged(vec![path]), &env);
        assert!(rest.iter().any(|e| matches!(e, Effect::Rescan)), "{rest:?}");
        assert_eq!(app.status, None);
        assert!(app.popup.is_none());
        assert_eq!(app.open_id(), Some(a.id.as_str()));
    }

    #[test]
    fn a_change_elsewhere_is_shown_when_nothing_waits_to_be_written() {
        let (_dir, store, mut app, env, a) = opened();
        let path = changed_elsewhere(&store, &a.id);
        handle(&mut app, &store, Event::DiskChanged(vec![path]), &env);
        assert_eq!(
            app.status,
            Some(Say::ChangedElsewhere {
                name: "Tax e-filing".into()
            })
        );
        let o = app.open.as_ref().unwrap();
        assert_eq!(
            o.session.answers().get("service.group"),
            Some(&AnswerValue::Choice("enhanced".into()))
        );
        assert!(!app.has_unsaved(), "their file is not written over");
    }

    #[test]
    fn a_change_elsewhere_under_unsaved_work_asks_as_a_save_would() {
        let (_dir, store, mut app, env, a) = opened();
        // An answer typed here, not written yet.
        app.handle(Event::Action(Action::Pick1), &env);
        assert!(app.has_unsaved());
        let path = changed_elsewhere(&store, &a.id);
        handle(&mut app, &store, Event::DiskChanged(vec![path]), &env);
        assert!(
            matches!(app.popup, Some(Popup::Conflict(_))),
            "{:?}",
            app.popup
        );
        assert!(app.has_unsaved(), "what was typed here is kept");
    }

    #[test]
    fn the_open_file_removed_elsewhere_is_said_and_kept_in_memory() {
        let (_dir, store, mut app, env, a) = opened();
        let path = app.open.as_ref().unwrap().loaded.path.clone();
        // Another program takes it away (here, to the trash).
        store.trash(&a.id).unwrap();
        handle(&mut app, &store, Event::DiskChanged(vec![path]), &env);
        assert_eq!(
            app.status,
            Some(Say::RemovedElsewhere {
                name: "Tax e-filing".into()
            })
        );
        assert_eq!(app.open_id(), Some(a.id.as_str()));
    }
}
