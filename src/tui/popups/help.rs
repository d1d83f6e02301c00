//! `?`: every key in force, context by context, as the keymap has them.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::popup::help::Help;
use crate::app::{Action, Context};
use crate::text::Lang;
use crate::tui::hints::help_sections;
use crate::tui::i18n::{self, Msg};
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Keymap;
use crate::tui::paint::Ctx;
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap;

pub const CONTEXTS: &[Context] = &[Context::Help, Context::Dialog];
pub const HINTS: &[Action] = &[Action::Down, Action::Up, Action::Back];

pub fn area(screen: Rect) -> Rect {
    let w = screen.width.saturating_sub(4).min(76);
    let h = screen.height.saturating_sub(2);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

/// The content lines for an inner width (every binding, those for a git data dir too).
pub fn help_lines(
    keymap: &Keymap,
    theme: &Theme,
    lang: Lang,
    inner_width: usize,
) -> Vec<Line<'static>> {
    help_lines_with_sections(keymap, theme, lang, inner_width, true).0
}

/// The content lines, and where each context's section starts among them.
fn help_lines_with_sections(
    keymap: &Keymap,
    theme: &Theme,
    lang: Lang,
    inner_width: usize,
    repo: bool,
) -> (Vec<Line<'static>>, Vec<(Context, usize)>) {
    let mut starts = Vec::new();
    let mut sections = help_sections(keymap, lang);
    // Keys that need a git data dir are not offered outside one.
    if !repo {
        for (_, rows) in &mut sections {
            rows.retain(|r| !crate::tui::hints::needs_repo(r.action));
        }
        sections.retain(|(_, rows)| !rows.is_empty());
    }
    let key_col = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| wrap::width(&r.keys)))
        .max()
        .unwrap_or(0)
        .min(18);
    let text_width = inner_width.saturating_sub(key_col + 3).max(8);
    let mut lines = Vec::new();
    for (i, (context, rows)) in sections.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        starts.push((*context, lines.len()));
        lines.push(Line::styled(
            i18n::context_name(*context, lang),
            theme.title,
        ));
        for row in rows {
            let keys_w = wrap::width(&row.keys);
            // Keys wider than their column stand on a line of their own, so every sentence
            // starts in the same column.
            if keys_w > key_col {
                lines.push(Line::styled(format!(" {}", row.keys), theme.key));
            }
            let pad = key_col.saturating_sub(keys_w);
            for (j, piece) in wrap::display(&row.text, text_width).into_iter().enumerate() {
                let keys = if j == 0 && keys_w <= key_col {
                    Span::styled(format!(" {}{}", row.keys, " ".repeat(pad)), theme.key)
                } else {
                    Span::raw(" ".repeat(key_col + 1))
                };
                lines.push(Line::from(vec![
                    keys,
                    Span::raw("  "),
                    Span::raw(piece.to_string()),
                ]));
            }
        }
    }
    (lines, starts)
}

/// Where the section of the pane help was asked from starts.
pub fn anchor(cx: &Ctx<'_>, h: &Help, area: Rect) -> Option<usize> {
    let inner_w = usize::from(area.width.saturating_sub(2));
    let repo = cx.app.git.is_some();
    let (_, starts) = help_lines_with_sections(cx.keymap, cx.theme, cx.lang, inner_w, repo);
    let want = crate::tui::keys::pane_context(h.from);
    starts.iter().find(|(c, _)| *c == want).map(|(_, at)| *at)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, h: &Help, area: Rect) -> Option<(usize, usize)> {
    if area.width < 3 || area.height < 3 {
        return None;
    }
    let theme = cx.theme;
    // The way out every dialog shares first (Esc), then help's own key again.
    let closers: Vec<String> = [
        cx.keymap.keys_for(&[Context::Dialog], Action::Back),
        cx.keymap.keys_for(CONTEXTS, Action::Help),
    ]
    .iter()
    .filter_map(|keys| {
        keys.iter()
            .find(|k| {
                cx.keymap
                    .lookup(CONTEXTS, **k)
                    .is_some_and(|a| matches!(a, Action::Back | Action::Help))
            })
            .map(Key::to_string)
    })
    .collect();
    let dash = if theme.ascii { "-" } else { "—" };
    let title = format!(
        "{} {dash} {}",
        cx.t(Msg::HelpTitle),
        i18n::close_with(&closers, cx.lang)
    );
    let block = theme.block(title, true);
    let inner = block.inner(area);
    let lines = help_lines_with_sections(
        cx.keymap,
        theme,
        cx.lang,
        usize::from(inner.width),
        cx.app.git.is_some(),
    )
    .0;
    let height = usize::from(inner.height);
    let scroll = h.scroll.offset().min(lines.len().saturating_sub(height));
    let content = lines.len();
    let block = if content > scroll + height {
        block.title_bottom(
            Line::styled(format!(" {} ", cx.t(Msg::HelpMore)), theme.muted).right_aligned(),
        )
    } else {
        block
    };
    let shown: Vec<Line<'static>> = lines.into_iter().skip(scroll).take(height).collect();
    let style = Style::new().patch(theme.text);
    frame.buffer_mut().set_style(area, style);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Lines::new(shown).style(style), inner);
    Some((content, height))
}
