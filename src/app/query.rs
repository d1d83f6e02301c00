//! The list's filter as a small query language: what `/` in the list parses and how a row is
//! matched against it. Pure: no drawing, no files, no clock.
//!
//! The syntax (also in README.md, "Finding a service"):
//!
//! - Words separated by spaces; a row shows when **every** word matches. Case does not matter
//!   (Thai has none).
//! - A plain word matches any column the list shows: the service's name, agency, group or id,
//!   a level (its id or its label, in Thai or English: `IAL2`, `AAL3`, `No identity`), the last
//!   change (`07/12`, `09:40`, `2026-12-07`) or a state word, whole (`incomplete`, `complete`,
//!   `approved`, `reviewed`, `void`, `conflict`, `unknown`, `broken`, or their Thai words).
//!   A broken file matches by its file name and its error.
//! - `key:value` looks in one column only: `name:`, `agency:`, `group:`, `id:`, `ruleset:`,
//!   `date:` (or `updated:`), `state:` (a state word or its start: `state:inc`).
//! - A ruleset's target id as the key compares levels: `ial:3`, `aal>=2`, `fal<2`, `ial<=2.1`,
//!   `aal>AAL1`, `fal:none`. The operators are `:` (or `=`), `>=`, `>`, `<=`, `<`. A number
//!   stands for every level whose id carries it (`ial:2` is IAL2, IAL2.1, IAL2.2 …; `ial>2`
//!   is above all of them); levels are ordered as the ruleset orders them, so `aal<2` includes
//!   `none`. A level not final yet is compared as the lower bound it is (what the list
//!   shows after `≥`). The targets are those of the listed assessments' rulesets: no target is
//!   known here by name.
//! - `date>=2026-12` (or `updated<…`) compares the last change as `YYYY-MM-DD HH:MM`, on as
//!   many characters as the value has.
//! - A word with a key that is neither a column nor a target (`09:40`, `http://…`) is a plain
//!   word; a key with nothing after it yet (`aal>=`) is ignored while it is typed.
//! - While the levels are hidden (a training class), a level matches nothing.

use crate::ruleset::Target;
use crate::ruleset::registry::Registry;
use crate::store::{ScanEntry, Summary};

/// How a keyed word compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `:` or `=`: contains (text), is (a level).
    Is,
    Ge,
    Gt,
    Le,
    Lt,
}

/// A column a key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Agency,
    Group,
    Id,
    Ruleset,
    Date,
    State,
}

impl Field {
    fn of(key: &str) -> Option<Field> {
        Some(match key {
            "name" | "service" => Field::Name,
            "agency" => Field::Agency,
            "group" => Field::Group,
            "id" => Field::Id,
            "ruleset" => Field::Ruleset,
            "date" | "updated" => Field::Date,
            "state" | "is" => Field::State,
            _ => return None,
        })
    }
}

/// One word of a query, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// Matches any column.
    Word(String),
    /// `key` op `value` on a column.
    Field(Field, Op, String),
    /// `key` op `value` where `key` is not a column: a target's id when the listed rulesets
    /// have one of that id, else the whole word is a plain word (`word`).
    Keyed {
        key: String,
        op: Op,
        value: String,
        word: String,
    },
    /// A key with no value yet: matches every row.
    Pending,
}

/// A parsed filter: every term must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

/// What a row is matched against besides the query.
pub struct Scope<'a> {
    pub registry: &'a Registry,
    /// Every target id the listed assessments have (a key naming one compares levels).
    pub targets: &'a [crate::store::Word],
    /// The levels are hidden: a level matches nothing.
    pub hide_levels: bool,
}

/// The state words, each in English and Thai: a plain word matches one whole, `state:` by its
/// start.
const STATES: &[(StateWord, &[&str])] = &[
    (StateWord::Complete, &["complete", "ครบ", "ตอบครบแล้ว"]),
    (
        StateWord::Incomplete,
        &["incomplete", "ยังไม่ครบ", "ยังตอบไม่ครบ"],
    ),
    (StateWord::Approved, &["approved", "อนุมัติ", "อนุมัติแล้ว"]),
    (StateWord::Reviewed, &["reviewed", "ตรวจทาน", "ตรวจทานแล้ว"]),
    (StateWord::Void, &["void", "สิ้นผล"]),
    (StateWord::Conflict, &["conflict", "ขัดแย้ง"]),
    (StateWord::Unknown, &["unknown", "ไม่รู้จักชุดเกณฑ์"]),
    (StateWord::Broken, &["broken", "เสีย"]),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StateWord {
    Complete,
    Incomplete,
    Approved,
    Reviewed,
    Void,
    Conflict,
    Unknown,
    Broken,
}

/// The states of one row.
fn states(e: &ScanEntry, registry: &Registry) -> Vec<StateWord> {
    let s = match e {
        ScanEntry::Ok(s) => s,
        ScanEntry::Broken { .. } => return vec![StateWord::Broken],
    };
    let mut out = vec![if s.complete {
        StateWord::Complete
    } else {
        StateWord::Incomplete
    }];
    if let Some(m) = &s.signoff {
        out.push(match (m.holds, m.step.as_str()) {
            (false, _) => StateWord::Void,
            (true, "reviewed") => StateWord::Reviewed,
            (true, _) => StateWord::Approved,
        });
    }
    if s.conflicts > 0 {
        out.push(StateWord::Conflict);
    }
    if registry.get(&s.ruleset_id).is_none() {
        out.push(StateWord::Unknown);
    }
    out
}

fn state_matches(e: &ScanEntry, registry: &Registry, word: &str, whole: bool) -> bool {
    let has = states(e, registry);
    STATES.iter().any(|(state, words)| {
        has.contains(state)
            && words.iter().any(|w| {
                if whole {
                    *w == word
                } else {
                    w.starts_with(word)
                }
            })
    })
}

impl Query {
    pub fn parse(text: &str) -> Query {
        Query {
            terms: text.split_whitespace().map(parse_term).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.iter().all(|t| *t == Term::Pending)
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Whether row `e` shows under this query.
    pub fn matches(&self, e: &ScanEntry, scope: &Scope<'_>) -> bool {
        self.terms.iter().all(|t| term_matches(t, e, scope))
    }
}

fn parse_term(word: &str) -> Term {
    let lower = word.to_lowercase();
    let Some(at) = lower.find([':', '=', '<', '>']) else {
        return Term::Word(lower);
    };
    let key = &lower[..at];
    let key_ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !key_ok {
        return Term::Word(lower);
    }
    let rest = &lower[at..];
    let (op, len) = if rest.starts_with(">=") {
        (Op::Ge, 2)
    } else if rest.starts_with("<=") {
        (Op::Le, 2)
    } else if rest.starts_with('>') {
        (Op::Gt, 1)
    } else if rest.starts_with('<') {
        (Op::Lt, 1)
    } else {
        (Op::Is, 1)
    };
    let value = rest[len..].to_string();
    if value.is_empty() {
        return Term::Pending;
    }
    match Field::of(key) {
        Some(f) => Term::Field(f, op, value),
        None => Term::Keyed {
            key: key.to_string(),
            op,
            value,
            word: lower.clone(),
        },
    }
}

fn term_matches(t: &Term, e: &ScanEntry, scope: &Scope<'_>) -> bool {
    match t {
        Term::Pending => true,
        Term::Word(w) => word_matches(w, e, scope),
        Term::Field(f, op, value) => field_matches(*f, *op, value, e, scope),
        Term::Keyed {
            key,
            op,
            value,
            word,
        } => {
            if !scope.targets.iter().any(|t| t.eq_ignore_ascii_case(key)) {
                return word_matches(word, e, scope);
            }
            let ScanEntry::Ok(s) = e else { return false };
            if scope.hide_levels {
                return false;
            }
            let Some((target, level)) = s.levels.iter().find(|(t, _)| t.eq_ignore_ascii_case(key))
            else {
                return false;
            };
            let target = scope
                .registry
                .get(&s.ruleset_id)
                .and_then(|rs| rs.targets.iter().find(|t| t.id == *target));
            level_matches(target, level, *op, value)
        }
    }
}

fn contains(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
}

/// The last change as the list shows it (`07/12 09:40`) and as a date is written
/// (`2026-12-07 09:40`).
fn dates(s: &Summary) -> [String; 2] {
    use chrono::{Datelike, Timelike};
    let u = &s.updated;
    [
        format!(
            "{:02}/{:02} {:02}:{:02}",
            u.day(),
            u.month(),
            u.hour(),
            u.minute()
        ),
        iso(s),
    ]
}

fn iso(s: &Summary) -> String {
    s.updated.format("%Y-%m-%d %H:%M").to_string()
}

/// Every way a level of `s` reads: its id, and its label in both languages.
fn level_texts<'a>(s: &'a Summary, registry: &'a Registry) -> Vec<&'a str> {
    let rs = registry.get(&s.ruleset_id);
    let mut out = Vec::new();
    for (t, l) in &s.levels {
        out.push(l.as_str());
        let label = rs
            .and_then(|rs| rs.targets.iter().find(|x| x.id == *t))
            .and_then(|x| x.levels.iter().find(|x| x.id == *l))
            .and_then(|x| x.label.as_ref());
        if let Some(label) = label {
            out.push(label.th.as_str());
            out.push(label.en.as_str());
        }
    }
    out
}

fn word_matches(w: &str, e: &ScanEntry, scope: &Scope<'_>) -> bool {
    match e {
        ScanEntry::Ok(s) => {
            [s.service_name.as_str(), s.agency.as_str(), s.id.as_str()]
                .into_iter()
                .chain(s.group.as_deref())
                .any(|f| contains(f, w))
                || (!scope.hide_levels
                    && level_texts(s, scope.registry)
                        .iter()
                        .any(|l| contains(l, w)))
                || state_matches(e, scope.registry, w, true)
                || (w.chars().any(|c| c.is_ascii_digit()) && dates(s).iter().any(|d| d.contains(w)))
        }
        ScanEntry::Broken { path, diagnostic } => {
            contains(&path.display().to_string(), w)
                || contains(&diagnostic.message, w)
                || state_matches(e, scope.registry, w, true)
        }
    }
}

fn field_matches(f: Field, op: Op, value: &str, e: &ScanEntry, scope: &Scope<'_>) -> bool {
    if f == Field::State {
        return op == Op::Is && state_matches(e, scope.registry, value, false);
    }
    let s = match e {
        ScanEntry::Ok(s) => s,
        ScanEntry::Broken { path, .. } => {
            return f == Field::Name
                && op == Op::Is
                && contains(&path.display().to_string(), value);
        }
    };
    if f == Field::Date && op != Op::Is {
        // On as many characters as the value has: `date<2026-12` is before December.
        let iso = iso(s);
        let cut: String = iso.chars().take(value.chars().count()).collect();
        return compare(op, cut.as_str().cmp(value));
    }
    if op != Op::Is {
        return false;
    }
    match f {
        Field::Name => contains(&s.service_name, value),
        Field::Agency => contains(&s.agency, value),
        Field::Group => s.group.as_deref().is_some_and(|g| contains(g, value)),
        Field::Id => contains(&s.id, value),
        Field::Ruleset => contains(&s.ruleset_id, value),
        Field::Date => dates(s).iter().any(|d| d.contains(value)),
        Field::State => unreachable!("handled above"),
    }
}

fn compare(op: Op, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Op::Is => ord == Equal,
        Op::Ge => ord != Less,
        Op::Gt => ord == Greater,
        Op::Le => ord != Greater,
        Op::Lt => ord == Less,
    }
}

/// The number a level's id carries, by its parts: `IAL2.1` is [2, 1], `AAL3` [3], `none`
/// none.
fn number(s: &str) -> Option<Vec<u32>> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: &str = &s[start..];
    let end = digits
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(digits.len());
    let parts: Vec<u32> = digits[..end]
        .split('.')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    (!parts.is_empty()).then_some(parts)
}

/// Whether level `l` of a target is one the value names: by number (`2` names IAL2.1), else
/// by its id or its label, whole.
fn names_level(id: &str, labels: &[&str], value: &str) -> bool {
    match number(value) {
        Some(want) => number(id).is_some_and(|have| have.starts_with(&want)),
        None => id.eq_ignore_ascii_case(value) || labels.iter().any(|l| l.to_lowercase() == value),
    }
}

/// Whether a row's level `level` of `target` (None when its ruleset is not available) stands
/// in relation `op` to `value`.
fn level_matches(target: Option<&Target>, level: &str, op: Op, value: &str) -> bool {
    let Some(target) = target else {
        // No ruleset to order the levels: by the numbers in their ids.
        return match (number(level), number(value)) {
            (Some(have), Some(want)) => {
                let cut = &have[..have.len().min(want.len())];
                compare(op, cut.cmp(&want[..]))
            }
            _ => op == Op::Is && contains(level, value),
        };
    };
    let Some(rank) = target.level_index(level) else {
        return op == Op::Is && contains(level, value);
    };
    let named: Vec<usize> = target
        .levels
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let labels: Vec<&str> = l
                .label
                .as_ref()
                .map(|t| vec![t.th.as_str(), t.en.as_str()])
                .unwrap_or_default();
            names_level(&l.id, &labels, value)
        })
        .map(|(i, _)| i)
        .collect();
    let (Some(&lo), Some(&hi)) = (named.first(), named.last()) else {
        // Names no level: a part of a level's id or label, for `:` only.
        let l = &target.levels[rank];
        return op == Op::Is
            && (contains(&l.id, value)
                || l.label
                    .as_ref()
                    .is_some_and(|t| contains(&t.th, value) || contains(&t.en, value)));
    };
    match op {
        Op::Is => named.contains(&rank),
        Op::Ge => rank >= lo,
        Op::Gt => rank > hi,
        Op::Le => rank <= hi,
        Op::Lt => rank < lo,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diag::Diagnostic;
    use crate::store::SignMark;

    fn at() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2026-12-07T09:40:00+07:00").unwrap()
    }

    fn summary(name: &str, ruleset: &str, levels: &[(&str, &str)], complete: bool) -> Summary {
        Summary {
            id: format!("ID-{name}"),
            path: PathBuf::from(format!("/d/{name}.toml")),
            service_name: name.into(),
            agency: "กรมสรรพากร".into(),
            group: Some("transactional".into()),
            levels: levels
                .iter()
                .map(|(t, l)| ((*t).into(), (*l).into()))
                .collect(),
            complete,
            lower_bounds: Vec::new(),
            updated: at(),
            ruleset_id: ruleset.into(),
            signoff: None,
            review_due: None,
            conflicts: 0,
        }
    }

    fn dgs(ial: &str, aal: &str, complete: bool) -> ScanEntry {
        ScanEntry::Ok(summary(
            "Tax e-filing",
            "dgs-1-2-2564",
            &[("ial", ial), ("aal", aal), ("fal", "none")],
            complete,
        ))
    }

    fn targets() -> Vec<crate::store::Word> {
        vec!["ial".into(), "aal".into(), "fal".into()]
    }

    fn check(q: &str, e: &ScanEntry) -> bool {
        let reg = Registry::builtin();
        let t = targets();
        let scope = Scope {
            registry: &reg,
            targets: &t,
            hide_levels: false,
        };
        Query::parse(q).matches(e, &scope)
    }

    #[test]
    fn parses_words_fields_and_comparisons() {
        let q = Query::parse("Tax  aal>=2 state:INC agency:กรม ial<3 09:40 aal>=");
        assert_eq!(
            q.terms(),
            [
                Term::Word("tax".into()),
                Term::Keyed {
                    key: "aal".into(),
                    op: Op::Ge,
                    value: "2".into(),
                    word: "aal>=2".into()
                },
                Term::Field(Field::State, Op::Is, "inc".into()),
                Term::Field(Field::Agency, Op::Is, "กรม".into()),
                Term::Keyed {
                    key: "ial".into(),
                    op: Op::Lt,
                    value: "3".into(),
                    word: "ial<3".into()
                },
                Term::Keyed {
                    key: "09".into(),
                    op: Op::Is,
                    value: "40".into(),
                    word: "09:40".into()
                },
                Term::Pending,
            ]
        );
        assert!(Query::parse("  ").is_empty());
        assert!(Query::parse("aal:").is_empty());
        assert!(!Query::parse("x").is_empty());
    }

    #[test]
    fn plain_words_match_every_column_all_words_must() {
        let e = dgs("IAL2.1", "AAL2", true);
        for q in [
            "tax",
            "TAX E-FILING",
            "สรรพากร",
            "transactional",
            "id-tax",
            "ial2",
            "AAL2",
            "complete",
            "ครบ",
            "07/12",
            "09:40",
            "2026-12-07",
            "tax aal2 complete",
        ] {
            assert!(check(q, &e), "{q}");
        }
        for q in [
            "AAL3",
            "incomplete",
            "tax aal3",
            "approved",
            "broken",
            "08/12",
        ] {
            assert!(!check(q, &e), "{q}");
        }
        // "complete" is a whole word: it does not find an incomplete row.
        let open = dgs("IAL1.1", "none", false);
        assert!(!check("complete", &open));
        assert!(check("incomplete", &open));
        assert!(check("ยังไม่ครบ", &open));
        assert!(check("state:inc", &open));
        assert!(!check("state:inc", &e));
    }

    #[test]
    fn levels_compare_in_the_rulesets_order() {
        let e = dgs("IAL2.1", "AAL2", true);
        let yes = [
            "aal>=2", "aal:2", "aal=aal2", "aal<=2", "aal<3", "aal>1", "ial:2", "ial>=2", "ial<3",
            "ial:2.1", "ial>=2.1", "ial<=2.1", "ial>1.3", "ial<2.2", "fal:none", "fal<1",
            "aal>none", "AAL>=2",
        ];
        for q in yes {
            assert!(check(q, &e), "{q}");
        }
        let no = [
            "aal>=3", "aal>2", "aal<2", "aal:3", "ial:3", "ial>2", "ial<2", "ial>=2.2", "ial:2.2",
            "fal>=1", "fal>none", "ial:1",
        ];
        for q in no {
            assert!(!check(q, &e), "{q}");
        }
        // `none` is below AAL1 in the ruleset's order.
        let low = dgs("IAL1.1", "none", false);
        assert!(check("aal<2", &low));
        assert!(check("aal<1", &low));
        assert!(!check("aal>=1", &low));
    }

    #[test]
    fn a_label_names_a_level_and_a_target_of_another_ruleset_does_not_match() {
        let e = ScanEntry::Ok(summary(
            "Library",
            "nist-800-63-4",
            &[("ial", "IAL0"), ("aal", "AAL1"), ("fal", "none")],
            true,
        ));
        assert!(check("ial:0", &e));
        assert!(check("ial<1", &e));
        assert!(check("ial:no", &e), "a part of the label");
        assert!(check("no identity", &e), "two words, both in the label");
        assert!(check("ไม่มีการพิสูจน์", &e), "the Thai label");
        assert!(check("ial<ial1", &e));
        // A key that no listed ruleset has as a target is a plain word.
        assert!(!check("xal:1", &e));
        let reg = Registry::builtin();
        let t = vec!["ial".into()];
        let scope = Scope {
            registry: &reg,
            targets: &t,
            hide_levels: false,
        };
        // `aal` is no target here: the whole word is looked for, and is nowhere.
        assert!(!Query::parse("aal:1").matches(&e, &scope));
        assert!(Query::parse("ial:0").matches(&e, &scope));
    }

    #[test]
    fn hidden_levels_match_nothing() {
        let e = dgs("IAL2.1", "AAL2", true);
        let reg = Registry::builtin();
        let t = targets();
        let scope = Scope {
            registry: &reg,
            targets: &t,
            hide_levels: true,
        };
        for q in ["aal>=1", "ial:2", "AAL2", "ial2.1"] {
            assert!(!Query::parse(q).matches(&e, &scope), "{q}");
        }
        assert!(Query::parse("tax").matches(&e, &scope));
    }

    #[test]
    fn an_unknown_ruleset_compares_by_the_numbers_in_its_ids() {
        let e = ScanEntry::Ok(summary(
            "Old",
            "gone-1",
            &[("ial", "IAL2.1"), ("aal", "AAL2")],
            true,
        ));
        assert!(check("aal>=2", &e));
        assert!(check("ial:2", &e));
        assert!(!check("ial>2", &e));
        assert!(check("unknown", &e));
        assert!(check("ial:ial2", &e));
    }

    #[test]
    fn fields_states_dates_and_broken_files() {
        let mut s = summary("Tax", "dgs-1-2-2564", &[("ial", "IAL3")], true);
        s.signoff = Some(Box::new(SignMark {
            step: "approved".into(),
            by: "J".into(),
            at: at(),
            holds: true,
            status: "unsigned".into(),
            signer: String::new(),
            key: String::new(),
        }));
        let e = ScanEntry::Ok(s.clone());
        for q in [
            "approved",
            "อนุมัติ",
            "state:app",
            "agency:สรรพ",
            "name:tax",
            "group:trans",
            "ruleset:dgs",
            "date:2026-12",
            "date>=2026-12",
            "updated<2027",
            "date<=2026-12-07",
            "id:id-",
        ] {
            assert!(check(q, &e), "{q}");
        }
        for q in [
            "void",
            "agency:tax",
            "name:สรรพ",
            "date>2026-12",
            "date<2026-12-07",
            "state:void",
            "agency>a",
        ] {
            assert!(!check(q, &e), "{q}");
        }
        s.signoff.as_mut().unwrap().holds = false;
        s.conflicts = 1;
        let e = ScanEntry::Ok(s);
        assert!(check("void", &e) && check("conflict", &e) && !check("approved", &e));

        let broken = ScanEntry::Broken {
            path: PathBuf::from("/d/broken.toml"),
            diagnostic: Diagnostic {
                file: PathBuf::from("/d/broken.toml"),
                line: 3,
                column: 9,
                message: "TOML syntax: unclosed table".into(),
            },
        };
        assert!(check("broken", &broken));
        assert!(check("state:broken", &broken));
        assert!(check("unclosed", &broken));
        assert!(check("name:broken.toml", &broken));
        assert!(!check("complete", &broken));
        assert!(!check("ial:1", &broken));
    }
}
