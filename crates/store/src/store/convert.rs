//! Conversions between `toml_edit` items (what the file holds), `toml::Value` (what the shared
//! answer types keep), and chrono date-times.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike};
use toml_edit::{Array, InlineTable, Item, Value};

use crate::answers::AnswerValue;

/// A parsed item as a plain `toml::Value` (`None` for `Item::None`).
pub(crate) fn item_to_toml(item: &Item) -> Option<toml::Value> {
    match item {
        Item::None => None,
        Item::Value(v) => Some(value_to_toml(v)),
        Item::Table(t) => {
            let mut out = toml::Table::new();
            for (k, v) in t.iter() {
                if let Some(v) = item_to_toml(v) {
                    out.insert(k.to_string(), v);
                }
            }
            Some(toml::Value::Table(out))
        }
        Item::ArrayOfTables(a) => Some(toml::Value::Array(
            a.iter()
                .map(|t| {
                    item_to_toml(&Item::Table(t.clone()))
                        .unwrap_or(toml::Value::Table(toml::Table::new()))
                })
                .collect(),
        )),
    }
}

pub(crate) fn value_to_toml(v: &Value) -> toml::Value {
    match v {
        Value::String(s) => toml::Value::String(s.value().clone()),
        Value::Integer(i) => toml::Value::Integer(*i.value()),
        Value::Float(f) => toml::Value::Float(*f.value()),
        Value::Boolean(b) => toml::Value::Boolean(*b.value()),
        Value::Datetime(d) => toml::Value::Datetime(*d.value()),
        Value::Array(a) => toml::Value::Array(a.iter().map(value_to_toml).collect()),
        Value::InlineTable(t) => {
            let mut out = toml::Table::new();
            for (k, v) in t.iter() {
                out.insert(k.to_string(), value_to_toml(v));
            }
            toml::Value::Table(out)
        }
    }
}

/// A plain value as an editable one (tables become inline tables).
pub(crate) fn toml_to_value(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(*d),
        toml::Value::Array(a) => {
            let mut out = Array::new();
            for v in a {
                out.push(toml_to_value(v));
            }
            Value::Array(out)
        }
        toml::Value::Table(t) => {
            let mut out = InlineTable::new();
            for (k, v) in t {
                out.insert(k, toml_to_value(v));
            }
            Value::InlineTable(out)
        }
    }
}

/// How an answer is read: a string is a choice, a table of strings a matrix, anything else is
/// kept as written (the same rules as the untagged `AnswerValue`).
pub(crate) fn item_to_answer(item: &Item) -> Option<AnswerValue> {
    let plain = item_to_toml(item)?;
    Some(toml_to_answer(plain))
}

pub(crate) fn toml_to_answer(plain: toml::Value) -> AnswerValue {
    match plain {
        toml::Value::String(s) => AnswerValue::Choice(s),
        toml::Value::Table(t) if t.values().all(|v| v.is_str()) => AnswerValue::Matrix(
            t.into_iter()
                .map(|(k, v)| {
                    let s = match v {
                        toml::Value::String(s) => s,
                        _ => unreachable!("checked above"),
                    };
                    (k, s)
                })
                .collect(),
        ),
        other => AnswerValue::Other(other),
    }
}

pub(crate) fn answer_to_toml(a: &AnswerValue) -> toml::Value {
    match a {
        AnswerValue::Choice(s) => toml::Value::String(s.clone()),
        AnswerValue::Matrix(m) => toml::Value::Table(
            m.iter()
                .map(|(k, v)| (k.clone(), toml::Value::String(v.clone())))
                .collect(),
        ),
        AnswerValue::Other(v) => v.clone(),
    }
}

/// A TOML offset date-time as chrono's; `None` when a part is missing or out of range.
pub(crate) fn datetime_to_chrono(d: &toml_edit::Datetime) -> Option<DateTime<FixedOffset>> {
    let date = d.date?;
    let time = d.time?;
    let offset = d.offset?;
    let minutes = match offset {
        toml_edit::Offset::Z => 0,
        toml_edit::Offset::Custom { minutes } => i32::from(minutes),
    };
    let tz = FixedOffset::east_opt(minutes * 60)?;
    let nd = NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )?;
    let nt = NaiveTime::from_hms_nano_opt(
        u32::from(time.hour),
        u32::from(time.minute),
        u32::from(time.second.unwrap_or(0)),
        time.nanosecond.unwrap_or(0),
    )?;
    tz.from_local_datetime(&nd.and_time(nt)).single()
}

/// chrono's date-time as a TOML offset date-time (seconds always; fractions only when non-zero).
pub(crate) fn chrono_to_datetime(dt: &DateTime<FixedOffset>) -> toml_edit::Datetime {
    let secs = dt.offset().local_minus_utc();
    let offset = if secs == 0 {
        toml_edit::Offset::Z
    } else {
        toml_edit::Offset::Custom {
            minutes: (secs / 60) as i16,
        }
    };
    // Years outside 0..=9999 cannot be written in TOML; clamp rather than write garbage.
    let year = dt.year().clamp(0, 9999) as u16;
    let nanos = dt.nanosecond();
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year,
            month: dt.month() as u8,
            day: dt.day() as u8,
        }),
        time: Some(toml_edit::Time {
            hour: dt.hour() as u8,
            minute: dt.minute() as u8,
            second: Some(dt.second() as u8),
            nanosecond: (nanos != 0).then_some(nanos),
        }),
        offset: Some(offset),
    }
}
