//! The work calendar: how hours, days and weeks convert.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkCalendar {
    pub hours_per_day: f64,
    pub days_per_week: f64,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar {
            hours_per_day: 8.0,
            days_per_week: 5.0,
        }
    }
}

impl WorkCalendar {
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

    pub fn hours_per_week(&self) -> f64 {
        self.hours_per_day * self.days_per_week
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
