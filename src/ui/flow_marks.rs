//! Flow on the map: the rework a stage adds and the bottleneck marked on the ladder, rework
//! loops drawn back to the step that redoes the work, and queue times in the gaps.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, put};
use super::theme;
use crate::model::metrics::StageTimes;
use crate::model::{MapMetrics, QueueCounting, WorkCalendar, readable};

/// Marks rework on the ladder and labels the loops.
pub const REWORK: &str = "↺";
/// Marks the bottleneck on the ladder and the box.
pub const HOURGLASS: &str = "⧗";

/// A figure in as few columns as it reads: "1.5d", "12m", "45s".
pub fn compact(hours: f64, calendar: &WorkCalendar) -> String {
    readable::hours(hours, calendar)
        .replace(" min", "m")
        .replace(' ', "")
}

/// What the upper rung of a stage stands for: its wait, and its queue before it when queues
/// count in lead time (the classic ladder).
pub fn upper_hours(times: &StageTimes, queues: QueueCounting) -> f64 {
    let queue = match queues {
        QueueCounting::Included => times.queue_hours.unwrap_or(0.0),
        QueueCounting::Check => 0.0,
    };
    times.wait_hours() + queue
}

/// The upper rung's label in the longest form that leaves a line either side within `width`:
/// "⧗ 4 d ↺ 3.5 h", "⧗ 4 d ↺3.5h", "⧗ 4 d ↺".
pub fn upper_label(
    stage: usize,
    metrics: &MapMetrics,
    calendar: &WorkCalendar,
    width: usize,
) -> String {
    let times = &metrics.stage_times[stage];
    let wait = readable::hours(upper_hours(times, metrics.queues), calendar);
    upper_label_as(wait, stage, metrics, calendar, width)
}

/// `upper_label` with the wait already told (in the unit of the box above it).
pub fn upper_label_as(
    mut wait: String,
    stage: usize,
    metrics: &MapMetrics,
    calendar: &WorkCalendar,
    width: usize,
) -> String {
    if metrics.bottleneck == Some(stage) {
        wait = format!("{HOURGLASS} {wait}");
    }
    let rework = metrics.critical_rework(stage).hours;
    if rework <= 0.0 {
        return wait;
    }
    // Narrow boxes (presentation mode at 120 columns) keep the rework's figure by closing
    // up the spaces before giving it up.
    let tight = wait.replace(" min", "m").replace(' ', "");
    let forms = [
        format!("{wait} {REWORK} {}", readable::hours(rework, calendar)),
        format!("{wait} {REWORK}{}", compact(rework, calendar)),
        format!("{tight} {REWORK}{}", compact(rework, calendar)),
        format!("{tight}{REWORK}{}", compact(rework, calendar)),
        format!("{wait} {REWORK}"),
    ];
    let last = forms[4].clone();
    forms
        .into_iter()
        .find(|label| label.width() + 4 <= width)
        .unwrap_or(last)
}

/// The time a queue holds, above the arrow in its gap, ending in "!" when (queues as a check)
/// it disagrees with the stage's wait by more than 2x.
pub fn queue_time(times: &StageTimes, calendar: &WorkCalendar, gap: usize) -> (String, Style) {
    let Some(hours) = times.queue_hours else {
        return (String::new(), Style::new());
    };
    let time = compact(hours, calendar);
    if times.queue_disagrees {
        (
            format!("{}!", fit(&time, gap.saturating_sub(1))),
            theme::flag(),
        )
    } else {
        (fit(&time, gap), theme::queue())
    }
}

/// A rework loop under the boxes: from under its step (`to`) back to under the step that
/// redoes the work (`from`, the left edge when that one is scrolled out of view).
struct Loop {
    from: u16,
    to: u16,
    in_view: bool,
    label: String,
}

/// Draws the loops of the critical-path steps in `row`, the shortest first, each where no
/// other loop is; `centre` gives the middle column of a visible stage's box.
pub fn render_loops(
    row: Rect,
    range: Range<usize>,
    centre: impl Fn(usize) -> u16,
    metrics: &MapMetrics,
    calendar: &WorkCalendar,
    buf: &mut Buffer,
) {
    let mut loops: Vec<Loop> = range
        .clone()
        .filter_map(|stage| {
            let rework = metrics.critical_rework(stage);
            let (target, _) = rework.loop_to?;
            let in_view = target >= range.start;
            (rework.hours > 0.0).then(|| Loop {
                from: if in_view { centre(target) } else { row.x },
                to: centre(stage),
                in_view,
                label: format!(" {REWORK} {} ", readable::hours(rework.hours, calendar)),
            })
        })
        .filter(|l| l.to > l.from + 1 && l.to < row.right())
        .collect();
    loops.sort_by_key(|l| l.to - l.from);
    let mut taken: Vec<(u16, u16)> = Vec::new();
    for l in loops {
        if taken.iter().any(|&(a, b)| l.from <= b && a <= l.to) {
            continue;
        }
        taken.push((l.from, l.to));
        draw_loop(&l, row.y, buf);
    }
}

fn draw_loop(l: &Loop, y: u16, buf: &mut Buffer) {
    let inside = (l.to - l.from - 1) as usize;
    let label = [l.label.clone(), format!(" {REWORK} ")]
        .into_iter()
        .find(|label| label.width() + 2 <= inside)
        .unwrap_or_default();
    let left = (inside - label.width()) / 2;
    let right = inside - label.width() - left;
    let head = if l.in_view { "▲" } else { "◀" };
    let line = format!("{head}{}{label}{}┘", "─".repeat(left), "─".repeat(right));
    put(buf, l.from, y, line, theme::rework());
}
