//! Conflicts a merge recorded in the open assessment: which still stand, and resolving them
//! by choosing an answer for the question (the value in place, the other side's, or a new
//! one) in the wizard.

use std::collections::BTreeMap;

use super::Open;
use crate::answers::AnswerSet;
use crate::store::merge::ConflictRecord;

/// The group id of session group `group` (`None` for a single-set assessment).
fn group_id(open: &Open, group: usize) -> Option<String> {
    match &open.session.doc.answers {
        AnswerSet::Groups(gs) => gs.get(group).map(|g| g.id.clone()),
        AnswerSet::Single(_) => None,
    }
}

/// Whether conflict `c` is about question `q` of the session's group `group`.
fn is_on(open: &Open, c: &ConflictRecord, group: usize, q: &str) -> bool {
    let gid = group_id(open, group);
    match (c.path.as_slice(), gid) {
        ([a, cq, ..], None) if a == "answers" => cq == q,
        ([g, id, a, cq, ..], Some(gid)) if g == "groups" && a == "answers" => *id == gid && cq == q,
        _ => false,
    }
}

/// The conflicts that still stand: those of the file, less those on a question the
/// assessor has answered since it was opened.
pub fn standing(open: &Open) -> BTreeMap<String, ConflictRecord> {
    open.loaded
        .assessment
        .conflicts
        .iter()
        .filter(|(_, c)| {
            !open
                .session
                .touched
                .iter()
                .any(|(g, q)| is_on(open, c, *g, q))
        })
        .map(|(k, c)| (k.clone(), c.clone()))
        .collect()
}

/// The standing conflicts on the question shown.
pub fn on_current(open: &Open) -> Vec<ConflictRecord> {
    let s = &open.session;
    let q = &s.ruleset.questions[s.cursor.question].id;
    standing(open)
        .into_values()
        .filter(|c| is_on(open, c, s.group, q))
        .collect()
}
