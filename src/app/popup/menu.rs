//! A short list to choose from, with a highlight: the export formats, what to compare with.

use crate::app::action::Action;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Menu<T> {
    pub items: Vec<T>,
    pub selected: usize,
}

/// What a key did to a menu.
pub enum Moved<T> {
    /// The highlight moved (or the key was not the menu's).
    Stay,
    /// This item was chosen.
    Chosen(T),
}

impl<T: Clone> Menu<T> {
    pub fn new(items: Vec<T>) -> Menu<T> {
        Menu { items, selected: 0 }
    }

    pub fn apply(&mut self, action: Action) -> Moved<T> {
        let last = self.items.len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::First => self.selected = 0,
            Action::Last => self.selected = last,
            Action::Choose => {
                if let Some(item) = self.items.get(self.selected) {
                    return Moved::Chosen(item.clone());
                }
            }
            other => {
                if let Some(item) = other.pick_index().and_then(|i| self.items.get(i)) {
                    return Moved::Chosen(item.clone());
                }
            }
        }
        Moved::Stay
    }
}
