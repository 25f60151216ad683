//! The action plan as a CSV a tracker imports (`vsm export --format actions`): Summary,
//! Description (the idea, the step and the measure), Assignee, Due date, Status, Labels.
//! Formula-safe like the step CSV.

use super::csv::neutralise;
use super::decisions::{Plan, action_description};

pub const HEADER: [&str; 6] = [
    "Summary",
    "Description",
    "Assignee",
    "Due date",
    "Status",
    "Labels",
];

pub fn export(plan: &Plan) -> String {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    writer.write_record(HEADER).expect("writing to memory");
    for action in &plan.session.decisions.actions {
        let mut labels = vec!["vsm".to_string()];
        if action.overdue(plan.today) {
            labels.push("overdue".into());
        }
        let record = [
            action.text.clone(),
            action_description(plan, action),
            action.owner.clone(),
            action.due.map(|d| d.to_string()).unwrap_or_default(),
            action.status.name().to_string(),
            labels.join(" "),
        ];
        writer
            .write_record(record.iter().map(|cell| neutralise(cell).into_owned()))
            .expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}
