//! A session: one workshop, with its title, work calendar and maps.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Map, Measured, Shared, WorkCalendar};

/// Which of a session's two maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    #[default]
    Current,
    Future,
}

impl Which {
    pub fn name(self) -> &'static str {
        match self {
            Which::Current => "current state",
            Which::Future => "future state",
        }
    }

    pub fn other(self) -> Which {
        match self {
            Which::Current => Which::Future,
            Which::Future => Which::Current,
        }
    }
}

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
    /// The day the future state was drafted: "did we get there?" measures from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub future_drafted_on: Option<NaiveDate>,
    /// The measured event log: mapping and figures, not the rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<Shared<Measured>>,
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
            future_drafted_on: None,
            measured: None,
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

    pub fn map(&self, which: Which) -> Option<&Map> {
        match which {
            Which::Current => Some(&self.current),
            Which::Future => self.future.as_ref(),
        }
    }

    pub fn map_mut(&mut self, which: Which) -> Option<&mut Map> {
        match which {
            Which::Current => Some(&mut self.current),
            Which::Future => self.future.as_mut(),
        }
    }

    /// A step id not used in either map.
    pub fn next_step_id(&self) -> u64 {
        let future = self.future.as_ref().map(Map::max_id).unwrap_or(0);
        self.current.max_id().max(future) + 1
    }

    /// Starts the future-state map: a copy of the current one (each step remembering where it
    /// came from, without the current map's annotations) or an empty map.
    pub fn draft_future(&mut self, copy: bool) {
        let mut future = Map::default();
        if copy {
            let mut id = self.next_step_id();
            future = self.current.clone();
            future.annotations.clear();
            for stage in &mut future.stages {
                for step in &mut stage.steps {
                    step.from = Some(step.id);
                    step.id = id;
                    id += 1;
                    step.annotations.clear();
                }
            }
        }
        self.future = Some(future);
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
