//! Calendar periods: weeks start on Monday, quarters in January, April, July and October.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::model::Period;

/// The first day of the period that holds `date`.
pub fn start(period: Period, date: NaiveDate) -> NaiveDate {
    match period {
        Period::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
        Period::Month => date.with_day(1).unwrap_or(date),
        Period::Quarter => {
            let month = (date.month0() / 3) * 3 + 1;
            NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
        }
    }
}

/// The first day of the period after the one starting on `start`.
pub fn next(period: Period, start: NaiveDate) -> NaiveDate {
    match period {
        Period::Week => start + Days::new(7),
        Period::Month => start + Months::new(1),
        Period::Quarter => start + Months::new(3),
    }
}

/// A period's short label: "2024-03-04" for a week, "2024-03" for a month, "2024 Q1".
pub fn label(period: Period, start: NaiveDate) -> String {
    match period {
        Period::Week => start.format("%Y-%m-%d").to_string(),
        Period::Month => start.format("%Y-%m").to_string(),
        Period::Quarter => format!("{} Q{}", start.year(), start.month0() / 3 + 1),
    }
}

/// A period's label under a bar, where the range is said elsewhere: "03-04" for a week, "Mar"
/// for a month, "Q1" for a quarter.
pub fn axis_label(period: Period, start: NaiveDate) -> String {
    match period {
        Period::Week => start.format("%m-%d").to_string(),
        Period::Month => start.format("%b").to_string(),
        Period::Quarter => format!("Q{}", start.month0() / 3 + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn periods_start_on_monday_the_first_and_the_quarter() {
        assert_eq!(start(Period::Week, day("2024-03-03")), day("2024-02-26"));
        assert_eq!(start(Period::Week, day("2024-03-04")), day("2024-03-04"));
        assert_eq!(start(Period::Month, day("2024-03-31")), day("2024-03-01"));
        assert_eq!(start(Period::Quarter, day("2024-06-30")), day("2024-04-01"));
        assert_eq!(next(Period::Quarter, day("2024-10-01")), day("2025-01-01"));
        assert_eq!(next(Period::Month, day("2024-01-01")), day("2024-02-01"));
        assert_eq!(label(Period::Quarter, day("2024-10-01")), "2024 Q4");
        assert_eq!(label(Period::Month, day("2024-10-01")), "2024-10");
        assert_eq!(axis_label(Period::Month, day("2024-10-01")), "Oct");
        assert_eq!(axis_label(Period::Quarter, day("2024-10-01")), "Q4");
        assert_eq!(axis_label(Period::Week, day("2024-03-04")), "03-04");
    }
}
