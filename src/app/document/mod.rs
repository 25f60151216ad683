//! The document's one door: the session, its revision, its undo history and the figures derived
//! from it. Reading is `session()`; writing is only `change`, `undo`, `redo`, `open` and
//! `refresh_measured`, each of which moves the revision, so a figure cached by revision is never
//! stale. Nothing outside this module reaches `&mut Session`.
//!
//! Several viewers (the facilitator, later each remote participant) look at one document; what
//! each of them sees and has selected is their own state, not the document's.

mod derived;
pub mod history;

use std::rc::Rc;

pub use derived::NotesKey;
use history::{Entry, History, Patch};

use crate::model::compare::Comparison;
use crate::model::map::StepAt;
use crate::model::{MapMetrics, Session, Which};

/// Where the facilitator was when a change was made: undo brings them back there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub focus: Which,
    pub selection: StepAt,
}

/// A change, undone or redone: what it was and where it was made.
#[derive(Debug, Clone)]
pub struct SteppedThrough {
    pub label: String,
    pub place: Place,
    /// The map and stage the change touched, to bring into view.
    pub touched: Option<(Which, usize)>,
}

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// A new revision, with the change in the facilitator's words.
    Yes(String),
    /// The change left the document as it was.
    Nothing(String),
}

#[derive(Debug, Clone)]
pub struct Document {
    session: Session,
    /// Which version of the document this is: a new number for every change, the old number
    /// back on undo. Saved and written states are told by revision, never by comparing documents.
    revision: u64,
    next_revision: u64,
    history: History,
    derived: derived::Derived,
}

impl Default for Document {
    fn default() -> Self {
        Document::new(Session::new(""))
    }
}

impl Document {
    pub fn new(session: Session) -> Document {
        Document {
            session,
            revision: 0,
            next_revision: 1,
            history: History::default(),
            derived: derived::Derived::default(),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    fn new_revision(&mut self) -> u64 {
        let revision = self.next_revision;
        self.next_revision += 1;
        revision
    }

    /// Another session in place of this one, with a history of its own.
    pub fn open(&mut self, session: Session) {
        self.session = session;
        self.revision = self.new_revision();
        self.history = History::default();
    }

    /// Applies a change to a copy of the document (cheap: unchanged stages are shared) and
    /// records what it replaced. `apply` returns the change in the facilitator's words
    /// ("delete 'Triage bugs'"), or why it cannot be done.
    pub fn change(
        &mut self,
        at: Place,
        apply: impl FnOnce(&mut Session) -> Result<String, String>,
    ) -> Result<Changed, String> {
        let mut session = self.session.clone();
        let label = apply(&mut session)?;
        let mut before = std::mem::replace(&mut self.session, session);
        let patch = Patch::between(&mut before, &mut self.session);
        if patch.is_empty() {
            return Ok(Changed::Nothing(label));
        }
        self.history.record(Entry {
            patch,
            label: label.clone(),
            focus: at.focus,
            selection: at.selection,
            revision: self.revision,
        });
        self.revision = self.new_revision();
        Ok(Changed::Yes(label))
    }

    /// Takes back the last change; `now` is where the facilitator is, for redo to return to.
    pub fn undo(&mut self, now: Place) -> Option<SteppedThrough> {
        let entry = self.history.take_undo()?;
        let (back, done) = self.step_through(entry, now);
        self.history.undone(back);
        Some(done)
    }

    pub fn redo(&mut self, now: Place) -> Option<SteppedThrough> {
        let entry = self.history.take_redo()?;
        let (back, done) = self.step_through(entry, now);
        self.history.redone(back);
        Some(done)
    }

    /// Applies a history entry; returns the one that goes back and what was done.
    fn step_through(&mut self, entry: Entry, now: Place) -> (Entry, SteppedThrough) {
        let touched = entry.patch.place();
        let back = Entry {
            patch: entry.patch.apply(&mut self.session),
            label: entry.label.clone(),
            focus: now.focus,
            selection: now.selection,
            revision: self.revision,
        };
        self.revision = entry.revision;
        let done = SteppedThrough {
            label: entry.label,
            place: Place {
                focus: entry.focus,
                selection: entry.selection,
            },
            touched,
        };
        (back, done)
    }

    /// Figures derived from the session's measured log refreshed in place (read again after a
    /// mapping change): derived data, so not an undoable edit, but a new revision all the same.
    pub fn refresh_measured(&mut self, refresh: impl FnOnce(&mut Session)) {
        refresh(&mut self.session);
        self.revision = self.new_revision();
    }

    /// The session as saved at `at`: its "last changed" stamp, a new revision.
    pub fn stamp_changed(&mut self, at: chrono::NaiveDateTime) {
        self.session.last_changed = Some(at);
        self.revision = self.new_revision();
    }

    /// A map's metrics (`None` when the map is absent), computed once per version of the
    /// document; an edit to one map does not recompute the other's.
    pub fn metrics(&self, which: Which) -> Option<Rc<MapMetrics>> {
        self.derived.metrics(&self.session, self.revision, which)
    }

    /// The comparison of current and future state, `None` without a future state.
    pub fn comparison(&self) -> Option<Rc<Comparison>> {
        let (now, then) = (self.metrics(Which::Current)?, self.metrics(Which::Future)?);
        self.derived
            .comparison(&self.session, self.revision, &now, &then)
    }

    /// The rows a map's notes need, as `compute` counts them: once per revision for each map
    /// and width, since counting wraps every note of the map.
    pub fn notes_rows_needed(&self, key: NotesKey, compute: impl FnOnce() -> u16) -> u16 {
        self.derived.notes_rows_needed(self.revision, key, compute)
    }
}

/// The cached figures are always the ones computed afresh: checked by the random-input harness
/// after every step.
impl Document {
    pub fn cached_figures_are_fresh(&self) -> Result<(), String> {
        for which in [Which::Current, Which::Future] {
            let fresh = self
                .session
                .map(which)
                .map(|map| MapMetrics::of(map, &self.session.calendar));
            let cached = self.metrics(which).map(|m| (*m).clone());
            if fresh != cached {
                return Err(format!("cached {which:?} metrics differ from fresh ones"));
            }
        }
        let fresh = self.session.future.as_ref().map(|future| {
            let now = MapMetrics::of(&self.session.current, &self.session.calendar);
            let then = MapMetrics::of(future, &self.session.calendar);
            Comparison::with_metrics(&self.session.current, future, &now, &then)
        });
        let cached = self.comparison().map(|c| (*c).clone());
        if fresh != cached {
            return Err("cached comparison differs from a fresh one".into());
        }
        Ok(())
    }
}
