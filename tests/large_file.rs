//! One assessment file with 40,000 answer keys no ruleset knows (issue 20, item 4): the real
//! binary evaluates, imports, lists and shows it, and says exactly what it says of a small
//! file — every key ignored by name, and with `--strict` each one at its line and column.
//! (How long it takes is `cargo bench --bench large_file`; these tests check the words.)

use crate::support;

use std::path::Path;

use support::cli::{ok, xal};

const ID: &str = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA";
const N: usize = 40_000;

/// The file before its unknown keys: a complete DGS assessment, with one key `[service]`
/// does not have.
const HEAD: &str = r#"schema = 1
id = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA"

[service]
name = "ยื่นแบบภาษีเงินได้บุคคลธรรมดาออนไลน์"
agency = "กรมสรรพากร"
website = "https://example.invalid"

[ruleset]
id = "dgs-1-2-2564"
version = "1.0.0"

[answers]
"service.group" = "transactional"
"pi.needed" = "yes"
"pi.validated" = "yes"
"impact.proofing" = { reputation = "moderate", financial = "moderate", programs = "moderate", sensitive = "moderate", safety = "none", civil = "moderate" }
"auth.needed" = "no"
"#;

const TAIL: &str =
    "\n[meta]\ncreated = 2026-11-28T09:02:11+07:00\nupdated = 2026-11-28T10:15:00+07:00\n";

/// The `i`th unknown key (some in Thai, so that columns count characters) and its value.
fn key(i: usize) -> (String, &'static str) {
    let key = if i % 7 == 3 {
        format!("x.ข้อ{i:06}")
    } else {
        format!("x.q{i:06}")
    };
    let value = match i % 10 {
        0 => "{ reputation = \"low\", financial = \"none\" }",
        1 => "42",
        2 => "\"ใช่\"",
        _ => "\"yes\"",
    };
    (key, value)
}

/// The file with `n` unknown keys, one a line after the known answers.
fn file(n: usize) -> String {
    let mut s = HEAD.to_string();
    for i in 0..n {
        let (k, v) = key(i);
        s.push_str(&format!("\"{k}\" = {v}\n"));
    }
    s.push_str(TAIL);
    s
}

fn write(dir: &Path, name: &str, n: usize) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, file(n)).unwrap();
    path
}

/// What the text output says of the unknown keys: one line each, in the order of their ids.
fn ignored_lines(n: usize) -> String {
    let mut keys: Vec<String> = (0..n).map(|i| key(i).0).collect();
    keys.sort();
    keys.iter()
        .map(|k| format!("Ignored: {k} (unknown question)\n"))
        .collect()
}

/// What `--strict` says, in the order of the file: the unknown key of `[service]`, then each
/// unknown answer at its value (line and column counted here, character by character).
fn strict_lines(path: &Path, n: usize) -> Vec<String> {
    let p = path.display();
    let website = HEAD.lines().position(|l| l.starts_with("website")).unwrap() + 1;
    let first = HEAD.lines().count() + 1;
    let mut out = vec![format!(
        "{p}:{website}:1: unknown key `website` in [service], not read by xal (--strict)"
    )];
    for i in 0..n {
        let (k, _) = key(i);
        let column = format!("\"{k}\" = ").chars().count() + 1;
        out.push(format!(
            "{p}:{}:{column}: answer `{k}` ignored: unknown question (--strict)",
            first + i
        ));
    }
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn eval_names_every_one_of_40000_unknown_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let small = write(tmp.path(), "none.toml", 0);
    let large = write(tmp.path(), "large.toml", N);
    // The same evaluation as without the keys, then one line for each.
    let base = ok(&xal(
        &data,
        &["--lang", "en", "eval", small.to_str().unwrap()],
    ));
    assert!(
        base.contains("Complete\n") && !base.contains("Ignored"),
        "{base}"
    );
    let out = ok(&xal(
        &data,
        &["--lang", "en", "eval", large.to_str().unwrap()],
    ));
    assert!(out == base + &ignored_lines(N), "the output differs");
}

#[test]
fn strict_places_each_of_40000_unknown_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let large = write(tmp.path(), "large.toml", N);
    let expected = strict_lines(&large, N);
    for command in ["eval", "import"] {
        let o = xal(
            &data,
            &["--lang", "en", command, "--strict", large.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(2), "{command} --strict");
        assert!(o.stdout.is_empty(), "{command} --strict");
        let err = text(&o.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{command} --strict");
        for (got, want) in lines.iter().zip(&expected) {
            assert_eq!(got, want, "{command} --strict");
        }
    }
    assert!(
        !data.join("assessments").exists(),
        "import --strict refused the file and wrote nothing"
    );
}

#[test]
fn import_keeps_every_key_and_list_and_show_read_the_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let large = write(tmp.path(), "large.toml", N);
    let out = ok(&xal(
        &data,
        &["--lang", "en", "import", large.to_str().unwrap()],
    ));
    assert_eq!(out, format!("{}: imported as {ID}\n", large.display()));
    // The copy is the file, every key in its place, with where it came from added after it.
    let copy =
        std::fs::read_to_string(data.join("assessments").join(format!("{ID}.toml"))).unwrap();
    let source = file(N);
    assert!(
        copy.starts_with(&source),
        "the copy keeps the file as it was"
    );
    let added = &copy[source.len()..];
    assert!(
        added.contains("[origin]") && added.contains(&format!("from_id = \"{ID}\"")),
        "{added}"
    );

    let list = ok(&xal(&data, &["--lang", "en", "list", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["id"], ID, "{list}");
    assert_eq!(rows[0]["complete"], true, "{list}");

    let show = ok(&xal(&data, &["--lang", "en", "show", ID]));
    assert!(
        show.ends_with(&ignored_lines(N)),
        "show names every unknown key, as eval does"
    );
}
