//! Export and compare from the interface, as a person does it: the real binary in a
//! pseudo-terminal, keys typed, the screen read through a vt100 parser.

use crate::support;

use std::time::Duration;

use support::*;

/// Closes a reading box with Enter and waits until its title is gone.
fn close(pty: &mut Pty, title: &str) {
    pty.send_str("\r");
    pty.wait_for(&format!("{title} to close"), |s| {
        !s.contents().contains(title)
    });
}

#[test]
fn export_and_compare_from_the_interface() {
    let sb = Sandbox::new();
    let assessments = sb.assessments_dir();
    std::fs::create_dir_all(&assessments).unwrap();
    std::fs::copy(
        "tests/data/assessments/01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml",
        assessments.join("01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml"),
    )
    .unwrap();
    let mut s = Pty::xal(&sb, &[], &[], 100, 30);
    s.wait_text("Services 1/1");
    s.send_str("\r");
    s.wait_text("Questions");
    s.send_str("\t");
    s.wait_text("Result");

    // Export: `x`, the format typed into the picker's filter, and the path written is on the
    // screen.
    s.send_str("x");
    s.wait_text("Export a report");
    s.send_str("markdown");
    s.wait_text("› markdown");
    s.send_str("\r");
    s.wait_text("Exported");
    // Named by the service (and the id's end): found by name in a file manager.
    let path = sb
        .data_dir()
        .join("exports/ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์-N6C9RA-en.md");
    s.wait_text("N6C9RA-en.md");
    let report = std::fs::read_to_string(&path).unwrap();
    assert!(report.contains("ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"), "{report}");
    assert!(report.contains("IAL2.1"), "{report}");
    close(&mut s, "Exported");

    // Compare: re-evaluate under NIST 800-63-3; levels are labelled with their ruleset.
    s.send_str("C");
    s.wait_text("Compare with");
    s.send_str("800-63-3");
    s.wait_for("the one re-evaluation left", |s| {
        let t = s.contents();
        t.contains("› 800-63-3")
            && t.contains("re-evaluate under nist-800-63-3")
            && !t.contains("re-evaluate under nist-800-63-4")
    });
    s.send_str("\r");
    s.wait_text("Re-evaluation");
    s.wait_text("nist-800-63-3:IAL2");
    s.wait_text("dgs-1-2-2564:IAL2.1");
    close(&mut s, "Re-evaluation");

    // What would change the level.
    s.send_str("w");
    s.wait_text("What would change the level: choose a level");
    s.send_str("\r");
    s.wait_text("would raise IAL to IAL3");
    close(&mut s, "What would change the level");
    s.send_str("q");
    let (status, _) = s.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
}
