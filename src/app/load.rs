//! Reading an assessment is an effect like a write: the app asks ([`Effect::Load`]), the
//! worker reads the file behind the writes asked for before it (so it finds what they left),
//! and it comes back as [`Event::Loaded`] with what it was read for; the app then goes on
//! with that (opens it, shows it, fills a form). Until then the panes keep what they had.
//!
//! The app remembers what it waits for, and a file that comes back for something no longer
//! wanted is dropped: the preview of a row the highlight has left, an open that a newer
//! request replaced.
//!
//! [`Event::Loaded`]: super::Event::Loaded

use std::path::PathBuf;
use std::sync::Arc;

use super::event::Effect;
use super::popup::{self, compare::Target, export::Format, form::FormMode};
use super::{App, Pane, Say};
use crate::ruleset::Ruleset;
use crate::store::{Assessment, LoadError, Loaded, Service, Summary, TrashItem};

/// What a file is read for.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    /// The result pane's preview of the highlighted row, as the list showed it (none for a
    /// file that does not parse): a row that reads otherwise later is read again.
    Preview {
        path: PathBuf,
        listed: Option<Box<Summary>>,
    },
    /// Opened in the wizard; the focus then goes to `focus` (else the wizard).
    Open { focus: Option<Pane> },
    /// The open assessment read again, what was changed here dropped (the conflict's
    /// "reload", the editor closed on it, a sync brought it); `focus` as for `Open`.
    Reload { focus: Option<Pane> },
    /// The conflict dialog's differences: the file as it is on disk now.
    Conflict,
    /// The conflict's "overwrite": mine is written over the file as it is now.
    Overwrite,
    /// A file just back from the trash, listed and highlighted.
    Restored,
    /// `E` on a row of a trainee's list: a scenario handed out is not for the editor.
    EditFile { path: PathBuf },
    /// An assessment and its ruleset for the brief, an export, a comparison or the form.
    Subject(Then),
    /// The copy form was confirmed: a copy of the file with this service.
    FormCopy(Service),
    /// The edit form was confirmed for an assessment that is not open.
    FormEdit(Service),
    /// Another program changed the open assessment's file ([`App::on_disk_changed`]).
    Changed,
}

/// What is done with an assessment and its ruleset ([`App::with_subject`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    Brief,
    Export(Format),
    Compare(Target),
    /// The second of two assessments compared; the first is here.
    CompareWith(Box<Assessment>),
    /// The edit or copy form, filled from it.
    Form(FormMode),
}

/// The one read the user waits for; a newer request replaces it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Awaited {
    File { id: String, purpose: Purpose },
    Trash,
}

impl App {
    /// Asks for `id` to be read for `purpose`: from now on the read the user waits for.
    pub(crate) fn load(&mut self, id: &str, purpose: Purpose) {
        self.awaiting = Some(Awaited::File {
            id: id.to_string(),
            purpose: purpose.clone(),
        });
        self.effects.push(Effect::Load {
            id: id.to_string(),
            purpose,
        });
    }

    /// Asks for the trash's listing (`T`): the dialog opens when it comes.
    pub(crate) fn list_trash(&mut self) {
        self.awaiting = Some(Awaited::Trash);
        self.effects.push(Effect::ListTrash);
    }

    /// Whether a file (or the trash's listing) the user asked for has not come yet.
    pub fn loading(&self) -> bool {
        self.awaiting.is_some()
    }

    /// `then` with an assessment and its ruleset: the open one as it stands in memory at
    /// once, any other when its file has been read.
    pub(crate) fn with_subject(&mut self, id: &str, then: Then) {
        match self.open.as_ref().filter(|o| o.loaded.assessment.id == id) {
            Some(o) => {
                let a = Self::current_assessment(o, self.now);
                let found = self.with_ruleset(a);
                self.then(then, found);
            }
            None => self.load(id, Purpose::Subject(then)),
        }
    }

    /// The assessment with the ruleset it names, which this run must have.
    pub(crate) fn with_ruleset(&self, a: Assessment) -> Result<(Assessment, Arc<Ruleset>), Say> {
        match self.registry.get(&a.ruleset.id).cloned() {
            Some(rs) => Ok((a, rs)),
            None => Err(Say::UnknownRuleset {
                path: None,
                id: a.ruleset.id.clone(),
            }),
        }
    }

    fn then(&mut self, then: Then, found: Result<(Assessment, Arc<Ruleset>), Say>) {
        match then {
            Then::Brief => popup::brief::with(self, found),
            Then::Export(format) => popup::export::with(self, format, found),
            Then::Compare(target) => popup::compare::with(self, target, found),
            Then::CompareWith(first) => popup::compare::against(self, *first, found),
            Then::Form(mode) => popup::form::with(self, mode, found),
        }
    }

    /// A file read for `purpose` came back: what it was read for goes on, if still wanted.
    pub(super) fn on_loaded(
        &mut self,
        id: String,
        purpose: Purpose,
        result: Result<Loaded, LoadError>,
    ) {
        match purpose {
            // These two have their own marks: the highlighted row, the dialog on top.
            Purpose::Preview { .. } => return self.on_preview_loaded(purpose, result),
            Purpose::Conflict => return self.on_conflict_loaded(&id, result),
            Purpose::Changed => return self.on_open_changed(&id, result),
            _ => {}
        }
        let wanted = matches!(&self.awaiting, Some(Awaited::File { id: i, purpose: p })
            if *i == id && *p == purpose);
        if !wanted {
            return;
        }
        self.awaiting = None;
        match purpose {
            Purpose::Open { focus } => self.opened(&id, result, focus),
            Purpose::Reload { focus } => self.reloaded(&id, result, focus),
            Purpose::Overwrite => self.overwrite_with(&id, result),
            Purpose::Restored => self.restored(result),
            Purpose::EditFile { path } => self.edit_loaded(path, result),
            Purpose::Subject(then) => {
                let found = result
                    .map_err(|e| Say::Problem(e.to_string()))
                    .and_then(|l| self.with_ruleset(l.assessment));
                self.then(then, found);
            }
            Purpose::FormCopy(service) => popup::form::copy_loaded(self, service, result),
            Purpose::FormEdit(service) => popup::form::edit_loaded(self, service, result),
            Purpose::Preview { .. } | Purpose::Conflict | Purpose::Changed => {}
        }
    }

    /// The trash's listing came back: the dialog opens, if it is still wanted.
    pub(super) fn on_trash_listed(&mut self, listing: Result<Vec<TrashItem>, String>) {
        if self.awaiting != Some(Awaited::Trash) {
            return;
        }
        self.awaiting = None;
        popup::trash::listed(self, listing);
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! For unit tests: the effects an event asks for, with every read carried out against
    //! the store and its outcome handed back, as the loop's worker would.

    use std::collections::VecDeque;

    use super::super::event::{Effect, Env, Event};
    use super::App;
    use crate::store::Store;

    /// A data dir (in `dir`) holding one DGS assessment of the service `name`, no answer
    /// yet, and an app listing it with nothing open; the environment at a fixed time.
    pub(crate) fn listing_one(
        dir: &std::path::Path,
        name: &str,
    ) -> (Store, App, Env, crate::store::Assessment) {
        let (store, app, env, mut made) = listing(dir, &[name]);
        (store, app, env, made.remove(0))
    }

    /// [`listing_one`] with a DGS assessment, no answer yet, for each of `names`.
    pub(crate) fn listing(
        dir: &std::path::Path,
        names: &[&str],
    ) -> (Store, App, Env, Vec<crate::store::Assessment>) {
        use crate::store::{Assessment, RulesetRef, Service};
        let store = Store::open(dir);
        let env = Env {
            now: chrono::DateTime::parse_from_rfc3339("2026-01-01T09:00:00+07:00").unwrap(),
        };
        let made: Vec<Assessment> = names
            .iter()
            .map(|name| {
                let a = Assessment::new(
                    Service {
                        name: (*name).into(),
                        ..Default::default()
                    },
                    RulesetRef {
                        id: "dgs-1-2-2564".into(),
                        ..Default::default()
                    },
                    crate::answers::AnswerSet::Single(Default::default()),
                    env.now,
                );
                store.create(&a).unwrap();
                a
            })
            .collect();
        let registry = crate::ruleset::registry::Registry::builtin();
        let entries = store
            .scan(&|a| crate::catalog::summarize(&registry, a), "")
            .unwrap()
            .entries;
        let app = App::new(super::super::Init {
            registry,
            data_dir: dir.to_path_buf(),
            lang: crate::text::Lang::En,
            default_ruleset: "dgs-1-2-2564".into(),
            entries,
            ..Default::default()
        });
        (store, app, env, made)
    }

    /// Hands `event` to the app, then each file it asks for, until it asks for no more.
    /// Returns the other effects, in order.
    pub(crate) fn handle(app: &mut App, store: &Store, event: Event, env: &Env) -> Vec<Effect> {
        let mut queue: VecDeque<Effect> = app.handle(event, env).into();
        let mut rest = Vec::new();
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Load { id, purpose } => {
                    let result = store.load(&id);
                    queue.extend(app.handle(
                        Event::Loaded {
                            id,
                            purpose,
                            result,
                        },
                        env,
                    ));
                }
                Effect::ListTrash => {
                    let listing = store.trash_listing().map_err(|e| e.to_string());
                    queue.extend(app.handle(Event::TrashListed(listing), env));
                }
                other => rest.push(other),
            }
        }
        rest
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::super::event::{Effect, Env, Event};
    use super::super::preview::{PreviewOf, Shown};
    use super::super::{Action, App, Init, Pane};
    use super::Purpose;
    use crate::catalog;
    use crate::ruleset::registry::Registry;
    use crate::store::Store;
    use crate::text::Lang;

    fn env() -> Env {
        Env {
            now: DateTime::parse_from_rfc3339("2026-01-01T09:00:00+07:00").unwrap(),
        }
    }

    /// An app listing two assessments, nothing asked for yet.
    fn two(dir: &std::path::Path) -> (App, Store) {
        let (store, app, _, _) = super::testing::listing(dir, &["Portal", "Tax e-filing"]);
        (app, store)
    }

    /// The files an event asks for, not read yet.
    fn loads(effects: Vec<Effect>) -> Vec<(String, Purpose)> {
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Load { id, purpose } => Some((id, purpose)),
                _ => None,
            })
            .collect()
    }

    fn deliver(app: &mut App, store: &Store, (id, purpose): (String, Purpose)) -> Vec<Effect> {
        let result = store.load(&id);
        app.handle(
            Event::Loaded {
                id,
                purpose,
                result,
            },
            &env(),
        )
    }

    fn previewed(app: &App) -> Option<String> {
        match app.shown() {
            Shown::Preview(p) => match &p.of {
                PreviewOf::Assessment { assessment, .. } => Some(assessment.id.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    #[test]
    fn a_preview_that_comes_after_the_highlight_moved_on_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = two(dir.path());
        let mut asked = loads(app.handle(Event::Focus(Pane::List), &env()));
        assert_eq!(asked.len(), 1, "the highlighted row's file is asked for");
        let top = asked.remove(0);
        // Down before the file comes: the next row's file is asked for.
        let mut next = loads(app.handle(Event::Action(Action::Down), &env()));
        assert_eq!(next.len(), 1);
        let second = next.remove(0);
        assert_ne!(top.0, second.0);
        // The first row's file comes now: no longer wanted, the pane keeps what it had.
        assert!(loads(deliver(&mut app, &store, top)).is_empty());
        assert_eq!(previewed(&app), None);
        let id = second.0.clone();
        assert!(loads(deliver(&mut app, &store, second)).is_empty());
        assert_eq!(previewed(&app), Some(id));
    }

    #[test]
    fn the_next_service_previewed_starts_at_its_top() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = two(dir.path());
        let first = loads(app.handle(Event::Focus(Pane::List), &env())).remove(0);
        deliver(&mut app, &store, first);
        // The first preview read down to its end.
        app.result_scroll.measure(60, 10);
        app.result_scroll.set(40);
        assert_eq!(app.result_scroll.offset(), 40);
        let second = loads(app.handle(Event::Action(Action::Down), &env())).remove(0);
        deliver(&mut app, &store, second);
        assert_eq!(app.result_scroll.offset(), 0, "the levels are in view");
    }

    #[test]
    fn the_assessment_open_last_time_opens_again_without_the_view_written_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let (app, store) = two(dir.path());
        let id = app.list.entries()[1].path().file_stem().unwrap();
        let id = id.to_string_lossy().into_owned();
        // The second row was open, the wizard in focus.
        let view = crate::store::ViewState {
            lang: Some("en".into()),
            sort: Some(<&str>::from(app.list.sort()).to_string()),
            filter: String::new(),
            focus: Some("wizard".into()),
            open: Some(id.clone()),
        };
        // Started again, with the view the last run left.
        let registry = Registry::builtin();
        let entries = store
            .scan(&|a| catalog::summarize(&registry, a), "")
            .unwrap()
            .entries;
        let mut app = App::new(Init {
            registry,
            data_dir: dir.path().to_path_buf(),
            lang: Lang::En,
            default_ruleset: "dgs-1-2-2564".into(),
            entries,
            view,
            ..Init::default()
        });
        let effects = app.handle(Event::Started, &env());
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::RememberView(_))),
            "nothing open for a moment is not the view to keep: {effects:?}"
        );
        let open = loads(effects)
            .into_iter()
            .find(|(_, p)| matches!(p, Purpose::Open { .. }))
            .expect("the file is asked for");
        let effects = deliver(&mut app, &store, open);
        assert_eq!(app.open_id(), Some(id.as_str()));
        assert_eq!(app.focus, Pane::Wizard);
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::RememberView(_))),
            "back as it was left: {effects:?}"
        );
    }

    #[test]
    fn an_open_replaced_by_a_newer_request_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = two(dir.path());
        let first = loads(app.handle(Event::Action(Action::Open), &env()))
            .into_iter()
            .find(|(_, p)| matches!(p, Purpose::Open { .. }))
            .expect("the file to open is asked for");
        assert!(app.loading());
        assert!(app.open.is_none(), "nothing opens before its file comes");
        // Keys wait for the open, but a file back from the trash (the last word) is the read
        // waited for now.
        let other = app.list.get(1).unwrap().path().to_path_buf();
        let second = loads(app.handle(Event::Restored(Ok(other.clone())), &env()))
            .into_iter()
            .find(|(_, p)| matches!(p, Purpose::Restored))
            .expect("the restored file is read");
        deliver(&mut app, &store, first);
        assert!(app.open.is_none(), "the first request was replaced");
        assert!(app.loading());
        deliver(&mut app, &store, second);
        assert!(!app.loading());
        assert_eq!(
            app.list.selected_entry().map(|e| e.path()),
            Some(other.as_path())
        );
    }
}

#[cfg(test)]
mod typed_ahead {
    use super::super::event::{Effect, Event};
    use super::super::{Action, Pane};
    use super::testing::listing_one;

    #[test]
    fn keys_typed_while_the_file_is_read_go_to_what_it_opens_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let (store, mut app, env, a) = listing_one(dir.path(), "Tax e-filing");
        // Enter, then "3" (an answer in the wizard) before the file has come.
        let asked = app.handle(Event::Action(Action::Open), &env);
        let Some(Effect::Load { id, purpose }) =
            asked.into_iter().find(|e| matches!(e, Effect::Load { .. }))
        else {
            panic!("the open reads the file")
        };
        assert!(app.handle(Event::Action(Action::Pick3), &env).is_empty());
        assert_eq!(app.focus, Pane::List, "nothing happened yet");
        assert!(app.open.is_none());
        // The file comes: it opens, and the key typed meanwhile answers its first question.
        app.handle(
            Event::Loaded {
                id,
                purpose,
                result: store.load(&a.id),
            },
            &env,
        );
        assert_eq!(app.focus, Pane::Wizard);
        let o = app.open.as_ref().expect("opened");
        assert_eq!(
            o.session
                .answers()
                .get("service.group")
                .and_then(|v| v.as_choice()),
            Some("transactional"),
            "the third option of the first question"
        );
    }
}
