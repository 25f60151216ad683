//! Dot voting, as the facilitator runs it: `V` opens the round on the current map's ideas
//! (numbered for good, participants taken from the notes' authors), then one line per vote,
//! `NAME IDEA [DOTS]` (`t 3`, `Amita 5 2`), or `+NAME ROLE` to add someone. Votes stay hidden
//! until the reveal. Every vote is an edit like any other: undo takes it back.

use tui_input::Input;

use super::typing::input_request;
use super::{Action, App, Effect, Mode};
use crate::model::ideas::{self, number_ideas};
use crate::model::participants::{self, Participant};
use crate::model::voting::{Vote, Voting, default_dots};

/// What a line typed in the voting screen says.
#[derive(Debug, Clone, PartialEq)]
pub enum VoteLine {
    /// `+Name role words`.
    Join(Participant),
    /// `who idea [count]`: who as typed (a name or its start).
    Vote { who: String, idea: u64, count: u32 },
}

/// Reads `t 3`, `Mara Jones 3 2` or `+Amita Tester`.
pub fn parse_line(line: &str) -> Result<VoteLine, String> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix('+') {
        let mut words = rest.split_whitespace();
        let name = words
            .next()
            .ok_or("type +Name to add someone, e.g. +Amita Tester")?;
        let role = words.collect::<Vec<_>>().join(" ");
        return Ok(VoteLine::Join(Participant::new(name, role)));
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let numbers = words
        .iter()
        .rev()
        .take_while(|w| w.parse::<u64>().is_ok())
        .count()
        .min(2);
    let usage = "type who votes and the idea's number, e.g. t 3 (t 3 2 for two dots)";
    if numbers == 0 || numbers == words.len() {
        return Err(usage.into());
    }
    let at = words.len() - numbers;
    let idea = words[at].parse().map_err(|_| usage.to_string())?;
    let count = match words.get(at + 1) {
        Some(count) => count.parse().map_err(|_| usage.to_string())?,
        None => 1,
    };
    Ok(VoteLine::Vote {
        who: words[..at].join(" "),
        idea,
        count,
    })
}

impl App {
    /// `V` on the map: the voting screen, opening the round when there is none.
    pub(super) fn open_voting(&mut self) {
        if self.session().decisions.voting.is_none() {
            let count = ideas::ideas(self.session()).len();
            if count == 0 {
                self.warn("No ideas to vote on yet: f notes an idea on the selected step");
                return;
            }
            if self.file.is_read_only() {
                self.warn("Read-only: voting changes the session");
                return;
            }
            let dots = default_dots(count);
            let opened = self.change(|session, _| {
                number_ideas(session);
                let decisions = &mut session.decisions;
                if decisions.participants.is_empty() {
                    let authors = session.current.all_annotations();
                    decisions.participants = participants::from_authors(
                        authors.filter_map(|(_, a)| a.author.as_deref()),
                    );
                }
                session.decisions.voting = Some(Voting::new(dots));
                Ok(format!("open voting on {count} ideas, {dots} dots each"))
            });
            if !opened {
                return;
            }
        }
        self.viewer.mode = Mode::Voting {
            line: Input::default(),
        };
    }

    pub(super) fn update_voting(&mut self, action: Action) -> Option<Effect> {
        let Mode::Voting { line } = &mut self.viewer.mode else {
            return None;
        };
        match action {
            Action::Type(key) => {
                if let Some(request) = input_request(key) {
                    line.handle(request);
                }
            }
            Action::Submit => {
                let text = line.value().to_string();
                if text.trim().is_empty() {
                    self.warn("type who votes and the idea's number, e.g. t 3");
                } else if self.file.is_read_only() {
                    self.warn("Read-only: votes change the session");
                } else if self.enter_vote_line(&text)
                    && let Mode::Voting { line } = &mut self.viewer.mode
                {
                    *line = Input::default();
                }
            }
            Action::Reveal => {
                self.change(|session, _| {
                    let voting = session.decisions.voting.as_mut().ok_or("no voting round")?;
                    voting.revealed = !voting.revealed;
                    Ok(if voting.revealed {
                        "reveal the votes"
                    } else {
                        "hide the votes"
                    }
                    .into())
                });
            }
            Action::Undo => {
                self.undo();
                // Undoing the opening of the round leaves nothing to vote in.
                if self.session().decisions.voting.is_none() {
                    self.viewer.mode = Mode::Normal;
                }
            }
            Action::Redo => self.redo(),
            Action::Help => self.open_help(),
            Action::Back => self.viewer.mode = Mode::Normal,
            _ => {}
        }
        None
    }

    /// A vote or a new participant, through `change` (so undo takes it back). Whether it was
    /// taken; when not, the status line says why.
    fn enter_vote_line(&mut self, text: &str) -> bool {
        let parsed = match parse_line(text) {
            Ok(parsed) => parsed,
            Err(message) => {
                self.warn(message);
                return false;
            }
        };
        self.change(|session, _| match parsed {
            VoteLine::Join(person) => {
                let people = &mut session.decisions.participants;
                if people
                    .iter()
                    .any(|p| p.name.eq_ignore_ascii_case(&person.name))
                {
                    return Err(format!("{} is already in the room", person.name));
                }
                let label = format!("add {} to the room", person.name);
                people.push(person);
                Ok(label)
            }
            VoteLine::Vote { who, idea, count } => {
                let ids: Vec<u64> = ideas::ideas(session).iter().map(|i| i.id).collect();
                let decisions = &mut session.decisions;
                let name = participants::find(&decisions.participants, &who)?
                    .name
                    .clone();
                let voting = decisions
                    .voting
                    .as_mut()
                    .ok_or("no voting round: V opens one")?;
                let vote = Vote {
                    participant: name.clone(),
                    idea,
                    count,
                };
                voting.cast(vote, &ids)?;
                let dots = if count == 1 { "a dot" } else { "dots" };
                Ok(format!(
                    "{name} puts {dots} on idea {idea} ({} left)",
                    voting.dots_left(&name)
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_who_then_the_idea_then_the_dots() {
        let vote = |who: &str, idea, count| VoteLine::Vote {
            who: who.into(),
            idea,
            count,
        };
        assert_eq!(parse_line("t 3"), Ok(vote("t", 3, 1)));
        assert_eq!(parse_line(" Mara Jones 3 2 "), Ok(vote("Mara Jones", 3, 2)));
        assert_eq!(
            parse_line("+Amita Test lead"),
            Ok(VoteLine::Join(Participant::new("Amita", "Test lead")))
        );
        for bad in ["3", "tim", "+", "3 2"] {
            assert!(parse_line(bad).is_err(), "{bad}");
        }
    }
}
