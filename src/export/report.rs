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
    let rows: Vec<(&str, Box<dyn Fn(&MapMetrics) -> String>)> = vec![
        ("Lead time", Box::new(|m| readable::hours(m.lead_time_hours, calendar))),
        ("Process time", Box::new(|m| readable::hours(m.process_time_hours, calendar))),
        ("Activity ratio", Box::new(|m| readable::percent(m.activity_ratio))),
        ("Rolled %C&A", Box::new(|m| readable::percent(m.rolled_complete_accurate))),
        ("Total work", Box::new(|m| readable::hours(m.total_work_hours, calendar))),
        ("Steps", Box::new(|m| m.steps.to_string())),
        ("Handoffs", Box::new(|m| m.handoffs.to_string())),
        ("Annotations", Box::new(|m| m.annotations.to_string())),
    ];
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
    for (label, value) in &rows {
        out += &format!("{label:<16}");
        for (_, metrics) in &columns {
            out += &format!("{:>10}", value(metrics));
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
