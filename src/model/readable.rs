//! Totals in units a room reads at a glance: "22 d", "9.6 w", "3.5 h", "45 min".

use super::compare::{Comparison, MetricChange};
use super::duration::trim_number;
use super::{MapMetrics, WorkCalendar};

/// Totals at or above this many weeks are shown in weeks.
const WEEKS_FROM: f64 = 6.0;

pub fn hours(value: f64, calendar: &WorkCalendar) -> String {
    if value <= 0.0 {
        return "0".into();
    }
    let day = calendar.day_hours();
    let week = calendar.hours_per_week();
    let (amount, unit) = if value < 1.0 / 60.0 {
        (value * 3600.0, "s")
    } else if value < 1.0 {
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
    let mut rows = vec![
        ("Lead time", hours(m.lead_time_hours, calendar)),
        ("Process time", hours(m.process_time_hours, calendar)),
        ("Activity ratio", percent(m.activity_ratio)),
    ];
    // Beside process time and its ratio once the team has said some of it adds no value.
    if m.not_value_adding_steps > 0 {
        rows.push(("Value-adding", hours(m.value_adding_hours, calendar)));
        rows.push(("Value-add ratio", percent(m.value_adding_ratio)));
    }
    rows.extend([
        ("Rolled %C&A", percent(m.rolled_complete_accurate)),
        ("Total work", hours(m.total_work_hours, calendar)),
        ("Steps", m.steps.to_string()),
        ("Handoffs", m.handoffs.to_string()),
    ]);
    if m.rework_hours > 0.0 {
        rows.push(("Rework", hours(m.rework_hours, calendar)));
        rows.push((
            "LT with rework",
            hours(m.lead_time_with_rework_hours, calendar),
        ));
        rows.push(("Ratio w/ rework", percent(m.activity_ratio_with_rework)));
    }
    if m.stage_times.iter().any(|s| s.queue_hours.is_some()) {
        let how = match m.queues {
            crate::model::QueueCounting::Included => "Queue time (in LT)",
            crate::model::QueueCounting::Check => "Queue time (check)",
        };
        rows.push((how, hours(m.queue_time_hours, calendar)));
    }
    if let Some(name) = &m.bottleneck_step {
        rows.push(("Bottleneck", name.clone()));
    }
    rows
}

/// One comparison row as text: label, current, future, change, percent change, verdict.
/// The verdict is told by sign and word as well as colour, so it reads in monochrome.
pub struct ComparisonRow {
    pub label: &'static str,
    pub current: String,
    pub future: String,
    pub change: String,
    pub percent: String,
    pub improved: Option<bool>,
}

impl ComparisonRow {
    pub fn verdict(&self) -> &'static str {
        match self.improved {
            Some(true) => "better",
            Some(false) => "worse",
            None => "",
        }
    }
}

pub fn comparison_rows(comparison: &Comparison, calendar: &WorkCalendar) -> Vec<ComparisonRow> {
    change_rows(&comparison.metrics, calendar)
}

/// Rows for any list of metric changes (the comparison, or "did we get there?").
pub fn change_rows(metrics: &[MetricChange], calendar: &WorkCalendar) -> Vec<ComparisonRow> {
    metrics
        .iter()
        .map(|m| comparison_row(m, calendar))
        .collect()
}

fn comparison_row(m: &MetricChange, calendar: &WorkCalendar) -> ComparisonRow {
    let is_hours = m.key.ends_with("_hours");
    let is_fraction = m.key.starts_with("activity_ratio")
        || matches!(m.key, "rolled_complete_accurate" | "value_adding_ratio");
    let value = |v: Option<f64>| match v {
        None => "n/a".to_string(),
        Some(v) if is_hours => hours(v, calendar),
        Some(v) if is_fraction => percent(Some(v)),
        Some(v) => format!("{v}"),
    };
    let change = match m.change() {
        None => "n/a".to_string(),
        Some(c) if c.abs() < 1e-9 => "0".to_string(),
        Some(c) => {
            let sign = if c < 0.0 { "-" } else { "+" };
            let size = if is_hours {
                hours(c.abs(), calendar)
            } else if is_fraction {
                format!("{} pts", percent_number(c.abs() * 100.0))
            } else {
                format!("{}", c.abs())
            };
            format!("{sign}{size}")
        }
    };
    let percent = match m.percent_change() {
        None => "n/a".to_string(),
        Some(p) if p.abs() < 0.5 => "0%".to_string(),
        Some(p) => format!("{:+}%", p.round()),
    };
    ComparisonRow {
        label: m.label,
        current: value(m.current),
        future: value(m.future),
        change,
        percent,
        improved: m.improved(),
    }
}

/// A 0..1 fraction as a percentage, or "n/a" (DESIGN.md, "Precision").
pub fn percent(fraction: Option<f64>) -> String {
    match fraction {
        Some(f) => format!("{}%", percent_number(f * 100.0)),
        None => "n/a".into(),
    }
}

/// A step's %C&A as shown: "95%", "2.5%", or "–" when not given.
pub fn complete_accurate(value: Option<f64>) -> String {
    match value {
        Some(p) => format!("{}%", percent_number(p)),
        None => "–".into(),
    }
}

/// A percentage for screens and documents: two significant digits below 10 ("0.0092",
/// "2.3"), whole from 10 up ("23").
pub fn percent_number(value: f64) -> String {
    if !value.is_finite() {
        return "n/a".into();
    }
    if value == 0.0 {
        return "0".into();
    }
    let magnitude = value.abs();
    if magnitude.round() >= 10.0 {
        return format!("{}", value.round());
    }
    let decimals = (1 - magnitude.log10().floor() as i32).max(0) as usize;
    let text = format!("{value:.decimals$}");
    // 9.96 rounds up to "10.0": from 10 the figure is whole.
    if text.trim_start_matches('-').parse::<f64>().unwrap_or(0.0) >= 10.0 {
        return format!("{}", value.round());
    }
    text
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

    #[test]
    fn percentages_below_ten_keep_two_significant_digits() {
        assert_eq!(percent(Some(0.000092)), "0.0092%");
        assert_eq!(percent(Some(0.0008)), "0.080%");
        assert_eq!(percent(Some(0.0015)), "0.15%");
        assert_eq!(percent(Some(0.02345)), "2.3%");
        assert_eq!(percent(Some(0.0996)), "10%");
        assert_eq!(percent(Some(0.1)), "10%");
        assert_eq!(percent(Some(0.0)), "0%");
        assert_eq!(percent(Some(1.0)), "100%");
    }

    #[test]
    fn seconds_show_as_seconds() {
        assert_eq!(hours(45.0 / 3600.0, &WorkCalendar::default()), "45 s");
    }
}
