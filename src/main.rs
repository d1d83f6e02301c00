use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = xal::cli::Cli::parse();
    xal::cli::run(cli, xal::tui::run::run)
}
