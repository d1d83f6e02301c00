//! What an action does outside dialogs: the keys every pane shares, then the focused pane's.

use super::action::Action;
use super::event::Effect;
use super::history::Changed;
use super::popup;
use super::say::Say;
use super::session::CopiedFrom;
use super::wizard;
use super::{App, Pane, Sort};

/// Lines the question's help moves per Ctrl-d or Ctrl-u.
const HELP_STEP: usize = 3;
use crate::store::ScanEntry;

impl App {
    pub(super) fn on_action(&mut self, action: Action) {
        if let Some(p) = self.popup.take() {
            self.popup_action(p, action);
            return;
        }
        if self.list.filtering {
            self.filter_action(action);
            return;
        }
        // "saved" stays until another word replaces it: it is still true, and blanking it on
        // every key would only send bytes.
        if self.status != Some(Say::Saved) {
            self.status = None;
        }
        match action {
            Action::Quit => {
                self.flush();
                self.quit = true;
            }
            Action::Suspend => self.effects.push(Effect::Suspend),
            Action::Help => self.popup = Some(popup::help::open(self)),
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
            Action::EditFile => self.edit_file(),
            Action::CopyId => self.copy_id(),
            Action::Brief => popup::brief::open(self),
            Action::Sync => self.start_sync(),
            Action::History => self.open_history(),
            Action::Undo => self.undo_redo(false),
            Action::Redo => self.undo_redo(true),
            // One meaning per level: from a pane, back to the list (its filter and sort kept,
            // and shown in its title); in the list, both go back to how it starts. Nothing
            // else changes.
            Action::Back => {
                if self.focus != Pane::List {
                    self.focus = Pane::List;
                } else {
                    if !self.list.filter().is_empty() {
                        self.list.clear_filter(&self.registry);
                    }
                    if self.list.sort() != Sort::default() {
                        self.list.set_sort(Sort::default(), &self.registry);
                        self.status = Some(Say::SortedBy(Sort::default()));
                    }
                }
            }
            _ => match self.focus {
                Pane::List => self.list_action(action),
                Pane::Wizard => self.wizard_action(action),
                Pane::Result => self.result_action(action),
            },
        }
    }

    pub(super) fn on_text(&mut self, text: &str) {
        if self.popup.is_some() {
            self.popup_text(text);
        } else if self.list.filtering {
            self.list
                .edit_filter(&self.registry, |f| f.insert_str(text));
        }
    }

    fn filter_action(&mut self, action: Action) {
        match action {
            Action::Back => {
                self.list.filtering = false;
                self.list.clear_filter(&self.registry);
            }
            Action::Choose => {
                self.list.filtering = false;
                self.open_selected();
            }
            Action::Down | Action::Up | Action::FocusNext => self.list.filtering = false,
            Action::Quit => {
                self.flush();
                self.quit = true;
            }
            Action::Suspend => self.effects.push(Effect::Suspend),
            other => self.list.edit_filter(&self.registry, |f| {
                f.apply(other);
            }),
        }
    }

    fn cycle_focus(&mut self, delta: isize) {
        let panes: &[Pane] = if self.open.is_some() {
            &[Pane::List, Pane::Wizard, Pane::Result]
        } else {
            &[Pane::List]
        };
        let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len() as isize;
        self.focus = panes[(i as isize + delta).rem_euclid(n) as usize];
    }

    fn list_action(&mut self, action: Action) {
        match action {
            Action::Up => self.list.move_by(-1),
            Action::Down => self.list.move_by(1),
            Action::PageUp => self.list.move_by(-10),
            Action::PageDown => self.list.move_by(10),
            Action::First => self.list.select(0),
            Action::Last => self.list.select(usize::MAX),
            Action::Filter => self.list.filtering = true,
            Action::Sort => {
                let sort = self.list.sort().next();
                self.list.set_sort(sort, &self.registry);
                self.status = Some(Say::SortedBy(sort));
            }
            Action::New => popup::form::open(self, popup::form::FormMode::New),
            // A file that does not parse can be read in an editor or put away, nothing else:
            // the keys that need its contents say so instead of doing nothing.
            Action::Edit | Action::Copy | Action::Export | Action::Compare
                if matches!(self.list.selected_entry(), Some(ScanEntry::Broken { .. })) =>
            {
                self.status = Some(Say::BrokenFile);
            }
            Action::Edit | Action::Copy => {
                if let Some(ScanEntry::Ok(s)) = self.list.selected_entry() {
                    let id = s.id.clone();
                    let mode = if action == Action::Edit {
                        popup::form::FormMode::Edit(id)
                    } else {
                        popup::form::FormMode::Copy(id)
                    };
                    popup::form::open(self, mode);
                }
            }
            Action::Delete => {
                let confirm = match self.list.selected_entry() {
                    Some(ScanEntry::Ok(s)) => Some((s.service_name.clone(), s.path.clone())),
                    Some(ScanEntry::Broken { path, .. }) => Some((
                        path.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        path.clone(),
                    )),
                    None => None,
                };
                if let Some((name, path)) = confirm {
                    let about = popup::confirm::About::Delete { name, path };
                    self.popup = Some(popup::confirm::ask(about));
                }
            }
            Action::Trash => popup::trash::open(self),
            Action::Open | Action::Choose => self.open_selected(),
            Action::Export => self.popup = popup::export::open(self),
            Action::Compare => self.popup = popup::compare::open(self),
            _ => {}
        }
    }

    /// `E`: the file in the user's editor — the list's highlight there, elsewhere the
    /// assessment being worked on. Not for a trainee whose result is hidden (the file holds
    /// the levels), nor on a scenario handed out to a trainee (its brief is the trainer's).
    fn edit_file(&mut self) {
        if self.result_hidden() {
            self.status = Some(Say::EditorRefused { hidden: true });
            return;
        }
        // Whether it is a scenario handed out: the open assessment says so from memory; a
        // row of the list only by its file, read only in a trainee's data dir (then the
        // editor waits for it: `edit_loaded`).
        let (path, scenario) = match (self.focus, &self.open) {
            (Pane::List, _) | (_, None) => match self.list.selected_entry() {
                Some(ScanEntry::Ok(s)) if self.trainee => {
                    let (id, path) = (s.id.clone(), s.path.clone());
                    self.load(&id, super::load::Purpose::EditFile { path });
                    return;
                }
                Some(ScanEntry::Ok(s)) => (s.path.clone(), false),
                Some(e) => (e.path().to_path_buf(), false),
                None => {
                    self.status = Some(Say::OpenFirst);
                    return;
                }
            },
            (_, Some(o)) => (
                o.loaded.path.clone(),
                self.brief_locked(&o.loaded.assessment),
            ),
        };
        if scenario {
            self.status = Some(Say::EditorRefused { hidden: false });
            return;
        }
        self.effects.push(Effect::OpenEditor(path));
    }

    /// The row's file has been read for `E` in a trainee's data dir: a scenario handed out
    /// stays the trainer's; anything else (a file that cannot be read too) goes to the editor.
    pub(super) fn edit_loaded(
        &mut self,
        path: std::path::PathBuf,
        r: Result<crate::store::Loaded, crate::store::LoadError>,
    ) {
        if r.is_ok_and(|l| self.brief_locked(&l.assessment)) {
            self.status = Some(Say::EditorRefused { hidden: false });
        } else {
            self.effects.push(Effect::OpenEditor(path));
        }
    }

    /// `y`: the id and the levels of what the result pane shows, to the clipboard, each level
    /// as a person reads it (its label: a label may hold spaces, so "ID — No identity
    /// proofing, AAL1, none").
    fn copy_id(&mut self) {
        let lang = self.lang;
        let text = match self.shown() {
            super::preview::Shown::Open(o) => {
                let rs = &o.session.ruleset;
                let levels = crate::engine::levels_of(rs, &o.session.eval);
                Some((
                    o.loaded.assessment.id.clone(),
                    crate::catalog::shown_levels(Some(rs), &levels, lang),
                ))
            }
            _ => match self.list.selected_entry() {
                Some(ScanEntry::Ok(s)) => {
                    let rs = self.registry.get(&s.ruleset_id).map(|r| &**r);
                    Some((
                        s.id.clone(),
                        crate::catalog::shown_levels(rs, &s.levels, lang),
                    ))
                }
                _ => None,
            },
        };
        let Some((id, levels)) = text else {
            self.status = Some(Say::OpenFirst);
            return;
        };
        // A trainee's levels stay hidden until the end, the clipboard included.
        let text = if self.result_hidden() || levels.is_empty() {
            id
        } else {
            let shown: Vec<&str> = levels.iter().map(|(_, l)| l.as_str()).collect();
            format!("{id} — {}", shown.join(", "))
        };
        self.effects.push(Effect::Clipboard(text.clone()));
        self.status = Some(Say::Copied(text));
    }

    fn wizard_action(&mut self, action: Action) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let was_complete = open.session.eval.complete();
        let standing_before = super::conflicts::standing(open).len();
        let s = &mut open.session;
        let changed = match action {
            Action::Up => {
                if s.cursor.option == 0 {
                    if s.move_row(-1) {
                        s.cursor.option =
                            wizard::option_count(&s.ruleset, s.cursor.question).saturating_sub(1);
                    }
                } else {
                    s.move_option(-1);
                }
                false
            }
            Action::Down => {
                let n = wizard::option_count(&s.ruleset, s.cursor.question);
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
            // The view keeps the help inside its text; a step is three lines.
            Action::HelpDown => {
                s.cursor.help += HELP_STEP;
                false
            }
            Action::HelpUp => {
                s.cursor.help = s.cursor.help.saturating_sub(HELP_STEP);
                false
            }
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
                    self.status = Some(Say::AllAnswered);
                }
                false
            }
            Action::CopyProofingToAuth => {
                let copied = s.copy_previous_matrix();
                let done = copied.is_some();
                self.status = Some(match copied {
                    Some(CopiedFrom::EarlierMatrix) => Say::CopiedImpacts,
                    Some(CopiedFrom::Group(group)) => Say::CopiedGroupImpacts { group },
                    None => Say::NothingToCopy,
                });
                done
            }
            Action::NextGroup | Action::PrevGroup => {
                if s.group_count() > 1 {
                    s.switch_group(if action == Action::NextGroup { 1 } else { -1 });
                } else {
                    self.status = Some(Say::NoGroups);
                }
                false
            }
            Action::RenameGroup => {
                self.offer(popup::group_name::open_rename(self));
                return;
            }
            Action::RemoveGroup => {
                match s.current_group() {
                    Some(g) if s.group_count() > 1 => {
                        let name = if g.name.is_empty() {
                            g.id.clone()
                        } else {
                            g.name.clone()
                        };
                        let about = popup::confirm::About::RemoveGroup { name };
                        self.popup = Some(popup::confirm::ask(about));
                    }
                    _ => self.status = Some(Say::NoGroups),
                }
                return;
            }
            Action::QuestionIndex => {
                popup::index::open(self);
                return;
            }
            Action::Export => {
                self.popup = popup::export::open(self);
                return;
            }
            Action::Compare => {
                self.popup = popup::compare::open(self);
                return;
            }
            Action::Note => {
                self.popup = popup::note::open(self);
                return;
            }
            Action::Whatif => {
                self.popup = popup::whatif::open(self);
                return;
            }
            Action::AddGroup => {
                self.offer(popup::group_name::open(self));
                return;
            }
            other => match other.pick_index() {
                Some(i) => s.choose(i),
                None => false,
            },
        };
        // Choosing the value already in place still resolves a conflict: that is a change.
        let changed = changed
            || self
                .open
                .as_ref()
                .is_some_and(|o| super::conflicts::standing(o).len() != standing_before);
        if changed && self.mark_changed() {
            self.open_done_if_completed(was_complete);
        }
    }

    fn result_action(&mut self, action: Action) {
        if self.result_scroll.apply(action) {
            return;
        }
        match action {
            Action::Export => self.popup = popup::export::open(self),
            Action::Whatif => self.popup = popup::whatif::open(self),
            Action::Compare => self.popup = popup::compare::open(self),
            _ => {}
        }
    }

    /// Undo and redo act on the open assessment only, and say what they changed. From the
    /// list, they act only while the list highlights that assessment: a change to a file the
    /// user is not looking at would go unseen.
    pub(in crate::app) fn undo_redo(&mut self, redo: bool) {
        let nothing = if redo {
            Say::NothingToRedo
        } else {
            Say::NothingToUndo
        };
        // In the list, right after a delete: the undo is the delete's.
        if self.focus == Pane::List
            && !redo
            && let Some(path) = self.last_trashed.take()
        {
            self.effects.push(Effect::Restore { path });
            return;
        }
        let Some(open) = self.open.as_mut() else {
            self.status = Some(nothing);
            return;
        };
        let highlighted = self.list.selected_entry().map(ScanEntry::path);
        if self.focus == Pane::List && highlighted != Some(open.loaded.path.as_path()) {
            self.status = Some(Say::UndoIsForOpen {
                service: open.loaded.assessment.service.name.clone(),
            });
            return;
        }
        match open.session.undo_redo(redo) {
            Some(edit) => {
                let service = open.loaded.assessment.service.name.clone();
                // Said first: a change that waits for a yes keeps its word until then.
                // Each value as the reasons say it: in Thai, `no (ไม่ใช่)`.
                let rs = &open.session.ruleset;
                let named = |key: &str, v: Option<String>| {
                    v.map(|v| crate::report::facts::named_value(rs, key, &v, self.lang))
                };
                let changes = edit
                    .changed(!redo)
                    .into_iter()
                    .map(|c| Changed {
                        from: named(&c.what, c.from),
                        to: named(&c.what, c.to),
                        ..c
                    })
                    .collect();
                self.status = Some(Say::Undone {
                    redo,
                    service,
                    changes,
                });
                self.mark_changed();
            }
            None => self.status = Some(nothing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::Event;
    use super::super::load::testing::{handle, listing_one};
    use super::*;
    use crate::text::Lang;

    #[test]
    fn an_undo_says_the_values_in_thai_as_the_reasons_do() {
        let dir = tempfile::tempdir().unwrap();
        let (store, mut app, env, _) = listing_one(dir.path(), "Tax e-filing");
        app.lang = Lang::Th;
        handle(&mut app, &store, Event::Action(Action::Open), &env);
        app.focus = Pane::Wizard;
        // The service group, the first question: its third option.
        app.handle(Event::Action(Action::Pick3), &env);
        app.handle(Event::Action(Action::Undo), &env);
        let Some(Say::Undone { changes, .. }) = &app.status else {
            panic!("{:?}", app.status)
        };
        assert_eq!(changes[0].what, "service.group");
        assert_eq!(
            changes[0].from.as_deref(),
            Some("transactional (การให้บริการธุรกรรม)")
        );
        assert_eq!(changes[0].to, None);
    }
}
