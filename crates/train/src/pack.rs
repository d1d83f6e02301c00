//! A scenario pack: a folder with `pack.toml`, the scenarios to hand out
//! (`assessments/<id>.toml`, ordinary assessment files) and the trainer's reference answers
//! (`reference/<id>.toml`, in the input format of `xal eval`). See docs/scenarios.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::TrainError;
use crate::answers::AnswerSet;
use crate::store::{Assessment, parse_answers_only, parse_assessment_bytes};

#[derive(Clone, Debug)]
pub struct Pack {
    pub dir: PathBuf,
    pub id: String,
    /// `version` of `pack.toml`, `""` when it has none; recorded in each scenario handed out.
    pub version: String,
    pub ruleset: String,
    /// `name` and `description` of `pack.toml`, by language code (`th`, `en`).
    pub name: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    pub scenarios: Vec<Scenario>,
}

#[derive(Clone, Debug)]
pub struct Scenario {
    pub path: PathBuf,
    pub assessment: Assessment,
    pub reference: Option<Reference>,
}

/// The trainer's answers for one scenario, the levels they are meant to give, and why.
#[derive(Clone, Debug)]
pub struct Reference {
    pub path: PathBuf,
    pub answers: AnswerSet,
    /// `[expect]`: target id → level.
    pub expect: BTreeMap<String, String>,
    /// `[rationale]`: question id → why this answer.
    pub rationale: BTreeMap<String, String>,
}

impl Pack {
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.assessment.id == id)
    }
}

/// A file of the pack. One that is not there or cannot be read by this user is the pack's
/// problem (bad input); a read the system fails is an I/O failure.
fn read(path: &Path) -> Result<Vec<u8>, TrainError> {
    use std::io::ErrorKind as K;
    crate::store::read_regular(path).map_err(|e| {
        let line = format!("{}: cannot read: {e}", path.display());
        match e.kind() {
            K::NotFound | K::PermissionDenied | K::IsADirectory | K::NotADirectory => {
                TrainError::Input(line)
            }
            _ => TrainError::Io(line),
        }
    })
}

/// Text of a pack's file, or the line and column where it stops being UTF-8.
fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, TrainError> {
    crate::diag::utf8(path, bytes).map_err(|d| TrainError::Input(d.to_string()))
}

pub fn load(dir: &Path) -> Result<Pack, TrainError> {
    let manifest = dir.join("pack.toml");
    let bytes = read(&manifest)?;
    let text = utf8(&manifest, &bytes)?;
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let d = crate::diag::Diagnostic::from_toml(&manifest, text, &e);
        TrainError::Input(format!("{d} (not a valid pack.toml)"))
    })?;
    // A key of the wrong kind is a mistake to name, never a value to drop.
    let wrong = |key: &str, what: String| {
        TrainError::Input(
            crate::diag::Diagnostic::at_key(&manifest, text, &[key], what).to_string(),
        )
    };
    for key in ["id", "version", "ruleset"] {
        if table.get(key).is_some_and(|v| !v.is_str()) {
            return Err(wrong(key, format!("`{key}` must be a string in quotes")));
        }
    }
    for key in ["name", "description"] {
        let fits = match table.get(key) {
            None | Some(toml::Value::String(_)) => true,
            Some(toml::Value::Table(t)) => t.values().all(toml::Value::is_str),
            Some(_) => false,
        };
        if !fits {
            return Err(wrong(
                key,
                format!(
                    "`{key}` must be a string, or a table of strings by language ({key} = {{ th = \"…\", en = \"…\" }})"
                ),
            ));
        }
    }
    let get = |k: &str| table.get(k).and_then(|v| v.as_str()).map(str::to_string);
    // `{ th = "…", en = "…" }`, or one string for both.
    let by_lang = |k: &str| -> BTreeMap<String, String> {
        match table.get(k) {
            Some(toml::Value::Table(t)) => t
                .iter()
                .filter_map(|(l, v)| v.as_str().map(|s| (l.clone(), s.to_string())))
                .collect(),
            Some(toml::Value::String(s)) => [("th", s), ("en", s)]
                .into_iter()
                .map(|(l, s)| (l.to_string(), s.clone()))
                .collect(),
            _ => BTreeMap::new(),
        }
    };
    let id =
        get("id").ok_or_else(|| TrainError::Input(format!("{}: no `id`", manifest.display())))?;
    let ruleset =
        get("ruleset").unwrap_or_else(|| crate::ruleset::registry::DEFAULT_RULESET.into());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("assessments"))
        .map_err(|e| {
            TrainError::Input(format!("{}: cannot list assessments/: {e}", dir.display()))
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut scenarios = Vec::new();
    for path in files {
        let assessment = parse_assessment_bytes(&path, &read(&path)?)
            .map_err(|d| TrainError::Input(d.to_string()))?;
        let ref_path = dir
            .join("reference")
            .join(format!("{}.toml", assessment.id));
        let reference = if ref_path.exists() {
            Some(load_reference(&ref_path)?)
        } else {
            None
        };
        scenarios.push(Scenario {
            path,
            assessment,
            reference,
        });
    }
    if scenarios.is_empty() {
        return Err(TrainError::Input(format!(
            "{}: the pack has no scenarios",
            dir.display()
        )));
    }
    Ok(Pack {
        dir: dir.to_path_buf(),
        id,
        version: get("version").unwrap_or_default(),
        name: by_lang("name"),
        description: by_lang("description"),
        ruleset,
        scenarios,
    })
}

pub fn load_reference(path: &Path) -> Result<Reference, TrainError> {
    let bytes = read(path)?;
    let text = utf8(path, &bytes)?;
    let only = parse_answers_only(path, text).map_err(|d| TrainError::Input(d.to_string()))?;
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        TrainError::Input(crate::diag::Diagnostic::from_toml(path, text, &e).to_string())
    })?;
    // `[expect]` and `[rationale]` hold strings; anything else is named, not dropped.
    let strings = |k: &str| -> Result<BTreeMap<String, String>, TrainError> {
        let wrong = |keys: &[&str], what: String| {
            TrainError::Input(crate::diag::Diagnostic::at_key(path, text, keys, what).to_string())
        };
        let Some(v) = table.get(k) else {
            return Ok(BTreeMap::new());
        };
        let t = v
            .as_table()
            .ok_or_else(|| wrong(&[k], format!("`{k}` must be a table ([{k}])")))?;
        t.iter()
            .map(|(key, v)| match v.as_str() {
                Some(s) => Ok((key.clone(), s.to_string())),
                None => Err(wrong(
                    &[k, key],
                    format!(
                        "`{k}.{}` must be a string in quotes",
                        toml_edit::Key::new(key)
                    ),
                )),
            })
            .collect()
    };
    Ok(Reference {
        path: path.to_path_buf(),
        answers: only.answers,
        expect: strings("expect")?,
        rationale: strings("rationale")?,
    })
}
