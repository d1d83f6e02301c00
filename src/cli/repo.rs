//! `xal repo init [--remote URL]` and `xal sync`: the data dir as a shared git record.

use super::history::not_a_repo;
use super::lookup::{open_store, store_at};
use super::{Failure, Global, RepoCommand, Term};
use crate::git::Repo;
use crate::git::init::{InitError, Step, init};
use crate::git::sync::{SyncError, sync};
use crate::text::Lang;
use crate::words::git as words;

fn exe() -> Result<std::path::PathBuf, Failure> {
    std::env::current_exe().map_err(|e| Failure::Internal(format!("where is xal itself: {e}")))
}

fn pick(lang: Lang, th: String, en: String) -> String {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

pub fn run(
    t: &mut Term<'_>,
    global: &Global,
    cmd: &RepoCommand,
    lang: Lang,
) -> Result<(), Failure> {
    let RepoCommand::Init { remote } = cmd;
    let store = store_at(global)?;
    let dir = store.data_dir();
    let done = init(dir, remote.as_deref(), &exe()?).map_err(|e| match e {
        InitError::Git(g) => Failure::Internal(g.to_string()),
        InitError::Io(p, e) => Failure::Io(format!("{}: {e}", p.display())),
        InitError::OtherRemote { has, given } => Failure::BadInput(pick(
            lang,
            format!("origin เป็น {has} อยู่แล้ว ไม่ใช่ {given}: ถ้าจะเปลี่ยน สั่ง git -C {} remote set-url origin {given}", dir.display()),
            format!("origin is already {has}, not {given}: to change it, run git -C {} remote set-url origin {given}", dir.display()),
        )),
        InitError::NoIdentity(said) => Failure::Status(1, vec![pick(
            lang,
            format!("git ต้องรู้ชื่อผู้ commit ({said}): สั่ง git config --global user.name \"ชื่อ\" และ git config --global user.email you@example.org"),
            format!("git needs to know who commits ({said}): run git config --global user.name \"Your Name\" and git config --global user.email you@example.org"),
        )]),
        InitError::Blocked(b) => Failure::Status(1, vec![b.say(lang == Lang::Th)]),
    })?;
    let mut s = String::new();
    if done.steps.is_empty() {
        s.push_str(&pick(
            lang,
            format!(
                "{} เป็น repository ของ xal อยู่แล้ว ไม่มีอะไรเปลี่ยน\n",
                dir.display()
            ),
            format!(
                "{} is already a xal repository; nothing changed\n",
                dir.display()
            ),
        ));
    }
    for step in &done.steps {
        let line = match step {
            Step::Created => pick(
                lang,
                "สร้าง git repository".into(),
                "created a git repository".into(),
            ),
            Step::Attributes => pick(
                lang,
                ".gitattributes: ใช้ตัวรวมของ xal กับ assessments/*.toml".into(),
                ".gitattributes: assessments/*.toml use xal's merge driver".into(),
            ),
            Step::Ignore => pick(
                lang,
                ".gitignore: ดัชนี บันทึก ไฟล์ส่งออก ถังขยะ และไฟล์ชั่วคราว".into(),
                ".gitignore: the index, log, exports, trash and temp files".into(),
            ),
            Step::Driver => pick(
                lang,
                "ลงทะเบียนตัวรวม (merge.xal) ใน config ของ repository".into(),
                "registered the merge driver (merge.xal) in the repository's config".into(),
            ),
            Step::Remote(u) => pick(
                lang,
                format!("remote origin = {u}"),
                format!("remote origin = {u}"),
            ),
            Step::Commit(m) => pick(lang, format!("commit: {m}"), format!("committed: {m}")),
        };
        s.push_str(&line);
        s.push('\n');
    }
    t.text(&s)
}

pub fn sync_cmd(t: &mut Term<'_>, global: &Global, lang: Lang) -> Result<(), Failure> {
    let store = open_store(global)?;
    let dir = store.data_dir();
    let Some(repo) = Repo::at(dir) else {
        return Err(not_a_repo(dir, lang));
    };
    let report = sync(&repo, &exe()?).map_err(|e| match e {
        SyncError::Git(g) => Failure::Internal(g.to_string()),
        e => {
            let (code, lines) = words::sync_error_lines(&e, lang);
            Failure::Status(code, lines)
        }
    })?;
    // What came in is on disk now: each file names its ruleset, which names its values.
    let registry = super::lookup::registry_quiet();
    let ruleset_of = |id: &str| {
        store
            .load(id)
            .ok()
            .and_then(|l| registry.get(&l.assessment.ruleset.id).cloned())
    };
    t.text(&words::sync_report(&report, &ruleset_of, lang))?;
    // Conflicts left to resolve are 3; files left out of the commit (and so not sent), 2.
    let lines = words::sync_conflicts(&report, lang);
    if lines.is_empty() {
        return Ok(());
    }
    let code = if report.conflicts.is_empty() { 2 } else { 3 };
    Err(Failure::Status(code, lines))
}
