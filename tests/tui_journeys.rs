//! Journeys through the real `xal` in a pseudo-terminal, as a user works: the preview that
//! follows the highlight, the question index, undo that stays with the open assessment, the
//! trash, and a view that is still there at the next start. Every wait polls the parsed
//! screen; nothing sleeps a fixed time.

use crate::support;

use std::time::Duration;

use support::*;
use xal::ruleset::registry::Registry;

const Q: Duration = Duration::from_secs(30);

/// Two assessments: a complete one (newest, listed first) and one stopped early.
fn two(sb: &Sandbox) -> (std::path::PathBuf, std::path::PathBuf) {
    let reg = Registry::builtin();
    let done = dgs(
        &sb.store(),
        &reg,
        "Tax e-filing",
        "Revenue Department",
        income_tax(),
        at(10),
    );
    let early = dgs(
        &sb.store(),
        &reg,
        "Water queue",
        "Waterworks",
        answers(&[("service.group", choice("enhanced"))]),
        at(5),
    );
    (done.path, early.path)
}

fn quit(pty: &mut Pty) {
    pty.send_str("q");
    let (status, _) = pty.wait_exit(Q);
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_result_pane_follows_the_highlight_without_opening() {
    let sb = Sandbox::new();
    two(&sb);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 120, 40);
    // At start the highlighted one is previewed at once.
    pty.wait_for("the first preview", |s| {
        let t = s.contents();
        t.contains("Services 1/2") && t.contains("IAL  IAL2.1") && t.contains("✓ complete")
    });
    pty.send_str("j");
    pty.wait_for("the second previewed", |s| {
        let t = s.contents();
        t.contains("Services 2/2") && t.contains("… incomplete") && !t.contains("✓ complete")
    });
    // Nothing was opened: the questions still ask for a choice.
    assert!(pty.screen_text().contains("Choose a service in the list"));
    quit(&mut pty);
}

#[test]
fn the_question_index_lists_every_question_and_jumps_to_one() {
    let sb = Sandbox::new();
    two(&sb);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 120, 40);
    pty.wait_text("Services 1/2");
    pty.send_str("\r");
    pty.wait_text("service.group");
    pty.send_str("i");
    pty.wait_for("the index", |s| {
        let t = s.contents();
        t.contains("All questions") && t.contains("impact.auth") && t.contains("pi.accessible")
    });
    // To the authentication matrix, typed into the index's filter, and there.
    pty.send_str("impact.auth");
    pty.wait_for("the matrix alone", |s| {
        let t = s.contents();
        t.contains("› impact.auth") && !t.contains("pi.accessible")
    });
    pty.send_str("\r");
    pty.wait_for("on impact.auth", |s| {
        let t = s.contents();
        !t.contains("All questions") && t.contains("If someone else got into a genuine user's")
    });
    quit(&mut pty);
}

#[test]
fn undo_stays_with_the_open_assessment_and_says_what_it_undid() {
    let sb = Sandbox::new();
    let (_, early) = two(&sb);
    let before = std::fs::read_to_string(&early).unwrap();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 120, 40);
    pty.wait_text("Services 1/2");
    pty.send_str("j\r");
    pty.wait_text("pi.needed");
    pty.send_str("1");
    pty.wait_text("pi.validated");
    // Saved right after the frame that shows it.
    pty.wait_for("the answer saved", |_| {
        std::fs::read_to_string(&early).unwrap() != before
    });
    let answered = std::fs::read_to_string(&early).unwrap();
    // Back to the list (the answered one moved to the top, the highlight with it), onto the
    // other one: undo there would touch a file not in view.
    pty.send_str("\x1b");
    pty.wait_for("the list, on the answered one", |s| {
        let t = s.contents();
        t.contains("▶Services 1/2") && t.contains("›●… Water queue")
    });
    pty.send_str("j");
    pty.wait_text("Services 2/2");
    pty.send_str("u");
    pty.wait_text("Undo works on the open assessment «Water queue»");
    assert_eq!(
        std::fs::read_to_string(&early).unwrap(),
        answered,
        "nothing undone"
    );
    // On it again, undo undoes, and says what.
    pty.send_str("k");
    pty.wait_text("Services 1/2");
    pty.send_str("u");
    pty.wait_text("undone: pi.needed yes → (none)");
    pty.wait_for("the file reverted", |_| {
        !std::fs::read_to_string(&early)
            .unwrap()
            .contains("\"pi.needed\"")
    });
    quit(&mut pty);
}

#[test]
fn a_deleted_assessment_comes_back_from_the_trash() {
    let sb = Sandbox::new();
    let (done, _) = two(&sb);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 120, 40);
    pty.wait_text("Services 1/2");
    pty.send_str("d");
    pty.wait_text("Delete this service?");
    pty.send_str("y");
    pty.wait_for("one left, and the delete said", |s| {
        let t = s.contents();
        t.contains("Services 1/1")
            && t.contains("Moved to the trash — u to undo, T to restore others: «Tax e-filing»")
            && t.matches("Tax e-filing").count() == 1
    });
    assert!(!done.exists());
    pty.send_str("T");
    pty.wait_text("Trash: choose one to restore");
    pty.wait_text("Tax e-filing");
    pty.send_str("\r");
    pty.wait_for("back in the list", |s| {
        let t = s.contents();
        t.contains("Restored «Tax e-filing»") && t.contains("/2 ")
    });
    assert!(done.exists(), "the file is back where it was");
    quit(&mut pty);
}

#[test]
fn the_view_is_as_it_was_left_at_the_next_start() {
    let sb = Sandbox::new();
    two(&sb);
    let mut pty = Pty::xal(&sb, &[], &[("LANG", "C.UTF-8")], 120, 40);
    pty.wait_text("Services 1/2");
    // Thai, sorted by name, the second one open in the questions.
    pty.send_str("L");
    pty.wait_text("บริการ 1/2");
    pty.send_str("s");
    pty.wait_text("เรียงตามชื่อ");
    pty.send_str("j\r");
    pty.wait_text("pi.needed");
    pty.send_str("q");
    pty.wait_exit(Q);
    let state = std::fs::read_to_string(sb.config_dir().join("state.toml")).unwrap();
    assert!(
        state.contains("lang = \"th\"") && state.contains("sort = \"name\""),
        "{state}"
    );

    let mut pty = Pty::xal(&sb, &[], &[("LANG", "C.UTF-8")], 120, 40);
    pty.wait_for("Thai, by name, the same one open", |s| {
        let t = s.contents();
        t.contains("บริการ 2/2") && t.contains("pi.needed") && t.contains("ขณะนี้")
    });
    quit(&mut pty);
}
