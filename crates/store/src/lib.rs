//! Every file under the data dir and the config dir: assessments (atomic saves, the conflict
//! check, the index, the trash), exports, the log; user rulesets, themes and `config.toml` read
//! as text. Where those dirs are is [`paths`].
#![forbid(unsafe_code)]

pub mod paths;
pub mod store;

use xal_core::{answers, diag, ruleset, text};
