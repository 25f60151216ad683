//! Figures computed from the document (the comparison, each map's metrics, rows of notes), once
//! per revision of it rather than on every frame. Only the document holds these: every write
//! moves the revision, so a revision names one content.

use std::cell::RefCell;
use std::rc::Rc;

use crate::model::compare::Comparison;
use crate::model::{MapMetrics, Session, Shared, Stage, Which};

#[derive(Debug, Clone, Default)]
pub(super) struct Derived {
    comparison: RefCell<Option<(u64, Rc<Comparison>)>>,
    metrics: RefCell<Vec<MetricsEntry>>,
    notes_rows: RefCell<NotesRowsCache>,
}

/// One map's cached metrics and what they were computed from.
#[derive(Debug, Clone)]
struct MetricsEntry {
    which: Which,
    revision: u64,
    metrics: Rc<MapMetrics>,
    stages: Vec<Shared<Stage>>,
    map_notes: usize,
    calendar: crate::model::WorkCalendar,
}

/// Rows of notes a map needs, by revision and (map, column width, map width).
type NotesRowsCache = (u64, Vec<(NotesKey, u16)>);
pub type NotesKey = (usize, usize, u16, u16);

impl Derived {
    pub(super) fn comparison(
        &self,
        session: &Session,
        revision: u64,
        now: &MapMetrics,
        then: &MapMetrics,
    ) -> Option<Rc<Comparison>> {
        let future = session.future.as_ref()?;
        let mut cache = self.comparison.borrow_mut();
        if let Some((cached, comparison)) = cache.as_ref()
            && *cached == revision
        {
            return Some(Rc::clone(comparison));
        }
        let comparison = Rc::new(Comparison::with_metrics(
            &session.current,
            future,
            now,
            then,
        ));
        *cache = Some((revision, Rc::clone(&comparison)));
        Some(comparison)
    }

    pub(super) fn metrics(
        &self,
        session: &Session,
        revision: u64,
        which: Which,
    ) -> Option<Rc<MapMetrics>> {
        let map = session.map(which)?;
        let mut cache = self.metrics.borrow_mut();
        if let Some(entry) = cache.iter_mut().find(|e| e.which == which) {
            if entry.revision == revision {
                return Some(Rc::clone(&entry.metrics));
            }
            // The same stages (held here, so no other stage can take their place) under the
            // same calendar give the same metrics, whatever else changed in the document.
            let same = entry.calendar == session.calendar
                && entry.map_notes == map.annotations.len()
                && entry.stages.len() == map.stages.len()
                && entry
                    .stages
                    .iter()
                    .zip(&map.stages)
                    .all(|(a, b)| Shared::same(a, b));
            if same {
                entry.revision = revision;
                return Some(Rc::clone(&entry.metrics));
            }
        }
        let metrics = Rc::new(MapMetrics::of(map, &session.calendar));
        cache.retain(|e| e.which != which);
        cache.push(MetricsEntry {
            which,
            revision,
            metrics: Rc::clone(&metrics),
            stages: map.stages.clone(),
            map_notes: map.annotations.len(),
            calendar: session.calendar,
        });
        Some(metrics)
    }

    pub(super) fn notes_rows_needed(
        &self,
        revision: u64,
        key: NotesKey,
        compute: impl FnOnce() -> u16,
    ) -> u16 {
        let mut cache = self.notes_rows.borrow_mut();
        if cache.0 != revision {
            *cache = (revision, Vec::new());
        }
        if let Some((_, rows)) = cache.1.iter().find(|(k, _)| *k == key) {
            return *rows;
        }
        let rows = compute();
        // A few maps and widths at a time; a resize storm must not grow it.
        if cache.1.len() >= 8 {
            cache.1.remove(0);
        }
        cache.1.push((key, rows));
        rows
    }
}
