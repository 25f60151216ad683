//! Figures computed from the document (the comparison, each map's metrics), once per version
//! of it rather than on every frame.

use std::rc::Rc;

use super::App;
use crate::model::compare::Comparison;
use crate::model::{MapMetrics, Which, WorkCalendar};

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
        let comparison = Rc::new(Comparison::between(
            &self.session.current,
            future,
            &self.session.calendar,
        ));
        *cache = Some((key, Rc::clone(&comparison)));
        Some(comparison)
    }

    /// A map's metrics (`None` when the map is absent), computed when the document changed.
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
        if let Some((_, _, metrics)) = cache.iter().find(|(w, k, _)| *w == which && *k == key) {
            return Some(Rc::clone(metrics));
        }
        let metrics = Rc::new(MapMetrics::of(map, &self.session.calendar));
        cache.retain(|(w, _, _)| *w != which);
        cache.push((which, key, Rc::clone(&metrics)));
        Some(metrics)
    }
}
