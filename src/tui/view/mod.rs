//! Drawing the app: header, the panes (two on a narrow screen), footer and the dialog on top.
//! A function of the app: nothing here changes it. What drawing remembers between frames to go
//! faster (the footer line) is kept here, in [`View`].

mod list;
mod result;
mod wizard;

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::hints;
use super::i18n::{self, Msg};
use super::input;
use super::keys::Keymap;
use super::layout::{self, Areas, MIN_HEIGHT, MIN_WIDTH};
use super::popups;
use super::theme::Theme;
use super::widgets::{truncate, wrap};
use crate::app::{Action, App, Context, Measured, Pane};
use crate::ruleset::Status;
use crate::text::Lang;

pub use super::paint::Ctx;
pub use list::title as list_title;
pub use wizard::plan_lines;

/// What the footer's line is built from: the contexts, the actions offered, those of them that
/// do not apply now (dimmed), the language and the width.
type FooterKey = (&'static [Context], Vec<Action>, Vec<Action>, Lang, u16);

/// The theme and keys the screen is drawn with, and what drawing remembers.
pub struct View {
    pub theme: Theme,
    pub keymap: Keymap,
    /// The footer's line for what it was built from: the keymap does not change while the
    /// program runs, and building it costs more than drawing it.
    footer: Option<(FooterKey, Line<'static>)>,
    /// Where the last frame had a cluster with SARA AM (see [`keep_sara_am_clean`]).
    sara_am: Vec<(u16, u16)>,
}

impl View {
    pub fn new(theme: Theme, keymap: Keymap) -> View {
        View {
            theme,
            keymap,
            footer: None,
            sara_am: Vec::new(),
        }
    }

    /// Draws one frame; returns how much there was to scroll, for the app to keep its scroll
    /// positions inside it.
    pub fn draw(&mut self, frame: &mut Frame<'_>, app: &App) -> Measured {
        let areas = layout::areas(app, frame.area());
        self.draw_in(frame, app, &areas)
    }

    /// One frame; on a terminal without the symbols (`Theme::ascii`), with every symbol
    /// replaced from the one table (`tui::symbols`).
    pub fn draw_in(&mut self, frame: &mut Frame<'_>, app: &App, areas: &Areas) -> Measured {
        let measured = self.draw_frame(frame, app, areas);
        if self.theme.ascii {
            crate::tui::symbols::to_ascii(frame.buffer_mut());
        }
        measured
    }

    fn draw_frame(&mut self, frame: &mut Frame<'_>, app: &App, areas: &Areas) -> Measured {
        let footer = self.footer_line(app, areas.footer.width);
        let cx = Ctx {
            app,
            theme: &self.theme,
            keymap: &self.keymap,
            lang: app.lang,
        };
        let theme = cx.theme;
        let area = frame.area();
        frame.render_widget(Lines::new("").style(theme.text), area);
        let mut measured = Measured::default();
        if areas.too_small {
            let msg = i18n::too_small(MIN_WIDTH, MIN_HEIGHT, cx.lang);
            // Wrapped, so the size needed stays readable on the narrowest screen.
            let lines: Vec<Line> = wrap::display(&msg, area.width.max(1) as usize)
                .into_iter()
                .map(|s| Line::styled(truncate(s, area.width as usize), theme.warn))
                .collect();
            frame.render_widget(Lines::new(lines), area);
            return measured;
        }
        let overflow = draw_header(frame, &cx, areas.header);
        if let Some(r) = areas.list {
            list::draw(frame, &cx, r);
        }
        if let Some(r) = areas.wizard {
            measured.help = wizard::draw(frame, &cx, r);
        }
        if let Some(r) = areas.result {
            measured.result = result::draw(frame, &cx, r);
        }
        match overflow {
            Some(said) => {
                // Over the hint row and, when it needs them, the panes' last rows: until the
                // next key, the message is what there is to read.
                let lines = said_lines(&said, usize::from(areas.footer.width), SAID_ROWS);
                let rows = (lines.len() as u16).min(areas.footer.y + 1);
                let area = ratatui::layout::Rect {
                    y: areas.footer.y + 1 - rows,
                    height: rows,
                    ..areas.footer
                };
                let lines: Vec<Line> = lines
                    .into_iter()
                    .map(|l| Line::styled(l, theme.ok))
                    .collect();
                frame.render_widget(ratatui::widgets::Clear, area);
                frame.render_widget(Lines::new(lines).style(theme.text), area);
            }
            None => frame.render_widget(Lines::new(footer), areas.footer),
        }
        if let (Some(p), Some(r)) = (&app.popup, areas.popup) {
            measured.popup = popups::draw(frame, &cx, p, r);
            measured.popup_anchor = popups::anchor(&cx, p, r);
        }
        keep_sara_am_clean(&mut self.sara_am, frame.buffer_mut());
        measured
    }

    fn footer_line(&mut self, app: &App, width: u16) -> Line<'static> {
        let actions = footer_actions(app);
        // A dialog's keys that do nothing in its state now show as unavailable, as in the
        // dialog's own line of hints.
        let idle: Vec<Action> = match &app.popup {
            Some(p) => actions
                .iter()
                .copied()
                .filter(|&a| !p.applies(app, a))
                .collect(),
            None => Vec::new(),
        };
        let key: FooterKey = (input::contexts(app), actions, idle, app.lang, width);
        if let Some((k, line)) = &self.footer
            && *k == key
        {
            return line.clone();
        }
        let mut h = hints::hints(&self.keymap, key.0, &key.1, key.3);
        if self.theme.ascii {
            // Drawn in ASCII because the terminal may show nothing else (`LANG=C`, a VT):
            // the other language is named in letters it can show.
            for hint in h.iter_mut().filter(|h| h.action == Action::ToggleLang) {
                hint.label = i18n::other_language_ascii(key.3).into();
            }
        }
        let idle = &key.2;
        let line = hints::line_where(h, self.theme.key, usize::from(width), |a| {
            !idle.contains(&a)
        })
        .style(self.theme.footer);
        self.footer = Some((key, line.clone()));
        line
    }
}

/// The actions the footer offers now, most useful first: the pane's list, less what does not
/// apply in this state (sync and history outside a git data dir, the acceptance statement
/// where the ruleset has none, copying impacts where there is nothing to copy into).
pub fn footer_actions(app: &App) -> Vec<Action> {
    use Action as A;
    if let Some(p) = &app.popup {
        return popups::hints(p).to_vec();
    }
    if app.list.filtering {
        return vec![A::Choose, A::Back];
    }
    let all: &[Action] = match app.focus {
        Pane::List => &[
            A::Open,
            A::Sync,
            A::History,
            A::Filter,
            A::New,
            A::Edit,
            A::Copy,
            A::Delete,
            A::Sort,
            A::FocusNext,
            A::ToggleLang,
            A::Help,
            A::Quit,
        ],
        Pane::Wizard => &[
            A::Choose,
            A::Pick1,
            A::NextQuestion,
            A::PrevQuestion,
            A::Sync,
            A::History,
            A::NextMissing,
            A::Note,
            A::CopyProofingToAuth,
            A::Statement,
            A::Undo,
            A::FocusNext,
            A::ToggleLang,
            A::Help,
            A::Quit,
        ],
        Pane::Result => &[
            A::Whatif,
            A::Compare,
            A::Export,
            A::Statement,
            A::Sync,
            A::History,
            A::FocusNext,
            A::ToggleLang,
            A::Help,
            A::Quit,
        ],
    };
    all.iter().copied().filter(|&a| applies(app, a)).collect()
}

/// Whether an action of the footer means something in the app's state now.
fn applies(app: &App, a: Action) -> bool {
    let open = app.open.as_ref().map(|o| &o.session.ruleset);
    match a {
        a if hints::needs_repo(a) => app.git.is_some(),
        Action::Statement => {
            open.is_some_and(|rs| rs.groups.as_ref().is_some_and(|g| !g.tailoring.is_empty()))
        }
        // Some impact matrix to copy into: DGS's second matrix, or any matrix of a grouped
        // ruleset (from the group before).
        Action::CopyProofingToAuth => open.is_some_and(|rs| {
            let matrices = rs
                .questions
                .iter()
                .filter(|q| q.kind == crate::ruleset::Kind::Impact)
                .count();
            matrices > 1 || (matrices == 1 && rs.is_grouped())
        }),
        _ => true,
    }
}

/// SARA AM (U+0E33) makes its cluster two cells wide, and terminals draw the vowel in a
/// column of its own. ratatui's diff assumes a two-cell cluster is redrawn whole: when the
/// first cell alone is replaced by something narrow, the vowel stays behind in the second
/// (measured in tmux: `xxนำ` then `xxk ` leaves `xxkำ`). The characters on screen stay the
/// ones in the text (so what a user copies is what the file says); instead, in the frame after
/// such a cluster went away, its second cell is sent again whether or not it changed.
fn keep_sara_am_clean(last: &mut Vec<(u16, u16)>, buf: &mut ratatui::buffer::Buffer) {
    use ratatui::buffer::CellDiffOption;
    let area = buf.area;
    for &(x, y) in last.iter() {
        let inside = x + 1 < area.right() && y < area.bottom();
        if inside && !buf[(x, y)].symbol().contains('\u{0E33}') {
            buf[(x + 1, y)].set_diff_option(CellDiffOption::AlwaysUpdate);
        }
    }
    last.clear();
    let width = usize::from(area.width);
    // Over the cells in memory order: this runs on every frame, for every cell.
    for (i, cell) in buf.content.iter().enumerate() {
        let sym = cell.symbol();
        // U+0E33 takes three bytes; most cells hold one.
        if sym.len() >= 3 && sym.contains('\u{0E33}') {
            last.push((area.x + (i % width) as u16, area.y + (i / width) as u16));
        }
    }
}

/// Draws the header; returns the status word when it did not fit there (it goes to the
/// footer's row instead, whole, until the next key).
fn draw_header(frame: &mut Frame<'_>, cx: &Ctx<'_>, area: ratatui::layout::Rect) -> Option<String> {
    let theme = cx.theme;
    let app = cx.app;
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
            spans.push(Span::styled(
                format!("[{}]", i18n::ruleset_status(rs.status, cx.lang)),
                theme.provisional,
            ));
        }
    }
    // Commits not sent and not brought in yet, as last counted (off the keystroke path).
    if let Some((ahead, behind)) = app.git.as_ref().and_then(|g| g.ahead_behind) {
        spans.push(Span::styled(format!(" ↑{ahead} ↓{behind}"), theme.header));
    }
    if app.git.as_ref().is_some_and(|g| g.syncing) {
        spans.push(Span::styled(
            format!(" {}", i18n::say(&crate::app::Say::SyncRunning, cx.lang)),
            theme.ok,
        ));
    }
    // "saved" only beside the change it confirms (`App::header_status`).
    let status = app
        .header_status()
        .map(|s| i18n::say(s, cx.lang))
        .unwrap_or_default();
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let total = area.width as usize;
    let label = format!("  {}: ", cx.t(Msg::DataDir));
    let path = app.data_dir.display().to_string();
    // A word in the header never hides where the data is: it takes at most the room the
    // path leaves (half the rest when both are long), and the path keeps its end.
    let rest = total.saturating_sub(used + 2);
    let want_dir = wrap::width(&label) + wrap::width(&path);
    let status_room = rest.saturating_sub(want_dir).max(rest / 2);
    // A message longer than its room is not cut here: the footer's row says it whole.
    let (status, overflow) = if wrap::width(&status) > status_room {
        (String::new(), Some(status))
    } else {
        (status, None)
    };
    let room = total.saturating_sub(used + wrap::width(&status) + 2);
    let dir = if wrap::width(&label) + wrap::width(&path) <= room {
        format!("{label}{path}")
    } else {
        format!(
            "{label}{}",
            cut_from_left(&path, room.saturating_sub(wrap::width(&label)))
        )
    };
    let dir = truncate(&dir, room);
    let pad = room - wrap::width(&dir);
    spans.push(Span::styled(dir, theme.muted));
    spans.push(Span::raw(" ".repeat(pad + 1)));
    spans.push(Span::styled(status, theme.ok));
    frame.render_widget(Lines::new(Line::from(spans)).style(theme.header), area);
    overflow
}

/// The rows a message the header had no room for may take, the hint row included: enough
/// for a service's name of a hundred characters at 80 columns, and the panes keep the rest.
const SAID_ROWS: usize = 3;

/// A message in lines of `width` cells, broken between words (Thai ones too), at most `rows`
/// of them: what still does not fit is cut from the last line's end with "…". Messages put
/// what may be cut, such as a service's name, last, so their keys are always read.
fn said_lines(said: &str, width: usize, rows: usize) -> Vec<String> {
    let said = crate::text::visible(said);
    let lines = wrap::display(&said, width.max(1));
    if lines.len() <= rows {
        return lines.into_iter().map(str::to_string).collect();
    }
    let last = rows.max(1) - 1;
    // The lines are slices of `said`: the last row holds all that is left from its start.
    let from = lines[last].as_ptr() as usize - said.as_ptr() as usize;
    let mut out: Vec<String> = lines[..last].iter().map(|l| l.to_string()).collect();
    out.push(truncate(&said[from..], width));
    out
}

/// The end of `s` that fits in `width` cells, after "…": a path's last folders say most.
fn cut_from_left(s: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if wrap::width(s) <= width {
        return s.to_string();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 1;
    for g in s.graphemes(true).rev() {
        let w = wrap::width(g);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(g);
    }
    kept.reverse();
    format!("…{}", kept.concat())
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    use super::{cut_from_left, keep_sara_am_clean, said_lines};
    use crate::tui::widgets::wrap;

    /// Every line within `width`, and the lines, put back together, are the message whole:
    /// nothing cut, each break between two words.
    fn whole(said: &str, lines: &[String], width: usize) {
        assert!(lines.iter().all(|l| wrap::width(l) <= width), "{lines:?}");
        let points = wrap::break_points(said);
        let mut at = 0;
        for l in lines {
            let start = at + said[at..].find(l.as_str()).expect("in order");
            assert!(points.contains(&start), "{l:?} starts inside a word");
            at = start + l.len();
        }
        assert_eq!(said[at..].trim(), "", "{lines:?}");
    }

    #[test]
    fn a_long_message_wraps_between_words_and_its_end_is_cut_last() {
        let en = "Moved to the trash — u to undo, T to restore others: «Online application \
                  for a permit to operate a small food business in the municipality»";
        let lines = said_lines(en, 80, 3);
        assert_eq!(lines.len(), 2, "{lines:?}");
        whole(en, &lines, 80);
        assert!(
            lines[0].contains("u to undo, T to restore others"),
            "{lines:?}"
        );
        // Thai has no spaces: the breaks fall between its words all the same.
        let th = "ย้ายไปถังขยะแล้ว — u เพื่อเลิกทำ, T ดูถังขยะ: «ระบบยื่นคำขอรับใบอนุญาตประกอบกิจการ\
                  สถานที่จำหน่ายอาหารและสะสมอาหารของผู้ประกอบการรายย่อยในเขตเทศบาล»";
        let lines = said_lines(th, 80, 3);
        assert!(lines.len() >= 2, "{lines:?}");
        whole(th, &lines, 80);
        // No room for all of it: the last row's end goes, with "…", and the keys stay.
        let lines = said_lines(en, 40, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| wrap::width(l) <= 40), "{lines:?}");
        assert!(lines.join(" ").contains("T to restore others"), "{lines:?}");
        // A short one is one line, as it was.
        assert_eq!(said_lines("saved", 80, 3), ["saved"]);
    }

    #[test]
    fn a_path_cut_keeps_its_end() {
        assert_eq!(
            cut_from_left("/home/somchai/.local/share/xal", 11),
            "…/share/xal"
        );
        assert_eq!(cut_from_left("/data", 12), "/data");
    }

    /// The frames of the tmux measurement: a SARA AM cluster replaced by a narrow letter.
    #[test]
    fn the_vowel_cell_is_sent_again_when_its_cluster_goes() {
        let area = Rect::new(0, 0, 6, 1);
        let mut last = Vec::new();
        let mut before = Buffer::empty(area);
        before.set_string(0, 0, "xxนำ", ratatui::style::Style::new());
        keep_sara_am_clean(&mut last, &mut before);
        assert_eq!(last, [(2, 0)]);
        assert_eq!(
            before[(2, 0)].symbol(),
            "นำ",
            "the text as it is, nothing rewritten"
        );

        let mut after = Buffer::empty(area);
        after.set_string(0, 0, "xxk", ratatui::style::Style::new());
        keep_sara_am_clean(&mut last, &mut after);
        let sent: Vec<(u16, u16)> = before
            .diff(&after)
            .iter()
            .map(|(x, y, _)| (*x, *y))
            .collect();
        assert!(
            sent.contains(&(3, 0)),
            "the vowel's column is redrawn: {sent:?}"
        );

        // The next frame with no cluster: at most that one cell again (its mark is gone), and
        // no more marks after.
        let mut again = Buffer::empty(area);
        again.set_string(0, 0, "xxk", ratatui::style::Style::new());
        keep_sara_am_clean(&mut last, &mut again);
        let sent: Vec<(u16, u16)> = after
            .diff(&again)
            .iter()
            .map(|(x, y, _)| (*x, *y))
            .collect();
        assert!(sent.iter().all(|p| *p == (3, 0)), "{sent:?}");
        assert!(last.is_empty());
    }
}
