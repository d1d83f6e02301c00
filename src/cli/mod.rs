//! The command line: clap definitions and the headless subcommands.

mod assessments;
mod diff;
mod eval;
mod export;
mod files;
mod input;
mod lookup;
mod rulesets;
pub mod term;
mod train;
mod trash;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diag::Diagnostic;
use crate::text::Lang;
pub use term::Term;

// The whole command line. Its `clap::Command` is built by hand (`CommandFactory` below) rather
// than derived, so that `Cli::parse()` and `Cli::command()` both see the environment rule of
// `ENV_OPTIONS`. (Not a doc comment: clap would print it as the program's description.)
#[derive(Args, Debug)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// The interface: the ruleset a new assessment starts with [default: `ruleset` in
    /// config.toml, else dgs-1-2-2564]
    #[arg(long, value_name = "ID")]
    pub ruleset: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The variables clap reads for global options. Set but empty means unset, as it does for
/// most tools (a `XAL_DATA_DIR=` left in a script must not stop xal); clap itself would take
/// the empty value and reject it.
const ENV_OPTIONS: [(&str, &str); 2] = [("data_dir", "XAL_DATA_DIR"), ("lang", "XAL_LANG")];

fn top_level() -> clap::Command {
    clap::Command::new("xal")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Choose the IAL and AAL of an online service (DGS 1-2:2564, NIST SP 800-63)")
        .long_about(
            "xal walks an assessor through a ruleset's risk questions and shows the required \
Identity Assurance Level (IAL) and Authenticator Assurance Level (AAL) with the reasons.\n\
Without a subcommand it opens the terminal interface.",
        )
}

/// Options whose variable is set but empty no longer read it.
fn without_empty_env(mut cmd: clap::Command) -> clap::Command {
    for (id, var) in ENV_OPTIONS {
        if std::env::var_os(var).is_some_and(|v| v.is_empty()) {
            cmd = cmd.mut_arg(id, |a| a.env(None));
        }
    }
    cmd
}

impl CommandFactory for Cli {
    fn command() -> clap::Command {
        without_empty_env(<Cli as Args>::augment_args(top_level()))
    }

    fn command_for_update() -> clap::Command {
        without_empty_env(<Cli as Args>::augment_args_for_update(top_level()))
    }
}

/// `Cli::parse()` as clap's, but a command line clap refuses is one `xal: …` line on
/// standard error, with the usage, through the same boundary as everything else (an
/// argument can hold an escape), exit 2; help and the version are clap's own, exit 0.
impl Parser for Cli {
    fn parse() -> Self {
        match Self::try_parse() {
            Ok(cli) => cli,
            Err(e) if !e.use_stderr() => e.exit(),
            Err(e) => {
                term::with_stdio(|t| t.report(Failure::BadInput(usage_error(&e))));
                std::process::exit(2)
            }
        }
    }
}

#[derive(Args, Debug, Clone, Default)]
pub struct Global {
    /// Folder of saved assessments [default: the user's data dir]
    #[arg(long, global = true, value_name = "DIR", env = "XAL_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language [default: from LC_ALL, LC_MESSAGES or LANG]
    #[arg(long, global = true, env = "XAL_LANG", value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
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
    /// Write a report of an assessment (md, html, json) or a CSV of assessments
    Export(ExportArgs),
    /// Compare two assessments, or one under another ruleset
    Diff(DiffArgs),
    /// Trainer workflow: hand out a scenario pack, collect the trainees' answers
    #[command(subcommand)]
    Train(TrainCommand),
    /// Move the data dir aside to a timestamped backup and start empty
    Reset(ResetArgs),
    /// Copy assessment files into the data dir (fresh ids when they clash)
    Import(ImportArgs),
    /// Deleted assessments: list them, or put one back
    #[command(subcommand)]
    Trash(TrashCommand),
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
    /// Also list the single-answer changes that would raise or lower a level
    #[arg(long)]
    pub explain: bool,
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

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Html,
    Json,
    Csv,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Assessment id (or a unique prefix of it) or assessment file
    pub target: Option<String>,
    /// Every assessment in the data dir (with --format csv)
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Start a CSV with a byte-order mark (for spreadsheet programs)
    #[arg(long)]
    pub bom: bool,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Assessment id or file
    pub a: String,
    /// Second assessment id or file (omit with --ruleset)
    pub b: Option<String>,
    /// Re-evaluate A under this ruleset and show what changes
    #[arg(long, value_name = "ID|PATH")]
    pub ruleset: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum CollectFormat {
    Md,
    Html,
    Csv,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// Copy a pack's scenarios (without reference answers) into a fresh data dir
    Start {
        /// Folder of a scenario pack (e.g. scenarios/th-gov-basics)
        pack: PathBuf,
        /// Hide the result in the interface until every question is answered
        #[arg(long)]
        hide_result: bool,
        /// The trainee's name, as `train collect` shows it (default: the folder's name)
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        /// Reset the data dir first (as `xal reset --yes`), to hand the pack out again
        #[arg(long)]
        reset: bool,
    },
    /// Show the result to the trainee again (lifts `train start --hide-result`)
    Reveal,
    /// Tally trainees' answers per scenario and compare them with the reference
    Collect {
        /// Trainees' data dirs, folders of assessment files or JSON exports, or such files
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Scenario pack whose reference answers to compare with
        #[arg(long, value_name = "PACK")]
        reference: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = CollectFormat::Md)]
        format: CollectFormat,
    },
}

#[derive(Args, Debug)]
pub struct ResetArgs {
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
    /// Delete this data dir's backups instead (after confirmation)
    #[arg(long)]
    pub purge: bool,
    /// Where backups go (default: `.xal-backups/` beside the data dir)
    #[arg(long, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum TrashCommand {
    /// The files in the trash, newest first: id, when it was deleted, the service
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Put an assessment back from the trash (refused when its id is in use)
    Restore {
        /// Its id (or a unique prefix of it), as `trash list` shows it
        id: String,
    },
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Assessment files to copy into the data dir
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// A failure a command reports, and the exit code it means (see [`Term::report`]).
#[derive(Debug)]
pub enum Failure {
    /// Bad input in files (exit 2): one `FILE:LINE:COLUMN: message` (or `FILE: message`)
    /// line each.
    Input(Vec<Diagnostic>),
    /// Bad input on the command line, no file involved (exit 2): `xal: message`.
    BadInput(String),
    /// Bad input said by a lower layer (`crate::train`) as whole lines, each already
    /// `FILE:LINE:COLUMN: message` or `FILE: message` (exit 2).
    InputLines(Vec<String>),
    /// A read or write the system refused — a full disk, an I/O error, a folder that cannot
    /// be written (exit 1): one line naming the file, `FILE: message`.
    Io(String),
    /// A failure of xal itself, or of an output with no file (exit 1): `xal: message`.
    Internal(String),
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Input(vec![d])
    }
}

/// The language for this run: `--lang` or `XAL_LANG` (clap has read and checked both), else
/// the locale.
pub fn resolve_lang(flag: Option<Lang>) -> Lang {
    if let Some(l) = flag {
        return l;
    }
    let var = |k: &str| std::env::var(k).ok();
    Lang::from_locale_vars(&[var("LC_ALL"), var("LC_MESSAGES"), var("LANG")])
}

/// `--lang th|en` (and `XAL_LANG`), checked by clap so that a wrong value is a clear error.
/// Implemented here rather than derived in `text` so that the base layer needs no clap.
impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &[Lang::Th, Lang::En]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.code()))
    }
}

/// clap's message for a refused command line, as one line: what is wrong, then the usage.
/// ("the following required arguments were not provided: <ID> (usage: xal show <ID>; see
/// --help)").
pub fn usage_error(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let usage = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Usage: "))
        .map(|u| format!(" (usage: {u}; see --help)"))
        .unwrap_or_else(|| " (see --help)".to_string());
    let what = if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        "a subcommand is required".to_string()
    } else {
        // The first paragraph says what is wrong; its lines are joined.
        let first: Vec<&str> = text
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        first.join(" ").trim_start_matches("error: ").to_string()
    };
    format!("{what}{usage}")
}

/// Runs a parsed command line; `interface` opens the terminal interface. Everything a
/// headless command prints, and the failure any command ends with, goes through one [`Term`]
/// over standard output and error.
pub fn run(
    cli: Cli,
    interface: impl FnOnce(&Global, Option<&str>, Lang) -> Result<(), Failure>,
) -> ExitCode {
    term::with_stdio(|t| run_with(t, cli, interface))
}

/// [`run`] over any [`Term`] (a test's buffers).
pub fn run_with(
    t: &mut Term<'_>,
    cli: Cli,
    interface: impl FnOnce(&Global, Option<&str>, Lang) -> Result<(), Failure>,
) -> ExitCode {
    let lang = resolve_lang(cli.global.lang);
    let result = match cli.command {
        None => interface(&cli.global, cli.ruleset.as_deref(), lang),
        Some(Command::Eval(args)) => eval::run(t, &args, lang),
        Some(Command::Ruleset(cmd)) => rulesets::run(t, &cmd, lang),
        Some(Command::List(args)) => assessments::list(t, &cli.global, &args, lang),
        Some(Command::Show(args)) => assessments::show(t, &cli.global, &args, lang),
        Some(Command::Export(args)) => export::run(t, &cli.global, &args, lang),
        Some(Command::Diff(args)) => diff::run(t, &cli.global, &args, lang),
        Some(Command::Train(cmd)) => train::run(t, &cli.global, &cmd, lang),
        Some(Command::Reset(args)) => train::reset(t, &cli.global, &args, lang),
        Some(Command::Import(args)) => train::import(t, &cli.global, &args, lang),
        Some(Command::Trash(cmd)) => trash::run(t, &cli.global, &cmd),
        Some(Command::Completions { shell }) => completions(t, shell),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => t.report(f),
    }
}

fn completions(t: &mut Term<'_>, shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "xal", &mut script);
    let script = String::from_utf8(script)
        .map_err(|e| Failure::Internal(format!("completion script: {e}")))?;
    t.text(&script)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(args: &[&str]) -> String {
        let e = Cli::try_parse_from(args).expect_err("clap refuses it");
        usage_error(&e)
    }

    #[test]
    fn a_refused_command_line_is_one_line_with_its_usage() {
        assert_eq!(
            refused(&["xal", "show"]),
            "the following required arguments were not provided: <ID> \
             (usage: xal show <ID>; see --help)"
        );
        assert_eq!(
            refused(&["xal", "train"]),
            "a subcommand is required (usage: xal train [OPTIONS] <COMMAND>; see --help)"
        );
        assert_eq!(
            refused(&["xal", "--lang", "xx", "list"]),
            "invalid value 'xx' for '--lang <LANG>' [possible values: th, en] (see --help)"
        );
        for args in [
            &["xal", "show"][..],
            &["xal", "train"],
            &["xal", "--frob"],
            &["xal", "eval", "--format", "yaml"],
        ] {
            assert!(!refused(args).contains('\n'), "{args:?}");
        }
    }
}
