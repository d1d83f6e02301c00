//! Every surface says what holds (issue 22): in a data dir with an `allowed_signers` list, an
//! approval that does not hold — written by hand, with a signature that does not read, signed
//! by a key the list does not name, or recorded with `--no-sign` — is shown by its status
//! (`unsigned`, `bad signature`, `unknown signer`), never as approved, and sets no review
//! date, on `list` (table and JSON), `show` (text and JSON), `export ID` (Markdown, HTML, JSON,
//! CSV), `export --all` (CSV and xlsx) and `verify --signoffs`; an approval signed by an
//! allowed key is `signed` with its review date on each of them.

use crate::support;

use std::path::PathBuf;
use std::process::Output;

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook};
use support::cli::{DGS, assert_ok, ok, ok_json};
use support::keys::{SignDir, allowed, keygen};

/// A review date no approval made today gets: the one a forged table claims.
const FORGED_DUE: &str = "2031-05-17";

/// The sign-off data dir of `support::keys` with an `allowed_signers` list naming alice's
/// key only.
struct Env {
    dir: SignDir,
    alice: PathBuf,
}

impl std::ops::Deref for Env {
    type Target = SignDir;
    fn deref(&self) -> &SignDir {
        &self.dir
    }
}

impl Env {
    fn new() -> Option<Env> {
        let dir = SignDir::new()?;
        let alice = keygen(dir.tmp.path(), "alice", "alice@agency.go.th", "");
        std::fs::write(
            dir.data().join("allowed_signers"),
            allowed(&[("alice@agency.go.th", &alice)]),
        )
        .unwrap();
        Some(Env { dir, alice })
    }

    fn approve(&self, more: &[&str]) -> Output {
        let mut args = vec!["approve", DGS, "--by", "Jane Roe", "--role", "CIO"];
        args.extend_from_slice(more);
        self.xal(&args)
    }

    /// The content fingerprint an approval of the file accepts.
    fn content(&self) -> String {
        ok_json(&self.xal(&["export", DGS, "--format", "json"]))["fingerprints"]["content_sha256"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A `[[signoff]]` table written by hand at the end of the file: an approval of the
    /// current content by "The Minister", claiming alice as its signer and a review date,
    /// with `more` lines (a key, a signature).
    fn forge(&self, more: &str) {
        let mut text = std::fs::read_to_string(self.file()).unwrap();
        text.push_str(&format!(
            "\n[[signoff]]\nstep = \"approved\"\nby = \"The Minister\"\n\
             at = 2026-12-02T10:00:00+07:00\nrecord = \"{}\"\nreview_due = {FORGED_DUE}\n\
             signer = \"alice@agency.go.th\"\n{more}",
            self.content()
        ));
        std::fs::write(self.file(), text).unwrap();
    }

    /// The review date the file's latest sign-off records.
    fn recorded_due(&self) -> String {
        let text = std::fs::read_to_string(self.file()).unwrap();
        text.lines()
            .rev()
            .find_map(|l| l.strip_prefix("review_due = "))
            .expect("a recorded review date")
            .trim()
            .to_string()
    }

    fn path(&self, name: &str) -> String {
        self.tmp.path().join(name).to_str().unwrap().to_string()
    }
}

/// What every surface must say of the file's approval: its status, the signer it names, and
/// the review date it shows (none while no approval holds).
struct Want<'a> {
    /// `signed`, or the status of an approval that does not hold.
    status: &'a str,
    signer: &'a str,
    /// The date every surface shows (`Some` exactly when an approval holds).
    due: Option<&'a str>,
    /// A date no surface may show.
    hidden: &'a str,
}

impl Want<'_> {
    fn holds(&self) -> bool {
        self.due.is_some()
    }

    /// The assessment's state in the CSV, the workbook and the JSON report.
    fn state(&self) -> &str {
        if self.holds() {
            "approved"
        } else {
            self.status
        }
    }
}

/// Walks every surface.
fn surfaces(env: &Env, want: &Want) {
    list_table(env, want);
    list_json(env, want);
    show_text(env, want);
    show_json(env, want);
    for format in ["md", "html"] {
        document(env, want, format);
    }
    export_json(env, want);
    let one = ok(&env.xal(&["export", DGS, "--format", "csv"]));
    csv_row(&one, want, "export ID --format csv");
    let all = ok(&env.xal(&["export", "--all", "--format", "csv"]));
    csv_row(&all, want, "export --all --format csv");
    xlsx(env, want);
    verify(env, want);
}

fn list_table(env: &Env, want: &Want) {
    let out = ok(&env.xal(&["list"]));
    let row = out
        .lines()
        .find(|l| l.starts_with(DGS))
        .unwrap_or_else(|| panic!("no row: {out}"));
    if want.holds() {
        assert!(row.contains("✓ approved"), "list: {out}");
    } else {
        assert!(row.contains(&format!("✗ {}", want.status)), "list: {out}");
        assert!(!row.contains('✓'), "list: {out}");
    }
    assert_due_text(&out, want, "list");
}

fn list_json(env: &Env, want: &Want) {
    let v = ok_json(&env.xal(&["list", "--format", "json"]));
    let row = &v[0];
    let s = &row["signoff"];
    assert_eq!(s["status"], want.status, "list --format json: {row}");
    assert_eq!(s["holds"], want.holds(), "list --format json: {row}");
    assert_eq!(s["signer"], want.signer, "list --format json: {row}");
    assert_eq!(
        row["review_due"].as_str(),
        want.due,
        "list --format json: {row}"
    );
    assert_eq!(row["due"].is_null(), !want.holds(), "{row}");
    assert!(!row.to_string().contains(want.hidden), "{row}");
}

fn show_text(env: &Env, want: &Want) {
    let out = ok(&env.xal(&["show", DGS]));
    if want.holds() {
        assert!(
            out.contains(&format!(" · signed by {} (SHA256:", want.signer)),
            "show: {out}"
        );
    } else {
        assert!(
            out.contains(&format!("not accepted: {}", want.status)),
            "show: {out}"
        );
        assert!(!out.contains(" · signed by"), "show: {out}");
    }
    assert_eq!(out.contains("review due"), want.holds(), "show: {out}");
    assert_due_text(&out, want, "show");
}

fn show_json(env: &Env, want: &Want) {
    let v = ok_json(&env.xal(&["show", DGS, "--format", "json"]));
    let last = v["signoff"].as_array().unwrap().last().unwrap();
    assert_eq!(last["status"], want.status, "show --format json: {last}");
    assert_eq!(last["holds"], want.holds(), "show --format json: {last}");
    assert_eq!(last["signer"], want.signer, "show --format json: {last}");
    assert_eq!(v["review_due"].as_str(), want.due, "show --format json");
    assert!(
        v.as_object().unwrap().contains_key("review_due"),
        "the member stays, null"
    );
    assert!(!v.to_string().contains(want.hidden), "{v}");
}

fn document(env: &Env, want: &Want, format: &str) {
    let out = ok(&env.xal(&["export", DGS, "--format", format]));
    let what = format!("export --format {format}");
    if want.holds() {
        assert!(
            out.contains(&format!(" · signed by {} (SHA256:", want.signer)),
            "{what}: {out}"
        );
        assert!(!out.contains("NOT APPROVED"), "{what}: {out}");
    } else {
        assert!(
            out.contains(&format!("not accepted: {}", want.status)),
            "{what}: {out}"
        );
        assert!(out.contains("NOT APPROVED"), "{what}: {out}");
        assert!(!out.contains("Review due"), "{what}: {out}");
    }
    assert_due_text(&out, want, &what);
}

fn export_json(env: &Env, want: &Want) {
    let mut v = ok_json(&env.xal(&["export", DGS, "--format", "json"]));
    assert_eq!(v["status"], want.state(), "export --format json");
    assert_eq!(v["review_due"].as_str(), want.due, "export --format json");
    assert!(v.as_object().unwrap().contains_key("review_due"));
    let last = v["signoff"].as_array().unwrap().last().unwrap();
    assert_eq!(last["status"], want.status, "export --format json: {last}");
    assert_eq!(last["holds"], want.holds(), "{last}");
    assert_eq!(last["signer"], want.signer, "{last}");
    // The canonical record carries each sign-off as written (its `review_due` too): what the
    // report shows is the rest.
    v.as_object_mut().unwrap().remove("record");
    assert!(!v.to_string().contains(want.hidden), "{v}");
}

/// The DGS row of a CSV, checked by column name.
fn csv_row(csv: &str, want: &Want, what: &str) {
    let mut lines = csv.trim_start_matches('\u{feff}').split("\r\n");
    let heads = fields(lines.next().unwrap());
    let row = lines
        .map(fields)
        .find(|r| r.first().map(String::as_str) == Some(DGS))
        .unwrap_or_else(|| panic!("{what}: no row in {csv}"));
    let cell = |name: &str| -> &str {
        let i = heads
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{what}: no column {name}"));
        &row[i]
    };
    assert_eq!(cell("status"), want.state(), "{what}: {csv}");
    assert_eq!(cell("review_due"), want.due.unwrap_or(""), "{what}: {csv}");
    assert_eq!(cell("signer"), want.signer, "{what}: {csv}");
    assert_eq!(
        cell("approved_by").is_empty(),
        !want.holds(),
        "{what}: {csv}"
    );
    assert!(!csv.contains(want.hidden), "{what}: {csv}");
}

/// One CSV line's fields (RFC 4180 quoting; no field here holds a line break).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn xlsx(env: &Env, want: &Want) {
    let out = env.path("all.xlsx");
    assert_ok(&env.xal(&["export", "--all", "--format", "xlsx", "-o", &out]));
    let mut wb: Xlsx<_> = open_workbook(&out).expect("calamine opens the workbook");
    let rows: Range<Data> = wb.worksheet_range("assessments").expect("the sheet");
    let col = |name: &str| {
        (0..rows.width())
            .find(|&c| rows.get((0, c)) == Some(&Data::String(name.into())))
            .unwrap_or_else(|| panic!("xlsx: no column {name}"))
    };
    let text = |name: &str| match rows.get((1, col(name))) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("xlsx {name}: {other:?}"),
    };
    assert_eq!(text("id"), DGS);
    assert_eq!(text("status"), want.state(), "xlsx");
    assert_eq!(text("signer"), want.signer, "xlsx");
    let due = rows.get((1, col("review_due")));
    match want.due {
        Some(d) => {
            let date = due.and_then(|c| c.as_date()).expect("a date");
            assert_eq!(date.to_string(), d, "xlsx review_due");
        }
        None => assert!(
            matches!(due, Some(Data::Empty) | None),
            "xlsx review_due: {due:?}"
        ),
    }
    assert_eq!(text("approved_by").is_empty(), !want.holds(), "xlsx");
}

fn verify(env: &Env, want: &Want) {
    let o = env.xal(&["verify", "--signoffs", DGS]);
    let out = String::from_utf8_lossy(&o.stdout);
    let last = out.lines().last().unwrap_or("");
    assert!(
        last.contains(&format!(". {} — ", want.status)),
        "verify --signoffs: {out}"
    );
    assert_eq!(
        o.status.code(),
        Some(if want.holds() { 0 } else { 1 }),
        "verify --signoffs: {out}"
    );
    assert!(!out.contains(want.hidden), "verify --signoffs: {out}");
}

/// The date shown when an approval holds, and never the hidden one.
fn assert_due_text(out: &str, want: &Want, what: &str) {
    if let Some(d) = want.due {
        assert!(out.contains(d), "{what}: {d} not in {out}");
    }
    assert!(
        !out.contains(want.hidden),
        "{what}: {} in {out}",
        want.hidden
    );
}

#[test]
fn a_hand_written_approval_is_unsigned_everywhere_and_has_no_review_date() {
    let Some(env) = Env::new() else { return };
    env.forge("");
    surfaces(
        &env,
        &Want {
            status: "unsigned",
            signer: "alice@agency.go.th",
            due: None,
            hidden: FORGED_DUE,
        },
    );
}

#[test]
fn a_forged_signature_is_a_bad_signature_everywhere_and_has_no_review_date() {
    let Some(env) = Env::new() else { return };
    env.forge(
        "key = \"SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"\n\
         signature = \"\"\"\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n\
         -----END SSH SIGNATURE-----\"\"\"\n",
    );
    surfaces(
        &env,
        &Want {
            status: "bad signature",
            signer: "alice@agency.go.th",
            due: None,
            hidden: FORGED_DUE,
        },
    );
}

#[test]
fn an_unsigned_approval_is_unsigned_everywhere_and_has_no_review_date() {
    let Some(env) = Env::new() else { return };
    assert_ok(&env.approve(&["--no-sign"]));
    let due = env.recorded_due();
    surfaces(
        &env,
        &Want {
            status: "unsigned",
            signer: "",
            due: None,
            hidden: &due,
        },
    );
}

#[test]
fn a_key_not_on_the_list_is_an_unknown_signer_everywhere_and_has_no_review_date() {
    let Some(env) = Env::new() else { return };
    let mallory = keygen(env.tmp.path(), "mallory", "mallory@example.org", "");
    let _ = env.approve(&["--key", mallory.to_str().unwrap()]);
    let due = env.recorded_due();
    surfaces(
        &env,
        &Want {
            status: "unknown signer",
            signer: "mallory@example.org",
            due: None,
            hidden: &due,
        },
    );
}

#[test]
fn a_signed_approval_is_signed_everywhere_with_its_review_date() {
    let Some(env) = Env::new() else { return };
    assert_ok(&env.approve(&["--key", env.alice.to_str().unwrap()]));
    let due = env.recorded_due();
    surfaces(
        &env,
        &Want {
            status: "signed",
            signer: "alice@agency.go.th",
            due: Some(&due),
            hidden: FORGED_DUE,
        },
    );
}

#[test]
fn a_forged_approval_after_a_signed_one_does_not_move_its_review_date() {
    let Some(env) = Env::new() else { return };
    assert_ok(&env.approve(&["--key", env.alice.to_str().unwrap()]));
    let due = env.recorded_due();
    env.forge("");
    // The latest sign-off is the forged one, shown as it is; the assessment stays approved
    // by the signed one, due for review on its date.
    let list = ok_json(&env.xal(&["list", "--format", "json"]));
    assert_eq!(list[0]["signoff"]["status"], "unsigned", "{list}");
    assert_eq!(list[0]["review_due"], due.as_str(), "{list}");
    let table = ok(&env.xal(&["list"]));
    assert!(
        table.contains("✗ unsigned") && table.contains(&due),
        "{table}"
    );
    assert!(!table.contains(FORGED_DUE), "{table}");
    for args in [
        &["show", DGS, "--format", "json"][..],
        &["export", DGS, "--format", "json"],
    ] {
        let v = ok_json(&env.xal(args));
        assert_eq!(v["review_due"], due.as_str(), "{args:?}");
    }
    let show = ok(&env.xal(&["show", DGS]));
    assert!(show.contains(&format!("review due {due}")), "{show}");
    assert!(!show.contains(FORGED_DUE), "{show}");
    let csv = ok(&env.xal(&["export", DGS, "--format", "csv"]));
    csv_row(
        &csv,
        &Want {
            status: "signed",
            signer: "alice@agency.go.th",
            due: Some(&due),
            hidden: FORGED_DUE,
        },
        "export ID --format csv",
    );
    let md = ok(&env.xal(&["export", DGS, "--format", "md"]));
    assert!(md.contains(&due) && !md.contains(FORGED_DUE), "{md}");
}
