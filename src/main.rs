use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = xal::cli::Cli::parse();
    xal::cli::run(cli, |_, _| {
        Err(xal::cli::Failure::Internal(
            "the terminal interface is not in this build yet; see `xal --help`".into(),
        ))
    })
}
