//! The interface's way to the reports: export (`x`), what would change the level (`w`) and
//! compare (`C`). Each ends in a text the user reads in a scrollable box.

use super::state::{App, Dialog};
use crate::engine::whatif;
use crate::report;
use crate::store::ScanEntry;
use crate::text::Lang;

/// What a line of a pick list does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    ExportMd,
    ExportHtml,
    ExportJson,
    CompareWith(String),
    Reevaluate(String),
}

fn l(lang: Lang, th: &str, en: &str) -> String {
    match lang {
        Lang::Th => th.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The id of the assessment these act on: the open one, else the selected one.
fn subject(app: &App) -> Option<String> {
    if let Some(o) = &app.open {
        return Some(o.loaded.assessment.id.clone());
    }
    match app.selected_entry() {
        Some(ScanEntry::Ok(s)) => Some(s.id.clone()),
        _ => None,
    }
}

pub fn open_export(app: &mut App) {
    if subject(app).is_none() {
        return;
    }
    app.dialog = Some(Dialog::Pick {
        title: l(app.lang, "ส่งออกรายงาน", "Export a report"),
        items: vec![
            ("Markdown (.md)".into(), Pick::ExportMd),
            ("HTML (.html, A4)".into(), Pick::ExportHtml),
            ("JSON (.json)".into(), Pick::ExportJson),
        ],
        selected: 0,
    });
}

pub fn open_compare(app: &mut App) {
    let Some(id) = subject(app) else { return };
    let mut items: Vec<(String, Pick)> = app
        .entries()
        .iter()
        .filter_map(|e| match e {
            ScanEntry::Ok(s) if s.id != id => Some((
                format!("{} — {}", s.service_name, s.ruleset_id),
                Pick::CompareWith(s.id.clone()),
            )),
            _ => None,
        })
        .collect();
    let own = app
        .open
        .as_ref()
        .map(|o| o.session.ruleset.id.clone())
        .unwrap_or_default();
    for e in &app.registry.entries {
        if e.ruleset.id != own {
            items.push((
                format!(
                    "{} {}",
                    l(app.lang, "ประเมินใหม่ด้วย", "re-evaluate under"),
                    e.ruleset.id
                ),
                Pick::Reevaluate(e.ruleset.id.clone()),
            ));
        }
    }
    app.dialog = Some(Dialog::Pick {
        title: l(app.lang, "เปรียบเทียบกับ", "Compare with"),
        items,
        selected: 0,
    });
}

pub fn open_whatif(app: &mut App) {
    let Some(o) = &app.open else { return };
    let rs = &o.session.ruleset;
    let sets = whatif::what_would_change_set(rs, &o.session.doc.answers);
    let text = report::whatif::changes_text(rs, &sets, app.lang);
    app.dialog = Some(Dialog::Text {
        title: l(app.lang, "อะไรจะเปลี่ยนระดับ", "What would change the level"),
        lines: text.lines().map(str::to_string).collect(),
        scroll: 0,
    });
}

pub fn carry_out(app: &mut App, pick: Pick) {
    let Some(id) = subject(app) else { return };
    let loaded = match app.store.load(&id) {
        Ok(l) => l,
        Err(e) => {
            app.flash = Some(e.to_string());
            return;
        }
    };
    // The open assessment is saved at every change, so the file is what the screen shows.
    let a = loaded.assessment;
    let Some(rs) = app.registry.get(&a.ruleset.id).cloned() else {
        return;
    };
    let eval = crate::engine::evaluate_set(&rs, &a.answers);
    let lang = app.lang;
    match pick {
        Pick::ExportMd | Pick::ExportHtml | Pick::ExportJson => {
            let (ext, text) = match pick {
                Pick::ExportMd => (
                    "md",
                    report::markdown::render(&report::build::report(&a, &rs, &eval, lang)),
                ),
                Pick::ExportHtml => (
                    "html",
                    report::html::render(&report::build::report(&a, &rs, &eval, lang), lang),
                ),
                _ => (
                    "json",
                    serde_json::to_string_pretty(&report::json::report(&a, &rs, &eval, lang))
                        .unwrap_or_default()
                        + "\n",
                ),
            };
            let path = app.store.data_dir().join("exports").join(format!(
                "{}-{}.{ext}",
                a.id,
                lang.code()
            ));
            let (title, lines) = match write_export(&path, &text) {
                Ok(()) => (
                    l(lang, "ส่งออกแล้ว", "Exported"),
                    vec![path.display().to_string()],
                ),
                Err(e) => (
                    l(lang, "ส่งออกไม่สำเร็จ", "Export failed"),
                    vec![format!("{}: {e}", path.display())],
                ),
            };
            app.dialog = Some(Dialog::Text {
                title,
                lines,
                scroll: 0,
            });
        }
        Pick::CompareWith(other) => {
            let Ok(b) = app.store.load(&other) else {
                return;
            };
            let b = b.assessment;
            let Some(brs) = app.registry.get(&b.ruleset.id).cloned() else {
                return;
            };
            let cmp = report::diff::compare(
                &a.id,
                &a.service.name,
                &rs,
                &a.answers,
                &b.id,
                &b.service.name,
                &brs,
                &b.answers,
                lang,
            );
            show_text(app, l(lang, "เปรียบเทียบ", "Compare"), &cmp.text(lang));
        }
        Pick::Reevaluate(other) => {
            let Some(ors) = app.registry.get(&other).cloned() else {
                return;
            };
            let cmp = report::diff::reevaluate(&a.id, &a.service.name, &rs, &a.answers, &ors, lang);
            show_text(app, l(lang, "ประเมินใหม่", "Re-evaluation"), &cmp.text(lang));
        }
    }
}

fn show_text(app: &mut App, title: String, text: &str) {
    app.dialog = Some(Dialog::Text {
        title,
        lines: text.lines().map(str::to_string).collect(),
        scroll: 0,
    });
}

/// Atomic, like every other file xal writes: a report is whole or absent.
fn write_export(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    if text.trim().is_empty() {
        return Err(std::io::Error::other("the report came out empty"));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::store::write_file_atomic(path, text.as_bytes())
}
