//! `cargo bench --bench whatif`: the planner behind `w`, `eval --explain` and the reports'
//! what-if section, printed as numbers. It runs on the interface's thread when `w` is pressed,
//! so the goal is that of a key that opens a popup: median under 50 ms.

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use xal::answers::{AnswerSet, Answers};
use xal::engine::whatif::plan::plan_set;
use xal::ruleset::Ruleset;
use xal::ruleset::registry::Registry;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time_plan(label: &str, rs: &Ruleset, set: &AnswerSet) {
    let mut samples = Vec::new();
    let mut routes = 0;
    for _ in 0..50 {
        let t = Instant::now();
        let plans = black_box(plan_set(rs, black_box(set)));
        samples.push(t.elapsed());
        routes = plans
            .iter()
            .flat_map(|(_, ts)| ts)
            .flat_map(|tp| &tp.goals)
            .map(|g| g.routes.len())
            .sum();
    }
    let worst = *samples.iter().max().unwrap();
    println!(
        "plan {label:<44} median {:>9.2?}, worst {:>9.2?} (goal < 50 ms); {routes} routes",
        median(samples),
        worst
    );
}

fn saved(name: &str) -> AnswerSet {
    let path = Path::new("tests/data/reports").join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    xal::store::parse_assessment_bytes(&path, &bytes)
        .expect("a valid fixture")
        .answers
}

fn main() {
    let reg = Registry::builtin();
    let get = |id: &str| reg.get(id).expect("built-in").clone();
    let dgs = get("dgs-1-2-2564");
    time_plan(
        "dgs-1-2-2564, complete",
        &dgs,
        &AnswerSet::Single(support::income_tax()),
    );
    time_plan(
        "dgs-1-2-2564, nothing answered",
        &dgs,
        &AnswerSet::Single(Answers::new()),
    );
    time_plan(
        "dgs-1-2-2564, saved report fixture",
        &dgs,
        &saved("01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml"),
    );
    time_plan(
        "nist-800-63-4, two user groups",
        &get("nist-800-63-4"),
        &saved("01JDQ4Y7V8KX0M5T3ZB2N6C9RB.toml"),
    );
    time_plan(
        "nist-800-63-3, nothing answered",
        &get("nist-800-63-3"),
        &AnswerSet::Single(Answers::new()),
    );
}
