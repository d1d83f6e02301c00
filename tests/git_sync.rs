//! `xal repo init`, `xal sync` and `xal history` with a local bare repository as the remote and
//! two clones, each its own data dir and git author.

use crate::git_common;

use git_common::*;
use xal::store::parse_assessment;

#[test]
fn repo_init_twice_changes_nothing() {
    let w = World::new();
    let a = w.first("a", "Alice", &[("T1", &tax())]);
    let head = w.git(&a, &["rev-parse", "HEAD"]);
    let attrs = std::fs::read_to_string(a.join(".gitattributes")).unwrap();
    let ignore = std::fs::read_to_string(a.join(".gitignore")).unwrap();
    let config = std::fs::read_to_string(a.join(".git/config")).unwrap();
    assert!(attrs.contains("assessments/*.toml merge=xal"), "{attrs}");
    assert!(
        ignore.contains("/.index.bin") && ignore.contains("/xal.log"),
        "{ignore}"
    );
    assert!(config.contains("merge-file %O %A %B --path %P"), "{config}");
    let remote = w.remote();
    let again = w.xal(&a, &["repo", "init", "--remote", remote.to_str().unwrap()]);
    ok(&again);
    assert!(out(&again).contains("nothing changed"), "{}", out(&again));
    assert_eq!(w.git(&a, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        std::fs::read_to_string(a.join(".gitattributes")).unwrap(),
        attrs
    );
    assert_eq!(
        std::fs::read_to_string(a.join(".gitignore")).unwrap(),
        ignore
    );
    assert_eq!(
        std::fs::read_to_string(a.join(".git/config")).unwrap(),
        config
    );
    assert_eq!(w.git(&a, &["status", "--porcelain"]), "");
    // The first commit holds the assessment.
    assert!(w.git(&a, &["ls-files"]).contains("assessments/T1.toml"));
}

#[test]
fn repo_init_refuses_another_origin_and_says_what_to_run() {
    let w = World::new();
    let a = w.first("a", "Alice", &[("T1", &tax())]);
    let o = w.xal(&a, &["repo", "init", "--remote", "/elsewhere.git"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("git -C") && err(&o).contains("remote set-url"),
        "{}",
        err(&o)
    );
}

#[test]
fn edits_of_different_answers_from_two_clones_merge_cleanly() {
    let (w, a, b) = alice_and_bob();
    financial_high(&a);
    pi_needed_no(&b);
    sync_says(&w, &a, "impact.auth.financial moderate → high");
    sync_says(
        &w,
        &b,
        "in: changed Tax e-filing [T1] (Alice <alice@example.org>)",
    );
    ok(&w.xal(&a, &["sync"]));
    for d in [&a, &b] {
        let text = read(d, "T1");
        let x = parse_assessment(std::path::Path::new("T1.toml"), &text).unwrap();
        assert!(x.conflicts.is_empty(), "{text}");
        assert!(text.contains("financial = \"high\""), "{text}");
        assert!(text.contains("\"pi.needed\" = \"no\""), "{text}");
    }
    assert_eq!(read(&a, "T1"), read(&b, "T1"));
    // The commit messages say what changed.
    let log = w.git(&a, &["log", "--format=%an: %s"]);
    assert!(
        log.contains("Alice: Tax e-filing: impact.auth.financial moderate → high"),
        "{log}"
    );
    assert!(
        log.contains("Bob: Tax e-filing: pi.needed yes → no"),
        "{log}"
    );
}

#[test]
fn the_same_answer_changed_two_ways_is_a_conflict_in_a_file_that_parses() {
    let (w, a, b) = alice_and_bob();
    edit(
        &a,
        "T1",
        "reputation = \"moderate\"",
        "reputation = \"high\"",
    );
    edit(
        &b,
        "T1",
        "reputation = \"moderate\"",
        "reputation = \"low\"",
    );
    ok(&w.xal(&a, &["sync"]));
    let sb = w.xal(&b, &["sync"]);
    assert_eq!(sb.status.code(), Some(3), "{}", err(&sb));
    assert!(
        err(&sb).contains("answers/impact.auth/reputation"),
        "{}",
        err(&sb)
    );
    let text = read(&b, "T1");
    let x = parse_assessment(std::path::Path::new("T1.toml"), &text).unwrap();
    let c = &x.conflicts["answers/impact.auth/reputation"];
    assert_eq!(c.ours, Some(toml::Value::String("low".into())));
    assert_eq!(c.theirs, Some(toml::Value::String("high".into())));
    assert_eq!(c.base, Some(toml::Value::String("moderate".into())));
    assert_eq!(c.ours_by, "Bob <bob@example.org>");
    assert_eq!(c.theirs_by, "Alice <alice@example.org>");
    // Nothing is left half-merged: the work tree is clean and the merge committed.
    assert_eq!(w.git(&b, &["status", "--porcelain"]), "");
    let list = w.xal(&b, &["list"]);
    ok(&list);
    assert!(out(&list).contains("conflict"), "{}", out(&list));
    let json = w.xal(&b, &["list", "--format", "json"]);
    assert!(out(&json).contains("\"conflicts\": 1"), "{}", out(&json));
    // The conflict travelled to the other clone too, and stands there as well.
    let sa = w.xal(&a, &["sync"]);
    assert_eq!(sa.status.code(), Some(3), "{}", err(&sa));
    assert!(read(&a, "T1").contains("[conflicts.\"answers/impact.auth/reputation\"]"));
}

#[test]
fn a_new_assessment_from_each_side_arrives_on_the_other() {
    let (w, a, b) = alice_and_bob();
    std::fs::write(
        a.join("assessments/A2.toml"),
        assessment("A2", "Land registry", TAX),
    )
    .unwrap();
    std::fs::write(
        b.join("assessments/B2.toml"),
        assessment("B2", "Passport booking", TAX),
    )
    .unwrap();
    ok(&w.xal(&a, &["sync"]));
    sync_says(&w, &b, "in: added Land registry [A2]");
    sync_says(&w, &a, "in: added Passport booking [B2]");
    for d in [&a, &b] {
        for id in ["T1", "A2", "B2"] {
            assert!(
                d.join(format!("assessments/{id}.toml")).exists(),
                "{id} in {d:?}"
            );
        }
    }
}

#[test]
fn history_lists_every_change_with_its_author_in_order() {
    let (w, a, b) = alice_and_bob();
    financial_high(&b);
    ok(&w.xal(&b, &["sync"]));
    ok(&w.xal(&a, &["sync"]));
    pi_needed_no(&a);
    ok(&w.xal(&a, &["sync"]));
    let h = w.xal(&a, &["history", "T1"]);
    ok(&h);
    let text = out(&h);
    let authors: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split("  ").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        authors,
        [
            "Alice <alice@example.org>",
            "Bob <bob@example.org>",
            "Alice <alice@example.org>"
        ],
        "{text}"
    );
    assert!(text.contains("  pi.needed yes → no"), "{text}");
    assert!(
        text.contains("  impact.auth.financial moderate → high"),
        "{text}"
    );
    let only = w.xal(&a, &["history", "T1", "--answer", "impact.auth"]);
    ok(&only);
    let only = out(&only);
    assert!(only.contains("financial moderate → high"), "{only}");
    assert!(!only.contains("pi.needed yes → no"), "{only}");
    let json = w.xal(&a, &["history", "T1", "--format", "json"]);
    ok(&json);
    assert!(out(&json).contains("\"schema\": \"xal.history/1\""));
}

#[test]
fn an_unreachable_remote_keeps_the_work_committed_and_exits_1() {
    let w = World::new();
    let a = w.first("a", "Alice", &[("T1", &tax())]);
    w.git(
        &a,
        &["remote", "set-url", "origin", "/nonexistent/remote.git"],
    );
    financial_high(&a);
    let s = w.xal(&a, &["sync"]);
    assert_eq!(s.status.code(), Some(1), "{}", err(&s));
    assert!(err(&s).contains("cannot be reached"), "{}", err(&s));
    assert!(err(&s).contains("run xal sync again"), "{}", err(&s));
    assert_eq!(w.git(&a, &["status", "--porcelain"]), "");
    let subject = w.git(&a, &["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        "Tax e-filing: impact.auth.financial moderate → high"
    );
}

/// A pre-push hook in clone a that, the first time, has Bob push first and refuses: what a
/// push that lost a race sees.
fn race_hook(w: &World, a: &std::path::Path, b: &std::path::Path, always: bool) {
    let marker = w.root().join("raced");
    let hook = a.join(".git/hooks/pre-push");
    let script = if always {
        "#!/bin/sh\necho refused >&2\nexit 1\n".to_string()
    } else {
        format!(
            "#!/bin/sh\nif [ ! -e '{m}' ]; then touch '{m}'; git -C '{b}' push -q origin main; exit 1; fi\nexit 0\n",
            m = marker.display(),
            b = b.display()
        )
    };
    std::fs::write(&hook, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_refused_push_fetches_merges_and_retries_once() {
    let (w, a, b) = alice_and_bob();
    pi_needed_no(&b);
    w.git(&b, &["commit", "-qam", "Bob's change"]);
    race_hook(&w, &a, &b, false);
    financial_high(&a);
    sync_says(&w, &a, "pi.needed yes → no");
    let remote_log = w.git(&w.remote(), &["log", "--format=%s", "main"]);
    assert!(
        remote_log.contains("impact.auth.financial moderate → high"),
        "{remote_log}"
    );
    assert!(remote_log.contains("Bob's change"), "{remote_log}");
}

#[test]
fn a_push_refused_again_after_the_retry_exits_1() {
    let w = World::new();
    let a = w.first("a", "Alice", &[("T1", &tax())]);
    let b = w.root().join("unused");
    race_hook(&w, &a, &b, true);
    financial_high(&a);
    let s = w.xal(&a, &["sync"]);
    assert_eq!(s.status.code(), Some(1), "{}", err(&s));
    assert!(err(&s).contains("refused the push again"), "{}", err(&s));
    assert_eq!(w.git(&a, &["status", "--porcelain"]), "");
}

#[test]
fn a_detached_head_or_a_merge_in_progress_is_never_written_over() {
    let w = World::new();
    let a = w.first("a", "Alice", &[("T1", &tax())]);
    w.git(&a, &["checkout", "-q", "--detach"]);
    financial_high(&a);
    let before = read(&a, "T1");
    let s = w.xal(&a, &["sync"]);
    assert_eq!(s.status.code(), Some(1));
    assert!(
        err(&s).contains("detached") && err(&s).contains("git switch"),
        "{}",
        err(&s)
    );
    assert_eq!(read(&a, "T1"), before);
    assert!(w.git(&a, &["status", "--porcelain"]).contains("T1.toml"));

    w.git(&a, &["checkout", "-q", "main"]);
    std::fs::write(a.join(".git/MERGE_HEAD"), w.git(&a, &["rev-parse", "HEAD"])).unwrap();
    let s = w.xal(&a, &["sync"]);
    assert_eq!(s.status.code(), Some(1));
    assert!(
        err(&s).contains("merge is in progress") && err(&s).contains("git merge --abort"),
        "{}",
        err(&s)
    );
    assert_eq!(read(&a, "T1"), before);
}

#[test]
fn outside_a_repository_sync_and_history_say_to_run_repo_init() {
    let w = World::new();
    let d = w.root().join("plain");
    std::fs::create_dir_all(d.join("assessments")).unwrap();
    std::fs::write(d.join("assessments/T1.toml"), tax()).unwrap();
    for args in [&["sync"][..], &["history", "T1"]] {
        let o = w.xal(&d, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(err(&o).contains("xal repo init"), "{}", err(&o));
    }
    let list = w.xal(&d, &["list"]);
    ok(&list);
    assert!(out(&list).contains("Tax e-filing"));
    assert!(!d.join(".git").exists());
}

#[test]
fn two_data_dirs_started_apart_merge_their_records() {
    let w = World::new();
    let a = w.first("a", "Alice", &[("T1", &tax())]);
    // Bob starts his own record, then points it at the shared one.
    let b = w.root().join("b");
    std::fs::create_dir_all(b.join("assessments")).unwrap();
    std::fs::write(
        b.join("assessments/B1.toml"),
        assessment("B1", "Passport booking", TAX),
    )
    .unwrap();
    w.git(w.root(), &["init", "-q", "b"]);
    w.author(&b, "Bob");
    let remote = w.remote();
    ok(&w.xal(&b, &["repo", "init", "--remote", remote.to_str().unwrap()]));
    sync_says(&w, &b, "in: added Tax e-filing [T1]");
    ok(&w.xal(&a, &["sync"]));
    assert!(a.join("assessments/B1.toml").exists());
}

#[test]
fn history_across_a_merge_credits_each_change_to_its_author() {
    let (w, a, b) = alice_and_bob();
    financial_high(&a);
    pi_needed_no(&b);
    ok(&w.xal(&a, &["sync"]));
    ok(&w.xal(&b, &["sync"]));
    let h = w.xal(&b, &["history", "T1", "--format", "json"]);
    ok(&h);
    let v: serde_json::Value = serde_json::from_str(&out(&h)).unwrap();
    for e in v["entries"].as_array().unwrap() {
        let keys: Vec<&str> = e["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["key"].as_str().unwrap())
            .collect();
        let author = e["author"].as_str().unwrap();
        if e["created"].as_bool().unwrap() {
            continue;
        }
        match author {
            "Alice <alice@example.org>" => assert_eq!(keys, ["impact.auth.financial"], "{v}"),
            "Bob <bob@example.org>" => assert_eq!(keys, ["pi.needed"], "{v}"),
            other => panic!("{other}"),
        }
    }
}
