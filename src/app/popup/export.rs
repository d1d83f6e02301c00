//! `x`: a report of the highlighted or open assessment into `<data dir>/exports/`.

use std::sync::Arc;

use super::menu::{Menu, Moved};
use super::message::Message;
use super::{Ask, Popup, Reply};
use crate::app::App;
use crate::app::action::Action;
use crate::app::event::Effect;
use crate::app::load::Then;
use crate::app::say::{Say, Title};
use crate::report;
use crate::ruleset::Ruleset;
use crate::store::Assessment;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
    /// The workbook `xal export --format xlsx` writes: the assessment's rows and its answers.
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Html, Format::Json, Format::Xlsx];

    /// The words the picker shows for it, which are also what its filter finds it by.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown (.md)",
            Format::Html => "HTML (.html, A4)",
            Format::Json => "JSON (.json)",
            Format::Xlsx => "Excel (.xlsx)",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub menu: Menu<Format>,
    /// The assessment to export.
    pub id: String,
}

/// The dialog for what the focus is on; none when there is nothing to export.
pub fn open(app: &App) -> Option<Popup> {
    // A report holds the levels: refused as `xal export` refuses, from any dialog.
    if let Some(refused) = app.refusal_if_hidden(Title::ExportFailed, "export") {
        return Some(refused);
    }
    let id = app.subject_id()?;
    Some(Popup::Export(Export {
        menu: Menu::new(Format::ALL.to_vec(), |f| f.label().to_string()),
        id,
    }))
}

pub(super) fn handle(mut p: Export, action: Action) -> Reply {
    match p.menu.apply(action) {
        // Written once the assessment is at hand (its file read, unless it is open).
        Moved::Chosen(format) => Reply::close().ask(Ask::WithSubject {
            id: p.id,
            then: Then::Export(format),
        }),
        Moved::Stay if action == Action::Back => Reply::close(),
        Moved::Stay => Reply::stay(Popup::Export(p)),
    }
}

/// The report of `found` in `format`, for the worker to write.
pub(crate) fn with(app: &mut App, format: Format, found: Result<(Assessment, Arc<Ruleset>), Say>) {
    let (a, rs) = match found {
        Ok(found) => found,
        Err(say) => {
            app.show(Popup::Message(Message::new(Title::ExportFailed, vec![say])));
            return;
        }
    };
    let now = app.now;
    let eval = crate::engine::evaluate_set(&rs, &a.answers);
    let lang = app.lang;
    let bytes = match format {
        Format::Markdown => {
            report::markdown::render(&report::build::report(&a, &rs, &eval, lang, now)).into_bytes()
        }
        Format::Html => {
            report::html::render(&report::build::report(&a, &rs, &eval, lang, now), lang)
                .into_bytes()
        }
        Format::Json => {
            let json = serde_json::to_string_pretty(&report::json::report(&a, &rs, &eval, lang))
                .unwrap_or_default();
            // The same bytes `xal export --format json` writes.
            (crate::text::json_escaped(&json).into_owned() + "\n").into_bytes()
        }
        Format::Xlsx => {
            // The same workbook as `xal export --format xlsx`.
            match report::xlsx::one(&a, &rs, &eval, lang) {
                Ok(bytes) => bytes,
                Err(why) => {
                    app.show(Popup::Message(Message::new(
                        Title::ExportFailed,
                        vec![Say::ReportFailed(why)],
                    )));
                    return;
                }
            }
        }
    };
    // An empty report is a failure to say, never a file to leave behind.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        app.show(Popup::Message(Message::new(
            Title::ExportFailed,
            vec![Say::ReportEmpty],
        )));
        return;
    }
    app.effects.push(Effect::Export {
        file_name: file_name(&a, lang, format),
        bytes,
    });
}

/// `exports/<service>-<id's last 6>-<lang>.<ext>`: found by the service's name in a file
/// manager, still one file per assessment (two services may share a name). The name's
/// letters and digits are kept whole with their marks (Thai stays Thai); anything else
/// becomes one `-`.
pub(crate) fn file_name(
    a: &crate::store::Assessment,
    lang: crate::text::Lang,
    format: Format,
) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mut slug = String::new();
    for g in a.service.name.graphemes(true).take(48) {
        if g.chars().next().is_some_and(char::is_alphanumeric) {
            slug.push_str(g);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let tail = &a.id[a.id.len().saturating_sub(6)..];
    let stem = if slug.is_empty() {
        a.id.clone()
    } else {
        format!("{slug}-{tail}")
    };
    format!("{stem}-{}.{}", lang.code(), format.extension())
}

#[cfg(test)]
mod names {
    use super::*;
    use crate::store::{Assessment, RulesetRef, Service};

    fn named(name: &str) -> Assessment {
        let mut a = Assessment::new(
            Service {
                name: name.into(),
                ..Default::default()
            },
            RulesetRef::default(),
            crate::answers::AnswerSet::Single(Default::default()),
            chrono::DateTime::parse_from_rfc3339("2026-01-01T09:00:00+07:00").unwrap(),
        );
        a.id = "01JDQ4Y7V8KX0M5T3ZB2N6C9RA".into();
        a
    }

    #[test]
    fn an_export_is_named_by_its_service() {
        use crate::text::Lang;
        assert_eq!(
            file_name(&named("Tax e-filing: personal"), Lang::En, Format::Markdown),
            "Tax-e-filing-personal-N6C9RA-en.md"
        );
        assert_eq!(
            file_name(&named("ยื่นแบบภาษี / ออนไลน์"), Lang::Th, Format::Html),
            "ยื่นแบบภาษี-ออนไลน์-N6C9RA-th.html"
        );
        // Nothing to name it by: the id.
        assert_eq!(
            file_name(&named("../"), Lang::En, Format::Json),
            "01JDQ4Y7V8KX0M5T3ZB2N6C9RA-en.json"
        );
    }
}
