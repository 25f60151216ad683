//! Undo and redo. Each change keeps only what it replaced: the run of stages that differ (found
//! by pointer, since unchanged stages are shared), a map's own notes, the future map when it was
//! drafted or deleted, or the session's facts (title, calendar, dates). Memory grows with what
//! changed, never with the size of the map.
//!
//! Cap: the last `LIMIT` changes, and at most `STAGE_BUDGET` stages held in all of them (a
//! change that replaced a whole 10,000-stage map counts 10,000); the oldest changes go first.

use crate::model::map::{Annotation, Stage, StepAt};
use crate::model::{Map, Session, Shared, Which};

const LIMIT: usize = 500;
const STAGE_BUDGET: usize = 200_000;

/// A part of the document, as it was (or is) on one side of a change.
#[derive(Debug, Clone)]
enum Part {
    /// Stages `at..at + len` of a map, to be replaced by `stages`.
    Stages {
        which: Which,
        at: usize,
        len: usize,
        stages: Vec<Shared<Stage>>,
    },
    Notes {
        which: Which,
        notes: Vec<Annotation>,
    },
    Future(Option<Map>),
    /// The session without its maps.
    Facts(Box<Session>),
}

/// What turns the document from one side of a change to the other.
#[derive(Debug, Clone, Default)]
pub struct Patch {
    parts: Vec<Part>,
}

impl Patch {
    /// The patch that turns `after` back into `before`.
    pub fn between(before: &mut Session, after: &mut Session) -> Patch {
        let mut parts = Vec::new();
        if let Some(facts) = facts_if_changed(before, after) {
            parts.push(Part::Facts(Box::new(facts)));
        }
        map_parts(Which::Current, &before.current, &after.current, &mut parts);
        match (&before.future, &after.future) {
            (Some(b), Some(a)) => map_parts(Which::Future, b, a, &mut parts),
            (None, None) => {}
            (b, _) => parts.push(Part::Future(b.clone())),
        }
        Patch { parts }
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The map a user should be shown to see this change, and the first stage it touches.
    pub fn place(&self) -> Option<(Which, usize)> {
        self.parts.iter().find_map(|part| match part {
            Part::Stages { which, at, .. } => Some((*which, *at)),
            Part::Notes { which, .. } => Some((*which, 0)),
            Part::Future(_) => Some((Which::Future, 0)),
            Part::Facts(_) => None,
        })
    }

    /// Stages held, for the memory cap.
    fn weight(&self) -> usize {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Stages { stages, .. } => stages.len(),
                Part::Future(Some(map)) => map.stages.len(),
                _ => 1,
            })
            .sum::<usize>()
            .max(1)
    }

    /// Applies the patch and returns the one that undoes it.
    pub fn apply(self, session: &mut Session) -> Patch {
        let mut inverse = Vec::new();
        for part in self.parts.into_iter().rev() {
            inverse.push(match part {
                Part::Stages {
                    which,
                    at,
                    len,
                    stages,
                } => {
                    let inserted = stages.len();
                    let map = session
                        .map_mut(which)
                        .expect("a patch only touches a map that exists");
                    let end = (at + len).min(map.stages.len());
                    let at = at.min(end);
                    let removed = map.stages.splice(at..end, stages).collect();
                    Part::Stages {
                        which,
                        at,
                        len: inserted,
                        stages: removed,
                    }
                }
                Part::Notes { which, notes } => {
                    let map = session
                        .map_mut(which)
                        .expect("a patch only touches a map that exists");
                    Part::Notes {
                        which,
                        notes: std::mem::replace(&mut map.annotations, notes),
                    }
                }
                Part::Future(future) => {
                    Part::Future(std::mem::replace(&mut session.future, future))
                }
                Part::Facts(mut facts) => {
                    let current = std::mem::take(&mut session.current);
                    let future = session.future.take();
                    std::mem::swap(session, &mut facts);
                    session.current = current;
                    session.future = future;
                    Part::Facts(facts)
                }
            });
        }
        inverse.reverse();
        Patch { parts: inverse }
    }
}

/// The session's facts as they were, when anything but its maps changed.
fn facts_if_changed(before: &mut Session, after: &mut Session) -> Option<Session> {
    let maps_before = (std::mem::take(&mut before.current), before.future.take());
    let maps_after = (std::mem::take(&mut after.current), after.future.take());
    let facts = (before != after).then(|| before.clone());
    (before.current, before.future) = maps_before;
    (after.current, after.future) = maps_after;
    facts
}

fn map_parts(which: Which, before: &Map, after: &Map, parts: &mut Vec<Part>) {
    if before.annotations != after.annotations {
        parts.push(Part::Notes {
            which,
            notes: before.annotations.clone(),
        });
    }
    let (b, a) = (&before.stages, &after.stages);
    let same = |x: &Shared<Stage>, y: &Shared<Stage>| Shared::same(x, y);
    let prefix = b.iter().zip(a).take_while(|(x, y)| same(x, y)).count();
    let room = b.len().min(a.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(room)
        .take_while(|(x, y)| same(x, y))
        .count();
    if prefix == b.len() && prefix == a.len() {
        return;
    }
    parts.push(Part::Stages {
        which,
        at: prefix,
        len: a.len() - prefix - suffix,
        stages: b[prefix..b.len() - suffix].to_vec(),
    });
}

/// One change: what undoes it, what it was called, and where the selection was on each side.
#[derive(Debug, Clone)]
pub struct Entry {
    pub patch: Patch,
    /// In the facilitator's words: "delete 'Triage bugs'".
    pub label: String,
    pub focus: Which,
    pub selection: StepAt,
    /// The document's revision on the side this entry leads to.
    pub revision: u64,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    past: std::collections::VecDeque<Entry>,
    future: Vec<Entry>,
    weight: usize,
}

impl History {
    /// Records a change: `entry` leads back to the document as it was before it.
    pub fn record(&mut self, entry: Entry) {
        self.weight += entry.patch.weight();
        self.past.push_back(entry);
        while self.past.len() > LIMIT || (self.weight > STAGE_BUDGET && self.past.len() > 1) {
            if let Some(old) = self.past.pop_front() {
                self.weight -= old.patch.weight();
            }
        }
        self.future.clear();
    }

    /// The last change, to undo. The caller applies it and passes the inverse to `undone`.
    pub fn take_undo(&mut self) -> Option<Entry> {
        let entry = self.past.pop_back()?;
        self.weight -= entry.patch.weight();
        Some(entry)
    }

    pub fn undone(&mut self, redo: Entry) {
        self.future.push(redo);
    }

    pub fn take_redo(&mut self) -> Option<Entry> {
        self.future.pop()
    }

    /// Puts a redone change back on the undo side without clearing what else can be redone.
    pub fn redone(&mut self, undo: Entry) {
        self.weight += undo.patch.weight();
        self.past.push_back(undo);
    }

    pub fn len(&self) -> usize {
        self.past.len()
    }

    pub fn is_empty(&self) -> bool {
        self.past.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Step;

    fn session(stages: usize) -> Session {
        let mut s = Session::new("t");
        for i in 0..stages {
            s.current
                .insert_stage(i, Step::new(i as u64 + 1, format!("s{i}")));
        }
        s
    }

    #[test]
    fn a_patch_holds_only_the_changed_stage_and_undoes_exactly() {
        let original = session(1000);
        let mut before = original.clone();
        let mut after = original.clone();
        after.current.stages[500].steps[0].name = "renamed".into();
        let patch = Patch::between(&mut before, &mut after);
        assert_eq!(patch.weight(), 1);
        assert_eq!(patch.place(), Some((Which::Current, 500)));
        let redo = patch.apply(&mut after);
        assert_eq!(after, original);
        redo.apply(&mut after);
        assert_eq!(after.current.stages[500].steps[0].name, "renamed");
    }

    #[test]
    fn inserts_removals_moves_facts_and_future_round_trip() {
        let original = session(5);
        let mut edited = original.clone();
        edited.current.insert_stage(2, Step::new(99, "new"));
        edited.current.remove_step(StepAt::new(4, 0));
        edited.current.move_stage(0, false);
        edited.title = "other".into();
        edited.draft_future(true);
        edited.current.annotations.push(Annotation {
            kind: crate::model::AnnotationKind::Gap,
            text: "x".into(),
            author: None,
            realised_by: vec![],
            id: None,
        });
        let patch = Patch::between(&mut original.clone(), &mut edited.clone());
        let mut back = edited.clone();
        let redo = patch.apply(&mut back);
        assert_eq!(back, original);
        redo.apply(&mut back);
        assert_eq!(back, edited);
    }

    #[test]
    fn the_cap_drops_the_oldest_changes() {
        let mut history = History::default();
        for i in 0..(LIMIT + 10) {
            history.record(Entry {
                patch: Patch::default(),
                label: format!("{i}"),
                focus: Which::Current,
                selection: StepAt::default(),
                revision: i as u64,
            });
        }
        assert_eq!(history.len(), LIMIT);
        assert_eq!(history.take_undo().unwrap().label, format!("{}", LIMIT + 9));
    }
}
