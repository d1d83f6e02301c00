//! Untrusted text never reaches the terminal raw: the exact bytes `show`, `list`, `eval`,
//! `diff`, `export`, `ruleset list`, `train collect` and `import` write to stdout and stderr,
//! for files whose service name, agency, notes, answers, ruleset id and file name hold
//! terminal escapes (the hardening issue's file name among them). Machine formats keep the
//! exact text: JSON (escaped so that it parses back to it) and `-o` files.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::cli::{xal, xal_command};

/// The issue's file name: clears the screen, writes the clipboard (OSC 52), retitles the
/// terminal.
const EVIL: &str = "SVC\u{1b}[2J\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}]0;TITLEPWN\u{7}END";
/// The same in TOML's escapes.
const EVIL_TOML: &str = r"SVC\u001b[2J\u001b]52;c;SGVsbG8=\u0007\u001b]0;TITLEPWN\u0007END";
/// How the sanitizer shows it.
const SHOWN: &str = r"SVC\u{1b}[2J\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}]0;TITLEPWN\u{7}END";

const ID_A: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA";
const ID_B: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RB";

/// An assessment whose every free text carries a control character: the name (C0 escapes),
/// the agency (a bidi override), the description (a C1 CSI), a note of two lines with an
/// erase, and an answer xal does not know whose key holds a colour escape.
fn evil_assessment(id: &str, ruleset: &str) -> String {
    format!(
        r#"schema = 1
id = "{id}"

[service]
name = "{EVIL_TOML}"
agency = "\u202eycnega"
description = "C1 \u009b2J here"

[ruleset]
id = "{ruleset}"
version = "1.0.0"

[answers]
"service.group" = "transactional"
"pi.needed" = "no"
"auth.needed" = "no"
"x\u001b[31mred" = "yes"

[notes]
"service.group" = "first line\nsecond \u001b[2J line"

[meta]
created = 2026-11-28T09:02:11+07:00
updated = 2026-11-28T10:15:00+07:00
"#
    )
}

fn data_dir(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("assessments");
    std::fs::create_dir_all(&a).unwrap();
    for (id, text) in files {
        std::fs::write(a.join(format!("{id}.toml")), text).unwrap();
    }
    dir
}

/// Every character written is printable, or a newline, a tab, or the CR of a CRLF: no ESC,
/// BEL, C1 or bidi control, whatever the text the files held.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let kept = matches!(c, '\n' | '\t') || (c == '\r' && chars.peek() == Some(&'\n'));
        assert!(
            kept || !xal::text::is_unsafe(c),
            "{what} wrote U+{:04X} raw:\n{text}",
            c as u32
        );
    }
    assert!(!bytes.contains(&0x1b), "{what}: an ESC byte");
}

fn stdout(o: &Output) -> &str {
    std::str::from_utf8(&o.stdout).unwrap()
}

fn stderr(o: &Output) -> &str {
    std::str::from_utf8(&o.stderr).unwrap()
}

#[test]
fn show_writes_every_file_text_visibly() {
    let dir = data_dir(&[(ID_A, evil_assessment(ID_A, "dgs-1-2-2564"))]);
    let o = xal(dir.path(), &["--lang", "en", "show", ID_A]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_terminal_safe("show", &o.stdout);
    assert_eq!(o.stderr, b"");
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!(r"{SHOWN} — \u{{202e}}ycnega"));
    assert_eq!(lines[1], r"C1 \u{9b}2J here");
    // The note keeps its two lines; the erase in it is shown.
    assert!(
        out.contains("note service.group: first line\nsecond \\u{1b}[2J line\n"),
        "{out}"
    );
    assert!(out.contains(r"Ignored: x\u{1b}[31mred ("), "{out}");
}

#[test]
fn list_writes_one_row_per_file_with_the_escapes_visible_and_measured() {
    let dir = data_dir(&[(ID_A, evil_assessment(ID_A, "dgs-1-2-2564"))]);
    let o = xal(dir.path(), &["--lang", "en", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_terminal_safe("list", &o.stdout);
    let out = stdout(&o);
    let row = out.lines().nth(1).unwrap();
    // The name is cut to its 30 cells as shown, the last one "…" (it is seen to be cut), so
    // the columns after it stay in place.
    let name: String = SHOWN.chars().take(29).chain(['…']).collect();
    assert!(
        row.starts_with(&format!(
            "{ID_A} {name} \\u{{202e}}ycnega{} ",
            " ".repeat(20 - 14)
        )),
        "{row}"
    );
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn eval_of_a_file_with_a_hostile_name_says_its_problem_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{EVIL}.toml"));
    // Valid: the answer key with an escape is reported as ignored.
    std::fs::write(&file, evil_assessment(ID_A, "dgs-1-2-2564")).unwrap();
    let o = xal_command()
        .args(["--lang", "en", "eval"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_terminal_safe("eval", &o.stdout);
    assert!(
        stdout(&o).contains("Ignored: x\\u{1b}[31mred ("),
        "{}",
        stdout(&o)
    );

    // Broken: the error line names the file, escapes shown, and is one line.
    std::fs::write(&file, "[answers\n").unwrap();
    let o = xal_command().arg("eval").arg(&file).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_terminal_safe("eval's error", &o.stderr);
    let shown_path = format!("{}/{SHOWN}.toml", dir.path().display());
    let err = stderr(&o);
    assert!(err.starts_with(&format!("{shown_path}:1:")), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(o.stdout, b"");
}

#[test]
fn diff_of_two_hostile_files_writes_them_visibly() {
    let dir = data_dir(&[
        (ID_A, evil_assessment(ID_A, "dgs-1-2-2564")),
        (ID_B, evil_assessment(ID_B, "dgs-1-2-2564")),
    ]);
    let o = xal(dir.path(), &["--lang", "en", "diff", ID_A, ID_B]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_terminal_safe("diff", &o.stdout);
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("A: {ID_A} — {SHOWN} — dgs-1-2-2564 ")),
        "{out}"
    );
    let o = xal(
        dir.path(),
        &[
            "diff",
            ID_A,
            "--ruleset",
            "nist-800-63-3",
            "--format",
            "text",
        ],
    );
    // The levels differ under the other ruleset: exit 1, as diff(1).
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_terminal_safe("diff --ruleset", &o.stdout);
    assert!(stdout(&o).contains(SHOWN));
}

#[test]
fn an_error_naming_a_hostile_ruleset_id_is_one_visible_line_at_its_place() {
    let dir = data_dir(&[(ID_A, evil_assessment(ID_A, r"gone\u001b]0;PWN\u0007"))]);
    for args in [
        vec!["show", ID_A],
        vec!["export", ID_A],
        vec!["diff", ID_A, ID_A],
    ] {
        let o = xal(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(o.stdout, b"", "{args:?}");
        assert_terminal_safe("the error", &o.stderr);
        let file = dir.path().join(format!("assessments/{ID_A}.toml"));
        assert_eq!(
            stderr(&o),
            format!(
                "{}:10:6: unknown ruleset `gone\\u{{1b}}]0;PWN\\u{{7}}` (available: \
                 dgs-1-2-2564, nist-800-63-3, nist-800-63-4)\n",
                file.display()
            ),
            "{args:?}"
        );
    }
}

#[test]
fn json_on_stdout_is_the_exact_text_for_a_reader_and_inert_for_a_terminal() {
    let dir = data_dir(&[(ID_A, evil_assessment(ID_A, "dgs-1-2-2564"))]);
    for args in [
        vec!["show", ID_A, "--format", "json"],
        vec!["list", "--format", "json"],
        vec!["export", ID_A, "--format", "json"],
    ] {
        let o = xal(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_terminal_safe("JSON", &o.stdout);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let text = v.to_string();
        // Parsed back: the very characters of the file.
        assert!(
            text.contains(&serde_json::to_string(EVIL).unwrap()[1..]),
            "{args:?}"
        );
        assert!(stdout(&o).contains(r"\u202eycnega"), "{args:?}");
        if args[0] != "list" {
            // `list` has no description.
            assert!(stdout(&o).contains(r"C1 \u009b2J"), "{args:?}");
        }
    }
    let v: serde_json::Value =
        serde_json::from_slice(&xal(dir.path(), &["show", ID_A, "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(v["service"]["name"], EVIL);
    assert_eq!(v["service"]["agency"], "\u{202e}ycnega");
}

#[test]
fn reports_on_stdout_are_shown_and_reports_in_files_are_exact() {
    let dir = data_dir(&[(ID_A, evil_assessment(ID_A, "dgs-1-2-2564"))]);
    for format in ["md", "html", "csv"] {
        let o = xal(dir.path(), &["export", ID_A, "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert_terminal_safe(format, &o.stdout);
    }
    // Markdown escapes its own markup (`[`, `]`) first; the boundary then shows the ESC.
    let md = xal(dir.path(), &["--lang", "en", "export", ID_A]);
    let md_shown = r"SVC\u{1b}\[2J\u{1b}\]52;c;SGVsbG8=\u{7}\u{1b}\]0;TITLEPWN\u{7}END";
    assert!(stdout(&md).contains(md_shown), "{}", stdout(&md));

    // In a file: the exact text (Markdown escapes its own markup, `[` here, and nothing else).
    let out = dir.path().join("r.md");
    let o = xal(
        dir.path(),
        &["--lang", "en", "export", ID_A, "-o", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout, b"");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains(&EVIL.replace('[', "\\[").replace(']', "\\]")));

    // HTML: control characters as references that decode to them; no raw ESC in the file.
    let out = dir.path().join("r.html");
    let o = xal(
        dir.path(),
        &[
            "export",
            ID_A,
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("SVC&#x1B;[2J&#x1B;]52;c;SGVsbG8=&#x7;&#x1B;]0;TITLEPWN&#x7;END"));
    assert!(!html.contains('\u{1b}'));

    // CSV: the exact name in the file.
    let out = dir.path().join("r.csv");
    let o = xal(
        dir.path(),
        &[
            "export",
            ID_A,
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains(&format!("{ID_A},{EVIL},")), "{csv}");
}

/// The formula the issue names, as a service name: every CSV xal writes makes it text.
#[test]
fn a_formula_in_a_file_is_text_in_every_csv() {
    let formula = evil_assessment(ID_A, "dgs-1-2-2564").replace(
        &format!("name = \"{EVIL_TOML}\""),
        r#"name = "=HYPERLINK(\"http://evil\",\"x\")""#,
    );
    let dir = data_dir(&[(ID_A, formula)]);
    let quoted = r#""'=HYPERLINK(""http://evil"",""x"")""#;
    for args in [
        vec!["export", "--all", "--format", "csv"],
        vec!["export", ID_A, "--format", "csv"],
    ] {
        let o = xal(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let row = stdout(&o).split("\r\n").nth(1).unwrap().to_string();
        assert!(row.starts_with(&format!("{ID_A},{quoted},")), "{row}");
    }
    // A trainee's answer that is a formula, in `train collect --format csv`.
    let trainee = tempfile::tempdir().unwrap();
    let a = evil_assessment(ID_A, "dgs-1-2-2564").replace(
        r#""service.group" = "transactional""#,
        r#""service.group" = "@SUM(A1:A9)""#,
    );
    std::fs::write(trainee.path().join(format!("{ID_A}.toml")), a).unwrap();
    let o = xal_command()
        .args(["train", "collect", "--format", "csv"])
        .arg(trainee.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(",answer,service.group,\"'@SUM(A1:A9)\",,,\r\n"),
        "{}",
        stdout(&o)
    );
    assert_terminal_safe("train collect", &o.stdout);
}

#[test]
fn train_collect_and_import_show_hostile_answers_and_names_visibly() {
    let trainee = tempfile::tempdir().unwrap();
    std::fs::write(
        trainee.path().join(format!("{ID_A}.toml")),
        evil_assessment(ID_A, "dgs-1-2-2564"),
    )
    .unwrap();
    // And a broken file with a hostile name: skipped, said on stderr, one line.
    let broken = trainee.path().join(format!("{EVIL}.toml"));
    std::fs::write(&broken, "[answers\n").unwrap();
    for format in ["md", "csv", "json"] {
        let o = xal_command()
            .args(["train", "collect", "--format", format])
            .arg(trainee.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert_terminal_safe(format, &o.stdout);
        assert_terminal_safe("collect's stderr", &o.stderr);
        assert!(stdout(&o).contains("x\\u"), "{format}: {}", stdout(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(SHOWN) && err.ends_with(" (skipped)\n"),
            "{err}"
        );
    }

    let data = tempfile::tempdir().unwrap();
    let o = xal(data.path(), &["import", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_terminal_safe("import's error", &o.stderr);
    assert!(
        stderr(&o).starts_with(&format!("{}/{SHOWN}.toml:1:", trainee.path().display())),
        "{}",
        stderr(&o)
    );
    assert_eq!(stderr(&o).lines().count(), 1);
}

#[test]
fn ruleset_list_shows_a_hostile_user_ruleset_visibly() {
    let config = tempfile::tempdir().unwrap();
    let rulesets = config.path().join("rulesets");
    std::fs::create_dir_all(&rulesets).unwrap();
    let mini = include_str!("data/mini-ruleset.toml")
        .replace(r#"en = "Test""#, r#"en = "Test\u001b]0;PWN\u0007""#);
    std::fs::write(rulesets.join(format!("{EVIL}.toml")), mini).unwrap();
    let o = xal_command()
        .env("XAL_CONFIG_DIR", config.path())
        .args(["--lang", "en", "ruleset", "list"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_terminal_safe("ruleset list", &o.stdout);
    let out = stdout(&o);
    let row = out.lines().find(|l| l.starts_with("mini ")).unwrap();
    assert!(row.contains(&format!("{SHOWN}.toml")), "{row}");
    assert!(row.ends_with(r"Test\u{1b}]0;PWN\u{7}"), "{row}");
}

/// The boundary holds by construction: no subcommand opens stdout or stderr itself, so
/// none can print around the sanitizer.
#[test]
fn no_subcommand_prints_around_the_boundary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for f in files {
        if f.file_name().unwrap() == "term.rs" {
            continue;
        }
        let src = std::fs::read_to_string(&f).unwrap();
        for banned in [
            "println!",
            "print!",
            "eprintln!",
            "eprint!",
            "io::stdout",
            "io::stderr",
            "dbg!",
        ] {
            assert!(
                !src.contains(banned),
                "{} uses {banned}: write through cli::Term",
                f.display()
            );
        }
    }
}

/// What is typed on the command line is no safer than a file (a script passes names on):
/// an unknown ruleset id with escapes, and an argument clap refuses, come back visibly.
#[test]
fn command_line_arguments_are_shown_visibly_in_errors() {
    let o = xal_command()
        .args(["ruleset", "show", "x\u{1b}]0;PWN\u{7}"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_terminal_safe("ruleset show's error", &o.stderr);
    assert!(
        stderr(&o).starts_with("xal: unknown ruleset `x\\u{1b}]0;PWN\\u{7}` (available: "),
        "{}",
        stderr(&o)
    );
    let o = xal_command()
        .args(["list", "\u{1b}]0;PWN\u{7}"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // clap's own rendering already drops the escape sequence; the line is one line either way.
    assert_terminal_safe("clap's error", &o.stderr);
    assert!(
        stderr(&o).starts_with("xal: unexpected argument '"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stderr(&o).lines().count(), 1);
}
