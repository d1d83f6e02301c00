//! `xal train collect`: trainees' answers per scenario, tallied, and compared with the
//! reference. Reads data dirs (their `assessments/`), or folders of assessment files and of
//! `xal export --format json` files; a scenario is recognised by the assessment id, which
//! `xal train start` keeps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::pack::Pack;
use crate::answers::{AnswerSet, Answers, Group};
use crate::engine::{evaluate_set, levels_of};
use crate::report::diff::flatten;
use crate::ruleset::registry::Registry;
use crate::store::parse_assessment_bytes;

/// One trainee's answers to one scenario.
#[derive(Clone, Debug)]
pub struct Submission {
    pub source: PathBuf,
    pub scenario: String,
    pub ruleset: String,
    pub answers: AnswerSet,
}

/// Reads every submission under `dirs`; files that cannot be read are returned as problems
/// (they are reported, never silently dropped).
pub fn read_dirs(dirs: &[PathBuf]) -> (Vec<Submission>, Vec<String>) {
    let mut subs = Vec::new();
    let mut problems = Vec::new();
    for d in dirs {
        let folder = if d.join("assessments").is_dir() {
            d.join("assessments")
        } else {
            d.clone()
        };
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&folder) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                problems.push(format!("{}: cannot list: {e}", folder.display()));
                continue;
            }
        };
        files.sort();
        for f in files {
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            let got = if name.ends_with(".toml") {
                read_toml(&f)
            } else if name.ends_with(".json") {
                read_json(&f)
            } else {
                continue;
            };
            match got {
                Ok(s) => subs.push(s),
                Err(e) => problems.push(e),
            }
        }
    }
    (subs, problems)
}

fn read_toml(path: &Path) -> Result<Submission, String> {
    let bytes = crate::store::read_regular(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let a = parse_assessment_bytes(path, &bytes).map_err(|d| d.to_string())?;
    Ok(Submission {
        source: path.to_path_buf(),
        scenario: a.id,
        ruleset: a.ruleset.id,
        answers: a.answers,
    })
}

/// A JSON report of `xal export`: `id`, `ruleset.id` and `answers` (object or groups).
fn read_json(path: &Path) -> Result<Submission, String> {
    let bad = |what: &str| format!("{}: not a JSON export of xal ({what})", path.display());
    let bytes = crate::store::read_regular(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|e| bad(&e.to_string()))?;
    let id = v["id"].as_str().ok_or_else(|| bad("no id"))?.to_string();
    let ruleset = v["ruleset"]["id"]
        .as_str()
        .ok_or_else(|| bad("no ruleset"))?
        .to_string();
    let answers = match &v["answers"] {
        Value::Object(_) => AnswerSet::Single(
            serde_json::from_value::<Answers>(v["answers"].clone())
                .map_err(|e| bad(&e.to_string()))?,
        ),
        Value::Array(_) => AnswerSet::Groups(
            serde_json::from_value::<Vec<Group>>(v["answers"].clone())
                .map_err(|e| bad(&e.to_string()))?,
        ),
        _ => return Err(bad("no answers")),
    };
    Ok(Submission {
        source: path.to_path_buf(),
        scenario: id,
        ruleset,
        answers,
    })
}

/// The tally of one scenario.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub scenario: String,
    pub service: String,
    pub submissions: usize,
    pub complete: usize,
    /// Answer id → value → count.
    pub answers: BTreeMap<String, BTreeMap<String, usize>>,
    /// Target id → level → count.
    pub levels: BTreeMap<String, BTreeMap<String, usize>>,
    /// The reference's answers (flattened) and levels, when a pack with one was given.
    pub reference_answers: BTreeMap<String, String>,
    pub reference_levels: Vec<(String, String)>,
    /// Submissions whose every level equals the reference's.
    pub matched: usize,
}

pub fn tally(subs: &[Submission], registry: &Registry, pack: Option<&Pack>) -> Vec<Tally> {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    if let Some(p) = pack {
        for s in &p.scenarios {
            let t = by.entry(s.assessment.id.clone()).or_default();
            t.scenario = s.assessment.id.clone();
            t.service = s.assessment.service.name.clone();
            if let (Some(r), Some(rs)) = (&s.reference, registry.get(&s.assessment.ruleset.id)) {
                t.reference_answers = flatten(&r.answers);
                t.reference_levels = levels_of(rs, &evaluate_set(rs, &r.answers));
            }
        }
    }
    for s in subs {
        let t = by.entry(s.scenario.clone()).or_default();
        t.scenario = s.scenario.clone();
        t.submissions += 1;
        for (k, v) in flatten(&s.answers) {
            *t.answers.entry(k).or_default().entry(v).or_default() += 1;
        }
        let Some(rs) = registry.get(&s.ruleset) else {
            *t.levels
                .entry("ruleset".into())
                .or_default()
                .entry(format!("unknown `{}`", s.ruleset))
                .or_default() += 1;
            continue;
        };
        let eval = evaluate_set(rs, &s.answers);
        if eval.complete() {
            t.complete += 1;
        }
        let levels = levels_of(rs, &eval);
        for (target, level) in &levels {
            *t.levels
                .entry(target.clone())
                .or_default()
                .entry(level.clone())
                .or_default() += 1;
        }
        if !t.reference_levels.is_empty() && eval.complete() && levels == t.reference_levels {
            t.matched += 1;
        }
    }
    // Pack order (file names) first is the same as id order here: both sorted.
    by.into_values().collect()
}

fn dist(m: &BTreeMap<String, usize>) -> String {
    let mut v: Vec<(&String, &usize)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .map(|(k, n)| format!("{k} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn markdown(ts: &[Tally]) -> String {
    let total: usize = ts.iter().map(|t| t.submissions).sum();
    let mut s = format!(
        "# Training results\n\n{total} submissions, {} scenarios.\n",
        ts.len()
    );
    for t in ts {
        s.push_str(&format!(
            "\n## {} — {} (n = {})\n\n",
            t.scenario, t.service, t.submissions
        ));
        s.push_str(&format!(
            "- complete: {} of {}\n",
            t.complete, t.submissions
        ));
        if !t.reference_levels.is_empty() {
            let want: Vec<String> = t
                .reference_levels
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            s.push_str(&format!(
                "- matched the reference levels ({}): {} of {}\n",
                want.join(", "),
                t.matched,
                t.submissions
            ));
        }
        s.push_str("\n| level | given |\n|---|---|\n");
        for (target, m) in &t.levels {
            s.push_str(&format!("| {} | {} |\n", target.to_uppercase(), dist(m)));
        }
        s.push_str("\n| answer | reference | given |\n|---|---|---|\n");
        let mut keys: Vec<&String> = t.answers.keys().chain(t.reference_answers.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            s.push_str(&format!(
                "| {k} | {} | {} |\n",
                t.reference_answers
                    .get(k)
                    .map(String::as_str)
                    .unwrap_or("-"),
                t.answers.get(k).map(dist).unwrap_or_else(|| "-".into())
            ));
        }
    }
    s
}

pub fn csv(ts: &[Tally]) -> String {
    let mut s = String::from("scenario,kind,key,value,count,reference\r\n");
    // The one CSV field rule of xal, formula neutralising included: answer values come from
    // trainees' files.
    let field = crate::report::csv::field;
    for t in ts {
        s.push_str(&format!(
            "{},submissions,,,{},\r\n",
            field(&t.scenario),
            t.submissions
        ));
        s.push_str(&format!(
            "{},matched,,,{},\r\n",
            field(&t.scenario),
            t.matched
        ));
        for (target, m) in &t.levels {
            let want = t
                .reference_levels
                .iter()
                .find(|(k, _)| k == target)
                .map(|(_, v)| v.as_str());
            for (v, n) in m {
                s.push_str(&format!(
                    "{},level,{},{},{n},{}\r\n",
                    field(&t.scenario),
                    field(target),
                    field(v),
                    (want == Some(v.as_str())) as u8
                ));
            }
        }
        for (k, m) in &t.answers {
            let want = t.reference_answers.get(k);
            for (v, n) in m {
                s.push_str(&format!(
                    "{},answer,{},{},{n},{}\r\n",
                    field(&t.scenario),
                    field(k),
                    field(v),
                    (want == Some(v)) as u8
                ));
            }
        }
    }
    s
}

pub fn json(ts: &[Tally]) -> Value {
    Value::Array(
        ts.iter()
            .map(|t| {
                json!({
                    "scenario": t.scenario,
                    "service": t.service,
                    "submissions": t.submissions,
                    "complete": t.complete,
                    "matched": t.matched,
                    "reference": {
                        "levels": t.reference_levels.iter().cloned().collect::<BTreeMap<_, _>>(),
                        "answers": t.reference_answers,
                    },
                    "levels": t.levels,
                    "answers": t.answers,
                })
            })
            .collect(),
    )
}
