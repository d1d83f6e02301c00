//! "Are you sure?": delete, remove a group, write over the other version, void a sign-off.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;

use std::borrow::Cow;

use super::hint_line;
use crate::app::popup::confirm::{About, Confirm};
use crate::app::{Action, Context};
use crate::tui::hints;
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::{centred, para};

pub const CONTEXTS: &[Context] = &[Context::Confirm, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Yes, Action::No];
/// Before voiding a sign-off the footer offers no alone: the shared word for yes there is
/// "yes, delete", and the dialog's own line says what yes does.
pub const VOID_HINTS: &[Action] = &[Action::No];

pub fn hints(c: &Confirm) -> &'static [Action] {
    match c.about {
        About::VoidApproval(_) => VOID_HINTS,
        _ => HINTS,
    }
}

pub fn area(c: &Confirm, screen: Rect) -> Rect {
    match c.about {
        // A longer sentence: who signed it, and what a change does.
        About::VoidApproval(_) => centred(screen, 60, 9),
        _ => centred(screen, 60, 7),
    }
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, c: &Confirm, area: Rect) {
    let theme = cx.theme;
    let (title, body) = match &c.about {
        About::Delete { name, .. } => (
            Msg::ConfirmDeleteTitle,
            format!("{} «{name}»", cx.t(Msg::ConfirmDeleteBody)),
        ),
        About::RemoveGroup { name } => (
            Msg::RemoveGroupTitle,
            format!("{} «{name}»", cx.t(Msg::RemoveGroupBody)),
        ),
        About::Overwrite { service } => (
            Msg::OverwriteTitle,
            format!("{} «{service}»", cx.t(Msg::OverwriteBody)),
        ),
        About::VoidApproval(h) => (
            if h.step == "reviewed" {
                Msg::VoidReviewTitle
            } else {
                Msg::VoidApprovalTitle
            },
            crate::tui::i18n::void_approval(h, cx.lang),
        ),
    };
    let block = theme.block(cx.t(title).to_string(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut text = para(&body, inner.width as usize, theme.text);
    let hints = match &c.about {
        About::VoidApproval(_) => {
            let mut h = hints::hints(cx.keymap, CONTEXTS, HINTS, cx.lang);
            for hint in &mut h {
                if hint.action == Action::Yes {
                    hint.label = Cow::Borrowed(cx.t(Msg::YesChangeIt));
                }
            }
            hints::line(h, theme.key, usize::from(inner.width)).style(theme.muted)
        }
        _ => hint_line(cx, CONTEXTS, HINTS, inner.width),
    };
    text.push(hints.style(theme.key));
    frame.render_widget(Lines::new(text), inner);
}
