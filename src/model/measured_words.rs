//! Measured flow in words, for the screen and for every export alike: what a log read said,
//! and the flow figures in one line.

use super::measured::{short, working_hours};
use super::{FlowSummary, Measured, Session, readable};

/// What was read and what was left out, in one sentence each.
pub fn summary_lines(measured: &Measured) -> Vec<String> {
    let s = &measured.summary;
    let mut first = format!(
        "{}: {} events, {} items: {} done, {} in progress",
        measured.source, s.events, s.items, s.done, s.in_progress,
    );
    if !measured.done.is_empty() {
        first += &format!(" (never reached {})", measured.done.join(" or "));
    }
    if s.dropped > 0 || !measured.dropped.is_empty() {
        first += &format!(
            "; {} dropped ({}), out of every figure",
            s.dropped,
            if measured.dropped.is_empty() {
                "no dropped state".to_string()
            } else {
                measured.dropped.join(" or ")
            }
        );
    }
    let mut lines = vec![first];
    if measured.done.is_empty() {
        lines.push(
            "No state means done by its name: say which with --done STATE,... (d on the \
             mapping screen); until then every item is in progress"
                .into(),
        );
    }
    if let Some(reading) = &measured.reading {
        lines.push(format!("Read: {}", reading.describe()));
        if reading.repeated_headers > 0 || reading.duplicates > 0 {
            lines.push(format!(
                "Repeated header rows skipped: {}; duplicate rows measured once: {}",
                reading.repeated_headers, reading.duplicates
            ));
        }
    }
    if !measured.placed_by_order.is_empty() {
        lines.push(format!(
            "Mapping guessed by order, no step is named like these states: {}; check it (S on \
             the mapping screen, or name the states in the session's steps)",
            measured.placed_by_order.join(", ")
        ));
    }
    if s.skipped.is_empty() {
        lines.push("Skipped rows: none".into());
    } else {
        let reasons: Vec<String> = s.skipped.iter().map(|(r, n)| format!("{r} {n}")).collect();
        lines.push(format!("Skipped rows: {}", reasons.join(", ")));
    }
    lines.push(format!(
        "Out of order: {} items had rows out of time order (measured in time order); \
         {} events after done not counted",
        s.out_of_order, s.after_done
    ));
    if s.reopened > 0 {
        lines.push(format!(
            "Reopened: {} items left a done state and came back; flow time runs to their {} done \
             state (--done-at first|last)",
            s.reopened,
            measured.done_at.name()
        ));
    }
    if measured.stale {
        lines.push(
            "These figures are from before the last mapping change: read the log again \
             (r on the mapping screen)"
                .into(),
        );
    }
    lines
}

/// A measured time in working time of the session's calendar, or "n/a".
pub fn working(hours: Option<f64>, session: &Session) -> String {
    match hours {
        Some(h) => short(working_hours(h, &session.calendar), &session.calendar),
        None => "n/a".into(),
    }
}

/// Flow time and efficiency in one line: "Flow time p50 12d p85 40d (n 653), flow efficiency 23%".
pub fn metrics_line(summary: &FlowSummary, session: &Session) -> String {
    format!(
        "Flow time p50 {} p85 {} working time (n {}), flow efficiency {}",
        working(summary.flow_time.p50_hours, session),
        working(summary.flow_time.p85_hours, session),
        summary.flow_time.n,
        readable::percent(summary.flow_efficiency)
    )
}
