//! An approval travelling through `xal sync`: a merge that changes an answer the approval
//! covered makes it void (in `xal list` and `xal show`, on both machines), one that changes
//! nothing it covered leaves it standing, and a sign-off recorded on each side keeps both.

use crate::git_common;

use git_common::*;

fn show_json(w: &World, d: &std::path::Path, id: &str) -> serde_json::Value {
    let o = w.xal(d, &["show", id, "--format", "json"]);
    ok(&o);
    serde_json::from_slice(&o.stdout).unwrap()
}

fn approve(w: &World, d: &std::path::Path, id: &str, by: &str) {
    ok(&w.xal(
        d,
        &["approve", id, "--by", by, "--step", "approved", "--no-sign"],
    ));
}

/// Every question answered: only a complete assessment can be approved.
const COMPLETE: &str = "\"service.group\" = \"transactional\"\n\"pi.needed\" = \"yes\"\n\
\"pi.validated\" = \"no\"\n\"auth.needed\" = \"no\"\n";

/// Two machines share T1 (Tax e-filing) and T2 (Agency news).
fn two_clones(w: &World) -> (std::path::PathBuf, std::path::PathBuf) {
    let a = w.first(
        "a",
        "Alice",
        &[
            ("T1", &assessment("T1", "Tax e-filing", COMPLETE)),
            ("T2", &assessment("T2", "Agency news", COMPLETE)),
        ],
    );
    let b = w.clone("b", "Bob");
    (a, b)
}

#[test]
fn a_merge_that_changes_a_covered_answer_voids_the_approval() {
    let w = World::new();
    let (a, b) = two_clones(&w);
    // Bob approves T1 as it is and sends the approval …
    approve(&w, &b, "T1", "Bob Official");
    ok(&w.xal(&b, &["sync"]));
    // … while Alice, not having it yet, changes an answer of T1.
    edit(
        &a,
        "T1",
        "\"service.group\" = \"transactional\"",
        "\"service.group\" = \"enhanced\"",
    );
    let s = w.xal(&a, &["sync"]);
    ok(&s);
    let text = read(&a, "T1");
    assert_eq!(text.matches("[[signoff]]").count(), 1, "kept: {text}");
    assert!(text.contains("\"service.group\" = \"enhanced\""), "{text}");
    assert!(!text.contains("[conflicts"), "{text}");
    for d in [&a, &b] {
        if d == &b {
            ok(&w.xal(&b, &["sync"]));
        }
        let show = out(&w.xal(d, &["show", "T1"]));
        assert!(
            show.contains("approval void: answers changed since (approved by Bob Official"),
            "{}: {show}",
            d.display()
        );
        let list = out(&w.xal(d, &["list"]));
        let row = list.lines().find(|l| l.contains("Tax e-filing")).unwrap();
        assert!(row.contains("✗ void"), "{list}");
        assert_eq!(show_json(&w, d, "T1")["signoff"][0]["holds"], false);
    }
}

#[test]
fn a_merge_that_changes_nothing_covered_leaves_the_approval_standing() {
    let w = World::new();
    let (a, b) = two_clones(&w);
    approve(&w, &b, "T1", "Bob Official");
    ok(&w.xal(&b, &["sync"]));
    // Alice touches T1 too, but only where the record does not look: a comment and the
    // time of the last update; and she changes an answer of another assessment.
    edit(
        &a,
        "T1",
        "[answers]\n",
        "[answers]\n# checked with the service owner on the phone\n",
    );
    edit(
        &a,
        "T1",
        "updated = 2026-11-28T10:15:00+07:00",
        "updated = 2026-12-01T08:00:00+07:00",
    );
    edit(
        &a,
        "T2",
        "\"service.group\" = \"transactional\"",
        "\"service.group\" = \"enhanced\"",
    );
    ok(&w.xal(&a, &["sync"]));
    let text = read(&a, "T1");
    assert!(text.contains("# checked with the service owner"), "{text}");
    assert_eq!(text.matches("[[signoff]]").count(), 1, "{text}");
    ok(&w.xal(&b, &["sync"]));
    for d in [&a, &b] {
        let show = out(&w.xal(d, &["show", "T1"]));
        assert!(show.contains("approved by Bob Official on "), "{show}");
        assert!(!show.contains("approval void"), "{show}");
        let list = out(&w.xal(d, &["list"]));
        let row = list.lines().find(|l| l.contains("Tax e-filing")).unwrap();
        assert!(row.contains("✓ approved"), "{list}");
        assert_eq!(show_json(&w, d, "T1")["signoff"][0]["holds"], true);
    }
}

#[test]
fn a_sign_off_recorded_on_each_side_keeps_both() {
    let w = World::new();
    let (a, b) = two_clones(&w);
    ok(&w.xal(
        &a,
        &[
            "approve",
            "T1",
            "--by",
            "Alice Reviewer",
            "--step",
            "reviewed",
            "--no-sign",
        ],
    ));
    approve(&w, &b, "T1", "Bob Official");
    ok(&w.xal(&b, &["sync"]));
    let s = w.xal(&a, &["sync"]);
    ok(&s);
    ok(&w.xal(&b, &["sync"]));
    for d in [&a, &b] {
        let text = read(d, "T1");
        assert!(!text.contains("[conflicts"), "{text}");
        let json = show_json(&w, d, "T1");
        let steps = json["signoff"].as_array().unwrap();
        let by: Vec<&str> = steps.iter().map(|s| s["by"].as_str().unwrap()).collect();
        assert_eq!(by.len(), 2, "{}", d.display());
        assert!(
            by.contains(&"Alice Reviewer") && by.contains(&"Bob Official"),
            "{by:?}"
        );
        assert!(steps.iter().all(|s| s["holds"] == true), "{steps:?}");
    }
}
