//! A session: one workshop, with its title, work calendar and maps.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Map, WorkCalendar};

/// The session file format this build writes and understands.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub calendar: WorkCalendar,
    /// The day the workshop was held.
    #[serde(default)]
    pub held_on: Option<NaiveDate>,
    /// When the session was last saved with a change.
    #[serde(default)]
    pub last_changed: Option<NaiveDateTime>,
    pub current: Map,
    #[serde(default)]
    pub future: Option<Map>,
}

impl Session {
    pub fn new(title: impl Into<String>) -> Session {
        Session {
            version: FORMAT_VERSION,
            title: title.into(),
            calendar: WorkCalendar::default(),
            held_on: None,
            last_changed: None,
            current: Map::default(),
            future: None,
        }
    }

    /// Checks the rules a hand-edited file might break: the calendar and every step.
    pub fn validate(&self) -> Result<(), String> {
        self.calendar
            .validate()
            .map_err(|e| format!("calendar: {e}"))?;
        for (which, map) in self.maps() {
            for stage in &map.stages {
                for step in &stage.steps {
                    if let Err(error) = step.validate(&self.calendar) {
                        return Err(format!(
                            "{which} map, step '{}': {}: {}",
                            step.name, error.field, error.message
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The maps present, named for messages: the current one and the future one if drafted.
    pub fn maps(&self) -> Vec<(&'static str, &Map)> {
        let mut maps = vec![("current", &self.current)];
        if let Some(future) = &self.future {
            maps.push(("future", future));
        }
        maps
    }
}
