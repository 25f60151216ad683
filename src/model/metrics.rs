//! The one place metrics are computed (DESIGN.md, "Metrics").

use super::{Map, WorkCalendar};

#[derive(Debug, Clone, PartialEq)]
pub struct StageTimes {
    /// The stage's lead time: the longest of its parallel steps.
    pub lead_hours: f64,
    /// Process time of the critical-path step.
    pub process_hours: f64,
    /// Index (within the stage) of the critical-path step: the first with the longest lead time.
    pub critical_step: usize,
}

impl StageTimes {
    pub fn wait_hours(&self) -> f64 {
        (self.lead_hours - self.process_hours).max(0.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MapMetrics {
    pub lead_time_hours: f64,
    pub process_time_hours: f64,
    pub total_work_hours: f64,
    /// Process time / lead time, 0..1; `None` when lead time is zero.
    pub activity_ratio: Option<f64>,
    /// Product of the given %C&A values, 0..1; `None` when no step has one.
    pub rolled_complete_accurate: Option<f64>,
    pub stages: usize,
    pub steps: usize,
    pub annotations: usize,
    pub handoffs: usize,
    pub stage_times: Vec<StageTimes>,
}

impl MapMetrics {
    pub fn of(map: &Map, calendar: &WorkCalendar) -> MapMetrics {
        let stage_times: Vec<StageTimes> = map
            .stages
            .iter()
            .map(|stage| {
                let mut critical = StageTimes {
                    lead_hours: 0.0,
                    process_hours: 0.0,
                    critical_step: 0,
                };
                for (index, step) in stage.steps.iter().enumerate() {
                    let lead = step.lead_time.hours(calendar);
                    if index == 0 || lead > critical.lead_hours {
                        critical = StageTimes {
                            lead_hours: lead,
                            process_hours: step.process_time.hours(calendar),
                            critical_step: index,
                        };
                    }
                }
                critical
            })
            .collect();
        let lead_time_hours: f64 = stage_times.iter().map(|s| s.lead_hours).sum();
        let process_time_hours: f64 = stage_times.iter().map(|s| s.process_hours).sum();
        let total_work_hours = map
            .steps()
            .map(|step| step.process_time.hours(calendar))
            .sum();
        let activity_ratio = (lead_time_hours > 0.0).then(|| process_time_hours / lead_time_hours);
        let given: Vec<f64> = map.steps().filter_map(|s| s.complete_accurate).collect();
        let rolled_complete_accurate =
            (!given.is_empty()).then(|| given.iter().map(|p| p / 100.0).product());
        MapMetrics {
            lead_time_hours,
            process_time_hours,
            total_work_hours,
            activity_ratio,
            rolled_complete_accurate,
            stages: map.stages.len(),
            steps: map.step_count(),
            annotations: map.annotation_count(),
            handoffs: map.handoffs(),
            stage_times,
        }
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
        let four_tens = WorkCalendar {
            hours_per_day: 10.0,
            days_per_week: 4.0,
        };
        let m = MapMetrics::of(&map, &four_tens);
        assert_eq!(m.lead_time_hours, 40.0 + 4.0);
        assert_eq!(m.process_time_hours, 10.0 + 0.5);
        assert_eq!(map.stages[0].steps[0].lead_time.to_string(), "1w");
    }
}
