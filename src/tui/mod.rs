//! The terminal interface: the main loop and what it drives (`run`, `effects`), owning the
//! terminal (`terminal`), keys (`keys`, `config`, `settings`), one layout per frame (`layout`),
//! drawing the app (`view`, `popups`, `widgets`, `hints`), themes and the interface's words
//! (`theme`, `i18n`). The model it draws is `crate::app`.

pub mod caps;
pub mod config;
pub mod effects;
pub mod hints;
pub mod i18n;
pub mod input;
pub mod keys;
pub mod layout;
pub mod paint;
pub mod popups;
pub mod run;
pub mod settings;
pub mod symbols;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod watch;
pub mod widgets;
