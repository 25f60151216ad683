//! Figures computed from the document (the comparison, each map's metrics), once per version
//! of it rather than on every frame.

use std::rc::Rc;

use super::App;
use crate::model::compare::Comparison;
use rustc_hash::FxHashMap;

use crate::model::{Map, MapMetrics, Shared, Stage, Which, WorkCalendar};

/// What a cached figure was computed from: the revision, (for code that replaces the
/// document without a revision, as tests do) where the maps' stages live, and the calendar.
pub(super) type ComparisonKey = (u64, usize, usize, usize, usize, WorkCalendar);

impl App {
    /// The comparison of current and future state, `None` without a future state. Computed
    /// when the document changed, not on every frame.
    pub fn comparison(&self) -> Option<Rc<Comparison>> {
        let future = self.session.future.as_ref()?;
        let key = (
            self.revision,
            self.session.current.stages.as_ptr() as usize,
            self.session.current.stages.len(),
            future.stages.as_ptr() as usize,
            future.stages.len(),
            self.session.calendar,
        );
        let mut cache = self.comparison_cache.borrow_mut();
        if let Some((cached, comparison)) = cache.as_ref()
            && *cached == key
        {
            return Some(Rc::clone(comparison));
        }
        let (now, then) = (self.metrics(Which::Current)?, self.metrics(Which::Future)?);
        let comparison = Rc::new(Comparison::with_metrics(
            &self.session.current,
            future,
            &now,
            &then,
        ));
        *cache = Some((key, Rc::clone(&comparison)));
        Some(comparison)
    }

    /// A map's metrics (`None` when the map is absent), computed when that map changed: an
    /// edit to one map does not recompute the other's.
    pub fn metrics(&self, which: Which) -> Option<Rc<MapMetrics>> {
        let map = self.session.map(which)?;
        let key = (
            self.revision,
            map.stages.as_ptr() as usize,
            map.stages.len(),
            0,
            0,
            self.session.calendar,
        );
        let mut cache = self.metrics_cache.borrow_mut();
        if let Some(entry) = cache.iter_mut().find(|e| e.which == which) {
            if entry.key == key {
                return Some(Rc::clone(&entry.metrics));
            }
            // The same stages (held here, so no other stage can take their place) under the
            // same calendar give the same metrics, whatever else changed in the document.
            let same = entry.key.5 == key.5
                && entry.map_notes == map.annotations.len()
                && entry.stages.len() == map.stages.len()
                && entry
                    .stages
                    .iter()
                    .zip(&map.stages)
                    .all(|(a, b)| Shared::same(a, b));
            if same {
                entry.key = key;
                return Some(Rc::clone(&entry.metrics));
            }
        }
        let metrics = Rc::new(MapMetrics::of(map, &self.session.calendar));
        cache.retain(|e| e.which != which);
        cache.push(MetricsEntry {
            which,
            key,
            metrics: Rc::clone(&metrics),
            stages: map.stages.clone(),
            map_notes: map.annotations.len(),
        });
        Some(metrics)
    }
}

/// One map's cached metrics and what they were computed from.
#[derive(Debug, Clone)]
pub(super) struct MetricsEntry {
    which: Which,
    key: ComparisonKey,
    metrics: Rc<MapMetrics>,
    stages: Vec<Shared<Stage>>,
    map_notes: usize,
}

/// Lines of notes under each stage, by the stage (kept alive here, so its address is not
/// reused) at one column width.
pub(super) type StageNotesCache = (u16, FxHashMap<usize, (Shared<Stage>, u16)>);

/// Rows of notes a map needs, by revision and (map, column width, map width).
pub(super) type NotesRowsCache = (u64, Vec<(NotesKey, u16)>);
pub type NotesKey = (usize, usize, u16, u16);

impl App {
    /// The rows a map's notes need, as `compute` counts them: once per revision of the
    /// document for each map and width, since counting wraps every note of the map.
    pub fn notes_rows_needed(&self, key: NotesKey, compute: impl FnOnce() -> u16) -> u16 {
        let mut cache = self.notes_rows_cache.borrow_mut();
        if cache.0 != self.revision {
            *cache = (self.revision, Vec::new());
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

impl App {
    /// The most lines of notes under any one stage of `map` at a column width, as `lines`
    /// counts them. Kept per stage: after an edit only the stages that changed are counted
    /// again, so a keystroke on a 10,000-step map does not wrap every note.
    pub fn tallest_notes_column(
        &self,
        map: &Map,
        column: u16,
        lines: impl Fn(&Stage) -> u16,
    ) -> u16 {
        let mut cache = self.stage_notes_cache.borrow_mut();
        if cache.0 != column || cache.1.len() > 4 * map.stages.len() + 1024 {
            *cache = (column, FxHashMap::default());
        }
        let mut tallest = 0;
        for stage in &map.stages {
            let key = Shared::as_ptr(stage) as usize;
            let rows = match cache.1.get(&key) {
                Some((_, rows)) => *rows,
                None => {
                    let rows = lines(stage);
                    cache.1.insert(key, (stage.clone(), rows));
                    rows
                }
            };
            tallest = tallest.max(rows);
        }
        tallest
    }
}
