//! Three-way merge of saved assessment files at the level of meaning: every answer (every cell
//! of a matrix answer), note, service and ruleset field, and every group's name, answers and
//! tailoring merges on its own. A table xal does not know (a sign-off, a review date, whatever
//! a newer xal adds) merges as one unit, so its fields need not be known here.
//!
//! The result starts from "ours" (the side git writes into), so its comments, key order and
//! layout are kept; what only "theirs" changed is copied in with its own comments. The same
//! thing changed to two different values keeps ours in place and is recorded in a
//! `[conflicts]` table holding base, ours and theirs with who chose them: the file still
//! parses, and the assessment is not final while an entry stands.

use std::cmp::Ordering;
use std::collections::HashMap;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

pub use super::conflicts::ConflictRecord;
use super::conflicts::{read_conflicts, write_conflicts};
use super::convert::item_to_toml;
use super::layout::{insert_top, set_positions};

/// Who made one side of a merge, and when (as git says it), for the conflict record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Side {
    pub who: String,
    pub when: String,
}

/// The two sides' authors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sides {
    pub ours: Side,
    pub theirs: Side,
}

/// One thing both sides changed differently.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeConflict {
    /// Where it is: `["answers", "impact.auth", "financial"]`, `["notes", "impact.proofing"]`,
    /// `["groups", "public", "name"]`, `["signoff"]`.
    pub path: Vec<String>,
    /// Each side's value; `None` where that side has none (removed, or never there).
    pub base: Option<toml::Value>,
    pub ours: Option<toml::Value>,
    pub theirs: Option<toml::Value>,
}

impl MergeConflict {
    /// The key of its entry in `[conflicts]`, e.g. `answers/impact.auth/financial`.
    pub fn key(&self) -> String {
        conflict_key(&self.path)
    }
}

pub(crate) fn conflict_key(path: &[String]) -> String {
    path.join("/")
}

/// What a merge made.
#[derive(Clone, Debug)]
pub struct Merged {
    pub text: String,
    /// What stands in conflict, in the order found (already recorded in `text`).
    pub conflicts: Vec<MergeConflict>,
}

/// A side that is not TOML: it cannot be merged by meaning (the caller falls back to a line
/// merge, which keeps every byte of both sides).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmergeable {
    Base(String),
    Ours(String),
    Theirs(String),
}

/// Merge three texts of one assessment file. An empty base (a file added on both sides) is a
/// base with nothing in it.
pub fn merge_texts(
    base: &str,
    ours: &str,
    theirs: &str,
    sides: &Sides,
) -> Result<Merged, Unmergeable> {
    let parse = |t: &str| {
        t.parse::<DocumentMut>()
            .map_err(|e| e.message().to_string())
    };
    let base = parse(base).map_err(Unmergeable::Base)?;
    let mut out = parse(ours).map_err(Unmergeable::Ours)?;
    let theirs = parse(theirs).map_err(Unmergeable::Theirs)?;
    let mut m = Merger {
        conflicts: Vec::new(),
    };
    m.root(base.as_table(), out.as_table_mut(), theirs.as_table());
    renumber(out.as_table_mut());
    record_conflicts(out.as_table_mut(), &m.conflicts, sides);
    Ok(Merged {
        text: out.to_string(),
        conflicts: m.conflicts,
    })
}

/// How the entries of a table merge.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Grain {
    /// Each key's value is one unit.
    Keys,
    /// Each key is an answer: a table answer (a matrix) merges cell by cell.
    Answers,
}

struct Merger {
    conflicts: Vec<MergeConflict>,
}

fn plain(item: Option<&Item>) -> Option<toml::Value> {
    item.and_then(item_to_toml)
}

impl Merger {
    fn root(&mut self, base: &Table, ours: &mut Table, theirs: &Table) {
        let keys = union_keys(&[Some(base as &dyn TableLike), Some(ours), Some(theirs)]);
        for key in keys {
            let path = vec![key.clone()];
            match key.as_str() {
                "service" | "ruleset" | "notes" | "conflicts" => {
                    self.table(path, base.get(&key), ours, theirs.get(&key), Grain::Keys)
                }
                "answers" => {
                    self.table(path, base.get(&key), ours, theirs.get(&key), Grain::Answers)
                }
                "meta" => self.meta(base.get(&key), ours, theirs.get(&key)),
                "groups" => self.groups(base.get(&key), ours, theirs.get(&key)),
                "signoff" => self.signoffs(base.get(&key), ours, theirs.get(&key)),
                // Derived from the answers: the caller recomputes it. Ours stands meanwhile.
                "result" => {
                    if ours.get("result").is_none()
                        && let Some(t) = theirs.get("result")
                    {
                        insert_top(ours, &key, t.clone());
                    }
                }
                _ => self.unit_top(path, base.get(&key), ours, theirs.get(&key)),
            }
        }
        reorder(ours, theirs);
    }

    /// A top-level entry merged whole (a table xal does not know, `schema`, `id`).
    fn unit_top(
        &mut self,
        path: Vec<String>,
        b: Option<&Item>,
        ours: &mut Table,
        t: Option<&Item>,
    ) {
        let key = path[0].clone();
        match self.decide(path, plain(b), plain(ours.get(&key)), plain(t)) {
            Take::Ours => {}
            Take::Theirs => match t {
                Some(t) => {
                    let mut t = t.clone();
                    if let Some(o) = ours.get(&key) {
                        keep_position(o, &mut t);
                        ours.insert(&key, t);
                    } else {
                        insert_top(ours, &key, t);
                    }
                }
                None => {
                    ours.remove(&key);
                }
            },
        }
    }

    /// A table whose keys merge one by one (a table missing on a side is an empty one there);
    /// when it is not a table on every side, it merges whole.
    fn table(
        &mut self,
        path: Vec<String>,
        b: Option<&Item>,
        ours: &mut Table,
        t: Option<&Item>,
        grain: Grain,
    ) {
        let key = path[0].clone();
        let is_table = |i: Option<&Item>| i.is_none_or(Item::is_table_like);
        if !(is_table(b) && is_table(ours.get(&key)) && is_table(t))
            || (ours.get(&key).is_none() && t.is_none())
        {
            return self.unit_top(path, b, ours, t);
        }
        let empty = Item::Table(Table::new());
        let t_item = t.unwrap_or(&empty);
        let created = !ours.contains_key(&key);
        if created {
            insert_top(ours, &key, Item::Table(Table::new()));
        }
        let o_item = ours.get_mut(&key).expect("present or made above");
        let t_table = t_item.as_table_like().expect("checked above");
        self.keys(
            &path,
            b.and_then(Item::as_table_like),
            o_item,
            t_table,
            grain,
        );
        let now_empty = ours
            .get(&key)
            .and_then(Item::as_table_like)
            .is_some_and(|x| x.is_empty());
        if now_empty && (created || t.is_none()) {
            ours.remove(&key);
        }
    }

    fn keys(
        &mut self,
        path: &[String],
        b: Option<&dyn TableLike>,
        o_item: &mut Item,
        t: &dyn TableLike,
        grain: Grain,
    ) {
        let Some(o) = o_item.as_table_like_mut() else {
            return;
        };
        let ours_order: Vec<String> = o.iter().map(|(k, _)| k.to_string()).collect();
        for key in union_keys(&[b, Some(&*o), Some(t)]) {
            let mut p = path.to_vec();
            p.push(key.clone());
            let bi = b.and_then(|b| b.get(&key));
            let ti = t.get(&key);
            let cells = grain == Grain::Answers
                && bi.is_none_or(Item::is_table_like)
                && o.get(&key).is_some_and(Item::is_table_like)
                && ti.is_some_and(Item::is_table_like);
            if cells {
                let o_cell = o.get_mut(&key).expect("checked above");
                let b_t = bi.and_then(Item::as_table_like);
                let t_t = ti.and_then(Item::as_table_like).expect("checked above");
                self.keys(&p, b_t, o_cell, t_t, Grain::Keys);
                continue;
            }
            match self.decide(p, plain(bi), plain(o.get(&key)), plain(ti)) {
                Take::Ours => {}
                Take::Theirs => match ti {
                    Some(ti) => match o.get_mut(&key) {
                        // Ours keeps its key (and the comments above it); the value is theirs.
                        Some(slot) => *slot = value_like(slot, ti),
                        None => {
                            o.insert(&key, ti.clone());
                        }
                    },
                    None => {
                        o.remove(&key);
                    }
                },
            }
        }
        reorder_item(o_item, &ours_order, t);
    }

    /// `meta.updated` is the later of the two sides; anything else in `[meta]` merges key by
    /// key.
    fn meta(&mut self, b: Option<&Item>, ours: &mut Table, t: Option<&Item>) {
        self.table(vec!["meta".into()], b, ours, t, Grain::Keys);
        let later = |i: Option<&Item>| {
            i.and_then(|m| m.as_table_like())
                .and_then(|m| m.get("updated"))
                .and_then(|u| u.as_datetime())
                .and_then(super::convert::datetime_to_chrono)
        };
        let ours_updated = later(ours.get("meta"));
        let theirs_updated = later(t);
        // Both sides moved `updated`: that is no conflict, the later time stands.
        self.conflicts
            .retain(|c| c.path != ["meta".to_string(), "updated".to_string()]);
        if let (Some(o), Some(th)) = (ours_updated, theirs_updated)
            && th > o
            && let Some(m) = ours.get_mut("meta").and_then(Item::as_table_like_mut)
            && let Some(slot) = m.get_mut("updated")
            && let Some(v) = slot.as_value_mut()
        {
            let decor = v.decor().clone();
            *v = Value::from(super::convert::chrono_to_datetime(&th));
            *v.decor_mut() = decor;
        }
    }

    /// `[[groups]]` by id: each group's name, answers (cell by cell) and statement (field by
    /// field) on their
    /// own; a group added on one side is added; one removed on one side and untouched on the
    /// other is removed.
    fn groups(&mut self, b: Option<&Item>, ours: &mut Table, t: Option<&Item>) {
        let path = vec!["groups".to_string()];
        let aot = |i: Option<&Item>| match i {
            None => Some(None),
            Some(Item::ArrayOfTables(a)) => Some(Some(a.clone())),
            Some(_) => None,
        };
        let (Some(b_a), Some(o_a), Some(t_a)) = (aot(b), aot(ours.get("groups")), aot(t)) else {
            return self.unit_top(path, b, ours, t);
        };
        let (Some(b_g), Some(o_g), Some(t_g)) = (
            by_id(b_a.as_ref()),
            by_id(o_a.as_ref()),
            by_id(t_a.as_ref()),
        ) else {
            return self.unit_top(path, b, ours, t);
        };
        let position = o_a
            .as_ref()
            .and_then(|a| a.iter().next())
            .and_then(Table::position);
        let mut order: Vec<String> = o_g.iter().map(|(id, _)| id.clone()).collect();
        for (i, (id, _)) in t_g.iter().enumerate() {
            if !order.contains(id) {
                let after = t_g[..i]
                    .iter()
                    .rev()
                    .find_map(|(p, _)| order.iter().position(|x| x == p));
                order.insert(after.map_or(0, |a| a + 1), id.clone());
            }
        }
        let find = |g: &[(String, Table)], id: &str| {
            g.iter().find(|(x, _)| x == id).map(|(_, t)| t.clone())
        };
        let mut out = ArrayOfTables::new();
        for id in order {
            let bt = find(&b_g, &id);
            let ot = find(&o_g, &id);
            let tt = find(&t_g, &id);
            let mut p = path.clone();
            p.push(id.clone());
            let kept = match (ot, tt) {
                (Some(mut ot), Some(tt)) => {
                    self.group(&p, bt.as_ref(), &mut ot, &tt);
                    Some(ot)
                }
                (one_side, other) => {
                    let as_plain = |t: &Option<Table>| {
                        t.as_ref()
                            .and_then(|t| item_to_toml(&Item::Table(t.clone())))
                    };
                    let (bp, op, tp) = (as_plain(&bt), as_plain(&one_side), as_plain(&other));
                    match self.decide(p, bp, op, tp) {
                        Take::Ours => one_side,
                        Take::Theirs => other,
                    }
                }
            };
            if let Some(mut g) = kept {
                g.set_position(position);
                out.push(g);
            }
        }
        if out.is_empty() {
            ours.remove("groups");
        } else if ours.contains_key("groups") {
            ours.insert("groups", Item::ArrayOfTables(out));
        } else {
            insert_top(ours, "groups", Item::ArrayOfTables(out));
        }
    }

    /// `[[signoff]]`: a record of who signed what, to which each side only adds. Every step
    /// either side has is kept (ours first, then the ones only theirs added), and a step is
    /// gone only where a side removed it from the base: two people signing on two machines
    /// is no conflict, and no one's sign-off is lost in a merge. Whether each still holds is
    /// decided afterwards by the merged content, as for any file.
    fn signoffs(&mut self, b: Option<&Item>, ours: &mut Table, t: Option<&Item>) {
        let steps = |i: Option<&Item>| match i {
            None => Some(Vec::new()),
            Some(Item::ArrayOfTables(a)) => Some(
                a.iter()
                    .map(|t| (item_to_toml(&Item::Table(t.clone())), t.clone()))
                    .collect::<Vec<_>>(),
            ),
            Some(_) => None,
        };
        let (Some(b_s), Some(o_s), Some(t_s)) = (steps(b), steps(ours.get("signoff")), steps(t))
        else {
            return self.unit_top(vec!["signoff".into()], b, ours, t);
        };
        let has = |list: &[(Option<toml::Value>, Table)], v: &Option<toml::Value>| {
            list.iter().any(|(x, _)| x == v)
        };
        let position = o_s.first().and_then(|(_, t)| t.position());
        let mut out = ArrayOfTables::new();
        for (v, table) in &o_s {
            // Theirs removed it from the base: gone. Anything else ours has stays.
            if !has(&b_s, v) || has(&t_s, v) {
                out.push(table.clone());
            }
        }
        for (v, table) in &t_s {
            if !has(&o_s, v) && !has(&b_s, v) {
                out.push(table.clone());
            }
        }
        for table in out.iter_mut() {
            table.set_position(position);
        }
        if out.is_empty() {
            ours.remove("signoff");
        } else if ours.contains_key("signoff") {
            ours.insert("signoff", Item::ArrayOfTables(out));
        } else {
            insert_top(ours, "signoff", Item::ArrayOfTables(out));
        }
    }

    fn group(&mut self, path: &[String], b: Option<&Table>, o: &mut Table, t: &Table) {
        let b_like = b.map(|b| b as &dyn TableLike);
        for key in union_keys(&[b_like, Some(&*o), Some(t)]) {
            if key == "id" {
                continue;
            }
            let mut p = path.to_vec();
            p.push(key.clone());
            let bi = b.and_then(|b| b.get(&key));
            let ti = t.get(&key);
            let all_tables = bi.is_none_or(Item::is_table_like)
                && o.get(&key).is_some_and(Item::is_table_like)
                && ti.is_some_and(Item::is_table_like);
            // The acceptance statement merges field by field: two assessors writing its
            // privacy note and its controls do not collide.
            let grain = match key.as_str() {
                "answers" => Some(Grain::Answers),
                "tailoring" => Some(Grain::Keys),
                _ => None,
            };
            if let Some(grain) = grain.filter(|_| all_tables) {
                let o_item = o.get_mut(&key).expect("checked above");
                let b_t = bi.and_then(Item::as_table_like);
                let t_t = ti.and_then(Item::as_table_like).expect("checked above");
                self.keys(&p, b_t, o_item, t_t, grain);
                continue;
            }
            match self.decide(p, plain(bi), plain(o.get(&key)), plain(ti)) {
                Take::Ours => {}
                Take::Theirs => match ti {
                    Some(ti) => {
                        o.insert(&key, ti.clone());
                    }
                    None => {
                        o.remove(&key);
                    }
                },
            }
        }
    }

    /// The three-way rule for one unit.
    fn decide(
        &mut self,
        path: Vec<String>,
        b: Option<toml::Value>,
        o: Option<toml::Value>,
        t: Option<toml::Value>,
    ) -> Take {
        if o == t || t == b {
            Take::Ours
        } else if o == b {
            Take::Theirs
        } else {
            self.conflicts.push(MergeConflict {
                path,
                base: b,
                ours: o,
                theirs: t,
            });
            Take::Ours
        }
    }
}

enum Take {
    Ours,
    Theirs,
}

/// Every key of the tables given, in the order first seen (ours before theirs).
fn union_keys(tables: &[Option<&dyn TableLike>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Ours (index 1) leads, so the result keeps its order; then theirs, then base.
    for idx in [1, 2, 0] {
        if let Some(Some(t)) = tables.get(idx) {
            for (k, _) in t.iter() {
                if !out.iter().any(|x| x == k) {
                    out.push(k.to_string());
                }
            }
        }
    }
    out
}

/// Groups by id; `None` when a group has no id or two share one (then the whole array merges
/// as one unit).
fn by_id(a: Option<&ArrayOfTables>) -> Option<Vec<(String, Table)>> {
    let mut out: Vec<(String, Table)> = Vec::new();
    for t in a.into_iter().flat_map(|a| a.iter()) {
        let id = t.get("id")?.as_str()?.to_string();
        if out.iter().any(|(x, _)| *x == id) {
            return None;
        }
        out.push((id, t.clone()));
    }
    Some(out)
}

/// Theirs' value in ours' slot: the value (with its trailing comment) is theirs, the key and
/// what precedes it stay ours.
fn value_like(slot: &Item, theirs: &Item) -> Item {
    match (slot, theirs) {
        (Item::Value(_), Item::Value(tv)) => Item::Value(tv.clone()),
        (Item::Table(ot), Item::Table(tt)) => {
            let mut tt = tt.clone();
            tt.set_position(ot.position());
            Item::Table(tt)
        }
        _ => theirs.clone(),
    }
}

/// A replacing table stands where ours stood in the file.
fn keep_position(ours: &Item, theirs: &mut Item) {
    let pos = match ours {
        Item::Table(t) => t.position(),
        Item::ArrayOfTables(a) => a.iter().next().and_then(Table::position),
        _ => None,
    };
    set_positions(theirs, pos);
}

fn min_position(item: &Item) -> Option<isize> {
    match item {
        Item::Table(t) => t.position(),
        Item::ArrayOfTables(a) => a.iter().filter_map(Table::position).min(),
        _ => None,
    }
}

/// Tables from two files carry positions from two numberings: number them again in the
/// order they stand, each table followed by its own sub-tables, so the printed file is
/// valid TOML (a group's `[groups.answers]` right after its `[[groups]]`).
fn renumber(root: &mut Table) {
    let mut next = 1;
    renumber_kids(root, &mut next);
}

fn renumber_kids(t: &mut Table, next: &mut isize) {
    let mut kids: Vec<(isize, usize, String)> = t
        .iter()
        .enumerate()
        .filter(|(_, (_, i))| i.is_table() || i.is_array_of_tables())
        .map(|(n, (k, i))| (min_position(i).unwrap_or(isize::MAX), n, k.to_string()))
        .collect();
    kids.sort();
    for (_, _, k) in kids {
        match t.get_mut(&k) {
            Some(Item::Table(kid)) => renumber_table(kid, next),
            Some(Item::ArrayOfTables(a)) => {
                for kid in a.iter_mut() {
                    renumber_table(kid, next);
                }
            }
            _ => {}
        }
    }
}

fn renumber_table(t: &mut Table, next: &mut isize) {
    t.set_position(Some(*next));
    *next += 1;
    renumber_kids(t, next);
}

/// Keys new to ours stand after the key that precedes them in theirs (the question order).
fn reorder(ours: &mut Table, theirs: &Table) {
    let order: Vec<String> = ours.iter().map(|(k, _)| k.to_string()).collect();
    let rank = ranks(&order, theirs);
    ours.sort_values_by(|a, _, b, _| cmp_rank(&rank, a.get(), b.get()));
}

fn reorder_item(ours: &mut Item, ours_order: &[String], theirs: &dyn TableLike) {
    let rank = ranks(ours_order, theirs);
    match ours {
        Item::Table(t) => {
            t.sort_values_by(|a, _, b, _| cmp_rank(&rank, a.get(), b.get()));
        }
        Item::Value(Value::InlineTable(t)) => {
            t.sort_values_by(|a, _, b, _| cmp_rank(&rank, a.get(), b.get()));
        }
        _ => {}
    }
}

fn cmp_rank(rank: &HashMap<String, usize>, a: &str, b: &str) -> Ordering {
    rank.get(a)
        .unwrap_or(&usize::MAX)
        .cmp(rank.get(b).unwrap_or(&usize::MAX))
}

/// Ranks for ours' keys as they were, with theirs' new keys after their predecessor there.
fn ranks(ours_order: &[String], theirs: &dyn TableLike) -> HashMap<String, usize> {
    let mut order: Vec<String> = ours_order.to_vec();
    let theirs_keys: Vec<&str> = theirs.iter().map(|(k, _)| k).collect();
    for (i, k) in theirs_keys.iter().enumerate() {
        if order.iter().any(|x| x == k) {
            continue;
        }
        let after = theirs_keys[..i]
            .iter()
            .rev()
            .find_map(|p| order.iter().position(|x| x == p));
        order.insert(after.map_or(0, |a| a + 1), k.to_string());
    }
    order.into_iter().enumerate().map(|(i, k)| (k, i)).collect()
}

impl ConflictRecord {
    fn new(c: &MergeConflict, sides: &Sides) -> Self {
        ConflictRecord {
            path: c.path.clone(),
            base: c.base.clone(),
            ours: c.ours.clone(),
            theirs: c.theirs.clone(),
            ours_by: sides.ours.who.clone(),
            ours_at: sides.ours.when.clone(),
            theirs_by: sides.theirs.who.clone(),
            theirs_at: sides.theirs.when.clone(),
        }
    }
}

/// Write each conflict into `[conflicts."<key>"]`, replacing an older entry for the same place.
fn record_conflicts(root: &mut Table, conflicts: &[MergeConflict], sides: &Sides) {
    if conflicts.is_empty() {
        return;
    }
    let mut all = root
        .get("conflicts")
        .map(read_conflicts)
        .unwrap_or_default();
    for c in conflicts {
        // A fresh conflict at the same place replaces the older record.
        if let Some(t) = root.get_mut("conflicts").and_then(Item::as_table_like_mut) {
            t.remove(&c.key());
        }
        all.insert(c.key(), ConflictRecord::new(c, sides));
    }
    write_conflicts(root, &all);
}

/// A merged file that is not an assessment any more (each side was, but together they are
/// not, e.g. `[answers]` on one side and `[[groups]]` on the other).
#[derive(Clone, Debug)]
pub enum MergeFailure {
    Unmergeable(Unmergeable),
    NotAnAssessment(crate::diag::Diagnostic),
}

/// [`merge_texts`] for assessment files: the result is read back through the store (so it is
/// known to parse), and its `[result]` is recomputed by `result` when the answers changed.
pub fn merge_assessment(
    path: &std::path::Path,
    base: &str,
    ours: &str,
    theirs: &str,
    sides: &Sides,
    result: &dyn Fn(&super::Assessment) -> Option<super::ResultSummary>,
) -> Result<Merged, MergeFailure> {
    let merged = merge_texts(base, ours, theirs, sides).map_err(MergeFailure::Unmergeable)?;
    let mut parsed =
        super::parse::parse_document(path, &merged.text).map_err(MergeFailure::NotAnAssessment)?;
    let ours_answers = super::parse::parse_assessment(path, ours)
        .ok()
        .map(|a| a.answers);
    let mut a = parsed.assessment.clone();
    if ours_answers.as_ref() != Some(&a.answers)
        && let Some(r) = result(&a)
    {
        a.result = Some(r);
        super::write::apply(&mut parsed.doc, &a);
        return Ok(Merged {
            text: parsed.doc.to_string(),
            conflicts: merged.conflicts,
        });
    }
    Ok(merged)
}
