//! The Services pane: one entry per file, two lines each (name; agency, levels, last change).

use chrono::{Datelike, Timelike};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::Pane;
use crate::catalog;
use crate::store::ScanEntry;
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::{scrollbar, text_input, truncate, wrap};

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, area: Rect) {
    let theme = cx.theme;
    let app = cx.app;
    let list = &app.list;
    let focused = app.focus == Pane::List && app.popup.is_none();
    // Where the highlight is, among how many: "Services 12/500".
    let mut title = if list.is_empty() {
        format!("{} (0)", cx.t(Msg::PaneServices))
    } else {
        format!(
            "{} {}/{}",
            cx.t(Msg::PaneServices),
            list.selected() + 1,
            list.len()
        )
    };
    // The filter in force stays in sight in the title, even when its field is not drawn.
    let filter = list.filter().text();
    if !filter.is_empty() {
        title.push_str(&format!(" · /{}", crate::text::visible(filter)));
    }
    let block = theme.block(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut y = inner.y;
    let w = inner.width as usize;
    if list.filtering || !list.filter().is_empty() {
        let label = format!("/{} ", cx.t(Msg::Filter));
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
        text_input::render(list.filter(), frame, field, theme.text, list.filtering);
        y += 1;
    }
    if list.is_empty() {
        let msg = if list.entries().is_empty() {
            cx.t(Msg::NoServices)
        } else {
            cx.t(Msg::NoMatch)
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
    let selected = list.selected();
    let first = selected.saturating_sub(room.saturating_sub(1));
    let open_id = app.open_id();
    for (i, e) in list.rows().enumerate().skip(first).take(room) {
        let is_selected = i == selected;
        let style = if is_selected {
            theme.selection
        } else {
            theme.text
        };
        let marker = if is_selected { "›" } else { " " };
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
                let sign = sign_mark(s, app.today());
                // Every target the ruleset has, in its order: the list knows no target by name.
                // Each level as a person reads it (its label, never an id such as IAL0); the
                // summary keeps the ids.
                let levels = if app.result_hidden() {
                    "·".to_string()
                } else if s.levels.is_empty() {
                    "-".to_string()
                } else {
                    let rs = app.registry.get(&s.ruleset_id).map(|r| &**r);
                    let shown = catalog::shown_levels(rs, &s.levels, cx.lang);
                    let shown: Vec<&str> = shown.iter().map(|(_, l)| l.as_str()).collect();
                    // What the agency, the sign-off mark and the date leave.
                    let room =
                        w.saturating_sub(4 + AGENCY_MIN + 2 + DATE_WIDTH + wrap::width(&sign));
                    fit_levels(&shown, room)
                };
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
                let right = format!(" {sign}{levels} {date}");
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
        line(
            row_y,
            &truncate(&top, w),
            if err { theme.error } else { style },
        );
        if row_y + 1 < inner.bottom() {
            let style = if is_selected {
                theme.selection
            } else {
                theme.muted
            };
            line(row_y + 1, &truncate(&bottom, w), style);
        }
    }
    scrollbar(frame, area, list.len(), first, room, theme.ascii);
}

/// The cells a row's date takes ("07/12 09:40").
const DATE_WIDTH: usize = 11;
/// The cells the agency keeps when a row's levels are long.
const AGENCY_MIN: usize = 5;
/// A level this wide or narrower is an id and stays whole ("IAL2.1", "none").
const ID_WIDTH: usize = 6;
/// A label is never cut below this many cells.
const LABEL_MIN: usize = 8;

/// A row's levels in `room` cells: whole when they fit; else the ids stay whole and the
/// labels share what is left, each cut with "…" ("No identity…"), never below `LABEL_MIN`.
fn fit_levels(levels: &[&str], room: usize) -> String {
    let joined = levels.join(" ");
    if wrap::width(&joined) <= room {
        return joined;
    }
    let long = levels
        .iter()
        .filter(|l| wrap::width(l) > ID_WIDTH)
        .count()
        .max(1);
    let fixed: usize = levels
        .iter()
        .map(|l| wrap::width(l))
        .filter(|&n| n <= ID_WIDTH)
        .sum::<usize>()
        + levels.len().saturating_sub(1);
    let each = (room.saturating_sub(fixed) / long).max(LABEL_MIN);
    levels
        .iter()
        .map(|l| {
            if wrap::width(l) > each {
                truncate(l, each)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sign-off mark before the levels: `A✓` approved and holding, `R✓` reviewed, `A✗`/`R✗`
/// void since a change; then `!` when the review is overdue, `~` when it is due within 30
/// days. Nothing for an assessment never signed, so unsigned rows read as before.
fn sign_mark(s: &crate::store::Summary, today: chrono::NaiveDate) -> String {
    use crate::record::due::{Due, due_state};
    let Some(m) = &s.signoff else {
        return String::new();
    };
    let step = if m.step == "reviewed" { 'R' } else { 'A' };
    let held = if m.holds { '✓' } else { '✗' };
    let due = match s.review_due.map(|d| due_state(d, today)) {
        Some(Due::Overdue) => "!",
        Some(Due::Soon) => "~",
        _ => "",
    };
    format!("{step}{held}{due} ")
}

#[cfg(test)]
mod level_tests {
    use super::fit_levels;

    #[test]
    fn a_label_is_cut_and_ids_stay_whole() {
        assert_eq!(fit_levels(&["IAL2", "AAL2", "none"], 30), "IAL2 AAL2 none");
        assert_eq!(
            fit_levels(&["No identity proofing", "AAL1", "none"], 22),
            "No identity… AAL1 none"
        );
        // Never below LABEL_MIN, whatever the room.
        assert_eq!(
            fit_levels(&["No identity proofing", "AAL1", "none"], 3),
            "No iden… AAL1 none"
        );
        let th = fit_levels(&["ไม่มีการพิสูจน์ตัวตน", "AAL1", "none"], 22);
        assert!(th.starts_with("ไม่มีการพิสูจน์") && th.contains('…'), "{th}");
        assert!(!th.contains("IAL0"));
    }
}

#[cfg(test)]
mod sign_tests {
    use super::sign_mark;
    use crate::store::{SignMark, Summary};

    #[test]
    fn marks_approval_void_and_due() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-01T09:00:00+07:00").unwrap();
        let mut s = Summary {
            id: "A".into(),
            path: Default::default(),
            service_name: "s".into(),
            agency: String::new(),
            group: None,
            levels: Vec::new(),
            complete: true,
            updated: at,
            ruleset_id: "r".into(),
            signoff: None,
            review_due: None,
            conflicts: 0,
        };
        let today = "2026-12-02".parse().unwrap();
        assert_eq!(sign_mark(&s, today), "");
        s.signoff = Some(Box::new(SignMark {
            step: "approved".into(),
            by: "J".into(),
            at,
            holds: true,
            status: "unsigned".into(),
            signer: String::new(),
            key: String::new(),
        }));
        s.review_due = Some("2027-06-01".parse().unwrap());
        assert_eq!(sign_mark(&s, today), "A✓ ");
        s.review_due = Some("2026-12-20".parse().unwrap());
        assert_eq!(sign_mark(&s, today), "A✓~ ");
        s.review_due = Some("2026-12-01".parse().unwrap());
        s.signoff.as_mut().unwrap().holds = false;
        assert_eq!(sign_mark(&s, today), "A✗! ");
    }
}
