//! The Questions pane: the current question, its help, its options (or every row of an
//! impact matrix with what each level means for the current row), and the note.

use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;

use crate::app::session::Session;
use crate::app::{Pane, wizard};
use crate::engine::{Evaluation, PlanCheck};
use crate::ruleset::{Kind, Ruleset};
use crate::tui::i18n::{self, Msg};
use crate::tui::paint::Ctx;
use crate::tui::widgets::{para, scrolled_body, truncate, wrap};

/// Draws the pane; returns the help's lines and room when the help is cut (for Ctrl-d to stop
/// at its end).
pub fn draw(frame: &mut Frame<'_>, cx: &Ctx<'_>, area: Rect) -> Option<(usize, usize)> {
    let theme = cx.theme;
    let app = cx.app;
    let focused = app.focus == Pane::Wizard && app.popup.is_none();
    let Some(open) = &app.open else {
        let block = theme.block(cx.t(Msg::PaneQuestions).to_string(), focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Lines::new(para(
                cx.t(Msg::ChooseAService),
                inner.width as usize,
                theme.muted,
            )),
            inner,
        );
        return None;
    };
    let s = &open.session;
    let rs = &s.ruleset;
    let lang = cx.lang;
    let eval = s.current_eval()?;
    let (answered, to_go) = wizard::tally(rs, s.answers(), eval);
    let title = format!(
        "{} · {}",
        cx.t(Msg::PaneQuestions),
        i18n::tally(answered, to_go, lang)
    );
    let block = theme.block(title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    // The head stays at the top whatever scrolls below it: the group, the case being
    // assessed, and the question itself.
    let mut head: Vec<Line<'static>> = Vec::new();
    if let Some(g) = s.current_group() {
        head.push(Line::styled(
            truncate(
                &format!(
                    "{}: {} ({}/{})",
                    cx.t(Msg::UserGroup),
                    if g.name.is_empty() { &g.id } else { &g.name },
                    s.group + 1,
                    s.group_count()
                ),
                w,
            ),
            theme.header,
        ));
    }
    let case = &open.loaded.assessment.service.description;
    if !case.trim().is_empty() {
        let mut case_lines = para(&format!("{}: {case}", cx.t(Msg::Case)), w, theme.muted);
        if case_lines.len() > CASE_LINES {
            case_lines.truncate(CASE_LINES);
            let last = case_lines[CASE_LINES - 1].to_string();
            case_lines[CASE_LINES - 1] =
                Line::styled(truncate(&format!("{last} …"), w), theme.muted);
        }
        head.extend(case_lines);
    }
    let q = &rs.questions[s.cursor.question];
    // Who last changed this answer, from the history read once in the background: beside
    // the question's id when it fits, else on a line of its own.
    match app.last_change() {
        Some(c) => {
            let who = c.who.split(" <").next().unwrap_or(&c.who);
            let when: String = c.when.replacen('T', " ", 1).chars().take(16).collect();
            let said = i18n::last_change(&crate::text::visible(who), &when, lang);
            let line = format!("{} · {said}", q.id);
            if wrap::width(&line) <= w {
                head.push(Line::styled(line, theme.muted));
            } else {
                head.push(Line::styled(q.id.clone(), theme.muted));
                head.push(Line::styled(truncate(&said, w), theme.muted));
            }
        }
        None => head.push(Line::styled(q.id.clone(), theme.muted)),
    }
    head.extend(para(
        q.text.get(lang),
        w,
        theme.title.add_modifier(Modifier::BOLD),
    ));
    // An answer carried over from an earlier version of the ruleset: shown prefilled below,
    // and said here, with the key that confirms it.
    if let (Some(confirm), Some(carry)) = (
        wizard::carried(rs, s.answers(), s.cursor.question),
        rs.carry_into(s.cursor.question),
    ) {
        let key = cx
            .keymap
            .keys_for(
                crate::tui::keys::chain(crate::app::Context::Wizard),
                crate::app::Action::Choose,
            )
            .first()
            .map(|k| k.to_string())
            .unwrap_or_else(|| "Enter".into());
        let origin = crate::report::facts::carried_from(carry, lang);
        let mut text = i18n::carried_line(&origin, confirm, &key, lang);
        if let Some(n) = &carry.note {
            text.push_str(&format!(" · {}", n.get(lang)));
        }
        head.extend(para(&text, w, theme.warn.add_modifier(Modifier::BOLD)));
    }
    // A merge left this answer in conflict: both values stand at the top until one is chosen.
    for c in crate::app::conflicts::on_current(open) {
        let shown = |v: &Option<toml::Value>| match v {
            Some(toml::Value::String(s)) => crate::text::visible(s).into_owned(),
            Some(other) => crate::text::visible(&other.to_string()).into_owned(),
            None => "–".to_string(),
        };
        let cell = c
            .path
            .last()
            .filter(|l| **l != q.id)
            .cloned()
            .unwrap_or_default();
        let text = i18n::conflict_line(
            &crate::text::visible(&cell),
            &shown(&c.ours),
            &crate::text::visible(&c.ours_by),
            &shown(&c.theirs),
            &crate::text::visible(&c.theirs_by),
            lang,
        );
        head.extend(para(&text, w, theme.header.add_modifier(Modifier::BOLD)));
    }
    // The help has a room of its own under the head: it never loses its start to the options
    // (Ctrl-d/Ctrl-u scroll it when it is longer than its room).
    let help: Vec<Line<'static>> = q
        .help
        .as_ref()
        .map(|h| para(h.get(lang), w.saturating_sub(1).max(1), theme.muted))
        .unwrap_or_default();
    // A hidden result hides which answers decide it too.
    let decisive = if app.result_hidden() {
        Vec::new()
    } else {
        s.decisive()
    };
    // The options (with what each level means), then the note. `compact` gives each meaning
    // one line, for a pane too short to show the highlighted row and the cursor together.
    let options = |compact: bool| {
        let mut lines: Vec<Line<'static>> = Vec::new();
        match q.kind {
            Kind::Impact => impact_lines(cx, s, &decisive, w, compact, &mut lines),
            _ => choice_lines(cx, s, eval, &decisive, w, &mut lines),
        }
        if let Some(note) = s.note(s.cursor.question) {
            lines.push(Line::raw(""));
            lines.extend(para(
                &format!("{}: {note}", cx.t(Msg::Note)),
                w,
                theme.muted.add_modifier(Modifier::ITALIC),
            ));
        }
        lines
    };
    let mut lines = options(false);
    // The head takes at most half the pane, so the options always have room.
    let head_h = head.len().min(usize::from(inner.height) / 2) as u16;
    let rest = usize::from(inner.height.saturating_sub(head_h));
    // The help: whole when it fits in a third of what is left (two fifths for a choice, whose
    // options are few), else that room, scrolled by the cursor's help offset.
    let help_room = if q.kind == Kind::Impact {
        rest / 3
    } else {
        rest * 2 / 5
    }
    .max(2);
    // What the options need to show the highlighted row and the cursor together; the help
    // gives way to it, down to its first line.
    let apart = |lines: &[Line<'static>]| {
        let at = |mark: char| {
            lines
                .iter()
                .position(|l| l.spans.first().is_some_and(|s| s.content.starts_with(mark)))
        };
        at('▸')
            .zip(at('›'))
            .map_or(0, |(row, cursor)| cursor.saturating_sub(row) + 1)
    };
    if apart(&lines) + 3 > rest {
        lines = options(true);
    }
    // A matrix needs its highlighted row and the cursor; a choice, its options.
    let need = if q.kind == Kind::Impact {
        apart(&lines)
    } else {
        lines.len()
    };
    let help_h = if help.len() + 1 + lines.len() <= rest {
        help.len()
    } else {
        help.len()
            .min(help_room)
            .min(rest.saturating_sub(need + 1).max(1))
    };
    let gap = u16::from(help_h > 0);
    let [head_area, help_area, _, body] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Length(help_h as u16),
        Constraint::Length(gap),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Lines::new(head), head_area);
    let help_len = help.len();
    if help_h > 0 {
        help_view(frame, cx, help, s.cursor.help, area, help_area);
    }
    // Keep the cursor line in view, and in a matrix the highlighted row too (it wins when
    // both do not fit, even with each meaning on one line).
    let height = body.height as usize;
    let first_line = |mark: char| {
        lines
            .iter()
            .position(|l| l.spans.first().is_some_and(|s| s.content.starts_with(mark)))
    };
    let cursor_line = first_line('›').unwrap_or(0);
    let mut scroll = cursor_line.saturating_sub(height.saturating_sub(3));
    if let Some(row) = first_line('▸') {
        scroll = scroll.min(row);
    }
    scrolled_body(frame, area, body, lines, scroll, theme.ascii);
    (help_len > help_h).then_some((help_len, help_h))
}

/// The question's help in its room from line `offset` (kept inside the text), with a
/// scrollbar, and "…" at the end of the last line shown when more follows.
fn help_view(
    frame: &mut Frame<'_>,
    cx: &Ctx<'_>,
    mut help: Vec<Line<'static>>,
    offset: usize,
    pane: Rect,
    room: Rect,
) {
    let h = usize::from(room.height);
    let total = help.len();
    let first = offset.min(total.saturating_sub(h));
    if first + h < total {
        let last = first + h - 1;
        let text: String = help[last].to_string();
        help[last] = Line::styled(
            truncate(&format!("{text} …"), usize::from(room.width)),
            cx.theme.muted,
        );
    }
    scrolled_body(frame, pane, room, help, first, cx.theme.ascii);
}

/// The case being assessed takes at most this many lines above the question.
const CASE_LINES: usize = 3;

fn choice_lines(
    cx: &Ctx<'_>,
    s: &Session,
    eval: &Evaluation,
    decisive: &[(usize, Option<usize>)],
    w: usize,
    lines: &mut Vec<Line<'static>>,
) {
    let theme = cx.theme;
    let rs = &s.ruleset;
    let q = s.cursor.question;
    let answered = wizard::shown_answer(rs, s.answers(), q, 0);
    let is_decisive = decisive.iter().any(|(dq, _)| *dq == q);
    let plan = eval.plans.iter().find(|p| p.question == q);
    for (i, o) in rs.questions[q].options.iter().enumerate() {
        let cursor = if i == s.cursor.option { "›" } else { " " };
        let chosen = if answered == Some(i) { "●" } else { "○" };
        let mut text = format!("{cursor}{} {chosen} {}", i + 1, o.label.get(cx.lang));
        if let (Some(t), Some(a), false) =
            (rs.questions[q].plan, o.achieves, cx.app.result_hidden())
        {
            text.push_str(&format!(" → {}", rs.targets[t].levels[a].shown(cx.lang)));
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
                wrap::display(h.get(cx.lang), w.saturating_sub(5).max(1))
                    .into_iter()
                    .map(|p| Line::styled(format!("     {p}"), theme.muted)),
            );
        }
    }
    if let Some(p) = plan.filter(|_| !cx.app.result_hidden()) {
        lines.push(Line::raw(""));
        lines.extend(plan_lines(cx, rs, p, w));
    }
}

/// "Plan check AAL: the planned method reaches AAL1 (required AAL2) — falls short": what was
/// planned, against what, and the verdict, in words and in colour only as well (the words of
/// the printed report).
pub fn plan_lines(cx: &Ctx<'_>, rs: &Ruleset, p: &PlanCheck, w: usize) -> Vec<Line<'static>> {
    let theme = cx.theme;
    let t = &rs.targets[p.target];
    let verdict = if p.meets {
        cx.t(Msg::PlanMeets)
    } else {
        cx.t(Msg::PlanFallsShort)
    };
    para(
        &format!(
            "{} {}: {} {} ({} {}) — {verdict}",
            cx.t(Msg::PlanCheck),
            t.id.to_uppercase(),
            cx.t(Msg::PlanReaches),
            t.levels[p.achieves].shown(cx.lang),
            cx.t(Msg::PlanRequired),
            t.levels[p.required].shown(cx.lang),
        ),
        w,
        if p.meets { theme.ok } else { theme.error },
    )
}

fn impact_lines(
    cx: &Ctx<'_>,
    s: &Session,
    decisive: &[(usize, Option<usize>)],
    w: usize,
    compact: bool,
    lines: &mut Vec<Line<'static>>,
) {
    let theme = cx.theme;
    let lang = cx.lang;
    let rs = &s.ruleset;
    let q = s.cursor.question;
    let question = &rs.questions[q];
    // Every row with its answer, the current row marked; the names in one column.
    let value_w = rs
        .impact
        .iter()
        .map(|l| wrap::width(l.name.get(lang)))
        .max()
        .unwrap_or(1);
    for (row, &c) in question.categories.iter().enumerate() {
        let answer = wizard::shown_answer(rs, s.answers(), q, row);
        let here = row == s.cursor.row;
        let mark = if here { "▸" } else { " " };
        let value = answer
            .map(|a| rs.impact[a].name.get(lang).to_string())
            .unwrap_or_else(|| "·".into());
        // The star has a column of its own, so rows line up whether or not they decide.
        let star = if decisive.contains(&(q, Some(c))) {
            " ★"
        } else {
            "  "
        };
        let name = rs.categories[c].name.get(lang);
        // Padded by display width: `{:<n}` counts code points, and Thai marks take no cell.
        let pad = " ".repeat(value_w.saturating_sub(wrap::width(&value)));
        let text = format!("{mark} {value}{pad}{star} {name}");
        let mut style = if here {
            theme.text.add_modifier(Modifier::BOLD)
        } else {
            theme.text
        };
        if star != "  " {
            style = style.patch(theme.highlight);
        }
        lines.push(Line::styled(truncate(&text, w), style));
        // Rated per impacted entity (in the file): the row shows the highest, this line each.
        let per_entity = per_entity_line(rs, s.answers(), q, c, lang);
        if !per_entity.is_empty() {
            lines.push(Line::styled(
                truncate(&format!("    ↳ {per_entity}"), w),
                theme.muted,
            ));
        }
    }
    // The current row's choices, each with what it means in this category. Compact (a short
    // pane): no blank line and no heading (the ▸ row names the category), and only the
    // cursor's choice says what it means, on one line.
    let Some(&cat) = question.categories.get(s.cursor.row) else {
        return;
    };
    let category = &rs.categories[cat];
    if !compact {
        lines.push(Line::raw(""));
        lines.extend(para(
            category.name.get(lang),
            w,
            theme.title.add_modifier(Modifier::UNDERLINED),
        ));
    }
    if !per_entity_line(rs, s.answers(), q, cat, lang).is_empty() {
        let warn = match lang {
            crate::text::Lang::Th => {
                "ประเมินแยกตามผู้ได้รับผลกระทบ: การเลือกที่นี่แทนที่ระดับเหล่านั้นด้วยระดับเดียว (u เลิกทำ)"
            }
            crate::text::Lang::En => {
                "Rated per impacted entity: a choice here replaces those ratings with one (u undoes it)"
            }
        };
        lines.extend(para(warn, w, theme.muted));
    }
    let answered = wizard::shown_answer(rs, s.answers(), q, s.cursor.row);
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
                &format!("{cursor}{} {chosen} {}", i + 1, level.name.get(lang)),
                w,
            ),
            style,
        ));
        if let Some(def) = category.levels.get(i).and_then(|d| d.as_ref()) {
            if compact {
                if i == s.cursor.option {
                    lines.push(Line::styled(
                        truncate(&format!("     {}", def.get(lang)), w),
                        theme.muted,
                    ));
                }
            } else {
                lines.extend(
                    wrap::display(def.get(lang), w.saturating_sub(5).max(1))
                        .into_iter()
                        .map(|p| Line::styled(format!("     {p}"), theme.muted)),
                );
            }
        }
    }
}

/// "Individuals: Low · The public: High" for a category rated per impacted entity in the
/// saved answer; empty when it is rated as a whole.
fn per_entity_line(
    rs: &crate::ruleset::Ruleset,
    answers: &crate::answers::Answers,
    q: usize,
    category: usize,
    lang: crate::text::Lang,
) -> String {
    let Some(cells) = answers
        .get(&rs.questions[q].id)
        .and_then(crate::answers::AnswerValue::as_matrix)
    else {
        return String::new();
    };
    let Some(g) = rs.groups.as_ref() else {
        return String::new();
    };
    rs.entity_ratings(cells, &rs.categories[category].id)
        .into_iter()
        .map(|(e, r)| {
            format!(
                "{}: {}",
                g.entities[e].name.get(lang),
                rs.impact[r].name.get(lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
