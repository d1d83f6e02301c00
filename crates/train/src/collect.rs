//! `xal train collect`, the reading: data dirs (their `assessments/`), folders of assessment
//! files and of `xal export --format json` files, or such files; each trainee named, each
//! file counted once. A scenario is recognised by the file's `[origin] scenario`, which
//! `xal train start` records and copies and imports keep, else by the assessment id. The
//! grading is `grid`, the writing `class_report`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::answers::{AnswerSet, Answers, Group};
use crate::report::diff::flatten;
use crate::store::parse_assessment_bytes;

/// One trainee's answers to one scenario.
#[derive(Clone, Debug)]
pub struct Submission {
    pub source: PathBuf,
    /// Who handed it in: the name given at `train start --trainee`, else the folder's name.
    pub trainee: String,
    pub scenario: String,
    pub ruleset: String,
    pub answers: AnswerSet,
}

/// What was handed in: every trainee (also those who handed in nothing), their submissions,
/// each counted once, and notes for the trainer (skipped backups, duplicates).
#[derive(Clone, Debug, Default)]
pub struct Handed {
    pub trainees: Vec<String>,
    pub submissions: Vec<Submission>,
    pub notes: Vec<Note>,
    /// Files that could not be read, each the trainee's for the scenario its name gives.
    pub unreadable: Vec<Unreadable>,
}

/// A trainee's file that could not be read: a scenario with a file, but no answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub trainee: String,
    /// The file's name without `.toml`/`.json`: the id `train start` gave it.
    pub scenario: String,
    /// `file:line:col` of the diagnostic (the file alone when it has no place).
    pub place: String,
    /// The whole diagnostic, as said on standard error.
    pub message: String,
}

/// Something the trainer is told about what was read; said in the language of the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A backup of `xal reset`, not a trainee.
    Backup(PathBuf),
    /// A path given twice.
    GivenTwice(PathBuf),
    /// Two files of one trainee for one scenario with different answers: `kept` counts.
    Differs {
        dropped: PathBuf,
        scenario: String,
        kept: PathBuf,
    },
}

impl Note {
    pub fn say(&self, lang: crate::text::Lang) -> String {
        use crate::text::Lang::{En, Th};
        match (self, lang) {
            (Note::Backup(p), En) => {
                format!(
                    "{}: a backup of `xal reset`, not a trainee (skipped)",
                    p.display()
                )
            }
            (Note::Backup(p), Th) => {
                format!(
                    "{}: ข้อมูลสำรองของ `xal reset` ไม่ใช่ผู้เข้าอบรม (ข้าม)",
                    p.display()
                )
            }
            (Note::GivenTwice(p), En) => format!("{}: given twice (counted once)", p.display()),
            (Note::GivenTwice(p), Th) => format!("{}: ระบุซ้ำ (นับครั้งเดียว)", p.display()),
            (
                Note::Differs {
                    dropped,
                    scenario,
                    kept,
                },
                En,
            ) => format!(
                "{}: `{scenario}` differs from {}; counted {}",
                dropped.display(),
                kept.display(),
                kept.display()
            ),
            (
                Note::Differs {
                    dropped,
                    scenario,
                    kept,
                },
                Th,
            ) => format!(
                "{}: `{scenario}` ไม่ตรงกับ {} จึงนับ {}",
                dropped.display(),
                kept.display(),
                kept.display()
            ),
        }
    }
}

/// A file or folder that could not be read; said in the language of the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    CannotList(PathBuf, String),
    /// A file's own message (a parse error names its line and column).
    File(String),
}

impl Problem {
    pub fn say(&self, lang: crate::text::Lang) -> String {
        match (self, lang) {
            (Problem::CannotList(p, e), crate::text::Lang::En) => {
                format!("{}: cannot list: {e}", p.display())
            }
            (Problem::CannotList(p, e), crate::text::Lang::Th) => {
                format!("{}: อ่านรายการไฟล์ไม่ได้: {e}", p.display())
            }
            (Problem::File(s), _) => s.clone(),
        }
    }
}

/// `xal reset` (older versions) names its backups `<dir>.backup-YYYYmmdd-HHMMSS`: a
/// previous class, never this one's trainee.
/// Those of `xal reset` now are in `.xal-backups/`.
fn is_backup(p: &Path) -> bool {
    let old = p
        .file_name()
        .map(|n| n.to_string_lossy().contains(".backup-"))
        .unwrap_or(false);
    old || p
        .components()
        .any(|c| c.as_os_str() == super::reset::BACKUP_FOLDER)
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The trainee a data dir (or folder of files) belongs to: `train.toml`'s name, else the
/// folder's; `assessments/` and `exports/` stand for the data dir around them.
pub(crate) fn trainee_of(folder: &Path) -> String {
    let dir = match folder.file_name().and_then(|n| n.to_str()) {
        Some("assessments" | "exports") => folder.parent().unwrap_or(folder),
        _ => folder,
    };
    let named = crate::store::Store::open(dir)
        .train_settings()
        .ok()
        .flatten()
        .and_then(|s| s.trainee)
        .filter(|n| !n.trim().is_empty());
    named.unwrap_or_else(|| name_of(dir))
}

/// Reads every submission under `paths` (data dirs, folders of files, or files), keeping the
/// trainees who handed in nothing, and counting a file once per trainee by scenario id and
/// content (a folder given twice, a TOML and its JSON export). Files that cannot be read are
/// returned as problems (they are reported, never silently dropped).
pub fn read_class(paths: &[PathBuf]) -> (Handed, Vec<Problem>) {
    let mut h = Handed::default();
    let mut problems = Vec::new();
    let mut seen_paths = std::collections::HashSet::new();
    for d in paths {
        if is_backup(d) {
            h.notes.push(Note::Backup(d.clone()));
            continue;
        }
        let key = std::fs::canonicalize(d).unwrap_or_else(|_| d.clone());
        if !seen_paths.insert(key) {
            h.notes.push(Note::GivenTwice(d.clone()));
            continue;
        }
        let (trainee, files) = if d.is_file() {
            let parent = d.parent().filter(|p| !p.as_os_str().is_empty());
            let t = parent.map(trainee_of).unwrap_or_else(|| name_of(d));
            (t, vec![d.clone()])
        } else {
            let folder = if d.join("assessments").is_dir() {
                d.join("assessments")
            } else {
                d.clone()
            };
            match std::fs::read_dir(&folder) {
                Ok(rd) => {
                    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                    v.sort();
                    (trainee_of(d), v)
                }
                Err(e) => {
                    problems.push(Problem::CannotList(folder.clone(), e.to_string()));
                    continue;
                }
            }
        };
        if !h.trainees.contains(&trainee) {
            h.trainees.push(trainee.clone());
        }
        for f in files {
            let name = name_of(&f);
            if name.starts_with('.') {
                continue;
            }
            let got = if name.ends_with(".toml") {
                read_toml(&f)
            } else if name.ends_with(".json") {
                read_json(&f)
            } else {
                continue;
            };
            match got {
                Ok(mut s) => {
                    s.trainee = trainee.clone();
                    add_once(&mut h, s);
                }
                Err(e) => {
                    let scenario = name
                        .trim_end_matches(".toml")
                        .trim_end_matches(".json")
                        .to_string();
                    h.unreadable.push(Unreadable {
                        trainee: trainee.clone(),
                        scenario,
                        place: e.place.clone(),
                        message: e.message.clone(),
                    });
                    problems.push(Problem::File(e.message));
                }
            }
        }
    }
    (h, problems)
}

/// One submission per trainee and scenario: the same answers again (an export of the same
/// file) add nothing; different answers keep the assessment file (the live one), noted.
fn add_once(h: &mut Handed, s: Submission) {
    let same = h
        .submissions
        .iter()
        .position(|o| o.trainee == s.trainee && o.scenario == s.scenario);
    let Some(i) = same else {
        h.submissions.push(s);
        return;
    };
    let old = &h.submissions[i];
    if flatten(&old.answers) == flatten(&s.answers) {
        return;
    }
    let toml = |p: &Path| p.extension().is_some_and(|x| x == "toml");
    let (keep, drop) = if toml(&s.source) && !toml(&old.source) {
        (s.source.clone(), old.source.clone())
    } else {
        (old.source.clone(), s.source.clone())
    };
    h.notes.push(Note::Differs {
        dropped: drop,
        scenario: s.scenario.clone(),
        kept: keep.clone(),
    });
    if keep == s.source {
        h.submissions[i] = s;
    }
}

/// Why a file could not be read: the whole message and its place.
struct ReadError {
    place: String,
    message: String,
}

impl ReadError {
    fn whole(path: &Path, message: String) -> Self {
        ReadError {
            place: path.display().to_string(),
            message,
        }
    }
}

fn read_toml(path: &Path) -> Result<Submission, ReadError> {
    let bytes = crate::store::read_no_link(path)
        .map_err(|e| ReadError::whole(path, format!("{}: {e}", path.display())))?;
    let a = parse_assessment_bytes(path, &bytes).map_err(|d| ReadError {
        place: if d.line == 0 {
            d.file.display().to_string()
        } else {
            format!("{}:{}:{}", d.file.display(), d.line, d.column)
        },
        message: d.to_string(),
    })?;
    // The recorded scenario wins over the id: an import or a copy gives a file a new id.
    let scenario = a.scenario().map(str::to_string).unwrap_or(a.id);
    Ok(Submission {
        source: path.to_path_buf(),
        trainee: String::new(),
        scenario,
        ruleset: a.ruleset.id,
        answers: a.answers,
    })
}

/// A JSON report of `xal export`: `id`, `ruleset.id` and `answers` (object or groups).
fn read_json(path: &Path) -> Result<Submission, ReadError> {
    let bad = |what: &str| {
        ReadError::whole(
            path,
            format!("{}: not a JSON export of xal ({what})", path.display()),
        )
    };
    let bytes = crate::store::read_no_link(path)
        .map_err(|e| ReadError::whole(path, format!("{}: {e}", path.display())))?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|e| bad(&e.to_string()))?;
    let id = v["id"].as_str().ok_or_else(|| bad("no id"))?.to_string();
    let id = v["origin"]["scenario"]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or(id);
    let ruleset = v["ruleset"]["id"]
        .as_str()
        .ok_or_else(|| bad("no ruleset"))?
        .to_string();
    let answers = match &v["answers"] {
        Value::Object(_) => AnswerSet::Single(
            serde_json::from_value::<Answers>(v["answers"].clone())
                .map_err(|e| bad(&e.to_string()))?,
        ),
        Value::Array(_) => AnswerSet::Groups(
            serde_json::from_value::<Vec<Group>>(v["answers"].clone())
                .map_err(|e| bad(&e.to_string()))?,
        ),
        _ => return Err(bad("no answers")),
    };
    Ok(Submission {
        source: path.to_path_buf(),
        trainee: String::new(),
        scenario: id,
        ruleset,
        answers,
    })
}
