//! Every integration test in one binary: one link of the library instead of one per file, so
//! the suite builds once. Each file under `tests/` is a module here; the shared helpers are
//! `support` and `git_common`. Run one file's tests with `cargo test --test suite carry_over::`
//! (a file of the slow tier: `slow::store_torture::`).

mod git_common;
mod support;

mod app_model;
mod approved_edit;
mod carry_over;
mod cli_completions;
mod cli_contract;
mod cli_env;
mod cli_eval;
mod cli_failures;
mod cli_list_show;
mod cli_output;
mod cli_package;
mod cli_trash;
mod cli_user_rulesets;
mod dias_document;
mod dias_journey;
mod find_anything;
mod git_hostile;
mod git_hostile_sync;
mod git_interface;
mod git_pty;
mod git_signoff;
mod git_sync;
mod git_tui;
mod hidden_everywhere;
mod interrupted_runs;
mod journeys_80x24;
mod json_schema;
mod large_file;
mod level_labels;
mod live_disk;
mod lower_bounds;
mod one_writer;
mod record_order;
mod record_reports;
mod record_signoff;
mod record_verify;
mod record_xlsx;
mod report_diff;
mod report_export;
mod report_whatif;
mod ruleset_check;
mod signed_signoffs;
mod signoff_surfaces;
mod store_broken;
mod store_index;
mod store_roundtrip;
mod store_special_files;
mod support_check;
mod terminal_caps;
mod text_safe;
mod thai_values;
mod train_class;
mod train_debrief;
mod train_hide;
mod train_hide_tui;
mod train_pack;
mod train_provenance;
mod train_workflow;
mod tui_config;
mod tui_e2e;
mod tui_help;
mod tui_journeys;
mod tui_pickers;
mod tui_reports_e2e;
mod tui_snapshots;
mod tui_statement;
mod tui_terminal;
mod tui_theme;
mod tui_tmux;
mod vectors;
mod whatif_plan;

/// The slow tier: property tests over generated input, exhaustive searches, kill-9 torture and
/// printing through Chromium. `cargo test` runs it with the rest (CI does); while working,
/// `cargo test --test suite -- --skip slow::` leaves it out. Its files stay beside the others.
#[path = "."]
mod slow {
    #[path = "git_merge.rs"]
    mod git_merge;
    #[path = "lower_bound_search.rs"]
    mod lower_bound_search;
    #[path = "report_pdf.rs"]
    mod report_pdf;
    #[path = "ruleset_fuzz.rs"]
    mod ruleset_fuzz;
    #[path = "store_atomic.rs"]
    mod store_atomic;
    #[path = "store_fuzz.rs"]
    mod store_fuzz;
    #[path = "store_torture.rs"]
    mod store_torture;
    #[path = "table_6_1.rs"]
    mod table_6_1;
}
