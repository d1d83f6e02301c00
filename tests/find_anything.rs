//! Finding among many (issue 25, item 4): `/` in the list matches every column the list shows
//! (levels and states too, with `aal>=2`-style comparisons), and `xal list` cuts a long name
//! with "…".

use crate::support;

use support::cli::xal;
use support::*;
use xal::answers::AnswerSet;
use xal::app::{Action, App, Event, Init};
use xal::ruleset::registry::Registry;
use xal::store::{ScanEntry, Store};
use xal::text::Lang;
use xal::tui::effects::Runner;

/// Three DGS assessments (one incomplete) and a grouped 800-63-4 one.
fn fill(store: &Store) {
    let r = Registry::builtin();
    dgs(
        store,
        &r,
        "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์",
        "กรมสรรพากร",
        income_tax(),
        at(40),
    );
    dgs(
        store,
        &r,
        "ขอรับเบี้ยยังชีพผู้สูงอายุ",
        "กรมกิจการผู้สูงอายุ",
        answers(&[
            ("service.group", choice("transactional")),
            ("pi.needed", choice("yes")),
        ]),
        at(30),
    );
    dgs(
        store,
        &r,
        "Library newsletter",
        "National Library",
        newsletter(),
        at(10),
    );
    let m = |l: [&str; 5]| {
        xal::answers::AnswerValue::Matrix(
            ["mission", "trust", "information", "financial", "safety"]
                .iter()
                .zip(l)
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect(),
        )
    };
    let citizens = answers(&[
        ("proofing.needed", choice("yes")),
        ("auth.needed", choice("yes")),
        ("federation.used", choice("no")),
        (
            "impact",
            m(["moderate", "moderate", "moderate", "moderate", "none"]),
        ),
        ("pi.accessible", choice("yes")),
    ]);
    create(
        store,
        &r,
        "nist-800-63-4",
        "Tax online (800-63-4)",
        "Revenue Department",
        AnswerSet::Groups(vec![group("citizens", "Citizens", citizens)]),
        at(50),
    );
}

struct Model {
    app: App,
    runner: Runner,
    _dir: tempfile::TempDir,
}

impl Model {
    fn new(hide_result: bool) -> Model {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        fill(&store);
        let registry = Registry::builtin();
        let entries = store
            .scan(&|a| xal::catalog::summarize(&registry, a), "")
            .unwrap()
            .entries;
        let app = App::new(Init {
            registry: registry.clone(),
            data_dir: dir.path().to_path_buf(),
            lang: Lang::En,
            default_ruleset: "dgs-1-2-2564".into(),
            entries,
            hide_result,
            ..Init::default()
        });
        Model {
            app,
            runner: Runner::new(store, registry),
            _dir: dir,
        }
    }

    fn send(&mut self, e: Event) {
        self.runner.dispatch(&mut self.app, e);
    }

    /// `/`, the query typed, and the names the list then shows, in order (by name).
    fn find(&mut self, query: &str) -> Vec<String> {
        self.send(Event::Action(Action::Back));
        self.send(Event::Action(Action::Filter));
        self.send(Event::Text(query.into()));
        let mut names: Vec<String> = self
            .app
            .list
            .rows()
            .map(|e| match e {
                ScanEntry::Ok(s) => s.service_name.clone(),
                ScanEntry::Broken { path, .. } => path.display().to_string(),
            })
            .collect();
        names.sort();
        names
    }
}

#[test]
fn levels_and_states_are_found_and_esc_clears_the_filter() {
    let mut m = Model::new(false);
    assert_eq!(m.app.list.len(), 4);
    assert_eq!(
        m.find("aal>=2"),
        ["Tax online (800-63-4)", "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"]
    );
    assert_eq!(m.app.list.filter().text(), "aal>=2", "the filter is kept");
    assert_eq!(m.find("incomplete"), ["ขอรับเบี้ยยังชีพผู้สูงอายุ"]);
    assert_eq!(m.find("ยังไม่ครบ"), ["ขอรับเบี้ยยังชีพผู้สูงอายุ"]);
    assert_eq!(m.find("AAL2"), m.find("aal:2"));
    assert_eq!(m.find("ial:2.1"), ["ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"]);
    assert_eq!(
        m.find("ial:2"),
        ["Tax online (800-63-4)", "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"],
        "IAL2 and IAL2.1"
    );
    assert_eq!(
        m.find("ial<2 complete"),
        ["Library newsletter"],
        "every word must match"
    );
    assert_eq!(
        m.find("agency:กรม state:comp"),
        ["ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"]
    );
    assert!(m.find("incomplete aal>=2").is_empty());
    assert_eq!(m.find("ruleset:800-63-4"), ["Tax online (800-63-4)"]);
    // Esc in the list clears the filter: every row again.
    m.send(Event::Action(Action::Back));
    m.send(Event::Action(Action::Back));
    assert_eq!(m.app.list.filter().text(), "");
    assert_eq!(m.app.list.len(), 4);
}

#[test]
fn hidden_levels_are_not_found() {
    let mut m = Model::new(true);
    assert!(m.find("aal>=2").is_empty());
    assert!(m.find("AAL2").is_empty());
    assert_eq!(m.find("incomplete"), ["ขอรับเบี้ยยังชีพผู้สูงอายุ"]);
}

#[test]
fn xal_list_cuts_a_long_name_with_an_ellipsis() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path());
    let r = Registry::builtin();
    let long = "ระบบยื่นคำขอรับใบอนุญาตประกอบกิจการโรงงานอุตสาหกรรมออนไลน์";
    dgs(&store, &r, long, "กรมโรงงานอุตสาหกรรม", income_tax(), at(40));
    dgs(
        &store,
        &r,
        "A service with a name far longer than thirty cells",
        "Agency",
        income_tax(),
        at(30),
    );
    let out = xal(dir.path(), &["list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("A service with a name far lon… "),
        "cut in its 30 cells, with …: {text}"
    );
    let thai = text.lines().find(|l| l.contains("ระบบยื่น")).unwrap();
    assert!(thai.contains("…") && !thai.contains(long), "{thai}");
    // The columns after the name still line up: the agency starts at the same cell.
    use unicode_width::UnicodeWidthStr;
    let col = |l: &str, what: &str| l[..l.find(what).unwrap()].width();
    let english = text.lines().find(|l| l.contains("A service")).unwrap();
    assert_eq!(col(thai, "กรมโรงงาน"), col(english, "Agency"), "{text}");
}

#[test]
fn the_sort_stays_with_the_list_and_esc_in_the_list_puts_it_and_the_filter_back() {
    use xal::app::{Pane, Sort};
    let mut m = Model::new(false);
    m.send(Event::Action(Action::Sort));
    assert_eq!(m.app.list.sort(), Sort::Name);
    let title = xal::tui::view::list_title(&m.app.list, Lang::En);
    assert!(title.ends_with(" · by name"), "{title}");
    m.send(Event::Action(Action::Filter));
    m.send(Event::Text("complete".into()));
    // Enter leaves the field; the filter stays.
    m.app.list.filtering = false;
    assert_eq!(m.app.list.len(), 3);
    let title = xal::tui::view::list_title(&m.app.list, Lang::En);
    assert!(title.ends_with(" · by name · /complete"), "{title}");
    // From another pane Esc comes back to the list and keeps both.
    m.app.focus = Pane::Result;
    m.send(Event::Action(Action::Back));
    assert_eq!(m.app.focus, Pane::List);
    assert_eq!(m.app.list.sort(), Sort::Name);
    assert_eq!(m.app.list.filter().text(), "complete");
    // In the list, one Esc puts the list back as it starts, and says the order.
    m.send(Event::Action(Action::Back));
    assert_eq!(m.app.list.filter().text(), "");
    assert_eq!(m.app.list.sort(), Sort::default());
    assert_eq!(m.app.list.len(), 4);
    let title = xal::tui::view::list_title(&m.app.list, Lang::Th);
    assert!(!title.contains('·'), "{title}");
}
