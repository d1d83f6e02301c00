//! xal's pure core: answers as stored, rulesets (loaded from texts it is given), the engine
//! that evaluates answers into levels and reasons, and Thai-safe text measuring.
//!
//! Nothing here touches the disk, the clock or a terminal.
#![forbid(unsafe_code)]

pub mod answers;
pub mod diag;
pub mod digest;
pub mod engine;
pub mod ruleset;
pub mod text;
