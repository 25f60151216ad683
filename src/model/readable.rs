//! Totals in units a room reads at a glance: "22 d", "9.6 w", "3.5 h", "45 min".

use serde::{Deserialize, Serialize};

use super::compare::{Change, Comparison, MetricChange, StepChange};
use super::duration::{Unit, trim_number};
use super::{MapMetrics, WorkCalendar};

/// How a session shows its totals: in a unit the room chose, or (auto) in the unit that
/// reads best for each figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TotalsIn {
    #[default]
    Auto,
    Hours,
    Days,
    Weeks,
}

impl TotalsIn {
    pub const ALL: [TotalsIn; 4] = [
        TotalsIn::Auto,
        TotalsIn::Hours,
        TotalsIn::Days,
        TotalsIn::Weeks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TotalsIn::Auto => "auto",
            TotalsIn::Hours => "hours",
            TotalsIn::Days => "days",
            TotalsIn::Weeks => "weeks",
        }
    }

    /// "hours", "h", "days", "d", ... or "auto" (any case).
    pub fn parse(text: &str) -> Option<TotalsIn> {
        let text = text.trim().to_lowercase();
        TotalsIn::ALL.into_iter().find(|t| {
            let name = t.name();
            text == name || (text.len() == 1 && *t != TotalsIn::Auto && name.starts_with(&text))
        })
    }

    pub fn is_auto(&self) -> bool {
        *self == TotalsIn::Auto
    }
}

/// Figures of one session in one unit family: the calendar and the session's choice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Units {
    pub calendar: WorkCalendar,
    pub totals_in: TotalsIn,
}

impl Units {
    pub fn new(calendar: &WorkCalendar, totals_in: TotalsIn) -> Units {
        Units {
            calendar: *calendar,
            totals_in,
        }
    }

    pub fn of(session: &super::Session) -> Units {
        Units::new(&session.calendar, session.totals_in)
    }

    /// A total: "22 d" (auto), "57.75 h" (in hours), "4.4 w" (in weeks).
    pub fn hours(&self, value: f64) -> String {
        let calendar = &self.calendar;
        match self.totals_in {
            TotalsIn::Auto => hours(value, calendar),
            _ if value <= 0.0 => "0".into(),
            TotalsIn::Hours => format!("{} h", two_decimals(value)),
            TotalsIn::Days => format!("{} d", two_decimals(value / calendar.day_hours())),
            TotalsIn::Weeks => format!("{} w", two_decimals(value / calendar.hours_per_week())),
        }
    }

    /// A figure shown beside a lead time typed in `unit` (a box's "LT 9h"): under a day
    /// and with that lead time in hours or minutes, it is told in hours or minutes too, never
    /// "1 d" under "LT 9h".
    pub fn beside(&self, value: f64, unit: Unit) -> String {
        let clock = matches!(unit, Unit::Seconds | Unit::Minutes | Unit::Hours);
        if self.totals_in.is_auto() && clock && value >= 1.0 {
            return format!("{} h", two_decimals(value));
        }
        self.hours(value)
    }

    /// Several figures read together (a map's lead time, wait and process time): when the
    /// first (the largest) is told in days or weeks, each figure over half a day is too
    /// ("1.1 d" and "1 d", never "1.1 d" and "8 h"); smaller ones in hours or minutes.
    pub fn alike(&self, values: &[f64]) -> Vec<String> {
        let Some(first) = values.first() else {
            return Vec::new();
        };
        if !self.totals_in.is_auto() {
            return values.iter().map(|v| self.hours(*v)).collect();
        }
        let day = self.calendar.day_hours();
        let week = self.calendar.hours_per_week();
        let lead = hours(*first, &self.calendar);
        values
            .iter()
            .map(|v| {
                if *v <= 0.0 {
                    "0".into()
                } else if lead.ends_with(" d") && *v > day / 2.0 {
                    format!("{} d", one_decimal(v / day))
                } else if lead.ends_with(" w") && *v >= day {
                    format!("{} w", one_decimal(v / week))
                } else {
                    hours(*v, &self.calendar)
                }
            })
            .collect()
    }
}

fn two_decimals(value: f64) -> String {
    trim_number((value * 100.0).round() / 100.0)
}

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
    metric_rows_in(m, &Units::new(calendar, TotalsIn::Auto))
}

/// `metric_rows` in the session's units.
pub fn metric_rows_in(m: &MapMetrics, units: &Units) -> Vec<(&'static str, String)> {
    let hours = |value: f64, _: &WorkCalendar| units.hours(value);
    let calendar = &units.calendar;
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

/// `comparison_rows` in the session's units.
pub fn comparison_rows_in(comparison: &Comparison, units: &Units) -> Vec<ComparisonRow> {
    comparison
        .metrics
        .iter()
        .map(|m| comparison_row_in(m, units))
        .collect()
}

/// Rows for any list of metric changes (the comparison, or "did we get there?").
pub fn change_rows(metrics: &[MetricChange], calendar: &WorkCalendar) -> Vec<ComparisonRow> {
    metrics
        .iter()
        .map(|m| comparison_row(m, calendar))
        .collect()
}

fn comparison_row(m: &MetricChange, calendar: &WorkCalendar) -> ComparisonRow {
    comparison_row_in(m, &Units::new(calendar, TotalsIn::Auto))
}

fn comparison_row_in(m: &MetricChange, units: &Units) -> ComparisonRow {
    let hours = |value: f64, _: &WorkCalendar| units.hours(value);
    let calendar = &units.calendar;
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

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let or_none = |text: &str| {
            if text.is_empty() {
                "–".to_string()
            } else {
                text.to_string()
            }
        };
        match self {
            Change::Renamed { from } => write!(f, "renamed from '{from}'"),
            Change::Owner { from, to } => write!(f, "owner {} -> {}", or_none(from), or_none(to)),
            Change::Phase { from, to } => write!(f, "phase {} -> {}", or_none(from), or_none(to)),
            Change::ProcessTime { from, to } => write!(f, "PT {from} -> {to}"),
            Change::LeadTime { from, to } => write!(f, "LT {from} -> {to}"),
            Change::CompleteAccurate { from, to } => write!(
                f,
                "%C&A {} -> {}",
                complete_accurate(*from),
                complete_accurate(*to)
            ),
            Change::ReworkTo { from, to } => {
                let show = |name: &Option<String>| name.clone().unwrap_or_else(|| "itself".into());
                write!(f, "rework to {} -> {}", show(from), show(to))
            }
            Change::ReworkWait { from, to } => {
                let show =
                    |w: &Option<super::Duration>| w.map_or("–".to_string(), |w| w.to_string());
                write!(f, "rework wait {} -> {}", show(from), show(to))
            }
        }
    }
}

impl StepChange {
    /// Every change of the step in words, e.g. "renamed from 'Create label', LT 3d -> 1h".
    pub fn said(&self) -> String {
        self.words().join(", ")
    }

    pub fn words(&self) -> Vec<String> {
        self.changes.iter().map(Change::to_string).collect()
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
    fn a_session_in_hours_days_or_weeks_shows_its_totals_so() {
        let calendar = WorkCalendar::default();
        let units = |t| Units::new(&calendar, t);
        assert_eq!(units(TotalsIn::Hours).hours(57.75), "57.75 h");
        assert_eq!(units(TotalsIn::Days).hours(20.0), "2.5 d");
        assert_eq!(units(TotalsIn::Weeks).hours(60.0), "1.5 w");
        assert_eq!(units(TotalsIn::Auto).hours(57.75), "7.2 d");
        assert_eq!(TotalsIn::parse("Hours"), Some(TotalsIn::Hours));
        assert_eq!(TotalsIn::parse("w"), Some(TotalsIn::Weeks));
        assert_eq!(TotalsIn::parse("auto"), Some(TotalsIn::Auto));
        assert_eq!(TotalsIn::parse("years"), None);
    }

    #[test]
    fn figures_read_together_share_the_unit_of_the_largest() {
        let units = Units::new(&WorkCalendar::default(), TotalsIn::Auto);
        // A 9 h lead time is 1.1 working days: its 8 h wait is "1 d" beside it, not "8 h"
        // beside "1.1 d"; a wait beside a box's "LT 9h" is told in hours.
        assert_eq!(units.alike(&[9.0, 8.0, 1.0]), ["1.1 d", "1 d", "1 h"]);
        assert_eq!(units.alike(&[176.0, 136.0, 4.0]), ["22 d", "17 d", "4 h"]);
        assert_eq!(units.alike(&[7.5, 0.5]), ["7.5 h", "30 min"]);
        assert_eq!(units.beside(8.0, Unit::Hours), "8 h");
        assert_eq!(units.beside(16.0, Unit::Days), "2 d");
    }

    #[test]
    fn seconds_show_as_seconds() {
        assert_eq!(hours(45.0 / 3600.0, &WorkCalendar::default()), "45 s");
    }
}
