//! Another program changed the open file since it was read: nothing is written until the user
//! has seen what differs and chosen to reload the file, to keep their version as a copy, or to
//! write theirs over it (after a second yes).

use super::confirm::{self, About};
use super::{Ask, Popup, Reply};
use crate::app::App;
use crate::app::action::Action;
use crate::app::say::Say;
use crate::store::Assessment;

/// One thing that differs: what it is, mine (in memory) and theirs (on disk).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub what: String,
    pub mine: Option<String>,
    pub theirs: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conflict {
    pub differences: Vec<Difference>,
    pub scroll: crate::app::Scroll,
}

/// The answers, notes and service details that differ between two versions of a file.
pub fn differences(mine: &Assessment, theirs: &Assessment) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut field = |what: &str, m: &str, t: &str| {
        if m != t {
            out.push(Difference {
                what: what.to_string(),
                mine: Some(m.to_string()),
                theirs: Some(t.to_string()),
            });
        }
    };
    field("service.name", &mine.service.name, &theirs.service.name);
    field(
        "service.agency",
        &mine.service.agency,
        &theirs.service.agency,
    );
    field(
        "service.description",
        &mine.service.description,
        &theirs.service.description,
    );
    let (m, t) = (
        crate::report::diff::flatten(&mine.answers),
        crate::report::diff::flatten(&theirs.answers),
    );
    let mut keys: Vec<&String> = m.keys().chain(t.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        if m.get(k) != t.get(k) {
            out.push(Difference {
                what: k.clone(),
                mine: m.get(k).cloned(),
                theirs: t.get(k).cloned(),
            });
        }
    }
    let mut notes: Vec<&String> = mine.notes.keys().chain(theirs.notes.keys()).collect();
    notes.sort();
    notes.dedup();
    for k in notes {
        if mine.notes.get(k) != theirs.notes.get(k) {
            out.push(Difference {
                what: format!("notes.{k}"),
                mine: mine.notes.get(k).cloned(),
                theirs: theirs.notes.get(k).cloned(),
            });
        }
    }
    out
}

pub(super) fn handle(app: &App, mut p: Conflict, action: Action) -> Reply {
    if p.scroll.apply(action) {
        return Reply::stay(Popup::Conflict(p));
    }
    match action {
        Action::Reload => Reply::close().ask(Ask::ReloadOpen),
        Action::KeepCopy => Reply::close().ask(Ask::KeepOpenAsCopy),
        Action::Overwrite => {
            let service = app
                .open
                .as_ref()
                .map(|o| o.loaded.assessment.service.name.clone())
                .unwrap_or_default();
            Reply::close().ask(Ask::Open(confirm::ask(About::Overwrite { service })))
        }
        // Closed without a choice: nothing is written, and the next change asks again.
        Action::Back => Reply::close().ask(Ask::Say(Say::ConflictPending)),
        _ => Reply::stay(Popup::Conflict(p)),
    }
}
