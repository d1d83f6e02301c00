//! `x`: a report of the highlighted or open assessment into `<data dir>/exports/`.

use super::Popup;
use super::menu::{Menu, Moved};
use super::message::Message;
use crate::app::App;
use crate::app::action::Action;
use crate::app::event::{Effect, Env};
use crate::app::say::{Say, Title};
use crate::report;

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

pub fn open(app: &mut App) {
    // A report holds the levels: refused as `xal export` refuses, from any dialog.
    if app.refuse_if_hidden(Title::ExportFailed, "export") {
        return;
    }
    let Some(id) = app.subject_id() else { return };
    app.popup = Some(Popup::Export(Export {
        menu: Menu::new(Format::ALL.to_vec()),
        id,
    }));
}

pub(super) fn handle(app: &mut App, mut p: Export, action: Action, env: &Env) -> Option<Popup> {
    match p.menu.apply(action) {
        Moved::Chosen(format) => {
            carry_out(app, &p.id, format, env);
            None
        }
        Moved::Stay if action == Action::Back => None,
        Moved::Stay => Some(Popup::Export(p)),
    }
}

fn carry_out(app: &mut App, id: &str, format: Format, env: &Env) {
    let (a, rs) = match app.subject_assessment(id, env) {
        Ok(found) => found,
        Err(say) => {
            app.popup = Some(Popup::Message(Message::new(Title::ExportFailed, vec![say])));
            return;
        }
    };
    let eval = crate::engine::evaluate_set(&rs, &a.answers);
    let lang = app.lang;
    let bytes = match format {
        Format::Markdown => {
            report::markdown::render(&report::build::report(&a, &rs, &eval, lang, env.now))
                .into_bytes()
        }
        Format::Html => {
            report::html::render(&report::build::report(&a, &rs, &eval, lang, env.now), lang)
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
                    app.popup = Some(Popup::Message(Message::new(
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
        app.popup = Some(Popup::Message(Message::new(
            Title::ExportFailed,
            vec![Say::ReportEmpty],
        )));
        return;
    }
    app.effects.push(Effect::Export {
        file_name: format!("{}-{}.{}", a.id, lang.code(), format.extension()),
        bytes,
    });
}
