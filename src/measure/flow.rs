//! The figures of DESIGN.md "Measured flow", computed from a log and a mapping of states to
//! steps: time per state and step, flow time, flow efficiency, and velocity, load and
//! distribution per period.

use chrono::NaiveDate;

use super::log::{EventLog, NO_TYPE};
use super::period;
use super::time::{self, Seconds};
use crate::model::measured::DoneAt;
use crate::model::measured::{Distribution, Histogram, PeriodFlow, StepFlow};
use crate::model::{FlowSummary, Map, Period};

/// Which states each step covers, which mean done, which are active work and which mean
/// the item was dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    pub steps: Vec<MappedStep>,
    pub done: Vec<String>,
    pub active: Vec<String>,
    pub dropped: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MappedStep {
    pub id: u64,
    pub name: String,
    pub states: Vec<String>,
}

impl Mapping {
    /// The steps of `map` with the states they list.
    pub fn of(map: &Map, done: &[String], active: &[String]) -> Mapping {
        Mapping {
            steps: map
                .steps()
                .map(|s| MappedStep {
                    id: s.id,
                    name: s.name.clone(),
                    states: s.states.clone(),
                })
                .collect(),
            done: done.to_vec(),
            active: active.to_vec(),
            dropped: Vec::new(),
        }
    }

    /// The same, with the states that mean an item was dropped.
    pub fn dropping(mut self, dropped: &[String]) -> Mapping {
        self.dropped = dropped.to_vec();
        self
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct FlowOptions {
    pub period: Period,
    /// Count only items whose first event is on or after this day.
    pub since: Option<NaiveDate>,
    /// Seconds east of UTC of the session's local time: days and periods are local.
    pub local_offset: i32,
    /// Where flow time ends for an item done, reopened and done again.
    pub done_at: DoneAt,
}

const HOUR: f64 = 3600.0;
const BINS: usize = 12;

/// The value at rank ceil(percent/100 x n) of the sorted values (nearest rank).
pub fn nearest_rank(sorted: &[f64], percent: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// p50, p85 and a histogram of `values` (sorted here).
pub fn distribution(mut values: Vec<f64>) -> Distribution {
    values.sort_by(f64::total_cmp);
    Distribution {
        n: values.len(),
        p50_hours: nearest_rank(&values, 50),
        p85_hours: nearest_rank(&values, 85),
        histogram: histogram(&values),
    }
}

/// Bins of a width a room reads (hours, days, weeks) so that twelve of them cover p90; the
/// long tail goes in the last.
fn histogram(sorted: &[f64]) -> Histogram {
    let Some(p90) = nearest_rank(sorted, 90) else {
        return Histogram::default();
    };
    let widths = [
        1.0, 2.0, 4.0, 6.0, 12.0, 24.0, 48.0, 72.0, 168.0, 336.0, 720.0, 1440.0, 2160.0, 4320.0,
        8760.0,
    ];
    let bin_hours = widths
        .iter()
        .copied()
        .find(|w| w * BINS as f64 > p90)
        .unwrap_or(8760.0);
    let mut counts = vec![0; BINS];
    for value in sorted {
        let bin = ((value / bin_hours) as usize).min(BINS - 1);
        counts[bin] += 1;
    }
    Histogram { bin_hours, counts }
}

/// What one item did, up to its first done state.
struct ItemFlow {
    start: Seconds,
    done: Option<Seconds>,
    active: Seconds,
}

pub fn summarise(log: &EventLog, mapping: &Mapping, options: &FlowOptions) -> FlowSummary {
    let lookup =
        |names: &[String]| -> Vec<bool> { log.states.iter().map(|s| names.contains(s)).collect() };
    let is_done = lookup(&mapping.done);
    let is_active = lookup(&mapping.active);
    let is_dropped = lookup(&mapping.dropped);
    let step_of: Vec<Option<usize>> = log
        .states
        .iter()
        .map(|s| {
            mapping
                .steps
                .iter()
                .position(|step| step.states.contains(s))
        })
        .collect();
    let since = options
        .since
        .map(|day| time::start_of(day, options.local_offset));

    let mut summary = FlowSummary {
        skipped: log.skipped.clone(),
        out_of_order: log.out_of_order,
        period: options.period,
        since: options.since,
        ..FlowSummary::default()
    };
    let mut flows = Vec::new();
    let mut flow_hours = Vec::new();
    let mut active_hours = Vec::new();
    let mut step_hours: Vec<Vec<f64>> = vec![Vec::new(); mapping.steps.len()];
    let mut this_item: Vec<Option<Seconds>> = vec![None; mapping.steps.len()];
    let mut done_types = Vec::new();
    let mut last_event = Seconds::MIN;

    for (item, range) in log.item_events.iter().enumerate() {
        let events = &log.events[range.clone()];
        let Some(first) = events.first() else {
            continue;
        };
        if since.is_some_and(|since| first.at < since) {
            continue;
        }
        // An item whose last state is a dropped one leaves every figure.
        if is_dropped[usize::from(events[events.len() - 1].state)] {
            summary.dropped += 1;
            continue;
        }
        summary.items += 1;
        summary.events += events.len();
        last_event = last_event.max(events[events.len() - 1].at);
        this_item.fill(None);
        let mut flow = ItemFlow {
            start: first.at,
            done: None,
            active: 0,
        };
        let first_done = events.iter().position(|e| is_done[usize::from(e.state)]);
        let end = match options.done_at {
            DoneAt::First => first_done,
            DoneAt::Last => events.iter().rposition(|e| is_done[usize::from(e.state)]),
        };
        if let Some(first_done) = first_done
            && events[first_done..]
                .iter()
                .any(|e| !is_done[usize::from(e.state)])
        {
            summary.reopened += 1;
        }
        let counted = match end {
            Some(end) => {
                flow.done = Some(events[end].at);
                summary.after_done += events.len() - end - 1;
                &events[..end]
            }
            None => &events[..events.len() - 1],
        };
        for (i, event) in counted.iter().enumerate() {
            let state = usize::from(event.state);
            // A done state has no time (only with --done-at last is one passed through).
            if is_done[state] {
                continue;
            }
            let spent = events[i + 1].at - event.at;
            if is_active[state] {
                flow.active += spent;
            }
            if let Some(step) = step_of[state] {
                *this_item[step].get_or_insert(0) += spent;
            }
        }
        if let Some(done) = flow.done {
            summary.done += 1;
            flow_hours.push((done - flow.start) as f64 / HOUR);
            active_hours.push(flow.active as f64 / HOUR);
            for (step, spent) in this_item.iter().enumerate() {
                if let Some(spent) = spent {
                    step_hours[step].push(*spent as f64 / HOUR);
                }
            }
            done_types.push(log.item_types[item]);
        } else {
            summary.in_progress += 1;
        }
        flows.push(flow);
    }

    let total_flow: f64 = flow_hours.iter().sum();
    let total_active: f64 = active_hours.iter().sum();
    summary.flow_efficiency = (total_flow > 0.0).then(|| total_active / total_flow);
    summary.flow_time = distribution(flow_hours);
    summary.active_p50_hours = distribution(active_hours).p50_hours;
    summary.steps = mapping
        .steps
        .iter()
        .zip(step_hours)
        .map(|(step, hours)| {
            let d = distribution(hours);
            StepFlow {
                step: step.id,
                name: step.name.clone(),
                n: d.n,
                p50_hours: d.p50_hours,
                p85_hours: d.p85_hours,
            }
        })
        .collect();
    let used_types = done_types.contains(&NO_TYPE);
    summary.types = log.types.clone();
    if used_types {
        summary.types.push("no type".into());
    }
    summary.periods = periods(&flows, &done_types, last_event, log.types.len(), options);
    summary
}

/// Velocity, load and distribution for every period from the first event to the last.
fn periods(
    flows: &[ItemFlow],
    done_types: &[u16],
    last_event: Seconds,
    types: usize,
    options: &FlowOptions,
) -> Vec<PeriodFlow> {
    let Some(first) = flows.iter().map(|f| f.start).min() else {
        return Vec::new();
    };
    let offset = options.local_offset;
    let kind = options.period;
    let mut starts: Vec<Seconds> = flows.iter().map(|f| f.start).collect();
    let mut dones: Vec<Seconds> = flows.iter().filter_map(|f| f.done).collect();
    starts.sort_unstable();
    let done_at = dones.clone();
    dones.sort_unstable();
    let no_type = done_types.contains(&NO_TYPE);
    let width = types + usize::from(no_type);

    let mut out = Vec::new();
    let mut day = period::start(kind, time::local_date(first, offset));
    let last_day = time::local_date(last_event.max(first), offset);
    while day <= last_day {
        let end_day = period::next(kind, day);
        out.push(PeriodFlow {
            start: day,
            done: 0,
            load: {
                let end = time::start_of(end_day, offset);
                starts.partition_point(|s| *s < end) - dones.partition_point(|d| *d < end)
            },
            by_type: vec![0; width],
        });
        day = end_day;
    }
    for (at, kind_index) in done_at.iter().zip(done_types) {
        let start = period::start(kind, time::local_date(*at, offset));
        if let Ok(index) = out.binary_search_by_key(&start, |p| p.start) {
            out[index].done += 1;
            let column = if *kind_index == NO_TYPE {
                types
            } else {
                usize::from(*kind_index)
            };
            out[index].by_type[column] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_takes_the_value_at_rank_ceil_p_n() {
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(nearest_rank(&values, 50), Some(10.0));
        assert_eq!(nearest_rank(&values, 85), Some(17.0));
        assert_eq!(nearest_rank(&[4.0], 85), Some(4.0));
        assert_eq!(nearest_rank(&[1.0, 2.0, 3.0], 50), Some(2.0));
        assert_eq!(nearest_rank(&[], 50), None);
    }

    #[test]
    fn the_histogram_covers_p90_in_twelve_readable_bins() {
        let d = distribution(vec![1.0, 30.0, 50.0, 300.0, 10.0]);
        assert_eq!(d.histogram.bin_hours, 48.0);
        assert_eq!(d.histogram.counts.iter().sum::<usize>(), 5);
        assert_eq!(d.histogram.counts[0], 3);
        assert_eq!(d.histogram.counts[6], 1);
    }
}
