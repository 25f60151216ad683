//! Totals in units a room reads at a glance: "22 d", "9.6 w", "3.5 h", "45 min".

use super::duration::trim_number;
use super::{MapMetrics, WorkCalendar};

/// Totals at or above this many weeks are shown in weeks.
const WEEKS_FROM: f64 = 6.0;

pub fn hours(value: f64, calendar: &WorkCalendar) -> String {
    if value <= 0.0 {
        return "0".into();
    }
    let day = calendar.hours_per_day;
    let week = calendar.hours_per_week();
    let (amount, unit) = if value < 1.0 {
        (value * 60.0, "min")
    } else if value < day {
        (value, "h")
    } else if value < WEEKS_FROM * week {
        (value / day, "d")
    } else {
        (value / week, "w")
    };
    format!("{} {unit}", one_decimal(amount))
}

fn one_decimal(value: f64) -> String {
    trim_number((value * 10.0).round() / 10.0)
}

/// The metrics a room looks at, labelled and in readable units, in the order they are shown.
pub fn metric_rows(m: &MapMetrics, calendar: &WorkCalendar) -> Vec<(&'static str, String)> {
    vec![
        ("Lead time", hours(m.lead_time_hours, calendar)),
        ("Process time", hours(m.process_time_hours, calendar)),
        ("Activity ratio", percent(m.activity_ratio)),
        ("Rolled %C&A", percent(m.rolled_complete_accurate)),
        ("Total work", hours(m.total_work_hours, calendar)),
        ("Steps", m.steps.to_string()),
        ("Handoffs", m.handoffs.to_string()),
    ]
}

/// A 0..1 fraction as a whole percentage, or "n/a".
pub fn percent(fraction: Option<f64>) -> String {
    match fraction {
        Some(f) => format!("{}%", (f * 100.0).round()),
        None => "n/a".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_a_unit_a_room_can_read() {
        let calendar = WorkCalendar::default();
        assert_eq!(hours(22.0 * 8.0, &calendar), "22 d");
        assert_eq!(hours(48.0 * 8.0, &calendar), "9.6 w");
        assert_eq!(hours(3.5, &calendar), "3.5 h");
        assert_eq!(hours(0.75, &calendar), "45 min");
        assert_eq!(hours(0.0, &calendar), "0");
        assert_eq!(hours(4.0 + 1.0 / 3.0, &calendar), "4.3 h");
    }

    #[test]
    fn percentages_round_and_say_when_undefined() {
        assert_eq!(percent(Some(5.0 / 22.0)), "23%");
        assert_eq!(percent(Some(5.0 / 19.0)), "26%");
        assert_eq!(percent(None), "n/a");
    }
}
