//! The headless metrics report: `vsm report FILE [--json]`.

use serde_json::{Value, json};

use crate::model::compare::Comparison;
use crate::model::duration::trim_number;
use crate::model::{Map, MapMetrics, Session, readable};

pub fn map_json(map: &Map, session: &Session) -> Value {
    let m = MapMetrics::of(map, &session.calendar);
    json!({
        "lead_time_hours": m.lead_time_hours,
        "process_time_hours": m.process_time_hours,
        "total_work_hours": m.total_work_hours,
        "activity_ratio": m.activity_ratio,
        "rolled_complete_accurate": m.rolled_complete_accurate,
        "stages": m.stages,
        "steps": m.steps,
        "annotations": m.annotations,
        "handoffs": m.handoffs,
    })
}

pub fn json(session: &Session) -> String {
    let value = json!({
        "title": session.title,
        "held_on": session.held_on,
        "last_changed": session.last_changed,
        "current": map_json(&session.current, session),
        "future": session.future.as_ref().map(|future| map_json(future, session)),
        "comparison": Comparison::of(session).map(|c| comparison_json(&c)),
    });
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
    Value::Object(object)
}

/// The metrics as a plain table in readable units; with a future state, the comparison.
pub fn table(session: &Session) -> String {
    let calendar = &session.calendar;
    let mut out = format!(
        "{}\nWork calendar: {} h/day, {} days/week\n\n",
        session.title,
        trim_number(calendar.hours_per_day),
        trim_number(calendar.days_per_week)
    );
    match Comparison::of(session) {
        Some(comparison) => {
            out += &format!(
                "{:<16}{:>10}{:>10}{:>10}{:>8}\n",
                "", "current", "future", "change", "%"
            );
            for row in readable::comparison_rows(&comparison, calendar) {
                let line = format!(
                    "{:<16}{:>10}{:>10}{:>10}{:>8}  {}",
                    row.label,
                    row.current,
                    row.future,
                    row.change,
                    row.percent,
                    row.verdict()
                );
                out += line.trim_end();
                out += "\n";
            }
            out += &format!("{}{}{}", "\n", comparison.summary(), "\n");
        }
        None => {
            out += &format!("{:<16}{:>10}\n", "", "current");
            let metrics = MapMetrics::of(&session.current, calendar);
            for (label, value) in readable::metric_rows(&metrics, calendar) {
                out += &format!("{label:<16}{value:>10}\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_report_has_the_published_figures() {
        let demo = crate::session::demo();
        let value: Value = serde_json::from_str(&json(&demo)).unwrap();
        assert_eq!(value["current"]["lead_time_hours"], 176.0);
        assert_eq!(value["current"]["process_time_hours"], 40.0);
        assert_eq!(value["future"]["steps"], 8);
        let lead = &value["comparison"]["lead_time_hours"];
        assert_eq!(lead["current"], 176.0);
        assert_eq!(lead["future"], 53.0);
        assert_eq!(lead["change"], -123.0);
        assert_eq!(value["comparison"]["ideas_realised"], 5);
        assert_eq!(value["comparison"]["ideas_open"], 1);
        let text = table(&demo);
        assert!(text.contains("22 d"), "{text}");
        assert!(text.contains("23%"), "{text}");
    }
}
