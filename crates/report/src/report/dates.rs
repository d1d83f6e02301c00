//! Dates as a reader of the report expects them: in Thai, day, month name and the Buddhist
//! era (2 ธันวาคม พ.ศ. 2569); in English, ISO 8601 (2026-12-02), which no reader misreads.

use chrono::{Datelike, NaiveDate};

use crate::text::Lang;

const THAI_MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// The Buddhist-era year: the Gregorian year plus 543.
pub(crate) fn buddhist_year(year: i32) -> i32 {
    year + 543
}

pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.format("%Y-%m-%d").to_string(),
        Lang::Th => format!(
            "{} {} พ.ศ. {}",
            d.day(),
            THAI_MONTHS[d.month0() as usize],
            buddhist_year(d.year())
        ),
    }
}

/// A moment, to the minute, in the offset it was recorded with.
pub fn date_time(t: &chrono::DateTime<chrono::FixedOffset>, lang: Lang) -> String {
    format!(
        "{} {}",
        date(t.date_naive(), lang),
        t.format(match lang {
            Lang::Th => "%H:%M น. (UTC%:z)",
            Lang::En => "%H:%M (UTC%:z)",
        })
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_dates_are_in_the_buddhist_era() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(date(d, Lang::Th), "2 ธันวาคม พ.ศ. 2569");
        assert_eq!(date(d, Lang::En), "2026-12-02");
        let t = chrono::DateTime::parse_from_rfc3339("2026-01-31T09:05:00+07:00").unwrap();
        assert_eq!(
            date_time(&t, Lang::Th),
            "31 มกราคม พ.ศ. 2569 09:05 น. (UTC+07:00)"
        );
    }
}
