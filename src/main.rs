#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use xal::cli::{Cli, Failure, Global};
use xal::text::Lang;
use xal::tui::run::StartOptions;
use xal::tui::settings::Flags;

fn main() -> ExitCode {
    // A shell asking for completions gets them and nothing else.
    xal::cli::complete::from_env();
    let cli = Cli::parse();
    xal::cli::run(cli, interface)
}

/// `xal` without a subcommand: the command line's and the environment's part, as plain values.
fn interface(global: &Global, ruleset: Option<&str>, lang: Lang) -> Result<(), Failure> {
    let term = std::env::var("TERM").ok();
    if let Some(why) = xal::tui::caps::unusable_terminal(term.as_deref(), lang) {
        return Err(Failure::BadInput(why));
    }
    let data_dir = xal::paths::data_dir(global.data_dir.as_deref()).ok_or_else(|| {
        Failure::BadInput("no data directory: give --data-dir DIR or set XAL_DATA_DIR".into())
    })?;
    // clap has read `--lang` and `XAL_LANG` into it; the locale is only a fallback.
    let lang_explicit = global.lang.is_some();
    // Without a UTF-8 locale the terminal cannot be trusted with box drawing or symbols.
    let utf8_locale = xal::tui::terminal::locale_is_utf8();
    let opts = StartOptions {
        data_dir,
        config_dir: xal::paths::config_dir(),
        flags: Flags {
            lang,
            lang_explicit,
            theme: global.theme.clone(),
            no_color: global.no_color || xal::tui::caps::no_color_env(),
            // A DEC VT shows no Unicode box drawing, whatever the locale says.
            ascii: global.ascii || !utf8_locale || xal::tui::caps::is_dec_vt(term.as_deref()),
            mouse: global.mouse,
            depth: xal::tui::caps::color_depth_env(global.no_color),
            ruleset: ruleset.map(str::to_string),
        },
        utf8_locale,
    };
    match xal::tui::run::run(&opts) {
        // Stopped by a signal: everything is saved and the terminal given back; the status
        // says why, as a shell reports it.
        Ok(Some(status)) => std::process::exit(status),
        Ok(None) => Ok(()),
        Err(e) => Err(Failure::BadInput(e)),
    }
}
