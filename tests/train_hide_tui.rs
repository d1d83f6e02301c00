//! `--hide-result` in the interface, in a pseudo-terminal: a trainee with a complete, correct
//! answer sees no level in the list or the result pane, no ★, and `w` is refused.

use crate::support;

use support::cli::{ok, xal};
use support::*;
use xal::train::pack;

#[test]
fn a_hidden_result_shows_no_level_star_or_what_if_in_the_interface() {
    let sb = Sandbox::new();
    let pack_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics");
    ok(&xal(
        &sb.data_dir(),
        &[
            "train",
            "start",
            pack_dir.to_str().unwrap(),
            "--hide-result",
        ],
    ));
    // Every scenario answered as the reference: all complete, all with levels to hide.
    let p = pack::load(&pack_dir).unwrap();
    let store = sb.store();
    for s in &p.scenarios {
        let mut loaded = store.load(&s.assessment.id).unwrap();
        let mut a = loaded.assessment.clone();
        a.answers = s.reference.as_ref().unwrap().answers.clone();
        store.save(&mut loaded, &a).unwrap();
    }
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 120, 40);
    pty.wait_text("กรมสรรพากร");
    let leaks = |s: &str| {
        ["IAL1", "IAL2", "IAL3", "AAL1", "AAL2", "AAL3", "★"]
            .into_iter()
            .find(|l| s.contains(l))
    };
    assert_eq!(leaks(&pty.screen_text()), None, "{}", pty.dump());
    pty.send_str("\r");
    // Open in the wizard (the preview says the result is hidden too).
    pty.wait_for("the wizard", |s| {
        let t = s.contents();
        t.contains("▶Questions") && t.contains("The result is hidden")
    });
    assert_eq!(leaks(&pty.screen_text()), None, "{}", pty.dump());
    // Through the questions: no star on a deciding answer.
    for _ in 0..4 {
        pty.send_str("\x1b[B");
    }
    // `w` is refused, in `xal export`'s words.
    pty.send_str("w");
    pty.wait_text("what-if: the result is hidden");
    assert_eq!(leaks(&pty.screen_text()), None, "{}", pty.dump());
    assert!(!pty.screen_text().contains("Every level"), "{}", pty.dump());
    pty.send_str("\x1b");
    pty.wait_for("the message closed", |s| {
        !s.contents().contains("what-if: the result is hidden")
    });
    // The file holds the levels: `E` says so instead of opening it.
    pty.send_str("E");
    pty.wait_text("The file holds the hidden levels");
    assert_eq!(leaks(&pty.screen_text()), None, "{}", pty.dump());
}

/// Without `--hide-result` a trainee may read the file, but a scenario handed out is answered
/// in the interface: its brief is the trainer's, so `E` does not open it; an assessment of
/// the trainee's own does open.
#[test]
fn a_trainee_does_not_edit_a_scenario_file_by_hand() {
    let sb = Sandbox::new();
    let pack_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics");
    ok(&xal(
        &sb.data_dir(),
        &["train", "start", pack_dir.to_str().unwrap()],
    ));
    let own = std::fs::read_to_string("tests/data/assessments/01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml")
        .unwrap()
        .replace("ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์", "Own practice service")
        .replace("01JDQ4Y7V8KX0M5T3ZB2N6C9RA", "01JDQ4Y7V8KX0M5T3ZB2N6C9ZZ");
    std::fs::write(
        sb.assessments_dir().join("01JDQ4Y7V8KX0M5T3ZB2N6C9ZZ.toml"),
        own,
    )
    .unwrap();
    let editor = sb.root.path().join("editor.sh");
    let opened = sb.root.path().join("opened");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let ed = editor.to_str().unwrap();
    let mut pty = Pty::xal(
        &sb,
        &["--lang", "en"],
        &[("VISUAL", ed), ("EDITOR", ed)],
        120,
        40,
    );
    pty.wait_text("Services 1/9");
    // The trainee's own assessment (no `[origin]`, first in the list) opens in the editor as
    // anywhere.
    pty.wait_text("Own practice service");
    pty.send_str("E");
    let start = std::time::Instant::now();
    while !opened.exists() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let got = std::fs::read_to_string(&opened).expect("the editor ran");
    assert!(
        got.trim_end().ends_with("01JDQ4Y7V8KX0M5T3ZB2N6C9ZZ.toml"),
        "{got}"
    );
    // A scenario: refused, and said.
    pty.send_str("j");
    pty.wait_for("the next row", |s| {
        s.contents().lines().nth(4).is_some_and(|l| l.contains('›'))
    });
    pty.send_str("E");
    pty.wait_text("This scenario is the trainer's");
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        got,
        "no editor ran"
    );
    pty.send_str("q");
    let (status, _) = pty.wait_exit(std::time::Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
}
