//! The end of the questions: the levels, why, the plan check, what is still optional, and
//! what to do next; for a trainee whose result is hidden, how many are answered and that the
//! result comes at the debrief.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::app::popup::done::Done;
use crate::app::{Action, Context, wizard};
use crate::engine::SetEvaluation;
use crate::tui::i18n::Msg;
use crate::tui::paint::Ctx;
use crate::tui::widgets::{centred, para};

pub const CONTEXTS: &[Context] = &[Context::Done, Context::Reader, Context::Dialog];
pub const HINTS: &[Action] = &[
    Action::Export,
    Action::Compare,
    Action::NextIncomplete,
    Action::Back,
];

/// With an acceptance statement to write next (800-63-4).
const STATEMENT_HINTS: &[Action] = &[
    Action::Statement,
    Action::Export,
    Action::Compare,
    Action::NextIncomplete,
    Action::Back,
];

/// For a trainee whose result is hidden: no report, no comparison to offer.
const HIDDEN_HINTS: &[Action] = &[Action::NextIncomplete, Action::Back];

pub fn hints(d: &Done) -> &'static [Action] {
    if d.hidden {
        HIDDEN_HINTS
    } else if d.statement {
        STATEMENT_HINTS
    } else {
        HINTS
    }
}

pub fn area(screen: Rect) -> Rect {
    centred(screen, 72, 20)
}

pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, d: &Done, area: Rect) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let open = cx.app.open.as_ref()?;
    let s = &open.session;
    let rs = &s.ruleset;
    let block = theme.block(cx.t(Msg::DoneTitle).to_string(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let lang = cx.lang;
    let mut lines = para(
        &format!("✓ {}", open.loaded.assessment.service.name),
        w,
        theme.ok.add_modifier(Modifier::BOLD),
    );
    // A trainee's result waits for the debrief: how much is answered, and no level, reason,
    // lower bound or plan check.
    type Shown<'e> = (
        Option<&'e str>,
        &'e crate::engine::Evaluation,
        Option<&'e crate::engine::GroupEvaluation>,
    );
    let evals: Vec<Shown<'_>> = match &s.eval {
        _ if d.hidden || cx.app.result_hidden() => {
            let (answered, asked) = s
                .current_eval()
                .map(|e| {
                    // The questions that must be answered; the optional ones are listed below.
                    let steps: Vec<usize> = wizard::steps(e)
                        .into_iter()
                        .filter(|&q| !rs.questions[q].optional)
                        .collect();
                    let n = steps
                        .iter()
                        .filter(|&&q| wizard::is_answered(rs, s.answers(), q))
                        .count();
                    (n, steps.len())
                })
                .unwrap_or_default();
            lines.push(Line::raw(""));
            lines.extend(para(
                &format!("{}: {answered}/{asked}", cx.t(Msg::AnsweredCount)),
                w,
                theme.header,
            ));
            lines.extend(para(cx.t(Msg::ResultAtDebrief), w, theme.muted));
            Vec::new()
        }
        SetEvaluation::Single(e) => vec![(None, e, None)],
        SetEvaluation::Groups(gs) => gs
            .iter()
            .map(|g| {
                (
                    Some(if g.name.is_empty() {
                        g.id.as_str()
                    } else {
                        g.name.as_str()
                    }),
                    &g.eval,
                    Some(g),
                )
            })
            .collect(),
    };
    for (group, e, ge) in evals {
        lines.push(Line::raw(""));
        if let Some(g) = group {
            lines.push(Line::styled(
                format!("{}: {g}", cx.t(Msg::UserGroup)),
                theme.header,
            ));
        }
        for t in &e.targets {
            let target = &rs.targets[t.target];
            // A group's final level, as its acceptance statement tailors it.
            let level = ge
                .and_then(|g| g.finals.iter().find(|f| f.target == t.target))
                .map_or(t.level, |f| f.final_level);
            let mut spans = vec![
                Span::styled(format!("{:<4}", target.id.to_uppercase()), theme.title),
                Span::styled(
                    format!(" {} ", target.levels[level].shown(lang)),
                    theme
                        .level_badge
                        .add_modifier(Modifier::BOLD | Modifier::REVERSED),
                ),
                Span::raw(format!(" {}", target.levels[level].name.get(lang))),
            ];
            if level != t.level {
                spans.push(Span::styled(
                    format!(
                        " ({} {})",
                        cx.t(Msg::Initial),
                        target.levels[t.level].shown(lang)
                    ),
                    theme.muted,
                ));
            }
            let line = Line::from(spans);
            lines.extend(crate::tui::widgets::wrap::wrap_line(&line, w));
            if let Some(ri) = t.rule {
                lines.extend(para(
                    &format!("  {}", rs.rules[ri].reason.get(lang)),
                    w,
                    theme.muted,
                ));
            }
        }
        for p in &e.plans {
            lines.extend(crate::tui::view::plan_lines(cx, rs, p, w));
        }
    }
    let optional: Vec<&str> = s
        .current_eval()
        .map(|e| {
            wizard::steps(e)
                .into_iter()
                .filter(|&q| rs.questions[q].optional && !wizard::is_answered(rs, s.answers(), q))
                .map(|q| rs.questions[q].id.as_str())
                .collect()
        })
        .unwrap_or_default();
    if !optional.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(para(
            &format!("{}: {}", cx.t(Msg::StillOptional), optional.join(", ")),
            w,
            theme.muted,
        ));
    }
    super::scrolled_with_hints(
        frame,
        cx,
        lines,
        &d.scroll,
        (area, inner),
        (CONTEXTS, hints(d)),
        theme.key,
    )
}
