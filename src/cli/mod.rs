//! The command line: clap definitions and the headless subcommands.

mod assessments;
mod eval;
mod input;
mod rulesets;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diag::Diagnostic;
use crate::text::Lang;

#[derive(Parser, Debug)]
#[command(
    name = "xal",
    version,
    about = "Choose the IAL and AAL of an online service (DGS 1-2:2564, NIST SP 800-63)",
    long_about = "xal walks an assessor through a ruleset's risk questions and shows the required \
Identity Assurance Level (IAL) and Authenticator Assurance Level (AAL) with the reasons.\n\
Without a subcommand it opens the terminal interface."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone, Default)]
pub struct Global {
    /// Folder of saved assessments (default: XAL_DATA_DIR, else the user's data dir)
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language: th or en (default: XAL_LANG, else LANG/LC_ALL)
    #[arg(long, global = true, value_name = "th|en")]
    pub lang: Option<String>,
    /// Colour theme of the interface (default, light, high-contrast, monochrome, or your own)
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// No colour at all (also with NO_COLOR set)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Draw borders with ASCII characters
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Let the mouse select and scroll in the interface
    #[arg(long, global = true)]
    pub mouse: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate the answers in an assessment file (or - for standard input)
    Eval(EvalArgs),
    /// Check, list or print rulesets
    #[command(subcommand)]
    Ruleset(RulesetCommand),
    /// List the saved assessments
    List(ListArgs),
    /// Show one saved assessment and its result
    Show(ShowArgs),
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Assessment file, or - for standard input
    #[arg(default_value = "-")]
    pub file: String,
    /// Ruleset id (built-in or your own) or path of a ruleset file
    #[arg(long, value_name = "ID|PATH")]
    pub ruleset: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum RulesetCommand {
    /// Validate ruleset files and run their worked examples
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List the rulesets available
    List,
    /// Print a ruleset's file (a start for your own in <config dir>/rulesets/)
    Show { id: String },
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Assessment id (or a unique prefix of it)
    pub id: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// A failure a command reports: bad input (exit 2) or an internal or I/O failure (exit 1).
#[derive(Debug)]
pub enum Failure {
    Input(Vec<Diagnostic>),
    BadInput(String),
    Internal(String),
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Input(vec![d])
    }
}

/// The language for this run: `--lang`, then `XAL_LANG`, then the locale.
pub fn resolve_lang(flag: Option<&str>) -> Result<Lang, Failure> {
    if let Some(f) = flag {
        return Lang::parse(f).ok_or_else(|| {
            Failure::BadInput(format!("--lang: unknown language `{f}` (use th or en)"))
        });
    }
    if let Some(l) = std::env::var("XAL_LANG").ok().and_then(|v| Lang::parse(&v)) {
        return Ok(l);
    }
    let var = |k: &str| std::env::var(k).ok();
    Ok(Lang::from_locale_vars(&[
        var("LC_ALL"),
        var("LC_MESSAGES"),
        var("LANG"),
    ]))
}

/// Runs a parsed command line; `interface` opens the terminal interface.
pub fn run(cli: Cli, interface: impl FnOnce(&Global, Lang) -> Result<(), Failure>) -> ExitCode {
    let result = resolve_lang(cli.global.lang.as_deref()).and_then(|lang| match cli.command {
        None => interface(&cli.global, lang),
        Some(Command::Eval(args)) => eval::run(&args, lang),
        Some(Command::Ruleset(cmd)) => rulesets::run(&cmd, lang),
        Some(Command::List(args)) => assessments::list(&cli.global, &args, lang),
        Some(Command::Show(args)) => assessments::show(&cli.global, &args, lang),
        Some(Command::Completions { shell }) => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "xal", &mut std::io::stdout());
            Ok(())
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => report(f),
    }
}

fn report(f: Failure) -> ExitCode {
    let mut err = std::io::stderr().lock();
    match f {
        Failure::Input(diags) => {
            for d in diags {
                let _ = writeln!(err, "{d}");
            }
            ExitCode::from(2)
        }
        Failure::BadInput(msg) => {
            let _ = writeln!(err, "xal: {msg}");
            ExitCode::from(2)
        }
        Failure::Internal(msg) => {
            let _ = writeln!(err, "xal: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Writes to stdout; a closed pipe (`xal list | head`) is not an error worth a panic.
pub(crate) fn out(text: &str) -> Result<(), Failure> {
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Internal(format!("cannot write output: {e}"))),
    }
}
