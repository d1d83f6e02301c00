//! The trainer's workflow: scenario packs, handing them out, collecting trainees' answers;
//! plus importing assessment files and resetting a data dir for the next class.
#![forbid(unsafe_code)]

pub mod class_report;
pub mod collect;
pub mod grid;
pub mod handout;
pub mod import;
pub mod pack;
pub mod reset;
pub mod start;

use xal_core::{answers, diag, engine, ruleset, text};
use xal_report::report;
use xal_store::{paths, store};

pub use start::hide_result;

/// What went wrong: the user's input (exit 2) or the file system (exit 1).
#[derive(Debug, PartialEq, Eq)]
pub enum TrainError {
    Input(String),
    Io(String),
}

impl std::fmt::Display for TrainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrainError::Input(s) | TrainError::Io(s) => f.write_str(s),
        }
    }
}
