//! The Result pane: the levels as badges, what is missing, the reasons and plans; the notes
//! and the ruleset's status at its foot.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::wizard::plan_lines;
use crate::answers::AnswerSet;
use crate::app::preview::{PreviewOf, Shown};
use crate::app::{Pane, Say};
use crate::engine::{Evaluation, GroupEvaluation, SetEvaluation};
use crate::ruleset::{Ruleset, Status};
use crate::tui::i18n::{self, Msg};
use crate::tui::paint::Ctx;
use crate::tui::widgets::{para, scrolled_body, truncate, wrap};

/// Draws the pane; returns its lines of content and of view, when it scrolls.
pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, area: Rect) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let app = cx.app;
    let focused = app.focus == Pane::Result && app.popup.is_none();
    let block = theme.block(cx.t(Msg::PaneResult).to_string(), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let lang = cx.lang;
    // The open assessment, or the highlighted one as a preview: the same pane either way.
    let (service, rs, eval, group, answers) = match app.shown() {
        Shown::Open(o) => (
            &o.loaded.assessment.service,
            &o.session.ruleset,
            &o.session.eval,
            o.session.group,
            &o.session.doc.answers,
        ),
        Shown::Preview(p) => match &p.of {
            PreviewOf::Assessment {
                assessment,
                ruleset,
                eval,
            } => (&assessment.service, ruleset, eval, 0, &assessment.answers),
            PreviewOf::Broken(d) => {
                // The list names the file; its folder would only push the message down.
                let shown = crate::diag::Diagnostic {
                    file: d.file.file_name().map(Into::into).unwrap_or_default(),
                    ..d.clone()
                };
                let mut lines = para(&shown.to_string(), w, theme.error);
                lines.push(Line::raw(""));
                lines.extend(para(&i18n::say(&Say::BrokenFile, lang), w, theme.muted));
                frame.render_widget(Lines::new(lines), inner);
                return None;
            }
            PreviewOf::Unavailable(say) => {
                let lines = para(&i18n::say(say, lang), w, theme.error);
                frame.render_widget(Lines::new(lines), inner);
                return None;
            }
        },
        Shown::Nothing => {
            // Said, so that an empty pane is not taken for a service with nothing to show.
            if app.list.is_empty() && !app.list.filter().is_empty() {
                let lines = para(cx.t(Msg::ResultNoMatch), w, theme.muted);
                frame.render_widget(Lines::new(lines), inner);
            }
            return None;
        }
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.extend(para(
        &service.name,
        w,
        theme.title.add_modifier(Modifier::BOLD),
    ));
    if !service.description.trim().is_empty() {
        lines.extend(para(&service.description, w, theme.muted));
    }
    // Whether an approval holds, from the list's row (kept current as answers change).
    let id = match app.shown() {
        Shown::Open(o) => Some(o.loaded.assessment.id.as_str()),
        Shown::Preview(p) => match &p.of {
            PreviewOf::Assessment { assessment, .. } => Some(assessment.id.as_str()),
            _ => None,
        },
        Shown::Nothing => None,
    };
    let mark = id
        .and_then(|id| app.list.summary_of(id))
        .and_then(|s| s.signoff.as_ref());
    if let Some(m) = mark {
        let style = if m.holds { theme.muted } else { theme.error };
        // The latest step in full — who signed it with which key, or why it does not
        // count — from the assessment shown, as it is now; the list's words otherwise.
        let text = signoff_line(app.shown(), lang)
            .unwrap_or_else(|| crate::report::signoff::mark_line(m, lang));
        lines.extend(para(&text, w, style));
    }
    if app.result_hidden() {
        lines.push(Line::raw(""));
        lines.extend(para(cx.t(Msg::ResultHidden), w, theme.muted));
        frame.render_widget(Lines::new(lines), inner);
        return None;
    }
    // Notes and the ruleset's status stand at the foot of the pane when there is room: as
    // answers change, the reasons above grow and shrink, and text that does not change then
    // stays where it is on the screen (and is not sent again).
    let mut foot: Vec<Line<'static>> = Vec::new();
    match eval {
        SetEvaluation::Single(e) => {
            level_badges(cx, rs, e, None, w, &mut lines);
            result_body(cx, rs, e, w, &mut lines, &mut foot);
        }
        SetEvaluation::Groups(gs) => {
            for (gi, g) in gs.iter().enumerate() {
                let mark = if gi == group { "▸" } else { " " };
                lines.push(Line::styled(
                    truncate(
                        &format!(
                            "{mark}{}: {}",
                            cx.t(Msg::UserGroup),
                            if g.name.is_empty() { &g.id } else { &g.name }
                        ),
                        w,
                    ),
                    theme.header,
                ));
                level_badges(cx, rs, &g.eval, Some(g), w, &mut lines);
                if let AnswerSet::Groups(sets) = answers
                    && let Some(t) = sets.get(gi).and_then(|s| s.tailoring.as_ref())
                {
                    rationale_lines(cx, &t.rationale, w, &mut lines);
                }
                if gi == group {
                    result_body(cx, rs, &g.eval, w, &mut lines, &mut foot);
                }
                if gi + 1 < gs.len() {
                    lines.push(Line::raw(""));
                }
            }
        }
    }
    // The acceptance statement, where the ruleset has one, is a key away.
    if matches!(app.shown(), Shown::Open(_))
        && matches!(answers, AnswerSet::Groups(_))
        && rs.groups.as_ref().is_some_and(|g| !g.tailoring.is_empty())
    {
        let h = crate::tui::hints::hints(
            cx.keymap,
            crate::tui::keys::chain(crate::app::Context::Result),
            &[crate::app::Action::Statement],
            lang,
        );
        if !h.is_empty() {
            foot.push(crate::tui::hints::line(h, theme.key, w).style(theme.muted));
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
                cx.t(Msg::RulesetStatus),
                i18n::ruleset_status(rs.status, lang)
            ),
            w,
            theme.provisional,
        ));
    }
    let height = usize::from(inner.height);
    let scroll = app.result_scroll.offset();
    // The foot stays at the bottom of the pane when all fits, or while it leaves two thirds
    // of the pane to the rest, which then scrolls above it: as answers change, the reasons
    // grow and shrink, and the foot, which does not change, stays where it is on the screen
    // (and is not sent again). Taller, it scrolls with the rest.
    let foot_h = foot.len();
    let fits = scroll == 0 && lines.len() + foot_h <= height;
    let body = if fits || foot_h * 3 <= height {
        let [top, bottom] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(foot_h as u16)]).areas(inner);
        frame.render_widget(Lines::new(foot), bottom);
        top
    } else {
        lines.extend(foot);
        inner
    };
    let content = lines.len();
    scrolled_body(frame, area, body, lines, scroll, theme.ascii);
    Some((content, usize::from(body.height)))
}

/// The levels, large and unmistakable: a reversed badge, the words "at least" while a level can
/// still rise — never told by colour alone.
fn level_badges(
    cx: &Ctx<'_>,
    rs: &Ruleset,
    e: &Evaluation,
    group: Option<&GroupEvaluation>,
    w: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let theme = cx.theme;
    for t in &e.targets {
        let target = &rs.targets[t.target];
        let final_level = group
            .and_then(|g| g.finals.iter().find(|f| f.target == t.target))
            .map(|f| f.final_level)
            .unwrap_or(t.level);
        let badge = format!(" {} ", target.levels[final_level].shown(cx.lang));
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
            // A lower bound at the lowest level is no bound at all: "so far", not "at least".
            let word = if final_level == 0 {
                Msg::SoFar
            } else {
                Msg::AtLeast
            };
            spans.push(Span::styled(format!(" {}", cx.t(word)), theme.warn));
        }
        if final_level != t.level {
            spans.push(Span::styled(
                format!(
                    " ({} {})",
                    cx.t(Msg::Initial),
                    target.levels[t.level].shown(cx.lang)
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

/// A group's rationale for its final levels, its first lines, under the levels.
fn rationale_lines(cx: &Ctx<'_>, rationale: &str, w: usize, lines: &mut Vec<Line<'static>>) {
    const SHOWN: usize = 2;
    let text = rationale.trim();
    if text.is_empty() {
        return;
    }
    let mut wrapped = para(
        &format!("{}: {text}", cx.t(Msg::Rationale)),
        w,
        cx.theme.muted,
    );
    if wrapped.len() > SHOWN {
        wrapped.truncate(SHOWN);
        if let Some(last) = wrapped.last_mut() {
            let cut = truncate(&format!("{}…", last), w);
            *last = Line::styled(cut, cx.theme.muted);
        }
    }
    lines.extend(wrapped);
}

/// The completeness line, reasons and plans go to `lines`; the notes to `notes`, which are
/// drawn at the foot of the pane.
fn result_body(
    cx: &Ctx<'_>,
    rs: &Ruleset,
    e: &Evaluation,
    w: usize,
    lines: &mut Vec<Line<'static>>,
    notes: &mut Vec<Line<'static>>,
) {
    let theme = cx.theme;
    let lang = cx.lang;
    if e.complete {
        lines.push(Line::styled(format!("✓ {}", cx.t(Msg::Complete)), theme.ok));
    } else {
        lines.extend(para(
            &format!(
                "… {} — {} {}: {}",
                cx.t(Msg::Incomplete),
                cx.t(Msg::Missing),
                e.missing.len(),
                e.missing.join(", ")
            ),
            w,
            theme.warn,
        ));
    }
    for c in &e.carried {
        lines.extend(para(
            &crate::tui::i18n::carried_result(&rs.questions[c.question].id, c.confirm, lang),
            w,
            theme.warn,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        cx.t(Msg::Reasons).to_string(),
        theme.title.add_modifier(Modifier::UNDERLINED),
    ));
    for t in &e.targets {
        let levels = &rs.targets[t.target].levels;
        // "• rule → level: why", for the rule that set the level and each floor that held.
        let reason = |id: &str, level: usize, why: &crate::text::Text| {
            para(
                &format!("• {id} → {}: {}", levels[level].shown(lang), why.get(lang)),
                w,
                theme.text,
            )
        };
        if let Some(ri) = t.rule {
            let rule = &rs.rules[ri];
            lines.extend(reason(&rule.id, rule.level, &rule.reason));
            let because = crate::report::facts::facts(rs, &t.because, lang);
            if !because.is_empty() {
                lines.extend(para(&format!("  {}", because.join(", ")), w, theme.muted));
            }
        }
        for f in &t.floors {
            let floor = &rs.floors[f.floor];
            lines.extend(reason(&floor.id, floor.min, &floor.reason));
        }
    }
    for p in &e.plans {
        lines.extend(plan_lines(cx, rs, p, w));
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

/// The latest sign-off of the assessment shown, in the words of `show` (its status and
/// signer), on the content as it is now (an open one's answers and notes as being edited).
fn signoff_line(shown: Shown<'_>, lang: crate::text::Lang) -> Option<String> {
    let (last, content) = match shown {
        Shown::Open(o) => {
            let last = o.loaded.assessment.signoffs.last()?;
            let mut a = o.loaded.assessment.clone();
            a.answers = o.session.doc.answers.clone();
            a.notes = o.session.doc.notes.clone();
            let content =
                crate::record::Record::of(&a, &o.session.ruleset, &o.session.eval).content_sha256();
            (last, content)
        }
        Shown::Preview(p) => match &p.of {
            PreviewOf::Assessment {
                assessment,
                ruleset,
                eval,
            } => (
                assessment.signoffs.last()?,
                crate::record::Record::of(assessment, ruleset, eval).content_sha256(),
            ),
            _ => return None,
        },
        Shown::Nothing => return None,
    };
    Some(crate::report::signoff::line(last, &content, lang))
}
