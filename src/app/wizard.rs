//! The question wizard over one set of answers: which questions are asked, where the cursor is,
//! and what choosing an option changes. Pure: no drawing, no files.

use crate::answers::{AnswerValue, Answers};
use crate::engine::{Evaluation, carried_answer, evaluate};
use crate::ruleset::{Kind, Ruleset};

/// One change to the answers, enough to apply it and to undo it.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerEdit {
    pub question: String,
    pub before: Option<AnswerValue>,
    pub after: Option<AnswerValue>,
}

/// The wizard's cursor: the question shown, the matrix row, the highlighted option.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub question: usize,
    pub row: usize,
    pub option: usize,
    /// The first line of the question's help shown (Ctrl-d/Ctrl-u); 0 on a new question.
    pub help: usize,
}

/// The questions asked under the current answers, in ruleset order.
pub fn steps(eval: &Evaluation) -> Vec<usize> {
    eval.asked
        .iter()
        .enumerate()
        .filter_map(|(i, &a)| a.then_some(i))
        .collect()
}

/// How many options the cursor moves over on the current question or row.
pub fn option_count(rs: &Ruleset, q: usize) -> usize {
    let question = &rs.questions[q];
    match question.kind {
        Kind::Impact => rs.impact.len(),
        _ => question.options.len(),
    }
}

/// The option index currently answered for a question (or matrix row).
pub fn current_answer(rs: &Ruleset, answers: &Answers, q: usize, row: usize) -> Option<usize> {
    let question = &rs.questions[q];
    let value = answers.get(&question.id)?;
    match question.kind {
        Kind::Impact => {
            let cat = &rs.categories[*question.categories.get(row)?].id;
            rs.matrix_rating(value.as_matrix()?, cat)
        }
        _ => question.option_index(value.as_choice()?),
    }
}

/// The value shown for a question (or matrix row): the answer, else the value carried from an
/// earlier version of the ruleset (`[[carry]]`), which the wizard shows prefilled.
pub fn shown_answer(rs: &Ruleset, answers: &Answers, q: usize, row: usize) -> Option<usize> {
    if let Some(a) = current_answer(rs, answers, q, row) {
        return Some(a);
    }
    let (value, _) = carried_answer(rs, answers, q)?;
    let mut only = Answers::new();
    only.insert(rs.questions[q].id.clone(), value);
    current_answer(rs, &only, q, row)
}

/// Whether question `q` shows a carried answer (`[[carry]]`), and whether that still needs
/// the assessor's confirmation.
pub fn carried(rs: &Ruleset, answers: &Answers, q: usize) -> Option<bool> {
    carried_answer(rs, answers, q).map(|(_, c)| c.confirm)
}

/// Whether a question is fully answered (every row of a matrix). A carried answer counts
/// only when the ruleset does not ask for it to be confirmed.
pub fn is_answered(rs: &Ruleset, answers: &Answers, q: usize) -> bool {
    let (answered, rows) = answered_rows(rs, answers, q);
    answered == rows
}

/// How many rows of question `q` are answered, of how many (a choice question has one row),
/// counted as [`is_answered`] counts them.
pub fn answered_rows(rs: &Ruleset, answers: &Answers, q: usize) -> (usize, usize) {
    let question = &rs.questions[q];
    let value = |r: usize| match carried(rs, answers, q) {
        Some(true) => None,
        Some(false) => shown_answer(rs, answers, q, r),
        None => current_answer(rs, answers, q, r),
    };
    let rows = match question.kind {
        Kind::Impact => question.categories.len(),
        _ => 1,
    };
    ((0..rows).filter(|&r| value(r).is_some()).count(), rows)
}

/// The edit that sets option `option` on question `q` (row `row` of a matrix). On a question
/// that shows a carried answer it writes that answer as the assessor's, with the chosen
/// value in place: choosing the carried value confirms it, and a matrix keeps the carried
/// values of its other rows.
pub fn choose(
    rs: &Ruleset,
    answers: &Answers,
    q: usize,
    row: usize,
    option: usize,
) -> Option<AnswerEdit> {
    let question = &rs.questions[q];
    let before = answers.get(&question.id).cloned();
    let carried = carried_answer(rs, answers, q).map(|(v, _)| v);
    let after = match question.kind {
        Kind::Impact => {
            let cat = rs.categories[*question.categories.get(row)?].id.clone();
            let level = rs.impact.get(option)?.id.clone();
            let mut m = carried
                .as_ref()
                .or(before.as_ref())
                .and_then(|b| b.as_matrix().cloned())
                .unwrap_or_default();
            // A rating chosen for the whole category replaces its per-entity ratings (an
            // undo brings them back): the row shows what the engine reads.
            m.retain(|k, _| crate::ruleset::cell_key(k).0 != cat);
            m.insert(cat, level);
            AnswerValue::Matrix(m)
        }
        _ => AnswerValue::Choice(question.options.get(option)?.id.clone()),
    };
    if before.as_ref() == Some(&after) {
        return None;
    }
    Some(AnswerEdit {
        question: question.id.clone(),
        before,
        after: Some(after),
    })
}

/// Copies the rows of the nearest earlier matrix with the same categories into matrix `q`
/// (e.g. the proofing impacts into the authentication impacts), keeping nothing of the old.
pub fn copy_previous_matrix(rs: &Ruleset, answers: &Answers, q: usize) -> Option<AnswerEdit> {
    let target = &rs.questions[q];
    if target.kind != Kind::Impact {
        return None;
    }
    let source = rs.questions[..q]
        .iter()
        .rev()
        .find(|s| s.kind == Kind::Impact && s.categories == target.categories)?;
    let copied = answers.get(&source.id)?.clone();
    let before = answers.get(&target.id).cloned();
    if before.as_ref() == Some(&copied) {
        return None;
    }
    Some(AnswerEdit {
        question: target.id.clone(),
        before,
        after: Some(copied),
    })
}

/// The edit that copies matrix question `q` of `source` (another group's answers) into
/// `answers`; `None` when there is nothing to copy or it is already the same.
pub fn copy_matrix_from(
    rs: &Ruleset,
    source: &Answers,
    answers: &Answers,
    q: usize,
) -> Option<AnswerEdit> {
    let question = &rs.questions[q];
    if question.kind != Kind::Impact {
        return None;
    }
    let copied = source.get(&question.id)?.clone();
    copied.as_matrix()?;
    let before = answers.get(&question.id).cloned();
    if before.as_ref() == Some(&copied) {
        return None;
    }
    Some(AnswerEdit {
        question: question.id.clone(),
        before,
        after: Some(copied),
    })
}

pub fn apply(answers: &mut Answers, edit: &AnswerEdit, undo: bool) {
    let value = if undo { &edit.before } else { &edit.after };
    match value {
        Some(v) => {
            answers.insert(edit.question.clone(), v.clone());
        }
        None => {
            answers.remove(&edit.question);
        }
    }
}

/// The next question after `from` that is asked, non-optional and not yet answered, wrapping
/// around; `None` when nothing is missing.
pub fn next_missing(
    rs: &Ruleset,
    answers: &Answers,
    eval: &Evaluation,
    from: usize,
) -> Option<usize> {
    let steps = steps(eval);
    let n = steps.len();
    let start = steps.iter().position(|&s| s > from).unwrap_or(0);
    (0..n)
        .map(|k| steps[(start + k) % n])
        .find(|&q| !rs.questions[q].optional && !is_answered(rs, answers, q))
}

/// Where the wizard goes after an answer: the next row of a matrix, else the next asked
/// question (re-evaluated, since the answer may have changed which questions are asked).
pub fn advance(rs: &Ruleset, answers: &Answers, cursor: &Cursor) -> Cursor {
    let question = &rs.questions[cursor.question];
    if question.kind == Kind::Impact && cursor.row + 1 < question.categories.len() {
        let row = cursor.row + 1;
        return Cursor {
            question: cursor.question,
            row,
            option: shown_answer(rs, answers, cursor.question, row).unwrap_or(0),
            help: cursor.help,
        };
    }
    let eval = evaluate(rs, answers);
    let next = steps(&eval)
        .into_iter()
        .find(|&s| s > cursor.question)
        .unwrap_or(cursor.question);
    at_question(rs, answers, next)
}

/// The cursor placed on question `q`, on its first unanswered row and current option.
pub fn at_question(rs: &Ruleset, answers: &Answers, q: usize) -> Cursor {
    let question = &rs.questions[q];
    let row = if question.kind == Kind::Impact {
        (0..question.categories.len())
            .find(|&r| shown_answer(rs, answers, q, r).is_none())
            .unwrap_or(0)
    } else {
        0
    };
    Cursor {
        question: q,
        row,
        option: shown_answer(rs, answers, q, row).unwrap_or(0),
        help: 0,
    }
}

/// Steps back or forth among the asked questions (`delta` = -1 or +1).
pub fn step(rs: &Ruleset, answers: &Answers, eval: &Evaluation, from: usize, delta: i32) -> Cursor {
    let steps = steps(eval);
    let target = if delta < 0 {
        steps.iter().rev().find(|&&s| s < from).copied()
    } else {
        steps.iter().find(|&&s| s > from).copied()
    };
    at_question(rs, answers, target.unwrap_or(from))
}

/// Keeps the cursor on an asked question after answers change (a question can stop being
/// asked); falls back to the nearest earlier asked one.
pub fn settle(rs: &Ruleset, answers: &Answers, eval: &Evaluation, cursor: &Cursor) -> Cursor {
    if eval.asked.get(cursor.question).copied().unwrap_or(false) {
        return cursor.clone();
    }
    let steps = steps(eval);
    let q = steps
        .iter()
        .rev()
        .find(|&&s| s < cursor.question)
        .or(steps.first())
        .copied()
        .unwrap_or(0);
    at_question(rs, answers, q)
}

/// How far the answers are: questions asked and answered, and those asked, required and not
/// yet answered. Both move by one per answer, except when an answer opens or closes questions.
pub fn tally(rs: &Ruleset, answers: &Answers, eval: &Evaluation) -> (usize, usize) {
    let steps = steps(eval);
    let answered = steps
        .iter()
        .filter(|&&q| is_answered(rs, answers, q))
        .count();
    let to_go = steps
        .iter()
        .filter(|&&q| !rs.questions[q].optional && !is_answered(rs, answers, q))
        .count();
    (answered, to_go)
}

/// "4 of 9": the position of the current question among the asked ones, and how many.
pub fn progress(eval: &Evaluation, q: usize) -> (usize, usize) {
    let steps = steps(eval);
    let pos = steps
        .iter()
        .position(|&s| s == q)
        .map(|p| p + 1)
        .unwrap_or(0);
    (pos, steps.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::load_ruleset;
    use std::path::Path;

    fn mini() -> Ruleset {
        let src = include_str!("../../tests/data/mini-ruleset.toml");
        load_ruleset(Path::new("mini.toml"), src).ruleset.unwrap()
    }

    fn answer(rs: &Ruleset, a: &mut Answers, c: &Cursor, option: usize) -> Cursor {
        let e = choose(rs, a, c.question, c.row, option).unwrap();
        apply(a, &e, false);
        advance(rs, a, c)
    }

    #[test]
    fn answering_walks_rows_then_questions_and_skips_what_is_not_asked() {
        let rs = mini();
        let mut a = Answers::new();
        let eval = evaluate(&rs, &a);
        assert_eq!(steps(&eval), [0], "the matrix waits for its gate");
        let c = at_question(&rs, &a, 0);
        let c = answer(&rs, &mut a, &c, 0); // yes
        assert_eq!((c.question, c.row), (1, 0));
        let c = answer(&rs, &mut a, &c, 2); // money = high
        assert_eq!((c.question, c.row), (1, 1));
        let c = answer(&rs, &mut a, &c, 0); // safety = none
        assert_eq!(c.question, 1, "last question stays put");
        assert!(is_answered(&rs, &a, 1));
        assert_eq!(progress(&evaluate(&rs, &a), 1), (2, 2));

        // Answering "no" hides the matrix; the cursor settles back on the gate.
        let e = choose(&rs, &a, 0, 0, 1).unwrap();
        apply(&mut a, &e, false);
        let eval = evaluate(&rs, &a);
        assert_eq!(steps(&eval), [0]);
        assert_eq!(settle(&rs, &a, &eval, &c).question, 0);
        // Undo brings it back, with its answers kept.
        apply(&mut a, &e, true);
        assert_eq!(steps(&evaluate(&rs, &a)), [0, 1]);
        assert!(is_answered(&rs, &a, 1));
    }

    #[test]
    fn choosing_the_same_option_again_is_no_edit_and_next_missing_wraps() {
        let rs = mini();
        let mut a = Answers::new();
        let e = choose(&rs, &a, 0, 0, 0).unwrap();
        apply(&mut a, &e, false);
        assert!(choose(&rs, &a, 0, 0, 0).is_none());
        let eval = evaluate(&rs, &a);
        assert_eq!(next_missing(&rs, &a, &eval, 1), Some(1));
        assert_eq!(next_missing(&rs, &a, &eval, 0), Some(1));
    }

    #[test]
    fn a_carried_answer_is_shown_prefilled_and_choosing_makes_it_the_assessor_s() {
        let src = include_str!("../../tests/data/carry-ruleset.toml");
        let rs = load_ruleset(Path::new("carry.toml"), src).ruleset.unwrap();
        let m = |cells: &[(&str, &str)]| {
            AnswerValue::Matrix(
                cells
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )
        };
        let mut a = Answers::new();
        a.insert("proofing.needed".into(), AnswerValue::Choice("yes".into()));
        a.insert("federation.used".into(), AnswerValue::Choice("no".into()));
        a.insert(
            "impact.proofing".into(),
            m(&[("money", "moderate"), ("safety", "low")]),
        );
        let q = rs.question_index("impact").unwrap();
        let eval = evaluate(&rs, &a);
        assert_eq!(carried(&rs, &a, q), Some(true));
        assert_eq!(shown_answer(&rs, &a, q, 0), rs.impact_index("moderate"));
        assert_eq!(current_answer(&rs, &a, q, 0), None);
        assert!(!is_answered(&rs, &a, q), "to confirm, so still to go");
        assert_eq!(tally(&rs, &a, &eval), (2, 1));
        assert_eq!(next_missing(&rs, &a, &eval, 0), Some(q));
        // The cursor sits on the carried value: Enter confirms the whole matrix.
        let c = at_question(&rs, &a, q);
        assert_eq!((c.row, c.option), (0, rs.impact_index("moderate").unwrap()));
        let e = choose(&rs, &a, q, c.row, c.option).unwrap();
        assert_eq!(e.before, None);
        assert_eq!(
            e.after,
            Some(m(&[("money", "moderate"), ("safety", "low")]))
        );
        // Changing one row instead keeps the carried value of the other.
        let e2 = choose(&rs, &a, q, 1, rs.impact_index("high").unwrap()).unwrap();
        assert_eq!(
            e2.after,
            Some(m(&[("money", "moderate"), ("safety", "high")]))
        );
        apply(&mut a, &e, false);
        assert!(is_answered(&rs, &a, q));
        assert_eq!(carried(&rs, &a, q), None);
        assert!(a.contains_key("impact.proofing"), "the old answer stays");
        // Undone, the answer is carried again.
        apply(&mut a, &e, true);
        assert_eq!(carried(&rs, &a, q), Some(true));
    }
}
