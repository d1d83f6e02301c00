//! xal: choose the identity (IAL) and authenticator (AAL) assurance levels of an online service.
//!
//! This crate is the application: the interface's model (`app`), the terminal (`tui`), the
//! subcommands (`cli`) and the sentences they share (`words`). The layers below are crates of
//! their own under `crates/`, each using only those before it (docs/architecture.md):
//! `xal-core` (answers, rulesets, the engine, text) → `xal-store` (files) → `xal-report` (record,
//! catalog, reports) → `xal-git`, `xal-train` → this crate. They are re-exported under their
//! module names, so `xal::store` is `xal_store::store`.
//!
//! No `unsafe`: system calls go through `rustix` and `std`.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod clock;
pub mod tui;
pub mod words;

pub use xal_core::{answers, diag, digest, engine, ruleset, text};
pub use xal_git as git;
pub use xal_report::{catalog, record, report};
pub use xal_store::{paths, store};
pub use xal_train as train;
