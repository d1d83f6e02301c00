//! One writer: the store's writes are a worker thread's, in the order the app asked for them,
//! and their outcomes come back through the loop's one channel. With a disk that takes 50 ms
//! per write (the runner's test knob), 20 quick answers through the real `App` and `Runner`
//! all reach the file in order — a reader of the file never sees an older state after a newer
//! one — and the flush that quitting makes returns only when the last one is on disk.

use crate::support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use xal::answers::AnswerSet;
use xal::app::{Action, App, Event, Init, Popup};
use xal::ruleset::registry::Registry;
use xal::text::Lang;
use xal::tui::effects::Runner;

const ANSWERS: usize = 20;

/// The app over the sandbox's data dir, in English, as a start with no listing yet.
fn app_on(sb: &support::Sandbox, registry: &Registry) -> App {
    App::new(Init {
        registry: registry.clone(),
        data_dir: sb.data_dir(),
        lang: Lang::En,
        default_ruleset: "dgs-1-2-2564".into(),
        ..Init::default()
    })
}

fn answers_of(app: &App) -> AnswerSet {
    app.open.as_ref().unwrap().session.doc.answers.clone()
}

#[test]
fn twenty_quick_answers_on_a_slow_disk_reach_the_file_in_order_and_quit_waits_for_them() {
    let sb = support::Sandbox::new();
    let store = sb.store();
    let registry = Registry::builtin();
    let mut app = app_on(&sb, &registry);
    let mut runner = Runner::new(store.clone(), registry);
    // An assessment to answer, created through the form, on a fast disk.
    for event in [
        Event::Action(Action::New),
        Event::Text("Tax e-filing".into()),
        Event::Action(Action::FocusNext),
        Event::Text("Revenue Department".into()),
        Event::Action(Action::Choose),
    ] {
        runner.dispatch(&mut app, event);
        runner.save_pending(&mut app);
    }
    assert!(app.popup.is_none(), "the form closed: {:?}", app.popup);
    let id = app
        .open_id()
        .expect("the new assessment is open")
        .to_string();
    assert!(!runner.writing(&app));

    // Every write from here on takes 50 ms more.
    runner.slow_disk_for_tests(Duration::from_millis(50));
    let mut states = vec![answers_of(&app)];
    // A reader of the file, as another program would be: every state it sees, once.
    let seen = Arc::new(Mutex::new(Vec::<AnswerSet>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (store, id, seen, stop) = (store.clone(), id.clone(), seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                if let Ok(l) = store.load(&id) {
                    let mut seen = seen.lock().unwrap();
                    if seen.last() != Some(&l.assessment.answers) {
                        seen.push(l.assessment.answers);
                    }
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        })
    };

    // Twenty answers as fast as the loop takes them: each key handled, its change handed to
    // the worker after the "frame", and whatever the worker reported meanwhile taken in.
    let mut sent = 0;
    while sent < ANSWERS {
        runner.dispatch(&mut app, Event::Action(Action::Pick1));
        if matches!(app.popup, Some(Popup::Done(_))) {
            runner.dispatch(&mut app, Event::Action(Action::Back));
        }
        let now = answers_of(&app);
        assert_ne!(states.last(), Some(&now), "answer {sent} changed nothing");
        states.push(now);
        sent += 1;
        runner.queue_save(&mut app);
        runner.pump(&mut app, Duration::ZERO);
    }
    eprintln!("questions answered: {sent}");
    // Quit, as the loop does: the flush returns when the last write is on disk.
    runner.dispatch(&mut app, Event::Action(Action::Quit));
    runner.flush(&mut app);
    assert!(!runner.writing(&app), "nothing is left to write");
    let on_disk = store.load(&id).unwrap().assessment.answers;
    stop.store(true, Ordering::SeqCst);
    reader.join().unwrap();
    assert_eq!(
        &on_disk,
        states.last().unwrap(),
        "the last answer is on disk"
    );

    // In order: each state the reader saw is one the app had, later than the one before.
    let mut seen = seen.lock().unwrap();
    // The last read is this thread's, right after the flush (the reader may not have come
    // round to it yet).
    if seen.last() != Some(&on_disk) {
        seen.push(on_disk.clone());
    }
    let mut last = 0;
    for (n, s) in seen.iter().enumerate() {
        let at = states
            .iter()
            .position(|x| x == s)
            .unwrap_or_else(|| panic!("state {n} seen on disk was never the app's: {s:?}"));
        assert!(
            at >= last,
            "state {n} on disk is older than the one before it"
        );
        last = at;
    }
    assert_eq!(last, ANSWERS, "the reader saw the last answer");
}

/// A file the app asks to read goes to the worker behind the writes asked for before it: the
/// assessment read again right after an answer (the editor closed on it) is the one the save
/// left, however slow the disk.
#[test]
fn a_file_read_after_a_save_finds_what_the_save_left() {
    let sb = support::Sandbox::new();
    let store = sb.store();
    let registry = Registry::builtin();
    let mut app = app_on(&sb, &registry);
    let mut runner = Runner::new(store.clone(), registry);
    for event in [
        Event::Action(Action::New),
        Event::Text("Tax e-filing".into()),
        Event::Action(Action::Choose),
    ] {
        runner.dispatch(&mut app, event);
        runner.save_pending(&mut app);
    }
    let path = app
        .open
        .as_ref()
        .expect("the new assessment is open")
        .loaded
        .path
        .clone();

    runner.slow_disk_for_tests(Duration::from_millis(50));
    let before = answers_of(&app);
    runner.dispatch(&mut app, Event::Action(Action::Pick1));
    let answered = answers_of(&app);
    assert_ne!(answered, before, "the answer changed something");
    // The save goes to the worker; at once (the disk still busy with it) the file is asked
    // for again.
    runner.queue_save(&mut app);
    runner.dispatch(
        &mut app,
        Event::Edited {
            path,
            result: Ok(()),
        },
    );
    runner.save_pending(&mut app);
    assert!(app.open.is_some(), "read again and open");
    assert_eq!(answers_of(&app), answered, "the file as the save left it");
}

/// The check of the first listing (every file stat'ed) waits for the first frame: before it,
/// the listing is the index's and nothing of the check arrives; after it, what changed on
/// disk meanwhile shows.
#[test]
fn the_check_of_the_first_listing_starts_after_the_first_frame() {
    let sb = support::Sandbox::new();
    let store = sb.store();
    let registry = Registry::builtin();
    let made = |name: &str, minute: i64| {
        support::dgs(
            &store,
            &registry,
            name,
            "Revenue",
            support::income_tax(),
            support::at(minute),
        );
    };
    made("Income tax", 0);
    made("VAT", 1);
    // A first start with no index scans every file and writes the index.
    let mut first = Runner::new(store.clone(), registry.clone());
    let (listing, background) = first.first_listing(store.any_cached_listing());
    assert_eq!((listing.unwrap().len(), background), (2, false));
    first.wait_for_background(Duration::from_secs(5));
    drop(first);

    made("Land tax", 2);
    let mut app = app_on(&sb, &registry);
    let mut runner = Runner::new(store.clone(), registry);
    let (listing, background) = runner.first_listing(store.any_cached_listing());
    assert!(background, "the index was used and is being checked");
    runner.dispatch(
        &mut app,
        Event::Scanned {
            listing,
            background,
        },
    );
    assert_eq!(app.list.entries().len(), 2, "the index's listing");
    // Other outcomes come meanwhile (the highlighted file read for the preview): handed over
    // as the loop does, without a frame.
    let held_until = std::time::Instant::now() + Duration::from_millis(300);
    while let Some(input) =
        runner.recv(held_until.saturating_duration_since(std::time::Instant::now()))
    {
        if let xal::tui::terminal::Input::Outcome(o) = input {
            runner.deliver(&mut app, o);
        }
    }
    assert!(runner.checking(), "the check is held until the first frame");
    assert_eq!(app.list.entries().len(), 2, "nothing of the check arrived");
    runner.release_check();
    let mut waited = 0;
    while runner.checking() && waited < 100 {
        runner.pump(&mut app, Duration::from_millis(100));
        waited += 1;
    }
    assert_eq!(app.list.entries().len(), 3, "the check found the new file");
}
