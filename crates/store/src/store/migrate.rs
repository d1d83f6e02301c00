//! Upgrading older assessment files, one schema step at a time, in memory.
//!
//! `MIGRATIONS[n]` turns a schema-`n` document into a schema-`n + 1` one. Reading an old file
//! runs the steps from its schema up to [`CURRENT_SCHEMA`] on the parsed document; nothing is
//! written until the user saves (which then writes the current schema). To change the format:
//! bump [`CURRENT_SCHEMA`], append a step here, and add an old file to the tests.
//!
//! Schema 0 is the pre-release layout: no `schema` key, and the service's name under
//! `[service] title`. (It exists to keep this path exercised; no released xal wrote it.)

use std::cmp::Ordering;

use toml_edit::{DocumentMut, value};

use super::model::CURRENT_SCHEMA;

type Step = fn(&mut DocumentMut) -> Result<(), String>;

const MIGRATIONS: [Step; CURRENT_SCHEMA as usize] = [v0_to_v1];

/// Bring `doc`, written in schema `from_schema`, up to [`CURRENT_SCHEMA`].
pub fn migrate(doc: &mut DocumentMut, from_schema: u32) -> Result<(), String> {
    if from_schema > CURRENT_SCHEMA {
        return Err(format!(
            "written by a newer xal (schema {from_schema}); this xal knows up to {CURRENT_SCHEMA}"
        ));
    }
    for step in &MIGRATIONS[from_schema as usize..] {
        step(doc)?;
    }
    set_schema(doc, CURRENT_SCHEMA);
    Ok(())
}

fn set_schema(doc: &mut DocumentMut, schema: u32) {
    let root = doc.as_table_mut();
    let had = root.contains_key("schema");
    root.insert("schema", value(i64::from(schema)));
    if !had {
        // Put the new key first, as in a freshly written file.
        root.sort_values_by(
            |a, _, b, _| match (a.get() == "schema", b.get() == "schema") {
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => Ordering::Equal,
            },
        );
    }
}

fn v0_to_v1(doc: &mut DocumentMut) -> Result<(), String> {
    if let Some(service) = doc.get_mut("service").and_then(|s| s.as_table_like_mut())
        && !service.contains_key("name")
        && let Some(title) = service.remove("title")
    {
        if !title.is_str() {
            return Err("`service.title` must be a string".into());
        }
        service.insert("name", title);
    }
    Ok(())
}
