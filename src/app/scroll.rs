//! A scroll position kept inside what there is to see. The limit comes from the last frame
//! (how many lines the content took at the width it was drawn), so scrolling past the end is
//! never stored and the first key back up moves at once.

use super::action::Action;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scroll {
    offset: usize,
    /// The largest useful offset: lines of content minus lines of view.
    max: usize,
    /// Lines of view, for a page.
    page: usize,
}

impl Scroll {
    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn max(&self) -> usize {
        self.max
    }

    /// What the last frame measured: `content` lines shown `view` at a time.
    pub fn measure(&mut self, content: usize, view: usize) {
        self.max = content.saturating_sub(view);
        self.page = view;
        self.offset = self.offset.min(self.max);
    }

    pub fn to_top(&mut self) {
        self.offset = 0;
    }

    /// Shows line `offset` at the top, as far as there is content below it.
    pub fn set(&mut self, offset: usize) {
        self.offset = offset.min(self.max);
    }

    /// Moves as the action says; false when the action is not a scroll.
    pub fn apply(&mut self, action: Action) -> bool {
        let page = self.page.saturating_sub(1).max(1);
        self.offset = match action {
            Action::Up => self.offset.saturating_sub(1),
            Action::Down => self.offset + 1,
            Action::PageUp => self.offset.saturating_sub(page),
            Action::PageDown => self.offset + page,
            Action::First => 0,
            Action::Last => self.max,
            _ => return false,
        }
        .min(self.max);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_stored_past_the_end() {
        let mut s = Scroll::default();
        s.measure(30, 10);
        for _ in 0..50 {
            s.apply(Action::Down);
        }
        assert_eq!(s.offset(), 20);
        s.apply(Action::Up);
        assert_eq!(s.offset(), 19, "the first key back moves at once");
        s.apply(Action::PageDown);
        assert_eq!(s.offset(), 20);
        s.apply(Action::PageUp);
        assert_eq!(s.offset(), 11);
        s.apply(Action::First);
        assert_eq!(s.offset(), 0);
        s.apply(Action::Last);
        assert_eq!(s.offset(), 20);
        // The content shrank (a wider screen): the offset follows.
        s.measure(12, 10);
        assert_eq!(s.offset(), 2);
        assert!(!s.apply(Action::Choose));
    }

    #[test]
    fn content_that_fits_does_not_scroll() {
        let mut s = Scroll::default();
        s.measure(5, 10);
        s.apply(Action::Down);
        assert_eq!(s.offset(), 0);
    }
}
