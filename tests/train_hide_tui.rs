//! `--hide-result` in the interface, in a pseudo-terminal: a trainee with a complete, correct
//! answer sees no level in the list or the result pane, no ★, and `w` opens nothing.

mod support;

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
    pty.wait_text("The result is hidden");
    assert_eq!(leaks(&pty.screen_text()), None, "{}", pty.dump());
    // Through the questions: no star on a deciding answer.
    for _ in 0..4 {
        pty.send_str("\x1b[B");
    }
    pty.send_str("w");
    pty.send_str("\x1b[B");
    pty.wait_text("The result is hidden");
    assert_eq!(leaks(&pty.screen_text()), None, "{}", pty.dump());
    assert!(!pty.screen_text().contains("would"), "{}", pty.dump());
}
