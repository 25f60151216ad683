//! The deciding half of a workshop, kept in the session: the charter, who is in the room, the
//! dot-voting round, the ideas' impact and effort, and the action plan.

use serde::{Deserialize, Serialize};

use super::Session;
use super::action_plan::ActionItem;
use super::charter::Charter;
use super::ideas::Rating;
use super::participants::Participant;
use super::voting::Voting;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    #[serde(default, skip_serializing_if = "Charter::is_empty")]
    pub charter: Charter,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    /// The dot-voting round, once opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voting: Option<Voting>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<Rating>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionItem>,
}

impl Decisions {
    pub fn is_empty(&self) -> bool {
        *self == Decisions::default()
    }

    /// Rating of an idea, created when it has none.
    pub fn rating_mut(&mut self, idea: u64) -> &mut Rating {
        let at = match self.ratings.iter().position(|r| r.idea == idea) {
            Some(at) => at,
            None => {
                self.ratings.push(Rating {
                    idea,
                    impact: None,
                    effort: None,
                });
                self.ratings.len() - 1
            }
        };
        &mut self.ratings[at]
    }
}

/// Checks what a hand-edited file might break: `rules`, and links to ideas and steps that
/// exist (after an edit, links to what was deleted are dropped on saving instead).
pub fn validate(session: &Session) -> Result<(), String> {
    rules(session)?;
    links(session)
}

/// The rules every version of the document keeps: idea numbers used once, votes within the
/// dots, one owner per action, no two actions with one id.
pub fn rules(session: &Session) -> Result<(), String> {
    let decisions = &session.decisions;
    let ideas: Vec<u64> = super::ideas::ideas(session).iter().map(|i| i.id).collect();
    let mut numbers = std::collections::HashSet::new();
    if let Some(twice) = ideas.iter().find(|id| !numbers.insert(**id)) {
        return Err(format!(
            "two ideas have the number {twice}: give each idea its own number"
        ));
    }
    if let Some(voting) = &decisions.voting {
        voting.validate_dots().map_err(|e| format!("voting: {e}"))?;
    }
    let mut seen = std::collections::HashSet::new();
    for action in &decisions.actions {
        action.validate()?;
        if !seen.insert(action.id) {
            return Err(format!(
                "two actions have the id {}: give each its own",
                action.id
            ));
        }
    }
    Ok(())
}

fn links(session: &Session) -> Result<(), String> {
    let decisions = &session.decisions;
    let ideas: Vec<u64> = super::ideas::ideas(session).iter().map(|i| i.id).collect();
    if let Some(voting) = &decisions.voting {
        voting
            .validate_ideas(&ideas)
            .map_err(|e| format!("voting: {e}"))?;
    }
    let future_has = |id: u64| {
        session
            .future
            .as_ref()
            .is_some_and(|f| f.find(id).is_some())
    };
    for action in &decisions.actions {
        if let Some(idea) = action.idea.filter(|id| !ideas.contains(id)) {
            return Err(format!(
                "action {} realises idea {idea}, which is not an idea of the current map",
                action.id
            ));
        }
        if let Some(step) = action.step.filter(|id| session.current.find(*id).is_none()) {
            return Err(format!(
                "action {} changes step {step}, which is not on the current map",
                action.id
            ));
        }
        if let Some(step) = action.future_step.filter(|id| !future_has(*id)) {
            return Err(format!(
                "action {} builds step {step}, which is not on the future map",
                action.id
            ));
        }
    }
    Ok(())
}

/// The decisions without what points at ideas or steps that are gone (after a delete): votes
/// and ratings of a deleted idea, an action's link to a deleted idea or step; none when nothing
/// points nowhere. The actions themselves stay.
pub fn without_dangling(session: &Session) -> Option<Decisions> {
    if session.decisions.is_empty() {
        return None;
    }
    let ideas: Vec<u64> = super::ideas::ideas(session).iter().map(|i| i.id).collect();
    let current: Vec<u64> = session.current.steps().map(|s| s.id).collect();
    let future: Vec<u64> = session
        .future
        .iter()
        .flat_map(|f| f.steps().map(|s| s.id))
        .collect();
    let mut decisions = session.decisions.clone();
    if let Some(voting) = &mut decisions.voting {
        voting.votes.retain(|v| ideas.contains(&v.idea));
    }
    decisions.ratings.retain(|r| ideas.contains(&r.idea));
    for action in &mut decisions.actions {
        action.idea = action.idea.filter(|id| ideas.contains(id));
        action.step = action.step.filter(|id| current.contains(id));
        action.future_step = action.future_step.filter(|id| future.contains(id));
    }
    (decisions != session.decisions).then_some(decisions)
}

/// Drops what `without_dangling` drops; whether anything was.
pub fn drop_dangling(session: &mut Session) -> bool {
    match without_dangling(session) {
        Some(decisions) => {
            session.decisions = decisions;
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::voting::Vote;
    use crate::model::{Annotation, AnnotationKind, Step};

    fn session() -> Session {
        let mut session = Session::new("s");
        let mut step = Step::new(1, "Approval");
        step.annotations.push(Annotation {
            kind: AnnotationKind::Idea,
            text: "Approve weekly".into(),
            author: None,
            realised_by: Vec::new(),
            id: Some(1),
        });
        session.current.insert_stage(0, step);
        session
    }

    #[test]
    fn a_session_without_decisions_writes_none_and_old_files_load() {
        let session = session();
        let text = ron::to_string(&session).unwrap();
        assert!(!text.contains("decisions"), "{text}");
        let back: Session = ron::from_str(&text).unwrap();
        assert!(back.decisions.is_empty());
    }

    #[test]
    fn votes_and_links_are_checked_against_the_session() {
        let mut session = session();
        let mut round = Voting::new(3);
        round.votes.push(Vote {
            participant: "Tim".into(),
            idea: 1,
            count: 3,
        });
        session.decisions.voting = Some(round);
        let mut action = ActionItem::new(1, "Weekly approval meeting");
        action.idea = Some(1);
        action.step = Some(1);
        session.decisions.actions.push(action.clone());
        assert_eq!(validate(&session), Ok(()));
        action.future_step = Some(9);
        session.decisions.actions.push(action);
        assert_eq!(
            validate(&session).unwrap_err(),
            "two actions have the id 1: give each its own"
        );
        session.decisions.actions[1].id = 2;
        assert_eq!(
            validate(&session).unwrap_err(),
            "action 2 builds step 9, which is not on the future map"
        );
        session.decisions.voting.as_mut().unwrap().votes[0].count = 4;
        assert!(
            validate(&session)
                .unwrap_err()
                .starts_with("voting: Tim has 4 dots")
        );
    }

    #[test]
    fn deleting_an_idea_or_step_drops_what_pointed_at_it_but_keeps_the_actions() {
        let mut session = session();
        let mut round = Voting::new(3);
        round.votes.push(Vote {
            participant: "Tim".into(),
            idea: 1,
            count: 2,
        });
        session.decisions.voting = Some(round);
        session.decisions.rating_mut(1).impact = Some(crate::model::ideas::Level::High);
        let mut action = ActionItem::new(1, "Weekly approval meeting");
        action.idea = Some(1);
        action.step = Some(1);
        session.decisions.actions.push(action);
        assert!(!drop_dangling(&mut session));
        session.current.stages.clear();
        assert!(drop_dangling(&mut session));
        let decisions = &session.decisions;
        assert!(decisions.voting.as_ref().unwrap().votes.is_empty());
        assert!(decisions.ratings.is_empty());
        assert_eq!(
            (decisions.actions[0].idea, decisions.actions[0].step),
            (None, None)
        );
        assert_eq!(validate(&session), Ok(()));
    }

    #[test]
    fn two_ideas_with_one_number_are_refused() {
        let mut session = session();
        let copy = session.current.stages[0].steps[0].annotations[0].clone();
        session.current.annotations.push(copy);
        assert_eq!(
            validate(&session).unwrap_err(),
            "two ideas have the number 1: give each idea its own number"
        );
    }
}
