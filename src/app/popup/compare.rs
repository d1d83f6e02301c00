//! `C`: the assessment side by side with another one, or re-evaluated under another ruleset.

use std::sync::Arc;

use super::menu::{Menu, Moved};
use super::message::Message;
use super::reader::Reader;
use super::{Ask, Popup, Reply};
use crate::app::App;
use crate::app::action::Action;
use crate::app::load::Then;
use crate::app::say::{Say, Title};
use crate::report;
use crate::ruleset::Ruleset;
use crate::store::{Assessment, ScanEntry};
use crate::text::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Assessment {
        id: String,
        name: String,
        agency: String,
        ruleset: String,
    },
    Ruleset(String),
}

impl Target {
    /// The words the picker shows for it, which are also what its filter finds it by.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Target::Assessment {
                name,
                agency,
                ruleset,
                ..
            } if agency.is_empty() => format!("{name} — {ruleset}"),
            Target::Assessment {
                name,
                agency,
                ruleset,
                ..
            } => format!("{name} · {agency} — {ruleset}"),
            Target::Ruleset(id) => match lang {
                Lang::Th => format!("ประเมินใหม่ด้วย {id}"),
                Lang::En => format!("re-evaluate under {id}"),
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compare {
    pub menu: Menu<Target>,
    /// The assessment compared.
    pub id: String,
    /// The language the labels were made in (a dialog has the keys, so it cannot change).
    pub lang: Lang,
}

/// The dialog for what the focus is on; none when there is nothing to compare.
pub fn open(app: &App) -> Option<Popup> {
    // A comparison shows the levels and their reasons: refused while they are hidden.
    if let Some(refused) = app.refusal_if_hidden(Title::Comparison, "compare") {
        return Some(refused);
    }
    let id = app.subject_id()?;
    let own = app.subject_ruleset(&id);
    // The other rulesets first: a few rows, found at once, rather than after hundreds of
    // services.
    let mut items: Vec<Target> = app
        .registry
        .entries
        .iter()
        .filter(|e| Some(&e.ruleset.id) != own.as_ref())
        .map(|e| Target::Ruleset(e.ruleset.id.clone()))
        .collect();
    items.extend(app.list.entries().iter().filter_map(|e| match e {
        ScanEntry::Ok(s) if s.id != id => Some(Target::Assessment {
            id: s.id.clone(),
            name: s.service_name.clone(),
            agency: s.agency.clone(),
            ruleset: s.ruleset_id.to_string(),
        }),
        _ => None,
    }));
    let lang = app.lang;
    Some(Popup::Compare(Compare {
        menu: Menu::new(items, |t| t.label(lang)),
        id,
        lang,
    }))
}

pub(super) fn handle(mut p: Compare, action: Action) -> Reply {
    match p.menu.apply(action) {
        // The comparison shows when what it compares is at hand (files read, unless open).
        Moved::Chosen(target) => Reply::close().ask(Ask::WithSubject {
            id: p.id,
            then: Then::Compare(target),
        }),
        Moved::Stay if action == Action::Back => Reply::close(),
        Moved::Stay => Reply::stay(Popup::Compare(p)),
    }
}

fn fail(app: &mut App, say: Say) {
    app.show(Popup::Message(Message::new(Title::Comparison, vec![say])));
}

/// The assessment compared is at hand: re-evaluated at once, or the other one asked for.
pub(crate) fn with(app: &mut App, target: Target, found: Result<(Assessment, Arc<Ruleset>), Say>) {
    let lang = app.lang;
    let (a, rs) = match found {
        Ok(found) => found,
        Err(say) => return fail(app, say),
    };
    match target {
        Target::Assessment { id: other, .. } => {
            app.with_subject(&other, Then::CompareWith(Box::new(a)));
        }
        Target::Ruleset(other) => {
            let Some(ors) = app.registry.get(&other) else {
                return fail(
                    app,
                    Say::UnknownRuleset {
                        path: None,
                        id: other.clone(),
                    },
                );
            };
            let cmp = report::diff::reevaluate(&a.id, &a.service.name, &rs, &a.answers, ors, lang);
            app.show(Popup::Reader(Reader::new(
                Title::Reevaluation,
                &cmp.text(lang),
            )));
        }
    }
}

/// Both assessments are at hand: side by side.
pub(crate) fn against(
    app: &mut App,
    a: Assessment,
    found: Result<(Assessment, Arc<Ruleset>), Say>,
) {
    let lang = app.lang;
    let ((a, rs), (b, brs)) = match app.with_ruleset(a).and_then(|first| Ok((first, found?))) {
        Ok(both) => both,
        Err(say) => return fail(app, say),
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
    app.show(Popup::Reader(Reader::new(
        Title::Comparison,
        &cmp.text(lang),
    )));
}
