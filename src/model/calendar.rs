//! How a session counts time: the clock (working or elapsed) through which h, d and w
//! convert, and how the queues between stages count (DESIGN.md, "Clock and precision",
//! "Queue time and bottleneck").

use serde::{Deserialize, Serialize};

use super::Throughput;

/// Which hours a day and a week have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Clock {
    /// Hours per working day and working days per week, as the session says (8 and 5 by default).
    #[default]
    Working,
    /// Calendar time: 24 hours a day, 7 days a week.
    Elapsed,
}

impl Clock {
    pub fn name(self) -> &'static str {
        match self {
            Clock::Working => "working",
            Clock::Elapsed => "elapsed",
        }
    }

    pub fn parse(text: &str) -> Option<Clock> {
        match text.trim().to_lowercase().as_str() {
            "working" | "work" => Some(Clock::Working),
            "elapsed" | "calendar" | "24/7" => Some(Clock::Elapsed),
            _ => None,
        }
    }
}

/// Whether queue times add to the lead time or only cross-check the waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum QueueCounting {
    /// Software maps: a step's lead time already holds its waiting; a queue time is shown and
    /// flagged when it disagrees with the wait of the stage after it by more than 2x.
    #[default]
    Check,
    /// Classic manufacturing maps: lead time = queue times + stage lead times.
    Included,
}

impl QueueCounting {
    pub fn name(self) -> &'static str {
        match self {
            QueueCounting::Check => "check",
            QueueCounting::Included => "included",
        }
    }

    pub fn parse(text: &str) -> Option<QueueCounting> {
        match text.trim().to_lowercase().as_str() {
            "check" | "checked" => Some(QueueCounting::Check),
            "included" | "include" | "add" => Some(QueueCounting::Included),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkCalendar {
    #[serde(default, skip_serializing_if = "is_default")]
    pub clock: Clock,
    /// The working day and week; kept when the clock is elapsed, for switching back.
    pub hours_per_day: f64,
    pub days_per_week: f64,
    #[serde(default, skip_serializing_if = "is_default")]
    pub queues: QueueCounting,
    /// How fast a stage takes work from the queue before it, unless the queue says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<Throughput>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar {
            clock: Clock::Working,
            hours_per_day: 8.0,
            days_per_week: 5.0,
            queues: QueueCounting::Check,
            throughput: None,
        }
    }
}

impl WorkCalendar {
    /// A working calendar of the given day and week.
    pub fn working(hours_per_day: f64, days_per_week: f64) -> WorkCalendar {
        WorkCalendar {
            hours_per_day,
            days_per_week,
            ..WorkCalendar::default()
        }
    }

    pub fn validate(&self) -> Result<(), String> {
        if !(1.0..=24.0).contains(&self.hours_per_day) {
            return Err(format!(
                "hours per day is {}: give 1 to 24",
                shown(self.hours_per_day)
            ));
        }
        if !(1.0..=7.0).contains(&self.days_per_week) {
            return Err(format!(
                "days per week is {}: give 1 to 7",
                shown(self.days_per_week)
            ));
        }
        Ok(())
    }

    /// Hours in one day of this clock.
    pub fn day_hours(&self) -> f64 {
        match self.clock {
            Clock::Working => self.hours_per_day,
            Clock::Elapsed => 24.0,
        }
    }

    /// Days in one week of this clock.
    pub fn week_days(&self) -> f64 {
        match self.clock {
            Clock::Working => self.days_per_week,
            Clock::Elapsed => 7.0,
        }
    }

    pub fn hours_per_week(&self) -> f64 {
        self.day_hours() * self.week_days()
    }

    /// The calendar in words, for documents: "8 h days, 5 d weeks" or "elapsed (24 h, 7 d)".
    pub fn describe(&self) -> String {
        match self.clock {
            Clock::Working => format!(
                "{} h per working day, {} working days per week",
                crate::model::duration::trim_number(self.hours_per_day),
                crate::model::duration::trim_number(self.days_per_week)
            ),
            Clock::Elapsed => "elapsed clock (24 h days, 7 d weeks)".into(),
        }
    }
}

/// A number as typed, readable even when absurd (1e-300 stays short).
fn shown(value: f64) -> String {
    if value != 0.0 && !(0.01..1e6).contains(&value.abs()) {
        format!("{value:e}")
    } else {
        crate::model::duration::trim_number(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_elapsed_clock_has_24_hour_days_and_7_day_weeks_and_keeps_the_working_ones() {
        let mut calendar = WorkCalendar::working(7.5, 4.0);
        assert_eq!(calendar.hours_per_week(), 30.0);
        calendar.clock = Clock::Elapsed;
        assert_eq!(calendar.day_hours(), 24.0);
        assert_eq!(calendar.hours_per_week(), 168.0);
        calendar.clock = Clock::Working;
        assert_eq!(calendar.day_hours(), 7.5);
    }

    #[test]
    fn a_default_calendar_file_stays_as_it_was() {
        let text = ron::to_string(&WorkCalendar::default()).unwrap();
        assert_eq!(text, "(hours_per_day:8.0,days_per_week:5.0)");
    }
}
