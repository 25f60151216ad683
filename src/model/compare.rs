//! Current state against future state: how each metric changes, which steps were added,
//! removed or changed, and which ideas the future state realises.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{AnnotationKind, Duration, Map, MapMetrics, Session, Step, WorkCalendar};

/// Whether a smaller or a larger value is the improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetricChange {
    pub label: &'static str,
    /// Key in the JSON report.
    pub key: &'static str,
    pub current: Option<f64>,
    pub future: Option<f64>,
    pub better: Better,
}

impl MetricChange {
    pub fn change(&self) -> Option<f64> {
        Some(self.future? - self.current?)
    }

    /// Change relative to the current value, in percent; undefined from zero.
    pub fn percent_change(&self) -> Option<f64> {
        let current = self.current?;
        (current != 0.0).then(|| self.change().map(|c| c / current * 100.0))?
    }

    /// `Some(true)` for an improvement, `Some(false)` for a regression, `None` when unchanged
    /// or undefined.
    pub fn improved(&self) -> Option<bool> {
        let change = self.change()?;
        if change.abs() < 1e-9 {
            return None;
        }
        Some(match self.better {
            Better::Lower => change < 0.0,
            Better::Higher => change > 0.0,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepChange {
    pub future_id: u64,
    pub current_id: u64,
    pub name: String,
    /// What changed; `readable` puts each into words ("LT 3d -> 1h").
    pub changes: Vec<Change>,
}

/// One thing that differs between a current step and the future step drafted from it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Renamed {
        from: String,
    },
    Owner {
        from: String,
        to: String,
    },
    Phase {
        from: String,
        to: String,
    },
    ProcessTime {
        from: Duration,
        to: Duration,
    },
    LeadTime {
        from: Duration,
        to: Duration,
    },
    CompleteAccurate {
        from: Option<f64>,
        to: Option<f64>,
    },
    /// Where rejected work goes back to, by step name (`None`: the step itself).
    ReworkTo {
        from: Option<String>,
        to: Option<String>,
    },
    ReworkWait {
        from: Option<Duration>,
        to: Option<Duration>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub metrics: Vec<MetricChange>,
    /// Future steps that did not come from a current step.
    pub added: Vec<u64>,
    /// Current steps no future step came from.
    pub removed: Vec<u64>,
    pub changed: Vec<StepChange>,
    pub ideas_realised: usize,
    pub ideas_open: usize,
    /// The bottleneck step of the current and of the future map.
    pub bottleneck: (Option<String>, Option<String>),
}

/// Value-adding time and its ratio, current against future.
fn value_adding_changes(now: &MapMetrics, then: &MapMetrics) -> [MetricChange; 2] {
    [
        MetricChange {
            label: "Value-adding",
            key: "value_adding_hours",
            current: Some(now.value_adding_hours),
            future: Some(then.value_adding_hours),
            better: Better::Lower,
        },
        MetricChange {
            label: "Value-add ratio",
            key: "value_adding_ratio",
            current: now.value_adding_ratio,
            future: then.value_adding_ratio,
            better: Better::Higher,
        },
    ]
}

impl Comparison {
    pub fn of(session: &Session) -> Option<Comparison> {
        let future = session.future.as_ref()?;
        Some(Comparison::between(
            &session.current,
            future,
            &session.calendar,
        ))
    }

    pub fn between(current: &Map, future: &Map, calendar: &WorkCalendar) -> Comparison {
        let now = MapMetrics::of(current, calendar);
        let then = MapMetrics::of(future, calendar);
        Comparison::with_metrics(current, future, &now, &then)
    }

    /// The comparison when both maps' metrics are already known (the app keeps them).
    pub fn with_metrics(
        current: &Map,
        future: &Map,
        now: &MapMetrics,
        then: &MapMetrics,
    ) -> Comparison {
        type Read = fn(&MapMetrics) -> Option<f64>;
        let table: [(&str, &str, Read, Better); 11] = [
            (
                "Lead time",
                "lead_time_hours",
                |m| Some(m.lead_time_hours),
                Better::Lower,
            ),
            (
                "Process time",
                "process_time_hours",
                |m| Some(m.process_time_hours),
                Better::Lower,
            ),
            (
                "Total work",
                "total_work_hours",
                |m| Some(m.total_work_hours),
                Better::Lower,
            ),
            (
                "Activity ratio",
                "activity_ratio",
                |m| m.activity_ratio,
                Better::Higher,
            ),
            (
                "Rolled %C&A",
                "rolled_complete_accurate",
                |m| m.rolled_complete_accurate,
                Better::Higher,
            ),
            (
                "Rework",
                "rework_hours",
                |m| Some(m.rework_hours),
                Better::Lower,
            ),
            (
                "LT with rework",
                "lead_time_with_rework_hours",
                |m| Some(m.lead_time_with_rework_hours),
                Better::Lower,
            ),
            (
                "Ratio w/ rework",
                "activity_ratio_with_rework",
                |m| m.activity_ratio_with_rework,
                Better::Higher,
            ),
            (
                "Queue time",
                "queue_time_hours",
                |m| Some(m.queue_time_hours),
                Better::Lower,
            ),
            ("Steps", "steps", |m| Some(m.steps as f64), Better::Lower),
            (
                "Handoffs",
                "handoffs",
                |m| Some(m.handoffs as f64),
                Better::Lower,
            ),
        ];
        let mut metrics: Vec<MetricChange> = table
            .into_iter()
            .map(|(label, key, read, better)| MetricChange {
                label,
                key,
                current: read(now),
                future: read(then),
                better,
            })
            .collect();
        // Beside the activity ratio once either map has time that adds no value.
        if now.not_value_adding_steps + then.not_value_adding_steps > 0 {
            let at = 4.min(metrics.len());
            metrics.splice(at..at, value_adding_changes(now, then));
        }

        // Step ids are small integers: a fast hash, sized up front, keeps this linear and cheap
        // on a 10,000-step map.
        let mut current_by_id: FxHashMap<u64, &Step> = FxHashMap::default();
        current_by_id.reserve(current.step_count());
        current_by_id.extend(current.steps().map(|s| (s.id, s)));
        let origins: FxHashSet<u64> = future.steps().filter_map(|s| s.from).collect();
        // Only rework loops need the future steps by id.
        let future_by_id: FxHashMap<u64, &Step> = if future.steps().any(|s| s.rework_to.is_some()) {
            future.steps().map(|s| (s.id, s)).collect()
        } else {
            FxHashMap::default()
        };
        let future_ids: FxHashSet<u64> = future.steps().map(|s| s.id).collect();
        let added = future
            .steps()
            .filter(|s| !s.from.is_some_and(|id| current_by_id.contains_key(&id)))
            .map(|s| s.id)
            .collect();
        let removed = current
            .steps()
            .filter(|s| !origins.contains(&s.id))
            .map(|s| s.id)
            .collect();
        let changed = future
            .steps()
            .filter_map(|step| {
                let origin = *current_by_id.get(&step.from?)?;
                let mut changes = step_changes(origin, step);
                changes.extend(rework_changes(
                    (origin, &current_by_id),
                    (step, &future_by_id),
                ));
                (!changes.is_empty()).then(|| StepChange {
                    future_id: step.id,
                    current_id: origin.id,
                    name: step.name.clone(),
                    changes,
                })
            })
            .collect();

        let ideas: Vec<_> = current
            .all_annotations()
            .map(|(_, a)| a)
            .filter(|a| a.kind == AnnotationKind::Idea)
            .collect();
        let ideas_realised = ideas
            .iter()
            .filter(|a| a.realised_by.iter().any(|id| future_ids.contains(id)))
            .count();
        Comparison {
            metrics,
            added,
            removed,
            changed,
            ideas_realised,
            ideas_open: ideas.len() - ideas_realised,
            bottleneck: (now.bottleneck_step.clone(), then.bottleneck_step.clone()),
        }
    }

    /// "Steps: 0 new, 1 removed, 7 changed. Ideas: 5 realised, 1 open."
    pub fn summary(&self) -> String {
        format!(
            "Steps: {} new, {} removed, {} changed. Ideas: {} realised, {} open.",
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.ideas_realised,
            self.ideas_open
        )
    }

    /// Marks for future-state steps: "new" (came from no current step) or "changed".
    pub fn marks(&self) -> std::collections::HashMap<u64, &'static str> {
        let added = self.added.iter().map(|id| (*id, "new"));
        let changed = self.changed.iter().map(|c| (c.future_id, "changed"));
        added.chain(changed).collect()
    }

    pub fn change_of(&self, future_id: u64) -> Option<&StepChange> {
        self.changed.iter().find(|c| c.future_id == future_id)
    }
}

/// What differs between a current step and the future step drafted from it.
fn step_changes(current: &Step, future: &Step) -> Vec<Change> {
    let mut changes = Vec::new();
    if current.name != future.name {
        changes.push(Change::Renamed {
            from: current.name.clone(),
        });
    }
    if current.owner != future.owner {
        changes.push(Change::Owner {
            from: current.owner.clone(),
            to: future.owner.clone(),
        });
    }
    if current.phase != future.phase {
        changes.push(Change::Phase {
            from: current.phase.clone(),
            to: future.phase.clone(),
        });
    }
    if current.process_time != future.process_time {
        changes.push(Change::ProcessTime {
            from: current.process_time,
            to: future.process_time,
        });
    }
    if current.lead_time != future.lead_time {
        changes.push(Change::LeadTime {
            from: current.lead_time,
            to: future.lead_time,
        });
    }
    if current.complete_accurate != future.complete_accurate {
        changes.push(Change::CompleteAccurate {
            from: current.complete_accurate,
            to: future.complete_accurate,
        });
    }
    changes
}

/// How a step's rework loop changed: where its rejected work goes back to, and the loop's wait.
fn rework_changes(
    (current, current_steps): (&Step, &FxHashMap<u64, &Step>),
    (future, future_steps): (&Step, &FxHashMap<u64, &Step>),
) -> Vec<Change> {
    if current.rework_to.is_none()
        && future.rework_to.is_none()
        && current.rework_wait == future.rework_wait
    {
        return Vec::new();
    }
    let target = |step: &Step, steps: &FxHashMap<u64, &Step>| -> Option<String> {
        step.rework_to
            .and_then(|id| steps.get(&id))
            .map(|s| s.name.clone())
    };
    let mut changes = Vec::new();
    let (from, to) = (target(current, current_steps), target(future, future_steps));
    if from != to {
        changes.push(Change::ReworkTo { from, to });
    }
    if current.rework_wait != future.rework_wait {
        changes.push(Change::ReworkWait {
            from: current.rework_wait,
            to: future.rework_wait,
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Annotation;

    #[test]
    fn a_changed_rework_loop_is_a_change() {
        let mut session = session();
        session.draft_future(true);
        let future = session.future.as_mut().unwrap();
        let label = future.stages[0].steps[0].id;
        future.stages[2].steps[0].rework_to = Some(label);
        future.stages[2].steps[0].rework_wait = Some(Duration::parse("2h").unwrap());
        let comparison = Comparison::of(&session).unwrap();
        let test = comparison
            .changed
            .iter()
            .find(|c| c.name == "Test")
            .unwrap();
        assert_eq!(
            test.words(),
            ["rework to itself -> Label", "rework wait – -> 2h"]
        );
    }

    fn session() -> Session {
        let mut session = Session::new("t");
        for (i, (name, lt, pt)) in [
            ("Label", "3d", "0"),
            ("Code", "4d", "4d"),
            ("Test", "3d", "0"),
        ]
        .iter()
        .enumerate()
        {
            let mut step = Step::new(i as u64 + 1, *name);
            step.lead_time = Duration::parse(lt).unwrap();
            step.process_time = Duration::parse(pt).unwrap();
            session.current.insert_stage(i, step);
        }
        session
    }

    fn metric<'a>(c: &'a Comparison, key: &str) -> &'a MetricChange {
        c.metrics.iter().find(|m| m.key == key).unwrap()
    }

    #[test]
    fn a_copied_future_state_matches_every_step_and_changes_nothing() {
        let mut session = session();
        session.draft_future(true);
        let future = session.future.as_ref().unwrap();
        let froms: Vec<_> = future.steps().map(|s| s.from).collect();
        assert_eq!(froms, vec![Some(1), Some(2), Some(3)]);
        assert!(future.steps().all(|s| s.id > 3));
        let c = Comparison::of(&session).unwrap();
        assert!(c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty());
        assert_eq!(metric(&c, "lead_time_hours").change(), Some(0.0));
        assert_eq!(metric(&c, "lead_time_hours").improved(), None);
    }

    #[test]
    fn arithmetic_and_direction_of_change() {
        let mut session = session();
        session.draft_future(true);
        let future = session.future.as_mut().unwrap();
        future.stages[0].steps[0].lead_time = Duration::parse("1h").unwrap();
        let c = Comparison::of(&session).unwrap();
        let lead = metric(&c, "lead_time_hours");
        assert_eq!(lead.current, Some(80.0));
        assert_eq!(lead.future, Some(57.0));
        assert_eq!(lead.change(), Some(-23.0));
        assert!((lead.percent_change().unwrap() + 28.75).abs() < 1e-9);
        assert_eq!(lead.improved(), Some(true));
        let ratio = metric(&c, "activity_ratio");
        assert_eq!(ratio.improved(), Some(true));
        assert_eq!(c.changed[0].said(), "LT 3d -> 1h");
    }

    #[test]
    fn undefined_metrics_compare_as_not_available() {
        let mut session = Session::new("t");
        session.draft_future(false);
        let c = Comparison::of(&session).unwrap();
        let ratio = metric(&c, "activity_ratio");
        assert_eq!(ratio.change(), None);
        assert_eq!(ratio.percent_change(), None);
        assert_eq!(ratio.improved(), None);
        // From zero there is a change but no percentage.
        let mut session = self::session();
        session.draft_future(false);
        let future = session.future.as_mut().unwrap();
        future.insert_stage(0, Step::new(10, "new"));
        session.current = Map::default();
        let c = Comparison::of(&session).unwrap();
        assert_eq!(metric(&c, "steps").change(), Some(1.0));
        assert_eq!(metric(&c, "steps").percent_change(), None);
        assert_eq!(metric(&c, "rolled_complete_accurate").change(), None);
    }

    #[test]
    fn matching_survives_renames_and_moves_and_deletion_lists_the_removed_step() {
        let mut session = session();
        session.draft_future(true);
        let future = session.future.as_mut().unwrap();
        future.stages[0].steps[0].name = "Branch".into();
        future.move_stage(0, false);
        future.insert_stage(3, Step::new(99, "Automated tests"));
        let removed_at = crate::model::map::StepAt { stage: 2, step: 0 };
        future.remove_step(removed_at);
        let c = Comparison::of(&session).unwrap();
        assert_eq!(c.added, vec![99]);
        assert_eq!(c.removed, vec![3]);
        assert_eq!(c.changed.len(), 1);
        assert_eq!(c.changed[0].current_id, 1);
        assert_eq!(c.changed[0].said(), "renamed from 'Label'");
    }

    #[test]
    fn ideas_count_as_realised_when_linked_to_a_future_step_that_exists() {
        let mut session = session();
        let idea = |text: &str, realised_by: Vec<u64>| Annotation {
            kind: AnnotationKind::Idea,
            text: text.into(),
            author: None,
            realised_by,
            id: None,
        };
        session.current.stages[0].steps[0].annotations = vec![
            idea("branches", vec![4]),
            idea("gone", vec![404]),
            idea("open", vec![]),
        ];
        session.draft_future(true);
        let c = Comparison::of(&session).unwrap();
        assert_eq!((c.ideas_realised, c.ideas_open), (1, 2));
    }
}
