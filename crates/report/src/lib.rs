//! What is made of results: the record of an approval and its fingerprints ([`record`]), the
//! list's summary of a file ([`catalog`]), and every report, comparison and JSON value, in Thai
//! or English ([`report`]). Nothing here writes a file.
#![forbid(unsafe_code)]

pub mod catalog;
pub mod record;
pub mod report;

use xal_core::{answers, diag, digest, engine, ruleset, text};
use xal_store::store;
