//! Rulesets: the data that says which questions are asked and which levels the answers give.
//!
//! A ruleset is loaded from TOML (`load`), checked once, and compiled into indices so that the
//! engine never compares strings. Nothing here knows any particular standard.

pub mod condition;
mod load;
mod raw;
pub mod registry;

use std::path::PathBuf;

pub(crate) use condition::Cond;
pub use load::{LoadOutcome, load_ruleset};

use crate::answers::AnswerSet;
use crate::text::Text;

/// How far a ruleset's content can be relied on; the interface shows anything but `Final`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Final,
    Provisional,
    Draft,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Final => "final",
            Status::Provisional => "provisional",
            Status::Draft => "draft",
        }
    }
}

/// How the cells of an impact matrix fold into one impact (`combined(Q)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    HighWater,
    Average,
}

impl Combine {
    pub fn fold(self, ranks: impl Iterator<Item = u8>) -> u8 {
        match self {
            Combine::HighWater => ranks.max().unwrap_or(0),
            Combine::Average => {
                let (sum, n) = ranks.fold((0u32, 0u32), |(s, n), r| (s + r as u32, n + 1));
                if n == 0 { 0 } else { sum.div_ceil(n) as u8 }
            }
        }
    }
}

/// Present when an assessment is made per user group.
#[derive(Clone, Debug)]
pub struct GroupSpec {
    pub combine: Combine,
    /// Targets whose final level the assessor may set per group.
    pub tailoring: Vec<usize>,
    /// The impacted entities a category may be rated for, one by one (a matrix cell
    /// `category/entity`); the category's rating is then the highest of its cells.
    pub entities: Vec<Named>,
    /// The question recording how many people a failure would reach (§3.2, scale): no rule
    /// reads it, the acceptance statement reports it with the impact assessment.
    pub scale: Option<usize>,
}

impl GroupSpec {
    pub(crate) fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.id == id)
    }
}

/// A matrix cell's key split into its category and, for a per-entity rating, its entity:
/// `financial` or `financial/individuals`.
pub fn cell_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('/') {
        Some((cat, entity)) => (cat, Some(entity)),
        None => (key, None),
    }
}

#[derive(Clone, Debug)]
pub struct Named {
    pub id: String,
    pub name: Text,
}

#[derive(Clone, Debug)]
pub struct Category {
    pub id: String,
    pub name: Text,
    /// What each impact level means in this category, by impact rank (the lowest may be absent).
    pub levels: Vec<Option<Text>>,
}

#[derive(Clone, Debug)]
pub struct Level {
    pub id: String,
    pub major: Option<i64>,
    pub name: Text,
    /// What a reader is shown instead of the id, where the id is not a term of the standard
    /// (800-63-4's "No identity proofing" is saved as `IAL0`).
    pub label: Option<Text>,
    /// In Thai, a word id's place in a column of levels: the first words of its Thai name that
    /// fit in a few cells (`ไม่ต้อง` for AAL `none`), set when the ruleset is compiled.
    pub column_th: Option<String>,
}

/// The cells a word level may take in a column: little more than a level's term (`IAL2.1`), so
/// that the agency and the date keep their room in an 80-column row.
const COLUMN_WORD_CELLS: usize = 6;

impl Level {
    /// The level as a person reads it: its label; else its id when the id is a term of the
    /// standard (it has a number: `IAL2`, `AAL1`, `FAL3`), the same in every language. An id
    /// that is a word (`none`) is English written in a file: in Thai the level's own Thai
    /// name stands for it, up to its first `:` or `(` (what follows explains it). The file,
    /// JSON and CSV keep the id; a list's column of levels says [`Level::in_column`].
    pub fn shown(&self, lang: crate::text::Lang) -> &str {
        if let Some(l) = &self.label {
            return l.get(lang);
        }
        if lang == crate::text::Lang::Th && !self.id.bytes().any(|b| b.is_ascii_digit()) {
            let head = self.name.get(lang).split([':', '(']).next().unwrap_or("");
            let head = head.trim();
            if !head.is_empty() {
                return head;
            }
        }
        &self.id
    }

    /// The level in a column of levels (the list's rows, `xal list`): its label, else its id;
    /// in Thai, a word id by the first words of its Thai name ([`Level::column_th`]). The
    /// whole name is four times as wide, and beside two other levels it would push the agency
    /// and the date out of an 80-column row.
    pub fn in_column(&self, lang: crate::text::Lang) -> &str {
        if let Some(l) = &self.label {
            return l.get(lang);
        }
        match (&self.column_th, lang) {
            (Some(words), crate::text::Lang::Th) => words,
            _ => &self.id,
        }
    }

    /// [`Level::column_th`]: the words of its Thai headline, as the word model cuts them,
    /// that fit in [`COLUMN_WORD_CELLS`]; none for a labelled level, a term (`IAL2`), or a
    /// name whose first word is too wide.
    pub fn words_for_column(&self) -> Option<String> {
        let head = self.shown(crate::text::Lang::Th);
        if self.label.is_some() || head == self.id {
            return None;
        }
        let points = crate::text::wrap::break_points(head);
        let fits = points
            .iter()
            .map(|&end| head[..end].trim_end())
            .take_while(|words| crate::text::wrap::width(words) <= COLUMN_WORD_CELLS)
            .last()?;
        (!fits.is_empty()).then(|| fits.to_string())
    }
}

#[derive(Clone, Debug)]
pub struct Target {
    pub id: String,
    pub name: Text,
    pub levels: Vec<Level>,
}

impl Target {
    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.id == id)
    }

    #[cfg(test)]
    pub(crate) fn has_majors(&self) -> bool {
        self.levels.iter().any(|l| l.major.is_some())
    }

    pub fn top(&self) -> usize {
        self.levels.len().saturating_sub(1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    YesNo,
    Choice,
    Impact,
}

#[derive(Clone, Debug)]
pub struct AnswerOption {
    pub id: String,
    pub label: Text,
    pub help: Option<Text>,
    /// For plan questions: the level of the plan's target this option reaches.
    pub achieves: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub text: Text,
    pub help: Option<Text>,
    pub when: Cond,
    pub optional: bool,
    pub plan: Option<usize>,
    /// Impact questions: the rated categories, in order.
    pub categories: Vec<usize>,
    /// Choice and yes-no questions: the options, in order.
    pub options: Vec<AnswerOption>,
}

impl Question {
    pub(crate) fn is_matrix(&self) -> bool {
        self.kind == Kind::Impact
    }

    pub fn option_index(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|o| o.id == id)
    }
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub target: usize,
    pub when: Cond,
    pub level: usize,
    pub reason: Text,
}

#[derive(Clone, Debug)]
pub struct Floor {
    pub id: String,
    pub target: usize,
    pub when: Cond,
    pub min: usize,
    pub reason: Text,
}

#[derive(Clone, Debug)]
pub struct Note {
    pub id: String,
    pub when: Cond,
    pub text: Text,
}

/// How the answers of an earlier version become the answer to a question (`[[carry]]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CarryHow {
    /// Impact matrices: per category the highest rating among the sources present.
    Highest,
    /// Choices: the first source present whose value is an option of the question.
    Same,
}

impl CarryHow {
    pub fn as_str(self) -> &'static str {
        match self {
            CarryHow::Highest => "highest",
            CarryHow::Same => "same",
        }
    }
}

/// Answers saved under an earlier version of the ruleset, read into a question of this one
/// while the question itself is unanswered. The file keeps the old answers as written.
#[derive(Clone, Debug)]
pub struct Carry {
    /// The question carried into.
    pub to: usize,
    /// Answer ids of the earlier version, none of them a question of this ruleset.
    pub from: Vec<String>,
    pub how: CarryHow,
    /// The carried answer counts as unanswered until the assessor answers the question.
    pub confirm: bool,
    /// The version of the ruleset that made the change (`2.0.0`), when given.
    pub since: Option<String>,
    /// Why the answers moved, shown with the carried answer.
    pub note: Option<Text>,
}

/// A worked case the ruleset carries: answers and the levels they must give.
#[derive(Clone, Debug)]
pub struct Example {
    pub name: String,
    pub answers: AnswerSet,
    pub expect: toml::Table,
    /// 1-based line of the example in its file, for reports.
    pub line: usize,
    pub column: usize,
}

/// A loaded, checked ruleset.
#[derive(Clone, Debug)]
pub struct Ruleset {
    pub id: String,
    pub version: String,
    pub status: Status,
    pub status_note: Option<Text>,
    pub title: Text,
    pub issuer: Text,
    pub sources: Vec<String>,
    pub groups: Option<GroupSpec>,
    pub impact: Vec<Named>,
    pub categories: Vec<Category>,
    pub targets: Vec<Target>,
    pub questions: Vec<Question>,
    pub rules: Vec<Rule>,
    pub floors: Vec<Floor>,
    pub notes: Vec<Note>,
    pub examples: Vec<Example>,
    /// Answers of earlier versions read into questions of this one (`[[carry]]`).
    pub carries: Vec<Carry>,
    /// SHA-256 of the file's bytes, recorded in assessments made under it.
    pub sha256: String,
    /// Where it was read from (for built-in ones, `rulesets/<id>.toml`).
    pub path: PathBuf,
    /// Derived at load: for each question, the questions its `when` reads.
    pub when_deps: Vec<Vec<usize>>,
    /// Derived at load: for each target, the questions its level can depend on.
    pub target_deps: Vec<Vec<usize>>,
    /// Derived at load: questions whose answer can change some level (branched on while
    /// computing lower bounds).
    pub level_relevant: Vec<bool>,
}

impl Ruleset {
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    pub fn target_index(&self, id: &str) -> Option<usize> {
        self.targets.iter().position(|t| t.id == id)
    }

    pub fn category_index(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id == id)
    }

    pub fn impact_index(&self, id: &str) -> Option<usize> {
        self.impact.iter().position(|i| i.id == id)
    }

    /// A category's rating in a matrix answer: the highest of its cell and its per-entity
    /// cells (`category/entity`, for the entities the ruleset declares).
    pub fn matrix_rating(
        &self,
        cells: &std::collections::BTreeMap<String, String>,
        category: &str,
    ) -> Option<usize> {
        cells
            .iter()
            .filter(|(k, _)| {
                let (cat, entity) = cell_key(k);
                cat == category
                    && entity.is_none_or(|e| {
                        self.groups
                            .as_ref()
                            .is_some_and(|g| g.entity_index(e).is_some())
                    })
            })
            .filter_map(|(_, v)| self.impact_index(v))
            .max()
    }

    /// The per-entity ratings of a category in a matrix answer, in the ruleset's order of
    /// entities: (entity index, impact index).
    pub fn entity_ratings(
        &self,
        cells: &std::collections::BTreeMap<String, String>,
        category: &str,
    ) -> Vec<(usize, usize)> {
        let Some(g) = self.groups.as_ref() else {
            return Vec::new();
        };
        g.entities
            .iter()
            .enumerate()
            .filter_map(|(e, ent)| {
                let v = cells.get(&format!("{category}/{}", ent.id))?;
                Some((e, self.impact_index(v)?))
            })
            .collect()
    }

    /// The `[[carry]]` into question `q`, if any.
    pub fn carry_into(&self, q: usize) -> Option<&Carry> {
        self.carries.iter().find(|c| c.to == q)
    }

    pub fn is_grouped(&self) -> bool {
        self.groups.is_some()
    }
}
