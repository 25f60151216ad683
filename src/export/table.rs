//! The step table shared by the Markdown, HTML and text exports.

use crate::model::{Map, WorkCalendar, readable};

pub struct StepRow {
    /// "3", or "3∥" for a step in parallel with the one above.
    pub stage: String,
    pub name: String,
    pub owner: String,
    pub phase: String,
    pub process_time: String,
    pub lead_time: String,
    pub wait: String,
    pub complete_accurate: String,
    pub queue: Option<String>,
}

pub const HEADERS: [&str; 8] = [
    "Stage", "Step", "Owner", "Phase", "PT", "LT", "Wait", "%C&A",
];

impl StepRow {
    pub fn cells(&self) -> [&str; 8] {
        [
            &self.stage,
            &self.name,
            &self.owner,
            &self.phase,
            &self.process_time,
            &self.lead_time,
            &self.wait,
            &self.complete_accurate,
        ]
    }
}

pub fn rows(map: &Map, calendar: &WorkCalendar) -> Vec<StepRow> {
    let mut rows = Vec::new();
    for (i, stage) in map.stages.iter().enumerate() {
        for (j, step) in stage.steps.iter().enumerate() {
            rows.push(StepRow {
                stage: if j == 0 {
                    format!("{}", i + 1)
                } else {
                    format!("{}∥", i + 1)
                },
                name: step.name.clone(),
                owner: step.owner.clone(),
                phase: step.phase.clone(),
                process_time: step.process_time.to_string(),
                lead_time: step.lead_time.to_string(),
                wait: readable::hours(step.wait_hours(calendar), calendar),
                complete_accurate: crate::model::readable::complete_accurate(
                    step.complete_accurate,
                ),
                queue: stage
                    .queue
                    .as_ref()
                    .filter(|_| j == 0)
                    .map(|q| format!("{} ({} items)", q.label, q.items)),
            });
        }
    }
    rows
}
