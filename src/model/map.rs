//! A value stream map: stages left to right, each with one or more parallel steps, queues of
//! waiting work between stages, and annotations pinned to steps or to the map.

use serde::{Deserialize, Serialize};

use super::{Duration, Shared, Throughput, WorkCalendar};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    /// Shared between copies of the document (undo, autosave) until a stage is changed.
    #[serde(default)]
    pub stages: Vec<Shared<Stage>>,
    /// Annotations about the map as a whole rather than one step.
    #[serde(default)]
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Work waiting before this stage starts.
    #[serde(default)]
    pub queue: Option<Queue>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub label: String,
    pub items: u32,
    /// How fast the stage after it takes work, when it differs from the session's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<Throughput>,
    /// The queue's time given directly ("5 days of coils"); wins over items / throughput.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Duration>,
}

impl Queue {
    pub fn new(label: impl Into<String>, items: u32) -> Queue {
        Queue {
            label: label.into(),
            items,
            throughput: None,
            time: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable identity of the step within its session, kept across renames and moves.
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub phase: String,
    pub process_time: Duration,
    pub lead_time: Duration,
    /// Percent complete and accurate, 0 to 100, when the team gave one.
    #[serde(default)]
    pub complete_accurate: Option<f64>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    /// On a future-state step: the id of the current-state step it came from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<u64>,
    /// Where this step's rejected work goes back to: the id of an earlier step of the same map
    /// (none: the step itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rework_to: Option<u64>,
    /// The rework loop's own wait before the work is picked up again (none: that step's wait).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rework_wait: Option<Duration>,
    /// States of a measured event log this step covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<String>,
    /// Whether the step's process time adds value the customer pays for (a release approval
    /// takes time but adds none). Value-adding unless the team says otherwise.
    #[serde(default = "value_adding", skip_serializing_if = "is_value_adding")]
    pub value_adding: bool,
}

fn value_adding() -> bool {
    true
}

fn is_value_adding(value_adding: &bool) -> bool {
    *value_adding
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AnnotationKind {
    Gap,
    Question,
    Complaint,
    Idea,
}

impl AnnotationKind {
    pub const ALL: [AnnotationKind; 4] = [
        AnnotationKind::Gap,
        AnnotationKind::Question,
        AnnotationKind::Complaint,
        AnnotationKind::Idea,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AnnotationKind::Gap => "gap",
            AnnotationKind::Question => "question",
            AnnotationKind::Complaint => "complaint",
            AnnotationKind::Idea => "idea",
        }
    }

    /// One letter that tells the kind apart without colour.
    pub fn letter(self) -> char {
        match self {
            AnnotationKind::Gap => 'G',
            AnnotationKind::Question => 'Q',
            AnnotationKind::Complaint => 'C',
            AnnotationKind::Idea => 'I',
        }
    }

    pub fn next(self) -> AnnotationKind {
        let at = Self::ALL.iter().position(|k| *k == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub kind: AnnotationKind,
    pub text: String,
    #[serde(default)]
    pub author: Option<String>,
    /// For an idea on the current map: ids of the future-state steps that realise it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub realised_by: Vec<u64>,
    /// An idea's number, given once it is voted on, rated or made an action (stable across
    /// edits of other annotations); see `decisions`. Written `number` in files, so a step's `id`
    /// is the only `id` inside a map.
    #[serde(default, rename = "number", skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
}

/// A rule a step breaks, named by the form field it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct StepError {
    pub field: &'static str,
    pub message: String,
}

impl Step {
    pub fn new(id: u64, name: impl Into<String>) -> Step {
        Step {
            id,
            name: name.into(),
            owner: String::new(),
            phase: String::new(),
            process_time: Duration::ZERO,
            lead_time: Duration::ZERO,
            complete_accurate: None,
            annotations: Vec::new(),
            from: None,
            rework_to: None,
            rework_wait: None,
            states: Vec::new(),
            value_adding: true,
        }
    }

    pub fn wait_hours(&self, calendar: &WorkCalendar) -> f64 {
        (self.lead_time.hours(calendar) - self.process_time.hours(calendar)).max(0.0)
    }

    pub fn validate(&self, calendar: &WorkCalendar) -> Result<(), StepError> {
        if self.name.trim().is_empty() {
            return Err(StepError {
                field: "name",
                message: "a step needs a name".into(),
            });
        }
        if self.lead_time.hours(calendar) + 1e-9 < self.process_time.hours(calendar) {
            return Err(StepError {
                field: "lead time",
                message: format!(
                    "lead time {} is shorter than process time {}: lead time includes the work",
                    self.lead_time, self.process_time
                ),
            });
        }
        if let Some(percent) = self.complete_accurate
            && !(0.0..=100.0).contains(&percent)
        {
            return Err(StepError {
                field: "%C&A",
                message: format!("{percent} is not a percentage: enter 0 to 100, or leave empty"),
            });
        }
        Ok(())
    }
}

/// Where a step sits: its stage, and its place among that stage's parallel steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StepAt {
    pub stage: usize,
    pub step: usize,
}

impl StepAt {
    pub fn new(stage: usize, step: usize) -> StepAt {
        StepAt { stage, step }
    }
}

impl Map {
    pub fn step(&self, at: StepAt) -> Option<&Step> {
        self.stages.get(at.stage)?.steps.get(at.step)
    }

    pub fn step_mut(&mut self, at: StepAt) -> Option<&mut Step> {
        self.stages.get_mut(at.stage)?.steps.get_mut(at.step)
    }

    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.stages.iter().flat_map(|stage| stage.steps.iter())
    }

    pub fn step_count(&self) -> usize {
        self.stages.iter().map(|stage| stage.steps.len()).sum()
    }

    pub fn max_id(&self) -> u64 {
        self.steps().map(|step| step.id).max().unwrap_or(0)
    }

    /// Puts `step` in a new stage at position `index` (clamped to the end).
    pub fn insert_stage(&mut self, index: usize, step: Step) -> StepAt {
        let index = index.min(self.stages.len());
        self.stages.insert(
            index,
            Stage {
                queue: None,
                steps: vec![step],
            }
            .into(),
        );
        StepAt {
            stage: index,
            step: 0,
        }
    }

    /// Adds `step` as a parallel step at the bottom of stage `stage`.
    pub fn add_parallel(&mut self, stage: usize, step: Step) -> Option<StepAt> {
        let steps = &mut self.stages.get_mut(stage)?.steps;
        steps.push(step);
        Some(StepAt {
            stage,
            step: steps.len() - 1,
        })
    }

    /// Removes a step; a stage left empty goes too (with its queue). Returns the step and the
    /// position that makes sense to select next.
    pub fn remove_step(&mut self, at: StepAt) -> Option<(Step, Option<StepAt>)> {
        let stage = self.stages.get_mut(at.stage)?;
        if at.step >= stage.steps.len() {
            return None;
        }
        let step = stage.steps.remove(at.step);
        if stage.steps.is_empty() {
            self.stages.remove(at.stage);
        }
        let next = if self.stages.is_empty() {
            None
        } else {
            let stage = at.stage.min(self.stages.len() - 1);
            let step = if stage == at.stage {
                at.step.min(self.stages[stage].steps.len() - 1)
            } else {
                0
            };
            Some(StepAt { stage, step })
        };
        Some((step, next))
    }

    /// Swaps the stage at `stage` with its neighbour to the left (`-1`) or right (`+1`), with its
    /// parallel steps and the queue in front of it. Returns the stage's new index.
    pub fn move_stage(&mut self, stage: usize, left: bool) -> Option<usize> {
        if stage >= self.stages.len() {
            return None;
        }
        let other = if left {
            stage.checked_sub(1)?
        } else {
            (stage + 1 < self.stages.len()).then_some(stage + 1)?
        };
        self.stages.swap(stage, other);
        Some(other)
    }

    /// Where the step with `id` sits.
    pub fn find(&self, id: u64) -> Option<StepAt> {
        self.stages.iter().enumerate().find_map(|(stage, s)| {
            let step = s.steps.iter().position(|step| step.id == id)?;
            Some(StepAt { stage, step })
        })
    }

    /// Forgets rework loops that no longer go back to an earlier stage (after a move), and
    /// names the steps that had them.
    pub fn drop_forward_rework(&mut self) -> Vec<String> {
        let stage_of: std::collections::HashMap<u64, usize> = self
            .stages
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.steps.iter().map(move |step| (step.id, i)))
            .collect();
        let mut dropped = Vec::new();
        for (index, stage) in self.stages.iter_mut().enumerate() {
            let forward = |step: &Step| {
                step.rework_to.is_some_and(|to| {
                    stage_of.get(&to).is_some_and(|&at| at >= index) && to != step.id
                })
            };
            if stage.steps.iter().any(forward) {
                for step in stage.steps.iter_mut().filter(|s| forward(s)) {
                    step.rework_to = None;
                    step.rework_wait = None;
                    dropped.push(step.name.clone());
                }
            }
        }
        dropped
    }

    /// Whether a rework loop goes back to a step no longer on this map.
    pub fn has_dangling_rework(&self) -> bool {
        let ids: std::collections::HashSet<u64> = self.steps().map(|s| s.id).collect();
        self.steps()
            .any(|s| s.rework_to.is_some_and(|to| !ids.contains(&to)))
    }

    /// Forgets rework loops that go back to a step no longer on this map.
    pub fn drop_dangling_rework(&mut self) {
        let ids: std::collections::HashSet<u64> = self.steps().map(|s| s.id).collect();
        for stage in &mut self.stages {
            if stage
                .steps
                .iter()
                .any(|s| s.rework_to.is_some_and(|to| !ids.contains(&to)))
            {
                for step in &mut stage.steps {
                    if step.rework_to.is_some_and(|to| !ids.contains(&to)) {
                        step.rework_to = None;
                    }
                }
            }
        }
    }

    /// Every annotation with the step it is pinned to (`None`: the whole map), steps first.
    pub fn all_annotations(&self) -> impl Iterator<Item = (Option<&Step>, &Annotation)> {
        self.steps()
            .flat_map(|step| step.annotations.iter().map(move |a| (Some(step), a)))
            .chain(self.annotations.iter().map(|a| (None, a)))
    }

    pub fn annotation_count(&self) -> usize {
        self.all_annotations().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: u64) -> Step {
        Step::new(id, format!("step {id}"))
    }

    fn names(map: &Map) -> Vec<Vec<u64>> {
        map.stages
            .iter()
            .map(|s| s.steps.iter().map(|st| st.id).collect())
            .collect()
    }

    #[test]
    fn inserting_adding_parallel_and_removing_steps() {
        let mut map = Map::default();
        map.insert_stage(0, step(1));
        map.insert_stage(1, step(2));
        map.insert_stage(1, step(3));
        assert_eq!(names(&map), vec![vec![1], vec![3], vec![2]]);
        let at = map.add_parallel(1, step(4)).unwrap();
        assert_eq!(at, StepAt { stage: 1, step: 1 });
        assert_eq!(names(&map), vec![vec![1], vec![3, 4], vec![2]]);

        let (removed, next) = map.remove_step(StepAt { stage: 1, step: 1 }).unwrap();
        assert_eq!(removed.id, 4);
        assert_eq!(next, Some(StepAt { stage: 1, step: 0 }));
        let (_, next) = map.remove_step(StepAt { stage: 2, step: 0 }).unwrap();
        assert_eq!(next, Some(StepAt { stage: 1, step: 0 }));
        assert_eq!(names(&map), vec![vec![1], vec![3]]);
        map.remove_step(StepAt { stage: 0, step: 0 });
        let (_, next) = map.remove_step(StepAt { stage: 0, step: 0 }).unwrap();
        assert_eq!(next, None);
        assert!(map.stages.is_empty());
    }

    #[test]
    fn moving_a_stage_takes_its_queue_and_stops_at_the_ends() {
        let mut map = Map::default();
        map.insert_stage(0, step(1));
        map.insert_stage(1, step(2));
        map.stages[1].queue = Some(Queue::new("Backlog", 12));
        assert_eq!(map.move_stage(1, true), Some(0));
        assert_eq!(names(&map), vec![vec![2], vec![1]]);
        assert_eq!(map.stages[0].queue.as_ref().unwrap().items, 12);
        assert_eq!(map.move_stage(0, true), None);
        assert_eq!(map.move_stage(1, false), None);
    }

    #[test]
    fn a_step_checks_lead_time_and_percentages() {
        let calendar = WorkCalendar::default();
        let mut s = step(1);
        s.process_time = Duration::parse("2d").unwrap();
        s.lead_time = Duration::parse("1d").unwrap();
        assert_eq!(s.validate(&calendar).unwrap_err().field, "lead time");
        s.lead_time = Duration::parse("16h").unwrap();
        assert!(s.validate(&calendar).is_ok());
        s.complete_accurate = Some(120.0);
        assert_eq!(s.validate(&calendar).unwrap_err().field, "%C&A");
        s.complete_accurate = Some(100.0);
        s.name = "  ".into();
        assert_eq!(s.validate(&calendar).unwrap_err().field, "name");
    }
}
