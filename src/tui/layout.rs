//! Where everything goes on a screen of a given size: computed once per frame and used by the
//! drawing, by the mouse and by the tests, so they can never disagree.

use ratatui::layout::{Constraint, Layout, Position, Rect};

use super::popups;
use crate::app::{App, Pane};

/// The smallest screen the layout works on; below it one line says so.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width the list, wizard and result stand side by side.
pub const WIDE: u16 = 110;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub screen: Rect,
    /// Too small for the layout: only a message is drawn.
    pub too_small: bool,
    pub header: Rect,
    pub footer: Rect,
    pub list: Option<Rect>,
    pub wizard: Option<Rect>,
    pub result: Option<Rect>,
    pub popup: Option<Rect>,
}

impl Areas {
    /// The pane under a cell, if any.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let at = Position::new(column, row);
        [
            (self.list, Pane::List),
            (self.wizard, Pane::Wizard),
            (self.result, Pane::Result),
        ]
        .into_iter()
        .find_map(|(r, p)| r.filter(|r| r.contains(at)).map(|_| p))
    }
}

pub fn areas(app: &App, screen: Rect) -> Areas {
    let mut a = Areas {
        screen,
        ..Areas::default()
    };
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        a.too_small = true;
        return a;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(screen);
    a.header = header;
    a.footer = footer;
    if body.width >= WIDE {
        let [list, wizard, result] = Layout::horizontal([
            Constraint::Percentage(28),
            Constraint::Percentage(40),
            Constraint::Percentage(32),
        ])
        .areas(body);
        (a.list, a.wizard, a.result) = (Some(list), Some(wizard), Some(result));
    } else {
        // Narrow (80×24 over SSH): the list stands in for the wizard while it has the focus.
        let [main, result] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(body);
        if app.focus == Pane::List || app.open.is_none() {
            a.list = Some(main);
        } else {
            a.wizard = Some(main);
        }
        a.result = Some(result);
    }
    a.popup = app.popup.as_ref().map(|p| popups::area(p, screen, app));
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Init;

    #[test]
    fn the_panes_tile_the_body_and_clicks_find_them() {
        let app = App::new(Init::default());
        let wide = areas(&app, Rect::new(0, 0, 120, 40));
        let (l, w, r) = (
            wide.list.unwrap(),
            wide.wizard.unwrap(),
            wide.result.unwrap(),
        );
        assert_eq!(l.right(), w.x);
        assert_eq!(w.right(), r.x);
        assert_eq!(r.right(), 120);
        assert_eq!((l.y, l.height), (1, 38));
        assert_eq!(wide.pane_at(0, 5), Some(Pane::List));
        assert_eq!(wide.pane_at(w.x, 5), Some(Pane::Wizard));
        assert_eq!(wide.pane_at(119, 38), Some(Pane::Result));
        assert_eq!(wide.pane_at(5, 0), None, "the header is no pane");

        let narrow = areas(&app, Rect::new(0, 0, 80, 24));
        assert!(narrow.wizard.is_none(), "the list stands in for it");
        assert_eq!(narrow.list.unwrap().right(), narrow.result.unwrap().x);
        assert!(areas(&app, Rect::new(0, 0, 39, 24)).too_small);
    }
}
