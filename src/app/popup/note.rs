//! The note on the current question, typed over several lines.

use super::{Ask, Popup, Reply};
use crate::app::App;
use crate::app::action::Action;
use crate::app::text_input::TextInput;

/// The dialog's size on a large screen; the view draws it so, and the field wraps at the
/// width it gets.
pub const WIDTH: u16 = 70;
pub const HEIGHT: u16 = 10;

/// The cells of the text area on a screen this wide: the box less its borders.
pub fn field_width(screen_width: u16) -> usize {
    usize::from(WIDTH.min(screen_width.saturating_sub(2)).max(10)).saturating_sub(2)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub field: TextInput,
    /// The question it belongs to, by id (the title shows it).
    pub question: String,
}

/// The note of the current question; none without an assessment open.
pub fn open(app: &App) -> Option<Popup> {
    let open = app.open.as_ref()?;
    let s = &open.session;
    let text = s.note(s.cursor.question).unwrap_or("");
    let mut field = TextInput::multi_line().with_text(text);
    field.set_wrap_width(field_width(app.viewport.0));
    let question = s.ruleset.questions[s.cursor.question].id.clone();
    Some(Popup::Note(Note { field, question }))
}

pub(super) fn handle(mut p: Note, action: Action) -> Reply {
    match action {
        Action::Back => Reply::close(),
        Action::Choose => Reply::close().ask(Ask::SetNote(p.field.text().to_string())),
        other => {
            p.field.apply(other);
            Reply::stay(Popup::Note(p))
        }
    }
}
