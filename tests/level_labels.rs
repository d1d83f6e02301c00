//! 800-63-4 keeps the level id `IAL0` for saved files only: every surface a person reads shows
//! it as its label, "No identity proofing" / "ไม่มีการพิสูจน์ตัวตน", never as "IAL0"
//! (spec `nist-800-63-4.md`, 2.0.0). Machine-readable output keeps the id.
//!
//! One walk over every surface, from one data dir: an 800-63-4 assessment whose only user
//! group needs no identity proofing (`proofing.needed = no`, `auth.needed = yes`), a second
//! one that does (for `diff`), and a scenario pack of the first (for `train collect`). The
//! surfaces are tables below: a new surface is one line of [`CLI`] or [`TUI`].

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use support::at;
use support::cli::{assert_ok, xal, xal_command};
use xal::app::{Event, Say};
use xal::text::Lang;
use xal::tui::run::{StartOptions, Started, start};
use xal::tui::settings::Flags;

/// The assessment whose group needs no identity proofing.
const NONE: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RD";
/// The same service with proofing, for `diff`.
const PROOFED: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RE";
/// Answered under 1.1.0, whose `[result]` recorded IAL1: opened under 2.0.0 its IAL changed.
const DRIFTED: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RF";
const SCENARIO: &str = "nist4-portal";

const EN: &str = "No identity proofing";
const TH: &str = "ไม่มีการพิสูจน์ตัวตน";

fn label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN,
        Lang::Th => TH,
    }
}

/// One group's answers, as a file holds them.
fn group_answers(proofing: &str) -> String {
    format!(
        r#""proofing.needed" = "{proofing}"
"auth.needed" = "yes"
"federation.used" = "no"
"impact" = {{ mission = "low", trust = "low", information = "low", financial = "low", safety = "none" }}
"pi.accessible" = "no"
"#
    )
}

fn assessment(id: &str, proofing: &str, origin: &str) -> String {
    assessment_at(id, proofing, origin, "2026-11-29T16:30:00+07:00")
}

/// [`assessment`], last changed at `updated` (the list shows the latest first).
fn assessment_at(id: &str, proofing: &str, origin: &str, updated: &str) -> String {
    format!(
        r#"schema = 1
id = "{id}"

[service]
name = "ข่าวสารและนัดหมายออนไลน์"
agency = "กรมตัวอย่าง"
description = "A portal where residents book appointments"

[ruleset]
id = "nist-800-63-4"
version = "2.0.0"

[[groups]]
id = "residents"
name = "Residents"

[groups.answers]
{}
{origin}
[meta]
created = 2026-11-28T09:00:00+07:00
updated = {updated}
"#,
        group_answers(proofing)
    )
}

/// [`DRIFTED`]: saved under ruleset 1.1.0 with the levels it gave then, and the oldest.
fn drifted() -> String {
    assessment_at(
        DRIFTED,
        "no",
        "\n[result]\nial = \"IAL1\"\naal = \"AAL1\"\nfal = \"none\"\ncomplete = true\n",
        "2026-11-10T09:00:00+07:00",
    )
    .replace("version = \"2.0.0\"", "version = \"1.1.0\"")
}

/// Everything the walk reads: the data dir, the pack, a trainee's folder, a report on disk.
struct World {
    _root: tempfile::TempDir,
    data: PathBuf,
    pack: PathBuf,
    class: PathBuf,
    report: PathBuf,
    handout: PathBuf,
}

fn world() -> World {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let assessments = data.join("assessments");
    std::fs::create_dir_all(&assessments).unwrap();
    for (id, proofing) in [(NONE, "no"), (PROOFED, "yes")] {
        std::fs::write(
            assessments.join(format!("{id}.toml")),
            assessment(id, proofing, ""),
        )
        .unwrap();
    }
    std::fs::write(assessments.join(format!("{DRIFTED}.toml")), drifted()).unwrap();
    // A pack whose one scenario is the same service, unanswered, with the reference answers
    // of the assessment above.
    let pack = root.path().join("pack");
    std::fs::create_dir_all(pack.join("assessments")).unwrap();
    std::fs::create_dir_all(pack.join("reference")).unwrap();
    std::fs::write(
        pack.join("pack.toml"),
        r#"format = 1
id = "labels"
version = "1.0.0"
ruleset = "nist-800-63-4"
name = { th = "ป้ายระดับ", en = "Level labels" }
description = { th = "ทดสอบ", en = "A test" }
"#,
    )
    .unwrap();
    std::fs::write(
        pack.join("assessments").join(format!("{SCENARIO}.toml")),
        format!(
            r#"schema = 1
id = "{SCENARIO}"

[service]
name = "ข่าวสารและนัดหมายออนไลน์"
agency = "กรมตัวอย่าง"
description = "A portal where residents book appointments"

[ruleset]
id = "nist-800-63-4"
version = "2.0.0"

[[groups]]
id = "residents"
name = "Residents"

[groups.answers]

[meta]
created = 2026-11-28T09:00:00+07:00
updated = 2026-11-28T09:00:00+07:00
"#
        ),
    )
    .unwrap();
    std::fs::write(
        pack.join("reference").join(format!("{SCENARIO}.toml")),
        format!(
            r#"[ruleset]
id = "nist-800-63-4"

[[groups]]
id = "residents"
name = "Residents"

[groups.answers]
{}"#,
            group_answers("no")
        ),
    )
    .unwrap();
    // A trainee who answered the scenario as the reference does.
    let class = root.path().join("class");
    let alice = class.join("alice").join("assessments");
    std::fs::create_dir_all(&alice).unwrap();
    std::fs::write(
        alice.join(format!("{NONE}.toml")),
        assessment(
            NONE,
            "no",
            &format!("\n[origin]\npack = \"labels\"\nscenario = \"{SCENARIO}\"\n"),
        ),
    )
    .unwrap();
    // A Markdown report on disk, for `verify`.
    let report = root.path().join("report.md");
    let o = xal(
        &data,
        &[
            "export",
            NONE,
            "--format",
            "md",
            "-o",
            report.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    let handout = root.path().join("handout");
    World {
        data,
        pack,
        class: class.join("alice"),
        report,
        handout,
        _root: root,
    }
}

/// What a surface's output is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// A person: the label, never "IAL0".
    Person,
    /// A script: the id "IAL0" stays (a label may stand beside it).
    Script,
}

/// The command-line surfaces: a name, the arguments (`{NONE}`, `{PROOFED}`, `{PACK}`,
/// `{CLASS}`, `{REPORT}`, `{HANDOUT}` are filled in), and who reads the output.
///
/// Not here: `xal history` shows the answers each commit changed (keys and values, never a
/// level: `git::history`), so there is no level to label; it also needs a git repository with
/// commits. `xal export --format csv` and `train collect --format csv` are id columns, for
/// spreadsheets.
#[rustfmt::skip]
const CLI: &[(&str, &[&str], Reader)] = &[
    ("eval", &["eval", "{NONE_FILE}"], Reader::Person),
    ("eval --explain", &["eval", "{NONE_FILE}", "--explain"], Reader::Person),
    ("list", &["list"], Reader::Person),
    ("show", &["show", "{NONE}"], Reader::Person),
    ("show (answered under 1.1.0: the levels that changed)", &["show", "{DRIFTED}"], Reader::Person),
    ("diff", &["diff", "{NONE}", "{PROOFED}"], Reader::Person),
    ("export md", &["export", "{NONE}", "--format", "md"], Reader::Person),
    ("export html", &["export", "{NONE}", "--format", "html"], Reader::Person),
    ("verify", &["verify", "{REPORT}", "{NONE}"], Reader::Person),
    ("train collect md", &["train", "collect", "{CLASS}", "--reference", "{PACK}", "--format", "md"], Reader::Person),
    ("train collect html", &["train", "collect", "{CLASS}", "--reference", "{PACK}", "--format", "html"], Reader::Person),
    ("train collect --handout (debrief pages)", &["train", "collect", "{CLASS}", "--reference", "{PACK}", "--format", "md", "--handout", "{HANDOUT}"], Reader::Person),
    ("eval json", &["eval", "{NONE_FILE}", "--format", "json"], Reader::Script),
    ("list json", &["list", "--format", "json"], Reader::Script),
    ("show json", &["show", "{NONE}", "--format", "json"], Reader::Script),
    ("export json", &["export", "{NONE}", "--format", "json"], Reader::Script),
    ("diff json", &["diff", "{NONE}", "{PROOFED}", "--format", "json"], Reader::Script),
];

/// Surfaces whose level shows only beside another one: `verify` says whether a report is the
/// file's, and names no level; it must still not print the id.
const NO_LEVEL: &[&str] = &["verify"];

fn fill(arg: &str, w: &World) -> String {
    let file = w.data.join("assessments").join(format!("{NONE}.toml"));
    arg.replace("{NONE_FILE}", file.to_str().unwrap())
        .replace("{NONE}", NONE)
        .replace("{PROOFED}", PROOFED)
        .replace("{DRIFTED}", DRIFTED)
        .replace("{PACK}", w.pack.to_str().unwrap())
        .replace("{CLASS}", w.class.to_str().unwrap())
        .replace("{REPORT}", w.report.to_str().unwrap())
        .replace("{HANDOUT}", w.handout.to_str().unwrap())
}

/// `xal` in `lang`: by `--lang`, or for Thai also by the locale alone (`LANG=th_TH.UTF-8`).
fn run(w: &World, args: &[&str], lang: Lang, by_locale: bool) -> Output {
    let args: Vec<String> = args.iter().map(|a| fill(a, w)).collect();
    let mut cmd = xal_command();
    cmd.arg("--data-dir").arg(&w.data);
    if by_locale {
        cmd.env("LANG", "th_TH.UTF-8");
    } else {
        cmd.args(["--lang", lang.code()]);
    }
    cmd.args(&args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run xal")
}

/// The handout pages written, as one text.
fn handout_text(dir: &Path) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir).expect("the handout folder") {
        let p = e.unwrap().path();
        out.push_str(&std::fs::read_to_string(&p).unwrap());
    }
    out
}

#[test]
fn every_command_line_surface_shows_the_label_and_scripts_keep_the_id() {
    let w = world();
    let mut failures = Vec::new();
    for &(name, args, reader) in CLI {
        for (lang, by_locale) in [(Lang::En, false), (Lang::Th, false), (Lang::Th, true)] {
            // Each run's handout pages only.
            let _ = std::fs::remove_dir_all(&w.handout);
            let o = run(&w, args, lang, by_locale);
            // `diff` says "different" with exit 1, as diff(1).
            let code = o.status.code();
            if !(code == Some(0) || (name.starts_with("diff") && code == Some(1))) {
                failures.push(format!(
                    "{name} ({}): exit {code:?}: {}",
                    lang.code(),
                    String::from_utf8_lossy(&o.stderr)
                ));
                continue;
            }
            let mut text = String::from_utf8_lossy(&o.stdout).into_owned();
            if args.contains(&"--handout") {
                text = handout_text(&w.handout);
            }
            let how = if by_locale {
                "LANG=th_TH.UTF-8"
            } else {
                lang.code()
            };
            match reader {
                Reader::Person => {
                    if text.contains("IAL0") {
                        let line = text.lines().find(|l| l.contains("IAL0")).unwrap_or("");
                        failures.push(format!("{name} ({how}) shows IAL0: {line}"));
                    }
                    if !NO_LEVEL.contains(&name) && !text.contains(label(lang)) {
                        failures.push(format!(
                            "{name} ({how}) does not say {:?}:\n{text}",
                            label(lang)
                        ));
                    }
                }
                Reader::Script => {
                    // `"IAL0"`, or qualified by its ruleset (`diff`: "nist-800-63-4:IAL0").
                    if !text.contains("IAL0\"") {
                        failures.push(format!("{name} ({how}) lost the id \"IAL0\":\n{text}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The workbooks: one assessment, and `--all`. People read them in a spreadsheet, so their
/// level columns hold the label; the CSV of the same rows keeps the id (a script's).
#[test]
fn workbooks_show_the_label_and_the_csv_keeps_the_id() {
    use calamine::{Reader as _, Xlsx, open_workbook};
    let w = world();
    let out = tempfile::tempdir().unwrap();
    for (lang, args) in [
        (Lang::En, vec!["export", NONE, "--format", "xlsx"]),
        (Lang::Th, vec!["export", NONE, "--format", "xlsx"]),
        (Lang::En, vec!["export", "--all", "--format", "xlsx"]),
    ] {
        let path = out
            .path()
            .join(format!("{}-{}.xlsx", lang.code(), args.len()));
        let mut all: Vec<&str> = args.clone();
        all.extend(["-o", path.to_str().unwrap()]);
        let o = run(&w, &all, lang, false);
        assert_ok(&o);
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let sheet = book.worksheet_range_at(0).unwrap().unwrap();
        let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
        assert!(
            cells.iter().any(|c| c == label(lang)),
            "{args:?} ({}): no cell says {:?}: {cells:?}",
            lang.code(),
            label(lang)
        );
        assert!(
            !cells.iter().any(|c| c == "IAL0"),
            "{args:?} ({}): a cell says IAL0",
            lang.code()
        );
    }
    let csv = run(&w, &["export", NONE, "--format", "csv"], Lang::En, false);
    assert_ok(&csv);
    assert!(String::from_utf8_lossy(&csv.stdout).contains(",IAL0,"));
}

// ----- the interface, drawn on a TestBackend as tests/tui_snapshots.rs does ---------------------

struct Ui {
    _dir: tempfile::TempDir,
    s: Started,
    term: Terminal<TestBackend>,
}

impl Ui {
    fn new(lang: Lang, w: u16, h: u16) -> Ui {
        let dir = tempfile::tempdir().unwrap();
        let assessments = dir.path().join("assessments");
        std::fs::create_dir_all(&assessments).unwrap();
        std::fs::write(
            assessments.join(format!("{NONE}.toml")),
            assessment(NONE, "no", ""),
        )
        .unwrap();
        // An older one to compare with: the list highlights the newest first.
        std::fs::write(
            assessments.join(format!("{PROOFED}.toml")),
            assessment_at(PROOFED, "yes", "", "2026-11-20T09:00:00+07:00"),
        )
        .unwrap();
        // The oldest: answered under 1.1.0 (third in the list).
        std::fs::write(assessments.join(format!("{DRIFTED}.toml")), drifted()).unwrap();
        let mut s = start(&StartOptions {
            data_dir: dir.path().to_path_buf(),
            config_dir: Some(dir.path().join(".config")),
            flags: Flags {
                lang,
                lang_explicit: true,
                ..Flags::default()
            },
            utf8_locale: true,
        });
        s.runner.at_fixed_time(at(60));
        s.runner.dispatch(
            &mut s.app,
            Event::Resize {
                width: w,
                height: h,
            },
        );
        // The files the start asked for (the highlighted row's preview) are read.
        s.settle();
        Ui {
            _dir: dir,
            s,
            term: Terminal::new(TestBackend::new(w, h)).unwrap(),
        }
    }

    fn key(&mut self, code: KeyCode) {
        self.s.press(&KeyEvent::new(code, KeyModifiers::NONE));
        self.s.save_pending();
    }

    fn draw(&mut self) -> &Buffer {
        loop {
            let (app, view) = (&self.s.app, &mut self.s.view);
            let mut measured = Default::default();
            self.term.draw(|f| measured = view.draw(f, app)).unwrap();
            self.s
                .runner
                .dispatch(&mut self.s.app, Event::Measured(measured));
            if !self.s.app.take_redraw() {
                break;
            }
        }
        self.term.backend().buffer()
    }
}

/// Which columns of the screen a surface is: the left pane, the right one (at 80 columns the
/// screen has two), or all of it; or the status message the last key left (the header shows
/// it cut to its room: the message itself is asked).
#[derive(Clone, Copy)]
enum Part {
    Left,
    Right,
    Screen,
    Status,
}

/// The text of `part` of the screen, row by row. The panes part where the second one's top
/// left corner is on the first row below the header.
fn text_of(buf: &Buffer, part: Part) -> String {
    let w = buf.area.width;
    let split = (1..w)
        .find(|&x| buf[(x, 1)].symbol() == "┌" || buf[(x, 1)].symbol() == "+")
        .unwrap_or(w);
    let (from, to) = match part {
        Part::Left => (0, split),
        Part::Right => (split, w),
        Part::Screen | Part::Status => (0, w),
    };
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in from..to {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// What a surface of the interface must say, cut or whole: a narrow list cuts the label with
/// "…", so only its start is asked for.
fn start_of_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "No identity",
        Lang::Th => "ไม่มีการพิสูจน์",
    }
}

/// The interface's surfaces: a name, the keys that lead there from the list, the part of the
/// screen it is, and whether a level shows there (the wizard's head shows none, but must not
/// show the id either).
#[rustfmt::skip]
const TUI: &[(&str, &[KeyCode], Part, bool)] = &[
    ("list pane", &[], Part::Left, true),
    ("preview (result pane of the highlighted file)", &[], Part::Right, true),
    ("wizard", &[KeyCode::Enter], Part::Left, false),
    ("result pane of the open file", &[KeyCode::Enter], Part::Right, true),
    ("question index popup", &[KeyCode::Enter, KeyCode::Char('i')], Part::Screen, false),
    ("what-if menu", &[KeyCode::Enter, KeyCode::Char('w')], Part::Screen, false),
    ("what-if: every level", &[KeyCode::Enter, KeyCode::Char('w'), KeyCode::Enter], Part::Screen, false),
    ("compare menu", &[KeyCode::Enter, KeyCode::Char('C')], Part::Screen, false),
    ("comparison with the other assessment", &[KeyCode::Enter, KeyCode::Char('C'), KeyCode::Enter], Part::Screen, true),
    ("clipboard (y) from the list", &[KeyCode::Char('y')], Part::Status, true),
    ("clipboard (y) of the open file", &[KeyCode::Enter, KeyCode::Char('y')], Part::Status, true),
    ("status: opened under a newer ruleset version", &[KeyCode::Char('j'), KeyCode::Char('j'), KeyCode::Enter], Part::Status, true),
];

#[test]
fn every_pane_of_the_interface_shows_the_label() {
    let mut failures = Vec::new();
    for lang in [Lang::En, Lang::Th] {
        for (w, h) in [(80, 24), (120, 40)] {
            for &(name, keys, part, level) in TUI {
                let mut ui = Ui::new(lang, w, h);
                for &k in keys {
                    ui.key(k);
                }
                // At 120 columns there are three panes: the whole screen is asked.
                let part = match part {
                    Part::Left | Part::Right if w > 80 => Part::Screen,
                    p => p,
                };
                let text = match part {
                    Part::Status => match &ui.s.app.status {
                        Some(Say::Copied(text)) => text.clone(),
                        // The view says it in the language shown, from these values.
                        Some(Say::RulesetChanged { changes, .. }) => changes
                            .iter()
                            .map(|(t, old, new)| format!("{t}: {old} → {new}"))
                            .collect::<Vec<_>>()
                            .join("; "),
                        other => format!("{other:?}"),
                    },
                    _ => text_of(ui.draw(), part),
                };
                let at = format!("{name} ({}, {w}×{h})", lang.code());
                if text.contains("IAL0") {
                    failures.push(format!("{at} shows IAL0:\n{text}"));
                }
                if level && !text.contains(start_of_label(lang)) {
                    failures.push(format!(
                        "{at} does not say {:?}:\n{text}",
                        start_of_label(lang)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
