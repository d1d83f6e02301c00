//! The review date: when an approved assessment is next to be looked at again.

use chrono::{Months, NaiveDate};

use crate::store::SignOff;

/// Months from approval to review when nothing else is set.
pub(crate) const DEFAULT_REVIEW_MONTHS: u32 = 12;

/// The review date an approval made on `day` gets with `months` between reviews (the last
/// day of the month when that day does not exist, as 29 February does not every year).
pub fn due_after(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(day)
}

/// The assessment's review date: that of its latest approval (recorded, or a year after it).
pub fn review_due(signoffs: &[SignOff]) -> Option<NaiveDate> {
    signoffs
        .iter()
        .rev()
        .find(|s| s.step == "approved")
        .map(|s| {
            s.review_due
                .unwrap_or_else(|| due_after(s.at.date_naive(), DEFAULT_REVIEW_MONTHS))
        })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Overdue,
    /// Within `SOON_DAYS` of its date.
    Soon,
    Later,
}

pub(crate) const SOON_DAYS: i64 = 30;

pub fn due_state(due: NaiveDate, today: NaiveDate) -> Due {
    let days = (due - today).num_days();
    if days < 0 {
        Due::Overdue
    } else if days <= SOON_DAYS {
        Due::Soon
    } else {
        Due::Later
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_year_after_and_the_last_day_of_a_short_month() {
        assert_eq!(due_after(d("2026-12-02"), 12), d("2027-12-02"));
        assert_eq!(due_after(d("2028-02-29"), 12), d("2029-02-28"));
    }

    #[test]
    fn overdue_soon_and_later() {
        assert_eq!(due_state(d("2026-12-01"), d("2026-12-02")), Due::Overdue);
        assert_eq!(due_state(d("2026-12-02"), d("2026-12-02")), Due::Soon);
        assert_eq!(due_state(d("2027-01-01"), d("2026-12-02")), Due::Soon);
        assert_eq!(due_state(d("2027-01-02"), d("2026-12-02")), Due::Later);
    }
}
