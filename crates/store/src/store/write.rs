//! Writing an assessment into a TOML document: patch only what differs, so a person's
//! comments, key order and unknown keys survive; a new document follows the layout of the
//! example in the file-format spec.

use std::collections::HashSet;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

use super::convert::{
    answer_to_toml, chrono_to_datetime, datetime_to_chrono, toml_to_value, value_to_toml,
};
use super::model::{Assessment, CURRENT_SCHEMA, ResultSummary, SignOff};
use crate::answers::{AnswerSet, Answers, Group, StatementText, Tailoring};

/// The top-level tables in the order a new file has them.
const ORDER: [&str; 9] = [
    "service", "ruleset", "answers", "groups", "notes", "result", "meta", "origin", "signoff",
];

/// A new document for `a`, in the spec's layout.
pub(crate) fn new_document(a: &Assessment) -> DocumentMut {
    let mut doc = DocumentMut::new();
    apply(&mut doc, a);
    doc
}

/// Make `doc` say what `a` says, touching only what differs.
pub(crate) fn apply(doc: &mut DocumentMut, a: &Assessment) {
    let root = doc.as_table_mut();
    set_value(root, "schema", Value::from(i64::from(CURRENT_SCHEMA)));
    set_value(root, "id", Value::from(a.id.as_str()));

    let service = ensure_table(root, "service");
    set_value(service, "name", Value::from(a.service.name.as_str()));
    set_optional(service, "agency", &a.service.agency);
    set_optional(service, "description", &a.service.description);
    match &a.service.owner {
        Some(o) => set_value(service, "owner", Value::from(o.as_str())),
        None => {
            service.remove("owner");
        }
    }

    let ruleset = ensure_table(root, "ruleset");
    set_value(ruleset, "id", Value::from(a.ruleset.id.as_str()));
    set_optional(ruleset, "version", &a.ruleset.version);
    set_optional(ruleset, "sha256", &a.ruleset.sha256);

    match &a.answers {
        AnswerSet::Single(answers) => {
            root.remove("groups");
            let t = ensure_table(root, "answers");
            sync_answers(t, answers);
        }
        AnswerSet::Groups(groups) => {
            root.remove("answers");
            sync_groups(root, groups);
        }
    }

    if a.notes.is_empty() {
        root.remove("notes");
    } else {
        let t = ensure_table(root, "notes");
        sync_owned(
            t,
            a.notes
                .iter()
                .map(|(k, v)| (k.as_str(), toml::Value::String(v.clone()))),
        );
    }

    match &a.result {
        None => {
            root.remove("result");
        }
        Some(r) => write_result(root, r),
    }

    super::conflicts::write_conflicts(root, &a.conflicts);

    let meta = ensure_table(root, "meta");
    set_value(
        meta,
        "created",
        Value::from(chrono_to_datetime(&a.meta.created)),
    );
    set_value(
        meta,
        "updated",
        Value::from(chrono_to_datetime(&a.meta.updated)),
    );
    write_origin(root, a.origin.as_ref());
    sync_signoffs(root, &a.signoffs);
}

/// `[origin]` is patched key by key, so a key a later xal added there survives; an origin the
/// model no longer has goes away with the table.
fn write_origin(root: &mut Table, origin: Option<&super::model::Origin>) {
    let Some(o) = origin else {
        root.remove("origin");
        return;
    };
    let t = ensure_table(root, "origin");
    set_optional(t, "pack", &o.pack);
    set_optional(t, "pack_version", &o.pack_version);
    set_optional(t, "scenario", &o.scenario);
    set_optional(t, "from_id", &o.from_id);
    set_optional(t, "source", &o.source);
}

/// `[[signoff]]` is a record of what people said: a save only appends the steps the document
/// lacks, in order, and never removes or rewrites one (a sign-off the model no longer holds —
/// an old copy of the file being written over — stays). The whole array is one unit for a
/// table-by-table merge.
fn sync_signoffs(root: &mut Table, wanted: &[SignOff]) {
    if wanted.is_empty() && !root.contains_key("signoff") {
        return;
    }
    let mut last = root.iter().filter_map(|(_, i)| max_position(i)).max();
    let slot = root
        .entry("signoff")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    if !slot.is_array_of_tables() {
        // A hand-written `signoff = …` of another shape is the parser's error to report; a
        // file that parsed has none.
        return;
    }
    let Some(array) = slot.as_array_of_tables_mut() else {
        return;
    };
    for s in wanted {
        let present = array
            .iter()
            .any(|t| super::parse::read_signoff(t).is_some_and(|found| &found == s));
        if present {
            continue;
        }
        let mut t = Table::new();
        last = last.map(|p| p + 1);
        t.set_position(last);
        t.insert("step", Item::Value(Value::from(s.step.as_str())));
        t.insert("by", Item::Value(Value::from(s.by.as_str())));
        if !s.role.is_empty() {
            t.insert("role", Item::Value(Value::from(s.role.as_str())));
        }
        if !s.note.is_empty() {
            t.insert("note", Item::Value(Value::from(s.note.as_str())));
        }
        t.insert("at", Item::Value(Value::from(chrono_to_datetime(&s.at))));
        t.insert("record", Item::Value(Value::from(s.record.as_str())));
        if let Some(d) = s.review_due {
            use chrono::Datelike;
            let date = toml_edit::Date {
                year: d.year().clamp(0, 9999) as u16,
                month: d.month() as u8,
                day: d.day() as u8,
            };
            t.insert(
                "review_due",
                Item::Value(Value::from(toml_edit::Datetime {
                    date: Some(date),
                    time: None,
                    offset: None,
                })),
            );
        }
        for (k, v) in [
            ("signer", &s.signer),
            ("key", &s.key),
            ("signature", &s.signature),
        ] {
            if !v.is_empty() {
                t.insert(k, Item::Value(Value::from(v.as_str())));
            }
        }
        array.push(t);
    }
}

fn set_optional(t: &mut dyn TableLike, key: &str, v: &str) {
    if !v.is_empty() || t.contains_key(key) {
        set_value(t, key, Value::from(v));
    }
}

/// The top-level table `key`, created where a new file would have it when missing.
fn ensure_table<'a>(root: &'a mut Table, key: &str) -> &'a mut dyn TableLike {
    let usable = root.get(key).is_some_and(|i| i.is_table_like());
    if !usable {
        let mut t = Table::new();
        t.set_position(position_after(root, key));
        root.insert(key, Item::Table(t));
    }
    root.get_mut(key)
        .and_then(|i| i.as_table_like_mut())
        .expect("inserted above")
}

/// The print position for a new top-level table `key`: just after the last table that comes
/// before it in [`ORDER`], so it lands there even in a hand-arranged file. `None` in a document
/// without positions (a new one), where insertion order rules.
fn position_after(root: &Table, key: &str) -> Option<isize> {
    let idx = ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len());
    let mut best = None;
    for k in ORDER[..idx].iter().rev() {
        if let Some(item) = root.get(k) {
            best = max_position(item);
            if best.is_some() {
                break;
            }
        }
    }
    if best.is_none() && key != "service" {
        // Nothing before it: any positioned table means the document is a parsed one; put the
        // new table first.
        best = root
            .iter()
            .filter_map(|(_, i)| max_position(i))
            .min()
            .map(|p| p - 1);
    }
    best
}

fn max_position(item: &Item) -> Option<isize> {
    match item {
        Item::Table(t) => table_max_position(t),
        Item::ArrayOfTables(a) => a.iter().filter_map(table_max_position).max(),
        _ => None,
    }
}

fn table_max_position(t: &Table) -> Option<isize> {
    let kids = t.iter().filter_map(|(_, i)| max_position(i)).max();
    t.position().max(kids)
}

/// Set `key` to `new` unless it already holds the same value; a replaced value keeps the
/// spacing and trailing comment of the old one, and a replaced inline table keeps its key order.
fn set_value(t: &mut dyn TableLike, key: &str, new: Value) {
    match t.get_mut(key) {
        Some(slot) if !slot.is_none() => set_item(slot, &new),
        _ => {
            t.insert(key, Item::Value(new));
        }
    }
}

fn set_item(slot: &mut Item, new: &Value) {
    match slot {
        Item::Value(old) => {
            if same(old, new) {
                return;
            }
            if let (Value::InlineTable(old_t), Value::InlineTable(new_t)) = (&mut *old, new) {
                sync_owned(old_t, new_t.iter().map(|(k, v)| (k, value_to_toml(v))));
                // Cells appended one by one keep stray spacing (`"low" ,`): tidy the table.
                old_t.fmt();
                return;
            }
            let decor = old.decor().clone();
            *old = new.clone();
            *old.decor_mut() = decor;
        }
        Item::Table(old_t) if new.is_inline_table() => {
            // `[answers."impact.proofing"]` written as a table: keep it a table.
            if let Value::InlineTable(new_t) = new {
                sync_owned(old_t, new_t.iter().map(|(k, v)| (k, value_to_toml(v))));
            }
        }
        other => *other = Item::Value(new.clone()),
    }
}

fn same(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::Datetime(a), Value::Datetime(b)) => {
            match (datetime_to_chrono(a.value()), datetime_to_chrono(b.value())) {
                (Some(x), Some(y)) => x == y && x.offset() == y.offset(),
                _ => a.value() == b.value(),
            }
        }
        _ => value_to_toml(old) == value_to_toml(new),
    }
}

/// Make table `t` hold exactly `desired` (which this code owns): keys not in it are removed,
/// changed ones replaced in place, new ones appended.
fn sync_owned<'k>(t: &mut dyn TableLike, desired: impl Iterator<Item = (&'k str, toml::Value)>) {
    let desired: Vec<(&str, toml::Value)> = desired.collect();
    let wanted: HashSet<&str> = desired.iter().map(|(k, _)| *k).collect();
    let stale: Vec<String> = t
        .iter()
        .filter(|(k, _)| !wanted.contains(k))
        .map(|(k, _)| k.to_string())
        .collect();
    // From the end: each removal shifts only the keys after it.
    for k in stale.iter().rev() {
        t.remove(k);
    }
    for (k, v) in desired {
        set_value(t, k, toml_to_value(&v));
    }
}

fn sync_answers(t: &mut dyn TableLike, answers: &Answers) {
    sync_owned(
        t,
        answers.iter().map(|(k, v)| (k.as_str(), answer_to_toml(v))),
    );
}

fn sync_groups(root: &mut Table, groups: &[Group]) {
    if groups.is_empty() {
        set_value(root, "groups", Value::Array(toml_edit::Array::new()));
        return;
    }
    let after = position_after(root, "groups");
    let slot = root.entry("groups").or_insert(Item::None);
    let mut pool: Vec<Table> = match std::mem::take(slot) {
        Item::ArrayOfTables(a) => a.into_iter().collect(),
        Item::Value(Value::Array(a)) => a
            .into_iter()
            .filter_map(|v| match v {
                Value::InlineTable(t) => Some(t.into_table()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut out = ArrayOfTables::new();
    let mut last_pos = after;
    for g in groups {
        let found = pool
            .iter()
            .position(|t| t.get("id").and_then(|i| i.as_str()) == Some(g.id.as_str()));
        let mut t = match found {
            Some(i) => pool.remove(i),
            None => {
                let mut t = Table::new();
                t.set_position(last_pos);
                t
            }
        };
        patch_group(&mut t, g, last_pos);
        last_pos = table_max_position(&t).or(last_pos);
        out.push(t);
    }
    *slot = Item::ArrayOfTables(out);
}

fn patch_group(t: &mut Table, g: &Group, pos: Option<isize>) {
    set_value(t, "id", Value::from(g.id.as_str()));
    set_optional(t, "name", &g.name);
    let answers = ensure_sub_table(t, "answers", pos);
    sync_answers(answers, &g.answers);
    match &g.tailoring {
        None => {
            t.remove("tailoring");
        }
        Some(tailoring) => {
            let desired = tailoring_entries(tailoring);
            let sub = ensure_sub_table(t, "tailoring", pos);
            sync_owned(sub, desired.into_iter());
        }
    }
}

/// Levels first, then the rationale, the tailoring areas, the controls and the other notes.
fn tailoring_entries(t: &Tailoring) -> Vec<(&str, toml::Value)> {
    let mut out: Vec<(&str, toml::Value)> = t
        .levels
        .iter()
        .map(|(k, v)| (k.as_str(), toml::Value::String(v.clone())))
        .collect();
    let text = |f: StatementText| {
        let v = t.text(f);
        (!v.is_empty()).then(|| (f.key(), toml::Value::String(v.to_string())))
    };
    use StatementText as S;
    out.extend(
        [S::Rationale, S::Privacy, S::Experience, S::Threats]
            .map(text)
            .into_iter()
            .flatten(),
    );
    for (key, controls) in [
        ("compensating", &t.compensating),
        ("supplemental", &t.supplemental),
    ] {
        if !controls.is_empty()
            && let Ok(v) = toml::Value::try_from(controls)
        {
            out.push((key, v));
        }
    }
    out.extend(
        [
            S::Cost,
            S::Provider,
            S::ProviderDias,
            S::Evaluation,
            S::Redress,
        ]
        .map(text)
        .into_iter()
        .flatten(),
    );
    out
}

fn ensure_sub_table<'a>(t: &'a mut Table, key: &str, pos: Option<isize>) -> &'a mut dyn TableLike {
    let usable = t.get(key).is_some_and(|i| i.is_table_like());
    if !usable {
        let mut sub = Table::new();
        // Existing tables of a parsed file have positions; a new one sits with its group.
        sub.set_position(table_max_position(t).or(pos));
        t.insert(key, Item::Table(sub));
    }
    t.get_mut(key)
        .and_then(|i| i.as_table_like_mut())
        .expect("inserted above")
}

fn result_entries(r: &ResultSummary) -> Vec<(String, toml::Value)> {
    let mut out: Vec<(String, toml::Value)> = r
        .levels
        .iter()
        .map(|(k, v)| (k.clone(), toml::Value::String(v.clone())))
        .collect();
    out.push(("complete".into(), toml::Value::Boolean(r.complete)));
    if let Some(e) = &r.evaluated {
        out.push((
            "evaluated".into(),
            toml::Value::Datetime(chrono_to_datetime(e)),
        ));
    }
    out
}

fn write_result(root: &mut Table, r: &ResultSummary) {
    if let Some(existing) = root.get("result")
        && existing.is_table()
        && existing_result_equals(existing, r)
    {
        return;
    }
    let pos = match root.get("result") {
        Some(Item::Table(t)) => t.position(),
        _ => position_after(root, "result"),
    };
    let mut t = match root.remove("result") {
        Some(Item::Table(mut t)) => {
            t.clear();
            t
        }
        _ => {
            let mut t = Table::new();
            t.set_position(pos);
            t
        }
    };
    for (k, v) in result_entries(r) {
        t.insert(&k, Item::Value(toml_to_value(&v)));
    }
    if !r.groups.is_empty() {
        let mut groups = Table::new();
        groups.set_implicit(true);
        groups.set_position(pos);
        for (gid, g) in &r.groups {
            let mut gt = Table::new();
            gt.set_position(pos);
            for (k, v) in &g.levels {
                gt.insert(k, Item::Value(Value::from(v.as_str())));
            }
            gt.insert("complete", Item::Value(Value::from(g.complete)));
            groups.insert(gid, Item::Table(gt));
        }
        t.insert("groups", Item::Table(groups));
    }
    // Re-inserting appends the key; the table prints at its position all the same.
    root.insert("result", Item::Table(t));
}

fn existing_result_equals(existing: &Item, r: &ResultSummary) -> bool {
    super::parse::read_result(existing).is_some_and(|found| &found == r)
}
