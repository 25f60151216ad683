//! The ideas of a session (annotations of kind idea on the current map, on a step or the map),
//! numbered once and for good, with their votes, impact and effort, ranked as DESIGN.md says:
//! votes, then impact (high first), then effort (low first).

use serde::{Deserialize, Serialize};

use super::{AnnotationKind, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Low, Level::Medium, Level::High];

    pub fn name(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    /// `l`, `m`, `h` or the whole word, in any case.
    pub fn parse(text: &str) -> Option<Level> {
        let text = text.trim().to_lowercase();
        Level::ALL
            .into_iter()
            .find(|l| !text.is_empty() && l.name().starts_with(&text))
    }
}

/// Impact and effort the room gave an idea.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub idea: u64,
    #[serde(default)]
    pub impact: Option<Level>,
    #[serde(default)]
    pub effort: Option<Level>,
}

/// One idea as the decisions see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Idea {
    /// Its number: given (`Annotation::id`) or the one numbering would give it.
    pub id: u64,
    pub text: String,
    pub author: Option<String>,
    /// The current-state step it is pinned to; none for an idea about the whole map.
    pub step: Option<u64>,
    pub step_name: Option<String>,
    /// Dots on it, whether or not revealed.
    pub votes: u32,
    pub impact: Option<Level>,
    pub effort: Option<Level>,
    /// Ids of the actions that realise it.
    pub actions: Vec<u64>,
}

impl Idea {
    /// High impact for low effort: do it first.
    pub fn quick_win(&self) -> bool {
        self.impact == Some(Level::High) && self.effort == Some(Level::Low)
    }
}

/// Numbers the current map's ideas that have no number yet, after the highest given, in map
/// order (steps left to right, then the map's own). Returns whether any was numbered.
pub fn number_ideas(session: &mut Session) -> bool {
    let first = max_idea_id(session) + 1;
    let map = &mut session.current;
    let steps = map.stages.iter_mut().flat_map(|s| s.steps.iter_mut());
    let notes = steps
        .flat_map(|step| step.annotations.iter_mut())
        .chain(map.annotations.iter_mut())
        .filter(|a| a.kind == AnnotationKind::Idea && a.id.is_none());
    let mut numbered = false;
    for (id, note) in (first..).zip(notes) {
        note.id = Some(id);
        numbered = true;
    }
    numbered
}

fn max_idea_id(session: &Session) -> u64 {
    let ids = session.current.all_annotations().filter_map(|(_, a)| a.id);
    ids.max().unwrap_or(0)
}

/// The current map's ideas in map order, each with its number (as `number_ideas` would give
/// it when it has none yet), votes, rating and actions.
pub fn ideas(session: &Session) -> Vec<Idea> {
    let mut next = max_idea_id(session) + 1;
    let decisions = &session.decisions;
    session
        .current
        .all_annotations()
        .filter(|(_, a)| a.kind == AnnotationKind::Idea)
        .map(|(step, a)| {
            let id = a.id.unwrap_or_else(|| {
                next += 1;
                next - 1
            });
            let rating = decisions.ratings.iter().find(|r| r.idea == id);
            Idea {
                id,
                text: a.text.clone(),
                author: a.author.clone(),
                step: step.map(|s| s.id),
                step_name: step.map(|s| s.name.clone()),
                votes: decisions.voting.as_ref().map_or(0, |v| v.tally(id)),
                impact: rating.and_then(|r| r.impact),
                effort: rating.and_then(|r| r.effort),
                actions: decisions
                    .actions
                    .iter()
                    .filter(|action| action.idea == Some(id))
                    .map(|action| action.id)
                    .collect(),
            }
        })
        .collect()
}

/// Ideas ranked: most votes first, then high impact first, then low effort first (an idea not
/// rated comes after those rated); ties keep map order.
pub fn ranked(mut ideas: Vec<Idea>) -> Vec<Idea> {
    let impact = |i: &Idea| std::cmp::Reverse(i.impact.map_or(0, |l| l as u8 + 1));
    let effort = |i: &Idea| i.effort.map_or(u8::MAX, |l| l as u8);
    ideas.sort_by_key(|i| (std::cmp::Reverse(i.votes), impact(i), effort(i)));
    ideas
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::voting::{Vote, Voting};
    use crate::model::{Annotation, Step};

    fn idea(text: &str) -> Annotation {
        Annotation {
            kind: AnnotationKind::Idea,
            text: text.into(),
            author: None,
            realised_by: Vec::new(),
            id: None,
        }
    }

    fn session() -> Session {
        let mut session = Session::new("s");
        let mut build = Step::new(1, "Build");
        build.annotations = vec![idea("Build on check-in"), idea("Cache the build")];
        build.annotations.insert(
            1,
            Annotation {
                kind: AnnotationKind::Complaint,
                ..idea("Slow")
            },
        );
        session.current.insert_stage(0, build);
        session.current.insert_stage(1, Step::new(2, "Test"));
        session.current.annotations.push(idea("Map the build"));
        session
    }

    #[test]
    fn ideas_are_numbered_in_map_order_once_and_keep_their_numbers() {
        let mut session = session();
        let before: Vec<u64> = ideas(&session).iter().map(|i| i.id).collect();
        assert_eq!(before, [1, 2, 3]);
        assert!(number_ideas(&mut session));
        assert!(!number_ideas(&mut session));
        let after: Vec<(u64, Option<u64>)> =
            ideas(&session).iter().map(|i| (i.id, i.step)).collect();
        assert_eq!(after, [(1, Some(1)), (2, Some(1)), (3, None)]);
        // Deleting the first idea keeps the others' numbers; a new idea gets the next one.
        session.current.stages[0].steps[0].annotations.remove(0);
        session.current.stages[1].steps[0]
            .annotations
            .push(idea("Test in parallel"));
        number_ideas(&mut session);
        let ids: Vec<u64> = ideas(&session).iter().map(|i| i.id).collect();
        assert_eq!(ids, [2, 4, 3]);
    }

    #[test]
    fn ideas_rank_by_votes_then_high_impact_then_low_effort() {
        let mut session = session();
        session.current.annotations.push(idea("Fourth"));
        number_ideas(&mut session);
        let mut round = Voting::new(3);
        for (who, idea) in [("A", 2), ("B", 3), ("C", 4)] {
            let vote = Vote {
                participant: who.into(),
                idea,
                count: 1,
            };
            round.cast(vote, &[1, 2, 3, 4]).unwrap();
        }
        session.decisions.voting = Some(round);
        let rate = |idea, impact, effort| Rating {
            idea,
            impact,
            effort,
        };
        session.decisions.ratings = vec![
            rate(2, Some(Level::Medium), Some(Level::High)),
            rate(3, Some(Level::High), Some(Level::High)),
            rate(4, Some(Level::High), Some(Level::Low)),
        ];
        let order: Vec<u64> = ranked(ideas(&session)).iter().map(|i| i.id).collect();
        // 2, 3 and 4 have a vote each: 3 and 4 have high impact, 4 the lower effort; 1 none.
        assert_eq!(order, [4, 3, 2, 1]);
        let all = ideas(&session);
        assert!(all[3].quick_win() && !all[2].quick_win());
    }

    #[test]
    fn a_level_is_its_initial_or_its_word() {
        assert_eq!(Level::parse("h"), Some(Level::High));
        assert_eq!(Level::parse("Medium"), Some(Level::Medium));
        assert_eq!(Level::parse(""), None);
        assert_eq!(Level::parse("x"), None);
    }
}
