//! What `xal sync` and `xal history` say, in Thai or English: one text for the command line
//! and the interface, so the interface's sync key and history popup say exactly what the
//! commands do.

use std::sync::Arc;

use crate::git::delta::Change;
use crate::git::history::Entry;
use crate::git::inspect::{Fault, Problem, SHOWN};
use crate::git::sync::{Cleared, Report, SyncError};
use crate::ruleset::Ruleset;
use crate::text::{Lang, visible};

/// The ruleset an assessment (by id) is evaluated under, where it can be found: its answers'
/// values are then said by their names in Thai. The git crate knows no ruleset.
pub type RulesetOf<'a> = &'a dyn Fn(&str) -> Option<Arc<Ruleset>>;

/// No ruleset for any assessment: values as the file has them.
pub fn no_ruleset(_: &str) -> Option<Arc<Ruleset>> {
    None
}

/// `impact.auth.financial moderate → high`, each value as the reasons say it (in Thai,
/// `high (สูง)`); `–` for no value. Commit messages keep [`Change::line`], ids only.
fn change_line(c: &Change, rs: Option<&Ruleset>, lang: Lang) -> String {
    let v = |x: &Option<String>| match (x, rs) {
        (None, _) => "–".to_string(),
        (Some(v), Some(rs)) => crate::report::facts::named_value(rs, &c.key, v, lang),
        (Some(v), None) => v.clone(),
    };
    format!("{} {} → {}", c.key, v(&c.old), v(&c.new))
}

fn pick(lang: Lang, th: String, en: String) -> String {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

/// What is wrong with a file, in words (what came from the repository shown visibly).
fn fault_text(f: &Fault, lang: Lang) -> String {
    match f {
        Fault::Symlink { target } => pick(
            lang,
            format!(
                "เป็น symbolic link (ชี้ไปที่ {}) ซึ่งโฟลเดอร์ข้อมูลที่แชร์ไม่รับ",
                visible(target)
            ),
            format!(
                "is a symbolic link (to {}); a shared data dir holds no links",
                visible(target)
            ),
        ),
        Fault::Submodule => pick(
            lang,
            "เป็น git submodule (ลิงก์ไปยัง repository อื่น) ซึ่งโฟลเดอร์ข้อมูลที่แชร์ไม่รับ".into(),
            "is a git submodule (a link to another repository); a shared data dir holds none"
                .into(),
        ),
        Fault::Stray => pick(
            lang,
            "ไม่ใช่ไฟล์ตามโครงสร้างของ xal (มีได้เพียง assessments/<id>.toml, .gitattributes, \
             .gitignore และ allowed_signers)"
                .into(),
            "is not a file of xal's layout (only assessments/<id>.toml, .gitattributes, \
             .gitignore and allowed_signers belong)"
                .into(),
        ),
        Fault::TooBig { bytes } => pick(
            lang,
            format!(
                "มีขนาด {bytes} ไบต์ เกินขีดจำกัด {} ไบต์",
                crate::store::MAX_FILE_BYTES
            ),
            format!(
                "is {bytes} bytes, over the limit of {} bytes",
                crate::store::MAX_FILE_BYTES
            ),
        ),
        Fault::Unparsable {
            line,
            column,
            message,
        } => {
            let m = visible(message);
            let why = match (lang, *line) {
                (_, 0) => m.into_owned(),
                (Lang::Th, l) => format!("บรรทัด {l} คอลัมน์ {column}: {m}"),
                (Lang::En, l) => format!("line {l}, column {column}: {m}"),
            };
            pick(
                lang,
                format!("xal อ่านเป็นแบบประเมินไม่ได้ ({why})"),
                format!("is not an assessment xal reads ({why})"),
            )
        }
        Fault::OtherId(id) => pick(
            lang,
            format!(
                "มี id `{}` ซึ่งไม่ตรงกับชื่อไฟล์ (สองไฟล์จะอ้าง id เดียวกันได้)",
                visible(id)
            ),
            format!(
                "holds the id `{}`, which is not its file name (two files could claim one id)",
                visible(id)
            ),
        ),
        Fault::Attributes(line) => pick(
            lang,
            format!(
                "ขอให้ git ทำมากกว่าตัวรวมของ xal (`{}`): รับได้เพียง `{}`",
                visible(line),
                crate::git::ATTRIBUTE
            ),
            format!(
                "asks git for more than xal's merge driver (`{}`): only `{}` is allowed",
                visible(line),
                crate::git::ATTRIBUTE
            ),
        ),
        Fault::Unreadable => pick(
            lang,
            "git อ่านเนื้อหาไม่ได้".into(),
            "git could not give its content".into(),
        ),
    }
}

/// One file refused: its path, what is wrong, and the commit that last changed it and its
/// author when known. Everything from the repository is shown visibly.
pub fn problem_line(p: &Problem, lang: Lang) -> String {
    let mut s = format!("{}: {}", visible(&p.path), fault_text(&p.fault, lang));
    if let Some(t) = &p.last {
        s.push_str(&pick(
            lang,
            format!(
                "; แก้ล่าสุดใน commit {} โดย {}",
                visible(&t.commit),
                visible(&t.author)
            ),
            format!(
                "; last changed in commit {} by {}",
                visible(&t.commit),
                visible(&t.author)
            ),
        ));
    }
    s
}

/// A line each for the first [`SHOWN`] problems, and one for how many more there are.
fn problem_lines(problems: &[Problem], lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = problems
        .iter()
        .take(SHOWN)
        .map(|p| problem_line(p, lang))
        .collect();
    if problems.len() > SHOWN {
        let more = problems.len() - SHOWN;
        lines.push(pick(
            lang,
            format!("… และอีก {more} ไฟล์"),
            format!("… and {more} more file(s)"),
        ));
    }
    lines
}

/// What an interrupted run left and this sync removed.
fn cleared_line(c: &Cleared, lang: Lang) -> String {
    match c {
        Cleared::StaleLock(path) => pick(
            lang,
            format!(
                "เก็บกวาด: ลบไฟล์ล็อก {} ที่ git ซึ่งถูกหยุดกลางคันทิ้งไว้ (ไม่มี git ทำงานในโฟลเดอร์ข้อมูล)",
                path.display()
            ),
            format!(
                "cleared: removed {}, left by a git that was stopped (no git was working in the data dir)",
                path.display()
            ),
        ),
        Cleared::MergeTemp(n) => pick(
            lang,
            format!("เก็บกวาด: ลบไฟล์ชั่วคราวของการรวมที่ถูกหยุด {n} ไฟล์ (.merge_file_*)"),
            format!("cleared: removed {n} temporary file(s) of a stopped merge (.merge_file_*)"),
        ),
        Cleared::StoppedMerge => pick(
            lang,
            "เก็บกวาด: xal sync ครั้งก่อนถูกหยุดก่อนที่ git จะรวมสิ่งใด จึงรวมใหม่ตั้งแต่ต้น".into(),
            "cleared: an earlier xal sync was stopped before git had merged anything; merging afresh"
                .into(),
        ),
    }
}

/// What came in and what went out, a line each (the standard output of `xal sync`).
pub fn sync_report(report: &Report, ruleset_of: RulesetOf<'_>, lang: Lang) -> String {
    let mut s = String::new();
    for c in &report.cleared {
        s.push_str(&cleared_line(c, lang));
        s.push('\n');
    }
    if let Some(c) = &report.committed {
        s.push_str(&pick(
            lang,
            format!("commit: {c}\n"),
            format!("committed: {c}\n"),
        ));
    }
    if report.incoming.is_empty() {
        s.push_str(&pick(lang, "รับเข้า: ไม่มี\n".into(), "in: nothing\n".into()));
    }
    for i in &report.incoming {
        let by = if i.authors.is_empty() {
            String::new()
        } else {
            format!(" ({})", i.authors.join(", "))
        };
        let what = match (i.added, i.removed) {
            (true, _) => pick(lang, "ใหม่".into(), "added".into()),
            (_, true) => pick(lang, "ลบ".into(), "removed".into()),
            _ => pick(lang, "เปลี่ยน".into(), "changed".into()),
        };
        s.push_str(&pick(
            lang,
            format!("รับเข้า: {what} {} [{}]{by}\n", i.name, i.id),
            format!("in: {what} {} [{}]{by}\n", i.name, i.id),
        ));
        if !i.added {
            let rs = ruleset_of(&i.id);
            for c in &i.changes {
                s.push_str(&format!("  {}\n", change_line(c, rs.as_deref(), lang)));
            }
        }
    }
    if report.outgoing.is_empty() {
        s.push_str(&pick(lang, "ส่งออก: ไม่มี\n".into(), "out: nothing\n".into()));
    }
    for o in &report.outgoing {
        s.push_str(&pick(lang, format!("ส่งออก: {o}\n"), format!("out: {o}\n")));
    }
    s
}

/// The files a sync left out of its commit (not committed, not sent), a line each.
pub fn sync_uncommitted(report: &Report, lang: Lang) -> Vec<String> {
    let mut lines = problem_lines(&report.uncommitted, lang);
    if !lines.is_empty() {
        lines.push(pick(
            lang,
            "ไฟล์ข้างต้นไม่ถูก commit และไม่ถูกส่งออก (ส่วนอื่นส่งแล้ว): แก้ไข (หรือย้ายออกจาก assessments/) แล้วสั่ง xal sync อีกครั้ง".into(),
            "the files above were not committed or sent (the rest was): fix them (or move them out of assessments/), then run xal sync again".into(),
        ));
    }
    lines
}

/// The conflicts a sync left to resolve, a line each (empty when there are none), then the
/// files it left out of its commit ([`sync_uncommitted`]).
pub fn sync_conflicts(report: &Report, lang: Lang) -> Vec<String> {
    let mut lines = sync_conflict_lines(report, lang);
    lines.extend(sync_uncommitted(report, lang));
    lines
}

fn sync_conflict_lines(report: &Report, lang: Lang) -> Vec<String> {
    report
        .conflicts
        .iter()
        .map(|(file, keys)| {
            pick(
                lang,
                format!(
                    "{file}: ขัดแย้ง {}: เลือกค่าในหน้าจอ xal แล้ว xal sync",
                    keys.join(", ")
                ),
                format!(
                    "{file}: conflicts on {}: choose a value in xal, then xal sync",
                    keys.join(", ")
                ),
            )
        })
        .collect()
}

/// The exit status `xal sync` gives when what a repository would bring in or send out is
/// refused (README, exit codes).
pub const REFUSED: u8 = 4;

/// Why a sync stopped and what to run, with the exit status `xal sync` gives for it: the lines
/// joined (for the interface's popup).
pub fn sync_error(e: &SyncError, lang: Lang) -> (u8, String) {
    let (code, lines) = sync_error_lines(e, lang);
    (code, lines.join("\n"))
}

/// [`sync_error`] a line each: one per file refused, then what happened and what to run.
pub fn sync_error_lines(e: &SyncError, lang: Lang) -> (u8, Vec<String>) {
    let th = lang == Lang::Th;
    let with = |mut lines: Vec<String>, last: String| {
        lines.push(last);
        lines
    };
    match e {
        SyncError::Blocked(b) => (1, vec![b.say(th)]),
        SyncError::NoRemote { .. } => (1, vec![pick(
            lang,
            "commit งานไว้แล้ว แต่ยังไม่มี remote: สั่ง xal repo init --remote URL".into(),
            "work is committed, but there is no remote to sync with: run xal repo init --remote URL".into(),
        )]),
        SyncError::Unreachable { message, ahead, .. } => (1, vec![pick(
            lang,
            format!("ติดต่อ remote ไม่ได้ ({message}); งานถูก commit ไว้ในเครื่องนี้แล้ว ({ahead} commit ที่ยังไม่ได้ส่ง): สั่ง xal sync อีกครั้งเมื่อติดต่อได้"),
            format!("the remote cannot be reached ({message}); your work is committed here ({ahead} commit(s) not sent yet): run xal sync again when it can be reached"),
        )]),
        SyncError::Refused { message } => (1, vec![pick(
            lang,
            format!("remote ปฏิเสธการส่งอีกครั้งหลังรวมแล้ว ({message}): สั่ง xal sync อีกครั้ง"),
            format!("the remote refused the push again after merging ({message}): run xal sync again"),
        )]),
        SyncError::LineConflicts(files) => (3, vec![pick(
            lang,
            format!("รวมตามความหมายไม่ได้: {} มีเครื่องหมายขัดแย้ง แก้ไข git add แล้ว git commit จากนั้น xal sync", files.join(", ")),
            format!("could not merge by meaning: {} hold conflict markers; edit them, git add them, git commit, then xal sync", files.join(", ")),
        )]),
        SyncError::Incoming { remote, problems } => {
            let r = visible(remote);
            (REFUSED, with(problem_lines(problems, lang), pick(
                lang,
                format!("xal sync ไม่รับสิ่งที่ {r} จะนำเข้ามา: ไม่มีการรวมใด ๆ branch และไฟล์ของคุณยังเหมือนเดิม (งานของคุณยังอยู่ในเครื่องนี้ ยังไม่ได้ส่ง): ให้ผู้เขียนแก้บน {r} แล้วสั่ง xal sync อีกครั้ง"),
                format!("xal sync refused what {r} brings in: nothing was merged, your branch and files are as they were (your own work stays here, not sent): ask the author to fix it on {r}, then run xal sync again"),
            )))
        }
        SyncError::Outgoing { problems } => (REFUSED, with(problem_lines(problems, lang), pick(
            lang,
            "xal sync ไม่ส่งสิ่งที่ xal ของผู้ประเมินคนอื่นจะไม่รับ: ไม่มีสิ่งใดถูกส่งออก: แก้ใน commit ใหม่ (git rm ไฟล์ หรือแก้ไฟล์แล้ว git commit) แล้วสั่ง xal sync อีกครั้ง".into(),
            "xal sync sends nothing another assessor's xal would refuse, so nothing was sent: fix it in a new commit (git rm the file, or fix it and git commit), then run xal sync again".into(),
        ))),
        SyncError::BrokenMerge { remote, problems } => {
            let r = visible(remote);
            let lines = problems
                .iter()
                .take(SHOWN)
                .map(|p| pick(
                    lang,
                    format!("ขัดแย้ง: การรวมกับ {r} ให้ {}", problem_line(p, lang)),
                    format!("conflict: merging with {r} gives {}", problem_line(p, lang)),
                ))
                .collect();
            (3, with(lines, pick(
                lang,
                format!("ยกเลิกการรวมแล้ว ไม่มีสิ่งใดถูก commit หรือส่งออก ไฟล์ของคุณยังเหมือนเดิม: รวมเอง (git merge {r} แก้ไฟล์ให้ xal อ่านได้ git add แล้ว git commit) หรือให้ผู้เขียนแก้ จากนั้นสั่ง xal sync"),
                format!("the merge was undone; nothing was committed or sent and your files are as they were: merge by hand (git merge {r}, fix the file so that xal reads it, git add it, git commit) or ask its author, then run xal sync"),
            )))
        }
        SyncError::Uncommitted { remote, problems } => {
            let r = visible(remote);
            (2, with(problem_lines(problems, lang), pick(
                lang,
                format!("ไฟล์ข้างต้นไม่ถูก commit และ {r} ก็เปลี่ยนไฟล์เดียวกัน จึงไม่มีการรวมใด ๆ: แก้ไฟล์ (หรือทิ้งการแก้ด้วย git checkout -- FILE) แล้วสั่ง xal sync อีกครั้ง"),
                format!("the files above are not committed and {r} changes them too, so nothing was merged: fix them (or drop your edit with git checkout -- FILE), then run xal sync again"),
            )))
        }
        SyncError::Git(g) => (1, vec![g.to_string()]),
    }
}

/// An assessment's history as `xal history ID` prints it: newest first, each commit's date,
/// author and short hash, then the answers it changed.
pub fn history_text(entries: &[Entry], rs: Option<&Ruleset>, lang: Lang) -> String {
    let mut s = String::new();
    for e in entries {
        let short: String = e.commit.hash.chars().take(8).collect();
        s.push_str(&format!(
            "{}  {}  {short}\n",
            e.commit.date, e.commit.author
        ));
        let word = match (lang, e.created, e.removed) {
            (Lang::Th, true, _) => Some("  (สร้างใหม่)"),
            (Lang::En, true, _) => Some("  (created)"),
            (Lang::Th, _, true) => Some("  (ลบออก)"),
            (Lang::En, _, true) => Some("  (removed)"),
            _ => None,
        };
        if let Some(w) = word {
            s.push_str(w);
            s.push('\n');
        }
        if let Some(b) = &e.broken {
            s.push_str(&format!("  {b}\n"));
        }
        for c in &e.changes {
            s.push_str(&format!("  {}\n", change_line(c, rs, lang)));
        }
    }
    s
}

/// An assessment with no commit yet has no history.
pub fn no_commit_yet(id: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("ยังไม่มี commit ของ {id}: สั่ง xal sync หรือ git commit ก่อน"),
        format!("no commit of {id} yet: run xal sync (or git commit) first"),
    )
}

/// The interface's commit ([`crate::git::commit_for_interface`]) as one line: what was
/// committed, and the files left out by name (or, when nothing was committed, the error).
pub fn commit_for_interface(data_dir: &std::path::Path) -> Result<Option<String>, String> {
    let Some(pending) = crate::git::commit_for_interface(data_dir)? else {
        return Ok(None);
    };
    if pending.uncommitted.is_empty() {
        return Ok(pending.committed);
    }
    let left: Vec<String> = pending
        .uncommitted
        .iter()
        .map(|p| problem_line(p, Lang::En))
        .collect();
    let left = format!("left out (fix them, then xal sync): {}", left.join("; "));
    match pending.committed {
        Some(c) => Ok(Some(format!("{c}; {left}"))),
        None => Err(left),
    }
}

/// What the interface's sync popup says: the same report as `xal sync`, then the conflicts it
/// left, or why it failed.
pub fn sync_outcome(
    r: &Result<Report, SyncError>,
    ruleset_of: RulesetOf<'_>,
    lang: Lang,
) -> String {
    match r {
        Ok(report) => {
            let mut t = sync_report(report, ruleset_of, lang);
            for line in sync_conflicts(report, lang) {
                t.push_str(&line);
                t.push('\n');
            }
            t
        }
        Err(e) => sync_error(e, lang).1,
    }
}

/// What the history popup says of `id`: the same text as `xal history`.
pub fn history_or_none(
    id: &str,
    entries: &[Entry],
    ruleset_of: RulesetOf<'_>,
    lang: Lang,
) -> String {
    if entries.is_empty() {
        no_commit_yet(id, lang)
    } else {
        history_text(entries, ruleset_of(id).as_deref(), lang)
    }
}
