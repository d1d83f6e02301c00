//! The one helper module of the tests and benches: every test binary starts with `mod support;`
//! (the benches include it by path). Nothing here touches the real home or config: each test that
//! runs `xal` gets folders of its own.
//!
//! - this module: a [`Sandbox`] of temporary folders; assessment fixtures with fixed timestamps
//!   and answer builders ([`income_tax`], [`matrix`], [`all_combinations`], …);
//! - [`pty`]: the one pseudo-terminal driver ([`Pty`], re-exported here), which runs the real
//!   `xal` (or any program) and reads its screen through a vt100 parser;
//! - [`tmux`]: tmux as an independent terminal, and where it holds each cell;
//! - [`tools`]: programs outside Rust (tmux, chromium, pdftotext), required under CI;
//! - [`cli`]: the `xal` binary as a script runs it, and checks of what it printed;
//! - [`store`]: assessment values and files for the store tests;
//! - [`dgs`]: facts of the DGS ruleset (its categories, the spec's income-tax answers);
//! - [`gen_ruleset`]: generated rulesets and random partial answers, for engine properties;
//! - [`keys`]: SSH keys and `allowed_signers` lists, for signed sign-offs.
#![allow(dead_code)]

pub mod cli;
pub mod dgs;
pub mod gen_ruleset;
pub mod keys;
pub mod pty;
pub mod store;
pub mod tmux;
pub mod tools;

#[allow(unused_imports)]
pub use pty::{Pty, is_colour_param, nz, rfind, sgr_params};

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use xal::answers::{AnswerSet, AnswerValue, Answers, Group};
use xal::catalog;
use xal::ruleset::registry::Registry;
use xal::store::{Assessment, Loaded, RulesetRef, Service, Store};

/// How long any wait may take before the test fails. Generous: the suite runs in parallel on two
/// loaded cores.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The seed of a randomised test: `XAL_TEST_SEED` when set (to repeat a failure), else the
/// clock. Printed either way, so a failing run says how to repeat it.
pub fn seed(test: &str) -> u64 {
    let seed = std::env::var("XAL_TEST_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("{test}: seed {seed} (XAL_TEST_SEED={seed} repeats it)");
    seed
}

/// The `xal` binary cargo built for the integration tests.
pub fn xal_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_xal"))
}

// ----- a sandbox of folders ---------------------------------------------------------------------

/// A temporary root holding the data dir, an empty config dir and a fake home, all removed at
/// the end of the test.
pub struct Sandbox {
    pub root: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let root = tempfile::Builder::new()
            .prefix("xal-tui-")
            .tempdir()
            .unwrap();
        for d in [
            "data",
            "config",
            "home",
            "xdg-config",
            "xdg-data",
            "xdg-cache",
            "xdg-state",
        ] {
            std::fs::create_dir_all(root.path().join(d)).unwrap();
        }
        Sandbox { root }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.root.path().join("config")
    }

    pub fn assessments_dir(&self) -> PathBuf {
        self.data_dir().join("assessments")
    }

    pub fn store(&self) -> Store {
        Store::open(self.data_dir())
    }

    /// The environment of a child process: nothing inherited but `PATH`, every home and config
    /// variable pointing into the sandbox, a UTF-8 locale.
    pub fn child_env(&self, lang: &str) -> Vec<(String, String)> {
        Sandbox::child_env_at(self.root.path(), lang)
    }

    /// [`Sandbox::child_env`] of the sandbox at `root` (made by another process).
    pub fn child_env_at(root: &Path, lang: &str) -> Vec<(String, String)> {
        let p = |d: &str| root.join(d).display().to_string();
        let mut env = vec![
            ("HOME".to_string(), p("home")),
            ("XDG_CONFIG_HOME".into(), p("xdg-config")),
            ("XDG_DATA_HOME".into(), p("xdg-data")),
            ("XDG_CACHE_HOME".into(), p("xdg-cache")),
            ("XDG_STATE_HOME".into(), p("xdg-state")),
            ("XAL_CONFIG_DIR".into(), p("config")),
            ("LANG".into(), lang.to_string()),
            ("TERM".into(), "xterm-256color".into()),
            ("RUST_BACKTRACE".into(), "0".into()),
        ];
        if let Ok(path) = std::env::var("PATH") {
            env.push(("PATH".into(), path));
        }
        env
    }
}

// ----- fixtures ---------------------------------------------------------------------------------

/// A fixed moment, `minute` minutes after 2026-03-01 09:00 +07:00, so every list is ordered the
/// same way and shows the same dates.
pub fn at(minute: i64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-01T09:00:00+07:00").unwrap()
        + chrono::Duration::minutes(minute)
}

pub fn choice(v: &str) -> AnswerValue {
    AnswerValue::Choice(v.to_string())
}

/// The six DGS categories in the ruleset's order, each given a level.
pub fn dgs_matrix(levels: [&str; 6]) -> AnswerValue {
    AnswerValue::Matrix(
        dgs::CATEGORIES
            .iter()
            .zip(levels)
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect(),
    )
}

pub fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// The spec's income-tax case (IAL2.1, AAL2), without the optional plan questions.
pub fn income_tax() -> Answers {
    let m = dgs_matrix([
        "moderate", "moderate", "moderate", "moderate", "none", "moderate",
    ]);
    answers(&[
        ("service.group", choice("transactional")),
        ("pi.needed", choice("yes")),
        ("pi.validated", choice("yes")),
        ("impact.proofing", m.clone()),
        ("auth.needed", choice("yes")),
        ("impact.auth", m),
        ("pi.accessible", choice("yes")),
    ])
}

/// A newsletter that needs no personal information and no sign-in: the lowest levels there are.
pub fn newsletter() -> Answers {
    answers(&[
        ("service.group", choice("emerging")),
        ("pi.needed", choice("no")),
        ("auth.needed", choice("no")),
    ])
}

/// Some rows of an impact matrix, by category id.
pub fn matrix_rows(rows: &[(&str, &str)]) -> AnswerValue {
    AnswerValue::Matrix(
        rows.iter()
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect(),
    )
}

/// The four impact levels of every built-in ruleset, lowest first.
pub const IMPACTS: [&str; 4] = ["none", "low", "moderate", "high"];

/// An impact matrix: `cats[i]` at `levels[i]`.
pub fn matrix(cats: &[&str], levels: &[&str]) -> AnswerValue {
    assert_eq!(cats.len(), levels.len(), "one level per category");
    AnswerValue::Matrix(
        cats.iter()
            .zip(levels)
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect(),
    )
}

/// Every combination of the four impact levels over `n` categories, as indices into
/// [`IMPACTS`].
pub fn all_combinations(n: usize) -> impl Iterator<Item = Vec<usize>> {
    (0..4usize.pow(n as u32)).map(move |mut k| {
        (0..n)
            .map(|_| {
                let d = k % 4;
                k /= 4;
                d
            })
            .collect()
    })
}

/// A DGS case that has come as far as the proofing impacts: a transactional service that
/// needs and validates personal information, with `proofing` as the matrix so far.
pub fn at_proofing(proofing: AnswerValue) -> Answers {
    answers(&[
        ("service.group", choice("transactional")),
        ("pi.needed", choice("yes")),
        ("pi.validated", choice("yes")),
        ("impact.proofing", proofing),
    ])
}

/// Writes a new assessment through the store, stamped with its result at a fixed time.
pub fn create(
    store: &Store,
    registry: &Registry,
    ruleset: &str,
    name: &str,
    agency: &str,
    answers: AnswerSet,
    when: DateTime<FixedOffset>,
) -> Loaded {
    let rs = registry.get(ruleset).expect("a built-in ruleset").clone();
    let mut a = Assessment::new(
        Service {
            name: name.into(),
            agency: agency.into(),
            description: String::new(),
            owner: None,
        },
        RulesetRef {
            id: rs.id.clone(),
            version: rs.version.clone(),
            sha256: rs.sha256.clone(),
        },
        answers,
        when,
    );
    catalog::stamp(&mut a, &rs, when);
    store.create(&a).expect("the fixture is written")
}

pub fn dgs(
    store: &Store,
    registry: &Registry,
    name: &str,
    agency: &str,
    answers: Answers,
    when: DateTime<FixedOffset>,
) -> Loaded {
    create(
        store,
        registry,
        "dgs-1-2-2564",
        name,
        agency,
        AnswerSet::Single(answers),
        when,
    )
}

pub fn group(id: &str, name: &str, answers: Answers) -> Group {
    Group {
        id: id.into(),
        name: name.into(),
        answers,
        ..Group::default()
    }
}

/// A file that does not parse, with the error on line 3.
pub const BROKEN_TOML: &str = "schema = 1\nid = \"broken\"\n[service\nname = \"x\"\n";

pub fn write_broken(dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, BROKEN_TOML).unwrap();
    p
}

/// The assessment files on disk (no dotfiles, no temporaries).
pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "toml")
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}
