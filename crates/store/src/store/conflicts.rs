//! The `[conflicts]` table: what a merge could not decide, kept in the assessment until the
//! assessor chooses. The parser reads it, the writer keeps it in step, the merge adds to it.

use std::collections::BTreeMap;

use toml_edit::{Item, Table, Value};

use super::convert::{item_to_toml, toml_to_value};
use super::layout::insert_top;

/// One entry of `[conflicts]` as the assessment keeps it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConflictRecord {
    pub path: Vec<String>,
    pub base: Option<toml::Value>,
    pub ours: Option<toml::Value>,
    pub theirs: Option<toml::Value>,
    pub ours_by: String,
    pub ours_at: String,
    pub theirs_by: String,
    pub theirs_at: String,
}

impl ConflictRecord {
    /// The question id when the conflict is an answer (or a cell of one), for the interface.
    pub fn question(&self) -> Option<&str> {
        match self.path.as_slice() {
            [a, q, ..] if a == "answers" => Some(q),
            [g, _, a, q, ..] if g == "groups" && a == "answers" => Some(q),
            _ => None,
        }
    }

    pub(super) fn entry(&self, pos: Option<isize>) -> Table {
        let mut e = Table::new();
        e.set_position(pos);
        let mut path = toml_edit::Array::new();
        for p in &self.path {
            path.push(p.as_str());
        }
        e.insert("path", Item::Value(Value::Array(path)));
        for (k, v) in [
            ("base", &self.base),
            ("ours", &self.ours),
            ("theirs", &self.theirs),
        ] {
            if let Some(v) = v {
                e.insert(k, Item::Value(toml_to_value(v)));
            }
        }
        for (k, v) in [
            ("ours_by", &self.ours_by),
            ("ours_at", &self.ours_at),
            ("theirs_by", &self.theirs_by),
            ("theirs_at", &self.theirs_at),
        ] {
            if !v.is_empty() {
                e.insert(k, Item::Value(Value::from(v.as_str())));
            }
        }
        e
    }
}

/// `[conflicts]` read leniently: an entry that is not a table is skipped (and kept in the
/// file, since only entries xal knows are ever removed).
pub(crate) fn read_conflicts(item: &Item) -> BTreeMap<String, ConflictRecord> {
    let mut out = BTreeMap::new();
    let Some(t) = item.as_table_like() else {
        return out;
    };
    for (key, e) in t.iter() {
        let Some(e) = e.as_table_like() else { continue };
        let path = e
            .get("path")
            .and_then(Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_else(|| key.split('/').map(str::to_string).collect());
        let text = |k: &str| {
            e.get(k)
                .and_then(Item::as_str)
                .map(str::to_string)
                .unwrap_or_default()
        };
        out.insert(
            key.to_string(),
            ConflictRecord {
                path,
                base: e.get("base").and_then(item_to_toml),
                ours: e.get("ours").and_then(item_to_toml),
                theirs: e.get("theirs").and_then(item_to_toml),
                ours_by: text("ours_by"),
                ours_at: text("ours_at"),
                theirs_by: text("theirs_by"),
                theirs_at: text("theirs_at"),
            },
        );
    }
    out
}

/// Make the document's `[conflicts]` hold what the assessment holds: a resolved entry goes,
/// and the table with the last one; an entry already there is left as written.
pub(crate) fn write_conflicts(root: &mut Table, conflicts: &BTreeMap<String, ConflictRecord>) {
    if conflicts.is_empty() {
        if root.get("conflicts").is_some_and(Item::is_table_like) {
            root.remove("conflicts");
        }
        return;
    }
    if !root.get("conflicts").is_some_and(Item::is_table) {
        let mut t = Table::new();
        t.set_implicit(true);
        insert_top(root, "conflicts", Item::Table(t));
    }
    let pos = root
        .get("conflicts")
        .and_then(Item::as_table)
        .and_then(Table::position);
    let table = root
        .get_mut("conflicts")
        .and_then(Item::as_table_mut)
        .expect("made above");
    let stale: Vec<String> = table
        .iter()
        .filter(|(k, i)| i.is_table_like() && !conflicts.contains_key(*k))
        .map(|(k, _)| k.to_string())
        .collect();
    for k in stale {
        table.remove(&k);
    }
    for (k, c) in conflicts {
        if !table.contains_key(k) {
            table.insert(k, Item::Table(c.entry(pos)));
        }
    }
}
