//! The headless metrics report: `vsm report FILE [--json]`.

use serde_json::{Value, json};

use crate::model::compare::Comparison;
use crate::model::{Map, MapMetrics, Session, readable};

pub fn map_json(map: &Map, session: &Session) -> Value {
    let calendar = &session.calendar;
    let m = MapMetrics::of(map, calendar);
    let mut steps = Vec::new();
    let mut queues = Vec::new();
    for (index, (stage, times)) in map.stages.iter().zip(&m.stage_times).enumerate() {
        if let Some(queue) = &stage.queue {
            queues.push(json!({
                "stage": index + 1,
                "label": queue.label,
                "items": queue.items,
                "time_hours": times.queue_hours,
                "disagrees_with_wait": times.queue_disagrees,
            }));
        }
        for (j, step) in stage.steps.iter().enumerate() {
            let rework = m.rework_of(index, j);
            let mut figures = json!({
                "id": step.id,
                "name": step.name,
                "stage": index + 1,
                "critical_path": j == times.critical_step,
                "process_time_hours": step.process_time.hours(calendar),
                "lead_time_hours": step.lead_time.hours(calendar),
                "wait_hours": step.wait_hours(calendar),
                "complete_accurate": step.complete_accurate,
                "value_adding": step.value_adding,
                "rework_hours": rework.hours,
                "rework_work_hours": rework.work_hours,
            });
            if let Some(to) = rework.loop_to.and_then(|(s, t)| map.stages[s].steps.get(t)) {
                figures["rework_to"] = json!(to.name);
            }
            steps.push(figures);
        }
    }
    json!({
        "lead_time_hours": m.lead_time_hours,
        "process_time_hours": m.process_time_hours,
        "total_work_hours": m.total_work_hours,
        "activity_ratio": m.activity_ratio,
        "value_adding_hours": m.value_adding_hours,
        "value_adding_ratio": m.value_adding_ratio,
        "rolled_complete_accurate": m.rolled_complete_accurate,
        "rework_hours": m.rework_hours,
        "rework_work_hours": m.rework_work_hours,
        "lead_time_with_rework_hours": m.lead_time_with_rework_hours,
        "process_time_with_rework_hours": m.process_time_with_rework_hours,
        "activity_ratio_with_rework": m.activity_ratio_with_rework,
        "queue_time_hours": m.queue_time_hours,
        "bottleneck": m.bottleneck_step,
        "clock": calendar.clock.name(),
        "queues": calendar.queues.name(),
        "stages": m.stages,
        "steps": m.steps,
        "annotations": m.annotations,
        "handoffs": m.handoffs,
        "step_figures": steps,
        "queue_figures": queues,
    })
}

pub fn json(session: &Session) -> String {
    let mut value = json!({
        "title": session.title,
        "held_on": session.held_on,
        "last_changed": session.last_changed,
        "current": map_json(&session.current, session),
        "future": session.future.as_ref().map(|future| map_json(future, session)),
        "comparison": Comparison::of(session).map(|c| comparison_json(&c)),
    });
    let plan = super::decisions::Plan::of(session, crate::clock::today());
    for (key, decided) in super::decisions::json_keys(&plan) {
        value[key] = decided;
    }
    serde_json::to_string_pretty(&value).expect("a report always serializes") + "\n"
}

fn comparison_json(comparison: &Comparison) -> Value {
    let mut object = serde_json::Map::new();
    for metric in &comparison.metrics {
        object.insert(
            metric.key.to_string(),
            json!({
                "current": metric.current,
                "future": metric.future,
                "change": metric.change(),
                "percent_change": metric.percent_change(),
            }),
        );
    }
    object.insert("steps_added".into(), json!(comparison.added.len()));
    object.insert("steps_removed".into(), json!(comparison.removed.len()));
    object.insert("steps_changed".into(), json!(comparison.changed.len()));
    object.insert("ideas_realised".into(), json!(comparison.ideas_realised));
    object.insert("ideas_open".into(), json!(comparison.ideas_open));
    object.insert(
        "changed".into(),
        comparison
            .changed
            .iter()
            .map(|c| json!({"name": c.name, "changes": c.words()}))
            .collect(),
    );
    let (now, then) = &comparison.bottleneck;
    object.insert("bottleneck".into(), json!({"current": now, "future": then}));
    Value::Object(object)
}

/// The comparison as a table: a header line, then one line per metric.
pub fn comparison_lines(rows: &[readable::ComparisonRow]) -> Vec<String> {
    let header = ["", "current", "future", "change", "%", ""]
        .map(String::from)
        .to_vec();
    let body = rows.iter().map(|row| {
        vec![
            row.label.to_string(),
            row.current.clone(),
            row.future.clone(),
            row.change.clone(),
            row.percent.clone(),
            row.verdict().to_string(),
        ]
    });
    columns(std::iter::once(header).chain(body).collect())
}

/// Rows as aligned columns, each as wide as its widest cell: the first (labels) and the last
/// (words) to the left, figures to the right, two spaces apart; no trailing spaces.
fn columns(rows: Vec<Vec<String>>) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|t| t.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells = row.iter().enumerate().map(|(c, text)| {
                let pad = " ".repeat(widths[c] - text.width());
                if c == 0 || c + 1 == count && count > 2 {
                    format!("{text}{pad}")
                } else {
                    format!("{pad}{text}")
                }
            });
            cells.collect::<Vec<_>>().join("  ").trim_end().to_string()
        })
        .collect()
}

/// The metrics as a plain table in readable units; with a future state, the comparison.
pub fn table(session: &Session) -> String {
    let calendar = &session.calendar;
    let mut out = format!(
        "{}\n{}\n\n",
        session.title,
        super::facts(session).join(", ")
    );
    match Comparison::of(session) {
        Some(comparison) => {
            for line in comparison_lines(&readable::comparison_rows(&comparison, calendar)) {
                out += &line;
                out += "\n";
            }
            out += &format!("{}{}{}", "\n", comparison.summary(), "\n");
            if let Some(line) = super::table::bottleneck_line(&comparison) {
                out += &format!("{line}\n");
            }
        }
        None => {
            let metrics = MapMetrics::of(&session.current, calendar);
            let rows = readable::metric_rows(&metrics, calendar)
                .into_iter()
                .map(|(label, value)| vec![label.to_string(), value]);
            let header = vec![String::new(), "current".to_string()];
            for line in columns(std::iter::once(header).chain(rows).collect()) {
                out += &line;
                out += "\n";
            }
        }
    }
    out += &super::decisions::text(&super::decisions::Plan::of(session, crate::clock::today()));
    out
}
