//! The interface on a git data dir, drawn on a `TestBackend` at 80×24 in Thai and English: the
//! sync key and what it brought in, ahead/behind in the header, who last changed the answer
//! under the cursor, the history popup; and outside a repository none of it.
//!
//! The repository is made with git itself, every commit with a fixed author, committer and
//! date, so hashes and dates in the snapshots are the same on every run; the remote is a bare
//! repository in the same temporary folder. The data dir is `/tmp/xal-snap-XXXXXX` and its
//! random part is masked, as in tests/tui_snapshots.rs.

use crate::git_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use git_common::{TAX, assessment};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use xal::app::{Event, Popup};
use xal::text::Lang;
use xal::tui::popups::reader_lines;
use xal::tui::run::{StartOptions, Started, start};
use xal::tui::settings::Flags;

const PREFIX: &str = "/tmp/xal-snap-";
const WAIT: Duration = Duration::from_secs(60);

/// git with a fixed identity and date for every commit, the machine's config kept out.
fn git(home: &Path, dir: &Path, who: &str, date: &str, args: &[&str]) -> String {
    let mail = format!("{}@example.org", who.to_lowercase());
    let o = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", who)
        .env("GIT_AUTHOR_EMAIL", &mail)
        .env("GIT_COMMITTER_NAME", who)
        .env("GIT_COMMITTER_EMAIL", &mail)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Alice's data dir and the remote, and Bob's clone as the interface's data dir.
struct Shared {
    home: tempfile::TempDir,
    bob: tempfile::TempDir,
}

impl Shared {
    fn alice(&self) -> PathBuf {
        self.home.path().join("alice")
    }

    fn commit_alice(&self, date: &str, message: &str) {
        let (h, a) = (self.home.path(), self.alice());
        git(h, &a, "Alice", date, &["add", "-A", "--", "assessments"]);
        git(h, &a, "Alice", date, &["commit", "-q", "-m", message]);
        git(h, &a, "Alice", date, &["push", "-q", "origin", "main"]);
    }

    /// Alice created Tax e-filing, Bob cloned it; Bob's data dir is the interface's.
    fn new() -> Shared {
        let home = tempfile::tempdir().unwrap();
        let h = home.path().to_path_buf();
        let h = h.as_path();
        std::fs::write(h.join("gitconfig"), "[init]\n\tdefaultBranch = main\n").unwrap();
        git(
            h,
            h,
            "Nobody",
            "2026-11-28T10:00:00+07:00",
            &["init", "-q", "--bare", "remote.git"],
        );
        let alice = h.join("alice");
        std::fs::create_dir_all(alice.join("assessments")).unwrap();
        std::fs::write(
            alice.join("assessments/T1.toml"),
            assessment("T1", "Tax e-filing", TAX),
        )
        .unwrap();
        let d1 = "2026-11-28T10:15:00+07:00";
        git(h, &alice, "Alice", d1, &["init", "-q", "-b", "main"]);
        let remote = h.join("remote.git").display().to_string();
        git(
            h,
            &alice,
            "Alice",
            d1,
            &["remote", "add", "origin", &remote],
        );
        let s = Shared {
            bob: tempfile::Builder::new()
                .prefix("xal-snap-")
                .rand_bytes(6)
                .tempdir_in("/tmp")
                .unwrap(),
            home,
        };
        s.commit_alice(d1, "Tax e-filing: new assessment");
        let bob = s.bob.path().display().to_string();
        git(s.home.path(), h, "Bob", d1, &["clone", "-q", &remote, &bob]);
        for (k, v) in [("user.name", "Bob"), ("user.email", "bob@example.org")] {
            git(s.home.path(), s.bob.path(), "Bob", d1, &["config", k, v]);
        }
        s
    }

    /// Alice answers pi.needed "no" and sends it.
    fn alice_changes_pi(&self) {
        let p = self.alice().join("assessments/T1.toml");
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            &p,
            text.replace("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\""),
        )
        .unwrap();
        self.commit_alice(
            "2026-11-29T14:30:00+07:00",
            "Tax e-filing: pi.needed yes → no",
        );
    }
}

struct Ui {
    dir: PathBuf,
    s: Started,
    term: Terminal<TestBackend>,
}

impl Ui {
    fn start(dir: &Path, lang: Lang) -> Ui {
        let mut s = start(&StartOptions {
            data_dir: dir.to_path_buf(),
            config_dir: Some(dir.join(".config")),
            flags: Flags {
                lang,
                lang_explicit: true,
                ..Flags::default()
            },
            utf8_locale: true,
        });
        s.runner.dispatch(
            &mut s.app,
            Event::Resize {
                width: 80,
                height: 24,
            },
        );
        // The files the start asked for (the highlighted row's preview) are read.
        s.settle();
        let mut ui = Ui {
            dir: dir.to_path_buf(),
            s,
            term: Terminal::new(TestBackend::new(80, 24)).unwrap(),
        };
        ui.settle();
        ui
    }

    /// Every git job the interface started has reported (the loop does this between keys).
    fn settle(&mut self) {
        self.s.runner.settle_git(&mut self.s.app, WAIT);
        assert!(!self.s.runner.git_busy(), "git jobs still running");
    }

    fn key(&mut self, c: KeyCode) -> &mut Ui {
        self.s.press(&KeyEvent::new(c, KeyModifiers::NONE));
        self.s.save_pending();
        self.settle();
        self
    }

    fn keys(&mut self, s: &str) -> &mut Ui {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn text(&mut self) -> String {
        let path = self.dir.display().to_string();
        loop {
            let (app, view) = (&self.s.app, &mut self.s.view);
            let mut m = Default::default();
            self.term
                .draw(|f| {
                    m = view.draw(f, app);
                    mask(f.buffer_mut(), &path);
                })
                .unwrap();
            self.s.runner.dispatch(&mut self.s.app, Event::Measured(m));
            if !self.s.app.take_redraw() {
                break;
            }
        }
        self.term.backend().to_string()
    }
}

/// The random part of the data dir in the header, as `XXXXXX`.
fn mask(buf: &mut Buffer, path: &str) {
    let Some(rand) = path.strip_prefix(PREFIX) else {
        return;
    };
    let w = buf.area.width;
    let prefix: Vec<char> = PREFIX.chars().collect();
    for y in 0..buf.area.height {
        for x in 0..w.saturating_sub(prefix.len() as u16) {
            if !(0..prefix.len()).all(|k| buf[(x + k as u16, y)].symbol() == prefix[k].to_string())
            {
                continue;
            }
            for (k, c) in rand.chars().enumerate() {
                let pos = (x + (prefix.len() + k) as u16, y);
                if pos.0 < w && buf[pos].symbol() == c.to_string() {
                    buf[pos].set_symbol("X");
                }
            }
        }
    }
}

/// The question under the wizard's cursor.
fn question(ui: &Ui) -> String {
    let s = &ui.s.app.open.as_ref().expect("open").session;
    s.ruleset.questions[s.cursor.question].id.clone()
}

/// Steps the wizard back until it shows question `id`.
fn to_question(ui: &mut Ui, id: &str) {
    for _ in 0..12 {
        if question(ui) == id {
            return;
        }
        ui.keys("[");
    }
    assert_eq!(question(ui), id, "the wizard never reached it");
}

fn code(lang: Lang) -> &'static str {
    lang.code()
}

#[test]
fn the_header_counts_commits_ahead_and_behind_and_the_footer_offers_sync() {
    for lang in [Lang::Th, Lang::En] {
        let shared = Shared::new();
        let mut ui = Ui::start(shared.bob.path(), lang);
        assert_eq!(
            ui.s.app.git.as_ref().and_then(|g| g.ahead_behind),
            Some((0, 0))
        );
        let text = ui.text();
        let header = text.lines().next().unwrap();
        assert!(header.contains("↑0 ↓0"), "{header}");
        let footer = text.lines().last().unwrap();
        assert!(footer.contains("S "), "{footer}");
        assert_snapshot!(format!("git_list_{}_80x24", code(lang)), text);
    }
}

#[test]
fn the_sync_key_shows_what_came_in_and_the_counts_follow() {
    for lang in [Lang::Th, Lang::En] {
        let shared = Shared::new();
        let mut ui = Ui::start(shared.bob.path(), lang);
        shared.alice_changes_pi();
        // Bob's repository has not fetched yet: the header still says even.
        assert!(ui.text().lines().next().unwrap().contains("↑0 ↓0"));
        ui.keys("S");
        let Some(Popup::Reader(r)) = &ui.s.app.popup else {
            panic!("the sync's outcome shows: {:?}", ui.s.app.popup)
        };
        let all = reader_lines(r, &ui.s.app, lang).join("\n");
        assert!(
            all.contains("Tax e-filing [T1] (Alice <alice@example.org>)"),
            "{all}"
        );
        // The values as the file has them, in Thai with the ruleset's names beside them.
        let change = match lang {
            Lang::Th => "  pi.needed yes (ใช่) → no (ไม่ใช่)",
            Lang::En => "  pi.needed yes → no",
        };
        assert!(all.contains(change), "{all}");
        // The list is read again on the worker after a sync: the row is as the file now is
        // (pi.needed no: IAL final) once that job reported, which waiting for the worker's
        // jobs ensures.
        ui.s.save_pending();
        let text = ui.text();
        assert_snapshot!(format!("git_synced_{}_80x24", code(lang)), text);
        // What came in is on disk and in the list; the counts were taken again.
        let file = std::fs::read_to_string(shared.bob.path().join("assessments/T1.toml")).unwrap();
        assert!(file.contains("\"pi.needed\" = \"no\""), "{file}");
        ui.key(KeyCode::Esc);
        assert!(ui.s.app.popup.is_none());
        assert_eq!(
            ui.s.app.git.as_ref().and_then(|g| g.ahead_behind),
            Some((0, 0))
        );
    }
}

#[test]
fn the_wizard_says_who_last_changed_the_answer_under_the_cursor() {
    for lang in [Lang::Th, Lang::En] {
        let shared = Shared::new();
        shared.alice_changes_pi();
        git(
            shared.home.path(),
            shared.bob.path(),
            "Bob",
            "2026-11-30T09:00:00+07:00",
            &["pull", "-q", "--ff-only"],
        );
        let mut ui = Ui::start(shared.bob.path(), lang);
        ui.key(KeyCode::Enter);
        assert!(ui.s.app.open.is_some());
        for _ in 0..12 {
            if question(&ui) == "service.group" {
                break;
            }
            ui.keys("[");
        }
        // service.group: set when Alice created the assessment.
        let first = ui.s.app.last_change().expect("a last change");
        assert_eq!(first.who, "Alice <alice@example.org>");
        assert_eq!(first.when, "2026-11-28T10:15:00+07:00");
        let text = ui.text();
        assert!(
            text.contains("2026-11-28 10:15"),
            "the date of the change shows:\n{text}"
        );
        assert_snapshot!(format!("git_wizard_last_change_{}_80x24", code(lang)), text);
        // pi.needed, the next question: the later change.
        ui.keys("]");
        assert_eq!(question(&ui), "pi.needed");
        let second = ui.s.app.last_change().expect("a last change");
        assert_eq!(second.when, "2026-11-29T14:30:00+07:00");
        assert!(ui.text().contains("2026-11-29 14:30"));
    }
}

#[test]
fn the_history_key_opens_every_change_with_author_date_and_commit() {
    for lang in [Lang::Th, Lang::En] {
        let shared = Shared::new();
        shared.alice_changes_pi();
        git(
            shared.home.path(),
            shared.bob.path(),
            "Bob",
            "2026-11-30T09:00:00+07:00",
            &["pull", "-q", "--ff-only"],
        );
        let mut ui = Ui::start(shared.bob.path(), lang);
        ui.keys("H");
        let Some(Popup::Reader(r)) = &ui.s.app.popup else {
            panic!("the history shows: {:?}", ui.s.app.popup)
        };
        // The same text as `xal history T1`.
        let cli = Command::new(env!("CARGO_BIN_EXE_xal"))
            .args(["--data-dir"])
            .arg(shared.bob.path())
            .args(["--lang", lang.code(), "history", "T1"])
            .env("XAL_CONFIG_DIR", "/nonexistent-xal-config")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(cli.status.success());
        let want: Vec<String> = String::from_utf8_lossy(&cli.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        let got = reader_lines(r, &ui.s.app, lang);
        assert_eq!(*got, want);
        assert!(got[0].starts_with("2026-11-29T14:30:00+07:00  Alice <alice@example.org>  "));
        let text = ui.text();
        assert_snapshot!(format!("git_history_{}_80x24", code(lang)), text);
        // It scrolls, read-only, and closes with Esc.
        ui.keys("j");
        ui.key(KeyCode::Esc);
        assert!(ui.s.app.popup.is_none());
        assert_eq!(
            std::fs::read_to_string(shared.bob.path().join("assessments/T1.toml")).unwrap(),
            std::fs::read_to_string(shared.alice().join("assessments/T1.toml")).unwrap(),
            "nothing was written"
        );
    }
}

#[test]
fn outside_a_repository_nothing_of_git_shows() {
    for lang in [Lang::Th, Lang::En] {
        let dir = tempfile::Builder::new()
            .prefix("xal-snap-")
            .rand_bytes(6)
            .tempdir_in("/tmp")
            .unwrap();
        std::fs::create_dir_all(dir.path().join("assessments")).unwrap();
        std::fs::write(
            dir.path().join("assessments/T1.toml"),
            assessment("T1", "Tax e-filing", TAX),
        )
        .unwrap();
        let mut ui = Ui::start(dir.path(), lang);
        assert!(ui.s.app.git.is_none());
        assert!(!ui.s.runner.git_busy(), "no git job outside a repository");
        let sync_word = if lang == Lang::Th {
            "ซิงก์"
        } else {
            "sync"
        };
        let history_word = if lang == Lang::Th {
            "ประวัติ"
        } else {
            "history"
        };
        let list = ui.text();
        for screen in [list.clone(), {
            ui.key(KeyCode::Enter);
            ui.text()
        }] {
            assert!(!screen.contains('↑') && !screen.contains('↓'), "{screen}");
            assert!(!screen.contains(sync_word), "{screen}");
            assert!(!screen.contains(history_word), "{screen}");
            assert!(!screen.contains("last changed"), "{screen}");
        }
        assert!(ui.s.app.last_change().is_none());
        // Help lists no git key, however far it is scrolled.
        ui.key(KeyCode::Char('?'));
        let Some(Popup::Help(_)) = &ui.s.app.popup else {
            panic!("help opens")
        };
        // From the top (it opens at the pane's section, below the keys of everywhere).
        ui.text();
        ui.key(KeyCode::Char('g'));
        let everywhere = xal::tui::i18n::context_name(xal::app::Context::Global, lang);
        assert!(ui.text().contains(everywhere), "help is at its top");
        for _ in 0..40 {
            let screen = ui.text();
            assert!(!screen.contains(sync_word), "{screen}");
            assert!(!screen.contains("xal history"), "{screen}");
            ui.key(KeyCode::Char('j'));
        }
        ui.key(KeyCode::Esc);
        // The keys themselves only say why they do nothing here.
        ui.keys("S");
        assert!(ui.s.app.popup.is_none());
        assert!(!ui.s.runner.git_busy());
        assert_eq!(
            ui.s.app.status,
            Some(xal::app::Say::NotARepo),
            "S says what would make it work"
        );
        ui.keys("H");
        assert!(ui.s.app.popup.is_none());
        assert!(!dir.path().join(".git").exists());
    }
}

#[test]
fn a_commit_after_a_save_moves_the_count_and_the_last_change() {
    let shared = Shared::new();
    let mut ui = Ui::start(shared.bob.path(), Lang::En);
    // `git.commit = "each-save"`, as `run` sets it from config.toml in a repository.
    ui.s.runner.commit_each_save = true;
    ui.key(KeyCode::Enter);
    to_question(&mut ui, "service.group");
    assert_eq!(
        ui.s.app.last_change().unwrap().who,
        "Alice <alice@example.org>"
    );
    // Bob picks another service group: saved, then committed on the writer thread (the
    // save returns with the commit still to report, so the next key is not kept waiting),
    // counted, and now his.
    ui.s.press(&KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
    ui.s.save_pending();
    assert!(ui.s.runner.git_busy(), "the commit runs behind the save");
    ui.settle();
    assert_eq!(
        ui.s.app.git.as_ref().and_then(|g| g.ahead_behind),
        Some((1, 0))
    );
    let text = ui.text();
    assert!(text.lines().next().unwrap().contains("↑1 ↓0"), "{text}");
    to_question(&mut ui, "service.group");
    let last = ui.s.app.last_change().expect("a last change");
    assert_eq!(last.who, "Bob <bob@example.org>");
    assert!(ui.text().contains("last changed by Bob"));
}

#[test]
fn saves_in_quick_succession_are_all_committed() {
    let shared = Shared::new();
    let mut ui = Ui::start(shared.bob.path(), Lang::En);
    ui.s.runner.commit_each_save = true;
    ui.key(KeyCode::Enter);
    to_question(&mut ui, "service.group");
    // Three answers and two steps back, each saved, none waiting for the commits before.
    for c in ['2', '[', '1', '[', '2', '[', '1'] {
        ui.s.press(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        ui.s.save_pending();
    }
    ui.settle();
    let (h, bob) = (shared.home.path(), shared.bob.path());
    let date = "2026-11-28T11:00:00+07:00";
    let pending = &["status", "--porcelain", "--", "assessments"];
    assert_eq!(git(h, bob, "Bob", date, pending), "");
    let committed = git(h, bob, "Bob", date, &["show", "HEAD:assessments/T1.toml"]);
    let on_disk = std::fs::read_to_string(bob.join("assessments/T1.toml")).unwrap();
    assert_eq!(committed, on_disk, "the last save is the last commit");
    let log = git(h, bob, "Bob", date, &["log", "--format=%an", "main"]);
    assert!(log.lines().next() == Some("Bob"), "{log}");
}

#[test]
fn the_header_says_syncing_until_the_sync_reports_and_a_second_press_starts_nothing() {
    let shared = Shared::new();
    shared.alice_changes_pi();
    let mut ui = Ui::start(shared.bob.path(), Lang::En);
    let press = |ui: &mut Ui| {
        ui.s.press(&KeyEvent::new(KeyCode::Char('S'), KeyModifiers::NONE));
    };
    press(&mut ui);
    // Not settled: the sync runs on its own thread while keys are handled.
    assert!(ui.s.runner.git_busy());
    assert!(ui.text().lines().next().unwrap().contains("syncing…"));
    ui.s.press(&KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    press(&mut ui);
    assert!(ui.text().lines().next().unwrap().contains("syncing…"));
    ui.settle();
    let Some(Popup::Reader(r)) = &ui.s.app.popup else {
        panic!("the outcome shows")
    };
    assert_eq!(r.title, xal::app::Title::Synced);
    ui.key(KeyCode::Esc);
    assert!(ui.s.app.popup.is_none(), "one sync, one outcome");
    assert!(!ui.text().lines().next().unwrap().contains("syncing…"));
}

#[test]
fn help_in_a_repository_lists_the_sync_and_history_keys() {
    for (lang, sync, history) in [
        (
            Lang::En,
            "Commit, merge and push through git",
            "Who changed which answer",
        ),
        (
            Lang::Th,
            "ซิงก์ผ่าน git เหมือน xal sync",
            "ใครเปลี่ยนคำตอบใด เมื่อไร",
        ),
    ] {
        let shared = Shared::new();
        let mut ui = Ui::start(shared.bob.path(), lang);
        ui.key(KeyCode::Char('?'));
        // Help opens (at its first frame) at the list's section; the keys of everywhere are
        // above it.
        ui.text();
        ui.key(KeyCode::Char('g'));
        let mut seen = String::new();
        for _ in 0..40 {
            seen.push_str(&ui.text());
            ui.key(KeyCode::Char('j'));
        }
        assert!(seen.contains(sync), "{seen}");
        assert!(seen.contains(history), "{seen}");
    }
}

#[test]
fn on_an_impact_matrix_the_last_change_is_the_highlighted_rows() {
    let shared = Shared::new();
    // Alice raises one cell of the authentication impacts, later than the rest.
    let p = shared.alice().join("assessments/T1.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replace("financial = \"moderate\"", "financial = \"high\""),
    )
    .unwrap();
    shared.commit_alice(
        "2026-11-30T16:45:00+07:00",
        "Tax e-filing: impact.auth.financial moderate → high",
    );
    git(
        shared.home.path(),
        shared.bob.path(),
        "Bob",
        "2026-11-30T17:00:00+07:00",
        &["pull", "-q", "--ff-only"],
    );
    let mut ui = Ui::start(shared.bob.path(), Lang::En);
    ui.key(KeyCode::Enter);
    let when_on = |ui: &mut Ui, category: &str| {
        let open = ui.s.app.open.as_mut().unwrap();
        let rs = open.session.ruleset.clone();
        let q = rs
            .questions
            .iter()
            .position(|q| q.id == "impact.auth")
            .unwrap();
        let mut cursor = xal::app::wizard::at_question(&rs, open.session.answers(), q);
        cursor.row = rs.questions[q]
            .categories
            .iter()
            .position(|&c| rs.categories[c].id == category)
            .unwrap();
        open.session.cursor = cursor;
        ui.s.app.last_change().expect("a last change").when
    };
    assert_eq!(when_on(&mut ui, "financial"), "2026-11-30T16:45:00+07:00");
    assert_eq!(when_on(&mut ui, "reputation"), "2026-11-28T10:15:00+07:00");
}

#[test]
fn what_a_sync_brings_in_for_the_open_assessment_is_read_again() {
    let shared = Shared::new();
    let mut ui = Ui::start(shared.bob.path(), Lang::En);
    ui.key(KeyCode::Enter);
    let pi = |ui: &Ui| {
        let s = &ui.s.app.open.as_ref().expect("still open").session;
        format!("{:?}", s.answers().get("pi.needed"))
    };
    assert!(pi(&ui).contains("yes"), "{}", pi(&ui));
    shared.alice_changes_pi();
    ui.keys("S");
    assert!(matches!(ui.s.app.popup, Some(Popup::Reader(_))));
    // The wizard shows Alice's answer, and the file is hers: nothing was written over it.
    assert!(pi(&ui).contains("no"), "{}", pi(&ui));
    assert_eq!(ui.s.app.focus, xal::app::Pane::Wizard);
    ui.key(KeyCode::Esc);
    assert!(!ui.s.app.has_unsaved());
    assert_eq!(
        std::fs::read_to_string(shared.bob.path().join("assessments/T1.toml")).unwrap(),
        std::fs::read_to_string(shared.alice().join("assessments/T1.toml")).unwrap(),
    );
    // Who changed it is known at once: the history was read again after the sync.
    to_question(&mut ui, "pi.needed");
    assert_eq!(
        ui.s.app.last_change().unwrap().when,
        "2026-11-29T14:30:00+07:00"
    );
}

#[test]
fn a_commit_made_from_another_terminal_shows_when_the_assessment_is_opened_again() {
    let shared = Shared::new();
    let mut ui = Ui::start(shared.bob.path(), Lang::En);
    ui.key(KeyCode::Enter);
    to_question(&mut ui, "pi.needed");
    assert_eq!(
        ui.s.app.last_change().unwrap().who,
        "Alice <alice@example.org>"
    );
    // Carol, in another terminal on the same data dir, changes the answer and commits.
    let (h, bob) = (shared.home.path(), shared.bob.path());
    let p = bob.join("assessments/T1.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replace("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\""),
    )
    .unwrap();
    let date = "2026-11-30T16:00:00+07:00";
    git(
        h,
        bob,
        "Carol",
        date,
        &["commit", "-q", "-am", "pi.needed yes → no"],
    );
    // Back to the list and in again: the file and its history are read anew.
    ui.key(KeyCode::Esc);
    ui.key(KeyCode::Enter);
    to_question(&mut ui, "pi.needed");
    assert_eq!(
        ui.s.app.last_change().expect("a last change").who,
        "Carol <carol@example.org>"
    );
    // The history popup holds her commit too.
    ui.keys("H");
    let Some(Popup::Reader(r)) = &ui.s.app.popup else {
        panic!("the history shows: {:?}", ui.s.app.popup)
    };
    let got = reader_lines(r, &ui.s.app, ui.s.app.lang);
    assert!(
        got[0].starts_with("2026-11-30T16:00:00+07:00  Carol <carol@example.org>  "),
        "{got:?}"
    );
}
