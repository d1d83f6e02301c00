//! A merge conflict in the interface's model: the conflicted answer is shown with both values
//! and who chose them, the result is not final while it stands, and choosing an answer (even
//! the value in place) resolves it and the save removes it from the file.

use crate::git_common;

use git_common::{TAX, assessment};
use xal::app::{Action, App, Event, Init, Pane};
use xal::ruleset::registry::Registry;
use xal::store::merge::{Side, Sides, merge_texts};
use xal::store::{ScanEntry, Store};
use xal::text::Lang;
use xal::tui::effects::Runner;

#[test]
fn choosing_an_answer_resolves_its_conflict_and_the_save_removes_it() {
    let base = assessment("C1", "Tax e-filing", TAX);
    let ours = base.replace("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\"");
    let theirs = base
        .replace("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"maybe\"")
        .replace("civil = \"moderate\"", "civil = \"high\"");
    let sides = Sides {
        ours: Side {
            who: "Bob <bob@example.org>".into(),
            when: String::new(),
        },
        theirs: Side {
            who: "Alice <alice@example.org>".into(),
            when: String::new(),
        },
    };
    let merged = merge_texts(&base, &ours, &theirs, &sides).unwrap();
    assert_eq!(merged.conflicts.len(), 1);

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("assessments")).unwrap();
    std::fs::write(dir.path().join("assessments/C1.toml"), &merged.text).unwrap();
    let store = Store::open(dir.path());
    let registry = Registry::builtin();
    let mut app = App::new(Init {
        registry: registry.clone(),
        data_dir: dir.path().to_path_buf(),
        lang: Lang::En,
        default_ruleset: "dgs-1-2-2564".into(),
        ..Init::default()
    });
    let mut runner = Runner::new(store.clone(), registry);
    let (listing, background) = runner.first_listing(store.any_cached_listing());
    runner.dispatch(
        &mut app,
        Event::Scanned {
            listing,
            background,
        },
    );
    // Not final while the conflict stands.
    let ScanEntry::Ok(row) = &app.list.entries()[0] else {
        panic!("the merged file parses")
    };
    assert!(!row.complete);

    app.focus = Pane::List;
    runner.dispatch(&mut app, Event::Action(Action::Open));
    // The file is read by the worker and opens when it comes.
    runner.save_pending(&mut app);
    let open = app.open.as_mut().expect("opened");
    let q = open
        .session
        .ruleset
        .questions
        .iter()
        .position(|q| q.id == "pi.needed")
        .unwrap();
    let cursor = xal::app::wizard::at_question(&open.session.ruleset, open.session.answers(), q);
    open.session.cursor = cursor;
    let shown = xal::app::conflicts::on_current(open);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].ours, Some(toml::Value::String("no".into())));
    assert_eq!(shown[0].theirs, Some(toml::Value::String("maybe".into())));
    assert_eq!(shown[0].theirs_by, "Alice <alice@example.org>");
    // The words the wizard shows for it, in both languages.
    let en = xal::tui::i18n::conflict_line("", "no", "Bob", "maybe", "Alice", Lang::En);
    assert!(
        en.contains("no (Bob)") && en.contains("maybe (Alice)"),
        "{en}"
    );
    let th = xal::tui::i18n::conflict_line("", "no", "Bob", "maybe", "Alice", Lang::Th);
    assert!(th.contains("ขัดแย้ง"), "{th}");

    // Choose the option highlighted (the value in place): the conflict is resolved all the same.
    app.focus = Pane::Wizard;
    runner.dispatch(&mut app, Event::Action(Action::Choose));
    runner.save_pending(&mut app);
    assert!(!app.has_unsaved());
    let text = std::fs::read_to_string(dir.path().join("assessments/C1.toml")).unwrap();
    assert!(!text.contains("[conflicts"), "{text}");
    // The other side's cell that merged cleanly is still there.
    assert!(text.contains("civil = \"high\""), "{text}");
    let a = store.load("C1").unwrap().assessment;
    assert!(a.conflicts.is_empty());
}
