//! Journeys through the real `xal` in a pseudo-terminal at 80×24, the SSH default: what issue
//! 25 asked to hold at that size. Each waits for what the screen says (generous timeouts, no
//! clock), so a loaded machine makes them slower, not wrong.

use crate::support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use support::*;
use xal::ruleset::registry::Registry;

const Q: Duration = Duration::from_secs(30);

/// DGS services `(name, agency, answers)` in the sandbox, the first changed at 09:05 and each
/// next five minutes later (so the last is listed first); their files' paths, in order.
fn listed(sb: &Sandbox, services: Vec<(&str, &str, xal::answers::Answers)>) -> Vec<PathBuf> {
    let r = Registry::builtin();
    (1..)
        .zip(services)
        .map(|(i, (name, agency, answers))| {
            dgs(&sb.store(), &r, name, agency, answers, at(5 * i)).path
        })
        .collect()
}

/// Every file under the data dir's assessments, by name, with its bytes.
fn files(sb: &Sandbox) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(sb.assessments_dir())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// The screen's last `n` rows, each trimmed, joined by a space: a message wrapped between
/// words reads back as it was written.
fn bottom(s: &vt100::Screen, n: usize) -> String {
    let rows: Vec<String> = s.contents().lines().map(|l| l.trim().to_string()).collect();
    rows[rows.len().saturating_sub(n)..].join(" ")
}

fn quit(pty: &mut Pty) {
    pty.send_str("q");
    let (status, _) = pty.wait_exit(Q);
    assert!(status.success(), "{status:?}");
}

/// A name that does not fit in one 80-column row beside the message.
const LONG: &str = "Online application for a licence to run a small food shop in the municipality";

#[test]
fn a_delete_is_said_whole_and_u_undoes_it() {
    let sb = Sandbox::new();
    let path = listed(
        &sb,
        vec![(
            LONG,
            "Municipal office",
            answers(&[("service.group", choice("transactional"))]),
        )],
    )
    .remove(0);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("Services 1/1");
    pty.send_str("d");
    pty.wait_text("Delete this service?");
    pty.send_str("y");
    let said = format!("Moved to the trash — u to undo, T to restore others: «{LONG}»");
    pty.wait_for("the whole message at the bottom", |s| {
        bottom(s, 3).contains(&said)
    });
    assert!(!path.exists(), "the file went to the trash");
    pty.send_str("u");
    pty.wait_for("the undo said and the row back", |s| {
        s.contents().contains("Restored «") && s.contents().contains("Services 1/1")
    });
    assert!(path.exists(), "the file is back");
    quit(&mut pty);
}

#[test]
fn esc_after_opening_a_match_returns_to_the_list_and_changes_nothing() {
    let sb = Sandbox::new();
    listed(
        &sb,
        vec![
            (
                "Tax e-filing",
                "Revenue",
                at_proofing(matrix_rows(&[("financial", "moderate")])),
            ),
            (
                "Water queue",
                "Waterworks",
                answers(&[("service.group", choice("enhanced"))]),
            ),
        ],
    );
    let before = files(&sb);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("Services 1/2");
    pty.send_str("/tax");
    pty.wait_text("/tax");
    pty.send_str("\r");
    pty.wait_for("the match open in the wizard", |s| {
        let t = s.contents();
        t.contains("▶Questions") && t.contains("Tax e-filing")
    });
    pty.send_str("\x1b");
    pty.wait_for("the list focused again", |s| {
        let t = s.contents();
        t.contains("▶Services") && !t.contains("▶Questions")
    });
    // In the list, j moves and Enter opens: neither answers a question of the open one.
    pty.send_str("j");
    pty.send_str("\r");
    pty.wait_text("▶Questions");
    quit(&mut pty);
    assert_eq!(files(&sb), before, "no file changed");
}

#[test]
fn finding_aal_2_or_more_shows_only_the_rows_that_match() {
    let sb = Sandbox::new();
    listed(
        &sb,
        vec![
            ("Tax e-filing", "Revenue", income_tax()),
            ("Library newsletter", "National Library", newsletter()),
            (
                "Water queue",
                "Waterworks",
                answers(&[("service.group", choice("enhanced"))]),
            ),
        ],
    );
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_for("every row", |s| {
        let t = s.contents();
        t.contains("Services 1/3") && t.contains("Library newsletter") && t.contains("Water queue")
    });
    pty.send_str("/aal>=2");
    // The rows follow the filter as it is typed; the title says it.
    pty.wait_text("Services 1/1 · /aal>=2");
    let screen = pty.screen_text();
    // The list pane, the left 46 columns: AAL2 matches; AAL none, and a bound at none, do not.
    let list: String = screen
        .lines()
        .map(|l| l.chars().take(46).collect::<String>() + "\n")
        .collect();
    assert!(list.contains("Tax e-filing"), "{screen}");
    assert!(!list.contains("Library newsletter"), "{screen}");
    assert!(!list.contains("Water queue"), "{screen}");
    // Enter opens the one match.
    pty.send_str("\r");
    pty.wait_for("the match open", |s| {
        let t = s.contents();
        t.contains("▶Questions") && t.contains("Tax e-filing")
    });
    quit(&mut pty);
}

#[test]
fn question_help_shows_its_start_then_scrolls_and_the_highlighted_row_stays() {
    let sb = Sandbox::new();
    listed(
        &sb,
        vec![(
            "Tax e-filing",
            "Revenue",
            at_proofing(matrix_rows(&[("financial", "moderate")])),
        )],
    );
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("Services 1/1");
    pty.send_str("\r");
    // The focused wizard on the proofing matrix, its help from the first words.
    pty.wait_for("the wizard at the matrix, help from its start", |s| {
        let t = s.contents();
        t.contains("▶Questions") && t.contains("impact.proofing") && t.contains("Suppose an")
    });
    let start = pty.screen_text();
    assert!(start.contains('▸'), "the highlighted row shows: {start}");
    // The help is longer than its room at 80×24: its end is not shown yet.
    assert!(!start.contains("consequence."), "{start}");
    // Ctrl-d scrolls the help on; the matrix keeps its highlighted row in view.
    for _ in 0..6 {
        pty.send(b"\x04");
    }
    pty.wait_for("the end of the help", |s| {
        let t = s.contents();
        t.contains("consequence.") && !t.contains("Suppose an")
    });
    let end = pty.screen_text();
    assert!(end.contains('▸'), "the highlighted row still shows: {end}");
    // Ctrl-u brings the start back.
    for _ in 0..6 {
        pty.send(b"\x15");
    }
    pty.wait_text("Suppose an");
    quit(&mut pty);
}

/// The result pane, the columns right of the list's 46.
fn result_pane(s: &vt100::Screen) -> String {
    s.contents()
        .lines()
        .map(|l| l.chars().skip(46).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_result_pane_shows_the_row_the_filter_leaves_highlighted() {
    let sb = Sandbox::new();
    listed(
        &sb,
        vec![
            (
                "Tax e-filing",
                "Revenue",
                answers(&[("service.group", choice("transactional"))]),
            ),
            (
                "Water queue",
                "Waterworks",
                answers(&[("service.group", choice("enhanced"))]),
            ),
        ],
    );
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    // The newest first: the water queue is highlighted and shown.
    pty.wait_for("the highlighted row in the result pane", |s| {
        let r = result_pane(s);
        s.contents().contains("Services 1/2") && r.contains("Water queue")
    });
    pty.send_str("/tax");
    pty.wait_for("the one match shown, the hidden one gone", |s| {
        let r = result_pane(s);
        r.contains("Tax e-filing") && !r.contains("Water queue")
    });
    pty.send_str("zzz");
    pty.wait_for("nothing matches: the pane says so", |s| {
        let r = result_pane(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        r.contains("No service matches the filter") && !r.contains("Tax e-filing")
    });
    pty.send_str("\x1b");
    pty.wait_for("every row back", |s| s.contents().contains("Services 1/2"));
    quit(&mut pty);
}
