//! Which actions the plan screen shows: all, or by status (open, overdue, done, dropped) and by
//! owner. Pure: the day is passed in.

use chrono::NaiveDate;

use crate::model::action_plan::{ActionItem, Status};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Shown {
    #[default]
    All,
    /// Open or doing.
    Open,
    Overdue,
    Done,
    Dropped,
}

impl Shown {
    fn next(self) -> Shown {
        match self {
            Shown::All => Shown::Open,
            Shown::Open => Shown::Overdue,
            Shown::Overdue => Shown::Done,
            Shown::Done => Shown::Dropped,
            Shown::Dropped => Shown::All,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Shown::All => "all",
            Shown::Open => "open",
            Shown::Overdue => "overdue",
            Shown::Done => "done",
            Shown::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionFilter {
    pub shown: Shown,
    pub owner: Option<String>,
}

impl ActionFilter {
    pub fn shows(&self, action: &ActionItem, today: NaiveDate) -> bool {
        let by_status = match self.shown {
            Shown::All => true,
            Shown::Open => !action.status.is_closed(),
            Shown::Overdue => action.overdue(today),
            Shown::Done => action.status == Status::Done,
            Shown::Dropped => action.status == Status::Dropped,
        };
        by_status && self.owner.as_ref().is_none_or(|o| *o == action.owner)
    }

    pub fn next_status(&mut self) {
        self.shown = self.shown.next();
    }

    /// The next owner of the plan (in the plan's order), then everyone again.
    pub fn next_owner(&mut self, actions: &[ActionItem]) {
        let mut owners: Vec<&str> = Vec::new();
        for action in actions.iter().filter(|a| !a.owner.is_empty()) {
            if !owners.contains(&action.owner.as_str()) {
                owners.push(&action.owner);
            }
        }
        let at = self
            .owner
            .as_deref()
            .and_then(|o| owners.iter().position(|x| *x == o));
        self.owner = match at {
            None => owners.first().map(|o| o.to_string()),
            Some(i) => owners.get(i + 1).map(|o| o.to_string()),
        };
    }

    /// "open · Amita", or none when everything shows.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.shown != Shown::All {
            parts.push(self.shown.name().to_string());
        }
        if let Some(owner) = &self.owner {
            parts.push(owner.clone());
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// The places of the actions shown.
    pub fn visible(&self, actions: &[ActionItem], today: NaiveDate) -> Vec<usize> {
        let shown = actions.iter().enumerate();
        shown
            .filter(|(_, a)| self.shows(a, today))
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_goes_round_statuses_and_owners() {
        let today = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let plan = crate::session::demo().decisions.actions;
        let mut filter = ActionFilter::default();
        assert_eq!(filter.visible(&plan, today), [0, 1, 2]);
        filter.next_status();
        assert_eq!(filter.visible(&plan, today), [1, 2]);
        filter.next_status();
        assert_eq!(filter.visible(&plan, today), [1]);
        assert_eq!(filter.describe().as_deref(), Some("overdue"));
        filter = ActionFilter::default();
        filter.next_owner(&plan);
        assert_eq!(filter.owner.as_deref(), Some("Irwin"));
        assert_eq!(filter.visible(&plan, today), [0]);
        for _ in 0..3 {
            filter.next_owner(&plan);
        }
        assert_eq!((filter.owner.clone(), filter.describe()), (None, None));
    }
}
