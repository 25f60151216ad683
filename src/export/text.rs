//! Plain text for chat and email: each map as a list of its stages (every figure labelled,
//! each queue on a line of its own), the metrics once, the steps that changed and the
//! annotations. Every line fits the width asked for, in display columns. No escape codes.

use textwrap::Options;
use unicode_width::UnicodeWidthStr;

use crate::model::compare::Comparison;
use crate::model::{AnnotationKind, Map, MapMetrics, Session, readable};
use crate::text::clean;

/// Narrowest text export.
pub const MIN_WIDTH: u16 = 40;

pub fn render(session: &Session, width: u16) -> String {
    let width = usize::from(width.max(MIN_WIDTH));
    let mut out = String::new();
    out += &wrap(&clean(&session.title), width, "");
    out += &wrap(&super::facts(session).join(", "), width, "");
    let comparison = Comparison::of(session);
    for (which, map) in session.maps() {
        out += &format!("\n{} STATE\n", which.to_uppercase());
        let future = (which == "future").then_some(comparison.as_ref()).flatten();
        out += &map_lines(map, session, future, width);
    }
    out += "\nMETRICS\n";
    out += &metric_lines(session, comparison.as_ref(), width);
    if let Some(comparison) = &comparison {
        out += "\n";
        out += &wrap(&comparison.summary(), width, "");
        for line in super::table::change_lines(comparison, session) {
            out += &wrap(
                &format!("- {}", tie_short_parts(&clean(&line))),
                width,
                "  ",
            );
        }
    }
    let mut notes = String::new();
    for kind in AnnotationKind::ALL {
        for (step, a) in session
            .current
            .all_annotations()
            .filter(|(_, a)| a.kind == kind)
        {
            let on = step
                .map(|s| format!("on {}", clean(&s.name)))
                .unwrap_or_else(|| "whole map".into());
            let by = a
                .author
                .as_deref()
                .map(|a| format!(", {}", clean(a)))
                .unwrap_or_default();
            let line = format!("[{}] {} ({on}{by})", kind.letter(), clean(&a.text));
            notes += &wrap(&line, width, "    ");
        }
    }
    if !notes.is_empty() {
        out += "\nANNOTATIONS\n";
        out += &notes;
    }
    out
}

/// Each stage's steps with their figures, the queue before a stage on a line of its own.
fn map_lines(
    map: &Map,
    session: &Session,
    comparison: Option<&Comparison>,
    width: usize,
) -> String {
    let calendar = &session.calendar;
    let metrics = MapMetrics::of(map, calendar);
    let hours = |h: f64| readable::hours(h, calendar);
    let marks = comparison.map(Comparison::marks).unwrap_or_default();
    let mut out = String::new();
    if map.stages.is_empty() {
        out += "(no steps yet)\n";
    }
    for (i, (stage, times)) in map.stages.iter().zip(&metrics.stage_times).enumerate() {
        if let Some(queue) = &stage.queue {
            let mut line = format!("▲ Queue: {}", clean(&queue.label));
            // "5 days of coils" is a time given without a count.
            if queue.items > 0 || queue.time.is_none() {
                line += &format!(", {}", tie(&format!("{} items", queue.items)));
            }
            if let Some(time) = times.queue_hours {
                line += &format!(", {}", tie(&format!("queue time {}", hours(time))));
            }
            if times.queue_disagrees {
                line += " (disagrees with the wait after it by more than 2x)";
            }
            out += &wrap(&line, width, "    ");
        }
        for (j, step) in stage.steps.iter().enumerate() {
            let number = if j == 0 {
                format!("{}", i + 1)
            } else {
                format!("{}∥", i + 1)
            };
            let mut head = format!("{number} {}", clean(&step.name));
            let who: Vec<String> = [&step.owner, &step.phase]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(|s| clean(s))
                .collect();
            if !who.is_empty() {
                head += &format!(" ({})", who.join(", "));
            }
            if let Some(mark) = marks.get(&step.id) {
                head += &format!(" [{mark}]");
            }
            if metrics.bottleneck == Some(i) && j == times.critical_step {
                head += " [bottleneck]";
            }
            out += &wrap(&head, width, "    ");
            let mut figures = [
                format!("PT {}", step.process_time),
                format!("LT {}", step.lead_time),
                format!("wait {}", hours(step.wait_hours(calendar))),
                format!(
                    "%C&A {}",
                    readable::complete_accurate(step.complete_accurate)
                ),
            ]
            .map(|figure| tie(&figure))
            .join(", ");
            let rework = metrics.rework_of(i, j);
            if rework.hours > 0.0 {
                figures += &format!(", {}", tie(&format!("rework {}", hours(rework.hours))));
                if let Some(to) = rework.loop_to.and_then(|(s, t)| map.stages[s].steps.get(t)) {
                    figures += &format!(" (back to {})", clean(&to.name));
                }
            }
            out += &wrap(&format!("   {figures}"), width, "   ");
        }
    }
    out
}

/// The metrics once: a table when it fits the width, else one labelled line each.
fn metric_lines(session: &Session, comparison: Option<&Comparison>, width: usize) -> String {
    let calendar = &session.calendar;
    let mut out = String::new();
    match comparison {
        Some(comparison) => {
            let rows = readable::comparison_rows(comparison, calendar);
            let lines = super::report::comparison_lines(&rows);
            if lines.iter().all(|l| l.width() <= width) {
                out += &(lines.join("\n") + "\n");
            } else {
                for row in rows {
                    let verdict = match row.verdict() {
                        "" => String::new(),
                        v => format!(", {v}"),
                    };
                    let line = format!(
                        "{}: {}, {} ({}, {}{verdict})",
                        row.label,
                        tie(&format!("current {}", row.current)),
                        tie(&format!("future {}", row.future)),
                        tie(&format!("change {}", row.change)),
                        row.percent
                    );
                    out += &wrap(&line, width, "    ");
                }
            }
            if let Some(line) = super::table::bottleneck_line(comparison) {
                out += &wrap(&clean(&line), width, "    ");
            }
        }
        None => {
            let metrics = MapMetrics::of(&session.current, calendar);
            let rows = readable::metric_rows(&metrics, calendar);
            let label_width = rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0) + 2;
            for (label, value) in rows {
                let line = format!("{:<label_width$}{}", format!("{label}:"), clean(&value));
                out += &wrap(&line, width, &" ".repeat(label_width.min(width / 2)));
            }
        }
    }
    out
}

/// A label and its figure kept on one line when wrapping ("PT 30min", "wait 3.5 h"): joined
/// by no-break spaces, which `wrap` turns back into plain ones.
fn tie(figure: &str) -> String {
    figure.replace(' ', NO_BREAK)
}

const NO_BREAK: &str = "\u{a0}";

/// A list of changes with each short one kept whole ("LT 3d -> 1h", "PT 0 -> 5min").
fn tie_short_parts(line: &str) -> String {
    line.split(", ")
        .map(|part| {
            if part.width() <= 20 {
                tie(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Word wrap to `width` display columns, continuation lines indented. Breaks only at plain
/// spaces, so figures tied with `tie` stay whole (unless one alone is wider than the line).
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let options = Options::new(width).subsequent_indent(indent);
    textwrap::wrap(text, options)
        .iter()
        .map(|line| format!("{}\n", line.trim_end().replace(NO_BREAK, " ")))
        .collect()
}
