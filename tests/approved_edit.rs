//! Issue 22, in the real `xal` in a pseudo-terminal: one key on an approved assessment asks
//! first and says the approval goes void; no (or Esc) leaves the file byte for byte as it was,
//! yes makes the change and the result pane shows the approval void.

use crate::support;

use std::time::Duration;

use support::cli::xal;
use support::*;
use xal::ruleset::registry::Registry;

const Q: Duration = Duration::from_secs(30);

/// A complete assessment, approved (unsigned: it holds, there being no allowed_signers).
fn approved(sb: &Sandbox) -> std::path::PathBuf {
    let reg = Registry::builtin();
    let l = dgs(
        &sb.store(),
        &reg,
        "Tax e-filing",
        "Revenue Department",
        income_tax(),
        at(10),
    );
    let out = xal(
        &sb.data_dir(),
        &[
            "approve",
            &l.assessment.id,
            "--by",
            "Somchai K.",
            "--role",
            "CIO",
            "--no-sign",
        ],
    );
    support::cli::assert_ok(&out);
    l.path
}

fn quit(pty: &mut Pty) {
    pty.send_str("q");
    let (status, _) = pty.wait_exit(Q);
    assert!(status.success(), "{status:?}");
}

/// The dialog's text, its lines joined (it wraps inside its box, 60×9 in the middle).
fn dialog(s: &vt100::Screen) -> String {
    let (rows, cols) = s.size();
    let (rows, cols) = (rows.get(), cols.get());
    let (w, h) = (60.min(cols - 2), 9.min(rows - 2));
    let (x, y) = ((cols - w) / 2, (rows - h) / 2);
    s.rows(x + 1, w - 2)
        .skip(usize::from(y) + 1)
        .take(usize::from(h) - 2)
        .map(|r| r.trim().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

const ASKS: &str = "This assessment is approved by Somchai K. (CIO) on";
const VOIDS: &str = "Changing it voids the approval: it will need to be approved again. Change it?";

/// Presses `2` on the first question (a change: it is answered 3) and waits for the question.
fn ask(pty: &mut Pty) {
    pty.send_str("2");
    pty.wait_for("the question", |s| {
        let d = dialog(s);
        d.contains(ASKS) && d.contains(VOIDS) && s.contents().contains("Change an approved")
    });
}

fn journey(cols: u16, rows: u16) {
    let sb = Sandbox::new();
    let path = approved(&sb);
    let before = std::fs::read(&path).unwrap();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], cols, rows);
    pty.wait_text("Services 1/1");
    pty.send_str("\r");
    pty.wait_text("service.group");
    pty.wait_for("the approval, holding", |s| {
        let t = s.contents();
        t.contains("approved by Somchai K.") && !t.contains("approval void")
    });

    // No, then Esc: nothing written, the answer as it was.
    for cancel in ["n", "\x1b"] {
        ask(&mut pty);
        pty.send_str(cancel);
        pty.wait_for("the dialog closed", |s| !dialog(s).contains(ASKS));
        pty.wait_for("the answer as it was", |s| {
            s.contents().contains("3 ● Transactional")
        });
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{cancel:?}: untouched"
        );
    }
    // A moment for a save that should not come: still untouched, still approved.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!pty.screen_text().contains("approval void"));

    // Yes: the change is made and written, and the approval shows void.
    ask(&mut pty);
    pty.send_str("y");
    pty.wait_for("the change written", |_| {
        std::fs::read(&path).unwrap() != before
    });
    pty.wait_for("the approval void", |s| {
        let t = s.contents();
        t.contains("approval void") && !dialog(s).contains(ASKS)
    });
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"enhanced\""), "{text}");
    assert!(text.contains("Somchai K."), "the sign-off is kept");

    // Later changes do not ask again.
    pty.send_str("[");
    pty.send_str("1");
    pty.wait_for("the next change, written without asking", |_| {
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"emerging\"")
    });
    assert!(!dialog(pty.parser.lock().unwrap().screen()).contains(ASKS));
    quit(&mut pty);
}

#[test]
fn an_approved_assessment_asks_before_its_first_change() {
    journey(120, 40);
}

#[test]
fn an_approved_assessment_asks_before_its_first_change_at_80x24() {
    journey(80, 24);
}
