//! How a key press becomes an app event: the contexts whose keys apply where the focus is,
//! then the action bound there, or, in a text field, the character typed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys::{Key, Keymap, chain, pane_context};
use super::popups;
use crate::app::{App, Context, Event, Say};

/// The contexts whose keys apply now, in lookup order.
pub fn contexts(app: &App) -> &'static [Context] {
    if let Some(p) = &app.popup {
        return popups::contexts(p);
    }
    if app.list.filtering {
        return chain(Context::Filter);
    }
    chain(pane_context(app.focus))
}

/// Whether printable keys are typed into a field now.
pub fn typing(app: &App) -> bool {
    app.popup
        .as_ref()
        .map_or(app.list.filtering, |p| p.takes_text())
}

/// What a key press asks of the app: the action bound where the focus is, or, in a text
/// field, the character typed.
pub fn event_for(app: &App, keymap: &Keymap, ev: &KeyEvent) -> Option<Event> {
    let typing = typing(app);
    if let Some(a) = keymap.action(contexts(app), ev, !typing) {
        return Some(Event::Action(a));
    }
    let plain = !ev
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match ev.code {
        KeyCode::Char(c) if typing && plain && Key::from_event(ev).is_some() => {
            Some(Event::Text(c.to_string()))
        }
        // A pane's key pressed in another pane: say where it works rather than nothing.
        _ if app.popup.is_none() && !typing => {
            let key = Key::from_event(ev)?;
            [Context::List, Context::Wizard, Context::Result]
                .into_iter()
                .filter(|&c| c != pane_context(app.focus))
                .find_map(|c| {
                    let action = keymap.lookup(chain(c), key)?;
                    Some(Event::Say(Say::KeyElsewhere {
                        key: key.to_string(),
                        action,
                        context: c,
                    }))
                })
        }
        _ => None,
    }
}
