//! `C`: the assessment side by side with another one, or re-evaluated under another ruleset.

use super::Popup;
use super::menu::{Menu, Moved};
use super::message::Message;
use super::reader::Reader;
use crate::app::App;
use crate::app::action::Action;
use crate::app::event::Env;
use crate::app::say::Title;
use crate::report;
use crate::store::ScanEntry;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Assessment {
        id: String,
        name: String,
        ruleset: String,
    },
    Ruleset(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compare {
    pub menu: Menu<Target>,
    /// The assessment compared.
    pub id: String,
}

pub fn open(app: &mut App) {
    // A comparison shows the levels and their reasons: refused while they are hidden.
    if app.refuse_if_hidden(Title::Comparison, "compare") {
        return;
    }
    let Some(id) = app.subject_id() else { return };
    let mut items: Vec<Target> = app
        .list
        .entries()
        .iter()
        .filter_map(|e| match e {
            ScanEntry::Ok(s) if s.id != id => Some(Target::Assessment {
                id: s.id.clone(),
                name: s.service_name.clone(),
                ruleset: s.ruleset_id.clone(),
            }),
            _ => None,
        })
        .collect();
    let own = app.subject_ruleset(&id);
    items.extend(
        app.registry
            .entries
            .iter()
            .filter(|e| Some(&e.ruleset.id) != own.as_ref())
            .map(|e| Target::Ruleset(e.ruleset.id.clone())),
    );
    app.popup = Some(Popup::Compare(Compare {
        menu: Menu::new(items),
        id,
    }));
}

pub(super) fn handle(app: &mut App, mut p: Compare, action: Action, env: &Env) -> Option<Popup> {
    match p.menu.apply(action) {
        Moved::Chosen(target) => Some(carry_out(app, &p.id, &target, env)),
        Moved::Stay if action == Action::Back => None,
        Moved::Stay => Some(Popup::Compare(p)),
    }
}

fn carry_out(app: &App, id: &str, target: &Target, env: &Env) -> Popup {
    let lang = app.lang;
    let fail = |say| Popup::Message(Message::new(Title::Comparison, vec![say]));
    let (a, rs) = match app.subject_assessment(id, env) {
        Ok(found) => found,
        Err(say) => return fail(say),
    };
    match target {
        Target::Assessment { id: other, .. } => {
            let (b, brs) = match app.subject_assessment(other, env) {
                Ok(found) => found,
                Err(say) => return fail(say),
            };
            let cmp = report::diff::compare(
                &a.id,
                &a.service.name,
                &rs,
                &a.answers,
                &b.id,
                &b.service.name,
                &brs,
                &b.answers,
                lang,
            );
            Popup::Reader(Reader::new(Title::Comparison, &cmp.text(lang)))
        }
        Target::Ruleset(other) => {
            let Some(ors) = app.registry.get(other) else {
                return fail(crate::app::say::Say::UnknownRuleset {
                    path: None,
                    id: other.clone(),
                });
            };
            let cmp = report::diff::reevaluate(&a.id, &a.service.name, &rs, &a.answers, ors, lang);
            Popup::Reader(Reader::new(Title::Reevaluation, &cmp.text(lang)))
        }
    }
}
