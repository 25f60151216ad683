//! The workshop's charter: the problem, where the stream starts and ends, the targets the room
//! sets (e.g. lead time from 22 d to 10 d by a date) and who is in the room.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Duration, MapMetrics, WorkCalendar};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Charter {
    #[serde(default)]
    pub problem: String,
    /// Where the stream starts ("Feature request") and ends ("In customers' hands").
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<CharterTarget>,
}

impl Charter {
    pub fn is_empty(&self) -> bool {
        self.problem.is_empty()
            && self.start.is_empty()
            && self.end.is_empty()
            && self.targets.is_empty()
    }
}

/// A figure the room commits to reach, by a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CharterTarget {
    pub metric: TargetMetric,
    pub target: TargetValue,
    #[serde(default)]
    pub by: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetMetric {
    LeadTime,
    ProcessTime,
    ActivityRatio,
    ValueAddingRatio,
    /// The measured flow time's 85th percentile.
    FlowTimeP85,
}

impl TargetMetric {
    pub const ALL: [TargetMetric; 5] = [
        TargetMetric::LeadTime,
        TargetMetric::ProcessTime,
        TargetMetric::ActivityRatio,
        TargetMetric::ValueAddingRatio,
        TargetMetric::FlowTimeP85,
    ];

    /// The key in files and `vsm report --json`.
    pub fn key(self) -> &'static str {
        match self {
            TargetMetric::LeadTime => "lead_time",
            TargetMetric::ProcessTime => "process_time",
            TargetMetric::ActivityRatio => "activity_ratio",
            TargetMetric::ValueAddingRatio => "value_adding_ratio",
            TargetMetric::FlowTimeP85 => "flow_time_p85",
        }
    }

    /// As the room says it.
    pub fn label(self) -> &'static str {
        match self {
            TargetMetric::LeadTime => "Lead time",
            TargetMetric::ProcessTime => "Process time",
            TargetMetric::ActivityRatio => "Activity ratio",
            TargetMetric::ValueAddingRatio => "Value-add ratio",
            TargetMetric::FlowTimeP85 => "Flow time p85",
        }
    }

    /// Whether the target is a share (a percentage) rather than a time.
    pub fn is_ratio(self) -> bool {
        matches!(
            self,
            TargetMetric::ActivityRatio | TargetMetric::ValueAddingRatio
        )
    }

    /// Ratios are better higher, times lower.
    pub fn reached(self, value: f64, target: f64) -> bool {
        if self.is_ratio() {
            value + 1e-9 >= target
        } else {
            value <= target + 1e-9
        }
    }

    /// Today's figure of a map for this metric (hours, or a 0..1 share); none for the measured
    /// flow time, which only measurement can say.
    pub fn of_map(self, m: &MapMetrics) -> Option<f64> {
        match self {
            TargetMetric::LeadTime => Some(m.lead_time_hours),
            TargetMetric::ProcessTime => Some(m.process_time_hours),
            TargetMetric::ActivityRatio => m.activity_ratio,
            TargetMetric::ValueAddingRatio => m.value_adding_ratio,
            TargetMetric::FlowTimeP85 => None,
        }
    }
}

/// A target as typed: a time ("10d", kept in its unit) or a percentage ("40%").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum TargetValue {
    Time(Duration),
    Percent(f64),
}

impl TargetValue {
    /// Reads a target for `metric`: a time for times, a percentage for ratios.
    pub fn parse(metric: TargetMetric, text: &str) -> Result<TargetValue, String> {
        let text = text.trim();
        if metric.is_ratio() {
            let number = text.trim_end_matches('%').trim();
            match number.replace(',', ".").parse::<f64>() {
                Ok(value) if (0.0..=100.0).contains(&value) => Ok(TargetValue::Percent(value)),
                _ => Err(format!(
                    "'{text}' is not a percentage: write 0 to 100, e.g. 40%"
                )),
            }
        } else {
            Duration::parse(text)
                .map(TargetValue::Time)
                .map_err(|e| format!("{e} (a target time such as 10d)"))
        }
    }

    /// In hours, or as a 0..1 share, to compare with a figure.
    pub fn figure(self, calendar: &WorkCalendar) -> f64 {
        match self {
            TargetValue::Time(duration) => duration.hours(calendar),
            TargetValue::Percent(percent) => percent / 100.0,
        }
    }
}

impl std::fmt::Display for TargetValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TargetValue::Time(duration) => write!(f, "{duration}"),
            TargetValue::Percent(percent) => {
                write!(f, "{}%", super::duration::exact_number(*percent))
            }
        }
    }
}

/// Where a target stands: the figure of each map and the latest measurement (hours or a 0..1
/// share), and whether it is reached: by the measurement when there is one, else by the
/// current map as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetStatus {
    pub target: f64,
    pub current: Option<f64>,
    pub future: Option<f64>,
    pub measured: Option<f64>,
    pub reached: Option<bool>,
}

impl CharterTarget {
    pub fn status(&self, session: &super::Session) -> TargetStatus {
        let calendar = &session.calendar;
        let figure = |map: &super::Map| self.metric.of_map(&MapMetrics::of(map, calendar));
        let measured = match self.metric {
            TargetMetric::FlowTimeP85 => session
                .measured
                .as_ref()
                .and_then(|m| m.summary.flow_time.p85_hours)
                .map(|hours| super::measured::working_hours(hours, calendar)),
            _ => None,
        };
        let current = figure(&session.current);
        let target = self.target.figure(calendar);
        TargetStatus {
            target,
            current,
            future: session.future.as_ref().and_then(figure),
            measured,
            reached: measured.or(current).map(|v| self.metric.reached(v, target)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_a_time_for_times_and_a_percentage_for_ratios() {
        let calendar = WorkCalendar::default();
        let lead = TargetValue::parse(TargetMetric::LeadTime, "10d").unwrap();
        assert_eq!(lead.to_string(), "10d");
        assert_eq!(lead.figure(&calendar), 80.0);
        let ratio = TargetValue::parse(TargetMetric::ActivityRatio, "40%").unwrap();
        assert_eq!(
            (ratio.to_string(), ratio.figure(&calendar)),
            ("40%".into(), 0.4)
        );
        let error = TargetValue::parse(TargetMetric::ActivityRatio, "140%").unwrap_err();
        assert_eq!(
            error,
            "'140%' is not a percentage: write 0 to 100, e.g. 40%"
        );
        assert!(TargetValue::parse(TargetMetric::LeadTime, "soon").is_err());
    }

    #[test]
    fn times_are_reached_at_or_under_and_ratios_at_or_over() {
        assert!(TargetMetric::LeadTime.reached(80.0, 80.0));
        assert!(!TargetMetric::LeadTime.reached(81.0, 80.0));
        assert!(TargetMetric::ActivityRatio.reached(0.5, 0.4));
        assert!(!TargetMetric::ValueAddingRatio.reached(0.3, 0.4));
    }
}
