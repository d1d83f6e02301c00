//! `cargo bench --bench core`: the speed goals of the headless core, printed as numbers.
//!
//! - one evaluation (goal: median under 10 µs), complete and incomplete answers;
//! - one evaluation of generated rulesets with thirty gates, nothing and a fifth answered
//!   (goal: median under 1 ms; the lower bound's search is bounded);
//! - `xal list` over a generated data dir of 10,000 assessments, first run and with a warm
//!   index (goal: warm under 300 ms);
//! - `xal export --all --format xlsx` of the same 10,000 assessments (goal: under 2 s).

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use support::{choice, income_tax};
use xal::answers::Answers;
use xal::engine::evaluate;
use xal::ruleset::registry::Registry;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn eval_samples(rs: &xal::ruleset::Ruleset, a: &Answers, rounds: usize) -> Vec<Duration> {
    // Batches of 100 so the clock's resolution does not dominate.
    let mut samples = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..100 {
            black_box(evaluate(rs, black_box(a)));
        }
        samples.push(t.elapsed() / 100);
    }
    samples
}

fn time_eval(label: &str, rs: &xal::ruleset::Ruleset, a: &Answers) {
    println!(
        "evaluate {label:<40} median {:>8.2?} (goal < 10 µs)",
        median(eval_samples(rs, a, 2000))
    );
}

/// Thirty gates: the median and the worst of the medians over twenty generated rulesets, and
/// how many reached the search budget.
fn thirty_gates() {
    use support::gen_ruleset::{Rng, Shape, partial_answers, ruleset};
    for answered in [0, 20] {
        let mut medians = Vec::new();
        let mut at_budget = 0;
        for seed in 0..20 {
            let rs = ruleset(seed, Shape::thirty_gates());
            if xal::engine::lower_bound_steps(&rs) >= xal::engine::STEP_BUDGET {
                at_budget += 1;
            }
            let a = partial_answers(&rs, &mut Rng::new(seed), answered);
            medians.push(median(eval_samples(&rs, &a, 20)));
        }
        medians.sort();
        println!(
            "evaluate {:<40} median {:>8.2?}, worst {:>8.2?} (goal < 1 ms); {at_budget} of 20 at the step budget",
            format!("30 gates, {answered}% answered"),
            medians[medians.len() / 2],
            medians[medians.len() - 1],
        );
    }
}

fn main() {
    let reg = Registry::builtin();
    let dgs = reg.get("dgs-1-2-2564").expect("built-in dgs");
    // The spec's income-tax case with a plan.
    let mut complete = income_tax();
    complete.insert("plan.proofing".into(), choice("remote_face_authoritative"));
    complete.insert("plan.authentication".into(), choice("passkey"));
    time_eval("dgs-1-2-2564, complete", dgs, &complete);
    time_eval("dgs-1-2-2564, nothing answered", dgs, &Answers::new());
    let mut partial = complete.clone();
    partial.remove("pi.validated");
    partial.remove("pi.accessible");
    time_eval("dgs-1-2-2564, two gates missing", dgs, &partial);
    thirty_gates();

    list_bench::run();
}

mod list_bench {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    use crate::support::{choice, create, dgs};
    use xal::answers::{AnswerSet, AnswerValue, Answers};
    use xal::ruleset::registry::Registry;
    use xal::store::Store;

    const N: usize = 10_000;

    fn generate(dir: &std::path::Path) {
        let reg = Registry::builtin();
        let store = Store::open(dir);
        let groups = ["emerging", "enhanced", "transactional", "connected"];
        let impacts = ["none", "low", "moderate", "high"];
        for i in 0..N {
            let mut answers = Answers::new();
            answers.insert("service.group".into(), choice(groups[i % 4]));
            answers.insert("pi.needed".into(), choice("yes"));
            answers.insert("pi.validated".into(), choice("yes"));
            let cells = dgs::CATEGORIES
                .iter()
                .enumerate()
                .map(|(k, c)| (c.to_string(), impacts[(i + k) % 4].to_string()))
                .collect();
            answers.insert("impact.proofing".into(), AnswerValue::Matrix(cells));
            answers.insert("auth.needed".into(), choice("no"));
            create(
                &store,
                &reg,
                "dgs-1-2-2564",
                &format!("บริการทดสอบที่ {i}"),
                "สำนักงานทดสอบ",
                AnswerSet::Single(answers),
                xal::clock::now(),
            );
        }
    }

    fn list(dir: &std::path::Path, format: &str) -> Duration {
        let t = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_xal"))
            .args(["--data-dir"])
            .arg(dir)
            .args(["list", "--format", format])
            .env("XAL_CONFIG_DIR", dir.join("no-config"))
            .stdout(Stdio::null())
            .status()
            .expect("run xal list");
        assert!(status.success());
        t.elapsed()
    }

    pub fn run() {
        // XAL_BENCH_DIR keeps the generated folder between runs (for profiling).
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = std::env::var_os("XAL_BENCH_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| tmp.path().to_path_buf());
        if !dir.join("assessments").exists() {
            let t = Instant::now();
            generate(&dir);
            println!("generated {N} assessments in {:.2?}", t.elapsed());
        }
        let _ = std::fs::remove_file(dir.join(".index.bin"));
        let first = list(&dir, "table");
        println!("xal list, {N} assessments, first run (builds the index)  {first:>10.2?}");
        for format in ["table", "json"] {
            let warm: Vec<Duration> = (0..7).map(|_| list(&dir, format)).collect();
            println!(
                "xal list --format {format:<5}, warm index (median of 7)      {:>10.2?} (goal < 300 ms)",
                super::median(warm)
            );
        }
        let xlsx: Vec<Duration> = (0..3).map(|_| export_xlsx(&dir)).collect();
        println!(
            "xal export --all --format xlsx, {N} assessments (median of 3)   {:>10.2?} (goal < 2 s)",
            super::median(xlsx)
        );
    }

    /// One run, the workbook written to a file in `dir` (as an agency would ask for it).
    fn export_xlsx(dir: &std::path::Path) -> Duration {
        let out = dir.join("all.xlsx");
        let t = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_xal"))
            .args(["--data-dir"])
            .arg(dir)
            .args(["export", "--all", "--format", "xlsx", "-o"])
            .arg(&out)
            .env("XAL_CONFIG_DIR", dir.join("no-config"))
            .stdout(Stdio::null())
            .status()
            .expect("run xal export");
        let took = t.elapsed();
        assert!(status.success());
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        assert!(size > 0, "a workbook was written");
        took
    }
}
