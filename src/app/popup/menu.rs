//! A list to choose from, filtered as it is typed: the export formats, what to compare with,
//! the questions, the trash, the what-if levels, a new service's ruleset.
//!
//! Every printable key goes to the filter, so moving and choosing are keys that type nothing
//! (arrows, Ctrl-n/p, Enter). An item matches when every word of the filter occurs in the
//! words it shows, ignoring case; Thai is matched as typed, since it has no case.

use crate::app::action::Action;
use crate::app::text_input::TextInput;

/// Rows a page moves by until the first frame says how many are in view.
const PAGE: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Menu<T> {
    pub items: Vec<T>,
    /// The highlighted item, by its place in `items`.
    pub selected: usize,
    /// The filter typed at the top.
    pub query: TextInput,
    /// What each item is found by: the words it shows, lowercased once.
    haystacks: Vec<String>,
    /// The items the filter lets through, by place, in their order.
    shown: Vec<usize>,
    /// Rows in view, which PgUp/PgDn move by; the view measures it.
    pub page: usize,
}

/// What a key did to a menu.
pub enum Moved<T> {
    /// The highlight moved or the filter changed (or the key was not the menu's).
    Stay,
    /// This item was chosen.
    Chosen(T),
}

/// Whether an item showing `haystack` (lowercased) passes `query`.
pub fn matches(haystack: &str, query: &str) -> bool {
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

impl<T> Menu<T> {
    /// The items that match the filter, by place in `items`.
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// The highlighted item's place, unless the filter hides every item.
    pub fn highlighted(&self) -> Option<usize> {
        self.shown.contains(&self.selected).then_some(self.selected)
    }
}

impl<T: Clone> Menu<T> {
    /// A menu of `items`, each found by the words `text` gives, which should be the words
    /// drawn for it: a filter that matched hidden words would keep rows the user cannot tell
    /// from the rest.
    pub fn new(items: Vec<T>, text: impl Fn(&T) -> String) -> Menu<T> {
        let texts = items.iter().map(text).collect();
        Menu::with_texts(items, texts)
    }

    /// [`Menu::new`] with each item's words given in a list beside it, in the same order.
    pub fn with_texts(items: Vec<T>, texts: Vec<String>) -> Menu<T> {
        debug_assert_eq!(items.len(), texts.len());
        let haystacks = texts.iter().map(|t| t.to_lowercase()).collect();
        let shown = (0..items.len()).collect();
        Menu {
            items,
            selected: 0,
            query: TextInput::single_line(),
            haystacks,
            shown,
            page: PAGE,
        }
    }

    /// Text typed into the filter.
    pub fn type_text(&mut self, text: &str) {
        self.query.insert_str(text);
        self.refilter();
    }

    pub fn apply(&mut self, action: Action) -> Moved<T> {
        let Some(at) = self.shown.iter().position(|&i| i == self.selected) else {
            // Nothing shown: only the filter can change, and Enter has nothing to pick.
            if self.query.apply(action) {
                self.refilter();
            }
            return Moved::Stay;
        };
        let last = self.shown.len() - 1;
        let to = match action {
            Action::Up => at.saturating_sub(1),
            Action::Down => (at + 1).min(last),
            Action::PageUp => at.saturating_sub(self.page.max(1)),
            Action::PageDown => (at + self.page.max(1)).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::Choose => return Moved::Chosen(self.items[self.selected].clone()),
            edit => {
                if self.query.apply(edit) {
                    self.refilter();
                }
                return Moved::Stay;
            }
        };
        self.selected = self.shown[to];
        Moved::Stay
    }

    /// The items matching the filter as it now stands. The highlight stays on its item while
    /// that still matches, so narrowing the filter never loses what the user was looking at.
    fn refilter(&mut self) {
        let query = self.query.text();
        self.shown = self
            .haystacks
            .iter()
            .enumerate()
            .filter(|(_, h)| matches(h, query))
            .map(|(i, _)| i)
            .collect();
        if !self.shown.contains(&self.selected)
            && let Some(&first) = self.shown.first()
        {
            self.selected = first;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services() -> Menu<&'static str> {
        Menu::new(
            vec![
                "Tax filing · Revenue Department",
                "Land title · Department of Lands",
                "ยื่นภาษี · กรมสรรพากร",
                "Passport · Consular Affairs",
                "Tax refund · Revenue Department",
            ],
            |s| s.to_string(),
        )
    }

    fn shown_items<T: Clone>(m: &Menu<T>) -> Vec<T> {
        m.shown().iter().map(|&i| m.items[i].clone()).collect()
    }

    fn chosen<T: Clone>(m: &mut Menu<T>) -> Option<T> {
        match m.apply(Action::Choose) {
            Moved::Chosen(t) => Some(t),
            Moved::Stay => None,
        }
    }

    #[test]
    fn every_word_must_occur_in_any_case_and_order() {
        let mut m = services();
        m.type_text("REVENUE tax");
        assert_eq!(
            shown_items(&m),
            vec![
                "Tax filing · Revenue Department",
                "Tax refund · Revenue Department"
            ]
        );
        m.type_text(" ref");
        assert_eq!(shown_items(&m), vec!["Tax refund · Revenue Department"]);
        assert_eq!(chosen(&mut m), Some("Tax refund · Revenue Department"));
    }

    #[test]
    fn thai_is_matched_as_typed_in_name_or_agency() {
        let mut m = services();
        m.type_text("สรรพากร");
        assert_eq!(shown_items(&m), vec!["ยื่นภาษี · กรมสรรพากร"]);
        m.query.apply(Action::DeleteToStart);
        m.type_text("ภาษี");
        assert_eq!(shown_items(&m), vec!["ยื่นภาษี · กรมสรรพากร"]);
        assert_eq!(chosen(&mut m), Some("ยื่นภาษี · กรมสรรพากร"));
    }

    #[test]
    fn the_highlight_stays_on_its_item_while_it_matches() {
        let mut m = services();
        m.apply(Action::Last);
        assert_eq!(m.highlighted(), Some(4));
        m.type_text("tax");
        // Item 4 still matches: it keeps the highlight though item 0 now comes first.
        assert_eq!(m.highlighted(), Some(4));
        m.type_text(" filing");
        // It no longer matches: the first match takes the highlight.
        assert_eq!(m.highlighted(), Some(0));
    }

    #[test]
    fn moves_go_through_the_matching_items_only() {
        let mut m = services();
        m.type_text("department");
        assert_eq!(m.shown(), &[0, 1, 4]);
        m.apply(Action::Down);
        assert_eq!(m.highlighted(), Some(1));
        m.apply(Action::Down);
        assert_eq!(m.highlighted(), Some(4));
        m.apply(Action::Down);
        assert_eq!(m.highlighted(), Some(4), "stops at the last match");
        m.apply(Action::First);
        assert_eq!(m.highlighted(), Some(0));
        m.apply(Action::Up);
        assert_eq!(m.highlighted(), Some(0));
        m.page = 2;
        m.apply(Action::PageDown);
        assert_eq!(m.highlighted(), Some(4));
        m.apply(Action::PageUp);
        assert_eq!(m.highlighted(), Some(0));
    }

    #[test]
    fn no_match_shows_nothing_and_enter_picks_nothing() {
        let mut m = services();
        m.apply(Action::Down);
        m.type_text("q");
        assert!(m.shown().is_empty());
        assert_eq!(m.highlighted(), None);
        assert_eq!(chosen(&mut m), None);
        m.apply(Action::Down);
        assert_eq!(m.highlighted(), None, "nothing to move to");
        // Backspace brings every item back, the highlight where it was.
        m.apply(Action::DeleteBack);
        assert_eq!(m.shown().len(), 5);
        assert_eq!(m.highlighted(), Some(1));
        assert_eq!(chosen(&mut m), Some("Land title · Department of Lands"));
    }

    #[test]
    fn ctrl_u_clears_the_filter() {
        let mut m = services();
        m.type_text("passport consular");
        assert_eq!(m.shown(), &[3]);
        m.apply(Action::DeleteToStart);
        assert!(m.query.is_empty());
        assert_eq!(m.shown().len(), 5);
        assert_eq!(m.highlighted(), Some(3));
    }

    #[test]
    fn an_empty_filter_or_spaces_alone_keep_every_item() {
        let mut m = services();
        m.type_text("   ");
        assert_eq!(m.shown().len(), 5);
        let mut empty: Menu<&str> = Menu::new(vec![], |s| s.to_string());
        assert!(matches!(empty.apply(Action::Choose), Moved::Stay));
        assert!(matches!(empty.apply(Action::Down), Moved::Stay));
    }
}
