//! Measured flow (DESIGN.md, "Measured flow"): reading an event log, mapping its states to the
//! map's steps, and the flow figures. Pure: text in, figures out; no files, no clock.

pub mod columns;
pub mod flow;
pub mod jira_json;
pub mod log;
pub mod mapping;
pub mod period;
pub mod records;
pub mod said;
pub mod time;
pub mod words;

pub use flow::{FlowOptions, Mapping, summarise};
pub use log::{EventLog, LogError, ReadOptions, read};
pub use said::Said;

use crate::model::{Map, Measured, Session};

/// Measures `log` against a session with nothing said about its states.
pub fn apply(session: &mut Session, log: &EventLog, source: String, options: FlowOptions) {
    // Nothing said: nothing to refuse.
    let _ = apply_saying(session, log, source, options, &Said::default());
}

/// Measures `log` against a session: the states mean what their names say (kept from before
/// when the log comes from the same source), then what the team `said`; a map whose steps name
/// none of the log's states gets the proposed mapping (kept mappings are not touched); the
/// figures go into `session.measured`, and when the future state was drafted on a day, its
/// steps are measured on the items started since that day. A said state the log does not
/// have is refused before anything changes.
pub fn apply_saying(
    session: &mut Session,
    log: &EventLog,
    source: String,
    options: FlowOptions,
    said: &Said,
) -> Result<(), String> {
    let states = mapping::usual_order(log);
    let mut measured = match &session.measured {
        Some(old) if old.source == source && !(old.done.is_empty() && old.dropped.is_empty()) => {
            Measured {
                done: old.done.clone(),
                active: old.active.clone(),
                dropped: old.dropped.clone(),
                done_at: old.done_at,
                ..Measured::default()
            }
        }
        _ => {
            let proposal = mapping::propose(&states, &session.current);
            Measured {
                done: proposal.done,
                active: proposal.active,
                dropped: proposal.dropped,
                ..Measured::default()
            }
        }
    };
    measured.source = source;
    measured.states = states;
    measured.reading = Some(log.reading.clone());
    said.apply(&mut measured)?;
    let ending = measured.ending_states();
    let states = &measured.states;
    // A map keeps its mapping when it names states of this log; else it gets the proposal.
    let has_mapping = |map: &Map| {
        map.steps()
            .flat_map(|s| s.states.iter())
            .any(|s| states.iter().any(|seen| seen.name == *s))
    };
    if !has_mapping(&session.current) {
        measured.placed_by_order = fill(&mut session.current, states, &ending);
    }
    if let Some(future) = &mut session.future
        && !has_mapping(future)
    {
        fill(future, states, &ending);
    }
    session.measured = Some(measured.into());
    remeasure(session, log, options);
    Ok(())
}

/// Computes the figures again from `log` with the session's mapping as it is now (after the
/// facilitator changed it, or for another period).
pub fn remeasure(session: &mut Session, log: &EventLog, options: FlowOptions) {
    let Some(measured) = &session.measured else {
        return;
    };
    let (done, active, dropped) = (
        measured.done.clone(),
        measured.active.clone(),
        measured.dropped.clone(),
    );
    let options = FlowOptions {
        done_at: measured.done_at,
        ..options
    };
    let summary = summarise(
        log,
        &Mapping::of(&session.current, &done, &active).dropping(&dropped),
        &options,
    );
    let since_future = match (&session.future, session.future_drafted_on) {
        (Some(future), Some(day)) => {
            let options = FlowOptions {
                since: Some(day),
                ..options
            };
            Some(summarise(
                log,
                &Mapping::of(future, &done, &active).dropping(&dropped),
                &options,
            ))
        }
        _ => None,
    };
    if let Some(measured) = &mut session.measured {
        measured.reading = Some(log.reading.clone());
        measured.summary = summary;
        measured.since_future = since_future;
        measured.stale = false;
    }
}

/// Gives each step of `map` the states the proposal gives it, leaving out `ending` states.
/// Returns the states placed by order on a step not named like them ("Coding on 'Request'"),
/// so the summary says the mapping was a guess to check.
pub fn fill(
    map: &mut Map,
    states: &[crate::model::measured::StateCount],
    ending: &[String],
) -> Vec<String> {
    let steps = mapping::steps_for(states, map, ending);
    let mut by_order = Vec::new();
    for (step, states) in map
        .stages
        .iter_mut()
        .flat_map(|s| s.steps.iter_mut())
        .zip(steps)
    {
        for state in states
            .iter()
            .filter(|s| !mapping::named_alike(s, &step.name))
        {
            by_order.push(format!("{state} on '{}'", step.name));
        }
        step.states = states;
    }
    by_order
}
