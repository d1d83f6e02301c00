//! Where the engine meets the store: the list's summary of a file, the `[result]` written on
//! save, and what changed when a file is opened under a newer ruleset.

use chrono::{DateTime, FixedOffset};

use crate::engine::{SetEvaluation, evaluate_set, finals_of, levels_of};
use crate::ruleset::Ruleset;
use crate::ruleset::registry::Registry;
use crate::store::{Assessment, GroupResult, ResultSummary, Summary};
use crate::text::Lang;

/// A saved level as a list's column shows it: the label `rs` gives level `level` of target
/// `target` (800-63-4's `IAL0` is "No identity proofing"), else the id as it is — also when
/// there is no ruleset or it has no such level ([`crate::ruleset::Level::in_column`]). Files
/// and the list's summary keep ids; this is for display only.
pub fn shown_level<'a>(
    rs: Option<&'a Ruleset>,
    target: &str,
    level: &'a str,
    lang: Lang,
) -> &'a str {
    rs.and_then(|rs| rs.targets.iter().find(|t| t.id == target))
        .and_then(|t| t.levels.iter().find(|l| l.id == level))
        .map_or(level, |l| l.in_column(lang))
}

/// A summary's service group (the `service.group` answer) as a list shows it where the
/// agency is empty: in Thai, the option's Thai label without the words every option's label
/// begins with (DGS's all begin "การให้บริการ", which a cut would leave alone on every row);
/// in English, or with no such option, the id.
pub fn shown_group(rs: Option<&Ruleset>, group: &str, lang: Lang) -> String {
    let question = rs.and_then(|rs| rs.questions.iter().find(|q| q.id == "service.group"));
    let (Some(q), Lang::Th) = (question, lang) else {
        return group.to_string();
    };
    let Some(option) = q.options.iter().find(|o| o.id == group) else {
        return group.to_string();
    };
    // The list asks on every frame for each row without an agency; the word model is the
    // costly part, and a label's answer never changes.
    type Said = std::collections::HashMap<(String, String), String>;
    thread_local! {
        static SAID: std::cell::RefCell<Said> = Default::default();
    }
    let label = option.label.get(lang);
    let options: Vec<&str> = q.options.iter().map(|o| o.label.get(lang)).collect();
    let key = (options.join("\u{1f}"), label.to_string());
    if let Some(said) = SAID.with_borrow(|m| m.get(&key).cloned()) {
        return said;
    }
    let said = without_shared_words(q, label, lang);
    SAID.with_borrow_mut(|m| {
        if m.len() > 256 {
            m.clear();
        }
        m.insert(key, said.clone())
    });
    said
}

/// `label` without the words every option's label of `q` begins with.
fn without_shared_words(q: &crate::ruleset::Question, label: &str, lang: Lang) -> String {
    let shared = q
        .options
        .iter()
        .map(|o| common_prefix(label, o.label.get(lang)))
        .min()
        .unwrap_or(0);
    // Back to the end of a word: "Emerging" and "Enhanced" share an "E", not a word.
    let cut = crate::text::wrap::break_points(label)
        .into_iter()
        .take_while(|&p| p <= shared)
        .last()
        .unwrap_or(0);
    match label[cut..].trim() {
        "" => label.to_string(),
        rest => rest.to_string(),
    }
}

/// Bytes `a` and `b` begin with alike, at a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// A saved level said in a sentence ([`crate::ruleset::Level::shown`]: in Thai, `none` by its
/// Thai name), else its id.
fn said_level<'a>(rs: &'a Ruleset, target: &str, level: &'a str, lang: Lang) -> &'a str {
    rs.targets
        .iter()
        .find(|t| t.id == target)
        .and_then(|t| t.levels.iter().find(|l| l.id == level))
        .map_or(level, |l| l.shown(lang))
}

/// [`shown_level`] for every (target, level) of a summary or a `[result]`, in their order.
pub fn shown_levels<T: AsRef<str>, L: AsRef<str>>(
    rs: Option<&Ruleset>,
    levels: &[(T, L)],
    lang: Lang,
) -> Vec<(String, String)> {
    levels
        .iter()
        .map(|(t, l)| {
            let (t, l) = (t.as_ref(), l.as_ref());
            (t.to_string(), shown_level(rs, t, l, lang).to_string())
        })
        .collect()
}

/// The summary of one file, evaluated under the ruleset it names. A file whose ruleset is not
/// available keeps the levels its own `[result]` recorded and is shown as such by the caller.
pub fn summarize(registry: &Registry, a: &Assessment) -> Summary {
    let mut s = Summary::from_file(a);
    if let Some(rs) = registry.get(&a.ruleset.id) {
        let eval = evaluate_set(rs, &a.answers);
        s.levels = levels_of(rs, &eval)
            .into_iter()
            .map(|(t, l)| (t.into(), l.into()))
            .collect();
        s.complete = eval.complete();
        s.lower_bounds = s
            .levels
            .iter()
            .zip(finals_of(rs, &eval))
            .filter(|(_, done)| !s.complete && !done)
            .map(|((t, _), _)| t.clone())
            .collect();
        s.signoff = sign_mark(rs, a, &eval).map(Box::new);
        // The review date of the latest approval that holds: a forged or void one sets none.
        let content = crate::record::Record::of(a, rs, &eval).content_sha256();
        s.review_due = crate::report::signoff::review_due(&a.signoffs, &content);
    }
    // A conflict from a merge stands: the result is not final until it is resolved.
    s.complete &= a.conflicts.is_empty();
    if !a.conflicts.is_empty() {
        s.lower_bounds = s.levels.iter().map(|(t, _)| t.clone()).collect();
    }
    s
}

/// The latest sign-off step, whether it still holds under `rs`, its status and signer: what
/// the list shows without reading the file again.
pub fn sign_mark(
    rs: &Ruleset,
    a: &Assessment,
    eval: &SetEvaluation,
) -> Option<crate::store::SignMark> {
    let last = a.signoffs.last()?;
    let content = crate::record::Record::of(a, rs, eval).content_sha256();
    Some(crate::store::SignMark {
        step: last.step.clone(),
        by: last.by.clone(),
        at: last.at,
        holds: crate::record::standing(last, &content) == crate::record::Standing::Holds,
        status: crate::record::signoff::status(last, &content)
            .word()
            .to_string(),
        signer: last.signer.clone(),
        key: last.key.clone(),
    })
}

/// The `[result]` table for readers without xal.
pub fn result_summary(
    rs: &Ruleset,
    eval: &SetEvaluation,
    now: DateTime<FixedOffset>,
) -> ResultSummary {
    let groups = match eval {
        SetEvaluation::Single(_) => Vec::new(),
        SetEvaluation::Groups(gs) => gs
            .iter()
            .map(|g| {
                let levels = crate::engine::group_levels(rs, g);
                (
                    g.id.clone(),
                    GroupResult {
                        levels,
                        complete: g.eval.complete,
                    },
                )
            })
            .collect(),
    };
    ResultSummary {
        levels: levels_of(rs, eval),
        complete: eval.complete(),
        evaluated: Some(now),
        groups,
    }
}

/// When a file was answered under another version of its ruleset: the levels that now differ
/// from the ones it recorded, as (target, recorded, now). Empty when nothing changed or the
/// file recorded no result.
pub fn drift(rs: &Ruleset, a: &Assessment, eval: &SetEvaluation) -> Option<Drift> {
    let same = a.ruleset.version == rs.version
        && (a.ruleset.sha256.is_empty() || a.ruleset.sha256 == rs.sha256);
    if same {
        return None;
    }
    let now = levels_of(rs, eval);
    let changes = a
        .result
        .as_ref()
        .map(|r| {
            r.levels
                .iter()
                .filter_map(|(t, old)| {
                    let new = now.iter().find(|(id, _)| id == t)?;
                    (new.1 != *old).then(|| (t.clone(), old.clone(), new.1.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Drift {
        recorded_version: a.ruleset.version.clone(),
        current_version: rs.version.clone(),
        changes,
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    pub recorded_version: String,
    pub current_version: String,
    /// (target, recorded level id, level id now): ids, as files hold them.
    pub changes: Vec<(String, String, String)>,
}

impl Drift {
    /// The changes as a person reads them: each level by its label under `rs` (the recorded
    /// one too: a version that changed a level's meaning kept its id).
    pub fn changes_shown(&self, rs: &Ruleset, lang: Lang) -> Vec<(String, String, String)> {
        self.changes
            .iter()
            .map(|(t, old, new)| {
                (
                    t.clone(),
                    said_level(rs, t, old, lang).to_string(),
                    said_level(rs, t, new, lang).to_string(),
                )
            })
            .collect()
    }
}

/// Stamps an assessment with the ruleset it is now evaluated under and its result.
pub fn stamp(a: &mut Assessment, rs: &Ruleset, now: DateTime<FixedOffset>) {
    let eval = evaluate_set(rs, &a.answers);
    stamp_evaluated(a, rs, &eval, now);
}

/// [`stamp`] with the evaluation of `a.answers` already at hand (an open session keeps one).
pub fn stamp_evaluated(
    a: &mut Assessment,
    rs: &Ruleset,
    eval: &SetEvaluation,
    now: DateTime<FixedOffset>,
) {
    a.ruleset.id = rs.id.clone();
    a.ruleset.version = rs.version.clone();
    a.ruleset.sha256 = rs.sha256.clone();
    a.result = Some(result_summary(rs, eval, now));
    a.meta.updated = now;
}
