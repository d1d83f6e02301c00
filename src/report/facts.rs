//! Engine facts in words: the answers behind a level ("because …"), why an answer was not
//! used, what is wrong with a group's tailoring. The engine only says which answers and
//! which levels; how that reads in Thai or English is decided here, once, for the command
//! line, the reports and the interface alike.
//!
//! Ids (`impact.proofing.financial = moderate`) stay ids in both languages: they are what a
//! reader finds in the assessment file. What is not in the file is worded in the reader's
//! language, e.g. that an answer was only assumed for the lower bound.

use super::tr;
use crate::engine::{Fact, Ignored, IgnoredWhy, TailoringProblem};
use crate::ruleset::Ruleset;
use crate::text::Lang;

/// One fact, e.g. `pi.validated = no (assumed)` or `impact.proofing.financial = moderate`.
pub fn fact(rs: &Ruleset, f: &Fact, lang: Lang) -> String {
    match *f {
        Fact::Choice {
            question,
            option,
            assumed,
        } => {
            let q = &rs.questions[question];
            let mark = if assumed {
                tr(lang, " (สันนิษฐาน)", " (assumed)")
            } else {
                ""
            };
            format!("{} = {}{mark}", q.id, q.options[option].id)
        }
        Fact::Cell {
            question,
            category,
            impact,
            assumed,
        } => {
            let cell = format!(
                "{}.{}",
                rs.questions[question].id, rs.categories[category].id
            );
            match (assumed, lang) {
                (false, _) => format!("{cell} = {}", rs.impact[impact].id),
                (true, Lang::En) => format!("{cell} = {} (not yet rated)", rs.impact[impact].id),
                // The impact's id is an English word ("none"); an unrated cell has no value in
                // the file to point at, so the ruleset's own Thai name says what was assumed.
                (true, Lang::Th) => format!(
                    "{cell} = ยังไม่ได้ประเมิน (ถือว่า{})",
                    rs.impact[impact].name.get(lang)
                ),
            }
        }
        Fact::Level { target, level } => {
            let t = &rs.targets[target];
            format!("{} = {}", t.id, t.levels[level].id)
        }
    }
}

/// Every fact of a "because" list, in order.
pub fn facts(rs: &Ruleset, fs: &[Fact], lang: Lang) -> Vec<String> {
    fs.iter().map(|f| fact(rs, f, lang)).collect()
}

/// Why an answer in the file took no part in the evaluation.
pub fn ignored(i: &Ignored, lang: Lang) -> String {
    match (&i.why, lang) {
        (IgnoredWhy::UnknownQuestion, Lang::En) => "unknown question".into(),
        (IgnoredWhy::UnknownQuestion, Lang::Th) => "ไม่มีคำถามนี้ในชุดเกณฑ์".into(),
        (IgnoredWhy::NotAsked, Lang::En) => "not asked under the other answers".into(),
        (IgnoredWhy::NotAsked, Lang::Th) => "ไม่ถูกถามเมื่อพิจารณาจากคำตอบอื่น".into(),
        (IgnoredWhy::NotAnOption(v), Lang::En) => {
            format!("`{v}` is not one of the question's options")
        }
        (IgnoredWhy::NotAnOption(v), Lang::Th) => format!("`{v}` ไม่ใช่ตัวเลือกของคำถามนี้"),
        (IgnoredWhy::UnknownCategory(c), Lang::En) => format!("unknown category `{c}`"),
        (IgnoredWhy::UnknownCategory(c), Lang::Th) => format!("ไม่มีหมวด `{c}` ในชุดเกณฑ์"),
        (IgnoredWhy::NotAnImpact { category, value }, Lang::En) => {
            format!("`{value}` for `{category}` is not an impact level")
        }
        (IgnoredWhy::NotAnImpact { category, value }, Lang::Th) => {
            format!("`{value}` ของ `{category}` ไม่ใช่ระดับผลกระทบ")
        }
        (IgnoredWhy::WrongShape, Lang::En) => "not the kind of answer this question takes".into(),
        (IgnoredWhy::WrongShape, Lang::Th) => "รูปแบบคำตอบไม่ตรงกับประเภทของคำถาม".into(),
    }
}

/// What is wrong with a user group's tailored level.
pub fn tailoring_problem(rs: &Ruleset, p: &TailoringProblem, lang: Lang) -> String {
    match p {
        TailoringProblem::NotTailorable { target } => {
            let id = &rs.targets[*target].id;
            match lang {
                Lang::En => format!("`{id}` cannot be tailored in this ruleset"),
                Lang::Th => format!("ชุดเกณฑ์นี้ไม่ให้ปรับระดับ `{id}`"),
            }
        }
        TailoringProblem::UnknownLevel { target, level } => {
            let id = &rs.targets[*target].id;
            match lang {
                Lang::En => format!("`{level}` is not a level of `{id}`"),
                Lang::Th => format!("`{level}` ไม่ใช่ระดับของ `{id}`"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{AnswerValue, Answers};
    use crate::engine::evaluate;
    use crate::ruleset::registry::Registry;

    fn dgs() -> std::sync::Arc<Ruleset> {
        Registry::builtin().get("dgs-1-2-2564").unwrap().clone()
    }

    /// Thai output has no English words beyond the ids and the ruleset's own level names.
    fn no_english_words(s: &str, allowed: &[&str]) -> bool {
        let mut rest = s.to_string();
        for a in allowed {
            rest = rest.replace(a, "");
        }
        !rest.chars().any(|c| c.is_ascii_alphabetic())
    }

    #[test]
    fn assumed_answers_are_marked_in_the_reader_s_language() {
        let rs = dgs();
        let mut a = Answers::new();
        a.insert("pi.needed".into(), AnswerValue::Choice("yes".into()));
        // Every proofing impact high, `pi.validated` unanswered: the bound assumes "no".
        let q = &rs.questions[rs.question_index("impact.proofing").unwrap()];
        let cells = q
            .categories
            .iter()
            .map(|&c| (rs.categories[c].id.clone(), "high".to_string()))
            .collect();
        a.insert("impact.proofing".into(), AnswerValue::Matrix(cells));
        let e = evaluate(&rs, &a);
        let ial = &e.targets[rs.target_index("ial").unwrap()];
        let assumed: Vec<&Fact> = ial
            .because
            .iter()
            .filter(|f| {
                matches!(
                    f,
                    Fact::Choice { assumed: true, .. } | Fact::Cell { assumed: true, .. }
                )
            })
            .collect();
        assert!(!assumed.is_empty(), "{:?}", ial.because);
        for f in assumed {
            let en = fact(&rs, f, Lang::En);
            assert!(
                en.ends_with("(assumed)") || en.ends_with("(not yet rated)"),
                "{en}"
            );
            let th = fact(&rs, f, Lang::Th);
            let (ids, _) = th.split_once(" = ").unwrap();
            let value = match f {
                Fact::Choice {
                    question, option, ..
                } => rs.questions[*question].options[*option].id.clone(),
                _ => String::new(),
            };
            assert!(no_english_words(&th, &[ids, &value]), "{th}");
        }
    }

    #[test]
    fn an_unrated_cell_names_the_assumed_impact_by_the_ruleset_s_words() {
        let rs = dgs();
        let q = rs.question_index("impact.proofing").unwrap();
        let f = Fact::Cell {
            question: q,
            category: rs.category_index("financial").unwrap(),
            impact: 0,
            assumed: true,
        };
        assert_eq!(
            fact(&rs, &f, Lang::En),
            "impact.proofing.financial = none (not yet rated)"
        );
        assert_eq!(
            fact(&rs, &f, Lang::Th),
            format!(
                "impact.proofing.financial = ยังไม่ได้ประเมิน (ถือว่า{})",
                rs.impact[0].name.get(Lang::Th)
            )
        );
        let rated = Fact::Cell {
            question: q,
            category: rs.category_index("financial").unwrap(),
            impact: 0,
            assumed: false,
        };
        assert_eq!(
            fact(&rs, &rated, Lang::Th),
            "impact.proofing.financial = none"
        );
    }

    #[test]
    fn every_ignored_reason_has_thai_words() {
        let whys = [
            IgnoredWhy::UnknownQuestion,
            IgnoredWhy::NotAsked,
            IgnoredWhy::NotAnOption("maybe".into()),
            IgnoredWhy::UnknownCategory("pets".into()),
            IgnoredWhy::NotAnImpact {
                category: "pets".into(),
                value: "huge".into(),
            },
            IgnoredWhy::WrongShape,
        ];
        for why in whys {
            let i = Ignored {
                id: "q".into(),
                why,
            };
            let th = ignored(&i, Lang::Th);
            assert!(
                no_english_words(&th, &["maybe", "pets", "huge"]),
                "{th} for {:?}",
                i.why
            );
            assert_ne!(th, ignored(&i, Lang::En));
        }
    }
}
