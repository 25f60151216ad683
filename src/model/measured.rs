//! What a session keeps of a measured event log (DESIGN.md, "Measured flow"): the states seen,
//! which of them mean done and which are active work, and the figures computed from the log.
//! Small on purpose: figures and histograms, never the raw rows. The log itself is read again
//! from `source` when the mapping changes.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::WorkCalendar;

/// The span the flow screen and exports group work by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum Period {
    Week,
    #[default]
    Month,
    Quarter,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }

    pub fn next(self) -> Period {
        match self {
            Period::Week => Period::Month,
            Period::Month => Period::Quarter,
            Period::Quarter => Period::Week,
        }
    }
}

/// Which of day and month comes first in a date such as `03/04/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum DateOrder {
    /// Day first: 03/04/2024 is 3 April.
    Dmy,
    /// Month first: 03/04/2024 is 4 March.
    Mdy,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }
}

/// Where the flow time of an item done, reopened and done again ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum DoneAt {
    /// At its first done state (DESIGN.md).
    #[default]
    First,
    /// At its last done state.
    Last,
}

impl DoneAt {
    pub fn name(self) -> &'static str {
        match self {
            DoneAt::First => "first",
            DoneAt::Last => "last",
        }
    }
}

/// What was read from a log, said in the summary: the columns used, the separator, the time
/// formats and zone, and the rows counted apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogReading {
    pub item: String,
    pub state: String,
    pub time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A current-status column passed over for the transition column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_state: Option<String>,
    /// `,`, `;`, `tab`, or `Jira JSON`.
    pub separator: String,
    /// The time formats read, e.g. "ISO 8601", "d/M/yyyy".
    #[serde(default)]
    pub formats: Vec<String>,
    /// The zone whose local time a time without an offset is.
    #[serde(default)]
    pub zone: String,
    /// Some times had no offset (so the zone mattered).
    #[serde(default)]
    pub local_times: bool,
    /// The day/month order the facilitator gave (`--date-order`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    /// Header rows repeated inside the file: skipped.
    #[serde(default)]
    pub repeated_headers: usize,
    /// Rows repeating an earlier row (item, state and time): measured once.
    #[serde(default)]
    pub duplicates: usize,
}

impl LogReading {
    /// "item 'Issue key', state 'To Status', time 'Date' (Jira dd/MMM/yy h:mm a), ..."
    pub fn describe(&self) -> String {
        let mut text = format!(
            "item '{}', state '{}'{}, time '{}' ({}",
            self.item,
            self.state,
            match &self.current_state {
                Some(current) => format!(" (not the current status '{current}')"),
                None => String::new(),
            },
            self.time,
            if self.formats.is_empty() {
                "no times".to_string()
            } else {
                self.formats.join(", ")
            }
        );
        if self.local_times {
            text += &format!("; no offset: {} local time", self.zone);
        }
        text += ")";
        for (what, column) in [("type", &self.kind), ("title", &self.title)] {
            match column {
                Some(name) => text += &format!(", {what} '{name}'"),
                None => text += &format!(", no {what} column"),
            }
        }
        if self.separator == "Jira JSON" {
            text + ", from Jira JSON"
        } else {
            text + &format!(", separator '{}'", self.separator)
        }
    }
}

/// A state seen in the log, in the log's usual order, with how often it was entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateCount {
    pub name: String,
    /// Items that entered it at least once.
    pub items: usize,
    pub events: usize,
}

/// Counts of durations in equal bins from zero; the last bin also holds everything longer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub bin_hours: f64,
    pub counts: Vec<usize>,
}

impl Histogram {
    /// At most `max` bins, neighbours added together (the bin width grows by the same
    /// factor): a histogram read from a file draws in a time that does not depend on how
    /// many bins it stored.
    pub fn merged(&self, max: usize) -> Histogram {
        let max = max.max(1);
        if self.counts.len() <= max {
            return self.clone();
        }
        let factor = self.counts.len().div_ceil(max);
        Histogram {
            bin_hours: self.bin_hours * factor as f64,
            counts: self
                .counts
                .chunks(factor)
                .map(|chunk| chunk.iter().fold(0usize, |a, c| a.saturating_add(*c)))
                .collect(),
        }
    }
}

/// A distribution of elapsed durations over the items that reached done.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub n: usize,
    pub p50_hours: Option<f64>,
    pub p85_hours: Option<f64>,
    #[serde(default)]
    pub histogram: Histogram,
}

/// Measured time of one step of the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepFlow {
    /// The step's id in its map.
    pub step: u64,
    pub name: String,
    pub n: usize,
    pub p50_hours: Option<f64>,
    pub p85_hours: Option<f64>,
}

/// One period: items done in it, items in progress at its end, done items by type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodFlow {
    pub start: NaiveDate,
    pub done: usize,
    pub load: usize,
    /// Done items of each type, in the order of `FlowSummary::types`.
    pub by_type: Vec<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowSummary {
    /// Items with at least one event (since `since`, when given).
    pub items: usize,
    pub done: usize,
    pub in_progress: usize,
    pub events: usize,
    /// Rows left out with `--skip-bad`, counted by reason.
    #[serde(default)]
    pub skipped: BTreeMap<String, usize>,
    /// Items whose rows were not in time order (ordered by time before measuring).
    #[serde(default)]
    pub out_of_order: usize,
    /// Events after an item's first done state: not counted.
    #[serde(default)]
    pub after_done: usize,
    /// Items whose last state is a dropped one: out of every figure.
    #[serde(default)]
    pub dropped: usize,
    /// Items that left a done state for another one (done, then reopened).
    #[serde(default)]
    pub reopened: usize,
    pub flow_time: Distribution,
    /// Median time in active states per done item.
    #[serde(default)]
    pub active_p50_hours: Option<f64>,
    /// Time in active states / flow time, over all done items.
    pub flow_efficiency: Option<f64>,
    pub steps: Vec<StepFlow>,
    pub period: Period,
    pub types: Vec<String>,
    pub periods: Vec<PeriodFlow>,
    /// Only items whose first event is on or after this day were counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
}

impl FlowSummary {
    pub fn step(&self, id: u64) -> Option<&StepFlow> {
        self.steps.iter().find(|s| s.step == id && s.n > 0)
    }
}

/// A measured log as the session keeps it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// Where the log came from: a CSV file, or `git:` and a repository path.
    pub source: String,
    /// The log's states in their usual order.
    pub states: Vec<StateCount>,
    /// States that mean done.
    pub done: Vec<String>,
    /// States that are work (the others are waiting).
    pub active: Vec<String>,
    /// States that mean the item was dropped (removed, cancelled, won't do, duplicate).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// Where flow time ends for an item done more than once.
    #[serde(default, skip_serializing_if = "is_first")]
    pub done_at: DoneAt,
    /// What was read from the log: columns, separator, formats; read the same way again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<LogReading>,
    pub summary: FlowSummary,
    /// Measured with the future map's steps since the future was drafted: "did we get there?"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since_future: Option<FlowSummary>,
    /// States the proposal put on a current step by order, not by name ("Coding on 'Request'"):
    /// a guess the summary asks the facilitator to check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placed_by_order: Vec<String>,
    /// The mapping changed after these figures were computed and the log is being read again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
}

fn is_first(done_at: &DoneAt) -> bool {
    *done_at == DoneAt::First
}

impl Measured {
    pub fn is_done(&self, state: &str) -> bool {
        self.done.iter().any(|d| d == state)
    }

    pub fn is_dropped(&self, state: &str) -> bool {
        self.dropped.iter().any(|d| d == state)
    }

    /// States that no step lists because they end an item: done and dropped.
    pub fn ending_states(&self) -> Vec<String> {
        self.done.iter().chain(&self.dropped).cloned().collect()
    }

    pub fn is_active(&self, state: &str) -> bool {
        self.active.iter().any(|d| d == state)
    }
}

/// Elapsed hours as hours of the work calendar: one working week per calendar week
/// (elapsed days x days_per_week / 7, then hours per working day).
pub fn working_hours(elapsed_hours: f64, calendar: &WorkCalendar) -> f64 {
    elapsed_hours / 24.0 * calendar.week_days() / 7.0 * calendar.day_hours()
}

/// Working hours as elapsed hours: the inverse of `working_hours`.
pub fn elapsed_hours(working: f64, calendar: &WorkCalendar) -> f64 {
    working / calendar.day_hours() * 7.0 / calendar.week_days() * 24.0
}

/// A duration short enough for a box: "4.2d", "5h", "30min" (working time).
pub fn short(hours: f64, calendar: &WorkCalendar) -> String {
    let number = super::duration::trim_number;
    if hours >= calendar.day_hours() {
        format!(
            "{}d",
            number((hours / calendar.day_hours() * 10.0).round() / 10.0)
        )
    } else if hours >= 1.0 {
        format!("{}h", number((hours * 10.0).round() / 10.0))
    } else {
        format!("{}min", (hours * 60.0).round())
    }
}

impl StepFlow {
    /// "p50 4.2d p85 9d n37", in working time.
    pub fn label(&self, calendar: &WorkCalendar) -> String {
        let show = |h: Option<f64>| match h {
            Some(h) => short(working_hours(h, calendar), calendar),
            None => "n/a".into(),
        };
        format!(
            "p50 {} p85 {} n{}",
            show(self.p50_hours),
            show(self.p85_hours),
            self.n
        )
    }

    /// The estimate is off by more than 2x either way from the measured median. A step
    /// without an estimate (zero) is not marked: there is nothing to be off.
    pub fn estimate_is_off(&self, estimate_hours: f64, calendar: &WorkCalendar) -> bool {
        let Some(p50) = self.p50_hours else {
            return false;
        };
        let measured = working_hours(p50, calendar);
        estimate_hours > 0.0 && (measured > 2.0 * estimate_hours || 2.0 * measured < estimate_hours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_week_is_one_working_week() {
        let calendar = WorkCalendar::default();
        assert_eq!(working_hours(7.0 * 24.0, &calendar), 40.0);
        assert_eq!(working_hours(0.0, &calendar), 0.0);
        assert!((elapsed_hours(40.0, &calendar) - 168.0).abs() < 1e-9);
        let long = WorkCalendar::working(10.0, 4.0);
        assert!((working_hours(14.0 * 24.0, &long) - 80.0).abs() < 1e-9);
    }

    #[test]
    fn a_box_shows_measured_times_in_working_days_and_marks_estimates_off_by_2x() {
        let calendar = WorkCalendar::default();
        // 5.88 elapsed days are 4.2 working days; 12.6 elapsed days are 9.
        let step = StepFlow {
            step: 1,
            name: "Review".into(),
            n: 37,
            p50_hours: Some(5.88 * 24.0),
            p85_hours: Some(12.6 * 24.0),
        };
        assert_eq!(step.label(&calendar), "p50 4.2d p85 9d n37");
        let day = calendar.day_hours();
        assert!(!step.estimate_is_off(3.0 * day, &calendar));
        assert!(step.estimate_is_off(2.0 * day, &calendar));
        assert!(step.estimate_is_off(8.5 * day, &calendar));
        assert!(!step.estimate_is_off(8.4 * day, &calendar));
        assert!(!step.estimate_is_off(0.0, &calendar));
        assert_eq!(short(5.0, &calendar), "5h");
        assert_eq!(short(0.5, &calendar), "30min");
    }
}
