//! One writer on a slow disk: `cargo bench --bench one_writer`.
//!
//! The store's writes are the worker thread's; the runner's test knob makes each of them take
//! 50 ms more, as on a network home folder. Prints, each with its goal:
//! - keystroke → finished frame for 20 quick answers to one question (in the process, crossterm
//!   backend into a sink, the save handed to the worker after the frame): median (goal < 1 ms)
//!   and worst; then 20 answers that each move on to the next question, apart;
//! - whether the 40 answers are all on disk, in order, when the flush that quitting makes
//!   returns, and how long that flush waited;
//! - for comparison, what one save of the open assessment costs on that disk (what every key
//!   used to wait for when the loop saved on its own thread).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use support::*;
use xal::answers::{AnswerSet, Answers};
use xal::app::{Event, Popup};
use xal::ruleset::registry::Registry;
use xal::text::Lang;
use xal::tui::run::{StartOptions, Started, start};
use xal::tui::settings::Flags;

const ANSWERS: usize = 20;
const SLOW: Duration = Duration::from_millis(50);

fn key(s: &mut Started, code: KeyCode) {
    s.press(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn draw<B: ratatui::backend::Backend>(s: &mut Started, term: &mut Terminal<B>) {
    assert!(s.draw(term).is_ok(), "a frame could not be drawn");
}

fn answers_of(s: &Started) -> AnswerSet {
    s.app.open.as_ref().unwrap().session.doc.answers.clone()
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "OVER THE GOAL" }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let sb = Sandbox::new();
    let store = sb.store();
    let registry = Registry::builtin();
    let loaded = dgs(
        &store,
        &registry,
        "บริการยื่นภาษีออนไลน์",
        "กรมสรรพากร",
        Answers::new(),
        at(0),
    );
    let id = loaded.assessment.id.clone();
    let mut s = start(&StartOptions {
        data_dir: sb.data_dir(),
        config_dir: Some(sb.config_dir()),
        flags: Flags {
            lang: Lang::Th,
            lang_explicit: true,
            ..Flags::default()
        },
        utf8_locale: true,
    });
    s.runner.dispatch(
        &mut s.app,
        Event::Resize {
            width: 120,
            height: 40,
        },
    );
    let mut term = Terminal::with_options(
        CrosstermBackend::new(std::io::sink()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
        },
    )
    .unwrap();
    draw(&mut s, &mut term);
    key(&mut s, KeyCode::Enter);
    s.save_pending();
    assert!(s.app.open.is_some(), "the assessment is open");
    draw(&mut s, &mut term);

    // For comparison: one save of the open assessment on the slow disk, waited for.
    s.runner.slow_disk_for_tests(SLOW);
    key(&mut s, KeyCode::Char('1'));
    draw(&mut s, &mut term);
    let t = Instant::now();
    s.save_pending();
    let one_save = t.elapsed();
    key(&mut s, KeyCode::Char('['));
    s.save_pending();
    draw(&mut s, &mut term);

    // Twenty quick answers to one question, alternating two options (as `cargo bench --bench
    // tui` times them): the key, the frame, the save handed over; `[` comes back untimed.
    // What the worker reported meanwhile is taken in between keys, as the loop does.
    let mut states = vec![answers_of(&s)];
    let (mut times, mut handles) = (Vec::new(), Vec::new());
    let take_reports = |s: &mut Started, term: &mut Terminal<_>| {
        while s.runner.pump(&mut s.app, Duration::ZERO) {
            draw(s, term);
        }
    };
    for i in 0..ANSWERS {
        let c = if i % 2 == 0 { '2' } else { '1' };
        let t = Instant::now();
        key(&mut s, KeyCode::Char(c));
        handles.push(t.elapsed());
        draw(&mut s, &mut term);
        s.queue_save();
        times.push(t.elapsed());
        states.push(answers_of(&s));
        key(&mut s, KeyCode::Char('['));
        draw(&mut s, &mut term);
        s.queue_save();
        take_reports(&mut s, &mut term);
    }
    // Twenty more, each on to the next question (its text laid out anew: a cost of drawing,
    // not of the disk, shown apart).
    let mut onward = Vec::new();
    for _ in 0..ANSWERS {
        let t = Instant::now();
        key(&mut s, KeyCode::Char('1'));
        draw(&mut s, &mut term);
        s.queue_save();
        onward.push(t.elapsed());
        states.push(answers_of(&s));
        if matches!(s.app.popup, Some(Popup::Done(_))) {
            key(&mut s, KeyCode::Esc);
        }
        take_reports(&mut s, &mut term);
    }
    let keys_done = Instant::now();
    // Quit: the flush returns when the last write is on disk.
    s.runner.flush(&mut s.app);
    let flush = keys_done.elapsed();
    let on_disk = store.load(&id).unwrap().assessment.answers;
    let all_there = !s.runner.writing(&s.app) && &on_disk == states.last().unwrap();

    times.sort();
    handles.sort();
    onward.sort();
    let median = times[times.len() / 2];
    let worst = *times.last().unwrap();
    println!(
        "one writer, every write {} ms slower ({} quick answers to one question, then {} onward):",
        SLOW.as_millis(),
        ANSWERS,
        ANSWERS
    );
    println!(
        "  keystroke changing an answer to finished frame: median {:.3} ms, worst {:.3} ms (goal < 1 ms) {}",
        ms(median),
        ms(worst),
        verdict(median < Duration::from_millis(1))
    );
    println!(
        "  of which the key's handling (answer, evaluation, list entry): median {:.3} ms, worst {:.3} ms",
        ms(handles[handles.len() / 2]),
        ms(*handles.last().unwrap())
    );
    println!(
        "  an answer that moves on to the next question, to finished frame: median {:.3} ms, worst {:.3} ms (the new question laid out; no goal here)",
        ms(onward[onward.len() / 2]),
        ms(*onward.last().unwrap())
    );
    println!(
        "  all {} answers on disk, in order, when the quit's flush returns (goal: yes) {}; the flush waited {:.1} ms for the writes still under way",
        2 * ANSWERS,
        if all_there { "yes" } else { "NO" },
        ms(flush)
    );
    println!(
        "  for comparison, one save of the open assessment on this disk, waited for: {:.1} ms (what each key waited when the loop saved on its own thread)",
        ms(one_save)
    );
}
