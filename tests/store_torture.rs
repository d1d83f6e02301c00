//! Kill -9 at random moments while the real `xal` imports many files: afterwards every file in
//! `assessments/` parses, nothing but assessments and temporary files is there, and the next
//! start (any command that lists) leaves no temporary file behind. About ten seconds on an idle machine.
#![cfg(unix)]

use crate::support;

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::cli::{ok, xal, xal_command};
use support::gen_ruleset::Rng;
use support::store::sample;
use xal::store::{ScanEntry, Store, render_new};

const FILES: usize = 40;
const ROUNDS: usize = 25;

fn count(store: &Store) -> usize {
    std::fs::read_dir(store.assessments_dir()).map_or(0, |d| d.count())
}

#[test]
fn killed_imports_leave_whole_files_and_the_next_start_sweeps_their_temporaries() {
    let root = tempfile::tempdir().unwrap();
    // Each round imports assessments not there yet (the same ones again would be "already
    // there" and write nothing). Big enough that a write takes a moment: a kill often lands
    // in the middle of one.
    let files_of = |round: usize| -> Vec<PathBuf> {
        let source = root.path().join(format!("to-import-{round}"));
        std::fs::create_dir(&source).unwrap();
        (0..FILES)
            .map(|i| {
                let p = source.join(format!("s{i:03}.toml"));
                let a = sample(&format!("service {round}.{i}"), 120);
                std::fs::write(&p, render_new(&a)).unwrap();
                p
            })
            .collect()
    };
    let data = root.path().join("data");
    let store = Store::open(&data);
    let mut rng = Rng::new(support::seed("store_torture"));
    let mut killed = 0;
    let started = Instant::now();
    for round in 0..ROUNDS {
        let files = files_of(round);
        let mut child = xal_command()
            .arg("--data-dir")
            .arg(&data)
            .arg("import")
            .args(&files)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Once it writes (its start-up takes longer on a busy machine), a random moment later.
        let before = count(&store);
        let deadline = Instant::now() + Duration::from_secs(20);
        while count(&store) == before && child.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "round {round}: the import wrote nothing"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        std::thread::sleep(Duration::from_micros(rng.below(40_000) as u64));
        // SAFETY: kill(2) on our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let status = child.wait().unwrap();
        killed += usize::from(status.signal() == Some(libc::SIGKILL));

        // Every file there parses; anything else is a temporary file of the killed import.
        for dent in std::fs::read_dir(store.assessments_dir())
            .into_iter()
            .flatten()
        {
            let dent = dent.unwrap();
            let name = dent.file_name().into_string().unwrap();
            if name.starts_with(".xal-") && name.ends_with(".tmp") {
                continue;
            }
            assert!(name.ends_with(".toml"), "round {round}: stray file {name}");
            let id = name.trim_end_matches(".toml");
            if let Err(e) = store.load(id) {
                panic!("round {round}: {name} does not load after a kill: {e}");
            }
        }
    }
    assert!(
        killed > ROUNDS / 2,
        "only {killed} of {ROUNDS} imports were killed mid-way"
    );

    // The next start: `xal list` scans, which sweeps the dead writers' temporaries.
    let listing = ok(&xal(&data, &["list", "--format", "json"]));
    let left: Vec<String> = [data.clone(), store.assessments_dir()]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|d| d.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        left.is_empty(),
        "temporary files survived the next start: {left:?}"
    );
    let scan = store.scan(&support::store::summarize, "").unwrap();
    assert!(scan.entries.iter().all(|e| matches!(e, ScanEntry::Ok(_))));
    assert!(listing.contains("service"), "{listing}");
    println!(
        "{killed} of {ROUNDS} imports killed, {} assessments whole, {:?}",
        scan.entries.len(),
        started.elapsed()
    );
}
