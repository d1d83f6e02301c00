//! Routing one key: a text field being typed in gets printable keys first, a dialog is modal,
//! otherwise the keymap of the focused pane decides.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::{Action, Context};
use super::state::{App, Dialog, Pane};

pub fn handle_key(app: &mut App, ev: &KeyEvent) {
    if app.dialog.is_some() {
        dialog_key(app, ev);
        return;
    }
    if app.filtering {
        match ev.code {
            KeyCode::Esc => {
                app.filtering = false;
                app.filter.set_text("");
            }
            KeyCode::Enter | KeyCode::Down | KeyCode::Up | KeyCode::Tab => {
                app.filtering = false;
                if ev.code == KeyCode::Enter {
                    app.open_selected();
                }
            }
            _ => {
                if is_ctrl_c(ev) {
                    app.quit = true;
                } else if app.filter.handle_key(ev) {
                    app.selected = 0;
                }
            }
        }
        return;
    }
    let ctx = app.context();
    if let Some(action) = app.settings.keymap.action(ctx, ev) {
        app.act(action);
    }
}

fn is_ctrl_c(ev: &KeyEvent) -> bool {
    ev.code == KeyCode::Char('c') && ev.modifiers.contains(KeyModifiers::CONTROL)
}

/// Scrolling keys of a reading box; false for any other key.
fn scroll_key(ev: &KeyEvent, scroll: &mut usize) -> bool {
    *scroll = match ev.code {
        KeyCode::Down | KeyCode::Char('j') => *scroll + 1,
        KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => *scroll + 10,
        KeyCode::PageUp => scroll.saturating_sub(10),
        _ => return false,
    };
    true
}

fn dialog_key(app: &mut App, ev: &KeyEvent) {
    let Some(mut dialog) = app.dialog.take() else {
        return;
    };
    let action = app.settings.keymap.action(Context::Dialog, ev);
    if action == Some(Action::Quit) {
        app.dialog = Some(dialog);
        app.flush_pending();
        app.quit = true;
        return;
    }
    let keep = match &mut dialog {
        Dialog::Help { scroll } => scroll_key(ev, scroll),
        Dialog::Message { .. } => !matches!(action, Some(Action::Back | Action::Choose)),
        Dialog::Text { scroll, .. } => {
            scroll_key(ev, scroll) || !matches!(action, Some(Action::Back | Action::Choose))
        }
        Dialog::Pick {
            items, selected, ..
        } => match ev.code {
            KeyCode::Down | KeyCode::Char('j') => {
                *selected = (*selected + 1).min(items.len().saturating_sub(1));
                true
            }
            KeyCode::Up | KeyCode::Char('k') => {
                *selected = selected.saturating_sub(1);
                true
            }
            KeyCode::Char(c @ '1'..='9') => {
                let i = c as usize - '1' as usize;
                if let Some((_, pick)) = items.get(i) {
                    super::extras::carry_out(app, pick.clone());
                }
                false
            }
            KeyCode::Enter => {
                if let Some((_, pick)) = items.get(*selected) {
                    super::extras::carry_out(app, pick.clone());
                }
                false
            }
            _ => !matches!(action, Some(Action::Back)),
        },
        Dialog::ConfirmDelete { id, .. } => match ev.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => {
                let id = id.clone();
                app.delete(&id);
                false
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => false,
            _ => true,
        },
        Dialog::Conflict => match ev.code {
            KeyCode::Char('r') | KeyCode::Char('R') => {
                app.resolve_conflict(false);
                return;
            }
            KeyCode::Char('k') | KeyCode::Char('K') | KeyCode::Char('c') => {
                app.resolve_conflict(true);
                return;
            }
            // Esc closes it; nothing is written, and the next change asks again.
            KeyCode::Esc => {
                app.flash = Some(app.t(super::i18n::Msg::ConflictTitle).to_string());
                false
            }
            _ => true,
        },
        Dialog::Note(field) => match action {
            Some(Action::Back) => false,
            Some(Action::Choose) if !ev.modifiers.contains(KeyModifiers::ALT) => {
                let text = field.text().to_string();
                if let Some(o) = app.open.as_mut()
                    && o.session.set_note(text)
                {
                    app.save();
                }
                false
            }
            _ => {
                field.handle_key(ev);
                true
            }
        },
        Dialog::GroupName(field) => match action {
            Some(Action::Back) => false,
            Some(Action::Choose) => {
                let name = field.text().trim().to_string();
                if !name.is_empty()
                    && let Some(o) = app.open.as_mut()
                    && o.session.add_group(&name)
                {
                    app.save();
                }
                false
            }
            _ => {
                field.handle_key(ev);
                true
            }
        },
        Dialog::Form(form) => match action {
            Some(Action::Back) => false,
            Some(Action::FocusNext) | Some(Action::Down) => {
                form.focus = (form.focus + 1) % 4;
                true
            }
            Some(Action::FocusPrev) | Some(Action::Up) => {
                form.focus = (form.focus + 3) % 4;
                true
            }
            Some(Action::Choose) => !app.submit_form(form),
            _ => {
                if form.focus == 3 {
                    let n = app.registry.entries.len().max(1);
                    match ev.code {
                        KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('k') => {
                            form.ruleset = (form.ruleset + n - 1) % n
                        }
                        KeyCode::Right
                        | KeyCode::Char('l')
                        | KeyCode::Char('j')
                        | KeyCode::Char(' ') => form.ruleset = (form.ruleset + 1) % n,
                        _ => {}
                    }
                } else {
                    form.fields[form.focus].handle_key(ev);
                }
                true
            }
        },
    };
    if keep && app.dialog.is_none() {
        app.dialog = Some(dialog);
    }
    if app.open.is_none() && app.focus != Pane::List {
        app.focus = Pane::List;
    }
}
