//! The one place metrics are computed (DESIGN.md, "Metrics", "Rework", "Queue time and
//! bottleneck"); the flow physics itself is in `flow`.

use super::flow::{self, StepRework};
use super::map::StepAt;
use super::{Map, QueueCounting, WorkCalendar};

#[derive(Debug, Clone, PartialEq)]
pub struct StageTimes {
    /// The stage's lead time: the longest of its parallel steps (queue time not included).
    pub lead_hours: f64,
    /// Process time of the critical-path step.
    pub process_hours: f64,
    /// That process time when it is value-adding, else 0.
    pub value_adding_hours: f64,
    /// Index (within the stage) of the critical-path step: the first with the longest lead time.
    pub critical_step: usize,
    /// Time of the queue before the stage, when it has one whose time is known.
    pub queue_hours: Option<f64>,
    /// With queues as a check: the queue's time and the stage's wait differ by more than 2x.
    pub queue_disagrees: bool,
    /// Where this stage's steps start in `MapMetrics::rework`.
    pub first_step: usize,
    /// Whether any step of the stage has rework (else its entries are zero).
    pub has_rework: bool,
}

impl StageTimes {
    pub fn wait_hours(&self) -> f64 {
        (self.lead_hours - self.process_hours).max(0.0)
    }
}

/// A sum that is 0, never -0, when there is nothing to add (Rust's float sum starts from -0,
/// which JSON would print as "-0.0").
fn total(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |sum, value| sum + value)
}

/// Totals over every step (parallel branches included), gathered in one walk.
#[derive(Default)]
struct Totals {
    work: f64,
    steps: usize,
    annotations: usize,
    rolled: Option<f64>,
    loops: bool,
    not_value_adding: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapMetrics {
    /// Sum of the stages' lead times, plus the queue times when queues are included.
    pub lead_time_hours: f64,
    pub process_time_hours: f64,
    pub total_work_hours: f64,
    /// Process time / lead time, 0..1; `None` when lead time is zero.
    pub activity_ratio: Option<f64>,
    /// The critical-path process time that is value-adding.
    pub value_adding_hours: f64,
    /// Value-adding time / lead time (process cycle efficiency); `None` when lead time is zero.
    pub value_adding_ratio: Option<f64>,
    /// How many steps (parallel ones included) the team marked not value-adding.
    pub not_value_adding_steps: usize,
    /// Product of the given %C&A values, 0..1; `None` when no step has one.
    pub rolled_complete_accurate: Option<f64>,
    /// Expected rework time along the critical path.
    pub rework_hours: f64,
    /// Expected rework work (process time) along the critical path.
    pub rework_work_hours: f64,
    pub lead_time_with_rework_hours: f64,
    pub process_time_with_rework_hours: f64,
    pub activity_ratio_with_rework: Option<f64>,
    /// Sum of the known queue times, whether or not they count in the lead time.
    pub queue_time_hours: f64,
    pub queues: QueueCounting,
    /// Index of the stage where work waits longest.
    pub bottleneck: Option<usize>,
    /// Name of that stage's critical-path step.
    pub bottleneck_step: Option<String>,
    pub stages: usize,
    pub steps: usize,
    pub annotations: usize,
    pub handoffs: usize,
    pub stage_times: Vec<StageTimes>,
    /// Every step's rework, in map order (one list for the map: no allocation per stage).
    pub rework: Vec<StepRework>,
}

impl MapMetrics {
    pub fn of(map: &Map, calendar: &WorkCalendar) -> MapMetrics {
        let mut totals = Totals::default();
        let mut stage_times: Vec<StageTimes> = map
            .stages
            .iter()
            .enumerate()
            .map(|(index, stage)| {
                let mut critical = (0.0, 0.0, 0, 0.0);
                for (i, step) in stage.steps.iter().enumerate() {
                    // One walk over the steps gathers every per-step total.
                    let (lead, process) = (
                        step.lead_time.hours(calendar),
                        step.process_time.hours(calendar),
                    );
                    totals.work += process;
                    totals.steps += 1;
                    totals.annotations += step.annotations.len();
                    totals.loops |= step.rework_to.is_some();
                    totals.not_value_adding += usize::from(!step.value_adding);
                    if let Some(percent) = step.complete_accurate {
                        totals.rolled = Some(totals.rolled.unwrap_or(1.0) * (percent / 100.0));
                    }
                    if i == 0 || lead > critical.0 {
                        let adds = if step.value_adding { process } else { 0.0 };
                        critical = (lead, process, i, adds);
                    }
                }
                StageTimes {
                    lead_hours: critical.0,
                    process_hours: critical.1,
                    critical_step: critical.2,
                    value_adding_hours: critical.3,
                    queue_hours: flow::queue_hours(map, index, calendar),
                    queue_disagrees: false,
                    first_step: 0,
                    has_rework: false,
                }
            })
            .collect();
        // Where each loop goes, looked up once: a big map stays linear.
        let loops = totals.loops;
        let positions: rustc_hash::FxHashMap<u64, StepAt> = if loops {
            map.stages
                .iter()
                .enumerate()
                .flat_map(|(i, s)| {
                    let ids = s.steps.iter().map(|step| step.id);
                    ids.enumerate().map(move |(j, id)| (id, StepAt::new(i, j)))
                })
                .collect()
        } else {
            Default::default()
        };
        let sums = flow::PathSums::of(&stage_times);
        let mut rework = Vec::with_capacity(totals.steps);
        for (index, times) in stage_times.iter_mut().enumerate() {
            let steps = &map.stages[index].steps;
            times.first_step = rework.len();
            times.has_rework = steps.iter().any(|step| flow::rejected_share(step) > 0.0);
            for (j, step) in steps.iter().enumerate() {
                rework.push(if times.has_rework {
                    let target = step.rework_to.and_then(|to| positions.get(&to).copied());
                    flow::step_rework(map, StepAt::new(index, j), target, &sums, calendar)
                } else {
                    StepRework::default()
                });
            }
            times.queue_disagrees = calendar.queues == QueueCounting::Check
                && times
                    .queue_hours
                    .is_some_and(|queue| flow::queue_disagrees(queue, times.wait_hours()));
        }
        let queue_time_hours = total(stage_times.iter().filter_map(|s| s.queue_hours));
        let stage_lead = total(stage_times.iter().map(|s| s.lead_hours));
        let lead_time_hours = match calendar.queues {
            QueueCounting::Included => stage_lead + queue_time_hours,
            QueueCounting::Check => stage_lead,
        };
        let process_time_hours = total(stage_times.iter().map(|s| s.process_hours));
        let value_adding_hours = total(stage_times.iter().map(|s| s.value_adding_hours));
        let total_work_hours = totals.work;
        let ratio = |process: f64, lead: f64| (lead > 0.0).then(|| process / lead);
        let rolled_complete_accurate = totals.rolled;
        let critical = |s: &StageTimes| rework[s.first_step + s.critical_step];
        let rework_hours = total(stage_times.iter().map(|s| critical(s).hours));
        let rework_work_hours = total(stage_times.iter().map(|s| critical(s).work_hours));
        let lead_time_with_rework_hours = lead_time_hours + rework_hours;
        let bottleneck = flow::bottleneck(&stage_times, calendar.queues);
        let bottleneck_step = bottleneck.and_then(|i| {
            let step = map.stages[i].steps.get(stage_times[i].critical_step)?;
            Some(step.name.clone())
        });
        let process_time_with_rework_hours = process_time_hours + rework_work_hours;
        MapMetrics {
            lead_time_hours,
            process_time_hours,
            total_work_hours,
            activity_ratio: ratio(process_time_hours, lead_time_hours),
            value_adding_hours,
            value_adding_ratio: ratio(value_adding_hours, lead_time_hours),
            not_value_adding_steps: totals.not_value_adding,
            rolled_complete_accurate,
            rework_hours,
            rework_work_hours,
            lead_time_with_rework_hours,
            process_time_with_rework_hours,
            activity_ratio_with_rework: ratio(
                process_time_with_rework_hours,
                lead_time_with_rework_hours,
            ),
            queue_time_hours,
            queues: calendar.queues,
            bottleneck,
            bottleneck_step,
            stages: map.stages.len(),
            steps: totals.steps,
            annotations: totals.annotations + map.annotations.len(),
            handoffs: flow::handoffs(map, &stage_times),
            stage_times,
            rework,
        }
    }

    /// The rework of the step at `stage`/`step`.
    pub fn rework_of(&self, stage: usize, step: usize) -> StepRework {
        self.stage_times
            .get(stage)
            .and_then(|s| self.rework.get(s.first_step + step))
            .copied()
            .unwrap_or_default()
    }

    /// The rework of a stage's critical-path step (the one the totals count).
    pub fn critical_rework(&self, stage: usize) -> StepRework {
        self.stage_times
            .get(stage)
            .map_or_else(StepRework::default, |s| {
                self.rework_of(stage, s.critical_step)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Duration, Step};

    fn step(lead: &str, process: &str) -> Step {
        let mut step = Step::new(0, "s");
        step.lead_time = Duration::parse(lead).unwrap();
        step.process_time = Duration::parse(process).unwrap();
        step
    }

    fn map_of(stages: &[&[(&str, &str)]]) -> Map {
        let mut map = Map::default();
        for (i, steps) in stages.iter().enumerate() {
            map.insert_stage(i, step(steps[0].0, steps[0].1));
            for (lead, process) in &steps[1..] {
                map.add_parallel(i, step(lead, process));
            }
        }
        map
    }

    fn metrics(map: &Map) -> MapMetrics {
        MapMetrics::of(map, &WorkCalendar::default())
    }

    #[test]
    fn published_tailspin_check() {
        let map = map_of(&[
            &[("3d", "0")],
            &[("4d", "4d")],
            &[("2d", "0")],
            &[("3d", "0")],
            &[("3d", "0")],
            &[("2d", "0")],
            &[("4d", "0")],
            &[("1d", "1d")],
        ]);
        let m = metrics(&map);
        assert_eq!(m.lead_time_hours, 22.0 * 8.0);
        assert_eq!(m.process_time_hours, 5.0 * 8.0);
        let ratio = m.activity_ratio.unwrap();
        assert!((ratio - 5.0 / 22.0).abs() < 1e-12);
        assert_eq!((ratio * 100.0).round(), 23.0);
    }

    #[test]
    fn a_stage_takes_the_longest_parallel_step_as_critical_path() {
        let map = map_of(&[&[("1d", "4h"), ("3d", "1d"), ("2d", "2d")], &[("1d", "1d")]]);
        let m = metrics(&map);
        assert_eq!(m.stage_times[0].critical_step, 1);
        assert_eq!(m.lead_time_hours, 32.0);
        // Process time follows the critical path only...
        assert_eq!(m.process_time_hours, 16.0);
        // ...while total work counts every branch.
        assert_eq!(m.total_work_hours, 4.0 + 8.0 + 16.0 + 8.0);
    }

    #[test]
    fn the_first_step_wins_a_tie_for_critical_path() {
        let map = map_of(&[&[("2d", "1d"), ("2d", "2d")]]);
        let m = metrics(&map);
        assert_eq!(m.stage_times[0].critical_step, 0);
        assert_eq!(m.process_time_hours, 8.0);
    }

    #[test]
    fn an_empty_map_has_zero_totals_and_no_ratio() {
        let m = metrics(&Map::default());
        assert_eq!(m.lead_time_hours, 0.0);
        assert_eq!(m.process_time_hours, 0.0);
        assert_eq!(m.total_work_hours, 0.0);
        assert_eq!(m.activity_ratio, None);
        assert_eq!(m.rolled_complete_accurate, None);
        assert_eq!((m.stages, m.steps, m.annotations), (0, 0, 0));
    }

    #[test]
    fn zero_lead_time_leaves_the_ratio_undefined() {
        let m = metrics(&map_of(&[&[("0", "0")], &[("0", "0")]]));
        assert_eq!(m.activity_ratio, None);
    }

    #[test]
    fn rolled_complete_accurate_multiplies_the_given_values_only() {
        let mut map = map_of(&[&[("1d", "0"), ("1d", "0")], &[("1d", "0")], &[("1d", "0")]]);
        assert_eq!(metrics(&map).rolled_complete_accurate, None);
        map.stages[0].steps[1].complete_accurate = Some(50.0);
        map.stages[2].steps[0].complete_accurate = Some(80.0);
        let rolled = metrics(&map).rolled_complete_accurate.unwrap();
        assert!((rolled - 0.4).abs() < 1e-12);
    }

    #[test]
    fn the_calendar_converts_units_but_entries_keep_theirs() {
        let map = map_of(&[&[("1w", "1d")], &[("4h", "30min")]]);
        let m = metrics(&map);
        assert_eq!(m.lead_time_hours, 40.0 + 4.0);
        assert_eq!(m.process_time_hours, 8.0 + 0.5);
        let four_tens = WorkCalendar::working(10.0, 4.0);
        let m = MapMetrics::of(&map, &four_tens);
        assert_eq!(m.lead_time_hours, 40.0 + 4.0);
        assert_eq!(m.process_time_hours, 10.0 + 0.5);
        assert_eq!(map.stages[0].steps[0].lead_time.to_string(), "1w");
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;
    use crate::model::{Duration, Step};

    /// A CI/CD pipeline as the published template gives it: 20.75 h of process time in
    /// 57.75 h of lead time, a 15-minute release approval among it.
    fn pipeline() -> Map {
        let mut map = Map::default();
        let rows = [
            ("Plan the change", "2h", "2d"),
            ("Code", "2d", "3d"),
            ("Code review", "1h", "1d"),
            ("Build and test", "1h", "1h"),
            ("Release approval", "15min", "1d"),
            ("Deploy", "30min", "45min"),
        ];
        for (i, (name, pt, lt)) in rows.into_iter().enumerate() {
            let mut step = Step::new(i as u64 + 1, name);
            step.process_time = Duration::parse(pt).unwrap();
            step.lead_time = Duration::parse(lt).unwrap();
            map.insert_stage(i, step);
        }
        map
    }

    fn percent(ratio: Option<f64>) -> String {
        crate::model::readable::percent(ratio)
    }

    #[test]
    fn every_step_is_value_adding_by_default() {
        let m = MapMetrics::of(&pipeline(), &WorkCalendar::default());
        assert_eq!(m.lead_time_hours, 57.75);
        assert_eq!(m.process_time_hours, 20.75);
        assert_eq!(m.value_adding_hours, 20.75);
        assert_eq!(m.value_adding_ratio, m.activity_ratio);
        assert_eq!(percent(m.value_adding_ratio), "36%");
    }

    #[test]
    fn the_published_cicd_template_counts_the_approval_out_of_value_adding_time() {
        let mut map = pipeline();
        map.stages[4].steps[0].value_adding = false;
        let m = MapMetrics::of(&map, &WorkCalendar::default());
        // The activity ratio keeps all process time: 20.75 h / 57.75 h.
        assert_eq!(m.process_time_hours, 20.75);
        assert_eq!(percent(m.activity_ratio), "36%");
        // Value-adding: 20.5 h / 57.75 h = 35.5%.
        assert_eq!(m.value_adding_hours, 20.5);
        let ratio = m.value_adding_ratio.unwrap();
        assert!((ratio - 20.5 / 57.75).abs() < 1e-12);
        assert_eq!(format!("{:.1}%", ratio * 100.0), "35.5%");
    }

    #[test]
    fn only_the_critical_path_step_counts_and_no_lead_time_leaves_no_ratio() {
        let mut map = pipeline();
        // A quicker parallel step that adds nothing changes nothing.
        let mut side = Step::new(10, "Sign-off form");
        side.process_time = Duration::parse("10min").unwrap();
        side.lead_time = Duration::parse("10min").unwrap();
        side.value_adding = false;
        map.add_parallel(1, side);
        let m = MapMetrics::of(&map, &WorkCalendar::default());
        assert_eq!(m.value_adding_hours, 20.75);
        // The critical-path step itself not value-adding takes its process time out.
        map.stages[1].steps[0].value_adding = false;
        let m = MapMetrics::of(&map, &WorkCalendar::default());
        assert_eq!(m.value_adding_hours, 20.75 - 16.0);
        let m = MapMetrics::of(&Map::default(), &WorkCalendar::default());
        assert_eq!((m.value_adding_hours, m.value_adding_ratio), (0.0, None));
    }
}

#[cfg(test)]
mod flow_tests {
    use super::*;
    use crate::model::{Clock, Duration, Queue, Step, Throughput};

    /// Minutes, as the peer example gives them.
    fn minutes(m: f64) -> Duration {
        if m == 0.0 {
            Duration::ZERO
        } else {
            Duration::new(m, crate::model::Unit::Minutes)
        }
    }

    fn peer_example() -> Map {
        let mut map = Map::default();
        let rows = [
            ("Customer request", 10.0, 10.0, Some(100.0)),
            ("Analysis", 30.0, 35.0, Some(90.0)),
            ("Development", 60.0, 75.0, Some(85.0)),
            ("Testing", 40.0, 60.0, Some(95.0)),
            ("Deployment", 20.0, 30.0, None),
        ];
        for (i, (name, pt, lt, ca)) in rows.into_iter().enumerate() {
            let mut step = Step::new(i as u64 + 1, name);
            step.process_time = minutes(pt);
            step.lead_time = minutes(lt);
            step.complete_accurate = ca;
            map.insert_stage(i, step);
        }
        map
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_published_implicit_rework_example_comes_out_exactly() {
        let m = MapMetrics::of(&peer_example(), &WorkCalendar::default());
        let per_step: Vec<f64> = (0..5).map(|i| m.rework_of(i, 0).hours * 60.0).collect();
        let expected = [0.0, 3.5, 11.25, 3.0, 0.0];
        for (got, want) in per_step.iter().zip(expected) {
            assert!(close(*got, want), "{per_step:?}");
        }
        assert!(close(m.lead_time_hours * 60.0, 210.0));
        assert!(close(m.rework_hours * 60.0, 17.75));
        assert!(close(m.lead_time_with_rework_hours * 60.0, 227.75));
        // Work redone: 0.1 x 30 + 0.15 x 60 + 0.05 x 40 = 14 minutes on 160 of process time.
        assert!(close(m.process_time_with_rework_hours * 60.0, 174.0));
        assert!(close(m.activity_ratio_with_rework.unwrap(), 174.0 / 227.75));
    }

    #[test]
    fn a_rework_loop_runs_from_the_earlier_step_through_every_stage_after_it() {
        let mut map = peer_example();
        // Testing sends its rejects back to Analysis.
        map.stages[3].steps[0].rework_to = Some(2);
        let m = MapMetrics::of(&map, &WorkCalendar::default());
        // Analysis wait 5 + PT 30, then Development 75 and Testing 60: 170 minutes x 5%.
        assert!(close(m.rework_of(3, 0).hours * 60.0, 8.5));
        assert!(close(m.rework_of(3, 0).work_hours * 60.0, 0.05 * 130.0));
        assert_eq!(m.rework_of(3, 0).loop_to, Some((1, 0)));
        // A loop's own wait replaces the earlier step's wait.
        map.stages[3].steps[0].rework_wait = Some(minutes(65.0));
        let m = MapMetrics::of(&map, &WorkCalendar::default());
        assert!(close(m.rework_of(3, 0).hours * 60.0, 0.05 * 230.0));
        // A loop to a later step, or to no step, is the step itself.
        map.stages[3].steps[0].rework_wait = None;
        map.stages[3].steps[0].rework_to = Some(5);
        let m = MapMetrics::of(&map, &WorkCalendar::default());
        assert!(close(m.rework_of(3, 0).hours * 60.0, 3.0));
    }

    #[test]
    fn queues_count_in_lead_time_only_when_included_and_flag_when_off_by_2x() {
        let mut map = peer_example();
        let mut queue = Queue::new("Inbox", 12);
        queue.throughput = Some(Throughput::parse("96/d").unwrap());
        map.stages[2].queue = Some(queue);
        let mut calendar = WorkCalendar::default();
        let m = MapMetrics::of(&map, &calendar);
        // 12 items at 12 an hour: 1 hour, against Development's 15-minute wait.
        assert!(close(m.stage_times[2].queue_hours.unwrap(), 1.0));
        assert!(m.stage_times[2].queue_disagrees);
        assert!(close(m.lead_time_hours * 60.0, 210.0));
        calendar.queues = QueueCounting::Included;
        let m = MapMetrics::of(&map, &calendar);
        assert!(close(m.lead_time_hours * 60.0, 270.0));
        assert!(!m.stage_times[2].queue_disagrees);
        // The queue makes Development the stage that holds work longest.
        assert_eq!(m.bottleneck, Some(2));
    }

    #[test]
    fn a_manufacturing_map_on_the_elapsed_clock_shows_a_tiny_ratio_precisely() {
        // Learning to See's stamping line, as published: queue days of demand and seconds of work.
        let mut map = Map::default();
        let stations = [
            ("Stamping", "1s", 5.0),
            ("S. Weld 1", "39s", 7.6),
            ("S. Weld 2", "46s", 1.8),
            ("Assembly 1", "62s", 2.7),
            ("Assembly 2", "40s", 2.0),
            ("Shipping", "0", 4.5),
        ];
        for (i, (name, pt, queue_days)) in stations.into_iter().enumerate() {
            let mut step = Step::new(i as u64 + 1, name);
            step.process_time = Duration::parse(pt).unwrap();
            step.lead_time = step.process_time;
            map.insert_stage(i, step);
            let mut queue = Queue::new("Inventory", 0);
            queue.time = Some(Duration::new(queue_days, crate::model::Unit::Days));
            map.stages[i].queue = Some(queue);
        }
        let calendar = WorkCalendar {
            clock: Clock::Elapsed,
            queues: QueueCounting::Included,
            ..WorkCalendar::default()
        };
        let m = MapMetrics::of(&map, &calendar);
        let days = m.lead_time_hours / 24.0;
        assert!((days - 23.6).abs() < 0.01, "{days}");
        assert!(close(m.process_time_hours * 3600.0, 188.0));
        let ratio = crate::model::readable::percent(m.activity_ratio);
        assert_eq!(ratio, "0.0092%");
        assert_eq!(m.bottleneck, Some(1));
    }

    #[test]
    fn handoffs_follow_the_critical_path_and_need_both_owners() {
        let mut map = Map::default();
        for (i, owner) in ["Andy", "Dev", "Dev", "Amita", "", "Andy"]
            .iter()
            .enumerate()
        {
            let mut step = Step::new(i as u64, "s");
            step.owner = owner.to_string();
            step.lead_time = Duration::parse("1d").unwrap();
            map.insert_stage(i, step);
        }
        // A quicker parallel step owned by someone else is not on the critical path.
        let mut side = Step::new(10, "side");
        side.owner = "Ops".into();
        map.add_parallel(1, side);
        let m = MapMetrics::of(&map, &WorkCalendar::default());
        assert_eq!(m.handoffs, 2);
    }

    #[test]
    fn the_bottleneck_is_the_longest_wait_and_none_when_nothing_waits() {
        let mut map = peer_example();
        let m = MapMetrics::of(&map, &WorkCalendar::default());
        assert_eq!(m.bottleneck, Some(3));
        for stage in &mut map.stages {
            stage.steps[0].lead_time = stage.steps[0].process_time;
        }
        assert_eq!(
            MapMetrics::of(&map, &WorkCalendar::default()).bottleneck,
            None
        );
    }
}
