//! Reading an assessment file: TOML syntax, then shape, each error with its line and column.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use toml_edit::{Document, DocumentMut, Item, TableLike};

use super::convert::{datetime_to_chrono, item_to_answer, item_to_toml};
use super::migrate::migrate;
use super::model::{
    Assessment, CURRENT_SCHEMA, GroupResult, Meta, Origin, ResultSummary, RulesetRef, Service,
    SignOff, valid_id,
};
use crate::answers::{AnswerSet, Answers, Group, Tailoring};
use crate::diag::Diagnostic;

/// An assessment and the document it came from (for a save that keeps everything else).
pub(crate) struct Parsed {
    pub assessment: Assessment,
    pub doc: DocumentMut,
    /// The schema the file was written in, when older than [`CURRENT_SCHEMA`].
    pub migrated_from: Option<u32>,
}

/// Parse the text of an assessment file. Every problem (TOML syntax, a missing or mistyped
/// key, a schema newer than this xal) is one [`Diagnostic`] with the place to fix it.
pub fn parse_assessment(path: &Path, text: &str) -> Result<Assessment, Diagnostic> {
    parse_document(path, text).map(|p| p.assessment)
}

/// [`parse_assessment`] for bytes as read from disk: text that is not UTF-8 is reported at the
/// first bad byte.
pub fn parse_assessment_bytes(path: &Path, bytes: &[u8]) -> Result<Assessment, Diagnostic> {
    let text = utf8(path, bytes)?;
    parse_assessment(path, text)
}

pub(crate) fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // The valid prefix is UTF-8 by definition.
        let prefix = std::str::from_utf8(good).unwrap_or("");
        Diagnostic::at_offset(
            path,
            prefix,
            prefix.len(),
            "not UTF-8 text (save the file as UTF-8)",
        )
    })
}

/// What `xal eval` needs from a file that may hold only answers: the `[answers]` table or the
/// `[[groups]]`, plus the recorded ruleset id and notes when present. Everything else in the
/// file is ignored, so a full assessment file is accepted too.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswersOnly {
    pub ruleset_id: Option<String>,
    pub answers: AnswerSet,
    pub notes: BTreeMap<String, String>,
}

pub fn parse_answers_only(path: &Path, text: &str) -> Result<AnswersOnly, Diagnostic> {
    let doc = syntax(path, text)?;
    let cx = Cx {
        path,
        text,
        note: "",
    };
    let root = doc.as_table();
    let ruleset_id = root
        .get("ruleset")
        .and_then(|r| r.as_table_like())
        .and_then(|r| r.get("id"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let answers = cx.answer_set(root, root.span())?;
    let notes = match root.get("notes") {
        Some(item) => cx.string_map(item, "notes")?,
        None => BTreeMap::new(),
    };
    Ok(AnswersOnly {
        ruleset_id,
        answers,
        notes,
    })
}

fn syntax(path: &Path, text: &str) -> Result<Document<String>, Diagnostic> {
    Document::parse(text.to_string()).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        let msg = e
            .message()
            .trim()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        Diagnostic::at_offset(path, text, offset, format!("TOML syntax: {msg}"))
    })
}

pub(crate) fn parse_document(path: &Path, text: &str) -> Result<Parsed, Diagnostic> {
    let doc = syntax(path, text)?;
    let schema = match doc.as_table().get("schema") {
        None => 0,
        Some(item) => match item.as_integer() {
            Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => n as u32,
            _ => {
                return Err(Diagnostic::at_offset(
                    path,
                    text,
                    item.span().map(|s| s.start).unwrap_or(0),
                    "`schema` must be a whole number (1 for this xal)",
                ));
            }
        },
    };
    if schema > CURRENT_SCHEMA {
        let span = doc.as_table().get("schema").and_then(|i| i.span());
        return Err(Diagnostic::at_offset(
            path,
            text,
            span.map(|s| s.start).unwrap_or(0),
            format!(
                "written by a newer xal (schema {schema}); this xal reads schema {CURRENT_SCHEMA} \
                 and older, and will not change this file"
            ),
        ));
    }
    if schema == CURRENT_SCHEMA {
        let cx = Cx {
            path,
            text,
            note: "",
        };
        let assessment = cx.assessment(&doc)?;
        return Ok(Parsed {
            assessment,
            doc: doc.into_mut(),
            migrated_from: None,
        });
    }
    // An older file: migrate the document, then read the migrated text. Places in errors are
    // then places in the migrated text, which the message says.
    let mut docm = doc.into_mut();
    migrate(&mut docm, schema).map_err(|m| {
        Diagnostic::at_offset(
            path,
            text,
            0,
            format!("cannot upgrade from schema {schema}: {m}"),
        )
    })?;
    let migrated = docm.to_string();
    let note = " (place as in the file upgraded from an older schema)";
    let doc2 = syntax(path, &migrated).map_err(|mut d| {
        d.message.push_str(note);
        d
    })?;
    let cx = Cx {
        path,
        text: &migrated,
        note,
    };
    let assessment = cx.assessment(&doc2)?;
    Ok(Parsed {
        assessment,
        doc: doc2.into_mut(),
        migrated_from: Some(schema),
    })
}

/// Where errors are reported.
struct Cx<'a> {
    path: &'a Path,
    text: &'a str,
    note: &'static str,
}

impl Cx<'_> {
    fn err(&self, span: Option<Range<usize>>, msg: impl Into<String>) -> Diagnostic {
        let mut msg = msg.into();
        msg.push_str(self.note);
        Diagnostic::at_offset(
            self.path,
            self.text,
            span.map(|s| s.start).unwrap_or(0),
            msg,
        )
    }

    fn assessment(&self, doc: &Document<String>) -> Result<Assessment, Diagnostic> {
        let root = doc.as_table();
        let id = self.req_str(root, "id", root.span(), "")?;
        if !valid_id(&id) {
            return Err(self.err(
                root.get("id").and_then(|i| i.span()),
                format!(
                    "`id = {id:?}` is not a valid id: use 1 to 100 letters, digits, `-` or `_`"
                ),
            ));
        }
        let service_t = self.req_table(root, "service")?;
        let service = Service {
            name: self.req_str(service_t, "name", table_span(root, "service"), "service.")?,
            agency: self
                .opt_str(service_t, "agency", "service.")?
                .unwrap_or_default(),
            description: self
                .opt_str(service_t, "description", "service.")?
                .unwrap_or_default(),
            owner: self.opt_str(service_t, "owner", "service.")?,
        };
        let ruleset_t = self.req_table(root, "ruleset")?;
        let ruleset = RulesetRef {
            id: self.req_str(ruleset_t, "id", table_span(root, "ruleset"), "ruleset.")?,
            version: self
                .opt_str(ruleset_t, "version", "ruleset.")?
                .unwrap_or_default(),
            sha256: self
                .opt_str(ruleset_t, "sha256", "ruleset.")?
                .unwrap_or_default(),
        };
        let answers = self.answer_set(root, root.span())?;
        let notes = match root.get("notes") {
            Some(item) => self.string_map(item, "notes")?,
            None => BTreeMap::new(),
        };
        let result = root.get("result").and_then(read_result);
        let meta_t = self.req_table(root, "meta")?;
        let meta_span = table_span(root, "meta");
        let meta = Meta {
            created: self.req_datetime(meta_t, "created", meta_span.clone())?,
            updated: self.req_datetime(meta_t, "updated", meta_span)?,
        };
        let signoffs = match root.get("signoff") {
            Some(item) => self.signoffs(item)?,
            None => Vec::new(),
        };
        Ok(Assessment {
            schema: CURRENT_SCHEMA,
            id,
            service,
            ruleset,
            answers,
            notes,
            result,
            meta,
            signoffs,
            conflicts: root
                .get("conflicts")
                .map(super::conflicts::read_conflicts)
                .unwrap_or_default(),
            origin: self.origin(root)?,
        })
    }

    fn origin(&self, root: &toml_edit::Table) -> Result<Option<Origin>, Diagnostic> {
        let Some(item) = root.get("origin") else {
            return Ok(None);
        };
        let Some(t) = item.as_table_like() else {
            return Err(self.err(
                item.span(),
                format!("`origin` must be a table ([origin]), not {}", kind(item)),
            ));
        };
        let get = |k: &str| -> Result<String, Diagnostic> {
            Ok(self.opt_str(t, k, "origin.")?.unwrap_or_default())
        };
        Ok(Some(Origin {
            pack: get("pack")?,
            pack_version: get("pack_version")?,
            scenario: get("scenario")?,
            from_id: get("from_id")?,
            source: get("source")?,
        }))
    }

    fn signoffs(&self, item: &Item) -> Result<Vec<SignOff>, Diagnostic> {
        let Item::ArrayOfTables(a) = item else {
            return Err(self.err(
                item.span(),
                format!("`signoff` must be [[signoff]] tables, not {}", kind(item)),
            ));
        };
        let mut out = Vec::new();
        for t in a.iter() {
            out.push(self.signoff(t)?);
        }
        Ok(out)
    }

    fn signoff(&self, t: &toml_edit::Table) -> Result<SignOff, Diagnostic> {
        {
            let span = t.span();
            let at_item = t
                .get("at")
                .ok_or_else(|| self.err(span.clone(), "missing `signoff.at`"))?;
            let at = at_item
                .as_datetime()
                .and_then(datetime_to_chrono)
                .ok_or_else(|| {
                    self.err(
                        at_item.span(),
                        "`signoff.at` must be a date and time with its UTC offset, \
                         like 2026-11-28T10:15:00+07:00",
                    )
                })?;
            let review_due = match t.get("review_due") {
                None => None,
                Some(d) => Some(
                    d.as_datetime()
                        .filter(|d| d.time.is_none())
                        .and_then(|d| d.date)
                        .and_then(|d| {
                            chrono::NaiveDate::from_ymd_opt(
                                i32::from(d.year),
                                u32::from(d.month),
                                u32::from(d.day),
                            )
                        })
                        .ok_or_else(|| {
                            self.err(
                                d.span(),
                                "`signoff.review_due` must be a date, like 2027-11-28",
                            )
                        })?,
                ),
            };
            Ok(SignOff {
                step: self.req_str(t, "step", span.clone(), "signoff.")?,
                by: self.req_str(t, "by", span.clone(), "signoff.")?,
                role: self.opt_str(t, "role", "signoff.")?.unwrap_or_default(),
                note: self.opt_str(t, "note", "signoff.")?.unwrap_or_default(),
                at,
                record: self.req_str(t, "record", span, "signoff.")?,
                review_due,
                signer: self.opt_str(t, "signer", "signoff.")?.unwrap_or_default(),
                key: self.opt_str(t, "key", "signoff.")?.unwrap_or_default(),
                signature: self
                    .opt_str(t, "signature", "signoff.")?
                    .unwrap_or_default(),
            })
        }
    }

    fn req_table<'t>(
        &self,
        parent: &'t dyn TableLike,
        key: &str,
    ) -> Result<&'t dyn TableLike, Diagnostic> {
        match parent.get(key) {
            None => Err(self.err(None, format!("missing the [{key}] table"))),
            Some(item) => item.as_table_like().ok_or_else(|| {
                self.err(
                    item.span(),
                    format!("`{key}` must be a table, not {}", kind(item)),
                )
            }),
        }
    }

    fn req_str(
        &self,
        t: &dyn TableLike,
        key: &str,
        place: Option<Range<usize>>,
        prefix: &str,
    ) -> Result<String, Diagnostic> {
        self.opt_str(t, key, prefix)?
            .ok_or_else(|| self.err(place, format!("missing `{prefix}{key}`")))
    }

    fn opt_str(
        &self,
        t: &dyn TableLike,
        key: &str,
        prefix: &str,
    ) -> Result<Option<String>, Diagnostic> {
        match t.get(key) {
            None => Ok(None),
            Some(item) => match item.as_str() {
                Some(s) => Ok(Some(s.to_string())),
                None => Err(self.err(
                    item.span(),
                    format!("`{prefix}{key}` must be a string, not {}", kind(item)),
                )),
            },
        }
    }

    fn req_datetime(
        &self,
        t: &dyn TableLike,
        key: &str,
        place: Option<Range<usize>>,
    ) -> Result<DateTime<FixedOffset>, Diagnostic> {
        let item = t
            .get(key)
            .ok_or_else(|| self.err(place, format!("missing `meta.{key}`")))?;
        item.as_datetime()
            .and_then(datetime_to_chrono)
            .ok_or_else(|| {
                self.err(
                    item.span(),
                    format!(
                        "`meta.{key}` must be a date and time with its UTC offset, \
                         like 2026-11-28T10:15:00+07:00"
                    ),
                )
            })
    }

    fn string_map(&self, item: &Item, name: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
        let t = item.as_table_like().ok_or_else(|| {
            self.err(
                item.span(),
                format!("`{name}` must be a table, not {}", kind(item)),
            )
        })?;
        let mut out = BTreeMap::new();
        for (k, v) in t.iter() {
            match v.as_str() {
                Some(s) => {
                    out.insert(k.to_string(), s.to_string());
                }
                None => {
                    return Err(self.err(
                        v.span().or_else(|| item.span()),
                        format!("`{name}.\"{k}\"` must be a string, not {}", kind(v)),
                    ));
                }
            }
        }
        Ok(out)
    }

    fn answers(&self, item: &Item, name: &str) -> Result<Answers, Diagnostic> {
        let t = item.as_table_like().ok_or_else(|| {
            self.err(
                item.span(),
                format!("`{name}` must be a table, not {}", kind(item)),
            )
        })?;
        Ok(t.iter()
            .filter_map(|(k, v)| item_to_answer(v).map(|a| (k.to_string(), a)))
            .collect())
    }

    fn answer_set(
        &self,
        root: &toml_edit::Table,
        root_span: Option<Range<usize>>,
    ) -> Result<AnswerSet, Diagnostic> {
        match (root.get("answers"), root.get("groups")) {
            (Some(a), None) => Ok(AnswerSet::Single(self.answers(a, "answers")?)),
            (None, Some(g)) => Ok(AnswerSet::Groups(self.groups(g)?)),
            (Some(_), Some(g)) => Err(self.err(
                g.span(),
                "a file has either [answers] or [[groups]], not both",
            )),
            (None, None) => Err(self.err(
                root_span,
                "no [answers] table and no [[groups]]: nothing to evaluate",
            )),
        }
    }

    fn groups(&self, item: &Item) -> Result<Vec<Group>, Diagnostic> {
        let tables: Vec<(&dyn TableLike, Option<Range<usize>>)> = match item {
            Item::ArrayOfTables(a) => a.iter().map(|t| (t as &dyn TableLike, t.span())).collect(),
            Item::Value(toml_edit::Value::Array(a)) => {
                let mut out = Vec::new();
                for v in a.iter() {
                    match v.as_inline_table() {
                        Some(t) => out.push((t as &dyn TableLike, v.span())),
                        None => {
                            return Err(self.err(
                                v.span(),
                                "each of `groups` must be a table with an id, a name and answers",
                            ));
                        }
                    }
                }
                out
            }
            other => {
                return Err(self.err(
                    other.span(),
                    format!("`groups` must be [[groups]] tables, not {}", kind(other)),
                ));
            }
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (t, span) in tables {
            let id = self.req_str(t, "id", span.clone(), "groups.")?;
            let id_span = t.get("id").and_then(|i| i.span()).or(span.clone());
            if id.is_empty() {
                return Err(self.err(id_span, "a group's `id` must not be empty"));
            }
            if !seen.insert(id.clone()) {
                return Err(self.err(id_span, format!("two groups have the id `{id}`")));
            }
            let name = self.opt_str(t, "name", "groups.")?.unwrap_or_default();
            let answers = match t.get("answers") {
                Some(a) => self.answers(a, "groups.answers")?,
                None => Answers::new(),
            };
            let tailoring = match t.get("tailoring") {
                None => None,
                Some(item) => {
                    let place = item.span().or(span.clone());
                    let plain = item_to_toml(item).filter(|v| v.is_table()).ok_or_else(|| {
                        self.err(
                            place.clone(),
                            format!("`tailoring` of group `{id}` must be a table"),
                        )
                    })?;
                    Some(plain.try_into::<Tailoring>().map_err(|e| {
                        self.err(
                            place,
                            format!(
                                "`tailoring` of group `{id}`: {}",
                                e.message().trim().lines().next().unwrap_or("")
                            ),
                        )
                    })?)
                }
            };
            out.push(Group {
                id,
                name,
                answers,
                tailoring,
            });
        }
        Ok(out)
    }
}

fn table_span(root: &toml_edit::Table, key: &str) -> Option<Range<usize>> {
    root.get(key).and_then(|i| i.span())
}

fn kind(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Value(v) => match v {
            toml_edit::Value::String(_) => "a string",
            toml_edit::Value::Integer(_) => "a number",
            toml_edit::Value::Float(_) => "a number",
            toml_edit::Value::Boolean(_) => "true/false",
            toml_edit::Value::Datetime(_) => "a date",
            toml_edit::Value::Array(_) => "a list",
            toml_edit::Value::InlineTable(_) => "a table",
        },
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "a list of tables",
    }
}

/// `[result]` is derived data: read what fits, ignore what does not.
pub(crate) fn read_result(item: &Item) -> Option<ResultSummary> {
    let t = item.as_table_like()?;
    let mut r = ResultSummary::default();
    for (k, v) in t.iter() {
        match k {
            "complete" => r.complete = v.as_bool().unwrap_or(false),
            "evaluated" => r.evaluated = v.as_datetime().and_then(datetime_to_chrono),
            "groups" => {
                if let Some(groups) = v.as_table_like() {
                    for (gid, g) in groups.iter() {
                        let Some(g) = g.as_table_like() else { continue };
                        let mut gr = GroupResult::default();
                        for (k, v) in g.iter() {
                            if k == "complete" {
                                gr.complete = v.as_bool().unwrap_or(false);
                            } else if let Some(s) = v.as_str() {
                                gr.levels.push((k.to_string(), s.to_string()));
                            }
                        }
                        r.groups.push((gid.to_string(), gr));
                    }
                }
            }
            _ => {
                if let Some(s) = v.as_str() {
                    r.levels.push((k.to_string(), s.to_string()));
                }
            }
        }
    }
    Some(r)
}

/// One `[[signoff]]` table as the model has it, or `None` when it does not read (for the
/// writer, which compares what a document holds with what the model says).
pub(crate) fn read_signoff(t: &toml_edit::Table) -> Option<SignOff> {
    let cx = Cx {
        path: Path::new(""),
        text: "",
        note: "",
    };
    cx.signoff(t).ok()
}
