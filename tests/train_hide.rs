//! `train start --hide-result`: no level leaves xal for the trainee — `list`, `show`,
//! `export` — until the trainer's `train reveal`; a damaged setting keeps it hidden.

use crate::support;

use std::path::{Path, PathBuf};

use support::cli::{ok, xal};
use xal::answers::AnswerSet;
use xal::store::Store;
use xal::train::pack;

fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics")
}

/// A trainee who answered income tax completely, as the reference (IAL2.1, AAL2).
fn trainee(root: &Path) -> PathBuf {
    let dir = root.join("somchai");
    ok(&xal(
        &dir,
        &[
            "train",
            "start",
            pack_dir().to_str().unwrap(),
            "--hide-result",
        ],
    ));
    let p = pack::load(&pack_dir()).unwrap();
    let s = p.scenario("th-income-tax").unwrap();
    let store = Store::open(&dir);
    let mut loaded = store.load("th-income-tax").unwrap();
    let mut a = loaded.assessment.clone();
    a.answers = s.reference.as_ref().unwrap().answers.clone();
    assert!(matches!(a.answers, AnswerSet::Single(_)));
    store.save(&mut loaded, &a).unwrap();
    dir
}

fn out(dir: &Path, args: &[&str]) -> String {
    let o = xal(dir, args);
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn no_level(s: &str) {
    for l in ["IAL1", "IAL2", "IAL3", "AAL1", "AAL2", "AAL3"] {
        assert!(!s.contains(l), "{l} shown: {s}");
    }
}

#[test]
fn every_command_hides_the_levels_until_reveal() {
    let root = tempfile::tempdir().unwrap();
    let dir = trainee(root.path());
    let list = ok(&xal(&dir, &["list"]));
    assert!(list.contains("hidden"), "{list}");
    no_level(&list);
    no_level(&ok(&xal(&dir, &["--lang", "th", "list"])));
    no_level(&ok(&xal(&dir, &["list", "--format", "json"])));
    let show = ok(&xal(&dir, &["show", "th-income-tax"]));
    assert!(show.contains("xal train reveal"), "{show}");
    no_level(&show);
    let json = ok(&xal(&dir, &["show", "th-income-tax", "--format", "json"]));
    no_level(&json);
    assert!(json.contains("\"hidden\": true"), "{json}");
    for fmt in ["md", "html", "json", "csv"] {
        let o = xal(&dir, &["export", "th-income-tax", "--format", fmt]);
        assert_eq!(o.status.code(), Some(2), "{fmt}");
        no_level(&out(&dir, &["export", "th-income-tax", "--format", fmt]));
    }
    let th = out(&dir, &["--lang", "th", "export", "th-income-tax"]);
    assert!(th.contains("ถูกซ่อน"), "{th}");

    let said = ok(&xal(&dir, &["train", "reveal"]));
    assert!(said.contains("can see the result now"), "{said}");
    let list = ok(&xal(&dir, &["list"]));
    assert!(list.contains("IAL2.1") && list.contains("AAL2"), "{list}");
    assert!(ok(&xal(&dir, &["show", "th-income-tax"])).contains("IAL2.1"));
    ok(&xal(&dir, &["export", "th-income-tax"]));
    // The pack and the trainee's settings stay; a second reveal says nothing was hidden.
    let s = Store::open(&dir).train_settings().unwrap().unwrap();
    assert_eq!(s.pack, "th-gov-basics");
    assert!(ok(&xal(&dir, &["train", "reveal"])).contains("was not hidden"));
}

#[test]
fn a_damaged_setting_keeps_the_result_hidden_and_reveal_needs_a_trainee_dir() {
    let root = tempfile::tempdir().unwrap();
    let dir = trainee(root.path());
    std::fs::write(dir.join("train.toml"), "pack = \"th\u{0}\nhide_result = tr").unwrap();
    assert!(xal::train::hide_result(&dir));
    no_level(&ok(&xal(&dir, &["list"])));
    ok(&xal(&dir, &["train", "reveal"]));
    assert!(ok(&xal(&dir, &["list"])).contains("IAL2.1"));

    let plain = root.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    let o = xal(&plain, &["train", "reveal"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a trainee's data dir"));
}
