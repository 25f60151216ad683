//! The headless metrics report: `vsm report FILE [--json]`.

use serde_json::{Value, json};

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
        "current": map_json(&session.current, session),
        "future": session.future.as_ref().map(|future| map_json(future, session)),
    });
    serde_json::to_string_pretty(&value).expect("a report always serializes") + "\n"
}

/// The metrics as a plain table in readable units.
pub fn table(session: &Session) -> String {
    let calendar = &session.calendar;
    let mut columns = vec![("current", MapMetrics::of(&session.current, calendar))];
    if let Some(future) = &session.future {
        columns.push(("future", MapMetrics::of(future, calendar)));
    }
    let mut out = format!(
        "{}\nWork calendar: {} h/day, {} days/week\n\n",
        session.title,
        crate::model::duration::trim_number(calendar.hours_per_day),
        crate::model::duration::trim_number(calendar.days_per_week)
    );
    out += &format!("{:<16}", "");
    for (name, _) in &columns {
        out += &format!("{name:>10}");
    }
    out += "\n";
    let rows: Vec<Vec<(&str, String)>> = columns
        .iter()
        .map(|(_, metrics)| readable::metric_rows(metrics, calendar))
        .collect();
    for (i, (label, _)) in rows[0].iter().enumerate() {
        out += &format!("{label:<16}");
        for column in &rows {
            out += &format!("{:>10}", column[i].1);
        }
        out += "\n";
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
        assert_eq!(value["future"], Value::Null);
        let text = table(&demo);
        assert!(text.contains("22 d"), "{text}");
        assert!(text.contains("23%"), "{text}");
    }
}
