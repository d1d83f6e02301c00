//! The JSON contract: every JSON xal prints says its kind (`"schema": "xal.<kind>/1"`) and
//! validates against the JSON Schema of that kind in `docs/schema/`. Those files are generated
//! from the Rust types of `xal::report::output`, the types every `--format json` output is
//! built as: `UPDATE_SCHEMA=1 cargo test --lib schemas` rewrites them (review the diff).

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::cli::{DGS, NIST4, ok_json, report_fixture, xal, xal_command};

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema")
}

fn schema_file(kind: &str) -> PathBuf {
    schema_dir().join(format!("{kind}.json"))
}

/// One file per kind, and no file of a kind that is gone. That each file is what the types
/// generate is a unit test of the library (`report::output`), where `schemars` is seen.
#[test]
fn one_schema_file_per_kind() {
    let mut files: Vec<String> = std::fs::read_dir(schema_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut kinds: Vec<String> = xal::report::output::KINDS
        .iter()
        .map(|k| format!("{k}.json"))
        .collect();
    kinds.sort();
    assert_eq!(files, kinds);
}

/// Validates `v` against the checked-in schema of `kind`, and checks that it names it.
fn check(kind: &str, what: &str, v: &Value) {
    let text = std::fs::read_to_string(schema_file(kind)).expect("the schema file");
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{kind}: not a valid schema: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not fit {kind}.json:\n{}\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(v).unwrap()
    );
    let name = format!("xal.{kind}/1");
    match v {
        Value::Array(rows) => {
            assert!(!rows.is_empty(), "{what}: rows to check");
            for r in rows {
                assert_eq!(r["schema"], name.as_str(), "{what}: {r}");
            }
        }
        _ => assert_eq!(v["schema"], name.as_str(), "{what}"),
    }
}

/// A schema that accepts anything would pass every check above.
#[test]
fn the_schemas_refuse_what_is_not_their_kind() {
    let text = std::fs::read_to_string(schema_file("verify")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let good = serde_json::json!({
        "schema": "xal.verify/1", "file": "a.toml", "match": true,
        "record_sha256": "00", "claimed_sha256": "00", "differing_parts": [],
        "differing_answers": [], "report_changed": false,
    });
    assert!(v.is_valid(&good));
    let mut wrong_kind = good.clone();
    wrong_kind["schema"] = "xal.export/1".into();
    assert!(!v.is_valid(&wrong_kind));
    let mut renamed = good.clone();
    renamed["matches"] = renamed["match"].take();
    renamed.as_object_mut().unwrap().remove("match");
    assert!(!v.is_valid(&renamed));
    let text = std::fs::read_to_string(schema_file("export")).unwrap();
    let export = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    assert!(!export.is_valid(&good));
}

fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("assessments");
    std::fs::create_dir_all(&a).unwrap();
    for id in [DGS, NIST4] {
        std::fs::copy(report_fixture(id), a.join(format!("{id}.toml"))).unwrap();
    }
    dir
}

fn json(dir: &Path, args: &[&str]) -> Value {
    ok_json(&xal(dir, args))
}

#[test]
fn every_json_output_fits_its_schema() {
    let dir = data_dir();
    let d = dir.path();
    let dgs = report_fixture(DGS);
    let nist4 = report_fixture(NIST4);
    let (dgs, nist4) = (dgs.to_str().unwrap(), nist4.to_str().unwrap());

    for (what, file) in [("dgs", dgs), ("800-63-4", nist4)] {
        for lang in ["th", "en"] {
            let v = json(d, &["eval", file, "--format", "json", "--lang", lang]);
            check("eval", &format!("eval {what} {lang}"), &v);
        }
        let v = json(d, &["eval", file, "--format", "json", "--explain"]);
        check("eval", &format!("eval --explain {what}"), &v);
    }
    // An incomplete one: lower bounds, missing answers.
    let v = ok_json(&support::cli::xal_with_stdin(
        &["eval", "-", "--format", "json"],
        "[answers]\n\"pi.needed\" = \"yes\"\n",
    ));
    check("eval", "eval incomplete", &v);

    // Approved (then void), to have sign-offs and review dates in the outputs.
    support::cli::assert_ok(&xal(d, &["approve", DGS, "--no-sign", "--by", "สมชาย ใจดี"]));
    for id in [DGS, NIST4] {
        check("show", id, &json(d, &["show", id, "--format", "json"]));
        check("export", id, &json(d, &["export", id, "--format", "json"]));
    }
    // The same names for the same things: the levels of show, export and list agree.
    let shown = json(d, &["show", DGS, "--format", "json"]);
    let exported = json(d, &["export", DGS, "--format", "json"]);
    std::fs::write(d.join("broken.toml"), "[service\n").unwrap();
    std::fs::rename(d.join("broken.toml"), d.join("assessments/broken.toml")).unwrap();
    // A broken file is an entry, and exit 2.
    let o = xal(d, &["list", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let listed: Value = serde_json::from_slice(&o.stdout).unwrap();
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == DGS)
        .unwrap();
    for key in ["levels", "review_due", "complete"] {
        assert_eq!(shown[key], exported[key], "{key}");
        assert_eq!(shown[key], row[key], "{key}");
    }
    assert_eq!(shown["levels"]["ial"], shown["ial"]);
    assert_eq!(shown["service"], exported["service"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["broken"] == true)
    );
    check("list", "list with a broken file", &listed);
    let _ = std::fs::remove_file(d.join("assessments/broken.toml"));

    let v = json(d, &["list", "--due", "--format", "json"]);
    assert_eq!(v, Value::Array(vec![]), "nothing due within 30 days");

    let v = ok_json_any(&xal(d, &["diff", DGS, NIST4, "--format", "json"]));
    check("diff", "diff of two", &v);
    let v = ok_json_any(&xal(
        d,
        &[
            "diff",
            DGS,
            "--ruleset",
            "nist-800-63-3",
            "--format",
            "json",
        ],
    ));
    check("diff", "diff under another ruleset", &v);

    let report = d.join("report.json");
    std::fs::write(&report, serde_json::to_vec(&exported).unwrap()).unwrap();
    let v = json(d, &["verify", report.to_str().unwrap(), "--format", "json"]);
    check("verify", "verify a match", &v);
    // Then void: the report no longer matches.
    let file = d.join(format!("assessments/{DGS}.toml"));
    let t = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        t.replacen("\"pi.needed\" = \"yes\"", "\"pi.needed\" = \"no\"", 1),
    )
    .unwrap();
    let v = ok_json_any(&xal(
        d,
        &["verify", report.to_str().unwrap(), "--format", "json"],
    ));
    assert_eq!(v["match"], false);
    check("verify", "verify a difference", &v);
    check(
        "export",
        "export void",
        &json(d, &["export", DGS, "--format", "json"]),
    );

    // The trash.
    let store = xal::store::Store::open(d);
    store.trash(NIST4).unwrap();
    check(
        "trash",
        "trash list",
        &json(d, &["trash", "list", "--format", "json"]),
    );
}

/// The JSON of a run that exited 0 or 1 (a comparison that found a difference).
fn ok_json_any(o: &std::process::Output) -> Value {
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

#[test]
fn history_and_collect_fit_their_schemas() {
    // History: the data dir as a git repository with two commits of one assessment.
    let dir = data_dir();
    let d = dir.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(d)
            .args([
                "-c",
                "user.name=Tester",
                "-c",
                "user.email=t@example.invalid",
            ])
            .args(args)
            .output()
            .expect("git");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "first"]);
    support::cli::assert_ok(&xal(d, &["approve", DGS, "--no-sign", "--by", "Jane Roe"]));
    // `xal approve` commits in a repository when git knows who is committing; the empty
    // commit allowed here is a no-op then, and the approval's commit otherwise.
    git(&["commit", "-q", "--allow-empty", "-am", "approved"]);
    let v = json(d, &["history", DGS, "--format", "json"]);
    assert_eq!(v["entries"].as_array().unwrap().len(), 2, "{v}");
    check("history", "history", &v);

    // Collect: two trainees of the basics pack, one who answered nothing.
    let class = tempfile::tempdir().unwrap();
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/th-gov-basics");
    let pack = pack.to_str().unwrap();
    for t in ["somchai", "malee"] {
        let td = class.path().join(t);
        support::cli::assert_ok(&xal(&td, &["train", "start", pack]));
    }
    let o = xal_command()
        .args(["train", "collect", "--format", "json", "--reference", pack])
        .arg(class.path().join("somchai"))
        .arg(class.path().join("malee"))
        .output()
        .unwrap();
    let v = ok_json(&o);
    check("collect", "train collect", &v);

    // A trainee whose results are hidden gets `show` without levels, of the same kind.
    let td = class.path().join("hidden");
    support::cli::assert_ok(&xal(&td, &["train", "start", pack, "--hide-result"]));
    let listed = json(&td, &["list", "--format", "json"]);
    check("list", "list, results hidden", &listed);
    let id = listed[0]["id"].as_str().unwrap();
    let v = json(&td, &["show", id, "--format", "json"]);
    assert_eq!(v["hidden"], true, "{v}");
    check("show", "show, results hidden", &v);
}

/// A file saved under nist-800-63-4 1.x: its answers carried into 2.0.0's questions
/// (`"carried"` in each group, and in a re-evaluation) fit the schemas too.
#[test]
fn carried_answers_fit_their_schemas() {
    const ID: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9CB";
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("assessments")).unwrap();
    let file = d.join(format!("assessments/{ID}.toml"));
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/carry-nist4-1x.toml"),
        &file,
    )
    .unwrap();
    for lang in ["th", "en"] {
        let v = json(
            d,
            &[
                "eval",
                file.to_str().unwrap(),
                "--format",
                "json",
                "--lang",
                lang,
            ],
        );
        assert!(v["groups"][0]["carried"].is_array(), "{v:#}");
        check("eval", &format!("eval carried {lang}"), &v);
    }
    check(
        "show",
        "show carried",
        &json(d, &["show", ID, "--format", "json"]),
    );
    check(
        "export",
        "export carried",
        &json(d, &["export", ID, "--format", "json"]),
    );
    let v = ok_json_any(&xal(
        d,
        &["diff", ID, "--ruleset", "nist-800-63-4", "--format", "json"],
    ));
    assert!(v["carried"].is_array(), "{v:#}");
    check("diff", "diff with carried answers", &v);
}
