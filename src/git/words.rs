//! What `xal sync` and `xal history` say, in Thai or English: one text for the command line
//! and the interface, so the interface's sync key and history popup say exactly what the
//! commands do.

use super::history::Entry;
use super::sync::{Report, SyncError};
use crate::text::Lang;

fn pick(lang: Lang, th: String, en: String) -> String {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

/// What came in and what went out, a line each (the standard output of `xal sync`).
pub fn sync_report(report: &Report, lang: Lang) -> String {
    let mut s = String::new();
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
            for c in &i.changes {
                s.push_str(&format!("  {}\n", c.line()));
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

/// The conflicts a sync left to resolve, a line each (empty when there are none).
pub fn sync_conflicts(report: &Report, lang: Lang) -> Vec<String> {
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

/// Why a sync stopped and what to run, with the exit status `xal sync` gives for it.
pub fn sync_error(e: &SyncError, lang: Lang) -> (u8, String) {
    let th = lang == Lang::Th;
    match e {
        SyncError::Blocked(b) => (1, b.say(th)),
        SyncError::NoRemote { .. } => (1, pick(
            lang,
            "commit งานไว้แล้ว แต่ยังไม่มี remote: สั่ง xal repo init --remote URL".into(),
            "work is committed, but there is no remote to sync with: run xal repo init --remote URL".into(),
        )),
        SyncError::Unreachable { message, ahead, .. } => (1, pick(
            lang,
            format!("ติดต่อ remote ไม่ได้ ({message}); งานถูก commit ไว้ในเครื่องนี้แล้ว ({ahead} commit ที่ยังไม่ได้ส่ง): สั่ง xal sync อีกครั้งเมื่อติดต่อได้"),
            format!("the remote cannot be reached ({message}); your work is committed here ({ahead} commit(s) not sent yet): run xal sync again when it can be reached"),
        )),
        SyncError::Refused { message } => (1, pick(
            lang,
            format!("remote ปฏิเสธการส่งอีกครั้งหลังรวมแล้ว ({message}): สั่ง xal sync อีกครั้ง"),
            format!("the remote refused the push again after merging ({message}): run xal sync again"),
        )),
        SyncError::LineConflicts(files) => (3, pick(
            lang,
            format!("รวมตามความหมายไม่ได้: {} มีเครื่องหมายขัดแย้ง แก้ไข git add แล้ว git commit จากนั้น xal sync", files.join(", ")),
            format!("could not merge by meaning: {} hold conflict markers; edit them, git add them, git commit, then xal sync", files.join(", ")),
        )),
        SyncError::Git(g) => (1, g.to_string()),
    }
}

/// An assessment's history as `xal history ID` prints it: newest first, each commit's date,
/// author and short hash, then the answers it changed.
pub fn history_text(entries: &[Entry], lang: Lang) -> String {
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
            s.push_str(&format!("  {}\n", c.line()));
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
