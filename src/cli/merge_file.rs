//! `xal merge-file BASE OURS THEIRS [--path P]`: the merge driver git runs for
//! `assessments/*.toml`. The merged file is written over OURS (atomically); exit 0 when it
//! merged cleanly, 1 when conflicts were recorded in it (then git reports the file as
//! conflicted, and it still parses). A side that is not an assessment xal can read is merged
//! by lines with `git merge-file`, so nothing of either side is lost.

use std::path::{Path, PathBuf};

use super::files::read_bytes;
use super::lookup::registry_quiet;
use super::{Failure, MergeFileArgs, Term};
use crate::catalog;
use crate::engine::evaluate_set;
use crate::git;
use crate::store::merge::{MergeFailure, Side, Sides, merge_assessment};
use crate::text::Lang;

/// Who last changed `path` on the side `rev`, per git (empty outside a repository).
fn side(rev: &str, path: Option<&str>) -> Side {
    let Some(path) = path else {
        return Side::default();
    };
    let Ok(cwd) = std::env::current_dir() else {
        return Side::default();
    };
    let o = git::run_in(
        &cwd,
        &["log", "-1", "--format=%an <%ae>%x1f%aI", rev, "--", path],
        &[],
    );
    match o {
        Ok(o) if o.ok => {
            let line = o.stdout.trim();
            let (who, when) = line.split_once('\u{1f}').unwrap_or((line, ""));
            Side {
                who: who.to_string(),
                when: when.to_string(),
            }
        }
        _ => Side::default(),
    }
}

/// The rulesets to evaluate a merged file under: only the built-in one it names, unless the
/// user has rulesets of their own (one could override it), then all of them as everywhere.
fn registry_for(id: &str) -> crate::ruleset::registry::Registry {
    let own = crate::paths::config_dir()
        .is_some_and(|d| !crate::store::ConfigDir::open(d).rulesets().is_empty());
    if !own && let Some(reg) = crate::ruleset::registry::Registry::builtin_only(id) {
        return reg;
    }
    registry_quiet()
}

fn text_of(path: &Path) -> Result<String, Failure> {
    let bytes = read_bytes(path)?;
    // A side that is not UTF-8 is merged by lines (below), never refused.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn run(_t: &mut Term<'_>, args: &MergeFileArgs, lang: Lang) -> Result<(), Failure> {
    let base = text_of(&args.base)?;
    let ours = text_of(&args.ours)?;
    let theirs = text_of(&args.theirs)?;
    let shown: PathBuf = args
        .path
        .as_ref()
        .map_or_else(|| args.ours.clone(), PathBuf::from);
    // git runs the driver once per file: the rulesets are loaded only when the merged
    // answers differ from ours and the result must be evaluated again.
    let reg = std::cell::OnceCell::new();
    let now = crate::clock::now();
    let result = |a: &crate::store::Assessment| {
        let rs = reg
            .get_or_init(|| registry_for(&a.ruleset.id))
            .get(&a.ruleset.id)?;
        Some(catalog::result_summary(
            rs,
            &evaluate_set(rs, &a.answers),
            now,
        ))
    };
    // git starts the driver once per file, and asking git who made each side costs two
    // more processes: they are asked only when a conflict is to be recorded with them.
    let mut merged = merge_assessment(&shown, &base, &ours, &theirs, &Sides::default(), &result);
    if matches!(&merged, Ok(m) if !m.conflicts.is_empty()) {
        let theirs_rev = std::env::var("XAL_MERGE_THEIRS").unwrap_or_else(|_| "MERGE_HEAD".into());
        let sides = Sides {
            ours: side("HEAD", args.path.as_deref()),
            theirs: side(&theirs_rev, args.path.as_deref()),
        };
        merged = merge_assessment(&shown, &base, &ours, &theirs, &sides, &result);
    }
    match merged {
        Ok(m) => {
            // git names its temporary files relative to the work tree: the atomic write needs
            // the folder they are in.
            let target = std::path::absolute(&args.ours).unwrap_or_else(|_| args.ours.clone());
            // git's own temporary copy of ours: it reads the result at once and keeps it in
            // its objects, so it needs no flush to disk (two per file, for every file merged).
            crate::store::replace_scratch_file(&target, m.text.as_bytes())
                .map_err(|e| Failure::Io(format!("{}: {e}", args.ours.display())))?;
            if m.conflicts.is_empty() {
                return Ok(());
            }
            let keys: Vec<String> = m.conflicts.iter().map(|c| c.key()).collect();
            let line = match lang {
                Lang::Th => format!(
                    "{}: ขัดแย้ง {} รายการ บันทึกไว้ใน [conflicts]: {} (เลือกค่าใน xal แล้ว commit)",
                    shown.display(),
                    keys.len(),
                    keys.join(", ")
                ),
                Lang::En => format!(
                    "{}: {} conflict(s) recorded in [conflicts]: {} (choose a value in xal, then commit)",
                    shown.display(),
                    keys.len(),
                    keys.join(", ")
                ),
            };
            Err(Failure::Status(1, vec![line]))
        }
        Err(why) => {
            let reason = match why {
                MergeFailure::Unmergeable(u) => format!("{u:?}"),
                MergeFailure::NotAnAssessment(d) => d.to_string(),
            };
            by_lines(args, &shown, &reason, lang)
        }
    }
}

/// git's own line merge over OURS: conflict markers where lines clash.
fn by_lines(args: &MergeFileArgs, shown: &Path, reason: &str, lang: Lang) -> Result<(), Failure> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let paths = [&args.ours, &args.base, &args.theirs].map(|p| p.to_string_lossy().into_owned());
    let o = git::run_in(
        &cwd,
        &[
            "merge-file",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            &paths[0],
            &paths[1],
            &paths[2],
        ],
        &[],
    )
    .map_err(|e| Failure::Internal(e.to_string()))?;
    if o.ok {
        return Ok(());
    }
    let line = match lang {
        Lang::Th => format!(
            "{}: รวมตามความหมายไม่ได้ ({reason}); รวมทีละบรรทัด มีเครื่องหมายขัดแย้งในไฟล์ แก้ไขแล้ว git add",
            shown.display()
        ),
        Lang::En => format!(
            "{}: cannot merge by meaning ({reason}); merged by lines with conflict markers: edit it, then git add it",
            shown.display()
        ),
    };
    Err(Failure::Status(1, vec![line]))
}
