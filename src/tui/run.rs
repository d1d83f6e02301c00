//! The main loop: draw when something changed, wait for input, hand it to the state, and on a
//! signal or a vanished terminal keep what was typed and leave.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use ratatui::backend::Backend;

use super::keymap::Action;
use super::settings::{self, Flags};
use super::state::App;
use super::terminal::{Input, Options, StopReason, Tui};
use super::{update, view};
use crate::cli::{Failure, Global};
use crate::paths;
use crate::store::Store;
use crate::text::Lang;

/// Builds the state the interface starts with.
pub fn build_app(global: &Global, lang: Lang) -> Result<App, Failure> {
    let config_dir = paths::config_dir();
    let settings = settings::resolve(&Flags::from_cli(global, lang), config_dir.as_deref());
    let data_dir = paths::data_dir(global.data_dir.as_deref()).ok_or_else(|| {
        Failure::BadInput("no data directory: give --data-dir DIR or set XAL_DATA_DIR".into())
    })?;
    let registry = crate::store::load_registry(config_dir.as_deref());
    let mut app = App::new(Store::open(&data_dir), registry, settings);
    app.hide_result = crate::train::hide_result(&data_dir);
    Ok(app)
}

/// `xal` without a subcommand.
pub fn run(global: &Global, lang: Lang) -> Result<(), Failure> {
    let mut app = build_app(global, lang)?;
    let mouse = app.settings.mouse;
    let mut tui = Tui::start(Options { mouse }).map_err(|e| {
        Failure::BadInput(format!(
            "the interface needs a terminal ({e}); the headless commands are listed by `xal --help`"
        ))
    })?;
    let reason = event_loop(&mut tui, &mut app);
    drop(tui);
    // Everything is saved; only the index may still be being written. A hang-up must end
    // within a second, so the wait is short.
    app.wait_for_background_scan(Duration::from_millis(500));
    log(app.store.data_dir(), &format!("stopped: {reason:?}"));
    Ok(())
}

/// Runs until quit, a signal or a hang-up; returns why it stopped.
pub fn event_loop<B: Backend>(tui: &mut Tui<B>, app: &mut App) -> Option<StopReason> {
    let mut dirty = true;
    loop {
        dirty |= app.poll_background_scan();
        if dirty {
            if let Err(reason) = tui.draw(|f| view::draw(f, app)) {
                app.flush_pending();
                return Some(reason);
            }
            dirty = false;
        }
        // The frame is out: now the disk. A save that has something to say draws again.
        dirty |= app.save_pending();
        if dirty {
            continue;
        }
        // While the listing is checked in the background, look for its end often.
        let wait = if app.scanning() {
            Duration::from_millis(10)
        } else {
            Duration::from_millis(500)
        };
        match tui.next_input(wait) {
            Input::Key(ev) => {
                panic_if_asked();
                let suspend = app.dialog.is_none()
                    && app.settings.keymap.action(app.context(), &ev) == Some(Action::Suspend);
                if suspend {
                    let _ = tui.suspend();
                } else {
                    update::handle_key(app, &ev);
                }
                dirty = true;
            }
            Input::Paste(text) => {
                if let Some(super::state::Dialog::Note(field)) = app.dialog.as_mut() {
                    field.insert_str(&text);
                } else if app.filtering {
                    app.filter.insert_str(&text);
                }
                dirty = true;
            }
            Input::Redraw | Input::Resumed => {
                tui.redraw_all();
                dirty = true;
            }
            Input::Mouse(ev) => {
                let size = tui.size();
                dirty |= mouse(app, &ev, size.width);
            }
            Input::Tick => {}
            Input::Stop(reason) => {
                app.flush_pending();
                return Some(reason);
            }
        }
        if app.quit {
            app.flush_pending();
            return None;
        }
    }
}

/// Test hook: with `XAL_TEST_PANIC=1` in the environment the first key panics, so that
/// tests/tui_e2e.rs can check that a panic of the real program gives the terminal back.
fn panic_if_asked() {
    static ASKED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ASKED.get_or_init(|| std::env::var_os("XAL_TEST_PANIC").is_some_and(|v| v == "1")) {
        panic!("XAL_TEST_PANIC=1: panicking on a key, as asked");
    }
}

/// The mouse (only with `--mouse`): the wheel moves like `j`/`k`, a click focuses a pane.
fn mouse(app: &mut App, ev: &crossterm::event::MouseEvent, width: u16) -> bool {
    use crossterm::event::{MouseButton, MouseEventKind};
    if app.dialog.is_some() {
        return false;
    }
    match ev.kind {
        MouseEventKind::ScrollDown => app.act(Action::Down),
        MouseEventKind::ScrollUp => app.act(Action::Up),
        MouseEventKind::Down(MouseButton::Left) => {
            let pane = view::pane_at(app, ev.column, width);
            if pane == super::state::Pane::List || app.open.is_some() {
                app.focus = pane;
            }
        }
        _ => return false,
    }
    true
}

/// Appends a line to `<data dir>/xal.log`; the screen belongs to the interface.
fn log(data_dir: &Path, line: &str) {
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(data_dir.join("xal.log"))
    {
        let _ = writeln!(f, "{} {line}", chrono::Local::now().to_rfc3339());
    }
}
