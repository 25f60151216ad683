//! What the panel says about the selected step's flow: the queue before it and its time, the
//! rework it adds and where that work goes back to, and whether it is the bottleneck.

use ratatui::text::Line;

use super::flow_marks::{HOURGLASS, REWORK, upper_hours};
use super::text::clean;
use super::theme;
use crate::model::flow::rejected_share;
use crate::model::map::StepAt;
use crate::model::readable::{hours, percent};
use crate::model::{Map, MapMetrics, WorkCalendar};

pub fn step_lines(
    map: &Map,
    metrics: &MapMetrics,
    at: StepAt,
    calendar: &WorkCalendar,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let (Some(stage), Some(times)) = (map.stages.get(at.stage), metrics.stage_times.get(at.stage))
    else {
        return lines;
    };
    let Some(step) = stage.steps.get(at.step) else {
        return lines;
    };
    let critical = times.critical_step == at.step;
    if let Some(queue) = &stage.queue {
        let time = match times.queue_hours {
            Some(h) => format!(" · {}", hours(h, calendar)),
            None => String::new(),
        };
        let items = match queue.items {
            0 => String::new(),
            items => format!(" ({items} items)"),
        };
        lines.push(Line::styled(
            format!("queue before: {}{items}{time}", clean(&queue.label)),
            theme::dim(),
        ));
        if let (true, Some(queue_hours)) = (times.queue_disagrees, times.queue_hours) {
            lines.push(Line::styled(
                format!(
                    "! queue says {}, wait is {}: more than 2x apart",
                    hours(queue_hours, calendar),
                    hours(times.wait_hours(), calendar)
                ),
                theme::flag(),
            ));
        }
    }
    let rework = metrics.rework_of(at.stage, at.step);
    if rework.hours > 0.0 {
        let back_to = rework
            .loop_to
            .and_then(|(stage, index)| map.stages.get(stage)?.steps.get(index))
            .map(|target| format!("back to {}", clean(&target.name)))
            .unwrap_or_else(|| "redone here".into());
        let counted = if critical {
            ""
        } else {
            " (off the critical path: not in the totals)"
        };
        lines.push(Line::styled(
            format!(
                "{REWORK} rework {}: {} rejected, {back_to}{counted}",
                hours(rework.hours, calendar),
                percent(Some(rejected_share(step)))
            ),
            theme::rework(),
        ));
    }
    if critical && metrics.bottleneck == Some(at.stage) {
        let wait = hours(upper_hours(times, metrics.queues), calendar);
        lines.push(Line::styled(
            format!("{HOURGLASS} bottleneck: the longest wait on the map ({wait})"),
            theme::flag(),
        ));
    }
    lines
}
