//! A sign-off that holds on the open assessment, and the question asked before the first
//! change that would void it (issue 22): the change waits in [`Held`] until the user says yes.

use chrono::{DateTime, FixedOffset};

use super::Open;
use super::session::Session;
use crate::store::{Service, SignOff};

/// The sign-off a change would void: its step (`approved` or `reviewed`), who, in what role,
/// when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    pub step: String,
    pub by: String,
    pub role: String,
    pub at: DateTime<FixedOffset>,
}

/// The latest approval that holds on `content_sha256`, else the latest review that does.
pub fn holding(signoffs: &[SignOff], content_sha256: &str) -> Option<Holding> {
    let holds = |step: &str| {
        signoffs.iter().rev().find(|s| {
            s.step == step
                && crate::record::standing(s, content_sha256) == crate::record::Standing::Holds
        })
    };
    holds("approved")
        .or_else(|| holds("reviewed"))
        .map(|s| Holding {
            step: s.step.clone(),
            by: s.by.clone(),
            role: s.role.clone(),
            at: s.at,
        })
}

/// The content fingerprint of the open assessment as it is in memory (what a sign-off
/// accepts; the result pane reads the same).
pub fn content(open: &Open) -> String {
    let mut a = open.loaded.assessment.clone();
    a.answers = open.session.doc.answers.clone();
    a.notes = open.session.doc.notes.clone();
    crate::record::Record::of(&a, &open.session.ruleset, &open.session.eval).content_sha256()
}

/// The open assessment as an event found it: what a change that would void a sign-off is
/// taken back to while the user is asked.
#[derive(Debug)]
pub(super) struct Before {
    pub session: Session,
    pub service: Service,
}

impl Before {
    pub fn of(open: &Open) -> Before {
        Before {
            session: open.session.clone(),
            service: open.loaded.assessment.service.clone(),
        }
    }
}

/// A change asked for and not yet made, waiting for the user's yes; with the word the action
/// left in the header.
#[derive(Debug)]
pub(super) struct Held {
    pub after: Before,
    pub status: Option<super::Say>,
}
