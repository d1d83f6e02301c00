//! The what-would-change list against brute force: every single-answer change of several
//! assessments is tried, and the list must hold exactly the nearest ones that move a level.

use crate::support;

use std::collections::BTreeMap;

use support::cli::xal;
use xal::answers::{AnswerValue, Answers};
use xal::engine::evaluate;
use xal::engine::whatif::{Change, Direction, what_would_change};
use xal::ruleset::registry::Registry;
use xal::ruleset::{Kind, Ruleset};

fn parse(text: &str) -> Answers {
    let t: toml::Table = toml::from_str(text).unwrap();
    t["answers"].clone().try_into().unwrap()
}

const CASES: &[(&str, &str)] = &[
    (
        "dgs-1-2-2564",
        r#"[answers]
"service.group" = "transactional"
"pi.needed" = "yes"
"pi.validated" = "yes"
"impact.proofing" = { reputation = "moderate", financial = "moderate", programs = "low", sensitive = "moderate", safety = "none", civil = "low" }
"auth.needed" = "yes"
"impact.auth" = { reputation = "moderate", financial = "low", programs = "none", sensitive = "none", safety = "none", civil = "none" }
"pi.accessible" = "no"
"#,
    ),
    (
        "dgs-1-2-2564",
        r#"[answers]
"pi.needed" = "yes"
"pi.validated" = "unknown"
"impact.proofing" = { reputation = "low", financial = "moderate", programs = "none", sensitive = "none", safety = "none", civil = "none" }
"auth.needed" = "yes"
"impact.auth" = { reputation = "low", financial = "low", programs = "none", sensitive = "none", safety = "none", civil = "none" }
"pi.accessible" = "no"
"#,
    ),
    (
        "dgs-1-2-2564",
        r#"[answers]
"pi.needed" = "no"
"auth.needed" = "no"
"#,
    ),
    (
        "nist-800-63-3",
        r#"[answers]
"pi.needed" = "yes"
"pi.validated" = "yes"
"impact.proofing" = { reputation = "high", financial = "low", programs = "none", sensitive = "low", safety = "none", civil = "none" }
"impact.auth" = { reputation = "low", financial = "low", programs = "none", sensitive = "none", safety = "low", civil = "none" }
"pi.accessible" = "yes"
"#,
    ),
    (
        "nist-800-63-4",
        r#"[answers]
"proofing.needed" = "yes"
"auth.needed" = "yes"
"federation.used" = "yes"
"impact" = { mission = "low", trust = "moderate", information = "low", financial = "none", safety = "none" }
"pi.accessible" = "no"
"#,
    ),
];

/// Which way a level moved from `before` to `after` (they differ).
fn direction(before: usize, after: usize) -> Direction {
    if after > before {
        Direction::Raise
    } else {
        Direction::Lower
    }
}

/// Every single-answer change: (question, category, from, to, changed answers).
fn single_changes(rs: &Ruleset, a: &Answers) -> Vec<(usize, Option<usize>, usize, usize, Answers)> {
    let base = evaluate(rs, a);
    let mut out = Vec::new();
    for (qi, q) in rs.questions.iter().enumerate() {
        if !base.asked[qi] || q.plan.is_some() {
            continue;
        }
        match (q.kind, a.get(&q.id)) {
            (Kind::Impact, Some(AnswerValue::Matrix(m))) => {
                for &c in &q.categories {
                    let cat = &rs.categories[c].id;
                    let from = rs.impact_index(&m[cat]).unwrap();
                    for to in 0..rs.impact.len() {
                        if to != from {
                            let mut m2: BTreeMap<String, String> = m.clone();
                            m2.insert(cat.clone(), rs.impact[to].id.clone());
                            let mut b = a.clone();
                            b.insert(q.id.clone(), AnswerValue::Matrix(m2));
                            out.push((qi, Some(c), from, to, b));
                        }
                    }
                }
            }
            (_, Some(AnswerValue::Choice(v))) => {
                let from = q.option_index(v).unwrap();
                for to in 0..q.options.len() {
                    if to != from {
                        let mut b = a.clone();
                        b.insert(q.id.clone(), AnswerValue::Choice(q.options[to].id.clone()));
                        out.push((qi, None, from, to, b));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_list_is_exactly_the_nearest_single_changes_that_move_a_level() {
    let reg = Registry::builtin();
    for (rid, text) in CASES {
        let rs = reg.get(rid).unwrap();
        let a = parse(text);
        let base = evaluate(rs, &a);
        let list = what_would_change(rs, &a);
        // Every entry is true.
        for c in &list {
            let (_, _, _, _, b) = single_changes(rs, &a)
                .into_iter()
                .find(|(q, cat, f, t, _)| {
                    (*q, *cat, *f, *t) == (c.question, c.category, c.from, c.to)
                })
                .expect("entry is a single change");
            let after = evaluate(rs, &b);
            assert_eq!(after.targets[c.target].level, c.level, "{rid}: {c:?}");
            assert_eq!(
                direction(base.targets[c.target].level, c.level),
                c.direction
            );
            assert_eq!(after.targets[c.target].final_, c.final_);
        }
        // Every change that moves a level is listed, or a nearer one of the same cell is.
        for (q, cat, from, to, b) in single_changes(rs, &a) {
            let after = evaluate(rs, &b);
            for t in 0..rs.targets.len() {
                let (l0, l1) = (base.targets[t].level, after.targets[t].level);
                if l0 == l1 {
                    continue;
                }
                let dir = direction(l0, l1);
                let hit = list.iter().find(|c: &&Change| {
                    c.target == t
                        && c.direction == dir
                        && c.question == q
                        && c.category == cat
                        && if cat.is_some() {
                            c.to.abs_diff(from) <= to.abs_diff(from)
                        } else {
                            c.to == to
                        }
                });
                assert!(
                    hit.is_some(),
                    "{rid}: {} {from}→{to} moves target {t} but is not listed",
                    rs.questions[q].id
                );
            }
        }
        // Nothing listed twice for one cell, target and direction.
        for (i, c) in list.iter().enumerate() {
            let dup = list[i + 1..].iter().any(|d| {
                c.category.is_some()
                    && (d.target, d.direction, d.question, d.category)
                        == (c.target, c.direction, c.question, c.category)
            });
            assert!(!dup, "{rid}: duplicate {c:?}");
        }
    }
}

#[test]
fn the_brief_example_reads_as_written() {
    let reg = Registry::builtin();
    let rs = reg.get("dgs-1-2-2564").unwrap();
    let a = parse(CASES[1].1);
    let lines: Vec<String> = what_would_change(rs, &a)
        .iter()
        .map(|c| xal::report::whatif::change(rs, c, xal::text::Lang::En))
        .collect();
    assert!(
        lines.contains(
            &"impact.proofing.financial moderate → low would lower IAL to IAL1.1".to_string()
        ),
        "{lines:#?}"
    );
}

#[test]
fn eval_explain_prints_the_plan_in_text_and_both_lists_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::write(&file, CASES[1].1).unwrap();
    let run = |fmt: &str| {
        xal(
            dir.path(),
            &[
                "eval",
                file.to_str().unwrap(),
                "--explain",
                "--format",
                fmt,
                "--lang",
                "en",
            ],
        )
    };
    let text = String::from_utf8(run("text").stdout).unwrap();
    // The text is the planner's: up to two changes, option labels, the methods that meet.
    assert!(
        text.contains("What would change the level (up to two answers at a time):"),
        "{text}"
    );
    assert!(
        text.contains("impact.proofing.financial: Moderate → Low would lower IAL to IAL1.1"),
        "{text}"
    );
    assert!(text.contains("methods that meet"), "{text}");
    let v: serde_json::Value = serde_json::from_slice(&run("json").stdout).unwrap();
    let ial = v["whatif"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "ial")
        .unwrap();
    assert!(
        ial["goals"].as_array().unwrap().iter().any(|g| g["level"] == "IAL1.1"
            && g["direction"] == "lower"
            && g["routes"].as_array().unwrap().iter().any(|r| r["steps"]
                == serde_json::json!([{"answer": "impact.proofing.financial", "from": "moderate", "to": "low"}]))),
        "{ial}"
    );
    let list = v["what_would_change"].as_array().unwrap();
    assert!(
        list.iter()
            .any(|c| c["answer"] == "impact.proofing.financial"
                && c["from"] == "moderate"
                && c["to"] == "low"
                && c["direction"] == "lower"
                && c["level"] == "IAL1.1"
                && c["target"] == "ial")
    );
}
