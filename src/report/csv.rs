//! `xal export --all --format csv`: one row per assessment, for spreadsheets.

/// Column names; a stable interface for people's spreadsheets.
pub const HEADER: [&str; 11] = [
    "id", "service", "agency", "group", "ruleset", "version", "complete", "IAL", "AAL", "FAL",
    "updated",
];

/// One row's values, in [`HEADER`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row(pub [String; 11]);

/// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break.
/// With `bom`, starts with U+FEFF so that spreadsheet programs read the Thai as UTF-8.
pub fn render(rows: &[Row], bom: bool) -> String {
    let mut s = String::new();
    if bom {
        s.push('\u{feff}');
    }
    line(&mut s, HEADER.iter().copied());
    for r in rows {
        line(&mut s, r.0.iter().map(String::as_str));
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
        if f.contains([',', '"', '\n', '\r']) {
            s.push('"');
            s.push_str(&f.replace('"', "\"\""));
            s.push('"');
        } else {
            s.push_str(f);
        }
    }
    s.push_str("\r\n");
}

/// The row of one assessment; `eval` is none when its ruleset is not available (then the
/// levels the file recorded in `[result]` are used).
pub fn row(
    a: &crate::store::Assessment,
    rs: Option<&crate::ruleset::Ruleset>,
    eval: Option<&crate::engine::SetEvaluation>,
) -> Row {
    let (levels, complete, version) = match (rs, eval) {
        (Some(rs), Some(e)) => (
            crate::engine::levels_of(rs, e),
            e.complete(),
            rs.version.clone(),
        ),
        _ => {
            let r = a.result.clone().unwrap_or_default();
            (r.levels, r.complete, a.ruleset.version.clone())
        }
    };
    let level = |t: &str| {
        levels
            .iter()
            .find(|(id, _)| id == t)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    Row([
        a.id.clone(),
        a.service.name.clone(),
        a.service.agency.clone(),
        a.service_group().unwrap_or("").to_string(),
        a.ruleset.id.clone(),
        version,
        complete.to_string(),
        level("ial"),
        level("aal"),
        level("fal"),
        a.meta.updated.to_rfc3339(),
    ])
}
