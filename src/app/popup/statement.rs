//! `D`: the acceptance statement (800-63-4's DIAS) of the user group being answered, row by
//! row: the final level of each target the ruleset lets the assessor tailor, the rationale,
//! the three tailoring areas, the compensating and supplemental controls, and the rest of
//! what the statement records. A text row is edited in place; every saved field, level
//! change, control added or removed is one undoable edit ([`App::edit_statement`]).

use super::{Ask, Popup, Reply};
use crate::answers::{Control, ControlPart, StatementText, Tailoring};
use crate::app::action::Action;
use crate::app::text_input::TextInput;
use crate::app::{App, Say};

/// Lines the field being edited takes under its row.
pub const EDITOR_HEIGHT: usize = 4;

/// The dialog's width on a large screen; smaller screens give it all they have.
pub const WIDTH: u16 = 96;

/// The cells the editor is drawn in on a screen this wide: the dialog less its borders and
/// the indent.
pub fn editor_width(screen_width: u16) -> usize {
    let dialog = if screen_width < 100 {
        screen_width
    } else {
        WIDTH
    };
    usize::from(dialog).saturating_sub(2 + EDITOR_INDENT).max(8)
}

/// Cells before the editor, under its row's label.
pub const EDITOR_INDENT: usize = 4;

/// The free-text fields above the controls, then below them.
pub const TOP_TEXTS: [StatementText; 4] = [
    StatementText::Rationale,
    StatementText::Privacy,
    StatementText::Experience,
    StatementText::Threats,
];
pub const BOTTOM_TEXTS: [StatementText; 5] = [
    StatementText::Cost,
    StatementText::Provider,
    StatementText::ProviderDias,
    StatementText::Evaluation,
    StatementText::Redress,
];

/// The two lists of controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Compensating,
    Supplemental,
}

impl Section {
    /// What a control of this list says, in order (its name first).
    pub fn parts(self) -> &'static [ControlPart] {
        match self {
            Section::Compensating => &ControlPart::COMPENSATING,
            Section::Supplemental => &ControlPart::SUPPLEMENTAL,
        }
    }

    /// The key in the saved file.
    pub fn key(self) -> &'static str {
        match self {
            Section::Compensating => "compensating",
            Section::Supplemental => "supplemental",
        }
    }

    pub fn list(self, t: &Tailoring) -> &Vec<Control> {
        match self {
            Section::Compensating => &t.compensating,
            Section::Supplemental => &t.supplemental,
        }
    }

    pub fn list_mut(self, t: &mut Tailoring) -> &mut Vec<Control> {
        match self {
            Section::Compensating => &mut t.compensating,
            Section::Supplemental => &mut t.supplemental,
        }
    }
}

/// One row of the dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Row {
    /// The final level of a target (by index in the ruleset).
    Level(usize),
    Text(StatementText),
    /// A list's heading.
    Section(Section),
    /// One part of one control (counted from 0).
    Part {
        section: Section,
        index: usize,
        part: ControlPart,
    },
}

impl Row {
    /// Whether Enter edits it as text.
    pub fn is_text(self) -> bool {
        matches!(self, Row::Text(_) | Row::Part { .. })
    }

    /// The text it holds in the statement.
    pub fn text(self, t: Option<&Tailoring>) -> &str {
        let Some(t) = t else { return "" };
        match self {
            Row::Text(f) => t.text(f),
            Row::Part {
                section,
                index,
                part,
            } => section
                .list(t)
                .get(index)
                .map_or("", |c: &Control| c.part(part)),
            Row::Level(_) | Row::Section(_) => "",
        }
    }

    /// How the undo history names a change to it: `statement.rationale`,
    /// `statement.compensating.1.why` (controls counted from 1, as the dialog shows them).
    pub fn what(self, rs: &crate::ruleset::Ruleset) -> String {
        match self {
            Row::Level(t) => format!("statement.{}", rs.targets[t].id),
            Row::Text(f) => format!("statement.{}", f.key()),
            Row::Section(s) => format!("statement.{}", s.key()),
            Row::Part {
                section,
                index,
                part,
            } => format!("statement.{}.{}.{}", section.key(), index + 1, part.key()),
        }
    }
}

/// The rows, in order: the tailorable targets' levels, the rationale and tailoring areas,
/// each list of controls under its heading, then cost, the outside provider, evaluation and
/// redress. `adding` is a control being named, shown at the end of its list.
pub fn rows(tailorable: &[usize], t: Option<&Tailoring>, adding: Option<Section>) -> Vec<Row> {
    let mut rows: Vec<Row> = tailorable.iter().map(|&i| Row::Level(i)).collect();
    rows.extend(TOP_TEXTS.iter().map(|&f| Row::Text(f)));
    for section in [Section::Compensating, Section::Supplemental] {
        rows.push(Row::Section(section));
        let n = t.map_or(0, |t| section.list(t).len()) + usize::from(adding == Some(section));
        for index in 0..n {
            let parts: &[ControlPart] = if adding == Some(section) && index + 1 == n {
                &[ControlPart::Control]
            } else {
                section.parts()
            };
            rows.extend(parts.iter().map(|&part| Row::Part {
                section,
                index,
                part,
            }));
        }
    }
    rows.extend(BOTTOM_TEXTS.iter().map(|&f| Row::Text(f)));
    rows
}

/// A field being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editing {
    pub row: Row,
    pub field: TextInput,
    /// A new control's name: nothing is added unless it is saved with a name.
    pub adding: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statement {
    /// The highlighted row.
    pub selected: usize,
    /// The first row shown.
    pub top: usize,
    /// Lines of rows the last frame had room for (0 before the first frame).
    pub view: usize,
    pub editing: Option<Editing>,
}

impl Statement {
    /// The control being named, if any.
    pub fn adding(&self) -> Option<Section> {
        match &self.editing {
            Some(Editing {
                adding: true,
                row: Row::Part { section, .. },
                ..
            }) => Some(*section),
            _ => None,
        }
    }

    /// Lines the rows from `top` through the highlighted one take.
    fn lines_through(&self, top: usize) -> usize {
        let editor = if self.editing.is_some() {
            EDITOR_HEIGHT
        } else {
            0
        };
        (self.selected + 1).saturating_sub(top) + editor
    }

    /// The first row to show so that the highlighted row (and the field under it) is in
    /// view, moving as little as possible from `top`.
    pub fn first_row(&self, view: usize) -> usize {
        let mut top = self.top.min(self.selected);
        while top < self.selected && self.lines_through(top) > view.max(1) {
            top += 1;
        }
        top
    }

    fn keep_visible(&mut self) {
        if self.view > 0 {
            self.top = self.first_row(self.view);
        } else {
            self.top = self.top.min(self.selected);
        }
    }

    /// What the last frame measured: rows shown `view` lines at a time.
    pub fn measure(&mut self, view: usize) {
        self.view = view;
        self.keep_visible();
    }
}

/// Whether the open assessment's ruleset has an acceptance statement (grouped, with targets
/// the assessor may tailor).
pub fn offered(app: &App) -> bool {
    app.open.as_ref().is_some_and(|o| {
        let s = &o.session;
        matches!(s.doc.answers, crate::answers::AnswerSet::Groups(_))
            && s.ruleset
                .groups
                .as_ref()
                .is_some_and(|g| !g.tailoring.is_empty())
    })
}

/// The dialog on the group being answered, or why there is none (no assessment open, a
/// ruleset without one, a result hidden from a trainee).
pub fn open(app: &App) -> Result<Popup, Say> {
    if app.open.is_none() {
        return Err(Say::OpenFirst);
    }
    if app.result_hidden() {
        // The statement shows levels: not while the result is hidden.
        return Err(Say::ResultHidden("acceptance statement"));
    }
    if !offered(app) {
        return Err(Say::NoStatement);
    }
    Ok(Popup::Statement(Statement::default()))
}

fn tailorable(app: &App) -> Vec<usize> {
    app.open
        .as_ref()
        .and_then(|o| o.session.ruleset.groups.as_ref())
        .map(|g| g.tailoring.clone())
        .unwrap_or_default()
}

/// The rows as the dialog shows them now.
pub fn current_rows(app: &App, p: &Statement) -> Vec<Row> {
    let statement = app.open.as_ref().and_then(|o| o.session.statement());
    rows(&tailorable(app), statement, p.adding())
}

/// One change to the statement, as data: what a key asks the app to do to it
/// ([`Ask::EditStatement`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A free-text field.
    Text(StatementText, String),
    /// A new control by this name, at `index` of its list (after the ones there).
    AddControl {
        section: Section,
        index: usize,
        name: String,
    },
    /// One part of a control.
    Part {
        section: Section,
        index: usize,
        part: ControlPart,
        text: String,
    },
    /// A target's final level (by ids); `None` back at the initial level, the override gone.
    Level {
        target: String,
        level: Option<String>,
    },
    /// A control taken out of its list.
    RemoveControl { section: Section, index: usize },
}

impl Change {
    pub fn apply(self, t: &mut Tailoring) {
        match self {
            Change::Text(f, text) => *t.text_mut(f) = text,
            Change::AddControl {
                section,
                index,
                name,
            } => {
                let list = section.list_mut(t);
                list.truncate(index);
                list.push(Control::named(name));
            }
            Change::Part {
                section,
                index,
                part,
                text,
            } => {
                if let Some(c) = section.list_mut(t).get_mut(index) {
                    c.set_part(part, text);
                }
            }
            Change::Level {
                target,
                level: None,
            } => {
                t.levels.remove(&target);
            }
            Change::Level {
                target,
                level: Some(level),
            } => {
                t.levels.insert(target, level);
            }
            Change::RemoveControl { section, index } => {
                let list = section.list_mut(t);
                if index < list.len() {
                    list.remove(index);
                }
            }
        }
    }
}

pub(super) fn handle(app: &App, mut p: Statement, action: Action) -> Reply {
    let asks = if p.editing.is_some() {
        edit_action(app, &mut p, action)
    } else {
        match row_action(app, &mut p, action) {
            Some(asks) => asks,
            None => return Reply::close(),
        }
    };
    // The highlight is kept inside the rows once the app has made the changes asked
    // ([`settle`]).
    Reply::stay(Popup::Statement(p)).asks(asks)
}

/// The statement as the app left it after a reply: the highlight inside its rows, in view.
pub(super) fn settle(app: &App, p: &mut Statement) {
    let n = current_rows(app, p).len();
    p.selected = p.selected.min(n.saturating_sub(1));
    p.keep_visible();
}

/// Whether `action` does something on the highlighted row: a level moves on a level row, a
/// part is removed from a control's row, Enter edits a text or adds to a list.
pub fn applies(app: &App, p: &Statement, action: Action) -> bool {
    if p.editing.is_some() {
        return true;
    }
    let row = current_rows(app, p).get(p.selected).copied();
    match action {
        Action::Left | Action::Right => matches!(row, Some(Row::Level(_))),
        Action::Delete => matches!(row, Some(Row::Part { .. })),
        Action::Choose => row.is_some_and(|r| r.is_text() || matches!(r, Row::Section(_))),
        _ => true,
    }
}

/// A key on the rows: what it asks of the app; `None` closes the dialog.
fn row_action(app: &App, p: &mut Statement, action: Action) -> Option<Option<Ask>> {
    let rows = current_rows(app, p);
    let last = rows.len().saturating_sub(1);
    let row = rows.get(p.selected).copied();
    let page = p.view.saturating_sub(1).max(1);
    let mut ask = None;
    match action {
        Action::Back => return None,
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::Down => p.selected = (p.selected + 1).min(last),
        Action::PageUp => p.selected = p.selected.saturating_sub(page),
        Action::PageDown => p.selected = (p.selected + page).min(last),
        Action::First => p.selected = 0,
        Action::Last => p.selected = last,
        Action::Left | Action::Right => {
            if let Some(Row::Level(t)) = row {
                ask = step_level(app, t, if action == Action::Right { 1 } else { -1 });
            }
        }
        Action::Choose => match row {
            Some(r) if r.is_text() => start_edit(app, p, r),
            Some(Row::Section(section)) => start_adding(app, p, section),
            _ => {}
        },
        Action::AddCompensating => start_adding(app, p, Section::Compensating),
        Action::AddSupplemental => start_adding(app, p, Section::Supplemental),
        Action::Delete => {
            if let Some(Row::Part { section, index, .. }) = row {
                ask = Some(remove_control(section, index));
            }
        }
        // The wizard's history, said the same way.
        Action::Undo => ask = Some(Ask::Undo),
        Action::Redo => ask = Some(Ask::Redo),
        _ => {}
    }
    Some(ask)
}

fn edit_action(app: &App, p: &mut Statement, action: Action) -> Option<Ask> {
    match action {
        Action::Back => {
            // Only the edit is cancelled; a control being named is not added.
            let adding = p.adding();
            p.editing = None;
            if let Some(section) = adding {
                let rows = current_rows(app, p);
                p.selected = rows
                    .iter()
                    .position(|r| *r == Row::Section(section))
                    .unwrap_or(p.selected);
            }
            None
        }
        Action::Choose => p.editing.take().and_then(|e| save(app, e)),
        other => {
            if let Some(e) = p.editing.as_mut() {
                e.field.apply(other);
            }
            None
        }
    }
}

fn field_for(app: &App, text: &str) -> TextInput {
    let mut field = TextInput::multi_line().with_text(text);
    field.set_wrap_width(editor_width(app.viewport.0));
    field
}

fn start_edit(app: &App, p: &mut Statement, row: Row) {
    let statement = app.open.as_ref().and_then(|o| o.session.statement());
    let field = field_for(app, row.text(statement));
    p.editing = Some(Editing {
        row,
        field,
        adding: false,
    });
}

fn start_adding(app: &App, p: &mut Statement, section: Section) {
    let count = app
        .open
        .as_ref()
        .and_then(|o| o.session.statement())
        .map_or(0, |t| section.list(t).len());
    let row = Row::Part {
        section,
        index: count,
        part: ControlPart::Control,
    };
    p.editing = Some(Editing {
        row,
        field: field_for(app, ""),
        adding: true,
    });
    let rows = current_rows(app, p);
    p.selected = rows.iter().position(|r| *r == row).unwrap_or(p.selected);
}

/// The field as typed becomes the statement's: one undoable edit asked of the app (none when
/// a new control was left without a name; the app makes none when nothing changed).
pub fn save(app: &App, e: Editing) -> Option<Ask> {
    let rs = &app.open.as_ref()?.session.ruleset;
    let text = e.field.text().trim_end().to_string();
    let what = e.row.what(rs);
    let change = match e.row {
        Row::Text(f) => Change::Text(f, text),
        Row::Part {
            section,
            index,
            part,
        } if e.adding => {
            if text.trim().is_empty() {
                return None;
            }
            debug_assert_eq!(part, ControlPart::Control);
            Change::AddControl {
                section,
                index,
                name: text,
            }
        }
        Row::Part {
            section,
            index,
            part,
        } => Change::Part {
            section,
            index,
            part,
            text,
        },
        Row::Level(_) | Row::Section(_) => return None,
    };
    Some(Ask::EditStatement { what, change })
}

/// The program must stop: the field being typed is kept as if saved.
pub fn flush(app: &App, p: Statement) -> Option<Ask> {
    p.editing.and_then(|e| save(app, e))
}

/// Moves a target's final level a step down or up among its levels; back at the initial
/// level, the override goes.
fn step_level(app: &App, target: usize, delta: isize) -> Option<Ask> {
    let s = &app.open.as_ref()?.session;
    let rs = &s.ruleset;
    let f = s
        .current_group()
        .and_then(|g| g.finals.iter().find(|f| f.target == target))?;
    let t = &rs.targets[target];
    let next = f.final_level.saturating_add_signed(delta).min(t.top());
    if next == f.final_level {
        return None;
    }
    Some(Ask::EditStatement {
        what: Row::Level(target).what(rs),
        change: Change::Level {
            target: t.id.clone(),
            level: (next != f.initial).then(|| t.levels[next].id.clone()),
        },
    })
}

fn remove_control(section: Section, index: usize) -> Ask {
    Ask::EditStatement {
        what: format!("statement.{}.{}", section.key(), index + 1),
        change: Change::RemoveControl { section, index },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement() -> Tailoring {
        Tailoring {
            compensating: vec![Control::named("Video call")],
            supplemental: vec![Control::named("Rate limit"), Control::named("Alerts")],
            ..Tailoring::default()
        }
    }

    #[test]
    fn rows_follow_the_statement_in_order() {
        let r = rows(&[0, 1, 2], None, None);
        assert_eq!(r[..3], [Row::Level(0), Row::Level(1), Row::Level(2)]);
        assert_eq!(r[3], Row::Text(StatementText::Rationale));
        assert_eq!(r[6], Row::Text(StatementText::Threats));
        assert_eq!(r[7], Row::Section(Section::Compensating));
        assert_eq!(r[8], Row::Section(Section::Supplemental));
        assert_eq!(r[9], Row::Text(StatementText::Cost));
        assert_eq!(r.last(), Some(&Row::Text(StatementText::Redress)));
        assert_eq!(r.len(), 3 + 4 + 2 + 5);

        let t = statement();
        let r = rows(&[0], Some(&t), None);
        // One compensating control (5 parts), two supplemental ones (4 parts each).
        assert_eq!(r.len(), 1 + 4 + 2 + 5 + 2 * 4 + 5);
        assert_eq!(r[5], Row::Section(Section::Compensating));
        assert_eq!(
            r[6..11]
                .iter()
                .map(|r| match r {
                    Row::Part { part, index: 0, .. } => *part,
                    other => panic!("{other:?}"),
                })
                .collect::<Vec<_>>(),
            ControlPart::COMPENSATING
        );
        assert_eq!(r[11], Row::Section(Section::Supplemental));
        assert_eq!(
            r[16],
            Row::Part {
                section: Section::Supplemental,
                index: 1,
                part: ControlPart::Control
            }
        );
        assert_eq!(r[16].text(Some(&t)), "Alerts");
    }

    #[test]
    fn a_control_being_named_shows_its_name_row_only() {
        let t = statement();
        let r = rows(&[], Some(&t), Some(Section::Compensating));
        let new = Row::Part {
            section: Section::Compensating,
            index: 1,
            part: ControlPart::Control,
        };
        let at = r.iter().position(|x| *x == new).unwrap();
        assert_eq!(r[at + 1], Row::Section(Section::Supplemental));
        assert_eq!(new.text(Some(&t)), "");
    }

    #[test]
    fn rows_are_named_for_the_history() {
        let rs = crate::ruleset::registry::Registry::builtin();
        let rs = rs.get("nist-800-63-4").unwrap();
        let ial = rs.targets.iter().position(|t| t.id == "ial").unwrap();
        assert_eq!(Row::Level(ial).what(rs), "statement.ial");
        assert_eq!(
            Row::Text(StatementText::Rationale).what(rs),
            "statement.rationale"
        );
        assert_eq!(
            Row::Part {
                section: Section::Compensating,
                index: 0,
                part: ControlPart::Why
            }
            .what(rs),
            "statement.compensating.1.why"
        );
        assert_eq!(
            Row::Part {
                section: Section::Compensating,
                index: 0,
                part: ControlPart::Residual
            }
            .what(rs),
            "statement.compensating.1.note"
        );
    }

    #[test]
    fn the_highlighted_row_and_its_field_stay_in_view() {
        let mut p = Statement {
            selected: 15,
            ..Statement::default()
        };
        assert_eq!(p.first_row(10), 6);
        p.top = 8;
        assert_eq!(p.first_row(10), 8, "already in view: no move");
        p.selected = 3;
        assert_eq!(p.first_row(10), 3, "above the view: it comes to the top");
        p.selected = 12;
        p.top = 3;
        p.editing = Some(Editing {
            row: Row::Text(StatementText::Cost),
            field: TextInput::multi_line(),
            adding: false,
        });
        // The row and the four lines of its field: rows 7..=12 and the field fill ten lines.
        assert_eq!(p.first_row(10), 7);
        assert_eq!(p.first_row(2), 12, "too small: the row itself stays");
    }
}

#[cfg(test)]
mod keys {
    use chrono::DateTime;

    use super::*;
    use crate::answers::{AnswerSet, Group};
    use crate::app::event::{Env, Event};
    use crate::app::load::testing;
    use crate::app::{Init, Pane};
    use crate::catalog;
    use crate::ruleset::registry::Registry;
    use crate::store::{Assessment, RulesetRef, Service, Store};
    use crate::text::Lang;

    fn env() -> Env {
        Env {
            now: DateTime::parse_from_rfc3339("2026-01-01T09:00:00+07:00").unwrap(),
        }
    }

    /// An app with one assessment of `ruleset` open in the wizard.
    fn opened(ruleset: &str, dir: &std::path::Path) -> (App, Store) {
        let store = Store::open(dir);
        let now = DateTime::parse_from_rfc3339("2026-01-01T09:00:00+07:00").unwrap();
        let answers = if ruleset == "nist-800-63-4" {
            AnswerSet::Groups(vec![Group::first("Users")])
        } else {
            AnswerSet::Single(Default::default())
        };
        let a = Assessment::new(
            Service {
                name: "Portal".into(),
                ..Default::default()
            },
            RulesetRef {
                id: ruleset.into(),
                ..Default::default()
            },
            answers,
            now,
        );
        store.create(&a).unwrap();
        let registry = Registry::builtin();
        let entries = store
            .scan(&|a| catalog::summarize(&registry, a), "")
            .unwrap()
            .entries;
        let mut app = App::new(Init {
            registry,
            data_dir: dir.to_path_buf(),
            lang: Lang::En,
            default_ruleset: ruleset.into(),
            entries,
            ..Init::default()
        });
        let env = Env { now };
        testing::handle(&mut app, &store, Event::Action(Action::Open), &env);
        assert!(app.open.is_some());
        app.focus = Pane::Wizard;
        (app, store)
    }

    fn press(app: &mut App, store: &Store, actions: &[Action]) {
        for &a in actions {
            testing::handle(app, store, Event::Action(a), &env());
        }
    }

    fn typed(app: &mut App, store: &Store, text: &str) {
        testing::handle(app, store, Event::Text(text.into()), &env());
    }

    fn dialog(app: &App) -> &Statement {
        match &app.popup {
            Some(Popup::Statement(p)) => p,
            other => panic!("{other:?}"),
        }
    }

    fn statement(app: &App) -> Tailoring {
        app.open
            .as_ref()
            .unwrap()
            .session
            .statement()
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn a_ruleset_without_a_statement_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = opened("dgs-1-2-2564", dir.path());
        press(&mut app, &store, &[Action::Statement]);
        assert!(app.popup.is_none());
        assert!(
            matches!(&app.status, Some(Say::NoStatement)),
            "{:?}",
            app.status
        );
    }

    #[test]
    fn a_hidden_result_is_not_shown_in_a_statement() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = opened("nist-800-63-4", dir.path());
        app.hide_result = true;
        press(&mut app, &store, &[Action::Statement]);
        assert!(app.popup.is_none());
        assert!(matches!(app.status, Some(Say::ResultHidden(_))));
    }

    #[test]
    fn levels_text_and_controls_each_make_one_undo_step() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = opened("nist-800-63-4", dir.path());
        press(&mut app, &store, &[Action::Statement]);
        assert_eq!(dialog(&app).selected, 0);

        // The first row is IAL's final level: up a step, then back down to the initial one,
        // which removes the override.
        press(&mut app, &store, &[Action::Right]);
        assert_eq!(
            statement(&app).levels.get("ial").map(String::as_str),
            Some("IAL1")
        );
        press(&mut app, &store, &[Action::Left]);
        assert!(statement(&app).levels.is_empty());
        press(&mut app, &store, &[Action::Right]);

        // The rationale: Enter opens the field, text goes in, Enter saves.
        press(
            &mut app,
            &store,
            &[Action::Down, Action::Down, Action::Down],
        );
        press(&mut app, &store, &[Action::Choose]);
        assert!(app.popup.as_ref().unwrap().takes_text());
        typed(&mut app, &store, "Proofing fits");
        press(&mut app, &store, &[Action::NewLine]);
        typed(&mut app, &store, "the risk");
        press(&mut app, &store, &[Action::Choose]);
        assert!(!app.popup.as_ref().unwrap().takes_text());
        assert_eq!(statement(&app).rationale, "Proofing fits\nthe risk");

        // A field opened and cancelled changes nothing.
        press(&mut app, &store, &[Action::Choose]);
        typed(&mut app, &store, " more");
        press(&mut app, &store, &[Action::Back]);
        assert!(app.popup.is_some(), "Esc cancels the edit only");
        assert_eq!(statement(&app).rationale, "Proofing fits\nthe risk");

        // A compensating control, named, then its parts.
        press(&mut app, &store, &[Action::AddCompensating]);
        typed(&mut app, &store, "Video call");
        press(&mut app, &store, &[Action::Choose]);
        assert_eq!(
            statement(&app).compensating,
            vec![Control::named("Video call")]
        );
        press(&mut app, &store, &[Action::Down, Action::Choose]);
        typed(&mut app, &store, "In-person check");
        press(&mut app, &store, &[Action::Choose]);
        assert_eq!(statement(&app).compensating[0].replaces, "In-person check");

        // A control left without a name is not added.
        press(&mut app, &store, &[Action::AddSupplemental, Action::Back]);
        assert!(statement(&app).supplemental.is_empty());
        press(&mut app, &store, &[Action::AddSupplemental]);
        press(&mut app, &store, &[Action::Choose]);
        assert!(statement(&app).supplemental.is_empty());
        press(&mut app, &store, &[Action::AddSupplemental]);
        typed(&mut app, &store, "Rate limit");
        press(&mut app, &store, &[Action::Choose]);
        assert_eq!(statement(&app).supplemental.len(), 1);

        // d on a part removes its control; u puts it back, as one step.
        press(&mut app, &store, &[Action::Delete]);
        assert!(statement(&app).supplemental.is_empty());
        press(&mut app, &store, &[Action::Undo]);
        assert_eq!(statement(&app).supplemental.len(), 1);
        // Undo, step by step: the supplemental control, the part, the name, the rationale, IAL.
        press(&mut app, &store, &[Action::Undo]);
        assert!(statement(&app).supplemental.is_empty());
        press(&mut app, &store, &[Action::Undo]);
        assert_eq!(statement(&app).compensating[0].replaces, "");
        press(&mut app, &store, &[Action::Undo]);
        assert!(statement(&app).compensating.is_empty());
        press(&mut app, &store, &[Action::Undo]);
        assert_eq!(statement(&app).rationale, "");
        press(&mut app, &store, &[Action::Undo]);
        assert!(statement(&app).levels.is_empty());
        assert!(app.open.as_ref().unwrap().session.statement().is_none());

        // q closes.
        press(&mut app, &store, &[Action::Back]);
        assert!(app.popup.is_none());
    }

    #[test]
    fn a_key_asks_for_the_change_and_leaves_the_statement_to_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = opened("nist-800-63-4", dir.path());
        press(&mut app, &store, &[Action::Statement]);
        let p = dialog(&app).clone();
        // IAL's final level a step up: asked for, not made.
        let reply = handle(&app, p.clone(), Action::Right);
        assert!(matches!(reply.next, Some(Popup::Statement(ref q)) if *q == p));
        match reply.asks.as_slice() {
            [Ask::EditStatement { what, change }] => {
                assert_eq!(what, "statement.ial");
                assert_eq!(
                    *change,
                    Change::Level {
                        target: "ial".into(),
                        level: Some("IAL1".into())
                    }
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(statement(&app).levels.is_empty());
        // Undo is the app's: asked for as such.
        let reply = handle(&app, p.clone(), Action::Undo);
        assert!(matches!(reply.asks.as_slice(), [Ask::Undo]));
        // Back closes, asking nothing.
        let reply = handle(&app, p, Action::Back);
        assert!(reply.next.is_none() && reply.asks.is_empty());

        // What applies follows the highlighted row: on a level, left and right, no delete.
        let shown = Popup::Statement(dialog(&app).clone());
        assert!(shown.applies(&app, Action::Right));
        assert!(!shown.applies(&app, Action::Delete));
        assert!(!shown.applies(&app, Action::Choose));
        press(&mut app, &store, &[Action::AddCompensating]);
        typed(&mut app, &store, "Video call");
        press(&mut app, &store, &[Action::Choose]);
        let shown = Popup::Statement(dialog(&app).clone());
        assert!(shown.applies(&app, Action::Delete));
        assert!(shown.applies(&app, Action::Choose));
        assert!(!shown.applies(&app, Action::Left));
    }

    #[test]
    fn moves_stay_inside_the_rows() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = opened("nist-800-63-4", dir.path());
        press(&mut app, &store, &[Action::Statement, Action::Up]);
        assert_eq!(dialog(&app).selected, 0);
        press(&mut app, &store, &[Action::Last]);
        let n = current_rows(&app, dialog(&app)).len();
        assert_eq!(dialog(&app).selected, n - 1);
        press(&mut app, &store, &[Action::Down]);
        assert_eq!(dialog(&app).selected, n - 1);
        press(&mut app, &store, &[Action::First]);
        assert_eq!(dialog(&app).selected, 0);
    }

    #[test]
    fn stopping_keeps_the_field_being_typed() {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, store) = opened("nist-800-63-4", dir.path());
        press(
            &mut app,
            &store,
            &[Action::Statement, Action::AddCompensating],
        );
        typed(&mut app, &store, "Video call");
        press(&mut app, &store, &[Action::Quit]);
        assert!(app.quit);
        assert_eq!(
            statement(&app).compensating,
            vec![Control::named("Video call")]
        );
        assert!(app.has_unsaved(), "handed to the loop to write");
    }
}
