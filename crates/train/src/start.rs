//! `xal train start`: the pack's scenarios, without reference answers, into a fresh data dir.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::TrainError;
use super::pack::Pack;
use crate::store::{Store, TrainSettings};

/// Must the result stay hidden from the trainee (levels, reasons, ★, what-if, in the
/// interface and in `list`, `show`, `export`)? True when `<data dir>/train.toml` says
/// `hide_result = true`, and when a `train.toml` is there but cannot be read: a damaged
/// setting must not reveal the answer (`xal train reveal` lifts it).
pub fn hide_result(data_dir: &Path) -> bool {
    match Store::open(data_dir).train_settings() {
        Ok(s) => s.is_some_and(|s| s.hide_result),
        Err(_) => true,
    }
}

/// `xal train reveal`: the trainer lifts the hiding; the pack and the trainee's name stay.
pub fn reveal(store: &Store) -> Result<bool, TrainError> {
    let was = match store.train_settings() {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(TrainError::Input(format!(
                "{}: not a trainee's data dir (no {})",
                store.data_dir().display(),
                crate::store::TRAIN_FILE
            )));
        }
        // A damaged file is replaced: what it said is unknown, and revealing is the intent.
        Err(_) => TrainSettings::default(),
    };
    let hid = was.hide_result || hide_result(store.data_dir());
    store
        .write_train_settings(&TrainSettings {
            hide_result: false,
            ..was
        })
        .map_err(|e| TrainError::Io(e.to_string()))?;
    Ok(hid)
}

/// Copies every scenario into `store` (same ids, so that collected answers match their
/// scenario) and writes `train.toml`. Refuses a data dir that already holds assessments:
/// a trainee's work is never mixed with, or written over, someone else's.
///
/// All or nothing, even when the run is killed: the data dir is built aside, in a hidden
/// folder beside it (`.<name>.xal-staging-<pid>-…`, on the same file system), every file
/// flushed, then renamed into place. A data dir that already exists (empty, or with no
/// assessments) gets `train.toml` and then the whole `assessments/` folder by a rename; where
/// nothing can be made beside it, the staging folder is inside it (`.xal-staging-<pid>-…`).
/// Staging folders that a killed run left are removed by the next one; any other run's are
/// left alone.
pub fn start(
    pack: &Pack,
    store: &Store,
    hide_result: bool,
    trainee: Option<&str>,
) -> Result<Vec<PathBuf>, TrainError> {
    let existing = store
        .assessment_files()
        .map_err(|e| TrainError::Io(e.to_string()))?;
    if !existing.is_empty() {
        return Err(TrainError::Input(format!(
            "{}: already holds assessments; use an empty --data-dir, or `xal reset` first",
            store.data_dir().display()
        )));
    }
    let shown = store.data_dir().display().to_string();
    let io = |e: io::Error| TrainError::Io(format!("{shown}: cannot start: {e}"));
    let target = Target::of(store.data_dir()).map_err(io)?;
    target.sweep();
    let staging = target.staging().map_err(io)?;
    let staged = Store::open(staging.dir.path()).with_answer_order(answer_orders());
    // A failure here drops `staging`, which deletes it: nothing of this run is left.
    let untouched = |e: &dyn std::fmt::Display| {
        TrainError::Io(format!("{e} (nothing was written into {shown})"))
    };
    let mut names = Vec::new();
    for s in &pack.scenarios {
        let mut a = s.assessment.clone();
        // What the pack's file said of its own origin (it may be a copy) stays beneath.
        let mut origin = a.origin.take().unwrap_or_default();
        origin.pack = pack.id.clone();
        origin.pack_version = pack.version.clone();
        origin.scenario = a.id.clone();
        a.origin = Some(origin);
        let loaded = staged.create(&a).map_err(|e| untouched(&e))?;
        names.extend(loaded.path.file_name().map(ToOwned::to_owned));
    }
    staged
        .write_train_settings(&TrainSettings {
            pack: pack.id.clone(),
            hide_result,
            trainee: trainee.map(str::to_string),
        })
        .map_err(|e| untouched(&e))?;
    // Each file was flushed as it was written; now the folders that name them.
    for dir in [staged.assessments_dir(), staging.dir.path().to_path_buf()] {
        crate::store::sync_dir(&dir)
            .map_err(|e| untouched(&format_args!("{}: {e}", dir.display())))?;
    }
    target.place(staging)?;
    let dir = store.assessments_dir();
    Ok(names.into_iter().map(|n| dir.join(n)).collect())
}

/// How a staging folder's name goes on after the data dir's name (beside it) or alone
/// (inside it): then the process id, `-` and a random part.
const STAGING: &str = ".xal-staging-";

/// Each ruleset's order of questions, as `xal` writes answers (the built-in rulesets and the
/// user's own): the scenarios are written by a store of the staging folder.
fn answer_orders() -> crate::store::AnswerOrders {
    let registry = crate::store::load_registry(crate::paths::config_dir().as_deref());
    crate::store::answer_orders(registry.entries.iter().map(|e| &*e.ruleset))
}

/// The process that made the staging folder `entry`, when it is one whose name starts with
/// `prefix` (`.<name>.xal-staging-` or `.xal-staging-`).
fn staging_pid(entry: &str, prefix: &str) -> Option<u32> {
    let (pid, _) = entry.strip_prefix(prefix)?.split_once('-')?;
    pid.parse().ok().filter(|&p| p > 0)
}

/// The trainee's data dir, where it really is (a symbolic link to it resolved, so that the
/// rename replaces the folder and never the link).
struct Target {
    dir: PathBuf,
    /// The folder it is in and its name; none for a root.
    beside: Option<(PathBuf, String)>,
}

/// A staging folder, deleted when dropped unless it was placed.
struct Staging {
    dir: tempfile::TempDir,
    /// Beside the data dir (else inside it).
    beside: bool,
}

impl Target {
    fn of(data_dir: &Path) -> io::Result<Target> {
        let dir = match fs::canonicalize(data_dir) {
            Ok(p) => p,
            Err(e) if e.kind() == io::ErrorKind::NotFound => std::path::absolute(data_dir)?,
            Err(e) => return Err(e),
        };
        let beside = match (dir.parent(), dir.file_name().and_then(|n| n.to_str())) {
            (Some(p), Some(n)) => Some((p.to_path_buf(), n.to_string())),
            _ => None,
        };
        Ok(Target { dir, beside })
    }

    fn sibling_prefix(name: &str) -> String {
        format!(".{name}{STAGING}")
    }

    /// Removes the staging folders of this data dir that a killed run left (its process is
    /// gone); a live run's are left alone.
    fn sweep(&self) {
        let mut places = vec![(self.dir.clone(), STAGING.to_string())];
        if let Some((parent, name)) = &self.beside {
            places.push((parent.clone(), Self::sibling_prefix(name)));
        }
        for (dir, prefix) in places {
            let Ok(rd) = fs::read_dir(&dir) else { continue };
            for dent in rd.flatten() {
                let name = dent.file_name();
                let Some(pid) = name.to_str().and_then(|n| staging_pid(n, &prefix)) else {
                    continue;
                };
                // The entry itself, never what a link points to.
                let is_dir = dent.file_type().is_ok_and(|t| t.is_dir());
                if is_dir && !crate::store::process_alive(pid) {
                    let _ = fs::remove_dir_all(dent.path());
                }
            }
        }
    }

    /// A fresh staging folder (0700): beside the data dir, or inside it when nothing can be
    /// made beside it (a parent folder this user may not write).
    fn staging(&self) -> io::Result<Staging> {
        let pid = std::process::id();
        let make = |parent: &Path, prefix: &str| {
            let prefix = format!("{prefix}{pid}-");
            let mut b = tempfile::Builder::new();
            b.prefix(&prefix);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                b.permissions(fs::Permissions::from_mode(0o700));
            }
            let dir = b.tempdir_in(parent)?;
            // The data dir it becomes is the user's only, whatever the umask.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700))?;
            }
            Ok::<_, io::Error>(dir)
        };
        let beside = match &self.beside {
            Some((parent, name)) => crate::store::create_private_dir(parent)
                .and_then(|()| make(parent, &Self::sibling_prefix(name))),
            None => Err(io::Error::other("no folder to stage beside it")),
        };
        match beside {
            Ok(dir) => Ok(Staging { dir, beside: true }),
            Err(e) if !self.dir.is_dir() => Err(e),
            Err(_) => Ok(Staging {
                dir: make(&self.dir, STAGING)?,
                beside: false,
            }),
        }
    }

    /// Puts what `staging` holds in place: the whole folder by one rename where the data
    /// dir is missing or empty; else `train.toml`, then the `assessments/` folder.
    fn place(&self, staging: Staging) -> Result<(), TrainError> {
        let shown = self.dir.display().to_string();
        let io = |e: io::Error| TrainError::Io(format!("{shown}: cannot start: {e}"));
        let empty = match fs::read_dir(&self.dir) {
            Ok(mut rd) => rd.next().is_none(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => return Err(io(e)),
        };
        if staging.beside && empty {
            match fs::rename(staging.dir.path(), &self.dir) {
                Ok(()) => {
                    // Placed: nothing of it is to be deleted any more.
                    let _ = staging.dir.keep();
                    if let Some((parent, _)) = &self.beside {
                        crate::store::sync_dir(parent).map_err(io)?;
                    }
                    return Ok(());
                }
                // Something came into the data dir meanwhile: placed piece by piece below.
                Err(_) if self.dir.is_dir() => {}
                Err(e) => return Err(io(e)),
            }
        }
        let from = staging.dir.path();
        let assessments = self.dir.join("assessments");
        // A folder of assessments that holds no assessment may be replaced only when empty:
        // temporary files a killed xal left go first.
        Store::open(&self.dir).sweep_stale_temp_files();
        let in_the_way = match fs::read_dir(&assessments) {
            Ok(mut rd) => rd.next().is_some(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(io(e)),
        };
        if in_the_way {
            return Err(TrainError::Input(format!(
                "{}: holds files that are not assessments; move them away, or `xal reset` first",
                assessments.display()
            )));
        }
        // The setting first: scenarios never stand without the word that hides the result.
        let settings = crate::store::TRAIN_FILE;
        fs::rename(from.join(settings), self.dir.join(settings)).map_err(io)?;
        fs::rename(from.join("assessments"), &assessments).map_err(io)?;
        crate::store::sync_dir(&self.dir).map_err(io)?;
        // `staging` is dropped here, and what is left in it (the writers' lock) with it.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> Pack {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/th-gov-basics");
        super::super::pack::load(&dir).unwrap()
    }

    /// A process id that ran and is gone.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_staging_folder_is_told_by_its_prefix_and_names_its_process() {
        let p = ".anan.xal-staging-";
        assert_eq!(staging_pid(".anan.xal-staging-123-Ab9", p), Some(123));
        assert_eq!(staging_pid(".anan-2.xal-staging-123-Ab9", p), None);
        assert_eq!(staging_pid(".anan.xal-staging-0-Ab9", p), None);
        assert_eq!(staging_pid(".anan.xal-staging-x-Ab9", p), None);
        assert_eq!(staging_pid(".xal-staging-77-q", STAGING), Some(77));
        assert!(crate::store::process_alive(std::process::id()));
        assert!(!crate::store::process_alive(dead_pid()));
    }

    #[test]
    fn a_start_that_fails_midway_leaves_no_trainee_folder_and_no_staging() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("anan");
        let mut p = pack();
        // The last scenario twice: its second file cannot be written (the id is taken).
        let last = p.scenarios.last().unwrap().clone();
        p.scenarios.push(last);
        let e = start(&p, &Store::open(&data), true, None).unwrap_err();
        assert!(matches!(e, TrainError::Io(_)), "{e:?}");
        assert!(e.to_string().contains("nothing was written"), "{e}");
        assert!(!data.exists(), "no partial trainee folder");
        assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));

        // Into a data dir that is there: it is left as it was.
        fs::create_dir(&data).unwrap();
        fs::write(data.join("xal.log"), "before\n").unwrap();
        start(&p, &Store::open(&data), true, None).unwrap_err();
        assert_eq!(names(&data), ["xal.log"]);
        assert_eq!(names(root.path()), ["anan"]);
    }

    #[test]
    fn a_killed_runs_staging_is_removed_and_a_live_ones_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("anan");
        let dead = root
            .path()
            .join(format!(".anan.xal-staging-{}-Ab9", dead_pid()));
        let live = root
            .path()
            .join(format!(".anan.xal-staging-{}-Zz1", std::process::id()));
        let other = root
            .path()
            .join(format!(".somchai.xal-staging-{}-Q", dead_pid()));
        for d in [&dead, &live, &other] {
            fs::create_dir_all(d.join("assessments")).unwrap();
            fs::write(d.join("assessments/half.toml"), "schema = 1\n").unwrap();
        }
        let p = pack();
        let written = start(&p, &Store::open(&data), false, Some("Anan")).unwrap();
        assert_eq!(written.len(), p.scenarios.len());
        assert!(
            written
                .iter()
                .all(|w| w.starts_with(data.join("assessments")))
        );
        assert!(written.iter().all(|w| w.is_file()));
        assert!(!dead.exists(), "the killed run's staging is gone");
        assert!(live.exists(), "a running one's is not touched");
        assert!(other.exists(), "another data dir's is not touched");
        let s = Store::open(&data).train_settings().unwrap().unwrap();
        assert_eq!(s.trainee.as_deref(), Some("Anan"));
        assert!(!names(&data).iter().any(|n| n.contains("staging")));
    }

    #[test]
    fn a_data_dir_already_there_gets_the_scenarios_and_keeps_its_other_files() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("anan");
        fs::create_dir_all(data.join("assessments")).unwrap();
        fs::write(data.join("xal.log"), "before\n").unwrap();
        // Inside too: a staging folder a killed run left where nothing could be made beside.
        let inner = data.join(format!("{STAGING}{}-x", dead_pid()));
        fs::create_dir(&inner).unwrap();
        let p = pack();
        start(&p, &Store::open(&data), true, None).unwrap();
        assert_eq!(
            fs::read_to_string(data.join("xal.log")).unwrap(),
            "before\n"
        );
        assert_eq!(
            Store::open(&data).assessment_files().unwrap().len(),
            p.scenarios.len()
        );
        assert!(crate::hide_result(&data));
        assert!(!inner.exists());
        assert_eq!(names(root.path()), ["anan"], "nothing left beside it");

        // A folder of assessments holding something else is not written into.
        let other = root.path().join("other");
        fs::create_dir_all(other.join("assessments")).unwrap();
        fs::write(other.join("assessments/notes.txt"), "mine").unwrap();
        let e = start(&p, &Store::open(&other), false, None).unwrap_err();
        assert!(matches!(e, TrainError::Input(_)), "{e:?}");
        assert_eq!(names(&other.join("assessments")), ["notes.txt"]);
        assert_eq!(names(root.path()), ["anan", "other"]);
    }
}
