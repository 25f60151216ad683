//! What the team says the log's states mean (`--done`, `--active`, `--waiting`, `--dropped`,
//! `--done-at`): it wins over the proposal by names. Names are matched to the log's states
//! without case; a name the log does not have is an error that lists the states it has.

use crate::model::Measured;
use crate::model::measured::DoneAt;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Said {
    pub done: Vec<String>,
    pub active: Vec<String>,
    pub waiting: Vec<String>,
    pub dropped: Vec<String>,
    pub done_at: Option<DoneAt>,
}

impl Said {
    /// Gives `measured`'s states the meanings said; the states it has must be set already.
    pub fn apply(&self, measured: &mut Measured) -> Result<(), String> {
        let known: Vec<&str> = measured.states.iter().map(|s| s.name.as_str()).collect();
        let resolve = |names: &[String], flag: &str| -> Result<Vec<String>, String> {
            names
                .iter()
                .map(|name| name.trim())
                .filter(|name| !name.is_empty())
                .map(|name| {
                    known
                        .iter()
                        .find(|k| **k == name)
                        .or_else(|| {
                            known
                                .iter()
                                .find(|k| k.to_lowercase() == name.to_lowercase())
                        })
                        .map(|k| k.to_string())
                        .ok_or_else(|| {
                            format!(
                                "{flag} {name}: the log has no such state (its states: {})",
                                known.join(", ")
                            )
                        })
                })
                .collect()
        };
        let done = resolve(&self.done, "--done")?;
        let active = resolve(&self.active, "--active")?;
        let waiting = resolve(&self.waiting, "--waiting")?;
        let dropped = resolve(&self.dropped, "--dropped")?;
        if !done.is_empty() {
            measured.done = done.clone();
        }
        if !dropped.is_empty() {
            measured.dropped = dropped.clone();
        }
        if !active.is_empty() {
            measured.active = active.clone();
        }
        let take_out =
            |list: &mut Vec<String>, names: &[String]| list.retain(|s| !names.contains(s));
        take_out(&mut measured.active, &done);
        take_out(&mut measured.dropped, &done);
        take_out(&mut measured.active, &dropped);
        take_out(&mut measured.done, &dropped);
        take_out(&mut measured.done, &active);
        take_out(&mut measured.dropped, &active);
        for list in [
            &mut measured.done,
            &mut measured.active,
            &mut measured.dropped,
        ] {
            take_out(list, &waiting);
        }
        if let Some(done_at) = self.done_at {
            measured.done_at = done_at;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::measured::StateCount;

    #[test]
    fn what_the_team_says_wins_and_unknown_names_are_refused() {
        let mut measured = Measured {
            states: ["Doing", "Review", "Done", "Gone"]
                .iter()
                .map(|n| StateCount {
                    name: n.to_string(),
                    items: 1,
                    events: 1,
                })
                .collect(),
            done: vec!["Done".into()],
            active: vec!["Doing".into(), "Review".into()],
            ..Measured::default()
        };
        let said = Said {
            done: vec!["review".into()],
            waiting: vec!["Doing".into()],
            dropped: vec!["GONE".into()],
            done_at: Some(DoneAt::Last),
            ..Said::default()
        };
        said.apply(&mut measured).unwrap();
        assert_eq!(measured.done, ["Review"]);
        assert!(measured.active.is_empty());
        assert_eq!(measured.dropped, ["Gone"]);
        assert_eq!(measured.done_at, DoneAt::Last);
        let wrong = Said {
            done: vec!["Shipped".into()],
            ..Said::default()
        };
        let error = wrong.apply(&mut measured).unwrap_err();
        assert_eq!(
            error,
            "--done Shipped: the log has no such state (its states: Doing, Review, Done, Gone)"
        );
    }
}
