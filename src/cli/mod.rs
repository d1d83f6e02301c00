//! The command line: clap definitions and the headless subcommands.
//!
//! What every subcommand keeps, by construction (`tests/cli_contract.rs` checks them all):
//! - it writes only through [`Term`]: data on stdout, each problem one line on stderr;
//! - it returns `Result<(), Failure>`: the failure's kind is the exit code (2 bad input,
//!   1 I/O or internal); a command that compares says how it came out with
//!   [`Term::verdict`] (0 same, 1 different, 3 conflicts left);
//! - a command that reads files takes `--strict` by flattening [`StrictArg`] and hands what
//!   it would pass over to [`StrictArg::enforce`];
//! - its help ends with `Examples:` (`after_help`), and only the interface's own flags are
//!   top-level only;
//! - a value it names (an id, a ruleset, a theme) completes through `complete`.

mod approve;
mod assessments;
pub mod complete;
mod diff;
mod eval;
mod export;
mod files;
mod history;
mod input;
mod lookup;
pub mod man;
mod merge_file;
mod repo;
mod rulesets;
mod strict;
pub mod term;
mod train;
mod trash;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diag::Diagnostic;
use crate::text::Lang;
pub use strict::StrictArg;
pub use term::{Term, Verdict};

// The whole command line. Its `clap::Command` is built by hand (`CommandFactory` below) rather
// than derived, so that `Cli::parse()` and `Cli::command()` both see the environment rule of
// `ENV_OPTIONS`. (Not a doc comment: clap would print it as the program's description.)
#[derive(Args, Debug)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// The interface: the ruleset a new assessment starts with [default: `ruleset` in
    /// config.toml, else dgs-1-2-2564]
    #[arg(long, value_name = "ID", add = complete::ruleset())]
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
    #[arg(long, global = true, env = "XAL_LANG", value_parser = lang_values(), ignore_case = true)]
    pub lang: Option<Lang>,
    // The interface's own flags are not global: a subcommand's help lists only what it uses.
    /// The interface: colour theme (default, light, high-contrast, monochrome, or your own)
    #[arg(long, value_name = "NAME", add = complete::theme())]
    pub theme: Option<String>,
    /// The interface: no colour at all (also with NO_COLOR set)
    #[arg(long)]
    pub no_color: bool,
    /// The interface: ASCII only — borders, marks and arrows (also when the locale is not
    /// UTF-8)
    #[arg(long)]
    pub ascii: bool,
    /// The interface: let the mouse select and scroll
    #[arg(long)]
    pub mouse: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate the answers in an assessment file (or - for standard input)
    #[command(
        after_help = "Examples:\n  xal eval answers.toml\n  xal eval answers.toml --format json --ruleset nist-800-63-3\n  cat answers.toml | xal eval - --strict\n  xal --lang th eval answers.toml --explain"
    )]
    Eval(EvalArgs),
    /// Check, list or print rulesets
    #[command(
        after_help = "Examples:\n  xal ruleset list\n  xal ruleset check my-ruleset.toml --strict\n  xal ruleset show dgs-1-2-2564 > my-ruleset.toml"
    )]
    #[command(subcommand)]
    Ruleset(RulesetCommand),
    /// List the saved assessments
    #[command(
        after_help = "Examples:\n  xal list\n  xal list --format json\n\nBroken files are said on standard error (exit 2) and are entries with \"error\" in JSON."
    )]
    List(ListArgs),
    /// Show one saved assessment and its result
    #[command(
        after_help = "Examples:\n  xal show 01JDQ4Y7\n  xal show 01JDQ4Y7 --format json --strict"
    )]
    Show(ShowArgs),
    /// Write a report of an assessment (md, html, json) or a CSV or xlsx of assessments
    #[command(
        after_help = "Examples:\n  xal export 01JDQ4Y7 --format html -o report.html\n  xal export answers.toml --format md --lang th\n  xal export --all --format csv --bom -o all.csv\n  xal export --all --format xlsx -o all.xlsx"
    )]
    Export(ExportArgs),
    /// Compare two assessments, or one under another ruleset
    #[command(
        after_help = "Examples:\n  xal diff 01JDQ4Y7 01JEZZZZ\n  xal diff answers.toml --ruleset nist-800-63-4 --format json\n\nExit: 0 the same, 1 different, 2 trouble (as diff(1))."
    )]
    Diff(DiffArgs),
    /// Trainer workflow: hand out a scenario pack, collect the trainees' answers
    #[command(
        after_help = "Examples:\n  xal --data-dir /tmp/trainee train start scenarios/th-gov-basics\n  xal train collect class/*/ --reference scenarios/th-gov-basics --format csv"
    )]
    #[command(subcommand)]
    Train(TrainCommand),
    /// Move the data dir aside to a timestamped backup and start empty
    #[command(after_help = "Examples:\n  xal reset\n  xal --data-dir /tmp/xal-demo reset --yes")]
    Reset(ResetArgs),
    /// Copy assessment files into the data dir (fresh ids when they clash)
    #[command(after_help = "Examples:\n  xal import received/*.toml\n  xal import a.toml --strict")]
    Import(ImportArgs),
    /// Deleted assessments: list them, or put one back
    #[command(
        after_help = "Examples:\n  xal trash list --format json\n  xal trash restore 01JDQ4Y7"
    )]
    #[command(subcommand)]
    Trash(TrashCommand),
    /// Record a sign-off (reviewed or approved) on an assessment's current content
    #[command(
        after_help = "Examples:\n  xal approve 01JDQ4Y7 --by \"Somchai K.\" --role \"Authorising official\"\n  xal approve 01JDQ4Y7 --by Malee --step reviewed --review-months 6"
    )]
    Approve(ApproveArgs),
    /// Check a report (json, html, md) or a fingerprint from paper against the assessment file
    #[command(
        after_help = "Examples:\n  xal verify report.html\n  xal verify report.json 01JDQ4Y7\n  xal verify 01JDQ4Y7 --fingerprint \"3f2a 91c0 …\"\n\nExit: 0 it matches, 1 it does not, 2 trouble."
    )]
    Verify(VerifyArgs),
    /// Share the data dir through git
    #[command(after_help = "Examples:\n  xal repo init --remote /srv/git/assessments.git")]
    #[command(subcommand)]
    Repo(RepoCommand),
    /// Commit what is pending, fetch, merge answer by answer, push
    #[command(after_help = "Examples:\n  xal sync\n  xal --data-dir /srv/xal sync")]
    Sync,
    /// Every change of an assessment, answer by answer, with author and date
    #[command(
        after_help = "Examples:\n  xal history 01JDQ4Y7\n  xal history 01JDQ4Y7 --answer impact.proofing --format json"
    )]
    History(HistoryArgs),
    /// The merge driver git runs for assessment files
    #[command(
        after_help = "Examples:\n  xal merge-file %O %A %B --path %P   (as `xal repo init` sets it in .git/config)"
    )]
    MergeFile(MergeFileArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  xal completions bash > ~/.local/share/bash-completion/completions/xal\n  xal completions fish > ~/.config/fish/completions/xal.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page xal(1), made from these definitions (for packagers)
    #[command(
        hide = true,
        after_help = "Examples:\n  xal man > xal.1\n  xal man | man -l -"
    )]
    Man,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Assessment or answers file, or - for standard input (the default when it is not a
    /// terminal)
    #[arg(value_name = "FILE|-")]
    pub file: Option<String>,
    /// Ruleset id (built-in or your own) or path of a ruleset file
    #[arg(long, value_name = "ID|PATH", add = complete::ruleset_or_file())]
    pub ruleset: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also list the single-answer changes that would raise or lower a level
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub strict: StrictArg,
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
    #[command(
        after_help = "Examples:\n  xal ruleset check rulesets/*.toml\n  xal ruleset check mine.toml --strict"
    )]
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Fail (exit 2) on warnings too
        #[arg(long)]
        strict: bool,
    },
    /// List the rulesets available
    #[command(after_help = "Examples:\n  xal ruleset list")]
    List,
    /// Print a ruleset's file (a start for your own in <config dir>/rulesets/)
    #[command(
        after_help = "Examples:\n  xal ruleset show nist-800-63-3 > ~/.config/xal/rulesets/mine.toml"
    )]
    Show {
        #[arg(add = complete::ruleset())]
        id: String,
    },
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Only the approved assessments overdue for review or due within 30 days
    #[arg(long)]
    pub due: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Assessment id (or a unique prefix of it)
    #[arg(add = complete::id())]
    pub id: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub strict: StrictArg,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Html,
    Json,
    Csv,
    /// An Excel workbook: a sheet of assessments, a sheet of answers (binary: -o FILE or a
    /// redirect)
    Xlsx,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Assessment id (or a unique prefix of it) or assessment file
    #[arg(add = complete::id_or_file())]
    pub target: Option<String>,
    /// Every assessment in the data dir (with --format csv or xlsx)
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Start a CSV with a byte-order mark (the default: spreadsheet programs then read Thai)
    #[arg(long, overrides_with = "no_bom")]
    pub bom: bool,
    #[command(flatten)]
    pub strict: StrictArg,
    /// A CSV without the byte-order mark
    #[arg(long)]
    pub no_bom: bool,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Assessment id or file
    #[arg(add = complete::id_or_file())]
    pub a: String,
    /// Second assessment id or file (omit with --ruleset)
    #[arg(add = complete::id_or_file())]
    pub b: Option<String>,
    /// Re-evaluate A under this ruleset and show what changes
    #[arg(long, value_name = "ID|PATH", add = complete::ruleset_or_file())]
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
    #[command(
        after_help = "Examples:\n  xal --data-dir /tmp/trainee train start scenarios/th-gov-basics --hide-result\n  xal --data-dir /tmp/trainee train start scenarios/th-gov-basics --handout handout/"
    )]
    Start {
        /// Folder of a scenario pack (e.g. scenarios/th-gov-basics)
        pack: PathBuf,
        /// Hide the result (levels, reasons, reports) from the trainee until the trainer runs `xal train reveal`
        #[arg(long)]
        hide_result: bool,
        /// The trainee's name, as `train collect` shows it (default: the folder's name)
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        /// Reset the data dir first (as `xal reset --yes`), to hand the pack out again
        #[arg(long)]
        reset: bool,
        /// Also write the class handout (the scenarios' briefs, no answers) into DIR
        #[arg(long, value_name = "DIR")]
        handout: Option<PathBuf>,
    },
    /// Show the result to the trainee again (lifts `train start --hide-result`)
    #[command(after_help = "Examples:\n  xal --data-dir /tmp/trainee train reveal")]
    Reveal,
    /// Tally trainees' answers per scenario and compare them with the reference
    #[command(
        after_help = "Examples:\n  xal train collect class/*/ --reference scenarios/th-gov-basics\n  xal train collect class/*/ --format json"
    )]
    Collect {
        /// Trainees' data dirs, folders of assessment files or JSON exports, or such files
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Scenario pack whose reference answers to compare with
        #[arg(long, value_name = "PACK")]
        reference: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = CollectFormat::Md)]
        format: CollectFormat,
        /// Also write one debrief page per trainee (Markdown and HTML) into DIR
        #[arg(long, value_name = "DIR")]
        handout: Option<PathBuf>,
        /// Start the CSV with a byte-order mark (the default, as `export`: spreadsheet
        /// programs then read Thai)
        #[arg(long, overrides_with = "no_bom")]
        bom: bool,
        /// A CSV without the byte-order mark
        #[arg(long)]
        no_bom: bool,
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
    #[command(after_help = "Examples:\n  xal trash list\n  xal trash list --format json")]
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Put an assessment back from the trash (refused when its id is in use)
    #[command(after_help = "Examples:\n  xal trash restore 01JDQ4Y7")]
    Restore {
        /// Its id (or a unique prefix of it), as `trash list` shows it
        id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RepoCommand {
    /// Make (or adopt) the data dir as a git repository with xal's merge driver
    #[command(
        after_help = "Examples:\n  xal repo init\n  xal repo init --remote /srv/git/assessments.git"
    )]
    Init {
        /// The shared repository to sync with (becomes `origin`)
        #[arg(long, value_name = "URL")]
        remote: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// Assessment id (or a unique prefix of it)
    pub id: String,
    /// Only the changes of this question (its cells included)
    #[arg(long, value_name = "QUESTION")]
    pub answer: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct MergeFileArgs {
    /// The common ancestor's version (git's %O)
    pub base: PathBuf,
    /// Ours (git's %A): the merged file is written here
    pub ours: PathBuf,
    /// Theirs (git's %B)
    pub theirs: PathBuf,
    /// The file's path in the repository (git's %P), for messages and authors
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
}

#[derive(Args, Debug)]
pub struct ApproveArgs {
    /// Assessment id (or a unique prefix of it)
    pub id: String,
    /// Who signs off
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// Their role (e.g. "Authorising official")
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// A note kept with the sign-off
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// reviewed or approved
    #[arg(long, default_value = "approved", value_name = "STEP")]
    pub step: String,
    /// Months until the next review, 1 to 120 [default: `[record] review_months` in
    /// config.toml, else 12]
    #[arg(long, value_name = "N")]
    pub review_months: Option<u32>,
    /// The principal signing, as named in the agency's allowed_signers [default: the key's
    /// comment, else --by]
    #[arg(long, value_name = "PRINCIPAL")]
    pub signer: Option<String>,
    /// The SSH key to sign with (a .pub path when the private key is in ssh-agent)
    /// [default: `[record] signing_key` in config.toml, else git's user.signingKey when
    /// gpg.format = ssh]
    #[arg(long, value_name = "PATH", conflicts_with = "no_sign")]
    pub key: Option<PathBuf>,
    /// Record the sign-off without a signature
    #[arg(long)]
    pub no_sign: bool,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// REPORT [FILE]: a report and the assessment (id or file; default: the one the report
    /// names); with --fingerprint, just the assessment
    #[arg(required = true, num_args = 1..=2, value_name = "REPORT|FILE")]
    pub args: Vec<String>,
    /// The record fingerprint as printed on paper (spaces between groups are fine)
    #[arg(long, value_name = "HEX")]
    pub fingerprint: Option<String>,
    /// Check the sign-offs of the assessment given (id or file): their signatures, their
    /// signers against allowed_signers, and whether the content is still the one signed
    #[arg(long, conflicts_with = "fingerprint")]
    pub signoffs: bool,
    /// With --signoffs: print the canonical bytes sign-off N (1 = the first) signed, for
    /// `ssh-keygen -Y verify`
    #[arg(long, value_name = "N", requires = "signoffs")]
    pub print_canonical: Option<usize>,
    /// With --signoffs: print sign-off N's signature (armored), for `ssh-keygen -Y verify -s`
    #[arg(
        long,
        value_name = "N",
        requires = "signoffs",
        conflicts_with = "print_canonical"
    )]
    pub print_signature: Option<usize>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Assessment files to copy into the data dir
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub strict: StrictArg,
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
    /// An outcome with its own exit code (`merge-file` 1 for conflicts recorded, `sync` 1 or
    /// 3): each line as given, already saying what to run.
    Status(u8, Vec<String>),
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

/// `--lang th|en` (and `XAL_LANG`), checked by clap so that a wrong value is a clear error
/// naming the two (and completed by the shell). A parser rather than `ValueEnum` on `Lang`, so
/// that the core crate needs no clap.
fn lang_values() -> impl clap::builder::TypedValueParser<Value = Lang> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Lang::ALL.map(Lang::code))
        .map(|code: String| Lang::parse(&code).unwrap_or_default())
}

/// clap's message for a refused command line, as one line: what is wrong, then the usage.
/// ("the following required arguments were not provided: <ID> (usage: xal show <ID>; see
/// --help)").
pub fn usage_error(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let usage_line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Usage: "))
        .map(str::to_string);
    if e.kind() == clap::error::ErrorKind::UnknownArgument {
        return unknown_argument(e, usage_line.as_deref());
    }
    let usage = usage_line
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

/// An unknown flag: clap's suggestion only when it is a likely typo of it (`--strct` for
/// `--strict`, not `--mouse` for `--bogus`), and the usage of the command it was given to,
/// never one rewritten around the suggestion.
fn unknown_argument(e: &clap::Error, usage_line: Option<&str>) -> String {
    use clap::error::{ContextKind, ContextValue};
    let value = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let given = value(ContextKind::InvalidArg).unwrap_or_default();
    let hint = value(ContextKind::SuggestedArg)
        .filter(|s| {
            let (a, b) = (given.trim_start_matches('-'), s.trim_start_matches('-'));
            strsim::damerau_levenshtein(a, b) <= (a.chars().count() / 3).clamp(1, 2)
        })
        .map(|s| format!("; did you mean '{s}'?"))
        .unwrap_or_default();
    // The command path is the usage's words before its first option or argument.
    let path: Vec<&str> = usage_line
        .unwrap_or("xal")
        .split_whitespace()
        .take_while(|w| !w.starts_with(['-', '[', '<']))
        .collect();
    let mut at = Cli::command();
    for name in path.iter().skip(1) {
        match at.find_subcommand(name).cloned() {
            Some(sub) => at = sub,
            None => break,
        }
    }
    let rendered = at.render_usage().to_string();
    let usage = rendered.trim().trim_start_matches("Usage: ");
    let rest = usage.split_once(' ').map_or("", |(_, r)| r);
    let full = format!("{} {rest}", path.join(" "));
    format!(
        "unexpected argument '{given}'{hint} (usage: {}; see --help)",
        full.trim_end()
    )
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
    let trust_problem = install_trust(&cli.global);
    // verify's "differs" is exit 1 without being a failure.
    if let Some(Command::Verify(args)) = &cli.command {
        return match verify::run(t, &cli.global, args, lang) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(f) => t.report(f),
        };
    }
    // A list of signers that does not read makes no signed approval hold: said once, on
    // stderr, by every command that shows approvals (verify --signoffs fails with it).
    if let Some(p) = trust_problem.filter(|_| cli.command.is_some()) {
        t.note(&p);
    }
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
        Some(Command::Repo(cmd)) => repo::run(t, &cli.global, &cmd, lang),
        Some(Command::Sync) => repo::sync_cmd(t, &cli.global, lang),
        Some(Command::History(args)) => history::run(t, &cli.global, &args, lang),
        Some(Command::MergeFile(args)) => merge_file::run(t, &args, lang),
        Some(Command::Completions { shell }) => completions(t, shell),
        Some(Command::Verify(_)) => Ok(()),
        Some(Command::Approve(args)) => approve::run(t, &cli.global, &args, lang),
        Some(Command::Man) => man::page().and_then(|p| t.text(&p)),
    };
    match result {
        Ok(()) => t.done(),
        Err(f) => t.report(f),
    }
}

/// Makes the data dir's signers (`allowed_signers`, `[record]` of config.toml) what every
/// sign-off's standing is decided by in this process (docs/record.md).
/// The list's problem, when it does not read.
fn install_trust(global: &Global) -> Option<Diagnostic> {
    let dir = crate::paths::data_dir(global.data_dir.as_deref())?;
    let (s, _) = crate::record::settings::load(crate::paths::config_dir().as_deref());
    let trust =
        crate::record::signed::Trust::load(&dir, s.allowed_signers.as_deref(), s.require_signature);
    let problem = trust.problem.clone();
    crate::record::signed::install(trust);
    problem
}

/// The lines that make a shell ask xal itself for completions (see `complete`), so that
/// they follow the data dir, the rulesets and the themes as they are when Tab is pressed.
fn completions(t: &mut Term<'_>, shell: clap_complete::Shell) -> Result<(), Failure> {
    let script = complete::registration(shell)
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
