//! The real `xal` in a pseudo-terminal, as a person uses it: keys typed, the screen read through
//! a vt100 parser, the files on disk checked afterwards. Every wait polls the parsed screen
//! (5 ms steps, 30 s at most, the screen printed on failure); nothing sleeps a fixed time.
//!
//! Each test has its own sandbox (data dir, empty config dir, fake home and XDG folders) and
//! the child gets only that environment (`env_clear`), with `LANG=C.UTF-8`.
//!
//! The panic test uses the program's one test hook: `XAL_TEST_PANIC=1` makes the first key
//! panic (`src/tui/run.rs`, `panic_if_asked`).

use crate::support;

use std::time::Duration;

use support::*;
use xal::ruleset::registry::Registry;

const Q: Duration = Duration::from_secs(30);

fn table(path: &std::path::Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()))
}

fn get<'a>(t: &'a toml::Table, dotted: &[&str]) -> &'a toml::Value {
    let mut v = t
        .get(dotted[0])
        .unwrap_or_else(|| panic!("no {}", dotted[0]));
    for k in &dotted[1..] {
        v = v
            .get(k)
            .unwrap_or_else(|| panic!("no {k} in {dotted:?}: {t:#?}"));
    }
    v
}

fn s<'a>(t: &'a toml::Table, dotted: &[&str]) -> &'a str {
    get(t, dotted)
        .as_str()
        .unwrap_or_else(|| panic!("{dotted:?} is not a string"))
}

/// One assessment, the income-tax case, already on disk.
fn with_income_tax(sb: &Sandbox) {
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์",
        "กรมสรรพากร",
        income_tax(),
        at(0),
    );
}

/// The income-tax case on disk, xal started on it at `cols`×`rows` and the case opened in the
/// wizard.
fn open_income_tax(sb: &Sandbox, lang: &str, first: &str, cols: u16, rows: u16) -> Pty {
    with_income_tax(sb);
    let mut pty = Pty::xal(sb, &["--lang", lang], &[], cols, rows);
    pty.wait_text(first);
    pty.send_str("\r");
    pty.wait_text("service.group");
    pty
}

/// `q`, and the program ends well within `within`.
fn quit(pty: &mut Pty, within: Duration) {
    pty.send_str("q");
    let (status, _) = pty.wait_exit(within);
    assert!(status.success(), "{status:?}");
}

/// The panes' right border stands in column `col` on rows 2 to `bottom` (exclusive).
fn right_border_at(s: &vt100::Screen, col: u16, bottom: u16) -> bool {
    // A scrollbar's thumb stands in a pane's right edge.
    (2..bottom).all(|r| {
        s.cell(r, col)
            .is_some_and(|c| matches!(c.contents(), "│" | "┃"))
    })
}

/// The program left the alternate screen, shows the cursor and the tty is cooked again.
fn assert_restored(pty: &mut Pty) {
    pty.wait_for("the main screen back, cursor shown", |s| {
        !s.alternate_screen() && !s.hide_cursor()
    });
    assert!(pty.cooked(), "the terminal is still in raw mode");
    let raw = pty.raw_bytes();
    let entered = rfind(&raw, b"\x1b[?1049h").expect("the alternate screen was used");
    let left = rfind(&raw, b"\x1b[?1049l").expect("the alternate screen was left");
    assert!(
        left > entered,
        "the last alternate-screen sequence enters it"
    );
}

#[test]
fn create_answer_every_question_and_find_the_file() {
    let sb = Sandbox::new();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 120, 40);
    pty.wait_text("No services yet");
    pty.send_str("n");
    pty.wait_text("New service");
    let name = "ยื่นภาษีเงินได้ออนไลน์ (น้ำ ผู้ ที่)";
    pty.send_str(name);
    pty.send_str("\r");
    pty.wait_text("service.group");
    // Transactional, personal information needed, validated.
    pty.send_str("3");
    pty.wait_text("pi.needed");
    pty.send_str("1");
    pty.wait_text("pi.validated");
    pty.send_str("1");
    pty.wait_text("impact.proofing");
    // reputation, financial, programs, sensitive: moderate; safety: none; civil: moderate.
    pty.send_str("333313");
    pty.wait_text("auth.needed");
    pty.send_str("1");
    pty.wait_text("impact.auth");
    // The same impacts for authentication, then on to the next question.
    pty.send_str("c");
    pty.wait_text("Copied the proofing impacts");
    pty.send_str("]");
    pty.wait_text("pi.accessible");
    pty.send_str("1");
    // The last answer: the summary, with the levels and what to do next.
    pty.wait_for("the summary", |s| {
        let t = s.contents();
        t.contains("Every question is answered") && t.contains("IAL2.1") && t.contains("x export")
    });
    pty.send_str("q");
    pty.wait_for("the result IAL2.1, AAL2, complete", |s| {
        let t = s.contents();
        !t.contains("Every question is answered")
            && t.contains("IAL  IAL2.1 ")
            && t.contains("AAL  AAL2 ")
            && t.contains("✓ complete")
    });
    quit(&mut pty, Q);
    assert_restored(&mut pty);

    let files = toml_files(&sb.assessments_dir());
    assert_eq!(files.len(), 1, "{files:?}");
    let t = table(&files[0]);
    assert_eq!(s(&t, &["service", "name"]), name);
    assert_eq!(s(&t, &["ruleset", "id"]), "dgs-1-2-2564");
    for (q, a) in [
        ("service.group", "transactional"),
        ("pi.needed", "yes"),
        ("pi.validated", "yes"),
        ("auth.needed", "yes"),
        ("pi.accessible", "yes"),
    ] {
        assert_eq!(s(&t, &["answers", q]), a, "{q}");
    }
    for m in ["impact.proofing", "impact.auth"] {
        for (cat, level) in [
            ("reputation", "moderate"),
            ("financial", "moderate"),
            ("programs", "moderate"),
            ("sensitive", "moderate"),
            ("safety", "none"),
            ("civil", "moderate"),
        ] {
            assert_eq!(s(&t, &["answers", m, cat]), level, "{m}.{cat}");
        }
    }
    assert_eq!(s(&t, &["result", "ial"]), "IAL2.1");
    assert_eq!(s(&t, &["result", "aal"]), "AAL2");
    assert_eq!(get(&t, &["result", "complete"]).as_bool(), Some(true));
}

#[test]
fn capital_l_switches_the_language() {
    let sb = Sandbox::new();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("No services yet");
    pty.send_str("L");
    pty.wait_for("Thai", |s| {
        let t = s.contents();
        t.contains("ยังไม่มีบริการ") && t.contains("บริการ (0)") && !t.contains("No services")
    });
    pty.send_str("L");
    pty.wait_for("English again", |s| {
        let t = s.contents();
        t.contains("No services yet") && !t.contains("ยังไม่มีบริการ")
    });
    quit(&mut pty, Q);
}

#[test]
fn a_corrupt_file_is_shown_with_its_place_and_left_unchanged() {
    let sb = Sandbox::new();
    let path = write_broken(&sb.assessments_dir(), "broken.toml");
    let before = std::fs::read(&path).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_for("the broken file in the list with line:column", |s| {
        let t = s.contents();
        t.contains("! broken.toml") && t.contains("3:9 TOML syntax")
    });
    // Selected (broken files sort first) and opened: shown, never opened for editing.
    pty.send_str("\r");
    pty.wait_text("Enter close");
    pty.send_str("\x1b");
    // The message closes; the result pane still shows where the file is broken.
    pty.wait_for("the message closed", |s| {
        !s.contents().contains("Enter close") && s.contents().contains("broken.toml:3:9")
    });
    // Keys that would change an open assessment do nothing to it; `e` on a broken file
    // offers no form for it.
    // (No Esc right before `q`: ESC and a key in one read are Alt-key.)
    pty.send_str("1e");
    quit(&mut pty, Q);
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file changed");
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
    assert_eq!(toml_files(&sb.assessments_dir()), vec![path]);
}

#[test]
fn sighup_while_answering_keeps_the_answers_and_ends() {
    let sb = Sandbox::new();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("No services yet");
    pty.send_str("nHang-up test\r");
    pty.wait_text("service.group");
    pty.send_str("31");
    pty.wait_text("pi.validated");
    // A note being typed, not yet saved with Enter.
    pty.send_str("Nasked the legal team");
    pty.wait_text("asked the legal team");
    pty.signal(libc::SIGHUP);
    let (status, took) = pty.wait_exit(Q);
    eprintln!("gone {took:?} after SIGHUP");
    assert_eq!(
        status.exit_code(),
        128 + 1,
        "128 + SIGHUP, as a shell reports it"
    );
    let files = toml_files(&sb.assessments_dir());
    assert_eq!(files.len(), 1, "{files:?}");
    let t = table(&files[0]);
    assert_eq!(s(&t, &["answers", "service.group"]), "transactional");
    assert_eq!(s(&t, &["answers", "pi.needed"]), "yes");
    assert_eq!(s(&t, &["notes", "pi.validated"]), "asked the legal team");
}

#[test]
fn sigterm_leaves_the_alternate_screen() {
    let sb = Sandbox::new();
    let mut pty = open_income_tax(&sb, "th", "กรมสรรพากร", 80, 24);
    pty.signal(libc::SIGTERM);
    let (status, took) = pty.wait_exit(Q);
    eprintln!("gone {took:?} after SIGTERM");
    assert_eq!(status.exit_code(), 128 + 15, "128 + SIGTERM");
    assert_restored(&mut pty);
    // Nothing but showing the cursor follows leaving the alternate screen.
    let raw = pty.raw_bytes();
    let left = rfind(&raw, b"\x1b[?1049l").unwrap();
    let tail = &raw[left..];
    assert!(
        tail.len() <= 32,
        "after leaving: {:?}",
        String::from_utf8_lossy(tail)
    );
    assert!(
        !tail[8..].contains(&b'\xe0'),
        "text drawn after leaving: {tail:?}"
    );
}

#[test]
fn a_panic_gives_the_terminal_back_before_the_message() {
    let sb = Sandbox::new();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[("XAL_TEST_PANIC", "1")], 80, 24);
    pty.wait_for("the first frame", |s| {
        s.alternate_screen() && s.contents().contains("No services yet")
    });
    pty.send_str("j");
    let (status, _) = pty.wait_exit(Q);
    assert!(!status.success(), "a panic exits with a failure");
    assert_restored(&mut pty);
    pty.wait_text("XAL_TEST_PANIC=1: panicking on a key");
}

#[test]
fn no_color_writes_no_colour_codes() {
    let run = |env: &[(&str, &str)]| -> Vec<u8> {
        let sb = Sandbox::new();
        with_income_tax(&sb);
        write_broken(&sb.assessments_dir(), "broken.toml");
        let mut pty = Pty::xal(&sb, &["--lang", "en"], env, 120, 40);
        pty.wait_text("! broken.toml");
        // The list, the wizard on a matrix with decisive rows, the result, help, a dialog.
        pty.send_str("j\r");
        pty.wait_text("service.group");
        pty.send_str("]]]");
        pty.wait_text("★");
        pty.send_str("?");
        pty.wait_text("Keys — Esc");
        pty.send_str("\x1b");
        pty.wait_for("the help closed", |s| !s.contents().contains("Keys — Esc"));
        quit(&mut pty, Q);
        pty.raw_bytes()
    };
    let colours = |raw: &[u8]| -> Vec<Vec<u16>> {
        sgr_params(raw)
            .into_iter()
            .filter(|p| p.iter().any(|&n| is_colour_param(n)))
            .collect()
    };
    let plain = run(&[("NO_COLOR", "1")]);
    assert!(
        !sgr_params(&plain).is_empty(),
        "no SGR at all: bold and reverse expected"
    );
    assert_eq!(colours(&plain), Vec::<Vec<u16>>::new());
    // The same screens without NO_COLOR do use colour: the scan sees it.
    assert!(!colours(&run(&[])).is_empty());
}

#[test]
fn a_resize_to_20x6_and_back_does_not_crash() {
    let sb = Sandbox::new();
    let mut pty = open_income_tax(&sb, "en", "Services 1/1", 80, 24);
    pty.resize(20, 6);
    pty.wait_for("the too-small message", |s| {
        s.contents().contains("Terminal too small") && !s.contents().contains("service.group")
    });
    pty.resize(80, 24);
    pty.wait_for("the panes again", |s| {
        let t = s.contents();
        t.contains("service.group") && t.contains("Result") && right_border_at(s, 79, 22)
    });
    quit(&mut pty, Duration::from_secs(5));
    assert_restored(&mut pty);
}

/// crossterm's event source is edge-triggered: when SIGWINCH and a key are ready in the same
/// poll it returns the resize and drops the tty's readiness, so the key would wait for the next
/// one. The input thread drains crossterm as soon as the signal lands (src/tui/terminal.rs,
/// `WinchPipe`), so the very first key after a resize is read at once.
#[test]
fn the_first_key_after_a_resize_is_handled() {
    let sb = Sandbox::new();
    let mut pty = open_income_tax(&sb, "en", "Services 1/1", 80, 24);
    pty.resize(100, 30);
    pty.wait_for("the wider frame", |s| right_border_at(s, 99, 28));
    pty.resize(80, 24);
    pty.wait_for("the frame at 80 columns", |s| right_border_at(s, 79, 22));
    quit(&mut pty, Duration::from_secs(5));
}

/// The list comes first from the index, and a check of every file follows in the background:
/// a file edited and a file added while xal was closed show up without a key.
#[test]
fn files_changed_while_closed_show_up_after_the_background_check() {
    let sb = Sandbox::new();
    with_income_tax(&sb);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 100, 30);
    pty.wait_text("Services 1/1");
    quit(&mut pty, Q);

    let file = toml_files(&sb.assessments_dir()).remove(0);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์", "Edited outside xal");
    assert_ne!(edited, text);
    std::fs::write(&file, &edited).unwrap();
    dgs(
        &sb.store(),
        &Registry::builtin(),
        "Added outside xal",
        "กรมทดสอบ",
        income_tax(),
        at(5),
    );

    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 100, 30);
    pty.wait_for("both files as they are now", |s| {
        let t = s.contents();
        t.contains("/2 ─") && t.contains("Edited outside xal") && t.contains("Added outside")
    });
    quit(&mut pty, Q);
    // Listing never writes an assessment.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
}

/// The form being typed when a signal comes: with a name it is saved; without one it is kept
/// as a draft, and the next start offers it back.
#[test]
fn a_signal_keeps_the_form_being_typed() {
    let sb = Sandbox::new();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("No services yet");
    pty.send_str("nSignal-proof service\tLand Department");
    pty.wait_text("Land Department");
    pty.signal(libc::SIGTERM);
    let (status, _) = pty.wait_exit(Q);
    assert_eq!(status.exit_code(), 128 + 15);
    let files = toml_files(&sb.assessments_dir());
    assert_eq!(files.len(), 1, "the form was saved: {files:?}");
    let t = table(&files[0]);
    assert_eq!(s(&t, &["service", "name"]), "Signal-proof service");
    assert_eq!(s(&t, &["service", "agency"]), "Land Department");

    // No name yet: nothing can be created, so the form waits for the next start.
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    // The saved one is open again, as it was left; back to the list for a new one.
    pty.wait_text("service.group");
    pty.send_str("\x1b");
    pty.wait_text("▶Services");
    pty.send_str("n\tHalf-typed agency");
    pty.wait_text("Half-typed agency");
    pty.signal(libc::SIGINT);
    let (status, _) = pty.wait_exit(Q);
    assert_eq!(status.exit_code(), 128 + 2);
    assert_eq!(
        toml_files(&sb.assessments_dir()).len(),
        1,
        "nothing created"
    );
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("The form left open");
    pty.wait_text("Half-typed agency");
    // Dropping it drops the draft: the next start opens on the list.
    pty.send_str("\x1b");
    pty.wait_for("the form closed", |s| {
        !s.contents().contains("Half-typed agency")
    });
    quit(&mut pty, Q);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("Signal-proof service");
    assert!(!pty.screen_text().contains("Half-typed"));
    quit(&mut pty, Q);
}

/// Changes made while another program's version of the file waits for a choice are not lost
/// when a signal ends xal: they go to a copy, the log says so, and so does the next start.
#[test]
fn a_signal_under_a_pending_conflict_keeps_the_changes_as_a_copy() {
    let sb = Sandbox::new();
    let mut pty = open_income_tax(&sb, "en", "กรมสรรพากร", 100, 30);
    let files = toml_files(&sb.assessments_dir());
    let file = &files[0];
    // Someone else saves the file meanwhile.
    let text = std::fs::read_to_string(file).unwrap();
    std::fs::write(file, text.replace("กรมสรรพากร", "Revenue Dept (elsewhere)")).unwrap();
    pty.send_str("1");
    pty.wait_text("The file changed on disk");
    pty.signal(libc::SIGTERM);
    let (status, _) = pty.wait_exit(Q);
    assert_eq!(status.exit_code(), 128 + 15);
    let files = toml_files(&sb.assessments_dir());
    assert_eq!(files.len(), 2, "the original and the copy: {files:?}");
    let agencies: Vec<String> = files
        .iter()
        .map(|f| s(&table(f), &["service", "agency"]).to_string())
        .collect();
    assert!(
        agencies.contains(&"Revenue Dept (elsewhere)".to_string()),
        "{agencies:?}"
    );
    let copy = files
        .iter()
        .find(|f| s(&table(f), &["answers", "service.group"]) == "emerging")
        .expect("the copy holds the answer made here");
    let log = std::fs::read_to_string(sb.data_dir().join("xal.log")).unwrap();
    assert!(log.contains("kept as"), "{log}");
    let copy_id = copy.file_stem().unwrap().to_string_lossy().into_owned();
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 100, 30);
    pty.wait_text("Kept as a copy");
    pty.wait_text(&copy_id[..10]);
    pty.send_str("\r");
    pty.wait_for("the message closed", |s| {
        !s.contents().contains("Kept as a copy")
    });
    quit(&mut pty, Q);
}

/// A file that does not parse can be read in the editor and put in the trash; the keys that
/// need its contents say why they do nothing.
#[test]
fn a_broken_file_opens_in_the_editor_and_goes_to_the_trash() {
    let sb = Sandbox::new();
    let broken = write_broken(&sb.assessments_dir(), "broken.toml");
    let other = write_broken(&sb.assessments_dir(), "other.toml");
    // An "editor" that mends the file the way a person would.
    let editor = sb.root.path().join("mend.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nsed 's/^id = .*/id = \"broken\"/' {} > \"$1\"\n",
            std::path::Path::new("tests/data/assessments")
                .canonicalize()
                .unwrap()
                .join("01JDQ4Y7V8KX0M5T3ZB2N6C9RA.toml")
                .display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let editor = editor.display().to_string();
    let mut pty = Pty::xal(
        &sb,
        &["--lang", "en"],
        &[("EDITOR", editor.as_str())],
        100,
        30,
    );
    pty.wait_text("! broken.toml");
    pty.send_str("e");
    pty.wait_text("This file does not parse");
    pty.send_str("E");
    // Back from the editor, the file is read again: listed by its service's name.
    pty.wait_for("the mended file listed", |s| {
        s.alternate_screen() && s.contents().contains("ยื่นแบบภาษีเงินได้")
    });
    assert!(!pty.screen_text().contains("! broken.toml"));
    let mended = std::fs::read_to_string(&broken).unwrap();
    assert!(
        xal::store::parse_assessment(&broken, &mended).is_ok(),
        "mended: {mended}"
    );
    pty.wait_text("! other.toml");
    pty.send_str("gd");
    pty.wait_text("Delete this service?");
    pty.send_str("y");
    // Gone from the list (the footer says where it went).
    pty.wait_for("the broken file gone", |s| {
        let t = s.contents();
        !t.contains("! other.toml")
            && t.contains("Moved to the trash — u to undo, T to restore others: «other.toml»")
    });
    quit(&mut pty, Q);
    assert!(!other.exists());
    assert!(sb.data_dir().join("trash/other.toml").exists());
}
