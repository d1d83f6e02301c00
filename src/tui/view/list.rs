//! The Services pane: one entry per file, two lines each (name; agency, levels, last change),
//! the levels in one column per target, lined up from row to row.

use crate::tui::widgets::lines::Lines;
use chrono::{Datelike, Timelike};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

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
    let block = theme.block(title(list, cx.lang), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut y = inner.y;
    let w = inner.width as usize;
    if list.filtering || !list.filter().is_empty() {
        let label = format!("/{} ", cx.t(Msg::Filter));
        let lw = wrap::width(&label) as u16;
        frame.render_widget(
            Lines::new(label).style(theme.key),
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
            // The way to a first one, at every size (the questions pane that also says it is
            // not drawn at 80×24).
            let new = cx
                .keymap
                .keys_for(
                    crate::tui::keys::keymap::chain(crate::app::Context::List),
                    crate::app::Action::New,
                )
                .first()
                .map(|k| crate::tui::i18n::press_for_new(&k.to_string(), cx.lang));
            match new {
                Some(new) => format!("{}: {new}", cx.t(Msg::NoServices)),
                None => cx.t(Msg::NoServices).to_string(),
            }
        } else {
            cx.t(Msg::NoMatch).to_string()
        };
        let lines: Vec<Line> = wrap::display(&msg, w)
            .into_iter()
            .map(|s| Line::styled(s.to_string(), theme.muted))
            .collect();
        frame.render_widget(
            Lines::new(lines),
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
    let layout = Layout::of(cx, w);
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
                // Every target the listed rulesets have, one column each, in their order: the
                // list knows no target by name. Each level as a person reads it (its label,
                // never an id such as IAL0); the summary keeps the ids.
                let levels = row_levels(cx, s, &layout);
                // By hand: chrono's formatter parses its pattern on every row of every frame.
                let date = if layout.date {
                    format!(
                        " {:02}/{:02} {:02}:{:02}",
                        s.updated.day(),
                        s.updated.month(),
                        s.updated.hour(),
                        s.updated.minute()
                    )
                } else {
                    String::new()
                };
                let agency = if s.agency.is_empty() {
                    s.group
                        .as_deref()
                        .map(|g| {
                            catalog::shown_group(
                                app.registry.get(&s.ruleset_id).map(|r| &**r),
                                g,
                                cx.lang,
                            )
                        })
                        .unwrap_or_default()
                } else {
                    s.agency.clone()
                };
                let right = format!(" {sign}{levels}{date}");
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
            crate::tui::widgets::lines::put_str(buf, inner.x, y, text, w, style);
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
/// A level's label is never cut below this many cells ("No identity…").
const LABEL_MIN: usize = 12;
/// The column of a target no listed ruleset is available for: as wide as an id ("IAL2.1").
const ID_WIDTH: usize = 6;
/// What a level is prefixed with while a missing answer can still raise it: a lower bound.
const AT_LEAST: &str = "≥";
/// What stands for the levels while they are hidden (a training class).
const HIDDEN: &str = "·";

/// Where a row's second line puts things, the same for every row, so that the levels line
/// up: one column per target, then the date.
#[derive(Debug)]
struct Layout {
    /// (target id, cells), `mark` cells of each first for `≥`.
    columns: Vec<(String, usize)>,
    /// The cells before each label for `≥`: one when some listed level is a lower bound.
    mark: usize,
    /// The levels are hidden: one column of `·`.
    hidden: bool,
    /// The date fits after the levels.
    date: bool,
}

impl Layout {
    fn of(cx: &Ctx<'_>, w: usize) -> Layout {
        let app = cx.app;
        if app.result_hidden() {
            // Nothing to line up, and no room given to what is not shown.
            return Layout {
                hidden: true,
                ..fit_columns(vec![(String::new(), wrap::width(HIDDEN))], 0, w)
            };
        }
        let rulesets: Vec<_> = app
            .list
            .rulesets()
            .iter()
            .filter_map(|r| app.registry.get(r))
            .collect();
        // The listing, not the rows shown: the columns stay put while a filter is typed.
        let mark = if app.list.any_lower_bound() {
            wrap::width(AT_LEAST)
        } else {
            0
        };
        // Each column as wide as the widest level it holds, as shown in this language (a
        // label of a level no listed assessment has takes no room).
        let natural: Vec<(String, usize)> = app
            .list
            .targets()
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let widest = app
                    .list
                    .levels_seen(k)
                    .iter()
                    .flat_map(|l| {
                        // As each listed ruleset shows it (its id where it has no such level,
                        // and where none of them is available).
                        let shown: Vec<&str> = if rulesets.is_empty() {
                            vec![l.as_str()]
                        } else {
                            rulesets
                                .iter()
                                .map(|rs| catalog::shown_level(Some(rs), t, l, cx.lang))
                                .collect()
                        };
                        shown.into_iter().map(wrap::width)
                    })
                    .max()
                    .unwrap_or(ID_WIDTH);
                (t.to_string(), widest + mark)
            })
            .collect();
        fit_columns(natural, mark, w)
    }
}

/// The cells levels in these columns take, the spaces between them included.
fn columns_width(c: &[(String, usize)]) -> usize {
    c.iter().map(|(_, n)| n).sum::<usize>() + c.len().saturating_sub(1)
}

/// The columns in a row `w` cells wide (`mark` cells of each for `≥`): with the date when
/// they fit beside it, their labels cut no shorter than `LABEL_MIN`; else without it. While
/// they are too wide, the widest is narrowed (its labels cut with "…"), never below
/// `LABEL_MIN`.
fn fit_columns(mut columns: Vec<(String, usize)>, mark: usize, w: usize) -> Layout {
    let least = LABEL_MIN + mark;
    // The indent, the agency's least, the space before the levels.
    let fixed = 4 + AGENCY_MIN + 1;
    let with_date = w.saturating_sub(fixed + 1 + DATE_WIDTH);
    let narrowest: Vec<(String, usize)> = columns
        .iter()
        .map(|(t, n)| (t.clone(), (*n).min(least)))
        .collect();
    let date = columns_width(&narrowest) <= with_date;
    let room = if date {
        with_date
    } else {
        w.saturating_sub(fixed)
    };
    while columns_width(&columns) > room {
        let Some(widest) = columns
            .iter_mut()
            .filter(|(_, n)| *n > least)
            .max_by_key(|(_, n)| *n)
        else {
            break;
        };
        widest.1 -= 1;
    }
    Layout {
        columns,
        mark,
        hidden: false,
        date,
    }
}

/// A row's levels in the columns of `layout`: each label padded to its column, after `≥`
/// when it is a lower bound (not final yet), cut with "…" when longer than its column.
fn row_levels(cx: &Ctx<'_>, s: &crate::store::Summary, layout: &Layout) -> String {
    if layout.hidden {
        return HIDDEN.to_string();
    }
    let rs = cx.app.registry.get(&s.ruleset_id).map(|r| &**r);
    let mut out = String::new();
    for (k, (t, width)) in layout.columns.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let cell = match s.levels.iter().find(|(id, _)| id == t) {
            Some((_, l)) => {
                let shown = catalog::shown_level(rs, t, l, cx.lang);
                let mark = if layout.mark == 0 {
                    ""
                } else if s.lower_bounds.iter().any(|b| b == t) {
                    AT_LEAST
                } else {
                    " "
                };
                format!(
                    "{mark}{}",
                    truncate(shown, width.saturating_sub(layout.mark))
                )
            }
            // No such target in this row's ruleset, or no result recorded.
            None => format!("{}-", " ".repeat(layout.mark)),
        };
        let pad = width.saturating_sub(wrap::width(&cell));
        out.push_str(&cell);
        out.push_str(&" ".repeat(pad));
    }
    out
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

/// "Services 12/500 · by name · /tax": where the highlight is among how many, then what
/// orders and narrows the list when it is not as it starts (Esc in the list puts both back),
/// in sight even when the filter's field is not drawn.
pub fn title(list: &crate::app::list::List, lang: crate::text::Lang) -> String {
    let mut title = if list.is_empty() {
        format!("{} (0)", Msg::PaneServices.text(lang))
    } else {
        format!(
            "{} {}/{}",
            Msg::PaneServices.text(lang),
            list.selected() + 1,
            list.len()
        )
    };
    if list.sort() != crate::app::Sort::default() {
        title.push_str(&format!(
            " · {}",
            crate::tui::i18n::sort_name(list.sort(), lang)
        ));
    }
    let filter = list.filter().text();
    if !filter.is_empty() {
        title.push_str(&format!(" · /{}", crate::text::visible(filter)));
    }
    title
}

#[cfg(test)]
mod level_tests {
    use super::*;

    fn cols(c: &[(&str, usize)]) -> Vec<(String, usize)> {
        c.iter().map(|(t, n)| (t.to_string(), *n)).collect()
    }

    #[test]
    fn columns_keep_the_date_then_narrow_the_widest() {
        // DGS with an incomplete row: IAL2.1, AAL2, none, each after a cell for `≥`.
        let dgs = cols(&[("ial", 7), ("aal", 5), ("fal", 5)]);
        // 80×24's list: every column and the date.
        let l = fit_columns(dgs.clone(), 1, 44);
        assert!(l.date);
        assert_eq!(l.columns, dgs);
        assert_eq!(columns_width(&l.columns), 19);
        // Narrower (120×40's list): the date goes, the levels stay whole.
        let l = fit_columns(dgs.clone(), 1, 30);
        assert!(!l.date);
        assert_eq!(l.columns, dgs);
        // 800-63-4's "No identity proofing", all complete: cut to "No identity…", the date
        // kept.
        let l = fit_columns(cols(&[("ial", 20), ("aal", 4), ("fal", 4)]), 0, 44);
        assert!(l.date, "{l:?}");
        assert_eq!(l.columns, cols(&[("ial", 12), ("aal", 4), ("fal", 4)]));
        // With a cell for `≥` it no longer fits beside the date: whole, without it.
        let l = fit_columns(cols(&[("ial", 21), ("aal", 5), ("fal", 5)]), 1, 44);
        assert!(!l.date, "{l:?}");
        assert_eq!(l.columns, cols(&[("ial", 21), ("aal", 5), ("fal", 5)]));
        // Never below LABEL_MIN, whatever the room.
        let l = fit_columns(cols(&[("ial", 21), ("aal", 21)]), 1, 10);
        assert_eq!(l.columns, cols(&[("ial", 13), ("aal", 13)]));
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
            lower_bounds: Vec::new(),
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
