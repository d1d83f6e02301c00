//! Every pane and dialog of the interface as drawn on a `TestBackend`, at 80×24 (the SSH
//! default, two panes) and 120×40 (three panes), in Thai and in English, plus checks of the
//! styles on cells (the snapshot text carries no styles).
//!
//! The state is built the way `xal` builds it (`run::start`) over a data dir of fixtures
//! written through the store with fixed timestamps, and driven by key presses through
//! `Started::press`, exactly as the main loop does, with the save the loop makes after a frame.
//!
//! Two things would make snapshots differ from run to run, and are pinned:
//! - The settings: the interface is started with an empty config dir of the test's own and
//!   explicit flags, so nothing is read from the environment.
//! - The data dir, which the header shows. Each test has its own temporary data dir
//!   `/tmp/xal-snap-XXXXXX` (fixed parent, fixed prefix, six random characters); after drawing,
//!   the six random characters in the header are overwritten with `XXXXXX` ([`mask_data_dir`]).

use crate::support;

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::*;
use xal::answers::AnswerSet;
use xal::app::{App, Event, Pane, Popup, Sort};
use xal::ruleset::registry::Registry;
use xal::store::ScanEntry;
use xal::store::Store;
use xal::text::Lang;
use xal::tui::run::{StartOptions, Started, start};
use xal::tui::settings::Flags;

const PREFIX: &str = "/tmp/xal-snap-";
const RAND: usize = 6;

/// A config dir of the test's own, empty at first: no user settings, themes or rulesets, and
/// no view remembered by another test. (Inside the data dir as a dotfile, which no listing
/// shows, so it goes away with it.)
fn test_config(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join(".config")
}

fn options(dir: &std::path::Path, flags: Flags) -> StartOptions {
    StartOptions {
        data_dir: dir.to_path_buf(),
        config_dir: Some(test_config(dir)),
        flags,
        utf8_locale: true,
    }
}

fn flags(lang: Lang) -> Flags {
    Flags {
        lang,
        lang_explicit: true,
        ..Flags::default()
    }
}

/// One interface over its own data dir, drawn on a `TestBackend`.
struct Ui {
    dir: tempfile::TempDir,
    s: Started,
    term: Terminal<TestBackend>,
}

fn data_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("xal-snap-")
        .rand_bytes(RAND)
        .tempdir_in("/tmp")
        .unwrap()
}

fn registry() -> Registry {
    Registry::builtin()
}

impl Ui {
    /// Fixtures are written by `fill` before the app starts.
    fn with(w: u16, h: u16, flags: Flags, fill: impl FnOnce(&Store)) -> Ui {
        let dir = data_dir();
        assert_eq!(dir.path().display().to_string().len(), PREFIX.len() + RAND);
        fill(&Store::open(dir.path()));
        let mut s = start(&options(dir.path(), flags));
        s.runner.at_fixed_time(at(60));
        assert!(
            s.app.popup.is_none(),
            "a dialog at start: {:?}",
            s.app.popup
        );
        s.runner.dispatch(
            &mut s.app,
            Event::Resize {
                width: w,
                height: h,
            },
        );
        // The files the start asked for (the highlighted row's preview) are read.
        s.settle();
        Ui {
            dir,
            s,
            term: Terminal::new(TestBackend::new(w, h)).unwrap(),
        }
    }

    fn new(lang: Lang, w: u16, h: u16, fill: impl FnOnce(&Store)) -> Ui {
        Ui::with(w, h, flags(lang), fill)
    }

    fn app(&self) -> &App {
        &self.s.app
    }

    /// One key, then the save the main loop makes after the frame.
    fn key(&mut self, code: KeyCode) -> &mut Ui {
        self.s.press(&KeyEvent::new(code, KeyModifiers::NONE));
        self.s.save_pending();
        self
    }

    /// Presses each character as a key.
    fn keys(&mut self, s: &str) -> &mut Ui {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    /// A frame as the main loop draws it (then what it measured goes to the app), with the
    /// data dir masked.
    fn draw(&mut self) -> &Buffer {
        let path = self.dir.path().display().to_string();
        loop {
            let (app, view) = (&self.s.app, &mut self.s.view);
            let mut measured = Default::default();
            self.term
                .draw(|f| {
                    measured = view.draw(f, app);
                    mask_data_dir(f.buffer_mut(), &path);
                })
                .unwrap();
            self.s
                .runner
                .dispatch(&mut self.s.app, Event::Measured(measured));
            // As the main loop does: again when the measure moved what is shown.
            if !self.s.app.take_redraw() {
                break;
            }
        }
        self.term.backend().buffer()
    }

    fn snapshot_text(&mut self) -> String {
        self.draw();
        self.term.backend().to_string()
    }
}

/// Overwrites the random part of the data dir in the header with `XXXXXX`.
fn mask_data_dir(buf: &mut Buffer, path: &str) {
    assert!(path.starts_with(PREFIX));
    let width = buf.area.width;
    let prefix: Vec<char> = PREFIX.chars().collect();
    let rand: Vec<char> = path[PREFIX.len()..].chars().collect();
    // The header shows the data dir, and so does a broken file's message in the result pane.
    for y in 0..buf.area.height {
        for x in 0..width.saturating_sub(prefix.len() as u16) {
            let here =
                (0..prefix.len()).all(|k| buf[(x + k as u16, y)].symbol() == prefix[k].to_string());
            if !here {
                continue;
            }
            for (k, c) in rand.iter().enumerate() {
                let pos = (x + (prefix.len() + k) as u16, y);
                if pos.0 < width && buf[pos].symbol() == c.to_string() {
                    buf[pos].set_symbol("X");
                }
            }
        }
    }
}

// ----- fixtures ---------------------------------------------------------------------------------

/// Thai names with SARA AM (น้ำ, ทำ), stacked marks (ที่, ผู้, ปุ่ม) and one English name.
fn a_few(store: &Store) {
    let r = registry();
    dgs(
        store,
        &r,
        "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์",
        "กรมสรรพากร",
        income_tax(),
        at(40),
    );
    dgs(
        store,
        &r,
        "ขอรับเบี้ยยังชีพผู้สูงอายุ",
        "กรมกิจการผู้สูงอายุ",
        answers(&[
            ("service.group", choice("transactional")),
            ("pi.needed", choice("yes")),
        ]),
        at(30),
    );
    dgs(
        store,
        &r,
        "จองคิวขอใช้น้ำประปาที่บ้าน",
        "การประปานครหลวง",
        answers(&[("service.group", choice("enhanced"))]),
        at(20),
    );
    dgs(
        store,
        &r,
        "Library newsletter",
        "National Library",
        newsletter(),
        at(10),
    );
    write_broken(&store.assessments_dir(), "broken.toml");
}

/// One assessment stopped at pi.validated (a choice question): the result says "at least".
fn at_a_choice(store: &Store) {
    dgs(
        store,
        &registry(),
        "ขอรับเบี้ยยังชีพผู้สูงอายุ",
        "กรมกิจการผู้สูงอายุ",
        answers(&[
            ("service.group", choice("transactional")),
            ("pi.needed", choice("yes")),
        ]),
        at(30),
    );
}

/// One assessment in the middle of the impact matrix for proofing.
fn at_a_matrix(store: &Store) {
    dgs(
        store,
        &registry(),
        "จองคิวขอใช้น้ำประปาที่บ้าน",
        "การประปานครหลวง",
        at_proofing(matrix_rows(&[
            ("reputation", "moderate"),
            ("financial", "high"),
        ])),
        at(20),
    );
}

fn complete(store: &Store) {
    dgs(
        store,
        &registry(),
        "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์",
        "กรมสรรพากร",
        income_tax(),
        at(40),
    );
}

/// An 800-63-4 assessment with two user groups.
fn grouped(store: &Store) {
    let m = |l: [&str; 5]| {
        xal::answers::AnswerValue::Matrix(
            ["mission", "trust", "information", "financial", "safety"]
                .iter()
                .zip(l)
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect(),
        )
    };
    let citizens = answers(&[
        ("proofing.needed", choice("yes")),
        ("auth.needed", choice("yes")),
        ("federation.used", choice("no")),
        (
            "impact",
            m(["moderate", "moderate", "moderate", "moderate", "none"]),
        ),
        ("pi.accessible", choice("yes")),
    ]);
    let agents = answers(&[
        ("proofing.needed", choice("yes")),
        (
            "impact",
            m(["moderate", "high", "moderate", "high", "none"]),
        ),
    ]);
    create(
        store,
        &registry(),
        "nist-800-63-4",
        "ยื่นภาษีออนไลน์ (800-63-4)",
        "กรมสรรพากร",
        AnswerSet::Groups(vec![
            group("citizens", "ผู้เสียภาษีที่ยื่นเอง", citizens),
            group("agents", "ตัวแทนผู้ยื่นแทนลูกค้า", agents),
        ]),
        at(50),
    );
}

// ----- snapshots in four sizes and languages ----------------------------------------------------

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Lang; 2] = [Lang::Th, Lang::En];

/// Builds the screen `prepare` leads to in each language and size and snapshots it as
/// `<name>_<lang>_<w>x<h>`.
fn snap_all(name: &str, fill: fn(&Store), prepare: fn(&mut Ui)) {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut ui = Ui::new(lang, w, h, fill);
            prepare(&mut ui);
            let text = ui.snapshot_text();
            assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), text);
        }
    }
}

/// Steps the wizard (`[` back, then `]` on) until it shows question `id`.
fn go_to(ui: &mut Ui, id: &str) {
    let here = |ui: &Ui| {
        let s = &ui
            .app()
            .open
            .as_ref()
            .expect("an assessment is open")
            .session;
        s.ruleset.questions[s.cursor.question].id == id
    };
    for key in ['[', ']'] {
        for _ in 0..12 {
            if here(ui) {
                return;
            }
            ui.keys(&key.to_string());
        }
    }
    assert!(here(ui), "the wizard never reached {id}");
}

/// Opens the first assessment of the list.
fn open_first(ui: &mut Ui) {
    ui.key(KeyCode::Enter);
    assert!(ui.app().open.is_some(), "nothing opened");
}

#[test]
fn empty_list() {
    snap_all("empty_list", |_| {}, |_| {});
}

#[test]
fn list_with_a_broken_file() {
    snap_all("list", a_few, |ui| {
        // The broken file sorts first; select the next row, a Thai name.
        ui.keys("j");
    });
}

/// `a_few` with two 800-63-4 assessments beside the DGS ones: one grouped and complete, one
/// begun with no identity proofing (its label is the widest level of all).
fn mixed(store: &Store) {
    a_few(store);
    grouped(store);
    create(
        store,
        &registry(),
        "nist-800-63-4",
        "Library newsletter (800-63-4)",
        "National Library",
        AnswerSet::Single(answers(&[("proofing.needed", choice("no"))])),
        at(5),
    );
}

/// The list's levels in one column per target, lined up from row to row, an incomplete
/// row's levels that are lower bounds marked `≥` (not one already final, such as the top of
/// its scale), at 80×24 in both languages; then `/aal>=2` and
/// `/incomplete` keep only the rows they match, and the title says so.
#[test]
fn list_columns_and_finding() {
    for lang in LANGS {
        let mut ui = Ui::new(lang, 80, 24, mixed);
        assert_snapshot!(
            format!("list_columns_{}_80x24", lang.code()),
            ui.snapshot_text()
        );
        ui.keys("/aal>=2");
        assert_eq!(ui.app().list.len(), 2);
        assert_snapshot!(
            format!("find_aal_{}_80x24", lang.code()),
            ui.snapshot_text()
        );
        ui.key(KeyCode::Esc);
        ui.keys("/incomplete");
        // The two begun and both 800-63-4 ones (its agents have questions left).
        assert_eq!(ui.app().list.len(), 4);
        assert_snapshot!(
            format!("find_incomplete_{}_80x24", lang.code()),
            ui.snapshot_text()
        );
    }
}

#[test]
fn wizard_on_a_choice_question() {
    snap_all("wizard_choice", at_a_choice, |ui| {
        open_first(ui);
        // Cursor on the second option, to see the selection and the option's help.
        ui.keys("j");
    });
}

#[test]
fn wizard_on_an_impact_matrix() {
    snap_all("wizard_matrix", at_a_matrix, |ui| {
        open_first(ui);
    });
}

#[test]
fn result_complete() {
    snap_all("result_complete", complete, |ui| {
        open_first(ui);
        ui.key(KeyCode::Tab);
        assert_eq!(ui.app().focus, Pane::Result);
    });
}

#[test]
fn result_incomplete() {
    snap_all("result_incomplete", at_a_choice, |ui| {
        open_first(ui);
        ui.key(KeyCode::Tab);
    });
}

#[test]
fn grouped_800_63_4() {
    snap_all("groups_800_63_4", grouped, |ui| {
        open_first(ui);
    });
}

#[test]
fn help_popup() {
    snap_all("help", a_few, |ui| {
        ui.keys("?");
        assert!(matches!(ui.app().popup, Some(Popup::Help(_))));
    });
}

#[test]
fn whatif_planner() {
    // Incomplete on purpose: the planner answers open questions too ("at least").
    snap_all("whatif_menu", at_a_choice, |ui| {
        open_first(ui);
        ui.key(KeyCode::Tab);
        ui.keys("w");
        assert!(matches!(ui.app().popup, Some(Popup::Whatif(_))));
    });
    // Every level, first in the menu.
    snap_all("whatif", at_a_choice, |ui| {
        open_first(ui);
        ui.key(KeyCode::Tab);
        ui.keys("w");
        ui.key(KeyCode::Enter);
        assert!(matches!(ui.app().popup, Some(Popup::Reader(_))));
    });
    // One chosen level: the last in the menu.
    snap_all("whatif_one_level", at_a_choice, |ui| {
        open_first(ui);
        ui.key(KeyCode::Tab);
        ui.keys("w");
        ui.key(KeyCode::End);
        ui.key(KeyCode::Enter);
        assert!(matches!(ui.app().popup, Some(Popup::Reader(_))));
    });
}

#[test]
fn new_assessment_form() {
    snap_all("new_form", a_few, |ui| {
        ui.keys("n");
        ui.keys("ระบบจองคิวน้ำประปา");
        ui.key(KeyCode::Tab);
        ui.keys("การประปาส่วนภูมิภาค");
        assert!(matches!(ui.app().popup, Some(Popup::Form(_))));
    });
}

#[test]
fn new_assessment_form_with_an_empty_name() {
    snap_all(
        "new_form_error",
        |_| {},
        |ui| {
            ui.keys("n");
            ui.key(KeyCode::Enter);
            assert!(matches!(ui.app().popup, Some(Popup::Form(_))));
        },
    );
}

#[test]
fn delete_confirmation() {
    snap_all("delete", a_few, |ui| {
        ui.keys("jd");
        assert!(matches!(ui.app().popup, Some(Popup::Confirm(_))));
    });
}

#[test]
fn conflict_dialog() {
    snap_all("conflict", at_a_choice, |ui| {
        open_first(ui);
        // Someone else saves the file meanwhile.
        let store = Store::open(ui.dir.path());
        let id = ui.app().open.as_ref().unwrap().loaded.assessment.id.clone();
        let mut other = store.load(&id).unwrap();
        let mut a = other.assessment.clone();
        a.service.agency = "แก้จากเครื่องอื่น".into();
        a.meta.updated = at(35);
        store.save(&mut other, &a).unwrap();
        // Our answer cannot be saved over theirs.
        ui.keys("1");
        assert!(matches!(ui.app().popup, Some(Popup::Conflict(_))));
    });
}

#[test]
fn note_dialog() {
    snap_all("note", at_a_matrix, |ui| {
        open_first(ui);
        ui.keys("N");
        ui.keys("ผู้ใช้น้ำที่ทำธุรกรรมแทนกัน");
        assert!(matches!(ui.app().popup, Some(Popup::Note(_))));
    });
}

#[test]
fn question_index() {
    snap_all("index", at_a_matrix, |ui| {
        open_first(ui);
        ui.keys("i");
        assert!(matches!(ui.app().popup, Some(Popup::QuestionIndex(_))));
    });
}

/// One question left: the last answer brings the summary.
fn one_left(store: &Store) {
    let mut a = income_tax();
    a.remove("pi.accessible");
    dgs(
        store,
        &registry(),
        "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์",
        "กรมสรรพากร",
        a,
        at(40),
    );
}

#[test]
fn the_summary_at_the_end() {
    snap_all("done", one_left, |ui| {
        open_first(ui);
        go_to(ui, "pi.accessible");
        ui.keys("1");
        assert!(matches!(ui.app().popup, Some(Popup::Done(_))));
    });
}

/// The compare picker at the SSH size, a filter typed in each language: the rows that match
/// (a service found by its agency in Thai, by its name in English), and what it says when
/// nothing does.
#[test]
fn the_compare_picker_filtered() {
    for (lang, typed, name) in [
        (Lang::Th, "กรม", "compare_filtered"),
        (Lang::En, "library", "compare_filtered"),
        (Lang::En, "library q", "compare_no_match"),
    ] {
        let mut ui = Ui::new(lang, 80, 24, a_few);
        // The broken file is first; the tax service is opened.
        ui.keys("j");
        open_first(&mut ui);
        ui.keys("C");
        ui.keys(typed);
        assert!(matches!(ui.app().popup, Some(Popup::Compare(_))));
        let text = ui.snapshot_text();
        assert_snapshot!(format!("{name}_{}_80x24", lang.code()), text);
    }
}

#[test]
fn the_trash() {
    snap_all("trash", a_few, |ui| {
        ui.keys("jdy");
        ui.keys("T");
        assert!(matches!(ui.app().popup, Some(Popup::Trash(_))));
    });
}

/// A name longer than an 80-column row, in each language.
fn long_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => {
            "ระบบยื่นคำขอรับใบอนุญาตประกอบกิจการสถานที่จำหน่ายอาหารและสะสมอาหาร\
             ของผู้ประกอบการรายย่อยในเขตเทศบาลทั่วประเทศ"
        }
        Lang::En => {
            "Online application for a licence to run a small food shop or a food \
             store in any municipality of the kingdom"
        }
    }
}

/// Deleting a service with a long name at 80×24: the message takes the rows it needs above
/// the hint row, its keys whole on the first, the name after them; no line is cut.
#[test]
fn a_long_message_takes_the_rows_it_needs_at_80x24() {
    for lang in LANGS {
        let name = long_name(lang);
        let mut ui = Ui::new(lang, 80, 24, |store| {
            dgs(
                store,
                &registry(),
                name,
                "Municipal office",
                answers(&[("service.group", choice("transactional"))]),
                at(30),
            );
        });
        ui.keys("dy");
        let text = ui.snapshot_text();
        let keys = match lang {
            Lang::Th => "u เพื่อเลิกทำ, T ดูถังขยะ",
            Lang::En => "u to undo, T to restore others",
        };
        let rows: Vec<&str> = text.lines().collect();
        // The bottom rows, as drawn: the message ends on the last one, the keys before it.
        let said = rows[rows.len() - 3..].join("");
        assert!(said.contains(keys), "{text}");
        assert!(!said.contains('…'), "nothing cut: {text}");
        let last_word = name.rsplit(' ').next().unwrap();
        let tail: String = last_word
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert!(rows[rows.len() - 1].contains(&tail), "{text}");
        assert_snapshot!(format!("long_message_{}_80x24", lang.code()), text);
    }
}

#[test]
fn removing_a_user_group_asks_first() {
    snap_all("remove_group", grouped, |ui| {
        open_first(ui);
        ui.keys("-");
        assert!(matches!(ui.app().popup, Some(Popup::Confirm(_))));
    });
}

#[test]
fn too_small() {
    for lang in LANGS {
        let mut ui = Ui::new(lang, 20, 6, a_few);
        let text = ui.snapshot_text();
        assert_snapshot!(format!("too_small_{}_20x6", lang.code()), text);
    }
}

/// A trainee's data dir as `xal train start` leaves it: the bundled pack, result hidden.
fn a_trainee(store: &Store) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics");
    let pack = xal::train::pack::load(&dir).unwrap();
    xal::train::start::start(&pack, store, true, Some("สมชาย")).unwrap();
}

/// In a trainee's data dir, `e` on a scenario shows its brief to read, not the form that
/// would change it; `b` shows it from the questions too. The Thai text keeps the frame
/// straight at 80×24.
#[test]
fn a_trainees_brief_is_read_only() {
    for lang in LANGS {
        let mut ui = Ui::new(lang, 80, 24, a_trainee);
        let id = match ui.app().list.selected_entry() {
            Some(ScanEntry::Ok(s)) => s.id.clone(),
            other => panic!("{other:?}"),
        };
        let path = ui.s.runner.store.path_of(&id).unwrap();
        let before = std::fs::read(&path).unwrap();
        ui.keys("e");
        assert!(
            matches!(ui.app().popup, Some(Popup::Reader(_))),
            "{:?}",
            ui.app().popup
        );
        let text = ui.snapshot_text();
        assert_snapshot!(format!("trainee_brief_{}_80x24", lang.code()), text);
        // Every row of the dialog ends in its one right border column.
        let rows: Vec<&str> = text.lines().filter(|l| l.contains('│')).collect();
        let ends: Vec<usize> = rows
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(&l[..l.rfind('│').unwrap()]))
            .collect();
        let brief_rows: Vec<usize> = ends.iter().copied().filter(|&e| e > 60).collect();
        assert!(brief_rows.len() > 5, "{text}");
        assert!(
            brief_rows.iter().all(|&e| e == brief_rows[0]),
            "{ends:?}\n{text}"
        );
        // What is typed there changes nothing; the file is as it was handed out.
        ui.keys("xyz");
        ui.key(KeyCode::Esc);
        assert!(ui.app().popup.is_none());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the brief never changes"
        );

        open_first(&mut ui);
        assert_eq!(ui.app().focus, Pane::Wizard);
        let service = ui
            .app()
            .open
            .as_ref()
            .unwrap()
            .loaded
            .assessment
            .service
            .clone();
        ui.keys("b");
        match &ui.app().popup {
            Some(Popup::Reader(r)) => {
                let lines = xal::tui::popups::reader_lines(r, ui.app(), ui.app().lang);
                assert_eq!(lines[0], service.name);
                let thai = service.description.rsplit(" | ").next().unwrap();
                assert!(lines.iter().any(|l| l == thai), "{r:?}");
            }
            other => panic!("{other:?}"),
        }
    }
}

/// A trainee's copy of a scenario is made without a form (its brief stays), names where it
/// came from, and is read-only as its scenario is.
#[test]
fn a_trainees_copy_of_a_scenario_keeps_its_brief_and_origin() {
    let mut ui = Ui::new(Lang::En, 80, 24, a_trainee);
    let (id, name) = match ui.app().list.selected_entry() {
        Some(ScanEntry::Ok(s)) => (s.id.clone(), s.service_name.clone()),
        other => panic!("{other:?}"),
    };
    ui.keys("c");
    assert!(ui.app().popup.is_none(), "{:?}", ui.app().popup);
    assert_eq!(ui.app().list.len(), 9, "the copy is listed");
    let store = ui.s.runner.store.clone();
    let copy = store
        .assessment_files()
        .unwrap()
        .into_iter()
        .filter_map(|p| store.load(p.file_stem()?.to_str()?).ok())
        .map(|l| l.assessment)
        .find(|a| a.origin.as_ref().is_some_and(|o| o.from_id == id))
        .expect("a copy naming its source");
    assert_ne!(copy.id, id);
    assert_eq!(copy.service.name, name, "the brief is the scenario's");
    assert_eq!(copy.scenario(), Some(id.as_str()));
    assert!(ui.app().brief_locked(&copy), "its brief is read-only too");
}

// ----- styles on cells --------------------------------------------------------------------------

/// The cells of the row whose text contains `needle`, from where it starts.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    find_from(buf, needle, 0)
}

/// As [`find`], from column `x0` on (to look in one pane only).
fn find_from(buf: &Buffer, needle: &str, x0: u16) -> Option<(u16, u16)> {
    let first = needle.chars().next()?.to_string();
    for y in 0..buf.area.height {
        for x in x0..buf.area.width {
            if buf[(x, y)].symbol() != first {
                continue;
            }
            let mut s = String::new();
            let mut cx = x;
            while cx < buf.area.width && s.chars().count() < needle.chars().count() {
                s.push_str(buf[(cx, y)].symbol());
                cx += 1;
            }
            if s.starts_with(needle) {
                return Some((x, y));
            }
        }
    }
    None
}

#[test]
fn the_selected_option_has_the_selection_style() {
    let mut ui = Ui::new(Lang::En, 120, 40, at_a_choice);
    open_first(&mut ui);
    ui.keys("j");
    let theme = ui.s.view.theme.clone();
    let buf = ui.draw().clone();
    let (x, y) = find(&buf, "›2 ○ No, self-asserted").expect("the cursor row");
    for dx in 0..10 {
        let c = &buf[(x + dx, y)];
        assert!(
            c.modifier.contains(theme.selection.add_modifier),
            "cell {dx} of the selected option: {c:?}"
        );
    }
    // The option above is not selected.
    let (x, y) = find(&buf, " 1 ○ Yes").expect("the first option");
    assert!(!buf[(x + 1, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn decisive_answers_have_the_highlight_style() {
    let mut ui = Ui::new(Lang::En, 120, 40, complete);
    open_first(&mut ui);
    // To the proofing matrix, where the moderate rows set the IAL.
    go_to(&mut ui, "impact.proofing");
    let theme = ui.s.view.theme.clone();
    let buf = ui.draw().clone();
    let star = find(&buf, "★").expect("a decisive row is starred");
    let text = (0..buf.area.width)
        .map(|x| buf[(x, star.1)].symbol().to_string())
        .collect::<String>();
    assert!(
        text.contains("Moderate") || text.contains("moderate"),
        "{text}"
    );
    let c = &buf[star];
    assert_eq!(c.fg, theme.highlight.fg.unwrap(), "{c:?}");
    assert!(c.modifier.contains(theme.highlight.add_modifier), "{c:?}");
    // A row that decided nothing (safety: none) is not highlighted.
    let none = find(&buf, "None").expect("the safety row");
    assert_ne!(buf[none].fg, theme.highlight.fg.unwrap());
}

#[test]
fn the_level_badge_is_bold_and_reversed() {
    let mut ui = Ui::new(Lang::En, 120, 40, complete);
    open_first(&mut ui);
    let buf = ui.draw().clone();
    // In the result pane (the right 32% at 120 columns), not in the list's summary row.
    let result_x = 120 - 120 * 32 / 100;
    for badge in [" IAL2.1 ", " AAL2 "] {
        let (x, y) = find_from(&buf, badge, result_x).unwrap_or_else(|| panic!("{badge} shown"));
        for dx in 0..badge.len() as u16 {
            let m = buf[(x + dx, y)].modifier;
            assert!(
                m.contains(Modifier::BOLD | Modifier::REVERSED),
                "{badge} cell {dx}: {m:?}"
            );
        }
    }
}

/// A named screen: the fixtures, then the keys that lead to it.
type Screen = (&'static str, fn(&Store), fn(&mut Ui));

#[test]
fn monochrome_has_no_colour_anywhere() {
    let screens: [Screen; 5] = [
        ("list", a_few, |_| {}),
        ("wizard", at_a_matrix, open_first),
        ("result", complete, |ui| {
            open_first(ui);
            go_to(ui, "impact.proofing");
        }),
        ("help", a_few, |ui| {
            ui.keys("?");
        }),
        ("form", a_few, |ui| {
            ui.keys("n");
        }),
    ];
    for (name, fill, prepare) in screens {
        for (w, h) in SIZES {
            let mut ui = Ui::with(
                w,
                h,
                Flags {
                    no_color: true,
                    ..flags(Lang::Th)
                },
                fill,
            );
            assert_eq!(ui.s.view.theme.name, "monochrome");
            prepare(&mut ui);
            let buf = ui.draw();
            for y in 0..buf.area.height {
                for x in 0..buf.area.width {
                    let c = &buf[(x, y)];
                    assert!(
                        c.fg == Color::Reset && c.bg == Color::Reset,
                        "{name} {w}x{h}: colour at {x},{y}: {c:?}"
                    );
                }
            }
        }
    }
}

/// The category names of the impact matrix start in one column whatever the level's word:
/// Thai "สูง" and "ต่ำ" have three code points but take two cells.
#[test]
fn thai_matrix_rows_line_up() {
    let fill = |store: &Store| {
        dgs(
            store,
            &registry(),
            "จองคิวขอใช้น้ำประปาที่บ้าน",
            "การประปานครหลวง",
            at_proofing(dgs_matrix([
                "none", "low", "moderate", "high", "low", "none",
            ])),
            at(20),
        );
    };
    let mut ui = Ui::new(Lang::Th, 120, 40, fill);
    open_first(&mut ui);
    go_to(&mut ui, "impact.proofing");
    let rs = ui.app().open.as_ref().unwrap().session.ruleset.clone();
    let buf = ui.draw().clone();
    let wizard_x = 120 * 28 / 100;
    let mut columns = Vec::new();
    for c in &rs.categories {
        let name: String = c.name.get(Lang::Th).chars().take(12).collect();
        let (x, _) = find_from(&buf, &name, wizard_x).unwrap_or_else(|| panic!("{name}"));
        // The star has a column of its own: starred or not, the names start together.
        columns.push((x, name));
    }
    assert!(
        columns.iter().all(|(x, _)| *x == columns[0].0),
        "the names start in different columns: {columns:?}"
    );
}

/// The list keeps its order by moving just the changed row; a fresh start over the same files
/// sorts everything from scratch and must agree, under every sort.
#[test]
fn an_answer_moves_its_row_where_a_full_sort_puts_it() {
    let ids = |app: &App| -> Vec<String> {
        app.list
            .rows()
            .map(|e| e.path().display().to_string())
            .collect()
    };
    for sort in [Sort::Updated, Sort::Name, Sort::Level] {
        let mut ui = Ui::new(Lang::En, 120, 40, a_few);
        ui.s.app.list.set_sort(sort, &registry());
        let before = ids(ui.app());
        // An old file of the fixtures with questions left, wherever this sort shows it.
        let pos = ui
            .app()
            .list
            .rows()
            .position(|e| matches!(e, ScanEntry::Ok(s) if s.service_name == "จองคิวขอใช้น้ำประปาที่บ้าน"))
            .unwrap();
        ui.s.app.list.select(pos);
        open_first(&mut ui);
        ui.keys("1");
        assert!(!ui.app().has_unsaved(), "saved after the key");
        let after = ids(ui.app());
        let mut fresh = start(&options(ui.dir.path(), flags(Lang::En)));
        finish_background_scan(&mut fresh);
        fresh.app.list.set_sort(sort, &registry());
        assert_eq!(after, ids(&fresh.app), "{sort:?}");
        if sort == Sort::Updated {
            // Right after the broken file, which always comes first.
            assert_ne!(after, before, "the answered row moved to the top");
            assert_eq!(after[1], before[pos], "{after:?}");
        }
        // The row answered is still the one highlighted, wherever it moved.
        let highlighted = ui.app().list.selected_entry().unwrap().path().to_path_buf();
        assert_eq!(highlighted, ui.app().open.as_ref().unwrap().loaded.path);
    }
}

/// A start with an index lists from it at once, without reading a file; a full scan then
/// checks every file in the background and its listing replaces the first.
#[test]
fn a_warm_start_lists_from_the_index_then_checks_every_file() {
    let ui = Ui::new(Lang::En, 120, 40, a_few);
    assert!(
        !ui.s.runner.checking(),
        "no index yet: the first start scans at once"
    );
    let names = |app: &App| -> Vec<String> {
        app.list
            .entries()
            .iter()
            .filter_map(|e| match e {
                ScanEntry::Ok(s) => Some(s.service_name.clone()),
                ScanEntry::Broken { .. } => None,
            })
            .collect()
    };
    let file = ui
        .app()
        .list
        .entries()
        .iter()
        .find_map(|e| match e {
            ScanEntry::Ok(s) if s.service_name == "Library newsletter" => Some(s.path.clone()),
            _ => None,
        })
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Library newsletter", "Library bulletin"),
    )
    .unwrap();

    let mut warm = start(&options(ui.dir.path(), flags(Lang::En)));
    assert!(warm.runner.checking());
    assert!(names(&warm.app).contains(&"Library newsletter".to_string()));
    assert!(
        finish_background_scan(&mut warm),
        "the scan changed nothing"
    );
    let now = names(&warm.app);
    assert!(now.contains(&"Library bulletin".to_string()), "{now:?}");
    assert!(!now.contains(&"Library newsletter".to_string()), "{now:?}");
    assert_eq!(now.len(), 4);
}

/// Waits for the background scan of a warm start; true when its listing changed the screen.
fn finish_background_scan(s: &mut Started) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut changed = false;
    while s.runner.checking() {
        // The scan reports through the loop's one channel, as the loop receives it.
        changed |= s
            .runner
            .pump(&mut s.app, std::time::Duration::from_millis(100));
        assert!(
            std::time::Instant::now() < deadline,
            "no listing after 30 s"
        );
    }
    changed
}

/// Text from a file never reaches the terminal raw: a name with escapes shows them.
#[test]
fn control_characters_in_a_file_are_shown_not_sent() {
    let fill = |store: &Store| {
        dgs(
            store,
            &registry(),
            "SVC\u{1b}[2J\u{202e}END",
            "Agency",
            income_tax(),
            at(5),
        );
    };
    let mut ui = Ui::new(Lang::En, 120, 40, fill);
    let buf = ui.draw().clone();
    let text: String = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .map(|p| buf[p].symbol().to_string())
        .collect();
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'));
    assert!(text.contains("SVC\\u{1b}[2J"), "the list shows the escape");
    assert!(text.contains("\\u{202e}"), "the bidi control too");
}

/// A word in the header never hides the data dir: one too long for its room goes to the footer.
#[test]
fn a_status_message_never_hides_the_data_dir() {
    let mut ui = Ui::new(Lang::En, 80, 24, a_few);
    ui.s.app.status = Some(xal::app::Say::Problem(
        "a message long enough to fill the whole header line of an eighty column screen".into(),
    ));
    let buf = ui.draw().clone();
    let header: String = (0..80).map(|x| buf[(x, 0)].symbol()).collect();
    // Too long for the header: it is said whole on the footer's row, and the header keeps
    // the data dir.
    let footer: String = (0..80).map(|x| buf[(x, 23)].symbol()).collect();
    assert!(footer.contains("a message long enough"), "{footer}");
    assert!(!header.contains("a message"), "{header}");
    // A word that fits the header's room stays there, and the data dir stays in view.
    ui.s.app.status = Some(xal::app::Say::Problem("a short word".into()));
    let buf = ui.draw().clone();
    let header: String = (0..80).map(|x| buf[(x, 0)].symbol()).collect();
    assert!(header.contains("a short word"), "{header}");
    // The whole path (its random part masked by `draw`).
    assert!(header.contains("Data: /tmp/xal-snap-XXXXXX"), "{header}");
}

/// A category rated per impacted entity in the file: its row shows the highest, a line under it
/// each entity's rating, and the choices warn that one rating here replaces them.
#[test]
fn a_category_rated_per_entity_shows_each_entity() {
    let per_entity = |store: &Store| {
        let cells = [
            ("mission", "low"),
            ("trust", "low"),
            ("information", "low"),
            ("financial/individuals", "moderate"),
            ("financial/public", "high"),
            ("safety", "none"),
        ];
        let impact = xal::answers::AnswerValue::Matrix(
            cells
                .iter()
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect(),
        );
        let residents = answers(&[
            ("proofing.needed", choice("yes")),
            ("auth.needed", choice("yes")),
            ("federation.used", choice("no")),
            ("impact", impact),
        ]);
        create(
            store,
            &registry(),
            "nist-800-63-4",
            "Local fees",
            "District office",
            AnswerSet::Groups(vec![group("residents", "Residents", residents)]),
            at(50),
        );
    };
    let mut ui = Ui::new(Lang::En, 160, 70, per_entity);
    open_first(&mut ui);
    // To the impact question, then down to its financial row.
    while ui.app().open.as_ref().unwrap().session.cursor.question
        != ui
            .app()
            .open
            .as_ref()
            .unwrap()
            .session
            .ruleset
            .question_index("impact")
            .unwrap()
    {
        ui.key(KeyCode::Char('['));
    }
    let text = ui.snapshot_text();
    assert!(
        text.contains("↳ Individuals: Moderate · The public: High"),
        "{text}"
    );
    assert!(text.contains("High"), "{text}");
    // The cursor to the financial row.
    let session = |ui: &Ui| ui.app().open.as_ref().unwrap().session.cursor.row;
    while session(&ui) < 3 {
        ui.key(KeyCode::Char('j'));
    }
    while session(&ui) > 3 {
        ui.key(KeyCode::Char('k'));
    }
    let text = ui.snapshot_text();
    assert!(text.contains("Rated per impacted entity"), "{text}");
}

/// The question's help never loses its start: at 80×24 the 800-63-4 proofing question shows
/// its first words, cut with "…"; Ctrl-d scrolls it on; on the impact matrix at 60×20 the
/// highlighted row and the cursor both stay in view.
#[test]
fn help_keeps_its_start_and_the_highlighted_row_stays_in_view() {
    let mut ui = Ui::new(Lang::En, 80, 24, grouped);
    open_first(&mut ui);
    // Back to the first question.
    for _ in 0..8 {
        ui.key(KeyCode::Char('['));
    }
    let text = ui.snapshot_text();
    assert!(text.contains("proofing.needed"), "{text}");
    assert!(
        text.contains("│Answer Yes when the service must know"),
        "{text}"
    );
    // Shorter: the help is cut at its end, never at its start.
    let mut ui = Ui::new(Lang::En, 80, 16, grouped);
    open_first(&mut ui);
    for _ in 0..8 {
        ui.key(KeyCode::Char('['));
    }
    let text = ui.snapshot_text();
    assert!(
        text.contains("│Answer Yes when the service must know"),
        "{text}"
    );
    assert!(
        text.contains(" …"),
        "the help is cut with an ellipsis:\n{text}"
    );
    assert!(text.contains("›1"), "the options stay in view:\n{text}");
    let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
    ui.s.press(&ctrl_d);
    let text = ui.snapshot_text();
    assert!(
        !text.contains("│Answer Yes when the service must know"),
        "Ctrl-d scrolled the help:\n{text}"
    );
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    ui.s.press(&ctrl_u);
    assert!(
        ui.snapshot_text()
            .contains("│Answer Yes when the service must know")
    );
    // Ctrl-d past the end stops at the last page: one Ctrl-u then moves back at once.
    let mut pages = Vec::new();
    for _ in 0..10 {
        ui.s.press(&ctrl_d);
        pages.push(ui.snapshot_text());
    }
    assert_eq!(pages[8], pages[9], "the help stops at its end");
    ui.s.press(&ctrl_u);
    assert_ne!(ui.snapshot_text(), pages[9], "one Ctrl-u moves back");

    // The matrix: at 80×24 the highlighted row and the cursor together (each level's meaning
    // on one line when needed); at 60×20 the highlighted row at least.
    for (w, h, cursor_too) in [(80, 24, true), (60, 20, false)] {
        let mut ui = Ui::new(Lang::En, w, h, grouped);
        open_first(&mut ui);
        let on_impact = |ui: &Ui| {
            let s = &ui.app().open.as_ref().unwrap().session;
            s.cursor.question == s.ruleset.question_index("impact").unwrap()
        };
        for _ in 0..8 {
            if on_impact(&ui) {
                break;
            }
            ui.key(KeyCode::Char(']'));
        }
        assert!(on_impact(&ui));
        for _ in 0..3 {
            ui.key(KeyCode::Char('j'));
            let text = ui.snapshot_text();
            assert!(text.contains('▸'), "{w}×{h}: the highlighted row:\n{text}");
            assert!(
                !cursor_too || text.contains('›'),
                "{w}×{h}: the cursor:\n{text}"
            );
        }
    }
}

/// A message longer than the header's room is said whole on the footer's row until the next
/// key (at 80×24 the undo message used to be cut to "undone: service.gro…").
#[test]
fn a_long_message_takes_the_footer_row_until_the_next_key() {
    let mut ui = Ui::new(Lang::En, 80, 24, at_a_choice);
    open_first(&mut ui);
    ui.key(KeyCode::Char('1'));
    ui.key(KeyCode::Char('u'));
    let text = ui.snapshot_text();
    let footer = text.lines().last().unwrap_or_default().to_string();
    let said = xal::tui::i18n::say(ui.app().status.as_ref().unwrap(), Lang::En);
    assert!(said.len() > 30, "a long message: {said}");
    assert!(footer.contains(said.as_str()), "{footer}\n{text}");
    // The next key brings the hints back.
    ui.key(KeyCode::Char('j'));
    let text = ui.snapshot_text();
    let footer = text.lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("? help"), "{footer}");
}

/// Income tax with a planned proofing method that reaches less than the assessment requires.
fn with_a_short_plan(store: &Store) {
    let mut a = income_tax();
    a.insert("plan.proofing".into(), choice("self_asserted"));
    dgs(
        store,
        &registry(),
        "ยื่นภาษีเงินได้บุคคลธรรมดา",
        "กรมสรรพากร",
        a,
        at(40),
    );
}

#[test]
fn the_plan_check_says_what_it_reaches_and_what_is_required() {
    for (lang, reaches, required, short) in [
        (
            Lang::En,
            "the planned method reaches IAL1.1",
            "(required IAL2.",
            "falls short",
        ),
        (
            Lang::Th,
            "แผนที่วางไว้ได้ระดับ IAL1.1",
            "(ต้องการ IAL2.",
            "ต่ำกว่าที่กำหนด",
        ),
    ] {
        let mut ui = Ui::new(lang, 160, 40, with_a_short_plan);
        open_first(&mut ui);
        go_to(&mut ui, "plan.proofing");
        let text = ui.snapshot_text();
        // Under the question and in the result pane: what was planned, against what.
        let lines: Vec<&str> = text.lines().filter(|l| l.contains(reaches)).collect();
        assert!(!lines.is_empty(), "{text}");
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(joined.contains(required), "{text}");
        assert!(joined.contains(short), "{text}");
    }
}

#[test]
fn the_form_shows_a_field_from_its_start_and_names_right_on_the_ruleset() {
    let mut ui = Ui::new(Lang::En, 80, 24, a_few);
    ui.keys("n");
    let name = "Online application for a permit to operate a business that may affect health";
    ui.keys(name);
    ui.key(KeyCode::Tab);
    ui.key(KeyCode::Tab);
    ui.key(KeyCode::Tab);
    let text = ui.snapshot_text();
    // The name, no longer typed in, is read from its first word, cut where it does not fit.
    assert!(text.contains("Online application for a"), "{text}");
    assert!(text.contains('…'), "{text}");
    // On the ruleset's choice, Right is named for what it does.
    assert!(text.contains("change"), "{text}");
    assert!(!text.contains("right"), "{text}");
}

/// On the ruleset's row, `/` opens the rulesets to pick from, filtered as typed (each by its
/// id, version and title in the interface's language); Enter goes back to the form with the
/// pick, the name typed before kept.
#[test]
fn the_form_picks_its_ruleset_from_a_filtered_list() {
    for lang in LANGS {
        let mut ui = Ui::new(lang, 80, 24, a_few);
        ui.keys("n");
        ui.keys("Tax e-filing");
        ui.key(KeyCode::Tab);
        ui.key(KeyCode::Tab);
        ui.key(KeyCode::Tab);
        let form = ui.snapshot_text();
        assert!(form.contains("/ "), "the hint names the key: {form}");
        ui.keys("/");
        ui.keys("63");
        assert_snapshot!(
            format!("form_ruleset_picker_{}_80x24", lang.code()),
            ui.snapshot_text()
        );
        ui.key(KeyCode::Down);
        ui.key(KeyCode::Enter);
        let text = ui.snapshot_text();
        assert!(text.contains("◂ nist-800-63-4 2.0.0 ▸"), "{text}");
        assert!(text.contains("Tax e-filing"), "{text}");
    }
}

#[test]
fn a_copy_is_offered_under_a_name_of_its_own() {
    let mut ui = Ui::new(Lang::En, 80, 24, a_few);
    ui.keys("j");
    let name = match ui.app().list.selected_entry() {
        Some(ScanEntry::Ok(s)) => s.service_name.clone(),
        other => panic!("{other:?}"),
    };
    ui.keys("c");
    let Some(Popup::Form(f)) = &ui.app().popup else {
        panic!("the copy form: {:?}", ui.app().popup)
    };
    assert_eq!(
        f.fields[xal::app::popup::form::NAME].text(),
        format!("{name} (2)")
    );
}
