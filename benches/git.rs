//! `cargo bench --bench git`: the speed goals of sharing through git, printed as numbers.
//!
//! - `xal history` of one assessment with 200 commits (goal: under 200 ms);
//! - `xal sync` bringing in 100 changed assessments (goal: under 5 s);
//! - `xal list` in a repository of 10,000 assessments, warm index (the conflict marks come
//!   from the index, as the rest of each row: no git);
//! - the interface's first frame there, the real binary in a pty (goal: under 50 ms, as
//!   outside a repository; git's counts come after it, off the keystroke path).

#[path = "../tests/git_common/mod.rs"]
mod git_common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use git_common::*;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn history_of_200_commits() {
    let w = World::new();
    let a = w.first(
        "a",
        "Alice",
        &[("T1", &assessment("T1", "Tax e-filing", TAX))],
    );
    let levels = ["low", "moderate", "high"];
    for i in 0..200 {
        let mut text = read(&a, "T1");
        for (n, from) in levels.iter().enumerate() {
            let old = format!("financial = \"{from}\"");
            if text.contains(&old) {
                let new = format!("financial = \"{}\"", levels[(n + 1) % 3]);
                text = text.replacen(&old, &new, 1);
                break;
            }
        }
        std::fs::write(a.join("assessments/T1.toml"), text).unwrap();
        w.author(&a, if i % 2 == 0 { "Alice" } else { "Bob" });
        w.git(&a, &["commit", "-qam", &format!("change {i}")]);
    }
    let mut in_process = Vec::new();
    let repo = xal::git::Repo::at(&a).unwrap();
    for _ in 0..10 {
        let t = Instant::now();
        let h = xal::git::history::history(&repo, "T1").unwrap();
        in_process.push(t.elapsed());
        assert!(h.len() > 200);
    }
    let mut binary = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let o = w.xal(&a, &["history", "T1"]);
        binary.push(t.elapsed());
        ok(&o);
    }
    println!(
        "xal history, 1 assessment, {} commits: in the process median {:>8.1?}, the binary median {:>8.1?} (goal < 200 ms)",
        201,
        median(in_process),
        median(binary)
    );
}

fn sync_of_100_changed() {
    let w = World::new();
    let ids: Vec<String> = (0..100).map(|i| format!("S{i:03}")).collect();
    let files: Vec<(String, String)> = ids
        .iter()
        .map(|id| (id.clone(), assessment(id, &format!("Service {id}"), TAX)))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let a = w.first("a", "Alice", &refs);
    let b = w.clone("b", "Bob");
    for id in &ids {
        edit(&b, id, "financial = \"moderate\"", "financial = \"high\"");
    }
    // Alice changes other answers of the same files: every one merges by the driver.
    for id in &ids {
        edit(&a, id, "\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\"");
    }
    ok(&w.xal(&b, &["sync"]));
    let t = Instant::now();
    let o = w.xal(&a, &["sync"]);
    let took = t.elapsed();
    ok(&o);
    let incoming = out(&o)
        .lines()
        .filter(|l| l.starts_with("in: changed"))
        .count();
    assert_eq!(incoming, 100, "{}", out(&o));
    println!(
        "xal sync bringing in {incoming} changed assessments (each merged by the driver): {took:>8.1?} (goal < 5 s)"
    );
}

fn list_in_a_repository_of_10000() {
    let w = World::new();
    let d = w.root().join("big");
    std::fs::create_dir_all(d.join("assessments")).unwrap();
    for i in 0..10_000 {
        let id = format!("L{i:05}");
        std::fs::write(
            d.join(format!("assessments/{id}.toml")),
            assessment(&id, &format!("Service {i}"), TAX),
        )
        .unwrap();
    }
    w.git(w.root(), &["init", "-q", "big"]);
    w.author(&d, "Alice");
    ok(&w.xal(&d, &["repo", "init"]));
    ok(&w.xal(&d, &["list"])); // builds the index
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        ok(&w.xal(&d, &["list"]));
        runs.push(t.elapsed());
    }
    println!(
        "xal list, 10,000 assessments in a git repository, warm index: median {:>8.1?} (goal < 300 ms)",
        median(runs)
    );
    // The interface there: spawn to the first frame's last cell, as `cargo bench --bench tui`
    // measures it outside a repository.
    let mut env: Vec<(String, String)> = [
        ("HOME", w.root().display().to_string()),
        (
            "GIT_CONFIG_GLOBAL",
            w.root().join("gitconfig").display().to_string(),
        ),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("XAL_CONFIG_DIR", "/nonexistent-xal-config".into()),
        ("LANG", "C.UTF-8".into()),
        ("TERM", "xterm-256color".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if let Ok(path) = std::env::var("PATH") {
        env.push(("PATH".into(), path));
    }
    let data = d.display().to_string();
    let mut firsts = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let mut pty = support::Pty::spawn(
            &support::xal_bin(),
            &["--data-dir", &data, "--lang", "en"],
            &env,
            w.root(),
            120,
            40,
        );
        pty.wait_for("the first frame's last cell", |s| {
            s.contents().contains("q quit") && s.cell(38, 119).is_some_and(|c| c.contents() == "┘")
        });
        firsts.push(t.elapsed());
        pty.send_str("q");
        pty.wait_exit(Duration::from_secs(20));
    }
    println!(
        "the interface's first frame there, real binary in a pty (spawn to last cell): median {:>8.1?} (goal < 50 ms)",
        median(firsts)
    );
}

fn main() {
    history_of_200_commits();
    sync_of_100_changed();
    list_in_a_repository_of_10000();
}
