//! xal: choose the identity (IAL) and authenticator (AAL) assurance levels of an online service.
//!
//! Layers, each using only those above it: `ruleset` (data) → `engine` (pure evaluation) →
//! `store` (assessment files) → `cli` / `tui`.
//!
//! No `unsafe`: system calls go through `rustix` and `std`.
#![forbid(unsafe_code)]

pub mod answers;
pub mod app;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod diag;
pub mod digest;
pub mod engine;
pub mod git;
pub mod paths;
pub mod record;
pub mod report;
pub mod ruleset;
pub mod store;
pub mod text;
pub mod train;
pub mod tui;
