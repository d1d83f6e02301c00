//! Keys: one key press as bindings see it ([`key::Key`]) and the bindings
//! ([`keymap::Keymap`]); `tui::input` turns a press into an app event.

pub mod key;
pub mod keymap;

pub use key::Key;
pub use keymap::{Binding, KeyOverride, Keymap, chain, pane_context};
