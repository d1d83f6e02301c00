//! The ruleset file as written, with the byte span of everything a check may complain about.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// Bilingual text as written; either half may be missing, which the loader reports.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawText {
    pub th: Option<String>,
    pub en: Option<String>,
}

pub(crate) type SText = Spanned<RawText>;
pub(crate) type SStr = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRuleset {
    pub format: Option<Spanned<i64>>,
    pub id: SStr,
    pub version: SStr,
    pub status: SStr,
    pub status_note: Option<SText>,
    pub title: SText,
    pub issuer: SText,
    #[serde(default)]
    pub sources: Vec<String>,
    pub groups: Option<Spanned<RawGroups>>,
    pub impact: Vec<Spanned<RawNamed>>,
    pub category: Vec<Spanned<RawCategory>>,
    pub target: Vec<Spanned<RawTarget>>,
    pub question: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    pub floor: Vec<Spanned<RawFloor>>,
    #[serde(default)]
    pub note: Vec<Spanned<RawNote>>,
    #[serde(default)]
    pub example: Vec<Spanned<RawExample>>,
    #[serde(default)]
    pub carry: Vec<Spanned<RawCarry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGroups {
    pub combine: Option<SStr>,
    #[serde(default)]
    pub tailoring: Vec<SStr>,
    /// Who a failure can harm; a category may be rated per entity.
    #[serde(default)]
    pub entities: Vec<Spanned<RawNamed>>,
    /// The optional question that records how many people a failure would reach.
    pub scale: Option<SStr>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNamed {
    pub id: SStr,
    pub name: SText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub id: SStr,
    pub name: SText,
    #[serde(default)]
    pub levels: BTreeMap<String, SText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTarget {
    pub id: SStr,
    pub name: SText,
    pub level: Vec<Spanned<RawLevel>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLevel {
    pub id: SStr,
    pub major: Option<i64>,
    pub name: SText,
    pub label: Option<SText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub id: SStr,
    pub kind: SStr,
    pub text: SText,
    pub help: Option<SText>,
    pub when: Option<SStr>,
    #[serde(default)]
    pub optional: bool,
    pub plan: Option<SStr>,
    pub categories: Option<Vec<SStr>>,
    #[serde(default)]
    pub option: Vec<Spanned<RawOption>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOption {
    pub id: SStr,
    pub label: SText,
    pub help: Option<SText>,
    pub achieves: Option<SStr>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub id: SStr,
    pub target: SStr,
    pub when: SStr,
    pub level: SStr,
    pub reason: SText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFloor {
    pub id: SStr,
    pub target: SStr,
    pub when: SStr,
    pub min: SStr,
    pub reason: SText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNote {
    pub id: SStr,
    pub when: SStr,
    pub text: SText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExample {
    pub name: String,
    pub answers: Option<toml::Table>,
    pub groups: Option<Vec<toml::Table>>,
    pub expect: toml::Table,
}

/// `[[carry]]`: answers of an earlier version of the ruleset read into one of its questions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCarry {
    pub to: SStr,
    pub from: Spanned<Vec<SStr>>,
    pub how: Option<SStr>,
    pub confirm: Option<bool>,
    pub since: Option<SStr>,
    pub note: Option<SText>,
}
