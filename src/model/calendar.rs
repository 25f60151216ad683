//! The work calendar: how hours, days and weeks convert.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
        if !(self.hours_per_day > 0.0 && self.hours_per_day <= 24.0) {
            return Err("hours per day must be more than 0 and at most 24".into());
        }
        if !(self.days_per_week > 0.0 && self.days_per_week <= 7.0) {
            return Err("days per week must be more than 0 and at most 7".into());
        }
        Ok(())
    }

    pub fn hours_per_week(&self) -> f64 {
        self.hours_per_day * self.days_per_week
    }
}
