//! The new / edit / copy form: a service's name, agency and description, and for a new one
//! the ruleset it is assessed under.

use std::sync::Arc;

use super::menu::{Menu, Moved};
use super::{Ask, Popup, Reply};
use crate::answers::{AnswerSet, Answers, Group};
use crate::app::App;
use crate::app::action::Action;
use crate::app::event::Effect;
use crate::app::load::{Purpose, Then};
use crate::app::say::Say;
use crate::app::text_input::TextInput;
use crate::catalog;
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::ScanEntry;
use crate::store::{Assessment, FormDraft, LoadError, Loaded, RulesetRef, Service};

/// What the form is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormMode {
    New,
    Edit(String),
    Copy(String),
}

/// The rows of the form, top to bottom.
pub const NAME: usize = 0;
pub const AGENCY: usize = 1;
pub const DESCRIPTION: usize = 2;
pub const RULESET: usize = 3;
const ROWS: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub mode: FormMode,
    /// Name, agency, description.
    pub fields: [TextInput; 3],
    /// Index into the registry's rulesets (only for a new assessment).
    pub ruleset: usize,
    pub focus: usize,
    pub error: Option<Say>,
    /// The rulesets to choose from, filtered as typed, while open over the form (by their
    /// place in the registry): with many user rulesets, cycling one by one is slow.
    pub picker: Option<Menu<usize>>,
}

/// How the ruleset picker shows a ruleset, which is also what its filter finds it by. The id
/// comes first: a title is cut at the dialog's edge, and the id and version are what tell two
/// rulesets (or two versions of one) apart and what the file will record.
pub fn ruleset_label(rs: &Ruleset, lang: crate::text::Lang) -> String {
    format!("{} {} — {}", rs.id, rs.version, rs.title.get(lang))
}

impl Form {
    pub fn focus_is_text(&self) -> bool {
        self.focus < RULESET || self.picker.is_some()
    }

    pub(super) fn type_text(&mut self, text: &str) {
        if let Some(m) = self.picker.as_mut() {
            m.type_text(text);
        } else if let Some(f) = self.fields.get_mut(self.focus) {
            f.insert_str(text);
        }
    }

    /// The picker over the form, the current ruleset highlighted.
    fn open_picker(&mut self, registry: &Registry, lang: crate::text::Lang) {
        let mut menu = Menu::new((0..registry.entries.len()).collect(), |&i: &usize| {
            ruleset_label(&registry.entries[i].ruleset, lang)
        });
        menu.selected = self.ruleset.min(registry.entries.len().saturating_sub(1));
        self.picker = Some(menu);
    }

    /// What a later start needs to show this form again.
    pub fn to_draft(&self, registry: &Registry) -> FormDraft {
        let (mode, id) = match &self.mode {
            FormMode::New => ("new", None),
            FormMode::Edit(id) => ("edit", Some(id.clone())),
            FormMode::Copy(id) => ("copy", Some(id.clone())),
        };
        FormDraft {
            mode: mode.into(),
            id,
            name: self.fields[NAME].text().to_string(),
            agency: self.fields[AGENCY].text().to_string(),
            description: self.fields[DESCRIPTION].text().to_string(),
            ruleset: registry
                .entries
                .get(self.ruleset)
                .map(|e| e.ruleset.id.clone()),
        }
    }

    /// The form a draft describes; `None` when the draft names no mode xal knows.
    pub fn from_draft(d: &FormDraft, registry: &Registry, default_ruleset: &str) -> Option<Form> {
        let mode = match (d.mode.as_str(), &d.id) {
            ("new", _) => FormMode::New,
            ("edit", Some(id)) => FormMode::Edit(id.clone()),
            ("copy", Some(id)) => FormMode::Copy(id.clone()),
            _ => return None,
        };
        let fields = [
            TextInput::single_line().with_text(&d.name),
            TextInput::single_line().with_text(&d.agency),
            TextInput::single_line().with_text(&d.description),
        ];
        let ruleset = d.ruleset.as_deref().unwrap_or(default_ruleset);
        let ruleset = registry
            .entries
            .iter()
            .position(|e| e.ruleset.id == ruleset)
            .unwrap_or(0);
        Some(Form {
            mode,
            fields,
            ruleset,
            focus: NAME,
            error: None,
            picker: None,
        })
    }

    /// Whether anything was typed that would be lost.
    pub fn has_text(&self) -> bool {
        self.fields.iter().any(|f| !f.text().trim().is_empty())
    }

    pub fn has_name(&self) -> bool {
        !self.fields[NAME].text().trim().is_empty()
    }

    fn service(&self) -> Service {
        Service {
            name: self.fields[NAME].text().trim().to_string(),
            agency: self.fields[AGENCY].text().trim().to_string(),
            description: self.fields[DESCRIPTION].text().trim().to_string(),
            owner: None,
        }
    }
}

/// `a` as a new assessment about `service`. A copy of a scenario is still that scenario's
/// answer: it keeps the pack and scenario of its origin and names the assessment it came from.
fn copy_of(app: &App, mut a: Assessment, service: Service) -> Assessment {
    let mut origin = a.origin.take().unwrap_or_default();
    origin.from_id = a.id.clone();
    origin.source.clear();
    a.origin = Some(origin);
    a.id = crate::store::new_id();
    a.service = service;
    a.meta.created = app.now;
    if let Some(rs) = app.registry.get(&a.ruleset.id).cloned() {
        catalog::stamp(&mut a, &rs, app.now);
    }
    a
}

/// Opens the form; for an edit or a copy, filled from the assessment (the open one as it
/// stands, any other once its file has been read: [`with`]).
pub fn open(app: &mut App, mode: FormMode) {
    match &mode {
        FormMode::Edit(id) | FormMode::Copy(id) => {
            let id = id.clone();
            app.with_subject(&id, Then::Form(mode));
        }
        FormMode::New => fill(app, mode, None),
    }
}

/// The assessment an edit or a copy starts from is at hand. In a trainee's data dir a
/// scenario's brief is not offered for change: an edit shows it to read, a copy is made at
/// once.
pub(crate) fn with(app: &mut App, mode: FormMode, found: Result<(Assessment, Arc<Ruleset>), Say>) {
    let a = match found {
        Ok((a, _)) => a,
        Err(say) => {
            app.status = Some(say);
            return;
        }
    };
    if app.brief_locked(&a) {
        match &mode {
            FormMode::Edit(_) => super::brief::show(app, &a),
            // A scenario's copy keeps its brief: there is nothing to fill in.
            _ => {
                let service = a.service.clone();
                let copy = copy_of(app, a, service);
                app.effects.push(Effect::Create(Box::new(copy)));
            }
        }
        return;
    }
    fill(app, mode, Some(a));
}

/// A copy's name: the original's with the first free number, "Tax e-filing (2)", so that the
/// copy and the original are told apart in the list (a number needs no language).
fn copy_name(app: &App, name: &str) -> String {
    let taken = |n: &str| {
        app.list
            .entries()
            .iter()
            .any(|e| matches!(e, ScanEntry::Ok(s) if s.service_name == n))
    };
    // "X (2)" copied again is "X (3)", not "X (2) (2)".
    let base = match name.rsplit_once(" (") {
        Some((b, n))
            if n.strip_suffix(')')
                .is_some_and(|d| d.parse::<u32>().is_ok()) =>
        {
            b
        }
        _ => name,
    };
    (2..)
        .map(|n| format!("{base} ({n})"))
        .find(|c| !taken(c))
        .unwrap_or_else(|| name.to_string())
}

fn fill(app: &mut App, mode: FormMode, source: Option<Assessment>) {
    let mut fields: [TextInput; 3] = Default::default();
    if let Some(a) = &source {
        let name = if matches!(mode, FormMode::Copy(_)) {
            copy_name(app, &a.service.name)
        } else {
            a.service.name.clone()
        };
        fields[NAME].set_text(&name);
        fields[AGENCY].set_text(&a.service.agency);
        fields[DESCRIPTION].set_text(&a.service.description);
    }
    let ruleset = app
        .registry
        .entries
        .iter()
        .position(|e| e.ruleset.id == app.default_ruleset)
        .unwrap_or(0);
    app.show(Popup::Form(Box::new(Form {
        mode,
        fields,
        ruleset,
        focus: NAME,
        error: None,
        picker: None,
    })));
}

pub(super) fn handle(app: &App, mut form: Box<Form>, action: Action) -> Reply {
    if let Some(mut menu) = form.picker.take() {
        // The picker has every key while it is open; Esc (or a pick) goes back to the form
        // with what was typed in it kept.
        match menu.apply(action) {
            Moved::Chosen(i) => form.ruleset = i,
            Moved::Stay if action == Action::Back => {}
            Moved::Stay => form.picker = Some(menu),
        }
        return Reply::stay(Popup::Form(form));
    }
    match action {
        Action::Filter if form.focus == RULESET && form.mode == FormMode::New => {
            form.open_picker(&app.registry, app.lang);
        }
        Action::Back => return Reply::close().ask(Ask::ForgetFormDraft),
        Action::FocusNext | Action::Down => form.focus = (form.focus + 1) % ROWS,
        Action::FocusPrev | Action::Up => form.focus = (form.focus + ROWS - 1) % ROWS,
        Action::Choose => return submit(app, form),
        Action::Left | Action::Right if form.focus == RULESET => {
            let n = app.registry.entries.len().max(1);
            let step = if action == Action::Left { n - 1 } else { 1 };
            form.ruleset = (form.ruleset + step) % n;
        }
        other => {
            if let Some(f) = form.fields.get_mut(form.focus) {
                f.apply(other);
            }
        }
    }
    Reply::stay(Popup::Form(form))
}

/// Creates, edits or copies as the form says. The form stays open until the store answers
/// (then [`App`] closes it, or shows the failure in it); an empty name keeps it open with a
/// word on what is missing. A copy, and an edit of an assessment that is not open, start from
/// the file: it is read first ([`copy_loaded`], [`edit_loaded`]).
pub(crate) fn submit(app: &App, mut form: Box<Form>) -> Reply {
    let service = form.service();
    if service.name.is_empty() {
        form.error = Some(Say::NameMissing);
        form.focus = NAME;
        return Reply::stay(Popup::Form(form));
    }
    form.error = None;
    let ask = match &form.mode {
        FormMode::New => {
            let Some(entry) = app.registry.entries.get(form.ruleset) else {
                return Reply::stay(Popup::Form(form));
            };
            let rs = entry.ruleset.clone();
            let answers = if rs.is_grouped() {
                // A grouped assessment starts with one group, renamed in the file if needed.
                AnswerSet::Groups(vec![Group::first(crate::text::first_group_name(app.lang))])
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
                app.now,
            );
            catalog::stamp(&mut a, &rs, app.now);
            Ask::Effect(Effect::Create(Box::new(a)))
        }
        FormMode::Copy(id) => Ask::Load {
            id: id.clone(),
            purpose: Purpose::FormCopy(service),
        },
        FormMode::Edit(id) if app.open_id() == Some(id.as_str()) => {
            // A draft kept from an earlier run comes here without `open`: a scenario's brief
            // stays as it was handed out all the same.
            if let Some(o) = app.open.as_ref()
                && app.brief_locked(&o.loaded.assessment)
            {
                let brief = super::brief::popup(&o.loaded.assessment);
                return Reply::stay(brief).ask(Ask::ForgetFormDraft);
            }
            return Reply::close()
                .ask(Ask::SetService(service))
                .ask(Ask::ForgetFormDraft);
        }
        FormMode::Edit(id) => Ask::Load {
            id: id.clone(),
            purpose: Purpose::FormEdit(service),
        },
    };
    Reply::stay(Popup::Form(form)).ask(ask)
}

/// A failure the store gave for the form's file: shown in the form, while it is open.
fn form_failed(app: &mut App, e: LoadError) {
    match &mut app.popup {
        Some(Popup::Form(f)) => f.error = Some(Say::Problem(e.to_string())),
        _ => app.status = Some(Say::Problem(e.to_string())),
    }
}

/// The file to copy has been read: the copy, with the form's service, is created.
pub(crate) fn copy_loaded(app: &mut App, service: Service, r: Result<Loaded, LoadError>) {
    match r {
        Ok(l) => {
            // A draft kept from an earlier run cannot change a scenario's brief either.
            let service = if app.brief_locked(&l.assessment) {
                l.assessment.service.clone()
            } else {
                service
            };
            let a = copy_of(app, l.assessment, service);
            app.effects.push(Effect::Create(Box::new(a)));
        }
        Err(e) => form_failed(app, e),
    }
}

/// The file to edit (not the open one) has been read: saved with the form's service. A
/// scenario handed out to a trainee keeps its brief: shown to read, the form dropped.
pub(crate) fn edit_loaded(app: &mut App, service: Service, r: Result<Loaded, LoadError>) {
    match r {
        Ok(l) if app.brief_locked(&l.assessment) => {
            app.forget_form_draft();
            if matches!(app.popup, Some(Popup::Form(_))) {
                app.popup = None;
            }
            super::brief::show(app, &l.assessment);
        }
        Ok(l) => {
            let mut a = l.assessment.clone();
            a.service = service;
            a.meta.updated = app.now;
            app.effects.push(Effect::Save {
                loaded: Box::new(l),
                assessment: Box::new(a),
            });
        }
        Err(e) => form_failed(app, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Init;
    use crate::text::Lang;

    fn app(lang: Lang) -> App {
        App::new(Init {
            registry: Registry::builtin(),
            lang,
            default_ruleset: "dgs-1-2-2564".into(),
            ..Init::default()
        })
    }

    /// A new-service form with a name and agency typed, on the ruleset's row.
    fn on_the_ruleset(app: &App) -> Box<Form> {
        let mut f = Form::from_draft(
            &FormDraft {
                mode: "new".into(),
                name: "Tax e-filing".into(),
                agency: "Revenue".into(),
                ..FormDraft::default()
            },
            &app.registry,
            &app.default_ruleset,
        )
        .unwrap();
        f.focus = RULESET;
        Box::new(f)
    }

    fn form(reply: Reply) -> Box<Form> {
        assert!(reply.asks.is_empty(), "{:?}", reply.asks);
        match reply.next {
            Some(Popup::Form(f)) => f,
            other => panic!("{other:?}"),
        }
    }

    fn id(app: &App, f: &Form) -> String {
        app.registry.entries[f.ruleset].ruleset.id.clone()
    }

    #[test]
    fn the_ruleset_is_picked_from_a_list_filtered_as_typed() {
        let app = app(Lang::En);
        let f = form(handle(&app, on_the_ruleset(&app), Action::Filter));
        let m = f.picker.as_ref().expect("the picker is open");
        assert_eq!(m.shown().len(), app.registry.entries.len());
        assert_eq!(
            m.highlighted(),
            Some(f.ruleset),
            "the current one highlighted"
        );
        let mut f = f;
        f.type_text("63-4");
        let m = f.picker.as_ref().unwrap();
        assert_eq!(m.shown().len(), 1, "only 800-63-4's id has 63-4");
        let f = form(handle(&app, f, Action::Choose));
        assert!(f.picker.is_none(), "back to the form");
        assert_eq!(id(&app, &f), "nist-800-63-4");
        assert_eq!(f.fields[NAME].text(), "Tax e-filing");
        assert_eq!(f.fields[AGENCY].text(), "Revenue");
        assert_eq!(f.focus, RULESET);
    }

    #[test]
    fn esc_in_the_picker_goes_back_to_the_form_unchanged() {
        let app = app(Lang::En);
        let before = on_the_ruleset(&app);
        let mut f = form(handle(&app, before.clone(), Action::Filter));
        f.type_text("800-63-3");
        let f = form(handle(&app, f, Action::Down));
        let f = form(handle(&app, f, Action::Back));
        assert_eq!(f, before, "nothing changed, the form still open");
    }

    #[test]
    fn a_ruleset_is_found_by_its_thai_title_in_thai() {
        let app = app(Lang::Th);
        let mut f = form(handle(&app, on_the_ruleset(&app), Action::Filter));
        f.type_text("แยกตามกลุ่มผู้ใช้");
        let f = form(handle(&app, f, Action::Choose));
        assert_eq!(id(&app, &f), "nist-800-63-4");
    }

    #[test]
    fn the_picker_is_for_a_new_service_only_and_arrows_still_cycle() {
        let app = app(Lang::En);
        let mut edit = on_the_ruleset(&app);
        edit.mode = FormMode::Edit("x".into());
        assert!(form(handle(&app, edit, Action::Filter)).picker.is_none());
        let f = on_the_ruleset(&app);
        let first = f.ruleset;
        let f = form(handle(&app, f, Action::Right));
        assert_ne!(f.ruleset, first);
        let f = form(handle(&app, f, Action::Left));
        assert_eq!(f.ruleset, first);
    }
}
