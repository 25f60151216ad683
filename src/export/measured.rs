//! Measured flow as text: the `vsm measure` report (table or JSON) and the Markdown section.
//! JSON hours are elapsed hours; text shows working time beside the estimates.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::measure::period;
use crate::model::measured::{elapsed_hours, short};
pub use crate::model::measured_words::{metrics_line, summary_lines, working};
use crate::model::target::TargetCheck;
use crate::model::{Session, Step, readable};

fn estimate(session: &Session, id: u64) -> Option<&Step> {
    session.current.steps().find(|s| s.id == id)
}

pub fn json(session: &Session) -> Value {
    let Some(measured) = &session.measured else {
        return Value::Null;
    };
    let s = &measured.summary;
    let calendar = &session.calendar;
    let periods = |count: fn(&crate::model::measured::PeriodFlow) -> usize| {
        s.periods
            .iter()
            .map(|p| json!({"start": p.start, "count": count(p)}))
            .collect::<Vec<_>>()
    };
    json!({
        "source": measured.source,
        "items": s.items,
        "done": s.done,
        "in_progress": s.in_progress,
        "events": s.events,
        "skipped": s.skipped,
        "out_of_order": s.out_of_order,
        "after_done": s.after_done,
        "dropped": s.dropped,
        "reopened": s.reopened,
        "columns": measured.reading.as_ref().map(|r| json!({
            "item": r.item,
            "state": r.state,
            "current_state_not_used": r.current_state,
            "time": r.time,
            "type": r.kind,
            "title": r.title,
            "separator": r.separator,
            "time_formats": r.formats,
            "zone": r.zone,
            "local_times": r.local_times,
            "repeated_headers": r.repeated_headers,
            "duplicates": r.duplicates,
        })),
        "done_at": measured.done_at.name(),
        "flow_time": {
            "p50_hours": s.flow_time.p50_hours,
            "p85_hours": s.flow_time.p85_hours,
            "n": s.flow_time.n,
        },
        "flow_efficiency": s.flow_efficiency,
        "done_states": measured.done,
        "active_states": measured.active,
        "dropped_states": measured.dropped,
        "steps": s.steps.iter().map(|step| json!({
            "name": step.name,
            "states": estimate(session, step.step).map(|e| e.states.clone()),
            "n": step.n,
            "p50_hours": step.p50_hours,
            "p85_hours": step.p85_hours,
            "estimate_hours": estimate(session, step.step)
                .map(|e| elapsed_hours(e.lead_time.hours(calendar), calendar)),
        })).collect::<Vec<_>>(),
        "period": s.period.name(),
        "velocity": periods(|p| p.done),
        "load": periods(|p| p.load),
        "distribution": s.periods.iter().map(|p| {
            let mut by_type = serde_json::Map::new();
            for (kind, count) in s.types.iter().zip(&p.by_type) {
                by_type.insert(kind.clone(), json!(count));
            }
            json!({"start": p.start, "done": by_type})
        }).collect::<Vec<_>>(),
        "did_we_get_there": TargetCheck::of(session).map(|check| target_json(&check)),
    })
}

fn target_json(check: &TargetCheck) -> Value {
    json!({
        "since": check.since,
        "items": check.items,
        "done": check.done,
        "note": "target and measured in working hours of the session's calendar",
        "metrics": check.metrics.iter().map(|m| json!({
            "key": m.key,
            "target": m.current,
            "measured": m.future,
            "better": m.improved(),
        })).collect::<Vec<_>>(),
        "steps": check.steps.iter().map(|s| json!({
            "name": s.name,
            "target_hours": s.target_hours,
            "n": s.n,
            "p50_hours": s.p50_hours,
            "p85_hours": s.p85_hours,
            "reached": s.reached(),
        })).collect::<Vec<_>>(),
    })
}

/// One step's measured figures as text, beside its estimate.
pub struct StepRow {
    pub name: String,
    pub states: String,
    pub estimate: String,
    pub p50: String,
    pub p85: String,
    pub n: usize,
    /// The estimate is off by more than 2x from the measured median.
    pub off: bool,
}

pub fn step_rows(session: &Session) -> Vec<StepRow> {
    let Some(measured) = &session.measured else {
        return Vec::new();
    };
    measured
        .summary
        .steps
        .iter()
        .map(|step| {
            let found = estimate(session, step.step);
            let lead = found.map(|e| e.lead_time.hours(&session.calendar));
            StepRow {
                name: step.name.clone(),
                states: found.map(|e| e.states.join(", ")).unwrap_or_default(),
                estimate: found.map(|e| e.lead_time.to_string()).unwrap_or_default(),
                p50: working(step.p50_hours, session),
                p85: working(step.p85_hours, session),
                n: step.n,
                off: lead.is_some_and(|l| step.estimate_is_off(l, &session.calendar)),
            }
        })
        .collect()
}

/// The `vsm measure` report.
pub fn table(session: &Session) -> String {
    let Some(measured) = &session.measured else {
        return "No measured log in this session\n".into();
    };
    let s = &measured.summary;
    let mut out = String::new();
    for line in summary_lines(measured) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "States: {}; done: {}; active: {}; dropped: {}",
        measured
            .states
            .iter()
            .map(|st| format!("{} ({})", st.name, st.items))
            .collect::<Vec<_>>()
            .join(", "),
        measured.done.join(", "),
        measured.active.join(", "),
        if measured.dropped.is_empty() {
            "none".to_string()
        } else {
            measured.dropped.join(", ")
        }
    );
    let unmapped = crate::measure::mapping::unmapped(
        &measured.states,
        &session.current,
        &measured.ending_states(),
    );
    let _ = writeln!(
        out,
        "Unmapped states: {}",
        if unmapped.is_empty() {
            "none".into()
        } else {
            unmapped.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "\nMeasured in working time (one working week per calendar week)\n"
    );
    let _ = writeln!(
        out,
        "{:<18} {:<22} {:>9} {:>9} {:>9} {:>6}",
        "Step", "States", "Estimate", "p50", "p85", "n"
    );
    for step in &s.steps {
        let found = estimate(session, step.step);
        let states = found.map(|e| e.states.join(", ")).unwrap_or_default();
        let lead = found.map(|e| e.lead_time.hours(&session.calendar));
        let off = lead.is_some_and(|l| step.estimate_is_off(l, &session.calendar));
        let _ = writeln!(
            out,
            "{:<18} {:<22} {:>9} {:>9} {:>9} {:>6}{}",
            step.name,
            states,
            found.map(|e| e.lead_time.to_string()).unwrap_or_default(),
            working(step.p50_hours, session),
            working(step.p85_hours, session),
            step.n,
            if off {
                "  ! estimate off by more than 2x"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(out, "\n{}", metrics_line(s, session));
    let _ = writeln!(
        out,
        "\nVelocity per {} (items done; load = in progress at the end)",
        s.period.name()
    );
    let widest = s.periods.iter().map(|p| p.done).max().unwrap_or(0).max(1);
    for p in &s.periods {
        let bar = "#".repeat((p.done * 40).div_ceil(widest));
        let line = format!(
            "{:<10} {:>5}  load {:>5}  {bar}",
            period::label(s.period, p.start),
            p.done,
            p.load
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(check) = TargetCheck::of(session) {
        out += &target_table(&check, session);
    }
    out
}

/// "Did we get there?" as text.
pub fn target_table(check: &TargetCheck, session: &Session) -> String {
    let calendar = &session.calendar;
    let mut out = format!(
        "\nDid we get there? Future target vs measured since {} ({} items, {} done)\n",
        check.since, check.items, check.done
    );
    let rows = readable::change_rows(&check.metrics, calendar);
    let _ = writeln!(out, "{:<34} {:>9} {:>9}", "", "Target", "Measured");
    for row in rows {
        let _ = writeln!(
            out,
            "{:<34} {:>9} {:>9}  {}",
            row.label,
            row.current,
            row.future,
            row.verdict()
        );
    }
    for step in &check.steps {
        let show = |h: Option<f64>| h.map_or("n/a".into(), |h| short(h, calendar));
        let verdict = match step.reached() {
            Some(true) => "reached",
            Some(false) => "not yet",
            None => "",
        };
        let _ = writeln!(
            out,
            "  {:<32} {:>9} {:>9}  p85 {} n{} {verdict}",
            step.name,
            short(step.target_hours, calendar),
            show(step.p50_hours),
            show(step.p85_hours),
            step.n
        );
    }
    out
}

/// The Markdown section of the export: the same figures as the report.
pub fn markdown(session: &Session) -> String {
    let Some(measured) = &session.measured else {
        return String::new();
    };
    let s = &measured.summary;
    let mut out = String::from("\n## Measured flow\n\n");
    for line in summary_lines(measured) {
        let _ = writeln!(out, "- {line}");
    }
    let _ = writeln!(out, "- {}\n", metrics_line(s, session));
    out += "| Step | Estimate | p50 | p85 | n |\n|---|---|---|---|---|\n";
    for row in step_rows(session) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {}{} |",
            super::escape::markdown(&row.name),
            row.estimate,
            row.p50,
            row.p85,
            row.n,
            if row.off {
                " (estimate off by more than 2x)"
            } else {
                ""
            }
        );
    }
    let mut header = format!("\n| {} | Done | Load |", capitalise(s.period.name()));
    let mut rule = String::from("|---|---|---|");
    for kind in &s.types {
        let _ = write!(header, " {} |", super::escape::markdown(kind));
        rule += "---|";
    }
    let _ = writeln!(out, "{header}\n{rule}");
    for p in &s.periods {
        let _ = write!(
            out,
            "| {} | {} | {} |",
            period::label(s.period, p.start),
            p.done,
            p.load
        );
        for count in &p.by_type {
            let _ = write!(out, " {count} |");
        }
        out += "\n";
    }
    if let Some(check) = TargetCheck::of(session) {
        let _ = writeln!(out, "\n```{}```", target_table(&check, session));
    }
    out
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
