//! Every worked case of the spec (copied into tests/vectors/) through `xal eval --format json`.

use crate::support;

use support::cli::{ok_json, xal_with_stdin};

fn eval_json(ruleset: &str, input: &str) -> serde_json::Value {
    ok_json(&xal_with_stdin(
        &["eval", "-", "--ruleset", ruleset, "--format", "json"],
        input,
    ))
}

/// An expected value of a vector as the JSON output has it (a missing field is `null`, never
/// equal to an expected one).
fn json(v: &toml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}

fn run_file(path: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let cases = doc["case"].as_array().unwrap();
    for case in cases {
        let case = case.as_table().unwrap();
        let name = case["name"].as_str().unwrap();
        let ruleset = case["ruleset"].as_str().unwrap();
        let mut input = toml::Table::new();
        for key in ["answers", "groups"] {
            if let Some(v) = case.get(key) {
                input.insert(key.into(), v.clone());
            }
        }
        let got = eval_json(ruleset, &toml::to_string(&input).unwrap());
        let expect = case["expect"].as_table().unwrap();
        assert!(!expect.is_empty(), "{name}: nothing expected");
        for (key, want) in expect {
            if key == "groups" {
                let want_groups = want.as_array().unwrap();
                assert_eq!(
                    got["groups"].as_array().map(Vec::len),
                    Some(want_groups.len()),
                    "{name}: the groups in {got}"
                );
                for g in want_groups {
                    let g = g.as_table().unwrap();
                    let gid = g["id"].as_str().unwrap();
                    let found = got["groups"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["id"] == gid)
                        .unwrap_or_else(|| panic!("{name}: no group {gid} in {got}"));
                    for (k, v) in g {
                        assert_eq!(found[k.as_str()], json(v), "{name} / {gid} / {k}");
                    }
                }
            } else {
                assert_eq!(got[key.as_str()], json(want), "{name}: {key} in {got}");
            }
        }
        assert_eq!(got["ruleset"]["id"], ruleset);
    }
    cases.len()
}

#[test]
fn dgs_vectors() {
    assert!(run_file("tests/vectors/dgs-1-2-2564.toml") >= 12);
}

#[test]
fn nist_800_63_3_vectors() {
    assert!(run_file("tests/vectors/nist-800-63-3.toml") >= 5);
}

#[test]
fn nist_800_63_4_vectors() {
    assert!(run_file("tests/vectors/nist-800-63-4.toml") >= 6);
}
