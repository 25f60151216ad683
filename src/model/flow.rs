//! Flow physics (DESIGN.md, "Rework", "Queue time and bottleneck"): what %C&A costs in time,
//! what a queue holds in time, and where work waits longest. `MapMetrics::of` calls these; no
//! other code computes them.

use super::map::StepAt;
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

/// Running sums of the stages' lead and process times, so a loop's path costs the same
/// whatever its length: `lead[i]` is the sum over stages before `i`.
pub struct PathSums {
    lead: Vec<f64>,
    process: Vec<f64>,
}

impl PathSums {
    pub fn of(stage_times: &[StageTimes]) -> PathSums {
        let mut sums = PathSums {
            lead: vec![0.0],
            process: vec![0.0],
        };
        for times in stage_times {
            sums.lead.push(sums.lead.last().unwrap() + times.lead_hours);
            sums.process
                .push(sums.process.last().unwrap() + times.process_hours);
        }
        sums
    }

    /// Lead and process time of the stages after `from` up to and including `to`.
    fn between(&self, from: usize, to: usize) -> (f64, f64) {
        (
            self.lead[to + 1] - self.lead[from + 1],
            self.process[to + 1] - self.process[from + 1],
        )
    }
}

/// The rework of the step at `at`. `target` is where its `rework_to` points, if anywhere; a
/// loop to a step that is not on an earlier stage counts as a loop to the step itself.
pub fn step_rework(
    map: &Map,
    at: StepAt,
    target: Option<StepAt>,
    sums: &PathSums,
    calendar: &WorkCalendar,
) -> StepRework {
    let step = &map.stages[at.stage].steps[at.step];
    let share = rejected_share(step);
    if share == 0.0 {
        return StepRework::default();
    }
    let target = target.filter(|to| to.stage < at.stage);
    let start_at = target.unwrap_or(at);
    let start = &map.stages[start_at.stage].steps[start_at.step];
    let wait = match step.rework_wait {
        Some(wait) => wait.hours(calendar),
        None => start.wait_hours(calendar),
    };
    let start_pt = start.process_time.hours(calendar);
    let (later_lead, later_process) = sums.between(start_at.stage, at.stage);
    StepRework {
        hours: share * (wait + start_pt + later_lead),
        work_hours: share * (start_pt + later_process),
        loop_to: target.map(|to| (to.stage, to.step)),
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
    let mut owners = map
        .stages
        .iter()
        .zip(stage_times)
        .filter_map(|(stage, times)| stage.steps.get(times.critical_step))
        .map(|step| step.owner.trim());
    let Some(mut previous) = owners.next() else {
        return 0;
    };
    let mut count = 0;
    for owner in owners {
        if !previous.is_empty() && !owner.is_empty() && previous != owner {
            count += 1;
        }
        previous = owner;
    }
    count
}
