//! Live from disk, through the real `xal` in a pseudo-terminal at 80×24: what another program
//! changes under the data dir (an editor, `git pull`, a colleague's `xal sync` elsewhere)
//! shows without a restart, and is never written over.

use crate::support;

use std::path::Path;
use std::time::Duration;

use support::*;
use xal::ruleset::registry::Registry;

const Q: Duration = Duration::from_secs(30);

/// Replaces `path` the way an editor or git does: a new file renamed over it.
fn replace(path: &Path, text: &str) {
    let tmp = path.with_extension("swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn water(sb: &Sandbox) -> std::path::PathBuf {
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "Water queue",
        "Waterworks",
        answers(&[("service.group", choice("enhanced"))]),
        at(5),
    )
    .path
}

#[test]
fn an_assessment_made_elsewhere_joins_the_list() {
    let sb = Sandbox::new();
    water(&sb);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("Services 1/1");
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "Land tax",
        "Treasury",
        income_tax(),
        at(10),
    );
    pty.wait_for("the new one listed", |s| {
        let t = s.contents();
        t.contains("Land tax") && t.contains("/2")
    });
    pty.send_str("q");
    assert!(pty.wait_exit(Q).0.success());
}

#[test]
fn the_open_assessment_changed_elsewhere_shows_as_it_is_and_is_not_written_over() {
    let sb = Sandbox::new();
    let path = water(&sb);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("Services 1/1");
    pty.send_str("\r");
    // Open in the wizard (the preview names pi.needed too, as missing).
    pty.wait_for("the wizard on pi.needed", |s| {
        let t = s.contents();
        t.contains("▶Questions") && t.contains("1 answered")
    });
    let before = std::fs::read_to_string(&path).unwrap();
    let theirs = before.replace(
        "\"service.group\" = \"enhanced\"\n",
        "\"service.group\" = \"enhanced\"\n\"pi.needed\" = \"no\"\n",
    );
    assert_ne!(theirs, before, "the fixture has the answer to change");
    replace(&path, &theirs);
    pty.wait_text("Changed by another program, shown as it is now");
    // Still on the question it was at.
    let screen = pty.screen_text();
    assert!(
        screen.contains("Water queue") && screen.contains("pi.needed"),
        "{}",
        pty.dump()
    );
    pty.send_str("q");
    assert!(pty.wait_exit(Q).0.success());
    // Nothing typed here: their file stands as they wrote it.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
}
