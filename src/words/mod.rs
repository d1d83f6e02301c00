//! Sentences the subcommands and the interface share, so the interface's keys say exactly
//! what the commands do. The layers below keep facts; words in Thai or English are made here.

pub mod git;
