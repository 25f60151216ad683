//! Dot voting on the ideas (DESIGN.md "Value and decisions"): each participant has the round's
//! dots; one vote is a participant, an idea and a count (so a participant can one day cast it
//! from their own terminal), never more than the dots left; the tally is hidden until the
//! reveal.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub participant: String,
    /// The idea's number (`Annotation::id`).
    pub idea: u64,
    pub count: u32,
}

/// One round of dot voting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Voting {
    /// Dots each participant has.
    pub dots: u32,
    /// Votes are shown only once revealed.
    #[serde(default)]
    pub revealed: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<Vote>,
}

/// Dots per participant for `ideas` ideas: about a quarter of them, at least 3.
pub fn default_dots(ideas: usize) -> u32 {
    ((ideas as f64 / 4.0).round() as u32).max(3)
}

impl Voting {
    pub fn new(dots: u32) -> Voting {
        Voting {
            dots,
            revealed: false,
            votes: Vec::new(),
        }
    }

    /// Dots `participant` has used.
    pub fn used(&self, participant: &str) -> u32 {
        self.votes
            .iter()
            .filter(|v| v.participant == participant)
            .map(|v| v.count)
            .sum()
    }

    pub fn dots_left(&self, participant: &str) -> u32 {
        self.dots.saturating_sub(self.used(participant))
    }

    /// Checks a vote against the round: a known idea, at least one dot, within the dots left.
    pub fn check(&self, vote: &Vote, ideas: &[u64]) -> Result<(), String> {
        if !ideas.contains(&vote.idea) {
            return Err(format!(
                "there is no idea {}: vote for one of the numbered ideas",
                vote.idea
            ));
        }
        if vote.count == 0 {
            return Err("a vote is at least one dot".into());
        }
        let left = self.dots_left(&vote.participant);
        if vote.count > left {
            return Err(format!(
                "{} has {left} of {} dots left: take a dot back first (undo)",
                vote.participant, self.dots
            ));
        }
        Ok(())
    }

    /// Adds a vote once it is checked; votes for the same idea by the same participant add up.
    pub fn cast(&mut self, vote: Vote, ideas: &[u64]) -> Result<(), String> {
        self.check(&vote, ideas)?;
        match self
            .votes
            .iter_mut()
            .find(|v| v.participant == vote.participant && v.idea == vote.idea)
        {
            Some(existing) => existing.count += vote.count,
            None => self.votes.push(vote),
        }
        Ok(())
    }

    /// Dots on an idea, whether or not revealed (for files and exports after the reveal).
    pub fn tally(&self, idea: u64) -> u32 {
        self.votes
            .iter()
            .filter(|v| v.idea == idea)
            .map(|v| v.count)
            .sum()
    }

    /// What the room may see: the tally once revealed, else nothing.
    pub fn shown(&self, idea: u64) -> Option<u32> {
        self.revealed.then(|| self.tally(idea))
    }

    /// Whether the votes respect the round (a hand-edited file might not).
    pub fn validate(&self, ideas: &[u64]) -> Result<(), String> {
        self.validate_dots()?;
        self.validate_ideas(ideas)
    }

    /// No participant has more dots on the ideas than the round gives.
    pub fn validate_dots(&self) -> Result<(), String> {
        let mut names: Vec<&str> = self.votes.iter().map(|v| v.participant.as_str()).collect();
        names.dedup();
        for name in names {
            let used = self.used(name);
            if used > self.dots {
                return Err(format!(
                    "{name} has {used} dots in a round of {}: remove votes or raise the dots",
                    self.dots
                ));
            }
        }
        Ok(())
    }

    /// Every vote is for an idea that exists.
    pub fn validate_ideas(&self, ideas: &[u64]) -> Result<(), String> {
        if let Some(vote) = self.votes.iter().find(|v| !ideas.contains(&v.idea)) {
            return Err(format!(
                "{} votes for idea {}, which is not an idea of the current map",
                vote.participant, vote.idea
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(who: &str, idea: u64, count: u32) -> Vote {
        Vote {
            participant: who.into(),
            idea,
            count,
        }
    }

    #[test]
    fn dots_are_about_a_quarter_of_the_ideas_and_at_least_three() {
        assert_eq!(default_dots(4), 3);
        assert_eq!(default_dots(16), 4);
        assert_eq!(default_dots(22), 6);
    }

    #[test]
    fn a_participant_never_votes_beyond_the_dots_of_the_round() {
        let ideas = [1, 2, 3];
        let mut round = Voting::new(3);
        round.cast(vote("Amita", 1, 2), &ideas).unwrap();
        round.cast(vote("Amita", 1, 1), &ideas).unwrap();
        assert_eq!(round.votes.len(), 1);
        assert_eq!(
            round.cast(vote("Amita", 2, 1), &ideas).unwrap_err(),
            "Amita has 0 of 3 dots left: take a dot back first (undo)"
        );
        round.cast(vote("Tim", 2, 3), &ideas).unwrap();
        assert_eq!(
            round.cast(vote("Tim", 9, 1), &ideas).unwrap_err(),
            "there is no idea 9: vote for one of the numbered ideas"
        );
        assert!(round.cast(vote("Tim", 2, 0), &ideas).is_err());
        assert_eq!((round.tally(1), round.tally(2), round.tally(3)), (3, 3, 0));
    }

    #[test]
    fn votes_are_hidden_until_the_reveal() {
        let mut round = Voting::new(3);
        round.cast(vote("Amita", 1, 2), &[1]).unwrap();
        assert_eq!(round.shown(1), None);
        round.revealed = true;
        assert_eq!(round.shown(1), Some(2));
    }

    #[test]
    fn a_file_with_too_many_dots_or_a_lost_idea_is_refused_with_what_to_do() {
        let mut round = Voting::new(2);
        round.votes = vec![vote("Tim", 1, 2), vote("Tim", 2, 1)];
        assert_eq!(
            round.validate(&[1, 2]).unwrap_err(),
            "Tim has 3 dots in a round of 2: remove votes or raise the dots"
        );
        round.dots = 3;
        assert!(round.validate(&[1, 2]).is_ok());
        assert!(round.validate(&[1]).unwrap_err().contains("idea 2"));
    }
}
