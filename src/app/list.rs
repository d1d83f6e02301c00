//! The list of assessments: every listed file, the rows shown (filtered and sorted) and the
//! highlighted one. The order is kept up to date as things change, not recomputed per frame:
//! sorting 10,000 entries on every keystroke would put milliseconds on each.

use std::cmp::Ordering;
use std::path::Path;

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

use super::query::{Query, Scope};
use super::text_input::TextInput;
use crate::ruleset::registry::Registry;
use crate::store::{ScanEntry, Summary, Word};

#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    EnumIter,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Sort {
    #[default]
    Updated,
    Name,
    Level,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Updated => Sort::Name,
            Sort::Name => Sort::Level,
            Sort::Level => Sort::Updated,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct List {
    entries: Vec<ScanEntry>,
    /// The rows shown, as indices into `entries`, in order.
    rows: Vec<usize>,
    filter: TextInput,
    /// The filter, parsed (see `app::query`).
    query: Query,
    /// Every target id the listed assessments have, in the order first met: the columns of
    /// levels, and the keys the filter compares levels by.
    targets: Vec<Word>,
    /// For each of `targets`, every level id the listed assessments have for it: what the
    /// widest in its column can be.
    levels_seen: Vec<Vec<Word>>,
    /// Every ruleset id the listed assessments name, each once.
    rulesets: Vec<Word>,
    /// How many listed assessments have a level that is a lower bound (marked ≥): kept as
    /// entries change, so drawing does not count 10,000 rows at each frame.
    bounded: usize,
    /// The levels are hidden (a training class): the filter matches none.
    hide_levels: bool,
    /// The filter is being typed.
    pub filtering: bool,
    sort: Sort,
    /// Index into the rows shown.
    selected: usize,
    /// Where an entry last replaced in place was found, to find it again without a search.
    hint: usize,
    /// Counts the changes to which rows are shown, so that a reader of the rows (the preview)
    /// looks again only after one, not at every key.
    revision: u64,
}

fn sort_name(e: &ScanEntry) -> String {
    match e {
        ScanEntry::Ok(s) => s.service_name.to_lowercase(),
        ScanEntry::Broken { path, .. } => path.display().to_string(),
    }
}

/// The levels of an entry as ranks in its ruleset's targets, in target order; highest first
/// in a level sort.
fn level_rank(registry: &Registry, e: &ScanEntry) -> std::cmp::Reverse<Vec<usize>> {
    let ScanEntry::Ok(s) = e else {
        // Broken files first: they need someone's attention.
        return std::cmp::Reverse(vec![usize::MAX]);
    };
    let Some(rs) = registry.get(&s.ruleset_id) else {
        return std::cmp::Reverse(Vec::new());
    };
    std::cmp::Reverse(
        rs.targets
            .iter()
            .map(|target| {
                s.levels
                    .iter()
                    .find(|(id, _)| *id == target.id)
                    .and_then(|(_, l)| target.level_index(l))
                    .unwrap_or(0)
            })
            .collect(),
    )
}

impl List {
    pub fn new(entries: Vec<ScanEntry>, sort: Sort, registry: &Registry) -> List {
        let mut list = List {
            entries,
            sort,
            ..List::default()
        };
        list.recompute(registry);
        list
    }

    /// The list for a class whose levels are hidden: the filter matches no level.
    pub fn hiding_levels(mut self, hide: bool, registry: &Registry) -> List {
        self.hide_levels = hide;
        if !self.query.is_empty() {
            self.recompute(registry);
        }
        self
    }

    /// Every target id the listed assessments have, in the order first met.
    pub fn targets(&self) -> &[Word] {
        &self.targets
    }

    /// Every level id the listed assessments have for target `k` of [`List::targets`].
    pub fn levels_seen(&self, k: usize) -> &[Word] {
        self.levels_seen.get(k).map_or(&[], Vec::as_slice)
    }

    /// Whether some listed assessment has a level that is a lower bound (filter or not).
    pub fn any_lower_bound(&self) -> bool {
        self.bounded > 0
    }

    /// Every ruleset id the listed assessments name, each once.
    pub fn rulesets(&self) -> &[Word] {
        &self.rulesets
    }

    pub fn entries(&self) -> &[ScanEntry] {
        &self.entries
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    pub fn filter(&self) -> &TextInput {
        &self.filter
    }

    /// How many rows are shown.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The `i`-th row shown.
    pub fn get(&self, i: usize) -> Option<&ScanEntry> {
        self.rows.get(i).map(|&r| &self.entries[r])
    }

    /// The rows shown, in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &ScanEntry> + '_ {
        self.rows.iter().map(|&r| &self.entries[r])
    }

    /// Changes whenever the rows shown may have changed (filter, listing, a row replaced).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_entry(&self) -> Option<&ScanEntry> {
        self.get(self.selected)
    }

    /// The row of assessment `id`: the highlighted one at once (what the panes show is nearly
    /// always the highlighted or the open one, and drawing asks on every frame), any other by
    /// a walk over the list.
    pub fn summary_of(&self, id: &str) -> Option<&crate::store::Summary> {
        fn ok(e: &ScanEntry) -> Option<&crate::store::Summary> {
            match e {
                ScanEntry::Ok(s) => Some(s),
                _ => None,
            }
        }
        if let Some(s) = self.selected_entry().and_then(ok).filter(|s| s.id == id) {
            return Some(s);
        }
        self.entries.iter().filter_map(ok).find(|s| s.id == id)
    }

    pub fn select(&mut self, i: usize) {
        self.selected = i.min(self.rows.len().saturating_sub(1));
    }

    /// Highlights the row of this file, if it is shown; true when it is.
    pub fn select_path(&mut self, path: &Path) -> bool {
        let found = self.rows().position(|e| e.path() == path);
        if let Some(i) = found {
            self.selected = i;
        }
        found.is_some()
    }

    pub fn select_id(&mut self, id: &str) -> bool {
        let found = self
            .rows()
            .position(|e| matches!(e, ScanEntry::Ok(s) if s.id == id));
        if let Some(i) = found {
            self.selected = i;
        }
        found.is_some()
    }

    /// Moves the highlight by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// A new listing: the highlight stays on the same file when it is still there.
    pub fn set_entries(&mut self, entries: Vec<ScanEntry>, registry: &Registry) {
        let keep = self.selected_entry().map(|e| e.path().to_path_buf());
        self.entries = entries;
        self.recompute(registry);
        if let Some(p) = keep {
            self.select_path(&p);
        }
    }

    pub fn set_sort(&mut self, sort: Sort, registry: &Registry) {
        let keep = self.selected_entry().map(|e| e.path().to_path_buf());
        self.sort = sort;
        self.recompute(registry);
        if let Some(p) = keep {
            self.select_path(&p);
        }
    }

    /// Edits the filter: the first row matching is highlighted.
    pub fn edit_filter(&mut self, registry: &Registry, edit: impl FnOnce(&mut TextInput)) {
        let before = self.filter.text().to_string();
        edit(&mut self.filter);
        if self.filter.text() != before {
            self.query = Query::parse(self.filter.text());
            self.recompute(registry);
            self.selected = 0;
        }
    }

    /// Clears the filter, keeping the highlighted file highlighted.
    pub fn clear_filter(&mut self, registry: &Registry) {
        if self.filter.is_empty() {
            return;
        }
        let keep = self.selected_entry().map(|e| e.path().to_path_buf());
        self.filter.set_text("");
        self.query = Query::default();
        self.recompute(registry);
        if let Some(p) = keep {
            self.select_path(&p);
        }
    }

    /// Notes the targets and the ruleset of an entry listed.
    fn note_columns(&mut self, i: usize) {
        let ScanEntry::Ok(s) = &self.entries[i] else {
            return;
        };
        if !self.rulesets.contains(&s.ruleset_id) {
            self.rulesets.push(s.ruleset_id.clone());
        }
        for (t, l) in &s.levels {
            let k = match self.targets.iter().position(|x| x == t) {
                Some(k) => k,
                None => {
                    self.targets.push(t.clone());
                    self.levels_seen.push(Vec::new());
                    self.targets.len() - 1
                }
            };
            if !self.levels_seen[k].contains(l) {
                self.levels_seen[k].push(l.clone());
            }
        }
    }

    fn passes(&self, registry: &Registry, i: usize) -> bool {
        self.query.is_empty()
            || self.query.matches(
                &self.entries[i],
                &Scope {
                    registry,
                    targets: &self.targets,
                    hide_levels: self.hide_levels,
                },
            )
    }

    fn recompute(&mut self, registry: &Registry) {
        self.revision += 1;
        self.targets.clear();
        self.levels_seen.clear();
        self.rulesets.clear();
        self.bounded = self.entries.iter().filter(|e| has_lower_bound(e)).count();
        for i in 0..self.entries.len() {
            self.note_columns(i);
        }
        let mut rows: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.passes(registry, i))
            .collect();
        match self.sort {
            Sort::Name => rows.sort_by_cached_key(|&i| (sort_name(&self.entries[i]), i)),
            Sort::Updated => rows.sort_by(|&a, &b| self.row_order(registry, a, b)),
            Sort::Level => {
                rows.sort_by_cached_key(|&i| (level_rank(registry, &self.entries[i]), i))
            }
        }
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The order of two entries (by index): the sort key, then the index, so the order is total
    /// and one row can be put back in place by a binary search.
    fn row_order(&self, registry: &Registry, a: usize, b: usize) -> Ordering {
        let (x, y) = (&self.entries[a], &self.entries[b]);
        let by_key = match self.sort {
            Sort::Name => sort_name(x).cmp(&sort_name(y)),
            Sort::Updated => match (x, y) {
                (ScanEntry::Ok(x), ScanEntry::Ok(y)) => y.updated.cmp(&x.updated),
                (ScanEntry::Broken { .. }, ScanEntry::Ok(_)) => Ordering::Less,
                (ScanEntry::Ok(_), ScanEntry::Broken { .. }) => Ordering::Greater,
                (x, y) => sort_name(x).cmp(&sort_name(y)),
            },
            Sort::Level => level_rank(registry, x).cmp(&level_rank(registry, y)),
        };
        by_key.then(a.cmp(&b))
    }

    /// Puts `summary` in place of the entry with the same file (or adds it), moving its one
    /// row to where the order wants it. The highlight stays on the row it was on.
    pub fn replace(&mut self, summary: Summary, registry: &Registry) {
        self.revision += 1;
        // The highlighted entry, by index: the highlight follows it by arithmetic on the one
        // row that moves, not by a search over 10,000 rows.
        let highlighted = self.rows.get(self.selected).copied();
        // Comparing the raw bytes: `Path` equality walks components, 10,000 times.
        let path = summary.path.as_os_str().to_owned();
        let at = |i: usize| {
            self.entries
                .get(i)
                .is_some_and(|e| e.path().as_os_str() == path)
        };
        let found = at(self.hint)
            .then_some(self.hint)
            .or_else(|| (0..self.entries.len()).find(|&i| at(i)));
        self.bounded += usize::from(!summary.lower_bounds.is_empty());
        let i = match found {
            Some(i) => {
                self.bounded -= usize::from(has_lower_bound(&self.entries[i]));
                self.entries[i] = ScanEntry::Ok(summary);
                i
            }
            None => {
                self.entries.push(ScanEntry::Ok(summary));
                self.entries.len() - 1
            }
        };
        self.hint = i;
        self.note_columns(i);
        let removed = self.rows.iter().position(|&r| r == i);
        if let Some(p) = removed {
            self.rows.remove(p);
        }
        let inserted = self.passes(registry, i).then(|| {
            let q = self
                .rows
                .partition_point(|&r| self.row_order(registry, r, i).is_lt());
            self.rows.insert(q, i);
            q
        });
        self.selected = match highlighted {
            // The changed entry was highlighted (or nothing was): it stays so, wherever it
            // moved.
            Some(h) if h == i => inserted.unwrap_or(self.selected),
            Some(_) => {
                let mut s = self.selected;
                if removed.is_some_and(|p| p < s) {
                    s -= 1;
                }
                if inserted.is_some_and(|q| q <= s) {
                    s += 1;
                }
                s
            }
            None => inserted.unwrap_or(0),
        }
        .min(self.rows.len().saturating_sub(1));
    }

    /// Takes the entry of this file out of the list; the highlight stays on the same row
    /// number, so the next entry is highlighted.
    pub fn remove(&mut self, path: &Path, registry: &Registry) {
        let selected = self.selected;
        self.entries.retain(|e| e.path() != path);
        self.recompute(registry);
        self.selected = selected.min(self.rows.len().saturating_sub(1));
    }
}

fn has_lower_bound(e: &ScanEntry) -> bool {
    matches!(e, ScanEntry::Ok(s) if !s.lower_bounds.is_empty())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use chrono::{DateTime, FixedOffset};

    use super::*;

    fn at(minute: i64) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-01-01T09:00:00+07:00").unwrap()
            + chrono::Duration::minutes(minute)
    }

    fn entry(name: &str, minute: i64, ial: &str) -> ScanEntry {
        ScanEntry::Ok(summary(name, minute, ial))
    }

    fn summary(name: &str, minute: i64, ial: &str) -> Summary {
        Summary {
            id: name.to_uppercase(),
            path: PathBuf::from(format!("/d/{name}.toml")),
            service_name: name.into(),
            agency: "Agency".into(),
            group: None,
            levels: vec![("ial".into(), ial.into()), ("aal".into(), "AAL1".into())],
            complete: true,
            lower_bounds: Vec::new(),
            updated: at(minute),
            ruleset_id: "dgs-1-2-2564".into(),
            signoff: None,
            review_due: None,
            conflicts: 0,
        }
    }

    fn names(l: &List) -> Vec<String> {
        l.rows()
            .map(|e| match e {
                ScanEntry::Ok(s) => s.service_name.clone(),
                ScanEntry::Broken { .. } => "!".into(),
            })
            .collect()
    }

    #[test]
    fn the_order_kept_in_place_matches_a_fresh_sort() {
        let reg = Registry::builtin();
        let entries = vec![
            entry("bank", 1, "IAL1.1"),
            entry("apple", 3, "IAL2.2"),
            entry("cargo", 2, "IAL1.3"),
        ];
        for sort in [Sort::Updated, Sort::Name, Sort::Level] {
            let mut l = List::new(entries.clone(), sort, &reg);
            l.replace(summary("bank", 9, "IAL3"), &reg);
            let mut fresh_entries = entries.clone();
            fresh_entries[0] = entry("bank", 9, "IAL3");
            let fresh = List::new(fresh_entries, sort, &reg);
            assert_eq!(names(&l), names(&fresh), "{sort:?}");
        }
        let l = List::new(entries, Sort::Updated, &reg);
        assert_eq!(names(&l), ["apple", "cargo", "bank"]);
    }

    #[test]
    fn the_highlight_follows_its_file() {
        let reg = Registry::builtin();
        let mut l = List::new(
            vec![entry("a", 3, "IAL1.1"), entry("b", 2, "IAL1.1")],
            Sort::Updated,
            &reg,
        );
        l.select(1);
        assert_eq!(names(&l)[l.selected()], "b");
        // b becomes the newest and moves to the top; the highlight goes with it.
        l.replace(summary("b", 9, "IAL1.1"), &reg);
        assert_eq!(names(&l), ["b", "a"]);
        assert_eq!(l.selected(), 0);
        // a changes while b is highlighted: b stays highlighted.
        l.replace(summary("a", 10, "IAL1.1"), &reg);
        assert_eq!(names(&l)[l.selected()], "b");
        l.set_sort(Sort::Name, &reg);
        assert_eq!(names(&l)[l.selected()], "b");
    }

    #[test]
    fn the_filter_finds_levels_and_states_and_a_replaced_row_is_filtered_again() {
        let reg = Registry::builtin();
        let mut open = summary("open", 4, "IAL1.1");
        open.complete = false;
        open.lower_bounds = vec!["aal".into()];
        let mut l = List::new(
            vec![
                entry("low", 1, "IAL1.1"),
                entry("high", 2, "IAL3"),
                ScanEntry::Ok(open),
            ],
            Sort::Name,
            &reg,
        );
        assert_eq!(l.targets(), ["ial", "aal"]);
        assert!(l.any_lower_bound(), "open's AAL is");
        assert_eq!(l.levels_seen(0), ["IAL1.1", "IAL3"]);
        assert_eq!(l.levels_seen(1), ["AAL1"]);
        assert_eq!(l.rulesets(), ["dgs-1-2-2564"]);
        l.edit_filter(&reg, |f| f.set_text("ial>=2"));
        assert_eq!(names(&l), ["high"]);
        // The row changes: it leaves the rows shown, and another comes in.
        l.replace(summary("high", 5, "IAL1.2"), &reg);
        l.replace(summary("low", 6, "IAL2.2"), &reg);
        assert_eq!(names(&l), ["low"]);
        l.edit_filter(&reg, |f| f.set_text("incomplete"));
        assert_eq!(names(&l), ["open"]);
        // The count follows a replaced row: open completed, no level is a bound any more.
        let mut done = summary("open", 7, "IAL1.1");
        done.complete = true;
        l.replace(done, &reg);
        assert!(!l.any_lower_bound());
        // Incomplete again, with every level final: still no bound.
        let mut settled = summary("open", 8, "IAL1.1");
        settled.complete = false;
        l.replace(settled, &reg);
        assert!(!l.any_lower_bound());
        let mut again = summary("open", 9, "IAL1.1");
        again.complete = false;
        again.lower_bounds = vec!["ial".into()];
        l.replace(again, &reg);
        assert!(l.any_lower_bound());
        // Hidden levels are never matched.
        let mut l = List::new(l.entries().to_vec(), Sort::Name, &reg).hiding_levels(true, &reg);
        l.edit_filter(&reg, |f| f.set_text("ial>=1"));
        assert!(l.is_empty());
    }

    #[test]
    fn filtering_matches_thai_and_case_and_clearing_keeps_the_highlight() {
        let reg = Registry::builtin();
        let mut l = List::new(
            vec![entry("ภาษีเงินได้", 1, "IAL1.1"), entry("Bank", 2, "IAL1.1")],
            Sort::Name,
            &reg,
        );
        l.edit_filter(&reg, |f| f.insert_str("ภาษี"));
        assert_eq!(names(&l), ["ภาษีเงินได้"]);
        l.edit_filter(&reg, |f| f.set_text("BANK"));
        assert_eq!(names(&l), ["Bank"]);
        l.clear_filter(&reg);
        assert_eq!(names(&l), ["Bank", "ภาษีเงินได้"]);
        assert_eq!(names(&l)[l.selected()], "Bank");
        l.remove(Path::new("/d/Bank.toml"), &reg);
        assert_eq!(names(&l), ["ภาษีเงินได้"]);
        assert_eq!(l.selected(), 0);
    }
}
