//! Drawing the state: header, the three panes (two on a narrow screen), footer and dialogs.
//! A function of the state only: nothing here changes the model.

use chrono::{Datelike, Timelike};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::help::HelpPopup;
use super::i18n::{self, Msg};
use super::state::{App, Dialog, FormMode, Pane};
use super::wrap;
use crate::app::session::Session;
use crate::app::wizard;
use crate::engine::{Evaluation, SetEvaluation};
use crate::ruleset::{Kind, Ruleset, Status};
use crate::store::ScanEntry;
use crate::text::Lang;

/// The smallest screen the layout works on; below it one line says so.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width the list, wizard and result stand side by side.
const WIDE: u16 = 110;

fn l(lang: Lang, th: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    let theme = &app.settings.theme;
    frame.render_widget(Paragraph::new("").style(theme.text), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = i18n::too_small(MIN_WIDTH, MIN_HEIGHT, app.lang);
        // Wrapped, so the size needed stays readable on the narrowest screen.
        let lines: Vec<Line> = wrap::display(&msg, area.width.max(1) as usize)
            .into_iter()
            .map(|s| Line::styled(truncate(s, area.width as usize), theme.warn))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, app, header);
    draw_body(frame, app, body);
    frame.render_widget(Paragraph::new(app.footer_line(footer.width)), footer);
    if let Some(d) = &app.dialog {
        draw_dialog(frame, app, d, area);
    }
    split_sara_am(frame.buffer_mut());
}

/// SARA AM (U+0E33) makes its cluster two cells wide, but terminals give the vowel a cell of
/// its own; when only one of those cells is redrawn a stray ำ is left behind. Spelling it as
/// NIKHAHIT (on the base's cell) plus SARA AA (in the next cell) — its compatibility
/// decomposition, drawn the same — keeps every cell as the terminal sees it.
pub fn split_sara_am(buf: &mut ratatui::buffer::Buffer) {
    let width = usize::from(buf.area.width);
    if width < 2 {
        return;
    }
    // Over the cells in memory order: this runs on every frame, for every cell.
    for i in 0..buf.content.len() {
        let sym = buf.content[i].symbol();
        // U+0E33 takes three bytes; most cells hold one.
        if sym.len() < 3 || i % width == width - 1 || !sym.contains('\u{0E33}') {
            continue;
        }
        let mut chars: Vec<char> = sym.chars().filter(|&c| c != '\u{0E33}').collect();
        // NIKHAHIT goes right after the base, below any tone mark, as shapers place it.
        chars.insert(1.min(chars.len()), '\u{0E4D}');
        let head: String = chars.into_iter().collect();
        let style = buf.content[i].style();
        buf.content[i].set_symbol(&head);
        buf.content[i + 1].set_symbol("\u{0E32}").set_style(style);
    }
}

/// Cuts a string to `width` cells at a grapheme boundary.
fn truncate(s: &str, width: usize) -> String {
    crate::text::cut_to_width(s, width).0.to_string()
}

fn draw_header(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.settings.theme;
    let mut spans = vec![Span::styled(
        " xal ",
        theme.header.add_modifier(Modifier::BOLD),
    )];
    if let Some(rs) = app.header_ruleset() {
        spans.push(Span::styled(
            format!(" {} {} ", rs.id, rs.version),
            theme.header,
        ));
        if rs.status != Status::Final {
            let word = match rs.status {
                Status::Provisional => app.t(Msg::Provisional),
                _ => rs.status.as_str(),
            };
            spans.push(Span::styled(format!("[{word}]"), theme.provisional));
        }
    }
    let flash = app.flash.clone().unwrap_or_default();
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let total = area.width as usize;
    let flash = truncate(&flash, total.saturating_sub(used + 2));
    let room = total.saturating_sub(used + wrap::width(&flash) + 2);
    let dir = format!(
        "  {}: {}",
        app.t(Msg::DataDir),
        app.store.data_dir().display()
    );
    let dir = truncate(&dir, room);
    let pad = room - wrap::width(&dir);
    spans.push(Span::styled(dir, theme.muted));
    spans.push(Span::raw(" ".repeat(pad + 1)));
    spans.push(Span::styled(flash, theme.ok));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.header), area);
}

fn draw_body(frame: &mut Frame<'_>, app: &App, area: Rect) {
    if area.width >= WIDE {
        let [list, wiz, result] = Layout::horizontal([
            Constraint::Percentage(28),
            Constraint::Percentage(40),
            Constraint::Percentage(32),
        ])
        .areas(area);
        draw_list(frame, app, list);
        draw_wizard(frame, app, wiz);
        draw_result(frame, app, result);
    } else {
        // Narrow (80×24 over SSH): the list stands in for the wizard while it has the focus.
        let [main, result] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(area);
        if app.focus == Pane::List || app.open.is_none() {
            draw_list(frame, app, main);
        } else {
            draw_wizard(frame, app, main);
        }
        draw_result(frame, app, result);
    }
}

/// Which pane a column belongs to, as `draw_body` lays them out.
pub fn pane_at(app: &App, column: u16, width: u16) -> Pane {
    if width >= WIDE {
        let x = u32::from(column) * 100 / u32::from(width.max(1));
        match x {
            0..28 => Pane::List,
            28..68 => Pane::Wizard,
            _ => Pane::Result,
        }
    } else if u32::from(column) * 100 / u32::from(width.max(1)) >= 58 {
        Pane::Result
    } else if app.focus == Pane::List || app.open.is_none() {
        Pane::List
    } else {
        Pane::Wizard
    }
}

fn level_of(s: &crate::store::Summary, target: &str) -> String {
    s.levels
        .iter()
        .find(|(t, _)| t == target)
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| "-".into())
}

fn draw_list(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.settings.theme;
    let focused = app.focus == Pane::List && app.dialog.is_none();
    let rows = app.visible();
    let title = format!("{} ({})", app.t(Msg::PaneServices), rows.len());
    let block = theme.block(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut y = inner.y;
    let w = inner.width as usize;
    if app.filtering || !app.filter.is_empty() {
        let label = format!("/{} ", app.t(Msg::Filter));
        let lw = wrap::width(&label) as u16;
        frame.render_widget(
            Paragraph::new(label).style(theme.key),
            Rect::new(inner.x, y, lw.min(inner.width), 1),
        );
        let field = Rect::new(
            inner.x + lw.min(inner.width),
            y,
            inner.width.saturating_sub(lw),
            1,
        );
        app.filter.render(frame, field, theme.text, app.filtering);
        y += 1;
    }
    if rows.is_empty() {
        let msg = if app.entries().is_empty() {
            app.t(Msg::NoServices)
        } else {
            app.t(Msg::NoMatch)
        };
        let lines: Vec<Line> = wrap::display(msg, w)
            .into_iter()
            .map(|s| Line::styled(s.to_string(), theme.muted))
            .collect();
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y)),
        );
        return;
    }
    // Two lines a row: the name, then agency and levels.
    let per = 2u16;
    let room = (inner.bottom().saturating_sub(y) / per).max(1) as usize;
    let first = app.selected.saturating_sub(room.saturating_sub(1));
    let open_id = app.open.as_ref().map(|o| o.loaded.assessment.id.as_str());
    for (i, e) in rows.iter().enumerate().skip(first).take(room) {
        let selected = i == app.selected;
        let style = if selected {
            theme.selection
        } else {
            theme.text
        };
        let marker = if selected { "›" } else { " " };
        let (top, bottom) = match e {
            ScanEntry::Ok(s) => {
                let known = app.registry.get(&s.ruleset_id).is_some();
                let mark = if !known {
                    "?"
                } else if s.complete {
                    "✓"
                } else {
                    "…"
                };
                let open = if open_id == Some(s.id.as_str()) {
                    "●"
                } else {
                    " "
                };
                let top = format!("{marker}{open}{mark} {}", s.service_name);
                let levels = format!("{} {}", level_of(s, "ial"), level_of(s, "aal"));
                // By hand: chrono's formatter parses its pattern on every row of every frame.
                let date = format!(
                    "{:02}/{:02} {:02}:{:02}",
                    s.updated.day(),
                    s.updated.month(),
                    s.updated.hour(),
                    s.updated.minute()
                );
                let agency = if s.agency.is_empty() {
                    s.group.clone().unwrap_or_default()
                } else {
                    s.agency.clone()
                };
                let right = format!(" {levels} {date}");
                let left_room = w.saturating_sub(4 + wrap::width(&right));
                let agency = truncate(&agency, left_room);
                let pad = left_room.saturating_sub(wrap::width(&agency));
                let bottom = format!("    {agency}{}{right}", " ".repeat(pad));
                (top, bottom)
            }
            ScanEntry::Broken { path, diagnostic } => (
                format!(
                    "{marker} ! {}",
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                ),
                format!(
                    "    {}:{} {}",
                    diagnostic.line, diagnostic.column, diagnostic.message
                ),
            ),
        };
        let row_y = y + ((i - first) as u16) * per;
        if row_y >= inner.bottom() {
            break;
        }
        let err = matches!(e, ScanEntry::Broken { .. });
        // Straight into the buffer: a Paragraph per line costs more than the whole row.
        let buf = frame.buffer_mut();
        let mut line = |y: u16, text: &str, style: Style| {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
            buf.set_stringn(inner.x, y, text, w, style);
        };
        line(row_y, &top, if err { theme.error } else { style });
        if row_y + 1 < inner.bottom() {
            let style = if selected {
                theme.selection
            } else {
                theme.muted
            };
            line(row_y + 1, &bottom, style);
        }
    }
}

/// Wrapped paragraph lines in one style.
fn para(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap::display(text, width.max(1))
        .into_iter()
        .map(|s| Line::styled(s.to_string(), style))
        .collect()
}

fn draw_wizard(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.settings.theme;
    let focused = app.focus == Pane::Wizard && app.dialog.is_none();
    let Some(open) = &app.open else {
        let block = theme.block(app.t(Msg::PaneQuestions).to_string(), focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let hint = l(
            app.lang,
            "เลือกบริการจากรายการแล้วกด Enter หรือกด n เพื่อสร้างใหม่",
            "Choose a service in the list and press Enter, or n for a new one",
        );
        frame.render_widget(
            Paragraph::new(para(hint, inner.width as usize, theme.muted)),
            inner,
        );
        return;
    };
    let s = &open.session;
    let rs = &s.ruleset;
    let lang = app.lang;
    let Some(eval) = s.current_eval() else {
        return;
    };
    let (pos, total) = wizard::progress(eval, s.cursor.question);
    let missing = eval.missing.len();
    let mut title = format!(
        "{} · {}",
        app.t(Msg::PaneQuestions),
        i18n::progress(pos, total, lang)
    );
    if missing > 0 {
        title.push_str(&format!(" · {} {missing}", app.t(Msg::Missing)));
    }
    let block = theme.block(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if let Some(g) = s.current_group() {
        lines.push(Line::styled(
            format!(
                "{}: {} ({}/{})",
                app.t(Msg::UserGroup),
                if g.name.is_empty() { &g.id } else { &g.name },
                s.group + 1,
                s.group_count()
            ),
            theme.header,
        ));
    }
    let q = &rs.questions[s.cursor.question];
    lines.push(Line::styled(q.id.clone(), theme.muted));
    lines.extend(para(
        q.text.get(lang),
        w,
        theme.title.add_modifier(Modifier::BOLD),
    ));
    if let Some(h) = &q.help {
        lines.extend(para(h.get(lang), w, theme.muted));
    }
    lines.push(Line::raw(""));
    let decisive = s.decisive();
    match q.kind {
        Kind::Impact => impact_lines(app, s, &decisive, w, &mut lines),
        _ => choice_lines(app, s, eval, &decisive, w, &mut lines),
    }
    if let Some(note) = s.note(s.cursor.question) {
        lines.push(Line::raw(""));
        lines.extend(para(
            &format!("{}: {note}", app.t(Msg::Note)),
            w,
            theme.muted.add_modifier(Modifier::ITALIC),
        ));
    }
    // Keep the cursor line in view.
    let cursor_line = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content.starts_with('›')))
        .unwrap_or(0);
    let height = inner.height as usize;
    let scroll = cursor_line.saturating_sub(height.saturating_sub(3));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}

fn choice_lines(
    app: &App,
    s: &Session,
    eval: &Evaluation,
    decisive: &[(usize, Option<usize>)],
    w: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let theme = &app.settings.theme;
    let rs = &s.ruleset;
    let q = s.cursor.question;
    let answered = wizard::current_answer(rs, s.answers(), q, 0);
    let is_decisive = decisive.iter().any(|(dq, _)| *dq == q);
    let plan = eval.plans.iter().find(|p| p.question == q);
    for (i, o) in rs.questions[q].options.iter().enumerate() {
        let cursor = if i == s.cursor.option { "›" } else { " " };
        let chosen = if answered == Some(i) { "●" } else { "○" };
        let mut text = format!("{cursor}{} {chosen} {}", i + 1, o.label.get(app.lang));
        if let (Some(t), Some(a)) = (rs.questions[q].plan, o.achieves) {
            text.push_str(&format!(" → {}", rs.targets[t].levels[a].id));
        }
        let mut style = if i == s.cursor.option {
            theme.selection
        } else {
            theme.text
        };
        if answered == Some(i) && is_decisive {
            style = style.patch(theme.highlight);
            text.push_str(" ★");
        }
        let wrapped = wrap::display(&text, w.max(1));
        for (k, part) in wrapped.into_iter().enumerate() {
            let part = if k == 0 {
                part.to_string()
            } else {
                format!("     {part}")
            };
            lines.push(Line::styled(part, style));
        }
        if i == s.cursor.option
            && let Some(h) = &o.help
        {
            lines.extend(
                wrap::display(h.get(app.lang), w.saturating_sub(5).max(1))
                    .into_iter()
                    .map(|p| Line::styled(format!("     {p}"), theme.muted)),
            );
        }
    }
    if let Some(p) = plan {
        lines.push(Line::raw(""));
        lines.extend(plan_lines(app, rs, p, w));
    }
}

/// "Plan check AAL: AAL2 meets the requirement" — in words, and in colour only as well.
fn plan_lines(
    app: &App,
    rs: &Ruleset,
    p: &crate::engine::PlanCheck,
    w: usize,
) -> Vec<Line<'static>> {
    let theme = &app.settings.theme;
    let t = &rs.targets[p.target];
    let verdict = if p.meets {
        app.t(Msg::PlanMeets)
    } else {
        app.t(Msg::PlanFallsShort)
    };
    para(
        &format!(
            "{} {}: {} {verdict}",
            app.t(Msg::PlanCheck),
            t.id.to_uppercase(),
            t.levels[p.achieves].id
        ),
        w,
        if p.meets { theme.ok } else { theme.error },
    )
}

fn impact_lines(
    app: &App,
    s: &Session,
    decisive: &[(usize, Option<usize>)],
    w: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let theme = &app.settings.theme;
    let rs = &s.ruleset;
    let q = s.cursor.question;
    let question = &rs.questions[q];
    // Every row with its answer, the current row marked; the names in one column.
    let value_w = rs
        .impact
        .iter()
        .map(|l| wrap::width(l.name.get(app.lang)))
        .max()
        .unwrap_or(1);
    for (row, &c) in question.categories.iter().enumerate() {
        let answer = wizard::current_answer(rs, s.answers(), q, row);
        let here = row == s.cursor.row;
        let mark = if here { "▸" } else { " " };
        let value = answer
            .map(|a| rs.impact[a].name.get(app.lang).to_string())
            .unwrap_or_else(|| "·".into());
        let star = if decisive.contains(&(q, Some(c))) {
            " ★"
        } else {
            ""
        };
        let name = rs.categories[c].name.get(app.lang);
        // Padded by display width: `{:<n}` counts code points, and Thai marks take no cell.
        let pad = " ".repeat(value_w.saturating_sub(wrap::width(&value)));
        let text = format!("{mark} {value}{pad}{star} {name}");
        let mut style = if here {
            theme.text.add_modifier(Modifier::BOLD)
        } else {
            theme.text
        };
        if !star.is_empty() {
            style = style.patch(theme.highlight);
        }
        lines.push(Line::styled(truncate(&text, w), style));
    }
    lines.push(Line::raw(""));
    // The current row's choices, each with what it means in this category.
    let Some(&cat) = question.categories.get(s.cursor.row) else {
        return;
    };
    let category = &rs.categories[cat];
    lines.extend(para(
        category.name.get(app.lang),
        w,
        theme.title.add_modifier(Modifier::UNDERLINED),
    ));
    let answered = wizard::current_answer(rs, s.answers(), q, s.cursor.row);
    for (i, level) in rs.impact.iter().enumerate() {
        let cursor = if i == s.cursor.option { "›" } else { " " };
        let chosen = if answered == Some(i) { "●" } else { "○" };
        let style = if i == s.cursor.option {
            theme.selection
        } else {
            theme.text
        };
        lines.push(Line::styled(
            truncate(
                &format!("{cursor}{} {chosen} {}", i + 1, level.name.get(app.lang)),
                w,
            ),
            style,
        ));
        if let Some(def) = category.levels.get(i).and_then(|d| d.as_ref()) {
            lines.extend(
                wrap::display(def.get(app.lang), w.saturating_sub(5).max(1))
                    .into_iter()
                    .map(|p| Line::styled(format!("     {p}"), theme.muted)),
            );
        }
    }
}

fn draw_result(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let theme = &app.settings.theme;
    let focused = app.focus == Pane::Result && app.dialog.is_none();
    let block = theme.block(app.t(Msg::PaneResult).to_string(), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(open) = &app.open else {
        return;
    };
    let w = inner.width as usize;
    let s = &open.session;
    let rs = &s.ruleset;
    let lang = app.lang;
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.extend(para(
        &open.loaded.assessment.service.name,
        w,
        theme.title.add_modifier(Modifier::BOLD),
    ));
    if app.result_hidden() {
        lines.push(Line::raw(""));
        lines.extend(para(
            l(
                lang,
                "ผลการประเมินจะแสดงเมื่อตอบครบทุกข้อ",
                "The result shows once every question is answered",
            ),
            w,
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    // Notes and the ruleset's status stand at the foot of the pane when there is room: as
    // answers change, the reasons above grow and shrink, and text that does not change then
    // stays where it is on the screen (and is not sent again).
    let mut foot: Vec<Line<'static>> = Vec::new();
    match &s.eval {
        SetEvaluation::Single(e) => {
            level_badges(app, rs, e, None, w, &mut lines);
            result_body(app, rs, e, w, &mut lines, &mut foot);
        }
        SetEvaluation::Groups(gs) => {
            for (gi, g) in gs.iter().enumerate() {
                let mark = if gi == s.group { "▸" } else { " " };
                lines.push(Line::styled(
                    truncate(
                        &format!(
                            "{mark}{}: {}",
                            app.t(Msg::UserGroup),
                            if g.name.is_empty() { &g.id } else { &g.name }
                        ),
                        w,
                    ),
                    theme.header,
                ));
                level_badges(app, rs, &g.eval, Some(g), w, &mut lines);
                if gi == s.group {
                    result_body(app, rs, &g.eval, w, &mut lines, &mut foot);
                }
                lines.push(Line::raw(""));
            }
        }
    }
    if rs.status != Status::Final {
        foot.push(Line::raw(""));
        let note = rs
            .status_note
            .as_ref()
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default();
        foot.extend(para(
            &format!(
                "{}: {} {note}",
                app.t(Msg::RulesetStatus),
                rs.status.as_str()
            ),
            w,
            theme.provisional,
        ));
    }
    let height = usize::from(inner.height);
    if app.result_scroll == 0 && lines.len() + foot.len() <= height {
        let foot_h = foot.len() as u16;
        let [top, bottom] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(foot_h)]).areas(inner);
        frame.render_widget(Paragraph::new(lines), top);
        frame.render_widget(Paragraph::new(foot), bottom);
    } else {
        lines.extend(foot);
        frame.render_widget(Paragraph::new(lines).scroll((app.result_scroll, 0)), inner);
    }
}

/// The levels, large and unmistakable: a reversed badge, the words "at least" while a level can
/// still rise — never told by colour alone.
fn level_badges(
    app: &App,
    rs: &Ruleset,
    e: &Evaluation,
    group: Option<&crate::engine::GroupEvaluation>,
    w: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let theme = &app.settings.theme;
    for t in &e.targets {
        let target = &rs.targets[t.target];
        let final_level = group
            .and_then(|g| g.finals.iter().find(|f| f.target == t.target))
            .map(|f| f.final_level)
            .unwrap_or(t.level);
        let badge = format!(" {} ", target.levels[final_level].id);
        let mut spans = vec![
            Span::styled(format!("{:<4}", target.id.to_uppercase()), theme.title),
            Span::styled(
                badge,
                theme
                    .level_badge
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
        ];
        if !t.final_ {
            spans.push(Span::styled(
                format!(" {}", app.t(Msg::AtLeast)),
                theme.warn,
            ));
        }
        if final_level != t.level {
            spans.push(Span::styled(
                format!(
                    " ({} {})",
                    l(app.lang, "เริ่มต้น", "initial"),
                    target.levels[t.level].id
                ),
                theme.muted,
            ));
        }
        let line = Line::from(spans);
        if line.width() <= w {
            lines.push(line);
        } else {
            lines.extend(wrap::wrap_line(&line, w));
        }
    }
}

/// The completeness line, reasons and plans go to `lines`; the notes to `notes`, which are
/// drawn at the foot of the pane.
fn result_body(
    app: &App,
    rs: &Ruleset,
    e: &Evaluation,
    w: usize,
    lines: &mut Vec<Line<'static>>,
    notes: &mut Vec<Line<'static>>,
) {
    let theme = &app.settings.theme;
    let lang = app.lang;
    if e.complete {
        lines.push(Line::styled(
            format!("✓ {}", app.t(Msg::Complete)),
            theme.ok,
        ));
    } else {
        lines.extend(para(
            &format!(
                "… {} — {} {}: {}",
                app.t(Msg::Incomplete),
                app.t(Msg::Missing),
                e.missing.len(),
                e.missing.join(", ")
            ),
            w,
            theme.warn,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        app.t(Msg::Reasons).to_string(),
        theme.title.add_modifier(Modifier::UNDERLINED),
    ));
    for t in &e.targets {
        if let Some(ri) = t.rule {
            let rule = &rs.rules[ri];
            let because = crate::report::facts::facts(rs, &t.because, lang);
            lines.extend(para(
                &format!(
                    "• {} → {}: {}",
                    rule.id,
                    rs.targets[t.target].levels[rule.level].id,
                    rule.reason.get(lang)
                ),
                w,
                theme.text,
            ));
            if !because.is_empty() {
                lines.extend(para(&format!("  {}", because.join(", ")), w, theme.muted));
            }
        }
        for f in &t.floors {
            let floor = &rs.floors[f.floor];
            lines.extend(para(
                &format!(
                    "• {} → {}: {}",
                    floor.id,
                    rs.targets[t.target].levels[floor.min].id,
                    floor.reason.get(lang)
                ),
                w,
                theme.text,
            ));
        }
    }
    for p in &e.plans {
        lines.extend(plan_lines(app, rs, p, w));
    }
    for &n in &e.notes {
        notes.push(Line::raw(""));
        notes.extend(para(
            &format!("! {}", rs.notes[n].text.get(lang)),
            w,
            theme.warn,
        ));
    }
}

/// A centred box of at most `w`×`h` cells, cleared.
fn popup(frame: &mut Frame<'_>, screen: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(screen.width.saturating_sub(2)).max(10);
    let h = h.min(screen.height.saturating_sub(2)).max(3);
    let r = Rect::new(
        screen.x + (screen.width.saturating_sub(w)) / 2,
        screen.y + (screen.height.saturating_sub(h)) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, r);
    r
}

fn draw_dialog(frame: &mut Frame<'_>, app: &App, d: &Dialog, screen: Rect) {
    let theme = &app.settings.theme;
    let lang = app.lang;
    match d {
        Dialog::Help { scroll } => {
            let popup = HelpPopup {
                keymap: &app.settings.keymap,
                lang,
                theme,
                scroll: *scroll,
            };
            frame.render_widget(Clear, HelpPopup::area(screen));
            frame.render_widget(popup, screen);
        }
        Dialog::Message { title, lines } => {
            let area = popup(frame, screen, 76, (lines.len() as u16 + 4).max(6));
            let block = theme.block(title.clone(), true);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let mut text: Vec<Line> = Vec::new();
            for m in lines {
                text.extend(para(m, inner.width as usize, theme.error));
            }
            text.push(Line::styled(
                l(lang, "Enter หรือ Esc เพื่อปิด", "Enter or Esc to close"),
                theme.muted,
            ));
            frame.render_widget(Paragraph::new(text), inner);
        }
        Dialog::Pick {
            title,
            items,
            selected,
        } => {
            let area = popup(frame, screen, 70, items.len() as u16 + 4);
            let block = theme.block(title.clone(), true);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let w = inner.width as usize;
            let room = inner.height.saturating_sub(1) as usize;
            let first = selected.saturating_sub(room.saturating_sub(1));
            let mut text: Vec<Line> = items
                .iter()
                .enumerate()
                .skip(first)
                .take(room)
                .map(|(i, (label, _))| {
                    let mark = if i == *selected { "›" } else { " " };
                    let n = if i < 9 {
                        format!("{}", i + 1)
                    } else {
                        " ".into()
                    };
                    Line::styled(
                        truncate(&format!("{mark}{n} {label}"), w),
                        if i == *selected {
                            theme.selection
                        } else {
                            theme.text
                        },
                    )
                })
                .collect();
            text.push(Line::styled(
                l(
                    lang,
                    "Enter เลือก · Esc ยกเลิก",
                    "Enter chooses · Esc cancels",
                ),
                theme.muted,
            ));
            frame.render_widget(Paragraph::new(text), inner);
        }
        Dialog::Text {
            title,
            lines,
            scroll,
        } => {
            let h = (lines.len() as u16 + 3).min(screen.height.saturating_sub(2));
            let area = popup(frame, screen, screen.width.saturating_sub(4), h);
            let block = theme.block(title.clone(), true);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let w = inner.width as usize;
            let mut text: Vec<Line> = Vec::new();
            for m in lines {
                text.extend(para(m, w, theme.text));
            }
            let [body, hint] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            let max = text.len().saturating_sub(body.height as usize);
            frame.render_widget(
                Paragraph::new(text).scroll(((*scroll).min(max) as u16, 0)),
                body,
            );
            frame.render_widget(
                Paragraph::new(l(
                    lang,
                    "j/k เลื่อน · Esc หรือ Enter ปิด",
                    "j/k scroll · Esc or Enter closes",
                ))
                .style(theme.muted),
                hint,
            );
        }
        Dialog::ConfirmDelete { name, .. } => {
            let area = popup(frame, screen, 60, 7);
            let block = theme.block(app.t(Msg::ConfirmDeleteTitle).to_string(), true);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let mut text = para(
                &format!("{} «{name}»", app.t(Msg::ConfirmDeleteBody)),
                inner.width as usize,
                theme.text,
            );
            text.push(Line::styled(
                format!("y {} · n {}", app.t(Msg::Yes), app.t(Msg::No)),
                theme.key,
            ));
            frame.render_widget(Paragraph::new(text), inner);
        }
        Dialog::Conflict => {
            let area = popup(frame, screen, 64, 8);
            let block = theme.block(app.t(Msg::ConflictTitle).to_string(), true);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let mut text = para(app.t(Msg::ConflictBody), inner.width as usize, theme.warn);
            text.push(Line::styled(
                format!(
                    "r {} · k {}",
                    app.t(Msg::ConflictReload),
                    app.t(Msg::ConflictKeepCopy)
                ),
                theme.key,
            ));
            frame.render_widget(Paragraph::new(text), inner);
        }
        Dialog::Note(field) => {
            let area = popup(frame, screen, 70, 10);
            let qid = app
                .open
                .as_ref()
                .map(|o| {
                    o.session.ruleset.questions[o.session.cursor.question]
                        .id
                        .clone()
                })
                .unwrap_or_default();
            let block = theme.block(format!("{} · {qid}", app.t(Msg::Note)), true);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let [text_area, hint] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            field.render(frame, text_area, theme.text, true);
            frame.render_widget(
                Paragraph::new(l(
                    lang,
                    "Enter บันทึก · Alt-Enter ขึ้นบรรทัดใหม่ · Esc ยกเลิก",
                    "Enter saves · Alt-Enter new line · Esc cancels",
                ))
                .style(theme.muted),
                hint,
            );
        }
        Dialog::GroupName(field) => {
            let area = popup(frame, screen, 60, 5);
            let block = theme.block(
                format!(
                    "{} · {}",
                    app.t(Msg::UserGroup),
                    l(lang, "ชื่อกลุ่มใหม่", "new group's name")
                ),
                true,
            );
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let [text_area, hint] =
                Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
            field.render(frame, text_area, theme.selection, true);
            frame.render_widget(
                Paragraph::new(l(lang, "Enter เพิ่ม · Esc ยกเลิก", "Enter adds · Esc cancels"))
                    .style(theme.muted),
                hint,
            );
        }
        Dialog::Form(form) => {
            let area = popup(frame, screen, 70, 12);
            let title = match form.mode {
                FormMode::New => app.t(Msg::NewService).to_string(),
                FormMode::Edit(_) => app.t(Msg::EditService).to_string(),
                FormMode::Copy(_) => format!("{} (copy)", app.t(Msg::NewService)),
            };
            let block = theme.block(title, true);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let labels = [
                app.t(Msg::FieldName),
                app.t(Msg::FieldAgency),
                app.t(Msg::FieldDescription),
                app.t(Msg::FieldRuleset),
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
                    Paragraph::new(format!("{label}:")).style(style),
                    Rect::new(inner.x, y, label_w.min(inner.width), 1),
                );
                let field_area = Rect::new(
                    inner.x + label_w.min(inner.width),
                    y,
                    inner.width.saturating_sub(label_w),
                    1,
                );
                if i < 3 {
                    form.fields[i].render(frame, field_area, theme.selection, form.focus == i);
                } else {
                    let name = match &form.mode {
                        FormMode::New => app
                            .registry
                            .entries
                            .get(form.ruleset)
                            .map(|e| format!("◂ {} {} ▸", e.ruleset.id, e.ruleset.version))
                            .unwrap_or_default(),
                        _ => l(lang, "(ไม่เปลี่ยน)", "(unchanged)").to_string(),
                    };
                    frame.render_widget(
                        Paragraph::new(name).style(if form.focus == 3 {
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
                let msg = form.error.clone().unwrap_or_else(|| {
                    l(
                        lang,
                        "Tab ช่องถัดไป · Enter บันทึก · Esc ยกเลิก",
                        "Tab next field · Enter saves · Esc cancels",
                    )
                    .to_string()
                });
                frame.render_widget(
                    Paragraph::new(msg).style(if form.error.is_some() {
                        theme.error
                    } else {
                        theme.muted
                    }),
                    Rect::new(inner.x, y, inner.width, 1),
                );
            }
        }
    }
}
