//! Answers written in the ruleset's order of questions and categories, so that a copy, an
//! import or copied impacts diff against the rest of the data dir line by line. The store
//! does not read rulesets: the caller gives each ruleset's order once
//! ([`super::Store::with_answer_order`]).
//!
//! A table already in another order than the ruleset's (arranged by hand) is left as it is.

use std::collections::{HashMap, HashSet};

use toml_edit::{DocumentMut, Item, Value};

use crate::ruleset::Ruleset;

/// The order of one ruleset's question ids and impact category ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnswerOrder {
    questions: HashMap<String, usize>,
    categories: HashMap<String, usize>,
}

/// Each ruleset's order, by ruleset id.
pub type AnswerOrders = HashMap<String, AnswerOrder>;

impl AnswerOrder {
    pub fn of(rs: &Ruleset) -> AnswerOrder {
        AnswerOrder {
            questions: rs
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| (q.id.clone(), i))
                .collect(),
            categories: rs
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.clone(), i))
                .collect(),
        }
    }
}

/// Every ruleset's order, for [`super::Store::with_answer_order`].
pub fn orders<'a>(rulesets: impl IntoIterator<Item = &'a Ruleset>) -> AnswerOrders {
    rulesets
        .into_iter()
        .map(|rs| (rs.id.clone(), AnswerOrder::of(rs)))
        .collect()
}

/// Known keys first, in rank order; unknown ones after, in the order they have.
fn rank(map: &HashMap<String, usize>, key: &str) -> usize {
    map.get(key).copied().unwrap_or(usize::MAX)
}

/// True when the known keys already come in rank order, apart from `fresh` ones (just
/// written, so not arranged by anyone).
fn in_order<'k>(
    map: &HashMap<String, usize>,
    keys: impl Iterator<Item = &'k str>,
    fresh: &HashSet<&str>,
) -> bool {
    let ranks: Vec<usize> = keys
        .filter(|k| !fresh.contains(k))
        .map(|k| rank(map, k))
        .filter(|r| *r != usize::MAX)
        .collect();
    ranks.windows(2).all(|w| w[0] <= w[1])
}

/// Puts `doc`'s answers (and each group's) in `order`; `before` are the answer keys each
/// table held before this save (per table, `None` for the top-level `[answers]`), so that a
/// key just added does not count as a hand arrangement.
pub(crate) fn order_answers(doc: &mut DocumentMut, order: &AnswerOrder, before: &[Vec<String>]) {
    let root = doc.as_table_mut();
    let mut n = 0;
    if let Some(item) = root.get_mut("answers") {
        sort_answers(item, order, before.get(n));
        n += 1;
    }
    if let Some(Item::ArrayOfTables(groups)) = root.get_mut("groups") {
        for g in groups.iter_mut() {
            if let Some(item) = g.get_mut("answers") {
                sort_answers(item, order, before.get(n));
            }
            n += 1;
        }
    }
}

/// The answer keys of every answers table of `doc`, in the order [`order_answers`] visits them.
pub(crate) fn answer_keys(doc: &DocumentMut) -> Vec<Vec<String>> {
    let keys = |item: &Item| -> Vec<String> {
        item.as_table_like()
            .map(|t| t.iter().map(|(k, _)| k.to_string()).collect())
            .unwrap_or_default()
    };
    let root = doc.as_table();
    let mut out = Vec::new();
    if let Some(item) = root.get("answers") {
        out.push(keys(item));
    }
    if let Some(Item::ArrayOfTables(groups)) = root.get("groups") {
        for g in groups.iter() {
            out.push(g.get("answers").map(keys).unwrap_or_default());
        }
    }
    out
}

/// The keys of `keys` that `before` does not hold. A set each, so that a table of tens of
/// thousands of keys is not searched once per key.
fn fresh_keys<'k>(keys: &'k [String], before: &HashSet<&str>) -> HashSet<&'k str> {
    keys.iter()
        .map(String::as_str)
        .filter(|k| !before.contains(k))
        .collect()
}

fn sort_answers(item: &mut Item, order: &AnswerOrder, before: Option<&Vec<String>>) {
    let before: HashSet<&str> = before.into_iter().flatten().map(String::as_str).collect();
    let q = &order.questions;
    match item {
        Item::Table(t) => {
            let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
            let fresh = fresh_keys(&keys, &before);
            if in_order(q, keys.iter().map(String::as_str), &fresh) {
                t.sort_values_by(|a, _, b, _| rank(q, a.get()).cmp(&rank(q, b.get())));
            }
            for (_, v) in t.iter_mut() {
                if let Item::Value(Value::InlineTable(cells)) = v {
                    sort_cells(cells, order);
                }
            }
        }
        Item::Value(Value::InlineTable(t)) => {
            let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
            let fresh = fresh_keys(&keys, &before);
            if in_order(q, keys.iter().map(String::as_str), &fresh) {
                t.sort_values_by(|a, _, b, _| rank(q, a.get()).cmp(&rank(q, b.get())));
            }
            for (_, v) in t.iter_mut() {
                if let Value::InlineTable(cells) = v {
                    sort_cells(cells, order);
                }
            }
        }
        _ => {}
    }
}

/// An impact answer's cells in category order, unless arranged otherwise by hand. Written
/// cells are all fresh when the answer was just set, so a matrix xal wrote is always sorted.
fn sort_cells(cells: &mut toml_edit::InlineTable, order: &AnswerOrder) {
    let c = &order.categories;
    let alphabetical = {
        let keys: Vec<&str> = cells.iter().map(|(k, _)| k).collect();
        keys.windows(2).all(|w| w[0] <= w[1])
    };
    // A matrix in alphabetical order is the writer's (a BTreeMap); one in the ruleset's is
    // already right; any other order is someone's choice.
    if alphabetical || in_order(c, cells.iter().map(|(k, _)| k), &HashSet::new()) {
        cells.sort_values_by(|a, _, b, _| rank(c, a.get()).cmp(&rank(c, b.get())));
        cells.fmt();
    }
}
