//! The charter form (`K` on the map): the problem, where the stream starts and ends, the lead
//! time and activity ratio targets with their date, and who is in the room
//! (`Amita (Tester), Tim (Operations)`).

use chrono::NaiveDate;

use super::form::{Field, Form, FormKind};
use super::{App, Mode};
use crate::model::charter::{Charter, CharterTarget, TargetMetric, TargetValue};
use crate::model::participants::Participant;

const PROBLEM: &str = "Problem";
const START: &str = "Starts at";
const END: &str = "Ends at";
const LEAD: &str = "Lead time to";
const RATIO: &str = "Ratio to";
const BY: &str = "By";
const ROOM: &str = "In the room";

/// `Amita (Tester), Tim` as people with their roles.
pub fn parse_room(text: &str) -> Vec<Participant> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('(') {
            Some((name, role)) => Participant::new(name.trim(), role.trim_end_matches(')').trim()),
            None => Participant::new(p, ""),
        })
        .collect()
}

fn room_text(people: &[Participant]) -> String {
    let shown: Vec<String> = people
        .iter()
        .map(|p| match p.role.as_str() {
            "" => p.name.clone(),
            role => format!("{} ({role})", p.name),
        })
        .collect();
    shown.join(", ")
}

fn target_of(charter: &Charter, metric: TargetMetric) -> Option<&CharterTarget> {
    charter.targets.iter().find(|t| t.metric == metric)
}

impl Form {
    pub fn charter(charter: &Charter, people: &[Participant]) -> Form {
        let target = |metric| {
            target_of(charter, metric)
                .map(|t| t.target.to_string())
                .unwrap_or_default()
        };
        let by = charter.targets.iter().find_map(|t| t.by);
        Form {
            dictation: false,
            kind: FormKind::Charter,
            title: "Charter".into(),
            fields: vec![
                Field::text(
                    PROBLEM,
                    "the problem the workshop is about",
                    &charter.problem,
                ),
                Field::text(
                    START,
                    "where the stream starts, e.g. Feature request",
                    &charter.start,
                ),
                Field::text(
                    END,
                    "where it ends, e.g. Running in production",
                    &charter.end,
                ),
                Field::text(
                    LEAD,
                    "target lead time, e.g. 10d (empty: none)",
                    target(TargetMetric::LeadTime),
                ),
                Field::text(
                    RATIO,
                    "target activity ratio, e.g. 40% (empty: none)",
                    target(TargetMetric::ActivityRatio),
                ),
                Field::text(
                    BY,
                    "the targets' date, YYYY-MM-DD",
                    by.map(|d| d.to_string()).unwrap_or_default(),
                ),
                Field::text(ROOM, "Amita (Tester), Tim (Operations)", room_text(people)),
            ],
            focus: 0,
            error: None,
        }
    }

    /// The charter and participants a charter form gives, or the field that is wrong.
    pub fn to_charter(
        &self,
        mut charter: Charter,
    ) -> Result<(Charter, Vec<Participant>), (usize, String)> {
        let at = |label| self.index_of(label);
        charter.problem = self.text_of(PROBLEM);
        charter.start = self.text_of(START);
        charter.end = self.text_of(END);
        let by_text = self.text_of(BY);
        let by = if by_text.is_empty() {
            None
        } else {
            Some(
                NaiveDate::parse_from_str(&by_text, "%Y-%m-%d").map_err(|_| {
                    (
                        at(BY),
                        format!("'{by_text}' is not a date: write it as 2027-06-30"),
                    )
                })?,
            )
        };
        for (label, metric) in [
            (LEAD, TargetMetric::LeadTime),
            (RATIO, TargetMetric::ActivityRatio),
        ] {
            let text = self.text_of(label);
            charter.targets.retain(|t| t.metric != metric);
            if !text.is_empty() {
                let target = TargetValue::parse(metric, &text).map_err(|e| (at(label), e))?;
                charter.targets.push(CharterTarget { metric, target, by });
            }
        }
        // Every target keeps the one date the form shows.
        for target in &mut charter.targets {
            target.by = by;
        }
        Ok((charter, parse_room(&self.text_of(ROOM))))
    }
}

impl App {
    pub(super) fn open_charter(&mut self) {
        let decisions = &self.session().decisions;
        self.viewer.mode = Mode::Form(Form::charter(&decisions.charter, &decisions.participants));
    }

    pub(super) fn submit_charter(&mut self, form: &Form) -> Result<Option<usize>, (usize, String)> {
        let (charter, people) = form.to_charter(self.session().decisions.charter.clone())?;
        self.change(|session, _| {
            let decisions = &mut session.decisions;
            decisions.charter = charter;
            // Votes keep the participants they name, even when the list is retyped.
            decisions.participants = people;
            Ok("edit the charter".into())
        });
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_room_is_names_with_roles_in_brackets() {
        let room = parse_room("Amita (Tester), Tim ,, Irwin (Leadership)");
        assert_eq!(
            room,
            [
                Participant::new("Amita", "Tester"),
                Participant::new("Tim", ""),
                Participant::new("Irwin", "Leadership"),
            ]
        );
        assert_eq!(room_text(&room), "Amita (Tester), Tim, Irwin (Leadership)");
    }
}
