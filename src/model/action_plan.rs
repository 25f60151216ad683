//! The action plan (DESIGN.md "Value and decisions"): each action with one owner, a due date, a
//! status, the measure that will show it worked and its target, and links to the idea it
//! realises, the current step it changes and the future step it builds. "Today" is always
//! passed in: the model reads no clock.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Open,
    Doing,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::Doing, Status::Done, Status::Dropped];

    pub fn name(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Doing => "doing",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// Done or dropped: nothing more is expected of it.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Dropped)
    }
}

/// One action of the plan ("action item": `app::Action` is a key's meaning).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    /// Stable identity within the session.
    pub id: u64,
    pub text: String,
    /// One owner: a person, not a team.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub status: Status,
    /// What will show it worked ("lead time of Leadership approval"), and its target ("1d").
    #[serde(default)]
    pub measure: String,
    #[serde(default)]
    pub target: String,
    /// The idea it realises (`Annotation::id`).
    #[serde(default)]
    pub idea: Option<u64>,
    /// The current-state step it changes.
    #[serde(default)]
    pub step: Option<u64>,
    /// The future-state step it builds.
    #[serde(default)]
    pub future_step: Option<u64>,
}

impl ActionItem {
    pub fn new(id: u64, text: impl Into<String>) -> ActionItem {
        ActionItem {
            id,
            text: text.into(),
            owner: String::new(),
            due: None,
            status: Status::Open,
            measure: String::new(),
            target: String::new(),
            idea: None,
            step: None,
            future_step: None,
        }
    }

    /// Due before today and neither done nor dropped.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        !self.status.is_closed() && self.due.is_some_and(|due| due < today)
    }

    /// What a hand-edited file or a form might get wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.text.trim().is_empty() {
            return Err(format!("action {}: say what is to be done", self.id));
        }
        if self.owner.contains([',', ';', '&']) || self.owner.contains(" and ") {
            return Err(format!(
                "action {} has owners '{}': an action has one owner, the others help",
                self.id, self.owner
            ));
        }
        Ok(())
    }
}

/// Where the plan stands on a day: for the follow-up view, the start screen and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FollowUp {
    pub done: usize,
    /// Open or doing (overdue ones included).
    pub open: usize,
    pub overdue: usize,
    pub dropped: usize,
}

impl FollowUp {
    pub fn of(actions: &[ActionItem], today: NaiveDate) -> FollowUp {
        let mut counts = FollowUp::default();
        for action in actions {
            match action.status {
                Status::Done => counts.done += 1,
                Status::Dropped => counts.dropped += 1,
                Status::Open | Status::Doing => counts.open += 1,
            }
            counts.overdue += usize::from(action.overdue(today));
        }
        counts
    }

    /// "1 done, 2 open (1 overdue)".
    pub fn summary(&self) -> String {
        let mut text = format!("{} done, {} open", self.done, self.open);
        if self.overdue > 0 {
            text += &format!(" ({} overdue)", self.overdue);
        }
        if self.dropped > 0 {
            text += &format!(", {} dropped", self.dropped);
        }
        text
    }
}

/// An action id not used yet.
pub fn next_id(actions: &[ActionItem]) -> u64 {
    actions.iter().map(|a| a.id).max().unwrap_or(0) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn due(id: u64, date: &str, status: Status) -> ActionItem {
        ActionItem {
            due: Some(day(date)),
            status,
            owner: "Irwin".into(),
            ..ActionItem::new(id, "Approve releases weekly")
        }
    }

    #[test]
    fn overdue_is_due_before_today_and_neither_done_nor_dropped() {
        let today = day("2027-01-15");
        assert!(due(1, "2027-01-14", Status::Open).overdue(today));
        assert!(due(1, "2027-01-14", Status::Doing).overdue(today));
        // Due today is not late yet.
        assert!(!due(1, "2027-01-15", Status::Open).overdue(today));
        assert!(!due(1, "2027-01-01", Status::Done).overdue(today));
        assert!(!due(1, "2027-01-01", Status::Dropped).overdue(today));
        assert!(!ActionItem::new(1, "No date").overdue(today));
    }

    #[test]
    fn the_follow_up_counts_done_open_overdue_and_dropped() {
        let actions = [
            due(1, "2027-01-10", Status::Done),
            due(2, "2027-01-10", Status::Doing),
            due(3, "2027-02-10", Status::Open),
            due(4, "2027-01-10", Status::Dropped),
        ];
        let follow_up = FollowUp::of(&actions, day("2027-01-15"));
        assert_eq!(
            follow_up,
            FollowUp {
                done: 1,
                open: 2,
                overdue: 1,
                dropped: 1
            }
        );
        assert_eq!(follow_up.summary(), "1 done, 2 open (1 overdue), 1 dropped");
        // Months later, everything still open is late.
        let later = FollowUp::of(&actions, day("2027-06-01"));
        assert_eq!(later.summary(), "1 done, 2 open (2 overdue), 1 dropped");
        assert_eq!(next_id(&actions), 5);
    }

    #[test]
    fn an_action_needs_a_text_and_has_one_owner() {
        assert!(due(1, "2027-01-10", Status::Open).validate().is_ok());
        let mut action = due(7, "2027-01-10", Status::Open);
        action.owner = "Tim, Andy".into();
        assert_eq!(
            action.validate().unwrap_err(),
            "action 7 has owners 'Tim, Andy': an action has one owner, the others help"
        );
        action.text = " ".into();
        assert_eq!(
            action.validate().unwrap_err(),
            "action 7: say what is to be done"
        );
    }
}
