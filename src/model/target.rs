//! "Did we get there?": the future state's targets against what was measured since the future
//! was drafted, per step and in total, told better or worse as the comparison tells them.

use chrono::NaiveDate;

use super::compare::{Better, MetricChange};
use super::measured::working_hours;
use super::{MapMetrics, Session};

/// One future step: its target lead time and the measured median and p85 (working hours).
#[derive(Debug, Clone, PartialEq)]
pub struct StepTarget {
    pub name: String,
    pub target_hours: f64,
    pub n: usize,
    pub p50_hours: Option<f64>,
    pub p85_hours: Option<f64>,
}

impl StepTarget {
    /// Reached when the measured median is at or under the target.
    pub fn reached(&self) -> Option<bool> {
        Some(self.p50_hours? <= self.target_hours + 1e-9)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    pub since: NaiveDate,
    /// `current` is the target, `future` the measured value.
    pub metrics: Vec<MetricChange>,
    pub steps: Vec<StepTarget>,
    pub items: usize,
    pub done: usize,
}

impl TargetCheck {
    pub fn of(session: &Session) -> Option<TargetCheck> {
        let future = session.future.as_ref()?;
        let measured = session.measured.as_ref()?.since_future.as_ref()?;
        let since = measured.since?;
        let calendar = &session.calendar;
        let target = MapMetrics::of(future, calendar);
        let work = |h: Option<f64>| h.map(|h| working_hours(h, calendar));
        let metric = |label, key, target: Option<f64>, measured, better| MetricChange {
            label,
            key,
            current: target,
            future: measured,
            better,
        };
        let lead = Some(target.lead_time_hours);
        let metrics = vec![
            metric(
                "Lead time (flow time p50)",
                "lead_time_hours",
                lead,
                work(measured.flow_time.p50_hours),
                Better::Lower,
            ),
            metric(
                "Lead time (flow time p85)",
                "flow_time_p85_hours",
                lead,
                work(measured.flow_time.p85_hours),
                Better::Lower,
            ),
            metric(
                "Process time (active p50)",
                "process_time_hours",
                Some(target.process_time_hours),
                work(measured.active_p50_hours),
                Better::Lower,
            ),
            metric(
                "Activity ratio (flow efficiency)",
                "activity_ratio",
                target.activity_ratio,
                measured.flow_efficiency,
                Better::Higher,
            ),
        ];
        let steps = future
            .steps()
            .map(|step| {
                let flow = measured.step(step.id);
                StepTarget {
                    name: step.name.clone(),
                    target_hours: step.lead_time.hours(calendar),
                    n: flow.map_or(0, |f| f.n),
                    p50_hours: work(flow.and_then(|f| f.p50_hours)),
                    p85_hours: work(flow.and_then(|f| f.p85_hours)),
                }
            })
            .collect();
        Some(TargetCheck {
            since,
            metrics,
            steps,
            items: measured.items,
            done: measured.done,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::measured::{Distribution, FlowSummary, Measured, StepFlow};
    use crate::model::{Duration, Map, Step};

    #[test]
    fn targets_meet_what_was_measured_since_the_draft() {
        let mut session = Session::new("t");
        let mut future = Map::default();
        let mut step = Step::new(7, "Review");
        step.lead_time = Duration::parse("2d").unwrap();
        step.process_time = Duration::parse("1d").unwrap();
        future.insert_stage(0, step);
        session.future = Some(future);
        let day = 24.0;
        let summary = FlowSummary {
            items: 4,
            done: 3,
            flow_time: Distribution {
                n: 3,
                p50_hours: Some(7.0 * day),
                p85_hours: Some(14.0 * day),
                ..Distribution::default()
            },
            active_p50_hours: Some(1.4 * day),
            flow_efficiency: Some(0.6),
            steps: vec![StepFlow {
                step: 7,
                name: "Review".into(),
                n: 3,
                p50_hours: Some(2.1 * day),
                p85_hours: None,
            }],
            since: NaiveDate::from_ymd_opt(2026, 1, 5),
            ..FlowSummary::default()
        };
        session.measured = Some(
            Measured {
                source: "log.csv".into(),
                states: vec![],
                done: vec![],
                active: vec![],
                summary: FlowSummary::default(),
                since_future: Some(summary),
                stale: false,
                ..Measured::default()
            }
            .into(),
        );
        let check = TargetCheck::of(&session).unwrap();
        // 7 elapsed days are 5 working days (40 h) against a 2-day (16 h) target: worse.
        assert_eq!(check.metrics[0].future, Some(40.0));
        assert_eq!(check.metrics[0].improved(), Some(false));
        // 1.4 elapsed days of work are 8 working hours against 8: unchanged.
        assert!((check.metrics[2].future.unwrap() - 8.0).abs() < 1e-9);
        // 60% measured against a 50% target: better.
        assert_eq!(check.metrics[3].improved(), Some(true));
        assert_eq!(check.steps[0].reached(), Some(true));
        assert_eq!(check.steps[0].n, 3);
    }
}
