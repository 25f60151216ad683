//! Measured figures on a step's box: the texts shown in the owner's place, and the mark on the
//! top border where the estimate is off by more than 2x.

use crate::model::measured::{StepFlow, short, working_hours};
use crate::model::{FlowSummary, Step, WorkCalendar};

/// What a box shows of the measured figures.
pub struct BoxFigures {
    /// The top-border mark: "new", "changed", "off ×2" or both.
    pub mark: Option<String>,
    /// Measured times, longest form first: the one that fits is shown.
    pub texts: Option<[String; 3]>,
}

pub fn box_figures(
    step: &Step,
    measured: Option<&FlowSummary>,
    mark: Option<&str>,
    calendar: &WorkCalendar,
) -> BoxFigures {
    let flow = measured.and_then(|m| m.step(step.id));
    let off = flow.is_some_and(|f| f.estimate_is_off(step.lead_time.hours(calendar), calendar));
    let mark = match (mark, off) {
        (Some(mark), true) => Some(format!("{mark} · off ×2")),
        (Some(mark), false) => Some(mark.to_string()),
        (None, true) => Some("off ×2".to_string()),
        (None, false) => None,
    };
    BoxFigures {
        mark,
        texts: flow.map(|f| measured_texts(step, f, calendar)),
    }
}

/// "3d · p50 4.2d p85 9d n37", "p50 4.2d p85 9d n37", "4.2d–9d n37".
pub fn measured_texts(step: &Step, flow: &StepFlow, calendar: &WorkCalendar) -> [String; 3] {
    let label = flow.label(calendar);
    let short = |h: Option<f64>| {
        h.map_or("n/a".into(), |h| {
            short(working_hours(h, calendar), calendar)
        })
    };
    [
        format!("{} · {label}", step.lead_time),
        label,
        format!(
            "{}–{} n{}",
            short(flow.p50_hours),
            short(flow.p85_hours),
            flow.n
        ),
    ]
}
