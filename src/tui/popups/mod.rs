//! The dialogs as drawn: one module each, under the name of its state in `app::popup`, with
//! the key contexts it reads, the hints it shows and its drawing.

mod compare;
mod confirm;
mod conflict;
mod done;
mod export;
mod form;
mod group_name;
mod help;
mod index;
mod menu;
mod message;
mod note;
mod reader;
mod statement;
mod trash;
mod whatif;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::tui::widgets::lines::Lines;

use super::hints;
use super::paint::Ctx;
use crate::app::{Action, Context, Popup};

pub use help::help_lines;
pub use reader::lines as reader_lines;

/// Where the dialog's keys are looked up, in order.
pub fn contexts(p: &Popup) -> &'static [Context] {
    match p {
        Popup::Help(_) => help::CONTEXTS,
        Popup::Message(_) => message::CONTEXTS,
        Popup::Reader(_) => reader::CONTEXTS,
        Popup::Export(_) => export::CONTEXTS,
        Popup::Compare(_) => compare::CONTEXTS,
        Popup::Confirm(_) => confirm::CONTEXTS,
        Popup::QuestionIndex(_) => index::CONTEXTS,
        Popup::Done(_) => done::CONTEXTS,
        Popup::Trash(_) => trash::CONTEXTS,
        Popup::Whatif(_) => whatif::CONTEXTS,
        Popup::Conflict(_) => conflict::CONTEXTS,
        Popup::Note(_) => note::CONTEXTS,
        Popup::GroupName(_) => group_name::CONTEXTS,
        Popup::Form(f) => form::contexts(f),
        Popup::Statement(s) => statement::contexts(s),
    }
}

/// The actions the dialog offers in its hints (and the footer's).
pub fn hints(p: &Popup) -> &'static [Action] {
    match p {
        Popup::Help(_) => help::HINTS,
        Popup::Message(_) => message::HINTS,
        Popup::Reader(_) => reader::HINTS,
        Popup::Export(_) => export::HINTS,
        Popup::Compare(_) => compare::HINTS,
        Popup::Confirm(c) => confirm::hints(c),
        Popup::QuestionIndex(_) => index::HINTS,
        Popup::Done(d) => done::hints(d),
        Popup::Trash(_) => trash::HINTS,
        Popup::Whatif(_) => whatif::HINTS,
        Popup::Conflict(_) => conflict::HINTS,
        Popup::Note(_) => note::HINTS,
        Popup::GroupName(_) => group_name::HINTS,
        Popup::Form(f) => form::hints(f),
        Popup::Statement(s) => statement::hints(s),
    }
}

/// Where the dialog goes on this screen.
pub fn area(p: &Popup, screen: Rect, app: &crate::app::App) -> Rect {
    let lang = app.lang;
    match p {
        Popup::Help(_) => help::area(screen),
        Popup::Message(m) => message::area(m, screen),
        Popup::Reader(r) => reader::area(r, screen, app, lang),
        Popup::Export(e) => menu::area(e.menu.items.len(), screen),
        Popup::Compare(c) => menu::area(c.menu.items.len(), screen),
        Popup::Confirm(c) => confirm::area(c, screen),
        Popup::Conflict(c) => conflict::area(c, screen),
        Popup::QuestionIndex(q) => index::area(q, screen),
        Popup::Done(_) => done::area(screen),
        Popup::Trash(t) => trash::area(t, screen),
        Popup::Whatif(w) => menu::area(w.menu.items.len(), screen),
        Popup::Note(_) => note::area(screen),
        Popup::GroupName(_) => group_name::area(screen),
        Popup::Form(f) => form::area(f, screen),
        Popup::Statement(_) => statement::area(screen),
    }
}

/// Where the dialog's content starts when it first shows.
pub fn anchor(cx: &Ctx<'_>, p: &Popup, area: Rect) -> Option<usize> {
    match p {
        Popup::Help(h) => help::anchor(cx, h, area),
        _ => None,
    }
}

/// Draws the dialog in `area`; returns its lines of content and of view, when it scrolls.
pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, p: &Popup, area: Rect) -> Option<(usize, usize)> {
    frame.render_widget(ratatui::widgets::Clear, area);
    match p {
        Popup::Help(h) => return help::draw(frame, cx, h, area),
        Popup::Message(m) => return message::draw(frame, cx, m, area),
        Popup::Reader(r) => return reader::draw(frame, cx, r, area),
        Popup::Export(e) => return export::draw(frame, cx, e, area),
        Popup::Compare(c) => return compare::draw(frame, cx, c, area),
        Popup::Confirm(c) => confirm::draw(frame, cx, c, area),
        Popup::Conflict(c) => return conflict::draw(frame, cx, c, area),
        Popup::QuestionIndex(q) => return index::draw(frame, cx, q, area),
        Popup::Done(d) => return done::draw(frame, cx, d, area),
        Popup::Trash(t) => return trash::draw(frame, cx, t, area),
        Popup::Whatif(w) => return whatif::draw(frame, cx, w, area),
        Popup::Note(n) => note::draw(frame, cx, n, area),
        Popup::GroupName(g) => group_name::draw(frame, cx, g, area),
        Popup::Form(f) => return form::draw(frame, cx, f, area),
        Popup::Statement(s) => return statement::draw(frame, cx, s, area),
    }
    None
}

/// A dialog's scrolling text above its line of hints, with a scrollbar when it does not fit;
/// returns its lines of content and of view, for the app to keep the scroll inside them.
fn scrolled_with_hints(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    lines: Vec<Line<'static>>,
    scroll: &crate::app::Scroll,
    (area, inner): (Rect, Rect),
    (contexts, actions): (&[Context], &[Action]),
    hint_style: ratatui::style::Style,
) -> Option<(usize, usize)> {
    use ratatui::layout::{Constraint, Layout};
    let [body, hint] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let view = usize::from(body.height);
    let content = lines.len();
    let first = scroll.offset().min(content.saturating_sub(view));
    frame.render_widget(Lines::new(lines).first(first), body);
    frame.render_widget(
        Lines::new(hint_line(cx, contexts, actions, hint.width).patch_style(hint_style)),
        hint,
    );
    crate::tui::widgets::scrollbar(frame, area, content + 1, first, view + 1, cx.theme.ascii);
    Some((content, view))
}

/// The dialog's own line of hints, from the keymap in force.
fn hint_line(cx: &Ctx<'_>, contexts: &[Context], actions: &[Action], width: u16) -> Line<'static> {
    hint_line_where(cx, contexts, actions, width, |_| true)
}

/// [`hint_line`], with the keys of what does not apply now shown as unavailable.
fn hint_line_where(
    cx: &Ctx<'_>,
    contexts: &[Context],
    actions: &[Action],
    width: u16,
    applies: impl Fn(Action) -> bool,
) -> Line<'static> {
    let h = hints::hints(cx.keymap, contexts, actions, cx.lang);
    hints::line_where(h, cx.theme.key, usize::from(width), applies).style(cx.theme.muted)
}
