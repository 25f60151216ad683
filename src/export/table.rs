//! The step table shared by the Markdown, HTML and text exports, and the list of what changed
//! between the maps.

use crate::model::compare::Comparison;
use crate::model::{Map, MapMetrics, Session, WorkCalendar, readable};

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
    /// Expected rework time, "–" when none; "2 h to Analysis" for a loop.
    pub rework: String,
    pub queue: Option<String>,
    /// The step's stage holds work longest.
    pub bottleneck: bool,
}

pub const HEADERS: [&str; 9] = [
    "Stage", "Step", "Owner", "Phase", "PT", "LT", "Wait", "%C&A", "Rework",
];

impl StepRow {
    pub fn cells(&self) -> [&str; 9] {
        [
            &self.stage,
            &self.name,
            &self.owner,
            &self.phase,
            &self.process_time,
            &self.lead_time,
            &self.wait,
            &self.complete_accurate,
            &self.rework,
        ]
    }
}

pub fn rows(map: &Map, calendar: &WorkCalendar) -> Vec<StepRow> {
    let metrics = MapMetrics::of(map, calendar);
    let mut rows = Vec::new();
    for (i, (stage, times)) in map.stages.iter().zip(&metrics.stage_times).enumerate() {
        for (j, step) in stage.steps.iter().enumerate() {
            let rework = metrics.rework_of(i, j);
            let mut rework_text = if rework.hours > 0.0 {
                readable::hours(rework.hours, calendar)
            } else {
                "–".into()
            };
            if let Some(to) = rework.loop_to.and_then(|(s, t)| map.stages[s].steps.get(t)) {
                rework_text += &format!(" to {}", to.name);
            }
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
                complete_accurate: readable::complete_accurate(step.complete_accurate),
                rework: rework_text,
                queue: stage.queue.as_ref().filter(|_| j == 0).map(|q| {
                    let mut text = format!("{} ({} items", q.label, q.items);
                    if let Some(hours) = times.queue_hours {
                        text += &format!(", {}", readable::hours(hours, calendar));
                    }
                    text + ")"
                }),
                bottleneck: metrics.bottleneck == Some(i) && j == times.critical_step,
            });
        }
    }
    rows
}

/// "New: Automated tests", "Removed: Manual testing", "Changed: Create feature branch:
/// renamed from 'Create label', LT 3d -> 1h": one line per step that is not the same.
pub fn change_lines(comparison: &Comparison, session: &Session) -> Vec<String> {
    let current = &session.current;
    let Some(future) = &session.future else {
        return Vec::new();
    };
    let name = |map: &Map, id: u64| {
        map.find(id)
            .and_then(|at| map.step(at))
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let mut lines: Vec<String> = comparison
        .added
        .iter()
        .map(|id| format!("New: {}", name(future, *id)))
        .collect();
    lines.extend(
        comparison
            .removed
            .iter()
            .map(|id| format!("Removed: {}", name(current, *id))),
    );
    lines.extend(
        comparison
            .changed
            .iter()
            .map(|c| format!("Changed: {}: {}", c.name, c.said())),
    );
    lines
}

/// "Bottleneck: current Leadership approval, future Triage bugs." when either map has one.
pub fn bottleneck_line(comparison: &Comparison) -> Option<String> {
    let (now, then) = &comparison.bottleneck;
    let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".into());
    (now.is_some() || then.is_some())
        .then(|| format!("Bottleneck: current {}, future {}.", name(now), name(then)))
}
