//! Where tables stand in a TOML document: toml_edit numbers the tables of a parsed file, and a
//! table moved in from another document (a merge, a new `[conflicts]`) must be given a place.

use toml_edit::{Item, Table};

/// Gives a table (and its sub-tables), or each table of an array, one position.
pub(super) fn set_positions(item: &mut Item, pos: Option<isize>) {
    match item {
        Item::Table(t) => {
            t.set_position(pos);
            for (_, kid) in t.iter_mut() {
                if kid.is_table() || kid.is_array_of_tables() {
                    set_positions(kid, pos);
                }
            }
        }
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                t.set_position(pos);
            }
        }
        _ => {}
    }
}

/// A top-level entry new to ours goes after everything ours has (a key value before the
/// first table, as TOML requires).
pub(super) fn insert_top(root: &mut Table, key: &str, mut item: Item) {
    let last = root
        .iter()
        .filter_map(|(_, i)| max_position(i))
        .max()
        .map(|p| p + 1);
    if last.is_some() {
        set_positions(&mut item, last);
    } else {
        set_positions(&mut item, None);
    }
    root.insert(key, item);
}

/// The last position a table or an array of tables takes (its own sub-tables included).
fn max_position(item: &Item) -> Option<isize> {
    match item {
        Item::Table(t) => {
            let kids = t.iter().filter_map(|(_, i)| max_position(i)).max();
            t.position().max(kids)
        }
        Item::ArrayOfTables(a) => a.iter().filter_map(Table::position).max(),
        _ => None,
    }
}
