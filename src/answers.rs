//! Answers as they are stored: by question id, kept even when the ruleset does not know them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One stored answer. Anything that is neither an option id nor a matrix of option ids is kept
/// as it was written, so that a load and save never lose what a person typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Choice(String),
    Matrix(BTreeMap<String, String>),
    Other(toml::Value),
}

impl AnswerValue {
    pub fn as_choice(&self) -> Option<&str> {
        match self {
            AnswerValue::Choice(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_matrix(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            AnswerValue::Matrix(m) => Some(m),
            _ => None,
        }
    }
}

/// Answers by question id.
pub type Answers = BTreeMap<String, AnswerValue>;

/// The assessor's own final levels for one user group, and why (800-63-4 tailoring).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tailoring {
    /// Final level per target id (e.g. `ial = "IAL2"`), when it differs from the initial one.
    #[serde(flatten)]
    pub levels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compensating: Vec<Control>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supplemental: Vec<Control>,
}

/// A compensating or supplemental control: a name, and for compensating ones the residual risk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Control {
    Plain(String),
    Detailed {
        control: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

impl Control {
    pub fn name(&self) -> &str {
        match self {
            Control::Plain(s) => s,
            Control::Detailed { control, .. } => control,
        }
    }
}

/// One user group of a multi-group assessment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub answers: Answers,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tailoring: Option<Tailoring>,
}

/// The id of the group a grouped assessment starts with.
pub const FIRST_GROUP_ID: &str = "users";

impl Group {
    /// The group a grouped assessment starts with, before anyone names others.
    pub fn first(name: impl Into<String>) -> Group {
        Group {
            id: FIRST_GROUP_ID.into(),
            name: name.into(),
            ..Group::default()
        }
    }
}

/// What an assessment answers: one set, or one set per user group.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerSet {
    Single(Answers),
    Groups(Vec<Group>),
}
