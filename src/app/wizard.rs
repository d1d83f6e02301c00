//! The question wizard over one set of answers: which questions are asked, where the cursor is,
//! and what choosing an option changes. Pure: no drawing, no files.

use crate::answers::{AnswerValue, Answers};
use crate::engine::{Evaluation, evaluate};
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
            let level = value.as_matrix()?.get(cat)?;
            rs.impact_index(level)
        }
        _ => question.option_index(value.as_choice()?),
    }
}

/// Whether a question is fully answered (every row of a matrix).
pub fn is_answered(rs: &Ruleset, answers: &Answers, q: usize) -> bool {
    let question = &rs.questions[q];
    match question.kind {
        Kind::Impact => {
            (0..question.categories.len()).all(|r| current_answer(rs, answers, q, r).is_some())
        }
        _ => current_answer(rs, answers, q, 0).is_some(),
    }
}

/// The edit that sets option `option` on question `q` (row `row` of a matrix).
pub fn choose(
    rs: &Ruleset,
    answers: &Answers,
    q: usize,
    row: usize,
    option: usize,
) -> Option<AnswerEdit> {
    let question = &rs.questions[q];
    let before = answers.get(&question.id).cloned();
    let after = match question.kind {
        Kind::Impact => {
            let cat = rs.categories[*question.categories.get(row)?].id.clone();
            let level = rs.impact.get(option)?.id.clone();
            let mut m = before
                .as_ref()
                .and_then(|b| b.as_matrix().cloned())
                .unwrap_or_default();
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

/// The edit that clears an answer.
pub fn clear(rs: &Ruleset, answers: &Answers, q: usize) -> Option<AnswerEdit> {
    let id = &rs.questions[q].id;
    let before = answers.get(id).cloned()?;
    Some(AnswerEdit {
        question: id.clone(),
        before: Some(before),
        after: None,
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
            option: current_answer(rs, answers, cursor.question, row).unwrap_or(0),
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
            .find(|&r| current_answer(rs, answers, q, r).is_none())
            .unwrap_or(0)
    } else {
        0
    };
    Cursor {
        question: q,
        row,
        option: current_answer(rs, answers, q, row).unwrap_or(0),
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
}
