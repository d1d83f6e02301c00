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

/// One user group's Digital Identity Acceptance Statement (800-63-4 §3.4.4): the final levels
/// and why, the three tailoring areas, the controls, and what else the statement records. The
/// table keeps the name `tailoring` so that files written before it grew are read as before.
/// Every field is left out when empty, so an older file's fingerprint does not move.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tailoring {
    /// Final level per target id (e.g. `ial = "IAL2"`), when it differs from the initial one.
    #[serde(flatten)]
    pub levels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// The tailoring areas of §3.4.1, as the assessor weighed them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub privacy: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub experience: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub threats: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compensating: Vec<Control>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supplemental: Vec<Control>,
    /// Decisions on cost that changed a level [PCT-4].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cost: String,
    /// The outside CSP or IdP the service relies on [DIAS-2] …
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider: String,
    /// … and what of its own acceptance statement was reviewed and folded in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider_dias: String,
    /// Continuous evaluation (§3.5) and redress (§3.6), as notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evaluation: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub redress: String,
}

/// The statement's free-text fields, by key: what the interface edits one at a time and
/// reports print in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementText {
    Rationale,
    Privacy,
    Experience,
    Threats,
    Cost,
    Provider,
    ProviderDias,
    Evaluation,
    Redress,
}

impl StatementText {
    pub const ALL: [StatementText; 9] = [
        StatementText::Rationale,
        StatementText::Privacy,
        StatementText::Experience,
        StatementText::Threats,
        StatementText::Cost,
        StatementText::Provider,
        StatementText::ProviderDias,
        StatementText::Evaluation,
        StatementText::Redress,
    ];

    /// The key in the saved file.
    pub fn key(self) -> &'static str {
        match self {
            StatementText::Rationale => "rationale",
            StatementText::Privacy => "privacy",
            StatementText::Experience => "experience",
            StatementText::Threats => "threats",
            StatementText::Cost => "cost",
            StatementText::Provider => "provider",
            StatementText::ProviderDias => "provider_dias",
            StatementText::Evaluation => "evaluation",
            StatementText::Redress => "redress",
        }
    }
}

impl Tailoring {
    pub fn text(&self, f: StatementText) -> &str {
        match f {
            StatementText::Rationale => &self.rationale,
            StatementText::Privacy => &self.privacy,
            StatementText::Experience => &self.experience,
            StatementText::Threats => &self.threats,
            StatementText::Cost => &self.cost,
            StatementText::Provider => &self.provider,
            StatementText::ProviderDias => &self.provider_dias,
            StatementText::Evaluation => &self.evaluation,
            StatementText::Redress => &self.redress,
        }
    }

    pub fn text_mut(&mut self, f: StatementText) -> &mut String {
        match f {
            StatementText::Rationale => &mut self.rationale,
            StatementText::Privacy => &mut self.privacy,
            StatementText::Experience => &mut self.experience,
            StatementText::Threats => &mut self.threats,
            StatementText::Cost => &mut self.cost,
            StatementText::Provider => &mut self.provider,
            StatementText::ProviderDias => &mut self.provider_dias,
            StatementText::Evaluation => &mut self.evaluation,
            StatementText::Redress => &mut self.redress,
        }
    }

    /// Nothing written: the table can go from the file.
    pub fn is_empty(&self) -> bool {
        *self == Tailoring::default()
    }
}

/// A compensating or supplemental control. A compensating control says which baseline
/// control it replaces, why, how comparable it is and its residual risk (kept under the key
/// `note`, as files before the full statement wrote it) [ICC]; a supplemental one how it
/// bears on the three tailoring areas [ISC-2]. A control written as a bare string stays one
/// until something more is said about it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ControlForm", into = "ControlForm")]
pub struct Control {
    pub control: String,
    pub replaces: String,
    pub why: String,
    pub comparability: String,
    /// Residual risk.
    pub note: String,
    pub privacy: String,
    pub experience: String,
    pub threats: String,
    /// Written as a bare string.
    pub plain: bool,
}

/// The parts of a control other than its name, by key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ControlPart {
    Control,
    Replaces,
    Why,
    Comparability,
    Residual,
    Privacy,
    Experience,
    Threats,
}

impl ControlPart {
    /// What a compensating control says, in order.
    pub const COMPENSATING: [ControlPart; 5] = [
        ControlPart::Control,
        ControlPart::Replaces,
        ControlPart::Why,
        ControlPart::Comparability,
        ControlPart::Residual,
    ];
    /// What a supplemental control says, in order.
    pub const SUPPLEMENTAL: [ControlPart; 4] = [
        ControlPart::Control,
        ControlPart::Privacy,
        ControlPart::Experience,
        ControlPart::Threats,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ControlPart::Control => "control",
            ControlPart::Replaces => "replaces",
            ControlPart::Why => "why",
            ControlPart::Comparability => "comparability",
            ControlPart::Residual => "note",
            ControlPart::Privacy => "privacy",
            ControlPart::Experience => "experience",
            ControlPart::Threats => "threats",
        }
    }
}

impl Control {
    pub fn named(name: impl Into<String>) -> Control {
        Control {
            control: name.into(),
            ..Control::default()
        }
    }

    /// A control written as a bare string.
    pub fn bare(name: impl Into<String>) -> Control {
        Control {
            plain: true,
            ..Control::named(name)
        }
    }

    pub fn name(&self) -> &str {
        &self.control
    }

    pub fn part(&self, p: ControlPart) -> &str {
        match p {
            ControlPart::Control => &self.control,
            ControlPart::Replaces => &self.replaces,
            ControlPart::Why => &self.why,
            ControlPart::Comparability => &self.comparability,
            ControlPart::Residual => &self.note,
            ControlPart::Privacy => &self.privacy,
            ControlPart::Experience => &self.experience,
            ControlPart::Threats => &self.threats,
        }
    }

    /// Sets one part; a bare-string control that gains more than its name becomes a table.
    pub fn set_part(&mut self, p: ControlPart, text: String) {
        let slot = match p {
            ControlPart::Control => &mut self.control,
            ControlPart::Replaces => &mut self.replaces,
            ControlPart::Why => &mut self.why,
            ControlPart::Comparability => &mut self.comparability,
            ControlPart::Residual => &mut self.note,
            ControlPart::Privacy => &mut self.privacy,
            ControlPart::Experience => &mut self.experience,
            ControlPart::Threats => &mut self.threats,
        };
        *slot = text;
        if p != ControlPart::Control {
            self.plain = false;
        }
    }

    fn details_empty(&self) -> bool {
        [
            &self.replaces,
            &self.why,
            &self.comparability,
            &self.note,
            &self.privacy,
            &self.experience,
            &self.threats,
        ]
        .iter()
        .all(|s| s.is_empty())
    }
}

/// How a control is written: a bare name, or a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum ControlForm {
    Plain(String),
    Detailed(ControlTable),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct ControlTable {
    control: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    replaces: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    why: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    comparability: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    privacy: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    experience: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    threats: String,
}

impl From<ControlForm> for Control {
    fn from(f: ControlForm) -> Control {
        match f {
            ControlForm::Plain(control) => Control {
                control,
                plain: true,
                ..Control::default()
            },
            ControlForm::Detailed(t) => Control {
                control: t.control,
                replaces: t.replaces,
                why: t.why,
                comparability: t.comparability,
                note: t.note,
                privacy: t.privacy,
                experience: t.experience,
                threats: t.threats,
                plain: false,
            },
        }
    }
}

impl From<Control> for ControlForm {
    fn from(c: Control) -> ControlForm {
        if c.plain && c.details_empty() {
            return ControlForm::Plain(c.control);
        }
        ControlForm::Detailed(ControlTable {
            control: c.control,
            replaces: c.replaces,
            why: c.why,
            comparability: c.comparability,
            note: c.note,
            privacy: c.privacy,
            experience: c.experience,
            threats: c.threats,
        })
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
pub(crate) const FIRST_GROUP_ID: &str = "users";

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
