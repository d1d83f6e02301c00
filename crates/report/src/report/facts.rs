//! Engine facts in words: the answers behind a level ("because …"), why an answer was not
//! used, what is wrong with a group's tailoring. The engine only says which answers and
//! which levels; how that reads in Thai or English is decided here, once, for the command
//! line, the reports and the interface alike.
//!
//! Ids (`impact.proofing.financial = moderate`) stay ids in both languages: they are what a
//! reader finds in the assessment file. In Thai the ruleset's own Thai name of a value follows
//! it (`= moderate (ปานกลาง)`), since the id is an English word. What is not in the file is
//! worded in the reader's language, e.g. that an answer was only assumed for the lower bound.

use super::tr;
use crate::answers::{AnswerValue, Answers};
use crate::engine::{Carried, Evaluation, Fact, Ignored, IgnoredWhy, TailoringProblem};
use crate::ruleset::{Carry, Combine, Kind, Ruleset};
use crate::text::Lang;

/// One fact, e.g. `pi.validated = no (assumed)` or `impact.proofing.financial = moderate`.
pub(crate) fn fact(rs: &Ruleset, f: &Fact, lang: Lang) -> String {
    match *f {
        Fact::Choice {
            question,
            option,
            assumed,
            carried,
        } => {
            let q = &rs.questions[question];
            let mark = if assumed {
                tr(lang, " (สันนิษฐาน)", " (assumed)")
            } else if carried {
                carried_mark(lang)
            } else {
                ""
            };
            let o = &q.options[option];
            format!(
                "{} = {}{mark}",
                q.id,
                with_name(&o.id, o.label.get(lang), lang)
            )
        }
        Fact::Cell {
            question,
            category,
            impact,
            assumed,
            carried,
        } => {
            let cell = format!(
                "{}.{}",
                rs.questions[question].id, rs.categories[category].id
            );
            let i = &rs.impact[impact];
            let value = with_name(&i.id, i.name.get(lang), lang);
            match (assumed, lang) {
                (false, _) if carried => format!("{cell} = {value}{}", carried_mark(lang)),
                (false, _) => format!("{cell} = {value}"),
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
            // A level is not an answer in the file: it is said as the reader is shown it.
            let t = &rs.targets[target];
            format!("{} = {}", t.id, t.levels[level].shown(lang))
        }
    }
}

/// A value as the file has it, then in Thai the ruleset's Thai name for it when that is other
/// words: `no (ไม่ใช่)`, `high (สูง)`. The id is kept because it is what a reader finds in the
/// file. In English the id is an English word already, and its name mostly repeats it
/// (`high (High)`), so the id alone is said.
fn with_name(id: &str, name: &str, lang: Lang) -> String {
    if lang == Lang::En || name.trim().is_empty() || name.eq_ignore_ascii_case(id) {
        id.to_string()
    } else {
        format!("{id} ({name})")
    }
}

/// An answer's value keyed as the file and its history key it (`pi.needed`, a matrix cell
/// `impact.proofing.financial`, a group's `citizens/pi.needed`): in Thai with the ruleset's Thai
/// name beside the id, as the reasons say it; any other field (a name, a note) as it is.
pub fn named_value(rs: &Ruleset, key: &str, value: &str, lang: Lang) -> String {
    let key = key.rsplit_once('/').map_or(key, |(_, k)| k);
    if let Some(q) = rs.questions.iter().find(|q| q.id == key) {
        return match q.options.iter().find(|o| o.id == value) {
            Some(o) => with_name(&o.id, o.label.get(lang), lang),
            None => value.to_string(),
        };
    }
    let cell = key.rsplit_once('.').is_some_and(|(q, c)| {
        rs.questions
            .iter()
            .any(|x| x.id == q && x.kind == Kind::Impact)
            && rs.categories.iter().any(|x| x.id == c)
    });
    match rs.impact.iter().find(|i| i.id == value) {
        Some(i) if cell => with_name(&i.id, i.name.get(lang), lang),
        _ => value.to_string(),
    }
}

/// Said after a value read from an earlier version's answers (`[[carry]]`).
fn carried_mark(lang: Lang) -> &'static str {
    tr(lang, " (ยกมา)", " (carried over)")
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
        (IgnoredWhy::CarriedInto(q), Lang::En) => format!("read into `{q}` (carried over)"),
        (IgnoredWhy::CarriedInto(q), Lang::Th) => format!("อ่านเป็นคำตอบของ `{q}` (ยกมา)"),
        (IgnoredWhy::Superseded(q), Lang::En) => {
            format!("an earlier version's answer; `{q}` is answered now")
        }
        (IgnoredWhy::Superseded(q), Lang::Th) => {
            format!("คำตอบตามรุ่นก่อนของชุดเกณฑ์ ตอบ `{q}` แล้ว")
        }
    }
}

/// Where a carried answer came from: "carried over from 1.x" when the ruleset says the change
/// came with a new major version (`since = "2.0.0"`), "carried over from before 2.1.0" for
/// another version, else "carried over from an earlier version of the ruleset".
pub fn carried_from(c: &Carry, lang: Lang) -> String {
    let before_major = c.since.as_deref().and_then(|v| {
        let mut parts = v.split('.');
        let major: u64 = parts.next()?.parse().ok()?;
        let rest_zero = parts.all(|p| p.chars().all(|ch| ch == '0') && !p.is_empty());
        (major >= 2 && rest_zero).then(|| format!("{}.x", major - 1))
    });
    match (before_major, c.since.as_deref(), lang) {
        (Some(m), _, Lang::En) => format!("carried over from {m}"),
        (Some(m), _, Lang::Th) => format!("ยกมาจากรุ่น {m}"),
        (None, Some(v), Lang::En) => format!("carried over from before {v}"),
        (None, Some(v), Lang::Th) => format!("ยกมาจากรุ่นก่อน {v}"),
        (None, None, Lang::En) => "carried over from an earlier version of the ruleset".into(),
        (None, None, Lang::Th) => "ยกมาจากรุ่นก่อนของชุดเกณฑ์".into(),
    }
}

/// One carried answer in a sentence: "`impact`: carried over from 1.x (impact.proofing,
/// impact.auth) — not yet confirmed", and the ruleset's note on it when it has one.
pub fn carried(rs: &Ruleset, c: &Carried, lang: Lang) -> String {
    let q = &rs.questions[c.question];
    let Some(carry) = rs.carry_into(c.question) else {
        return q.id.clone();
    };
    let state = match (c.confirm, lang) {
        (true, Lang::En) => "not yet confirmed",
        (true, Lang::Th) => "ยังไม่ได้ยืนยัน",
        (false, Lang::En) => "used as the answer",
        (false, Lang::Th) => "ใช้เป็นคำตอบ",
    };
    let mut out = format!(
        "{}: {} ({}) — {state}",
        q.id,
        carried_from(carry, lang),
        c.from.join(", ")
    );
    if let Some(n) = &carry.note {
        out.push_str(&format!(". {}", n.get(lang)));
    }
    out
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

/// A level as a reader is shown it: its label where it has one (800-63-4's `IAL0` is "No
/// identity proofing"), else its id.
pub(crate) fn level_shown(rs: &Ruleset, target: usize, level: usize, lang: Lang) -> &str {
    rs.targets[target].levels[level].shown(lang)
}

/// How the cells of an impact matrix were combined, in words: what the acceptance statement
/// names as its method [CIL-1].
pub(crate) fn combine_name(c: Combine, lang: Lang) -> &'static str {
    match c {
        Combine::HighWater => tr(
            lang,
            "ค่าสูงสุด (high-water mark): ระดับที่สูงที่สุดของทุกด้าน",
            "high-water mark (the highest rating of any category)",
        ),
        Combine::Average => tr(
            lang,
            "ค่าเฉลี่ย (ปัดขึ้น) ของทุกด้าน",
            "average of the categories (rounded up)",
        ),
    }
}

/// The method a grouped ruleset combines impacts by (the high-water mark when it says none).
pub(crate) fn combine_of(rs: &Ruleset) -> Combine {
    rs.groups.as_ref().map_or(Combine::HighWater, |g| g.combine)
}

/// One answer set's impact matrix, as the acceptance statement reports it (§3.2 [IA-1,
/// CIL-1]): each category's rating and the overall impact level the ruleset's method gives.
/// A category rated per impacted entity takes the highest of its cells; `entities` keeps them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ImpactSummary {
    /// The impact question.
    pub question: usize,
    /// Whether it is asked under the other answers.
    pub asked: bool,
    /// Per category of the question, in its order: the impact rank, none while unrated.
    pub cells: Vec<(usize, Option<usize>)>,
    /// The combined level once every category is rated (and the question is asked).
    pub overall: Option<usize>,
    /// The combined level with the unrated categories at the lowest impact (a lower bound).
    pub lower: usize,
    /// The ratings were carried over from an earlier version of the ruleset.
    pub carried: bool,
    pub combine: Combine,
    /// The scale question's chosen option, when the ruleset has one and it is answered.
    pub scale: Option<(usize, Option<usize>)>,
    /// Per category of the question (same order as `cells`): its per-entity ratings, as
    /// (entity index in the ruleset's `[groups]`, impact rank); empty when rated as a whole.
    pub entities: Vec<Vec<(usize, usize)>>,
}

/// The impact matrix of one answer set: the first impact question asked (or the first of the
/// ruleset when none is), none when the ruleset has no impact question.
pub(crate) fn impact_summary(rs: &Ruleset, e: &Evaluation, ans: &Answers) -> Option<ImpactSummary> {
    let matrices: Vec<usize> = rs
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind == Kind::Impact)
        .map(|(i, _)| i)
        .collect();
    let q = matrices
        .iter()
        .copied()
        .find(|&q| e.asked.get(q).copied().unwrap_or(false))
        .or_else(|| matrices.first().copied())?;
    let asked = e.asked.get(q).copied().unwrap_or(false);
    let carried_value = if ans.contains_key(&rs.questions[q].id) {
        None
    } else {
        e.carried_of(q)
            .and_then(|_| crate::engine::carried_answer(rs, ans, q))
            .map(|(v, _)| v)
    };
    let carried = carried_value.is_some();
    let given = ans.get(&rs.questions[q].id).or(carried_value.as_ref());
    let matrix = given.and_then(AnswerValue::as_matrix);
    let cells: Vec<(usize, Option<usize>)> = rs.questions[q]
        .categories
        .iter()
        .map(|&c| {
            let rank = matrix.and_then(|m| rs.matrix_rating(m, &rs.categories[c].id));
            (c, rank)
        })
        .collect();
    let entities = cells
        .iter()
        .map(|&(c, _)| {
            matrix
                .map(|m| rs.entity_ratings(m, &rs.categories[c].id))
                .unwrap_or_default()
        })
        .collect();
    let combine = combine_of(rs);
    let lower = combine.fold(cells.iter().map(|(_, r)| r.unwrap_or(0) as u8)) as usize;
    let all_rated = cells.iter().all(|(_, r)| r.is_some());
    let scale = rs.groups.as_ref().and_then(|g| g.scale).map(|sq| {
        let chosen = ans
            .get(&rs.questions[sq].id)
            .and_then(AnswerValue::as_choice)
            .and_then(|v| rs.questions[sq].option_index(v));
        (sq, chosen)
    });
    Some(ImpactSummary {
        question: q,
        asked,
        cells,
        overall: (asked && all_rated).then_some(lower),
        lower,
        carried,
        combine,
        scale,
        entities,
    })
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
            carried: false,
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
            carried: false,
        };
        assert_eq!(
            fact(&rs, &rated, Lang::Th),
            "impact.proofing.financial = none (ไม่มีผลกระทบ)"
        );
        assert_eq!(
            fact(&rs, &rated, Lang::En),
            "impact.proofing.financial = none"
        );
    }

    #[test]
    fn in_thai_a_value_keeps_its_id_and_adds_the_ruleset_s_thai_name() {
        let rs = dgs();
        let pi = rs.question_index("pi.needed").unwrap();
        let no = rs.questions[pi]
            .options
            .iter()
            .position(|o| o.id == "no")
            .unwrap();
        let choice = Fact::Choice {
            question: pi,
            option: no,
            assumed: false,
            carried: false,
        };
        assert_eq!(fact(&rs, &choice, Lang::Th), "pi.needed = no (ไม่ใช่)");
        assert_eq!(fact(&rs, &choice, Lang::En), "pi.needed = no");
        let assumed = Fact::Choice {
            question: pi,
            option: no,
            assumed: true,
            carried: false,
        };
        assert_eq!(
            fact(&rs, &assumed, Lang::Th),
            "pi.needed = no (ไม่ใช่) (สันนิษฐาน)"
        );
        let high = rs.impact.iter().position(|i| i.id == "high").unwrap();
        let cell = Fact::Cell {
            question: rs.question_index("impact.proofing").unwrap(),
            category: rs.category_index("financial").unwrap(),
            impact: high,
            assumed: false,
            carried: true,
        };
        assert_eq!(
            fact(&rs, &cell, Lang::Th),
            "impact.proofing.financial = high (สูง) (ยกมา)"
        );
        assert_eq!(
            fact(&rs, &cell, Lang::En),
            "impact.proofing.financial = high (carried over)"
        );
    }

    #[test]
    fn a_value_by_its_key_reads_as_the_reasons_say_it() {
        let rs = dgs();
        let th = |k: &str, v: &str| named_value(&rs, k, v, Lang::Th);
        assert_eq!(th("pi.needed", "no"), "no (ไม่ใช่)");
        assert_eq!(th("citizens/pi.needed", "yes"), "yes (ใช่)");
        assert_eq!(th("impact.proofing.financial", "high"), "high (สูง)");
        assert_eq!(
            th("service.group", "transactional"),
            "transactional (การให้บริการธุรกรรม)"
        );
        // Not an answer, or not one of its values: as it is.
        assert_eq!(th("service.name", "no"), "no");
        assert_eq!(th("pi.needed", "maybe"), "maybe");
        assert_eq!(th("impact.proofing.pets", "high"), "high");
        assert_eq!(named_value(&rs, "pi.needed", "no", Lang::En), "no");
    }

    #[test]
    fn a_level_that_is_a_word_reads_in_thai() {
        let rs = dgs();
        let aal = rs.target_index("aal").unwrap();
        let f = Fact::Level {
            target: aal,
            level: rs.targets[aal].level_index("none").unwrap(),
        };
        assert_eq!(fact(&rs, &f, Lang::Th), "aal = ไม่ต้องยืนยันตัวตน");
        assert_eq!(fact(&rs, &f, Lang::En), "aal = none");
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
            IgnoredWhy::CarriedInto("pets".into()),
            IgnoredWhy::Superseded("pets".into()),
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

    #[test]
    fn carried_answers_say_where_they_came_from_in_both_languages() {
        let src = include_str!("../../../../tests/data/carry-ruleset.toml");
        let rs = crate::ruleset::load_ruleset(std::path::Path::new("c.toml"), src)
            .ruleset
            .unwrap();
        let mut carry = rs.carries[0].clone();
        assert_eq!(carried_from(&carry, Lang::En), "carried over from 1.x");
        assert_eq!(carried_from(&carry, Lang::Th), "ยกมาจากรุ่น 1.x");
        carry.since = Some("2.1.0".into());
        assert_eq!(
            carried_from(&carry, Lang::En),
            "carried over from before 2.1.0"
        );
        carry.since = None;
        assert_eq!(
            carried_from(&carry, Lang::En),
            "carried over from an earlier version of the ruleset"
        );
        assert!(no_english_words(&carried_from(&carry, Lang::Th), &[]));
        let c = Carried {
            question: carry.to,
            from: vec!["impact.proofing".into()],
            confirm: true,
        };
        assert_eq!(
            carried(&rs, &c, Lang::En),
            "impact: carried over from 1.x (impact.proofing) — not yet confirmed"
        );
        let th = carried(&rs, &c, Lang::Th);
        assert!(
            no_english_words(&th, &["impact.proofing", "impact", "1.x"]),
            "{th}"
        );
    }

    #[test]
    fn the_impact_summary_combines_by_the_ruleset_s_method_and_waits_for_every_rating() {
        let rs = Registry::builtin().get("nist-800-63-4").unwrap().clone();
        let mut a = Answers::new();
        for gate in ["proofing.needed", "auth.needed", "federation.used"] {
            a.insert(gate.into(), AnswerValue::Choice("yes".into()));
        }
        let cells = |v: &[(&str, &str)]| {
            AnswerValue::Matrix(
                v.iter()
                    .map(|(c, i)| (c.to_string(), i.to_string()))
                    .collect(),
            )
        };
        a.insert("impact".into(), cells(&[("financial", "moderate")]));
        let s = impact_summary(&rs, &evaluate(&rs, &a), &a).unwrap();
        assert!(s.asked);
        assert_eq!(s.combine, Combine::HighWater);
        assert_eq!(s.overall, None, "unrated categories leave no overall level");
        assert_eq!(rs.impact[s.lower].id, "moderate");
        assert_eq!(
            s.scale,
            Some((rs.question_index("scale.people").unwrap(), None))
        );
        let all = [
            ("mission", "low"),
            ("trust", "high"),
            ("information", "low"),
            ("financial", "moderate"),
            ("safety", "none"),
        ];
        a.insert("impact".into(), cells(&all));
        let s = impact_summary(&rs, &evaluate(&rs, &a), &a).unwrap();
        assert_eq!(s.overall.map(|r| rs.impact[r].id.as_str()), Some("high"));
        assert!(s.entities.iter().all(Vec::is_empty));
        // Financial rated per entity: the category takes the highest, each entity is kept.
        let mut per_entity = all.to_vec();
        per_entity.retain(|(c, _)| *c != "financial");
        per_entity.extend([
            ("financial/individuals", "low"),
            ("financial/public", "high"),
        ]);
        a.insert("impact".into(), cells(&per_entity));
        let s = impact_summary(&rs, &evaluate(&rs, &a), &a).unwrap();
        let fin = s
            .cells
            .iter()
            .position(|&(c, _)| rs.categories[c].id == "financial")
            .unwrap();
        assert_eq!(s.cells[fin].1, rs.impact_index("high"));
        let named: Vec<(&str, &str)> = s.entities[fin]
            .iter()
            .map(|&(e, r)| {
                let g = rs.groups.as_ref().unwrap();
                (g.entities[e].id.as_str(), rs.impact[r].id.as_str())
            })
            .collect();
        assert_eq!(named, [("individuals", "low"), ("public", "high")]);
        // No gate says yes: the matrix is not asked, and there is no overall level.
        for gate in ["proofing.needed", "auth.needed", "federation.used"] {
            a.insert(gate.into(), AnswerValue::Choice("no".into()));
        }
        let s = impact_summary(&rs, &evaluate(&rs, &a), &a).unwrap();
        assert!(!s.asked);
        assert_eq!(s.overall, None);
        assert!(combine_name(s.combine, Lang::En).starts_with("high-water mark"));
    }
}
