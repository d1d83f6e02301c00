//! "What would change the level" in words and as JSON, from the changes the engine found
//! (`engine::whatif`).

use serde_json::Value;

use super::output::{WhatifGoal, WhatifRoute, WhatifStep, WhatifTarget, WouldChange};

use crate::answers::AnswerSet;
use crate::engine::whatif::plan::{Goal, Methods, Route, Step, TargetPlan, plan_set};
use crate::engine::whatif::{Change, Direction};
use crate::ruleset::Ruleset;
use crate::text::Lang;

/// The changes of each answer set: none for a single set, the group id otherwise.
pub type Sets = [(Option<String>, Vec<Change>)];

/// One line for a person, e.g. "impact.proofing.financial moderate → low would lower IAL to
/// IAL1.1". English keeps the values' ids (what the file and `xal eval` use); Thai names them.
pub fn change(rs: &Ruleset, c: &Change, lang: Lang) -> String {
    let (from, to) = match lang {
        Lang::En => c.values(rs),
        Lang::Th => (
            value_name(rs, c.question, c.category, Some(c.from), lang),
            value_name(rs, c.question, c.category, Some(c.to), lang),
        ),
    };
    let target = &rs.targets[c.target];
    let level = &target.levels[c.level].shown(lang);
    let tid = target.id.to_uppercase();
    let answer = c.answer_id(rs);
    let bound = match (c.final_, lang) {
        (true, _) => "",
        (false, Lang::En) => "at least ",
        (false, Lang::Th) => "อย่างน้อย ",
    };
    let more = match (c.final_, c.opens, lang) {
        (true, _, _) => "",
        (false, true, Lang::En) => " (once the questions it opens are answered)",
        (false, true, Lang::Th) => " (เมื่อตอบคำถามที่เพิ่มขึ้นแล้ว)",
        (false, false, Lang::En) => " (while other answers are missing)",
        (false, false, Lang::Th) => " (ขณะที่ยังตอบคำถามอื่นไม่ครบ)",
    };
    match (lang, c.direction) {
        (Lang::En, d) => format!(
            "{answer} {from} → {to} would {} {tid} to {bound}{level}{more}",
            d.as_str()
        ),
        (Lang::Th, Direction::Raise) => {
            format!("{answer} {from} → {to} จะเพิ่ม {tid} เป็น {bound}{level}{more}")
        }
        (Lang::Th, Direction::Lower) => {
            format!("{answer} {from} → {to} จะลด {tid} เป็น {bound}{level}{more}")
        }
    }
}

/// The `what_would_change` array of `xal eval --explain --format json`.
pub fn changes(rs: &Ruleset, sets: &Sets, lang: Lang) -> Vec<WouldChange> {
    let mut out = Vec::new();
    for (group, changes) in sets {
        for c in changes {
            let (from, to) = c.values(rs);
            let target = &rs.targets[c.target];
            out.push(WouldChange {
                target: target.id.clone(),
                direction: c.direction.as_str().to_string(),
                answer: c.answer_id(rs),
                from,
                to,
                level: target.levels[c.level].id.clone(),
                final_: c.final_,
                text: change(rs, c, lang),
                group: group.clone(),
            });
        }
    }
    out
}

/// A value in words: an impact's name or an option's label; `None` is "unanswered".
fn value_name(
    rs: &Ruleset,
    question: usize,
    category: Option<usize>,
    value: Option<usize>,
    lang: Lang,
) -> String {
    let Some(v) = value else {
        return match lang {
            Lang::En => "unanswered".into(),
            Lang::Th => "ยังไม่ได้ตอบ".into(),
        };
    };
    match category {
        Some(_) => rs.impact[v].name.get(lang).to_string(),
        None => rs.questions[question].options[v]
            .label
            .get(lang)
            .to_string(),
    }
}

/// The plans of each answer set: none for a single set, the group id otherwise.
pub type Plans = [(Option<String>, Vec<TargetPlan>)];

/// Routes shown per level before "and N more".
const ROUTES_SHOWN: usize = 6;

/// "impact.proofing.financial: Moderate → High", or "answering auth.needed: Yes".
pub fn step(rs: &Ruleset, s: &Step, lang: Lang) -> String {
    let id = s.answer_id(rs);
    let to = value_name(rs, s.question, s.category, Some(s.to), lang);
    match (s.from, lang) {
        (Some(_), _) => format!(
            "{id}: {} → {to}",
            value_name(rs, s.question, s.category, s.from, lang)
        ),
        (None, Lang::En) => format!("answering {id}: {to}"),
        (None, Lang::Th) => format!("ตอบ {id}: {to}"),
    }
}

/// One route as a sentence, e.g. "answering auth.needed: Yes would raise AAL to at least AAL2
/// (once the questions it opens are answered: impact.auth, pi.accessible)".
pub fn route(rs: &Ruleset, target: usize, direction: Direction, r: &Route, lang: Lang) -> String {
    let t = &rs.targets[target];
    let tid = t.id.to_uppercase();
    let level = &t.levels[r.level].shown(lang);
    let joiner = match lang {
        Lang::En => " and ",
        Lang::Th => " และ ",
    };
    let steps: Vec<String> = r.steps.iter().map(|s| step(rs, s, lang)).collect();
    let steps = steps.join(joiner);
    let bound = match (r.final_, lang) {
        (true, _) => "",
        (false, Lang::En) => "at least ",
        (false, Lang::Th) => "อย่างน้อย ",
    };
    let opens: Vec<&str> = r
        .opens
        .iter()
        .map(|&q| rs.questions[q].id.as_str())
        .collect();
    let more = match (r.final_, opens.is_empty(), lang) {
        (true, _, _) => String::new(),
        (false, false, Lang::En) => {
            format!(
                " (once the questions it opens are answered: {})",
                opens.join(", ")
            )
        }
        (false, false, Lang::Th) => format!(" (เมื่อตอบคำถามที่เพิ่มขึ้นแล้ว: {})", opens.join(", ")),
        (false, true, Lang::En) => " (while other answers are missing)".into(),
        (false, true, Lang::Th) => " (ขณะที่ยังตอบคำถามอื่นไม่ครบ)".into(),
    };
    match (lang, direction) {
        (Lang::En, d) => format!("{steps} would {} {tid} to {bound}{level}{more}", d.as_str()),
        (Lang::Th, Direction::Raise) => format!("{steps} จะเพิ่ม {tid} เป็น {bound}{level}{more}"),
        (Lang::Th, Direction::Lower) => format!("{steps} จะลด {tid} เป็น {bound}{level}{more}"),
    }
}

/// "methods that meet IAL3 (plan.proofing): In-person proofing with biometrics".
fn methods_line(rs: &Ruleset, level_id: &str, now: bool, m: &Methods, lang: Lang) -> String {
    let q = &rs.questions[m.question];
    let names: Vec<&str> = m
        .options
        .iter()
        .map(|&o| q.options[o].label.get(lang))
        .collect();
    let when = match (now, lang) {
        (true, Lang::En) => " now",
        (true, Lang::Th) => " ในตอนนี้",
        (false, _) => "",
    };
    match (names.is_empty(), lang) {
        (true, Lang::En) => format!("no planned method of {} meets {level_id}", q.id),
        (true, Lang::Th) => format!("ไม่มีวิธีใดใน {} ที่ได้ตามระดับ {level_id}", q.id),
        (false, Lang::En) => format!(
            "methods that meet {level_id}{when} ({}): {}",
            q.id,
            names.join("; ")
        ),
        (false, Lang::Th) => format!(
            "วิธีที่ได้ตามระดับ {level_id}{when} ({}): {}",
            q.id,
            names.join("; ")
        ),
    }
}

/// The planner's section, for the interface's `w` and for reports: per target, the sets of up
/// to two answer changes that reach each other level, and the planned methods that meet it.
pub fn plan_text(rs: &Ruleset, plans: &Plans, lang: Lang) -> String {
    let mut s = String::new();
    s.push_str(match lang {
        Lang::En => "What would change the level (up to two answers at a time):\n",
        Lang::Th => "คำตอบที่หากเปลี่ยนแล้วระดับจะเปลี่ยน (ครั้งละไม่เกินสองข้อ):\n",
    });
    for (group, targets) in plans {
        let indent = if let Some(g) = group {
            s.push_str(&format!("  [{g}]\n"));
            "    "
        } else {
            "  "
        };
        for tp in targets {
            let t = &rs.targets[tp.target];
            let now = &t.levels[tp.level].shown(lang);
            // "at least none" says nothing: the bottom of a scale is only "so far".
            let (bound, so_far) = match (tp.final_, tp.level == 0, lang) {
                (true, _, _) => ("", ""),
                (false, false, Lang::En) => ("at least ", ""),
                (false, false, Lang::Th) => ("อย่างน้อย ", ""),
                (false, true, Lang::En) => ("", " (so far)"),
                (false, true, Lang::Th) => ("", " (ขณะนี้)"),
            };
            s.push_str(&format!(
                "{indent}{}: {bound}{now}{so_far}\n",
                t.id.to_uppercase()
            ));
            let deeper = format!("{indent}  ");
            let mut unreached = Vec::new();
            let mut untried = Vec::new();
            for g in &tp.goals {
                if g.routes.is_empty() {
                    let id = t.levels[g.level].shown(lang);
                    if g.searched {
                        unreached.push(id);
                    } else {
                        untried.push(id);
                    }
                    continue;
                }
                goal_lines(rs, tp.target, g, &deeper, Some(ROUTES_SHOWN), lang, &mut s);
            }
            if !unreached.is_empty() {
                s.push_str(&deeper);
                s.push_str(&match lang {
                    Lang::En => format!(
                        "no change of up to two answers gives {}\n",
                        unreached.join(", ")
                    ),
                    Lang::Th => format!(
                        "ไม่มีการเปลี่ยนคำตอบไม่เกินสองข้อที่ให้ระดับ {}\n",
                        unreached.join(", ")
                    ),
                });
            }
            if !untried.is_empty() {
                s.push_str(&deeper);
                s.push_str(&match lang {
                    Lang::En => format!(
                        "no single change gives {}; pairs were not all tried (too many answers to combine)\n",
                        untried.join(", ")
                    ),
                    Lang::Th => format!(
                        "ไม่มีการเปลี่ยนคำตอบข้อเดียวที่ให้ระดับ {} และยังไม่ได้ลองเปลี่ยนสองข้อครบทุกคู่ (คำตอบมากเกินกว่าจะลองทุกคู่)\n",
                        untried.join(", ")
                    ),
                });
            }
            for m in &tp.methods {
                s.push_str(&deeper);
                s.push_str(&methods_line(rs, now, true, m, lang));
                s.push('\n');
            }
        }
    }
    s
}

/// The planner's section for a whole assessment, planned and worded in one call: what a report
/// (Markdown, HTML) includes.
pub fn plan_section(rs: &Ruleset, answers: &AnswerSet, lang: Lang) -> String {
    plan_text(rs, &plan_set(rs, answers), lang)
}

/// The routes of one goal, at most `shown` of them, then the methods that meet its level.
fn goal_lines(
    rs: &Ruleset,
    target: usize,
    g: &Goal,
    indent: &str,
    shown: Option<usize>,
    lang: Lang,
    s: &mut String,
) {
    let level = &rs.targets[target].levels[g.level].shown(lang);
    let shown = shown.unwrap_or(usize::MAX);
    for r in g.routes.iter().take(shown) {
        s.push_str(indent);
        s.push_str(&route(rs, target, g.direction, r, lang));
        s.push('\n');
    }
    if g.routes.len() > shown {
        let n = g.routes.len() - shown;
        s.push_str(indent);
        s.push_str(&match lang {
            Lang::En => format!("… and {n} more that reach {level}\n"),
            Lang::Th => format!("… และอีก {n} ทางที่ได้ {level}\n"),
        });
    }
    for m in &g.methods {
        s.push_str(&format!("{indent}  "));
        s.push_str(&methods_line(rs, level, false, m, lang));
        s.push('\n');
    }
}

/// A level to choose in the interface: "[agents] FAL → FAL3 (raise)".
pub fn goal_label(
    rs: &Ruleset,
    group: Option<&str>,
    tp: &TargetPlan,
    g: &Goal,
    lang: Lang,
) -> String {
    let t = &rs.targets[tp.target];
    let group = group.map(|g| format!("[{g}] ")).unwrap_or_default();
    let (tid, from, to) = (
        t.id.to_uppercase(),
        &t.levels[tp.level].shown(lang),
        &t.levels[g.level].shown(lang),
    );
    match (lang, g.direction) {
        (Lang::En, d) => format!("{group}{tid} {from} → {to} ({})", d.as_str()),
        (Lang::Th, Direction::Raise) => format!("{group}{tid} {from} → {to} (เพิ่ม)"),
        (Lang::Th, Direction::Lower) => format!("{group}{tid} {from} → {to} (ลด)"),
    }
}

/// Every route to one chosen level, with the methods that meet it.
pub fn goal_text(
    rs: &Ruleset,
    group: Option<&str>,
    tp: &TargetPlan,
    g: &Goal,
    lang: Lang,
) -> String {
    let mut s = goal_label(rs, group, tp, g, lang);
    s.push_str(":\n");
    if g.routes.is_empty() {
        let level = &rs.targets[tp.target].levels[g.level].shown(lang);
        s.push_str(&match (g.searched, lang) {
            (true, Lang::En) => format!("  no change of up to two answers gives {level}\n"),
            (true, Lang::Th) => format!("  ไม่มีการเปลี่ยนคำตอบไม่เกินสองข้อที่ให้ระดับ {level}\n"),
            (false, Lang::En) => {
                format!("  no single change gives {level}; pairs were not all tried\n")
            }
            (false, Lang::Th) => {
                format!("  ไม่มีการเปลี่ยนคำตอบข้อเดียวที่ให้ระดับ {level} และยังไม่ได้ลองครบทุกคู่\n")
            }
        });
    }
    goal_lines(rs, tp.target, g, "  ", None, lang, &mut s);
    s
}

/// The `whatif` array of `xal eval --explain --format json`: per target (and group), the
/// routes to each other level.
pub fn plan(rs: &Ruleset, plans: &Plans, lang: Lang) -> Vec<WhatifTarget> {
    let mut out = Vec::new();
    for (group, targets) in plans {
        for tp in targets {
            let t = &rs.targets[tp.target];
            let goals = tp
                .goals
                .iter()
                .map(|g| WhatifGoal {
                    level: t.levels[g.level].id.clone(),
                    direction: g.direction.as_str().to_string(),
                    routes: g
                        .routes
                        .iter()
                        .map(|r| WhatifRoute {
                            steps: r
                                .steps
                                .iter()
                                .map(|st| {
                                    let q = &rs.questions[st.question];
                                    let id = |v: usize| match st.category {
                                        Some(_) => rs.impact[v].id.clone(),
                                        None => q.options[v].id.clone(),
                                    };
                                    WhatifStep {
                                        answer: st.answer_id(rs),
                                        from: st.from.map(id),
                                        to: id(st.to),
                                    }
                                })
                                .collect(),
                            level: t.levels[r.level].id.clone(),
                            final_: r.final_,
                            text: route(rs, tp.target, g.direction, r, lang),
                        })
                        .collect(),
                })
                .collect();
            out.push(WhatifTarget {
                target: t.id.clone(),
                level: t.levels[tp.level].id.clone(),
                final_: tp.final_,
                goals,
                group: group.clone(),
            });
        }
    }
    out
}

/// [`plan`] as a JSON value.
pub fn plan_json(rs: &Ruleset, plans: &Plans, lang: Lang) -> Value {
    serde_json::to_value(plan(rs, plans, lang)).unwrap_or_default()
}
