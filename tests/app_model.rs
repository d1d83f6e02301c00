//! The whole interface driven as a model: actions go into `App`, the writes it asks for are
//! carried out through the store (as the main loop does, without any terminal), and the model
//! and the files are checked after each step.

use xal::app::{Action, App, Event, Init, Pane, Popup};
use xal::engine::SetEvaluation;
use xal::ruleset::registry::Registry;
use xal::store::{ScanEntry, Store};
use xal::text::Lang;
use xal::tui::effects::Runner;

struct Model {
    app: App,
    runner: Runner,
    store: Store,
    _dir: tempfile::TempDir,
}

impl Model {
    fn new() -> Model {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        let registry = Registry::builtin();
        let app = App::new(Init {
            registry: registry.clone(),
            data_dir: dir.path().to_path_buf(),
            lang: Lang::En,
            default_ruleset: "dgs-1-2-2564".into(),
            ..Init::default()
        });
        Model {
            app,
            runner: Runner::new(store.clone(), registry),
            store,
            _dir: dir,
        }
    }

    /// One event, its writes, then the save the loop makes after the frame.
    fn send(&mut self, event: Event) {
        self.runner.dispatch(&mut self.app, event);
        self.runner.save_pending(&mut self.app);
        assert!(
            !self.app.has_unsaved(),
            "everything is written after the frame"
        );
    }

    fn act(&mut self, a: Action) {
        self.send(Event::Action(a));
    }

    fn type_text(&mut self, s: &str) {
        self.send(Event::Text(s.into()));
    }

    fn complete(&self) -> bool {
        self.app.open.as_ref().unwrap().session.eval.complete()
    }

    fn on_disk(&self) -> xal::store::Assessment {
        let id = self.app.open_id().unwrap();
        self.store.load(id).unwrap().assessment
    }
}

#[test]
fn a_whole_assessment_through_actions_alone() {
    let mut m = Model::new();
    assert!(m.app.list.is_empty());

    // Create: the form, its fields, the save.
    m.act(Action::New);
    assert!(matches!(m.app.popup, Some(Popup::Form(_))));
    m.type_text("Tax e-filing");
    m.act(Action::FocusNext);
    m.type_text("Revenue Department");
    m.act(Action::Choose);
    assert!(m.app.popup.is_none(), "the form closed: {:?}", m.app.popup);
    assert_eq!(m.app.focus, Pane::Wizard);
    assert_eq!(m.app.list.len(), 1);
    let a = m.on_disk();
    assert_eq!(a.service.name, "Tax e-filing");
    assert_eq!(a.service.agency, "Revenue Department");
    assert_eq!(a.ruleset.id, "dgs-1-2-2564");

    // Answer every question asked, with the first option each time (matrix rows included).
    let mut answers = 0;
    while !m.complete() {
        m.act(Action::Pick1);
        answers += 1;
        assert!(answers < 100, "the wizard never completed");
    }
    let a = m.on_disk();
    let result = a.result.as_ref().expect("a result is written");
    assert!(result.complete);
    match &m.app.list.get(0) {
        Some(ScanEntry::Ok(s)) => {
            assert!(s.complete, "the list row says complete");
            let listed: Vec<(&str, &str)> = s.levels.iter().map(|(t, l)| (&**t, &**l)).collect();
            let written: Vec<(&str, &str)> =
                result.levels.iter().map(|(t, l)| (&**t, &**l)).collect();
            assert_eq!(listed, written, "the list shows what the file says");
        }
        other => panic!("{other:?}"),
    }

    // The last answer brings the summary: levels and what next. It closes with Back.
    assert!(
        matches!(m.app.popup, Some(Popup::Done(_))),
        "{:?}",
        m.app.popup
    );
    m.act(Action::Back);
    assert!(m.app.popup.is_none());

    // Undo reverts the last answer, in memory and on disk, and says what it did; redo brings
    // it back.
    let done = m.app.open.as_ref().unwrap().session.doc.answers.clone();
    m.act(Action::Undo);
    assert!(!m.complete(), "the last answer is gone");
    assert_ne!(m.on_disk().answers, done);
    match &m.app.status {
        Some(xal::app::Say::Undone {
            redo: false,
            changes,
            ..
        }) => {
            assert_eq!(changes.len(), 1, "{changes:?}");
            assert!(changes[0].from.is_some(), "{changes:?}");
            assert_eq!(changes[0].to, None, "back to unanswered");
        }
        other => panic!("{other:?}"),
    }
    m.act(Action::Redo);
    assert!(m.complete());
    assert_eq!(m.on_disk().answers, done);
    m.act(Action::Redo);
    assert_eq!(m.app.status, Some(xal::app::Say::NothingToRedo));

    // A note on the current question, typed in its dialog.
    m.act(Action::Note);
    let question = match &m.app.popup {
        Some(Popup::Note(n)) => n.question.clone(),
        other => panic!("{other:?}"),
    };
    m.type_text("ผู้ใช้ยื่นแทนกันได้");
    m.act(Action::NewLine);
    m.type_text("second line");
    m.act(Action::Choose);
    assert!(m.app.popup.is_none());
    assert_eq!(
        m.on_disk().notes.get(&question).map(String::as_str),
        Some("ผู้ใช้ยื่นแทนกันได้\nsecond line")
    );

    // Delete: back to the list, confirm, and the file is in the trash.
    let id = m.app.open_id().unwrap().to_string();
    m.act(Action::Back);
    assert_eq!(m.app.focus, Pane::List);
    m.act(Action::Delete);
    assert!(matches!(m.app.popup, Some(Popup::Confirm(_))));
    m.act(Action::No);
    assert_eq!(m.app.list.len(), 1, "no means no");
    m.act(Action::Delete);
    m.act(Action::Yes);
    assert!(m.app.list.is_empty());
    assert!(m.app.open.is_none());
    assert!(m.store.load(&id).is_err());
    let trash = m.store.list_trash().unwrap();
    assert_eq!(trash.len(), 1);
    assert!(trash[0].display().to_string().contains(&id));
    // Said, and undone by `u` in the list.
    assert!(
        matches!(&m.app.status, Some(xal::app::Say::MovedToTrash { name }) if !name.is_empty()),
        "{:?}",
        m.app.status
    );
    m.act(Action::Undo);
    assert_eq!(m.app.list.len(), 1, "u brought it back");
    assert!(m.store.load(&id).is_ok());
    assert!(m.store.list_trash().unwrap().is_empty());
    m.act(Action::Undo);
    assert_eq!(m.app.list.len(), 1, "a second u has no delete left to undo");
}

#[test]
fn a_grouped_ruleset_starts_with_one_group_and_adds_another() {
    let mut m = Model::new();
    m.act(Action::New);
    m.type_text("Portal");
    // To the ruleset row, then on to NIST 800-63-4.
    for _ in 0..3 {
        m.act(Action::FocusNext);
    }
    let registry = Registry::builtin();
    let target = registry
        .entries
        .iter()
        .position(|e| e.ruleset.id == "nist-800-63-4")
        .unwrap();
    let start = registry
        .entries
        .iter()
        .position(|e| e.ruleset.id == "dgs-1-2-2564")
        .unwrap();
    for _ in 0..(target + registry.entries.len() - start) % registry.entries.len() {
        m.act(Action::Right);
    }
    m.act(Action::Choose);
    let s = &m.app.open.as_ref().expect("opened").session;
    assert_eq!(s.ruleset.id, "nist-800-63-4");
    assert!(matches!(s.eval, SetEvaluation::Groups(ref g) if g.len() == 1));
    // The first group: proofing and sign-in, no federation, moderate impacts.
    for a in [Action::Pick1, Action::Pick1, Action::Pick2] {
        m.act(a);
    }
    for _ in 0..5 {
        m.act(Action::Pick3);
    }
    m.act(Action::AddGroup);
    m.type_text("Agents");
    m.act(Action::Choose);
    let s = &m.app.open.as_ref().unwrap().session;
    assert_eq!(s.group_count(), 2);
    assert_eq!(s.group, 1, "the new group is the one being answered");
    // One impact matrix per group: `c` copies the group before's ratings (one undo step).
    for a in [Action::Pick1, Action::Pick1, Action::Pick2] {
        m.act(a);
    }
    m.act(Action::CopyProofingToAuth);
    assert_eq!(
        m.app.status,
        Some(xal::app::Say::CopiedGroupImpacts {
            group: "Users".into()
        })
    );
    match m.on_disk().answers {
        xal::answers::AnswerSet::Groups(gs) => {
            assert_eq!(gs.len(), 2);
            assert_eq!(gs[1].name, "Agents");
            assert_eq!(gs[1].id, "agents");
            assert!(gs[0].answers.contains_key("impact"));
            assert_eq!(gs[1].answers.get("impact"), gs[0].answers.get("impact"));
        }
        other => panic!("{other:?}"),
    }
    m.act(Action::Undo);
    match m.on_disk().answers {
        xal::answers::AnswerSet::Groups(gs) => assert!(!gs[1].answers.contains_key("impact")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn scrolling_stops_at_what_the_frame_measured() {
    let mut m = Model::new();
    m.act(Action::Help);
    m.send(Event::Measured(xal::app::Measured {
        result: None,
        popup: Some((50, 20)),
        ..Default::default()
    }));
    for _ in 0..100 {
        m.act(Action::Down);
    }
    let offset = |m: &Model| match &m.app.popup {
        Some(Popup::Help(h)) => h.scroll.offset(),
        other => panic!("{other:?}"),
    };
    assert_eq!(offset(&m), 30);
    m.act(Action::Up);
    assert_eq!(offset(&m), 29, "the first key back up moves");
    m.act(Action::Back);
    assert!(m.app.popup.is_none());
}

/// A frame asks for another only when it drew an offset it must not keep: the result pane
/// growing or shrinking under the same offset (as a preview does at every step of the
/// highlight) was drawn already, while an offset pulled back inside shorter content was not.
#[test]
fn a_frame_is_drawn_again_only_when_its_scroll_offset_was_pulled_back() {
    let mut m = Model::new();
    let result = |content, view| xal::app::Measured {
        result: Some((content, view)),
        ..Default::default()
    };
    m.send(Event::Measured(result(40, 20)));
    m.app.take_redraw();
    for (content, view) in [(45, 20), (30, 20), (10, 20), (60, 25)] {
        m.send(Event::Measured(result(content, view)));
        assert!(
            !m.app.take_redraw(),
            "{content} lines in {view}: drawn already"
        );
    }
    // Scrolled down, then the content shrinks below the offset: the offset moves back, and
    // the frame that showed the old one is drawn again.
    m.app.result_scroll.set(30);
    assert_eq!(m.app.result_scroll.offset(), 30);
    m.send(Event::Measured(result(30, 20)));
    assert_eq!(m.app.result_scroll.offset(), 10);
    assert!(m.app.take_redraw());
}

/// A complete assessment, approved outside the interface (as `xal approve` does), then
/// opened again: the model, the file, and the assessment as approved.
fn approved_model() -> (Model, std::path::PathBuf, xal::store::Assessment) {
    let mut m = Model::new();
    m.act(Action::New);
    m.type_text("Tax e-filing");
    m.act(Action::Choose);
    while !m.complete() {
        m.act(Action::Pick1);
    }
    m.act(Action::Back);
    assert!(m.app.popup.is_none());

    // Approved outside the interface (as `xal approve` does), then opened again.
    let id = m.app.open_id().unwrap().to_string();
    let mut loaded = m.store.load(&id).unwrap();
    let mut a = loaded.assessment.clone();
    let rs = Registry::builtin().get(&a.ruleset.id).unwrap().clone();
    let eval = xal::engine::evaluate_set(&rs, &a.answers);
    let content = xal::record::Record::of(&a, &rs, &eval).content_sha256();
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-04T10:00:00+07:00").unwrap();
    a.signoffs.push(xal::store::SignOff {
        step: "approved".into(),
        by: "Somchai K.".into(),
        role: "CIO".into(),
        note: String::new(),
        at,
        record: content,
        review_due: None,
        signer: String::new(),
        key: String::new(),
        signature: String::new(),
    });
    m.store.save(&mut loaded, &a).unwrap();
    let path = loaded.path.clone();
    m.act(Action::Back);
    assert_eq!(m.app.focus, Pane::List);
    m.act(Action::Open);
    (m, path, a)
}

/// Issue 22: the first change to an approved assessment asks first, and says the approval
/// goes void; no leaves the file as it is, yes makes the change (the approval then shows void)
/// and later changes do not ask again.
#[test]
fn the_first_change_to_an_approved_assessment_asks_first() {
    use xal::app::popup::confirm::About;

    let (mut m, path, a) = approved_model();
    assert_eq!(m.app.focus, Pane::Wizard);
    let holding = m.app.open.as_ref().unwrap().approval.clone();
    assert_eq!(
        holding.as_ref().map(|h| (h.step.as_str(), h.by.as_str())),
        Some(("approved", "Somchai K."))
    );
    // As the file says it, and as the list shows the open assessment.
    let holds = |m: &Model| {
        let registry = Registry::builtin();
        let file = xal::catalog::summarize(&registry, &m.on_disk());
        let shown = match m.app.list.get(0) {
            Some(ScanEntry::Ok(s)) if s.signoff.is_some() => s.signoff.as_ref().unwrap().holds,
            _ => file.signoff.as_ref().unwrap().holds,
        };
        assert_eq!(file.signoff.unwrap().holds, shown);
        shown
    };
    assert!(holds(&m));
    let bytes = std::fs::read(&path).unwrap();
    let answers = m.app.open.as_ref().unwrap().session.doc.answers.clone();

    // Every kind of change asks first, and no (or Esc) changes nothing.
    let cursor = m.app.open.as_ref().unwrap().session.cursor.clone();
    for cancel in [Action::No, Action::Back] {
        m.act(Action::Pick2);
        match &m.app.popup {
            Some(Popup::Confirm(c)) => assert!(matches!(c.about, About::VoidApproval(_))),
            other => panic!("no question asked: {other:?}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing written yet");
        m.act(cancel);
        assert!(m.app.popup.is_none());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{cancel:?}: untouched"
        );
        assert_eq!(m.app.open.as_ref().unwrap().session.doc.answers, answers);
        assert_eq!(
            m.app.open.as_ref().unwrap().session.cursor,
            cursor,
            "the cursor stays where it was"
        );
        assert!(holds(&m));
    }

    // A note asks too.
    m.act(Action::Note);
    m.type_text("checked with the agency");
    m.act(Action::Choose);
    assert!(matches!(
        &m.app.popup,
        Some(Popup::Confirm(c)) if matches!(c.about, About::VoidApproval(_))
    ));
    m.act(Action::No);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the note is not written"
    );
    assert!(m.app.open.as_ref().unwrap().session.doc.notes.is_empty());

    // The dialog's words.
    let h = holding.unwrap();
    assert_eq!(
        xal::tui::i18n::void_approval(&h, Lang::En),
        "This assessment is approved by Somchai K. (CIO) on 2026-03-04. Changing it voids the \
         approval: it will need to be approved again. Change it?"
    );
    assert_eq!(
        xal::tui::i18n::void_approval(&h, Lang::Th),
        "การประเมินนี้ได้รับอนุมัติโดย Somchai K. (CIO) เมื่อ 4 มีนาคม พ.ศ. 2569 การแก้ไขจะทำให้\
         การอนุมัตินั้นสิ้นผล ต้องอนุมัติใหม่ แก้ไขหรือไม่?"
    );

    // Yes makes the change asked for: written, and the approval shows void.
    m.act(Action::Pick2);
    m.act(Action::Yes);
    assert!(m.app.popup.is_none() || matches!(m.app.popup, Some(Popup::Done(_))));
    assert_ne!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the change is written"
    );
    let on_disk = m.on_disk();
    let q = &m.app.open.as_ref().unwrap().session.ruleset.questions[cursor.question];
    assert_ne!(on_disk.answers, a.answers, "{} changed", q.id);
    assert_eq!(
        on_disk.signoffs, a.signoffs,
        "the sign-off is kept, as void"
    );
    assert!(!holds(&m), "the approval no longer holds");

    // Later changes in this session do not ask again.
    m.act(Action::Undo);
    assert!(m.app.popup.is_none(), "{:?}", m.app.popup);
    m.act(Action::Redo);
    assert!(m.app.popup.is_none(), "{:?}", m.app.popup);
}

/// Stopping (Ctrl-c, SIGTERM, a hang-up) while the question is asked: the change is kept as a
/// copy, and the approved file stays as it is.
#[test]
fn stopping_while_asked_keeps_the_change_as_a_copy() {
    let (mut m, path, _) = approved_model();
    let bytes = std::fs::read(&path).unwrap();
    m.act(Action::Pick2);
    assert!(matches!(m.app.popup, Some(Popup::Confirm(_))));
    m.send(Event::Flush);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "untouched");
    let registry = Registry::builtin();
    let files = m
        .store
        .scan(&|a| xal::catalog::summarize(&registry, a), "")
        .unwrap()
        .entries;
    assert_eq!(files.len(), 2, "the copy: {files:?}");
}

/// Esc has one meaning per level: from the questions it goes back to the list, keeping the
/// filter (the list's title shows it); in the list it clears the filter. The sequence that
/// used to change an answer (`/tax Enter Esc j Enter`) changes no file.
#[test]
fn esc_goes_back_to_the_list_first_and_changes_nothing() {
    let mut m = Model::new();
    m.act(Action::New);
    m.type_text("Tax e-filing");
    m.act(Action::Choose);
    m.act(Action::Pick3);
    let id = m.app.open_id().unwrap().to_string();
    let before =
        std::fs::read_to_string(m.store.assessments_dir().join(format!("{id}.toml"))).unwrap();
    m.act(Action::Back);
    assert_eq!(m.app.focus, Pane::List);
    m.act(Action::Filter);
    m.type_text("tax");
    m.act(Action::Choose);
    assert_eq!(m.app.focus, Pane::Wizard, "Enter opened the match");
    m.act(Action::Back);
    assert_eq!(m.app.focus, Pane::List, "one Esc: back to the list");
    assert_eq!(m.app.list.filter().text(), "tax", "the filter is kept");
    // `j Enter` now moves and opens in the list; it answers nothing.
    m.act(Action::Down);
    m.act(Action::Open);
    m.act(Action::Back);
    let after =
        std::fs::read_to_string(m.store.assessments_dir().join(format!("{id}.toml"))).unwrap();
    assert_eq!(before, after, "no answer changed");
    m.act(Action::Back);
    assert_eq!(
        m.app.list.filter().text(),
        "",
        "Esc in the list clears the filter"
    );
}

/// A model listing two services made on disk, the list's first listing read and the
/// highlighted one's preview come: "Tax e-filing" highlighted.
fn two_listed() -> (Model, std::path::PathBuf) {
    use crate::support::{answers, at, choice, dgs};
    let mut m = Model::new();
    let r = Registry::builtin();
    let tax = dgs(
        &m.store,
        &r,
        "Tax e-filing",
        "Revenue",
        answers(&[("service.group", choice("transactional"))]),
        at(5),
    );
    dgs(
        &m.store,
        &r,
        "Water queue",
        "Waterworks",
        answers(&[("service.group", choice("enhanced"))]),
        at(10),
    );
    let (listing, background) = m.runner.first_listing(m.store.any_cached_listing());
    m.send(Event::Scanned {
        listing,
        background,
    });
    assert!(m.app.list.select_path(&tax.path));
    // The highlight moved outside an action: a key that changes nothing lets it be seen.
    m.send(Event::Resize {
        width: 160,
        height: 40,
    });
    assert_eq!(previewed(&m.app).as_deref(), Some("Tax e-filing"));
    (m, tax.path)
}

/// The service the result pane shows, when it shows a preview; none when it shows nothing.
fn previewed(app: &App) -> Option<String> {
    use xal::app::preview::{PreviewOf, Shown};
    match app.shown() {
        Shown::Preview(p) => match &p.of {
            PreviewOf::Assessment { assessment, .. } => Some(assessment.service.name.clone()),
            other => panic!("{other:?}"),
        },
        Shown::Open(o) => panic!("open: {}", o.loaded.assessment.service.name),
        Shown::Nothing => None,
    }
}

#[test]
fn a_service_the_filter_hides_leaves_the_result_pane_at_once() {
    let (mut m, _) = two_listed();
    m.act(Action::Filter);
    // The highlighted row's file is asked for, not read yet (the worker is not waited for):
    // the pane does not stand beside a list without its service meanwhile.
    m.runner.dispatch(&mut m.app, Event::Text("water".into()));
    assert_eq!(m.app.list.len(), 1);
    assert_eq!(previewed(&m.app), None, "the hidden service is not shown");
    m.runner.save_pending(&mut m.app);
    assert_eq!(previewed(&m.app).as_deref(), Some("Water queue"));
    // Nothing matches: nothing is shown.
    m.type_text("zzz");
    assert!(m.app.list.is_empty());
    assert_eq!(previewed(&m.app), None);
}

#[test]
fn moving_down_the_list_keeps_the_last_preview_until_the_next_is_read() {
    let (mut m, _) = two_listed();
    // The one kept beside the list is still in it: nothing blinks.
    let other = if m.app.list.selected() == 0 { 1 } else { 0 };
    m.app.list.select(other);
    m.runner.dispatch(
        &mut m.app,
        Event::Resize {
            width: 160,
            height: 40,
        },
    );
    assert_eq!(previewed(&m.app).as_deref(), Some("Tax e-filing"));
    m.runner.save_pending(&mut m.app);
    assert_eq!(previewed(&m.app).as_deref(), Some("Water queue"));
}

#[test]
fn a_file_changed_elsewhere_under_the_same_date_is_previewed_again() {
    use xal::answers::{AnswerSet, AnswerValue};
    let (mut m, path) = two_listed();
    let id = match m.app.list.selected_entry() {
        Some(ScanEntry::Ok(s)) => s.id.clone(),
        other => panic!("{other:?}"),
    };
    // Another program (a merge by `xal sync`, an editor) answers a question in the file and
    // leaves its `updated` date as it was.
    let mut theirs = m.store.load(&id).unwrap();
    let mut a = theirs.assessment.clone();
    if let AnswerSet::Single(ans) = &mut a.answers {
        ans.insert("pi.needed".into(), AnswerValue::Choice("no".into()));
    }
    m.store.save(&mut theirs, &a).unwrap();
    // The watcher reports the folder (a rename into it), and the list is read again.
    m.send(Event::DiskChanged(vec![
        path.parent().unwrap().to_path_buf(),
    ]));
    let row = match m.app.list.selected_entry() {
        Some(ScanEntry::Ok(s)) => s.clone(),
        other => panic!("{other:?}"),
    };
    use xal::app::preview::{PreviewOf, Shown};
    let Shown::Preview(p) = m.app.shown() else {
        panic!("no preview")
    };
    let PreviewOf::Assessment {
        assessment, eval, ..
    } = &p.of
    else {
        panic!("{:?}", p.of)
    };
    let AnswerSet::Single(ans) = &assessment.answers else {
        panic!()
    };
    assert_eq!(
        ans.get("pi.needed"),
        Some(&AnswerValue::Choice("no".into())),
        "the pane reads the file as it is now"
    );
    let SetEvaluation::Single(eval) = eval else {
        panic!()
    };
    let rs = Registry::builtin()
        .get(&assessment.ruleset.id)
        .cloned()
        .unwrap();
    for (target, level) in &row.levels {
        let k = rs.targets.iter().position(|x| x.id == *target).unwrap();
        assert_eq!(
            &rs.targets[k].levels[eval.targets[k].level].id, level,
            "the pane's {target} is the row's"
        );
    }
}
