//! `cargo bench --bench core`: the speed goals of the headless core, printed as numbers.
//!
//! - one evaluation (goal: median under 10 µs), complete and incomplete answers;
//! - `xal list` over a generated data dir of 10,000 assessments, first run and with a warm
//!   index (goal: warm under 300 ms).

use std::hint::black_box;
use std::time::{Duration, Instant};

use xal::answers::{AnswerValue, Answers};
use xal::engine::evaluate;
use xal::ruleset::registry::Registry;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn matrix(levels: [&str; 6]) -> AnswerValue {
    let cats = [
        "reputation",
        "financial",
        "programs",
        "sensitive",
        "safety",
        "civil",
    ];
    AnswerValue::Matrix(
        cats.iter()
            .zip(levels)
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect(),
    )
}

fn answers(pairs: Vec<(&str, AnswerValue)>) -> Answers {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn time_eval(label: &str, rs: &xal::ruleset::Ruleset, a: &Answers) {
    // Batches of 100 so the clock's resolution does not dominate.
    let mut samples = Vec::new();
    for _ in 0..2000 {
        let t = Instant::now();
        for _ in 0..100 {
            black_box(evaluate(rs, black_box(a)));
        }
        samples.push(t.elapsed() / 100);
    }
    println!(
        "evaluate {label:<40} median {:>8.2?} (goal < 10 µs)",
        median(samples)
    );
}

fn main() {
    let reg = Registry::builtin();
    let dgs = reg.get("dgs-1-2-2564").expect("built-in dgs");
    let m = "moderate";
    let complete = answers(vec![
        ("service.group", AnswerValue::Choice("transactional".into())),
        ("pi.needed", AnswerValue::Choice("yes".into())),
        ("pi.validated", AnswerValue::Choice("yes".into())),
        ("impact.proofing", matrix([m, m, m, m, "none", m])),
        ("auth.needed", AnswerValue::Choice("yes".into())),
        ("impact.auth", matrix([m, m, m, m, "none", m])),
        ("pi.accessible", AnswerValue::Choice("yes".into())),
        (
            "plan.proofing",
            AnswerValue::Choice("remote_face_authoritative".into()),
        ),
        ("plan.authentication", AnswerValue::Choice("passkey".into())),
    ]);
    time_eval("dgs-1-2-2564, complete", dgs, &complete);
    time_eval("dgs-1-2-2564, nothing answered", dgs, &Answers::new());
    let mut partial = complete.clone();
    partial.remove("pi.validated");
    partial.remove("pi.accessible");
    time_eval("dgs-1-2-2564, two gates missing", dgs, &partial);

    list_bench::run();
}

mod list_bench {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    use xal::answers::{AnswerSet, AnswerValue, Answers};
    use xal::app::catalog;
    use xal::ruleset::registry::Registry;
    use xal::store::{Assessment, RulesetRef, Service, Store};

    const N: usize = 10_000;

    fn generate(dir: &std::path::Path) {
        let reg = Registry::builtin();
        let rs = reg.get("dgs-1-2-2564").expect("dgs");
        let store = Store::open(dir);
        let groups = ["emerging", "enhanced", "transactional", "connected"];
        let impacts = ["none", "low", "moderate", "high"];
        for i in 0..N {
            let mut answers = Answers::new();
            answers.insert(
                "service.group".into(),
                AnswerValue::Choice(groups[i % 4].into()),
            );
            answers.insert("pi.needed".into(), AnswerValue::Choice("yes".into()));
            answers.insert("pi.validated".into(), AnswerValue::Choice("yes".into()));
            let cells = [
                "reputation",
                "financial",
                "programs",
                "sensitive",
                "safety",
                "civil",
            ]
            .iter()
            .enumerate()
            .map(|(k, c)| (c.to_string(), impacts[(i + k) % 4].to_string()))
            .collect();
            answers.insert("impact.proofing".into(), AnswerValue::Matrix(cells));
            answers.insert("auth.needed".into(), AnswerValue::Choice("no".into()));
            let mut a = Assessment::new(
                Service {
                    name: format!("บริการทดสอบที่ {i}"),
                    agency: "สำนักงานทดสอบ".into(),
                    description: String::new(),
                    owner: None,
                },
                RulesetRef {
                    id: rs.id.clone(),
                    version: rs.version.clone(),
                    sha256: rs.sha256.clone(),
                },
                AnswerSet::Single(answers),
                catalog::now(),
            );
            catalog::stamp(&mut a, rs, catalog::now());
            store.create(&a).expect("create");
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
        let _ = std::fs::remove_file(dir.join(".index.json"));
        let first = list(&dir, "table");
        println!("xal list, {N} assessments, first run (builds the index)  {first:>10.2?}");
        for format in ["table", "json"] {
            let warm: Vec<Duration> = (0..7).map(|_| list(&dir, format)).collect();
            println!(
                "xal list --format {format:<5}, warm index (median of 7)      {:>10.2?} (goal < 300 ms)",
                super::median(warm)
            );
        }
    }
}
