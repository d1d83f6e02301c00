//! The what-if planner against brute force, over every worked example of the three built-in
//! rulesets (each group on its own): every route listed really gives its level (evaluated),
//! no single change that gives a level is missed, pairs appear only where no single change
//! does and each is minimal, and the words come in the chosen language.

use std::collections::BTreeMap;

use xal::answers::{AnswerSet, AnswerValue, Answers};
use xal::engine::evaluate;
use xal::engine::whatif::Direction;
use xal::engine::whatif::plan::{Route, Step, TargetPlan, plan, plan_set, plan_within};
use xal::report::whatif::plan_text;
use xal::ruleset::registry::Registry;
use xal::ruleset::{Kind, Ruleset};
use xal::text::Lang;

const RULESETS: &[&str] = &["dgs-1-2-2564", "nist-800-63-3", "nist-800-63-4"];

/// Every answer set the rulesets' worked examples hold.
fn cases(rs: &Ruleset) -> Vec<(String, Answers)> {
    let mut out = Vec::new();
    for ex in &rs.examples {
        match &ex.answers {
            AnswerSet::Single(a) => out.push((ex.name.clone(), a.clone())),
            AnswerSet::Groups(gs) => {
                for g in gs {
                    out.push((format!("{} / {}", ex.name, g.id), g.answers.clone()));
                }
            }
        }
    }
    out
}

/// The current value of an answer slot, written independently of the planner.
fn current(rs: &Ruleset, a: &Answers, q: usize, cat: Option<usize>) -> Option<usize> {
    let question = &rs.questions[q];
    match (cat, a.get(&question.id)) {
        (Some(c), Some(AnswerValue::Matrix(m))) => {
            m.get(&rs.categories[c].id).and_then(|v| rs.impact_index(v))
        }
        (None, Some(AnswerValue::Choice(v))) => question.option_index(v),
        _ => None,
    }
}

fn set(rs: &Ruleset, a: &Answers, q: usize, cat: Option<usize>, to: usize) -> Answers {
    let question = &rs.questions[q];
    let mut b = a.clone();
    match cat {
        Some(c) => {
            let mut m: BTreeMap<String, String> = match a.get(&question.id) {
                Some(AnswerValue::Matrix(m)) => m.clone(),
                _ => BTreeMap::new(),
            };
            m.insert(rs.categories[c].id.clone(), rs.impact[to].id.clone());
            b.insert(question.id.clone(), AnswerValue::Matrix(m));
        }
        None => {
            b.insert(
                question.id.clone(),
                AnswerValue::Choice(question.options[to].id.clone()),
            );
        }
    }
    b
}

/// Every single change of an asked, non-plan question: (question, category, to).
fn brute_singles(rs: &Ruleset, a: &Answers) -> Vec<(usize, Option<usize>, usize)> {
    let base = evaluate(rs, a);
    let mut out = Vec::new();
    for (q, question) in rs.questions.iter().enumerate() {
        if !base.asked[q] || question.plan.is_some() {
            continue;
        }
        if question.kind == Kind::Impact {
            for &c in &question.categories {
                for to in 0..rs.impact.len() {
                    if Some(to) != current(rs, a, q, Some(c)) {
                        out.push((q, Some(c), to));
                    }
                }
            }
        } else {
            for to in 0..question.options.len() {
                if Some(to) != current(rs, a, q, None) {
                    out.push((q, None, to));
                }
            }
        }
    }
    out
}

fn apply_all(rs: &Ruleset, a: &Answers, steps: &[Step]) -> Answers {
    steps.iter().fold(a.clone(), |acc, s| {
        set(rs, &acc, s.question, s.category, s.to)
    })
}

fn goal_routes(p: &[TargetPlan], t: usize, level: usize) -> &[Route] {
    let goal = p[t].goals.iter().find(|g| g.level == level);
    &goal.expect("a level some change gives is a goal").routes
}

#[test]
fn every_route_gives_its_level_and_no_single_change_is_missed() {
    let reg = Registry::builtin();
    let mut routes_checked = 0;
    let mut pairs_checked = 0;
    for rid in RULESETS {
        let rs = reg.get(rid).unwrap();
        for (name, a) in cases(rs) {
            let base = evaluate(rs, &a);
            let p = plan(rs, &a);
            assert_eq!(p.len(), rs.targets.len());
            for (t, tp) in p.iter().enumerate() {
                assert_eq!(tp.level, base.targets[t].level, "{rid} {name}");
                assert_eq!(tp.final_, base.targets[t].final_, "{rid} {name}");
                // One goal per other level that some rule or floor gives, lowest first (every
                // level a change gives is found among them below).
                let levels: Vec<usize> = tp.goals.iter().map(|g| g.level).collect();
                let given = |l: usize| {
                    rs.rules.iter().any(|r| r.target == t && r.level == l)
                        || rs.floors.iter().any(|f| f.target == t && f.min == l)
                };
                let want: Vec<usize> = (0..rs.targets[t].levels.len())
                    .filter(|&l| l != tp.level && given(l))
                    .collect();
                assert_eq!(levels, want, "{rid} {name}");
                for g in &tp.goals {
                    let dir = if g.level > tp.level {
                        Direction::Raise
                    } else {
                        Direction::Lower
                    };
                    assert_eq!(g.direction, dir);
                    for r in &g.routes {
                        // The route is true: its steps start from the answers as they are and
                        // give exactly the level stated.
                        for s in &r.steps {
                            assert_eq!(
                                s.from,
                                current(rs, &a, s.question, s.category),
                                "{rid} {name}"
                            );
                        }
                        let after = evaluate(rs, &apply_all(rs, &a, &r.steps));
                        assert_eq!(after.targets[t].level, g.level, "{rid} {name}: {r:?}");
                        assert_eq!(r.level, g.level);
                        assert_eq!(after.targets[t].final_, r.final_, "{rid} {name}: {r:?}");
                        routes_checked += 1;
                        if r.steps.len() == 2 {
                            // Minimal: neither step alone gives the level.
                            pairs_checked += 1;
                            for s in &r.steps {
                                let one = evaluate(rs, &apply_all(rs, &a, std::slice::from_ref(s)));
                                assert_ne!(one.targets[t].level, g.level, "{rid} {name}: {r:?}");
                            }
                        }
                        assert!(!r.steps.is_empty() && r.steps.len() <= 2);
                    }
                }
            }
            // No single change that gives a level is missed: it is listed, or a nearer value of
            // the same matrix cell that gives the same level is.
            for (q, cat, to) in brute_singles(rs, &a) {
                let after = evaluate(rs, &set(rs, &a, q, cat, to));
                for t in 0..rs.targets.len() {
                    let level = after.targets[t].level;
                    if level == base.targets[t].level {
                        continue;
                    }
                    let routes = goal_routes(&p, t, level);
                    let from = current(rs, &a, q, cat);
                    let listed = routes.iter().any(|r| {
                        r.steps.len() == 1 && {
                            let s = &r.steps[0];
                            s.question == q
                                && s.category == cat
                                && (s.to == to
                                    || cat.is_some()
                                        && s.to.abs_diff(from.unwrap_or(0))
                                            < to.abs_diff(from.unwrap_or(0)))
                        }
                    });
                    assert!(
                        listed,
                        "{rid} {name}: {} {cat:?} → {to} gives {} for target {t}, not listed",
                        rs.questions[q].id, rs.targets[t].levels[level].id
                    );
                }
            }
        }
    }
    assert!(routes_checked > 500, "{routes_checked}");
    assert!(pairs_checked > 0, "no pair was ever needed");
}

#[test]
fn where_no_single_change_reaches_a_level_every_reaching_pair_is_covered() {
    let reg = Registry::builtin();
    for rid in RULESETS {
        let rs = reg.get(rid).unwrap();
        // Every third example keeps the quadratic search short; the first test checks them all.
        for (name, a) in cases(rs).into_iter().step_by(3) {
            let base = evaluate(rs, &a);
            let p = plan(rs, &a);
            for (q1, c1, to1) in brute_singles(rs, &a) {
                let a1 = set(rs, &a, q1, c1, to1);
                for (q2, c2, to2) in brute_singles(rs, &a1) {
                    if (q2, c2) == (q1, c1) {
                        continue;
                    }
                    let after = evaluate(rs, &set(rs, &a1, q2, c2, to2));
                    for t in 0..rs.targets.len() {
                        let level = after.targets[t].level;
                        if level == base.targets[t].level {
                            continue;
                        }
                        assert!(
                            !goal_routes(&p, t, level).is_empty(),
                            "{rid} {name}: {} and {} reach {} for target {t}, but no route is listed",
                            rs.questions[q1].id,
                            rs.questions[q2].id,
                            rs.targets[t].levels[level].id
                        );
                    }
                }
            }
        }
    }
}

fn parse(text: &str) -> Answers {
    let t: toml::Table = toml::from_str(text).unwrap();
    t["answers"].clone().try_into().unwrap()
}

#[test]
fn answering_an_open_question_is_planned_and_says_what_it_opens() {
    let reg = Registry::builtin();
    let rs = reg.get("dgs-1-2-2564").unwrap();
    let a = parse(
        r#"[answers]
"service.group" = "transactional"
"pi.needed" = "yes"
"pi.validated" = "yes"
"impact.proofing" = { reputation = "moderate", financial = "moderate", programs = "low", sensitive = "moderate", safety = "none", civil = "low" }
"#,
    );
    let plans = plan_set(rs, &AnswerSet::Single(a));
    let en = plan_text(rs, &plans, Lang::En);
    assert!(
        en.contains(
            "answering auth.needed: Yes would raise AAL to at least AAL2 (once the questions it opens are answered: impact.auth, pi.accessible)"
        ),
        "{en}"
    );
    // The planned methods that meet the required IAL are named.
    assert!(
        en.contains("methods that meet IAL2.1 now (plan.proofing):"),
        "{en}"
    );
    assert!(!en.contains("Self-asserted"), "{en}");
    let th = plan_text(rs, &plans, Lang::Th);
    assert!(
        th.contains("ตอบ auth.needed: ใช่ จะเพิ่ม AAL เป็น อย่างน้อย AAL2"),
        "{th}"
    );
    // Thai output names values in Thai, never the English option or impact names.
    for word in [": Yes", "Moderate", "→ Low", " would ", "methods"] {
        assert!(!th.contains(word), "{word:?} in {th}");
    }
}

#[test]
fn a_lower_bound_that_opens_nothing_does_not_say_it_opens_questions() {
    let reg = Registry::builtin();
    let rs = reg.get("nist-800-63-4").unwrap();
    // pi.accessible is missing: every IAL route is final, but the AAL ones are lower bounds
    // that open nothing.
    let a = parse(
        r#"[answers]
"proofing.needed" = "yes"
"auth.needed" = "yes"
"federation.used" = "no"
"impact" = { mission = "low", trust = "low", information = "low", financial = "low", safety = "low" }
"#,
    );
    let text = plan_text(rs, &plan_set(rs, &AnswerSet::Single(a)), Lang::En);
    assert!(
        text.contains("pi.accessible") && text.contains("(while other answers are missing)"),
        "{text}"
    );
    assert!(!text.contains("opens are answered: )"), "{text}");
}

#[test]
fn high_federation_impact_plans_the_further_assessment() {
    let reg = Registry::builtin();
    let rs = reg.get("nist-800-63-4").unwrap();
    let a = parse(
        r#"[answers]
"proofing.needed" = "no"
"auth.needed" = "no"
"federation.used" = "yes"
"impact" = { mission = "high", trust = "low", information = "low", financial = "none", safety = "none" }
"#,
    );
    let text = plan_text(rs, &plan_set(rs, &AnswerSet::Single(a)), Lang::En);
    assert!(text.contains("FAL: at least FAL2"), "{text}");
    assert!(
        text.contains("answering federation.idp_compromise: Yes would raise FAL to FAL3"),
        "{text}"
    );
    assert!(
        text.contains("impact.mission: High → Low would lower FAL to FAL1"),
        "{text}"
    );
}

#[test]
fn the_json_names_ids_and_the_report_section_is_the_text() {
    let reg = Registry::builtin();
    let rs = reg.get("nist-800-63-4").unwrap();
    let set = rs.examples[0].answers.clone();
    let plans = plan_set(rs, &set);
    let v = xal::report::whatif::plan_json(rs, &plans, Lang::Th);
    let all = v.as_array().unwrap();
    // One entry per group and target.
    assert_eq!(all.len(), 2 * rs.targets.len());
    let agents_fal = all
        .iter()
        .find(|x| x["group"] == "agents" && x["target"] == "fal")
        .unwrap();
    assert_eq!(agents_fal["level"], "FAL2");
    let fal3 = agents_fal["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["level"] == "FAL3")
        .unwrap();
    assert_eq!(fal3["direction"], "raise");
    // The agents' further assessment of a compromised IdP said no: changing it gives FAL3.
    let route = fal3["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["steps"][0]["answer"] == "federation.idp_compromise")
        .unwrap();
    // Ids in the steps (what `xal eval` takes), the words in the chosen language.
    assert_eq!(route["steps"].as_array().unwrap().len(), 1);
    assert_eq!(route["steps"][0]["from"], "no");
    assert_eq!(route["steps"][0]["to"], "yes");
    assert_eq!(route["final"], true);
    assert!(
        route["text"]
            .as_str()
            .unwrap()
            .contains("จะเพิ่ม FAL เป็น FAL3"),
        "{route}"
    );
    assert_eq!(
        xal::report::whatif::plan_section(rs, &set, Lang::En),
        plan_text(rs, &plans, Lang::En)
    );

    // A question not answered yet: its step has no `from`.
    let open = rs
        .examples
        .iter()
        .find(|e| e.name == "high-impact federation, further assessment still open")
        .unwrap();
    let v = xal::report::whatif::plan_json(rs, &plan_set(rs, &open.answers), Lang::En);
    let fal = v
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["group"] == "officers" && x["target"] == "fal")
        .unwrap();
    let fal3 = fal["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["level"] == "FAL3")
        .unwrap();
    let route = &fal3["routes"][0];
    assert_eq!(route["steps"][0]["answer"], "federation.idp_compromise");
    assert_eq!(route["steps"][0]["from"], serde_json::Value::Null);
    assert_eq!(route["steps"][0]["to"], "yes");
}

#[test]
fn a_pair_search_cut_short_says_so_instead_of_no_change() {
    let reg = Registry::builtin();
    let rs = reg.get("nist-800-63-4").unwrap();
    // The staff's IAL3 comes from two high cells: only a pair lowers it to IAL2.
    let example = rs
        .examples
        .iter()
        .find(|e| e.name.starts_with("staff approving payments"))
        .unwrap();
    let AnswerSet::Groups(gs) = &example.answers else {
        panic!("grouped example");
    };
    let staff = &gs.iter().find(|g| g.id == "staff").unwrap().answers;
    let ial = rs.target_index("ial").unwrap();
    let ial2 = rs.targets[ial].level_index("IAL2").unwrap();
    let goal = |p: &[TargetPlan]| p[ial].goals.iter().find(|g| g.level == ial2).cloned();
    let full = goal(&plan(rs, staff)).unwrap();
    assert!(full.searched && full.routes.iter().all(|r| r.steps.len() == 2));
    assert!(!full.routes.is_empty());
    let cut = plan_within(rs, staff, 0);
    let g = goal(&cut).unwrap();
    assert!(!g.searched && g.routes.is_empty());
    let text = plan_text(rs, &[(None, cut)], Lang::En);
    assert!(
        text.contains("no single change gives IAL1, IAL2; pairs were not all tried"),
        "{text}"
    );
    assert!(
        !text.contains("no change of up to two answers gives IAL2"),
        "{text}"
    );
}
