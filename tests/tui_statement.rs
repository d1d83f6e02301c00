//! The acceptance statement dialog (`D`, 800-63-4's DIAS): drawn at 80×24 in English and Thai,
//! driven by key presses the way the main loop handles them, and by actions down to the file
//! it writes (`[groups.tailoring]`), with undo.

use crate::support;

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;
use xal::answers::{AnswerSet, AnswerValue, Control, Tailoring};
use xal::app::{Action, Event, Popup};
use xal::ruleset::registry::Registry;
use xal::store::Store;
use xal::text::Lang;
use xal::tui::run::{StartOptions, Started, start};
use xal::tui::settings::Flags;

fn options(dir: &std::path::Path, lang: Lang) -> StartOptions {
    StartOptions {
        data_dir: dir.to_path_buf(),
        config_dir: Some(dir.join(".config")),
        flags: Flags {
            lang,
            lang_explicit: true,
            ..Flags::default()
        },
        utf8_locale: true,
    }
}

fn impact(l: [&str; 5]) -> AnswerValue {
    AnswerValue::Matrix(
        ["mission", "trust", "information", "financial", "safety"]
            .iter()
            .zip(l)
            .map(|(c, v)| (c.to_string(), v.to_string()))
            .collect(),
    )
}

/// One 800-63-4 assessment with one user group, answered; its statement as `tailoring` says.
fn fixture(store: &Store, tailoring: Option<Tailoring>) -> PathBuf {
    let citizens = answers(&[
        ("proofing.needed", choice("yes")),
        ("auth.needed", choice("yes")),
        ("federation.used", choice("no")),
        (
            "impact",
            impact(["moderate", "moderate", "moderate", "moderate", "none"]),
        ),
        ("pi.accessible", choice("yes")),
    ]);
    let mut g = group("citizens", "ผู้เสียภาษีที่ยื่นเอง", citizens);
    g.tailoring = tailoring;
    create(
        store,
        &Registry::builtin(),
        "nist-800-63-4",
        "ยื่นภาษีออนไลน์ (800-63-4)",
        "กรมสรรพากร",
        AnswerSet::Groups(vec![g]),
        at(50),
    )
    .path
}

struct Ui {
    _dir: tempfile::TempDir,
    s: Started,
    term: Terminal<TestBackend>,
}

impl Ui {
    fn new(lang: Lang, tailoring: Option<Tailoring>) -> Ui {
        let dir = tempfile::tempdir().unwrap();
        fixture(&Store::open(dir.path()), tailoring);
        let mut s = start(&options(dir.path(), lang));
        s.runner.at_fixed_time(at(60));
        s.runner.dispatch(
            &mut s.app,
            Event::Resize {
                width: 80,
                height: 24,
            },
        );
        // The files the start asked for (the highlighted row's preview) are read.
        s.settle();
        Ui {
            _dir: dir,
            s,
            term: Terminal::new(TestBackend::new(80, 24)).unwrap(),
        }
    }

    fn key_event(&mut self, ev: KeyEvent) -> &mut Ui {
        self.s.press(&ev);
        self.s.save_pending();
        self.draw();
        self
    }

    fn key(&mut self, code: KeyCode) -> &mut Ui {
        self.key_event(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn keys(&mut self, s: &str) -> &mut Ui {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn draw(&mut self) -> String {
        loop {
            let (app, view) = (&self.s.app, &mut self.s.view);
            let mut measured = Default::default();
            self.term
                .draw(|f| {
                    measured = view.draw(f, app);
                })
                .unwrap();
            self.s
                .runner
                .dispatch(&mut self.s.app, Event::Measured(measured));
            if !self.s.app.take_redraw() {
                break;
            }
        }
        self.term.backend().to_string()
    }

    fn statement(&self) -> Tailoring {
        self.s
            .app
            .open
            .as_ref()
            .unwrap()
            .session
            .statement()
            .cloned()
            .unwrap_or_default()
    }
}

/// A statement with something in every kind of row, in the language shown.
fn written(lang: Lang) -> Tailoring {
    let th = lang == Lang::Th;
    let t = |th_text: &str, en: &str| {
        if th {
            th_text.to_string()
        } else {
            en.to_string()
        }
    };
    Tailoring {
        levels: [("ial".to_string(), "IAL1".to_string())].into(),
        rationale: t(
            "ผู้ยื่นภาษีเองมีความเสี่ยงต่ำกว่าที่ประเมินไว้ เพราะเงินคืนจะโอนเข้าบัญชีที่ผูกกับเลขประจำตัวเท่านั้น\nบรรทัดที่สอง",
            "Refunds go only to the account tied to the taxpayer's id, so the risk is lower than assessed\nsecond line",
        ),
        privacy: t("เก็บข้อมูลน้อยลง", "Less personal data collected"),
        compensating: vec![Control {
            replaces: t("การตรวจเอกสารต่อหน้า", "In-person document check"),
            why: t("ผู้ใช้อยู่ต่างจังหวัด", "Users live far from offices"),
            ..Control::named(t("วิดีโอคอลกับเจ้าหน้าที่", "Video call with an officer"))
        }],
        supplemental: vec![Control::named(t("จำกัดจำนวนครั้ง", "Rate limits"))],
        ..Tailoring::default()
    }
}

#[test]
fn the_dialog_at_80x24() {
    for lang in [Lang::En, Lang::Th] {
        let mut ui = Ui::new(lang, Some(written(lang)));
        ui.key(KeyCode::Enter);
        assert!(ui.s.app.open.is_some());
        ui.keys("D");
        assert!(
            matches!(ui.s.app.popup, Some(Popup::Statement(_))),
            "{:?} {:?}",
            ui.s.app.popup,
            ui.s.app.status
        );
        let text = ui.draw();
        assert_snapshot!(format!("statement_{}_80x24", lang.code()), text);
        // The last row comes into view, the first goes.
        ui.keys("G");
        let text = ui.draw();
        assert_snapshot!(format!("statement_end_{}_80x24", lang.code()), text);
    }
}

#[test]
fn the_field_being_edited_opens_under_its_row() {
    let mut ui = Ui::new(Lang::En, None);
    ui.key(KeyCode::Enter)
        .keys("D")
        .keys("jjj")
        .key(KeyCode::Enter);
    ui.keys("first");
    ui.key_event(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    ui.keys("second");
    let text = ui.draw();
    assert_snapshot!("statement_editing_en_80x24", text);
    ui.key(KeyCode::Enter);
    assert_eq!(ui.statement().rationale, "first\nsecond");
    let text = ui.draw();
    assert!(text.contains("first…"), "{text}");
}

/// The keys a person presses, from the wizard: the same sequence the pty test drives.
#[test]
fn keys_from_the_wizard_write_the_statement() {
    let mut ui = Ui::new(Lang::En, None);
    ui.key(KeyCode::Enter);
    // D, raise IAL (a level tailored without a rationale is marked), the rationale.
    ui.keys("Dl");
    let text = ui.draw();
    assert!(
        text.contains("(initial IAL2)  ⚠ needs a rationale"),
        "{text}"
    );
    ui.keys("jjj").key(KeyCode::Enter);
    ui.keys("Lower risk").key(KeyCode::Enter);
    // c: a compensating control, its name, then what it replaces.
    ui.keys("c").keys("Video call").key(KeyCode::Enter);
    ui.keys("j")
        .key(KeyCode::Enter)
        .keys("In person")
        .key(KeyCode::Enter);
    // s: a supplemental control.
    ui.keys("s").keys("Rate limits").key(KeyCode::Enter);
    // q closes.
    ui.keys("q");
    assert!(ui.s.app.popup.is_none(), "{:?}", ui.s.app.popup);
    let t = ui.statement();
    assert_eq!(t.levels.get("ial").map(String::as_str), Some("IAL3"));
    assert_eq!(t.rationale, "Lower risk");
    assert_eq!(t.compensating[0].control, "Video call");
    assert_eq!(t.compensating[0].replaces, "In person");
    assert_eq!(t.supplemental, vec![Control::named("Rate limits")]);
    // The result pane shows the final level, the initial one and the rationale.
    let text = ui.draw();
    assert!(
        text.contains("IAL3 ") && text.contains("(initial IAL2)"),
        "{text}"
    );
    assert!(text.contains("Rationale: Lower risk"), "{text}");
    assert!(text.contains("D acceptance statement"), "{text}");
}

/// The summary after the last answer offers the statement, and `D` opens it.
#[test]
fn the_end_summary_offers_the_statement() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let mut citizens = answers(&[
        ("proofing.needed", choice("yes")),
        ("auth.needed", choice("yes")),
        ("federation.used", choice("no")),
        (
            "impact",
            impact(["moderate", "moderate", "moderate", "moderate", "none"]),
        ),
    ]);
    citizens.remove("pi.accessible");
    create(
        &store,
        &Registry::builtin(),
        "nist-800-63-4",
        "Portal",
        "Agency",
        AnswerSet::Groups(vec![group("citizens", "Citizens", citizens)]),
        at(50),
    );
    let mut s = start(&options(dir.path(), Lang::En));
    s.runner.at_fixed_time(at(60));
    let mut ui = Ui {
        _dir: dir,
        s,
        term: Terminal::new(TestBackend::new(80, 24)).unwrap(),
    };
    ui.s.runner.dispatch(
        &mut ui.s.app,
        Event::Resize {
            width: 80,
            height: 24,
        },
    );
    ui.key(KeyCode::Enter).keys("1");
    assert!(
        matches!(ui.s.app.popup, Some(Popup::Done(_))),
        "{:?}",
        ui.s.app.popup
    );
    let text = ui.draw();
    assert!(text.contains("D acceptance statement"), "{text}");
    ui.keys("D");
    assert!(matches!(ui.s.app.popup, Some(Popup::Statement(_))));
    let text = ui.draw();
    assert!(text.contains("Acceptance statement · Citizens"), "{text}");
}

/// Actions, as the model takes them, down to the file on disk; then undo.
#[test]
fn actions_write_the_statement_to_the_file_and_undo_takes_back_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(&Store::open(dir.path()), None);
    let mut s = start(&options(dir.path(), Lang::En));
    s.runner.at_fixed_time(at(60));
    let act = |s: &mut Started, e: Event| {
        s.runner.dispatch(&mut s.app, e);
        s.runner.save_pending(&mut s.app);
        assert!(!s.app.has_unsaved());
    };
    act(&mut s, Event::Action(Action::Open));
    assert!(s.app.open.is_some());
    act(&mut s, Event::Action(Action::Statement));
    assert!(matches!(s.app.popup, Some(Popup::Statement(_))));
    // IAL up a step.
    act(&mut s, Event::Action(Action::Right));
    // The rationale (the fourth row: after IAL, AAL and FAL).
    for _ in 0..3 {
        act(&mut s, Event::Action(Action::Down));
    }
    act(&mut s, Event::Action(Action::Choose));
    act(&mut s, Event::Text("Refunds go to a known account".into()));
    act(&mut s, Event::Action(Action::Choose));
    // A compensating control with its parts.
    act(&mut s, Event::Action(Action::AddCompensating));
    act(&mut s, Event::Text("Video call".into()));
    act(&mut s, Event::Action(Action::Choose));
    for part in ["In-person check", "Users far away", "Comparable", "Low"] {
        act(&mut s, Event::Action(Action::Down));
        act(&mut s, Event::Action(Action::Choose));
        act(&mut s, Event::Text(part.into()));
        act(&mut s, Event::Action(Action::Choose));
    }
    // A supplemental control.
    act(&mut s, Event::Action(Action::AddSupplemental));
    act(&mut s, Event::Text("Rate limits".into()));
    act(&mut s, Event::Action(Action::Choose));
    act(&mut s, Event::Action(Action::Back));
    assert!(s.app.popup.is_none());

    let file = std::fs::read_to_string(&path).unwrap();
    let doc: toml::Value = toml::from_str(&file).unwrap();
    let t = &doc["groups"][0]["tailoring"];
    assert_eq!(t["ial"].as_str(), Some("IAL3"), "{file}");
    assert_eq!(
        t["rationale"].as_str(),
        Some("Refunds go to a known account")
    );
    let c = &t["compensating"][0];
    assert_eq!(c["control"].as_str(), Some("Video call"));
    assert_eq!(c["replaces"].as_str(), Some("In-person check"));
    assert_eq!(c["why"].as_str(), Some("Users far away"));
    assert_eq!(c["comparability"].as_str(), Some("Comparable"));
    assert_eq!(c["note"].as_str(), Some("Low"));
    assert_eq!(
        t["supplemental"][0]["control"].as_str(),
        Some("Rate limits"),
        "{file}"
    );
    assert!(file.contains("[groups.tailoring]"), "{file}");

    // u, from the wizard: the last step (the supplemental control) goes, on disk too.
    act(&mut s, Event::Action(Action::Undo));
    let file = std::fs::read_to_string(&path).unwrap();
    let doc: toml::Value = toml::from_str(&file).unwrap();
    let t = &doc["groups"][0]["tailoring"];
    assert!(t.get("supplemental").is_none(), "{file}");
    assert_eq!(t["compensating"][0]["note"].as_str(), Some("Low"));
}

/// A DGS assessment (a ruleset without an acceptance statement), opened.
fn dgs_open() -> (tempfile::TempDir, Started) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    dgs(
        &store,
        &Registry::builtin(),
        "Library",
        "National Library",
        answers(&[]),
        at(10),
    );
    let mut s = start(&options(dir.path(), Lang::En));
    s.runner.dispatch(&mut s.app, Event::Action(Action::Open));
    // The file is read by the worker and opens when it comes.
    s.settle();
    (dir, s)
}

#[test]
fn a_ruleset_without_one_says_so() {
    let (_dir, mut s) = dgs_open();
    s.runner
        .dispatch(&mut s.app, Event::Action(Action::Statement));
    assert!(s.app.popup.is_none());
    assert!(
        matches!(&s.app.status, Some(xal::app::Say::NoStatement)),
        "{:?}",
        s.app.status
    );
}

/// A signed-off assessment: the first change made in the statement asks first, like an
/// answer; the dialog comes back after the question, whatever the answer.
#[test]
fn a_change_to_an_approved_statement_asks_first() {
    use xal::app::popup::confirm::About;

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let path = fixture(&store, None);
    let id = path.file_stem().unwrap().to_string_lossy().into_owned();
    let mut loaded = store.load(&id).unwrap();
    let mut a = loaded.assessment.clone();
    let rs = Registry::builtin().get(&a.ruleset.id).unwrap().clone();
    let eval = xal::engine::evaluate_set(&rs, &a.answers);
    a.signoffs.push(xal::store::SignOff {
        step: "approved".into(),
        by: "Somchai K.".into(),
        role: "CIO".into(),
        note: String::new(),
        at: at(55),
        record: xal::record::Record::of(&a, &rs, &eval).content_sha256(),
        review_due: None,
        signer: String::new(),
        key: String::new(),
        signature: String::new(),
    });
    store.save(&mut loaded, &a).unwrap();
    let bytes = std::fs::read(&path).unwrap();

    let mut s = start(&options(dir.path(), Lang::En));
    s.runner.at_fixed_time(at(60));
    let act = |s: &mut Started, a: Action| {
        s.runner.dispatch(&mut s.app, Event::Action(a));
        s.runner.save_pending(&mut s.app);
    };
    act(&mut s, Action::Open);
    assert!(s.app.open.as_ref().unwrap().approval.is_some());
    act(&mut s, Action::Statement);
    act(&mut s, Action::Right);
    assert!(
        matches!(&s.app.popup, Some(Popup::Confirm(c)) if matches!(c.about, About::VoidApproval(_))),
        "{:?}",
        s.app.popup
    );
    act(&mut s, Action::No);
    assert!(matches!(s.app.popup, Some(Popup::Statement(_))));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file as it was");
    assert!(s.app.open.as_ref().unwrap().session.statement().is_none());

    act(&mut s, Action::Right);
    act(&mut s, Action::Yes);
    assert!(matches!(s.app.popup, Some(Popup::Statement(_))));
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.contains("ial = \"IAL3\""), "{file}");
}

/// The footer offers what applies: `D` with an 800-63-4 assessment open, not with a DGS one;
/// sync and history only in a git data dir (this one is not).
#[test]
fn the_footer_offers_the_statement_only_where_there_is_one() {
    use xal::app::Pane;
    use xal::tui::view::footer_actions;
    let ui = {
        let mut ui = Ui::new(Lang::En, None);
        ui.key(KeyCode::Enter);
        ui
    };
    let mut s = ui.s;
    for pane in [Pane::Wizard, Pane::Result] {
        s.app.focus = pane;
        let offered = footer_actions(&s.app);
        assert!(
            offered.contains(&Action::Statement),
            "{pane:?}: {offered:?}"
        );
        assert!(!offered.contains(&Action::Sync), "{offered:?}");
    }
    s.app.focus = Pane::Wizard;
    assert!(footer_actions(&s.app).contains(&Action::CopyProofingToAuth));

    let (_dir, mut s) = dgs_open();
    for pane in [Pane::Wizard, Pane::Result] {
        s.app.focus = pane;
        assert!(!footer_actions(&s.app).contains(&Action::Statement));
    }
    s.app.focus = Pane::Wizard;
    assert!(footer_actions(&s.app).contains(&Action::CopyProofingToAuth));
}

/// The footer shows the dialog's keys that do nothing on the highlighted row as unavailable,
/// as the dialog's own line of hints does: on every row, a key is dimmed there exactly when
/// the dialog says it does not apply.
#[test]
fn the_footer_dims_the_keys_that_do_nothing_on_the_highlighted_row() {
    use ratatui::style::Modifier;
    let mut ui = Ui::new(Lang::En, Some(written(Lang::En)));
    // Wide enough that the dialog leaves the footer in view.
    ui.term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    ui.s.runner.dispatch(
        &mut ui.s.app,
        Event::Resize {
            width: 120,
            height: 40,
        },
    );
    ui.key(KeyCode::Enter);
    ui.keys("D");
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..30 {
        ui.draw();
        let Some(p) = ui.s.app.popup.as_ref() else {
            panic!("the statement is open")
        };
        let idle = xal::tui::view::footer_actions(&ui.s.app)
            .into_iter()
            .filter(|&a| !p.applies(&ui.s.app, a))
            .count();
        let buf = ui.term.backend().buffer();
        let y = buf.area.height - 1;
        let dim: String = (0..buf.area.width)
            .filter(|&x| buf[(x, y)].modifier.contains(Modifier::DIM))
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        assert_eq!(
            !dim.trim().is_empty(),
            idle > 0,
            "{idle} keys do not apply; dimmed in the footer: «{dim}»"
        );
        seen.insert(dim);
        ui.key(KeyCode::Down);
    }
    // A level row and a control's row leave different keys without a use.
    assert!(
        seen.len() > 1,
        "the same keys dimmed on every row: {seen:?}"
    );
}
