//! `xal export --all --format csv`: one row per assessment, for spreadsheets.
//!
//! The level columns are the rulesets' own targets: the union of the target ids of the rows,
//! in the order they first appear, each headed by its id in capitals (`ial` → `IAL`). A
//! ruleset with other targets gets its own columns with no change here, and a row whose
//! ruleset lacks a target leaves that cell empty.

/// The columns before the levels. An 800-63-4 assessment has one row per user group
/// (`user_group`, `user_group_name`, that group's final levels); others have one row with
/// those two empty. `status` is `draft` (incomplete: the levels are lower bounds),
/// `complete`, `approved` (an approval holds), or the status of the latest approval when none
/// holds: `void` (the content changed since), `unsigned`, `unknown signer` or `bad signature`
/// (its signature does not count: docs/record.md, "Signed sign-offs").
pub(crate) const LEADING: [&str; 12] = [
    "id",
    "service",
    "agency",
    "group",
    "user_group",
    "user_group_name",
    "ruleset",
    "version",
    "status",
    "complete",
    "assessor",
    "created",
];

/// The columns after the levels: the targets whose level is a lower bound, then the record's
/// dates, who approved, and its fingerprint; last, who signed the approval `status` speaks of
/// with which key (`signer`, `key`: empty when it is unsigned). `review_due`, `approved_by`
/// and `approved_on` are empty while no approval holds.
pub(crate) const TRAILING: [&str; 8] = [
    "lower_bounds",
    "updated",
    "review_due",
    "approved_by",
    "approved_on",
    "record_sha256",
    "signer",
    "key",
];

/// One row's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// In [`LEADING`] order.
    pub fields: Vec<String>,
    /// Level id by target id, in the ruleset's order.
    pub levels: Vec<(String, String)>,
    /// In [`TRAILING`] order.
    pub trailing: Vec<String>,
}

/// The target ids of `rows`, each once, in the order they first appear.
pub fn targets(rows: &[Row]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for r in rows {
        for (t, _) in &r.levels {
            if !out.contains(&t.as_str()) {
                out.push(t);
            }
        }
    }
    out
}

/// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break.
/// With `bom` (the default of `xal export`), starts with U+FEFF so that spreadsheet programs
/// read the Thai as UTF-8.
pub fn render(rows: &[Row], bom: bool) -> String {
    let targets = targets(rows);
    let mut s = String::new();
    if bom {
        s.push('\u{feff}');
    }
    let heads: Vec<String> = targets.iter().map(|t| t.to_uppercase()).collect();
    line(
        &mut s,
        LEADING
            .iter()
            .copied()
            .chain(heads.iter().map(String::as_str))
            .chain(TRAILING),
    );
    for r in rows {
        let level = |t: &str| {
            r.levels
                .iter()
                .find(|(id, _)| id == t)
                .map_or("", |(_, l)| l.as_str())
        };
        line(
            &mut s,
            r.fields
                .iter()
                .map(String::as_str)
                .chain(targets.iter().map(|t| level(t)))
                .chain(r.trailing.iter().map(String::as_str)),
        );
    }
    s
}

fn line<'a>(s: &mut String, fields: impl Iterator<Item = &'a str>) {
    let mut first = true;
    for f in fields {
        if !first {
            s.push(',');
        }
        first = false;
        push_field(s, f);
    }
    s.push_str("\r\n");
}

/// Whether a spreadsheet would take a cell starting so as a formula: `=`, `+`, `-`, `@`, tab
/// or carriage return (OWASP, "CSV Injection"). A plain negative number (`-3`, `-0.5`) is
/// not one and keeps its value.
fn formula_like(f: &str) -> bool {
    let Some(first) = f.chars().next() else {
        return false;
    };
    if first == '-' && is_plain_number(&f[1..]) {
        return false;
    }
    matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r')
}

fn is_plain_number(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field a
/// spreadsheet would run as a formula (a service named `=HYPERLINK(...)` in a file someone
/// imported) gets a leading `'` and is quoted, as OWASP recommends, so the spreadsheet shows
/// the text and runs nothing. Every CSV xal writes goes through here.
pub(crate) fn push_field(s: &mut String, f: &str) {
    let formula = formula_like(f);
    if formula || f.contains([',', '"', '\n', '\r']) {
        s.push('"');
        if formula {
            s.push('\'');
        }
        s.push_str(&f.replace('"', "\"\""));
        s.push('"');
    } else {
        s.push_str(f);
    }
}

/// [`push_field`] as a string of its own.
pub fn field(f: &str) -> String {
    let mut s = String::with_capacity(f.len() + 2);
    push_field(&mut s, f);
    s
}

/// The rows of one assessment (one per user group when it has groups); `eval` is none when
/// its ruleset is not available (then the levels the file recorded in `[result]` are used,
/// and nothing is said of lower bounds or sign-off).
pub fn rows(
    a: &crate::store::Assessment,
    rs: Option<&crate::ruleset::Ruleset>,
    eval: Option<&crate::engine::SetEvaluation>,
) -> Vec<Row> {
    use crate::engine::SetEvaluation;
    let Some((rs, e)) = rs.zip(eval) else {
        let r = a.result.clone().unwrap_or_default();
        let status = if r.complete { "complete" } else { "draft" };
        return vec![make(
            a,
            ("", ""),
            &a.ruleset.version,
            status,
            r.complete,
            r.levels,
            "",
            None,
        )];
    };
    let rec = crate::record::Record::of(a, rs, e);
    let content = rec.content_sha256();
    let (status, approval) = super::signoff::approval_state(&a.signoffs, &content, e.complete());
    let sha = rec.sha256();
    let sign = super::signoff::holding_approval(&a.signoffs, &content);
    let bounds = |targets: &[crate::engine::TargetResult]| -> String {
        targets
            .iter()
            .filter(|t| !t.final_)
            .map(|t| rs.targets[t.target].id.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = match e {
        SetEvaluation::Single(ev) => vec![make(
            a,
            ("", ""),
            &rs.version,
            status,
            ev.complete,
            crate::engine::levels_of(rs, e),
            &bounds(&ev.targets),
            sign,
        )],
        SetEvaluation::Groups(gs) => gs
            .iter()
            .map(|g| {
                let levels = crate::engine::group_levels(rs, g);
                make(
                    a,
                    (&g.id, &g.name),
                    &rs.version,
                    status,
                    g.eval.complete,
                    levels,
                    &bounds(&g.eval.targets),
                    sign,
                )
            })
            .collect(),
    };
    // A review date belongs to an approval that holds; none before.
    let due = super::signoff::review_due(&a.signoffs, &content)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let (signer, key) = approval.map_or((String::new(), String::new()), |s| {
        (s.signer.clone(), s.key.clone())
    });
    for r in &mut out {
        r.trailing[2] = due.clone();
        r.trailing[5] = sha.clone();
        r.trailing[6] = signer.clone();
        r.trailing[7] = key.clone();
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn make(
    a: &crate::store::Assessment,
    (gid, gname): (&str, &str),
    version: &str,
    status: &str,
    complete: bool,
    levels: Vec<(String, String)>,
    bounds: &str,
    approved: Option<&crate::store::SignOff>,
) -> Row {
    Row {
        fields: vec![
            a.id.clone(),
            a.service.name.clone(),
            a.service.agency.clone(),
            a.service_group().unwrap_or("").to_string(),
            gid.to_string(),
            gname.to_string(),
            a.ruleset.id.clone(),
            version.to_string(),
            status.to_string(),
            complete.to_string(),
            a.service.owner.clone().unwrap_or_default(),
            a.meta.created.to_rfc3339(),
        ],
        levels,
        trailing: vec![
            bounds.to_string(),
            a.meta.updated.to_rfc3339(),
            String::new(),
            approved.map(|s| s.by.clone()).unwrap_or_default(),
            approved.map(|s| s.at.to_rfc3339()).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::evaluate_set;
    use crate::ruleset::load_ruleset;
    use crate::ruleset::registry::Registry;
    use crate::store::Assessment;

    /// The test ruleset with its targets renamed: `proof` and `sign` instead of `ial`, `aal`.
    fn renamed() -> crate::ruleset::Ruleset {
        let src = include_str!("../../../../tests/data/mini-ruleset.toml")
            .replace("id = \"mini\"", "id = \"other\"")
            .replace("\"ial\"", "\"proof\"")
            .replace("major(ial)", "major(proof)")
            .replace("\"aal\"", "\"sign\"");
        let out = load_ruleset(std::path::Path::new("other.toml"), &src);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        out.ruleset.unwrap()
    }

    fn assessment(id: &str, ruleset: &str) -> Assessment {
        let text = format!(
            "schema = 1\nid = \"{id}\"\n[service]\nname = \"s, with comma\"\nagency = \"a\"\n\
             [ruleset]\nid = \"{ruleset}\"\nversion = \"0.1.0\"\n\
             [meta]\ncreated = 2026-01-01T00:00:00+07:00\nupdated = 2026-01-02T00:00:00+07:00\n\
             [answers]\n\"pi.needed\" = \"no\"\n"
        );
        crate::store::parse_assessment(std::path::Path::new("a.toml"), &text).unwrap()
    }

    #[test]
    fn level_columns_come_from_the_targets_of_the_rows_rulesets() {
        let other = renamed();
        let reg = Registry::builtin();
        let dgs = reg.get("dgs-1-2-2564").unwrap();
        let a = assessment("A1", "other");
        let b = assessment("B1", "dgs-1-2-2564");
        let ea = evaluate_set(&other, &a.answers);
        let eb = evaluate_set(dgs, &b.answers);
        let mut rows = rows(&a, Some(&other), Some(&ea));
        rows.extend(super::rows(&b, Some(dgs), Some(&eb)));
        let csv = render(&rows, false);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "id,service,agency,group,user_group,user_group_name,ruleset,version,status,complete,\
             assessor,created,PROOF,SIGN,IAL,AAL,FAL,lower_bounds,updated,review_due,approved_by,\
             approved_on,record_sha256,signer,key"
        );
        assert!(
            lines[1].starts_with(
                "A1,\"s, with comma\",a,,,,other,0.1.0,complete,true,,2026-01-01T00:00:00+07:00,IAL1,AAL1,,,"
            ),
            "{}",
            lines[1]
        );
        let version = &crate::ruleset::registry::Registry::builtin()
            .get("dgs-1-2-2564")
            .unwrap()
            .version
            .clone();
        assert!(
            lines[2].contains(&format!(",dgs-1-2-2564,{version},")),
            "{}",
            lines[2]
        );
        assert!(lines[2].contains(",,,IAL1.1,"), "{}", lines[2]);

        // Alone, the other ruleset's rows have its columns and no others.
        let csv = render(&rows[..1], false);
        assert!(csv.starts_with(
            "id,service,agency,group,user_group,user_group_name,ruleset,version,status,complete,\
             assessor,created,PROOF,SIGN,lower_bounds,"
        ));
    }

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_quoted_text() {
        assert_eq!(
            field("=HYPERLINK(\"http://evil\",\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""
        );
        for (given, written) in [
            ("+1+cmd|' /C calc'!A0", "\"'+1+cmd|' /C calc'!A0\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\rx", "\"'\rx\""),
            ("-", "\"'-\""),
            ("-1.", "\"'-1.\""),
        ] {
            assert_eq!(field(given), written, "{given:?}");
        }
        // Negative numbers keep their value; other text is as before.
        for plain in ["-3", "-0.5", "12", "IAL2.1", "a=b", "ไทย", ""] {
            assert_eq!(field(plain), plain);
        }
        assert_eq!(field("a, b"), "\"a, b\"");
    }

    #[test]
    fn an_unknown_ruleset_s_row_keeps_the_levels_its_file_recorded() {
        let mut a = assessment("C1", "gone");
        a.result = Some(crate::store::ResultSummary {
            levels: vec![("xal".into(), "X2".into())],
            complete: false,
            ..Default::default()
        });
        let csv = render(&rows(&a, None, None), false);
        assert!(
            csv.contains(",complete,assessor,created,XAL,lower_bounds,"),
            "{csv}"
        );
        assert!(csv.contains(",gone,0.1.0,draft,false,,"), "{csv}");
        assert!(csv.contains(",X2,"), "{csv}");
    }
}
