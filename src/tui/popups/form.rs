//! The new / edit / copy form.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::hint_line;
use crate::app::popup::form::{self as state, Form, FormMode};
use crate::app::{Action, Context};
use crate::tui::i18n::{self, Msg};
use crate::tui::keys::keymap::chain;
use crate::tui::paint::Ctx;
use crate::tui::widgets::centred;
use crate::tui::widgets::{text_input, wrap};

const HINTS_TEXT: &[Action] = &[Action::FocusNext, Action::Choose, Action::Back];
const HINTS_SELECT: &[Action] = &[
    Action::Right,
    Action::FocusNext,
    Action::Choose,
    Action::Back,
];

pub fn contexts(f: &Form) -> &'static [Context] {
    if f.focus == state::RULESET {
        chain(Context::Select)
    } else {
        chain(Context::Form)
    }
}

pub fn hints(f: &Form) -> &'static [Action] {
    if f.focus == state::RULESET && f.mode == FormMode::New {
        HINTS_SELECT
    } else {
        HINTS_TEXT
    }
}

pub fn area(screen: Rect) -> Rect {
    centred(screen, 70, 12)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, form: &Form, area: Rect) {
    let theme = cx.theme;
    let app = cx.app;
    let title = match form.mode {
        FormMode::New => cx.t(Msg::NewService).to_string(),
        FormMode::Edit(_) => cx.t(Msg::EditService).to_string(),
        FormMode::Copy(_) => cx.t(Msg::CopyService).to_string(),
    };
    let block = theme.block(title, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let labels = [
        cx.t(Msg::FieldName),
        cx.t(Msg::FieldAgency),
        cx.t(Msg::FieldDescription),
        cx.t(Msg::FieldRuleset),
    ];
    let label_w = labels.iter().map(|l| wrap::width(l)).max().unwrap_or(8) as u16 + 2;
    for (i, label) in labels.iter().enumerate() {
        let y = inner.y + (i as u16) * 2;
        if y >= inner.bottom() {
            break;
        }
        let style = if form.focus == i {
            theme.key
        } else {
            theme.text
        };
        frame.render_widget(
            Lines::new(format!("{label}:")).style(style),
            Rect::new(inner.x, y, label_w.min(inner.width), 1),
        );
        let field_area = Rect::new(
            inner.x + label_w.min(inner.width),
            y,
            inner.width.saturating_sub(label_w),
            1,
        );
        if let Some(field) = form.fields.get(i) {
            text_input::render(field, frame, field_area, theme.selection, form.focus == i);
        } else {
            let name = match &form.mode {
                FormMode::New => app
                    .registry
                    .entries
                    .get(form.ruleset)
                    .map(|e| format!("◂ {} {} ▸", e.ruleset.id, e.ruleset.version))
                    .unwrap_or_default(),
                _ => cx.t(Msg::Unchanged).to_string(),
            };
            frame.render_widget(
                Lines::new(name).style(if form.focus == state::RULESET {
                    theme.selection
                } else {
                    theme.text
                }),
                field_area,
            );
        }
    }
    let y = inner.y + 8;
    if y < inner.bottom() {
        let row = Rect::new(inner.x, y, inner.width, 1);
        match &form.error {
            Some(e) => {
                frame.render_widget(Lines::new(i18n::say(e, cx.lang)).style(theme.error), row)
            }
            None => frame.render_widget(
                Lines::new(hint_line(cx, contexts(form), hints(form), row.width)),
                row,
            ),
        }
    }
}
