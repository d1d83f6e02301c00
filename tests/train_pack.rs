//! The shipped scenario pack: every scenario is a valid assessment file under the DGS
//! ruleset with Thai and English text, and every reference answer set is complete and gives
//! the levels the reference states.

use std::path::Path;

use xal::engine::evaluate_set;
use xal::engine::levels_of;
use xal::ruleset::registry::Registry;
use xal::train::pack;

fn pack_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics")
}

fn has_thai(s: &str) -> bool {
    s.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

fn has_latin(s: &str) -> bool {
    s.chars().filter(|c| c.is_ascii_alphabetic()).count() > 10
}

#[test]
fn every_scenario_loads_with_thai_and_english_text() {
    let p = pack::load(&pack_dir()).unwrap();
    assert_eq!(p.id, "th-gov-basics");
    assert!(p.scenarios.len() >= 8, "{} scenarios", p.scenarios.len());
    for s in &p.scenarios {
        let a = &s.assessment;
        assert_eq!(a.ruleset.id, "dgs-1-2-2564", "{}", a.id);
        assert_eq!(
            s.path.file_stem().unwrap().to_str().unwrap(),
            a.id,
            "file name is the id"
        );
        assert!(has_thai(&a.service.name), "{}: Thai name", a.id);
        assert!(has_thai(&a.service.agency), "{}: Thai agency", a.id);
        assert!(
            has_latin(&a.service.description),
            "{}: English description",
            a.id
        );
        assert!(
            has_thai(&a.service.description),
            "{}: Thai description",
            a.id
        );
        assert!(s.reference.is_some(), "{}: reference answers", a.id);
    }
}

#[test]
fn every_reference_evaluates_completely_to_its_stated_levels() {
    let reg = Registry::builtin();
    let p = pack::load(&pack_dir()).unwrap();
    for s in &p.scenarios {
        let r = s.reference.as_ref().unwrap();
        let rs = reg.get(&s.assessment.ruleset.id).unwrap();
        let eval = evaluate_set(rs, &r.answers);
        assert!(eval.complete(), "{}: reference incomplete", s.assessment.id);
        let levels = levels_of(rs, &eval);
        assert!(!r.expect.is_empty(), "{}: [expect]", s.assessment.id);
        for (t, want) in &r.expect {
            let got = levels.iter().find(|(id, _)| id == t).map(|(_, l)| l);
            assert_eq!(got, Some(want), "{}: {t}", s.assessment.id);
        }
        // Nothing in a reference is ignored: every answer is asked and valid.
        if let xal::engine::SetEvaluation::Single(e) = &eval {
            assert!(e.ignored.is_empty(), "{}: {:?}", s.assessment.id, e.ignored);
        }
        assert!(!r.rationale.is_empty(), "{}: [rationale]", s.assessment.id);
    }
}

#[test]
fn the_pack_covers_the_services_the_brief_names_and_several_levels() {
    let p = pack::load(&pack_dir()).unwrap();
    let mut ids: Vec<&str> = p
        .scenarios
        .iter()
        .map(|s| s.assessment.id.as_str())
        .collect();
    ids.sort();
    // Eight services, from an information site to a cross-agency one-stop service.
    assert_eq!(
        ids,
        [
            "th-business-licence",
            "th-complaints",
            "th-health-record",
            "th-income-tax",
            "th-info-portal",
            "th-land-records",
            "th-one-stop",
            "th-welfare-payment",
        ]
    );
    let mut ials = std::collections::BTreeSet::new();
    let mut aals = std::collections::BTreeSet::new();
    for s in &p.scenarios {
        let r = s.reference.as_ref().unwrap();
        ials.insert(r.expect["ial"].clone());
        aals.insert(r.expect["aal"].clone());
    }
    assert!(ials.len() >= 3, "{ials:?}");
    assert!(aals.len() >= 3, "{aals:?}");
}

/// A copy of the shipped pack whose `pack.toml` is `manifest`.
fn pack_with_manifest(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["assessments", "reference"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for e in std::fs::read_dir(pack_dir().join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    std::fs::write(dir.path().join("pack.toml"), manifest).unwrap();
    dir
}

#[test]
fn a_manifest_value_of_the_wrong_kind_is_named_with_its_line_and_column() {
    for (manifest, want) in [
        (
            "id = \"p\"\nversion = 2\n",
            "pack.toml:2:11: `version` must be a string in quotes",
        ),
        ("id = 7\n", "pack.toml:1:6: `id` must be a string in quotes"),
        (
            "id = \"p\"\nruleset = [\"dgs-1-2-2564\"]\n",
            "pack.toml:2:11: `ruleset` must be a string in quotes",
        ),
        (
            "id = \"p\"\nname = { th = \"ชื่อ\", en = 3 }\n",
            "pack.toml:2:8: `name` must be a string, or a table of strings by language",
        ),
    ] {
        let dir = pack_with_manifest(manifest);
        let err = match pack::load(dir.path()) {
            Ok(_) => panic!("{manifest:?} was taken"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains(want), "{manifest:?}: {err}");
    }
    // The same values as strings are taken.
    let dir =
        pack_with_manifest("id = \"p\"\nversion = \"2\"\nname = { th = \"ชื่อ\", en = \"Name\" }\n");
    let p = pack::load(dir.path()).unwrap();
    assert_eq!((p.id.as_str(), p.version.as_str()), ("p", "2"));
}

#[test]
fn a_reference_value_of_the_wrong_kind_is_named_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let good =
        std::fs::read_to_string(pack_dir().join("reference/th-business-licence.toml")).unwrap();
    for (from, to, want) in [
        (
            "ial = \"IAL2.1\"",
            "ial = 2.1",
            "`expect.ial` must be a string in quotes",
        ),
        (
            "[rationale]\n",
            "[rationale]\n\"pi.needed\" = [\"yes\"]\n",
            "`rationale.\"pi.needed\"` must be a string in quotes",
        ),
    ] {
        assert!(good.contains(from));
        let path = dir.path().join("th-business-licence.toml");
        std::fs::write(&path, good.replacen(from, to, 1)).unwrap();
        let err = match pack::load_reference(&path) {
            Ok(_) => panic!("{to:?} was taken"),
            Err(e) => e.to_string(),
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text
            .lines()
            .position(|l| l.starts_with(to.lines().last().unwrap()))
            .unwrap()
            + 1;
        assert!(
            err.contains(&format!("th-business-licence.toml:{line}:")) && err.contains(want),
            "{err}"
        );
    }
}
