//! The terminal interface's foundation: owning the terminal, themes, the keymap, bilingual
//! interface text, and Thai-safe text editing and wrapping. The panes are built on these.
//!
//! The shape of the main loop:
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use xal::tui::keymap::{Action, Context};
//! use xal::tui::settings::{self, Flags};
//! use xal::tui::terminal::{Input, Options, Tui};
//!
//! let settings = settings::resolve(&Flags::default(), xal::paths::config_dir().as_deref());
//! let mut tui = Tui::start(Options { mouse: settings.mouse })?;
//! let mut dirty = true;
//! loop {
//!     // Draw only after a change: ratatui sends only changed cells, one write per frame.
//!     if dirty && tui.draw(|_frame| { /* view(frame, &state) */ }).is_err() {
//!         break; // the terminal is gone: save and leave
//!     }
//!     dirty = false;
//!     match tui.next_input(Duration::from_secs(1)) {
//!         Input::Key(k) => match settings.keymap.action(Context::List, &k) {
//!             Some(Action::Quit) => break,
//!             Some(Action::Suspend) => {
//!                 tui.suspend()?;
//!                 dirty = true;
//!             }
//!             _ => dirty = true,
//!         },
//!         Input::Redraw => dirty = true,
//!         Input::Stop(_) => break, // SIGTERM, SIGHUP or a hang-up: save, then leave
//!         _ => {}
//!     }
//! }
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod action;
pub mod extras;
pub mod help;
pub mod i18n;
pub mod key;
pub mod keymap;
pub mod run;
pub mod settings;
pub mod state;
pub mod terminal;
pub mod textfield;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;
