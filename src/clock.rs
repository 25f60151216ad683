//! The one clock "today" comes from (DESIGN.md "Value and decisions": overdue actions): the
//! day a test set, else `VSM_TODAY` (YYYY-MM-DD, for scripted runs), else the local date.

use std::cell::Cell;

use chrono::NaiveDate;

thread_local! {
    static SET: Cell<Option<NaiveDate>> = const { Cell::new(None) };
}

/// Today, as every view, report and export sees it.
pub fn today() -> NaiveDate {
    if let Some(day) = SET.with(Cell::get) {
        return day;
    }
    std::env::var("VSM_TODAY")
        .ok()
        .and_then(|text| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Sets today for this thread (tests), or goes back to the real date with `None`.
pub fn set_today(day: Option<NaiveDate>) {
    SET.with(|set| set.set(day));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_day_is_today_until_unset() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        set_today(Some(day));
        assert_eq!(today(), day);
        set_today(None);
        assert!(today() > NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
    }
}
