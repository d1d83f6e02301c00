//! `D`: the acceptance statement of the user group being answered, one row per level, text and
//! control part; the field being edited opens under its row.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::hint_line_where;
use crate::answers::{ControlPart, StatementText};
use crate::app::popup::statement::{
    self as state, EDITOR_HEIGHT, EDITOR_INDENT, Row, Section, Statement,
};
use crate::app::{Action, Context};
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::text_input;
use crate::tui::widgets::{truncate, wrap};

pub const CONTEXTS: &[Context] = &[Context::Statement, Context::Dialog];
/// While a field is typed.
const EDITING: &[Context] = &[Context::Text, Context::Dialog];

pub const HINTS: &[Action] = &[
    Action::Choose,
    Action::Right,
    Action::Left,
    Action::AddCompensating,
    Action::AddSupplemental,
    Action::Delete,
    Action::Undo,
    Action::Back,
];
const EDITING_HINTS: &[Action] = &[Action::Choose, Action::NewLine, Action::Back];

pub fn contexts(s: &Statement) -> &'static [Context] {
    if s.editing.is_some() {
        EDITING
    } else {
        CONTEXTS
    }
}

pub fn hints(s: &Statement) -> &'static [Action] {
    if s.editing.is_some() {
        EDITING_HINTS
    } else {
        HINTS
    }
}

/// The whole screen when it is small; a large one keeps a margin.
pub fn area(screen: Rect) -> Rect {
    let w = if screen.width < 100 {
        screen.width
    } else {
        state::WIDTH
    };
    let h = if screen.height < 32 {
        screen.height
    } else {
        screen.height - 6
    };
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

fn text_label(f: StatementText) -> Msg {
    match f {
        StatementText::Rationale => Msg::Rationale,
        StatementText::Privacy => Msg::Privacy,
        StatementText::Experience => Msg::Experience,
        StatementText::Threats => Msg::Threats,
        StatementText::Cost => Msg::Cost,
        StatementText::Provider => Msg::Provider,
        StatementText::ProviderDias => Msg::ProviderDias,
        StatementText::Evaluation => Msg::Evaluation,
        StatementText::Redress => Msg::Redress,
    }
}

fn part_label(p: ControlPart) -> Msg {
    match p {
        ControlPart::Control => Msg::ControlName,
        ControlPart::Replaces => Msg::Replaces,
        ControlPart::Why => Msg::Why,
        ControlPart::Comparability => Msg::Comparability,
        ControlPart::Residual => Msg::Residual,
        ControlPart::Privacy => Msg::Privacy,
        ControlPart::Experience => Msg::Experience,
        ControlPart::Threats => Msg::Threats,
    }
}

fn section_label(s: Section) -> Msg {
    match s {
        Section::Compensating => Msg::Compensating,
        Section::Supplemental => Msg::Supplemental,
    }
}

fn section_action(s: Section) -> Action {
    match s {
        Section::Compensating => Action::AddCompensating,
        Section::Supplemental => Action::AddSupplemental,
    }
}

/// A row's label, in the label column (a heading has none: it takes the whole line).
fn label(cx: &Ctx<'_>, rs: &crate::ruleset::Ruleset, row: Row) -> String {
    match row {
        Row::Level(t) => format!(
            "{} {}",
            cx.t(Msg::FinalLevel),
            rs.targets[t].id.to_uppercase()
        ),
        Row::Text(f) => cx.t(text_label(f)).to_string(),
        Row::Section(_) => String::new(),
        Row::Part {
            index,
            part: ControlPart::Control,
            ..
        } => format!("  {}. {}", index + 1, cx.t(Msg::ControlName)),
        Row::Part { part, .. } => format!("     {}", cx.t(part_label(part))),
    }
}

/// The first line of a text, cut to `width` with "…" when there is more.
fn first_line(text: &str, width: usize) -> String {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let more = lines.next().is_some();
    let cut = truncate(first, width);
    if more && !cut.ends_with('…') {
        let room = truncate(first, width.saturating_sub(1));
        format!("{}…", room.trim_end_matches('…').trim_end())
    } else {
        cut
    }
}

pub fn draw(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    p: &Statement,
    area: Rect,
) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let open = cx.app.open.as_ref()?;
    let s = &open.session;
    let rs = &s.ruleset;
    let group = s.current_group();
    let name = group
        .map(|g| if g.name.is_empty() { &g.id } else { &g.name })
        .map_or("", String::as_str);
    let block = theme.block(
        format!(
            "{} · {}",
            cx.t(Msg::StatementTitle),
            crate::text::visible(name)
        ),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [body, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let w = usize::from(body.width);
    let statement = s.statement();
    let rows = state::current_rows(cx.app, p);
    let labels: Vec<String> = rows.iter().map(|&r| label(cx, rs, r)).collect();
    let label_w = labels
        .iter()
        .map(|l| wrap::width(l))
        .max()
        .unwrap_or(0)
        .min(w / 2);
    let view = usize::from(body.height);
    let editing = p.editing.as_ref();
    let first = p.first_row(view);
    let mut y = body.y;
    let bottom = body.y + body.height;
    for (i, &row) in rows.iter().enumerate().skip(first) {
        if y >= bottom {
            break;
        }
        let selected = i == p.selected;
        let mark = if selected { "›" } else { " " };
        let line = match row {
            Row::Section(section) => {
                let add = crate::tui::hints::hints(
                    cx.keymap,
                    CONTEXTS,
                    &[section_action(section)],
                    cx.lang,
                )
                .first()
                .map(|h| format!("   {} {}", h.key, cx.t(Msg::Add)))
                .unwrap_or_default();
                Line::from(vec![
                    Span::raw(mark),
                    Span::styled(cx.t(section_label(section)).to_string(), theme.header),
                    Span::styled(add, theme.muted),
                ])
            }
            _ => {
                let label = truncate(&labels[i], label_w);
                let pad = label_w.saturating_sub(wrap::width(&label));
                let room = w.saturating_sub(1 + label_w + 2);
                let mut spans = vec![
                    Span::raw(mark),
                    Span::styled(format!("{label}{}  ", " ".repeat(pad)), theme.title),
                ];
                spans.extend(value(cx, row, statement, room));
                Line::from(spans)
            }
        };
        let line = if selected {
            line.patch_style(theme.selection)
        } else {
            line
        };
        frame.render_widget(
            Lines::new(truncate_line(line, w)),
            Rect::new(body.x, y, body.width, 1),
        );
        y += 1;
        if selected && let Some(e) = editing {
            let h = (EDITOR_HEIGHT as u16).min(bottom.saturating_sub(y));
            let indent = (EDITOR_INDENT as u16).min(body.width);
            let bar: Vec<Line> = (0..h).map(|_| Line::styled("  ▌", theme.key)).collect();
            frame.render_widget(Lines::new(bar), Rect::new(body.x, y, indent, h));
            text_input::render(
                &e.field,
                frame,
                Rect::new(body.x + indent, y, body.width - indent, h),
                theme.text,
                true,
            );
            y += h;
        }
    }
    frame.render_widget(
        Lines::new(hint_line_where(
            cx,
            contexts(p),
            hints(p),
            hint.width,
            |a| state::applies(cx.app, p, a),
        )),
        hint,
    );
    let content = rows.len() + if editing.is_some() { EDITOR_HEIGHT } else { 0 };
    // Along the rows only, not the line of hints.
    let rows_area = Rect::new(
        area.x,
        body.y.saturating_sub(1),
        area.width,
        body.height + 2,
    );
    crate::tui::widgets::scrollbar(frame, rows_area, content, first, view, theme.ascii);
    Some((content, view))
}

/// A line kept to `width` cells (the spans are short; only the last may be cut).
fn truncate_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let style = line.style;
    let mut out = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let sw = wrap::width(&span.content);
        if used + sw <= width {
            used += sw;
            out.push(span);
        } else {
            out.push(Span::styled(
                truncate(&span.content, width - used),
                span.style,
            ));
            break;
        }
    }
    Line::from(out).style(style)
}

/// What a row holds: a level with its initial one, or the first line of a text.
fn value(
    cx: &Ctx<'_>,
    row: Row,
    statement: Option<&crate::answers::Tailoring>,
    room: usize,
) -> Vec<Span<'static>> {
    let theme = cx.theme;
    let Some(open) = cx.app.open.as_ref() else {
        return Vec::new();
    };
    let s = &open.session;
    match row {
        Row::Level(t) => {
            let target = &s.ruleset.targets[t];
            let Some(f) = s
                .current_group()
                .and_then(|g| g.finals.iter().find(|f| f.target == t))
            else {
                return Vec::new();
            };
            let mut spans = vec![
                Span::styled(
                    target.levels[f.final_level].shown(cx.lang).to_string(),
                    theme.title,
                ),
                Span::styled(
                    format!(
                        "  ({} {})",
                        cx.t(Msg::Initial),
                        target.levels[f.initial].shown(cx.lang)
                    ),
                    theme.muted,
                ),
            ];
            if f.needs_rationale {
                spans.push(Span::styled(
                    format!("  ⚠ {}", cx.t(Msg::NeedsRationale)),
                    theme.warn,
                ));
            }
            spans
        }
        Row::Text(_) | Row::Part { .. } => {
            let text = row.text(statement);
            if text.trim().is_empty() {
                vec![Span::styled("—", theme.muted)]
            } else {
                vec![Span::styled(first_line(text, room), theme.text)]
            }
        }
        Row::Section(_) => Vec::new(),
    }
}
