//! The `[record]` table of `config.toml`, read here because both the command line (`xal
//! approve`) and the interface's settings read it, and neither may use the other:
//!
//! ```toml
//! [record]
//! review_months = 12   # months from an approval to its review, 1 to 120
//! signing_key = "~/.ssh/id_ed25519"      # the SSH key `xal approve` signs with
//! allowed_signers = "allowed_signers"    # the agency's signers (default: that file in the data dir)
//! require_signature = false              # true: only signed sign-offs hold, even without a list
//! ```

use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::due::DEFAULT_REVIEW_MONTHS;
use crate::diag::Diagnostic;
use crate::store::ConfigDir;

/// The most months a review may be put off: ten years, longer than any agency keeps an
/// approval without looking at it again; a larger number is taken for a typo.
pub const MAX_REVIEW_MONTHS: u32 = 120;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordSettings {
    pub review_months: u32,
    /// `signing_key`: the SSH key (private, or `.pub` with the private key in ssh-agent).
    pub signing_key: Option<String>,
    /// `allowed_signers`: the signers' list, relative to the data dir or absolute.
    pub allowed_signers: Option<String>,
    /// `require_signature`: only signed sign-offs hold even without a list.
    pub require_signature: bool,
}

impl Default for RecordSettings {
    fn default() -> Self {
        RecordSettings {
            review_months: DEFAULT_REVIEW_MONTHS,
            signing_key: None,
            allowed_signers: None,
            require_signature: false,
        }
    }
}

const SETTINGS: &str =
    "record.review_months, record.signing_key, record.allowed_signers, record.require_signature";

/// Reads the value of the `record` key of a config file (its text `src`, named `path` in
/// messages) into `settings`, each problem at its place through `err`. A bad setting keeps
/// its default.
pub fn read(
    value: &Spanned<DeValue<'_>>,
    settings: &mut RecordSettings,
    err: &mut impl FnMut(usize, String),
) {
    let Some(t) = value.get_ref().as_table() else {
        err(value.span().start, "record is a table: [record]".into());
        return;
    };
    for (k, v) in t.iter() {
        let at = v.span().start;
        match k.get_ref().as_ref() {
            "review_months" => match v.get_ref() {
                DeValue::Integer(i) => {
                    match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                        .ok()
                        .and_then(|n| u32::try_from(n).ok())
                        .filter(|n| (1..=MAX_REVIEW_MONTHS).contains(n))
                    {
                        Some(n) => settings.review_months = n,
                        None => err(
                            at,
                            format!(
                                "record.review_months is a whole number of months from 1 to {MAX_REVIEW_MONTHS}"
                            ),
                        ),
                    }
                }
                _ => err(
                    at,
                    format!(
                        "record.review_months is a whole number of months from 1 to {MAX_REVIEW_MONTHS}, such as 12"
                    ),
                ),
            },
            key @ ("signing_key" | "allowed_signers") => match v.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => {
                    let s = Some(s.to_string());
                    if key == "signing_key" {
                        settings.signing_key = s;
                    } else {
                        settings.allowed_signers = s;
                    }
                }
                _ => err(
                    at,
                    format!("record.{key} is a path, such as \"~/.ssh/id_ed25519\""),
                ),
            },
            "require_signature" => match v.get_ref() {
                DeValue::Boolean(b) => settings.require_signature = *b,
                _ => err(at, "record.require_signature is true or false".into()),
            },
            other => err(
                k.span().start,
                format!("unknown setting `record.{other}` (settings: {SETTINGS})"),
            ),
        }
    }
}

/// The `[record]` settings of a config file's text, and the problems in that table (or the
/// file's syntax error: then nothing in it can be trusted). Other tables are the
/// interface's and are not looked at.
pub fn parse(path: &Path, src: &str) -> (RecordSettings, Vec<Diagnostic>) {
    let mut settings = RecordSettings::default();
    let table = match DeTable::parse(src) {
        Ok(t) => t,
        Err(e) => return (settings, vec![Diagnostic::from_toml(path, src, &e)]),
    };
    let mut diags = Vec::new();
    let mut err = |offset: usize, msg: String| {
        diags.push(Diagnostic::at_offset(path, src, offset, msg));
    };
    if let Some(v) = table.get_ref().get("record") {
        read(v, &mut settings, &mut err);
    }
    (settings, diags)
}

/// `<dir>/config.toml`'s `[record]` settings; no dir or no file is the defaults.
pub fn load(dir: Option<&Path>) -> (RecordSettings, Vec<Diagnostic>) {
    let Some(dir) = dir else {
        return (RecordSettings::default(), Vec::new());
    };
    match ConfigDir::open(dir).read_config() {
        Ok(Some(file)) => parse(&file.path, &file.text),
        Ok(None) => (RecordSettings::default(), Vec::new()),
        Err(e) => (RecordSettings::default(), vec![e.diagnostic()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(src: &str) -> (u32, Vec<String>) {
        let (s, d) = parse(Path::new("config.toml"), src);
        (s.review_months, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn review_months_is_read_and_checked_at_its_place() {
        assert_eq!(parsed(""), (12, vec![]));
        assert_eq!(
            parsed("theme = \"light\"\n[record]\nreview_months = 6\n"),
            (6, vec![])
        );
        assert_eq!(parsed("[record]\nreview_months = 120\n").0, 120);
        for (src, col) in [
            ("[record]\nreview_months = 0\n", 17),
            ("[record]\nreview_months = 121\n", 17),
            ("[record]\nreview_months = -3\n", 17),
            ("[record]\nreview_months = 99999999999999\n", 17),
            ("[record]\nreview_months = \"12\"\n", 17),
            ("[record]\nreview_months = 1.5\n", 17),
        ] {
            let (months, d) = parsed(src);
            assert_eq!(months, 12, "{src}");
            assert_eq!(d.len(), 1, "{src}");
            assert!(
                d[0].starts_with(&format!("config.toml:2:{col}: record.review_months is")),
                "{d:?}"
            );
        }
        let (_, d) = parsed("[record]\nreview_month = 6\n");
        assert_eq!(
            d,
            [
                "config.toml:2:1: unknown setting `record.review_month` (settings: record.review_months, record.signing_key, record.allowed_signers, record.require_signature)"
            ]
        );
        let (_, d) = parsed("record = 6\n");
        assert_eq!(d, ["config.toml:1:10: record is a table: [record]"]);
        // A syntax error anywhere is said at its place.
        let (_, d) = parsed("[record\nreview_months = 6\n");
        assert!(d[0].starts_with("config.toml:1:"), "{d:?}");
    }
}
