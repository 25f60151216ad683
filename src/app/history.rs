//! Undo and redo: whole-document snapshots, with the selection at the time.

use crate::model::Session;
use crate::model::map::StepAt;

/// Enough for a whole workshop; the oldest changes drop off first.
const LIMIT: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct History {
    past: Vec<(Session, StepAt)>,
    future: Vec<(Session, StepAt)>,
}

impl History {
    /// Records the document as it was before an accepted change.
    pub fn record(&mut self, before: Session, selection: StepAt) {
        self.past.push((before, selection));
        if self.past.len() > LIMIT {
            self.past.remove(0);
        }
        self.future.clear();
    }

    pub fn undo(&mut self, now: Session, selection: StepAt) -> Option<(Session, StepAt)> {
        let previous = self.past.pop()?;
        self.future.push((now, selection));
        Some(previous)
    }

    pub fn redo(&mut self, now: Session, selection: StepAt) -> Option<(Session, StepAt)> {
        let next = self.future.pop()?;
        self.past.push((now, selection));
        Some(next)
    }
}
