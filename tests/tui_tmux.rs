//! The Thai screen read back through an independent terminal: tmux, which measures characters
//! with the C library's `wcwidth` (xal, ratatui and vt100 share `unicode-width`). The borders of
//! the panes must stand in the same columns on every row *as tmux holds them*: tmux reports
//! where each border cell is (`support::tmux`), nothing is re-measured or padded here, so a row
//! with a cell too few or too many before a border fails.
//!
//! Needs tmux: under CI a missing tmux fails the test, elsewhere the test says it was skipped.
//! tmux runs its own server (`-L <unique>`, `-f /dev/null`, its socket under the test's
//! sandbox), killed at the end. That the check itself can fail is shown in `support_check.rs`.

use crate::support;

use support::tmux::{BORDERS, Tmux, boxes_line_up, env_command};
use support::*;
use xal::ruleset::registry::Registry;

const W: u16 = 80;
const H: u16 = 24;

#[test]
fn a_thai_screen_stands_straight_in_tmux() {
    let sb = Sandbox::new();
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "จองคิวขอใช้น้ำประปาที่บ้านผู้สูงอายุ",
        "การประปานครหลวง",
        at_proofing(matrix_rows(&[
            ("reputation", "moderate"),
            ("financial", "low"),
            ("programs", "high"),
        ])),
        at(0),
    );
    // `env -i` with the sandbox's environment, tmux's terminal type, then xal.
    let mut env = sb.child_env("C.UTF-8");
    env.retain(|(k, _)| k != "TERM");
    env.push(("TERM".into(), "tmux-256color".into()));
    let data = sb.data_dir().display().to_string();
    let command = env_command(&env, &xal_bin(), &["--lang", "th", "--data-dir", &data]);
    let Some(tmux) = Tmux::start(sb.root.path(), W, H, &command) else {
        return;
    };
    // The agency may be cut with … at 80 columns (the list shows every target's column).
    // IAL3 is the top of its scale, final already; AAL, still open, a lower bound (`none`,
    // said in Thai by the first words of its name).
    tmux.wait_for("the list", |s| {
        s.contains("การประป") && s.contains(" IAL3 ≥ไม่ต้อง")
    });
    tmux.send_keys(&["Enter"]);
    // The wizard on the proofing matrix, the result beside it, the last cell drawn.
    tmux.wait_for("the wizard on the matrix", |s| {
        s.contains("impact.proofing") && s.contains("ผลการประเมิน") && s.contains("q ออก")
    });
    let grid = tmux.cells(&BORDERS);
    let screen = tmux.capture();
    assert_eq!(screen.lines().count(), usize::from(H), "{screen}");

    // Row 0 is the header, row 1 the top border, rows 2..=21 the panes' insides, row 22 the
    // bottom border, row 23 the keys: two panes side by side at 80 columns.
    let edges = boxes_line_up(&grid, usize::from(W), 1, 22)
        .unwrap_or_else(|e| panic!("the panes do not stand straight in tmux: {e}\n{screen}"));
    assert_eq!(edges.len(), 4, "two panes: {edges:?}\n{screen}");
    assert_eq!(edges[3], usize::from(W) - 1, "{screen}");

    // Thai with SARA AM and stacked marks is on the screen, inside the panes.
    for word in ["ประปา", "ผลกระทบ", "ที่", "ผู้"] {
        assert!(screen.contains(word), "{word} not shown:\n{screen}");
    }
    tmux.send_keys(&["q"]);
    tmux.wait_ended("xal");
}
