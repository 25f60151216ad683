//! Which log states belong to which step: the log's usual order of states, and a first proposal
//! by names and order that the facilitator then fixes.

use super::log::EventLog;
use super::words::{self, Meaning};
use crate::model::Map;
use crate::model::measured::StateCount;

/// The log's states in their usual order (by the average place where items first enter them;
/// ties by first appearance), with the items and events that entered each.
pub fn usual_order(log: &EventLog) -> Vec<StateCount> {
    let n = log.states.len();
    let mut items = vec![0usize; n];
    let mut events = vec![0usize; n];
    let mut place_sum = vec![0f64; n];
    let mut seen = vec![false; n];
    for range in &log.item_events {
        seen.fill(false);
        let mut place = 0;
        for event in &log.events[range.clone()] {
            let state = usize::from(event.state);
            events[state] += 1;
            if !seen[state] {
                seen[state] = true;
                items[state] += 1;
                place_sum[state] += f64::from(place);
                place += 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    let average = |s: usize| place_sum[s] / items[s].max(1) as f64;
    order.sort_by(|a, b| average(*a).total_cmp(&average(*b)).then(a.cmp(b)));
    order
        .into_iter()
        .map(|s| StateCount {
            name: log.states[s].clone(),
            items: items[s],
            events: events[s],
        })
        .collect()
}

/// A proposed mapping: the states of each step (by the step's place in the map), and the
/// meaning of each state by its name (see `words`).
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub steps: Vec<Vec<String>>,
    pub done: Vec<String>,
    pub active: Vec<String>,
    pub dropped: Vec<String>,
}

pub fn is_waiting_name(state: &str) -> bool {
    words::meaning(state) == Meaning::Waiting
}

/// A word without the endings that make "Coding" and "Code", "Released" and "Release" differ.
fn stem(word: &str) -> String {
    let word = word.to_lowercase();
    for ending in ["ing", "ed", "es", "e", "s"] {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.len() >= 3
        {
            return stem.to_string();
        }
    }
    word
}

fn stems(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(stem)
        .collect()
}

/// Proposes a mapping: each state means what its name says (done, dropped, waiting, else
/// active; never done when reopened), and `steps_for` places the others on steps.
pub fn propose(states: &[StateCount], map: &Map) -> Proposal {
    let of = |meaning: Meaning| -> Vec<String> {
        states
            .iter()
            .filter(|s| words::meaning(&s.name) == meaning)
            .map(|s| s.name.clone())
            .collect()
    };
    let (done, dropped, active) = (of(Meaning::Done), of(Meaning::Dropped), of(Meaning::Active));
    let ending: Vec<String> = done.iter().chain(&dropped).cloned().collect();
    Proposal {
        steps: steps_for(states, map, &ending),
        done,
        active,
        dropped,
    }
}

/// The states of each step of `map`, leaving out `ending` states (done, dropped): a state goes
/// to the step of the same name (case-insensitive), else to a step sharing a word with it
/// ("Coding" and "Code"), else, in order, to the next step after the previous state's step
/// that has no state yet. States without a step stay unmapped.
pub fn steps_for(states: &[StateCount], map: &Map, ending: &[String]) -> Vec<Vec<String>> {
    let names: Vec<&str> = map.steps().map(|s| s.name.as_str()).collect();
    let mut steps = vec![Vec::new(); names.len()];
    let working: Vec<&StateCount> = states
        .iter()
        .filter(|s| !ending.contains(&s.name))
        .collect();
    let by_name = |state: &str| {
        names
            .iter()
            .position(|n| n.trim().eq_ignore_ascii_case(state.trim()))
            .or_else(|| names.iter().position(|n| shares_a_word(state, n)))
    };
    let matched: Vec<Option<usize>> = working.iter().map(|s| by_name(&s.name)).collect();
    let mut cursor: Option<usize> = None;
    for (i, state) in working.iter().enumerate() {
        let step = matched[i].or_else(|| {
            let from = cursor.map_or(0, |c| c + 1);
            (from..names.len())
                .find(|s| steps[*s].is_empty() && !matched[i + 1..].contains(&Some(*s)))
        });
        if let Some(step) = step {
            steps[step].push(state.name.clone());
            cursor = Some(step);
        }
    }
    steps
}

/// Whether a state and a step are named alike: the same name, or a word in common ("Coding"
/// and "Code the feature"). A state placed on a step not named like it was placed by order.
pub fn named_alike(state: &str, step: &str) -> bool {
    step.trim().eq_ignore_ascii_case(state.trim()) || shares_a_word(state, step)
}

fn shares_a_word(state: &str, step: &str) -> bool {
    let words = stems(state);
    stems(step).iter().any(|w| words.contains(w))
}

/// States that neither end an item (`ending`: done, dropped) nor are listed by a step of `map`.
pub fn unmapped<'a>(states: &'a [StateCount], map: &Map, ending: &[String]) -> Vec<&'a str> {
    states
        .iter()
        .map(|s| s.name.as_str())
        .filter(|s| !ending.iter().any(|d| d == s))
        .filter(|s| !map.steps().any(|step| step.states.iter().any(|m| m == s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::log::{ReadOptions, read};
    use crate::model::Step;

    fn map(names: &[&str]) -> Map {
        let mut map = Map::default();
        for (i, name) in names.iter().enumerate() {
            map.insert_stage(i, Step::new(i as u64 + 1, *name));
        }
        map
    }

    fn states(names: &[&str]) -> Vec<StateCount> {
        names
            .iter()
            .map(|n| StateCount {
                name: n.to_string(),
                items: 1,
                events: 1,
            })
            .collect()
    }

    #[test]
    fn usual_order_follows_where_items_enter_states() {
        let text = "item,state,at\nA,Review,2024-03-02\nA,Doing,2024-03-01\nA,Done,2024-03-03\n\
                    B,Doing,2024-03-01\nB,Review,2024-03-02\nB,Review,2024-03-03\n";
        let log = read(text.as_bytes(), &ReadOptions::default()).unwrap();
        let order = usual_order(&log);
        let names: Vec<&str> = order.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Doing", "Review", "Done"]);
        assert_eq!((order[1].items, order[1].events), (2, 3));
    }

    #[test]
    fn proposes_by_name_then_by_order_and_done_by_what_names_say() {
        let serde = states(&["Coding", "Review", "Awaiting release", "Released"]);
        let proposal = propose(&serde, &map(&["Code", "Review", "Release"]));
        assert_eq!(
            proposal.steps,
            [vec!["Coding"], vec!["Review"], vec!["Awaiting release"]]
        );
        assert_eq!(proposal.done, ["Released"]);
        assert_eq!(proposal.active, ["Coding", "Review"]);

        let jira = states(&["To Do", "In Progress", "QA", "Done"]);
        let proposal = propose(&jira, &map(&["Analyse", "Build", "Test"]));
        assert_eq!(
            proposal.steps,
            [vec!["To Do"], vec!["In Progress"], vec!["QA"]]
        );
        assert_eq!(proposal.active, ["In Progress", "QA"]);

        let more = states(&["Doing", "Review", "Blocked", "Deploy", "Done"]);
        let mut m = map(&["Build", "Review"]);
        let proposal = propose(&more, &m);
        assert_eq!(proposal.steps, [vec!["Doing"], vec!["Review"]]);
        for (step, states) in m.stages.iter_mut().zip(&proposal.steps) {
            step.steps[0].states = states.clone();
        }
        assert_eq!(unmapped(&more, &m, &proposal.done), ["Blocked", "Deploy"]);

        // Jira with a reopen loop, a partly Spanish Linear workflow, and dropped work.
        let mixed = states(&[
            "Backlog",
            "In Progress",
            "Done",
            "Reopened",
            "Hecho",
            "Removed",
            "Canceled",
            "Won't Do",
        ]);
        let proposal = propose(&mixed, &map(&["Build"]));
        assert_eq!(proposal.done, ["Done", "Hecho"]);
        assert_eq!(proposal.dropped, ["Removed", "Canceled", "Won't Do"]);
        assert_eq!(proposal.active, ["In Progress", "Reopened"]);
        assert_eq!(proposal.steps, [vec!["Backlog"]]);
        let nothing = propose(&states(&["Doing", "Review"]), &map(&["Build"]));
        assert!(nothing.done.is_empty());
    }
}
