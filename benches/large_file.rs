//! `cargo bench --bench large_file`: how long xal takes over one large assessment file, next to
//! how long Python's `tomllib` takes to parse the same file, printed as a table.
//!
//! Goal (issue 20, item 4): evaluating, importing, listing or opening a file is linear in its
//! size, and within 5× of `tomllib` on a file with 40,000 unknown answer keys and on a file of
//! about 4 MB (under the 4 MiB read cap, `store::MAX_FILE_BYTES`).
//!
//! The files are generated in a temporary folder: a complete assessment whose `[answers]`
//! table also holds N keys no ruleset knows (strings, some in Thai, numbers, matrices). Each
//! path is timed in-process (the `xal eval` command through `cli::run_with`, and
//! `Store::load`, the interface's load) and through the real binary (`xal eval`,
//! `xal eval --strict`, `xal import` into a fresh data dir, `xal list` building its index,
//! `xal show`). `tomllib` is timed as `python3 -c "import tomllib,sys; tomllib.load(…)"` less
//! the same python run without the load (printed on its own); without a python3 that has
//! tomllib, that column says so.
//!
//! `XAL_BENCH_LIMIT_S` (default 60) stops a run of the binary that takes longer, so that the
//! bench also ends on code that is quadratic; the table then says `> limit`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use xal::cli::{Cli, Term};

const ID: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA";
const ROUNDS: usize = 3;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A complete DGS assessment with `n` answer keys no ruleset knows, one per line.
fn assessment(n: usize) -> String {
    let mut s = String::with_capacity(64 + n * 24);
    s.push_str(&format!(
        "schema = 1\nid = \"{ID}\"\n\n[service]\nname = \"ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์\"\n\
         agency = \"กรมสรรพากร\"\n\n[ruleset]\nid = \"dgs-1-2-2564\"\nversion = \"1.0.0\"\n\n\
         [answers]\n\"service.group\" = \"transactional\"\n\"pi.needed\" = \"yes\"\n\
         \"pi.validated\" = \"yes\"\n\"impact.proofing\" = {{ reputation = \"moderate\", \
         financial = \"moderate\", programs = \"moderate\", sensitive = \"moderate\", \
         safety = \"none\", civil = \"moderate\" }}\n\"auth.needed\" = \"no\"\n"
    ));
    for i in 0..n {
        let value = match i % 10 {
            0 => "{ reputation = \"low\", financial = \"none\" }",
            1 => "42",
            2 => "\"ใช่\"",
            _ => "\"yes\"",
        };
        s.push_str(&format!("\"x.q{i:06}\" = {value}\n"));
    }
    s.push_str(
        "\n[meta]\ncreated = 2026-11-28T09:02:11+07:00\nupdated = 2026-11-28T10:15:00+07:00\n",
    );
    s
}

/// How many unknown keys make a file of about `bytes`.
fn keys_for(bytes: usize) -> usize {
    let per_key = (assessment(1000).len() - assessment(0).len()) / 1000;
    (bytes - assessment(0).len()) / per_key
}

/// A run of the binary, or `None` when it took longer than `limit` (it is then killed).
fn run(args: &[&std::ffi::OsStr], env: &Path, limit: Duration) -> Option<Duration> {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_xal"))
        .args(args)
        .env("XAL_CONFIG_DIR", env.join("no-config"))
        .env("LANG", "C.UTF-8")
        .env_remove("XAL_DATA_DIR")
        .env_remove("XAL_LANG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run xal");
    loop {
        if let Some(status) = child.try_wait().expect("wait for xal") {
            let took = t.elapsed();
            // `eval --strict` refuses the file (exit 2); anything else must succeed.
            assert!(
                status.success() || status.code() == Some(2),
                "xal {args:?}: {status}"
            );
            return Some(took);
        }
        if t.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The median of [`ROUNDS`] runs; `prepare` runs before each, untimed. `None` when a run
/// took longer than `limit` (the rest are then not tried).
fn time_binary(
    limit: Duration,
    mut prepare: impl FnMut(),
    mut args: impl FnMut() -> Vec<std::ffi::OsString>,
    env: &Path,
) -> Option<Duration> {
    let mut samples = Vec::new();
    for _ in 0..ROUNDS {
        prepare();
        let a = args();
        let a: Vec<&std::ffi::OsStr> = a.iter().map(|s| s.as_os_str()).collect();
        samples.push(run(&a, env, limit)?);
    }
    Some(median(samples))
}

fn time_in_process(mut f: impl FnMut()) -> Duration {
    median(
        (0..ROUNDS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

/// `xal eval FILE` as the binary runs it, with its output in memory.
fn eval_in_process(file: &Path) {
    let cli = Cli::try_parse_from([
        std::ffi::OsStr::new("xal"),
        "eval".as_ref(),
        "--lang".as_ref(),
        "en".as_ref(),
        file.as_os_str(),
    ])
    .expect("arguments");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut t = Term::new(&mut out, &mut err);
    let code = xal::cli::run_with(&mut t, cli, |_, _, _| unreachable!("no interface"));
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert!(out.len() > 1000, "the evaluation was printed");
}

struct Python {
    /// `python3 -c "import tomllib,sys"`: the startup subtracted from each load.
    startup: Duration,
}

const PY_LOAD: &str = "import tomllib,sys; tomllib.load(open(sys.argv[1],'rb'))";
const PY_EMPTY: &str = "import tomllib,sys";

fn python_run(code: &str, file: &Path) -> Option<Duration> {
    let t = Instant::now();
    let status = Command::new("python3")
        .args(["-c", code])
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| t.elapsed())
}

impl Python {
    fn find(any_file: &Path) -> Result<Python, String> {
        python_run(PY_EMPTY, any_file)
            .ok_or("python3 with tomllib (3.11 or newer) not found: no tomllib column")?;
        let startup = (0..5)
            .map(|_| python_run(PY_EMPTY, any_file))
            .collect::<Option<Vec<_>>>()
            .ok_or("python3 failed")?;
        Ok(Python {
            startup: median(startup),
        })
    }

    /// The median of [`ROUNDS`] loads, less the startup.
    fn load(&self, file: &Path) -> Option<Duration> {
        let runs = (0..ROUNDS)
            .map(|_| python_run(PY_LOAD, file))
            .collect::<Option<Vec<_>>>()?;
        Some(median(runs).saturating_sub(self.startup))
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    // The in-process runs read the config dir as the binary does: an empty one.
    // SAFETY: set before any other thread of this program is started.
    unsafe { std::env::set_var("XAL_CONFIG_DIR", root.join("no-config")) };
    let limit = Duration::from_secs(
        std::env::var("XAL_BENCH_LIMIT_S")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    );

    let four_mb = keys_for(4_000_000);
    let files: Vec<(String, PathBuf)> = [
        ("10,000 unknown keys".to_string(), 10_000),
        ("40,000 unknown keys".to_string(), 40_000),
        (format!("~4 MB ({four_mb} keys)"), four_mb),
    ]
    .into_iter()
    .map(|(label, n)| {
        let path = root.join(format!("keys-{n}.toml"));
        std::fs::write(&path, assessment(n)).expect("write the file");
        (label, path)
    })
    .collect();
    let max = xal::store::MAX_FILE_BYTES;
    for (_, f) in &files {
        let size = std::fs::metadata(f).expect("size").len();
        assert!(size <= max, "{} is over the read cap", f.display());
    }

    let python = Python::find(&files[0].1);
    match &python {
        Ok(p) => println!(
            "python3 startup with `import tomllib` (subtracted from each load): {} ms",
            ms(p.startup)
        ),
        Err(why) => println!("note: {why}"),
    }
    println!(
        "limit per run of the binary: {} s; median of {ROUNDS} runs\n",
        limit.as_secs()
    );
    println!(
        "{:<26} {:>9}  {:<34} {:>10} {:>11} {:>7}  goal",
        "file", "size", "path", "xal ms", "tomllib ms", "ratio"
    );
    for (label, file) in &files {
        let size = std::fs::metadata(file).expect("size").len();
        let py = python.as_ref().ok().and_then(|p| p.load(file));
        let row = |path: &str, took: Option<Duration>| {
            let xal = took.map_or(format!("> {}", limit.as_secs() * 1000), ms);
            let (tl, ratio, goal) = match (py, took) {
                (Some(p), Some(x)) => {
                    let r = x.as_secs_f64() / p.as_secs_f64().max(1e-9);
                    (
                        ms(p),
                        format!("{r:.2}×"),
                        if r <= 5.0 {
                            "≤ 5× ok"
                        } else {
                            "≤ 5× MISSED"
                        },
                    )
                }
                (Some(p), None) => (ms(p), "-".into(), "≤ 5× MISSED"),
                (None, _) => ("-".into(), "-".into(), "≤ 5×"),
            };
            println!(
                "{label:<26} {:>7} KB  {path:<34} {xal:>10} {tl:>11} {ratio:>7}  {goal}",
                size / 1024
            );
        };

        let data = root.join("data");
        let fresh = || {
            let _ = std::fs::remove_dir_all(&data);
            std::fs::create_dir_all(&data).expect("data dir");
        };
        let eval = time_binary(
            limit,
            || {},
            || vec!["eval".into(), file.clone().into()],
            root,
        );
        row("xal eval FILE", eval);
        let strict = time_binary(
            limit,
            || {},
            || vec!["eval".into(), "--strict".into(), file.clone().into()],
            root,
        );
        row("xal eval --strict FILE (exit 2)", strict);
        let import = time_binary(
            limit,
            fresh,
            || {
                vec![
                    "--data-dir".into(),
                    data.clone().into(),
                    "import".into(),
                    file.clone().into(),
                ]
            },
            root,
        );
        row("xal import FILE", import);
        let imported = data.join("assessments").join(format!("{ID}.toml"));
        let listed = import.is_some() && imported.exists();
        let list = listed
            .then(|| {
                time_binary(
                    limit,
                    || {
                        let _ = std::fs::remove_file(data.join(".index.bin"));
                    },
                    || vec!["--data-dir".into(), data.clone().into(), "list".into()],
                    root,
                )
            })
            .flatten();
        row("xal list (builds the index)", list);
        let show = listed
            .then(|| {
                time_binary(
                    limit,
                    || {},
                    || {
                        vec![
                            "--data-dir".into(),
                            data.clone().into(),
                            "show".into(),
                            ID.into(),
                        ]
                    },
                    root,
                )
            })
            .flatten();
        row("xal show ID", show);
        // In-process only where the binary finished: the same code, with nothing to stop it.
        let in_eval = eval.map(|_| time_in_process(|| eval_in_process(file)));
        row("in-process: xal eval (run_with)", in_eval);
        let store = xal::store::Store::open(&data);
        let in_load = show.map(|_| {
            time_in_process(|| {
                std::hint::black_box(store.load(ID).expect("the imported file loads"));
            })
        });
        row("in-process: Store::load (interface)", in_load);
    }
}
