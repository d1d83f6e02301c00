//! The new / edit / copy form.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{hint_line, menu};
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
    Action::Filter,
    Action::FocusNext,
    Action::Choose,
    Action::Back,
];

pub fn contexts(f: &Form) -> &'static [Context] {
    if f.picker.is_some() {
        menu::CONTEXTS
    } else if f.focus == state::RULESET {
        chain(Context::Select)
    } else {
        chain(Context::Form)
    }
}

pub fn hints(f: &Form) -> &'static [Action] {
    if f.picker.is_some() {
        menu::HINTS
    } else if f.focus == state::RULESET && f.mode == FormMode::New {
        HINTS_SELECT
    } else {
        HINTS_TEXT
    }
}

pub fn area(f: &Form, screen: Rect) -> Rect {
    match &f.picker {
        Some(m) => menu::area(m.items.len(), screen),
        None => centred(screen, 70, 12),
    }
}

/// Draws the form, or the ruleset picker over it; returns the picker's rows, for its page.
pub fn draw(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    form: &Form,
    area: Rect,
) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let app = cx.app;
    if let Some(m) = &form.picker {
        return menu::draw(
            frame,
            cx,
            cx.t(Msg::FieldRuleset).to_string(),
            m,
            |&i: &usize| {
                app.registry
                    .entries
                    .get(i)
                    .map(|e| state::ruleset_label(&e.ruleset, cx.lang))
                    .unwrap_or_default()
            },
            area,
        );
    }
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
    None
}
