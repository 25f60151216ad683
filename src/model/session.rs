//! A session: one workshop, with its title, work calendar and maps.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Decisions, Map, Measured, Shared, WorkCalendar};

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
#[serde(deny_unknown_fields)]
pub struct Session {
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub calendar: WorkCalendar,
    /// How totals are shown: auto (the unit that reads best), or in hours, days or weeks.
    #[serde(default, skip_serializing_if = "super::readable::TotalsIn::is_auto")]
    pub totals_in: super::readable::TotalsIn,
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
    /// Charter, participants, votes, impact and effort, actions (none in older files).
    #[serde(default, skip_serializing_if = "Decisions::is_empty")]
    pub decisions: Decisions,
}

impl Session {
    pub fn new(title: impl Into<String>) -> Session {
        Session {
            version: FORMAT_VERSION,
            title: title.into(),
            calendar: WorkCalendar::default(),
            totals_in: Default::default(),
            held_on: None,
            last_changed: None,
            current: Map::default(),
            future: None,
            future_drafted_on: None,
            measured: None,
            decisions: Decisions::default(),
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
        // Links to deleted ideas and steps are dropped on saving; the load checks them.
        super::decisions::rules(self)
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
        self.current.max_id().max(future).saturating_add(1)
    }

    /// Starts the future-state map: a copy of the current one (each step remembering where it
    /// came from, without the current map's annotations) or an empty map.
    pub fn draft_future(&mut self, copy: bool) {
        let mut future = Map::default();
        if copy {
            let first = self.next_step_id();
            let mut id = first;
            let mut new_ids = std::collections::HashMap::new();
            future = self.current.clone();
            future.annotations.clear();
            for stage in &mut future.stages {
                for step in &mut stage.steps {
                    step.from = Some(step.id);
                    new_ids.insert(step.id, id);
                    step.id = id;
                    id += 1;
                    step.annotations.clear();
                }
            }
            // A rework loop in the copy goes back to the copy of its step.
            for stage in &mut future.stages {
                for step in &mut stage.steps {
                    step.rework_to = step.rework_to.and_then(|to| new_ids.get(&to).copied());
                }
            }
        }
        self.future = Some(future);
    }

    /// Drops links to steps that are gone: ideas realised by deleted future steps (or by a
    /// deleted future map), future steps that came from deleted current steps. Returns whether
    /// anything was dropped. Such links mean nothing, and a file keeping them is refused.
    pub fn drop_dangling_links(&mut self) -> bool {
        if !self.has_dangling_links() {
            return false;
        }
        let (current, future) = self.step_ids();
        let mut dropped = super::decisions::drop_dangling(self);
        let current_map = &mut self.current;
        let annotations = current_map
            .stages
            .iter_mut()
            .flat_map(|stage| stage.steps.iter_mut())
            .flat_map(|step| step.annotations.iter_mut())
            .chain(current_map.annotations.iter_mut());
        for annotation in annotations {
            let before = annotation.realised_by.len();
            annotation.realised_by.retain(|id| future.contains(id));
            dropped |= annotation.realised_by.len() != before;
        }
        if let Some(map) = &mut self.future {
            for step in map
                .stages
                .iter_mut()
                .flat_map(|stage| stage.steps.iter_mut())
            {
                if step.from.is_some_and(|from| !current.contains(&from)) {
                    step.from = None;
                    dropped = true;
                }
            }
        }
        for map in std::iter::once(&mut self.current).chain(self.future.as_mut()) {
            if map.has_dangling_rework() {
                map.drop_dangling_rework();
                dropped = true;
            }
        }
        dropped
    }

    fn step_ids(&self) -> (HashSet<u64>, HashSet<u64>) {
        let ids = |map: &Map| -> HashSet<u64> {
            map.stages
                .iter()
                .flat_map(|stage| stage.steps.iter().map(|step| step.id))
                .collect()
        };
        let future = self.future.as_ref().map(ids).unwrap_or_default();
        (ids(&self.current), future)
    }

    /// Whether `drop_dangling_links` has anything to drop.
    pub fn has_dangling_links(&self) -> bool {
        let (current, future) = self.step_ids();
        let realised_by = self
            .current
            .all_annotations()
            .flat_map(|(_, annotation)| &annotation.realised_by);
        let from = self
            .future
            .iter()
            .flat_map(|map| map.stages.iter().flat_map(|stage| &stage.steps))
            .filter_map(|step| step.from);
        let mut realised_by = realised_by;
        let mut from = from;
        realised_by.any(|id| !future.contains(id))
            || from.any(|id| !current.contains(&id))
            || self.maps().iter().any(|(_, map)| map.has_dangling_rework())
            || super::decisions::without_dangling(self).is_some()
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
