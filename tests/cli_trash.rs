//! `xal trash list` and `xal trash restore`: what the interface's trash view does, for scripts.

use crate::support;

use support::cli::xal;
use support::*;
use xal::ruleset::registry::Registry;

#[test]
fn a_trashed_assessment_is_listed_and_restored_by_its_id() {
    let sb = Sandbox::new();
    let store = sb.store();
    let reg = Registry::builtin();
    let a = dgs(&store, &reg, "Tax e-filing", "Revenue", income_tax(), at(0));
    let id = a.assessment.id.clone();
    store.trash(&id).unwrap();
    std::fs::write(store.trash_dir().join("junk.toml"), "[service\n").unwrap();

    let o = xal(&sb.data_dir(), &["trash", "list"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(&id) && out.contains("Tax e-filing"), "{out}");
    assert!(out.contains("! junk.toml (does not parse)"), "{out}");
    let json = xal(&sb.data_dir(), &["trash", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["schema"], "xal.trash/1");
    assert_eq!(v["trash"].as_array().unwrap().len(), 2);

    let o = xal(&sb.data_dir(), &["trash", "restore", &id[..8]]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        store.path_of(&id).unwrap().exists(),
        "back among the assessments"
    );
    assert!(store.load(&id).is_ok());
    // Gone from the trash; a second restore has nothing to restore.
    let o = xal(&sb.data_dir(), &["trash", "restore", &id]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no assessment"),
        "{o:?}"
    );
}

#[test]
fn restoring_never_writes_over_an_assessment_in_use() {
    let sb = Sandbox::new();
    let store = sb.store();
    let a = dgs(
        &store,
        &Registry::builtin(),
        "Tax",
        "Revenue",
        income_tax(),
        at(0),
    );
    let id = a.assessment.id.clone();
    let path = store.path_of(&id).unwrap();
    let before = std::fs::read(&path).unwrap();
    // A copy of it in the trash, as if deleted once and created again under the same id.
    std::fs::create_dir_all(store.trash_dir()).unwrap();
    std::fs::write(store.trash_dir().join(format!("{id}.toml")), "schema = 1\n").unwrap();
    let o = xal(&sb.data_dir(), &["trash", "restore", &id]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("there already"),
        "{o:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "untouched");
}
