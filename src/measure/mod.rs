//! Measured flow (DESIGN.md, "Measured flow"): reading an event log, mapping its states to the
//! map's steps, and the flow figures. Pure: text in, figures out; no files, no clock.

pub mod flow;
pub mod log;
pub mod mapping;
pub mod period;
pub mod time;

pub use flow::{FlowOptions, Mapping, summarise};
pub use log::{EventLog, LogError, ReadOptions, read};

use crate::model::{Map, Measured, Session};

/// Measures `log` against a session: a map whose steps name none of the log's states gets the
/// proposed mapping (kept mappings are not touched; done and active states are kept when the
/// log comes from the same source), the figures go into `session.measured`, and when the future state
/// was drafted on a day, its steps are measured on the items started since that day.
pub fn apply(session: &mut Session, log: &EventLog, source: String, options: FlowOptions) {
    let states = mapping::usual_order(log);
    let (done, active) = match &session.measured {
        Some(old) if old.source == source && !old.done.is_empty() => {
            (old.done.clone(), old.active.clone())
        }
        _ => {
            let proposal = mapping::propose(&states, &session.current);
            (proposal.done, proposal.active)
        }
    };
    // A map keeps its mapping when it names states of this log; else it gets the proposal.
    let has_mapping = |map: &Map| {
        map.steps()
            .flat_map(|s| s.states.iter())
            .any(|s| states.iter().any(|seen| seen.name == *s))
    };
    if !has_mapping(&session.current) {
        fill(&mut session.current, &states);
    }
    if let Some(future) = &mut session.future
        && !has_mapping(future)
    {
        fill(future, &states);
    }
    session.measured = Some(
        Measured {
            source,
            states,
            done,
            active,
            summary: Default::default(),
            since_future: None,
            stale: false,
        }
        .into(),
    );
    remeasure(session, log, options);
}

/// Computes the figures again from `log` with the session's mapping as it is now (after the
/// facilitator changed it, or for another period).
pub fn remeasure(session: &mut Session, log: &EventLog, options: FlowOptions) {
    let Some(measured) = &session.measured else {
        return;
    };
    let (done, active) = (measured.done.clone(), measured.active.clone());
    let summary = summarise(
        log,
        &Mapping::of(&session.current, &done, &active),
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
                &Mapping::of(future, &done, &active),
                &options,
            ))
        }
        _ => None,
    };
    if let Some(measured) = &mut session.measured {
        measured.summary = summary;
        measured.since_future = since_future;
        measured.stale = false;
    }
}

/// Gives each step of `map` the states the proposal gives it.
pub fn fill(map: &mut Map, states: &[crate::model::measured::StateCount]) {
    let proposal = mapping::propose(states, map);
    for (step, states) in map
        .stages
        .iter_mut()
        .flat_map(|s| s.steps.iter_mut())
        .zip(proposal.steps)
    {
        step.states = states;
    }
}
