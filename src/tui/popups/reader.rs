//! A text to read and scroll.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use std::borrow::Cow;

use crate::app::popup::reader::{Body, Reader};
use crate::app::{Action, App, Context};
use crate::text::Lang;
use crate::tui::i18n;
use crate::tui::paint::Ctx;
use crate::tui::widgets::centred;
use crate::tui::widgets::para;
use crate::words::git as words;

pub const CONTEXTS: &[Context] = &[Context::Reader, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Down, Action::Up, Action::Back];

/// The reader's lines in `lang`: a text made when it opened, or git's findings in words (the
/// answers' values named by the ruleset each listed assessment is under).
pub fn lines<'r>(r: &'r Reader, app: &App, lang: Lang) -> Cow<'r, [String]> {
    let ruleset_of = |id: &str| {
        app.list
            .summary_of(id)
            .and_then(|s| app.registry.get(&s.ruleset_id))
            .cloned()
    };
    let text = match &r.body {
        Body::Lines(lines) => return Cow::Borrowed(lines),
        Body::History { id, entries } => words::history_or_none(id, entries, &ruleset_of, lang),
        Body::Sync(outcome) => words::sync_outcome(outcome, &ruleset_of, lang),
    };
    Cow::Owned(text.lines().map(str::to_string).collect())
}

pub fn area(r: &Reader, screen: Rect, app: &App, lang: Lang) -> Rect {
    let w = screen.width.saturating_sub(4);
    // As tall as the lines are once wrapped to the inside of the box, so that a long line
    // (a sync's message, a brief's paragraph) is read whole without scrolling when the screen has room.
    let inner = usize::from(w.saturating_sub(2)).max(1);
    // Counted only as far as the screen goes: a long history need not be wrapped twice.
    let room = usize::from(screen.height);
    let mut rows = 0usize;
    for l in lines(r, app, lang).iter() {
        rows += para(l, inner, ratatui::style::Style::new()).len().max(1);
        if rows >= room {
            break;
        }
    }
    let h = u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_add(3)
        .min(screen.height.saturating_sub(2));
    centred(screen, w, h)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, r: &Reader, area: Rect) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let block = theme.block(i18n::title(&r.title, cx.lang), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut text: Vec<Line> = Vec::new();
    for m in lines(r, cx.app, cx.lang).iter() {
        text.extend(para(m, w, theme.text));
    }
    super::scrolled_with_hints(
        frame,
        cx,
        text,
        &r.scroll,
        (area, inner),
        (CONTEXTS, HINTS),
        ratatui::style::Style::new(),
    )
}
