//! Flow physics (DESIGN.md, "Rework", "Queue time and bottleneck"): what %C&A costs in time,
//! what a queue holds in time, and where work waits longest. `MapMetrics::of` calls these; no
//! other code computes them.

use super::metrics::StageTimes;
use super::{Map, QueueCounting, Step, WorkCalendar};

/// What one step's rejected work costs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StepRework {
    /// Expected rework time: rejected share x the time of the rework path.
    pub hours: f64,
    /// Expected rework work: rejected share x the process time of the path.
    pub work_hours: f64,
    /// The stage and step the work goes back to, when it is not the step itself.
    pub loop_to: Option<(usize, usize)>,
}

/// The share of a step's output that is rejected and redone.
pub fn rejected_share(step: &Step) -> f64 {
    step.complete_accurate
        .map(|percent| (1.0 - percent / 100.0).clamp(0.0, 1.0))
        .unwrap_or(0.0)
}

/// The rework of the step at `stage`/`index`, given every stage's times. A loop to a step that
/// is not earlier on the map (or not on it) counts as a loop to the step itself.
pub fn step_rework(
    map: &Map,
    stage: usize,
    index: usize,
    stage_times: &[StageTimes],
    calendar: &WorkCalendar,
) -> StepRework {
    let step = &map.stages[stage].steps[index];
    let share = rejected_share(step);
    let target = step
        .rework_to
        .filter(|&to| to != step.id)
        .and_then(|to| map.find(to))
        .filter(|at| at.stage < stage);
    let (start, start_stage) = match target {
        Some(at) => (&map.stages[at.stage].steps[at.step], at.stage),
        None => (step, stage),
    };
    let wait = match step.rework_wait {
        Some(wait) => wait.hours(calendar),
        None => start.wait_hours(calendar),
    };
    let start_pt = start.process_time.hours(calendar);
    let later = &stage_times[start_stage + 1..=stage];
    let path_hours = wait + start_pt + later.iter().map(|t| t.lead_hours).sum::<f64>();
    let path_work = start_pt + later.iter().map(|t| t.process_hours).sum::<f64>();
    StepRework {
        hours: share * path_hours,
        work_hours: share * path_work,
        loop_to: target.map(|at| (at.stage, at.step)),
    }
}

/// The queue's time before a stage: the time given, else items / throughput (the queue's own,
/// else the session's), else unknown.
pub fn queue_hours(map: &Map, stage: usize, calendar: &WorkCalendar) -> Option<f64> {
    let queue = map.stages[stage].queue.as_ref()?;
    if let Some(time) = queue.time {
        return Some(time.hours(calendar));
    }
    let throughput = queue.throughput.or(calendar.throughput)?;
    Some(throughput.hours_for(queue.items, calendar))
}

/// In `Check` counting: whether a queue's time disagrees with the wait of the stage after it
/// by more than 2x either way.
pub fn queue_disagrees(queue_hours: f64, stage_wait_hours: f64) -> bool {
    if queue_hours <= 0.0 && stage_wait_hours <= 0.0 {
        return false;
    }
    queue_hours > 2.0 * stage_wait_hours || stage_wait_hours > 2.0 * queue_hours
}

/// The stage where work waits longest: its wait, plus its queue time when queues count in the
/// lead time; the first on a tie; none when nothing waits.
pub fn bottleneck(stage_times: &[StageTimes], counting: QueueCounting) -> Option<usize> {
    let waited = |t: &StageTimes| {
        let queue = match counting {
            QueueCounting::Included => t.queue_hours.unwrap_or(0.0),
            QueueCounting::Check => 0.0,
        };
        t.wait_hours() + queue
    };
    let mut best: Option<(usize, f64)> = None;
    for (index, times) in stage_times.iter().enumerate() {
        let wait = waited(times);
        if wait > 1e-12 && best.is_none_or(|(_, most)| wait > most) {
            best = Some((index, wait));
        }
    }
    best.map(|(index, _)| index)
}

/// Owner changes between consecutive critical-path steps whose owners are both given.
pub fn handoffs(map: &Map, stage_times: &[StageTimes]) -> usize {
    let owners: Vec<&str> = map
        .stages
        .iter()
        .zip(stage_times)
        .filter_map(|(stage, times)| stage.steps.get(times.critical_step))
        .map(|step| step.owner.trim())
        .collect();
    owners
        .windows(2)
        .filter(|pair| !pair[0].is_empty() && !pair[1].is_empty() && pair[0] != pair[1])
        .count()
}
