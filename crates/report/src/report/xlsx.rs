//! `xal export --format xlsx`: a workbook for agencies that live in Excel.
//!
//! Two sheets. `assessments` has the CSV's rows and columns ([`super::csv`] builds them; this
//! module only lays them out), with the dates as Excel dates and `complete` as a boolean.
//! `answers` has one row per answer, impact cells one row each, in the ruleset's order.
//! Both have a frozen header row and a filter over every column.
//!
//! Every cell is written as a string, boolean or date, never as a formula, so a service named
//! `=HYPERLINK(…)` is text in the workbook without the CSV's leading `'`.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::csv::{LEADING, Row, TRAILING, targets};
use crate::answers::{AnswerSet, AnswerValue, Answers};
use crate::ruleset::Ruleset;
use crate::store::Assessment;
use crate::text::Lang;

/// The sheet names, fixed in both languages so that a script can find them.
pub(crate) const ASSESSMENTS: &str = "assessments";
pub const ANSWERS: &str = "answers";

/// The columns of the `answers` sheet. `user_group` is empty for an assessment without user
/// groups; `cell` is the impact category of a matrix answer and empty otherwise; `label` is
/// the option's or impact level's name in the report's language (empty when the ruleset does
/// not know the value).
pub(crate) const ANSWER_COLUMNS: [&str; 6] =
    ["id", "user_group", "question", "cell", "value", "label"];

/// One row of the `answers` sheet, in [`ANSWER_COLUMNS`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerRow {
    pub id: String,
    pub user_group: String,
    pub question: String,
    pub cell: String,
    pub value: String,
    pub label: String,
}

/// The columns holding a date and time (RFC 3339 in the row) and those holding a date.
const DATETIME_COLUMNS: [&str; 3] = ["created", "updated", "approved_on"];
const DATE_COLUMNS: [&str; 1] = ["review_due"];

/// Excel refuses longer text in one cell (counted in UTF-16 units); a name pasted whole into a
/// file would otherwise stop the export.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's last row: more answers than this cannot be one sheet.
const MAX_ROWS: usize = 1_048_576;

/// The answer rows of one assessment: questions in the ruleset's order (those it does not
/// know after, by id), matrix cells in its category order. `rs` is none when the ruleset is
/// not available; then the rows carry no label.
pub fn answer_rows(a: &Assessment, rs: Option<&Ruleset>, lang: Lang) -> Vec<AnswerRow> {
    let mut out = Vec::new();
    match &a.answers {
        AnswerSet::Single(answers) => push_answers(&mut out, &a.id, "", answers, rs, lang),
        AnswerSet::Groups(groups) => {
            for g in groups {
                push_answers(&mut out, &a.id, &g.id, &g.answers, rs, lang);
            }
        }
    }
    out
}

fn push_answers(
    out: &mut Vec<AnswerRow>,
    id: &str,
    group: &str,
    answers: &Answers,
    rs: Option<&Ruleset>,
    lang: Lang,
) {
    let rank = |q: &str| rs.and_then(|rs| rs.question_index(q)).unwrap_or(usize::MAX);
    let mut keys: Vec<&String> = answers.keys().collect();
    // Stable: questions the ruleset does not know keep the map's (id) order after the rest.
    keys.sort_by_key(|q| rank(q));
    for q in keys {
        let question = rs.and_then(|rs| rs.question_index(q).map(|i| &rs.questions[i]));
        let row = |cell: &str, value: String, label: &str| AnswerRow {
            id: id.to_string(),
            user_group: group.to_string(),
            question: q.clone(),
            cell: cell.to_string(),
            value,
            label: label.to_string(),
        };
        match &answers[q] {
            AnswerValue::Choice(v) => {
                let label = question
                    .and_then(|qq| qq.option_index(v).map(|i| qq.options[i].label.get(lang)))
                    .unwrap_or("");
                out.push(row("", v.clone(), label));
            }
            AnswerValue::Matrix(cells) => {
                let cat_rank =
                    |c: &str| rs.and_then(|rs| rs.category_index(c)).unwrap_or(usize::MAX);
                let mut cats: Vec<(&String, &String)> = cells.iter().collect();
                cats.sort_by_key(|(c, _)| cat_rank(c));
                for (c, v) in cats {
                    let label = rs
                        .and_then(|rs| rs.impact_index(v).map(|i| rs.impact[i].name.get(lang)))
                        .unwrap_or("");
                    out.push(row(c, v.clone(), label));
                }
            }
            AnswerValue::Other(v) => out.push(row("", v.to_string(), "")),
        }
    }
}

/// The workbook of one assessment, evaluated under `rs`: its rows and its answers (what
/// `xal export ID --format xlsx` and the interface's export write).
pub fn one(
    a: &Assessment,
    rs: &Ruleset,
    eval: &crate::engine::SetEvaluation,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let mut rows = super::csv::rows(a, Some(rs), Some(eval));
    show_levels(&mut rows, rs, lang);
    render(&rows, &answer_rows(a, Some(rs), lang))
}

/// The workbook is read by people: its level columns show a level's label where the ruleset
/// gives one ("No identity proofing", not `IAL0`). The CSV keeps the ids, for scripts.
pub fn show_levels(rows: &mut [Row], rs: &Ruleset, lang: Lang) {
    for row in rows {
        for (t, level) in &mut row.levels {
            let shown = rs
                .targets
                .iter()
                .find(|x| x.id == *t)
                .and_then(|x| x.levels.iter().find(|l| l.id == *level))
                .map(|l| l.shown(lang).to_string());
            if let Some(shown) = shown {
                *level = shown;
            }
        }
    }
}

/// The workbook's bytes. An error is xal's (a sheet over Excel's size, the writer failing),
/// said in one sentence.
pub fn render(rows: &[Row], answers: &[AnswerRow]) -> Result<Vec<u8>, String> {
    if rows.len() >= MAX_ROWS || answers.len() >= MAX_ROWS {
        return Err(format!(
            "too many rows for one xlsx sheet ({} assessment rows, {} answers; Excel's limit is {})",
            rows.len(),
            answers.len(),
            MAX_ROWS - 1
        ));
    }
    build(rows, answers).map_err(|e| format!("cannot write the xlsx workbook: {e}"))
}

fn build(rows: &[Row], answers: &[AnswerRow]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // For 10,000 assessments (a sheet of some 100,000 answers) in well under 2 s: the fastest
    // deflate costs a larger file, and sheets streamed row by row to a temporary file
    // (strings inline, no shared-string table) take a fraction of the time and memory.
    wb.set_zip_compression_level(1);
    let bold = Format::new().set_bold();
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let date = Format::new().set_num_format("yyyy-mm-dd");

    let targets = targets(rows);
    let heads: Vec<String> = LEADING
        .iter()
        .map(|s| s.to_string())
        .chain(targets.iter().map(|t| t.to_uppercase()))
        .chain(TRAILING.iter().map(|s| s.to_string()))
        .collect();
    let sheet = wb.add_worksheet_with_constant_memory()?;
    sheet.set_name(ASSESSMENTS)?;
    let mut widths = Widths::new(&heads);
    header(sheet, &heads, &bold)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        let level = |t: &str| {
            row.levels
                .iter()
                .find(|(id, _)| id == t)
                .map_or("", |(_, l)| l.as_str())
        };
        let values = row
            .fields
            .iter()
            .map(String::as_str)
            .chain(targets.iter().map(|t| level(t)))
            .chain(row.trailing.iter().map(String::as_str));
        for (c, (value, head)) in values.zip(&heads).enumerate() {
            let c = c as u16;
            if value.is_empty() {
                continue;
            }
            let head = head.as_str();
            if DATETIME_COLUMNS.contains(&head)
                && let Ok(t) = chrono::DateTime::parse_from_rfc3339(value)
            {
                // Excel has no time zones: the time as the file wrote it, at its offset.
                sheet.write_datetime_with_format(r, c, t.naive_local(), &datetime)?;
                widths.fit(c, "0000-00-00 00:00");
                continue;
            }
            if DATE_COLUMNS.contains(&head)
                && let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
            {
                sheet.write_date_with_format(r, c, d, &date)?;
                widths.fit(c, "0000-00-00");
                continue;
            }
            if head == "complete"
                && let Ok(b) = value.parse::<bool>()
            {
                sheet.write_boolean(r, c, b)?;
                continue;
            }
            text(sheet, r, c, value, &mut widths)?;
        }
    }
    finish(sheet, rows.len(), &widths)?;

    let heads: Vec<String> = ANSWER_COLUMNS.iter().map(|s| s.to_string()).collect();
    let sheet = wb.add_worksheet_with_constant_memory()?;
    sheet.set_name(ANSWERS)?;
    let mut widths = Widths::new(&heads);
    header(sheet, &heads, &bold)?;
    for (r, a) in answers.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in [
            &a.id,
            &a.user_group,
            &a.question,
            &a.cell,
            &a.value,
            &a.label,
        ]
        .into_iter()
        .enumerate()
        {
            if !value.is_empty() {
                text(sheet, r, c as u16, value, &mut widths)?;
            }
        }
    }
    finish(sheet, answers.len(), &widths)?;
    wb.save_to_buffer()
}

fn header(sheet: &mut Worksheet, heads: &[String], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, bold)?;
    }
    Ok(())
}

fn text(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    value: &str,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    let value = cut_utf16(value, MAX_CELL_CHARS);
    widths.fit(c, value);
    sheet.write_string(r, c, value)?;
    Ok(())
}

/// The longest start of `s` that is at most `max` UTF-16 units, cut between characters.
fn cut_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (at, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..at];
        }
    }
    s
}

/// Frozen header, a filter over every column and the widths found.
fn finish(sheet: &mut Worksheet, rows: usize, widths: &Widths) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    let last = widths.0.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, rows as u32, last)?;
    for (c, w) in widths.0.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

/// Column widths in characters: the widest value's display width (a Thai vowel mark takes no
/// column), room for the filter button, capped so that a long description does not push the
/// rest off screen. Measured here rather than with the writer's autofit, which reads every
/// cell again.
struct Widths(Vec<f64>);

impl Widths {
    const MIN: f64 = 6.0;
    const MAX: f64 = 50.0;
    /// The filter's drop-down button covers about this much of the header.
    const BUTTON: f64 = 3.0;

    fn new(heads: &[String]) -> Widths {
        Widths(
            heads
                .iter()
                .map(|h| (h.width() as f64 + Self::BUTTON).clamp(Self::MIN, Self::MAX))
                .collect(),
        )
    }

    fn fit(&mut self, c: u16, value: &str) {
        // A multi-line note is as wide as its widest line.
        let w = value.lines().map(|l| l.width()).max().unwrap_or(0) as f64 + 1.0;
        if let Some(cur) = self.0.get_mut(c as usize) {
            *cur = cur.max(w.min(Self::MAX));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str) -> Row {
        let mut fields = vec![String::new(); LEADING.len()];
        fields[1] = name.to_string();
        Row {
            fields,
            levels: vec![("ial".into(), "IAL1".into())],
            trailing: vec![String::new(); TRAILING.len()],
        }
    }

    #[test]
    fn text_longer_than_excel_takes_is_cut_not_refused() {
        // Each 😀 is two UTF-16 units: the cut is by Excel's count, between characters.
        let long = "ก😀".repeat(20_000);
        let cut = cut_utf16(&long, MAX_CELL_CHARS);
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
        assert!(cut.encode_utf16().count() >= MAX_CELL_CHARS - 1);
        assert!(long.starts_with(cut));
        let bytes = render(&[row(&long)], &[]).expect("a workbook");
        assert!(bytes.starts_with(b"PK"));
        assert_eq!(cut_utf16("ไทย", 10), "ไทย");
    }

    #[test]
    fn a_date_that_does_not_parse_stays_text() {
        let mut r = row("x");
        r.fields[11] = "not a date".into();
        assert!(render(&[r], &[]).is_ok());
    }
}
