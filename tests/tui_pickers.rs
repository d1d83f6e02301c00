//! The pickers (compare, export, questions, trash) filter as they are typed: driven by key
//! presses through the real keymap (`Started::press`, as the main loop does), and once through
//! the real `xal` in an 80×24 pseudo-terminal over a few hundred services.

use crate::support;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::*;
use xal::app::popup::reader::Body;
use xal::app::{App, Popup};
use xal::ruleset::registry::Registry;
use xal::store::Store;
use xal::text::Lang;
use xal::tui::run::{StartOptions, Started, start};
use xal::tui::settings::Flags;

/// Services enough that paging to one would be a chore, each under an agency of its own
/// number; two whose names share a word with others, one in Thai.
fn many(store: &Store, n: usize) {
    let reg = Registry::builtin();
    for i in 0..n {
        dgs(
            store,
            &reg,
            &format!("Permit {i:03}"),
            &format!("Agency {i:03}"),
            answers(&[("service.group", choice("enhanced"))]),
            at(i as i64),
        );
    }
    dgs(
        store,
        &reg,
        "Tax e-filing",
        "Revenue Department",
        income_tax(),
        at(1000),
    );
    dgs(
        store,
        &reg,
        "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์",
        "กรมสรรพากร",
        income_tax(),
        at(1001),
    );
    dgs(
        store,
        &reg,
        "Tax refund",
        "Comptroller General",
        answers(&[("service.group", choice("transactional"))]),
        at(1002),
    );
}

struct Ui {
    s: Started,
    _dir: tempfile::TempDir,
}

impl Ui {
    fn new(fill: impl FnOnce(&Store)) -> Ui {
        let dir = tempfile::tempdir().unwrap();
        fill(&Store::open(dir.path()));
        let mut s = start(&StartOptions {
            data_dir: dir.path().to_path_buf(),
            config_dir: Some(dir.path().join(".config")),
            flags: Flags {
                lang: Lang::En,
                lang_explicit: true,
                ..Flags::default()
            },
            utf8_locale: true,
        });
        s.runner.at_fixed_time(at(2000));
        s.settle();
        Ui { s, _dir: dir }
    }

    fn app(&self) -> &App {
        &self.s.app
    }

    fn press(&mut self, code: KeyCode, mods: KeyModifiers) -> &mut Ui {
        self.s.press(&KeyEvent::new(code, mods));
        self.s.settle();
        self
    }

    fn key(&mut self, code: KeyCode) -> &mut Ui {
        self.press(code, KeyModifiers::NONE)
    }

    fn ctrl(&mut self, c: char) -> &mut Ui {
        self.press(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(&mut self, s: &str) -> &mut Ui {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    /// The newest service (the list's first row) opened, and its compare picker up.
    fn compare_picker(&mut self) -> &mut Ui {
        self.key(KeyCode::Enter);
        assert!(self.app().open.is_some(), "nothing opened");
        self.typed("C");
        assert!(
            matches!(self.app().popup, Some(Popup::Compare(_))),
            "{:?}",
            self.app().popup
        );
        self
    }

    /// The compare picker's filter and the label of each row it lets through.
    fn compare_rows(&self) -> (String, Vec<String>) {
        let Some(Popup::Compare(c)) = &self.app().popup else {
            panic!("no compare picker: {:?}", self.app().popup)
        };
        let rows = c
            .menu
            .shown()
            .iter()
            .map(|&i| c.menu.items[i].label(c.lang))
            .collect();
        (c.menu.query.text().to_string(), rows)
    }

    fn highlighted_label(&self) -> Option<String> {
        let Some(Popup::Compare(c)) = &self.app().popup else {
            return None;
        };
        c.menu.highlighted().map(|i| c.menu.items[i].label(c.lang))
    }

    /// The text of the reader on top (a comparison, a re-evaluation).
    fn reader_text(&self) -> String {
        match &self.app().popup {
            Some(Popup::Reader(r)) => match &r.body {
                Body::Lines(lines) => lines.join("\n"),
                other => panic!("not a text: {other:?}"),
            },
            other => panic!("no reader: {other:?}"),
        }
    }
}

#[test]
fn typing_a_name_and_agency_finds_the_service_among_hundreds_and_enter_compares() {
    let mut ui = Ui::new(|s| many(s, 300));
    ui.compare_picker();
    let (_, all) = ui.compare_rows();
    // 302 other services and the other rulesets, these first.
    assert!(all.len() > 300, "{}", all.len());
    assert!(all[0].starts_with("re-evaluate under "), "{:?}", &all[..3]);
    assert!(all.contains(&"Tax e-filing · Revenue Department — dgs-1-2-2564".to_string()));

    // One word of the name and one of the agency, any case.
    ui.typed("TAX revenue");
    let (query, rows) = ui.compare_rows();
    assert_eq!(query, "TAX revenue");
    assert_eq!(rows, ["Tax e-filing · Revenue Department — dgs-1-2-2564"]);
    ui.key(KeyCode::Enter);
    let text = ui.reader_text();
    assert!(text.contains("Tax e-filing"), "{text}");
    assert!(text.contains("B: "), "a side by side comparison: {text}");
}

#[test]
fn vim_letters_q_and_digits_are_typed_into_the_filter() {
    let mut ui = Ui::new(|s| many(s, 20));
    ui.compare_picker();
    ui.typed("jkq1");
    let (query, rows) = ui.compare_rows();
    assert_eq!(
        query, "jkq1",
        "q did not close the picker and digits picked nothing"
    );
    assert!(rows.is_empty(), "{rows:?}");
    // Nothing matches: Enter does nothing, the picker stays as it was.
    ui.key(KeyCode::Enter);
    assert_eq!(ui.compare_rows(), (query, vec![]));
    // Backspace deletes, Ctrl-u clears, and every row is back.
    ui.key(KeyCode::Backspace);
    assert_eq!(ui.compare_rows().0, "jkq");
    ui.ctrl('u');
    let (query, rows) = ui.compare_rows();
    assert_eq!(query, "");
    assert!(rows.len() > 20);
}

#[test]
fn the_highlight_moves_through_matches_and_stays_on_its_row_while_it_matches() {
    let mut ui = Ui::new(|s| many(s, 20));
    ui.compare_picker();
    ui.typed("permit 01");
    let (_, rows) = ui.compare_rows();
    // Every word anywhere in the row: "01" is in 001 as well as in 010 to 019.
    assert_eq!(rows.len(), 11, "{rows:?}");
    assert!(rows[0].starts_with("Permit 001 "), "{rows:?}");
    assert_eq!(ui.highlighted_label(), Some(rows[0].clone()));
    ui.ctrl('n').ctrl('j').key(KeyCode::Down);
    assert_eq!(ui.highlighted_label(), Some(rows[3].clone()));
    ui.ctrl('p').ctrl('k');
    assert_eq!(ui.highlighted_label(), Some(rows[1].clone()));
    ui.key(KeyCode::End);
    assert_eq!(ui.highlighted_label(), Some(rows[10].clone()));
    ui.key(KeyCode::Home);
    assert_eq!(ui.highlighted_label(), Some(rows[0].clone()));
    ui.ctrl('n').ctrl('n').ctrl('n');
    let on = ui.highlighted_label().unwrap();
    assert!(on.starts_with("Permit 012 "), "{on}");
    // Narrowed to a filter it still matches: it keeps the highlight though it is not first.
    ui.typed(" agency");
    assert_eq!(ui.highlighted_label(), Some(on));
    // Narrowed past it: the first match has it.
    ui.typed(" 015");
    let (_, rows) = ui.compare_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(ui.highlighted_label(), Some(rows[0].clone()));
}

#[test]
fn thai_is_matched_as_typed() {
    let mut ui = Ui::new(|s| many(s, 5));
    ui.compare_picker();
    ui.typed("สรรพากร");
    let (_, rows) = ui.compare_rows();
    assert_eq!(
        rows,
        ["ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์ · กรมสรรพากร — dgs-1-2-2564"]
    );
    ui.key(KeyCode::Enter);
    assert!(ui.reader_text().contains("ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"));
}

#[test]
fn esc_closes_the_picker_even_with_a_filter_typed() {
    let mut ui = Ui::new(|s| many(s, 5));
    ui.compare_picker();
    ui.typed("tax");
    ui.key(KeyCode::Esc);
    assert!(ui.app().popup.is_none(), "{:?}", ui.app().popup);
    // Opened again, it starts unfiltered.
    ui.typed("C");
    assert_eq!(ui.compare_rows().0, "");
}

#[test]
fn a_re_evaluation_is_found_by_its_ruleset() {
    let mut ui = Ui::new(|s| many(s, 5));
    ui.compare_picker();
    ui.typed("nist-800-63-3");
    let (_, rows) = ui.compare_rows();
    assert_eq!(rows, ["re-evaluate under nist-800-63-3"]);
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app().popup, Some(Popup::Reader(_))));
    assert!(ui.reader_text().contains("nist-800-63-3"));
}

#[test]
fn the_export_picker_takes_its_format_by_name() {
    let mut ui = Ui::new(|s| many(s, 1));
    ui.typed("x");
    assert!(matches!(ui.app().popup, Some(Popup::Export(_))));
    ui.typed("json");
    ui.key(KeyCode::Enter);
    let exports = ui.s.app.data_dir.join("exports");
    let written: Vec<String> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        written.len() == 1 && written[0].ends_with(".json"),
        "{written:?}"
    );
}

#[test]
fn the_question_index_jumps_to_a_question_typed_by_its_id() {
    let mut ui = Ui::new(|s| many(s, 1));
    ui.key(KeyCode::Enter);
    ui.typed("i");
    assert!(matches!(ui.app().popup, Some(Popup::QuestionIndex(_))));
    ui.typed("pi.need");
    ui.key(KeyCode::Enter);
    assert!(ui.app().popup.is_none(), "{:?}", ui.app().popup);
    let s = &ui.app().open.as_ref().unwrap().session;
    assert_eq!(s.ruleset.questions[s.cursor.question].id, "pi.needed");
}

#[test]
fn the_trash_picker_restores_the_one_typed() {
    let mut ui = Ui::new(|s| many(s, 3));
    // Two deleted: the newest (Tax refund) and the next (the Thai one).
    for _ in 0..2 {
        ui.typed("d");
        ui.typed("y");
    }
    ui.typed("T");
    assert!(matches!(ui.app().popup, Some(Popup::Trash(_))));
    ui.typed("ภาษี");
    ui.key(KeyCode::Enter);
    assert!(ui.app().popup.is_none(), "{:?}", ui.app().popup);
    let names: Vec<String> = ui
        .app()
        .list
        .entries()
        .iter()
        .filter_map(|e| match e {
            xal::store::ScanEntry::Ok(s) => Some(s.service_name.clone()),
            _ => None,
        })
        .collect();
    assert!(
        names.iter().any(|n| n == "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n == "Tax refund"), "{names:?}");
}

/// The real program at the SSH default size: the picker over 300 services, a part of a name
/// typed, Enter, and the comparison on the screen.
#[test]
fn in_a_terminal_a_typed_name_picks_the_service_to_compare_with() {
    const Q: Duration = Duration::from_secs(30);
    let sb = Sandbox::new();
    many(&sb.store(), 300);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("Services 1/303");
    pty.send_str("\r");
    pty.wait_text("Questions");
    pty.send_str("C");
    pty.wait_for("the compare picker", |s| {
        let t = s.contents();
        t.contains("Compare with") && t.contains("type to filter")
    });
    pty.send_str("e-fil");
    pty.wait_for("one row left", |s| {
        let t = s.contents();
        t.contains("› e-fil") && t.contains("Tax e-filing · Revenue") && !t.contains("Permit")
    });
    pty.send_str("\r");
    pty.wait_for("the comparison", |s| {
        let t = s.contents();
        t.contains("A: ") && t.contains("B: ") && t.contains("Tax e-filing") && t.contains("Levels")
    });
    pty.send_str("\x1b");
    pty.wait_for("the comparison closed", |s| {
        !s.contents().contains("Levels:")
    });
    pty.send_str("q");
    let (status, _) = pty.wait_exit(Q);
    assert!(status.success(), "{status:?}");
}

#[test]
fn in_a_terminal_the_new_service_form_finds_its_ruleset_as_typed() {
    const Q: Duration = Duration::from_secs(30);
    let sb = Sandbox::new();
    many(&sb.store(), 3);
    let mut pty = Pty::xal(&sb, &["--lang", "en"], &[], 80, 24);
    pty.wait_text("Services 1/6");
    pty.send_str("n");
    pty.wait_text("New service");
    pty.send_str("Border pass\t\t\t");
    pty.wait_for("the ruleset's row, its keys named", |s| {
        let t = s.contents();
        t.contains("◂ dgs-1-2-2564") && t.contains("/ find")
    });
    pty.send_str("/");
    pty.wait_text("type to filter");
    pty.send_str("800-63-4");
    pty.wait_for("one ruleset left", |s| {
        let t = s.contents();
        t.contains("▸ nist-800-63-4 2.0.0 — NIST SP 800-63-4")
            && !t.contains("dgs-1-2-2564 1.2.0 —")
    });
    pty.send_str("\r");
    pty.wait_for("back in the form, the pick in it", |s| {
        let t = s.contents();
        t.contains("◂ nist-800-63-4 2.0.0 ▸") && t.contains("Border pass")
    });
    pty.send_str("\r");
    pty.wait_for("made under it and open", |s| {
        let t = s.contents();
        t.contains("▶Questions") && t.contains("nist-800-63-4")
    });
    pty.send_str("q");
    let (status, _) = pty.wait_exit(Q);
    assert!(status.success(), "{status:?}");
}
